/* measure — runs a command within a time limit and reports what it used.
 *
 *   measure REPORT SECONDS COMMAND [ARG…]
 *
 * Runs COMMAND (its standard streams are this program's), stops it when it
 * has used SECONDS of CPU time, and writes one line to the file REPORT:
 * "SECONDS_USED MAX_RSS_KIB" (the CPU seconds, user and system, of the
 * command and of the children it waited for, with two decimals; the peak
 * resident set size of the command from wait4). Exits with the command's
 * exit status; 124 when it was stopped for running too long, 128 + N when
 * a signal N ended it, 127 when it could not be started.
 *
 * CPU time, not wall-clock time: the bound is on the work an input makes,
 * and a machine busy with other jobs (a parallel ctest, a fuzzer) stretches
 * wall-clock time several-fold without any more work being done. A command
 * that waits without working is stopped by wall-clock time too, at ten
 * times SECONDS. Each process of the command (a batch's workers) is held
 * to the bound by RLIMIT_CPU; the report sums them.
 *
 * It stands in for /usr/bin/time -v and timeout(1) together, so the
 * bad-input tests need neither (tests/bad/README.md).
 */
#define _DEFAULT_SOURCE /* wait4 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t timed_out;
static pid_t child;

static void on_alarm(int sig)
{
    (void)sig;
    timed_out = 1;
    kill(child, SIGKILL);
}

static double seconds(struct timeval t) { return (double)t.tv_sec + (double)t.tv_usec / 1e6; }

int main(int argc, char **argv)
{
    if (argc < 4) {
        fputs("usage: measure REPORT SECONDS COMMAND [ARG…]\n", stderr);
        return 2;
    }
    const char *report = argv[1];
    double limit = atof(argv[2]);
    child = fork();
    if (child < 0) {
        perror("measure: fork");
        return 127;
    }
    if (child == 0) {
        /* SIGXCPU at the bound, SIGKILL a second later if it is caught */
        rlim_t cpu = (rlim_t)limit + (limit > (double)(rlim_t)limit);
        struct rlimit rl = {cpu ? cpu : 1, (cpu ? cpu : 1) + 1};
        setrlimit(RLIMIT_CPU, &rl);
        execvp(argv[3], argv + 3);
        fprintf(stderr, "measure: cannot run %s: %s\n", argv[3], strerror(errno));
        _exit(127);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it;
    memset(&it, 0, sizeof it);
    double wall = 10 * limit;
    it.it_value.tv_sec = (time_t)wall;
    it.it_value.tv_usec = (suseconds_t)((wall - (double)(time_t)wall) * 1e6);
    setitimer(ITIMER_REAL, &it, NULL);
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(child, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("measure: wait4");
            return 127;
        }
    }
    double used = seconds(ru.ru_utime) + seconds(ru.ru_stime);
    FILE *f = fopen(report, "w");
    if (f) {
        fprintf(f, "%.2f %ld\n", used, ru.ru_maxrss);
        fclose(f);
    }
    if (timed_out || used >= limit) return 124;
    if (WIFSIGNALED(status) && (WTERMSIG(status) == SIGXCPU || WTERMSIG(status) == SIGKILL) && used >= limit - 1)
        return 124;
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}
