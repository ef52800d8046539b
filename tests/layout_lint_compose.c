/* The document tree of a sample for layout_lint.c, as `gongkai render`
 * composes it (its own file: model.h and layout.h each name a gk_text). */
#include "compose.h"
#include "model.h"
#include "node.h"
#include "kinds.h"
#include "tpl.h"

#include <stdio.h>

bool layout_lint_compose(const char *path, gk_tree *tree);
void layout_lint_done(void);

static gk_model *model;

bool layout_lint_compose(const char *path, gk_tree *tree)
{
    gk_diags d = {0};
    bool ok = false;
    gk_tpl_output out = {0};
    if (!gk_tree_init(tree)) return false;
    if (gk_model_load_file(path, &model, &d) != GK_OK || gk_model_check(model, &d) != GK_OK) {
        fprintf(stderr, "%s: cannot load or check\n", path);
        goto fail;
    }
    const char *name = model->in.template_name.set ? model->in.template_name.s
                                                   : gk_kind_of(&model->in)->template_name;
    gk_tpl_source src = {NULL, NULL};
    if (gk_tpl_expand(&src, name, model, &out, &d) != GK_OK || gk_compose_lines(&out, tree, &d) != GK_OK) {
        fprintf(stderr, "%s: cannot compose\n", path);
        goto fail;
    }
    ok = true;
fail:
    gk_tpl_output_free(&out);
    gk_diags_clear(&d);
    return ok;
}

void layout_lint_done(void)
{
    gk_model_free(model);
    model = NULL;
}
