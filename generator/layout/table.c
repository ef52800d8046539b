/* Tables: column widths from the content within the text block, cells
 * broken into lines, row heights with row spans, the cells' lines spread
 * over the pages the table crosses, and the rules, each drawn once. */
#include "layout_internal.h"
#include "utf8.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EPS 0.01

/* Per cell: where each of its lines was placed. */
typedef struct cellpos {
    size_t *page;
    double *y;
} cellpos;

/* A cell's text is its table's (gk_table_free frees it), not the flow's:
 * a table measured in the first pass is kept, texts and all, for the
 * flow that places it (gk_ctx.measured). */
static gk_text *cell_text(gk_ctx *c, gk_cellbox *cb, gk_font_role role, double size)
{
    gk_text *t = malloc(sizeof *t);
    if (!t) return NULL;
    gk_text_init(t, role, size, 0, c->fonts->role[role].bold);
    cb->texts[cb->ntexts++] = t;
    return t;
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

/* The texts of one cell: a text per paragraph and per list item. */
static bool cell_content(gk_ctx *c, gk_cellbox *cb, gk_font_role role, double size)
{
    size_t n = 0;
    for (const gk_node *b = cb->node->first; b; b = b->next) {
        if (b->type == GK_NODE_LIST) {
            for (const gk_node *it = b->first; it; it = it->next) n++;
        } else if (b->type == GK_NODE_PARAGRAPH) {
            n++;
        }
    }
    if (!n) return true;
    cb->texts = calloc(n, sizeof *cb->texts);
    if (!cb->texts) return false;
    for (const gk_node *b = cb->node->first; b; b = b->next) {
        if (b->type == GK_NODE_LIST) {
            for (const gk_node *it = b->first; it; it = it->next) {
                gk_text *t = cell_text(c, cb, role, size);
                if (!t) return false;
                char label[32];
                gk_number_label(b->as.list.numbering, it->as.item.number, label, sizeof label);
                if (!gk_text_add(t, c->m, label, strlen(label), false)) c->oom = true;
                add_inline(c, t, it);
                gk_text_prepare(t);
                if (t->oom) c->oom = true; /* unprepared, its widths would be wrong */
            }
        } else if (b->type == GK_NODE_PARAGRAPH) {
            gk_text *t = cell_text(c, cb, role, size);
            if (!t) return false;
            add_inline(c, t, b);
            gk_text_prepare(t);
            if (t->oom) c->oom = true;
        }
    }
    return !c->oom;
}

/* Raises columns below their minimum, taking the width from the others in
 * proportion to what they have above theirs. */
static void enforce_min(int n, double *w, const double *min, double W)
{
    double need = 0, slack = 0, summin = 0;
    for (int i = 0; i < n; i++) {
        summin += min[i];
        if (w[i] < min[i]) need += min[i] - w[i];
        else slack += w[i] - min[i];
    }
    if (need <= EPS) return;
    if (summin > W || slack <= need) { /* cannot honour every minimum: scale the minimums */
        for (int i = 0; i < n; i++) w[i] = summin > 0 ? min[i] * W / summin : W / n;
        return;
    }
    for (int i = 0; i < n; i++) {
        if (w[i] < min[i]) w[i] = min[i];
        else w[i] -= (w[i] - min[i]) * need / slack;
    }
}

/* Whether a piece of text is a figure (digits with . , % and relation
 * signs): its column is never narrower than it, however many columns the
 * table has, so 1095.70 and ≥95% never split. */
static bool figure_piece(const gk_text *t, size_t from, size_t to)
{
    bool digit = false;
    for (size_t i = from; i < to; i++) {
        uint32_t c = t->ch[i].cp;
        if ((c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19)) digit = true;
        else if (!strchr(".,%-+/:", (int)(c < 128 ? c : 1)) && c != 0x2265 && c != 0x2264 && c != 0xFF05 &&
                 c != 0xFF1E && c != 0xFF1C && c != ' ')
            return false;
    }
    return digit;
}

/* The widest figure among the pieces of t (a piece: the characters
 * between two break opportunities, a unit included). */
static double widest_figure(const gk_text *t)
{
    double best = 0, w = 0;
    size_t from = 0;
    for (size_t i = 0; i < t->n; i++) {
        w += t->ch[i].w;
        if (t->ch[i].flags & (GK_TC_BREAK | GK_TC_FORCED) || i + 1 == t->n) {
            /* a figure with its unit (≥300人, ≤85.36万元) counts as a figure */
            size_t end = i + 1;
            while (end > from + 1 && i + 1 - end < 3 && !figure_piece(t, end - 1, end)) end--;
            if (figure_piece(t, from, end) && w > best) best = w;
            w = 0;
            from = i + 1;
        }
    }
    return best;
}

void gk_table_measure(const gk_tablebox *t, gk_colneed *nd)
{
    int n = t->cols;
    for (int i = 0; i < n; i++) nd->min[i] = nd->fig[i] = nd->word[i] = nd->max[i] = nd->hmax[i] = 2 * t->pad_h;
    memset(nd->span, 0, sizeof nd->span);
    for (size_t k = 0; k < t->ncells; k++) {
        const gk_cellbox *cb = &t->cells[k];
        for (size_t j = 0; j < cb->ntexts; j++) {
            double lo, hi;
            gk_text_extent(cb->texts[j], &lo, &hi);
            double size = cb->texts[j]->size;
            /* a text of up to four characters is a word (一级指标, 指标值,
             * 绩效目标, 项目编码): it stays on one line where the width allows */
            if (cb->cs == 1 && hi <= 4 * size + 0.01 && hi + 2 * t->pad_h > nd->word[cb->c])
                nd->word[cb->c] = hi + 2 * t->pad_h;
            if (cb->cs != 1) {
                double *need = &nd->span[cb->c][cb->cs];
                if (lo + 2 * t->pad_h > *need) *need = lo + 2 * t->pad_h;
                continue;
            }
            /* no column narrower than two characters of its text: one
             * character a line reads as a vertical strip */
            double two = 2 * size;
            if (lo < two) lo = hi < two ? hi : two;
            if (lo + 2 * t->pad_h > nd->min[cb->c]) nd->min[cb->c] = lo + 2 * t->pad_h;
            double f = widest_figure(cb->texts[j]) + 2 * t->pad_h;
            if (f > nd->fig[cb->c]) nd->fig[cb->c] = f;
            /* a header may wrap, and so may a cell spanning rows, which has
             * room below: the other cells say how wide a column wants to be */
            double *want = cb->header || cb->rs > 1 ? &nd->hmax[cb->c] : &nd->max[cb->c];
            if (hi + 2 * t->pad_h > *want) *want = hi + 2 * t->pad_h;
        }
    }
}

void gk_colneed_merge(gk_colneed *into, const gk_colneed *nd, int n)
{
    for (int i = 0; i < n; i++) {
        if (nd->min[i] > into->min[i]) into->min[i] = nd->min[i];
        if (nd->fig[i] > into->fig[i]) into->fig[i] = nd->fig[i];
        if (nd->word[i] > into->word[i]) into->word[i] = nd->word[i];
        if (nd->max[i] > into->max[i]) into->max[i] = nd->max[i];
        if (nd->hmax[i] > into->hmax[i]) into->hmax[i] = nd->hmax[i];
        for (int k = 0; k <= n; k++)
            if (nd->span[i][k] > into->span[i][k]) into->span[i][k] = nd->span[i][k];
    }
}

void gk_table_solve(const gk_node *table, int n, double W, double pad, const gk_colneed *nd, double *w)
{
    double min[GK_TABLE_MAX_COLS], max[GK_TABLE_MAX_COLS], pref[GK_TABLE_MAX_COLS], hsum = 0;
    for (int i = 0; i < n; i++) hsum += table->as.table.widths[i] > 0 ? table->as.table.widths[i] : 1;
    for (int i = 0; i < n; i++) {
        int h = table->as.table.widths[i] > 0 ? table->as.table.widths[i] : 1;
        pref[i] = W * h / hsum;
    }
    for (int i = 0; i < n; i++) {
        /* a word longer than its column's share is cut rather than
         * squeezing the other columns to nothing; a figure is not */
        double share = pref[i] > W / n ? pref[i] : W / n;
        min[i] = nd->min[i] > share ? share : nd->min[i];
        if (nd->fig[i] > min[i]) min[i] = nd->fig[i];
    }
    /* the short words whole too, when all of them fit */
    double sumword = 0;
    for (int i = 0; i < n; i++) sumword += nd->word[i] > min[i] ? nd->word[i] : min[i];
    for (int i = 0; i < n; i++) {
        if (sumword <= W && nd->word[i] > min[i]) min[i] = nd->word[i];
        max[i] = nd->max[i];
        if (max[i] <= 2 * pad) max[i] = nd->hmax[i]; /* a column with nothing but its header */
        if (max[i] < min[i]) max[i] = min[i];
    }
    double summax = 0;
    for (int i = 0; i < n; i++) summax += max[i];
    if (summax <= W) {
        /* everything fits on one line: the room left goes by the hints */
        for (int i = 0; i < n; i++) w[i] = max[i] + (W - summax) * pref[i] / W;
    } else {
        /* the hints, then width moves from columns that do not need theirs
         * to columns whose text wraps */
        double surplus = 0, deficit = 0;
        for (int i = 0; i < n; i++) {
            w[i] = pref[i];
            if (w[i] > max[i]) surplus += w[i] - max[i];
            else deficit += max[i] - w[i];
        }
        double move = surplus < deficit ? surplus : deficit;
        if (move > EPS) {
            for (int i = 0; i < n; i++) {
                if (w[i] > max[i]) w[i] -= (w[i] - max[i]) * move / surplus;
                else w[i] += (max[i] - w[i]) * move / deficit;
            }
        }
        /* half of it as the content alone would share the width: each
         * column its narrowest plus a share of the rest in proportion to
         * how much more its text wants (as browsers lay tables out) */
        double summin = 0, spread = 0;
        for (int i = 0; i < n; i++) {
            summin += min[i];
            spread += max[i] - min[i];
        }
        if (summin < W && spread > EPS)
            for (int i = 0; i < n; i++) w[i] = (w[i] + min[i] + (max[i] - min[i]) * (W - summin) / spread) / 2;
    }
    enforce_min(n, w, min, W);
    /* a spanning cell's widest piece must fit its columns together */
    for (int c0 = 0; c0 < n; c0++)
        for (int cs = 2; c0 + cs <= n; cs++) {
            double need = nd->span[c0][cs], have = 0;
            if (need <= 0) continue;
            for (int i = c0; i < c0 + cs; i++) have += w[i];
            if (have + EPS >= need) continue;
            double add = need - have, others = 0;
            for (int i = 0; i < n; i++)
                if (i < c0 || i >= c0 + cs) others += w[i] - min[i] > 0 ? w[i] - min[i] : 0;
            if (others < add) continue; /* the words will be cut */
            for (int i = 0; i < n; i++) {
                if (i >= c0 && i < c0 + cs) w[i] += add / cs;
                else if (w[i] > min[i]) w[i] -= (w[i] - min[i]) * add / others;
            }
        }
}

/* The kind of a table: the tables of a document with the same columns,
 * hints and width share one grid (all project tables, all indicator
 * tables), computed from the content of all of them. */
gk_colkind *gk_table_kind(gk_ctx *c, const gk_node *table, int cols, double width, bool add)
{
    for (size_t k = 0; k < c->nkinds; k++) {
        gk_colkind *q = c->kinds[k];
        if (q->cols == cols && fabs(q->width - width) < EPS && q->borderless == table->as.table.borderless &&
            !memcmp(q->widths, table->as.table.widths, sizeof q->widths))
            return q;
    }
    if (!add) return NULL;
    if (!gk_vec_grow((void **)&c->kinds, &c->kcap, c->nkinds + 1, sizeof *c->kinds)) return NULL;
    gk_colkind *q = calloc(1, sizeof *q);
    if (!q) return NULL;
    q->cols = cols;
    q->width = width;
    q->borderless = table->as.table.borderless;
    memcpy(q->widths, table->as.table.widths, sizeof q->widths);
    q->first = table;
    c->kinds[c->nkinds++] = q;
    return q;
}

/* Whether a cell holds only a dash (——, the 不适用 of a figure column). */
static bool dash_only(const gk_node *cell)
{
    bool any = false;
    for (const gk_node *p = cell->first; p; p = p->next)
        for (const gk_node *t = p->first; t; t = t->next) {
            if (t->type != GK_NODE_TEXT) return false;
            for (size_t i = 0; i < t->as.text.len;) {
                uint32_t cp;
                size_t n = gk_utf8_decode((const unsigned char *)t->as.text.s + i, t->as.text.len - i, &cp);
                if (!n || (cp != 0x2014 && cp != '-' && cp != 0xFF0D && cp != ' ')) return false;
                any = any || cp != ' ';
                i += n;
            }
        }
    return any;
}

uint32_t gk_layout_figure_columns(const gk_node *table)
{
    uint32_t fig = 0, text = 0;
    for (const gk_node *row = table->first; row; row = row->next) {
        if (row->as.row.header) continue;
        int k = 0;
        for (const gk_node *cell = row->first; cell && k < 32; cell = cell->next, k++) {
            if (cell->type != GK_NODE_CELL || cell->as.cell.covered || cell->as.cell.colspan > 1 || !cell->first ||
                dash_only(cell))
                continue;
            if (gk_cell_figure(cell)) fig |= 1u << k;
            else text |= 1u << k;
        }
    }
    return fig & ~text;
}

void gk_table_free(gk_tablebox *t)
{
    if (!t) return;
    for (size_t k = 0; k < t->ncells; k++) {
        for (size_t j = 0; j < t->cells[k].ntexts; j++) {
            gk_text_free(t->cells[k].texts[j]);
            free(t->cells[k].texts[j]);
        }
        free(t->cells[k].texts);
    }
    free(t->cells);
    free(t->x);
    free(t->h);
    free(t->grow);
    free(t->owner);
    free(t->row_lines);
    free(t->row_lh);
    free(t);
}

/* Table's cells with their texts prepared, at its roles' sizes, none above
 * `cap` points when cap > 0, lines `lead` times their size apart, cells
 * padded pad_v above and below: what does not depend on the columns. */
static gk_tablebox *cells_at(gk_ctx *c, const gk_node *table, double cap, double lead, double pad_v)
{
    gk_tablebox *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->node = table;
    t->cols = table->as.table.cols;
    if (t->cols < 1) t->cols = 1;
    if (t->cols > 32) t->cols = 32;
    for (const gk_node *r = table->first; r; r = r->next) t->rows++;
    bool leading = true;
    for (const gk_node *r = table->first; r; r = r->next) {
        if (leading && r->as.row.header) t->header_rows++;
        else leading = false;
    }
    size_t slots = (size_t)(t->rows ? t->rows : 1) * (size_t)t->cols;
    t->x = calloc((size_t)t->cols + 1, sizeof *t->x);
    t->h = calloc((size_t)t->rows + 1, sizeof *t->h);
    t->grow = calloc((size_t)t->rows + 1, sizeof *t->grow);
    t->owner = malloc(slots * sizeof *t->owner);
    t->row_lines = calloc((size_t)t->rows + 1, sizeof *t->row_lines);
    t->row_lh = calloc((size_t)t->rows + 1, sizeof *t->row_lh);
    t->cells = calloc(slots, sizeof *t->cells);
    if (!t->x || !t->h || !t->grow || !t->owner || !t->row_lines || !t->row_lh || !t->cells) goto fail;
    for (size_t s = 0; s < slots; s++) t->owner[s] = -1 - (int)s; /* a slot nobody covers is its own */
    t->pad_h = GK_CELL_PAD_H;
    t->pad_v = pad_v;

    uint32_t figcols = gk_layout_figure_columns(table);
    int r = 0;
    for (const gk_node *row = table->first; row; row = row->next, r++) {
        gk_font_role role = row->as.row.header ? GK_ROLE_TABLE_HEADER : GK_ROLE_TABLE;
        double size = gk_role_size(c->fonts, role);
        if (t->cols > 9 && size > 10.5) size = 10.5; /* 五号 for tables of many columns, as in the DOCX */
        if (cap > 0 && size > cap) size = cap;
        t->row_lh[r] = size * lead;
        int k = 0;
        for (const gk_node *cell = row->first; cell && k < t->cols; cell = cell->next, k++) {
            if (cell->type != GK_NODE_CELL || cell->as.cell.covered) continue;
            gk_cellbox *cb = &t->cells[t->ncells];
            cb->node = cell;
            cb->r = r;
            cb->c = k;
            cb->rs = cell->as.cell.rowspan > 0 ? cell->as.cell.rowspan : 1;
            cb->cs = cell->as.cell.colspan > 0 ? cell->as.cell.colspan : 1;
            if (cb->r + cb->rs > t->rows) cb->rs = t->rows - cb->r;
            if (cb->c + cb->cs > t->cols) cb->cs = t->cols - cb->c;
            cb->lh = size * lead;
            cb->align = cell->as.cell.align;
            /* figures flush right where their column holds figures only (one
             * alignment for a column's values: ≥95% and 100 of one 指标值
             * column stay left together) */
            if (!row->as.row.header && cb->align == GK_ALIGN_LEFT && gk_cell_figure(cell) &&
                (cb->cs > 1 || (figcols >> k & 1u)))
                cb->align = GK_ALIGN_RIGHT;
            /* a table without borders is a line in columns: the last ends at the right edge */
            if (table->as.table.borderless && k + cb->cs >= t->cols) cb->align = GK_ALIGN_RIGHT;
            cb->header = row->as.row.header;
            for (int i = cb->r; i < cb->r + cb->rs; i++)
                for (int j = cb->c; j < cb->c + cb->cs; j++) {
                    int *o = &t->owner[(size_t)i * (size_t)t->cols + (size_t)j];
                    if (*o < 0) *o = (int)t->ncells;
                }
            t->ncells++;
            if (!cell_content(c, cb, role, size)) goto fail;
        }
    }
    return t;
fail:
    gk_table_free(t);
    return NULL;
}

/* Sets the cells of table t (from cells_at, `cap` as there) in columns
 * of `width` points: the columns, the cells' lines and the row heights. */
static bool place_at(gk_ctx *c, gk_tablebox *t, double width, double cap)
{
    const gk_node *table = t->node;
    t->item0 = c->nitems; /* its rows become the flow's next items */
    double w[GK_TABLE_MAX_COLS];
    gk_colkind *q = gk_table_kind(c, table, t->cols, width, false);
    /* a table set smaller (cap) solves its own columns: the kind's grid
     * is of its full size, where the names wrap that now fit */
    if (q && q->solved && cap <= 0) {
        memcpy(w, q->w, sizeof w);
    } else {
        gk_colneed nd;
        gk_table_measure(t, &nd);
        gk_table_solve(table, t->cols, width, t->pad_h, &nd, w);
    }
    for (int i = 0; i < t->cols; i++) t->x[i + 1] = t->x[i] + w[i];

    for (size_t k = 0; k < t->ncells; k++) {
        gk_cellbox *cb = &t->cells[k];
        double inner = t->x[cb->c + cb->cs] - t->x[cb->c] - 2 * t->pad_h;
        cb->nlines = 0;
        for (size_t j = 0; j < cb->ntexts; j++) {
            gk_text *tx = cb->texts[j];
            /* a header wraps in balanced lines (no lone 据 under 指标值确定依) */
            bool ok = cb->header || cb->align == GK_ALIGN_CENTER ? gk_text_break_balanced(tx, inner, cb->align)
                                                                : gk_text_break(tx, inner, 0, cb->align);
            if (!ok) return false;
            cb->nlines += tx->nlines;
        }
        cb->content_h = (double)(cb->nlines ? cb->nlines : 1) * cb->lh + 2 * t->pad_v;
        if (cb->rs == 1) {
            if (cb->content_h > t->h[cb->r]) t->h[cb->r] = cb->content_h;
            if ((int)cb->nlines > t->row_lines[cb->r]) t->row_lines[cb->r] = (int)cb->nlines;
        }
    }
    for (int r = 0; r < t->rows; r++)
        if (t->h[r] < t->row_lh[r] + 2 * t->pad_v) t->h[r] = t->row_lh[r] + 2 * t->pad_v;
    /* spans, shortest first: the last row of a span takes what it lacks */
    for (int span = 2; span <= t->rows; span++)
        for (size_t k = 0; k < t->ncells; k++) {
            gk_cellbox *cb = &t->cells[k];
            if (cb->rs != span) continue;
            double have = 0;
            for (int i = cb->r; i < cb->r + cb->rs; i++) have += t->h[i];
            if (have + EPS < cb->content_h) t->h[cb->r + cb->rs - 1] += cb->content_h - have;
        }
    for (int r = 0; r < t->header_rows; r++) t->header_h += t->h[r];
    /* a header that fills a third of the page is not repeated */
    if (t->header_rows == t->rows || t->header_h > c->fg.bh / 3) {
        t->header_rows = 0;
        t->header_h = 0;
    }
    return true;
}

/* The height left on the page for a table built now: the flow's items so
 * far placed as paginate places them (lines on the grid, rows not, a
 * leading gap dropped), each item that overflows starting a page. An
 * estimate: a page break moved back by keeps leaves less room than this. */
static double room_left(const gk_ctx *c)
{
    const double bh = c->fg.bh, pitch = c->fg.pitch;
    double y = 0;
    bool empty = true;
    for (size_t i = 0; i < c->nitems; i++) {
        const gk_item *it = &c->items[i];
        if (it->kind == GK_IT_GAP && empty) continue;
        double y0 = it->kind != GK_IT_ROW && pitch > 0 ? ceil(y / pitch - 1e-6) * pitch : y;
        if (y0 + it->h > bh + EPS) y0 = 0;
        y = y0 + it->h;
        empty = false;
    }
    return bh - y;
}

static double table_height(const gk_tablebox *t)
{
    double h = 0;
    for (int r = 0; r < t->rows; r++) h += t->h[r];
    return h;
}

bool gk_table_measure_kind(gk_ctx *c, const gk_node *table, double width, bool keep)
{
    gk_tablebox *t = cells_at(c, table, 0, 1.3, GK_CELL_PAD_V);
    if (!t) return false;
    gk_colneed nd;
    gk_table_measure(t, &nd);
    gk_colkind *q = gk_table_kind(c, table, t->cols, width, true);
    if (!q || (keep && !gk_vec_grow((void **)&c->measured, &c->mcap, c->nmeasured + 1, sizeof *c->measured))) {
        gk_table_free(t);
        return false;
    }
    if (q->ntables++) gk_colneed_merge(&q->need, &nd, t->cols);
    else q->need = nd;
    if (!keep) {
        gk_table_free(t);
        return true;
    }
    c->measured[c->nmeasured++] = (gk_measured){table, t};
    return true;
}

/* The cells the first pass made of `table`, handed over (NULL: none). Its
 * cells do not depend on the width it was measured in. The flows place the
 * tables in the order the first pass met them, so the search starts after
 * the last one taken. */
static gk_tablebox *take_measured(gk_ctx *c, const gk_node *table)
{
    for (size_t n = 0; n < c->nmeasured; n++) {
        size_t i = (c->mnext + n) % c->nmeasured;
        gk_measured *m = &c->measured[i];
        if (m->table != table || !m->t) continue;
        gk_tablebox *t = m->t;
        m->t = NULL;
        c->mnext = i + 1;
        return t;
    }
    return NULL;
}

/* A table at its full size, from the first pass's cells when it kept them. */
static gk_tablebox *build_full(gk_ctx *c, const gk_node *table, double width)
{
    gk_tablebox *t = take_measured(c, table);
    if (!t) t = cells_at(c, table, 0, 1.3, GK_CELL_PAD_V);
    if (t && !place_at(c, t, width, 0)) {
        gk_table_free(t);
        return NULL;
    }
    return t;
}

/* A table set smaller (fit=page): new cells at the smaller size. */
static gk_tablebox *build_at(gk_ctx *c, const gk_node *table, double width, double cap, double lead, double pad_v)
{
    gk_tablebox *t = cells_at(c, table, cap, lead, pad_v);
    if (t && !place_at(c, t, width, cap)) {
        gk_table_free(t);
        return NULL;
    }
    return t;
}

gk_tablebox *gk_table_build(gk_ctx *c, const gk_node *table, double width)
{
    gk_tablebox *t = build_full(c, table, width);
    if (!t || !table->as.table.fit_page) return t;
    /* fit=page (表1, 表4: the fixed 类 lines and their totals, one page in
     * every published set): when the table overflows the room left, the
     * first of these that fits — smaller sizes down to 9 pt (小五, the
     * floor kept for a printed table to stay legible), then lines closer
     * and cells padded less (2 pt, 0.7 mm, still clear of the rules). None
     * fits: the table keeps its size and runs on, as a smaller one would. */
    static const struct { double size, lead, pad; } steps[] = {
        {11, 1.3, GK_CELL_PAD_V}, {10.5, 1.3, GK_CELL_PAD_V}, {10, 1.3, GK_CELL_PAD_V}, {9.5, 1.3, GK_CELL_PAD_V},
        {9, 1.3, GK_CELL_PAD_V},  {9, 1.2, 2.5},              {9, 1.2, 2.0},
    };
    double room = room_left(c);
    if (table_height(t) <= room + EPS) return t;
    for (size_t k = 0; k < sizeof steps / sizeof *steps; k++) {
        gk_tablebox *s = build_at(c, table, width, steps[k].size, steps[k].lead, steps[k].pad);
        if (!s) {
            gk_table_free(t);
            return NULL;
        }
        if (table_height(s) <= room + EPS) {
            gk_table_free(t);
            return s;
        }
        gk_table_free(s);
    }
    return t;
}

int gk_table_row_lines(const gk_tablebox *t, int r)
{
    /* its own cells' lines, or as many as its height holds (rows grow for
     * the cells spanning them) */
    int held = (int)floor((t->h[r] - 2 * t->pad_v) / t->row_lh[r] + 0.001);
    return held > t->row_lines[r] ? held : t->row_lines[r];
}

double gk_table_rest_height(const gk_tablebox *t, int r, int k)
{
    int rest = gk_table_row_lines(t, r) - k;
    if (rest < 1) rest = 1;
    return rest * t->row_lh[r] + 2 * t->pad_v;
}

/* ---- Spreading the lines over the placements ------------------------------ */

typedef struct frag {
    size_t page;
    double y, h;
} frag;

/* Table t's placements: one run of the flow's, which follow the items (a
 * page's repeated header rows, items of the table too, come just before
 * the row they head), so a bisection finds it and a document of many
 * tables costs each table only its own placements. Returns their number
 * and in *first the index of the first. */
static size_t table_run(const gk_ctx *c, const gk_tablebox *t, size_t *first)
{
    size_t lo = 0, hi = c->npl;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->pl[mid].item < t->item0) lo = mid + 1;
        else hi = mid;
    }
    size_t e = lo;
    while (e < c->npl && c->pl[e].item < t->item0 + (size_t)t->rows) e++;
#ifdef GK_DEBUG
    /* the run is all of them: the scan this search replaced agrees */
    size_t all = 0;
    for (size_t p = 0; p < c->npl; p++) {
        const gk_item *it = &c->items[c->pl[p].item];
        if (it->kind == GK_IT_ROW && it->table == t) {
            assert(lo + all == p);
            all++;
        }
    }
    assert(all == e - lo);
#endif
    *first = lo;
    return e - lo;
}

/* Fragments of a cell spanning rows [r0, r1] over the bands in `idx`,
 * whose rows never decrease: a bisection finds the first of row r0. */
static size_t cell_frags(const gk_ctx *c, const size_t *idx, size_t n, int r0, int r1, frag *out)
{
    size_t nf = 0, lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->items[c->pl[idx[mid]].item].row < r0) lo = mid + 1;
        else hi = mid;
    }
    for (size_t b = lo; b < n; b++) {
        const gk_place *p = &c->pl[idx[b]];
        int row = c->items[p->item].row;
        if (row > r1) break;
        if (nf && out[nf - 1].page == p->page && fabs(out[nf - 1].y + out[nf - 1].h - p->y) < EPS) {
            out[nf - 1].h += p->h;
        } else {
            out[nf].page = p->page;
            out[nf].y = p->y;
            out[nf].h = p->h;
            nf++;
        }
    }
    return nf;
}

/* Where each line of the cell goes; returns the lines left over. */
static size_t spread(const gk_tablebox *t, const gk_cellbox *cb, const frag *f, size_t nf, size_t *page, double *y)
{
    size_t n = cb->nlines;
    if (!n || !nf) return nf ? 0 : n;
    double lh = cb->lh;
    size_t cap0 = (size_t)floor((f[0].h - 2 * t->pad_v + EPS) / lh);
    if (n <= cap0 || nf == 1) {
        double top = f[0].y + (f[0].h - (double)n * lh) / 2;
        if (n > cap0) top = f[0].y + t->pad_v;
        for (size_t j = 0; j < n; j++) {
            page[j] = f[0].page;
            y[j] = top + (double)j * lh;
        }
        return n > cap0 ? n - cap0 : 0;
    }
    size_t j = 0;
    for (size_t k = 0; k < nf && j < n; k++) {
        double cap = floor((f[k].h - 2 * t->pad_v + EPS) / lh);
        size_t m = cap > 0 ? (size_t)cap : 0;
        for (size_t q = 0; q < m && j < n; q++, j++) {
            page[j] = f[k].page;
            y[j] = f[k].y + t->pad_v + (double)q * lh;
        }
    }
    size_t left = n - j;
    /* never lose text: what found no room goes below the last line */
    for (size_t q = 0; j < n; j++, q++) {
        page[j] = j ? page[j - 1] : f[nf - 1].page;
        y[j] = j ? y[j - 1] + lh : f[nf - 1].y + t->pad_v;
    }
    return left;
}

/* The whole text of a cell, its paragraphs and items on lines of their own. */
static const char *cell_string(gk_ctx *c, const gk_cellbox *cb)
{
    size_t len = 0;
    for (size_t k = 0; k < cb->ntexts; k++) len += cb->texts[k]->len + 1;
    char *s = gk_arena_alloc(&c->out->arena, len + 1);
    if (!s) {
        c->oom = true;
        return NULL;
    }
    size_t n = 0;
    for (size_t k = 0; k < cb->ntexts; k++) {
        if (k) s[n++] = '\n';
        if (cb->texts[k]->len) memcpy(s + n, cb->texts[k]->utf8, cb->texts[k]->len);
        n += cb->texts[k]->len;
    }
    s[n] = '\0';
    return s;
}

/* Marks the runs of a page from `from` on as one span standing for
 * `actual`; false when there are none. */
static bool span(gk_ctx *c, size_t page, size_t from, const char *actual)
{
    gk_lpage *p = gk_ctx_page(c, page);
    if (!p || from >= p->nruns) return false;
    p->runs[from].actual = actual;
    p->runs[p->nruns - 1].close = true;
    return true;
}

static void emit_cell(gk_ctx *c, const gk_tablebox *t, const gk_cellbox *cb, const size_t *page, const double *y,
                      bool artifact)
{
    size_t j = 0;
    double x = c->fg.bx + t->x[cb->c] + t->pad_h;
    bool split = false;
    for (size_t k = 1; k < cb->nlines; k++)
        if (page[k] != page[0]) split = true;
    const char *whole = split && !artifact ? cell_string(c, cb) : NULL;
    size_t cur = (size_t)-1, from = 0;
    bool given = false; /* the whole text went with the first page that has runs */
    for (size_t k = 0; k < cb->ntexts; k++) {
        const gk_text *tx = cb->texts[k];
        for (size_t l = 0; l < tx->nlines; l++, j++) {
            size_t pg = c->first_page + page[j];
            double base = c->fg.ph - (c->fg.by + y[j] + gk_baseline(cb->lh, tx->size));
            if (whole && pg != cur) {
                if (cur != (size_t)-1 && span(c, cur, from, given ? "" : whole)) given = true;
                cur = pg;
                gk_lpage *p = gk_ctx_page(c, pg);
                from = p ? p->nruns : 0;
                /* the whole text goes where the cell begins, even on blank lines */
                if (!given) gk_emit_carrier(c, pg, tx, x, base);
            }
            gk_emit_line(c, pg, tx, l, x, base, artifact);
        }
    }
    if (whole && cur != (size_t)-1) span(c, cur, from, given ? "" : whole);
}

/* The placements of one repeated header on a page start at `from`. */
static size_t repeat_group(const gk_ctx *c, const size_t *idx, size_t n, size_t from)
{
    size_t e = from;
    while (e < n && c->pl[idx[e]].repeat && c->pl[idx[e]].page == c->pl[idx[from]].page) e++;
    return e;
}

static void emit_rules(gk_ctx *c, const gk_tablebox *t, const size_t *idx, size_t n);

bool gk_table_distribute(gk_ctx *c, gk_tablebox *t, bool emit)
{
    size_t p0, n = table_run(c, t, &p0), nreal = 0;
    size_t *idx = malloc((n + 1) * sizeof *idx);
    frag *f = malloc((n + 1) * sizeof *f);
    size_t *real = malloc((n + 1) * sizeof *real);
    size_t maxl = 1;
    for (size_t k = 0; k < t->ncells; k++)
        if (t->cells[k].nlines > maxl) maxl = t->cells[k].nlines;
    size_t *page = malloc(maxl * sizeof *page);
    double *y = malloc(maxl * sizeof *y);
    bool ok = true;
    if (!idx || !f || !real || !page || !y) {
        c->oom = true;
        goto done;
    }
    for (size_t b = 0; b < n; b++) idx[b] = p0 + b;
    for (size_t b = 0; b < n; b++)
        if (!c->pl[idx[b]].repeat) real[nreal++] = idx[b];
    for (int r = 0; r < t->rows; r++) t->grow[r] = 0;

    if (!emit) {
        for (size_t k = 0; k < t->ncells; k++) {
            gk_cellbox *cb = &t->cells[k];
            size_t nf = cell_frags(c, real, nreal, cb->r, cb->r + cb->rs - 1, f);
            size_t left = spread(t, cb, f, nf, page, y);
            if (left) {
                double g = (double)left * cb->lh;
                int last = cb->r + cb->rs - 1;
                if (g > t->grow[last]) t->grow[last] = g;
                ok = false;
            }
        }
        goto done;
    }
    /* in the order of the placements, so the text reads row by row */
    size_t next_cell = 0;
    for (size_t b = 0; b < n; b++) {
        const gk_place *p = &c->pl[idx[b]];
        int row = c->items[p->item].row;
        if (p->repeat) {
            size_t e = repeat_group(c, idx, n, b);
            for (size_t k = 0; k < t->ncells; k++) {
                gk_cellbox *cb = &t->cells[k];
                if (cb->r >= t->header_rows) break;
                size_t nf = cell_frags(c, idx + b, e - b, cb->r, cb->r + cb->rs - 1, f);
                spread(t, cb, f, nf, page, y);
                emit_cell(c, t, cb, page, y, true);
            }
            b = e - 1;
            continue;
        }
        if (p->k0 > 0) continue; /* a later part of a row already drawn */
        while (next_cell < t->ncells && t->cells[next_cell].r <= row) {
            gk_cellbox *cb = &t->cells[next_cell++];
            size_t nf = cell_frags(c, real, nreal, cb->r, cb->r + cb->rs - 1, f);
            spread(t, cb, f, nf, page, y);
            emit_cell(c, t, cb, page, y, false);
        }
    }
    emit_rules(c, t, idx, n); /* and records the slices; no rules without borders */
done:
    free(idx);
    free(f);
    free(real);
    free(page);
    free(y);
    return ok && !c->oom;
}

/* ---- Rules ----------------------------------------------------------------- */

static int owner_at(const gk_tablebox *t, int r, int col) { return t->owner[(size_t)r * (size_t)t->cols + (size_t)col]; }

static void hrule(gk_ctx *c, size_t page, double y, double x0, double x1)
{
    double py = c->fg.ph - (c->fg.by + y);
    gk_emit_rule(c, page, c->fg.bx + x0, py, c->fg.bx + x1, py);
}

static void vrule(gk_ctx *c, size_t page, double x, double y0, double y1)
{
    double px = c->fg.bx + x;
    gk_emit_rule(c, page, px, c->fg.ph - (c->fg.by + y0), px, c->fg.ph - (c->fg.by + y1));
}

/* Records the slice of table t on one page: placements idx[b, e). */
static void record_slice(gk_ctx *c, const gk_tablebox *t, const size_t *idx, size_t b, size_t e)
{
    gk_layout *out = c->out;
    if (!gk_vec_grow((void **)&out->tables, &out->tcap, out->ntables + 1, sizeof *out->tables)) {
        c->oom = true;
        return;
    }
    double *x = gk_arena_alloc(&out->arena, ((size_t)t->cols + 1) * sizeof *x);
    if (!x) {
        c->oom = true;
        return;
    }
    memcpy(x, t->x, ((size_t)t->cols + 1) * sizeof *x);
    double *bottom = gk_arena_alloc(&out->arena, (e - b) * sizeof *bottom);
    int *row = gk_arena_alloc(&out->arena, (e - b) * sizeof *row);
    if (!bottom || !row) {
        c->oom = true;
        return;
    }
    for (size_t k = b; k < e; k++) {
        const gk_place *p = &c->pl[idx[k]];
        bottom[k - b] = c->fg.ph - (c->fg.by + p->y + p->h);
        row[k - b] = c->items[p->item].row;
    }
    const gk_place *first = &c->pl[idx[b]], *last = &c->pl[idx[e - 1]];
    out->tables[out->ntables++] = (gk_ltable){
        .node = t->node,
        .page = c->first_page + first->page,
        .top = c->fg.ph - (c->fg.by + first->y),
        .bottom = c->fg.ph - (c->fg.by + last->y + last->h),
        .left = c->fg.bx,
        .x = x,
        .cols = t->cols,
        .first_row = c->items[first->item].row,
        .last_row = c->items[last->item].row,
        .repeated = first->repeat,
        .nbands = e - b,
        .band_row = row,
        .band_bottom = bottom,
    };
}

/* Draws the rules of each page's slice of the table: the outline, the
 * boundaries between rows where the cells above and below differ, and the
 * boundaries between columns where the cells left and right differ. Every
 * rule is one segment, drawn once. */
static void emit_rules(gk_ctx *c, const gk_tablebox *t, const size_t *idx, size_t n)
{
    size_t b = 0;
    while (b < n) {
        size_t e = b;
        size_t page = c->pl[idx[b]].page;
        while (e < n && c->pl[idx[e]].page == page) e++;
        size_t abs_page = c->first_page + page;
        const gk_place *first = &c->pl[idx[b]], *last = &c->pl[idx[e - 1]];
        record_slice(c, t, idx, b, e);
        if (t->node->as.table.borderless) {
            b = e;
            continue;
        }
        double W = t->x[t->cols];
        hrule(c, abs_page, first->y, 0, W);
        for (size_t k = b + 1; k < e; k++) {
            const gk_place *p = &c->pl[idx[k]], *q = &c->pl[idx[k - 1]];
            int r = c->items[p->item].row, rq = c->items[q->item].row;
            double x0 = -1;
            for (int col = 0; col <= t->cols; col++) {
                bool draw = col < t->cols && (r == rq ? false : owner_at(t, r, col) != owner_at(t, rq, col));
                if (draw && x0 < 0) x0 = t->x[col];
                if (!draw && x0 >= 0) {
                    hrule(c, abs_page, p->y, x0, t->x[col]);
                    x0 = -1;
                }
            }
        }
        hrule(c, abs_page, last->y + last->h, 0, W);
        for (int col = 0; col <= t->cols; col++) {
            double y0 = -1, y1 = -1;
            for (size_t k = b; k < e; k++) {
                const gk_place *p = &c->pl[idx[k]];
                int r = c->items[p->item].row;
                bool draw = col == 0 || col == t->cols || owner_at(t, r, col - 1) != owner_at(t, r, col);
                if (draw && y0 >= 0 && fabs(y1 - p->y) < EPS) {
                    y1 = p->y + p->h;
                } else {
                    if (y0 >= 0) vrule(c, abs_page, t->x[col], y0, y1);
                    y0 = draw ? p->y : -1;
                    y1 = draw ? p->y + p->h : -1;
                }
            }
            if (y0 >= 0) vrule(c, abs_page, t->x[col], y0, y1);
        }
        b = e;
    }
}
