/* gongkai batch INPUT_DIR|MANIFEST -o OUT_DIR [-j N] [--format LIST] [--shard K/N] [--force]
 *
 * The parent lists the departments (every .json/.ini of a folder, or the
 * rows of a CSV or JSON manifest), keeps its shard, and forks N workers,
 * handing each one department at a time through a pipe of its own. A worker
 * that crashes, is killed or exceeds its limits (--max-memory,
 * --max-seconds) costs only the department it held: the parent sees its
 * pipe close, learns how it ended (waitpid), records that in the
 * department's stamp, starts another worker and goes on with the others. Each department's outputs
 * are written atomically and then its stamp, OUT/.gongkai/NAME.json (input
 * SHA-256, the setup's fingerprint, status, diagnostics, outputs with sizes
 * and SHA-256). A department whose stamp matches is skipped, so an
 * interrupted batch resumes where it stopped; the index (index.json,
 * index.csv) is made from the stamps at the end. One department's bad input
 * never stops the others.
 *
 * This file is the command (its options, the checks before anything is
 * rendered, the order of the steps); each step is a file of its own:
 * batch_list.c lists the departments, batch_files.c writes atomically and
 * removes leftovers, batch_stamp.c makes the setup's fingerprint, the stamps
 * and the index, batch_job.c renders one department in a worker and
 * batch_pool.c runs the workers and shows the progress (batch_types.h holds
 * what they share, batch_util.c the small helpers). */
#define _GNU_SOURCE
#include "batch.h"

#include "batch_files.h"
#include "batch_list.h"
#include "batch_pool.h"
#include "batch_stamp.h"
#include "batch_util.h"
#include "file.h"
#include "gongkai.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const gk_cli_batch_usage =
    "usage: gongkai batch INPUT_DIR|MANIFEST -o OUT_DIR [-j N] [--format LIST] [--shard K/N]\n"
    "                     [--force] [--template-dir DIR | --profile DIR] [--fontset FILE]\n"
    "                     [--max-memory MIB] [--max-seconds S]\n"
    "\n"
    "Renders every department of a county. INPUT_DIR means every .json, .ini and .xlsx\n"
    "file in it (x.json beside x.xlsx: the workbook's outputs are x-xlsx.*); a MANIFEST\n"
    "(.csv or .json) lists them: CSV with a header row naming the columns input\n"
    "(required), name, template and profile (RFC 4180: a quoted field may hold commas,\n"
    "quotes and line breaks; a UTF-8 byte-order mark is allowed); JSON as an array of\n"
    "objects with the same keys. Paths in a manifest are relative to it. `name` is the\n"
    "output file stem (default: the input's stem; characters a file name cannot hold are\n"
    "replaced); `template` picks the document (e.g. goals) instead of the input's own: a\n"
    "name of letters, digits, - and _ from the template folder or the built-in ones;\n"
    "`profile` is a county's profile folder (as --profile, relative to the manifest) for\n"
    "that department, over the command line's --profile or --template-dir.\n"
    "A manifest of either kind is at most 16 MiB, lists at most 10000 departments (so\n"
    "does a folder), and each field is at most 65536 bytes; a manifest with any error is\n"
    "refused as a whole, with every error reported.\n"
    "\n"
    "  -o, --output DIR      output folder (created); outputs are OUT_DIR/NAME.FORMAT;\n"
    "                        neither the input folder nor inside or around it\n"
    "  -j, --jobs N          parallel jobs (default: the number of cores)\n"
    "  -f, --format LIST     formats, comma-separated (default docx)\n"
    "      --shard K/N       only the K-th of N stable shares of the departments, so N\n"
    "                        machines can share a province (index-K-of-N.json)\n"
    "      --force           render every department again, even when unchanged\n"
    "  -t, --template-dir D  templates as for render; --fontset FILE as for render\n"
    "      --profile DIR     a county's profile as for render (templates, rules, fonts)\n"
    "      --max-memory MIB  the address space one department's job may use\n"
    "      --max-seconds S   the CPU time one department's job may use\n"
    "\n"
    "Each department runs in a job of its own: one that crashes, is killed or exceeds a\n"
    "limit is recorded as `crashed` (with the signal) and the others go on. A department\n"
    "whose input, templates, fontset, formats and program are unchanged since its last\n"
    "successful run is skipped, so a batch that was interrupted resumes; any other is\n"
    "tried again. A department that is invalid, failed or crashed has its documents of\n"
    "an earlier run removed, so OUT_DIR never publishes a document whose input is now\n"
    "refused. Progress goes to standard error (a bar on a terminal, lines otherwise).\n"
    "OUT_DIR/index.json and index.csv list every department: status, outputs, sizes,\n"
    "SHA-256 and diagnostics. Temporary files left by a killed run are removed by the next.\n"
    "\n"
    "exit status: 0 all departments rendered, 1 some had errors, 2 usage (also a manifest\n"
    "with errors), 3 I/O error or a crashed department.\n";

/* FNV-1a of a department's name: its shard does not depend on the order or
 * the number of the others. */
static unsigned shard_of(const char *name, int n)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) h = (h ^ *p) * 16777619u;
    return h % (unsigned)n;
}

void gk_cli_print_formats(FILE *f)
{
    fputs("\nFormats (the first is the default):\n", f);
    const gk_format *fmt;
    for (size_t i = 0; (fmt = gk_format_at(i)); i++) fprintf(f, "  %-6s %s\n", fmt->name, fmt->what);
}

const char *gk_cli_profile_fontset(const char *dir, char *buf, size_t size)
{
    int n = snprintf(buf, size, "%s/profile.fontset", dir);
    struct stat st;
    return n > 0 && (size_t)n < size && lstat(buf, &st) == 0 ? buf : NULL;
}

const char *gk_cli_formats_problem(const char *list)
{
    static char why[200];
    if (!*list) {
        snprintf(why, sizeof why, "--format needs at least one format (%s)", gk_format_names());
        return why;
    }
    const gk_format *seen[32] = {NULL};
    size_t nseen = 0;
    for (const char *p = list;;) {
        size_t n = strcspn(p, ",");
        const gk_format *f = gk_format_find(p, n);
        bool twice = false;
        for (size_t k = 0; f && k < nseen; k++) twice = twice || seen[k] == f;
        if (n == 0) snprintf(why, sizeof why, "an empty format in --format %.100s (%s)", list, gk_format_names());
        else if (!f) snprintf(why, sizeof why, "unknown format %.*s (%s)", (int)(n < 60 ? n : 60), p, gk_format_names());
        else if (twice) snprintf(why, sizeof why, "--format names %s twice", f->name);
        if (n == 0 || !f || twice) return why;
        if (nseen < sizeof seen / sizeof seen[0]) seen[nseen++] = f;
        if (!p[n]) return NULL;
        p += n + 1;
    }
}

/* The absolute form of a path, links resolved, also when its last
 * components do not exist yet (an output folder to be made). */
static char *resolved(const char *path)
{
    char *r = realpath(path, NULL);
    if (r || errno != ENOENT) return r;
    char *copy = gk_batch_strdup(path);
    size_t n = strlen(copy);
    while (n > 1 && copy[n - 1] == '/') copy[--n] = '\0';
    char *slash = strrchr(copy, '/');
    char *parent = slash ? (slash == copy ? gk_batch_strdup("/") : (slash[0] = '\0', gk_batch_strdup(copy))) : gk_batch_strdup(".");
    const char *base = slash ? slash + 1 : copy;
    char *rp = strcmp(parent, path) != 0 ? resolved(parent) : NULL;
    char *out = rp ? gk_batch_printf("%s%s%s", rp, strcmp(rp, "/") == 0 ? "" : "/", base) : NULL;
    free(rp);
    free(parent);
    free(copy);
    return out;
}

/* Is a the folder b or inside it? */
static bool within(const char *a, const char *b)
{
    size_t n = strlen(b);
    if (strcmp(b, "/") == 0) return true;
    return strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/');
}

/* The output folder must be apart from the departments' folder: OUT = IN
 * would list index.json as a department on the next run, and one inside the
 * other mixes documents with inputs. For a manifest, its own folder is IN. */
static bool folders_apart(const options *o, bool folder)
{
    char *in_dir = folder ? gk_batch_strdup(o->source) : gk_batch_dir_of(o->source);
    char *in = resolved(in_dir), *out = resolved(o->out);
    bool ok = true;
    if (in && out && (folder ? within(out, in) || within(in, out) : strcmp(in, out) == 0)) {
        fprintf(stderr,
                strcmp(in, out) == 0 ? "gongkai: the output folder %s is the folder of the departments %s; choose another\n"
                : within(out, in)    ? "gongkai: the output folder %s is inside the folder of the departments %s; choose one outside it\n"
                                     : "gongkai: the output folder %s holds the folder of the departments %s; choose one apart from it\n",
                o->out, in_dir);
        ok = false;
    }
    free(in);
    free(out);
    free(in_dir);
    return ok;
}

/* A positive number of at most max for an option, or -1. */
static long option_number(const char *s, long max)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    return errno || end == s || *end || v < 0 || v > max ? -1 : v;
}

/* Makes a folder unless it is there already (another run may make it at the
 * same moment: EEXIST of a folder is fine). */
static bool make_folder(const char *path, bool follow)
{
    struct stat st;
    if (mkdir(path, 0777) == 0) return true;
    if (errno != EEXIST) return false;
    if ((follow ? stat(path, &st) : lstat(path, &st)) != 0) return false;
    if (S_ISDIR(st.st_mode)) return true;
    errno = ENOTDIR;
    return false;
}

int gk_cli_batch(int argc, char **argv)
{
    options o = {0};
    const char *profile = NULL; /* --profile DIR: the template folder, and its profile.fontset */
    o.formats = gk_format_at(0)->name;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        long *number = NULL, max = 0;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(gk_cli_batch_usage, stdout);
            gk_cli_print_formats(stdout);
            return EXIT_OK;
        }
        else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && val) o.out = argv[++i];
        else if ((strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) && val) {
            long n = option_number(argv[++i], 1024);
            if (n < 0) {
                fprintf(stderr, "gongkai: --jobs takes a number from 0 (the number of cores) to 1024, not %s\n", argv[i]);
                return EXIT_USAGE;
            }
            o.workers = (int)n;
        } else if ((strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0) && val) o.formats = argv[++i];
        else if ((strcmp(a, "-t") == 0 || strcmp(a, "--template-dir") == 0) && val) o.template_dir = argv[++i];
        else if (strcmp(a, "--profile") == 0 && val) o.template_dir = profile = argv[++i];
        else if (strcmp(a, "--fontset") == 0 && val) o.fontset = argv[++i], o.fontset_given = true;
        else if (strcmp(a, "--force") == 0) o.force = true;
        else if (strcmp(a, "--max-memory") == 0 && val) number = &o.max_memory_mib, max = 1L << 30;
        else if (strcmp(a, "--max-seconds") == 0 && val) number = &o.max_seconds, max = 1L << 30;
        else if (strcmp(a, "--shard") == 0 && val) {
            if (sscanf(argv[++i], "%d/%d", &o.shard_k, &o.shard_n) != 2 || o.shard_n < 1 || o.shard_k < 1 ||
                o.shard_k > o.shard_n) {
                fprintf(stderr, "gongkai: --shard takes K/N with 1 ≤ K ≤ N\n\n%s", gk_cli_batch_usage);
                return EXIT_USAGE;
            }
        } else if (a[0] == '-') {
            fprintf(stderr, "gongkai: unknown option or missing value: %s\n\n%s", a, gk_cli_batch_usage);
            return EXIT_USAGE;
        } else if (!o.source) o.source = a;
        else {
            fprintf(stderr, "gongkai: batch takes one INPUT_DIR or MANIFEST; %s is one too many\n", a);
            return EXIT_USAGE;
        }
        if (number) {
            *number = option_number(argv[++i], max);
            if (*number <= 0) {
                fprintf(stderr, "gongkai: %s takes a positive whole number, not %s\n", a, argv[i]);
                return EXIT_USAGE;
            }
        }
    }
    if (!o.source || !o.out) {
        fprintf(stderr, "gongkai: batch needs an INPUT_DIR or MANIFEST and -o OUT_DIR\n\n%s", gk_cli_batch_usage);
        return EXIT_USAGE;
    }
    const char *bad_formats = gk_cli_formats_problem(o.formats);
    if (bad_formats) {
        fprintf(stderr, "gongkai: %s\n", bad_formats);
        return EXIT_USAGE;
    }
    const char *bad_dir = o.template_dir ? gk_file_folder_problem(o.template_dir) : NULL;
    if (bad_dir) { /* before anything is rendered: every department would fail alike */
        fprintf(stderr, "%s:0:0: error: the template folder %s\n", o.template_dir, bad_dir);
        return EXIT_IO;
    }
    static char profile_fontset[4096];
    if (profile && !o.fontset) {
        const char *f = gk_cli_profile_fontset(profile, profile_fontset, sizeof profile_fontset);
        if (f) o.fontset = f;
    }
    if (o.workers <= 0) o.workers = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (o.workers <= 0) o.workers = 1;

    /* the departments */
    jobs js = {0};
    struct stat st;
    if (stat(o.source, &st) != 0) {
        fprintf(stderr, "gongkai: %s: %s\n", o.source, strerror(errno));
        return EXIT_IO;
    }
    bool folder = S_ISDIR(st.st_mode);
    if (!folder && !gk_batch_ends_with(o.source, ".csv") && !gk_batch_ends_with(o.source, ".json")) {
        fprintf(stderr, "gongkai: %s is neither a folder nor a .csv or .json manifest\n", o.source);
        return EXIT_USAGE;
    }
    if (!folders_apart(&o, folder)) return EXIT_USAGE;
    bool listed = folder ? gk_batch_list_folder(o.source, &js) : gk_batch_ends_with(o.source, ".csv") ? gk_batch_list_csv(o.source, &js)
                                                                                      : gk_batch_list_json(o.source, &js);
    if (!listed) {
        fprintf(stderr, "gongkai: cannot read the departments of %s%s\n", o.source,
                folder ? "" : "; correct the manifest: nothing was rendered");
        gk_batch_free_jobs(&js);
        return folder && js.n < MAX_DEPARTMENTS ? EXIT_IO : EXIT_USAGE;
    }
    if (!js.n) {
        fprintf(stderr, "gongkai: %s holds no department (no .json or .ini file); nothing to do\n", o.source);
        gk_batch_free_jobs(&js);
        return EXIT_USAGE;
    }
    if (!gk_batch_unique_names(&js, o.source)) {
        gk_batch_free_jobs(&js);
        return EXIT_USAGE;
    }
    if (o.shard_n) { /* keep this shard's share */
        size_t k = 0;
        for (size_t i = 0; i < js.n; i++) {
            if (shard_of(js.v[i].name, o.shard_n) == (unsigned)(o.shard_k - 1)) js.v[k++] = js.v[i];
            else gk_batch_free_job(&js.v[i]);
        }
        js.n = k;
    }

    char *stamps = gk_batch_join(o.out, ".gongkai");
    bool made = make_folder(o.out, true);
    if (!made || !make_folder(stamps, false)) { /* .gongkai is ours: a link there is not followed */
        fprintf(stderr, "gongkai: cannot create %s: %s\n", made ? stamps : o.out, strerror(errno));
        free(stamps);
        gk_batch_free_jobs(&js);
        return EXIT_IO;
    }
    free(stamps);
    char index[64] = "index";
    if (o.shard_n) snprintf(index, sizeof index, "index-%d-of-%d", o.shard_k, o.shard_n);
    gk_batch_clean(&o, &js, index); /* what killed runs left of this shard's departments */
    char setup[65];
    gk_batch_setup_fingerprint(&o, setup);

    if (o.workers > (int)js.n) o.workers = js.n ? (int)js.n : 1;
    progress p = {js.n, 0, {0}, gk_batch_now(), isatty(2) != 0};
    gk_batch_run_all(&o, &js, setup, &p);
    gk_batch_write_index(&o, &js, index);
    gk_batch_clean(&o, &js, index); /* what crashed jobs left */
    fprintf(stderr, "gongkai: %zu departments: %zu rendered, %zu unchanged, %zu with errors, %zu failed, %zu crashed (%.1f s)\n",
            js.n, p.counts[ST_OK], p.counts[ST_UNCHANGED], p.counts[ST_INVALID], p.counts[ST_ERROR],
            p.counts[ST_CRASHED], gk_batch_now() - p.start);
    gk_batch_free_jobs(&js);
    return p.counts[ST_ERROR] || p.counts[ST_CRASHED] ? EXIT_IO : p.counts[ST_INVALID] ? EXIT_INVALID : EXIT_OK;
}
