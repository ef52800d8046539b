/* The parts of the package and what they share: page geometry and the
 * numbering the body needs. One file per part (after libxlsxwriter). */
#ifndef GK_DOCX_PARTS_H
#define GK_DOCX_PARTS_H

#include "buf.h"
#include "fontset.h"
#include "gbt9704.h"
#include "node.h"

#include <stdbool.h>

/* GB/T 9704-2012 geometry in twips (1/1440 inch), from the millimetres of
 * gbt9704.h. The margins are rounded each; the text block is what the page
 * leaves between them, so that the twips add up (8845 = 11906 - 1587 - 1474). */
#define GK_PAGE_W GK_TW(GK_GBT_PAGE_W_MM)            /* 11906 */
#define GK_PAGE_H GK_TW(GK_GBT_PAGE_H_MM)            /* 16838 */
#define GK_MARGIN_TOP GK_TW(GK_GBT_TOP_MM)           /* 2098, 天头 37 mm */
#define GK_MARGIN_BOTTOM GK_TW(GK_GBT_BOTTOM_MM)     /* 1984, 35 mm */
#define GK_MARGIN_LEFT GK_TW(GK_GBT_LEFT_MM)         /* 1587, 订口 28 mm */
#define GK_MARGIN_RIGHT GK_TW(GK_GBT_RIGHT_MM)       /* 1474, 26 mm */
#define GK_TEXT_W (GK_PAGE_W - GK_MARGIN_LEFT - GK_MARGIN_RIGHT) /* 8845, 版心 156 mm */
#define GK_TEXT_H (GK_PAGE_H - GK_MARGIN_TOP - GK_MARGIN_BOTTOM) /* 12756, 225 mm */
/* the page number stands 7 mm below the text block: its line (4号) ends
 * about 23 mm above the page edge (1307) */
#define GK_FOOTER (GK_TW(GK_GBT_BOTTOM_MM - GK_GBT_PN_GAP_MM) - GK_GBT_PN_PT * 20)
/* 22 lines in 225 mm: a line pitch of 579 twips (22 × 579 ≤ 12756) */
#define GK_LINE_PITCH (GK_TEXT_H / GK_GBT_LINES)
enum {
    /* 28 characters of 16 pt in 156 mm: a pitch of at most 15.79 pt, so the
     * body text is condensed by 0.25 pt (5 twips). A character grid
     * (docGrid linesAndChars) would say the same, but LibreOffice derives
     * its character pitch from the line pitch and spreads the text; the
     * line grid with condensed text reads the same in Word, WPS and
     * LibreOffice. */
    GK_BODY_CONDENSE = -5,
    /* a first-line indent of one character of 3号 text */
    GK_INDENT_PER_CHAR = 320,
};

/* Heading and list numbering, as the body uses it; numbering.c writes it. */
enum { GK_NUMSTYLE_COMMA, GK_NUMSTYLE_DOT, GK_NUMSTYLES }; /* 1、 or 1. at level 3 */
/* Every list is an instance of its own, so a document of 10 000 projects
 * needs tens of thousands (a fixed 4 096 dropped the numbers of every later
 * list). The array grows; this bound is never met by a tree compose.c makes
 * (a list takes a line, and an expansion writes at most 1 000 000). */
#define GK_MAX_NUMS (1 << 21)

typedef struct gk_num_instance {
    int abstract;              /* abstractNumId */
    int level, start;          /* startOverride of one level, or level < 0 */
} gk_num_instance;

typedef struct gk_docx_numbering {
    gk_num_instance *inst; /* numId = index + 1 */
    int count, cap;
    bool failed; /* out of memory or past GK_MAX_NUMS: the part is not written */
    int heading_inst[GK_NUMSTYLES];       /* numId now used for headings */
    int counter[GK_NUMSTYLES][4];         /* Word's counters in that instance */
} gk_docx_numbering;

void gk_docx_numbering_init(gk_docx_numbering *n);
void gk_docx_numbering_free(gk_docx_numbering *n);
/* The numId a heading (level 1..4, style, number from the tree) must carry
 * so that Word shows the tree's number; 0 (and n->failed) when out of
 * memory. */
int gk_docx_heading_num(gk_docx_numbering *n, int level, int style, int number);
/* A fresh numId for a list in `style` (numbering from 1); lists in table
 * cells are not indented. */
int gk_docx_list_num(gk_docx_numbering *n, gk_numbering style, bool in_cell);

/* The parts. Each appends one XML document to `out`; false on failure. */
/* The footers' relationship ids: [portrait/landscape][odd/even]. */
typedef struct gk_docx_footers { const char *id[2][2]; } gk_docx_footers;
bool gk_docx_document_xml(const gk_tree *tree, const gk_fontset *fonts, gk_docx_numbering *num,
                          const gk_docx_footers *footers, gk_buf *out);
bool gk_docx_styles_xml(const gk_fontset *fonts, bool fit, gk_buf *out);
bool gk_docx_numbering_xml(const gk_docx_numbering *num, gk_buf *out);
bool gk_docx_settings_xml(gk_buf *out);
bool gk_docx_font_table_xml(const gk_fontset *fonts, gk_buf *out);
bool gk_docx_footer_xml(bool odd, bool landscape, gk_buf *out);
bool gk_docx_core_xml(const gk_doc_meta *meta, gk_buf *out);
bool gk_docx_app_xml(gk_buf *out);

#define GK_NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define GK_NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

#endif
