/* The XML writer, into memory, byte for byte as libxml2's text writer
 * (xmlTextWriter, no indentation) wrote the parts before issue 16: its
 * escaping and buffers through xmlOutputBufferWrite were a tenth of a
 * DOCX's time. What libxml2 wrote, and so what this writes:
 *  - the declaration <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
 *    and a line feed;
 *  - an element without content as <name/>; an element given text, even
 *    empty text, as <name>…</name>;
 *  - in text & < > " and CR as &amp; &lt; &gt; &quot; &#13;, in attribute
 *    values also LF and tab as &#10; &#9;; other bytes as they are (the
 *    text is UTF-8, as the readers made it);
 *  - at the end, every element still open closed, and a line feed. */
#include "xml.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gk_xml {
    gk_buf out;
    /* the open elements: their names (the callers' strings, which outlive
     * the element: every name is a literal) and lengths */
    struct open_elem {
        const char *name;
        size_t len;
    } *open_at;
    size_t depth, cap;
    bool open;     /* the last start tag is not closed yet (no '>') */
    bool failed;
};

void gk_xml_fail(gk_xml *x) { x->failed = true; }

/* Appends s[0..n) to the part. A part is written in many short pieces (a
 * tag, a name, a quote: a document.xml some 40 000 of them), and through
 * gk_buf_append each paid a call, its reserve and a call of memcpy: a
 * third of the DOCX's XML. While the buffer has room they are copied in
 * place here, without the NUL gk_buf keeps after its contents: the part
 * ends with gk_buf_putc (gk_xml_finish), which writes it; gk_buf_append
 * grows the buffer (doubling) when it is full, and reports no memory. */
static inline void put(gk_xml *x, const char *s, size_t n)
{
    gk_buf *b = &x->out;
    if (b->len + n < b->cap && !b->oom) {
        memcpy(b->data + b->len, s, n);
        b->len += n;
    } else {
        gk_buf_append(b, s, n);
    }
}

static inline void put_c(gk_xml *x, char c)
{
    gk_buf *b = &x->out;
    if (b->len + 1 < b->cap && !b->oom) b->data[b->len++] = c;
    else gk_buf_append(b, &c, 1);
}

/* a literal: its length is known where it is written */
#define PUT_LIT(x, s) put((x), (s), sizeof(s) - 1)

gk_xml *gk_xml_new(void)
{
    gk_xml *x = calloc(1, sizeof *x);
    if (!x) return NULL;
    gk_buf_puts(&x->out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    if (x->out.oom) {
        gk_buf_free(&x->out);
        free(x);
        return NULL;
    }
    return x;
}

/* Closes the open start tag, as content follows. */
static void close_tag(gk_xml *x)
{
    if (x->open) put_c(x, '>');
    x->open = false;
}

bool gk_xml_finish(gk_xml *x, gk_buf *out)
{
    while (x->depth) gk_xml_end(x);
    gk_buf_putc(&x->out, '\n'); /* through gk_buf: the NUL put leaves out */
    bool ok = !x->failed && !x->out.oom;
    if (ok && !out->data && !out->oom) {
        *out = x->out; /* the part is the whole buffer: no copy */
        memset(&x->out, 0, sizeof x->out);
    } else if (ok) {
        gk_buf_append(out, x->out.data, x->out.len);
    }
    gk_buf_free(&x->out);
    free(x->open_at);
    free(x);
    return ok && !out->oom;
}

/* "<name", the start tag left open for attributes */
static void start_tag(gk_xml *x, const char *name, size_t len)
{
    close_tag(x);
    put_c(x, '<');
    put(x, name, len);
    x->open = true;
}

void gk_xml_start(gk_xml *x, const char *name)
{
    if (x->depth == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 32;
        struct open_elem *at = realloc(x->open_at, cap * sizeof *at);
        if (!at) {
            x->failed = true;
            return;
        }
        x->open_at = at;
        x->cap = cap;
    }
    size_t len = strlen(name);
    x->open_at[x->depth++] = (struct open_elem){name, len};
    start_tag(x, name, len);
}

void gk_xml_end(gk_xml *x)
{
    if (!x->depth) {
        x->failed = true;
        return;
    }
    const struct open_elem *e = &x->open_at[--x->depth];
    if (x->open) {
        PUT_LIT(x, "/>");
        x->open = false;
    } else {
        PUT_LIT(x, "</");
        put(x, e->name, e->len);
        put_c(x, '>');
    }
}

/* The bytes escape() must look at: & < > ", the C0 controls and the lead
 * byte of U+FFFE/FFFF. A table, since nearly every byte of the documents'
 * text is part of a Chinese character and needs nothing: one look each. */
static const bool special[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['&'] = 1, ['<'] = 1, ['>'] = 1, [0xEF] = 1,
};

/* Appends s[0..len) escaped, the runs that need no escape in one piece;
 * `attr`: as an attribute value. Without the characters XML 1.0 cannot
 * hold (C0 controls but tab, line feed and, in text, CR; U+FFFE, U+FFFF)
 * when `clean`. */
static void escape(gk_xml *x, const char *s, size_t len, bool attr, bool clean)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!special[c]) continue;
        const char *rep = NULL;
        size_t rlen = 0, skip = 0;
        switch (c) {
        case '&': rep = "&amp;", rlen = 5; break;
        case '<': rep = "&lt;", rlen = 4; break;
        case '>': rep = "&gt;", rlen = 4; break;
        case '"': rep = "&quot;", rlen = 6; break;
        case '\r':
            if (clean) skip = 1;
            else rep = "&#13;", rlen = 5;
            break;
        case '\n':
            if (attr) rep = "&#10;", rlen = 5;
            break;
        case '\t':
            if (attr) rep = "&#9;", rlen = 4;
            break;
        case 0xEF:
            if (clean && i + 2 < len && (unsigned char)s[i + 1] == 0xBF &&
                ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF))
                skip = 3; /* U+FFFE, U+FFFF */
            break;
        default: skip = clean && c < 0x20; break;
        }
        if (!rep && !skip) continue;
        put(x, s + run, i - run);
        if (rep) put(x, rep, rlen);
        i += skip ? skip - 1 : 0;
        run = i + 1;
    }
    put(x, s + run, len - run);
}

/* ` name="value"` into the open start tag */
static void attr(gk_xml *x, const char *name, const char *value, size_t vlen)
{
    put_c(x, ' ');
    put(x, name, strlen(name));
    PUT_LIT(x, "=\"");
    escape(x, value, vlen, true, false);
    put_c(x, '"');
}

void gk_xml_attr(gk_xml *x, const char *name, const char *value)
{
    if (!x->open) {
        x->failed = true; /* an attribute outside a start tag: a caller's fault */
        return;
    }
    attr(x, name, value, strlen(value));
}

void gk_xml_attr_int(gk_xml *x, const char *name, long value)
{
    if (!x->open) {
        x->failed = true;
        return;
    }
    char buf[20];
    attr(x, name, buf, gk_fmt_int(buf, value)); /* digits and '-': nothing to escape */
}

/* The elements written whole in one call (gk_xml_val, gk_xml_elem) have no
 * content, so they are written as <name …/> without going on the stack of
 * open elements. */
void gk_xml_val(gk_xml *x, const char *name, long value)
{
    start_tag(x, name, strlen(name));
    gk_xml_attr_int(x, "w:val", value);
    PUT_LIT(x, "/>");
    x->open = false;
}

void gk_xml_elem(gk_xml *x, const char *name, ...)
{
    start_tag(x, name, strlen(name));
    va_list ap;
    va_start(ap, name);
    for (const char *k; (k = va_arg(ap, const char *)) != NULL;) {
        const char *v = va_arg(ap, const char *);
        attr(x, k, v, strlen(v));
    }
    va_end(ap);
    PUT_LIT(x, "/>");
    x->open = false;
}

void gk_xml_text(gk_xml *x, const char *s, size_t len)
{
    close_tag(x);
    escape(x, s, len, false, true);
}

void gk_xml_text_elem(gk_xml *x, const char *name, const char *text)
{
    gk_xml_start(x, name);
    gk_xml_text(x, text, strlen(text));
    gk_xml_end(x);
}
