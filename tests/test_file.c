/* The files gongkai writes beside a document (base/file.h): the temporary
 * that is renamed onto it, and where libxlsxwriter's scratch files go. */
#include "support.h"

#include "file.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

/* A fresh folder in /tmp; the test removes it. */
static char *folder(void)
{
    char *dir = gk_test_keep(strdup("/tmp/gk-test-file-XXXXXX"));
    assert_non_null(mkdtemp(dir));
    return dir;
}

static void test_open_temp(void **state)
{
    (void)state;
    char *dir = folder();
    char path[256];
    snprintf(path, sizeof path, "%s/q.pdf", dir);
    mode_t was = umask(022);
    char *a, *b;
    int fa = gk_file_open_temp(path, &a), fb = gk_file_open_temp(path, &b);
    umask(was);
    assert_true(fa >= 0 && fb >= 0);
    /* PATH.tmp- and six letters or digits, two calls two names */
    size_t n = strlen(path);
    assert_int_equal(strlen(a), n + 11);
    assert_memory_equal(a, path, n);
    assert_memory_equal(a + n, ".tmp-", 5);
    for (size_t i = n + 5; i < n + 11; i++) assert_true(isalnum((unsigned char)a[i]) != 0);
    assert_string_not_equal(a, b);
    /* the mode the umask gives, not mkstemp's 0600 */
    struct stat st;
    assert_int_equal(lstat(a, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(st.st_mode & 0777, 0644);
    /* locked while its descriptor is open: the cleaner of a later run
     * leaves it alone; free once it is closed */
    int probe = open(a, O_RDONLY);
    assert_true(probe >= 0);
    assert_int_not_equal(flock(probe, LOCK_EX | LOCK_NB), 0);
    assert_int_equal(errno, EWOULDBLOCK);
    close(fa);
    assert_int_equal(flock(probe, LOCK_EX | LOCK_NB), 0);
    close(probe);
    close(fb);
    unlink(a), unlink(b);
    free(a), free(b);
    /* in a folder that does not exist: nothing, and errno says why */
    snprintf(path, sizeof path, "%s/missing/q.pdf", dir);
    char *c = (char *)"unchanged";
    assert_int_equal(gk_file_open_temp(path, &c), -1);
    assert_int_equal(errno, ENOENT);
    assert_null(c);
    assert_int_equal(rmdir(dir), 0);
}

/* gk_file_scratch_dir in a child with TMPDIR set to `tmpdir` (NULL: unset):
 * 0 for NULL, 1 for /dev/shm, 2 for anything else. */
static int scratch_in_child(const char *tmpdir)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (tmpdir) setenv("TMPDIR", tmpdir, 1);
        else unsetenv("TMPDIR");
        const char *d = gk_file_scratch_dir();
        _exit(!d ? 0 : strcmp(d, "/dev/shm") == 0 ? 1 : 2);
    }
    int ws;
    assert_int_equal(waitpid(pid, &ws, 0), pid);
    assert_true(WIFEXITED(ws));
    return WEXITSTATUS(ws);
}

static void test_scratch_dir(void **state)
{
    (void)state;
    /* TMPDIR wins: the library is left to honour it */
    assert_int_equal(scratch_in_child("/var/tmp"), 0);
    /* otherwise /dev/shm exactly when it is a tmpfs folder */
    struct statfs fs;
    bool tmpfs = statfs("/dev/shm", &fs) == 0 && fs.f_type == TMPFS_MAGIC && access("/dev/shm", W_OK) == 0;
    assert_int_equal(scratch_in_child(NULL), tmpfs ? 1 : 0);
    /* an empty TMPDIR is no choice */
    assert_int_equal(scratch_in_child(""), tmpfs ? 1 : 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GK_TEST(test_open_temp),
        GK_TEST(test_scratch_dir),
    };
    return cmocka_run_group_tests_name("file", tests, NULL, NULL);
}
