/* test_zipper: the zip writer (pack/zipper.c), read back with libzip: every
 * entry in order with its name, bytes and CRC, deflated unless empty, the
 * fixed date, bit 11 for a name that is not ASCII only, the same bytes for
 * the same entries, entries deflated already (gk_deflate) written as they
 * are into the same archive, and a failed write reported with the system's
 * words. */
#include "zipper.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

static int failures;
#define CHECK(cond)                                                                                                  \
    do {                                                                                                             \
        if (!(cond)) {                                                                                               \
            fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond);                                        \
            failures++;                                                                                              \
        }                                                                                                            \
    } while (0)

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *p = malloc((size_t)n + 1);
    if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return p;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    char path[4096], path2[4096];
    snprintf(path, sizeof path, "%s/zipper-a.zip", dir);
    snprintf(path2, sizeof path2, "%s/zipper-b.zip", dir);
    /* a big part of text that repeats, as XML does, with some noise */
    size_t biglen = 1 << 20;
    char *big = malloc(biglen);
    unsigned x = 1;
    for (size_t i = 0; i < biglen; i++) {
        x = x * 1103515245u + 12345u;
        big[i] = (i % 97 < 80) ? "<w:t>预算</w:t>"[i % 16] : (char)('a' + (x >> 16) % 26);
    }
    const char *ct = "<?xml version=\"1.0\"?><Types/>";
    gk_zip_entry e[] = {
        {"[Content_Types].xml", ct, strlen(ct)},
        {"empty.txt", NULL, 0},
        {"目录/文.xml", "<a/>", 4},
        {"word/big.xml", big, biglen},
    };
    size_t n = sizeof e / sizeof e[0];
    gk_buf err = {0};
    CHECK(gk_zip_write(path, e, n, &err));
    CHECK(gk_zip_write(path2, e, n, &err));

    int ze = 0;
    zip_t *z = zip_open(path, ZIP_CHECKCONS | ZIP_RDONLY, &ze);
    CHECK(z != NULL);
    if (z) {
        CHECK(zip_get_num_entries(z, 0) == (zip_int64_t)n);
        for (size_t i = 0; i < n; i++) {
            zip_stat_t st;
            CHECK(zip_stat_index(z, i, 0, &st) == 0);
            CHECK(strcmp(st.name, e[i].name) == 0);
            CHECK(st.size == e[i].len);
            CHECK(st.comp_method == (e[i].len ? ZIP_CM_DEFLATE : ZIP_CM_STORE));
            struct tm *tm = localtime(&st.mtime);
            CHECK(tm && tm->tm_year == 80 && tm->tm_mon == 0 && tm->tm_mday == 1);
            char *back = malloc(e[i].len + 1);
            zip_file_t *f = zip_fopen_index(z, i, 0); /* libzip checks the CRC at the end */
            CHECK(f != NULL);
            if (f) {
                CHECK(zip_fread(f, back, e[i].len + 1) == (zip_int64_t)e[i].len);
                CHECK(e[i].len == 0 || memcmp(back, e[i].data, e[i].len) == 0);
                CHECK(zip_fclose(f) == 0);
            }
            free(back);
        }
        zip_close(z);
    }
    size_t la, lb;
    unsigned char *a = slurp(path, &la), *b = slurp(path2, &lb);
    CHECK(a && b && la == lb && memcmp(a, b, la) == 0);
    /* general-purpose flags at offset 6 of each local header: bit 11 for
     * the name that is not ASCII, nothing else */
    if (a) {
        size_t off = 0;
        for (size_t i = 0; i < n && off + 30 <= la; i++) {
            unsigned flags = a[off + 6] | a[off + 7] << 8;
            unsigned clen = a[off + 18] | a[off + 19] << 8 | (unsigned)a[off + 20] << 16 | (unsigned)a[off + 21] << 24;
            unsigned nlen = a[off + 26] | a[off + 27] << 8;
            CHECK(flags == (i == 2 ? 0x0800u : 0u));
            off += 30 + nlen + clen;
        }
    }
    free(a);
    free(b);
    CHECK(la < biglen / 4); /* it was deflated */

    /* entries deflated already (gk_deflate): the same archive, their
     * bytes written as given (the big one's raw deflate is in the file);
     * an empty entry is stored whatever it is given */
    {
        gk_deflated zbig, zct;
        CHECK(gk_deflate(big, biglen, &zbig));
        CHECK(gk_deflate(ct, strlen(ct), &zct));
        CHECK(zbig.len > 0 && zbig.len < biglen / 4);
        gk_zip_entry pre[sizeof e / sizeof e[0]];
        memcpy(pre, e, sizeof e);
        pre[0].deflated = &zct;
        pre[1].deflated = &zct;
        pre[3].deflated = &zbig;
        char path3[4096];
        snprintf(path3, sizeof path3, "%s/zipper-c.zip", dir);
        CHECK(gk_zip_write(path3, pre, n, &err));
        size_t lc, ld;
        unsigned char *c = slurp(path3, &lc), *d = slurp(path2, &ld);
        CHECK(c && d && lc == ld && memcmp(c, d, lc) == 0);
        bool found = false;
        for (size_t i = 0; c && zbig.len <= lc && i + zbig.len <= lc && !found; i++)
            found = memcmp(c + i, zbig.data, zbig.len) == 0;
        CHECK(found);
        /* given other bytes than its own, the writer writes them: what it
         * is given is what it uses, not deflated again */
        pre[3].deflated = &zct;
        CHECK(gk_zip_write(path3, pre, n, &err));
        free(c);
        c = slurp(path3, &lc);
        CHECK(c && lc == ld - zbig.len + zct.len);
        free(c);
        free(d);
        remove(path3);
        gk_deflated_free(&zbig);
        gk_deflated_free(&zct);
        CHECK(zbig.data == NULL && zbig.len == 0);
    }

    gk_buf err2 = {0};
    char bad[4096];
    snprintf(bad, sizeof bad, "%s/no-such-dir/x.zip", dir);
    CHECK(!gk_zip_write(bad, e, n, &err2));
    CHECK(strstr(gk_buf_str(&err2), "No such file or directory") != NULL);
    gk_buf_free(&err);
    gk_buf_free(&err2);
    free(big);
    remove(path);
    remove(path2);
    if (failures) fprintf(stderr, "test_zipper: %d failures\n", failures);
    return failures ? 1 : 0;
}
