/* The document's flow onto pages: blocks become grid lines and table rows
 * (items), pagination places them (keeping headings with what follows,
 * avoiding lone first and last lines, repeating table headers, splitting
 * rows taller than a page), and emission turns placements into glyph runs
 * and rules, then numbers the pages. */
#include "layout_internal.h"
#include "utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPS 0.01

bool gk_vec_grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return true;
    size_t c = *cap ? *cap : 16;
    while (c < need) c *= 2;
    void *q = realloc(*p, c * size);
    if (!q) return false;
    *p = q;
    *cap = c;
    return true;
}

double gk_role_size(const gk_fontset *fs, gk_font_role role)
{
    int hp = fs->role[role].half_points;
    return hp > 0 ? hp / 2.0 : 16.0;
}

double gk_baseline(double h, double size) { return h / 2 + 0.38 * size; }

gk_text *gk_ctx_text(gk_ctx *c, gk_font_role role, double grid)
{
    if (!gk_vec_grow((void **)&c->texts, &c->tcap, c->ntexts + 1, sizeof *c->texts)) {
        c->oom = true;
        return NULL;
    }
    gk_text *t = malloc(sizeof *t);
    if (!t) {
        c->oom = true;
        return NULL;
    }
    gk_text_init(t, role, gk_role_size(c->fonts, role), grid, c->fonts->role[role].bold);
    c->texts[c->ntexts++] = t;
    return t;
}

/* ---- Emission ------------------------------------------------------------- */

gk_lpage *gk_ctx_page(gk_ctx *c, size_t page) { return page < c->out->npages ? &c->out->pages[page] : NULL; }

static gk_lrun *new_run(gk_ctx *c, size_t page)
{
    gk_lpage *p = gk_ctx_page(c, page);
    if (!p) return NULL;
    if (!gk_vec_grow((void **)&p->runs, &p->rcap, p->nruns + 1, sizeof *p->runs)) {
        c->oom = true;
        return NULL;
    }
    gk_lrun *r = &p->runs[p->nruns++];
    memset(r, 0, sizeof *r);
    return r;
}

void gk_emit_rule(gk_ctx *c, size_t page, double x0, double y0, double x1, double y1)
{
    gk_lpage *p = gk_ctx_page(c, page);
    if (!p) return;
    if (!gk_vec_grow((void **)&p->rules, &p->lcap, p->nrules + 1, sizeof *p->rules)) {
        c->oom = true;
        return;
    }
    gk_lrule *r = &p->rules[p->nrules++];
    r->x0 = x0;
    r->y0 = y0;
    r->x1 = x1;
    r->y1 = y1;
}

static void note_missing(gk_ctx *c, size_t page, const gk_text *t, size_t i)
{
    gk_layout *out = c->out;
    uint32_t cp = t->ch[i].cp, k;
    if (gk_cpmap_get(&out->missing_at, cp, &k)) {
        out->missing[k].count++;
        return;
    }
    if (!gk_vec_grow((void **)&out->missing, &out->xcap, out->nmissing + 1, sizeof *out->missing) ||
        !gk_cpmap_put(&out->missing_at, cp, (uint32_t)out->nmissing)) {
        c->oom = true;
        return;
    }
    gk_lmissing *m = &out->missing[out->nmissing++];
    memset(m, 0, sizeof *m);
    m->cp = cp;
    m->count = 1;
    m->page = (int)page + 1;
    size_t a = i > 6 ? i - 6 : 0, b = i + 7 < t->n ? i + 7 : t->n;
    size_t from = t->ch[a].off, to = b < t->n ? t->ch[b].off : t->len;
    if (to - from >= sizeof m->context) {
        a = i;
        from = t->ch[a].off;
        to = from + t->ch[i].len;
    }
    memcpy(m->context, t->utf8 + from, to - from);
    m->context[to - from] = '\0';
}

typedef struct runb {
    gk_ctx *c;
    size_t page;
    const gk_text *t;
    bool open, artifact, vertical;
    gk_lrun run;
    size_t from, to;    /* bytes */
    int n;
    double prev_end;    /* position where the last glyph's natural advance ends */
    double ox, oy;      /* origin of the line (position 0) */
} runb;

static void flush(runb *b)
{
    if (!b->open) return;
    b->open = false;
    gk_lrun *r = new_run(b->c, b->page);
    if (!r) return;
    *r = b->run;
    r->text = gk_arena_strndup(&b->c->out->arena, b->t->utf8 + b->from, b->to - b->from);
    r->len = b->to - b->from;
    if (!r->text) b->c->oom = true;
}

static void put(runb *b, const gk_tchar *ch, double pos)
{
    bool bold = (ch->flags & GK_TC_BOLD) != 0;
    if (b->open && ch->font == b->run.font && bold == b->run.bold && ch->off == b->to) {
        double gap = pos - b->prev_end;
        /* one spacing for the run, within what PDF readers (and libharu,
         * -30..300) accept; else a run of its own */
        if (b->n == 1 && gap > -20 && gap < 200) b->run.spacing = gap;
        if (fabs(gap - b->run.spacing) < 0.005) {
            b->to = ch->off + ch->len;
            b->n++;
            b->prev_end = pos + ch->natural;
            return;
        }
    }
    flush(b);
    b->open = true;
    memset(&b->run, 0, sizeof b->run);
    b->run.font = ch->font;
    b->run.bold = bold;
    b->run.size = b->t->size;
    b->run.artifact = b->artifact;
    b->run.vertical = b->vertical;
    b->run.x = b->vertical ? b->ox : b->ox + pos;
    b->run.y = b->vertical ? b->oy - pos : b->oy;
    b->from = ch->off;
    b->to = ch->off + ch->len;
    b->n = 1;
    b->prev_end = pos + ch->natural;
}

static void emit(gk_ctx *c, size_t page, const gk_text *t, size_t l, double x, double y, bool artifact,
                 bool vertical)
{
    const gk_tline *line = &t->lines[l];
    runb b = {.c = c, .page = page, .t = t, .artifact = artifact, .vertical = vertical, .ox = x, .oy = y};
    double pos = line->x;
    for (size_t i = line->from; i < line->to; i++) {
        const gk_tchar *ch = &t->ch[i];
        if (ch->cp != 0) {
            if ((ch->flags & GK_TC_MISSING) && !artifact && !vertical) {
                /* a visible box where a character has no glyph (and a warning) */
                note_missing(c, page, t, i);
                double s = t->size, x0 = x + pos + 0.1 * ch->w, x1 = x + pos + 0.9 * ch->w;
                double y0 = y - 0.08 * s, y1 = y + 0.78 * s;
                gk_emit_rule(c, page, x0, y0, x1, y0);
                gk_emit_rule(c, page, x1, y0, x1, y1);
                gk_emit_rule(c, page, x1, y1, x0, y1);
                gk_emit_rule(c, page, x0, y1, x0, y0);
            }
            put(&b, ch, pos);
        }
        pos += ch->w;
        if (ch->flags & GK_TC_STRETCH) pos += line->gap;
    }
    flush(&b);
}

void gk_emit_carrier(gk_ctx *c, size_t page, const gk_text *t, double x, double y)
{
    int font = -1;
    for (size_t i = 0; i < t->n && font < 0; i++)
        if (t->ch[i].cp) font = t->ch[i].font;
    gk_lrun *r = font >= 0 ? new_run(c, page) : NULL;
    if (!r) return;
    r->x = x;
    r->y = y;
    r->size = t->size;
    r->font = font;
    r->text = " ";
    r->len = 1;
}

void gk_emit_line(gk_ctx *c, size_t page, const gk_text *t, size_t l, double x, double y, bool artifact)
{
    emit(c, page, t, l, x, y, artifact, false);
}

/* ---- Building the flow ----------------------------------------------------- */

static gk_item *add_item(gk_ctx *c, int kind)
{
    if (!gk_vec_grow((void **)&c->items, &c->icap, c->nitems + 1, sizeof *c->items)) {
        c->oom = true;
        return NULL;
    }
    gk_item *it = &c->items[c->nitems++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->h = c->fg.pitch;
    return it;
}

static void add_inline(gk_ctx *c, gk_text *t, const gk_node *block)
{
    for (const gk_node *n = block->first; n; n = n->next) {
        if (gk_node_is_run(n)) {
            char fig[GK_FIG_STRLEN];
            size_t len;
            const char *s = gk_run_chars(n, fig, &len);
            if (!gk_text_add(t, c->m, s, len, gk_run_bold(n))) c->oom = true;
        } else if (n->type == GK_NODE_BREAK) {
            gk_text_force_break(t);
        }
    }
}

/* The lines of a text as grid-line items; `keep_all` for headings and
 * titles, else the lines keep so no paragraph leaves its first or last line
 * alone on a page. */
static void add_lines(gk_ctx *c, gk_text *t, bool keep_all, const gk_node *mark, int level)
{
    size_t n = t->nlines;
    for (size_t l = 0; l < n; l++) {
        gk_item *it = add_item(c, GK_IT_LINE);
        if (!it) return;
        it->text = t;
        it->line = l;
        it->keep = keep_all || (n >= 2 && (l == 0 || l == n - 2));
        if (l == 0) {
            it->mark = mark;
            it->level = level;
        }
    }
}

/* Body text on the grid: text in `role` with a two-character indent. */
static gk_text *grid_text(gk_ctx *c, gk_font_role role, double *indent)
{
    double size = gk_role_size(c->fonts, role), body = gk_role_size(c->fonts, GK_ROLE_BODY);
    double grid = fabs(size - body) < 0.01 ? c->fg.cpitch : 0;
    *indent = 2 * (grid > 0 ? grid : size);
    return gk_ctx_text(c, role, grid);
}

static void add_label(gk_ctx *c, gk_text *t, gk_numbering style, int number)
{
    char label[32];
    gk_number_label(style, number, label, sizeof label);
    if (!gk_text_add(t, c->m, label, strlen(label), false)) c->oom = true;
}

/* Whether block b is a table or a landscape section starting with one. */
static bool starts_table(const gk_node *b)
{
    if (b && b->type == GK_NODE_SECTION) b = b->first;
    return b && b->type == GK_NODE_TABLE;
}

/* Breaks heading text t in lines of at most `width` after a first-line
 * `indent`, balanced as a caption is: the greedy breaks leave a stub
 * (…绩效目标 | 表), so the lines are set at the narrowest width that
 * needs no more lines than the greedy ones at the full width. Left-aligned:
 * a balanced line does not reach the margin and is not stretched to it. */
static bool break_heading(gk_text *t, double width, double indent)
{
    if (!gk_text_break(t, width, indent, GK_ALIGN_JUSTIFY)) return false;
    size_t want = t->nlines;
    if (want < 2) return true;
    double lo = indent, hi = width;
    for (int i = 0; i < 24 && hi - lo > 0.25; i++) {
        double mid = (lo + hi) / 2;
        if (!gk_text_break(t, mid, indent, GK_ALIGN_LEFT)) return false;
        if (t->nlines <= want) hi = mid;
        else lo = mid;
    }
    return gk_text_break(t, hi, indent, GK_ALIGN_LEFT);
}

/* Rows joined by cells spanning them stay on one page when together they
 * take at most a third of it, unless that leaves more than a fifth of the
 * page empty (a soft keep); larger groups may break between rows. A cell
 * that continues on the next page breaks between its lines. */
static void keep_spans(gk_ctx *c, const gk_tablebox *t, size_t first)
{
    int *end = malloc((size_t)(t->rows + 1) * sizeof *end);
    if (!end) {
        c->oom = true;
        return;
    }
    for (int r = 0; r < t->rows; r++) end[r] = r;
    for (size_t k = 0; k < t->ncells; k++) {
        const gk_cellbox *cb = &t->cells[k];
        if (cb->r + cb->rs - 1 > end[cb->r]) end[cb->r] = cb->r + cb->rs - 1;
    }
    int r = t->header_rows;
    while (r < t->rows) {
        int last = end[r];
        for (int q = r; q <= last && q < t->rows; q++)
            if (end[q] > last) last = end[q];
        double h = 0;
        for (int q = r; q <= last; q++) h += t->h[q];
        if (last > r && h <= c->fg.bh / 3)
            for (int q = r; q < last; q++) c->items[first + (size_t)q].soft = true;
        r = last + 1;
    }
    free(end);
}

static void build_blocks(gk_ctx *c, const gk_node *first, const gk_node *stop)
{
    for (const gk_node *b = first; b && b != stop && !c->oom; b = b->next) {
        double indent;
        gk_text *t;
        switch (b->type) {
        case GK_NODE_TITLE:
            t = gk_ctx_text(c, GK_ROLE_TITLE, 0);
            if (!t) return;
            add_inline(c, t, b);
            gk_text_prepare(t);
            if (!gk_text_break_balanced(t, c->fg.bw, GK_ALIGN_CENTER)) c->oom = true;
            add_lines(c, t, true, NULL, 0);
            add_item(c, GK_IT_GAP);
            break;
        case GK_NODE_HEADING: {
            int level = b->as.heading.level < 1 ? 1 : b->as.heading.level > 4 ? 4 : b->as.heading.level;
            t = grid_text(c, (gk_font_role)(GK_ROLE_HEADING1 + level - 1), &indent);
            if (!t) return;
            add_label(c, t, b->as.heading.numbering, b->as.heading.number);
            add_inline(c, t, b);
            gk_text_prepare(t);
            if (!break_heading(t, c->fg.bw, indent)) c->oom = true;
            add_lines(c, t, true, b, level);
            break;
        }
        case GK_NODE_PARAGRAPH:
            t = grid_text(c, GK_ROLE_BODY, &indent);
            if (!t) return;
            add_inline(c, t, b);
            gk_text_prepare(t);
            /* a centred caption breaks in balanced lines (no lone 表) */
            if (!(b->as.para.align == GK_ALIGN_CENTER && !b->as.para.indent
                      ? gk_text_break_balanced(t, c->fg.bw, GK_ALIGN_CENTER)
                      : gk_text_break(t, c->fg.bw, b->as.para.indent || gk_node_is_note_after_table(b) ? indent : 0,
                                      /* one without indent is justified too (绩效目标：…, notes) */
                                      b->as.para.align == GK_ALIGN_LEFT ? GK_ALIGN_JUSTIFY : b->as.para.align)))
                c->oom = true;
            /* a one-line caption or lead-in stays with its table */
            add_lines(c, t, t->nlines == 1 && starts_table(b->next), NULL, 0);
            break;
        case GK_NODE_LIST:
            for (const gk_node *it = b->first; it; it = it->next) {
                t = grid_text(c, GK_ROLE_BODY, &indent);
                if (!t) return;
                add_label(c, t, b->as.list.numbering, it->as.item.number);
                add_inline(c, t, it);
                gk_text_prepare(t);
                if (!gk_text_break(t, c->fg.bw, indent, GK_ALIGN_JUSTIFY)) c->oom = true;
                add_lines(c, t, false, NULL, 0);
            }
            break;
        case GK_NODE_TABLE: {
            if (!gk_vec_grow((void **)&c->tables, &c->tbcap, c->ntables + 1, sizeof *c->tables)) {
                c->oom = true;
                return;
            }
            gk_tablebox *tb = gk_table_build(c, b, c->fg.bw);
            if (!tb) {
                c->oom = true;
                return;
            }
            c->tables[c->ntables++] = tb;
            size_t row0 = c->nitems;
            for (int r = 0; r < tb->rows; r++) {
                gk_item *it = add_item(c, GK_IT_ROW);
                if (!it) return;
                it->table = tb;
                it->row = r;
                it->h = tb->h[r];
                it->keep = r < tb->header_rows;
            }
            keep_spans(c, tb, row0);
            /* a table's caption, header rows and first two body rows stay
             * together: its first body row keeps with the second unless that
             * leaves a fifth of a page empty, and a page never ends right
             * after it (laoting p. 4 kept a caption and a unit line at the
             * page foot, as moving them left a fifth of the page empty) */
            int body = tb->rows - tb->header_rows;
            if (body >= 2) c->items[row0 + (size_t)tb->header_rows].firm = c->items[row0 + (size_t)tb->header_rows].head = true;
            /* and its last two at its end, unless moving them leaves a fifth
             * of a page empty (xianghe: 年末收入合计 alone on the next page) */
            if (body >= 3) c->items[row0 + (size_t)tb->rows - 2].firm = true;
            /* a table without borders (a caption line) stays with the next
             * table, and so does a table the next one continues (the blocks
             * of a project table: information, 绩效目标, indicators) */
            if (starts_table(b->next) && c->nitems > row0) c->items[c->nitems - 1].keep = true;
            /* a note or an empty-table sentence after it stays on its page */
            if (b->next && b->next->type == GK_NODE_PARAGRAPH && c->nitems > row0) c->items[c->nitems - 1].keep = true;
            break;
        }
        case GK_NODE_SECTION: build_blocks(c, b->first, NULL); break;
        default: break;
        }
    }
}

/* ---- Pagination ------------------------------------------------------------- */

static bool place(gk_ctx *c, size_t item, size_t page, double y, double h, bool repeat, int k0, int k1)
{
    if (!gk_vec_grow((void **)&c->pl, &c->plcap, c->npl + 1, sizeof *c->pl)) {
        c->oom = true;
        return false;
    }
    c->pl[c->npl++] =
        (gk_place){.item = item, .page = page, .y = y, .h = h, .repeat = repeat, .k0 = k0, .k1 = k1};
    return true;
}

/* Puts the header rows of item i's table at the top of a new page when i
 * is one of its body rows; returns the height they take. */
static double repeat_header(gk_ctx *c, size_t i, size_t page, bool midrow)
{
    const gk_item *it = &c->items[i];
    if (it->kind != GK_IT_ROW || !it->table->header_rows) return 0;
    if (it->row < it->table->header_rows && !midrow) return 0;
    double y = 0;
    size_t first = i - (size_t)it->row;
    for (int r = 0; r < it->table->header_rows; r++) {
        place(c, first + (size_t)r, page, y, it->table->h[r], true, 0, -1);
        y += it->table->h[r];
    }
    return y;
}

/* The top of item j's placement on the page, or `none`. */
static double placed_at(const gk_ctx *c, size_t j, size_t page, double none)
{
    for (size_t p = c->npl; p-- > 0 && c->pl[p].page == page;)
        if (c->pl[p].item == j && !c->pl[p].repeat) return c->pl[p].y;
    return none;
}

/* Places the flow's items; returns the number of pages. */
static size_t paginate(gk_ctx *c)
{
    const double bh = c->fg.bh, pitch = c->fg.pitch;
    c->npl = 0;
    size_t page = 0, page_first = 0, i = 0;
    double y = 0;
    bool empty = true;
    int k = 0; /* lines of item i's row already placed */
    while (i < c->nitems && !c->oom) {
        const gk_item *it = &c->items[i];
        if (it->kind == GK_IT_GAP && empty) {
            i++;
            continue;
        }
        double y0 = y, need = it->h;
        if (it->kind != GK_IT_ROW) y0 = ceil(y / pitch - 1e-6) * pitch;
        else if (k > 0) need = gk_table_rest_height(it->table, it->row, k);
        if (y0 + need <= bh + EPS) {
            place(c, i, page, y0, need, false, k, -1);
            y = y0 + need;
            i++;
            k = 0;
            empty = false;
            continue;
        }
        if (it->kind == GK_IT_ROW) {
            const gk_tablebox *t = it->table;
            bool body = it->row >= t->header_rows;
            double fresh = bh - (body ? t->header_h : 0);
            if (need > fresh + EPS) {
                /* taller than a page: as many lines as fit here, the rest on the next */
                double lh = t->row_lh[it->row];
                int fit = (int)floor((bh - y0 - 2 * t->pad_v + EPS) / lh);
                int rest = gk_table_row_lines(t, it->row) - k;
                if (fit >= 1 && fit < rest) {
                    place(c, i, page, y0, fit * lh + 2 * t->pad_v, false, k, k + fit);
                    k += fit;
                    page++;
                    empty = true;
                    page_first = i;
                    y = repeat_header(c, i, page, true);
                    continue;
                }
                if (empty) { /* nothing fits even alone: place it and go on */
                    place(c, i, page, y0, need, false, k, -1);
                    y = y0 + need;
                    i++;
                    k = 0;
                    empty = false;
                    continue;
                }
                page++;
                empty = true;
                page_first = i;
                y = repeat_header(c, i, page, k > 0);
                continue;
            }
        }
        if (empty) { /* cannot happen for lines; keeps the loop finite */
            place(c, i, page, y0, need, false, k, -1);
            y = y0 + need;
            i++;
            k = 0;
            empty = false;
            continue;
        }
        /* a new page, taking along what must stay with item i */
        if (k == 0) {
            size_t j = i;
            while (j > page_first && (c->items[j - 1].keep || c->items[j - 1].soft || c->items[j - 1].firm)) j--;
            /* rows held together by merged cells break instead when moving
             * them would leave more than a fifth of the page empty */
            if (j < i && bh - placed_at(c, j, page, bh) > bh / 5) {
                j = i;
                while (j > page_first && (c->items[j - 1].keep || c->items[j - 1].firm)) j--;
            }
            if (j < i && bh - placed_at(c, j, page, bh) > bh / 5) {
                j = i;
                while (j > page_first && c->items[j - 1].keep) j--;
            }
            /* not after a table's first body row, whatever that leaves empty */
            if (j == i && i > page_first && c->items[i - 1].head)
                while (j > page_first && (c->items[j - 1].keep || c->items[j - 1].head)) j--;
            /* a body row that cannot take what it keeps with along (that
             * already starts this page) nor go alone without leaving a fifth
             * of the page empty breaks between its lines, two at least on
             * either side, as a row taller than a page does (xianghe: a
             * table's first row alone on one page, its second on the next,
             * its third on the one after) */
            const gk_item *ri = &c->items[i];
            if ((j <= page_first || j == i) && ri->kind == GK_IT_ROW && ri->row >= ri->table->header_rows &&
                bh - y0 > bh / 5) {
                const gk_tablebox *t = ri->table;
                double lh = t->row_lh[ri->row];
                int fit = (int)floor((bh - y0 - 2 * t->pad_v + EPS) / lh);
                int rest = gk_table_row_lines(t, ri->row);
                if (fit >= 2 && rest - fit >= 2) {
                    place(c, i, page, y0, fit * lh + 2 * t->pad_v, false, 0, fit);
                    k = fit;
                    page++;
                    empty = true;
                    page_first = i;
                    y = repeat_header(c, i, page, true);
                    continue;
                }
            }
            if (j > page_first) {
                while (c->npl > 0 && c->pl[c->npl - 1].page == page && c->pl[c->npl - 1].item >= j) c->npl--;
                i = j;
            }
        }
        page++;
        empty = true;
        page_first = i;
        y = repeat_header(c, i, page, k > 0);
    }
    return c->npl ? c->pl[c->npl - 1].page + 1 : 0;
}

/* ---- Pages ----------------------------------------------------------------- */

static gk_lpage *add_page(gk_ctx *c)
{
    gk_layout *out = c->out;
    if (!gk_vec_grow((void **)&out->pages, &out->pcap, out->npages + 1, sizeof *out->pages)) {
        c->oom = true;
        return NULL;
    }
    gk_lpage *p = &out->pages[out->npages++];
    memset(p, 0, sizeof *p);
    p->width = c->fg.pw;
    p->height = c->fg.ph;
    p->landscape = c->fg.landscape;
    p->number = (int)out->npages;
    return p;
}

static void add_mark(gk_ctx *c, const gk_item *it, size_t page, double y)
{
    gk_layout *out = c->out;
    if (!gk_vec_grow((void **)&out->marks, &out->mcap, out->nmarks + 1, sizeof *out->marks)) {
        c->oom = true;
        return;
    }
    gk_lmark *m = &out->marks[out->nmarks++];
    m->title = gk_arena_strndup(&out->arena, it->text->utf8, it->text->len);
    m->level = it->level;
    m->page = page;
    m->y = y;
    if (!m->title) c->oom = true;
}

static void set_geom(gk_ctx *c, bool landscape)
{
    const gk_page_geom *g = c->g;
    gk_flow_geom *f = &c->fg;
    f->landscape = landscape;
    f->pitch = g->block_h / g->lines;
    f->cpitch = g->block_w / g->chars;
    if (!landscape) {
        f->pw = g->width;
        f->ph = g->height;
        f->bx = g->left;
        f->by = g->top;
        f->bw = g->block_w;
        f->bh = g->block_h;
    } else {
        /* the portrait page turned: its left margin on top, its bottom on the left */
        f->pw = g->height;
        f->ph = g->width;
        f->bx = g->height - g->top - g->block_h;
        f->by = g->left;
        f->bw = g->block_h;
        f->bh = g->block_w;
    }
}

static void free_flow(gk_ctx *c)
{
    for (size_t k = 0; k < c->ntables; k++) gk_table_free(c->tables[k]);
    for (size_t k = 0; k < c->ntexts; k++) {
        gk_text_free(c->texts[k]);
        free(c->texts[k]);
    }
    c->ntables = c->ntexts = c->nitems = c->npl = 0;
}

/* Lays out the blocks [first, stop) on pages of one orientation, after
 * the block `lead` when it is not NULL. */
static void flow(gk_ctx *c, const gk_node *lead, const gk_node *first, const gk_node *stop, bool landscape)
{
    set_geom(c, landscape);
    if (lead) build_blocks(c, lead, lead->next);
    build_blocks(c, first, stop);
    if (c->oom || !c->nitems) {
        free_flow(c);
        return;
    }
    size_t npages = paginate(c);
    /* rows grow until every spanning cell's lines find room */
    for (int round = 0; round < 8 && !c->oom; round++) {
        bool ok = true;
        for (size_t k = 0; k < c->ntables; k++) {
            gk_tablebox *t = c->tables[k];
            if (gk_table_distribute(c, t, false)) continue;
            ok = false;
            for (int r = 0; r < t->rows; r++) t->h[r] += t->grow[r];
        }
        if (ok) break;
        for (size_t i = 0; i < c->nitems; i++)
            if (c->items[i].kind == GK_IT_ROW) c->items[i].h = c->items[i].table->h[c->items[i].row];
        for (size_t k = 0; k < c->ntables; k++) {
            gk_tablebox *t = c->tables[k];
            t->header_h = 0;
            for (int r = 0; r < t->header_rows; r++) t->header_h += t->h[r];
        }
        npages = paginate(c);
    }
    c->first_page = c->out->npages;
    for (size_t p = 0; p < npages; p++) add_page(c);
    for (size_t p = 0; p < c->npl && !c->oom; p++) {
        const gk_place *pl = &c->pl[p];
        const gk_item *it = &c->items[pl->item];
        size_t page = c->first_page + pl->page;
        if (it->kind == GK_IT_LINE) {
            const gk_text *t = it->text;
            double top = c->fg.ph - (c->fg.by + pl->y);
            if (it->mark) add_mark(c, it, page, top);
            emit(c, page, t, it->line, c->fg.bx + it->left, top - gk_baseline(pl->h, t->size), false, false);
        } else if (it->kind == GK_IT_ROW) {
            /* a table is drawn at its first placement */
            if (!it->table->drawn) gk_table_distribute(c, it->table, true);
            it->table->drawn = true;
        }
    }
    free_flow(c);
}

/* `— N —`, 7 mm below the block, odd pages right and even pages left, one
 * character in; on landscape pages on the table's left, turned. */
static void page_number(gk_ctx *c, size_t index)
{
    gk_lpage *p = &c->out->pages[index];
    set_geom(c, p->landscape);
    gk_text *t = gk_ctx_text(c, GK_ROLE_PAGE_NUMBER, 0);
    if (!t) return;
    char s[48];
    int n = (int)(index + 1);
    int len = snprintf(s, sizeof s, "\xE2\x80\x94 %d \xE2\x80\x94", n);
    gk_text_add(t, c->m, s, (size_t)len, false);
    gk_text_prepare(t);
    if (!gk_text_break(t, 1e9, 0, GK_ALIGN_LEFT) || t->nlines != 1) {
        free_flow(c);
        return;
    }
    double size = t->size, w = t->lines[0].width;
    const gk_flow_geom *f = &c->fg;
    bool odd = n % 2 == 1;
    if (!p->landscape) {
        double y = f->ph - (f->by + f->bh) - c->g->pn_gap - 0.35 * size;
        double x = odd ? f->bx + f->bw - size - w : f->bx + size;
        emit(c, index, t, 0, x, y, true, false);
    } else {
        double x = f->bx - c->g->pn_gap - 0.35 * size;
        double bottom = f->ph - (f->by + f->bh), top = f->ph - f->by;
        double y = odd ? bottom + size + w : top - size;
        emit(c, index, t, 0, x, y, true, true);
    }
    free_flow(c);
}

/* The first pass: every table measured into its kind, then each kind's
 * columns solved once, so the project tables (and the indicator tables) of
 * a document share one grid made from the content of all of them. */
static void measure_tables(gk_ctx *c, const gk_node *parent, bool landscape, bool keep)
{
    for (const gk_node *b = parent->first; b && !c->oom; b = b->next) {
        if (b->type == GK_NODE_SECTION) {
            measure_tables(c, b, b->as.section.landscape, keep);
            continue;
        }
        if (b->type != GK_NODE_TABLE) continue;
        set_geom(c, landscape);
        if (!gk_table_measure_kind(c, b, c->fg.bw, keep)) c->oom = true;
    }
}

/* `keep`: the measured tables stay for the flows to place (the document);
 * without it each is freed once measured (the columns alone). */
static void solve_kinds(gk_ctx *c, const gk_node *root, bool keep)
{
    measure_tables(c, root, false, keep);
    for (size_t k = 0; k < c->nkinds; k++) {
        gk_colkind *q = c->kinds[k];
        gk_table_solve(q->first, q->cols, q->width, GK_CELL_PAD_H, &q->need, q->w);
        q->solved = true;
    }
}

static void free_kinds(gk_ctx *c)
{
    for (size_t k = 0; k < c->nkinds; k++) free(c->kinds[k]);
    free(c->kinds);
    c->kinds = NULL;
    c->nkinds = c->kcap = 0;
    /* the tables no flow took (none, unless the layout stopped early) */
    for (size_t k = 0; k < c->nmeasured; k++) gk_table_free(c->measured[k].t);
    free(c->measured);
    c->measured = NULL;
    c->nmeasured = c->mcap = c->mnext = 0;
}

gk_status gk_layout_document(const gk_tree *tree, const gk_fontset *fonts, const gk_metrics *m,
                             const gk_page_geom *g, gk_layout *out)
{
    memset(out, 0, sizeof *out);
    out->rule = g->rule;
    gk_ctx c = {.fonts = fonts, .m = m, .g = g, .out = out};
    /* portrait stretches between landscape sections; a centred one-line
     * caption just before a landscape table goes on the landscape page */
    solve_kinds(&c, tree->root, true);
    const gk_node *start = tree->root->first;
    for (const gk_node *b = tree->root->first; b && !c.oom; b = b->next) {
        /* a portrait section ([portrait]) starts on a page of its own too */
        if (b->type != GK_NODE_SECTION) continue;
        const gk_node *cap = b->prev;
        if (!cap || cap == b || cap->type != GK_NODE_PARAGRAPH || cap->as.para.align != GK_ALIGN_CENTER ||
            !starts_table(b) || start == b || !b->as.section.landscape)
            cap = NULL;
        const gk_node *stop = cap ? cap : b;
        if (start != stop) flow(&c, NULL, start, stop, false);
        flow(&c, cap, b->first, NULL, b->as.section.landscape);
        start = b->next;
    }
    if (start && !c.oom) flow(&c, NULL, start, NULL, false);
    if (!out->npages && !c.oom) {
        set_geom(&c, false);
        add_page(&c);
    }
    for (size_t i = 0; i < out->npages && !c.oom; i++) page_number(&c, i);
    free_kinds(&c);
    free(c.texts);
    free(c.tables);
    free(c.items);
    free(c.pl);
    if (c.oom) out->oom = true;
    return c.oom ? GK_NOMEM : GK_OK;
}

void gk_layout_free(gk_layout *l)
{
    for (size_t i = 0; i < l->npages; i++) {
        free(l->pages[i].runs);
        free(l->pages[i].rules);
    }
    free(l->pages);
    free(l->marks);
    free(l->missing);
    free(l->tables);
    gk_cpmap_free(&l->missing_at);
    gk_arena_free(&l->arena);
    memset(l, 0, sizeof *l);
}

static void collect_columns(gk_ctx *c, const gk_node *parent, bool landscape, double **out, size_t *n, size_t *cap)
{
    for (const gk_node *b = parent->first; b && !c->oom; b = b->next) {
        if (b->type == GK_NODE_SECTION) {
            collect_columns(c, b, b->as.section.landscape, out, n, cap);
            continue;
        }
        if (b->type != GK_NODE_TABLE) continue;
        if (!gk_vec_grow((void **)out, cap, (*n + 1) * 32, sizeof **out)) {
            c->oom = true;
            return;
        }
        set_geom(c, landscape);
        int cols = b->as.table.cols < 1 ? 1 : b->as.table.cols > 32 ? 32 : b->as.table.cols;
        const gk_colkind *q = gk_table_kind(c, b, cols, c->fg.bw, false);
        double *w = *out + *n * 32;
        for (int i = 0; i < 32; i++) w[i] = q && i < cols ? q->w[i] : 0;
        (*n)++;
    }
}

gk_status gk_layout_columns(const gk_tree *tree, const gk_fontset *fonts, const gk_metrics *m, const gk_page_geom *g,
                            double **out, size_t *ntables)
{
    *out = NULL;
    *ntables = 0;
    gk_layout lay = {0};
    gk_ctx c = {.fonts = fonts, .m = m, .g = g, .out = &lay};
    size_t cap = 0;
    solve_kinds(&c, tree->root, false);
    collect_columns(&c, tree->root, false, out, ntables, &cap);
    free_kinds(&c);
    free(c.texts);
    free(c.tables);
    gk_layout_free(&lay);
    if (c.oom) {
        free(*out);
        *out = NULL;
        *ntables = 0;
        return GK_NOMEM;
    }
    return GK_OK;
}

void gk_layout_table_columns(const gk_node *table, const gk_fontset *fonts, const gk_metrics *m, double width,
                             double *w)
{
    gk_page_geom g;
    gk_page_geom_gbt9704(&g);
    gk_layout out = {0};
    gk_ctx c = {.fonts = fonts, .m = m, .g = &g, .out = &out};
    set_geom(&c, false);
    gk_tablebox *t = gk_table_build(&c, table, width);
    for (int i = 0; i < table->as.table.cols; i++) w[i] = t ? t->x[i + 1] - t->x[i] : 0;
    gk_table_free(t);
    free_flow(&c);
    free(c.texts);
    free(c.tables);
}
