/* UTF-8 helpers. */
#ifndef GK_UTF8_H
#define GK_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point from s[0..len); returns its length in bytes, or 0
 * for an ill-formed sequence (overlong, surrogate, above U+10FFFF, cut). */
size_t gk_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);
/* The next code point of text the readers have already found valid: its
 * length (at least 1, so a loop always advances), an ill-formed byte read as
 * U+FFFD. For the renderers, which draw what the model holds. */
static inline size_t gk_utf8_next(const char *s, size_t len, uint32_t *cp)
{
    size_t n = gk_utf8_decode((const unsigned char *)s, len, cp);
    if (n) return n;
    *cp = 0xFFFD;
    return 1;
}

/* Offset of the first ill-formed byte in s[0..len), or len when valid. */
size_t gk_utf8_check(const unsigned char *s, size_t len);

/* Number of code points in a valid s[0..len). */
size_t gk_utf8_count(const unsigned char *s, size_t len);

/* Damerau-style edit distance between two short strings, in code points;
 * returns `cap` + 1 early when it is certainly above `cap`. */
size_t gk_utf8_distance(const char *a, const char *b, size_t cap);

/* ---- The text policy: what each code point of an input text becomes ----
 * Decided once, when the input is loaded, so that no library (the line
 * breaker, the XML writer, the PDF fonts) ever sees a code point it was not
 * meant to; schema/README.md has the table. Code points come from valid UTF-8
 * (the readers refuse anything else), so surrogates never occur. */
typedef enum gk_cp_policy {
    GK_CP_KEEP = 0, /* drawn as it is */
    GK_CP_WARN,     /* kept, with a warning (unassigned, private use, U+FFFD) */
    GK_CP_REFUSE    /* the text is refused */
} gk_cp_policy;

typedef struct gk_cp_verdict {
    gk_cp_policy policy;
    const char *code; /* the diagnostic's code: "control-char", "bidi-control", ... */
    const char *what; /* "the bidirectional control", "the noncharacter", ... */
    const char *why;  /* the end of the sentence: "; it reorders what the reader sees" */
} gk_cp_verdict;

/* The verdict for `cp` after `prev` (0 at the start of a text): tag
 * characters are kept only inside an emoji tag sequence (after U+1F3F4). */
gk_cp_verdict gk_cp_judge(uint32_t cp, uint32_t prev);

/* True when cp shows something: not white space (U+3000 included), not a
 * default-ignorable code point (zero-width, bidi, variation selectors ...),
 * not a control. */
bool gk_cp_visible(uint32_t cp);

/* True for white space in the Unicode sense (U+0020, U+00A0, U+3000 ...). */
bool gk_cp_space(uint32_t cp);

/* True for a default-ignorable code point: drawn as nothing. */
bool gk_cp_invisible(uint32_t cp);

/* The Unicode name of cp, or "" when it has none; a static buffer valid until
 * the next call from the same thread. */
const char *gk_cp_name(uint32_t cp);

/* Appends s[0..len) to out for a message, each code point that would hide
 * or reorder what a terminal shows (one gk_cp_judge refuses, a default-
 * ignorable one, a control but for the line break) written as <U+XXXX>:
 * diagnostics quote input (unknown field names, refused values), and a
 * quoted U+202E would make the whole line read backwards. */
struct gk_buf;
void gk_utf8_show(struct gk_buf *out, const char *s, size_t len);

/* ---- A map from code points to indices (open addressing) ----
 * For what is looked up once per character drawn (the characters no font
 * has, the private-use codes of characters beyond the BMP): a linear search
 * there made a text of many distinct characters quadratic. A zeroed gk_cpmap
 * is empty. */
typedef struct gk_cpmap {
    uint32_t *keys; /* code point + 1; 0: free */
    uint32_t *vals;
    size_t cap, n;
} gk_cpmap;

/* True, with *val, when cp is in the map. */
bool gk_cpmap_get(const gk_cpmap *m, uint32_t cp, uint32_t *val);
/* Sets cp to val; false when out of memory (the map is unchanged). */
bool gk_cpmap_put(gk_cpmap *m, uint32_t cp, uint32_t val);
void gk_cpmap_free(gk_cpmap *m);

#endif
