/* fidelity SEED RENDERED [MIN]
 *
 * How closely a rendered plain-text document reads like its seed. Both are
 * normalised (white space removed, "[bookmark: …]" markers of the extraction
 * removed), then compared character by character: similarity is
 * 2·LCS / (n + m), found with Myers' O(ND) algorithm. The lines that differ
 * are listed ("-" only in the seed, "+" only in the rendering) for review.
 * Exits 1 when the similarity is below MIN (default 0.95). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct text { uint32_t *cp; size_t n; } text;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t k;
    while (buf && (k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (n + 1 == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf) exit(2);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static size_t decode(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) { *cp = s[0]; return 1; }
    size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2;
    uint32_t v = s[0] & (0x3F >> (n - 1));
    for (size_t i = 1; i < n && s[i]; i++) v = (v << 6) | (s[i] & 0x3F);
    *cp = v;
    return n;
}

static int is_space(uint32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || c == 0xA0; }

/* Appends the normalised characters of s[0..len) to t. */
static void normalise(const char *s, size_t len, text *t)
{
    t->cp = realloc(t->cp, (t->n + len + 1) * sizeof *t->cp);
    for (size_t i = 0; i < len;) {
        if (s[i] == '[' && strncmp(s + i, "[bookmark:", 10) == 0) {
            const char *e = memchr(s + i, ']', len - i);
            if (e) { i = (size_t)(e - s) + 1; continue; }
        }
        uint32_t c;
        i += decode((const unsigned char *)s + i, &c);
        if (!is_space(c)) t->cp[t->n++] = c;
    }
}

/* Length of the longest common subsequence, from the edit distance D. */
static size_t lcs(const text *a, const text *b)
{
    long n = (long)a->n, m = (long)b->n, max = n + m;
    long *v = calloc((size_t)(2 * max + 3), sizeof *v);
    if (!v) exit(2);
    long off = max + 1;
    for (long d = 0; d <= max; d++) {
        for (long k = -d; k <= d; k += 2) {
            long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
            long y = x - k;
            while (x < n && y < m && a->cp[x] == b->cp[y]) { x++; y++; }
            v[off + k] = x;
            if (x >= n && y >= m) {
                free(v);
                return (size_t)((n + m - d) / 2);
            }
        }
    }
    free(v);
    return 0;
}

/* The normalised lines of a document, for listing differences. */
typedef struct lines { char **v; size_t n; } lines;

static void split_lines(const char *s, size_t len, lines *out)
{
    const char *p = s, *end = s + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) nl = end;
        text t = {0};
        normalise(p, (size_t)(nl - p), &t);
        if (t.n) {
            char *line = malloc(t.n * 4 + 1), *q = line;
            for (size_t i = 0; i < t.n; i++) {
                uint32_t c = t.cp[i];
                if (c < 0x80) *q++ = (char)c;
                else if (c < 0x800) { *q++ = (char)(0xC0 | c >> 6); *q++ = (char)(0x80 | (c & 0x3F)); }
                else if (c < 0x10000) { *q++ = (char)(0xE0 | c >> 12); *q++ = (char)(0x80 | ((c >> 6) & 0x3F)); *q++ = (char)(0x80 | (c & 0x3F)); }
                else { *q++ = (char)(0xF0 | c >> 18); *q++ = (char)(0x80 | ((c >> 12) & 0x3F)); *q++ = (char)(0x80 | ((c >> 6) & 0x3F)); *q++ = (char)(0x80 | (c & 0x3F)); }
            }
            *q = '\0';
            out->v = realloc(out->v, (out->n + 1) * sizeof *out->v);
            out->v[out->n++] = line;
        }
        free(t.cp);
        p = nl + 1;
    }
}

static int contains(const lines *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0) return 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: fidelity SEED RENDERED [MIN]\n");
        return 2;
    }
    double min = argc > 3 ? atof(argv[3]) : 0.95;
    size_t la, lb;
    char *sa = slurp(argv[1], &la), *sb = slurp(argv[2], &lb);
    text a = {0}, b = {0};
    normalise(sa, la, &a);
    normalise(sb, lb, &b);
    size_t common = lcs(&a, &b);
    double sim = a.n + b.n ? 2.0 * (double)common / (double)(a.n + b.n) : 1.0;
    lines x = {0}, y = {0};
    split_lines(sa, la, &x);
    split_lines(sb, lb, &y);
    size_t shown = 0;
    for (size_t i = 0; i < x.n; i++)
        if (!contains(&y, x.v[i]) && shown++ < 200) printf("- %s\n", x.v[i]);
    for (size_t i = 0; i < y.n; i++)
        if (!contains(&x, y.v[i]) && shown++ < 200) printf("+ %s\n", y.v[i]);
    printf("similarity %.4f (%zu of %zu seed and %zu rendered characters in common; minimum %.2f)\n", sim, common, a.n,
           b.n, min);
    for (size_t i = 0; i < x.n; i++) free(x.v[i]);
    for (size_t i = 0; i < y.n; i++) free(y.v[i]);
    free(x.v);
    free(y.v);
    free(a.cp);
    free(b.cp);
    free(sa);
    free(sb);
    return sim >= min ? 0 : 1;
}
