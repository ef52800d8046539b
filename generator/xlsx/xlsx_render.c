/* The XLSX renderer (xlsx.h): reads the document tree, writes a workbook
 * through libxlsxwriter. A table's title is the centred paragraph above it
 * and its unit line the borderless table between them (the templates'
 * `^^title` and `[table borders=none]`), so a sheet carries what the page
 * carries; the paragraphs right after a table (an empty table's sentence)
 * follow it on the sheet. */
#include "xlsx_render.h"

#include "buf.h"
#include "diag.h"
#include "file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

/* RUN_MAX: the most tables that follow each other on one sheet (a project
 * table has three; a longer run goes on in a sheet of its own). */
enum { MAX_COLS = 32, TITLE_ROW = 0, UNIT_ROW = 1, FIRST_ROW = 2, SHEET_NAME_MAX = 31, RUN_MAX = 16 };

typedef struct formats {
    lxw_format *title, *unit_left, *unit_right, *head, *text, *note;
    lxw_format *amount[7]; /* 0.00 with 0–6 places */
    lxw_format *general, *percent, *count;
} formats;

typedef struct xw {
    lxw_workbook *wb;
    formats f;
    gk_buf title, unit_left, unit_right; /* what stands above the next table */
    bool landscape;                      /* inside a landscape section */
    lxw_worksheet *last;                 /* the sheet of the last table, for its notes */
    lxw_row_t last_row;                  /* the next free row of that sheet */
    size_t sheets;
    /* the text of the cell (or note) being measured or written: one buffer
     * for all of them, since a workbook has thousands of cells and each
     * had a buffer of its own, allocated and freed (libxlsxwriter copies
     * the strings it is given) */
    gk_buf cell;
    bool oom;
} xw;

/* ---- text of the tree ---- */

/* Appends the characters of a block (a paragraph's runs, a list's items),
 * paragraphs and breaks as line breaks. */
static void block_text(const gk_node *n, gk_buf *out)
{
    char fig[GK_FIG_STRLEN];
    for (const gk_node *c = n->first; c; c = c->next) {
        if (gk_node_is_run(c)) {
            size_t len;
            const char *s = gk_run_chars(c, fig, &len);
            gk_buf_append(out, s, len);
        } else if (c->type == GK_NODE_BREAK) {
            gk_buf_putc(out, '\n');
        } else {
            if (out->len && out->data[out->len - 1] != '\n') gk_buf_putc(out, '\n');
            block_text(c, out);
        }
    }
}

/* Display width of UTF-8 text in character cells: a CJK (3- or 4-byte)
 * character counts two; the longest line. */
static unsigned text_width(const char *s, size_t len)
{
    unsigned best = 0, cur = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') {
            best = cur > best ? cur : best;
            cur = 0;
            i++;
            continue;
        }
        size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        cur += k >= 3 ? 2 : 1;
        i += k;
    }
    return cur > best ? cur : best;
}

/* ---- formats ---- */

static lxw_format *cell_format(lxw_workbook *wb, bool border, uint8_t align, bool bold, bool wrap, const char *num)
{
    lxw_format *f = workbook_add_format(wb);
    /* the Song face of the PDF's tables (fonts/default.fontset), which
     * LibreOffice finds by name; "宋体" matched no font here and
     * LibreOffice's CJK fallback was AR PL KaitiM, a 楷体 that reads as
     * bold. A Chinese Excel without it substitutes its own Song. */
    format_set_font_name(f, "AR PL SungtiL GB");
    format_set_font_size(f, 10);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (align) format_set_align(f, align);
    if (border) format_set_border(f, LXW_BORDER_THIN);
    if (bold) format_set_bold(f);
    if (wrap) format_set_text_wrap(f);
    if (num) format_set_num_format(f, num);
    return f;
}

static void make_formats(xw *X)
{
    formats *f = &X->f;
    f->title = cell_format(X->wb, false, LXW_ALIGN_CENTER, true, false, NULL);
    format_set_font_size(f->title, 14);
    f->unit_left = cell_format(X->wb, false, LXW_ALIGN_LEFT, false, false, NULL);
    f->unit_right = cell_format(X->wb, false, LXW_ALIGN_RIGHT, false, false, NULL);
    f->head = cell_format(X->wb, true, LXW_ALIGN_CENTER, true, true, NULL);
    f->text = cell_format(X->wb, true, LXW_ALIGN_LEFT, false, true, "@");
    f->note = cell_format(X->wb, false, LXW_ALIGN_LEFT, false, false, NULL);
    static const char *const amounts[] = {"0", "0.0", "0.00", "0.000", "0.0000", "0.00000", "0.000000"};
    for (int p = 0; p <= 6; p++) f->amount[p] = cell_format(X->wb, true, LXW_ALIGN_RIGHT, false, false, amounts[p]);
    f->general = cell_format(X->wb, true, LXW_ALIGN_RIGHT, false, false, "General");
    f->percent = cell_format(X->wb, true, LXW_ALIGN_RIGHT, false, false, "0.##%");
    f->count = cell_format(X->wb, true, LXW_ALIGN_RIGHT, false, false, "0");
}

/* The number format of a figure's display form; *value is what the cell
 * holds (a percent is stored as a fraction, as spreadsheets do). A cell
 * holds an IEEE double, so the exact decimal becomes one here, at the last
 * moment, through its exact text (strtod rounds correctly). */
static lxw_format *figure_format(xw *X, const gk_figure *g, double *value)
{
    char text[GK_DEC_STRLEN];
    gk_dec_format(g->value, -1, text);
    *value = strtod(text, NULL);
    switch (g->kind) {
    case GK_FIG_AMOUNT: return X->f.amount[g->places >= 0 && g->places <= 6 ? g->places : 2];
    case GK_FIG_PERCENT: *value /= 100; return X->f.percent;
    case GK_FIG_COUNT: return X->f.count;
    case GK_FIG_NUMBER: return g->places >= 0 && g->places <= 6 ? X->f.amount[g->places] : X->f.general;
    case GK_FIG_WAN: return X->f.general;
    }
    return X->f.general;
}

/* ---- a table, or tables that follow each other, one sheet ---- */

/* "3 部门支出总表": the sheet's number and `title`, without the characters
 * a sheet name may not hold, at most 31 characters. */
static void sheet_name(const xw *X, const gk_buf *title, char *out, size_t n)
{
    gk_buf b = {0};
    gk_buf_printf(&b, "%zu", X->sheets + 1);
    if (title->len) gk_buf_putc(&b, ' ');
    const char *s = gk_buf_str(title);
    for (size_t i = 0; i < title->len;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (!strchr("[]:*?/\\'\n", c) || k > 1) gk_buf_append(&b, s + i, k);
        i += k;
    }
    /* cut at 31 characters (a BMP character is one UTF-16 unit) */
    size_t chars = 0, i = 0;
    const char *t = gk_buf_str(&b);
    while (i < b.len && chars < SHEET_NAME_MAX) {
        unsigned char c = (unsigned char)t[i];
        i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        chars++;
    }
    snprintf(out, n, "%.*s", (int)i, t);
    gk_buf_free(&b);
}

typedef struct grid {
    unsigned width[MAX_COLS]; /* widest single body cell, then the column's width */
    unsigned head[MAX_COLS];  /* widest line of a single header cell */
    int cols, header_rows;
} grid;

/* Bounds of a column, in character cells: a header wraps, so its lines
 * count up to six characters; body text up to 40 (a project's name on one
 * line where it can), longer text wraps and its row grows. */
enum { COL_MIN = 8, COL_HEAD_MAX = 12, COL_MAX = 40, LINE_PT = 14 };

/* The lines a text takes in a column `width` cells wide, wrapped. */
static unsigned wrapped_lines(const char *s, size_t len, unsigned width)
{
    unsigned lines = 0;
    for (size_t i = 0; i <= len;) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - s) : len;
        unsigned w = text_width(s + i, end - i);
        lines += w && width ? (w + width - 1) / width : 1;
        i = end + 1;
    }
    return lines;
}

/* The text of a cell or a block, in X->cell. */
static const gk_buf *text_of(xw *X, const gk_node *n)
{
    gk_buf_truncate(&X->cell, 0);
    block_text(n, &X->cell);
    if (X->cell.oom) X->oom = true;
    return &X->cell;
}

/* The first pass: each column as wide as its widest single cell. */
static void measure(xw *X, const gk_node *table, grid *G)
{
    for (const gk_node *row = table->first; row; row = row->next) {
        lxw_col_t c = 0;
        for (const gk_node *cell = row->first; cell && c < MAX_COLS; cell = cell->next, c++) {
            if (cell->as.cell.covered || cell->as.cell.colspan > 1) continue;
            const gk_buf *text = text_of(X, cell);
            unsigned w = text_width(gk_buf_str(text), text->len);
            unsigned *into = row->as.row.header ? &G->head[c] : &G->width[c];
            if (w > *into) *into = w;
        }
    }
    for (int c = 0; c < G->cols; c++) {
        unsigned head = G->head[c] > COL_HEAD_MAX ? COL_HEAD_MAX : G->head[c];
        unsigned w = (G->width[c] > head ? G->width[c] : head) + 2;
        G->width[c] = w < COL_MIN ? COL_MIN : w > COL_MAX ? COL_MAX : w;
    }
}

/* Writes one cell, `extra` columns wider than its own span (the last cell
 * of a table narrower than its sheet); returns the lines its text takes in
 * its columns (1 for a cell spanning rows, which has their room). */
static unsigned write_cell(xw *X, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const gk_node *cell, bool header,
                           int extra, const grid *G)
{
    const gk_figure *fig = header ? NULL : gk_cell_figure(cell);
    int rs = cell->as.cell.rowspan > 1 ? cell->as.cell.rowspan : 1;
    int cs = (cell->as.cell.colspan > 1 ? cell->as.cell.colspan : 1) + extra;
    const gk_buf *text = text_of(X, cell);
    lxw_format *f = header ? X->f.head : X->f.text;
    double value = 0;
    if (fig) f = figure_format(X, fig, &value);
    if (rs > 1 || cs > 1) {
        worksheet_merge_range(ws, r, c, r + (lxw_row_t)rs - 1, c + (lxw_col_t)cs - 1, fig ? "" : gk_buf_str(text), f);
        if (fig) worksheet_write_number(ws, r, c, value, f);
    } else if (fig) {
        worksheet_write_number(ws, r, c, value, f);
    } else if (text->len) {
        worksheet_write_string(ws, r, c, gk_buf_str(text), f);
    } else {
        worksheet_write_blank(ws, r, c, f);
    }
    unsigned room = 0;
    for (int k = 0; k < cs && c + k < MAX_COLS; k++) room += G->width[c + k];
    return rs > 1 || fig ? 1 : wrapped_lines(gk_buf_str(text), text->len, room > 1 ? room - 1 : 1);
}

static int table_cols(const gk_node *t) { return t->as.table.cols < MAX_COLS ? t->as.table.cols : MAX_COLS; }

/* The columns of a run of tables ts[0..n) on one sheet: as many as the
 * widest has, each as wide as the widest single cell any of them has there,
 * except in a narrower table's last column, which spans to the sheet's last
 * (a project table's 绩效目标 beside its label, over the indicators'
 * columns). */
static void measure_run(xw *X, const gk_node *const *ts, size_t n, grid *G)
{
    for (size_t k = 0; k < n; k++)
        if (table_cols(ts[k]) > G->cols) G->cols = table_cols(ts[k]);
    for (size_t k = 0; k < n; k++) {
        grid one = {{0}, {0}, table_cols(ts[k]), 0};
        measure(X, ts[k], &one);
        int own = one.cols < G->cols ? one.cols - 1 : one.cols; /* the stretched last column is not its own */
        for (int c = 0; c < own; c++)
            if (one.width[c] > G->width[c]) G->width[c] = one.width[c];
    }
    for (int c = 0; c < G->cols; c++)
        if (G->width[c] < COL_MIN) G->width[c] = COL_MIN;
}

/* Whether table u, right after table t, goes on t's sheet: tables that
 * follow each other with nothing between them are one table on the page (a
 * project's 绩效目标表: its information block, 绩效目标 and indicators,
 * which the PDF and the DOCX draw on a common grid). On a sheet they share
 * its columns, which suits a table of a label and its text (绩效目标 | …),
 * whose text then spans the sheet, and tables of as many columns; tables of
 * other shapes (the parts of a 自评表) keep sheets of their own, where each
 * has the widths its cells need. */
static bool continues(const gk_node *t, const gk_node *u)
{
    if (!u || u->type != GK_NODE_TABLE || u->as.table.borderless) return false;
    int a = table_cols(t), b = table_cols(u);
    return a <= 2 || b <= 2 || a == b;
}

/* The text of a table's first row when it is one cell over all its columns
 * (a title the table carries itself: 固定资产占用情况表), in X->cell; else
 * an empty buffer. Only the sheet's name takes it: the row stays. */
static const gk_buf *title_row(xw *X, const gk_node *t)
{
    static const gk_buf none = {0};
    const gk_node *row = t->first, *cell = row ? row->first : NULL;
    if (!cell || cell->as.cell.colspan < table_cols(t)) return &none;
    for (const gk_node *c = cell->next; c; c = c->next)
        if (!c->as.cell.covered) return &none;
    return text_of(X, cell);
}

/* Tables ts[0..n) that follow each other (continues), on one sheet, each
 * below the one before. The title above them and the unit line head it;
 * the header rows of the first repeat on every printed page. */
static void write_run(xw *X, const gk_node *const *ts, size_t n)
{
    char name[128];
    sheet_name(X, X->title.len ? &X->title : title_row(X, ts[0]), name, sizeof name);
    lxw_worksheet *ws = workbook_add_worksheet(X->wb, name);
    if (!ws) {
        X->oom = true;
        return;
    }
    X->sheets++;
    grid G = {{0}, {0}, 0, ts[0]->as.table.header_rows};
    measure_run(X, ts, n, &G);
    lxw_col_t last = (lxw_col_t)(G.cols > 0 ? G.cols - 1 : 0);
    if (X->title.len) {
        if (last > 0) worksheet_merge_range(ws, TITLE_ROW, 0, TITLE_ROW, last, gk_buf_str(&X->title), X->f.title);
        else worksheet_write_string(ws, TITLE_ROW, 0, gk_buf_str(&X->title), X->f.title);
        worksheet_set_row(ws, TITLE_ROW, 24, NULL);
    }
    if (X->unit_left.len) worksheet_write_string(ws, UNIT_ROW, 0, gk_buf_str(&X->unit_left), X->f.unit_left);
    if (X->unit_right.len) worksheet_write_string(ws, UNIT_ROW, last, gk_buf_str(&X->unit_right), X->f.unit_right);
    for (int c = 0; c < G.cols; c++) worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, G.width[c], NULL);
    lxw_row_t r = FIRST_ROW;
    for (size_t k = 0; k < n; k++) {
        int cols = table_cols(ts[k]);
        for (const gk_node *row = ts[k]->first; row; row = row->next, r++) {
            lxw_col_t c = 0;
            unsigned lines = 1;
            for (const gk_node *cell = row->first; cell && c < MAX_COLS; cell = cell->next, c++) {
                if (cell->as.cell.covered) continue;
                int span = cell->as.cell.colspan > 1 ? cell->as.cell.colspan : 1;
                int extra = (int)c + span == cols ? G.cols - cols : 0;
                unsigned l = write_cell(X, ws, r, c, cell, row->as.row.header, extra, &G);
                if (l > lines) lines = l;
            }
            /* a row as high as its wrapped lines: LibreOffice keeps the
             * default height of a row of a workbook it opens, and the lines
             * of a wrapped project name would run over the next row */
            if (lines > 1) worksheet_set_row(ws, r, (double)(lines * LINE_PT), NULL);
        }
    }
    worksheet_set_paper(ws, 9); /* A4 */
    if (X->landscape || G.cols > 6) worksheet_set_landscape(ws);
    else worksheet_set_portrait(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    if (G.header_rows > 0) worksheet_repeat_rows(ws, FIRST_ROW, FIRST_ROW + (lxw_row_t)G.header_rows - 1);
    X->last = ws;
    X->last_row = r + 1;
    gk_buf_truncate(&X->title, 0);
    gk_buf_truncate(&X->unit_left, 0);
    gk_buf_truncate(&X->unit_right, 0);
}

/* The borderless table above a table: its first and last cell are the unit
 * line (`{单位编码}{单位名称}` and `单位：万元`). */
static void unit_line(xw *X, const gk_node *table)
{
    gk_buf_truncate(&X->unit_left, 0);
    gk_buf_truncate(&X->unit_right, 0);
    const gk_node *row = table->first;
    if (!row || !row->first) return;
    block_text(row->first, &X->unit_left);
    if (row->last != row->first) block_text(row->last, &X->unit_right);
}

static void walk(xw *X, const gk_node *n)
{
    for (const gk_node *b = n->first; b; b = b->next) {
        switch (b->type) {
        case GK_NODE_SECTION: {
            bool was = X->landscape;
            X->landscape = b->as.section.landscape;
            walk(X, b);
            X->landscape = was;
            break;
        }
        case GK_NODE_TABLE: {
            if (b->as.table.borderless) {
                unit_line(X, b);
                break;
            }
            const gk_node *run[RUN_MAX];
            size_t k = 0;
            run[k++] = b;
            while (k < RUN_MAX && continues(b, b->next)) run[k++] = b = b->next;
            write_run(X, run, k);
            break;
        }
        case GK_NODE_TITLE:
        case GK_NODE_HEADING:
            /* a title or heading right above a table is its title (a
             * 自评表's, a project's "…绩效目标表") */
            if (b->next && b->next->type == GK_NODE_TABLE) {
                gk_buf_truncate(&X->title, 0);
                block_text(b, &X->title);
            }
            X->last = NULL;
            break;
        case GK_NODE_PARAGRAPH:
            if (b->as.para.align == GK_ALIGN_CENTER) {
                gk_buf_truncate(&X->title, 0);
                block_text(b, &X->title);
                X->last = NULL; /* a new title: what follows belongs to the next table */
            } else if (X->last) {
                worksheet_write_string(X->last, X->last_row++, 0, gk_buf_str(text_of(X, b)), X->f.note);
            }
            break;
        default:
            X->last = NULL;
            break;
        }
    }
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H.
 * Hinnant's days_from_civil): timegm is not C11. */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

/* The workbook's creation date: the document date (ISO 8601, UTC), so the
 * same input gives the same bytes. */
static time_t document_time(const char *iso)
{
    int y, mo, d, h, mi, s;
    if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6 || mo < 1 || mo > 12 || d < 1)
        return 0;
    return (time_t)(days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + s);
}

gk_status gk_xlsx_write(const gk_tree *t, const char *path, const char *name, gk_diags *diags)
{
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE,
                                .tmpdir = (char *)gk_file_scratch_dir() /* only read */,
                                .use_zip64 = LXW_FALSE};
    xw X;
    memset(&X, 0, sizeof X);
    /* libxlsxwriter prints its own errors to stderr (fprintf compiled into
     * the library, 1.1.4 has no hook: LXW_PRINTF in common.h) and the
     * library must never print. The failure a clerk meets, an output file
     * that cannot be created, is found here first, so it never reaches
     * workbook_close; the rarer ones (a temporary file or the zip failing
     * mid-write) still print there, and redirecting stderr for the whole
     * process is not ours to do. */
    FILE *probe = fopen(path, "wb");
    if (!probe) {
        gk_diag_add(diags, GK_ERROR, "io", name, 0, 0, "", "cannot write the workbook: %s", strerror(errno));
        return GK_IO;
    }
    if (fclose(probe) != 0) {
        gk_diag_add(diags, GK_ERROR, "io", name, 0, 0, "", "cannot write the workbook: %s", strerror(errno));
        return GK_IO;
    }
    X.wb = workbook_new_opt(path, &opt);
    if (!X.wb) {
        gk_diag_add(diags, GK_ERROR, "io", name, 0, 0, "", "cannot write the workbook");
        return GK_IO;
    }
    make_formats(&X);
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = (char *)t->meta.title;
    props.subject = (char *)t->meta.subject;
    props.author = (char *)t->meta.author;
    props.created = document_time(t->meta.date);
    workbook_set_properties(X.wb, &props);
    walk(&X, t->root);
    gk_buf_free(&X.title);
    gk_buf_free(&X.unit_left);
    gk_buf_free(&X.unit_right);
    gk_buf_free(&X.cell);
    lxw_error err = workbook_close(X.wb);
    if (X.oom) return GK_NOMEM;
    if (err != LXW_NO_ERROR) {
        gk_diag_add(diags, GK_ERROR, "io", name, 0, 0, "", "cannot write the workbook: %s", lxw_strerror(err));
        return GK_IO;
    }
    return GK_OK;
}
