/* What the files of layout/ share: the flow of one stretch of pages (items
 * and their placements), tables, and emitting glyph runs. Not part of the
 * engine's interface (layout.h). */
#ifndef GK_LAYOUT_INTERNAL_H
#define GK_LAYOUT_INTERNAL_H

#include "layout.h"

/* The geometry of one flow's pages, in points; y of the block grows down
 * from the block's top, PDF y up from the page's bottom. */
typedef struct gk_flow_geom {
    double pw, ph;       /* page */
    double bx, by;       /* block's left and top margins */
    double bw, bh;       /* block */
    double pitch;        /* line pitch of the grid */
    double cpitch;       /* character pitch of the grid */
    bool landscape;
} gk_flow_geom;

/* One cell that is not covered, with its content broken into lines. */
typedef struct gk_cellbox {
    const gk_node *node;
    int r, c, rs, cs;
    gk_text **texts;     /* one per paragraph or list item */
    size_t ntexts;
    size_t nlines;
    double lh;           /* line height */
    double content_h;    /* nlines * lh + 2 * pad */
    gk_align align;
    bool header;         /* in a header row */
} gk_cellbox;

typedef struct gk_tablebox {
    const gk_node *node;
    int rows, cols, header_rows; /* header_rows: leading rows repeated on every page (0: none) */
    double *x;           /* cols + 1 column edges from the block's left */
    double *h;           /* row heights */
    double *grow;        /* row growth asked by the last distribution */
    int *owner;          /* rows * cols: index of the cell covering each slot */
    int *row_lines;      /* lines of the row's own (single-row) cells */
    double *row_lh;
    gk_cellbox *cells;
    size_t ncells;
    double header_h;
    double pad_h, pad_v;
    bool drawn;
    size_t item0;        /* the flow's item of its first row (its rows are consecutive items) */
} gk_tablebox;

/* Cell padding, points: at least 1 mm above and below the text (as the
 * DOCX's cell margins), 3 pt beside it. */
#define GK_CELL_PAD_H 3.0
#define GK_CELL_PAD_V 3.0

/* What a table's columns need: each column's narrowest piece (min), widest
 * figure (fig, never cut), widest text of up to four characters (word:
 * whole when the width allows), one-line width of its body cells (max) and of its
 * header and row-spanning cells (hmax); span[c][n]: the widest piece of a
 * cell spanning columns c .. c+n-1. */
typedef struct gk_colneed {
    double min[GK_TABLE_MAX_COLS], fig[GK_TABLE_MAX_COLS], word[GK_TABLE_MAX_COLS], max[GK_TABLE_MAX_COLS],
        hmax[GK_TABLE_MAX_COLS];
    double span[GK_TABLE_MAX_COLS][GK_TABLE_MAX_COLS + 1];
} gk_colneed;

/* One column grid per kind of table (same columns, hints and width). */
typedef struct gk_colkind {
    int cols;
    int widths[GK_TABLE_MAX_COLS];
    bool borderless;
    double width;
    const gk_node *first;
    size_t ntables;
    gk_colneed need;     /* of all its tables */
    double w[GK_TABLE_MAX_COLS];
    bool solved;
} gk_colkind;

enum { GK_IT_LINE, GK_IT_GAP, GK_IT_ROW };

typedef struct gk_item {
    int kind;
    bool keep;            /* keep with the next item on one page */
    bool firm;            /* keep with the next unless that leaves a fifth of the page empty
                           * when all else that must stay together does not */
    bool soft;            /* keep with the next unless that leaves a fifth of the page empty */
    bool head;            /* a table's first body row: a page never ends right after it */
    double h;             /* LINE, GAP: one grid line; ROW: the row's height */
    gk_text *text;        /* LINE */
    size_t line;
    double left;          /* LINE: the text box's left edge from the block's */
    const gk_node *mark;  /* LINE: first line of this heading */
    int level;
    gk_tablebox *table;   /* ROW */
    int row;
} gk_item;

typedef struct gk_place {
    size_t item;
    size_t page;          /* index into the layout's pages */
    double y, h;          /* top and height in block coordinates */
    bool repeat;          /* a header row repeated on a following page */
    int k0, k1;           /* ROW part: lines [k0, k1) of its cells; k1 < 0: the whole row */
} gk_place;

/* A table the first pass measured, kept for the flow that places it: its
 * cells and their prepared texts do not depend on the columns, so each
 * table is built once (gk_table_measure_kind, gk_table_build). */
typedef struct gk_measured {
    const gk_node *table;
    gk_tablebox *t;       /* NULL once a flow has taken it */
} gk_measured;

typedef struct gk_ctx {
    const gk_fontset *fonts;
    const gk_metrics *m;
    const gk_page_geom *g;
    gk_layout *out;
    gk_flow_geom fg;
    gk_text **texts;
    size_t ntexts, tcap;
    gk_tablebox **tables;
    size_t ntables, tbcap;
    gk_item *items;
    size_t nitems, icap;
    gk_place *pl;
    size_t npl, plcap;
    size_t first_page;    /* of the current flow */
    gk_colkind **kinds;
    size_t nkinds, kcap;
    gk_measured *measured;
    size_t nmeasured, mcap, mnext; /* mnext: where take_measured looks first */
    bool oom;
} gk_ctx;

double gk_role_size(const gk_fontset *fs, gk_font_role role);
bool gk_vec_grow(void **p, size_t *cap, size_t need, size_t size);
gk_text *gk_ctx_text(gk_ctx *c, gk_font_role role, double grid);

/* Tables (table.c) */
/* The first pass: table's content measured into its kind (set in `width`
 * points); with `keep` its cells are kept in c->measured for
 * gk_table_build. False when out of memory. */
bool gk_table_measure_kind(gk_ctx *c, const gk_node *table, double width, bool keep);
/* Table set in `width` points, in its kind's columns once they are
 * solved; the first pass's cells when it kept them. */
gk_tablebox *gk_table_build(gk_ctx *c, const gk_node *table, double width);
void gk_table_free(gk_tablebox *t);
/* What table t's columns need, and the column widths for needs `nd` in
 * `width` points (the hints of `table` as a guide). */
void gk_table_measure(const gk_tablebox *t, gk_colneed *nd);
void gk_colneed_merge(gk_colneed *into, const gk_colneed *nd, int n);
void gk_table_solve(const gk_node *table, int n, double width, double pad, const gk_colneed *nd, double *w);
/* The kind of a table of `cols` columns set in `width` points; a new one
 * when `add` (NULL when out of memory or, without `add`, when none). */
gk_colkind *gk_table_kind(gk_ctx *c, const gk_node *table, int cols, double width, bool add);
/* The lines a row is split into when it is taller than a page. */
int gk_table_row_lines(const gk_tablebox *t, int r);
/* The height of row r from its line k on. */
double gk_table_rest_height(const gk_tablebox *t, int r, int k);
/* Distributes the cells' lines over the placements of the flow and, when
 * `emit` is true, draws the cells and the rules. Returns true when every
 * line found room; else it has set t->grow for the rows to enlarge. */
bool gk_table_distribute(gk_ctx *c, gk_tablebox *t, bool emit);

/* Emission (layout.c) */
gk_lpage *gk_ctx_page(gk_ctx *c, size_t page);
/* Draws line l of text t with its box's left edge at x (page coordinates)
 * and its baseline at y (PDF coordinates). */
void gk_emit_line(gk_ctx *c, size_t page, const gk_text *t, size_t l, double x, double y, bool artifact);
/* A space in text t's first font, to carry the text of a span whose page
 * has no glyph of it. */
void gk_emit_carrier(gk_ctx *c, size_t page, const gk_text *t, double x, double y);
void gk_emit_rule(gk_ctx *c, size_t page, double x0, double y0, double x1, double y1);
/* The baseline's distance below the top of a line box of height h. */
double gk_baseline(double h, double size);

#endif
