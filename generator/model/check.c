/* The check (gk_model_check): what each document kind needs (kinds.c), then the arithmetic
 * identities of SPEC.md ("Identities the generator checks"), which are
 * declared in the rules files (templates/NAME.rules, evaluated by rules.c), then
 * what a declaration cannot say: the spending plan's cumulative 0–100 %, the
 * indicator levels, one 预算资金 per 项目, an incomplete project list without
 * 项目支出, the dates, and the self-evaluation's scores (score.c). Stated
 * figures stay as stated; computed ones go beside them (gk_num.calc), afresh
 * on every run. The check also derives what the templates need: level words,
 * the cutoff date, default wording, the grade. */
#include "buf.h"
#include "file.h"
#include "check_util.h"
#include "fields.h"
#include "kinds.h"
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ITEMS(list, T) ((T *)(list).v)

static const gk_loc top = {"", 0, 0};

/* Derives a text from a copy of s in the model's arena; without memory the
 * text stays unset and the list says it lost something. */
static void derive_copy(gk_checker *c, gk_text *t, const char *s)
{
    const char *p = gk_arena_strndup(&c->m->arena, s, strlen(s));
    if (p) gk_derive_text(t, p);
    else gk_diags_lost(c->diags);
}

/* ---- which sections each document needs ---- */

/* The fields the input's kind needs (kinds.c). */
static void check_presence(gk_checker *c)
{
    const gk_input *in = &c->m->in;
    if (!in->document.set) return;
    const gk_kind *kind = gk_kind_of(in);
    for (const char *const *key = kind->needs; *key; key++)
        if (!gk_input_has(in, *key))
            gk_check_error(c, &top, "missing-field", "a %s document needs \"%s\"", kind->name, *key);
}

/* ---- 二、预算安排的总体情况, 四、“三公”经费: what the rules files cannot say ---- */

/* An incomplete project list (projects_complete: false) leaves 项目支出 to the
 * input: without it 项目支出 is unknown, and the identities built on it
 * (totals.rules) are skipped. */
static void check_project_total_given(gk_checker *c)
{
    gk_input *in = &c->m->in;
    gk_expenditure *e = &in->expenditure;
    if (!in->has_income || !in->has_expenditure) return;
    if (e->projects_complete.set && !e->projects_complete.v && !e->project_total.set) {
        gk_check_error(c, &e->projects_complete.loc, "missing-field",
                       "the project list is not complete, so \"project_total\" (项目支出) must be given");
        gk_derive_num(&e->project_total, gk_dec_unknown());
    }
}

/* Defaults of the wording: the prior year, the subject of the “三公” sentence. */
static void derive_defaults(gk_checker *c)
{
    gk_input *in = &c->m->in;
    gk_prior_year *p = &in->prior_year;
    if (in->has_prior_year && !p->year.set && in->department.year.set) {
        p->year.v = in->department.year.v - 1;
        p->year.set = true;
    }
    gk_three_public *t = &in->three_public;
    if (in->has_three_public && !t->subject.set)
        gk_derive_text(&t->subject, in->department.wording.v == GK_WORDING_UNIT ? "我单位" : "我部门");
}

/* ---- 五、项目绩效目标表 ---- */

static bool in_list(const gk_text *t, const char *const *names)
{
    for (; *names; names++)
        if (strcmp(t->s, *names) == 0) return true;
    return false;
}

static void check_projects(gk_checker *c)
{
    static const char *const level1[] = {"产出指标", "效益指标", "效果指标", "满意度指标", NULL};
    static const char *const level2[] = {"数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
                                         "生态效益指标", "可持续影响指标", "服务对象满意度指标", NULL};
    gk_project *ps = ITEMS(c->m->in.projects, gk_project);
    for (size_t k = 0; k < c->m->in.projects.n; k++) {
        gk_project *p = &ps[k];
        if (p->plan.set) {
            gk_num *plan = ITEMS(p->plan, gk_num);
            if (p->plan.n != 4)
                gk_check_error(c, &p->plan.loc, "bad-plan", "资金支出计划 has 4 cells (3月底, 6月底, 10月底, 12月底), not %zu", p->plan.n);
            static const char *const when[] = {"3月底", "6月底", "10月底", "12月底"};
            const gk_num *prev = NULL;
            const char *prev_when = "";
            char a[GK_DEC_STRLEN], b[GK_DEC_STRLEN];
            for (size_t i = 0; i < p->plan.n; i++) {
                if (plan[i].null || !plan[i].set) continue; /* an empty cell, or one the loader refused */
                const char *w = i < 4 ? when[i] : "";
                if (gk_dec_is_neg(plan[i].v) || gk_dec_cmp(plan[i].v, gk_dec_from_int(100)) > 0)
                    gk_check_error(c, &plan[i].loc, "bad-plan", "the spending plan for %s is %s%%, outside 0%%–100%%", w,
                                   gk_dec_format(plan[i].v, -1, a));
                if (prev && gk_dec_cmp(plan[i].v, prev->v) < 0)
                    gk_check_error(c, &plan[i].loc, "bad-plan",
                                   "the spending plan is cumulative but falls from %s%% (%s) to %s%% (%s)",
                                   gk_dec_format(prev->v, -1, a), prev_when, gk_dec_format(plan[i].v, -1, b), w);
                prev = &plan[i];
                prev_when = w;
            }
            if (prev && gk_dec_cmp(prev->v, gk_dec_from_int(100)) < 0)
                gk_check_warning(c, &prev->loc, "bad-plan", "the spending plan ends at %s%%, below 100%%",
                                 gk_dec_format(prev->v, -1, a));
        }
        if (!p->goals.n && p->goals.set) gk_check_error(c, &p->goals.loc, "empty", "a project needs at least one goal");
        if (!p->indicators.n && p->indicators.set)
            gk_check_error(c, &p->indicators.loc, "empty", "a project needs at least one indicator row");
        const gk_indicator *rows = ITEMS(p->indicators, const gk_indicator);
        for (size_t i = 0; i < p->indicators.n; i++) {
            if (rows[i].level1.set && !in_list(&rows[i].level1, level1))
                gk_check_warning(c, &rows[i].level1.loc, "unknown-level", "\"%s\" is not one of the 一级指标 产出指标, 效益指标, 效果指标, 满意度指标", rows[i].level1.s);
            if (rows[i].level2.set && !in_list(&rows[i].level2, level2))
                gk_check_warning(c, &rows[i].level2.loc, "unknown-level", "\"%s\" is not a standard 二级指标", rows[i].level2.s);
        }
    }
}

/* ---- 支出说明 against the 项目绩效目标表 ---- */

static const gk_project *project_named(const gk_input *in, const gk_text *name)
{
    const gk_project *ps = ITEMS(in->projects, const gk_project);
    for (size_t k = 0; k < in->projects.n; k++)
        if (ps[k].name.set && strcmp(ps[k].name.s, name->s) == 0) return &ps[k];
    return NULL;
}

/* The 支出说明 names the projects of 项目支出 and the 项目绩效目标表 are
 * projects of that list: when the list is complete, each table has its entry,
 * with the same amount where both state one (an entry may have no table: a
 * county may print tables for its larger projects only). A list
 * that names no table at all lists something else (seed 000 lists 功能科目:
 * 组织事务支出, 其他优抚支出), and is not compared. Names, not figures: no
 * rules-file form matches rows by name. The lists are short (the template
 * prints the whole 支出说明 as one sentence), so a linear search will do. */
static void check_project_list(gk_checker *c)
{
    const gk_input *in = &c->m->in;
    const gk_expenditure *e = &in->expenditure;
    if (!in->has_expenditure || !in->projects.set || !e->projects.n) return;
    if (e->projects_complete.set && !e->projects_complete.v) return;
    const gk_named_amount *list = ITEMS(e->projects, const gk_named_amount);
    bool named = false;
    for (size_t i = 0; i < e->projects.n && !named; i++)
        named = list[i].name.set && project_named(in, &list[i].name);
    if (!named) return;
    char a[GK_DEC_STRLEN], b[GK_DEC_STRLEN];
    for (size_t i = 0; i < e->projects.n; i++) {
        if (!list[i].name.set) continue;
        const gk_project *p = project_named(in, &list[i].name);
        if (!p) continue; /* not every project has a table (a county may print only its larger ones) */
        const gk_num *x = &list[i].amount, *y = &p->budget;
        if (gk_num_has(x) && gk_num_has(y) && !gk_dec_eq(gk_num_printed(x), gk_num_printed(y)))
            gk_check_error(c, &x->loc, "inconsistent",
                           "the 支出说明 gives the project \"%s\" %s, but its 项目绩效目标表 states 预算数 %s (line %u)",
                           list[i].name.s, gk_dec_format(gk_num_printed(x), -1, a), gk_dec_format(gk_num_printed(y), -1, b),
                           y->loc.line);
    }
    const gk_project *ps = ITEMS(in->projects, const gk_project);
    for (size_t k = 0; k < in->projects.n; k++) {
        bool listed = false;
        for (size_t i = 0; i < e->projects.n && !listed && ps[k].name.set; i++)
            listed = list[i].name.set && strcmp(list[i].name.s, ps[k].name.s) == 0;
        if (!listed && ps[k].name.set)
            gk_check_error(c, &ps[k].name.loc, "inconsistent",
                           "the project \"%s\" has a 项目绩效目标表 but is not in the 支出说明 (/expenditure/projects, "
                           "line %u), which says it is complete; add it there or set \"projects_complete\": false",
                           ps[k].name.s, e->projects.loc.line);
    }
}

/* ---- 三、比上年: the sign of a stated change ---- */

/* A stated change that is the computed one with its sign reversed is the
 * commonest slip in 比上年 (a 减少 typed as a positive number): the rule's
 * sum-mismatch names both figures, and this says which way round they go. */
static void hint_change_sign(gk_checker *c)
{
    const gk_prior_year *p = &c->m->in.prior_year;
    if (!c->m->in.has_prior_year) return;
    const struct { const gk_num *stated, *change; const char *what; } pairs[] = {
        {&p->stated_change_total, &p->change_total, "the total"},
        {&p->stated_change_basic, &p->change_basic, "基本支出"},
        {&p->stated_change_project, &p->change_project, "项目支出"},
    };
    char a[GK_DEC_STRLEN], b[GK_DEC_STRLEN];
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        const gk_num *s = pairs[k].stated, *ch = pairs[k].change;
        if (!s->set || s->null || !ch->computed || gk_dec_is_unknown(ch->calc) || gk_dec_is_zero(ch->calc)) continue;
        if (!gk_dec_eq(s->v, gk_dec_neg(ch->calc))) continue;
        bool fall = gk_dec_is_neg(ch->calc);
        gk_check_warning(c, &s->loc, "inconsistent",
                         "hint: the change of %s is stated with the wrong sign: it is %s %s, so state it as %s "
                         "(a 减少 is a negative number, an 增加 a positive one)",
                         pairs[k].what, fall ? "a 减少 of" : "an 增加 of", gk_dec_format(gk_dec_abs(ch->calc), -1, a),
                         gk_dec_format(ch->calc, -1, b));
    }
}

/* ---- 六、政府采购 ---- */

typedef struct row_ref { const char *project; size_t row; } row_ref;

static int cmp_row_ref(const void *a, const void *b)
{
    const row_ref *x = a, *y = b;
    int k = strcmp(x->project, y->project);
    return k ? k : (x->row > y->row) - (x->row < y->row);
}

/* One project, one 预算资金 within a unit: every row that states it agrees
 * with the first row of that project that does. The rows are sorted by
 * project (then row), not compared pairwise: a unit may hold 10 000 rows.
 * (Rows compared with each other by name: no rules-file form says this.) */
static void check_project_budgets(gk_checker *c, const gk_proc_item *items, size_t n)
{
    row_ref *refs = n ? gk_arena_alloc(&c->m->arena, n * sizeof *refs) : NULL;
    if (n && !refs) {
        gk_diags_lost(c->diags);
        return;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (items[i].project_budget.set) refs[m++] = (row_ref){items[i].project.s, i};
    if (m > 1) qsort(refs, m, sizeof *refs, cmp_row_ref);
    for (size_t k = 0, first = 0; k < m; k++) {
        if (k == 0 || strcmp(refs[k].project, refs[first].project) != 0) {
            first = k;
            continue;
        }
        const gk_proc_item *it = &items[refs[k].row], *ref = &items[refs[first].row];
        if (gk_dec_eq(it->project_budget.v, ref->project_budget.v)) continue;
        char x[GK_DEC_STRLEN], y[GK_DEC_STRLEN];
        gk_buf there = {0}; /* "line 17", or "政府采购!D5" for a workbook */
        gk_model_put_place(c->m, &ref->project_budget.loc, &there);
        gk_check_error(c, &it->project_budget.loc, "inconsistent",
                       "项目 \"%s\" has 预算资金 %s here but %s on row %zu of the same unit (%s)", it->project.s,
                       gk_dec_format(it->project_budget.v, -1, x), gk_dec_format(ref->project_budget.v, -1, y),
                       refs[first].row + 1, gk_buf_str(&there));
        gk_buf_free(&there);
    }
}

static void check_procurement(gk_checker *c)
{
    gk_procurement *p = &c->m->in.procurement;
    if (!c->m->in.has_procurement) return;
    gk_proc_unit *units = ITEMS(p->units, gk_proc_unit);
    for (size_t u = 0; u < p->units.n; u++) check_project_budgets(c, ITEMS(units[u].items, gk_proc_item), units[u].items.n);
}

/* ---- 七、国有资产 ---- */

/* 截止时间 as the table heads it: 31 December of the prior year unless stated. */
static void derive_cutoff(gk_checker *c)
{
    gk_assets *a = &c->m->in.assets;
    if (!c->m->in.has_assets) return;
    int year = (int)c->m->in.department.year.v - 1, month = 12, day = 31;
    if (a->as_of.set) sscanf(a->as_of.s, "%d-%d-%d", &year, &month, &day);
    char buf[32];
    snprintf(buf, sizeof buf, "%d年%d月%d日", year, month, day);
    derive_copy(c, &a->cutoff, buf);
}

/* ---- dates ---- */

/* How far from the budget year a dated figure may be. The asset figures
 * (截止时间) are counted at a past day: not after the budget year, and not
 * before the prior year, whose end (上年末) the sentence and the table name;
 * more than GK_DATE_YEARS before it keeps its own message (a mistyped
 * century rather than an outdated inventory). The prior year of
 * 比上年 lies in the same window. A self-evaluation judges one budget year,
 * so its 评价时段 lies within that year, and starts before it ends. */
enum { GK_DATE_YEARS = 10 };

/* The date of a loaded date field (the loader checked the calendar). */
static gk_date date_of(const gk_text *t)
{
    gk_date d = {0, 0, 0};
    char why[64];
    if (!gk_date_parse(t->s, t->len, &d, why, sizeof why)) d.year = 0;
    return d;
}

static int date_cmp(gk_date a, gk_date b)
{
    if (a.year != b.year) return a.year < b.year ? -1 : 1;
    if (a.month != b.month) return a.month < b.month ? -1 : 1;
    return (a.day > b.day) - (a.day < b.day);
}

static void check_dates(gk_checker *c)
{
    gk_input *in = &c->m->in;
    if (!in->department.year.set) return;
    long long year = in->department.year.v;
    const gk_int *prior = &in->prior_year.year;
    if (in->has_prior_year && prior->set && prior->v >= year)
        gk_check_error(c, &prior->loc, "bad-year", "the prior year %lld is not before the budget year %lld",
                       (long long)prior->v, year);
    else if (in->has_prior_year && prior->set && prior->v < year - GK_DATE_YEARS)
        gk_check_error(c, &prior->loc, "bad-year", "the prior year %lld is more than %d years before the budget year %lld",
                       (long long)prior->v, GK_DATE_YEARS, year);
    const gk_text *as_of = &in->assets.as_of;
    if (in->has_assets && as_of->set) {
        gk_date d = date_of(as_of);
        if (d.year > year)
            gk_check_error(c, &as_of->loc, "bad-date", "the 截止时间 %s is after the budget year %lld", as_of->s, year);
        else if (d.year < year - GK_DATE_YEARS)
            gk_check_error(c, &as_of->loc, "bad-date", "the 截止时间 %s is more than %d years before the budget year %lld",
                           as_of->s, GK_DATE_YEARS, year);
        else if (d.year < year - 1) /* the section says 上年末: the prior year's inventory, not an older one */
            gk_check_error(c, &as_of->loc, "bad-date",
                           "the 截止时间 %s is before the prior year %lld: the sentence and the table state the fixed "
                           "assets at the end of the prior year (上年末, %lld-12-31 unless stated)",
                           as_of->s, year - 1, year - 1);
    }
    const gk_period *p = &in->selfeval.period;
    if (!in->has_selfeval || !p->from.set || !p->to.set) return;
    gk_date from = date_of(&p->from), to = date_of(&p->to);
    bool inside = true;
    const struct { const gk_text *t; gk_date d; const char *what; } ends[] = {{&p->from, from, "starts"}, {&p->to, to, "ends"}};
    for (size_t k = 0; k < 2; k++) {
        if (ends[k].d.year == year) continue;
        gk_check_error(c, &ends[k].t->loc, "bad-date", "the 评价时段 %s on %s, outside the budget year %lld it evaluates",
                       ends[k].what, ends[k].t->s, year);
        inside = false;
    }
    if (inside && date_cmp(from, to) > 0)
        gk_check_error(c, &p->to.loc, "bad-date", "the 评价时段 ends on %s, before it starts on %s", p->to.s, p->from.s);
}

static void check_department(gk_checker *c)
{
    static const char *const words[][4] = {
        {"县级", "我县", "全县", "本县"}, {"市级", "我市", "全市", "本市"}, {"区级", "我区", "全区", "本区"}};
    gk_department *d = &c->m->in.department;
    if (d->year.set && (d->year.v < 2000 || d->year.v > 2100))
        gk_check_error(c, &d->year.loc, "bad-year", "the year %lld is outside 2000–2100", (long long)d->year.v);
    if (!d->wording.set) { d->wording.v = GK_WORDING_DEPARTMENT; d->wording.set = true; }
    if (!d->full_name.set) d->full_name = d->name;
    if (!d->short_name.set) d->short_name = d->name;
    if (d->level.set) {
        gk_derive_text(&d->level_adj, words[d->level.v][0]);
        gk_derive_text(&d->our, words[d->level.v][1]);
        gk_derive_text(&d->all, words[d->level.v][2]);
        gk_derive_text(&d->this_, words[d->level.v][3]);
    }
}

/* Runs the rules files of the input's document kind (kinds.c),
 * each from rules_dir when it holds one, else the built-in one. */
static void check_rules(gk_checker *c, const char *rules_dir)
{
    const gk_input *in = &c->m->in;
    const gk_kind *kind = gk_kind_of(in);
    const char *folder = rules_dir ? gk_file_folder_problem(rules_dir) : NULL;
    if (folder) { /* one error, and never a silent fall-back to the built-in rules */
        gk_diag_add(c->diags, GK_ERROR, "io", rules_dir, 0, 0, "", "the template folder %s", folder);
        return;
    }
    gk_arena files = {NULL}; /* the texts read from rules_dir */
    for (const char *const *name = kind->rules; *name; name++) {
        const char *origin = NULL, *why = NULL;
        const char *text = gk_rules_find(rules_dir, *name, &files, &origin, &why);
        if (!text) {
            gk_diag_add(c->diags, GK_ERROR, "bad-rules", origin, 0, 0, "", "the rules file %s.rules cannot be read: %s", *name, why);
            continue;
        }
        gk_rules_check(c, origin, text);
    }
    gk_arena_free(&files);
}

gk_status gk_model_check(gk_model *m, gk_diags *diags)
{
    return gk_model_check_with(m, NULL, diags);
}

gk_status gk_model_check_with(gk_model *m, const char *rules_dir, gk_diags *diags)
{
    gk_checker ck = {m, diags}, *c = &ck;
    size_t before = diags->errors, first = diags->count;
    /* every run starts from the stated input: nothing computed before counts */
    gk_clear_computed(&m->in, &gk_input_shape);
    m->checked = true;
    check_presence(c);
    check_department(c);
    check_project_total_given(c);
    derive_defaults(c);
    check_rules(c, rules_dir);
    gk_classified_classes(m, rules_dir, diags); /* issue 11: after the rules computed every 类 */
    hint_change_sign(c);
    check_projects(c);
    check_project_list(c);
    check_procurement(c);
    derive_cutoff(c);
    check_dates(c);
    if (m->in.has_selfeval) {
        gk_period *period = &m->in.selfeval.period;
        if (!period->from.set && m->in.department.year.set) {
            char from[16], to[16];
            snprintf(from, sizeof from, "%lld-01-01", (long long)m->in.department.year.v);
            snprintf(to, sizeof to, "%lld-12-31", (long long)m->in.department.year.v);
            derive_copy(c, &period->from, from);
            derive_copy(c, &period->to, to);
        }
        gk_score(c);
    }
    gk_model_place_diags(m, diags, first); /* an XLSX input's cells */
    if (diags->oom) return GK_NOMEM;
    return diags->errors > before ? GK_INVALID : GK_OK;
}
