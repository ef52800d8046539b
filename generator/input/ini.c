/* The INI reader: inih parses, this file turns its events into the same
 * value tree the JSON reader builds (see schema/README.md, "INI").
 *
 * inih is fed through ini_parse_stream() with our own line reader, for two
 * reasons. Debian builds inih with a 200-byte line buffer, shorter than one
 * paragraph of Chinese text; the reader hands long lines over in pieces, each
 * piece after the first as a continuation line (leading space), cut between
 * two non-blank characters so nothing inih strips is lost, and the handler
 * glues the pieces back without a line break. And inih does not tell the
 * handler where a value was; the reader knows the physical line and column.
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
typedef enum piece_kind { PIECE_OTHER, PIECE_KEY, PIECE_CONT, PIECE_SPLIT } piece_kind;

typedef struct ini_state {
    const char *name;
    const char *data;
    size_t len, off;        /* next physical line starts at data[off] */
    gk_arena *arena;
    gk_diags *diags;
    gk_value *root;
    bool failed;

    /* the physical line being handed over */
    const char *line;
    size_t line_len, line_off; /* bytes already handed over */
    unsigned lineno;
    piece_kind kind, next_kind;
    unsigned value_col;        /* column of the value on the current line */

    /* the leaf whose text is being collected */
    gk_value *leaf;
    gk_buf text;
    bool leaf_has_text;
    char last_section[64];
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

/* Where the next piece of the line may end: at most `max` bytes from `from`,
 * between two non-blank characters, and not before a character inih would
 * read as a comment or section start. Returns `from` when there is no such
 * place. */
static size_t cut_point(const ini_state *s, size_t from, size_t max)
{
    const char *l = s->line;
    for (size_t k = from + max; k > from + max / 2; k--) {
        unsigned char c = (unsigned char)l[k];
        if ((c & 0xC0) == 0x80) continue;           /* inside a character */
        if (is_blank(l[k]) || is_blank(l[k - 1])) continue;
        if (c == ';' || c == '#' || c == '[') continue;
        return k;
    }
    return from;
}

static char *reader(char *str, int num, void *stream)
{
    ini_state *s = stream;
    size_t room = (size_t)num - 2; /* one byte for the leading space, one for NUL */
    if (s->line && s->line_off < s->line_len) {
        /* the rest of a long line, as a continuation piece */
        size_t rest = s->line_len - s->line_off;
        size_t k = rest <= room ? s->line_len : cut_point(s, s->line_off, room);
        if (k == s->line_off) {
            err(s, col_of(s, s->line_off), "ini-syntax", "line cannot be split; break it with continuation lines", NULL);
            s->line_off = s->line_len;
            str[0] = '\0';
            s->kind = PIECE_OTHER;
            return str;
        }
        str[0] = ' ';
        memcpy(str + 1, s->line + s->line_off, k - s->line_off);
        str[1 + k - s->line_off] = '\0';
        s->line_off = k;
        s->kind = PIECE_SPLIT;
        return str;
    }
    if (s->off >= s->len) return NULL;

    /* next physical line */
    const char *start = s->data + s->off;
    const char *nl = memchr(start, '\n', s->len - s->off);
    size_t n = nl ? (size_t)(nl - start) : s->len - s->off;
    s->off += n + (nl ? 1 : 0);
    if (n && start[n - 1] == '\r') n--;
    s->line = start;
    s->line_len = n;
    s->lineno++;
    s->kind = PIECE_OTHER;

    size_t i = 0;
    while (i < n && is_blank(start[i])) i++;
    bool comment = i < n && (start[i] == ';' || start[i] == '#');
    if (i == n || comment) {
        size_t k = n < room ? n : 0; /* a long comment is handed over empty */
        memcpy(str, start, k);
        str[k] = '\0';
        s->line_off = n;
        return str;
    }
    if (i > 0) {
        s->kind = PIECE_CONT;
        s->value_col = col_of(s, i);
    } else if (start[0] == '[') {
        const char *close = memchr(start, ']', n);
        if (!close) err(s, 1, "ini-syntax", "section header without ']'", NULL);
        else if ((size_t)(close - start) - 1 >= sizeof s->last_section)
            err(s, 1, "ini-syntax", "section name longer than 63 bytes", NULL);
    } else {
        size_t k = 0;
        while (k < n && start[k] != '=' && start[k] != ':') k++;
        if (k == n) {
            err(s, 1, "ini-syntax", "expected 'key = value', a [section] or a comment", NULL);
        } else if (k >= 48) {
            err(s, 1, "ini-syntax", "key longer than 48 bytes", NULL);
        } else {
            size_t v = k + 1;
            while (v < n && is_blank(start[v])) v++;
            s->kind = PIECE_KEY;
            s->value_col = col_of(s, v);
        }
    }
    size_t k = n <= room + 1 ? n : cut_point(s, 0, room + 1);
    if (k == 0) {
        err(s, 1, "ini-syntax", "line cannot be split; break it with continuation lines", NULL);
        k = 0;
        s->kind = PIECE_OTHER;
    }
    memcpy(str, start, k);
    str[k] = '\0';
    s->line_off = k;
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
static gk_value *make_leaf(ini_state *s, const char *path, const char *value)
{
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
                if (strcmp(value, "null") == 0) t = GK_V_NULL;
            }
            next = gk_value_new(s->arena, t, s->lineno, col);
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
    if (s->failed) return 1;
    if (s->kind == PIECE_SPLIT || s->kind == PIECE_CONT) {
        if (!s->leaf) {
            err(s, s->value_col, "ini-syntax", "continuation line without a value to continue", NULL);
            return 1;
        }
        if (s->kind == PIECE_CONT) gk_buf_putc(&s->text, '\n');
        gk_buf_puts(&s->text, value);
        return 1;
    }
    if (s->kind != PIECE_KEY) return 1;
    finish_leaf(s);
    gk_buf path = {0};
    if (*section) {
        gk_buf_puts(&path, section);
        gk_buf_putc(&path, '.');
    }
    gk_buf_puts(&path, name);
    gk_value *leaf = make_leaf(s, gk_buf_str(&path), value);
    gk_buf_free(&path);
    if (leaf) {
        s->leaf = leaf;
        gk_buf_puts(&s->text, value);
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
