#!/bin/sh
# The workbook's 说明 sheet reads in Chinese (issue: code health, item 4):
# for every kind, through openpyxl, each field's row has
# - its columns 工作表, 列, 字段, 中文说明, 类型与说明 in that order;
# - a 中文说明 that holds Chinese and no English word: only the values a
#   clerk types (drop-down choices, TRUE/FALSE, YYYY-MM-DD, a place name of
#   the templates) may be Latin, so a schema field added with an English doc
#   and no entry in generator/workbook/field_notes.c fails here;
# - the schema's doc unchanged in 类型与说明 (for the department.name row,
#   exactly as model/fields.c has it).
# usage: workbook_notes.sh GONGKAI
set -u
prog=$1
python=${PYTHON3:-/usr/bin/python3}
"$python" -c 'import openpyxl' 2>/dev/null || { echo "workbook_notes: $python has no openpyxl (python3-openpyxl)" >&2; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
for kind in budget goals selfeval; do
    "$prog" workbook --kind "$kind" -o "$tmp/$kind.xlsx" 2>/dev/null || { echo "FAIL: workbook --kind $kind" >&2; exit 1; }
done
"$python" - "$tmp" <<'PY'
import re, sys, openpyxl
allowed = {'budget', 'goals', 'selfeval', 'budget-tables', 'linear', 'deduct', 'ratio', 'levels', 'target', 'fixed',
           'above', 'below', 'TRUE', 'FALSE', 'YYYY-MM-DD', 'income', 'assets_table'}
problems, rows = [], 0
for kind in ('budget', 'goals', 'selfeval'):
    ws = openpyxl.load_workbook('%s/%s.xlsx' % (sys.argv[1], kind))['说明']
    head = [c.value for c in ws[1]]
    if head != ['工作表', '列', '字段', '中文说明', '类型与说明']:
        problems.append('%s: the header row is %s' % (kind, head))
    for sheet, label, path, zh, doc in ws.iter_rows(min_row=3, max_col=5, values_only=True):
        rows += 1
        words = [w for w in re.findall(r'[A-Za-z][A-Za-z_-]*(?:-[A-Z]+)*', zh or '') if w not in allowed]
        if not zh or not re.search('[\u4e00-\u9fff]', zh):
            problems.append('%s: %s has no Chinese description' % (kind, path))
        elif words:
            problems.append('%s: %s: English in 中文说明 (%s): %s' % (kind, path, ' '.join(words), zh))
        if path == 'department.name':
            if zh != '文本，必填。正文和标题中使用的名称，如：曲阳县委组织部':
                problems.append('%s: department.name: 中文说明 is %r' % (kind, zh))
            if doc != '文本，必填。name used in prose and titles, e.g. 曲阳县委组织部':
                problems.append('%s: department.name: 类型与说明 is %r' % (kind, doc))
if rows < 200:
    problems.append('only %d field rows in the three 说明 sheets' % rows)
for p in problems:
    print('FAIL:', p, file=sys.stderr)
print('workbook_notes: %d rows, %d problems' % (rows, len(problems)))
sys.exit(1 if problems else 0)
PY
