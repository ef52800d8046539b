/* The JSON reader: yajl's event parser builds the value tree.
 *
 * yajl hands numbers over as their literal text (the number callback), which
 * is what exact decimals need, and it never builds a tree of its own. It does
 * not report where a token starts, so positions are recovered from the bytes
 * it has consumed: a token starts at the first byte after the previous token
 * that is not white space, ',' or ':'.
 *
 * Every diagnostic names the input path of the value it is about
 * ("/projects/3/name"), taken from the stack of open containers, as the
 * loader's diagnostics do.
 */
#include "buf.h"
#include "diag.h"
#include "pos.h"
#include "utf8.h"
#include "value.h"

#include <stdint.h>
#include <string.h>
#include <yajl_parse.h>

typedef struct frame {
    gk_value *value;
    const char *key;         /* the last member key (objects) */
    unsigned kline, kcol;
    bool pending;            /* the key still waits for its value */
    bool discard;            /* the pending key was a duplicate */
} frame;

typedef struct reader {
    const char *name;
    const char *text;
    size_t len;
    gk_arena *arena;
    gk_diags *diags;
    yajl_handle yajl;
    gk_cursor cur;
    size_t prev_end;
    frame stack[GK_MAX_DEPTH + 1];
    unsigned depth;
    gk_value *root;
    bool failed; /* stopped by us; the diagnostic is already written */
} reader;

/* Line and column of the token the current callback reports. */
static void token_start(reader *r, unsigned *line, unsigned *col)
{
    size_t end = yajl_get_bytes_consumed(r->yajl);
    size_t i = r->prev_end;
    while (i < end) {
        char c = r->text[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ':') i++;
        else break;
    }
    gk_cursor_seek(&r->cur, i);
    *line = r->cur.line;
    *col = r->cur.col;
    r->prev_end = end;
}

/* Appends to `b` the input path of the value the innermost open container
 * is about to receive (its pending key, or its next item), or of that
 * container itself when `container` is true or no key is pending. */
static void path_of(const reader *r, bool container, gk_buf *b)
{
    for (unsigned k = 0; k < r->depth; k++) {
        const frame *f = &r->stack[k];
        bool last = k + 1 == r->depth;
        if (last && container) break;
        if (f->value->type == GK_V_ARRAY) {
            /* an outer array's open item is its last; the innermost one's is the next */
            size_t n = f->value->as.array.count + (last ? 1 : 0);
            if (n > 0) gk_buf_printf(b, "/%zu", n);
        } else if (f->key && (f->pending || !last)) {
            gk_buf_printf(b, "/%s", f->key);
        }
    }
}

/* Records an error about the value the innermost container is receiving
 * (or the container itself) and stops the parse. */
static int stop_at(reader *r, bool container, unsigned line, unsigned col, const char *code, const char *msg)
{
    gk_buf path = {0};
    path_of(r, container, &path);
    gk_diag_add(r->diags, GK_ERROR, code, r->name, line, col, gk_buf_str(&path), "%s", msg);
    gk_buf_free(&path);
    r->failed = true;
    return 0;
}

static int stop(reader *r, unsigned line, unsigned col, const char *code, const char *msg)
{
    return stop_at(r, false, line, col, code, msg);
}

static int add(reader *r, gk_value *v)
{
    if (!v) return stop(r, v ? v->line : 0, 0, "nomem", "out of memory");
    if (r->depth == 0) {
        if (r->root) return stop(r, v->line, v->col, "json-syntax", "more than one value at the top level");
        r->root = v;
        return 1;
    }
    frame *f = &r->stack[r->depth - 1];
    gk_value *parent = f->value;
    if (parent->type == GK_V_ARRAY) {
        if (parent->as.array.count >= GK_MAX_ITEMS)
            return stop_at(r, true, v->line, v->col, "too-large", "array has more than 10000 items");
        return gk_value_push(r->arena, parent, v) ? 1 : stop(r, v->line, v->col, "nomem", "out of memory");
    }
    f->pending = false;
    if (f->discard) { f->discard = false; return 1; }
    if (parent->as.object.count >= GK_MAX_ITEMS)
        return stop_at(r, true, v->line, v->col, "too-large", "object has more than 10000 members");
    if (!gk_value_set(r->arena, parent, f->key, f->kline, f->kcol, v))
        return stop(r, v->line, v->col, "nomem", "out of memory");
    return 1;
}

static gk_value *scalar(reader *r, gk_vtype t)
{
    unsigned line, col;
    token_start(r, &line, &col);
    return gk_value_new(r->arena, t, line, col);
}

static int on_null(void *ctx) { reader *r = ctx; return add(r, scalar(r, GK_V_NULL)); }

static int on_bool(void *ctx, int b)
{
    reader *r = ctx;
    gk_value *v = scalar(r, GK_V_BOOL);
    if (v) v->as.boolean = b != 0;
    return add(r, v);
}

static int text_value(reader *r, gk_vtype t, const char *s, size_t len)
{
    gk_value *v = scalar(r, t);
    if (!v) return add(r, v);
    if (len > GK_MAX_TEXT) return stop(r, v->line, v->col, "too-large", "text longer than 64 KiB");
    v->as.str.s = gk_arena_strndup(r->arena, s, len);
    v->as.str.len = len;
    if (!v->as.str.s) return stop(r, v->line, v->col, "nomem", "out of memory");
    return add(r, v);
}

static int on_number(void *ctx, const char *s, size_t len) { return text_value(ctx, GK_V_NUMBER, s, len); }

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
    return text_value(ctx, GK_V_STRING, (const char *)s, len);
}

static int open(reader *r, gk_vtype t)
{
    gk_value *v = scalar(r, t);
    if (v && r->depth >= GK_MAX_DEPTH) return stop(r, v->line, v->col, "too-large", "nesting deeper than 32 levels");
    if (!add(r, v)) return 0;
    frame *f = &r->stack[r->depth++];
    memset(f, 0, sizeof *f);
    f->value = v;
    return 1;
}

static int close_(void *ctx)
{
    reader *r = ctx;
    r->prev_end = yajl_get_bytes_consumed(r->yajl);
    r->depth--;
    return 1;
}

static int on_start_map(void *ctx) { return open(ctx, GK_V_OBJECT); }
static int on_start_array(void *ctx) { return open(ctx, GK_V_ARRAY); }

static int on_key(void *ctx, const unsigned char *s, size_t len)
{
    reader *r = ctx;
    frame *f = &r->stack[r->depth - 1];
    token_start(r, &f->kline, &f->kcol);
    f->pending = false;
    if (len > 256) return stop_at(r, true, f->kline, f->kcol, "too-large", "member name longer than 256 bytes");
    f->key = gk_arena_strndup(r->arena, (const char *)s, len);
    if (!f->key) return stop(r, f->kline, f->kcol, "nomem", "out of memory");
    f->pending = true;
    f->discard = false;
    if (memchr(s, '\0', len) == NULL && gk_value_get(f->value, f->key)) {
        const gk_member *first = gk_value_get(f->value, f->key);
        gk_buf path = {0};
        path_of(r, false, &path);
        gk_diag_add(r->diags, GK_ERROR, "duplicate-key", r->name, f->kline, f->kcol, gk_buf_str(&path),
                    "duplicate member \"%s\" (first at line %u); the first one is used", f->key, first->line);
        gk_buf_free(&path);
        f->discard = true;
    }
    return 1;
}

static const yajl_callbacks callbacks = {
    on_null, on_bool, NULL, NULL, on_number, on_string,
    on_start_map, on_key, close_, on_start_array, close_,
};

/* The input path of the value that holds byte `off` of a text that is
 * well-formed up to there: the text before it is parsed again, into a
 * scratch tree, and the stack of open containers names the place. */
static void path_at(const char *data, size_t off, gk_buf *out)
{
    gk_arena scratch = {0};
    gk_diags ignored = {0};
    reader r = {0};
    r.name = "";
    r.text = data;
    r.len = off;
    r.arena = &scratch;
    r.diags = &ignored;
    gk_cursor_init(&r.cur, data);
    r.yajl = yajl_alloc(&callbacks, NULL, &r);
    if (r.yajl) {
        /* an incomplete text is fine: the parse simply stops where it is */
        if (yajl_parse(r.yajl, (const unsigned char *)data, off) == yajl_status_ok && !r.failed)
            path_of(&r, false, out);
        yajl_free(r.yajl);
    }
    gk_diags_clear(&ignored);
    gk_arena_free(&scratch);
}

gk_value *gk_json_read(const char *name, const char *data, size_t len, gk_arena *arena, gk_diags *diags)
{
    if (!gk_input_precheck(name, &data, &len, path_at, diags)) return NULL;
    size_t blank = 0;
    while (blank < len && (data[blank] == ' ' || data[blank] == '\t' || data[blank] == '\r' || data[blank] == '\n'))
        blank++;
    if (blank == len) {
        gk_diag_add(diags, GK_ERROR, "json-syntax", name, 1, 1, "",
                    "the file is empty; expected a JSON object ({ … })");
        return NULL;
    }
    reader r = {0};
    r.name = name;
    r.text = data;
    r.len = len;
    r.arena = arena;
    r.diags = diags;
    gk_cursor_init(&r.cur, data);
    r.yajl = yajl_alloc(&callbacks, NULL, &r);
    if (!r.yajl) {
        gk_diag_add(diags, GK_ERROR, "nomem", name, 0, 0, "", "out of memory");
        return NULL;
    }
    yajl_status st = yajl_parse(r.yajl, (const unsigned char *)data, len);
    bool at_end = false;
    if (st == yajl_status_ok) {
        st = yajl_complete_parse(r.yajl);
        at_end = true; /* an error now means the text ended too early */
    }
    if (st != yajl_status_ok && !r.failed) {
        /* yajl has consumed the offending byte: the error is one before */
        size_t at = yajl_get_bytes_consumed(r.yajl);
        if (at_end || at > len) at = len;
        else if (at > 0) at--;
        unsigned char *msg = yajl_get_error(r.yajl, 0, (const unsigned char *)data, len);
        for (size_t k = msg ? strlen((char *)msg) : 0; k > 0 && (msg[k - 1] == '\n' || msg[k - 1] == ' '); k--)
            msg[k - 1] = '\0';
        gk_cursor c;
        gk_cursor_init(&c, data);
        gk_cursor_seek(&c, at);
        gk_buf path = {0};
        path_of(&r, false, &path);
        gk_diag_add(diags, GK_ERROR, "json-syntax", name, c.line, c.col, gk_buf_str(&path), "invalid JSON: %s",
                    msg ? (const char *)msg : "syntax error");
        gk_buf_free(&path);
        if (msg) yajl_free_error(r.yajl, msg);
        r.failed = true;
    }
    yajl_free(r.yajl);
    if (r.failed) return NULL;
    if (!r.root || r.root->type != GK_V_OBJECT) {
        gk_diag_add(diags, GK_ERROR, "json-syntax", name, r.root ? r.root->line : 1, r.root ? r.root->col : 1, "",
                    "the input must be a JSON object ({ … })");
        return NULL;
    }
    return r.root;
}
