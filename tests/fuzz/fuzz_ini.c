/* libFuzzer harness of the INI reader (input/ini.c over inih): any bytes
 * become a value tree or diagnostics, with the same checks as fuzz_json.c.
 * tests/fuzz/README.md says how to build and run it. */
#include "fuzz.h"
#include "fuzz_tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gk_arena arena = {0};
    gk_diags d = {0};
    gk_value *root = gk_ini_read("fuzz.ini", (const char *)data, size, &arena, &d);
    if (!root && d.errors == 0) gk_fuzz_fail("the text was refused without an error", NULL);
    if (root && root->type != GK_V_OBJECT) gk_fuzz_fail("the root is not an object", NULL);
    if (root) gk_fuzz_check_tree(root, data, size, 0);
    gk_fuzz_check_diags(&d, "fuzz.ini", data, size);
    gk_diags_clear(&d);
    gk_arena_free(&arena);
    return 0;
}
