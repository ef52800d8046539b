#!/usr/bin/env python3
"""layout_lint.py GONGKAI SOURCE_DIR OUT_DIR SAMPLE...

The layout lint of issue 12 for the DOCX (tests/layout_lint.c reads the
PDF's display list): each sample is rendered as DOCX, converted to PDF by
LibreOffice, and read back with `pdftotext -bbox-layout`, which gives every
line of every block (a paragraph, a table cell) with its box:

  figure  a line ending with a relation sign or a number whose next line in
          the same block starts with its number or unit (≥ | 95%, 1095.7 | 0,
          ≥300 | 人, 2019 | 年12月31日)
  lone    a centred block whose last line is one character under a wider
          line (a caption or title ending in a lone 表)
  blank   a page with nothing on it but its number
  foot    a caption left at a page foot: a line ending in 表 among the
          page's last two lines, a project table's caption whose indicator
          grid (一级指标) starts on the next page, or a page's last line
          centred, short and alone at its height (单位机构设置情况)

The same checks run on gongkai's own PDF with its real fonts (the display
list lint uses fixed-width metrics). Prints the counts per sample and
format; exits 1 when any is not zero."""
import os, re, subprocess, sys, tempfile
import xml.etree.ElementTree as ET

gongkai, src, out = sys.argv[1], sys.argv[2], sys.argv[3]
samples = sys.argv[4:]
os.makedirs(out, exist_ok=True)
NS = "{http://www.w3.org/1999/xhtml}"
RELATION = set("≥≤＞＜＝><=")
UNITS = ("%", "％", "万元", "元", "人", "个", "次", "卷", "页", "台", "辆", "项", "户", "天", "平方米", "年", "月", "日")


def pages_of(pdf):
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    # pdftotext writes an XHTML document; drop the doctype for ElementTree
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    root = ET.fromstring(xml)
    pages = []
    for page in root.iter(NS + "page"):
        blocks = []
        for block in page.iter(NS + "block"):
            lines = []
            for line in block.iter(NS + "line"):
                words = [w.text or "" for w in line.iter(NS + "word")]
                lines.append((float(line.get("xMin")), float(line.get("xMax")), "".join(words)))
            blocks.append(lines)
        pages.append(blocks)
    return pages


def page_lines(pdf):
    """Every page's lines from the top: (yMin, text), the page number left out."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    pages = []
    for page in root.iter(NS + "page"):
        lines = []
        w = float(page.get("width"))
        for block in page.iter(NS + "block"):
            # whether every line of the block is centred on the page (a
            # caption; a cell's lines are not, or not all)
            ls = list(block.iter(NS + "line"))
            centred = all(abs(float(l.get("xMin")) + float(l.get("xMax")) - w) < 12 for l in ls)
            for line in ls:
                text = "".join(x.text or "" for x in line.iter(NS + "word"))
                if text and not re.fullmatch(r"[—\-\s0-9]+", text):
                    lines.append((float(line.get("yMin")), text, float(line.get("xMin")), float(line.get("xMax")),
                                  w, centred))
        pages.append(sorted(lines))
    return pages


def caption(text):
    # a table's caption: …表 (项目绩效目标表, 收支总表), not a cell's word
    return len(text) >= 6 and text.endswith("表") and not text.startswith(("附件", "注"))


def feet(pdf):
    """Captions left at a page foot, away from their table's body."""
    found = []
    pages = page_lines(pdf)
    for p, lines in enumerate(pages):
        nxt = pages[p + 1] if p + 1 < len(pages) else []
        if lines and nxt:
            # the page's last line centred on the page, alone at its height
            # and short: a caption whatever its words (单位机构设置情况)
            y, text, x0, x1, w, centred = lines[-1]
            alone = sum(1 for l in lines if abs(l[0] - y) < 2) == 1
            if alone and centred and 4 <= len(text) and x1 - x0 < 0.6 * w and not caption(text):
                found.append(f"  foot, page {p + 1}: {text} (centred, the page's last line)")
        for i, (y, text, *_) in enumerate(lines):
            if not caption(text):
                continue
            rest = [l[1] for l in lines[i + 1:]]
            head = [l[1] for l in nxt[:3]]
            if len(rest) < 2 and nxt:
                found.append(f"  foot, page {p + 1}: {text} (its table on page {p + 2})")
            elif not any("一级指标" in t for t in rest) and not any(caption(t) for t in rest) and \
                    any("一级指标" in t for t in head) and "绩效目标" in "".join(rest):
                found.append(f"  foot, page {p + 1}: {text} and its 绩效目标, the indicators on page {p + 2}")
    return found


def lint(pdf):
    count = {"figure": 0, "lone": 0, "blank": 0, "foot": 0}
    notes = feet(pdf)
    count["foot"] = len(notes)
    for p, blocks in enumerate(pages_of(pdf), 1):
        text = "".join(l[2] for b in blocks for l in b)
        if not re.sub(r"[—\-\s0-9]", "", text):
            count["blank"] += 1
            notes.append(f"  blank, page {p}")
        for b in blocks:
            for (x0, x1, a), (y0, y1, c) in zip(b, b[1:]):
                # pdftotext may put neighbouring cells in one block: the next
                # line of a cell starts where it starts, ends where it ends,
                # or is centred under it
                if not a or not c or not (abs(x0 - y0) < 3 or abs(x1 - y1) < 3 or abs((x0 + x1) - (y0 + y1)) < 6):
                    continue
                split = (a[-1] in RELATION and (c[0].isdigit() or c[0] == "-")) or \
                        (a[-1].isdigit() and (c[0].isdigit() or c[0] == "." or c.startswith(UNITS))) or \
                        (a[-1] == "." and c[0].isdigit())
                if split:
                    count["figure"] += 1
                    notes.append(f"  figure, page {p}: {a} | {c}")
            if len(b) >= 2:
                (x0, x1, a), (y0, y1, c) = b[-2], b[-1]
                if len(c) == 1 and len(a) >= 3 and abs((x0 + x1) - (y0 + y1)) < 4 and (x1 - x0) > 2 * (y1 - y0):
                    count["lone"] += 1
                    notes.append(f"  lone, page {p}: {a} | {c}")
    return count, notes


failed = False
for sample in samples:
    name = sample.rsplit(".", 1)[0]
    subprocess.run([gongkai, "render", f"{src}/samples/{sample}", "-o", out, "--format", "docx,pdf"], check=True,
                   capture_output=True)
    lodir = f"{out}/lo"
    os.makedirs(lodir, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        r = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                            "--outdir", lodir, f"{out}/{name}.docx"], capture_output=True, text=True, timeout=300)
    if r.returncode != 0 or not os.path.exists(f"{lodir}/{name}.pdf"):
        print(f"{sample}: LibreOffice could not convert: {r.stderr.strip()}")
        failed = True
        continue
    for what, pdf in (("docx", f"{lodir}/{name}.pdf"), ("pdf", f"{out}/{name}.pdf")):
        count, notes = lint(pdf)
        n = len(pages_of(pdf))
        print(f"{sample:<26} {what:<4} {n:3} pages: " + " ".join(f"{k} {v}" for k, v in count.items()))
        for line in notes:
            print(line, file=sys.stderr)
        failed |= any(count.values())
sys.exit(1 if failed else 0)
