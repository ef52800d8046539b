#include "diag.h"
#include "buf.h"

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

void gk_diag_add(gk_diags *d, gk_severity sev, const char *code, const char *file,
                 unsigned line, unsigned col, const char *path, const char *fmt, ...)
{
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        gk_diag *p = realloc(d->items, cap * sizeof *p);
        if (!p) return;
        d->items = p;
        d->cap = cap;
    }
    gk_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    gk_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    gk_diag *g = &d->items[d->count++];
    g->severity = sev;
    g->code = code;
    g->file = dup_or_empty(file);
    g->line = line;
    g->col = col;
    g->path = dup_or_empty(path);
    g->message = gk_buf_detach(&msg);
    if (sev == GK_ERROR) d->errors++; else d->warnings++;
}

void gk_diag_set_path(gk_diag *g, const char *path)
{
    size_t n = strlen(path) + 1;
    char *p = malloc(n);
    if (!p) return;
    memcpy(p, path, n);
    free(g->path);
    g->path = p;
}

void gk_diags_clear(gk_diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        free(d->items[i].file);
        free(d->items[i].path);
        free(d->items[i].message);
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

void gk_diags_sort(gk_diags *d)
{
    /* Insertion sort: stable, and lists are short. */
    for (size_t i = 1; i < d->count; i++) {
        gk_diag x = d->items[i];
        size_t j = i;
        while (j > 0 && cmp_place(&d->items[j - 1], &x) > 0) {
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = x;
    }
}
