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
 * For large files kept for the process (fonts), which are read rather than
 * mapped: the bytes cannot change or vanish under the process when the file
 * is truncated or rewritten meanwhile (a mapped page beyond the new end
 * would fault: SIGBUS). */
gk_file_status gk_file_load(const char *path, size_t bound, char **data, size_t *len, const char **why);

/* NULL when `dir` is a folder that can be searched; otherwise a static phrase
 * for a message after "the template folder " or the like: "cannot be opened:
 * No such file or directory", "is a regular file, not a folder". */
const char *gk_file_folder_problem(const char *dir);

/* The kind of file at `path` for a message ("a folder", "a FIFO", "a character
 * device", ...), following links; "missing" when stat fails. */
const char *gk_file_kind(const char *path);

/* Creates PATH.tmp-XXXXXX beside `path` (six random letters or digits, the
 * alphabet of mkstemp) for a file written in place of `path` and renamed
 * onto it: exclusively and never through a link (O_EXCL|O_NOFOLLOW: a name
 * planted in advance is passed over), with the mode the umask gives (mkstemp
 * would make it 0600), and locked (flock) while its descriptor is open, so
 * the cleaner of a later run can tell it from the leftover of a killed one.
 * Returns the descriptor and *tmp its name (the caller frees it); -1 and
 * *tmp NULL, errno set, when none can be made. */
int gk_file_open_temp(const char *path, char **tmp);

/* Where a library's short-lived scratch files go (libxlsxwriter 1.1.4 writes
 * each part of a workbook to a temporary file and zips them from there; it
 * has no in-memory mode): NULL when TMPDIR is set, which the library then
 * honours, or when no memory file system is at hand; otherwise /dev/shm,
 * when it is a world-writable sticky tmpfs folder. Creating and removing
 * some fifty files a workbook on the output's disk file system would leave
 * that many recently freed inodes, which ext4 steps past on every file it
 * creates afterwards: in a batch the documents' own files grew ten times
 * dearer to create. Decided once a process. */
const char *gk_file_scratch_dir(void);

#endif
