/* test_laid_deflate: a font subset the PDF and the OFD of one document
 * share is deflated once (layout/laid.h gk_laid_deflated, pack/zipper.h
 * gk_deflate): the PDF wraps the raw deflate in a zlib header and Adler-32,
 * the OFD zips it as it is. Each file must be the same bytes as when its
 * writer deflates the subset itself (written alone, without a shared
 * layout), whichever of the two is written first; and the shared one must
 * have been made and used (a hit), not skipped. */
#include "support.h"

#include "laid.h"
#include "node.h"
#include "ofd.h"
#include "pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *dir = ".";

/* Whether two files hold the same bytes, read side by side. */
static bool same_file(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    bool same = fa && fb;
    size_t total = 0;
    while (same) {
        char x[4096], y[4096];
        size_t na = fread(x, 1, sizeof x, fa), nb = fread(y, 1, sizeof y, fb);
        same = na == nb && memcmp(x, y, na) == 0;
        total += na;
        if (na < sizeof x) break;
    }
    if (fa) fclose(fa);
    if (fb) fclose(fb);
    if (!same || !total) fprintf(stderr, "%s and %s differ\n", a, b);
    return same && total > 0;
}

/* A block of `type` holding `s`, at the end of the document. */
static gk_node *block(gk_tree *t, gk_node_type type, const char *s)
{
    gk_node *n = gk_node_new(t, type);
    assert_non_null(n);
    gk_node_append(t->root, n);
    assert_true(gk_node_add_text(t, n, s, strlen(s), false));
    return n;
}

/* How many entries of l have their subset deflated. */
static size_t deflated(const gk_laid *l)
{
    size_t n = 0;
    for (size_t k = 0; k < l->fonts.n; k++) n += l->zsub[k].data != NULL;
    return n;
}

static void test_shared_deflate_same_bytes(void **state)
{
    (void)state;
    gk_tree tree;
    assert_true(gk_tree_init(&tree));
    tree.meta.title = "共用压缩测试";
    tree.meta.date = "2024-01-01T00:00:00Z";
    tree.meta.year = 2024;
    block(&tree, GK_NODE_TITLE, "某县某局2024年部门预算信息公开");
    block(&tree, GK_NODE_HEADING, "部门主要职责")->as.heading.level = 1;
    block(&tree, GK_NODE_PARAGRAPH, "按照《中华人民共和国预算法》规定，2024年部门预算支出合计688.35万元，比上年增加12.5%。")
        ->as.para.align = GK_ALIGN_JUSTIFY;

    gk_fontset fs;
    gk_diags diags = {0};
    assert_true(gk_fontset_load(&fs, NULL, &diags) == GK_OK);
    char path[6][512];
    const char *names[6] = {"alone.pdf", "alone.ofd", "pdf-first.pdf", "pdf-first.ofd", "ofd-first.pdf",
                            "ofd-first.ofd"};
    for (int i = 0; i < 6; i++) snprintf(path[i], sizeof path[i], "%s/laid-deflate-%s", dir, names[i]);

    /* each writer alone: its own layout, its own deflating */
    assert_true(gk_pdf_write(&tree, &fs, path[0], names[0], &diags) == GK_OK);
    assert_true(gk_ofd_write(&tree, &fs, path[1], names[1], &diags) == GK_OK);

    /* the PDF first: it deflates the shared subsets, the OFD takes them */
    gk_laid *l = gk_laid_make(&tree, &fs, "laid");
    assert_non_null(l);
    if (l) {
        assert_true(deflated(l) == 0);
        assert_true(gk_pdf_write_laid(&tree, &fs, l, path[2], names[2], &diags) == GK_OK);
        size_t made = deflated(l);
        assert_true(made > 0); /* the body and heading fonts at least */
        /* a hit gives the one made, not another */
        for (size_t k = 0; k < l->fonts.n; k++) {
            if (!l->zsub[k].data) continue;
            const unsigned char *before = l->zsub[k].data;
            const gk_deflated *z = gk_laid_deflated(l, k, l->sub[k]);
            assert_true(z == &l->zsub[k] && z->data == before && z->len > 0);
        }
        /* a subset that is not the shared one gets none: its writer deflates it */
        assert_true(gk_laid_deflated(l, 0, NULL) == NULL);
        assert_true(gk_laid_deflated(NULL, 0, l->sub[0]) == NULL);
        assert_true(gk_ofd_write_laid(&tree, &fs, l, path[3], names[3], &diags) == GK_OK);
        assert_true(deflated(l) == made);
        gk_laid_free(l);
    }
    /* the OFD first: it deflates them, the PDF takes them */
    l = gk_laid_make(&tree, &fs, "laid");
    assert_non_null(l);
    if (l) {
        assert_true(gk_ofd_write_laid(&tree, &fs, l, path[5], names[5], &diags) == GK_OK);
        size_t made = deflated(l);
        assert_true(made > 0);
        assert_true(gk_pdf_write_laid(&tree, &fs, l, path[4], names[4], &diags) == GK_OK);
        assert_true(deflated(l) == made);
        gk_laid_free(l);
    }
    for (size_t i = 0; i < diags.count; i++) fprintf(stderr, "%s\n", diags.items[i].message);
    assert_int_equal(diags.count, 0);
    assert_true(same_file(path[0], path[2]));
    assert_true(same_file(path[0], path[4]));
    assert_true(same_file(path[1], path[3]));
    assert_true(same_file(path[1], path[5]));

    gk_diags_clear(&diags);
    gk_fontset_free(&fs);
    gk_tree_free(&tree);
}

int main(int argc, char **argv)
{
    if (argc > 1) dir = argv[1];
    const struct CMUnitTest tests[] = {GK_TEST(test_shared_deflate_same_bytes)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
