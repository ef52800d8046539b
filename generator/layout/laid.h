/* A document laid out once for the writers of fixed layouts (PDF, OFD):
 * the fonts its text was measured with and the pages the layout made of
 * it. Both writers lay a document out alike (the same fontset, metrics and
 * page geometry), so when a run asks for both, render/document.c lays it
 * out once, keeps it with the document and hands it to each writer, which
 * reads it and leaves it to its maker to free (gk_fonts_free,
 * gk_layout_free). The writers set fonts.name and fonts.diags to their own
 * before use: the fonts' late messages name the file being written. */
#ifndef GK_LAID_H
#define GK_LAID_H

#include "font.h"
#include "layout.h"
#include "zipper.h"

#include <stdlib.h>
#include <string.h>

typedef struct gk_laid {
    gk_fonts fonts;
    gk_layout lay;
    /* the subset the first writer made of entry k (fonts.f[k]) when it drew
     * nothing beyond the BMP there, and the characters it drew (65 536
     * bits): the other writer, drawing the same ones, embeds the same
     * subset. Both NULL until made; sub[k] holds a reference. */
    gk_font_subset **sub;
    uint8_t **bmp;
    /* sub[k] deflated (zipper.h), made by the first writer that embeds it:
     * the PDF's FontFile2 and the OFD's font entry are the same raw
     * deflate, so it is made once (data NULL until then) */
    gk_deflated *zsub;
} gk_laid;

/* The subset of entry k for a writer (gk_face_subset's arguments; a new
 * reference, NULL when it cannot be made), made once for both writers when
 * neither draws beyond the BMP: then the two subsets would be the same
 * bytes (without astral characters the subset does not depend on
 * astral_by_glyph). l NULL: made as always. */
static inline gk_font_subset *gk_laid_subset(gk_laid *l, size_t k, gk_face *face, const uint8_t *bmp,
                                             const uint32_t *astral, size_t nastral, bool astral_by_glyph)
{
    bool shared = l && l->sub && k < l->fonts.n && nastral == 0;
    if (shared && l->sub[k] && memcmp(l->bmp[k], bmp, 65536 / 8) == 0) return gk_font_subset_ref(l->sub[k]);
    gk_font_subset *s = gk_face_subset(face, bmp, astral, nastral, astral_by_glyph);
    if (s && shared && !l->sub[k] && (l->bmp[k] = malloc(65536 / 8)) != NULL) {
        memcpy(l->bmp[k], bmp, 65536 / 8);
        l->sub[k] = gk_font_subset_ref(s);
    }
    return s;
}

/* Subset s of entry k deflated, made once for both writers when s is the
 * subset they share (gk_laid_subset); NULL when it is not, or out of
 * memory: the caller deflates its own. Owned by l. */
static inline const gk_deflated *gk_laid_deflated(gk_laid *l, size_t k, const gk_font_subset *s)
{
    if (!l || !l->zsub || k >= l->fonts.n || !s || l->sub[k] != s) return NULL;
    if (!l->zsub[k].data) {
        size_t len;
        const char *data = gk_font_subset_data(s, &len);
        if (!len || !gk_deflate(data, len, &l->zsub[k])) return NULL;
    }
    return &l->zsub[k];
}

#endif
