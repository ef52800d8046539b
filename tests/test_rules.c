/* The check as a function of the stated input (issue 10): checking twice
 * gives the same figures and diagnostics, a stated figure is never
 * overwritten, and composing refuses a model that was not checked. */
#include "support.h"

#include "buf.h"
#include "fields.h"
#include "kinds.h"
#include "model.h"
#include "rules.h"
#include "tpl.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- a snapshot of every figure and text of a model ---- */

static bool is_figure(gk_ftype t)
{
    return t == GK_FT_AMOUNT || t == GK_FT_SIGNED || t == GK_FT_DECIMAL || t == GK_FT_PERCENT;
}

static bool stated_only; /* snapshot the stated figures only */

static void put_num(gk_buf *out, const char *path, const gk_num *n)
{
    char a[GK_DEC_STRLEN], b[GK_DEC_STRLEN];
    gk_buf_printf(out, "%s stated=%s", path, n->set ? (n->null ? "null" : gk_dec_format(n->v, -1, a)) : "-");
    if (!stated_only)
        gk_buf_printf(out, "%s printed=%s", n->computed ? " computed" : "",
                      gk_num_has(n) ? gk_dec_format(gk_num_printed(n), -1, b) : "-");
    gk_buf_putc(out, '\n');
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
        else if (stated_only && f->type != GK_FT_OBJECT && f->type != GK_FT_LIST) {
            /* texts and numbers: the wording's defaults are filled in by the check */
        } else if (f->type == GK_FT_TEXT) {
            const gk_text *t = (const gk_text *)at;
            gk_buf_printf(out, "%s=%s\n", gk_buf_str(path), t->set ? t->s : "-");
        } else if (f->type == GK_FT_INT) {
            const gk_int *x = (const gk_int *)at;
            gk_buf_printf(out, "%s=%lld%s\n", gk_buf_str(path), (long long)x->v, x->set ? "" : " unset");
        } else if (f->type == GK_FT_OBJECT) snapshot(out, path, at, f->shape);
        else if (f->type == GK_FT_LIST && stated_only && (f->flags & GK_FF_DERIVED)) {
            /* a derived list (classified.classes) is made by the check: a fresh load has none */
        } else if (f->type == GK_FT_LIST) {
            const gk_list *l = (const gk_list *)at;
            for (size_t i = 0; i < l->n; i++) {
                size_t m2 = path->len;
                gk_buf_printf(path, "/%zu", i + 1);
                if (f->elem == GK_FT_OBJECT) snapshot(out, path, (const char *)l->v + i * f->shape->size, f->shape);
                else if (is_figure(f->elem)) put_num(out, gk_buf_str(path), &((const gk_num *)l->v)[i]);
                else if (f->elem == GK_FT_TEXT && !stated_only) gk_buf_printf(out, "%s=%s\n", gk_buf_str(path), ((const gk_text *)l->v)[i].s);
                gk_buf_truncate(path, m2);
            }
        }
        gk_buf_truncate(path, mark);
    }
}

static char *model_snapshot(const gk_model *m, bool stated)
{
    stated_only = stated;
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
    fail_msg("%s: %s differ at line %zu:\n  first:  %.*s\n  second: %.*s", file, what, line + 1,
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
            gk_status s1 = gk_model_check(m, d1);
            assert_true(m->checked);
            const char *f1 = model_snapshot(m, false), *g1 = diags_snapshot(d1);
            gk_status s2 = gk_model_check(m, d2);
            const char *f2 = model_snapshot(m, false), *g2 = diags_snapshot(d2);
            assert_int_equal(s1, s2);
            expect_same("the figures of a first and a second check", rel, f1, f2);
            expect_same("the diagnostics of a first and a second check", rel, g1, g2);
            /* after two checks every figure still states what the input stated */
            gk_model *fresh = gk_test_load_file(rel, GK_OK, gk_test_diags());
            expect_same("the stated figures of a fresh load and of the model checked twice", rel, model_snapshot(fresh, true),
                        model_snapshot(m, true));
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

/* ---- the rules files ---- */

#define BUDGET "tests/inputs/check-budget.json"
#define SELFEVAL "tests/inputs/check-selfeval.json"
#define TABLES "tests/inputs/check-tables.json"

/* A folder of its own for the running test, removed after it. */
typedef struct tmpdir { char path[64]; char files[8][32]; size_t n; } tmpdir;

static void tmpdir_make(tmpdir *t)
{
    snprintf(t->path, sizeof t->path, "/tmp/gk-rules-XXXXXX");
    assert_non_null(mkdtemp(t->path));
    t->n = 0;
}

static void tmpdir_write(tmpdir *t, const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", t->path, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    assert_true(t->n < 8);
    snprintf(t->files[t->n++], sizeof t->files[0], "%s", name);
}

static void tmpdir_remove(tmpdir *t)
{
    char path[128];
    for (size_t i = 0; i < t->n; i++) {
        snprintf(path, sizeof path, "%s/%s", t->path, t->files[i]);
        unlink(path);
    }
    rmdir(t->path);
}

/* The built-in rules file holding [id], and where the section starts and ends. */
static const gk_builtin_rules *section_of(const char *id, const char **from, const char **to)
{
    char head[96];
    snprintf(head, sizeof head, "\n[%s]\n", id);
    for (const gk_builtin_rules *b = gk_builtin_rules_files; b->name; b++) {
        const char *p = strstr(b->text, head);
        if (!p) continue;
        *from = p + 1;
        const char *q = strstr(p + 1, "\n[");
        *to = q ? q + 1 : b->text + strlen(b->text);
        return b;
    }
    return NULL;
}

/* What a rule is for, on one input: a diagnostic (code at path) it gives, or
 * a figure it computes (path = value). */
typedef struct rule_case {
    const char *rule;
    const char *base;
    gk_patch patch[10];
    const char *code;   /* a diagnostic … */
    const char *path;   /* … at this input path, or the figure at this path */
    const char *figure; /* NULL for a diagnostic: the figure's printed value */
} rule_case;

#define P(anchor, from, to) {anchor, from, to}
#define DIAG(code, path) code, path, NULL
#define FIG(path, value) NULL, path, value
#define NOPATCH {{NULL, NULL, NULL}}

/* Every rule of the built-in rules files with an input that needs it
 * (test_every_rule_is_tested keeps this table complete). */
static const rule_case rule_cases[] = {
    /* totals.rules */
    {"income-total", BUDGET, {P("\"income\"", "\"total\": \"624.5\"", "\"total\": \"625\"")}, DIAG("sum-mismatch", "/income/total")},
    {"expenditure-basic", BUDGET, {P(NULL, "\"basic_total\": \"350.5\"", "\"basic_total\": \"351\"")},
     DIAG("sum-mismatch", "/expenditure/basic_total")},
    {"expenditure-projects", BUDGET, {P(NULL, "\"project_total\": \"274\"", "\"project_total\": \"275\"")},
     DIAG("sum-mismatch", "/expenditure/project_total")},
    {"expenditure-projects-unlisted", BUDGET,
     {P(NULL,
        "\"projects\": [\n      {\"name\": \"党员教育\", \"amount\": \"200\"},\n      {\"name\": \"人才工作\", \"amount\": \"74\"}\n    ],\n    \"project_total\": \"274\",\n",
        "")},
     FIG("/expenditure/project_total", "0")},
    {"expenditure-total", BUDGET, {P("\"expenditure\"", "\"total\": \"624.5\"", "\"total\": \"620\"")},
     DIAG("sum-mismatch", "/expenditure/total")},
    {"budget-balance", BUDGET,
     {P(NULL, "\"general_budget\": \"600.5\"", "\"general_budget\": \"601.5\""),
      P("\"income\"", "\"total\": \"624.5\"", "\"total\": \"625.5\"")},
     DIAG("unbalanced", "/income/general_budget")},
    {"prior-year-total", BUDGET, {P("\"prior_year\"", "\"total\": \"550\"", "\"total\": \"560\"")},
     DIAG("sum-mismatch", "/prior_year/total")},
    {"prior-year-change-total", BUDGET, NOPATCH, FIG("/prior_year/change_total", "74.5")},
    {"prior-year-stated-change-total", BUDGET, {P(NULL, "\"stated_change_total\": \"74.5\"", "\"stated_change_total\": \"75\"")},
     DIAG("sum-mismatch", "/prior_year/stated_change_total")},
    {"prior-year-change-basic", BUDGET, NOPATCH, FIG("/prior_year/change_basic", "50.5")},
    {"prior-year-stated-change-basic", BUDGET, {P(NULL, "\"stated_change_basic\": \"50.5\"", "\"stated_change_basic\": \"49.5\"")},
     DIAG("sum-mismatch", "/prior_year/stated_change_basic")},
    {"prior-year-change-project", BUDGET, NOPATCH, FIG("/prior_year/change_project", "24")},
    {"prior-year-stated-change-project", BUDGET,
     {P(NULL, "\"stated_change_project\": \"24\"", "\"stated_change_project\": \"-26\"")},
     DIAG("sum-mismatch", "/prior_year/stated_change_project")},
    {"operating-costs", BUDGET, {P("\"operating_costs\"", "\"amount\": \"30\"", "\"amount\": \"31\"")},
     DIAG("sum-mismatch", "/operating_costs/amount")},
    {"three-public-vehicle", BUDGET, {P(NULL, "\"vehicle_total\": \"5.5\"", "\"vehicle_total\": \"6.5\"")},
     DIAG("sum-mismatch", "/three_public/vehicle_total")},
    {"three-public-total", BUDGET, {P("\"three_public\"", "\"total\": \"7.75\"", "\"total\": \"8.75\"")},
     DIAG("sum-mismatch", "/three_public/total")},
    {"three-public-prior-vehicle", BUDGET, NOPATCH, FIG("/three_public/prior_vehicle", "6")},
    {"three-public-prior-total", BUDGET, NOPATCH, FIG("/three_public/prior_total", "8")},
    {"three-public-change-total", BUDGET, NOPATCH, FIG("/three_public/change_total", "-0.25")},
    {"three-public-change-vehicle", BUDGET, NOPATCH, FIG("/three_public/change_vehicle", "-0.5")},
    {"three-public-change-vehicle-purchase", BUDGET, NOPATCH, FIG("/three_public/change_vehicle_purchase", "0")},
    {"three-public-change-vehicle-operation", BUDGET, NOPATCH, FIG("/three_public/change_vehicle_operation", "-0.5")},
    {"three-public-change-abroad", BUDGET, NOPATCH, FIG("/three_public/change_abroad", "0")},
    {"three-public-change-reception", BUDGET, NOPATCH, FIG("/three_public/change_reception", "0.25")},
    /* projects.rules */
    {"project-budget", BUDGET, {P("\"projects\": [", "\"budget\": \"200\"", "\"budget\": \"210\"")},
     DIAG("sum-mismatch", "/projects/1/budget")},
    /* procurement.rules */
    {"procurement-item-amount", BUDGET, {P(NULL, "\"unit_price\": \"0.35\"", "\"unit_price\": \"0.4\"")},
     DIAG("sum-mismatch", "/procurement/units/1/items/1/amount")},
    {"procurement-item-funding", BUDGET, {P(NULL, "\"funding\": {\"general\": \"0.7\"}", "\"funding\": {\"general\": \"0.6\"}")},
     DIAG("sum-mismatch", "/procurement/units/1/items/1/amount")},
    {"procurement-item-sme", BUDGET, {P(NULL, "\"sme_reserved\": \"0.7\"", "\"sme_reserved\": \"0.8\"")},
     DIAG("too-large", "/procurement/units/1/items/1/sme_reserved")},
    {"procurement-unit-subtotal", BUDGET, {P(NULL, "\"subtotal\": \"4.7\"", "\"subtotal\": \"4.8\"")},
     DIAG("sum-mismatch", "/procurement/units/1/subtotal")},
    {"procurement-unit-display", BUDGET,
     {P("打印纸", "\"quantity\": \"2\"", "\"quantity\": \"1\""), P(NULL, "\"unit_price\": \"0.35\"", "\"unit_price\": \"0.705\""),
      P("\"procurement\"", "\"amount\": \"0.7\"", "\"amount\": \"0.705\""),
      P(NULL, "\"funding\": {\"general\": \"0.7\"}", "\"funding\": {\"general\": \"0.705\"}"),
      P(NULL, "\"unit_price\": \"1.333333\"", "\"unit_price\": \"1.335\""), P(NULL, "\"amount\": \"4\"", "\"amount\": \"4.005\""),
      P(NULL, "\"general\": \"3\"", "\"general\": \"3.005\"")},
     DIAG("rounding", "/procurement/units/1/name")},
    {"procurement-unit-funding", BUDGET, NOPATCH, FIG("/procurement/units/1/funding/general", "3.7")},
    {"procurement-unit-sme", BUDGET, NOPATCH, FIG("/procurement/units/1/sme_reserved", "0.7")},
    {"procurement-funding", BUDGET, NOPATCH, FIG("/procurement/funding/other", "1")},
    {"procurement-sme", BUDGET, NOPATCH, FIG("/procurement/sme_reserved", "0.7")},
    /* issue 13: the 2022 column groups, with one 财政拨款结转 column */
#define CARRY {P(NULL, "\"funding\": {\"general\": \"3\", \"other\": \"1\"}", "\"funding\": {\"general\": \"3\", \"carryover_fiscal\": \"1\"}")}
    {"procurement-item-current-funds", BUDGET, CARRY, FIG("/procurement/units/1/items/2/current_funds", "3")},
    {"procurement-item-other-channels", BUDGET, CARRY, FIG("/procurement/units/1/items/2/other_channels", "1")},
    {"procurement-unit-current-funds", BUDGET, CARRY, FIG("/procurement/units/1/current_funds", "3.7")},
    {"procurement-unit-other-channels", BUDGET, CARRY, FIG("/procurement/units/1/other_channels", "1")},
    {"procurement-current-funds", BUDGET, CARRY, FIG("/procurement/current_funds", "3.7")},
    {"procurement-other-channels", BUDGET, CARRY, FIG("/procurement/other_channels", "1")},
#undef CARRY
    {"procurement-total", BUDGET, {P("\"procurement\"", "\"total\": \"4.7\"", "\"total\": \"5.2\"")},
     DIAG("sum-mismatch", "/procurement/total")},
    /* two more units of half a cent each: the units print as 4.7 + 0.01 +
     * 0.01 = 4.72, the 合计 4.71 as 4.71 */
    {"procurement-display", BUDGET,
     {P(NULL, "\"units\": [",
        "\"units\": [{\"name\": \"乙\", \"items\": [{\"project\": \"甲\", \"item\": \"笔\", \"quantity\": \"1\", \"unit_price\": \"0.005\", "
        "\"amount\": \"0.005\", \"funding\": {\"general\": \"0.005\"}}]}, {\"name\": \"丙\", \"items\": [{\"project\": \"甲\", "
        "\"item\": \"笔\", \"quantity\": \"1\", \"unit_price\": \"0.005\", \"amount\": \"0.005\", \"funding\": {\"general\": \"0.005\"}}]},")},
     DIAG("rounding", "/procurement/units")},
    {"procurement-sentence-and-table", BUDGET,
     {P(NULL, "\"stated_total\": \"4.7\"", "\"stated_total\": \"4.9\""), P("\"procurement\"", "\"total\": \"4.7\"", "\"total\": \"5.2\"")},
     DIAG("sum-mismatch", "/procurement/stated_total")},
    {"procurement-sentence", BUDGET, {P(NULL, "\"stated_total\": \"4.7\"", "\"stated_total\": \"4.9\"")},
     DIAG("sum-mismatch", "/procurement/stated_total")},
    /* assets.rules */
    {"assets-total", BUDGET, {P(NULL, "\"total\": \"542.75\"", "\"total\": \"540\"")}, DIAG("sum-mismatch", "/assets/total")},
    {"assets-sentence-and-table", BUDGET,
     {P(NULL, "\"stated_total\": \"542.75\"", "\"stated_total\": \"545\""), P(NULL, "\"total\": \"542.75\"", "\"total\": \"540\"")},
     DIAG("sum-mismatch", "/assets/stated_total")},
    /* the table states what the sentence states (else the rule above names all three) */
    {"assets-sentence", BUDGET,
     {P(NULL, "\"stated_total\": \"542.75\"", "\"stated_total\": \"545\""), P(NULL, "\"total\": \"542.75\"", "\"total\": \"545\"")},
     DIAG("sum-mismatch", "/assets/stated_total")},
    {"assets-office-worth", BUDGET, {P("\"office_buildings\"", "\"value\": \"300\"", "\"value\": \"600\"")},
     DIAG("too-large", "/assets/office_buildings/value")},
    {"assets-office-area", BUDGET, {P(NULL, "\"quantity\": \"800\"", "\"quantity\": \"1300\"")},
     DIAG("too-large", "/assets/office_buildings/quantity")},
    /* selfeval.rules */
    {"execution-income-initial", SELFEVAL, {P("\"income_total\"", "\"initial\": \"100\"", "\"initial\": \"101\"")},
     DIAG("sum-mismatch", "/selfeval/execution/income_total/initial")},
    {"execution-income-adjusted", SELFEVAL, {P("\"income_total\"", "\"adjusted\": \"92.75\"", "\"adjusted\": \"93\"")},
     DIAG("sum-mismatch", "/selfeval/execution/income_total/adjusted")},
    {"execution-income-final", SELFEVAL, {P("\"income_total\"", "\"final\": \"92.5\"", "\"final\": \"93\"")},
     DIAG("sum-mismatch", "/selfeval/execution/income_total/final")},
    {"execution-expense-initial", SELFEVAL, {P("\"expense_total\"", "\"initial\": \"100\"", "\"initial\": \"101\"")},
     DIAG("sum-mismatch", "/selfeval/execution/expense_total/initial")},
    {"execution-expense-adjusted", SELFEVAL, {P("\"expense_total\"", "\"adjusted\": \"92.75\"", "\"adjusted\": \"93\"")},
     DIAG("sum-mismatch", "/selfeval/execution/expense_total/adjusted")},
    {"execution-expense-final", SELFEVAL, {P("\"expense_total\"", "\"final\": \"91.5\"", "\"final\": \"92.5\"")},
     DIAG("sum-mismatch", "/selfeval/execution/expense_total/final")},
    {"tasks-budget-fiscal-within", SELFEVAL,
     {P(NULL, "\"budget_fiscal\": \"5\"", "\"budget_fiscal\": \"6\""), P(NULL, "\"budget_fiscal\": \"125\"", "\"budget_fiscal\": \"126\"")},
     DIAG("too-large", "/selfeval/tasks/1/budget_fiscal")},
    {"tasks-spent-fiscal-within", SELFEVAL,
     {P(NULL, "\"spent_fiscal\": \"4.5\"", "\"spent_fiscal\": \"5\""), P(NULL, "\"spent_fiscal\": \"124.5\"", "\"spent_fiscal\": \"125\"")},
     DIAG("too-large", "/selfeval/tasks/1/spent_fiscal")},
    {"tasks-total-budget", SELFEVAL, {P("\"tasks_total\"", "\"budget\": \"131.03541\"", "\"budget\": \"130\"")},
     DIAG("sum-mismatch", "/selfeval/tasks_total/budget")},
    {"tasks-total-budget-fiscal", SELFEVAL, {P("\"tasks_total\"", "\"budget_fiscal\": \"125\"", "\"budget_fiscal\": \"126\"")},
     DIAG("sum-mismatch", "/selfeval/tasks_total/budget_fiscal")},
    {"tasks-total-spent", SELFEVAL, {P("\"tasks_total\"", "\"spent\": \"130.53541\"", "\"spent\": \"130\"")},
     DIAG("sum-mismatch", "/selfeval/tasks_total/spent")},
    {"tasks-total-spent-fiscal", SELFEVAL, {P("\"tasks_total\"", "\"spent_fiscal\": \"124.5\"", "\"spent_fiscal\": \"125\"")},
     DIAG("sum-mismatch", "/selfeval/tasks_total/spent_fiscal")},
    /* tables.rules (issue 11) */
    {"functional-basic-rollup", TABLES, NOPATCH, FIG("/classified/basic/general", "350.5")},
    {"functional-project-rollup", TABLES, NOPATCH, FIG("/classified/project/fund", "20")},
    {"functional-funds", TABLES, NOPATCH, FIG("/classified/functional/1/funds/general", "550.5")},
    {"functional-basic-total", TABLES, NOPATCH, FIG("/classified/functional/1/basic_total", "300.5")},
    {"functional-project-total", TABLES, NOPATCH, FIG("/classified/functional/1/project_total", "254")},
    {"functional-total", TABLES, NOPATCH, FIG("/classified/functional/1/total", "554.5")},
    {"functional-carryover", TABLES, NOPATCH, FIG("/classified/functional/1/carryover", "0")},
    {"functional-unit", TABLES, NOPATCH, FIG("/classified/functional/1/unit", "4")},
    {"functional-fiscal", TABLES, NOPATCH, FIG("/classified/functional/1/fiscal", "550.5")},
    {"tables-unit-total", TABLES, NOPATCH, FIG("/classified/unit_total", "4")},
    {"tables-funds", TABLES, NOPATCH, FIG("/classified/funds/general", "600.5")},
    {"tables-basic-total", TABLES, NOPATCH, FIG("/classified/basic_total", "350.5")},
    {"tables-project-total", TABLES, NOPATCH, FIG("/classified/project_total", "274")},
    {"tables-total", TABLES, NOPATCH, FIG("/classified/total", "624.5")},
    {"tables-income-total", TABLES, NOPATCH, FIG("/classified/income_total", "624.5")},
    {"tables-carryover", TABLES, NOPATCH, FIG("/classified/carryover", "0")},
    {"tables-fiscal-total", TABLES, NOPATCH, FIG("/classified/fiscal_total", "620.5")},
    {"tables-income-grand", TABLES, NOPATCH, FIG("/classified/income_grand", "624.5")},
    {"tables-expense-grand", TABLES, NOPATCH, FIG("/classified/expense_grand", "624.5")},
    {"tables-balance", TABLES, {P(NULL, "\"carryover_end\": \"0\"", "\"carryover_end\": \"1\"")},
     DIAG("unbalanced", "/classified/carryover_end")},
    {"economic-personnel-rollup", TABLES, NOPATCH, FIG("/classified/econ_personnel", "300.25")},
    {"economic-public-rollup", TABLES, NOPATCH, FIG("/classified/econ_public", "50.25")},
    {"economic-row-total", TABLES, NOPATCH, FIG("/classified/economic/2/total", "200")},
    {"economic-total", TABLES, NOPATCH, FIG("/classified/econ_total", "350.5")},
    {"economic-vs-general", TABLES, {P("\"基本工资\"", "\"personnel\": \"200\"", "\"personnel\": \"201\"")},
     DIAG("sum-mismatch", "/classified/economic")},
    {"project-funds", TABLES, NOPATCH, FIG("/classified/project_funds/general", "250")},
    {"project-funds-total", TABLES, NOPATCH, FIG("/classified/project_funds_total", "274")},
    {"project-funds-vs-functional", TABLES, {P("\"name\": \"人才公寓\"", "\"fund\": \"20\"", "\"general\": \"20\"")},
     DIAG("sum-mismatch", "/projects")},
    {"project-budget-funding", TABLES, {P("\"name\": \"人才工作\"", "\"unit_funds\": \"4\"", "\"unit_funds\": \"5\"")},
     DIAG("sum-mismatch", "/projects/2/budget")},
    {"tables-vs-income-general", TABLES, {P("\"行政运行\"", "\"general\": \"300.5\"", "\"general\": \"301.5\"")},
     DIAG("sum-mismatch", "/income/general_budget")},
    {"tables-vs-income-fund", TABLES, {P("\"其他国有土地使用权出让收入安排的支出\"", "\"fund\": \"20\"", "\"fund\": \"21\"")},
     DIAG("sum-mismatch", "/income/fund_budget")},
    {"tables-vs-income-special", TABLES,
     {P("\"行政运行\"", "\"general\": \"300.5\"", "\"general\": \"300\", \"special_account\": \"0.5\"")},
     DIAG("sum-mismatch", "/income/special_account")},
    {"tables-vs-income-other", TABLES, {P("\"其他组织事务支出\"", "\"unit_funds\": \"4\"", "\"unit_funds\": \"5\"")},
     DIAG("sum-mismatch", "/income/other")},
    {"tables-vs-income-carryover", TABLES, {P("\"income\"", "\"total\": \"624.5\"", "\"carryover\": \"1\", \"total\": \"625.5\"")},
     DIAG("sum-mismatch", "/income/carryover")},
    {"tables-vs-basic", TABLES, {P("\"行政运行\"", "\"general\": \"300.5\"", "\"general\": \"301.5\"")},
     DIAG("sum-mismatch", "/expenditure/personnel")},
    {"tables-vs-project", TABLES, {P("\"一般行政管理事务\"", "\"general\": \"200\"", "\"general\": \"201\"")},
     DIAG("sum-mismatch", "/expenditure/project_total")},
    {"tables-vs-personnel", TABLES, {P("\"基本工资\"", "\"personnel\": \"200\"", "\"personnel\": \"201\"")},
     DIAG("sum-mismatch", "/expenditure/personnel")},
    {"tables-vs-public", TABLES, {P("\"办公费\"", "\"public\": \"20.5\"", "\"public\": \"21\"")},
     DIAG("sum-mismatch", "/expenditure/public")},
    {"table-three-vehicle", TABLES, {P("\"carryover_end\"", "\"vehicle_total\": \"5.5\"", "\"vehicle_total\": \"6.5\"")},
     DIAG("sum-mismatch", "/classified/three_public/vehicle_total")},
    {"table-three-total", TABLES, {P("\"carryover_end\"", "\"total\": \"7.75\"", "\"total\": \"8.75\"")},
     DIAG("sum-mismatch", "/classified/three_public/total")},
    {"table-three-vs-section", TABLES,
     {P("\"carryover_end\"", "\"total\": \"7.75\"", "\"total\": \"8.75\""), P("\"carryover_end\"", "\"abroad\": \"0\"", "\"abroad\": \"1\"")},
     DIAG("sum-mismatch", "/three_public/total")},
};

/* Whether the case's expectation holds after checking with rules_dir. */
static bool case_holds(const rule_case *c, const char *rules_dir, char *got, size_t n)
{
    const char *text = gk_test_patch(gk_test_read(c->base, NULL), c->patch, COUNT(c->patch));
    gk_diags *d = gk_test_diags();
    gk_model *m = gk_test_load(c->base, text, false, GK_OK, d);
    gk_model_check_with(m, rules_dir, d);
    for (size_t i = 0; i < d->count; i++)
        if (strcmp(d->items[i].code, "bad-rules") == 0) fail_msg("%s", d->items[i].message);
    if (!c->figure) {
        snprintf(got, n, "%zu diagnostics", d->count);
        return gk_test_find(d, c->code, c->path) != NULL;
    }
    gk_dec v;
    if (!gk_model_figure(m, c->path, &v)) {
        snprintf(got, n, "no figure");
        return false;
    }
    char buf[GK_DEC_STRLEN];
    snprintf(got, n, "%s", gk_dec_format(v, -1, buf));
    return strcmp(got, c->figure) == 0;
}

/* The rule's input gives its diagnostic (or figure) with the built-in rules
 * files, and no longer does when the rule alone is removed from its file:
 * removing any rule makes this test fail. */
static void test_rule_case(void **state)
{
    const rule_case *c = *state;
    const char *from, *to;
    const gk_builtin_rules *file = section_of(c->rule, &from, &to);
    if (!file) fail_msg("no built-in rules file has [%s]", c->rule);
    char got[64];
    if (!case_holds(c, NULL, got, sizeof got))
        fail_msg("[%s] with the built-in rules: expected %s %s, got %s", c->rule, c->figure ? c->path : c->code,
                 c->figure ? c->figure : c->path, got);
    gk_buf without = {0};
    gk_buf_append(&without, file->text, (size_t)(from - file->text));
    gk_buf_puts(&without, to);
    tmpdir t;
    tmpdir_make(&t);
    char name[64];
    snprintf(name, sizeof name, "%s.rules", file->name);
    tmpdir_write(&t, name, gk_buf_str(&without));
    gk_buf_free(&without);
    bool still = case_holds(c, t.path, got, sizeof got);
    tmpdir_remove(&t);
    if (still) fail_msg("[%s] removed from %s.rules, its input still gives %s %s", c->rule, file->name, c->code ? c->code : c->path, c->path);
}

/* Every section of every built-in rules file has its case above (so a rule
 * added without a test fails here), and every case names a rule that exists. */
static void test_every_rule_is_tested(void **state)
{
    (void)state;
    size_t rules = 0;
    for (const gk_builtin_rules *b = gk_builtin_rules_files; b->name; b++) {
        for (const char *p = b->text; (p = strstr(p, "\n[")); p++) {
            const char *end = strchr(p, ']');
            assert_non_null(end);
            size_t n = (size_t)(end - p - 2);
            bool found = false;
            for (size_t i = 0; i < COUNT(rule_cases) && !found; i++)
                found = strlen(rule_cases[i].rule) == n && memcmp(rule_cases[i].rule, p + 2, n) == 0;
            if (!found) fail_msg("[%.*s] of %s.rules has no case in rule_cases (tests/test_rules.c)", (int)n, p + 2, b->name);
            rules++;
        }
    }
    assert_int_equal(rules, COUNT(rule_cases));
    const char *from, *to;
    for (size_t i = 0; i < COUNT(rule_cases); i++)
        if (!section_of(rule_cases[i].rule, &from, &to)) fail_msg("rule_cases names [%s], which no rules file has", rule_cases[i].rule);
}

/* Adding an identity is one edit of a rules file: a template folder's
 * totals.rules with one more rule gives its diagnostic. */
static void test_added_rule(void **state)
{
    (void)state;
    const char *from, *to;
    const gk_builtin_rules *totals = section_of("income-total", &from, &to);
    gk_buf text = {0};
    gk_buf_puts(&text, totals->text);
    gk_buf_puts(&text, "\n[reception-within-abroad]\nform = at-most\nleft = /three_public/reception\nright = /three_public/abroad\n"
                       "message = 公务接待费 {left} exceeds 因公出国（境）费 {right}\n");
    tmpdir t;
    tmpdir_make(&t);
    tmpdir_write(&t, "totals.rules", gk_buf_str(&text));
    gk_buf_free(&text);
    gk_diags *d = gk_test_diags();
    gk_model *m = gk_test_load_file(BUDGET, GK_OK, d);
    gk_status st = gk_model_check_with(m, t.path, d);
    tmpdir_remove(&t);
    assert_int_equal(st, GK_INVALID);
    gk_test_expect_counts(d, 1, 0);
    const gk_diag *g = gk_test_expect(d, "too-large", "/three_public/reception");
    assert_string_equal(g->message, "公务接待费 2.25 exceeds 因公出国（境）费 0");
    assert_string_equal(g->file, gk_test_path(BUDGET));
    /* the built-in rules know nothing of it */
    gk_model *m2 = gk_test_load_file(BUDGET, GK_OK, gk_test_diags());
    assert_int_equal(gk_model_check_with(m2, NULL, d = gk_test_diags()), GK_OK);
}

/* The rollup form (issue 11) on the classified lines: a 款 computed from its
 * 项 and a 类 from its 款 in every fund column, a stated 款 that differs named
 * with both figures, children that as printed miss the printed parent (尾差)
 * a warning, and a stated parent that agrees passing. */
static void test_rollup(void **state)
{
    (void)state;
    static const struct {
        gk_patch patch[3];
        const char *code, *path, *message; /* NULL: no diagnostic of the form */
    } cases[] = {
        {{{"\"code\": \"20132\"", "\"name\": \"组织事务\"", "\"name\": \"组织事务\", \"project\": {\"general\": \"251\"}"}},
         "sum-mismatch", "/classified/functional/2/project/general",
         "项目支出 of 20132 组织事务 is stated as 251 here, but the rows under it add up to 250"},
        {{{"\"code\": \"20132\"", "\"name\": \"组织事务\"", "\"name\": \"组织事务\", \"project\": {\"general\": \"250\", \"unit_funds\": \"4\"}"}},
         NULL, NULL, NULL},
        {{{"\"一般行政管理事务\"", "\"general\": \"200\"", "\"general\": \"199.995\""},
          {"\"其他组织事务支出\"", "\"general\": \"50\"", "\"general\": \"50.005\""}},
         "rounding", "/classified/functional/2/project/general",
         "项目支出 of 20132 组织事务: the rows under it as printed add up to 250.01 but it prints as 250.00 (尾差)"},
    };
    for (size_t k = 0; k < COUNT(cases); k++) {
        const char *input = gk_test_patch(gk_test_read(TABLES, NULL), cases[k].patch, COUNT(cases[k].patch));
        gk_diags *d = gk_test_diags();
        gk_model *m = gk_test_load(TABLES, input, false, GK_OK, d);
        gk_model_check(m, d);
        assert_null(gk_test_find(d, "bad-rules", NULL));
        char buf[GK_DEC_STRLEN];
        gk_dec v;
        /* 201's 项目支出 (一般公共预算拨款) is its one 款's, computed from the 项 */
        assert_true(gk_model_figure(m, "/classified/functional/1/project/general", &v));
        assert_string_equal(gk_dec_format(v, -1, buf), "250");
        assert_true(gk_model_figure(m, "/classified/functional/2/project/unit_funds", &v));
        assert_string_equal(gk_dec_format(v, -1, buf), "4");
        if (!cases[k].code) {
            gk_test_expect_counts(d, 0, 0);
            continue;
        }
        const gk_diag *g = gk_test_expect(d, cases[k].code, cases[k].path);
        assert_string_equal(g->message, cases[k].message);
        assert_int_equal(g->severity, strcmp(cases[k].code, "rounding") == 0 ? GK_WARNING : GK_ERROR);
    }
}

/* The hierarchy form on the one list with codes the input has today, the
 * procurement units: a unit whose code is 3 digits equals the sum of the
 * 6-digit units below it. (The 功能分类 and 经济分类 tables of the tables
 * issue will use it with levels 3 5 7 and 3 5.) */
static void test_hierarchy(void **state)
{
    (void)state;
    static const char *const rule =
        "\n[units-by-code]\nform = hierarchy\ntotal = /procurement/units/*/subtotal\ncode_of = /procurement/units/*/code\n"
        "levels = 3 6\ncode = hierarchy\nmessage = {/procurement/units/*/code} {/procurement/units/*/name}: 小计 {left}, "
        "but the units below it add up to {right}\n";
    const char *from, *to;
    const gk_builtin_rules *file = section_of("procurement-total", &from, &to);
    gk_buf text = {0};
    gk_buf_puts(&text, file->text);
    gk_buf_puts(&text, rule);
    tmpdir t;
    tmpdir_make(&t);
    tmpdir_write(&t, "procurement.rules", gk_buf_str(&text));
    gk_buf_free(&text);
    /* unit 301 (4.7) over 301001 (2) and 301002 (second: 2.7 or 2.5); 302001 is no child */
    static const char *const unit = "{\"code\": \"%s\", \"name\": \"%s\", \"items\": [{\"project\": \"甲\", \"item\": \"笔\", "
                                    "\"quantity\": \"1\", \"unit_price\": \"%s\", \"amount\": \"%s\", \"funding\": {\"general\": \"%s\"}}]}, ";
    static const char *const second[] = {"2.7", "2.5"};
    for (int k = 0; k < 2; k++) {
        gk_buf units = {0};
        gk_buf_puts(&units, "\"units\": [");
        gk_buf_printf(&units, unit, "301001", "甲", "2", "2", "2");
        gk_buf_printf(&units, unit, "301002", "乙", second[k], second[k], second[k]);
        gk_buf_printf(&units, unit, "302001", "丙", "9", "9", "9");
        gk_buf_puts(&units, "{\"code\": \"301\", ");
        gk_patch patch[] = {{NULL, "\"units\": [\n      {", gk_buf_str(&units)}, {NULL, NULL, NULL}};
        const char *input = gk_test_patch(gk_test_read(BUDGET, NULL), patch, COUNT(patch));
        gk_diags *d = gk_test_diags();
        gk_model *m = gk_test_load(BUDGET, input, false, GK_OK, d);
        gk_model_check_with(m, t.path, d);
        gk_buf_free(&units);
        const gk_diag *g = gk_test_find(d, "hierarchy", NULL);
        if (k == 0) {
            if (g) fail_msg("unexpected: %s", g->message);
            continue;
        }
        g = gk_test_expect(d, "hierarchy", "/procurement/units/4/subtotal");
        assert_string_equal(g->message, "301 测试县委组织部: 小计 4.7, but the units below it add up to 4.5");
        gk_test_expect_counts(d, (size_t)-1, (size_t)-1);
        assert_null(gk_test_find(d, "bad-rules", NULL));
    }
    tmpdir_remove(&t);
}

/* A bad rules file is named with its line and key; its other rules still run. */
typedef struct bad_case {
    const char *name;
    const char *text; /* totals.rules */
    unsigned line;
    const char *message;
} bad_case;

static const bad_case bad_cases[] = {
    {"unknown form", "[x]\nform = ratio\ntotal = /income/total\nparts = /income/other\n", 2,
     "[x] form: unknown form \"ratio\" (sum, equal, at-most, product, display-sum, hierarchy, rollup)"},
    {"a path that resolves to nothing", "[x]\nform = sum\ntotal = /income/totl\nparts = /income/other\n", 3,
     "[x] total: the path resolves to nothing: /income/totl: income has no field \"totl\""},
    {"a list without *", "[x]\nform = sum\ntotal = /income/total\nparts = /expenditure/projects/amount\n", 4,
     "[x] parts: the path resolves to nothing: projects is a list: * or an element number must follow it"},
    {"a part that is not a figure", "[x]\nform = sum\ntotal = /income/total\nparts = /department/name\n", 4,
     "[x] parts: /department/name is not a figure"},
    {"a line that is no key", "; comment\n[x]\nform = sum\nthis line has no equals sign\n", 4,
     "expected key = value or [rule-id], found \"this line has no equals sign\""},
    {"an unknown key", "[x]\nform = sum\ntotal = /income/total\nparts = /income/other\ncolour = red\n", 5, "[x] colour: unknown key"},
    {"a missing key", "[x]\nform = sum\ntotal = /income/total\n", 1, "[x] parts: missing"},
    {"a message naming nothing", "[x]\nform = equal\nleft = /income/total\nright = /income/other\nmessage = {/income/nothing}\n", 5,
     "[x] message: {/income/nothing} resolves to nothing: /income/nothing: income has no field \"nothing\""},
    {"an unknown diagnostic code", "[x]\nform = sum\ntotal = /income/total\nparts = /income/other\ncode = oops\n", 5,
     "[x] code: \"oops\" is not a diagnostic code (sum-mismatch, rounding, too-large, unbalanced, missing-field, inconsistent, "
     "hierarchy)"},
    {"an unknown condition path", "[x]\nform = sum\ntotal = /income/total\nparts = /income/other\nwhen = /incme\n", 5,
     "[x] when: the path resolves to nothing: /incme: input has no field \"incme\""},
};

static void test_bad_rules(void **state)
{
    const bad_case *c = *state;
    tmpdir t;
    tmpdir_make(&t);
    tmpdir_write(&t, "totals.rules", c->text);
    gk_diags *d = gk_test_diags();
    gk_model *m = gk_test_load_file(BUDGET, GK_OK, d);
    gk_status st = gk_model_check_with(m, t.path, d);
    char file[128];
    snprintf(file, sizeof file, "%s/totals.rules", t.path);
    tmpdir_remove(&t);
    assert_int_equal(st, GK_INVALID);
    gk_test_expect_counts(d, 1, 0);
    const gk_diag *g = gk_test_expect(d, "bad-rules", "");
    assert_string_equal(g->file, file);
    assert_int_equal(g->line, c->line);
    assert_string_equal(g->message, c->message);
}

/* An overflow while summing derived figures (the units' column totals,
 * which the input never states) is an error at the unit that made it, and
 * leaves the table's column total unknown. */
static void test_overflow_of_a_derived_figure(void **state)
{
    (void)state;
    gk_patch patch[] = {{NULL, "\"units\": [",
                         "\"units\": [{\"name\": \"乙\", \"items\": [{\"project\": \"甲\", \"item\": \"楼\", \"quantity\": \"1\", "
                         "\"unit_price\": \"999999999999\", \"amount\": \"999999999999\", \"funding\": {\"general\": \"999999999999\"}}]},"},
                        {NULL, NULL, NULL}};
    const char *input = gk_test_patch(gk_test_read(BUDGET, NULL), patch, COUNT(patch));
    gk_diags *d = gk_test_diags();
    gk_model *m = gk_test_load(BUDGET, input, false, GK_OK, d);
    assert_int_equal(gk_model_check(m, d), GK_INVALID);
    /* at the unit whose column made it overflow (overflow_at), as check.c did */
    const gk_diag *g = gk_test_expect(d, "overflow", "/procurement/units/2/name");
    assert_string_equal(g->message, "adding this figure 3.7 to the sum so far 999999999999 goes beyond ±1000000000000 (10^12), "
                                    "the largest figure gongkai computes with; the total cannot be computed");
    /* the column total is unknown, not a wrong figure */
    gk_dec v;
    assert_false(gk_model_figure(m, "/procurement/funding/general", &v));
    assert_true(gk_model_figure(m, "/procurement/units/1/funding/general", &v));
}

/* A rules file in the template folder that cannot be read is an error, not
 * a silent fall-back to the built-in one. */
static void test_unreadable_rules(void **state)
{
    (void)state;
    tmpdir t;
    tmpdir_make(&t);
    char path[128];
    snprintf(path, sizeof path, "%s/totals.rules", t.path);
    assert_int_equal(mkdir(path, 0700), 0);
    gk_diags *d = gk_test_diags();
    gk_model *m = gk_test_load_file(BUDGET, GK_OK, d);
    gk_status st = gk_model_check_with(m, t.path, d);
    rmdir(path);
    tmpdir_remove(&t);
    assert_int_equal(st, GK_INVALID);
    gk_test_expect_counts(d, 1, 0);
    const gk_diag *g = gk_test_expect(d, "bad-rules", "");
    assert_string_equal(g->file, path);
    assert_string_equal(g->message, "the rules file totals.rules cannot be read: this is a folder, not a file");
}

/* The kinds table holds what each kind needs, and each entry resolves: the
 * enumeration's names are the table's, its template and rules files are
 * built in, every needed field is a top-level field of the input, and a
 * kind's input without one is refused naming it. */
static void test_kinds_table(void **state)
{
    (void)state;
    size_t k = 0;
    for (; gk_kinds[k].name; k++) {
        const gk_kind *kind = &gk_kinds[k];
        assert_non_null(gk_doc_kind_names[k]);
        assert_string_equal(gk_doc_kind_names[k], kind->name);
        gk_arena arena = {NULL};
        gk_tpl_source src = {NULL, NULL};
        const char *text = NULL, *origin = NULL, *why = NULL;
        assert_int_equal(gk_tpl_find(&src, kind->template_name, &arena, &text, &origin, &why), GK_OK);
        if (!text) fail_msg("the %s kind's template %s is not built in", kind->name, kind->template_name);
        for (const char *const *r = kind->rules; *r; r++)
            if (!gk_rules_find(NULL, *r, &arena, &origin, &why)) fail_msg("%s: rules file %s: %s", kind->name, *r, why);
        assert_non_null(kind->subject);
        for (const char *const *key = kind->needs; *key; key++) {
            const gk_field *f = gk_input_shape.fields;
            while (f->key && strcmp(f->key, *key) != 0) f++;
            if (!f->key) fail_msg("the %s kind needs \"%s\", which the input does not have", kind->name, *key);
        }
        gk_arena_free(&arena);
    }
    assert_null(gk_doc_kind_names[k]);
    /* a goals input without its projects is refused naming the field */
    static const char goals[] = "{\"document\": \"goals\", \"department\": {\"name\": \"某县某局\", \"year\": 2024, \"level\": \"县\"},"
                                " \"performance\": {\"overall\": [\"完成\"]}}";
    gk_diags *d = gk_test_diags();
    gk_model *m = gk_test_load("goals.json", goals, false, GK_OK, d);
    assert_int_equal(gk_model_check(m, d), GK_INVALID);
    const gk_diag *g = gk_test_expect(d, "missing-field", "");
    const char *needles[] = {"a goals document needs \"projects\"", NULL};
    gk_test_expect_message(g, needles, 1);
    assert_false(gk_input_has(&(gk_input){0}, "no-such-field"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GK_TEST(test_check_twice),
        GK_TEST(test_kinds_table),
        GK_TEST(test_quyang_funding_twice),
        GK_TEST(test_compose_refuses_unchecked),
        GK_TEST(test_every_rule_is_tested),
        GK_TEST(test_added_rule),
        GK_TEST(test_hierarchy),
        GK_TEST(test_rollup),
        GK_TEST(test_unreadable_rules),
        GK_TEST(test_overflow_of_a_derived_figure),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    failed += gk_test_run_cases("every rule is needed", test_rule_case, rule_cases, sizeof rule_cases[0], COUNT(rule_cases));
    failed += gk_test_run_cases("bad rules files", test_bad_rules, bad_cases, sizeof bad_cases[0], COUNT(bad_cases));
    return failed;
}
