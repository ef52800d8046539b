/* The PDF's streams: compressed with libdeflate, held in memory as
 * libharu reads them.
 *
 * libharu 2.3.0 deflates each stream as it saves the document, with zlib at
 * its default level, reading its memory streams through a copy loop of its
 * own a byte at a time; the embedded fonts and the page contents made that
 * most of the time of a document. libdeflate gives the same compression in
 * about half the time, in one call over the whole stream. So, once
 * everything is drawn, every stream libharu would deflate is deflated here
 * instead, its data replaced by a read-only stream over the compressed
 * bytes, libharu's filter turned off and the Filter entry written by a hook
 * of the stream's dictionary. The page contents (pdf.c) and the font files
 * (fonts.c) go the same way as they are made. */
#include "pdf_internal.h"

#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_mmgr.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

/* The dictionary's part of a stream that is deflated already. */
static HPDF_STATUS flate_filter(HPDF_Dict dict, HPDF_Stream s)
{
    (void)dict;
    return HPDF_Stream_WriteStr(s, "/Filter /FlateDecode\012");
}

/* ---- A read-only stream over bytes in memory ---- */

typedef struct rattr {
    const unsigned char *data;
    size_t len, pos;
    void (*release)(void *);
    void *owner;
} rattr;

/* as libharu's memory streams: a short read is the end of the stream */
static HPDF_STATUS r_read(HPDF_Stream s, HPDF_BYTE *buf, HPDF_UINT *size)
{
    rattr *a = s->attr;
    size_t left = a->len - a->pos, n = *size < left ? *size : left;
    memcpy(buf, a->data + a->pos, n);
    a->pos += n;
    bool end = n < *size;
    *size = (HPDF_UINT)n;
    return end ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS r_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
    rattr *a = s->attr;
    long long p = mode == HPDF_SEEK_CUR ? (long long)a->pos + pos : mode == HPDF_SEEK_END ? (long long)a->len - pos : pos;
    if (p < 0 || (unsigned long long)p > a->len) return HPDF_SetError(s->error, HPDF_STREAM_EOF, 0);
    a->pos = (size_t)p;
    return HPDF_OK;
}

static HPDF_INT32 r_tell(HPDF_Stream s) { return (HPDF_INT32)((rattr *)s->attr)->pos; }

static HPDF_UINT32 r_size(HPDF_Stream s) { return (HPDF_UINT32)((rattr *)s->attr)->len; }

static void r_free(HPDF_Stream s)
{
    rattr *a = s->attr;
    if (!a) return;
    if (a->release) a->release(a->owner);
    HPDF_FreeMem(s->mmgr, a);
    s->attr = NULL;
}

HPDF_Stream gk_pdf_read_stream(HPDF_MMgr mm, const void *data, size_t len, void (*release)(void *), void *owner)
{
    if (len > 0x7FFFFFFF) return NULL;
    HPDF_Stream s = HPDF_GetMem(mm, sizeof *s);
    rattr *a = s ? HPDF_GetMem(mm, sizeof *a) : NULL;
    if (!a) {
        if (s) HPDF_FreeMem(mm, s);
        return NULL;
    }
    memset(s, 0, sizeof *s);
    s->sig_bytes = HPDF_STREAM_SIG_BYTES;
    s->type = HPDF_STREAM_CALLBACK;
    s->mmgr = mm;
    s->error = mm->error;
    s->size = (HPDF_UINT)len;
    s->read_fn = r_read;
    s->seek_fn = r_seek;
    s->tell_fn = r_tell;
    s->size_fn = r_size;
    s->free_fn = r_free;
    a->data = data;
    a->len = len;
    a->pos = 0;
    a->release = release;
    a->owner = owner;
    s->attr = a;
    return s;
}

/* ---- Deflating ---- */

/* Makes the n bytes at z (malloc'd, taken; n 0: compression failed) the
 * deflated data of stream dictionary d. */
static bool install(HPDF_Dict d, unsigned char *z, size_t n)
{
    HPDF_Stream s = n ? gk_pdf_read_stream(d->mmgr, z, n, free, z) : NULL;
    if (!s) {
        free(z);
        return false;
    }
    HPDF_Stream_Free(d->stream);
    d->stream = s;
    d->filter = HPDF_STREAM_FILTER_NONE;
    d->write_fn = flate_filter;
    return true;
}

bool gk_flate_set(HPDF_Dict d, const void *data, size_t len)
{
    /* the zip writer's (zipper.h): a font subset deflated for the OFD is
     * the PDF's FontFile2 too */
    struct libdeflate_compressor *compressor = gk_deflate_compressor();
    if (!compressor) return false;
    size_t bound = libdeflate_zlib_compress_bound(compressor, len);
    unsigned char *z = malloc(bound);
    if (!z) return false;
    return install(d, z, libdeflate_zlib_compress(compressor, data, len, z, bound));
}

/* The zlib header libdeflate_zlib_compress writes at GK_DEFLATE_LEVEL:
 * deflate with a 32 KiB window (0x78), "default compression", as it marks
 * levels 6 and 7, and the check bits (0x9C). */
static const unsigned char zlib_header[2] = {0x78, 0x9C};

bool gk_flate_set_deflated(HPDF_Dict d, const gk_deflated *raw)
{
    /* the zlib stream around the raw one: what libdeflate_zlib_compress
     * makes of the same data, at the same level */
    unsigned char *z = malloc(raw->len + 6);
    if (!z) return false;
    memcpy(z, zlib_header, 2);
    memcpy(z + 2, raw->data, raw->len);
    for (int k = 0; k < 4; k++) z[2 + raw->len + k] = (unsigned char)(raw->adler32 >> (24 - 8 * k));
    return install(d, z, raw->len + 6);
}

/* The data of a stream libharu holds in memory, in one piece (NULL and
 * *len 0 when empty or out of memory). */
static unsigned char *gather(HPDF_Stream s, size_t *len)
{
    *len = 0;
    if (s->type != HPDF_STREAM_MEMORY || !s->size) return NULL;
    unsigned char *buf = malloc(s->size);
    if (!buf) return NULL;
    for (HPDF_UINT k = 0, n = HPDF_MemStream_GetBufCount(s); k < n; k++) {
        HPDF_UINT part = 0;
        HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, k, &part);
        if (!p || *len + part > s->size) {
            free(buf);
            *len = 0;
            return NULL;
        }
        memcpy(buf + *len, p, part);
        *len += part;
    }
    return buf;
}

/* Deflates stream dictionary d when libharu would (filter FLATE, or
 * `flate` for the streams whose filter is set at writing). False when out
 * of memory; a stream that cannot be gathered (empty) stays as it is, for
 * libharu to write. */
static bool deflate_dict(HPDF_Dict d, bool flate)
{
    if (!d || !d->stream || d->write_fn || !(flate || (d->filter & HPDF_STREAM_FILTER_FLATE_DECODE))) return true;
    size_t len;
    unsigned char *data = gather(d->stream, &len);
    bool ok = data && gk_flate_set(d, data, len);
    free(data);
    return ok || !len;
}

bool gk_flate_streams(HPDF_Doc pdf)
{
    HPDF_Xref x = pdf->xref;
    for (HPDF_UINT i = 0; i < x->entries->count; i++) {
        HPDF_XrefEntry e = HPDF_Xref_GetEntry(x, i);
        HPDF_Obj_Header *h = e ? e->obj : NULL;
        if (!h || (h->obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_DICT) continue;
        HPDF_Dict d = e->obj;
        if ((h->obj_class & 0xFF00) == HPDF_OSUBCLASS_FONT && d->attr) {
            /* a Type0 font gives its ToUnicode stream (and a CIDToGIDMap
             * libharu made, which ours have not: fonts.c) its
             * own filter as it is written */
            HPDF_FontAttr a = d->attr;
            if (a->type == HPDF_FONT_TYPE0_TT || a->type == HPDF_FONT_TYPE0_CID) {
                bool flate = (d->filter & HPDF_STREAM_FILTER_FLATE_DECODE) != 0;
                if (!deflate_dict(a->map_stream, flate) || !deflate_dict(a->cmap_stream, flate)) return false;
                if ((!a->map_stream || a->map_stream->write_fn) && (!a->cmap_stream || a->cmap_stream->write_fn))
                    d->filter = HPDF_STREAM_FILTER_NONE;
            }
            continue;
        }
        if (!deflate_dict(d, false)) return false;
    }
    return true;
}
