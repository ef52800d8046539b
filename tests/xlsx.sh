#!/bin/sh
# The clerk's workbook round trips (issue 14): for every sample, input →
# `gongkai workbook` → render gives byte-identical txt and docx to rendering
# the input; the workbook's bytes are the same on a second run; and the
# workbook opened and saved again by LibreOffice Calc (as a clerk's office
# program would) still renders identically and checks with the same
# diagnostics.
# usage: xlsx.sh GONGKAI SOURCE_DIR
set -u
gongkai=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

mkdir -p "$tmp/wb" "$tmp/lo"
for input in "$src"/samples/*.json "$src"/samples/*.ini; do
    base=$(basename "$input")
    stem=${base%.*}
    # the INI and JSON form of a sample share a stem: keep their workbooks apart
    wb=$tmp/wb/$stem-${base##*.}.xlsx
    "$gongkai" workbook "$input" -o "$wb" 2>"$tmp/err" || { fail "$base: workbook"; cat "$tmp/err"; continue; }
    "$gongkai" workbook "$input" -o "$tmp/again.xlsx" 2>/dev/null
    cmp -s "$wb" "$tmp/again.xlsx" || fail "$base: the workbook differs between two runs"
    rm -rf "$tmp/a" "$tmp/b"
    "$gongkai" render "$input" -o "$tmp/a" --format txt,docx 2>/dev/null || { fail "$base: render"; continue; }
    "$gongkai" render "$wb" -o "$tmp/b" --format txt,docx 2>"$tmp/err" || { fail "$base: render of its workbook"; cat "$tmp/err"; continue; }
    for ext in txt docx; do
        cmp -s "$tmp/a/$stem.$ext" "$tmp/b/$stem-${base##*.}.$ext" ||
            fail "$base: the $ext from its workbook differs from the $ext from the input"
    done
    echo "ok: $base → workbook → render: identical txt and docx"
done

# LibreOffice Calc opens each workbook and saves it as XLSX again
command -v soffice >/dev/null || { fail "soffice is not installed (.ci/setup --tests)"; exit 1; }
HOME=$tmp soffice --headless --calc --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$tmp/lo" "$tmp"/wb/*.xlsx \
    >"$tmp/lo.log" 2>&1 || { fail "LibreOffice could not convert the workbooks"; cat "$tmp/lo.log"; }
for wb in "$tmp"/wb/*.xlsx; do
    name=$(basename "$wb" .xlsx)
    re=$tmp/lo/$name.xlsx
    [ -f "$re" ] || { fail "$name: LibreOffice wrote no workbook"; continue; }
    rm -rf "$tmp/c" "$tmp/d"
    "$gongkai" render "$wb" -o "$tmp/c" --format txt,docx 2>/dev/null
    "$gongkai" render "$re" -o "$tmp/d" --format txt,docx 2>"$tmp/err" || { fail "$name: render of the re-saved workbook"; cat "$tmp/err"; continue; }
    for ext in txt docx; do
        cmp -s "$tmp/c/$name.$ext" "$tmp/d/$name.$ext" || fail "$name: the $ext from the LibreOffice-saved workbook differs"
    done
    # and LibreOffice's way of saving (the text format as a custom "@", shared
    # strings of its own) brings no diagnostic that the workbook did not have
    # (a figure kept as text in a text-formatted cell stays silent)
    (cd "$tmp/wb" && "$gongkai" check "$name.xlsx" >/dev/null 2>"$tmp/check-a")
    (cd "$tmp/lo" && "$gongkai" check "$name.xlsx" >/dev/null 2>"$tmp/check-b")
    cmp -s "$tmp/check-a" "$tmp/check-b" || { fail "$name: check of the LibreOffice-saved workbook says otherwise:"; diff "$tmp/check-a" "$tmp/check-b"; }
    echo "ok: $name.xlsx saved again by LibreOffice → render: identical txt and docx; check: the same diagnostics"
done
exit $failed
