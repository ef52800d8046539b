/* The PDF's side of the fonts (the font service, fonts/font.h, finds,
 * measures and subsets them): the codes drawn, the subsets loaded into
 * libharu, which draws with and embeds them.
 *
 * Codes and CIDs. A font's codes are the characters' UTF-16 values, as
 * the layout marks them used (gk_pfont_code); the content streams draw
 * their CIDs, which follow the subset's glyph order so that the CIDFont's
 * CIDToGIDMap is /Identity (assign_cids) and the ToUnicode CMap
 * (tounicode.c) maps each CID back to its character. A character beyond
 * the BMP is given a private-use code the font draws nothing for; its
 * glyph is kept in the subset by glyph id, and its CID maps to the
 * character's surrogate pair. So every glyph a font has is drawn whatever
 * its code point. The limit is 6 400 characters beyond the BMP per font
 * and document (the private-use area), far above any real text; past it
 * they are boxes. */
#include "diag.h"
#include "pdf.h"
#include "pdf_internal.h"

#include <hpdf_conf.h>
#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_list.h>
#include <hpdf_mmgr.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gk_pdf_release(void)
{
    gk_deflate_release();
    gk_fonts_release();
}

/* The PDF's side of the entries of pf->fonts, made or borrowed. */
static gk_status pfonts_entries(gk_pfonts *pf, gk_status st)
{
    pf->f = calloc(pf->fonts.n ? pf->fonts.n : 1, sizeof *pf->f);
    if (!pf->f) return GK_NOMEM;
    pf->n = pf->fonts.n;
    for (size_t k = 0; k < pf->n; k++) {
        pf->f[k].used = calloc(65536 / 8, 1);
        if (!pf->f[k].used) return GK_NOMEM;
        pf->f[k].next_pua = 0xE000;
    }
    return st;
}

gk_status gk_pfonts_init(gk_pfonts *pf, HPDF_Doc pdf, const gk_fontset *fs, const char *name, gk_diags *diags)
{
    memset(pf, 0, sizeof *pf);
    pf->pdf = pdf;
    gk_status st = gk_fonts_init(&pf->fonts, fs, name, diags);
    if (st == GK_NOMEM) return st;
    return pfonts_entries(pf, st);
}

gk_status gk_pfonts_init_laid(gk_pfonts *pf, HPDF_Doc pdf, gk_laid *owner, const char *name, gk_diags *diags)
{
    gk_fonts *laid = &owner->fonts;
    memset(pf, 0, sizeof *pf);
    pf->pdf = pdf;
    /* a copy of the laid-out document's fonts: the entries (their faces,
     * what they loaded) are the layout's, whose font ids the runs carry */
    pf->fonts = *laid;
    pf->fonts.name = name;
    pf->fonts.diags = diags;
    pf->borrowed = true;
    pf->laid = owner;
    return pfonts_entries(pf, GK_OK);
}

void gk_pfonts_free(gk_pfonts *pf)
{
    for (size_t k = 0; k < pf->n; k++) {
        free(pf->f[k].used);
        free(pf->f[k].subst);
        free(pf->f[k].cid);
        free(pf->f[k].cid_code);
        free(pf->f[k].extra_gid);
        gk_cpmap_free(&pf->f[k].subst_at);
    }
    free(pf->f);
    if (!pf->borrowed) gk_fonts_free(&pf->fonts);
    memset(pf, 0, sizeof *pf);
}

gk_metrics gk_pfonts_metrics(gk_pfonts *pf) { return gk_metrics_fonts(&pf->fonts); }

/* The CIDFont's CIDToGIDMap (see assign_cids): /Identity, or a stream
 * when some CIDs lie past the subset's glyphs. */
static bool cid_to_gid(HPDF_Doc pdf, HPDF_Dict cidfont, const gk_pfont *f)
{
    if (!f->nextra) return HPDF_Dict_AddName(cidfont, "CIDToGIDMap", "Identity") == HPDF_OK;
    unsigned char *map = malloc(f->ncid * 2);
    if (!map) return false;
    for (size_t c = 0; c < f->ncid; c++) {
        unsigned g = c < f->nglyphs ? (unsigned)c : f->extra_gid[c - f->nglyphs];
        map[2 * c] = (unsigned char)(g >> 8);
        map[2 * c + 1] = (unsigned char)g;
    }
    HPDF_Dict d = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    bool ok = d && gk_flate_set(d, map, f->ncid * 2) && HPDF_Dict_Add(cidfont, "CIDToGIDMap", d) == HPDF_OK;
    free(map);
    return ok;
}

/* ---- The fonts' encoder ------------------------------------------------------ */

/* HPDF_GetFont writes a TrueType font's widths (W) by looking up every CID
 * its encoder may draw. With the UTF-8 encoder that is all 65 536 codes,
 * each a glyph lookup and a width, 6 M instructions a font, for the few
 * hundred CIDs a subset has: past them every CID is glyph 0, whose width
 * is the font's default (DW), so they add nothing to W. A CMap encoder
 * lists the CIDs it draws (cid_map, nonzero), and libharu looks up only
 * those: this one, made once a document, lists a font's CIDs 1..ncid
 * (assign_cids) just while the font is made, so W is the same array. It
 * is the UTF-8 encoder in all that the font's objects say (Identity-H,
 * Adobe, supplement 0, horizontal); its CMap, the font's ToUnicode, is
 * rewritten whole (tounicode.c). */
static char identity_name[] = "gongkai-Identity-H";

/* As HPDF_CMapEncoder_InitAttr, but for its filling every unicode_map
 * entry with U+25A1, 1.4 M instructions a document: libharu reads
 * unicode_map only where cid_map lists a CID, and list_cids sets both. */
static HPDF_STATUS identity_init(HPDF_Encoder e)
{
    HPDF_CMapEncoderAttr a = HPDF_GetMem(e->mmgr, sizeof *a);
    if (!a) return e->error->error_no;
    memset(a, 0, sizeof *a);
    e->attr = a; /* the encoder frees it, and the lists made */
    a->cmap_range = HPDF_List_New(e->mmgr, HPDF_DEF_RANGE_TBL_NUM);
    a->notdef_range = HPDF_List_New(e->mmgr, HPDF_DEF_ITEMS_PER_BLOCK);
    a->code_space_range = HPDF_List_New(e->mmgr, HPDF_DEF_ITEMS_PER_BLOCK);
    if (!a->cmap_range || !a->notdef_range || !a->code_space_range) return e->error->error_no;
    snprintf(a->registry, sizeof a->registry, "Adobe");
    snprintf(a->ordering, sizeof a->ordering, "Identity-H");
    a->suppliment = 0;
    a->writing_mode = HPDF_WMODE_HORIZONTAL;
    e->type = HPDF_ENCODER_TYPE_DOUBLE_BYTE;
    return HPDF_OK;
}

/* The document's identity encoder, made and registered (the document
 * frees it) on first use; NULL when out of memory. */
static HPDF_Encoder identity_encoder(HPDF_Doc pdf)
{
    HPDF_Encoder e = HPDF_Doc_FindEncoder(pdf, identity_name); /* initialises it when first found */
    if (e) return e;
    e = HPDF_CMapEncoder_New(pdf->mmgr, identity_name, identity_init);
    if (!e || HPDF_Doc_RegisterEncoder(pdf, e) != HPDF_OK) return NULL;
    return HPDF_Doc_FindEncoder(pdf, identity_name);
}

/* Lists (on) or unlists CIDs 1..ncid of f in encoder e: CID ncid, glyph 0,
 * ends the lookups at ncid - 1, where libharu's loop over the CIDs stops
 * short of the greatest one. */
static void list_cids(HPDF_Encoder e, const gk_pfont *f, bool on)
{
    HPDF_CMapEncoderAttr a = (HPDF_CMapEncoderAttr)e->attr;
    for (size_t c = 1; c <= f->ncid && c <= 0xFFFF; c++) {
        a->cid_map[c >> 8][c & 0xFF] = on ? (HPDF_UINT16)c : 0;
        a->unicode_map[c >> 8][c & 0xFF] = (HPDF_UNICODE)c; /* looked up as itself: the cmap is identity */
    }
}

HPDF_Font gk_pfont_font(gk_pfonts *pf, int id)
{
    if (id < 0 || (size_t)id >= pf->n || !pf->f[id].def) return NULL;
    gk_pfont *f = &pf->f[id];
    if (f->font) return f->font;
    HPDF_Encoder enc = identity_encoder(pf->pdf);
    if (!enc) return NULL;
    /* libharu writes its CIDToGIDMap only for a font to embed: told it is
     * not while it makes the font, it writes none, and ours follows */
    HPDF_TTFontDefAttr da = (HPDF_TTFontDefAttr)f->def->attr;
    HPDF_BOOL embedding = da->embedding;
    da->embedding = HPDF_FALSE;
    list_cids(enc, f, true);
    f->font = HPDF_GetFont(pf->pdf, f->def->base_font, identity_name);
    list_cids(enc, f, false);
    da->embedding = embedding;
    /* libharu names the encoding (Identity-H) as the CIDFont's ordering;
     * with Identity-H it is Adobe-Identity-0 */
    HPDF_FontAttr a = f->font ? (HPDF_FontAttr)f->font->attr : NULL;
    HPDF_Dict cidfont = a ? a->descendant_font : NULL;
    HPDF_Dict info = cidfont ? HPDF_Dict_GetItem(cidfont, "CIDSystemInfo", HPDF_OCLASS_DICT) : NULL;
    if (info) {
        HPDF_Dict_Add(info, "Ordering", HPDF_String_New(pf->pdf->mmgr, "Identity", NULL));
        HPDF_Dict_AddNumber(info, "Supplement", 0);
    }
    if (cidfont && !cid_to_gid(pf->pdf, cidfont, f)) f->font = NULL;
    return f->font;
}

static bool is_used(const gk_pfont *f, unsigned c) { return (f->used[c >> 3] >> (c & 7)) & 1; }

uint16_t gk_pfont_code(gk_pfonts *pf, int id, uint32_t cp)
{
    gk_pfont *f = &pf->f[id];
    gk_face *face = pf->fonts.f[id].face;
    uint16_t code = (uint16_t)cp;
    if (cp > 0xFFFF) {
        code = 0;
        uint32_t k;
        if (gk_cpmap_get(&f->subst_at, cp, &k)) code = f->subst[k].code;
        /* a private-use code this font draws nothing for */
        while (!code && f->next_pua && f->next_pua <= 0xF8FF) {
            uint16_t c = f->next_pua++;
            if (gk_face_advance(face, c) >= 0 || is_used(f, c)) continue;
            if (f->nsubst == f->scap) {
                size_t cap = f->scap ? f->scap * 2 : 8;
                gk_subst *s = realloc(f->subst, cap * sizeof *s);
                if (!s) {
                    pf->fonts.oom = true;
                    break;
                }
                f->subst = s;
                f->scap = cap;
            }
            if (!gk_cpmap_put(&f->subst_at, cp, (uint32_t)f->nsubst)) {
                pf->fonts.oom = true;
                break;
            }
            f->subst[f->nsubst].code = c;
            f->subst[f->nsubst].cp = cp;
            f->nsubst++;
            code = c;
        }
        if (!code) code = 0xFFFD;
    }
    f->used[code >> 3] |= (uint8_t)(1u << (code & 7));
    return code;
}

/* ---- Subsets ----------------------------------------------------------------- */

/* Adds a TrueType font definition to the document as libharu's
 * HPDF_LoadTTFontFromFile does (2.3.0 loads TrueType only from files): in
 * its list, tagged for embedding as a subset. */
static bool add_def(HPDF_Doc pdf, HPDF_FontDef def)
{
    /* the same PostScript name for two faces (a font installed twice):
     * libharu finds fonts by name, so the second gets a name of its own */
    size_t end = strlen(def->base_font), room = HPDF_LIMIT_MAX_NAME_LEN - HPDF_TTF_FONT_TAG_LEN - 1;
    for (int n = 2; HPDF_Doc_FindFontDef(pdf, def->base_font) && n < 100; n++) {
        char suffix[8];
        size_t len = (size_t)snprintf(suffix, sizeof suffix, "-%d", n);
        size_t at = end + len > room ? room - len : end;
        memcpy(def->base_font + at, suffix, len + 1);
    }
    if (HPDF_List_Add(pdf->fontdef_list, def) != HPDF_OK) {
        HPDF_FontDef_Free(def);
        return false;
    }
    if (pdf->ttfont_tag[0] == 0) {
        memcpy(pdf->ttfont_tag, "HPDFAA", 6);
    } else {
        for (int i = 5; i >= 0; i--) {
            pdf->ttfont_tag[i] += 1;
            if (pdf->ttfont_tag[i] > 'Z') pdf->ttfont_tag[i] = 'A';
            else break;
        }
    }
    char tag[HPDF_TTF_FONT_TAG_LEN + 1];
    memcpy(tag, pdf->ttfont_tag, HPDF_TTF_FONT_TAG_LEN);
    tag[HPDF_TTF_FONT_TAG_LEN] = '\0';
    HPDF_TTFontDef_SetTagName(def, tag);
    return true;
}

/* The CIDs of a subset, in glyph order: a code drawn with glyph g of the
 * subset gets CID g, so that the CIDFont's CIDToGIDMap is /Identity rather
 * than the 128 KiB stream of 65 536 glyph ids, nearly all 0, that libharu
 * writes and we used to deflate for each font. A code whose glyph another
 * code has already taken (two characters of one glyph), or that the face
 * has no glyph for (drawn as .notdef, glyph 0), gets a CID past the
 * subset's glyphs, num_glyphs + k, so that ToUnicode still maps every CID
 * to the one character drawn with it; only then is a CIDToGIDMap stream
 * written, of num_glyphs + k glyph ids (identity, then those extra ones).
 *
 * libharu looks a character's glyph up by scanning the segments of the
 * font's format 4 character map, and HPDF_GetFont looks up the CIDs its
 * encoder lists (identity_encoder), as characters, to write the widths
 * (W). The map becomes one segment over the whole BMP with a direct table
 * from CID to glyph (identity, the extra CIDs to their glyphs, 0 past
 * them), so each lookup is one step and W is indexed by CID. */
static bool assign_cids(gk_pfont *f, gk_face *face, HPDF_FontDef def, const gk_font_subset *sub)
{
    HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;
    HPDF_MMgr mm = def->mmgr;
    if (a->cmap.format != 4 || a->num_glyphs == 0) return false;
    size_t ng = a->num_glyphs;
    f->nglyphs = ng;
    f->cid = calloc(65536, sizeof *f->cid);
    uint32_t *taken = malloc(ng * sizeof *taken); /* glyph -> the code that has its CID */
    size_t ecap = 16;
    f->extra_gid = malloc(ecap * sizeof *f->extra_gid);
    if (!f->cid || !taken || !f->extra_gid) goto fail;
    for (size_t g = 0; g < ng; g++) taken[g] = UINT32_MAX;
    /* a private-use code standing for a character beyond the BMP draws that
     * character's glyph (0, the box, when the face has none) */
    static uint32_t astral_of[65536]; /* valid where the code is in subst */
    for (size_t k = 0; k < f->nsubst; k++) astral_of[f->subst[k].code] = f->subst[k].cp;
    static uint8_t is_subst[65536 / 8];
    memset(is_subst, 0, sizeof is_subst);
    for (size_t k = 0; k < f->nsubst; k++) is_subst[f->subst[k].code >> 3] |= (uint8_t)(1u << (f->subst[k].code & 7));
    for (unsigned c = 0; c < 65536; c++) {
        if (!(c & 7) && !f->used[c >> 3]) {
            c += 7;
            continue;
        }
        if (!is_used(f, c)) continue;
        bool astral = (is_subst[c >> 3] >> (c & 7)) & 1;
        unsigned old = gk_face_glyph(face, astral ? astral_of[c] : c);
        uint32_t g = old ? gk_font_subset_glyph(sub, old) : 0;
        if (g >= ng) g = 0;
        if (g && taken[g] == UINT32_MAX) {
            taken[g] = c;
            f->cid[c] = (uint16_t)g;
            continue;
        }
        if (ng + f->nextra >= 65535) goto fail; /* no CID left: cannot happen for 65 536 codes of a subset */
        if (f->nextra == ecap) {
            uint16_t *e = realloc(f->extra_gid, ecap * 2 * sizeof *e);
            if (!e) goto fail;
            f->extra_gid = e;
            ecap *= 2;
        }
        f->extra_gid[f->nextra] = (uint16_t)g;
        f->cid[c] = (uint16_t)(ng + f->nextra++);
    }
    f->ncid = ng + f->nextra;
    f->cid_code = malloc(f->ncid * sizeof *f->cid_code);
    if (!f->cid_code) goto fail;
    for (size_t g = 0; g < ng; g++) f->cid_code[g] = taken[g];
    /* the codes of the CIDs past the glyphs, when there are any (a glyph
     * shared, a character missing: rare), without a scan of every code
     * otherwise */
    for (unsigned c = 0; f->nextra && c < 65536; c++)
        if (is_used(f, c) && f->cid[c] >= ng) f->cid_code[f->cid[c]] = c;
    free(taken);
    taken = NULL;

    HPDF_UINT16 *end = HPDF_GetMem(mm, sizeof *end), *start = HPDF_GetMem(mm, sizeof *start);
    HPDF_INT16 *delta = HPDF_GetMem(mm, sizeof *delta);
    HPDF_UINT16 *range = HPDF_GetMem(mm, sizeof *range), *glyphs = HPDF_GetMem(mm, 65536 * sizeof *glyphs);
    if (!end || !start || !delta || !range || !glyphs) {
        if (end) HPDF_FreeMem(mm, end);
        if (start) HPDF_FreeMem(mm, start);
        if (delta) HPDF_FreeMem(mm, delta);
        if (range) HPDF_FreeMem(mm, range);
        if (glyphs) HPDF_FreeMem(mm, glyphs);
        return false;
    }
    *end = 0xFFFF;
    *start = 0;
    *delta = 0;
    *range = 2; /* glyph index = range / 2 + code - segments = code */
    memset(glyphs, 0, 65536 * sizeof *glyphs);
    for (size_t g = 0; g < ng; g++) glyphs[g] = (HPDF_UINT16)g;
    for (size_t k = 0; k < f->nextra; k++) glyphs[ng + k] = f->extra_gid[k];
    if (a->cmap.end_count) HPDF_FreeMem(mm, a->cmap.end_count);
    if (a->cmap.start_count) HPDF_FreeMem(mm, a->cmap.start_count);
    if (a->cmap.id_delta) HPDF_FreeMem(mm, a->cmap.id_delta);
    if (a->cmap.id_range_offset) HPDF_FreeMem(mm, a->cmap.id_range_offset);
    if (a->cmap.glyph_id_array) HPDF_FreeMem(mm, a->cmap.glyph_id_array);
    a->cmap.end_count = end;
    a->cmap.start_count = start;
    a->cmap.id_delta = delta;
    a->cmap.id_range_offset = range;
    a->cmap.glyph_id_array = glyphs;
    a->cmap.glyph_id_array_count = 65536;
    a->cmap.seg_count_x2 = 2;
    return true;
fail:
    free(taken);
    return false;
}

uint16_t gk_pfont_cid(const gk_pfonts *pf, int id, uint16_t code) { return pf->f[id].cid ? pf->f[id].cid[code] : 0; }

/* The font descriptor of a subset with the subset itself as FontFile2, as
 * libharu would write it at saving, except that the file is the subset
 * HarfBuzz made, compressed here (flate.c; raw: deflated already, for
 * the OFD as well): libharu would copy it again
 * glyph by glyph through its streams, a few bytes at a time, and compress
 * it with zlib. */
static bool describe(HPDF_Doc pdf, HPDF_FontDef def, const char *data, size_t len, const gk_deflated *raw)
{
    HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;
    HPDF_Dict file = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!file || !(raw ? gk_flate_set_deflated(file, raw) : gk_flate_set(file, data, len))) return false;
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (!d || HPDF_Xref_Add(pdf->xref, d) != HPDF_OK) return false;
    HPDF_STATUS e = HPDF_Dict_Add(d, "FontFile2", file);
    e += HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)len);
    e += HPDF_Dict_AddName(d, "Type", "FontDescriptor");
    e += HPDF_Dict_AddNumber(d, "Ascent", def->ascent);
    e += HPDF_Dict_AddNumber(d, "Descent", def->descent);
    e += HPDF_Dict_AddNumber(d, "Flags", (HPDF_INT32)def->flags);
    e += HPDF_Dict_Add(d, "FontBBox", HPDF_Box_Array_New(pdf->mmgr, def->font_bbox));
    e += HPDF_Dict_AddName(d, "FontName", a->base_font);
    e += HPDF_Dict_AddNumber(d, "ItalicAngle", def->italic_angle);
    e += HPDF_Dict_AddNumber(d, "StemV", def->stemv);
    e += HPDF_Dict_AddNumber(d, "XHeight", def->x_height);
    if (e != HPDF_OK) return false;
    def->descriptor = d;
    return true;
}

/* The characters beyond the BMP drawn in f, for the subset. */
static uint32_t *astral_drawn(const gk_pfont *f)
{
    uint32_t *cps = malloc((f->nsubst ? f->nsubst : 1) * sizeof *cps);
    if (cps)
        for (size_t k = 0; k < f->nsubst; k++) cps[k] = f->subst[k].cp;
    return cps;
}

/* Subsets font f (entry id) and loads the subset into libharu. */
static gk_status embed(gk_pfonts *pf, size_t id)
{
    HPDF_Doc pdf = pf->pdf;
    gk_pfont *f = &pf->f[id];
    const gk_font *e = &pf->fonts.f[id];
    uint32_t *astral = astral_drawn(f);
    if (!astral) return GK_NOMEM;
    /* the codes drawn: BMP characters as themselves (the private-use codes
     * have no glyph in the face and are left out), the others by glyph */
    gk_font_subset *sub = gk_laid_subset(pf->laid, id, e->face, f->used, astral, f->nsubst, true);
    free(astral);
    HPDF_FontDef def = NULL;
    gk_status st = GK_OK;
    if (sub) {
        size_t len;
        const char *data = gk_font_subset_data(sub, &len);
        /* libharu reads the subset in place, holding a reference to it */
        HPDF_Stream s = gk_pdf_read_stream(pdf->mmgr, data, len, (void (*)(void *))gk_font_subset_free, sub);
        if (s) gk_font_subset_ref(sub);
        /* the definition owns the stream, also when loading fails */
        def = s ? HPDF_TTFontDef_Load(pdf->mmgr, s, HPDF_TRUE) : NULL;
        if (def) {
            def->x_height = (HPDF_UINT16)gk_face_x_height(e->face);
            def->cap_height = (HPDF_UINT16)gk_face_cap_height(e->face);
        }
        if (def && !assign_cids(f, e->face, def, sub)) {
            HPDF_FontDef_Free(def);
            def = NULL;
            st = GK_NOMEM;
        }
        if (def && !add_def(pdf, def)) {
            def = NULL;
            st = GK_NOMEM;
        }
        /* the subset deflated once when the OFD embeds it too (laid.h) */
        if (def && !describe(pdf, def, data, len, gk_laid_deflated(pf->laid, id, sub)))
            st = GK_NOMEM; /* the document owns def now */
        gk_font_subset_free(sub);
    }
    if (!def && st == GK_OK) {
        gk_diag_add(pf->fonts.diags, GK_ERROR, "font", pf->fonts.name, 0, 0, "",
                    "the font \"%s\" (%s) cannot be subset for embedding (libharu error 0x%04X)", e->spec,
                    gk_face_path(e->face), (unsigned)HPDF_GetError(pdf));
        st = GK_INVALID;
    }
    HPDF_ResetError(pdf);
    f->def = def;
    return st;
}

gk_status gk_pfonts_embed(gk_pfonts *pf)
{
    for (size_t k = 0; k < pf->n; k++) {
        gk_pfont *f = &pf->f[k];
        if (!pf->fonts.f[k].ok || pf->fonts.f[k].canon != (int)k || f->def) continue;
        bool drawn = false;
        for (size_t i = 0; i < 65536 / 8 && !drawn; i++) drawn = f->used[i] != 0;
        if (!drawn) continue;
        gk_status st = embed(pf, k);
        if (st != GK_OK) return st;
    }
    return GK_OK;
}
