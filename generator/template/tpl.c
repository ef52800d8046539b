/* Phase 1 of the template language: lexing, parsing and evaluating
 * {{ … }}, {% … %} and {# … #} (templates/README.md). */
#include "tpl.h"
#include "diag.h"
#include "fields.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- syntax tree ---- */

typedef enum { E_PATH, E_STR, E_NUM, E_BOOL, E_NOT, E_AND, E_OR, E_CMP } ekind;
typedef enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE } cmp_op;

typedef struct expr expr;
typedef struct filter {
    const char *name;
    expr *arg;
    unsigned line, col;
    struct filter *next;
} filter;

struct expr {
    ekind kind;
    unsigned line, col;
    union {
        struct { const char **segs; size_t n; } path;
        struct { const char *s; size_t len; } str;
        gk_dec num;
        bool boolean;
        struct { expr *a, *b; cmp_op op; } bin;
    } as;
    filter *filters;
};

typedef enum { N_TEXT, N_EXPR, N_IF, N_FOR, N_INCLUDE } nkind;
typedef struct node node;
struct node {
    nkind kind;
    unsigned line, col;
    node *next;
    union {
        struct { const char *s; size_t len; } text;
        expr *expr;
        struct { expr *cond; node *then, *els; } iff;
        /* for a in x; for a, b in x, y (side by side, to the longer list) */
        struct { const char *var[2]; expr *seq[2]; int n; node *body; } loop;
        const char *include;
    } as;
};

typedef struct parsed {
    const char *name;
    node *body;
    struct parsed *next;
} parsed;

/* ---- the run ---- */

typedef struct val val;

typedef struct scope_var {
    const char *name;
    const void *ptr; /* element */
    const gk_field *field; /* list field the element belongs to */
    size_t index, count;
} scope_var;

typedef struct run {
    const gk_tpl_source *src;
    gk_model *m;
    gk_diags *diags;
    gk_arena arena; /* parse trees */
    parsed *templates;
    gk_tpl_output *out;
    gk_buf line;        /* the output line being built */
    const char *line_tpl;
    unsigned line_src;
    bool line_started;
    scope_var scope[16];
    size_t depth;
    int include_depth;
    bool failed;
    /* the template being parsed */
    const char *tpl;
} run;

static void tpl_error(run *r, const char *tpl, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

void gk_tpl_error(gk_diags *diags, const char *tpl, unsigned line, unsigned col, const char *fmt, va_list ap)
{
    gk_buf msg = {0}, file = {0};
    gk_buf_vprintf(&msg, fmt, ap);
    gk_buf_printf(&file, "template %s", tpl);
    gk_diag_add(diags, GK_ERROR, "template", gk_buf_str(&file), line, col, "", "%s", gk_buf_str(&msg));
    gk_buf_free(&msg);
    gk_buf_free(&file);
}

static void tpl_error(run *r, const char *tpl, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gk_tpl_error(r->diags, tpl, line, col, fmt, ap);
    va_end(ap);
    r->failed = true;
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
    run *r;
    const char *p, *end;
    unsigned line, col; /* position of p */
    tok cur;
} tagscan;

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
    if (t->cur.type == T_END) tpl_error(t->r, t->r->tpl, t->line, t->cur.col, "expected %s, found the end of the tag", what);
    else tpl_error(t->r, t->r->tpl, t->line, t->cur.col, "expected %s, found \"%.*s\"", what, (int)t->cur.len, t->cur.s);
    return false;
}

static char *dup(run *r, const char *s, size_t n) { return gk_arena_strndup(&r->arena, s, n); }

static expr *new_expr(tagscan *t, ekind k)
{
    expr *e = gk_arena_alloc(&t->r->arena, sizeof *e);
    if (e) {
        e->kind = k;
        e->line = t->line;
        e->col = t->cur.col;
    }
    return e;
}

static expr *parse_or(tagscan *t);

static expr *parse_value(tagscan *t);

/* A name, a "text", a number or a parenthesised expression, without filters. */
static expr *parse_atom(tagscan *t)
{
    expr *e = NULL;
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
        next_tok(t);
        e = parse_or(t);
        if (!e) return NULL;
        if (!is(t, ")")) { expect_fail(t, "')'"); return NULL; }
        next_tok(t);
    } else {
        expect_fail(t, "a name, a \"text\" or a number");
    }
    return e;
}

/* An atom followed by its filters. */
static expr *parse_value(tagscan *t)
{
    expr *e = parse_atom(t);
    if (!e) return NULL;
    filter **tail = &e->filters;
    while (*tail) tail = &(*tail)->next; /* (a | f) | g */
    while (is(t, "|")) {
        next_tok(t);
        if (t->cur.type != T_IDENT) { expect_fail(t, "a filter name after '|'"); return NULL; }
        filter *f = gk_arena_alloc(&t->r->arena, sizeof *f);
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

static expr *parse_cmp(tagscan *t)
{
    if (is(t, "not")) {
        expr *e = new_expr(t, E_NOT);
        next_tok(t);
        if (!e || !(e->as.bin.a = parse_cmp(t))) return NULL;
        return e;
    }
    expr *a = parse_value(t);
    if (!a) return NULL;
    static const struct { const char *s; cmp_op op; } ops[] = {
        {"==", OP_EQ}, {"!=", OP_NE}, {"<", OP_LT}, {"<=", OP_LE}, {">", OP_GT}, {">=", OP_GE}};
    for (size_t i = 0; i < 6; i++) {
        if (t->cur.type == T_OP && is(t, ops[i].s)) {
            expr *e = new_expr(t, E_CMP);
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

static expr *parse_and(tagscan *t)
{
    expr *a = parse_cmp(t);
    while (a && is(t, "and")) {
        expr *e = new_expr(t, E_AND);
        next_tok(t);
        if (!e) return NULL;
        e->as.bin.a = a;
        if (!(e->as.bin.b = parse_cmp(t))) return NULL;
        a = e;
    }
    return a;
}

static expr *parse_or(tagscan *t)
{
    expr *a = parse_and(t);
    while (a && is(t, "or")) {
        expr *e = new_expr(t, E_OR);
        next_tok(t);
        if (!e) return NULL;
        e->as.bin.a = a;
        if (!(e->as.bin.b = parse_and(t))) return NULL;
        a = e;
    }
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

static bool add_chunk(run *r, chunks *cs, kkind k, const char *s, size_t len, unsigned line, unsigned col)
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
static bool lex(run *r, const char *text, chunks *cs)
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
                tpl_error(r, r->tpl, lineno, col_at(p, ws), "\"{#\" is not closed; expected \"#}\"");
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
                    tpl_error(r, r->tpl, lineno, col_at(p, t), "\"%.2s\" is not closed on its line; expected \"%s\"", t, close_s);
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
    run *r;
    chunks cs;
    size_t i;
} parser;

/* Column of a statement's keyword, where its block errors point. */
static unsigned kw_col(const chunk *c)
{
    unsigned col = c->col;
    for (size_t i = 0; i < c->len && c->s[i] == ' '; i++) col++;
    return col;
}

static node *new_node(parser *P, nkind k, const chunk *c)
{
    node *n = gk_arena_alloc(&P->r->arena, sizeof *n);
    if (n) {
        n->kind = k;
        n->line = c->line;
        n->col = c->kind == K_STMT ? kw_col(c) : c->col;
    }
    return n;
}

static void scan_init(tagscan *t, run *r, const chunk *c)
{
    t->r = r;
    t->p = c->s;
    t->end = c->s + c->len;
    t->line = c->line;
    t->col = c->col;
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

static node *parse_block(parser *P, const char *const *stops, const chunk **stopped);


static node *parse_if(parser *P, const chunk *c)
{
    tagscan t;
    scan_init(&t, P->r, c);
    next_tok(&t); /* "if" or "elif" */
    node *n = new_node(P, N_IF, c);
    if (!n || !(n->as.iff.cond = parse_or(&t)) || !at_end(&t)) return NULL;
    static const char *const stops[] = {"elif", "else", "endif", NULL};
    const chunk *s;
    n->as.iff.then = parse_block(P, stops, &s);
    if (P->r->failed) return NULL;
    if (!s) {
        tpl_error(P->r, P->r->tpl, c->line, kw_col(c), "this {%% if %%} has no {%% endif %%}");
        return NULL;
    }
    if (keyword(s, "elif")) {
        n->as.iff.els = parse_if(P, s);
    } else if (keyword(s, "else")) {
        static const char *const end[] = {"endif", NULL};
        const chunk *e;
        n->as.iff.els = parse_block(P, end, &e);
        if (!P->r->failed && !e) tpl_error(P->r, P->r->tpl, c->line, kw_col(c), "this {%% if %%} has no {%% endif %%}");
    }
    return P->r->failed ? NULL : n;
}

static node *parse_for(parser *P, const chunk *c)
{
    tagscan t;
    scan_init(&t, P->r, c);
    next_tok(&t); /* "for" */
    node *n = new_node(P, N_FOR, c);
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
    if (!P->r->failed && !s) tpl_error(P->r, P->r->tpl, c->line, kw_col(c), "this {%% for %%} has no {%% endfor %%}");
    return P->r->failed ? NULL : n;
}

static node *parse_include(parser *P, const chunk *c)
{
    tagscan t;
    scan_init(&t, P->r, c);
    next_tok(&t);
    if (t.cur.type != T_STR || t.cur.len < 2) { expect_fail(&t, "a template name in quotes"); return NULL; }
    node *n = new_node(P, N_INCLUDE, c);
    if (!n) return NULL;
    n->as.include = dup(P->r, t.cur.s + 1, t.cur.len - 2);
    next_tok(&t);
    return at_end(&t) ? n : NULL;
}

static node *parse_block(parser *P, const char *const *stops, const chunk **stopped)
{
    node *head = NULL, **tail = &head;
    *stopped = NULL;
    while (P->i < P->cs.n && !P->r->failed) {
        const chunk *c = &P->cs.v[P->i++];
        node *n = NULL;
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
            if (keyword(c, "if")) n = parse_if(P, c);
            else if (keyword(c, "for")) n = parse_for(P, c);
            else if (keyword(c, "include")) n = parse_include(P, c);
            else {
                tagscan t;
                scan_init(&t, P->r, c);
                tpl_error(P->r, P->r->tpl, c->line, t.cur.col,
                          "unexpected \"{%% %.*s %%}\"; expected if, elif, else, endif, for, endfor or include",
                          (int)t.cur.len, t.cur.s);
            }
        }
        if (!n) break;
        *tail = n;
        tail = &n->next;
    }
    return head;
}

static parsed *load_template(run *r, const char *name, unsigned line, unsigned col, const char *from)
{
    for (parsed *p = r->templates; p; p = p->next)
        if (strcmp(p->name, name) == 0) return p;
    const char *origin;
    const char *text = gk_tpl_find(r->src, name, &r->arena, &origin);
    if (!text) {
        if (from) tpl_error(r, from, line, col, "no template named \"%s\"%s%s%s", name, r->src->dir ? " in " : "",
                            r->src->dir ? r->src->dir : "", r->src->dir ? " or built in" : " built in");
        else {
            gk_diag_add(r->diags, GK_ERROR, "template", name, 0, 0, "", "no template named \"%s\"%s%s", name,
                        r->src->dir ? " in " : " built in", r->src->dir ? r->src->dir : "");
            r->failed = true;
        }
        return NULL;
    }
    if (gk_utf8_check((const unsigned char *)text, strlen(text)) != strlen(text)) {
        tpl_error(r, name, 0, 0, "the template is not valid UTF-8");
        return NULL;
    }
    for (const char *q = text; *q; q++) {
        if ((unsigned char)*q < 0x20 && *q != '\n' && *q != '\t' && *q != '\r') {
            tpl_error(r, name, 0, 0, "the template contains a control character");
            return NULL;
        }
    }
    const char *saved = r->tpl;
    r->tpl = gk_arena_strndup(&r->arena, name, strlen(name));
    parser P = {r, {0}, 0};
    parsed *p = NULL;
    if (lex(r, text, &P.cs)) {
        const chunk *stopped;
        node *body = parse_block(&P, NULL, &stopped);
        if (!r->failed) {
            p = gk_arena_alloc(&r->arena, sizeof *p);
            if (p) {
                p->name = r->tpl;
                p->body = body;
                p->next = r->templates;
                r->templates = p;
            }
        }
    }
    r->tpl = saved;
    return p;
}

/* ---- values ---- */

typedef enum { V_NONE, V_TEXT, V_NUM, V_BOOL, V_OBJ, V_LIST } vkind;

struct val {
    vkind k;
    const char *s; /* V_TEXT */
    size_t len;
    gk_dec d;      /* V_NUM */
    bool b;        /* V_BOOL */
    const void *ptr;      /* V_OBJ: the struct; V_LIST: the gk_list */
    const gk_shape *shape; /* V_OBJ */
    const gk_field *field; /* V_LIST: its field */
};

static val none(void) { val v = {0}; return v; }
static val text_val(const char *s, size_t len) { val v = {0}; v.k = V_TEXT; v.s = s; v.len = len; return v; }
static val num_val(gk_dec d) { val v = {0}; v.k = V_NUM; v.d = d; return v; }
static val bool_val(bool b) { val v = {0}; v.k = V_BOOL; v.b = b; return v; }
static val obj_val(const void *p, const gk_shape *s) { val v = {0}; v.k = V_OBJ; v.ptr = p; v.shape = s; return v; }

/* A copy of a formatted string in the run's arena. */
static val text_copy(run *r, const char *s)
{
    char *p = gk_arena_strndup(&r->arena, s, strlen(s));
    return p ? text_val(p, strlen(p)) : none();
}

static size_t elem_size(const gk_field *f)
{
    if (f->elem == GK_FT_OBJECT) return f->shape->size;
    return f->elem == GK_FT_TEXT ? sizeof(gk_text) : sizeof(gk_num);
}

/* The value of a scalar stored at `at` with type `t`. */
static val scalar_val(const void *at, gk_ftype t, const char *const *names)
{
    switch (t) {
    case GK_FT_TEXT: {
        const gk_text *x = at;
        return x->set ? text_val(x->s, x->len) : none();
    }
    case GK_FT_AMOUNT:
    case GK_FT_SIGNED:
    case GK_FT_DECIMAL:
    case GK_FT_PERCENT: {
        const gk_num *x = at;
        return x->set && !x->null ? num_val(x->v) : none();
    }
    case GK_FT_INT: {
        const gk_int *x = at;
        return x->set ? num_val(gk_dec_from_int(x->v)) : none();
    }
    case GK_FT_BOOL: {
        const gk_flag *x = at;
        return x->set ? bool_val(x->v) : none();
    }
    case GK_FT_ENUM: {
        const gk_enum *x = at;
        return x->set ? text_val(names[x->v], strlen(names[x->v])) : none();
    }
    default: return none();
    }
}

static val field_val(const void *obj, const gk_field *f)
{
    const char *at = (const char *)obj + f->off;
    switch (f->type) {
    case GK_FT_OBJECT:
        if (!(f->flags & GK_FF_NOSET) && !*(const bool *)((const char *)obj + f->set_off)) return none();
        return obj_val(at, f->shape);
    case GK_FT_LIST: {
        const gk_list *l = (const gk_list *)at;
        if (!l->set) return none();
        val v = {0};
        v.k = V_LIST;
        v.ptr = l;
        v.field = f;
        return v;
    }
    default: return scalar_val(at, f->type, f->names);
    }
}

static val list_item(const val *list, size_t i)
{
    const gk_list *l = list->ptr;
    const gk_field *f = list->field;
    const char *at = (const char *)l->v + i * elem_size(f);
    if (f->elem == GK_FT_OBJECT) return obj_val(at, f->shape);
    return scalar_val(at, f->elem, f->names);
}

static bool truthy(const val *v)
{
    switch (v->k) {
    case V_NONE: return false;
    case V_TEXT: return v->len > 0;
    case V_BOOL: return v->b;
    case V_LIST: return ((const gk_list *)v->ptr)->n > 0;
    default: return true;
    }
}

static const gk_field *find_field(const gk_shape *s, const char *key)
{
    for (const gk_field *f = s->fields; f->key; f++)
        if (strcmp(f->key, key) == 0) return f;
    return NULL;
}

static val eval(run *r, const expr *e);

static val resolve(run *r, const expr *e)
{
    const char *const *segs = e->as.path.segs;
    size_t n = e->as.path.n, i = 1;
    val v;
    scope_var *var = NULL;
    for (size_t k = r->depth; k-- > 0;)
        if (strcmp(r->scope[k].name, segs[0]) == 0) { var = &r->scope[k]; break; }
    if (var) {
        val list = {0};
        list.k = V_LIST;
        list.field = var->field;
        list.ptr = var->ptr;
        /* in a side-by-side loop the shorter list runs out first */
        v = var->ptr && var->index < ((const gk_list *)var->ptr)->n ? list_item(&list, var->index) : none();
    } else if (strcmp(segs[0], "loop") == 0 && r->depth) {
        scope_var *in = &r->scope[r->depth - 1];
        if (n != 2) goto bad_loop;
        if (strcmp(segs[1], "index") == 0) return num_val(gk_dec_from_int((int64_t)in->index + 1));
        if (strcmp(segs[1], "first") == 0) return bool_val(in->index == 0);
        if (strcmp(segs[1], "last") == 0) return bool_val(in->index + 1 == in->count);
        if (strcmp(segs[1], "count") == 0) return num_val(gk_dec_from_int((int64_t)in->count));
    bad_loop:
        tpl_error(r, r->tpl, e->line, e->col, "loop has index, first, last and count");
        return none();
    } else {
        v = obj_val(&r->m->in, &gk_input_shape);
        i = 0;
    }
    for (; i < n; i++) {
        if (v.k == V_NONE) return none();
        if (v.k == V_LIST) {
            const gk_list *l = v.ptr;
            if (strcmp(segs[i], "count") == 0) { v = num_val(gk_dec_from_int((int64_t)l->n)); continue; }
            char *endp;
            long k = strtol(segs[i], &endp, 10);
            if (*endp || k < 1) {
                tpl_error(r, r->tpl, e->line, e->col, "\"%s\" is a list: expected an index (1, 2, …) or count after it", segs[i - 1]);
                return none();
            }
            if ((size_t)k > l->n) return none();
            v = list_item(&v, (size_t)k - 1);
            continue;
        }
        if (v.k != V_OBJ) {
            tpl_error(r, r->tpl, e->line, e->col, "\"%s\" has no fields (looking for \"%s\")", segs[i - 1 < n ? i - 1 : 0], segs[i]);
            return none();
        }
        const gk_field *f = find_field(v.shape, segs[i]);
        if (!f) {
            gk_buf known = {0};
            for (const gk_field *g = v.shape->fields; g->key; g++) gk_buf_printf(&known, "%s%s", g == v.shape->fields ? "" : ", ", g->key);
            tpl_error(r, r->tpl, e->line, e->col, "%s has no field \"%s\"; it has: %s", v.shape->doc, segs[i], gk_buf_str(&known));
            gk_buf_free(&known);
            return none();
        }
        v = field_val(v.ptr, f);
    }
    return v;
}

/* ---- filters ---- */

static const char *const cn_digit[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

static val filter_apply(run *r, const filter *f, val v)
{
    char buf[GK_DEC_STRLEN + 16];
    const char *name = f->name;
    val arg = f->arg ? eval(r, f->arg) : none();
    bool is_num = v.k == V_NUM;
    if (strcmp(name, "default") == 0) {
        if (!f->arg) goto need_arg;
        return truthy(&v) || v.k == V_NUM ? v : arg;
    }
    if (strcmp(name, "wan") == 0) { /* prose amount: 688.35万元, 0万元 */
        if (v.k == V_NONE) v = num_val(gk_dec_zero());
        if (!is_num && v.k != V_NUM) goto need_num;
        gk_dec_format(v.d, -1, buf);
        strcat(buf, "万元");
        return text_copy(r, buf);
    }
    if (strcmp(name, "amt") == 0 || strcmp(name, "round") == 0 || strcmp(name, "num") == 0) {
        if (v.k == V_NONE) return v;
        if (!is_num) goto need_num;
        int places = strcmp(name, "num") == 0 ? -1 : 2;
        if (arg.k == V_NUM) places = (int)(arg.d.units / GK_DEC_ONE);
        if (strcmp(name, "round") == 0) gk_dec_format(gk_dec_round(v.d, places), -1, buf);
        else gk_dec_format(v.d, places, buf);
        return text_copy(r, buf);
    }
    if (strcmp(name, "pct") == 0) {
        if (v.k == V_NONE) return v;
        if (!is_num) goto need_num;
        gk_dec_format(v.d, -1, buf);
        strcat(buf, "%");
        return text_copy(r, buf);
    }
    if (strcmp(name, "nz") == 0) { /* zero prints as nothing (empty table cells) */
        if (!is_num) return v;
        return gk_dec_is_zero(v.d) ? none() : v;
    }
    if (strcmp(name, "abs") == 0) {
        if (!is_num) return v;
        return num_val(gk_dec_abs(v.d));
    }
    if (strcmp(name, "change") == 0) { /* 增加89.4万元 / 减少1423.5万元 / 持平 */
        if (!is_num) goto need_num;
        if (gk_dec_is_zero(v.d)) return text_copy(r, "持平");
        gk_dec_format(gk_dec_abs(v.d), -1, buf);
        gk_buf b = {0};
        gk_buf_printf(&b, "%s%s万元", gk_dec_is_neg(v.d) ? "减少" : "增加", buf);
        val out = text_copy(r, gk_buf_str(&b));
        gk_buf_free(&b);
        return out;
    }
    if (strcmp(name, "cn") == 0) { /* Chinese numeral 1..99 */
        if (!is_num) goto need_num;
        int64_t n = v.d.units / GK_DEC_ONE;
        if (n < 1 || n > 99) return text_copy(r, gk_dec_format(v.d, -1, buf));
        snprintf(buf, sizeof buf, "%s%s%s", n >= 20 ? cn_digit[n / 10] : "", n >= 10 ? "十" : "", n % 10 ? cn_digit[n % 10] : "");
        return text_copy(r, buf);
    }
    if (strcmp(name, "date") == 0) { /* 2019-12-31 → 2019年12月31日 */
        int y, mo, d;
        if (v.k != V_TEXT || sscanf(v.s, "%d-%d-%d", &y, &mo, &d) != 3) return v;
        snprintf(buf, sizeof buf, "%d年%d月%d日", y, mo, d);
        return text_copy(r, buf);
    }
    if (strcmp(name, "gloss") == 0) { /* the input's definition of this 名词解释 term, if any */
        if (v.k != V_TEXT) goto need_text;
        const gk_list *g = (const gk_list *)&r->m->in.glossary;
        for (size_t i = 0; i < g->n; i++) {
            const gk_glossary_entry *e = &((const gk_glossary_entry *)g->v)[i];
            if (e->term.len == v.len && memcmp(e->term.s, v.s, v.len) == 0) return text_val(e->definition.s, e->definition.len);
        }
        return none();
    }
    if (strcmp(name, "minus") == 0) { /* year arithmetic: year | minus:1 */
        if (!is_num || arg.k != V_NUM) goto need_num;
        gk_dec out;
        gk_dec_sub(v.d, arg.d, &out);
        return num_val(out);
    }
    tpl_error(r, r->tpl, f->line, f->col,
              "unknown filter \"%s\"; filters are wan, amt, num, round, pct, nz, abs, change, cn, date, minus, gloss, default", name);
    return none();
need_arg:
    tpl_error(r, r->tpl, f->line, f->col, "the filter \"%s\" needs an argument (%s:\"…\")", name, name);
    return none();
need_num:
    tpl_error(r, r->tpl, f->line, f->col, "the filter \"%s\" needs a number", name);
    return none();
need_text:
    tpl_error(r, r->tpl, f->line, f->col, "the filter \"%s\" needs text", name);
    return none();
}

static int compare_vals(const val *a, const val *b)
{
    if (a->k == V_NUM && b->k == V_NUM) return gk_dec_cmp(a->d, b->d);
    if (a->k == V_BOOL && b->k == V_BOOL) return (int)a->b - (int)b->b;
    if (a->k == V_TEXT && b->k == V_TEXT) {
        size_t n = a->len < b->len ? a->len : b->len;
        int c = memcmp(a->s, b->s, n);
        return c ? c : (a->len > b->len) - (a->len < b->len);
    }
    return (a->k > b->k) - (a->k < b->k);
}

static val eval(run *r, const expr *e)
{
    val v;
    switch (e->kind) {
    case E_PATH: v = resolve(r, e); break;
    case E_STR: v = text_val(e->as.str.s, e->as.str.len); break;
    case E_NUM: v = num_val(e->as.num); break;
    case E_BOOL: v = bool_val(e->as.boolean); break;
    case E_NOT: { val a = eval(r, e->as.bin.a); return bool_val(!truthy(&a)); }
    case E_AND: { val a = eval(r, e->as.bin.a); if (!truthy(&a)) return a; return eval(r, e->as.bin.b); }
    case E_OR: { val a = eval(r, e->as.bin.a); if (truthy(&a)) return a; return eval(r, e->as.bin.b); }
    case E_CMP: {
        val a = eval(r, e->as.bin.a), b = eval(r, e->as.bin.b);
        int c = compare_vals(&a, &b);
        switch (e->as.bin.op) {
        case OP_EQ: return bool_val(a.k == b.k && c == 0);
        case OP_NE: return bool_val(!(a.k == b.k && c == 0));
        case OP_LT: return bool_val(a.k == b.k && c < 0);
        case OP_LE: return bool_val(a.k == b.k && c <= 0);
        case OP_GT: return bool_val(a.k == b.k && c > 0);
        case OP_GE: return bool_val(a.k == b.k && c >= 0);
        }
        return none();
    }
    default: return none();
    }
    for (const filter *f = e->filters; f && !r->failed; f = f->next) v = filter_apply(r, f, v);
    return v;
}

/* ---- output ---- */

static void begin_line(run *r, unsigned src)
{
    if (!r->line_started) {
        r->line_started = true;
        r->line_tpl = r->tpl;
        r->line_src = src;
    }
}

static void end_line(run *r)
{
    gk_tpl_output *o = r->out;
    if (o->count == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 256;
        gk_tpl_line *v = realloc(o->lines, cap * sizeof *v);
        if (!v) { r->failed = true; return; }
        o->lines = v;
        o->cap = cap;
    }
    gk_tpl_line *l = &o->lines[o->count++];
    l->text = gk_arena_strndup(&o->arena, gk_buf_str(&r->line), r->line.len);
    l->len = r->line.len;
    l->tpl = r->line_tpl ? r->line_tpl : r->tpl;
    l->line = r->line_src;
    gk_buf_truncate(&r->line, 0);
    r->line_started = false;
}

static void emit_val(run *r, const node *n, const val *v)
{
    char buf[GK_DEC_STRLEN];
    begin_line(r, n->line);
    switch (v->k) {
    case V_NONE: return;
    case V_TEXT:
        gk_buf_putc(&r->line, GK_TPL_OPEN);
        gk_buf_append(&r->line, v->s, v->len);
        gk_buf_putc(&r->line, GK_TPL_CLOSE);
        return;
    case V_NUM:
        gk_buf_putc(&r->line, GK_TPL_OPEN);
        gk_buf_puts(&r->line, gk_dec_format(v->d, -1, buf));
        gk_buf_putc(&r->line, GK_TPL_CLOSE);
        return;
    default:
        tpl_error(r, r->tpl, n->line, n->as.expr->col, "this expression is %s and cannot be printed",
                  v->k == V_BOOL ? "true or false" : v->k == V_LIST ? "a list" : "an object");
    }
}

static void exec(run *r, const node *n);

static void exec_list(run *r, const node *n)
{
    for (; n && !r->failed; n = n->next) exec(r, n);
}

static void exec(run *r, const node *n)
{
    switch (n->kind) {
    case N_TEXT:
        for (size_t i = 0; i < n->as.text.len; i++) {
            char c = n->as.text.s[i];
            if (c == '\n') {
                begin_line(r, n->line);
                end_line(r);
            } else if (c != '\r') {
                begin_line(r, n->line);
                gk_buf_putc(&r->line, c);
            }
        }
        break;
    case N_EXPR: {
        val v = eval(r, n->as.expr);
        if (!r->failed) emit_val(r, n, &v);
        break;
    }
    case N_IF: {
        val c = eval(r, n->as.iff.cond);
        if (r->failed) return;
        exec_list(r, truthy(&c) ? n->as.iff.then : n->as.iff.els);
        break;
    }
    case N_FOR: {
        int nv = n->as.loop.n;
        if (r->depth + (size_t)nv > sizeof r->scope / sizeof r->scope[0]) {
            tpl_error(r, r->tpl, n->line, n->col, "loops nested too deep");
            return;
        }
        size_t count = 0;
        scope_var *sv = &r->scope[r->depth];
        for (int k = 0; k < nv; k++) {
            val seq = eval(r, n->as.loop.seq[k]);
            if (r->failed) return;
            if (seq.k != V_LIST && seq.k != V_NONE) {
                tpl_error(r, r->tpl, n->line, n->col, "{%% for %%} needs a list");
                return;
            }
            const gk_list *l = seq.k == V_LIST ? seq.ptr : NULL;
            sv[k].name = n->as.loop.var[k];
            sv[k].ptr = l;
            sv[k].field = seq.field;
            if (l && l->n > count) count = l->n;
        }
        r->depth += (size_t)nv;
        for (size_t i = 0; i < count && !r->failed; i++) {
            for (int k = 0; k < nv; k++) {
                sv[k].index = i;
                sv[k].count = count;
            }
            exec_list(r, n->as.loop.body);
        }
        r->depth -= (size_t)nv;
        break;
    }
    case N_INCLUDE: {
        if (r->include_depth >= 16) {
            tpl_error(r, r->tpl, n->line, n->col, "includes nested more than 16 deep (a template includes itself?)");
            return;
        }
        parsed *p = load_template(r, n->as.include, n->line, n->col, r->tpl);
        if (!p) return;
        const char *saved = r->tpl;
        r->tpl = p->name;
        r->include_depth++;
        exec_list(r, p->body);
        r->include_depth--;
        r->tpl = saved;
        break;
    }
    }
}

gk_status gk_tpl_expand(const gk_tpl_source *src, const char *name, gk_model *m, gk_tpl_output *out, gk_diags *diags)
{
    run r;
    memset(&r, 0, sizeof r);
    r.src = src;
    r.m = m;
    r.diags = diags;
    r.out = out;
    parsed *p = load_template(&r, name, 0, 0, NULL);
    if (p) {
        r.tpl = p->name;
        exec_list(&r, p->body);
        if (r.line_started && !r.failed) end_line(&r);
    }
    /* template names in the output lines point into r.arena: copy them */
    for (size_t i = 0; i < out->count; i++)
        out->lines[i].tpl = gk_arena_strndup(&out->arena, out->lines[i].tpl, strlen(out->lines[i].tpl));
    gk_buf_free(&r.line);
    gk_arena_free(&r.arena);
    return r.failed ? GK_INVALID : GK_OK;
}

void gk_tpl_output_free(gk_tpl_output *out)
{
    free(out->lines);
    gk_arena_free(&out->arena);
    memset(out, 0, sizeof *out);
}

const char *gk_tpl_find(const gk_tpl_source *src, const char *name, gk_arena *arena, const char **origin)
{
    for (const gk_builtin_template *b = src->extra; b && b->name; b++) {
        if (strcmp(b->name, name) == 0) {
            *origin = "in memory";
            return b->text;
        }
    }
    if (src->dir) {
        gk_buf path = {0};
        gk_buf_printf(&path, "%s/%s.tmpl", src->dir, name);
        FILE *f = fopen(gk_buf_str(&path), "rb");
        if (f) {
            gk_buf text = {0};
            char piece[8192];
            size_t n;
            while ((n = fread(piece, 1, sizeof piece, f)) > 0) gk_buf_append(&text, piece, n);
            fclose(f);
            *origin = gk_arena_strndup(arena, gk_buf_str(&path), path.len);
            char *t = gk_arena_strndup(arena, gk_buf_str(&text), text.len);
            gk_buf_free(&text);
            gk_buf_free(&path);
            return t;
        }
        gk_buf_free(&path);
    }
    for (const gk_builtin_template *b = gk_builtin_templates; b->name; b++) {
        if (strcmp(b->name, name) == 0) {
            *origin = "built-in";
            return b->text;
        }
    }
    return NULL;
}
