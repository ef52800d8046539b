/* The layout engine for PDF: lines, pages and tables from the document tree
 * (GB/T 9704-2012). Word lays out the DOCX; for PDF the layout is ours.
 *
 * The engine sees fonts only through a metrics provider (gk_metrics): which
 * font of a role's chain has a character and how wide it is. The PDF
 * renderer provides one on libharu; gk_metrics_fixed() is a fixed-width one
 * for the tests, so the engine is tested without fonts.
 *
 * The result (gk_layout) is a display list: pages of glyph runs and rules in
 * PDF coordinates (points, origin at the page's bottom left), the outline
 * and the characters no font has. The renderer only draws it.
 *
 * Units: points throughout (1 mm = 72 / 25.4 pt).
 */
#ifndef GK_LAYOUT_H
#define GK_LAYOUT_H

#include "arena.h"
#include "fontset.h"
#include "gbt9704.h"
#include "node.h"
#include "utf8.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* GK_MM (mm -> points) and the page: gbt9704.h */

/* ---- Metrics ------------------------------------------------------------- */

/* The glyph a role's font chain gives a code point. */
typedef struct gk_glyph {
    int font;       /* the provider's font id (>= 0) */
    double advance; /* in em: the advance width divided by the font size */
    bool missing;   /* no font of the chain has it: `font` is the chain's first,
                     * which draws its .notdef glyph */
} gk_glyph;

typedef struct gk_metrics {
    void *ctx;
    gk_glyph (*glyph)(void *ctx, gk_font_role role, uint32_t cp);
} gk_metrics;

/* Fixed-width metrics for the tests: every character is in font 0 (font 1
 * for the heading roles), 1 em wide when it is East Asian wide or full
 * width, 0.5 em otherwise; code points above U+FFFF and U+E000..U+F8FF are
 * missing. Needs no context. */
gk_metrics gk_metrics_fixed(void);

/* The metrics of a document's fonts as the font service finds them
 * (fonts/font.h): what every fixed-layout renderer lays out with. The
 * fonts must outlive the metrics. */
struct gk_fonts;
gk_metrics gk_metrics_fonts(struct gk_fonts *fonts);

/* True for characters set on the full-width grid (CJK, full-width forms). */
bool gk_layout_is_wide(uint32_t cp);

/* ---- Geometry ------------------------------------------------------------ */

/* The page and text block of portrait pages; landscape pages turn it (the
 * block 225 mm wide and 156 mm high, its binding side at the top). */
typedef struct gk_page_geom {
    double width, height;     /* the portrait page */
    double left, top;         /* the text block's distance from the left and top edges */
    double block_w, block_h;  /* the text block */
    int lines, chars;         /* the body grid: lines per page, characters per line */
    double pn_gap;            /* page number below the text block */
    double rule;              /* table rule width */
} gk_page_geom;

/* A4, block 156 × 225 mm at 28 mm left and 37 mm top, 22 × 28 grid, page
 * numbers 7 mm below the block. */
void gk_page_geom_gbt9704(gk_page_geom *g);

/* ---- Text: one block's characters broken into lines ------------------------ */

enum {
    GK_TC_BOLD = 1,     /* set bold */
    GK_TC_MISSING = 2,  /* no font has it */
    GK_TC_WIDE = 4,     /* on the full-width grid */
    GK_TC_SPACE = 8,    /* white space: dropped at line ends */
    GK_TC_BREAK = 16,   /* a line may break after it */
    GK_TC_FORCED = 32,  /* a line must break after it (BREAK node) */
    GK_TC_STRETCH = 64  /* justification may widen the gap after it */
};

typedef struct gk_tchar {
    uint32_t cp;
    uint32_t off;   /* byte offset in gk_text.utf8 */
    float w;        /* advance on the line, points (grid width for wide characters) */
    float natural;  /* advance the font gives it, points */
    int16_t font;
    uint8_t flags, len;
} gk_tchar;

typedef struct gk_tline {
    size_t from, to; /* characters [from, to), trailing spaces left out */
    double x;        /* the first character's offset from the box's left edge */
    double gap;      /* added at every GK_TC_STRETCH gap inside the line */
    double width;    /* natural width of the characters */
} gk_tline;

typedef struct gk_text {
    gk_font_role role;
    double size;    /* points */
    double grid;    /* width of a wide character (the grid pitch), or 0 for natural widths */
    bool bold;      /* the whole text is bold (the role is) */
    char *utf8;
    size_t len, cap;
    gk_tchar *ch;
    size_t n, ncap;
    gk_tline *lines;
    size_t nlines, lcap;
    bool oom;
} gk_text;

/* Starts an empty text in `role` at `size` points; `grid` as above. */
void gk_text_init(gk_text *t, gk_font_role role, double size, double grid, bool bold);
/* Appends UTF-8 text (ill-formed bytes become U+FFFD); false when out of memory. */
bool gk_text_add(gk_text *t, const gk_metrics *m, const char *s, size_t len, bool bold);
/* Ends the current line there (a BREAK node). */
void gk_text_force_break(gk_text *t);
/* Finds the break opportunities (UAX #14 by ICU's line break iterator,
 * locale zh, with the Chinese rules: no line starts with closing and none
 * ends with opening punctuation) and which gaps justification may widen.
 * Call once, after the last gk_text_add; sets t->oom when out of memory.
 * What it finds depends on the characters and forced breaks alone and is
 * remembered per process (text.c), so a text met again costs no ICU. */
void gk_text_prepare(gk_text *t);
/* The most characters remembered: beyond, the memory starts anew (under
 * 4 MiB, however many departments a batch worker renders). */
#define GK_TEXT_MEMO_CHARS (256 * 1024)
/* Forgets the remembered breaks (the tests: a miss after a hit). */
void gk_text_memo_clear(void);
/* How many texts were prepared from memory so far (the tests). */
size_t gk_text_memo_hits(void);
/* Breaks into lines of `width` points, the first indented by `indent`;
 * `align` places the lines (JUSTIFY widens full lines to the width; the
 * last line of a paragraph and a line before a forced break stay natural).
 * May be called again with another width. Returns false when out of memory. */
bool gk_text_break(gk_text *t, double width, double indent, gk_align align);
/* Breaks into the fewest lines, as even as possible (centred titles). */
bool gk_text_break_balanced(gk_text *t, double width, gk_align align);
/* The offset of character i of line l from the box's left edge. */
double gk_text_x(const gk_text *t, size_t l, size_t i);
/* The width of the widest unbreakable piece, and of the whole text when
 * set on one line (the longest line between forced breaks). */
void gk_text_extent(const gk_text *t, double *min, double *max);
void gk_text_free(gk_text *t);

/* ---- The display list ----------------------------------------------------- */

typedef struct gk_lrun {
    double x, y;       /* the first glyph's origin on the baseline */
    double size;
    double spacing;    /* added after each glyph (PDF Tc) */
    const char *text;  /* UTF-8, in the layout's arena */
    size_t len;
    int font;
    bool bold;
    bool artifact;     /* page furniture (page numbers, repeated table headers):
                        * drawn but not part of the text */
    bool vertical;     /* turned 90° clockwise, reading downwards */
    /* Text that stands for a span of runs (PDF ActualText): a cell whose
     * lines continue on the next page carries its whole text on its first
     * page's runs, and its later runs carry "", so the text reads in order.
     * `actual` (NULL: none) opens the span at this run, `close` ends it
     * after this run. */
    const char *actual;
    bool close;
} gk_lrun;

typedef struct gk_lrule {
    double x0, y0, x1, y1;
} gk_lrule;

typedef struct gk_lpage {
    double width, height;
    bool landscape;
    int number;
    gk_lrun *runs;
    size_t nruns, rcap;
    gk_lrule *rules;
    size_t nrules, lcap;
} gk_lpage;

/* A heading for the outline. */
typedef struct gk_lmark {
    const char *title; /* label and text, UTF-8 */
    int level;         /* 1..4 */
    size_t page;       /* index into pages */
    double y;          /* top of the heading, PDF coordinates */
} gk_lmark;

/* A character no font has, with where it first occurs. */
typedef struct gk_lmissing {
    uint32_t cp;
    size_t count;
    int page;            /* page number of the first occurrence */
    char context[64];    /* the text around it */
} gk_lmissing;

/* One page's slice of a table, for checking the layout (tests/layout_lint.c):
 * where it stands, its column edges and which rows it holds. */
typedef struct gk_ltable {
    const gk_node *node; /* the TABLE */
    size_t page;         /* index into pages */
    double top, bottom;  /* PDF y of its top and bottom rules */
    double left;         /* page x of its left edge */
    const double *x;     /* cols + 1 column edges from `left` (in the arena) */
    int cols;
    int first_row;       /* the row of its first band (a repeated header row: 0) */
    int last_row;
    bool repeated;       /* it begins with the header rows repeated */
    size_t nbands;       /* its rows (or parts of rows) from the top: */
    const int *band_row; /* the row of each */
    const double *band_bottom; /* the PDF y of each one's bottom */
} gk_ltable;

typedef struct gk_layout {
    gk_arena arena;
    gk_lpage *pages;
    size_t npages, pcap;
    gk_lmark *marks;
    size_t nmarks, mcap;
    gk_lmissing *missing;
    size_t nmissing, xcap;
    gk_ltable *tables;   /* every table's slices, in page order within each table */
    size_t ntables, tcap;
    gk_cpmap missing_at; /* code point -> its entry in missing */
    double rule;         /* rule width */
    bool oom;
} gk_layout;

/* Lays the document out. Sizes and weights of the roles come from `fonts`,
 * glyphs and widths from `m`. On GK_OK *out holds the pages (free with
 * gk_layout_free, also after a failure). */
gk_status gk_layout_document(const gk_tree *tree, const gk_fontset *fonts, const gk_metrics *m,
                             const gk_page_geom *g, gk_layout *out);
void gk_layout_free(gk_layout *l);
/* The warning "font-missing" on the output `name` for the characters no
 * font of the fontset has (lay->missing), if any: what every fixed-layout
 * renderer says about the boxes it draws (metrics.c). */
void gk_layout_warn_missing(const gk_layout *lay, const char *name, gk_diags *diags);

/* The column widths the layout gives every table of the tree, in the
 * tree's order: table k's columns are (*out)[32 k .. 32 k + cols), in
 * points, filling the text block of its page (portrait or landscape). The
 * DOCX takes its grid from here, so both formats have one grid per kind of
 * table (gk_layout_document). *out is the caller's to free. */
gk_status gk_layout_columns(const gk_tree *tree, const gk_fontset *fonts, const gk_metrics *m, const gk_page_geom *g,
                            double **out, size_t *ntables);

/* The columns of `table` (bit c for column c) whose body values are all
 * figures: their figures are flush right, in both formats; a column that
 * mixes figures and words keeps one alignment, the template's. */
uint32_t gk_layout_figure_columns(const gk_node *table);

/* ---- Tables (exposed for the tests) --------------------------------------- */

/* Column widths for `table` within `width` points: the hints
 * (table.widths) adjusted to the content. `w` receives table.cols widths. */
void gk_layout_table_columns(const gk_node *table, const gk_fontset *fonts, const gk_metrics *m, double width,
                             double *w);

#endif
