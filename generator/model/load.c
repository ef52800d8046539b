/* From the value tree to the model, driven by the field tables. Every
 * problem becomes a diagnostic with file, line, column and input path; the
 * loader never stops at the first one. */
#include "buf.h"
#include "diag.h"
#include "file.h"
#include "fields.h"
#include "model.h"
#include "utf8.h"
#include "value.h"
#include "xlsx.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct loader {
    gk_model *m;
    gk_diags *diags;
    gk_buf path; /* the current input path, "/projects/3" */
    /* an XLSX reader refused a sheet or a cell: the tree lacks what it held, so
     * a required field missing from it is that refusal again, not a new fault */
    bool partial;
} loader;

static void problem(loader *L, const gk_value *v, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void problem(loader *L, const gk_value *v, const char *code, const char *fmt, ...)
{
    gk_buf msg = {0}, shown = {0};
    va_list ap;
    va_start(ap, fmt);
    gk_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    /* the message may quote the input: nothing in it may hide or reorder */
    gk_utf8_show(&shown, gk_buf_str(&msg), msg.len);
    gk_diag_add(L->diags, GK_ERROR, code, L->m->file, v ? v->line : 0, v ? v->col : 0, gk_buf_str(&L->path), "%s",
                gk_buf_str(&shown));
    gk_buf_free(&msg);
    gk_buf_free(&shown);
}

static gk_loc here(loader *L, const gk_value *v)
{
    gk_loc loc = {gk_arena_strndup(&L->m->arena, gk_buf_str(&L->path), L->path.len), v->line, v->col};
    return loc;
}

static size_t push_key(loader *L, const char *key)
{
    size_t mark = L->path.len;
    gk_buf_putc(&L->path, '/');
    gk_utf8_show(&L->path, key, strlen(key)); /* a key may hold anything: the path is for messages */
    return mark;
}

static size_t push_index(loader *L, size_t i)
{
    size_t mark = L->path.len;
    gk_buf_printf(&L->path, "/%zu", i + 1);
    return mark;
}

/* ---- scalars ---- */

static const char *type_word(gk_ftype t)
{
    switch (t) {
    case GK_FT_TEXT: return "text";
    case GK_FT_AMOUNT: return "an amount";
    case GK_FT_SIGNED: return "an amount";
    case GK_FT_DECIMAL: return "a number";
    case GK_FT_PERCENT: return "a percentage";
    case GK_FT_INT: return "a whole number";
    case GK_FT_BOOL: return "true or false";
    case GK_FT_ENUM: return "one of the listed words";
    case GK_FT_OBJECT: return "an object";
    case GK_FT_LIST: return "an array";
    }
    return "?";
}

/* The department's name becomes a file name when a county's departments
 * are rendered in one run: what would make it an unsafe or unportable file
 * name, or NULL. */
#define GK_MAX_NAME_CHARS 50

static const char *file_name_problem(const char *s, size_t len)
{
    if (len == 0) return "it is empty";
    if (strcmp(s, ".") == 0 || strstr(s, "..")) return "it contains \"..\"";
    if (s[0] == '.') return "it starts with '.'";
    for (size_t i = 0; i < len; i++) {
        if (memchr("/\\:*?\"<>|", s[i], 9)) return "it contains one of / \\ : * ? \" < > |";
        if (s[i] == '\n') return "it contains a line break";
    }
    /* white space at either end (U+3000 too) hides in a file name, and an
     * invisible character makes two names that look the same */
    uint32_t first, last = 0;
    size_t i = 0;
    if (!gk_utf8_decode((const unsigned char *)s, len, &first)) return NULL;
    while (i < len) {
        size_t n = gk_utf8_decode((const unsigned char *)s + i, len - i, &last);
        if (!n) return NULL;
        if (gk_cp_invisible(last)) return "it contains an invisible character";
        i += n;
    }
    if (gk_cp_space(first) || gk_cp_space(last)) return "it starts or ends with a space";
    if (gk_utf8_count((const unsigned char *)s, len) > GK_MAX_NAME_CHARS) return "it is longer than 50 characters";
    return NULL;
}

/* A date field holds a day that exists (gk_date_parse); whether it fits the
 * budget year is the check's business (check.c, check_dates). */
static bool date_ok(loader *L, const gk_value *v, const char *s, size_t len)
{
    gk_date d;
    char why[64];
    if (gk_date_parse(s, len, &d, why, sizeof why)) return true;
    if (why[0]) problem(L, v, "bad-date", "\"%s\" is not a date: %s", s, why);
    else problem(L, v, "bad-date", "expected a date YYYY-MM-DD, found \"%s\"", s);
    return false;
}

static void warning(loader *L, const gk_value *v, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void warning(loader *L, const gk_value *v, const char *code, const char *fmt, ...)
{
    gk_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    gk_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    gk_diag_add(L->diags, GK_WARNING, code, L->m->file, v->line, v->col, gk_buf_str(&L->path), "%s",
                gk_buf_str(&msg));
    gk_buf_free(&msg);
}

/* The text policy (gk_cp_judge, schema/README.md): every code point of a
 * text is kept, kept with a warning, or refuses the text, here and only
 * here, so that the renderers and their libraries see only what was meant.
 * One diagnostic per text: the first refused code point, or the first of
 * each kind of warning. */
static bool text_chars_ok(loader *L, const gk_value *v)
{
    const unsigned char *s = (const unsigned char *)v->as.str.s;
    size_t len = v->as.str.len, i = 0, at = 0;
    uint32_t prev = 0;
    const char *warned = NULL;
    while (i < len) {
        uint32_t cp;
        size_t n = gk_utf8_decode(s + i, len - i, &cp);
        if (!n) { cp = s[i]; n = 1; } /* the readers refuse ill-formed text: not reached */
        at++;
        gk_cp_verdict d = gk_cp_judge(cp, prev);
        if (d.policy != GK_CP_KEEP) {
            const char *name = gk_cp_name(cp);
            if (d.policy == GK_CP_REFUSE) {
                problem(L, v, d.code, "text contains %s U+%04X%s%s%s at character %zu%s", d.what, (unsigned)cp,
                        *name ? " (" : "", name, *name ? ")" : "", at, d.why);
                return false;
            }
            if (warned != d.code)
                warning(L, v, d.code, "text contains %s U+%04X%s%s%s at character %zu%s", d.what, (unsigned)cp,
                        *name ? " (" : "", name, *name ? ")" : "", at, d.why);
            warned = d.code;
        }
        prev = cp;
        i += n;
    }
    return true;
}

/* A required text, and every name, must show something: not empty, not
 * only white space (U+3000 included) or invisible characters (zero-width,
 * variation selectors). GK_FF_BLANK lets a required table cell be "". */
static bool text_visible(loader *L, const gk_value *v, unsigned flags)
{
    const unsigned char *s = (const unsigned char *)v->as.str.s;
    size_t len = v->as.str.len, i = 0;
    if (!(flags & (GK_FF_REQUIRED | GK_FF_FILENAME | GK_FF_VISIBLE))) return true;
    if (len == 0 && (flags & GK_FF_BLANK)) return true;
    bool space = false;
    while (i < len) {
        uint32_t cp;
        size_t n = gk_utf8_decode(s + i, len - i, &cp);
        if (!n) return true;
        if (gk_cp_visible(cp)) return true;
        if (gk_cp_space(cp)) space = true;
        i += n;
    }
    problem(L, v, "blank", "this text must have a visible character, but it is %s",
            len == 0 ? "empty" : space ? "only white space" : "only invisible characters");
    return false;
}

static bool load_text(loader *L, const gk_value *v, unsigned flags, gk_text *out)
{
    if (v->type != GK_V_STRING) {
        if (v->type == GK_V_NUMBER)
            problem(L, v, "wrong-type", "expected text, found the number %s; write it in quotes: \"%s\"", v->as.str.s,
                    v->as.str.s);
        else
            problem(L, v, "wrong-type", "expected text, found %s", gk_vtype_name(v->type));
        return false;
    }
    const char *s = v->as.str.s;
    size_t len = v->as.str.len;
    if (v->date_cell && !(flags & GK_FF_DATE)) {
        /* Excel turns "3-1" or "2020.1" into a date as it is typed */
        problem(L, v, "xlsx-date", "a date (%s) where text is expected; format the cell as text (文本) and type it again", s);
        return false;
    }
    if (!text_chars_ok(L, v) || !text_visible(L, v, flags)) return false;
    if (flags & GK_FF_FILENAME) {
        const char *why = file_name_problem(s, len);
        if (why) {
            problem(L, v, "bad-name", "this name also names the output files, and %s", why);
            return false;
        }
    }
    if (flags & GK_FF_IDENT) {
        bool ok = len > 0 && len <= 64;
        for (size_t i = 0; ok && i < len; i++)
            ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
                 s[i] == '-' || s[i] == '_';
        if (!ok) {
            problem(L, v, "bad-name", "a name of letters, digits, '-' and '_' (at most 64) is expected, such as "
                    "\"budget-2023\"");
            return false;
        }
    }
    if ((flags & GK_FF_DATE) && !date_ok(L, v, s, len)) return false;
    out->s = s;
    out->len = len;
    out->loc = here(L, v);
    out->set = true;
    return true;
}

/* An XLSX text cell where a figure belongs, its text an exact figure: taken
 * as stated, but the clerk should know that Excel neither sums nor formats it
 * (pasted from the budget system, or typed after an apostrophe). */
static void number_as_text(loader *L, const gk_value *v)
{
    warning(L, v, "number-as-text",
            "a number stored as text (\"%s\"), taken as stated; make the cell a number (设置单元格格式 → 数值) and type "
            "it again, so that Excel can add it up", v->as.str.s);
}

static bool load_number(loader *L, const gk_value *v, gk_ftype type, unsigned flags, gk_num *out)
{
    if (v->type == GK_V_NULL) {
        if (!(flags & GK_FF_NULLABLE)) {
            problem(L, v, "wrong-type", "expected %s, found null", type_word(type));
            return false;
        }
        out->null = true;
        out->set = true;
        out->loc = here(L, v);
        return true;
    }
    if (v->type != GK_V_NUMBER && v->type != GK_V_STRING) {
        problem(L, v, "wrong-type", "expected %s, found %s", type_word(type), gk_vtype_name(v->type));
        return false;
    }
    const char *s = v->as.str.s;
    size_t len = v->as.str.len;
    if (type == GK_FT_PERCENT && v->type == GK_V_STRING) {
        if (len >= 1 && s[len - 1] == '%') len--;
        else if (len >= 3 && memcmp(s + len - 3, "\xEF\xBC\x85", 3) == 0) len -= 3; /* ％ */
    }
    gk_dec d;
    switch (gk_dec_parse(s, len, &d)) {
    case GK_DEC_OK: break;
    case GK_DEC_PLACES_OVER:
        problem(L, v, "too-many-places", "%s has more than six decimal places", s);
        return false;
    case GK_DEC_RANGE:
        problem(L, v, "out-of-range", "%s is out of range (at most 10^12)", s);
        return false;
    default:
        problem(L, v, "wrong-type", "expected %s, found \"%s\"", type_word(type), s);
        return false;
    }
    if ((gk_dec_is_neg(d) || (len > 0 && s[0] == '-')) && (type == GK_FT_AMOUNT || type == GK_FT_DECIMAL)) {
        /* "-0" too: a sign where none belongs is a typing mistake */
        problem(L, v, "negative", "%s must not be negative%s", s,
                gk_dec_is_neg(d) ? "" : " (write it without the '-')");
        return false;
    }
    /* a percent is text in the workbook ("98.81%"); any other figure is a number */
    if (v->text_cell && type != GK_FT_PERCENT) number_as_text(L, v);
    out->v = d;
    out->loc = here(L, v);
    out->set = true;
    return true;
}

static bool load_int(loader *L, const gk_value *v, gk_int *out)
{
    bool ok = v->type == GK_V_NUMBER || (v->type == GK_V_STRING && v->untyped);
    const char *s = ok ? v->as.str.s : "";
    size_t len = ok ? v->as.str.len : 0;
    size_t i = len && s[0] == '-' ? 1 : 0;
    if (!ok || len == i || len > 12) ok = false;
    for (; ok && i < len; i++)
        if (s[i] < '0' || s[i] > '9') ok = false;
    if (!ok) {
        if (v->type == GK_V_STRING) problem(L, v, "wrong-type", "expected a whole number, found \"%s\"", v->as.str.s);
        else if (v->type == GK_V_NUMBER) problem(L, v, "wrong-type", "expected a whole number, found %s", v->as.str.s);
        else problem(L, v, "wrong-type", "expected a whole number, found %s", gk_vtype_name(v->type));
        return false;
    }
    if (v->text_cell) number_as_text(L, v);
    out->v = strtoll(s, NULL, 10);
    out->loc = here(L, v);
    out->set = true;
    return true;
}

static bool load_bool(loader *L, const gk_value *v, gk_flag *out)
{
    bool b;
    if (v->type == GK_V_BOOL) b = v->as.boolean;
    else if (v->type == GK_V_STRING && v->untyped && strcmp(v->as.str.s, "true") == 0) b = true;
    else if (v->type == GK_V_STRING && v->untyped && strcmp(v->as.str.s, "false") == 0) b = false;
    else {
        problem(L, v, "wrong-type", "expected true or false, found %s", gk_vtype_name(v->type));
        return false;
    }
    out->v = b;
    out->loc = here(L, v);
    out->set = true;
    return true;
}

/* The closest of `names` to `word`, or NULL when none is close. */
static const char *closest(const char *word, const char *const *names, size_t stride, size_t count)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1, cap = strlen(word) / 3 + 1;
    if (cap > 3) cap = 3;
    for (size_t i = 0; i < count; i++) {
        const char *n = *(const char *const *)((const char *)names + i * stride);
        size_t d = gk_utf8_distance(word, n, cap);
        if (d <= cap && d < best_d) {
            best = n;
            best_d = d;
        }
    }
    return best;
}

static bool load_enum(loader *L, const gk_value *v, const char *const *names, gk_enum *out)
{
    if (v->type != GK_V_STRING) {
        problem(L, v, "wrong-type", "expected text, found %s", gk_vtype_name(v->type));
        return false;
    }
    size_t n = 0;
    for (; names[n]; n++) {
        if (strcmp(names[n], v->as.str.s) == 0) {
            out->v = (int)n;
            out->loc = here(L, v);
            out->set = true;
            return true;
        }
    }
    gk_buf list = {0};
    for (size_t i = 0; i < n; i++) gk_buf_printf(&list, "%s\"%s\"", i ? ", " : "", names[i]);
    const char *near = closest(v->as.str.s, names, sizeof *names, n);
    if (near) problem(L, v, "bad-value", "\"%s\" is not allowed here; did you mean \"%s\"? (one of %s)", v->as.str.s, near, gk_buf_str(&list));
    else problem(L, v, "bad-value", "\"%s\" is not allowed here; expected one of %s", v->as.str.s, gk_buf_str(&list));
    gk_buf_free(&list);
    return false;
}

/* ---- objects and lists ---- */

static void load_object(loader *L, const gk_value *v, const gk_shape *shape, void *dst);

static size_t elem_size(const gk_field *f)
{
    switch (f->elem) {
    case GK_FT_OBJECT: return f->shape->size;
    case GK_FT_TEXT: return sizeof(gk_text);
    default: return sizeof(gk_num);
    }
}

static void load_scalar(loader *L, const gk_value *v, gk_ftype type, unsigned flags, const char *const *names,
                        void *at)
{
    switch (type) {
    case GK_FT_TEXT: load_text(L, v, flags, at); break;
    case GK_FT_AMOUNT:
    case GK_FT_SIGNED:
    case GK_FT_DECIMAL:
    case GK_FT_PERCENT:
        /* a refused figure is unknown to the check, not absent (issue 13): the
         * check still runs, and skips the identities built on it rather than
         * report them against 0 */
        if (!load_number(L, v, type, flags, at)) ((gk_num *)at)->refused = true;
        break;
    case GK_FT_INT: load_int(L, v, at); break;
    case GK_FT_BOOL: load_bool(L, v, at); break;
    case GK_FT_ENUM: load_enum(L, v, names, at); break;
    default: break;
    }
}

static void load_list(loader *L, const gk_value *v, const gk_field *f, gk_list *out)
{
    if (v->type != GK_V_ARRAY) {
        problem(L, v, "wrong-type", "expected an array, found %s", gk_vtype_name(v->type));
        return;
    }
    size_t n = v->as.array.count, size = elem_size(f);
    char *items = n ? gk_arena_alloc(&L->m->arena, n * size) : NULL;
    if (n && !items) {
        problem(L, v, "nomem", "out of memory");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        size_t mark = push_index(L, i);
        const gk_value *e = v->as.array.items[i];
        if (e->refused) { /* the reader has said why */ }
        else if (f->elem == GK_FT_OBJECT) load_object(L, e, f->shape, items + i * size);
        else load_scalar(L, e, f->elem, f->flags, f->names, items + i * size);
        gk_buf_truncate(&L->path, mark);
    }
    out->v = items;
    out->n = n;
    out->loc = here(L, v);
    out->set = true;
}

static void load_field(loader *L, const gk_value *v, const gk_field *f, char *dst)
{
    void *at = dst + f->off;
    if (v->refused) return; /* the reader has said why */
    switch (f->type) {
    case GK_FT_OBJECT:
        if (v->type != GK_V_OBJECT) {
            problem(L, v, "wrong-type", "expected an object, found %s", gk_vtype_name(v->type));
            return;
        }
        load_object(L, v, f->shape, at);
        if (!(f->flags & GK_FF_NOSET)) *(bool *)(dst + f->set_off) = true;
        break;
    case GK_FT_LIST: load_list(L, v, f, at); break;
    default: load_scalar(L, v, f->type, f->flags, f->names, at); break;
    }
}

static void load_object(loader *L, const gk_value *v, const gk_shape *shape, void *dst)
{
    if (v->type != GK_V_OBJECT) {
        problem(L, v, "wrong-type", "expected an object (%s), found %s", shape->doc, gk_vtype_name(v->type));
        return;
    }
    size_t nfields = 0;
    while (shape->fields[nfields].key) nfields++;
    bool seen[64] = {false};
    assert(nfields <= sizeof seen / sizeof seen[0] && "a shape has more fields than load_object tracks");
    for (size_t i = 0; i < v->as.object.count; i++) {
        const gk_member *mem = &v->as.object.items[i];
        if (strcmp(mem->key, "$comment") == 0) continue;
        size_t k = 0;
        while (k < nfields && ((shape->fields[k].flags & GK_FF_DERIVED) || strcmp(shape->fields[k].key, mem->key) != 0))
            k++;
        size_t mark = push_key(L, mem->key);
        if (k == nfields) {
            gk_value at = {.line = mem->line, .col = mem->col};
            const char *near = closest(mem->key, &shape->fields[0].key, sizeof(gk_field), nfields);
            if (near) problem(L, &at, "unknown-field", "unknown field \"%s\" in %s; did you mean \"%s\"?", mem->key, shape->doc, near);
            else problem(L, &at, "unknown-field", "unknown field \"%s\" in %s", mem->key, shape->doc);
        } else {
            seen[k] = true;
            load_field(L, mem->value, &shape->fields[k], dst);
        }
        gk_buf_truncate(&L->path, mark);
    }
    for (size_t k = 0; k < nfields; k++) {
        if ((shape->fields[k].flags & GK_FF_REQUIRED) && !seen[k] && (shape->fields[k].flags & GK_FF_BLANK) && L->m->book) {
            /* a workbook cannot hold an empty text: its empty cell is the "" such a field allows */
            gk_value blank = {.type = GK_V_STRING, .line = v->line, .col = v->col, .as.str = {"", 0}};
            size_t mark = push_key(L, shape->fields[k].key);
            load_field(L, &blank, &shape->fields[k], dst);
            gk_buf_truncate(&L->path, mark);
        } else if ((shape->fields[k].flags & GK_FF_REQUIRED) && !seen[k] && !L->partial)
            problem(L, v, "missing-field", "%s: the required field \"%s\" (%s) is missing", shape->doc, shape->fields[k].key,
                    shape->fields[k].doc);
    }
}

/* ---- entry points ---- */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

gk_status gk_model_load_buffer(const char *name, const char *data, size_t len, bool is_ini, gk_model **out,
                               gk_diags *diags)
{
    *out = NULL;
    gk_model *m = calloc(1, sizeof *m);
    if (!m) return GK_NOMEM;
    m->file = strdup(name);
    if (!m->file) {
        free(m);
        return GK_NOMEM;
    }
    size_t before = diags->errors, first = diags->count;
    /* The value tree lives in the model's arena: model text points into it. */
    gk_value *root = ends_with(name, ".xlsx") ? gk_xlsx_read(name, data, len, &m->arena, diags, &m->book)
                     : is_ini                 ? gk_ini_read(name, data, len, &m->arena, diags)
                                              : gk_json_read(name, data, len, &m->arena, diags);
    if (root) {
        m->parsed = true;
        loader L = {m, diags, {0}, m->book && diags->errors > before};
        load_object(&L, root, &gk_input_shape, &m->in);
        gk_buf_free(&L.path);
        gk_classified_structure(m, diags); /* issue 11: the codes of the budget tables */
    }
    gk_model_place_diags(m, diags, first);
    *out = m;
    return diags->errors > before ? GK_INVALID : GK_OK;
}

gk_status gk_model_load_file(const char *path, gk_model **out, gk_diags *diags)
{
    *out = NULL;
    gk_buf data = {0};
    const char *why;
    switch (gk_file_read(path, GK_MAX_FILE, &data, &why)) {
    case GK_FILE_OK:
        break;
    case GK_FILE_TOO_LARGE:
        gk_buf_free(&data);
        gk_diag_add(diags, GK_ERROR, "too-large", path, 0, 0, "", "file larger than 16 MiB");
        return GK_INVALID;
    case GK_FILE_NOT_REGULAR:
        gk_buf_free(&data);
        gk_diag_add(diags, GK_ERROR, "io", path, 0, 0, "", "cannot read: %s", why);
        return GK_IO;
    default:
        gk_buf_free(&data);
        gk_diag_add(diags, GK_ERROR, "io", path, 0, 0, "", "%s", why);
        return GK_IO;
    }
    gk_status st = gk_model_load_buffer(path, gk_buf_str(&data), data.len, ends_with(path, ".ini"), out, diags);
    gk_buf_free(&data);
    return st;
}

bool gk_model_parsed(const gk_model *m)
{
    return m && m->parsed;
}

void gk_model_place_diags(const gk_model *m, gk_diags *d, size_t from)
{
    if (!m || !m->book) return;
    gk_buf place = {0};
    for (size_t i = from; i < d->count; i++) {
        gk_diag *g = &d->items[i];
        if (g->place || g->line == 0 || strcmp(g->file, m->file) != 0) continue;
        gk_buf_truncate(&place, 0);
        if (gk_xlsx_place(m->book, g->line, g->col, &place)) gk_diag_set_place(g, gk_buf_str(&place));
    }
    gk_buf_free(&place);
}

void gk_model_put_place(const gk_model *m, const gk_loc *loc, gk_buf *out)
{
    unsigned line = loc ? loc->line : 0;
    /* a cell has no line: the number in loc->line encodes its sheet and row */
    if (m && m->book && line && gk_xlsx_place(m->book, line, loc->col, out)) return;
    gk_buf_printf(out, "line %u", line);
}

void gk_model_free(gk_model *m)
{
    if (!m) return;
    gk_arena_free(&m->arena);
    free(m->file);
    free(m);
}
