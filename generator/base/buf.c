#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(gk_buf *b, size_t extra)
{
    if (b->oom) return false;
    if (b->len + extra + 1 <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) { b->oom = true; return false; }
    b->data = p;
    b->cap = cap;
    return true;
}

void gk_buf_append(gk_buf *b, const void *p, size_t n)
{
    if (!reserve(b, n)) return;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void gk_buf_puts(gk_buf *b, const char *s) { gk_buf_append(b, s, strlen(s)); }
void gk_buf_putc(gk_buf *b, char c) { gk_buf_append(b, &c, 1); }

size_t gk_fmt_int(char out[20], long long v)
{
    char tmp[20];
    size_t n = 0;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    size_t len = 0;
    if (v < 0) out[len++] = '-';
    while (n) out[len++] = tmp[--n];
    return len;
}

void gk_buf_put_int(gk_buf *b, long long v)
{
    char d[20];
    gk_buf_append(b, d, gk_fmt_int(d, v));
}

void gk_buf_vprintf(gk_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || !reserve(b, (size_t)n)) return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void gk_buf_printf(gk_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gk_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *gk_buf_str(const gk_buf *b) { return b->data ? b->data : ""; }

void gk_buf_truncate(gk_buf *b, size_t len)
{
    if (len < b->len) {
        b->len = len;
        b->data[len] = '\0';
    }
}

char *gk_buf_detach(gk_buf *b)
{
    char *p = b->data;
    if (!p) p = calloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void gk_buf_free(gk_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = false;
}
