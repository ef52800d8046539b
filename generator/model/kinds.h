/* The document kinds: everything gongkai knows about a kind stands in one
 * table (kinds.c), which the input's "document" field, the check, the
 * templates' {% document KIND %} and the renderer all read. A new kind is a
 * row there, its template and its rules files. */
#ifndef GK_KINDS_H
#define GK_KINDS_H

#include "model.h"

#include <stdbool.h>

typedef struct gk_kind {
    const char *name;            /* "budget": the input's "document", a template's {% document %} */
    const char *template_name;   /* the template used when the input names none */
    const char *subject;         /* the document's subject after the year and 部门/单位: 预算信息公开 */
    const char *const *rules;    /* the rules files it is checked with, by name, in order */
    const char *const *needs;    /* the top-level input fields it cannot be written without */
} gk_kind;

/* In gk_doc_kind order, ending with a NULL name; gk_doc_kind_names (model.h)
 * holds the same names, for the input's enumeration. */
extern const gk_kind gk_kinds[];

/* The kind of an input: its "document", budget when it names none. */
const gk_kind *gk_kind_of(const gk_input *in);

/* Whether the top-level field `key` of `in` was given (a section, a list, a
 * text); false for a key the input does not have. */
bool gk_input_has(const gk_input *in, const char *key);

#endif
