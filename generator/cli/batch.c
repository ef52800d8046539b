/* gongkai batch INPUT_DIR|MANIFEST -o OUT_DIR [-j N] [--format LIST] [--shard K/N] [--force]
 *
 * The parent lists the departments (every .json/.ini of a folder, or the
 * rows of a CSV or JSON manifest), keeps its shard, and forks N workers.
 * Workers take job numbers from one pipe (fixed-size records are read
 * whole) and answer on another; each department's outputs are written
 * atomically and then its stamp, OUT/.gongkai/NAME.json (input SHA-256,
 * the setup's fingerprint, status, diagnostics, outputs with sizes and
 * SHA-256). A department whose stamp matches is skipped, so an interrupted
 * batch resumes where it stopped; the index (index.json, index.csv) is made
 * from the stamps at the end. One department's bad input never stops the
 * others. */
#define _GNU_SOURCE /* memmem */
#include "batch.h"

#include "gongkai.h"
#include "value.h"

#include <dirent.h>
#include <errno.h>
#include <nettle/sha2.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <yajl_gen.h>

const char *const gk_cli_batch_usage =
    "usage: gongkai batch INPUT_DIR|MANIFEST -o OUT_DIR [-j N] [--format LIST] [--shard K/N]\n"
    "                     [--force] [--template-dir DIR] [--fontset FILE]\n"
    "\n"
    "Renders every department of a county. INPUT_DIR means every .json and .ini file in\n"
    "it; a MANIFEST (.csv or .json) lists them: CSV with a header row naming the columns\n"
    "input (required), name and template; JSON as an array of objects with the same keys.\n"
    "Paths in a manifest are relative to it. `name` is the output file stem (default: the\n"
    "input's stem; characters a file name cannot hold are replaced); `template` picks the\n"
    "document (e.g. goals) instead of the input's own.\n"
    "\n"
    "  -o, --output DIR      output folder (created); outputs are OUT_DIR/NAME.FORMAT\n"
    "  -j, --jobs N          parallel workers (default: the number of cores)\n"
    "  -f, --format LIST     formats, comma-separated (default docx)\n"
    "      --shard K/N       only the K-th of N stable shares of the departments, so N\n"
    "                        machines can share a province (index-K-of-N.json)\n"
    "      --force           render every department again, even when unchanged\n"
    "  -t, --template-dir D  templates as for render; --fontset FILE as for render\n"
    "\n"
    "A department whose input, templates, fontset, formats and program are unchanged since\n"
    "its last successful run is skipped, so a batch that was interrupted resumes. One\n"
    "department's errors are reported and the others still produced. Progress goes to\n"
    "standard error (a bar on a terminal, lines otherwise). OUT_DIR/index.json and\n"
    "index.csv list every department: status, outputs, sizes, SHA-256 and diagnostics.\n"
    "\n"
    "exit status: 0 all departments rendered, 1 some had errors, 2 usage, 3 I/O error.\n";

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

typedef struct job {
    char *input;    /* path */
    char *name;     /* output stem */
    char *template; /* or NULL */
    bool named;     /* the manifest gave the name */
} job;

typedef struct jobs {
    job *v;
    size_t n, cap;
} jobs;

typedef struct options {
    const char *source, *out, *formats, *template_dir, *fontset;
    int workers, shard_k, shard_n;
    bool force;
} options;

/* What a worker reports for a job: fixed size, written whole to a pipe. */
typedef struct result {
    unsigned job;
    int status; /* 0 rendered, 1 invalid input, 2 skipped (unchanged), 3 I/O error */
} result;

/* ---- small helpers ---- */

static char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p) {
        perror("gongkai");
        exit(EXIT_IO);
    }
    return p;
}

/* A freshly allocated, formatted string: paths are built whole, never cut
 * short by a fixed buffer. */
__attribute__((format(printf, 1, 2))) static char *xprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!p) {
        perror("gongkai");
        exit(EXIT_IO);
    }
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

static char *joinpath(const char *a, const char *b)
{
    return xprintf("%s/%s", a, b);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void hex(const uint8_t *d, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* SHA-256 of a file's bytes into out (65 bytes); false when unreadable. */
static bool sha256_file(const char *path, struct sha256_ctx *into, char *out, long *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    struct sha256_ctx own;
    struct sha256_ctx *c = into ? into : &own;
    if (!into) sha256_init(c);
    uint8_t buf[65536];
    size_t k;
    long total = 0;
    while ((k = fread(buf, 1, sizeof buf, f)) > 0) {
        sha256_update(c, k, buf);
        total += (long)k;
    }
    bool ok = !ferror(f);
    fclose(f);
    if (size) *size = total;
    if (!into && out) {
        uint8_t d[SHA256_DIGEST_SIZE];
        sha256_digest(c, sizeof d, d);
        hex(d, sizeof d, out);
    }
    return ok;
}

/* A file stem from a name: no path separators, no control characters, no
 * leading dot, at most 200 bytes (cut at a character), never empty. */
static char *safe_name(const char *name, size_t index)
{
    size_t n = strlen(name), k = 0;
    char *s = malloc(n + 32);
    if (!s) exit(EXIT_IO);
    for (size_t i = 0; i < n && k < 200; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7F || c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' ||
            c == '>' || c == '|')
            c = '_';
        s[k++] = (char)c;
    }
    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80 && k == 200) k--; /* a character cut in half */
    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0xC0) k--;
    s[k] = '\0';
    size_t lead = strspn(s, ".- ");
    if (lead) memmove(s, s + lead, k - lead + 1);
    if (!*s) snprintf(s, n + 32, "department-%zu", index + 1);
    return s;
}

static void add_job(jobs *js, char *input, const char *name, const char *template)
{
    if (js->n == js->cap) {
        js->cap = js->cap ? 2 * js->cap : 64;
        js->v = realloc(js->v, js->cap * sizeof *js->v);
        if (!js->v) exit(EXIT_IO);
    }
    job *j = &js->v[js->n];
    j->input = input;
    j->named = name && *name;
    if (j->named) j->name = safe_name(name, js->n);
    else {
        const char *base = strrchr(input, '/');
        base = base ? base + 1 : input;
        char *stem = xstrdup(base);
        char *dot = strrchr(stem, '.');
        if (dot && dot != stem) *dot = '\0';
        j->name = safe_name(stem, js->n);
        free(stem);
    }
    j->template = template && *template ? xstrdup(template) : NULL;
    js->n++;
}

static int by_name(const void *a, const void *b) { return strcmp(((const job *)a)->name, ((const job *)b)->name); }

static void free_jobs(jobs *js)
{
    for (size_t i = 0; i < js->n; i++) {
        free(js->v[i].input);
        free(js->v[i].name);
        free(js->v[i].template);
    }
    free(js->v);
}

/* Sorts the jobs by name and makes the names unique: a department given as
 * both x.json and x.ini keeps "x" for the JSON and gets "x-ini" for the
 * other. Names a manifest gave must be unique already; false, with the
 * clash printed, when they are not. */
static bool unique_names(jobs *js)
{
    qsort(js->v, js->n, sizeof *js->v, by_name);
    for (size_t i = 0; i + 1 < js->n; i++) {
        job *a = &js->v[i], *b = &js->v[i + 1];
        if (strcmp(a->name, b->name) != 0) continue;
        job *rename = !b->named && !ends_with(b->input, ".json") ? b : !a->named && !ends_with(a->input, ".json") ? a : NULL;
        if (!rename) {
            fprintf(stderr, "gongkai: %s and %s would both write %s.*; give them different names\n", a->input, b->input,
                    a->name);
            return false;
        }
        const char *ext = strrchr(rename->input, '.');
        size_t n = strlen(rename->name) + strlen(ext ? ext : "") + 2;
        char *name = malloc(n);
        if (!name) exit(EXIT_IO);
        snprintf(name, n, "%s-%s", rename->name, ext ? ext + 1 : "2");
        free(rename->name);
        rename->name = name;
        return unique_names(js); /* sort again and look for further clashes */
    }
    return true;
}

/* ---- listing the departments ---- */

static bool list_folder(const char *dir, jobs *js)
{
    DIR *d = opendir(dir);
    if (!d) return false;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        if (!ends_with(e->d_name, ".json") && !ends_with(e->d_name, ".ini")) continue;
        add_job(js, joinpath(dir, e->d_name), NULL, NULL);
    }
    closedir(d);
    return true;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return xstrdup(".");
    char *d = xstrdup(path);
    d[slash - path] = '\0';
    return d;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 65536, n = 0, k;
    char *buf = malloc(cap);
    while (buf && (k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (n + 1 == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf) return NULL;
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* CSV fields of one line (RFC 4180 quoting), in place. */
static int csv_fields(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        char *w = p;
        f[n++] = w;
        if (*p == '"') {
            p++;
            for (;;) {
                if (!*p) break;
                if (*p == '"' && p[1] == '"') { *w++ = '"'; p += 2; continue; }
                if (*p == '"') { p++; break; }
                *w++ = *p++;
            }
            while (*p && *p != ',') p++;
        } else {
            while (*p && *p != ',') *w++ = *p++;
        }
        char next = *p;
        *w = '\0';
        if (next != ',') break;
        p++;
    }
    return n;
}

static bool list_csv(const char *path, jobs *js)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!text) return false;
    char *dir = dir_of(path);
    int col_input = -1, col_name = -1, col_template = -1;
    unsigned lineno = 0;
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        lineno++;
        size_t n = strlen(line);
        if (n && line[n - 1] == '\r') line[n - 1] = '\0';
        if (!*line) continue;
        char *f[16];
        int nf = csv_fields(line, f, 16);
        if (col_input < 0) { /* the header */
            for (int i = 0; i < nf; i++) {
                if (strcmp(f[i], "input") == 0) col_input = i;
                else if (strcmp(f[i], "name") == 0) col_name = i;
                else if (strcmp(f[i], "template") == 0) col_template = i;
            }
            if (col_input < 0) {
                fprintf(stderr, "%s:%u: the header row must name an \"input\" column\n", path, lineno);
                free(text);
                free(dir);
                return false;
            }
            continue;
        }
        if (col_input >= nf || !*f[col_input]) {
            fprintf(stderr, "%s:%u: this row has no input\n", path, lineno);
            continue;
        }
        char *input = f[col_input][0] == '/' ? xstrdup(f[col_input]) : joinpath(dir, f[col_input]);
        add_job(js, input, col_name >= 0 && col_name < nf ? f[col_name] : NULL,
                col_template >= 0 && col_template < nf ? f[col_template] : NULL);
    }
    free(text);
    free(dir);
    return true;
}

static const char *member_text(const gk_value *obj, const char *key)
{
    gk_member *m = gk_value_get(obj, key);
    return m && m->value->type == GK_V_STRING ? m->value->as.str.s : NULL;
}

static bool list_json(const char *path, jobs *js, gk_diags *d)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!text) return false;
    gk_arena arena = {0};
    /* the reader wants an object at the top: wrap the array */
    size_t n = len + 16;
    char *wrapped = malloc(n);
    if (!wrapped) exit(EXIT_IO);
    snprintf(wrapped, n, "{\"jobs\":%s}", text);
    gk_value *root = gk_json_read(path, wrapped, strlen(wrapped), &arena, d);
    gk_member *list = root ? gk_value_get(root, "jobs") : NULL;
    bool ok = list && list->value->type == GK_V_ARRAY;
    if (root && !ok) fprintf(stderr, "%s: a JSON manifest is an array of {\"input\": …} objects\n", path);
    char *dir = dir_of(path);
    for (size_t i = 0; ok && i < list->value->as.array.count; i++) {
        const gk_value *o = list->value->as.array.items[i];
        const char *input = o->type == GK_V_OBJECT ? member_text(o, "input") : NULL;
        if (!input) {
            fprintf(stderr, "%s:%u: an entry without \"input\"\n", path, o->line);
            continue;
        }
        add_job(js, input[0] == '/' ? xstrdup(input) : joinpath(dir, input), member_text(o, "name"),
                member_text(o, "template"));
    }
    free(dir);
    free(wrapped);
    free(text);
    gk_arena_free(&arena);
    return ok;
}

/* ---- the setup's fingerprint: what, besides the input, decides the outputs ---- */

static void fingerprint_dir(struct sha256_ctx *c, const char *dir, const char *ext)
{
    DIR *d = opendir(dir);
    if (!d) return;
    char *names[512];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 512)
        if (ends_with(e->d_name, ext)) names[n++] = xstrdup(e->d_name);
    closedir(d);
    for (size_t i = 1; i < n; i++) /* sorted, so the order of readdir does not matter */
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    for (size_t i = 0; i < n; i++) {
        char *p = joinpath(dir, names[i]);
        sha256_update(c, strlen(names[i]) + 1, (const uint8_t *)names[i]);
        sha256_file(p, c, NULL, NULL);
        free(p);
        free(names[i]);
    }
}

static void setup_fingerprint(const options *o, char *out)
{
    struct sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, strlen(GK_VERSION) + 1, (const uint8_t *)GK_VERSION);
    sha256_update(&c, strlen(o->formats) + 1, (const uint8_t *)o->formats);
    sha256_file("/proc/self/exe", &c, NULL, NULL); /* the program with its built-in templates */
    if (o->template_dir) fingerprint_dir(&c, o->template_dir, ".tmpl");
    if (o->template_dir) fingerprint_dir(&c, o->template_dir, ".rules");
    if (o->fontset) sha256_file(o->fontset, &c, NULL, NULL);
    uint8_t dgst[SHA256_DIGEST_SIZE];
    sha256_digest(&c, sizeof dgst, dgst);
    hex(dgst, sizeof dgst, out);
}

/* ---- stamps ---- */

static void gen_str(yajl_gen g, const char *s)
{
    if (s) yajl_gen_string(g, (const unsigned char *)s, strlen(s));
    else yajl_gen_null(g);
}

static void gen_key(yajl_gen g, const char *k) { yajl_gen_string(g, (const unsigned char *)k, strlen(k)); }

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
            gen_key(g, v->as.object.items[i].key);
            gen_value(g, v->as.object.items[i].value);
        }
        yajl_gen_map_close(g);
        break;
    }
}

/* Writes g's text to path through a temporary file and a rename. */
static bool write_gen(yajl_gen g, const char *path)
{
    const unsigned char *buf;
    size_t len;
    yajl_gen_get_buf(g, &buf, &len);
    char *tmp = xprintf("%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    bool ok = f && fwrite(buf, 1, len, f) == len && fputc('\n', f) != EOF;
    if (f && fclose(f) != 0) ok = false;
    if (ok && rename(tmp, path) != 0) ok = false;
    if (!ok) remove(tmp);
    free(tmp);
    return ok;
}

/* Pages of a PDF: its /Type /Page objects. */
static long pdf_pages(const char *path)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!text) return -1;
    long n = 0;
    for (const char *p = text; (p = memmem(p, len - (size_t)(p - text), "/Type /Page", 11)) != NULL; p += 11)
        if (p[11] != 's') n++;
    free(text);
    return n;
}

static const char *status_word(int status)
{
    static const char *const words[] = {"ok", "invalid", "unchanged", "error"};
    return words[status];
}

/* Is the department's stamp current: same input, same setup, rendered,
 * outputs still there with their sizes? */
static bool stamp_current(const char *stamp, const char *input_sha, const char *setup)
{
    size_t len;
    char *text = slurp(stamp, &len);
    if (!text) return false;
    gk_arena arena = {0};
    gk_diags quiet = {0};
    gk_value *root = gk_json_read(stamp, text, len, &arena, &quiet);
    bool ok = root && member_text(root, "input_sha256") && strcmp(member_text(root, "input_sha256"), input_sha) == 0 &&
              member_text(root, "setup") && strcmp(member_text(root, "setup"), setup) == 0 &&
              member_text(root, "status") && strcmp(member_text(root, "status"), "ok") == 0;
    gk_member *outs = ok ? gk_value_get(root, "outputs") : NULL;
    ok = ok && outs && outs->value->type == GK_V_ARRAY;
    for (size_t i = 0; ok && i < outs->value->as.array.count; i++) {
        const gk_value *o = outs->value->as.array.items[i];
        const char *file = member_text(o, "path");
        gk_member *bytes = gk_value_get(o, "bytes");
        struct stat st;
        ok = file && bytes && bytes->value->type == GK_V_NUMBER && stat(file, &st) == 0 &&
             st.st_size == strtol(bytes->value->as.str.s, NULL, 10);
    }
    gk_diags_clear(&quiet);
    gk_arena_free(&arena);
    free(text);
    return ok;
}

/* ---- one department ---- */

static int run_job(const options *o, const job *j, const char *setup, const char *stamp)
{
    char input_sha[65] = "";
    long input_bytes = 0;
    if (!sha256_file(j->input, NULL, input_sha, &input_bytes)) input_sha[0] = '\0';
    if (!o->force && input_sha[0] && stamp_current(stamp, input_sha, setup)) return 2;

    gk_diags d = {0};
    gk_model *m = NULL;
    gk_document *doc = NULL;
    gk_render_options ro = {o->fontset};
    gk_status st = gk_model_load_file(j->input, &m, &d);
    if (st == GK_OK) st = gk_model_check_with(m, o->template_dir, &d);
    if (st == GK_OK) st = gk_document_compose_with(m, o->template_dir, j->template, &doc, &d);

    yajl_gen g = yajl_gen_alloc(NULL);
    yajl_gen_config(g, yajl_gen_beautify, 1);
    yajl_gen_map_open(g);
    gen_key(g, "name"), gen_str(g, j->name);
    gen_key(g, "input"), gen_str(g, j->input);
    gen_key(g, "template"), gen_str(g, j->template);
    gen_key(g, "input_sha256"), gen_str(g, input_sha);
    gen_key(g, "setup"), gen_str(g, setup);
    gen_key(g, "outputs");
    yajl_gen_array_open(g);
    char *formats = xstrdup(o->formats);
    for (char *fmt = st == GK_OK ? strtok(formats, ",") : NULL; fmt; fmt = strtok(NULL, ",")) {
        char *file = xprintf("%s/%s.%s", o->out, j->name, fmt);
        gk_status w = gk_document_write(doc, fmt, file, &ro, &d);
        if (w != GK_OK) {
            free(file);
            st = w;
            break;
        }
        char sha[65];
        long bytes = 0;
        sha256_file(file, NULL, sha, &bytes);
        yajl_gen_map_open(g);
        gen_key(g, "format"), gen_str(g, fmt);
        gen_key(g, "path"), gen_str(g, file);
        gen_key(g, "bytes"), yajl_gen_integer(g, bytes);
        gen_key(g, "sha256"), gen_str(g, sha);
        gen_key(g, "pages");
        if (strcmp(fmt, "pdf") == 0) yajl_gen_integer(g, pdf_pages(file));
        else yajl_gen_null(g);
        yajl_gen_map_close(g);
        free(file);
    }
    free(formats);
    yajl_gen_array_close(g);
    int status = st == GK_OK ? 0 : st == GK_INVALID ? 1 : 3;
    gen_key(g, "status"), gen_str(g, status_word(status));
    gen_key(g, "errors"), yajl_gen_integer(g, (long long)d.errors);
    gen_key(g, "warnings"), yajl_gen_integer(g, (long long)d.warnings);
    gen_key(g, "diagnostics");
    yajl_gen_array_open(g);
    gk_diags_sort(&d);
    for (size_t i = 0; i < d.count; i++) {
        const gk_diag *x = &d.items[i];
        yajl_gen_map_open(g);
        gen_key(g, "severity"), gen_str(g, x->severity == GK_ERROR ? "error" : "warning");
        gen_key(g, "code"), gen_str(g, x->code);
        gen_key(g, "file"), gen_str(g, x->file);
        gen_key(g, "line"), yajl_gen_integer(g, x->line);
        gen_key(g, "col"), yajl_gen_integer(g, x->col);
        gen_key(g, "path"), gen_str(g, x->path);
        gen_key(g, "message"), gen_str(g, x->message);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    if (!write_gen(g, stamp) && status == 0) status = 3;
    yajl_gen_free(g);
    gk_document_free(doc);
    gk_model_free(m);
    gk_diags_clear(&d);
    return status;
}

/* ---- the parent ---- */

static double now(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

typedef struct progress {
    size_t total, done, counts[4];
    double start;
    bool tty;
} progress;

static void show(progress *p, const job *j, int status)
{
    p->done++;
    p->counts[status]++;
    double t = now() - p->start, rate = t > 0 ? (double)p->done / t : 0;
    double eta = rate > 0 ? (double)(p->total - p->done) / rate : 0;
    if (p->tty) {
        int width = 30, filled = (int)(width * p->done / (p->total ? p->total : 1));
        fprintf(stderr, "\r[%.*s%.*s] %zu/%zu  %.1f/s  ETA %d:%02d  %zu failed ", filled,
                "##############################", width - filled, "------------------------------", p->done, p->total,
                rate, (int)eta / 60, (int)eta % 60, p->counts[1] + p->counts[3]);
        if (p->done == p->total) fputc('\n', stderr);
    } else {
        fprintf(stderr, "[%zu/%zu] %s: %s\n", p->done, p->total, j->name, status_word(status));
    }
    fflush(stderr);
}

static void worker(const options *o, const jobs *js, const char *setup, int jobs_fd, int results_fd, pid_t parent)
{
    /* die with the parent: a killed batch leaves no worker behind (and,
     * outputs being atomic, no partial file) */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(EXIT_IO);
    unsigned k;
    while (read(jobs_fd, &k, sizeof k) == (ssize_t)sizeof k) {
        char *stamp = xprintf("%s/.gongkai/%s.json", o->out, js->v[k].name);
        result r = {k, run_job(o, &js->v[k], setup, stamp)};
        free(stamp);
        if (write(results_fd, &r, sizeof r) != (ssize_t)sizeof r) _exit(EXIT_IO);
    }
    _exit(0);
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

static void write_index(const options *o, const jobs *js)
{
    char name[64] = "index";
    if (o->shard_n) snprintf(name, sizeof name, "index-%d-of-%d", o->shard_k, o->shard_n);
    char *json = xprintf("%s/%s.json", o->out, name), *csv = xprintf("%s/%s.csv", o->out, name);
    yajl_gen g = yajl_gen_alloc(NULL);
    yajl_gen_config(g, yajl_gen_beautify, 1);
    yajl_gen_map_open(g);
    gen_key(g, "generator"), gen_str(g, "gongkai " GK_VERSION);
    gen_key(g, "departments");
    yajl_gen_array_open(g);
    char *tmp = xprintf("%s.tmp%ld", csv, (long)getpid());
    FILE *c = fopen(tmp, "wb");
    if (c) fputs("name,input,status,errors,warnings,format,path,bytes,sha256,pages\n", c);
    for (size_t i = 0; i < js->n; i++) {
        char *stamp = xprintf("%s/.gongkai/%s.json", o->out, js->v[i].name);
        size_t len;
        char *text = slurp(stamp, &len);
        gk_arena arena = {0};
        gk_diags quiet = {0};
        gk_value *root = text ? gk_json_read(stamp, text, len, &arena, &quiet) : NULL;
        if (root) {
            gen_value(g, root);
            gk_member *outs = gk_value_get(root, "outputs");
            gk_member *e = gk_value_get(root, "errors"), *w = gk_value_get(root, "warnings");
            size_t n = outs && outs->value->type == GK_V_ARRAY ? outs->value->as.array.count : 0;
            for (size_t k = 0; c && k < (n ? n : 1); k++) {
                const gk_value *out = n ? outs->value->as.array.items[k] : NULL;
                gk_member *bytes = out ? gk_value_get(out, "bytes") : NULL, *pages = out ? gk_value_get(out, "pages") : NULL;
                const char *fields[] = {js->v[i].name, js->v[i].input, member_text(root, "status"),
                                        e ? e->value->as.str.s : NULL, w ? w->value->as.str.s : NULL,
                                        out ? member_text(out, "format") : NULL, out ? member_text(out, "path") : NULL,
                                        bytes ? bytes->value->as.str.s : NULL, out ? member_text(out, "sha256") : NULL,
                                        pages && pages->value->type == GK_V_NUMBER ? pages->value->as.str.s : NULL};
                csv_row(c, fields, sizeof fields / sizeof *fields);
            }
        }
        gk_diags_clear(&quiet);
        gk_arena_free(&arena);
        free(text);
        free(stamp);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    bool ok = write_gen(g, json);
    yajl_gen_free(g);
    if (!c || fclose(c) != 0 || rename(tmp, csv) != 0) {
        if (c) remove(tmp);
        ok = false;
    }
    if (!ok) fprintf(stderr, "gongkai: cannot write the index in %s: %s\n", o->out, strerror(errno));
    free(tmp);
    free(json);
    free(csv);
}

/* FNV-1a of a department's name: its shard does not depend on the order or
 * the number of the others. */
static unsigned shard_of(const char *name, int n)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) h = (h ^ *p) * 16777619u;
    return h % (unsigned)n;
}

int gk_cli_batch(int argc, char **argv)
{
    options o = {0};
    o.formats = "docx";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) { fputs(gk_cli_batch_usage, stdout); return EXIT_OK; }
        else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && val) o.out = argv[++i];
        else if ((strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) && val) o.workers = atoi(argv[++i]);
        else if ((strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0) && val) o.formats = argv[++i];
        else if ((strcmp(a, "-t") == 0 || strcmp(a, "--template-dir") == 0) && val) o.template_dir = argv[++i];
        else if (strcmp(a, "--fontset") == 0 && val) o.fontset = argv[++i];
        else if (strcmp(a, "--force") == 0) o.force = true;
        else if (strcmp(a, "--shard") == 0 && val) {
            if (sscanf(argv[++i], "%d/%d", &o.shard_k, &o.shard_n) != 2 || o.shard_n < 1 || o.shard_k < 1 ||
                o.shard_k > o.shard_n) {
                fprintf(stderr, "gongkai: --shard takes K/N with 1 ≤ K ≤ N\n\n%s", gk_cli_batch_usage);
                return EXIT_USAGE;
            }
        } else if (a[0] == '-') {
            fprintf(stderr, "gongkai: unknown option or missing value: %s\n\n%s", a, gk_cli_batch_usage);
            return EXIT_USAGE;
        } else if (!o.source) o.source = a;
        else {
            fprintf(stderr, "gongkai: batch takes one INPUT_DIR or MANIFEST; %s is one too many\n", a);
            return EXIT_USAGE;
        }
    }
    if (!o.source || !o.out) {
        fprintf(stderr, "gongkai: batch needs an INPUT_DIR or MANIFEST and -o OUT_DIR\n\n%s", gk_cli_batch_usage);
        return EXIT_USAGE;
    }
    for (const char *p = o.formats; *p;) {
        size_t n = strcspn(p, ",");
        if (!((n == 3 && (!strncmp(p, "txt", 3) || !strncmp(p, "pdf", 3))) || (n == 4 && !strncmp(p, "docx", 4)))) {
            fprintf(stderr, "gongkai: unknown format %.*s (docx, pdf, txt)\n", (int)n, p);
            return EXIT_USAGE;
        }
        p += n + (p[n] == ',');
    }
    if (o.workers <= 0) o.workers = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (o.workers <= 0) o.workers = 1;

    /* the departments */
    jobs js = {0};
    gk_diags d = {0};
    struct stat st;
    if (stat(o.source, &st) != 0) {
        fprintf(stderr, "gongkai: %s: %s\n", o.source, strerror(errno));
        return EXIT_IO;
    }
    bool listed = S_ISDIR(st.st_mode)          ? list_folder(o.source, &js)
                : ends_with(o.source, ".csv")  ? list_csv(o.source, &js)
                : ends_with(o.source, ".json") ? list_json(o.source, &js, &d)
                                               : false;
    for (size_t i = 0; i < d.count; i++)
        fprintf(stderr, "%s:%u:%u: error: %s\n", d.items[i].file, d.items[i].line, d.items[i].col, d.items[i].message);
    gk_diags_clear(&d);
    if (!listed) {
        if (!S_ISDIR(st.st_mode) && !ends_with(o.source, ".csv") && !ends_with(o.source, ".json"))
            fprintf(stderr, "gongkai: %s is neither a folder nor a .csv or .json manifest\n", o.source);
        else fprintf(stderr, "gongkai: cannot read the departments of %s\n", o.source);
        free_jobs(&js);
        return S_ISDIR(st.st_mode) ? EXIT_IO : EXIT_USAGE;
    }
    if (!unique_names(&js)) {
        free_jobs(&js);
        return EXIT_USAGE;
    }
    if (o.shard_n) { /* keep this shard's share */
        size_t k = 0;
        for (size_t i = 0; i < js.n; i++) {
            if (shard_of(js.v[i].name, o.shard_n) == (unsigned)(o.shard_k - 1)) js.v[k++] = js.v[i];
            else {
                free(js.v[i].input);
                free(js.v[i].name);
                free(js.v[i].template);
            }
        }
        js.n = k;
    }

    char stamps[4096];
    snprintf(stamps, sizeof stamps, "%s/.gongkai", o.out);
    if ((mkdir(o.out, 0777) != 0 && errno != EEXIST) || (mkdir(stamps, 0777) != 0 && errno != EEXIST)) {
        fprintf(stderr, "gongkai: cannot create %s: %s\n", stamps, strerror(errno));
        free_jobs(&js);
        return EXIT_IO;
    }
    char setup[65];
    setup_fingerprint(&o, setup);

    /* the workers */
    if (o.workers > (int)js.n) o.workers = js.n ? (int)js.n : 1;
    int jobs_pipe[2], results_pipe[2];
    if (pipe(jobs_pipe) != 0 || pipe(results_pipe) != 0) {
        perror("gongkai: pipe");
        free_jobs(&js);
        return EXIT_IO;
    }
    fflush(NULL);
    pid_t *pids = calloc((size_t)o.workers, sizeof *pids), parent = getpid();
    for (int w = 0; w < o.workers; w++) {
        pids[w] = fork();
        if (pids[w] < 0) {
            perror("gongkai: fork");
            return EXIT_IO;
        }
        if (pids[w] == 0) {
            close(jobs_pipe[1]);
            close(results_pipe[0]);
            worker(&o, &js, setup, jobs_pipe[0], results_pipe[1], parent);
        }
    }
    close(jobs_pipe[0]);
    close(results_pipe[1]);
    progress p = {js.n, 0, {0, 0, 0, 0}, now(), isatty(2) != 0};
    /* hand out jobs, at most 256 ahead of the results, so neither pipe fills */
    signal(SIGPIPE, SIG_IGN);
    size_t sent = 0;
    bool closed = false;
    while (p.done < js.n) {
        for (; sent < js.n && sent - p.done < 256; sent++) {
            unsigned k = (unsigned)sent;
            if (write(jobs_pipe[1], &k, sizeof k) != (ssize_t)sizeof k) break; /* every worker gone */
        }
        if (sent == js.n && !closed) {
            close(jobs_pipe[1]); /* the workers stop at the end of the pipe */
            closed = true;
        }
        result r;
        if (read(results_pipe[0], &r, sizeof r) != (ssize_t)sizeof r || r.job >= js.n) break;
        show(&p, &js.v[r.job], r.status);
    }
    if (!closed) close(jobs_pipe[1]);
    for (int w = 0; w < o.workers; w++) waitpid(pids[w], NULL, 0);
    free(pids);
    if (p.done < js.n) {
        fprintf(stderr, "gongkai: %zu departments were not finished (a worker died)\n", js.n - p.done);
        p.counts[3] += js.n - p.done;
    }
    write_index(&o, &js);
    fprintf(stderr, "gongkai: %zu departments: %zu rendered, %zu unchanged, %zu with errors, %zu failed (%.1f s)\n", js.n,
            p.counts[0], p.counts[2], p.counts[1], p.counts[3], now() - p.start);
    free_jobs(&js);
    return p.counts[3] ? EXIT_IO : p.counts[1] ? EXIT_INVALID : EXIT_OK;
}
