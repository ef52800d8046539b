/* The department model: everything the documents say, as read from one
 * input file. The structs mirror the input format (schema/README.md) field for
 * field; the loader fills them from the field tables in load.c, and every
 * scalar remembers where it came from so a check can name the place. The
 * check (gk_model_check) leaves the stated figures as they are and records
 * what it computes beside them (gk_num.calc); derived texts and the defaults
 * of the wording are assigned afresh on every run.
 *
 * A field that was absent has .set == false. Lists are {v, n}. Everything is
 * owned by the model's arena.
 */
#ifndef GK_MODEL_H
#define GK_MODEL_H

#include "arena.h"
#include "buf.h"
#include "dec.h"
#include "gongkai.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct gk_loc {
    const char *path; /* "/projects/3/name" */
    unsigned line, col;
} gk_loc;

typedef struct gk_text { const char *s; size_t len; gk_loc loc; bool set; } gk_text;
/* An amount, signed amount, decimal or percent (percent: 98.81% is 98.81).
 * v/set/null/loc are what the input stated (`null`: the input wrote null, only
 * where the field allows it); the check never changes them. Beside them,
 * `calc` is what the check computed for the figure when `computed` is true
 * (a total from its parts, a derived change, a score): gk_model_check clears
 * and recomputes it on every run, so checking twice gives the same figures.
 * calc is gk_dec_unknown() when the figure could not be computed (an
 * overflow, a missing part: already reported). Documents print
 * gk_num_printed(). */
/* refused: the input stated it, but the loader refused it (an error already
 * reported): the check reads it as unknown, so the identities built on it are
 * skipped instead of reported against 0 (issue 13: every check that can run
 * runs, whatever else failed). */
typedef struct gk_num { gk_dec v; gk_loc loc; bool set, null; gk_dec calc; bool computed; bool refused; } gk_num;

/* Whether the figure has a value to print: computed (and known), or stated
 * and not null. */
static inline bool gk_num_has(const gk_num *n)
{
    return n->computed ? !gk_dec_is_unknown(n->calc) : n->set && !n->null;
}

/* The figure a document prints: the computed one when the check computed it,
 * else the stated one; 0 when there is neither (see gk_num_has); unknown
 * when the loader refused it. */
static inline gk_dec gk_num_printed(const gk_num *n)
{
    return n->computed ? n->calc : n->set && !n->null ? n->v : n->refused ? gk_dec_unknown() : gk_dec_zero();
}
typedef struct gk_int { int64_t v; gk_loc loc; bool set; } gk_int;
typedef struct gk_flag { bool v; gk_loc loc; bool set; } gk_flag;
/* An enumerated value: index into the field's list of names. */
typedef struct gk_enum { int v; gk_loc loc; bool set; } gk_enum;

#define GK_LIST(T) struct { T *v; size_t n; gk_loc loc; bool set; }
typedef GK_LIST(void) gk_list;
typedef GK_LIST(gk_text) gk_text_list;
typedef GK_LIST(gk_num) gk_num_list;

/* A calendar date, as the input writes it (YYYY-MM-DD). */
typedef struct gk_date { int year, month, day; } gk_date;

/* Reads exactly "YYYY-MM-DD" (four, two and two ASCII digits) as a date of
 * the Gregorian calendar: year 0001–9999, month 01–12, a day that month has
 * (29 February in leap years only). On failure returns false and writes why
 * into why[0..n) ("there is no month 13", "February 2019 has 28 days"; empty
 * when the text is not of the form at all). */
bool gk_date_parse(const char *s, size_t len, gk_date *out, char *why, size_t n);

/* ---- department ---------------------------------------------------------- */

typedef enum { GK_DOC_BUDGET, GK_DOC_GOALS, GK_DOC_SELFEVAL, GK_DOC_TABLES } gk_doc_kind;
typedef enum { GK_LEVEL_COUNTY, GK_LEVEL_CITY, GK_LEVEL_DISTRICT } gk_level;
typedef enum { GK_WORDING_DEPARTMENT, GK_WORDING_UNIT } gk_wording;

typedef struct gk_department {
    gk_text name, full_name, short_name, code;
    gk_enum level, wording;
    gk_int year;
    /* derived: 县级/市级/区级, 我县/我市/我区, 全县/全市/全区, 本县/本市/本区 */
    gk_text level_adj, our, all, this_;
} gk_department;

typedef struct gk_org { gk_text name, nature, rank, funding; } gk_org;

typedef struct gk_income {
    gk_num general_budget, fund_budget, special_account, other, carryover, total;
} gk_income;

typedef struct gk_named_amount { gk_text name; gk_num amount; } gk_named_amount;

typedef struct gk_expenditure {
    gk_num personnel, public_, basic_total, project_total, total;
    GK_LIST(gk_named_amount) projects;
    gk_flag projects_complete;
} gk_expenditure;

typedef struct gk_prior_year {
    gk_int year;
    gk_num basic, project, total;
    gk_num stated_change_total, stated_change_basic, stated_change_project;
    gk_text basic_reason, project_reason, closing;
    gk_num change_total, change_basic, change_project; /* derived */
} gk_prior_year;

typedef struct gk_operating_costs {
    gk_num amount;
    gk_text purpose;
    GK_LIST(gk_named_amount) items;
} gk_operating_costs;

typedef struct gk_three_parts { gk_num abroad, vehicle_purchase, vehicle_operation, reception; } gk_three_parts;
typedef struct gk_three_reasons { gk_text vehicle, vehicle_purchase, vehicle_operation, abroad, reception; } gk_three_reasons;

typedef struct gk_three_public {
    gk_num abroad, vehicle_purchase, vehicle_operation, reception, vehicle_total, total;
    gk_three_parts prior;
    gk_three_reasons reasons;
    gk_text subject;
    /* derived: last year's totals and the changes */
    gk_num prior_vehicle, prior_total;
    gk_num change_total, change_vehicle, change_vehicle_purchase, change_vehicle_operation, change_abroad,
        change_reception;
} gk_three_public;

/* ---- performance goals --------------------------------------------------- */

/* duty, target and standard (主要职责 / 职责目标 / 绩效标准): issue 13, the
 * parts of a 分项绩效目标 given per duty */
typedef struct gk_goal_item { gk_text name, goal, indicators, duty, target, standard; } gk_goal_item;

/* ---- issue 13: what a county's 说明 says beyond the statutory wording ---- */

/* A titled item: a duty group (一、党员和党组织建设 with 主要职责：…), a 工作保障措施
 * item. */
typedef struct gk_titled { gk_text title, label, text; } gk_titled;

/* Free paragraphs at a place a template names (`at`), under an optional
 * label (总体绩效目标：). */
typedef struct gk_note { gk_text at, label; gk_text_list paragraphs; } gk_note;

typedef struct gk_narrative {
    gk_text_list duties_intro;
    gk_text duties_title;
    GK_LIST(gk_titled) duty_groups;
    GK_LIST(gk_note) notes;
    gk_flag glossary_complete;
} gk_narrative;

typedef struct gk_overall_indicator {
    gk_text level1, level2, name, rule, explanation, symbol, value, unit, basis;
} gk_overall_indicator;

typedef struct gk_performance {
    gk_text_list overall, overall_list, safeguards;
    GK_LIST(gk_goal_item) items;
    GK_LIST(gk_overall_indicator) overall_indicators;
    /* issue 13: 工作保障措施 as a lead paragraph and titled items */
    gk_text_list safeguards_intro;
    GK_LIST(gk_titled) safeguard_items;
} gk_performance;

/* The funding columns, in table order. */
enum {
    GK_FUND_GENERAL, GK_FUND_FUND, GK_FUND_STATE_CAPITAL, GK_FUND_SPECIAL_ACCOUNT,
    GK_FUND_OTHER, GK_FUND_UNIT_FUNDS, GK_FUND_CARRYOVER_FISCAL, GK_FUND_CARRYOVER_NONFISCAL,
    GK_FUND_COUNT
};
typedef struct gk_funding { gk_num col[GK_FUND_COUNT]; } gk_funding;

typedef struct gk_indicator { gk_text level1, level2, name, description, value, basis; } gk_indicator;
typedef struct gk_code_name { gk_text code, name; } gk_code_name;

typedef struct gk_project {
    gk_text name, code, purpose;
    gk_code_name unit;
    gk_num budget, fiscal, other_funds;
    gk_num_list plan;
    gk_text_list goals;
    GK_LIST(gk_indicator) indicators;
    /* 项目支出表 (issue 11): the project's 功能分类 项 and its amounts by fund source */
    gk_text function_code;
    gk_funding funding;
    bool has_funding;
} gk_project;

/* ---- procurement ------------------------------------------------------- */

typedef struct gk_proc_item {
    gk_text project, item, catalog, unit;
    gk_num project_budget, quantity, unit_price, amount, sme_reserved;
    gk_funding funding;
    /* issue 13, derived: the 2022 table's column groups 当年部门预算安排资金 and
     * 其他渠道资金 (procurement.rules) */
    gk_num current_funds, other_channels;
} gk_proc_item;

typedef struct gk_proc_unit {
    gk_text code, name;
    gk_num subtotal;
    GK_LIST(gk_proc_item) items;
    gk_funding funding; /* derived: column totals */
    gk_num sme_reserved; /* derived */
    gk_num current_funds, other_channels; /* issue 13, derived */
} gk_proc_unit;

typedef struct gk_procurement {
    gk_num stated_total, total;
    GK_LIST(gk_proc_unit) units;
    gk_text note;
    gk_funding funding; /* derived: column totals */
    gk_num sme_reserved; /* derived */
    gk_num current_funds, other_channels; /* issue 13, derived */
} gk_procurement;

/* ---- assets ------------------------------------------------------------ */

typedef struct gk_asset_row { gk_num quantity, value; } gk_asset_row;

typedef struct gk_assets {
    gk_num stated_total, planned_purchase, total;
    gk_text as_of, planned_items, table_title;
    gk_asset_row buildings, office_buildings, vehicles, equipment, other;
    gk_text cutoff; /* derived: 截止时间 as 2019年12月31日 */
} gk_assets;

/* ---- 部门预算公开表: the classified budget lines (issue 11) ------------------
 * As the budget system exports them: 支出功能分类 rows of every level (类 3
 * digits, 款 5, 项 7), amounts stated on the rows without children (the 项);
 * 基本支出 by 经济分类 (类 3, 款 5) of the 一般公共预算 fund. The check
 * (templates/tables.rules) computes each 类 and 款 from the rows under it and
 * every total of the tables beside what the input states. */
typedef struct gk_func_line {
    gk_text code, name;
    gk_funding basic, project; /* by fund source; stated on 项, computed on 类/款 */
    gk_funding funds;          /* derived: basic + project per fund */
    gk_num basic_total, project_total, total; /* derived */
    gk_num carryover, unit, fiscal; /* derived: 上年结转结余, 单位资金 (with 其他), 财政拨款 */
} gk_func_line;

typedef struct gk_econ_line {
    gk_text code, name;
    gk_num personnel, public_; /* 人员经费, 公用经费 */
    gk_num total;              /* derived */
} gk_econ_line;

/* the 三公 table as the export states it (checked against section 四) */
typedef struct gk_table_three {
    gk_num total, abroad, vehicle_total, vehicle_purchase, vehicle_operation, reception;
} gk_table_three;

/* the sentence printed under an empty table, as published (default: the profile's) */
typedef struct gk_table_notes { gk_text general, fund, state_capital, three_public, projects, procurement; } gk_table_notes;

typedef struct gk_classified {
    GK_LIST(gk_func_line) functional;
    GK_LIST(gk_econ_line) economic;
    gk_num carryover_end; /* 年终结转结余 */
    gk_table_three three_public;
    bool has_three_public;
    gk_table_notes notes;
    /* derived: the totals of the tables */
    gk_funding basic, project, funds;
    gk_num basic_total, project_total, total;        /* 本年支出合计 */
    gk_num income_total, carryover, income_grand, expense_grand; /* 本年收入合计, 上年结转结余, 收入总计, 支出总计 */
    gk_num fiscal_total;                             /* 财政拨款 (一般公共 + 政府性基金 + 国有资本经营) */
    gk_num unit_total;                               /* 单位资金 with 其他来源 */
    gk_num econ_personnel, econ_public, econ_total;  /* 一般公共预算基本支出表 */
    gk_funding project_funds;                        /* 项目支出表: Σ projects' funding */
    gk_num project_funds_total;
    /* derived: the fixed 类 lines of 表1 and 表4, one per 类 of the year's list
     * (templates/classes.list), each with the figures of its row of
     * `functional` (none when the input has no such row) */
    GK_LIST(gk_func_line) classes;
} gk_classified;

/* Structural checks of the classified lines (classified.c), run by the
 * loader: codes of digits and of the levels' lengths, every row under an
 * existing parent, one name per code, amounts only on rows without children,
 * the empty-table sentences naming their own fund. Appends to diags. */
void gk_classified_structure(gk_model *m, gk_diags *diags);

/* The fixed 类 lines of 表1 and 表4 (classified.c), run by the check after the
 * rules have computed every 类: reads the 类 list (classes.list from
 * rules_dir, else the built-in one), takes the section of the budget year,
 * fills classified.classes from it and refuses a 类 of the input the list
 * does not hold (code unknown-class, naming the list's file). */
void gk_classified_classes(gk_model *m, const char *rules_dir, gk_diags *diags);

typedef struct gk_glossary_entry { gk_text term, definition; } gk_glossary_entry;

/* ---- self-evaluation ----------------------------------------------------- */

typedef struct gk_exec_line { gk_text name; gk_num initial, adjusted, final_; } gk_exec_line;
typedef struct gk_exec_total { gk_num initial, adjusted, final_; } gk_exec_total;

typedef struct gk_execution {
    GK_LIST(gk_exec_line) income, expense;
    gk_exec_total income_total, expense_total;
} gk_execution;

typedef struct gk_task {
    gk_text task, task_result, project, project_result;
    gk_num budget, budget_fiscal, spent, spent_fiscal;
} gk_task;

typedef struct gk_task_total { gk_num budget, budget_fiscal, spent, spent_fiscal; } gk_task_total;

typedef enum { GK_RULE_LINEAR, GK_RULE_DEDUCT, GK_RULE_RATIO, GK_RULE_LEVELS, GK_RULE_TARGET, GK_RULE_FIXED } gk_rule_type;
typedef enum { GK_DIR_ABOVE, GK_DIR_BELOW } gk_direction;

typedef struct gk_level_share { gk_text value; gk_num share; } gk_level_share;

typedef struct gk_rule {
    gk_enum type;
    gk_num zero, full, limit, step, share, score;
    gk_flag abs, complement, partial;
    gk_enum direction;
    GK_LIST(gk_level_share) levels;
    bool set;
} gk_rule;

typedef enum { GK_L1_MANAGEMENT, GK_L1_OUTPUT, GK_L1_EFFECT } gk_se_level1;

typedef struct gk_se_indicator {
    gk_enum level1;
    gk_text level2, name, target, actual, source, explanation, rule_text;
    gk_num weight, score;
    gk_flag group_with_previous;
    gk_rule rule;
} gk_se_indicator;

typedef struct gk_period { gk_text from, to; } gk_period;

typedef struct gk_findings {
    gk_text completed, deviation, reasons, measures_budget, measures_management, measures_other;
} gk_findings;

typedef struct gk_titled_text { gk_text title, text; } gk_titled_text;

typedef struct gk_report {
    gk_text overview_intro, organisation;
    GK_LIST(gk_titled_text) tasks;
    gk_text_list overall_goal, management, execution, execution_projects;
    gk_text_list achievement, achievement_items, achievement_closing;
    gk_text_list problems, improvements, application;
} gk_report;

typedef struct gk_selfeval {
    gk_text contact, phone;
    gk_period period;
    gk_execution execution;
    GK_LIST(gk_task) tasks;
    gk_task_total tasks_total;
    GK_LIST(gk_se_indicator) indicators;
    gk_num total_score;
    gk_findings findings;
    gk_report report;
    gk_text grade; /* derived */
} gk_selfeval;

/* ---- the whole input ----------------------------------------------------- */

typedef struct gk_input {
    gk_text schema_ref, template_name;
    gk_enum document;
    gk_department department;
    gk_text_list laws, duties, other_matters;
    GK_LIST(gk_org) organisation;
    gk_income income;
    gk_expenditure expenditure;
    gk_prior_year prior_year;
    gk_operating_costs operating_costs;
    gk_three_public three_public;
    gk_performance performance;
    GK_LIST(gk_project) projects;
    gk_procurement procurement;
    gk_assets assets;
    GK_LIST(gk_glossary_entry) glossary;
    gk_selfeval selfeval;
    gk_classified classified; /* issue 11 */
    bool has_classified;
    /* presence of the optional sections */
    bool has_income, has_expenditure, has_prior_year, has_operating_costs, has_three_public,
        has_performance, has_procurement, has_assets, has_selfeval;
    /* issue 13: free paragraphs, duty groups, notes, the glossary's order */
    gk_narrative narrative;
    bool has_narrative;
} gk_input;

struct gk_model {
    gk_arena arena;
    char *file;      /* as given to the loader */
    gk_input in;
    /* an XLSX input's sheet names (in the arena), so that its diagnostics
     * name cells (gk_model_place_diags); NULL for JSON and INI */
    const struct gk_xlsx_book *book;
    /* gk_model_check ran on this model (whether or not it found errors);
     * composing refuses a model that was not checked. */
    bool checked;
    /* The reader produced a value tree (the file is JSON or INI at all), so
     * the check can run even when some fields were refused: one run then
     * reports every problem. A refused text counts as absent, a refused
     * figure as unknown (gk_num.refused). */
    bool parsed;
};

/* Names of the enumerations, in enum order. */
extern const char *const gk_doc_kind_names[];
extern const char *const gk_level_names[];
extern const char *const gk_wording_names[];
extern const char *const gk_rule_type_names[];
extern const char *const gk_direction_names[];
extern const char *const gk_se_level1_names[];

/* Scores every self-evaluation indicator and the total (score.c); appends
 * problems with the rules to diags. Called by gk_model_check. */
struct gk_checker;
void gk_score(struct gk_checker *c);

/* Gives the diagnostics d->items[from..] of an XLSX input (a model whose
 * `book` is set) their cells ("SHEET!C12", gk_diag.place); does nothing for
 * other inputs. The loader and the check call it for what they add. */
void gk_model_place_diags(const gk_model *m, gk_diags *d, size_t from);

/* Appends where `loc` was stated, for a message that names a second place:
 * "line 1001" for JSON and INI, "部门信息!B4" for an XLSX input (a model whose
 * `book` is set); "line 0" for a figure the input did not state. */
void gk_model_put_place(const gk_model *m, const gk_loc *loc, gk_buf *out);

/* The grade of a total score: "优", "良", "中" or "差". */
const char *gk_grade(gk_dec total);

#endif
