#include "value.h"
#include "diag.h"
#include "pos.h"
#include "utf8.h"

#include <stdint.h>
#include <string.h>

/* Does the ill-formed sequence at s[0..n) read as GBK / GB18030 (a lead
 * byte 0x81–0xFE and a trail byte 0x40–0xFE)? Then the file was most likely
 * saved in the Chinese ANSI code page. */
static bool looks_gbk(const unsigned char *s, size_t n)
{
    return n >= 2 && s[0] >= 0x81 && s[0] <= 0xFE && s[1] >= 0x40 && s[1] <= 0xFE && s[1] != 0x7F;
}

bool gk_input_precheck(const char *name, const char **data, size_t *len, gk_path_at_fn *path_at, gk_diags *diags)
{
    if (*len >= 3 && memcmp(*data, "\xEF\xBB\xBF", 3) == 0) {
        *data += 3;
        *len -= 3;
    }
    if (*len > GK_MAX_FILE) {
        gk_diag_add(diags, GK_ERROR, "too-large", name, 0, 0, "", "file larger than 16 MiB");
        return false;
    }
    if (*len >= 2 && (memcmp(*data, "\xFF\xFE", 2) == 0 || memcmp(*data, "\xFE\xFF", 2) == 0)) {
        gk_diag_add(diags, GK_ERROR, "bad-utf8", name, 1, 1, "",
                    "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8");
        return false;
    }
    const unsigned char *u = (const unsigned char *)*data;
    size_t bad = gk_utf8_check(u, *len);
    const char *nul = memchr(*data, '\0', *len);
    if (nul && (size_t)(nul - *data) < bad) bad = (size_t)(nul - *data);
    if (bad == *len) return true;
    gk_cursor c;
    gk_cursor_init(&c, *data);
    gk_cursor_seek(&c, bad);
    if (u[bad] == '\0')
        gk_diag_add(diags, GK_ERROR, "bad-utf8", name, c.line, c.col, "", "a NUL byte; this is not a text file");
    else if (looks_gbk(u + bad, *len - bad))
        gk_diag_add(diags, GK_ERROR, "bad-utf8", name, c.line, c.col, "",
                    "invalid UTF-8 (bytes 0x%02X 0x%02X): the file looks GBK-encoded; save it as UTF-8", u[bad],
                    u[bad + 1]);
    else
        gk_diag_add(diags, GK_ERROR, "bad-utf8", name, c.line, c.col, "",
                    "invalid UTF-8 (byte 0x%02X); save the file as UTF-8", u[bad]);
    gk_buf path = {0};
    path_at(*data, bad, &path);
    if (path.len) gk_diag_set_path(&diags->items[diags->count - 1], gk_buf_str(&path));
    gk_buf_free(&path);
    return false;
}

gk_value *gk_value_new(gk_arena *a, gk_vtype type, unsigned line, unsigned col)
{
    gk_value *v = gk_arena_alloc(a, sizeof *v);
    if (!v) return NULL;
    v->type = type;
    v->line = line;
    v->col = col;
    return v;
}

/* Grows an arena array of `size`-byte elements; the old block is abandoned to
 * the arena, which is fine for the sizes inputs have. */
static void *grow(gk_arena *a, void *items, size_t count, size_t *cap, size_t size)
{
    if (count < *cap) return items;
    size_t ncap = *cap ? *cap * 2 : 4;
    void *p = gk_arena_alloc(a, ncap * size);
    if (!p) return NULL;
    if (count) memcpy(p, items, count * size);
    *cap = ncap;
    return p;
}

bool gk_value_push(gk_arena *a, gk_value *arr, gk_value *item)
{
    gk_value **items = grow(a, arr->as.array.items, arr->as.array.count, &arr->as.array.cap, sizeof *items);
    if (!items) return false;
    arr->as.array.items = items;
    items[arr->as.array.count++] = item;
    return true;
}

bool gk_value_set(gk_arena *a, gk_value *obj, const char *key, unsigned line, unsigned col, gk_value *v)
{
    gk_member *items = grow(a, obj->as.object.items, obj->as.object.count, &obj->as.object.cap, sizeof *items);
    if (!items) return false;
    obj->as.object.items = items;
    gk_member *m = &items[obj->as.object.count++];
    m->key = key;
    m->line = line;
    m->col = col;
    m->value = v;
    return true;
}

gk_member *gk_value_get(const gk_value *obj, const char *key)
{
    for (size_t i = 0; i < obj->as.object.count; i++)
        if (strcmp(obj->as.object.items[i].key, key) == 0) return &obj->as.object.items[i];
    return NULL;
}

const char *gk_vtype_name(gk_vtype t)
{
    switch (t) {
    case GK_V_NULL: return "null";
    case GK_V_BOOL: return "a boolean";
    case GK_V_NUMBER: return "a number";
    case GK_V_STRING: return "a string";
    case GK_V_ARRAY: return "an array";
    case GK_V_OBJECT: return "an object";
    }
    return "?";
}
