#!/bin/sh
# The OFD's pages as a reader draws them look like the PDF's pages: ofd.js
# (fetch-ofdjs.sh) in Debian's headless chromium draws every page at 2 px a
# millimetre (view.html), pdftoppm draws the PDF at the same resolution
# (50.8 dpi), and compare.js scores each pair of pages by the correlation of
# their ink in 2 mm blocks. Every page must score at least MIN (below: the
# page is listed with its score), and each page must score lower against
# the next PDF page than against its own (a control that the measure tells
# pages apart). The pages side by side are left in OUT_DIR/SAMPLE/side/.
# usage: render.sh GONGKAI SOURCE_DIR OUT_DIR SAMPLE_FILE OFDJS_DIR MIN
set -u

prog=$1
src=$2
out=$3/$4
input=$src/samples/$4
name=$(basename "${4%.*}")
ofdjs=$5
min=$6

for tool in chromium node pdftoppm pdfinfo; do
    command -v $tool >/dev/null 2>&1 || { echo "render.sh: $tool is not installed (.ci/setup --tests)" >&2; exit 1; }
done
[ -s "$ofdjs/ofd.umd.min.js" ] || { echo "render.sh: no $ofdjs/ofd.umd.min.js (fetch-ofdjs.sh)" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out/side" || exit 1
"$prog" render "$input" -o "$out" --format ofd,pdf >/dev/null 2>"$out/err" ||
    { cat "$out/err" >&2; echo "FAIL: gongkai render $4" >&2; exit 1; }
cp "$src/tests/ofd/view.html" "$ofdjs/ofd.umd.min.js" "$out/"

# the pages' sizes in pixels at 2 px a millimetre, from the PDF
pages=$(pdfinfo "$out/$name.pdf" | sed -n 's/^Pages: *//p')
sizes=$(pdfinfo -f 1 -l "$pages" "$out/$name.pdf" |
        awk '/^Page +[0-9]+ size:/ { printf "%s%dx%d", (n++ ? "," : ""), $4 / 72 * 25.4 * 2 + 0.5, $6 / 72 * 25.4 * 2 + 0.5 }')
width=$(echo "$sizes" | tr ',' '\n' | cut -dx -f1 | sort -n | tail -1)
height=$(echo "$sizes" | tr ',' '\n' | awk -Fx '{ h += $2 } END { print h }')
pdftoppm -png -r 50.8 "$out/$name.pdf" "$out/pdf" || { echo "FAIL: pdftoppm" >&2; exit 1; }
# one screenshot of all the pages, one under the other; its own profile, so
# that runs in parallel do not share one
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --allow-file-access-from-files \
    --user-data-dir="$out/profile" --window-size="$width,$height" --virtual-time-budget=10000 \
    --screenshot="$out/ofd.png" "file://$out/view.html?file=$name.ofd&scale=2&from=0&to=100000" \
    >"$out/chromium.log" 2>&1
[ -s "$out/ofd.png" ] || { echo "FAIL: chromium made no screenshot:" >&2; tail -5 "$out/chromium.log" >&2; exit 1; }
rm -rf "$out/profile"
node "$src/tests/ofd/compare.js" "$out/ofd.png" "$out/pdf" "$sizes" "$min" "$out/side"
