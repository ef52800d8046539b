#!/bin/sh
# bench/run.sh [GONGKAI] — how fast gongkai makes a county's documents.
# Prints per-report medians (one core, process start included), reports per
# second with -j 1 and -j 2, peak RSS of one worker, output sizes, and,
# measured in the same run, LibreOffice converting the same DOCX files to
# PDF (the usual way today). Needs the set-up of the test command
# (.ci/setup --tests). Not a test: it prints numbers. On a shared machine
# run it when the cores are idle (uptime): every figure is wall-clock time.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
gongkai=${1:-$root/build/generator/gongkai}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$root/bench/county.py" "$root/samples" "$tmp/county" 200

formats=docx
"$gongkai" render "$root/samples/lunan-2022-budget.json" -o "$tmp/probe" --format pdf >/dev/null 2>&1 && formats=docx,pdf

echo "gongkai $("$gongkai" --version | cut -d' ' -f2), $(nproc) cores, 200 departments, formats $formats, load $(cut -d' ' -f1-3 /proc/loadavg)"

# per report, one core: the seed-000-sized budget, 21 runs each (the
# formats one at a time, then all of them from one process)
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
together=""
case $formats in *,*) together=$formats ;; esac
for fmt in $(echo $formats | tr , ' ') $together; do
  for i in $(seq 21); do
    start=$(date +%s%N)
    "$gongkai" render "$root/samples/quyang-2020-budget.json" -o "$tmp/one" --format $fmt >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(((end - start) / 1000))
  done > "$tmp/t-$fmt"
  ms=$(median < "$tmp/t-$fmt" | awk '{printf "%.1f", $1 / 1000}')
  /usr/bin/time -f '%M' -o "$tmp/rss" "$gongkai" render "$root/samples/quyang-2020-budget.json" -o "$tmp/one" \
    --format $fmt >/dev/null 2>&1
  echo "  $fmt, seed-000 budget: median $ms ms per report (process included), peak RSS $(($(tail -1 "$tmp/rss") / 1024)) MiB"
done

# the county, 1 and 2 workers (GNU time's peak RSS is that of the largest worker)
for j in 1 2; do
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$tmp/rss-$j" "$gongkai" batch "$tmp/county" -o "$tmp/out-$j" -j $j --format $formats --force \
    2>/dev/null
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v j=$j -v rss="$(tail -1 "$tmp/rss-$j")" \
    'BEGIN { t = e - s; printf "  batch -j %d: %.2f s, %.1f reports per second, peak RSS of a worker %d MiB\n", j, t, 200 / t, rss / 1024 }'
done
for fmt in $(echo $formats | tr , ' '); do
  du -cb "$tmp"/out-1/*.$fmt | tail -1 | awk -v f=$fmt '{printf "  %s output: %.1f MiB in all, %.0f KiB per report\n", f, $1 / 1048576, $1 / 1024 / 200}'
done

# LibreOffice, one warm instance, 20 documents
if command -v soffice >/dev/null; then
  mkdir "$tmp/lo"
  ls "$tmp"/out-1/*.docx | head -20 | xargs -I{} cp {} "$tmp/lo/"
  soffice --headless --convert-to pdf --outdir "$tmp/lo-warm" "$tmp/lo/$(ls "$tmp/lo" | head -1)" >/dev/null 2>&1
  start=$(date +%s.%N)
  soffice --headless --convert-to pdf --outdir "$tmp/lo-out" "$tmp"/lo/*.docx >/dev/null 2>&1
  end=$(date +%s.%N)
  lo=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", (e - s) * 1000 / 20 }')
  echo "  LibreOffice --convert-to pdf: $lo ms per document (20 in one instance)"
  last=$(echo $formats | tr , '\n' | tail -1)
  ours=$(median < "$tmp/t-$last" | awk '{print $1 / 1000}')
  awk -v lo="$lo" -v us="$ours" -v f=$last \
    'BEGIN { printf "  ratio: LibreOffice takes %.0f times as long as gongkai %s\n", lo / us, f }'
fi
