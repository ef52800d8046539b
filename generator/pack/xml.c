#include "xml.h"

#include <libxml/xmlwriter.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gk_xml {
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    bool failed;
};

static void check(gk_xml *x, int rc)
{
    if (rc < 0) x->failed = true;
}

void gk_xml_fail(gk_xml *x) { x->failed = true; }

gk_xml *gk_xml_new(void)
{
    gk_xml *x = calloc(1, sizeof *x);
    if (!x) return NULL;
    x->buf = xmlBufferCreate();
    /* grow by doubling: the default exact growth makes a big part quadratic */
    if (x->buf) xmlBufferSetAllocationScheme(x->buf, XML_BUFFER_ALLOC_DOUBLEIT);
    x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
    if (!x->w) {
        if (x->buf) xmlBufferFree(x->buf);
        free(x);
        return NULL;
    }
    check(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", "yes"));
    return x;
}

bool gk_xml_finish(gk_xml *x, gk_buf *out)
{
    check(x, xmlTextWriterEndDocument(x->w));
    xmlFreeTextWriter(x->w);
    bool ok = !x->failed;
    if (ok) gk_buf_append(out, xmlBufferContent(x->buf), (size_t)xmlBufferLength(x->buf));
    xmlBufferFree(x->buf);
    free(x);
    return ok && !out->oom;
}

void gk_xml_start(gk_xml *x, const char *name) { check(x, xmlTextWriterStartElement(x->w, BAD_CAST name)); }
void gk_xml_end(gk_xml *x) { check(x, xmlTextWriterEndElement(x->w)); }

void gk_xml_attr(gk_xml *x, const char *name, const char *value)
{
    check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value));
}

void gk_xml_attr_int(gk_xml *x, const char *name, long value)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%ld", value);
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

/* Copies s[0..len) without the characters XML 1.0 cannot hold. */
void gk_xml_text(gk_xml *x, const char *s, size_t len)
{
    gk_buf clean = {0};
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 && c != '\t' && c != '\n') continue;
        if (c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBF &&
            ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF)) {
            i += 2; /* U+FFFE, U+FFFF */
            continue;
        }
        gk_buf_putc(&clean, (char)c);
    }
    check(x, xmlTextWriterWriteString(x->w, BAD_CAST gk_buf_str(&clean)));
    gk_buf_free(&clean);
}

void gk_xml_text_elem(gk_xml *x, const char *name, const char *text)
{
    gk_xml_start(x, name);
    gk_xml_text(x, text, strlen(text));
    gk_xml_end(x);
}
