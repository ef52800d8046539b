/* The public face of composing and rendering (gongkai.h). */
#include "compose.h"
#include "diag.h"
#include "model.h"
#include "render.h"
#include "tpl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct gk_document {
    gk_tree tree;
};

gk_status gk_document_compose(gk_model *m, const char *template_dir, gk_document **out, gk_diags *diags)
{
    *out = NULL;
    gk_document *d = calloc(1, sizeof *d);
    if (!d || !gk_tree_init(&d->tree)) {
        free(d);
        return GK_NOMEM;
    }
    const char *name = m->in.template_name.set ? m->in.template_name.s : gk_doc_kind_names[m->in.document.v];
    gk_tpl_source src = {NULL, template_dir};
    gk_tpl_output lines = {0};
    gk_status st = gk_tpl_expand(&src, name, m, &lines, diags);
    if (st == GK_OK) st = gk_compose_lines(&lines, &d->tree, diags);
    gk_tpl_output_free(&lines);
    if (st != GK_OK) {
        gk_document_free(d);
        return st;
    }
    *out = d;
    return GK_OK;
}

void gk_document_free(gk_document *d)
{
    if (!d) return;
    gk_tree_free(&d->tree);
    free(d);
}

/* Writes `data` to `path` through a temporary file and a rename, so a
 * reader never sees half a file and a failure leaves nothing behind. */
static gk_status write_atomically(const char *path, const void *data, size_t len, gk_diags *diags)
{
    gk_buf tmp = {0};
    gk_buf_printf(&tmp, "%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(gk_buf_str(&tmp), "wb");
    bool ok = f && fwrite(data, 1, len, f) == len;
    if (f && fclose(f) != 0) ok = false;
    if (ok && rename(gk_buf_str(&tmp), path) != 0) ok = false;
    if (!ok) {
        gk_diag_add(diags, GK_ERROR, "io", path, 0, 0, "", "cannot write: %s", strerror(errno));
        remove(gk_buf_str(&tmp));
    }
    gk_buf_free(&tmp);
    return ok ? GK_OK : GK_IO;
}

gk_status gk_document_write(const gk_document *d, const char *format, const char *path, gk_diags *diags)
{
    gk_buf out = {0};
    if (strcmp(format, "txt") == 0) gk_render_txt(&d->tree, &out);
    else {
        gk_diag_add(diags, GK_ERROR, "format", path, 0, 0, "", "this build cannot write %s yet", format);
        return GK_INVALID;
    }
    gk_status st = out.oom ? GK_NOMEM : write_atomically(path, gk_buf_str(&out), out.len, diags);
    gk_buf_free(&out);
    return st;
}
