/* The zip writer: libzip over an in-memory source, then one write of the
 * archive's bytes. */
#include "zipper.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* 1980-01-01 00:00 (the first DOS date): fixed, so the same input gives the
 * same bytes. */
#define GK_ZIP_DOSDATE ((0 << 9) | (1 << 5) | 1)

static bool add_entry(zip_t *z, const gk_zip_entry *e, gk_buf *error)
{
    zip_source_t *src = zip_source_buffer(z, e->data ? e->data : "", e->len, 0);
    if (!src) goto fail;
    zip_int64_t idx = zip_file_add(z, e->name, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(src);
        goto fail;
    }
    if (zip_file_set_dostime(z, (zip_uint64_t)idx, 0, GK_ZIP_DOSDATE, 0) < 0 ||
        zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9) < 0)
        goto fail;
    return true;
fail:
    gk_buf_printf(error, "%s", zip_strerror(z));
    return false;
}

/* The bytes libzip wrote into the buffer source, appended to `out`. */
static bool take(zip_source_t *src, gk_buf *out, gk_buf *error)
{
    zip_stat_t st;
    bool ok = zip_source_open(src) == 0;
    if (ok) {
        zip_stat_init(&st);
        ok = zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE);
        char chunk[65536];
        for (zip_int64_t n; ok && (n = zip_source_read(src, chunk, sizeof chunk)) != 0;) {
            if (n < 0) ok = false;
            else gk_buf_append(out, chunk, (size_t)n);
        }
        zip_source_close(src);
    }
    if (!ok) gk_buf_printf(error, "%s", zip_error_strerror(zip_source_error(src)));
    else if (out->oom) {
        gk_buf_puts(error, "out of memory");
        ok = false;
    }
    return ok;
}

static bool save(const char *path, const gk_buf *b, gk_buf *error)
{
    errno = 0;
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(b->data, 1, b->len, f) == b->len;
    if (f && fclose(f) != 0) ok = false;
    if (!ok) gk_buf_printf(error, "%s", errno ? strerror(errno) : "write error");
    return ok;
}

bool gk_zip_write(const char *path, const gk_zip_entry *entries, size_t n, gk_buf *error)
{
    zip_error_t ze;
    zip_error_init(&ze);
    gk_buf bytes = {0};
    zip_t *z = NULL;
    bool ok = false;
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src) {
        gk_buf_printf(error, "%s", zip_error_strerror(&ze));
        goto fail;
    }
    zip_source_keep(src); /* the archive's bytes are read after zip_close */
    z = zip_open_from_source(src, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    if (!z) {
        gk_buf_printf(error, "%s", zip_error_strerror(&ze));
        goto fail;
    }
    ok = true;
    for (size_t i = 0; ok && i < n; i++) ok = add_entry(z, &entries[i], error);
    if (ok && zip_close(z) < 0) {
        gk_buf_printf(error, "%s", zip_strerror(z));
        ok = false;
    }
    if (!ok) {
        zip_discard(z);
        goto fail;
    }
    ok = take(src, &bytes, error) && save(path, &bytes, error);
fail:
    if (src) zip_source_free(src);
    zip_error_fini(&ze);
    gk_buf_free(&bytes);
    return ok;
}
