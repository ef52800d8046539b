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
    gk_buf names;  /* the open elements' names, each ending in NUL */
    size_t *at;    /* at[k]: where the name of open element k starts in names */
    size_t depth, cap;
    bool open;     /* the last start tag is not closed yet (no '>') */
    bool failed;
};

void gk_xml_fail(gk_xml *x) { x->failed = true; }

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
    if (x->open) gk_buf_putc(&x->out, '>');
    x->open = false;
}

bool gk_xml_finish(gk_xml *x, gk_buf *out)
{
    while (x->depth) gk_xml_end(x);
    gk_buf_putc(&x->out, '\n');
    bool ok = !x->failed && !x->out.oom && !x->names.oom;
    if (ok && !out->data && !out->oom) {
        *out = x->out; /* the part is the whole buffer: no copy */
        memset(&x->out, 0, sizeof x->out);
    } else if (ok) {
        gk_buf_append(out, x->out.data, x->out.len);
    }
    gk_buf_free(&x->out);
    gk_buf_free(&x->names);
    free(x->at);
    free(x);
    return ok && !out->oom;
}

void gk_xml_start(gk_xml *x, const char *name)
{
    if (x->depth == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 32;
        size_t *at = realloc(x->at, cap * sizeof *at);
        if (!at) {
            x->failed = true;
            return;
        }
        x->at = at;
        x->cap = cap;
    }
    close_tag(x);
    x->at[x->depth++] = x->names.len;
    gk_buf_append(&x->names, name, strlen(name) + 1);
    gk_buf_putc(&x->out, '<');
    gk_buf_puts(&x->out, name);
    x->open = true;
}

void gk_xml_end(gk_xml *x)
{
    if (!x->depth) {
        x->failed = true;
        return;
    }
    size_t at = x->at[--x->depth];
    if (x->open) {
        gk_buf_puts(&x->out, "/>");
        x->open = false;
    } else if (!x->names.oom) {
        gk_buf_puts(&x->out, "</");
        gk_buf_puts(&x->out, x->names.data + at);
        gk_buf_putc(&x->out, '>');
    }
    if (!x->names.oom) gk_buf_truncate(&x->names, at);
}

/* Appends s[0..len) escaped, the runs that need no escape in one piece;
 * `attr`: as an attribute value. Without the characters XML 1.0 cannot
 * hold (C0 controls but tab, line feed and, in text, CR; U+FFFE, U+FFFF)
 * when `clean`. */
static void escape(gk_buf *b, const char *s, size_t len, bool attr, bool clean)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        size_t skip = 0;
        if (c >= 0x20 && c != '&' && c != '<' && c != '>' && c != '"' && c != 0xEF) continue;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\r': rep = clean ? NULL : "&#13;"; skip = clean; break;
        case '\n': rep = attr ? "&#10;" : NULL; break;
        case '\t': rep = attr ? "&#9;" : NULL; break;
        case 0xEF:
            if (clean && i + 2 < len && (unsigned char)s[i + 1] == 0xBF &&
                ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF))
                skip = 3; /* U+FFFE, U+FFFF */
            break;
        default: skip = clean && c < 0x20; break;
        }
        if (!rep && !skip) continue;
        gk_buf_append(b, s + run, i - run);
        if (rep) gk_buf_puts(b, rep);
        i += skip ? skip - 1 : 0;
        run = i + 1;
    }
    gk_buf_append(b, s + run, len - run);
}

void gk_xml_attr(gk_xml *x, const char *name, const char *value)
{
    if (!x->open) {
        x->failed = true; /* an attribute outside a start tag: a caller's fault */
        return;
    }
    gk_buf_putc(&x->out, ' ');
    gk_buf_puts(&x->out, name);
    gk_buf_puts(&x->out, "=\"");
    escape(&x->out, value, strlen(value), true, false);
    gk_buf_putc(&x->out, '"');
}

void gk_xml_attr_int(gk_xml *x, const char *name, long value)
{
    char buf[21];
    buf[gk_fmt_int(buf, value)] = '\0';
    gk_xml_attr(x, name, buf);
}

void gk_xml_val(gk_xml *x, const char *name, long value)
{
    gk_xml_start(x, name);
    gk_xml_attr_int(x, "w:val", value);
    gk_xml_end(x);
}

void gk_xml_elem(gk_xml *x, const char *name, ...)
{
    gk_xml_start(x, name);
    va_list ap;
    va_start(ap, name);
    for (const char *k; (k = va_arg(ap, const char *)) != NULL;) gk_xml_attr(x, k, va_arg(ap, const char *));
    va_end(ap);
    gk_xml_end(x);
}

void gk_xml_text(gk_xml *x, const char *s, size_t len)
{
    close_tag(x);
    escape(&x->out, s, len, false, true);
}

void gk_xml_text_elem(gk_xml *x, const char *name, const char *text)
{
    gk_xml_start(x, name);
    gk_xml_text(x, text, strlen(text));
    gk_xml_end(x);
}
