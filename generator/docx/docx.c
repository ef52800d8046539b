/* The DOCX packager: reads like the package's table of contents, one
 * gk_docx_*_xml part writer per part (after libxlsxwriter's packager.c). */
#include "docx.h"
#include "diag.h"
#include "package.h"
#include "parts.h"

#include <stdlib.h>

#define CT_WML "application/vnd.openxmlformats-officedocument.wordprocessingml."
#define REL_OD "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

/* Whether the tree holds a fit=page table: only then does styles.xml carry
 * the 9 pt table styles, so a document without one (the 说明) keeps its
 * styles.xml byte for byte. */
static bool has_fit_table(const gk_node *n)
{
    for (; n; n = n->next) {
        if (n->type == GK_NODE_TABLE && n->as.table.fit_page) return true;
        if (n->type == GK_NODE_SECTION && has_fit_table(n->first)) return true;
    }
    return false;
}

gk_status gk_docx_write(const gk_tree *tree, const gk_fontset *fonts, const char *path, const char *name,
                        gk_diags *diags)
{
    gk_pkg pkg;
    gk_docx_numbering *num = malloc(sizeof *num);
    gk_buf error = {0};
    bool ok = num != NULL;
    pkg.nparts = pkg.npackage_rels = 0;
    if (ok) gk_docx_numbering_init(num);

    gk_pkg_part *doc = gk_pkg_add(&pkg, "word/document.xml", CT_WML "document.main+xml");
    gk_pkg_part *styles = gk_pkg_add(&pkg, "word/styles.xml", CT_WML "styles+xml");
    gk_pkg_part *numbering = gk_pkg_add(&pkg, "word/numbering.xml", CT_WML "numbering+xml");
    gk_pkg_part *settings = gk_pkg_add(&pkg, "word/settings.xml", CT_WML "settings+xml");
    gk_pkg_part *font_table = gk_pkg_add(&pkg, "word/fontTable.xml", CT_WML "fontTable+xml");
    static const char *const footer_names[2][2] = {{"footer1.xml", "footer2.xml"}, {"footer3.xml", "footer4.xml"}};
    gk_pkg_part *footer[2][2];
    static const char *const footer_parts[2][2] = {{"word/footer1.xml", "word/footer2.xml"},
                                                   {"word/footer3.xml", "word/footer4.xml"}};
    for (int l = 0; l < 2; l++)
        for (int o = 0; o < 2; o++) footer[l][o] = gk_pkg_add(&pkg, footer_parts[l][o], CT_WML "footer+xml");
    gk_pkg_part *core = gk_pkg_add(&pkg, "docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
    gk_pkg_part *app = gk_pkg_add(&pkg, "docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml");

    gk_pkg_relate(&pkg, NULL, REL_OD "officeDocument", "word/document.xml");
    gk_pkg_relate(&pkg, NULL, "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                  "docProps/core.xml");
    gk_pkg_relate(&pkg, NULL, REL_OD "extended-properties", "docProps/app.xml");
    gk_pkg_relate(&pkg, doc, REL_OD "styles", "styles.xml");
    gk_pkg_relate(&pkg, doc, REL_OD "numbering", "numbering.xml");
    gk_pkg_relate(&pkg, doc, REL_OD "settings", "settings.xml");
    gk_pkg_relate(&pkg, doc, REL_OD "fontTable", "fontTable.xml");
    gk_docx_footers footers; /* [landscape][even] */
    for (int l = 0; l < 2; l++)
        for (int o = 0; o < 2; o++) footers.id[l][o] = gk_pkg_relate(&pkg, doc, REL_OD "footer", footer_names[l][o]);

    /* the body first: it decides the numbering instances */
    ok = ok && gk_docx_document_xml(tree, fonts, num, &footers, &doc->data) &&
         gk_docx_styles_xml(fonts, tree->root && has_fit_table(tree->root->first), &styles->data) && gk_docx_numbering_xml(num, &numbering->data) &&
         gk_docx_settings_xml(&settings->data) && gk_docx_font_table_xml(fonts, &font_table->data) &&
         gk_docx_footer_xml(true, false, &footer[0][0]->data) && gk_docx_footer_xml(false, false, &footer[0][1]->data) &&
         gk_docx_footer_xml(true, true, &footer[1][0]->data) && gk_docx_footer_xml(false, true, &footer[1][1]->data) &&
         gk_docx_core_xml(&tree->meta, &core->data) && gk_docx_app_xml(&app->data);
    if (!ok) gk_buf_puts(&error, "out of memory or an XML error while writing the parts");
    else ok = gk_pkg_write(&pkg, path, &error);
    if (!ok) gk_diag_add(diags, GK_ERROR, "io", name, 0, 0, "", "cannot write the docx: %s", gk_buf_str(&error));
    gk_pkg_free(&pkg);
    gk_buf_free(&error);
    if (num) gk_docx_numbering_free(num);
    free(num);
    return ok ? GK_OK : GK_IO;
}
