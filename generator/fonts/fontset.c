/* Reading a fontset (an INI file; inih parses it). */
#include "fontset.h"
#include "buf.h"
#include "dec.h"
#include "diag.h"
#include "file.h"

#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const gk_font_role_names[] = {"title",    "body",  "heading1",     "heading2",    "heading3",
                                          "heading4", "table", "table_header", "page_number", NULL};

/* The text inih reads, a line at a time, counting lines so that the font
 * names can carry theirs (a font file that cannot be read is reported at
 * the line that names it). */
typedef struct lines {
    const char *p, *end;
    unsigned line;
    bool at_start;
} lines;

static char *next_line(char *str, int num, void *stream)
{
    lines *l = stream;
    if (l->p >= l->end || num < 2) return NULL;
    size_t n = 0, max = (size_t)num - 1;
    while (n < max && l->p + n < l->end)
        if (l->p[n++] == '\n') break;
    memcpy(str, l->p, n);
    str[n] = '\0';
    l->p += n;
    if (l->at_start) l->line++;
    l->at_start = str[n - 1] == '\n';
    return str;
}

typedef struct reader {
    lines *in;
    gk_fontset *fs;
    gk_diags *diags;
    const char *file;
    bool seen[GK_ROLE_COUNT];
    bool failed;
} reader;

static char *keep(gk_fontset *fs, const char *s, size_t n) { return gk_arena_strndup(&fs->arena, s, n); }

static int handler(void *user, const char *section, const char *name, const char *value)
{
    reader *r = user;
    int role = 0;
    while (gk_font_role_names[role] && strcmp(gk_font_role_names[role], section) != 0) role++;
    if (role == GK_ROLE_COUNT) {
        gk_diag_add(r->diags, GK_ERROR, "fontset", r->file, r->in->line, 1, section, "unknown role [%s]; roles are title, body, "
                    "heading1–heading4, table, table_header, page_number", section);
        return 0;
    }
    gk_font_spec *f = &r->fs->role[role];
    r->seen[role] = true;
    if (strcmp(name, "size") == 0) {
        gk_dec d;
        if (gk_dec_parse(value, strlen(value), &d) != GK_DEC_OK || d.units <= 0 || d.units > 200 * GK_DEC_ONE) return 0;
        f->half_points = (int)(d.units * 2 / GK_DEC_ONE);
    } else if (strcmp(name, "docx") == 0) f->docx = keep(r->fs, value, strlen(value));
    else if (strcmp(name, "docx_alt") == 0) f->docx_alt = keep(r->fs, value, strlen(value));
    else if (strcmp(name, "docx_ascii") == 0) f->docx_ascii = keep(r->fs, value, strlen(value));
    else if (strcmp(name, "pdf") == 0) {
        f->pdf = keep(r->fs, value, strlen(value));
        f->pdf_line = r->in->line;
    }
    else if (strcmp(name, "bold") == 0) {
        if (strcmp(value, "true") != 0 && strcmp(value, "false") != 0) return 0;
        f->bold = strcmp(value, "true") == 0;
    } else if (strcmp(name, "fallback") == 0) {
        f->nfallback = 0;
        f->fallback_line = r->in->line;
        for (const char *p = value; *p && f->nfallback < GK_FONT_MAX_FALLBACK;) {
            while (*p == ' ' || *p == ',') p++;
            const char *e = strchr(p, ',');
            if (!e) e = p + strlen(p);
            const char *t = e;
            while (t > p && t[-1] == ' ') t--;
            if (t > p) f->fallback[f->nfallback++] = keep(r->fs, p, (size_t)(t - p));
            p = e;
        }
    } else return 0;
    return 1;
}

gk_status gk_fontset_load(gk_fontset *fs, const char *path, gk_diags *diags)
{
    memset(fs, 0, sizeof *fs);
    lines in = {NULL, NULL, 0, true};
    reader r = {&in, fs, diags, path ? path : "built-in fontset", {false}, false};
    int line;
    if (path) {
        gk_buf text = {0};
        const char *why;
        if (gk_file_read(path, 1024 * 1024, &text, &why) != GK_FILE_OK) {
            gk_diag_add(diags, GK_ERROR, "io", path, 0, 0, "", "cannot read the fontset: %s", why);
            gk_buf_free(&text);
            return GK_IO;
        }
        in.p = gk_buf_str(&text);
        in.end = in.p + text.len;
        line = ini_parse_stream(next_line, &in, handler, &r);
        gk_buf_free(&text);
        fs->origin = keep(fs, path, strlen(path));
    } else {
        line = ini_parse_string(gk_builtin_fontsets[0].text, handler, &r);
        fs->origin = "built-in";
    }
    if (line > 0) {
        gk_diag_add(diags, GK_ERROR, "fontset", r.file, (unsigned)line, 1, "",
                    "cannot read this line: expected [role] or one of size, docx, docx_alt, docx_ascii, pdf, fallback, bold");
        return GK_INVALID;
    }
    gk_status st = GK_OK;
    for (int k = 0; k < GK_ROLE_COUNT; k++) {
        const gk_font_spec *f = &fs->role[k];
        if (!r.seen[k] || !f->half_points || !f->docx || !f->pdf) {
            gk_diag_add(diags, GK_ERROR, "fontset", r.file, 0, 0, gk_font_role_names[k],
                        "the role [%s] needs size, docx and pdf", gk_font_role_names[k]);
            st = GK_INVALID;
        }
    }
    return st;
}

void gk_fontset_free(gk_fontset *fs) { gk_arena_free(&fs->arena); }
