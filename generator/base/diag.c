#include "diag.h"
#include "buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_empty(const char *s)
{
    s = s ? s : "";
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

/* A diagnostic that could not be recorded still counts: the list remembers
 * that it is incomplete, and that counts as one error, so a bad input can
 * never come back valid because memory ran out while it was being reported. */
void gk_diags_lost(gk_diags *d)
{
    if (!d->oom) d->errors++;
    d->oom = true;
}

static void lost(gk_diags *d) { gk_diags_lost(d); }

void gk_diag_add(gk_diags *d, gk_severity sev, const char *code, const char *file,
                 unsigned line, unsigned col, const char *path, const char *fmt, ...)
{
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        gk_diag *p = cap <= SIZE_MAX / sizeof *p ? realloc(d->items, cap * sizeof *p) : NULL;
        if (!p) { lost(d); return; }
        d->items = p;
        d->cap = cap;
    }
    gk_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    gk_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    bool truncated = msg.oom;
    gk_diag g = {sev, code, dup_or_empty(file), line, col, dup_or_empty(path), gk_buf_detach(&msg)};
    if (truncated || !g.file || !g.path || !g.message) {
        /* never a diagnostic with a NULL string or a cut message */
        free(g.file);
        free(g.path);
        free(g.message);
        lost(d);
        return;
    }
    d->items[d->count++] = g;
    if (sev == GK_ERROR) d->errors++; else d->warnings++;
}

/* Replaces the string in *slot by a copy of s; keeps the old one when out
 * of memory. */
static void replace_string(char **slot, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (!p) return;
    memcpy(p, s, n);
    free(*slot);
    *slot = p;
}

void gk_diag_set_place(gk_diag *g, const char *place) { replace_string(&g->place, place); }

void gk_diag_set_path(gk_diag *g, const char *path) { replace_string(&g->path, path); }

void gk_diags_clear(gk_diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        free(d->items[i].file);
        free(d->items[i].path);
        free(d->items[i].message);
        free(d->items[i].place);
    }
    free(d->items);
    memset(d, 0, sizeof *d);
}

static int cmp_place(const gk_diag *a, const gk_diag *b)
{
    int c = strcmp(a->file, b->file);
    if (c) return c;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    if (a->col != b->col) return a->col < b->col ? -1 : 1;
    return 0;
}

/* Merges the sorted runs v[lo..mid) and v[mid..hi) through tmp; on equal
 * places the left run goes first, which keeps the sort stable. */
static void merge(gk_diag *v, gk_diag *tmp, size_t lo, size_t mid, size_t hi)
{
    size_t i = lo, j = mid, k = lo;
    while (i < mid && j < hi) tmp[k++] = cmp_place(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
    while (i < mid) tmp[k++] = v[i++];
    while (j < hi) tmp[k++] = v[j++];
    memcpy(v + lo, tmp + lo, (hi - lo) * sizeof *v);
}

void gk_diags_sort(gk_diags *d)
{
    /* Bottom-up merge sort: stable (diagnostics at one place keep the order
     * they were found in) and O(n log n), since a large input can give
     * hundreds of thousands of them. Runs of 8 are sorted by insertion. */
    size_t n = d->count;
    if (n < 2) return;
    gk_diag *v = d->items;
    for (size_t lo = 0; lo < n; lo += 8) {
        size_t hi = lo + 8 < n ? lo + 8 : n;
        for (size_t i = lo + 1; i < hi; i++) {
            gk_diag x = v[i];
            size_t j = i;
            for (; j > lo && cmp_place(&v[j - 1], &x) > 0; j--) v[j] = v[j - 1];
            v[j] = x;
        }
    }
    if (n <= 8) return;
    gk_diag *tmp = malloc(n * sizeof *tmp);
    if (!tmp) {
        /* the runs stay as they are: every diagnostic is still there, and
         * the list says it is incomplete in its order */
        lost(d);
        return;
    }
    for (size_t w = 8; w < n; w *= 2)
        for (size_t lo = 0; lo + w < n; lo += 2 * w) merge(v, tmp, lo, lo + w, lo + 2 * w < n ? lo + 2 * w : n);
    free(tmp);
}
