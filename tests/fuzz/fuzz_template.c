/* libFuzzer harness of the template language: the fuzzed bytes are a
 * template (held in memory as the template "fuzz", which may include the
 * built-in parts), expanded against a checked sample model (tpl.c), read
 * as markup into the document tree (compose.c), checked with
 * gk_tree_check and rendered as plain text.
 *
 * The first byte picks the model, by its value modulo 3 ('0' budget from
 * samples/langfang-2023-budget.json, '1' goals from laoting-2024-goals.json,
 * '2' selfeval from xianghe-2019-selfeval.json); the rest is the template.
 * tests/fuzz/README.md says how to build and run it. */
#include "fuzz.h"

#include "compose.h"
#include "node.h"
#include "render.h"
#include "tpl.h"

static const char *const samples[] = {"langfang-2023-budget.json", "laoting-2024-goals.json",
                                      "xianghe-2019-selfeval.json"};
static gk_model *models[3];

/* The sample models, loaded and checked once (the check completes them:
 * totals, scores, level words). */
static void load_models(void)
{
    for (size_t k = 0; k < 3; k++) {
        char path[512];
        snprintf(path, sizeof path, "%s/samples/%s", GK_SOURCE_DIR, samples[k]);
        gk_diags d = {0};
        if (gk_model_load_file(path, &models[k], &d) != GK_OK || gk_model_check(models[k], &d) != GK_OK) {
            fprintf(stderr, "cannot load the sample %s\n", path);
            abort();
        }
        gk_diags_clear(&d);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!models[0]) load_models();
    if (size == 0) return 0;
    gk_model *m = models[data[0] % 3];
    /* a template is a C string */
    char *text = malloc(size);
    if (!text) return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';

    gk_builtin_template extra[] = {{"fuzz", text}, {NULL, NULL}};
    gk_tpl_source src = {extra, NULL};
    gk_tpl_output lines = {0};
    gk_diags d = {0};
    gk_status st = gk_tpl_expand(&src, "fuzz", m, &lines, &d);
    if (st != GK_OK && d.errors == 0) gk_fuzz_fail("the expansion failed without an error", NULL);
    if (st == GK_OK) {
        gk_tree tree;
        if (!gk_tree_init(&tree)) abort();
        st = gk_compose_lines(&lines, &tree, &d);
        if (st != GK_OK && d.errors == 0) gk_fuzz_fail("the markup was refused without an error", NULL);
        if (st == GK_OK) {
            const char *broken = gk_tree_check(&tree);
            if (broken) {
                fprintf(stderr, "the document tree is broken: %s\n", broken);
                abort();
            }
            gk_buf out = {0};
            gk_render_txt(&tree, &out);
            gk_buf_free(&out);
        }
        gk_tree_free(&tree);
    }
    /* template diagnostics are placed in "template NAME", not in a file */
    gk_fuzz_check_diags(&d, NULL, data, size);
    gk_diags_clear(&d);
    gk_tpl_output_free(&lines);
    free(text);
    return 0;
}
