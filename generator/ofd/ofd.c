/* The OFD renderer: one package (a zip, pack/zipper.h) of
 *   OFD.xml                       the document's metadata, from the input
 *   Doc_0/Document.xml            CommonData (page area, MaxUnitID,
 *                                 resources), the pages, the outline
 *   Doc_0/PublicRes.xml           the fonts, each with its subset in Res/
 *   Doc_0/Pages/Page_N/Content.xml one per page
 * drawn from the layout's display list as the PDF is: each glyph run a
 * TextObject whose TextCode carries the run's text and, in DeltaX, the
 * advances the layout placed its characters by; the table rules one
 * PathObject a page. Page furniture (page numbers, repeated table headers:
 * the PDF's artifacts) is drawn in a Background layer of its own, so that
 * the Body layers read as the document's text in order.
 *
 * Units: the layout's points (origin at the bottom left) become
 * millimetres from the top left, written with three decimals at most
 * (locale-free). IDs are given in order (fonts, pages, then each page's
 * layers and objects), so the same input gives the same bytes. */
#include "ofd.h"
#include "buf.h"
#include "diag.h"
#include "font.h"
#include "laid.h"
#include "layout.h"
#include "utf8.h"
#include "xml.h"
#include "zipper.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_OFD "http://www.ofdspec.org/2016"

/* What one font entry of the document draws. */
typedef struct ofont {
    uint8_t *used;        /* bitmap of the BMP code points drawn */
    uint32_t *astral;     /* code points beyond the BMP drawn, in first-drawn order */
    size_t nastral, castral;
    gk_cpmap astral_at;
    gk_font_subset *sub;
    unsigned id;          /* its Font resource's ID, 0 when not drawn */
} ofont;

typedef struct ofd {
    const gk_tree *tree;
    gk_fonts fonts;
    ofont *f;             /* f[k] goes with fonts.f[k] */
    const gk_layout *lay; /* own, or a laid-out document's */
    gk_layout own;
    bool borrowed;        /* fonts and lay are a laid-out document's (laid.h) */
    gk_laid *laid;        /* that document, whose subsets are shared, or NULL */
    unsigned next_id;     /* the last ID given */
    unsigned first_page;  /* the ID of page 0; page i has first_page + i */
    gk_buf dx;            /* a TextObject's DeltaX, its memory kept from one object to the next */
    bool oom;
} ofd;

/* ---- Numbers ------------------------------------------------------------------ */

/* A length in millimetres with at most three decimals, no trailing zeros,
 * whatever the locale. */
static void put_num(gk_buf *b, double v)
{
    long long m = llround(v * 1000.0);
    if (m < 0) {
        gk_buf_putc(b, '-');
        m = -m;
    }
    gk_buf_put_int(b, m / 1000);
    int frac = (int)(m % 1000);
    if (frac) {
        char d[4] = {'.', (char)('0' + frac / 100), (char)('0' + frac / 10 % 10), (char)('0' + frac % 10)};
        size_t n = 4;
        while (d[n - 1] == '0') n--;
        gk_buf_append(b, d, n);
    }
}

static double mm(double pt) { return GK_PT_TO_MM(pt); }

/* "x y w h" in millimetres, into a short-lived buffer's text. */
static const char *box(gk_buf *b, double x, double y, double w, double h)
{
    b->len = 0;
    put_num(b, x);
    gk_buf_putc(b, ' ');
    put_num(b, y);
    gk_buf_putc(b, ' ');
    put_num(b, w);
    gk_buf_putc(b, ' ');
    put_num(b, h);
    return gk_buf_str(b);
}

static const char *num(gk_buf *b, double v)
{
    b->len = 0;
    put_num(b, v);
    return gk_buf_str(b);
}

static void attr_id(gk_xml *x, const char *name, unsigned id) { gk_xml_attr_int(x, name, (long)id); }

/* ---- The characters drawn ------------------------------------------------------- */

static void mark(ofd *o, int font, uint32_t cp)
{
    ofont *f = &o->f[font];
    if (cp <= 0xFFFF) {
        f->used[cp >> 3] |= (uint8_t)(1u << (cp & 7));
        return;
    }
    uint32_t k;
    if (gk_cpmap_get(&f->astral_at, cp, &k)) return;
    if (f->nastral == f->castral) {
        size_t cap = f->castral ? f->castral * 2 : 8;
        uint32_t *v = realloc(f->astral, cap * sizeof *v);
        if (!v) {
            o->oom = true;
            return;
        }
        f->astral = v;
        f->castral = cap;
    }
    if (!gk_cpmap_put(&f->astral_at, cp, (uint32_t)f->nastral)) {
        o->oom = true;
        return;
    }
    f->astral[f->nastral++] = cp;
}

static void mark_runs(ofd *o)
{
    for (size_t i = 0; i < o->lay->npages; i++)
        for (size_t k = 0; k < o->lay->pages[i].nruns; k++) {
            const gk_lrun *r = &o->lay->pages[i].runs[k];
            for (size_t j = 0; j < r->len;) {
                uint32_t cp;
                size_t n = gk_utf8_next(r->text + j, r->len - j, &cp);
                mark(o, r->font, cp);
                j += n;
            }
        }
}

/* Subsets every font drawn and gives it its resource ID. */
static gk_status subset_fonts(ofd *o, const char *name, gk_diags *diags)
{
    for (size_t k = 0; k < o->fonts.n; k++) {
        ofont *f = &o->f[k];
        const gk_font *e = &o->fonts.f[k];
        if (!e->ok || e->canon != (int)k) continue;
        bool drawn = f->nastral > 0;
        for (size_t i = 0; i < 65536 / 8 && !drawn; i++) drawn = f->used[i] != 0;
        if (!drawn) continue;
        /* characters beyond the BMP go into the subset's character map: an
         * OFD reader looks each character of TextCode up there */
        f->sub = gk_laid_subset(o->laid, k, e->face, f->used, f->astral, f->nastral, false);
        if (!f->sub) {
            gk_diag_add(diags, GK_ERROR, "font", name, 0, 0, "", "the font \"%s\" (%s) cannot be subset for embedding",
                        e->spec, gk_face_path(e->face));
            return GK_INVALID;
        }
        f->id = ++o->next_id;
    }
    return GK_OK;
}

/* ---- Parts ------------------------------------------------------------------------ */

static gk_xml *part(const char *root)
{
    gk_xml *x = gk_xml_new();
    if (!x) return NULL;
    gk_xml_start(x, root);
    gk_xml_attr(x, "xmlns:ofd", NS_OFD);
    return x;
}

/* 32 hexadecimal digits from what the document says and draws (two 64-bit
 * FNV-1a hashes), so the same input gives the same identifier. */
static void doc_id(const ofd *o, char out[33])
{
    uint64_t h[2] = {14695981039346656037ULL, 14695981039346656037ULL ^ 0x9E3779B97F4A7C15ULL};
    const gk_doc_meta *m = &o->tree->meta;
    const char *parts[] = {m->title, m->author, m->subject, m->date};
    for (int j = 0; j < 2; j++) {
        for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
            for (const char *s = parts[k] ? parts[k] : ""; ; s++) {
                h[j] = (h[j] ^ (unsigned char)*s) * 1099511628211ULL;
                if (!*s) break;
            }
        for (size_t i = 0; i < o->lay->npages; i++)
            for (size_t k = 0; k < o->lay->pages[i].nruns; k++) {
                const gk_lrun *r = &o->lay->pages[i].runs[k];
                for (size_t n = 0; n < r->len; n++) h[j] = (h[j] ^ (unsigned char)r->text[n]) * 1099511628211ULL;
            }
    }
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h[0], (unsigned long long)h[1]);
}

static bool ofd_xml(const ofd *o, gk_buf *out)
{
    gk_xml *x = part("ofd:OFD");
    if (!x) return false;
    const gk_doc_meta *m = &o->tree->meta;
    gk_xml_attr(x, "Version", "1.0");
    gk_xml_attr(x, "DocType", "OFD");
    gk_xml_start(x, "ofd:DocBody");
    gk_xml_start(x, "ofd:DocInfo");
    char id[33];
    doc_id(o, id);
    gk_xml_text_elem(x, "ofd:DocID", id);
    if (m->title && *m->title) gk_xml_text_elem(x, "ofd:Title", m->title);
    if (m->author && *m->author) gk_xml_text_elem(x, "ofd:Author", m->author);
    if (m->subject && *m->subject) gk_xml_text_elem(x, "ofd:Subject", m->subject);
    /* xs:date: the day of the document's date (document.c writes
     * YYYY-MM-DDTHH:MM:SSZ) */
    if (m->date && strlen(m->date) >= 10) {
        char day[11];
        memcpy(day, m->date, 10);
        day[10] = '\0';
        gk_xml_text_elem(x, "ofd:CreationDate", day);
        gk_xml_text_elem(x, "ofd:ModDate", day);
    }
    gk_xml_text_elem(x, "ofd:Creator", "gongkai");
    gk_xml_text_elem(x, "ofd:CreatorVersion", GK_VERSION);
    gk_xml_end(x);
    gk_xml_text_elem(x, "ofd:DocRoot", "Doc_0/Document.xml");
    gk_xml_end(x);
    gk_xml_end(x);
    return gk_xml_finish(x, out);
}

/* The outline: each heading an OutlineElem inside the nearest heading of a
 * higher level before it, going to its page at its top. */
static void outlines(const ofd *o, gk_xml *x, gk_buf *t)
{
    const gk_layout *lay = o->lay;
    if (!lay->nmarks) return;
    gk_xml_start(x, "ofd:Outlines");
    int open[8], nopen = 0;
    for (size_t k = 0; k < lay->nmarks; k++) {
        const gk_lmark *m = &lay->marks[k];
        int level = m->level < 1 ? 1 : m->level > 4 ? 4 : m->level;
        while (nopen && open[nopen - 1] >= level) {
            gk_xml_end(x);
            nopen--;
        }
        gk_xml_start(x, "ofd:OutlineElem");
        gk_xml_attr(x, "Title", m->title ? m->title : "");
        if (level > 1) gk_xml_attr(x, "Expanded", "false");
        gk_xml_start(x, "ofd:Actions");
        gk_xml_start(x, "ofd:Action");
        gk_xml_attr(x, "Event", "CLICK");
        gk_xml_start(x, "ofd:Goto");
        gk_xml_start(x, "ofd:Dest");
        gk_xml_attr(x, "Type", "XYZ");
        attr_id(x, "PageID", o->first_page + (unsigned)m->page);
        gk_xml_attr(x, "Left", "0");
        gk_xml_attr(x, "Top", num(t, mm(lay->pages[m->page].height - m->y)));
        gk_xml_end(x);
        gk_xml_end(x);
        gk_xml_end(x);
        gk_xml_end(x);
        open[nopen++] = level;
    }
    while (nopen--) gk_xml_end(x);
    gk_xml_end(x);
}

static bool document_xml(const ofd *o, gk_buf *out)
{
    gk_xml *x = part("ofd:Document");
    if (!x) return false;
    gk_buf t = {0};
    gk_xml_start(x, "ofd:CommonData");
    gk_xml_start(x, "ofd:MaxUnitID");
    gk_buf_printf(&t, "%u", o->next_id);
    gk_xml_text(x, t.data, t.len);
    gk_xml_end(x);
    gk_xml_start(x, "ofd:PageArea");
    gk_xml_text_elem(x, "ofd:PhysicalBox", box(&t, 0, 0, GK_GBT_PAGE_W_MM, GK_GBT_PAGE_H_MM));
    gk_xml_end(x);
    gk_xml_text_elem(x, "ofd:PublicRes", "PublicRes.xml");
    gk_xml_end(x);
    gk_xml_start(x, "ofd:Pages");
    for (size_t i = 0; i < o->lay->npages; i++) {
        char loc[48];
        snprintf(loc, sizeof loc, "Pages/Page_%zu/Content.xml", i);
        gk_xml_start(x, "ofd:Page");
        attr_id(x, "ID", o->first_page + (unsigned)i);
        gk_xml_attr(x, "BaseLoc", loc);
        gk_xml_end(x);
    }
    gk_xml_end(x);
    outlines(o, x, &t);
    gk_xml_end(x);
    if (t.oom) gk_xml_fail(x);
    gk_buf_free(&t);
    return gk_xml_finish(x, out);
}

/* The name a reader matches the font by when it does not use the file: the
 * fontset's family, or a file's name without its folder and extension. */
static void font_name(const char *spec, char *out, size_t size)
{
    const char *s = strrchr(spec, '/');
    s = s ? s + 1 : spec;
    size_t n = strcspn(s, ".:");
    snprintf(out, size, "%.*s", (int)(n ? n : strlen(s)), s);
}

static bool public_res_xml(const ofd *o, gk_buf *out)
{
    gk_xml *x = part("ofd:Res");
    if (!x) return false;
    gk_xml_attr(x, "BaseLoc", "Res");
    gk_xml_start(x, "ofd:Fonts");
    for (size_t k = 0; k < o->fonts.n; k++) {
        if (!o->f[k].id) continue;
        char fname[128], file[32];
        font_name(o->fonts.f[k].spec, fname, sizeof fname);
        snprintf(file, sizeof file, "font_%zu.ttf", k);
        gk_xml_start(x, "ofd:Font");
        attr_id(x, "ID", o->f[k].id);
        gk_xml_attr(x, "FontName", fname);
        gk_xml_attr(x, "FamilyName", fname);
        gk_xml_text_elem(x, "ofd:FontFile", file);
        gk_xml_end(x);
    }
    gk_xml_end(x);
    gk_xml_end(x);
    return gk_xml_finish(x, out);
}

/* ---- Pages ---------------------------------------------------------------------------- */

/* The advance of cp in the run's font, in em (the .notdef glyph's for a
 * character the font does not have, as the layout measured it). */
static double advance(const ofd *o, int font, uint32_t cp)
{
    gk_face *face = o->fonts.f[font].face;
    int a = gk_face_advance(face, cp);
    return (a >= 0 ? a : gk_face_notdef(face)) / 1000.0;
}

static void black(gk_xml *x, const char *name) { gk_xml_elem(x, name, "Value", "0 0 0", NULL); }

/* Names of the objects of a span of runs (the PDF's ActualText): a table
 * cell whose lines continue on the next page. Its runs are drawn as they
 * are, named PART, and the first page's runs are preceded by an invisible
 * TextObject named TEXT that carries the cell's whole text, so that the
 * text read in order (the invisible object, not the parts) is the cell's
 * once, as the PDF's is. GB/T 33190 has no ActualText of its own. */
#define SPAN_PART "CellPart"
#define SPAN_TEXT "CellText"

static void text_object(ofd *o, gk_xml *x, const gk_lpage *lp, const gk_lrun *r, const char *tag,
                        const char *text, size_t len, gk_buf *t)
{
    double size = mm(r->size), x0 = mm(r->x), base = mm(lp->height - r->y);
    gk_buf *dx = &o->dx;
    gk_buf_truncate(dx, 0);
    double width = 0;
    size_t nch = 0;
    for (size_t j = 0; j < len;) {
        uint32_t cp;
        size_t n = gk_utf8_next(text + j, len - j, &cp);
        j += n;
        double step = mm(advance(o, r->font, cp) * r->size + r->spacing);
        /* one advance per character after the first: the last one's is
         * only the object's width */
        if (j < len) {
            if (dx->len) gk_buf_putc(dx, ' ');
            put_num(dx, step);
        }
        width += step;
        nch++;
    }
    gk_xml_start(x, "ofd:TextObject");
    attr_id(x, "ID", ++o->next_id);
    bool hidden = tag && strcmp(tag, SPAN_TEXT) == 0;
    if (tag) gk_xml_attr(x, "Name", tag);
    if (hidden) gk_xml_attr(x, "Visible", "false");
    if (r->vertical) {
        /* turned a quarter clockwise about the first glyph's origin, reading
         * downwards: the whole page as its box, the turn in its CTM */
        gk_xml_attr(x, "Boundary", box(t, 0, 0, mm(lp->width), mm(lp->height)));
        gk_buf ctm = {0};
        gk_buf_puts(&ctm, "0 1 -1 0 ");
        put_num(&ctm, x0);
        gk_buf_putc(&ctm, ' ');
        put_num(&ctm, base);
        gk_xml_attr(x, "CTM", gk_buf_str(&ctm));
        if (ctm.oom) o->oom = true;
        gk_buf_free(&ctm);
    } else {
        /* a box around the run: from an em above the baseline to half an em
         * below it, and as wide as its advances with an em to spare */
        gk_xml_attr(x, "Boundary", box(t, x0, base - size, width + size, size * 1.5));
    }
    attr_id(x, "Font", o->f[r->font].id);
    gk_xml_attr(x, "Size", num(t, size));
    if (r->bold) {
        /* no bold face in the fontset: the outline stroked as well, as in
         * the PDF; the weight says it is bold to a reader that makes bold
         * itself from the font (ofd.js does, and ignores the stroke) */
        gk_xml_attr(x, "LineWidth", num(t, mm(r->size / 30)));
        gk_xml_attr(x, "Stroke", "true");
        gk_xml_attr(x, "Weight", "700");
    }
    if (hidden) /* also transparent, for a reader that draws what is not visible (ofd.js) */
        gk_xml_elem(x, "ofd:FillColor", "Value", "0 0 0", "Alpha", "0", NULL);
    else
        black(x, "ofd:FillColor");
    if (r->bold) black(x, "ofd:StrokeColor");
    gk_xml_start(x, "ofd:TextCode");
    gk_xml_attr(x, "X", "0");
    gk_xml_attr(x, "Y", r->vertical ? "0" : num(t, size));
    if (nch > 1) gk_xml_attr(x, "DeltaX", gk_buf_str(dx));
    gk_xml_text(x, text, len);
    gk_xml_end(x);
    gk_xml_end(x);
    if (dx->oom) o->oom = true;
}

static void rules(ofd *o, gk_xml *x, const gk_lpage *lp, gk_buf *t)
{
    if (!lp->nrules) return;
    gk_buf d = {0};
    for (size_t k = 0; k < lp->nrules; k++) {
        const gk_lrule *r = &lp->rules[k];
        gk_buf_puts(&d, k ? " M " : "M ");
        put_num(&d, mm(r->x0));
        gk_buf_putc(&d, ' ');
        put_num(&d, mm(lp->height - r->y0));
        gk_buf_puts(&d, " L ");
        put_num(&d, mm(r->x1));
        gk_buf_putc(&d, ' ');
        put_num(&d, mm(lp->height - r->y1));
    }
    gk_xml_start(x, "ofd:PathObject");
    attr_id(x, "ID", ++o->next_id);
    gk_xml_attr(x, "Boundary", box(t, 0, 0, mm(lp->width), mm(lp->height)));
    gk_xml_attr(x, "LineWidth", num(t, mm(o->lay->rule)));
    gk_xml_attr(x, "Cap", "Square"); /* as the PDF's projecting square caps */
    black(x, "ofd:StrokeColor");
    gk_xml_text_elem(x, "ofd:AbbreviatedData", gk_buf_str(&d));
    gk_xml_end(x);
    if (d.oom) o->oom = true;
    gk_buf_free(&d);
}

/* The runs of one layer: the page's furniture or its text. */
static void layer(ofd *o, gk_xml *x, const gk_lpage *lp, bool furniture, gk_buf *t)
{
    bool any = !furniture && lp->nrules;
    for (size_t k = 0; k < lp->nruns && !any; k++) any = lp->runs[k].len && lp->runs[k].artifact == furniture;
    if (!any) return;
    gk_xml_start(x, "ofd:Layer");
    attr_id(x, "ID", ++o->next_id);
    if (furniture) gk_xml_attr(x, "Type", "Background");
    if (!furniture) rules(o, x, lp, t);
    bool span = false;
    for (size_t k = 0; k < lp->nruns; k++) {
        const gk_lrun *r = &lp->runs[k];
        if (r->artifact != furniture) continue;
        if (r->actual) {
            span = true;
            if (*r->actual) text_object(o, x, lp, r, SPAN_TEXT, r->actual, strlen(r->actual), t);
        }
        if (r->len) text_object(o, x, lp, r, span ? SPAN_PART : NULL, r->text, r->len, t);
        if (r->close) span = false;
    }
    gk_xml_end(x);
}

static bool page_xml(ofd *o, const gk_lpage *lp, gk_buf *out)
{
    gk_xml *x = part("ofd:Page");
    if (!x) return false;
    gk_buf t = {0};
    /* every page says its size: a landscape page is 297 × 210 mm */
    gk_xml_start(x, "ofd:Area");
    gk_xml_text_elem(x, "ofd:PhysicalBox", box(&t, 0, 0, mm(lp->width), mm(lp->height)));
    gk_xml_end(x);
    gk_xml_start(x, "ofd:Content");
    layer(o, x, lp, true, &t);
    layer(o, x, lp, false, &t);
    gk_xml_end(x);
    gk_xml_end(x);
    if (t.oom || o->oom) gk_xml_fail(x);
    gk_buf_free(&t);
    return gk_xml_finish(x, out);
}

/* ---- The whole ----------------------------------------------------------------------- */

typedef struct pkg {
    gk_zip_entry *e;
    gk_buf *data;
    char **names;
    size_t n, cap;
} pkg;

/* A new entry named `name` (copied); its bytes go into the returned buffer.
 * NULL when out of memory. */
static gk_buf *add(pkg *p, const char *name)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        gk_zip_entry *e = realloc(p->e, cap * sizeof *e);
        if (e) p->e = e;
        gk_buf *d = realloc(p->data, cap * sizeof *d);
        if (d) p->data = d;
        char **s = realloc(p->names, cap * sizeof *s);
        if (s) p->names = s;
        if (!e || !d || !s) return NULL;
        p->cap = cap;
    }
    size_t len = strlen(name);
    char *s = malloc(len + 1);
    if (!s) return NULL;
    memcpy(s, name, len + 1);
    p->names[p->n] = s;
    memset(&p->data[p->n], 0, sizeof p->data[p->n]);
    p->e[p->n].deflated = NULL;
    return &p->data[p->n++];
}

static void pkg_free(pkg *p)
{
    for (size_t k = 0; k < p->n; k++) {
        gk_buf_free(&p->data[k]);
        free(p->names[k]);
    }
    free(p->e);
    free(p->data);
    free(p->names);
}

static bool assemble(ofd *o, pkg *p)
{
    gk_buf *b;
    if (!(b = add(p, "OFD.xml")) || !ofd_xml(o, b)) return false;
    size_t doc = p->n;
    if (!add(p, "Doc_0/Document.xml")) return false; /* written last: it needs MaxUnitID */
    if (!(b = add(p, "Doc_0/PublicRes.xml")) || !public_res_xml(o, b)) return false;
    for (size_t k = 0; k < o->fonts.n; k++) {
        if (!o->f[k].id) continue;
        char name[48];
        snprintf(name, sizeof name, "Doc_0/Res/font_%zu.ttf", k);
        size_t len;
        const char *data = gk_font_subset_data(o->f[k].sub, &len);
        if (!(b = add(p, name))) return false;
        gk_buf_append(b, data, len);
        if (b->oom) return false;
        /* deflated once when the PDF embeds the same subset (laid.h) */
        p->e[p->n - 1].deflated = gk_laid_deflated(o->laid, k, o->f[k].sub);
    }
    for (size_t i = 0; i < o->lay->npages; i++) {
        char name[64];
        snprintf(name, sizeof name, "Doc_0/Pages/Page_%zu/Content.xml", i);
        if (!(b = add(p, name)) || !page_xml(o, &o->lay->pages[i], b)) return false;
    }
    if (!document_xml(o, &p->data[doc])) return false;
    for (size_t k = 0; k < p->n; k++) {
        p->e[k].name = p->names[k];
        p->e[k].data = p->data[k].data;
        p->e[k].len = p->data[k].len;
    }
    return true;
}

gk_status gk_ofd_write(const gk_tree *tree, const gk_fontset *fonts, const char *path, const char *name,
                       gk_diags *diags)
{
    return gk_ofd_write_laid(tree, fonts, NULL, path, name, diags);
}

gk_status gk_ofd_write_laid(const gk_tree *tree, const gk_fontset *fonts, gk_laid *laid, const char *path,
                            const char *name, gk_diags *diags)
{
    ofd o;
    memset(&o, 0, sizeof o);
    o.tree = tree;
    o.lay = laid ? &laid->lay : &o.own;
    pkg p = {0};
    gk_buf error = {0};
    gk_status st = GK_OK;
    if (laid) { /* a copy of the layout's fonts, whose font ids its runs carry */
        o.fonts = laid->fonts;
        o.fonts.name = name;
        o.fonts.diags = diags;
        o.borrowed = true;
        o.laid = laid;
    } else {
        st = gk_fonts_init(&o.fonts, fonts, name, diags);
    }
    if (st != GK_OK) goto done;
    o.f = calloc(o.fonts.n ? o.fonts.n : 1, sizeof *o.f);
    if (!o.f) {
        st = GK_NOMEM;
        goto done;
    }
    for (size_t k = 0; k < o.fonts.n; k++)
        if (!(o.f[k].used = calloc(65536 / 8, 1))) {
            st = GK_NOMEM;
            goto done;
        }
    if (!laid) {
        gk_metrics m = gk_metrics_fonts(&o.fonts);
        gk_page_geom g;
        gk_page_geom_gbt9704(&g);
        st = gk_layout_document(tree, fonts, &m, &g, &o.own);
        if (st == GK_OK && o.fonts.oom) st = GK_NOMEM;
        if (st != GK_OK) goto done;
    }
    gk_layout_warn_missing(o.lay, name, diags);
    mark_runs(&o);
    if (o.oom) {
        st = GK_NOMEM;
        goto done;
    }
    st = subset_fonts(&o, name, diags);
    if (st != GK_OK) goto done;
    o.first_page = o.next_id + 1;
    o.next_id += (unsigned)o.lay->npages;
    if (!assemble(&o, &p) || o.oom) {
        st = GK_NOMEM;
        goto done;
    }
    if (!gk_zip_write(path, p.e, p.n, &error)) {
        gk_diag_add(diags, GK_ERROR, "io", name, 0, 0, "", "cannot write the OFD: %s", gk_buf_str(&error));
        st = GK_IO;
    }
done:
    pkg_free(&p);
    gk_buf_free(&error);
    gk_buf_free(&o.dx);
    if (o.f)
        for (size_t k = 0; k < o.fonts.n; k++) {
            free(o.f[k].used);
            free(o.f[k].astral);
            gk_cpmap_free(&o.f[k].astral_at);
            gk_font_subset_free(o.f[k].sub);
        }
    free(o.f);
    gk_layout_free(&o.own);
    if (!o.borrowed) gk_fonts_free(&o.fonts);
    return st;
}
