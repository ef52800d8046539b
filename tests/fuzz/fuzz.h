/* What every harness checks after a run, besides "no crash, no leak, no
 * sanitizer report": the diagnostics are well formed. A broken invariant
 * aborts, which libFuzzer reports as a crash with the input saved. */
#ifndef GK_FUZZ_H
#define GK_FUZZ_H

#include "gongkai.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void gk_fuzz_fail(const char *what, const gk_diag *g)
{
    fprintf(stderr, "invariant broken: %s\n", what);
    if (g)
        fprintf(stderr, "  %s:%u:%u: %s [%s] (%s)\n", g->file, g->line, g->col, g->message, g->path,
                g->code ? g->code : "no code");
    abort();
}

/* Every diagnostic has a code, a message, a file; its place lies inside the
 * text (lines counted in `data`; a place one line past the end is allowed
 * for "the text ended too early"); its input path is empty or starts with
 * '/'. `file` is the name the input was given (NULL: not checked). */
static void gk_fuzz_check_diags(const gk_diags *d, const char *file, const uint8_t *data, size_t size)
{
    unsigned lines = 1;
    for (size_t i = 0; i < size; i++) lines += data[i] == '\n';
    size_t errors = 0, warnings = 0;
    for (size_t i = 0; i < d->count; i++) {
        const gk_diag *g = &d->items[i];
        if (!g->code || !g->code[0]) gk_fuzz_fail("a diagnostic without a code", g);
        if (!g->message || !g->message[0]) gk_fuzz_fail("a diagnostic without a message", g);
        if (!g->file || !g->path) gk_fuzz_fail("a diagnostic without a file or path", g);
        if (g->path[0] && g->path[0] != '/') gk_fuzz_fail("an input path that does not start with '/'", g);
        if (file && strcmp(g->file, file) == 0) {
            if (g->line > lines + 1) gk_fuzz_fail("a line past the end of the input", g);
            if (g->line && !g->col) gk_fuzz_fail("a line without a column", g);
        }
        if (g->severity == GK_ERROR) errors++;
        else warnings++;
    }
    if (errors != d->errors || warnings != d->warnings) gk_fuzz_fail("the error and warning counts are wrong", NULL);
}

#endif
