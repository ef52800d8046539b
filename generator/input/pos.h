/* Turning byte offsets into line and column, moving forward only. */
#ifndef GK_POS_H
#define GK_POS_H

#include <stddef.h>

typedef struct gk_cursor {
    const unsigned char *text;
    size_t off;
    unsigned line, col; /* 1-based; col counts code points */
} gk_cursor;

static inline void gk_cursor_init(gk_cursor *c, const char *text)
{
    c->text = (const unsigned char *)text;
    c->off = 0;
    c->line = 1;
    c->col = 1;
}

/* Moves to `off`, which must not be before the current offset. */
static inline void gk_cursor_seek(gk_cursor *c, size_t off)
{
    for (; c->off < off; c->off++) {
        unsigned char b = c->text[c->off];
        if (b == '\n') { c->line++; c->col = 1; }
        else if ((b & 0xC0) != 0x80) c->col++;
    }
}

#endif
