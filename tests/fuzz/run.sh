#!/bin/sh
# Seeds the corpora and runs the fuzzers one after the other.
# usage: run.sh BUILD_DIR SECONDS [HARNESS…]     (HARNESS: json ini template pipeline mutate)
# The corpora grow in BUILD_DIR/fuzz-corpus/NAME (kept between runs), the
# seeds and dictionaries are made afresh in BUILD_DIR/fuzz-seeds, a crash,
# leak or timeout is saved as BUILD_DIR/fuzz-artifacts/NAME-crash-… and each
# run's log is BUILD_DIR/fuzz-NAME.log. Exits 1 when any fuzzer found
# something.
#   GK_FUZZ_KEEP_GOING=1  do not stop at the first crash, leak or timeout
#                         (libFuzzer's -fork=1 -ignore_crashes=1 …): collect
#                         every finding in the time given
set -u
build=$1
secs=$2
shift 2
[ $# -eq 0 ] && set -- json ini template pipeline mutate
src=$(cd "$(dirname "$0")/../.." && pwd)
seeds=$build/fuzz-seeds
rm -rf "$seeds"
sh "$src/tests/fuzz/seed.sh" "$src" "$seeds" || exit 1
mkdir -p "$build/fuzz-artifacts"
status=0
for name in "$@"; do
    exe=$build/tests/fuzz/fuzz_$name
    [ -x "$exe" ] || { echo "no $exe: build with -DGK_FUZZ=ON (tests/fuzz/README.md)" >&2; exit 1; }
    mkdir -p "$build/fuzz-corpus/$name"
    # fuzz_mutate reads edit lists, not a language: no dictionary; its
    # inputs are short (a long text is one repeat byte)
    dict="-dict=$seeds/$name.dict"
    max_len=262144
    [ "$name" = pipeline ] && dict="-dict=$seeds/json.dict"
    [ "$name" = mutate ] && dict="" max_len=4096
    log=$build/fuzz-$name.log
    found_before=$(find "$build/fuzz-artifacts" -name "$name-*" | wc -l)
    echo "fuzz_$name: ${secs}s, log in $log"
    keep=""
    [ "${GK_FUZZ_KEEP_GOING:-0}" = 1 ] && keep="-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"
    # shellcheck disable=SC2086 # $keep and $dict are lists of options
    "$exe" $keep -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=$max_len -print_final_stats=1 \
        $dict -artifact_prefix="$build/fuzz-artifacts/$name-" \
        "$build/fuzz-corpus/$name" "$seeds/$name" >"$log" 2>&1
    rc=$?
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done)|^SUMMARY|^==[0-9]+==ERROR|invariant broken|^#[0-9]+: cov:.*crashes' "$log" | tail -20
    found=$(($(find "$build/fuzz-artifacts" -name "$name-*" | wc -l) - found_before))
    if [ $rc -ne 0 ] || [ $found -gt 0 ]; then
        echo "fuzz_$name FOUND SOMETHING (exit $rc, $found new artifacts): see $log and $build/fuzz-artifacts/" >&2
        status=1
    fi
done
exit $status
