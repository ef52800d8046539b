#!/bin/sh
# Every sample under valgrind: `gongkai check` and `gongkai render --format
# txt` (and the clerk's workbook: written, checked, rendered) must run
# without a memory error and without a leak (definite,
# indirect or possible). Run it on a build without sanitizers (ctest does,
# as the test "valgrind", only when CMAKE_BUILD_TYPE is not Asan).
#
# usage: valgrind.sh GONGKAI SOURCE_DIR
#   GK_VALGRIND_FORMATS  the formats to render (default "txt"; "txt docx pdf"
#                        covers every renderer)
# The unit tests under memcheck (test_check, test_dec, test_rules,
# test_zipper) are ctest's valgrind-NAME, in tests/CMakeLists.txt.
# Exits 77 (ctest: skipped) when valgrind is not installed.
set -u

gongkai=$1
src=$2
formats=${GK_VALGRIND_FORMATS:-txt}
if ! command -v valgrind >/dev/null 2>&1; then
    echo "SKIP: valgrind is not installed (apt-get install valgrind); the samples were not run under it" >&2
    exit 77
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0
runs=0

# vg WHAT ARG… — runs gongkai under valgrind; fails on an error or a leak
vg() {
    what=$1
    shift
    runs=$((runs + 1))
    valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible --track-origins=yes --log-file="$tmp/vg.log" \
        "$gongkai" "$@" >/dev/null 2>"$tmp/err"
    rc=$?
    if [ "$rc" -eq 99 ] || [ -s "$tmp/vg.log" ]; then
        echo "FAIL: valgrind found errors or leaks in: gongkai $*" >&2
        sed 's/^/    /' "$tmp/vg.log" | head -60 >&2
        failures=$((failures + 1))
    elif [ "$rc" -ne 0 ]; then
        echo "FAIL: gongkai $* exited $rc under valgrind ($what)" >&2
        sed 's/^/    /' "$tmp/err" | head -20 >&2
        failures=$((failures + 1))
    fi
}

for sample in "$src"/samples/*.json "$src"/samples/*.ini; do
    vg check check "$sample"
    for fmt in $formats; do
        vg "render $fmt" render "$sample" -o "$tmp/out" --format "$fmt"
    done
done

# The clerk's workbook (issue 14): the writer, and the XLSX reader (libzip,
# libxml2's xmlReader) checking and rendering what it wrote, for a budget
# and a self-evaluation sample and for an empty workbook of each kind.
for sample in "$src"/samples/quyang-2020-budget.json "$src"/samples/xianghe-2019-selfeval.json; do
    wb=$tmp/$(basename "$sample" .json).xlsx
    vg workbook workbook "$sample" -o "$wb"
    vg "check xlsx" check "$wb"
    for fmt in $formats; do
        vg "render xlsx $fmt" render "$wb" -o "$tmp/out" --format "$fmt"
    done
done
# rows holding an element other than <c>: the reader once or-ed an unset
# flag there (gcc -O2 warned; -O2 happened to hide it from memcheck)
if python3 "$src/tests/xlsx_bad.py" xlsx-row-extlst "$tmp/row-extlst.xlsx"; then
    vg "check xlsx-row-extlst" check "$tmp/row-extlst.xlsx"
else
    echo "FAIL: tests/xlsx_bad.py could not make xlsx-row-extlst" >&2
    failures=$((failures + 1))
fi
for kind in budget goals selfeval; do
    vg "workbook --kind $kind" workbook --kind "$kind" -o "$tmp/empty-$kind.xlsx"
    # an empty workbook is not a valid input: the check must say so, without a leak
    valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible --log-file="$tmp/vg.log" \
        "$gongkai" check "$tmp/empty-$kind.xlsx" >/dev/null 2>&1
    rc=$?
    runs=$((runs + 1))
    if [ "$rc" -eq 99 ] || [ -s "$tmp/vg.log" ]; then
        echo "FAIL: valgrind found errors or leaks in: gongkai check (empty $kind workbook)" >&2
        sed 's/^/    /' "$tmp/vg.log" | head -60 >&2
        failures=$((failures + 1))
    fi
done

if [ "$failures" -ne 0 ]; then
    echo "valgrind: $failures of $runs runs failed" >&2
    exit 1
fi
echo "valgrind: $runs runs, no error and no leak"
