#!/bin/sh
# batch.sh GONGKAI SOURCE_DIR — gongkai batch as a county would run it.
set -u
gongkai=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
count() { find "$1" -maxdepth 1 -name "$2" 2>/dev/null | wc -l; }

# a county: the samples, 8 times over under other names (48 departments)
mkdir "$tmp/in"
for k in 1 2 3 4 5 6 7 8; do
  for f in "$src"/samples/*.json; do cp "$f" "$tmp/in/$(basename "$f" .json)-$k.json"; done
done

# 1. everything is produced, with its index
"$gongkai" batch "$tmp/in" -o "$tmp/out" -j 2 --format docx,txt 2>"$tmp/log1" || fail "first run exit $?"
[ "$(count "$tmp/out" '*.docx')" = 40 ] || fail "expected 40 docx, found $(count "$tmp/out" '*.docx')"
grep -c '"status": "ok"' "$tmp/out/index.json" | grep -qx 40 || fail "index.json does not list 40 ok departments"
[ "$(wc -l < "$tmp/out/index.csv")" = 81 ] || fail "index.csv: expected a header and 80 output rows"

# 2. a rerun skips every unchanged department
"$gongkai" batch "$tmp/in" -o "$tmp/out" -j 2 --format docx,txt 2>"$tmp/log2" || fail "rerun exit $?"
grep -q '40 departments: 0 rendered, 40 unchanged' "$tmp/log2" || fail "rerun did not skip: $(tail -1 "$tmp/log2")"

# 3. a changed input is rendered again, alone
sed -i 's/"name": "乐亭县委组织部"/"name": "乐亭县委组织部（改）"/' "$tmp/in/laoting-2024-goals-3.json"
"$gongkai" batch "$tmp/in" -o "$tmp/out" --format docx,txt 2>"$tmp/log3" || fail "third run exit $?"
grep -q '1 rendered, 39 unchanged' "$tmp/log3" || fail "a changed input: $(tail -1 "$tmp/log3")"

# 4. a broken input is reported, the others are produced, exit 1
printf '{"document": "budget", "department": {"name": "坏"' > "$tmp/in/zz-broken.json"
"$gongkai" batch "$tmp/in" -o "$tmp/out" --format docx 2>"$tmp/log4"
[ $? = 1 ] || fail "a broken input should give exit 1"
grep -q 'zz-broken: invalid' "$tmp/log4" || fail "the broken input is not reported"
grep -q '"code": "json-syntax"' "$tmp/out/.gongkai/zz-broken.json" || fail "its diagnostics are not in its stamp"
rm "$tmp/in/zz-broken.json"

# 5. killed half-way, a rerun finishes the rest without redoing the done ones
"$gongkai" batch "$tmp/in" -o "$tmp/kill" -j 1 --format docx,txt 2>/dev/null &
pid=$!
i=0
while [ "$(count "$tmp/kill/.gongkai" '*.json')" -lt 5 ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
done_first=$(count "$tmp/kill/.gongkai" '*.json')
[ "$done_first" -lt 40 ] || fail "the batch finished before it could be killed"
ls "$tmp/kill" | grep -q '\.tmp' && sleep 0  # a temporary file of the killed write may stay; it is never an output
"$gongkai" batch "$tmp/in" -o "$tmp/kill" -j 2 --format docx,txt 2>"$tmp/log5" || fail "resume exit $?"
rendered=$(sed -n 's/.*departments: \([0-9]*\) rendered, \([0-9]*\) unchanged.*/\1 \2/p' "$tmp/log5")
set -- $rendered
[ "$2" = "$done_first" ] && [ $(($1 + $2)) = 40 ] || fail "resume: rendered/unchanged $rendered, $done_first were done"
for f in "$tmp"/kill/*.docx; do cmp -s "$f" "$tmp/out/$(basename "$f")" || [ "$(basename "$f")" = laoting-2024-goals-3.docx ] || fail "$f differs from the full run"; done

# 6. two shards give what one run gives
"$gongkai" batch "$tmp/in" -o "$tmp/s" --shard 1/2 --format docx 2>/dev/null || fail "shard 1/2"
"$gongkai" batch "$tmp/in" -o "$tmp/s" --shard 2/2 --format docx 2>/dev/null || fail "shard 2/2"
[ -f "$tmp/s/index-1-of-2.json" ] && [ -f "$tmp/s/index-2-of-2.json" ] || fail "shard indexes missing"
[ "$(count "$tmp/s" '*.docx')" = 40 ] || fail "the shards made $(count "$tmp/s" '*.docx') docx"
for f in "$tmp"/s/*.docx; do cmp -s "$f" "$tmp/out/$(basename "$f")" || fail "shard output $(basename "$f") differs"; done

# 7. manifests: CSV and JSON, names, a template; hostile names stay inside
mkdir "$tmp/m"
cp "$src/samples/quyang-2020-budget.json" "$tmp/m/q.json"
cp "$src/samples/quyang-2020-budget.json" "$tmp/m/q\"x.json"
printf 'input,name,template\nq.json,曲阳/../../etc/passwd,\nq.json,.hidden,budget-2023\nq.json,"a,b",\n"q""x.json",quote,\n' > "$tmp/m/list.csv"
"$gongkai" batch "$tmp/m/list.csv" -o "$tmp/mo" --format txt 2>"$tmp/log7" || fail "CSV manifest exit $?"
[ -f "$tmp/mo/曲阳_.._.._etc_passwd.txt" ] || fail "a name with / and .. is not made safe: $(ls "$tmp/mo")"
[ -f "$tmp/mo/hidden.txt" ] && grep -q '综合预算制度' "$tmp/mo/hidden.txt" && ! grep -q '综合预算制度' "$tmp/mo/a,b.txt" ||
  fail "the template column did not pick the 2023 wording of the budget document"
[ -f "$tmp/mo/a,b.txt" ] || fail "a quoted CSV field"
# the index quotes what needs quoting: names and inputs read back as given
/usr/bin/python3 -c 'import csv, os, sys
print("|".join(sorted(r["name"] + "<" + os.path.basename(r["input"]) for r in csv.DictReader(open(sys.argv[1])))))' \
  "$tmp/mo/index.csv" > "$tmp/names7"
[ "$(cat "$tmp/names7")" = 'a,b<q.json|hidden<q.json|quote<q"x.json|曲阳_.._.._etc_passwd<q.json' ] ||
  fail "index.csv reads back as: $(cat "$tmp/names7")"
[ -z "$(find "$tmp" -name passwd -not -path "$tmp/mo/*")" ] || fail "an output escaped the output folder"
printf '[{"input": "q.json", "name": "甲"}, {"input": "q.json", "name": "乙", "template": "budget-2023"}]' > "$tmp/m/list.json"
"$gongkai" batch "$tmp/m/list.json" -o "$tmp/jo" --format txt 2>/dev/null || fail "JSON manifest exit $?"
[ -f "$tmp/jo/甲.txt" ] && [ -f "$tmp/jo/乙.txt" ] || fail "JSON manifest outputs: $(ls "$tmp/jo")"
# a template of another kind (issue 17): that department is invalid, named
# with both kinds and the manifest's column; the others are rendered
printf 'input,name,template\nq.json,k1,goals\nq.json,k2,\n' > "$tmp/m/kind.csv"
"$gongkai" batch "$tmp/m/kind.csv" -o "$tmp/ko" --format txt 2>/dev/null
[ $? = 1 ] || fail "a template of another kind in the manifest: exit $?, expected 1"
[ -f "$tmp/ko/k2.txt" ] && [ ! -e "$tmp/ko/k1.txt" ] || fail "a template of another kind: the folder holds $(ls "$tmp/ko")"
grep -q 'the template \\"goals\\" writes goals documents (built-in, line 4), but this input is a budget document; the batch manifest.s template column names it' "$tmp/ko/index.json" ||
  fail "a template of another kind: index.json has no such diagnostic"
printf 'input,name\nq.json,x\nq.json,x\n' > "$tmp/m/clash.csv"
"$gongkai" batch "$tmp/m/clash.csv" -o "$tmp/co" 2>/dev/null
[ $? = 2 ] || fail "two departments with one name should be a usage error"

# 8. a deep output folder (paths past 1 KiB): every file lands where it should
deep=$tmp/deep
for k in 1 2 3 4 5 6; do deep=$deep/$(printf '%0200d' $k); done
mkdir -p "$deep"
"$gongkai" batch "$tmp/m/list.json" -o "$deep" --format txt 2>/dev/null || fail "a deep output folder: exit $?"
[ -f "$deep/甲.txt" ] && [ -f "$deep/index.csv" ] && [ -f "$deep/.gongkai/乙.json" ] ||
  fail "a deep output folder holds: $(ls -A "$deep" 2>&1)"

# 9. usage
"$gongkai" batch 2>/dev/null; [ $? = 2 ] || fail "batch without arguments"
"$gongkai" batch "$tmp/in" -o "$tmp/x" --shard 3/2 2>/dev/null; [ $? = 2 ] || fail "--shard 3/2"
"$gongkai" batch "$tmp/in" -o "$tmp/x" --format odt 2>/dev/null; [ $? = 2 ] || fail "--format odt"

if [ $failures = 0 ]; then echo "batch: all checks passed"; fi
exit $((failures > 0))
