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
grep -q 'the template \\"goals\\" writes goals documents (built-in, line 4), but this input is a budget document; --template or a batch manifest.s template column names it' "$tmp/ko/index.json" ||
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

# ---- hostile and careless use (issue 17) ----

# children PID — the processes whose parent is PID (from /proc: procps is not a dependency)
children() {
    for st in /proc/[0-9]*/stat; do
        awk -v p="$1" '{ sub(/.*\) /, ""); if ($2 == p) { split(FILENAME, f, "/"); print f[3] } }' "$st" 2>/dev/null
    done
}
# a slow department that sorts first: 10 000 projects (seconds to render as pdf:
# 4 s of CPU in a plain build, more with ASan)
mkdir "$tmp/slow"
cp "$src"/samples/*.json "$tmp/slow/"
{ printf '{\n  "document": "goals",\n  "department": {"name": "曲阳县委组织部", "level": "县", "year": 2020},\n'
  printf '  "performance": {"overall": ["全面提高组织工作质量。"]},\n  "projects": [\n'
  awk 'BEGIN { for (i = 1; i <= 10000; i++)
                 printf "    {\"name\": \"项目%d\", \"budget\": \"%d.5\", \"goals\": [\"培训干部%d人次。\"], \"indicators\": [{\"level1\": \"产出指标\", \"level2\": \"数量指标\", \"name\": \"培训人次\", \"description\": \"\", \"value\": \"≥%d人次\", \"basis\": \"\"}]}%s\n", i, i, i, i, i < 10000 ? "," : "" }'
  printf '  ]\n}\n'; } >"$tmp/slow/aa-slow.json"
others_ok() { # OUT — the five samples were rendered whatever happened to aa-slow
    for f in langfang-2023-budget laoting-2024-goals lunan-2022-budget quyang-2020-budget xianghe-2019-selfeval; do
        [ -f "$1/$f.pdf" ] || fail "$1: $f.pdf missing: one department stopped the others"
    done
}

# 10. A job killed by a signal while it renders costs its department only.
# Proves: with -j 1, the worker rendering aa-slow (the first) is killed with
# SIGSEGV half-way through its pdf; the five departments behind it are rendered,
# aa-slow is recorded as crashed with the signal (stderr, index.json,
# index.csv), and the atomic writer's folder it left is removed.
# (handle_segv=0: the ASan build lets the signal kill, as a real crash does.)
ASAN_OPTIONS=handle_segv=0 "$gongkai" batch "$tmp/slow" -o "$tmp/k10" -j 1 --format pdf 2>"$tmp/log10" &
pid=$!
i=0
while ! ls -d "$tmp"/k10/aa-slow.pdf.* >/dev/null 2>&1 && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
job=$(children $pid)
[ -n "$job" ] && kill -SEGV $job
wait $pid
rc=$?
[ $rc = 3 ] || fail "a crashed department: exit $rc, expected 3"
grep -qx "$tmp/slow/aa-slow.json:0:0: error: the job was killed by SIGSEGV (Segmentation fault) \[department aa-slow\]" "$tmp/log10" ||
    fail "the crash is not reported on stderr: $(cat "$tmp/log10")"
grep -q '6 departments: 5 rendered, 0 unchanged, 0 with errors, 0 failed, 1 crashed' "$tmp/log10" ||
    fail "crash summary: $(tail -1 "$tmp/log10")"
others_ok "$tmp/k10"
/usr/bin/python3 -c 'import json, sys
d = {x["name"]: x for x in json.load(open(sys.argv[1]))["departments"]}
a = d["aa-slow"]
assert a["status"] == "crashed" and a["signal"] == "SIGSEGV" and a["outputs"] == [], a
assert a["diagnostics"][0]["code"] == "crashed"
assert sum(x["status"] == "ok" for x in d.values()) == 5' "$tmp/k10/index.json" || fail "index.json does not record the crash"
grep -q '^aa-slow,.*,crashed,1,0,' "$tmp/k10/index.csv" || fail "index.csv does not record the crash"
[ -z "$(ls -A "$tmp/k10" | grep '^aa-slow')" ] || fail "the crashed job left: $(ls -A "$tmp/k10" | grep '^aa-slow')"

# 11. A per-job CPU limit: aa-slow exceeds --max-seconds 1 (SIGXCPU) and is
# recorded; a rerun tries it again (records it again) and skips the others.
"$gongkai" batch "$tmp/slow" -o "$tmp/k11" -j 2 --max-seconds 1 --format pdf 2>"$tmp/log11"
[ $? = 3 ] || fail "--max-seconds: exit status"
grep -qx "$tmp/slow/aa-slow.json:0:0: error: the job was killed by SIGXCPU (CPU time limit exceeded): it used more CPU time than --max-seconds allows \[department aa-slow\]" "$tmp/log11" ||
    fail "--max-seconds: $(cat "$tmp/log11")"
others_ok "$tmp/k11"
grep -q '"signal": "SIGXCPU"' "$tmp/k11/.gongkai/aa-slow.json" || fail "--max-seconds: the stamp has no signal"
"$gongkai" batch "$tmp/slow" -o "$tmp/k11" -j 2 --max-seconds 1 --format pdf 2>"$tmp/log11b"
grep -q '6 departments: 0 rendered, 5 unchanged, 0 with errors, 0 failed, 1 crashed' "$tmp/log11b" ||
    fail "a rerun after a crash: $(tail -1 "$tmp/log11b")"

# 11b. A per-job memory limit: aa-slow needs more than --max-memory 200 and
# is recorded as out of memory; the others fit. Not in the ASan build, whose
# shadow memory no address-space limit leaves room for.
if ! grep -q __asan_init "$gongkai"; then
    "$gongkai" batch "$tmp/slow" -o "$tmp/k11m" -j 2 --max-memory 200 --format pdf 2>"$tmp/log11m"
    [ $? = 3 ] || fail "--max-memory: exit status"
    grep -qx "$tmp/slow/aa-slow.json:0:0: error: out of memory (more than --max-memory allows)" "$tmp/log11m" ||
        fail "--max-memory: $(cat "$tmp/log11m")"
    grep -q '^aa-slow,.*,error,1,0,' "$tmp/k11m/index.csv" || fail "--max-memory: index.csv: $(grep aa-slow "$tmp/k11m/index.csv")"
    others_ok "$tmp/k11m"
fi

# 12. An input that became invalid: its documents of the earlier run are
# removed, so OUT publishes nothing the index does not list as ok.
mkdir "$tmp/in12"
cp "$src/samples/quyang-2020-budget.json" "$src/samples/laoting-2024-goals.json" "$tmp/in12/"
"$gongkai" batch "$tmp/in12" -o "$tmp/o12" --format docx,txt 2>/dev/null || fail "12: first run"
printf '{"document": "budget"' >"$tmp/in12/quyang-2020-budget.json"
"$gongkai" batch "$tmp/in12" -o "$tmp/o12" --format docx,txt 2>"$tmp/log12"
[ $? = 1 ] || fail "12: an invalid input should give exit 1"
[ "$(ls "$tmp/o12" | grep -c '^quyang')" = 0 ] || fail "stale documents of an invalid input: $(ls "$tmp/o12")"
[ -f "$tmp/o12/laoting-2024-goals.docx" ] || fail "12: the valid department lost its documents"
grep -q '^quyang-2020-budget,.*,invalid,' "$tmp/o12/index.csv" || fail "12: index.csv does not list it as invalid"

# 13. The setup's fingerprint covers every template of the folder: one
# changed beyond the first 512 that readdir gives is seen.
mkdir "$tmp/t13"
awk -v d="$tmp/t13" 'BEGIN { for (i = 0; i < 1000; i++) printf "x\n" > (d "/t" sprintf("%04d", i) ".tmpl") }'
printf 'input\nq.json\n' >"$tmp/m/one.csv"
"$gongkai" batch "$tmp/m/one.csv" -o "$tmp/o13" -t "$tmp/t13" --format txt 2>/dev/null || fail "13: first run"
late=$(ls -U "$tmp/t13" | sed -n 700p)
printf 'changed\n' >"$tmp/t13/$late"
"$gongkai" batch "$tmp/m/one.csv" -o "$tmp/o13" -t "$tmp/t13" --format txt 2>"$tmp/log13"
grep -q '1 departments: 1 rendered, 0 unchanged' "$tmp/log13" || fail "a changed 700th template: $(tail -1 "$tmp/log13")"

# 14. Planted links: temporary files are created exclusively, never through
# a link, so links planted at every name the old index.csv.tmpPID and
# stamp .tmpPID could take lead nowhere; a .gongkai that is a link is refused.
# (one process plants them all, for the next 200 process ids)
mkdir -p "$tmp/o14/.gongkai" "$tmp/outside"
/usr/bin/python3 -c 'import os, sys
o, out = sys.argv[1], sys.argv[2]
last = int(open("/proc/sys/kernel/ns_last_pid").read())
for n in range(last + 1, last + 200):
    for t in ("index.csv", "index.json", ".gongkai/q.json"):
        os.symlink("%s/%s-%d" % (out, os.path.basename(t), n), "%s/%s.tmp%d" % (o, t, n))' "$tmp/o14" "$tmp/outside"
"$gongkai" batch "$tmp/m/one.csv" -o "$tmp/o14" --format txt 2>/dev/null || fail "14: planted links: exit $?"
[ -z "$(ls -A "$tmp/outside")" ] || fail "a write followed a planted link: $(ls "$tmp/outside" | head -3)"
[ -f "$tmp/o14/index.csv" ] && [ ! -L "$tmp/o14/index.csv" ] && [ -f "$tmp/o14/q.txt" ] || fail "14: the batch did not write its files"
mkdir "$tmp/o14b"
ln -s "$tmp/outside" "$tmp/o14b/.gongkai"
"$gongkai" batch "$tmp/m/one.csv" -o "$tmp/o14b" --format txt 2>"$tmp/log14"
[ $? = 3 ] || fail "14: a .gongkai link should give exit 3"
grep -qx "gongkai: cannot create $tmp/o14b/.gongkai: Not a directory" "$tmp/log14" || fail "14: $(cat "$tmp/log14")"
[ -z "$(ls -A "$tmp/outside")" ] || fail "a stamp went through the .gongkai link"
# a stamp replaced by a link to /dev/zero is not read (no hang, no growth)
ln -sf /dev/zero "$tmp/o14/.gongkai/q.json"
timeout 60 "$gongkai" batch "$tmp/m/one.csv" -o "$tmp/o14" --format txt 2>"$tmp/log14c"
[ $? = 0 ] && grep -q '1 rendered' "$tmp/log14c" || fail "a stamp linked to /dev/zero: $(tail -1 "$tmp/log14c")"

# 15. Leftovers of killed runs (the atomic writer's NAME.FORMAT.tmp-XXXXXX,
# earlier versions' NAME.FORMAT.XXXXXX/part, .tmp files of stamps and index)
# are removed by the next run; only names of our pattern for our
# departments, and links are never followed.
o=$tmp/o15
mkdir -p "$o/.gongkai" "$o/q.txt.AbC123" "$o/notes.txt.AbC123" "$tmp/keep15"
: >"$o/q.txt.AbC123/part"; : >"$o/notes.txt.AbC123/part"; : >"$tmp/keep15/part"
: >"$o/q.pdf.tmp-AbC123"; : >"$o/notes.pdf.tmp-AbC123"; : >"$tmp/keep15/file"
: >"$o/.gongkai/q.json.tmp4711"; : >"$o/.gongkai/q.json.tmp-Zz9Zz9"; : >"$o/index.csv.tmp4711"
ln -s "$tmp/keep15" "$o/q.txt.QwErTy"; ln -s "$tmp/keep15/file" "$o/q.txt.tmp-QwErTy"
"$gongkai" batch "$tmp/m/one.csv" -o "$o" --format txt 2>/dev/null || fail "15: exit $?"
left=$(cd "$o" && ls -A . .gongkai | tr '\n' ' ')
[ "$left" = ".: .gongkai index.csv index.json notes.pdf.tmp-AbC123 notes.txt.AbC123 q.txt q.txt.QwErTy q.txt.tmp-QwErTy  .gongkai: q.json " ] ||
    fail "15: leftovers: $left"
[ -f "$tmp/keep15/part" ] && [ -f "$tmp/keep15/file" ] || fail "15: a link was followed"
# a temporary whose writer still holds its lock (a run at work) is left alone
: >"$o/q.pdf.tmp-LoCkEd"
flock "$o/q.pdf.tmp-LoCkEd" "$gongkai" batch "$tmp/m/one.csv" -o "$o" --format txt --force 2>/dev/null || fail "15: locked: exit $?"
[ -f "$o/q.pdf.tmp-LoCkEd" ] || fail "15: a locked temporary was removed"
rm -f "$o/q.pdf.tmp-LoCkEd"
# render cleans what a killed render left of its own documents, in either form
mkdir -p "$tmp/o15r/quyang-2020-budget.pdf.Xy12Z3"
: >"$tmp/o15r/quyang-2020-budget.pdf.Xy12Z3/part"
: >"$tmp/o15r/quyang-2020-budget.docx.tmp-Xy12Z3"; : >"$tmp/o15r/other.docx.tmp-Xy12Z3"
"$gongkai" render "$src/samples/quyang-2020-budget.json" -o "$tmp/o15r" --format txt 2>/dev/null || fail "15: render"
[ "$(ls -A "$tmp/o15r" | tr '\n' ' ')" = "other.docx.tmp-Xy12Z3 quyang-2020-budget.txt " ] ||
    fail "15: render leftovers: $(ls -A "$tmp/o15r")"

# 16. The output folder apart from the departments', and an empty county
"$gongkai" batch "$tmp/in12" -o "$tmp/in12" 2>"$tmp/log16"
[ $? = 2 ] && grep -qx "gongkai: the output folder $tmp/in12 is the folder of the departments $tmp/in12; choose another" "$tmp/log16" ||
    fail "batch IN -o IN: $(cat "$tmp/log16")"
"$gongkai" batch "$tmp/in12" -o "$tmp/in12/out" 2>"$tmp/log16"
[ $? = 2 ] && grep -q "is inside the folder of the departments" "$tmp/log16" && [ ! -e "$tmp/in12/out" ] ||
    fail "batch IN -o IN/out: $(cat "$tmp/log16")"
"$gongkai" batch "$tmp/in12/" -o "$tmp/in12/../in12/./sub/.." 2>/dev/null
[ $? = 2 ] || fail "batch IN -o IN spelt otherwise"
"$gongkai" batch "$tmp/in12" -o "$tmp" 2>"$tmp/log16"
[ $? = 2 ] && grep -q "holds the folder of the departments" "$tmp/log16" || fail "batch IN -o PARENT: $(cat "$tmp/log16")"
"$gongkai" batch "$tmp/m/one.csv" -o "$tmp/m" 2>"$tmp/log16"
[ $? = 2 ] || fail "a manifest whose folder is OUT: $(cat "$tmp/log16")"
mkdir "$tmp/empty"
"$gongkai" batch "$tmp/empty" -o "$tmp/o16" 2>"$tmp/log16"
[ $? = 2 ] && grep -qx "gongkai: $tmp/empty holds no department (no .json or .ini file); nothing to do" "$tmp/log16" &&
    [ ! -e "$tmp/o16" ] || fail "an empty county folder: $(cat "$tmp/log16")"

# 17. Usage: formats and numbers
for f in '' 'docx,' ',docx' 'docx,,pdf' 'docx,docx'; do
    "$gongkai" batch "$tmp/in12" -o "$tmp/o17" --format "$f" 2>"$tmp/log17"
    [ $? = 2 ] && [ ! -e "$tmp/o17" ] || fail "--format '$f' accepted"
done
grep -qx 'gongkai: --format names docx twice' "$tmp/log17" || fail "--format docx,docx: $(cat "$tmp/log17")"
for a in '-j -1' '-j x' '--max-seconds 0' '--max-memory 1x'; do
    # shellcheck disable=SC2086 # the option and its value
    "$gongkai" batch "$tmp/in12" -o "$tmp/o17" $a 2>/dev/null
    [ $? = 2 ] || fail "batch $a accepted"
done

# 18. A document's PDF and OFD share one layout when both are asked for:
# the same bytes as each written alone, in a batch and through render
mkdir "$tmp/in18"
for f in "$src"/samples/*.json; do cp "$f" "$tmp/in18/"; done
"$gongkai" batch "$tmp/in18" -o "$tmp/o18-both" -j 2 --format pdf,txt,ofd --force 2>/dev/null || fail "batch pdf,txt,ofd exit $?"
"$gongkai" batch "$tmp/in18" -o "$tmp/o18-pdf" -j 2 --format pdf --force 2>/dev/null || fail "batch pdf exit $?"
"$gongkai" batch "$tmp/in18" -o "$tmp/o18-ofd" -j 2 --format ofd --force 2>/dev/null || fail "batch ofd exit $?"
n18=0
for f in "$tmp/in18"/*.json; do
    b=$(basename "$f" .json)
    for x in pdf ofd; do
        if cmp -s "$tmp/o18-both/$b.$x" "$tmp/o18-$x/$b.$x"; then n18=$((n18 + 1))
        else fail "$b.$x written beside the other fixed layout differs from $b.$x alone"; fi
    done
done
[ $n18 = $(($(count "$tmp/in18" '*.json') * 2)) ] && [ $n18 -gt 0 ] || fail "pdf and ofd compared: $n18"
q=$src/samples/quyang-2020-budget.json
"$gongkai" render "$q" -o "$tmp/r18-both" --format ofd,docx,pdf 2>/dev/null || fail "render ofd,docx,pdf exit $?"
"$gongkai" render "$q" -o "$tmp/r18-one" --format pdf 2>/dev/null && "$gongkai" render "$q" -o "$tmp/r18-one" --format ofd 2>/dev/null ||
    fail "render pdf, ofd alone exit $?"
for x in pdf ofd; do
    cmp -s "$tmp/r18-both/quyang-2020-budget.$x" "$tmp/r18-one/quyang-2020-budget.$x" || fail "render: the $x with the other differs"
done

if [ $failures = 0 ]; then echo "batch: all checks passed"; fi
exit $((failures > 0))
