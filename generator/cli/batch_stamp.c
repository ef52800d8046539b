/* gongkai batch: what decides a department's outputs (the setup's
 * fingerprint), its stamp OUT/.gongkai/NAME.json, and the index made from
 * the stamps at the end. */
#define _GNU_SOURCE /* memmem */
#include "batch_stamp.h"

#include "batch_files.h"
#include "batch_util.h"
#include "diag.h"
#include "gongkai.h"
#include "value.h"

#include <dirent.h>
#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- the setup's fingerprint: what, besides the input, decides the outputs ---- */

static int by_string(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Every NAME.tmpl of the folder, sorted (readdir's order does not matter),
 * however many there are. */
static void fingerprint_dir(struct sha256_ctx *c, const char *dir, const char *ext)
{
    DIR *d = opendir(dir);
    if (!d) return;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!gk_batch_ends_with(e->d_name, ext)) continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            names = realloc(names, cap * sizeof *names);
            if (!names) exit(EXIT_IO);
        }
        names[n++] = gk_batch_strdup(e->d_name);
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, by_string);
    for (size_t i = 0; i < n; i++) {
        char *p = gk_batch_join(dir, names[i]);
        sha256_update(c, strlen(names[i]) + 1, (const uint8_t *)names[i]);
        gk_batch_hash_file(c, p, GK_MAX_FILE);
        free(p);
        free(names[i]);
    }
    free(names);
}

void gk_batch_setup_fingerprint(const options *o, char *out)
{
    struct sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, strlen(GK_VERSION) + 1, (const uint8_t *)GK_VERSION);
    sha256_update(&c, strlen(o->formats) + 1, (const uint8_t *)o->formats);
    gk_batch_hash_file(&c, "/proc/self/exe", MAX_PROGRAM); /* the program with its built-in templates */
    if (o->template_dir) fingerprint_dir(&c, o->template_dir, ".tmpl");
    if (o->template_dir) fingerprint_dir(&c, o->template_dir, ".rules");
    if (o->template_dir) fingerprint_dir(&c, o->template_dir, "profile.ini"); /* the profile's wording */
    if (o->fontset) gk_batch_hash_file(&c, o->fontset, GK_MAX_FILE);
    uint8_t dgst[SHA256_DIGEST_SIZE];
    sha256_digest(&c, sizeof dgst, dgst);
    gk_batch_hex(dgst, sizeof dgst, out);
}

/* ---- stamps ---- */

void gk_batch_gen_str(yajl_gen g, const char *s)
{
    if (s) yajl_gen_string(g, (const unsigned char *)s, strlen(s));
    else yajl_gen_null(g);
}

void gk_batch_gen_key(yajl_gen g, const char *k) { yajl_gen_string(g, (const unsigned char *)k, strlen(k)); }

/* Copies a value tree into a generator (stamps into the index). */
static void gen_value(yajl_gen g, const gk_value *v)
{
    switch (v->type) {
    case GK_V_NULL: yajl_gen_null(g); break;
    case GK_V_BOOL: yajl_gen_bool(g, v->as.boolean); break;
    case GK_V_NUMBER: yajl_gen_number(g, v->as.str.s, v->as.str.len); break;
    case GK_V_STRING: yajl_gen_string(g, (const unsigned char *)v->as.str.s, v->as.str.len); break;
    case GK_V_ARRAY:
        yajl_gen_array_open(g);
        for (size_t i = 0; i < v->as.array.count; i++) gen_value(g, v->as.array.items[i]);
        yajl_gen_array_close(g);
        break;
    case GK_V_OBJECT:
        yajl_gen_map_open(g);
        for (size_t i = 0; i < v->as.object.count; i++) {
            gk_batch_gen_key(g, v->as.object.items[i].key);
            gen_value(g, v->as.object.items[i].value);
        }
        yajl_gen_map_close(g);
        break;
    }
}

/* Writes g's text, and a line break, to path (write_file). */
bool gk_batch_write_gen(yajl_gen g, const char *path)
{
    const unsigned char *buf;
    size_t len;
    yajl_gen_get_buf(g, &buf, &len);
    char *text = malloc(len + 1);
    if (!text) return false;
    memcpy(text, buf, len);
    text[len] = '\n';
    bool ok = gk_batch_write_file(path, text, len + 1);
    free(text);
    return ok;
}

/* Pages of a PDF: its /Type /Page objects. */
long gk_batch_pdf_pages(const char *text, size_t len)
{
    long n = 0;
    for (const char *p = text; (p = memmem(p, len - (size_t)(p - text), "/Type /Page", 11)) != NULL; p += 11)
        if ((size_t)(p - text) + 11 >= len || p[11] != 's') n++;
    return n;
}

const char *gk_batch_status_word(int status)
{
    static const char *const words[] = {"ok", "invalid", "unchanged", "error", "crashed"};
    return words[status];
}

/* Is the department's stamp current: same input, same setup, rendered,
 * outputs still there with their sizes? */
bool gk_batch_stamp_current(const char *stamp, const char *input_sha, const char *setup)
{
    size_t len;
    char *text = gk_batch_read_own(stamp, &len);
    if (!text) return false;
    gk_arena arena = {0};
    gk_diags quiet = {0};
    gk_value *root = gk_json_read(stamp, text, len, &arena, &quiet);
    bool ok = root && gk_batch_member_text(root, "input_sha256") && strcmp(gk_batch_member_text(root, "input_sha256"), input_sha) == 0 &&
              gk_batch_member_text(root, "setup") && strcmp(gk_batch_member_text(root, "setup"), setup) == 0 &&
              gk_batch_member_text(root, "status") && strcmp(gk_batch_member_text(root, "status"), "ok") == 0;
    gk_member *outs = ok ? gk_value_get(root, "outputs") : NULL;
    ok = ok && outs && outs->value->type == GK_V_ARRAY;
    for (size_t i = 0; ok && i < outs->value->as.array.count; i++) {
        const gk_value *o = outs->value->as.array.items[i];
        const char *file = gk_batch_member_text(o, "path");
        gk_member *bytes = gk_value_get(o, "bytes");
        struct stat st;
        ok = file && bytes && bytes->value->type == GK_V_NUMBER && lstat(file, &st) == 0 && S_ISREG(st.st_mode) &&
             st.st_size == strtol(bytes->value->as.str.s, NULL, 10);
    }
    gk_diags_clear(&quiet);
    gk_arena_free(&arena);
    free(text);
    return ok;
}

/* The start of every stamp: who, from what, with which setup. */
void gk_batch_stamp_head(yajl_gen g, const job *j, const char *input_sha, const char *setup)
{
    yajl_gen_config(g, yajl_gen_beautify, 1);
    yajl_gen_map_open(g);
    gk_batch_gen_key(g, "name"), gk_batch_gen_str(g, j->name);
    gk_batch_gen_key(g, "input"), gk_batch_gen_str(g, j->input);
    gk_batch_gen_key(g, "template"), gk_batch_gen_str(g, j->template);
    if (j->profile) gk_batch_gen_key(g, "profile"), gk_batch_gen_str(g, j->profile);
    gk_batch_gen_key(g, "input_sha256"), gk_batch_gen_str(g, input_sha);
    gk_batch_gen_key(g, "setup"), gk_batch_gen_str(g, setup);
}

/* The stamp of a department whose job crashed, written by the parent: its
 * status, the signal, the reason as a diagnostic. The next run tries it
 * again (only "ok" is ever skipped). */
void gk_batch_record_crash(const options *o, const job *j, const char *setup, const char *why, const char *sig)
{
    gk_batch_remove_outputs(o, j);
    char *stamp = gk_batch_printf("%s/.gongkai/%s.json", o->out, j->name);
    yajl_gen g = yajl_gen_alloc(NULL);
    gk_batch_stamp_head(g, j, "", setup);
    gk_batch_gen_key(g, "outputs");
    yajl_gen_array_open(g);
    yajl_gen_array_close(g);
    gk_batch_gen_key(g, "status"), gk_batch_gen_str(g, gk_batch_status_word(ST_CRASHED));
    gk_batch_gen_key(g, "signal"), gk_batch_gen_str(g, sig[0] ? sig : NULL);
    gk_batch_gen_key(g, "errors"), yajl_gen_integer(g, 1);
    gk_batch_gen_key(g, "warnings"), yajl_gen_integer(g, 0);
    gk_batch_gen_key(g, "diagnostics");
    yajl_gen_array_open(g);
    yajl_gen_map_open(g);
    gk_batch_gen_key(g, "severity"), gk_batch_gen_str(g, "error");
    gk_batch_gen_key(g, "code"), gk_batch_gen_str(g, "crashed");
    gk_batch_gen_key(g, "file"), gk_batch_gen_str(g, j->input);
    gk_batch_gen_key(g, "line"), yajl_gen_integer(g, 0);
    gk_batch_gen_key(g, "col"), yajl_gen_integer(g, 0);
    gk_batch_gen_key(g, "path"), gk_batch_gen_str(g, "");
    gk_batch_gen_key(g, "message"), gk_batch_gen_str(g, why);
    yajl_gen_map_close(g);
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    if (!gk_batch_write_gen(g, stamp)) fprintf(stderr, "gongkai: cannot write %s: %s\n", stamp, strerror(errno));
    yajl_gen_free(g);
    free(stamp);
}

/* One CSV row (RFC 4180): a field with a comma, a quote or a line break
 * quoted, its quotes doubled; a missing field empty. */
static void csv_row(FILE *c, const char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *s = fields[i] ? fields[i] : "";
        bool quote = strpbrk(s, ",\"\r\n") != NULL;
        if (i) fputc(',', c);
        if (quote) fputc('"', c);
        for (; *s; s++) {
            if (*s == '"') fputc('"', c);
            fputc(*s, c);
        }
        if (quote) fputc('"', c);
    }
    fputc('\n', c);
}

/* Moves what g holds so far to f and empties g: the index is written one
 * department at a time, so the parent's memory does not grow with the
 * number of departments (a province's index.json is some 20 MiB). */
static void drain(yajl_gen g, FILE *f)
{
    const unsigned char *buf;
    size_t len;
    if (yajl_gen_get_buf(g, &buf, &len) == yajl_gen_status_ok && len) fwrite(buf, 1, len, f);
    yajl_gen_clear(g);
}

void gk_batch_write_index(const options *o, const jobs *js, const char *name)
{
    char *json = gk_batch_printf("%s/%s.json", o->out, name), *csv_path = gk_batch_printf("%s/%s.csv", o->out, name);
    gk_batch_out *jo = gk_batch_out_open(json), *co = jo ? gk_batch_out_open(csv_path) : NULL;
    if (!jo || !co) {
        fprintf(stderr, "gongkai: cannot write the index in %s: %s\n", o->out, strerror(errno));
        gk_batch_out_close(jo, false);
        free(json);
        free(csv_path);
        return;
    }
    FILE *c = co->f;
    yajl_gen g = yajl_gen_alloc(NULL);
    yajl_gen_config(g, yajl_gen_beautify, 1);
    yajl_gen_map_open(g);
    gk_batch_gen_key(g, "generator"), gk_batch_gen_str(g, "gongkai " GK_VERSION);
    gk_batch_gen_key(g, "departments");
    yajl_gen_array_open(g);
    fputs("name,input,status,errors,warnings,format,path,bytes,sha256,pages\n", c);
    for (size_t i = 0; i < js->n; i++) {
        char *stamp = gk_batch_printf("%s/.gongkai/%s.json", o->out, js->v[i].name);
        size_t len;
        char *text = gk_batch_read_own(stamp, &len);
        gk_arena arena = {0};
        gk_diags quiet = {0};
        gk_value *root = text ? gk_json_read(stamp, text, len, &arena, &quiet) : NULL;
        if (root) {
            gen_value(g, root);
            gk_member *outs = gk_value_get(root, "outputs");
            gk_member *e = gk_value_get(root, "errors"), *w = gk_value_get(root, "warnings");
            size_t n = outs && outs->value->type == GK_V_ARRAY ? outs->value->as.array.count : 0;
            for (size_t k = 0; k < (n ? n : 1); k++) {
                const gk_value *out = n ? outs->value->as.array.items[k] : NULL;
                gk_member *bytes = out ? gk_value_get(out, "bytes") : NULL, *pages = out ? gk_value_get(out, "pages") : NULL;
                const char *fields[] = {js->v[i].name, js->v[i].input, gk_batch_member_text(root, "status"),
                                        e ? e->value->as.str.s : NULL, w ? w->value->as.str.s : NULL,
                                        out ? gk_batch_member_text(out, "format") : NULL, out ? gk_batch_member_text(out, "path") : NULL,
                                        bytes ? bytes->value->as.str.s : NULL, out ? gk_batch_member_text(out, "sha256") : NULL,
                                        pages && pages->value->type == GK_V_NUMBER ? pages->value->as.str.s : NULL};
                csv_row(c, fields, sizeof fields / sizeof *fields);
            }
        }
        drain(g, jo->f);
        gk_diags_clear(&quiet);
        gk_arena_free(&arena);
        free(text);
        free(stamp);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    drain(g, jo->f);
    fputc('\n', jo->f);
    yajl_gen_free(g);
    bool ok = gk_batch_out_close(jo, true);
    if (!gk_batch_out_close(co, true)) ok = false;
    if (!ok) fprintf(stderr, "gongkai: cannot write the index in %s: %s\n", o->out, strerror(errno));
    free(json);
    free(csv_path);
}
