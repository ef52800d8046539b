/* Arithmetic identities as data: the rules files (templates/NAME.rules, their
 * format in templates/README.md, "Rules") and the one evaluator that checks a
 * model against them on exact decimals.
 *
 * A rules file is INI: one section per rule, named by the rule's stable id;
 * `form` says what it checks (sum, equal, at-most, product, display-sum) and
 * the other keys name figures by their input paths ("/income/total",
 * "/procurement/units/ * /items/ * /amount", written without the spaces), resolved through the field tables
 * (fields.c), so any figure of the input is addressable without new C. The
 * evaluator never changes a stated figure: what it computes goes beside it
 * (gk_num.calc), and its diagnostics are those check.c wrote by hand before
 * (the same codes and messages). */
#ifndef GK_RULES_H
#define GK_RULES_H

#include "check_util.h"

/* A built-in rules file (compiled in from templates/NAME.rules). */
typedef struct gk_builtin_rules { const char *name; const char *text; } gk_builtin_rules;
extern const gk_builtin_rules gk_builtin_rules_files[];

/* The text of rules file NAME: DIR/NAME.rules when dir is not NULL and that
 * file exists, else the built-in one. *origin receives the file's path or
 * "built-in NAME.rules" (for diagnostics); both strings live in `arena`. NULL
 * when DIR/NAME.rules exists but cannot be read (a folder, a FIFO, larger than
 * 1 MiB: read as gk_file_read reads) or there is no such file at all; *why
 * then says why. */
const char *gk_rules_find(const char *dir, const char *name, gk_arena *arena, const char **origin, const char **why);

/* Checks c->m against the rules file `text` (named `origin` in diagnostics).
 * A problem of the file itself (syntax, an unknown form or key, a path that
 * resolves to nothing) is a "bad-rules" error naming the file, line and key;
 * that rule is skipped and the others run. */
void gk_rules_check(gk_checker *c, const char *origin, const char *text);

/* The figure at a concrete input path ("/three_public/change_total",
 * "/procurement/funding/general", "/projects/1/budget"), as a document
 * prints it (gk_num_printed); false when the path names no figure or the
 * figure has no value. */
bool gk_model_figure(const gk_model *m, const char *path, gk_dec *out);

#endif
