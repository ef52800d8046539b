/* The template language, first half: lexing a template into chunks of text,
 * {{ expressions }} and {% statements %}, and parsing them into the syntax
 * tree of tpl_internal.h (templates/README.md describes the language). */
#include "diag.h"
#include "tpl_internal.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void gk_tpl_error(gk_diags *diags, const char *tpl, unsigned line, unsigned col, const char *fmt, va_list ap)
{
    gk_buf msg = {0}, file = {0};
    gk_buf_vprintf(&msg, fmt, ap);
    gk_buf_printf(&file, "template %s", tpl);
    gk_diag_add(diags, GK_ERROR, "template", gk_buf_str(&file), line, col, "", "%s", gk_buf_str(&msg));
    gk_buf_free(&msg);
    gk_buf_free(&file);
}

void gk_tpl_fail(tpl_run *r, const char *tpl, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gk_tpl_error(r->diags, tpl, line, col, fmt, ap);
    va_end(ap);
    r->failed = true;
}

/* A template's text follows the input's text policy (gk_cp_judge,
 * schema/README.md), so that what a template writes never brings a code
 * point into a document that an input could not: a character the policy
 * refuses (a control but tab and the line ends, a bidi control, a
 * noncharacter, a stray BOM …) refuses the template, placed at its line
 * and column. What the policy only warns about (private use, unassigned) is
 * the template author's choice and is kept without a word: a warning would
 * repeat for every department of a batch. */
static bool text_chars_ok(tpl_run *r, const char *name, const char *text)
{
    size_t len = strlen(text), i = 0;
    unsigned line = 1, col = 1;
    uint32_t prev = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = gk_utf8_next(text + i, len - i, &cp); /* valid: checked before */
        if (cp == '\n') line++, col = 0;
        else if (cp != '\t' && cp != '\r') {
            gk_cp_verdict d = gk_cp_judge(cp, prev);
            if (d.policy == GK_CP_REFUSE) {
                const char *cpname = gk_cp_name(cp);
                gk_tpl_fail(r, name, line, col, "the template contains %s U+%04X%s%s%s%s", d.what, (unsigned)cp,
                            *cpname ? " (" : "", cpname, *cpname ? ")" : "", d.why);
                return false;
            }
        }
        prev = cp;
        col++;
        i += n;
    }
    return true;
}

/* ---- lexing inside a tag ---- */

typedef enum { T_END, T_IDENT, T_STR, T_NUM, T_OP } ttype;
typedef struct tok {
    ttype type;
    const char *s;
    size_t len;
    unsigned col;
} tok;

typedef struct tagscan {
    tpl_run *r;
    const char *p, *end;
    unsigned line, col; /* position of p */
    tok cur;
    unsigned depth; /* of parentheses, "not"s and and/or chains: bounds the recursion */
} tagscan;

/* How deep expressions and blocks may nest: far beyond any template, and
 * a bound on the parser's and the evaluator's recursion. */
#define GK_TPL_MAX_NEST 64

/* Enters one more level of an expression; false (with an error) past the bound. */
static bool deeper(tagscan *t)
{
    if (++t->depth <= GK_TPL_MAX_NEST) return true;
    gk_tpl_fail(t->r, t->r->tpl, t->line, t->cur.col, "expression nested more than %d deep", GK_TPL_MAX_NEST);
    return false;
}

static void advance(tagscan *t, size_t n)
{
    for (size_t i = 0; i < n; i++, t->p++)
        if ((*t->p & 0xC0) != 0x80) t->col++;
}

static void next_tok(tagscan *t)
{
    while (t->p < t->end && (*t->p == ' ' || *t->p == '\t' || *t->p == '\n')) advance(t, 1);
    tok k = {T_END, t->p, 0, t->col};
    if (t->p >= t->end) { t->cur = k; return; }
    char c = *t->p;
    const char *q = t->p;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
        while (q < t->end && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
                              *q == '_' || *q == '.'))
            q++;
        k.type = T_IDENT;
    } else if ((c >= '0' && c <= '9') || (c == '-' && q + 1 < t->end && q[1] >= '0' && q[1] <= '9')) {
        q++;
        while (q < t->end && ((*q >= '0' && *q <= '9') || *q == '.')) q++;
        k.type = T_NUM;
    } else if (c == '"') {
        q++;
        while (q < t->end && *q != '"') q++;
        k.type = T_STR;
        if (q < t->end) q++;
    } else {
        static const char *const ops[] = {"==", "!=", ">=", "<=", ">", "<", "|", ":", "(", ")", ",", NULL};
        for (size_t i = 0; ops[i]; i++) {
            size_t n = strlen(ops[i]);
            if ((size_t)(t->end - q) >= n && memcmp(q, ops[i], n) == 0) { q += n; k.type = T_OP; break; }
        }
        if (k.type != T_OP) q += 1;
        if (k.type != T_OP) k.type = T_OP; /* an unknown character; the parser rejects it */
    }
    k.len = (size_t)(q - t->p);
    advance(t, k.len);
    t->cur = k;
}

static bool is(const tagscan *t, const char *s)
{
    return t->cur.len == strlen(s) && memcmp(t->cur.s, s, t->cur.len) == 0 &&
           (t->cur.type == T_OP || t->cur.type == T_IDENT);
}

static bool expect_fail(tagscan *t, const char *what)
{
    if (t->cur.type == T_END) gk_tpl_fail(t->r, t->r->tpl, t->line, t->cur.col, "expected %s, found the end of the tag", what);
    else gk_tpl_fail(t->r, t->r->tpl, t->line, t->cur.col, "expected %s, found \"%.*s\"", what, (int)t->cur.len, t->cur.s);
    return false;
}

static char *dup(tpl_run *r, const char *s, size_t n) { return gk_arena_strndup(&r->arena, s, n); }

static tpl_expr *new_expr(tagscan *t, ekind k)
{
    tpl_expr *e = gk_arena_alloc(&t->r->arena, sizeof *e);
    if (e) {
        e->kind = k;
        e->line = t->line;
        e->col = t->cur.col;
    }
    return e;
}

static tpl_expr *parse_or(tagscan *t);

static tpl_expr *parse_value(tagscan *t);

/* A name, a "text", a number or a parenthesised expression, without filters. */
static tpl_expr *parse_atom(tagscan *t)
{
    tpl_expr *e = NULL;
    if (t->cur.type == T_IDENT && (is(t, "true") || is(t, "false"))) {
        e = new_expr(t, E_BOOL);
        if (!e) return NULL;
        e->as.boolean = is(t, "true");
        next_tok(t);
    } else if (t->cur.type == T_IDENT) {
        e = new_expr(t, E_PATH);
        if (!e) return NULL;
        /* split a.b.c into segments */
        size_t n = 1;
        for (size_t i = 0; i < t->cur.len; i++) n += t->cur.s[i] == '.';
        e->as.path.segs = gk_arena_alloc(&t->r->arena, n * sizeof *e->as.path.segs);
        const char *s = t->cur.s, *end = t->cur.s + t->cur.len;
        for (size_t i = 0; i < n; i++) {
            const char *d = memchr(s, '.', (size_t)(end - s));
            if (!d) d = end;
            if (d == s) { expect_fail(t, "a name after '.'"); return NULL; }
            e->as.path.segs[i] = dup(t->r, s, (size_t)(d - s));
            s = d + 1;
        }
        e->as.path.n = n;
        next_tok(t);
    } else if (t->cur.type == T_STR) {
        if (t->cur.len < 2 || t->cur.s[t->cur.len - 1] != '"') { expect_fail(t, "a closing '\"'"); return NULL; }
        e = new_expr(t, E_STR);
        if (!e) return NULL;
        e->as.str.s = dup(t->r, t->cur.s + 1, t->cur.len - 2);
        e->as.str.len = t->cur.len - 2;
        next_tok(t);
    } else if (t->cur.type == T_NUM) {
        e = new_expr(t, E_NUM);
        if (!e) return NULL;
        if (gk_dec_parse(t->cur.s, t->cur.len, &e->as.num) != GK_DEC_OK) { expect_fail(t, "a number"); return NULL; }
        next_tok(t);
    } else if (is(t, "(")) {
        if (!deeper(t)) return NULL;
        next_tok(t);
        e = parse_or(t);
        t->depth--;
        if (!e) return NULL;
        if (!is(t, ")")) { expect_fail(t, "')'"); return NULL; }
        next_tok(t);
    } else {
        expect_fail(t, "a name, a \"text\" or a number");
    }
    return e;
}

/* An atom followed by its filters. */
static tpl_expr *parse_value(tagscan *t)
{
    tpl_expr *e = parse_atom(t);
    if (!e) return NULL;
    tpl_filter **tail = &e->filters;
    while (*tail) tail = &(*tail)->next; /* (a | f) | g */
    while (is(t, "|")) {
        next_tok(t);
        if (t->cur.type != T_IDENT) { expect_fail(t, "a filter name after '|'"); return NULL; }
        tpl_filter *f = gk_arena_alloc(&t->r->arena, sizeof *f);
        if (!f) return NULL;
        f->name = dup(t->r, t->cur.s, t->cur.len);
        f->line = t->line;
        f->col = t->cur.col;
        next_tok(t);
        if (is(t, ":")) {
            next_tok(t);
            if (t->cur.type != T_STR && t->cur.type != T_NUM && t->cur.type != T_IDENT) {
                expect_fail(t, "a \"text\", a number or a name after ':'");
                return NULL;
            }
            f->arg = parse_atom(t);
            if (!f->arg) return NULL;
        }
        *tail = f;
        tail = &f->next;
    }
    return e;
}

static tpl_expr *parse_cmp(tagscan *t)
{
    if (is(t, "not")) {
        if (!deeper(t)) return NULL;
        tpl_expr *e = new_expr(t, E_NOT);
        next_tok(t);
        if (e) e->as.bin.a = parse_cmp(t);
        t->depth--;
        return e && e->as.bin.a ? e : NULL;
    }
    tpl_expr *a = parse_value(t);
    if (!a) return NULL;
    static const struct { const char *s; cmp_op op; } ops[] = {
        {"==", OP_EQ}, {"!=", OP_NE}, {"<", OP_LT}, {"<=", OP_LE}, {">", OP_GT}, {">=", OP_GE}};
    for (size_t i = 0; i < 6; i++) {
        if (t->cur.type == T_OP && is(t, ops[i].s)) {
            tpl_expr *e = new_expr(t, E_CMP);
            next_tok(t);
            if (!e) return NULL;
            e->as.bin.a = a;
            e->as.bin.op = ops[i].op;
            if (!(e->as.bin.b = parse_value(t))) return NULL;
            return e;
        }
    }
    return a;
}

static tpl_expr *parse_and(tagscan *t)
{
    tpl_expr *a = parse_cmp(t);
    unsigned entered = t->depth;
    while (a && is(t, "and")) {
        /* each "and" nests the evaluation one level deeper */
        if (!deeper(t)) return NULL;
        tpl_expr *e = new_expr(t, E_AND);
        next_tok(t);
        if (!e) return NULL;
        e->as.bin.a = a;
        if (!(e->as.bin.b = parse_cmp(t))) return NULL;
        a = e;
    }
    t->depth = entered;
    return a;
}

static tpl_expr *parse_or(tagscan *t)
{
    tpl_expr *a = parse_and(t);
    unsigned entered = t->depth;
    while (a && is(t, "or")) {
        if (!deeper(t)) return NULL;
        tpl_expr *e = new_expr(t, E_OR);
        next_tok(t);
        if (!e) return NULL;
        e->as.bin.a = a;
        if (!(e->as.bin.b = parse_and(t))) return NULL;
        a = e;
    }
    t->depth = entered;
    return a;
}

/* ---- lexing the template ---- */

typedef enum { K_TEXT, K_EXPR, K_STMT } kkind;
typedef struct chunk {
    kkind kind;
    const char *s; /* contents (inside the delimiters for tags) */
    size_t len;
    unsigned line, col; /* of the contents */
} chunk;

typedef struct chunks {
    chunk *v;
    size_t n, cap;
} chunks;

static bool add_chunk(tpl_run *r, chunks *cs, kkind k, const char *s, size_t len, unsigned line, unsigned col)
{
    if (cs->n == cs->cap) {
        size_t cap = cs->cap ? cs->cap * 2 : 256;
        chunk *v = gk_arena_alloc(&r->arena, cap * sizeof *v);
        if (!v) return false;
        if (cs->n) memcpy(v, cs->v, cs->n * sizeof *v);
        cs->v = v;
        cs->cap = cap;
    }
    chunk c = {k, s, len, line, col};
    cs->v[cs->n++] = c;
    return true;
}

static unsigned col_at(const char *line, const char *p)
{
    return (unsigned)gk_utf8_count((const unsigned char *)line, (size_t)(p - line)) + 1;
}

/* A line that holds one {% %} or {# #} tag and white space only. */
static bool standalone(const char *s, const char *end, const char **open, const char **close)
{
    while (s < end && (*s == ' ' || *s == '\t')) s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) end--;
    if (end - s < 4 || s[0] != '{' || (s[1] != '%' && s[1] != '#')) return false;
    if (end[-1] != '}' || end[-2] != s[1]) return false;
    for (const char *q = s + 2; q < end - 2; q++)
        if (q[0] == '{' && (q[1] == '%' || q[1] == '#' || q[1] == '{')) return false;
    *open = s;
    *close = end;
    return true;
}

/* Splits a template into chunks, line by line. Tags must fit on one line. */
static bool lex(tpl_run *r, const char *text, chunks *cs)
{
    unsigned lineno = 0;
    const char *p = text, *end = text + strlen(text);
    while (p < end) {
        lineno++;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *o, *c;
        const char *ws = p;
        while (ws < le && (*ws == ' ' || *ws == '\t')) ws++;
        if (le - ws >= 2 && ws[0] == '{' && ws[1] == '#') {
            /* a comment standing alone may span lines */
            const char *close = strstr(ws + 2, "#}");
            if (!close) {
                gk_tpl_fail(r, r->tpl, lineno, col_at(p, ws), "\"{#\" is not closed; expected \"#}\"");
                return false;
            }
            const char *after = close + 2;
            while (*after == ' ' || *after == '\t' || *after == '\r') after++;
            if (*after == '\n' || !*after) {
                for (const char *k = le; k < close; k++) lineno += *k == '\n';
                p = *after ? after + 1 : after;
                continue;
            }
        }
        if (standalone(p, le, &o, &c)) {
            if (o[1] == '%' && !add_chunk(r, cs, K_STMT, o + 2, (size_t)(c - 2 - (o + 2)), lineno, col_at(p, o + 2)))
                return false;
        } else {
            const char *q = p;
            while (q < le) {
                const char *t = q;
                while (t < le && !(t[0] == '{' && t + 1 < le && (t[1] == '{' || t[1] == '%' || t[1] == '#'))) t++;
                if (t > q && !add_chunk(r, cs, K_TEXT, q, (size_t)(t - q), lineno, col_at(p, q))) return false;
                if (t >= le) break;
                char kind = t[1];
                const char close_s[3] = {kind == '{' ? '}' : kind, '}', '\0'};
                const char *b = t + 2, *e = b;
                while (e + 1 < le && !(e[0] == close_s[0] && e[1] == '}')) e++;
                if (e + 1 >= le) {
                    gk_tpl_fail(r, r->tpl, lineno, col_at(p, t), "\"%.2s\" is not closed on its line; expected \"%s\"", t, close_s);
                    return false;
                }
                if (kind != '#' && !add_chunk(r, cs, kind == '{' ? K_EXPR : K_STMT, b, (size_t)(e - b), lineno, col_at(p, b)))
                    return false;
                q = e + 2;
            }
            /* a line ending in a backslash continues on the next one */
            bool joined = le > p && le[-1] == '\\' && cs->n && cs->v[cs->n - 1].kind == K_TEXT &&
                          cs->v[cs->n - 1].s + cs->v[cs->n - 1].len == le;
            if (joined) cs->v[cs->n - 1].len--;
            else if (nl && !add_chunk(r, cs, K_TEXT, "\n", 1, lineno, col_at(p, le))) return false;
        }
        p = nl ? nl + 1 : end;
    }
    return true;
}

/* ---- parsing ---- */

typedef struct parser {
    tpl_run *r;
    chunks cs;
    size_t i;
    unsigned depth; /* of blocks: if (each elif one more), for */
    int kind;       /* declared by {% document KIND %}, or -1 */
    unsigned kind_line;
} parser;

/* Column of a statement's keyword, where its block errors point. */
static unsigned kw_col(const chunk *c)
{
    unsigned col = c->col;
    for (size_t i = 0; i < c->len && c->s[i] == ' '; i++) col++;
    return col;
}

static tpl_node *new_node(parser *P, nkind k, const chunk *c)
{
    tpl_node *n = gk_arena_alloc(&P->r->arena, sizeof *n);
    if (n) {
        n->kind = k;
        n->line = c->line;
        n->col = c->kind == K_STMT ? kw_col(c) : c->col;
    }
    return n;
}

static void scan_init(tagscan *t, tpl_run *r, const chunk *c)
{
    t->r = r;
    t->p = c->s;
    t->end = c->s + c->len;
    t->line = c->line;
    t->col = c->col;
    t->depth = 0;
    next_tok(t);
}

static bool at_end(tagscan *t)
{
    if (t->cur.type == T_END) return true;
    return expect_fail(t, "the end of the tag");
}

/* The keyword of a statement chunk ("if", "endfor", …). */
static bool keyword(const chunk *c, const char *kw)
{
    const char *s = c->s, *end = c->s + c->len;
    while (s < end && *s == ' ') s++;
    size_t n = strlen(kw);
    return (size_t)(end - s) >= n && memcmp(s, kw, n) == 0 && (s + n == end || s[n] == ' ');
}

static tpl_node *parse_block(parser *P, const char *const *stops, const chunk **stopped);

/* parse(P, c) one block level deeper; NULL (with an error) past the bound. */
static tpl_node *nested(parser *P, const chunk *c, tpl_node *(*parse)(parser *, const chunk *))
{
    if (P->depth >= GK_TPL_MAX_NEST) {
        gk_tpl_fail(P->r, P->r->tpl, c->line, kw_col(c), "blocks nested more than %d deep (each elif counts as one)",
                    GK_TPL_MAX_NEST);
        return NULL;
    }
    P->depth++;
    tpl_node *n = parse(P, c);
    P->depth--;
    return n;
}


static tpl_node *parse_if(parser *P, const chunk *c)
{
    tagscan t;
    scan_init(&t, P->r, c);
    next_tok(&t); /* "if" or "elif" */
    tpl_node *n = new_node(P, N_IF, c);
    if (!n || !(n->as.iff.cond = parse_or(&t)) || !at_end(&t)) return NULL;
    static const char *const stops[] = {"elif", "else", "endif", NULL};
    const chunk *s;
    n->as.iff.then = parse_block(P, stops, &s);
    if (P->r->failed) return NULL;
    if (!s) {
        gk_tpl_fail(P->r, P->r->tpl, c->line, kw_col(c), "this {%% if %%} has no {%% endif %%}");
        return NULL;
    }
    if (keyword(s, "elif")) {
        n->as.iff.els = nested(P, s, parse_if);
    } else if (keyword(s, "else")) {
        static const char *const end[] = {"endif", NULL};
        const chunk *e;
        n->as.iff.els = parse_block(P, end, &e);
        if (!P->r->failed && !e) gk_tpl_fail(P->r, P->r->tpl, c->line, kw_col(c), "this {%% if %%} has no {%% endif %%}");
    }
    return P->r->failed ? NULL : n;
}

static tpl_node *parse_for(parser *P, const chunk *c)
{
    tagscan t;
    scan_init(&t, P->r, c);
    next_tok(&t); /* "for" */
    tpl_node *n = new_node(P, N_FOR, c);
    if (!n) return NULL;
    for (;;) {
        if (t.cur.type != T_IDENT || memchr(t.cur.s, '.', t.cur.len)) { expect_fail(&t, "a loop variable name"); return NULL; }
        n->as.loop.var[n->as.loop.n++] = dup(P->r, t.cur.s, t.cur.len);
        next_tok(&t);
        if (!is(&t, ",") || n->as.loop.n == 2) break;
        next_tok(&t);
    }
    if (!is(&t, "in")) { expect_fail(&t, n->as.loop.n == 2 ? "\"in\"" : "\"in\" or \",\""); return NULL; }
    next_tok(&t);
    for (int k = 0; k < n->as.loop.n; k++) {
        if (k) {
            if (!is(&t, ",")) { expect_fail(&t, "\",\" and a second list"); return NULL; }
            next_tok(&t);
        }
        if (!(n->as.loop.seq[k] = parse_value(&t))) return NULL;
    }
    if (!at_end(&t)) return NULL;
    static const char *const stops[] = {"endfor", NULL};
    const chunk *s;
    n->as.loop.body = parse_block(P, stops, &s);
    if (!P->r->failed && !s) gk_tpl_fail(P->r, P->r->tpl, c->line, kw_col(c), "this {%% for %%} has no {%% endfor %%}");
    return P->r->failed ? NULL : n;
}

/* Names a {% set %} or a "with" may not bind: the words of the language,
 * and the roots it reads otherwise (loop, profile). */
static bool bindable(tagscan *t)
{
    static const char *const reserved[] = {"loop", "profile", "true", "false", "not", "and", "or", "in", "with", NULL};
    if (t->cur.type != T_IDENT || memchr(t->cur.s, '.', t->cur.len)) return expect_fail(t, "a name to bind (letters, digits, '_')");
    for (size_t i = 0; reserved[i]; i++)
        if (is(t, reserved[i])) {
            gk_tpl_fail(t->r, t->r->tpl, t->line, t->cur.col, "\"%s\" is a word of the template language and cannot be bound",
                        reserved[i]);
            return false;
        }
    return true;
}

/* NAME = expression */
static tpl_binding *parse_binding(tagscan *t)
{
    if (!bindable(t)) return NULL;
    tpl_binding *b = gk_arena_alloc(&t->r->arena, sizeof *b);
    if (!b) return NULL;
    b->name = dup(t->r, t->cur.s, t->cur.len);
    next_tok(t);
    if (!is(t, "=")) { expect_fail(t, "'=' after the name"); return NULL; }
    next_tok(t);
    return (b->expr = parse_or(t)) ? b : NULL;
}

/* {% include "name" %} or {% include "name" with a=x, b="y" %} */
static tpl_node *parse_include(parser *P, const chunk *c)
{
    tagscan t;
    scan_init(&t, P->r, c);
    next_tok(&t);
    if (t.cur.type != T_STR || t.cur.len < 2) { expect_fail(&t, "a template name in quotes"); return NULL; }
    tpl_node *n = new_node(P, N_INCLUDE, c);
    if (!n) return NULL;
    n->as.include.name = dup(P->r, t.cur.s + 1, t.cur.len - 2);
    next_tok(&t);
    if (is(&t, "with")) {
        tpl_binding **tail = &n->as.include.with;
        do {
            next_tok(&t);
            tpl_binding *b = parse_binding(&t);
            if (!b) return NULL;
            for (tpl_binding *o = n->as.include.with; o; o = o->next)
                if (strcmp(o->name, b->name) == 0) {
                    gk_tpl_fail(P->r, P->r->tpl, c->line, kw_col(c), "{%% include %%} binds \"%s\" twice", b->name);
                    return NULL;
                }
            *tail = b;
            tail = &b->next;
        } while (is(&t, ","));
    }
    if (t.cur.type != T_END) return expect_fail(&t, n->as.include.with ? "',' and another name = value, or the end of the tag" : "\"with\" or the end of the tag"), NULL;
    return n;
}

/* {% set name = expression %} */
static tpl_node *parse_set(parser *P, const chunk *c)
{
    tagscan t;
    scan_init(&t, P->r, c);
    next_tok(&t); /* "set" */
    tpl_node *n = new_node(P, N_SET, c);
    if (!n || !(n->as.set = parse_binding(&t)) || !at_end(&t)) return NULL;
    return n;
}

/* {% document KIND %}: which document kind the template writes, one of the
 * kinds of the input's "document" field (gk_doc_kind_names). Once, at the
 * top level; it writes nothing. */
static void parse_document(parser *P, const chunk *c)
{
    tagscan t;
    scan_init(&t, P->r, c);
    unsigned col = t.cur.col;
    next_tok(&t);
    if (P->depth > 0 || P->kind >= 0) {
        gk_tpl_fail(P->r, P->r->tpl, c->line, col, P->kind >= 0 ? "a second {%% document %%}; a template writes one kind"
                                                                 : "{%% document %%} stands at the top of a template, "
                                                                   "outside if and for");
        return;
    }
    /* A kind is named like a template (budget-tables): the word goes on
     * through '-', which an expression would read as a minus sign. */
    if (t.cur.type == T_IDENT) {
        const char *q = t.cur.s + t.cur.len;
        while (q < t.end && (*q == '-' || *q == '_' || (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
                             (*q >= '0' && *q <= '9')))
            q++;
        advance(&t, (size_t)(q - (t.cur.s + t.cur.len)));
        t.cur.len = (size_t)(q - t.cur.s);
    }
    gk_buf kinds = {0};
    int kind = -1;
    for (int k = 0; gk_doc_kind_names[k]; k++) {
        gk_buf_printf(&kinds, "%s%s", k ? ", " : "", gk_doc_kind_names[k]);
        if (t.cur.type == T_IDENT && is(&t, gk_doc_kind_names[k])) kind = k;
    }
    if (kind < 0) expect_fail(&t, gk_buf_str(&kinds));
    gk_buf_free(&kinds);
    if (kind < 0) return;
    next_tok(&t);
    if (!at_end(&t)) return;
    P->kind = kind;
    P->kind_line = c->line;
}

static tpl_node *parse_block(parser *P, const char *const *stops, const chunk **stopped)
{
    tpl_node *head = NULL, **tail = &head;
    *stopped = NULL;
    while (P->i < P->cs.n && !P->r->failed) {
        const chunk *c = &P->cs.v[P->i++];
        tpl_node *n = NULL;
        if (c->kind == K_TEXT) {
            n = new_node(P, N_TEXT, c);
            if (n) { n->as.text.s = c->s; n->as.text.len = c->len; }
        } else if (c->kind == K_EXPR) {
            tagscan t;
            scan_init(&t, P->r, c);
            n = new_node(P, N_EXPR, c);
            if (n && (!(n->as.expr = parse_or(&t)) || !at_end(&t))) n = NULL;
        } else {
            for (size_t k = 0; stops && stops[k]; k++) {
                if (keyword(c, stops[k])) {
                    *stopped = c;
                    if (strcmp(stops[k], "else") == 0 || strncmp(stops[k], "end", 3) == 0) {
                        tagscan t;
                        scan_init(&t, P->r, c);
                        next_tok(&t);
                        at_end(&t);
                    }
                    return head;
                }
            }
            if (keyword(c, "if")) n = nested(P, c, parse_if);
            else if (keyword(c, "for")) n = nested(P, c, parse_for);
            else if (keyword(c, "include")) n = parse_include(P, c);
            else if (keyword(c, "set")) n = parse_set(P, c);
            else if (keyword(c, "document")) {
                parse_document(P, c);
                if (P->r->failed) break;
                continue;
            } else {
                tagscan t;
                scan_init(&t, P->r, c);
                gk_tpl_fail(P->r, P->r->tpl, c->line, t.cur.col,
                          "unexpected \"{%% %.*s %%}\"; expected if, elif, else, endif, for, endfor, include, set or document",
                          (int)t.cur.len, t.cur.s);
            }
        }
        if (!n) break;
        *tail = n;
        tail = &n->next;
    }
    return head;
}

tpl_parsed *gk_tpl_load(tpl_run *r, const char *name, unsigned line, unsigned col, const char *from)
{
    for (tpl_parsed *p = r->templates; p; p = p->next)
        if (strcmp(p->name, name) == 0) return p;
    const char *origin, *text, *why;
    gk_status st = gk_tpl_find(r->src, name, &r->arena, &text, &origin, &why);
    if (st != GK_OK) {
        /* an include is placed at its tag; the top template at its file */
        if (from && !gk_tpl_name_ok(name))
            gk_tpl_fail(r, from, line, col,
                        "{%% include \"%s\" %%} does not name a template: %s (templates are looked up only inside "
                        "their folder)", name, why);
        else if (from)
            gk_tpl_fail(r, from, line, col, "{%% include \"%s\" %%} cannot be read: %s: %s", name, origin, why);
        else {
            gk_diag_add(r->diags, GK_ERROR, st == GK_IO ? "io" : "template", gk_tpl_name_ok(name) ? origin : name, 0, 0, "",
                        "cannot read the template \"%s\": %s", name, why);
            r->failed = true;
        }
        if (st == GK_IO || st == GK_NOMEM) r->status = st;
        return NULL;
    }
    if (!text) {
        if (from) gk_tpl_fail(r, from, line, col, "no template named \"%s\"%s%s%s", name, r->src->dir ? " in " : "",
                            r->src->dir ? r->src->dir : "", r->src->dir ? " or built in" : " built in");
        else {
            gk_diag_add(r->diags, GK_ERROR, "template", name, 0, 0, "", "no template named \"%s\"%s%s", name,
                        r->src->dir ? " in " : " built in", r->src->dir ? r->src->dir : "");
            r->failed = true;
        }
        return NULL;
    }
    if (gk_utf8_check((const unsigned char *)text, strlen(text)) != strlen(text)) {
        gk_tpl_fail(r, name, 0, 0, "the template is not valid UTF-8");
        return NULL;
    }
    if (memcmp(text, "\xEF\xBB\xBF", 3) == 0) text += 3; /* a byte-order mark, as Notepad saves: not text */
    if (!text_chars_ok(r, name, text)) return NULL;
    const char *saved = r->tpl;
    r->tpl = gk_arena_strndup(&r->arena, name, strlen(name));
    parser P = {r, {0}, 0, 0, -1, 0};
    tpl_parsed *p = NULL;
    if (lex(r, text, &P.cs)) {
        const chunk *stopped;
        tpl_node *body = parse_block(&P, NULL, &stopped);
        if (!r->failed) {
            p = gk_arena_alloc(&r->arena, sizeof *p);
            if (p) {
                p->name = r->tpl;
                p->origin = origin;
                p->kind = P.kind;
                p->kind_line = P.kind_line;
                p->body = body;
                p->next = r->templates;
                r->templates = p;
            }
        }
    }
    r->tpl = saved;
    return p;
}
