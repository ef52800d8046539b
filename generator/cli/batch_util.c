/* gongkai batch: the small helpers every part of the command shares (an
 * allocation that fails ends the program: the batch cannot go on without
 * memory, and its outputs being atomic, nothing half-written is left). */
#define _GNU_SOURCE
#include "batch_util.h"

#include "file.h"
#include "gongkai.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *gk_batch_strdup(const char *s)
{
    char *p = strdup(s);
    if (!p) {
        perror("gongkai");
        exit(EXIT_IO);
    }
    return p;
}

/* A freshly allocated, formatted string: paths are built whole, never cut
 * short by a fixed buffer. */
__attribute__((format(printf, 1, 2))) char *gk_batch_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!p) {
        perror("gongkai");
        exit(EXIT_IO);
    }
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

/* FILE:LINE:COL: error: MESSAGE, as every diagnostic of gongkai reads. */
__attribute__((format(printf, 4, 5))) void gk_batch_error(const char *file, unsigned line, unsigned col,
                                                            const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s:%u:%u: error: ", file, line, col);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

char *gk_batch_join(const char *a, const char *b)
{
    return gk_batch_printf("%s/%s", a, b);
}

bool gk_batch_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

void gk_batch_hex(const uint8_t *d, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* A whole file read as the loader reads inputs (gk_file_read: a regular file
 * only, at most `bound` bytes, never blocking on a FIFO or a device), NUL
 * terminated; NULL, with *why set, otherwise. The caller frees it. */
char *gk_batch_read(const char *path, size_t bound, size_t *len, const char **why)
{
    gk_buf b = {0};
    const char *dummy;
    if (gk_file_read(path, bound, &b, why ? why : &dummy) != GK_FILE_OK) {
        gk_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return gk_buf_detach(&b);
}

/* A file of our own (a stamp): a regular file, never what a link planted
 * in its place points at. */
char *gk_batch_read_own(const char *path, size_t *len)
{
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) return NULL;
    return gk_batch_read(path, GK_MAX_FILE, len, NULL);
}

/* Adds a file's bytes to a hash; a file that cannot be read adds why, so
 * that a template turning into a FIFO or disappearing changes the hash too. */
void gk_batch_hash_file(struct sha256_ctx *c, const char *path, size_t bound)
{
    size_t len = 0;
    const char *why = "";
    char *text = gk_batch_read(path, bound, &len, &why);
    if (text) sha256_update(c, len, (const uint8_t *)text);
    else sha256_update(c, strlen(why) + 1, (const uint8_t *)why);
    free(text);
}

void gk_batch_sha256_hex(const char *data, size_t len, char *out)
{
    struct sha256_ctx c;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&c);
    sha256_update(&c, len, (const uint8_t *)data);
    sha256_digest(&c, sizeof d, d);
    gk_batch_hex(d, sizeof d, out);
}


char *gk_batch_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return gk_batch_strdup(".");
    if (slash == path) return gk_batch_strdup("/");
    char *d = gk_batch_strdup(path);
    d[slash - path] = '\0';
    return d;
}

const char *gk_batch_member_text(const gk_value *obj, const char *key)
{
    gk_member *m = gk_value_get(obj, key);
    return m && m->value->type == GK_V_STRING ? m->value->as.str.s : NULL;
}
