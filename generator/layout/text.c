/* One block's characters: widths from the metrics, break opportunities
 * from UAX #14 with the Chinese rules on top, and greedy line breaking with
 * justification between characters.
 *
 * The break opportunities come from ICU's line break iterator (libicu 72,
 * Unicode 15, locale "zh"), not libunibreak. Debian 12's libunibreak is
 * version 1.1 (Unicode 6): it knows no regional indicators, emoji bases or
 * modifiers, ZWJ sequences or many later assignments, and it *asserts* on a
 * flag (two regional indicators) and on some noncharacters, aborting the
 * renderer in a Release build too. ICU follows the current UAX #14 (LB30a
 * keeps a flag's two indicators together, LB30b an emoji and its modifier,
 * LB8a a ZWJ sequence), never aborts on any code point, and is on every
 * Debian machine already (libxml2 and HarfBuzz depend on it). One iterator
 * is opened per process and reused; ICU works in UTF-16, so the characters
 * are converted and each boundary mapped back to the character before it.
 *
 * The Chinese rules stay ours, on top of ICU's: no line starts with closing
 * and none ends with opening punctuation (GB/T 15834 as the samples need it,
 * which ICU's "normal" CJ rules do not fully give). */
#include "arena.h"
#include "layout.h"
#include "utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <uchar.h>
#include <unicode/ubrk.h>
#include <unicode/utf16.h>

#define EPS 0.01

void gk_text_init(gk_text *t, gk_font_role role, double size, double grid, bool bold)
{
    memset(t, 0, sizeof *t);
    t->role = role;
    t->size = size;
    t->grid = grid;
    t->bold = bold;
}

void gk_text_free(gk_text *t)
{
    free(t->utf8);
    free(t->ch);
    free(t->lines);
    memset(t, 0, sizeof *t);
}

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return true;
    size_t c = *cap ? *cap : 16;
    while (c < need) c *= 2;
    void *q = realloc(*p, c * size);
    if (!q) return false;
    *p = q;
    *cap = c;
    return true;
}

/* Room for `chars` more characters and `bytes` more bytes (and the
 * terminating NUL); false, with oom set, when out of memory. */
static bool room(gk_text *t, size_t chars, size_t bytes)
{
    if (grow((void **)&t->ch, &t->ncap, t->n + chars, sizeof *t->ch) &&
        grow((void **)&t->utf8, &t->cap, t->len + bytes + 1, 1))
        return true;
    t->oom = true;
    return false;
}

/* Appends one character (already decoded) with its bytes, in the room
 * made for it (room() above). */
static void add_char(gk_text *t, const gk_metrics *m, uint32_t cp, const char *bytes, size_t n, bool bold)
{
    gk_tchar *c = &t->ch[t->n++];
    memset(c, 0, sizeof *c);
    c->cp = cp;
    c->off = (uint32_t)t->len;
    c->len = (uint8_t)n;
    memcpy(t->utf8 + t->len, bytes, n);
    t->len += n;
    t->utf8[t->len] = '\0';
    if (cp == 0) return; /* a placeholder for an empty line */
    gk_glyph g = m->glyph(m->ctx, t->role, cp);
    c->font = (int16_t)g.font;
    c->natural = (float)(g.advance * t->size);
    c->w = c->natural;
    if (g.missing) c->flags |= GK_TC_MISSING;
    if (bold || t->bold) c->flags |= GK_TC_BOLD;
    if (cp == ' ' || cp == 0x3000) c->flags |= GK_TC_SPACE;
    if (gk_layout_is_wide(cp)) {
        c->flags |= GK_TC_WIDE;
        if (t->grid > 0 && g.advance > 0.7) c->w = (float)t->grid;
    }
}

bool gk_text_add(gk_text *t, const gk_metrics *m, const char *s, size_t len, bool bold)
{
    /* The room is made once for the whole string, not per character: len
     * bytes give at most len characters (a forced break's empty-line
     * placeholder included) and, but for ill-formed bytes, at most len
     * bytes; an ill-formed byte (three bytes of U+FFFD) makes its own. */
    if (len == 0) return !t->oom;
    if (!room(t, len, len)) return false;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = gk_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (!n) {
            if (!room(t, len - i, 3 + (len - i))) return false;
            add_char(t, m, 0xFFFD, "\xEF\xBF\xBD", 3, bold);
            i++;
            continue;
        }
        if (cp == '\n') gk_text_force_break(t);
        else if (cp < 0x20 || cp == 0x7F) add_char(t, m, ' ', " ", 1, bold);
        else add_char(t, m, cp, s + i, n, bold);
        i += n;
    }
    return !t->oom;
}

void gk_text_force_break(gk_text *t)
{
    /* a break with nothing before it on its line makes an empty line */
    if (t->n == 0 || (t->ch[t->n - 1].flags & GK_TC_FORCED)) {
        static const gk_metrics none = {NULL, NULL};
        if (!room(t, 1, 0)) return;
        add_char(t, &none, 0, "", 0, false);
    }
    t->ch[t->n - 1].flags |= GK_TC_FORCED;
}

/* Closing punctuation: no line starts with it. */
static bool no_start(uint32_t c)
{
    static const uint32_t set[] = {0x21,   0x25,   0x29,   0x2C,   0x2E,   0x3A,   0x3B,   0x3F,   0x5D,
                                   0x7D,   0xB7,   0x2019, 0x201D, 0x2026, 0x2030, 0x3001, 0x3002, 0x3009,
                                   0x300B, 0x300D, 0x300F, 0x3011, 0x3015, 0x3017, 0xFF01, 0xFF05, 0xFF09,
                                   0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF3D, 0xFF5D, 0xFF5E};
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
        if (set[i] == c) return true;
    return false;
}

/* Opening punctuation: no line ends with it. */
static bool no_end(uint32_t c)
{
    static const uint32_t set[] = {0x28,   0x5B,   0x7B,   0x2018, 0x201C, 0x3008, 0x300A, 0x300C, 0x300E,
                                   0x3010, 0x3014, 0x3016, 0xFF08, 0xFF3B, 0xFF5B};
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
        if (set[i] == c) return true;
    return false;
}

/* The process's line break iterator, opened on first use (ICU loads its
 * rules once; opening costs far more than setting a new text). */
static UBreakIterator *line_iter;

static void close_iter(void)
{
    ubrk_close(line_iter);
    line_iter = NULL;
}

static UBreakIterator *iter(void)
{
    if (line_iter) return line_iter;
    UErrorCode e = U_ZERO_ERROR;
    line_iter = ubrk_open(UBRK_LINE, "zh", NULL, 0, &e);
    if (U_FAILURE(e)) {
        ubrk_close(line_iter);
        line_iter = NULL;
        return NULL;
    }
    atexit(close_iter);
    return line_iter;
}

/* brk[i] = 1 where UAX #14 allows a break after character i (a hard break,
 * U+2028 or U+2029, counts as allowed: forced breaks are BREAK nodes). An
 * empty-line placeholder (code point 0) is a zero-width space. False when
 * out of memory or when ICU cannot open its rules. */
static bool uax14(const gk_text *t, char *brk)
{
    UBreakIterator *bi = iter();
    if (!bi || t->n > INT32_MAX / 2) return false;
    UChar *u = malloc(2 * t->n * sizeof *u);
    size_t *at = malloc((2 * t->n + 1) * sizeof *at); /* UTF-16 offset -> character */
    if (!u || !at) {
        free(u);
        free(at);
        return false;
    }
    int32_t k = 0;
    for (size_t i = 0; i < t->n; i++) {
        UChar32 cp = t->ch[i].cp ? (UChar32)t->ch[i].cp : 0x200B;
        at[k] = i;
        if (U_IS_BMP(cp)) u[k++] = (UChar)cp;
        else {
            u[k++] = U16_LEAD(cp);
            at[k] = i;
            u[k++] = U16_TRAIL(cp);
        }
    }
    UErrorCode e = U_ZERO_ERROR;
    ubrk_setText(bi, u, k, &e);
    bool ok = U_SUCCESS(e);
    memset(brk, 0, t->n);
    if (ok)
        for (int32_t p = ubrk_following(bi, 0); p != UBRK_DONE && p > 0; p = ubrk_next(bi))
            brk[at[p - 1]] = 1;
    /* the iterator must not keep a pointer to the freed text */
    ubrk_setText(bi, NULL, 0, &e);
    free(u);
    free(at);
    return ok;
}

/* Figures and comparisons read as one word: ≥95%, ≥300人, 1095.70, ≤85.36万元,
 * 2019年12月31日, a project code. ICU already keeps a number's digits and
 * separators together and ≥ before a number (LB30, AI resolved as AL), but
 * allows a break between a number and an ideographic unit (NU ÷ ID) and
 * after 年 or 月 before the next number; a relation sign of the full-width
 * forms (＞ ＜ ＝) is an ideograph to it. */
static bool is_digit(uint32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }

static bool is_relation(uint32_t c)
{
    return c == 0x2265 || c == 0x2264 || c == 0x2267 || c == 0x2266 || c == 0xFF1E || c == 0xFF1C ||
           c == 0xFF1D || c == '>' || c == '<' || c == '=' || c == 0x2260 || c == 0x00B1;
}

/* The units a number is never parted from; the first matching wins, so
 * longer units come before their prefixes. In UTF-32, as the code points
 * they are compared with: figure_keeps asks after every digit. */
static const char32_t *const units[] = {U"平方米", U"立方米", U"万元", U"亿元", U"人次", U"公里", U"千米", U"%",
                                        U"％",     U"‰",      U"元",   U"人",   U"个",   U"次",   U"卷",   U"页",
                                        U"台",     U"辆",     U"项",   U"户",   U"天",   U"年",   U"月",   U"日",
                                        U"册",     U"件",     U"份",   U"所",   U"家",   U"座",   U"亩",   U"吨",
                                        U"株",     U"米",     U"小时", U"分钟"};

/* The number of characters of a unit starting at character i, or 0. */
static size_t unit_at(const uint32_t *cp, size_t n, size_t i)
{
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        const char32_t *p = units[u];
        size_t k = i;
        while (*p && k < n && cp[k] == *p) {
            p++;
            k++;
        }
        if (!*p) return k - i;
    }
    return 0;
}

/* keep[i] = 1 where no line may break after character i of cp[0..n)
 * because a figure goes on (above): after a relation sign before a number,
 * inside a number, between a number and its unit and inside the unit, and
 * inside a date (年 and 月 between numbers). */
static void figure_keeps(const uint32_t *cp, size_t n, char *keep)
{
    memset(keep, 0, n);
    for (size_t i = 0; i + 1 < n; i++) {
        uint32_t c = cp[i], d = cp[i + 1];
        if (is_relation(c) && (is_digit(d) || d == '-' || d == '+')) keep[i] = 1;
        if (is_digit(c) && (is_digit(d) || d == '.' || d == ',' || d == '-' || d == '/' || d == ':')) keep[i] = 1;
        if ((c == '.' || c == ',' || c == '-' || c == '/' || c == ':') && i > 0 && is_digit(cp[i - 1]) && is_digit(d))
            keep[i] = 1;
        if (!is_digit(c)) continue;
        size_t u = unit_at(cp, n, i + 1);
        for (size_t k = i; u && k < i + u; k++) keep[k] = 1; /* before and inside the unit */
        /* 2019年12月31日: the date's 年 and 月 stay with the numbers after them */
        if (u == 1 && (cp[i + 1] == 0x5E74 || cp[i + 1] == 0x6708) && i + 2 < n && is_digit(cp[i + 2])) keep[i + 1] = 1;
    }
}

static void keep_figures(gk_text *t, char *brk)
{
    uint32_t *cp = malloc(t->n * sizeof *cp);
    char *keep = malloc(t->n);
    if (!cp || !keep) {
        free(cp);
        free(keep);
        t->oom = true;
        return;
    }
    for (size_t i = 0; i < t->n; i++) cp[i] = t->ch[i].cp;
    figure_keeps(cp, t->n, keep);
    for (size_t i = 0; i < t->n; i++)
        if (keep[i]) brk[i] = 0;
    free(cp);
    free(keep);
}

/* ---- The breaks, remembered ----------------------------------------------
 * What gk_text_prepare decides for a character (a line may break after it,
 * justification may widen the gap after it) depends on the code points and
 * the forced breaks alone, not on the fonts, sizes or widths. The texts
 * repeat: the DOCX prepares the cells the fixed layout prepares, a
 * document's indicator tables share most cells (——, 一级指标, 满意度指标)
 * and a county's departments share one another's, so in a batch about one
 * text in thirty is new; while ICU's iterator costs some hundred
 * instructions a character. So each answer is kept, per process (one
 * thread: the batch forks its workers), keyed by the characters, in an
 * arena cleared when it holds GK_TEXT_MEMO_CHARS (layout.h) characters,
 * which bounds its memory. */
#define MEMO_FORCED 0x80000000u /* on a key's code point: a forced break after it */

typedef struct memo_slot {
    uint64_t hash;      /* 0: empty */
    size_t n;
    const uint32_t *key; /* n code points, MEMO_FORCED where the text breaks */
    const uint8_t *flags; /* n: GK_TC_BREAK | GK_TC_STRETCH */
} memo_slot;

static struct {
    memo_slot *slot;
    size_t cap, used;   /* cap: a power of two, or 0 */
    size_t chars;       /* characters held (see memo_put) */
    size_t hits;
    gk_arena arena;
    bool atexit_set;
} memo;

static uint32_t memo_cp(const gk_tchar *c) { return c->cp | (c->flags & GK_TC_FORCED ? MEMO_FORCED : 0); }

static uint64_t memo_hash(const gk_text *t)
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
    for (size_t i = 0; i < t->n; i++) {
        h ^= memo_cp(&t->ch[i]);
        h *= 0x100000001b3u;
    }
    h ^= t->n;
    return h ? h : 1;
}

void gk_text_memo_clear(void)
{
    free(memo.slot);
    gk_arena_free(&memo.arena);
    memo.slot = NULL;
    memo.cap = memo.used = memo.chars = 0;
}

size_t gk_text_memo_hits(void) { return memo.hits; }

/* The slot of text t (hash h): its own, or the empty one where it goes;
 * NULL when that is more than MEMO_PROBES slots on, so that texts made to
 * collide (an input's choice) cost a bounded search each, not a slow
 * crawl along the table: they are just prepared anew. */
#define MEMO_PROBES 32

static memo_slot *memo_find(const gk_text *t, uint64_t h)
{
    size_t i = (size_t)h & (memo.cap - 1);
    for (int probe = 0; probe < MEMO_PROBES; probe++, i = (i + 1) & (memo.cap - 1)) {
        memo_slot *s = &memo.slot[i];
        if (!s->hash) return s;
        if (s->hash != h || s->n != t->n) continue;
        size_t k = 0;
        while (k < t->n && s->key[k] == memo_cp(&t->ch[k])) k++;
        if (k == t->n) return s;
    }
    return NULL;
}

/* Doubles the table (at half full, so a search always ends). */
static bool memo_grow(void)
{
    size_t cap = memo.cap ? 2 * memo.cap : 1024;
    memo_slot *slot = calloc(cap, sizeof *slot);
    if (!slot) return false;
    for (size_t i = 0; i < memo.cap; i++) {
        const memo_slot *s = &memo.slot[i];
        if (!s->hash) continue;
        size_t j = (size_t)s->hash & (cap - 1);
        while (slot[j].hash) j = (j + 1) & (cap - 1);
        slot[j] = *s;
    }
    free(memo.slot);
    memo.slot = slot;
    memo.cap = cap;
    return true;
}

/* Remembers what prepare() gave text t; nothing when out of memory or
 * when its slot is too far on (the next such text is prepared again). */
static void memo_put(const gk_text *t, uint64_t h)
{
    /* a text counts eight characters at least: its slots and its arena's
     * rounding, so that short texts too are bounded */
    size_t weight = t->n < 8 ? 8 : t->n;
    if (memo.chars + weight > GK_TEXT_MEMO_CHARS) gk_text_memo_clear();
    if (!memo.atexit_set) {
        memo.atexit_set = true;
        atexit(gk_text_memo_clear);
    }
    if (2 * (memo.used + 1) > memo.cap && !memo_grow()) return;
    memo_slot *s = memo_find(t, h);
    if (!s) return;
    uint32_t *key = gk_arena_alloc(&memo.arena, t->n * sizeof *key);
    uint8_t *flags = gk_arena_alloc(&memo.arena, t->n);
    if (!key || !flags) return;
    for (size_t i = 0; i < t->n; i++) {
        key[i] = memo_cp(&t->ch[i]);
        flags[i] = t->ch[i].flags & (GK_TC_BREAK | GK_TC_STRETCH);
    }
    *s = (memo_slot){h, t->n, key, flags};
    memo.used++;
    memo.chars += weight;
}

/* The breaks and gaps of t found anew. */
static void prepare(gk_text *t)
{
    char *brks = malloc(t->n);
    if (!brks || !uax14(t, brks)) {
        free(brks);
        t->oom = true;
        return;
    }
    keep_figures(t, brks);
    for (size_t i = 0; i < t->n; i++) {
        gk_tchar *c = &t->ch[i];
        bool brk = brks[i] || i + 1 == t->n;
        if (i + 1 < t->n && no_start(t->ch[i + 1].cp)) brk = false;
        if (no_end(c->cp)) brk = false;
        if (c->flags & GK_TC_FORCED) brk = true;
        if (brk) c->flags |= GK_TC_BREAK;
        else c->flags &= (uint8_t)~GK_TC_BREAK;
        /* justification widens gaps beside wide characters and spaces,
         * never inside a Latin word or a number */
        if (i + 1 < t->n) {
            const gk_tchar *d = &t->ch[i + 1];
            if ((c->flags | d->flags) & (GK_TC_WIDE | GK_TC_SPACE)) c->flags |= GK_TC_STRETCH;
        }
    }
    free(brks);
}

void gk_text_prepare(gk_text *t)
{
    if (t->n == 0) return;
    uint64_t h = memo_hash(t);
    const memo_slot *s = memo.cap ? memo_find(t, h) : NULL;
    if (s && s->hash) {
        memo.hits++;
        for (size_t i = 0; i < t->n; i++)
            t->ch[i].flags = (uint8_t)((t->ch[i].flags & ~GK_TC_BREAK) | s->flags[i]);
        return;
    }
    prepare(t);
    if (!t->oom) memo_put(t, h);
}

/* Adds a line [from, to) ending at `end` (inclusive: the character the line
 * broke after), placed in `avail` points with the given first offset. */
static bool add_line(gk_text *t, size_t from, size_t end, double indent, double avail, gk_align align, bool last)
{
    if (!grow((void **)&t->lines, &t->lcap, t->nlines + 1, sizeof *t->lines)) {
        t->oom = true;
        return false;
    }
    size_t to = end + 1;
    while (to > from && (t->ch[to - 1].flags & GK_TC_SPACE)) to--;
    double w = 0;
    size_t gaps = 0;
    for (size_t i = from; i < to; i++) {
        w += t->ch[i].w;
        if (i + 1 < to && (t->ch[i].flags & GK_TC_STRETCH)) gaps++;
    }
    gk_tline *l = &t->lines[t->nlines++];
    l->from = from;
    l->to = to;
    l->width = w;
    l->x = indent;
    l->gap = 0;
    double extra = avail - w;
    if (align == GK_ALIGN_JUSTIFY && !last && gaps && extra > 0) l->gap = extra / (double)gaps;
    else if (align == GK_ALIGN_CENTER && extra > 0) l->x += extra / 2;
    else if (align == GK_ALIGN_RIGHT && extra > 0) l->x += extra;
    return true;
}

/* Greedy breaking at `width`; lines are placed in `place` (>= width). */
static bool break_core(gk_text *t, double width, double place, double indent, gk_align align)
{
    t->nlines = 0;
    size_t s = 0;
    bool first = true;
    while (s < t->n) {
        double in = first ? indent : 0;
        double avail = width - in;
        double run = 0; /* width so far */
        size_t best = (size_t)-1, i;
        bool last = false;
        size_t end;
        for (i = s; i < t->n; i++) {
            const gk_tchar *c = &t->ch[i];
            run += c->w;
            if (!(c->flags & GK_TC_SPACE) && run > avail + EPS && i > s) break; /* i does not fit */
            if (c->flags & GK_TC_FORCED) {
                best = i;
                last = true;
                break;
            }
            if (c->flags & GK_TC_BREAK) best = i;
        }
        if (i == t->n) {
            end = t->n - 1;
            last = true;
        } else if (best != (size_t)-1) {
            end = best;
        } else {
            end = i > s ? i - 1 : s; /* nothing breakable fits: cut the word */
        }
        if (!add_line(t, s, end, in, place - in, align, last)) return false;
        s = end + 1;
        /* a soft break swallows the spaces after it */
        if (!(t->ch[end].flags & GK_TC_FORCED))
            while (s < t->n && (t->ch[s].flags & GK_TC_SPACE) && !(t->ch[s].flags & GK_TC_FORCED)) s++;
        first = false;
    }
    return !t->oom;
}

bool gk_text_break(gk_text *t, double width, double indent, gk_align align)
{
    return break_core(t, width, width, indent, align);
}

/* The breaks of the fewest lines of at most `width`, as even as possible:
 * the least sum of the squared room left on every line, the last included
 * (so 国有资本经营预算拨款 in a column of three characters is 国有资 本经
 * 营预 算拨款, not 国有资 本经营 预算拨 款). Marks the characters to break
 * after in `cut`; false when a piece is wider than `width` or the text is
 * too long to search. */
static bool even_breaks(const gk_text *t, double width, char *cut)
{
    size_t n = t->n;
    if (n == 0 || n > 400) return false;
    double *best = malloc((n + 1) * sizeof *best);
    size_t *from = malloc((n + 1) * sizeof *from);
    if (!best || !from) {
        free(best);
        free(from);
        return false;
    }
    const double line_cost = 1e6 * (width * width + 1); /* a line more costs more than any evenness */
    best[0] = 0;
    for (size_t j = 1; j <= n; j++) {
        best[j] = -1;
        const gk_tchar *e = &t->ch[j - 1];
        if (j < n && !(e->flags & (GK_TC_BREAK | GK_TC_FORCED))) continue;
        double w = 0;
        size_t to = j;
        while (to > 0 && (t->ch[to - 1].flags & GK_TC_SPACE)) to--;
        for (size_t i = to; i-- > 0;) {
            w += t->ch[i].w;
            if (w > width + EPS) break;
            if (i > 0 && !(t->ch[i - 1].flags & (GK_TC_BREAK | GK_TC_FORCED))) continue;
            if (i > 0 && best[i] < 0) continue;
            if (i > 0 && (t->ch[i - 1].flags & GK_TC_FORCED) == 0 && (t->ch[i].flags & GK_TC_SPACE)) continue;
            double slack = width - w, cost = (i ? best[i] : 0) + line_cost + slack * slack;
            if (best[j] < 0 || cost < best[j]) {
                best[j] = cost;
                from[j] = i;
            }
            if (i > 0 && (t->ch[i - 1].flags & GK_TC_FORCED)) break; /* a line never crosses a forced break */
        }
    }
    bool ok = best[n] >= 0;
    memset(cut, 0, n);
    for (size_t j = n; ok && j > 0; j = from[j])
        if (from[j] > 0) cut[from[j] - 1] = 1;
    free(best);
    free(from);
    return ok;
}

bool gk_text_break_balanced(gk_text *t, double width, gk_align align)
{
    if (!break_core(t, width, width, 0, align)) return false;
    size_t want = t->nlines;
    if (want < 2) return true;
    char *cut = malloc(t->n);
    if (!cut) {
        t->oom = true;
        return false;
    }
    if (even_breaks(t, width, cut)) {
        uint8_t *saved = malloc(t->n);
        if (!saved) {
            free(cut);
            t->oom = true;
            return false;
        }
        for (size_t i = 0; i < t->n; i++) {
            saved[i] = t->ch[i].flags;
            if (cut[i]) t->ch[i].flags |= GK_TC_FORCED;
        }
        bool ok = break_core(t, width, width, 0, align);
        for (size_t i = 0; i < t->n; i++) t->ch[i].flags = saved[i];
        free(saved);
        /* the greedy lines when the even ones are not as few */
        if ((!ok || t->nlines != want) && !break_core(t, width, width, 0, align)) {
            free(cut);
            return false;
        }
    }
    free(cut);
    if (want != 2 || t->nlines != 2) return true;
    /* two lines: rather than cut a word in the middle, break after a year,
     * a 的 or 关于, or punctuation within a fifth of the even break */
    size_t even = t->lines[0].to;
    double w1 = t->lines[0].width, total = w1 + t->lines[1].width, acc = 0;
    size_t best = (size_t)-1;
    double best_d = 0;
    for (size_t i = 0; i + 1 < t->n; i++) {
        acc += t->ch[i].w;
        if (!(t->ch[i].flags & GK_TC_BREAK) || acc > width + EPS || total - acc > width + EPS) continue;
        if (acc < 0.8 * w1 || acc > 1.2 * w1) continue;
        uint32_t c = t->ch[i].cp;
        bool good = c == 0x5E74 /* 年 */ || c == 0x7684 /* 的 */ || c == 0x4E8E /* 于 */ || c == 0x3001 ||
                    c == 0xFF0C || c == 0xFF09 || c == 0x300B || c == 0xFF1A;
        double d = fabs(acc - w1);
        if (good && (best == (size_t)-1 || d < best_d)) {
            best = i;
            best_d = d;
        }
    }
    if (best == (size_t)-1 || best + 1 == even) return true;
    uint8_t saved = t->ch[best].flags;
    t->ch[best].flags |= GK_TC_FORCED;
    bool ok = break_core(t, width, width, 0, align);
    t->ch[best].flags = saved;
    return ok;
}

double gk_text_x(const gk_text *t, size_t l, size_t i)
{
    const gk_tline *line = &t->lines[l];
    double x = line->x;
    for (size_t k = line->from; k < i && k < line->to; k++) {
        x += t->ch[k].w;
        if (t->ch[k].flags & GK_TC_STRETCH) x += line->gap;
    }
    return x;
}

void gk_text_extent(const gk_text *t, double *min, double *max)
{
    double piece = 0, piece_c = 0, seg = 0, seg_c = 0;
    *min = *max = 0;
    for (size_t i = 0; i < t->n; i++) {
        const gk_tchar *c = &t->ch[i];
        piece += c->w;
        seg += c->w;
        if (!(c->flags & GK_TC_SPACE)) {
            piece_c = piece;
            seg_c = seg;
        }
        if (c->flags & (GK_TC_BREAK | GK_TC_FORCED)) {
            if (piece_c > *min) *min = piece_c;
            piece = piece_c = 0;
        }
        if ((c->flags & GK_TC_FORCED) || i + 1 == t->n) {
            if (seg_c > *max) *max = seg_c;
            seg = seg_c = 0;
        }
    }
    if (piece_c > *min) *min = piece_c;
}
