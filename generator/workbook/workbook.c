/* The clerk's workbook (workbook.h), written with libxlsxwriter. A plan of
 * sheets and columns is made from the field tables first; the sheets are
 * then written from the plan, filled from a value tree when one is given. */
#include "workbook.h"
#include "diag.h"
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
        snprintf(out, n, "%s%u", buf, k);
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

static void add_col(plan *p, wsheet *s, const char *path, const gk_field *f, const char *label)
{
    if (s->ncols == MAX_COLS) { p->full = true; return; }
    wcol *c = &s->cols[s->ncols++];
    snprintf(c->path, sizeof c->path, "%s", path);
    c->f = f;
    if (label) snprintf(c->label, sizeof c->label, "%s", label);
    else label_for(path, f, c->label, sizeof c->label);
}

static void plan_list(plan *p, const gk_field *f, const char *path, const char *parent_sheet,
                      const char parents[][MAX_PATH], unsigned nparents);

/* The scalar fields of `shape` (through its objects, not its lists) as
 * columns of `s` (or rows of a kv sheet); its lists become sheets. */
static void plan_fields(plan *p, wsheet *s, const gk_shape *shape, const char *prefix, const char parents[][MAX_PATH],
                        unsigned nparents, const char *list)
{
    for (const gk_field *f = shape->fields; f->key; f++) {
        if (f->flags & GK_FF_DERIVED || strcmp(f->key, "$schema") == 0) continue;
        char path[MAX_PATH];
        snprintf(path, sizeof path, "%s%s", prefix, f->key);
        if (is_scalar(f->type)) add_col(p, s, path, f, NULL);
        else if (f->type == GK_FT_OBJECT) {
            char sub[MAX_PATH + 2];
            snprintf(sub, sizeof sub, "%s.", path);
            plan_fields(p, s, f->shape, sub, parents, nparents, list);
        } else {
            char ps[MAX_PARENTS][MAX_PATH];
            unsigned np = nparents;
            memcpy(ps, parents, sizeof ps);
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
        add_col(p, s, col, NULL, label);
    }
    if (f->elem != GK_FT_OBJECT) {
        char col[MAX_PATH + 2];
        snprintf(col, sizeof col, "%s[]", path);
        s->scalar_items = true;
        char label[128];
        label_for(path, f, label, sizeof label);
        add_col(p, s, col, f, label);
        return;
    }
    if (has_lists(f->shape)) {
        char col[MAX_PATH + 2];
        snprintf(col, sizeof col, "%s#", path);
        add_col(p, s, col, NULL, "序号");
    }
    char prefix[MAX_PATH + 3];
    snprintf(prefix, sizeof prefix, "%s[].", path);
    char listpath[MAX_PATH];
    snprintf(listpath, sizeof listpath, "%s", path);
    /* lists inside an item: their parent keys are the enclosing lists */
    plan_fields(p, s, f->shape, prefix, parents, nparents, listpath);
}

static bool wanted(const gk_field *f, const char *kind)
{
    bool selfeval = strcmp(kind, "selfeval") == 0;
    if (strcmp(f->key, "selfeval") == 0) return selfeval;
    return true;
}

static void make_plan(plan *p, const char *kind)
{
    wsheet *info = new_sheet(p);
    snprintf(info->name, sizeof info->name, "部门信息");
    info->kv = true;
    p->n++;
    const char none[1][MAX_PATH] = {""};
    for (const gk_field *f = gk_input_shape.fields; f->key; f++) {
        if (!wanted(f, kind) || f->flags & GK_FF_DERIVED || strcmp(f->key, "$schema") == 0) continue;
        if (is_scalar(f->type)) add_col(p, info, f->key, f, NULL);
        else if (f->type == GK_FT_OBJECT && strcmp(f->key, "department") == 0)
            plan_fields(p, info, f->shape, "department.", none, 0, NULL);
        else if (f->type == GK_FT_OBJECT) {
            wsheet *s = new_sheet(p);
            if (!s) return;
            sheet_name(p, f->key, f->doc, NULL, s->name, sizeof s->name);
            s->kv = true;
            p->n++;
            char prefix[MAX_PATH];
            snprintf(prefix, sizeof prefix, "%s.", f->key);
            plan_fields(p, s, f->shape, prefix, none, 0, NULL);
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
    lxw_format *title, *pathf, *amount, *text, *plainf, *note;
    gk_diags *diags;
    const char *file;
    bool failed;
} writer;

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
    worksheet_set_column(ws, 0, 0, 24, NULL);
    worksheet_set_column(ws, 1, 1, 40, w->text);
    worksheet_set_column(ws, 2, 2, 50, w->note);
    worksheet_set_column(ws, 3, 3, 30, w->pathf);
    worksheet_freeze_panes(ws, 2, 0);
    for (unsigned i = 0; i < s->ncols; i++) {
        const wcol *c = &s->cols[i];
        char note[600];
        explain(c, note, sizeof note);
        unsigned row = i + 2;
        worksheet_write_string(ws, row, 0, c->label, NULL);
        worksheet_write_string(ws, row, 2, note, w->note);
        worksheet_write_string(ws, row, 3, c->path, w->pathf);
        lxw_format *fm = col_format(w, c->f);
        if (fm) worksheet_write_blank(ws, row, 1, fm);
        validate(ws, row, 1, row, c->f);
        put_value(w, ws, row, 1, c->f, data ? at_path(data, c->path) : NULL);
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
    for (unsigned c = 0; c < s->ncols; c++) {
        const wcol *col = &s->cols[c];
        if (!col->f) { /* a number: a parent's or the item's own */
            if (c < nnums) worksheet_write_number(e->ws, e->row, (lxw_col_t)c, nums[c], e->w->plainf);
            continue;
        }
        if (s->scalar_items) put_value(e->w, e->ws, e->row, c, col->f, item);
        else put_value(e->w, e->ws, e->row, c, col->f, at_path(item, col->path + lp + 3));
    }
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
    for (unsigned c = 0; c < s->ncols; c++) {
        const wcol *col = &s->cols[c];
        char note[600];
        explain(col, note, sizeof note);
        worksheet_write_string(ws, 0, (lxw_col_t)c, col->label, w->title);
        worksheet_write_comment(ws, 0, (lxw_col_t)c, note);
        worksheet_write_string(ws, 1, (lxw_col_t)c, col->path, w->pathf);
        double width = col->f ? (col->f->type == GK_FT_TEXT ? 30 : 14) : 8;
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width, col_format(w, col->f));
        validate(ws, 2, c, LAST_ROW, col->f);
    }
    worksheet_set_row(ws, 0, 30, NULL);
    worksheet_freeze_panes(ws, 2, 0);
    if (!data) return;
    emit e = {w, ws, s, 2};
    unsigned nums[MAX_PARENTS + 1];
    emit_rows(&e, data, s->list, nums, 0);
}

static void write_notes(writer *w, const plan *p)
{
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, "说明");
    if (!ws) { w->failed = true; return; }
    static const char *const heads[] = {"工作表", "列", "字段", "类型与说明"};
    for (unsigned k = 0; k < 4; k++) worksheet_write_string(ws, 0, (lxw_col_t)k, heads[k], w->title);
    worksheet_write_string(ws, 1, 0, "每张表第1行是中文列名，第2行是程序读取的字段名（请勿修改）；从第3行起每行填一项。"
                           "“所属…序号”列填写该行所属上级表中的序号。填好后运行 gongkai check 文件.xlsx 检查。", w->note);
    worksheet_set_column(ws, 0, 0, 16, NULL);
    worksheet_set_column(ws, 1, 1, 24, NULL);
    worksheet_set_column(ws, 2, 2, 36, w->pathf);
    worksheet_set_column(ws, 3, 3, 80, w->note);
    worksheet_freeze_panes(ws, 1, 0);
    unsigned row = 2;
    for (unsigned i = 0; i < p->n; i++)
        for (unsigned c = 0; c < p->s[i].ncols; c++) {
            const wcol *col = &p->s[i].cols[c];
            char note[600];
            explain(col, note, sizeof note);
            worksheet_write_string(ws, row, 0, p->s[i].name, NULL);
            worksheet_write_string(ws, row, 1, col->label, NULL);
            worksheet_write_string(ws, row, 2, col->path, w->pathf);
            worksheet_write_string(ws, row, 3, note, w->note);
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
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    writer w = {workbook_new_opt(path, &opt), NULL, NULL, NULL, NULL, NULL, NULL, diags, path, false};
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
    w.plainf = workbook_add_format(w.wb);
    format_set_num_format(w.plainf, "0");
    w.note = workbook_add_format(w.wb);
    format_set_text_wrap(w.note);
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
