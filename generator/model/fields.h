/* The field tables: one description of the input format that the loader,
 * the JSON Schema writer and the checks share. */
#ifndef GK_FIELDS_H
#define GK_FIELDS_H

#include <stddef.h>

typedef enum gk_ftype {
    GK_FT_TEXT,
    GK_FT_AMOUNT,  /* non-negative decimal, ≤ 6 places */
    GK_FT_SIGNED,  /* decimal of either sign */
    GK_FT_DECIMAL, /* non-negative decimal that is not money (weights, thresholds) */
    GK_FT_PERCENT, /* "98.81%" or 98.81, either sign */
    GK_FT_INT,
    GK_FT_BOOL,
    GK_FT_ENUM,
    GK_FT_OBJECT,
    GK_FT_LIST
} gk_ftype;

enum {
    GK_FF_REQUIRED = 1u << 0,
    GK_FF_NULLABLE = 1u << 1, /* the value (or each list element) may be null */
    GK_FF_DATE = 1u << 2,     /* text in the form YYYY-MM-DD */
    GK_FF_NOSET = 1u << 3,    /* set_off is unused */
    GK_FF_DERIVED = 1u << 4,  /* not read from input: computed by the check (gk_num.calc, a rules file's sum), visible to templates */
    GK_FF_FILENAME = 1u << 5, /* text that becomes a file name (batch output): see load.c, file_name_problem */
    GK_FF_IDENT = 1u << 6,    /* a name such as a template's: letters, digits, '-' and '_' only */
    GK_FF_VISIBLE = 1u << 7,  /* text that, when given, must have a visible character (required texts must anyway) */
    GK_FF_BLANK = 1u << 8     /* a required text that may be "" (an empty table cell) */
};

typedef struct gk_shape gk_shape;

typedef struct gk_field {
    const char *key;
    gk_ftype type;
    unsigned flags;
    size_t off;
    size_t set_off;              /* OBJECT: a bool set when present (unless GK_FF_NOSET) */
    const gk_shape *shape;       /* OBJECT, LIST of OBJECT */
    gk_ftype elem;               /* LIST: the element type */
    const char *const *names;    /* ENUM: NULL-terminated */
    const char *doc;
} gk_field;

struct gk_shape {
    const char *name;
    size_t size;
    const gk_field *fields; /* terminated by a NULL key */
    const char *doc;
};

extern const gk_shape gk_input_shape;

#endif
