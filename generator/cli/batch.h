/* gongkai batch: every department of a county in one run (batch.c). */
#ifndef GK_CLI_BATCH_H
#define GK_CLI_BATCH_H

int gk_cli_batch(int argc, char **argv);
extern const char *const gk_cli_batch_usage;

#endif
