/* gongkai batch: small helpers shared by the parts of the command
 * (batch_util.c). An allocation that fails ends the program (EXIT_IO). */
#ifndef GK_CLI_BATCH_UTIL_H
#define GK_CLI_BATCH_UTIL_H

#include "batch_types.h"
#include "value.h"

#include <nettle/sha2.h>
#include <stdint.h>

/* strdup; the caller frees the copy. */
char *gk_batch_strdup(const char *s);
/* A freshly allocated, formatted string; the caller frees it. */
__attribute__((format(printf, 1, 2))) char *gk_batch_printf(const char *fmt, ...);
/* FILE:LINE:COL: error: MESSAGE on standard error. */
__attribute__((format(printf, 4, 5))) void gk_batch_error(const char *file, unsigned line, unsigned col,
                                                          const char *fmt, ...);
/* "a/b", allocated; the caller frees it. */
char *gk_batch_join(const char *a, const char *b);
bool gk_batch_ends_with(const char *s, const char *suffix);
/* n bytes as 2n lower-case hex digits and a NUL into out. */
void gk_batch_hex(const uint8_t *d, size_t n, char *out);
/* A whole file (a regular file of at most `bound` bytes), NUL terminated,
 * or NULL with *why (when why is not NULL) set; the caller frees it. */
char *gk_batch_read(const char *path, size_t bound, size_t *len, const char **why);
/* A file of our own (a stamp), never through a link; NULL otherwise. */
char *gk_batch_read_own(const char *path, size_t *len);
/* Adds a file's bytes, or why it cannot be read, to a hash. */
void gk_batch_hash_file(struct sha256_ctx *c, const char *path, size_t bound);
/* SHA-256 of data as 64 hex digits and a NUL into out (65 bytes). */
void gk_batch_sha256_hex(const char *data, size_t len, char *out);
/* The folder of a path ("." when none), allocated; the caller frees it. */
char *gk_batch_dir_of(const char *path);
/* An object's member when it is text, else NULL; owned by the tree. */
const char *gk_batch_member_text(const gk_value *obj, const char *key);

#endif
