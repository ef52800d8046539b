/* The clerk's workbook: a fill-in XLSX derived from the field tables
 * (model/fields.c), in the layout the XLSX reader reads (input/xlsx.h). A
 * field added to the tables appears in it without a change here:
 *
 * - the top-level scalars and department are the sheet 部门信息, and each
 *   other top-level group (income, assets …) a sheet of one field per row
 *   (label, value, explanation, path);
 * - each list is a sheet of one item per row; a list inside a list item is a
 *   sheet of its own whose first columns are the numbers of the items it
 *   belongs to (the parent keys, e.g. 项目序号 in 指标), and the items of a
 *   list that has lists inside are numbered in a 序号 column;
 * - row 1 holds the Chinese titles (each with a comment), row 2 the field
 *   paths the reader goes by; both are frozen; the sheet 说明 explains every
 *   column. Enumerations and booleans get drop-down lists, amounts a number
 *   format, text columns the text format (so "3-1" stays text), wrapped;
 * - titles are Chinese (from the field's doc, else a table in workbook.c);
 *   rows are as high as their texts (an office program does not grow them
 *   on opening), and each sheet prints landscape, one page wide. */
#ifndef GK_WORKBOOK_H
#define GK_WORKBOOK_H

#include "gongkai.h"
#include "value.h"

/* Writes the workbook to `path` (libxlsxwriter writes it in place; the CLI
 * gives a temporary name and renames). `kind` is "budget", "goals" or
 * "selfeval" (the sheets of that document; NULL: the input's, else budget).
 * `data` (NULL for an empty workbook) is a value tree read from an input,
 * whose values fill the sheets. `created` is the document date written in
 * the workbook's properties (deterministic bytes). Problems go to diags. */
gk_status gk_workbook_write(const char *path, const char *kind, const gk_value *data, long long created,
                            gk_diags *diags);

#endif
