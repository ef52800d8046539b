/* Helpers shared by the test programs: reading files of the source tree,
 * patching a base input, loading it, and finding diagnostics.
 *
 * Every helper that can go wrong fails the running cmocka test itself, so a
 * test reads as a list of expectations. Whatever a helper returns (strings,
 * models, diagnostic lists, arenas) is owned by the running test and freed by
 * gk_test_cleanup after it, passed or failed, so a failing test leaks nothing
 * and a leak reported by ASan is the library's.
 */
#ifndef GK_TEST_SUPPORT_H
#define GK_TEST_SUPPORT_H

/* cmocka needs these before it */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdbool.h>

#include "gongkai.h"

#ifndef GK_SOURCE_DIR
#error "GK_SOURCE_DIR must name the source tree (tests/CMakeLists.txt defines it)"
#endif

/* A test with the cleanup below (use instead of cmocka_unit_test). */
#define GK_TEST(f) cmocka_unit_test_teardown(f, gk_test_cleanup)

/* Frees everything the helpers handed out since the last cleanup. */
int gk_test_cleanup(void **state);

/* Hands p (malloc'ed) to the running test, to be freed after it; returns p. */
void *gk_test_keep(void *p);

/* An empty diagnostic list and an empty arena owned by the running test. */
gk_diags *gk_test_diags(void);
struct gk_arena *gk_test_arena(void);

/* GK_SOURCE_DIR/rel. */
char *gk_test_path(const char *rel);

/* The whole file GK_SOURCE_DIR/rel, NUL-terminated; *len (if not NULL)
 * receives its length. Fails the test when it cannot be read. */
char *gk_test_read(const char *rel, size_t *len);

/* One textual change of a base input: the first occurrence of `from` after
 * the first occurrence of `anchor` becomes `to`. With anchor NULL, `from`
 * must occur exactly once in the whole text. */
typedef struct gk_patch {
    const char *anchor, *from, *to;
} gk_patch;

/* A copy of `text` with the patches applied in order; a patch list ends at
 * the first entry whose `from` is NULL (or after `max` entries). Fails the
 * test when a patch does not apply. */
char *gk_test_patch(const char *text, const gk_patch *patches, size_t max);

/* Loads `text` (JSON, or INI when is_ini) as file `name`, appending to *d.
 * Fails the test unless the status is `expect`. */
gk_model *gk_test_load(const char *name, const char *text, bool is_ini, gk_status expect, gk_diags *d);

/* The first diagnostic with this code and, unless path is NULL, this input
 * path; NULL when there is none. */
const gk_diag *gk_test_find(const gk_diags *d, const char *code, const char *path);

/* Like gk_test_find, but fails the test (listing the diagnostics) when there
 * is no such diagnostic. */
const gk_diag *gk_test_expect(const gk_diags *d, const char *code, const char *path);

/* Fails the test unless g's message contains each of the needles (a list
 * ending at the first NULL, or after `max` entries). */
void gk_test_expect_message(const gk_diag *g, const char *const *needles, size_t max);

/* Fails the test unless g is at this line and column. */
void gk_test_expect_place(const gk_diag *g, unsigned line, unsigned col);

/* Fails the test unless the list has exactly `errors` errors and `warnings`
 * warnings (pass (size_t)-1 to skip either), listing them when not. */
void gk_test_expect_counts(const gk_diags *d, size_t errors, size_t warnings);

/* Prints the diagnostics the way `gongkai check` does, for failing tests. */
void gk_test_print_diags(const gk_diags *d);

/* Line and column (1-based, counting characters) where the first occurrence
 * of `needle` starts in `text`; fails the test when there is none. */
void gk_test_position(const char *text, const char *needle, unsigned *line, unsigned *col);

/* Loads GK_SOURCE_DIR/rel with gk_model_load_file; fails the test unless the
 * status is `expect`. */
gk_model *gk_test_load_file(const char *rel, gk_status expect, gk_diags *d);

/* Fails the test unless the text at g's line and column starts with `want`:
 * the diagnostic points at the figure it names. */
void gk_test_expect_points_at(const gk_diag *g, const char *text, const char *want);

/* Runs `f` once per element of a case table as one cmocka group: each case
 * is a test of its own (with the cleanup), named by the case's first member
 * (a const char *), and receives a pointer to its case as *state. Returns the
 * number of failed cases. */
int gk_test_run_cases(const char *group, CMUnitTestFunction f, const void *cases, size_t size, size_t n);

#endif
