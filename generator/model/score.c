/* Scoring the self-evaluation (整体绩效自评表): every indicator from its rule
 * and actual value, never from a typed score. Rows marked
 * group_with_previous share the weight, rule and score of the row that
 * starts their group. The forms are those of schema/README.md ("rule"). */
#include "check_util.h"

#include <string.h>

static const gk_dec HUNDRED = {100 * GK_DEC_ONE};

/* Every score is a ratio clamped to [0, weight]. Its intermediates (a
 * difference of two figures near ±10^12, their product with the weight) can
 * leave the range of a gk_dec although the clamped score cannot, so they are
 * kept in 128 bits (figures are below 2^63, products below 2^126) and only
 * the clamped result becomes a gk_dec: no rule, whatever its figures, fails
 * to score or reads a value an overflowing operation left unset. */
typedef __int128 wide;

/* n / d (units: n is a product of two units, d one unit) rounded once and
 * clamped to [0, hi]; d != 0. */
static gk_dec ratio(wide n, wide d, gk_dec hi)
{
    wide v = gk_dec_div_round(n, d);
    gk_dec r = {v < 0 ? 0 : v > hi.units ? hi.units : (int64_t)v};
    return r;
}

/* a × b / c, rounded once and clamped to [0, hi]; c != 0 */
static gk_dec muldiv(gk_dec a, gk_dec b, gk_dec c, gk_dec hi)
{
    return ratio((wide)a.units * b.units, c.units, hi);
}

static bool is_not_applicable(const gk_text *t)
{
    return t->set && strstr(t->s, "不适用") != NULL;
}

static bool actual_number(gk_checker *c, const gk_se_indicator *row, gk_dec *x)
{
    const char *cmp;
    if (gk_parse_measure(&row->actual, &cmp, x)) return true;
    gk_check_error(c, row->actual.set ? &row->actual.loc : &row->name.loc, "bad-actual",
                   "%s: the rule needs a number as the actual value (自评实际值), found \"%s\"", row->name.s,
                   row->actual.set ? row->actual.s : "");
    return false;
}

static bool need(gk_checker *c, const gk_se_indicator *row, const gk_num *p, const char *name)
{
    if (p->set) return true;
    gk_check_error(c, &row->rule.type.loc, "bad-rule", "%s: a %s rule needs \"%s\"", row->name.s,
                   gk_rule_type_names[row->rule.type.v], name);
    return false;
}

/* Fraction (0..1) of the weight a "target" row earns; false when it cannot be
 * judged. */
static bool target_fraction(gk_checker *c, const gk_se_indicator *row, bool partial, gk_dec *frac)
{
    const char *cmp;
    gk_dec t, x;
    if (!gk_parse_measure(&row->target, &cmp, &t)) {
        gk_check_error(c, row->target.set ? &row->target.loc : &row->name.loc, "bad-target",
                       "%s: the target (目标值) \"%s\" is not a number with an optional ≥ ≤ ＞ ＜ =", row->name.s,
                       row->target.set ? row->target.s : "");
        return false;
    }
    if (!actual_number(c, row, &x)) return false;
    int k = gk_dec_cmp(x, t);
    bool met = strcmp(cmp, ">=") == 0 ? k >= 0
             : strcmp(cmp, "<=") == 0 ? k <= 0
             : strcmp(cmp, ">") == 0  ? k > 0
             : strcmp(cmp, "<") == 0  ? k < 0
                                      : k == 0;
    gk_dec one = gk_dec_from_int(1);
    if (met) *frac = one;
    else if (partial && gk_dec_cmp(t, gk_dec_zero()) > 0 && (cmp[0] == '>' || cmp[0] == '=' || !cmp[0]))
        *frac = muldiv(x, one, t, one); /* x / t */
    else *frac = gk_dec_zero();
    return true;
}

/* The score of the group rows[0..n) under rows[0]'s rule. */
static bool score_group(gk_checker *c, gk_se_indicator *rows, size_t n, gk_dec *score)
{
    gk_se_indicator *row = &rows[0];
    const gk_rule *r = &row->rule;
    gk_dec w = row->weight.v, x, f;
    switch ((gk_rule_type)r->type.v) {
    case GK_RULE_LINEAR: {
        if (!need(c, row, &r->zero, "zero") || !need(c, row, &r->full, "full") || !actual_number(c, row, &x)) return false;
        if (r->abs.set && r->abs.v) x = gk_dec_abs(x);
        wide span = (wide)r->full.v.units - r->zero.v.units, off = (wide)x.units - r->zero.v.units;
        if (span == 0) {
            gk_check_error(c, &r->zero.loc, "bad-rule", "%s: zero and full are equal", row->name.s);
            return false;
        }
        /* (x − zero) / (full − zero), also right when smaller is better */
        *score = ratio(off * w.units, span, w);
        return true;
    }
    case GK_RULE_DEDUCT: {
        if (!need(c, row, &r->limit, "limit") || !need(c, row, &r->step, "step") || !need(c, row, &r->share, "share") ||
            !actual_number(c, row, &x))
            return false;
        bool below = r->direction.set && r->direction.v == GK_DIR_BELOW;
        wide over = below ? (wide)r->limit.v.units - x.units : (wide)x.units - r->limit.v.units;
        *score = w;
        if (over > 0) {
            if (gk_dec_is_zero(r->step.v)) {
                gk_check_error(c, &r->step.loc, "bad-rule", "%s: step must not be 0", row->name.s);
                return false;
            }
            /* over / step × share% of the weight is lost; at 100% or more
             * nothing is left, which also bounds the second product */
            gk_dec lost = ratio(over * r->share.v.units, r->step.v.units, HUNDRED);
            score->units = w.units - muldiv(lost, w, HUNDRED, w).units;
        }
        return true;
    }
    case GK_RULE_RATIO:
        if (!actual_number(c, row, &x)) return false;
        wide share = r->complement.set && r->complement.v ? (wide)HUNDRED.units - x.units : x.units;
        *score = ratio(share * w.units, HUNDRED.units, w);
        return true;
    case GK_RULE_LEVELS:
        for (size_t i = 0; i < r->levels.n; i++) {
            const gk_level_share *l = &((const gk_level_share *)r->levels.v)[i];
            if (row->actual.set && strcmp(l->value.s, row->actual.s) == 0) {
                *score = muldiv(l->share.v, w, HUNDRED, w);
                return true;
            }
        }
        gk_check_error(c, row->actual.set ? &row->actual.loc : &row->name.loc, "bad-actual",
                       "%s: the actual value \"%s\" matches none of the rule's levels", row->name.s,
                       row->actual.set ? row->actual.s : "");
        return false;
    case GK_RULE_TARGET: {
        bool partial = !r->partial.set || r->partial.v;
        gk_dec sum = gk_dec_zero();
        int64_t counted = 0;
        for (size_t i = 0; i < n; i++) {
            if (is_not_applicable(&rows[i].actual)) continue;
            if (!target_fraction(c, &rows[i], partial, &f)) return false;
            gk_sum_add(c, &sum, f, &rows[i].name.loc);
            counted++;
        }
        if (!counted) {
            gk_check_error(c, &row->name.loc, "bad-actual", "%s: every row of the group is 不适用; nothing to score",
                           row->name.s);
            return false;
        }
        *score = muldiv(sum, w, gk_dec_from_int(counted), w);
        return true;
    }
    case GK_RULE_FIXED:
        if (!need(c, row, &r->score, "score")) return false;
        if (gk_dec_cmp(r->score.v, w) > 0) {
            char a[GK_DEC_STRLEN], b[GK_DEC_STRLEN];
            gk_check_error(c, &r->score.loc, "bad-rule", "%s: the assigned score %s is above the weight %s", row->name.s,
                           gk_dec_format(r->score.v, -1, a), gk_dec_format(w, -1, b));
            return false;
        }
        *score = r->score.v;
        return true;
    }
    return false;
}

const char *gk_grade(gk_dec total)
{
    if (gk_dec_cmp(total, gk_dec_from_int(90)) >= 0) return "优";
    if (gk_dec_cmp(total, gk_dec_from_int(80)) >= 0) return "良";
    if (gk_dec_cmp(total, gk_dec_from_int(60)) >= 0) return "中";
    return "差";
}

void gk_score(gk_checker *c)
{
    gk_selfeval *se = &c->m->in.selfeval;
    gk_se_indicator *rows = (gk_se_indicator *)se->indicators.v;
    size_t n = se->indicators.n;
    gk_dec total = gk_dec_zero(), weights = gk_dec_zero();
    gk_dec level_weight[3] = {{0}, {0}, {0}};
    bool complete = true;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && rows[j].group_with_previous.set && rows[j].group_with_previous.v) j++;
        gk_se_indicator *row = &rows[i];
        if (row->group_with_previous.set && row->group_with_previous.v) {
            gk_check_error(c, &row->group_with_previous.loc, "bad-group", "the first row cannot be grouped with a previous one");
        }
        for (size_t k = i + 1; k < j; k++) {
            if (rows[k].weight.set)
                gk_check_error(c, &rows[k].weight.loc, "bad-group",
                               "%s shares the weight of the row above (group_with_previous) and cannot have its own",
                               rows[k].name.s);
            if (rows[k].score.set)
                gk_check_error(c, &rows[k].score.loc, "bad-group",
                               "%s shares the score of the row above (group_with_previous) and cannot have its own",
                               rows[k].name.s);
        }
        if (!row->weight.set || !row->rule.set) {
            gk_check_error(c, &row->name.loc, "missing-field", "%s: a scored row needs \"weight\" and \"rule\"", row->name.s);
            complete = false;
            i = j;
            continue;
        }
        gk_sum_add(c, &weights, row->weight.v, &row->weight.loc);
        if (row->level1.set) gk_sum_add(c, &level_weight[row->level1.v], row->weight.v, &row->weight.loc);
        gk_dec s;
        if (score_group(c, row, j - i, &s)) {
            gk_sum_add(c, &total, s, &row->name.loc);
            char buf[GK_DEC_STRLEN];
            gk_dec_format(s, -1, buf);
            if (row->score.set && !gk_dec_eq(row->score.v, s)) {
                char st[GK_DEC_STRLEN];
                gk_check_error(c, &row->score.loc, "score-mismatch",
                               "%s: the score is stated as %s, but its rule (%s) gives %s for the actual value %s",
                               row->name.s, gk_dec_format(row->score.v, -1, st),
                               gk_rule_type_names[row->rule.type.v], buf, row->actual.set ? row->actual.s : "");
            }
            gk_derive_num(&row->score, s); /* the document prints the computed score */
        } else {
            complete = false;
        }
        i = j;
    }
    if (n && !gk_dec_is_unknown(weights) && !gk_dec_eq(weights, gk_dec_from_int(100))) {
        char w[GK_DEC_STRLEN];
        gk_check_error(c, &se->indicators.loc, "weights", "the weights add up to %s, not 100", gk_dec_format(weights, -1, w));
    }
    static const int64_t expected[3] = {40, 40, 20};
    for (int l = 0; l < 3 && n; l++) {
        if (!gk_dec_is_unknown(level_weight[l]) && !gk_dec_eq(level_weight[l], gk_dec_from_int(expected[l]))) {
            char w[GK_DEC_STRLEN];
            gk_check_warning(c, &se->indicators.loc, "weights", "the weights of %s add up to %s; the form gives %lld分",
                             gk_se_level1_names[l], gk_dec_format(level_weight[l], -1, w), (long long)expected[l]);
        }
    }
    if (complete) gk_settle(c, &se->total_score, total, "合计 (total score)", "the computed scores");
    gk_derive_text(&se->grade, gk_grade(total));
}
