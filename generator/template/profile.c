/* A profile's wording (profile.ini, templates/README.md "Profiles"): the
 * built-in defaults (templates/profile.ini) and then the profile folder's
 * own file, read with inih, as values a template reads as
 * profile.SECTION.KEY. The defaults name every key there is, so a key the
 * folder's file adds is refused as the typo it is instead of being read as
 * nothing. */
#include "diag.h"
#include "file.h"
#include "tpl_internal.h"
#include "utf8.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* How long a profile.ini may be: the defaults are 4 KiB. */
#define GK_PROFILE_MAX_FILE (256u * 1024)

typedef struct reader {
    tpl_run *r;
    const char *file;
    bool defaults; /* the built-in file: it declares the keys */
    const char *p, *end;
    unsigned line, failed_line;
} reader;

static int refuse(reader *rd, const char *section, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* An error at the line being read (once per line). */
static int refuse(reader *rd, const char *section, const char *key, const char *fmt, ...)
{
    if (rd->failed_line == rd->line) return 0;
    va_list ap;
    va_start(ap, fmt);
    gk_buf msg = {0}, path = {0};
    gk_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    if (section && *section) gk_buf_printf(&path, "profile.%s%s%s", section, key ? "." : "", key ? key : "");
    gk_diag_add(rd->r->diags, GK_ERROR, "profile", rd->file, rd->line, 1, gk_buf_str(&path), "%s", gk_buf_str(&msg));
    gk_buf_free(&msg);
    gk_buf_free(&path);
    rd->failed_line = rd->line;
    rd->r->failed = true;
    return 0;
}

/* inih's line reader over the text in memory, counting lines (see
 * fontset.c). A line inih would misread is reported and handed on empty:
 * an indented line (inih would make it a second value of the key before)
 * and anything that is not [section], key = value or a comment. */
static char *next_line(char *str, int num, void *stream)
{
    reader *rd = stream;
    if (rd->p >= rd->end) return NULL;
    const char *s = rd->p, *nl = memchr(s, '\n', (size_t)(rd->end - s));
    size_t n = (size_t)((nl ? nl : rd->end) - s);
    rd->p = nl ? nl + 1 : rd->end;
    rd->line++;
    str[0] = '\0';
    if (rd->line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3, n -= 3;
    if (n + 2 > (size_t)num) {
        refuse(rd, NULL, NULL, "this line is longer than %d bytes", num - 2);
        return str;
    }
    memcpy(str, s, n);
    str[n] = '\0';
    while (n && str[n - 1] == '\r') str[--n] = '\0';
    const char *t = str;
    if (*t == ' ' || *t == '\t') {
        if (str[strspn(str, " \t")]) refuse(rd, NULL, NULL, "an indented line; a value stands on the line of its key");
        str[0] = '\0';
    } else if (*t && *t != ';' && *t != '#' && !(*t == '[' && strchr(t, ']')) && !strchr(t, '=')) {
        refuse(rd, NULL, NULL, "cannot read this line: expected [section], key = value or a ; comment");
        str[0] = '\0';
    }
    return str;
}

static tpl_profile_value *find(tpl_run *r, const char *section, const char *key)
{
    for (size_t i = 0; i < r->nprofile; i++)
        if (strcmp(r->profile[i].section, section) == 0 && strcmp(r->profile[i].key, key) == 0) return &r->profile[i];
    return NULL;
}

/* The keys of [section] (or the sections, when section is NULL), for a message. */
static void known(tpl_run *r, const char *section, gk_buf *out)
{
    for (size_t i = 0; i < r->nprofile; i++) {
        const tpl_profile_value *v = &r->profile[i];
        if (section && strcmp(v->section, section) != 0) continue;
        bool seen = false;
        for (size_t k = 0; !section && k < i; k++) seen |= strcmp(r->profile[k].section, v->section) == 0;
        if (!seen) gk_buf_printf(out, "%s%s", out->len ? ", " : "", section ? v->key : v->section);
    }
}

void gk_tpl_profile_known(tpl_run *r, const char *section, gk_buf *out) { known(r, section, out); }

static int handler(void *user, const char *section, const char *key, const char *value)
{
    reader *rd = user;
    tpl_run *r = rd->r;
    /* a value follows the input's text policy: nothing a document could not hold */
    size_t len = strlen(value);
    if (gk_utf8_check((const unsigned char *)value, len) != len)
        return refuse(rd, section, key, "the value is not valid UTF-8");
    uint32_t prev = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = gk_utf8_decode((const unsigned char *)value + i, len - i, &cp);
        if (!n) break;
        gk_cp_verdict d = gk_cp_judge(cp, prev);
        if (d.policy == GK_CP_REFUSE || cp == '\t')
            return refuse(rd, section, key, "the value contains %s U+%04X", cp == '\t' ? "a tab" : d.what, (unsigned)cp);
        prev = cp;
        i += n;
    }
    tpl_profile_value *v = find(r, section, key);
    if (!rd->defaults) {
        if (!v) {
            gk_buf k = {0};
            bool has_section = false;
            for (size_t i = 0; i < r->nprofile; i++) has_section |= strcmp(r->profile[i].section, section) == 0;
            known(r, has_section ? section : NULL, &k);
            if (has_section) refuse(rd, section, key, "unknown key \"%s\" in [%s]; its keys are %s", key, section, gk_buf_str(&k));
            else refuse(rd, section, key, "unknown section [%s]; the sections are %s", section, gk_buf_str(&k));
            gk_buf_free(&k);
            return 0;
        }
        if (v->file == rd->file)
            return refuse(rd, section, key, "\"%s\" is set twice in [%s] (first on line %u)", key, section, v->line);
    } else if (!v) {
        if (r->nprofile == r->profile_cap) {
            size_t cap = r->profile_cap ? r->profile_cap * 2 : 32;
            tpl_profile_value *nv = gk_arena_alloc(&r->arena, cap * sizeof *nv);
            if (!nv) return 0;
            if (r->nprofile) memcpy(nv, r->profile, r->nprofile * sizeof *nv);
            r->profile = nv;
            r->profile_cap = cap;
        }
        v = &r->profile[r->nprofile++];
        v->section = gk_arena_strndup(&r->arena, section, strlen(section));
        v->key = gk_arena_strndup(&r->arena, key, strlen(key));
    }
    v->value = gk_arena_strndup(&r->arena, value, len);
    v->file = rd->file;
    v->line = rd->line;
    return v->section && v->key && v->value ? 1 : 0;
}

static void read_ini(tpl_run *r, const char *file, const char *text, size_t len, bool defaults)
{
    reader rd = {r, file, defaults, text, text + len, 0, 0};
    if (memchr(text, '\0', len)) {
        gk_diag_add(r->diags, GK_ERROR, "profile", file, 0, 0, "", "the profile contains a NUL byte; save it as UTF-8 text");
        r->failed = true;
        return;
    }
    if (ini_parse_stream(next_line, &rd, handler, &rd) != 0 && !rd.failed_line) {
        gk_diag_add(r->diags, GK_ERROR, "profile", file, rd.line, 1, "", "cannot read this line");
        r->failed = true;
    }
}

bool gk_tpl_profile_load(tpl_run *r)
{
    read_ini(r, GK_TPL_PROFILE_BUILTIN, gk_builtin_profiles[0].text, strlen(gk_builtin_profiles[0].text), true);
    if (r->failed || !r->src->dir) return !r->failed;
    gk_buf path = {0}, text = {0};
    gk_buf_printf(&path, "%s/profile.ini", r->src->dir);
    struct stat st;
    if (lstat(gk_buf_str(&path), &st) != 0) {
        if (errno != ENOENT) {
            gk_diag_add(r->diags, GK_ERROR, "io", gk_buf_str(&path), 0, 0, "", "cannot read the profile: %s", strerror(errno));
            r->failed = true;
            r->status = GK_IO;
        }
    } else {
        const char *why;
        const char *file = gk_arena_strndup(&r->arena, gk_buf_str(&path), path.len);
        if (!file) {
            r->failed = true;
            r->status = GK_NOMEM;
        } else if (gk_file_read(file, GK_PROFILE_MAX_FILE, &text, &why) != GK_FILE_OK) {
            gk_diag_add(r->diags, GK_ERROR, "io", file, 0, 0, "", "cannot read the profile: %s", why);
            r->failed = true;
            r->status = GK_IO;
        } else {
            read_ini(r, file, gk_buf_str(&text), text.len, false);
        }
    }
    gk_buf_free(&text);
    gk_buf_free(&path);
    return !r->failed;
}

const tpl_profile_value *gk_tpl_profile_get(tpl_run *r, const char *section, const char *key)
{
    return find(r, section, key);
}
