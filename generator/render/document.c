/* The public face of composing and rendering (gongkai.h). */
#include "compose.h"
#include "diag.h"
#include "file.h"
#include "docx.h"
#include "fontset.h"
#include "pdf.h"
#include "model.h"
#include "ofd.h"
#include "render.h"
#include "kinds.h"
#include "tpl.h"
#include "xlsx_render.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The layout shared by the PDF and the OFD of the document (laid.h): made
 * by the first of them written, for the fontset it was made with. */
typedef struct laid_cache {
    const gk_fontset *fonts; /* of the run (run_fontset), NULL: none made */
    unsigned generation;     /* run_fontset's, so a fontset reloaded at the same address is another */
    gk_laid *laid;
} laid_cache;

struct gk_document {
    gk_tree tree;
    laid_cache *laid; /* the document is const to the writers; what they share is not */
};

static void laid_release(laid_cache *c)
{
    gk_laid_free(c->laid);
    c->laid = NULL;
    c->fonts = NULL;
}

/* The last second SOURCE_DATE_EPOCH may name: 9999-12-31T23:59:59Z, since
 * the documents carry a four-digit year (ISO 8601 without extension). */
#define GK_EPOCH_MAX 253402300799LL

/* The date the documents carry: SOURCE_DATE_EPOCH when set and not empty
 * (reproducible builds), else 1 January of the budget year. A value that is
 * not a whole number of seconds from 0 to GK_EPOCH_MAX is refused (it used
 * to reach strftime with an unset struct tm); `file` names the input. */
static gk_status document_date(gk_tree *t, int year, const char *file, const char **out, gk_diags *diags)
{
    char buf[32];
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    if (!epoch || !*epoch) {
        snprintf(buf, sizeof buf, "%04d-01-01T00:00:00Z", year);
    } else {
        bool digits = true;
        for (const char *p = epoch; *p && digits; p++) digits = *p >= '0' && *p <= '9';
        errno = 0;
        long long secs = digits ? strtoll(epoch, NULL, 10) : -1;
        time_t tt = (time_t)secs;
        struct tm tm;
        if (!digits || errno || secs > GK_EPOCH_MAX || !gmtime_r(&tt, &tm) ||
            !strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm)) {
            gk_diag_add(diags, GK_ERROR, "bad-env", file, 0, 0, "",
                        "SOURCE_DATE_EPOCH is \"%.40s%s\": the document date must be a whole number of seconds since "
                        "1970-01-01T00:00:00Z, from 0 to %lld (9999-12-31T23:59:59Z)",
                        epoch, strlen(epoch) > 40 ? "…" : "", GK_EPOCH_MAX);
            return GK_INVALID;
        }
    }
    *out = gk_arena_strndup(&t->arena, buf, strlen(buf));
    return *out ? GK_OK : GK_NOMEM;
}

/* The text of the document's title, for its properties. */
static const char *title_text(gk_tree *t)
{
    for (gk_node *n = t->root->first; n; n = n->next) {
        if (n->type != GK_NODE_TITLE) continue;
        gk_buf b = {0};
        for (gk_node *r = n->first; r; r = r->next)
            if (gk_node_is_run(r)) {
                char fig[GK_FIG_STRLEN];
                size_t len;
                const char *s = gk_run_chars(r, fig, &len);
                gk_buf_append(&b, s, len);
            }
        const char *s = gk_arena_strndup(&t->arena, gk_buf_str(&b), b.len);
        gk_buf_free(&b);
        return s;
    }
    return NULL;
}

static gk_status fill_meta(gk_tree *t, const gk_model *m, gk_diags *diags)
{
    const gk_department *d = &m->in.department;
    t->meta.year = (int)d->year.v;
    t->meta.author = d->full_name.s;
    t->meta.title = title_text(t);
    char subject[128];
    snprintf(subject, sizeof subject, "%lld年%s%s", (long long)d->year.v, gk_wording_names[d->wording.v],
             gk_kind_of(&m->in)->subject);
    t->meta.subject = gk_arena_strndup(&t->arena, subject, strlen(subject));
    if (!t->meta.title) t->meta.title = t->meta.subject;
    return document_date(t, t->meta.year, m->file, &t->meta.date, diags);
}

gk_status gk_document_compose(gk_model *m, const char *template_dir, gk_document **out, gk_diags *diags)
{
    return gk_document_compose_with(m, template_dir, NULL, out, diags);
}

gk_status gk_document_compose_with(gk_model *m, const char *template_dir, const char *template_name, gk_document **out,
                                   gk_diags *diags)
{
    *out = NULL;
    if (!m->checked) {
        /* an unchecked model has no computed figures: its totals would print
         * as stated, or not at all */
        gk_diag_add(diags, GK_ERROR, "unchecked", m->file, 0, 0, "", "the model was not checked: call gk_model_check first");
        return GK_INVALID;
    }
    gk_document *d = calloc(1, sizeof *d);
    if (!d || !(d->laid = calloc(1, sizeof *d->laid)) || !gk_tree_init(&d->tree)) {
        if (d) free(d->laid);
        free(d);
        return GK_NOMEM;
    }
    const char *name = template_name                ? template_name
                     : m->in.template_name.set ? m->in.template_name.s
                                                : gk_kind_of(&m->in)->template_name;
    /* the kind's default template: the profile's profile.ini may choose another */
    bool by_kind = !template_name && !m->in.template_name.set;
    gk_tpl_source src = {NULL, template_dir, by_kind ? gk_doc_kind_names[m->in.document.set ? m->in.document.v : GK_DOC_BUDGET] : NULL};
    gk_tpl_output lines = {0};
    gk_status st = gk_tpl_expand(&src, name, m, &lines, diags);
    if (st == GK_OK) st = gk_compose_lines(&lines, &d->tree, diags);
    if (st == GK_OK) st = fill_meta(&d->tree, m, diags);
    gk_tpl_output_free(&lines);
    if (st != GK_OK) {
        gk_document_free(d);
        return st;
    }
    *out = d;
    return GK_OK;
}

void gk_document_free(gk_document *d)
{
    if (!d) return;
    gk_tree_free(&d->tree);
    if (d->laid) laid_release(d->laid);
    free(d->laid);
    free(d);
}

/* Runs `write` into a temporary file beside `path` and renames it into
 * place: a reader never sees half a file, an existing file is replaced
 * whole or not at all, and a failure leaves nothing behind. */
typedef gk_status (*writer)(const gk_document *d, const gk_fontset *fonts, const char *path, const char *name,
                            gk_diags *diags);

static gk_status write_atomically(const gk_document *d, const gk_fontset *fonts, const char *path, writer write,
                                  gk_diags *diags)
{
    /* only a regular file is ever replaced: never a device, a folder or
     * what a symbolic link points at */
    struct stat st;
    if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        gk_diag_add(diags, GK_ERROR, "io", path, 0, 0, "", "cannot write: it exists and is not a regular file");
        return GK_IO;
    }
    char *tmp;
    int fd = gk_file_open_temp(path, &tmp);
    if (fd < 0) {
        gk_status why = errno == ENOMEM ? GK_NOMEM : GK_IO;
        gk_diag_add(diags, GK_ERROR, "io", path, 0, 0, "", "cannot write: %s", strerror(errno));
        return why;
    }
    /* The writers open the file by a name (libharu and libxlsxwriter take
     * nothing else): the descriptor's, which names this very file whatever
     * is done to the folder meanwhile, where /proc is mounted. No inode is
     * made or freed but the document's own: on ext4 every inode freed in
     * the last minute makes each new file dearer to create. */
    char self[32];
    snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
    gk_status st2 = write(d, fonts, access(self, W_OK) == 0 ? self : tmp, path, diags);
    if (st2 == GK_OK && rename(tmp, path) != 0) { /* renamed while the lock is held */
        gk_diag_add(diags, GK_ERROR, "io", path, 0, 0, "", "cannot write: %s", strerror(errno));
        st2 = GK_IO;
    }
    if (st2 != GK_OK) unlink(tmp);
    close(fd);
    free(tmp);
    return st2;
}

static gk_status write_txt(const gk_document *d, const gk_fontset *fonts, const char *path, const char *name,
                           gk_diags *diags)
{
    (void)fonts;
    gk_buf out = {0};
    gk_render_txt(&d->tree, &out);
    gk_status st = GK_NOMEM;
    if (!out.oom) {
        FILE *f = fopen(path, "wb");
        bool ok = f && fwrite(out.data ? out.data : "", 1, out.len, f) == out.len;
        if (f && fclose(f) != 0) ok = false;
        st = ok ? GK_OK : GK_IO;
        if (!ok) gk_diag_add(diags, GK_ERROR, "io", name, 0, 0, "", "cannot write: %s", strerror(errno));
    }
    gk_buf_free(&out);
    return st;
}

static gk_status write_docx(const gk_document *d, const gk_fontset *fonts, const char *path, const char *name,
                           gk_diags *diags)
{
    return gk_docx_write(&d->tree, fonts, path, name, diags);
}

static gk_status write_xlsx(const gk_document *d, const gk_fontset *fonts, const char *path, const char *name,
                            gk_diags *diags)
{
    (void)fonts;
    return gk_xlsx_write(&d->tree, path, name, diags);
}

static unsigned run_fonts_generation; /* counts the fontsets run_fontset loaded */

/* The document laid out with `fonts`, made once for its PDF and its OFD:
 * the same fonts, metrics and page geometry give both writers the same
 * pages, so the second need not lay it out again (gk_laid_make; NULL: each
 * writer lays it out itself, as it always did). */
static gk_laid *laid_for(const gk_document *d, const gk_fontset *fonts, const char *name)
{
    laid_cache *c = d->laid;
    if (c->fonts == fonts && c->generation == run_fonts_generation) return c->laid;
    laid_release(c);
    c->laid = gk_laid_make(&d->tree, fonts, name);
    c->fonts = fonts;
    c->generation = run_fonts_generation;
    return c->laid;
}

static gk_status write_pdf(const gk_document *d, const gk_fontset *fonts, const char *path, const char *name,
                           gk_diags *diags)
{
    return gk_pdf_write_laid(&d->tree, fonts, laid_for(d, fonts, name), path, name, diags);
}

static gk_status write_ofd(const gk_document *d, const gk_fontset *fonts, const char *path, const char *name,
                           gk_diags *diags)
{
    return gk_ofd_write_laid(&d->tree, fonts, laid_for(d, fonts, name), path, name, diags);
}

/* The registry of output formats, in the order --help and the default use. */
static const struct entry {
    gk_format info;
    writer write;
    bool fonts; /* the writer needs the fontset */
} registry[] = {
    {{"docx", "a Word document (GB/T 9704 layout), editable in Word, WPS and LibreOffice"}, write_docx, true},
    {{"pdf", "the PDF for the website, laid out by gongkai, fonts embedded"}, write_pdf, true},
    {{"txt", "plain text, one paragraph per line, for review and diffs"}, write_txt, false},
    {{"ofd", "OFD (GB/T 33190), the national fixed-layout format: the PDF's pages, fonts embedded"}, write_ofd, true},
    {{"xlsx", "the document's tables as a workbook: a sheet per table, figures as numbers"}, write_xlsx, false},
};
enum { NFORMATS = sizeof registry / sizeof registry[0] };

const gk_format *gk_format_at(size_t i) { return i < NFORMATS ? &registry[i].info : NULL; }

static const struct entry *entry_named(const char *name, size_t len)
{
    for (size_t k = 0; k < NFORMATS; k++)
        if (strlen(registry[k].info.name) == len && memcmp(registry[k].info.name, name, len) == 0) return &registry[k];
    return NULL;
}

const gk_format *gk_format_find(const char *name, size_t len)
{
    const struct entry *e = entry_named(name, len);
    return e ? &e->info : NULL;
}

const char *gk_format_names(void)
{
    static char names[128];
    if (!names[0])
        for (size_t k = 0; k < NFORMATS; k++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", k ? ", " : "", registry[k].info.name);
    return names;
}

/* The fontset of the run: loaded by the first document that needs it and
 * kept for the others, so that a batch worker reads and parses it once
 * rather than once per format per document. One slot, keyed by the file
 * (NULL: the built-in one); a run names one fontset, and another file
 * replaces it. Only a load without errors is kept, so a bad fontset is
 * reported for every document as before. Freed at exit. */
static struct {
    bool loaded;
    char *path;
    gk_fontset fs;
} run_fonts;
static bool run_fonts_hooked;

static void run_fonts_release(void)
{
    if (run_fonts.loaded) gk_fontset_free(&run_fonts.fs);
    free(run_fonts.path);
    memset(&run_fonts, 0, sizeof run_fonts);
}

static bool same_path(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* The fontset at `path` for this run, loaded on first use; NULL with *st
 * when it cannot be loaded (its errors are in diags) or memory ran out. */
static const gk_fontset *run_fontset(const char *path, gk_status *st, gk_diags *diags)
{
    *st = GK_OK;
    if (run_fonts.loaded && same_path(run_fonts.path, path)) return &run_fonts.fs;
    run_fonts_release();
    /* without the hook the kept fontset stays reachable until exit */
    if (!run_fonts_hooked && atexit(run_fonts_release) == 0) run_fonts_hooked = true;
    char *copy = path ? strdup(path) : NULL;
    if (path && !copy) {
        *st = GK_NOMEM;
        return NULL;
    }
    size_t errors = diags ? diags->errors : 0;
    *st = gk_fontset_load(&run_fonts.fs, path, diags);
    if (*st == GK_OK && diags && diags->errors != errors) *st = GK_INVALID;
    if (*st != GK_OK) {
        gk_fontset_free(&run_fonts.fs);
        memset(&run_fonts.fs, 0, sizeof run_fonts.fs);
        free(copy);
        return NULL;
    }
    run_fonts.path = copy;
    run_fonts.loaded = true;
    run_fonts_generation++;
    return &run_fonts.fs;
}

gk_status gk_document_write(const gk_document *d, const char *format, const char *path, const gk_render_options *opts,
                            gk_diags *diags)
{
    const struct entry *e = entry_named(format, strlen(format));
    if (!e) {
        gk_diag_add(diags, GK_ERROR, "format", path, 0, 0, "", "unknown format %s (%s)", format, gk_format_names());
        return GK_INVALID;
    }
    if (!e->fonts) {
        gk_fontset none;
        memset(&none, 0, sizeof none);
        return write_atomically(d, &none, path, e->write, diags);
    }
    gk_status st;
    const gk_fontset *fonts = run_fontset(opts ? opts->fontset : NULL, &st, diags);
    return fonts ? write_atomically(d, fonts, path, e->write, diags) : st;
}
