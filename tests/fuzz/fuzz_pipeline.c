/* libFuzzer harness of the whole path from bytes to documents: any bytes,
 * read as JSON when the first byte that is not white space (after a UTF-8
 * BOM) is '{' and as INI otherwise, go through load, check, compose with
 * the built-in templates and every renderer (txt, docx, pdf), each writing
 * a file into a private folder. Besides the sanitizers it checks that every
 * refusal says why, that diagnostics are well formed, and that a write
 * leaves the folder holding the finished file or nothing: no temporary or
 * partial file. tests/fuzz/README.md says how to build and run it. */
#include "fuzz.h"

#include <dirent.h>
#include <stdbool.h>
#include <unistd.h>

static char dir[64];

static bool looks_like_json(const uint8_t *data, size_t size)
{
    size_t i = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n')) i++;
    return i < size && data[i] == '{';
}

/* After writing `format`: the folder holds exactly out.FORMAT when the
 * write succeeded and nothing when it failed. Empties the folder. */
static void check_folder(const char *format, bool written)
{
    char want[16];
    snprintf(want, sizeof want, "out.%s", format);
    DIR *dp = opendir(dir);
    if (!dp) abort();
    bool found = false;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        if (written && strcmp(e->d_name, want) == 0) found = true;
        else {
            fprintf(stderr, "invariant broken: %s left in the output folder after writing %s (%s)\n", e->d_name,
                    format, written ? "succeeded" : "failed");
            abort();
        }
        char path[128];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(dp);
    if (written && !found) {
        fprintf(stderr, "invariant broken: writing %s succeeded but left no file\n", format);
        abort();
    }
}

/* The private folder goes when the fuzzer exits (it is empty between runs). */
static void remove_dir(void) { rmdir(dir); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        strcpy(dir, "/tmp/gk-fuzz-XXXXXX");
        if (!mkdtemp(dir)) abort();
        atexit(remove_dir);
    }
    gk_diags d = {0};
    gk_model *m = NULL;
    gk_status st = gk_model_load_buffer("fuzz", (const char *)data, size, !looks_like_json(data, size), &m, &d);
    if (st != GK_OK && d.errors == 0) gk_fuzz_fail("the load failed without an error", NULL);
    if (st == GK_OK) {
        st = gk_model_check(m, &d);
        if (st != GK_OK && d.errors == 0) gk_fuzz_fail("the check failed without an error", NULL);
    }
    gk_document *doc = NULL;
    if (st == GK_OK && gk_document_compose(m, NULL, &doc, &d) == GK_OK) {
        static const char *const formats[] = {"txt", "docx", "pdf"};
        for (size_t k = 0; k < 3; k++) {
            char path[96];
            snprintf(path, sizeof path, "%s/out.%s", dir, formats[k]);
            size_t before = d.errors;
            gk_status w = gk_document_write(doc, formats[k], path, NULL, &d);
            if (w != GK_OK && d.errors == before) gk_fuzz_fail("a write failed without an error", NULL);
            check_folder(formats[k], w == GK_OK);
        }
    }
    gk_fuzz_check_diags(&d, "fuzz", data, size);
    gk_document_free(doc);
    gk_model_free(m);
    gk_diags_clear(&d);
    return 0;
}
