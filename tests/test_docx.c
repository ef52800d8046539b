/* The DOCX writer on document trees built here: every part well-formed,
 * hostile text cleaned, big paragraphs and tables, spans and merges as
 * gridSpan/vMerge, header rows repeated, Word numbering equal to the tree's,
 * the same bytes for the same tree. The package is read back with libzip
 * and each part parsed with libxml2. */
#include "support.h"

#include "arena.h"
#include "buf.h"
#include "docx.h"
#include "fontset.h"
#include "node.h"
#include "xml.h"

#include <libxml/parser.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

/* ---- building trees ---- */

static gk_node *add(gk_tree *t, gk_node *parent, gk_node_type type)
{
    gk_node *n = gk_node_new(t, type);
    assert_non_null(n);
    gk_node_append(parent, n);
    return n;
}

static gk_node *para(gk_tree *t, gk_node *parent, const char *text)
{
    gk_node *p = add(t, parent, GK_NODE_PARAGRAPH);
    p->as.para.indent = true;
    assert_true(gk_node_add_text(t, p, text, strlen(text), false));
    return p;
}

static gk_node *heading(gk_tree *t, int level, gk_numbering style, int number, const char *text)
{
    gk_node *h = add(t, t->root, GK_NODE_HEADING);
    h->as.heading.level = level;
    h->as.heading.numbering = style;
    h->as.heading.number = number;
    assert_true(gk_node_add_text(t, h, text, strlen(text), false));
    return h;
}

/* A table of `rows` × `cols`; cell text "r,c". */
static gk_node *table(gk_tree *t, gk_node *parent, int rows, int cols, int header_rows)
{
    gk_node *tab = add(t, parent, GK_NODE_TABLE);
    tab->as.table.cols = cols;
    tab->as.table.header_rows = header_rows;
    for (int c = 0; c < cols; c++) tab->as.table.widths[c] = 1;
    for (int r = 0; r < rows; r++) {
        gk_node *row = add(t, tab, GK_NODE_ROW);
        row->as.row.header = r < header_rows;
        for (int c = 0; c < cols; c++) {
            gk_node *cell = add(t, row, GK_NODE_CELL);
            cell->as.cell.rowspan = cell->as.cell.colspan = 1;
            char text[32];
            snprintf(text, sizeof text, "%d,%d", r, c);
            gk_node *p = add(t, cell, GK_NODE_PARAGRAPH);
            assert_true(gk_node_add_text(t, p, text, strlen(text), false));
        }
    }
    return tab;
}

static gk_node *cell_at(gk_node *tab, int r, int c)
{
    gk_node *row = tab->first;
    while (r--) row = row->next;
    gk_node *cell = row->first;
    while (c--) cell = cell->next;
    return cell;
}

static void cover(gk_node *cell, bool from_left)
{
    cell->as.cell.covered = true;
    cell->as.cell.from_left = from_left;
    cell->first = cell->last = NULL;
}

/* Trees of the running test, freed after it (see cleanup). */
static gk_tree *trees[4];
static int ntrees;

static int cleanup(void **state)
{
    while (ntrees) gk_tree_free(trees[--ntrees]);
    return gk_test_cleanup(state);
}

static gk_tree *new_tree(void)
{
    gk_tree *t = gk_test_keep(calloc(1, sizeof *t));
    assert_true(gk_tree_init(t));
    assert_true(ntrees < 4);
    trees[ntrees++] = t;
    t->meta.title = "标题";
    t->meta.author = "某县某部门";
    t->meta.subject = "2020年部门预算信息公开";
    t->meta.date = "2020-01-01T00:00:00Z";
    t->meta.year = 2020;
    return t;
}

/* ---- writing and reading back ---- */

typedef struct package {
    char *parts[16], *names[16];
    size_t lens[16];
    int n;
    char *bytes;
    size_t size;
} package;

static void read_file(const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    gk_buf b = {0};
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) gk_buf_append(&b, chunk, k);
    fclose(f);
    *len = b.len;
    *data = gk_test_keep(gk_buf_detach(&b));
}

/* Writes `t` with the built-in fontset to a new temporary file, whose name
 * goes to `path` (a "/tmp/gk-test-docx-XXXXXX" buffer); the writer's status. */
static gk_status write_docx(gk_tree *t, char *path, gk_diags *d)
{
    gk_fontset fonts;
    assert_int_equal(gk_fontset_load(&fonts, NULL, d), GK_OK);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    gk_status st = gk_docx_write(t, &fonts, path, "test.docx", d);
    gk_fontset_free(&fonts);
    return st;
}

/* Writes `t`, reads every part back and checks it is well-formed XML. */
static package *write_and_read(gk_tree *t)
{
    gk_diags *d = gk_test_diags();
    char path[] = "/tmp/gk-test-docx-XXXXXX";
    gk_status st = write_docx(t, path, d);
    if (st != GK_OK) gk_test_print_diags(d);
    assert_int_equal(st, GK_OK);

    package *p = gk_test_keep(calloc(1, sizeof *p));
    read_file(path, &p->bytes, &p->size);
    int err = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &err);
    assert_non_null(z);
    zip_int64_t n = zip_get_num_entries(z, 0);
    assert_true(n > 0 && n <= 16);
    for (zip_int64_t i = 0; i < n; i++) {
        zip_stat_t st2;
        assert_int_equal(zip_stat_index(z, (zip_uint64_t)i, 0, &st2), 0);
        zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)i, 0);
        assert_non_null(f);
        char *data = gk_test_keep(malloc(st2.size + 1));
        assert_int_equal(zip_fread(f, data, st2.size), (zip_int64_t)st2.size);
        data[st2.size] = '\0';
        zip_fclose(f);
        xmlDocPtr doc = xmlReadMemory(data, (int)st2.size, st2.name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
        if (!doc) fail_msg("%s is not well-formed XML", st2.name);
        xmlFreeDoc(doc);
        p->names[p->n] = gk_test_keep(strdup(st2.name));
        p->parts[p->n] = data;
        p->lens[p->n++] = st2.size;
    }
    zip_close(z);
    unlink(path);
    return p;
}

static const char *part(const package *p, const char *name)
{
    for (int i = 0; i < p->n; i++)
        if (strcmp(p->names[i], name) == 0) return p->parts[i];
    fail_msg("no part %s", name);
    return NULL;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle)) n++;
    return n;
}

/* ---- tests ---- */

static void test_package_parts(void **state)
{
    (void)state;
    gk_tree *t = new_tree();
    para(t, t->root, "正文");
    package *p = write_and_read(t);
    const char *ct = part(p, "[Content_Types].xml");
    /* every part but the .rels ones has its content type */
    for (int i = 0; i < p->n; i++) {
        if (strstr(p->names[i], ".rels")) continue;
        if (strcmp(p->names[i], "[Content_Types].xml") == 0) continue;
        char override[128];
        snprintf(override, sizeof override, "PartName=\"/%s\"", p->names[i]);
        if (!strstr(ct, override)) fail_msg("no content type for %s", p->names[i]);
    }
    assert_non_null(strstr(part(p, "word/_rels/document.xml.rels"), "Target=\"footer2.xml\""));
    assert_non_null(strstr(part(p, "word/settings.xml"), "<w:evenAndOddHeaders/>"));
    const char *core = part(p, "docProps/core.xml");
    assert_non_null(strstr(core, "<dc:creator>某县某部门</dc:creator>"));
    assert_non_null(strstr(core, "2020-01-01T00:00:00Z"));
    const char *doc = part(p, "word/document.xml");
    /* A4, GB/T 9704 margins, 22 × 28 grid */
    assert_non_null(strstr(doc, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
    assert_non_null(strstr(doc, "w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\""));
    assert_non_null(strstr(doc, "w:linePitch=\"579\""));
    /* page numbers: odd footer right, even footer left */
    assert_non_null(strstr(part(p, "word/footer1.xml"), "<w:jc w:val=\"right\"/>"));
    assert_non_null(strstr(part(p, "word/footer2.xml"), "<w:jc w:val=\"left\"/>"));
    assert_non_null(strstr(part(p, "word/footer1.xml"), "PAGE"));
}

static void test_hostile_and_big_text(void **state)
{
    (void)state;
    gk_tree *t = new_tree();
    /* control characters and U+FFFF cannot be XML: they are dropped */
    para(t, t->root, "a\x01" "b\x1f" "c\xEF\xBF\xBF" "d<&>\"'");
    gk_buf big = {0};
    for (int i = 0; i < 10000; i++) gk_buf_puts(&big, i % 7 ? "字" : "，");
    para(t, t->root, gk_buf_str(&big));
    gk_buf_free(&big);
    table(t, t->root, 2000, 6, 1);
    package *p = write_and_read(t);
    const char *doc = part(p, "word/document.xml");
    assert_non_null(strstr(doc, ">abcd&lt;&amp;&gt;&quot;'<"));
    assert_int_equal(count(doc, "<w:tr>"), 2000);
    assert_int_equal(count(doc, "<w:tblHeader/>"), 1);
    assert_int_equal(count(doc, "<w:cantSplit/>"), 2000);
    assert_non_null(strstr(doc, ">1999,5<"));
}

static void test_spans_and_merges(void **state)
{
    (void)state;
    gk_tree *t = new_tree();
    gk_node *tab = table(t, t->root, 4, 3, 1);
    /* header: (0,0) spans two columns; body: (1,0) spans rows 1–3 */
    cell_at(tab, 0, 0)->as.cell.colspan = 2;
    cover(cell_at(tab, 0, 1), true);
    cell_at(tab, 1, 0)->as.cell.rowspan = 3;
    cover(cell_at(tab, 2, 0), false);
    cover(cell_at(tab, 3, 0), false);
    package *p = write_and_read(t);
    const char *doc = part(p, "word/document.xml");
    assert_int_equal(count(doc, "<w:gridSpan w:val=\"2\"/>"), 1);
    assert_int_equal(count(doc, "<w:vMerge w:val=\"restart\"/>"), 1);
    assert_int_equal(count(doc, "<w:vMerge/>"), 2);
    assert_int_equal(count(doc, "<w:tc>"), 2 + 3 * 3); /* the spanned header cell is one */
    assert_null(strstr(doc, ">0,1<"));                  /* covered cells carry no text */
}

static void test_numbering_follows_the_tree(void **state)
{
    (void)state;
    gk_tree *t = new_tree();
    heading(t, 1, GK_NUM_CN_COMMA, 1, "a");
    heading(t, 3, GK_NUM_ARABIC_COMMA, 1, "b");
    heading(t, 3, GK_NUM_ARABIC_COMMA, 2, "c");
    heading(t, 1, GK_NUM_NONE, 0, "第二部分"); /* unnumbered: Word must not count it */
    heading(t, 3, GK_NUM_ARABIC_COMMA, 1, "d"); /* the tree restarts: a new instance */
    heading(t, 3, GK_NUM_ARABIC_DOT, 1, "e");   /* the 1. variant: its own list */
    heading(t, 3, GK_NUM_ARABIC_DOT, 2, "f");
    heading(t, 1, GK_NUM_CN_COMMA, 2, "g");     /* continues 一、: needs an instance at 二 */
    gk_node *l = add(t, t->root, GK_NODE_LIST);
    l->as.list.numbering = GK_NUM_CN_PAREN;
    add(t, l, GK_NODE_ITEM)->as.item.number = 1;
    package *p = write_and_read(t);
    const char *num = part(p, "word/numbering.xml");
    const char *doc = part(p, "word/document.xml");
    assert_non_null(strstr(num, "<w:lvlText w:val=\"%1、\"/>"));
    assert_non_null(strstr(num, "<w:numFmt w:val=\"chineseCounting\"/>"));
    assert_non_null(strstr(num, "<w:lvlText w:val=\"%3.\"/>"));
    /* "d" restarts level 3 at 1 and "g" sets level 1 to 2 in new instances */
    assert_int_equal(count(num, "<w:startOverride w:val=\"1\"/>"), 1 + 1);
    assert_int_equal(count(num, "<w:startOverride w:val=\"2\"/>"), 1);
    /* the unnumbered heading switches the style's numbering off */
    assert_non_null(strstr(doc, "<w:numId w:val=\"0\"/>"));
    assert_int_equal(count(doc, "<w:pStyle w:val=\"Heading3\"/>"), 5);
}

static void test_landscape_section(void **state)
{
    (void)state;
    gk_tree *t = new_tree();
    para(t, t->root, "前");
    gk_node *sec = add(t, t->root, GK_NODE_SECTION);
    sec->as.section.landscape = true;
    table(t, sec, 2, 13, 1);
    para(t, t->root, "后");
    package *p = write_and_read(t);
    const char *doc = part(p, "word/document.xml");
    assert_int_equal(count(doc, "<w:sectPr>"), 3); /* before, the landscape part, the body's own */
    assert_int_equal(count(doc, "w:orient=\"landscape\""), 1);
    assert_non_null(strstr(doc, "GkTableSmall")); /* 13 columns: the smaller table font */
}

static int grid_widths(const char *doc, long *w, int max);

/* Issue 12: bordered tables that follow each other are one Word table
 * (a project table's information block, 绩效目标 and its indicator grid,
 * header rows and all, when the grid fits on a page) on a grid holding the
 * column edges of all; a table with header rows of its own taller than a
 * page starts a new one (Word repeats only a table's top rows), one point
 * below the first, and the rows that must stay together keep with the
 * next. */
static void test_project_table_is_one_word_table(void **state)
{
    (void)state;
    gk_tree *t = new_tree();
    table(t, t->root, 2, 2, 0);
    gk_node *goals = table(t, t->root, 1, 3, 0);
    goals->as.table.widths[0] = 2; /* edges at 2/4 and 3/4 of the block: the first table's 1/2 is one of them */
    table(t, t->root, 4, 2, 1);
    para(t, t->root, "间");
    table(t, t->root, 2, 2, 0);
    table(t, t->root, 60, 2, 1); /* 60 rows of a grid line and more: taller than a page */
    package *p = write_and_read(t);
    const char *doc = part(p, "word/document.xml");
    assert_int_equal(count(doc, "<w:tbl>"), 3);
    /* the short grid's header row is not marked to repeat inside the
     * project table (Word would not), the tall one's is */
    assert_int_equal(count(doc, "<w:tblHeader/>"), 1);
    const char *tbl2 = strstr(strstr(doc, "<w:tbl>") + 1, "<w:tbl>");
    assert_non_null(tbl2);
    assert_true(strstr(doc, "<w:tblHeader/>") > tbl2);
    /* the first Word table's grid holds the edges of both: more columns
     * than either, and every row's cells span exactly all of them */
    const char *first = strstr(doc, "<w:tblGrid>"), *second = strstr(first + 1, "<w:tblGrid>");
    assert_non_null(second);
    long cols = 0;
    for (const char *q = first; (q = strstr(q, "<w:gridCol ")) && q < second; q++) cols++;
    assert_true(cols > 3);
    int rows = 0;
    for (const char *tr = strstr(first, "<w:tr>"); tr && tr < second; tr = strstr(tr + 1, "<w:tr>"), rows++) {
        const char *end = strstr(tr, "</w:tr>");
        long spans = 0;
        for (const char *tc = strstr(tr, "<w:tc>"); tc && tc < end; tc = strstr(tc + 1, "<w:tc>")) {
            const char *gs = strstr(tc, "<w:gridSpan w:val=\""), *next = strstr(tc + 1, "<w:tc>");
            spans += gs && gs < end && (!next || gs < next) ? strtol(gs + strlen("<w:gridSpan w:val=\""), NULL, 10) : 1;
        }
        assert_int_equal(spans, cols);
    }
    assert_int_equal(rows, 7);
    /* between the last two Word tables a spacer of one point, not a grid line */
    assert_non_null(strstr(doc, "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"20\" w:lineRule=\"exact\"/>"));
    /* header row, first body row, and the last row of a table continued */
    assert_true(count(doc, "<w:keepNext/>") >= 3);
}

/* Issue 12: a centred caption before a landscape table is written in the
 * landscape section (the PDF puts it on the landscape page); the landscape
 * page number reads top to bottom. */
static void test_landscape_caption_and_number(void **state)
{
    (void)state;
    gk_tree *t = new_tree();
    para(t, t->root, "前");
    gk_node *cap = para(t, t->root, "政府采购预算表");
    cap->as.para.indent = false;
    cap->as.para.align = GK_ALIGN_CENTER;
    gk_node *sec = add(t, t->root, GK_NODE_SECTION);
    sec->as.section.landscape = true;
    table(t, sec, 2, 3, 1);
    para(t, t->root, "后");
    package *p = write_and_read(t);
    const char *doc = part(p, "word/document.xml");
    const char *caption = strstr(doc, "政府采购预算表"), *land = strstr(doc, "w:orient=\"landscape\"");
    const char *portrait_end = strstr(doc, "<w:sectPr>");
    assert_non_null(caption);
    assert_non_null(land);
    assert_true(caption > portrait_end); /* after the portrait section's end */
    assert_true(caption < land);         /* and within the landscape one */
    assert_null(strstr(part(p, "word/footer3.xml"), "bottom-to-top"));
    assert_non_null(strstr(part(p, "word/footer3.xml"), "layout-flow:vertical"));
}

/* Issue 12: a cell of one figure is not wrapped; figures and words set the
 * grid, so a 21-character project code gets a column it fits. */
static void test_figures_set_the_grid(void **state)
{
    (void)state;
    gk_tree *t = new_tree();
    gk_node *tab = table(t, t->root, 2, 4, 0);
    gk_node *code = cell_at(tab, 1, 1)->first;
    code->first->as.text.s = "13022524P00442P10056R";
    code->first->as.text.len = strlen(code->first->as.text.s);
    package *p = write_and_read(t);
    const char *doc = part(p, "word/document.xml");
    long w[8];
    assert_int_equal(grid_widths(doc, w, 8), 4);
    /* 21 characters of 0.65 em at 12 pt, and 2 mm of margins */
    assert_true(w[1] >= (long)(21 * 0.65 * 12 * 20) + 114);
    assert_true(w[1] > w[0] && w[1] > w[2]);
    assert_true(count(doc, "<w:noWrap/>") >= 1);
}

/* The w:w of every <w:gridCol> of the first table, into w[]; their count. */
static int grid_widths(const char *doc, long *w, int max)
{
    int n = 0;
    for (const char *p = strstr(doc, "<w:tblGrid>"); p && (p = strstr(p, "<w:gridCol w:w=\"")) && n < max; n++) {
        p += strlen("<w:gridCol w:w=\"");
        w[n] = strtol(p, NULL, 10);
    }
    return n;
}

/* Relative widths near INT_MAX (issue 17): their sum overflowed an int and
 * the columns came out negative. Each column gets its share of the text
 * block, and the shares fill it exactly. */
static void test_widths_near_int_max(void **state)
{
    (void)state;
    gk_tree *t = new_tree();
    gk_node *tab = table(t, t->root, 2, 3, 1);
    tab->as.table.widths[0] = INT_MAX;
    tab->as.table.widths[1] = INT_MAX;
    tab->as.table.widths[2] = INT_MAX / 2;
    package *p = write_and_read(t);
    long w[8];
    assert_int_equal(grid_widths(part(p, "word/document.xml"), w, 8), 3);
    for (int c = 0; c < 3; c++) assert_true(w[c] > 0);
    assert_int_equal(w[0], w[1]);
    assert_int_equal(w[0] + w[1] + w[2], 8845); /* GK_TEXT_W, the portrait text block */
    assert_true(w[2] < w[0]);
}

/* A span of 0 or of INT_MAX columns (a tree not made by compose.c) neither
 * stalls the row loop nor runs past the table: it is clamped to the columns
 * that are there. */
static void test_spans_out_of_range(void **state)
{
    (void)state;
    gk_tree *t = new_tree();
    gk_node *tab = table(t, t->root, 2, 3, 1);
    cell_at(tab, 0, 0)->as.cell.colspan = INT_MAX;
    cover(cell_at(tab, 0, 1), true);
    cover(cell_at(tab, 0, 2), true);
    cell_at(tab, 1, 1)->as.cell.colspan = 0;
    package *p = write_and_read(t);
    const char *doc = part(p, "word/document.xml");
    assert_int_equal(count(doc, "<w:gridSpan w:val=\"3\"/>"), 1);
    assert_int_equal(count(doc, "<w:tc>"), 1 + 3);
}

/* A table of 33 columns cannot be written (the tree keeps 32 widths): the
 * docx fails with a diagnostic instead of overrunning the width table. */
static void test_too_many_columns_fail(void **state)
{
    (void)state;
    gk_tree *t = new_tree();
    gk_node *tab = table(t, t->root, 1, 32, 0);
    tab->as.table.cols = 33;
    gk_diags *d = gk_test_diags();
    char path[] = "/tmp/gk-test-docx-XXXXXX";
    gk_status st = write_docx(t, path, d);
    unlink(path);
    assert_int_equal(st, GK_IO);
    const gk_diag *g = gk_test_expect(d, "io", NULL);
    assert_string_equal(g->file, "test.docx");
    assert_non_null(strstr(g->message, "cannot write the docx"));
}

/* 5 000 lists, as a county document of 5 000 projects has (issue 17): a
 * fixed table of 4 096 numbering instances gave every later list numId 0,
 * so Word showed them unnumbered. Each list keeps an instance of its own. */
static void test_many_lists_keep_their_numbers(void **state)
{
    (void)state;
    gk_tree *t = new_tree();
    for (int i = 0; i < 5000; i++) {
        gk_node *l = add(t, t->root, GK_NODE_LIST);
        l->as.list.numbering = GK_NUM_CN_PAREN;
        gk_node *item = add(t, l, GK_NODE_ITEM);
        item->as.item.number = 1;
        assert_true(gk_node_add_text(t, item, "目标", strlen("目标"), false));
    }
    package *p = write_and_read(t);
    const char *doc = part(p, "word/document.xml");
    assert_int_equal(count(doc, "<w:numId w:val=\"0\"/>"), 0);
    assert_int_equal(count(part(p, "word/numbering.xml"), "<w:num "), 2 + 5000); /* the two heading lists */
    assert_non_null(strstr(doc, "<w:numId w:val=\"5002\"/>"));
}

static void test_same_bytes(void **state)
{
    (void)state;
    gk_tree *t = new_tree();
    heading(t, 1, GK_NUM_CN_COMMA, 1, "一");
    table(t, t->root, 3, 3, 1);
    package *a = write_and_read(t), *b = write_and_read(t);
    assert_int_equal(a->size, b->size);
    assert_memory_equal(a->bytes, b->bytes, a->size);
}

/* The style of the paragraph that holds `text` (the pStyle of its w:p). */
static char *style_of(const char *doc, const char *text)
{
    const char *at = strstr(doc, text);
    assert_non_null(at);
    const char *p = doc, *q;
    while ((q = strstr(p, "<w:p>")) && q < at) p = q + 1;
    const char *st = strstr(p, "<w:pStyle w:val=\"");
    assert_true(st && st < at);
    st += strlen("<w:pStyle w:val=\"");
    static char out[32];
    size_t n = 0;
    while (st[n] && st[n] != '"' && n + 1 < sizeof out) n++;
    memcpy(out, st, n);
    out[n] = '\0';
    return out;
}

/* Issue 12: where a table with header rows of its own, taller than a
 * page, follows a bordered table (a form's long table under its first
 * block) the first one's last row has no bottom rule: one rule at the
 * join, the second table's top. A table followed by a paragraph keeps its
 * own. */
static void test_one_rule_where_tables_meet(void **state)
{
    (void)state;
    gk_tree *t = new_tree();
    table(t, t->root, 2, 3, 0);
    table(t, t->root, 60, 3, 1);
    para(t, t->root, "后文");
    package *p = write_and_read(t);
    const char *doc = part(p, "word/document.xml");
    assert_int_equal(count(doc, "<w:tbl>"), 2);
    const char *second = strstr(strstr(doc, "<w:tbl>") + 1, "<w:tbl>");
    assert_int_equal(count(doc, "<w:bottom w:val=\"nil\"/>"), 3);
    const char *last_tr = NULL;
    for (const char *q = strstr(doc, "<w:tr>"); q && q < second; q = strstr(q + 1, "<w:tr>")) last_tr = q;
    const char *nil = strstr(doc, "<w:bottom w:val=\"nil\"/>");
    assert_true(nil > last_tr && nil < second); /* the three cells of the first table's last row */
}

/* Issue 12: no line break inside a date in the DOCX (LibreOffice broke
 * （9 | 月末 in a cell): a WORD JOINER between a digit and 年/月/日 and
 * between 年/月 and a digit, and nowhere else. */
static void test_dates_do_not_break(void **state)
{
    (void)state;
    gk_tree *t = new_tree();
    para(t, t->root, "截止时间：2019年12月31日");
    gk_node *tab = table(t, t->root, 1, 1, 0);
    gk_node *cp = cell_at(tab, 0, 0)->first;
    assert_true(gk_node_add_text(t, cp, "（9月末）第3项", strlen("（9月末）第3项"), false));
    package *p = write_and_read(t);
    const char *doc = part(p, "word/document.xml");
    assert_non_null(strstr(doc, "2019\xE2\x81\xA0年\xE2\x81\xA0" "12\xE2\x81\xA0月\xE2\x81\xA0" "31\xE2\x81\xA0日"));
    assert_non_null(strstr(doc, "（9\xE2\x81\xA0月末）第3项"));
    assert_int_equal(count(doc, "\xE2\x81\xA0"), 6);
}

/* Issue 12: a paragraph without indent (`<<`) under a table is a note, in
 * the body style with its two-character indent; one elsewhere is GkPlain. */
static void test_note_after_table_indented(void **state)
{
    (void)state;
    gk_tree *t = new_tree();
    gk_node *first = para(t, t->root, "附件一");
    first->as.para.indent = false;
    table(t, t->root, 2, 2, 1);
    gk_node *note = para(t, t->root, "注释行");
    note->as.para.indent = false;
    package *p = write_and_read(t);
    const char *doc = part(p, "word/document.xml");
    assert_string_equal(style_of(doc, "附件一"), "GkPlain");
    assert_string_equal(style_of(doc, "注释行"), "Normal");
}

/* Issue 12: a heading Word would break with a stub carries the PDF's
 * balanced break (left-aligned, so that Word does not stretch the line
 * before it); one that fits on a line is left to Word. */
static void test_heading_in_balanced_lines(void **state)
{
    (void)state;
    gk_tree *t = new_tree();
    heading(t, 3, GK_NUM_ARABIC_COMMA, 1, "考核实绩突出单位和优秀科级干部奖励金绩效目标表考核实绩突出单位");
    heading(t, 3, GK_NUM_ARABIC_COMMA, 2, "短标题");
    package *p = write_and_read(t);
    const char *doc = part(p, "word/document.xml");
    assert_int_equal(count(doc, "<w:br/>"), 1);
    assert_int_equal(count(doc, "<w:jc w:val=\"left\"/>"), 1);
    assert_non_null(strstr(doc, ">短标题<"));
    /* the number is Word's: not written as text */
    assert_null(strstr(doc, ">1、"));
}

/* Issue 12: a cell spanning two short rows with a long text makes the
 * last of them tall enough (LibreOffice clipped it), and starts at its
 * top; the table keeps the 1 mm padding above and below (the style's). */
static void test_tall_merged_cell_grows_its_rows(void **state)
{
    (void)state;
    gk_tree *t = new_tree();
    gk_node *tab = table(t, t->root, 3, 3, 1);
    gk_node *c = cell_at(tab, 1, 2);
    c->as.cell.rowspan = 2;
    cover(cell_at(tab, 2, 2), false);
    char text[3 * 400 + 1] = "";
    for (int i = 0; i < 400; i++) strcat(text, "长");
    assert_true(gk_node_add_text(t, c->first, text, strlen(text), false));
    package *p = write_and_read(t);
    const char *doc = part(p, "word/document.xml");
    assert_int_equal(count(doc, "w:hRule=\"atLeast\""), 1);
    assert_int_equal(count(doc, "<w:vAlign w:val=\"top\"/>"), 1);
    assert_null(strstr(doc, "<w:top w:w=\"0\""));
}

/* The paragraph (<w:p>…</w:p>) holding the n-th occurrence of `text`,
 * copied (freed by the test's cleanup). */
static char *para_with(const char *doc, const char *text, int n)
{
    const char *at = doc;
    for (int k = 0; k <= n; k++) {
        at = strstr(k ? at + 1 : at, text);
        assert_non_null(at);
    }
    const char *from = doc, *q;
    while ((q = strstr(from, "<w:p>")) && q < at) from = q + 1;
    from--;
    const char *to = strstr(at, "</w:p>");
    assert_non_null(to);
    size_t len = (size_t)(to + strlen("</w:p>") - from);
    char *out = gk_test_keep(malloc(len + 1));
    memcpy(out, from, len);
    out[len] = '\0';
    return out;
}

/* Eight columns each headed by `head` (broken into lines in them), or two,
 * after a paragraph so that no two tables make one Word table. */
static void headed(gk_tree *t, int cols, const char *head)
{
    para(t, t->root, "表");
    gk_node *tab = table(t, t->root, 2, cols, 1);
    for (int c = 0; c < cols; c++) {
        gk_node *p = cell_at(tab, 0, c)->first;
        p->first = p->last = NULL;
        assert_true(gk_node_add_text(t, p, head, strlen(head), false));
    }
}

/* A header paragraph's lines are found once a document and kept for the
 * next header of the same text, size and width (header_broken): the same
 * header in a narrow column, in a wide one and in a narrow one again is
 * written as each alone writes it — broken in the narrow columns, whole in
 * the wide one, whichever came first. */
static void test_header_lines_once_a_document(void **state)
{
    (void)state;
    static const char head[] = "预算拨款支出合计金额";
    gk_tree *both = new_tree();
    headed(both, 8, head);
    headed(both, 2, head);
    headed(both, 8, head);
    gk_tree *narrow = new_tree();
    headed(narrow, 8, head);
    gk_tree *wide = new_tree();
    headed(wide, 2, head);
    const char *doc = part(write_and_read(both), "word/document.xml");
    const char *n0 = para_with(part(write_and_read(narrow), "word/document.xml"), "预算", 0);
    const char *w0 = para_with(part(write_and_read(wide), "word/document.xml"), "预算", 0);
    assert_non_null(strstr(n0, "<w:br/>")); /* broken in a narrow column … */
    assert_null(strstr(w0, "<w:br/>"));     /* … whole in a wide one */
    /* 8 + 2 + 8 headers: each as its table alone has it */
    for (int k = 0; k < 18; k++) assert_string_equal(para_with(doc, "预算", k), k < 8 || k >= 10 ? n0 : w0);
}

/* ---- the XML writer (pack/xml.c) ---- */

/* The part x makes, as a string (freed by the caller). */
static char *finish(gk_xml *x)
{
    gk_buf out = {0};
    assert_true(gk_xml_finish(x, &out));
    assert_non_null(out.data);
    assert_int_equal(out.data[out.len], '\0'); /* a gk_buf's NUL, though put() leaves it out */
    assert_int_equal(strlen(out.data), out.len);
    return gk_buf_detach(&out);
}

#define DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

/* Every byte in text and in an attribute value, one at a time between a
 * and b: escaped, cleaned or kept as xml.c's head says libxml2 wrote them
 * (its byte table is what is checked here). */
static void test_xml_every_byte(void **state)
{
    (void)state;
    for (int c = 1; c < 256; c++) {
        char s[4] = {'a', (char)c, 'b', '\0'};
        gk_xml *x = gk_xml_new();
        assert_non_null(x);
        gk_xml_start(x, "e");
        gk_xml_attr(x, "v", s);
        gk_xml_text(x, s, 3);
        char *got = finish(x);
        const char *text = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;"
                         : c == '\t' || c == '\n' ? NULL /* as it is */
                         : c < 0x20 ? "" /* dropped, CR too */
                                    : NULL;
        const char *attr = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;"
                         : c == '\t' ? "&#9;" : c == '\n' ? "&#10;" : c == '\r' ? "&#13;" : NULL;
        char one[2] = {(char)c, '\0'};
        char want[128];
        snprintf(want, sizeof want, DECL "<e v=\"a%sb\">a%sb</e>\n", attr ? attr : one, text ? text : one);
        if (strcmp(got, want) != 0) fail_msg("byte 0x%02X: %s", c, got);
        free(got);
    }
    /* U+FFFE and U+FFFF leave text, not attribute values; U+FFFD and a
     * lone 0xEF (not UTF-8, kept) stay */
    gk_xml *x = gk_xml_new();
    assert_non_null(x);
    gk_xml_start(x, "e");
    gk_xml_attr(x, "v", "\xEF\xBF\xBE|\xEF\xBF\xBF");
    const char *t = "1\xEF\xBF\xBE" "2\xEF\xBF\xBF" "3\xEF\xBF\xBD" "4\xEF";
    gk_xml_text(x, t, strlen(t));
    char *got = finish(x);
    assert_string_equal(got, DECL "<e v=\"\xEF\xBF\xBE|\xEF\xBF\xBF\">123\xEF\xBF\xBD" "4\xEF</e>\n");
    free(got);
}

/* A part far larger than the buffer's first size, written in short
 * pieces: every piece lands whole across the buffer's growth (put()
 * copies in place while there is room and grows through gk_buf_append
 * when there is not; ASan sees any write past the end), and an element
 * of one call (gk_xml_val, gk_xml_elem) closes where it was opened. */
static void test_xml_pieces_across_growth(void **state)
{
    (void)state;
    static const char unit[] = "<w:r><w:rPr><w:b/><w:sz w:val=\"-24\"/></w:rPr>"
                               "<w:t xml:space=\"preserve\">字&amp;b</w:t><w:jc w:val=\"a&lt;b\" w:x=\"1\"/></w:r>";
    enum { N = 5000 };
    gk_xml *x = gk_xml_new();
    assert_non_null(x);
    gk_xml_start(x, "w:body");
    for (int i = 0; i < N; i++) {
        gk_xml_start(x, "w:r");
        gk_xml_start(x, "w:rPr");
        gk_xml_elem(x, "w:b", NULL);
        gk_xml_val(x, "w:sz", -24);
        gk_xml_end(x);
        gk_xml_start(x, "w:t");
        gk_xml_attr(x, "xml:space", "preserve");
        gk_xml_text(x, "字&b", strlen("字&b"));
        gk_xml_end(x);
        gk_xml_elem(x, "w:jc", "w:val", "a<b", "w:x", "1", NULL);
        gk_xml_end(x);
    }
    /* left open: gk_xml_finish closes it */
    char *got = finish(x);
    gk_buf want = {0};
    gk_buf_puts(&want, DECL "<w:body>");
    for (int i = 0; i < N; i++) gk_buf_puts(&want, unit);
    gk_buf_puts(&want, "</w:body>\n");
    assert_false(want.oom);
    assert_string_equal(got, gk_buf_str(&want));
    free(got);

    /* into a buffer that holds something: appended after it */
    gk_buf out = {0};
    gk_buf_puts(&out, "head|");
    x = gk_xml_new();
    assert_non_null(x);
    gk_xml_text_elem(x, "p", "x");
    assert_true(gk_xml_finish(x, &out));
    assert_string_equal(gk_buf_str(&out), "head|" DECL "<p>x</p>\n");
    gk_buf_free(&out);
    gk_buf_free(&want);

    /* an attribute after content is a caller's fault: the part fails */
    x = gk_xml_new();
    assert_non_null(x);
    gk_xml_start(x, "p");
    gk_xml_text(x, "x", 1);
    gk_xml_attr_int(x, "n", 1);
    assert_false(gk_xml_finish(x, &out));
    gk_buf_free(&out);
}

int main(void)
{
#define DOCX_TEST(f) cmocka_unit_test_teardown(f, cleanup)
    const struct CMUnitTest tests[] = {
        DOCX_TEST(test_package_parts),      DOCX_TEST(test_hostile_and_big_text), DOCX_TEST(test_spans_and_merges),
        DOCX_TEST(test_numbering_follows_the_tree), DOCX_TEST(test_landscape_section), DOCX_TEST(test_same_bytes),
        DOCX_TEST(test_widths_near_int_max), DOCX_TEST(test_spans_out_of_range), DOCX_TEST(test_too_many_columns_fail),
        DOCX_TEST(test_many_lists_keep_their_numbers), DOCX_TEST(test_project_table_is_one_word_table),
        DOCX_TEST(test_landscape_caption_and_number), DOCX_TEST(test_figures_set_the_grid),
        DOCX_TEST(test_one_rule_where_tables_meet), DOCX_TEST(test_note_after_table_indented),
        DOCX_TEST(test_heading_in_balanced_lines), DOCX_TEST(test_tall_merged_cell_grows_its_rows), DOCX_TEST(test_dates_do_not_break),
        DOCX_TEST(test_header_lines_once_a_document), DOCX_TEST(test_xml_every_byte), DOCX_TEST(test_xml_pieces_across_growth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
