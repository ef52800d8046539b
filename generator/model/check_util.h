/* Helpers shared by the checks (check.c), the rules files' evaluator
 * (rules.c) and the scorer (score.c). None of them changes a stated figure:
 * what they compute goes beside it (gk_num.calc). */
#ifndef GK_CHECK_UTIL_H
#define GK_CHECK_UTIL_H

#include "diag.h"
#include "model.h"

typedef struct gk_checker {
    gk_model *m;
    gk_diags *diags;
} gk_checker;

void gk_check_error(gk_checker *c, const gk_loc *at, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void gk_check_warning(gk_checker *c, const gk_loc *at, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Accumulates v (the figure at `at`) into *sum. When the sum would leave
 * ±GK_DEC_MAX this is an "overflow" error at `at` naming the figure and the
 * sum so far, and the sum becomes gk_dec_unknown(): reported once per sum,
 * and the identities built on it are skipped rather than reported against a
 * wrong total (an unknown v makes the sum unknown silently). */
void gk_sum_add(gk_checker *c, gk_dec *sum, gk_dec v, const gk_loc *at);

/* a + b, a − b and a × b for the check, when the operands are totals
 * themselves (a sum of parts uses gk_sum_add): on overflow an "overflow" error at `at`
 * reading "WHAT: A − B (…) is beyond …", *out = gk_dec_unknown() and false.
 * An unknown operand gives an unknown result without a second error. */
bool gk_check_add(gk_checker *c, const gk_loc *at, const char *what, gk_dec a, gk_dec b, gk_dec *out);
bool gk_check_sub(gk_checker *c, const gk_loc *at, const char *what, gk_dec a, gk_dec b, gk_dec *out);
bool gk_check_mul(gk_checker *c, const gk_loc *at, const char *what, gk_dec a, gk_dec b, gk_dec *out);

/* Settles a total: compares the stated figure (if any) with the one computed
 * from its parts, then records the computed one beside it (gk_num.calc), so
 * documents print computed figures only; the stated figure is kept. Exact agreement passes; a stated figure that is
 * the computed one rounded to the stated places is a warning (尾差); anything
 * else is an error that names both figures and where each comes from. An
 * unknown computed figure (an overflow, already reported) is not compared and
 * is recorded as unknown, so the identities built on it are skipped. */
void gk_settle(gk_checker *c, gk_num *stated, gk_dec computed, const char *what, const char *parts);

/* Records a computed number (gk_num.calc, the stated v untouched) or sets a
 * derived text. */
void gk_derive_num(gk_num *n, gk_dec v);
void gk_derive_text(gk_text *t, const char *s);

/* Forgets what an earlier check computed: every figure of obj (of this
 * shape, recursively) has computed = false, so a check starts from the stated
 * input only. */
struct gk_shape;
void gk_clear_computed(void *obj, const struct gk_shape *shape);

/* Parses "≥95%", "＞0", "98.81%", "0" (white space around allowed):
 * comparator (one of ">=", "<=", ">", "<", "=" or "" when none) and number in
 * percent points. Returns false when there is no number. */
bool gk_parse_measure(const gk_text *t, const char **cmp, gk_dec *value);

#endif
