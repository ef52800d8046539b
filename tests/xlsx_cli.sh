#!/bin/sh
# The clerk's workbook from the command line (issue 14), exact:
#  1. `gongkai workbook --kind KIND`: the sheets of each kind, by name and in
#     order; every column title Chinese and unique in its sheet; 文档类型
#     filled in with the kind;
#  2. a message naming a second place names it as the input does: "line N"
#     for JSON, "SHEET!C12" for a workbook;
#  3. one refusal, one error: a refused sheet or column brings no
#     "required field missing" and no error for each of its values;
#  4. a number stored as text: taken with a warning naming the cell, unless
#     the cell is formatted as text;
#  5. a workbook filled from an .xlsx is the same bytes as one filled from
#     the JSON it came from;
#  6. a batch folder holding x.json and x.xlsx: x.txt from the JSON,
#     x-xlsx.txt from the workbook, the same document.
# usage: xlsx_cli.sh GONGKAI SOURCE_DIR
set -u
case $1 in /*) gongkai=$1 ;; *) gongkai=$PWD/$1 ;; esac
case $2 in /*) src=$2 ;; *) src=$PWD/$2 ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }
cd "$tmp" || exit 1
mk() { python3 "$src/tests/xlsx_bad.py" "$1" "$1.xlsx" || fail "xlsx_bad.py $1"; }

# same WHAT EXPECTED-FILE GOT-FILE
same() {
    if cmp -s "$2" "$3"; then echo "ok: $1"; else
        fail "$1:"
        diff "$2" "$3" | sed 's/^/    /'
    fi
}

# diags WHAT STATUS CMD… — the command's exit status and its standard error
# exactly as the here-document on standard input
diags() {
    what=$1 want=$2
    shift 2
    cat >expected.txt
    "$gongkai" "$@" >/dev/null 2>got.txt
    rc=$?
    [ "$rc" -eq "$want" ] || fail "$what: exit status $rc, expected $want"
    same "$what" expected.txt got.txt
}

# sheets BOOK — the sheet names of BOOK, one a line, then a line per
# problem with the titles (row 1) of a sheet other than 说明
sheets() {
    python3 - "$1" <<'EOF'
import re, sys, zipfile
import xml.etree.ElementTree as ET
M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'
z = zipfile.ZipFile(sys.argv[1])
rels = {r.get('Id'): r.get('Target') for r in ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))}
sst = [''.join(t.text or '' for t in si.iter(M + 't'))
       for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall(M + 'si')]
def cells(sheet, row):
    for r in sheet.iter(M + 'row'):
        if r.get('r') == str(row):
            return [sst[int(c.find(M + 'v').text)] if c.get('t') == 's' else c.find(M + 'v').text
                    for c in r.findall(M + 'c') if c.find(M + 'v') is not None]
    return []
problems = []
for sh in ET.fromstring(z.read('xl/workbook.xml')).find(M + 'sheets'):
    name = sh.get('name')
    print(name)
    if name == '说明':
        continue
    x = ET.fromstring(z.read('xl/' + rels[sh.get(R + 'id')]))
    kv = cells(x, 2)[:1] == ['@label']
    # a sheet of one field per row has its titles in column A from row 3
    titles = [c[0] for c in (cells(x, n) for n in range(3, 200)) if c] if kv else cells(x, 1)
    for t in titles:
        if not re.search('[\u4e00-\u9fff]', t):
            problems.append('%s: the title "%s" has no Chinese' % (name, t))
    for t in sorted(set(t for t in titles if titles.count(t) > 1)):
        problems.append('%s: the title "%s" is there twice' % (name, t))
    if kv and name == '部门信息':
        for n in range(3, 200):
            c = cells(x, n)
            if c and c[0] == '文档类型':
                print('文档类型 = %s' % (c[1] if len(c) > 3 else ''))
for p in problems:
    print('PROBLEM: ' + p)
EOF
}

# ---- 1. the sheets of each kind ----
common="部门信息 法律法规 职责 机构 收入 支出 支出项目 比上年 机关运行经费 机关运行经费明细 三公 绩效目标 总体绩效目标
总体绩效目标条目 分项绩效目标 工作保障措施 单位整体支出绩效指标 保障措施导语 保障措施条目 项目 资金支出计划 项目绩效目标 指标
政府采购 采购单位 采购明细 资产 名词解释 其他事项"
# the input's later sections (the 说明's free text of issue 13, the classified lines of issue 11)
late="说明文字 职责导语 职责分组 注释 注释段落 部门预算公开表 支出功能分类 一般公共预算基本支出"
selfeval="自评 预算收入 预算支出 年度主要任务 自评指标 自评指标分档 履职总体目标、工作任务 年度整体绩效目标 预算绩效管理开展情况
预算及执行情况 预算执行项目 整体绩效实现情况 绩效实现条目 绩效实现结语 主要问题及原因分析 改进的方向和具体措施
绩效自评结果拟应用和公开情况"
for kind in budget goals selfeval; do
    "$gongkai" workbook --kind "$kind" -o "empty-$kind.xlsx" 2>/dev/null || fail "workbook --kind $kind"
    {
        for s in $common; do
            echo "$s"
            [ "$s" = 部门信息 ] && echo "文档类型 = $kind"
        done
        [ "$kind" = selfeval ] && for s in $selfeval; do echo "$s"; done
        for s in $late; do echo "$s"; done
        echo 说明
    } >expected.txt
    sheets "empty-$kind.xlsx" >got.txt 2>&1
    same "workbook --kind $kind: its sheets, Chinese and unique titles, 文档类型 $kind" expected.txt got.txt
done
# an empty workbook is no valid input, and says what is missing (once each): every check runs
# whatever else failed (issue 13), so the sections its kind needs are named too
diags "check of an empty budget workbook" 1 check empty-budget.xlsx <<'EOF'
empty-budget.xlsx:0:0: error: a budget document needs "laws"
empty-budget.xlsx:0:0: error: a budget document needs "duties"
empty-budget.xlsx:0:0: error: a budget document needs "organisation"
empty-budget.xlsx:0:0: error: a budget document needs "income"
empty-budget.xlsx:0:0: error: a budget document needs "expenditure"
empty-budget.xlsx:0:0: error: a budget document needs "prior_year"
empty-budget.xlsx:0:0: error: a budget document needs "operating_costs"
empty-budget.xlsx:0:0: error: a budget document needs "three_public"
empty-budget.xlsx:0:0: error: a budget document needs "performance"
empty-budget.xlsx:0:0: error: a budget document needs "projects"
empty-budget.xlsx:0:0: error: a budget document needs "assets"
empty-budget.xlsx:部门信息!A1: error: one department's budget-disclosure data: the required field "department" (the department or unit) is missing
empty-budget.xlsx: 12 errors, 0 warnings
EOF

# ---- 2. a second place, as the input names places ----
python3 - "$src/samples/quyang-2020-budget.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d['assets']['stated_total'] = '60.00'   # the sentence disagrees with the table's 资产总额
items = d['procurement']['units'][0]['items']
items[1]['project'] = items[0]['project']  # one project, two 预算资金
json.dump(d, open('two-places.json', 'w'), ensure_ascii=False, indent=1)
EOF
diags "a second place in a JSON input: line N" 1 check two-places.json <<'EOF'
two-places.json:1076:25: error: 项目 "农村党员干部现代远程教育终端站点维护费" has 预算资金 35 here but 14.68 on row 1 of the same unit (line 1063) [/procurement/units/1/items/2/project_budget]
two-places.json:1423:19: error: the section sentence states 上年末固定资产金额 60, but the table states 资产总额 53.83 (/assets/total, line 1428) and the categories 房屋 + 车辆 + 设备 + 其他 (/assets/buildings, /assets/vehicles, /assets/equipment, /assets/other) add up to 53.83 [/assets/stated_total]
two-places.json: 2 errors, 0 warnings
EOF
"$gongkai" workbook two-places.json -o two-places.xlsx 2>/dev/null || fail "workbook two-places.json"
diags "a second place in a workbook: SHEET!C12" 1 check two-places.xlsx <<'EOF'
two-places.xlsx:采购明细!C4: error: 项目 "农村党员干部现代远程教育终端站点维护费" has 预算资金 35 here but 14.68 on row 1 of the same unit (采购明细!C3) [/procurement/units/1/items/2/project_budget]
two-places.xlsx:资产!B3: error: the section sentence states 上年末固定资产金额 60, but the table states 资产总额 53.83 (/assets/total, 资产!B8) and the categories 房屋 + 车辆 + 设备 + 其他 (/assets/buildings, /assets/vehicles, /assets/equipment, /assets/other) add up to 53.83 [/assets/stated_total]
two-places.xlsx: 2 errors, 0 warnings
EOF

# ---- 3. one refusal, one error ----
mk xlsx-laughs
diags "a refused sheet: its fields are not missing as well" 1 check xlsx-laughs.xlsx <<'EOF'
xlsx-laughs.xlsx:0:0: error: the part xl/worksheets/sheet1.xml has a document type declaration or an entity: refused (no DTD or entity is read)
xlsx-laughs.xlsx: 1 error, 0 warnings
EOF
mk xlsx-unknown-column
diags "a refused column: its values are not refused again" 1 check xlsx-unknown-column.xlsx <<'EOF'
xlsx-unknown-column.xlsx:绩效目标!B2: error: unknown column "备 注": row 2 holds the field names (such as projects[].name) that say where a column's values go; restore it from a fresh workbook (gongkai workbook)
xlsx-unknown-column.xlsx: 1 error, 0 warnings
EOF

# ---- 4. numbers stored as text ----
mk xlsx-year-text
diags "a year stored as text: taken, with a warning at its cell" 0 check xlsx-year-text.xlsx <<'EOF'
xlsx-year-text.xlsx:部门信息!B6: warning: a number stored as text ("2020"), taken as stated; make the cell a number (设置单元格格式 → 数值) and type it again, so that Excel can add it up [/department/year]
xlsx-year-text.xlsx: 0 errors, 1 warning
EOF
mk xlsx-amount-text-exact
diags "an amount stored as text: taken, with a warning at its cell" 0 check xlsx-amount-text-exact.xlsx <<'EOF'
xlsx-amount-text-exact.xlsx:部门信息!B7: warning: a number stored as text ("12.50"), taken as stated; make the cell a number (设置单元格格式 → 数值) and type it again, so that Excel can add it up [/assets/planned_purchase]
xlsx-amount-text-exact.xlsx: 0 errors, 1 warning
EOF
mk xlsx-amount-text-formatted
diags "figures in cells formatted as text (@, built in and custom): meant so, no warning" 0 check xlsx-amount-text-formatted.xlsx <<'EOF'
xlsx-amount-text-formatted.xlsx: 0 errors, 0 warnings
EOF
mk xlsx-amount-text-inexact
diags "an amount as text that is not exact: an error" 1 check xlsx-amount-text-inexact.xlsx <<'EOF'
xlsx-amount-text-inexact.xlsx:部门信息!B7: error: expected an amount, found "12,5万" [/assets/planned_purchase]
xlsx-amount-text-inexact.xlsx: 1 error, 0 warnings
EOF

# ---- 5. a workbook filled from a workbook ----
for input in "$src"/samples/*.json; do
    stem=$(basename "$input" .json)
    "$gongkai" workbook "$input" -o "$stem.xlsx" 2>/dev/null || { fail "$stem: workbook from JSON"; continue; }
    "$gongkai" workbook "$stem.xlsx" -o "$stem-again.xlsx" 2>err.txt || { fail "$stem: workbook from its workbook"; cat err.txt; continue; }
    if cmp -s "$stem.xlsx" "$stem-again.xlsx"; then echo "ok: $stem: xlsx → workbook is the same bytes as json → workbook"
    else fail "$stem: the workbook filled from its workbook differs from the one filled from the JSON"; fi
done

# ---- 6. a batch folder with x.json and x.xlsx ----
mkdir county
cp "$src/samples/quyang-2020-budget.json" county/quyang.json
cp quyang-2020-budget.xlsx county/quyang.xlsx
"$gongkai" batch county -o out --format txt >/dev/null 2>batch.txt || { fail "batch of x.json and x.xlsx"; cat batch.txt; }
ls out >got.txt
printf '%s\n' index.csv index.json quyang-xlsx.txt quyang.txt >expected.txt
same "batch: x.json gives x.txt, x.xlsx gives x-xlsx.txt" expected.txt got.txt
if cmp -s out/quyang.txt out/quyang-xlsx.txt; then echo "ok: batch: x.txt and x-xlsx.txt are the same document"
else fail "batch: x.txt and x-xlsx.txt differ"; fi

exit $failed
