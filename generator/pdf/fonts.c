/* The fonts of one PDF: a fontset's names found through fontconfig (as
 * desktop programs find them) or taken as file paths, loaded into libharu
 * for embedding, and measured per character for the layout engine. */
#include "diag.h"
#include "pdf_internal.h"

#include <ctype.h>
#include <fontconfig/fontconfig.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_mmgr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup(const char *s)
{
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p) memcpy(p, s, n + 1);
    return p;
}

/* Family names compare without case and spaces ("AR PL SungtiL GB"). */
static bool same_family(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ') a++;
        while (*b == ' ') b++;
        if (!*a || !*b) return !*a && !*b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return false;
        a++;
        b++;
    }
}

/* Finds the file of a family through fontconfig. Returns false when no
 * installed font has that family (fontconfig would offer a substitute). */
static bool fc_find(gk_pfonts *pf, const char *family, char **path, int *index)
{
    /* a configuration of our own, destroyed with the fonts: fontconfig's
     * default one keeps memory nobody can free (LeakSanitizer reports it) */
    if (!pf->fc) pf->fc = FcInitLoadConfigAndFonts();
    FcPattern *pat = pf->fc ? FcPatternCreate() : NULL;
    if (!pat) return false;
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcConfigSubstitute(pf->fc, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *match = FcFontMatch(pf->fc, pat, &res);
    FcPatternDestroy(pat);
    if (!match) return false;
    bool found = false;
    FcChar8 *s;
    for (int n = 0; FcPatternGetString(match, FC_FAMILY, n, &s) == FcResultMatch; n++)
        if (same_family((const char *)s, family)) found = true;
    FcChar8 *file;
    int idx = 0;
    if (found && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
        FcPatternGetInteger(match, FC_INDEX, 0, &idx);
        *path = dup((const char *)file);
        *index = idx;
    } else {
        found = false;
    }
    FcPatternDestroy(match);
    return found && *path;
}

/* A file path, with ":N" for the N-th face of a collection. */
static bool split_path(const char *spec, char **path, int *index)
{
    *index = 0;
    *path = dup(spec);
    if (!*path) return false;
    char *colon = strrchr(*path, ':');
    if (colon && colon[1]) {
        char *end;
        long v = strtol(colon + 1, &end, 10);
        if (!*end && v >= 0 && v < 1000) {
            *colon = '\0';
            *index = (int)v;
        }
    }
    return true;
}

static bool is_collection(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char magic[4] = {0};
    size_t n = fread(magic, 1, 4, f);
    fclose(f);
    return n == 4 && memcmp(magic, "ttcf", 4) == 0;
}

static const char *load_error(HPDF_STATUS e)
{
    switch (e) {
    case HPDF_FILE_OPEN_ERROR: return "cannot be opened";
    case HPDF_TTF_CANNOT_EMBEDDING_FONT: return "does not allow embedding (its licence bits forbid it)";
    case HPDF_TTF_MISSING_TABLE:
        return "is not a TrueType font with glyf outlines (OpenType/CFF fonts cannot be embedded by libharu)";
    case HPDF_TTF_INVALID_CMAP: return "has no Unicode character map libharu can read";
    case HPDF_INVALID_TTC_INDEX: return "has no face with that index";
    case HPDF_INVALID_TTC_FILE: return "is not a valid font collection";
    case HPDF_FONT_EXISTS: return "is loaded twice under one name";
    default: return "cannot be read as a TrueType font";
    }
}

/* The roles whose chain has entry id (first when `primary`), e.g. "body, table". */
static const char *roles_of(const gk_pfonts *pf, int id, bool primary, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int r = 0; r < GK_ROLE_COUNT; r++)
        for (int k = 0; k < (primary ? 1 : pf->nchain[r]); k++)
            if (pf->chain[r][k] == id && n < size) {
                n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? ", " : "", gk_font_role_names[r]);
                break;
            }
    return buf;
}

/* Loads entry id; false (with a diagnostic) when it cannot be. */
static bool load(gk_pfonts *pf, int id, bool primary)
{
    gk_pfont *f = &pf->f[id];
    if (f->tried) return pf->f[f->canon].ok;
    f->tried = true;
    gk_severity sev = primary ? GK_ERROR : GK_WARNING;
    char roles[160];
    roles_of(pf, id, primary, roles, sizeof roles);
    const char *what = primary ? "font" : "fallback font";
    bool is_path = strchr(f->spec, '/') != NULL;
    bool found = is_path ? split_path(f->spec, &f->path, &f->index) : fc_find(pf, f->spec, &f->path, &f->index);
    if (!found || !f->path) {
        gk_diag_add(pf->diags, sev, "font", pf->name, 0, 0, "",
                    is_path ? "the %s \"%s\" (%s) cannot be found"
                            : "the %s \"%s\" (%s) is not installed: fontconfig finds no font of that family",
                    what, f->spec, roles);
        return false;
    }
    /* one file, one load: another name for the same face shares it */
    for (size_t k = 0; k < pf->n; k++) {
        gk_pfont *o = &pf->f[k];
        if ((int)k != id && o->tried && o->canon == (int)k && o->path && strcmp(o->path, f->path) == 0 &&
            o->index == f->index) {
            f->canon = (int)k;
            return o->ok;
        }
    }
    const char *name = is_collection(f->path) ? HPDF_LoadTTFontFromFile2(pf->pdf, f->path, (HPDF_UINT)f->index, HPDF_TRUE)
                                              : HPDF_LoadTTFontFromFile(pf->pdf, f->path, HPDF_TRUE);
    HPDF_STATUS e = HPDF_GetError(pf->pdf);
    if (!name || e != HPDF_OK) {
        if (is_path)
            gk_diag_add(pf->diags, sev, "font", pf->name, 0, 0, "", "the %s \"%s\" (%s) %s", what, f->spec, roles,
                        load_error(e));
        else
            gk_diag_add(pf->diags, sev, "font", pf->name, 0, 0, "", "the %s \"%s\" (%s), found in %s, %s", what,
                        f->spec, roles, f->path, load_error(e));
        HPDF_ResetError(pf->pdf);
        return false;
    }
    f->name = name;
    f->def = HPDF_GetFontDef(pf->pdf, name);
    f->adv = malloc(65536 * sizeof *f->adv);
    f->gid = calloc(65536, sizeof *f->gid);
    f->used = calloc(65536 / 8, 1);
    if (!f->def || !f->adv || !f->gid || !f->used) {
        pf->oom = true;
        return false;
    }
    for (size_t k = 0; k < 65536; k++) f->adv[k] = -2;
    f->notdef = HPDF_TTFontDef_GetGidWidth(f->def, 0);
    f->next_pua = 0xE000;
    f->ok = true;
    return true;
}

static int add_spec(gk_pfonts *pf, const char *spec)
{
    for (size_t k = 0; k < pf->n; k++)
        if (strcmp(pf->f[k].spec, spec) == 0) return (int)k;
    if (pf->n == pf->cap) {
        size_t cap = pf->cap ? pf->cap * 2 : 8;
        gk_pfont *f = realloc(pf->f, cap * sizeof *f);
        if (!f) return -1;
        pf->f = f;
        pf->cap = cap;
    }
    gk_pfont *f = &pf->f[pf->n];
    memset(f, 0, sizeof *f);
    f->spec = dup(spec);
    if (!f->spec) return -1;
    f->canon = (int)pf->n;
    return (int)pf->n++;
}

gk_status gk_pfonts_init(gk_pfonts *pf, HPDF_Doc pdf, const gk_fontset *fs, const char *name, gk_diags *diags)
{
    memset(pf, 0, sizeof *pf);
    pf->pdf = pdf;
    pf->fs = fs;
    pf->name = name;
    pf->diags = diags;
    for (int r = 0; r < GK_ROLE_COUNT; r++) {
        const gk_font_spec *s = &fs->role[r];
        if (s->pdf) {
            int id = add_spec(pf, s->pdf);
            if (id < 0) return GK_NOMEM;
            pf->chain[r][pf->nchain[r]++] = id;
        }
        for (int k = 0; k < s->nfallback && k < GK_FONT_MAX_FALLBACK; k++) {
            if (!s->fallback[k]) continue;
            int id = add_spec(pf, s->fallback[k]);
            if (id < 0) return GK_NOMEM;
            pf->chain[r][pf->nchain[r]++] = id;
        }
    }
    gk_status st = GK_OK;
    for (int r = 0; r < GK_ROLE_COUNT; r++) {
        if (!pf->nchain[r]) {
            gk_diag_add(diags, GK_ERROR, "font", name, 0, 0, "", "the fontset names no pdf font for %s",
                        gk_font_role_names[r]);
            st = GK_INVALID;
        } else if (!load(pf, pf->chain[r][0], true)) {
            st = pf->oom ? GK_NOMEM : GK_INVALID;
        }
    }
    return st;
}

void gk_pfonts_free(gk_pfonts *pf)
{
    for (size_t k = 0; k < pf->n; k++) {
        free(pf->f[k].spec);
        free(pf->f[k].path);
        free(pf->f[k].adv);
        free(pf->f[k].gid);
        free(pf->f[k].used);
        free(pf->f[k].subst);
    }
    free(pf->f);
    if (pf->fc) FcConfigDestroy(pf->fc);
    memset(pf, 0, sizeof *pf);
}

/* Advance of cp in loaded font f, in 1/1000 em; -1 when it has no glyph. */
static int advance(gk_pfont *f, uint32_t cp)
{
    if (cp > 0xFFFF) return -1;
    int16_t *a = &f->adv[cp];
    if (*a == -2) {
        HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(f->def, (HPDF_UINT16)cp);
        f->gid[cp] = gid;
        *a = gid ? HPDF_TTFontDef_GetGidWidth(f->def, gid) : -1;
        if (*a < -1) *a = 0;
    }
    return *a;
}

static gk_glyph glyph(void *ctx, gk_font_role role, uint32_t cp)
{
    gk_pfonts *pf = ctx;
    gk_glyph g = {0, 1.0, true};
    int first = -1;
    for (int k = 0; k < pf->nchain[role]; k++) {
        int id = pf->chain[role][k];
        if (!load(pf, id, false)) continue;
        gk_pfont *f = &pf->f[pf->f[id].canon];
        int canon = pf->f[id].canon;
        if (first < 0) first = canon;
        int a = advance(f, cp);
        if (a >= 0) {
            g.font = canon;
            g.advance = a / 1000.0;
            g.missing = false;
            return g;
        }
    }
    if (first >= 0) {
        g.font = first;
        g.advance = pf->f[first].notdef / 1000.0;
    }
    return g;
}

gk_metrics gk_pfonts_metrics(gk_pfonts *pf)
{
    gk_metrics m = {pf, glyph};
    return m;
}

HPDF_Font gk_pfont_font(gk_pfonts *pf, int id)
{
    if (id < 0 || (size_t)id >= pf->n || !pf->f[id].ok) return NULL;
    gk_pfont *f = &pf->f[id];
    if (f->font) return f->font;
    f->font = HPDF_GetFont(pf->pdf, f->name, "UTF-8");
    /* libharu names the encoding (Identity-H) as the CIDFont's ordering;
     * with Identity-H it is Adobe-Identity-0 */
    HPDF_FontAttr a = f->font ? (HPDF_FontAttr)f->font->attr : NULL;
    HPDF_Dict info = a && a->descendant_font ? HPDF_Dict_GetItem(a->descendant_font, "CIDSystemInfo", HPDF_OCLASS_DICT) : NULL;
    if (info) {
        HPDF_Dict_Add(info, "Ordering", HPDF_String_New(pf->pdf->mmgr, "Identity", NULL));
        HPDF_Dict_AddNumber(info, "Supplement", 0);
    }
    return f->font;
}

uint16_t gk_pfont_code(gk_pfonts *pf, int id, uint32_t cp)
{
    gk_pfont *f = &pf->f[id];
    uint16_t code = (uint16_t)cp;
    if (cp > 0xFFFF) {
        code = 0;
        for (size_t k = 0; k < f->nsubst; k++)
            if (f->subst[k].cp == cp) code = f->subst[k].code;
        /* a private-use code this font draws nothing for */
        while (!code && f->next_pua && f->next_pua <= 0xF8FF) {
            uint16_t c = f->next_pua++;
            if (HPDF_TTFontDef_GetGlyphid(f->def, c) != 0 || (f->used[c >> 3] & (1u << (c & 7)))) continue;
            if (f->nsubst == f->scap) {
                size_t cap = f->scap ? f->scap * 2 : 8;
                gk_subst *s = realloc(f->subst, cap * sizeof *s);
                if (!s) {
                    pf->oom = true;
                    break;
                }
                f->subst = s;
                f->scap = cap;
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

/* libharu 2.3.0 embeds a composite glyph's components only when their
 * glyph ids are below 32768 (it reads them as signed) and never the
 * components of components, so in large fonts (WenQuanYi Micro Hei has
 * 50 000 glyphs) many characters would be drawn empty. Before saving, mark
 * every component of every glyph drawn, at any depth. */
static bool mark_components(gk_pfont *f)
{
    HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)f->def->attr;
    unsigned n = a->num_glyphs;
    if (!n || !a->glyph_tbl.offsets || !a->glyph_tbl.flgs) return true;
    FILE *fp = fopen(f->path, "rb");
    if (!fp) return false;
    uint16_t *stack = malloc(n * sizeof *stack);
    unsigned char *buf = malloc(65536);
    if (!stack || !buf) {
        free(stack);
        free(buf);
        fclose(fp);
        return false;
    }
    size_t top = 0;
    for (unsigned g = 0; g < n; g++)
        if (a->glyph_tbl.flgs[g]) stack[top++] = (uint16_t)g;
    unsigned scale = a->header.index_to_loc_format == 0 ? 2 : 1;
    while (top) {
        unsigned g = stack[--top];
        unsigned long off = (unsigned long)a->glyph_tbl.offsets[g] * scale;
        unsigned long len = (unsigned long)a->glyph_tbl.offsets[g + 1] * scale - off;
        if (len < 12 || len > 65536) continue;
        if (fseek(fp, (long)(a->glyph_tbl.base_offset + off), SEEK_SET) != 0 || fread(buf, 1, len, fp) != len) continue;
        if (!(buf[0] & 0x80)) continue; /* numberOfContours >= 0: a simple glyph */
        size_t p = 10;
        for (;;) {
            if (p + 4 > len) break;
            unsigned flags = (unsigned)buf[p] << 8 | buf[p + 1];
            unsigned comp = (unsigned)buf[p + 2] << 8 | buf[p + 3];
            p += 4 + ((flags & 1) ? 4 : 2);
            if (flags & 8) p += 2;
            else if (flags & 64) p += 4;
            else if (flags & 128) p += 8;
            if (comp < n && !a->glyph_tbl.flgs[comp]) {
                a->glyph_tbl.flgs[comp] = 1;
                stack[top++] = (uint16_t)comp;
            }
            if (!(flags & 32)) break;
        }
    }
    free(stack);
    free(buf);
    fclose(fp);
    return true;
}

bool gk_pfonts_finish_subsets(gk_pfonts *pf)
{
    bool ok = true;
    for (size_t k = 0; k < pf->n; k++)
        if (pf->f[k].font && !mark_components(&pf->f[k])) ok = false;
    return ok;
}

/* libharu looks a character's glyph up by scanning the segments of the
 * font's format 4 character map, and HPDF_GetFont looks up all 65 536 codes
 * to write the CIDToGIDMap and widths: in a CJK font with thousands of
 * segments that is half the time of a document, and the map it writes
 * covers every character of the font. Once the layout has measured every
 * character, the map becomes one segment over the whole BMP with a direct
 * table of the glyphs of those characters (0 for the others), so each
 * lookup is one step and the PDF maps only the characters it uses. */
void gk_pfonts_compact(gk_pfonts *pf)
{
    for (size_t k = 0; k < pf->n; k++) {
        gk_pfont *f = &pf->f[k];
        if (!f->ok || f->canon != (int)k || f->font) continue;
        HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)f->def->attr;
        HPDF_MMgr mm = f->def->mmgr;
        if (a->cmap.format != 4) continue;
        HPDF_UINT16 *end = HPDF_GetMem(mm, sizeof *end), *start = HPDF_GetMem(mm, sizeof *start);
        HPDF_INT16 *delta = HPDF_GetMem(mm, sizeof *delta);
        HPDF_UINT16 *range = HPDF_GetMem(mm, sizeof *range), *glyphs = HPDF_GetMem(mm, 65536 * sizeof *glyphs);
        if (!end || !start || !delta || !range || !glyphs) {
            HPDF_ResetError(pf->pdf);
            if (end) HPDF_FreeMem(mm, end);
            if (start) HPDF_FreeMem(mm, start);
            if (delta) HPDF_FreeMem(mm, delta);
            if (range) HPDF_FreeMem(mm, range);
            if (glyphs) HPDF_FreeMem(mm, glyphs);
            continue; /* keep the font's own map: slower, not wrong */
        }
        *end = 0xFFFF;
        *start = 0;
        *delta = 0;
        *range = 2; /* glyph index = range / 2 + code - segments = code */
        for (size_t c = 0; c < 65536; c++) glyphs[c] = f->adv[c] >= 0 ? f->gid[c] : 0;
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
    }
}
