/* The clerk's workbook (workbook.h), written with libxlsxwriter. A plan of
 * sheets and columns is made from the field tables first; the sheets are
 * then written from the plan, filled from a value tree when one is given. */
#include "workbook.h"
#include "diag.h"
#include "file.h"
#include "field_notes.h"
#include "fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define MAX_SHEETS 64
#define MAX_COLS 64
#define MAX_PATH 192
#define MAX_PARENTS 4
#define LAST_ROW 10001 /* validation and formats reach the 10 000th item */
/* column widths (characters) of a sheet of one field per row, and of 说明 */
#define KV_LABEL 24
#define KV_VALUE 40
#define KV_NOTE 60
/* 说明: 工作表, 列, 字段, 中文说明, 类型与说明 — at most PAGE_WIDTH in all, so it prints one page wide */
#define NOTES_SHEET 16
#define NOTES_LABEL 22
#define NOTES_PATH 30
#define NOTES_NOTE 70
#define NOTES_DOC 60
#define NOTES_INTRO                                                                                                   \
    "每张表第1行是中文列名，第2行是程序读取的字段名（请勿修改）；从第3行起每行填一项。"                               \
    "“所属…序号”列填写该行所属上级表中的序号。填好后运行 gongkai check 文件.xlsx 检查。"

typedef struct wcol {
    char path[MAX_PATH];
    const gk_field *f; /* NULL: a number column (序号, a parent key) */
    char label[128];
} wcol;

typedef struct wsheet {
    char name[96];
    bool kv;              /* one field per row */
    char list[MAX_PATH];  /* the list's path ("projects[].indicators"), "" for kv */
    bool scalar_items;    /* a list of texts or numbers: one column for the item */
    const gk_field *item; /* the list's field */
    char parents[MAX_PARENTS][MAX_PATH];
    unsigned nparents;
    wcol cols[MAX_COLS];
    unsigned ncols;
} wsheet;

typedef struct plan {
    wsheet s[MAX_SHEETS];
    unsigned n;
    bool full; /* something did not fit: said once */
} plan;

/* ---- names ---- */

static bool cjk_start(const unsigned char *s) { return s[0] >= 0xE2; }

/* The first run of Chinese in a field's doc ("stated 收入合计" → 收入合计),
 * or "" when it has none. */
static void chinese_of(const char *doc, char *out, size_t n)
{
    const unsigned char *s = (const unsigned char *)(doc ? doc : "");
    while (*s && !cjk_start(s)) s++;
    size_t k = 0;
    while (*s && (cjk_start(s) || (*s >= 0x80)) && k + 4 < n) {
        size_t len = (*s >= 0xF0) ? 4 : (*s >= 0xE0) ? 3 : (*s >= 0xC0) ? 2 : 1;
        memcpy(out + k, s, len);
        k += len;
        s += len;
    }
    out[k] = '\0';
}

static const char *const label_table[][2] = {
    {"department.name", "部门名称"}, {"department.full_name", "部门全称"}, {"department.short_name", "部门简称"},
    {"document", "文档类型"},        {"template", "模板"},                {"department.year", "预算年度"},
    {"department.level", "行政级别"}, {"department.wording", "称谓（部门/单位）"},
    {"department.code", "部门编码"}, {"laws", "法律法规"}, {"duties", "部门职责"}, {"other_matters", "其他需要说明的事项"},
    /* fields whose doc has no Chinese, or the same Chinese as a neighbour in
     * its sheet (a sheet's titles must tell its rows apart) */
    {"expenditure.projects.name", "项目名称"}, {"expenditure.projects.amount", "金额（万元）"},
    {"expenditure.projects_complete", "项目支出已列全"}, {"expenditure.project_total", "项目支出合计"},
    {"prior_year.year", "上年年度"}, {"prior_year.basic", "上年基本支出"}, {"prior_year.project", "上年项目支出"},
    {"prior_year.total", "上年支出合计"}, {"prior_year.stated_change_total", "支出合计增减（正文所述）"},
    {"prior_year.stated_change_basic", "基本支出增减（正文所述）"},
    {"prior_year.stated_change_project", "项目支出增减（正文所述）"}, {"prior_year.basic_reason", "基本支出增减原因"},
    {"prior_year.project_reason", "项目支出增减原因"}, {"prior_year.closing", "增减说明的结束语"},
    {"operating_costs.purpose", "机关运行经费用途"}, {"operating_costs.items.name", "项目名称"},
    {"operating_costs.items.amount", "金额（万元）"},
    {"three_public.prior.abroad", "上年因公出国（境）费"}, {"three_public.prior.vehicle_purchase", "上年公务用车购置费"},
    {"three_public.prior.vehicle_operation", "上年公务用车运行维护费"}, {"three_public.prior.reception", "上年公务接待费"},
    {"three_public.reasons.vehicle", "公务用车购置及运维费增减原因"},
    {"three_public.reasons.vehicle_purchase", "公务用车购置费增减原因"},
    {"three_public.reasons.vehicle_operation", "公务用车运行维护费增减原因"},
    {"three_public.reasons.abroad", "因公出国（境）费增减原因"}, {"three_public.reasons.reception", "公务接待费增减原因"},
    {"three_public.subject", "句子主语（我部门/我单位）"},
    {"performance.overall_list", "总体绩效目标条目"}, {"performance.overall_indicators.rule", "评（扣）分标准"},
    {"performance.overall_indicators.value", "指标值"},
    {"projects.unit.code", "所属单位编码"}, {"projects.unit.name", "所属单位名称"},
    {"projects.plan", "资金支出计划（%，3月底、6月底、10月底、12月底）"},
    {"procurement.stated_total", "政府采购预算（正文所述）"}, {"procurement.total", "政府采购合计（表中）"},
    {"procurement.note", "表下注释"},
    {"assets.stated_total", "上年末固定资产金额（正文所述）"}, {"assets.planned_items", "拟购置的资产"},
    {"assets.table_title", "资产表标题"}, {"assets.buildings.quantity", "房屋（平方米）"},
    {"assets.buildings.value", "房屋价值（万元）"}, {"assets.office_buildings.quantity", "其中：办公用房（平方米）"},
    {"assets.office_buildings.value", "办公用房价值（万元）"}, {"assets.vehicles.quantity", "车辆（台、辆）"},
    {"assets.vehicles.value", "车辆价值（万元）"}, {"assets.equipment.quantity", "单价20万元以上设备（台）"},
    {"assets.equipment.value", "单价20万元以上设备价值（万元）"}, {"assets.other.quantity", "其他固定资产数量"},
    {"assets.other.value", "其他固定资产价值（万元）"},
    {"glossary.term", "名词"}, {"glossary.definition", "解释"},
    {"selfeval.period.from", "评价时段起"}, {"selfeval.period.to", "评价时段止"},
    {"selfeval.execution.income_total.initial", "本年收入合计 年初预算数"},
    {"selfeval.execution.income_total.adjusted", "本年收入合计 调整预算数"},
    {"selfeval.execution.income_total.final", "本年收入合计 决算数"},
    {"selfeval.execution.expense_total.initial", "本年支出合计 年初预算数"},
    {"selfeval.execution.expense_total.adjusted", "本年支出合计 调整预算数"},
    {"selfeval.execution.expense_total.final", "本年支出合计 决算数"},
    {"selfeval.tasks_total.budget", "年度主要任务合计 预算数"},
    {"selfeval.tasks_total.budget_fiscal", "年度主要任务合计 预算数中财政拨款"},
    {"selfeval.tasks_total.spent", "年度主要任务合计 执行数"},
    {"selfeval.tasks_total.spent_fiscal", "年度主要任务合计 执行数中财政拨款"},
    {"selfeval.tasks.budget_fiscal", "预算数中财政拨款"}, {"selfeval.tasks.spent_fiscal", "执行数中财政拨款"},
    {"selfeval.total_score", "自评总分"},
    {"selfeval.findings.measures_budget", "改进措施（一）"}, {"selfeval.findings.measures_management", "改进措施（二）"},
    {"selfeval.findings.measures_other", "改进措施（三）"}, {"selfeval.report.overview_intro", "部门职责前的引言"},
    {"selfeval.indicators.group_with_previous", "与上一行合并一级指标"}, {"selfeval.indicators.rule.type", "评分方法"},
    {"selfeval.indicators.rule.zero", "线性：得0分的值"}, {"selfeval.indicators.rule.full", "线性：得满分的值"},
    {"selfeval.indicators.rule.abs", "线性：取实际值的绝对值"}, {"selfeval.indicators.rule.limit", "扣分：限值"},
    {"selfeval.indicators.rule.direction", "扣分：超出哪一侧扣分"}, {"selfeval.indicators.rule.step", "扣分：每档扣分"},
    {"selfeval.indicators.rule.share", "扣分：每档扣权重的百分比"}, {"selfeval.indicators.rule.complement", "比率：按（1−实际值）计分"},
    {"selfeval.indicators.rule.partial", "目标：未达到时按比例得分"}, {"selfeval.indicators.rule.score", "固定：给定得分"},
    {"selfeval.indicators.rule.levels.value", "实际值"}, {"selfeval.indicators.rule.levels.share", "得分占权重的百分比"},
    {"selfeval.report.tasks.title", "标题"}, {"selfeval.report.tasks.text", "正文"},
    {"selfeval.report.execution_projects", "预算执行项目"}, {"selfeval.report.achievement_items", "绩效实现条目"},
    {"selfeval.report.achievement_closing", "绩效实现结语"},
};

static const char *const sheet_table[][2] = {
    {"department", "部门信息"},     {"duties", "职责"},         {"organisation", "机构"},
    {"laws", "法律法规"},           {"income", "收入"},         {"expenditure", "支出"},
    {"expenditure.projects", "支出项目"}, {"prior_year", "比上年"}, {"operating_costs", "机关运行经费"},
    {"operating_costs.items", "机关运行经费明细"}, {"three_public", "三公"}, {"performance", "绩效目标"},
    {"projects", "项目"},           {"projects[].indicators", "指标"}, {"projects[].goals", "项目绩效目标"},
    {"projects[].plan", "资金支出计划"}, {"procurement", "政府采购"}, {"procurement.units", "采购单位"},
    {"procurement.units[].items", "采购明细"}, {"assets", "资产"}, {"glossary", "名词解释"},
    {"other_matters", "其他事项"},  {"selfeval", "自评"},
    {"performance.overall_list", "总体绩效目标条目"}, {"selfeval.indicators", "自评指标"},
    {"selfeval.indicators[].rule.levels", "自评指标分档"}, {"selfeval.report.execution_projects", "预算执行项目"},
    {"selfeval.report.achievement_items", "绩效实现条目"}, {"selfeval.report.achievement_closing", "绩效实现结语"},
};

static const char *lookup(const char *const table[][2], size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(table[i][0], key) == 0) return table[i][1];
    return NULL;
}

/* The path without its "[]" marks: "projects[].unit.code" → "projects.unit.code" */
static void plain_path(const char *path, char *out, size_t n)
{
    size_t k = 0;
    for (; *path && k + 1 < n; path++)
        if (*path != '[' && *path != ']') out[k++] = *path;
    out[k] = '\0';
}

static void label_for(const char *path, const gk_field *f, char *out, size_t n)
{
    char plain[MAX_PATH];
    plain_path(path, plain, sizeof plain);
    const char *t = lookup(label_table, sizeof label_table / sizeof label_table[0], plain);
    if (t) { snprintf(out, n, "%s", t); return; }
    chinese_of(f->doc, out, n);
    if (!out[0]) snprintf(out, n, "%s", f->key);
}

/* Excel refuses : \ / ? * [ ] in a sheet name and more than 31 characters. */
static void sheet_name(plan *p, const char *key, const char *doc, const char *parent, char *out, size_t n)
{
    char buf[96];
    const char *t = lookup(sheet_table, sizeof sheet_table / sizeof sheet_table[0], key);
    if (t) snprintf(buf, sizeof buf, "%s", t);
    else {
        chinese_of(doc, buf, sizeof buf);
        if (!buf[0]) {
            const char *dot = strrchr(key, '.');
            snprintf(buf, sizeof buf, "%s-%s", parent ? parent : "", dot ? dot + 1 : key);
        }
    }
    for (char *q = buf; *q; q++)
        if (strchr(":\\/?*[]", *q)) *q = '-';
    /* at most 31 characters: cut at a character boundary */
    size_t chars = 0, i = 0;
    for (; buf[i]; i++) {
        if (((unsigned char)buf[i] & 0xC0) != 0x80 && ++chars > 28) break;
    }
    buf[i] = '\0';
    snprintf(out, n, "%s", buf);
    for (unsigned k = 2;; k++) { /* unique */
        bool clash = false;
        for (unsigned j = 0; j < p->n && !clash; j++) clash = strcmp(p->s[j].name, out) == 0;
        if (!clash) return;
        /* out is no larger than buf: with the number, a long name is cut shorter (and still unique) */
        if (snprintf(out, n, "%s%u", buf, k) >= (int)n) snprintf(out, n, "%.80s%u", buf, k);
    }
}

/* ---- the plan ---- */

static bool is_scalar(gk_ftype t) { return t != GK_FT_OBJECT && t != GK_FT_LIST; }

static wsheet *new_sheet(plan *p)
{
    if (p->n == MAX_SHEETS) { p->full = true; return NULL; }
    wsheet *s = &p->s[p->n];
    memset(s, 0, sizeof *s);
    return s;
}

static bool label_taken(const wsheet *s, const char *label)
{
    for (unsigned k = 0; k + 1 < s->ncols; k++)
        if (strcmp(s->cols[k].label, label) == 0) return true;
    return false;
}

/* `group`: the Chinese of the objects the field is inside ("基本支出"),
 * put before a title that another column of the sheet already has (the
 * fund columns of 基本支出 and of 项目支出). */
static void add_col(plan *p, wsheet *s, const char *path, const gk_field *f, const char *label, const char *group)
{
    if (s->ncols == MAX_COLS) { p->full = true; return; }
    /* a path longer than the column holds would be read back as another field: leave it out */
    if (strlen(path) >= MAX_PATH) { p->full = true; return; }
    wcol *c = &s->cols[s->ncols++];
    memcpy(c->path, path, strlen(path) + 1);
    c->f = f;
    if (label) snprintf(c->label, sizeof c->label, "%s", label);
    else label_for(path, f, c->label, sizeof c->label);
    if (group && *group && label_taken(s, c->label)) {
        char own[sizeof c->label];
        memcpy(own, c->label, sizeof own);
        snprintf(c->label, sizeof c->label, "%.60s %.60s", group, own);
    }
}

static void plan_list(plan *p, const gk_field *f, const char *path, const char *parent_sheet,
                      const char parents[][MAX_PATH], unsigned nparents);

/* The scalar fields of `shape` (through its objects, not its lists) as
 * columns of `s` (or rows of a kv sheet); its lists become sheets. */
static void plan_fields(plan *p, wsheet *s, const gk_shape *shape, const char *prefix, const char parents[][MAX_PATH],
                        unsigned nparents, const char *list, const char *group)
{
    for (const gk_field *f = shape->fields; f->key; f++) {
        if (f->flags & GK_FF_DERIVED || strcmp(f->key, "$schema") == 0) continue;
        char path[MAX_PATH];
        snprintf(path, sizeof path, "%s%s", prefix, f->key);
        if (is_scalar(f->type)) add_col(p, s, path, f, NULL, group);
        else if (f->type == GK_FT_OBJECT) {
            char sub[MAX_PATH + 2], inner[128], chinese[64];
            snprintf(sub, sizeof sub, "%s.", path);
            chinese_of(f->doc, chinese, sizeof chinese);
            snprintf(inner, sizeof inner, "%.60s%s%.60s", group ? group : "", group && *group && *chinese ? " " : "", chinese);
            plan_fields(p, s, f->shape, sub, parents, nparents, list, inner);
        } else {
            char ps[MAX_PARENTS][MAX_PATH];
            unsigned np = nparents;
            /* only the parents there are: `parents` may be a one-row array (make_plan's none) */
            for (unsigned k = 0; k < nparents; k++) memcpy(ps[k], parents[k], MAX_PATH);
            if (list && np < MAX_PARENTS) snprintf(ps[np++], MAX_PATH, "%s", list);
            plan_list(p, f, path, s->name, (const char(*)[MAX_PATH])ps, np);
        }
    }
}

static bool has_lists(const gk_shape *shape)
{
    for (const gk_field *f = shape->fields; f->key; f++) {
        if (f->flags & GK_FF_DERIVED) continue;
        if (f->type == GK_FT_LIST) return true;
        if (f->type == GK_FT_OBJECT && has_lists(f->shape)) return true;
    }
    return false;
}

static void plan_list(plan *p, const gk_field *f, const char *path, const char *parent_sheet,
                      const char parents[][MAX_PATH], unsigned nparents)
{
    wsheet *s = new_sheet(p);
    if (!s) return;
    char key[MAX_PATH];
    snprintf(key, sizeof key, "%s", path);
    sheet_name(p, key, f->doc, parent_sheet, s->name, sizeof s->name);
    p->n++;
    snprintf(s->list, sizeof s->list, "%s", path);
    s->item = f;
    s->nparents = nparents;
    for (unsigned i = 0; i < nparents; i++) {
        char col[MAX_PATH + 2], label[128], owner[96] = "";
        snprintf(s->parents[i], MAX_PATH, "%s", parents[i]);
        snprintf(col, sizeof col, "%s#", parents[i]);
        for (unsigned j = 0; j < p->n; j++)
            if (strcmp(p->s[j].list, parents[i]) == 0) snprintf(owner, sizeof owner, "%s", p->s[j].name);
        snprintf(label, sizeof label, "所属%s序号", owner);
        add_col(p, s, col, NULL, label, NULL);
    }
    if (f->elem != GK_FT_OBJECT) {
        char col[MAX_PATH + 2];
        snprintf(col, sizeof col, "%s[]", path);
        s->scalar_items = true;
        char label[128];
        label_for(path, f, label, sizeof label);
        add_col(p, s, col, f, label, NULL);
        return;
    }
    if (has_lists(f->shape)) {
        char col[MAX_PATH + 2];
        snprintf(col, sizeof col, "%s#", path);
        add_col(p, s, col, NULL, "序号", NULL);
    }
    char prefix[MAX_PATH + 3];
    snprintf(prefix, sizeof prefix, "%s[].", path);
    char listpath[MAX_PATH];
    snprintf(listpath, sizeof listpath, "%s", path);
    /* lists inside an item: their parent keys are the enclosing lists */
    plan_fields(p, s, f->shape, prefix, parents, nparents, listpath, NULL);
}

static bool wanted(const gk_field *f, const char *kind)
{
    bool selfeval = strcmp(kind, "selfeval") == 0;
    if (strcmp(f->key, "selfeval") == 0) return selfeval;
    return true;
}

static void make_plan(plan *p, const char *kind)
{
    wsheet *info = new_sheet(p); /* the first sheet: never NULL */
    if (!info) return;
    snprintf(info->name, sizeof info->name, "部门信息");
    info->kv = true;
    p->n++;
    const char none[1][MAX_PATH] = {""};
    for (const gk_field *f = gk_input_shape.fields; f->key; f++) {
        if (!wanted(f, kind) || f->flags & GK_FF_DERIVED || strcmp(f->key, "$schema") == 0) continue;
        if (is_scalar(f->type)) add_col(p, info, f->key, f, NULL, NULL);
        else if (f->type == GK_FT_OBJECT && strcmp(f->key, "department") == 0)
            plan_fields(p, info, f->shape, "department.", none, 0, NULL, NULL);
        else if (f->type == GK_FT_OBJECT) {
            wsheet *s = new_sheet(p);
            if (!s) return;
            sheet_name(p, f->key, f->doc, NULL, s->name, sizeof s->name);
            s->kv = true;
            p->n++;
            char prefix[MAX_PATH];
            snprintf(prefix, sizeof prefix, "%s.", f->key);
            plan_fields(p, s, f->shape, prefix, none, 0, NULL, NULL);
        } else plan_list(p, f, f->key, NULL, none, 0);
    }
}

/* ---- values ---- */

/* The member at a dotted path inside `v` ("unit.code"), or NULL. */
static const gk_value *at_path(const gk_value *v, const char *path)
{
    char key[MAX_PATH];
    while (v && *path) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        if (n >= sizeof key || v->type != GK_V_OBJECT) return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        const gk_member *m = gk_value_get(v, key);
        v = m ? m->value : NULL;
        path += n + (dot != NULL);
    }
    return v;
}

typedef struct writer {
    lxw_workbook *wb;
    lxw_format *title, *pathf, *amount, *text, *plainf, *note, *label;
    const char *kind; /* the document kind of an empty workbook */
    gk_diags *diags;
    const char *file;
    bool failed;
} writer;

/* ---- page and row layout ---- */

/* How many lines `s` takes in a wrapped column `width` characters wide (a
 * Chinese character is two, as in Excel's and LibreOffice's measure). A
 * spreadsheet program does not grow a row on opening the file, so the
 * writer sets the height a long text needs. */
static double char_width(unsigned char lead) { return lead < 0x80 ? 0.95 : 1.75; }

static double text_width(const char *s)
{
    double w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80) w += char_width(*p);
    return w;
}

static unsigned lines_in(const char *s, double width)
{
    unsigned lines = 1;
    double used = 0, room = width > 4 ? width - 1 : 3;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '\n') { lines++; used = 0; continue; }
        if ((*p & 0xC0) == 0x80) continue; /* a continuation byte */
        double w = char_width(*p);
        if (used + w > room) { lines++; used = 0; }
        used += w;
    }
    return lines;
}

#define LINE_POINTS 15.0
#define MAX_ROW_POINTS 409.0 /* Excel's highest row */

static void fit_row(lxw_worksheet *ws, unsigned row, unsigned lines)
{
    if (lines <= 1) return;
    double h = LINE_POINTS * lines;
    worksheet_set_row(ws, row, h > MAX_ROW_POINTS ? MAX_ROW_POINTS : h, NULL);
}

/* Landscape A4, titles repeated on every page, grid lines printed: a sheet
 * prints as the clerk sees it, its explanation beside the value. A sheet
 * `width` characters wide is fitted to pages of PAGE_WIDTH each side by
 * side: squeezed onto one, 27 columns of 自评指标 could not be read. */
#define PAGE_WIDTH 200.0
static void print_setup(lxw_worksheet *ws, unsigned header_rows, double width)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    unsigned pages = 1;
    while (pages < 8 && width > PAGE_WIDTH * pages) pages++;
    worksheet_fit_to_pages(ws, (uint16_t)pages, 0);
    worksheet_repeat_rows(ws, 0, (lxw_row_t)(header_rows - 1));
    worksheet_gridlines(ws, LXW_SHOW_PRINT_GRIDLINES);
    worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.5);
}

/* A list sheet's column width: long texts wide, figures, codes and numbers narrow,
 * and never narrower than a two-line title. */
static double col_width(const wsheet *s, const wcol *c)
{
    if (!c->f) { /* a number column: as wide as its title (所属采购单位序号) on one line */
        double t = text_width(c->label) + 1.5;
        return t < 6 ? 6 : t > 20 ? 20 : t;
    }
    if (s->scalar_items && c->f->elem == GK_FT_TEXT) return 100; /* a list of paragraphs: a page wide */
    double min = text_width(c->label) / 2 + 2, w;
    switch (c->f->type) {
    case GK_FT_TEXT: w = c->f->flags & GK_FF_DATE ? 12 : 36; break;
    case GK_FT_ENUM: w = 12; break;
    case GK_FT_BOOL: w = 10; break;
    default: w = 14; break;
    }
    return w < min ? (min > 40 ? 40 : min) : w;
}

static bool is_number_field(gk_ftype t)
{
    return t == GK_FT_AMOUNT || t == GK_FT_SIGNED || t == GK_FT_DECIMAL || t == GK_FT_INT;
}

/* Does the decimal text come back the same through a double printed with
 * 15 digits? Then the cell can be a number; otherwise it stays text, which
 * the reader takes exactly. */
static bool exact_double(const char *s, double *out)
{
    size_t n = strlen(s);
    if (n == 0 || n > 17) return false;
    for (size_t i = 0; i < n; i++)
        if (!strchr("0123456789.-", s[i])) return false;
    if (s[0] == '.' || s[n - 1] == '.' || (n > 1 && s[0] == '0' && s[1] != '.') || strcmp(s, "-0") == 0) return false;
    char *end;
    double d = strtod(s, &end); /* writing only: the reader never goes through a double */
    if (*end) return false;
    char back[40];
    snprintf(back, sizeof back, "%.15g", d);
    if (strcmp(back, s) != 0) return false;
    *out = d;
    return true;
}

static lxw_format *col_format(writer *w, const gk_field *f)
{
    if (!f) return w->plainf;
    if (f->type == GK_FT_INT) return w->plainf;
    if (is_number_field(f->type)) return w->amount;
    if (f->type == GK_FT_TEXT || f->type == GK_FT_PERCENT) return w->text;
    return NULL;
}

static void put_value(writer *w, lxw_worksheet *ws, unsigned row, unsigned col, const gk_field *f, const gk_value *v)
{
    if (!v || v->type == GK_V_NULL || v->type == GK_V_ARRAY || v->type == GK_V_OBJECT) return;
    /* "" is an empty cell: the reader reads no value from it, so writing a
     * blank would make a workbook filled from this one differ from it */
    if (v->type == GK_V_STRING && v->as.str.len == 0) return;
    lxw_error e = LXW_NO_ERROR;
    double d;
    if (v->type == GK_V_BOOL) e = worksheet_write_boolean(ws, row, (lxw_col_t)col, v->as.boolean, NULL);
    else if (f && is_number_field(f->type) && exact_double(v->as.str.s, &d))
        e = worksheet_write_number(ws, row, (lxw_col_t)col, d, col_format(w, f));
    else if (f && f->type == GK_FT_BOOL && v->type == GK_V_STRING &&
             (strcmp(v->as.str.s, "true") == 0 || strcmp(v->as.str.s, "false") == 0))
        e = worksheet_write_boolean(ws, row, (lxw_col_t)col, v->as.str.s[0] == 't', NULL);
    else e = worksheet_write_string(ws, row, (lxw_col_t)col, v->as.str.s, w->text);
    if (e != LXW_NO_ERROR && !w->failed) {
        gk_diag_add(w->diags, GK_ERROR, "xlsx-write", w->file, v->line, v->col, "", "cannot put this value in the workbook: %s",
                    lxw_strerror(e));
        w->failed = true;
    }
}

static const char *type_text(const gk_field *f)
{
    if (f->type == GK_FT_LIST) /* a list of scalars: one item per row */
        switch (f->elem) {
        case GK_FT_TEXT: return "文本，每行一段（一项）";
        case GK_FT_PERCENT: return "百分比（如 25%），每行一个";
        default: return "每行一项";
        }
    switch (f->type) {
    case GK_FT_TEXT: return f->flags & GK_FF_DATE ? "日期（文本 YYYY-MM-DD）" : "文本";
    case GK_FT_AMOUNT: return "金额（万元，最多六位小数）";
    case GK_FT_SIGNED: return "数（可为负）";
    case GK_FT_DECIMAL: return "数";
    case GK_FT_PERCENT: return "百分比（如 98.81%）";
    case GK_FT_INT: return "整数";
    case GK_FT_BOOL: return "是否（TRUE/FALSE）";
    case GK_FT_ENUM: return "从下拉列表选择";
    default: return "";
    }
}

static void explain(const wcol *c, char *out, size_t n)
{
    if (!c->f) {
        snprintf(out, n, "序号：1, 2, 3 …，与所属表的序号对应");
        return;
    }
    gk_buf list = {0};
    if (c->f->names)
        for (const char *const *k = c->f->names; *k; k++) gk_buf_printf(&list, "%s%s", k == c->f->names ? "：" : "、", *k);
    snprintf(out, n, "%s%s%s。%s%s", type_text(c->f), gk_buf_str(&list), c->f->flags & GK_FF_REQUIRED ? "，必填" : "",
             c->f->doc ? c->f->doc : "", "");
    gk_buf_free(&list);
}

/* explain() for the clerk: the type, and the field's Chinese description
 * (field_notes.c), or its doc when that is Chinese already. A doc in English
 * without a description is shown as it is, so that the test of the sheet
 * (tests/xlsx_notes.py) finds it rather than an empty cell. */
static void explain_zh(const wcol *c, const char *plain, char *out, size_t n)
{
    if (!c->f) {
        explain(c, out, n);
        return;
    }
    const char *zh = gk_workbook_field_note(plain);
    if (!zh) zh = c->f->doc ? c->f->doc : "";
    gk_buf list = {0};
    if (c->f->names)
        for (const char *const *k = c->f->names; *k; k++) gk_buf_printf(&list, "%s%s", k == c->f->names ? "：" : "、", *k);
    snprintf(out, n, "%s%s%s。%s", type_text(c->f), gk_buf_str(&list), c->f->flags & GK_FF_REQUIRED ? "，必填" : "", zh);
    gk_buf_free(&list);
}

static void validate(lxw_worksheet *ws, unsigned r1, unsigned c1, unsigned r2, const gk_field *f)
{
    if (!f) return;
    static char *bools[] = {"TRUE", "FALSE", NULL};
    lxw_data_validation dv;
    memset(&dv, 0, sizeof dv);
    dv.validate = LXW_VALIDATION_TYPE_LIST;
    if (f->type == GK_FT_ENUM) dv.value_list = (char **)f->names;
    else if (f->type == GK_FT_BOOL) dv.value_list = bools;
    else return;
    worksheet_data_validation_range(ws, r1, (lxw_col_t)c1, r2, (lxw_col_t)c1, &dv);
}

static void write_kv(writer *w, const wsheet *s, const gk_value *data)
{
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, s->name);
    if (!ws) { w->failed = true; return; }
    static const char *const heads[] = {"项目", "内容", "说明", "字段"};
    static const char *const paths[] = {"@label", "@value", "@note", "@path"};
    for (unsigned k = 0; k < 4; k++) {
        worksheet_write_string(ws, 0, (lxw_col_t)k, heads[k], w->title);
        worksheet_write_string(ws, 1, (lxw_col_t)k, paths[k], w->pathf);
    }
    worksheet_set_column(ws, 0, 0, KV_LABEL, w->label);
    worksheet_set_column(ws, 1, 1, KV_VALUE, w->text);
    worksheet_set_column(ws, 2, 2, KV_NOTE, w->note);
    worksheet_set_column(ws, 3, 3, 30, w->pathf);
    worksheet_freeze_panes(ws, 2, 0);
    print_setup(ws, 2, KV_LABEL + KV_VALUE + KV_NOTE + 30);
    for (unsigned i = 0; i < s->ncols; i++) {
        const wcol *c = &s->cols[i];
        char note[600];
        explain(c, note, sizeof note);
        unsigned row = i + 2;
        worksheet_write_string(ws, row, 0, c->label, w->label);
        worksheet_write_string(ws, row, 2, note, w->note);
        worksheet_write_string(ws, row, 3, c->path, w->pathf);
        lxw_format *fm = col_format(w, c->f);
        if (fm) worksheet_write_blank(ws, row, 1, fm);
        validate(ws, row, 1, row, c->f);
        const gk_value *v = data ? at_path(data, c->path) : NULL;
        if (!v && !data && w->kind && strcmp(c->path, "document") == 0) {
            /* an empty workbook of a kind says which: the one field a clerk cannot guess */
            worksheet_write_string(ws, row, 1, w->kind, w->text);
        }
        put_value(w, ws, row, 1, c->f, v);
        unsigned lines = lines_in(note, KV_NOTE), l;
        if ((l = lines_in(c->label, KV_LABEL)) > lines) lines = l;
        if (v && v->type == GK_V_STRING && (l = lines_in(v->as.str.s, KV_VALUE)) > lines) lines = l;
        fit_row(ws, row, lines);
    }
}

/* The items of `list` ("a[].b[].c") under `v`, row by row, with the numbers
 * of their parents in nums[]. */
typedef struct emit {
    writer *w;
    lxw_worksheet *ws;
    const wsheet *s;
    unsigned row;
} emit;

static void emit_item(emit *e, const gk_value *item, const unsigned *nums, unsigned nnums)
{
    const wsheet *s = e->s;
    size_t lp = strlen(s->list);
    unsigned lines = 1;
    for (unsigned c = 0; c < s->ncols; c++) {
        const wcol *col = &s->cols[c];
        if (!col->f) { /* a number: a parent's or the item's own */
            if (c < nnums) worksheet_write_number(e->ws, e->row, (lxw_col_t)c, nums[c], e->w->plainf);
            continue;
        }
        const gk_value *v = s->scalar_items ? item : at_path(item, col->path + lp + 3);
        put_value(e->w, e->ws, e->row, c, col->f, v);
        unsigned l = v && v->type == GK_V_STRING ? lines_in(v->as.str.s, col_width(s, col)) : 1;
        if (l > lines) lines = l;
    }
    fit_row(e->ws, e->row, lines);
    e->row++;
}

static void emit_rows(emit *e, const gk_value *v, const char *rest, unsigned *nums, unsigned nnums)
{
    const char *mark = strstr(rest, "[].");
    if (!mark) {
        const gk_value *arr = at_path(v, rest);
        if (!arr || arr->type != GK_V_ARRAY) return;
        for (size_t i = 0; i < arr->as.array.count && e->row <= LAST_ROW; i++) {
            if (nnums < MAX_PARENTS + 1) nums[nnums] = (unsigned)i + 1;
            emit_item(e, arr->as.array.items[i], nums, nnums + 1);
        }
        return;
    }
    char head[MAX_PATH];
    size_t n = (size_t)(mark - rest);
    if (n >= sizeof head) return;
    memcpy(head, rest, n);
    head[n] = '\0';
    const gk_value *arr = at_path(v, head);
    if (!arr || arr->type != GK_V_ARRAY) return;
    for (size_t i = 0; i < arr->as.array.count && nnums < MAX_PARENTS; i++) {
        nums[nnums] = (unsigned)i + 1;
        emit_rows(e, arr->as.array.items[i], mark + 3, nums, nnums + 1);
    }
}

static void write_list(writer *w, const wsheet *s, const gk_value *data)
{
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, s->name);
    if (!ws) { w->failed = true; return; }
    unsigned title_lines = 1;
    double total = 0;
    for (unsigned c = 0; c < s->ncols; c++) {
        const wcol *col = &s->cols[c];
        char note[600];
        explain(col, note, sizeof note);
        worksheet_write_string(ws, 0, (lxw_col_t)c, col->label, w->title);
        worksheet_write_comment(ws, 0, (lxw_col_t)c, note);
        worksheet_write_string(ws, 1, (lxw_col_t)c, col->path, w->pathf);
        double width = col_width(s, col);
        total += width;
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width, col_format(w, col->f));
        validate(ws, 2, c, LAST_ROW, col->f);
        unsigned l = lines_in(col->label, width);
        if (l > title_lines) title_lines = l;
    }
    worksheet_set_row(ws, 0, LINE_POINTS * (title_lines < 2 ? 2 : title_lines), NULL);
    worksheet_freeze_panes(ws, 2, 0);
    print_setup(ws, 2, total);
    if (!data) return;
    emit e = {w, ws, s, 2};
    unsigned nums[MAX_PARENTS + 1];
    emit_rows(&e, data, s->list, nums, 0);
}

static void write_notes(writer *w, const plan *p)
{
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, "说明");
    if (!ws) { w->failed = true; return; }
    /* 中文说明 for the clerk; 类型与说明 keeps the schema's own doc (mostly
     * English) for whoever maintains the input format */
    static const char *const heads[] = {"工作表", "列", "字段", "中文说明", "类型与说明"};
    for (unsigned k = 0; k < 5; k++) worksheet_write_string(ws, 0, (lxw_col_t)k, heads[k], w->title);
    /* the introduction spans the columns, so that it prints as one paragraph */
    worksheet_merge_range(ws, 1, 0, 1, 4, NOTES_INTRO, w->note);
    worksheet_set_column(ws, 0, 0, NOTES_SHEET, w->label);
    worksheet_set_column(ws, 1, 1, NOTES_LABEL, w->label);
    worksheet_set_column(ws, 2, 2, NOTES_PATH, w->pathf);
    worksheet_set_column(ws, 3, 3, NOTES_NOTE, w->note);
    worksheet_set_column(ws, 4, 4, NOTES_DOC, w->note);
    worksheet_freeze_panes(ws, 1, 0);
    print_setup(ws, 1, NOTES_SHEET + NOTES_LABEL + NOTES_PATH + NOTES_NOTE + NOTES_DOC);
    fit_row(ws, 1, lines_in(NOTES_INTRO, NOTES_NOTE + NOTES_DOC));
    unsigned row = 2;
    for (unsigned i = 0; i < p->n; i++)
        for (unsigned c = 0; c < p->s[i].ncols; c++) {
            const wcol *col = &p->s[i].cols[c];
            char note[600], zh[600], plain[MAX_PATH];
            explain(col, note, sizeof note);
            plain_path(col->path, plain, sizeof plain);
            explain_zh(col, plain, zh, sizeof zh);
            worksheet_write_string(ws, row, 0, p->s[i].name, NULL);
            worksheet_write_string(ws, row, 1, col->label, NULL);
            worksheet_write_string(ws, row, 2, col->path, w->pathf);
            worksheet_write_string(ws, row, 3, zh, w->note);
            worksheet_write_string(ws, row, 4, note, w->note);
            unsigned lines = lines_in(zh, NOTES_NOTE), l = lines_in(col->label, NOTES_LABEL);
            if (lines < lines_in(note, NOTES_DOC)) lines = lines_in(note, NOTES_DOC);
            fit_row(ws, row, l > lines ? l : lines);
            row++;
        }
}

gk_status gk_workbook_write(const char *path, const char *kind, const gk_value *data, long long created,
                            gk_diags *diags)
{
    gk_status st = GK_OK;
    plan *p = calloc(1, sizeof *p);
    if (!p) return GK_NOMEM;
    if (!kind) {
        const gk_value *doc = data ? at_path(data, "document") : NULL;
        kind = doc && doc->type == GK_V_STRING ? doc->as.str.s : "budget";
    }
    make_plan(p, kind);
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE,
                                .tmpdir = (char *)gk_file_scratch_dir() /* only read */,
                                .use_zip64 = LXW_FALSE};
    writer w = {workbook_new_opt(path, &opt), NULL, NULL, NULL, NULL, NULL, NULL, NULL, kind, diags, path, false};
    if (!w.wb) {
        gk_diag_add(diags, GK_ERROR, "io", path, 0, 0, "", "cannot create the workbook");
        free(p);
        return GK_IO;
    }
    lxw_doc_properties props = {.title = "部门预算信息公开 填报工作簿", .author = "gongkai", .created = (time_t)created};
    workbook_set_properties(w.wb, &props);
    w.title = workbook_add_format(w.wb);
    format_set_bold(w.title);
    format_set_bg_color(w.title, 0xDDEBF7);
    format_set_text_wrap(w.title);
    format_set_align(w.title, LXW_ALIGN_VERTICAL_CENTER);
    w.pathf = workbook_add_format(w.wb);
    format_set_font_color(w.pathf, 0x808080);
    format_set_font_size(w.pathf, 8);
    w.amount = workbook_add_format(w.wb);
    format_set_num_format(w.amount, "#,##0.00####");
    w.text = workbook_add_format(w.wb);
    format_set_num_format(w.text, "@");
    format_set_text_wrap(w.text);
    format_set_align(w.text, LXW_ALIGN_VERTICAL_TOP);
    w.label = workbook_add_format(w.wb);
    format_set_text_wrap(w.label);
    format_set_align(w.label, LXW_ALIGN_VERTICAL_TOP);
    w.plainf = workbook_add_format(w.wb);
    format_set_num_format(w.plainf, "0");
    /* figures at the top of their row, level with the first line of a long text beside them */
    format_set_align(w.plainf, LXW_ALIGN_VERTICAL_TOP);
    format_set_align(w.amount, LXW_ALIGN_VERTICAL_TOP);
    w.note = workbook_add_format(w.wb);
    format_set_text_wrap(w.note);
    format_set_align(w.note, LXW_ALIGN_VERTICAL_TOP);
    format_set_font_color(w.note, 0x404040);
    for (unsigned i = 0; i < p->n; i++) {
        if (p->s[i].kv) write_kv(&w, &p->s[i], data);
        else write_list(&w, &p->s[i], data);
    }
    write_notes(&w, p);
    if (p->full)
        gk_diag_add(diags, GK_WARNING, "xlsx-write", path, 0, 0, "", "the field tables have more sheets or columns than "
                    "the workbook writer lays out (%u sheets, %u columns); some are left out", MAX_SHEETS, MAX_COLS);
    lxw_error e = workbook_close(w.wb);
    if (e != LXW_NO_ERROR) {
        gk_diag_add(diags, GK_ERROR, "io", path, 0, 0, "", "cannot write the workbook: %s", lxw_strerror(e));
        st = GK_IO;
    } else if (w.failed) st = GK_INVALID;
    free(p);
    return st;
}
