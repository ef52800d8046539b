#!/bin/sh
# Memory exhaustion from outside (issue 17): `gongkai check` of an input with
# 40 000 errors under `ulimit -v` limits from 64 MiB (about what the program
# and its libraries need to start) up to where the check completes, in steps
# of 8 MiB. At every limit the run must end with exit 1 and the first error,
# or exit 3 and an "out of memory" error line — never a signal, never exit 0,
# never an exit without a message. (test_oom makes every allocation fail in
# turn from inside; this checks the command line's side.)
#
# usage: oom.sh GONGKAI   (a build without ASan: its shadow memory needs
#                          terabytes of address space)
set -u
gongkai=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
in=$tmp/errors.json
# two units of 10 000 rows, each row two errors (金额 2 ≠ 1 × 1, and ≠ its funding)
{ printf '{\n  "document": "goals",\n  "department": {"name": "曲阳县委组织部", "level": "县", "year": 2020},\n'
  printf '  "performance": {"overall": ["全面提高组织工作质量。"]},\n  "projects": [],\n'
  awk 'BEGIN { print "  \"procurement\": {\"units\": ["
               for (u = 1; u <= 2; u++) {
                 printf "    {\"name\": \"单位%d\", \"items\": [\n", u
                 for (i = 1; i <= 10000; i++)
                   printf "      {\"project\": \"p\", \"item\": \"纸\", \"quantity\": \"1\", \"unit_price\": \"1\", \"amount\": \"2\", \"funding\": {\"general\": \"1\"}}%s\n", i < 10000 ? "," : ""
                 printf "    ]}%s\n", u < 2 ? "," : "" }
               print "  ]}"; print "}" }'; } >"$in"
first="$in:8:83: error: 金额 2 is not 数量 × 单价 = 1 × 1 = 1 [/procurement/units/1/items/1/amount]"

"$gongkai" check "$in" 2>"$tmp/err" >/dev/null
rc=$?
if [ $rc -ne 1 ] || ! grep -qxF "$first" "$tmp/err" || ! grep -qx "$in: 40000 errors, 0 warnings" "$tmp/err"; then
    echo "FAIL: without a limit: exit $rc, expected 1 with the line '$first' and 40000 errors:" >&2
    head -3 "$tmp/err" >&2
    exit 1
fi

failures=0 limited=0 complete=0
mib=64
while [ $mib -le 512 ]; do
    ( ulimit -v $((mib * 1024)) && exec "$gongkai" check "$in" ) 2>"$tmp/err" >/dev/null
    rc=$?
    if [ $rc -eq 1 ] && grep -qxF "$first" "$tmp/err" && grep -qx "$in: 40000 errors, 0 warnings" "$tmp/err"; then
        complete=$mib
        break
    elif [ $rc -eq 1 ] || [ $rc -eq 3 ]; then
        if grep -q "^$in:[0-9]*:[0-9]*: error: .*out of memory" "$tmp/err"; then
            limited=$((limited + 1))
        elif grep -q "error while loading shared libraries" "$tmp/err"; then
            : # too little even to start: not gongkai's to answer
        else
            echo "FAIL: ulimit -v ${mib} MiB: exit $rc without an 'out of memory' error:" >&2
            head -5 "$tmp/err" >&2
            failures=$((failures + 1))
        fi
    else
        echo "FAIL: ulimit -v ${mib} MiB: exit $rc (expected 1 or 3):" >&2
        head -5 "$tmp/err" >&2
        failures=$((failures + 1))
    fi
    mib=$((mib + 8))
done
if [ $complete -eq 0 ]; then
    echo "FAIL: the check never completed, even with 512 MiB" >&2
    failures=$((failures + 1))
fi
if [ $limited -eq 0 ]; then
    echo "FAIL: no limit made memory run out: the test tests nothing" >&2
    failures=$((failures + 1))
fi
echo "oom: $limited limits ran out of memory with a message; complete from ${complete} MiB"
[ $failures -eq 0 ]
