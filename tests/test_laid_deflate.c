/* test_laid_deflate: a font subset the PDF and the OFD of one document
 * share is deflated once (layout/laid.h gk_laid_deflated, pack/zipper.h
 * gk_deflate): the PDF wraps the raw deflate in a zlib header and Adler-32,
 * the OFD zips it as it is. Each file must be the same bytes as when its
 * writer deflates the subset itself (written alone, without a shared
 * layout), whichever of the two is written first; and the shared one must
 * have been made and used (a hit), not skipped. */
#include "laid.h"
#include "node.h"
#include "ofd.h"
#include "pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static bool same_file(const char *a, const char *b)
{
    size_t na = 0, nb = 0;
    unsigned char *pa = slurp(a, &na), *pb = slurp(b, &nb);
    bool same = pa && pb && na == nb && na > 0 && memcmp(pa, pb, na) == 0;
    if (!same) fprintf(stderr, "%s (%zu bytes) and %s (%zu bytes) differ\n", a, na, b, nb);
    free(pa);
    free(pb);
    return same;
}

static gk_node *add(gk_tree *t, gk_node *parent, gk_node_type type)
{
    gk_node *n = gk_node_new(t, type);
    if (!n) exit(4);
    gk_node_append(parent, n);
    return n;
}

static void text(gk_tree *t, gk_node *parent, const char *s)
{
    if (!gk_node_add_text(t, parent, s, strlen(s), false)) exit(4);
}

/* How many entries of l have their subset deflated. */
static size_t deflated(const gk_laid *l)
{
    size_t n = 0;
    for (size_t k = 0; k < l->fonts.n; k++) n += l->zsub[k].data != NULL;
    return n;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    gk_tree tree;
    if (!gk_tree_init(&tree)) return 4;
    tree.meta.title = "共用压缩测试";
    tree.meta.date = "2024-01-01T00:00:00Z";
    tree.meta.year = 2024;
    text(&tree, add(&tree, tree.root, GK_NODE_TITLE), "某县某局2024年部门预算信息公开");
    gk_node *h = add(&tree, tree.root, GK_NODE_HEADING);
    h->as.heading.level = 1;
    text(&tree, h, "部门主要职责");
    gk_node *p = add(&tree, tree.root, GK_NODE_PARAGRAPH);
    p->as.para.align = GK_ALIGN_JUSTIFY;
    text(&tree, p, "按照《中华人民共和国预算法》规定，2024年部门预算支出合计688.35万元，比上年增加12.5%。");

    gk_fontset fs;
    gk_diags diags = {0};
    CHECK(gk_fontset_load(&fs, NULL, &diags) == GK_OK);
    char path[6][512];
    const char *names[6] = {"alone.pdf", "alone.ofd", "pdf-first.pdf", "pdf-first.ofd", "ofd-first.pdf",
                            "ofd-first.ofd"};
    for (int i = 0; i < 6; i++) snprintf(path[i], sizeof path[i], "%s/laid-deflate-%s", dir, names[i]);

    /* each writer alone: its own layout, its own deflating */
    CHECK(gk_pdf_write(&tree, &fs, path[0], names[0], &diags) == GK_OK);
    CHECK(gk_ofd_write(&tree, &fs, path[1], names[1], &diags) == GK_OK);

    /* the PDF first: it deflates the shared subsets, the OFD takes them */
    gk_laid *l = gk_laid_make(&tree, &fs, "laid");
    CHECK(l != NULL);
    if (l) {
        CHECK(deflated(l) == 0);
        CHECK(gk_pdf_write_laid(&tree, &fs, l, path[2], names[2], &diags) == GK_OK);
        size_t made = deflated(l);
        CHECK(made > 0); /* the body and heading fonts at least */
        /* a hit gives the one made, not another */
        for (size_t k = 0; k < l->fonts.n; k++) {
            if (!l->zsub[k].data) continue;
            const unsigned char *before = l->zsub[k].data;
            const gk_deflated *z = gk_laid_deflated(l, k, l->sub[k]);
            CHECK(z == &l->zsub[k] && z->data == before && z->len > 0);
        }
        /* a subset that is not the shared one gets none: its writer deflates it */
        CHECK(gk_laid_deflated(l, 0, NULL) == NULL);
        CHECK(gk_laid_deflated(NULL, 0, l->sub[0]) == NULL);
        CHECK(gk_ofd_write_laid(&tree, &fs, l, path[3], names[3], &diags) == GK_OK);
        CHECK(deflated(l) == made);
        gk_laid_free(l);
    }
    /* the OFD first: it deflates them, the PDF takes them */
    l = gk_laid_make(&tree, &fs, "laid");
    CHECK(l != NULL);
    if (l) {
        CHECK(gk_ofd_write_laid(&tree, &fs, l, path[5], names[5], &diags) == GK_OK);
        size_t made = deflated(l);
        CHECK(made > 0);
        CHECK(gk_pdf_write_laid(&tree, &fs, l, path[4], names[4], &diags) == GK_OK);
        CHECK(deflated(l) == made);
        gk_laid_free(l);
    }
    CHECK(diags.count == 0);
    for (size_t i = 0; i < diags.count; i++) fprintf(stderr, "%s\n", diags.items[i].message);
    CHECK(same_file(path[0], path[2]));
    CHECK(same_file(path[0], path[4]));
    CHECK(same_file(path[1], path[3]));
    CHECK(same_file(path[1], path[5]));

    gk_diags_clear(&diags);
    gk_fontset_free(&fs);
    gk_tree_free(&tree);
    if (failures) fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
