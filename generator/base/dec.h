/* Exact decimal amounts.
 *
 * A gk_dec is a signed count of millionths: 688.35 is 688350000. Amounts in
 * 万元 carry at most six decimal places, so every input amount is exact, and
 * sums are exact. Products and quotients (quantity × unit price, scores) are
 * rounded half away from zero to six places, which is the only rounding done
 * before display. No binary floating point is used anywhere.
 */
#ifndef GK_DEC_H
#define GK_DEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GK_DEC_PLACES 6
#define GK_DEC_ONE INT64_C(1000000)
/* Largest magnitude accepted from input: 10^12 (万元), far above any budget
 * and small enough that a product of two values fits in 128 bits. */
#define GK_DEC_MAX (INT64_C(1000000000000) * GK_DEC_ONE)

typedef struct gk_dec {
    int64_t units; /* value × 10^6 */
} gk_dec;

typedef enum gk_dec_err {
    GK_DEC_OK = 0,
    GK_DEC_SYNTAX,    /* not a decimal number */
    GK_DEC_PLACES_OVER, /* more than six decimal places */
    GK_DEC_RANGE      /* magnitude above GK_DEC_MAX */
} gk_dec_err;

static inline gk_dec gk_dec_from_int(int64_t v) { gk_dec d = {v * GK_DEC_ONE}; return d; }
static inline gk_dec gk_dec_zero(void) { gk_dec d = {0}; return d; }
static inline bool gk_dec_is_zero(gk_dec a) { return a.units == 0; }
static inline bool gk_dec_is_neg(gk_dec a) { return a.units < 0; }
static inline int gk_dec_cmp(gk_dec a, gk_dec b) { return (a.units > b.units) - (a.units < b.units); }
static inline bool gk_dec_eq(gk_dec a, gk_dec b) { return a.units == b.units; }
static inline gk_dec gk_dec_neg(gk_dec a) { gk_dec d = {-a.units}; return d; }
static inline gk_dec gk_dec_abs(gk_dec a) { gk_dec d = {a.units < 0 ? -a.units : a.units}; return d; }

/* Parses the literal text s[0..len): optional sign, digits, optional
 * fraction, optional exponent (JSON numbers: "1.5e2"). Leading and trailing
 * spaces are not accepted. */
gk_dec_err gk_dec_parse(const char *s, size_t len, gk_dec *out);

/* The arithmetic below reports overflow by returning false and leaves *out
 * untouched then; a caller that ignores it publishes a wrong figure, so the
 * result must be used (-Werror makes an unchecked call a build error). */
#define GK_DEC_CHECKED __attribute__((warn_unused_result))

/* Sums and differences are exact; they return false when the result is
 * beyond ±GK_DEC_MAX (two input figures near 10^12 are enough). */
GK_DEC_CHECKED bool gk_dec_add(gk_dec a, gk_dec b, gk_dec *out);
GK_DEC_CHECKED bool gk_dec_sub(gk_dec a, gk_dec b, gk_dec *out);
/* Product and quotient rounded half away from zero to six places. Division by
 * zero returns false. */
GK_DEC_CHECKED bool gk_dec_mul(gk_dec a, gk_dec b, gk_dec *out);
GK_DEC_CHECKED bool gk_dec_div(gk_dec a, gk_dec b, gk_dec *out);

/* n / d rounded half away from zero (d != 0), on 128-bit integers: for
 * computations whose intermediates may leave the range of a gk_dec although
 * their result does not (the scorer's clamped ratios). */
__int128 gk_dec_div_round(__int128 n, __int128 d);

/* A figure that could not be computed (an overflow already reported): it
 * is outside ±GK_DEC_MAX, so every operation above refuses it, and checks
 * test for it to skip identities built on it instead of reporting them
 * against a wrong figure. */
static inline gk_dec gk_dec_unknown(void) { gk_dec d = {INT64_MIN}; return d; }
static inline bool gk_dec_is_unknown(gk_dec a) { return a.units == INT64_MIN; }

/* Rounds half away from zero to `places` (0..6) decimal places; an unknown
 * figure stays unknown (rounding INT64_MIN would leave int64). */
gk_dec gk_dec_round(gk_dec a, int places);

/* Number of decimal places needed to write `a` exactly (0..6). */
int gk_dec_places(gk_dec a);

/* Formats into `out` (at least GK_DEC_STRLEN bytes) and returns `out`.
 * places < 0: exact, trailing zeros dropped ("688.35", "89.4", "0").
 * places >= 0: rounded half away from zero, exactly that many places
 * ("240.54", "1.00"). Locale independent. */
#define GK_DEC_STRLEN 32
char *gk_dec_format(gk_dec a, int places, char *out);

#endif
