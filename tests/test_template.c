/* The template language and the document tree: expansion (values, filters,
 * conditions, loops, includes), markup (numbering, lists, tables with spans
 * and computed merges), template errors with their places, the tree's
 * invariants, and the plain-text renderer. */
#include "support.h"

#include "compose.h"
#include "model.h"
#include "node.h"
#include "render.h"
#include "tpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Expands `text` (as template "t", with `more` templates beside it) against
 * the checked model `m` into `tree`; false with the problems in *d. */
static bool compose(gk_model *m, const char *text, const gk_builtin_template *more, gk_tree *tree, gk_diags *d)
{
    gk_builtin_template set[8] = {{"t", text}};
    for (size_t i = 0; more && more[i].name; i++) set[i + 1] = more[i];
    gk_tpl_source src = {set, NULL};
    gk_tpl_output lines = {0};
    assert_true(gk_tree_init(tree));
    bool ok = gk_tpl_expand(&src, "t", m, &lines, d) == GK_OK && gk_compose_lines(&lines, tree, d) == GK_OK;
    gk_tpl_output_free(&lines);
    return ok;
}

static gk_model *checked(const char *rel, gk_diags *d)
{
    gk_model *m = gk_test_load_file(rel, GK_OK, d);
    assert_int_equal(gk_model_check(m, d), GK_OK);
    return m;
}

static char *txt_of(const gk_tree *tree)
{
    gk_buf b = {0};
    gk_render_txt(tree, &b);
    return gk_test_keep(gk_buf_detach(&b));
}

/* The plain text of `text` rendered against the checked sample `rel`, or
 * NULL with the problems in *d. */
static char *render_with(const char *rel, const char *text, const gk_builtin_template *more, gk_diags *d)
{
    gk_tree tree;
    char *out = NULL;
    if (compose(checked(rel, d), text, more, &tree, d)) {
        assert_null(gk_tree_check(&tree));
        out = txt_of(&tree);
    }
    gk_tree_free(&tree);
    return out;
}

static char *render(const char *text, gk_diags *d) { return render_with("samples/lunan-2022-budget.json", text, NULL, d); }

static void expect_render(const char *text, const char *want)
{
    gk_diags *d = gk_test_diags();
    char *got = render(text, d);
    if (!got) gk_test_print_diags(d);
    assert_non_null(got);
    assert_string_equal(got, want);
}

static void expect_template_error(const char *text, unsigned line, unsigned col, const char *needle)
{
    gk_diags *d = gk_test_diags();
    assert_null(render(text, d));
    const gk_diag *g = gk_test_expect(d, "template", NULL);
    assert_string_equal(g->file, "template t");
    gk_test_expect_place(g, line, col);
    const char *needles[] = {needle, NULL};
    gk_test_expect_message(g, needles, 2);
}

/* ---- expansion ---- */

static void test_values_and_filters(void **state)
{
    (void)state;
    expect_render("{{ department.name }}{{ department.year }}年{{ department.wording }}\n",
                  "唐山市路南区档案馆2022年单位\n");
    /* derived level words of a 区 */
    expect_render("{{ department.level_adj }} {{ department.our }} {{ department.all }}\n", "区级 我区 全区\n");
    /* prose amounts drop trailing zeros; an absent part is 0万元 */
    expect_render("{{ income.general_budget | wan }} {{ income.fund_budget | wan }}\n", "186.4万元 0万元\n");
    /* table amounts: two places, or N */
    expect_render("{{ expenditure.public | amt }} {{ expenditure.public | amt:3 }} {{ expenditure.personnel | num }}\n",
                  "12.05 12.050 142.35\n");
    /* computed totals and changes */
    expect_render("{{ expenditure.basic_total | wan }} {{ prior_year.change_total | change }} "
                  "{{ prior_year.change_basic | change }} {{ prior_year.change_project | abs | num }}\n",
                  "154.4万元 减少6.5万元 持平 6.5\n");
    expect_render("{{ 3 | cn }} {{ 12 | cn }} {{ 20 | cn }} {{ department.year | minus:1 }} {{ assets.cutoff }}\n",
                  "三 十二 二十 2021 2021年12月31日\n");
    expect_render("{{ assets.vehicles.value | num | default:\"——\" }} {{ three_public.abroad | nz | amt }}|\n", "—— |\n");
    expect_render("{{ \"2019-12-31\" | date }} {{ 99.396 | round:1 }} {{ 20 | pct }}\n", "2019年12月31日 99.4 20%\n");
}

static void test_conditions(void **state)
{
    (void)state;
    expect_render("{% if organisation.count > 1 %}many{% elif organisation.count == 1 %}one{% else %}none{% endif %}\n",
                  "one\n");
    expect_render("{% if procurement.units %}yes{% else %}no{% endif %}\n", "no\n");
    /* 0 is a value: true; compare with 0 to test for zero */
    expect_render("{% if income.fund_budget %}set{% endif %}{% if not income.carryover %} absent{% endif %}\n",
                  "absent\n");
    expect_render("{% if department.level == \"区\" and not (department.wording == \"部门\") %}ok{% endif %}\n", "ok\n");
    expect_render("{% if expenditure.projects_complete == false or three_public.change_total == 0 %}ok{% endif %}\n",
                  "ok\n");
}

static void test_loops(void **state)
{
    (void)state;
    expect_render("{% for p in expenditure.projects %}{{ loop.index }}/{{ loop.count }}{{ p.name }}"
                  "{% if not loop.last %}、{% endif %}{% endfor %}\n",
                  "1/2档案数字化加工经费、2/2档案库房维护经费\n");
    /* side by side: the shorter list is absent past its end */
    expect_render("{% for a, o in expenditure.projects, organisation %}[{{ a.amount | num }} {{ o.rank }}]{% endfor %}\n",
                  "[24 正科级][8 ]\n");
    expect_render("{{ duties.4 }}{{ duties.9 }}|{{ duties.count }}\n", "完成区委、区政府交办的其他任务。|4\n");
}

static void test_include_and_continuation(void **state)
{
    (void)state;
    gk_diags *d = gk_test_diags();
    const gk_builtin_template parts[] = {{"part", "<<{{ department.our }}\n"}, {"loop", "{% include \"loop\" %}\n"}, {NULL, NULL}};
    char *got = render_with("samples/lunan-2022-budget.json", "{# a comment\n   over lines #}\n{% include \"part\" %}\na\\\nb\n",
                            parts, d);
    assert_non_null(got);
    assert_string_equal(got, "我区\nab\n");
    /* an include that includes itself stops with an error, not a crash */
    assert_null(render_with("samples/lunan-2022-budget.json", "{% include \"loop\" %}\n", parts, d));
    gk_test_expect(d, "template", NULL);
}

/* A value is never read as markup. */
static void test_values_are_not_markup(void **state)
{
    (void)state;
    gk_diags *d = gk_test_diags();
    char *json = gk_test_read("samples/lunan-2022-budget.json", NULL);
    gk_patch p[] = {{NULL, "\"name\": \"唐山市路南区档案馆\", \"nature\"", "\"name\": \"# a | b ** \\\\\\\\ <<\", \"nature\""}, {NULL, NULL, NULL}};
    char *patched = gk_test_patch(json, p, 2);
    gk_model *m = gk_test_load("x.json", patched, false, GK_OK, d);
    assert_int_equal(gk_model_check(m, d), GK_OK);
    gk_tree tree;
    assert_true(compose(m, "{{ organisation.1.name }}\n[table]\n| {{ organisation.1.name }} | x |\n[/table]\n", NULL, &tree, d));
    assert_string_equal(txt_of(&tree), "# a | b ** \\\\ <<\n\t# a | b ** \\\\ <<\n\tx\n\n");
    gk_tree_free(&tree);
}

/* ---- markup ---- */

static void test_heading_and_list_numbers(void **state)
{
    (void)state;
    expect_render("= T\n# a\n## b\n## c\n### d\n###. e\n#### f\n# g\n### h\n#! part\n### i\n## j\n",
                  "T\n一、a\n（一）b\n（二）c\n1、d\n2.e\n（1）f\n二、g\n1、h\npart\n1、i\n（一）j\n");
    /* lists number from 1 and restart after any other block */
    expect_render("-（一） a\n-（一） b\n-1、c\nx\n-1、d\n- e\n", "（一）a\n（二）b\n1、c\nx\n1、d\ne\n");
    expect_render("<<left\n>>right\n^^centre\n**bold** text\n", "left\nright\ncentre\nbold text\n");
}

static void test_tables(void **state)
{
    (void)state;
    /* spans: '<' joins left, '^' joins above; the txt renderer shows a
     * row-merged cell as an empty cell and a column-merged one not at all */
    expect_render("[table widths=1,1,1]\n|= A | < | B |\n| 1 | 2 | ^ |\n[/table]\n", "\tA\n\tB\n\n\t1\n\t2\n\t\n\n");
    /* computed merges: runs of equal cells; a later column's runs never
     * cross an earlier column's */
    expect_render("[table merge=1,2]\n|= h | h | h |\n| a | x | 1 |\n| a | x | 2 |\n| b | x | 3 |\n[/table]\n",
                  "\th\n\th\n\th\n\n\ta\n\tx\n\t1\n\n\t\n\t\n\t2\n\n\tb\n\tx\n\t3\n\n");
    /* lines and list items inside a cell */
    expect_render("[table]\n| g | -1、one \\\\ -1、two \\\\ tail |\n[/table]\n", "\tg\n\t1、one\n2、two\ntail\n\n");
}

static void test_merge_and_spans_in_tree(void **state)
{
    (void)state;
    gk_diags *d = gk_test_diags();
    gk_tree tree;
    assert_true(compose(checked("samples/lunan-2022-budget.json", d),
                        "[table merge=1]\n|= h | < |\n| a | 1 |\n| a | 2 |\n| a | 3 |\n[/table]\n", NULL, &tree, d));
    gk_node *table = tree.root->first;
    assert_int_equal(table->type, GK_NODE_TABLE);
    assert_int_equal(table->as.table.cols, 2);
    assert_int_equal(table->as.table.header_rows, 1);
    gk_node *head = table->first, *r1 = head->next;
    assert_true(head->as.row.header);
    assert_int_equal(head->first->as.cell.colspan, 2);
    assert_true(head->first->next->as.cell.covered);
    assert_int_equal(r1->first->as.cell.rowspan, 3);
    assert_true(r1->next->first->as.cell.covered);
    assert_true(r1->next->next->first->as.cell.covered);
    assert_null(gk_tree_check(&tree));
    /* break an invariant: the check names it */
    r1->next->next->first->as.cell.covered = false;
    r1->first->as.cell.rowspan = 5;
    assert_non_null(gk_tree_check(&tree));
    gk_tree_free(&tree);
}

/* Figures are typed in the tree: a number keeps its exact value and the
 * display form its filter gave it; a text that looks like a number stays
 * text (a telephone number is not set flush right, nor summed by a sheet). */
static void test_typed_figures(void **state)
{
    (void)state;
    gk_diags *d = gk_test_diags();
    gk_tree tree;
    assert_true(compose(checked("samples/xianghe-2019-selfeval.json", d),
                        "[table]\n| {{ 12.05 | amt }} | {{ selfeval.phone }} | {{ 20 | pct }} | {{ 688.35 | wan }} "
                        "| {{ department.year }} | {{ 99.396 | round:1 }} | {{ 7 | amt:3 }} |\n[/table]\n",
                        NULL, &tree, d));
    const gk_node *cell = tree.root->first->first->first;
    static const struct { gk_fig_kind kind; int places; int64_t units; const char *shown; } want[] = {
        {GK_FIG_AMOUNT, 2, 12050000, "12.05"},    {(gk_fig_kind)-1, 0, 0, "13930681314"},
        {GK_FIG_PERCENT, -1, 20000000, "20%"},    {GK_FIG_WAN, -1, 688350000, "688.35万元"},
        {GK_FIG_COUNT, 0, 2019000000, "2019"},   {GK_FIG_NUMBER, -1, 99400000, "99.4"},
        {GK_FIG_AMOUNT, 3, 7000000, "7.000"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++, cell = cell->next) {
        const gk_figure *f = gk_cell_figure(cell);
        const gk_node *run = cell->first->first;
        char buf[GK_FIG_STRLEN];
        size_t len;
        const char *s = gk_run_chars(run, buf, &len);
        assert_int_equal(len, strlen(want[i].shown));
        assert_memory_equal(s, want[i].shown, len);
        if ((int)want[i].kind < 0) {
            assert_null(f);
            assert_int_equal(run->type, GK_NODE_TEXT);
            continue;
        }
        assert_non_null(f);
        assert_int_equal(f->kind, want[i].kind);
        assert_int_equal(f->places, want[i].places);
        assert_int_equal(f->value.units, want[i].units);
    }
    gk_tree_free(&tree);
    /* txt prints a figure as its display form, inline as in cells */
    expect_render("共{{ 688.35 | wan }}，{{ 1095.7 | amt }}，{{ 95 | pct }}\n", "共688.35万元，1095.70，95%\n");
    /* places beyond a gk_dec's are refused, not printed short */
    expect_template_error("{{ 1 | amt:7 }}\n", 1, 8, "takes 0 to 6 places");
}

/* Equal cells down a merge column merge when they say the same: a figure
 * by its value and display form, a text by its bytes; a figure and a text of
 * the same characters do not. */
static void test_merge_compares_values(void **state)
{
    (void)state;
    gk_diags *d = gk_test_diags();
    gk_tree tree;
    assert_true(compose(checked("samples/lunan-2022-budget.json", d),
                        "[table merge=1]\n|= h | < |\n| {{ 1.50 | amt }} | a |\n| {{ 1.5 | amt }} | b |\n"
                        "| 1.50 | c |\n| {{ 1.5 | num }} | d |\n| {{ 1.5 | num }} | e |\n[/table]\n",
                        NULL, &tree, d));
    const gk_node *r1 = tree.root->first->first->next;
    const gk_node *r3 = r1->next->next, *r4 = r3->next;
    assert_int_equal(r1->first->as.cell.rowspan, 2);       /* 1.50 and 1.5 as amounts: one value */
    assert_true(r1->next->first->as.cell.covered);
    assert_int_equal(r3->first->as.cell.rowspan, 1);       /* the text 1.50 is not the figure */
    assert_false(r3->first->as.cell.covered);
    assert_int_equal(r4->first->as.cell.rowspan, 2);
    assert_null(gk_cell_figure(r3->first));
    assert_non_null(gk_cell_figure(r4->first));
    gk_tree_free(&tree);
}

/* ---- errors ---- */

static void test_template_errors(void **state)
{
    (void)state;
    expect_template_error("ok\n{{ department.nam }}\n", 2, 4, "no field \"nam\"");
    expect_template_error("{{ income.total | wan | frobnicate }}\n", 1, 25, "unknown filter \"frobnicate\"");
    expect_template_error("{% if department.name %}\nx\n", 1, 4, "has no {% endif %}");
    expect_template_error("{% for x of duties %}{% endfor %}\n", 1, 10, "expected \"in\"");
    expect_template_error("a {{ department.name\n", 1, 3, "is not closed");
    expect_template_error("{% include \"nowhere\" %}\n", 1, 4, "no template named \"nowhere\"");
    expect_template_error("{% endif %}\n", 1, 4, "unexpected");
    expect_template_error("x\n[table]\n| a | b |\n| c |\n[/table]\n", 4, 1, "has 1 cells; the table has 2");
    expect_template_error("[/table]\n", 1, 1, "without [table]");
    expect_template_error("{{ duties }}\n", 1, 4, "cannot be printed");
}

/* Issue 17: includes that would leave the template folder, the document
 * kind a template declares, and table attributes out of range. Each failed
 * before: the includes were looked up as paths ("no template named"),
 * {% document %} was an unknown statement, and widths near INT_MAX were
 * taken (and overflowed in the DOCX writer). */
static void test_hostile_template_errors(void **state)
{
    (void)state;
    expect_template_error("{% include \"../../etc/passwd\" %}\n", 1, 4,
                          "{% include \"../../etc/passwd\" %} does not name a template: a template name is 1 to 64 "
                          "letters, digits, '-' and '_' (templates are looked up only inside their folder)");
    expect_template_error("x\n{% include \"/etc/passwd\" %}\n", 2, 4, "does not name a template");
    expect_template_error("{% include \"part.tmpl\" %}\n", 1, 4, "does not name a template");
    expect_template_error("{% document report %}\n", 1, 13, "expected budget, goals, selfeval, budget-tables, found \"report\"");
    expect_template_error("{% document budget %}\n{% document budget %}\n", 2, 4, "a second {% document %}");
    expect_template_error("{% if true %}\n{% document budget %}\n{% endif %}\n", 2, 4, "stands at the top of a template");
    expect_template_error("[table widths=2147483647,2147483647]\n| a | b |\n[/table]\n", 1, 1,
                          "widths: \"2147483647\" is not a whole number from 1 to 1000");
    expect_template_error("[table widths=2,0]\n| a | b |\n[/table]\n", 1, 1, "widths: \"0\" is not a whole number");
    expect_template_error("[table widths=2,3x]\n| a | b |\n[/table]\n", 1, 1, "widths: unexpected \"x\" after the numbers; write them as widths=2,3,1");
    expect_template_error("[table merge=0]\n| a | b |\n[/table]\n", 1, 1, "merge: \"0\" is not a whole number from 1 to 32");

    /* a whole document of another kind, included */
    gk_diags *d = gk_test_diags();
    const gk_builtin_template whole[] = {{"whole", "{% document goals %}\nx\n"}, {NULL, NULL}};
    assert_null(render_with("samples/lunan-2022-budget.json", "{% include \"whole\" %}\n", whole, d));
    const gk_diag *g = gk_test_expect(d, "template", NULL);
    gk_test_expect_place(g, 1, 4);
    const char *needles[] = {"{% include \"whole\" %} is a whole goals document (in memory, line 1); this input is a "
                             "budget document", NULL};
    gk_test_expect_message(g, needles, 2);

    /* the top template of another kind: placed at the input's "document" */
    d = gk_test_diags();
    assert_null(render("{% document selfeval %}\nx\n", d));
    g = gk_test_expect(d, "template-kind", "/document");
    const char *kinds[] = {"the template \"t\" writes selfeval documents (in memory, line 1), but this input is a "
                           "budget document", NULL};
    gk_test_expect_message(g, kinds, 2);

    /* the built-in document templates declare their kinds */
    expect_render("{% document budget %}\n<<{{ department.our }}\n", "我区\n");

    /* a kind named with '-' is one word (it was read as budget, then "-") */
    d = gk_test_diags();
    assert_null(render("{% document budget-tables %}\nx\n", d));
    g = gk_test_expect(d, "template-kind", "/document");
    const char *dashed[] = {"the template \"t\" writes budget-tables documents (in memory, line 1), but this input "
                            "is a budget document", NULL};
    gk_test_expect_message(g, dashed, 2);
    expect_template_error("{% document budget-table %}\n", 1, 13,
                          "expected budget, goals, selfeval, budget-tables, found \"budget-table\"");
    expect_template_error("{% document budget-tables x %}\n", 1, 27, "expected the end of the tag, found \"x\"");
}

/* A heading level numbered as the county numbers it: the marker after the
 * #s (issue 13: the duties as 一、 inside section 一). */
static void test_heading_own_numbering(void **state)
{
    (void)state;
    expect_render("# 职责\n##一、 党建\n##一、 档案\n### 细则\n##一、 规划\n# 机构\n##（1） 甲\n##1. 乙\n",
                  "一、职责\n一、党建\n二、档案\n1、细则\n三、规划\n二、机构\n（1）甲\n2.乙\n");
    /* a heading's text that merely starts like a number is text */
    expect_render("## 1、不是编号\n##x\n", "（一）1、不是编号\n（二）x\n");
}

/* ---- {% set %} and include parameters ---- */

static void test_set_and_include_with(void **state)
{
    (void)state;
    /* set: a value, a list or an object; set again, it changes */
    expect_render("{% set x = \"甲\" %}{{ x }}{% set x = 2 | cn %}{{ x }}\n", "甲二\n");
    expect_render("{% set ps = expenditure.projects %}{{ ps.count }}{% set p = ps.1 %} {{ p.name }}\n",
                  "2 档案数字化加工经费\n");
    expect_render("{% set t = income.general_budget | wan %}<<{{ t }}\n", "186.4万元\n");
    /* a name set before a loop the loop changes (a count); one it sets first is the round's */
    expect_render("{% set x = \"外\" %}{% for p in expenditure.projects %}{{ x }}{% set x = loop.index %}{{ x }} {% endfor %}{{ x }}\n",
                  "外1 12 2\n");
    expect_render("{% set n = 0 %}{% for p in expenditure.projects %}{% if p.amount > 20 %}{% set n = n | minus:-1 %}{% endif %}{% endfor %}{{ n }}\n",
                  "1\n");
    expect_template_error("{% for p in expenditure.projects %}{% set y = 1 %}{% endfor %}{{ y }}\n", 1, 66,
                          "has no field \"y\"");
    /* an included template's own sets are its own, even of a caller's name */
    const gk_builtin_template inner[] = {{"inner", "{% set x = \"内\" %}{{ x }}\n"}, {NULL, NULL}};
    gk_diags *d0 = gk_test_diags();
    char *got0 = render_with("samples/lunan-2022-budget.json", "{% set x = \"外\" %}\n{% include \"inner\" %}\n<<{{ x }}\n", inner, d0);
    if (!got0) gk_test_print_diags(d0);
    assert_string_equal(got0, "内\n外\n");
    /* a loop variable bound later shadows a set, and the set is back after the loop */
    expect_render("{% set p = \"s\" %}{% for p in expenditure.projects %}{% if loop.first %}{{ p.name }}{% endif %}{% endfor %}{{ p }}\n",
                  "档案数字化加工经费s\n");
    /* include with: parameters evaluated where the include stands, bound in the part only */
    const gk_builtin_template part[] = {{"p", "[{{ a }}|{{ b }}]{% set a = \"改\" %}{{ a }}\n"}, {NULL, NULL}};
    gk_diags *d = gk_test_diags();
    char *got = render_with("samples/lunan-2022-budget.json",
                            "{% set a = \"外\" %}\n{% include \"p\" with a = department.our, b = 1 | cn %}\n"
                            "{% include \"p\" with a = a, b = \"乙\" %}\n<<{{ a }}\n", part, d);
    if (!got) gk_test_print_diags(d);
    assert_string_equal(got, "[我区|一]改\n[外|乙]改\n外\n");
    /* nz:COND blanks zero only where the switch holds */
    const gk_builtin_template cell[] = {{"cell", "<<[{{ 0 | nz:blank | amt }}]\n"}, {NULL, NULL}};
    d = gk_test_diags();
    got = render_with("samples/lunan-2022-budget.json",
                      "{% include \"cell\" with blank = true %}\n{% include \"cell\" with blank = false %}\n", cell, d);
    assert_string_equal(got, "[]\n[0.00]\n");
    /* part-notes: the notes of one place */
    d = gk_test_diags();
    got = render_with("tests/inputs/profile-example-district.json",
                      "{% include \"part-notes\" with at=\"overall\" %}\n{% include \"part-notes\" with at=\"income\" %}\n"
                      "{% include \"part-notes\" with at=\"nowhere\" %}\n", NULL, d);
    if (!got) gk_test_print_diags(d);
    assert_string_equal(got, "总体绩效目标：\n围绕全区中心工作，全面完成年度档案工作任务。\n收入全部为区级财政拨款。\n");

    /* errors at their place */
    expect_template_error("{% set %}\n", 1, 8, "expected a name to bind");
    expect_template_error("{% set x 1 %}\n", 1, 10, "expected '=' after the name");
    expect_template_error("{% set loop = 1 %}\n", 1, 8, "\"loop\" is a word of the template language and cannot be bound");
    expect_template_error("{% set a.b = 1 %}\n", 1, 8, "expected a name to bind");
    expect_template_error("{% set x = 1 2 %}\n", 1, 14, "expected the end of the tag, found \"2\"");
    expect_template_error("{% include \"p\" with %}\n", 1, 21, "expected a name to bind");
    expect_template_error("{% include \"p\" with a = 1 b = 2 %}\n", 1, 27,
                          "expected ',' and another name = value, or the end of the tag, found \"b\"");
    expect_template_error("{% include \"p\" x %}\n", 1, 16, "expected \"with\" or the end of the tag, found \"x\"");
    expect_template_error("{% include \"p\" with a = 1, a = 2 %}\n", 1, 4, "{% include %} binds \"a\" twice");
    /* a set inside a loop over a long list stays within the step bound (each round drops it) */
    d = gk_test_diags();
    const gk_builtin_template self[] = {{"self", "{% set d = 1 %}{% include \"self\" with d = d %}\n"}, {NULL, NULL}};
    assert_null(render_with("samples/lunan-2022-budget.json", "{% include \"self\" %}\n", self, d));
    gk_test_expect(d, "template", NULL);
}

/* The table set's switches (seq, lanci, blank_zero) change a table's columns,
 * rows and zeros without a copy of it: 表8 with a 序号 column, a 栏次 row and
 * zeros printed, in its 合计 row too. */
static void test_table_switches(void **state)
{
    (void)state;
    gk_diags *d = gk_test_diags();
    char *got = render_with("tests/inputs/check-tables.json",
                            "{% set seq = false %}{% set lanci = false %}{% set blank_zero = false %}{% set run_on = false %}\n"
                            "{% include \"part-table-fund\" with seq = true, lanci = true %}\n", NULL, d);
    if (!got) gk_test_print_diags(d);
    assert_string_equal(got, "政府性基金预算支出表\n"
                  "\t测试县委组织部\n"
                  "\t单位：万元\n"
                  "\n"
                  "\t序号\n"
                  "\t科目编码\n"
                  "\t科目名称\n"
                  "\t合计\n"
                  "\t基本支出\n"
                  "\t项目支出\n"
                  "\n"
                  "\t栏次\n"
                  "\t1\n"
                  "\t2\n"
                  "\t3\n"
                  "\n"
                  "\t合　计\n"
                  "\t20.00\n"
                  "\t0.00\n" /* the 合计 row follows blank_zero as the rows do */
                  "\t20.00\n"
                  "\n"
                  "\t1\n"
                  "\t212\n"
                  "\t城乡社区支出\n"
                  "\t20.00\n"
                  "\t0.00\n"
                  "\t20.00\n"
                  "\n"
                  "\t2\n"
                  "\t21208\n"
                  "\t　国有土地使用权出让收入安排的支出\n" /* a 款 indented by one full-width space */
                  "\t20.00\n"
                  "\t0.00\n"
                  "\t20.00\n"
                  "\n"
                  "\t3\n"
                  "\t2120899\n"
                  "\t　　其他国有土地使用权出让收入安排的支出\n" /* a 项 by two */
                  "\t20.00\n"
                  "\t\n"
                  "\t20.00\n"
                  "\n"
                  "");
    /* without the switches set, the table names what it misses */
    d = gk_test_diags();
    assert_null(render("{% include \"part-table-fund\" %}\n", d));
    const gk_diag *g = gk_test_expect(d, "template", NULL);
    assert_string_equal(g->file, "template part-table-fund");
    const char *needles[] = {"has no field \"run_on\"", NULL};
    gk_test_expect_message(g, needles, 2);
}

/* ---- profiles: profile.ini ---- */

/* The folders profile_dir made, removed at exit (they hold profile.ini at
 * most). */
static char *profile_dirs[64]; /* our own copies: gk_test_keep frees after each test */
static size_t nprofile_dirs;

static void remove_profile_dirs(void)
{
    for (size_t i = 0; i < nprofile_dirs; i++) {
        gk_buf path = {0};
        gk_buf_printf(&path, "%s/profile.ini", profile_dirs[i]);
        unlink(gk_buf_str(&path));
        gk_buf_free(&path);
        rmdir(profile_dirs[i]);
        free(profile_dirs[i]);
    }
}

/* A template folder holding only profile.ini with `ini` (NULL: an empty
 * folder), made once per call under /tmp; its path. */
static const char *profile_dir(const char *ini)
{
    char *dir = gk_test_keep(strdup("/tmp/gk-test-profile-XXXXXX"));
    assert_non_null(mkdtemp(dir));
    if (!nprofile_dirs) atexit(remove_profile_dirs);
    assert_true(nprofile_dirs < sizeof profile_dirs / sizeof profile_dirs[0]);
    profile_dirs[nprofile_dirs] = strdup(dir);
    assert_non_null(profile_dirs[nprofile_dirs++]);
    if (ini) {
        gk_buf path = {0};
        gk_buf_printf(&path, "%s/profile.ini", dir);
        FILE *f = fopen(gk_buf_str(&path), "w");
        assert_non_null(f);
        fputs(ini, f);
        fclose(f);
        gk_buf_free(&path);
    }
    return dir;
}

/* `text` (template "t") expanded with the profile folder `dir`, as plain
 * text, or NULL with the problems in *d; `kind` as gk_tpl_source.kind. */
static char *render_profile(const char *dir, const char *kind, const char *text, gk_diags *d)
{
    gk_builtin_template set[2] = {{"t", text}, {NULL, NULL}};
    gk_tpl_source src = {text ? set : NULL, dir, kind};
    gk_tpl_output lines = {0};
    gk_tree tree;
    assert_true(gk_tree_init(&tree));
    gk_model *m = checked("samples/lunan-2022-budget.json", d);
    char *out = NULL;
    if (gk_tpl_expand(&src, text ? "t" : kind, m, &lines, d) == GK_OK && gk_compose_lines(&lines, &tree, d) == GK_OK)
        out = txt_of(&tree);
    gk_tpl_output_free(&lines);
    gk_tree_free(&tree);
    return out;
}

static void test_profile_values(void **state)
{
    (void)state;
    const char *tpl = "= {{ department.name }}{{ profile.budget_2023.title }}\n"
                      "{% if profile.budget_2023.part_headings %}#! 第一部分\n{% else %}# {{ profile.budget_2023.projects_heading }}\n{% endif %}";
    /* the built-in defaults, without a profile folder */
    gk_diags *d = gk_test_diags();
    char *got = render_profile(NULL, NULL, tpl, d);
    if (!got) gk_test_print_diags(d);
    assert_string_equal(got, "唐山市路南区档案馆预算信息公开情况说明\n第一部分\n");
    /* a folder without profile.ini: the same */
    assert_string_equal(render_profile(profile_dir(NULL), NULL, tpl, gk_test_diags()), got);
    /* a profile.ini sets some keys; the others keep their defaults */
    d = gk_test_diags();
    got = render_profile(profile_dir("; a comment\n[budget_2023]\ntitle = 预算公开说明\npart_headings = false\n"), NULL, tpl, d);
    if (!got) gk_test_print_diags(d);
    assert_string_equal(got, "唐山市路南区档案馆预算公开说明\n一、项目绩效目标\n");
    /* values are text, never markup */
    d = gk_test_diags();
    got = render_profile(profile_dir("[budget_2023]\ntitle = **粗** | x |\n"), NULL, "<<{{ profile.budget_2023.title }}\n", d);
    assert_string_equal(got, "**粗** | x |\n");

    /* [templates] KIND chooses the default template of a kind */
    d = gk_test_diags();
    got = render_profile(profile_dir("[templates]\nbudget = budget-2023\n"), "budget", NULL, d);
    if (!got) gk_test_print_diags(d);
    assert_non_null(strstr(got, "唐山市路南区档案馆2022年单位预算信息公开情况说明\n"));
    assert_non_null(strstr(got, "五、绩效预算信息\n"));
    d = gk_test_diags();
    got = render_profile(profile_dir("[templates]\nbudget = budget-2023\n[budget_2023]\ntitle = 预算公开说明\n"
                                     "performance = 预算绩效信息\npart_headings = false\n"), "budget", NULL, d);
    assert_non_null(strstr(got, "唐山市路南区档案馆2022年单位预算公开说明\n"));
    assert_non_null(strstr(got, "五、预算绩效信息\n"));
    assert_non_null(strstr(got, "（四）项目绩效目标\n"));
    assert_null(strstr(got, "第一部分"));
    assert_null(strstr(got, "第二部分"));
}

/* A profile error names profile.ini and its line; a template's unknown
 * profile value its place in the template. */
static void expect_profile_error(const char *ini, unsigned line, const char *path, const char *needle)
{
    gk_diags *d = gk_test_diags();
    const char *dir = profile_dir(ini);
    assert_null(render_profile(dir, NULL, "x\n", d));
    const gk_diag *g = gk_test_expect(d, "profile", path);
    gk_buf file = {0};
    gk_buf_printf(&file, "%s/profile.ini", dir);
    assert_string_equal(g->file, gk_buf_str(&file));
    gk_buf_free(&file);
    gk_test_expect_place(g, line, 1);
    const char *needles[] = {needle, NULL};
    gk_test_expect_message(g, needles, 2);
}

static void test_profile_errors(void **state)
{
    (void)state;
    expect_profile_error("[budget_2023]\ntitel = x\n", 2, "profile.budget_2023.titel",
                         "unknown key \"titel\" in [budget_2023]; its keys are title, performance, part_headings, "
                         "projects_heading");
    expect_profile_error("\n[budget2020]\ntitle = x\n", 3, "profile.budget2020.title",
                         "unknown section [budget2020]; the sections are templates, budget_2023, budget, goals, "
                         "selfeval");
    expect_profile_error("[budget_2023]\ntitle = a\ntitle = b\n", 3, "profile.budget_2023.title",
                         "\"title\" is set twice in [budget_2023] (first on line 2)");
    expect_profile_error("[budget_2023]\ntitle = a\n  b\n", 3, "", "an indented line");
    expect_profile_error("[budget_2023]\njust words\n", 2, "", "cannot read this line: expected [section]");
    expect_profile_error("[budget_2023]\ntitle = a\x1b\n", 2, "profile.budget_2023.title", "the value contains");
    /* [templates] is checked only where it is used */
    gk_diags *d = gk_test_diags();
    assert_null(render_profile(profile_dir("[templates]\nbudget = ../x\n"), "budget", NULL, d));
    gk_test_expect(d, "profile", "profile.templates");

    expect_template_error("{{ profile.budget_2023.titel }}\n", 1, 4,
                          "the profile has no key \"titel\" in [budget_2023]; its keys are title, performance, "
                          "part_headings, projects_heading");
    expect_template_error("x{{ profile.nope.title }}\n", 1, 5,
                          "the profile has no section [nope]; the sections are templates, budget_2023, budget, "
                          "goals, selfeval");
    expect_template_error("{{ profile.budget_2023 }}\n", 1, 4, "a profile value is named profile.SECTION.KEY");
}

/* The same model and template give the same bytes. */
static void test_deterministic(void **state)
{
    (void)state;
    gk_diags *d = gk_test_diags();
    char *t = gk_test_read("templates/budget.tmpl", NULL);
    char *a = render_with("samples/quyang-2020-budget.json", t, NULL, d);
    char *b = render_with("samples/quyang-2020-budget.json", t, NULL, d);
    assert_non_null(a);
    assert_string_equal(a, b);
    assert_non_null(strstr(a, "九、其他需要说明的事项\n我部门无其他需要说明的事项。"));
}

/* 名词解释: an input entry replaces the standard entry with its term; other
 * entries follow the standard ten. */
static void test_glossary_overrides_and_additions(void **state)
{
    (void)state;
    gk_diags *d = gk_test_diags();
    char *json = gk_test_read("samples/lunan-2022-budget.json", NULL);
    gk_patch p[] = {{NULL, "\"document\": \"budget\",",
                     "\"document\": \"budget\", \"glossary\": [{\"term\": \"机关运行费\", \"definition\": \"甲。\"}, "
                     "{\"term\": \"档案数字化\", \"definition\": \"乙。\"}],"},
                    {NULL, NULL, NULL}};
    gk_model *m = gk_test_load("g.json", gk_test_patch(json, p, 2), false, GK_OK, d);
    assert_int_equal(gk_model_check(m, d), GK_OK);
    gk_tree tree;
    assert_true(compose(m, "{% include \"part-glossary\" %}\n", NULL, &tree, d));
    char *txt = txt_of(&tree);
    assert_non_null(strstr(txt, "1、一般公共预算拨款收入：指区级财政当年拨付的资金。\n"));
    assert_non_null(strstr(txt, "8、机关运行费：甲。\n"));
    assert_non_null(strstr(txt, "10、事业单位经营支出："));
    assert_non_null(strstr(txt, "11、档案数字化：乙。\n"));
    assert_null(strstr(txt, "是指各部门的公用经费"));
    gk_tree_free(&tree);
}

/* Another department, with no template change: a district-level unit with no
 * subordinate units and no procurement gets 区级/我区, 单位 wording and the
 * empty-table sentence from the built-in budget template. */
static void test_second_department(void **state)
{
    (void)state;
    gk_diags *d = gk_test_diags();
    char *got = render_with("samples/lunan-2022-budget.json", "{% include \"budget\" %}\n", NULL, d);
    assert_non_null(got);
    static const char *const want[] = {
        "唐山市路南区档案馆2022年单位预算信息公开情况说明", "一、单位职责及机构设置情况", "目前我区单位预算的编制",
        "较2021年减少6.5万元，其中：基本支出持平", "机关运行经费共计安排12.05万元（办公费5.2万元、水电费3.6万元",
        "2022年，我单位未安排政府采购预算。", "无此项公开内容，空表列示。", "1、一般公共预算拨款收入：指区级财政当年拨付的资金。",
        "纳入区级财政预算管理", "截止时间：2021年12月31日", "我单位无其他需要说明的事项。",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        if (!strstr(got, want[i])) fail_msg("missing: %s", want[i]);
    }
    static const char *const unwanted[] = {"县级", "我县", "部门职责", "（含所属单位）", "我部门"};
    for (size_t i = 0; i < sizeof unwanted / sizeof unwanted[0]; i++) {
        if (strstr(got, unwanted[i])) fail_msg("should not appear: %s", unwanted[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GK_TEST(test_values_and_filters), GK_TEST(test_conditions),        GK_TEST(test_loops),
        GK_TEST(test_include_and_continuation), GK_TEST(test_values_are_not_markup),
        GK_TEST(test_heading_and_list_numbers), GK_TEST(test_tables),      GK_TEST(test_merge_and_spans_in_tree),
        GK_TEST(test_typed_figures), GK_TEST(test_merge_compares_values),
        GK_TEST(test_template_errors), GK_TEST(test_hostile_template_errors),          GK_TEST(test_deterministic),       GK_TEST(test_second_department),
        GK_TEST(test_glossary_overrides_and_additions), GK_TEST(test_profile_values), GK_TEST(test_profile_errors),
        GK_TEST(test_set_and_include_with), GK_TEST(test_table_switches), GK_TEST(test_heading_own_numbering),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
