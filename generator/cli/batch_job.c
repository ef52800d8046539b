/* gongkai batch: one department, in a worker — loaded, checked, composed,
 * written in every format, and its stamp written. */
#define _GNU_SOURCE
#include "batch_job.h"

#include "batch.h"
#include "batch_files.h"
#include "batch_stamp.h"
#include "batch_util.h"
#include "diag.h"
#include "gongkai.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- one department ---- */

/* A department's errors on standard error, as check prints them, the first
 * few of them: the stamp holds them all. */
static void print_errors(const gk_diags *d, const char *stamp)
{
    size_t shown = 0;
    for (size_t i = 0; i < d->count; i++) {
        const gk_diag *x = &d->items[i];
        if (x->severity != GK_ERROR || ++shown > 10) continue;
        if (x->place) fprintf(stderr, "%s:%s: error: %s", x->file ? x->file : "?", x->place, x->message);
        else fprintf(stderr, "%s:%u:%u: error: %s", x->file ? x->file : "?", x->line, x->col, x->message);
        if (x->path && x->path[0]) fprintf(stderr, " [%s]", x->path);
        fputc('\n', stderr);
    }
    if (shown > 10) fprintf(stderr, "… and %zu more errors in %s\n", shown - 10, stamp);
}

int gk_batch_run_job(const options *o, const job *j, const char *setup, const char *stamp)
{
    /* a manifest row's profile replaces the command line's templates, rules
     * and fonts for that department, and so its setup's fingerprint */
    const char *tdir = j->profile ? j->profile : o->template_dir, *fontset = o->fontset;
    char profile_fontset[4096], own_setup[65];
    if (j->profile) {
        if (!o->fontset_given) fontset = gk_cli_profile_fontset(j->profile, profile_fontset, sizeof profile_fontset);
        options q = *o;
        q.template_dir = tdir;
        q.fontset = fontset;
        gk_batch_setup_fingerprint(&q, own_setup);
        setup = own_setup;
    }
    char input_sha[65] = "";
    size_t input_len;
    char *input = gk_batch_read(j->input, GK_MAX_FILE, &input_len, NULL);
    if (input) gk_batch_sha256_hex(input, input_len, input_sha);
    if (!o->force && input_sha[0] && gk_batch_stamp_current(stamp, input_sha, setup)) {
        free(input);
        return ST_UNCHANGED;
    }

    gk_diags d = {0};
    gk_model *m = NULL;
    gk_document *doc = NULL;
    gk_render_options ro = {fontset};
    /* the bytes just hashed are the ones checked; a file that could not be
     * read is left to the loader, whose diagnostic says why */
    gk_status st = input ? gk_model_load_buffer(j->input, input, input_len, gk_batch_ends_with(j->input, ".ini"), &m, &d)
                         : gk_model_load_file(j->input, &m, &d);
    free(input);
    if (st == GK_OK) st = gk_model_check_with(m, tdir, &d);
    else if (st == GK_INVALID && gk_model_parsed(m) && gk_model_check_with(m, tdir, &d) == GK_NOMEM)
        st = GK_NOMEM; /* refused fields: still every problem in one run */
    if (st == GK_OK) st = gk_document_compose_with(m, tdir, j->template, &doc, &d);

    yajl_gen g = yajl_gen_alloc(NULL);
    gk_batch_stamp_head(g, j, input_sha, setup);
    gk_batch_gen_key(g, "outputs");
    yajl_gen_array_open(g);
    char *formats = gk_batch_strdup(o->formats);
    for (char *fmt = st == GK_OK ? strtok(formats, ",") : NULL; fmt; fmt = strtok(NULL, ",")) {
        char *file = gk_batch_printf("%s/%s.%s", o->out, j->name, fmt);
        gk_status w = gk_document_write(doc, fmt, file, &ro, &d);
        if (w != GK_OK) {
            free(file);
            st = w;
            break;
        }
        char sha[65] = "";
        size_t bytes = 0;
        char *text = gk_batch_read(file, MAX_OUTPUT, &bytes, NULL);
        if (text) gk_batch_sha256_hex(text, bytes, sha);
        yajl_gen_map_open(g);
        gk_batch_gen_key(g, "format"), gk_batch_gen_str(g, fmt);
        gk_batch_gen_key(g, "path"), gk_batch_gen_str(g, file);
        gk_batch_gen_key(g, "bytes"), yajl_gen_integer(g, (long long)bytes);
        gk_batch_gen_key(g, "sha256"), gk_batch_gen_str(g, sha);
        gk_batch_gen_key(g, "pages");
        if (strcmp(fmt, "pdf") == 0 && text) yajl_gen_integer(g, gk_batch_pdf_pages(text, bytes));
        else yajl_gen_null(g);
        yajl_gen_map_close(g);
        free(text);
        free(file);
    }
    free(formats);
    yajl_gen_array_close(g);
    int status = st == GK_OK ? ST_OK : st == GK_INVALID ? ST_INVALID : ST_ERROR;
    if (status != ST_OK) gk_batch_remove_outputs(o, j); /* never publish what the input no longer gives */
    if (st == GK_NOMEM) { /* said once there is memory again to say it */
        gk_document_free(doc), doc = NULL;
        gk_model_free(m), m = NULL;
        gk_diag_add(&d, GK_ERROR, "nomem", j->input, 0, 0, "", "out of memory%s",
                    o->max_memory_mib ? " (more than --max-memory allows)" : "");
    }
    gk_batch_gen_key(g, "status"), gk_batch_gen_str(g, gk_batch_status_word(status));
    gk_batch_gen_key(g, "errors"), yajl_gen_integer(g, (long long)d.errors);
    gk_batch_gen_key(g, "warnings"), yajl_gen_integer(g, (long long)d.warnings);
    gk_batch_gen_key(g, "diagnostics");
    yajl_gen_array_open(g);
    gk_diags_sort(&d);
    for (size_t i = 0; i < d.count; i++) {
        const gk_diag *x = &d.items[i];
        yajl_gen_map_open(g);
        gk_batch_gen_key(g, "severity"), gk_batch_gen_str(g, x->severity == GK_ERROR ? "error" : "warning");
        gk_batch_gen_key(g, "code"), gk_batch_gen_str(g, x->code);
        gk_batch_gen_key(g, "file"), gk_batch_gen_str(g, x->file);
        gk_batch_gen_key(g, "line"), yajl_gen_integer(g, x->line);
        gk_batch_gen_key(g, "col"), yajl_gen_integer(g, x->col);
        if (x->place) gk_batch_gen_key(g, "cell"), gk_batch_gen_str(g, x->place); /* an XLSX input */
        gk_batch_gen_key(g, "path"), gk_batch_gen_str(g, x->path);
        gk_batch_gen_key(g, "message"), gk_batch_gen_str(g, x->message);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    if (!gk_batch_write_gen(g, stamp) && status == ST_OK) status = ST_ERROR;
    print_errors(&d, stamp);
    yajl_gen_free(g);
    gk_document_free(doc);
    gk_model_free(m);
    gk_diags_clear(&d);
    return status;
}

