"""Every sheet of a workbook as text, one line a cell, for an exact
comparison with a committed file (tests/xlsx_cells.sh): the sheet's name,
its columns' widths, its merged ranges, its rows' heights, and each cell's
reference, style (the xf index), type and value, shared strings resolved.
Read with the standard library only (zipfile, ElementTree), so that what
is compared is the package itself, not a reader's view of it.

usage: xlsx_cells.py FILE.xlsx"""
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def text(si):
    return "".join(t.text or "" for t in si.iter("{%s}t" % NS["m"]))


def main():
    z = zipfile.ZipFile(sys.argv[1])
    strings = [text(si) for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS)]
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).iter(REL)}
    out = []
    for sheet in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", NS):
        ws = ET.fromstring(z.read("xl/" + rels[sheet.get("{%s}id" % NS["r"])]))
        out.append("== %s" % sheet.get("name"))
        for col in ws.iter("{%s}col" % NS["m"]):
            out.append("col %s-%s width %s" % (col.get("min"), col.get("max"), col.get("width")))
        for m in ws.iter("{%s}mergeCell" % NS["m"]):
            out.append("merge %s" % m.get("ref"))
        for row in ws.iter("{%s}row" % NS["m"]):
            if row.get("ht"):
                out.append("row %s height %s" % (row.get("r"), row.get("ht")))
            for c in row.findall("m:c", NS):
                v = c.find("m:v", NS)
                value = "" if v is None else v.text
                if c.get("t") == "s":
                    value = strings[int(value)]
                out.append("%s s%s %s %s" % (c.get("r"), c.get("s", "0"), c.get("t", "n"), value.replace("\n", "\\n")))
    sys.stdout.write("\n".join(out) + "\n")


main()
