/* What the files of pdf/ share: the PDF's side of the fonts of one
 * document (the font service, fonts/font.h, finds, measures and subsets
 * them; here their codes, their libharu definitions and fonts) and the
 * ToUnicode CMap. The HPDF_Doc lives in pdf.c. */
#ifndef GK_PDF_INTERNAL_H
#define GK_PDF_INTERNAL_H

#include "font.h"
#include "fontset.h"
#include "laid.h"
#include "layout.h"

#include <hpdf.h>
#include <stdint.h>

/* A code in the font standing for a character beyond the BMP, which
 * libharu cannot encode: drawn as .notdef, read back through ToUnicode. */
typedef struct gk_subst {
    uint16_t code;
    uint32_t cp;
} gk_subst;

/* The PDF's side of entry k of the document's fonts (fonts.f[k]). */
typedef struct gk_pfont {
    HPDF_FontDef def;    /* the subset of this document, once embedded */
    HPDF_Font font;      /* created when first drawn */
    uint8_t *used;       /* bitmap of the codes drawn */
    gk_subst *subst;
    size_t nsubst, scap;
    gk_cpmap subst_at;   /* code point beyond the BMP -> its entry in subst */
    uint16_t next_pua;
    /* after gk_pfonts_embed: the CIDs, in the subset's glyph order (fonts.c) */
    uint16_t *cid;       /* code drawn -> its CID */
    uint32_t *cid_code;  /* CID -> the code drawn with it (UINT32_MAX: none), for ToUnicode */
    uint16_t *extra_gid; /* CID num_glyphs + k -> its glyph (a code the face lacks, or a glyph shared) */
    size_t ncid, nglyphs, nextra;
} gk_pfont;

typedef struct gk_pfonts {
    gk_fonts fonts;      /* the entries, their faces and the roles' chains */
    HPDF_Doc pdf;
    gk_pfont *f;         /* f[k] goes with fonts.f[k] */
    size_t n;
    bool borrowed;       /* fonts is a laid-out document's (gk_pfonts_init_laid): not ours to free */
    gk_laid *laid;       /* that document, whose subsets are shared, or NULL */
} gk_pfonts;

/* Sets up the fonts of every role and loads each role's first font; a
 * first font that cannot be found or loaded is an error. Free with
 * gk_pfonts_free, also after a failure. */
gk_status gk_pfonts_init(gk_pfonts *pf, HPDF_Doc pdf, const gk_fontset *fs, const char *name, gk_diags *diags);
/* The same over the fonts a document was laid out with (laid.h): shared,
 * left to their owner by gk_pfonts_free. */
gk_status gk_pfonts_init_laid(gk_pfonts *pf, HPDF_Doc pdf, gk_laid *laid, const char *name, gk_diags *diags);
void gk_pfonts_free(gk_pfonts *pf);
/* The layout engine's view of these fonts. */
gk_metrics gk_pfonts_metrics(gk_pfonts *pf);
/* The libharu font of entry `id`, created on first use (after
 * gk_pfonts_embed); NULL on failure. */
HPDF_Font gk_pfont_font(gk_pfonts *pf, int id);
/* The code a character is drawn with in font `id` (beyond the BMP: a
 * private-use substitute), marked as used. */
uint16_t gk_pfont_code(gk_pfonts *pf, int id, uint32_t cp);
/* The CID a code of font `id` is drawn with, after gk_pfonts_embed. */
uint16_t gk_pfont_cid(const gk_pfonts *pf, int id, uint16_t code);

/* Subsets every font drawn to the glyphs of the codes marked as used and
 * loads the subset into libharu (see fonts.c). Call after the layout and
 * after gk_pfont_code has seen every character, before the first
 * gk_pfont_font. */
gk_status gk_pfonts_embed(gk_pfonts *pf);

/* flate.c: a read-only libharu stream over `len` bytes at `data`; freeing
 * it calls release(owner). NULL when out of memory (release not called). */
HPDF_Stream gk_pdf_read_stream(HPDF_MMgr mm, const void *data, size_t len, void (*release)(void *), void *owner);
/* Replaces the data of stream dictionary d by `data` deflated (the
 * dictionary's stream becomes a new, read-only one) and has the dictionary
 * name the filter; false when out of memory. */
bool gk_flate_set(HPDF_Dict d, const void *data, size_t len);
/* The same from the data deflated already (zipper.h: a subset the OFD
 * zips too), the same bytes as gk_flate_set would make of it. */
bool gk_flate_set_deflated(HPDF_Dict d, const gk_deflated *raw);
/* Deflates every stream of the document libharu would deflate at saving;
 * call when nothing more is drawn. False when out of memory. */
bool gk_flate_streams(HPDF_Doc pdf);

/* Replaces the ToUnicode CMap libharu wrote for each font used (its
 * begincidrange is invalid there) with one mapping every code drawn. */
gk_status gk_pdf_tounicode(gk_pfonts *pf);

#endif
