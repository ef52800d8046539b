/* gongkai batch: the worker pool (forked workers, one department at a
 * time each through a pipe of its own; a worker that dies costs only its
 * department) and the progress on standard error. */
#define _GNU_SOURCE /* sigabbrev_np */
#include "batch_pool.h"

#include "batch_job.h"
#include "batch_stamp.h"
#include "batch_util.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

/* How a job ended, in words for its stamp and standard error ("killed by
 * SIGSEGV (Segmentation fault)"); *sig gets the signal's name or NULL. */
static void crash_words(int ws, const options *o, char *out, size_t n, char *sig, size_t sn)
{
    sig[0] = '\0';
    if (WIFSIGNALED(ws)) {
        int s = WTERMSIG(ws);
        const char *abbrev = sigabbrev_np(s);
        snprintf(sig, sn, "SIG%s", abbrev ? abbrev : "?");
        snprintf(out, n, "the job was killed by %s (%s)%s", sig, strsignal(s),
                 s == SIGXCPU && o->max_seconds ? ": it used more CPU time than --max-seconds allows" : "");
    } else {
        snprintf(out, n, "the job ended with exit status %d without a report%s", WEXITSTATUS(ws),
                 o->max_memory_mib ? " (perhaps beyond --max-memory)" : "");
    }
}

/* ---- the parent ---- */

double gk_batch_now(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static void show(progress *p, const job *j, int status, const char *why)
{
    p->done++;
    p->counts[status]++;
    double t = gk_batch_now() - p->start, rate = t > 0 ? (double)p->done / t : 0;
    double eta = rate > 0 ? (double)(p->total - p->done) / rate : 0;
    if (status == ST_CRASHED) { /* said on every kind of standard error, with its reason */
        if (p->tty) fputc('\n', stderr);
        fprintf(stderr, "%s:0:0: error: %s [department %s]\n", j->input, why, j->name);
    }
    if (p->tty) {
        int width = 30, filled = (int)(width * p->done / (p->total ? p->total : 1));
        fprintf(stderr, "\r[%.*s%.*s] %zu/%zu  %.1f/s  ETA %d:%02d  %zu failed ", filled,
                "##############################", width - filled, "------------------------------", p->done, p->total,
                rate, (int)eta / 60, (int)eta % 60, p->counts[ST_INVALID] + p->counts[ST_ERROR] + p->counts[ST_CRASHED]);
        if (p->done == p->total) fputc('\n', stderr);
    } else {
        fprintf(stderr, "[%zu/%zu] %s: %s\n", p->done, p->total, j->name, gk_batch_status_word(status));
    }
    fflush(stderr);
}

/* A worker: a child that renders the departments the parent hands it, one
 * at a time, and answers with a result each. Fonts and fontconfig stay
 * loaded from one department to the next. It dies with the parent (a
 * killed batch leaves no worker behind, and outputs being atomic, no
 * partial file). --max-seconds is the CPU time of each job: the soft limit
 * is moved on before each. */
typedef struct result {
    unsigned job;
    int status;
} result;

static _Noreturn void worker(const options *o, const jobs *js, const char *setup, int jobs_fd, int results_fd,
                             pid_t parent)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(0);
    if (o->max_memory_mib) {
        rlim_t bytes = (rlim_t)o->max_memory_mib * 1024 * 1024;
        setrlimit(RLIMIT_AS, &(struct rlimit){bytes, bytes});
    }
    unsigned k;
    while (read(jobs_fd, &k, sizeof k) == (ssize_t)sizeof k && k < js->n) {
        if (o->max_seconds) {
            struct rusage ru;
            struct rlimit cpu;
            getrusage(RUSAGE_SELF, &ru);
            getrlimit(RLIMIT_CPU, &cpu);
            rlim_t soft = (rlim_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + 1 + o->max_seconds);
            cpu.rlim_cur = cpu.rlim_max != RLIM_INFINITY && soft > cpu.rlim_max ? cpu.rlim_max : soft;
            setrlimit(RLIMIT_CPU, &cpu);
        }
        char *stamp = gk_batch_printf("%s/.gongkai/%s.json", o->out, js->v[k].name);
        result r = {k, gk_batch_run_job(o, &js->v[k], setup, stamp)};
        free(stamp);
        if (write(results_fd, &r, sizeof r) != (ssize_t)sizeof r) _exit(0);
    }
    _exit(0);
}

/* One worker as the parent sees it: the pipe it takes jobs from, the pipe
 * it answers on, the job it holds (-1: none). */
typedef struct slot {
    pid_t pid;
    int to, from;
    long job;
} slot;

static void close_slot(slot *w)
{
    if (w->to >= 0) close(w->to);
    if (w->from >= 0) close(w->from);
    *w = (slot){0, -1, -1, -1};
}

/* Starts a worker in w; false (w empty) when no process or pipe can be had. */
static bool start_worker(slot *w, slot *all, int n, const options *o, const jobs *js, const char *setup)
{
    int a[2], b[2];
    if (pipe(a) != 0) return false;
    if (pipe(b) != 0) {
        close(a[0]), close(a[1]);
        return false;
    }
    pid_t parent = getpid();
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        for (int i = 0; i < n; i++) /* the other workers' pipes are not this one's */
            if (&all[i] != w && all[i].pid > 0) close(all[i].to), close(all[i].from);
        close(a[1]), close(b[0]);
        worker(o, js, setup, a[0], b[1], parent);
    }
    close(a[0]), close(b[1]);
    if (pid < 0) {
        close(a[1]), close(b[0]);
        return false;
    }
    *w = (slot){pid, a[1], b[0], -1};
    return true;
}

/* Runs every job on at most o->workers workers. A worker whose pipe closes
 * before it answered has died (a crash, a signal, a limit): its job is
 * recorded as crashed, with how it ended, and a new worker takes its place,
 * so one department never takes those queued behind it. */
void gk_batch_run_all(const options *o, const jobs *js, const char *setup, progress *p)
{
    int n = o->workers;
    slot *w = malloc((size_t)n * sizeof *w);
    struct pollfd *fds = malloc((size_t)n * sizeof *fds);
    int *of = malloc((size_t)n * sizeof *of);
    if (!w || !fds || !of) exit(EXIT_IO);
    for (int i = 0; i < n; i++) w[i] = (slot){0, -1, -1, -1};
    signal(SIGPIPE, SIG_IGN); /* a write to a dead worker fails; its pipe says why */
    size_t next = 0;
    while (p->done < js->n) {
        int busy = 0;
        for (int i = 0; i < n; i++) {
            if (w[i].pid > 0 && w[i].job < 0 && waitpid(w[i].pid, NULL, WNOHANG) == w[i].pid)
                close_slot(&w[i]); /* died idle (killed from outside): nobody's department */
            if (w[i].pid <= 0 && next < js->n) start_worker(&w[i], w, n, o, js, setup);
            if (w[i].pid > 0 && w[i].job < 0 && next < js->n) {
                unsigned k = (unsigned)next;
                w[i].job = (long)next++;
                /* a worker that died idle fails this write; its pipe's end says so below */
                ssize_t sent = write(w[i].to, &k, sizeof k);
                (void)sent;
            }
            if (w[i].pid > 0 && w[i].job >= 0) fds[busy] = (struct pollfd){w[i].from, POLLIN, 0}, of[busy++] = i;
        }
        if (busy == 0 && next >= js->n) break; /* not reached: every department handed out is busy or done */
        if (busy == 0) { /* not one worker could be started: this department fails */
            char why[160];
            snprintf(why, sizeof why, "cannot start a worker: %s", strerror(errno));
            gk_batch_record_crash(o, &js->v[next], setup, why, "");
            show(p, &js->v[next], ST_CRASHED, why);
            next++;
            continue;
        }
        if (poll(fds, (nfds_t)busy, -1) < 0) {
            if (errno == EINTR) continue;
            perror("gongkai: poll");
            exit(EXIT_IO);
        }
        for (int b = 0; b < busy; b++) {
            if (!fds[b].revents) continue;
            slot *s = &w[of[b]];
            result r;
            ssize_t got = read(s->from, &r, sizeof r);
            if (got == (ssize_t)sizeof r && r.job == (unsigned)s->job && r.status >= 0 && r.status < ST_CRASHED) {
                s->job = -1;
                show(p, &js->v[r.job], r.status, NULL);
                continue;
            }
            if (got < 0 && errno == EINTR) continue;
            /* the worker is gone: how did it end? */
            const job *j = &js->v[s->job];
            int ws = 0;
            kill(s->pid, SIGKILL); /* in case it only closed its pipe */
            while (waitpid(s->pid, &ws, 0) < 0 && errno == EINTR) {}
            close_slot(s);
            char why[256], sig[32];
            crash_words(ws, o, why, sizeof why, sig, sizeof sig);
            gk_batch_record_crash(o, j, setup, why, sig);
            show(p, j, ST_CRASHED, why);
        }
    }
    for (int i = 0; i < n; i++) { /* the workers stop at the end of their pipe */
        pid_t pid = w[i].pid;
        close_slot(&w[i]);
        if (pid > 0) while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
    }
    free(w);
    free(fds);
    free(of);
}

