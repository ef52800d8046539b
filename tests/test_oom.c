/* Memory exhaustion while loading and checking (issue 17). Allocations
 * fail on demand (oom_wrap.h): every allocation gongkai makes. Each case loads
 * and checks an input with one known error once to count its allocations,
 * then again for every N with the N-th allocation failing (and every later
 * one, as when memory is really gone), and requires of each run:
 *   - no crash, no leak (ASan), no NULL string in any diagnostic;
 *   - the input never comes back valid: the status is not GK_OK, and the
 *     list counts an error unless the status is GK_NOMEM;
 *   - the known error is listed, or the list says it lost something (oom),
 *     or the status is GK_NOMEM — so the CLI always has something to print.
 */
#include "support.h"

#include "diag.h"
#include "model.h"
#include "oom_wrap.h"

#include <stdlib.h>
#include <string.h>

typedef struct oom_case {
    const char *name;
    const char *base;
    gk_patch patch[2];
    const char *code, *path; /* the known error */
} oom_case;

#define P(anchor, from, to) {anchor, from, to}

static const oom_case oom_cases[] = {
    {"budget with a 收入合计 mismatch", "tests/inputs/check-budget.json",
     {P("\"income\"", "\"total\": \"624.5\"", "\"total\": \"625\"")}, "sum-mismatch", "/income/total"},
    {"selfeval with a wrong score", "tests/inputs/check-selfeval.json",
     {P("预算完成率", "\"score\": \"2\"", "\"score\": \"3\"")}, "score-mismatch", "/selfeval/indicators/1/score"},
    {"budget with an impossible date", "tests/inputs/check-budget.json",
     {P(NULL, "\"stated_total\": \"542.75\",", "\"stated_total\": \"542.75\", \"as_of\": \"2019-02-30\",")}, "bad-date",
     "/assets/as_of"},
    /* large enough for the arena to take several blocks, so that loading
     * itself runs out midway */
    {"a published budget with an impossible date", "samples/langfang-2023-budget.json",
     {P(NULL, "\"as_of\": \"2022-12-31\"", "\"as_of\": \"2022-02-30\"")}, "bad-date", "/assets/as_of"},
};

/* One load and check with allocations failing from the n-th on (n < 0:
 * none); returns how many allocations the run made. */
static long run(const oom_case *c, const char *text, long n)
{
    gk_diags d = {0};
    gk_model *m = NULL;
    gk_oom_arm(n);
    gk_status st = gk_model_load_buffer(c->base, text, strlen(text), false, &m, &d);
    if (st == GK_OK) st = gk_model_check(m, &d);
    gk_diags_sort(&d);
    long made = gk_oom_disarm();
    bool failed = n >= 0 && made > n;
    bool listed = false;
    for (size_t i = 0; i < d.count; i++) {
        const gk_diag *g = &d.items[i];
        if (!g->file || !g->path || !g->message || !g->code) fail_msg("%s, allocation %ld failing: a NULL string", c->name, n);
        listed |= strcmp(g->code, c->code) == 0 && strcmp(g->path, c->path) == 0;
    }
    if (st == GK_OK || (d.errors == 0 && st != GK_NOMEM))
        fail_msg("%s, allocation %ld failing: the input came back valid (status %d, %zu errors)", c->name, n, st, d.errors);
    if (!listed && !d.oom && st != GK_NOMEM)
        fail_msg("%s, allocation %ld failing: the %s error was lost without a word", c->name, n, c->code);
    if (!failed && (!listed || d.oom)) fail_msg("%s: without a failure the %s error must be listed", c->name, c->code);
    gk_model_free(m);
    gk_diags_clear(&d);
    return made;
}

static void test_oom_case(void **state)
{
    const oom_case *c = *state;
    const char *text = gk_test_patch(gk_test_read(c->base, NULL), c->patch, 2);
    long total = run(c, text, -1);
    assert_true(total >= 3); /* the arena takes large blocks: few allocations */
    print_message("%s: %ld allocations, each made to fail in turn\n", c->name, total);
    for (long n = 0; n < total; n++) run(c, text, n);
}

/* The sort itself needs memory for large lists: without it every
 * diagnostic stays, and the list says it is incomplete in its order. */
static void test_sort_without_memory(void **state)
{
    (void)state;
    gk_diags d = {0};
    for (unsigned i = 0; i < 100; i++) gk_diag_add(&d, GK_ERROR, "x", "f", 100 - i, 1, "", "m%u", i);
    gk_oom_arm(0);
    gk_diags_sort(&d);
    gk_oom_disarm();
    assert_int_equal(d.count, 100);
    assert_true(d.oom);
    assert_int_equal(d.errors, 101);
    gk_diags_clear(&d);
}

/* The sort is stable: diagnostics at one place keep the order they were
 * found in, across the merge of runs. */
static void test_sort_is_stable(void **state)
{
    (void)state;
    gk_diags d = {0};
    for (unsigned i = 0; i < 1000; i++) gk_diag_add(&d, GK_ERROR, "x", i % 2 ? "b" : "a", (i * 7919) % 13, 1, "", "%u", i);
    gk_diags_sort(&d);
    assert_int_equal(d.count, 1000);
    for (size_t i = 1; i < d.count; i++) {
        const gk_diag *x = &d.items[i - 1], *y = &d.items[i];
        int k = strcmp(x->file, y->file);
        assert_true(k < 0 || (k == 0 && x->line < y->line) ||
                    (k == 0 && x->line == y->line && strtoul(x->message, NULL, 10) < strtoul(y->message, NULL, 10)));
    }
    gk_diags_clear(&d);
}

int main(void)
{
    int failed = gk_test_run_cases("oom", test_oom_case, oom_cases, sizeof oom_cases[0],
                                   sizeof oom_cases / sizeof oom_cases[0]);
    const struct CMUnitTest tests[] = {GK_TEST(test_sort_without_memory), GK_TEST(test_sort_is_stable)};
    return failed + cmocka_run_group_tests(tests, NULL, NULL);
}
