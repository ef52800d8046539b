/* The layout engine without fonts: the fixed-width metrics (wide characters
 * 1 em, others 0.5 em) make every width predictable. Line breaking with the
 * Chinese rules, justification, indents, balanced titles, tables (widths,
 * merged cells, rules drawn once, header rows repeated, rows taller than a
 * page), pagination (keep with next, long paragraphs) and characters no
 * font has. */
#include "support.h"

#include "layout.h"
#include "node.h"
#include "utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ------------------------------------------------------------- */

/* What a test made, freed after it, passed or failed (see cleanup). */
static gk_text *made_texts[64];
static gk_tree *made_trees[16];
static gk_layout *made_layouts[16];
static size_t ntexts, ntrees, nlayouts;

static int cleanup(void **state)
{
    while (ntexts) gk_text_free(made_texts[--ntexts]);
    while (nlayouts) gk_layout_free(made_layouts[--nlayouts]);
    while (ntrees) gk_tree_free(made_trees[--ntrees]);
    return gk_test_cleanup(state);
}

#define TEST(f) cmocka_unit_test_teardown(f, cleanup)

static gk_fontset *fontset(void)
{
    static gk_fontset fs;
    static bool loaded;
    if (!loaded) {
        gk_diags d = {0};
        assert_int_equal(gk_fontset_load(&fs, NULL, &d), GK_OK);
        gk_diags_clear(&d);
        loaded = true;
    }
    return &fs;
}

/* A text of `s` in the body role at 10 pt with no grid, prepared. */
static gk_text *text_of(const char *s, double grid)
{
    gk_text *t = gk_test_keep(malloc(sizeof *t));
    gk_metrics m = gk_metrics_fixed();
    gk_text_init(t, GK_ROLE_BODY, 10, grid, false);
    assert_true(ntexts < 64);
    made_texts[ntexts++] = t;
    const char *p = s;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        assert_true(gk_text_add(t, &m, p, n, false));
        if (!nl) break;
        gk_text_force_break(t);
        p = nl + 1;
    }
    gk_text_prepare(t);
    return t;
}

/* gk_text_add makes its room once per string (text.c): what does not
 * keep a byte's length (an ill-formed byte, three bytes of U+FFFD; a
 * newline, none or an empty line's placeholder; a control character, a
 * space) still fits, a long run of ill-formed bytes too. */
static void test_text_add_room(void **state)
{
    (void)state;
    gk_metrics m = gk_metrics_fixed();
    gk_text *t = gk_test_keep(malloc(sizeof *t));
    gk_text_init(t, GK_ROLE_BODY, 10, 0, false);
    made_texts[ntexts++] = t;
    assert_true(gk_text_add(t, &m, "a\xff\xfe\xfd\n\n\tb", 8, false));
    assert_int_equal(t->n, 7);
    assert_int_equal(t->len, 12);
    assert_string_equal(t->utf8, "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD b");
    assert_true(t->ch[3].flags & GK_TC_FORCED);
    assert_int_equal(t->ch[4].cp, 0);
    assert_true(t->ch[4].flags & GK_TC_FORCED);
    assert_int_equal(t->ch[5].cp, ' ');
    char bad[300];
    memset(bad, 0xff, sizeof bad);
    assert_true(gk_text_add(t, &m, bad, sizeof bad, false));
    assert_int_equal(t->n, 7 + 300);
    assert_int_equal(t->len, 12 + 900);
    assert_int_equal(strlen(t->utf8), t->len);
    assert_int_equal(t->ch[306].cp, 0xFFFD);
    assert_int_equal(t->ch[306].off, 12 + 897);
}

/* gk_utf8_decode, which gk_text_add decodes with, written out per length
 * (base/utf8.c): every scalar value round-trips, and the ill-formed
 * sequences (overlong, surrogates, beyond U+10FFFF, truncated, a stray
 * continuation byte) decode to nothing. */
static void test_utf8_decode(void **state)
{
    (void)state;
    for (uint32_t c = 0; c <= 0x10FFFF; c++) {
        if (c >= 0xD800 && c <= 0xDFFF) continue;
        unsigned char b[4];
        size_t n;
        if (c < 0x80) b[0] = (unsigned char)c, n = 1;
        else if (c < 0x800) b[0] = (unsigned char)(0xC0 | c >> 6), b[1] = (unsigned char)(0x80 | (c & 0x3F)), n = 2;
        else if (c < 0x10000)
            b[0] = (unsigned char)(0xE0 | c >> 12), b[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F)),
            b[2] = (unsigned char)(0x80 | (c & 0x3F)), n = 3;
        else
            b[0] = (unsigned char)(0xF0 | c >> 18), b[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F)),
            b[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F)), b[3] = (unsigned char)(0x80 | (c & 0x3F)), n = 4;
        uint32_t got = 0xFFFFFFFF;
        if (gk_utf8_decode(b, n, &got) != n || got != c) fail_msg("U+%04X does not round-trip", (unsigned)c);
        if (n > 1 && gk_utf8_decode(b, n - 1, &got) != 0) fail_msg("U+%04X truncated decodes", (unsigned)c);
    }
    static const char *const bad[] = {"\x80", "\xBF", "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xE0\x9F\xBF",
                                      "\xED\xA0\x80", "\xED\xBF\xBF", "\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF",
                                      "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\xE4\x41\x80", "\xE4\xB8\x41",
                                      "\xF0\x9F\x98\x41", "\xC3\x28"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint32_t got;
        assert_int_equal(gk_utf8_decode((const unsigned char *)bad[i], strlen(bad[i]), &got), 0);
    }
    uint32_t got;
    assert_int_equal(gk_utf8_decode((const unsigned char *)"", 0, &got), 0);
}

/* The UTF-8 of line l. */
static char *line_str(const gk_text *t, size_t l)
{
    static char buf[4096];
    const gk_tline *line = &t->lines[l];
    size_t from = t->ch[line->from].off;
    size_t to = line->to < t->n ? t->ch[line->to].off : t->len;
    if (line->to == line->from) to = from;
    snprintf(buf, sizeof buf, "%.*s", (int)(to - from), t->utf8 + from);
    return buf;
}

static bool starts_with(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

static bool ends_with(const char *s, const char *p)
{
    size_t a = strlen(s), b = strlen(p);
    return a >= b && strcmp(s + a - b, p) == 0;
}

/* ---- breaking -------------------------------------------------------------- */

static void test_no_closing_punctuation_at_line_start(void **state)
{
    (void)state;
    /* ten characters fit; the eleventh is a comma, so 十 goes down with it */
    gk_text *t = text_of("一二三四五六七八九十，一二三四五六七八九十。一二", 0);
    assert_true(gk_text_break(t, 100, 0, GK_ALIGN_JUSTIFY));
    assert_int_equal(t->nlines, 3);
    assert_string_equal(line_str(t, 0), "一二三四五六七八九");
    assert_true(starts_with(line_str(t, 1), "十，"));
    for (size_t l = 0; l < t->nlines; l++) {
        const char *s = line_str(t, l);
        assert_false(starts_with(s, "，") || starts_with(s, "。"));
    }
}

static void test_no_opening_punctuation_at_line_end(void **state)
{
    (void)state;
    gk_text *t = text_of("一二三四五六七八九《十一》二三", 0);
    assert_true(gk_text_break(t, 100, 0, GK_ALIGN_JUSTIFY));
    assert_string_equal(line_str(t, 0), "一二三四五六七八九");
    assert_true(starts_with(line_str(t, 1), "《十一》"));
    /* the quotes of Chinese text */
    gk_text *u = text_of("一二三四五六七八九“十”，一二", 0);
    assert_true(gk_text_break(u, 100, 0, GK_ALIGN_JUSTIFY));
    assert_false(ends_with(line_str(u, 0), "“"));
    assert_false(starts_with(line_str(u, 1), "”"));
}

static void test_numbers_and_words_stay_whole(void **state)
{
    (void)state;
    /* 九 ends at 9 em; 688.35 (3 em) does not fit after it and is not cut */
    gk_text *t = text_of("一二三四五六七八九688.35万元，word wrapping", 0);
    assert_true(gk_text_break(t, 100, 0, GK_ALIGN_JUSTIFY));
    assert_string_equal(line_str(t, 0), "一二三四五六七八九");
    assert_true(starts_with(line_str(t, 1), "688.35万元，"));
    for (size_t l = 0; l < t->nlines; l++) {
        const char *s = line_str(t, l);
        assert_false(starts_with(s, "rapping") || starts_with(s, "ord"));
    }
    /* a word longer than the line is cut rather than lost */
    gk_text *u = text_of("abcdefghijklmnopqrstuvwxyzabcdefghij", 0);
    assert_true(gk_text_break(u, 50, 0, GK_ALIGN_LEFT));
    size_t total = 0;
    for (size_t l = 0; l < u->nlines; l++) total += u->lines[l].to - u->lines[l].from;
    assert_int_equal(total, 36);
}

/* Every UAX #14 line-break class, with one or more representative code
 * points and the break opportunities expected: `|` after a character where
 * a line may break (the last character always may). The expectations are
 * those of UAX #14 (Unicode 15, as ICU 72 implements it, with the resolution
 * of LB1: AI, SG and XX as AL, SA by dictionary, CJ as NS) and of our Chinese
 * rules on top. Against libunibreak 1.1 five rows fail (LB30 "=|（", small
 * kana, CJ, ZWJ, Thai) and the RI rows abort it. */
static const struct {
    const char *cls, *text, *expect;
} uax14_cases[] = {
    {"ID ideographs", "中文字", "中|文|字|"},
    {"ID emoji", "\U0001F600\U0001F600", "\U0001F600|\U0001F600|"},
    {"ID Extension B", "\U00020000\U00020001", "\U00020000|\U00020001|"},
    {"OP CL fullwidth", "中（文）字", "中|（文）|字|"},
    {"CL ideographic", "中。文、字", "中。|文、|字|"},
    {"CP", "(ab)c", "(ab)c|"},
    {"OP after AL, East Asian (LB30)", "a=（b）", "a=|（b）|"},
    {"NS small kana", "中ぁ文", "中ぁ|文|"},
    {"NS iteration mark", "人々来", "人々|来|"},
    {"NS prolonged sound (CJ)", "オーク", "オー|ク|"},
    {"QU", "a \"b\" c", "a |\"b\" |c|"},
    /* ICU's zh rules break before an opening and after a closing quotation
     * mark beside ideographs, as Chinese typesetting does */
    {"QU ideographic quotes", "中“文”字", "中|“文”|字|"},
    {"EX", "中！文!", "中！|文!|"},
    {"IS in a number", "1,000.5元", "1,000.5元|"}, /* a number keeps its unit (issue 12) */
    {"IS between words", "a.b", "a.b|"},
    {"NU", "123 456", "123 |456|"},
    {"PR", "￥100 $5", "￥100 |$5|"},
    {"PO", "100% 50％", "100% |50％|"},
    {"AL", "abc def", "abc |def|"},
    {"HY", "a-b -5", "a-|b |-5|"},
    {"BA", "a\u2010b", "a\u2010|b|"},
    {"BB", "a\u00B4b", "a|\u00B4b|"},
    {"B2", "中\u2014\u2014文", "中|\u2014\u2014|文|"},
    {"ZW", "ab\u200Bcd", "ab\u200B|cd|"},
    {"ZWJ", "\U0001F468\u200D\U0001F469", "\U0001F468\u200D\U0001F469|"},
    {"WJ", "中\u2060文", "中\u2060文|"},
    {"GL", "中\u00A0文", "中\u00A0文|"},
    {"SP", "中 文", "中 |文|"},
    {"CM", "a\u0301b 中\u0301文", "a\u0301b |中\u0301|文|"},
    {"SA Thai", "ภาษาไทย", "ภาษา|ไทย|"},
    {"H2 H3 Hangul syllables", "한국어", "한|국|어|"},
    {"JL JV JT Hangul jamo", "\u1100\u1161\u11A8\u1100\u1161", "\u1100\u1161\u11A8|\u1100\u1161|"},
    {"RI flags", "\U0001F1E8\U0001F1F3\U0001F1FA\U0001F1F8", "\U0001F1E8\U0001F1F3|\U0001F1FA\U0001F1F8|"},
    {"RI odd", "\U0001F1E8\U0001F1F3\U0001F1FA", "\U0001F1E8\U0001F1F3|\U0001F1FA|"},
    {"EB EM", "\U0001F44D\U0001F3FB\U0001F44D", "\U0001F44D\U0001F3FB|\U0001F44D|"},
    {"AI as AL", "≥95% ×2", "≥95% |×2|"},
    {"AI circled number", "①甲", "①|甲|"},
    {"CB", "a\uFFFCb", "a|\uFFFC|b|"},
    {"XX unassigned", "a\u0378b", "a\u0378b|"},
    {"IN", "中……", "中……|"},
    {"HL", "שלום עולם", "שלום |עולם|"},
    {"SY", "and/or 1/2", "and/|or |1/2|"},
    {"BK", "a\u2028b", "a\u2028|b|"},
    /* LF is a forced break (a BREAK node) before ICU sees the text; CR and
     * the other controls become spaces; NL (U+0085) is ICU's mandatory break */
    {"LF", "中\n文", "中|文|"},
    {"CR", "a\rb", "a |b|"},
    {"NL", "a\xC2\x85" "b", "a\xC2\x85|b|"},
    {"PR before an ideograph", "$中", "$中|"},
    {"ID before PO", "中%文", "中%|文|"},
    /* a surrogate cannot be encoded in UTF-8: its three bytes are
     * ill-formed and each becomes U+FFFD (AI, resolved as AL) */
    {"SG", "a\xED\xA0\x80" "b", "a\uFFFD\uFFFD\uFFFDb|"},
    {"variation selector (CM)", "\u845B\U000E0100\u845B", "\u845B\U000E0100|\u845B|"},
};

/* The text of t with `|` after each character a line may break after. */
static char *marked(const gk_text *t)
{
    static char buf[1024];
    size_t k = 0;
    for (size_t i = 0; i < t->n && k + 8 < sizeof buf; i++) {
        memcpy(buf + k, t->utf8 + t->ch[i].off, t->ch[i].len);
        k += t->ch[i].len;
        if (t->ch[i].flags & GK_TC_BREAK) buf[k++] = '|';
    }
    buf[k] = '\0';
    return buf;
}

static void test_every_line_break_class(void **state)
{
    (void)state;
    int wrong = 0;
    for (size_t i = 0; i < sizeof uax14_cases / sizeof uax14_cases[0]; i++) {
        gk_text t;
        gk_metrics m = gk_metrics_fixed();
        gk_text_init(&t, GK_ROLE_BODY, 10, 0, false);
        assert_true(gk_text_add(&t, &m, uax14_cases[i].text, strlen(uax14_cases[i].text), false));
        gk_text_prepare(&t);
        assert_false(t.oom);
        const char *got = marked(&t);
        if (strcmp(got, uax14_cases[i].expect) != 0) {
            print_error("%s: \"%s\" breaks as \"%s\", expected \"%s\"\n", uax14_cases[i].cls,
                        uax14_cases[i].text, got, uax14_cases[i].expect);
            wrong++;
        }
        gk_text_free(&t);
    }
    assert_int_equal(wrong, 0);
}

/* The breaks are remembered per process (issue 16): a text met again takes
 * them from memory, and they are the ones ICU and our rules give it anew;
 * a forced break is part of what is remembered. */
static void test_breaks_remembered(void **state)
{
    (void)state;
    gk_metrics m = gk_metrics_fixed();
    int wrong = 0;
    for (size_t i = 0; i < sizeof uax14_cases / sizeof uax14_cases[0]; i++) {
        gk_text fresh, again;
        gk_text_memo_clear();
        size_t hits = gk_text_memo_hits();
        gk_text_init(&fresh, GK_ROLE_BODY, 10, 0, false);
        assert_true(gk_text_add(&fresh, &m, uax14_cases[i].text, strlen(uax14_cases[i].text), false));
        gk_text_prepare(&fresh);
        assert_int_equal(gk_text_memo_hits(), hits); /* a miss */
        gk_text_init(&again, GK_ROLE_TABLE, 12, 12, true); /* another role, size and grid: the same breaks */
        assert_true(gk_text_add(&again, &m, uax14_cases[i].text, strlen(uax14_cases[i].text), false));
        gk_text_prepare(&again);
        assert_int_equal(gk_text_memo_hits(), hits + 1); /* a hit */
        assert_int_equal(fresh.n, again.n);
        for (size_t k = 0; k < fresh.n; k++) {
            uint8_t mask = GK_TC_BREAK | GK_TC_STRETCH;
            if ((fresh.ch[k].flags & mask) != (again.ch[k].flags & mask)) {
                print_error("%s: character %zu of \"%s\" differs from memory\n", uax14_cases[i].cls, k,
                            uax14_cases[i].text);
                wrong++;
            }
        }
        gk_text_free(&fresh);
        gk_text_free(&again);
    }
    assert_int_equal(wrong, 0);
    /* "ab" and "a" BREAK "b": the same characters, not the same text */
    gk_text_memo_clear();
    gk_text *plain = text_of("ab", 0), *forced = text_of("a\nb", 0);
    assert_int_equal(plain->n, forced->n);
    assert_string_equal(marked(plain), "ab|");
    assert_string_equal(marked(forced), "a|b|");
    /* a text met after the memory was cleared is prepared anew */
    size_t hits = gk_text_memo_hits();
    gk_text_memo_clear();
    assert_string_equal(marked(text_of("a\nb", 0)), "a|b|");
    assert_int_equal(gk_text_memo_hits(), hits);
    assert_string_equal(marked(text_of("a\nb", 0)), "a|b|");
    assert_int_equal(gk_text_memo_hits(), hits + 1);
}

/* The memory grows with the texts it meets (each found again after many
 * others) and starts anew beyond GK_TEXT_MEMO_CHARS characters. */
static void test_breaks_memory_bounded(void **state)
{
    (void)state;
    gk_metrics m = gk_metrics_fixed();
    gk_text_memo_clear();
    enum { N = 5000 };
    char s[64];
    for (int round = 0; round < 2; round++) {
        size_t hits = gk_text_memo_hits();
        for (int i = 0; i < N; i++) {
            gk_text t;
            gk_text_init(&t, GK_ROLE_BODY, 10, 0, false);
            int len = snprintf(s, sizeof s, "第%d项（%d万元）", i, i * 7);
            assert_true(gk_text_add(&t, &m, s, (size_t)len, false));
            gk_text_prepare(&t);
            assert_false(t.oom);
            assert_int_equal(t.ch[t.n - 1].flags & GK_TC_BREAK, GK_TC_BREAK);
            gk_text_free(&t);
        }
        /* all new the first time, all remembered the second */
        assert_int_equal(gk_text_memo_hits() - hits, round ? N : 0);
    }
    /* a text, then more characters than the bound: it is prepared anew */
    gk_text_memo_clear();
    assert_string_equal(marked(text_of("甲乙", 0)), "甲|乙|");
    char *big = gk_test_keep(malloc(3000 + 1));
    for (size_t filled = 0; filled <= GK_TEXT_MEMO_CHARS; filled += 1000) {
        gk_text t;
        gk_text_init(&t, GK_ROLE_BODY, 10, 0, false);
        int len = snprintf(big, 3001, "%zu", filled);
        memset(big + len, 'a', (size_t)(1000 - len));
        assert_true(gk_text_add(&t, &m, big, 1000, false));
        gk_text_prepare(&t);
        gk_text_free(&t);
    }
    size_t hits = gk_text_memo_hits();
    assert_string_equal(marked(text_of("甲乙", 0)), "甲|乙|");
    assert_int_equal(gk_text_memo_hits(), hits);
}

/* Figures and comparisons never break inside (issue 12): after a relation
 * sign, inside a number, between a number and its unit (and inside the
 * unit), inside a date; text around them still breaks. */
static void test_figures_stay_whole(void **state)
{
    (void)state;
    static const struct {
        const char *text, *expect;
    } cases[] = {
        {"≥95%", "≥95%|"},
        {"≥300人", "≥300人|"},
        {"＞300人次", "＞300人次|"},
        {"≤85.36万元以内", "≤85.36万元|以|内|"},
        {"1095.70", "1095.70|"},
        {"截止时间：2019年12月31日", "截|止|时|间：|2019年12月31日|"},
        {"2000平方米", "2000平方米|"},
        {"共3个项目", "共|3个|项|目|"},
        {"年月日", "年|月|日|"},
    };
    int wrong = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gk_text t;
        gk_metrics m = gk_metrics_fixed();
        gk_text_init(&t, GK_ROLE_BODY, 10, 0, false);
        assert_true(gk_text_add(&t, &m, cases[i].text, strlen(cases[i].text), false));
        gk_text_prepare(&t);
        const char *got = marked(&t);
        if (strcmp(got, cases[i].expect) != 0) {
            print_error("\"%s\" breaks as \"%s\", expected \"%s\"\n", cases[i].text, got, cases[i].expect);
            wrong++;
        }
        gk_text_free(&t);
    }
    assert_int_equal(wrong, 0);
}

static void test_justification(void **state)
{
    (void)state;
    /* 9.5 em of text on a 10 em line: the half em is shared by the gaps
     * beside wide characters, none inside the number */
    gk_text *t = text_of("一二三四五六七八123一二三四五六七八", 0);
    assert_true(gk_text_break(t, 100, 0, GK_ALIGN_JUSTIFY));
    assert_string_equal(line_str(t, 0), "一二三四五六七八123");
    const gk_tline *l = &t->lines[0];
    size_t last = l->to - 1;
    assert_true(fabs(gk_text_x(t, 0, last) + t->ch[last].w - 100) < 0.01);
    /* digits keep their natural spacing */
    for (size_t i = 8; i + 1 < l->to; i++)
        assert_true(fabs(gk_text_x(t, 0, i + 1) - gk_text_x(t, 0, i) - 5) < 0.001);
    /* the eight gaps beside wide characters share the 5 pt equally */
    for (size_t i = 0; i < 8; i++)
        assert_true(fabs(gk_text_x(t, 0, i + 1) - gk_text_x(t, 0, i) - 10.625) < 0.001);
    /* the last line is not stretched */
    assert_true(t->lines[t->nlines - 1].gap == 0);
    /* a comma cannot start the next line, so the number goes down with it */
    gk_text *u = text_of("一二三四五六七八2020，一二三四五六七八", 0);
    assert_true(gk_text_break(u, 100, 0, GK_ALIGN_JUSTIFY));
    assert_string_equal(line_str(u, 0), "一二三四五六七八");
    assert_true(starts_with(line_str(u, 1), "2020，"));
}

static void test_indent_grid_and_alignment(void **state)
{
    (void)state;
    /* on a 9 pt grid, 10 pt wide characters take 9 pt: 11 fit in 100 */
    gk_text *t = text_of("一二三四五六七八九十一二三四五六七八九十一二三四五", 9);
    assert_true(gk_text_break(t, 100, 18, GK_ALIGN_JUSTIFY));
    assert_true(fabs(t->lines[0].x - 18) < 0.001);
    assert_int_equal(t->lines[0].to - t->lines[0].from, 9);
    assert_int_equal(t->lines[1].to - t->lines[1].from, 11);
    assert_true(fabs(t->lines[1].x) < 0.001);
    /* forced breaks end lines that are not stretched */
    gk_text *u = text_of("一二三\n四五六七八九十一二三四五六七八", 0);
    assert_true(gk_text_break(u, 100, 0, GK_ALIGN_JUSTIFY));
    assert_string_equal(line_str(u, 0), "一二三");
    assert_true(u->lines[0].gap == 0);
    /* centred and right-aligned lines */
    gk_text *v = text_of("一二三四", 0);
    assert_true(gk_text_break(v, 100, 0, GK_ALIGN_CENTER));
    assert_true(fabs(v->lines[0].x - 30) < 0.001);
    assert_true(gk_text_break(v, 100, 0, GK_ALIGN_RIGHT));
    assert_true(fabs(v->lines[0].x - 60) < 0.001);
}

static void test_balanced_title(void **state)
{
    (void)state;
    /* 24 characters on a 20-character line: two lines of 12, not 20 + 4 */
    gk_text *t = text_of("一二三四五六七八九十一二三四五六七八九十一二三四", 0);
    assert_true(gk_text_break_balanced(t, 200, GK_ALIGN_CENTER));
    assert_int_equal(t->nlines, 2);
    assert_int_equal(t->lines[0].to - t->lines[0].from, 12);
    assert_int_equal(t->lines[1].to - t->lines[1].from, 12);
    assert_true(fabs(t->lines[0].x - 40) < 0.001); /* centred in the full width */
}

/* ---- documents --------------------------------------------------------------- */

static gk_tree *new_tree(void)
{
    gk_tree *t = gk_test_keep(malloc(sizeof *t));
    assert_true(gk_tree_init(t));
    assert_true(ntrees < 16);
    made_trees[ntrees++] = t;
    return t;
}

static gk_node *add(gk_tree *t, gk_node *parent, gk_node_type type)
{
    gk_node *n = gk_node_new(t, type);
    assert_non_null(n);
    gk_node_append(parent, n);
    return n;
}

static gk_node *para(gk_tree *t, gk_node *parent, const char *s)
{
    gk_node *p = add(t, parent, GK_NODE_PARAGRAPH);
    p->as.para.align = GK_ALIGN_JUSTIFY;
    p->as.para.indent = true;
    assert_true(gk_node_add_text(t, p, s, strlen(s), false));
    return p;
}

typedef struct tcell { const char *text; int rowspan, colspan; } tcell;

/* A table of `rows` × `cols` from a grid of cells ("^" covered from above,
 * "<" from the left), the first `header` rows being header rows. */
static gk_node *table(gk_tree *t, gk_node *parent, int rows, int cols, int header, const char *const *grid)
{
    gk_node *tb = add(t, parent, GK_NODE_TABLE);
    tb->as.table.cols = cols;
    tb->as.table.header_rows = header;
    for (int c = 0; c < cols; c++) tb->as.table.widths[c] = 1;
    gk_node *owners[64][8];
    for (int r = 0; r < rows; r++) {
        gk_node *row = add(t, tb, GK_NODE_ROW);
        row->as.row.header = r < header;
        for (int c = 0; c < cols; c++) {
            const char *s = grid[r * cols + c];
            gk_node *cell = add(t, row, GK_NODE_CELL);
            cell->as.cell.rowspan = cell->as.cell.colspan = 1;
            cell->as.cell.align = GK_ALIGN_LEFT;
            if (r < 64) owners[r][c] = cell;
            if (strcmp(s, "^") == 0 || strcmp(s, "<") == 0) {
                gk_node *o = s[0] == '^' ? owners[r - 1][c] : owners[r][c - 1];
                cell->as.cell.covered = true;
                cell->as.cell.from_left = s[0] == '<';
                if (r < 64) owners[r][c] = o;
                if (s[0] == '^' && (c == 0 || owners[r][c - 1] != o)) o->as.cell.rowspan++;
                if (s[0] == '<' && (r == 0 || owners[r - 1][c] != o)) o->as.cell.colspan++;
                continue;
            }
            if (strncmp(s, "fig:", 4) == 0) { /* "fig:1.00": a figure, an amount of that many places */
                gk_node *p = add(t, cell, GK_NODE_PARAGRAPH);
                p->as.para.align = GK_ALIGN_LEFT;
                const char *dot = strchr(s, '.');
                gk_figure f = {gk_dec_zero(), GK_FIG_AMOUNT, dot ? (int)strlen(dot + 1) : 0};
                assert_int_equal(gk_dec_parse(s + 4, strlen(s + 4), &f.value), GK_DEC_OK);
                assert_true(gk_node_add_figure(t, p, &f, false));
            } else if (*s) {
                gk_node *p = add(t, cell, GK_NODE_PARAGRAPH);
                p->as.para.align = GK_ALIGN_LEFT;
                assert_true(gk_node_add_text(t, p, s, strlen(s), false));
            }
        }
    }
    return tb;
}

static gk_layout *lay_out(gk_tree *tree)
{
    assert_null(gk_tree_check(tree));
    gk_layout *l = gk_test_keep(malloc(sizeof *l));
    gk_metrics m = gk_metrics_fixed();
    gk_page_geom g;
    gk_page_geom_gbt9704(&g);
    assert_true(nlayouts < 16);
    made_layouts[nlayouts++] = l;
    assert_int_equal(gk_layout_document(tree, fontset(), &m, &g, l), GK_OK);
    return l;
}

/* Everything drawn as text (not page furniture), in drawing order, without
 * spaces. Owned by the running test. */
static char *layout_text(const gk_layout *l, size_t page_from, size_t page_to)
{
    size_t cap = 1024, n = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    for (size_t p = page_from; p < page_to && p < l->npages; p++)
        for (size_t k = 0; k < l->pages[p].nruns; k++) {
            const gk_lrun *r = &l->pages[p].runs[k];
            if (r->artifact) continue;
            if (n + r->len + 1 > cap) {
                while (n + r->len + 1 > cap) cap *= 2;
                s = realloc(s, cap);
                assert_non_null(s);
            }
            for (size_t i = 0; i < r->len; i++)
                if (r->text[i] != ' ') s[n++] = r->text[i];
        }
    s[n] = '\0';
    return gk_test_keep(s);
}

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + strlen(needle), needle)) n++;
    return n;
}

/* Every run and rule lies within its page's text block (page numbers below it). */
static void expect_inside_block(const gk_layout *l)
{
    gk_page_geom g;
    gk_page_geom_gbt9704(&g);
    for (size_t p = 0; p < l->npages; p++) {
        const gk_lpage *pg = &l->pages[p];
        double x0 = pg->landscape ? g.height - g.top - g.block_h : g.left;
        double w = pg->landscape ? g.block_h : g.block_w, h = pg->landscape ? g.block_w : g.block_h;
        double top = pg->height - (pg->landscape ? g.left : g.top), bottom = top - h;
        for (size_t k = 0; k < pg->nruns; k++) {
            const gk_lrun *r = &pg->runs[k];
            if (r->artifact) continue;
            assert_true(r->x >= x0 - 0.01 && r->x <= x0 + w + 0.01);
            assert_true(r->y <= top + 0.01 && r->y >= bottom - 0.01);
        }
        for (size_t k = 0; k < pg->nrules; k++) {
            const gk_lrule *r = &pg->rules[k];
            assert_true(r->y0 <= top + 0.01 && r->y0 >= bottom - 0.01);
            assert_true(r->y1 <= top + 0.01 && r->y1 >= bottom - 0.01);
            assert_true(r->x0 >= x0 - 0.01 && r->x1 <= x0 + w + 0.01);
        }
    }
}

/* No two rules of a page overlap (each border is drawn once). */
static void expect_rules_once(const gk_layout *l)
{
    for (size_t p = 0; p < l->npages; p++) {
        const gk_lpage *pg = &l->pages[p];
        for (size_t a = 0; a < pg->nrules; a++)
            for (size_t b = a + 1; b < pg->nrules; b++) {
                const gk_lrule *r = &pg->rules[a], *q = &pg->rules[b];
                bool horiz = fabs(r->y0 - r->y1) < 0.001, qh = fabs(q->y0 - q->y1) < 0.001;
                if (horiz != qh) continue;
                if (horiz && fabs(r->y0 - q->y0) < 0.001) {
                    double lo = fmax(fmin(r->x0, r->x1), fmin(q->x0, q->x1));
                    double hi = fmin(fmax(r->x0, r->x1), fmax(q->x0, q->x1));
                    assert_true(hi - lo < 0.001);
                } else if (!horiz && fabs(r->x0 - q->x0) < 0.001) {
                    double lo = fmax(fmin(r->y0, r->y1), fmin(q->y0, q->y1));
                    double hi = fmin(fmax(r->y0, r->y1), fmax(q->y0, q->y1));
                    assert_true(hi - lo < 0.001);
                }
            }
    }
}

static void test_long_paragraph(void **state)
{
    (void)state;
    gk_tree *tree = new_tree();
    /* 20 000 characters: 26 on the indented first line, 28 on the others,
     * 715 lines, 22 a page: 33 pages */
    size_t n = 20000;
    char *s = gk_test_keep(malloc(n * 3 + 1));
    for (size_t i = 0; i < n; i++) memcpy(s + 3 * i, i % 50 == 49 ? "，" : "文", 3);
    s[n * 3] = '\0';
    para(tree, tree->root, s);
    gk_layout *l = lay_out(tree);
    assert_int_equal(l->npages, 33);
    char *text = layout_text(l, 0, l->npages);
    assert_string_equal(text, s);
    expect_inside_block(l);
    /* page numbers, odd right and even left */
    assert_true(l->pages[0].runs[l->pages[0].nruns - 1].artifact);
    assert_true(l->pages[0].runs[l->pages[0].nruns - 1].x > l->pages[1].runs[l->pages[1].nruns - 1].x);
}

static void test_big_table(void **state)
{
    (void)state;
    gk_tree *tree = new_tree();
    int rows = 301, cols = 3;
    const char **grid = gk_test_keep(calloc((size_t)(rows * cols), sizeof *grid));
    char *cells = gk_test_keep(malloc((size_t)rows * 3 * 32));
    grid[0] = "项目";
    grid[1] = "金额";
    grid[2] = "说明";
    for (int r = 1; r < rows; r++) {
        char *c0 = cells + (size_t)r * 96;
        snprintf(c0, 32, "第%d项", r);
        snprintf(c0 + 32, 32, "%d.%02d", r * 7, r % 100);
        snprintf(c0 + 64, 32, "说明%d", r);
        grid[r * cols] = c0;
        grid[r * cols + 1] = c0 + 32;
        grid[r * cols + 2] = c0 + 64;
    }
    table(tree, tree->root, rows, cols, 1, grid);
    gk_layout *l = lay_out(tree);
    /* one-line rows of 12 pt text: 15.6 + 5 pt each, 30 a page */
    double row = 12 * 1.3 + 5, block = GK_MM(225);
    int per_page = (int)floor((block - row) / row);
    int want = (300 + per_page - 1) / per_page;
    assert_int_equal((int)l->npages, want);
    char *text = layout_text(l, 0, l->npages);
    for (int r = 1; r < rows; r++) {
        char needle[64];
        snprintf(needle, sizeof needle, "第%d项%d.%02d说明%d", r, r * 7, r % 100, r);
        assert_int_equal(count(text, needle), 1);
    }
    assert_int_equal(count(text, "项目金额说明"), 1); /* the header as text once */
    /* and drawn at the top of every page */
    for (size_t p = 1; p < l->npages; p++) {
        const gk_lpage *pg = &l->pages[p];
        assert_true(pg->nruns > 3 && pg->runs[0].artifact);
        assert_string_equal(pg->runs[0].text, "项目");
    }
    expect_inside_block(l);
    expect_rules_once(l);
}

static void test_merged_cells(void **state)
{
    (void)state;
    gk_tree *tree = new_tree();
    static const char *const grid[] = {
        "一级指标", "二级指标", "指标值", "<",
        "^",        "^",        "符号",   "值",
        "产出指标", "数量指标", "≥",      "10",
        "^",        "质量指标", "=",      "100%",
        "^",        "时效指标", "≤",      "12",
        "效益指标", "社会效益", "提升",   "<",
    };
    table(tree, tree->root, 6, 4, 2, grid);
    gk_layout *l = lay_out(tree);
    assert_int_equal(l->npages, 1);
    char *text = layout_text(l, 0, 1);
    /* each merged cell's text once, in reading order */
    assert_int_equal(count(text, "产出指标"), 1);
    assert_int_equal(count(text, "指标值"), 1);
    assert_non_null(strstr(text, "一级指标二级指标指标值符号值产出指标数量指标≥10质量指标=100%"));
    expect_rules_once(l);
    /* the merged 产出指标 is centred across its three rows: it sits below
     * the top of 数量指标 */
    const gk_lpage *pg = &l->pages[0];
    double y_merged = 0, y_qty = 0;
    for (size_t k = 0; k < pg->nruns; k++) {
        if (strcmp(pg->runs[k].text, "产出指标") == 0) y_merged = pg->runs[k].y;
        if (strcmp(pg->runs[k].text, "质量指标") == 0) y_qty = pg->runs[k].y;
    }
    assert_true(fabs(y_merged - y_qty) < 1);
    /* no horizontal rule crosses the merged cell between its rows */
    double x_first = l->pages[0].rules[0].x0;
    for (size_t k = 0; k < pg->nrules; k++) {
        const gk_lrule *r = &pg->rules[k];
        if (fabs(r->y0 - r->y1) > 0.001) continue;
        if (fabs(r->y0 - (y_merged + 8)) < 5 && r->x0 <= x_first + 0.01 && r->x1 > x_first + 1) {
            /* a rule at the merged cell's height starting at the left edge is its top or bottom */
            assert_true(fabs(r->y0 - y_merged) > 10);
        }
    }
}

static void test_row_taller_than_a_page(void **state)
{
    (void)state;
    gk_tree *tree = new_tree();
    size_t n = 3000;
    char *s = gk_test_keep(malloc(n * 3 + 1));
    for (size_t i = 0; i < n; i++) memcpy(s + 3 * i, "表", 3);
    s[n * 3] = '\0';
    const char *grid[] = {"名称", "内容", "长", s, "短", "末行"};
    para(tree, tree->root, "前文。");
    table(tree, tree->root, 3, 2, 1, grid);
    gk_layout *l = lay_out(tree);
    assert_true(l->npages >= 3);
    char *text = layout_text(l, 0, l->npages);
    assert_int_equal(count(text, "表"), n);
    assert_non_null(strstr(text, "短末行"));
    expect_inside_block(l);
    expect_rules_once(l);
    /* the header repeats on the pages the row continues on */
    for (size_t p = 1; p < l->npages; p++) {
        bool repeated = false;
        for (size_t k = 0; k < l->pages[p].nruns; k++)
            if (l->pages[p].runs[k].artifact && strcmp(l->pages[p].runs[k].text, "名称") == 0) repeated = true;
        assert_true(repeated);
    }
}

static void test_heading_kept_with_next(void **state)
{
    (void)state;
    gk_tree *tree = new_tree();
    /* 21 one-line paragraphs, then a heading on line 22 and a paragraph:
     * the heading goes to page 2 with its paragraph */
    for (int i = 0; i < 21; i++) para(tree, tree->root, "一行。");
    gk_node *h = add(tree, tree->root, GK_NODE_HEADING);
    h->as.heading.level = 1;
    h->as.heading.numbering = GK_NUM_CN_COMMA;
    h->as.heading.number = 1;
    assert_true(gk_node_add_text(tree, h, "标题", 6, false));
    para(tree, tree->root, "标题后的段落。");
    gk_layout *l = lay_out(tree);
    assert_int_equal(l->npages, 2);
    char *p2 = layout_text(l, 1, 2);
    assert_true(starts_with(p2, "一、标题"));
    assert_int_equal(l->nmarks, 1);
    assert_int_equal(l->marks[0].page, 1);
    assert_string_equal(l->marks[0].title, "一、标题");
}

/* Issue 12: tables of one kind (same columns and hints) share one grid,
 * made from the content of all of them: the second table, whose own text
 * is short, gets the column the first one's figure needs, and the figure
 * (with its sign and unit) is on one line. A table of other hints keeps
 * its own grid. */
static void test_one_grid_per_kind(void **state)
{
    (void)state;
    gk_tree *tree = new_tree();
    static const char *const a[] = {"指标", "指标值", "数量", "≤85.36万元", "质量", "≥95%"};
    static const char *const b[] = {"指标", "指标值", "数量", "1", "质量", "2"};
    gk_node *ta = table(tree, tree->root, 3, 2, 1, a);
    para(tree, tree->root, "段落。");
    gk_node *tb = table(tree, tree->root, 3, 2, 1, b);
    para(tree, tree->root, "段落。");
    gk_node *tc = table(tree, tree->root, 3, 2, 1, b);
    tc->as.table.widths[0] = 5; /* another kind */
    gk_layout *l = lay_out(tree);
    const gk_ltable *sa = NULL, *sb = NULL, *sc = NULL;
    for (size_t k = 0; k < l->ntables; k++) {
        if (l->tables[k].node == ta) sa = &l->tables[k];
        if (l->tables[k].node == tb) sb = &l->tables[k];
        if (l->tables[k].node == tc) sc = &l->tables[k];
    }
    assert_non_null(sa);
    assert_non_null(sb);
    assert_non_null(sc);
    for (int c = 0; c <= 2; c++) assert_true(fabs(sa->x[c] - sb->x[c]) < 0.001);
    assert_true(fabs(sa->x[1] - sc->x[1]) > 1);
    /* ≤85.36万元: 1 + 5 half-width + 2 wide characters of 12 pt (fixed metrics) on one line */
    assert_true(sa->x[2] - sa->x[1] >= (0.5 * 6 + 2) * 12);
    char *text = layout_text(l, 0, 1);
    assert_non_null(strstr(text, "≤85.36万元"));
}

/* Issue 12: rows held together by a merged cell break between rows rather
 * than move whole when that would leave more than a fifth of the page
 * empty; the merged cell goes on under the repeated header. */
static void test_merged_rows_break_before_leaving_a_fifth_empty(void **state)
{
    (void)state;
    gk_tree *tree = new_tree();
    for (int i = 0; i < 16; i++) para(tree, tree->root, "一行。");
    static const char *grid[20];
    grid[0] = "一级指标";
    grid[1] = "三级指标";
    for (int r = 1; r < 10; r++) {
        grid[2 * r] = r == 1 ? "产出指标" : "^";
        grid[2 * r + 1] = "指标";
    }
    gk_node *t = table(tree, tree->root, 10, 2, 1, grid);
    gk_layout *l = lay_out(tree);
    assert_int_equal(l->npages, 2);
    const gk_ltable *first = NULL, *second = NULL;
    for (size_t k = 0; k < l->ntables; k++) {
        if (l->tables[k].node != t) continue;
        if (!first) first = &l->tables[k];
        else second = &l->tables[k];
    }
    assert_non_null(first);
    assert_non_null(second);
    assert_int_equal(first->page, 0); /* the table starts on the page of the text */
    assert_true(first->last_row >= 2); /* with its header and two body rows at least */
    assert_int_equal(second->page, 1);
    assert_true(second->repeated);
}

/* Issue 12: one alignment for a column's values: a column of figures (and
 * dashes) is flush right, one that mixes figures and words (≥95%, 100%)
 * keeps its values left together. */
static void test_one_alignment_per_column(void **state)
{
    (void)state;
    gk_tree *tree = new_tree();
    static const char *const grid[] = {"指标值", "金额", "≥95%", "fig:1.00", "100%", "——", "有效", "fig:12.50"};
    gk_node *t = table(tree, tree->root, 4, 2, 1, grid);
    assert_int_equal(gk_layout_figure_columns(t), 2u); /* the second column only */
    gk_layout *l = lay_out(tree);
    const gk_lpage *pg = &l->pages[0];
    double x95 = -1, x100 = -1, r1 = -1, r12 = -1;
    for (size_t k = 0; k < pg->nruns; k++) {
        const gk_lrun *r = &pg->runs[k];
        if (strcmp(r->text, "≥95%") == 0) x95 = r->x;
        if (strcmp(r->text, "100%") == 0) x100 = r->x;
        if (strcmp(r->text, "1.00") == 0) r1 = r->x + 4 * 0.5 * r->size;   /* right ends, fixed metrics */
        if (strcmp(r->text, "12.50") == 0) r12 = r->x + 5 * 0.5 * r->size;
    }
    assert_true(x95 >= 0 && fabs(x95 - x100) < 0.01); /* both left */
    assert_true(r1 >= 0 && fabs(r1 - r12) < 0.01);     /* both flush right */
}

/* Issue 12: a note after a table stays on the table's page. */
static void test_note_stays_with_its_table(void **state)
{
    (void)state;
    gk_tree *tree = new_tree();
    for (int i = 0; i < 19; i++) para(tree, tree->root, "一行。");
    static const char *const grid[] = {"项目", "金额", "甲", "1.00", "乙", "2.00"};
    table(tree, tree->root, 3, 2, 1, grid);
    gk_node *note = para(tree, tree->root, "注：本表为示例。");
    note->as.para.indent = false;
    gk_layout *l = lay_out(tree);
    /* the table (three rows) fits after the 19 lines; the note does not, so
     * the table's last row goes with it (and the table, which may not leave
     * its header and first row alone): the note is on the page of 乙 */
    char *p1 = layout_text(l, 0, 1);
    bool note_on_1 = strstr(p1, "注：本表为示例。") != NULL;
    bool last_on_1 = strstr(p1, "乙2.00") != NULL;
    assert_false(note_on_1);
    assert_true(note_on_1 == last_on_1);
}

/* The x of the first text run on page 0 that starts with `prefix`. */
static double run_x(const gk_layout *l, const char *prefix)
{
    for (size_t k = 0; k < l->pages[0].nruns; k++) {
        const gk_lrun *r = &l->pages[0].runs[k];
        if (!r->artifact && r->len >= strlen(prefix) && memcmp(r->text, prefix, strlen(prefix)) == 0) return r->x;
    }
    fail_msg("no run starts with %s", prefix);
    return 0;
}

/* Issue 12: a note under a table (`<<`, no indent of its own) is body text
 * with the two-character indent, after the table and after a paragraph
 * that follows the table; a `<<` line that does not follow a table (附件1,
 * a label after a heading) keeps no indent. */
static void test_note_after_table_indented(void **state)
{
    (void)state;
    gk_tree *tree = new_tree();
    gk_node *plain = para(tree, tree->root, "附件1");
    plain->as.para.indent = false;
    plain->as.para.align = GK_ALIGN_LEFT;
    static const char *const grid[] = {"项目", "金额", "甲", "1.00"};
    table(tree, tree->root, 2, 2, 1, grid);
    gk_node *note = para(tree, tree->root, "注：本表为示例。");
    note->as.para.indent = false;
    note->as.para.align = GK_ALIGN_LEFT;
    para(tree, tree->root, "无此项公开内容。");
    gk_node *second = para(tree, tree->root, "说明：第二条。");
    second->as.para.indent = false;
    second->as.para.align = GK_ALIGN_LEFT;
    gk_node *h = add(tree, tree->root, GK_NODE_HEADING);
    h->as.heading.level = 1;
    assert_true(gk_node_add_text(tree, h, "标题", 6, false));
    gk_node *label = para(tree, tree->root, "机构设置：");
    label->as.para.indent = false;
    label->as.para.align = GK_ALIGN_LEFT;
    gk_layout *l = lay_out(tree);
    double left = run_x(l, "附件1");
    assert_true(run_x(l, "注") - left > 20);   /* two characters: 32 pt on the body grid */
    assert_true(run_x(l, "说明") - left > 20); /* back to the table across a paragraph */
    assert_true(fabs(run_x(l, "机构设置") - left) < 0.01);
}

/* Issue 12: a heading of two lines is balanced as a caption is. "一、" and
 * 26 characters fill the first line (26 after the indent) and would leave
 * two alone on the second; balanced, neither line holds fewer than ten. */
static void test_heading_balanced(void **state)
{
    (void)state;
    gk_tree *tree = new_tree();
    gk_node *h = add(tree, tree->root, GK_NODE_HEADING);
    h->as.heading.level = 1;
    h->as.heading.numbering = GK_NUM_CN_COMMA;
    h->as.heading.number = 1;
    const char *s = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥东南西北";
    assert_true(gk_node_add_text(tree, h, s, strlen(s), false));
    gk_layout *l = lay_out(tree);
    double ys[8];
    size_t chars[8] = {0}, nl = 0;
    for (size_t k = 0; k < l->pages[0].nruns; k++) {
        const gk_lrun *r = &l->pages[0].runs[k];
        if (r->artifact) continue;
        size_t i = 0;
        while (i < nl && fabs(ys[i] - r->y) > 0.5) i++;
        if (i == nl) {
            assert_true(nl < 8);
            ys[nl++] = r->y;
        }
        for (size_t b = 0; b < r->len; b++) chars[i] += ((unsigned char)r->text[b] & 0xC0) != 0x80;
    }
    assert_int_equal(nl, 2);
    assert_true(chars[0] >= 10 && chars[1] >= 10);
    assert_int_equal(chars[0] + chars[1], 28);
}

static void test_no_lone_last_line(void **state)
{
    (void)state;
    gk_tree *tree = new_tree();
    /* 20 one-line paragraphs and a three-line one: its last line would be
     * alone on page 2, so two lines go there */
    for (int i = 0; i < 20; i++) para(tree, tree->root, "一行。");
    char s[256] = "";
    for (int i = 0; i < 60; i++) strcat(s, "字");
    para(tree, tree->root, s);
    gk_layout *l = lay_out(tree);
    assert_int_equal(l->npages, 2);
    char *p2 = layout_text(l, 1, 2);
    assert_true(strlen(p2) > 30 * 3);
}

static void test_missing_characters(void **state)
{
    (void)state;
    gk_tree *tree = new_tree();
    para(tree, tree->root, "姓名\xF0\xA0\x80\x80字和\xEE\x80\x80。");
    gk_layout *l = lay_out(tree);
    assert_int_equal(l->nmissing, 2);
    assert_int_equal(l->missing[0].cp, 0x20000);
    assert_int_equal(l->missing[0].page, 1);
    assert_non_null(strstr(l->missing[0].context, "姓名"));
    char *text = layout_text(l, 0, 1);
    assert_non_null(strstr(text, "\xF0\xA0\x80\x80")); /* still drawn (as .notdef), still text */
}

static void test_wide_justification_gaps(void **state)
{
    (void)state;
    /* two characters, then a word too long for the rest of the line: the
     * first line is stretched over one wide gap, which no run's spacing
     * carries (PDF readers cap it) */
    gk_tree *tree = new_tree();
    gk_node *p = para(tree, tree->root, "一二abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz。");
    p->as.para.indent = false;
    gk_layout *l = lay_out(tree);
    const gk_lpage *pg = &l->pages[0];
    assert_true(pg->nruns >= 3);
    assert_string_equal(pg->runs[0].text, "一");
    assert_true(pg->runs[1].x > GK_MM(28 + 150));
    for (size_t k = 0; k < pg->nruns; k++) assert_true(fabs(pg->runs[k].spacing) < 200);
    char *text = layout_text(l, 0, 1);
    assert_string_equal(text, "一二abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz。");
}

static void test_landscape_section(void **state)
{
    (void)state;
    gk_tree *tree = new_tree();
    para(tree, tree->root, "竖排。");
    gk_node *sec = add(tree, tree->root, GK_NODE_SECTION);
    sec->as.section.landscape = true;
    static const char *const grid[] = {"甲", "乙", "1", "2"};
    table(tree, sec, 2, 2, 1, grid);
    para(tree, tree->root, "又竖排。");
    gk_layout *l = lay_out(tree);
    assert_int_equal(l->npages, 3);
    assert_false(l->pages[0].landscape);
    assert_true(l->pages[1].landscape);
    assert_true(l->pages[1].width > l->pages[1].height);
    assert_false(l->pages[2].landscape);
    /* the page number on the table's left, turned */
    const gk_lrun *pn = &l->pages[1].runs[l->pages[1].nruns - 1];
    assert_true(pn->artifact && pn->vertical);
    assert_true(pn->x < GK_MM(35));
    expect_inside_block(l);
}

/* Each table is built once (issue 16): the first pass keeps the cells it
 * measured for the flow that places them. Three tables, one of them on a
 * landscape page and two of one kind, each keep their own text, in order,
 * and the columns the DOCX is given (gk_layout_columns, which keeps
 * nothing) are the ones the pages show. */
static void test_tables_built_once(void **state)
{
    (void)state;
    gk_tree *tree = new_tree();
    static const char *const a[] = {"甲表头", "金额", "甲表的第一行", "1.00"};
    static const char *const b[] = {"乙表头", "金额", "乙", "22.00"};
    static const char *const c[] = {"丙表头", "数量", "丙表的一行", "≥95%"};
    para(tree, tree->root, "段落。"); /* the tables' rows are not their flow's first items */
    gk_node *ta = table(tree, tree->root, 2, 2, 1, a);
    para(tree, tree->root, "段落。");
    gk_node *sec = add(tree, tree->root, GK_NODE_SECTION);
    sec->as.section.landscape = true;
    para(tree, sec, "段落。");
    gk_node *tc = table(tree, sec, 2, 2, 1, c);
    para(tree, tree->root, "段落。");
    gk_node *tb = table(tree, tree->root, 2, 2, 1, b);
    gk_layout *l = lay_out(tree);
    char *text = layout_text(l, 0, l->npages);
    const char *pa = strstr(text, "甲表头金额甲表的第一行1.00"), *pc = strstr(text, "丙表头数量丙表的一行≥95%"),
               *pb = strstr(text, "乙表头金额乙22.00");
    assert_non_null(pa);
    assert_non_null(pc);
    assert_non_null(pb);
    assert_true(pa < pc && pc < pb);
    double *cols;
    size_t n;
    gk_metrics m = gk_metrics_fixed();
    gk_page_geom g;
    gk_page_geom_gbt9704(&g);
    assert_int_equal(gk_layout_columns(tree, fontset(), &m, &g, &cols, &n), GK_OK);
    gk_test_keep(cols);
    assert_int_equal(n, 3);
    const gk_node *order[] = {ta, tc, tb};
    for (size_t k = 0; k < 3; k++) {
        const gk_ltable *sl = NULL;
        for (size_t j = 0; j < l->ntables; j++)
            if (l->tables[j].node == order[k]) sl = &l->tables[j];
        assert_non_null(sl);
        for (int i = 0; i < 2; i++) assert_true(fabs(sl->x[i + 1] - sl->x[i] - cols[32 * k + (size_t)i]) < 0.001);
    }
    /* a and b are of one kind; c, set on the landscape block, is not */
    assert_true(fabs(cols[0] - cols[64]) < 0.001);
    assert_true(fabs(cols[32] + cols[33] - (cols[0] + cols[1])) > 100);
}

static void test_column_widths(void **state)
{
    (void)state;
    gk_tree *tree = new_tree();
    static const char *const grid[] = {"名称", "金额", "很长很长很长很长很长很长很长很长很长很长的说明文字", "1.00"};
    gk_node *tb = table(tree, tree->root, 2, 2, 1, grid);
    tb->as.table.widths[0] = 1;
    tb->as.table.widths[1] = 3; /* the hint gives the amounts the room, the content takes it back */
    double w[2];
    gk_metrics m = gk_metrics_fixed();
    gk_layout_table_columns(tb, fontset(), &m, 400, w);
    assert_true(fabs(w[0] + w[1] - 400) < 0.01);
    assert_true(w[0] > 200);
    assert_true(w[1] >= 4 * 6 + 6 - 0.01); /* "1.00" and 金额 still fit on one line */
    /* everything fits: widths follow the content, the rest by the hints */
    static const char *const small[] = {"甲", "乙", "1", "2"};
    gk_node *tb2 = table(tree, tree->root, 2, 2, 1, small);
    gk_layout_table_columns(tb2, fontset(), &m, 400, w);
    assert_true(fabs(w[0] - w[1]) < 0.01);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_no_closing_punctuation_at_line_start),
        TEST(test_no_opening_punctuation_at_line_end),
        TEST(test_numbers_and_words_stay_whole),
        TEST(test_every_line_break_class),
        TEST(test_breaks_remembered),
        TEST(test_breaks_memory_bounded),
        TEST(test_figures_stay_whole),
        TEST(test_justification),
        TEST(test_indent_grid_and_alignment),
        TEST(test_balanced_title),
        TEST(test_long_paragraph),
        TEST(test_big_table),
        TEST(test_merged_cells),
        TEST(test_row_taller_than_a_page),
        TEST(test_heading_kept_with_next),
        TEST(test_no_lone_last_line),
        TEST(test_note_after_table_indented),
        TEST(test_heading_balanced),
        TEST(test_one_grid_per_kind),
        TEST(test_merged_rows_break_before_leaving_a_fifth_empty),
        TEST(test_note_stays_with_its_table),
        TEST(test_one_alignment_per_column),
        TEST(test_missing_characters),
        TEST(test_wide_justification_gaps),
        TEST(test_landscape_section),
        TEST(test_column_widths),
        TEST(test_tables_built_once),
        TEST(test_text_add_room),
        TEST(test_utf8_decode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
