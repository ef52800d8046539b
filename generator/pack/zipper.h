/* A deterministic zip writer for the packages gongkai writes (DOCX, OFD):
 * the entries in the order given, each deflated (libdeflate, level 6) with a fixed
 * timestamp (1980-01-01 00:00, the first DOS date) and its name marked
 * UTF-8 when it is not ASCII, so the same parts give the same bytes. The archive is assembled in
 * memory and written to the path given, which is the caller's temporary
 * file: no temporary file of its own beside it.
 */
#ifndef GK_PACK_ZIPPER_H
#define GK_PACK_ZIPPER_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* libdeflate's level for every deflated stream: the zip entries, and the
 * PDF's streams (pdf/flate.c), whose font subsets shared with the OFD must
 * be deflated alike. Level 6: zlib's default ratio, twice as fast. */
#define GK_DEFLATE_LEVEL 6

struct libdeflate_compressor;
/* The process's compressor at GK_DEFLATE_LEVEL, which every deflated
 * stream goes through (one thread: a batch forks its workers), made on
 * first use; NULL when out of memory. Freed at exit (atexit) or by
 * gk_deflate_release, after which the next use makes it again. */
struct libdeflate_compressor *gk_deflate_compressor(void);
void gk_deflate_release(void);

/* Data deflated once for more than one writer: a font subset that a run
 * embeds in both its PDF (a zlib stream: a 2-byte header, these raw bytes,
 * the Adler-32) and its OFD (a zip entry: these raw bytes, the CRC-32). At
 * the zip writer's level the raw part of both is the same bytes, so it
 * need be made only once. */
typedef struct gk_deflated {
    unsigned char *data; /* the raw deflate stream (RFC 1951) */
    size_t len;
    uint32_t crc32;      /* of the data deflated */
    uint32_t adler32;
} gk_deflated;

/* Deflates `len` (> 0) bytes at `data` as gk_zip_write would, into *out
 * (free with gk_deflated_free). False when out of memory, *out empty. */
bool gk_deflate(const void *data, size_t len, gk_deflated *out);
void gk_deflated_free(gk_deflated *d);

typedef struct gk_zip_entry {
    const char *name; /* "word/document.xml": forward slashes, no leading slash */
    const void *data; /* borrowed: must live until gk_zip_write returns */
    size_t len;
    /* the data deflated already (gk_deflate of the same len bytes), written
     * as it is; NULL: deflated here */
    const gk_deflated *deflated;
} gk_zip_entry;

/* Writes the `n` entries to the file `path` (created or truncated). False
 * with the reason appended to `error` (the system's words for a failed
 * write: "No space left on device"). */
bool gk_zip_write(const char *path, const gk_zip_entry *entries, size_t n, gk_buf *error);

#endif
