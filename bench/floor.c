/* floor.c — how long deflating a document's streams alone takes: the
 * floor under a document's writer, measured in the same run as gongkai.
 * Reads the records bench/streams.py writes (stdin), deflates every
 * stream with libdeflate at level 6 and with zlib at level 9, each over
 * `rounds` rounds, and prints the milliseconds per document of each and
 * the compressed bytes. `floor ROUNDS ld` deflates with libdeflate only,
 * for counting its instructions under callgrind (run.sh: with
 * --toggle-collect=libdeflate_deflate_compress); zlib's figures are 0 then.
 * Built by bench/run.sh: cc -O2 floor.c -ldeflate -lz */
#include <libdeflate.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 5;
    int zlib = !(argc > 2 && strcmp(argv[2], "ld") == 0);
    size_t n = 0, cap = 0, docs = 0, total = 0;
    unsigned char **data = NULL;
    size_t *len = NULL;
    unsigned char hdr[4];
    while (fread(hdr, 1, 4, stdin) == 4) {
        size_t l = (size_t)hdr[0] | (size_t)hdr[1] << 8 | (size_t)hdr[2] << 16 | (size_t)hdr[3] << 24;
        if (!l) {
            docs++;
            continue;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 256;
            data = realloc(data, cap * sizeof *data);
            len = realloc(len, cap * sizeof *len);
            if (!data || !len) return 1;
        }
        data[n] = malloc(l);
        if (!data[n] || fread(data[n], 1, l, stdin) != l) return 1;
        len[n++] = l;
        total += l;
    }
    if (!docs) return 1;
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(6);
    size_t big = 0;
    for (size_t i = 0; i < n; i++)
        if (len[i] > big) big = len[i];
    size_t cap_out = compressBound(big) + 64;
    unsigned char *out = malloc(cap_out);
    if (!c || !out) return 1;
    double best_ld = 1e9, best_z = 1e9;
    size_t bytes_ld = 0, bytes_z = 0;
    for (int r = 0; r < rounds; r++) {
        double t0 = now();
        bytes_ld = 0;
        for (size_t i = 0; i < n; i++) bytes_ld += libdeflate_deflate_compress(c, data[i], len[i], out, cap_out);
        double t1 = now();
        bytes_z = 0;
        for (size_t i = 0; i < n && zlib; i++) {
            z_stream s = {0};
            deflateInit2(&s, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
            s.next_in = data[i];
            s.avail_in = (uInt)len[i];
            s.next_out = out;
            s.avail_out = (uInt)cap_out;
            deflate(&s, Z_FINISH);
            bytes_z += s.total_out;
            deflateEnd(&s);
        }
        double t2 = now();
        if (t1 - t0 < best_ld) best_ld = t1 - t0;
        if (t2 - t1 < best_z) best_z = t2 - t1;
    }
    printf("%zu %.3f %.3f %zu %zu %zu\n", docs, best_ld * 1000 / docs, best_z * 1000 / docs, total / docs,
           bytes_ld / docs, bytes_z / docs);
    return 0;
}
