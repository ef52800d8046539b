#!/bin/sh
# The statutory budget tables (issue 11) of every budget sample and of
# tests/inputs/check-tables.json, rendered as `document: budget-tables` and
# (quyang) as the 说明 with its tables (template budget-with-tables):
# - the txt is byte for byte tests/expected/tables/NAME.txt (--update rewrites
#   them: review the diff);
# - the DOCX passes validate-docx (the ECMA-376 schemas; VALIDATE_DOCX names
#   it) and every PDF passes qpdf --check, embeds its fonts as subsets,
#   reads back through pdftotext without warnings, and renders to the same
#   bytes twice;
# - the XLSX (--format xlsx) renders to the same bytes twice and reads back
#   through openpyxl (tables_xlsx.py: a sheet per table, figures as numbers,
#   print setup, properties); LibreOffice converts the DOCX and the XLSX of
#   check-tables (when soffice is installed);
# - a department with only 一般公共预算 funds (lunan) gets its 政府性基金 and
#   国有资本经营 tables empty, each with its own sentence.
# usage: tables.sh GONGKAI SOURCE_DIR OUT_DIR [--update]
set -u
prog=$1
src=$2
out=$3
update=${4:-}
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
mkdir -p "$out" "$src/tests/expected/tables" || exit 1

# NAME SOURCE: the tables-only variant of a budget input (the 说明's template dropped)
variant() {
    case $2 in
    *.ini) sed 's/^document = budget$/document = budget-tables/' "$2" >"$out/$1.ini" && echo "$out/$1.ini" ;;
    *) sed -e 's/^  "document": "budget",$/  "document": "budget-tables",/' -e '/^  "template": "[a-z0-9-]*",$/d' "$2" >"$out/$1.json" &&
        echo "$out/$1.json" ;;
    esac
}

check_one() { # NAME INPUT
    name=$1
    in=$2
    "$prog" render "$in" -o "$out" --format docx,pdf,txt,xlsx >/dev/null 2>"$out/$name.err" || { cat "$out/$name.err" >&2; fail "render $name"; return; }
    grep -q warning "$out/$name.err" && { fail "$name warns:"; cat "$out/$name.err" >&2; }
    want=$src/tests/expected/tables/$name.txt
    if [ "$update" = --update ]; then
        cp "$out/$name.txt" "$want"
    elif ! cmp -s "$out/$name.txt" "$want"; then
        fail "$name.txt differs from tests/expected/tables/$name.txt:"
        diff "$want" "$out/$name.txt" | head -20 >&2
    fi
    if [ -n "${VALIDATE_DOCX:-}" ]; then
        "$VALIDATE_DOCX" "$out/$name.docx" >&2 || fail "validate-docx $name.docx"
    fi
    qpdf --check "$out/$name.pdf" >/dev/null 2>&1 || fail "qpdf --check $name.pdf"
    pdffonts "$out/$name.pdf" 2>/dev/null | awk 'NR > 2 && !($0 ~ /\+/ && $(NF - 4) == "yes" && $(NF - 3) == "yes" && $(NF - 2) == "yes") { bad = 1 } END { exit bad }' ||
        fail "$name.pdf: a font that is not an embedded subset with a Unicode map"
    [ -z "$(pdftotext "$out/$name.pdf" /dev/null 2>&1)" ] || fail "pdftotext warns on $name.pdf"
    cp "$out/$name.pdf" "$out/$name.first.pdf"
    cp "$out/$name.xlsx" "$out/$name.first.xlsx"
    "$prog" render "$in" -o "$out" --format pdf,xlsx >/dev/null 2>&1 || fail "second render of $name"
    cmp -s "$out/$name.pdf" "$out/$name.first.pdf" || fail "$name.pdf differs between two renders"
    cmp -s "$out/$name.xlsx" "$out/$name.first.xlsx" || fail "$name.xlsx differs between two renders"
    shift 2
    [ "$name" = quyang-with-tables ] || "$python" "$src/tests/tables_xlsx.py" "$out/$name.xlsx" "$@" || fail "$name.xlsx"
}
python=${PYTHON3:-/usr/bin/python3}
"$python" -c 'import openpyxl' 2>/dev/null || { echo "tables: $python has no openpyxl (python3-openpyxl)" >&2; exit 1; }

for s in quyang-2020-budget.json quyang-2020-budget.ini langfang-2023-budget.json lunan-2022-budget.json; do
    stem=${s%.*}
    ext=${s##*.}
    name=$stem-tables
    [ "$ext" = ini ] && name=$stem-ini-tables
    check_one "$name" "$(variant "$name" "$src/samples/$s")" "3 部门支出总表~合　计"
done
check_one check-tables "$(variant check-tables "$src/tests/inputs/check-tables.json")" "3 部门支出总表!C4=624.5" \
    "3 部门支出总表!E4=274" "8 政府性基金预算支出表!C4=20" "6 一般公共预算基本支出表!D4=300.25" "10 项目支出表!C5=200" \
    "9 国有资本经营预算支出表~本部门2020年无国有资本经营预算财政拨款安排的预算，故本表为空表。"
# the check above fails on a wrong figure
"$python" "$src/tests/tables_xlsx.py" "$out/check-tables.xlsx" "3 部门支出总表!C4=625" 2>/dev/null && fail "tables_xlsx.py passes a wrong figure"
if command -v soffice >/dev/null 2>&1; then
    rm -rf "$out/lo" && mkdir -p "$out/lo"
    for f in docx xlsx; do
        timeout 300 soffice --headless --convert-to pdf --outdir "$out/lo" "$out/check-tables.$f" >/dev/null 2>&1
        pages=$(pdfinfo "$out/lo/check-tables.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
        [ "${pages:-0}" -ge 10 ] || fail "LibreOffice converts check-tables.$f to ${pages:-no} pages, expected at least 10"
        rm -f "$out/lo/check-tables.pdf"
    done
else
    echo "NOTE: soffice is not installed: the LibreOffice conversions are not checked" >&2
fi
# the INI and the JSON of quyang give the same tables
cmp -s "$out/quyang-2020-budget-tables.txt" "$out/quyang-2020-budget-ini-tables.txt" || fail "quyang: the INI and the JSON give different tables"

# the 说明 with its tables as 附件
sed 's/^  "document": "budget",$/  "document": "budget",\n  "template": "budget-with-tables",/' "$src/samples/quyang-2020-budget.json" >"$out/quyang-with-tables.json"
check_one quyang-with-tables "$out/quyang-with-tables.json"
grep -q '^附件：中共曲阳县委组织部2020年部门预算公开表$' "$out/quyang-with-tables.txt" || fail "quyang-with-tables: no 附件 heading"

# only 一般公共预算: the two other fund tables are empty, each with its own sentence
for sentence in 本单位2022年无政府性基金预算财政拨款安排的预算，故本表为空表。 本单位2022年无国有资本经营预算财政拨款安排的预算，故本表为空表。; do
    grep -qx "$sentence" "$out/lunan-2022-budget-tables.txt" || fail "lunan: no line \"$sentence\""
done
"$python" "$src/tests/tables_xlsx.py" "$out/lunan-2022-budget-tables.xlsx" \
    "8 政府性基金预算支出表~本单位2022年无政府性基金预算财政拨款安排的预算，故本表为空表。" \
    "9 国有资本经营预算支出表~本单位2022年无国有资本经营预算财政拨款安排的预算，故本表为空表。" || fail "lunan.xlsx: the empty tables"

[ "$failures" -eq 0 ] && echo "tables: OK"
exit $((failures != 0))
