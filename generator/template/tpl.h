/* The template language (templates/README.md).
 *
 * Phase 1 (this header): a template is parsed into a small syntax tree of
 * text, {{ expressions | filters }} and {% if / for / include %} blocks, and
 * evaluated against the model into lines of document markup. Substituted
 * values are fenced with GK_TPL_OPEN … GK_TPL_CLOSE (C0 characters the model
 * never contains), so a value can never be mistaken for markup. A number
 * stays a number: it is fenced as OPEN FIGURE kind places value CLOSE, where
 * kind is '0' + its gk_fig_kind (node.h), places '0' + 1 + its places (-1:
 * as exact as it is) and value its exact decimal, and phase 2 makes it a
 * FIGURE node.
 * Phase 2 (compose.c) reads those lines into the document tree.
 */
#ifndef GK_TPL_H
#define GK_TPL_H

#include "arena.h"
#include "buf.h"
#include "gongkai.h"
#include "model.h"

#include <stdbool.h>

#define GK_TPL_OPEN '\x01'
#define GK_TPL_CLOSE '\x02'
#define GK_TPL_FIGURE '\x03'

typedef struct gk_builtin_template { const char *name; const char *text; } gk_builtin_template;

/* Where templates come from, searched in this order: `extra` (templates in
 * memory, a {NULL, NULL}-terminated array, or NULL), the directory `dir`
 * (files named NAME.tmpl, or NULL), the built-in set compiled into the
 * program. */
typedef struct gk_tpl_source {
    const gk_builtin_template *extra;
    const char *dir;
    /* When the template to expand is the default one of this document kind
     * (the input and the manifest name none), the profile's [templates]
     * KIND (DIR/profile.ini, else the built-in one) chooses it; NULL when the
     * name was chosen by name. */
    const char *kind;
} gk_tpl_source;

/* How long a template file may be: far beyond the largest built-in one
 * (12 KiB), and a bound on what a folder's template can make gongkai read. */
#define GK_TPL_MAX_FILE (4u * 1024 * 1024)

/* Whether `name` may name a template: 1 to 64 ASCII letters, digits, '-'
 * and '_'. Nothing else reaches the file system, so a name can neither walk
 * out of the template folder ("../x", "/etc/x") nor hide a suffix. */
bool gk_tpl_name_ok(const char *name);

/* Looks template `name` up. GK_OK with *text set when it was found (*origin:
 * "in memory", "built-in" or the file's path, owned by `arena`); GK_OK with
 * *text NULL when there is none. GK_IO or GK_INVALID when the folder has
 * something by that name that cannot be used — a folder, a FIFO, a device, a
 * dangling link, a link leading out of the folder, a file over
 * GK_TPL_MAX_FILE — or when the folder itself cannot be read; then *origin
 * is the path and *why (static or in `arena`) says what is wrong. A name that
 * fails gk_tpl_name_ok is GK_INVALID without touching the file system. */
gk_status gk_tpl_find(const gk_tpl_source *src, const char *name, gk_arena *arena, const char **text,
                      const char **origin, const char **why);

/* One output line of phase 1 and where in which template it began. */
typedef struct gk_tpl_line {
    char *text; /* owned by the output's arena */
    size_t len;
    const char *tpl; /* template name */
    unsigned line;
} gk_tpl_line;

typedef struct gk_tpl_output {
    gk_arena arena;
    gk_tpl_line *lines;
    size_t count, cap;
} gk_tpl_output;

/* Parses template `name` (and what it includes) and evaluates it against the
 * checked and completed model. Template errors go to `diags` as
 * "TEMPLATE:LINE:COL" with what was expected. */
gk_status gk_tpl_expand(const gk_tpl_source *src, const char *name, gk_model *m, gk_tpl_output *out,
                        gk_diags *diags);
void gk_tpl_output_free(gk_tpl_output *out);

/* Appends a template error, placed as "template NAME:LINE:COL". */
void gk_tpl_error(gk_diags *diags, const char *tpl, unsigned line, unsigned col, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));

/* The built-in templates (generated from templates/ at build time). */
extern const gk_builtin_template gk_builtin_templates[];

/* The built-in profile wording, templates/profile.ini (one entry). */
extern const gk_builtin_template gk_builtin_profiles[];

#endif
