/* gongkai batch: the output folder's files (batch_files.c). */
#ifndef GK_CLI_BATCH_FILES_H
#define GK_CLI_BATCH_FILES_H

#include "batch_types.h"

#include <stdio.h>

/* Writes len bytes of buf to path atomically (PATH.tmp-XXXXXX beside it,
 * locked while written, renamed into place); false, errno set, otherwise. */
bool gk_batch_write_file(const char *path, const void *buf, size_t len);
/* The same written as a stream, for a file too big to hold (the index of a
 * province): open makes the locked temporary (NULL, errno set, when it
 * cannot), f takes the text, close renames it into place when ok and
 * nothing failed, removes it otherwise; true when it is in place. */
typedef struct gk_batch_out {
    FILE *f;
    char *tmp, *path;
} gk_batch_out;
gk_batch_out *gk_batch_out_open(const char *path);
bool gk_batch_out_close(gk_batch_out *o, bool ok);
/* Removes from OUT and OUT/.gongkai what killed runs left of these jobs
 * (and of the index named `index`); js sorted by name. */
void gk_batch_clean(const options *o, const jobs *js, const char *index);
/* Removes a department's documents of an earlier run (OUT/NAME.FORMAT). */
void gk_batch_remove_outputs(const options *o, const job *j);

#endif
