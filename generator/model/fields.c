/* The input format, field by field (schema/README.md is its prose form).
 * Each table describes one object; the loader and the schema writer walk
 * them. Keys are the input's names; members are the model's. */
#include "fields.h"
#include "model.h"

#include <stdbool.h>

const char *const gk_level_names[] = {"县", "市", "区", NULL};
const char *const gk_wording_names[] = {"部门", "单位", NULL};
const char *const gk_rule_type_names[] = {"linear", "deduct", "ratio", "levels", "target", "fixed", NULL};
const char *const gk_direction_names[] = {"above", "below", NULL};
const char *const gk_se_level1_names[] = {"部门管理", "部门产出", "部门效果", NULL};

#define NOSET ((size_t)-1)
#define SCALAR(T, key, member, type, flags, doc) {key, type, flags, offsetof(T, member), NOSET, NULL, 0, NULL, doc}
#define TEXT(T, key, member, flags, doc) SCALAR(T, key, member, GK_FT_TEXT, flags, doc)
#define AMOUNT(T, key, member, flags, doc) SCALAR(T, key, member, GK_FT_AMOUNT, flags, doc)
#define ENUM(T, key, member, names, flags, doc) {key, GK_FT_ENUM, flags, offsetof(T, member), NOSET, NULL, 0, names, doc}
#define OBJECT(T, key, member, shape, flags, doc) \
    {key, GK_FT_OBJECT, (flags) | GK_FF_NOSET, offsetof(T, member), NOSET, &shape, 0, NULL, doc}
#define SECTION(T, key, member, present, shape, flags, doc) \
    {key, GK_FT_OBJECT, flags, offsetof(T, member), offsetof(T, present), &shape, 0, NULL, doc}
#define LIST(T, key, member, shape, flags, doc) \
    {key, GK_FT_LIST, flags, offsetof(T, member), NOSET, &shape, GK_FT_OBJECT, NULL, doc}
#define LIST_OF(T, key, member, elem, flags, doc) \
    {key, GK_FT_LIST, flags, offsetof(T, member), NOSET, NULL, elem, NULL, doc}
#define END {NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL}
#define SHAPE(name, T, doc) {#name, sizeof(T), name##_fields, doc}

enum { R = GK_FF_REQUIRED, N = GK_FF_NULLABLE, D = GK_FF_DATE, DER = GK_FF_DERIVED };

/* ---- department ---- */

static const gk_field department_fields[] = {
    TEXT(gk_department, "name", name, R | GK_FF_FILENAME, "name used in prose and titles, e.g. 曲阳县委组织部"),
    TEXT(gk_department, "full_name", full_name, GK_FF_VISIBLE, "official name, e.g. 中共曲阳县委组织部; default name"),
    TEXT(gk_department, "short_name", short_name, GK_FF_VISIBLE, "short name used in running text, e.g. 县委组织部; default name"),
    TEXT(gk_department, "code", code, 0, "单位编码 / 部门编码"),
    ENUM(gk_department, "level", level, gk_level_names, R, "government level: 县, 市 or 区"),
    ENUM(gk_department, "wording", wording, gk_wording_names, 0, "部门 (default) or 单位"),
    SCALAR(gk_department, "year", year, GK_FT_INT, R, "budget year (2000–2100)"),
    TEXT(gk_department, "level_adj", level_adj, DER, "县级, 市级 or 区级"),
    TEXT(gk_department, "our", our, DER, "我县, 我市 or 我区"),
    TEXT(gk_department, "all", all, DER, "全县, 全市 or 全区"),
    TEXT(gk_department, "this", this_, DER, "本县, 本市 or 本区"),
    END};
static const gk_shape department = SHAPE(department, gk_department, "the department or unit");

static const gk_field org_fields[] = {
    TEXT(gk_org, "name", name, R, "单位名称"),
    TEXT(gk_org, "nature", nature, R, "单位性质"),
    TEXT(gk_org, "rank", rank, R, "单位规格"),
    TEXT(gk_org, "funding", funding, R, "经费保障形式"),
    END};
static const gk_shape org = SHAPE(org, gk_org, "a row of 部门机构设置情况");

static const gk_field income_fields[] = {
    AMOUNT(gk_income, "general_budget", general_budget, R, "一般公共预算收入"),
    AMOUNT(gk_income, "fund_budget", fund_budget, 0, "基金预算收入"),
    AMOUNT(gk_income, "special_account", special_account, 0, "财政专户核拨收入"),
    AMOUNT(gk_income, "other", other, 0, "其他来源收入"),
    AMOUNT(gk_income, "carryover", carryover, 0, "上年结转 (listed only when present)"),
    AMOUNT(gk_income, "total", total, 0, "stated 收入合计"),
    END};
static const gk_shape income = SHAPE(income, gk_income, "收入说明");

static const gk_field named_amount_fields[] = {
    TEXT(gk_named_amount, "name", name, R, "name"),
    AMOUNT(gk_named_amount, "amount", amount, 0, "amount"),
    END};
static const gk_shape named_amount = SHAPE(named_amount, gk_named_amount, "a named amount");

static const gk_field expenditure_fields[] = {
    AMOUNT(gk_expenditure, "personnel", personnel, R, "人员经费"),
    AMOUNT(gk_expenditure, "public", public_, R, "日常公用经费"),
    AMOUNT(gk_expenditure, "basic_total", basic_total, 0, "stated 基本支出"),
    LIST(gk_expenditure, "projects", projects, named_amount, 0, "the listed 项目支出 items"),
    SCALAR(gk_expenditure, "projects_complete", projects_complete, GK_FT_BOOL, 0,
           "true (default): the list is complete and 项目支出 is its sum"),
    AMOUNT(gk_expenditure, "project_total", project_total, 0, "stated 项目支出"),
    AMOUNT(gk_expenditure, "total", total, 0, "stated 支出合计"),
    END};
static const gk_shape expenditure = SHAPE(expenditure, gk_expenditure, "支出说明");

static const gk_field prior_year_fields[] = {
    SCALAR(gk_prior_year, "year", year, GK_FT_INT, 0, "default department.year - 1; before the budget year, at most 10 years before it"),
    AMOUNT(gk_prior_year, "basic", basic, R, "prior-year 基本支出"),
    AMOUNT(gk_prior_year, "project", project, R, "prior-year 项目支出"),
    AMOUNT(gk_prior_year, "total", total, 0, "stated prior-year total"),
    SCALAR(gk_prior_year, "stated_change_total", stated_change_total, GK_FT_SIGNED, 0, "printed change of the total"),
    SCALAR(gk_prior_year, "stated_change_basic", stated_change_basic, GK_FT_SIGNED, 0, "printed change of 基本支出"),
    SCALAR(gk_prior_year, "stated_change_project", stated_change_project, GK_FT_SIGNED, 0, "printed change of 项目支出"),
    TEXT(gk_prior_year, "basic_reason", basic_reason, 0, "reason clause after the 基本支出 change"),
    TEXT(gk_prior_year, "project_reason", project_reason, 0, "reason clause after the 项目支出 change"),
    TEXT(gk_prior_year, "closing", closing, 0, "clause after the project change"),
    SCALAR(gk_prior_year, "change_total", change_total, GK_FT_SIGNED, DER, "this year's total minus the prior year's"),
    SCALAR(gk_prior_year, "change_basic", change_basic, GK_FT_SIGNED, DER, "change of 基本支出"),
    SCALAR(gk_prior_year, "change_project", change_project, GK_FT_SIGNED, DER, "change of 项目支出"),
    END};
static const gk_shape prior_year = SHAPE(prior_year, gk_prior_year, "比上年增减情况");

static const gk_field operating_costs_fields[] = {
    AMOUNT(gk_operating_costs, "amount", amount, R, "机关运行经费"),
    TEXT(gk_operating_costs, "purpose", purpose, 0, "what it is used for"),
    LIST(gk_operating_costs, "items", items, named_amount, 0, "itemised list; adds up to amount"),
    END};
static const gk_shape operating_costs = SHAPE(operating_costs, gk_operating_costs, "机关运行经费");

static const gk_field three_parts_fields[] = {
    AMOUNT(gk_three_parts, "abroad", abroad, R, "因公出国（境）费"),
    AMOUNT(gk_three_parts, "vehicle_purchase", vehicle_purchase, R, "公务用车购置费"),
    AMOUNT(gk_three_parts, "vehicle_operation", vehicle_operation, R, "公务用车运行维护费"),
    AMOUNT(gk_three_parts, "reception", reception, R, "公务接待费"),
    END};
static const gk_shape three_parts = SHAPE(three_parts, gk_three_parts, "the prior year's “三公” figures");

static const gk_field three_reasons_fields[] = {
    TEXT(gk_three_reasons, "vehicle", vehicle, 0, "reason for the change of 公务用车购置及运维费"),
    TEXT(gk_three_reasons, "vehicle_purchase", vehicle_purchase, 0, "reason for the change of 公务用车购置费"),
    TEXT(gk_three_reasons, "vehicle_operation", vehicle_operation, 0, "reason for the change of 公务用车运行维护费"),
    TEXT(gk_three_reasons, "abroad", abroad, 0, "reason for the change of 因公出国（境）费"),
    TEXT(gk_three_reasons, "reception", reception, 0, "reason for the change of 公务接待费"),
    END};
static const gk_shape three_reasons = SHAPE(three_reasons, gk_three_reasons, "reason clauses");

static const gk_field three_public_fields[] = {
    AMOUNT(gk_three_public, "abroad", abroad, R, "因公出国（境）费"),
    AMOUNT(gk_three_public, "vehicle_purchase", vehicle_purchase, R, "公务用车购置费"),
    AMOUNT(gk_three_public, "vehicle_operation", vehicle_operation, R, "公务用车运行维护费"),
    AMOUNT(gk_three_public, "reception", reception, R, "公务接待费"),
    AMOUNT(gk_three_public, "vehicle_total", vehicle_total, 0, "stated 公务用车购置及运维费"),
    AMOUNT(gk_three_public, "total", total, 0, "stated “三公”经费 total"),
    OBJECT(gk_three_public, "prior", prior, three_parts, R, "last year's figures"),
    OBJECT(gk_three_public, "reasons", reasons, three_reasons, 0, "reason clauses"),
    TEXT(gk_three_public, "subject", subject, 0, "subject of the sentence, default 我部门/我单位"),
    AMOUNT(gk_three_public, "prior_vehicle", prior_vehicle, DER, "last year's 公务用车购置及运维费"),
    AMOUNT(gk_three_public, "prior_total", prior_total, DER, "last year's total"),
    SCALAR(gk_three_public, "change_total", change_total, GK_FT_SIGNED, DER, "change of the total"),
    SCALAR(gk_three_public, "change_vehicle", change_vehicle, GK_FT_SIGNED, DER, "change of 公务用车购置及运维费"),
    SCALAR(gk_three_public, "change_vehicle_purchase", change_vehicle_purchase, GK_FT_SIGNED, DER, "change of 购置费"),
    SCALAR(gk_three_public, "change_vehicle_operation", change_vehicle_operation, GK_FT_SIGNED, DER, "change of 运行维护费"),
    SCALAR(gk_three_public, "change_abroad", change_abroad, GK_FT_SIGNED, DER, "change of 因公出国（境）费"),
    SCALAR(gk_three_public, "change_reception", change_reception, GK_FT_SIGNED, DER, "change of 公务接待费"),
    END};
static const gk_shape three_public = SHAPE(three_public, gk_three_public, "财政拨款“三公”经费");

/* ---- performance ---- */

static const gk_field goal_item_fields[] = {
    TEXT(gk_goal_item, "name", name, R, "分项 name"),
    TEXT(gk_goal_item, "goal", goal, R, "绩效目标 text"),
    TEXT(gk_goal_item, "indicators", indicators, 0, "绩效指标 text"),
    /* issue 13: the parts of a 分项绩效目标 given per duty */
    TEXT(gk_goal_item, "duty", duty, 0, "主要职责 of this duty"),
    TEXT(gk_goal_item, "target", target, 0, "职责目标"),
    TEXT(gk_goal_item, "standard", standard, 0, "绩效标准"),
    END};
static const gk_shape goal_item = SHAPE(goal_item, gk_goal_item, "分项绩效目标");

static const gk_field overall_indicator_fields[] = {
    TEXT(gk_overall_indicator, "level1", level1, R, "一级指标"),
    TEXT(gk_overall_indicator, "level2", level2, R, "二级指标"),
    TEXT(gk_overall_indicator, "name", name, R, "三级指标"),
    TEXT(gk_overall_indicator, "rule", rule, 0, "评(扣)分标准"),
    TEXT(gk_overall_indicator, "explanation", explanation, 0, "指标解释"),
    TEXT(gk_overall_indicator, "symbol", symbol, 0, "符号: =, ≥, ≤ or 文字描述"),
    TEXT(gk_overall_indicator, "value", value, 0, "值"),
    TEXT(gk_overall_indicator, "unit", unit, 0, "单位"),
    TEXT(gk_overall_indicator, "basis", basis, 0, "指标值确定依据"),
    END};
static const gk_shape overall_indicator = SHAPE(overall_indicator, gk_overall_indicator, "单位整体支出绩效指标 row");

/* ---- issue 13: what a county's 说明 says beyond the statutory wording ---- */

static const gk_field titled_fields[] = {
    TEXT(gk_titled, "title", title, R, "标题: the item's title (一、党员和党组织建设; the number is generated)"),
    TEXT(gk_titled, "label", label, 0, "标签: a label before the text (主要职责); the template's default when absent"),
    TEXT(gk_titled, "text", text, R, "正文: the paragraph"),
    END};
static const gk_shape titled = SHAPE(titled, gk_titled, "a titled item");

static const gk_field note_fields[] = {
    TEXT(gk_note, "at", at, R, "位置: where the note stands, a place the template names (income, assets_table, …)"),
    TEXT(gk_note, "label", label, 0, "标签: a label line before the paragraphs (总体绩效目标：)"),
    LIST_OF(gk_note, "paragraphs", paragraphs, GK_FT_TEXT, R, "注释段落: the paragraphs"),
    END};
static const gk_shape note = SHAPE(note, gk_note, "an introduction or note at a section, subsection or table");

static const gk_field narrative_fields[] = {
    LIST_OF(gk_narrative, "duties_intro", duties_intro, GK_FT_TEXT, 0, "职责导语: paragraphs before the duty list"),
    TEXT(gk_narrative, "duties_title", duties_title, 0, "职责小标题: a sub-title above the duty list"),
    LIST(gk_narrative, "duty_groups", duty_groups, titled, 0, "职责分组: duties as titled groups, instead of the list \"duties\""),
    LIST(gk_narrative, "notes", notes, note, 0, "注释: introductions and notes at any section, subsection or table"),
    SCALAR(gk_narrative, "glossary_complete", glossary_complete, GK_FT_BOOL, 0,
           "true: \"glossary\" is the whole 名词解释 in its order (standard terms it leaves out are not printed)"),
    END};
static const gk_shape narrative = SHAPE(narrative, gk_narrative, "free paragraphs, duty groups and notes");

static const gk_field performance_fields[] = {
    LIST_OF(gk_performance, "overall", overall, GK_FT_TEXT, 0, "总体绩效目标 paragraphs"),
    LIST_OF(gk_performance, "overall_list", overall_list, GK_FT_TEXT, 0, "numbered items after the paragraphs"),
    LIST(gk_performance, "items", items, goal_item, 0, "分项绩效目标"),
    LIST_OF(gk_performance, "safeguards", safeguards, GK_FT_TEXT, 0, "工作保障措施"),
    LIST(gk_performance, "overall_indicators", overall_indicators, overall_indicator, 0, "单位整体支出绩效指标"),
    /* issue 13 */
    LIST_OF(gk_performance, "safeguards_intro", safeguards_intro, GK_FT_TEXT, 0, "保障措施导语: the lead paragraphs of 工作保障措施"),
    LIST(gk_performance, "safeguard_items", safeguard_items, titled, 0, "保障措施条目: 工作保障措施 as titled items"),
    END};
static const gk_shape performance = SHAPE(performance, gk_performance, "部门整体绩效目标");

static const gk_field indicator_fields[] = {
    TEXT(gk_indicator, "level1", level1, R, "一级指标"),
    TEXT(gk_indicator, "level2", level2, R, "二级指标"),
    TEXT(gk_indicator, "name", name, R, "三级指标"),
    TEXT(gk_indicator, "description", description, R | GK_FF_BLANK, "绩效指标描述"),
    TEXT(gk_indicator, "value", value, R, "指标值"),
    TEXT(gk_indicator, "basis", basis, R | GK_FF_BLANK, "指标值确定依据"),
    END};
static const gk_shape indicator = SHAPE(indicator, gk_indicator, "an indicator row");

static const gk_field code_name_fields[] = {
    TEXT(gk_code_name, "code", code, 0, "code"),
    TEXT(gk_code_name, "name", name, R, "name"),
    END};
static const gk_shape code_name = SHAPE(code_name, gk_code_name, "a unit named in a header line");

static const gk_field funding_fields[] = {
    AMOUNT(gk_funding, "general", col[GK_FUND_GENERAL], 0, "一般公共预算拨款"),
    AMOUNT(gk_funding, "fund", col[GK_FUND_FUND], 0, "基金预算拨款"),
    AMOUNT(gk_funding, "state_capital", col[GK_FUND_STATE_CAPITAL], 0, "国有资本经营预算拨款"),
    AMOUNT(gk_funding, "special_account", col[GK_FUND_SPECIAL_ACCOUNT], 0, "财政专户核拨"),
    AMOUNT(gk_funding, "other", col[GK_FUND_OTHER], 0, "其他来源收入"),
    AMOUNT(gk_funding, "unit_funds", col[GK_FUND_UNIT_FUNDS], 0, "单位资金"),
    AMOUNT(gk_funding, "carryover_fiscal", col[GK_FUND_CARRYOVER_FISCAL], 0, "财政拨款结转"),
    AMOUNT(gk_funding, "carryover_nonfiscal", col[GK_FUND_CARRYOVER_NONFISCAL], 0, "非财政拨款结转结余"),
    END};
static const gk_shape funding = SHAPE(funding, gk_funding, "funding columns; add up to the amount");

static const gk_field project_fields[] = {
    TEXT(gk_project, "name", name, R, "项目名称"),
    TEXT(gk_project, "code", code, 0, "项目编码"),
    OBJECT(gk_project, "unit", unit, code_name, 0, "header line {code}{name}"),
    AMOUNT(gk_project, "budget", budget, 0, "预算数"),
    AMOUNT(gk_project, "fiscal", fiscal, 0, "其中：财政资金"),
    AMOUNT(gk_project, "other_funds", other_funds, 0, "其他资金"),
    TEXT(gk_project, "purpose", purpose, 0, "用途"),
    LIST_OF(gk_project, "plan", plan, GK_FT_PERCENT, N, "资金支出计划（%） at 3月底, 6月底, 10月底, 12月底"),
    LIST_OF(gk_project, "goals", goals, GK_FT_TEXT, R, "绩效目标 lines"),
    LIST(gk_project, "indicators", indicators, indicator, R, "indicator rows"),
    TEXT(gk_project, "function_code", function_code, 0, "项目支出表: the 支出功能分类 项 (7 digits) of /classified/functional"),
    SECTION(gk_project, "funding", funding, has_funding, funding, 0, "项目支出表: the amounts by fund source"),
    END};
static const gk_shape project = SHAPE(project, gk_project, "项目绩效目标表");

/* ---- procurement ---- */

static const gk_field proc_item_fields[] = {
    TEXT(gk_proc_item, "project", project, R, "项目名称"),
    AMOUNT(gk_proc_item, "project_budget", project_budget, 0, "预算资金"),
    TEXT(gk_proc_item, "item", item, R, "采购物品名称"),
    TEXT(gk_proc_item, "catalog", catalog, 0, "政府采购目录序号"),
    TEXT(gk_proc_item, "unit", unit, 0, "计量单位"),
    SCALAR(gk_proc_item, "quantity", quantity, GK_FT_DECIMAL, R, "数量"),
    AMOUNT(gk_proc_item, "unit_price", unit_price, R, "单价"),
    AMOUNT(gk_proc_item, "amount", amount, R, "政府采购金额 合计"),
    OBJECT(gk_proc_item, "funding", funding, funding, R, "funding columns"),
    AMOUNT(gk_proc_item, "sme_reserved", sme_reserved, 0, "预留中小微企业份额"),
    /* issue 13 */
    AMOUNT(gk_proc_item, "current_funds", current_funds, DER, "当年部门预算安排资金: the columns but the carryovers"),
    AMOUNT(gk_proc_item, "other_channels", other_channels, DER, "其他渠道资金: 财政拨款结转 + 非财政拨款结转结余"),
    END};
static const gk_shape proc_item = SHAPE(proc_item, gk_proc_item, "a procurement item");

static const gk_field proc_unit_fields[] = {
    TEXT(gk_proc_unit, "code", code, 0, "单位编码"),
    TEXT(gk_proc_unit, "name", name, R, "单位名称"),
    AMOUNT(gk_proc_unit, "subtotal", subtotal, 0, "stated 小计"),
    LIST(gk_proc_unit, "items", items, proc_item, R, "item rows"),
    OBJECT(gk_proc_unit, "funding", funding, funding, DER, "column totals of the funding columns"),
    AMOUNT(gk_proc_unit, "sme_reserved", sme_reserved, DER, "total 预留中小微企业份额"),
    /* issue 13 */
    AMOUNT(gk_proc_unit, "current_funds", current_funds, DER, "total 当年部门预算安排资金"),
    AMOUNT(gk_proc_unit, "other_channels", other_channels, DER, "total 其他渠道资金"),
    END};
static const gk_shape proc_unit = SHAPE(proc_unit, gk_proc_unit, "one unit's procurement block");

static const gk_field procurement_fields[] = {
    AMOUNT(gk_procurement, "stated_total", stated_total, 0, "the figure in the section sentence"),
    AMOUNT(gk_procurement, "total", total, 0, "stated table 合计"),
    LIST(gk_procurement, "units", units, proc_unit, 0, "blocks per unit"),
    TEXT(gk_procurement, "note", note, 0, "note under the table"),
    OBJECT(gk_procurement, "funding", funding, funding, DER, "column totals of the funding columns"),
    AMOUNT(gk_procurement, "sme_reserved", sme_reserved, DER, "total 预留中小微企业份额"),
    /* issue 13 */
    AMOUNT(gk_procurement, "current_funds", current_funds, DER, "total 当年部门预算安排资金"),
    AMOUNT(gk_procurement, "other_channels", other_channels, DER, "total 其他渠道资金"),
    END};
static const gk_shape procurement = SHAPE(procurement, gk_procurement, "政府采购预算");

/* ---- assets ---- */

static const gk_field asset_row_fields[] = {
    SCALAR(gk_asset_row, "quantity", quantity, GK_FT_DECIMAL, N, "数量; null prints ——"),
    SCALAR(gk_asset_row, "value", value, GK_FT_AMOUNT, N, "价值（万元）; null prints ——"),
    END};
static const gk_shape asset_row = SHAPE(asset_row, gk_asset_row, "a row of 固定资产占用情况表");

static const gk_field assets_fields[] = {
    AMOUNT(gk_assets, "stated_total", stated_total, 0, "the figure in the section sentence"),
    TEXT(gk_assets, "as_of", as_of, D, "截止时间 YYYY-MM-DD, a real date not after the budget year and not before the prior year; default 31 December of the prior year"),
    AMOUNT(gk_assets, "planned_purchase", planned_purchase, 0, "本年度拟购置固定资产总额"),
    TEXT(gk_assets, "planned_items", planned_items, 0, "what is to be bought"),
    TEXT(gk_assets, "table_title", table_title, 0, "title of the table"),
    AMOUNT(gk_assets, "total", total, 0, "stated 资产总额"),
    OBJECT(gk_assets, "buildings", buildings, asset_row, 0, "1、房屋（平方米）"),
    OBJECT(gk_assets, "office_buildings", office_buildings, asset_row, 0, "其中：办公用房（平方米）"),
    OBJECT(gk_assets, "vehicles", vehicles, asset_row, 0, "2、车辆（台、辆）"),
    OBJECT(gk_assets, "equipment", equipment, asset_row, 0, "3、单价在20万元以上设备"),
    OBJECT(gk_assets, "other", other, asset_row, 0, "4、其他固定资产"),
    TEXT(gk_assets, "cutoff", cutoff, DER, "截止时间 as YYYY年M月D日"),
    END};
static const gk_shape assets = SHAPE(assets, gk_assets, "国有资产信息");

/* ---- 部门预算公开表 (issue 11) ---- */

static const gk_field func_line_fields[] = {
    TEXT(gk_func_line, "code", code, R, "支出功能分类科目编码: 类 3 digits, 款 5, 项 7"),
    TEXT(gk_func_line, "name", name, R, "科目名称, as the budget system exports it"),
    OBJECT(gk_func_line, "basic", basic, funding, 0, "基本支出 by fund source (on rows without children)"),
    OBJECT(gk_func_line, "project", project, funding, 0, "项目支出 by fund source (on rows without children)"),
    OBJECT(gk_func_line, "funds", funds, funding, DER, "basic + project per fund source"),
    AMOUNT(gk_func_line, "basic_total", basic_total, DER, "基本支出"),
    AMOUNT(gk_func_line, "project_total", project_total, DER, "项目支出"),
    AMOUNT(gk_func_line, "total", total, DER, "合计"),
    AMOUNT(gk_func_line, "carryover", carryover, DER, "上年结转结余 (both carry-over columns)"),
    AMOUNT(gk_func_line, "unit", unit, DER, "单位资金 (with 其他来源收入)"),
    AMOUNT(gk_func_line, "fiscal", fiscal, DER, "财政拨款: 一般公共预算 + 政府性基金 + 国有资本经营"),
    END};
static const gk_shape func_line = SHAPE(func_line, gk_func_line, "a 支出功能分类 row (类, 款 or 项)");

static const gk_field econ_line_fields[] = {
    TEXT(gk_econ_line, "code", code, R, "部门预算支出经济分类科目编码: 类 3 digits, 款 5"),
    TEXT(gk_econ_line, "name", name, R, "科目名称"),
    AMOUNT(gk_econ_line, "personnel", personnel, 0, "人员经费 (款 rows of 301, 303)"),
    AMOUNT(gk_econ_line, "public", public_, 0, "公用经费 (款 rows of 302, 310 …)"),
    AMOUNT(gk_econ_line, "total", total, DER, "合计"),
    END};
static const gk_shape econ_line = SHAPE(econ_line, gk_econ_line, "a 经济分类 row of 一般公共预算基本支出 (类 or 款)");

static const gk_field table_three_fields[] = {
    AMOUNT(gk_table_three, "total", total, 0, "合计"),
    AMOUNT(gk_table_three, "abroad", abroad, 0, "因公出国（境）费"),
    AMOUNT(gk_table_three, "vehicle_total", vehicle_total, 0, "公务用车购置及运行费 小计"),
    AMOUNT(gk_table_three, "vehicle_purchase", vehicle_purchase, 0, "购置费"),
    AMOUNT(gk_table_three, "vehicle_operation", vehicle_operation, 0, "运行费"),
    AMOUNT(gk_table_three, "reception", reception, 0, "公务接待费"),
    END};
static const gk_shape table_three = SHAPE(table_three, gk_table_three, "the “三公” table as the export states it");

static const gk_field table_notes_fields[] = {
    TEXT(gk_table_notes, "general", general, GK_FF_VISIBLE, "under an empty 一般公共预算支出表"),
    TEXT(gk_table_notes, "fund", fund, GK_FF_VISIBLE, "under an empty 政府性基金预算支出表"),
    TEXT(gk_table_notes, "state_capital", state_capital, GK_FF_VISIBLE, "under an empty 国有资本经营预算支出表"),
    TEXT(gk_table_notes, "three_public", three_public, GK_FF_VISIBLE, "under an empty “三公”经费支出表"),
    TEXT(gk_table_notes, "projects", projects, GK_FF_VISIBLE, "under an empty 项目支出表"),
    TEXT(gk_table_notes, "procurement", procurement, GK_FF_VISIBLE, "under an empty 政府采购预算表"),
    END};
static const gk_shape table_notes = SHAPE(table_notes, gk_table_notes, "the sentences under empty tables, as published");

static const gk_field classified_fields[] = {
    LIST(gk_classified, "functional", functional, func_line, R, "支出功能分类 rows: every 类, 款 and 项 with its code and name"),
    LIST(gk_classified, "economic", economic, econ_line, 0, "一般公共预算基本支出 by 经济分类: every 类 and 款"),
    AMOUNT(gk_classified, "carryover_end", carryover_end, 0, "年终结转结余"),
    SECTION(gk_classified, "three_public", three_public, has_three_public, table_three, 0, "the “三公” table as stated"),
    OBJECT(gk_classified, "notes", notes, table_notes, 0, "empty-table sentences (default: the table profile's)"),
    OBJECT(gk_classified, "basic", basic, funding, DER, "基本支出 by fund source"),
    OBJECT(gk_classified, "project", project, funding, DER, "项目支出 by fund source"),
    OBJECT(gk_classified, "funds", funds, funding, DER, "支出 by fund source"),
    AMOUNT(gk_classified, "basic_total", basic_total, DER, "基本支出"),
    AMOUNT(gk_classified, "project_total", project_total, DER, "项目支出"),
    AMOUNT(gk_classified, "total", total, DER, "本年支出合计"),
    AMOUNT(gk_classified, "income_total", income_total, DER, "本年收入合计"),
    AMOUNT(gk_classified, "carryover", carryover, DER, "上年结转结余"),
    AMOUNT(gk_classified, "income_grand", income_grand, DER, "收入总计"),
    AMOUNT(gk_classified, "expense_grand", expense_grand, DER, "支出总计"),
    AMOUNT(gk_classified, "fiscal_total", fiscal_total, DER, "财政拨款 合计"),
    AMOUNT(gk_classified, "unit_total", unit_total, DER, "单位资金 (with 其他来源收入)"),
    AMOUNT(gk_classified, "econ_personnel", econ_personnel, DER, "基本支出表 人员经费"),
    AMOUNT(gk_classified, "econ_public", econ_public, DER, "基本支出表 公用经费"),
    AMOUNT(gk_classified, "econ_total", econ_total, DER, "基本支出表 合计"),
    OBJECT(gk_classified, "project_funds", project_funds, funding, DER, "项目支出表 合计 by fund source"),
    AMOUNT(gk_classified, "project_funds_total", project_funds_total, DER, "项目支出表 合计"),
    LIST(gk_classified, "classes", classes, func_line, DER, "表1 and 表4: the year's fixed 类 lines (templates/classes.list) with their figures"),
    END};
static const gk_shape classified = SHAPE(classified, gk_classified, "部门预算公开表: the classified budget lines");

static const gk_field glossary_entry_fields[] = {
    TEXT(gk_glossary_entry, "term", term, R, "the term"),
    TEXT(gk_glossary_entry, "definition", definition, R, "its definition"),
    END};
static const gk_shape glossary_entry = SHAPE(glossary_entry, gk_glossary_entry, "名词解释 entry");

/* ---- self-evaluation ---- */

static const gk_field exec_line_fields[] = {
    TEXT(gk_exec_line, "name", name, R, "科目"),
    AMOUNT(gk_exec_line, "initial", initial, 0, "年初预算数"),
    AMOUNT(gk_exec_line, "adjusted", adjusted, 0, "调整预算数"),
    AMOUNT(gk_exec_line, "final", final_, 0, "决算数"),
    END};
static const gk_shape exec_line = SHAPE(exec_line, gk_exec_line, "a line of 年度预算执行情况");

static const gk_field exec_total_fields[] = {
    AMOUNT(gk_exec_total, "initial", initial, 0, "年初预算数"),
    AMOUNT(gk_exec_total, "adjusted", adjusted, 0, "调整预算数"),
    AMOUNT(gk_exec_total, "final", final_, 0, "决算数"),
    END};
static const gk_shape exec_total = SHAPE(exec_total, gk_exec_total, "stated totals per column");

static const gk_field execution_fields[] = {
    LIST(gk_execution, "income", income, exec_line, 0, "预算收入 lines"),
    LIST(gk_execution, "expense", expense, exec_line, 0, "预算支出 lines"),
    OBJECT(gk_execution, "income_total", income_total, exec_total, 0, "stated 本年收入合计"),
    OBJECT(gk_execution, "expense_total", expense_total, exec_total, 0, "stated 本年支出合计"),
    END};
static const gk_shape execution = SHAPE(execution, gk_execution, "年度部门（单位）预算执行情况");

static const gk_field task_fields[] = {
    TEXT(gk_task, "task", task, R, "重点工作任务名称"),
    TEXT(gk_task, "task_result", task_result, 0, "重点工作任务完成情况"),
    TEXT(gk_task, "project", project, R, "拟对应安排的重点项目"),
    TEXT(gk_task, "project_result", project_result, 0, "项目完成情况"),
    AMOUNT(gk_task, "budget", budget, 0, "预算数"),
    AMOUNT(gk_task, "budget_fiscal", budget_fiscal, 0, "其中：财政拨款"),
    AMOUNT(gk_task, "spent", spent, 0, "执行数"),
    AMOUNT(gk_task, "spent_fiscal", spent_fiscal, 0, "其中：财政拨款"),
    END};
static const gk_shape task = SHAPE(task, gk_task, "a row of 年度主要任务");

static const gk_field task_total_fields[] = {
    AMOUNT(gk_task_total, "budget", budget, 0, "预算数"),
    AMOUNT(gk_task_total, "budget_fiscal", budget_fiscal, 0, "其中：财政拨款"),
    AMOUNT(gk_task_total, "spent", spent, 0, "执行数"),
    AMOUNT(gk_task_total, "spent_fiscal", spent_fiscal, 0, "其中：财政拨款"),
    END};
static const gk_shape task_total = SHAPE(task_total, gk_task_total, "stated 金额合计");

static const gk_field level_share_fields[] = {
    TEXT(gk_level_share, "value", value, R, "the actual value that selects this level"),
    SCALAR(gk_level_share, "share", share, GK_FT_DECIMAL, R, "percent of the weight"),
    END};
static const gk_shape level_share = SHAPE(level_share, gk_level_share, "a level of a levels rule");

static const gk_field rule_fields[] = {
    ENUM(gk_rule, "type", type, gk_rule_type_names, R, "linear, deduct, ratio, levels, target or fixed"),
    SCALAR(gk_rule, "zero", zero, GK_FT_SIGNED, 0, "linear: value scoring 0"),
    SCALAR(gk_rule, "full", full, GK_FT_SIGNED, 0, "linear: value scoring the full weight"),
    SCALAR(gk_rule, "abs", abs, GK_FT_BOOL, 0, "linear: use the absolute actual value"),
    SCALAR(gk_rule, "limit", limit, GK_FT_SIGNED, 0, "deduct: the limit"),
    ENUM(gk_rule, "direction", direction, gk_direction_names, 0, "deduct: which side of the limit loses points"),
    SCALAR(gk_rule, "step", step, GK_FT_DECIMAL, 0, "deduct: points per deduction"),
    SCALAR(gk_rule, "share", share, GK_FT_DECIMAL, 0, "deduct: percent of the weight lost per step"),
    SCALAR(gk_rule, "complement", complement, GK_FT_BOOL, 0, "ratio: score (1 - actual) × weight"),
    LIST(gk_rule, "levels", levels, level_share, 0, "levels: value → share"),
    SCALAR(gk_rule, "partial", partial, GK_FT_BOOL, 0, "target: actual/target when not met (default true)"),
    SCALAR(gk_rule, "score", score, GK_FT_DECIMAL, 0, "fixed: the assigned score"),
    END};
static const gk_shape rule = SHAPE(rule, gk_rule, "the machine form of a scoring rule");

static const gk_field se_indicator_fields[] = {
    ENUM(gk_se_indicator, "level1", level1, gk_se_level1_names, R, "一级指标"),
    TEXT(gk_se_indicator, "level2", level2, R, "二级指标"),
    TEXT(gk_se_indicator, "name", name, R, "三级指标"),
    TEXT(gk_se_indicator, "target", target, 0, "目标值"),
    TEXT(gk_se_indicator, "actual", actual, 0, "自评实际值"),
    SCALAR(gk_se_indicator, "weight", weight, GK_FT_DECIMAL, 0, "权重"),
    SCALAR(gk_se_indicator, "group_with_previous", group_with_previous, GK_FT_BOOL, 0,
           "shares weight, rule and score with the row above"),
    TEXT(gk_se_indicator, "source", source, 0, "数据来源"),
    TEXT(gk_se_indicator, "explanation", explanation, 0, "指标解释"),
    TEXT(gk_se_indicator, "rule_text", rule_text, 0, "评分规则 as printed"),
    SECTION(gk_se_indicator, "rule", rule, rule.set, rule, 0, "scoring rule"),
    SCALAR(gk_se_indicator, "score", score, GK_FT_DECIMAL, 0, "stated 自评得分"),
    END};
static const gk_shape se_indicator = SHAPE(se_indicator, gk_se_indicator, "a row of the scoring table");

static const gk_field period_fields[] = {
    TEXT(gk_period, "from", from, R | D, "first day, a real date inside the budget year"),
    TEXT(gk_period, "to", to, R | D, "last day, a real date inside the budget year, not before from"),
    END};
static const gk_shape period = SHAPE(period, gk_period, "评价时段");

static const gk_field findings_fields[] = {
    TEXT(gk_findings, "completed", completed, 0, "绩效指标完成的指标"),
    TEXT(gk_findings, "deviation", deviation, 0, "超标完成和尚未完成的绩效指标与目标值偏差程度"),
    TEXT(gk_findings, "reasons", reasons, 0, "原因说明"),
    TEXT(gk_findings, "measures_budget", measures_budget, 0, "改进措施 1"),
    TEXT(gk_findings, "measures_management", measures_management, 0, "改进措施 2"),
    TEXT(gk_findings, "measures_other", measures_other, 0, "改进措施 3"),
    END};
static const gk_shape findings = SHAPE(findings, gk_findings, "评价结论 rows");

static const gk_field titled_text_fields[] = {
    TEXT(gk_titled_text, "title", title, 0, "title line"),
    TEXT(gk_titled_text, "text", text, 0, "text"),
    END};
static const gk_shape titled_text = SHAPE(titled_text, gk_titled_text, "an item with a title");

#define TEXTS(key, member, doc) LIST_OF(gk_report, key, member, GK_FT_TEXT, 0, doc)
static const gk_field report_fields[] = {
    TEXT(gk_report, "overview_intro", overview_intro, 0, "paragraph before the duties"),
    TEXT(gk_report, "organisation", organisation, 0, "部门机构设置情况 paragraph"),
    LIST(gk_report, "tasks", tasks, titled_text, 0, "履职总体目标、工作任务"),
    TEXTS("overall_goal", overall_goal, "年度整体绩效目标"),
    TEXTS("management", management, "预算绩效管理开展情况"),
    TEXTS("execution", execution, "预算及执行情况"),
    TEXTS("execution_projects", execution_projects, "budget projects, numbered"),
    TEXTS("achievement", achievement, "整体绩效实现情况, before the list"),
    TEXTS("achievement_items", achievement_items, "goal results, numbered"),
    TEXTS("achievement_closing", achievement_closing, "after the list"),
    TEXTS("problems", problems, "主要问题及原因分析"),
    TEXTS("improvements", improvements, "改进的方向和具体措施"),
    TEXTS("application", application, "绩效自评结果拟应用和公开情况"),
    END};
static const gk_shape report = SHAPE(report, gk_report, "自评报告");

static const gk_field selfeval_fields[] = {
    TEXT(gk_selfeval, "contact", contact, R, "联系人"),
    TEXT(gk_selfeval, "phone", phone, R, "联系电话"),
    OBJECT(gk_selfeval, "period", period, period, 0, "评价时段; default the whole year"),
    OBJECT(gk_selfeval, "execution", execution, execution, 0, "年度预算执行情况"),
    LIST(gk_selfeval, "tasks", tasks, task, 0, "年度主要任务 rows"),
    OBJECT(gk_selfeval, "tasks_total", tasks_total, task_total, 0, "stated 金额合计"),
    LIST(gk_selfeval, "indicators", indicators, se_indicator, R, "scoring table rows"),
    SCALAR(gk_selfeval, "total_score", total_score, GK_FT_DECIMAL, 0, "stated 合计 score"),
    OBJECT(gk_selfeval, "findings", findings, findings, 0, "评价结论 rows"),
    OBJECT(gk_selfeval, "report", report, report, 0, "自评报告"),
    TEXT(gk_selfeval, "grade", grade, DER, "优, 良, 中 or 差 from the total score"),
    END};
static const gk_shape selfeval = SHAPE(selfeval, gk_selfeval, "整体绩效自评表 + 自评报告");

/* ---- top level ---- */

static const gk_field input_fields[] = {
    TEXT(gk_input, "$schema", schema_ref, 0, "the JSON Schema, for editors"),
    ENUM(gk_input, "document", document, gk_doc_kind_names, R, "budget, goals, selfeval or budget-tables"),
    TEXT(gk_input, "template", template_name, GK_FF_IDENT, "template variant"),
    OBJECT(gk_input, "department", department, department, R, "the department or unit"),
    LIST_OF(gk_input, "laws", laws, GK_FT_TEXT, 0, "laws cited in the opening paragraph"),
    LIST_OF(gk_input, "duties", duties, GK_FT_TEXT, 0, "部门职责"),
    LIST(gk_input, "organisation", organisation, org, 0, "部门机构设置情况"),
    SECTION(gk_input, "income", income, has_income, income, 0, "收入说明"),
    SECTION(gk_input, "expenditure", expenditure, has_expenditure, expenditure, 0, "支出说明"),
    SECTION(gk_input, "prior_year", prior_year, has_prior_year, prior_year, 0, "比上年增减情况"),
    SECTION(gk_input, "operating_costs", operating_costs, has_operating_costs, operating_costs, 0, "机关运行经费"),
    SECTION(gk_input, "three_public", three_public, has_three_public, three_public, 0, "“三公”经费"),
    SECTION(gk_input, "performance", performance, has_performance, performance, 0, "部门整体绩效目标"),
    LIST(gk_input, "projects", projects, project, 0, "预算项目绩效目标表"),
    SECTION(gk_input, "procurement", procurement, has_procurement, procurement, 0, "政府采购预算"),
    SECTION(gk_input, "assets", assets, has_assets, assets, 0, "国有资产信息"),
    LIST(gk_input, "glossary", glossary, glossary_entry, 0, "名词解释 overrides"),
    LIST_OF(gk_input, "other_matters", other_matters, GK_FT_TEXT, 0, "其他需要说明的事项"),
    SECTION(gk_input, "selfeval", selfeval, has_selfeval, selfeval, 0, "自评表 + 自评报告"),
    /* issue 13 */
    SECTION(gk_input, "narrative", narrative, has_narrative, narrative, 0, "说明文字: free paragraphs, duty groups, notes"),
    SECTION(gk_input, "classified", classified, has_classified, classified, 0, "部门预算公开表: the classified budget lines"),
    END};
const gk_shape gk_input_shape = SHAPE(input, gk_input, "one department's budget-disclosure data");
