#include "value.h"

#include <string.h>

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
