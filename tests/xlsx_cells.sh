#!/bin/sh
# The cells of the quyang workbooks, exact: every sheet's columns, merges,
# row heights and cells (reference, style, type, value) as xlsx_cells.py
# prints them must equal tests/expected/xlsx/NAME.cells. The texts of the
# cells pass through one buffer reused from cell to cell (xlsx_render.c),
# so a cell given another's text, or a text cut short, shows here. The
# document itself and its budget-with-tables form (the statutory tables);
# laoting's goals, whose project tables (information block, 绩效目标,
# indicators) each share one sheet, and xianghe's 自评表, whose four parts
# of four shapes keep a sheet each.
# --update rewrites the files from the current build (review the diff).
# usage: xlsx_cells.sh GONGKAI SOURCE_DIR [--update]
set -u
case $1 in /*) gongkai=$1 ;; *) gongkai=$PWD/$1 ;; esac
case $2 in /*) src=$2 ;; *) src=$PWD/$2 ;; esac
update=${3:-}
here=$src/tests/expected/xlsx
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
for case in quyang-2020-budget:default quyang-2020-budget:budget-with-tables laoting-2024-goals:default \
    xianghe-2019-selfeval:default; do
    sample=${case%%:*} t=${case#*:}
    name=$sample-$t
    mkdir -p "$tmp/$name"
    opt=
    [ "$t" = default ] || opt="--template $t"
    # shellcheck disable=SC2086 # $opt is two words or none
    if ! "$gongkai" render "$src/samples/$sample.json" -o "$tmp/$name" --format xlsx $opt >/dev/null; then
        echo "FAIL: render $name"
        failed=1
        continue
    fi
    python3 "$src/tests/xlsx_cells.py" "$tmp/$name/$sample.xlsx" >"$tmp/$name.cells" || { echo "FAIL: xlsx_cells.py $name"; failed=1; continue; }
    if [ "$update" = --update ]; then
        mkdir -p "$here" && cp "$tmp/$name.cells" "$here/$name.cells"
    elif cmp -s "$here/$name.cells" "$tmp/$name.cells"; then
        echo "ok: $name ($(wc -l <"$tmp/$name.cells") lines)"
    else
        echo "FAIL: $name differs from tests/expected/xlsx/$name.cells:"
        diff -u "$here/$name.cells" "$tmp/$name.cells" | head -40
        failed=1
    fi
done
exit $failed
