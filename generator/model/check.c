/* The identities of SPEC.md ("Identities the generator checks"). Every total
 * is computed from its parts; a stated total is only compared with it
 * (gk_settle), and the model then carries the computed figure, so the
 * documents print computed figures only. The check also derives what the
 * templates need: changes against the prior year, level words, the cutoff
 * date, scores and the grade. */
#include "buf.h"
#include "check_util.h"
#include "fields.h"

#include <stdio.h>
#include <string.h>

#define ITEMS(list, T) ((T *)(list).v)

static const gk_loc top = {"", 0, 0};

/* ---- which sections each document needs ---- */

static void require(gk_checker *c, bool present, const char *doc, const char *field)
{
    if (!present)
        gk_check_error(c, &top, "missing-field", "a %s document needs \"%s\"", doc, field);
}

static void check_presence(gk_checker *c)
{
    gk_input *in = &c->m->in;
    if (!in->document.set) return;
    const char *doc = gk_doc_kind_names[in->document.v];
    switch ((gk_doc_kind)in->document.v) {
    case GK_DOC_BUDGET:
        require(c, in->laws.set, doc, "laws");
        require(c, in->duties.set, doc, "duties");
        require(c, in->organisation.set, doc, "organisation");
        require(c, in->has_income, doc, "income");
        require(c, in->has_expenditure, doc, "expenditure");
        require(c, in->has_prior_year, doc, "prior_year");
        require(c, in->has_operating_costs, doc, "operating_costs");
        require(c, in->has_three_public, doc, "three_public");
        require(c, in->has_performance, doc, "performance");
        require(c, in->projects.set, doc, "projects");
        require(c, in->has_assets, doc, "assets");
        break;
    case GK_DOC_GOALS:
        require(c, in->has_performance, doc, "performance");
        require(c, in->projects.set, doc, "projects");
        break;
    case GK_DOC_SELFEVAL:
        require(c, in->has_selfeval, doc, "selfeval");
        require(c, in->duties.set, doc, "duties");
        break;
    }
}

/* ---- 二、预算安排的总体情况 ---- */

static gk_dec income_total(gk_checker *c)
{
    gk_income *i = &c->m->in.income;
    gk_num *parts[] = {&i->general_budget, &i->fund_budget, &i->special_account, &i->other, &i->carryover};
    gk_dec sum = gk_dec_zero();
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) gk_sum_add(c, &sum, gk_num_or_zero(parts[k]), &parts[k]->loc);
    gk_settle(c, &i->total, sum, "收入合计", "the income parts (/income/*)");
    return sum;
}

/* Computes 基本支出 and 项目支出; false when 项目支出 cannot be known. */
static bool spending(gk_checker *c, gk_dec *basic, gk_dec *project)
{
    gk_expenditure *e = &c->m->in.expenditure;
    *basic = gk_dec_zero();
    gk_sum_add(c, basic, gk_num_or_zero(&e->personnel), &e->personnel.loc);
    gk_sum_add(c, basic, gk_num_or_zero(&e->public_), &e->public_.loc);
    gk_settle(c, &e->basic_total, *basic, "基本支出", "人员经费 and 日常公用经费 (/expenditure/personnel, /expenditure/public)");

    bool complete = !e->projects_complete.set || e->projects_complete.v;
    if (!complete) {
        if (!e->project_total.set) {
            gk_check_error(c, &e->projects_complete.loc, "missing-field",
                           "the project list is not complete, so \"project_total\" (项目支出) must be given");
            return false;
        }
        *project = e->project_total.v;
        return true;
    }
    if (!e->projects.n) { /* no list: 项目支出 is what the input states, or 0 */
        *project = gk_num_or_zero(&e->project_total);
        gk_derive_num(&e->project_total, *project);
        return true;
    }
    *project = gk_dec_zero();
    gk_named_amount *items = ITEMS(e->projects, gk_named_amount);
    for (size_t k = 0; k < e->projects.n; k++) {
        if (!items[k].amount.set) {
            gk_check_error(c, &items[k].name.loc, "missing-field",
                           "项目支出 item \"%s\" has no amount; give one, or set \"projects_complete\": false", items[k].name.s);
            return false;
        }
        gk_sum_add(c, project, items[k].amount.v, &items[k].amount.loc);
    }
    gk_settle(c, &e->project_total, *project, "项目支出", "the listed project items (/expenditure/projects)");
    return true;
}

static void check_prior_year(gk_checker *c, gk_dec basic, gk_dec project, gk_dec total)
{
    gk_input *in = &c->m->in;
    gk_prior_year *p = &in->prior_year;
    gk_dec prior = gk_dec_zero();
    gk_sum_add(c, &prior, p->basic.v, &p->basic.loc);
    gk_sum_add(c, &prior, p->project.v, &p->project.loc);
    gk_settle(c, &p->total, prior, "the prior-year total", "its 基本支出 and 项目支出 (/prior_year/basic, /prior_year/project)");
    if (!p->year.set && in->department.year.set) {
        p->year.v = in->department.year.v - 1;
        p->year.set = true;
    }
    gk_dec d;
    gk_check_sub(c, &p->total.loc, "the change of the total against the prior year", total, prior, &d);
    gk_settle(c, &p->stated_change_total, d, "the change of the total against the prior year", "this year's total minus the prior year's");
    gk_derive_num(&p->change_total, d);
    gk_check_sub(c, &p->basic.loc, "the change of 基本支出", basic, p->basic.v, &d);
    gk_settle(c, &p->stated_change_basic, d, "the change of 基本支出", "this year's 基本支出 minus the prior year's");
    gk_derive_num(&p->change_basic, d);
    gk_check_sub(c, &p->project.loc, "the change of 项目支出", project, p->project.v, &d);
    gk_settle(c, &p->stated_change_project, d, "the change of 项目支出", "this year's 项目支出 minus the prior year's");
    gk_derive_num(&p->change_project, d);
}

static void check_totals(gk_checker *c)
{
    gk_input *in = &c->m->in;
    if (!in->has_income || !in->has_expenditure) return;
    gk_dec income = income_total(c), basic, project, total;
    if (!spending(c, &basic, &project)) return;
    total = basic;
    gk_sum_add(c, &total, project, &in->expenditure.personnel.loc);
    gk_settle(c, &in->expenditure.total, total, "支出合计", "基本支出 and 项目支出");
    if (!gk_dec_is_unknown(income) && !gk_dec_is_unknown(total) && !gk_dec_eq(income, total)) {
        char a[GK_DEC_STRLEN], b[GK_DEC_STRLEN];
        gk_check_error(c, &in->income.general_budget.loc, "unbalanced",
                       "收入合计 %s (the income parts) differs from 支出合计 %s (基本支出 + 项目支出); the budget must balance",
                       gk_dec_format(income, -1, a), gk_dec_format(total, -1, b));
    }
    if (in->has_prior_year) check_prior_year(c, basic, project, total);
}

/* ---- 三、机关运行经费 and 四、“三公”经费 ---- */

static void check_operating_costs(gk_checker *c)
{
    gk_operating_costs *o = &c->m->in.operating_costs;
    if (!c->m->in.has_operating_costs || !o->items.n) return;
    gk_dec sum = gk_dec_zero();
    gk_named_amount *items = ITEMS(o->items, gk_named_amount);
    for (size_t k = 0; k < o->items.n; k++) {
        if (!items[k].amount.set) {
            gk_check_error(c, &items[k].name.loc, "missing-field", "机关运行经费 item \"%s\" has no amount", items[k].name.s);
            return;
        }
        gk_sum_add(c, &sum, items[k].amount.v, &items[k].amount.loc);
    }
    gk_settle(c, &o->amount, sum, "机关运行经费", "its itemised list (/operating_costs/items)");
}

static void check_three_public(gk_checker *c)
{
    gk_three_public *t = &c->m->in.three_public;
    if (!c->m->in.has_three_public) return;
    gk_dec vehicle = gk_dec_zero(), total = gk_dec_zero();
    gk_sum_add(c, &vehicle, t->vehicle_purchase.v, &t->vehicle_purchase.loc);
    gk_sum_add(c, &vehicle, t->vehicle_operation.v, &t->vehicle_operation.loc);
    gk_settle(c, &t->vehicle_total, vehicle, "公务用车购置及运维费", "购置费 and 运行维护费 (/three_public/vehicle_purchase, /three_public/vehicle_operation)");
    gk_sum_add(c, &total, t->abroad.v, &t->abroad.loc);
    gk_sum_add(c, &total, vehicle, &t->vehicle_purchase.loc);
    gk_sum_add(c, &total, t->reception.v, &t->reception.loc);
    gk_settle(c, &t->total, total, "“三公”经费", "出国 + 公务用车 + 接待 (/three_public/abroad, …/vehicle_*, …/reception)");

    const gk_three_parts *pr = &t->prior;
    gk_dec pv = gk_dec_zero(), pt = gk_dec_zero(), d;
    gk_sum_add(c, &pv, pr->vehicle_purchase.v, &pr->vehicle_purchase.loc);
    gk_sum_add(c, &pv, pr->vehicle_operation.v, &pr->vehicle_operation.loc);
    gk_sum_add(c, &pt, pr->abroad.v, &pr->abroad.loc);
    gk_sum_add(c, &pt, pv, &pr->vehicle_purchase.loc);
    gk_sum_add(c, &pt, pr->reception.v, &pr->reception.loc);
    gk_derive_num(&t->prior_vehicle, pv);
    gk_derive_num(&t->prior_total, pt);
    const struct { gk_num *change; gk_dec now, before; const gk_loc *at; const char *what; } changes[] = {
        {&t->change_total, total, pt, &t->prior.abroad.loc, "the change of “三公”经费"},
        {&t->change_vehicle, vehicle, pv, &pr->vehicle_purchase.loc, "the change of 公务用车购置及运维费"},
        {&t->change_vehicle_purchase, t->vehicle_purchase.v, pr->vehicle_purchase.v, &pr->vehicle_purchase.loc, "the change of 公务用车购置费"},
        {&t->change_vehicle_operation, t->vehicle_operation.v, pr->vehicle_operation.v, &pr->vehicle_operation.loc, "the change of 公务用车运行维护费"},
        {&t->change_abroad, t->abroad.v, pr->abroad.v, &pr->abroad.loc, "the change of 因公出国（境）费"},
        {&t->change_reception, t->reception.v, pr->reception.v, &pr->reception.loc, "the change of 公务接待费"},
    };
    for (size_t k = 0; k < sizeof changes / sizeof changes[0]; k++) {
        gk_check_sub(c, changes[k].at, changes[k].what, changes[k].now, changes[k].before, &d);
        gk_derive_num(changes[k].change, d);
    }
    if (!t->subject.set)
        gk_derive_text(&t->subject, c->m->in.department.wording.v == GK_WORDING_UNIT ? "我单位" : "我部门");
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
        if (p->budget.set && (p->fiscal.set || p->other_funds.set)) {
            gk_dec sum = gk_dec_zero();
            gk_sum_add(c, &sum, gk_num_or_zero(&p->fiscal), &p->fiscal.loc);
            gk_sum_add(c, &sum, gk_num_or_zero(&p->other_funds), &p->other_funds.loc);
            gk_settle(c, &p->budget, sum, "预算数", "其中：财政资金 and 其他资金");
        }
        if (p->plan.set) {
            gk_num *plan = ITEMS(p->plan, gk_num);
            if (p->plan.n != 4)
                gk_check_error(c, &p->plan.loc, "bad-plan", "资金支出计划 has 4 cells (3月底, 6月底, 10月底, 12月底), not %zu", p->plan.n);
            static const char *const when[] = {"3月底", "6月底", "10月底", "12月底"};
            const gk_num *prev = NULL;
            const char *prev_when = "";
            char a[GK_DEC_STRLEN], b[GK_DEC_STRLEN];
            for (size_t i = 0; i < p->plan.n; i++) {
                if (plan[i].null) continue;
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

/* ---- 六、政府采购 ---- */

static void check_item(gk_checker *c, gk_proc_item *it)
{
    /* 金额 = 数量 × 单价 to the displayed precision: the unit price is shown
     * with two decimals, so it may be off by half a cent per unit. */
    gk_dec product, diff, slack;
    gk_dec half_cent = {GK_DEC_ONE / 200};
    /* a product beyond the range is reported and the item's other checks
     * still run; a difference beyond it is certainly more than the slack
     * (at most 10^12 × 0.005) */
    bool known = gk_check_mul(c, &it->amount.loc, "数量 × 单价", it->quantity.v, it->unit_price.v, &product);
    bool far = known && !gk_dec_sub(it->amount.v, product, &diff);
    if (known && !far && !gk_dec_mul(it->quantity.v, half_cent, &slack)) far = true;
    if (known && (far || gk_dec_cmp(gk_dec_abs(diff), slack) > 0) &&
        !gk_dec_eq(gk_dec_round(product, 2), gk_dec_round(it->amount.v, 2))) {
        char a[GK_DEC_STRLEN], q[GK_DEC_STRLEN], p[GK_DEC_STRLEN], r[GK_DEC_STRLEN];
        gk_check_error(c, &it->amount.loc, "sum-mismatch", "金额 %s is not 数量 × 单价 = %s × %s = %s",
                       gk_dec_format(it->amount.v, -1, a), gk_dec_format(it->quantity.v, -1, q),
                       gk_dec_format(it->unit_price.v, -1, p), gk_dec_format(product, -1, r));
    }
    gk_dec funds = gk_dec_zero();
    bool any = false;
    for (int k = 0; k < GK_FUND_COUNT; k++) {
        if (!it->funding.col[k].set) continue;
        any = true;
        gk_sum_add(c, &funds, it->funding.col[k].v, &it->funding.col[k].loc);
    }
    if (!any) {
        gk_check_error(c, &it->amount.loc, "missing-field", "the item \"%s\" has no funding column (funding.general, …)", it->item.s);
    } else if (!gk_dec_is_unknown(funds) && !gk_dec_eq(funds, it->amount.v)) {
        char a[GK_DEC_STRLEN], f[GK_DEC_STRLEN];
        gk_check_error(c, &it->amount.loc, "sum-mismatch", "金额 %s differs from the sum of its funding columns %s (funding)",
                       gk_dec_format(it->amount.v, -1, a), gk_dec_format(funds, -1, f));
    }
    if (it->sme_reserved.set && gk_dec_cmp(it->sme_reserved.v, it->amount.v) > 0) {
        char r[GK_DEC_STRLEN], a[GK_DEC_STRLEN];
        gk_check_error(c, &it->sme_reserved.loc, "too-large", "预留中小微企业份额 %s exceeds the item's amount %s",
                       gk_dec_format(it->sme_reserved.v, -1, r), gk_dec_format(it->amount.v, -1, a));
    }
}

/* 尾差: the parts as displayed (two places) do not add up to the total as
 * displayed. */
static void check_display_sum(gk_checker *c, const gk_loc *at, gk_dec exact_sum, gk_dec rounded_parts, const char *what)
{
    if (gk_dec_is_unknown(exact_sum) || gk_dec_is_unknown(rounded_parts) ||
        gk_dec_eq(gk_dec_round(exact_sum, 2), rounded_parts))
        return;
    char a[GK_DEC_STRLEN], b[GK_DEC_STRLEN];
    gk_check_warning(c, at, "rounding", "%s: the rows as printed add up to %s but the total prints as %s (尾差)", what,
                     gk_dec_format(rounded_parts, 2, a), gk_dec_format(exact_sum, 2, b));
}

static void check_procurement(gk_checker *c)
{
    gk_procurement *p = &c->m->in.procurement;
    if (!c->m->in.has_procurement) return;
    gk_dec total = gk_dec_zero(), shown = gk_dec_zero(), pfund[GK_FUND_COUNT] = {{0}}, psme = gk_dec_zero();
    gk_proc_unit *units = ITEMS(p->units, gk_proc_unit);
    for (size_t u = 0; u < p->units.n; u++) {
        gk_dec sub = gk_dec_zero(), sub_shown = gk_dec_zero(), ufund[GK_FUND_COUNT] = {{0}}, usme = gk_dec_zero();
        gk_proc_item *items = ITEMS(units[u].items, gk_proc_item);
        for (size_t i = 0; i < units[u].items.n; i++) {
            check_item(c, &items[i]);
            for (int k = 0; k < GK_FUND_COUNT; k++)
                gk_sum_add(c, &ufund[k], gk_num_or_zero(&items[i].funding.col[k]), &items[i].funding.col[k].loc);
            gk_sum_add(c, &usme, gk_num_or_zero(&items[i].sme_reserved), &items[i].sme_reserved.loc);
            gk_sum_add(c, &sub, items[i].amount.v, &items[i].amount.loc);
            gk_sum_add(c, &sub_shown, gk_dec_round(items[i].amount.v, 2), &items[i].amount.loc);
            for (size_t j = 0; j < i; j++) {
                if (strcmp(items[j].project.s, items[i].project.s) == 0 && items[i].project_budget.set &&
                    items[j].project_budget.set && !gk_dec_eq(items[i].project_budget.v, items[j].project_budget.v)) {
                    char x[GK_DEC_STRLEN], y[GK_DEC_STRLEN];
                    gk_check_error(c, &items[i].project_budget.loc, "inconsistent",
                                   "项目 \"%s\" has 预算资金 %s here but %s on row %zu of the same unit (line %u)",
                                   items[i].project.s, gk_dec_format(items[i].project_budget.v, -1, x),
                                   gk_dec_format(items[j].project_budget.v, -1, y), j + 1, items[j].project_budget.loc.line);
                    break;
                }
            }
        }
        gk_buf what = {0};
        gk_buf_printf(&what, "%s小计", units[u].name.s);
        gk_buf parts = {0};
        gk_buf_printf(&parts, "its %zu item rows (/procurement/units/%zu/items)", units[u].items.n, u + 1);
        gk_settle(c, &units[u].subtotal, sub, gk_buf_str(&what), gk_buf_str(&parts));
        check_display_sum(c, &units[u].name.loc, sub, sub_shown, gk_buf_str(&what));
        gk_buf_free(&what);
        gk_buf_free(&parts);
        gk_sum_add(c, &total, sub, &units[u].name.loc);
        for (int k = 0; k < GK_FUND_COUNT; k++) {
            gk_derive_num(&units[u].funding.col[k], ufund[k]);
            gk_sum_add(c, &pfund[k], ufund[k], &units[u].name.loc);
        }
        gk_derive_num(&units[u].sme_reserved, usme);
        gk_sum_add(c, &psme, usme, &units[u].name.loc);
        gk_sum_add(c, &shown, gk_dec_round(sub, 2), &units[u].name.loc);
    }
    for (int k = 0; k < GK_FUND_COUNT; k++) gk_derive_num(&p->funding.col[k], pfund[k]);
    gk_derive_num(&p->sme_reserved, psme);
    const gk_num table_total = p->total; /* as stated, for the sentence's message */
    gk_settle(c, &p->total, total, "政府采购 合计", "the units' item rows (/procurement/units)");
    check_display_sum(c, &p->units.loc, total, shown, "政府采购 合计");
    if (p->stated_total.set && !gk_dec_is_unknown(total) && !gk_dec_eq(p->stated_total.v, total)) {
        char s[GK_DEC_STRLEN], k[GK_DEC_STRLEN], t[GK_DEC_STRLEN];
        if (table_total.set && !gk_dec_eq(table_total.v, total))
            gk_check_error(c, &p->stated_total.loc, "sum-mismatch",
                           "the section sentence states 政府采购预算 %s, the table's 合计 is stated as %s (/procurement/total), and the item rows add up to %s",
                           gk_dec_format(p->stated_total.v, -1, s), gk_dec_format(table_total.v, -1, t), gk_dec_format(total, -1, k));
        else
            gk_settle(c, &p->stated_total, total, "the section sentence's 政府采购预算", "the table's item rows (合计)");
    }
    gk_derive_num(&p->stated_total, total);
}

/* ---- 七、国有资产 ---- */

static void check_assets(gk_checker *c)
{
    gk_assets *a = &c->m->in.assets;
    if (!c->m->in.has_assets) return;
    gk_asset_row *rows[] = {&a->buildings, &a->vehicles, &a->equipment, &a->other};
    gk_dec sum = gk_dec_zero();
    for (size_t k = 0; k < 4; k++) gk_sum_add(c, &sum, gk_num_or_zero(&rows[k]->value), &rows[k]->value.loc);
    const char *parts = "the categories 房屋 + 车辆 + 设备 + 其他 (/assets/buildings, /assets/vehicles, /assets/equipment, /assets/other)";
    const gk_num table_total = a->total; /* as stated, for the sentence's message */
    gk_settle(c, &a->total, sum, "资产总额 in the table", parts);
    if (a->stated_total.set && !gk_dec_is_unknown(sum) && !gk_dec_eq(a->stated_total.v, sum)) {
        char s[GK_DEC_STRLEN], k[GK_DEC_STRLEN], t[GK_DEC_STRLEN];
        if (table_total.set && !gk_dec_eq(table_total.v, a->stated_total.v))
            gk_check_error(c, &a->stated_total.loc, "sum-mismatch",
                           "the section sentence states 上年末固定资产金额 %s, but the table states 资产总额 %s (/assets/total, line %u) and %s add up to %s",
                           gk_dec_format(a->stated_total.v, -1, s), gk_dec_format(table_total.v, -1, t), table_total.loc.line, parts,
                           gk_dec_format(sum, -1, k));
        else
            gk_settle(c, &a->stated_total, sum, "the section sentence's 上年末固定资产金额", parts);
    }
    gk_derive_num(&a->stated_total, sum);
    int year = (int)c->m->in.department.year.v - 1, month = 12, day = 31;
    if (a->as_of.set) sscanf(a->as_of.s, "%d-%d-%d", &year, &month, &day);
    char buf[32];
    snprintf(buf, sizeof buf, "%d年%d月%d日", year, month, day);
    gk_derive_text(&a->cutoff, gk_arena_strndup(&c->m->arena, buf, strlen(buf)));
    const struct { const gk_num *part, *whole; const char *what; } within[] = {
        {&a->office_buildings.value, &a->buildings.value, "worth"},
        {&a->office_buildings.quantity, &a->buildings.quantity, "area"},
    };
    for (size_t k = 0; k < 2; k++) {
        const gk_num *part = within[k].part, *whole = within[k].whole;
        if (!part->set || part->null || gk_dec_cmp(part->v, gk_num_or_zero(whole)) <= 0) continue;
        char x[GK_DEC_STRLEN], y[GK_DEC_STRLEN];
        gk_check_error(c, &part->loc, "too-large", "办公用房 (%s %s) is part of 房屋 (%s %s) and cannot exceed it",
                       within[k].what, gk_dec_format(part->v, -1, x), within[k].what,
                       gk_dec_format(gk_num_or_zero(whole), -1, y));
    }
}

/* ---- dates ---- */

/* How far from the budget year a dated figure may be. The asset figures
 * (截止时间) are counted at a past day: not after the budget year, and not
 * more than GK_DATE_YEARS before it, which still admits a department that
 * reuses an older inventory but not a mistyped century. The prior year of
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

/* ---- self-evaluation tables ---- */

static void check_execution(gk_checker *c)
{
    gk_execution *e = &c->m->in.selfeval.execution;
    const struct { const char *name; size_t off_line, off_total; } cols[] = {
        {"年初预算数", offsetof(gk_exec_line, initial), offsetof(gk_exec_total, initial)},
        {"调整预算数", offsetof(gk_exec_line, adjusted), offsetof(gk_exec_total, adjusted)},
        {"决算数", offsetof(gk_exec_line, final_), offsetof(gk_exec_total, final_)},
    };
    for (int side = 0; side < 2; side++) {
        gk_exec_line *lines = side ? ITEMS(e->expense, gk_exec_line) : ITEMS(e->income, gk_exec_line);
        size_t n = side ? e->expense.n : e->income.n;
        gk_exec_total *t = side ? &e->expense_total : &e->income_total;
        for (size_t k = 0; k < 3; k++) {
            gk_dec sum = gk_dec_zero();
            for (size_t i = 0; i < n; i++) {
                gk_num *v = (gk_num *)((char *)&lines[i] + cols[k].off_line);
                gk_sum_add(c, &sum, gk_num_or_zero(v), &v->loc);
            }
            gk_buf what = {0};
            gk_buf_printf(&what, "%s %s", side ? "本年支出合计" : "本年收入合计", cols[k].name);
            gk_settle(c, (gk_num *)((char *)t + cols[k].off_total), sum, gk_buf_str(&what),
                      side ? "the expense lines (/selfeval/execution/expense)" : "the income lines (/selfeval/execution/income)");
            gk_buf_free(&what);
        }
    }
}

static void check_tasks(gk_checker *c)
{
    gk_selfeval *se = &c->m->in.selfeval;
    gk_task *rows = ITEMS(se->tasks, gk_task);
    gk_dec sum[4] = {{0}, {0}, {0}, {0}};
    for (size_t i = 0; i < se->tasks.n; i++) {
        gk_task *t = &rows[i];
        gk_num *v[4] = {&t->budget, &t->budget_fiscal, &t->spent, &t->spent_fiscal};
        for (int k = 0; k < 4; k++) gk_sum_add(c, &sum[k], gk_num_or_zero(v[k]), &v[k]->loc);
        const struct { const gk_num *part, *whole; const char *what; } within[] = {
            {&t->budget_fiscal, &t->budget, "预算数"}, {&t->spent_fiscal, &t->spent, "执行数"}};
        for (size_t k = 0; k < 2; k++) {
            if (!within[k].part->set || gk_dec_cmp(within[k].part->v, gk_num_or_zero(within[k].whole)) <= 0) continue;
            char a[GK_DEC_STRLEN], b[GK_DEC_STRLEN];
            gk_check_error(c, &within[k].part->loc, "too-large", "%s: 其中财政拨款 %s exceeds its %s %s", t->project.s,
                           gk_dec_format(within[k].part->v, -1, a), within[k].what,
                           gk_dec_format(gk_num_or_zero(within[k].whole), -1, b));
        }
    }
    gk_task_total *tt = &se->tasks_total;
    const char *parts = "the task rows (/selfeval/tasks)";
    gk_settle(c, &tt->budget, sum[0], "金额合计 预算数", parts);
    gk_settle(c, &tt->budget_fiscal, sum[1], "金额合计 预算数 其中财政拨款", parts);
    gk_settle(c, &tt->spent, sum[2], "金额合计 执行数", parts);
    gk_settle(c, &tt->spent_fiscal, sum[3], "金额合计 执行数 其中财政拨款", parts);
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

gk_status gk_model_check(gk_model *m, gk_diags *diags)
{
    gk_checker ck = {m, diags}, *c = &ck;
    size_t before = diags->errors;
    /* every run starts from the stated input: nothing computed before counts */
    gk_clear_computed(&m->in, &gk_input_shape);
    m->checked = true;
    check_presence(c);
    check_department(c);
    check_totals(c);
    check_operating_costs(c);
    check_three_public(c);
    check_projects(c);
    check_procurement(c);
    check_assets(c);
    check_dates(c);
    if (m->in.has_selfeval) {
        gk_period *period = &m->in.selfeval.period;
        if (!period->from.set && m->in.department.year.set) {
            char from[16], to[16];
            snprintf(from, sizeof from, "%lld-01-01", (long long)m->in.department.year.v);
            snprintf(to, sizeof to, "%lld-12-31", (long long)m->in.department.year.v);
            gk_derive_text(&period->from, gk_arena_strndup(&m->arena, from, strlen(from)));
            gk_derive_text(&period->to, gk_arena_strndup(&m->arena, to, strlen(to)));
        }
        check_execution(c);
        check_tasks(c);
        gk_score(c);
    }
    if (diags->oom) return GK_NOMEM;
    return diags->errors > before ? GK_INVALID : GK_OK;
}
