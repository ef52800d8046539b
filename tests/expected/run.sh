#!/bin/sh
# run.sh GONGKAI SOURCE_DIR OUT_DIR [--update]
# Exact outputs, in the manner of cmark's spec tests and libxlsxwriter's
# per-part tests: every sample's txt rendering must equal its committed
# SAMPLE.txt byte for byte (the INI form of quyang must give the same file as
# the JSON form), and the document.xml, styles.xml and numbering.xml of the
# quyang DOCX must equal the committed parts in quyang-2020-budget.docx/
# (compared as `xmllint --format` prints them, so that a difference shows as
# a readable diff; the format adds line breaks only between elements and
# leaves every text node as it is). A change of wording or layout therefore
# shows as a diff of these files, reviewed like code; --update rewrites them
# from the current build (then look at `git diff tests/expected`).
set -eu
gongkai=$1 src=$2 out=$3 update=${4:-}
here=$src/tests/expected
rm -rf "$out"
mkdir -p "$out/json" "$out/ini" "$out/docx"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

compare() { # compare EXPECTED GOT
    if [ "$update" = --update ]; then
        cp "$2" "$1"
    elif ! cmp -s "$1" "$2"; then
        fail "$(basename "$2") differs from tests/expected/${1#"$here"/}:"
        diff -u "$1" "$2" | head -60 >&2 || true
    fi
}

for s in quyang-2020-budget langfang-2023-budget laoting-2024-goals xianghe-2019-selfeval lunan-2022-budget; do
    "$gongkai" render "$src/samples/$s.json" -o "$out/json" --format txt 2>/dev/null || fail "$s.json: render failed"
    compare "$here/$s.txt" "$out/json/$s.txt"
done
"$gongkai" render "$src/samples/quyang-2020-budget.ini" -o "$out/ini" --format txt 2>/dev/null || fail "quyang-2020-budget.ini: render failed"
compare "$here/quyang-2020-budget.txt" "$out/ini/quyang-2020-budget.txt"

"$gongkai" render "$src/samples/quyang-2020-budget.json" -o "$out/docx" --format docx 2>/dev/null || fail "quyang docx: render failed"
for part in document styles numbering; do
    python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
        "$out/docx/quyang-2020-budget.docx" "word/$part.xml" >"$out/docx/$part.raw.xml"
    xmllint --format "$out/docx/$part.raw.xml" >"$out/docx/$part.xml"
    compare "$here/quyang-2020-budget.docx/$part.xml" "$out/docx/$part.xml"
done

if [ "$failures" -ne 0 ]; then
    echo "$failures exact-output comparisons failed (if the change is intended: sh $0 $gongkai $src $out --update, and review git diff tests/expected)" >&2
    exit 1
fi
echo "exact outputs: 6 txt renderings and 3 DOCX parts as committed"
