#include "check_util.h"
#include "buf.h"
#include "fields.h"

#include <stdio.h>
#include <string.h>

static void vreport(gk_checker *c, gk_severity sev, const gk_loc *at, const char *code, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));

static void vreport(gk_checker *c, gk_severity sev, const gk_loc *at, const char *code, const char *fmt, va_list ap)
{
    gk_buf msg = {0};
    gk_buf_vprintf(&msg, fmt, ap);
    gk_diag_add(c->diags, sev, code, c->m->file, at ? at->line : 0, at ? at->col : 0, at ? at->path : "", "%s",
                gk_buf_str(&msg));
    gk_buf_free(&msg);
}

void gk_check_error(gk_checker *c, const gk_loc *at, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, GK_ERROR, at, code, fmt, ap);
    va_end(ap);
}

void gk_check_warning(gk_checker *c, const gk_loc *at, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, GK_WARNING, at, code, fmt, ap);
    va_end(ap);
}

#define LIMIT "±1000000000000 (10^12), the largest figure gongkai computes with"

void gk_sum_add(gk_checker *c, gk_dec *sum, gk_dec v, const gk_loc *at)
{
    if (gk_dec_is_unknown(*sum)) return;
    if (gk_dec_is_unknown(v)) {
        *sum = v;
        return;
    }
    if (gk_dec_add(*sum, v, sum)) return;
    char a[GK_DEC_STRLEN], b[GK_DEC_STRLEN];
    gk_check_error(c, at, "overflow", "adding this figure %s to the sum so far %s goes beyond " LIMIT "; the total cannot be computed",
                   gk_dec_format(v, -1, a), gk_dec_format(*sum, -1, b));
    *sum = gk_dec_unknown();
}

static bool overflowed(gk_checker *c, const gk_loc *at, const char *what, gk_dec a, const char *op, gk_dec b, gk_dec *out)
{
    *out = gk_dec_unknown();
    if (gk_dec_is_unknown(a) || gk_dec_is_unknown(b)) return false;
    char x[GK_DEC_STRLEN], y[GK_DEC_STRLEN];
    gk_check_error(c, at, "overflow", "%s: %s %s %s is beyond " LIMIT, what, gk_dec_format(a, -1, x), op,
                   gk_dec_format(b, -1, y));
    return false;
}

bool gk_check_add(gk_checker *c, const gk_loc *at, const char *what, gk_dec a, gk_dec b, gk_dec *out)
{
    return (!gk_dec_is_unknown(a) && !gk_dec_is_unknown(b) && gk_dec_add(a, b, out)) ||
           overflowed(c, at, what, a, "+", b, out);
}

bool gk_check_sub(gk_checker *c, const gk_loc *at, const char *what, gk_dec a, gk_dec b, gk_dec *out)
{
    return (!gk_dec_is_unknown(a) && !gk_dec_is_unknown(b) && gk_dec_sub(a, b, out)) ||
           overflowed(c, at, what, a, "−", b, out);
}

bool gk_check_mul(gk_checker *c, const gk_loc *at, const char *what, gk_dec a, gk_dec b, gk_dec *out)
{
    return (!gk_dec_is_unknown(a) && !gk_dec_is_unknown(b) && gk_dec_mul(a, b, out)) ||
           overflowed(c, at, what, a, "×", b, out);
}

void gk_derive_num(gk_num *n, gk_dec v)
{
    n->calc = v;
    n->computed = true;
}

void gk_derive_text(gk_text *t, const char *s)
{
    t->s = s;
    t->len = strlen(s);
    t->set = true;
}

static void compare(gk_checker *c, const gk_num *stated, gk_dec computed, const char *what, const char *parts)
{
    if (!stated->set || stated->null || gk_dec_eq(stated->v, computed)) return;
    char s[GK_DEC_STRLEN], k[GK_DEC_STRLEN];
    gk_dec_format(stated->v, -1, s);
    gk_dec_format(computed, -1, k);
    int places = gk_dec_places(stated->v);
    if (places < 2) places = 2;
    if (gk_dec_eq(gk_dec_round(computed, places), stated->v))
        gk_check_warning(c, &stated->loc, "rounding", "%s is stated as %s, the exact sum of %s is %s (尾差 from rounding)",
                         what, s, parts, k);
    else
        gk_check_error(c, &stated->loc, "sum-mismatch", "%s is stated as %s here, but %s add up to %s", what, s, parts, k);
}

void gk_settle(gk_checker *c, gk_num *stated, gk_dec computed, const char *what, const char *parts)
{
    if (!gk_dec_is_unknown(computed)) compare(c, stated, computed, what, parts);
    gk_derive_num(stated, computed);
}

/* Skips ASCII white space and U+3000 at p; returns the new position. */
static const char *skip_space(const char *p, const char *end)
{
    while (p < end) {
        if (*p == ' ' || *p == '\t' || *p == '\n') p++;
        else if (end - p >= 3 && memcmp(p, "\xE3\x80\x80", 3) == 0) p += 3;
        else break;
    }
    return p;
}

bool gk_parse_measure(const gk_text *t, const char **cmp, gk_dec *value)
{
    static const struct { const char *text, *cmp; } cmps[] = {
        {"≥", ">="}, {"≧", ">="}, {">=", ">="}, {"≤", "<="}, {"≦", "<="}, {"<=", "<="},
        {"＞", ">"}, {">", ">"}, {"＜", "<"}, {"<", "<"}, {"＝", "="}, {"=", "="},
    };
    if (!t->set) return false;
    const char *p = t->s, *end = t->s + t->len;
    p = skip_space(p, end);
    *cmp = "";
    for (size_t i = 0; i < sizeof cmps / sizeof cmps[0]; i++) {
        size_t n = strlen(cmps[i].text);
        if ((size_t)(end - p) >= n && memcmp(p, cmps[i].text, n) == 0) {
            *cmp = cmps[i].cmp;
            p += n;
            break;
        }
    }
    p = skip_space(p, end);
    const char *q = end;
    while (q > p && (q[-1] == ' ' || q[-1] == '\t')) q--;
    while (q - p >= 3 && memcmp(q - 3, "\xE3\x80\x80", 3) == 0) q -= 3;
    if (q > p && q[-1] == '%') q--;
    else if (q - p >= 3 && memcmp(q - 3, "\xEF\xBC\x85", 3) == 0) q -= 3;
    return q > p && gk_dec_parse(p, (size_t)(q - p), value) == GK_DEC_OK;
}

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* digits s[0..n) as a number; -1 unless all are ASCII digits */
static int digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool gk_date_parse(const char *s, size_t len, gk_date *out, char *why, size_t n)
{
    static const char *const months[] = {"January", "February", "March", "April", "May", "June", "July",
                                         "August", "September", "October", "November", "December"};
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (n) why[0] = '\0';
    /* sscanf("%4d") took "-005" and " 2019" for years: digits only */
    int y = len == 10 && s[4] == '-' && s[7] == '-' ? digits(s, 4) : -1;
    int m = y < 0 ? -1 : digits(s + 5, 2), d = m < 0 ? -1 : digits(s + 8, 2);
    if (d < 0) return false;
    int last = m >= 1 && m <= 12 ? days[m - 1] + (m == 2 && is_leap(y)) : 0;
    if (y == 0) snprintf(why, n, "there is no year 0");
    else if (!last) snprintf(why, n, "there is no month %d", m);
    else if (d < 1 || d > last) snprintf(why, n, "%s %d has %d days", months[m - 1], y, last);
    else {
        *out = (gk_date){y, m, d};
        return true;
    }
    return false;
}

static bool is_figure(gk_ftype t)
{
    return t == GK_FT_AMOUNT || t == GK_FT_SIGNED || t == GK_FT_DECIMAL || t == GK_FT_PERCENT;
}

void gk_clear_computed(void *obj, const gk_shape *shape)
{
    for (const gk_field *f = shape->fields; f->key; f++) {
        char *at = (char *)obj + f->off;
        if (is_figure(f->type)) {
            gk_num *n = (gk_num *)at;
            n->computed = false;
            n->calc = gk_dec_zero();
        } else if (f->type == GK_FT_OBJECT) {
            gk_clear_computed(at, f->shape);
        } else if (f->type == GK_FT_LIST) {
            gk_list *l = (gk_list *)at;
            for (size_t i = 0; i < l->n; i++) {
                if (f->elem == GK_FT_OBJECT) gk_clear_computed((char *)l->v + i * f->shape->size, f->shape);
                else if (is_figure(f->elem)) ((gk_num *)l->v)[i].computed = false;
            }
        }
    }
}
