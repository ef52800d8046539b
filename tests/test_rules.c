/* The check as a function of the stated input (issue 10): checking twice
 * gives the same figures and diagnostics, a stated figure is never
 * overwritten, and composing refuses a model that was not checked. */
#include "support.h"

#include "buf.h"
#include "fields.h"
#include "model.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- a snapshot of every figure and text of a model ---- */

static bool is_figure(gk_ftype t)
{
    return t == GK_FT_AMOUNT || t == GK_FT_SIGNED || t == GK_FT_DECIMAL || t == GK_FT_PERCENT;
}

static void put_num(gk_buf *out, const char *path, const gk_num *n)
{
    char a[GK_DEC_STRLEN], b[GK_DEC_STRLEN];
    gk_buf_printf(out, "%s stated=%s%s printed=%s\n", path, n->set ? (n->null ? "null" : gk_dec_format(n->v, -1, a)) : "-",
                  n->computed ? " computed" : "", gk_num_has(n) ? gk_dec_format(gk_num_printed(n), -1, b) : "-");
}

/* Appends "path stated=… printed=…" for every figure and "path=text" for
 * every text under obj, in field-table order. */
static void snapshot(gk_buf *out, gk_buf *path, const void *obj, const gk_shape *shape)
{
    for (const gk_field *f = shape->fields; f->key; f++) {
        const char *at = (const char *)obj + f->off;
        size_t mark = path->len;
        gk_buf_printf(path, "/%s", f->key);
        if (is_figure(f->type)) put_num(out, gk_buf_str(path), (const gk_num *)at);
        else if (f->type == GK_FT_TEXT) {
            const gk_text *t = (const gk_text *)at;
            gk_buf_printf(out, "%s=%s\n", gk_buf_str(path), t->set ? t->s : "-");
        } else if (f->type == GK_FT_INT) {
            const gk_int *x = (const gk_int *)at;
            gk_buf_printf(out, "%s=%lld%s\n", gk_buf_str(path), (long long)x->v, x->set ? "" : " unset");
        } else if (f->type == GK_FT_OBJECT) snapshot(out, path, at, f->shape);
        else if (f->type == GK_FT_LIST) {
            const gk_list *l = (const gk_list *)at;
            for (size_t i = 0; i < l->n; i++) {
                size_t m2 = path->len;
                gk_buf_printf(path, "/%zu", i + 1);
                if (f->elem == GK_FT_OBJECT) snapshot(out, path, (const char *)l->v + i * f->shape->size, f->shape);
                else if (is_figure(f->elem)) put_num(out, gk_buf_str(path), &((const gk_num *)l->v)[i]);
                else if (f->elem == GK_FT_TEXT) gk_buf_printf(out, "%s=%s\n", gk_buf_str(path), ((const gk_text *)l->v)[i].s);
                gk_buf_truncate(path, m2);
            }
        }
        gk_buf_truncate(path, mark);
    }
}

static char *model_snapshot(const gk_model *m)
{
    gk_buf out = {0}, path = {0};
    snapshot(&out, &path, &m->in, &gk_input_shape);
    gk_buf_free(&path);
    gk_buf_putc(&out, '\0');
    return gk_test_keep(gk_buf_detach(&out));
}

static char *diags_snapshot(const gk_diags *d)
{
    gk_buf out = {0};
    for (size_t i = 0; i < d->count; i++) {
        const gk_diag *g = &d->items[i];
        gk_buf_printf(&out, "%d %s %s:%u:%u [%s] %s\n", (int)g->severity, g->code, g->file, g->line, g->col, g->path,
                      g->message);
    }
    gk_buf_putc(&out, '\0');
    return gk_test_keep(gk_buf_detach(&out));
}

/* Fails with the first differing line of a and b. */
static void expect_same(const char *what, const char *file, const char *a, const char *b)
{
    if (strcmp(a, b) == 0) return;
    size_t i = 0, line = 0;
    while (a[i] && a[i] == b[i]) i++;
    while (i && a[i - 1] != '\n') i--;
    for (size_t k = 0; k < i; k++) line += a[k] == '\n';
    const char *ea = strchr(a + i, '\n'), *eb = strchr(b + i, '\n');
    fail_msg("%s: the %s differ after a second check at line %zu:\n  run 1: %.*s\n  run 2: %.*s", file, what, line + 1,
             ea ? (int)(ea - a - i) : (int)strlen(a + i), a + i, eb ? (int)(eb - b - i) : (int)strlen(b + i), b + i);
}

/* Every sample and every tests/inputs file, checked twice: the same figures
 * (stated and printed) and the same diagnostics, field for field. Before
 * issue 10 the second check of samples/quyang-2020-budget.json turned
 * procurement.funding.general from 240.54 into 721.62. */
static void test_check_twice(void **state)
{
    (void)state;
    static const char *const dirs[] = {"samples", "tests/inputs"};
    size_t files = 0;
    for (size_t k = 0; k < COUNT(dirs); k++) {
        DIR *dir = opendir(gk_test_path(dirs[k]));
        assert_non_null(dir);
        struct dirent *e;
        while ((e = readdir(dir))) {
            size_t n = strlen(e->d_name);
            if (!(n > 5 && strcmp(e->d_name + n - 5, ".json") == 0) && !(n > 4 && strcmp(e->d_name + n - 4, ".ini") == 0))
                continue;
            char rel[512];
            snprintf(rel, sizeof rel, "%s/%s", dirs[k], e->d_name);
            gk_diags *load = gk_test_diags(), *d1 = gk_test_diags(), *d2 = gk_test_diags();
            gk_model *m = gk_test_load_file(rel, GK_OK, load);
            const char *stated = model_snapshot(m);
            gk_status s1 = gk_model_check(m, d1);
            assert_true(m->checked);
            const char *f1 = model_snapshot(m), *g1 = diags_snapshot(d1);
            gk_status s2 = gk_model_check(m, d2);
            const char *f2 = model_snapshot(m), *g2 = diags_snapshot(d2);
            assert_int_equal(s1, s2);
            expect_same("figures", rel, f1, f2);
            expect_same("diagnostics", rel, g1, g2);
            /* the stated figures are what was loaded: only printed values differ */
            gk_model *fresh = gk_test_load_file(rel, GK_OK, gk_test_diags());
            expect_same("stated figures (fresh load vs. loaded)", rel, model_snapshot(fresh), stated);
            files++;
        }
        closedir(dir);
    }
    assert_true(files >= 10);
}

/* The figure behind the bug of issue 10, and that its stated part is kept. */
static void test_quyang_funding_twice(void **state)
{
    (void)state;
    gk_model *m = gk_test_load_file("samples/quyang-2020-budget.json", GK_OK, gk_test_diags());
    char buf[GK_DEC_STRLEN];
    for (int run = 0; run < 2; run++) {
        assert_int_equal(gk_model_check(m, gk_test_diags()), GK_OK);
        const gk_num *g = &m->in.procurement.funding.col[GK_FUND_GENERAL];
        assert_true(g->computed);
        assert_string_equal(gk_dec_format(gk_num_printed(g), -1, buf), "240.54");
    }
}

/* gk_document_compose refuses a model gk_model_check did not see. */
static void test_compose_refuses_unchecked(void **state)
{
    (void)state;
    gk_diags *d = gk_test_diags();
    gk_model *m = gk_test_load_file("samples/laoting-2024-goals.json", GK_OK, d);
    gk_document *doc = NULL;
    assert_int_equal(gk_document_compose(m, NULL, &doc, d), GK_INVALID);
    assert_null(doc);
    const gk_diag *g = gk_test_expect(d, "unchecked", "");
    assert_string_equal(g->message, "the model was not checked: call gk_model_check first");
    assert_int_equal(gk_model_check(m, d), GK_OK);
    assert_int_equal(gk_document_compose(m, NULL, &doc, d), GK_OK);
    gk_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GK_TEST(test_check_twice),
        GK_TEST(test_quyang_funding_twice),
        GK_TEST(test_compose_refuses_unchecked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
