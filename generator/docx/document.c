/* word/document.xml: the document tree as WordprocessingML. Every look is a
 * style (styles.c); numbers are Word numbering (numbering.c); landscape
 * sections for wide tables. */
#include "layout.h"
#include "parts.h"
#include "utf8.h"
#include "xml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A header cell's paragraph as header_paragraph broke it: its text, the
 * size and the cell's width it was broken at, and its lines. */
typedef struct header_lines {
    char *text;   /* owned */
    size_t len;
    double size;
    int width;
    size_t nlines; /* 0: one line, written as a plain paragraph */
    size_t *at;    /* line l is text[at[2 l] .. at[2 l + 1]) (owned) */
} header_lines;

typedef struct body {
    gk_xml *x;
    const gk_fontset *fonts;
    gk_docx_numbering *num;
    const gk_docx_footers *footers;
    const gk_node *prev;                  /* the block written last */
    const double *grid;                   /* the layout's column widths, 32 a table (layout.h) */
    size_t ngrid, next;                   /* tables in grid, the next table's index */
    bool keep_next;                       /* the paragraphs written now keep with the next */
    bool ends_landscape;                  /* the last section is landscape */
    bool landscape;                       /* the blocks written now are on landscape pages */
    bool fit;                             /* the table written now is set at 9 pt (fit=page) */
    header_lines *heads;                  /* the header paragraphs broken so far (header_broken) */
    size_t nheads, heads_cap;
    gk_buf text;                          /* scratch: the header paragraph being looked up */
} body;

/* ---- runs and paragraphs ---- */

static gk_glyph reader_glyph(void *ctx, gk_font_role role, uint32_t cp);
static double reader_ems(double ems, const char *s, size_t len);

/* Whether a line may not break between code points a and b of a date
 * (2019年12月31日, （9月末): a digit and 年/月/日 after it, 年/月 and the
 * digit after them. Unicode's line breaking (UAX #14, which LibreOffice
 * follows through ICU) allows a break between a digit and an ideograph. */
static bool date_join(uint32_t a, uint32_t b)
{
    bool da = a >= '0' && a <= '9', db = b >= '0' && b <= '9';
    return (da && (b == 0x5E74 || b == 0x6708 || b == 0x65E5)) || ((a == 0x5E74 || a == 0x6708) && db);
}

/* The code point at p (n bytes left, the first byte of a character) as
 * date_join sees it: ASCII, 年, 月 and 日 as they are, any other
 * character as U+FFFD, which joins nothing. Matched by their bytes, since
 * this looks at every character of the document's runs and needs no
 * other one decoded. */
static uint32_t date_char(const unsigned char *p, size_t n)
{
    if (p[0] < 0x80) return p[0];
    if (n >= 3 && p[0] == 0xE5 && p[1] == 0xB9 && p[2] == 0xB4) return 0x5E74; /* 年 */
    if (n >= 3 && p[0] == 0xE6 && p[1] == 0x9C && p[2] == 0x88) return 0x6708; /* 月 */
    if (n >= 3 && p[0] == 0xE6 && p[1] == 0x97 && p[2] == 0xA5) return 0x65E5; /* 日 */
    return 0xFFFD;
}

/* Text s into the w:t being written, a WORD JOINER (U+2060) where a date
 * must not break: DOCX text only (the PDF's line breaker keeps dates
 * whole itself; the txt stays as written). ECMA-376 has no element for a
 * zero-width no-break within a run; U+2060 is Unicode's no-break of no
 * width (UAX #14 class WJ), which LibreOffice honours (tests/docx). *prev
 * is the character written last in this w:t, as date_char gives it. The
 * tree's text is valid UTF-8 (input/value.c and the template parser check
 * it), so a character starts at every byte but a continuation byte. */
static void date_text(gk_xml *x, const char *s, size_t len, uint32_t *prev)
{
    size_t from = 0;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80) continue;
        uint32_t cp = date_char((const unsigned char *)s + i, len - i);
        if (date_join(*prev, cp)) {
            gk_xml_text(x, s + from, i - from);
            gk_xml_text(x, "\xE2\x81\xA0", 3);
            from = i;
        }
        *prev = cp;
    }
    gk_xml_text(x, s + from, len - from);
}

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
            uint32_t prev = 0;
            for (;; n = n->next) {
                char fig[GK_FIG_STRLEN];
                size_t len;
                const char *s = gk_run_chars(n, fig, &len);
                date_text(x, s, len, &prev);
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
    if (b->keep_next) gk_xml_elem(x, "w:keepNext", NULL);
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

/* The title in balanced lines: Word fills the first line and leaves a
 * stub (“…预算信息公开情况” | “说明”), so the title carries its breaks,
 * placed as the PDF places them — lines of even width (wide characters
 * 1 em, others half), after 年, 的, 于 or punctuation when one is within
 * a fifth of the even place, never inside a number. */
static void title(body *b, const gk_node *n)
{
    char text[1024];
    size_t len = 0;
    bool plain = true;
    for (const gk_node *t = n->first; t; t = t->next) {
        /* a year in the title is a figure (2020), in the text as it reads */
        char fig[GK_FIG_STRLEN];
        size_t k = 0;
        const char *s = gk_node_is_run(t) && !gk_run_bold(t) ? gk_run_chars(t, fig, &k) : NULL;
        if (!s || len + k >= sizeof text) plain = false;
        else {
            memcpy(text + len, s, k);
            len += k;
        }
    }
    int hp = b->fonts->role[GK_ROLE_TITLE].half_points > 0 ? b->fonts->role[GK_ROLE_TITLE].half_points : 44;
    double cap = GK_TEXT_W / (hp * 10.0), total = 0; /* ems a line holds: 10 twips a half point */
    size_t off[512], n_ch = 0;
    double at[512];
    uint32_t cps[512];
    for (size_t i = 0; plain && i < len && n_ch < 511;) {
        uint32_t cp;
        size_t k = gk_utf8_decode((const unsigned char *)text + i, len - i, &cp);
        if (!k) break;
        off[n_ch] = i;
        cps[n_ch] = cp;
        total += cp >= 0x2E80 ? 1 : 0.5;
        at[n_ch++] = total;
        i += k;
    }
    int lines = (int)(total / cap) + 1;
    if (!plain || lines < 2 || n_ch >= 511) {
        paragraph(b, "Title", NULL, n);
        return;
    }
    para_start(b, "Title", -1, 0, NULL);
    size_t from = 0;
    for (int l = 1; l < lines; l++) {
        double even = total * l / lines;
        size_t best = (size_t)-1;
        double best_d = 0;
        for (size_t i = from; i + 1 < n_ch; i++) {
            bool digit = cps[i] >= '0' && cps[i] <= '9' && cps[i + 1] >= '0' && cps[i + 1] <= '9';
            if (digit || at[i] - (from ? at[from - 1] : 0) > cap) continue;
            bool good = cps[i] == 0x5E74 || cps[i] == 0x7684 || cps[i] == 0x4E8E || cps[i] == 0x3001 ||
                        cps[i] == 0xFF0C || cps[i] == 0xFF09 || cps[i] == 0x300B;
            double d = at[i] - even;
            if (d < 0) d = -d;
            if (!good) d += total / lines / 5; /* a good place within a fifth wins */
            if (best == (size_t)-1 || d < best_d) {
                best = i;
                best_d = d;
            }
        }
        if (best == (size_t)-1) break;
        size_t a = off[from], e = off[best + 1];
        gk_xml_start(b->x, "w:r");
        gk_xml_start(b->x, "w:t");
        gk_xml_attr(b->x, "xml:space", "preserve");
        gk_xml_text(b->x, text + a, e - a);
        gk_xml_end(b->x);
        gk_xml_elem(b->x, "w:br", NULL);
        gk_xml_end(b->x);
        from = best + 1;
    }
    gk_xml_start(b->x, "w:r");
    gk_xml_start(b->x, "w:t");
    gk_xml_attr(b->x, "xml:space", "preserve");
    gk_xml_text(b->x, text + off[from], len - off[from]);
    gk_xml_end(b->x);
    gk_xml_end(b->x);
    gk_xml_end(b->x);
}

/* The lines the layout broke t into, as runs with a line break (w:br)
 * before each but the first; the first `skip` bytes (a heading's number,
 * which Word's numbering writes) left out. */
static void line_range(const gk_text *t, size_t l, size_t skip, size_t *from, size_t *to)
{
    *from = t->ch[t->lines[l].from].off;
    *to = t->lines[l].to < t->n ? t->ch[t->lines[l].to].off : t->len;
    if (*from < skip) *from = skip;
    if (*to < *from) *to = *from;
}

/* Line l of a paragraph written in lines: a run, after a break but the first. */
static void line_run(body *b, size_t l, const char *s, size_t len)
{
    gk_xml_start(b->x, "w:r");
    if (l) gk_xml_elem(b->x, "w:br", NULL);
    gk_xml_start(b->x, "w:t");
    gk_xml_attr(b->x, "xml:space", "preserve");
    gk_xml_text(b->x, s, len);
    gk_xml_end(b->x);
    gk_xml_end(b->x);
}

static void line_runs(body *b, const gk_text *t, size_t skip)
{
    for (size_t l = 0; l < t->nlines; l++) {
        size_t from, to;
        line_range(t, l, skip, &from, &to);
        line_run(b, l, t->utf8 + from, to - from);
    }
}

/* Paragraph p (plain text only) in the lines the PDF gives it, written as
 * line breaks, since Word fills a line and leaves a stub (…绩效目标 | 表):
 * `label` (a heading's number, which Word's numbering writes) is measured
 * but not written. Headings are set as the layout sets them (break_heading
 * in layout.c): the fewest lines at the text block's width less an em (the
 * reader's fonts are not the fontset's), at the narrowest width that needs
 * no more, left-aligned so that Word does not stretch a line that ends in
 * a break; a centred caption in balanced lines. False, with nothing
 * written, when p is other than plain text or fits on one line; out of
 * memory, the part fails (gk_xml_fail). */
static bool balanced(body *b, const gk_node *p, gk_font_role role, const char *label, bool caption,
                     double width, const char *style, int num_id, int ilvl)
{
    for (const gk_node *t = p->first; t; t = t->next)
        if (!gk_node_is_run(t) || gk_run_bold(t)) return false;
    const gk_font_spec *f = &b->fonts->role[role];
    /* points; the body and headings are condensed (GK_BODY_CONDENSE twips a character) */
    double size = (f->half_points > 0 ? f->half_points : 32) / 2.0 + GK_BODY_CONDENSE / 20.0;
    gk_metrics m = {NULL, reader_glyph};
    gk_text t;
    gk_text_init(&t, role, size, 0, false);
    bool ok = gk_text_add(&t, &m, label, strlen(label), false);
    for (const gk_node *n = p->first; ok && n; n = n->next) {
        char fig[GK_FIG_STRLEN];
        size_t len;
        const char *s = gk_run_chars(n, fig, &len);
        ok = gk_text_add(&t, &m, s, len, false);
    }
    if (ok) gk_text_prepare(&t);
    double indent = caption ? 0 : 2 * size;
    width -= size;
    ok = ok && !t.oom;
    if (ok && caption) ok = gk_text_break_balanced(&t, width, GK_ALIGN_CENTER);
    else if (ok && gk_text_break(&t, width, indent, GK_ALIGN_JUSTIFY) && t.nlines >= 2) {
        size_t want = t.nlines;
        double lo = indent, hi = width;
        for (int i = 0; ok && i < 24 && hi - lo > 0.25; i++) {
            double mid = (lo + hi) / 2;
            ok = gk_text_break(&t, mid, indent, GK_ALIGN_LEFT);
            if (t.nlines <= want) hi = mid;
            else lo = mid;
        }
        ok = ok && gk_text_break(&t, hi, indent, GK_ALIGN_LEFT);
    }
    if (!ok || t.oom) { /* only memory can fail them: the part fails rather than come out other */
        gk_text_free(&t);
        gk_xml_fail(b->x);
        return true;
    }
    if (t.nlines < 2) {
        gk_text_free(&t);
        return false;
    }
    para_start(b, style, num_id, ilvl, caption ? "center" : "left");
    line_runs(b, &t, strlen(label));
    gk_xml_end(b->x);
    gk_text_free(&t);
    return true;
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
    char label[32] = "";
    if (h->as.heading.numbering != GK_NUM_NONE) gk_number_label(h->as.heading.numbering, h->as.heading.number, label, sizeof label);
    int lv = level < 1 ? 1 : level > 4 ? 4 : level;
    if (balanced(b, h, (gk_font_role)(GK_ROLE_HEADING1 + lv - 1), label, false, (b->landscape ? GK_TEXT_H : GK_TEXT_W) / 20.0,
                 styles[level], num, level - 1))
        return;
    para_start(b, styles[level], num, level - 1, NULL);
    runs(b, h);
    gk_xml_end(b->x);
}

/* ---- tables ---- */

/* The lines of plain header paragraph p at `size` points in a cell
 * `width` twips wide, found by the layout (balanced, at the cell's width
 * less its 1 mm margins); nlines 0 when it takes one line. The same
 * headers (一级指标, 指标值, 项目名称 …) head every project's table at the
 * same widths, some twenty times a document, and their lines depend on
 * nothing else (the text, the size, the width and the reader's metrics),
 * so each is broken once a document and kept in b->heads. NULL, with the
 * part failed (gk_xml_fail), when memory runs out, in the layout or in
 * keeping them: leaving the paragraph to Word would give a document other
 * than the one written with memory enough. */
static const header_lines *header_broken(body *b, const gk_node *p, double size, int width)
{
    gk_buf_truncate(&b->text, 0);
    for (const gk_node *n = p->first; n; n = n->next) gk_buf_append(&b->text, n->as.text.s, n->as.text.len);
    if (b->text.oom) {
        gk_xml_fail(b->x);
        return NULL;
    }
    const char *s = gk_buf_str(&b->text);
    size_t len = b->text.len;
    for (size_t k = 0; k < b->nheads; k++) {
        const header_lines *h = &b->heads[k];
        if (h->len == len && h->width == width && h->size == size && memcmp(h->text, s, len) == 0) return h;
    }
    if (b->nheads == b->heads_cap) {
        size_t cap = b->heads_cap ? 2 * b->heads_cap : 16;
        header_lines *heads = realloc(b->heads, cap * sizeof *heads);
        if (!heads) {
            gk_xml_fail(b->x);
            return NULL;
        }
        b->heads = heads;
        b->heads_cap = cap;
    }
    gk_metrics m = {NULL, reader_glyph};
    gk_text t;
    gk_text_init(&t, GK_ROLE_TABLE_HEADER, size, 0, false);
    bool ok = gk_text_add(&t, &m, s, len, false);
    if (ok) gk_text_prepare(&t);
    /* the cell's margins are 1 mm (57 twips) a side; 20 twips a point */
    ok = ok && !t.oom && gk_text_break_balanced(&t, (width - 2 * 57) / 20.0, GK_ALIGN_CENTER);
    header_lines h = {malloc(len + 1), len, size, width, ok && t.nlines >= 2 ? t.nlines : 0, NULL};
    if (h.nlines) h.at = malloc(2 * h.nlines * sizeof *h.at);
    for (size_t l = 0; h.at && l < h.nlines; l++) line_range(&t, l, 0, &h.at[2 * l], &h.at[2 * l + 1]);
    gk_text_free(&t);
    if (!ok || !h.text || (h.nlines && !h.at)) { /* only memory fails them */
        gk_xml_fail(b->x);
        free(h.text);
        free(h.at);
        return NULL;
    }
    memcpy(h.text, s, len + 1);
    b->heads[b->nheads] = h;
    return &b->heads[b->nheads++];
}

/* A header cell's paragraph in balanced lines, as the PDF sets it: Word
 * fills the first line and leaves 款 alone under 预算拨. The breaks are
 * found by the layout at the cell's width (`width` twips) and written as
 * line breaks; a paragraph of other than plain text is left to Word. */
static void header_paragraph(body *b, const char *style, const gk_node *p, int width, bool small)
{
    bool plain = p->type == GK_NODE_PARAGRAPH;
    for (const gk_node *t = p->first; plain && t; t = t->next)
        if (t->type != GK_NODE_TEXT || t->as.text.bold) plain = false;
    const gk_font_spec *f = &b->fonts->role[GK_ROLE_TABLE_HEADER];
    double size = (f->half_points > 0 ? f->half_points : 24) / 2.0;
    if (small && size > 10.5) size = 10.5;
    if (b->fit && size > 9) size = 9;
    const header_lines *h = plain ? header_broken(b, p, size, width) : NULL;
    if (!h || !h->nlines) {
        paragraph(b, style, NULL, p);
        return;
    }
    para_start(b, style, -1, 0, NULL);
    for (size_t l = 0; l < h->nlines; l++) line_run(b, l, h->text + h->at[2 * l], h->at[2 * l + 1] - h->at[2 * l]);
    gk_xml_end(b->x);
}

static void cell_content(body *b, const gk_node *cell, bool header, bool small, int width, bool figcol)
{
    const char *style = b->fit ? (header ? "GkTableHeaderFit" : "GkTableFit")
                      : header ? (small ? "GkTableHeaderSmall" : "GkTableHeader")
                               : (small ? "GkTableSmall" : "GkTable");
    /* figures flush right where their column holds figures only, as the PDF */
    bool right = figcol || cell->as.cell.colspan > 1;
    const char *jc = !header && cell->as.cell.align == GK_ALIGN_LEFT && right && gk_cell_figure(cell) ? "right"
                   : cell->as.cell.align == GK_ALIGN_LEFT || header ? NULL
                                                                     : jc_of(cell->as.cell.align);
    bool any = false;
    for (const gk_node *blk = cell->first; blk; blk = blk->next) {
        if (blk->type == GK_NODE_LIST) list(b, blk, style, true);
        else if (header) header_paragraph(b, style, blk, width, small);
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

/* Whether a cell holds one figure or code and nothing else (≥95%, 1095.70,
 * ≥300人, 13022524P00442P10056R, at most 24 characters, Latin and signs
 * with at most three characters of unit after a digit): it is not wrapped
 * (w:noWrap), as the PDF never breaks it. Word and LibreOffice break the
 * lines themselves, between ≥ and 100% or 23 and 个 among Chinese text,
 * and a word joiner does not stop LibreOffice. */
static bool one_figure(const gk_node *cell)
{
    const gk_node *p = cell->first;
    if (!p || p->next || p->type != GK_NODE_PARAGRAPH) return false;
    size_t n = 0, unit = 0;
    bool digit = false;
    for (const gk_node *t = p->first; t; t = t->next) {
        if (t->type != GK_NODE_TEXT) return false;
        for (size_t i = 0; i < t->as.text.len;) {
            uint32_t cp;
            size_t k = gk_utf8_decode((const unsigned char *)t->as.text.s + i, t->as.text.len - i, &cp);
            if (!k || ++n > 24) return false;
            i += k;
            bool latin = cp > 0x20 && cp < 0x7F;
            bool sign = cp == 0x2265 || cp == 0x2264 || cp == 0xFF1E || cp == 0xFF1C || cp == 0xFF05;
            if (unit && (latin || sign)) return false; /* a unit ends it */
            if (latin || sign) {
                if (cp >= '0' && cp <= '9') digit = true;
                continue;
            }
            if (!digit || ++unit > 3 || !gk_layout_is_wide(cp)) return false;
        }
    }
    return digit;
}

static void cell_props(body *b, int width, int span, const char *vmerge, bool nowrap, bool open_bottom, bool top)
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
    if (open_bottom) { /* the rule below is the next table's top */
        gk_xml_start(x, "w:tcBorders");
        gk_xml_elem(x, "w:bottom", "w:val", "nil", NULL);
        gk_xml_end(x);
    }
    if (nowrap) gk_xml_elem(x, "w:noWrap", NULL);
    gk_xml_elem(x, "w:vAlign", "w:val", top ? "top" : "center", NULL);
    gk_xml_end(x);
}

/* The column widths of table t in twips: the layout's (`grid`, points; the
 * same columns as the PDF, from the content of every table of its kind),
 * else the template's relative widths over the text block. compose.c keeps them from 1 to 1000; the sums are
 * 64-bit all the same, so a tree built otherwise (widths near INT_MAX)
 * still gives each column its share of the text block and never a
 * negative width. False for a broken invariant (columns out of 1..32, no
 * rows). */
static bool table_widths(const gk_node *t, const double *grid, int text_width, int *width)
{
    int cols = t->as.table.cols;
    if (cols < 1 || cols > (int)(sizeof t->as.table.widths / sizeof t->as.table.widths[0]) || !t->first) return false;
    int used = 0;
    double sum = 0;
    for (int c = 0; grid && c < cols; c++) sum += grid[c] > 0 ? grid[c] : 0;
    if (grid && sum > 0) { /* the layout's widths, scaled to the block exactly */
        for (int c = 0; c < cols; c++) {
            width[c] = c == cols - 1 ? text_width - used : (int)(text_width * (grid[c] > 0 ? grid[c] : 0) / sum + 0.5);
            used += width[c];
        }
        return true;
    }
    int64_t total = 0;
    for (int c = 0; c < cols; c++) total += t->as.table.widths[c] > 0 ? t->as.table.widths[c] : 1;
    for (int c = 0; c < cols; c++) {
        int64_t w = t->as.table.widths[c] > 0 ? t->as.table.widths[c] : 1;
        width[c] = c == cols - 1 ? text_width - used : (int)((int64_t)text_width * w / total);
        used += width[c];
    }
    return true;
}

/* The height of cell's text in twips at `half_points` in a column `width`
 * twips wide: lines of the reader's metrics (Latin 0.65 em, others 1 em)
 * and `pitch` times the size a line, the 1 mm margins above and below. An
 * estimate, as Word's and LibreOffice's fonts differ from the fontset's. */
static int cell_twips(const gk_node *cell, int half_points, int width, double pitch)
{
    /* whole characters a line: Chinese text does not fill a line's last
     * fraction of an em */
    double em = half_points * 10.0, room = (double)(int)((width - 2 * 57) / em), lines = 0;
    if (room < 1) room = 1;
    for (const gk_node *p = cell->first; p; p = p->next) {
        const gk_node *first = p->type == GK_NODE_LIST ? p->first : p;
        for (const gk_node *para = first; para; para = p->type == GK_NODE_LIST ? para->next : NULL) {
            double ems = 0;
            for (const gk_node *t = para->first;; t = t->next) {
                if (!t || t->type == GK_NODE_BREAK) { /* a line's end */
                    lines += ems > 0 ? (double)(int)(ems / room + 0.999) : 1;
                    ems = 0;
                    if (!t) break;
                    continue;
                }
                char fig[GK_FIG_STRLEN];
                size_t len = 0;
                const char *s = gk_node_is_run(t) ? gk_run_chars(t, fig, &len) : NULL;
                if (s) ems = reader_ems(ems, s, len);
            }
            if (p->type != GK_NODE_LIST) break;
        }
    }
    return (int)(lines * em * pitch + 0.5) + 2 * 57;
}

/* Whether a fit=page table (表1, 表4) is set at 9 pt with 2 pt cell
 * margins: when at its size its rows (estimated as table_rows does, 1.2
 * lines a size) overflow nine tenths of the text height, the room its
 * caption and unit line leave; as the PDF sets it smaller to keep it on
 * one page. */
static bool fit_small(const body *b, const gk_node *t, const int *width)
{
    if (!t->as.table.fit_page) return false;
    int hp = b->fonts->role[GK_ROLE_TABLE].half_points > 0 ? b->fonts->role[GK_ROLE_TABLE].half_points : 24;
    if (hp <= 18) return false;
    long total = 0;
    for (const gk_node *r = t->first; r; r = r->next) {
        int c = 0, tallest = 0;
        for (const gk_node *cell = r->first; cell && c < t->as.table.cols; cell = cell->next, c++) {
            if (cell->as.cell.covered) continue;
            int span = cell->as.cell.colspan > 1 ? cell->as.cell.colspan : 1, w = 0;
            for (int k = c; k < c + span && k < t->as.table.cols; k++) w += width[k];
            int h = cell_twips(cell, hp, w, 1.2);
            if (h > tallest) tallest = h;
        }
        total += tallest;
    }
    return total > (long)(b->landscape ? GK_TEXT_W : GK_TEXT_H) * 9 / 10;
}

/* The rows of table t in a Word table whose grid is `edges` (nedges
 * columns' right edges, twips): each cell spans the grid columns between
 * its own edges. */
static void table_rows(body *b, const gk_node *t, const int *width, const int *edges, int nedges, bool keep_last,
                       bool open_bottom, bool lead)
{
    gk_xml *x = b->x;
    int cols = t->as.table.cols;
    size_t rows = 0;
    for (const gk_node *r = t->first; r; r = r->next) rows++;
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
    /* the grid column at which each of the table's column edges falls */
    int at[GK_TABLE_MAX_COLS + 1] = {0}, pos = 0;
    for (int c = 0; c < cols; c++) {
        pos += width[c];
        int k = 0;
        while (k < nedges - 1 && edges[k] < pos) k++;
        at[c + 1] = k + 1;
    }
    bool small = cols > 9;
    uint32_t figcols = gk_layout_figure_columns(t);
    size_t header_rows = 0;
    for (const gk_node *row = t->first; row && row->as.row.header; row = row->next) header_rows++;
    /* A cell spanning rows whose text is taller than its rows together:
     * Word and LibreOffice grow the last of them, LibreOffice only as far
     * as the page it starts on, and set the rest of the text over the rows
     * that follow (xianghe's 评分规则 of 部门效果). The last row it spans
     * is given the height the text wants (w:trHeight, at least): the rows
     * of the cell's own estimate low (1.2 lines a size), its text high
     * (1.5), so that the rows make room for all of it. */
    int *height = calloc(rows, sizeof *height), *least = calloc(rows, sizeof *least);
    bool *top = calloc(rows * (size_t)cols, sizeof *top), *keep = calloc(rows, sizeof *keep);
    if (!height || !least || !top || !keep) {
        free(keep);
        free(height);
        free(least);
        free(top);
        free(grid);
        gk_xml_fail(x);
        return;
    }
    int hp = b->fonts->role[GK_ROLE_TABLE].half_points > 0 ? b->fonts->role[GK_ROLE_TABLE].half_points : 24;
    if (small && hp > 21) hp = 21;
    b->fit = fit_small(b, t, width);
    if (b->fit) hp = 18;
    int colx[GK_TABLE_MAX_COLS + 1] = {0};
    for (int c = 0; c < cols; c++) colx[c + 1] = colx[c] + width[c];
    for (size_t q = 0; q < rows; q++)
        for (int c = 0; c < cols; c++) {
            const gk_node *cell = grid[q * (size_t)cols + (size_t)c];
            if (!cell || cell->as.cell.covered || cell->as.cell.rowspan > 1) continue;
            int span = cell->as.cell.colspan < 1 ? 1 : cell->as.cell.colspan > cols - c ? cols - c : cell->as.cell.colspan;
            int h = cell_twips(cell, hp, colx[c + span] - colx[c], 1.2);
            if (h > height[q]) height[q] = h;
        }
    for (size_t q = 0; q < rows; q++)
        for (int c = 0; c < cols; c++) {
            const gk_node *cell = grid[q * (size_t)cols + (size_t)c];
            if (!cell || cell->as.cell.covered || cell->as.cell.rowspan < 2 || header_rows > q) continue;
            int span = cell->as.cell.colspan < 1 ? 1 : cell->as.cell.colspan > cols - c ? cols - c : cell->as.cell.colspan;
            size_t last = q + (size_t)cell->as.cell.rowspan - 1 < rows ? q + (size_t)cell->as.cell.rowspan - 1 : rows - 1;
            int have = 0;
            for (size_t k = q; k <= last; k++) have += height[k];
            int want = cell_twips(cell, hp, colx[c + span] - colx[c], 1.5);
            if (want > have) {
                height[last] += want - have;
                least[last] = height[last];
            }
            /* LibreOffice sets what continues on the next page lower than
             * the room it has there and clips its end: the rows of such a
             * cell stay on one page when they fit on a landscape one (the
             * shorter text height), and the cell starts at its top */
            if (want <= have && want <= GK_TEXT_W / 3) continue;
            top[q * (size_t)cols + (size_t)c] = true;
            have = 0;
            for (size_t k = q; k <= last; k++) have += height[k];
            if (have <= GK_TEXT_W * 9 / 10)
                for (size_t k = q; k < last; k++) keep[k] = true;
        }
    r = 0;
    for (const gk_node *row = t->first; row; row = row->next, r++) {
        /* the header rows and the first two body rows stay together (Word
         * keeps a row whose paragraphs keep with the next on the next's
         * page), the last two body rows together, and the last with what
         * continues it: the next block of a project table, a note */
        b->keep_next = row->as.row.header || r == header_rows || (keep_last && !row->next) || keep[r] ||
                       /* and the last two body rows (xianghe: 本年收入合计 alone on the next page) */
                       (rows - header_rows >= 3 && r + 2 == rows);
        gk_xml_start(x, "w:tr");
        gk_xml_start(x, "w:trPr");
        gk_xml_elem(x, "w:cantSplit", NULL);
        /* Word repeats only the rows at a table's top: the header of an
         * indicator grid inside a project table heads no page */
        if (row->as.row.header && lead) gk_xml_elem(x, "w:tblHeader", NULL);
        if (least[r]) {
            gk_xml_start(x, "w:trHeight");
            gk_xml_attr_int(x, "w:val", least[r]);
            gk_xml_attr(x, "w:hRule", "atLeast");
            gk_xml_end(x);
        }
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
            cell_props(b, w, at[c + span] - at[c], vmerge, !cell->as.cell.covered && one_figure(cell),
                       open_bottom && !row->next, !cell->as.cell.covered && top[r * (size_t)cols + (size_t)c]);
            if (cell->as.cell.covered) {
                para_start(b, "GkTable", -1, 0, NULL);
                gk_xml_end(x);
            } else if (t->as.table.borderless) {
                /* a line in columns: the last column ends at the right edge */
                paragraph_cell(b, cell, c + span == cols ? "right" : NULL);
            } else {
                cell_content(b, cell, row->as.row.header, small, w, figcols >> c & 1u);
            }
            gk_xml_end(x);
            c += span;
        }
        gk_xml_end(x);
    }
    b->keep_next = false;
    b->fit = false;
    free(height);
    free(least);
    free(top);
    free(keep);
    free(grid);
}

/* Whether table t has a cell spanning rows with more than about 60
 * characters: Word and LibreOffice set such a cell in the rows it spans
 * and, rows kept whole, clip what does not fit on the page; the template's
 * widths give it the room it was designed with, where the layout's grid
 * (made for a renderer that grows the rows) may give it less. */
static bool long_merged_text(const gk_node *t)
{
    for (const gk_node *r = t->first; r; r = r->next)
        for (const gk_node *c = r->first; c; c = c->next) {
            if (c->type != GK_NODE_CELL || c->as.cell.covered || c->as.cell.rowspan < 2) continue;
            size_t len = 0;
            for (const gk_node *p = c->first; p; p = p->next)
                for (const gk_node *x = p->first; x; x = x->next)
                    if (x->type == GK_NODE_TEXT) len += x->as.text.len;
            if (len > 180) return true; /* UTF-8: 3 bytes a Chinese character */
        }
    return false;
}

/* The width a one-figure cell needs not to wrap, in twips (the reader's
 * metrics: Latin 0.65 em, others 1 em; the 1 mm margins; a point spare). */
static int figure_twips(const gk_node *cell, int half_points)
{
    double ems = 0;
    for (const gk_node *t = cell->first->first; t; t = t->next) ems = reader_ems(ems, t->as.text.s, t->as.text.len);
    return (int)(ems * half_points * 10 + 0.5) + 2 * 57 + 20;
}

/* The template's widths of a table with long merged text (long_merged_text)
 * leave a figure column as narrow as it was drawn: LibreOffice wraps
 * 115.18% there, w:noWrap or not. Each column holding a one-figure cell
 * gets the width that figure needs, taken from the widest column that
 * holds none. */
static void fit_figures(const gk_node *t, int *width, int half_points)
{
    int cols = t->as.table.cols, need[GK_TABLE_MAX_COLS] = {0};
    for (const gk_node *r = t->first; r; r = r->next) {
        if (r->as.row.header) continue;
        int c = 0;
        for (const gk_node *cell = r->first; cell && c < cols; cell = cell->next, c++)
            if (!cell->as.cell.covered && cell->as.cell.colspan <= 1 && one_figure(cell)) {
                int w = figure_twips(cell, half_points);
                if (w > need[c]) need[c] = w;
            }
    }
    for (int c = 0; c < cols; c++) {
        if (width[c] >= need[c]) continue;
        int wide = -1;
        for (int k = 0; k < cols; k++)
            if (!need[k] && (wide < 0 || width[k] > width[wide])) wide = k;
        int give = need[c] - width[c];
        if (wide < 0 || width[wide] - give < need[c]) continue; /* no column to spare it */
        width[wide] -= give;
        width[c] += give;
    }
}

/* Tables ts[0..n) that follow each other, as one Word table: the blocks of
 * a project table (information, 绩效目标) are one table that Word splits
 * between rows, not several with paragraphs between them. Its grid holds
 * every column edge of every one of them. */
static void tables(body *b, const gk_node *const *ts, size_t n, int text_width)
{
    gk_xml *x = b->x;
    int width[16][GK_TABLE_MAX_COLS], edges[16 * GK_TABLE_MAX_COLS + 1], nedges = 0;
    for (size_t k = 0; k < n; k++) {
        size_t at = b->next++;
        const double *grid = at < b->ngrid && !long_merged_text(ts[k]) ? b->grid + 32 * at : NULL;
        if (!table_widths(ts[k], grid, text_width, width[k])) {
            gk_xml_fail(x);
            return;
        }
        if (!grid && at < b->ngrid) {
            int hp = b->fonts->role[GK_ROLE_TABLE].half_points > 0 ? b->fonts->role[GK_ROLE_TABLE].half_points : 24;
            fit_figures(ts[k], width[k], ts[k]->as.table.cols > 9 && hp > 21 ? 21 : hp);
        }
        int pos = 0;
        for (int c = 0; c < ts[k]->as.table.cols; c++) {
            pos += width[k][c];
            int i = 0;
            while (i < nedges && edges[i] < pos) i++;
            if (i < nedges && edges[i] == pos) continue;
            memmove(edges + i + 1, edges + i, (size_t)(nedges - i) * sizeof *edges);
            edges[i] = pos;
            nedges++;
        }
    }
    gk_xml_start(x, "w:tbl");
    gk_xml_start(x, "w:tblPr");
    gk_xml_elem(x, "w:tblStyle", "w:val", ts[0]->as.table.borderless ? "GkLine" : "GkGrid", NULL);
    gk_xml_start(x, "w:tblW");
    gk_xml_attr_int(x, "w:w", text_width);
    gk_xml_attr(x, "w:type", "dxa");
    gk_xml_end(x);
    gk_xml_elem(x, "w:jc", "w:val", "center", NULL);
    gk_xml_elem(x, "w:tblLayout", "w:type", "fixed", NULL);
    /* a fit=page table set at 9 pt: 2 pt (40 twips) above and below its
     * text instead of the style's 1 mm, as the PDF's smallest step */
    if (n == 1 && fit_small(b, ts[0], width[0])) {
        gk_xml_start(x, "w:tblCellMar");
        gk_xml_elem(x, "w:top", "w:w", "40", "w:type", "dxa", NULL);
        gk_xml_elem(x, "w:left", "w:w", "57", "w:type", "dxa", NULL);
        gk_xml_elem(x, "w:bottom", "w:w", "40", "w:type", "dxa", NULL);
        gk_xml_elem(x, "w:right", "w:w", "57", "w:type", "dxa", NULL);
        gk_xml_end(x);
    }
    gk_xml_end(x);
    gk_xml_start(x, "w:tblGrid");
    for (int c = 0; c < nedges; c++) {
        gk_xml_start(x, "w:gridCol");
        gk_xml_attr_int(x, "w:w", edges[c] - (c ? edges[c - 1] : 0));
        gk_xml_end(x);
    }
    gk_xml_end(x);
    /* A bordered table that follows, one point below (spacer), draws the
     * rule where they meet with its top: this one's last row has no bottom
     * rule, so the join is one rule, not two (a project table's indicators
     * under its information block). The next table keeps its top, which
     * its header repeats on every page. */
    const gk_node *next = ts[n - 1]->next;
    bool open_bottom = !ts[n - 1]->as.table.borderless && next && next->type == GK_NODE_TABLE && !next->as.table.borderless;
    for (size_t k = 0; k < n; k++) {
        const gk_node *after = ts[k]->next;
        table_rows(b, ts[k], width[k], edges, nedges,
                   k + 1 < n || (after && (after->type == GK_NODE_PARAGRAPH || after->type == GK_NODE_TABLE)),
                   open_bottom && k + 1 == n, k == 0);
    }
    gk_xml_end(x);
}

/* Whether table t continues the bordered table before it in one Word
 * table. Not when t has header rows of its own: Word repeats only the rows
 * at the top of a table, and the indicators' header must repeat over them
 * on every page; that table starts anew, one point below (spacer). */
static bool joins(const gk_node *prev, const gk_node *t)
{
    return prev && prev->type == GK_NODE_TABLE && t->type == GK_NODE_TABLE && !prev->as.table.borderless &&
           !t->as.table.borderless && !(t->first && t->first->as.row.header);
}

/* Whether table t, with header rows of its own, continues the table
 * before it all the same: the indicator grid of a project table under its
 * information block and 绩效目标, when it is short (its rows estimated at
 * most half a page high), so that it is rarely continued on a page where
 * its header would not repeat. Word and LibreOffice then keep the caption,
 * 绩效目标 and indicators as the rows of one table; with a spacer paragraph
 * between two tables LibreOffice broke after the first (quyang pp. 15-18
 * left a caption and 绩效目标 at the page foot). */
static bool joins_short(const body *b, const gk_node *prev, const gk_node *t, int text_width)
{
    if (!prev || prev->type != GK_NODE_TABLE || t->type != GK_NODE_TABLE || prev->as.table.borderless ||
        t->as.table.borderless || !(t->first && t->first->as.row.header) ||
        (prev->first && prev->first->as.row.header))
        return false;
    int width[GK_TABLE_MAX_COLS];
    if (!table_widths(t, NULL, text_width, width)) return false;
    int hp = b->fonts->role[GK_ROLE_TABLE].half_points > 0 ? b->fonts->role[GK_ROLE_TABLE].half_points : 24;
    long total = 0;
    for (const gk_node *r = t->first; r; r = r->next) {
        int c = 0, tallest = 0;
        for (const gk_node *cell = r->first; cell && c < t->as.table.cols; cell = cell->next, c++) {
            if (cell->as.cell.covered) continue; /* a merged cell counts in its first row */
            int span = cell->as.cell.colspan > 1 ? cell->as.cell.colspan : 1, w = 0;
            for (int k = c; k < c + span && k < t->as.table.cols; k++) w += width[k];
            int h = cell_twips(cell, hp, w, 1.5);
            if (h > tallest) tallest = h;
        }
        total += tallest;
    }
    return total <= (b->landscape ? GK_TEXT_W : GK_TEXT_H);
}

/* A paragraph one point high: between two tables Word would join, and at
 * the end of a body that ends with a table (Word wants a paragraph there;
 * a full-height one would be pushed onto a blank page). */
static void spacer(body *b, bool keep_next)
{
    gk_xml *x = b->x;
    gk_xml_start(x, "w:p");
    gk_xml_start(x, "w:pPr");
    gk_xml_elem(x, "w:pStyle", "w:val", "GkPlain", NULL);
    if (keep_next) gk_xml_elem(x, "w:keepNext", NULL);
    gk_xml_elem(x, "w:snapToGrid", "w:val", "0", NULL); /* else it takes a grid line */
    gk_xml_elem(x, "w:spacing", "w:before", "0", "w:after", "0", "w:line", "20", "w:lineRule", "exact", NULL);
    gk_xml_start(x, "w:rPr");
    gk_xml_val(x, "w:sz", 2);
    gk_xml_end(x);
    gk_xml_end(x);
    gk_xml_end(x);
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

/* A centred caption just before a landscape section that starts with a
 * table: it goes on the landscape page, in the section of its table (as
 * the PDF has it), not alone at the foot of the portrait page before. */
static bool landscape_caption(const gk_node *n)
{
    if (!n || n->type != GK_NODE_PARAGRAPH || n->as.para.indent || n->as.para.align != GK_ALIGN_CENTER) return false;
    const gk_node *s = n->next;
    return s && s->type == GK_NODE_SECTION && s->as.section.landscape && s->first && s->first->type == GK_NODE_TABLE;
}

static void blocks(body *b, const gk_node *parent, bool landscape)
{
    int text_width = landscape ? GK_TEXT_H : GK_TEXT_W;
    b->landscape = landscape;
    for (const gk_node *n = parent->first; n; n = n->next) {
        /* Word joins tables that touch: keep them apart, the second one
         * point below the first (a project table's indicators under its
         * information block, the unit line above a table) */
        if (n->type == GK_NODE_TABLE && b->prev && b->prev->type == GK_NODE_TABLE) spacer(b, true);
        switch (n->type) {
        case GK_NODE_TITLE: title(b, n); break;
        case GK_NODE_HEADING: heading(b, n); break;
        case GK_NODE_PARAGRAPH:
            if (landscape_caption(n)) continue; /* written with its section */
            /* a caption or lead-in right before a table keeps with its first
             * rows (lunan: 单位机构设置情况 at a page foot, its table on the
             * next page) */
            b->keep_next = n->next && n->next->type == GK_NODE_TABLE;
            if (n->as.para.indent || gk_node_is_note_after_table(n)) paragraph(b, "Normal", NULL, n);
            /* a centred caption in balanced lines (no lone 表) */
            else if (n->as.para.align == GK_ALIGN_CENTER &&
                     balanced(b, n, GK_ROLE_BODY, "", true, text_width / 20.0, "GkPlain", -1, 0))
                break;
            /* a paragraph without indent is justified all the same: only
             * its last line is left-aligned */
            else paragraph(b, "GkPlain", n->as.para.align == GK_ALIGN_LEFT ? "both" : jc_of(n->as.para.align), n);
            break;
        case GK_NODE_LIST: list(b, n, "Normal", false); break;
        case GK_NODE_TABLE: {
            const gk_node *ts[16] = {n};
            size_t nt = 1;
            while (nt < 16 && n->next && (joins(n, n->next) || joins_short(b, n, n->next, text_width)))
                ts[nt++] = n = n->next;
            tables(b, ts, nt, text_width);
            break;
        }
        case GK_NODE_SECTION:
            if (b->prev) section_break(b, false); /* the portrait pages before */
            b->prev = NULL;
            if (landscape_caption(n->prev) && !balanced(b, n->prev, GK_ROLE_BODY, "", true, GK_TEXT_H / 20.0, "GkPlain", -1, 0))
                paragraph(b, "GkPlain", "center", n->prev);
            blocks(b, n, n->as.section.landscape);
            b->landscape = landscape;
            /* the last section is the body's own; another gets its break */
            if (n->next) section_break(b, n->as.section.landscape);
            else b->ends_landscape = n->as.section.landscape;
            if (n->next) b->prev = NULL;
            continue;
        default: break;
        }
        b->keep_next = false;
        b->prev = n;
    }
}

/* The reader's advance of a character, in ems: Latin letters, digits and
 * '.' 0.65, every other character 1, wide (gk_layout_is_wide) or not: no
 * character of the first kind is wide, so that needs no look-up (the
 * layout asks this of every character of every table, gk_layout_columns). */
static double reader_advance(uint32_t cp)
{
    bool latin = (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || cp == '.';
    return latin ? 0.65 : 1.0;
}

static gk_glyph reader_glyph(void *ctx, gk_font_role role, uint32_t cp)
{
    (void)ctx;
    (void)role;
    return (gk_glyph){.font = 0, .advance = reader_advance(cp), .missing = false};
}

/* `ems` and the reader's ems of UTF-8 text, the advances added to it one
 * by one (as the callers always added them: the same sums to the last
 * bit, whose rounding decides a line at a boundary). A character
 * beyond ASCII is never Latin here (1 em), so it needs no decoding: it is
 * counted at its lead byte and its continuation bytes are passed over
 * (the tree's text is valid UTF-8, input/value.c and the template
 * parser check it). Cells are measured several times each (cell_twips). */
static double reader_ems(double ems, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) != 0x80) ems += reader_advance(c);
    }
    return ems;
}

bool gk_docx_document_xml(const gk_tree *tree, const gk_fontset *fonts, gk_docx_numbering *num,
                          const gk_docx_footers *footers, gk_buf *out)
{
    gk_xml *x = gk_xml_new();
    if (!x) return false;
    body b = {x, fonts, num, footers, NULL, NULL, 0, 0, false, false, false};
    /* the layout's columns, with letters and digits 0.65 em and others 1 em:
     * the fonts are the reader's, and a Latin font put in for the
     * fontset's may be wider than half an em (LibreOffice's DejaVu Serif
     * for a missing Times New Roman: 0.64 em a digit, 0.95 em a %) */
    gk_metrics m = {NULL, reader_glyph};
    gk_page_geom g;
    gk_page_geom_gbt9704(&g);
    double *grid = NULL;
    if (gk_layout_columns(tree, fonts, &m, &g, &grid, &b.ngrid) != GK_OK) gk_xml_fail(x);
    b.grid = grid;
    gk_xml_start(x, "w:document");
    gk_xml_attr(x, "xmlns:w", GK_NS_W);
    gk_xml_attr(x, "xmlns:r", GK_NS_R);
    gk_xml_start(x, "w:body");
    blocks(&b, tree->root, false);
    if (b.prev && b.prev->type == GK_NODE_TABLE) spacer(&b, false); /* the body ends with a paragraph */
    section_props(&b, b.ends_landscape);
    gk_xml_end(x);
    gk_xml_end(x);
    free(grid);
    for (size_t k = 0; k < b.nheads; k++) {
        free(b.heads[k].text);
        free(b.heads[k].at);
    }
    free(b.heads);
    gk_buf_free(&b.text);
    return gk_xml_finish(x, out);
}
