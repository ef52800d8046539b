"""The workbook of a budget-tables document (issue 11), read back with openpyxl
(Debian's python3-openpyxl): one sheet per table in the profile's order, named
by number and title; every figure cell a number with its 0.00 format, every
code a text; A4, fit to one page wide, header rows repeated, landscape where
the table is wide; the document's properties; every cell in the regular Song face
LibreOffice finds here (AR PL SungtiL GB), bold only in headers and
titles; a row whose text wraps in its column as high as its lines; 项目支出表's
项目名称 column as wide as its names, an empty fund column as its header.

usage: tables_xlsx.py FILE.xlsx [SHEET!CELL=VALUE ...] [SHEET~TEXT ...]
  SHEET!CELL=VALUE  the cell holds the number VALUE
  SHEET~TEXT        some cell of the sheet holds exactly TEXT"""
import sys

import openpyxl

TITLES = ["部门收支总表", "部门收入总表", "部门支出总表", "财政拨款收支总表", "一般公共预算支出表",
          "一般公共预算基本支出表", "一般公共预算“三公”经费支出表", "政府性基金预算支出表",
          "国有资本经营预算支出表", "项目支出表"]

FONT = "AR PL SungtiL GB"


def main():
    path = sys.argv[1]
    wb = openpyxl.load_workbook(path)
    bad = []
    names = wb.sheetnames
    want = ["%d %s" % (i + 1, t) for i, t in enumerate(TITLES)]
    if names[:10] != want or len(names) != 11 or not names[10].startswith("11 ") or not names[10].endswith("政府采购预算"):
        bad.append("sheets %s, expected %s and 11 …政府采购预算" % (names, want))
    if not wb.properties.title or not wb.properties.creator:
        bad.append("no title or author in the document properties")
    figures = 0
    for ws in wb.worksheets:
        if ws.page_setup.paperSize not in (9, "9"):
            bad.append("%s: paper %s, not A4" % (ws.title, ws.page_setup.paperSize))
        if not ws.sheet_properties.pageSetUpPr.fitToPage or ws.page_setup.fitToHeight not in (0, "0"):
            bad.append("%s: not fit to one page wide" % ws.title)
        if not ws.print_title_rows:
            bad.append("%s: header rows not repeated" % ws.title)
        if ws.max_column > 6 and ws.page_setup.orientation != "landscape":
            bad.append("%s: %d columns on a portrait page" % (ws.title, ws.max_column))
        for row in ws.iter_rows():
            for c in row:
                if c.number_format == "0.00":
                    if not isinstance(c.value, (int, float)) and c.value is not None:
                        bad.append("%s!%s: %r with a figure's format is not a number" % (ws.title, c.coordinate, c.value))
                    figures += c.value is not None
                elif isinstance(c.value, str) and c.value.isdigit() and c.number_format != "@":
                    bad.append("%s!%s: code %s is not text" % (ws.title, c.coordinate, c.value))
        # the title (row 1) and the repeated header rows ("3:4") are bold, nothing else
        header_end = int(str(ws.print_title_rows).split(":")[-1].lstrip("$")) if ws.print_title_rows else 2
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                if c.font.name != FONT:
                    bad.append("%s!%s: font %r, expected %s" % (ws.title, c.coordinate, c.font.name, FONT))
                if c.font.b and c.row > header_end:
                    bad.append("%s!%s: a body cell in bold" % (ws.title, c.coordinate))
                width = ws.column_dimensions[c.column_letter].width
                text = str(c.value)
                if isinstance(c.value, str) and c.row > 2 and c.alignment.wrap_text and c.coordinate not in ws.merged_cells and width and \
                        max(sum(2 if ord(ch) > 0x7f else 1 for ch in line) for line in text.split("\n")) > width:
                    height = ws.row_dimensions[c.row].height
                    if not height or height < 2 * 14:
                        bad.append("%s!%s: %r wraps in a column %s wide, but the row is %s high" % (ws.title, c.coordinate, text, width, height))
        # widths from content: 项目名称 as wide as its longest name (up to 40 cells, then it
        # wraps), an empty fund column no wider than its header's longest line
        if ws.title.endswith("项目支出表"):
            cells = lambda t: max(sum(2 if ord(ch) > 0x7f else 1 for ch in line) for line in str(t).split("\n"))
            names = [ws.cell(r, 1).value for r in range(5, ws.max_row + 1) if isinstance(ws.cell(r, 2).value, str)]
            name_w = ws.column_dimensions["A"].width
            if names and name_w < min(max(cells(n) for n in names) + 2, 40):
                bad.append("%s: 项目名称 is %s wide, its longest name %d" % (ws.title, name_w, max(cells(n) for n in names)))
            for col in "CDEFGHI":
                head = ws["%s3" % col].value
                if head and all(ws["%s%d" % (col, r)].value is None for r in range(4, ws.max_row + 1)) and \
                        ws.column_dimensions[col].width > max(cells(head) + 3, 9):
                    bad.append("%s: the empty column %s is %s wide, its header %r" % (ws.title, col, ws.column_dimensions[col].width, head))
    if figures == 0:
        bad.append("no figure is a number")
    for arg in sys.argv[2:]:
        if "!" in arg:
            where, value = arg.split("=", 1)
            sheet, cell = where.split("!", 1)
            got = wb[sheet][cell].value
            if not isinstance(got, (int, float)) or abs(got - float(value)) > 1e-9:
                bad.append("%s holds %r, expected the number %s" % (where, got, value))
        else:
            sheet, text = arg.split("~", 1)
            if not any(c.value == text for row in wb[sheet].iter_rows() for c in row):
                bad.append("%s: no cell reads %s" % (sheet, text))
    for b in bad:
        print("FAIL: %s: %s" % (path, b), file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
