/* Invariants of a value tree (input/value.h) the readers build: for the
 * reader harnesses only. */
#ifndef GK_FUZZ_TREE_H
#define GK_FUZZ_TREE_H

#include "fuzz.h"
#include "value.h"

/* Walks the tree: each node has a place inside the text, texts and keys are
 * NUL-terminated at their length and within GK_MAX_TEXT, containers within
 * GK_MAX_ITEMS and the tree within GK_MAX_DEPTH. */
static void gk_fuzz_check_tree(const gk_value *v, const uint8_t *data, size_t size, unsigned depth)
{
    unsigned lines = 1;
    if (depth == 0)
        for (size_t i = 0; i < size; i++) lines += data[i] == '\n';
    if (depth > GK_MAX_DEPTH) gk_fuzz_fail("the tree is deeper than GK_MAX_DEPTH", NULL);
    if (v->line == 0 || v->col == 0) gk_fuzz_fail("a node without a place", NULL);
    if (depth == 0 && v->line > lines) gk_fuzz_fail("a node past the end of the text", NULL);
    switch (v->type) {
    case GK_V_NUMBER:
    case GK_V_STRING:
        /* an INI leaf whose text was refused (too long) keeps no text */
        if (!v->as.str.s) {
            if (v->type == GK_V_NUMBER) gk_fuzz_fail("a number without its text", NULL);
            break;
        }
        if (v->as.str.len > GK_MAX_TEXT) gk_fuzz_fail("a text longer than GK_MAX_TEXT", NULL);
        if (v->as.str.s[v->as.str.len] != '\0') gk_fuzz_fail("a text not NUL-terminated at its length", NULL);
        break;
    case GK_V_ARRAY:
        if (v->as.array.count > GK_MAX_ITEMS) gk_fuzz_fail("an array longer than GK_MAX_ITEMS", NULL);
        for (size_t i = 0; i < v->as.array.count; i++) gk_fuzz_check_tree(v->as.array.items[i], data, size, depth + 1);
        break;
    case GK_V_OBJECT:
        if (v->as.object.count > GK_MAX_ITEMS) gk_fuzz_fail("an object with more than GK_MAX_ITEMS members", NULL);
        for (size_t i = 0; i < v->as.object.count; i++) {
            const gk_member *m = &v->as.object.items[i];
            if (!m->key) gk_fuzz_fail("a member without a key", NULL);
            if (m->line == 0) gk_fuzz_fail("a member without a place", NULL);
            gk_fuzz_check_tree(m->value, data, size, depth + 1);
        }
        break;
    default: break;
    }
}

#endif
