#include "pdf.h"
#include "diag.h"

gk_status gk_pdf_write(const gk_tree *tree, const gk_fontset *fonts, const char *path, const char *name,
                        gk_diags *diags)
{
    (void)tree;
    (void)fonts;
    (void)path;
    gk_diag_add(diags, GK_ERROR, "format", name, 0, 0, "", "this build cannot write pdf yet");
    return GK_INVALID;
}
