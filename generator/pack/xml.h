/* Writing one XML part into memory (after libxlsxwriter's xmlwriter), byte
 * for byte as libxml2's text writer wrote it before (xml.c says what that
 * is). Text is cleaned of what XML 1.0 cannot hold (C0 controls but tab and
 * line feed, U+FFFE/FFFF) before it is escaped. */
#ifndef GK_PACK_XML_H
#define GK_PACK_XML_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct gk_xml gk_xml;

/* A writer into memory, with the XML declaration written; NULL when out of
 * memory. */
gk_xml *gk_xml_new(void);
/* Ends the document and appends it to `out`; false if anything failed.
 * Frees the writer either way. */
bool gk_xml_finish(gk_xml *x, gk_buf *out);

/* Marks the part as failed (a caller out of memory), so gk_xml_finish
 * returns false and no incomplete part is written. */
void gk_xml_fail(gk_xml *x);

/* Opens element `name`; the writer keeps the pointer until the element
 * ends, so `name` must live as long (a literal, as every caller's is). */
void gk_xml_start(gk_xml *x, const char *name);
void gk_xml_end(gk_xml *x);
void gk_xml_attr(gk_xml *x, const char *name, const char *value);
void gk_xml_attr_int(gk_xml *x, const char *name, long value);
/* <name w:val="value"/>: the shape of most WordprocessingML properties. */
void gk_xml_val(gk_xml *x, const char *name, long value);
/* An element with attributes given as name, value pairs, ending with NULL:
 * gk_xml_elem(x, "w:jc", "w:val", "center", NULL). */
void gk_xml_elem(gk_xml *x, const char *name, ...) __attribute__((sentinel));
void gk_xml_text(gk_xml *x, const char *s, size_t len);
/* <name>text</name> */
void gk_xml_text_elem(gk_xml *x, const char *name, const char *text);

#endif
