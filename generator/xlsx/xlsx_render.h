/* XLSX: the tables of a document as a workbook (issue 11), for the clerk
 * who checks or reuses the statutory budget tables in a spreadsheet. One
 * sheet per bordered table, named by its number and the title above it;
 * figures are numbers with the number format of their display form, text is
 * text; merged header cells, borders, column widths that fit, and print
 * setup (A4, landscape where the table is wide or stands on landscape
 * pages, one page wide, header rows repeated). libxlsxwriter's handle lives
 * in xlsx_render.c only. */
#ifndef GK_XLSX_RENDER_H
#define GK_XLSX_RENDER_H

#include "gongkai.h"
#include "node.h"

/* Writes the tables of `t` to `path` (the caller renames it into place:
 * render/document.c). `name` is the file named in diagnostics. GK_IO when
 * the workbook cannot be written, GK_NOMEM when memory runs out; nothing is
 * printed. */
gk_status gk_xlsx_write(const gk_tree *t, const char *path, const char *name, gk_diags *diags);

#endif
