/* gongkai — the command line. The library never prints; this file does. */
#include "batch.h"
#include "workbook_cmd.h"
#include "file.h"
#include "gongkai.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

static const char *const usage_main =
    "usage: gongkai <command> [options] FILE…\n"
    "\n"
    "Writes the budget-disclosure documents of a Hebei department (部门预算信息公开\n"
    "情况说明, 绩效目标表, 绩效自评表) from its data in JSON or INI.\n"
    "\n"
    "commands:\n"
    "  check FILE…          check the input: fields, types and every arithmetic identity\n"
    "  render FILE -o DIR   write the documents of one input into DIR\n"
    "  batch DIR -o OUT     render every department of a folder or manifest, in parallel\n"
    "  schema               print the JSON Schema of the input format\n"
    "  workbook [FILE] -o OUT.xlsx  the clerk's workbook to fill in (filled from FILE)\n"
    "\n"
    "options:\n"
    "  -h, --help           show this help (also: gongkai <command> --help)\n"
    "  --version            show the version\n"
    "\n"
    "examples:\n"
    "  gongkai check samples/*.json samples/*.ini\n"
    "  gongkai render samples/quyang-2020-budget.json -o out --format docx,txt\n"
    "\n"
    "exit status: 0 ok, 1 the input has errors, 2 usage error, 3 file cannot be read or written.\n"
    "The input format is described in schema/README.md, the templates in templates/README.md.\n";

static const char *const usage_check =
    "usage: gongkai check [--quiet] [--template-dir DIR | --profile DIR] FILE…\n"
    "\n"
    "Reads each FILE (JSON, or INI when the name ends in .ini) and reports every\n"
    "problem, all of them in one run, as\n"
    "  FILE:LINE:COL: error|warning: message [input path]\n"
    "The input path names the field, counting array items from 1\n"
    "(/projects/3/indicators/2/value). Totals are computed from their parts; a\n"
    "stated total that differs is an error naming both figures, and one that only\n"
    "differs by display rounding (尾差) is a warning.\n"
    "\n"
    "  -q, --quiet             print errors only, no warnings and no summary\n"
    "  -t, --template-dir DIR  read the rules files (NAME.rules: the identities\n"
    "                          checked) from DIR first, then the built-in ones;\n"
    "                          see templates/README.md\n"
    "      --profile DIR       a county's profile (templates/README.md, \"Profiles\"):\n"
    "                          for check the same as --template-dir\n"
    "\n"
    "exit status: 0 when every file is valid (warnings allowed), 1 when any has an\n"
    "error, 2 usage error, 3 a file cannot be read.\n";

static const char *const usage_render =
    "usage: gongkai render FILE -o DIR [--format LIST] [--template-dir DIR | --profile DIR]\n"
    "                      [--template NAME] [--fontset FILE]\n"
    "\n"
    "Checks FILE and writes its document to DIR/<stem>.<format>, where <stem> is\n"
    "the file name without its extension. Nothing is written when the input has\n"
    "errors, and a file is written completely or not at all.\n"
    "\n"
    "  -o, --output DIR        output directory (created if missing)\n"
    "  -f, --format LIST       comma-separated formats (below; default docx)\n"
    "  -t, --template-dir DIR  read templates (NAME.tmpl) and rules files\n"
    "                          (NAME.rules) from DIR first, then the built-in\n"
    "                          ones; see templates/README.md\n"
    "      --profile DIR       a county's profile (templates/README.md, \"Profiles\"):\n"
    "                          its templates and rules as --template-dir, and its\n"
    "                          fonts, DIR/profile.fontset, when it has them\n"
    "      --template NAME     write the document of template NAME instead of the\n"
    "                          input's own (its \"template\", else its kind's), e.g.\n"
    "                          budget-with-tables: the 说明 and its statutory tables\n"
    "      --fontset FILE      the fonts of each role (docx, pdf, ofd); default the\n"
    "                          built-in fonts/default.fontset, see fonts/README.md\n"
    "      --                  the end of the options: FILE follows, even one whose\n"
    "                          name starts with '-'\n";

static const char *const usage_schema =
    "usage: gongkai schema\n"
    "\n"
    "Prints the JSON Schema of the input format (schema/gongkai.schema.json is this\n"
    "output). Point an editor at it for completion and checking.\n";

static int usage_error(const char *usage, const char *fmt, const char *arg)
{
    fputs("gongkai: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n\n", stderr);
    fputs(usage, stderr);
    return EXIT_USAGE;
}

static bool is_help(const char *a) { return strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0; }

/* Prints the list; `file` names the input in the message of a list that lost
 * diagnostics because memory ran out (gk_diags.oom). */
static void print_diags(const gk_diags *d, const char *file, bool quiet)
{
    for (size_t i = 0; i < d->count; i++) {
        const gk_diag *g = &d->items[i];
        if (quiet && g->severity != GK_ERROR) continue;
        if (g->place) fprintf(stderr, "%s:%s: ", g->file, g->place); /* an XLSX cell */
        else fprintf(stderr, "%s:%u:%u: ", g->file, g->line, g->col);
        fprintf(stderr, "%s: %s", g->severity == GK_ERROR ? "error" : "warning", g->message);
        if (g->path[0]) fprintf(stderr, " [%s]", g->path);
        fputc('\n', stderr);
    }
    if (d->oom)
        fprintf(stderr, "%s:0:0: error: out of memory: not every problem could be checked or recorded, so this list is incomplete\n",
                file);
}

/* Loads and checks one file; returns the exit status for it. */
static int check_one(const char *path, const char *template_dir, bool quiet)
{
    gk_diags d = {0};
    gk_model *m = NULL;
    gk_status st = gk_model_load_file(path, &m, &d);
    /* a file that parsed is checked even when fields were refused, so one run
     * shows every problem (the identities built on a refused figure are skipped) */
    bool checked = st == GK_OK || (st == GK_INVALID && gk_model_parsed(m));
    if (checked) {
        gk_status cs = gk_model_check_with(m, template_dir, &d);
        if (st == GK_OK || cs == GK_NOMEM) st = cs;
    }
    gk_diags_sort(&d);
    if (st == GK_NOMEM) d.oom = true; /* a load or check that ran out of memory says so */
    print_diags(&d, path, quiet);
    if (d.oom) st = GK_NOMEM;
    if (!checked && st == GK_INVALID && !quiet)
        fprintf(stderr, "%s: the totals were not checked; correct the errors above first\n", path);
    if (!quiet)
        fprintf(stderr, "%s: %zu error%s, %zu warning%s\n", path, d.errors, d.errors == 1 ? "" : "s", d.warnings,
                d.warnings == 1 ? "" : "s");
    gk_model_free(m);
    gk_diags_clear(&d);
    return st == GK_IO ? EXIT_IO : st == GK_NOMEM ? EXIT_IO : st == GK_OK ? EXIT_OK : EXIT_INVALID;
}

/* A --template-dir that is missing or not a folder is one clear error (exit
 * 3) before any input is read, not a fall-back to the built-in templates and
 * rules nor one error per file looked for in it. */
static bool template_dir_ok(const char *dir)
{
    const char *why = dir ? gk_file_folder_problem(dir) : NULL;
    if (why) fprintf(stderr, "%s:0:0: error: the template folder %s\n", dir, why);
    return !why;
}

static int cmd_check(int argc, char **argv)
{
    bool quiet = false, files_only = false;
    const char *template_dir = NULL;
    /* options may stand before or after the files (as render takes them);
     * after "--" every argument is a file */
    char **files = malloc((size_t)argc * sizeof *files);
    int nfiles = 0;
    if (!files) { fputs("gongkai: out of memory\n", stderr); return EXIT_IO; }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (files_only || a[0] != '-' || !a[1]) { files[nfiles++] = argv[i]; continue; }
        if (is_help(a)) { fputs(usage_check, stdout); free(files); return EXIT_OK; }
        if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) quiet = true;
        else if (strcmp(a, "-t") == 0 || strcmp(a, "--template-dir") == 0 || strcmp(a, "--profile") == 0) {
            if (++i >= argc) { free(files); return usage_error(usage_check, "%s needs a directory", a); }
            template_dir = argv[i]; /* a profile's rules files are its template folder's */
        } else if (strcmp(a, "--") == 0) files_only = true;
        else { free(files); return usage_error(usage_check, "unknown option %s", a); }
    }
    if (!nfiles) { free(files); return usage_error(usage_check, "%s", "check needs at least one FILE"); }
    if (!template_dir_ok(template_dir)) { free(files); return EXIT_IO; }
    int worst = EXIT_OK;
    for (int i = 0; i < nfiles; i++) {
        int rc = check_one(files[i], template_dir, quiet);
        if (rc == EXIT_IO || (rc == EXIT_INVALID && worst != EXIT_IO)) worst = rc;
    }
    free(files);
    return worst;
}

/* Makes `dir` (one level) unless it exists. Another render may make it at
 * the same moment: EEXIST of a folder is fine (mkdir -p). */
static bool ensure_dir(const char *dir)
{
    struct stat st;
    if (mkdir(dir, 0777) == 0) return true;
    if (errno != EEXIST) return false;
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) return true;
    errno = ENOTDIR;
    return false;
}

/* "samples/quyang-2020-budget.json" → "quyang-2020-budget" */
static char *stem_of(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, base, n);
        s[n] = '\0';
    }
    return s;
}

static int render_one(const char *file, const char *dir, const char *formats, const char *template_dir,
                      const char *template_name, const gk_render_options *opts)
{
    gk_diags d = {0};
    gk_model *m = NULL;
    gk_document *doc = NULL;
    int rc = EXIT_OK;
    gk_status st = gk_model_load_file(file, &m, &d);
    if (st == GK_OK) st = gk_model_check_with(m, template_dir, &d);
    else if (st == GK_INVALID && gk_model_parsed(m) && gk_model_check_with(m, template_dir, &d) == GK_NOMEM)
        st = GK_NOMEM; /* refused fields: still every problem in one run, and nothing written */
    if (st == GK_OK) st = gk_document_compose_with(m, template_dir, template_name, &doc, &d);
    if (st == GK_OK && !ensure_dir(dir)) {
        fprintf(stderr, "gongkai: cannot create the directory %s: %s\n", dir, strerror(errno));
        st = GK_IO;
    }
    char *stem = stem_of(file), *list = strdup(formats);
    if (st == GK_OK && stem) gk_cli_clean_leftovers(dir, stem); /* what a killed render left */
    for (char *tok = list && st == GK_OK ? strtok(list, ",") : NULL; tok; tok = strtok(NULL, ",")) {
        size_t n = strlen(dir) + strlen(stem) + strlen(tok) + 3;
        char *path = malloc(n);
        if (!path) { st = GK_NOMEM; break; }
        snprintf(path, n, "%s/%s.%s", dir, stem, tok);
        gk_status w = gk_document_write(doc, tok, path, opts, &d);
        if (w == GK_OK) fprintf(stderr, "gongkai: wrote %s\n", path);
        else st = w;
        free(path);
    }
    free(stem);
    free(list);
    gk_diags_sort(&d);
    if (st == GK_NOMEM) d.oom = true;
    print_diags(&d, file, false);
    if (d.oom) st = GK_NOMEM;
    if (st == GK_IO || st == GK_NOMEM) rc = EXIT_IO;
    else if (st != GK_OK) rc = EXIT_INVALID;
    gk_document_free(doc);
    gk_model_free(m);
    gk_diags_clear(&d);
    return rc;
}

static int cmd_render(int argc, char **argv)
{
    const char *file = NULL, *dir = NULL, *formats = gk_format_at(0)->name, *template_dir = NULL;
    const char *profile = NULL; /* --profile DIR: the template folder, and its profile.fontset */
    const char *template_name = NULL;
    char profile_fontset[4096];
    gk_render_options opts = {NULL};
    for (int i = 1; i < argc; i++) {
        if (is_help(argv[i])) {
            fputs(usage_render, stdout);
            gk_cli_print_formats(stdout);
            return EXIT_OK;
        }
        if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) {
            if (++i >= argc) return usage_error(usage_render, "%s needs a directory", argv[i - 1]);
            dir = argv[i];
        } else if (strcmp(argv[i], "-f") == 0 || strcmp(argv[i], "--format") == 0) {
            if (++i >= argc) return usage_error(usage_render, "%s needs a list of formats", argv[i - 1]);
            formats = argv[i];
        } else if (strcmp(argv[i], "-t") == 0 || strcmp(argv[i], "--template-dir") == 0) {
            if (++i >= argc) return usage_error(usage_render, "%s needs a directory", argv[i - 1]);
            template_dir = argv[i];
        } else if (strcmp(argv[i], "--profile") == 0) {
            if (++i >= argc) return usage_error(usage_render, "%s needs a directory", argv[i - 1]);
            template_dir = profile = argv[i];
        } else if (strcmp(argv[i], "--template") == 0) {
            if (++i >= argc) return usage_error(usage_render, "%s needs a template name", argv[i - 1]);
            template_name = argv[i];
        } else if (strcmp(argv[i], "--fontset") == 0) {
            if (++i >= argc) return usage_error(usage_render, "%s needs a file", argv[i - 1]);
            opts.fontset = argv[i];
        } else if (strcmp(argv[i], "--") == 0) { /* what follows is the FILE, even "-x.json" */
            if (i + 2 < argc || (file && i + 1 < argc))
                return usage_error(usage_render, "render takes one FILE; %s is one too many (use batch)",
                                   argv[argc - 1]);
            if (i + 1 < argc) file = argv[i + 1];
            break;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage_error(usage_render, "unknown option %s", argv[i]);
        } else if (file) {
            return usage_error(usage_render, "render takes one FILE; %s is one too many (use batch)", argv[i]);
        } else {
            file = argv[i];
        }
    }
    if (!file) return usage_error(usage_render, "%s", "render needs a FILE");
    if (!dir) return usage_error(usage_render, "%s", "render needs -o DIR");
    const char *bad_formats = gk_cli_formats_problem(formats);
    if (bad_formats) return usage_error(usage_render, "%s", bad_formats);
    if (!template_dir_ok(template_dir)) return EXIT_IO;
    if (profile && !opts.fontset) opts.fontset = gk_cli_profile_fontset(profile, profile_fontset, sizeof profile_fontset);
    return render_one(file, dir, formats, template_dir, template_name, &opts);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_main, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (is_help(cmd)) { fputs(usage_main, stdout); return EXIT_OK; }
    if (strcmp(cmd, "--version") == 0) { printf("gongkai %s\n", GK_VERSION); return EXIT_OK; }
    if (strcmp(cmd, "check") == 0) return cmd_check(argc - 1, argv + 1);
    if (strcmp(cmd, "render") == 0) return cmd_render(argc - 1, argv + 1);
    if (strcmp(cmd, "schema") == 0) {
        if (argc > 2 && is_help(argv[2])) { fputs(usage_schema, stdout); return EXIT_OK; }
        return gk_schema_write(stdout) == 0 ? EXIT_OK : EXIT_IO;
    }
    if (strcmp(cmd, "batch") == 0) return gk_cli_batch(argc - 1, argv + 1);
    if (strcmp(cmd, "workbook") == 0) return gk_cli_workbook(argc - 1, argv + 1);
    return usage_error(usage_main, "unknown command %s", cmd);
}
