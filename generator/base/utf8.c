#include "utf8.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

/* Each length written out, without a loop over the continuation bytes:
 * every string the program reads, lays out and writes is decoded here, a
 * character at a time. */
size_t gk_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    if (len == 0) return 0;
    uint32_t c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) { /* never overlong, never a surrogate */
        if (len < 2 || (s[1] & 0xC0) != 0x80) return 0;
        *cp = (c & 0x1F) << 6 | (s[1] & 0x3Fu);
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (len < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        uint32_t v = (c & 0x0F) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
        if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF)) return 0;
        *cp = v;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (len < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80) return 0;
        uint32_t v = (c & 0x07) << 18 | (s[1] & 0x3Fu) << 12 | (s[2] & 0x3Fu) << 6 | (s[3] & 0x3Fu);
        if (v < 0x10000 || v > 0x10FFFF) return 0;
        *cp = v;
        return 4;
    }
    return 0;
}

size_t gk_utf8_check(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if (s[i] < 0x80) { i++; continue; }
        uint32_t cp;
        size_t n = gk_utf8_decode(s + i, len - i, &cp);
        if (!n) return i;
        i += n;
    }
    return len;
}

size_t gk_utf8_count(const unsigned char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if ((s[i] & 0xC0) != 0x80) n++;
    return n;
}

#define GK_DIST_MAX 64

static size_t to_cps(const char *s, uint32_t *out)
{
    size_t n = 0, len = strlen(s), i = 0;
    while (i < len && n < GK_DIST_MAX) {
        uint32_t cp;
        size_t k = gk_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (!k) { cp = (unsigned char)s[i]; k = 1; }
        out[n++] = cp;
        i += k;
    }
    return n;
}

size_t gk_utf8_distance(const char *a, const char *b, size_t cap)
{
    uint32_t x[GK_DIST_MAX], y[GK_DIST_MAX];
    size_t n = to_cps(a, x), m = to_cps(b, y);
    if ((n > m ? n - m : m - n) > cap) return cap + 1;
    size_t d[GK_DIST_MAX + 1][GK_DIST_MAX + 1];
    for (size_t i = 0; i <= n; i++) d[i][0] = i;
    for (size_t j = 0; j <= m; j++) d[0][j] = j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            size_t cost = x[i - 1] != y[j - 1];
            size_t v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v) v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    }
    return d[n][m];
}

/* ---- the text policy (schema/README.md, "Characters in texts") ---- */

static gk_cp_verdict verdict(gk_cp_policy p, const char *code, const char *what, const char *why)
{
    return (gk_cp_verdict){p, code, what, why};
}

gk_cp_verdict gk_cp_judge(uint32_t cp, uint32_t prev)
{
    if ((cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp <= 0x9F))
        return verdict(GK_CP_REFUSE, "control-char", "the control character", "");
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
        return verdict(GK_CP_REFUSE, "noncharacter", "the noncharacter", "; noncharacters are not for interchange");
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
        return verdict(GK_CP_REFUSE, "bidi-control", "the bidirectional control",
                       "; it reorders what the reader sees");
    if (cp == 0x2028 || cp == 0x2029)
        return verdict(GK_CP_REFUSE, "separator", "the line or paragraph separator",
                       "; write a line break (\\n) instead");
    if (cp == 0xFEFF)
        return verdict(GK_CP_REFUSE, "bom-in-text", "the byte order mark",
                       " inside a text; remove it (write U+2060 for a word joiner)");
    if (cp >= 0xFFF9 && cp <= 0xFFFB)
        return verdict(GK_CP_REFUSE, "format-char", "the interlinear annotation character",
                       "; no document format keeps it");
    if (cp >= 0xE0000 && cp <= 0xE007F) {
        /* an emoji tag sequence: U+1F3F4, tags U+E0020..E007E, U+E007F */
        bool in_seq = prev == 0x1F3F4 || (prev >= 0xE0020 && prev <= 0xE007E);
        if (cp >= 0xE0020 && in_seq) return verdict(GK_CP_KEEP, NULL, NULL, NULL);
        return verdict(GK_CP_REFUSE, "tag-char", "the tag character",
                       " outside an emoji flag sequence; tag characters are invisible");
    }
    if (cp == 0xFFFD)
        return verdict(GK_CP_WARN, "replacement-char", "the replacement character",
                       ": a character was lost when the text was converted; it is kept as it is");
    if ((cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000)
        return verdict(GK_CP_WARN, "private-use", "the private-use character",
                       ": only a font that defines it draws it, others show a box");
    if (u_charType((UChar32)cp) == U_UNASSIGNED)
        return verdict(GK_CP_WARN, "unassigned", "the code point",
                       ", which Unicode " U_UNICODE_VERSION " does not assign; it is kept, but fonts may not have it");
    return verdict(GK_CP_KEEP, NULL, NULL, NULL);
}

bool gk_cp_space(uint32_t cp)
{
    return u_isUWhiteSpace((UChar32)cp);
}

bool gk_cp_invisible(uint32_t cp)
{
    return u_hasBinaryProperty((UChar32)cp, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

bool gk_cp_visible(uint32_t cp)
{
    return !gk_cp_space(cp) && !gk_cp_invisible(cp) && !u_iscntrl((UChar32)cp);
}

const char *gk_cp_name(uint32_t cp)
{
    static _Thread_local char name[128];
    UErrorCode e = U_ZERO_ERROR;
    int32_t n = u_charName((UChar32)cp, U_UNICODE_CHAR_NAME, name, sizeof name, &e);
    if (U_FAILURE(e) || n <= 0 || n >= (int32_t)sizeof name) name[0] = '\0';
    return name;
}

void gk_utf8_show(gk_buf *out, const char *s, size_t len)
{
    /* printable ASCII shows as it is: the common case (every member name the
     * loader puts into a path) costs one scan, not a judgement per character */
    size_t ascii = 0;
    while (ascii < len && (unsigned char)s[ascii] >= 0x20 && (unsigned char)s[ascii] < 0x7F) ascii++;
    if (ascii == len) {
        gk_buf_append(out, s, len);
        return;
    }
    size_t i = ascii, from = 0;
    uint32_t prev = ascii ? (unsigned char)s[ascii - 1] : 0;
    while (i < len) {
        uint32_t cp;
        size_t n = gk_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (!n) {
            cp = (unsigned char)s[i];
            n = 1;
        }
        bool hide = cp != '\n' && (gk_cp_judge(cp, prev).policy == GK_CP_REFUSE || gk_cp_invisible(cp));
        /* keep what joins emoji and selects variants: harmless on a terminal */
        if (cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF)) hide = false;
        if (hide) {
            gk_buf_append(out, s + from, i - from);
            gk_buf_printf(out, "<U+%04X>", (unsigned)cp);
            from = i + n;
        }
        prev = cp;
        i += n;
    }
    gk_buf_append(out, s + from, len - from);
}

/* ---- gk_cpmap ---- */

static size_t slot(uint32_t key, size_t cap) { return (size_t)(key * 2654435761u) & (cap - 1); }

bool gk_cpmap_get(const gk_cpmap *m, uint32_t cp, uint32_t *val)
{
    if (!m->cap) return false;
    for (size_t i = slot(cp + 1, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (m->keys[i] == cp + 1) {
            *val = m->vals[i];
            return true;
        }
        if (!m->keys[i]) return false;
    }
}

static bool rehash(gk_cpmap *m, size_t cap)
{
    uint32_t *keys = calloc(cap, sizeof *keys), *vals = calloc(cap, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return false;
    }
    for (size_t k = 0; k < m->cap; k++) {
        if (!m->keys[k]) continue;
        size_t i = slot(m->keys[k], cap);
        while (keys[i]) i = (i + 1) & (cap - 1);
        keys[i] = m->keys[k];
        vals[i] = m->vals[k];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return true;
}

bool gk_cpmap_put(gk_cpmap *m, uint32_t cp, uint32_t val)
{
    /* at most half full: probes stay short */
    if ((m->n + 1) * 2 > m->cap && !rehash(m, m->cap ? m->cap * 2 : 64)) return false;
    size_t i = slot(cp + 1, m->cap);
    while (m->keys[i] && m->keys[i] != cp + 1) i = (i + 1) & (m->cap - 1);
    if (!m->keys[i]) m->n++;
    m->keys[i] = cp + 1;
    m->vals[i] = val;
    return true;
}

void gk_cpmap_free(gk_cpmap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}
