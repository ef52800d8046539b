/* The DOCX writer out of memory: a document with project-like tables
 * (the same header in every table, header_broken's kept lines), headings
 * in balanced lines, dates and figures is written with the k-th and every
 * later allocation failing, then with the k-th alone failing, for every k
 * until one write allocates no more. Each write either fails (GK_IO or
 * GK_NOMEM; render/document.c then removes what it wrote), or succeeds with
 * exactly the bytes of the write with memory enough: a document is never
 * silently different for want of memory, and nothing leaks (ASan). The
 * k-th alone is the harder case: a later allocation succeeds, so a failure
 * the code forgot (a table cell's text left unprepared, whose widths were
 * then wrong) shows as another document. Allocations fail on demand
 * (oom_wrap.h): gongkai's own, not ICU's or zlib's. */
#include "support.h"

#include "docx.h"
#include "fontset.h"
#include "node.h"
#include "oom_wrap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static gk_node *add(gk_tree *t, gk_node *parent, gk_node_type type)
{
    gk_node *n = gk_node_new(t, type);
    assert_non_null(n);
    gk_node_append(parent, n);
    return n;
}

static void text(gk_tree *t, gk_node *p, const char *s) { assert_true(gk_node_add_text(t, p, s, strlen(s), false)); }

static void tree(gk_tree *t)
{
    assert_true(gk_tree_init(t));
    t->meta.title = "标题";
    t->meta.author = "某县某部门";
    t->meta.subject = "2020年部门预算信息公开";
    t->meta.date = "2020-01-01T00:00:00Z";
    t->meta.year = 2020;
    gk_node *h = add(t, t->root, GK_NODE_HEADING);
    h->as.heading.level = 3;
    h->as.heading.numbering = GK_NUM_ARABIC_COMMA;
    h->as.heading.number = 1;
    text(t, h, "考核实绩突出单位和优秀科级干部奖励金绩效目标表考核实绩突出单位");
    for (int k = 0; k < 3; k++) {
        gk_node *p = add(t, t->root, GK_NODE_PARAGRAPH);
        p->as.para.indent = true;
        text(t, p, "项目于2019年12月31日完成，资金1095.70万元。");
        gk_node *tab = add(t, t->root, GK_NODE_TABLE);
        tab->as.table.cols = 6;
        tab->as.table.header_rows = 1;
        for (int c = 0; c < 6; c++) tab->as.table.widths[c] = 1;
        for (int r = 0; r < 3; r++) {
            gk_node *row = add(t, tab, GK_NODE_ROW);
            row->as.row.header = r == 0;
            for (int c = 0; c < 6; c++) {
                gk_node *cell = add(t, row, GK_NODE_CELL);
                cell->as.cell.rowspan = cell->as.cell.colspan = 1;
                text(t, add(t, cell, GK_NODE_PARAGRAPH), r == 0 ? "预算拨款支出合计金额" : c == 5 ? "≥95%" : "绩效指标");
            }
        }
    }
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *data = malloc(1 << 20); /* called only while disarmed */
    assert_non_null(data);
    *len = fread(data, 1, 1 << 20, f);
    fclose(f);
    return data;
}

static void test_docx_out_of_memory(void **state)
{
    (void)state;
    gk_diags *d = gk_test_diags();
    gk_fontset fonts;
    assert_int_equal(gk_fontset_load(&fonts, NULL, d), GK_OK);
    gk_tree t;
    tree(&t);
    char dir[] = "/tmp/gk-test-docx-oom-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/out.docx", dir);
    assert_int_equal(gk_docx_write(&t, &fonts, path, "out.docx", d), GK_OK);
    size_t want_len;
    char *want = slurp(path, &want_len);
    assert_non_null(want);
    long failed = 0;
    for (long fail_at = 1, one = 0; one < 2; fail_at++) {
        unlink(path);
        d = gk_test_diags();
        if (one) gk_oom_arm_one(fail_at - 1);
        else gk_oom_arm(fail_at - 1);
        gk_status st = gk_docx_write(&t, &fonts, path, "out.docx", d);
        if (gk_oom_disarm() < fail_at) { /* no allocation failed: the whole write; then the k-th alone */
            assert_int_equal(st, GK_OK);
            one++;
            fail_at = 0;
            continue;
        }
        size_t len = 0;
        char *got = slurp(path, &len);
        if (st == GK_OK) {
            if (!got || len != want_len || memcmp(got, want, len) != 0)
                fail_msg("allocation %ld%s failing gave another document", fail_at, one ? " alone" : " and later ones");
        } else {
            /* GK_IO, "out of memory or an XML error" (docx.c: the writer
             * cannot tell them apart), or GK_NOMEM */
            if (st != GK_IO && st != GK_NOMEM)
                fail_msg("allocation %ld%s failing: status %d", fail_at, one ? " alone" : " and later ones", (int)st);
            failed++;
        }
        free(got);
    }
    assert_true(failed > 100); /* the writer did meet failures */
    free(want);
    unlink(path);
    rmdir(dir);
    gk_tree_free(&t);
    gk_fontset_free(&fonts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test_teardown(test_docx_out_of_memory, gk_test_cleanup)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
