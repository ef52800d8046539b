/* Tables: column widths from the content within the text block, cells
 * broken into lines, row heights with row spans, the cells' lines spread
 * over the pages the table crosses, and the rules, each drawn once. */
#include "layout_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EPS 0.01

/* Per cell: where each of its lines was placed. */
typedef struct cellpos {
    size_t *page;
    double *y;
} cellpos;

static gk_text *cell_text(gk_ctx *c, gk_font_role role, double size)
{
    gk_text *t = gk_ctx_text(c, role, 0);
    if (t) t->size = size;
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
                gk_text *t = cell_text(c, role, size);
                if (!t) return false;
                char label[32];
                gk_number_label(b->as.list.numbering, it->as.item.number, label, sizeof label);
                if (!gk_text_add(t, c->m, label, strlen(label), false)) c->oom = true;
                add_inline(c, t, it);
                gk_text_prepare(t);
                cb->texts[cb->ntexts++] = t;
            }
        } else if (b->type == GK_NODE_PARAGRAPH) {
            gk_text *t = cell_text(c, role, size);
            if (!t) return false;
            add_inline(c, t, b);
            gk_text_prepare(t);
            cb->texts[cb->ntexts++] = t;
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

static void columns(const gk_tablebox *t, double W, double *w)
{
    int n = t->cols;
    double min[32], max[32], hmax[32], pref[32], hsum = 0;
    for (int i = 0; i < n; i++) {
        int h = t->node->as.table.widths[i] > 0 ? t->node->as.table.widths[i] : 1;
        hsum += h;
        min[i] = max[i] = hmax[i] = 2 * t->pad_h;
    }
    for (int i = 0; i < n; i++) {
        int h = t->node->as.table.widths[i] > 0 ? t->node->as.table.widths[i] : 1;
        pref[i] = W * h / hsum;
    }
    for (size_t k = 0; k < t->ncells; k++) {
        const gk_cellbox *cb = &t->cells[k];
        if (cb->cs != 1) continue;
        for (size_t j = 0; j < cb->ntexts; j++) {
            double lo, hi;
            gk_text_extent(cb->texts[j], &lo, &hi);
            /* no column narrower than two characters of its text: one
             * character a line reads as a vertical strip */
            double two = 2 * cb->texts[j]->size;
            if (lo < two) lo = hi < two ? hi : two;
            if (lo + 2 * t->pad_h > min[cb->c]) min[cb->c] = lo + 2 * t->pad_h;
            /* a header may wrap, and so may a cell spanning rows, which has
             * room below: the other cells say how wide a column wants to be */
            double *want = cb->header || cb->rs > 1 ? &hmax[cb->c] : &max[cb->c];
            if (hi + 2 * t->pad_h > *want) *want = hi + 2 * t->pad_h;
        }
    }
    for (int i = 0; i < n; i++) {
        /* a word longer than its column's share is cut rather than
         * squeezing the other columns to nothing */
        double share = pref[i] > W / n ? pref[i] : W / n;
        if (min[i] > share) min[i] = share;
        if (max[i] <= 2 * t->pad_h) max[i] = hmax[i]; /* a column with nothing but its header */
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
    for (size_t k = 0; k < t->ncells; k++) {
        const gk_cellbox *cb = &t->cells[k];
        if (cb->cs == 1) continue;
        double need = 2 * t->pad_h, have = 0;
        for (size_t j = 0; j < cb->ntexts; j++) {
            double lo, hi;
            gk_text_extent(cb->texts[j], &lo, &hi);
            if (lo + 2 * t->pad_h > need) need = lo + 2 * t->pad_h;
        }
        for (int i = cb->c; i < cb->c + cb->cs; i++) have += w[i];
        if (have + EPS >= need) continue;
        double add = need - have, others = 0;
        for (int i = 0; i < n; i++)
            if (i < cb->c || i >= cb->c + cb->cs) others += w[i] - min[i] > 0 ? w[i] - min[i] : 0;
        if (others < add) continue; /* the words will be cut */
        for (int i = 0; i < n; i++) {
            if (i >= cb->c && i < cb->c + cb->cs) w[i] += add / cb->cs;
            else if (w[i] > min[i]) w[i] -= (w[i] - min[i]) * add / others;
        }
    }
}

void gk_table_free(gk_tablebox *t)
{
    if (!t) return;
    for (size_t k = 0; k < t->ncells; k++) free(t->cells[k].texts);
    free(t->cells);
    free(t->x);
    free(t->h);
    free(t->grow);
    free(t->owner);
    free(t->row_lines);
    free(t->row_lh);
    free(t);
}

gk_tablebox *gk_table_build(gk_ctx *c, const gk_node *table, double width)
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
    t->pad_h = 3.0;
    t->pad_v = 2.5;

    int r = 0;
    for (const gk_node *row = table->first; row; row = row->next, r++) {
        gk_font_role role = row->as.row.header ? GK_ROLE_TABLE_HEADER : GK_ROLE_TABLE;
        double size = gk_role_size(c->fonts, role);
        if (t->cols > 9 && size > 10.5) size = 10.5; /* 五号 for tables of many columns, as in the DOCX */
        t->row_lh[r] = size * 1.3;
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
            cb->lh = size * 1.3;
            cb->align = cell->as.cell.align;
            if (!row->as.row.header && cb->align == GK_ALIGN_LEFT && gk_cell_figure(cell)) cb->align = GK_ALIGN_RIGHT;
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

    double w[32];
    columns(t, width, w);
    for (int i = 0; i < t->cols; i++) t->x[i + 1] = t->x[i] + w[i];

    for (size_t k = 0; k < t->ncells; k++) {
        gk_cellbox *cb = &t->cells[k];
        double inner = t->x[cb->c + cb->cs] - t->x[cb->c] - 2 * t->pad_h;
        cb->nlines = 0;
        for (size_t j = 0; j < cb->ntexts; j++) {
            gk_text *tx = cb->texts[j];
            if (!gk_text_break(tx, inner, 0, cb->align)) goto fail;
            cb->nlines += tx->nlines;
        }
        cb->content_h = (double)(cb->nlines ? cb->nlines : 1) * cb->lh + 2 * t->pad_v;
        if (cb->rs == 1) {
            if (cb->content_h > t->h[cb->r]) t->h[cb->r] = cb->content_h;
            if ((int)cb->nlines > t->row_lines[cb->r]) t->row_lines[cb->r] = (int)cb->nlines;
        }
    }
    for (r = 0; r < t->rows; r++)
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
    for (r = 0; r < t->header_rows; r++) t->header_h += t->h[r];
    /* a header that fills a third of the page is not repeated */
    if (t->header_rows == t->rows || t->header_h > c->fg.bh / 3) {
        t->header_rows = 0;
        t->header_h = 0;
    }
    return t;
fail:
    gk_table_free(t);
    return NULL;
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

/* The placements of table t among the flow's, in order. */
static size_t table_places(const gk_ctx *c, const gk_tablebox *t, size_t *idx)
{
    size_t n = 0;
    for (size_t p = 0; p < c->npl; p++) {
        const gk_item *it = &c->items[c->pl[p].item];
        if (it->kind == GK_IT_ROW && it->table == t) idx[n++] = p;
    }
    return n;
}

/* Fragments of a cell spanning rows [r0, r1] over the bands in `idx`. */
static size_t cell_frags(const gk_ctx *c, const size_t *idx, size_t n, int r0, int r1, frag *out)
{
    size_t nf = 0;
    for (size_t b = 0; b < n; b++) {
        const gk_place *p = &c->pl[idx[b]];
        int row = c->items[p->item].row;
        if (row < r0 || row > r1) continue;
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
    size_t *idx = malloc((c->npl + 1) * sizeof *idx);
    frag *f = malloc((c->npl + 1) * sizeof *f);
    size_t *real = malloc((c->npl + 1) * sizeof *real);
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
    size_t n = table_places(c, t, idx), nreal = 0;
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
    if (!t->node->as.table.borderless) emit_rules(c, t, idx, n);
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
