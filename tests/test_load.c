/* The loader (model/load.c): every problem of an input becomes one
 * diagnostic with code, file, line, column and input path, and one run
 * reports them all. */
#include "support.h"

#include "model.h"

#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The smallest input that loads: a goals document's department. */
#define DEPT "\"department\": {\"name\": \"测试部\", \"level\": \"县\", \"year\": 2020}"
#define DOC(members) "{\"document\": \"goals\",\n " DEPT ",\n " members "\n}"
#define INI_DOC(lines) "document = goals\n[department]\nname = 测试部\nlevel = 县\nyear = 2020\n" lines

/* A self-evaluation around one scoring rule. */
#define SELFEVAL(rule)                                                                           \
    DOC("\"selfeval\": {\"contact\": \"张三\", \"phone\": \"1\", \"indicators\": [\n"          \
        "  {\"level1\": \"部门管理\", \"level2\": \"资金投入\", \"name\": \"预算完成率\", \"weight\": \"4\",\n" \
        "   \"rule\": " rule "}]}")

/* A project with two indicator rows: `extra` adds members, `value` is the
 * second row's value. */
#define PROJECT(extra, value)                                                                           \
    DOC("\"projects\": [{\"name\": \"p\", \"goals\": [\"g\"], " extra "\"indicators\": [\n"            \
        "  {\"level1\": \"产出指标\", \"level2\": \"数量指标\", \"name\": \"a\", \"description\": \"\", \"value\": \"1\", \"basis\": \"\"},\n" \
        "  {\"level1\": \"产出指标\", \"level2\": \"数量指标\", \"name\": \"b\", \"description\": \"\", \"value\": " value ", \"basis\": \"\"}]}]")

typedef struct load_case {
    const char *name;
    bool ini;
    const char *text;
    const char *code; /* the only diagnostic; NULL: the input loads cleanly */
    const char *path;
    const char *at;   /* the diagnostic is where the first occurrence of this starts */
    const char *message[2];
} load_case;

static const load_case load_cases[] = {
    /* unknown and missing fields */
    {"unknown field with a suggestion", false, DOC("\"income\": {\"general_budget\": \"1\", \"totl\": \"1\"}"),
     "unknown-field", "/income/totl", "\"totl\"", {"did you mean \"total\"", "收入说明"}},
    {"unknown top-level field", false, DOC("\"projcts\": []"), "unknown-field", "/projcts", "\"projcts\"",
     {"did you mean \"projects\""}},
    {"unknown field without a suggestion", false,
     "{\"document\": \"goals\", \"department\": {\"name\": \"a\", \"level\": \"县\", \"year\": 2020, \"zzzzzz\": 1}}",
     "unknown-field", "/department/zzzzzz", "\"zzzzzz\"", {"\"zzzzzz\""}},
    {"missing field", false, "{\"document\": \"goals\",\n \"department\": {\"name\": \"测试部\", \"level\": \"县\"}}",
     "missing-field", "/department", "{\"name\"", {"\"year\""}},
    {"missing field of a list item", false, DOC("\"projects\": [{\"name\": \"p\", \"goals\": [\"g\"]}]"), "missing-field",
     "/projects/1", "{\"name\": \"p\"", {"\"indicators\""}},
    {"a derived field is not input", false, DOC("\"assets\": {\"cutoff\": \"2019年12月31日\"}"), "unknown-field",
     "/assets/cutoff", "\"cutoff\"", {"cutoff"}},
    {"missing document", false, "{" DEPT "}", "missing-field", "", "{", {"\"document\""}},
    /* wrong types */
    {"text given as a number", false, "{\"document\": \"goals\", \"department\": {\"name\": 123, \"level\": \"县\", \"year\": 2020}}",
     "wrong-type", "/department/name", "123", {"\"123\""}},
    {"amount given as an object", false, DOC("\"income\": {\"general_budget\": {}}"), "wrong-type", "/income/general_budget",
     "{}", {"an object"}},
    {"amount given as a boolean", false, DOC("\"income\": {\"general_budget\": true}"), "wrong-type",
     "/income/general_budget", "true", {"a boolean"}},
    {"amount given as null", false, DOC("\"income\": {\"general_budget\": null}"), "wrong-type", "/income/general_budget",
     "null", {"null"}},
    {"amount given as words", false, DOC("\"income\": {\"general_budget\": \"一百\"}"), "wrong-type",
     "/income/general_budget", "\"一百\"", {"一百"}},
    {"boolean given as a string", false,
     DOC("\"expenditure\": {\"personnel\": 1, \"public\": 1,\n \"projects_complete\": \"false\"}"), "wrong-type",
     "/expenditure/projects_complete", "\"false\"", {"true or false"}},
    {"whole number given as a string", false,
     "{\"document\": \"goals\", \"department\": {\"name\": \"a\", \"level\": \"县\", \"year\": \"2020\"}}", "wrong-type",
     "/department/year", "\"2020\"", {"whole number"}},
    {"whole number given as a fraction", false,
     "{\"document\": \"goals\", \"department\": {\"name\": \"a\", \"level\": \"县\", \"year\": 2020.5}}", "wrong-type",
     "/department/year", "2020.5", {"2020.5"}},
    {"array given as an object", false, DOC("\"laws\": {\"a\": \"b\"}"), "wrong-type", "/laws", "{\"a\"", {"an array"}},
    {"object given as an array", false, DOC("\"income\": [1]"), "wrong-type", "/income", "[1]", {"an array"}},
    {"text of an indicator given as a number", false, PROJECT("", "95"), "wrong-type", "/projects/1/indicators/2/value", "95",
     {"\"95\""}},
    {"plan cell given as words", false, PROJECT("\"plan\": [\"10%\", \"过半\", null, \"100%\"], ", "\"≥95%\""), "wrong-type",
     "/projects/1/plan/2", "\"过半\"", {"percentage"}},
    /* values out of their range */
    {"negative amount", false, DOC("\"income\": {\"general_budget\": \"-1\"}"), "negative", "/income/general_budget",
     "\"-1\"", {"-1"}},
    {"negative fixed score", false, SELFEVAL("{\"type\": \"fixed\", \"score\": \"-1\"}"), "negative",
     "/selfeval/indicators/1/rule/score", "\"-1\"", {"-1"}},
    {"seven decimal places", false, DOC("\"income\": {\"general_budget\": 1.1234567}"), "too-many-places",
     "/income/general_budget", "1.1234567", {"1.1234567"}},
    {"seven decimal places in a string", false, DOC("\"income\": {\"general_budget\": \"0.0000001\"}"), "too-many-places",
     "/income/general_budget", "\"0.0000001\"", {"six"}},
    {"amount above 10^12", false, DOC("\"income\": {\"general_budget\": 1e13}"), "out-of-range", "/income/general_budget",
     "1e13", {"1e13"}},
    /* enumerations and dates */
    {"bad enum with a suggestion", false, "{\"document\": \"budgte\", " DEPT "}", "bad-value", "/document", "\"budgte\"",
     {"did you mean \"budget\"", "\"selfeval\""}},
    {"bad rule type with a suggestion", false, SELFEVAL("{\"type\": \"lineal\"}"), "bad-value",
     "/selfeval/indicators/1/rule/type", "\"lineal\"", {"did you mean \"linear\""}},
    {"bad enum without a suggestion", false, "{\"document\": \"report\", " DEPT "}", "bad-value", "/document",
     "\"report\"", {"expected one of \"budget\", \"goals\", \"selfeval\""}},
    {"enum given as a number", false, "{\"document\": 1, " DEPT "}", "wrong-type", "/document", "1,", {"a number"}},
    {"bad month", false, DOC("\"assets\": {\"as_of\": \"2019-13-31\"}"), "bad-date", "/assets/as_of", "\"2019-13-31\"",
     {"2019-13-31"}},
    {"date with slashes", false, DOC("\"assets\": {\"as_of\": \"2019/12/31\"}"), "bad-date", "/assets/as_of",
     "\"2019/12/31\"", {"YYYY-MM-DD"}},
    {"date without leading zeros", false,
     DOC("\"selfeval\": {\"contact\": \"a\", \"phone\": \"1\", \"indicators\": [],\n \"period\": {\"from\": \"2019-1-1\", \"to\": \"2019-12-31\"}}"),
     "bad-date", "/selfeval/period/from", "\"2019-1-1\"", {"2019-1-1"}},
    {"date with trailing text", false, DOC("\"assets\": {\"as_of\": \"2019-12-31x\"}"), "bad-date", "/assets/as_of",
     "\"2019-12-31x\"", {NULL}},
    /* real calendar dates (issue 17): the day must exist */
    {"30 February", false, DOC("\"assets\": {\"as_of\": \"2019-02-30\"}"), "bad-date", "/assets/as_of", "\"2019-02-30\"",
     {"\"2019-02-30\" is not a date: February 2019 has 28 days"}},
    {"29 February of a common year", false, DOC("\"assets\": {\"as_of\": \"2019-02-29\"}"), "bad-date", "/assets/as_of", "\"2019-02-29\"",
     {"\"2019-02-29\" is not a date: February 2019 has 28 days"}},
    {"29 February of 1900 (a century)", false, DOC("\"assets\": {\"as_of\": \"1900-02-29\"}"), "bad-date", "/assets/as_of", "\"1900-02-29\"",
     {"\"1900-02-29\" is not a date: February 1900 has 28 days"}},
    {"31 April", false, DOC("\"assets\": {\"as_of\": \"2019-04-31\"}"), "bad-date", "/assets/as_of", "\"2019-04-31\"",
     {"\"2019-04-31\" is not a date: April 2019 has 30 days"}},
    {"day 00", false, DOC("\"assets\": {\"as_of\": \"2019-12-00\"}"), "bad-date", "/assets/as_of", "\"2019-12-00\"",
     {"\"2019-12-00\" is not a date: December 2019 has 31 days"}},
    {"month 00", false, DOC("\"assets\": {\"as_of\": \"2019-00-10\"}"), "bad-date", "/assets/as_of", "\"2019-00-10\"",
     {"\"2019-00-10\" is not a date: there is no month 0"}},
    {"year 0", false, DOC("\"assets\": {\"as_of\": \"0000-12-31\"}"), "bad-date", "/assets/as_of", "\"0000-12-31\"",
     {"\"0000-12-31\" is not a date: there is no year 0"}},
    {"a negative year", false, DOC("\"assets\": {\"as_of\": \"-005-12-31\"}"), "bad-date", "/assets/as_of",
     "\"-005-12-31\"", {"expected a date YYYY-MM-DD, found \"-005-12-31\""}},
    {"a year with a space", false, DOC("\"assets\": {\"as_of\": \" 019-12-31\"}"), "bad-date", "/assets/as_of",
     "\" 019-12-31\"", {"expected a date YYYY-MM-DD"}},
    {"29 February of a leap year", false, DOC("\"assets\": {\"as_of\": \"2020-02-29\"}"), NULL, NULL, NULL, {NULL}},
    {"29 February of 2000 (a leap century)", false, DOC("\"assets\": {\"as_of\": \"2000-02-29\"}"), NULL, NULL, NULL, {NULL}},
    /* INI: the same loader over untyped text */
    {"ini: unknown key", true, INI_DOC("[income]\ngeneral_budget = 1\ntotl = 1\n"), "unknown-field", "/income/totl",
     "totl", {"did you mean \"total\""}},
    {"ini: boolean that is not true or false", true,
     INI_DOC("[expenditure]\npersonnel = 1\npublic = 1\nprojects_complete = yes\n"), "wrong-type",
     "/expenditure/projects_complete", "yes", {"true or false"}},
    {"ini: year in words", true, "document = goals\n[department]\nname = a\nlevel = 县\nyear = 二〇二〇\n", "wrong-type",
     "/department/year", "二〇二〇", {"二〇二〇"}},
    {"ini: amount with a thousands separator", true, INI_DOC("[income]\ngeneral_budget = 1,000\n"), "wrong-type",
     "/income/general_budget", "1,000", {"1,000"}},
    {"ini: seven decimal places", true, INI_DOC("[income]\ngeneral_budget = 1.1234567\n"), "too-many-places",
     "/income/general_budget", "1.1234567", {NULL}},
    {"ini: negative amount", true, INI_DOC("[income]\ngeneral_budget = -0.5\n"), "negative", "/income/general_budget",
     "-0.5", {NULL}},
    {"ini: null where no null is allowed", true, INI_DOC("[income]\ngeneral_budget = null\n"), "wrong-type",
     "/income/general_budget", "null", {NULL}},
    {"ini: path of a list item", true,
     INI_DOC("[projects.1]\nname = p\ngoals.1 = g\n[projects.1.indicators.1]\nlevel1 = 产出指标\nlevel2 = 数量指标\n"
             "name = a\ndescription =\nvalue = 1\nbasis =\nweight = 4\n"),
     "unknown-field", "/projects/1/indicators/1/weight", "weight", {NULL}},
    /* what loads cleanly */
    {"signed amounts may be negative", false,
     DOC("\"prior_year\": {\"basic\": 1, \"project\": 2, \"stated_change_total\": \"-5.5\", \"stated_change_basic\": -1}"),
     NULL, NULL, NULL, {NULL}},
    {"percentages with % and ％, null plan cells", false, PROJECT("\"plan\": [\"10%\", \"50％\", null, 100], ", "\"≥95%\""), NULL,
     NULL, NULL, {NULL}},
    {"$comment anywhere", false,
     "{\"$comment\": \"x\", \"document\": \"goals\", \"department\": {\"$comment\": {\"any\": [1]}, \"name\": \"a\", "
     "\"level\": \"县\", \"year\": 2020}}",
     NULL, NULL, NULL, {NULL}},
    {"amounts as numbers and strings", false,
     DOC("\"income\": {\"general_budget\": 688.35, \"fund_budget\": \"0\", \"other\": 1.5e2, \"total\": \"838.350000\"}"),
     NULL, NULL, NULL, {NULL}},
    {"ini: booleans, integers, nulls", true,
     INI_DOC("[expenditure]\npersonnel = 1\npublic = 0.5\nprojects_complete = false\nproject_total = 3\n"
             "[assets]\nbuildings.quantity = null\nbuildings.value = null\nas_of = 2019-12-31\n"),
     NULL, NULL, NULL, {NULL}},
};

static void test_load_case(void **state)
{
    const load_case *c = *state;
    gk_diags *d = gk_test_diags();
    const char *file = c->ini ? "case.ini" : "case.json";
    gk_test_load(file, c->text, c->ini, c->code ? GK_INVALID : GK_OK, d);
    if (!c->code) {
        gk_test_expect_counts(d, 0, 0);
        return;
    }
    gk_test_expect_counts(d, 1, 0);
    const gk_diag *g = gk_test_expect(d, c->code, c->path);
    assert_string_equal(g->file, file);
    assert_int_equal(g->severity, GK_ERROR);
    unsigned line, col;
    gk_test_position(c->text, c->at, &line, &col);
    gk_test_expect_place(g, line, col);
    gk_test_expect_message(g, c->message, COUNT(c->message));
}

/* Three different problems in one file: three diagnostics, one run. */
static void test_all_problems_in_one_run(void **state)
{
    (void)state;
    static const char text[] =
        "{\"document\": \"goals\",\n"
        " \"department\": {\"name\": \"测试部\", \"level\": \"州\", \"year\": 2020},\n"
        " \"income\": {\"general_budget\": \"-3\", \"totl\": \"1\"},\n"
        " \"projects\": [{\"name\": \"p\", \"goals\": [\"g\"]}]\n"
        "}";
    gk_diags *d = gk_test_diags();
    gk_test_load("three.json", text, false, GK_INVALID, d);
    gk_test_expect_counts(d, 4, 0);
    static const struct {
        const char *code, *path, *at;
    } want[] = {
        {"bad-value", "/department/level", "\"州\""},
        {"negative", "/income/general_budget", "\"-3\""},
        {"unknown-field", "/income/totl", "\"totl\""},
        {"missing-field", "/projects/1", "{\"name\": \"p\""},
    };
    for (size_t i = 0; i < COUNT(want); i++) {
        unsigned line, col;
        gk_test_position(text, want[i].at, &line, &col);
        gk_test_expect_place(gk_test_expect(d, want[i].code, want[i].path), line, col);
    }
}

/* What loads ends up in the model, with the place each value came from. */
static void test_values_and_places_in_the_model(void **state)
{
    (void)state;
    static const char text[] =
        "{\"document\": \"budget\",\n"
        " \"department\": {\"name\": \"测试部\", \"level\": \"区\", \"wording\": \"单位\", \"year\": 2023},\n"
        " \"income\": {\"general_budget\": 688.35, \"total\": \"688.350\"},\n"
        " \"projects\": [{\"name\": \"p\", \"goals\": [\"g\"], \"indicators\": [], \"plan\": [\"-29.37%\", null]}]\n"
        "}";
    gk_diags *d = gk_test_diags();
    gk_model *m = gk_test_load("model.json", text, false, GK_OK, d);
    const gk_input *in = &m->in;
    assert_int_equal(in->document.v, GK_DOC_BUDGET);
    assert_int_equal(in->department.level.v, GK_LEVEL_DISTRICT);
    assert_int_equal(in->department.wording.v, GK_WORDING_UNIT);
    assert_true(in->department.year.set);
    assert_int_equal(in->department.year.v, 2023);
    assert_string_equal(in->department.name.s, "测试部");
    assert_false(in->department.full_name.set);
    assert_true(in->has_income);
    assert_false(in->has_expenditure);
    assert_true(in->income.general_budget.v.units == INT64_C(688350000));
    assert_true(gk_dec_eq(in->income.total.v, in->income.general_budget.v));
    assert_false(in->income.fund_budget.set);
    assert_string_equal(in->income.total.loc.path, "/income/total");
    unsigned line, col;
    gk_test_position(text, "\"688.350\"", &line, &col);
    assert_int_equal(in->income.total.loc.line, line);
    assert_int_equal(in->income.total.loc.col, col);
    assert_int_equal(in->projects.n, 1);
    const gk_project *p = in->projects.v;
    assert_int_equal(p->plan.n, 2);
    const gk_num *plan = p->plan.v;
    assert_true(plan[0].v.units == INT64_C(-29370000));
    assert_true(plan[1].set && plan[1].null);
    assert_string_equal(plan[1].loc.path, "/projects/1/plan/2");
    assert_true(p->indicators.set);
    assert_int_equal(p->indicators.n, 0);
}

static void test_missing_file(void **state)
{
    (void)state;
    gk_diags *d = gk_test_diags();
    static char sentinel;
    gk_model *m = (gk_model *)(void *)&sentinel; /* must become NULL */
    assert_int_equal(gk_model_load_file("/nonexistent/gongkai/input.json", &m, d), GK_IO);
    assert_null(m);
    const gk_diag *g = gk_test_expect(d, "io", "");
    assert_string_equal(g->file, "/nonexistent/gongkai/input.json");
    gk_test_expect_counts(d, 1, 0);
}

static void test_load_file_picks_the_reader_by_name(void **state)
{
    (void)state;
    gk_diags *d = gk_test_diags();
    gk_model *m = gk_test_load_file("samples/quyang-2020-budget.ini", GK_OK, d);
    gk_test_expect_counts(d, 0, 0);
    assert_string_equal(m->in.department.name.s, "曲阳县委组织部");
    assert_string_equal(m->file, gk_test_path("samples/quyang-2020-budget.ini"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GK_TEST(test_all_problems_in_one_run),
        GK_TEST(test_values_and_places_in_the_model),
        GK_TEST(test_missing_file),
        GK_TEST(test_load_file_picks_the_reader_by_name),
    };
    int failed = gk_test_run_cases("load cases", test_load_case, load_cases, sizeof load_cases[0], COUNT(load_cases));
    return failed + cmocka_run_group_tests_name("load", tests, NULL, NULL);
}
