#!/usr/bin/env python3
"""Makes the hostile workbooks of tests/bad/cases.d/xlsx.cases (called by the
gen_* functions of tests/bad/run.sh): python3 xlsx_bad.py NAME OUT.xlsx.

Each is written by hand with zipfile, part by part, so that it holds exactly
the fault it is named after (an office program would not write most of them).
The base is a valid goals input in the clerk's layout (generator/workbook/):
a sheet 部门信息 of @path/@value rows and a sheet 绩效目标 with one column.
"""
import sys
import zipfile

CT = ('<?xml version="1.0" encoding="UTF-8"?>'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
# style 1 is a date (numFmtId 14), style 2 text (numFmtId 49, "@"), style 3 text
# as LibreOffice saves it (a custom format "@")
STYLES = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet %s><numFmts count="1">'
          '<numFmt numFmtId="164" formatCode="@"/></numFmts><cellXfs count="4">'
          '<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="49"/><xf numFmtId="164"/></cellXfs></styleSheet>' % NS)


def s(ref, text):
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)


def row(n, *cells):
    return '<row r="%d">%s</row>' % (n, ''.join(cells))


def info_rows(name_cell=None, year_cell=None, extra=()):
    rows = [row(1, s('A1', '字段'), s('B1', '内容')),
            row(2, s('A2', '@path'), s('B2', '@value')),
            row(3, s('A3', 'document'), s('B3', 'goals')),
            row(4, s('A4', 'department.name'), name_cell or s('B4', '曲阳县委组织部')),
            row(5, s('A5', 'department.level'), s('B5', '县')),
            row(6, s('A6', 'department.year'), year_cell or '<c r="B6"><v>2020</v></c>')]
    n = 7
    for path, cell in extra:
        rows.append(row(n, s('A%d' % n, path), cell.replace('@', str(n))))
        n += 1
    return ''.join(rows)


def goals_rows():
    return (row(1, s('A1', '总体绩效目标')) + row(2, s('A2', 'performance.overall[]')) +
            row(3, s('A3', '全面提高组织工作质量。')))


def sheet(rows, tail='', head=''):
    return '<?xml version="1.0" encoding="UTF-8"?>%s<worksheet %s><sheetData>%s</sheetData>%s</worksheet>' % (
        head, NS, rows, tail)


def project_sheets():
    return [('项目', sheet(row(1, s('A1', '序号'), s('B1', '项目名称'), s('C1', '预算数')) +
                           row(2, s('A2', 'projects#'), s('B2', 'projects[].name'), s('C2', 'projects[].budget')) +
                           row(3, '<c r="A3"><v>1</v></c>', s('B3', '干部教育培训'), '<c r="C3"><v>12.5</v></c>'))),
            ('项目绩效目标', sheet(row(1, s('A1', '所属项目序号'), s('B1', '绩效目标')) +
                                 row(2, s('A2', 'projects#'), s('B2', 'projects[].goals[]')) +
                                 row(3, '<c r="A3"><v>1</v></c>', s('B3', '培训干部200人次。')))),
            ('指标', sheet(row(1, s('A1', '所属项目序号'), s('B1', '一级指标'), s('C1', '二级指标'), s('D1', '三级指标'),
                                s('E1', '描述'), s('F1', '指标值'), s('G1', '依据')) +
                            row(2, s('A2', 'projects#'), s('B2', 'projects[].indicators[].level1'),
                                s('C2', 'projects[].indicators[].level2'), s('D2', 'projects[].indicators[].name'),
                                s('E2', 'projects[].indicators[].description'), s('F2', 'projects[].indicators[].value'),
                                s('G2', 'projects[].indicators[].basis')) +
                            row(3, '<c r="A3"><v>1</v></c>', s('B3', '产出指标'), s('C3', '数量指标'), s('D3', '培训人次'),
                                s('F3', '≥200人次'))))]


def book(path, sheets, extra=None, skip=()):
    wb = ''.join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (n, i + 1, i + 1) for i, (n, _) in enumerate(sheets))
    rels = ''.join('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/worksheet" Target="worksheets/sheet%d.xml"/>' % (i + 1, i + 1)
                   for i in range(len(sheets)))
    parts = {
        '[Content_Types].xml': CT,
        'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8"?><workbook %s><sheets>%s</sheets></workbook>' % (NS, wb),
        'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                                      'openxmlformats.org/package/2006/relationships">%s</Relationships>' % rels,
        'xl/styles.xml': STYLES,
    }
    for i, (_, xml) in enumerate(sheets):
        parts['xl/worksheets/sheet%d.xml' % (i + 1)] = xml
    parts.update(extra or {})
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for k, v in parts.items():
            if k not in skip:
                z.writestr(k, v)


def standard(path, info=None, goals=None, **kw):
    book(path, [('部门信息', sheet(info or info_rows())), ('绩效目标', goals or sheet(goals_rows()))] + project_sheets(),
         **kw)


def make(name, out):
    if name == 'xlsx-valid':
        standard(out)
    elif name == 'xlsx-formula':
        standard(out, info=info_rows(name_cell='<c r="B4" t="str"><f>CONCAT("曲阳","县委组织部")</f></c>'))
    elif name == 'xlsx-formula-cached':  # a formula with its result stored: the result is read
        standard(out, info=info_rows(name_cell='<c r="B4" t="str"><f>CONCAT("曲阳","县委组织部")</f><v>曲阳县委组织部</v></c>'))
    elif name == 'xlsx-error-cell':
        standard(out, info=info_rows(name_cell='<c r="B4" t="e"><f>1/0</f><v>#DIV/0!</v></c>'))
    elif name == 'xlsx-date-as-name':
        standard(out, info=info_rows(name_cell='<c r="B4" s="1"><v>43891</v></c>'))
    elif name == 'xlsx-date-1900-02-29':
        standard(out, info=info_rows(extra=[('assets.as_of', '<c r="B@" s="1"><v>60</v></c>')]))
    elif name == 'xlsx-year-text':  # a whole number stored as text: accepted when exact
        standard(out, info=info_rows(year_cell=s('B6', '2020')))
    elif name == 'xlsx-amount-text-exact':  # an amount pasted as text: taken, with a warning
        standard(out, info=info_rows(extra=[('assets.planned_purchase', s('B@', '12.50'))]))
    elif name == 'xlsx-amount-text-formatted':  # the same in cells formatted as text (49, and 164 "@"): meant so
        standard(out, info=info_rows(year_cell=s('B6', '2020').replace('<c ', '<c s="3" '),
                                     extra=[('assets.planned_purchase', s('B@', '12.50').replace('<c ', '<c s="2" '))]))
    elif name == 'xlsx-row-extlst':  # elements other than <c> inside rows (extension lists): ignored
        standard(out, goals=sheet(goals_rows().replace('</row>', '<extLst><ext uri="{x}"/></extLst></row>') +
                                  '<row r="4"><extLst><ext uri="{x}"/></extLst></row>'))
    elif name == 'xlsx-year-not-exact':
        standard(out, info=info_rows(year_cell=s('B6', '2020年')))
    elif name == 'xlsx-amount-text-inexact':
        standard(out, info=info_rows(extra=[('assets.planned_purchase', s('B@', '12,5万'))]))
    elif name == 'xlsx-amount-double':  # 17 digits of a binary double: what Excel shows is read
        standard(out, info=info_rows(extra=[('assets.planned_purchase', '<c r="B@"><v>89.400000000000006</v></c>')]))
    elif name == 'xlsx-amount-places':
        standard(out, info=info_rows(extra=[('assets.planned_purchase', '<c r="B@"><v>1.1234567</v></c>')]))
    elif name == 'xlsx-unknown-field':
        standard(out, info=info_rows(extra=[('department.nmae', s('B@', 'x'))]))
    elif name == 'xlsx-unknown-column':
        standard(out, goals=sheet(row(1, s('A1', '总体绩效目标'), s('B1', '备注')) +
                                  row(2, s('A2', 'performance.overall[]'), s('B2', '备 注')) +
                                  row(3, s('A3', '全面提高组织工作质量。'), s('B3', 'x'))))
    elif name == 'xlsx-no-field-name':
        standard(out, goals=sheet(goals_rows() + row(4, s('A4', '第二段'), s('C4', '多出来的'))))
    elif name == 'xlsx-merged':
        standard(out, goals=sheet(goals_rows() + row(4, s('A4', '第二段')),
                                  '<mergeCells count="1"><mergeCell ref="A3:A4"/></mergeCells>'))
    elif name == 'xlsx-second-header':
        standard(out, info=info_rows() + row(9, s('A9', '字段'), s('B9', '内容')))
    elif name == 'xlsx-shared-rich':  # shared strings with rich-text runs and a phonetic run, columns swapped
        sst = ('<?xml version="1.0" encoding="UTF-8"?><sst %s><si><r><t>曲阳县</t></r><r><rPr><b/></rPr>'
               '<t>委组织部</t></r><rPh><t>qu</t></rPh></si><si><t>department.name</t></si></sst>' % NS)
        rows = (row(1, s('A1', '内容'), s('B1', '字段')) + row(2, s('A2', '@value'), s('B2', '@path')) +
                row(3, s('A3', 'goals'), s('B3', 'document')) +
                row(5, '<c r="A5" t="s"><v>0</v></c>', '<c r="B5" t="s"><v>1</v></c>') +
                row(6, s('A6', '县'), s('B6', 'department.level')) +
                row(7, '<c r="A7"><v>2.02E3</v></c>', s('B7', 'department.year')))
        standard(out, info=rows, extra={'xl/sharedStrings.xml': sst})
    elif name == 'xlsx-xxe':
        sst = ('<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
               '<sst %s><si><t>&x;</t></si></sst>' % NS)
        standard(out, extra={'xl/sharedStrings.xml': sst})
    elif name == 'xlsx-laughs':
        ents = '<!ENTITY a0 "ha">' + ''.join('<!ENTITY a%d "&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;">'
                                             % ((i,) + (i - 1,) * 10) for i in range(1, 10))
        book(out, [('部门信息', sheet(info_rows().replace('曲阳县委组织部', '&a9;'), head='<!DOCTYPE worksheet [%s]>' % ents))])
    elif name == 'xlsx-bomb':  # 48 MiB of blanks in a sheet, 48 KiB in the zip (libxml2's text node limit)
        standard(out, goals=sheet(goals_rows() + ' ' * (48 << 20)))
    elif name == 'xlsx-bomb-tags':  # 36 MiB of empty elements, over the part limit of 32 MiB
        standard(out, goals=sheet(goals_rows() + '<x/>' * (9 << 20)))
    elif name == 'xlsx-million-rows':  # a million small rows: 26 MiB, under the part limit
        rows = goals_rows() + '<row><c><v>1</v></c></row>' * 1000000
        standard(out, goals=sheet(rows))
    elif name == 'xlsx-row-far':  # one cell on the last row Excel has
        standard(out, goals=sheet(goals_rows() + row(1048576, s('A1048576', '远'))))
    elif name == 'xlsx-no-workbook':
        standard(out, skip=('xl/workbook.xml',))
    elif name == 'xlsx-no-sheet-part':
        standard(out, skip=('xl/worksheets/sheet2.xml',))
    elif name == 'xlsx-broken-xml':
        standard(out, goals='<worksheet><sheetData><row>')
    elif name == 'xlsx-renamed-xls':
        with open(out, 'wb') as f:
            f.write(b'\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1' + b'\0' * 504)
    elif name == 'xlsx-renamed-ods':
        with zipfile.ZipFile(out, 'w') as z:
            z.writestr('mimetype', 'application/vnd.oasis.opendocument.spreadsheet')
            z.writestr('content.xml', '<office:document-content/>')
    elif name == 'xlsx-not-zip':
        with open(out, 'w') as f:
            f.write('名称,金额\n')
    elif name == 'xlsx-bad-index':
        standard(out, goals=sheet(row(1, s('A1', '项目序号'), s('B1', '绩效目标')) +
                                  row(2, s('A2', 'projects#'), s('B2', 'projects[].goals[]')) +
                                  row(3, s('A3', '3'), s('B3', '目标'))))
    else:
        sys.exit('xlsx_bad.py: unknown workbook ' + name)


if __name__ == '__main__':
    make(sys.argv[1], sys.argv[2])
