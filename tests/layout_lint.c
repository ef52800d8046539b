/* The layout lint (issue 12): lays each sample out with the fixed-width
 * metrics (gk_metrics_fixed: wide characters 1 em, others 0.5 em, as the
 * fonts of the default fontset nearly are) and reads the display list as a
 * finance office's reviewer reads the pages:
 *
 *   figure   a line ending with a relation sign or a number whose next line
 *            (below it, in the same cell or paragraph) starts with its
 *            number or its unit: ≥ | 95%, ≥300 | 人, 1095.7 | 0, 2019 | 年
 *   lone     a centred line of one character under a wider centred line
 *            (a caption or title ending in a lone 表)
 *   empty    a page more than a fifth empty before a table that starts at
 *            the top of the next page (same orientation)
 *   columns  a table whose column edges differ from the first table of its
 *            kind (the same number of columns and the same width hints)
 *   header   a table's slice on a later page that does not begin with its
 *            header rows
 *   strand   a table's first slice, at a page foot, without its first two
 *            body rows (a caption row or unit line left behind, laoting
 *            p. 4), or its last slice with one body row of three or more
 *            (年末收入合计 alone, xianghe), or a table whose slices are on
 *            pages of both orientations
 *
 * usage: layout_lint SOURCE_DIR SAMPLE... — prints the counts per sample
 * and exits 1 when any is not zero. */
#include "fontset.h"
#include "layout.h"
#include "node.h"
#include "utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* layout_lint_compose.c: the sample's document tree (its model is kept
 * until layout_lint_done, as the tree may point into it). */
bool layout_lint_compose(const char *path, gk_tree *tree);
void layout_lint_done(void);

typedef struct line {
    size_t page;
    double x0, x1, y, size;
    uint32_t cp[512];
    size_t n;
    bool in_table;
} line;

typedef struct lines {
    line *v;
    size_t n, cap;
} lines;

enum { L_FIGURE, L_LONE, L_EMPTY, L_COLUMNS, L_HEADER, L_STRAND, L_N };
static const char *const names[L_N] = {"figure", "lone", "empty", "columns", "header", "strand"};

static double run_width(const gk_lrun *r, const gk_metrics *m)
{
    double w = 0;
    size_t i = 0;
    while (i < r->len) {
        uint32_t cp;
        size_t n = gk_utf8_decode((const unsigned char *)r->text + i, r->len - i, &cp);
        if (!n) break;
        w += m->glyph(m->ctx, GK_ROLE_BODY, cp).advance * r->size + r->spacing;
        i += n;
    }
    return w;
}

static bool in_table(const gk_layout *l, size_t page, double x, double y)
{
    for (size_t k = 0; k < l->ntables; k++) {
        const gk_ltable *t = &l->tables[k];
        if (t->page == page && y <= t->top && y >= t->bottom && x >= t->left && x <= t->left + t->x[t->cols]) return true;
    }
    return false;
}

static int cmp_run(const void *a, const void *b)
{
    const gk_lrun *p = *(const gk_lrun *const *)a, *q = *(const gk_lrun *const *)b;
    if (fabs(p->y - q->y) > 0.5) return p->y > q->y ? -1 : 1;
    return p->x < q->x ? -1 : p->x > q->x;
}

/* The lines of a page: runs on one baseline that touch, one line. */
static void page_lines(const gk_layout *l, size_t page, const gk_metrics *m, lines *out)
{
    const gk_lpage *p = &l->pages[page];
    const gk_lrun **r = malloc((p->nruns + 1) * sizeof *r);
    size_t n = 0;
    for (size_t i = 0; i < p->nruns; i++)
        if (!p->runs[i].vertical && p->runs[i].len && strcmp(p->runs[i].text, " ") != 0) r[n++] = &p->runs[i];
    qsort(r, n, sizeof *r, cmp_run);
    line *cur = NULL;
    for (size_t i = 0; i < n; i++) {
        double w = run_width(r[i], m);
        bool tab = in_table(l, page, r[i]->x + 0.1, r[i]->y);
        double join = (tab ? 0.4 : 1.5) * r[i]->size;
        if (!cur || fabs(cur->y - r[i]->y) > 0.5 || r[i]->x - cur->x1 > join) {
            if (out->n == out->cap) {
                out->cap = out->cap ? 2 * out->cap : 256;
                out->v = realloc(out->v, out->cap * sizeof *out->v);
            }
            cur = &out->v[out->n++];
            memset(cur, 0, sizeof *cur);
            cur->page = page;
            cur->x0 = r[i]->x;
            cur->y = r[i]->y;
            cur->size = r[i]->size;
            cur->in_table = tab;
        }
        cur->x1 = r[i]->x + w;
        size_t k = 0;
        while (k < r[i]->len && cur->n < 512) {
            uint32_t cp;
            size_t len = gk_utf8_decode((const unsigned char *)r[i]->text + k, r[i]->len - k, &cp);
            if (!len) break;
            if (cp != ' ' && cp != 0x3000) cur->cp[cur->n++] = cp;
            k += len;
        }
    }
    free(r);
}

static bool digit(uint32_t c) { return c >= '0' && c <= '9'; }

static bool relation(uint32_t c)
{
    return c == 0x2265 || c == 0x2264 || c == 0xFF1E || c == 0xFF1C || c == 0xFF1D || c == '>' || c == '<' || c == '=';
}

/* Whether a line starts with a unit a number keeps (the list of issue 12,
 * and 年 月 日 of a date). */
static bool starts_unit(const line *b)
{
    static const uint32_t one[] = {'%', 0xFF05, 0x5143 /* 元 */, 0x4EBA /* 人 */, 0x4E2A /* 个 */, 0x6B21 /* 次 */,
                                   0x5377 /* 卷 */, 0x9875 /* 页 */, 0x53F0 /* 台 */, 0x8F86 /* 辆 */,
                                   0x9879 /* 项 */, 0x6237 /* 户 */, 0x5929 /* 天 */, 0x5E74 /* 年 */,
                                   0x6708 /* 月 */, 0x65E5 /* 日 */, 0x4E07 /* 万(元) */, 0x5E73 /* 平(方米) */};
    for (size_t i = 0; i < sizeof one / sizeof one[0]; i++)
        if (b->n && b->cp[0] == one[i]) return true;
    return false;
}

/* Whether a horizontal rule of the page lies between lines a and b. */
static bool ruled(const gk_layout *l, const line *a, const line *b)
{
    const gk_lpage *p = &l->pages[a->page];
    double x = (a->x0 + a->x1) / 2;
    for (size_t i = 0; i < p->nrules; i++) {
        const gk_lrule *r = &p->rules[i];
        if (fabs(r->y0 - r->y1) > 0.01 || r->y0 >= a->y || r->y0 <= b->y) continue;
        if ((r->x0 <= x && x <= r->x1) || (r->x1 <= x && x <= r->x0)) return true;
    }
    return false;
}

/* The nearest line below a that overlaps it across, in the same cell. */
static const line *below(const gk_layout *l, const lines *ls, size_t a)
{
    const line *A = &ls->v[a], *best = NULL;
    for (size_t i = 0; i < ls->n; i++) {
        const line *B = &ls->v[i];
        if (B->page != A->page || B->y >= A->y - 0.5 || A->y - B->y > 2.2 * A->size || B->in_table != A->in_table) continue;
        if (B->x1 < A->x0 + 0.5 || B->x0 > A->x1 - 0.5) continue;
        if (A->in_table && fabs(B->x0 - A->x0) > 1.2 * A->size && fabs(B->x1 - A->x1) > 1.2 * A->size &&
            fabs((B->x0 + B->x1) - (A->x0 + A->x1)) > 2 * A->size)
            continue; /* in a table, the next line of a cell is aligned with it */
        if (!best || B->y > best->y) best = B;
    }
    return best && !ruled(l, A, best) ? best : NULL;
}

static size_t encode(uint32_t c, char *s)
{
    if (c < 0x80) return (size_t)(s[0] = (char)c, 1);
    if (c < 0x800) return s[0] = (char)(0xC0 | c >> 6), s[1] = (char)(0x80 | (c & 63)), 2;
    if (c < 0x10000)
        return s[0] = (char)(0xE0 | c >> 12), s[1] = (char)(0x80 | (c >> 6 & 63)), s[2] = (char)(0x80 | (c & 63)), 3;
    s[0] = (char)(0xF0 | c >> 18), s[1] = (char)(0x80 | (c >> 12 & 63)), s[2] = (char)(0x80 | (c >> 6 & 63));
    s[3] = (char)(0x80 | (c & 63));
    return 4;
}

static void show(const char *what, const line *a, const line *b)
{
    char s[2048];
    size_t n = 0;
    for (size_t i = 0; i < a->n && n < 900; i++) n += encode(a->cp[i], s + n);
    s[n++] = ' ';
    s[n++] = '|';
    s[n++] = ' ';
    for (size_t i = 0; b && i < b->n && n < 1900; i++) n += encode(b->cp[i], s + n);
    s[n] = '\0';
    fprintf(stderr, "  %s, page %zu: %s\n", what, a->page + 1, s);
}

static void lint_lines(const gk_layout *l, const gk_metrics *m, int *count)
{
    lines ls = {0};
    for (size_t p = 0; p < l->npages; p++) page_lines(l, p, m, &ls);
    for (size_t i = 0; i < ls.n; i++) {
        const line *a = &ls.v[i], *b = below(l, &ls, i);
        if (!b || !a->n || !b->n) continue;
        uint32_t last = a->cp[a->n - 1], first = b->cp[0];
        bool split = (relation(last) && (digit(first) || first == '-')) ||
                     (digit(last) && (digit(first) || first == '.' || starts_unit(b))) || (last == '.' && digit(first));
        if (split) {
            count[L_FIGURE]++;
            show("figure", a, b);
        }
        /* a centred line of one character under a wider centred one */
        double ca = (a->x0 + a->x1) / 2, cb = (b->x0 + b->x1) / 2;
        if (b->n == 1 && a->n >= 3 && fabs(ca - cb) < 1.0 && a->x1 - a->x0 > 2 * (b->x1 - b->x0)) {
            count[L_LONE]++;
            show("lone", a, b);
        }
    }
    free(ls.v);
}

/* The lowest ink of a page (PDF y), or the page's height when it is blank. */
static double lowest(const gk_lpage *p)
{
    double y = p->height;
    for (size_t i = 0; i < p->nruns; i++)
        if (!p->runs[i].artifact || !p->runs[i].vertical)
            if (!(p->runs[i].artifact && p->runs[i].text[0] == '\xE2') && p->runs[i].y < y) y = p->runs[i].y;
    for (size_t i = 0; i < p->nrules; i++) {
        if (p->rules[i].y0 < y) y = p->rules[i].y0;
        if (p->rules[i].y1 < y) y = p->rules[i].y1;
    }
    return y;
}

static double highest(const gk_lpage *p)
{
    double y = 0;
    for (size_t i = 0; i < p->nruns; i++)
        if (!p->runs[i].vertical && !(p->runs[i].artifact && p->runs[i].text[0] == '\xE2') &&
            p->runs[i].y + p->runs[i].size > y)
            y = p->runs[i].y + p->runs[i].size;
    return y;
}

static int leading_headers(const gk_node *t)
{
    int n = 0;
    for (const gk_node *r = t->first; r && r->as.row.header; r = r->next) n++;
    return n;
}

static void lint_pages(const gk_layout *l, const gk_page_geom *g, int *count)
{
    double pitch = g->block_h / g->lines;
    for (size_t p = 0; p + 1 < l->npages; p++) {
        const gk_lpage *a = &l->pages[p], *b = &l->pages[p + 1];
        if (a->landscape != b->landscape) continue;
        /* the block's bottom and height in PDF y */
        double bottom = a->landscape ? g->width - g->left - g->block_w : g->height - g->top - g->block_h;
        double bh = a->landscape ? g->block_w : g->block_h;
        double empty = lowest(a) - bottom;
        if (empty <= bh / 5) continue;
        for (size_t k = 0; k < l->ntables; k++) {
            const gk_ltable *t = &l->tables[k];
            /* a table that starts on the next page with at most a heading and
             * a caption above it */
            if (t->page != p + 1 || t->first_row != 0 || t->repeated) continue;
            if (highest(b) - t->top > 3 * pitch) continue;
            bool first = true;
            for (size_t j = 0; j < k; j++)
                if (l->tables[j].node == t->node) first = false;
            if (!first) continue;
            /* what had to move with it: the tables that follow it on the
             * page without a gap, up to the second body row of the first
             * with header rows or with none after it (its caption, header
             * and first two rows) */
            double need_to = t->bottom;
            for (size_t j = k; j < l->ntables; j++) {
                const gk_ltable *u = &l->tables[j];
                if (u->page != p + 1) break;
                if (j > k && fabs(u->top - need_to) > 0.5) break;
                int hr = leading_headers(u->node), rows = 0;
                need_to = u->bottom;
                if (hr == 0 && j + 1 < l->ntables && l->tables[j + 1].page == p + 1 &&
                    fabs(l->tables[j + 1].top - u->bottom) <= 0.5)
                    continue;
                /* its first two body rows stay with its caption and header */
                for (const gk_node *r = u->node->first; r; r = r->next) rows++;
                int upto = rows - hr >= 2 ? hr + 1 : hr;
                for (size_t q = 0; q < u->nbands; q++)
                    if (u->band_row[q] >= upto && (q + 1 == u->nbands || u->band_row[q + 1] != u->band_row[q])) {
                        need_to = u->band_bottom[q];
                        break;
                    }
                break;
            }
            double need = highest(b) - need_to;
            /* less up to a grid line: the moved block's first line would
             * start on the grid line below the last line's */
            if (need > empty - pitch) {
                fprintf(stderr, "  (page %zu: %.0f %% empty, but the table's caption, header and first two rows take %.0f %%)\n",
                        p + 1, 100 * empty / bh, 100 * need / bh);
                break;
            }
            count[L_EMPTY]++;
            fprintf(stderr, "  empty, page %zu: %.0f %% of the page empty before the table on page %zu\n", p + 1,
                    100 * empty / bh, p + 2);
            break;
        }
    }
}

static void lint_tables(const gk_layout *l, int *count)
{
    for (size_t k = 0; k < l->ntables; k++) {
        const gk_ltable *t = &l->tables[k];
        /* the first slice of its kind, and whether this is its table's first */
        bool first_of_table = true;
        const gk_ltable *kind = NULL;
        for (size_t j = 0; j < k; j++) {
            const gk_ltable *u = &l->tables[j];
            if (u->node == t->node) first_of_table = false;
            if (!kind && u->cols == t->cols && l->pages[u->page].landscape == l->pages[t->page].landscape &&
                !memcmp(u->node->as.table.widths, t->node->as.table.widths, sizeof t->node->as.table.widths) &&
                u->node->as.table.borderless == t->node->as.table.borderless)
                kind = u;
        }
        if (first_of_table && kind && kind->node != t->node) {
            for (int c = 0; c <= t->cols; c++)
                if (fabs(kind->x[c] - t->x[c]) > 0.05) {
                    count[L_COLUMNS]++;
                    fprintf(stderr, "  columns, page %zu: edge %d at %.1f pt, %.1f pt in the table of page %zu\n",
                            t->page + 1, c, t->x[c], kind->x[c], kind->page + 1);
                    break;
                }
        }
        int hr = leading_headers(t->node);
        if (!first_of_table && hr > 0 && hr < t->node->as.table.cols + 1000 && !t->repeated) {
            bool all = true; /* a table of header rows only has nothing to repeat over */
            for (const gk_node *r = t->node->first; r; r = r->next)
                if (!r->as.row.header) all = false;
            if (!all) {
                count[L_HEADER]++;
                fprintf(stderr, "  header, page %zu: the table continues without its header rows\n", t->page + 1);
            }
        }
    }
}

/* The body rows (rows from hr on) slice t shows, whole or in part. */
static int body_rows(const gk_ltable *t, int hr)
{
    int n = 0, last = -1;
    for (size_t q = 0; q < t->nbands; q++)
        if (t->band_row[q] >= hr && t->band_row[q] != last) {
            n++;
            last = t->band_row[q];
        }
    return n;
}

static void lint_strands(const gk_layout *l, int *count)
{
    for (size_t k = 0; k < l->ntables; k++) {
        const gk_ltable *t = &l->tables[k];
        size_t first = k, last = k;
        for (size_t j = 0; j < l->ntables; j++)
            if (l->tables[j].node == t->node) {
                if (j < first) first = j;
                if (j > last) last = j;
            }
        if (first == last || k != first) continue; /* one slice each table */
        int hr = leading_headers(t->node), rows = 0;
        for (const gk_node *r = t->node->first; r; r = r->next) rows++;
        int body = rows - hr;
        for (size_t j = first; j <= last; j++)
            if (l->tables[j].node == t->node && l->pages[l->tables[j].page].landscape != l->pages[t->page].landscape) {
                count[L_STRAND]++;
                fprintf(stderr, "  strand, page %zu: the table continues on a page of the other orientation (page %zu)\n",
                        t->page + 1, l->tables[j].page + 1);
                break;
            }
        int want = body < 2 ? body : 2, head = body_rows(t, hr);
        if (head < want) {
            count[L_STRAND]++;
            fprintf(stderr, "  strand, page %zu: the table's first slice holds %d of its first %d body rows\n",
                    t->page + 1, head, want);
        }
        /* the last slice, unless its one row continues from the page before
         * (a row taller than a page breaks between its lines) */
        const gk_ltable *end = &l->tables[last], *before = NULL;
        for (size_t j = first; j < last; j++)
            if (l->tables[j].node == t->node) before = &l->tables[j];
        bool continued = false; /* by the next block of a project table */
        for (size_t j = 0; j < l->ntables; j++)
            if (l->tables[j].page == end->page && l->tables[j].node != t->node &&
                fabs(l->tables[j].top - end->bottom) <= 0.5)
                continued = true;
        if (body >= 3 && !continued && body_rows(end, hr) < 2 && before && before->last_row != end->last_row) {
            count[L_STRAND]++;
            fprintf(stderr, "  strand, page %zu: the table's last slice holds one body row\n", end->page + 1);
        }
    }
}

static int lint_sample(const char *src, const char *sample)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/samples/%s", src, sample);
    gk_tree tree;
    if (!layout_lint_compose(path, &tree)) return 2;
    gk_diags d = {0};
    gk_fontset fs;
    if (gk_fontset_load(&fs, NULL, &d) != GK_OK) return 2;
    gk_metrics met = gk_metrics_fixed();
    gk_page_geom g;
    gk_page_geom_gbt9704(&g);
    gk_layout l;
    if (gk_layout_document(&tree, &fs, &met, &g, &l) != GK_OK) return 2;
    int count[L_N] = {0};
    lint_lines(&l, &met, count);
    lint_pages(&l, &g, count);
    lint_tables(&l, count);
    lint_strands(&l, count);
    int total = 0;
    printf("%-24s pdf  %3zu pages:", sample, l.npages);
    for (int k = 0; k < L_N; k++) {
        printf(" %s %d", names[k], count[k]);
        total += count[k];
    }
    printf("\n");
    gk_layout_free(&l);
    gk_fontset_free(&fs);
    gk_tree_free(&tree);
    layout_lint_done();
    gk_diags_clear(&d);
    return total ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: layout_lint SOURCE_DIR SAMPLE...\n");
        return 2;
    }
    int rc = 0;
    for (int i = 2; i < argc; i++) {
        int r = lint_sample(argv[1], argv[i]);
        if (r > rc) rc = r;
    }
    return rc;
}
