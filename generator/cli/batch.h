/* gongkai batch: every department of a county in one run (batch.c). */
#ifndef GK_CLI_BATCH_H
#define GK_CLI_BATCH_H

#include <stdio.h>

int gk_cli_batch(int argc, char **argv);
extern const char *const gk_cli_batch_usage;

/* What is wrong with a --format list (empty, an empty item, an unknown or a
 * repeated format), as a message in static storage; NULL when it is fine. */
const char *gk_cli_formats_problem(const char *list);
/* A profile (--profile DIR, issue 13) is a county's or city's folder of
 * templates, rules and fonts: it is the template folder, and DIR/profile.fontset,
 * when DIR has an entry of that name, is the fontset unless --fontset names
 * one (the fontset reader refuses what is not a regular file). Writes that
 * path to buf and returns buf, or returns NULL when DIR has none or the path
 * does not fit. */
const char *gk_cli_profile_fontset(const char *dir, char *buf, size_t size);

/* Lists the formats of the registry (gk_format_at) for --help. */
void gk_cli_print_formats(FILE *f);

/* Removes from `dir` what killed runs of the atomic writer left for the
 * documents of `stem` (STEM.FORMAT.tmp-XXXXXX files, and the STEM.FORMAT.XXXXXX
 * folders of earlier versions, whose writer is gone: their lock is free).
 * Only names of those patterns; links are not followed. */
void gk_cli_clean_leftovers(const char *dir, const char *stem);

#endif
