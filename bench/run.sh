#!/bin/sh
# bench/run.sh [--no-province] [--sweep-formats LIST] [GONGKAI] — how fast
# gongkai makes a county's and a province's documents, and how far each
# format is from its floor. Unattended; prints Markdown tables that can
# replace README's "Speed" section. Every format of the registry:
#  - per report, one process, the seed-000 budget (process start
#    included): median wall clock of 21 runs, peak RSS, and instructions
#    (valgrind --tool=callgrind: repeatable on a busy machine);
#  - a county of 200 departments (synthetic, bench/county.py): batch -j 1
#    per format, milliseconds per report, against the floor measured in the
#    same run (deflating the same streams alone with libdeflate 6,
#    bench/streams.py and bench/floor.c); and the same in instructions: a
#    batch worker's per report (callgrind, the first 20 departments) against
#    libdeflate's own instructions deflating their streams;
#  - all formats with -j 1 and -j 2; a province of 10 000 departments in all
#    formats with -j 2 and the peak RSS of its largest process (parent or a worker:
#    getrusage of the children reports the largest) (--no-province: not);
#  - the sweep of 1-1 280 projects (bench/sweep.py): instructions per PDF
#    page, the marginal cost over the 1-project document (which leaves out
#    the process's start) and its ratio at 1 280 to that at 20;
#  - the peers where installed: LibreOffice converting the same DOCX files
#    to PDF; Typst (npm @myriaddreamin/typst-ts-node-compiler) setting the
#    report's text.
# GK_BENCH_QUICK=1: a small run of every part (county 20, province 100,
# sweep to 80 projects, 3 runs, 3 departments under callgrind), to know it
# finishes. GK_BENCH_COUNTY, GK_BENCH_PROVINCE, GK_BENCH_CG (departments
# under callgrind), GK_BENCH_SWEEP (the projects, "1 20 1280"): the sizes.
# Typst is found by node's require (NODE_PATH for a local npm install).
# Needs the set-up of the test command (.ci/setup --tests), valgrind and a
# C compiler with libdeflate and zlib. Not a test: it prints numbers.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
province=true
sweep_formats=
while [ $# -gt 0 ]; do
  case $1 in
  --province) province=true; shift ;;
  --no-province) province=false; shift ;;
  --sweep-formats) sweep_formats=$2; shift 2 ;;
  *) break ;;
  esac
done
gongkai=${1:-$root/build/generator/gongkai}
if [ "${GK_BENCH_QUICK:-0}" = 1 ]; then
  county_n=20 province_n=100 cg_n=3 runs=3 sweep="1 5 20 80" lo_n=3
else
  county_n=200 province_n=10000 cg_n=20 runs=21 sweep="1 5 20 80 320 1280" lo_n=20
fi
county_n=${GK_BENCH_COUNTY:-$county_n}
province_n=${GK_BENCH_PROVINCE:-$province_n}
cg_n=${GK_BENCH_CG:-$cg_n}
sweep=${GK_BENCH_SWEEP:-$sweep}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$root/bench/county.py" "$root/samples" "$tmp/county" "$county_n"
cc -O2 -o "$tmp/floor" "$root/bench/floor.c" -ldeflate -lz
have_vg=false
command -v valgrind >/dev/null && have_vg=true

# the formats of the registry: the ones `render --help` lists that render
formats=
for f in $("$gongkai" render --help 2>&1 | sed -n '/^Formats/,$ s/^  \([a-z][a-z]*\)  .*/\1/p'); do
  "$gongkai" render "$root/samples/quyang-2020-budget.json" -o "$tmp/probe" --format "$f" >/dev/null 2>&1 &&
    formats=${formats:+$formats,}$f
done
[ -n "$formats" ] || formats=docx
all=$formats
[ -n "$sweep_formats" ] || sweep_formats=$formats

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s%N; }
# ir CMD…: the instructions of a run (0 without valgrind)
ir() {
  if $have_vg; then
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/Collected/ {print $4}'
  else
    echo 0
  fi
}

echo "## Speed"
echo
echo "bench/run.sh, $(date -u +%Y-%m-%d), gongkai $("$gongkai" --version | cut -d' ' -f2), $(nproc) cores," \
  "load at the start $(cut -d' ' -f1-3 /proc/loadavg); formats $formats. Instructions (Ir) are callgrind's" \
  "and do not depend on the machine's load; milliseconds do."
echo
echo "Per report, one process, the seed-000 budget (process start included; median of $runs runs):"
echo
echo "| format | ms | peak RSS MiB | M Ir |"
echo "|---|---:|---:|---:|"
q=$root/samples/quyang-2020-budget.json
for fmt in $(echo $formats | tr , ' '); do
  for i in $(seq $runs); do
    start=$(now)
    "$gongkai" render "$q" -o "$tmp/one" --format $fmt >/dev/null 2>&1
    end=$(now)
    echo $(((end - start) / 1000))
  done > "$tmp/t-$fmt"
  ms=$(median < "$tmp/t-$fmt" | awk '{printf "%.1f", $1 / 1000}')
  /usr/bin/time -f '%M' -o "$tmp/rss" "$gongkai" render "$q" -o "$tmp/one" --format $fmt >/dev/null 2>&1
  i1=$(ir "$gongkai" render "$q" -o "$tmp/one" --format $fmt)
  echo "| $fmt | $ms | $(($(tail -1 "$tmp/rss") / 1024)) | $(awk -v i="$i1" 'BEGIN {printf "%.1f", i / 1e6}') |"
done
echo

# the first cg_n departments, for callgrind
mkdir "$tmp/cgc"
for f in $(ls "$tmp/county" | head -n "$cg_n"); do cp "$tmp/county/$f" "$tmp/cgc/"; done
echo "A county of $county_n departments, batch -j 1, per report in a batch worker, against the floor (deflating"
echo "the same documents' streams alone, libdeflate 6). Wall clock over the county; instructions over its first"
echo "$cg_n departments (the worker's, callgrind; the floor: libdeflate_deflate_compress alone):"
echo
echo "| format | ms per report | floor ms | ratio | M Ir per report | floor M Ir | ratio | KiB | zlib 9 floor ms |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for fmt in $(echo $formats | tr , ' '); do
  start=$(now)
  "$gongkai" batch "$tmp/county" -o "$tmp/f-$fmt" -j 1 --format $fmt --force >"$tmp/county.log" 2>&1 || {
    tail -5 "$tmp/county.log" >&2
    echo "bench: the county's batch as $fmt failed (bench/county.py must make valid departments)" >&2
    exit 1
  }
  end=$(now)
  fl=$(python3 "$root/bench/streams.py" $(ls "$tmp/f-$fmt"/*.$fmt | head -20) | "$tmp/floor" 5)
  kib=$(du -cb "$tmp/f-$fmt"/*.$fmt | tail -1 | awk -v n="$county_n" '{printf "%.0f", $1 / 1024 / n}')
  wir=0 fir=0
  if $have_vg; then
    rm -rf "$tmp/cg" "$tmp/cgo"
    mkdir "$tmp/cg"
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg/%p.out" "$gongkai" batch "$tmp/cgc" -o "$tmp/cgo" -j 1 \
      --format $fmt --force >/dev/null 2>&1 &
    vp=$!
    wait $vp || true
    # the workers: every process but the parent
    wir=$(for f in "$tmp"/cg/*.out; do [ "$f" = "$tmp/cg/$vp.out" ] || sed -n 's/^summary: //p' "$f"; done |
      awk -v n="$cg_n" '{s += $1} END {printf "%.0f", s / n}')
    python3 "$root/bench/streams.py" "$tmp"/cgo/*.$fmt | valgrind --tool=callgrind \
      --toggle-collect=libdeflate_deflate_compress --callgrind-out-file="$tmp/fl.out" "$tmp/floor" 1 ld >/dev/null 2>&1
    fir=$(sed -n 's/^summary: //p' "$tmp/fl.out" | awk -v n="$cg_n" '{printf "%.0f", $1 / n}')
  fi
  echo "$fl" | awk -v t=$(((end - start) / 1000)) -v f=$fmt -v kib=$kib -v n="$county_n" -v wir="$wir" -v fir="$fir" '
    function r(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "-" }
    { ms = t / 1000 / n
      fl = "-"; fr = "-"; fz = "-"; fi = "-"
      if ($4 > 0) { fl = sprintf("%.2f", $2); fr = r(ms, $2); fz = sprintf("%.2f", $3) }
      if (fir > 0) fi = sprintf("%.1f", fir / 1e6)
      printf "| %s | %.2f | %s | %s | %.1f | %s | %s | %s | %s |\n", f, ms, fl, fr, wir / 1e6, fi, r(wir, fir), kib, fz }'
done
echo

echo "All formats at once:"
echo
echo "| run | departments | s | departments per second | peak RSS of the largest process (parent or a worker) MiB |"
echo "|---|---:|---:|---:|---:|"
# Each run writes a folder of its own, removed only at the end: on ext4
# without a journal, every inode freed in the last minute (or six, while
# its block is unwritten) is stepped past on each file created, so
# removing one run's outputs would slow the next run down.
batch_all() { # NAME DIR N J
  out=$tmp/out-$3-j$4
  start=$(now)
  /usr/bin/time -f '%M' -o "$tmp/rss-b" "$gongkai" batch "$2" -o "$out" -j $4 --format $all --force \
    >/dev/null 2>&1 || echo "  (batch $1 exited non-zero)" >&2
  end=$(now)
  awk -v t=$(((end - start) / 1000)) -v name="$1" -v n=$3 -v rss="$(tail -1 "$tmp/rss-b")" \
    'BEGIN { t /= 1e6; printf "| %s | %d | %.1f | %.1f | %d |\n", name, n, t, n / t, rss / 1024 }'
}
batch_all "county, -j 1" "$tmp/county" "$county_n" 1
batch_all "county, -j 2" "$tmp/county" "$county_n" 2
if $province; then
  python3 "$root/bench/county.py" "$root/samples" "$tmp/province" "$province_n"
  batch_all "province, -j 2" "$tmp/province" "$province_n" 2
fi
echo

# the sweep: one department of N projects; the cost per page must not grow with N
echo "The sweep, the budget with N projects, per PDF page (marginal: over the 1-project document):"
echo
echo "| format | projects | pages | M Ir per page | marginal M Ir per page | ms per page |"
echo "|---|---:|---:|---:|---:|---:|"
python3 "$root/bench/sweep.py" "$q" "$tmp/sweep" $sweep
for fmt in $(echo $sweep_formats | tr , ' '); do
  for f in "$tmp"/sweep/*.json; do
    n=$(basename "$f" .json | sed 's/projects-0*//')
    "$gongkai" render "$f" -o "$tmp/sw-pdf" --format pdf >/dev/null 2>&1
    pages=$(pdfinfo "$tmp/sw-pdf/$(basename "$f" .json).pdf" | awk '/^Pages:/ {print $2}')
    start=$(now)
    "$gongkai" render "$f" -o "$tmp/sw" --format $fmt >/dev/null 2>&1
    end=$(now)
    echo "$n $pages $(ir "$gongkai" render "$f" -o "$tmp/sw" --format $fmt) $(((end - start) / 1000))"
  done | sort -n | awk -v f=$fmt '
    NR == 1 { p1 = $2; i1 = $3 }
    { m = $2 > p1 ? ($3 - i1) / ($2 - p1) / 1e6 : 0
      if ($1 == 20) m20 = m
      last = m; lastn = $1
      ms = "-"
      if (m > 0) ms = sprintf("%.2f", m)
      printf "| %s | %d | %d | %.2f | %s | %.2f |\n", f, $1, $2, $3 / $2 / 1e6, ms, $4 / 1000 / $2 }
    END { if (m20 > 0 && lastn > 20)
            printf "%s: marginal cost per page at %d projects / at 20: %.2f\n", f, lastn, last / m20 > "/dev/stderr" }' \
    2>>"$tmp/ratios"
done
echo
sed 's/^/- /' "$tmp/ratios"
echo

echo "Peers, in the same run:"
echo
if command -v soffice >/dev/null && [ -d "$tmp/f-docx" ] && [ -f "$tmp/t-pdf" ]; then
  mkdir "$tmp/lo"
  ls "$tmp"/f-docx/*.docx | head -n "$lo_n" | xargs -I{} cp {} "$tmp/lo/"
  lo_n=$(ls "$tmp/lo" | wc -l)
  soffice --headless --convert-to pdf --outdir "$tmp/lo-warm" "$tmp/lo/$(ls "$tmp/lo" | head -1)" >/dev/null 2>&1 || true
  start=$(now)
  soffice --headless --convert-to pdf --outdir "$tmp/lo-out" "$tmp"/lo/*.docx >/dev/null 2>&1 || true
  end=$(now)
  lo=$(((end - start) / 1000 / lo_n))
  ours=$(median < "$tmp/t-pdf")
  awk -v lo="$lo" -v us="$ours" -v n="$lo_n" \
    'BEGIN { printf "- LibreOffice --convert-to pdf: %.0f ms per document (%d of the county in one instance), %.1f times gongkai pdf (%.1f ms, process included)\n", lo / 1000, n, lo / us, us / 1000 }'
else
  echo "- LibreOffice: not installed (or no docx and pdf to compare)"
fi
if node -e "require('@myriaddreamin/typst-ts-node-compiler')" 2>/dev/null && [ -f "$tmp/t-pdf" ]; then
  "$gongkai" render "$q" -o "$tmp/ty" --format txt >/dev/null 2>&1
  # the report's text as Typst paragraphs (no tables): a lower bound of
  # what Typst would take for the report
  python3 - "$tmp/ty/quyang-2020-budget.txt" "$tmp/ty/report.typ" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
esc = lambda s: "".join("\\" + c if c in "\\#$*_`<>@[]=-+/~\"'" else c for c in s)
out = ['#set page(paper: "a4")', '#set text(font: ("Noto Serif CJK SC", "WenQuanYi Micro Hei", "AR PL UMing CN"), size: 16pt)']
out += [esc(p) + "\n" for p in text.split("\n") if p.strip()]
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out))
PY
  node -e '
const { NodeCompiler } = require("@myriaddreamin/typst-ts-node-compiler");
const fs = require("fs");
const src = fs.readFileSync(process.argv[1], "utf8");
const c = NodeCompiler.create({ workspace: process.argv[2] });
c.pdf({ mainFileContent: src });
const t = [];
for (let i = 0; i < 11; i++) { const s = process.hrtime.bigint(); c.pdf({ mainFileContent: src }); t.push(Number(process.hrtime.bigint() - s) / 1e6); }
t.sort((a, b) => a - b);
console.log(t[5].toFixed(1));' "$tmp/ty/report.typ" "$tmp/ty" > "$tmp/typst" 2>/dev/null || true
  if [ -s "$tmp/typst" ]; then
    awk -v ty="$(cat "$tmp/typst")" -v us="$(median < "$tmp/t-pdf")" \
      'BEGIN { printf "- Typst (typst-ts-node-compiler, warm, the report'"'"'s text without tables): %.1f ms per document, %.1f times gongkai pdf\n", ty, ty / (us / 1000) }'
  else
    echo "- Typst: installed, but compiling the report's text failed"
  fi
else
  echo "- Typst (@myriaddreamin/typst-ts-node-compiler): not installed"
fi
