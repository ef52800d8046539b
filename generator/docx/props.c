/* docProps/core.xml and docProps/app.xml: title, author (the department),
 * subject and dates, fixed for a given input (gk_doc_meta). */
#include "parts.h"
#include "xml.h"

#include <string.h>

bool gk_docx_core_xml(const gk_doc_meta *meta, gk_buf *out)
{
    gk_xml *x = gk_xml_new();
    if (!x) return false;
    gk_xml_start(x, "cp:coreProperties");
    gk_xml_attr(x, "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
    gk_xml_attr(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
    gk_xml_attr(x, "xmlns:dcterms", "http://purl.org/dc/terms/");
    gk_xml_attr(x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    if (meta->title) gk_xml_text_elem(x, "dc:title", meta->title);
    if (meta->subject) gk_xml_text_elem(x, "dc:subject", meta->subject);
    if (meta->author) gk_xml_text_elem(x, "dc:creator", meta->author);
    const char *stamps[] = {"dcterms:created", "dcterms:modified"};
    for (int k = 0; k < 2; k++) {
        gk_xml_start(x, stamps[k]);
        gk_xml_attr(x, "xsi:type", "dcterms:W3CDTF");
        gk_xml_text(x, meta->date, strlen(meta->date));
        gk_xml_end(x);
    }
    gk_xml_end(x);
    return gk_xml_finish(x, out);
}

bool gk_docx_app_xml(gk_buf *out)
{
    gk_xml *x = gk_xml_new();
    if (!x) return false;
    gk_xml_start(x, "Properties");
    gk_xml_attr(x, "xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
    gk_xml_text_elem(x, "Application", "gongkai");
    gk_xml_end(x);
    return gk_xml_finish(x, out);
}
