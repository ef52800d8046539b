#include "utf8.h"

#include <string.h>

size_t gk_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    if (len == 0) return 0;
    unsigned char c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    size_t n;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if (len < n) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return n;
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
