#!/bin/sh
# The PDF's CIDs follow the subset's glyph order (issue 16): every font's
# CIDToGIDMap is /Identity, not the 128 KiB stream of glyph ids libharu
# writes; a glyph two characters share (⼀ U+2F00 and 一 U+4E00 in the
# fonts of the default fontset) and a character no font has (𠀀 U+20000,
# a box) get CIDs past the glyphs and then a short CIDToGIDMap stream, and
# the text still reads back exactly.
#
# usage: pdf_cids.sh GONGKAI SOURCE_DIR
set -u
prog=$1
src=$2
out=$(mktemp -d) || exit 1
trap 'rm -rf "$out"' EXIT INT TERM
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
for tool in qpdf pdftotext; do
    command -v $tool >/dev/null 2>&1 || { echo "pdf_cids: $tool is not installed (poppler-utils, qpdf)" >&2; exit 1; }
done

# the maps of every CIDFont of a PDF, one a line: "Identity" or "stream N"
# (N: the stream's length in bytes, decoded)
maps() {
    qpdf --qdf --object-streams=disable "$1" "$out/qdf.pdf" 2>/dev/null
    python3 - "$out/qdf.pdf" <<'PY'
import re, sys, zlib
data = open(sys.argv[1], 'rb').read()
objs = {int(m.group(1)): m.group(2) for m in re.finditer(rb'(?ms)^(\d+) 0 obj\n(.*?)\nendobj', data)}
for n, body in sorted(objs.items()):
    if b'/CIDFontType2' not in body:
        continue
    m = re.search(rb'/CIDToGIDMap\s+(/Identity|(\d+) 0 R)', body)
    if not m:
        print('none')
    elif m.group(2) is None:
        print('Identity')
    else:
        s = objs[int(m.group(2))]
        raw = s[s.index(b'stream\n') + 7:s.rindex(b'endstream')]
        print('stream', len(raw.rstrip(b'\n')))
PY
}

# the samples: every map /Identity
name=quyang-2020-budget
"$prog" render "$src/samples/$name.json" -o "$out" --format pdf >/dev/null 2>&1 || fail "render $name"
got=$(maps "$out/$name.pdf" | sort | uniq -c | tr -s ' ')
[ "$got" = " 3 Identity" ] || fail "$name.pdf: the CIDToGIDMaps are not three /Identity: $got"

# shared and missing glyphs
python3 - "$src/samples/$name.json" "$out/shared.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
d['duties'] = ['全面提高⼀一组织工作质量𠀀。'] + d['duties'][1:]
json.dump(d, open(sys.argv[2], 'w', encoding='utf-8'), ensure_ascii=False)
PY
"$prog" render "$out/shared.json" -o "$out" --format pdf >"$out/shared.err" 2>&1 || { cat "$out/shared.err" >&2; fail "render shared.json"; }
pdftotext -raw -f 1 -l 1 "$out/shared.pdf" - 2>&1 | grep -q '全面提高⼀一组织工作质量𠀀。' ||
    fail "shared: pdftotext does not give 全面提高⼀一组织工作质量𠀀。 back"
qpdf --check "$out/shared.pdf" >/dev/null 2>&1 || fail "qpdf --check shared.pdf"
# one font draws ⼀ and 一 with one glyph and the box: a stream of
# num_glyphs + 2 glyph ids; the others stay /Identity
streams=$(maps "$out/shared.pdf" | grep -c '^stream')
[ "$streams" -ge 1 ] || fail "shared: no font has a CIDToGIDMap stream for its shared and missing glyphs"
maps "$out/shared.pdf" | awk '$1 == "stream" && ($2 > 20000 || $2 % 2) { bad = 1 } END { exit bad }' ||
    fail "shared: a CIDToGIDMap stream is not a short list of glyph ids: $(maps "$out/shared.pdf" | tr '\n' ' ')"

if [ "$failures" -ne 0 ]; then
    echo "pdf_cids: $failures failures" >&2
    exit 1
fi
echo "pdf_cids: CIDToGIDMap /Identity in $name.pdf; shared and missing glyphs mapped, text read back"
