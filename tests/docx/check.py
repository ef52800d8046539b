#!/usr/bin/env python3
"""check.py GONGKAI SOURCE_DIR OUT_DIR SAMPLE TABLES

Renders samples/SAMPLE.json as docx and txt and checks the docx the way an
office would meet it:
- every XML part of the package is well-formed;
- python-docx opens it and finds TABLES tables holding as many rows as the
  txt rendering has table rows;
- LibreOffice converts it to PDF without error, and the text of that PDF
  (pdftotext -raw) contains every heading, paragraph and table cell of the
  txt rendering (a cell's text may continue on the next page). White space is ignored, and so is punctuation: LibreOffice
  substitutes fonts an office would have (仿宋_GB2312), and its PDF export
  loses the text mapping of some punctuation glyphs of the substitutes.
Exits 1 with the reasons when any check fails."""
import os, re, subprocess, sys, tempfile, unicodedata, zipfile
import xml.dom.minidom

import docx  # python3-docx

gongkai, src, out, sample, tables = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
os.makedirs(out, exist_ok=True)
subprocess.run([gongkai, "render", f"{src}/samples/{sample}.json", "-o", out, "--format", "docx,txt"], check=True)
path, txt = f"{out}/{sample}.docx", f"{out}/{sample}.txt"
problems = []

with zipfile.ZipFile(path) as z:
    for name in z.namelist():
        try:
            xml.dom.minidom.parseString(z.read(name))
        except Exception as e:
            problems.append(f"{name} is not well-formed: {e}")

lines = open(txt, encoding="utf-8").read().split("\n")
d = docx.Document(path)
doc_rows = sum(len(t.rows) for t in d.tables)
# a table row is a run of cell lines ("\t…", with the continuation lines of a
# multi-line cell among them) ended by a blank line
txt_rows = 0
in_row = False
for l in lines:
    if l.startswith("\t"):
        in_row = True
    elif l == "" and in_row:
        txt_rows += 1
        in_row = False
if len(d.tables) != tables:
    problems.append(f"python-docx finds {len(d.tables)} tables, expected {tables}")
if doc_rows != txt_rows:
    problems.append(f"python-docx finds {doc_rows} table rows, the txt rendering has {txt_rows}")

with tempfile.TemporaryDirectory() as profile:
    r = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", out, path], capture_output=True, text=True, timeout=300)
pdf = f"{out}/{sample}.pdf"
if r.returncode != 0 or not os.path.exists(pdf):
    problems.append(f"LibreOffice could not convert: {r.stderr.strip()}")
else:
    text = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True, check=True).stdout
    def plain(s):
        return "".join(c for c in s if not c.isspace() and not unicodedata.category(c).startswith("P"))
    # page numbers ("— 12 —") interrupt paragraphs that cross a page break
    flat = plain(re.sub(r"—\s*\d+\s*—", "", text))
    # a cell that continues on the next page (a merged cell breaks between
    # its lines, issue 12) is read with the lines of its neighbours and the
    # repeated header rows between its own: its text is then found in order
    # (a subsequence) within a window that starts where its first eight
    # characters stand
    def across(s):
        at = flat.find(s[:8])
        while at >= 0:
            window, i = flat[at:at + 3 * len(s) + 400], 0
            for ch in window:
                if i < len(s) and ch == s[i]:
                    i += 1
            if i == len(s):
                return True
            at = flat.find(s[:8], at + 1)
        return False

    missing = [l.strip() for l in lines if plain(l) and plain(l) not in flat and not across(plain(l))]
    for m in missing[:20]:
        problems.append(f"not in the PDF text: {m[:80]}")
    if len(missing) > 20:
        problems.append(f"… and {len(missing) - 20} more lines")
    print(f"{sample}: {len(d.tables)} tables, {doc_rows} rows, {len(lines)} txt lines, "
          f"{len(missing)} missing from the PDF")

for p in problems:
    print("FAIL", p)
sys.exit(1 if problems else 0)
