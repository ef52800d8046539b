/* The font service (font.h): finding, loading, measuring and subsetting
 * the fonts a fontset names, for every fixed-layout renderer.
 *
 * What does not change from one document to the next is kept for the
 * process (a batch worker renders many documents): the fontconfig
 * configuration, where each name was found, and each font file's face —
 * read once (gk_file_load: a regular file of at most 128 MiB), its
 * character map and advances looked up once. All of it is freed at exit
 * (gk_fonts_release, an atexit hook), so leak checkers see nothing left.
 *
 * Per document, once the layout is done and every character drawn is
 * known, each font drawn is subset to the glyphs of those characters (with
 * their components): a small TrueType font that the renderer embeds,
 * rather than nearly the whole of a 5–15 MB CJK font for every document. */
#include "font.h"
#include "file.h"

#include <ctype.h>
#include <limits.h>
#include <fontconfig/fontconfig.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gk_face {
    char *path;
    int index;          /* face in a collection (0 for a single font) */
    gk_face_error error; /* why it cannot be embedded, GK_FACE_OK when it can */
    char why[200];      /* for GK_FACE_UNREADABLE: why the file cannot be read */
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

void gk_fonts_release(void)
{
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

static void hook_release(void)
{
    if (!hooked && atexit(gk_fonts_release) == 0) hooked = true;
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
    hook_release();
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

/* A font file is read whole into memory, through the shared reader's rules:
 * only a regular file, only up to the bound (a FIFO or /dev/zero named as a
 * font is an error, never a hang nor a growing read). Read, not mapped: a
 * mapped file that is truncated or replaced in place while a document is
 * drawn faults (SIGBUS) on the next page touched, which would kill a render
 * or a batch worker; bytes of our own cannot change under us. The cost is
 * the heap (about 5 MiB for each of the three default fonts, per process,
 * kept for the process like the face) and one read per process and font:
 * callgrind on `batch samples -j 1 -f pdf` (six documents) counted
 * 1 106.2 M instructions in the worker mapping and 1 107.8 M reading
 * (+0.15 %; gk_file_load reads straight into place, gk_file_read's chunks
 * cost +1.6 %). The largest CJK TrueType fonts are about 40 MiB; a
 * collection of several weights can be larger. */
#define GK_MAX_FONT_FILE ((size_t)128 * 1024 * 1024)

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

/* Is there an sfnt header at `at` (TrueType 1.0 or "true", OpenType
 * "OTTO")? Only then can a directory tell that the file was cut short; any
 * other bytes are left to HarfBuzz ("cannot be read as a TrueType font"). */
static bool sfnt_at(const uint8_t *d, size_t n, uint64_t at)
{
    return at + 4 <= n && (memcmp(d + at, "\0\1\0\0", 4) == 0 || memcmp(d + at, "true", 4) == 0 ||
                           memcmp(d + at, "OTTO", 4) == 0);
}

/* Does the table directory of the font at `at` lie inside the file, and do
 * its tables? 0 when they do (or when no sfnt header is there to say);
 * otherwise the end of the first table (or directory) beyond the end, which
 * tells a truncated file from a bad one. */
static uint64_t sfnt_beyond(const uint8_t *d, size_t n, uint64_t at)
{
    if (!sfnt_at(d, n, at)) return 0;
    if (at + 12 > n) return at + 12;
    unsigned tables = (unsigned)d[at + 4] << 8 | d[at + 5];
    if (at + 12 + 16 * (uint64_t)tables > n) return at + 12 + 16 * (uint64_t)tables;
    for (unsigned k = 0; k < tables; k++) {
        const uint8_t *r = d + at + 12 + 16 * k;
        uint64_t end = (uint64_t)be32(r + 8) + be32(r + 12);
        if (end > n) return end;
    }
    return 0;
}

/* The same for every face of a collection ("ttcf": a count, then offsets). */
static uint64_t font_beyond(const uint8_t *d, size_t n)
{
    if (n < 12 || memcmp(d, "ttcf", 4) != 0) return sfnt_beyond(d, n, 0);
    uint32_t faces = be32(d + 8);
    if (12 + 4 * (uint64_t)faces > n) return 12 + 4 * (uint64_t)faces;
    for (uint32_t k = 0; k < faces; k++) {
        uint64_t at = be32(d + 12 + 4 * k);
        uint64_t e = at + 12 > n ? at + 12 : sfnt_beyond(d, n, at);
        if (e) return e;
    }
    return 0;
}

/* The file as a blob that owns its bytes, or NULL with `why` filled (a
 * phrase for a message); *oom tells that memory ran out, which is not the
 * font's fault. A file shorter than its own table directory says (cut
 * short by a copy or a full disk) is refused here, by name and sizes,
 * rather than reported later as a font of the wrong kind. */
static hb_blob_t *read_font(const char *path, char *why, size_t size, bool *oom)
{
    const char *reason;
    char *data;
    size_t n;
    gk_file_status st = gk_file_load(path, GK_MAX_FONT_FILE, &data, &n, &reason);
    *oom = st == GK_FILE_NOMEM;
    uint64_t beyond = 0;
    if (st == GK_FILE_OK && n == 0) reason = "cannot read: the file is empty";
    else if (st == GK_FILE_OK) beyond = font_beyond((const uint8_t *)data, n);
    if (st != GK_FILE_OK || n == 0 || beyond) {
        if (beyond)
            snprintf(why, size, "the file is truncated: %zu bytes, but its tables run to byte %llu", n,
                     (unsigned long long)beyond);
        else snprintf(why, size, "%s", reason);
        if (st == GK_FILE_OK) free(data);
        return NULL;
    }
    unsigned len = (unsigned)n; /* at most GK_MAX_FONT_FILE */
    hb_blob_t *blob = hb_blob_create_or_fail(data, len, HB_MEMORY_MODE_READONLY, data, free);
    if (!blob) {
        free(data);
        *oom = true;
    }
    return blob;
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

/* Why a face cannot be embedded, GK_FACE_OK when it can: the tables a
 * TrueType renderer reads (libharu among them), glyf outlines, a Unicode
 * character map, and licence bits that allow embedding. */
static gk_face_error check_face(hb_face_t *face, unsigned *upem)
{
    static const char *const needed[] = {"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap", "name", "OS/2"};
    const uint8_t *d;
    unsigned len;
    for (size_t k = 0; k < sizeof needed / sizeof needed[0]; k++) {
        hb_blob_destroy(table(face, needed[k], &d, &len));
        if (!len) return GK_FACE_MISSING_TABLE;
    }
    gk_face_error e = GK_FACE_OK;
    hb_blob_t *b = table(face, "head", &d, &len);
    *upem = len >= 20 ? be16(d + 18) : 0;
    if (*upem < 16 || *upem > 16384) e = GK_FACE_BAD_FORMAT;
    hb_blob_destroy(b);
    if (e) return e;
    b = table(face, "OS/2", &d, &len);
    /* restricted licence, bitmap embedding only, no subsetting: as libharu */
    if (len >= 10 && (be16(d + 8) & (0x0002 | 0x0100 | 0x0200))) e = GK_FACE_NO_EMBEDDING;
    hb_blob_destroy(b);
    if (e) return e;
    b = table(face, "cmap", &d, &len);
    e = GK_FACE_NO_UNICODE;
    for (unsigned k = 0; len >= 4 && k < be16(d + 2) && 4 + 8 * k + 8 <= len; k++) {
        unsigned platform = be16(d + 4 + 8 * k), encoding = be16(d + 6 + 8 * k);
        if (platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10))) e = GK_FACE_OK;
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
    hook_release();
    gk_face *f = calloc(1, sizeof *f);
    if (!f || !(f->path = str_dup(path))) {
        free(f);
        hb_blob_destroy(blob);
        return NULL;
    }
    f->index = index;
    f->blob = blob;
    if (!f->blob) {
        f->error = GK_FACE_UNREADABLE;
        snprintf(f->why, sizeof f->why, "%s", why);
    } else if (ttc && hb_face_count(f->blob) == 0) {
        f->error = GK_FACE_BAD_COLLECTION;
    } else if (ttc && (unsigned)index >= hb_face_count(f->blob)) {
        f->error = GK_FACE_BAD_INDEX;
    } else {
        f->hb = hb_face_create(f->blob, (unsigned)index);
        f->nglyphs = hb_face_get_glyph_count(f->hb);
        f->error = f->nglyphs ? check_face(f->hb, &f->upem) : GK_FACE_BAD_FORMAT;
    }
    if (f->error == GK_FACE_OK) {
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

/* The glyph of an astral code point (0 when the face has none). */
static hb_codepoint_t astral_glyph(const gk_face *f, uint32_t cp)
{
    hb_codepoint_t g = 0;
    if (!hb_font_get_nominal_glyph(f->font, cp, &g) || g >= f->nglyphs || g > 0xFFFF) g = 0;
    return g;
}

/* Advance of BMP code point cp in face f, looked up in the font and kept
 * (advance() below asks for it only the first time). */
static int16_t look_up(gk_face *f, uint32_t cp)
{
    int16_t *a = &f->adv[cp];
    hb_codepoint_t g = 0;
    if (!hb_font_get_nominal_glyph(f->font, cp, &g) || g == 0 || g >= f->nglyphs || g > 0xFFFF) {
        *a = -1;
    } else {
        f->gid[cp] = (uint16_t)g;
        *a = (int16_t)(uint16_t)((unsigned)hb_font_get_glyph_h_advance(f->font, g) * 1000 / f->upem);
        if (*a < -1) *a = 0;
    }
    return *a;
}

/* Advance of cp in face f, in 1/1000 em; -1 when it has no glyph. Asked
 * for every character a document lays out: the kept BMP advance is read
 * inline, the first look-up of each is a call. */
static inline int advance(gk_face *f, uint32_t cp)
{
    if (cp > 0xFFFF) {
        /* beyond the BMP: looked up each time (rare) */
        hb_codepoint_t g = astral_glyph(f, cp);
        if (!g) return -1;
        int a = (int)((unsigned)hb_font_get_glyph_h_advance(f->font, g) * 1000 / f->upem);
        return a < 0 ? 0 : a > INT16_MAX ? INT16_MAX : a;
    }
    int16_t a = f->adv[cp];
    return a == -2 ? look_up(f, cp) : a;
}

const char *gk_face_path(const gk_face *f) { return f->path; }
gk_face_error gk_face_problem(const gk_face *f) { return f->error; }
const char *gk_face_why(const gk_face *f) { return f->why; }
int gk_face_advance(gk_face *f, uint32_t cp) { return advance(f, cp); }
int gk_face_notdef(const gk_face *f) { return f->notdef; }
int gk_face_x_height(const gk_face *f) { return f->x_height; }
int gk_face_cap_height(const gk_face *f) { return f->cap_height; }
unsigned gk_face_upem(const gk_face *f) { return f->upem; }

unsigned gk_face_glyph(gk_face *f, uint32_t cp)
{
    if (cp > 0xFFFF) return astral_glyph(f, cp);
    return advance(f, cp) >= 0 ? f->gid[cp] : 0;
}

/* ---- The fonts of a document -------------------------------------------------- */

static const char *load_error(gk_face_error e)
{
    switch (e) {
    case GK_FACE_UNREADABLE: return "cannot be opened";
    case GK_FACE_NO_EMBEDDING: return "does not allow embedding (its licence bits forbid it)";
    case GK_FACE_MISSING_TABLE:
        return "is not a TrueType font with glyf outlines (OpenType/CFF fonts cannot be embedded by libharu)";
    case GK_FACE_NO_UNICODE: return "has no Unicode character map";
    case GK_FACE_BAD_INDEX: return "has no face with that index";
    case GK_FACE_BAD_COLLECTION: return "is not a valid font collection";
    default: return "cannot be read as a TrueType font";
    }
}

/* The roles whose chain has entry id (first when `primary`), e.g. "body, table". */
static const char *roles_of(const gk_fonts *pf, int id, bool primary, char *buf, size_t size)
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
static void font_problem(gk_fonts *pf, const gk_font *f, gk_severity sev, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void font_problem(gk_fonts *pf, const gk_font *f, gk_severity sev, const char *fmt, ...)
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

/* Loads entry id the first time (load() below); false (with a
 * diagnostic) when it cannot be. */
static bool load_first(gk_fonts *pf, int id, bool primary)
{
    gk_font *f = &pf->f[id];
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
        gk_font *o = &pf->f[k];
        if ((int)k != id && o->tried && o->canon == (int)k && o->face == face) {
            f->canon = (int)k;
            return o->ok;
        }
    }
    f->face = face;
    if (face->error != GK_FACE_OK) {
        const char *why = face->why[0] ? face->why : load_error(face->error);
        if (is_path)
            font_problem(pf, f, sev, "the %s \"%s\" (%s) %s%s", what, f->spec, roles, face->why[0] ? "cannot be used: " : "",
                         why);
        else
            font_problem(pf, f, sev, "the %s \"%s\" (%s), found in %s, %s%s", what, f->spec, roles, face->path,
                         face->why[0] ? "cannot be used: " : "", why);
        return false;
    }
    f->ok = true;
    return true;
}

/* Loads entry id; false (with a diagnostic) when it cannot be. Asked for
 * every character a document lays out, so what was tried already is
 * answered inline. */
static inline bool load(gk_fonts *pf, int id, bool primary)
{
    const gk_font *f = &pf->f[id];
    return f->tried ? pf->f[f->canon].ok : load_first(pf, id, primary);
}

static int add_spec(gk_fonts *pf, const char *spec, unsigned line)
{
    for (size_t k = 0; k < pf->n; k++)
        if (strcmp(pf->f[k].spec, spec) == 0) return (int)k;
    if (pf->n == pf->cap) {
        size_t cap = pf->cap ? pf->cap * 2 : 8;
        gk_font *f = realloc(pf->f, cap * sizeof *f);
        if (!f) return -1;
        pf->f = f;
        pf->cap = cap;
    }
    gk_font *f = &pf->f[pf->n];
    memset(f, 0, sizeof *f);
    f->spec = str_dup(spec);
    if (!f->spec) return -1;
    f->line = line;
    f->canon = (int)pf->n;
    return (int)pf->n++;
}

gk_status gk_fonts_init(gk_fonts *pf, const gk_fontset *fs, const char *name, gk_diags *diags)
{
    memset(pf, 0, sizeof *pf);
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

void gk_fonts_free(gk_fonts *pf)
{
    for (size_t k = 0; k < pf->n; k++) {
        free(pf->f[k].spec);
    }
    free(pf->f);
    memset(pf, 0, sizeof *pf);
}

bool gk_fonts_glyph(gk_fonts *pf, gk_font_role role, uint32_t cp, int *font, double *advance_em)
{
    int first = -1;
    for (int k = 0; k < pf->nchain[role]; k++) {
        int id = pf->chain[role][k];
        if (!load(pf, id, false)) continue;
        int canon = pf->f[id].canon;
        if (first < 0) first = canon;
        int a = advance(pf->f[canon].face, cp);
        if (a >= 0) {
            *font = canon;
            *advance_em = a / 1000.0;
            return true;
        }
    }
    *font = 0;
    *advance_em = 1.0;
    if (first >= 0) {
        *font = first;
        *advance_em = pf->f[first].face->notdef / 1000.0;
    }
    return false;
}

/* ---- Subsets ----------------------------------------------------------------- */

/* The tables of a TrueType font libharu reads (and PDF and OFD readers
 * need, but for the hinting the flags below drop); the subset drops the
 * others, and with GSUB the glyphs only it would reach. */
static bool embedded_table(hb_tag_t t)
{
    static const char *const keep[] = {"OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea",
                                       "hmtx", "loca", "maxp", "name", "post", "prep"};
    for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++)
        if (t == hb_tag_from_string(keep[k], 4)) return true;
    return false;
}

struct gk_font_subset {
    hb_blob_t *blob;         /* the subset's bytes */
    hb_subset_plan_t *plan;  /* its glyph map (destroyed after the blob) */
    unsigned refs;
};

static bool bit(const uint8_t *set, unsigned c) { return (set[c >> 3] >> (c & 7)) & 1; }

gk_font_subset *gk_face_subset(gk_face *face, const uint8_t *bmp, const uint32_t *astral, size_t nastral,
                               bool astral_by_glyph)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in) return NULL;
    hb_set_t *u = hb_subset_input_unicode_set(in);
    bool any = false;
    for (unsigned c = 0; c < 65536; c++) {
        if (!(c & 7) && !bmp[c >> 3]) {
            c += 7;
            continue;
        }
        if (bit(bmp, c) && advance(face, c) >= 0) {
            hb_set_add(u, c);
            any = true;
        }
    }
    /* characters beyond the BMP: by glyph id, the subset's character map
     * stays the format 4 one a 16-bit reader such as libharu reads (with
     * them it would get format 12) */
    hb_set_t *gids = hb_subset_input_glyph_set(in);
    for (size_t k = 0; k < nastral; k++) {
        hb_codepoint_t g = astral_glyph(face, astral[k]);
        if (!g) continue;
        if (astral_by_glyph) hb_set_add(gids, g);
        else hb_set_add(u, astral[k]);
    }
    /* no BMP character drawn (only boxes, or only characters beyond the
     * BMP): the subset still needs a format 4 character map, which HarfBuzz
     * writes only for BMP characters */
    for (unsigned c = 0x20; !any && c < 65536; c++)
        if (advance(face, c) >= 0) {
            hb_set_add(u, c);
            any = true;
        }
    /* PDF and OFD readers draw TrueType outlines without the font's
     * hinting; the .notdef glyph keeps its outline: characters no font has
     * are boxes */
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
    gk_font_subset *s = NULL;
    hb_subset_plan_t *plan = NULL;
    hb_blob_t *blob = NULL;
    if (!hb_set_allocation_successful(u) || !hb_set_allocation_successful(drop) || !hb_set_allocation_successful(gids))
        goto done;
    plan = hb_subset_plan_create_or_fail(face->hb, in);
    hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
    if (sub) {
        blob = hb_face_reference_blob(sub);
        hb_face_destroy(sub);
        if (!hb_blob_get_length(blob)) {
            hb_blob_destroy(blob);
            blob = NULL;
        }
    }
    s = blob ? malloc(sizeof *s) : NULL;
    if (s) {
        s->blob = blob;
        s->plan = plan;
        s->refs = 1;
        blob = NULL;
        plan = NULL;
    }
done:
    if (blob) hb_blob_destroy(blob);
    if (plan) hb_subset_plan_destroy(plan);
    hb_subset_input_destroy(in);
    return s;
}

const char *gk_font_subset_data(const gk_font_subset *s, size_t *len)
{
    unsigned n;
    const char *d = hb_blob_get_data(s->blob, &n);
    *len = n;
    return d;
}

uint32_t gk_font_subset_glyph(const gk_font_subset *s, unsigned old)
{
    return hb_map_get(hb_subset_plan_old_to_new_glyph_mapping(s->plan), old);
}

gk_font_subset *gk_font_subset_ref(gk_font_subset *s)
{
    s->refs++;
    return s;
}

void gk_font_subset_free(gk_font_subset *s)
{
    if (!s || --s->refs) return;
    hb_blob_destroy(s->blob);
    hb_subset_plan_destroy(s->plan);
    free(s);
}
