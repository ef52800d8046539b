#!/bin/sh
# run.sh GONGKAI FIDELITY SOURCE_DIR OUT_DIR SAMPLE
# Renders samples/SAMPLE.json as plain text and compares it with its seed
# (tests/fidelity/seed-*-SAMPLE.txt, a copy of the published document). The
# differing lines are listed; README.md beside this file says why each is
# intended. Fails below a similarity of 0.95.
set -eu
gongkai=$1 fidelity=$2 src=$3 out=$4 sample=$5
mkdir -p "$out"
"$gongkai" render "$src/samples/$sample.json" -o "$out" --format txt
set -- "$src"/tests/fidelity/seed-*-"$sample".txt
"$fidelity" "$1" "$out/$sample.txt" 0.95
