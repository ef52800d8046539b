/* Building the diagnostic list of gongkai.h. The library never prints: it
 * fills a gk_diags and the CLI prints it. */
#ifndef GK_DIAG_H
#define GK_DIAG_H

#include "gongkai.h"

/* Appends a diagnostic; file and path are copied (either may be NULL). When
 * memory runs out nothing is appended and d->oom is set (counted as an error),
 * so no item ever holds a NULL string. */
void gk_diag_add(gk_diags *d, gk_severity sev, const char *code, const char *file,
                 unsigned line, unsigned col, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

/* Records that a diagnostic could not be made for want of memory: sets d->oom
 * (counted as one error, however often it happens). */
void gk_diags_lost(gk_diags *d);

/* Sets the cell `place` ("SHEET!C12") of `g` to a copy (none when out of memory). */
void gk_diag_set_place(gk_diag *g, const char *place);

/* Replaces the input path of `g` with a copy of `path` (kept when out of memory). */
void gk_diag_set_path(gk_diag *g, const char *path);


#endif
