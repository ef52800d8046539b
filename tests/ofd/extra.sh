#!/bin/sh
# OFD beyond the samples (issue 15):
#   --astral: characters beyond the BMP drawn by the font that has them
#     (U+1F600 in DejaVu Sans added as a body fallback, U+20BB7 in LXGW
#     WenKai) are in the text read back and in those fonts' embedded subsets;
#     one no font has (U+20000) is reported once, as for the PDF; the file
#     passes validate-ofd.
#   --no-font: a fontset whose body font is not installed is refused at its
#     line, exit 1, and no OFD is written.
# usage: extra.sh GONGKAI SOURCE_DIR OUT_DIR VALIDATE_OFD --astral|--no-font
set -u
prog=$1
src=$2
out=$3
validate=$4
what=$5
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
rm -rf "$out"
mkdir -p "$out" || exit 1
if [ "$what" = --astral ]; then
    awk 'NR == 33 { sub(/=.*/, "= WenQuanYi Micro Hei, LXGW WenKai, DejaVu Sans") } { print }' \
        "$src/fonts/default.fontset" >"$out/astral.fontset"
    sed 's|全面提高组织工作质量。|全面提高😀组织工作质量𠀀𠮷。|' "$src/tests/bad/valid-goals.json" >"$out/astral.json"
    "$prog" render "$out/astral.json" -o "$out" --format ofd --fontset "$out/astral.fontset" >/dev/null 2>"$out/err" ||
        { cat "$out/err" >&2; fail "render astral.json"; }
    want="$out/astral.ofd:0:0: warning: no font of the fontset has 1 character, drawn as boxes: 𠀀 (U+20000) on page 1 in \"组织工作质量𠀀𠮷。\""
    [ "$(grep -E ": (warning|error): " "$out/err")" = "$want" ] || { fail "astral: not the one warning for U+20000:"; cat "$out/err" >&2; }
    if [ -n "$validate" ]; then
        "$validate" "$out/astral.ofd" >"$out/validate" 2>&1 || { fail "validate-ofd astral.ofd:"; cat "$out/validate" >&2; }
    fi
    python3 "$src/tests/ofd/ofdtext.py" "$out/astral.ofd" | tr -d '\n' | grep -q '全面提高😀组织工作质量𠀀𠮷。' ||
        fail "astral: the text read back lacks 全面提高😀组织工作质量𠀀𠮷。"
    # the subsets: the font that draws each character maps it
    python3 - "$out/astral.ofd" "$out" <<'PY' || fail "astral: the embedded subsets"
import os, subprocess, sys, zipfile
import xml.etree.ElementTree as ET
NS = '{http://www.ofdspec.org/2016}'
z = zipfile.ZipFile(sys.argv[1])
res = ET.fromstring(z.read('Doc_0/PublicRes.xml'))
maps = {}
for f in res.iter(f'{NS}Font'):
    path = os.path.join(sys.argv[2], f.find(f'{NS}FontFile').text)
    open(path, 'wb').write(z.read('Doc_0/Res/' + f.find(f'{NS}FontFile').text))
    maps[f.get('FontName')] = subprocess.run(['fc-query', '-f', '%{charset}', path], capture_output=True, text=True).stdout.split()
ok = '1f600' in maps.get('DejaVu Sans', []) and '20bb7' in maps.get('LXGW WenKai', [])
print(maps if not ok else 'subsets map U+1F600 and U+20BB7')
sys.exit(0 if ok else 1)
PY
else
    sed 's/^pdf = AR PL SungtiL GB$/pdf = No Such Font GB/' "$src/fonts/default.fontset" >"$out/nofont.fontset"
    line=$(grep -n '^pdf = No Such Font GB$' "$out/nofont.fontset" | head -1 | cut -d: -f1)
    "$prog" render "$src/tests/bad/valid-goals.json" -o "$out" --format ofd --fontset "$out/nofont.fontset" \
        >/dev/null 2>"$out/err"
    st=$?
    [ "$st" -eq 1 ] || fail "a missing font: exit $st, expected 1"
    grep -q "^$out/nofont.fontset:$line:1: error: the font \"No Such Font GB\" (.*) is not installed: fontconfig finds no font of that family$" "$out/err" ||
        { fail "a missing font: not the expected error at line $line:"; cat "$out/err" >&2; }
    [ -z "$(ls "$out" | grep -v -e fontset -e '^err$')" ] || fail "a missing font: something was written: $(ls "$out")"
fi
[ "$failures" -eq 0 ] && echo "ofd $what: OK"
exit $((failures != 0))
