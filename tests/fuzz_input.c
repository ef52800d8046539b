/* libFuzzer harness: any bytes, read as JSON (first byte even) or INI (odd),
 * go through load, check, compose with the built-in templates and the
 * plain-text renderer. Nothing may crash, leak or trip the sanitizers.
 *
 *   CC=clang cmake -S . -B build-fuzz -DGK_FUZZ=ON && cmake --build build-fuzz --target fuzz_input
 *   build-fuzz/tests/fuzz_input -max_total_time=120 samples/   (the samples are a good corpus)
 */
#include "gongkai.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char out[64];
    if (!out[0]) {
        strcpy(out, "/tmp/gk-fuzz-XXXXXX");
        if (!mkdtemp(out)) abort();
        strcat(out, "/out.txt");
    }
    if (size == 0) return 0;
    bool ini = data[0] & 1;
    gk_diags d = {0};
    gk_model *m = NULL;
    gk_status st = gk_model_load_buffer("fuzz", (const char *)data + 1, size - 1, ini, &m, &d);
    if (st == GK_OK) st = gk_model_check(m, &d);
    gk_document *doc = NULL;
    if (st == GK_OK && gk_document_compose(m, NULL, &doc, &d) == GK_OK)
        gk_document_write(doc, "txt", out, NULL, &d);
    gk_document_free(doc);
    gk_model_free(m);
    gk_diags_clear(&d);
    return 0;
}
