#include "arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

struct gk_arena_block {
    gk_arena_block *next;
    size_t used, cap;
    alignas(max_align_t) unsigned char data[];
};

#define GK_ARENA_BLOCK (64 * 1024)

void *gk_arena_alloc(gk_arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    gk_arena_block *b = a->head;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > GK_ARENA_BLOCK ? size : GK_ARENA_BLOCK;
        b = malloc(sizeof *b + cap);
        if (!b) return NULL;
        b->next = a->head;
        b->used = 0;
        b->cap = cap;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *gk_arena_strndup(gk_arena *a, const char *s, size_t len)
{
    char *p = gk_arena_alloc(a, len + 1);
    if (!p) return NULL;
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void gk_arena_free(gk_arena *a)
{
    gk_arena_block *b = a->head;
    while (b) {
        gk_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}
