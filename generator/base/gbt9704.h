/* The GB/T 9704-2012 page (党政机关公文格式), defined once in millimetres:
 * every renderer derives its units from these figures (DOCX twips in
 * docx/parts.h, the layout's points in layout/metrics.c, OFD millimetres as
 * they are), so the page cannot differ between the formats. */
#ifndef GK_GBT9704_H
#define GK_GBT9704_H

/* A4 portrait; a landscape page is the same page turned a quarter. */
#define GK_GBT_PAGE_W_MM 210.0
#define GK_GBT_PAGE_H_MM 297.0
/* the margins: 天头 37 mm, 订口 28 mm; the text block (版心) 156 × 225 mm
 * is what is left, 35 mm at the bottom and 26 mm at the right */
#define GK_GBT_TOP_MM 37.0
#define GK_GBT_LEFT_MM 28.0
#define GK_GBT_BLOCK_W_MM 156.0
#define GK_GBT_BLOCK_H_MM 225.0
#define GK_GBT_BOTTOM_MM (GK_GBT_PAGE_H_MM - GK_GBT_TOP_MM - GK_GBT_BLOCK_H_MM)
#define GK_GBT_RIGHT_MM (GK_GBT_PAGE_W_MM - GK_GBT_LEFT_MM - GK_GBT_BLOCK_W_MM)
/* the body grid: 22 lines of 28 characters */
#define GK_GBT_LINES 22
#define GK_GBT_CHARS 28
/* the page number (4号, 14 pt) stands 7 mm below the text block */
#define GK_GBT_PN_GAP_MM 7.0
#define GK_GBT_PN_PT 14

/* Conversions: 1 inch = 25.4 mm = 72 pt = 1440 twips. */
#define GK_MM(x) ((x) * 72.0 / 25.4)                  /* mm -> points */
#define GK_PT_TO_MM(x) ((x) * 25.4 / 72.0)            /* points -> mm */
#define GK_TW(mm) ((int)((mm) * 1440.0 / 25.4 + 0.5)) /* mm -> twips, rounded */

#endif
