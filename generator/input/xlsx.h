/* The XLSX reader: a workbook in the clerk's layout (generator/workbook/,
 * README "The clerk's workbook") read into the same value tree as JSON and
 * INI. Each sheet has Chinese labels in row 1 and the field paths in row 2;
 * the paths alone say where a cell's value goes, so the reader knows nothing
 * of the field tables and a field added to them needs no change here.
 *
 * Paths: "department.name" (a member), "projects[].name" (a member of the
 * row's element of the list projects), "duties[]" (the row's value is an
 * element of a list of scalars), "projects#" (the number, from 1, of the
 * element of projects the row belongs to: a parent key, or the element's own
 * number), "@path" / "@value" (a sheet of one field per row: the path in one
 * column, its value in the other). Other "@..." columns are notes and ignored.
 *
 * Positions: a value's line is GK_XLSX_LINE(sheet, row) and its column the
 * cell's column, so diagnostics sort by sheet, row and column;
 * gk_xlsx_place turns them into "SHEET!C12". */
#ifndef GK_XLSX_H
#define GK_XLSX_H

#include "value.h"

#define GK_XLSX_ROW_BITS 21u
#define GK_XLSX_LINE(sheet, row) (((unsigned)(sheet) << GK_XLSX_ROW_BITS) | (unsigned)(row))
#define GK_XLSX_MAX_SHEETS 200u
#define GK_XLSX_MAX_PART (32u * 1024 * 1024)  /* uncompressed bytes of one part */
#define GK_XLSX_MAX_TOTAL (64u * 1024 * 1024) /* uncompressed bytes of all parts read */
#define GK_XLSX_MAX_ROWS (GK_MAX_ITEMS + 2u)  /* the two header rows and 10 000 items */
#define GK_XLSX_MAX_COLS 256u

/* The sheet names of a workbook read, for the places of its diagnostics
 * (allocated in the reader's arena). */
typedef struct gk_xlsx_book {
    const char **sheets; /* sheets[i - 1] is sheet i */
    unsigned count;
} gk_xlsx_book;

/* Reads the workbook data[0..len) into a value tree in `arena`, appending
 * problems (with `name` as the file) to `diags`. *book (may be NULL)
 * receives the sheet names, also when the result is NULL. Returns the root
 * object, or NULL when the workbook could not be read as a whole. No DTD is
 * loaded and no entity expanded: a part with a DOCTYPE is refused. */
gk_value *gk_xlsx_read(const char *name, const char *data, size_t len, gk_arena *arena, gk_diags *diags,
                       const gk_xlsx_book **book);

/* Appends "SHEET!C12" for a position of `book` to `out`; false when the line
 * is not one of the book's (then nothing is appended). */
bool gk_xlsx_place(const gk_xlsx_book *book, unsigned line, unsigned col, gk_buf *out);

/* "C" for column 3, "AA" for 27: appends the column's letters. */
void gk_xlsx_col_name(unsigned col, gk_buf *out);

#endif
