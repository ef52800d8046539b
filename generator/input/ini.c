/* The INI reader: inih parses, this file turns its events into the same
 * value tree the JSON reader builds (see schema/README.md, "INI").
 *
 * inih is fed through ini_parse_stream() with our own line reader. Debian
 * builds inih with a 200-byte line buffer, shorter than one paragraph of
 * Chinese text, and inih does not tell its handler where a value was. So the
 * reader, which sees every physical line whole, keeps the value of the line
 * (from after the '=' to an inline " ;" comment, or the whole text of a
 * continuation line) with its line and column, and hands inih only what inih
 * needs to follow sections and keys: a key or section line cut to inih's
 * buffer, or a fixed marker for a continuation line. The handler takes the
 * section and key from inih and the value from the reader.
 *
 * The reader also keeps the section name itself (inih cuts section names
 * at 49 bytes without a word), and every diagnostic names the input path it
 * is about ("/projects/3/name") and the line of the section header when the
 * problem lies in the header. A section that is refused (out of order,
 * repeated, malformed) is reported once, and its keys are skipped.
 */
#include "diag.h"
#include "pos.h"
#include "utf8.h"
#include "value.h"
#include "buf.h"

#include <ini.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* What the reader handed to inih last, so the handler knows what its call means. */
typedef enum line_kind { LINE_OTHER, LINE_KEY, LINE_CONT } line_kind;

typedef struct ini_state {
    const char *name;
    const char *data;
    size_t len, off;        /* next physical line starts at data[off] */
    gk_arena *arena;
    gk_diags *diags;
    gk_value *root;

    /* the physical line last handed over */
    const char *line;
    unsigned lineno;
    line_kind kind;
    const char *value;      /* its value: after '=' or the continuation text */
    size_t value_len;
    unsigned value_col;
    bool key_in_section;    /* a key came since the last section header */
    unsigned section_line;  /* where the current section header stands */
    char section[64];       /* its name, as written between the brackets */
    bool section_bad;       /* it was refused: its keys are skipped */
    size_t keys;            /* key lines read */

    /* the leaf whose text is being collected */
    gk_value *leaf;
    gk_buf leaf_path;       /* its input path, for diagnostics */
    gk_buf text;
} ini_state;

static void err(ini_state *s, unsigned col, const char *code, const char *msg, const char *detail)
{
    gk_diag_add(s->diags, GK_ERROR, code, s->name, s->lineno, col, "", "%s%s", msg, detail ? detail : "");
}

/* Appends the input path of the dotted INI path p[0..n) ("projects.3.name"
 * → "/projects/3/name"). */
static void slash_path(gk_buf *b, const char *p, size_t n)
{
    gk_buf_putc(b, '/');
    for (size_t i = 0; i < n; i++) gk_buf_putc(b, p[i] == '.' ? '/' : p[i]);
}

static void path_err(ini_state *s, bool in_section, const char *path, size_t upto, const char *code, const char *fmt,
                     ...) __attribute__((format(printf, 6, 7)));

/* An error about the dotted path[0..upto), placed at the key that finds it;
 * when the problem lies in the section's name (`in_section`) the rest of
 * the section is skipped. */
static void path_err(ini_state *s, bool in_section, const char *path, size_t upto, const char *code, const char *fmt,
                     ...)
{
    gk_buf where = {0}, msg = {0};
    slash_path(&where, path, upto);
    va_list ap;
    va_start(ap, fmt);
    gk_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    if (in_section) gk_buf_printf(&msg, " (section [%s] at line %u is skipped)", s->section, s->section_line);
    gk_diag_add(s->diags, GK_ERROR, code, s->name, s->lineno, 1, gk_buf_str(&where), "%s", gk_buf_str(&msg));
    gk_buf_free(&where);
    gk_buf_free(&msg);
    if (in_section) s->section_bad = true;
}

static void finish_leaf(ini_state *s);

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/* Column (1-based, in characters) of byte `i` of the current line. */
static unsigned col_of(const ini_state *s, size_t i)
{
    return (unsigned)gk_utf8_count((const unsigned char *)s->line, i) + 1;
}

/* Where the value of s[from..n) ends: before an inline comment (a ';' after
 * a blank, inih's rule), without trailing blanks. */
static size_t value_end(const char *s, size_t from, size_t n)
{
    for (size_t p = from; p < n; p++) {
        if (s[p] == ';' && p > 0 && is_blank(s[p - 1])) {
            n = p;
            break;
        }
    }
    while (n > from && is_blank(s[n - 1])) n--;
    return n;
}

/* Copies at most room bytes of s[0..n) to str, cut at a character boundary. */
static void hand_over(char *str, size_t room, const char *s, size_t n)
{
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    memcpy(str, s, n);
    str[n] = '\0';
}

static char *reader(char *str, int num, void *stream)
{
    ini_state *s = stream;
    if (s->off >= s->len) return NULL;
    const char *start = s->data + s->off;
    const char *nl = memchr(start, '\n', s->len - s->off);
    size_t n = nl ? (size_t)(nl - start) : s->len - s->off;
    s->off += n + (nl ? 1 : 0);
    if (n && start[n - 1] == '\r') n--;
    s->line = start;
    s->lineno++;
    s->kind = LINE_OTHER;
    size_t room = (size_t)num - 1;

    size_t i = 0;
    while (i < n && is_blank(start[i])) i++;
    if (i == n || start[i] == ';' || start[i] == '#') { /* blank or comment */
        str[0] = '\0';
        return str;
    }
    if (i > 0) { /* continuation of the previous key's value */
        if (!s->key_in_section && !s->section_bad) {
            err(s, col_of(s, i), "ini-syntax", "an indented line continues a value, but no key precedes it here", NULL);
            str[0] = '\0';
            return str;
        }
        s->kind = LINE_CONT;
        s->value = start + i;
        s->value_len = value_end(start, i, n) - i;
        s->value_col = col_of(s, i);
        hand_over(str, room, " +", 2);
        return str;
    }
    if (start[0] == '[') {
        finish_leaf(s);
        s->key_in_section = false;
        s->section_line = s->lineno;
        s->section_bad = true; /* until it proves good */
        s->section[0] = '\0';
        const char *close = memchr(start, ']', n);
        size_t a = 1, b = close ? (size_t)(close - start) : 0, after = b + 1;
        while (a < b && is_blank(start[a])) a++;
        while (b > a && is_blank(start[b - 1])) b--;
        while (close && after < n && is_blank(start[after])) after++;
        if (!close) err(s, 1, "ini-syntax", "section header without ']'", NULL);
        else if (b - a >= sizeof s->section) err(s, 1, "ini-syntax", "section name longer than 63 bytes", NULL);
        else if (after < n && start[after] != ';' && start[after] != '#')
            err(s, col_of(s, after), "ini-syntax", "unexpected text after the section header's ']'", NULL);
        else {
            memcpy(s->section, start + a, b - a);
            s->section[b - a] = '\0';
            s->section_bad = false;
        }
        hand_over(str, room, start, n);
        return str;
    }
    size_t k = 0;
    while (k < n && start[k] != '=' && start[k] != ':') k++;
    if (k == n || k >= 48) {
        /* the value of a refused key line (and its continuation lines) is dropped */
        finish_leaf(s);
        s->key_in_section = true;
        if (!s->section_bad)
            err(s, 1, "ini-syntax",
                k == n ? "expected 'key = value', a [section] or a comment" : "key longer than 48 bytes", NULL);
        str[0] = '\0';
        return str;
    }
    size_t v = k + 1;
    while (v < n && is_blank(start[v])) v++;
    s->kind = LINE_KEY;
    s->key_in_section = true;
    s->value = start + v;
    s->value_len = value_end(start, v, n) - v;
    s->value_col = col_of(s, v);
    hand_over(str, room, start, n);
    return str;
}

static bool is_index(const char *seg, size_t len)
{
    if (len == 0 || len > 5) return false;
    for (size_t i = 0; i < len; i++)
        if (seg[i] < '0' || seg[i] > '9') return false;
    return seg[0] != '0';
}

/* Stores the text collected for the current leaf. */
static void finish_leaf(ini_state *s)
{
    if (!s->leaf) return;
    if (s->text.len > GK_MAX_TEXT) {
        gk_diag_add(s->diags, GK_ERROR, "too-large", s->name, s->leaf->line, s->leaf->col, gk_buf_str(&s->leaf_path),
                    "text longer than 64 KiB");
        s->leaf->refused = true;
    } else if (s->leaf->type == GK_V_STRING) {
        s->leaf->as.str.s = gk_arena_strndup(s->arena, gk_buf_str(&s->text), s->text.len);
        s->leaf->as.str.len = s->text.len;
        if (!s->leaf->as.str.s) {
            gk_diag_add(s->diags, GK_ERROR, "nomem", s->name, s->leaf->line, s->leaf->col, gk_buf_str(&s->leaf_path),
                        "out of memory");
            s->leaf->refused = true;
        }
    }
    s->leaf = NULL;
    gk_buf_truncate(&s->text, 0);
}

/* Finds or makes the node at `path` (dot-separated, numbers are 1-based
 * indices) below the root; the last segment becomes a new leaf. The first
 * `section_len` bytes of the path are the section's name. */
static gk_value *make_leaf(ini_state *s, const char *path, size_t section_len, bool null)
{
    /* refuse a bad path before any part of it is made */
    unsigned depth = 0;
    for (const char *g = path; g; g = strchr(g, '.'), g = g ? g + 1 : NULL) {
        size_t len = strcspn(g, ".");
        size_t upto = (size_t)(g - path) + len;
        bool in_section = upto <= section_len;
        if (len && g[0] == '0' && strspn(g, "0123456789") >= len) {
            path_err(s, in_section, path, upto, "ini-path", "array indices count from 1, without leading zeros: %s",
                     path);
            return NULL;
        }
        if (++depth > GK_MAX_DEPTH) {
            path_err(s, in_section, path, upto, "too-large", "nesting deeper than 32 levels: %s", path);
            return NULL;
        }
    }
    gk_value *node = s->root;
    const char *seg = path;
    for (;;) {
        const char *dot = strchr(seg, '.');
        size_t len = dot ? (size_t)(dot - seg) : strlen(seg);
        size_t upto = (size_t)(seg - path) + len;
        bool in_section = upto <= section_len;
        bool last = dot == NULL;
        bool index = is_index(seg, len);
        char key[64];
        if (len == 0 || len >= sizeof key) {
            path_err(s, in_section, path, upto, "ini-syntax", "empty or overlong name in %s", path);
            return NULL;
        }
        memcpy(key, seg, len);
        key[len] = '\0';
        gk_value *next = NULL;
        if (node->refused) { /* too large, and said so once: what else goes into it is skipped */
            if (in_section) s->section_bad = true;
            return NULL;
        }
        if (node->type == GK_V_OBJECT) {
            if (index) {
                path_err(s, in_section, path, upto, "ini-path", "a field name is expected, not an index, in %s", path);
                return NULL;
            }
            gk_member *m = gk_value_get(node, key);
            if (m && last) {
                path_err(s, false, path, upto, "duplicate-key", "duplicate key %s (first at line %u)", path, m->line);
                return NULL;
            }
            if (m) next = m->value;
            else if (node->as.object.count >= GK_MAX_ITEMS) {
                node->refused = true;
                path_err(s, in_section, path, upto, "too-large", "object has more than 10000 members: %s", path);
                return NULL;
            }
        } else if (node->type == GK_V_ARRAY) {
            if (!index) {
                path_err(s, in_section, path, upto, "ini-path", "an index (1, 2, …) is expected, not a name, in %s",
                         path);
                return NULL;
            }
            size_t i = (size_t)atoi(key);
            if (i <= node->as.array.count) {
                if (last) {
                    path_err(s, false, path, upto, "duplicate-key", "duplicate key %s (first at line %u)", path,
                             node->as.array.items[i - 1]->line);
                    return NULL;
                }
                next = node->as.array.items[i - 1];
            } else if (i != node->as.array.count + 1) {
                path_err(s, in_section, path, upto, "ini-path", "index %zu out of order in %.*s; the next index is %zu",
                         i, (int)upto, path, node->as.array.count + 1);
                return NULL;
            } else if (i > GK_MAX_ITEMS) {
                node->refused = true;
                path_err(s, in_section, path, upto, "too-large", "array has more than 10000 items: %s", path);
                return NULL;
            }
        } else {
            path_err(s, in_section, path, upto, "ini-path", "a value cannot have fields: %s", path);
            return NULL;
        }
        if (!next) {
            gk_vtype t = GK_V_STRING;
            unsigned col = 1;
            if (!last) {
                const char *after = seg + len + 1;
                const char *d2 = strchr(after, '.');
                t = is_index(after, d2 ? (size_t)(d2 - after) : strlen(after)) ? GK_V_ARRAY : GK_V_OBJECT;
            } else {
                col = s->value_col;
                if (null) t = GK_V_NULL;
            }
            /* containers named by the section header stand at its line */
            next = gk_value_new(s->arena, t, in_section ? s->section_line : s->lineno, col);
            if (!next) return NULL;
            next->untyped = t == GK_V_STRING;
            bool ok = node->type == GK_V_OBJECT
                ? gk_value_set(s->arena, node, gk_arena_strndup(s->arena, key, len), s->lineno, 1, next)
                : gk_value_push(s->arena, node, next);
            if (!ok) return NULL;
        }
        if (upto == section_len && !last) {
            /* the section's own container: one header per container */
            if (next->header_line && next->header_line != s->section_line) {
                gk_buf where = {0};
                slash_path(&where, path, upto);
                gk_diag_add(s->diags, GK_ERROR, "ini-section", s->name, s->section_line, 1, gk_buf_str(&where),
                            "the section [%s] appears a second time (first at line %u); write each section once, "
                            "its keys together",
                            s->section, next->header_line);
                gk_buf_free(&where);
                s->section_bad = true;
                return NULL;
            }
            next->header_line = s->section_line;
        }
        node = next;
        if (last) return node;
        seg = dot + 1;
    }
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    ini_state *s = user;
    (void)section; /* inih's copy may be cut short; the reader kept the whole */
    (void)value;
    if (s->kind == LINE_CONT) {
        if (s->leaf) {
            gk_buf_putc(&s->text, '\n');
            gk_buf_append(&s->text, s->value, s->value_len);
        }
        return 1;
    }
    if (s->kind != LINE_KEY) return 1;
    finish_leaf(s);
    s->keys++;
    if (s->section_bad) return 1;
    gk_buf path = {0};
    if (s->section_line) {
        gk_buf_puts(&path, s->section);
        gk_buf_putc(&path, '.');
    }
    gk_buf_puts(&path, name);
    bool null = s->value_len == 4 && memcmp(s->value, "null", 4) == 0;
    gk_value *leaf = make_leaf(s, gk_buf_str(&path), s->section_line ? strlen(s->section) : 0, null);
    if (leaf) {
        s->leaf = leaf;
        gk_buf_truncate(&s->leaf_path, 0);
        slash_path(&s->leaf_path, gk_buf_str(&path), path.len);
        gk_buf_append(&s->text, s->value, s->value_len);
    }
    gk_buf_free(&path);
    return 1;
}

/* The input path of the key whose line holds byte `off` (the key the line
 * continues, for a continuation line), found by reading the section
 * headers and keys before it; empty when the byte is in a header or
 * comment. */
static void path_at(const char *data, size_t off, gk_buf *out)
{
    char section[64] = "", key[64] = "";
    const char *p = data, *end = data + off;
    for (;;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end; /* the line of `off` is cut at it */
        bool last = nl == NULL;
        size_t n = (size_t)(le - p);
        if (n && !is_blank(p[0]) && p[0] != ';' && p[0] != '#') {
            if (p[0] == '[') {
                const char *close = memchr(p, ']', n);
                size_t a = 1, b = close ? (size_t)(close - p) : 0;
                while (a < b && is_blank(p[a])) a++;
                while (b > a && is_blank(p[b - 1])) b--;
                if (!close || b - a >= sizeof section) {
                    section[0] = '\0';
                } else {
                    memcpy(section, p + a, b - a);
                    section[b - a] = '\0';
                }
                key[0] = '\0';
                if (last) return; /* in a header */
            } else {
                size_t k = 0;
                while (k < n && p[k] != '=' && p[k] != ':') k++;
                if (k == n || k >= sizeof key) {
                    key[0] = '\0';
                } else {
                    while (k > 0 && is_blank(p[k - 1])) k--;
                    memcpy(key, p, k);
                    key[k] = '\0';
                }
            }
        }
        if (last) break;
        p = nl + 1;
    }
    if (!key[0]) return;
    gk_buf dotted = {0};
    if (section[0]) gk_buf_printf(&dotted, "%s.", section);
    gk_buf_puts(&dotted, key);
    slash_path(out, gk_buf_str(&dotted), dotted.len);
    gk_buf_free(&dotted);
}

gk_value *gk_ini_read(const char *name, const char *data, size_t len, gk_arena *arena, gk_diags *diags)
{
    if (!gk_input_precheck(name, &data, &len, path_at, diags)) return NULL;
    size_t errors_before = diags->errors;
    ini_state s = {0};
    s.name = name;
    s.data = data;
    s.len = len;
    s.arena = arena;
    s.diags = diags;
    s.root = gk_value_new(arena, GK_V_OBJECT, 1, 1);
    if (!s.root) return NULL;
    ini_parse_stream(reader, &s, handler, &s);
    finish_leaf(&s);
    gk_buf_free(&s.text);
    gk_buf_free(&s.leaf_path);
    if (s.keys == 0 && diags->errors == errors_before) {
        gk_diag_add(diags, GK_ERROR, "empty", name, 1, 1, "", "the file holds no 'key = value' line");
        return NULL;
    }
    return s.root;
}
