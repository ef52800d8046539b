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

typedef struct gk_zip_entry {
    const char *name; /* "word/document.xml": forward slashes, no leading slash */
    const void *data; /* borrowed: must live until gk_zip_write returns */
    size_t len;
} gk_zip_entry;

/* Writes the `n` entries to the file `path` (created or truncated). False
 * with the reason appended to `error` (the system's words for a failed
 * write: "No space left on device"). */
bool gk_zip_write(const char *path, const gk_zip_entry *entries, size_t n, gk_buf *error);

#endif
