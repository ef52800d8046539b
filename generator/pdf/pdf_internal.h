/* What the files of pdf/ share: the fonts of one PDF (found through
 * fontconfig or by path, loaded into libharu, measured for the layout
 * engine) and the ToUnicode CMap. The HPDF_Doc lives in pdf.c. */
#ifndef GK_PDF_INTERNAL_H
#define GK_PDF_INTERNAL_H

#include "fontset.h"
#include "layout.h"

#include <hpdf.h>
#include <stdint.h>

/* A code in the font standing for a character beyond the BMP, which
 * libharu cannot encode: drawn as .notdef, read back through ToUnicode. */
typedef struct gk_subst {
    uint16_t code;
    uint32_t cp;
} gk_subst;

typedef struct gk_pfont {
    char *spec;          /* as the fontset names it */
    char *path;          /* the file found for it */
    int index;           /* face in a collection */
    int canon;           /* the entry that loaded this file (itself or an earlier one) */
    bool tried, ok;
    HPDF_FontDef def;
    const char *name;    /* libharu's name of the loaded font */
    HPDF_Font font;      /* created when first drawn */
    int16_t *adv;        /* per BMP code point: advance in 1/1000 em; -1 none; -2 not looked up */
    uint16_t *gid;       /* per BMP code point: its glyph, where looked up */
    int16_t notdef;      /* advance of the .notdef glyph */
    uint8_t *used;       /* bitmap of the codes drawn */
    gk_subst *subst;
    size_t nsubst, scap;
    uint16_t next_pua;
} gk_pfont;

typedef struct gk_pfonts {
    HPDF_Doc pdf;
    const gk_fontset *fs;
    const char *name;    /* the output's name, for messages */
    gk_diags *diags;
    gk_pfont *f;
    size_t n, cap;
    int chain[GK_ROLE_COUNT][1 + GK_FONT_MAX_FALLBACK];
    int nchain[GK_ROLE_COUNT];
    struct _FcConfig *fc; /* fontconfig, loaded when a font is named by family */
    bool oom;
} gk_pfonts;

/* Sets up the fonts of every role and loads each role's first font; a
 * first font that cannot be found or loaded is an error. Free with
 * gk_pfonts_free, also after a failure. */
gk_status gk_pfonts_init(gk_pfonts *pf, HPDF_Doc pdf, const gk_fontset *fs, const char *name, gk_diags *diags);
void gk_pfonts_free(gk_pfonts *pf);
/* The layout engine's view of these fonts. */
gk_metrics gk_pfonts_metrics(gk_pfonts *pf);
/* The libharu font of entry `id`, created on first use; NULL on failure. */
HPDF_Font gk_pfont_font(gk_pfonts *pf, int id);
/* The code a character is drawn with in font `id` (beyond the BMP: a
 * private-use substitute), marked as used. */
uint16_t gk_pfont_code(gk_pfonts *pf, int id, uint32_t cp);

/* Replaces the character map libharu looks glyphs up in by a direct table
 * of the characters measured (see fonts.c). Call after the layout and after
 * gk_pfont_code has seen every character, before the first gk_pfont_font. */
void gk_pfonts_compact(gk_pfonts *pf);

/* Completes the glyph subsets of the fonts drawn (see fonts.c); false
 * when a font file cannot be read again. */
bool gk_pfonts_finish_subsets(gk_pfonts *pf);

/* Replaces the ToUnicode CMap libharu wrote for each font used (its
 * begincidrange is invalid there) with one mapping every code drawn. */
gk_status gk_pdf_tounicode(gk_pfonts *pf);

#endif
