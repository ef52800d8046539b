/* gongkai batch INPUT_DIR|MANIFEST -o OUT_DIR [-j N] [--format LIST] [--shard K/N] [--force]
 *
 * The parent lists the departments (every .json/.ini of a folder, or the
 * rows of a CSV or JSON manifest), keeps its shard, and forks N workers,
 * handing each one department at a time through a pipe of its own. A worker
 * that crashes, is killed or exceeds its limits (--max-memory,
 * --max-seconds) costs only the department it held: the parent sees its
 * pipe close, learns how it ended (waitpid), records that in the
 * department's stamp, starts another worker and goes on with the others. Each department's outputs
 * are written atomically and then its stamp, OUT/.gongkai/NAME.json (input
 * SHA-256, the setup's fingerprint, status, diagnostics, outputs with sizes
 * and SHA-256). A department whose stamp matches is skipped, so an
 * interrupted batch resumes where it stopped; the index (index.json,
 * index.csv) is made from the stamps at the end. One department's bad input
 * never stops the others. */
#define _GNU_SOURCE /* memmem, sigabbrev_np */
#include "batch.h"

#include "diag.h"
#include "file.h"
#include "gongkai.h"
#include "value.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <nettle/sha2.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <yajl_gen.h>

const char *const gk_cli_batch_usage =
    "usage: gongkai batch INPUT_DIR|MANIFEST -o OUT_DIR [-j N] [--format LIST] [--shard K/N]\n"
    "                     [--force] [--template-dir DIR | --profile DIR] [--fontset FILE]\n"
    "                     [--max-memory MIB] [--max-seconds S]\n"
    "\n"
    "Renders every department of a county. INPUT_DIR means every .json, .ini and .xlsx\n"
    "file in it (x.json beside x.xlsx: the workbook's outputs are x-xlsx.*); a MANIFEST\n"
    "(.csv or .json) lists them: CSV with a header row naming the columns input\n"
    "(required), name, template and profile (RFC 4180: a quoted field may hold commas,\n"
    "quotes and line breaks; a UTF-8 byte-order mark is allowed); JSON as an array of\n"
    "objects with the same keys. Paths in a manifest are relative to it. `name` is the\n"
    "output file stem (default: the input's stem; characters a file name cannot hold are\n"
    "replaced); `template` picks the document (e.g. goals) instead of the input's own: a\n"
    "name of letters, digits, - and _ from the template folder or the built-in ones;\n"
    "`profile` is a county's profile folder (as --profile, relative to the manifest) for\n"
    "that department, over the command line's --profile or --template-dir.\n"
    "A manifest of either kind is at most 16 MiB, lists at most 10000 departments (so\n"
    "does a folder), and each field is at most 65536 bytes; a manifest with any error is\n"
    "refused as a whole, with every error reported.\n"
    "\n"
    "  -o, --output DIR      output folder (created); outputs are OUT_DIR/NAME.FORMAT;\n"
    "                        neither the input folder nor inside or around it\n"
    "  -j, --jobs N          parallel jobs (default: the number of cores)\n"
    "  -f, --format LIST     formats, comma-separated (default docx)\n"
    "      --shard K/N       only the K-th of N stable shares of the departments, so N\n"
    "                        machines can share a province (index-K-of-N.json)\n"
    "      --force           render every department again, even when unchanged\n"
    "  -t, --template-dir D  templates as for render; --fontset FILE as for render\n"
    "      --profile DIR     a county's profile as for render (templates, rules, fonts)\n"
    "      --max-memory MIB  the address space one department's job may use\n"
    "      --max-seconds S   the CPU time one department's job may use\n"
    "\n"
    "Each department runs in a job of its own: one that crashes, is killed or exceeds a\n"
    "limit is recorded as `crashed` (with the signal) and the others go on. A department\n"
    "whose input, templates, fontset, formats and program are unchanged since its last\n"
    "successful run is skipped, so a batch that was interrupted resumes; any other is\n"
    "tried again. A department that is invalid, failed or crashed has its documents of\n"
    "an earlier run removed, so OUT_DIR never publishes a document whose input is now\n"
    "refused. Progress goes to standard error (a bar on a terminal, lines otherwise).\n"
    "OUT_DIR/index.json and index.csv list every department: status, outputs, sizes,\n"
    "SHA-256 and diagnostics. Temporary files left by a killed run are removed by the next.\n"
    "\n"
    "exit status: 0 all departments rendered, 1 some had errors, 2 usage (also a manifest\n"
    "with errors), 3 I/O error or a crashed department.\n";

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

/* How a department ended. */
enum { ST_OK, ST_INVALID, ST_UNCHANGED, ST_ERROR, ST_CRASHED, ST_COUNT };

/* The limits of a listing, the same for a folder, a CSV and a JSON manifest
 * (the JSON reader's own: a file, an array, a text). */
#define MAX_DEPARTMENTS GK_MAX_ITEMS
#define MAX_FIELD GK_MAX_TEXT
#define MAX_COLUMNS 16
/* what is hashed besides inputs: the program, our own outputs */
#define MAX_PROGRAM (1024u * 1024 * 1024)
#define MAX_OUTPUT (1024u * 1024 * 1024)

typedef struct job {
    char *input;    /* path */
    char *name;     /* output stem */
    char *template; /* or NULL */
    char *profile;  /* the manifest's profile folder (issue 13), or NULL: the command line's */
    bool named;     /* the manifest gave the name */
    size_t order;   /* place in the listing: the last tie-break of the sort */
    unsigned line;  /* of the manifest's row or entry; 0 in a folder */
} job;

typedef struct jobs {
    job *v;
    size_t n, cap;
} jobs;

typedef struct options {
    const char *source, *out, *formats, *template_dir, *fontset;
    bool fontset_given; /* --fontset: over every profile's profile.fontset */
    int workers, shard_k, shard_n;
    long max_memory_mib, max_seconds;
    bool force;
} options;

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

/* FILE:LINE:COL: error: MESSAGE, as every diagnostic of gongkai reads. */
__attribute__((format(printf, 4, 5))) static void say_error(const char *file, unsigned line, unsigned col,
                                                            const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s:%u:%u: error: ", file, line, col);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
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

/* A whole file read as the loader reads inputs (gk_file_read: a regular file
 * only, at most `bound` bytes, never blocking on a FIFO or a device), NUL
 * terminated; NULL, with *why set, otherwise. The caller frees it. */
static char *read_whole(const char *path, size_t bound, size_t *len, const char **why)
{
    gk_buf b = {0};
    const char *dummy;
    if (gk_file_read(path, bound, &b, why ? why : &dummy) != GK_FILE_OK) {
        gk_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return gk_buf_detach(&b);
}

/* A file of our own (a stamp): a regular file, never what a link planted
 * in its place points at. */
static char *read_own(const char *path, size_t *len)
{
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) return NULL;
    return read_whole(path, GK_MAX_FILE, len, NULL);
}

/* Adds a file's bytes to a hash; a file that cannot be read adds why, so
 * that a template turning into a FIFO or disappearing changes the hash too. */
static void hash_file(struct sha256_ctx *c, const char *path, size_t bound)
{
    size_t len = 0;
    const char *why = "";
    char *text = read_whole(path, bound, &len, &why);
    if (text) sha256_update(c, len, (const uint8_t *)text);
    else sha256_update(c, strlen(why) + 1, (const uint8_t *)why);
    free(text);
}

static void sha256_hex(const char *data, size_t len, char *out)
{
    struct sha256_ctx c;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&c);
    sha256_update(&c, len, (const uint8_t *)data);
    sha256_digest(&c, sizeof d, d);
    hex(d, sizeof d, out);
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

/* A template name as the input's own `template` field allows it: letters,
 * digits, - and _, so that it names a file inside the template folder. */
static bool template_name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return false;
    return true;
}

static void add_job(jobs *js, char *input, const char *name, const char *template, char *profile, unsigned line)
{
    if (js->n == js->cap) {
        js->cap = js->cap ? 2 * js->cap : 64;
        js->v = realloc(js->v, js->cap * sizeof *js->v);
        if (!js->v) exit(EXIT_IO);
    }
    job *j = &js->v[js->n];
    j->input = input;
    j->order = js->n;
    j->line = line;
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
    j->profile = profile;
    js->n++;
}

/* By name; among equal names the one that keeps it first: a name the
 * manifest gave, then a .json input, then by input path and listing order,
 * so the outcome does not depend on readdir's order. */
static int by_name(const void *a, const void *b)
{
    const job *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c) return c;
    if (x->named != y->named) return x->named ? -1 : 1;
    bool xj = ends_with(x->input, ".json"), yj = ends_with(y->input, ".json");
    if (xj != yj) return xj ? -1 : 1;
    c = strcmp(x->input, y->input);
    if (c) return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

static void free_job(job *j)
{
    free(j->input);
    free(j->name);
    free(j->template);
    free(j->profile);
}

static void free_jobs(jobs *js)
{
    for (size_t i = 0; i < js->n; i++) free_job(&js->v[i]);
    free(js->v);
}

/* Sorts the jobs by name and makes the names unique: a department given as
 * both x.json and x.ini keeps "x" for the JSON and gets "x-ini" for the
 * other; further ones with the same name get "x-ini-2", "x-ini-3" … Each
 * group of equal names is renamed at once and the whole list sorted again
 * only when a new name met an old one, so n copies of one input cost a few
 * sorts, not n. Names a manifest gave must be unique already; false, with
 * the clash printed, when they are not. */
static bool unique_names(jobs *js, const char *source)
{
    for (int round = 0; round < 8; round++) {
        if (js->n) qsort(js->v, js->n, sizeof *js->v, by_name); /* qsort(NULL, 0) is undefined */
        bool renamed = false;
        for (size_t i = 0, k; i < js->n; i = k) {
            size_t count = 0;
            for (k = i + 1; k < js->n && strcmp(js->v[k].name, js->v[i].name) == 0; k++) {
                job *j = &js->v[k];
                if (j->named) { /* the first of the group is named too: it sorts first */
                    const job *a = js->v[i].line < j->line ? &js->v[i] : j, *b = a == j ? &js->v[i] : j;
                    say_error(source, b->line, 1, "this row and the row on line %u would both write %s.*; give them different names",
                              a->line, j->name);
                    return false;
                }
                const char *base = strrchr(j->input, '/');
                const char *ext = strrchr(base ? base + 1 : j->input, '.');
                const char *suffix = ext && ext[1] ? ext + 1 : "2";
                char *name = ++count == 1 ? xprintf("%s-%.20s", j->name, suffix)
                                          : xprintf("%s-%.20s-%zu", j->name, suffix, count);
                free(j->name);
                j->name = name;
                renamed = true;
            }
        }
        if (!renamed) return true;
    }
    fprintf(stderr, "gongkai: cannot give every department a name of its own; name them in a manifest\n");
    return false;
}

/* ---- listing the departments ---- */

static bool list_folder(const char *dir, jobs *js)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "gongkai: cannot read the folder %s: %s\n", dir, strerror(errno));
        return false;
    }
    struct dirent *e;
    bool ok = true;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        if (!ends_with(e->d_name, ".json") && !ends_with(e->d_name, ".ini") && !ends_with(e->d_name, ".xlsx")) continue;
        if (js->n == MAX_DEPARTMENTS) {
            fprintf(stderr, "gongkai: %s holds more than %u departments; a batch takes at most %u\n", dir,
                    MAX_DEPARTMENTS, MAX_DEPARTMENTS);
            ok = false;
            break;
        }
        add_job(js, joinpath(dir, e->d_name), NULL, NULL, NULL, 0);
    }
    closedir(d);
    return ok;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return xstrdup(".");
    if (slash == path) return xstrdup("/");
    char *d = xstrdup(path);
    d[slash - path] = '\0';
    return d;
}

static void no_path(const char *data, size_t off, gk_buf *out)
{
    (void)data, (void)off, (void)out;
}

/* A manifest's text: a regular file of at most 16 MiB, UTF-8 (a byte-order
 * mark, as Excel's "CSV UTF-8" writes it, is dropped), no NUL byte. NULL
 * with the problem printed. *start is where the text begins, after the BOM. */
static char *read_manifest(const char *path, size_t *len, const char **start)
{
    const char *why = NULL;
    char *text = read_whole(path, GK_MAX_FILE, len, &why);
    if (!text) {
        say_error(path, 0, 0, "%s", why);
        return NULL;
    }
    gk_diags d = {0};
    const char *data = text;
    if (!gk_input_precheck(path, &data, len, no_path, &d)) {
        for (size_t i = 0; i < d.count; i++)
            say_error(path, d.items[i].line, d.items[i].col, "%s", d.items[i].message);
        gk_diags_clear(&d);
        free(text);
        return NULL;
    }
    *start = data;
    return text;
}

/* The job for one manifest entry, after checking its fields; false (with
 * the problem printed) when the entry is refused. */
static bool manifest_entry(jobs *js, const char *path, const char *dir, unsigned line, unsigned col,
                           const char *input, const char *name, const char *template, unsigned template_col,
                           const char *profile, unsigned profile_col)
{
    if (!input || !*input) {
        say_error(path, line, col, "this %s has no input", ends_with(path, ".json") ? "entry" : "row");
        return false;
    }
    if (template && *template && !template_name_ok(template)) {
        say_error(path, line, template_col,
                  "the template \"%.80s\" is not a template name: letters, digits, - and _ only, no path", template);
        return false;
    }
    if (js->n == MAX_DEPARTMENTS) {
        say_error(path, line, col, "more than %u departments; a manifest lists at most %u", MAX_DEPARTMENTS,
                  MAX_DEPARTMENTS);
        return false;
    }
    /* a profile is a folder (templates/README.md, "Profiles"), relative to the
     * manifest like the input; one that is not a folder is refused with the
     * manifest, before anything is rendered */
    char *prof = profile && *profile ? (profile[0] == '/' ? xstrdup(profile) : joinpath(dir, profile)) : NULL;
    const char *why = prof ? gk_file_folder_problem(prof) : NULL;
    if (why) {
        say_error(path, line, profile_col, "the profile %.200s: the folder %s", prof, why);
        free(prof);
        return false;
    }
    add_job(js, input[0] == '/' ? xstrdup(input) : joinpath(dir, input), name, template, prof, line);
    return true;
}

/* RFC 4180 CSV, a record at a time, in place. A quoted field may hold
 * commas, doubled quotes and line breaks; a record ends at LF or CRLF. */
typedef struct csv {
    const char *path;
    char *p, *end, *line_start;
    unsigned line;
    bool bad;
} csv;

/* The column (in characters, from 1) of the byte at p. */
static unsigned csv_col(const csv *c, const char *p)
{
    unsigned col = 1;
    for (const char *q = c->line_start; q < p; q++) col += ((unsigned char)*q & 0xC0) != 0x80;
    return col;
}

/* The next record's fields into f[0..*nf) (at most MAX_COLUMNS, more is an
 * error) and the column each starts at into cols; false at the end of the
 * text. *line is the line it starts on. */
static bool csv_record(csv *c, char **f, unsigned *cols, int *nf, unsigned *line)
{
    if (c->p >= c->end) return false;
    *line = c->line;
    int n = 0;
    for (bool more = true; more;) {
        char *field = c->p, *w = c->p;
        unsigned at = c->line, col = csv_col(c, c->p);
        if (c->p < c->end && *c->p == '"') {
            c->p++;
            for (;;) {
                if (c->p >= c->end) {
                    say_error(c->path, at, col, "a quoted field that is never closed");
                    c->bad = true;
                    break;
                }
                if (*c->p == '"' && c->p + 1 < c->end && c->p[1] == '"') {
                    *w++ = '"';
                    c->p += 2;
                } else if (*c->p == '"') {
                    c->p++;
                    break;
                } else {
                    if (*c->p == '\n') c->line++, c->line_start = c->p + 1;
                    *w++ = *c->p++;
                }
            }
            if (c->p < c->end && *c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n') c->p++;
            if (c->p < c->end && *c->p != ',' && *c->p != '\n') {
                say_error(c->path, c->line, csv_col(c, c->p), "text after the closing quote of a field");
                c->bad = true;
                while (c->p < c->end && *c->p != ',' && *c->p != '\n') c->p++;
            }
        } else {
            while (c->p < c->end && *c->p != ',' && *c->p != '\n') *w++ = *c->p++;
            if (w > field && w[-1] == '\r' && (c->p >= c->end || *c->p == '\n')) w--;
        }
        more = c->p < c->end && *c->p == ',';
        if (c->p < c->end && *c->p == '\n') c->line++, c->line_start = c->p + 1;
        if (c->p < c->end) c->p++;
        *w = '\0'; /* w never passes the separator just read */
        if ((size_t)(w - field) > MAX_FIELD) {
            say_error(c->path, at, col, "a field longer than %u bytes", MAX_FIELD);
            c->bad = true;
        }
        if (n == MAX_COLUMNS) {
            say_error(c->path, at, col, "a row with more than %d fields", MAX_COLUMNS);
            c->bad = true;
            n++;
        } else if (n < MAX_COLUMNS) {
            cols[n] = col;
            f[n++] = field;
        }
    }
    *nf = n;
    return true;
}

static bool list_csv(const char *path, jobs *js)
{
    size_t len;
    const char *start;
    char *text = read_manifest(path, &len, &start);
    if (!text) return false;
    char *dir = dir_of(path);
    csv c = {path, (char *)start, (char *)start + len, (char *)start, 1, false};
    int col_input = -1, col_name = -1, col_template = -1, col_profile = -1;
    char *f[MAX_COLUMNS];
    unsigned cols[MAX_COLUMNS];
    int nf;
    unsigned line;
    bool ok = true, header = true;
    while (csv_record(&c, f, cols, &nf, &line)) {
        if (nf > MAX_COLUMNS) nf = MAX_COLUMNS; /* reported */
        if (nf == 1 && !*f[0]) continue; /* a blank line */
        if (header) {
            for (int i = 0; i < nf; i++) {
                int *col = strcmp(f[i], "input") == 0 ? &col_input : strcmp(f[i], "name") == 0 ? &col_name
                         : strcmp(f[i], "template") == 0                                       ? &col_template
                         : strcmp(f[i], "profile") == 0                                        ? &col_profile
                                                                                             : NULL;
                if (col && *col >= 0) {
                    say_error(path, line, cols[i], "the header row names the column \"%s\" twice", f[i]);
                    ok = false;
                }
                if (col) *col = i;
            }
            if (col_input < 0) {
                say_error(path, line, 1, "the header row must name an \"input\" column");
                ok = false;
                break;
            }
            header = false;
            continue;
        }
        bool has_template = col_template >= 0 && col_template < nf;
        bool has_profile = col_profile >= 0 && col_profile < nf;
        ok &= manifest_entry(js, path, dir, line, 1, col_input < nf ? f[col_input] : NULL,
                             col_name >= 0 && col_name < nf ? f[col_name] : NULL,
                             has_template ? f[col_template] : NULL, has_template ? cols[col_template] : 1,
                             has_profile ? f[col_profile] : NULL, has_profile ? cols[col_profile] : 1);
    }
    if (header && ok) {
        say_error(path, 1, 1, "the manifest is empty: a header row naming an \"input\" column comes first");
        ok = false;
    } else if (ok && !c.bad && js->n == 0) {
        say_error(path, 1, 1, "the manifest lists no department, only its header row");
        ok = false;
    }
    free(text);
    free(dir);
    return ok && !c.bad;
}

/* A member that must be text when present; false (printed) when it is not.
 * Lines are the reader's less one: the manifest was read after a line of
 * our own (list_json). */
static bool member_field(const char *path, const gk_value *o, const char *key, const char **out, unsigned *col)
{
    gk_member *m = gk_value_get(o, key);
    *out = NULL;
    *col = o->col;
    if (!m || m->value->type == GK_V_NULL) return true;
    *col = m->value->col;
    if (m->value->type != GK_V_STRING) {
        say_error(path, m->value->line - 1, m->value->col, "\"%s\" must be text", key);
        return false;
    }
    *out = m->value->as.str.s;
    return true;
}

static const char *member_text(const gk_value *obj, const char *key)
{
    gk_member *m = gk_value_get(obj, key);
    return m && m->value->type == GK_V_STRING ? m->value->as.str.s : NULL;
}

static bool list_json(const char *path, jobs *js)
{
    size_t len;
    const char *start;
    char *text = read_manifest(path, &len, &start);
    if (!text) return false;
    gk_arena arena = {0};
    gk_diags d = {0};
    /* the reader wants an object at the top: wrap the array, on a line of
     * its own so that the manifest's columns stay as they are */
    char *wrapped = xprintf("{\"jobs\":\n%.*s\n}", (int)len, start);
    gk_value *root = gk_json_read(path, wrapped, strlen(wrapped), &arena, &d);
    for (size_t i = 0; i < d.count; i++)
        say_error(path, d.items[i].line > 1 ? d.items[i].line - 1 : 1, d.items[i].col, "%s", d.items[i].message);
    gk_diags_clear(&d);
    gk_member *list = root ? gk_value_get(root, "jobs") : NULL;
    bool ok = list && list->value->type == GK_V_ARRAY;
    if (root && !ok) say_error(path, 1, 1, "a JSON manifest is an array of {\"input\": …} objects");
    char *dir = dir_of(path);
    for (size_t i = 0; list && ok && i < list->value->as.array.count; i++) {
        const gk_value *o = list->value->as.array.items[i];
        const char *input = NULL, *name = NULL, *template = NULL, *profile = NULL;
        if (o->type != GK_V_OBJECT) {
            say_error(path, o->line - 1, o->col, "an entry that is not an {\"input\": …} object");
            ok = false;
            continue;
        }
        unsigned ci, cn, ct, cp;
        bool fields = member_field(path, o, "input", &input, &ci);
        fields &= member_field(path, o, "name", &name, &cn);
        fields &= member_field(path, o, "template", &template, &ct);
        fields &= member_field(path, o, "profile", &profile, &cp);
        if (!fields || !input) {
            if (fields) say_error(path, o->line - 1, o->col, "an entry without \"input\"");
            ok = false;
            continue;
        }
        ok &= manifest_entry(js, path, dir, o->line - 1, o->col, input, name, template, ct, profile, cp);
    }
    if (list && list->value->type == GK_V_ARRAY && !list->value->as.array.count) {
        say_error(path, 1, 1, "the manifest lists no department");
        ok = false;
    }
    free(dir);
    free(wrapped);
    free(text);
    gk_arena_free(&arena);
    return ok;
}

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
        if (!ends_with(e->d_name, ext)) continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            names = realloc(names, cap * sizeof *names);
            if (!names) exit(EXIT_IO);
        }
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, by_string);
    for (size_t i = 0; i < n; i++) {
        char *p = joinpath(dir, names[i]);
        sha256_update(c, strlen(names[i]) + 1, (const uint8_t *)names[i]);
        hash_file(c, p, GK_MAX_FILE);
        free(p);
        free(names[i]);
    }
    free(names);
}

static void setup_fingerprint(const options *o, char *out)
{
    struct sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, strlen(GK_VERSION) + 1, (const uint8_t *)GK_VERSION);
    sha256_update(&c, strlen(o->formats) + 1, (const uint8_t *)o->formats);
    hash_file(&c, "/proc/self/exe", MAX_PROGRAM); /* the program with its built-in templates */
    if (o->template_dir) fingerprint_dir(&c, o->template_dir, ".tmpl");
    if (o->template_dir) fingerprint_dir(&c, o->template_dir, ".rules");
    if (o->template_dir) fingerprint_dir(&c, o->template_dir, "profile.ini"); /* the profile's wording */
    if (o->fontset) hash_file(&c, o->fontset, GK_MAX_FILE);
    uint8_t dgst[SHA256_DIGEST_SIZE];
    sha256_digest(&c, sizeof dgst, dgst);
    hex(dgst, sizeof dgst, out);
}

/* ---- temporary files ---- */

/* Six random letters and digits, the alphabet of mkstemp. */
static void random_suffix(char out[7])
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char r[6];
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
        unsigned long x = (unsigned long)getpid() * 2654435761u ^ (unsigned long)time(NULL) ^ (unsigned long)clock();
        for (int i = 0; i < 6; i++, x /= 62) r[i] = (unsigned char)(x % 62);
    }
    for (int i = 0; i < 6; i++) out[i] = abc[r[i] % 62];
    out[6] = '\0';
}

/* Writes buf to path through PATH.tmp-XXXXXX beside it, created exclusively
 * and never through a link (O_EXCL|O_NOFOLLOW: a name planted in advance is
 * passed over), locked while it is written (so the cleaner of a later run
 * can tell it from a leftover), renamed into place, removed on failure. */
static bool write_file(const char *path, const void *buf, size_t len)
{
    int fd = -1;
    char *tmp = NULL;
    for (int tries = 0; fd < 0 && tries < 100; tries++) {
        char suffix[7];
        random_suffix(suffix);
        free(tmp);
        tmp = xprintf("%s.tmp-%s", path, suffix);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) {
        free(tmp);
        return false;
    }
    flock(fd, LOCK_EX);
    bool ok = true;
    for (const char *p = buf; ok && len > 0;) {
        ssize_t k = write(fd, p, len);
        if (k < 0 && errno == EINTR) continue;
        ok = k > 0;
        if (ok) p += k, len -= (size_t)k;
    }
    if (ok && rename(tmp, path) != 0) ok = false;
    int saved = errno;
    if (!ok) unlink(tmp);
    if (close(fd) != 0) ok = false;
    errno = saved;
    free(tmp);
    return ok;
}

/* Does name end in `sep` and six letters or digits (mkdtemp's XXXXXX)? */
static bool temp_tail(const char *name, size_t n, char sep)
{
    if (n < 7 || name[n - 7] != sep) return false;
    for (size_t i = n - 6; i < n; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') || (name[i] >= '0' && name[i] <= '9')))
            return false;
    return true;
}

/* The file a leftover was meant to become: "q.docx.AbC123" (the atomic
 * writer's folder) → "q.docx", dir set; "q.json.tmp-AbC123" or
 * "q.json.tmp4711" (a temporary of write_file, or of earlier versions) →
 * "q.json". Length of that name in *base_len; false when the name is not
 * one of our temporaries. */
static bool leftover_of(const char *name, size_t *base_len, bool *dir)
{
    size_t n = strlen(name);
    if (n > 11 && memcmp(name + n - 11, ".tmp-", 5) == 0 && temp_tail(name, n, '-')) {
        *base_len = n - 11, *dir = false;
        return true;
    }
    size_t k = n;
    while (k > 0 && name[k - 1] >= '0' && name[k - 1] <= '9') k--;
    if (k < n && k > 4 && memcmp(name + k - 4, ".tmp", 4) == 0) {
        *base_len = k - 4, *dir = false;
        return true;
    }
    if (temp_tail(name, n, '.')) {
        *base_len = n - 7, *dir = true;
        return true;
    }
    return false;
}

/* Removes one leftover unless its writer still holds its lock (a run still
 * working). Links are never followed: a folder is opened O_NOFOLLOW and only
 * the files inside it that the writers make ("part", "part.*") are removed. */
static void remove_leftover(int dfd, const char *name, bool dir)
{
    int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | (dir ? O_DIRECTORY : 0));
    if (fd < 0) return;
    struct stat st;
    if (fstat(fd, &st) != 0 || (dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) || flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        return;
    }
    if (!dir) {
        unlinkat(dfd, name, 0);
        close(fd);
        return;
    }
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strncmp(e->d_name, "part", 4) == 0 && (e->d_name[4] == '\0' || e->d_name[4] == '.'))
            unlinkat(dirfd(d), e->d_name, 0);
    unlinkat(dfd, name, AT_REMOVEDIR);
    closedir(d);
}

/* Removes, from one folder, the leftovers of killed runs whose target
 * `ours` accepts (only names of our own patterns). */
static void clean_folder(const char *folder, bool (*ours)(const char *base, size_t n, bool dir, const void *ctx),
                         const void *ctx)
{
    DIR *d = opendir(folder);
    if (!d) return;
    struct dirent *e;
    size_t n;
    bool dir;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.' && leftover_of(e->d_name, &n, &dir) && ours(e->d_name, n, dir, ctx))
            remove_leftover(dirfd(d), e->d_name, dir);
    closedir(d);
}

/* Is base[0..n) STEM.FORMAT (an output) or, with formats NULL, STEM.json (a
 * stamp)? */
static size_t stem_len(const char *base, size_t n, const char *ext)
{
    size_t k = strlen(ext);
    return n > k + 1 && base[n - k - 1] == '.' && memcmp(base + n - k, ext, k) == 0 ? n - k - 1 : 0;
}


typedef struct clean_ctx {
    const jobs *js;
    const char *index; /* "index" or "index-K-of-N" */
    bool stamps;       /* cleaning OUT/.gongkai */
} clean_ctx;

static bool job_named(const jobs *js, const char *stem, size_t n)
{
    size_t lo = 0, hi = js->n;
    while (lo < hi) { /* the jobs are sorted by name */
        size_t mid = lo + (hi - lo) / 2;
        int c = strncmp(js->v[mid].name, stem, n);
        if (c == 0 && js->v[mid].name[n] != '\0') c = 1;
        if (c == 0) return true;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return false;
}

static bool ours_batch(const char *base, size_t n, bool dir, const void *p)
{
    const clean_ctx *c = p;
    size_t k;
    if (c->stamps) return !dir && (k = stem_len(base, n, "json")) && job_named(c->js, base, k);
    if (!dir && ((k = stem_len(base, n, "json")) || (k = stem_len(base, n, "csv"))))
        return k == strlen(c->index) && memcmp(base, c->index, k) == 0;
    const gk_format *f;
    for (size_t i = 0; (f = gk_format_at(i)); i++)
        if ((k = stem_len(base, n, f->name))) return job_named(c->js, base, k);
    return false;
}

static void clean_batch(const options *o, const jobs *js, const char *index)
{
    clean_ctx c = {js, index, false};
    clean_folder(o->out, ours_batch, &c);
    char *stamps = joinpath(o->out, ".gongkai");
    c.stamps = true;
    clean_folder(stamps, ours_batch, &c);
    free(stamps);
}

typedef struct stem_ctx {
    const char *stem;
} stem_ctx;

static bool ours_render(const char *base, size_t n, bool dir, const void *p)
{
    const char *stem = ((const stem_ctx *)p)->stem;
    size_t k;
    const gk_format *f;
    for (size_t i = 0; dir && (f = gk_format_at(i)); i++)
        if ((k = stem_len(base, n, f->name))) return k == strlen(stem) && memcmp(base, stem, k) == 0;
    return false;
}

void gk_cli_clean_leftovers(const char *dir, const char *stem)
{
    stem_ctx c = {stem};
    clean_folder(dir, ours_render, &c);
}

/* Removes a department's documents of an earlier run (only the names it
 * owns, OUT/NAME.docx|pdf|txt; unlink never follows a link). */
static void remove_outputs(const options *o, const job *j)
{
    const gk_format *f;
    for (size_t i = 0; (f = gk_format_at(i)); i++) {
        char *file = xprintf("%s/%s.%s", o->out, j->name, f->name);
        struct stat st;
        if (lstat(file, &st) == 0 && (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))) unlink(file);
        free(file);
    }
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

/* Writes g's text, and a line break, to path (write_file). */
static bool write_gen(yajl_gen g, const char *path)
{
    const unsigned char *buf;
    size_t len;
    yajl_gen_get_buf(g, &buf, &len);
    char *text = malloc(len + 1);
    if (!text) return false;
    memcpy(text, buf, len);
    text[len] = '\n';
    bool ok = write_file(path, text, len + 1);
    free(text);
    return ok;
}

/* Pages of a PDF: its /Type /Page objects. */
static long pdf_pages(const char *text, size_t len)
{
    long n = 0;
    for (const char *p = text; (p = memmem(p, len - (size_t)(p - text), "/Type /Page", 11)) != NULL; p += 11)
        if ((size_t)(p - text) + 11 >= len || p[11] != 's') n++;
    return n;
}

static const char *status_word(int status)
{
    static const char *const words[] = {"ok", "invalid", "unchanged", "error", "crashed"};
    return words[status];
}

/* Is the department's stamp current: same input, same setup, rendered,
 * outputs still there with their sizes? */
static bool stamp_current(const char *stamp, const char *input_sha, const char *setup)
{
    size_t len;
    char *text = read_own(stamp, &len);
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
        ok = file && bytes && bytes->value->type == GK_V_NUMBER && lstat(file, &st) == 0 && S_ISREG(st.st_mode) &&
             st.st_size == strtol(bytes->value->as.str.s, NULL, 10);
    }
    gk_diags_clear(&quiet);
    gk_arena_free(&arena);
    free(text);
    return ok;
}

/* The start of every stamp: who, from what, with which setup. */
static void stamp_head(yajl_gen g, const job *j, const char *input_sha, const char *setup)
{
    yajl_gen_config(g, yajl_gen_beautify, 1);
    yajl_gen_map_open(g);
    gen_key(g, "name"), gen_str(g, j->name);
    gen_key(g, "input"), gen_str(g, j->input);
    gen_key(g, "template"), gen_str(g, j->template);
    if (j->profile) gen_key(g, "profile"), gen_str(g, j->profile);
    gen_key(g, "input_sha256"), gen_str(g, input_sha);
    gen_key(g, "setup"), gen_str(g, setup);
}

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

static int run_job(const options *o, const job *j, const char *setup, const char *stamp)
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
        setup_fingerprint(&q, own_setup);
        setup = own_setup;
    }
    char input_sha[65] = "";
    size_t input_len;
    char *input = read_whole(j->input, GK_MAX_FILE, &input_len, NULL);
    if (input) sha256_hex(input, input_len, input_sha);
    if (!o->force && input_sha[0] && stamp_current(stamp, input_sha, setup)) {
        free(input);
        return ST_UNCHANGED;
    }

    gk_diags d = {0};
    gk_model *m = NULL;
    gk_document *doc = NULL;
    gk_render_options ro = {fontset};
    /* the bytes just hashed are the ones checked; a file that could not be
     * read is left to the loader, whose diagnostic says why */
    gk_status st = input ? gk_model_load_buffer(j->input, input, input_len, ends_with(j->input, ".ini"), &m, &d)
                         : gk_model_load_file(j->input, &m, &d);
    free(input);
    if (st == GK_OK) st = gk_model_check_with(m, tdir, &d);
    else if (st == GK_INVALID && gk_model_parsed(m) && gk_model_check_with(m, tdir, &d) == GK_NOMEM)
        st = GK_NOMEM; /* refused fields: still every problem in one run */
    if (st == GK_OK) st = gk_document_compose_with(m, tdir, j->template, &doc, &d);

    yajl_gen g = yajl_gen_alloc(NULL);
    stamp_head(g, j, input_sha, setup);
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
        char sha[65] = "";
        size_t bytes = 0;
        char *text = read_whole(file, MAX_OUTPUT, &bytes, NULL);
        if (text) sha256_hex(text, bytes, sha);
        yajl_gen_map_open(g);
        gen_key(g, "format"), gen_str(g, fmt);
        gen_key(g, "path"), gen_str(g, file);
        gen_key(g, "bytes"), yajl_gen_integer(g, (long long)bytes);
        gen_key(g, "sha256"), gen_str(g, sha);
        gen_key(g, "pages");
        if (strcmp(fmt, "pdf") == 0 && text) yajl_gen_integer(g, pdf_pages(text, bytes));
        else yajl_gen_null(g);
        yajl_gen_map_close(g);
        free(text);
        free(file);
    }
    free(formats);
    yajl_gen_array_close(g);
    int status = st == GK_OK ? ST_OK : st == GK_INVALID ? ST_INVALID : ST_ERROR;
    if (status != ST_OK) remove_outputs(o, j); /* never publish what the input no longer gives */
    if (st == GK_NOMEM) { /* said once there is memory again to say it */
        gk_document_free(doc), doc = NULL;
        gk_model_free(m), m = NULL;
        gk_diag_add(&d, GK_ERROR, "nomem", j->input, 0, 0, "", "out of memory%s",
                    o->max_memory_mib ? " (more than --max-memory allows)" : "");
    }
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
        if (x->place) gen_key(g, "cell"), gen_str(g, x->place); /* an XLSX input */
        gen_key(g, "path"), gen_str(g, x->path);
        gen_key(g, "message"), gen_str(g, x->message);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    if (!write_gen(g, stamp) && status == ST_OK) status = ST_ERROR;
    print_errors(&d, stamp);
    yajl_gen_free(g);
    gk_document_free(doc);
    gk_model_free(m);
    gk_diags_clear(&d);
    return status;
}

/* How a job ended, in words for its stamp and standard error ("killed by
 * SIGSEGV (Segmentation fault)"); *sig gets the signal's name or NULL. */
static void crash_words(int ws, const options *o, char *out, size_t n, char *sig, size_t sn)
{
    sig[0] = '\0';
    if (WIFSIGNALED(ws)) {
        int s = WTERMSIG(ws);
        const char *abbrev = sigabbrev_np(s);
        snprintf(sig, sn, "SIG%s", abbrev ? abbrev : "?");
        snprintf(out, n, "the job was killed by %s (%s)%s", sig, strsignal(s),
                 s == SIGXCPU && o->max_seconds ? ": it used more CPU time than --max-seconds allows" : "");
    } else {
        snprintf(out, n, "the job ended with exit status %d without a report%s", WEXITSTATUS(ws),
                 o->max_memory_mib ? " (perhaps beyond --max-memory)" : "");
    }
}

/* The stamp of a department whose job crashed, written by the parent: its
 * status, the signal, the reason as a diagnostic. The next run tries it
 * again (only "ok" is ever skipped). */
static void record_crash(const options *o, const job *j, const char *setup, const char *why, const char *sig)
{
    remove_outputs(o, j);
    char *stamp = xprintf("%s/.gongkai/%s.json", o->out, j->name);
    yajl_gen g = yajl_gen_alloc(NULL);
    stamp_head(g, j, "", setup);
    gen_key(g, "outputs");
    yajl_gen_array_open(g);
    yajl_gen_array_close(g);
    gen_key(g, "status"), gen_str(g, status_word(ST_CRASHED));
    gen_key(g, "signal"), gen_str(g, sig[0] ? sig : NULL);
    gen_key(g, "errors"), yajl_gen_integer(g, 1);
    gen_key(g, "warnings"), yajl_gen_integer(g, 0);
    gen_key(g, "diagnostics");
    yajl_gen_array_open(g);
    yajl_gen_map_open(g);
    gen_key(g, "severity"), gen_str(g, "error");
    gen_key(g, "code"), gen_str(g, "crashed");
    gen_key(g, "file"), gen_str(g, j->input);
    gen_key(g, "line"), yajl_gen_integer(g, 0);
    gen_key(g, "col"), yajl_gen_integer(g, 0);
    gen_key(g, "path"), gen_str(g, "");
    gen_key(g, "message"), gen_str(g, why);
    yajl_gen_map_close(g);
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    if (!write_gen(g, stamp)) fprintf(stderr, "gongkai: cannot write %s: %s\n", stamp, strerror(errno));
    yajl_gen_free(g);
    free(stamp);
}

/* ---- the parent ---- */

static double now(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

typedef struct progress {
    size_t total, done, counts[ST_COUNT];
    double start;
    bool tty;
} progress;

static void show(progress *p, const job *j, int status, const char *why)
{
    p->done++;
    p->counts[status]++;
    double t = now() - p->start, rate = t > 0 ? (double)p->done / t : 0;
    double eta = rate > 0 ? (double)(p->total - p->done) / rate : 0;
    if (status == ST_CRASHED) { /* said on every kind of standard error, with its reason */
        if (p->tty) fputc('\n', stderr);
        fprintf(stderr, "%s:0:0: error: %s [department %s]\n", j->input, why, j->name);
    }
    if (p->tty) {
        int width = 30, filled = (int)(width * p->done / (p->total ? p->total : 1));
        fprintf(stderr, "\r[%.*s%.*s] %zu/%zu  %.1f/s  ETA %d:%02d  %zu failed ", filled,
                "##############################", width - filled, "------------------------------", p->done, p->total,
                rate, (int)eta / 60, (int)eta % 60, p->counts[ST_INVALID] + p->counts[ST_ERROR] + p->counts[ST_CRASHED]);
        if (p->done == p->total) fputc('\n', stderr);
    } else {
        fprintf(stderr, "[%zu/%zu] %s: %s\n", p->done, p->total, j->name, status_word(status));
    }
    fflush(stderr);
}

/* A worker: a child that renders the departments the parent hands it, one
 * at a time, and answers with a result each. Fonts and fontconfig stay
 * loaded from one department to the next. It dies with the parent (a
 * killed batch leaves no worker behind, and outputs being atomic, no
 * partial file). --max-seconds is the CPU time of each job: the soft limit
 * is moved on before each. */
typedef struct result {
    unsigned job;
    int status;
} result;

static _Noreturn void worker(const options *o, const jobs *js, const char *setup, int jobs_fd, int results_fd,
                             pid_t parent)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(0);
    if (o->max_memory_mib) {
        rlim_t bytes = (rlim_t)o->max_memory_mib * 1024 * 1024;
        setrlimit(RLIMIT_AS, &(struct rlimit){bytes, bytes});
    }
    unsigned k;
    while (read(jobs_fd, &k, sizeof k) == (ssize_t)sizeof k && k < js->n) {
        if (o->max_seconds) {
            struct rusage ru;
            struct rlimit cpu;
            getrusage(RUSAGE_SELF, &ru);
            getrlimit(RLIMIT_CPU, &cpu);
            rlim_t soft = (rlim_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + 1 + o->max_seconds);
            cpu.rlim_cur = cpu.rlim_max != RLIM_INFINITY && soft > cpu.rlim_max ? cpu.rlim_max : soft;
            setrlimit(RLIMIT_CPU, &cpu);
        }
        char *stamp = xprintf("%s/.gongkai/%s.json", o->out, js->v[k].name);
        result r = {k, run_job(o, &js->v[k], setup, stamp)};
        free(stamp);
        if (write(results_fd, &r, sizeof r) != (ssize_t)sizeof r) _exit(0);
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

static void write_index(const options *o, const jobs *js, const char *name)
{
    char *json = xprintf("%s/%s.json", o->out, name), *csv_path = xprintf("%s/%s.csv", o->out, name);
    yajl_gen g = yajl_gen_alloc(NULL);
    yajl_gen_config(g, yajl_gen_beautify, 1);
    yajl_gen_map_open(g);
    gen_key(g, "generator"), gen_str(g, "gongkai " GK_VERSION);
    gen_key(g, "departments");
    yajl_gen_array_open(g);
    char *csv_text = NULL;
    size_t csv_len = 0;
    FILE *c = open_memstream(&csv_text, &csv_len);
    if (c) fputs("name,input,status,errors,warnings,format,path,bytes,sha256,pages\n", c);
    for (size_t i = 0; i < js->n; i++) {
        char *stamp = xprintf("%s/.gongkai/%s.json", o->out, js->v[i].name);
        size_t len;
        char *text = read_own(stamp, &len);
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
    if (!c || fclose(c) != 0 || !write_file(csv_path, csv_text, csv_len)) ok = false;
    if (!ok) fprintf(stderr, "gongkai: cannot write the index in %s: %s\n", o->out, strerror(errno));
    free(csv_text);
    free(json);
    free(csv_path);
}

/* FNV-1a of a department's name: its shard does not depend on the order or
 * the number of the others. */
static unsigned shard_of(const char *name, int n)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) h = (h ^ *p) * 16777619u;
    return h % (unsigned)n;
}

void gk_cli_print_formats(FILE *f)
{
    fputs("\nFormats (the first is the default):\n", f);
    const gk_format *fmt;
    for (size_t i = 0; (fmt = gk_format_at(i)); i++) fprintf(f, "  %-6s %s\n", fmt->name, fmt->what);
}

const char *gk_cli_profile_fontset(const char *dir, char *buf, size_t size)
{
    int n = snprintf(buf, size, "%s/profile.fontset", dir);
    struct stat st;
    return n > 0 && (size_t)n < size && lstat(buf, &st) == 0 ? buf : NULL;
}

const char *gk_cli_formats_problem(const char *list)
{
    static char why[200];
    if (!*list) {
        snprintf(why, sizeof why, "--format needs at least one format (%s)", gk_format_names());
        return why;
    }
    const gk_format *seen[32] = {NULL};
    size_t nseen = 0;
    for (const char *p = list;;) {
        size_t n = strcspn(p, ",");
        const gk_format *f = gk_format_find(p, n);
        bool twice = false;
        for (size_t k = 0; f && k < nseen; k++) twice = twice || seen[k] == f;
        if (n == 0) snprintf(why, sizeof why, "an empty format in --format %.100s (%s)", list, gk_format_names());
        else if (!f) snprintf(why, sizeof why, "unknown format %.*s (%s)", (int)(n < 60 ? n : 60), p, gk_format_names());
        else if (twice) snprintf(why, sizeof why, "--format names %s twice", f->name);
        if (n == 0 || !f || twice) return why;
        if (nseen < sizeof seen / sizeof seen[0]) seen[nseen++] = f;
        if (!p[n]) return NULL;
        p += n + 1;
    }
}

/* The absolute form of a path, links resolved, also when its last
 * components do not exist yet (an output folder to be made). */
static char *resolved(const char *path)
{
    char *r = realpath(path, NULL);
    if (r || errno != ENOENT) return r;
    char *copy = xstrdup(path);
    size_t n = strlen(copy);
    while (n > 1 && copy[n - 1] == '/') copy[--n] = '\0';
    char *slash = strrchr(copy, '/');
    char *parent = slash ? (slash == copy ? xstrdup("/") : (slash[0] = '\0', xstrdup(copy))) : xstrdup(".");
    const char *base = slash ? slash + 1 : copy;
    char *rp = strcmp(parent, path) != 0 ? resolved(parent) : NULL;
    char *out = rp ? xprintf("%s%s%s", rp, strcmp(rp, "/") == 0 ? "" : "/", base) : NULL;
    free(rp);
    free(parent);
    free(copy);
    return out;
}

/* Is a the folder b or inside it? */
static bool within(const char *a, const char *b)
{
    size_t n = strlen(b);
    if (strcmp(b, "/") == 0) return true;
    return strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/');
}

/* The output folder must be apart from the departments' folder: OUT = IN
 * would list index.json as a department on the next run, and one inside the
 * other mixes documents with inputs. For a manifest, its own folder is IN. */
static bool folders_apart(const options *o, bool folder)
{
    char *in_dir = folder ? xstrdup(o->source) : dir_of(o->source);
    char *in = resolved(in_dir), *out = resolved(o->out);
    bool ok = true;
    if (in && out && (folder ? within(out, in) || within(in, out) : strcmp(in, out) == 0)) {
        fprintf(stderr,
                strcmp(in, out) == 0 ? "gongkai: the output folder %s is the folder of the departments %s; choose another\n"
                : within(out, in)    ? "gongkai: the output folder %s is inside the folder of the departments %s; choose one outside it\n"
                                     : "gongkai: the output folder %s holds the folder of the departments %s; choose one apart from it\n",
                o->out, in_dir);
        ok = false;
    }
    free(in);
    free(out);
    free(in_dir);
    return ok;
}

/* A positive number of at most max for an option, or -1. */
static long option_number(const char *s, long max)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    return errno || end == s || *end || v < 0 || v > max ? -1 : v;
}

/* Makes a folder unless it is there already (another run may make it at the
 * same moment: EEXIST of a folder is fine). */
static bool make_folder(const char *path, bool follow)
{
    struct stat st;
    if (mkdir(path, 0777) == 0) return true;
    if (errno != EEXIST) return false;
    if ((follow ? stat(path, &st) : lstat(path, &st)) != 0) return false;
    if (S_ISDIR(st.st_mode)) return true;
    errno = ENOTDIR;
    return false;
}

/* One worker as the parent sees it: the pipe it takes jobs from, the pipe
 * it answers on, the job it holds (-1: none). */
typedef struct slot {
    pid_t pid;
    int to, from;
    long job;
} slot;

static void close_slot(slot *w)
{
    if (w->to >= 0) close(w->to);
    if (w->from >= 0) close(w->from);
    *w = (slot){0, -1, -1, -1};
}

/* Starts a worker in w; false (w empty) when no process or pipe can be had. */
static bool start_worker(slot *w, slot *all, int n, const options *o, const jobs *js, const char *setup)
{
    int a[2], b[2];
    if (pipe(a) != 0) return false;
    if (pipe(b) != 0) {
        close(a[0]), close(a[1]);
        return false;
    }
    pid_t parent = getpid();
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        for (int i = 0; i < n; i++) /* the other workers' pipes are not this one's */
            if (&all[i] != w && all[i].pid > 0) close(all[i].to), close(all[i].from);
        close(a[1]), close(b[0]);
        worker(o, js, setup, a[0], b[1], parent);
    }
    close(a[0]), close(b[1]);
    if (pid < 0) {
        close(a[1]), close(b[0]);
        return false;
    }
    *w = (slot){pid, a[1], b[0], -1};
    return true;
}

/* Runs every job on at most o->workers workers. A worker whose pipe closes
 * before it answered has died (a crash, a signal, a limit): its job is
 * recorded as crashed, with how it ended, and a new worker takes its place,
 * so one department never takes those queued behind it. */
static void run_all(const options *o, const jobs *js, const char *setup, progress *p)
{
    int n = o->workers;
    slot *w = malloc((size_t)n * sizeof *w);
    struct pollfd *fds = malloc((size_t)n * sizeof *fds);
    int *of = malloc((size_t)n * sizeof *of);
    if (!w || !fds || !of) exit(EXIT_IO);
    for (int i = 0; i < n; i++) w[i] = (slot){0, -1, -1, -1};
    signal(SIGPIPE, SIG_IGN); /* a write to a dead worker fails; its pipe says why */
    size_t next = 0;
    while (p->done < js->n) {
        int busy = 0;
        for (int i = 0; i < n; i++) {
            if (w[i].pid > 0 && w[i].job < 0 && waitpid(w[i].pid, NULL, WNOHANG) == w[i].pid)
                close_slot(&w[i]); /* died idle (killed from outside): nobody's department */
            if (w[i].pid <= 0 && next < js->n) start_worker(&w[i], w, n, o, js, setup);
            if (w[i].pid > 0 && w[i].job < 0 && next < js->n) {
                unsigned k = (unsigned)next;
                w[i].job = (long)next++;
                /* a worker that died idle fails this write; its pipe's end says so below */
                ssize_t sent = write(w[i].to, &k, sizeof k);
                (void)sent;
            }
            if (w[i].pid > 0 && w[i].job >= 0) fds[busy] = (struct pollfd){w[i].from, POLLIN, 0}, of[busy++] = i;
        }
        if (busy == 0 && next >= js->n) break; /* not reached: every department handed out is busy or done */
        if (busy == 0) { /* not one worker could be started: this department fails */
            char why[160];
            snprintf(why, sizeof why, "cannot start a worker: %s", strerror(errno));
            record_crash(o, &js->v[next], setup, why, "");
            show(p, &js->v[next], ST_CRASHED, why);
            next++;
            continue;
        }
        if (poll(fds, (nfds_t)busy, -1) < 0) {
            if (errno == EINTR) continue;
            perror("gongkai: poll");
            exit(EXIT_IO);
        }
        for (int b = 0; b < busy; b++) {
            if (!fds[b].revents) continue;
            slot *s = &w[of[b]];
            result r;
            ssize_t got = read(s->from, &r, sizeof r);
            if (got == (ssize_t)sizeof r && r.job == (unsigned)s->job && r.status >= 0 && r.status < ST_CRASHED) {
                s->job = -1;
                show(p, &js->v[r.job], r.status, NULL);
                continue;
            }
            if (got < 0 && errno == EINTR) continue;
            /* the worker is gone: how did it end? */
            const job *j = &js->v[s->job];
            int ws = 0;
            kill(s->pid, SIGKILL); /* in case it only closed its pipe */
            while (waitpid(s->pid, &ws, 0) < 0 && errno == EINTR) {}
            close_slot(s);
            char why[256], sig[32];
            crash_words(ws, o, why, sizeof why, sig, sizeof sig);
            record_crash(o, j, setup, why, sig);
            show(p, j, ST_CRASHED, why);
        }
    }
    for (int i = 0; i < n; i++) { /* the workers stop at the end of their pipe */
        pid_t pid = w[i].pid;
        close_slot(&w[i]);
        if (pid > 0) while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
    }
    free(w);
    free(fds);
    free(of);
}

int gk_cli_batch(int argc, char **argv)
{
    options o = {0};
    const char *profile = NULL; /* --profile DIR: the template folder, and its profile.fontset */
    o.formats = gk_format_at(0)->name;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        long *number = NULL, max = 0;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(gk_cli_batch_usage, stdout);
            gk_cli_print_formats(stdout);
            return EXIT_OK;
        }
        else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && val) o.out = argv[++i];
        else if ((strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) && val) {
            long n = option_number(argv[++i], 1024);
            if (n < 0) {
                fprintf(stderr, "gongkai: --jobs takes a number from 0 (the number of cores) to 1024, not %s\n", argv[i]);
                return EXIT_USAGE;
            }
            o.workers = (int)n;
        } else if ((strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0) && val) o.formats = argv[++i];
        else if ((strcmp(a, "-t") == 0 || strcmp(a, "--template-dir") == 0) && val) o.template_dir = argv[++i];
        else if (strcmp(a, "--profile") == 0 && val) o.template_dir = profile = argv[++i];
        else if (strcmp(a, "--fontset") == 0 && val) o.fontset = argv[++i], o.fontset_given = true;
        else if (strcmp(a, "--force") == 0) o.force = true;
        else if (strcmp(a, "--max-memory") == 0 && val) number = &o.max_memory_mib, max = 1L << 30;
        else if (strcmp(a, "--max-seconds") == 0 && val) number = &o.max_seconds, max = 1L << 30;
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
        if (number) {
            *number = option_number(argv[++i], max);
            if (*number <= 0) {
                fprintf(stderr, "gongkai: %s takes a positive whole number, not %s\n", a, argv[i]);
                return EXIT_USAGE;
            }
        }
    }
    if (!o.source || !o.out) {
        fprintf(stderr, "gongkai: batch needs an INPUT_DIR or MANIFEST and -o OUT_DIR\n\n%s", gk_cli_batch_usage);
        return EXIT_USAGE;
    }
    const char *bad_formats = gk_cli_formats_problem(o.formats);
    if (bad_formats) {
        fprintf(stderr, "gongkai: %s\n", bad_formats);
        return EXIT_USAGE;
    }
    const char *bad_dir = o.template_dir ? gk_file_folder_problem(o.template_dir) : NULL;
    if (bad_dir) { /* before anything is rendered: every department would fail alike */
        fprintf(stderr, "%s:0:0: error: the template folder %s\n", o.template_dir, bad_dir);
        return EXIT_IO;
    }
    static char profile_fontset[4096];
    if (profile && !o.fontset) {
        const char *f = gk_cli_profile_fontset(profile, profile_fontset, sizeof profile_fontset);
        if (f) o.fontset = f;
    }
    if (o.workers <= 0) o.workers = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (o.workers <= 0) o.workers = 1;

    /* the departments */
    jobs js = {0};
    struct stat st;
    if (stat(o.source, &st) != 0) {
        fprintf(stderr, "gongkai: %s: %s\n", o.source, strerror(errno));
        return EXIT_IO;
    }
    bool folder = S_ISDIR(st.st_mode);
    if (!folder && !ends_with(o.source, ".csv") && !ends_with(o.source, ".json")) {
        fprintf(stderr, "gongkai: %s is neither a folder nor a .csv or .json manifest\n", o.source);
        return EXIT_USAGE;
    }
    if (!folders_apart(&o, folder)) return EXIT_USAGE;
    bool listed = folder ? list_folder(o.source, &js) : ends_with(o.source, ".csv") ? list_csv(o.source, &js)
                                                                                      : list_json(o.source, &js);
    if (!listed) {
        fprintf(stderr, "gongkai: cannot read the departments of %s%s\n", o.source,
                folder ? "" : "; correct the manifest: nothing was rendered");
        free_jobs(&js);
        return folder && js.n < MAX_DEPARTMENTS ? EXIT_IO : EXIT_USAGE;
    }
    if (!js.n) {
        fprintf(stderr, "gongkai: %s holds no department (no .json or .ini file); nothing to do\n", o.source);
        free_jobs(&js);
        return EXIT_USAGE;
    }
    if (!unique_names(&js, o.source)) {
        free_jobs(&js);
        return EXIT_USAGE;
    }
    if (o.shard_n) { /* keep this shard's share */
        size_t k = 0;
        for (size_t i = 0; i < js.n; i++) {
            if (shard_of(js.v[i].name, o.shard_n) == (unsigned)(o.shard_k - 1)) js.v[k++] = js.v[i];
            else free_job(&js.v[i]);
        }
        js.n = k;
    }

    char *stamps = joinpath(o.out, ".gongkai");
    bool made = make_folder(o.out, true);
    if (!made || !make_folder(stamps, false)) { /* .gongkai is ours: a link there is not followed */
        fprintf(stderr, "gongkai: cannot create %s: %s\n", made ? stamps : o.out, strerror(errno));
        free(stamps);
        free_jobs(&js);
        return EXIT_IO;
    }
    free(stamps);
    char index[64] = "index";
    if (o.shard_n) snprintf(index, sizeof index, "index-%d-of-%d", o.shard_k, o.shard_n);
    clean_batch(&o, &js, index); /* what killed runs left of this shard's departments */
    char setup[65];
    setup_fingerprint(&o, setup);

    if (o.workers > (int)js.n) o.workers = js.n ? (int)js.n : 1;
    progress p = {js.n, 0, {0}, now(), isatty(2) != 0};
    run_all(&o, &js, setup, &p);
    write_index(&o, &js, index);
    clean_batch(&o, &js, index); /* what crashed jobs left */
    fprintf(stderr, "gongkai: %zu departments: %zu rendered, %zu unchanged, %zu with errors, %zu failed, %zu crashed (%.1f s)\n",
            js.n, p.counts[ST_OK], p.counts[ST_UNCHANGED], p.counts[ST_INVALID], p.counts[ST_ERROR],
            p.counts[ST_CRASHED], now() - p.start);
    free_jobs(&js);
    return p.counts[ST_ERROR] || p.counts[ST_CRASHED] ? EXIT_IO : p.counts[ST_INVALID] ? EXIT_INVALID : EXIT_OK;
}
