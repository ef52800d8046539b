/* The identities of SPEC.md ("Identities the generator checks") and the
 * scoring rules of the self-evaluation (the rules files templates/NAME.rules
 * evaluated by model/rules.c, model/check.c, model/score.c).
 *
 * Two small valid inputs, tests/inputs/check-budget.json and
 * check-selfeval.json, state every total and score. Each case changes a
 * figure or two so that exactly one identity breaks, and expects that
 * diagnostic, at the stated figure, naming both figures — and nothing else.
 */
#include "support.h"

#include "model.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define BUDGET "tests/inputs/check-budget.json"
#define SELFEVAL "tests/inputs/check-selfeval.json"

/* Checks a loaded model: the status says whether there were errors. After
 * the check the model carries computed figures beside the stated ones
 * (gk_num_printed gives the one a document prints). */
static void check(gk_model *m, gk_diags *d)
{
    gk_status st = gk_model_check(m, d);
    assert_int_equal(st, d->errors ? GK_INVALID : GK_OK);
}

/* Loads text (which must load cleanly), checks it and returns the model. */
static gk_model *check_text(const char *name, const char *text, gk_diags *d)
{
    gk_model *m = gk_test_load(name, text, false, GK_OK, d);
    check(m, d);
    return m;
}

static gk_se_indicator *indicator(gk_model *m, size_t row)
{
    assert_true(row >= 1 && row <= m->in.selfeval.indicators.n);
    return &((gk_se_indicator *)m->in.selfeval.indicators.v)[row - 1];
}

static void expect_dec_text(gk_dec got, const char *want, const char *what)
{
    gk_dec w;
    char buf[GK_DEC_STRLEN];
    assert_int_equal(gk_dec_parse(want, strlen(want), &w), GK_DEC_OK);
    if (!gk_dec_eq(got, w)) fail_msg("%s is %s, expected %s", what, gk_dec_format(got, -1, buf), want);
}

/* ---- the bases are valid ---- */

static void test_budget_base_is_valid(void **state)
{
    (void)state;
    gk_diags *d = gk_test_diags();
    check_text(BUDGET, gk_test_read(BUDGET, NULL), d);
    gk_test_expect_counts(d, 0, 0);
}

/* Every row of the self-evaluation base scores what it states, and after the
 * check the model carries those scores, the total and the grade. */
static void test_selfeval_base_scores(void **state)
{
    (void)state;
    static const char *const scores[] = {"2", "2.4", "3", "2.8", "3.8", "3.2", "15", "19.5", "0", "7.5", "7.5", NULL, NULL,
                                         "10"};
    gk_diags *d = gk_test_diags();
    gk_model *m = check_text(SELFEVAL, gk_test_read(SELFEVAL, NULL), d);
    gk_test_expect_counts(d, 0, 0);
    assert_int_equal(m->in.selfeval.indicators.n, COUNT(scores));
    for (size_t row = 1; row <= COUNT(scores); row++) {
        gk_se_indicator *r = indicator(m, row);
        if (scores[row - 1]) expect_dec_text(gk_num_printed(&r->score), scores[row - 1], r->name.s);
        else assert_false(r->score.set || r->score.computed);
    }
    expect_dec_text(gk_num_printed(&m->in.selfeval.total_score), "76.7", "the total");
    assert_string_equal(m->in.selfeval.grade.s, "中");
}

/* ---- one identity at a time ---- */

typedef struct check_case {
    const char *name;
    const char *base;          /* BUDGET or SELFEVAL */
    gk_patch patch[10];
    const char *code;          /* the diagnostic the change gives; NULL: none */
    gk_severity severity;
    const char *path;
    const char *at;            /* the input text the diagnostic points at (NULL: not checked) */
    const char *message[3];    /* the message names these figures */
    size_t errors, warnings;   /* everything the change gives */
} check_case;

#define P(anchor, from, to) {anchor, from, to}
#define ERR(code, path, at) code, GK_ERROR, path, at
#define WARN(code, path, at) code, GK_WARNING, path, at
#define VALID NULL, GK_ERROR, NULL, NULL, {NULL}, 0, 0
#define ANY ((size_t)-1) /* a count not checked by the case */

static const check_case check_cases[] = {
    /* 收入 and 支出 */
    {"收入合计 = the income parts", BUDGET, {P("\"income\"", "\"total\": \"624.5\"", "\"total\": \"625\"")},
     ERR("sum-mismatch", "/income/total", "\"625\""), {"收入合计", "625", "624.5"}, 1, 0},
    {"基本支出 = 人员经费 + 日常公用经费", BUDGET, {P(NULL, "\"basic_total\": \"350.5\"", "\"basic_total\": \"351\"")},
     ERR("sum-mismatch", "/expenditure/basic_total", "\"351\""), {"基本支出", "351", "350.5"}, 1, 0},
    {"项目支出 = the listed projects", BUDGET, {P(NULL, "\"project_total\": \"274\"", "\"project_total\": \"275\"")},
     ERR("sum-mismatch", "/expenditure/project_total", "\"275\""), {"项目支出", "275", "274"}, 1, 0},
    {"an incomplete list needs project_total", BUDGET,
     {P(NULL, "\"project_total\": \"274\",", "\"projects_complete\": false,")},
     ERR("missing-field", "/expenditure/projects_complete", "false"), {"project_total"}, 1, 0},
    {"an incomplete list need not add up", BUDGET,
     {P(NULL, "\"project_total\": \"274\",", "\"projects_complete\": false, \"project_total\": \"274\","),
      P(NULL, "\"amount\": \"74\"", "\"amount\": \"70\"")},
     VALID},
    {"支出合计 = 基本支出 + 项目支出", BUDGET, {P("\"expenditure\"", "\"total\": \"624.5\"", "\"total\": \"620\"")},
     ERR("sum-mismatch", "/expenditure/total", "\"620\""), {"支出合计", "620", "624.5"}, 1, 0},
    {"收入合计 = 支出合计", BUDGET,
     {P(NULL, "\"general_budget\": \"600.5\"", "\"general_budget\": \"601.5\""),
      P("\"income\"", "\"total\": \"624.5\"", "\"total\": \"625.5\"")},
     ERR("unbalanced", "/income/general_budget", "\"601.5\""), {"625.5", "624.5"}, 1, 0},
    /* 比上年增减 */
    {"prior-year total", BUDGET, {P("\"prior_year\"", "\"total\": \"550\"", "\"total\": \"560\"")},
     ERR("sum-mismatch", "/prior_year/total", "\"560\""), {"560", "550"}, 1, 0},
    {"change of the total", BUDGET, {P(NULL, "\"stated_change_total\": \"74.5\"", "\"stated_change_total\": \"75\"")},
     ERR("sum-mismatch", "/prior_year/stated_change_total", "\"75\""), {"75", "74.5"}, 1, 0},
    {"change of 基本支出", BUDGET, {P(NULL, "\"stated_change_basic\": \"50.5\"", "\"stated_change_basic\": \"49.5\"")},
     ERR("sum-mismatch", "/prior_year/stated_change_basic", "\"49.5\""), {"49.5", "50.5"}, 1, 0},
    {"change of 项目支出 with the wrong sign", BUDGET,
     {P(NULL, "\"stated_change_project\": \"24\"", "\"stated_change_project\": \"-26\"")},
     ERR("sum-mismatch", "/prior_year/stated_change_project", "\"-26\""), {"-26", "24"}, 1, 0},
    {"a decrease is a negative change", BUDGET,
     {P("\"prior_year\"", "\"project\": \"250\"", "\"project\": \"300\""),
      P("\"prior_year\"", "\"total\": \"550\"", "\"total\": \"600\""),
      P(NULL, "\"stated_change_project\": \"24\"", "\"stated_change_project\": \"-26\""),
      P(NULL, "\"stated_change_total\": \"74.5\"", "\"stated_change_total\": \"24.5\"")},
     VALID},
    /* issue 13: a change stated the wrong way round says so, beside the mismatch */
    {"a 减少 stated as an 增加", BUDGET,
     {P("\"prior_year\"", "\"project\": \"250\"", "\"project\": \"300\""),
      P("\"prior_year\"", "\"total\": \"550\"", "\"total\": \"600\""),
      P(NULL, "\"stated_change_project\": \"24\"", "\"stated_change_project\": \"26\""),
      P(NULL, "\"stated_change_total\": \"74.5\"", "\"stated_change_total\": \"24.5\"")},
     WARN("inconsistent", "/prior_year/stated_change_project", "\"26\""), {"wrong sign", "减少 of 26", "state it as -26"}, 1, 1},
    {"an 增加 stated as a 减少", BUDGET, {P(NULL, "\"stated_change_basic\": \"50.5\"", "\"stated_change_basic\": \"-50.5\"")},
     WARN("inconsistent", "/prior_year/stated_change_basic", "\"-50.5\""), {"wrong sign", "增加 of 50.5", "state it as 50.5"}, 1, 1},
    /* issue 13: the 项目绩效目标表 against the 支出说明's project list */
    {"a project table's 预算数 differs from the 支出说明", BUDGET,
     {P(NULL, "\"budget\": \"200\"", "\"budget\": \"201\""), P(NULL, "\"fiscal\": \"180\"", "\"fiscal\": \"181\"")},
     ERR("inconsistent", "/expenditure/projects/1/amount", "\"200\""), {"党员教育", "200", "预算数 201"}, 1, 0},
    {"a project table missing from a complete 支出说明", BUDGET, {P("\"performance\"", "\"projects\": [", "\"projects\": [{\"name\": \"远程教育\", \"goals\": [\"维护站点。\"], \"indicators\": [{\"level1\": \"产出指标\", \"level2\": \"数量指标\", \"name\": \"站点\", \"description\": \"\", \"value\": \"10个\", \"basis\": \"\"}]},")},
     ERR("inconsistent", "/projects/1/name", "\"远程教育\""), {"远程教育", "not in the 支出说明"}, 1, 0},
    {"an incomplete 支出说明 need not list every table", BUDGET,
     {P("\"performance\"", "\"projects\": [", "\"projects\": [{\"name\": \"远程教育\", \"goals\": [\"维护站点。\"], \"indicators\": [{\"level1\": \"产出指标\", \"level2\": \"数量指标\", \"name\": \"站点\", \"description\": \"\", \"value\": \"10个\", \"basis\": \"\"}]},"), P(NULL, "\"project_total\": \"274\",", "\"projects_complete\": false, \"project_total\": \"274\",")},
     VALID},
    {"a list of 功能科目 is not compared with the tables", BUDGET,
     {P(NULL, "{\"name\": \"党员教育\", \"amount\": \"200\"}", "{\"name\": \"组织事务支出\", \"amount\": \"200\"}")},
     VALID},
    {"the prior year is before the budget year", BUDGET, {P(NULL, "\"basic\": \"300\",", "\"year\": 2020, \"basic\": \"300\",")},
     ERR("bad-year", "/prior_year/year", "2020"), {"2020"}, 1, 0},
    /* 机关运行经费 and 三公 */
    {"机关运行经费 = its items", BUDGET, {P("\"operating_costs\"", "\"amount\": \"30\"", "\"amount\": \"31\"")},
     ERR("sum-mismatch", "/operating_costs/amount", "\"31\""), {"机关运行经费", "31", "30"}, 1, 0},
    {"机关运行经费 off by display rounding (尾差)", BUDGET,
     {P("\"operating_costs\"", "\"amount\": \"30\"", "\"amount\": \"30.01\""),
      P(NULL, "\"amount\": \"20.5\"", "\"amount\": \"20.505\"")},
     WARN("rounding", "/operating_costs/amount", "\"30.01\""), {"30.01", "30.005"}, 0, 1},
    {"公务用车 = 购置 + 运行维护", BUDGET, {P(NULL, "\"vehicle_total\": \"5.5\"", "\"vehicle_total\": \"6.5\"")},
     ERR("sum-mismatch", "/three_public/vehicle_total", "\"6.5\""), {"公务用车", "6.5", "5.5"}, 1, 0},
    {"三公 total = 出国 + 公务用车 + 接待", BUDGET, {P("\"three_public\"", "\"total\": \"7.75\"", "\"total\": \"8.75\"")},
     ERR("sum-mismatch", "/three_public/total", "\"8.75\""), {"三公", "8.75", "7.75"}, 1, 0},
    /* project tables */
    {"project budget = fiscal + other_funds", BUDGET, {P("\"projects\": [", "\"budget\": \"200\"", "\"budget\": \"210\"")},
     ERR("sum-mismatch", "/projects/1/budget", "\"210\""), {"210", "200"}, 1, 0},
    {"spending plan decreases", BUDGET, {P(NULL, "\"60%\"", "\"20%\"")},
     ERR("bad-plan", "/projects/1/plan/2", "\"20%\""), {"20%", "30%"}, 1, 0},
    {"spending plan below 0%", BUDGET, {P(NULL, "\"30%\"", "\"-5%\"")},
     ERR("bad-plan", "/projects/1/plan/1", "\"-5%\""), {"-5%"}, 1, 0},
    {"spending plan above 100%", BUDGET, {P(NULL, "\"100%\"", "\"101%\"")},
     ERR("bad-plan", "/projects/1/plan/4", "\"101%\""), {"101%", "100%"}, 1, ANY},
    {"a plan ending above 100% does not end below it", BUDGET, {P(NULL, "\"100%\"", "\"101%\"")},
     ERR("bad-plan", "/projects/1/plan/4", "\"101%\""), {NULL}, 1, 0},
    {"spending plan ending below 100%", BUDGET, {P(NULL, "\"100%\"", "\"95%\"")},
     WARN("bad-plan", "/projects/1/plan/4", "\"95%\""), {"100%"}, 0, 1},
    {"spending plan with empty cells", BUDGET, {P(NULL, "\"60%\"", "null")}, VALID},
    {"spending plan of three cells", BUDGET, {P(NULL, "\"60%\", ", "")},
     ERR("bad-plan", "/projects/1/plan", "[\"30%\""), {"3"}, 1, 0},
    /* 政府采购 */
    {"item amount = quantity × unit price", BUDGET, {P(NULL, "\"unit_price\": \"0.35\"", "\"unit_price\": \"0.4\"")},
     ERR("sum-mismatch", "/procurement/units/1/items/1/amount", "\"0.7\""), {"0.7", "0.8"}, 1, 0},
    {"item amount within the unit price's display precision", BUDGET,
     {P(NULL, "\"unit_price\": \"1.333333\"", "\"unit_price\": \"1.33\"")}, VALID},
    {"item amount beyond the unit price's display precision", BUDGET,
     {P(NULL, "\"unit_price\": \"1.333333\"", "\"unit_price\": \"1.32\"")},
     ERR("sum-mismatch", "/procurement/units/1/items/2/amount", "\"4\""), {"4", "3.96"}, 1, 0},
    {"funding columns add up to the amount", BUDGET,
     {P(NULL, "\"funding\": {\"general\": \"0.7\"}", "\"funding\": {\"general\": \"0.6\"}")},
     ERR("sum-mismatch", "/procurement/units/1/items/1/amount", "\"0.7\""), {"0.7", "0.6"}, 1, 0},
    {"an item needs a funding column", BUDGET, {P(NULL, "\"funding\": {\"general\": \"0.7\"}", "\"funding\": {}")},
     ERR("missing-field", "/procurement/units/1/items/1/amount", "\"0.7\""), {"打印纸"}, 1, 0},
    {"小计 = its items", BUDGET, {P(NULL, "\"subtotal\": \"4.7\"", "\"subtotal\": \"4.8\"")},
     ERR("sum-mismatch", "/procurement/units/1/subtotal", "\"4.8\""), {"小计", "4.8", "4.7"}, 1, 0},
    {"合计 = the units", BUDGET, {P("\"procurement\"", "\"total\": \"4.7\"", "\"total\": \"5.2\"")},
     ERR("sum-mismatch", "/procurement/total", "\"5.2\""), {"合计", "5.2", "4.7"}, 1, 0},
    {"the sentence's total = 合计", BUDGET, {P(NULL, "\"stated_total\": \"4.7\"", "\"stated_total\": \"4.9\"")},
     ERR("sum-mismatch", "/procurement/stated_total", "\"4.9\""), {"4.9", "4.7"}, 1, 0},
    {"sentence, 合计 and items all differ", BUDGET,
     {P(NULL, "\"stated_total\": \"4.7\"", "\"stated_total\": \"4.9\""),
      P("\"procurement\"", "\"total\": \"4.7\"", "\"total\": \"5.2\"")},
     ERR("sum-mismatch", "/procurement/stated_total", "\"4.9\""), {"4.9", "5.2", "4.7"}, 2, 0},
    {"预留中小微企业份额 within the amount", BUDGET, {P(NULL, "\"sme_reserved\": \"0.7\"", "\"sme_reserved\": \"0.8\"")},
     ERR("too-large", "/procurement/units/1/items/1/sme_reserved", "\"0.8\""), {"0.8", "0.7"}, 1, 0},
    {"one project, one 预算资金", BUDGET, {P("\"sme_reserved\"", "\"project_budget\": \"50.25\"", "\"project_budget\": \"60\"")},
     ERR("inconsistent", "/procurement/units/1/items/2/project_budget", "\"60\""), {"日常公用经费", "60", "50.25"}, 1, 0},
    {"rows that print as more than the 小计 (尾差)", BUDGET,
     {P("打印纸", "\"quantity\": \"2\"", "\"quantity\": \"1\""),
      P(NULL, "\"unit_price\": \"0.35\"", "\"unit_price\": \"0.705\""),
      P("\"procurement\"", "\"amount\": \"0.7\"", "\"amount\": \"0.705\""),
      P(NULL, "\"funding\": {\"general\": \"0.7\"}", "\"funding\": {\"general\": \"0.705\"}"),
      P(NULL, "\"unit_price\": \"1.333333\"", "\"unit_price\": \"1.335\""),
      P(NULL, "\"amount\": \"4\"", "\"amount\": \"4.005\""),
      P(NULL, "\"general\": \"3\"", "\"general\": \"3.005\""),
      P(NULL, "\"stated_total\": \"4.7\"", "\"stated_total\": \"4.71\""),
      P("\"procurement\"", "\"total\": \"4.7\"", "\"total\": \"4.71\""),
      P(NULL, "\"subtotal\": \"4.7\"", "\"subtotal\": \"4.71\"")},
     WARN("rounding", "/procurement/units/1/name", "\"测试县委组织部\""), {"4.72", "4.71"}, 0, 1},
    /* 国有资产 */
    {"资产总额 = the categories", BUDGET, {P(NULL, "\"total\": \"542.75\"", "\"total\": \"540\"")},
     ERR("sum-mismatch", "/assets/total", "\"540\""), {"资产总额", "540", "542.75"}, 1, 0},
    {"the sentence's total = the categories", BUDGET, {P(NULL, "\"stated_total\": \"542.75\"", "\"stated_total\": \"545\"")},
     ERR("sum-mismatch", "/assets/stated_total", "\"545\""), {"545", "542.75"}, 1, 0},
    {"sentence, 资产总额 and categories all differ", BUDGET,
     {P(NULL, "\"stated_total\": \"542.75\"", "\"stated_total\": \"545\""),
      P(NULL, "\"total\": \"542.75\"", "\"total\": \"540\"")},
     ERR("sum-mismatch", "/assets/stated_total", "\"545\""), {"545", "540", "542.75"}, 2, 0},
    {"办公用房 worth no more than 房屋", BUDGET, {P("\"office_buildings\"", "\"value\": \"300\"", "\"value\": \"600\"")},
     ERR("too-large", "/assets/office_buildings/value", "\"600\""), {"600", "500"}, 1, 0},
    {"办公用房 no larger than 房屋", BUDGET, {P(NULL, "\"quantity\": \"800\"", "\"quantity\": \"1300\"")},
     ERR("too-large", "/assets/office_buildings/quantity", "\"1300\""), {"1300", "1200"}, 1, 0},
    {"empty asset rows count as 0", BUDGET,
     {P(NULL, "\"value\": \"500\"", "\"value\": null"), P(NULL, "\"value\": \"300\"", "\"value\": null"),
      P(NULL, "\"stated_total\": \"542.75\"", "\"stated_total\": \"42.75\""),
      P(NULL, "\"total\": \"542.75\"", "\"total\": \"42.75\"")},
     VALID},
    /* what each document needs */
    {"a budget needs its laws", BUDGET, {P(NULL, "\"laws\": [\"《中华人民共和国预算法》\"],", "")},
     ERR("missing-field", "", NULL), {"laws"}, 1, 0},
    {"a budget needs its assets", BUDGET,
     {P(NULL, "\"$comment\": \"The base", "\"$schema\": \"The base"), P(NULL, "\"assets\": {", "\"$comment\": {")},
     ERR("missing-field", "", NULL), {"assets"}, 1, 0},
    {"a selfeval needs its duties", SELFEVAL, {P(NULL, "\"duties\": [\"负责全县党的组织工作。\"],", "")},
     ERR("missing-field", "", NULL), {"duties"}, 1, 0},
    /* 自评表: execution and tasks */
    {"本年收入合计 per column", SELFEVAL, {P("\"income_total\"", "\"initial\": \"100\"", "\"initial\": \"101\"")},
     ERR("sum-mismatch", "/selfeval/execution/income_total/initial", "\"101\""), {"本年收入合计", "101", "100"}, 1, 0},
    {"本年支出合计 per column", SELFEVAL, {P("\"expense_total\"", "\"final\": \"91.5\"", "\"final\": \"92.5\"")},
     ERR("sum-mismatch", "/selfeval/execution/expense_total/final", "\"92.5\""), {"本年支出合计", "92.5", "91.5"}, 1, 0},
    {"金额合计 of the tasks", SELFEVAL, {P("\"tasks_total\"", "\"budget\": \"131.03541\"", "\"budget\": \"130\"")},
     ERR("sum-mismatch", "/selfeval/tasks_total/budget", "\"130\""), {"金额合计", "130", "131.03541"}, 1, 0},
    {"金额合计 of the tasks, rounded (尾差)", SELFEVAL,
     {P("\"tasks_total\"", "\"budget\": \"131.03541\"", "\"budget\": \"131.04\"")},
     WARN("rounding", "/selfeval/tasks_total/budget", "\"131.04\""), {"131.04", "131.03541"}, 0, 1},
    {"其中财政拨款 within 预算数", SELFEVAL,
     {P(NULL, "\"budget_fiscal\": \"5\"", "\"budget_fiscal\": \"6\""),
      P(NULL, "\"budget_fiscal\": \"125\"", "\"budget_fiscal\": \"126\"")},
     ERR("too-large", "/selfeval/tasks/1/budget_fiscal", "\"6\""), {"6", "5"}, 1, 0},
    {"其中财政拨款 within 执行数", SELFEVAL,
     {P(NULL, "\"spent_fiscal\": \"4.5\"", "\"spent_fiscal\": \"5\""),
      P(NULL, "\"spent_fiscal\": \"124.5\"", "\"spent_fiscal\": \"125\"")},
     ERR("too-large", "/selfeval/tasks/1/spent_fiscal", "\"5\""), {"5", "4.5"}, 1, 0},
    /* 自评表: scores */
    {"stated score = the rule's score", SELFEVAL, {P("预算完成率", "\"score\": \"2\"", "\"score\": \"3\"")},
     ERR("score-mismatch", "/selfeval/indicators/1/score", "\"3\""), {"预算完成率", "3", "2"}, 1, 0},
    {"合计 = the scores", SELFEVAL, {P(NULL, "\"total_score\": \"76.7\"", "\"total_score\": \"80\"")},
     ERR("sum-mismatch", "/selfeval/total_score", "\"80\""), {"80", "76.7"}, 1, 0},
    {"合计 rounded (尾差)", SELFEVAL,
     {P("预算完成率", "\"actual\": \"90%\"", "\"actual\": \"90.01%\""),
      P("预算完成率", "\"score\": \"2\"", "\"score\": \"2.004\"")},
     WARN("rounding", "/selfeval/total_score", "\"76.7\""), {"76.7", "76.704"}, 0, 1},
    {"weights add up to 100", SELFEVAL,
     {P("管理制度健全性", "\"weight\": \"16\"", "\"weight\": \"17\"")},
     ERR("weights", "/selfeval/indicators", "["), {"101", "100"}, 1, 1},
    {"weights of each 一级指标 as on the form", SELFEVAL,
     {P(NULL, "\"level1\": \"部门管理\", \"level2\": \"资金投入\", \"name\": \"预算完成率\"",
        "\"level1\": \"部门产出\", \"level2\": \"资金投入\", \"name\": \"预算完成率\"")},
     WARN("weights", "/selfeval/indicators", "["), {"部门管理", "36", "40"}, 0, 2},
    {"levels: an actual value matching no level", SELFEVAL,
     {P(NULL, "\"actual\": \"一项未达标\"", "\"actual\": \"三项未达标\"")},
     ERR("bad-actual", "/selfeval/indicators/6/actual", "\"三项未达标\""), {"三项未达标"}, 1, 0},
    {"fixed: a score above the weight", SELFEVAL,
     {P("管理制度健全性", "\"type\": \"fixed\", \"score\": \"15\"", "\"type\": \"fixed\", \"score\": \"17\"")},
     ERR("bad-rule", "/selfeval/indicators/7/rule/score", "\"17\""), {"17", "16"}, 1, 0},
    {"target: a group of 不适用 rows only", SELFEVAL,
     {P("党员素质提升", "\"actual\": \"10%\"", "\"actual\": \"不适用\""),
      P("作风转变", "\"actual\": \"5%\"", "\"actual\": \"不适用\"")},
     ERR("bad-actual", "/selfeval/indicators/11/name", "\"党员素质提升\""), {"不适用"}, 1, 0},
    {"a grouped row has no weight of its own", SELFEVAL,
     {P(NULL, "\"name\": \"作风转变\",", "\"name\": \"作风转变\", \"weight\": \"1\",")},
     ERR("bad-group", "/selfeval/indicators/12/weight", "\"1\""), {"作风转变"}, 1, 0},
    {"a linear rule needs zero and full", SELFEVAL, {P(NULL, "\"zero\": \"85\", ", "")},
     ERR("bad-rule", "/selfeval/indicators/1/rule/type", "\"linear\""), {"zero"}, 1, 0},
    /* dates within the budget year's window (budget 2020, selfeval 2019) */
    {"截止时间 after the budget year", BUDGET, {P(NULL, "\"stated_total\": \"542.75\",", "\"stated_total\": \"542.75\", \"as_of\": \"2021-01-01\",")},
     ERR("bad-date", "/assets/as_of", "\"2021-01-01\""), {"截止时间 2021-01-01 is after the budget year 2020"}, 1, 0},
    {"截止时间 more than 10 years back", BUDGET, {P(NULL, "\"stated_total\": \"542.75\",", "\"stated_total\": \"542.75\", \"as_of\": \"2009-12-31\",")},
     ERR("bad-date", "/assets/as_of", "\"2009-12-31\""), {"2009-12-31 is more than 10 years before the budget year 2020"}, 1, 0},
    {"截止时间 before the prior year (issue 13)", BUDGET, {P(NULL, "\"stated_total\": \"542.75\",", "\"stated_total\": \"542.75\", \"as_of\": \"2017-12-31\",")},
     ERR("bad-date", "/assets/as_of", "\"2017-12-31\""), {"2017-12-31 is before the prior year 2019", "上年末"}, 1, 0},
    {"截止时间 at the start of the prior year", BUDGET, {P(NULL, "\"stated_total\": \"542.75\",", "\"stated_total\": \"542.75\", \"as_of\": \"2019-01-01\",")},
     VALID},
    {"截止时间 within the budget year", BUDGET, {P(NULL, "\"stated_total\": \"542.75\",", "\"stated_total\": \"542.75\", \"as_of\": \"2020-03-31\",")},
     VALID},
    {"a prior year −5", BUDGET, {P(NULL, "\"basic\": \"300\",", "\"year\": -5, \"basic\": \"300\",")},
     ERR("bad-year", "/prior_year/year", "-5"), {"the prior year -5 is more than 10 years before the budget year 2020"}, 1, 0},
    {"评价时段 reversed", SELFEVAL,
     {P(NULL, "\"contact\": \"张三\",", "\"contact\": \"张三\", \"period\": {\"from\": \"2019-12-31\", \"to\": \"2019-01-01\"},")},
     ERR("bad-date", "/selfeval/period/to", "\"2019-01-01\""), {"ends on 2019-01-01, before it starts on 2019-12-31"}, 1, 0},
    {"评价时段 beyond its year", SELFEVAL,
     {P(NULL, "\"contact\": \"张三\",", "\"contact\": \"张三\", \"period\": {\"from\": \"2019-01-01\", \"to\": \"2020-06-30\"},")},
     ERR("bad-date", "/selfeval/period/to", "\"2020-06-30\""), {"the 评价时段 ends on 2020-06-30, outside the budget year 2019"}, 1, 0},
    {"评价时段 of half the year", SELFEVAL,
     {P(NULL, "\"contact\": \"张三\",", "\"contact\": \"张三\", \"period\": {\"from\": \"2019-07-01\", \"to\": \"2019-12-31\"},")},
     VALID},
    /* overflow: an error naming the figure and both operands, and the
     * other identities are still checked (issue 17) */
    {"数量 × 单价 beyond 10^12 is an error, and the item's funding is still checked", BUDGET,
     {P("打印纸", "\"quantity\": \"2\"", "\"quantity\": \"1000000000000\""),
      P(NULL, "\"unit_price\": \"0.35\"", "\"unit_price\": \"1000000000000\""),
      P(NULL, "\"funding\": {\"general\": \"0.7\"}", "\"funding\": {\"general\": \"0.6\"}")},
     ERR("overflow", "/procurement/units/1/items/1/amount", "\"0.7\""),
     {"数量 × 单价", "1000000000000 × 1000000000000", "10^12"}, 2, 0},
    {"三公: 出国 + 公务用车 beyond 10^12 is an error at the total", BUDGET,
     {P("\"three_public\"", "\"abroad\": \"0\"", "\"abroad\": \"1000000000000\"")},
     ERR("overflow", "/three_public/total", "\"7.75\""), {"“三公”经费 = 出国 + 公务用车: 1000000000000 + 5.5 is beyond"}, 1, 0},
    {"a sum beyond 10^12 names the figure and the sum so far", BUDGET,
     {P(NULL, "\"general_budget\": \"600.5\"", "\"general_budget\": \"1000000000000\""),
      P(NULL, "\"fund_budget\": \"20\"", "\"fund_budget\": \"1000000000000\"")},
     ERR("overflow", "/income/fund_budget", "\"1000000000000\""), {"this figure 1000000000000", "so far 1000000000000"}, 1, 0},
};

static void test_check_case(void **state)
{
    const check_case *c = *state;
    const char *text = gk_test_patch(gk_test_read(c->base, NULL), c->patch, COUNT(c->patch));
    gk_diags *d = gk_test_diags();
    check_text(c->base, text, d);
    if (c->code) {
        const gk_diag *g = gk_test_expect(d, c->code, c->path);
        assert_int_equal(g->severity, c->severity);
        assert_string_equal(g->file, c->base);
        if (c->at) gk_test_expect_points_at(g, text, c->at);
        gk_test_expect_message(g, c->message, COUNT(c->message));
    }
    gk_test_expect_counts(d, c->errors, c->warnings);
}

/* ---- each rule form computes its score ---- */

typedef struct score_case {
    const char *name;
    gk_patch patch[3];
    size_t row;        /* the row (first of its group) whose score changes */
    const char *score; /* what its rule gives */
} score_case;

static const score_case score_cases[] = {
    /* linear: row 1, zero 85, full 95, weight 4 */
    {"linear: in between", {P("预算完成率", "\"90%\"", "\"92.5%\"")}, 1, "3"},
    {"linear: at full", {P("预算完成率", "\"90%\"", "\"95%\"")}, 1, "4"},
    {"linear: beyond full", {P("预算完成率", "\"90%\"", "\"98.81%\"")}, 1, "4"},
    {"linear: at zero", {P("预算完成率", "\"90%\"", "\"85%\"")}, 1, "0"},
    {"linear: below zero", {P("预算完成率", "\"90%\"", "\"60%\"")}, 1, "0"},
    {"linear: seed 004 支出进度率 97.96%",
     {P("预算完成率", "\"90%\"", "\"97.96%\""), P("预算完成率", "\"zero\": \"85\", \"full\": \"95\"", "\"zero\": \"60\", \"full\": \"100\"")},
     1, "3.796"},
    /* linear, smaller is better, abs: row 2, zero 5, full 0, weight 4 */
    {"linear abs: |1%|", {P("预算调整率", "\"-2%\"", "\"1%\"")}, 2, "3.2"},
    {"linear abs: |-6%| beyond zero", {P("预算调整率", "\"-2%\"", "\"-6%\"")}, 2, "0"},
    {"linear abs: seed 004 预算调整率 87.33%", {P("预算调整率", "\"-2%\"", "\"87.33%\"")}, 2, "0"},
    {"linear without abs: -2% is better than full", {P("预算调整率", ", \"abs\": true", "")}, 2, "4"},
    /* deduct above: row 3, limit 0, step 1, share 10, weight 4 */
    {"deduct above: at the limit", {P("三公经费变动率", "\"2.5%\"", "\"0%\"")}, 3, "4"},
    {"deduct above: below the limit", {P("三公经费变动率", "\"2.5%\"", "\"-29.37%\"")}, 3, "4"},
    {"deduct above: half a step over", {P("三公经费变动率", "\"2.5%\"", "\"0.5%\"")}, 3, "3.8"},
    {"deduct above: ten steps over", {P("三公经费变动率", "\"2.5%\"", "\"10%\"")}, 3, "0"},
    {"deduct above: seed 004 115.18%", {P("三公经费变动率", "\"2.5%\"", "\"115.18%\"")}, 3, "0"},
    {"deduct above: steps of 2", {P("三公经费变动率", "\"step\": \"1\"", "\"step\": \"2\"")}, 3, "3.5"},
    /* deduct below: row 4, limit 100, step 1, share 10, weight 4 */
    {"deduct below: at the limit", {P("绩效目标审核通过率", "\"97%\"", "\"100%\"")}, 4, "4"},
    {"deduct below: above the limit", {P("绩效目标审核通过率", "\"97%\"", "\"101%\"")}, 4, "4"},
    {"deduct below: far below", {P("绩效目标审核通过率", "\"97%\"", "\"85%\"")}, 4, "0"},
    /* ratio: row 8, weight 20; complement: row 5, weight 4 */
    {"ratio: 100%", {P("重点工作实际完成率", "\"97.5%\"", "\"100%\"")}, 8, "20"},
    {"ratio: 0%", {P("重点工作实际完成率", "\"97.5%\"", "\"0%\"")}, 8, "0"},
    {"ratio: above 100% is capped", {P("重点工作实际完成率", "\"97.5%\"", "\"120%\"")}, 8, "20"},
    {"ratio complement: 0", {P("问题资金占比", "\"5%\"", "\"0\"")}, 5, "4"},
    {"ratio complement: 100%", {P("问题资金占比", "\"5%\"", "\"100%\"")}, 5, "0"},
    {"ratio complement: 12.5%", {P("问题资金占比", "\"5%\"", "\"12.5%\"")}, 5, "3.5"},
    /* levels: row 6, weight 4 */
    {"levels: the first level", {P(NULL, "\"actual\": \"一项未达标\"", "\"actual\": \"规范\"")}, 6, "4"},
    {"levels: a later level", {P(NULL, "\"actual\": \"一项未达标\"", "\"actual\": \"两项未达标\"")}, 6, "2.4"},
    /* target, partial false: row 9, ＞0, weight 10 */
    {"target all-or-nothing: met", {P("一般性支出压减率", "\"actual\": \"0\"", "\"actual\": \"1%\"")}, 9, "10"},
    {"target all-or-nothing: missed by a little", {P("一般性支出压减率", "\"＞0\", \"actual\": \"0\"", "\"≥5%\", \"actual\": \"4.9%\"")},
     9, "0"},
    /* target, partial true: row 10, ≥20%, weight 10 */
    {"target partial: met exactly", {P("培训完成率", "\"15%\"", "\"20%\"")}, 10, "10"},
    {"target partial: exceeded", {P("培训完成率", "\"15%\"", "\"25%\"")}, 10, "10"},
    {"target partial: nothing", {P("培训完成率", "\"15%\"", "\"0%\"")}, 10, "0"},
    {"target partial: no comparator means =", {P("培训完成率", "\"≥20%\", \"actual\": \"15%\"", "\"20%\", \"actual\": \"10%\"")},
     10, "5"},
    {"target partial: ≤ missed scores 0", {P("培训完成率", "\"≥20%\", \"actual\": \"15%\"", "\"≤5%\", \"actual\": \"6%\"")}, 10,
     "0"},
    {"target partial: ≤ met", {P("培训完成率", "\"≥20%\", \"actual\": \"15%\"", "\"≤5%\", \"actual\": \"5%\"")}, 10, "10"},
    /* target group: rows 11–13 (13 is 不适用), weight 10 */
    {"target group: both rows met", {P("党员素质提升", "\"10%\"", "\"20%\"")}, 11, "10"},
    {"target group: both rows half", {P("作风转变", "\"5%\"", "\"2.5%\"")}, 11, "5"},
    {"target group: first row 不适用", {P("党员素质提升", "\"actual\": \"10%\"", "\"actual\": \"不适用\"")}, 11, "10"},
    /* fixed: row 7, weight 16 */
    {"fixed: the whole weight", {P("管理制度健全性", "\"type\": \"fixed\", \"score\": \"15\"", "\"type\": \"fixed\", \"score\": \"16\"")},
     7, "16"},
    {"fixed: zero", {P("管理制度健全性", "\"type\": \"fixed\", \"score\": \"15\"", "\"type\": \"fixed\", \"score\": \"0\"")}, 7,
     "0"},
    /* figures whose intermediates leave the range of a gk_dec although
     * the clamped score does not (issue 17: these read unset values or
     * silently kept the stated score) */
    {"linear: a span of 2 × 10^12",
     {P("预算完成率", "\"zero\": \"85\", \"full\": \"95\"", "\"zero\": \"-1000000000000\", \"full\": \"1000000000000\""),
      P("预算完成率", "\"90%\"", "\"500000000000%\"")},
     1, "3"},
    {"deduct: 2 × 10^12 over the limit", {P("三公经费变动率", "\"limit\": \"0\"", "\"limit\": \"-1000000000000\""),
                                          P("三公经费变动率", "\"2.5%\"", "\"1000000000000%\"")},
     3, "0"},
    {"ratio complement: 100 − (−10^12)", {P("问题资金占比", "\"5%\"", "\"-1000000000000%\"")}, 5, "4"},
    {"ratio: 10^12% × the weight", {P("重点工作实际完成率", "\"97.5%\"", "\"1000000000000%\"")}, 8, "20"},
    {"target partial: 10^12 / 0.000001",
     {P("培训完成率", "\"≥20%\", \"actual\": \"15%\"", "\"0.000001\", \"actual\": \"1000000000000\"")}, 10, "10"},
};

/* The row scores what the case says; when that is not what the row states,
 * the check names both scores, and the total no longer adds up. */
static void test_score_case(void **state)
{
    const score_case *c = *state;
    const char *text = gk_test_patch(gk_test_read(SELFEVAL, NULL), c->patch, COUNT(c->patch));
    gk_diags *d = gk_test_diags();
    gk_model *m = gk_test_load(SELFEVAL, text, false, GK_OK, d);
    gk_se_indicator *row = indicator(m, c->row);
    assert_true(row->score.set);
    gk_dec stated = row->score.v;
    check(m, d);
    /* the model now carries the computed score beside the stated one */
    expect_dec_text(gk_num_printed(&row->score), c->score, row->name.s);
    assert_true(gk_dec_eq(row->score.v, stated));
    if (gk_dec_eq(gk_num_printed(&row->score), stated)) {
        gk_test_expect_counts(d, 0, 0);
        return;
    }
    char path[64], buf[GK_DEC_STRLEN];
    snprintf(path, sizeof path, "/selfeval/indicators/%zu/score", c->row);
    const gk_diag *g = gk_test_expect(d, "score-mismatch", path);
    const char *figures[] = {gk_dec_format(stated, -1, buf), c->score};
    gk_test_expect_message(g, figures, COUNT(figures));
    gk_test_expect(d, "sum-mismatch", "/selfeval/total_score");
    gk_test_expect_counts(d, 2, 0);
}

/* ---- grades ---- */

static void test_grade_boundaries(void **state)
{
    (void)state;
    static const struct {
        const char *total, *grade;
    } cases[] = {
        {"100", "优"},     {"90", "优"},       {"89.999999", "良"}, {"80", "良"}, {"79.999999", "中"},
        {"60", "中"},      {"59.999999", "差"}, {"0", "差"},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        gk_dec t;
        assert_int_equal(gk_dec_parse(cases[i].total, strlen(cases[i].total), &t), GK_DEC_OK);
        if (strcmp(gk_grade(t), cases[i].grade) != 0)
            fail_msg("the grade of %s is %s, expected %s", cases[i].total, gk_grade(t), cases[i].grade);
    }
}

/* ---- the samples and the documents as published ---- */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Every sample (every .json and .ini file in samples/) checks without a
 * diagnostic. */
static void test_samples_are_valid(void **state)
{
    (void)state;
    DIR *dir = opendir(gk_test_path("samples"));
    assert_non_null(dir);
    size_t json = 0, ini = 0;
    for (struct dirent *e; (e = readdir(dir));) {
        bool is_json = ends_with(e->d_name, ".json"), is_ini = ends_with(e->d_name, ".ini");
        if (!is_json && !is_ini) continue;
        json += is_json;
        ini += is_ini;
        char rel[512];
        snprintf(rel, sizeof rel, "samples/%s", e->d_name);
        gk_diags *d = gk_test_diags();
        gk_model *m = NULL;
        gk_status st = gk_model_load_file(gk_test_path(rel), &m, d);
        if (st == GK_OK) st = gk_model_check(m, d);
        gk_model_free(m);
        if (st != GK_OK || d->count) {
            closedir(dir);
            print_message("%s:\n", rel);
            gk_test_expect_counts(d, 0, 0);
            fail_msg("%s: status %d", rel, (int)st);
        }
    }
    closedir(dir);
    assert_true(json >= 4);
    assert_true(ini >= 1);
}

static void test_xianghe_sample_scores(void **state)
{
    (void)state;
    gk_diags *d = gk_test_diags();
    gk_model *m = gk_test_load_file("samples/xianghe-2019-selfeval.json", GK_OK, d);
    check(m, d);
    gk_test_expect_counts(d, 0, 0);
    expect_dec_text(gk_num_printed(&m->in.selfeval.total_score), "86.796", "the total score");
    assert_string_equal(m->in.selfeval.grade.s, "良");
    expect_dec_text(gk_num_printed(&indicator(m, 3)->score), "3.796", "支出进度率");
}

typedef struct expected_diag {
    const char *code, *path;
    const char *message[3];
} expected_diag;

/* Checking the loaded model gives these errors and no others. */
static void expect_errors(gk_model *m, const expected_diag *want, size_t n, gk_diags *d)
{
    check(m, d);
    for (size_t i = 0; i < n; i++) {
        const gk_diag *g = gk_test_expect(d, want[i].code, want[i].path);
        assert_int_equal(g->severity, GK_ERROR);
        assert_true(g->line > 0);
        gk_test_expect_message(g, want[i].message, COUNT(want[i].message));
    }
    gk_test_expect_counts(d, n, 0);
}

static void test_langfang_as_published(void **state)
{
    (void)state;
    static const expected_diag want[] = {
        {"sum-mismatch", "/assets/stated_total", {"2417.51", "2253.98", "2337.51"}},
        {"sum-mismatch", "/assets/total", {"2253.98", "2337.51"}},
        {"sum-mismatch", "/procurement/stated_total", {"367.8", "312.8"}},
        {"sum-mismatch", "/procurement/total", {"367.8", "312.8"}},
        {"sum-mismatch", "/procurement/units/1/subtotal", {"367.8", "312.8"}},
    };
    gk_diags *d = gk_test_diags();
    expect_errors(gk_test_load_file("tests/inputs/langfang-2023-as-published.json", GK_OK, d), want, COUNT(want), d);
    const char *text = gk_test_read("tests/inputs/langfang-2023-as-published.json", NULL);
    gk_test_expect_points_at(gk_test_find(d, "sum-mismatch", "/assets/stated_total"), text, "\"2417.51\"");
    gk_test_expect_points_at(gk_test_find(d, "sum-mismatch", "/assets/total"), text, "\"2253.98\"");
}

static void test_xianghe_as_published(void **state)
{
    (void)state;
    static const expected_diag want[] = {
        {"score-mismatch", "/selfeval/indicators/2/score", {"预算调整率", "87.33%"}},
        {"score-mismatch", "/selfeval/indicators/4/score", {"115.18%"}},
        {"score-mismatch", "/selfeval/indicators/8/score", {"3.6", "规范"}},
        {"score-mismatch", "/selfeval/indicators/17/score", {"一般性支出压减率"}},
        {"sum-mismatch", "/selfeval/total_score", {"99.4", "86.796"}},
        {"sum-mismatch", "/selfeval/tasks_total/budget", {"1770.35", "1818.34541"}},
        {"sum-mismatch", "/selfeval/tasks_total/budget_fiscal", {"1770.35", "1818.34541"}},
        {"sum-mismatch", "/selfeval/tasks_total/spent", {"1862.35", "1850.65368"}},
        {"sum-mismatch", "/selfeval/tasks_total/spent_fiscal", {"1862.35", "1850.75368"}},
        {"too-large", "/selfeval/tasks/14/spent_fiscal", {"11.7", "11.6"}},
    };
    gk_diags *d = gk_test_diags();
    gk_model *m = gk_test_load_file("tests/inputs/xianghe-2019-as-published.json", GK_OK, d);
    /* 预算调整率: stated 4, computed 0; the total: stated 99.4, computed 86.796 */
    gk_se_indicator *row = indicator(m, 2);
    assert_string_equal(row->name.s, "预算调整率");
    expect_dec_text(row->score.v, "4", "the stated 预算调整率");
    expect_dec_text(m->in.selfeval.total_score.v, "99.4", "the stated total");
    expect_errors(m, want, COUNT(want), d);
    expect_dec_text(gk_num_printed(&row->score), "0", "the computed 预算调整率");
    expect_dec_text(gk_num_printed(&m->in.selfeval.total_score), "86.796", "the computed total");
    /* the check kept what the input stated */
    expect_dec_text(row->score.v, "4", "the stated 预算调整率 after the check");
    expect_dec_text(m->in.selfeval.total_score.v, "99.4", "the stated total after the check");
}

/* Issue 13: a field the loader refused does not stop the check, and is
 * unknown to it, not 0: the identities built on it are skipped (no 收入合计
 * mismatch against a refused 一般公共预算收入, no spending plan falling to a
 * refused cell), the others still report. */
static void test_refused_figure_is_unknown(void **state)
{
    (void)state;
    static const gk_patch refused[] = {
        P(NULL, "\"general_budget\": \"600.5\"", "\"general_budget\": \"-600.5\""),
        P(NULL, "\"plan\": [\"30%\", \"60%\"", "\"plan\": [\"30%\", \"六成\""),
    };
    const char *text = gk_test_patch(gk_test_read(BUDGET, NULL), refused, COUNT(refused));
    gk_diags *d = gk_test_diags();
    gk_model *m = gk_test_load(BUDGET, text, false, GK_INVALID, d);
    gk_test_expect_counts(d, 2, 0);
    assert_int_equal(gk_model_check(m, d), GK_OK); /* it ran and found nothing built on the refused figures */
    gk_test_expect_counts(d, 2, 0);
    gk_test_expect(d, "negative", "/income/general_budget");
    gk_test_expect(d, "wrong-type", "/projects/1/plan/2");
    /* an identity that does not use them still reports */
    static const gk_patch also[] = {
        P(NULL, "\"general_budget\": \"600.5\"", "\"general_budget\": \"-600.5\""),
        P("\"three_public\"", "\"total\": \"7.75\"", "\"total\": \"8\""),
    };
    text = gk_test_patch(gk_test_read(BUDGET, NULL), also, COUNT(also));
    d = gk_test_diags();
    m = gk_test_load(BUDGET, text, false, GK_INVALID, d);
    assert_int_equal(gk_model_check(m, d), GK_INVALID);
    gk_test_expect_counts(d, 2, 0);
    gk_test_expect(d, "sum-mismatch", "/three_public/total");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GK_TEST(test_budget_base_is_valid),
        GK_TEST(test_selfeval_base_scores),
        GK_TEST(test_grade_boundaries),
        GK_TEST(test_samples_are_valid),
        GK_TEST(test_xianghe_sample_scores),
        GK_TEST(test_langfang_as_published),
        GK_TEST(test_xianghe_as_published),
        GK_TEST(test_refused_figure_is_unknown),
    };
    int failed = cmocka_run_group_tests_name("check", tests, NULL, NULL);
    failed += gk_test_run_cases("identities", test_check_case, check_cases, sizeof check_cases[0], COUNT(check_cases));
    failed += gk_test_run_cases("scores", test_score_case, score_cases, sizeof score_cases[0], COUNT(score_cases));
    return failed;
}
