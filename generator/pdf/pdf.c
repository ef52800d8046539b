/* The PDF renderer: the layout engine's pages drawn with libharu, with
 * embedded font subsets, a valid ToUnicode CMap, an outline of the
 * headings, document information in Chinese and fixed dates and IDs, so the
 * same input gives the same bytes. */
#include "pdf.h"
#include "buf.h"
#include "diag.h"
#include "layout.h"
#include "pdf_internal.h"
#include "utf8.h"

#include <hpdf_doc.h>
#include <hpdf_encrypt.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct herr {
    HPDF_STATUS code, detail;
} herr;

static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
    herr *e = user;
    if (!e->code) {
        e->code = code;
        e->detail = detail;
    }
}

/* ---- Strings --------------------------------------------------------------- */

/* A PDF text string: UTF-16BE with its byte order mark, as a binary
 * object (libharu 2.3.0 would write UTF-8 bytes as PDFDocEncoding). */
static HPDF_Binary text_string(HPDF_Doc pdf, const char *s)
{
    size_t len = strlen(s);
    unsigned char *b = malloc(2 + len * 4);
    if (!b) return NULL;
    size_t n = 0;
    b[n++] = 0xFE;
    b[n++] = 0xFF;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = gk_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (!k) {
            cp = 0xFFFD;
            k = 1;
        }
        i += k;
        if (cp >= 0x10000) {
            uint32_t v = cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
            b[n++] = (unsigned char)(hi >> 8);
            b[n++] = (unsigned char)hi;
            b[n++] = (unsigned char)(lo >> 8);
            b[n++] = (unsigned char)lo;
        } else {
            b[n++] = (unsigned char)(cp >> 8);
            b[n++] = (unsigned char)cp;
        }
    }
    HPDF_Binary bin = HPDF_Binary_New(pdf->mmgr, b, (HPDF_UINT)n);
    free(b);
    return bin;
}

static void set_text(HPDF_Doc pdf, HPDF_Dict dict, const char *key, const char *value)
{
    if (!value || !*value) return;
    HPDF_Binary b = text_string(pdf, value);
    if (b) HPDF_Dict_Add(dict, key, b);
}

/* ---- Drawing ----------------------------------------------------------------- */

typedef struct pen {
    HPDF_Page page;
    HPDF_Stream raw;     /* the page's content stream, for marked content */
    int font;
    double size, spacing;
    bool bold, in_text;
} pen;

static void begin_text(pen *p)
{
    if (!p->in_text) HPDF_Page_BeginText(p->page);
    p->in_text = true;
}

static void end_text(pen *p)
{
    if (p->in_text) HPDF_Page_EndText(p->page);
    p->in_text = false;
}

/* Writes a PDF text string in UTF-16BE hex: <FEFF…>. */
static void write_text_string(HPDF_Stream s, const char *text)
{
    char buf[16];
    HPDF_Stream_WriteStr(s, "<FEFF");
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = gk_utf8_decode((const unsigned char *)text + i, len - i, &cp);
        if (!k) {
            cp = 0xFFFD;
            k = 1;
        }
        i += k;
        if (cp >= 0x10000) {
            uint32_t v = cp - 0x10000;
            snprintf(buf, sizeof buf, "%04X%04X", (unsigned)(0xD800 + (v >> 10)), (unsigned)(0xDC00 + (v & 0x3FF)));
        } else {
            snprintf(buf, sizeof buf, "%04X", (unsigned)cp);
        }
        HPDF_Stream_WriteStr(s, buf);
    }
    HPDF_Stream_WriteStr(s, ">");
}

/* The run's text as codes of its font: characters beyond the BMP become
 * their private-use substitutes; every code is marked as used. */
static char *encode_run(gk_pfonts *pf, const gk_lrun *r)
{
    char *out = malloc(r->len + 1);
    if (!out) return NULL;
    size_t n = 0;
    for (size_t i = 0; i < r->len;) {
        uint32_t cp;
        size_t k = gk_utf8_decode((const unsigned char *)r->text + i, r->len - i, &cp);
        if (!k) {
            cp = 0xFFFD;
            k = 1;
        }
        uint16_t code = gk_pfont_code(pf, r->font, cp);
        if (code < 0x80) {
            out[n++] = (char)code;
        } else if (code < 0x800) {
            out[n++] = (char)(0xC0 | (code >> 6));
            out[n++] = (char)(0x80 | (code & 0x3F));
        } else {
            out[n++] = (char)(0xE0 | (code >> 12));
            out[n++] = (char)(0x80 | ((code >> 6) & 0x3F));
            out[n++] = (char)(0x80 | (code & 0x3F));
        }
        i += k;
    }
    out[n] = '\0';
    return out;
}

static bool draw_run(gk_pfonts *pf, pen *p, const gk_lrun *r)
{
    HPDF_Font font = gk_pfont_font(pf, r->font);
    if (!font) return false;
    char *s = encode_run(pf, r);
    if (!s) return false;
    if (r->artifact) {
        /* page furniture: an artifact with no text of its own, so copying,
         * searching and text extraction see each table header once and no
         * page numbers */
        end_text(p);
        HPDF_Stream_WriteStr(p->raw, "/Artifact <</Type /Pagination>> BDC\n/Span <</ActualText ()>> BDC\n");
    }
    if (r->actual) {
        end_text(p);
        HPDF_Stream_WriteStr(p->raw, "/Span <</ActualText ");
        write_text_string(p->raw, r->actual);
        HPDF_Stream_WriteStr(p->raw, ">> BDC\n");
    }
    begin_text(p);
    if (r->font != p->font || r->size != p->size) {
        HPDF_Page_SetFontAndSize(p->page, font, (HPDF_REAL)r->size);
        p->font = r->font;
        p->size = r->size;
    }
    if (r->bold != p->bold) {
        /* no bold face in the fontset: the outline stroked as well */
        HPDF_Page_SetTextRenderingMode(p->page, r->bold ? HPDF_FILL_THEN_STROKE : HPDF_FILL);
        if (r->bold) HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)(r->size / 30));
        p->bold = r->bold;
    }
    if (r->spacing != p->spacing) {
        HPDF_Page_SetCharSpace(p->page, (HPDF_REAL)r->spacing);
        p->spacing = r->spacing;
    }
    if (r->vertical) HPDF_Page_SetTextMatrix(p->page, 0, -1, 1, 0, (HPDF_REAL)r->x, (HPDF_REAL)r->y);
    else HPDF_Page_SetTextMatrix(p->page, 1, 0, 0, 1, (HPDF_REAL)r->x, (HPDF_REAL)r->y);
    HPDF_Page_ShowText(p->page, s);
    free(s);
    if (r->artifact) {
        end_text(p);
        HPDF_Stream_WriteStr(p->raw, "EMC\nEMC\n");
    }
    if (r->close) {
        end_text(p);
        HPDF_Stream_WriteStr(p->raw, "EMC\n");
    }
    return true;
}

static bool draw_page(HPDF_Doc pdf, gk_pfonts *pf, const gk_layout *lay, const gk_lpage *lp, HPDF_Page *out)
{
    HPDF_Page page = HPDF_AddPage(pdf);
    if (!page) return false;
    *out = page;
    HPDF_Page_SetWidth(page, (HPDF_REAL)lp->width);
    HPDF_Page_SetHeight(page, (HPDF_REAL)lp->height);
    if (lp->nrules) {
        HPDF_Page_SetLineWidth(page, (HPDF_REAL)lay->rule);
        HPDF_Page_SetLineCap(page, HPDF_PROJECTING_SCUARE_END);
        for (size_t k = 0; k < lp->nrules; k++) {
            const gk_lrule *r = &lp->rules[k];
            HPDF_Page_MoveTo(page, (HPDF_REAL)r->x0, (HPDF_REAL)r->y0);
            HPDF_Page_LineTo(page, (HPDF_REAL)r->x1, (HPDF_REAL)r->y1);
        }
        HPDF_Page_Stroke(page);
    }
    pen p;
    memset(&p, 0, sizeof p);
    p.page = page;
    p.raw = ((HPDF_PageAttr)page->attr)->stream;
    p.font = -1;
    for (size_t k = 0; k < lp->nruns; k++)
        if (!draw_run(pf, &p, &lp->runs[k])) return false;
    end_text(&p);
    return true;
}

/* ---- Outline and information ----------------------------------------------- */

static void outline(HPDF_Doc pdf, const gk_layout *lay, HPDF_Page *pages)
{
    HPDF_Outline parent[5] = {NULL, NULL, NULL, NULL, NULL};
    for (size_t k = 0; k < lay->nmarks; k++) {
        const gk_lmark *m = &lay->marks[k];
        int level = m->level < 1 ? 1 : m->level > 4 ? 4 : m->level;
        HPDF_Outline up = NULL;
        for (int l = level - 1; l >= 1 && !up; l--) up = parent[l];
        HPDF_Outline o = HPDF_CreateOutline(pdf, up, "", NULL);
        if (!o) return;
        set_text(pdf, o, "Title", m->title);
        HPDF_Destination d = HPDF_Page_CreateDestination(pages[m->page]);
        if (d) {
            /* [page /XYZ 0 top 0]: libharu's SetXYZ refuses zoom 0 ("keep the zoom") */
            HPDF_Array_Clear(d);
            HPDF_Array_Add(d, pages[m->page]);
            HPDF_Array_AddName(d, "XYZ");
            HPDF_Array_AddReal(d, 0);
            HPDF_Array_AddReal(d, (HPDF_REAL)m->y);
            HPDF_Array_AddReal(d, 0);
            HPDF_Outline_SetDestination(o, d);
        }
        HPDF_Outline_SetOpened(o, level == 1 ? HPDF_TRUE : HPDF_FALSE);
        parent[level] = o;
        for (int l = level + 1; l <= 4; l++) parent[l] = NULL;
    }
    if (lay->nmarks) HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);
}

/* "YYYY-MM-DDTHH:MM:SSZ" (document.c writes it so). */
static bool parse_date(const char *s, HPDF_Date *d)
{
    int y, mo, da, h = 0, mi = 0, se = 0;
    if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &da, &h, &mi, &se) < 3) return false;
    memset(d, 0, sizeof *d);
    d->year = y;
    d->month = mo;
    d->day = da;
    d->hour = h;
    d->minutes = mi;
    d->seconds = se;
    d->ind = 'Z';
    return y > 0 && mo >= 1 && mo <= 12 && da >= 1 && da <= 31 && h <= 23 && mi <= 59 && se <= 59;
}

static void info(HPDF_Doc pdf, const gk_tree *tree)
{
    HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, "gongkai " GK_VERSION " (libharu)");
    HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "gongkai " GK_VERSION);
    if (!pdf->info) return;
    set_text(pdf, pdf->info, "Title", tree->meta.title);
    set_text(pdf, pdf->info, "Author", tree->meta.author);
    set_text(pdf, pdf->info, "Subject", tree->meta.subject);
    HPDF_Date d;
    if (parse_date(tree->meta.date, &d)) {
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, d);
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, d);
    }
}

/* The file identifier: a digest of what the document says, so the same
 * input gives the same bytes. */
static void file_id(HPDF_Doc pdf, const gk_tree *tree, const gk_layout *lay)
{
    HPDF_MD5_CTX md5;
    HPDF_MD5Init(&md5);
    const char *parts[] = {tree->meta.title, tree->meta.author, tree->meta.subject, tree->meta.date};
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
        if (parts[k]) HPDF_MD5Update(&md5, (const HPDF_BYTE *)parts[k], (HPDF_UINT32)strlen(parts[k]) + 1);
    for (size_t i = 0; i < lay->npages; i++)
        for (size_t k = 0; k < lay->pages[i].nruns; k++) {
            const gk_lrun *r = &lay->pages[i].runs[k];
            HPDF_MD5Update(&md5, (const HPDF_BYTE *)r->text, (HPDF_UINT32)r->len);
        }
    HPDF_BYTE digest[16];
    HPDF_MD5Final(digest, &md5);
    HPDF_Array id = HPDF_Array_New(pdf->mmgr);
    if (!id) return;
    HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, digest, 16));
    HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, digest, 16));
    HPDF_Dict_Add(pdf->trailer, "ID", id);
}

/* ---- The whole ------------------------------------------------------------- */

static void warn_missing(const gk_layout *lay, const char *name, gk_diags *diags)
{
    if (!lay->nmissing) return;
    gk_buf b = {0};
    for (size_t k = 0; k < lay->nmissing && k < 20; k++) {
        const gk_lmissing *m = &lay->missing[k];
        char ch[8] = {0};
        uint32_t c = m->cp;
        if (c < 0x80) ch[0] = (char)c;
        else if (c < 0x800) { ch[0] = (char)(0xC0 | (c >> 6)); ch[1] = (char)(0x80 | (c & 0x3F)); }
        else if (c < 0x10000) {
            ch[0] = (char)(0xE0 | (c >> 12));
            ch[1] = (char)(0x80 | ((c >> 6) & 0x3F));
            ch[2] = (char)(0x80 | (c & 0x3F));
        } else {
            ch[0] = (char)(0xF0 | (c >> 18));
            ch[1] = (char)(0x80 | ((c >> 12) & 0x3F));
            ch[2] = (char)(0x80 | ((c >> 6) & 0x3F));
            ch[3] = (char)(0x80 | (c & 0x3F));
        }
        gk_buf_printf(&b, "%s%s (U+%04X) on page %d in \"%s\"", k ? "; " : "", ch, (unsigned)c, m->page, m->context);
        if (m->count > 1) gk_buf_printf(&b, " and %zu more times", m->count - 1);
    }
    if (lay->nmissing > 20) gk_buf_printf(&b, "; and %zu more characters", lay->nmissing - 20);
    gk_diag_add(diags, GK_WARNING, "font-missing", name, 0, 0, "",
                "no font of the fontset has %zu character%s, drawn as boxes: %s", lay->nmissing,
                lay->nmissing > 1 ? "s" : "", gk_buf_str(&b));
    gk_buf_free(&b);
}

gk_status gk_pdf_write(const gk_tree *tree, const gk_fontset *fonts, const char *path, const char *name,
                       gk_diags *diags)
{
    herr err = {0, 0};
    gk_pfonts pf;
    gk_layout lay;
    HPDF_Page *pages = NULL;
    memset(&pf, 0, sizeof pf);
    memset(&lay, 0, sizeof lay);
    HPDF_Doc pdf = HPDF_New(on_error, &err);
    if (!pdf) return GK_NOMEM;
    gk_status st = GK_OK;
    pdf->pdf_version = HPDF_VER_15; /* marked content with ActualText */
    if (HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL) != HPDF_OK || HPDF_UseUTFEncodings(pdf) != HPDF_OK) {
        st = GK_NOMEM;
        goto done;
    }
    st = gk_pfonts_init(&pf, pdf, fonts, name, diags);
    if (st != GK_OK) goto done;
    gk_metrics m = gk_pfonts_metrics(&pf);
    gk_page_geom g;
    gk_page_geom_gbt9704(&g);
    st = gk_layout_document(tree, fonts, &m, &g, &lay);
    if (st == GK_OK && pf.oom) st = GK_NOMEM;
    if (st != GK_OK) goto done;
    warn_missing(&lay, name, diags);
    err.code = 0;
    /* every code drawn, before libharu creates the fonts */
    for (size_t i = 0; i < lay.npages; i++)
        for (size_t k = 0; k < lay.pages[i].nruns; k++) free(encode_run(&pf, &lay.pages[i].runs[k]));
    if (pf.oom) {
        st = GK_NOMEM;
        goto done;
    }
    gk_pfonts_compact(&pf);
    pages = calloc(lay.npages, sizeof *pages);
    if (!pages) {
        st = GK_NOMEM;
        goto done;
    }
    bool drawn = true;
    for (size_t i = 0; i < lay.npages && drawn; i++) drawn = draw_page(pdf, &pf, &lay, &lay.pages[i], &pages[i]);
    if (drawn) {
        outline(pdf, &lay, pages);
        info(pdf, tree);
        file_id(pdf, tree, &lay);
    } else if (!err.code) {
        st = GK_NOMEM;
        goto done;
    }
    if (err.code) {
        gk_diag_add(diags, GK_ERROR, "pdf", name, 0, 0, "", "libharu failed (error 0x%04X, detail %u)",
                    (unsigned)err.code, (unsigned)err.detail);
        st = GK_INVALID;
        goto done;
    }
    st = gk_pdf_tounicode(&pf);
    if (st != GK_OK) goto done;
    if (!gk_pfonts_finish_subsets(&pf)) {
        gk_diag_add(diags, GK_ERROR, "io", name, 0, 0, "", "cannot read a font file again to embed its glyphs");
        st = GK_IO;
        goto done;
    }
    err.code = 0;
    if (HPDF_SaveToFile(pdf, path) != HPDF_OK || err.code) {
        gk_diag_add(diags, GK_ERROR, "io", name, 0, 0, "", "cannot write the PDF (libharu error 0x%04X)",
                    (unsigned)err.code);
        st = GK_IO;
    }
done:
    free(pages);
    gk_layout_free(&lay);
    gk_pfonts_free(&pf);
    HPDF_Free(pdf);
    return st;
}
