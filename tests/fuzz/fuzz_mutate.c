/* libFuzzer harness that keeps the document valid: the fuzzed bytes are
 * not the input but a list of edits to one of the bundled samples. The
 * generic fuzzers rarely get past the JSON syntax and the checks with an
 * unusual character in a real text; this one starts from a valid document
 * and changes only its text and figure values, so every edit reaches load,
 * check, compose and every renderer (txt, docx, pdf).
 *
 * The samples (the JSON files in samples/) are read once into value trees (input/json.c).
 * Each leaf (string or number, except under "$" members) is a text or a
 * figure: a figure is a string or number that reads as a plain decimal
 * (but not a "code" or "phone"). The
 * bytes decode as (every byte string is a valid list of edits; a missing
 * byte reads as 0):
 *
 *   sample                 byte: which sample, modulo their count
 *   edit*                  up to MAX_EDITS of:
 *     op                   byte: op % 16 == 0 scales every amount of money
 *                          by 10^k (k = next byte % 10; sums and products
 *                          with a quantity stay exact, so the check passes
 *                          and the renderers see wide figures);
 *                          otherwise a leaf edit:
 *     leaf                 2 bytes, big-endian, modulo the number of leaves
 *     figure: kind         byte: a replacement figure (figure_edit)
 *     text:   mode         byte: replace, append, prepend or insert (mode % 4),
 *                          where to insert, then the count of pieces and each
 *                          piece: class, 2 bytes for the code point within
 *                          the class, a repeat byte (piece_edit)
 *
 * Code points come from weighted classes (CJK, ASCII, punctuation,
 * combining marks, regional indicators, emoji and their joiners and
 * modifiers, astral ideographs, noncharacters, private use, bidi controls,
 * zero-width, U+3000 and other spaces, line and paragraph separators, C0/C1
 * controls, scripts with their own line breaking, any scalar value); a
 * repeat can run to the text limit and one code point past it. The edited
 * tree is written back as JSON text, which always parses (checked), and
 * goes through the same path and invariants as fuzz_pipeline (fuzz_render.h).
 * Deterministic: no time, no random numbers. tests/fuzz/README.md says how
 * to build and run it. */
#include "fuzz_render.h"

#include "buf.h"
#include "value.h"

#define MAX_EDITS 64
/* What all edits of one input may add, so that one input cannot take more
 * than a few seconds to render (a text at the limit is some 30 pages). */
#define MAX_ADDED (4 * GK_MAX_TEXT)

/* ---- the samples --------------------------------------------------------- */

typedef struct leaf {
    const gk_value *v;
    bool figure; /* a decimal: figure edits */
    bool money;  /* an amount: scaled with the others */
} leaf;

typedef struct sample {
    const char *file;
    gk_value *root;
    leaf *leaves;
    size_t count, cap;
} sample;

static sample samples[] = {
    {"langfang-2023-budget.json", NULL, NULL, 0, 0}, {"laoting-2024-goals.json", NULL, NULL, 0, 0},
    {"lunan-2022-budget.json", NULL, NULL, 0, 0},    {"quyang-2020-budget.json", NULL, NULL, 0, 0},
    {"xianghe-2019-selfeval.json", NULL, NULL, 0, 0},
};
#define NSAMPLES (sizeof samples / sizeof samples[0])
static gk_arena arena; /* the sample trees, for the life of the process */

/* A plain decimal: optional '-', digits, optional '.' and digits. */
static bool is_decimal(const char *s, size_t n)
{
    size_t i = s[0] == '-', d = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++, d++;
    if (d == 0) return false;
    if (i < n && s[i] == '.') {
        size_t f = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        if (i == f) return false;
    }
    return i == n;
}

/* Figures that are not amounts of money: the global scale leaves them
 * alone (a quantity scaled with its unit price and amount would break the
 * product; shares, weights and scores have their own bounds). */
static bool is_money(const char *key)
{
    static const char *const not_money[] = {"code",  "phone", "year",  "quantity", "weight", "score",
                                            "share", "target", "actual",  "zero",   "full",
                                            "limit", "step",  "total_score"};
    for (size_t i = 0; i < sizeof not_money / sizeof not_money[0]; i++)
        if (strcmp(key, not_money[i]) == 0) return false;
    return true;
}

static void add_leaf(sample *s, const gk_value *v, const char *key)
{
    if (s->count == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 256;
        s->leaves = realloc(s->leaves, s->cap * sizeof *s->leaves);
        if (!s->leaves) abort();
    }
    leaf *l = &s->leaves[s->count++];
    l->v = v;
    l->figure = strcmp(key, "code") != 0 && strcmp(key, "phone") != 0 && is_decimal(v->as.str.s, v->as.str.len);
    l->money = l->figure && v->type == GK_V_STRING && is_money(key);
}

/* The leaves in the order put_value() meets them; `key` is the member
 * that holds `v` (for an array's items, the array's). */
static void collect(sample *s, const gk_value *v, const char *key)
{
    if (v->type == GK_V_STRING || v->type == GK_V_NUMBER) add_leaf(s, v, key);
    else if (v->type == GK_V_ARRAY)
        for (size_t i = 0; i < v->as.array.count; i++) collect(s, v->as.array.items[i], key);
    else if (v->type == GK_V_OBJECT)
        for (size_t i = 0; i < v->as.object.count; i++)
            if (v->as.object.items[i].key[0] != '$') collect(s, v->as.object.items[i].value, v->as.object.items[i].key);
}

static void load_samples(void)
{
    for (size_t k = 0; k < NSAMPLES; k++) {
        char path[512];
        snprintf(path, sizeof path, "%s/samples/%s", GK_SOURCE_DIR, samples[k].file);
        size_t n;
        unsigned char *text = gk_fuzz_slurp(path, &n);
        gk_diags d = {0};
        samples[k].root = text ? gk_json_read(samples[k].file, (const char *)text, n, &arena, &d) : NULL;
        if (!samples[k].root || d.errors) {
            fprintf(stderr, "cannot read the sample %s\n", path);
            abort();
        }
        collect(&samples[k], samples[k].root, "");
        free(text);
        gk_diags_clear(&d);
    }
}

/* ---- reading the edits --------------------------------------------------- */

typedef struct bytes {
    const uint8_t *p;
    size_t n;
} bytes;

static unsigned take(bytes *b)
{
    if (b->n == 0) return 0;
    b->n--;
    return *b->p++;
}

static unsigned take2(bytes *b)
{
    unsigned hi = take(b);
    return hi << 8 | take(b);
}

/* ---- code points --------------------------------------------------------- */

typedef struct range {
    uint32_t lo, hi;
} range;

typedef struct cp_class {
    unsigned weight; /* out of the sum of all weights */
    const range *ranges;
} cp_class;

#define R(...) ((const range[]){__VA_ARGS__, {0, 0}})
static const cp_class classes[] = {
    {40, R({0x4E00, 0x9FFF})},                                        /* CJK ideographs */
    {26, R({0x20, 0x7E})},                                            /* ASCII */
    {14, R({0x3000, 0x303F}, {0xFF01, 0xFF65}, {0xFE10, 0xFE1F}, {0xFE30, 0xFE4F})}, /* CJK punctuation, fullwidth */
    {8, R({0x2000, 0x206F})},                                         /* general punctuation */
    {8, R({0x0300, 0x036F}, {0x1AB0, 0x1AFF}, {0x20D0, 0x20FF}, {0xFE20, 0xFE2F})}, /* combining marks */
    {16, R({0x1F1E6, 0x1F1FF})},                                      /* regional indicators (flags) */
    {10, R({0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F900, 0x1FAFF}, {0x2600, 0x27BF})}, /* emoji */
    {10, R({0x200D, 0x200D}, {0xFE0E, 0xFE0F}, {0x1F3FB, 0x1F3FF}, {0xE0020, 0xE007F}, {0x20E3, 0x20E3})}, /* ZWJ, VS, modifiers, tags */
    {10, R({0x20000, 0x2A6DF}, {0x2A700, 0x2EBEF}, {0x30000, 0x3134F})}, /* astral ideographs */
    {8, R({0xFDD0, 0xFDEF}, {0xFFFE, 0xFFFF}, {0x1FFFE, 0x1FFFF}, {0x2FFFE, 0x2FFFF}, {0x10FFFE, 0x10FFFF})}, /* noncharacters */
    {5, R({0xE000, 0xF8FF}, {0xF0000, 0xFFFFD}, {0x100000, 0x10FFFD})}, /* private use */
    {6, R({0x202A, 0x202E}, {0x2066, 0x2069}, {0x200E, 0x200F}, {0x061C, 0x061C})}, /* bidi controls */
    {6, R({0x200B, 0x200D}, {0x2060, 0x2064}, {0xFEFF, 0xFEFF}, {0x180E, 0x180E}, {0x00AD, 0x00AD})}, /* zero-width */
    {6, R({0x3000, 0x3000}, {0x00A0, 0x00A0}, {0x2000, 0x200A}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x1680, 0x1680})}, /* spaces */
    {5, R({0x2028, 0x2029}, {0x0085, 0x0085}, {0x09, 0x0D})},        /* line and paragraph breaks */
    {2, R({0x01, 0x1F}, {0x7F, 0x9F})},                               /* C0 and C1 controls */
    {8, R({0x0E00, 0x0EFF}, {0x1000, 0x109F}, {0x1780, 0x17FF}, {0x0F00, 0x0FFF})}, /* Thai, Lao, Myanmar, Khmer, Tibetan */
    {6, R({0x0590, 0x06FF}, {0x0900, 0x097F}, {0xAC00, 0xD7A3}, {0x1100, 0x11FF}, {0x3040, 0x30FF})}, /* RTL, Indic, Hangul, kana */
    {6, R({0xA0, 0x04FF}, {0x2100, 0x21FF}, {0x2460, 0x24FF}, {0xFFF9, 0xFFFD})}, /* Latin, Greek, Cyrillic, symbols, specials */
    {12, R({0x01, 0xD7FF}, {0xE000, 0x10FFFF})},                      /* any scalar value */
};
#define NCLASSES (sizeof classes / sizeof classes[0])

static const cp_class *pick_class(unsigned byte)
{
    static unsigned total;
    if (!total)
        for (size_t i = 0; i < NCLASSES; i++) total += classes[i].weight;
    unsigned at = byte * total / 256;
    for (size_t i = 0; i < NCLASSES; i++) {
        if (at < classes[i].weight) return &classes[i];
        at -= classes[i].weight;
    }
    return &classes[0];
}

/* The code point at `index` (modulo the size of the class); a 16-bit index
 * reaches the large ranges in steps, which is enough to sample them. */
static uint32_t pick_cp(const cp_class *c, unsigned index)
{
    uint32_t size = 0;
    for (const range *r = c->ranges; r->hi; r++) size += r->hi - r->lo + 1;
    uint32_t at = size > 65536 ? (uint32_t)((uint64_t)index * size / 65536) : index % size;
    for (const range *r = c->ranges; r->hi; r++) {
        if (at <= r->hi - r->lo) return r->lo + at;
        at -= r->hi - r->lo + 1;
    }
    return 0x4E00;
}

static size_t utf8_len(uint32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

static void put_cp(gk_buf *b, uint32_t cp)
{
    char u[4];
    size_t n = utf8_len(cp);
    if (n == 1) u[0] = (char)cp;
    else if (n == 2) u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F));
    else if (n == 3)
        u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | (cp >> 6 & 0x3F)), u[2] = (char)(0x80 | (cp & 0x3F));
    else
        u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | (cp >> 12 & 0x3F)), u[2] = (char)(0x80 | (cp >> 6 & 0x3F)),
        u[3] = (char)(0x80 | (cp & 0x3F));
    gk_buf_append(b, u, n);
}

/* ---- building replacements ----------------------------------------------- */

typedef struct edits {
    char **text;  /* per leaf: the replacement (owned), or NULL */
    int scale;    /* every unedited amount × 10^scale */
    size_t added; /* bytes added so far, up to MAX_ADDED */
} edits;

/* One piece: a code point, repeated: once mostly, up to 41 times, up to
 * some thousands, or (repeat byte 255) up to the text limit, one code
 * point past it when the next byte is odd. */
static void piece_edit(bytes *in, edits *e, gk_buf *out)
{
    /* one byte after the other: the order of a call's arguments is unspecified */
    const cp_class *c = pick_class(take(in));
    uint32_t cp = pick_cp(c, take2(in));
    unsigned rep = take(in);
    size_t n = rep < 200 ? 1 : rep < 240 ? rep - 198 : rep < 255 ? (rep - 239) * 256u : 0;
    if (rep == 255) n = GK_MAX_TEXT / utf8_len(cp) + (take(in) & 1);
    size_t room = (MAX_ADDED - e->added) / utf8_len(cp);
    if (n > room) n = room;
    for (size_t i = 0; i < n; i++) put_cp(out, cp);
    e->added += n * utf8_len(cp);
}

/* A text: the original replaced by, followed by, preceded by, or with
 * pieces inserted at a code point boundary. */
static void text_edit(bytes *in, edits *e, const char *orig, size_t len, gk_buf *out)
{
    unsigned mode = take(in) % 4, where = take(in), pieces = 1 + take(in) % 16;
    size_t at = 0;
    if (mode == 1) at = len;
    if (mode == 3 && len) {
        at = where * len / 256;
        while (at > 0 && ((unsigned char)orig[at] & 0xC0) == 0x80) at--;
    }
    if (mode != 0) gk_buf_append(out, orig, at);
    for (unsigned i = 0; i < pieces; i++) piece_edit(in, e, out);
    if (mode != 0) gk_buf_append(out, orig + at, len - at);
}

/* A decimal text shifted by 10^k: "-186.4" by 3 is "-186400". */
static void shift_decimal(const char *s, size_t n, int k, gk_buf *out)
{
    size_t i = 0;
    if (s[0] == '-') gk_buf_putc(out, '-'), i = 1;
    char digits[128];
    size_t nd = 0, point = 0;
    bool seen = false;
    for (; i < n && nd + 16 < sizeof digits; i++) {
        if (s[i] == '.') seen = true, point = nd;
        else digits[nd++] = s[i];
    }
    if (!seen) point = nd;
    point += (size_t)k;
    while (nd < point) digits[nd++] = '0';
    size_t lead = 0;
    while (lead + 1 < point && digits[lead] == '0') lead++;
    gk_buf_append(out, digits + lead, point - lead);
    if (point < nd) {
        gk_buf_putc(out, '.');
        gk_buf_append(out, digits + point, nd - point);
    }
}

/* A figure: zero, the smallest step, the largest accepted and one past it,
 * negative, too many places, an exponent, a long run of digits, the
 * original nudged by a millionth (an inconsistent sum), or a text. */
static void figure_edit(bytes *in, edits *e, const char *orig, size_t len, gk_buf *out)
{
    static const char *const fixed[] = {"0", "-0", "0.000001", "-0.000001", "999999999999.999999", "1000000000000",
                                        "-999999999999.999999", "0.1234567", "1e12", "1E-6", "00012", "1.", ".5",
                                        "9223372036854775807", "-9223372036854775808", "18446744073709551616"};
    unsigned kind = take(in) % 24;
    if (kind < 16) gk_buf_puts(out, fixed[kind]);
    else if (kind == 16) {
        gk_buf_putc(out, '-');
        gk_buf_append(out, orig[0] == '-' ? orig + 1 : orig, orig[0] == '-' ? len - 1 : len);
    } else if (kind == 17) shift_decimal(orig, len, 1 + (int)(take(in) % 12), out);
    else if (kind == 18) {
        gk_buf_append(out, orig, len);
        gk_buf_puts(out, memchr(orig, '.', len) ? "000001" : ".000001");
    } else if (kind == 19) {
        unsigned n = 1 + take(in);
        gk_buf_putc(out, (char)('1' + take(in) % 9));
        for (unsigned i = 1; i < n; i++) gk_buf_putc(out, '9');
    } else if (kind == 20) gk_buf_printf(out, "%u", take2(in));
    else if (kind == 21) {
        unsigned whole = take2(in);
        gk_buf_printf(out, "%u.%06u", whole, take2(in) % 1000000);
    }
    else text_edit(in, e, orig, len, out);
}

/* Decodes the edits after the sample byte into e->text and e->scale. */
static void decode(bytes *in, const sample *s, edits *e)
{
    for (unsigned k = 0; k < MAX_EDITS && in->n > 0; k++) {
        if (take(in) % 16 == 0) {
            e->scale = (int)(take(in) % 10);
            continue;
        }
        size_t at = take2(in) % s->count;
        const gk_value *v = s->leaves[at].v;
        gk_buf b = {0};
        if (s->leaves[at].figure) figure_edit(in, e, v->as.str.s, v->as.str.len, &b);
        else text_edit(in, e, v->as.str.s, v->as.str.len, &b);
        if (b.oom) abort();
        free(e->text[at]);
        e->text[at] = gk_buf_detach(&b);
        if (!e->text[at]) e->text[at] = strdup("");
    }
}

/* ---- writing the edited tree as JSON ------------------------------------- */

static void put_string(gk_buf *b, const char *s, size_t n)
{
    gk_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') gk_buf_putc(b, '\\'), gk_buf_putc(b, (char)c);
        else if (c < 0x20) gk_buf_printf(b, "\\u%04x", c);
        else gk_buf_putc(b, (char)c);
    }
    gk_buf_putc(b, '"');
}

/* A JSON number literal: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static bool is_json_number(const char *s)
{
    if (*s == '-') s++;
    if (*s == '0') s++;
    else if (*s >= '1' && *s <= '9')
        while (*s >= '0' && *s <= '9') s++;
    else return false;
    if (*s == '.') {
        if (*++s < '0' || *s > '9') return false;
        while (*s >= '0' && *s <= '9') s++;
    }
    if (*s == 'e' || *s == 'E') {
        if (*++s == '+' || *s == '-') s++;
        if (*s < '0' || *s > '9') return false;
        while (*s >= '0' && *s <= '9') s++;
    }
    return *s == '\0';
}

typedef struct writer {
    const sample *s;
    const edits *e;
    size_t next; /* the index of the next leaf */
    gk_buf out;
} writer;

static void put_leaf(writer *w, const gk_value *v)
{
    size_t at = w->next++;
    const char *r = w->e->text[at];
    if (r) {
        /* a number stays a number when the replacement is one, else it becomes a string */
        if (v->type == GK_V_NUMBER && is_json_number(r)) gk_buf_puts(&w->out, r);
        else put_string(&w->out, r, strlen(r));
    } else if (w->e->scale && w->s->leaves[at].money) {
        gk_buf_putc(&w->out, '"');
        shift_decimal(v->as.str.s, v->as.str.len, w->e->scale, &w->out);
        gk_buf_putc(&w->out, '"');
    } else if (v->type == GK_V_NUMBER) gk_buf_append(&w->out, v->as.str.s, v->as.str.len);
    else put_string(&w->out, v->as.str.s, v->as.str.len);
}

static void put_value(writer *w, const gk_value *v, unsigned depth)
{
    switch (v->type) {
    case GK_V_NULL: gk_buf_puts(&w->out, "null"); break;
    case GK_V_BOOL: gk_buf_puts(&w->out, v->as.boolean ? "true" : "false"); break;
    case GK_V_NUMBER:
    case GK_V_STRING: put_leaf(w, v); break;
    case GK_V_ARRAY:
        gk_buf_putc(&w->out, '[');
        for (size_t i = 0; i < v->as.array.count; i++) {
            if (i) gk_buf_putc(&w->out, ',');
            put_value(w, v->as.array.items[i], depth + 1);
        }
        gk_buf_putc(&w->out, ']');
        break;
    case GK_V_OBJECT:
        gk_buf_putc(&w->out, '{');
        for (size_t i = 0, n = 0; i < v->as.object.count; i++) {
            const gk_member *m = &v->as.object.items[i];
            if (m->key[0] == '$') continue; /* "$schema", "$comment": no leaves counted there */
            /* one member a line, so that diagnostics name distinct places */
            gk_buf_puts(&w->out, n++ ? ",\n" : "\n");
            for (unsigned d = 0; d <= depth; d++) gk_buf_putc(&w->out, ' ');
            put_string(&w->out, m->key, strlen(m->key));
            gk_buf_putc(&w->out, ':');
            put_value(w, m->value, depth + 1);
        }
        gk_buf_putc(&w->out, '}');
        break;
    }
}

/* ---- the run ------------------------------------------------------------- */

/* The edited text is JSON with the sample's structure: a syntax error or a
 * duplicate key is a fault of this harness (or of the reader). */
static void check_still_json(const gk_diags *d)
{
    for (size_t i = 0; i < d->count; i++)
        if (strcmp(d->items[i].code, "json-syntax") == 0 || strcmp(d->items[i].code, "duplicate-key") == 0)
            gk_fuzz_fail("the edited sample is not well-formed JSON", &d->items[i]);
}

static void run(const char *json, size_t len, bool must_pass)
{
    gk_diags d = {0};
    gk_model *m = NULL;
    gk_status st = gk_model_load_buffer("fuzz", json, len, false, &m, &d);
    if (st != GK_OK && d.errors == 0) gk_fuzz_fail("the load failed without an error", NULL);
    check_still_json(&d);
    if (st == GK_OK) {
        st = gk_model_check(m, &d);
        if (st != GK_OK && d.errors == 0) gk_fuzz_fail("the check failed without an error", NULL);
    }
    gk_document *doc = NULL;
    if (st == GK_OK) {
        st = gk_document_compose(m, NULL, &doc, &d);
        if (st != GK_OK && d.errors == 0) gk_fuzz_fail("the compose failed without an error", NULL);
    }
    if (st == GK_OK) gk_fuzz_write_all(doc, &d);
    if (must_pass && d.errors) gk_fuzz_fail("an unedited sample is refused", &d.items[0]);
    gk_fuzz_check_diags(&d, "fuzz", (const uint8_t *)json, len);
    gk_document_free(doc);
    gk_model_free(m);
    gk_diags_clear(&d);
}

/* With GK_FUZZ_DUMP=FILE the edited sample is written to FILE before it is
 * run: a finding replayed this way gives the input for its tests/bad case. */
static void dump(const char *json, size_t len)
{
    const char *path = getenv("GK_FUZZ_DUMP");
    FILE *f = path ? fopen(path, "wb") : NULL;
    if (!f) return;
    fwrite(json, 1, len, f);
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool loaded;
    if (!loaded) {
        load_samples();
        loaded = true;
    }
    bytes in = {data, size};
    const sample *s = &samples[take(&in) % NSAMPLES];
    edits e = {calloc(s->count, sizeof(char *)), 0, 0};
    if (!e.text) abort();
    bool edited = in.n > 0;
    decode(&in, s, &e);
    writer w = {s, &e, 0, {0}};
    put_value(&w, s->root, 0);
    if (w.out.oom || w.next != s->count) abort();
    dump(w.out.data, w.out.len);
    run(w.out.data, w.out.len, !edited);
    gk_buf_free(&w.out);
    for (size_t i = 0; i < s->count; i++) free(e.text[i]);
    free(e.text);
    return 0;
}
