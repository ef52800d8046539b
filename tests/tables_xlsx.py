"""The workbook of a budget-tables document (issue 11), read back with openpyxl
(Debian's python3-openpyxl): one sheet per table in the profile's order, named
by number and title; every figure cell a number with its 0.00 format, every
code a text; A4, fit to one page wide, header rows repeated, landscape where
the table is wide; the document's properties.

usage: tables_xlsx.py FILE.xlsx [SHEET!CELL=VALUE ...] [SHEET~TEXT ...]
  SHEET!CELL=VALUE  the cell holds the number VALUE
  SHEET~TEXT        some cell of the sheet holds exactly TEXT"""
import sys

import openpyxl

TITLES = ["部门收支总表", "部门收入总表", "部门支出总表", "财政拨款收支总表", "一般公共预算支出表",
          "一般公共预算基本支出表", "一般公共预算“三公”经费支出表", "政府性基金预算支出表",
          "国有资本经营预算支出表", "项目支出表"]


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
