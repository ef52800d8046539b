#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <stdbool.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

static const char *kind_of(mode_t m)
{
    if (S_ISREG(m)) return "a regular file";
    if (S_ISDIR(m)) return "a folder";
    if (S_ISFIFO(m)) return "a FIFO";
    if (S_ISCHR(m)) return "a character device";
    if (S_ISBLK(m)) return "a block device";
    if (S_ISSOCK(m)) return "a socket";
    return "not a regular file";
}

const char *gk_file_kind(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? kind_of(st.st_mode) : "missing";
}

/* Six random letters and digits, the alphabet of mkstemp. */
static void random_suffix(char out[7])
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char r[6];
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
        unsigned long x = (unsigned long)getpid() * 2654435761u ^ (unsigned long)time(NULL) ^ (unsigned long)clock();
        for (int i = 0; i < 6; i++, x /= 62) r[i] = (unsigned char)(x % 62);
    }
    for (int i = 0; i < 6; i++) out[i] = abc[r[i] % 62];
    out[6] = '\0';
}

int gk_file_open_temp(const char *path, char **tmp)
{
    size_t n = strlen(path) + sizeof ".tmp-XXXXXX";
    char *name = malloc(n);
    *tmp = NULL;
    if (!name) {
        errno = ENOMEM;
        return -1;
    }
    int fd = -1;
    for (int tries = 0; fd < 0 && tries < 100; tries++) {
        char suffix[7];
        random_suffix(suffix);
        snprintf(name, n, "%s.tmp-%s", path, suffix);
        fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) {
        int saved = errno;
        free(name);
        errno = saved;
        return -1;
    }
    flock(fd, LOCK_EX);
    *tmp = name;
    return fd;
}

static const char *memory_dir(void)
{
    static const char shm[] = "/dev/shm";
    const char *env = getenv("TMPDIR");
    if (env && *env) return NULL;
    struct stat st;
    struct statfs fs;
    bool usable = stat(shm, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 01777) == 01777 &&
                  statfs(shm, &fs) == 0 && fs.f_type == TMPFS_MAGIC && access(shm, W_OK | X_OK) == 0;
    return usable ? shm : NULL;
}

const char *gk_file_scratch_dir(void)
{
    static bool known;
    static const char *dir;
    if (!known) dir = memory_dir(), known = true;
    return dir;
}

static _Thread_local char why_buf[160];

static const char *say(const char *fmt, const char *arg);

const char *gk_file_folder_problem(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0) return say("cannot be opened: %s", strerror(errno));
    if (!S_ISDIR(st.st_mode)) return say("is %s, not a folder", kind_of(st.st_mode));
    return NULL;
}

static const char *say(const char *fmt, const char *arg)
{
    snprintf(why_buf, sizeof why_buf, fmt, arg);
    return why_buf;
}

static const char *size_words(size_t bound)
{
    static _Thread_local char s[32];
    if (bound >= 1024 * 1024 && bound % (1024 * 1024) == 0)
        snprintf(s, sizeof s, "%zu MiB", bound / (1024 * 1024));
    else if (bound >= 1024 && bound % 1024 == 0)
        snprintf(s, sizeof s, "%zu KiB", bound / 1024);
    else
        snprintf(s, sizeof s, "%zu bytes", bound);
    return s;
}

/* Opens `path` for reading without blocking and checks that it is a regular
 * file of at most `bound` bytes; the descriptor in *fd, its size in *size. */
static gk_file_status open_regular(const char *path, size_t bound, int *fd, size_t *size, const char **why)
{
    /* O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever. */
    *fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (*fd < 0) {
        *why = say("cannot open: %s", strerror(errno));
        return GK_FILE_CANNOT_OPEN;
    }
    struct stat st;
    gk_file_status res = GK_FILE_OK;
    if (fstat(*fd, &st) != 0) {
        *why = say("cannot read: %s", strerror(errno));
        res = GK_FILE_READ_ERROR;
    } else if (!S_ISREG(st.st_mode)) {
        *why = S_ISDIR(st.st_mode) ? "this is a folder, not a file"
                                   : say("this is not a regular file (%s)", kind_of(st.st_mode));
        res = GK_FILE_NOT_REGULAR;
    } else if ((unsigned long long)st.st_size > bound) {
        *why = say("the file is larger than %s", size_words(bound));
        res = GK_FILE_TOO_LARGE;
    }
    if (res != GK_FILE_OK) {
        close(*fd);
        *fd = -1;
        return res;
    }
    *size = (size_t)st.st_size;
    return GK_FILE_OK;
}

gk_file_status gk_file_load(const char *path, size_t bound, char **data, size_t *len, const char **why)
{
    const char *dummy;
    if (!why) why = &dummy;
    *data = NULL;
    *len = 0;
    int fd;
    size_t size;
    gk_file_status res = open_regular(path, bound, &fd, &size, why);
    if (res != GK_FILE_OK) return res;
    /* sized by fstat and read straight into place: one copy, no regrowth
     * (a 5 MiB font through gk_file_read's chunks cost twice the
     * instructions). The size may still change while reading: a file that
     * grew is read on, up to bound + 1, one that shrank is what is left. */
    size_t cap = size + 1, total = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (total == cap) {
            size_t more = cap > bound + 1 - cap ? bound + 1 : 2 * cap;
            char *p = more > cap ? realloc(buf, more) : NULL;
            if (!p) break;
            buf = p, cap = more;
        }
        ssize_t n = read(fd, buf + total, cap - total);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            *why = say("cannot read: %s", strerror(errno));
            res = GK_FILE_READ_ERROR;
            break;
        }
        if (n == 0) break;
        total += (size_t)n;
        if (total > bound) {
            *why = say("the file is larger than %s", size_words(bound));
            res = GK_FILE_TOO_LARGE;
            break;
        }
    }
    close(fd);
    if (res == GK_FILE_OK && (!buf || total == cap)) { /* out of memory (a full buffer could not grow) */
        *why = "cannot read: out of memory";
        res = GK_FILE_NOMEM;
    }
    if (res != GK_FILE_OK) {
        free(buf);
        return res;
    }
    *data = buf;
    *len = total;
    return GK_FILE_OK;
}

gk_file_status gk_file_read(const char *path, size_t bound, gk_buf *out, const char **why)
{
    const char *dummy;
    if (!why) why = &dummy;
    int fd;
    size_t size;
    gk_file_status res = open_regular(path, bound, &fd, &size, why);
    if (res != GK_FILE_OK) return res;
    /* The size may change while reading: read until the end, at most bound + 1. */
    char chunk[65536];
    size_t total = 0;
    for (;;) {
        size_t want = sizeof chunk;
        if (want > bound + 1 - total) want = bound + 1 - total;
        ssize_t n = read(fd, chunk, want);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            *why = say("cannot read: %s", strerror(errno));
            close(fd);
            return GK_FILE_READ_ERROR;
        }
        if (n == 0) break;
        gk_buf_append(out, chunk, (size_t)n);
        total += (size_t)n;
        if (total > bound) {
            *why = say("the file is larger than %s", size_words(bound));
            close(fd);
            return GK_FILE_TOO_LARGE;
        }
    }
    close(fd);
    if (out->oom) {
        *why = "cannot read: out of memory";
        return GK_FILE_NOMEM;
    }
    return GK_FILE_OK;
}
