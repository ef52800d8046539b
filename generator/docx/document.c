/* word/document.xml: the document tree as WordprocessingML. Every look is a
 * style (styles.c); numbers are Word numbering (numbering.c); landscape
 * sections for wide tables. */
#include "parts.h"
#include "xml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct body {
    gk_xml *x;
    gk_docx_numbering *num;
    const gk_docx_footers *footers;
    const gk_node *prev;                  /* the block written last */
    bool ends_landscape;                  /* the last section is landscape */
} body;

/* ---- runs and paragraphs ---- */

/* One w:r per break and per stretch of runs (text and figures) of one
 * weight: a figure is no run of its own in Word. */
static void runs(body *b, const gk_node *parent)
{
    gk_xml *x = b->x;
    for (const gk_node *n = parent->first; n; n = n->next) {
        gk_xml_start(x, "w:r");
        if (n->type == GK_NODE_BREAK) {
            gk_xml_elem(x, "w:br", NULL);
        } else if (gk_node_is_run(n)) {
            bool bold = gk_run_bold(n);
            if (bold) {
                gk_xml_start(x, "w:rPr");
                gk_xml_elem(x, "w:b", NULL);
                gk_xml_end(x);
            }
            gk_xml_start(x, "w:t");
            gk_xml_attr(x, "xml:space", "preserve");
            for (;; n = n->next) {
                char fig[GK_FIG_STRLEN];
                size_t len;
                const char *s = gk_run_chars(n, fig, &len);
                gk_xml_text(x, s, len);
                if (!n->next || !gk_node_is_run(n->next) || gk_run_bold(n->next) != bold) break;
            }
            gk_xml_end(x);
        }
        gk_xml_end(x);
    }
}

/* <w:pPr>: style, numbering (numId 0 removes a style's numbering; -1 none),
 * alignment when it differs from the style's. */
static void para_start(body *b, const char *style, int num_id, int ilvl, const char *jc)
{
    gk_xml *x = b->x;
    gk_xml_start(x, "w:p");
    gk_xml_start(x, "w:pPr");
    gk_xml_elem(x, "w:pStyle", "w:val", style, NULL);
    if (num_id >= 0) {
        gk_xml_start(x, "w:numPr");
        gk_xml_val(x, "w:ilvl", ilvl);
        gk_xml_val(x, "w:numId", num_id);
        gk_xml_end(x);
    }
    if (jc) gk_xml_elem(x, "w:jc", "w:val", jc, NULL);
    gk_xml_end(x);
}

static const char *jc_of(gk_align a)
{
    switch (a) {
    case GK_ALIGN_LEFT: return "left";
    case GK_ALIGN_CENTER: return "center";
    case GK_ALIGN_RIGHT: return "right";
    default: return "both";
    }
}

static void paragraph(body *b, const char *style, const char *jc, const gk_node *n)
{
    para_start(b, style, -1, 0, jc);
    runs(b, n);
    gk_xml_end(b->x);
}

static void list(body *b, const gk_node *l, const char *style, bool in_cell)
{
    int num = l->as.list.numbering == GK_NUM_NONE ? -1 : gk_docx_list_num(b->num, l->as.list.numbering, in_cell);
    for (const gk_node *it = l->first; it; it = it->next) {
        para_start(b, style, num, 0, NULL);
        runs(b, it);
        gk_xml_end(b->x);
    }
}

static void heading(body *b, const gk_node *h)
{
    static const char *const styles[] = {"Heading1", "Heading1", "Heading2", "Heading3", "Heading4"};
    int level = h->as.heading.level;
    int num = 0; /* unnumbered: switch the style's numbering off */
    if (h->as.heading.numbering != GK_NUM_NONE) {
        int variant = h->as.heading.numbering == GK_NUM_ARABIC_DOT ? GK_NUMSTYLE_DOT : GK_NUMSTYLE_COMMA;
        num = gk_docx_heading_num(b->num, level, variant, h->as.heading.number);
    }
    para_start(b, styles[level], num, level - 1, NULL);
    runs(b, h);
    gk_xml_end(b->x);
}

/* ---- tables ---- */

static void cell_content(body *b, const gk_node *cell, bool header, bool small)
{
    const char *style = header ? (small ? "GkTableHeaderSmall" : "GkTableHeader") : (small ? "GkTableSmall" : "GkTable");
    const char *jc = !header && cell->as.cell.align == GK_ALIGN_LEFT && gk_cell_figure(cell) ? "right"
                   : cell->as.cell.align == GK_ALIGN_LEFT || header ? NULL
                                                                     : jc_of(cell->as.cell.align);
    bool any = false;
    for (const gk_node *blk = cell->first; blk; blk = blk->next) {
        if (blk->type == GK_NODE_LIST) list(b, blk, style, true);
        else paragraph(b, style, jc, blk);
        any = true;
    }
    if (!any) { /* a cell holds at least one paragraph */
        para_start(b, style, -1, 0, NULL);
        gk_xml_end(b->x);
    }
}

static void paragraph_cell(body *b, const gk_node *cell, const char *jc)
{
    for (const gk_node *blk = cell->first; blk; blk = blk->next) paragraph(b, "GkTable", jc, blk);
    if (!cell->first) {
        para_start(b, "GkTable", -1, 0, NULL);
        gk_xml_end(b->x);
    }
}

static void cell_props(body *b, int width, int span, const char *vmerge)
{
    gk_xml *x = b->x;
    gk_xml_start(x, "w:tcPr");
    gk_xml_start(x, "w:tcW");
    gk_xml_attr_int(x, "w:w", width);
    gk_xml_attr(x, "w:type", "dxa");
    gk_xml_end(x);
    if (span > 1) gk_xml_val(x, "w:gridSpan", span);
    if (vmerge) {
        gk_xml_start(x, "w:vMerge");
        if (*vmerge) gk_xml_attr(x, "w:val", vmerge);
        gk_xml_end(x);
    }
    gk_xml_elem(x, "w:vAlign", "w:val", "center", NULL);
    gk_xml_end(x);
}

static void table(body *b, const gk_node *t, int text_width)
{
    gk_xml *x = b->x;
    int cols = t->as.table.cols;
    size_t rows = 0;
    for (const gk_node *r = t->first; r; r = r->next) rows++;
    /* compose.c makes 1 to 32 columns and at least one row; a tree that has
     * not (a broken invariant) fails the part rather than overrun width[] */
    if (cols < 1 || cols > (int)(sizeof t->as.table.widths / sizeof t->as.table.widths[0]) || rows == 0) {
        gk_xml_fail(x);
        return;
    }
    const gk_node **grid = calloc(rows * (size_t)cols, sizeof *grid);
    if (!grid) {
        gk_xml_fail(x);
        return;
    }
    size_t r = 0;
    for (const gk_node *row = t->first; row; row = row->next, r++) {
        int c = 0;
        for (const gk_node *cell = row->first; cell && c < cols; cell = cell->next) grid[r * (size_t)cols + (size_t)c++] = cell;
    }
    /* column widths: the template's relative widths over the text block.
     * compose.c keeps them from 1 to 1000; the sums are 64-bit all the same,
     * so a tree built otherwise (widths near INT_MAX) still gives each column
     * its share of the text block and never a negative width. */
    int width[32], used = 0;
    int64_t total = 0;
    for (int c = 0; c < cols; c++) total += t->as.table.widths[c] > 0 ? t->as.table.widths[c] : 1;
    for (int c = 0; c < cols; c++) {
        int64_t w = t->as.table.widths[c] > 0 ? t->as.table.widths[c] : 1;
        width[c] = c == cols - 1 ? text_width - used : (int)((int64_t)text_width * w / total);
        used += width[c];
    }
    bool small = cols > 9;

    gk_xml_start(x, "w:tbl");
    gk_xml_start(x, "w:tblPr");
    gk_xml_elem(x, "w:tblStyle", "w:val", t->as.table.borderless ? "GkLine" : "GkGrid", NULL);
    gk_xml_start(x, "w:tblW");
    gk_xml_attr_int(x, "w:w", text_width);
    gk_xml_attr(x, "w:type", "dxa");
    gk_xml_end(x);
    gk_xml_elem(x, "w:jc", "w:val", "center", NULL);
    gk_xml_elem(x, "w:tblLayout", "w:type", "fixed", NULL);
    gk_xml_end(x);
    gk_xml_start(x, "w:tblGrid");
    for (int c = 0; c < cols; c++) {
        gk_xml_start(x, "w:gridCol");
        gk_xml_attr_int(x, "w:w", width[c]);
        gk_xml_end(x);
    }
    gk_xml_end(x);

    r = 0;
    for (const gk_node *row = t->first; row; row = row->next, r++) {
        gk_xml_start(x, "w:tr");
        gk_xml_start(x, "w:trPr");
        gk_xml_elem(x, "w:cantSplit", NULL);
        if (row->as.row.header) gk_xml_elem(x, "w:tblHeader", NULL);
        gk_xml_end(x);
        for (int c = 0; c < cols;) {
            const gk_node *cell = grid[r * (size_t)cols + (size_t)c];
            if (!cell) { /* a row short of cells: a broken invariant */
                gk_xml_fail(x);
                break;
            }
            if (cell->as.cell.covered && cell->as.cell.from_left) { c++; continue; }
            /* a cell covered from above continues the merge of its owner */
            const gk_node *owner = cell;
            for (size_t up = r; owner->as.cell.covered && up > 0 && grid[(up - 1) * (size_t)cols + (size_t)c];)
                owner = grid[--up * (size_t)cols + (size_t)c];
            /* a span is at least one column (else this loop would not advance)
             * and stays in the table */
            int span = owner->as.cell.colspan < 1 ? 1 : owner->as.cell.colspan > cols - c ? cols - c : owner->as.cell.colspan;
            int w = 0;
            for (int k = c; k < c + span && k < cols; k++) w += width[k];
            gk_xml_start(x, "w:tc");
            const char *vmerge = cell->as.cell.covered ? "" : cell->as.cell.rowspan > 1 ? "restart" : NULL;
            cell_props(b, w, span, vmerge);
            if (cell->as.cell.covered) {
                para_start(b, "GkTable", -1, 0, NULL);
                gk_xml_end(x);
            } else if (t->as.table.borderless) {
                /* a line in columns: the last column ends at the right edge */
                paragraph_cell(b, cell, c + span == cols ? "right" : NULL);
            } else {
                cell_content(b, cell, row->as.row.header, small);
            }
            gk_xml_end(x);
            c += span;
        }
        gk_xml_end(x);
    }
    gk_xml_end(x);
    free(grid);
}

/* ---- sections ---- */

static void section_props(body *b, bool landscape)
{
    gk_xml *x = b->x;
    gk_xml_start(x, "w:sectPr");
    gk_xml_elem(x, "w:footerReference", "w:type", "default", "r:id", b->footers->id[landscape][0], NULL);
    gk_xml_elem(x, "w:footerReference", "w:type", "even", "r:id", b->footers->id[landscape][1], NULL);
    gk_xml_start(x, "w:pgSz");
    gk_xml_attr_int(x, "w:w", landscape ? GK_PAGE_H : GK_PAGE_W);
    gk_xml_attr_int(x, "w:h", landscape ? GK_PAGE_W : GK_PAGE_H);
    if (landscape) gk_xml_attr(x, "w:orient", "landscape");
    gk_xml_end(x);
    /* landscape: the portrait page turned a quarter clockwise, the table's
     * head toward the binding (GB/T 9704 §8): its left margin is the
     * portrait bottom, its top the portrait left, and so on */
    gk_xml_start(x, "w:pgMar");
    gk_xml_attr_int(x, "w:top", landscape ? GK_MARGIN_LEFT : GK_MARGIN_TOP);
    gk_xml_attr_int(x, "w:right", landscape ? GK_MARGIN_TOP : GK_MARGIN_RIGHT);
    gk_xml_attr_int(x, "w:bottom", landscape ? GK_MARGIN_RIGHT : GK_MARGIN_BOTTOM);
    gk_xml_attr_int(x, "w:left", landscape ? GK_MARGIN_BOTTOM : GK_MARGIN_LEFT);
    gk_xml_attr_int(x, "w:header", 851);
    gk_xml_attr_int(x, "w:footer", landscape ? GK_FOOTER - (GK_MARGIN_BOTTOM - GK_MARGIN_RIGHT) : GK_FOOTER);
    gk_xml_attr_int(x, "w:gutter", 0);
    gk_xml_end(x);
    gk_xml_elem(x, "w:cols", "w:space", "425", NULL);
    gk_xml_start(x, "w:docGrid");
    gk_xml_attr(x, "w:type", "lines");
    gk_xml_attr_int(x, "w:linePitch", GK_LINE_PITCH);
    gk_xml_end(x);
    gk_xml_end(x);
}

/* Ends the section so far with a paragraph that carries its properties. */
static void section_break(body *b, bool landscape)
{
    gk_xml_start(b->x, "w:p");
    gk_xml_start(b->x, "w:pPr");
    gk_xml_elem(b->x, "w:pStyle", "w:val", "GkPlain", NULL);
    section_props(b, landscape);
    gk_xml_end(b->x);
    gk_xml_end(b->x);
}

static void blocks(body *b, const gk_node *parent, bool landscape)
{
    int text_width = landscape ? GK_TEXT_H : GK_TEXT_W;
    for (const gk_node *n = parent->first; n; n = n->next) {
        /* Word joins tables that touch: keep them apart */
        if (n->type == GK_NODE_TABLE && b->prev && b->prev->type == GK_NODE_TABLE) {
            para_start(b, "GkTable", -1, 0, NULL);
            gk_xml_end(b->x);
        }
        switch (n->type) {
        case GK_NODE_TITLE: paragraph(b, "Title", NULL, n); break;
        case GK_NODE_HEADING: heading(b, n); break;
        case GK_NODE_PARAGRAPH:
            if (n->as.para.indent) paragraph(b, "Normal", NULL, n);
            else paragraph(b, "GkPlain", jc_of(n->as.para.align), n);
            break;
        case GK_NODE_LIST: list(b, n, "Normal", false); break;
        case GK_NODE_TABLE: table(b, n, text_width); break;
        case GK_NODE_SECTION:
            if (b->prev) section_break(b, false); /* the portrait pages before */
            b->prev = NULL;
            blocks(b, n, n->as.section.landscape);
            /* the last section is the body's own; another gets its break */
            if (n->next) section_break(b, n->as.section.landscape);
            else b->ends_landscape = n->as.section.landscape;
            if (n->next) b->prev = NULL;
            continue;
        default: break;
        }
        b->prev = n;
    }
}

bool gk_docx_document_xml(const gk_tree *tree, const gk_fontset *fonts, gk_docx_numbering *num,
                          const gk_docx_footers *footers, gk_buf *out)
{
    (void)fonts;
    gk_xml *x = gk_xml_new();
    if (!x) return false;
    body b = {x, num, footers, NULL, false};
    gk_xml_start(x, "w:document");
    gk_xml_attr(x, "xmlns:w", GK_NS_W);
    gk_xml_attr(x, "xmlns:r", GK_NS_R);
    gk_xml_start(x, "w:body");
    blocks(&b, tree->root, false);
    if (b.prev && b.prev->type == GK_NODE_TABLE) { /* the body ends with a paragraph */
        para_start(&b, "GkPlain", -1, 0, NULL);
        gk_xml_end(x);
    }
    section_props(&b, b.ends_landscape);
    gk_xml_end(x);
    gk_xml_end(x);
    return gk_xml_finish(x, out);
}
