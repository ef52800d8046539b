#!/bin/sh
# A PDF as a department posts it: qpdf finds no errors, every font is
# embedded as a subset with a Unicode map, pdftotext reads it without
# warnings and reads back the text of the txt rendering (ignoring white
# space and line breaks; page numbers and repeated table headers are page
# furniture and not text), and rendering twice gives the same bytes.
# usage: pdf_check.sh GONGKAI SOURCE_DIR OUT_DIR SAMPLE
#        pdf_check.sh PDF_STRESS SOURCE_DIR OUT_DIR --stress
#        pdf_check.sh PDF_STRESS SOURCE_DIR OUT_DIR --pages
#        pdf_check.sh GONGKAI SOURCE_DIR OUT_DIR --astral
# --astral: characters beyond the BMP are drawn when a font of the fontset
# has them (U+20BB7 𠮷 in LXGW WenKai, a fallback of the default fontset;
# U+1F600 in DejaVu Sans, added as a body fallback) and read back by
# pdftotext; one no font has (U+20000) is a box, reported in the warning.
# --pages: 32 768 pages, one more than a libharu array holds (the pages go
# into a tree of Pages nodes), and 50 001, one more than GK_PDF_MAX_PAGES
# (refused before drawing, with a message that says so; nothing written).
set -u

prog=$1
src=$2
out=$3
what=$4
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

for tool in qpdf pdffonts pdftotext pdfinfo; do
    command -v $tool >/dev/null 2>&1 || { echo "pdf_check: $tool is not installed (poppler-utils, qpdf)" >&2; exit 1; }
done

mkdir -p "$out" || exit 1
if [ "$what" = --pages ]; then
    "$prog" --pages 32768 "$out/pages.pdf" >"$out/pages.err" 2>&1 || { cat "$out/pages.err" >&2; fail "32 768 pages"; }
    [ -s "$out/pages.err" ] && { fail "32 768 pages: diagnostics"; cat "$out/pages.err" >&2; }
    pages=$(pdfinfo "$out/pages.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
    [ "${pages:-0}" -eq 32768 ] || fail "pages.pdf has ${pages:-no} pages, expected 32768"
    # (no qpdf --check here: it takes 15 s on 32 768 pages; pdfinfo and
    # pdftotext walk the page tree)
    [ "$(pdftotext -f 32768 -l 32768 "$out/pages.pdf" - 2>&1 | tr -d ' \n\f')" = 竖 ] || fail "the last page does not read 竖"
    rm -f "$out/pages.pdf"
    "$prog" --pages 50001 "$out/toomany.pdf" >"$out/toomany.err" 2>&1
    st=$?
    [ "$st" -eq 1 ] || fail "50 001 pages: status $st, expected 1 (GK_INVALID)"
    want="$out/toomany.pdf:0:0: error: the document would have 50001 pages, more than the 50000 a PDF of gongkai may have; check the input and the template for text or tables repeated without end, or render the input in parts"
    [ "$(cat "$out/toomany.err")" = "$want" ] || { fail "50 001 pages: not the expected message:"; cat "$out/toomany.err" >&2; }
    [ ! -e "$out/toomany.pdf" ] || fail "50 001 pages: a file was written"
    [ "$failures" -eq 0 ] && echo "pdf_check pages: OK"
    exit $((failures != 0))
fi
if [ "$what" = --astral ]; then
    awk 'NR == 33 { sub(/=.*/, "= WenQuanYi Micro Hei, LXGW WenKai, DejaVu Sans") } { print }' \
        "$src/fonts/default.fontset" >"$out/astral.fontset"
    sed 's|全面提高组织工作质量。|全面提高😀组织工作质量𠀀𠮷。|' "$src/tests/bad/valid-goals.json" >"$out/astral.json"
    "$prog" render "$out/astral.json" -o "$out" --format pdf --fontset "$out/astral.fontset" >/dev/null 2>"$out/astral.err" ||
        { cat "$out/astral.err" >&2; fail "render astral.json"; }
    want="$out/astral.pdf:0:0: warning: no font of the fontset has 1 character, drawn as boxes: 𠀀 (U+20000) on page 1 in \"组织工作质量𠀀𠮷。\""
    [ "$(grep -E ": (warning|error): " "$out/astral.err")" = "$want" ] || { fail "astral: not the one warning for U+20000:"; cat "$out/astral.err" >&2; }
    pdftotext "$out/astral.pdf" - 2>&1 | grep -q '^全面提高😀组织工作质量𠀀𠮷。$' || fail "astral: pdftotext does not give the text back"
    pdffonts "$out/astral.pdf" 2>/dev/null | grep -q '+DejaVuSans.* yes yes yes' || fail "astral: DejaVu Sans is not embedded"
    pdffonts "$out/astral.pdf" 2>/dev/null | grep -q '+LXGWWenKai.* yes yes yes' || fail "astral: LXGW WenKai is not embedded"
    qpdf --check "$out/astral.pdf" >/dev/null 2>&1 || fail "qpdf --check astral.pdf"
    [ "$failures" -eq 0 ] && echo "pdf_check astral: OK"
    exit $((failures != 0))
fi
if [ "$what" = --stress ]; then
    name=stress
    min_pages=$("$prog" "$out/stress.pdf" "$out/stress.txt") || { echo "FAIL: pdf_stress failed" >&2; exit 1; }
else
    name=$what
    min_pages=1
    "$prog" render "$src/samples/$name.json" -o "$out" --format pdf,txt >/dev/null 2>"$out/$name.err" ||
        { cat "$out/$name.err" >&2; echo "FAIL: gongkai render $name" >&2; exit 1; }
    if grep -q warning "$out/$name.err"; then
        fail "rendering $name warns:"
        cat "$out/$name.err" >&2
    fi
    # the same input gives the same bytes
    mkdir -p "$out/again"
    "$prog" render "$src/samples/$name.json" -o "$out/again" --format pdf >/dev/null 2>&1 || fail "second render"
    cmp -s "$out/$name.pdf" "$out/again/$name.pdf" || fail "$name.pdf differs between two renderings"
fi
pdf=$out/$name.pdf

# qpdf: no syntax or stream errors, no warnings
if ! qpdf --check "$pdf" >"$out/$name.qpdf" 2>&1 || grep -qi warning "$out/$name.qpdf"; then
    fail "qpdf --check $name.pdf:"
    cat "$out/$name.qpdf" >&2
fi

# pdffonts: every font embedded, a subset (ABCDEF+Name) and with Unicode
pdffonts "$pdf" >"$out/$name.fonts" 2>&1 || fail "pdffonts $name.pdf"
bad=$(tail -n +3 "$out/$name.fonts" | awk '$(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes" || $1 !~ /^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\+/')
[ -z "$bad" ] || fail "fonts not embedded as subsets with Unicode in $name.pdf: $bad"
[ "$(tail -n +3 "$out/$name.fonts" | wc -l)" -ge 1 ] || fail "$name.pdf has no fonts"

# pages
pages=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
[ "${pages:-0}" -ge "$min_pages" ] || fail "$name.pdf has ${pages:-no} pages, expected at least $min_pages"

# pdftotext: no warnings, and the text of the txt rendering
pdftotext -raw -enc UTF-8 "$pdf" "$out/$name.pdf.txt" 2>"$out/$name.pdftotext.err" || fail "pdftotext $name.pdf"
if [ -s "$out/$name.pdftotext.err" ]; then
    fail "pdftotext warns on $name.pdf:"
    sort "$out/$name.pdftotext.err" | uniq -c >&2
fi
# no line starts with closing punctuation, none ends with opening punctuation
bad=$(grep -n '^[，。、；：？！）》”’%]' "$out/$name.pdf.txt" | head -3)
[ -z "$bad" ] || fail "lines of $name.pdf start with closing punctuation: $bad"
bad=$(grep -n '[（《“‘]$' "$out/$name.pdf.txt" | head -3)
[ -z "$bad" ] || fail "lines of $name.pdf end with opening punctuation: $bad"

squeeze() { tr -d ' \t\r\n\f' <"$1" | sed 's/　//g' >"$2"; }
squeeze "$out/$name.pdf.txt" "$out/$name.pdf.flat"
squeeze "$out/$name.txt" "$out/$name.txt.flat"
if ! cmp -s "$out/$name.pdf.flat" "$out/$name.txt.flat"; then
    at=$(cmp "$out/$name.pdf.flat" "$out/$name.txt.flat" 2>&1 | sed -n 's/.*byte \([0-9]*\).*/\1/p')
    at=${at:-1}
    from=$((at > 120 ? at - 120 : 1))
    fail "the text of $name.pdf differs from $name.txt at byte $at (of $(wc -c <"$out/$name.txt.flat")):"
    printf '  pdf: %s\n  txt: %s\n' "$(tail -c +"$from" "$out/$name.pdf.flat" | head -c 300)" \
        "$(tail -c +"$from" "$out/$name.txt.flat" | head -c 300)" >&2
fi

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed for $name" >&2
    exit 1
fi
echo "$name.pdf: $pages pages, qpdf clean, fonts embedded subsets with Unicode, text equals $name.txt"
