/* The rules files and their evaluator (rules.h; the format is described in
 * templates/README.md, "Rules"). A rules file is parsed on every check (it is
 * a few dozen lines); each rule is validated against the field tables before
 * it runs, so a misspelt path is reported with its file, line and key rather
 * than silently matching nothing. */
#include "rules.h"

#include "buf.h"
#include "fields.h"
#include "file.h"

#include <errno.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- document kinds ---- */

/* A rules file is a few kilobytes; the bound only keeps a mistaken path from
 * being read whole. */
enum { RULES_MAX = 1 << 20 };

const char *gk_rules_find(const char *dir, const char *name, gk_arena *arena, const char **origin, const char **why)
{
    *why = NULL;
    if (dir) {
        gk_buf path = {0}, text = {0};
        gk_buf_printf(&path, "%s/%s.rules", dir, name);
        gk_file_status st = gk_file_read(gk_buf_str(&path), RULES_MAX, &text, why);
        *origin = gk_arena_strndup(arena, gk_buf_str(&path), path.len);
        char *t = st == GK_FILE_OK ? gk_arena_strndup(arena, gk_buf_str(&text), text.len) : NULL;
        gk_buf_free(&text);
        gk_buf_free(&path);
        if (st == GK_FILE_OK && t) return t;
        if (st != GK_FILE_CANNOT_OPEN || errno != ENOENT) {
            if (!*why) *why = "out of memory";
            return NULL;
        }
        *why = NULL; /* not there: the built-in one */
    }
    for (const gk_builtin_rules *b = gk_builtin_rules_files; b->name; b++) {
        if (strcmp(b->name, name) == 0) {
            gk_buf o = {0};
            gk_buf_printf(&o, "built-in %s.rules", name);
            *origin = gk_arena_strndup(arena, gk_buf_str(&o), o.len);
            gk_buf_free(&o);
            return b->text;
        }
    }
    *origin = name;
    *why = "there is no such rules file";
    return NULL;
}

/* ---- paths ---- */

typedef enum { ST_FIELD, ST_EACH, ST_MEMBER } step_kind;

typedef struct step {
    step_kind kind;
    const gk_field *f;     /* FIELD: the field; EACH: the list */
    const gk_shape *shape; /* MEMBER: the object whose members are taken */
    long index;            /* EACH: -1 for *, else the 0-based element */
} step;

#define MAX_STEPS 16

typedef struct gpath {
    step s[MAX_STEPS];
    size_t n;
    gk_ftype leaf;          /* type of what the path names */
    const gk_field *leaf_f; /* its field (NULL for the root or a member *) */
    const char *text;
} gpath;

static bool is_figure(gk_ftype t)
{
    return t == GK_FT_AMOUNT || t == GK_FT_SIGNED || t == GK_FT_DECIMAL || t == GK_FT_PERCENT;
}

/* Resolves "/a/b/ * /c" (no spaces) through the field tables; false with why[] on failure. */
static bool parse_path(const char *text, size_t len, gpath *p, char *why, size_t wn)
{
    memset(p, 0, sizeof *p);
    p->text = text;
    const gk_shape *sh = &gk_input_shape;
    const gk_field *pending = NULL; /* a list waiting for its * or index */
    bool leaf = false;
    p->leaf = GK_FT_OBJECT;
    if (len == 0 || text[0] != '/') {
        snprintf(why, wn, "a path starts with /");
        return false;
    }
    size_t i = 1;
    while (i <= len) {
        size_t j = i;
        while (j < len && text[j] != '/') j++;
        const char *seg = text + i;
        size_t sn = j - i;
        if (sn == 0) {
            snprintf(why, wn, "an empty step in %.*s", (int)len, text);
            return false;
        }
        if (p->n == MAX_STEPS) {
            snprintf(why, wn, "%.*s is too deep", (int)len, text);
            return false;
        }
        bool star = sn == 1 && seg[0] == '*';
        bool digits = true;
        for (size_t k = 0; k < sn; k++) digits = digits && seg[k] >= '0' && seg[k] <= '9';
        if (pending) {
            if (!star && !digits) {
                snprintf(why, wn, "%s is a list: * or an element number must follow it", pending->key);
                return false;
            }
            step *s = &p->s[p->n - 1];
            s->kind = ST_EACH;
            s->index = star ? -1 : atol(seg) - 1;
            if (!star && s->index < 0) {
                snprintf(why, wn, "elements are numbered from 1");
                return false;
            }
            if (pending->elem == GK_FT_OBJECT) sh = pending->shape, p->leaf = GK_FT_OBJECT, p->leaf_f = NULL;
            else if (pending->elem == GK_FT_TEXT || is_figure(pending->elem)) sh = NULL, leaf = true, p->leaf = pending->elem;
            else {
                snprintf(why, wn, "the elements of %s cannot be named", pending->key);
                return false;
            }
            pending = NULL;
        } else if (leaf || !sh) {
            snprintf(why, wn, "%.*s has no fields: %.*s", (int)(seg - text - 1), text, (int)sn, seg);
            return false;
        } else if (star) {
            for (const gk_field *f = sh->fields; f->key; f++)
                if (!is_figure(f->type)) {
                    snprintf(why, wn, "* over the members of %s needs figures only (%s is not one)", sh->name, f->key);
                    return false;
                }
            p->s[p->n++] = (step){ST_MEMBER, NULL, sh, -1};
            p->leaf = sh->fields[0].type;
            p->leaf_f = NULL;
            leaf = true;
        } else {
            const gk_field *f = sh->fields;
            while (f->key && !(strlen(f->key) == sn && memcmp(f->key, seg, sn) == 0)) f++;
            if (!f->key) {
                snprintf(why, wn, "%.*s: %s has no field \"%.*s\"", (int)len, text, sh->name, (int)sn, seg);
                return false;
            }
            p->s[p->n++] = (step){ST_FIELD, f, NULL, -1};
            p->leaf = f->type;
            p->leaf_f = f;
            if (f->type == GK_FT_OBJECT) sh = f->shape;
            else if (f->type == GK_FT_LIST) pending = f;
            else leaf = true;
        }
        i = j + 1;
    }
    return true;
}

/* ---- walking the model ---- */

typedef struct bind { const void *key; size_t i; } bind;
typedef struct binding { bind b[MAX_STEPS]; size_t n; } binding;

typedef struct leafv {
    void *at;
    gk_ftype type;
    const gk_field *f;
    bool present_obj; /* an object: its section is present */
} leafv;

typedef bool (*visit_fn)(void *ctx, const leafv *l, const binding *b); /* false stops the walk */

static const void *each_key(const gk_field *f) { return f->elem == GK_FT_OBJECT ? (const void *)f->shape : (const void *)f; }

static size_t elem_size(const gk_field *f)
{
    if (f->elem == GK_FT_OBJECT) return f->shape->size;
    return f->elem == GK_FT_TEXT ? sizeof(gk_text) : sizeof(gk_num);
}

static bool bound_index(const binding *b, const void *key, size_t *i)
{
    for (size_t k = 0; k < b->n; k++)
        if (b->b[k].key == key) {
            *i = b->b[k].i;
            return true;
        }
    return false;
}

static bool walk(const gpath *p, size_t k, void *obj, bool present, const binding *bound, binding *cur, visit_fn fn,
                 void *ctx)
{
    if (k == p->n) {
        leafv l = {obj, p->leaf, p->leaf_f, present};
        return fn(ctx, &l, cur);
    }
    const step *s = &p->s[k];
    switch (s->kind) {
    case ST_FIELD: {
        const gk_field *f = s->f;
        bool here = present;
        if (f->type == GK_FT_OBJECT && !(f->flags & GK_FF_NOSET)) here = here && *(const bool *)((char *)obj + f->set_off);
        /* a path through an absent section names nothing */
        if (f->type == GK_FT_OBJECT && !here && k + 1 < p->n) return true;
        return walk(p, k + 1, (char *)obj + f->off, here, bound, cur, fn, ctx);
    }
    case ST_EACH: {
        gk_list *l = (gk_list *)((char *)obj + s->f->off);
        size_t from = 0, to = l->n, fixed;
        const void *key = each_key(s->f);
        bool is_bound = s->index < 0 && bound_index(bound, key, &fixed);
        if (s->index >= 0) from = (size_t)s->index, to = from + 1 <= l->n ? from + 1 : from;
        else if (is_bound) from = fixed, to = fixed < l->n ? fixed + 1 : fixed;
        for (size_t i = from; i < to; i++) {
            size_t mark = cur->n;
            if (s->index < 0 && !is_bound) cur->b[cur->n++] = (bind){key, i};
            bool go = walk(p, k + 1, (char *)l->v + i * elem_size(s->f), present, bound, cur, fn, ctx);
            cur->n = mark;
            if (!go) return false;
        }
        return true;
    }
    case ST_MEMBER: {
        size_t fixed, n = 0;
        while (s->shape->fields[n].key) n++;
        bool is_bound = bound_index(bound, s->shape, &fixed);
        for (size_t i = is_bound ? fixed : 0; i < (is_bound ? fixed + 1 : n) && i < n; i++) {
            size_t mark = cur->n;
            if (!is_bound) cur->b[cur->n++] = (bind){s->shape, i};
            const gk_field *f = &s->shape->fields[i];
            leafv l = {(char *)obj + f->off, f->type, f, present};
            bool go = k + 1 == p->n ? fn(ctx, &l, cur) : true;
            cur->n = mark;
            if (!go) return false;
        }
        return true;
    }
    }
    return true;
}

/* Visits every instance of p; stars bound in `bound` take its index. */
static void each(gk_model *m, const gpath *p, const binding *bound, visit_fn fn, void *ctx)
{
    binding cur = *bound;
    walk(p, 0, &m->in, true, bound, &cur, fn, ctx);
}

typedef struct first_ctx { leafv l; binding b; bool found; } first_ctx;

static bool take_first(void *ctx, const leafv *l, const binding *b)
{
    first_ctx *f = ctx;
    f->l = *l;
    f->b = *b;
    f->found = true;
    return false;
}

/* The first instance of p under `bound`. */
static bool first(gk_model *m, const gpath *p, const binding *bound, leafv *out, binding *b)
{
    first_ctx f = {{0}, {{{0}}, 0}, false};
    each(m, p, bound, take_first, &f);
    if (f.found) {
        *out = f.l;
        if (b) *b = f.b;
    }
    return f.found;
}

static bool leaf_present(const leafv *l)
{
    switch (l->type) {
    case GK_FT_TEXT: return ((const gk_text *)l->at)->set;
    case GK_FT_INT: return ((const gk_int *)l->at)->set;
    case GK_FT_BOOL: return ((const gk_flag *)l->at)->set;
    case GK_FT_ENUM: return ((const gk_enum *)l->at)->set;
    case GK_FT_OBJECT: return l->present_obj;
    case GK_FT_LIST: return ((const gk_list *)l->at)->n > 0;
    default: return gk_num_has((const gk_num *)l->at);
    }
}

static const gk_loc *leaf_loc(const leafv *l)
{
    switch (l->type) {
    case GK_FT_TEXT: return &((const gk_text *)l->at)->loc;
    case GK_FT_INT: return &((const gk_int *)l->at)->loc;
    case GK_FT_BOOL: return &((const gk_flag *)l->at)->loc;
    case GK_FT_ENUM: return &((const gk_enum *)l->at)->loc;
    case GK_FT_LIST: return &((const gk_list *)l->at)->loc;
    case GK_FT_OBJECT: return NULL;
    default: return &((const gk_num *)l->at)->loc;
    }
}

/* ---- rules ---- */

typedef enum { F_SUM, F_EQUAL, F_AT_MOST, F_PRODUCT, F_DISPLAY_SUM, F_HIERARCHY, F_ROLLUP } form;
static const char *const form_names[] = {"sum", "equal", "at-most", "product", "display-sum", "hierarchy", "rollup", NULL};
#define FORMS "sum, equal, at-most, product, display-sum, hierarchy, rollup"

typedef struct term { gpath p; bool minus, stated; } term;
#define MAX_TERMS 12
typedef struct expr { term t[MAX_TERMS]; size_t n; bool product; } expr;

/* an operand of a condition: a path (printed or stated value) or a word */
typedef struct operand { gpath p; bool is_path, stated; const char *word; size_t wlen; } operand;
typedef struct atom { bool neg; operand a; int cmp; operand b; } atom; /* cmp: 0 presence, 1 ==, 2 != */
#define MAX_ALTS 4
#define MAX_CONDS 6
typedef struct cond { atom alt[MAX_ALTS]; size_t n; } cond;

enum { REQ_NONE, REQ_EACH, REQ_ANY };

typedef struct rule {
    const char *id, *origin;
    unsigned line;
    form form;
    gpath anchor; /* total (sum, product, display-sum) or left (equal, at-most) */
    expr parts;   /* parts or right */
    cond when[MAX_CONDS];
    size_t nwhen;
    gpath at, missing_at, code_path, overflow_at;
    bool has_at, has_missing_at, has_code_path, has_overflow_at;
    gpath top; /* rollup: receives the sum of the top-level rows */
    bool has_top;
    size_t levels[8], nlevels; /* hierarchy: the code lengths, from the top */
    const char *what, *parts_text, *message, *code, *missing, *missing_code, *overflow;
    int require, places;
    gk_severity severity;
    bool severity_set, bad;
} rule;

typedef struct ev {
    gk_checker *c;
    const char *origin;
    gk_arena arena;   /* the parsed rules, freed after the file */
    gk_arena scratch; /* the messages of one instance, freed after it */
    rule r;
    bool in_rule;
    unsigned key_line[3]; /* where form, total/left and parts/right were given */
} ev;

/* Memory ran out: the check is incomplete, and says so (gk_diags.oom). */
static void out_of_memory(ev *E) { gk_diags_lost(E->c->diags); }

static void bad_rules(ev *E, unsigned line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void bad_rules(ev *E, unsigned line, const char *fmt, ...)
{
    gk_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    gk_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    gk_diag_add(E->c->diags, GK_ERROR, "bad-rules", E->origin, line, 1, "", "%s", gk_buf_str(&msg));
    gk_buf_free(&msg);
    E->r.bad = true;
}

static const char *trim(const char *s, size_t *len)
{
    while (*len && (*s == ' ' || *s == '\t')) s++, (*len)--;
    while (*len && (s[*len - 1] == ' ' || s[*len - 1] == '\t' || s[*len - 1] == '\r')) (*len)--;
    return s;
}

/* A copy of s[0..n) for the rule being read; "" (and the diagnostics marked
 * incomplete) when memory runs out, so a path then simply resolves to
 * nothing. */
static const char *dup(ev *E, const char *s, size_t n)
{
    const char *r = gk_arena_strndup(&E->arena, s, n);
    if (r) return r;
    out_of_memory(E);
    return "";
}

/* "/a/b + /c - /d" or "/a * /b" */
static bool parse_expr(ev *E, unsigned line, const char *key, const char *v, size_t n, expr *x)
{
    char why[256];
    x->n = 0;
    x->product = false;
    bool minus = false;
    size_t i = 0;
    while (i < n) {
        while (i < n && (v[i] == ' ' || v[i] == '\t')) i++;
        if (i >= n) break;
        if (v[i] == '+' || v[i] == '-' || v[i] == '*') {
            if (v[i] == '*' && (i + 1 >= n || v[i + 1] == ' ')) x->product = true;
            if (v[i] == '-') minus = true;
            i++;
            continue;
        }
        bool stated = false;
        if (n - i > 7 && memcmp(v + i, "stated ", 7) == 0) stated = true, i += 7;
        size_t j = i;
        while (j < n && v[j] != ' ' && v[j] != '\t') j++;
        if (x->n == MAX_TERMS) {
            bad_rules(E, line, "[%s] %s: more than %d terms", E->r.id, key, MAX_TERMS);
            return false;
        }
        term *t = &x->t[x->n++];
        t->minus = minus;
        t->stated = stated;
        minus = false;
        if (!parse_path(dup(E, v + i, j - i), j - i, &t->p, why, sizeof why)) {
            bad_rules(E, line, "[%s] %s: the path resolves to nothing: %s", E->r.id, key, why);
            return false;
        }
        if (!is_figure(t->p.leaf)) {
            bad_rules(E, line, "[%s] %s: %.*s is not a figure", E->r.id, key, (int)(j - i), v + i);
            return false;
        }
        i = j;
    }
    if (!x->n) {
        bad_rules(E, line, "[%s] %s: no figure", E->r.id, key);
        return false;
    }
    return true;
}

static bool parse_operand(ev *E, unsigned line, const char *s, size_t n, operand *o)
{
    char why[256];
    memset(o, 0, sizeof *o);
    s = trim(s, &n);
    if (n > 7 && memcmp(s, "stated ", 7) == 0) o->stated = true, s += 7, n -= 7;
    if (n && s[0] == '/') {
        o->is_path = true;
        if (!parse_path(dup(E, s, n), n, &o->p, why, sizeof why)) {
            bad_rules(E, line, "[%s] when: the path resolves to nothing: %s", E->r.id, why);
            return false;
        }
        return true;
    }
    o->word = dup(E, s, n);
    o->wlen = n;
    return n > 0 || (bad_rules(E, line, "[%s] when: an empty condition", E->r.id), false);
}

/* when = A, B | !C, D == false: all of the comma-separated conditions, each
 * true when one of its |-separated alternatives is. */
static bool parse_when(ev *E, unsigned line, const char *v, size_t n)
{
    size_t i = 0;
    while (i <= n) {
        size_t j = i;
        while (j < n && v[j] != ',') j++;
        if (E->r.nwhen == MAX_CONDS) return bad_rules(E, line, "[%s] when: more than %d conditions", E->r.id, MAX_CONDS), false;
        cond *c = &E->r.when[E->r.nwhen++];
        c->n = 0;
        size_t a = i;
        while (a <= j) {
            size_t b = a;
            while (b < j && v[b] != '|') b++;
            if (c->n == MAX_ALTS) return bad_rules(E, line, "[%s] when: more than %d alternatives", E->r.id, MAX_ALTS), false;
            atom *t = &c->alt[c->n++];
            size_t len = b - a;
            const char *s = trim(v + a, &len);
            t->neg = len && s[0] == '!' && !(len > 1 && s[1] == '=');
            if (t->neg) s++, len--;
            const char *op = NULL;
            for (size_t k = 0; k + 1 < len; k++)
                if ((s[k] == '=' || s[k] == '!') && s[k + 1] == '=') { op = s + k; break; }
            t->cmp = !op ? 0 : op[0] == '=' ? 1 : 2;
            if (!parse_operand(E, line, s, op ? (size_t)(op - s) : len, &t->a)) return false;
            if (op && !parse_operand(E, line, op + 2, len - (size_t)(op - s) - 2, &t->b)) return false;
            if (!t->a.is_path) return bad_rules(E, line, "[%s] when: a condition starts with a path", E->r.id), false;
            a = b + 1;
        }
        i = j + 1;
    }
    return true;
}

/* Checks that every {…} of a message names a placeholder or a path. */
static void check_text(ev *E, unsigned line, const char *key, const char *s)
{
    static const char *const words[] = {"left", "right", "total", "computed", NULL};
    for (const char *p = strchr(s, '{'); p; p = strchr(p + 1, '{')) {
        const char *q = strchr(p, '}');
        if (!q) {
            bad_rules(E, line, "[%s] %s: a { without its }", E->r.id, key);
            return;
        }
        size_t n = (size_t)(q - p - 1);
        const char *w = p + 1;
        bool word = false;
        for (size_t k = 0; words[k]; k++) word = word || (strlen(words[k]) == n && memcmp(words[k], w, n) == 0);
        if (word) continue;
        const char *colon = memchr(w, ':', n);
        if (colon) {
            size_t hn = (size_t)(colon - w);
            static const char *const hows[] = {"stated", "line", "place", "path", "count", NULL};
            size_t h = 0;
            while (hows[h] && !(strlen(hows[h]) == hn && memcmp(hows[h], w, hn) == 0)) h++;
            if (!hows[h]) {
                bad_rules(E, line, "[%s] %s: {%.*s…}: stated:, line:, place:, path: or count: may come before a path", E->r.id, key,
                          (int)hn, w);
                continue;
            }
            n -= hn + 1, w = colon + 1;
        }
        gpath gp;
        char why[256];
        if (!parse_path(w, n, &gp, why, sizeof why)) bad_rules(E, line, "[%s] %s: {%.*s} resolves to nothing: %s", E->r.id, key, (int)n, w, why);
    }
}

/* The diagnostic codes a rule may give: a fixed list, so a program reading
 * the diagnostics knows every code (and a diagnostic keeps its code after
 * the rules file is gone: gk_diag_add copies file and path, not the code). */
static const char *const codes[] = {"sum-mismatch", "rounding", "too-large", "unbalanced", "missing-field",
                                    "inconsistent", "hierarchy", NULL};

static const char *known_code(const char *s)
{
    for (size_t k = 0; codes[k]; k++)
        if (strcmp(codes[k], s) == 0) return codes[k];
    return NULL;
}

static void set_key(ev *E, unsigned line, const char *key, const char *v, size_t n)
{
    rule *r = &E->r;
    char why[256];
    const char *s = dup(E, v, n);
    n = strlen(s);
    if (strcmp(key, "form") == 0) {
        size_t k = 0;
        while (form_names[k] && strcmp(form_names[k], s) != 0) k++;
        if (!form_names[k]) bad_rules(E, line, "[%s] form: unknown form \"%s\" (" FORMS ")", r->id, s);
        else r->form = (form)k, E->key_line[0] = line;
    } else if (strcmp(key, "total") == 0 || strcmp(key, "left") == 0) {
        if (!parse_path(s, n, &r->anchor, why, sizeof why)) bad_rules(E, line, "[%s] %s: the path resolves to nothing: %s", r->id, key, why);
        else if (!is_figure(r->anchor.leaf)) bad_rules(E, line, "[%s] %s: %s is not a figure", r->id, key, s);
        else E->key_line[1] = line;
    } else if (strcmp(key, "parts") == 0 || strcmp(key, "right") == 0) {
        if (parse_expr(E, line, key, s, n, &r->parts)) E->key_line[2] = line;
    } else if (strcmp(key, "when") == 0) {
        parse_when(E, line, s, n);
    } else if (strcmp(key, "at") == 0 || strcmp(key, "missing_at") == 0 || strcmp(key, "overflow_at") == 0) {
        gpath *p = key[0] == 'a' ? &r->at : key[0] == 'm' ? &r->missing_at : &r->overflow_at;
        bool *has = key[0] == 'a' ? &r->has_at : key[0] == 'm' ? &r->has_missing_at : &r->has_overflow_at;
        if (!parse_path(s, n, p, why, sizeof why)) bad_rules(E, line, "[%s] %s: the path resolves to nothing: %s", r->id, key, why);
        else *has = true;
    } else if (strcmp(key, "top") == 0) {
        if (!parse_path(s, n, &r->top, why, sizeof why)) bad_rules(E, line, "[%s] %s: the path resolves to nothing: %s", r->id, key, why);
        else if (!is_figure(r->top.leaf)) bad_rules(E, line, "[%s] %s: %s is not a figure", r->id, key, s);
        else r->has_top = true;
    } else if (strcmp(key, "code_of") == 0) {
        if (!parse_path(s, n, &r->code_path, why, sizeof why)) bad_rules(E, line, "[%s] %s: the path resolves to nothing: %s", r->id, key, why);
        else if (r->code_path.leaf != GK_FT_TEXT) bad_rules(E, line, "[%s] %s: %s is not a text", r->id, key, s);
        else r->has_code_path = true;
    } else if (strcmp(key, "levels") == 0) {
        char *end;
        const char *q = s;
        r->nlevels = 0;
        while (*q && r->nlevels < 8) {
            long len = strtol(q, &end, 10);
            if (end == q || len <= 0 || (r->nlevels && (size_t)len <= r->levels[r->nlevels - 1])) {
                bad_rules(E, line, "[%s] levels: \"%s\" is not a rising list of code lengths (3 5 7)", r->id, s);
                break;
            }
            r->levels[r->nlevels++] = (size_t)len;
            q = end;
            while (*q == ' ' || *q == ',') q++;
        }
    } else if (strcmp(key, "code") == 0 || strcmp(key, "missing_code") == 0) {
        const char *code = known_code(s);
        if (!code)
            bad_rules(E, line, "[%s] %s: \"%s\" is not a diagnostic code (sum-mismatch, rounding, too-large, unbalanced, "
                      "missing-field, inconsistent, hierarchy)", r->id, key, s);
        else if (key[0] == 'c') r->code = code;
        else r->missing_code = code;
    } else if (strcmp(key, "require") == 0) {
        if (strcmp(s, "each") == 0) r->require = REQ_EACH;
        else if (strcmp(s, "any") == 0) r->require = REQ_ANY;
        else bad_rules(E, line, "[%s] require: \"%s\" is not each or any", r->id, s);
    } else if (strcmp(key, "severity") == 0) {
        r->severity_set = true;
        if (strcmp(s, "error") == 0) r->severity = GK_ERROR;
        else if (strcmp(s, "warning") == 0) r->severity = GK_WARNING;
        else bad_rules(E, line, "[%s] severity: \"%s\" is not error or warning", r->id, s);
    } else if (strcmp(key, "places") == 0) {
        if (n != 1 || s[0] < '0' || s[0] > '6') bad_rules(E, line, "[%s] places: \"%s\" is not 0 to 6", r->id, s);
        else r->places = s[0] - '0';
    } else {
        static const char *const texts[] = {"what", "parts_text", "message", "missing", "overflow", NULL};
        const char **slot[] = {&r->what, &r->parts_text, &r->message, &r->missing, &r->overflow};
        size_t k = 0;
        while (texts[k] && strcmp(texts[k], key) != 0) k++;
        if (!texts[k]) {
            bad_rules(E, line, "[%s] %s: unknown key", r->id, key);
            return;
        }
        *slot[k] = s;
        check_text(E, line, key, s);
    }
}

/* ---- evaluation ---- */

static bool operand_value(ev *E, const operand *o, const binding *b, bool *present, gk_dec *num, const char **word)
{
    leafv l;
    *present = false;
    *word = NULL;
    if (!first(E->c->m, &o->p, b, &l, NULL)) return true;
    if (is_figure(l.type)) {
        const gk_num *x = l.at;
        *present = o->stated ? x->set && !x->null : gk_num_has(x);
        *num = o->stated ? x->v : gk_num_printed(x);
    } else if (l.type == GK_FT_BOOL) {
        const gk_flag *x = l.at;
        *present = x->set;
        *word = x->v ? "true" : "false";
    } else if (l.type == GK_FT_ENUM) {
        const gk_enum *x = l.at;
        *present = x->set;
        if (x->set) *word = l.f->names[x->v];
    } else if (l.type == GK_FT_TEXT) {
        const gk_text *x = l.at;
        *present = x->set;
        *word = x->s;
    } else *present = leaf_present(&l);
    return true;
}

static bool atom_true(ev *E, const atom *t, const binding *b)
{
    bool pa, pb = false;
    gk_dec na = gk_dec_zero(), nb = gk_dec_zero();
    const char *wa, *wb = NULL;
    operand_value(E, &t->a, b, &pa, &na, &wa);
    bool v;
    if (!t->cmp) v = pa;
    else {
        if (t->b.is_path) operand_value(E, &t->b, b, &pb, &nb, &wb);
        else {
            pb = true;
            wb = t->b.word;
            if (!wa && gk_dec_parse(t->b.word, t->b.wlen, &nb) != GK_DEC_OK) pb = false;
        }
        /* words compare as text, figures as numbers (a word then read as one) */
        bool eq = pa && pb && (wa ? wb && strcmp(wa, wb) == 0 : gk_dec_eq(na, nb));
        v = t->cmp == 1 ? eq : !eq;
    }
    return t->neg ? !v : v;
}

static bool when_true(ev *E, const binding *b)
{
    for (size_t i = 0; i < E->r.nwhen; i++) {
        bool any = false;
        for (size_t k = 0; k < E->r.when[i].n && !any; k++) any = atom_true(E, &E->r.when[i].alt[k], b);
        if (!any) return false;
    }
    return true;
}

/* Interpolates {path}, {stated:path}, {line:path}, {place:path} (a second
 * place named in a message: "line 17", or "资产!C5" for a workbook),
 * {path:path}, {count:path} and the form's {left} {right} {total} {computed}. */
static void interpolate(ev *E, gk_buf *out, const char *s, const binding *b, const gk_dec *vals)
{
    static const char *const words[] = {"left", "right", "total", "computed", NULL};
    if (!s) return;
    for (const char *p = s; *p;) {
        const char *o = strchr(p, '{');
        if (!o) {
            gk_buf_puts(out, p);
            break;
        }
        gk_buf_append(out, p, (size_t)(o - p));
        const char *q = strchr(o, '}');
        size_t n = (size_t)(q - o - 1);
        const char *w = o + 1;
        char buf[GK_DEC_STRLEN];
        size_t k = 0;
        while (words[k] && !(strlen(words[k]) == n && memcmp(words[k], w, n) == 0)) k++;
        if (words[k]) gk_buf_puts(out, gk_dec_format(vals[k], -1, buf));
        else {
            const char *colon = memchr(w, ':', n), *how = "";
            size_t hn = 0;
            if (colon) how = w, hn = (size_t)(colon - w), n -= hn + 1, w = colon + 1;
            gpath gp;
            char why[256];
            leafv l;
            if (parse_path(w, n, &gp, why, sizeof why) && first(E->c->m, &gp, b, &l, NULL)) {
                const gk_loc *loc = leaf_loc(&l);
                if (hn == 4 && memcmp(how, "line", 4) == 0) gk_buf_printf(out, "%u", loc ? loc->line : 0);
                else if (hn == 5 && memcmp(how, "place", 5) == 0) gk_model_put_place(E->c->m, loc, out);
                else if (hn == 4 && memcmp(how, "path", 4) == 0) gk_buf_puts(out, loc && loc->path ? loc->path : "");
                else if (hn == 5 && memcmp(how, "count", 5) == 0)
                    gk_buf_printf(out, "%zu", l.type == GK_FT_LIST ? ((const gk_list *)l.at)->n : 0);
                else if (is_figure(l.type)) {
                    const gk_num *x = l.at;
                    gk_buf_puts(out, gk_dec_format(hn ? x->v : gk_num_printed(x), -1, buf));
                } else if (l.type == GK_FT_TEXT) gk_buf_puts(out, ((const gk_text *)l.at)->set ? ((const gk_text *)l.at)->s : "");
                else if (l.type == GK_FT_INT) gk_buf_printf(out, "%lld", (long long)((const gk_int *)l.at)->v);
            }
        }
        p = q + 1;
    }
}

static const char *text_of(ev *E, const char *s, const binding *b, const gk_dec *vals)
{
    gk_buf t = {0};
    interpolate(E, &t, s, b, vals);
    const char *r = gk_arena_strndup(&E->scratch, gk_buf_str(&t), t.len);
    gk_buf_free(&t);
    if (!r) out_of_memory(E);
    return r ? r : "";
}

static void report(ev *E, gk_severity sev, const gk_loc *at, const char *code, const char *msg)
{
    if (sev == GK_ERROR) gk_check_error(E->c, at, code, "%s", msg);
    else gk_check_warning(E->c, at, code, "%s", msg);
}

static const gk_loc *loc_at(ev *E, const gpath *p, const binding *b, const gk_loc *fallback)
{
    leafv l;
    if (first(E->c->m, p, b, &l, NULL)) {
        const gk_loc *loc = leaf_loc(&l);
        if (loc) return loc;
    }
    return fallback;
}

/* The input path an instance of p names under binding b ("/procurement/
 * units/2/funding/general"), for an overflow of a derived figure, which has
 * no place in the input of its own. */
static const char *concrete_path(ev *E, const gpath *p, const binding *b)
{
    gk_buf out = {0};
    for (size_t k = 0; k < p->n; k++) {
        const step *s = &p->s[k];
        size_t i = 0;
        if (s->kind == ST_FIELD) gk_buf_printf(&out, "/%s", s->f->key);
        else if (s->kind == ST_EACH) {
            if (s->index >= 0) i = (size_t)s->index;
            else bound_index(b, each_key(s->f), &i);
            gk_buf_printf(&out, "/%s/%zu", s->f->key, i + 1);
        } else if (bound_index(b, s->shape, &i)) gk_buf_printf(&out, "/%s", s->shape->fields[i].key);
    }
    const char *r = gk_arena_strndup(&E->scratch, gk_buf_str(&out), out.len);
    gk_buf_free(&out);
    return r ? r : "";
}

typedef struct sum_ctx {
    ev *E;
    const term *t;
    gk_dec acc;
    bool any, missing, rounded, quiet;
    const char *what;      /* names a difference that overflows */
    const gk_loc *total_at; /* the figure the sum makes */
} sum_ctx;

/* Adds (or subtracts) v, the part x of binding b, into S->acc. An overflow
 * is an error naming the figure: adding a part is reported at the part
 * ("adding this figure …"); adding a total an earlier rule computed at
 * `overflow_at` when the rule names one, and when the rule says `overflow =
 * WHAT` as "WHAT: A + B is beyond …" (at the rule's total unless
 * `overflow_at` says where); a difference as
 * "WHAT: A − B is beyond …" at the part subtracted. A derived figure has no
 * place in the input: it is named by its input path. */
static void accumulate(sum_ctx *S, const gk_num *x, gk_dec v, const binding *b)
{
    ev *E = S->E;
    gk_dec r;
    if (gk_dec_is_unknown(S->acc) || gk_dec_is_unknown(v)) {
        S->acc = gk_dec_unknown(); /* reported where it became unknown */
        return;
    }
    if (S->t->minus ? gk_dec_sub(S->acc, v, &r) : gk_dec_add(S->acc, v, &r)) {
        S->acc = r;
        return;
    }
    if (S->quiet) { /* display sums: the exact sum already reported it */
        S->acc = gk_dec_unknown();
        return;
    }
    gk_loc derived = {NULL, 0, 0};
    const gk_loc *at = &x->loc;
    if (x->computed && E->r.has_overflow_at) at = loc_at(E, &E->r.overflow_at, b, at);
    else if (x->computed && E->r.overflow) at = S->total_at;
    if (!at->path || !at->path[0]) derived.path = concrete_path(E, &S->t->p, b), at = &derived;
    if (S->t->minus) gk_check_sub(E->c, at, S->what, S->acc, v, &S->acc);
    else if (E->r.overflow && x->computed) gk_check_add(E->c, at, text_of(E, E->r.overflow, b, NULL), S->acc, v, &S->acc);
    else gk_sum_add(E->c, &S->acc, v, at);
}

static bool add_term(void *ctx, const leafv *l, const binding *b)
{
    sum_ctx *S = ctx;
    ev *E = S->E;
    const gk_num *x = l->at;
    bool has = S->t->stated ? x->set && !x->null : gk_num_has(x);
    if (!has && E->r.require == REQ_EACH && !gk_dec_is_unknown(gk_num_printed(x))) {
        const gk_loc *at = E->r.has_missing_at ? loc_at(E, &E->r.missing_at, b, &x->loc) : &x->loc;
        report(E, GK_ERROR, at, E->r.missing_code ? E->r.missing_code : "missing-field", text_of(E, E->r.missing, b, NULL));
        S->missing = true;
        return false;
    }
    S->any = S->any || has;
    gk_dec v = S->t->stated ? (has ? x->v : x->refused ? gk_dec_unknown() : gk_dec_zero()) : gk_num_printed(x);
    accumulate(S, x, S->rounded ? gk_dec_round(v, 2) : v, b);
    return true;
}

/* The value of parts under binding b: unknown when a part is (an overflow,
 * a missing part: reported once). total_at: the figure the sum makes. */
static gk_dec eval_parts(ev *E, const binding *b, const gk_loc *total_at, bool rounded, bool quiet, bool *any,
                         bool *missing)
{
    sum_ctx S = {E, NULL, gk_dec_zero(), false, false, rounded, quiet, NULL, total_at};
    for (size_t i = 0; i < E->r.parts.n; i++)
        if (E->r.parts.t[i].minus) S.what = text_of(E, E->r.what, b, NULL); /* named by an overflow of a difference */
    for (size_t i = 0; i < E->r.parts.n && !S.missing; i++) {
        S.t = &E->r.parts.t[i];
        each(E->c->m, &S.t->p, b, add_term, &S);
    }
    if (any) *any = S.any;
    if (missing) *missing = S.missing;
    return S.missing ? gk_dec_unknown() : S.acc;
}

static gk_dec term_value(ev *E, const term *t, const binding *b, bool *has)
{
    leafv l;
    *has = false;
    if (!first(E->c->m, &t->p, b, &l, NULL)) return gk_dec_zero();
    const gk_num *x = l.at;
    *has = t->stated ? x->set && !x->null : gk_num_has(x);
    return t->stated ? x->v : gk_num_printed(x);
}

static void run_product(ev *E, gk_num *amount, const binding *b)
{
    bool ha, hb;
    gk_dec a = term_value(E, &E->r.parts.t[0], b, &ha), q = term_value(E, &E->r.parts.t[1], b, &hb);
    if (!gk_num_has(amount) || gk_dec_is_unknown(a) || gk_dec_is_unknown(q)) return;
    gk_dec amt = gk_num_printed(amount), product, diff, slack;
    /* to the displayed precision: the second factor is shown with `places`
     * decimals, so it may be off by half a unit of the last place for each
     * unit of the first; a difference beyond the range is certainly more */
    gk_dec half = {GK_DEC_ONE / 2};
    for (int k = 0; k < E->r.places; k++) half.units /= 10;
    const gk_loc *at = E->r.has_at ? loc_at(E, &E->r.at, b, &amount->loc) : &amount->loc;
    bool known = gk_check_mul(E->c, at, text_of(E, E->r.what, b, NULL), a, q, &product);
    bool far = known && !gk_dec_sub(amt, product, &diff);
    if (known && !far && !gk_dec_mul(a, half, &slack)) far = true;
    if (known && (far || gk_dec_cmp(gk_dec_abs(diff), slack) > 0) &&
        !gk_dec_eq(gk_dec_round(product, E->r.places), gk_dec_round(amt, E->r.places))) {
        gk_dec vals[4] = {a, q, amt, product};
        report(E, E->r.severity, at, E->r.code ? E->r.code : "sum-mismatch", text_of(E, E->r.message, b, vals));
    }
}

/* hierarchy: the children of one row, found by code prefix */
typedef struct tree_ctx {
    ev *E;
    const char *code;
    size_t len, child_len;
    gk_dec sum;
    size_t children;
} tree_ctx;

static bool add_child(void *ctx, const leafv *l, const binding *b)
{
    tree_ctx *T = ctx;
    leafv code;
    if (!first(T->E->c->m, &T->E->r.code_path, b, &code, NULL)) return true;
    const gk_text *t = code.at;
    if (!t->set || t->len != T->child_len || memcmp(t->s, T->code, T->len) != 0) return true;
    const gk_num *x = l->at;
    T->children++;
    gk_sum_add(T->E->c, &T->sum, gk_num_printed(x), &x->loc);
    return true;
}

/* A row whose code has one of the levels' lengths (not the last) equals the
 * sum of the rows whose codes are one level longer and start with its code,
 * when it has any. */
static void run_hierarchy(ev *E, gk_num *n, const binding *b)
{
    leafv code;
    if (!first(E->c->m, &E->r.code_path, b, &code, NULL)) return;
    const gk_text *t = code.at;
    size_t k = 0;
    while (k + 1 < E->r.nlevels && (!t->set || t->len != E->r.levels[k])) k++;
    if (!t->set || k + 1 >= E->r.nlevels) return;
    tree_ctx T = {E, t->s, t->len, E->r.levels[k + 1], gk_dec_zero(), 0};
    binding none = {{{0}}, 0};
    each(E->c->m, &E->r.anchor, &none, add_child, &T);
    if (!T.children || !gk_num_has(n) || gk_dec_is_unknown(T.sum) || gk_dec_eq(gk_num_printed(n), T.sum)) return;
    gk_dec vals[4] = {gk_num_printed(n), T.sum, gk_num_printed(n), T.sum};
    const gk_loc *at = E->r.has_at ? loc_at(E, &E->r.at, b, &n->loc) : &n->loc;
    report(E, E->r.severity, at, E->r.code ? E->r.code : "sum-mismatch", text_of(E, E->r.message, b, vals));
}

/* rollup: the rows of one level computed from the rows one level longer
 * under them, deepest level first, so a 类 adds up 款 that were themselves
 * just added up from their 项. */
typedef struct roll_ctx {
    ev *E;
    const void *row_key; /* the list whose rows are rolled up */
    size_t level;        /* index into levels: the rows computed in this pass */
    const char *code;    /* children: the parent's code */
    size_t len, child_len;
    gk_dec sum, shown;   /* exact, and of the children rounded to 2 places (尾差) */
    size_t children;
} roll_ctx;

/* b without the row's own index: the children share only the other stars
 * (the fund column). */
static binding without_row(const binding *b, const void *row_key)
{
    binding out = {{{0}}, 0};
    for (size_t k = 0; k < b->n; k++)
        if (b->b[k].key != row_key) out.b[out.n++] = b->b[k];
    return out;
}

static const gk_text *code_of(ev *E, const binding *b)
{
    leafv code;
    if (!first(E->c->m, &E->r.code_path, b, &code, NULL)) return NULL;
    const gk_text *t = code.at;
    return t->set ? t : NULL;
}

static bool add_roll_child(void *ctx, const leafv *l, const binding *b)
{
    roll_ctx *R = ctx;
    const gk_text *t = code_of(R->E, b);
    if (!t || t->len != R->child_len || (R->len && memcmp(t->s, R->code, R->len) != 0)) return true;
    const gk_num *x = l->at;
    R->children++;
    gk_sum_add(R->E->c, &R->sum, gk_num_printed(x), &x->loc);
    if (!gk_dec_is_unknown(R->shown) && !gk_dec_add(R->shown, gk_dec_round(gk_num_printed(x), 2), &R->shown))
        R->shown = gk_dec_unknown();
    return true;
}

/* The children of one row (code of length len) at child_len, under the
 * stars of b other than the row's. */
static void roll_children(ev *E, roll_ctx *R, const binding *b, const char *code, size_t len, size_t child_len)
{
    binding others = without_row(b, R->row_key);
    R->code = code, R->len = len, R->child_len = child_len;
    R->sum = gk_dec_zero(), R->shown = gk_dec_zero(), R->children = 0;
    each(E->c->m, &E->r.anchor, &others, add_roll_child, R);
}

/* Displayed children that do not add up to the displayed parent: a 尾差
 * warning naming both (published tables show 326.71 against 326.72). */
static void roll_shown(ev *E, const roll_ctx *R, const gk_num *n, const gk_text *code, const binding *b)
{
    if (gk_dec_is_unknown(R->shown) || gk_dec_is_unknown(R->sum) || gk_dec_eq(R->shown, gk_dec_round(R->sum, 2))) return;
    char a[GK_DEC_STRLEN], t[GK_DEC_STRLEN];
    gk_buf msg = {0};
    interpolate(E, &msg, E->r.what, b, NULL);
    gk_buf_printf(&msg, ": the rows under it as printed add up to %s but it prints as %s (尾差)", gk_dec_format(R->shown, 2, a),
                  gk_dec_format(R->sum, 2, t));
    /* a computed parent has no place of its own: its row's code, its figure's path */
    gk_loc at = n->loc;
    if (!n->set) at = (gk_loc){concrete_path(E, &E->r.anchor, b), code->loc.line, code->loc.col};
    report(E, GK_WARNING, &at, "rounding", gk_buf_str(&msg));
    gk_buf_free(&msg);
}

static bool roll_row(void *ctx, const leafv *l, const binding *b)
{
    roll_ctx *R = ctx;
    ev *E = R->E;
    gk_arena_free(&E->scratch);
    if (!when_true(E, b)) return true;
    const gk_text *t = code_of(E, b);
    if (!t || t->len != E->r.levels[R->level]) return true;
    roll_ctx C = *R;
    roll_children(E, &C, b, t->s, t->len, E->r.levels[R->level + 1]);
    if (!C.children) return true; /* a row without children states its own figures */
    gk_num *n = l->at;
    gk_settle(E->c, n, C.sum, text_of(E, E->r.what, b, NULL), text_of(E, E->r.parts_text, b, NULL));
    roll_shown(E, &C, n, t, b);
    return true;
}

/* top: the sum of the top-level rows, per binding of the other stars. */
static bool roll_top(void *ctx, const leafv *l, const binding *b)
{
    roll_ctx *R = ctx;
    ev *E = R->E;
    gk_arena_free(&E->scratch);
    if (!when_true(E, b)) return true;
    roll_ctx C = *R;
    roll_children(E, &C, b, "", 0, E->r.levels[0]);
    gk_settle(E->c, l->at, C.sum, text_of(E, E->r.what, b, NULL), "the top-level rows");
    return true;
}

static void run_rollup(ev *E)
{
    const void *row_key = NULL;
    for (size_t k = 0; k < E->r.anchor.n && !row_key; k++)
        if (E->r.anchor.s[k].kind == ST_EACH && E->r.anchor.s[k].index < 0) row_key = each_key(E->r.anchor.s[k].f);
    binding none = {{{0}}, 0};
    for (size_t k = E->r.nlevels - 1; k-- > 0;) {
        roll_ctx R = {E, row_key, k, NULL, 0, 0, {0}, {0}, 0};
        each(E->c->m, &E->r.anchor, &none, roll_row, &R);
    }
    if (E->r.has_top) {
        roll_ctx R = {E, row_key, 0, NULL, 0, 0, {0}, {0}, 0};
        each(E->c->m, &E->r.top, &none, roll_top, &R);
    }
}

typedef struct anchor_ctx { ev *E; } anchor_ctx;

static bool run_instance(void *ctx, const leafv *l, const binding *b)
{
    ev *E = ((anchor_ctx *)ctx)->E;
    rule *r = &E->r;
    gk_num *n = l->at;
    gk_arena_free(&E->scratch);
    if (!when_true(E, b)) return true;
    switch (r->form) {
    case F_SUM: {
        bool missing;
        gk_dec sum = eval_parts(E, b, &n->loc, false, false, NULL, &missing);
        gk_settle(E->c, n, sum, text_of(E, r->what, b, NULL), text_of(E, r->parts_text, b, NULL));
        break;
    }
    case F_EQUAL:
    case F_AT_MOST: {
        bool any, missing;
        gk_dec right = eval_parts(E, b, &n->loc, false, false, &any, &missing);
        if (missing) break;
        const gk_loc *at = r->has_at ? loc_at(E, &r->at, b, &n->loc) : &n->loc;
        if (r->require == REQ_ANY && !any) {
            report(E, GK_ERROR, at, r->missing_code ? r->missing_code : "missing-field", text_of(E, r->missing, b, NULL));
            break;
        }
        if (!gk_num_has(n) || gk_dec_is_unknown(right)) break;
        gk_dec left = gk_num_printed(n);
        bool bad = r->form == F_EQUAL ? !gk_dec_eq(left, right) : gk_dec_cmp(left, right) > 0;
        if (!bad) break;
        gk_dec vals[4] = {left, right, left, right};
        report(E, r->severity, at, r->code ? r->code : r->form == F_EQUAL ? "sum-mismatch" : "too-large",
               text_of(E, r->message, b, vals));
        break;
    }
    case F_PRODUCT: run_product(E, n, b); break;
    case F_HIERARCHY: run_hierarchy(E, n, b); break;
    case F_ROLLUP: break; /* run whole by run_rollup */
    case F_DISPLAY_SUM: {
        gk_dec shown = eval_parts(E, b, &n->loc, true, true, NULL, NULL), total = gk_num_printed(n);
        if (!gk_num_has(n) || gk_dec_is_unknown(shown) || gk_dec_eq(gk_dec_round(total, 2), shown)) break;
        char a[GK_DEC_STRLEN], t[GK_DEC_STRLEN];
        gk_buf msg = {0};
        if (r->message) {
            gk_dec vals[4] = {shown, total, total, shown};
            interpolate(E, &msg, r->message, b, vals);
        } else {
            interpolate(E, &msg, r->what, b, NULL);
            gk_buf_printf(&msg, ": the rows as printed add up to %s but the total prints as %s (尾差)", gk_dec_format(shown, 2, a),
                          gk_dec_format(total, 2, t));
        }
        const gk_loc *at = r->has_at ? loc_at(E, &r->at, b, &n->loc) : &n->loc;
        report(E, r->severity, at, r->code ? r->code : "rounding",
               gk_buf_str(&msg));
        gk_buf_free(&msg);
        break;
    }
    }
    return true;
}

/* Which keys each form needs. */
static bool complete(ev *E)
{
    rule *r = &E->r;
    if (r->bad) return false;
    if (!E->key_line[0]) return bad_rules(E, r->line, "[%s] form: missing (" FORMS ")", r->id), false;
    bool left = r->form == F_EQUAL || r->form == F_AT_MOST;
    if (!E->key_line[1]) return bad_rules(E, r->line, "[%s] %s: missing", r->id, left ? "left" : "total"), false;
    if (r->form == F_ROLLUP) {
        if (!r->has_code_path) return bad_rules(E, r->line, "[%s] code_of: missing", r->id), false;
        if (r->nlevels < 2) return bad_rules(E, r->line, "[%s] levels: missing (at least two code lengths)", r->id), false;
        if (!r->what) return bad_rules(E, r->line, "[%s] what: missing (a rollup rule names its rows)", r->id), false;
        return true;
    }
    if (r->form == F_HIERARCHY) {
        if (!r->has_code_path) return bad_rules(E, r->line, "[%s] code_of: missing", r->id), false;
        if (r->nlevels < 2) return bad_rules(E, r->line, "[%s] levels: missing (at least two code lengths)", r->id), false;
        if (!r->message) return bad_rules(E, r->line, "[%s] message: missing (a hierarchy rule states its message)", r->id), false;
        return true;
    }
    if (!E->key_line[2]) return bad_rules(E, r->line, "[%s] %s: missing", r->id, left ? "right" : "parts"), false;
    if (r->form == F_PRODUCT && (r->parts.n != 2 || !r->parts.product))
        return bad_rules(E, E->key_line[2], "[%s] parts: a product is two figures joined by *", r->id), false;
    if (r->form != F_PRODUCT && r->parts.product)
        return bad_rules(E, E->key_line[2], "[%s] parts: only a product multiplies", r->id), false;
    if ((r->form == F_EQUAL || r->form == F_AT_MOST || r->form == F_PRODUCT) && !r->message)
        return bad_rules(E, r->line, "[%s] message: missing (a %s rule states its message)", r->id, form_names[r->form]), false;
    if (r->require && !r->missing) return bad_rules(E, r->line, "[%s] missing: needed with require", r->id), false;
    /* 尾差 is a warning unless the rule says otherwise */
    if (r->form == F_DISPLAY_SUM && !r->severity_set) r->severity = GK_WARNING;
    return true;
}

static void finish(ev *E)
{
    if (!E->in_rule) return;
    E->in_rule = false;
    if (!complete(E)) return;
    if (E->r.form == F_ROLLUP) {
        run_rollup(E);
        return;
    }
    anchor_ctx a = {E};
    binding none = {{{0}}, 0};
    each(E->c->m, &E->r.anchor, &none, run_instance, &a);
}

/* The rules files keep this line parser rather than inih (which reads
 * profile.ini and the fontset), decided on 2026-12-01 against Debian 12's
 * libinih 55, the only one we may link:
 * - its line buffer is fixed when the library is built (INI_MAX_LINE 200
 *   bytes, on the stack): a longer line is cut and its rest read as a line
 *   of its own. Built-in rules already have lines of 299 and 312 bytes
 *   (procurement.rules, assets.rules: Chinese messages are 3 bytes a
 *   character), and a county's message may be longer still;
 * - the handler sees neither malformed lines ("expected key = value …", "a
 *   section is [rule-id]") nor a section without keys
 *   (INI_CALL_HANDLER_ON_NEW_SECTION 0), so those diagnostics, and the
 *   line of a rule, would need a second scan of the same text;
 * - an indented line continues the previous value (INI_ALLOW_MULTILINE),
 *   where a rules file reads it as a line of its own;
 * - it gives no line to the handler (INI_HANDLER_LINENO 0) nor a column,
 *   which a reader callback can recover for lines, but not for the cases
 *   above. Every diagnostic of test_rules and tests/bad keeps its text here. */
void gk_rules_check(gk_checker *c, const char *origin, const char *text)
{
    ev E = {c, origin, {NULL}, {NULL}, {0}, false, {0}};
    unsigned line = 0;
    for (const char *p = text; *p;) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        const char *s = trim(p, &n);
        line++;
        p = eol ? eol + 1 : p + strlen(p);
        if (!n || s[0] == ';' || s[0] == '#') continue;
        if (s[0] == '[') {
            finish(&E);
            const char *close = memchr(s, ']', n);
            memset(&E.r, 0, sizeof E.r);
            memset(E.key_line, 0, sizeof E.key_line);
            E.r.line = line;
            E.r.origin = origin;
            E.r.places = 2;
            E.r.severity = GK_ERROR;
            if (!close || close == s + 1) {
                E.r.id = "?";
                bad_rules(&E, line, "a section is [rule-id]");
                continue;
            }
            E.r.id = dup(&E, s + 1, (size_t)(close - s - 1));
            E.in_rule = true;
            continue;
        }
        const char *eq = memchr(s, '=', n);
        if (!eq) {
            bad_rules(&E, line, "expected key = value or [rule-id], found \"%.*s\"", (int)n, s);
            continue;
        }
        if (!E.in_rule) {
            bad_rules(&E, line, "a key before the first [rule-id]");
            continue;
        }
        size_t kn = (size_t)(eq - s), vn = n - kn - 1;
        const char *k = trim(s, &kn), *v = trim(eq + 1, &vn);
        /* a comment after the value: " ;" */
        for (size_t i = 1; i < vn; i++)
            if (v[i] == ';' && (v[i - 1] == ' ' || v[i - 1] == '\t')) {
                vn = i;
                v = trim(v, &vn);
                break;
            }
        char key[32];
        snprintf(key, sizeof key, "%.*s", (int)(kn < 31 ? kn : 31), k);
        set_key(&E, line, key, v, vn);
    }
    finish(&E);
    gk_arena_free(&E.arena);
    gk_arena_free(&E.scratch);
}

bool gk_model_figure(const gk_model *m, const char *path, gk_dec *out)
{
    gpath p;
    char why[256];
    leafv l;
    binding none = {{{0}}, 0};
    if (!parse_path(path, strlen(path), &p, why, sizeof why) || !is_figure(p.leaf) ||
        !first((gk_model *)m, &p, &none, &l, NULL) || !gk_num_has(l.at))
        return false;
    *out = gk_num_printed(l.at);
    return true;
}
