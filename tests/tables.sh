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
    [ "$name" = quyang-with-tables ] || [ "$name" = quyang-tables-first ] || "$python" "$src/tests/tables_xlsx.py" "$out/$name.xlsx" "$@" || fail "$name.xlsx"
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

# the tables before the 说明 (template budget-tables-first): the same tables, then the 说明
sed 's/^  "document": "budget",$/  "document": "budget",\n  "template": "budget-tables-first",/' "$src/samples/quyang-2020-budget.json" >"$out/quyang-tables-first.json"
check_one quyang-tables-first "$out/quyang-tables-first.json"
first_table=$(grep -n '^部门收支总表$' "$out/quyang-tables-first.txt" | head -1 | cut -d: -f1)
first_note=$(grep -n '^曲阳县委组织部2020年部门预算信息公开情况说明$' "$out/quyang-tables-first.txt" | head -1 | cut -d: -f1)
[ -n "$first_table" ] && [ -n "$first_note" ] && [ "$first_table" -lt "$first_note" ] ||
    fail "quyang-tables-first: the tables (line ${first_table:-none}) do not come before the 说明 (line ${first_note:-none})"
# … as a profile's option: [templates] budget = budget-tables-first, the input naming none
mkdir -p "$out/first-profile" && printf '[templates]\nbudget = budget-tables-first\n' >"$out/first-profile/profile.ini"
"$prog" render "$src/samples/quyang-2020-budget.json" -o "$out/first-profile/out" --format txt --profile "$out/first-profile" >/dev/null 2>&1 ||
    fail "render with a profile whose budget template is budget-tables-first"
cmp -s "$out/first-profile/out/quyang-2020-budget.txt" "$out/quyang-tables-first.txt" ||
    fail "the profile option budget = budget-tables-first does not give the tables first"

# the switches of the table set, each flipped for the tables of part-budget-tables
# (表11 too: part-table-procurement, which the 说明 includes as part-procurement with the defaults),
# on check-tables: tests/expected/tables/switch-NAME.txt;
# the defaults (seq=false lanci=false blank_zero=true operating_costs_column=false run_on=false
# fit_page=false, the first table run on from the title, 表1 and 表4 fit_page=true)
# are the tables above, byte for byte
switch_run() { # NAME SETS
    mkdir -p "$out/switch-$1" || return
    {
        echo '{% document budget-tables %}'
        echo '= 开关'
        echo "$2" | tr ' ' '\n' | sed 's/^\(.*\)=\(.*\)$/{% set \1 = \2 %}/'
        for t in table-summary table-income table-expense table-fiscal table-general table-basic table-three-public table-fund \
            table-state-capital table-projects table-procurement; do
            case $t in
            table-summary) echo '{% include "part-table-summary" with run_on=true, fit_page=true %}' ;;
            table-fiscal) echo '{% include "part-table-fiscal" with fit_page=true %}' ;;
            *) echo "{% include \"part-$t\" %}" ;;
            esac
        done
    } >"$out/switch-$1/budget-tables.tmpl"
    "$prog" render "$out/check-tables.json" -o "$out/switch-$1/out" --format txt --template-dir "$out/switch-$1" >/dev/null 2>"$out/switch-$1.err" ||
        { cat "$out/switch-$1.err" >&2; fail "render with the switch $1"; return; }
    want=$src/tests/expected/tables/switch-$1.txt
    if [ "$update" = --update ]; then
        cp "$out/switch-$1/out/check-tables.txt" "$want"
    elif ! cmp -s "$out/switch-$1/out/check-tables.txt" "$want"; then
        fail "the switch $1: check-tables.txt differs from tests/expected/tables/switch-$1.txt:"
        diff "$want" "$out/switch-$1/out/check-tables.txt" | head -20 >&2
    fi
}
switch_run defaults "seq=false lanci=false blank_zero=true operating_costs_column=false run_on=false fit_page=false"
tail -n +2 "$out/switch-defaults/out/check-tables.txt" >"$out/switch-defaults.body"
tail -n +2 "$out/check-tables.txt" | cmp -s - "$out/switch-defaults.body" ||
    fail "the default switches listed by hand do not give the tables of part-budget-tables"
switch_run seq "seq=true lanci=false blank_zero=true operating_costs_column=false run_on=false fit_page=false"
switch_run lanci "seq=false lanci=true blank_zero=true operating_costs_column=false run_on=false fit_page=false"
switch_run zero "seq=false lanci=false blank_zero=false operating_costs_column=false run_on=false fit_page=false"
switch_run operating-costs "seq=false lanci=false blank_zero=true operating_costs_column=true run_on=false fit_page=false"

# the 类 list is data: a template folder's classes.list gives the fixed lines of 表1 and 表4
mkdir -p "$out/classes" && printf '[2020]\n201 = 一般公共服务支出\n208 = 社会保障和就业支出\n212 = 城乡社区支出\n221 = 住房保障支出\n' >"$out/classes/classes.list"
"$prog" render "$out/check-tables.json" -o "$out/classes/out" --format txt --template-dir "$out/classes" >/dev/null 2>&1 || fail "render with a classes.list"
for t in 外交支出 教育支出 抗疫特别国债安排的支出; do
    grep -qx "	$t" "$out/classes/out/check-tables.txt" && fail "classes.list without $t: the tables still print it"
done
[ "$(grep -cx '	城乡社区支出' "$out/classes/out/check-tables.txt")" -eq "$(grep -cx '	城乡社区支出' "$out/check-tables.txt")" ] ||
    fail "classes.list with 城乡社区支出: 表1 and 表4 do not both print it"
[ "$(grep -cx '	外交支出' "$out/check-tables.txt")" -eq 2 ] || fail "the built-in classes.list: 表1 and 表4 do not both print 外交支出"

# a 类 list shorter than the income lines (the four above): 表1 keeps its five (a pad row for
# 单位资金, 表1's fifth); the rows of 表1 (after its header, before 表2) end with the 收入总计 row
awk '/^部门收支总表$/ { on = 1 } /^部门收入总表$/ { on = 0 } on' "$out/classes/out/check-tables.txt" >"$out/classes/t1.txt"
for line in 一般公共预算拨款收入 政府性基金预算拨款收入 国有资本经营预算拨款收入 财政专户管理资金收入 单位资金 收入总计; do
    grep -qx "	$line" "$out/classes/t1.txt" || fail "a four-类 classes.list: 表1 loses the income line $line"
done

# every table starts a page of its own (run_on=false), in the PDF and in the DOCX: the
# pages of lunan that hold a table title hold one, and each of the eleven is on one;
# with run_on=true 表5 and 表6 share a page again
titles='^(部门收支总表|部门收入总表|部门支出总表|财政拨款收支总表|一般公共预算支出表|一般公共预算基本支出表|一般公共预算“三公”经费支出表|政府性基金预算支出表|国有资本经营预算支出表|项目支出表|单位政府采购预算)$'
per_page() { # PDF: the number of table titles on each page, one a line
    n=$(pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p')
    i=1
    while [ "$i" -le "${n:-0}" ]; do
        pdftotext -f "$i" -l "$i" "$1" - 2>/dev/null | grep -cE "$titles"
        i=$((i + 1))
    done
}
pp=$(per_page "$out/lunan-2022-budget-tables.pdf")
[ "$(echo "$pp" | awk '$1 > 1' | wc -l)" -eq 0 ] && [ "$(echo "$pp" | awk '{ s += $1 } END { print s }')" -eq 11 ] ||
    fail "lunan.pdf: a page holds two tables, or a title is missing (titles per page: $(echo $pp))"
sections=$(unzip -p "$out/lunan-2022-budget-tables.docx" word/document.xml | grep -o '<w:sectPr' | wc -l)
[ "$sections" -eq 11 ] || fail "lunan.docx: $sections sections, expected 11 (the title with 表1, then one a table; the last is the body's own)"
mkdir -p "$out/run-on" && sed 's/{% set run_on = false %}/{% set run_on = true %}/' "$src/templates/part-budget-tables.tmpl" >"$out/run-on/part-budget-tables.tmpl"
"$prog" render "$out/lunan-2022-budget-tables.json" -o "$out/run-on/out" --format pdf --template-dir "$out/run-on" >/dev/null 2>&1 || fail "render with run_on=true"
pdftotext "$out/run-on/out/lunan-2022-budget-tables.pdf" - 2>/dev/null | awk '{ if (sub(/\f/, "")) p++ } /^一般公共预算支出表$/ { a = p } /^一般公共预算基本支出表$/ { b = p } END { exit !(a != "" && a == b) }' ||
    fail "run_on=true: 表5 and 表6 of lunan are not on one page"

# 表1 and 表4 (fit_page=true: the ~30 fixed 类 lines and the totals) each on one page of the
# PDF for every budget sample: the page of the title holds the table's 收入总计 row too, and
# the next page is the next table's (pdftotext page by page)
one_page() { # PDF TITLE NEXT_TITLE
    n=$(pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p')
    i=1
    while [ "$i" -le "${n:-0}" ]; do
        if pdftotext -f "$i" -l "$i" "$1" - 2>/dev/null | grep -qx "$2"; then
            pdftotext -f "$i" -l "$i" "$1" - 2>/dev/null | grep -qx '收入总计' || return 1
            pdftotext -f $((i + 1)) -l $((i + 1)) "$1" - 2>/dev/null | grep -qx "$3" || return 1
            return 0
        fi
        i=$((i + 1))
    done
    return 1
}
for f in "$out"/*-budget-tables.pdf; do
    one_page "$f" 部门收支总表 部门收入总表 || fail "$(basename "$f"): 表1 部门收支总表 is not on one page"
    one_page "$f" 财政拨款收支总表 一般公共预算支出表 || fail "$(basename "$f"): 表4 财政拨款收支总表 is not on one page"
done
[ "$(ls "$out"/*-budget-tables.pdf | wc -l)" -ge 3 ] || fail "fewer than three budget samples' table PDFs to check 表1 and 表4 on"

[ "$failures" -eq 0 ] && echo "tables: OK"
exit $((failures != 0))
