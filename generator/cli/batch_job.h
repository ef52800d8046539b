/* gongkai batch: one department, run in a worker (batch_job.c). */
#ifndef GK_CLI_BATCH_JOB_H
#define GK_CLI_BATCH_JOB_H

#include "batch_types.h"

/* Renders one department into OUT in every format and writes its stamp
 * (unless the stamp is current: ST_UNCHANGED); its first errors go to
 * standard error. Returns an ST_* status. */
int gk_batch_run_job(const options *o, const job *j, const char *setup, const char *stamp);

#endif
