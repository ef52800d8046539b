/* gongkai — budget-disclosure documents for Hebei departments.
 *
 * The public interface. Everything else under generator/ is private to the
 * program and its tests. Ownership is stated next to each function: "owned by
 * the caller" means the caller frees it with the named function.
 */
#ifndef GONGKAI_H
#define GONGKAI_H

#include <stdbool.h>
#include <stddef.h>

#define GK_VERSION "0.1.0"

/* ---- Diagnostics --------------------------------------------------------- */

typedef enum gk_severity { GK_ERROR, GK_WARNING } gk_severity;

/* One problem found in an input. `file`, `path` and `message` are owned by the
 * gk_diags that holds the diagnostic. `line` and `col` are 1-based (col counts
 * characters, not bytes); 0 when the problem has no place in the file.
 * `path` is the input path, e.g. "/projects/3/indicators/2/value" ("" for the
 * file as a whole). `code` is a stable short name such as "sum-mismatch". */
typedef struct gk_diag {
    gk_severity severity;
    const char *code;
    char *file;
    unsigned line, col;
    char *path;
    char *message;
    /* An XLSX input's cell, "SHEET!C12", printed in place of LINE:COL; NULL
     * otherwise (owned like the strings above). */
    char *place;
} gk_diag;

typedef struct gk_diags {
    gk_diag *items;
    size_t count, cap;
    size_t errors, warnings;
    /* Memory ran out while a diagnostic was recorded (or while the list was
     * sorted): the list is incomplete. This counts as one error in `errors`,
     * so a list that lost something never reads as valid; a caller prints it
     * as an "out of memory" message. */
    bool oom;
} gk_diags;

/* Frees what the list holds and empties it; the struct itself is the caller's. */
void gk_diags_clear(gk_diags *d);

/* Sorts by file, line, column, keeping the order of diagnostics at one place
 * (stable, O(n log n)). Without memory for the merge the list keeps its order
 * and `oom` is set. */
void gk_diags_sort(gk_diags *d);

/* ---- Loading and checking ------------------------------------------------ */

typedef struct gk_model gk_model;

/* Status of an operation. A load may fail with GK_INVALID (the input has
 * errors, listed in the diagnostics) or GK_IO (the file cannot be read). */
typedef enum gk_status { GK_OK = 0, GK_INVALID = 1, GK_IO = 3, GK_NOMEM = 4 } gk_status;

/* Reads `path` (JSON, or INI when the name ends in .ini), converts it to the
 * model and appends every problem to `diags`. On GK_OK or GK_INVALID *out
 * receives a model (owned by the caller, free with gk_model_free) as far as it
 * could be read; on other statuses *out is NULL. */
gk_status gk_model_load_file(const char *path, gk_model **out, gk_diags *diags);

/* The same from memory; `name` is used in diagnostics. `is_ini` picks the
 * reader. The buffer is not kept. */
gk_status gk_model_load_buffer(const char *name, const char *data, size_t len,
                               bool is_ini, gk_model **out, gk_diags *diags);

/* Checks every arithmetic identity and consistency rule, computing every total
 * from its parts. The stated figures stay as the input stated them; what the
 * check computes is kept beside them, afresh on every call, so checking twice
 * gives the same figures and diagnostics. Marks the model checked (even when
 * it has errors). Appends errors and warnings to `diags`. Returns GK_OK when no
 * error was found (warnings allowed), GK_INVALID otherwise. */
gk_status gk_model_check(gk_model *m, gk_diags *diags);

/* The same with the arithmetic identities read from `rules_dir` first (the
 * template folder: DIR/NAME.rules replaces the built-in NAME.rules), then
 * among the built-in rules files; NULL: the built-in ones only. */
gk_status gk_model_check_with(gk_model *m, const char *rules_dir, gk_diags *diags);

void gk_model_free(gk_model *m);

/* ---- Documents ----------------------------------------------------------- */

typedef struct gk_document gk_document;

/* Composes the documents of a checked model (gk_model_check returned GK_OK;
 * a model never checked is refused with GK_INVALID and an "unchecked" error)
 * from its template: the input's "template", or the one named after its
 * document kind. Templates are looked up in `template_dir` first when it is
 * not NULL, then among the built-in ones. On GK_OK *out receives the
 * document (owned by the caller, free with gk_document_free). */
gk_status gk_document_compose(gk_model *m, const char *template_dir, gk_document **out, gk_diags *diags);

/* The same with the template named by the caller (a batch manifest's
 * choice); NULL means the input's own. */
gk_status gk_document_compose_with(gk_model *m, const char *template_dir, const char *template_name, gk_document **out,
                                   gk_diags *diags);

/* Options of the renderers; NULL or a zeroed struct means the defaults. */
typedef struct gk_render_options {
    const char *fontset; /* fontset file (fonts/README.md); NULL: the built-in one */
} gk_render_options;

/* The output formats, one registry that the command line, batch and
 * gk_document_write all read: a new format is one entry there
 * (render/document.c). The name is also the file's extension. */
typedef struct gk_format {
    const char *name; /* "docx" */
    const char *what; /* a few words for messages and --help */
} gk_format;

/* The i-th format of the registry (0 is the default), NULL past the last. */
const gk_format *gk_format_at(size_t i);
/* The format named `name[0..len)`, or NULL. */
const gk_format *gk_format_find(const char *name, size_t len);
/* The names of all formats as "docx, pdf, txt" (a static string). */
const char *gk_format_names(void);

/* Renders the document in `format` (a name of the registry) to the file
 * `path`, written completely or not at all (a temporary file beside it is
 * renamed into place). */
gk_status gk_document_write(const gk_document *d, const char *format, const char *path, const gk_render_options *opts,
                            gk_diags *diags);

void gk_document_free(gk_document *d);

/* Writes the JSON Schema of the input format to `out` (a FILE *). */
int gk_schema_write(void *out);

#endif
