#!/bin/sh
# Profiles and the input structures of issue 13.
# usage: profiles.sh GONGKAI SOURCE_DIR [--update]   (ctest passes the first two)
#
# The example profile profiles/example-district-2022 (a folder of a
# template and a fontset) renders tests/inputs/profile-example-district.json
# (duty groups, notes, 分项绩效目标 parts, 工作保障措施 items, a glossary in the
# input's order) to exactly tests/expected/profile-example-district.txt;
# --update rewrites that file (then review `git diff tests/expected`). The
# profile reaches render, check and batch alike, its fontset is used unless
# --fontset names one, and the built-in templates print the new structures too.
set -u
gongkai=$1 src=$2 update=${3:-}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
run() { # run STATUS ARG…
    want=$1
    shift
    "$gongkai" "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    [ "$got" -eq "$want" ] || { fail "gongkai $* exited $got, expected $want"; sed 's/^/    /' "$tmp/err" >&2; }
}
has() { grep -Eq -- "$2" "$1" || { fail "$3: no line matching $2 in $(basename "$1")"; sed 's/^/    /' "$1" | head -20 >&2; }; }
hasnt() { ! grep -Eq -- "$2" "$1" || fail "$3: a line matches $2 in $(basename "$1")"; }
part() { python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' "$1" "$2"; }

profile=$src/profiles/example-district-2022
input=$src/tests/inputs/profile-example-district.json
expected=$src/tests/expected/profile-example-district.txt
name=profile-example-district

# 1. the profile's document, exactly
run 0 render "$input" -o "$tmp/p" --format txt,docx --profile "$profile"
if [ "$update" = --update ]; then
    cp "$tmp/p/$name.txt" "$expected"
elif ! cmp -s "$expected" "$tmp/p/$name.txt"; then
    fail "$name.txt differs from tests/expected/$name.txt:"
    diff -u "$expected" "$tmp/p/$name.txt" | head -60 >&2
fi
# the INI form gives the same document
run 0 render "$src/tests/inputs/$name.ini" -o "$tmp/ini" --format txt --profile "$profile"
cmp -s "$tmp/p/$name.txt" "$tmp/ini/$name.txt" || fail "$name.ini renders another document than $name.json"
# and so does the clerk's workbook filled with it (issue 14: the new structures
# are sheets of their own: 说明文字, 职责分组, 注释, 保障措施条目 …)
mkdir -p "$tmp/xlsx"
run 0 workbook "$input" -o "$tmp/xlsx/$name.xlsx"
run 0 render "$tmp/xlsx/$name.xlsx" -o "$tmp/xlsx/out" --format txt --profile "$profile"
cmp -s "$tmp/p/$name.txt" "$tmp/xlsx/out/$name.txt" || fail "$name.xlsx (gongkai workbook) renders another document"
python3 -c 'import re, sys, zipfile; print("\n".join(re.findall(r"<sheet name=\"([^\"]+)\"", zipfile.ZipFile(sys.argv[1]).read("xl/workbook.xml").decode())))' \
    "$tmp/xlsx/$name.xlsx" >"$tmp/xlsx/sheets"
for sheet in 说明文字 职责分组 注释 注释段落 保障措施条目; do has "$tmp/xlsx/sheets" "^$sheet\$" "workbook sheet $sheet"; done
# its three changes against the built-in budget-2023 it starts from
has "$tmp/p/$name.txt" '^唐山市路南区档案馆2022年单位预算公开说明$' "profile title"
has "$tmp/p/$name.txt" '^五、预算绩效信息$' "profile section 五"
hasnt "$tmp/p/$name.txt" '第[一二]部分' "profile: no 第一部分/第二部分"
part "$tmp/p/$name.docx" word/styles.xml >"$tmp/styles.xml"
has "$tmp/styles.xml" '方正小标宋_GBK' "profile.fontset: the title font"
# an explicit --fontset wins over the profile's
run 0 render "$input" -o "$tmp/f" --format docx --profile "$profile" --fontset "$src/fonts/default.fontset"
part "$tmp/f/$name.docx" word/styles.xml >"$tmp/styles.xml"
hasnt "$tmp/styles.xml" '方正小标宋_GBK' "--fontset over the profile's"
has "$tmp/styles.xml" '方正小标宋简体' "--fontset over the profile's"
# a profile.fontset that is not a regular file is an error naming it, never ignored
cp -R "$profile" "$tmp/bad-profile"
rm "$tmp/bad-profile/profile.fontset" && mkdir "$tmp/bad-profile/profile.fontset"
run 3 render "$input" -o "$tmp/b" --format docx --profile "$tmp/bad-profile"
has "$tmp/err" 'profile\.fontset' "a folder as profile.fontset"
[ ! -e "$tmp/b/$name.docx" ] || fail "a render with a bad profile fontset wrote a document"
# a missing profile folder is the template folder's error
run 3 render "$input" -o "$tmp/m" --format txt --profile "$tmp/no-such-profile"
has "$tmp/err" '^.*no-such-profile:0:0: error: the template folder' "missing profile"

# 2. check and batch read the same profile: its rules files too
mkdir "$tmp/rules-profile"
cp "$profile/profile.ini" "$tmp/rules-profile/"
printf '[reception-at-most-abroad]\nform = at-most\nleft = /three_public/reception\nright = /three_public/abroad\nmessage = 公务接待费 {left} exceeds 因公出国（境）费 {right}\n' \
    >"$tmp/rules-profile/totals.rules"
cat "$src/templates/totals.rules" >>"$tmp/rules-profile/totals.rules"
run 1 check --profile "$tmp/rules-profile" "$input"
has "$tmp/err" 'error: 公务接待费 0\.3 exceeds 因公出国（境）费 0 \[/three_public/reception\]$' "check --profile reads its rules"
run 0 check --profile "$profile" "$input"
mkdir "$tmp/county" && cp "$input" "$tmp/county/"
run 0 batch "$tmp/county" -o "$tmp/batch" --format txt -j 1 --profile "$profile"
cmp -s "$tmp/p/$name.txt" "$tmp/batch/$name.txt" || fail "batch --profile gives another document than render --profile"

# a manifest's profile column: per department, relative to the manifest, over
# the command line's; the same department without one gets the built-in
# templates; a profile that is not a folder refuses the manifest (exit 2)
cp -R "$profile" "$tmp/county/district"
cp "$input" "$tmp/county/other.json"
printf 'input,name,profile\n%s.json,with,district\nother.json,without,\n' "$name" >"$tmp/county/m.csv"
run 0 batch "$tmp/county/m.csv" -o "$tmp/mb" --format txt -j 1
cmp -s "$tmp/p/$name.txt" "$tmp/mb/with.txt" || fail "the manifest's profile column was not used"
has "$tmp/mb/without.txt" '预算信息公开情况说明$' "a row without a profile: the built-in template"
# with --template-dir of the added rule: the row with a profile is rendered with
# the profile (and its rules), the row without one is checked with that rule
run 1 batch "$tmp/county/m.csv" -o "$tmp/mb2" --format txt -j 1 --template-dir "$tmp/rules-profile"
cmp -s "$tmp/p/$name.txt" "$tmp/mb2/with.txt" || fail "the row's profile over --template-dir"
has "$tmp/err" 'other\.json:[0-9]+:[0-9]+: error: 公务接待费 0\.3 exceeds' "a row without a profile: the command line's folder"
printf '[{"input": "%s.json", "name": "with", "profile": "district"}]\n' "$name" >"$tmp/county/m.json"
run 0 batch "$tmp/county/m.json" -o "$tmp/mj" --format txt -j 1
cmp -s "$tmp/p/$name.txt" "$tmp/mj/with.txt" || fail "the JSON manifest's profile member was not used"
printf 'input,profile\n%s.json,no-such\n' "$name" >"$tmp/county/bad.csv"
run 2 batch "$tmp/county/bad.csv" -o "$tmp/mbad" --format txt -j 1
has "$tmp/err" 'bad\.csv:2:[0-9]+: error: the profile .*no-such: the folder' "a manifest row's missing profile"
[ ! -e "$tmp/mbad" ] || [ -z "$(ls "$tmp/mbad")" ] || fail "a refused manifest wrote something"
# a changed profile renders its departments again (the setup's fingerprint)
run 0 batch "$tmp/county/m.csv" -o "$tmp/mb" --format txt -j 1
has "$tmp/err" ' 0 rendered, 2 unchanged' "a second run with the same profile"
sed -i 's/^title = 预算公开说明$/title = 预算公开说明（草案）/' "$tmp/county/district/profile.ini"
run 0 batch "$tmp/county/m.csv" -o "$tmp/mb" --format txt -j 1
has "$tmp/mb/with.txt" '预算公开说明（草案）$' "a changed profile is rendered again"

# 3. the named profiles of the built-in templates: langfang-2023 gives an
# input that names no template the 2023 document; quyang-2020 is the
# built-in documents as they are
sed 's/"document": "budget",/&\n  "template": "budget-2023",/' "$src/samples/lunan-2022-budget.json" >"$tmp/lunan-2023.json"
run 0 render "$tmp/lunan-2023.json" -o "$tmp/named" --format txt
run 0 render "$src/samples/lunan-2022-budget.json" -o "$tmp/named" --format txt --profile "$src/profiles/langfang-2023"
cmp -s "$tmp/named/lunan-2023.txt" "$tmp/named/lunan-2022-budget.txt" || fail "--profile profiles/langfang-2023 is not the budget-2023 document"
run 0 render "$src/samples/quyang-2020-budget.json" -o "$tmp/named" --format txt --profile "$src/profiles/quyang-2020"
cmp -s "$src/tests/expected/quyang-2020-budget.txt" "$tmp/named/quyang-2020-budget.txt" || fail "--profile profiles/quyang-2020 changed the document"

# 3b. a profile written by following templates/README.md alone
# (profiles/example-county-2020): the built-in 2020 budget with three keys of
# [budget] set; the document is the built-in one with exactly those three
# changes, and every other line as it was
county=$src/profiles/example-county-2020
run 0 render "$src/samples/quyang-2020-budget.json" -o "$tmp/county" --format txt --profile "$county"
sed -e '1s/部门预算信息公开情况说明$/部门预算公开说明/' \
    -e 's/^\(按照预算管理有关规定，目前我县部门\)预算的编制实行综合预算管理，即全部收入和支出都反映在预算中。/\1预算的编制实行综合预算制度，全部收入和支出均纳入预算管理。/' \
    -e 's/^五、预算绩效信息$/五、绩效预算信息/' \
    "$src/tests/expected/quyang-2020-budget.txt" >"$tmp/county/want.txt"
if cmp -s "$src/tests/expected/quyang-2020-budget.txt" "$tmp/county/want.txt"; then
    fail "the three changes of example-county-2020 no longer match tests/expected/quyang-2020-budget.txt"
elif ! cmp -s "$tmp/county/want.txt" "$tmp/county/quyang-2020-budget.txt"; then
    fail "--profile profiles/example-county-2020 is not the built-in document with its three changes:"
    diff -u "$tmp/county/want.txt" "$tmp/county/quyang-2020-budget.txt" | head -30 >&2
fi
# the goals and selfeval documents take their headings from the profile too
mkdir "$tmp/kinds"
printf '[goals]\nheading_safeguards = 保障措施\nlabel_duty = 职责\n[selfeval]\ntitle = 整体支出绩效自评表\n' >"$tmp/kinds/profile.ini"
run 0 render "$src/samples/laoting-2024-goals.json" -o "$tmp/kinds/out" --format txt --profile "$tmp/kinds"
has "$tmp/kinds/out/laoting-2024-goals.txt" '^三、保障措施$' "profile.goals.heading_safeguards"
hasnt "$tmp/kinds/out/laoting-2024-goals.txt" '工作保障措施' "profile.goals.heading_safeguards replaces the built-in heading"
run 0 render "$src/samples/xianghe-2019-selfeval.json" -o "$tmp/kinds/out" --format txt --profile "$tmp/kinds"
has "$tmp/kinds/out/xianghe-2019-selfeval.txt" '^整体支出绩效自评表$' "profile.selfeval.title"
# the part headings of the budget's section 五: reworded, and switched off
mkdir -p "$tmp/parts" "$tmp/noparts"
printf '[budget]\ngoals_part_label = 一、\ngoals_part = 整体支出绩效目标\nprojects_part = 二、项目支出绩效目标\n' >"$tmp/parts/profile.ini"
run 0 render "$src/samples/quyang-2020-budget.json" -o "$tmp/parts/out" --format txt --profile "$tmp/parts"
has "$tmp/parts/out/quyang-2020-budget.txt" '^一、  部门整体支出绩效目标$' "profile.budget.goals_part_label and goals_part"
has "$tmp/parts/out/quyang-2020-budget.txt" '^二、项目支出绩效目标$' "profile.budget.projects_part"
printf '[budget]\npart_headings = false\n' >"$tmp/noparts/profile.ini"
run 0 render "$src/samples/quyang-2020-budget.json" -o "$tmp/noparts/out" --format txt --profile "$tmp/noparts"
hasnt "$tmp/noparts/out/quyang-2020-budget.txt" '^第[一二]部分' "profile.budget.part_headings = false"
has "$tmp/noparts/out/quyang-2020-budget.txt" '^（一）总体绩效目标$' "the goals without their part heading"

# 4. the built-in template prints the new structures as well (none of the
# existing inputs uses them, so their documents are unchanged: tests/expected)
run 0 render "$input" -o "$tmp/builtin" --format txt
b=$tmp/builtin/$name.txt
has "$b" '^唐山市路南区档案馆2022年单位预算信息公开情况说明$' "built-in title"
has "$b" '^主要职责$' "duties_title"
has "$b" '^（一）党员和党组织建设$' "duty group heading"
has "$b" '^主要职责：落实全面从严治党主体责任' "duty group text with its default label"
has "$b" '^职责：贯彻执行党和国家' "duty group text with its own label"
hasnt "$b" '^（[一二三]）贯彻执行党和国家' "the plain duty list is replaced by the groups"
has "$b" '^收入全部为区级财政拨款。$' "a note at income"
has "$b" '^总体绩效目标：$' "a note's label"
has "$b" '^职责目标：档案应收尽收、安全保管。$' "分项绩效目标: 职责目标"
has "$b" '^绩效标准：接收进馆档案数量不少于3000卷。$' "分项绩效目标: 绩效标准"
has "$b" '^为确保绩效目标如期实现，采取以下保障措施：$' "工作保障措施 lead"
has "$b" '^1、加强组织领导$' "工作保障措施 item"
has "$b" '^注：资产数据来源于' "a note under the asset table"
# glossary_complete: the input's four entries, in its order, and no other
has "$b" '^1、基本支出：' "glossary order"
has "$b" '^4、机关运行经费：' "glossary order"
hasnt "$b" '一般公共预算拨款收入：' "a standard term left out"
has "$b" '^3、“三公”经费：指用财政拨款安排的' "a standard term replaced"

# the goals document prints them too: a duty's parts in its item, the
# 工作保障措施 lead and titled items
# (the first 干部培训费 is the 分项绩效目标 item; a project has the same name)
sed '0,/"name": "干部培训费",/s//&\n        "duty": "负责全县干部教育培训。", "target": "提升干部素质。", "standard": "培训合格率100%。",/;
     s/"safeguards": \[/"safeguards_intro": ["采取以下措施："], "safeguard_items": [{"title": "加强领导", "text": "明确分工。"}], &/' \
    "$src/samples/laoting-2024-goals.json" >"$tmp/goals.json"
run 0 render "$tmp/goals.json" -o "$tmp/goals" --format txt
g=$tmp/goals/goals.txt
has "$g" '^1\.干部培训费：主要职责：负责全县干部教育培训。职责目标：提升干部素质。绩效目标：贯彻落实' "goals: a duty's parts"
has "$g" '绩效标准：培训合格率100%。$' "goals: 绩效标准"
has "$g" '^采取以下措施：$' "goals: 工作保障措施 lead"
has "$g" '^（一）加强领导$' "goals: 工作保障措施 item"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo "profiles: all passed"
