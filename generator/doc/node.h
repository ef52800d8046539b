/* The document tree (after cmark's node.h): what a document says and how it
 * is structured, with no layout. The composer builds it from a template and
 * the model; every renderer (txt, docx, pdf) only reads it. Text is text and
 * figures are typed (GK_NODE_FIGURE: the exact decimal and its display
 * form), so a renderer never guesses from characters what is a number.
 *
 * Nodes live in the tree's arena and are freed with it.
 */
#ifndef GK_NODE_H
#define GK_NODE_H

#include "arena.h"
#include "dec.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum gk_node_type {
    GK_NODE_DOCUMENT,
    GK_NODE_TITLE,     /* contains TEXT */
    GK_NODE_HEADING,   /* level 1..4; contains TEXT */
    GK_NODE_PARAGRAPH, /* contains TEXT and BREAK */
    GK_NODE_LIST,      /* contains ITEM */
    GK_NODE_ITEM,      /* contains TEXT and BREAK */
    GK_NODE_TABLE,     /* contains ROW */
    GK_NODE_ROW,       /* contains CELL */
    GK_NODE_CELL,      /* contains PARAGRAPH and LIST */
    GK_NODE_SECTION,   /* a landscape stretch of pages; contains blocks */
    GK_NODE_TEXT,      /* a run of text */
    GK_NODE_FIGURE,    /* a figure: an exact value and its display form */
    GK_NODE_BREAK      /* a line break inside a paragraph */
} gk_node_type;

/* How a figure is displayed. The value stays exact; each renderer formats
 * it (gk_figure_format for the characters, an XLSX number format for a
 * cell), so a figure is never parsed back from its text. */
typedef enum gk_fig_kind {
    GK_FIG_NUMBER,  /* `places` places, or as exact as it is (-1): 688.35, 89.4 */
    GK_FIG_AMOUNT,  /* an amount in a table, `places` places: 1095.70 */
    GK_FIG_PERCENT, /* 95%, 12.5% */
    GK_FIG_COUNT,   /* a whole number that counts: 序号, a number of projects */
    GK_FIG_WAN      /* an amount in prose, with its unit: 688.35万元 */
} gk_fig_kind;

typedef struct gk_figure {
    gk_dec value;
    gk_fig_kind kind;
    int places; /* -1: as exact as the value; 0..6: rounded to that many */
} gk_figure;

/* Room for a figure's display form (GK_DEC_STRLEN and a unit). */
#define GK_FIG_STRLEN (GK_DEC_STRLEN + 8)

/* Writes the display form of `f` into `out` and returns its length. */
size_t gk_figure_format(const gk_figure *f, char out[GK_FIG_STRLEN]);
bool gk_figure_eq(const gk_figure *a, const gk_figure *b);

typedef enum gk_align { GK_ALIGN_JUSTIFY, GK_ALIGN_LEFT, GK_ALIGN_CENTER, GK_ALIGN_RIGHT } gk_align;

/* Number styles of headings and lists. */
typedef enum gk_numbering {
    GK_NUM_NONE,
    GK_NUM_CN_COMMA,   /* 一、 */
    GK_NUM_CN_PAREN,   /* （一） */
    GK_NUM_ARABIC_COMMA, /* 1、 */
    GK_NUM_ARABIC_DOT, /* 1. */
    GK_NUM_ARABIC_PAREN /* （1） */
} gk_numbering;

/* A table has at most this many columns (the width table below; the
 * composer refuses a row of more cells). */
#define GK_TABLE_MAX_COLS 32

typedef struct gk_node gk_node;

struct gk_node {
    gk_node_type type;
    gk_node *parent, *first, *last, *prev, *next;
    unsigned src_line; /* template line it came from, for messages */
    union {
        struct { int level; gk_numbering numbering; int number; } heading;
        struct { gk_numbering numbering; } list;
        struct { int number; } item;
        struct { gk_align align; bool indent; } para;
        struct {
            int cols;
            int header_rows;
            int widths[GK_TABLE_MAX_COLS];
            bool borderless;
            bool fit_page; /* fit=page: set smaller, down to 9 pt, to stay on one page */
        } table;
        struct { bool header; } row;
        /* A cell covered by a span is kept, empty, with covered = true, so
         * every row has `cols` cells; rowspan/colspan are on the covering
         * cell. `from_left`: covered by a column span (else by a row span). */
        struct { int rowspan, colspan; bool covered, from_left; gk_align align; } cell;
        struct { const char *s; size_t len; bool bold; } text;
        struct { gk_figure fig; bool bold; } figure;
        struct { bool landscape; } section;
    } as;
};

/* What the document says about itself (DOCX core properties, PDF info). */
typedef struct gk_doc_meta {
    const char *title;   /* the document title */
    const char *author;  /* the department */
    const char *subject; /* e.g. 2020年部门预算信息公开 */
    const char *date;    /* ISO 8601, from SOURCE_DATE_EPOCH or the input */
    int year;            /* the budget year */
} gk_doc_meta;

typedef struct gk_tree {
    gk_arena arena;
    gk_node *root;
    gk_doc_meta meta;
} gk_tree;

/* Creates an empty tree with its DOCUMENT node; false when out of memory. */
bool gk_tree_init(gk_tree *t);
void gk_tree_free(gk_tree *t);

gk_node *gk_node_new(gk_tree *t, gk_node_type type);
void gk_node_append(gk_node *parent, gk_node *child);
/* Appends a text run (copied) to `parent`, merging with a previous run of
 * the same weight. */
bool gk_node_add_text(gk_tree *t, gk_node *parent, const char *s, size_t len, bool bold);

/* The number of a heading or item in its style ("一、", "（二）", "3."). */
const char *gk_number_label(gk_numbering style, int n, char *buf, size_t size);

/* Appends a figure to `parent`. */
bool gk_node_add_figure(gk_tree *t, gk_node *parent, const gk_figure *f, bool bold);

/* Whether `n` is an inline leaf with characters (TEXT or FIGURE). */
static inline bool gk_node_is_run(const gk_node *n) { return n->type == GK_NODE_TEXT || n->type == GK_NODE_FIGURE; }

/* Whether paragraph n, written without indent (`<<`), is a note under a
 * table: the blocks before it, back to the table or the landscape section
 * that ends with one, are paragraphs only. Such a note (a procurement note,
 * a note's label, 无此项… after an empty table) is body text and gets the
 * two-character indent GB/T 9704 gives body text; a `<<` line elsewhere
 * (附件1 above a form, a label before a list) keeps its own. The PDF (layout.c) and the DOCX indent such a note alike. */
bool gk_node_is_note_after_table(const gk_node *n);
static inline bool gk_run_bold(const gk_node *n)
{
    return n->type == GK_NODE_TEXT ? n->as.text.bold : n->as.figure.bold;
}
/* The characters of a run: a TEXT's own, a FIGURE's display form written
 * into `buf`. Sets *len. */
const char *gk_run_chars(const gk_node *n, char buf[GK_FIG_STRLEN], size_t *len);

/* The figure a cell holds when its whole content is one figure (one
 * paragraph of one FIGURE node), else NULL: such a cell is set flush right
 * and becomes a number in a spreadsheet. */
const gk_figure *gk_cell_figure(const gk_node *cell);

/* Whether two cells say the same: the same blocks with the same runs (text
 * byte for byte, figures by value and display form) and something to say.
 * Equal cells down a column merge into one. */
bool gk_cell_same(const gk_node *a, const gk_node *b);

/* Walks the tree in document order (ENTER/EXIT events, after cmark). */
typedef enum gk_event { GK_EVENT_NONE, GK_EVENT_ENTER, GK_EVENT_EXIT } gk_event;
typedef struct gk_iter { gk_node *root, *cur; gk_event ev; } gk_iter;
void gk_iter_init(gk_iter *it, gk_node *root);
gk_event gk_iter_next(gk_iter *it);

/* Checks the tree's invariants (every row has `cols` cells counting spans,
 * spans stay in the table, text only where text belongs). Returns NULL when
 * all hold, or a description of the first violation. */
const char *gk_tree_check(const gk_tree *t);

#endif
