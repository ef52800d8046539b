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
 */
#include "diag.h"
#include "pos.h"
#include "utf8.h"
#include "value.h"
#include "buf.h"

#include <ini.h>
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

    /* the leaf whose text is being collected */
    gk_value *leaf;
    gk_buf text;
} ini_state;

static void err(ini_state *s, unsigned col, const char *code, const char *msg, const char *detail)
{
    gk_diag_add(s->diags, GK_ERROR, code, s->name, s->lineno, col, "", "%s%s", msg, detail ? detail : "");
}

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
        if (!s->key_in_section) {
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
        const char *close = memchr(start, ']', n);
        if (!close) err(s, 1, "ini-syntax", "section header without ']'", NULL);
        else if ((size_t)(close - start) - 1 >= 64) err(s, 1, "ini-syntax", "section name longer than 63 bytes", NULL);
        s->key_in_section = false;
        s->section_line = s->lineno;
        hand_over(str, room, start, n);
        return str;
    }
    size_t k = 0;
    while (k < n && start[k] != '=' && start[k] != ':') k++;
    if (k == n) {
        err(s, 1, "ini-syntax", "expected 'key = value', a [section] or a comment", NULL);
        str[0] = '\0';
        return str;
    }
    if (k >= 48) {
        err(s, 1, "ini-syntax", "key longer than 48 bytes", NULL);
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
        gk_diag_add(s->diags, GK_ERROR, "too-large", s->name, s->leaf->line, s->leaf->col, "", "text longer than 64 KiB");
    } else if (s->leaf->type == GK_V_STRING) {
        s->leaf->as.str.s = gk_arena_strndup(s->arena, gk_buf_str(&s->text), s->text.len);
        s->leaf->as.str.len = s->text.len;
    }
    s->leaf = NULL;
    gk_buf_truncate(&s->text, 0);
}

/* Finds or makes the node at `path` (dot-separated, numbers are 1-based
 * indices) below the root; the last segment becomes a new leaf. */
static gk_value *make_leaf(ini_state *s, const char *path, size_t section_len, bool null)
{
    /* refuse a bad path before any part of it is made */
    unsigned depth = 0;
    for (const char *g = path; g; g = strchr(g, '.'), g = g ? g + 1 : NULL) {
        size_t len = strcspn(g, ".");
        if (len && g[0] == '0' && strspn(g, "0123456789") >= len) {
            err(s, 1, "ini-path", "array indices count from 1, without leading zeros: ", path);
            return NULL;
        }
        if (++depth > GK_MAX_DEPTH) {
            err(s, 1, "too-large", "nesting deeper than 32 levels: ", path);
            return NULL;
        }
    }
    gk_value *node = s->root;
    const char *seg = path;
    for (;;) {
        const char *dot = strchr(seg, '.');
        size_t len = dot ? (size_t)(dot - seg) : strlen(seg);
        bool last = dot == NULL;
        bool index = is_index(seg, len);
        char key[64];
        if (len == 0 || len >= sizeof key) {
            err(s, 1, "ini-syntax", "empty or overlong name in ", path);
            return NULL;
        }
        memcpy(key, seg, len);
        key[len] = '\0';
        gk_value *next = NULL;
        if (node->type == GK_V_OBJECT) {
            if (index) {
                err(s, 1, "ini-path", "a field name is expected, not an index, in ", path);
                return NULL;
            }
            gk_member *m = gk_value_get(node, key);
            if (m && last) {
                err(s, 1, "duplicate-key", "duplicate key ", path);
                return NULL;
            }
            if (m) next = m->value;
        } else if (node->type == GK_V_ARRAY) {
            if (!index) {
                err(s, 1, "ini-path", "an index (1, 2, …) is expected, not a name, in ", path);
                return NULL;
            }
            size_t i = (size_t)atoi(key);
            if (i <= node->as.array.count) {
                if (last) {
                    err(s, 1, "duplicate-key", "duplicate key ", path);
                    return NULL;
                }
                next = node->as.array.items[i - 1];
            } else if (i != node->as.array.count + 1) {
                gk_buf m = {0};
                gk_buf_printf(&m, "index %zu out of order in %s; the next index is %zu", i, path,
                              node->as.array.count + 1);
                err(s, 1, "ini-path", gk_buf_str(&m), NULL);
                gk_buf_free(&m);
                return NULL;
            } else if (i > GK_MAX_ITEMS) {
                err(s, 1, "too-large", "array has more than 10000 items: ", path);
                return NULL;
            }
        } else {
            err(s, 1, "ini-path", "a value cannot have fields: ", path);
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
            bool in_section = (size_t)(seg + len - path) <= section_len;
            next = gk_value_new(s->arena, t, in_section ? s->section_line : s->lineno, col);
            if (!next) return NULL;
            next->untyped = t == GK_V_STRING;
            bool ok = node->type == GK_V_OBJECT
                ? gk_value_set(s->arena, node, gk_arena_strndup(s->arena, key, len), s->lineno, 1, next)
                : gk_value_push(s->arena, node, next);
            if (!ok) return NULL;
        }
        node = next;
        if (last) return node;
        seg = dot + 1;
    }
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    ini_state *s = user;
    (void)value; /* inih's copy may be cut short; the reader kept the whole */
    if (s->kind == LINE_CONT) {
        if (s->leaf) {
            gk_buf_putc(&s->text, '\n');
            gk_buf_append(&s->text, s->value, s->value_len);
        }
        return 1;
    }
    if (s->kind != LINE_KEY) return 1;
    finish_leaf(s);
    gk_buf path = {0};
    if (*section) {
        gk_buf_puts(&path, section);
        gk_buf_putc(&path, '.');
    }
    gk_buf_puts(&path, name);
    bool null = s->value_len == 4 && memcmp(s->value, "null", 4) == 0;
    gk_value *leaf = make_leaf(s, gk_buf_str(&path), strlen(section), null);
    gk_buf_free(&path);
    if (leaf) {
        s->leaf = leaf;
        gk_buf_append(&s->text, s->value, s->value_len);
    }
    return 1;
}

gk_value *gk_ini_read(const char *name, const char *data, size_t len, gk_arena *arena, gk_diags *diags)
{
    if (!gk_input_precheck(name, &data, &len, diags)) return NULL;
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
    return s.root;
}
