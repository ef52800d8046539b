/* The template language, second half: evaluating the syntax tree against
 * the model (values are read through the field tables, so templates use the
 * input's own names) into lines of markup for compose.c. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "diag.h"
#include "fields.h"
#include "node.h"
#include "tpl_internal.h"

#include "file.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static val none(void) { val v = {0}; return v; }
static val text_val(const char *s, size_t len) { val v = {0}; v.k = V_TEXT; v.s = s; v.len = len; return v; }
static val fig_val(gk_dec d, gk_fig_kind fk, int places)
{
    val v = {0};
    v.k = V_NUM;
    v.d = d;
    v.fk = fk;
    v.places = places;
    return v;
}
static val num_val(gk_dec d) { return fig_val(d, GK_FIG_NUMBER, -1); }
static val count_val(int64_t n) { return fig_val(gk_dec_from_int(n), GK_FIG_COUNT, 0); }
static val bool_val(bool b) { val v = {0}; v.k = V_BOOL; v.b = b; return v; }
static val obj_val(const void *p, const gk_shape *s) { val v = {0}; v.k = V_OBJ; v.ptr = p; v.shape = s; return v; }

/* A copy of a formatted string in the run's arena. */
static val text_copy(tpl_run *r, const char *s)
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
        return gk_num_has(x) ? num_val(gk_num_printed(x)) : none();
    }
    case GK_FT_INT: {
        const gk_int *x = at;
        return x->set ? count_val(x->v) : none();
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

/* How much evaluation one expansion may do: 10 million steps take half a
 * second to a few seconds in the ASan build. The samples take 1 000 to 5 000
 * steps, and the largest valid input (10 000 projects of 8 indicators, 11 MiB,
 * through the goals template) 2.0 million; loops nested over long lists —
 * even with empty bodies, which write nothing and so never meet the output
 * bound — or includes that fan out would otherwise run for hours. */
#define GK_TPL_MAX_STEPS 10000000u

/* Counts `steps` steps of work at (line, col); false (with an error there,
 * once) past GK_TPL_MAX_STEPS. */
static bool charge(tpl_run *r, size_t steps, unsigned line, unsigned col)
{
    r->steps += steps;
    if (r->steps <= GK_TPL_MAX_STEPS) return true;
    if (!r->failed)
        gk_tpl_fail(r, r->tpl, line, col,
                    "the template does more than %u steps of work here: loops nested over long lists?",
                    GK_TPL_MAX_STEPS);
    return false;
}

static bool step(tpl_run *r, unsigned line, unsigned col) { return charge(r, 1, line, col); }

/* Work that scans text counts a step per 256 bytes: "among" over a word
 * list of megabytes in nested loops is as slow as as many loop rounds. */
#define GK_TPL_BYTES_PER_STEP 256

static val eval(tpl_run *r, const tpl_expr *e);

static val resolve(tpl_run *r, const tpl_expr *e)
{
    const char *const *segs = e->as.path.segs;
    size_t n = e->as.path.n, i = 1;
    val v;
    tpl_scope_var *var = NULL;
    size_t var_k = 0;
    for (size_t k = r->depth; k-- > 0;)
        if (strcmp(r->scope[k].name, segs[0]) == 0) { var = &r->scope[k]; var_k = k; break; }
    const tpl_set_var *set = NULL;
    for (size_t k = r->nsets; k-- > 0;)
        if (strcmp(r->sets[k].name, segs[0]) == 0) { set = &r->sets[k]; break; }
    /* the innermost binding wins: a loop variable bound after the set shadows it */
    if (set && var && var_k >= set->depth) set = NULL;
    if (set) {
        v = set->v;
    } else if (var) {
        val list = {0};
        list.k = V_LIST;
        list.field = var->field;
        list.ptr = var->ptr;
        /* in a side-by-side loop the shorter list runs out first */
        v = var->ptr && var->index < ((const gk_list *)var->ptr)->n ? list_item(&list, var->index) : none();
    } else if (strcmp(segs[0], "loop") == 0 && r->depth) {
        tpl_scope_var *in = &r->scope[r->depth - 1];
        if (n != 2) goto bad_loop;
        if (strcmp(segs[1], "index") == 0) return count_val((int64_t)in->index + 1);
        if (strcmp(segs[1], "first") == 0) return bool_val(in->index == 0);
        if (strcmp(segs[1], "last") == 0) return bool_val(in->index + 1 == in->count);
        if (strcmp(segs[1], "count") == 0) return count_val((int64_t)in->count);
    bad_loop:
        gk_tpl_fail(r, r->tpl, e->line, e->col, "loop has index, first, last and count");
        return none();
    } else if (strcmp(segs[0], "profile") == 0) {
        /* the county's wording (profile.c): text, or true/false */
        const tpl_profile_value *pv = n == 3 ? gk_tpl_profile_get(r, segs[1], segs[2]) : NULL;
        if (!pv) {
            gk_buf k = {0};
            bool has_section = false;
            for (size_t j = 0; n >= 2 && j < r->nprofile; j++) has_section |= strcmp(r->profile[j].section, segs[1]) == 0;
            gk_tpl_profile_known(r, has_section ? segs[1] : NULL, &k);
            if (n != 3) gk_tpl_fail(r, r->tpl, e->line, e->col, "a profile value is named profile.SECTION.KEY; the sections are %s", gk_buf_str(&k));
            else if (has_section) gk_tpl_fail(r, r->tpl, e->line, e->col, "the profile has no key \"%s\" in [%s]; its keys are %s", segs[2], segs[1], gk_buf_str(&k));
            else gk_tpl_fail(r, r->tpl, e->line, e->col, "the profile has no section [%s]; the sections are %s", segs[1], gk_buf_str(&k));
            gk_buf_free(&k);
            return none();
        }
        if (strcmp(pv->value, "true") == 0 || strcmp(pv->value, "false") == 0) return bool_val(pv->value[0] == 't');
        return text_val(pv->value, strlen(pv->value));
    } else {
        v = obj_val(&r->m->in, &gk_input_shape);
        i = 0;
    }
    for (; i < n; i++) {
        if (v.k == V_NONE) return none();
        if (v.k == V_LIST) {
            const gk_list *l = v.ptr;
            if (strcmp(segs[i], "count") == 0) { v = count_val((int64_t)l->n); continue; }
            char *endp;
            long k = strtol(segs[i], &endp, 10);
            if (*endp || k < 1) {
                gk_tpl_fail(r, r->tpl, e->line, e->col, "\"%s\" is a list: expected an index (1, 2, …) or count after it", segs[i - 1]);
                return none();
            }
            if ((size_t)k > l->n) return none();
            v = list_item(&v, (size_t)k - 1);
            continue;
        }
        if (v.k != V_OBJ) {
            gk_tpl_fail(r, r->tpl, e->line, e->col, "\"%s\" has no fields (looking for \"%s\")", segs[i - 1 < n ? i - 1 : 0], segs[i]);
            return none();
        }
        const gk_field *f = find_field(v.shape, segs[i]);
        if (!f) {
            gk_buf known = {0};
            for (const gk_field *g = v.shape->fields; g->key; g++) gk_buf_printf(&known, "%s%s", g == v.shape->fields ? "" : ", ", g->key);
            gk_tpl_fail(r, r->tpl, e->line, e->col, "%s has no field \"%s\"; it has: %s", v.shape->doc, segs[i], gk_buf_str(&known));
            gk_buf_free(&known);
            return none();
        }
        v = field_val(v.ptr, f);
    }
    return v;
}

/* ---- filters ---- */

static const char *const cn_digit[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

static val filter_apply(tpl_run *r, const tpl_filter *f, val v)
{
    char buf[GK_DEC_STRLEN + 16];
    const char *name = f->name;
    val arg = f->arg ? eval(r, f->arg) : none();
    bool is_num = v.k == V_NUM;
    if (strcmp(name, "default") == 0) {
        if (!f->arg) goto need_arg;
        return truthy(&v) || v.k == V_NUM ? v : arg;
    }
    /* The number filters give a figure its display form; the value stays
     * exact, and the renderers format it (gk_figure_format). */
    if (strcmp(name, "wan") == 0) { /* prose amount: 688.35万元, 0万元 */
        if (v.k == V_NONE) v = num_val(gk_dec_zero());
        if (!is_num && v.k != V_NUM) goto need_num;
        return fig_val(v.d, GK_FIG_WAN, -1);
    }
    if (strcmp(name, "amt") == 0 || strcmp(name, "round") == 0 || strcmp(name, "num") == 0) {
        if (v.k == V_NONE) return v;
        if (!is_num) goto need_num;
        int places = strcmp(name, "num") == 0 ? -1 : 2;
        if (arg.k == V_NUM) places = (int)(arg.d.units / GK_DEC_ONE);
        if (places < -1 || places > GK_DEC_PLACES) {
            gk_tpl_fail(r, r->tpl, f->line, f->col, "the filter \"%s\" takes 0 to %d places", name, GK_DEC_PLACES);
            return none();
        }
        if (strcmp(name, "round") == 0) return num_val(gk_dec_round(v.d, places));
        return fig_val(v.d, strcmp(name, "amt") == 0 ? GK_FIG_AMOUNT : GK_FIG_NUMBER, places);
    }
    if (strcmp(name, "pct") == 0) {
        if (v.k == V_NONE) return v;
        if (!is_num) goto need_num;
        return fig_val(v.d, GK_FIG_PERCENT, v.fk == GK_FIG_WAN ? -1 : v.places);
    }
    if (strcmp(name, "nz") == 0) { /* zero prints as nothing (empty table cells); nz:c only when c holds */
        if (!is_num || (f->arg && !truthy(&arg))) return v;
        return gk_dec_is_zero(v.d) ? none() : v;
    }
    if (strcmp(name, "abs") == 0) {
        if (!is_num) return v;
        return fig_val(gk_dec_abs(v.d), v.fk, v.places);
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
    if (strcmp(name, "among") == 0) { /* is the text one of the comma-separated words? */
        if (arg.k != V_TEXT) goto need_arg;
        if (v.k != V_TEXT) return bool_val(false);
        if (!charge(r, arg.len / GK_TPL_BYTES_PER_STEP, f->line, f->col)) return none();
        for (const char *w = arg.s, *end = arg.s + arg.len; w <= end;) {
            const char *comma = memchr(w, ',', (size_t)(end - w));
            if (!comma) comma = end;
            if ((size_t)(comma - w) == v.len && memcmp(w, v.s, v.len) == 0) return bool_val(true);
            w = comma + 1;
        }
        return bool_val(false);
    }
    if (strcmp(name, "len") == 0) { /* characters of a text: a code's length gives its level (类 3, 款 5, 项 7) */
        if (v.k == V_NONE) return count_val(0);
        if (v.k != V_TEXT) goto need_text;
        int64_t n = 0;
        for (size_t i = 0; i < v.len; i++) n += ((unsigned char)v.s[i] & 0xC0) != 0x80;
        return count_val(n);
    }
    if (strcmp(name, "minus") == 0) { /* year arithmetic: year | minus:1 */
        if (!is_num || arg.k != V_NUM) goto need_num;
        gk_dec out;
        if (!gk_dec_sub(v.d, arg.d, &out)) {
            gk_tpl_fail(r, r->tpl, f->line, f->col, "the filter \"minus\" goes out of range");
            return none();
        }
        return num_val(out);
    }
    gk_tpl_fail(r, r->tpl, f->line, f->col,
              "unknown filter \"%s\"; filters are wan, amt, num, round, pct, nz, abs, change, cn, date, minus, len, gloss, among, default", name);
    return none();
need_arg:
    gk_tpl_fail(r, r->tpl, f->line, f->col, "the filter \"%s\" needs an argument (%s:\"…\")", name, name);
    return none();
need_num:
    gk_tpl_fail(r, r->tpl, f->line, f->col, "the filter \"%s\" needs a number", name);
    return none();
need_text:
    gk_tpl_fail(r, r->tpl, f->line, f->col, "the filter \"%s\" needs text", name);
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

static val eval(tpl_run *r, const tpl_expr *e)
{
    val v;
    if (!step(r, e->line, e->col)) return none();
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
        if (a.k == V_TEXT && b.k == V_TEXT &&
            !charge(r, (a.len < b.len ? a.len : b.len) / GK_TPL_BYTES_PER_STEP, e->line, e->col))
            return none();
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
    for (const tpl_filter *f = e->filters; f && !r->failed; f = f->next)
        if (step(r, f->line, f->col)) v = filter_apply(r, f, v);
    return v;
}

/* ---- output ---- */

static void begin_line(tpl_run *r, unsigned src)
{
    if (!r->line_started) {
        r->line_started = true;
        r->line_tpl = r->tpl;
        r->line_src = src;
    }
}

static void end_line(tpl_run *r)
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
    r->out_bytes += r->line.len;
    gk_buf_truncate(&r->line, 0);
    r->line_started = false;
}

static void emit_val(tpl_run *r, const tpl_node *n, const val *v)
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
    case V_NUM: /* OPEN FIGURE kind places value CLOSE (tpl.h) */
        gk_buf_putc(&r->line, GK_TPL_OPEN);
        gk_buf_putc(&r->line, GK_TPL_FIGURE);
        gk_buf_putc(&r->line, (char)('0' + v->fk));
        gk_buf_putc(&r->line, (char)('0' + v->places + 1));
        gk_buf_puts(&r->line, gk_dec_format(v->d, -1, buf));
        gk_buf_putc(&r->line, GK_TPL_CLOSE);
        return;
    default:
        gk_tpl_fail(r, r->tpl, n->line, n->as.expr->col, "this expression is %s and cannot be printed",
                  v->k == V_BOOL ? "true or false" : v->k == V_LIST ? "a list" : "an object");
    }
}

static void exec(tpl_run *r, const tpl_node *n);

static void exec_list(tpl_run *r, const tpl_node *n)
{
    for (; n && !r->failed; n = n->next) exec(r, n);
}

/* What one expansion may write: far beyond any document (the largest
 * valid input, 10 000 projects of 8 indicators, expands to 150 000 lines
 * and 10 MiB), and a bound on loops nested over long lists, whose
 * documents would otherwise take gigabytes to build. */
#define GK_TPL_MAX_LINES 1000000u
#define GK_TPL_MAX_BYTES (64u * 1024 * 1024)

static void exec(tpl_run *r, const tpl_node *n)
{
    if (!step(r, n->line, n->col)) return;
    if (r->out->count > GK_TPL_MAX_LINES || r->out_bytes + r->line.len > GK_TPL_MAX_BYTES) {
        gk_tpl_fail(r, r->tpl, n->line, n->col,
                    "the template writes more than %u lines or 64 MiB: a loop inside a loop over long lists?",
                    GK_TPL_MAX_LINES);
        return;
    }
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
            gk_tpl_fail(r, r->tpl, n->line, n->col, "loops nested too deep");
            return;
        }
        size_t count = 0;
        tpl_scope_var *sv = &r->scope[r->depth];
        for (int k = 0; k < nv; k++) {
            val seq = eval(r, n->as.loop.seq[k]);
            if (r->failed) return;
            if (seq.k != V_LIST && seq.k != V_NONE) {
                gk_tpl_fail(r, r->tpl, n->line, n->col, "{%% for %%} needs a list");
                return;
            }
            const gk_list *l = seq.k == V_LIST ? seq.ptr : NULL;
            sv[k].name = n->as.loop.var[k];
            sv[k].ptr = l;
            sv[k].field = seq.field;
            if (l && l->n > count) count = l->n;
        }
        r->depth += (size_t)nv;
        /* each round is a scope of its own: a name it sets first is gone in
         * the next (a name set before the loop it changes, for good) */
        size_t nsets = r->nsets;
        for (size_t i = 0; i < count && !r->failed && step(r, n->line, n->col); i++) {
            for (int k = 0; k < nv; k++) {
                sv[k].index = i;
                sv[k].count = count;
            }
            exec_list(r, n->as.loop.body);
            r->nsets = nsets;
        }
        r->depth -= (size_t)nv;
        break;
    }
    case N_INCLUDE: {
        if (r->include_depth >= 16) {
            gk_tpl_fail(r, r->tpl, n->line, n->col, "includes nested more than 16 deep (a template includes itself?)");
            return;
        }
        tpl_parsed *p = gk_tpl_load(r, n->as.include.name, n->line, n->col, r->tpl);
        if (!p) return;
        if (p->kind >= 0 && p->kind != r->m->in.document.v) {
            gk_tpl_fail(r, r->tpl, n->line, n->col, "{%% include \"%s\" %%} is a whole %s document (%s, line %u); "
                        "this input is a %s document", p->name, gk_doc_kind_names[p->kind], p->origin, p->kind_line,
                        gk_doc_kind_names[r->m->in.document.v]);
            return;
        }
        /* the parameters are evaluated where the include stands, then bound
         * in the included template's own scope */
        size_t base = r->sets_base, nsets = r->nsets, nargs = 0;
        for (const tpl_binding *b = n->as.include.with; b && !r->failed; b = b->next) {
            if (nsets + nargs >= GK_TPL_MAX_SETS) {
                gk_tpl_fail(r, r->tpl, n->line, n->col, "more than %d names bound at once", GK_TPL_MAX_SETS);
                return;
            }
            /* past r->nsets: not visible to the parameters after it */
            tpl_set_var *sv = &r->sets[nsets + nargs++];
            sv->name = b->name;
            sv->v = eval(r, b->expr);
            sv->depth = r->depth;
        }
        if (r->failed) return;
        r->sets_base = nsets;
        r->nsets = nsets + nargs;
        const char *saved = r->tpl;
        r->tpl = p->name;
        r->include_depth++;
        exec_list(r, p->body);
        r->include_depth--;
        r->tpl = saved;
        r->nsets = nsets;
        r->sets_base = base;
        break;
    }
    case N_SET: {
        const tpl_binding *b = n->as.set;
        val v = eval(r, b->expr);
        if (r->failed) return;
        /* a name this template has set already (here or outside the loop
         * this stands in) changes; a new one is bound in the current scope */
        for (size_t k = r->nsets; k-- > r->sets_base;)
            if (strcmp(r->sets[k].name, b->name) == 0) {
                r->sets[k].v = v;
                return;
            }
        if (r->nsets >= GK_TPL_MAX_SETS) {
            gk_tpl_fail(r, r->tpl, n->line, n->col, "more than %d names bound at once", GK_TPL_MAX_SETS);
            return;
        }
        tpl_set_var *sv = &r->sets[r->nsets++];
        sv->name = b->name;
        sv->v = v;
        sv->depth = r->depth;
        break;
    }
    }
}

/* The kind of document the top template `p` writes: the one it declares,
 * else the kind it is named after. A template of another kind than the
 * input's, or of none (a part-* piece, a file without {% document %}), is an
 * error placed at the input's field that chose the template. Templates
 * handed in memory are the caller's own and are taken as they are. */
static bool kind_fits(tpl_run *r, const tpl_parsed *p)
{
    const gk_input *in = &r->m->in;
    int want = in->document.v, kind = p->kind;
    for (int k = 0; kind < 0 && gk_doc_kind_names[k]; k++)
        if (strcmp(gk_doc_kind_names[k], p->name) == 0) kind = k;
    if (kind == want || (kind < 0 && strcmp(p->origin, "in memory") == 0)) return true;
    /* who chose it: the input's "template", else its "document", else the caller (--template, a batch manifest) */
    bool by_field = in->template_name.set && strcmp(in->template_name.s, p->name) == 0;
    bool by_kind = !by_field && (strcmp(gk_doc_kind_names[want], p->name) == 0 || r->src->kind);
    const gk_loc *at = by_field ? &in->template_name.loc : &in->document.loc;
    const char *chooser = by_field ? "its \"template\" names it"
                        : by_kind  ? "its \"document\" chose it"
                                   : "--template or a batch manifest's template column names it";
    /* a profile chose it for the kind: the profile is what to fix, so the
     * message names its folder, file, line and key */
    gk_buf by_profile = {0};
    if (!by_field && by_kind && r->chosen_by) {
        const tpl_profile_value *pv = r->chosen_by;
        gk_buf_printf(&by_profile, "the profile %s chose it for %s documents (profile.templates.%s = %s, %s:%u)",
                      r->src->dir, pv->key, pv->key, pv->value, pv->file, pv->line);
        chooser = gk_buf_str(&by_profile);
    }
    gk_buf where = {0};
    if (p->kind >= 0) gk_buf_printf(&where, "%s, line %u", p->origin, p->kind_line);
    else gk_buf_puts(&where, p->origin);
    if (kind >= 0)
        gk_diag_add(r->diags, GK_ERROR, "template-kind", r->m->file, at->line, at->col, at->path,
                    "the template \"%s\" writes %s documents (%s), but this input is a %s document; %s",
                    p->name, gk_doc_kind_names[kind], gk_buf_str(&where), gk_doc_kind_names[want], chooser);
    else
        gk_diag_add(r->diags, GK_ERROR, "template-kind", r->m->file, at->line, at->col, at->path,
                    "the template \"%s\" (%s) declares no document kind, so it cannot write this %s document "
                    "(%s); a template starts with {%% document %s %%}, a part is only included",
                    p->name, gk_buf_str(&where), gk_doc_kind_names[want], chooser, gk_doc_kind_names[want]);
    gk_buf_free(&where);
    gk_buf_free(&by_profile);
    r->failed = true;
    return false;
}

gk_status gk_tpl_expand(const gk_tpl_source *src, const char *name, gk_model *m, gk_tpl_output *out, gk_diags *diags)
{
    tpl_run r;
    memset(&r, 0, sizeof r);
    r.src = src;
    r.m = m;
    r.diags = diags;
    r.out = out;
    tpl_parsed *p = NULL;
    if (gk_tpl_profile_load(&r)) {
        /* the profile's template for the kind, when the name is the kind's default */
        const tpl_profile_value *pv = src->kind ? gk_tpl_profile_get(&r, "templates", src->kind) : NULL;
        if (pv && !gk_tpl_name_ok(pv->value)) {
            gk_diag_add(diags, GK_ERROR, "profile", pv->file, pv->line, 1, "profile.templates", "[templates] %s = \"%s\" does not name a template: a template name is 1 to 64 letters, digits, '-' and '_'", src->kind, pv->value);
            r.failed = true;
        } else {
            if (pv) name = pv->value;
            /* the built-in [templates] names each kind's own template: only a
             * profile folder's choice is worth naming in an error */
            if (pv && src->dir && pv->file && strcmp(pv->file, GK_TPL_PROFILE_BUILTIN) != 0) r.chosen_by = pv;
            p = gk_tpl_load(&r, name, 0, 0, NULL);
        }
    }
    if (p && kind_fits(&r, p)) {
        r.tpl = p->name;
        exec_list(&r, p->body);
        if (r.line_started && !r.failed) end_line(&r);
    }
    /* template names in the output lines point into r.arena: copy them */
    for (size_t i = 0; i < out->count; i++)
        out->lines[i].tpl = gk_arena_strndup(&out->arena, out->lines[i].tpl, strlen(out->lines[i].tpl));
    gk_buf_free(&r.line);
    gk_arena_free(&r.arena);
    return r.status != GK_OK ? r.status : r.failed ? GK_INVALID : GK_OK;
}

void gk_tpl_output_free(gk_tpl_output *out)
{
    free(out->lines);
    gk_arena_free(&out->arena);
    memset(out, 0, sizeof *out);
}

bool gk_tpl_name_ok(const char *name)
{
    size_t n = 0;
    for (; name[n]; n++) {
        char c = name[n];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok || n >= 64) return false;
    }
    return n > 0;
}

static const char *builtin_text(const gk_builtin_template *set, const char *name)
{
    for (const gk_builtin_template *b = set; b && b->name; b++)
        if (strcmp(b->name, name) == 0) return b->text;
    return NULL;
}

static const char *arena_say(gk_arena *arena, const char *fmt, const char *a)
{
    char msg[PATH_MAX + 128];
    snprintf(msg, sizeof msg, fmt, a);
    const char *p = gk_arena_strndup(arena, msg, strlen(msg));
    return p ? p : "out of memory";
}

/* Whether the resolved path `real` lies inside the resolved folder `dir`. */
static bool inside(const char *dir, const char *real)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/') return real[0] == '/';
    return strncmp(real, dir, n) == 0 && real[n] == '/';
}

/* DIR/NAME.tmpl, as gk_tpl_find says. A name the folder does not have at
 * all (no directory entry) is GK_OK with *text NULL, so the built-in one is
 * used; anything else the folder has under that name must be a readable
 * regular file inside the folder, or it is an error — never a silent
 * fallback to the built-in template the user meant to replace. */
static gk_status from_dir(const char *dir, const char *name, gk_arena *arena, const char **text, const char **origin,
                          const char **why)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        *origin = arena_say(arena, "%s", dir);
        *why = arena_say(arena, "the template folder cannot be opened: %s", strerror(errno));
        return GK_IO;
    }
    if (!S_ISDIR(st.st_mode)) {
        *origin = arena_say(arena, "%s", dir);
        *why = arena_say(arena, "the template folder is %s, not a folder", gk_file_kind(dir));
        return GK_IO;
    }
    gk_buf path = {0};
    gk_buf_printf(&path, "%s/%s.tmpl", dir, name);
    gk_status st_out = GK_OK;
    char *real = NULL, *real_dir = NULL;
    gk_buf body = {0};
    *origin = arena_say(arena, "%s", gk_buf_str(&path));
    if (lstat(gk_buf_str(&path), &st) != 0) {
        if (errno != ENOENT) {
            *why = arena_say(arena, "cannot open: %s", strerror(errno));
            st_out = GK_IO;
        }
        goto done; /* not in the folder: the built-in one, if any */
    }
    real = realpath(gk_buf_str(&path), NULL);
    if (!real) {
        *why = S_ISLNK(st.st_mode) && errno == ENOENT ? "this is a link to a missing file"
                                                      : arena_say(arena, "cannot open: %s", strerror(errno));
        st_out = GK_IO;
        goto done;
    }
    real_dir = realpath(dir, NULL);
    if (!real_dir || !inside(real_dir, real)) {
        *why = arena_say(arena, "this is a link that leads out of the template folder (to %s)", real);
        st_out = GK_INVALID;
        goto done;
    }
    const char *w;
    if (gk_file_read(real, GK_TPL_MAX_FILE, &body, &w) != GK_FILE_OK) {
        *why = arena_say(arena, "%s", w);
        st_out = GK_IO;
        goto done;
    }
    if (memchr(gk_buf_str(&body), '\0', body.len)) {
        *why = "the template contains a NUL byte";
        st_out = GK_INVALID;
        goto done;
    }
    *text = gk_arena_strndup(arena, gk_buf_str(&body), body.len);
    if (!*text) {
        *why = "out of memory";
        st_out = GK_NOMEM;
    }
done:
    free(real);
    free(real_dir);
    gk_buf_free(&body);
    gk_buf_free(&path);
    return st_out;
}

gk_status gk_tpl_find(const gk_tpl_source *src, const char *name, gk_arena *arena, const char **text,
                      const char **origin, const char **why)
{
    *text = NULL;
    *origin = "built-in";
    *why = "";
    if (!gk_tpl_name_ok(name)) {
        *why = "a template name is 1 to 64 letters, digits, '-' and '_'";
        return GK_INVALID;
    }
    if ((*text = builtin_text(src->extra, name))) {
        *origin = "in memory";
        return GK_OK;
    }
    if (src->dir) {
        gk_status st = from_dir(src->dir, name, arena, text, origin, why);
        if (st != GK_OK || *text) return st;
    }
    *origin = "built-in";
    *text = builtin_text(gk_builtin_templates, name);
    return GK_OK;
}
