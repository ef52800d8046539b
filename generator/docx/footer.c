/* The footers: the page number as “— N —” in the page-number role.
 * Portrait pages (footer1, footer2): 7 mm below the text block, odd pages
 * right and even pages left, one character in from its edge. Landscape
 * pages (footer3, footer4) are the portrait paper turned a quarter
 * clockwise, so the number stays where the paper's bottom is: on the
 * table's left, in a text box whose text runs top to bottom, near the
 * bottom on odd pages and near the top on even ones (GB/T 9704 §8). */
#include "parts.h"
#include "xml.h"

#include <stdio.h>
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

/* The number's paragraph: in a footer one character (4号, 14 pt = 280
 * twips) in from the edge, right or left; in a box centred. */
static void page_number(gk_xml *x, bool odd, bool boxed)
{
    gk_xml_start(x, "w:p");
    gk_xml_start(x, "w:pPr");
    gk_xml_elem(x, "w:pStyle", "w:val", "Footer", NULL);
    if (!boxed) gk_xml_elem(x, "w:ind", odd ? "w:right" : "w:left", "280", NULL);
    gk_xml_elem(x, "w:jc", "w:val", boxed ? "center" : odd ? "right" : "left", NULL);
    gk_xml_end(x);
    text_run(x, "— ");
    gk_xml_start(x, "w:fldSimple");
    gk_xml_attr(x, "w:instr", " PAGE ");
    text_run(x, "1");
    gk_xml_end(x);
    text_run(x, " —");
    gk_xml_end(x);
}

/* The box on a landscape page (A4 turned: 297 × 210 mm), in points. */
#define PT(mm) ((mm) * 72.0 / 25.4)
static void landscape_box(gk_xml *x, bool odd)
{
    const double width = 18, height = 60;                 /* 4号 text, “— 12 —” */
    const double left = PT(35.0 - 7.0) - width;           /* 7 mm outside the text block */
    const double top = odd ? PT(210.0 - 26.0 - 4.94) - height /* its end a character above the block's bottom */
                           : PT(28.0 + 4.94);                 /* a character below its top */
    char style[256];
    snprintf(style, sizeof style,
             "position:absolute;margin-left:%.1fpt;margin-top:%.1fpt;width:%.0fpt;height:%.0fpt;z-index:1;"
             "mso-position-horizontal-relative:page;mso-position-vertical-relative:page",
             left, top, width, height);
    gk_xml_start(x, "w:p");
    gk_xml_start(x, "w:pPr");
    gk_xml_elem(x, "w:pStyle", "w:val", "Footer", NULL);
    gk_xml_end(x);
    gk_xml_start(x, "w:r");
    gk_xml_start(x, "w:pict");
    gk_xml_start(x, "v:rect");
    gk_xml_attr(x, "style", style);
    gk_xml_attr(x, "stroked", "f");
    gk_xml_attr(x, "filled", "f");
    gk_xml_start(x, "v:textbox");
    /* top to bottom, as the table is read (and as the PDF has it) */
    gk_xml_attr(x, "style", "layout-flow:vertical");
    gk_xml_attr(x, "inset", "0,0,0,0");
    gk_xml_start(x, "w:txbxContent");
    page_number(x, odd, true);
    gk_xml_end(x);
    gk_xml_end(x);
    gk_xml_end(x);
    gk_xml_end(x);
    gk_xml_end(x);
    gk_xml_end(x);
}

bool gk_docx_footer_xml(bool odd, bool landscape, gk_buf *out)
{
    gk_xml *x = gk_xml_new();
    if (!x) return false;
    gk_xml_start(x, "w:ftr");
    gk_xml_attr(x, "xmlns:w", GK_NS_W);
    if (landscape) {
        gk_xml_attr(x, "xmlns:v", "urn:schemas-microsoft-com:vml");
        landscape_box(x, odd);
    } else {
        page_number(x, odd, false);
    }
    gk_xml_end(x);
    return gk_xml_finish(x, out);
}
