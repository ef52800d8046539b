/* gk_dec: exact decimal amounts (base/dec.h). */
#include "support.h"

#include "buf.h"
#include "dec.h"

#include <limits.h>

#include <stdio.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The value of a literal that must parse. */
static gk_dec dec(const char *s)
{
    gk_dec d = {0};
    gk_dec_err e = gk_dec_parse(s, strlen(s), &d);
    if (e != GK_DEC_OK) fail_msg("\"%s\" does not parse (error %d)", s, (int)e);
    return d;
}

static void expect_dec(gk_dec got, const char *want, const char *what)
{
    char buf[GK_DEC_STRLEN];
    if (!gk_dec_eq(got, dec(want))) fail_msg("%s: got %s, expected %s", what, gk_dec_format(got, -1, buf), want);
}

/* ---- parsing ---- */

static const struct {
    const char *text;
    gk_dec_err err;
    int64_t units; /* when err is GK_DEC_OK */
} parse_cases[] = {
    {"0", GK_DEC_OK, 0},
    {"688.35", GK_DEC_OK, 688350000},
    {"0.18", GK_DEC_OK, 180000},
    {"126.03541", GK_DEC_OK, 126035410},
    {"-1423.5", GK_DEC_OK, -1423500000},
    {"+5", GK_DEC_OK, 5000000},
    {"1.5e2", GK_DEC_OK, 150000000},
    {"1.5E+2", GK_DEC_OK, 150000000},
    {"15e-1", GK_DEC_OK, 1500000},
    {"1e-6", GK_DEC_OK, 1},
    {"0e5", GK_DEC_OK, 0},
    {"-0", GK_DEC_OK, 0},
    {"-0.000", GK_DEC_OK, 0},
    {"007", GK_DEC_OK, 7000000},
    {"000000000000000000000000000000000000000000000000000000000000000000000000000001.5", GK_DEC_OK, 1500000},
    {"1.234567", GK_DEC_OK, 1234567},
    {"-0.000001", GK_DEC_OK, -1},
    {"1.0000000", GK_DEC_OK, 1000000},
    {"1.2345670", GK_DEC_OK, 1234567},
    {"2.50000000000", GK_DEC_OK, 2500000},
    {"1000000000000", GK_DEC_OK, GK_DEC_MAX},
    {"-1000000000000", GK_DEC_OK, -GK_DEC_MAX},
    {"1e12", GK_DEC_OK, GK_DEC_MAX},
    {"1.2345678", GK_DEC_PLACES_OVER, 0},
    {"0.0000001", GK_DEC_PLACES_OVER, 0},
    {"1e-7", GK_DEC_PLACES_OVER, 0},
    {"12.5e-6", GK_DEC_PLACES_OVER, 0},
    {"-0.1234565", GK_DEC_PLACES_OVER, 0},
    {"1000000000000.000001", GK_DEC_RANGE, 0},
    {"-1000000000001", GK_DEC_RANGE, 0},
    {"1e13", GK_DEC_RANGE, 0},
    {"99999999999999999999999", GK_DEC_RANGE, 0},
    {"", GK_DEC_SYNTAX, 0},
    {".", GK_DEC_SYNTAX, 0},
    {"1.", GK_DEC_SYNTAX, 0},
    {"1.e5", GK_DEC_SYNTAX, 0},
    {"1e", GK_DEC_SYNTAX, 0},
    {"1e+", GK_DEC_SYNTAX, 0},
    {"1e5x", GK_DEC_SYNTAX, 0},
    {"e5", GK_DEC_SYNTAX, 0},
    {"abc", GK_DEC_SYNTAX, 0},
    {" 1", GK_DEC_SYNTAX, 0},
    {"1 ", GK_DEC_SYNTAX, 0},
    {"--1", GK_DEC_SYNTAX, 0},
    {"-", GK_DEC_SYNTAX, 0},
    {"1.2.3", GK_DEC_SYNTAX, 0},
    {"1,5", GK_DEC_SYNTAX, 0},
    {"0x10", GK_DEC_SYNTAX, 0},
    {"5%", GK_DEC_SYNTAX, 0},
};

static void test_parse(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT(parse_cases); i++) {
        const char *s = parse_cases[i].text;
        gk_dec d = {INT64_C(-424242)};
        gk_dec_err e = gk_dec_parse(s, strlen(s), &d);
        if (e != parse_cases[i].err) fail_msg("\"%s\": error %d, expected %d", s, (int)e, (int)parse_cases[i].err);
        if (e == GK_DEC_OK && d.units != parse_cases[i].units)
            fail_msg("\"%s\": %lld units, expected %lld", s, (long long)d.units, (long long)parse_cases[i].units);
    }
}

static void test_parse_reads_only_len_bytes(void **state)
{
    (void)state;
    gk_dec d;
    assert_int_equal(gk_dec_parse("12345", 2, &d), GK_DEC_OK);
    assert_true(d.units == 12 * GK_DEC_ONE);
    assert_int_equal(gk_dec_parse("1.5abc", 3, &d), GK_DEC_OK);
    assert_true(d.units == 1500000);
    assert_int_equal(gk_dec_parse("-0", 2, &d), GK_DEC_OK);
    assert_false(gk_dec_is_neg(d));
}

/* Extra digits that are zeros never count as places, however many there are
 * ("1.0000000" is 1; so is "1." with a hundred zeros). */
static void test_parse_any_number_of_trailing_zeros(void **state)
{
    (void)state;
    static const struct {
        const char *head;
        size_t zeros;
        int64_t units;
    } cases[] = {
        {"1.", 7, GK_DEC_ONE}, {"1.", 63, GK_DEC_ONE}, {"1.", 100, GK_DEC_ONE}, {"0.", 100, 0}, {"126.03541", 80, 126035410},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        char text[256];
        size_t n = strlen(cases[i].head);
        memcpy(text, cases[i].head, n);
        memset(text + n, '0', cases[i].zeros);
        gk_dec d = {0};
        gk_dec_err e = gk_dec_parse(text, n + cases[i].zeros, &d);
        if (e != GK_DEC_OK || d.units != cases[i].units)
            fail_msg("\"%s\" followed by %zu zeros: error %d, %lld units", cases[i].head, cases[i].zeros, (int)e,
                     (long long)d.units);
    }
}

/* ---- sums ---- */

static void test_add_is_exact(void **state)
{
    (void)state;
    gk_dec s;
    assert_true(gk_dec_add(dec("0.1"), dec("0.2"), &s));
    assert_true(gk_dec_eq(s, dec("0.3")));
    assert_true(s.units == 300000);
    /* ten times 0.1 is exactly 1 */
    s = gk_dec_zero();
    for (int i = 0; i < 10; i++) assert_true(gk_dec_add(s, dec("0.1"), &s));
    assert_true(gk_dec_eq(s, gk_dec_from_int(1)));
}

/* The 23 task budgets of seed 004 (香河 2019 自评表, 年度主要任务). */
static const char *const seed004_budgets[] = {
    "5", "18.32", "30", "27.74", "10", "126.03541", "200", "300", "110", "300", "198.85", "100",
    "100", "11.7", "11.7", "5", "216", "11", "7", "7", "7", "11", "5",
};

static gk_dec sum_first(size_t n)
{
    gk_dec s = gk_dec_zero();
    for (size_t i = 0; i < n; i++) assert_true(gk_dec_add(s, dec(seed004_budgets[i]), &s));
    return s;
}

static void test_seed004_sums(void **state)
{
    (void)state;
    assert_int_equal(COUNT(seed004_budgets), 23);
    gk_dec all = sum_first(23);
    expect_dec(all, "1818.34541", "the 23 task budgets");
    char buf[GK_DEC_STRLEN];
    assert_string_equal(gk_dec_format(all, -1, buf), "1818.34541");
    /* the published 金额合计 1770.35 is the first 17 rows, rounded */
    gk_dec first17 = sum_first(17);
    expect_dec(first17, "1770.34541", "the first 17 task budgets");
    assert_string_equal(gk_dec_format(first17, 2, buf), "1770.35");
}

static void test_sub(void **state)
{
    (void)state;
    gk_dec d;
    assert_true(gk_dec_sub(dec("688.35"), dec("598.95"), &d));
    expect_dec(d, "89.4", "688.35 - 598.95");
    assert_true(gk_dec_sub(dec("0.3"), dec("0.1"), &d));
    expect_dec(d, "0.2", "0.3 - 0.1");
    assert_true(gk_dec_sub(dec("1"), dec("1424.5"), &d));
    expect_dec(d, "-1423.5", "1 - 1424.5");
}

/* ---- products and quotients: rounded half away from zero ---- */

static const struct {
    const char *a;
    char op;
    const char *b, *result;
} arith_cases[] = {
    {"0.000001", '*', "0.5", "0.000001"}, /* 0.0000005 */
    {"-0.000001", '*', "0.5", "-0.000001"},
    {"0.000001", '*', "-0.5", "-0.000001"},
    {"0.000001", '*', "0.4999", "0"},
    {"-0.000001", '*', "0.4999", "0"},
    {"0.000003", '*', "0.5", "0.000002"}, /* 0.0000015 */
    {"2", '*', "0.35", "0.7"},
    {"3", '*', "1.333333", "3.999999"},
    {"100", '*', "0.02", "2"},
    {"-1.5", '*', "-1.5", "2.25"},
    {"1000000", '*', "1000000", "1000000000000"},
    {"1", '/', "3", "0.333333"},
    {"2", '/', "3", "0.666667"},
    {"-2", '/', "3", "-0.666667"},
    {"2", '/', "-3", "-0.666667"},
    {"-1", '/', "-3", "0.333333"},
    {"0.000001", '/', "2", "0.000001"}, /* 0.0000005 */
    {"-0.000001", '/', "2", "-0.000001"},
    {"0.000001", '/', "3", "0"},
    {"37.96", '/', "40", "0.949"},
    {"151.84", '/', "40", "3.796"}, /* (97.96 − 60) × 4 / 40, seed 004 支出进度率 */
};

static void test_mul_div(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT(arith_cases); i++) {
        gk_dec r = {0};
        bool ok = arith_cases[i].op == '*' ? gk_dec_mul(dec(arith_cases[i].a), dec(arith_cases[i].b), &r)
                                           : gk_dec_div(dec(arith_cases[i].a), dec(arith_cases[i].b), &r);
        char what[80];
        snprintf(what, sizeof what, "%s %c %s", arith_cases[i].a, arith_cases[i].op, arith_cases[i].b);
        if (!ok) fail_msg("%s failed", what);
        expect_dec(r, arith_cases[i].result, what);
    }
}

static void test_overflow_and_zero_division(void **state)
{
    (void)state;
    gk_dec max = {GK_DEC_MAX}, tiny = {1}, r;
    assert_false(gk_dec_add(max, tiny, &r));
    assert_false(gk_dec_sub(gk_dec_neg(max), tiny, &r));
    assert_true(gk_dec_add(max, gk_dec_zero(), &r));
    assert_false(gk_dec_mul(max, gk_dec_from_int(2), &r));
    assert_false(gk_dec_div(max, dec("0.5"), &r));
    assert_false(gk_dec_div(gk_dec_from_int(1), gk_dec_zero(), &r));
    assert_true(gk_dec_div(gk_dec_zero(), gk_dec_from_int(7), &r));
    assert_true(gk_dec_is_zero(r));
}

/* ---- rounding, places, formatting ---- */

static const struct {
    const char *value;
    int places;
    const char *result;
} round_cases[] = {
    {"0.005", 2, "0.01"},
    {"-0.005", 2, "-0.01"},
    {"0.004999", 2, "0"},
    {"-0.004999", 2, "0"},
    {"2.5", 0, "3"},
    {"-2.5", 0, "-3"},
    {"2.499999", 0, "2"},
    {"1818.34541", 2, "1818.35"},
    {"126.03541", 4, "126.0354"},
    {"126.03545", 4, "126.0355"},
    {"999.995", 2, "1000"},
    {"0.123456", 6, "0.123456"},
    {"0.123456", 9, "0.123456"},
    {"0.5", -1, "1"}, /* below 0 places counts as 0 */
};

static void test_round(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT(round_cases); i++) {
        char what[64];
        snprintf(what, sizeof what, "round(%s, %d)", round_cases[i].value, round_cases[i].places);
        expect_dec(gk_dec_round(dec(round_cases[i].value), round_cases[i].places), round_cases[i].result, what);
    }
}

static const struct {
    const char *value;
    int places;
} places_cases[] = {
    {"688.35", 2}, {"1", 0},   {"0", 0},         {"100", 0}, {"0.000001", 6},
    {"-1.5", 1},   {"-0.1", 1}, {"126.03541", 5}, {"1.5e2", 0},
};

/* The figure an overflow leaves (gk_dec_unknown) is refused by every
 * operation and survives rounding unchanged: rounding INT64_MIN to whole
 * units used to overflow int64 (UBSan: signed integer overflow). */
static void test_unknown(void **state)
{
    (void)state;
    gk_dec u = gk_dec_unknown(), out = dec("7");
    assert_true(gk_dec_is_unknown(u));
    assert_false(gk_dec_is_unknown(dec("-1000000000000")));
    assert_false(gk_dec_add(u, dec("1"), &out));
    assert_false(gk_dec_sub(dec("1"), u, &out));
    assert_false(gk_dec_mul(u, dec("2"), &out));
    assert_false(gk_dec_div(u, dec("3"), &out));
    expect_dec(out, "7", "the result left untouched");
    for (int places = 0; places <= 6; places++) assert_true(gk_dec_is_unknown(gk_dec_round(u, places)));
}

/* gk_dec_div_round: half away from zero for either sign of n and d, on
 * 128-bit operands beyond int64. */
static void test_div_round_wide(void **state)
{
    (void)state;
    assert_true(gk_dec_div_round(5, 2) == 3);
    assert_true(gk_dec_div_round(-5, 2) == -3);
    assert_true(gk_dec_div_round(5, -2) == -3);
    assert_true(gk_dec_div_round(-5, -2) == 3);
    assert_true(gk_dec_div_round(7, 3) == 2);
    __int128 big = (__int128)INT64_MAX * 1000000; /* beyond int64 */
    assert_true(gk_dec_div_round(big, 1000000) == INT64_MAX);
}

static void test_places(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT(places_cases); i++) {
        int p = gk_dec_places(dec(places_cases[i].value));
        if (p != places_cases[i].places)
            fail_msg("places(%s) = %d, expected %d", places_cases[i].value, p, places_cases[i].places);
    }
}

static const struct {
    const char *value;
    int places;
    const char *text;
} format_cases[] = {
    {"688.35", -1, "688.35"},
    {"89.4", -1, "89.4"},
    {"0", -1, "0"},
    {"-0", -1, "0"},
    {"-1423.5", -1, "-1423.5"},
    {"100", -1, "100"},
    {"0.000001", -1, "0.000001"},
    {"-0.5", -1, "-0.5"},
    {"1000000000000", -1, "1000000000000"},
    {"-1000000000000", -1, "-1000000000000"},
    {"240.54", 2, "240.54"},
    {"1", 2, "1.00"},
    {"0", 2, "0.00"},
    {"0.005", 2, "0.01"},
    {"-0.005", 2, "-0.01"},
    {"-0.004", 2, "0.00"},
    {"-1423.5", 2, "-1423.50"},
    {"999.995", 2, "1000.00"},
    {"2.5", 0, "3"},
    {"1.5", 6, "1.500000"},
    {"1.5", 9, "1.500000"},
};

static void test_format(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT(format_cases); i++) {
        char buf[GK_DEC_STRLEN];
        memset(buf, 'x', sizeof buf);
        const char *s = gk_dec_format(dec(format_cases[i].value), format_cases[i].places, buf);
        if (s != buf) fail_msg("gk_dec_format does not return its buffer");
        if (strcmp(s, format_cases[i].text) != 0)
            fail_msg("format(%s, %d) = \"%s\", expected \"%s\"", format_cases[i].value, format_cases[i].places, s,
                     format_cases[i].text);
    }
}

/* gk_fmt_int and gk_buf_put_int, which the OFD's and the XML's numbers use
 * instead of printf: the same digits as "%lld" at every magnitude. */
static void test_fmt_int(void **state)
{
    (void)state;
    const long long v[] = {0, 1, -1, 9, 10, -10, 99, 100, 12345, -2147483648LL, 4294967296LL,
                           999999999999999999LL, LLONG_MAX, LLONG_MIN, LLONG_MIN + 1};
    gk_buf b = {0};
    for (size_t i = 0; i < COUNT(v); i++) {
        char want[32], got[21];
        snprintf(want, sizeof want, "%lld", v[i]);
        size_t n = gk_fmt_int(got, v[i]);
        if (n != strlen(want) || memcmp(got, want, n) != 0) fail_msg("gk_fmt_int(%s) = \"%.*s\"", want, (int)n, got);
        b.len = 0;
        gk_buf_puts(&b, "x");
        gk_buf_put_int(&b, v[i]);
        if (strcmp(gk_buf_str(&b) + 1, want) != 0 || b.data[0] != 'x')
            fail_msg("gk_buf_put_int(%s) = \"%s\"", want, gk_buf_str(&b));
    }
    gk_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GK_TEST(test_parse),
        GK_TEST(test_parse_reads_only_len_bytes),
        GK_TEST(test_parse_any_number_of_trailing_zeros),
        GK_TEST(test_add_is_exact),
        GK_TEST(test_seed004_sums),
        GK_TEST(test_sub),
        GK_TEST(test_mul_div),
        GK_TEST(test_overflow_and_zero_division),
        GK_TEST(test_round),
        GK_TEST(test_unknown),
        GK_TEST(test_div_round_wide),
        GK_TEST(test_places),
        GK_TEST(test_format),
        GK_TEST(test_fmt_int),
    };
    return cmocka_run_group_tests_name("dec", tests, NULL, NULL);
}
