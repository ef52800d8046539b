#!/bin/sh
# An OFD as an archive or a reader takes it (issue 15): validate-ofd (the
# GB/T 33190 schemas, references, IDs, fonts) finds nothing, the text of
# its Body layers (the TextCode in reading order, ofdtext.py) is the text of
# the txt rendering (ignoring white space and line breaks, as pdf_check.sh
# does), rendering twice gives the same bytes, every font it uses is
# embedded (a FontFile each), it has the PDF's pages in the PDF's sizes
# (landscape ones as such), and an outline.
# usage: check.sh GONGKAI SOURCE_DIR OUT_DIR SAMPLE_FILE VALIDATE_OFD
set -u

prog=$1
src=$2
out=$3/$4
input=$src/samples/$4
name=$(basename "${4%.*}")
validate=$5
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

rm -rf "$out"
mkdir -p "$out/again" || exit 1
"$prog" render "$input" -o "$out" --format ofd,txt,pdf >/dev/null 2>"$out/err" ||
    { cat "$out/err" >&2; echo "FAIL: gongkai render $4" >&2; exit 1; }
grep -q warning "$out/err" && { fail "rendering $4 warns:"; cat "$out/err" >&2; }
ofd=$out/$name.ofd

# validate-ofd: no line at all
if [ -n "$validate" ]; then
    "$validate" "$ofd" >"$out/validate" 2>&1 || { fail "validate-ofd $name.ofd:"; head -20 "$out/validate" >&2; }
else
    echo "note: validate-ofd not found beside the source (../shared/ofd): the schema check was not run" >&2
fi

# the same input gives the same bytes
"$prog" render "$input" -o "$out/again" --format ofd >/dev/null 2>&1 || fail "second render"
cmp -s "$ofd" "$out/again/$name.ofd" || fail "$name.ofd differs between two renderings"

# the text in reading order is the txt rendering's
python3 "$src/tests/ofd/ofdtext.py" "$ofd" >"$out/$name.ofd.txt" || fail "ofdtext.py $name.ofd"
squeeze() { tr -d ' \t\r\n\f' <"$1" | sed 's/　//g' >"$2"; }
squeeze "$out/$name.ofd.txt" "$out/ofd.flat"
squeeze "$out/$name.txt" "$out/txt.flat"
if ! cmp -s "$out/ofd.flat" "$out/txt.flat"; then
    at=$(cmp "$out/ofd.flat" "$out/txt.flat" 2>&1 | sed -n 's/.*byte \([0-9]*\).*/\1/p')
    at=${at:-1}
    from=$((at > 120 ? at - 120 : 1))
    fail "the text of $name.ofd differs from $name.txt at byte $at (of $(wc -c <"$out/txt.flat")):"
    printf '  ofd: %s\n  txt: %s\n' "$(tail -c +"$from" "$out/ofd.flat" | head -c 300)" \
        "$(tail -c +"$from" "$out/txt.flat" | head -c 300)" >&2
fi

# fonts embedded, pages and outline as the PDF has them
python3 - "$ofd" "$out/$name.pdf" >"$out/facts" 2>&1 <<'PY' || { fail "$name.ofd:"; cat "$out/facts" >&2; }
import re, subprocess, sys, zipfile
import xml.etree.ElementTree as ET
NS = '{http://www.ofdspec.org/2016}'
z = zipfile.ZipFile(sys.argv[1])
res = ET.fromstring(z.read('Doc_0/PublicRes.xml'))
fonts = res.findall(f'{NS}Fonts/{NS}Font')
bad = [f.get('FontName') for f in fonts if f.find(f'{NS}FontFile') is None]
assert fonts and not bad, f'fonts without a FontFile: {bad}'
doc = ET.fromstring(z.read('Doc_0/Document.xml'))
pages = doc.findall(f'{NS}Pages/{NS}Page')
count = re.search(r'Pages: +(\d+)', subprocess.run(['pdfinfo', sys.argv[2]], capture_output=True, text=True).stdout)
info = subprocess.run(['pdfinfo', '-f', '1', '-l', count.group(1), sys.argv[2]], capture_output=True, text=True).stdout
sizes = re.findall(r'Page +\d+ size: +([\d.]+) x ([\d.]+)', info)
assert len(pages) == len(sizes), f'{len(pages)} pages, the PDF has {len(sizes)}'
for i, (p, (w, h)) in enumerate(zip(pages, sizes)):
    page = ET.fromstring(z.read('Doc_0/' + p.get('BaseLoc')))
    box = [float(v) for v in page.find(f'{NS}Area/{NS}PhysicalBox').text.split()]
    want = [0, 0, round(float(w) * 25.4 / 72, 3), round(float(h) * 25.4 / 72, 3)]
    assert all(abs(a - b) < 0.01 for a, b in zip(box, want)), f'page {i + 1} is {box}, the PDF page {want}'
titles = [e.get('Title') for e in doc.iter(f'{NS}OutlineElem')]
assert titles, 'no outline'
print(f'{len(fonts)} fonts embedded, {len(pages)} pages as the PDF\'s, {len(titles)} outline entries')
PY
if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed for $name" >&2
    exit 1
fi
echo "$name.ofd: validate-ofd clean, same bytes twice, text equals $name.txt; $(cat "$out/facts")"
