/* word/styles.xml: every look of the document is a style, made from the
 * fontset; the body has no direct formatting. */
#include "parts.h"
#include "xml.h"

#include <stdio.h>

static void fonts_of(gk_xml *x, const gk_font_spec *f)
{
    gk_xml_elem(x, "w:rFonts", "w:ascii", f->docx_ascii ? f->docx_ascii : f->docx, "w:hAnsi",
                f->docx_ascii ? f->docx_ascii : f->docx, "w:eastAsia", f->docx, "w:cs",
                f->docx_ascii ? f->docx_ascii : f->docx, NULL);
}

/* the size, for East Asian and complex scripts alike */
static void size_of(gk_xml *x, int half_points)
{
    gk_xml_val(x, "w:sz", half_points);
    gk_xml_val(x, "w:szCs", half_points);
}

static void run_props(gk_xml *x, const gk_font_spec *f, int half_points, int condense)
{
    gk_xml_start(x, "w:rPr");
    fonts_of(x, f);
    if (f->bold) gk_xml_elem(x, "w:b", NULL);
    gk_xml_val(x, "w:spacing", condense);
    size_of(x, half_points);
    gk_xml_end(x);
}

/* Starts a paragraph style; the caller writes pPr/rPr and ends it. */
static void style(gk_xml *x, const char *id, const char *name, const char *based_on, const char *next, bool is_default)
{
    gk_xml_start(x, "w:style");
    gk_xml_attr(x, "w:type", "paragraph");
    if (is_default) gk_xml_attr(x, "w:default", "1");
    gk_xml_attr(x, "w:styleId", id);
    gk_xml_elem(x, "w:name", "w:val", name, NULL);
    if (based_on) gk_xml_elem(x, "w:basedOn", "w:val", based_on, NULL);
    if (next) gk_xml_elem(x, "w:next", "w:val", next, NULL);
    gk_xml_elem(x, "w:qFormat", NULL);
}

/* <w:spacing w:after="N"/>: space after a paragraph, in twips. */
static void spacing_after(gk_xml *x, int after)
{
    gk_xml_start(x, "w:spacing");
    gk_xml_attr_int(x, "w:after", after);
    gk_xml_end(x);
}

/* pPr: alignment, first-line indent in characters (×100), grid snapping. */
static void para_props(gk_xml *x, const char *jc, int indent_chars100, bool snap, bool keep_next, int outline,
                       int after)
{
    gk_xml_start(x, "w:pPr");
    if (keep_next) gk_xml_elem(x, "w:keepNext", NULL);
    if (outline >= 0) { /* headings: level `outline` of the heading list (numId 1) */
        gk_xml_start(x, "w:numPr");
        gk_xml_val(x, "w:ilvl", outline);
        gk_xml_elem(x, "w:numId", "w:val", "1", NULL);
        gk_xml_end(x);
    }
    if (!snap) gk_xml_elem(x, "w:snapToGrid", "w:val", "0", NULL);
    if (after) spacing_after(x, after);
    /* Word counts the indent in characters; LibreOffice reads the twips */
    gk_xml_start(x, "w:ind");
    gk_xml_attr_int(x, "w:firstLineChars", indent_chars100);
    gk_xml_attr_int(x, "w:firstLine", indent_chars100 * GK_INDENT_PER_CHAR / 100);
    gk_xml_end(x);
    gk_xml_elem(x, "w:jc", "w:val", jc, NULL);
    if (outline >= 0) {
        gk_xml_val(x, "w:outlineLvl", outline);
    }
    gk_xml_end(x);
}

/* A table's body and header styles, GkTable{id} and GkTableHeader{id}
 * ("gk table{name}"): the plain pair (id "") is based on Normal and
 * GkTable, a variant's on the plain ones, at its own sizes. */
static void table_styles(gk_xml *x, const char *id, const char *name, const gk_font_spec *table,
                         const gk_font_spec *head, int body_half_points, int head_half_points)
{
    char sid[32], sname[48];
    snprintf(sid, sizeof sid, "GkTable%s", id);
    snprintf(sname, sizeof sname, "gk table%s", name);
    style(x, sid, sname, *id ? "GkTable" : "Normal", NULL, false);
    para_props(x, "left", 0, false, false, -1, 0);
    run_props(x, table, body_half_points, 0);
    gk_xml_end(x);
    snprintf(sid, sizeof sid, "GkTableHeader%s", id);
    snprintf(sname, sizeof sname, "gk table header%s", name);
    style(x, sid, sname, *id ? "GkTableHeader" : "GkTable", NULL, false);
    para_props(x, "center", 0, false, false, -1, 0);
    run_props(x, head, head_half_points, 0);
    gk_xml_end(x);
}

/* A table style: single borders all round or none, and the cells' padding
 * in twips (with borders on all four sides: at least 1 mm above and below
 * the text, as the PDF's cells). */
static void table_style(gk_xml *x, const char *id, const char *name, bool borders, const char *padding)
{
    gk_xml_start(x, "w:style");
    gk_xml_attr(x, "w:type", "table");
    gk_xml_attr(x, "w:styleId", id);
    gk_xml_elem(x, "w:name", "w:val", name, NULL);
    gk_xml_start(x, "w:tblPr");
    if (borders) {
        static const char *const sides[] = {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"};
        gk_xml_start(x, "w:tblBorders");
        for (int k = 0; k < 6; k++)
            gk_xml_elem(x, sides[k], "w:val", "single", "w:sz", "4", "w:space", "0", "w:color", "000000", NULL);
        gk_xml_end(x);
    }
    gk_xml_start(x, "w:tblCellMar");
    if (borders) gk_xml_elem(x, "w:top", "w:w", padding, "w:type", "dxa", NULL);
    gk_xml_elem(x, "w:left", "w:w", padding, "w:type", "dxa", NULL);
    if (borders) gk_xml_elem(x, "w:bottom", "w:w", padding, "w:type", "dxa", NULL);
    gk_xml_elem(x, "w:right", "w:w", padding, "w:type", "dxa", NULL);
    gk_xml_end(x);
    gk_xml_end(x);
    gk_xml_end(x);
}

bool gk_docx_styles_xml(const gk_fontset *fonts, bool fit_tables, gk_buf *out)
{
    const gk_font_spec *body = &fonts->role[GK_ROLE_BODY];
    gk_xml *x = gk_xml_new();
    if (!x) return false;
    gk_xml_start(x, "w:styles");
    gk_xml_attr(x, "xmlns:w", GK_NS_W);

    gk_xml_start(x, "w:docDefaults");
    gk_xml_start(x, "w:rPrDefault");
    gk_xml_start(x, "w:rPr");
    fonts_of(x, body);
    size_of(x, body->half_points);
    gk_xml_elem(x, "w:lang", "w:val", "en-US", "w:eastAsia", "zh-CN", "w:bidi", "ar-SA", NULL);
    gk_xml_end(x);
    gk_xml_end(x);
    gk_xml_start(x, "w:pPrDefault");
    gk_xml_start(x, "w:pPr");
    /* no punctuation hanging past the text block: the block is the grid,
     * and LibreOffice drops hanging punctuation from a PDF's text */
    gk_xml_elem(x, "w:overflowPunct", "w:val", "0", NULL);
    /* no extra space between Chinese and Latin text or figures (the PDF
     * has none), which LibreOffice also takes as a place to break: 23 | 个 */
    gk_xml_elem(x, "w:autoSpaceDE", "w:val", "0", NULL);
    gk_xml_elem(x, "w:autoSpaceDN", "w:val", "0", NULL);
    gk_xml_elem(x, "w:spacing", "w:after", "0", "w:line", "240", "w:lineRule", "auto", NULL);
    gk_xml_end(x);
    gk_xml_end(x);
    gk_xml_end(x);

    /* body text: 3号 仿宋, justified, first line indented two characters */
    style(x, "Normal", "Normal", NULL, NULL, true);
    para_props(x, "both", 200, true, false, -1, 0);
    run_props(x, body, body->half_points, GK_BODY_CONDENSE);
    gk_xml_end(x);

    style(x, "GkPlain", "gk plain", "Normal", NULL, false);
    para_props(x, "left", 0, true, false, -1, 0);
    gk_xml_end(x);

    style(x, "Title", "Title", "Normal", NULL, false);
    para_props(x, "center", 0, true, true, -1, GK_LINE_PITCH); /* a blank line after */
    run_props(x, &fonts->role[GK_ROLE_TITLE], fonts->role[GK_ROLE_TITLE].half_points, 0);
    gk_xml_end(x);

    static const char *const ids[] = {"Heading1", "Heading2", "Heading3", "Heading4"};
    static const char *const names[] = {"heading 1", "heading 2", "heading 3", "heading 4"};
    for (int k = 0; k < 4; k++) {
        const gk_font_spec *f = &fonts->role[GK_ROLE_HEADING1 + k];
        style(x, ids[k], names[k], "Normal", "Normal", false);
        para_props(x, "both", 200, true, true, k, 0);
        run_props(x, f, f->half_points, GK_BODY_CONDENSE);
        gk_xml_end(x);
    }

    /* tables: the table role, single-spaced off the grid; a smaller size
     * for tables with many columns */
    const gk_font_spec *table = &fonts->role[GK_ROLE_TABLE], *head = &fonts->role[GK_ROLE_TABLE_HEADER];
    int small = table->half_points > 21 ? 21 : table->half_points; /* 五号 */
    table_styles(x, "", "", table, head, table->half_points, head->half_points);
    table_styles(x, "Small", " small", table, head, small, small);
    /* 小五 (9 pt) for a fit=page table (表1, 表4) that keeps to one page so;
     * only in a document that has one */
    if (fit_tables) {
        int fit = table->half_points > 18 ? 18 : table->half_points;
        table_styles(x, "Fit", " fit", table, head, fit, fit);
    }

    const gk_font_spec *pn = &fonts->role[GK_ROLE_PAGE_NUMBER];
    style(x, "Footer", "footer", "Normal", NULL, false);
    para_props(x, "right", 0, false, false, -1, 0);
    run_props(x, pn, pn->half_points, 0);
    gk_xml_end(x);

    /* the table look: single borders, cells padded 1 mm all round */
    table_style(x, "GkGrid", "gk grid", true, "57");
    /* a line laid out in columns: no borders, no padding */
    table_style(x, "GkLine", "gk line", false, "0");

    gk_xml_end(x);
    return gk_xml_finish(x, out);
}
