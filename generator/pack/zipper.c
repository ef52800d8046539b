/* The zip writer: each entry deflated with libdeflate at level 6, the
 * archive (local headers, data, central directory) assembled in memory,
 * then one write of its bytes. Written here rather than through libzip,
 * whose writer deflates with zlib only: libdeflate at level 6 is about
 * three times as fast as zlib at level 9 for about 6 % more bytes, and
 * the format of a few small entries is a page of code (APPNOTE.TXT 4.3). */
#include "zipper.h"

#include <errno.h>
#include <libdeflate.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1980-01-01 00:00 (the first DOS date): fixed, so the same input gives the
 * same bytes. */
#define GK_ZIP_DOSDATE ((0 << 9) | (1 << 5) | 1)
/* made by: Unix (3), spec 6.3, as libzip wrote it; needed: 2.0 (deflate) */
#define GK_ZIP_MADE_BY ((3 << 8) | 63)
#define GK_ZIP_NEEDED 20
/* a regular file, rw-rw-r--, in the high half of the external attributes */
#define GK_ZIP_ATTR (0100664u << 16)

static void put16(gk_buf *b, unsigned v)
{
    unsigned char s[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
    gk_buf_append(b, s, 2);
}

static void put32(gk_buf *b, uint32_t v)
{
    unsigned char s[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    gk_buf_append(b, s, 4);
}

/* What the central directory repeats of an entry's local header. */
typedef struct zmeta {
    uint32_t crc, csize, usize, offset;
    unsigned method, flags;
} zmeta;

static bool ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80) return false;
    return true;
}

/* The fields local and central headers share, from "version needed" on. */
static void common(gk_buf *b, const zmeta *m, size_t namelen)
{
    put16(b, GK_ZIP_NEEDED);
    put16(b, m->flags);
    put16(b, m->method);
    put16(b, 0); /* time 00:00 */
    put16(b, GK_ZIP_DOSDATE);
    put32(b, m->crc);
    put32(b, m->csize);
    put32(b, m->usize);
    put16(b, (unsigned)namelen);
    put16(b, 0); /* no extra field */
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

static struct libdeflate_compressor *compressor;

void gk_deflate_release(void)
{
    libdeflate_free_compressor(compressor);
    compressor = NULL;
}

struct libdeflate_compressor *gk_deflate_compressor(void)
{
    static bool hooked;
    if (!compressor) compressor = libdeflate_alloc_compressor(GK_DEFLATE_LEVEL);
    if (compressor && !hooked && atexit(gk_deflate_release) == 0) hooked = true;
    return compressor;
}

bool gk_deflate(const void *data, size_t len, gk_deflated *out)
{
    memset(out, 0, sizeof *out);
    struct libdeflate_compressor *z = gk_deflate_compressor();
    size_t bound = z ? libdeflate_deflate_compress_bound(z, len) : 0;
    unsigned char *d = z ? malloc(bound) : NULL;
    size_t n = d ? libdeflate_deflate_compress(z, data, len, d, bound) : 0;
    if (!n) {
        free(d);
        return false;
    }
    out->data = d;
    out->len = n;
    out->crc32 = libdeflate_crc32(0, data, len);
    out->adler32 = libdeflate_adler32(1, data, len);
    return true;
}

void gk_deflated_free(gk_deflated *d)
{
    free(d->data);
    memset(d, 0, sizeof *d);
}

bool gk_zip_write(const char *path, const gk_zip_entry *entries, size_t n, gk_buf *error)
{
    gk_buf bytes = {0}, dir = {0};
    zmeta *meta = calloc(n ? n : 1, sizeof *meta);
    struct libdeflate_compressor *z = gk_deflate_compressor();
    unsigned char *scratch = NULL; /* one entry's deflated bytes */
    size_t scap = 0;
    bool ok = false;
    if (!meta || !z) {
        gk_buf_puts(error, "out of memory");
        goto fail;
    }
    /* without zip64 every size and offset must fit in 32 bits, and the
     * entries in 16 */
    if (n > 0xFFFF) {
        gk_buf_puts(error, "too many parts for a zip file");
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        const gk_zip_entry *e = &entries[i];
        const unsigned char *data = e->data ? e->data : (const unsigned char *)"";
        size_t namelen = strlen(e->name);
        size_t bound = libdeflate_deflate_compress_bound(z, e->len);
        if (e->len > 0xFFFFFFFFu || bound > 0xFFFFFFFFu || bytes.len > 0xFFFFFFFFu || namelen > 0xFFFF) {
            gk_buf_printf(error, "%s is too large for a zip file without zip64", e->name);
            goto fail;
        }
        zmeta *m = &meta[i];
        m->offset = (uint32_t)bytes.len;
        m->usize = (uint32_t)e->len;
        /* an entry deflated already (an empty one is stored, as below) */
        const gk_deflated *pre = e->len ? e->deflated : NULL;
        m->crc = pre ? pre->crc32 : libdeflate_crc32(0, data, e->len);
        m->flags = ascii(e->name) ? 0 : 0x0800; /* bit 11: the name is UTF-8 */
        put32(&bytes, 0x04034b50);
        common(&bytes, m, namelen); /* sizes patched below, once known */
        gk_buf_append(&bytes, e->name, namelen);
        if (!pre && bound > scap) {
            unsigned char *p = realloc(scratch, bound);
            if (!p) {
                gk_buf_puts(error, "out of memory");
                goto fail;
            }
            scratch = p;
            scap = bound;
        }
        size_t clen = pre ? pre->len : e->len ? libdeflate_deflate_compress(z, data, e->len, scratch, scap) : 0;
        if (e->len && !clen) {
            gk_buf_printf(error, "%s cannot be compressed", e->name);
            goto fail;
        }
        m->method = e->len ? 8 : 0; /* an empty part is stored */
        m->csize = (uint32_t)clen;
        gk_buf_append(&bytes, pre ? pre->data : scratch, clen);
        if (bytes.oom) break;
        /* the local header's method and compressed size, now known */
        unsigned char *h = (unsigned char *)bytes.data + m->offset;
        h[8] = (unsigned char)m->method;
        h[9] = 0;
        for (int k = 0; k < 4; k++) h[18 + k] = (unsigned char)(m->csize >> (8 * k));
    }
    size_t dir_at = bytes.len;
    for (size_t i = 0; i < n && !bytes.oom; i++) {
        size_t namelen = strlen(entries[i].name);
        put32(&dir, 0x02014b50);
        put16(&dir, GK_ZIP_MADE_BY);
        common(&dir, &meta[i], namelen);
        put16(&dir, 0); /* no comment */
        put16(&dir, 0); /* disk 0 */
        put16(&dir, 0); /* internal attributes: binary */
        put32(&dir, GK_ZIP_ATTR);
        put32(&dir, meta[i].offset);
        gk_buf_append(&dir, entries[i].name, namelen);
    }
    if (dir_at > 0xFFFFFFFFu || dir.len > 0xFFFFFFFFu) {
        gk_buf_puts(error, "the package is too large for a zip file without zip64");
        goto fail;
    }
    gk_buf_append(&bytes, dir.data, dir.len);
    put32(&bytes, 0x06054b50);
    put16(&bytes, 0); /* this disk */
    put16(&bytes, 0); /* the directory's disk */
    put16(&bytes, (unsigned)n);
    put16(&bytes, (unsigned)n);
    put32(&bytes, (uint32_t)dir.len);
    put32(&bytes, (uint32_t)dir_at);
    put16(&bytes, 0); /* no comment */
    if (bytes.oom || dir.oom) {
        gk_buf_puts(error, "out of memory");
        goto fail;
    }
    ok = save(path, &bytes, error);
fail:
    free(scratch);
    free(meta);
    gk_buf_free(&dir);
    gk_buf_free(&bytes);
    return ok;
}
