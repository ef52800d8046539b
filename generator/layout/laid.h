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

typedef struct gk_laid {
    gk_fonts fonts;
    gk_layout lay;
} gk_laid;

#endif
