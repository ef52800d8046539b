/* gongkai batch: the setup's fingerprint, the departments' stamps
 * (OUT/.gongkai/NAME.json) and the index made from them (batch_stamp.c). */
#ifndef GK_CLI_BATCH_STAMP_H
#define GK_CLI_BATCH_STAMP_H

#include "batch_types.h"

#include <yajl_gen.h>

/* SHA-256, as 64 hex digits and a NUL into out (65 bytes), of what besides
 * the input decides the outputs: program, formats, templates, rules,
 * profile wording, fontset. */
void gk_batch_setup_fingerprint(const options *o, char *out);
/* A text (null for NULL) or a key into a generator. */
void gk_batch_gen_str(yajl_gen g, const char *s);
void gk_batch_gen_key(yajl_gen g, const char *k);
/* Writes g's text and a line break to path (gk_batch_write_file). */
bool gk_batch_write_gen(yajl_gen g, const char *path);
/* The pages of a PDF's text. */
long gk_batch_pdf_pages(const char *text, size_t len);
/* "ok", "invalid", … for an ST_* status; static storage. */
const char *gk_batch_status_word(int status);
/* Is the stamp current: same input and setup, status ok, outputs there? */
bool gk_batch_stamp_current(const char *stamp, const char *input_sha, const char *setup);
/* Opens a stamp's object in g and writes who, from what, which setup. */
void gk_batch_stamp_head(yajl_gen g, const job *j, const char *input_sha, const char *setup);
/* The stamp of a department whose job crashed (its outputs removed). */
void gk_batch_record_crash(const options *o, const job *j, const char *setup, const char *why, const char *sig);
/* OUT/NAME.json and NAME.csv from the jobs' stamps. */
void gk_batch_write_index(const options *o, const jobs *js, const char *name);

#endif
