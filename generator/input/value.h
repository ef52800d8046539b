/* The input value tree: what a JSON or INI file says, before it is given
 * meaning. Every node knows where it came from (line, column). Both readers
 * build this tree, and one loader turns it into the model, so INI and JSON
 * cannot load differently. All nodes live in the arena passed to the reader.
 */
#ifndef GK_VALUE_H
#define GK_VALUE_H

#include "arena.h"
#include "buf.h"
#include "gongkai.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum gk_vtype {
    GK_V_NULL,
    GK_V_BOOL,
    GK_V_NUMBER, /* a JSON number; its literal text is in `str` */
    GK_V_STRING,
    GK_V_ARRAY,
    GK_V_OBJECT
} gk_vtype;

typedef struct gk_value gk_value;

typedef struct gk_member {
    const char *key;
    unsigned line, col;
    gk_value *value;
} gk_member;

struct gk_value {
    gk_vtype type;
    bool untyped; /* INI text: the loader converts it to the field's type */
    bool refused; /* the reader refused this value and said why: the loader skips it */
    bool date_cell; /* XLSX: the cell was a date (its text is YYYY-MM-DD): only a date field takes it */
    bool text_cell; /* XLSX: a text in a cell not formatted as text: a figure there is "a number stored as text" */
    unsigned line, col;
    unsigned header_line; /* INI: line of the [section] that names this container, 0 if none */
    union {
        bool boolean;
        struct { const char *s; size_t len; } str;
        struct { gk_value **items; size_t count, cap; } array;
        struct { gk_member *items; size_t count, cap; } object;
    } as;
};

/* Limits on what a reader accepts ("absurd sizes"). */
#define GK_MAX_FILE (16u * 1024 * 1024)
#define GK_MAX_TEXT (64u * 1024)
#define GK_MAX_ITEMS 10000u
#define GK_MAX_DEPTH 32u

/* Both readers: parse data[0..len), build the tree in `arena`, append
 * problems (with `name` as the file) to `diags`. Return the root object, or
 * NULL when the text could not be read as a whole (the reason is in diags). */
gk_value *gk_json_read(const char *name, const char *data, size_t len, gk_arena *arena, gk_diags *diags);
gk_value *gk_ini_read(const char *name, const char *data, size_t len, gk_arena *arena, gk_diags *diags);

/* The input path of the field that holds byte `off` of a text, as far as
 * the text can be read up to it (each reader has one). */
typedef void gk_path_at_fn(const char *data, size_t off, gk_buf *out);

/* What both readers check first: drops a UTF-8 byte-order mark, refuses a
 * file over GK_MAX_FILE, a UTF-16 file, and ill-formed UTF-8 or a NUL byte,
 * naming the line, the column and, through `path_at`, the field. Returns
 * false (with the diagnostic) when the text cannot be read. */
bool gk_input_precheck(const char *name, const char **data, size_t *len, gk_path_at_fn *path_at, gk_diags *diags);

/* Tree building shared by the readers. Each returns NULL when out of memory. */
gk_value *gk_value_new(gk_arena *a, gk_vtype type, unsigned line, unsigned col);
bool gk_value_push(gk_arena *a, gk_value *array, gk_value *item);
bool gk_value_set(gk_arena *a, gk_value *object, const char *key, unsigned line, unsigned col, gk_value *v);
/* The member with this key, or NULL. */
gk_member *gk_value_get(const gk_value *object, const char *key);
const char *gk_vtype_name(gk_vtype t);

#endif
