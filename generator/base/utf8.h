/* UTF-8 helpers. */
#ifndef GK_UTF8_H
#define GK_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one code point from s[0..len); returns its length in bytes, or 0
 * for an ill-formed sequence (overlong, surrogate, above U+10FFFF, cut). */
size_t gk_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* Offset of the first ill-formed byte in s[0..len), or len when valid. */
size_t gk_utf8_check(const unsigned char *s, size_t len);

/* Number of code points in a valid s[0..len). */
size_t gk_utf8_count(const unsigned char *s, size_t len);

/* Damerau-style edit distance between two short strings, in code points;
 * returns `cap` + 1 early when it is certainly above `cap`. */
size_t gk_utf8_distance(const char *a, const char *b, size_t cap);

#endif
