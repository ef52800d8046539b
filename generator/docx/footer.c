/* word/footer1.xml (odd pages, right) and footer2.xml (even pages, left):
 * the page number as “— N —” in the page-number role, one character in
 * from the edge of the text block. */
#include "parts.h"
#include "xml.h"

#include <string.h>

static void text_run(gk_xml *x, const char *s)
{
    gk_xml_start(x, "w:r");
    gk_xml_start(x, "w:t");
    gk_xml_attr(x, "xml:space", "preserve");
    gk_xml_text(x, s, strlen(s));
    gk_xml_end(x);
    gk_xml_end(x);
}

bool gk_docx_footer_xml(bool odd, gk_buf *out)
{
    gk_xml *x = gk_xml_new();
    if (!x) return false;
    gk_xml_start(x, "w:ftr");
    gk_xml_attr(x, "xmlns:w", GK_NS_W);
    gk_xml_start(x, "w:p");
    gk_xml_start(x, "w:pPr");
    gk_xml_elem(x, "w:pStyle", "w:val", "Footer", NULL);
    /* one character (4号, 14 pt = 280 twips) in from the edge */
    gk_xml_elem(x, "w:ind", odd ? "w:right" : "w:left", "280", NULL);
    gk_xml_elem(x, "w:jc", "w:val", odd ? "right" : "left", NULL);
    gk_xml_end(x);
    text_run(x, "— ");
    gk_xml_start(x, "w:fldSimple");
    gk_xml_attr(x, "w:instr", " PAGE ");
    text_run(x, "1");
    gk_xml_end(x);
    text_run(x, " —");
    gk_xml_end(x);
    gk_xml_end(x);
    return gk_xml_finish(x, out);
}
