/* The structure of the classified budget lines (部门预算公开表, issue 11):
 * what the arithmetic of templates/tables.rules takes for granted. The budget
 * system's export carries a code and a name on every row, so nothing here
 * knows the national catalogue: a code is judged by its digits, its length
 * and the rows above it in the same input. Run by the loader, once per load;
 * it reads the model and writes only diagnostics. */
#include "diag.h"
#include "model.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

static void error(gk_model *m, gk_diags *d, const gk_loc *at, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void error(gk_model *m, gk_diags *d, const gk_loc *at, const char *code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    gk_diag_add(d, GK_ERROR, code, m->file, at->line, at->col, at->path, "%s", msg);
}

static bool all_digits(const gk_text *t)
{
    for (size_t i = 0; i < t->len; i++)
        if (t->s[i] < '0' || t->s[i] > '9') return false;
    return t->len > 0;
}

static bool level_ok(size_t len, const size_t *levels, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (len == levels[i]) return true;
    return false;
}

/* A row of either classification, seen through its code and name. */
typedef struct row_ref { const gk_text *code, *name; } row_ref;

/* The first earlier row with this code (of length len), or NULL. */
static const row_ref *find(const row_ref *rows, size_t n, const char *code, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].code->len == len && memcmp(rows[i].code->s, code, len) == 0) return &rows[i];
    return NULL;
}

/* Digits, a length of the classification's levels, one name per code, and
 * every row under an existing parent of each shorter level. `what` names the
 * classification in messages. Quadratic in the rows: a department has tens of
 * them, and the list is bounded by the reader (10 000 items). */
static void check_codes(gk_model *m, gk_diags *d, const row_ref *rows, size_t n, const size_t *levels, size_t nlevels,
                        const char *what, const char *lengths)
{
    static const char *const level_words[] = {"类", "款", "项"};
    for (size_t i = 0; i < n; i++) {
        const gk_text *c = rows[i].code, *name = rows[i].name;
        if (!c->set) continue;
        if (!all_digits(c) || !level_ok(c->len, levels, nlevels)) {
            error(m, d, &c->loc, "bad-code", "%s code \"%.*s\" (%.*s) is not %s digits", what, (int)c->len, c->s,
                  (int)name->len, name->s, lengths);
            continue;
        }
        const row_ref *dup = find(rows, i, c->s, c->len);
        if (dup && dup->name->len == name->len && memcmp(dup->name->s, name->s, name->len) == 0)
            error(m, d, &c->loc, "duplicate-code", "%s code %.*s (%.*s) is listed twice (first at line %u)", what,
                  (int)c->len, c->s, (int)name->len, name->s, dup->code->loc.line);
        else if (dup)
            error(m, d, &c->loc, "duplicate-code", "%s code %.*s has two names: %.*s here, %.*s at line %u", what,
                  (int)c->len, c->s, (int)name->len, name->s, (int)dup->name->len, dup->name->s, dup->code->loc.line);
        for (size_t k = 0; k < nlevels && levels[k] < c->len; k++)
            if (!find(rows, n, c->s, levels[k]))
                error(m, d, &c->loc, "bad-code", "%s code %.*s (%.*s) has no %s %.*s above it: list every %s with its name",
                      what, (int)c->len, c->s, (int)name->len, name->s, k < 3 ? level_words[k] : "parent",
                      (int)levels[k], c->s, k < 3 ? level_words[k] : "parent");
    }
}

/* 人员经费 are the 款 of 301 and 303, 公用经费 those of the other 类 (SPEC.md,
 * 经济分类): an amount in the other column is a row put in the wrong column. */
static void check_economic_columns(gk_model *m, gk_diags *d, const gk_econ_line *e)
{
    if (!e->code.set || e->code.len < 3) return;
    bool personnel = memcmp(e->code.s, "301", 3) == 0 || memcmp(e->code.s, "303", 3) == 0;
    const gk_num *wrong = personnel ? &e->public_ : &e->personnel;
    if (wrong->set && !wrong->null && !gk_dec_is_zero(wrong->v))
        error(m, d, &wrong->loc, "wrong-column", "经济分类 %.*s (%.*s) is %s: its amount belongs under %s, not %s",
              (int)e->code.len, e->code.s, (int)e->name.len, e->name.s, personnel ? "人员经费" : "公用经费",
              personnel ? "personnel" : "public", personnel ? "public" : "personnel");
}

/* The sentence under an empty fund table names that table's fund and no
 * other: a sentence copied from another table is a published error. */
typedef struct note_rule { const char *table, *fund; size_t off; } note_rule;

static void check_notes(gk_model *m, gk_diags *d, const gk_table_notes *notes)
{
    static const note_rule rules[] = {
        {"一般公共预算支出表", "一般公共预算", offsetof(gk_table_notes, general)},
        {"政府性基金预算支出表", "政府性基金", offsetof(gk_table_notes, fund)},
        {"国有资本经营预算支出表", "国有资本经营", offsetof(gk_table_notes, state_capital)},
    };
    size_t n = sizeof rules / sizeof rules[0];
    for (size_t i = 0; i < n; i++) {
        const gk_text *t = (const gk_text *)((const char *)notes + rules[i].off);
        if (!t->set) continue;
        for (size_t k = 0; k < n; k++) {
            if (k == i || !strstr(t->s, rules[k].fund)) continue;
            error(m, d, &t->loc, "wrong-table-note",
                  "the sentence under %s names %s (\"%s\"): it is %s's sentence; name this table's own fund, %s", rules[i].table,
                  rules[k].fund, t->s, rules[k].table, rules[i].fund);
            break;
        }
    }
}

void gk_classified_structure(gk_model *m, gk_diags *diags)
{
    gk_input *in = &m->in;
    if (!in->has_classified) return;
    gk_classified *cl = &in->classified;
    static const size_t func_levels[] = {3, 5, 7}, econ_levels[] = {3, 5};
    size_t nf = cl->functional.n, ne = cl->economic.n;
    row_ref *func = nf + ne ? gk_arena_alloc(&m->arena, (nf + ne) * sizeof *func) : NULL, *econ = func ? func + nf : NULL;
    if (nf + ne && !func) {
        gk_diags_lost(diags);
        return;
    }
    for (size_t i = 0; i < nf; i++) func[i] = (row_ref){&cl->functional.v[i].code, &cl->functional.v[i].name};
    for (size_t i = 0; i < ne; i++) econ[i] = (row_ref){&cl->economic.v[i].code, &cl->economic.v[i].name};
    check_codes(m, diags, func, nf, func_levels, 3, "支出功能分类", "3, 5 or 7");
    check_codes(m, diags, econ, ne, econ_levels, 2, "经济分类", "3 or 5");
    for (size_t i = 0; i < ne; i++) check_economic_columns(m, diags, &cl->economic.v[i]);
    check_notes(m, diags, &cl->notes);
    /* a project's 功能分类 is a 项 of this input */
    for (size_t i = 0; i < in->projects.n; i++) {
        const gk_text *fc = &in->projects.v[i].function_code;
        if (fc->set && (fc->len != 7 || !find(func, nf, fc->s, fc->len)))
            error(m, diags, &fc->loc, "bad-code", "project %s: 功能分类 %.*s is not a 项 (7 digits) of /classified/functional",
                  in->projects.v[i].name.s, (int)fc->len, fc->s);
    }
}
