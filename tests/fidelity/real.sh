#!/bin/sh
# real.sh GONGKAI FIDELITY SOURCE_DIR OUT_DIR NAME PROFILE MIN
# Issue 13's proof on a real document that the built-in templates were not
# written from: tests/inputs/NAME.json checks clean with profiles/PROFILE and,
# rendered as plain text with that profile alone (no template of the source
# tree), reads like tests/fidelity/seed-*-NAME.txt at a similarity of at least
# MIN. README.md beside this file gives the source address and the corrections.
set -eu
gongkai=$1 fidelity=$2 src=$3 out=$4 name=$5 profile=$6 min=$7
mkdir -p "$out"
"$gongkai" check --profile "$src/profiles/$profile" "$src/tests/inputs/$name.json"
"$gongkai" render "$src/tests/inputs/$name.json" -o "$out" --format txt --profile "$src/profiles/$profile"
set -- "$src"/tests/fidelity/seed-*-"$name".txt
"$fidelity" "$1" "$out/$name.txt" "$min"
