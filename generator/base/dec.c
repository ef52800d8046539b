#include "dec.h"

#include <string.h>

static const int64_t pow10_tab[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

gk_dec_err gk_dec_parse(const char *s, size_t len, gk_dec *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < len && (s[i] == '-' || s[i] == '+')) {
        neg = s[i] == '-';
        i++;
    }
    /* Digits are collected without their decimal point; `point` counts the
     * digits after it. Leading zeros are dropped so long zero runs parse. */
    char digits[64];
    size_t nd = 0, nfrac = 0, zeros = 0; /* zeros: fraction zeros not yet stored */
    bool seen_point = false, any = false;
    for (; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            any = true;
            if (nd == 0 && c == '0' && !seen_point) continue; /* leading zero */
            if (seen_point && c == '0') {
                zeros++; /* stored only if a non-zero digit follows */
                continue;
            }
            if (nd + zeros + 1 > sizeof digits) return GK_DEC_RANGE;
            for (; zeros; zeros--, nfrac++) digits[nd++] = '0';
            digits[nd++] = c;
            if (seen_point) nfrac++;
        } else if (c == '.' && !seen_point) {
            seen_point = true;
            if (i + 1 >= len || s[i + 1] < '0' || s[i + 1] > '9') return GK_DEC_SYNTAX;
        } else {
            break;
        }
    }
    if (!any) return GK_DEC_SYNTAX;
    long exp = 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < len && (s[i] == '-' || s[i] == '+')) eneg = s[i++] == '-';
        if (i >= len) return GK_DEC_SYNTAX;
        for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
            if (exp > 1000) return GK_DEC_RANGE;
            exp = exp * 10 + (s[i] - '0');
        }
        if (eneg) exp = -exp;
    }
    if (i != len) return GK_DEC_SYNTAX;

    /* value = digits × 10^(exp − nfrac); we need units = value × 10^6. */
    long shift = exp - (long)nfrac + GK_DEC_PLACES;
    /* With an exponent ("1000e-9"), zeros at the end may still stand below
     * the sixth place; they do not count as places. */
    while (shift < 0 && nd > 0 && digits[nd - 1] == '0') {
        nd--;
        shift++;
    }
    if (nd == 0) { out->units = 0; return GK_DEC_OK; }
    if (shift < 0) return GK_DEC_PLACES_OVER;
    if ((long)nd + shift > 19) return GK_DEC_RANGE;
    uint64_t v = 0;
    for (size_t k = 0; k < nd; k++) v = v * 10 + (uint64_t)(digits[k] - '0');
    for (long k = 0; k < shift; k++) {
        if (v > UINT64_MAX / 10) return GK_DEC_RANGE;
        v *= 10;
    }
    if (v > (uint64_t)GK_DEC_MAX) return GK_DEC_RANGE;
    out->units = neg ? -(int64_t)v : (int64_t)v;
    return GK_DEC_OK;
}

static bool in_range(__int128 v) { return v <= GK_DEC_MAX && v >= -GK_DEC_MAX; }

bool gk_dec_add(gk_dec a, gk_dec b, gk_dec *out)
{
    __int128 v = (__int128)a.units + b.units;
    if (!in_range(v)) return false;
    out->units = (int64_t)v;
    return true;
}

bool gk_dec_sub(gk_dec a, gk_dec b, gk_dec *out)
{
    __int128 v = (__int128)a.units - b.units;
    if (!in_range(v)) return false;
    out->units = (int64_t)v;
    return true;
}

/* n / d rounded half away from zero; d != 0. */
__int128 gk_dec_div_round(__int128 n, __int128 d)
{
    if (d < 0) { n = -n; d = -d; }
    __int128 q = n / d, r = n % d;
    if (r < 0) r = -r;
    if (r >= d - r) q += n < 0 ? -1 : 1;
    return q;
}

static __int128 div_round(__int128 n, __int128 d) { return gk_dec_div_round(n, d); }

bool gk_dec_mul(gk_dec a, gk_dec b, gk_dec *out)
{
    __int128 v = div_round((__int128)a.units * b.units, GK_DEC_ONE);
    if (!in_range(v)) return false;
    out->units = (int64_t)v;
    return true;
}

bool gk_dec_div(gk_dec a, gk_dec b, gk_dec *out)
{
    if (b.units == 0) return false;
    __int128 n = (__int128)a.units * GK_DEC_ONE, d = b.units;
    if (d < 0) { n = -n; d = -d; }
    __int128 v = div_round(n, d);
    if (!in_range(v)) return false;
    out->units = (int64_t)v;
    return true;
}

gk_dec gk_dec_round(gk_dec a, int places)
{
    if (places >= GK_DEC_PLACES || gk_dec_is_unknown(a)) return a;
    if (places < 0) places = 0;
    int64_t unit = pow10_tab[GK_DEC_PLACES - places];
    gk_dec r = {(int64_t)(div_round(a.units, unit) * unit)};
    return r;
}

int gk_dec_places(gk_dec a)
{
    int64_t frac = a.units % GK_DEC_ONE;
    if (frac < 0) frac = -frac;
    int p = GK_DEC_PLACES;
    while (p > 0 && frac % 10 == 0) {
        frac /= 10;
        p--;
    }
    return frac == 0 ? 0 : p;
}

char *gk_dec_format(gk_dec a, int places, char *out)
{
    if (places > GK_DEC_PLACES) places = GK_DEC_PLACES;
    if (places >= 0) a = gk_dec_round(a, places);
    else places = gk_dec_places(a);
    uint64_t mag = a.units < 0 ? (uint64_t)(-(a.units + 1)) + 1 : (uint64_t)a.units;
    uint64_t ip = mag / GK_DEC_ONE, fp = mag % GK_DEC_ONE;
    char *p = out;
    if (a.units < 0) *p++ = '-';
    char tmp[24];
    int n = 0;
    do { tmp[n++] = (char)('0' + ip % 10); ip /= 10; } while (ip);
    while (n) *p++ = tmp[--n];
    if (places > 0) {
        *p++ = '.';
        fp /= (uint64_t)pow10_tab[GK_DEC_PLACES - places];
        for (int k = places - 1; k >= 0; k--) {
            p[k] = (char)('0' + fp % 10);
            fp /= 10;
        }
        p += places;
    }
    *p = '\0';
    return out;
}
