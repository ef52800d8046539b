/* What the pipeline harnesses (fuzz_pipeline, fuzz_mutate) check when they
 * write a composed document in every format into a private folder: a write
 * that fails says why, the folder then holds the finished file or nothing
 * (no temporary or partial file), and what was written is well formed — the
 * txt is UTF-8 without control characters other than line breaks and tabs,
 * every XML part of the DOCX is well-formed XML 1.0 (Word refuses a part
 * that is not, e.g. one holding U+FFFE or a C0 control), the PDF has its
 * header and trailer. A broken invariant aborts. */
#ifndef GK_FUZZ_RENDER_H
#define GK_FUZZ_RENDER_H

#include "fuzz.h"
#include "utf8.h"

#include <dirent.h>
#include <libxml/parser.h>
#include <stdbool.h>
#include <unistd.h>
#include <zip.h>

static char gk_fuzz_dir[64];

/* The private folder goes when the fuzzer exits (it is empty between runs). */
static void gk_fuzz_remove_dir(void) { rmdir(gk_fuzz_dir); }

/* Makes the private output folder once per process. */
static void gk_fuzz_make_dir(void)
{
    if (gk_fuzz_dir[0]) return;
    strcpy(gk_fuzz_dir, "/tmp/gk-fuzz-XXXXXX");
    if (!mkdtemp(gk_fuzz_dir)) abort();
    atexit(gk_fuzz_remove_dir);
}

static unsigned char *gk_fuzz_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    unsigned char *p = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n == cap) {
            cap = cap ? 2 * cap : 65536;
            unsigned char *q = realloc(p, cap + 1);
            if (!q) abort();
            p = q;
        }
        got = fread(p + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    p[n] = '\0';
    *len = n;
    return p;
}

static void gk_fuzz_broken_output(const char *format, const char *what)
{
    fprintf(stderr, "invariant broken: the %s written %s\n", format, what);
    abort();
}

/* The txt is UTF-8 and holds no C0 control but line feed and tab, no DEL
 * and no C1 control. */
static void gk_fuzz_check_txt(const unsigned char *p, size_t n)
{
    uint32_t cp;
    for (size_t i = 0, k; i < n; i += k) {
        k = gk_utf8_decode(p + i, n - i, &cp);
        if (k == 0) gk_fuzz_broken_output("txt", "is not UTF-8");
        if ((cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp < 0xA0))
            gk_fuzz_broken_output("txt", "holds a control character");
    }
}

static void gk_fuzz_xml_quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* Every .xml and .rels entry of the DOCX parses as well-formed XML. */
static void gk_fuzz_check_docx(const unsigned char *p, size_t n)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(p, n, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
    if (!z) gk_fuzz_broken_output("docx", "is not a zip archive");
    xmlSetGenericErrorFunc(NULL, gk_fuzz_xml_quiet);
    zip_int64_t entries = zip_get_num_entries(z, 0);
    for (zip_int64_t i = 0; i < entries; i++) {
        const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
        size_t len = name ? strlen(name) : 0;
        if (len < 4 || (strcmp(name + len - 4, ".xml") != 0 && (len < 5 || strcmp(name + len - 5, ".rels") != 0)))
            continue;
        zip_stat_t st;
        zip_file_t *zf = zip_fopen_index(z, (zip_uint64_t)i, 0);
        if (!zf || zip_stat_index(z, (zip_uint64_t)i, 0, &st) != 0) gk_fuzz_broken_output("docx", "has an unreadable part");
        char *xml = malloc(st.size + 1);
        if (!xml) abort();
        if (zip_fread(zf, xml, st.size) != (zip_int64_t)st.size) gk_fuzz_broken_output("docx", "has a cut part");
        zip_fclose(zf);
        xmlDocPtr doc = xmlReadMemory(xml, (int)st.size, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        if (!doc) {
            fprintf(stderr, "invariant broken: the docx part %s is not well-formed XML\n", name);
            abort();
        }
        xmlFreeDoc(doc);
        free(xml);
    }
    zip_discard(z);
}

static void gk_fuzz_check_pdf(const unsigned char *p, size_t n)
{
    if (n < 16 || memcmp(p, "%PDF-", 5) != 0) gk_fuzz_broken_output("pdf", "has no %PDF- header");
    size_t tail = n > 32 ? n - 32 : 0;
    bool eof = false;
    for (size_t i = tail; i + 5 <= n; i++) eof |= memcmp(p + i, "%%EOF", 5) == 0;
    if (!eof) gk_fuzz_broken_output("pdf", "has no %%EOF trailer");
}

/* After writing `format`: the folder holds exactly out.FORMAT when the
 * write succeeded and nothing when it failed; a written file is well
 * formed. Empties the folder. */
static void gk_fuzz_check_folder(const char *format, bool written)
{
    char want[16];
    snprintf(want, sizeof want, "out.%s", format);
    DIR *dp = opendir(gk_fuzz_dir);
    if (!dp) abort();
    bool found = false;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char path[sizeof gk_fuzz_dir + 1 + sizeof e->d_name];
        snprintf(path, sizeof path, "%s/%s", gk_fuzz_dir, e->d_name);
        if (written && strcmp(e->d_name, want) == 0) {
            found = true;
            size_t n;
            unsigned char *p = gk_fuzz_slurp(path, &n);
            if (!p) abort();
            if (strcmp(format, "txt") == 0) gk_fuzz_check_txt(p, n);
            else if (strcmp(format, "docx") == 0) gk_fuzz_check_docx(p, n);
            else gk_fuzz_check_pdf(p, n);
            free(p);
        } else {
            fprintf(stderr, "invariant broken: %s left in the output folder after writing %s (%s)\n", e->d_name,
                    format, written ? "succeeded" : "failed");
            abort();
        }
        unlink(path);
    }
    closedir(dp);
    if (written && !found) {
        fprintf(stderr, "invariant broken: writing %s succeeded but left no file\n", format);
        abort();
    }
}

/* Writes `doc` as txt, docx and pdf into the private folder, checking each. */
static void gk_fuzz_write_all(const gk_document *doc, gk_diags *d)
{
    static const char *const formats[] = {"txt", "docx", "pdf"};
    gk_fuzz_make_dir();
    for (size_t k = 0; k < 3; k++) {
        char path[96];
        snprintf(path, sizeof path, "%s/out.%s", gk_fuzz_dir, formats[k]);
        size_t before = d->errors;
        gk_status w = gk_document_write(doc, formats[k], path, NULL, d);
        if (w != GK_OK && d->errors == before) gk_fuzz_fail("a write failed without an error", NULL);
        gk_fuzz_check_folder(formats[k], w == GK_OK);
    }
}

#endif
