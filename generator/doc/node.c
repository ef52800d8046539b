#include "node.h"

#include <stdio.h>
#include <string.h>

bool gk_tree_init(gk_tree *t)
{
    memset(t, 0, sizeof *t);
    t->root = gk_node_new(t, GK_NODE_DOCUMENT);
    return t->root != NULL;
}

void gk_tree_free(gk_tree *t) { gk_arena_free(&t->arena); t->root = NULL; }

gk_node *gk_node_new(gk_tree *t, gk_node_type type)
{
    gk_node *n = gk_arena_alloc(&t->arena, sizeof *n);
    if (n) n->type = type;
    return n;
}

void gk_node_append(gk_node *parent, gk_node *child)
{
    child->parent = parent;
    child->prev = parent->last;
    child->next = NULL;
    if (parent->last) parent->last->next = child;
    else parent->first = child;
    parent->last = child;
}

bool gk_node_add_text(gk_tree *t, gk_node *parent, const char *s, size_t len, bool bold)
{
    if (!len) return true;
    gk_node *last = parent->last;
    if (last && last->type == GK_NODE_TEXT && last->as.text.bold == bold) {
        char *p = gk_arena_alloc(&t->arena, last->as.text.len + len + 1);
        if (!p) return false;
        memcpy(p, last->as.text.s, last->as.text.len);
        memcpy(p + last->as.text.len, s, len);
        last->as.text.s = p;
        last->as.text.len += len;
        return true;
    }
    gk_node *n = gk_node_new(t, GK_NODE_TEXT);
    if (!n) return false;
    n->as.text.s = gk_arena_strndup(&t->arena, s, len);
    n->as.text.len = len;
    n->as.text.bold = bold;
    if (!n->as.text.s) return false;
    gk_node_append(parent, n);
    return true;
}

static const char *const cn_digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

/* Chinese numeral for 1..99: 一, 十, 十一, 二十, 二十一. */
static void cn_number(int n, char *buf, size_t size)
{
    if (n <= 0 || n >= 100) { snprintf(buf, size, "%d", n); return; }
    int tens = n / 10, ones = n % 10;
    snprintf(buf, size, "%s%s%s", tens > 1 ? cn_digits[tens] : "", tens ? "十" : "", ones ? cn_digits[ones] : "");
}

const char *gk_number_label(gk_numbering style, int n, char *buf, size_t size)
{
    char cn[16];
    switch (style) {
    case GK_NUM_NONE: buf[0] = '\0'; break;
    case GK_NUM_CN_COMMA: cn_number(n, cn, sizeof cn); snprintf(buf, size, "%s、", cn); break;
    case GK_NUM_CN_PAREN: cn_number(n, cn, sizeof cn); snprintf(buf, size, "（%s）", cn); break;
    case GK_NUM_ARABIC_COMMA: snprintf(buf, size, "%d、", n); break;
    case GK_NUM_ARABIC_DOT: snprintf(buf, size, "%d.", n); break;
    case GK_NUM_ARABIC_PAREN: snprintf(buf, size, "（%d）", n); break;
    }
    return buf;
}

size_t gk_figure_format(const gk_figure *f, char out[GK_FIG_STRLEN])
{
    int places = f->kind == GK_FIG_COUNT ? 0 : f->places;
    gk_dec_format(f->value, places, out);
    if (f->kind == GK_FIG_PERCENT) strcat(out, "%");
    else if (f->kind == GK_FIG_WAN) strcat(out, "万元");
    return strlen(out);
}

bool gk_figure_eq(const gk_figure *a, const gk_figure *b)
{
    return gk_dec_eq(a->value, b->value) && a->kind == b->kind && a->places == b->places;
}

bool gk_node_add_figure(gk_tree *t, gk_node *parent, const gk_figure *f, bool bold)
{
    gk_node *n = gk_node_new(t, GK_NODE_FIGURE);
    if (!n) return false;
    n->as.figure.fig = *f;
    n->as.figure.bold = bold;
    gk_node_append(parent, n);
    return true;
}

const char *gk_run_chars(const gk_node *n, char buf[GK_FIG_STRLEN], size_t *len)
{
    if (n->type == GK_NODE_FIGURE) {
        *len = gk_figure_format(&n->as.figure.fig, buf);
        return buf;
    }
    *len = n->as.text.len;
    return n->as.text.s;
}

const gk_figure *gk_cell_figure(const gk_node *cell)
{
    const gk_node *p = cell->first;
    if (!p || p->next || p->type != GK_NODE_PARAGRAPH) return NULL;
    const gk_node *r = p->first;
    return r && !r->next && r->type == GK_NODE_FIGURE ? &r->as.figure.fig : NULL;
}

static bool leaf_same(const gk_node *a, const gk_node *b)
{
    if (a->type != b->type) return false;
    switch (a->type) {
    case GK_NODE_TEXT:
        return a->as.text.bold == b->as.text.bold && a->as.text.len == b->as.text.len &&
               memcmp(a->as.text.s, b->as.text.s, a->as.text.len) == 0;
    case GK_NODE_FIGURE: return a->as.figure.bold == b->as.figure.bold && gk_figure_eq(&a->as.figure.fig, &b->as.figure.fig);
    case GK_NODE_LIST: return a->as.list.numbering == b->as.list.numbering;
    default: return true;
    }
}

bool gk_cell_same(const gk_node *a, const gk_node *b)
{
    gk_iter ia, ib;
    gk_iter_init(&ia, (gk_node *)a);
    gk_iter_init(&ib, (gk_node *)b);
    bool said = false;
    for (;;) {
        gk_event ea = gk_iter_next(&ia), eb = gk_iter_next(&ib);
        if (ea != eb) return false;
        if (ea == GK_EVENT_NONE) return said;
        if (ea != GK_EVENT_ENTER || ia.cur == a) continue;
        if (!leaf_same(ia.cur, ib.cur)) return false;
        if (gk_node_is_run(ia.cur)) said = true;
    }
}

void gk_iter_init(gk_iter *it, gk_node *root)
{
    it->root = root;
    it->cur = NULL;
    it->ev = GK_EVENT_NONE;
}

static bool is_leaf(const gk_node *n) { return gk_node_is_run(n) || n->type == GK_NODE_BREAK; }

gk_event gk_iter_next(gk_iter *it)
{
    if (!it->cur) {
        if (it->ev != GK_EVENT_NONE) return GK_EVENT_NONE; /* finished */
        it->cur = it->root;
        return it->ev = GK_EVENT_ENTER;
    }
    if (it->ev == GK_EVENT_ENTER && !is_leaf(it->cur)) {
        if (it->cur->first) { it->cur = it->cur->first; return it->ev = GK_EVENT_ENTER; }
        return it->ev = GK_EVENT_EXIT;
    }
    if (it->cur == it->root) { it->cur = NULL; return it->ev = GK_EVENT_NONE; }
    if (it->cur->next) { it->cur = it->cur->next; return it->ev = GK_EVENT_ENTER; }
    it->cur = it->cur->parent;
    return it->ev = GK_EVENT_EXIT;
}

static bool can_contain(gk_node_type parent, gk_node_type child)
{
    switch (parent) {
    case GK_NODE_DOCUMENT:
    case GK_NODE_SECTION:
        return child == GK_NODE_TITLE || child == GK_NODE_HEADING || child == GK_NODE_PARAGRAPH ||
               child == GK_NODE_LIST || child == GK_NODE_TABLE || (parent == GK_NODE_DOCUMENT && child == GK_NODE_SECTION);
    case GK_NODE_TITLE:
    case GK_NODE_HEADING:
    case GK_NODE_PARAGRAPH:
    case GK_NODE_ITEM: return child == GK_NODE_TEXT || child == GK_NODE_FIGURE || child == GK_NODE_BREAK;
    case GK_NODE_LIST: return child == GK_NODE_ITEM;
    case GK_NODE_TABLE: return child == GK_NODE_ROW;
    case GK_NODE_ROW: return child == GK_NODE_CELL;
    case GK_NODE_CELL: return child == GK_NODE_PARAGRAPH || child == GK_NODE_LIST;
    default: return false;
    }
}

static const char *check_table(const gk_node *table)
{
    int cols = table->as.table.cols, row_index = 0;
    if (cols <= 0 || cols > 32) return "a table has no columns or more than 32";
    int rows = 0;
    for (const gk_node *r = table->first; r; r = r->next) rows++;
    for (const gk_node *r = table->first; r; r = r->next, row_index++) {
        int n = 0;
        for (const gk_node *c = r->first; c; c = c->next, n++) {
            if (c->as.cell.covered) {
                if (c->first) return "a covered cell has content";
                continue;
            }
            if (c->as.cell.colspan < 1 || c->as.cell.rowspan < 1) return "a cell spans less than one row or column";
            if (n + c->as.cell.colspan > cols) return "a cell spans past the last column";
            if (row_index + c->as.cell.rowspan > rows) return "a cell spans past the last row";
        }
        if (n != cols) return "a table row does not have the table's number of cells";
    }
    return NULL;
}

const char *gk_tree_check(const gk_tree *t)
{
    gk_iter it;
    gk_iter_init(&it, t->root);
    gk_event ev;
    while ((ev = gk_iter_next(&it)) != GK_EVENT_NONE) {
        const gk_node *n = it.cur;
        if (ev != GK_EVENT_ENTER) continue;
        if (n->parent && !can_contain(n->parent->type, n->type)) return "a node is inside a node that cannot contain it";
        if (n->type == GK_NODE_HEADING && (n->as.heading.level < 1 || n->as.heading.level > 4))
            return "a heading level is outside 1..4";
        if (n->type == GK_NODE_TABLE) {
            const char *e = check_table(n);
            if (e) return e;
        }
    }
    return NULL;
}

bool gk_node_is_note_after_table(const gk_node *n)
{
    if (n->type != GK_NODE_PARAGRAPH || n->as.para.indent ||
        (n->as.para.align != GK_ALIGN_LEFT && n->as.para.align != GK_ALIGN_JUSTIFY))
        return false;
    for (const gk_node *p = n->prev; p; p = p->prev) {
        if (p->type == GK_NODE_TABLE) return !p->as.table.borderless;
        if (p->type == GK_NODE_SECTION) return p->last && p->last->type == GK_NODE_TABLE;
        if (p->type != GK_NODE_PARAGRAPH) return false;
    }
    return false;
}
