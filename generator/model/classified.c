/* The structure of the classified budget lines (部门预算公开表, issue 11):
 * what the arithmetic of templates/tables.rules takes for granted. The budget
 * system's export carries a code and a name on every row, so nothing here
 * knows the national catalogue: a code is judged by its digits, its length
 * and the rows above it in the same input. Run by the loader, once per load;
 * it reads the model and writes only diagnostics. */
#include "buf.h"
#include "classified.h"
#include "diag.h"
#include "file.h"
#include "model.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
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

/* ---- the 类 list of the fixed lines of 表1 and 表4 ---- */

#define CLASSES_MAX (1u << 20) /* a list of tens of lines; the bound of a rules file */

/* The list's text: DIR/classes.list when there is one, else the built-in
 * list. *origin names it for diagnostics. NULL (and *why) when DIR's file
 * exists but cannot be read: never a silent fall-back to the built-in list. */
static const char *classes_text(const char *dir, gk_arena *arena, const char **origin, const char **why)
{
    *why = NULL;
    *origin = "built-in classes.list";
    if (dir) {
        gk_buf path = {0}, text = {0};
        gk_buf_printf(&path, "%s/classes.list", dir);
        gk_file_status st = gk_file_read(gk_buf_str(&path), CLASSES_MAX, &text, why);
        char *o = gk_arena_strndup(arena, gk_buf_str(&path), path.len);
        char *t = st == GK_FILE_OK ? gk_arena_strndup(arena, gk_buf_str(&text), text.len) : NULL;
        bool missing = st == GK_FILE_CANNOT_OPEN && errno == ENOENT;
        gk_buf_free(&text);
        gk_buf_free(&path);
        if (o) *origin = o;
        if (t) return t;
        if (!missing) {
            if (!*why) *why = "out of memory";
            return NULL;
        }
        *why = NULL;
    }
    return gk_builtin_class_lists[0].text;
}

/* One line of the list, trimmed of spaces and tabs. */
static void trim(const char **s, const char **e)
{
    while (*s < *e && (**s == ' ' || **s == '\t' || **s == '\r')) (*s)++;
    while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r')) (*e)--;
}

static void list_error(gk_diags *d, const char *origin, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void list_error(gk_diags *d, const char *origin, unsigned line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    gk_diag_add(d, GK_ERROR, "bad-classes", origin, line, 1, "", "%s", msg);
}

/* The section the budget year uses: the latest [YEAR] not after it, else the
 * earliest. Sets *from and *to to its lines, *year to its year; false (and a
 * diagnostic) when the list is malformed or holds no section. */
static bool pick_section(const char *text, const char *origin, int64_t budget_year, gk_diags *d, const char **from,
                         unsigned *first_line, long *year)
{
    long best = -1, earliest = -1;
    const char *best_at = NULL, *earliest_at = NULL;
    unsigned best_line = 0, earliest_line = 0, line = 0;
    bool ok = true;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n'), *e = nl ? nl : p + strlen(p), *s = p;
        line++;
        trim(&s, &e);
        if (s < e && *s == '[') {
            char *end;
            long y = strtol(s + 1, &end, 10);
            if (end == s + 1 || end >= e || *end != ']' || end + 1 != e || y < 1900 || y > 9999) {
                list_error(d, origin, line, "a section of the 类 list is [YEAR] (four digits), not \"%.*s\"", (int)(e - s), s);
                ok = false;
            } else {
                if (y <= budget_year && y > best) best = y, best_at = nl ? nl + 1 : e, best_line = line + 1;
                if (earliest < 0 || y < earliest) earliest = y, earliest_at = nl ? nl + 1 : e, earliest_line = line + 1;
            }
        }
        p = nl ? nl + 1 : e;
    }
    if (!ok) return false;
    if (earliest < 0) {
        list_error(d, origin, 1, "the 类 list has no [YEAR] section");
        return false;
    }
    *from = best_at ? best_at : earliest_at;
    *first_line = best_at ? best_line : earliest_line;
    *year = best_at ? best : earliest;
    return true;
}

void gk_classified_classes(gk_model *m, const char *rules_dir, gk_diags *diags)
{
    gk_input *in = &m->in;
    if (!in->has_classified) return;
    gk_classified *cl = &in->classified;
    cl->classes.v = NULL;
    cl->classes.n = 0;
    const char *origin, *why, *from;
    const char *text = classes_text(rules_dir, &m->arena, &origin, &why);
    if (!text) {
        gk_diag_add(diags, GK_ERROR, "bad-classes", origin, 0, 0, "", "the 类 list classes.list cannot be read: %s", why);
        return;
    }
    unsigned line;
    long year;
    if (!pick_section(text, origin, in->department.year.set ? in->department.year.v : 9999, diags, &from, &line, &year))
        return;
    /* two passes over the section: count, then fill */
    for (int pass = 0; pass < 2; pass++) {
        size_t n = 0;
        unsigned at = line;
        for (const char *p = from; *p; at++) {
            const char *nl = strchr(p, '\n'), *e = nl ? nl : p + strlen(p), *s = p;
            p = nl ? nl + 1 : e;
            trim(&s, &e);
            if (s == e || *s == ';' || *s == '#') continue;
            if (*s == '[') break;
            const char *eq = memchr(s, '=', (size_t)(e - s)), *ce = eq, *ns = eq ? eq + 1 : NULL;
            if (!eq) {
                if (pass == 0) list_error(diags, origin, at, "a line of the 类 list is CODE = NAME, not \"%.*s\"", (int)(e - s), s);
                continue;
            }
            trim(&s, &ce);
            trim(&ns, &e);
            gk_text code = {s, (size_t)(ce - s), {0}, true};
            if (code.len != 3 || !all_digits(&code) || ns == e) {
                if (pass == 0)
                    list_error(diags, origin, at, "a line of the 类 list is a 3-digit 类 code = its name, not \"%.*s\"",
                               (int)(e - s), s);
                continue;
            }
            if (pass == 1) {
                gk_func_line *c = &cl->classes.v[n];
                memset(c, 0, sizeof *c);
                for (size_t i = 0; i < cl->functional.n; i++) {
                    const gk_func_line *r = &cl->functional.v[i];
                    if (r->code.len == 3 && memcmp(r->code.s, s, 3) == 0) *c = *r;
                }
                /* the list's words, as printed in the fixed lines */
                c->code = (gk_text){gk_arena_strndup(&m->arena, s, 3), 3, {origin, at, 1}, true};
                c->name = (gk_text){gk_arena_strndup(&m->arena, ns, (size_t)(e - ns)), (size_t)(e - ns), {origin, at, 1}, true};
                if (!c->code.s || !c->name.s) {
                    gk_diags_lost(diags);
                    cl->classes.n = 0;
                    return;
                }
            }
            n++;
        }
        if (pass == 0) {
            if (!n) return;
            cl->classes.v = gk_arena_alloc(&m->arena, n * sizeof *cl->classes.v);
            if (!cl->classes.v) {
                gk_diags_lost(diags);
                return;
            }
        } else {
            cl->classes.n = n;
            cl->classes.set = true;
        }
    }
    /* a 类 of the input the year's list lacks would drop out of 表1 and 表4 */
    for (size_t i = 0; i < cl->functional.n; i++) {
        const gk_func_line *r = &cl->functional.v[i];
        if (!r->code.set || r->code.len != 3 || !all_digits(&r->code)) continue;
        bool listed = false;
        for (size_t k = 0; k < cl->classes.n && !listed; k++) listed = memcmp(cl->classes.v[k].code.s, r->code.s, 3) == 0;
        if (!listed)
            error(m, diags, &r->code.loc, "unknown-class",
                  "支出功能分类 类 %.*s (%.*s) is not in the %ld 类 list of 部门收支总表 and 财政拨款收支总表 (%s): "
                  "those tables would leave it out; a profile's classes.list lists the year's 类",
                  (int)r->code.len, r->code.s, (int)r->name.len, r->name.s, year, origin);
    }
}
