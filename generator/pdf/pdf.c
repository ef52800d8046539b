/* The PDF renderer: the layout engine's pages drawn with libharu, with
 * embedded font subsets, a valid ToUnicode CMap, an outline of the
 * headings, document information in Chinese and fixed dates and IDs, so the
 * same input gives the same bytes. */
#include "pdf.h"
#include "buf.h"
#include "diag.h"
#include "laid.h"
#include "layout.h"
#include "pdf_internal.h"
#include "utf8.h"

#include <hpdf_doc.h>
#include <hpdf_encrypt.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
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

/* What a libharu error number means, for a message: the ones our use of
 * libharu can meet (the others are programming errors and keep their
 * number). */
static const char *haru_words(HPDF_STATUS code)
{
    switch (code) {
    case HPDF_ARRAY_COUNT_ERR: return "an array of the PDF would have more than 32 767 items";
    case HPDF_DICT_COUNT_ERR: return "a dictionary of the PDF would have more than 4 095 entries";
    case HPDF_XREF_COUNT_ERR: return "the PDF would have more than 8 388 607 objects";
    case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
    case HPDF_FILE_IO_ERROR: return "the file cannot be written";
    case HPDF_FILE_OPEN_ERROR: return "the file cannot be created";
    case HPDF_ZLIB_ERROR: return "a stream cannot be compressed";
    case HPDF_STRING_OUT_OF_RANGE: return "a text is longer than 65 535 bytes";
    case HPDF_REAL_OUT_OF_RANGE: return "a coordinate is out of range";
    case HPDF_PAGE_INVALID_SIZE: return "a page size is out of range";
    case HPDF_EXCEED_GSTATE_LIMIT: return "graphics states are nested too deep";
    case HPDF_TTF_CANNOT_EMBEDDING_FONT: return "a font does not allow embedding";
    case HPDF_TTF_INVALID_CMAP: return "a font has no Unicode character map";
    case HPDF_TTF_INVALID_FOMAT: return "a font is not a valid TrueType font";
    case HPDF_TTF_MISSING_TABLE: return "a font lacks a table the PDF needs";
    default: return NULL;
    }
}

/* "libharu error 0x1001: an array ... items" or "libharu error 0x1035". */
static void haru_problem(gk_diags *diags, const char *code, const char *name, const char *what, const herr *e)
{
    const char *words = haru_words(e->code);
    gk_diag_add(diags, GK_ERROR, code, name, 0, 0, "", "%s (libharu error 0x%04X%s%s)", what, (unsigned)e->code,
                words ? ": " : "", words ? words : "");
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
        size_t k = gk_utf8_next(s + i, len - i, &cp);
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

/* The content of a page is written here rather than through libharu's page
 * operators, which format every operator in a 512-byte buffer they clear
 * first, measure every string through the encoder, and write through their
 * streams a byte at a time: a tenth of a document's time. The operators and
 * numbers are libharu's (HPDF_FToA formats the numbers), so the content is
 * the same; libharu only registers the fonts in the page's resources. */
typedef struct pen {
    gk_buf out;          /* the page's content stream */
    HPDF_Page page;
    int font;
    double size, spacing;
    bool bold, in_text;
} pen;

/* A number as libharu writes it: at most five decimals, no trailing zeros. */
static void put_real(gk_buf *b, double v)
{
    char s[32];
    char *e = HPDF_FToA(s, (HPDF_REAL)v, s + sizeof s - 1);
    gk_buf_append(b, s, (size_t)(e - s));
}

static void put_op(gk_buf *b, double v, const char *op)
{
    put_real(b, v);
    gk_buf_puts(b, op);
}

static void begin_text(pen *p)
{
    if (!p->in_text) gk_buf_puts(&p->out, "BT\n");
    p->in_text = true;
}

static void end_text(pen *p)
{
    if (p->in_text) gk_buf_puts(&p->out, "ET\n");
    p->in_text = false;
}

/* Writes a PDF text string in UTF-16BE hex: <FEFF…>. */
static void write_text_string(gk_buf *b, const char *text)
{
    char buf[16];
    gk_buf_puts(b, "<FEFF");
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = gk_utf8_next(text + i, len - i, &cp);
        i += k;
        if (cp >= 0x10000) {
            uint32_t v = cp - 0x10000;
            snprintf(buf, sizeof buf, "%04X%04X", (unsigned)(0xD800 + (v >> 10)), (unsigned)(0xDC00 + (v & 0x3FF)));
        } else {
            snprintf(buf, sizeof buf, "%04X", (unsigned)cp);
        }
        gk_buf_puts(b, buf);
    }
    gk_buf_puts(b, ">");
}

/* Marks the codes of a run's text as used in its font (characters beyond
 * the BMP become their private-use substitutes); with `out`, also writes
 * their CIDs (fonts.c, after gk_pfonts_embed) as the hex string of a Tj
 * (two bytes a CID, Identity-H). */
static void encode_run(gk_pfonts *pf, const gk_lrun *r, gk_buf *out)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < r->len;) {
        uint32_t cp;
        size_t k = gk_utf8_next(r->text + i, r->len - i, &cp);
        uint16_t code = gk_pfont_code(pf, r->font, cp);
        if (out) {
            code = gk_pfont_cid(pf, r->font, code);
            char h[4] = {hex[code >> 12], hex[(code >> 8) & 15], hex[(code >> 4) & 15], hex[code & 15]};
            gk_buf_append(out, h, 4);
        }
        i += k;
    }
}

static bool draw_run(gk_pfonts *pf, pen *p, const gk_lrun *r)
{
    HPDF_Font font = gk_pfont_font(pf, r->font);
    const char *local = font ? HPDF_Page_GetLocalFontName(p->page, font) : NULL;
    if (!local) return false;
    gk_buf *o = &p->out;
    if (r->artifact) {
        /* page furniture: an artifact with no text of its own, so copying,
         * searching and text extraction see each table header once and no
         * page numbers */
        end_text(p);
        gk_buf_puts(o, "/Artifact <</Type /Pagination>> BDC\n/Span <</ActualText ()>> BDC\n");
    }
    if (r->actual) {
        end_text(p);
        gk_buf_puts(o, "/Span <</ActualText ");
        write_text_string(o, r->actual);
        gk_buf_puts(o, ">> BDC\n");
    }
    begin_text(p);
    if (r->font != p->font || r->size != p->size) {
        gk_buf_printf(o, "/%s ", local);
        put_op(o, r->size, " Tf\n");
        p->font = r->font;
        p->size = r->size;
    }
    if (r->bold != p->bold) {
        /* no bold face in the fontset: the outline stroked as well */
        gk_buf_puts(o, r->bold ? "2 Tr\n" : "0 Tr\n");
        if (r->bold) put_op(o, r->size / 30, " w\n");
        p->bold = r->bold;
    }
    if (r->spacing != p->spacing) {
        put_op(o, r->spacing, " Tc\n");
        p->spacing = r->spacing;
    }
    gk_buf_puts(o, r->vertical ? "0 -1 1 0 " : "1 0 0 1 ");
    put_op(o, r->x, " ");
    put_op(o, r->y, " Tm\n");
    if (r->len) {
        gk_buf_putc(o, '<');
        encode_run(pf, r, o);
        gk_buf_puts(o, "> Tj\n");
    }
    if (r->artifact) {
        end_text(p);
        gk_buf_puts(o, "EMC\nEMC\n");
    }
    if (r->close) {
        end_text(p);
        gk_buf_puts(o, "EMC\n");
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
    pen p = {.page = page, .font = -1};
    if (lp->nrules) {
        put_op(&p.out, lay->rule, " w\n");
        gk_buf_puts(&p.out, "2 J\n"); /* projecting square caps */
        for (size_t k = 0; k < lp->nrules; k++) {
            const gk_lrule *r = &lp->rules[k];
            put_op(&p.out, r->x0, " ");
            put_op(&p.out, r->y0, " m\n");
            put_op(&p.out, r->x1, " ");
            put_op(&p.out, r->y1, " l\n");
        }
        gk_buf_puts(&p.out, "S\n");
    }
    bool ok = true;
    for (size_t k = 0; k < lp->nruns && ok; k++) ok = draw_run(pf, &p, &lp->runs[k]);
    end_text(&p);
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    /* an empty page keeps its empty stream */
    if (ok && p.out.len) {
        ok = !p.out.oom && gk_flate_set(attr->contents, p.out.data, p.out.len);
        if (ok) attr->stream = attr->contents->stream; /* read-only now: nothing more is drawn */
    }
    gk_buf_free(&p.out);
    return ok;
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

gk_laid *gk_laid_make(const gk_tree *tree, const gk_fontset *fonts, const char *name)
{
    gk_laid *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    gk_diags quiet = {0};
    gk_status st = gk_fonts_init(&l->fonts, fonts, name, &quiet);
    if (st == GK_OK && !quiet.count) {
        gk_metrics m = gk_metrics_fonts(&l->fonts);
        gk_page_geom g;
        gk_page_geom_gbt9704(&g);
        st = gk_layout_document(tree, fonts, &m, &g, &l->lay);
        if (st == GK_OK && l->fonts.oom) st = GK_NOMEM;
    }
    bool ok = st == GK_OK && !quiet.count;
    gk_diags_clear(&quiet);
    if (ok && ((l->sub = calloc(l->fonts.n ? l->fonts.n : 1, sizeof *l->sub)) == NULL ||
               (l->bmp = calloc(l->fonts.n ? l->fonts.n : 1, sizeof *l->bmp)) == NULL ||
               (l->zsub = calloc(l->fonts.n ? l->fonts.n : 1, sizeof *l->zsub)) == NULL))
        ok = false;
    if (!ok) {
        gk_laid_free(l);
        return NULL;
    }
    /* what the writers ask of the fonts later is theirs to say */
    l->fonts.name = NULL;
    l->fonts.diags = NULL;
    return l;
}

void gk_laid_free(gk_laid *l)
{
    if (!l) return;
    for (size_t k = 0; k < l->fonts.n && l->sub && l->bmp; k++) {
        gk_font_subset_free(l->sub[k]);
        free(l->bmp[k]);
        if (l->zsub) gk_deflated_free(&l->zsub[k]);
    }
    free(l->sub);
    free(l->bmp);
    free(l->zsub);
    gk_layout_free(&l->lay);
    gk_fonts_free(&l->fonts);
    free(l);
}

gk_status gk_pdf_write(const gk_tree *tree, const gk_fontset *fonts, const char *path, const char *name,
                       gk_diags *diags)
{
    return gk_pdf_write_laid(tree, fonts, NULL, path, name, diags);
}

gk_status gk_pdf_write_laid(const gk_tree *tree, const gk_fontset *fonts, gk_laid *laid, const char *path,
                            const char *name, gk_diags *diags)
{
    herr err = {0, 0};
    gk_pfonts pf = {0};
    gk_layout own = {0};
    const gk_layout *lay = laid ? &laid->lay : &own;
    HPDF_Page *pages = NULL;
    HPDF_Doc pdf = HPDF_New(on_error, &err);
    if (!pdf) return GK_NOMEM;
    gk_status st = GK_OK;
    pdf->pdf_version = HPDF_VER_15; /* marked content with ActualText */
    if (HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL) != HPDF_OK || HPDF_UseUTFEncodings(pdf) != HPDF_OK) {
        st = GK_NOMEM;
        goto done;
    }
    st = laid ? gk_pfonts_init_laid(&pf, pdf, laid, name, diags) : gk_pfonts_init(&pf, pdf, fonts, name, diags);
    if (st != GK_OK) goto done;
    if (!laid) {
        gk_metrics m = gk_pfonts_metrics(&pf);
        gk_page_geom g;
        gk_page_geom_gbt9704(&g);
        st = gk_layout_document(tree, fonts, &m, &g, &own);
        if (st == GK_OK && pf.fonts.oom) st = GK_NOMEM;
        if (st != GK_OK) goto done;
    }
    gk_layout_warn_missing(lay, name, diags);
    err.code = 0;
    /* every code drawn, before libharu creates the fonts */
    for (size_t i = 0; i < lay->npages; i++)
        for (size_t k = 0; k < lay->pages[i].nruns; k++) encode_run(&pf, &lay->pages[i].runs[k], NULL);
    if (pf.fonts.oom) {
        st = GK_NOMEM;
        goto done;
    }
    st = gk_pfonts_embed(&pf);
    if (st != GK_OK) goto done;
    /* libharu puts every page in the Kids array of one Pages node, and an
     * array holds at most 32 767 items: a longer document gets a tree of
     * Pages nodes of 1 024 pages each (only then, so that shorter ones keep
     * their bytes). The limit of pages is ours, checked before anything is
     * drawn: a real disclosure has a few hundred pages at most, and more
     * than GK_PDF_MAX_PAGES means a runaway input or template. */
    if (lay->npages > GK_PDF_MAX_PAGES) {
        gk_diag_add(diags, GK_ERROR, "too-many-pages", name, 0, 0, "",
                    "the document would have %zu pages, more than the %d a PDF of gongkai may have; check the input "
                    "and the template for text or tables repeated without end, or render the input in parts",
                    lay->npages, GK_PDF_MAX_PAGES);
        st = GK_INVALID;
        goto done;
    }
    if (lay->npages > HPDF_LIMIT_MAX_ARRAY && HPDF_SetPagesConfiguration(pdf, 1024) != HPDF_OK) {
        haru_problem(diags, "pdf", name, "cannot make the page tree", &err);
        st = GK_INVALID;
        goto done;
    }
    pages = calloc(lay->npages, sizeof *pages);
    if (!pages) {
        st = GK_NOMEM;
        goto done;
    }
    bool drawn = true;
    for (size_t i = 0; i < lay->npages && drawn; i++) drawn = draw_page(pdf, &pf, lay, &lay->pages[i], &pages[i]);
    if (drawn) {
        outline(pdf, lay, pages);
        info(pdf, tree);
        file_id(pdf, tree, lay);
    } else if (!err.code) {
        st = GK_NOMEM;
        goto done;
    }
    if (err.code) {
        haru_problem(diags, "pdf", name, "cannot make the PDF", &err);
        st = err.code == HPDF_FAILD_TO_ALLOC_MEM ? GK_NOMEM : GK_INVALID;
        goto done;
    }
    st = gk_pdf_tounicode(&pf);
    if (st != GK_OK) goto done;
    /* nothing more is drawn: compress the streams now (libharu appends
     * to a page's contents at saving only if its page functions left it
     * inside a text object or a path, which ours never enter) */
    bool clean = true;
    for (size_t i = 0; i < lay->npages; i++)
        if (HPDF_Page_GetGMode(pages[i]) != HPDF_GMODE_PAGE_DESCRIPTION || HPDF_Page_GetGStateDepth(pages[i]) > 1)
            clean = false;
    if (clean && !gk_flate_streams(pdf)) {
        st = GK_NOMEM;
        goto done;
    }
    err.code = 0;
    errno = 0;
    if (HPDF_SaveToFile(pdf, path) != HPDF_OK || err.code) {
        /* libharu keeps no errno: the system's reason is the last one set
         * by the failed write or close, if any */
        int why = errno;
        if (why)
            gk_diag_add(diags, GK_ERROR, "io", name, 0, 0, "", "cannot write the PDF: %s", strerror(why));
        else
            haru_problem(diags, "io", name, "cannot write the PDF", &err);
        st = GK_IO;
    }
done:
    free(pages);
    gk_layout_free(&own);
    gk_pfonts_free(&pf);
    HPDF_Free(pdf);
    return st;
}
