/* One model, two input forms: samples/quyang-2020-budget.ini and .json load
 * to the same model, field by field (walked with the loader's own field
 * tables), before and after the check. And the committed JSON Schema is what
 * the field tables say today. */
#include "support.h"

#include "buf.h"
#include "fields.h"
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define QUYANG_JSON "samples/quyang-2020-budget.json"
#define QUYANG_INI "samples/quyang-2020-budget.ini"

/* ---- comparing two models ---- */

static bool same_shape(const gk_shape *s, const char *a, const char *b, gk_buf *where);

/* Two scalars of type t (source positions are not compared). */
static bool same_scalar(gk_ftype t, const void *pa, const void *pb)
{
    switch (t) {
    case GK_FT_TEXT: {
        const gk_text *a = pa, *b = pb;
        return a->set == b->set && (!a->set || (a->len == b->len && memcmp(a->s, b->s, a->len) == 0));
    }
    case GK_FT_AMOUNT:
    case GK_FT_SIGNED:
    case GK_FT_DECIMAL:
    case GK_FT_PERCENT: {
        const gk_num *a = pa, *b = pb;
        return a->set == b->set && a->null == b->null && (!a->set || a->null || gk_dec_eq(a->v, b->v));
    }
    case GK_FT_INT: {
        const gk_int *a = pa, *b = pb;
        return a->set == b->set && (!a->set || a->v == b->v);
    }
    case GK_FT_BOOL: {
        const gk_flag *a = pa, *b = pb;
        return a->set == b->set && (!a->set || a->v == b->v);
    }
    case GK_FT_ENUM: {
        const gk_enum *a = pa, *b = pb;
        return a->set == b->set && (!a->set || a->v == b->v);
    }
    default:
        fail_msg("field type %d is not a scalar", (int)t);
    }
    return false;
}

/* The size of one element of a list field, as the loader lays them out. */
static size_t elem_size(const gk_field *f)
{
    switch (f->elem) {
    case GK_FT_OBJECT: return f->shape->size;
    case GK_FT_TEXT: return sizeof(gk_text);
    case GK_FT_AMOUNT:
    case GK_FT_SIGNED:
    case GK_FT_DECIMAL:
    case GK_FT_PERCENT: return sizeof(gk_num);
    default: fail_msg("%s: lists of type %d are not compared yet", f->key, (int)f->elem);
    }
    return 0;
}

static bool same_list(const gk_field *f, const gk_list *a, const gk_list *b, gk_buf *where)
{
    if (a->set != b->set || a->n != b->n) return false;
    size_t size = elem_size(f);
    for (size_t i = 0; i < a->n; i++) {
        size_t mark = where->len;
        gk_buf_printf(where, "/%zu", i + 1);
        const char *ea = (const char *)a->v + i * size, *eb = (const char *)b->v + i * size;
        if (!(f->elem == GK_FT_OBJECT ? same_shape(f->shape, ea, eb, where) : same_scalar(f->elem, ea, eb)))
            return false;
        gk_buf_truncate(where, mark);
    }
    return true;
}

/* One field of the structs at a and b; on a difference `where` ends with
 * the field's input path. */
static bool same_field(const gk_field *f, const char *a, const char *b, gk_buf *where)
{
    size_t mark = where->len;
    gk_buf_printf(where, "/%s", f->key);
    bool same;
    switch (f->type) {
    case GK_FT_OBJECT:
        same = ((f->flags & GK_FF_NOSET) || *(const bool *)(a + f->set_off) == *(const bool *)(b + f->set_off)) &&
               same_shape(f->shape, a + f->off, b + f->off, where);
        break;
    case GK_FT_LIST: same = same_list(f, (const gk_list *)(a + f->off), (const gk_list *)(b + f->off), where); break;
    default: same = same_scalar(f->type, a + f->off, b + f->off); break;
    }
    if (same) gk_buf_truncate(where, mark);
    return same;
}

/* "$schema" only points an editor at the schema: the INI form has none. */
static bool ignored(const gk_field *f, const gk_buf *where)
{
    return where->len == 0 && strcmp(f->key, "$schema") == 0;
}

static bool same_shape(const gk_shape *s, const char *a, const char *b, gk_buf *where)
{
    for (const gk_field *f = s->fields; f->key; f++)
        if (!ignored(f, where) && !same_field(f, a, b, where)) return false;
    return true;
}

/* NULL when the two models are equal field by field (but "$schema");
 * otherwise the input
 * path of the first field (in table order) that differs, e.g.
 * "/projects/3/indicators/2/value" (owned by the running test). */
static const char *model_diff(const gk_model *a, const gk_model *b)
{
    gk_buf where = {0};
    bool same = same_shape(&gk_input_shape, (const char *)&a->in, (const char *)&b->in, &where);
    char *path = gk_test_keep(gk_buf_detach(&where));
    return same ? NULL : path;
}

static void expect_same(const gk_model *a, const gk_model *b)
{
    const char *diff = model_diff(a, b);
    if (diff) fail_msg("the models differ first at %s", diff);
}

/* ---- the samples ---- */

static void test_quyang_ini_equals_json(void **state)
{
    (void)state;
    gk_diags *d = gk_test_diags();
    gk_model *json = gk_test_load_file(QUYANG_JSON, GK_OK, d), *ini = gk_test_load_file(QUYANG_INI, GK_OK, d);
    expect_same(json, ini);
    expect_same(ini, json);
    /* the check derives the same figures from both */
    assert_int_equal(gk_model_check(json, d), GK_OK);
    assert_int_equal(gk_model_check(ini, d), GK_OK);
    gk_test_expect_counts(d, 0, 0);
    expect_same(json, ini);
}

/* The comparison is not vacuous: a model equals itself loaded again, and
 * each change of the INI text is found, at its own path. */
typedef struct diff_case {
    const char *name;
    gk_patch patch;
    const char *path; /* the first difference */
} diff_case;

static const diff_case diff_cases[] = {
    {"text", {"[department]", "name = 曲阳县委组织部", "name = 曲阳县委组织部。"}, "/department/name"},
    {"absent text", {"[department]", "code = 203\n", ""}, "/department/code"},
    {"text with a continuation line",
     {"[prior_year]", "closing = 其他支出无增减变化", "closing = 其他支出无增减变化\n  另起一行"}, "/prior_year/closing"},
    {"enumeration", {"[department]", "wording = 部门", "wording = 单位"}, "/department/wording"},
    {"integer", {"[department]", "year = 2020", "year = 2021"}, "/department/year"},
    {"amount by a millionth", {"[income]", "general_budget = 688.35", "general_budget = 688.350001"},
     "/income/general_budget"},
    {"boolean", {"[expenditure]", "projects_complete = true", "projects_complete = false"}, "/expenditure/projects_complete"},
    {"absent boolean", {"[expenditure]", "projects_complete = true\n", ""}, "/expenditure/projects_complete"},
    {"null and a number", {"[assets]", "buildings.quantity = null", "buildings.quantity = 0"}, "/assets/buildings/quantity"},
    {"text in a list item", {"[projects.3.indicators.2]", "value = ≥90%", "value = ≥91%"}, "/projects/3/indicators/2/value"},
    {"list length", {NULL, "laws.3 = 《河北省省级预算公开办法》\n", ""}, "/laws"},
    {"absent section",
     {NULL,
      "[operating_costs]\namount = 24.79\npurpose = "
      "主要用于保证机关正常运转的办公费、邮电费、差旅费、福利费、网络费、其他交通补贴、公务车运行维护费等支出\n",
      ""},
     "/operating_costs"},
};

static void test_diff_case(void **state)
{
    const diff_case *c = *state;
    gk_diags *d = gk_test_diags();
    const char *text = gk_test_read(QUYANG_INI, NULL);
    gk_model *ini = gk_test_load(QUYANG_INI, text, true, GK_OK, d);
    expect_same(ini, gk_test_load(QUYANG_INI, text, true, GK_OK, d));
    gk_model *changed = gk_test_load(QUYANG_INI, gk_test_patch(text, &c->patch, 1), true, GK_OK, d);
    const char *diff = model_diff(ini, changed);
    if (!diff) fail_msg("the change is not found");
    assert_string_equal(diff, c->path);
    assert_string_equal(model_diff(changed, ini), c->path);
}

/* ---- the committed schema ---- */

static void test_schema_is_current(void **state)
{
    (void)state;
    char *written = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&written, &len);
    assert_non_null(f);
    int rc = gk_schema_write(f);
    assert_int_equal(fclose(f), 0);
    gk_test_keep(written);
    assert_int_equal(rc, 0);
    size_t committed_len;
    const char *committed = gk_test_read("schema/gongkai.schema.json", &committed_len);
    size_t i = 0, line = 1;
    while (i < len && i < committed_len && written[i] == committed[i]) line += written[i++] == '\n';
    if (i < len || i < committed_len)
        fail_msg("schema/gongkai.schema.json differs from `gongkai schema` from line %zu on (%zu and %zu bytes); "
                 "regenerate it with `gongkai schema > schema/gongkai.schema.json`",
                 line, committed_len, len);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GK_TEST(test_quyang_ini_equals_json),
        GK_TEST(test_schema_is_current),
    };
    int failed = cmocka_run_group_tests_name("ini and json", tests, NULL, NULL);
    return failed + gk_test_run_cases("differences found", test_diff_case, diff_cases, sizeof diff_cases[0],
                                      COUNT(diff_cases));
}
