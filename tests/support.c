#include "support.h"

#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* ---- what the running test owns ---- */

typedef struct owned {
    void (*release)(void *);
    void *p;
} owned;

static owned *owned_items;
static size_t owned_count, owned_cap;

static void *own(void (*release)(void *), void *p)
{
    if (!p) fail_msg("out of memory");
    if (owned_count == owned_cap) {
        size_t cap = owned_cap ? owned_cap * 2 : 16;
        owned *items = realloc(owned_items, cap * sizeof *items);
        if (!items) {
            release(p);
            fail_msg("out of memory");
        }
        owned_items = items;
        owned_cap = cap;
    }
    owned_items[owned_count].release = release;
    owned_items[owned_count].p = p;
    owned_count++;
    return p;
}

static void release_diags(void *p)
{
    gk_diags_clear(p);
    free(p);
}

static void release_arena(void *p)
{
    gk_arena_free(p);
    free(p);
}

static void release_model(void *p) { gk_model_free(p); }

int gk_test_cleanup(void **state)
{
    (void)state;
    while (owned_count) {
        owned *o = &owned_items[--owned_count];
        o->release(o->p);
    }
    free(owned_items);
    owned_items = NULL;
    owned_cap = 0;
    return 0;
}

void *gk_test_keep(void *p) { return own(free, p); }
gk_diags *gk_test_diags(void) { return own(release_diags, calloc(1, sizeof(gk_diags))); }
gk_arena *gk_test_arena(void) { return own(release_arena, calloc(1, sizeof(gk_arena))); }

/* ---- files and patches ---- */

char *gk_test_path(const char *rel)
{
    size_t n = strlen(GK_SOURCE_DIR) + 1 + strlen(rel) + 1;
    char *p = gk_test_keep(malloc(n));
    snprintf(p, n, "%s/%s", GK_SOURCE_DIR, rel);
    return p;
}

char *gk_test_read(const char *rel, size_t *len)
{
    const char *path = gk_test_path(rel);
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s", path);
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    char *data = size >= 0 ? malloc((size_t)size + 1) : NULL;
    bool ok = data && fseek(f, 0, SEEK_SET) == 0 && fread(data, 1, (size_t)size, f) == (size_t)size;
    fclose(f);
    gk_test_keep(data);
    if (!ok) fail_msg("cannot read %s", path);
    data[size] = '\0';
    if (len) *len = (size_t)size;
    return data;
}

static size_t count_occurrences(const char *text, const char *s)
{
    size_t n = 0;
    for (const char *p = strstr(text, s); p; p = strstr(p + 1, s)) n++;
    return n;
}

/* text with text[at .. at+cut) replaced by `to` */
static char *splice(const char *text, size_t at, size_t cut, const char *to)
{
    size_t len = strlen(text), add = strlen(to);
    char *out = gk_test_keep(malloc(len - cut + add + 1));
    memcpy(out, text, at);
    memcpy(out + at, to, add);
    memcpy(out + at + add, text + at + cut, len - at - cut + 1);
    return out;
}

char *gk_test_patch(const char *text, const gk_patch *patches, size_t max)
{
    char *out = gk_test_keep(strdup(text));
    for (size_t i = 0; i < max && patches[i].from; i++) {
        const gk_patch *p = &patches[i];
        const char *start = out;
        if (p->anchor) {
            start = strstr(out, p->anchor);
            if (!start) fail_msg("patch %zu: anchor '%s' not found", i + 1, p->anchor);
        } else if (count_occurrences(out, p->from) != 1) {
            fail_msg("patch %zu: '%s' occurs %zu times; give an anchor", i + 1, p->from,
                     count_occurrences(out, p->from));
        }
        const char *at = strstr(start, p->from);
        if (!at) fail_msg("patch %zu: '%s' not found after '%s'", i + 1, p->from, p->anchor ? p->anchor : "");
        out = splice(out, (size_t)(at - out), strlen(p->from), p->to);
    }
    return out;
}

/* ---- loading ---- */

static gk_model *loaded(const char *name, gk_status st, gk_model *m, gk_status expect, gk_diags *d)
{
    if (m) own(release_model, m);
    if (st != expect) {
        gk_test_print_diags(d);
        fail_msg("loading %s gave status %d, expected %d", name, (int)st, (int)expect);
    }
    if (!m) fail_msg("loading %s gave no model", name);
    return m;
}

gk_model *gk_test_load(const char *name, const char *text, bool is_ini, gk_status expect, gk_diags *d)
{
    gk_model *m = NULL;
    gk_status st = gk_model_load_buffer(name, text, strlen(text), is_ini, &m, d);
    return loaded(name, st, m, expect, d);
}

gk_model *gk_test_load_file(const char *rel, gk_status expect, gk_diags *d)
{
    gk_model *m = NULL;
    gk_status st = gk_model_load_file(gk_test_path(rel), &m, d);
    return loaded(rel, st, m, expect, d);
}

/* ---- diagnostics ---- */

const gk_diag *gk_test_find(const gk_diags *d, const char *code, const char *path)
{
    for (size_t i = 0; i < d->count; i++) {
        const gk_diag *g = &d->items[i];
        if (strcmp(g->code, code) == 0 && (!path || strcmp(g->path, path) == 0)) return g;
    }
    return NULL;
}

const gk_diag *gk_test_expect(const gk_diags *d, const char *code, const char *path)
{
    const gk_diag *g = gk_test_find(d, code, path);
    if (!g) {
        gk_test_print_diags(d);
        fail_msg("no \"%s\" diagnostic at [%s] among the %zu above", code, path ? path : "any path", d->count);
    }
    return g;
}

void gk_test_expect_message(const gk_diag *g, const char *const *needles, size_t max)
{
    for (size_t i = 0; i < max && needles[i]; i++)
        if (!strstr(g->message, needles[i]))
            fail_msg("the message \"%s\" [%s] does not contain \"%s\"", g->message, g->path, needles[i]);
}

void gk_test_expect_place(const gk_diag *g, unsigned line, unsigned col)
{
    if (g->line != line || g->col != col)
        fail_msg("\"%s\" [%s] is at %u:%u, expected %u:%u", g->message, g->path, g->line, g->col, line, col);
}

void gk_test_expect_counts(const gk_diags *d, size_t errors, size_t warnings)
{
    if ((errors != (size_t)-1 && d->errors != errors) || (warnings != (size_t)-1 && d->warnings != warnings)) {
        gk_test_print_diags(d);
        fail_msg("%zu errors and %zu warnings, expected %zd and %zd", d->errors, d->warnings, (ssize_t)errors,
                 (ssize_t)warnings);
    }
}

void gk_test_print_diags(const gk_diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        const gk_diag *g = &d->items[i];
        print_message("  %s:%u:%u: %s: %s [%s] (%s)\n", g->file, g->line, g->col,
                      g->severity == GK_ERROR ? "error" : "warning", g->message, g->path, g->code);
    }
}

void gk_test_position(const char *text, const char *needle, unsigned *line, unsigned *col)
{
    const char *at = strstr(text, needle);
    if (!at) fail_msg("'%s' is not in the input", needle);
    *line = 1;
    *col = 1;
    for (const char *p = text; p < at; p++) {
        if (*p == '\n') {
            ++*line;
            *col = 1;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            ++*col;
        }
    }
}

void gk_test_expect_points_at(const gk_diag *g, const char *text, const char *want)
{
    const char *p = text;
    for (unsigned line = 1; line < g->line && p; line++) {
        p = strchr(p, '\n');
        if (p) p++;
    }
    for (unsigned col = 1; p && *p && col < g->col; p++)
        if (((unsigned char)p[1] & 0xC0) != 0x80) col++;
    if (!p || g->line == 0 || strncmp(p, want, strlen(want)) != 0)
        fail_msg("\"%s\" [%s] is at %u:%u, which is not where %s is", g->message, g->path, g->line, g->col, want);
}

int gk_test_run_cases(const char *group, CMUnitTestFunction f, const void *cases, size_t size, size_t n)
{
    struct CMUnitTest *tests = calloc(n, sizeof *tests);
    if (!tests) return (int)n;
    for (size_t i = 0; i < n; i++) {
        const char *c = (const char *)cases + i * size;
        tests[i].name = *(const char *const *)c;
        tests[i].test_func = f;
        tests[i].teardown_func = gk_test_cleanup;
        tests[i].initial_state = (void *)c;
    }
    int failed = _cmocka_run_group_tests(group, tests, n, NULL, NULL);
    free(tests);
    return failed;
}
