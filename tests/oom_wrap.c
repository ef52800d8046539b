/* The allocation wrappers of oom_wrap.h. */
#include "oom_wrap.h"

#include <stdbool.h>
#include <stddef.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);

static bool armed, one;
static long calls, keep; /* while armed: calls counted; those after the first `keep` fail (one: only the next) */

static bool fails(void)
{
    if (!armed) return false;
    ++calls;
    return keep >= 0 && (one ? calls == keep + 1 : calls > keep);
}

void *__wrap_malloc(size_t n) { return fails() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t k, size_t n) { return fails() ? NULL : __real_calloc(k, n); }
void *__wrap_realloc(void *p, size_t n) { return fails() ? NULL : __real_realloc(p, n); }
char *__wrap_strdup(const char *s) { return fails() ? NULL : __real_strdup(s); }

void gk_oom_arm(long n)
{
    calls = 0;
    keep = n;
    one = false;
    armed = true;
}

void gk_oom_arm_one(long n)
{
    gk_oom_arm(n);
    one = true;
}

long gk_oom_disarm(void)
{
    armed = false;
    return calls;
}
