#!/bin/sh
# Makes the seed corpora and dictionaries of the fuzzers from the source
# tree, at run time (nothing generated is committed):
#   OUT/json/      samples/*.json and tests/inputs/*.json
#   OUT/ini/       samples/*.ini
#   OUT/template/  templates/*.tmpl, each behind the byte that picks its model
#   OUT/pipeline/  all of the JSON and INI inputs
#   OUT/mutate/    edit lists of fuzz_mutate (fuzz_mutate.c says how they
#                  read): each sample unedited, with its amounts scaled,
#                  and with a CJK text added to one leaf (no other class,
#                  so that what the fuzzer finds it finds itself)
#   OUT/json.dict, OUT/ini.dict, OUT/template.dict   the field names and tokens
# usage: seed.sh SOURCE_DIR OUT
set -eu
src=$1
out=$2
mkdir -p "$out/json" "$out/ini" "$out/template" "$out/pipeline" "$out/mutate"
for f in "$src"/samples/*.json "$src"/tests/inputs/*.json; do
    cp "$f" "$out/json/"
    cp "$f" "$out/pipeline/"
done
for f in "$src"/samples/*.ini; do
    cp "$f" "$out/ini/"
    cp "$f" "$out/pipeline/"
done
# fuzz_template: '0' budget model, '1' goals, '2' selfeval
for f in "$src"/templates/*.tmpl; do
    name=$(basename "$f" .tmpl)
    case $name in
    goals) pick=1 ;;
    selfeval) pick=2 ;;
    *) pick=0 ;;
    esac
    { printf '%s' "$pick"; cat "$f"; } >"$out/template/$name"
done

# fuzz_mutate: byte 0 the sample (0 to 4: langfang, laoting, lunan, quyang,
# xianghe); "\000\003" scales the amounts by 10^3; "\001\000\012\001..."
# appends three CJK code points (class byte 0 and 1) to leaf 10, a text in each
for k in 0 1 2 3 4; do
    printf "\\00$k" >"$out/mutate/sample-$k"
    printf "\\00$k\\000\\003" >"$out/mutate/sample-$k-scaled"
    printf "\\00$k\\001\\000\\012\\001\\000\\002\\000\\000\\100\\310\\000\\001\\000\\000\\000\\002\\000\\000" \
        >"$out/mutate/sample-$k-cjk"
done

# dictionaries (libFuzzer's format; every byte written as \xHH): every
# member name the samples use, and the syntax of each language
entry() {
    printf '"'
    printf '%s' "$1" | od -An -v -tx1 | tr -s ' \n' '  ' | sed 's/^ //; s/ $//; s/ /\\x/g; s/^/\\x/'
    printf '"\n'
}
keys=$(cat "$src"/samples/*.json | grep -o '"[A-Za-z_$][A-Za-z0-9_]*" *:' | sed 's/ *:$//; s/"//g' | sort -u)
nl='
'
{
    for t in '{' '}' '[' ']' ':' ',' '"' 'null' 'true' 'false' '-0' '1e400' '0.000001' '\u0000' '\ud800'; do
        entry "$t"
    done
    for k in $keys; do entry "\"$k\""; done
} >"$out/json.dict"
{
    for t in '[' ']' '=' ':' ';' '#' '.' '.1' '.2' 'null' 'true' "$nl " "$(printf '\r')$nl"; do entry "$t"; done
    for k in $keys; do entry "$k"; done
} >"$out/ini.dict"
{
    for t in '{{' '}}' '{%' '%}' '{#' '#}' '|' ':' '==' '!=' '<=' '>=' '(' ')' 'not' 'and' 'or' 'if' 'elif' \
             'else' 'endif' 'for' 'in' 'endfor' 'include' 'loop.index' 'loop.first' 'loop.last' 'loop.count' \
             'wan' 'amt' 'num' 'round' 'pct' 'nz' 'abs' 'change' 'cn' 'date' 'minus' 'gloss' 'among' 'default' \
             '= ' '# ' '## ' '### ' '#### ' '#! ' '-1、' '-（一）' '<< ' '>> ' '^^ ' '[table widths=' \
             ' merge=' '[/table]' '|= ' '| ' ' | ' '\\' '[landscape]' '[/landscape]' '**' '.count' '.1'; do
        entry "$t"
    done
    for k in $keys; do entry "$k"; done
} >"$out/template.dict"
echo "seeded $out: $(ls "$out/json" | wc -l) json, $(ls "$out/ini" | wc -l) ini, $(ls "$out/template" | wc -l) templates, $(ls "$out/pipeline" | wc -l) pipeline inputs, $(ls "$out/mutate" | wc -l) edit lists"
