/* The fonts of one PDF: a fontset's names found through fontconfig (as
 * desktop programs find them) or taken as file paths, measured per
 * character for the layout engine, and embedded as subsets made by
 * HarfBuzz's subsetter.
 *
 * What does not change from one document to the next is kept for the
 * process (a batch worker renders many documents): the fontconfig
 * configuration, where each name was found, and each font file's face —
 * read once (gk_file_read: a regular file of at most 128 MiB), its character
 * map and advances looked up once. All of it is
 * freed at exit (gk_pdf_release, an atexit hook), so leak checkers
 * see nothing left.
 *
 * Per document, once the layout is done and every code drawn is known, each
 * font drawn is subset to the glyphs of those codes (with their components)
 * and the subset, a small TrueType font, is what libharu loads, draws with
 * and embeds: it no longer reads and compresses nearly the whole of a
 * 5–15 MB CJK font for every document.
 *
 * Characters beyond the BMP. libharu's codes are 16-bit UTF-16 values, each
 * the CID of its character, mapped to a glyph by libharu's CIDToGIDMap
 * through the subset's format 4 character map (which we rewrite as a direct
 * table, direct_cmap). A character beyond the BMP is given a private-use
 * code the font draws nothing for (gk_pfont_code); its glyph is kept in the
 * subset by glyph id and the direct table maps the code to it, and the
 * ToUnicode CMap maps the code to the character's surrogate pair. So every
 * glyph a font has is drawn whatever its code point, and the BMP stays
 * exactly as it was: rather than CIDs in glyph order with an Identity
 * CIDToGIDMap, which would replace libharu's CID font writer and change the
 * bytes of every PDF. The limit is 6 400 characters beyond the BMP per
 * font and document (the private-use area), far above any real text; past
 * it they are boxes. */
#include "diag.h"
#include "file.h"
#include "pdf.h"
#include "pdf_internal.h"
#include "utf8.h"

#include <ctype.h>
#include <limits.h>
#include <fontconfig/fontconfig.h>
#include <hb-subset.h>
#include <hb.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_list.h>
#include <hpdf_mmgr.h>
#include <hpdf_streams.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gk_face {
    char *path;
    int index;          /* face in a collection (0 for a single font) */
    HPDF_STATUS error;  /* why it cannot be embedded (as libharu says it), 0 when it can */
    char why[200];      /* for HPDF_FILE_OPEN_ERROR: why the file cannot be read */
    hb_blob_t *blob;    /* the file, read whole */
    hb_face_t *hb;
    hb_font_t *font;
    unsigned upem, nglyphs;
    int16_t notdef;     /* advance of the .notdef glyph, 1/1000 em */
    int16_t x_height, cap_height; /* tops of x and H, 1/1000 em, as libharu measures them */
    int16_t *adv;       /* per BMP code point: advance in 1/1000 em; -1 none; -2 not looked up */
    uint16_t *gid;      /* per BMP code point: its glyph, where looked up */
};

/* Where a fontset name was found: path NULL when it was not. */
typedef struct gk_found {
    char *spec;
    char *path;
    int index;
} gk_found;

static struct {
    FcConfig *fc;       /* fontconfig, loaded when a font is first named by family */
    gk_found *names;
    size_t nnames, cnames;
    gk_face **faces;
    size_t nfaces, cfaces;
} cache;
static bool hooked;

static void face_free(gk_face *f)
{
    if (!f) return;
    if (f->font) hb_font_destroy(f->font);
    if (f->hb) hb_face_destroy(f->hb);
    if (f->blob) hb_blob_destroy(f->blob);
    free(f->adv);
    free(f->gid);
    free(f->path);
    free(f);
}

void gk_pdf_release(void)
{
    gk_flate_release();
    for (size_t k = 0; k < cache.nfaces; k++) face_free(cache.faces[k]);
    for (size_t k = 0; k < cache.nnames; k++) {
        free(cache.names[k].spec);
        free(cache.names[k].path);
    }
    free(cache.faces);
    free(cache.names);
    /* a configuration of our own: fontconfig's default one keeps memory
     * nobody can free (LeakSanitizer reports it) */
    if (cache.fc) FcConfigDestroy(cache.fc);
    memset(&cache, 0, sizeof cache);
}

void gk_pdf_hook_release(void)
{
    if (!hooked && atexit(gk_pdf_release) == 0) hooked = true;
}

static char *str_dup(const char *s)
{
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p) memcpy(p, s, n + 1);
    return p;
}

/* ---- Finding the files ------------------------------------------------------ */

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

/* Finds the file of a family through fontconfig. Leaves *path NULL when no
 * installed font has that family (fontconfig would offer a substitute);
 * false when out of memory. */
static bool fc_find(const char *family, char **path, int *index)
{
    *path = NULL;
    if (!cache.fc) {
        cache.fc = FcInitLoadConfigAndFonts();
        if (!cache.fc) return true;
    }
    FcPattern *pat = FcPatternCreate();
    if (!pat) return false;
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcConfigSubstitute(cache.fc, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *match = FcFontMatch(cache.fc, pat, &res);
    FcPatternDestroy(pat);
    if (!match) return true;
    bool found = false, ok = true;
    FcChar8 *s;
    for (int n = 0; FcPatternGetString(match, FC_FAMILY, n, &s) == FcResultMatch; n++)
        if (same_family((const char *)s, family)) found = true;
    FcChar8 *file;
    int idx = 0;
    if (found && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
        FcPatternGetInteger(match, FC_INDEX, 0, &idx);
        *path = str_dup((const char *)file);
        *index = idx;
        ok = *path != NULL;
    }
    FcPatternDestroy(match);
    return ok;
}

/* A file path, with ":N" for the N-th face of a collection. */
static bool split_path(const char *spec, char **path, int *index)
{
    *index = 0;
    *path = str_dup(spec);
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

/* Where the process found a fontset name (looked up on first use); NULL
 * when out of memory. */
static const gk_found *resolve(const char *spec, bool is_path)
{
    for (size_t k = 0; k < cache.nnames; k++)
        if (strcmp(cache.names[k].spec, spec) == 0) return &cache.names[k];
    if (cache.nnames == cache.cnames) {
        size_t cap = cache.cnames ? cache.cnames * 2 : 16;
        gk_found *v = realloc(cache.names, cap * sizeof *v);
        if (!v) return NULL;
        cache.names = v;
        cache.cnames = cap;
    }
    gk_pdf_hook_release();
    gk_found e = {str_dup(spec), NULL, 0};
    bool ok = e.spec && (is_path ? split_path(spec, &e.path, &e.index) : fc_find(spec, &e.path, &e.index));
    if (!ok) {
        free(e.spec);
        free(e.path);
        return NULL;
    }
    cache.names[cache.nnames] = e;
    return &cache.names[cache.nnames++];
}

/* ---- Faces --------------------------------------------------------------------- */

/* A font file is mapped, through the shared reader's rules: only a regular
 * file, only up to the bound (a FIFO or /dev/zero named as a font is an
 * error, never a hang nor a growing read). Mapped rather than read, so that
 * a 30 MiB CJK font costs address space and the pages the subsetter touches,
 * not 30 MiB of heap per worker (a file truncated while a document is drawn
 * would fault; fonts are installed files). The largest CJK TrueType fonts
 * are about 40 MiB; a collection of several weights can be larger. */
#define GK_MAX_FONT_FILE ((size_t)128 * 1024 * 1024)

typedef struct mapping { const void *data; size_t len; } mapping;

static void unmap(void *p)
{
    mapping *m = p;
    gk_file_unmap(m->data, m->len);
    free(m);
}

/* The file as a blob, or NULL with `why` filled (a phrase for a message);
 * *oom tells that memory ran out, which is not the font's fault. */
static hb_blob_t *read_font(const char *path, char *why, size_t size, bool *oom)
{
    const char *reason;
    mapping *m = malloc(sizeof *m);
    *oom = !m;
    if (!m) return NULL;
    gk_file_status st = gk_file_map(path, GK_MAX_FONT_FILE, &m->data, &m->len, &reason);
    if (st != GK_FILE_OK || m->len > UINT_MAX) {
        *oom = st == GK_FILE_NOMEM;
        snprintf(why, size, "%s", st != GK_FILE_OK ? reason : "cannot read: the file is too large");
        gk_file_unmap(m->data, m->len);
        free(m);
        return NULL;
    }
    hb_blob_t *b = hb_blob_create_or_fail(m->data, (unsigned)m->len, HB_MEMORY_MODE_READONLY, m, unmap);
    if (!b) {
        unmap(m);
        *oom = true;
    }
    return b;
}

static bool is_collection(hb_blob_t *b)
{
    unsigned n;
    const char *d = hb_blob_get_data(b, &n);
    return n >= 4 && memcmp(d, "ttcf", 4) == 0;
}

static unsigned be16(const uint8_t *p) { return (unsigned)p[0] << 8 | p[1]; }

/* The bytes of a table (len 0 when the face has none); destroy the blob. */
static hb_blob_t *table(hb_face_t *face, const char *tag, const uint8_t **data, unsigned *len)
{
    hb_blob_t *b = hb_face_reference_table(face, hb_tag_from_string(tag, 4));
    *data = (const uint8_t *)hb_blob_get_data(b, len);
    if (!*data) *len = 0;
    return b;
}

/* Why libharu could not embed a face, 0 when it can: the tables it reads,
 * glyf outlines, a Unicode character map, and licence bits that allow
 * embedding. */
static HPDF_STATUS check_face(hb_face_t *face, unsigned *upem)
{
    static const char *const needed[] = {"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap", "name", "OS/2"};
    const uint8_t *d;
    unsigned len;
    for (size_t k = 0; k < sizeof needed / sizeof needed[0]; k++) {
        hb_blob_destroy(table(face, needed[k], &d, &len));
        if (!len) return HPDF_TTF_MISSING_TABLE;
    }
    HPDF_STATUS e = 0;
    hb_blob_t *b = table(face, "head", &d, &len);
    *upem = len >= 20 ? be16(d + 18) : 0;
    if (*upem < 16 || *upem > 16384) e = HPDF_TTF_INVALID_FOMAT;
    hb_blob_destroy(b);
    if (e) return e;
    b = table(face, "OS/2", &d, &len);
    /* restricted licence, bitmap embedding only, no subsetting: as libharu */
    if (len >= 10 && (be16(d + 8) & (0x0002 | 0x0100 | 0x0200))) e = HPDF_TTF_CANNOT_EMBEDDING_FONT;
    hb_blob_destroy(b);
    if (e) return e;
    b = table(face, "cmap", &d, &len);
    e = HPDF_TTF_INVALID_CMAP;
    for (unsigned k = 0; len >= 4 && k < be16(d + 2) && 4 + 8 * k + 8 <= len; k++) {
        unsigned platform = be16(d + 4 + 8 * k), encoding = be16(d + 6 + 8 * k);
        if (platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10))) e = 0;
    }
    hb_blob_destroy(b);
    return e;
}

/* The top of a character's glyph in 1/1000 em (0 without one): the
 * subset may not have it, so the font descriptor takes it from here. */
static int16_t top(const gk_face *f, uint32_t cp)
{
    hb_codepoint_t g;
    hb_glyph_extents_t e;
    if (!hb_font_get_nominal_glyph(f->font, cp, &g) || !g || !hb_font_get_glyph_extents(f->font, g, &e)) return 0;
    return (int16_t)(uint16_t)(e.y_bearing * 1000 / (int)f->upem);
}

/* The face of a file as the process keeps it, loaded on first use (with
 * `error` set when it cannot be embedded); NULL when out of memory. */
static gk_face *face_get(const char *path, int index)
{
    for (size_t k = 0; k < cache.nfaces; k++)
        if (cache.faces[k]->index == index && strcmp(cache.faces[k]->path, path) == 0) return cache.faces[k];
    char why[200] = "";
    bool oom;
    hb_blob_t *blob = read_font(path, why, sizeof why, &oom);
    if (oom) return NULL; /* not remembered: the next document may have the memory */
    bool ttc = blob && is_collection(blob);
    if (blob && !ttc && index != 0) { /* a single font: the index means nothing */
        hb_blob_destroy(blob);
        return face_get(path, 0);
    }
    if (cache.nfaces == cache.cfaces) {
        size_t cap = cache.cfaces ? cache.cfaces * 2 : 8;
        gk_face **v = realloc(cache.faces, cap * sizeof *v);
        if (!v) return NULL;
        cache.faces = v;
        cache.cfaces = cap;
    }
    gk_pdf_hook_release();
    gk_face *f = calloc(1, sizeof *f);
    if (!f || !(f->path = str_dup(path))) {
        free(f);
        hb_blob_destroy(blob);
        return NULL;
    }
    f->index = index;
    f->blob = blob;
    if (!f->blob) {
        f->error = HPDF_FILE_OPEN_ERROR;
        snprintf(f->why, sizeof f->why, "%s", why);
    } else if (ttc && hb_face_count(f->blob) == 0) {
        f->error = HPDF_INVALID_TTC_FILE;
    } else if (ttc && (unsigned)index >= hb_face_count(f->blob)) {
        f->error = HPDF_INVALID_TTC_INDEX;
    } else {
        f->hb = hb_face_create(f->blob, (unsigned)index);
        f->nglyphs = hb_face_get_glyph_count(f->hb);
        f->error = f->nglyphs ? check_face(f->hb, &f->upem) : HPDF_TTF_INVALID_FOMAT;
    }
    if (!f->error) {
        f->font = hb_font_create(f->hb);
        f->adv = malloc(65536 * sizeof *f->adv);
        f->gid = calloc(65536, sizeof *f->gid);
        if (!f->font || !f->adv || !f->gid) {
            face_free(f);
            return NULL;
        }
        for (size_t k = 0; k < 65536; k++) f->adv[k] = -2;
        /* libharu's widths: font units × 1000 / units per em, truncated */
        f->notdef = (int16_t)(uint16_t)((unsigned)hb_font_get_glyph_h_advance(f->font, 0) * 1000 / f->upem);
        f->x_height = top(f, 'x');
        f->cap_height = top(f, 'H');
    }
    cache.faces[cache.nfaces++] = f;
    return f;
}

/* Advance of cp in face f, in 1/1000 em; -1 when it has no glyph. */
/* The glyph of an astral code point (0 when the face has none). */
static hb_codepoint_t astral_glyph(const gk_face *f, uint32_t cp)
{
    hb_codepoint_t g = 0;
    if (!hb_font_get_nominal_glyph(f->font, cp, &g) || g >= f->nglyphs || g > 0xFFFF) g = 0;
    return g;
}

static int advance(gk_face *f, uint32_t cp)
{
    if (cp > 0xFFFF) {
        /* beyond the BMP: looked up each time (rare), drawn through a
         * private-use code (gk_pfont_code) */
        hb_codepoint_t g = astral_glyph(f, cp);
        if (!g) return -1;
        int a = (int)((unsigned)hb_font_get_glyph_h_advance(f->font, g) * 1000 / f->upem);
        return a < 0 ? 0 : a > INT16_MAX ? INT16_MAX : a;
    }
    int16_t *a = &f->adv[cp];
    if (*a == -2) {
        hb_codepoint_t g = 0;
        if (!hb_font_get_nominal_glyph(f->font, cp, &g) || g == 0 || g >= f->nglyphs || g > 0xFFFF) {
            *a = -1;
        } else {
            f->gid[cp] = (uint16_t)g;
            *a = (int16_t)(uint16_t)((unsigned)hb_font_get_glyph_h_advance(f->font, g) * 1000 / f->upem);
            if (*a < -1) *a = 0;
        }
    }
    return *a;
}

/* ---- The fonts of a document -------------------------------------------------- */

static const char *load_error(HPDF_STATUS e)
{
    switch (e) {
    case HPDF_FILE_OPEN_ERROR: return "cannot be opened";
    case HPDF_TTF_CANNOT_EMBEDDING_FONT: return "does not allow embedding (its licence bits forbid it)";
    case HPDF_TTF_MISSING_TABLE:
        return "is not a TrueType font with glyf outlines (OpenType/CFF fonts cannot be embedded by libharu)";
    case HPDF_TTF_INVALID_CMAP: return "has no Unicode character map";
    case HPDF_INVALID_TTC_INDEX: return "has no face with that index";
    case HPDF_INVALID_TTC_FILE: return "is not a valid font collection";
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

/* A problem with a font the fontset names: at the fontset's line that
 * names it, or (the built-in fontset) on the output. */
static void font_problem(gk_pfonts *pf, const gk_pfont *f, gk_severity sev, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void font_problem(gk_pfonts *pf, const gk_pfont *f, gk_severity sev, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    bool file = f->line && pf->fs->origin && strcmp(pf->fs->origin, "built-in") != 0;
    gk_diag_add(pf->diags, sev, "font", file ? pf->fs->origin : pf->name, file ? f->line : 0, file ? 1 : 0, "", "%s",
                msg);
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
    const gk_found *where = resolve(f->spec, is_path);
    if (!where) {
        pf->oom = true;
        return false;
    }
    if (!where->path) {
        font_problem(pf, f, sev,
                    is_path ? "the %s \"%s\" (%s) cannot be found"
                            : "the %s \"%s\" (%s) is not installed: fontconfig finds no font of that family",
                    what, f->spec, roles);
        return false;
    }
    gk_face *face = face_get(where->path, where->index);
    if (!face) {
        pf->oom = true;
        return false;
    }
    /* one face, one font: another name for the same face shares it */
    for (size_t k = 0; k < pf->n; k++) {
        gk_pfont *o = &pf->f[k];
        if ((int)k != id && o->tried && o->canon == (int)k && o->face == face) {
            f->canon = (int)k;
            return o->ok;
        }
    }
    f->face = face;
    if (face->error) {
        const char *why = face->why[0] ? face->why : load_error(face->error);
        if (is_path)
            font_problem(pf, f, sev, "the %s \"%s\" (%s) %s%s", what, f->spec, roles, face->why[0] ? "cannot be used: " : "",
                         why);
        else
            font_problem(pf, f, sev, "the %s \"%s\" (%s), found in %s, %s%s", what, f->spec, roles, face->path,
                         face->why[0] ? "cannot be used: " : "", why);
        return false;
    }
    f->used = calloc(65536 / 8, 1);
    if (!f->used) {
        pf->oom = true;
        return false;
    }
    f->next_pua = 0xE000;
    f->ok = true;
    return true;
}

static int add_spec(gk_pfonts *pf, const char *spec, unsigned line)
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
    f->spec = str_dup(spec);
    if (!f->spec) return -1;
    f->line = line;
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
            int id = add_spec(pf, s->pdf, s->pdf_line);
            if (id < 0) return GK_NOMEM;
            pf->chain[r][pf->nchain[r]++] = id;
        }
        for (int k = 0; k < s->nfallback && k < GK_FONT_MAX_FALLBACK; k++) {
            if (!s->fallback[k]) continue;
            int id = add_spec(pf, s->fallback[k], s->fallback_line);
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
        free(pf->f[k].used);
        free(pf->f[k].subst);
        gk_cpmap_free(&pf->f[k].subst_at);
    }
    free(pf->f);
    memset(pf, 0, sizeof *pf);
}

static gk_glyph glyph(void *ctx, gk_font_role role, uint32_t cp)
{
    gk_pfonts *pf = ctx;
    gk_glyph g = {0, 1.0, true};
    int first = -1;
    for (int k = 0; k < pf->nchain[role]; k++) {
        int id = pf->chain[role][k];
        if (!load(pf, id, false)) continue;
        int canon = pf->f[id].canon;
        if (first < 0) first = canon;
        int a = advance(pf->f[canon].face, cp);
        if (a >= 0) {
            g.font = canon;
            g.advance = a / 1000.0;
            g.missing = false;
            return g;
        }
    }
    if (first >= 0) {
        g.font = first;
        g.advance = pf->f[first].face->notdef / 1000.0;
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
    if (id < 0 || (size_t)id >= pf->n || !pf->f[id].def) return NULL;
    gk_pfont *f = &pf->f[id];
    if (f->font) return f->font;
    f->font = HPDF_GetFont(pf->pdf, f->def->base_font, "UTF-8");
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

static bool is_used(const gk_pfont *f, unsigned c) { return (f->used[c >> 3] >> (c & 7)) & 1; }

uint16_t gk_pfont_code(gk_pfonts *pf, int id, uint32_t cp)
{
    gk_pfont *f = &pf->f[id];
    uint16_t code = (uint16_t)cp;
    if (cp > 0xFFFF) {
        code = 0;
        uint32_t k;
        if (gk_cpmap_get(&f->subst_at, cp, &k)) code = f->subst[k].code;
        /* a private-use code this font draws nothing for */
        while (!code && f->next_pua && f->next_pua <= 0xF8FF) {
            uint16_t c = f->next_pua++;
            if (advance(f->face, c) >= 0 || is_used(f, c)) continue;
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
            if (!gk_cpmap_put(&f->subst_at, cp, (uint32_t)f->nsubst)) {
                pf->oom = true;
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

/* The tables of a TrueType font libharu reads (and PDF readers need, but
 * for the hinting the flags below drop); the subset drops the others, and
 * with GSUB the glyphs only it would reach. */
static bool embedded_table(hb_tag_t t)
{
    static const char *const keep[] = {"OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea",
                                       "hmtx", "loca", "maxp", "name", "post", "prep"};
    for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++)
        if (t == hb_tag_from_string(keep[k], 4)) return true;
    return false;
}

/* The subset of f's face for the codes drawn, as a TrueType file, with the
 * map from the face's glyph ids to the subset's; NULL when it cannot be
 * made. Destroy the plan after the blob. */
static hb_blob_t *subset(gk_pfont *f, hb_subset_plan_t **plan)
{
    gk_face *face = f->face;
    *plan = NULL;
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in) return NULL;
    hb_set_t *u = hb_subset_input_unicode_set(in);
    bool any = false;
    for (unsigned c = 0; c < 65536; c++) {
        if (!(c & 7) && !f->used[c >> 3]) {
            c += 7;
            continue;
        }
        if (is_used(f, c) && advance(face, c) >= 0) {
            hb_set_add(u, c);
            any = true;
        }
    }
    /* characters beyond the BMP, drawn through private-use codes: their
     * glyphs are kept by glyph id, so that the subset's character map stays
     * the format 4 one libharu reads (with them it would get format 12) */
    hb_set_t *gids = hb_subset_input_glyph_set(in);
    for (size_t k = 0; k < f->nsubst; k++) {
        hb_codepoint_t g = astral_glyph(face, f->subst[k].cp);
        if (g) hb_set_add(gids, g);
    }
    /* no BMP character drawn (only boxes, or only characters beyond the
     * BMP): the subset still needs a format 4 character map, which HarfBuzz
     * writes only for BMP characters */
    for (unsigned c = 0x20; !any && c < 65536; c++)
        if (advance(face, c) >= 0) {
            hb_set_add(u, c);
            any = true;
        }
    /* PDF readers draw TrueType outlines without the font's hinting; the
     * .notdef glyph keeps its outline: characters no font has are boxes */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NOTDEF_OUTLINE);
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    hb_tag_t tags[64];
    unsigned ntags = 64;
    for (unsigned start = 0;; start += ntags) {
        ntags = 64;
        hb_face_get_table_tags(face->hb, start, &ntags, tags);
        for (unsigned k = 0; k < ntags; k++)
            if (!embedded_table(tags[k])) hb_set_add(drop, tags[k]);
        if (ntags < 64) break;
    }
    hb_blob_t *blob = NULL;
    if (!hb_set_allocation_successful(u) || !hb_set_allocation_successful(drop) || !hb_set_allocation_successful(gids))
        goto done;
    *plan = hb_subset_plan_create_or_fail(face->hb, in);
    hb_face_t *sub = *plan ? hb_subset_plan_execute_or_fail(*plan) : NULL;
    if (sub) {
        blob = hb_face_reference_blob(sub);
        hb_face_destroy(sub);
        if (!hb_blob_get_length(blob)) {
            hb_blob_destroy(blob);
            blob = NULL;
        }
    }
done:
    hb_subset_input_destroy(in);
    return blob;
}

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

/* libharu looks a character's glyph up by scanning the segments of the
 * font's format 4 character map, and HPDF_GetFont looks up all 65 536
 * codes to write the CIDToGIDMap and widths. The map becomes one segment
 * over the whole BMP with a direct table of the subset's glyphs of the
 * characters drawn (0 for the others), so each lookup is one step. */
static bool direct_cmap(gk_pfont *f, HPDF_FontDef def, const hb_map_t *to_new)
{
    HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;
    HPDF_MMgr mm = def->mmgr;
    if (a->cmap.format != 4) return false;
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
    for (unsigned c = 0; c < 65536; c++) {
        if (!(c & 7) && !f->used[c >> 3]) {
            c += 7;
            continue;
        }
        hb_codepoint_t g = is_used(f, c) && f->face->adv[c] >= 0 ? hb_map_get(to_new, f->face->gid[c]) : 0;
        glyphs[c] = g < a->num_glyphs ? (HPDF_UINT16)g : 0;
    }
    /* a private-use code standing for a character beyond the BMP draws
     * that character's glyph (0, the box, when the face has none) */
    for (size_t k = 0; k < f->nsubst; k++) {
        hb_codepoint_t g0 = astral_glyph(f->face, f->subst[k].cp);
        hb_codepoint_t g = g0 ? hb_map_get(to_new, g0) : 0;
        glyphs[f->subst[k].code] = g < a->num_glyphs ? (HPDF_UINT16)g : 0;
    }
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
}

/* The font descriptor of a subset with the subset itself as FontFile2, as
 * libharu would write it at saving, except that the file is the subset
 * HarfBuzz made, compressed here (flate.c): libharu would copy it again
 * glyph by glyph through its streams, a few bytes at a time, and compress
 * it with zlib. */
static bool describe(HPDF_Doc pdf, HPDF_FontDef def, const char *data, unsigned len)
{
    HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;
    HPDF_Dict file = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!file || !gk_flate_set(file, data, len)) return false;
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

/* Subsets font f and loads the subset into libharu. */
static gk_status embed(gk_pfonts *pf, gk_pfont *f)
{
    HPDF_Doc pdf = pf->pdf;
    hb_subset_plan_t *plan;
    hb_blob_t *blob = subset(f, &plan);
    HPDF_FontDef def = NULL;
    gk_status st = GK_OK;
    if (blob) {
        unsigned len;
        const char *data = hb_blob_get_data(blob, &len);
        /* libharu reads the subset in place, holding a reference to it */
        HPDF_Stream s = gk_pdf_read_stream(pdf->mmgr, data, len, (void (*)(void *))hb_blob_destroy, blob);
        if (s) hb_blob_reference(blob);
        /* the definition owns the stream, also when loading fails */
        def = s ? HPDF_TTFontDef_Load(pdf->mmgr, s, HPDF_TRUE) : NULL;
        if (def) {
            def->x_height = (HPDF_UINT16)f->face->x_height;
            def->cap_height = (HPDF_UINT16)f->face->cap_height;
        }
        if (def && !direct_cmap(f, def, hb_subset_plan_old_to_new_glyph_mapping(plan))) {
            HPDF_FontDef_Free(def);
            def = NULL;
            st = GK_NOMEM;
        }
        if (def && !add_def(pdf, def)) {
            def = NULL;
            st = GK_NOMEM;
        }
        if (def && !describe(pdf, def, data, len)) st = GK_NOMEM; /* the document owns def now */
        hb_blob_destroy(blob);
    }
    if (plan) hb_subset_plan_destroy(plan);
    if (!def && st == GK_OK) {
        gk_diag_add(pf->diags, GK_ERROR, "font", pf->name, 0, 0, "",
                    "the font \"%s\" (%s) cannot be subset for embedding (libharu error 0x%04X)", f->spec,
                    f->face->path, (unsigned)HPDF_GetError(pdf));
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
        if (!f->ok || f->canon != (int)k || f->def) continue;
        bool drawn = false;
        for (size_t i = 0; i < 65536 / 8 && !drawn; i++) drawn = f->used[i] != 0;
        if (!drawn) continue;
        gk_status st = embed(pf, f);
        if (st != GK_OK) return st;
    }
    return GK_OK;
}

