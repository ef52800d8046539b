/* A main() for a harness built without libFuzzer (any compiler): runs the
 * harness once on each file named on the command line, as libFuzzer does
 * when given files. A broken invariant aborts, as under the fuzzer. This
 * lets the ordinary test suite replay a fixed set of inputs through a
 * harness (tests/fuzz/replay.sh). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 2;
        }
        static uint8_t data[1 << 16];
        size_t n = fread(data, 1, sizeof data, f);
        bool cut = !feof(f);
        fclose(f);
        if (cut) {
            fprintf(stderr, "%s: longer than %zu bytes\n", argv[i], sizeof data);
            return 2;
        }
        /* named first, so that the log of an abort says which input it was */
        printf("%s\n", argv[i]);
        fflush(stdout);
        LLVMFuzzerTestOneInput(data, n);
    }
    printf("replayed %d inputs\n", argc - 1);
    return 0;
}
