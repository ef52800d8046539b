/* Reading a fontset (an INI file; inih parses it). */
#include "fontset.h"
#include "buf.h"
#include "dec.h"
#include "diag.h"
#include "file.h"

#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const gk_font_role_names[] = {"title",    "body",  "heading1",     "heading2",    "heading3",
                                          "heading4", "table", "table_header", "page_number", NULL};

/* How long a fontset file may be: the default is 3 KiB. */
#define GK_FONTSET_MAX_FILE (64u * 1024)

typedef struct reader {
    gk_fontset *fs;
    gk_diags *diags;
    const char *file;
    /* the text being read, line by line (so each error has its line) */
    const char *p, *end;
    unsigned line, failed_line, section_line;
    unsigned role_line[GK_ROLE_COUNT]; /* where each role's section began */
    bool seen[GK_ROLE_COUNT];
} reader;

static char *keep(gk_fontset *fs, const char *s, size_t n) { return gk_arena_strndup(&fs->arena, s, n); }

/* An error at the line being read; inih's own report of that line is then
 * dropped (it would only say that the line was refused). */
static int refuse(reader *r, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int refuse(reader *r, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gk_buf msg = {0};
    gk_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    if (r->failed_line != r->line)
        gk_diag_add(r->diags, GK_ERROR, "fontset", r->file, r->line, 1, path, "%s", gk_buf_str(&msg));
    r->failed_line = r->line;
    gk_buf_free(&msg);
    return 0;
}

/* Whether inih can read `s` (line `line` of the file): blank, a ; or #
 * comment, [section], key = value, or an indented continuation line. */
static bool line_ok(const char *s, unsigned line)
{
    if (line == 1 && strncmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3;
    if (*s == ' ' || *s == '\t') return true;
    while (*s == '\r') s++;
    if (!*s || *s == ';' || *s == '#') return true;
    if (*s == '[') return strchr(s, ']') != NULL;
    return strchr(s, '=') || strchr(s, ':');
}

/* inih's line reader over the text in memory. It counts lines (so every
 * error names its line) and reports a line inih would refuse or cut itself,
 * handing it on as an empty line. */
static char *next_line(char *str, int num, void *stream)
{
    reader *r = stream;
    if (r->p >= r->end) return NULL;
    const char *s = r->p, *nl = memchr(s, '\n', (size_t)(r->end - s));
    size_t n = (size_t)((nl ? nl : r->end) - s);
    r->p = nl ? nl + 1 : r->end;
    r->line++;
    str[0] = '\0';
    if (n + 2 > (size_t)num) {
        refuse(r, "", "this line is longer than %d bytes", num - 2);
        return str;
    }
    memcpy(str, s, n);
    str[n] = '\0';
    if (!line_ok(str, r->line)) {
        refuse(r, "", "cannot read this line: expected [role], key = value or a ; comment");
        str[0] = '\0';
    } else if (str[strspn(str, " \t")] == '[') {
        r->section_line = r->line;
    }
    return str;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    reader *r = user;
    int role = 0;
    while (gk_font_role_names[role] && strcmp(gk_font_role_names[role], section) != 0) role++;
    if (role == GK_ROLE_COUNT)
        return refuse(r, section, "unknown role [%s]; roles are title, body, heading1–heading4, table, table_header, "
                      "page_number", section);
    gk_font_spec *f = &r->fs->role[role];
    if (!r->seen[role]) r->role_line[role] = r->section_line;
    r->seen[role] = true;
    if (strcmp(name, "size") == 0) {
        gk_dec d;
        if (gk_dec_parse(value, strlen(value), &d) != GK_DEC_OK || d.units < GK_DEC_ONE / 2 || d.units > 200 * GK_DEC_ONE)
            return refuse(r, section, "the size of [%s] is \"%s\"; a size is a number of points from 0.5 to 200",
                          section, value);
        f->half_points = (int)(d.units * 2 / GK_DEC_ONE);
    } else if (strcmp(name, "docx") == 0) f->docx = keep(r->fs, value, strlen(value));
    else if (strcmp(name, "docx_alt") == 0) f->docx_alt = keep(r->fs, value, strlen(value));
    else if (strcmp(name, "docx_ascii") == 0) f->docx_ascii = keep(r->fs, value, strlen(value));
    else if (strcmp(name, "pdf") == 0) {
        f->pdf = keep(r->fs, value, strlen(value));
        f->pdf_line = r->line;
    }
    else if (strcmp(name, "bold") == 0) {
        if (strcmp(value, "true") != 0 && strcmp(value, "false") != 0)
            return refuse(r, section, "bold of [%s] is \"%s\"; it is true or false", section, value);
        f->bold = strcmp(value, "true") == 0;
    } else if (strcmp(name, "fallback") == 0) {
        f->nfallback = 0;
        for (const char *p = value; *p;) {
            while (*p == ' ' || *p == ',') p++;
            const char *e = strchr(p, ',');
            if (!e) e = p + strlen(p);
            const char *t = e;
            while (t > p && t[-1] == ' ') t--;
            if (t > p && f->nfallback == GK_FONT_MAX_FALLBACK)
                return refuse(r, section, "[%s] names more than %d fallback fonts", section, GK_FONT_MAX_FALLBACK);
            if (t > p) f->fallback[f->nfallback++] = keep(r->fs, p, (size_t)(t - p));
            p = e;
        }
    } else
        return refuse(r, section, "unknown key \"%s\" in [%s]; keys are size, docx, docx_alt, docx_ascii, pdf, "
                      "fallback, bold", name, section);
    return 1;
}

gk_status gk_fontset_load(gk_fontset *fs, const char *path, gk_diags *diags)
{
    memset(fs, 0, sizeof *fs);
    reader r = {.fs = fs, .diags = diags, .file = path ? path : "built-in fontset"};
    gk_buf text = {0};
    if (path) {
        const char *why;
        if (gk_file_read(path, GK_FONTSET_MAX_FILE, &text, &why) != GK_FILE_OK) {
            gk_diag_add(diags, GK_ERROR, "io", path, 0, 0, "", "cannot read the fontset: %s", why);
            gk_buf_free(&text);
            return GK_IO;
        }
        fs->origin = keep(fs, path, strlen(path));
        r.p = gk_buf_str(&text);
        r.end = r.p + text.len;
    } else {
        r.p = gk_builtin_fontsets[0].text;
        r.end = r.p + strlen(r.p);
        fs->origin = "built-in";
    }
    gk_status st = GK_OK;
    if (memchr(r.p, '\0', (size_t)(r.end - r.p))) {
        gk_diag_add(diags, GK_ERROR, "fontset", r.file, 0, 0, "", "the fontset contains a NUL byte; save it as UTF-8 text");
        st = GK_INVALID;
        goto done;
    }
    /* next_line hands inih only lines it can read, so each problem is
     * reported (with its line) by next_line or the handler */
    if (ini_parse_stream(next_line, &r, handler, &r) != 0 || r.failed_line) st = GK_INVALID;
    for (int k = 0; k < GK_ROLE_COUNT; k++) {
        const gk_font_spec *f = &fs->role[k];
        if (!r.seen[k]) {
            gk_diag_add(diags, GK_ERROR, "fontset", r.file, 0, 0, gk_font_role_names[k],
                        "the fontset has no [%s]; every role needs size, docx and pdf", gk_font_role_names[k]);
            st = GK_INVALID;
        } else if (!r.failed_line && (!f->half_points || !f->docx || !f->pdf)) {
            gk_diag_add(diags, GK_ERROR, "fontset", r.file, r.role_line[k], 1, gk_font_role_names[k],
                        "[%s] has no %s; every role needs size, docx and pdf", gk_font_role_names[k],
                        !f->half_points ? "size" : !f->docx ? "docx" : "pdf");
            st = GK_INVALID;
        }
    }
done:
    gk_buf_free(&text);
    return st;
}

void gk_fontset_free(gk_fontset *fs) { gk_arena_free(&fs->arena); }
