/* Allocations made to fail on demand, for the out-of-memory tests
 * (test_oom, test_docx_oom). malloc, calloc, realloc and strdup are
 * wrapped at link time (tests/CMakeLists.txt: GK_OOM_WRAP), so a program
 * linked with oom_wrap.c can make every allocation from a given one on fail.
 * Only calls linked statically are wrapped: gongkai's own, not those the
 * shared libraries (yajl, ICU, zlib) make inside themselves. */
#ifndef GK_OOM_WRAP_H
#define GK_OOM_WRAP_H

/* From now on the first `keep` allocations succeed and every later one
 * fails, as when memory is really gone; a negative `keep`: none fails,
 * they are only counted. */
void gk_oom_arm(long keep);
/* From now on only the allocation after the first `keep` fails: a failure
 * the code must not recover from silently by succeeding later. */
void gk_oom_arm_one(long keep);
/* Allocations succeed again; returns how many were asked for since
 * gk_oom_arm. */
long gk_oom_disarm(void);

#endif
