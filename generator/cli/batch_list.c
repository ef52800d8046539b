/* gongkai batch: listing the departments (a folder's .json/.ini/.xlsx
 * files, a CSV or a JSON manifest's rows) and giving each a name of its own. */
#define _GNU_SOURCE
#include "batch_list.h"

#include "batch_util.h"
#include "diag.h"
#include "file.h"
#include "gongkai.h"
#include "value.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        char *stem = gk_batch_strdup(base);
        char *dot = strrchr(stem, '.');
        if (dot && dot != stem) *dot = '\0';
        j->name = safe_name(stem, js->n);
        free(stem);
    }
    j->template = template && *template ? gk_batch_strdup(template) : NULL;
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
    bool xj = gk_batch_ends_with(x->input, ".json"), yj = gk_batch_ends_with(y->input, ".json");
    if (xj != yj) return xj ? -1 : 1;
    c = strcmp(x->input, y->input);
    if (c) return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

void gk_batch_free_job(job *j)
{
    free(j->input);
    free(j->name);
    free(j->template);
    free(j->profile);
}

void gk_batch_free_jobs(jobs *js)
{
    for (size_t i = 0; i < js->n; i++) gk_batch_free_job(&js->v[i]);
    free(js->v);
}

/* Sorts the jobs by name and makes the names unique: a department given as
 * both x.json and x.ini keeps "x" for the JSON and gets "x-ini" for the
 * other; further ones with the same name get "x-ini-2", "x-ini-3" … Each
 * group of equal names is renamed at once and the whole list sorted again
 * only when a new name met an old one, so n copies of one input cost a few
 * sorts, not n. Names a manifest gave must be unique already; false, with
 * the clash printed, when they are not. */
bool gk_batch_unique_names(jobs *js, const char *source)
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
                    gk_batch_error(source, b->line, 1, "this row and the row on line %u would both write %s.*; give them different names",
                              a->line, j->name);
                    return false;
                }
                const char *base = strrchr(j->input, '/');
                const char *ext = strrchr(base ? base + 1 : j->input, '.');
                const char *suffix = ext && ext[1] ? ext + 1 : "2";
                char *name = ++count == 1 ? gk_batch_printf("%s-%.20s", j->name, suffix)
                                          : gk_batch_printf("%s-%.20s-%zu", j->name, suffix, count);
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

bool gk_batch_list_folder(const char *dir, jobs *js)
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
        if (!gk_batch_ends_with(e->d_name, ".json") && !gk_batch_ends_with(e->d_name, ".ini") && !gk_batch_ends_with(e->d_name, ".xlsx")) continue;
        if (js->n == MAX_DEPARTMENTS) {
            fprintf(stderr, "gongkai: %s holds more than %u departments; a batch takes at most %u\n", dir,
                    MAX_DEPARTMENTS, MAX_DEPARTMENTS);
            ok = false;
            break;
        }
        add_job(js, gk_batch_join(dir, e->d_name), NULL, NULL, NULL, 0);
    }
    closedir(d);
    return ok;
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
    char *text = gk_batch_read(path, GK_MAX_FILE, len, &why);
    if (!text) {
        gk_batch_error(path, 0, 0, "%s", why);
        return NULL;
    }
    gk_diags d = {0};
    const char *data = text;
    if (!gk_input_precheck(path, &data, len, no_path, &d)) {
        for (size_t i = 0; i < d.count; i++)
            gk_batch_error(path, d.items[i].line, d.items[i].col, "%s", d.items[i].message);
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
        gk_batch_error(path, line, col, "this %s has no input", gk_batch_ends_with(path, ".json") ? "entry" : "row");
        return false;
    }
    if (template && *template && !template_name_ok(template)) {
        gk_batch_error(path, line, template_col,
                  "the template \"%.80s\" is not a template name: letters, digits, - and _ only, no path", template);
        return false;
    }
    if (js->n == MAX_DEPARTMENTS) {
        gk_batch_error(path, line, col, "more than %u departments; a manifest lists at most %u", MAX_DEPARTMENTS,
                  MAX_DEPARTMENTS);
        return false;
    }
    /* a profile is a folder (templates/README.md, "Profiles"), relative to the
     * manifest like the input; one that is not a folder is refused with the
     * manifest, before anything is rendered */
    char *prof = profile && *profile ? (profile[0] == '/' ? gk_batch_strdup(profile) : gk_batch_join(dir, profile)) : NULL;
    const char *why = prof ? gk_file_folder_problem(prof) : NULL;
    if (why) {
        gk_batch_error(path, line, profile_col, "the profile %.200s: the folder %s", prof, why);
        free(prof);
        return false;
    }
    add_job(js, input[0] == '/' ? gk_batch_strdup(input) : gk_batch_join(dir, input), name, template, prof, line);
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
                    gk_batch_error(c->path, at, col, "a quoted field that is never closed");
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
                gk_batch_error(c->path, c->line, csv_col(c, c->p), "text after the closing quote of a field");
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
            gk_batch_error(c->path, at, col, "a field longer than %u bytes", MAX_FIELD);
            c->bad = true;
        }
        if (n == MAX_COLUMNS) {
            gk_batch_error(c->path, at, col, "a row with more than %d fields", MAX_COLUMNS);
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

bool gk_batch_list_csv(const char *path, jobs *js)
{
    size_t len;
    const char *start;
    char *text = read_manifest(path, &len, &start);
    if (!text) return false;
    char *dir = gk_batch_dir_of(path);
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
                    gk_batch_error(path, line, cols[i], "the header row names the column \"%s\" twice", f[i]);
                    ok = false;
                }
                if (col) *col = i;
            }
            if (col_input < 0) {
                gk_batch_error(path, line, 1, "the header row must name an \"input\" column");
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
        gk_batch_error(path, 1, 1, "the manifest is empty: a header row naming an \"input\" column comes first");
        ok = false;
    } else if (ok && !c.bad && js->n == 0) {
        gk_batch_error(path, 1, 1, "the manifest lists no department, only its header row");
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
        gk_batch_error(path, m->value->line - 1, m->value->col, "\"%s\" must be text", key);
        return false;
    }
    *out = m->value->as.str.s;
    return true;
}

bool gk_batch_list_json(const char *path, jobs *js)
{
    size_t len;
    const char *start;
    char *text = read_manifest(path, &len, &start);
    if (!text) return false;
    gk_arena arena = {0};
    gk_diags d = {0};
    /* the reader wants an object at the top: wrap the array, on a line of
     * its own so that the manifest's columns stay as they are */
    char *wrapped = gk_batch_printf("{\"jobs\":\n%.*s\n}", (int)len, start);
    gk_value *root = gk_json_read(path, wrapped, strlen(wrapped), &arena, &d);
    for (size_t i = 0; i < d.count; i++)
        gk_batch_error(path, d.items[i].line > 1 ? d.items[i].line - 1 : 1, d.items[i].col, "%s", d.items[i].message);
    gk_diags_clear(&d);
    gk_member *list = root ? gk_value_get(root, "jobs") : NULL;
    bool ok = list && list->value->type == GK_V_ARRAY;
    if (root && !ok) gk_batch_error(path, 1, 1, "a JSON manifest is an array of {\"input\": …} objects");
    char *dir = gk_batch_dir_of(path);
    for (size_t i = 0; list && ok && i < list->value->as.array.count; i++) {
        const gk_value *o = list->value->as.array.items[i];
        const char *input = NULL, *name = NULL, *template = NULL, *profile = NULL;
        if (o->type != GK_V_OBJECT) {
            gk_batch_error(path, o->line - 1, o->col, "an entry that is not an {\"input\": …} object");
            ok = false;
            continue;
        }
        unsigned ci, cn, ct, cp;
        bool fields = member_field(path, o, "input", &input, &ci);
        fields &= member_field(path, o, "name", &name, &cn);
        fields &= member_field(path, o, "template", &template, &ct);
        fields &= member_field(path, o, "profile", &profile, &cp);
        if (!fields || !input) {
            if (fields) gk_batch_error(path, o->line - 1, o->col, "an entry without \"input\"");
            ok = false;
            continue;
        }
        ok &= manifest_entry(js, path, dir, o->line - 1, o->col, input, name, template, ct, profile, cp);
    }
    if (list && list->value->type == GK_V_ARRAY && !list->value->as.array.count) {
        gk_batch_error(path, 1, 1, "the manifest lists no department");
        ok = false;
    }
    free(dir);
    free(wrapped);
    free(text);
    gk_arena_free(&arena);
    return ok;
}

