/* Reading a whole file that a user named: only a regular file, only up to a
 * bound. A FIFO, a device, a socket or a folder is refused before a byte is
 * read (opening never blocks: O_NONBLOCK), and a file longer than the bound is
 * refused after reading at most bound + 1 bytes, so /dev/zero, /dev/urandom or
 * a FIFO nobody writes to can neither hang gongkai nor fill its memory. */
#ifndef GK_FILE_H
#define GK_FILE_H

#include "buf.h"

#include <stddef.h>

typedef enum gk_file_status {
    GK_FILE_OK = 0,
    GK_FILE_CANNOT_OPEN, /* errno says why (ENOENT for a missing file or a dangling link) */
    GK_FILE_NOT_REGULAR, /* a folder, FIFO, device or socket */
    GK_FILE_TOO_LARGE,   /* longer than the bound */
    GK_FILE_READ_ERROR,  /* errno says why */
    GK_FILE_NOMEM
} gk_file_status;

/* Appends the contents of `path` to `out` (which the caller owns and frees,
 * also on failure). On failure `*why` (when not NULL) points at a static
 * English phrase for a message: "cannot open: No such file or directory",
 * "this is a folder, not a file", "this is not a regular file (a FIFO)",
 * "the file is larger than 16 MiB" ... The phrase is valid until the next
 * call from the same thread. */
gk_file_status gk_file_read(const char *path, size_t bound, gk_buf *out, const char **why);

/* Reads `path` whole into memory of its own, under the same rules as
 * gk_file_read, sized for the file: *data (the caller frees it) and *len.
 * For large files kept for the process (fonts): unlike a mapping, the bytes
 * cannot change or vanish under the process when the file is truncated or
 * rewritten meanwhile (a mapped page beyond the new end faults: SIGBUS). */
gk_file_status gk_file_load(const char *path, size_t bound, char **data, size_t *len, const char **why);

/* Maps `path` read-only into memory, under the same rules as gk_file_read
 * (a regular file of at most `bound` bytes, opened without blocking). On
 * success *data and *len describe the mapping, which the caller releases
 * with gk_file_unmap; an empty file is GK_FILE_TOO_LARGE's opposite and is
 * refused as GK_FILE_READ_ERROR ("the file is empty"). Large read-only files
 * are mapped rather than read, so they cost address space, not heap, and the
 * pages the process never touches are never read; but a page of a file
 * truncated meanwhile faults (SIGBUS): only for files nobody rewrites (fonts
 * use gk_file_load). */
gk_file_status gk_file_map(const char *path, size_t bound, const void **data, size_t *len, const char **why);
void gk_file_unmap(const void *data, size_t len);

/* NULL when `dir` is a folder that can be searched; otherwise a static phrase
 * for a message after "the template folder " or the like: "cannot be opened:
 * No such file or directory", "is a regular file, not a folder". */
const char *gk_file_folder_problem(const char *dir);

/* The kind of file at `path` for a message ("a folder", "a FIFO", "a character
 * device", ...), following links; "missing" when stat fails. */
const char *gk_file_kind(const char *path);

#endif
