/* gongkai workbook [--kind KIND] [FILE] -o OUT.xlsx: writes the clerk's
 * workbook, empty or filled from FILE (JSON, INI or XLSX: what the readers
 * make of it, before the loader judges it, so that a clerk can take a file
 * with errors into Excel and correct it there). */
#include "workbook.h"
#include "xlsx.h"
#include "file.h"
#include "diag.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "workbook_cmd.h"

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

static const char *const usage =
    "usage: gongkai workbook [--kind budget|goals|selfeval] [FILE] -o OUT.xlsx\n"
    "\n"
    "Writes a workbook to fill in with Excel, WPS or LibreOffice: one sheet per part\n"
    "of the input, Chinese column titles in row 1 (each with a comment), the field\n"
    "names gongkai reads in row 2, drop-down lists for the fixed choices and a sheet\n"
    "说明 that explains every column. Given FILE (JSON, INI or XLSX) the workbook\n"
    "is filled with its data. check, render and batch read the filled workbook.\n"
    "\n"
    "  --kind KIND     the document kind whose sheets are written (default: the\n"
    "                  FILE's \"document\", else budget)\n"
    "  -o, --output    the workbook to write (.xlsx)\n"
    "\n"
    "The workbook's date is SOURCE_DATE_EPOCH when set, else 1 January of the\n"
    "department's year, so the same input gives the same bytes.\n";

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void print(const gk_diags *d, const gk_xlsx_book *book)
{
    gk_buf place = {0};
    for (size_t i = 0; i < d->count; i++) {
        const gk_diag *g = &d->items[i];
        gk_buf_truncate(&place, 0);
        if (book && g->line && gk_xlsx_place(book, g->line, g->col, &place))
            fprintf(stderr, "%s:%s: ", g->file, gk_buf_str(&place));
        else fprintf(stderr, "%s:%u:%u: ", g->file, g->line, g->col);
        fprintf(stderr, "%s: %s", g->severity == GK_ERROR ? "error" : "warning", g->message);
        if (g->path[0]) fprintf(stderr, " [%s]", g->path);
        fputc('\n', stderr);
    }
    gk_buf_free(&place);
}

/* SOURCE_DATE_EPOCH, else 1 January of the input's department.year, else 2000. */
static long long creation_date(const gk_value *root)
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    if (env && *env) {
        char *end;
        long long t = strtoll(env, &end, 10);
        if (!*end && t >= 0 && t < 253402300800LL) return t;
    }
    const gk_member *dep = root && root->type == GK_V_OBJECT ? gk_value_get(root, "department") : NULL;
    const gk_member *year = dep && dep->value->type == GK_V_OBJECT ? gk_value_get(dep->value, "year") : NULL;
    long y = year && (year->value->type == GK_V_NUMBER || year->value->type == GK_V_STRING)
                 ? strtol(year->value->as.str.s, NULL, 10) : 2000;
    if (y < 1970 || y > 9999) y = 2000;
    long long days = 0;
    for (long k = 1970; k < y; k++) days += (k % 4 == 0 && (k % 100 != 0 || k % 400 == 0)) ? 366 : 365;
    return days * 86400;
}

int gk_cli_workbook(int argc, char **argv)
{
    const char *kind = NULL, *file = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) { fputs(usage, stdout); return EXIT_OK; }
        if (strcmp(argv[i], "--kind") == 0 || strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) {
            if (i + 1 >= argc) { fprintf(stderr, "gongkai: %s needs a value\n\n%s", argv[i], usage); return EXIT_USAGE; }
            if (argv[i][1] == '-' && argv[i][2] == 'k') kind = argv[++i];
            else out = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "gongkai: unknown option %s\n\n%s", argv[i], usage);
            return EXIT_USAGE;
        } else if (file) {
            fprintf(stderr, "gongkai: workbook takes one FILE; %s is one too many\n\n%s", argv[i], usage);
            return EXIT_USAGE;
        } else file = argv[i];
    }
    if (!out) { fprintf(stderr, "gongkai: workbook needs -o OUT.xlsx\n\n%s", usage); return EXIT_USAGE; }
    if (!ends_with(out, ".xlsx")) { fprintf(stderr, "gongkai: the workbook's name must end in .xlsx: %s\n", out); return EXIT_USAGE; }
    if (kind && strcmp(kind, "budget") && strcmp(kind, "goals") && strcmp(kind, "selfeval")) {
        fprintf(stderr, "gongkai: --kind is budget, goals or selfeval, not %s\n", kind);
        return EXIT_USAGE;
    }
    gk_diags d = {0};
    gk_arena arena = {0};
    gk_buf data = {0};
    const gk_value *root = NULL;
    const gk_xlsx_book *book = NULL;
    int rc = EXIT_OK;
    if (file) {
        const char *why;
        if (gk_file_read(file, GK_MAX_FILE, &data, &why) != GK_FILE_OK) {
            fprintf(stderr, "%s:0:0: error: %s\n", file, why ? why : "cannot read");
            rc = EXIT_IO;
            goto done;
        }
        if (ends_with(file, ".xlsx")) root = gk_xlsx_read(file, gk_buf_str(&data), data.len, &arena, &d, &book);
        else if (ends_with(file, ".ini")) root = gk_ini_read(file, gk_buf_str(&data), data.len, &arena, &d);
        else root = gk_json_read(file, gk_buf_str(&data), data.len, &arena, &d);
        if (d.errors) { rc = EXIT_INVALID; goto done; }
    }
    /* libxlsxwriter writes in place: a temporary name beside it, then a rename */
    size_t n = strlen(out) + 32;
    char *tmp = malloc(n);
    if (!tmp) { rc = EXIT_IO; goto done; }
    snprintf(tmp, n, "%s.%ld.tmp.xlsx", out, (long)getpid());
    gk_status st = gk_workbook_write(tmp, kind, root, creation_date(root), &d);
    if (st == GK_OK && rename(tmp, out) != 0) {
        fprintf(stderr, "%s:0:0: error: cannot write: %s\n", out, strerror(errno));
        st = GK_IO;
    }
    if (st != GK_OK) unlink(tmp);
    else fprintf(stderr, "gongkai: wrote %s\n", out);
    free(tmp);
    rc = st == GK_OK ? EXIT_OK : st == GK_INVALID ? EXIT_INVALID : EXIT_IO;
done:
    print(&d, book);
    gk_diags_clear(&d);
    gk_arena_free(&arena);
    gk_buf_free(&data);
    return rc;
}
