/* The font service every fixed-layout renderer uses (PDF, OFD): the fonts a
 * fontset names, found through fontconfig (as desktop programs find them)
 * or taken as file paths, loaded once per process, measured per character,
 * and subset to the code points a document draws (HarfBuzz's subsetter),
 * giving the subset's bytes (a small TrueType font) and its glyph map.
 *
 * Two levels:
 * - a face (gk_face) is a font file as the process keeps it: read into memory once,
 *   its character map and advances looked up once, whatever the number of
 *   documents; freed at exit (gk_fonts_release, an atexit hook);
 * - a document's fonts (gk_fonts) are the fontset's entries, each role's
 *   chain of a first font and its fallbacks, loaded on first use with
 *   diagnostics that name the fontset's line.
 *
 * What a renderer does with a subset (libharu's font definitions and
 * ToUnicode in pdf/, a FontFile in ofd/) is its own. */
#ifndef GK_FONT_H
#define GK_FONT_H

#include "diag.h"
#include "fontset.h"
#include "gongkai.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Faces ------------------------------------------------------------------ */

typedef struct gk_face gk_face;

/* Why a face cannot be embedded. */
typedef enum gk_face_error {
    GK_FACE_OK,
    GK_FACE_UNREADABLE,     /* the file cannot be read (gk_face_why says why) */
    GK_FACE_NO_EMBEDDING,   /* its licence bits forbid embedding or subsetting */
    GK_FACE_MISSING_TABLE,  /* not TrueType with glyf outlines (OpenType/CFF) */
    GK_FACE_NO_UNICODE,     /* no Unicode character map */
    GK_FACE_BAD_INDEX,      /* a collection without the face asked for */
    GK_FACE_BAD_COLLECTION, /* a collection with no face */
    GK_FACE_BAD_FORMAT      /* anything else wrong with it */
} gk_face_error;

const char *gk_face_path(const gk_face *f);
gk_face_error gk_face_problem(const gk_face *f);
/* For GK_FACE_UNREADABLE: the reader's phrase ("" otherwise). */
const char *gk_face_why(const gk_face *f);
/* The advance of code point cp in 1/1000 em (truncated, as PDF widths
 * are), -1 when the face has no glyph for it. */
int gk_face_advance(gk_face *f, uint32_t cp);
/* The glyph of cp (0 when the face has none). */
unsigned gk_face_glyph(gk_face *f, uint32_t cp);
/* The advance of the .notdef glyph, and the tops of x and H, in 1/1000 em. */
int gk_face_notdef(const gk_face *f);
int gk_face_x_height(const gk_face *f);
int gk_face_cap_height(const gk_face *f);
unsigned gk_face_upem(const gk_face *f);

/* Frees what the process keeps (the fonts found, their files read and
 * measured, fontconfig's configuration). Registered with atexit when first
 * needed; using the fonts again afterwards loads them anew. */
void gk_fonts_release(void);

/* ---- Subsets ---------------------------------------------------------------- */

typedef struct gk_font_subset gk_font_subset;

/* The subset of face f for the BMP code points whose bits are set in `bmp`
 * (65 536 bits; those the face has no glyph for are left out) and the code
 * points beyond the BMP in astral[0..nastral): mapped in the subset's
 * character map, or with `astral_by_glyph` only kept by glyph id (for a
 * renderer that draws them through codes of its own and needs the subset's
 * map to stay format 4). Without any character the face has, the subset
 * keeps the first one it has, so that it has a character map. Hinting is
 * dropped, .notdef keeps its outline; only the tables a TrueType renderer
 * reads are kept. NULL when it cannot be made (out of memory, or HarfBuzz
 * fails). Free with gk_font_subset_free. */
gk_font_subset *gk_face_subset(gk_face *f, const uint8_t *bmp, const uint32_t *astral, size_t nastral,
                               bool astral_by_glyph);
/* The subset's bytes, a TrueType file (valid while the subset lives). */
const char *gk_font_subset_data(const gk_font_subset *s, size_t *len);
/* The subset's glyph for the face's glyph `old`; UINT32_MAX when the
 * subset does not have it. */
uint32_t gk_font_subset_glyph(const gk_font_subset *s, unsigned old);
/* Another owner: the subset lives until each has called
 * gk_font_subset_free. */
gk_font_subset *gk_font_subset_ref(gk_font_subset *s);
void gk_font_subset_free(gk_font_subset *s);

/* ---- The fonts of a document ------------------------------------------------ */

typedef struct gk_font {
    char *spec;          /* as the fontset names it */
    unsigned line;       /* the fontset's line that first names it (0: built-in) */
    gk_face *face;       /* the face found for it, once loaded */
    int canon;           /* the entry that loaded this face (itself or an earlier one) */
    bool tried, ok;
} gk_font;

typedef struct gk_fonts {
    const gk_fontset *fs;
    const char *name;    /* the output's name, for messages */
    gk_diags *diags;
    gk_font *f;          /* every entry the fontset names, made by gk_fonts_init */
    size_t n, cap;
    int chain[GK_ROLE_COUNT][1 + GK_FONT_MAX_FALLBACK];
    int nchain[GK_ROLE_COUNT];
    bool oom;
} gk_fonts;

/* Sets up the fonts of every role and loads each role's first font; a
 * first font that cannot be found or loaded is an error (diagnostics on the
 * fontset's line, or on `name` for the built-in fontset). The entries are
 * all made here (fonts->n does not change afterwards); fallbacks are loaded
 * when first asked for. Free with gk_fonts_free, also after a failure. */
gk_status gk_fonts_init(gk_fonts *fonts, const gk_fontset *fs, const char *name, gk_diags *diags);
void gk_fonts_free(gk_fonts *fonts);

/* The font of role's chain that has cp: true with *font (an entry, its
 * canonical one) and *advance (in em); false when no font of the chain has
 * it, with *font the chain's first loaded font and *advance its .notdef
 * advance (*font -1 and *advance 1 when none loads). A fallback that cannot
 * be loaded is warned about once and skipped. */
bool gk_fonts_glyph(gk_fonts *fonts, gk_font_role role, uint32_t cp, int *font, double *advance);

#endif
