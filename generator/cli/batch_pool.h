/* gongkai batch: the worker pool and the progress (batch_pool.c). */
#ifndef GK_CLI_BATCH_POOL_H
#define GK_CLI_BATCH_POOL_H

#include "batch_types.h"

typedef struct progress {
    size_t total, done, counts[ST_COUNT];
    double start;
    bool tty;
} progress;

/* Seconds since the epoch, to the microsecond. */
double gk_batch_now(void);
/* Runs every job on at most o->workers forked workers, counting the
 * outcomes in p; a worker that dies costs only its department, recorded as
 * crashed. */
void gk_batch_run_all(const options *o, const jobs *js, const char *setup, progress *p);

#endif
