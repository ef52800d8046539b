/* A growable byte string (after sds): always NUL-terminated, may hold NULs.
 * A zero-initialised gk_buf is an empty string. */
#ifndef GK_BUF_H
#define GK_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct gk_buf {
    char *data; /* owned; NULL until the first append */
    size_t len, cap;
    bool oom;   /* set when an allocation failed; appends then do nothing */
} gk_buf;

void gk_buf_append(gk_buf *b, const void *p, size_t n);
void gk_buf_puts(gk_buf *b, const char *s);
void gk_buf_putc(gk_buf *b, char c);
/* v in decimal, as printf's "%lld" writes it, without printf's cost. */
void gk_buf_put_int(gk_buf *b, long long v);
/* v in decimal into out (no NUL); returns the length, at most 20. */
size_t gk_fmt_int(char out[20], long long v);
void gk_buf_printf(gk_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void gk_buf_vprintf(gk_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* The contents as a C string ("" when empty); owned by the buffer. */
const char *gk_buf_str(const gk_buf *b);
void gk_buf_truncate(gk_buf *b, size_t len);
/* Hands the contents to the caller (free() it) and empties the buffer. */
char *gk_buf_detach(gk_buf *b);
void gk_buf_free(gk_buf *b);

#endif
