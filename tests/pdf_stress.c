/* Writes a large document as PDF and as plain text, for pdf_check.sh:
 * a 20 000-character paragraph (with punctuation, numbers and Latin words)
 * and a 300-row table with a header row, merged cells and long cells.
 * usage: pdf_stress OUT.pdf OUT.txt — prints the least number of pages the
 * PDF must have.
 *        pdf_stress --pages N OUT.pdf — a document of N pages (one line each,
 * portrait and landscape in turn); prints the writer's diagnostics and exits
 * with its status. */
#include "buf.h"
#include "fontset.h"
#include "layout.h"
#include "node.h"
#include "pdf.h"
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static gk_node *cell(gk_tree *t, gk_node *row, const char *s)
{
    gk_node *c = add(t, row, GK_NODE_CELL);
    c->as.cell.rowspan = c->as.cell.colspan = 1;
    c->as.cell.align = row->as.row.header ? GK_ALIGN_CENTER : GK_ALIGN_LEFT;
    if (s && *s) {
        gk_node *p = add(t, c, GK_NODE_PARAGRAPH);
        p->as.para.align = c->as.cell.align;
        text(t, p, s);
    }
    return c;
}

/* N pages: landscape sections, each followed by a portrait paragraph. */
static int pages(long n, const char *out)
{
    gk_tree tree;
    if (!gk_tree_init(&tree)) return 4;
    tree.meta.title = "页数测试";
    tree.meta.date = "2024-01-01T00:00:00Z";
    tree.meta.year = 2024;
    for (long i = 0; i < n; i++) {
        gk_node *parent = tree.root;
        if (i % 2 == 0) {
            parent = add(&tree, tree.root, GK_NODE_SECTION);
            parent->as.section.landscape = true;
        }
        gk_node *p = add(&tree, parent, GK_NODE_PARAGRAPH);
        p->as.para.align = GK_ALIGN_LEFT;
        text(&tree, p, i % 2 == 0 ? "横" : "竖");
    }
    gk_fontset fs;
    gk_diags diags = {0};
    gk_status st = gk_fontset_load(&fs, NULL, &diags);
    if (st == GK_OK) st = gk_pdf_write(&tree, &fs, out, out, &diags);
    for (size_t i = 0; i < diags.count; i++)
        printf("%s:%u:%u: %s: %s\n", diags.items[i].file ? diags.items[i].file : "", diags.items[i].line,
               diags.items[i].col, diags.items[i].severity == GK_ERROR ? "error" : "warning", diags.items[i].message);
    gk_diags_clear(&diags);
    gk_fontset_free(&fs);
    gk_tree_free(&tree);
    return (int)st;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--pages") == 0) return pages(strtol(argv[2], NULL, 10), argv[3]);
    if (argc != 3) {
        fprintf(stderr, "usage: pdf_stress OUT.pdf OUT.txt\n");
        return 2;
    }
    gk_tree tree;
    if (!gk_tree_init(&tree)) return 4;
    tree.meta.title = "压力测试文档";
    tree.meta.author = "测试单位";
    tree.meta.subject = "2024年部门预算信息公开";
    tree.meta.date = "2024-01-01T00:00:00Z";
    tree.meta.year = 2024;

    gk_node *title = add(&tree, tree.root, GK_NODE_TITLE);
    text(&tree, title, "压力测试文档：两万字的段落和三百行的表格");
    gk_node *h = add(&tree, tree.root, GK_NODE_HEADING);
    h->as.heading.level = 1;
    h->as.heading.numbering = GK_NUM_CN_COMMA;
    h->as.heading.number = 1;
    text(&tree, h, "长段落");

    /* 20 000 characters */
    static const char *const pieces[] = {"按照《中华人民共和国预算法》规定，", "2024年部门预算支出合计688.35万元，",
                                         "比上年增加12.5%；", "其中基本支出（人员经费和公用经费）", "用于“三公”经费、",
                                         "PDF and DOCX formats。"};
    gk_buf b = {0};
    size_t chars = 0, wide = 0, k = 0;
    while (chars < 20000) {
        const char *p = pieces[k++ % (sizeof pieces / sizeof pieces[0])];
        gk_buf_puts(&b, p);
        for (const unsigned char *q = (const unsigned char *)p; *q;) {
            uint32_t cp = *q;
            int n = *q < 0x80 ? 1 : *q < 0xE0 ? 2 : *q < 0xF0 ? 3 : 4;
            if (n > 1) cp = *q & (0x3F >> (n - 1));
            for (int i = 1; i < n; i++) cp = cp << 6 | (q[i] & 0x3F);
            q += n;
            chars++;
            if (gk_layout_is_wide(cp)) wide++;
        }
    }
    gk_node *para = add(&tree, tree.root, GK_NODE_PARAGRAPH);
    para->as.para.align = GK_ALIGN_JUSTIFY;
    para->as.para.indent = true;
    text(&tree, para, gk_buf_str(&b));
    gk_buf_free(&b);

    h = add(&tree, tree.root, GK_NODE_HEADING);
    h->as.heading.level = 1;
    h->as.heading.numbering = GK_NUM_CN_COMMA;
    h->as.heading.number = 2;
    text(&tree, h, "长表格");

    /* 300 rows under one header row; the first column merged in runs of 5 */
    gk_node *tb = add(&tree, tree.root, GK_NODE_TABLE);
    tb->as.table.cols = 4;
    tb->as.table.header_rows = 1;
    int widths[] = {2, 3, 2, 5};
    for (int c = 0; c < 4; c++) tb->as.table.widths[c] = widths[c];
    gk_node *row = add(&tree, tb, GK_NODE_ROW);
    row->as.row.header = true;
    cell(&tree, row, "类别");
    cell(&tree, row, "项目名称");
    cell(&tree, row, "金额（万元）");
    cell(&tree, row, "说明");
    gk_node *anchor = NULL;
    for (int r = 1; r <= 300; r++) {
        char s[256];
        row = add(&tree, tb, GK_NODE_ROW);
        if ((r - 1) % 5 == 0) {
            snprintf(s, sizeof s, "第%d类", (r - 1) / 5 + 1);
            anchor = cell(&tree, row, s);
        } else {
            gk_node *c = cell(&tree, row, NULL);
            c->as.cell.covered = true;
            anchor->as.cell.rowspan++;
        }
        snprintf(s, sizeof s, "项目%d", r);
        cell(&tree, row, s);
        snprintf(s, sizeof s, "%d.%02d", r * 37, r % 100);
        cell(&tree, row, s);
        snprintf(s, sizeof s, r % 7 == 0 ? "第%d行的说明文字较长，需要在单元格内折成几行才能放下，用来检查折行。"
                                         : "第%d行",
                 r);
        cell(&tree, row, s);
    }
    const char *bad = gk_tree_check(&tree);
    if (bad) {
        fprintf(stderr, "pdf_stress: %s\n", bad);
        return 1;
    }

    gk_fontset fs;
    gk_diags diags = {0};
    gk_status st = gk_fontset_load(&fs, NULL, &diags);
    if (st == GK_OK) st = gk_pdf_write(&tree, &fs, argv[1], argv[1], &diags);
    for (size_t i = 0; i < diags.count; i++)
        fprintf(stderr, "%s: %s: %s\n", diags.items[i].file ? diags.items[i].file : "",
                diags.items[i].severity == GK_ERROR ? "error" : "warning", diags.items[i].message);
    gk_fontset_free(&fs);
    gk_buf out = {0};
    gk_render_txt(&tree, &out);
    FILE *f = fopen(argv[2], "wb");
    if (!f || fwrite(gk_buf_str(&out), 1, out.len, f) != out.len) st = GK_IO;
    if (f) fclose(f);
    gk_buf_free(&out);
    gk_tree_free(&tree);
    int warnings = (int)diags.warnings;
    gk_diags_clear(&diags);
    if (st != GK_OK || warnings) return 1;
    /* the wide characters alone at 28 a line, 22 lines a page, and 300
     * rows at most 30 a page */
    printf("%zu\n", wide / 28 / 22 + 300 / 30);
    return 0;
}
