/* libFuzzer harness of the whole path from bytes to documents: any bytes,
 * read as JSON when the first byte that is not white space (after a UTF-8
 * BOM) is '{' and as INI otherwise, go through load, check, compose with
 * the built-in templates and every renderer (txt, docx, pdf), each writing
 * a file into a private folder. Besides the sanitizers it checks that every
 * refusal says why, that diagnostics are well formed, and that a write
 * leaves the folder holding the finished file or nothing: no temporary or
 * partial file, and that what is written is well formed (fuzz_render.h).
 * tests/fuzz/README.md says how to build and run it. */
#include "fuzz_render.h"

static bool looks_like_json(const uint8_t *data, size_t size)
{
    size_t i = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n')) i++;
    return i < size && data[i] == '{';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gk_diags d = {0};
    gk_model *m = NULL;
    gk_status st = gk_model_load_buffer("fuzz", (const char *)data, size, !looks_like_json(data, size), &m, &d);
    if (st != GK_OK && d.errors == 0) gk_fuzz_fail("the load failed without an error", NULL);
    if (st == GK_OK) {
        st = gk_model_check(m, &d);
        if (st != GK_OK && d.errors == 0) gk_fuzz_fail("the check failed without an error", NULL);
    }
    gk_document *doc = NULL;
    if (st == GK_OK && gk_document_compose(m, NULL, &doc, &d) == GK_OK) gk_fuzz_write_all(doc, &d);
    gk_fuzz_check_diags(&d, "fuzz", data, size);
    gk_document_free(doc);
    gk_model_free(m);
    gk_diags_clear(&d);
    return 0;
}
