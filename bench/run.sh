#!/bin/sh
# bench/run.sh [--province] [--sweep-formats LIST] [GONGKAI] — how fast
# gongkai makes a county's documents, and how far each format is from its
# floor. Prints, every format of the registry:
#  - per report, one core, the seed-000-sized budget (process start
#    included): medians of 21 runs and the peak RSS;
#  - a county of 200 departments (synthetic, bench/county.py): batch -j 1
#    per format, milliseconds per report in a worker, against the floor
#    measured in the same run (deflating the same streams alone,
#    bench/streams.py and bench/floor.c), and all formats with -j 1 and -j 2;
#  - the sweep of 1-1 280 projects (bench/sweep.py): instructions per PDF
#    page (valgrind --tool=callgrind, repeatable on a busy machine) and
#    milliseconds per page, with the marginal cost over the 1-project
#    document, which leaves out the process's start;
#  - with --province, 10 000 departments in all formats with -j 2 (long);
#  - LibreOffice converting the same DOCX files to PDF, where installed.
# Needs the set-up of the test command (.ci/setup --tests) and a C
# compiler with libdeflate and zlib. Not a test: it prints numbers.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
province=false
sweep_formats=
while [ $# -gt 0 ]; do
  case $1 in
  --province) province=true; shift ;;
  --sweep-formats) sweep_formats=$2; shift 2 ;;
  *) break ;;
  esac
done
gongkai=${1:-$root/build/generator/gongkai}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$root/bench/county.py" "$root/samples" "$tmp/county" 200
cc -O2 -o "$tmp/floor" "$root/bench/floor.c" -ldeflate -lz

# the formats of the registry: the ones `render --help` lists that render
formats=
for f in $("$gongkai" render --help 2>&1 | sed -n '/^Formats/,$ s/^  \([a-z][a-z]*\)  .*/\1/p'); do
  "$gongkai" render "$root/samples/quyang-2020-budget.json" -o "$tmp/probe" --format "$f" >/dev/null 2>&1 &&
    formats=${formats:+$formats,}$f
done
[ -n "$formats" ] || formats=docx
all=$formats
[ -n "$sweep_formats" ] || sweep_formats=$formats

echo "gongkai $("$gongkai" --version | cut -d' ' -f2), $(nproc) cores, formats $formats, load $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s%N; }

echo "per report, one core, the seed-000 budget (process included, 21 runs):"
for fmt in $(echo $formats | tr , ' ') $all; do
  for i in $(seq 21); do
    start=$(now)
    "$gongkai" render "$root/samples/quyang-2020-budget.json" -o "$tmp/one" --format $fmt >/dev/null 2>&1
    end=$(now)
    echo $(((end - start) / 1000))
  done > "$tmp/t-$fmt"
  ms=$(median < "$tmp/t-$fmt" | awk '{printf "%.1f", $1 / 1000}')
  /usr/bin/time -f '%M' -o "$tmp/rss" "$gongkai" render "$root/samples/quyang-2020-budget.json" -o "$tmp/one" \
    --format $fmt >/dev/null 2>&1
  echo "  $fmt: median $ms ms, peak RSS $(($(tail -1 "$tmp/rss") / 1024)) MiB"
done

echo "a county of 200 departments, per report in a batch worker (-j 1), against the floor:"
for fmt in $(echo $formats | tr , ' '); do
  start=$(now)
  "$gongkai" batch "$tmp/county" -o "$tmp/f-$fmt" -j 1 --format $fmt --force 2>/dev/null
  end=$(now)
  # the floor: the same documents' streams deflated alone (20 of them)
  fl=$(python3 "$root/bench/streams.py" $(ls "$tmp/f-$fmt"/*.$fmt | head -20) | "$tmp/floor" 5)
  kib=$(du -cb "$tmp/f-$fmt"/*.$fmt | tail -1 | awk '{printf "%.0f", $1 / 1024 / 200}')
  echo "$fl" | awk -v t=$(((end - start) / 1000)) -v f=$fmt -v kib=$kib '{
    ms = t / 1000 / 200
    if ($4 == 0) { printf "  %s: %.2f ms per report, %s KiB (nothing to deflate)\n", f, ms, kib; exit }
    printf "  %s: %.2f ms per report, %s KiB; floor (deflating its %.0f KiB alone): libdeflate 6 %.2f ms (%.1f times), zlib 9 %.2f ms\n",
      f, ms, kib, $4 / 1024, $2, ms / $2, $3 }'
done
for j in 1 2; do
  start=$(now)
  /usr/bin/time -f '%M' -o "$tmp/rss-$j" "$gongkai" batch "$tmp/county" -o "$tmp/out-$j" -j $j --format $all --force \
    2>/dev/null
  end=$(now)
  awk -v t=$(((end - start) / 1000)) -v j=$j -v rss="$(tail -1 "$tmp/rss-$j")" \
    'BEGIN { t /= 1e6; printf "  all formats, -j %d: %.2f s, %.1f departments per second, peak RSS of a worker %d MiB\n", j, t, 200 / t, rss / 1024 }'
done

# the sweep: one department of N projects; the cost per page must not grow with N
echo "the sweep, the budget with N projects (Ir: instructions; marginal: over the 1-project document):"
python3 "$root/bench/sweep.py" "$root/samples/quyang-2020-budget.json" "$tmp/sweep" 1 5 20 80 320 1280
for fmt in $(echo $sweep_formats | tr , ' '); do
  for f in "$tmp"/sweep/*.json; do
    n=$(basename "$f" .json | sed 's/projects-0*//')
    "$gongkai" render "$f" -o "$tmp/sw-pdf" --format pdf >/dev/null 2>&1
    pages=$(pdfinfo "$tmp/sw-pdf/$(basename "$f" .json).pdf" | awk '/^Pages:/ {print $2}')
    start=$(now)
    "$gongkai" render "$f" -o "$tmp/sw" --format $fmt >/dev/null 2>&1
    end=$(now)
    ir=0
    if command -v valgrind >/dev/null; then
      ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$gongkai" render "$f" -o "$tmp/sw" --format $fmt 2>&1 |
        awk '/Collected/ {print $4}')
    fi
    echo "$n $pages $ir $(((end - start) / 1000))"
  done | sort -n | awk -v f=$fmt '
    NR == 1 { p1 = $2; i1 = $3; t1 = $4 }
    { m = $2 > p1 ? sprintf("%5.2f M", ($3 - i1) / ($2 - p1) / 1e6) : "      -"
      printf "  %s, %4d projects, %3d pages: %6.2f M Ir per page, marginal %s; %.2f ms per page\n",
        f, $1, $2, $3 / $2 / 1e6, m, $4 / 1000 / $2 }'
done

if $province; then
  python3 "$root/bench/county.py" "$root/samples" "$tmp/province" 10000
  start=$(now)
  /usr/bin/time -f '%M' -o "$tmp/rss-p" "$gongkai" batch "$tmp/province" -o "$tmp/out-p" -j 2 --format $all --force \
    2>/dev/null
  end=$(now)
  awk -v t=$(((end - start) / 1000)) -v rss="$(tail -1 "$tmp/rss-p")" \
    'BEGIN { t /= 1e6; printf "  a province of 10 000 departments, all formats, -j 2: %.0f s, peak RSS of a worker %d MiB\n", t, rss / 1024 }'
  rm -rf "$tmp/province" "$tmp/out-p"
fi

# LibreOffice, one warm instance, 20 documents
if command -v soffice >/dev/null && [ -f "$tmp/t-pdf" ] && [ -d "$tmp/f-docx" ]; then
  mkdir "$tmp/lo"
  ls "$tmp"/f-docx/*.docx | head -20 | xargs -I{} cp {} "$tmp/lo/"
  soffice --headless --convert-to pdf --outdir "$tmp/lo-warm" "$tmp/lo/$(ls "$tmp/lo" | head -1)" >/dev/null 2>&1
  start=$(now)
  soffice --headless --convert-to pdf --outdir "$tmp/lo-out" "$tmp"/lo/*.docx >/dev/null 2>&1
  end=$(now)
  lo=$(((end - start) / 1000 / 20))
  ours=$(median < "$tmp/t-pdf")
  awk -v lo="$lo" -v us="$ours" \
    'BEGIN { printf "  LibreOffice --convert-to pdf: %.0f ms per document (20 in one instance), %.0f times gongkai pdf\n", lo / 1000, lo / us }'
else
  echo "  LibreOffice: not installed (or no docx and pdf to compare)"
fi
if node -e "require('@myriaddreamin/typst-ts-node-compiler')" 2>/dev/null; then
  echo "  Typst: installed, but no Typst source of the report is made here yet"
else
  echo "  Typst (@myriaddreamin/typst-ts-node-compiler): not installed"
fi
