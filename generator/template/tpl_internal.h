/* The template language's syntax tree and the state of one expansion,
 * shared by the parser (tpl_parse.c) and the evaluator (tpl.c). Private to
 * this folder. */
#ifndef GK_TPL_INTERNAL_H
#define GK_TPL_INTERNAL_H

#include "fields.h"
#include "node.h"
#include "tpl.h"

#include <stdbool.h>

/* ---- syntax tree ---- */

typedef enum { E_PATH, E_STR, E_NUM, E_BOOL, E_NOT, E_AND, E_OR, E_CMP } ekind;
typedef enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE } cmp_op;

typedef struct tpl_expr tpl_expr;
typedef struct tpl_filter {
    const char *name;
    tpl_expr *arg;
    unsigned line, col;
    struct tpl_filter *next;
} tpl_filter;

struct tpl_expr {
    ekind kind;
    unsigned line, col;
    union {
        struct { const char **segs; size_t n; } path;
        struct { const char *s; size_t len; } str;
        gk_dec num;
        bool boolean;
        struct { tpl_expr *a, *b; cmp_op op; } bin;
    } as;
    tpl_filter *filters;
};

typedef enum { N_TEXT, N_EXPR, N_IF, N_FOR, N_INCLUDE, N_SET } nkind;

/* name = expression: a {% set %}, or one parameter of an include's "with" */
typedef struct tpl_binding {
    const char *name;
    tpl_expr *expr;
    struct tpl_binding *next;
} tpl_binding;
typedef struct tpl_node tpl_node;
struct tpl_node {
    nkind kind;
    unsigned line, col;
    tpl_node *next;
    union {
        struct { const char *s; size_t len; } text;
        tpl_expr *expr;
        struct { tpl_expr *cond; tpl_node *then, *els; } iff;
        /* for a in x; for a, b in x, y (side by side, to the longer list) */
        struct { const char *var[2]; tpl_expr *seq[2]; int n; tpl_node *body; } loop;
        struct { const char *name; tpl_binding *with; } include;
        tpl_binding *set;
    } as;
};

typedef struct tpl_parsed {
    const char *name;
    const char *origin; /* "built-in", "in memory" or the file */
    int kind;           /* the document kind its {% document KIND %} declares, or -1 */
    unsigned kind_line;
    tpl_node *body;
    struct tpl_parsed *next;
} tpl_parsed;

/* ---- the run ---- */

typedef struct val val;


/* ---- values ---- */

typedef enum { V_NONE, V_TEXT, V_NUM, V_BOOL, V_OBJ, V_LIST } vkind;

struct val {
    vkind k;
    const char *s; /* V_TEXT */
    size_t len;
    gk_dec d;      /* V_NUM */
    gk_fig_kind fk; /* V_NUM: how it prints (a filter sets it) */
    int places;     /* V_NUM: -1, as exact as it is */
    bool b;        /* V_BOOL */
    const void *ptr;      /* V_OBJ: the struct; V_LIST: the gk_list */
    const gk_shape *shape; /* V_OBJ */
    const gk_field *field; /* V_LIST: its field */
};


/* A name bound by {% set %} or an include's "with": visible to the rest of
 * the template or loop round it was first bound in (and what that
 * includes), and dropped when that ends. */
typedef struct tpl_set_var {
    const char *name;
    val v;
    size_t depth; /* r->depth when it was bound: loop variables bound later shadow it */
} tpl_set_var;

/* How many names {% set %} and "with" may bind at once. */
#define GK_TPL_MAX_SETS 256

/* The name diagnostics give the built-in templates/profile.ini. */
#define GK_TPL_PROFILE_BUILTIN "built-in profile.ini"

/* One value of the profile (profile.c): the built-in default, or the
 * profile folder's own where its profile.ini sets it. */
typedef struct tpl_profile_value {
    const char *section, *key, *value;
    const char *file; /* "built-in profile.ini" or the folder's file */
    unsigned line;
} tpl_profile_value;


typedef struct tpl_scope_var {
    const char *name;
    const void *ptr; /* element */
    const gk_field *field; /* list field the element belongs to */
    size_t index, count;
} tpl_scope_var;

typedef struct tpl_run {
    const gk_tpl_source *src;
    gk_model *m;
    gk_diags *diags;
    gk_arena arena; /* parse trees */
    tpl_parsed *templates;
    gk_tpl_output *out;
    gk_buf line;        /* the output line being built */
    size_t out_bytes;   /* in the lines ended so far (bounded in exec) */
    size_t steps;       /* of evaluation: nodes run, loop rounds, expressions, filters (bounded) */
    const char *line_tpl;
    unsigned line_src;
    bool line_started;
    tpl_scope_var scope[16];
    size_t depth;
    int include_depth;
    bool failed;
    gk_status status; /* GK_IO or GK_NOMEM when a file could not be read, else GK_OK */
    /* the template being tpl_parsed */
    const char *tpl;
    tpl_set_var sets[GK_TPL_MAX_SETS];
    size_t nsets, sets_base; /* sets_base: the first bound in the current template (its parameters) */
    tpl_profile_value *profile; /* in arena */
    size_t nprofile, profile_cap;
    /* the profile folder's [templates] KIND that chose the template, so an
     * error about the template's kind can name it; NULL otherwise */
    const tpl_profile_value *chosen_by;
} tpl_run;

/* Reads the built-in profile.ini and then DIR/profile.ini of the template
 * folder, when it has one; false (with the errors, at FILE:LINE) when either
 * cannot be read or the folder's sets a key the defaults do not have. */
bool gk_tpl_profile_load(tpl_run *r);

/* The value of profile.SECTION.KEY, or NULL when there is no such key. */
const tpl_profile_value *gk_tpl_profile_get(tpl_run *r, const char *section, const char *key);

/* Appends the keys of [section] (or, for NULL, the sections) to `out`, for a message. */
void gk_tpl_profile_known(tpl_run *r, const char *section, gk_buf *out);

/* Records a template error at a place in `tpl` and marks the run failed. */
void gk_tpl_fail(tpl_run *r, const char *tpl, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The parsed template `name`, parsed on first use and kept in r->templates.
 * `from` names the template whose include asks for it (NULL at the top);
 * NULL with an error reported when there is no such template or it does not
 * parse. */
tpl_parsed *gk_tpl_load(tpl_run *r, const char *name, unsigned line, unsigned col, const char *from);

#endif
