/* gongkai batch: the files of the output folder — written atomically
 * (a temporary beside the target, locked while written, renamed into
 * place), the leftovers of killed runs removed, the documents of a
 * department that no longer renders removed. */
#define _GNU_SOURCE
#include "batch_files.h"

#include "batch.h"
#include "batch_util.h"
#include "file.h"
#include "gongkai.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- temporary files ---- */

gk_batch_out *gk_batch_out_open(const char *path)
{
    gk_batch_out *o = calloc(1, sizeof *o);
    if (!o) return NULL;
    int fd = gk_file_open_temp(path, &o->tmp);
    o->f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!o->f) {
        if (fd >= 0) unlink(o->tmp), close(fd);
        free(o->tmp);
        free(o);
        return NULL;
    }
    o->path = gk_batch_strdup(path);
    return o;
}

bool gk_batch_out_close(gk_batch_out *o, bool ok)
{
    if (!o) return false;
    /* renamed while the lock is held (fclose releases it) */
    if (fflush(o->f) != 0 || ferror(o->f)) ok = false;
    if (ok && rename(o->tmp, o->path) != 0) ok = false;
    int saved = errno;
    if (!ok) unlink(o->tmp);
    if (fclose(o->f) != 0) ok = false;
    errno = saved;
    free(o->tmp);
    free(o->path);
    free(o);
    return ok;
}

/* Writes buf to path through a temporary beside it (gk_file_open_temp), renamed
 * into place, removed on failure. */
bool gk_batch_write_file(const char *path, const void *buf, size_t len)
{
    char *tmp;
    int fd = gk_file_open_temp(path, &tmp);
    if (fd < 0) return false;
    bool ok = true;
    for (const char *p = buf; ok && len > 0;) {
        ssize_t k = write(fd, p, len);
        if (k < 0 && errno == EINTR) continue;
        ok = k > 0;
        if (ok) p += k, len -= (size_t)k;
    }
    if (ok && rename(tmp, path) != 0) ok = false;
    int saved = errno;
    if (!ok) unlink(tmp);
    if (close(fd) != 0) ok = false;
    errno = saved;
    free(tmp);
    return ok;
}

/* Does name end in `sep` and six letters or digits (mkdtemp's XXXXXX)? */
static bool temp_tail(const char *name, size_t n, char sep)
{
    if (n < 7 || name[n - 7] != sep) return false;
    for (size_t i = n - 6; i < n; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') || (name[i] >= '0' && name[i] <= '9')))
            return false;
    return true;
}

/* The file a leftover was meant to become: "q.docx.tmp-AbC123" or
 * "q.json.tmp-AbC123" (a temporary of gk_file_open_temp) or "q.json.tmp4711"
 * (of earlier versions) → "q.docx", "q.json"; "q.docx.AbC123" (the folder
 * that earlier versions' atomic writer wrote "part" in) → "q.docx", dir
 * set. Length of that name in *base_len; false when the name is not one of
 * our temporaries. */
static bool leftover_of(const char *name, size_t *base_len, bool *dir)
{
    size_t n = strlen(name);
    if (n > 11 && memcmp(name + n - 11, ".tmp-", 5) == 0 && temp_tail(name, n, '-')) {
        *base_len = n - 11, *dir = false;
        return true;
    }
    size_t k = n;
    while (k > 0 && name[k - 1] >= '0' && name[k - 1] <= '9') k--;
    if (k < n && k > 4 && memcmp(name + k - 4, ".tmp", 4) == 0) {
        *base_len = k - 4, *dir = false;
        return true;
    }
    if (temp_tail(name, n, '.')) {
        *base_len = n - 7, *dir = true;
        return true;
    }
    return false;
}

/* Removes one leftover unless its writer still holds its lock (a run still
 * working). Links are never followed: a folder is opened O_NOFOLLOW and only
 * the files inside it that the writers make ("part", "part.*") are removed. */
static void remove_leftover(int dfd, const char *name, bool dir)
{
    int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | (dir ? O_DIRECTORY : 0));
    if (fd < 0) return;
    struct stat st;
    if (fstat(fd, &st) != 0 || (dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) || flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        return;
    }
    if (!dir) {
        unlinkat(dfd, name, 0);
        close(fd);
        return;
    }
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strncmp(e->d_name, "part", 4) == 0 && (e->d_name[4] == '\0' || e->d_name[4] == '.'))
            unlinkat(dirfd(d), e->d_name, 0);
    unlinkat(dfd, name, AT_REMOVEDIR);
    closedir(d);
}

/* Removes, from one folder, the leftovers of killed runs whose target
 * `ours` accepts (only names of our own patterns). */
static void clean_folder(const char *folder, bool (*ours)(const char *base, size_t n, bool dir, const void *ctx),
                         const void *ctx)
{
    DIR *d = opendir(folder);
    if (!d) return;
    struct dirent *e;
    size_t n;
    bool dir;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.' && leftover_of(e->d_name, &n, &dir) && ours(e->d_name, n, dir, ctx))
            remove_leftover(dirfd(d), e->d_name, dir);
    closedir(d);
}

/* Is base[0..n) STEM.FORMAT (an output) or, with formats NULL, STEM.json (a
 * stamp)? */
static size_t stem_len(const char *base, size_t n, const char *ext)
{
    size_t k = strlen(ext);
    return n > k + 1 && base[n - k - 1] == '.' && memcmp(base + n - k, ext, k) == 0 ? n - k - 1 : 0;
}


typedef struct clean_ctx {
    const jobs *js;
    const char *index; /* "index" or "index-K-of-N" */
    bool stamps;       /* cleaning OUT/.gongkai */
} clean_ctx;

static bool job_named(const jobs *js, const char *stem, size_t n)
{
    size_t lo = 0, hi = js->n;
    while (lo < hi) { /* the jobs are sorted by name */
        size_t mid = lo + (hi - lo) / 2;
        int c = strncmp(js->v[mid].name, stem, n);
        if (c == 0 && js->v[mid].name[n] != '\0') c = 1;
        if (c == 0) return true;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return false;
}

static bool ours_batch(const char *base, size_t n, bool dir, const void *p)
{
    const clean_ctx *c = p;
    size_t k;
    if (c->stamps) return !dir && (k = stem_len(base, n, "json")) && job_named(c->js, base, k);
    if (!dir && ((k = stem_len(base, n, "json")) || (k = stem_len(base, n, "csv"))))
        return k == strlen(c->index) && memcmp(base, c->index, k) == 0;
    const gk_format *f;
    for (size_t i = 0; (f = gk_format_at(i)); i++)
        if ((k = stem_len(base, n, f->name))) return job_named(c->js, base, k);
    return false;
}

void gk_batch_clean(const options *o, const jobs *js, const char *index)
{
    clean_ctx c = {js, index, false};
    clean_folder(o->out, ours_batch, &c);
    char *stamps = gk_batch_join(o->out, ".gongkai");
    c.stamps = true;
    clean_folder(stamps, ours_batch, &c);
    free(stamps);
}

typedef struct stem_ctx {
    const char *stem;
} stem_ctx;

static bool ours_render(const char *base, size_t n, bool dir, const void *p)
{
    const char *stem = ((const stem_ctx *)p)->stem;
    size_t k;
    const gk_format *f;
    (void)dir; /* a file of ours or the folder of an earlier version */
    for (size_t i = 0; (f = gk_format_at(i)); i++)
        if ((k = stem_len(base, n, f->name))) return k == strlen(stem) && memcmp(base, stem, k) == 0;
    return false;
}

void gk_cli_clean_leftovers(const char *dir, const char *stem)
{
    stem_ctx c = {stem};
    clean_folder(dir, ours_render, &c);
}

/* Removes a department's documents of an earlier run (only the names it
 * owns, OUT/NAME.docx|pdf|txt; unlink never follows a link). */
void gk_batch_remove_outputs(const options *o, const job *j)
{
    const gk_format *f;
    for (size_t i = 0; (f = gk_format_at(i)); i++) {
        char *file = gk_batch_printf("%s/%s.%s", o->out, j->name, f->name);
        struct stat st;
        if (lstat(file, &st) == 0 && (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))) unlink(file);
        free(file);
    }
}

