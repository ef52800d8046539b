/* A bump allocator: many small allocations, freed all at once.
 * The model and the input value tree live in arenas. */
#ifndef GK_ARENA_H
#define GK_ARENA_H

#include <stddef.h>

typedef struct gk_arena_block gk_arena_block;
typedef struct gk_arena {
    gk_arena_block *head;
} gk_arena;

/* Returns zeroed memory aligned for any type, owned by the arena; NULL when
 * out of memory. */
void *gk_arena_alloc(gk_arena *a, size_t size);
/* Copies s[0..len) and appends a NUL. */
char *gk_arena_strndup(gk_arena *a, const char *s, size_t len);
/* Frees every block; the arena can be used again afterwards. */
void gk_arena_free(gk_arena *a);

#endif
