/* Phase 2 of the template language: the expanded lines are read as document
 * markup (templates/README.md, "Markup") into the document tree. Heading and
 * list numbers are counted here, from the structure; vertical merges of
 * table columns are computed from runs of equal cells (gk_cell_same: text
 * by its bytes, figures by value). */
#include "compose.h"
#include "diag.h"
#include "tpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct composer {
    gk_tree *tree;
    gk_diags *diags;
    const gk_tpl_line *line; /* the line being read */
    gk_node *container;      /* DOCUMENT or SECTION */
    gk_node *list;           /* the open list, if the last block was one */
    int counters[5];         /* heading numbers per level */
    /* the open table */
    gk_node *table;
    gk_node **grid;  /* rows × cols: the cell node at each place */
    gk_node **owner; /* rows × cols: the cell that covers each place */
    size_t rows, grid_cap;
    int merge[8];
    int nmerge;
    bool failed;
} composer;

static void err(composer *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void err(composer *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gk_tpl_error(c->diags, c->line->tpl, c->line->line, 1, fmt, ap);
    va_end(ap);
    c->failed = true;
}

/* ---- inline text ---- */

/* Reads the figure fenced at s[0..len) (OPEN FIGURE kind places value
 * CLOSE, tpl.h) into a FIGURE node; returns the bytes it took, 0 when the
 * fence is not a figure's (which tpl.c never writes). */
static size_t add_figure(composer *c, gk_node *parent, const char *s, size_t len, bool bold)
{
    if (len < 5 || s[0] != GK_TPL_OPEN || s[1] != GK_TPL_FIGURE) return 0;
    const char *close = memchr(s + 4, GK_TPL_CLOSE, len - 4);
    int kind = s[2] - '0';
    gk_figure f;
    f.places = s[3] - '0' - 1;
    if (!close || kind < GK_FIG_NUMBER || kind > GK_FIG_WAN || f.places < -1 || f.places > GK_DEC_PLACES ||
        gk_dec_parse(s + 4, (size_t)(close - s - 4), &f.value) != GK_DEC_OK)
        return 0;
    f.kind = (gk_fig_kind)kind;
    if (!gk_node_add_figure(c->tree, parent, &f, bold)) c->failed = true;
    return (size_t)(close - s) + 1;
}

/* Adds s[0..len) to `parent` as runs: ** toggles bold outside fenced values,
 * a newline inside a value is a line break, a fenced figure is a FIGURE
 * node, the fences themselves vanish. */
static void add_inline(composer *c, gk_node *parent, const char *s, size_t len)
{
    bool bold = false, fenced = false;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        bool flush = i == len;
        char ch = flush ? 0 : s[i];
        size_t skip = 0;
        if (!flush && ch == GK_TPL_OPEN && i + 1 < len && s[i + 1] == GK_TPL_FIGURE) {
            if (i > start && !gk_node_add_text(c->tree, parent, s + start, i - start, bold)) c->failed = true;
            size_t took = add_figure(c, parent, s + i, len - i, bold);
            if (!took) { err(c, "a figure the template wrote cannot be read"); return; }
            i += took - 1;
            start = i + 1;
            continue;
        }
        if (!flush) {
            if (ch == GK_TPL_OPEN || ch == GK_TPL_CLOSE) { flush = true; skip = 1; }
            else if (fenced && ch == '\n') { flush = true; skip = 1; }
            else if (!fenced && ch == '*' && i + 1 < len && s[i + 1] == '*') { flush = true; skip = 2; }
        }
        if (!flush) continue;
        if (i > start && !gk_node_add_text(c->tree, parent, s + start, i - start, bold)) c->failed = true;
        if (i == len) break;
        if (ch == GK_TPL_OPEN) fenced = true;
        else if (ch == GK_TPL_CLOSE) fenced = false;
        else if (ch == '\n') {
            gk_node *br = gk_node_new(c->tree, GK_NODE_BREAK);
            if (br) gk_node_append(parent, br);
        } else bold = !bold;
        i += skip - 1;
        start = i + 1;
    }
}

/* Trims ASCII blanks (outside fences, which never start with a blank). */
static void trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t')) { (*s)++; (*len)--; }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t')) (*len)--;
}

static bool starts(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(s, prefix, n) == 0;
}

/* List markers: "-（一）", "-一、", "-1、", "-1.", "-（1）", "- ". */
static bool list_marker(const char *s, size_t len, gk_numbering *style, size_t *skip)
{
    static const struct { const char *m; gk_numbering style; } marks[] = {
        {"-（一）", GK_NUM_CN_PAREN}, {"-一、", GK_NUM_CN_COMMA}, {"-1、", GK_NUM_ARABIC_COMMA},
        {"-1.", GK_NUM_ARABIC_DOT},   {"-（1）", GK_NUM_ARABIC_PAREN}, {"- ", GK_NUM_NONE},
    };
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        if (starts(s, len, marks[k].m)) {
            *style = marks[k].style;
            *skip = strlen(marks[k].m);
            return true;
        }
    }
    return false;
}

/* Appends an item to the list open in `parent`, opening one if needed. */
static void add_item(composer *c, gk_node *parent, gk_node **open, gk_numbering style, const char *s, size_t len)
{
    if (!*open || (*open)->as.list.numbering != style) {
        *open = gk_node_new(c->tree, GK_NODE_LIST);
        if (!*open) { c->failed = true; return; }
        (*open)->as.list.numbering = style;
        (*open)->src_line = c->line->line;
        gk_node_append(parent, *open);
    }
    gk_node *item = gk_node_new(c->tree, GK_NODE_ITEM);
    if (!item) { c->failed = true; return; }
    /* items are numbered in order: the next number follows the last one
     * (counting the items instead made a list of n items cost n^2 / 2) */
    item->as.item.number = (*open)->last ? (*open)->last->as.item.number + 1 : 1;
    gk_node_append(*open, item);
    trim(&s, &len);
    add_inline(c, item, s, len);
}

/* ---- tables ---- */

/* Relative column widths are small whole numbers (the built-in templates use
 * 1 to 8); the bound keeps every sum and product of widths and twips far
 * inside an int, in the DOCX and PDF renderers alike. */
#define GK_TABLE_MAX_WIDTH 1000

/* Reads "N,N,…" after `name=` in `attrs` into out[0..max): each a whole
 * number from lo to hi. Returns the count, 0 when `name=` is absent, -1 with
 * an error naming the attribute and the value otherwise. */
static int parse_numbers(composer *c, const char *attrs, const char *name, int *out, int max, long lo, long hi)
{
    char key[16];
    snprintf(key, sizeof key, "%s=", name);
    const char *s = strstr(attrs, key);
    if (!s) return 0;
    s += strlen(key);
    int n = 0;
    for (;;) {
        const char *start = s;
        long v = 0;
        while (*s >= '0' && *s <= '9' && v <= hi) v = v * 10 + (*s++ - '0');
        bool digits = s > start && !(*s >= '0' && *s <= '9');
        if (!digits || v < lo || v > hi) {
            size_t len = strcspn(start, ", ]");
            err(c, "%s: \"%.*s\" is not a whole number from %ld to %ld", name, (int)(len ? len : 1), start, lo, hi);
            return -1;
        }
        if (n == max) {
            err(c, "%s: more than %d numbers", name, max);
            return -1;
        }
        out[n++] = (int)v;
        if (*s != ',') break;
        s++;
    }
    if (*s && *s != ' ' && *s != ']') {
        err(c, "%s: unexpected \"%c\" after the numbers; write them as %s=2,3,1", name, *s, name);
        return -1;
    }
    return n;
}

static void open_table(composer *c, const char *attrs)
{
    if (c->table) { err(c, "[table] inside a table; close the first with [/table]"); return; }
    gk_node *t = gk_node_new(c->tree, GK_NODE_TABLE);
    if (!t) { c->failed = true; return; }
    t->src_line = c->line->line;
    int cols = parse_numbers(c, attrs, "widths", t->as.table.widths, GK_TABLE_MAX_COLS, 1, GK_TABLE_MAX_WIDTH);
    int nmerge = parse_numbers(c, attrs, "merge", c->merge, 8, 1, GK_TABLE_MAX_COLS);
    if (cols < 0 || nmerge < 0) return;
    t->as.table.cols = cols;
    c->nmerge = nmerge;
    t->as.table.borderless = strstr(attrs, "borders=none") != NULL;
    t->as.table.fit_page = strstr(attrs, "fit=page") != NULL;
    gk_node_append(c->container, t);
    c->table = t;
    c->rows = 0;
    c->grid_cap = 0; /* rows of this table's width; grid_room reallocates */
    c->list = NULL;
}

/* Makes room for row `row` in both grids. */
static bool grid_room(composer *c, size_t row)
{
    size_t cols = (size_t)c->table->as.table.cols;
    if (row < c->grid_cap) return true;
    size_t cap = c->grid_cap ? c->grid_cap * 2 : 32;
    gk_node **g = realloc(c->grid, cap * cols * sizeof *g);
    if (g) c->grid = g;
    gk_node **o = realloc(c->owner, cap * cols * sizeof *o);
    if (o) c->owner = o;
    if (!g || !o) return false;
    c->grid_cap = cap;
    return true;
}

#define AT(grid, r, k) (grid)[(size_t)(r) * (size_t)c->table->as.table.cols + (size_t)(k)]

/* Splits a row (the text after its leading "|" or "|=") at the bars outside
 * fenced values; a closing bar leaves an empty last piece, which is dropped.
 * Returns the number of cells, or -1 past GK_TABLE_MAX_COLS. */
static int split_cells(const char *s, size_t len, const char **cells, size_t *lens)
{
    int n = 0;
    bool fenced = false;
    const char *start = s;
    for (size_t i = 0; i <= len; i++) {
        bool end = i == len; /* the end of the line ends the last cell */
        char ch = end ? '|' : s[i];
        if (ch == GK_TPL_OPEN) fenced = true;
        else if (ch == GK_TPL_CLOSE) fenced = false;
        else if (ch == '|' && (!fenced || end)) {
            if (n > GK_TABLE_MAX_COLS) return -1;
            cells[n] = start;
            lens[n] = (size_t)(s + i - start);
            n++;
            start = s + i + 1;
        }
    }
    const char *last = cells[n - 1];
    size_t last_len = lens[n - 1];
    trim(&last, &last_len);
    return last_len ? n : n - 1;
}

static void add_row(composer *c, const char *s, size_t len, bool header)
{
    gk_node *t = c->table;
    const char *cells[GK_TABLE_MAX_COLS + 1];
    size_t lens[GK_TABLE_MAX_COLS + 1];
    int count = split_cells(s, len, cells, lens);
    if (count < 0 || count > GK_TABLE_MAX_COLS) {
        err(c, "a table row has more than %d cells", GK_TABLE_MAX_COLS);
        return;
    }
    if (count == 0) {
        err(c, "a table row needs at least one cell");
        return;
    }
    if (!t->as.table.cols) {
        t->as.table.cols = count;
        for (int k = 0; k < count; k++) t->as.table.widths[k] = 1;
    }
    if (count != t->as.table.cols) {
        err(c, "this table row has %d cells; the table has %d columns", count, t->as.table.cols);
        return;
    }
    gk_node *row = gk_node_new(c->tree, GK_NODE_ROW);
    if (!row || !grid_room(c, c->rows)) { c->failed = true; return; }
    size_t r = c->rows;
    row->as.row.header = header;
    row->src_line = c->line->line;
    if (header) t->as.table.header_rows++;
    gk_node_append(t, row);
    for (int k = 0; k < count; k++) {
        const char *p = cells[k];
        size_t l = lens[k];
        trim(&p, &l);
        gk_node *cell = gk_node_new(c->tree, GK_NODE_CELL);
        if (!cell) { c->failed = true; return; }
        cell->as.cell.rowspan = cell->as.cell.colspan = 1;
        cell->as.cell.align = header ? GK_ALIGN_CENTER : GK_ALIGN_LEFT;
        gk_node_append(row, cell);
        AT(c->grid, r, k) = cell;
        AT(c->owner, r, k) = cell;
        if (l == 1 && (*p == '<' || *p == '^')) {
            if ((*p == '<' && k == 0) || (*p == '^' && r == 0)) {
                err(c, "'%c' in the %s has no cell to merge into", *p, *p == '<' ? "first column" : "first row");
                return;
            }
            /* '<' joins the cell on the left, '^' the cell above; a span
             * grows once per new row or column it reaches */
            gk_node *o = *p == '<' ? AT(c->owner, r, k - 1) : AT(c->owner, r - 1, k);
            bool new_col = k == 0 || AT(c->owner, r, k - 1) != o;
            bool new_row = r == 0 || AT(c->owner, r - 1, k) != o;
            cell->as.cell.covered = true;
            cell->as.cell.from_left = *p == '<' || !new_col;
            AT(c->owner, r, k) = o;
            if (*p == '<' && new_row) o->as.cell.colspan++;
            if (*p == '^' && new_col) o->as.cell.rowspan++;
            continue;
        }
        /* lines separated by unfenced "\\"; list items by their marker */
        gk_node *open = NULL;
        size_t i = 0, seg = 0;
        bool f2 = false;
        while (i <= l) {
            bool cut = i == l;
            if (!cut) {
                if (p[i] == GK_TPL_OPEN) f2 = true;
                else if (p[i] == GK_TPL_CLOSE) f2 = false;
                else if (!f2 && p[i] == '\\' && i + 1 < l && p[i + 1] == '\\') cut = true;
            }
            if (cut) {
                const char *q = p + seg;
                size_t ql = i - seg;
                trim(&q, &ql);
                gk_numbering style;
                size_t skip;
                if (list_marker(q, ql, &style, &skip)) add_item(c, cell, &open, style, q + skip, ql - skip);
                else if (ql) {
                    open = NULL;
                    gk_node *para = gk_node_new(c->tree, GK_NODE_PARAGRAPH);
                    if (!para) { c->failed = true; return; }
                    para->as.para.align = cell->as.cell.align;
                    gk_node_append(cell, para);
                    add_inline(c, para, q, ql);
                }
                seg = i + 2;
                i += 2;
                continue;
            }
            i++;
        }
    }
    c->rows++;
}

/* Merges runs of equal cells down the `merge` columns (1-based). A run in a
 * later column never crosses a boundary of a run in an earlier one. */
static void merge_runs(composer *c)
{
    gk_node *t = c->table;
    int cols = t->as.table.cols;
    size_t first = (size_t)t->as.table.header_rows;
    bool *boundary = calloc(c->rows + 1, sizeof *boundary);
    if (!boundary) { c->failed = true; return; }
    for (int m = 0; m < c->nmerge; m++) {
        int col = c->merge[m] - 1;
        if (col < 0 || col >= cols) { err(c, "merge column %d is outside the table", col + 1); break; }
        size_t run = first;
        for (size_t r = first + 1; r <= c->rows; r++) {
            gk_node *top = AT(c->grid, run, col);
            bool same = r < c->rows && !boundary[r];
            if (same) {
                gk_node *cell = AT(c->grid, r, col);
                same = !cell->as.cell.covered && !top->as.cell.covered && top->as.cell.rowspan == 1 &&
                       cell->as.cell.rowspan == 1 && top->as.cell.colspan == 1 && cell->as.cell.colspan == 1 &&
                       gk_cell_same(top, cell);
            }
            if (same) continue;
            /* rows run..r-1 form one run */
            if (r - run > 1) {
                top->as.cell.rowspan = (int)(r - run);
                for (size_t k = run + 1; k < r; k++) {
                    gk_node *cell = AT(c->grid, k, col);
                    cell->as.cell.covered = true;
                    cell->first = cell->last = NULL;
                }
            }
            boundary[r] = true;
            run = r;
        }
    }
    free(boundary);
}

static void close_table(composer *c)
{
    if (!c->table) { err(c, "[/table] without [table]"); return; }
    if (!c->rows) err(c, "a table without rows");
    else merge_runs(c);
    c->table = NULL;
}

/* ---- blocks ---- */

static gk_node *block(composer *c, gk_node_type type)
{
    gk_node *n = gk_node_new(c->tree, type);
    if (!n) { c->failed = true; return NULL; }
    n->src_line = c->line->line;
    gk_node_append(c->container, n);
    return n;
}

static void heading(composer *c, const char *s, size_t len)
{
    int level = 0;
    while ((size_t)level < len && s[level] == '#') level++;
    size_t i = (size_t)level;
    bool numbered = true, dot = false;
    /* a level's numbering a county words its own way, written after the
     * #s as the first number looks: ##一、 numbers a level-2 heading 一、 */
    gk_numbering own = GK_NUM_NONE;
    size_t own_len = 0;
    if (i < len && s[i] == '!') { numbered = false; i++; }
    else if (i < len && s[i] == '.') { dot = true; i++; }
    else if (i < len && s[i] != ' ') {
        char dash[16] = "-";
        size_t n = len - i < sizeof dash - 2 ? len - i : sizeof dash - 2;
        memcpy(dash + 1, s + i, n);
        if (list_marker(dash, n + 1, &own, &own_len) && own != GK_NUM_NONE) i += own_len - 1;
        else own = GK_NUM_NONE;
    }
    if (level > 4) { err(c, "headings have four levels (# to ####)"); return; }
    gk_node *h = block(c, GK_NODE_HEADING);
    if (!h) return;
    h->as.heading.level = level;
    static const gk_numbering styles[] = {GK_NUM_NONE, GK_NUM_CN_COMMA, GK_NUM_CN_PAREN, GK_NUM_ARABIC_COMMA, GK_NUM_ARABIC_PAREN};
    if (numbered) {
        h->as.heading.numbering = own != GK_NUM_NONE ? own : dot && level == 3 ? GK_NUM_ARABIC_DOT : styles[level];
        h->as.heading.number = ++c->counters[level];
    }
    for (int k = level + 1; k <= 4; k++) c->counters[k] = 0;
    const char *t = s + i;
    size_t tl = len - i;
    trim(&t, &tl);
    add_inline(c, h, t, tl);
}

static void paragraph(composer *c, const char *s, size_t len, gk_align align, bool indent)
{
    gk_node *p = block(c, GK_NODE_PARAGRAPH);
    if (!p) return;
    p->as.para.align = align;
    p->as.para.indent = indent;
    trim(&s, &len);
    add_inline(c, p, s, len);
}

static void read_line(composer *c, const char *s, size_t len)
{
    trim(&s, &len);
    if (!len) return;
    gk_numbering style;
    size_t skip;
    if (c->table) {
        if (starts(s, len, "|=")) { add_row(c, s + 2, len - 2, true); return; }
        if (s[0] == '|') { add_row(c, s + 1, len - 1, false); return; }
        if (starts(s, len, "[/table]")) { close_table(c); return; }
        err(c, "inside [table] only rows (| … |, |= … |) and [/table] may stand");
        return;
    }
    bool keep_list = false;
    if (starts(s, len, "[table")) open_table(c, s);
    else if (starts(s, len, "[/table]")) close_table(c);
    else if (starts(s, len, "[landscape]") || starts(s, len, "[portrait]")) {
        /* a portrait section is a stretch of pages of its own, as a
         * landscape one is: a statutory table that starts on a new page */
        bool landscape = s[1] == 'l';
        if (c->container->type == GK_NODE_SECTION) {
            err(c, "a [%s] inside a [%s]: sections do not nest", landscape ? "landscape" : "portrait",
                c->container->as.section.landscape ? "landscape" : "portrait");
            return;
        }
        gk_node *sec = block(c, GK_NODE_SECTION);
        if (sec) { sec->as.section.landscape = landscape; c->container = sec; }
    } else if (starts(s, len, "[/landscape]") || starts(s, len, "[/portrait]")) {
        bool landscape = s[2] == 'l';
        if (c->container->type != GK_NODE_SECTION || c->container->as.section.landscape != landscape)
            err(c, "a [/%s] where no [%s] is open", landscape ? "landscape" : "portrait", landscape ? "landscape" : "portrait");
        else c->container = c->container->parent;
    } else if (starts(s, len, "= ")) {
        gk_node *t = block(c, GK_NODE_TITLE);
        if (t) add_inline(c, t, s + 2, len - 2);
    } else if (s[0] == '#') heading(c, s, len);
    else if (list_marker(s, len, &style, &skip)) {
        add_item(c, c->container, &c->list, style, s + skip, len - skip);
        keep_list = true;
    } else if (starts(s, len, "<<")) paragraph(c, s + 2, len - 2, GK_ALIGN_LEFT, false);
    else if (starts(s, len, ">>")) paragraph(c, s + 2, len - 2, GK_ALIGN_RIGHT, false);
    else if (starts(s, len, "^^")) paragraph(c, s + 2, len - 2, GK_ALIGN_CENTER, false);
    else paragraph(c, s, len, GK_ALIGN_JUSTIFY, true);
    if (!keep_list) c->list = NULL;
}

gk_status gk_compose_lines(const gk_tpl_output *lines, gk_tree *tree, gk_diags *diags)
{
    composer c;
    memset(&c, 0, sizeof c);
    c.tree = tree;
    c.diags = diags;
    c.container = tree->root;
    for (size_t i = 0; i < lines->count && !c.failed; i++) {
        c.line = &lines->lines[i];
        read_line(&c, c.line->text, c.line->len);
    }
    if (!c.failed && c.table) err(&c, "a [table] is not closed");
    if (!c.failed && c.container != tree->root)
        err(&c, "a [%s] is not closed", c.container->as.section.landscape ? "landscape" : "portrait");
    free(c.grid);
    free(c.owner);
#ifdef GK_DEBUG
    if (!c.failed) {
        const char *broken = gk_tree_check(tree);
        if (broken) {
            gk_diag_add(diags, GK_ERROR, "tree", "document tree", 0, 0, "", "invariant broken: %s", broken);
            return GK_INVALID;
        }
    }
#endif
    return c.failed ? GK_INVALID : GK_OK;
}
