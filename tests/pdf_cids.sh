#!/bin/sh
# The PDF's CIDs follow the subset's glyph order (issue 16): every font's
# CIDToGIDMap is /Identity, not the 128 KiB stream of glyph ids libharu
# writes; a glyph two characters share (⼀ U+2F00 and 一 U+4E00 in the
# fonts of the default fontset) and a character no font has (𠀀 U+20000,
# a box) get CIDs past the glyphs and then a short CIDToGIDMap stream, and
# the text still reads back exactly; and every font's widths are its
# glyphs' (W, DW), up to the last CID of the subset.
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

# The widths (W, DW) of every CIDFont against its embedded subset (issue
# 16: HPDF_GetFont is given only the subset's CIDs to look up): each CID
# of the subset, up to the last, has the width of its glyph in the font's
# hmtx, in libharu's units (advance * 1000 / unitsPerEm, rounded down),
# and W names no CID past them. Prints "FONT: N CIDs" a font, or what is
# wrong, prefixed "bad".
widths() {
    qpdf --qdf --object-streams=disable "$1" "$out/qdf.pdf" 2>/dev/null
    python3 - "$out/qdf.pdf" <<'PY'
import re, struct, sys
data = open(sys.argv[1], 'rb').read()
objs = {int(m.group(1)): m.group(2) for m in re.finditer(rb'(?ms)^(\d+) 0 obj\n(.*?)\nendobj', data)}
def stream(n):
    body = objs[n]
    m = re.search(rb'/Length (\d+)( 0 R)?', body)
    length = int(objs[int(m.group(1))].strip()) if m.group(2) else int(m.group(1))
    at = body.index(b'stream\n') + 7
    return body[at:at + length]
def tables(ttf):
    n = struct.unpack('>H', ttf[4:6])[0]
    t = {}
    for i in range(n):
        tag, _, off, ln = struct.unpack('>4sIII', ttf[12 + 16 * i:28 + 16 * i])
        t[tag] = ttf[off:off + ln]
    return t
for n, body in sorted(objs.items()):
    if b'/CIDFontType2' not in body:
        continue
    name = re.search(rb'/BaseFont /(\S+)', body).group(1).decode()
    desc = objs[int(re.search(rb'/FontDescriptor (\d+) 0 R', body).group(1))]
    t = tables(stream(int(re.search(rb'/FontFile2 (\d+) 0 R', desc).group(1))))
    upem = struct.unpack('>H', t[b'head'][18:20])[0]
    nglyphs = struct.unpack('>H', t[b'maxp'][4:6])[0]
    nlong = struct.unpack('>H', t[b'hhea'][34:36])[0]
    adv = [struct.unpack('>H', t[b'hmtx'][4 * g:4 * g + 2])[0] for g in range(nlong)]
    m = re.search(rb'/CIDToGIDMap\s+(/Identity|(\d+) 0 R)', body)
    if m.group(2):
        raw = stream(int(m.group(2)))
        gids = [struct.unpack('>H', raw[i:i + 2])[0] for i in range(0, len(raw), 2)]
    else:
        gids = list(range(nglyphs))
    dw = int(re.search(rb'/DW\s+(-?\d+)', body).group(1))
    w = {}
    tokens = re.search(rb'(?s)/W\s*\[(.*?)\]\s*\]|/W\s*\[\s*\]', body)
    items = re.findall(rb'(\d+)\s*\[([\d\s-]*)\]', tokens.group(0)) if tokens else []
    for first, ws in items:
        for k, v in enumerate(ws.split()):
            w[int(first) + k] = int(v)
    bad = [c for c in w if c >= len(gids)]
    for c, g in enumerate(gids):
        want = adv[min(g, nlong - 1)] * 1000 // upem if g < nglyphs else dw
        if w.get(c, dw) != want:
            bad.append(c)
    if bad:
        print('bad %s: the widths of CIDs %s are not their glyphs\' (%d CIDs)' % (name, bad[:10], len(gids)))
    else:
        print('%s: %d CIDs' % (name, len(gids)))
PY
}

# the samples: every map /Identity
name=quyang-2020-budget
"$prog" render "$src/samples/$name.json" -o "$out" --format pdf >/dev/null 2>&1 || fail "render $name"
got=$(maps "$out/$name.pdf" | sort | uniq -c | tr -s ' ')
[ "$got" = " 3 Identity" ] || fail "$name.pdf: the CIDToGIDMaps are not three /Identity: $got"

got=$(widths "$out/$name.pdf")
echo "$got" | grep -q '^bad' && fail "$name.pdf: $got"
[ "$(echo "$got" | grep -c ' CIDs$')" = 3 ] || fail "$name.pdf: the widths of three fonts not checked: $got"

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

# the title in DejaVu Sans (fonts-dejavu-core), its Chinese from the
# fallback: that subset is the title's figures, narrow glyphs, so its last
# CID has a width other than DW, which W must carry
python3 - "$src/fonts/default.fontset" "$out/narrow.fontset" <<'PY'
import re, sys
s = open(sys.argv[1], encoding='utf-8').read()
title = re.search(r'(?ms)^\[title\]\n.*?(?=^\[)', s).group(0)
s = s.replace(title, re.sub(r'(?m)^pdf = .*$', 'pdf = /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', title))
open(sys.argv[2], 'w', encoding='utf-8').write(s)
PY
mkdir -p "$out/narrow"
"$prog" render "$src/samples/$name.json" -o "$out/narrow" --format pdf --fontset "$out/narrow.fontset" >"$out/narrow.err" 2>&1 ||
    { cat "$out/narrow.err" >&2; fail "render $name.json with narrow.fontset"; }
got=$(widths "$out/narrow/$name.pdf")
echo "$got" | grep -q '^bad' && fail "narrow: $got"
echo "$got" | grep -q '^HPDF.*DejaVuSans.*: [0-9]* CIDs$' || fail "narrow: the widths of DejaVu Sans not checked: $got"
got=$(widths "$out/shared.pdf")
echo "$got" | grep -q '^bad' && fail "shared.pdf: $got"
echo "$got" | grep -q ' CIDs$' || fail "shared.pdf: no font's widths checked: $got"

if [ "$failures" -ne 0 ]; then
    echo "pdf_cids: $failures failures" >&2
    exit 1
fi
echo "pdf_cids: CIDToGIDMap /Identity in $name.pdf; shared and missing glyphs mapped, text read back; widths of every CID"
