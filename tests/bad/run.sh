#!/bin/sh
# The bad-input corpus: runs gongkai on every case of tests/bad/cases and
# checks the exit status, the diagnostic (file, line, column, input path and
# message) and that it answered within the time and memory bounds.
#
# usage: run.sh GONGKAI MEASURE SOURCE_DIR MAX_SECONDS MAX_MIB [REPORT]
#   MEASURE    tests/bad/measure.c, built by ctest
#   MAX_*      the bound every case must stay within (wall-clock seconds and
#              peak resident memory); tests/CMakeLists.txt passes larger ones
#              for the sanitizer build
#   REPORT     optional file receiving the table of measurements
# The large inputs are made here at run time, in a temporary folder.
set -u

gongkai=$1
measure=$2
src=$3
max_s=$4
max_mib=$5
report=${6:-}
bad=$src/tests/bad
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0
cases=0

known=0
fail() {
    if [ "$known" -eq 1 ]; then
        echo "KNOWN FAILURE (pending a fix, see tests/bad/README.md): $*" >&2
        case_failed=1
        return
    fi
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# ---- the generated inputs: gen_NAME FILE ----

head_json='{
  "document": "goals",'
dept_json='  "department": {
    "name": "曲阳县委组织部",
    "level": "县",
    "year": 2020
  },'
perf_json='  "performance": {
    "overall": ["全面提高组织工作质量。"]
  },'

# a 1 MiB text as the department's name (line 4)
gen_string_1mib_json() {
    { printf '{\n  "document": "goals",\n  "department": {\n    "name": "'
      head -c 1048576 /dev/zero | tr '\0' x
      printf '",\n    "level": "县",\n    "year": 2020\n  }\n}\n'; } >"$1"
}
gen_string_1mib_ini() {
    { printf 'document = goals\n\n[department]\nname = '
      head -c 1048576 /dev/zero | tr '\0' x
      printf '\nlevel = 县\nyear = 2020\n'; } >"$1"
}
# 10 000 nested arrays (line 3)
gen_nesting_10000_json() {
    { printf '{\n  "document": "goals",\n  "x": '
      awk 'BEGIN { for (i = 0; i < 10000; i++) printf "["; for (i = 0; i < 10000; i++) printf "]" }'
      printf '\n}\n'; } >"$1"
}
# a section 10 000 levels deep: [x.1.1.1…] (line 2), and a key 12 levels
# deep in a section 22 levels deep (line 5): 34 levels
gen_nesting_10000_ini() {
    { printf 'document = goals\n[x'
      awk 'BEGIN { for (i = 0; i < 10000; i++) printf ".1" }'
      printf ']\nname = a\n[x.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1]\na.1.1.1.1.1.1.1.1.1.1.1 = b\n'; } >"$1"
}
# 100 000 projects, one a line; item 10 001 stands on line 10 013
gen_projects_100000_json() {
    { printf '%s\n%s\n%s\n  "projects": [\n' "$head_json" "$dept_json" "$perf_json"
      awk 'BEGIN { for (i = 1; i <= 100000; i++)
                     printf "    {\"name\": \"项目%d\", \"goals\": [\"g\"], \"indicators\": []}%s\n", i, i < 100000 ? "," : "" }'
      printf '  ]\n}\n'; } >"$1"
}
# the same at the limit, each project valid: 10 000 of them are fine
gen_projects_10000_json() {
    { printf '%s\n%s\n%s\n  "projects": [\n' "$head_json" "$dept_json" "$perf_json"
      awk 'BEGIN { for (i = 1; i <= 10000; i++)
                     printf "    {\"name\": \"项目%d\", \"budget\": \"%d.5\", \"goals\": [\"培训干部%d人次。\"], \"indicators\": [{\"level1\": \"产出指标\", \"level2\": \"数量指标\", \"name\": \"培训人次\", \"description\": \"\", \"value\": \"≥%d人次\", \"basis\": \"\"}]}%s\n", i, i, i, i, i < 10000 ? "," : "" }'
      printf '  ]\n}\n'; } >"$1"
}
# 100 000 [projects.N] sections of 4 lines; the key of section 10 001 is on
# line 40 005
gen_projects_100000_ini() {
    { printf 'document = goals\n[department]\nname = 曲阳县委组织部\n'
      awk 'BEGIN { for (i = 1; i <= 100000; i++) printf "[projects.%d]\nname = 项目%d\ngoals.1 = g\n\n", i, i }'
    } >"$1"
}
# one section with 500 000 keys k1 … k500000; k10001 is on line 10 003
gen_keys_500000_ini() {
    { printf 'document = goals\n[x]\n'
      awk 'BEGIN { for (i = 1; i <= 500000; i++) printf "k%d = v\n", i }'; } >"$1"
}
# an object with 100 000 members, one a line; member 10 001 on line 10 004
gen_members_100000_json() {
    { printf '{\n  "document": "goals",\n  "x": {\n'
      awk 'BEGIN { for (i = 1; i <= 100000; i++) printf "  \"k%d\": 0%s\n", i, i < 100000 ? "," : "" }'
      printf '  }\n}\n'; } >"$1"
}
# 9 999 unknown top-level fields (each a "did you mean" search, each an
# error): with "document", 10 000 members, the most an object may have
gen_unknown_10000_json() {
    { printf '{\n  "document": "goals",\n'
      awk 'BEGIN { for (i = 1; i <= 9998; i++) printf "  \"k%d\": 0,\n", i }'
      printf '  "y": 0\n}\n'; } >"$1"
}
# 17 MiB: a valid start, then white space
gen_file_17mib_json() {
    { printf '{"document": "goals"'
      head -c 17825792 /dev/zero | tr '\0' ' '
      printf '}\n'; } >"$1"
}
# one INI line of 1 MiB as the department's name (line 2)
gen_line_1mib_ini() {
    { printf '[department]\nname = '
      head -c 349525 /dev/zero | tr '\0' x | sed 's/x/组/g'
      printf '\n'; } >"$1"
}
# a department name of 300 characters (line 4)
gen_name_300_json() {
    { printf '{\n  "document": "goals",\n  "department": {\n    "name": "'
      awk 'BEGIN { for (i = 0; i < 300; i++) printf "组" }'
      printf '",\n    "level": "县",\n    "year": 2020\n  }\n}\n'; } >"$1"
}
gen_directory_json() { mkdir "$1"; }
# templates that nest without end (a goals.tmpl in a folder, for render-t:@NAME)
gen_tpl_parens() {
    mkdir -p "$1"
    awk 'BEGIN { printf "{{ "; for (i = 0; i < 100000; i++) printf "("; printf "1";
                 for (i = 0; i < 100000; i++) printf ")"; printf " }}\n" }' >"$1/goals.tmpl"
}
gen_tpl_nots() {
    mkdir -p "$1"
    awk 'BEGIN { printf "{%% if "; for (i = 0; i < 100000; i++) printf "not "; printf "true %%}x{%% endif %%}\n" }' \
        >"$1/goals.tmpl"
}
gen_tpl_ands() {
    mkdir -p "$1"
    awk 'BEGIN { printf "{%% if true"; for (i = 0; i < 100000; i++) printf " and true"; printf " %%}x{%% endif %%}\n" }' \
        >"$1/goals.tmpl"
}
gen_tpl_ifs() {
    mkdir -p "$1"
    awk 'BEGIN { for (i = 0; i < 100000; i++) print "{% if true %}"; for (i = 0; i < 100000; i++) print "{% endif %}" }' \
        >"$1/goals.tmpl"
}
gen_tpl_elifs() {
    mkdir -p "$1"
    awk 'BEGIN { print "{% if false %}"; for (i = 0; i < 100000; i++) print "{% elif false %}"; print "{% endif %}" }' \
        >"$1/goals.tmpl"
}
# eight loops over 10 projects, one inside the other: 10^8 lines
gen_tpl_loops() {
    mkdir -p "$1"
    awk 'BEGIN { for (i = 0; i < 8; i++) printf "{%% for p%d in projects %%}\n", i; print "{{ p0.name }}";
                 for (i = 0; i < 8; i++) print "{% endfor %}" }' >"$1/goals.tmpl"
}
gen_projects_10_json() {
    { printf '%s\n%s\n%s\n  "projects": [\n' "$head_json" "$dept_json" "$perf_json"
      awk 'BEGIN { for (i = 1; i <= 10; i++)
                     printf "    {\"name\": \"项目%d\", \"goals\": [\"g\"], \"indicators\": []}%s\n", i, i < 10 ? "," : "" }'
      printf '  ]\n}\n'; } >"$1"
}
gen_no_such_file_json() { :; }
gen_fifo_json() { mkfifo "$1"; }
gen_zero_json() { ln -s /dev/zero "$1"; }

# ---- batch (issue 17) ----
# manifests made in $tmp; the inputs their rows name are never rendered
# (each case is refused before that, or names a special file)
gen_fifo_csv() { mkfifo "$1"; }
gen_zero_csv() { ln -s /dev/zero "$1"; }
gen_urandom_json() { ln -s /dev/urandom "$1"; }
# a row naming a FIFO: hashing it must not wait for a writer
gen_fifo_row_csv() {
    [ -p "$tmp/fifo-row.json" ] || mkfifo "$tmp/fifo-row.json"
    printf 'input\nfifo-row.json\n' >"$1"
}
gen_urandom_row_csv() { printf 'input,name\n/dev/urandom,random\n' >"$1"; }
# a field of 70 000 bytes (line 2)
gen_field_70000_csv() {
    { printf 'input,name\nvalid-goals.json,'; head -c 70000 /dev/zero | tr '\0' x; printf '\n'; } >"$1"
}
# 10 001 departments, one too many: the CSV and the JSON limit are one
gen_rows_10001_csv() {
    { printf 'input,name\n'; awk 'BEGIN { for (i = 1; i <= 10001; i++) printf "valid-goals.json,d%d\n", i }'; } >"$1"
}
gen_rows_10001_json() {
    { printf '[\n'; awk 'BEGIN { for (i = 1; i <= 10001; i++) printf "{\"input\": \"valid-goals.json\", \"name\": \"d%d\"}%s\n", i, i < 10001 ? "," : "" }'
      printf ']\n'; } >"$1"
}
# 1 000 unnamed copies of one .ini, then two rows given one name (lines
# 1002 and 1003): the copies are renamed in one pass (q, q-ini, q-ini-2 …),
# not by sorting again after each rename, so the clash is found at once
gen_copies_1000_csv() {
    { printf 'input,name\n'; awk 'BEGIN { for (i = 1; i <= 1000; i++) print "copy.ini," }'
      printf 'valid-goals.json,zzz\nvalid-goals.json,zzz\n'; } >"$1"
}
# a manifest of 17 MiB: refused before it is parsed
gen_manifest_17mib_csv() { { printf 'input\n'; head -c 17825792 /dev/zero | tr '\0' '\n'; } >"$1"; }

# ---- the runner ----

trim() { printf '%s' "$1" | sed 's/^[ 	]*//; s/[ 	]*$//'; }

[ -n "$report" ] && printf '%-28s %-30s %4s %8s %9s\n' input command exit seconds "peak MiB" >"$report"
worst_s=0
worst_kib=0

# one_case — runs the case in $input, $command, … (set by the loop below)
one_case() {
    case $input in
    @*)
        name=${input#@}
        file=$tmp/$name
        if [ ! -e "$file" ]; then
            gen=gen_$(printf '%s' "$name" | tr '.-' '__')
            "$gen" "$file" || { fail "$input: cannot make it"; return; }
        fi
        ;;
    *) file=$bad/$input ;;
    esac
    out=$tmp/out.$cases
    case $command in
    check) set -- check "$file" ;;
    render) set -- render "$file" -o "$out" --format txt ;;
    render-t) set -- render "$file" -o "$out" --format txt --template-dir "$bad/templates" ;;
    render-t:@*)
        dir=$tmp/${command#render-t:@}
        [ -d "$dir" ] || "gen_$(printf '%s' "${command#render-t:@}" | tr '.-' '__')" "$dir"
        set -- render "$file" -o "$out" --format txt --template-dir "$dir" ;;
    render-t:*) set -- render "$file" -o "$out" --format txt --template-dir "$bad/${command#render-t:}" ;;
    # batch: INPUT is a manifest (or a folder); OUT is left for the checks below
    batch) set -- batch "$file" -o "$out" --format txt -j 2 ;;
    *) fail "$input: unknown command $command"; return ;;
    esac

    "$measure" "$tmp/used" "$max_s" "$gongkai" "$@" </dev/null >/dev/null 2>"$tmp/err"
    got=$?
    read -r secs kib <"$tmp/used" || { secs=0; kib=0; }
    mib=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
    [ -n "$report" ] && printf '%-28s %-30s %4s %8s %9s\n' "$input" "$command" "$got" "$secs" "$mib" >>"$report"
    worst_s=$(awk -v a="$worst_s" -v b="$secs" 'BEGIN { print (b > a ? b : a) }')
    [ "$kib" -gt "$worst_kib" ] && worst_kib=$kib

    if [ "$got" -eq 124 ]; then
        fail "$input ($command): still running after ${max_s}s"
        return
    fi
    if [ "$got" -ne "$status" ]; then
        fail "$input ($command): exit status $got, expected $status"
        show
        return
    fi
    if [ "$kib" -gt $((max_mib * 1024)) ]; then
        fail "$input ($command): used $mib MiB, more than the bound of $max_mib MiB"
    fi

    if [ "$where" = - ]; then
        if grep -q ': error: ' "$tmp/err"; then
            fail "$input ($command): an error where none was expected"
            show
        fi
        # a successful batch wrote its index; a successful render its file
        # and nothing else
        if [ "$command" = batch ]; then
            [ -f "$out/index.json" ] || fail "$input ($command): no index.json in '$(ls -A "$out" 2>&1)'"
        elif [ "$command" != check ] && [ "$status" -eq 0 ]; then
            stem=$(basename "$file")
            stem=${stem%.*}
            [ "$(ls "$out")" = "$stem.txt" ] || fail "$input ($command): the output folder holds '$(ls "$out")'"
        fi
        return
    fi
    # the expected line: FILE:WHERE: error: MESSAGE [PATH] (WHERE may hold
    # a '*' for a column that depends on the fix of a known failure)
    case $where in
    *:*:*) at="" ;;
    *) at="$file:" ;;
    esac
    found=0
    while IFS= read -r line; do
        # shellcheck disable=SC2027,SC2254 # WHERE is a pattern
        case $line in "$at"$where": error: "*) ;; *) continue ;; esac
        rest=${line#"$at"*": error: "}
        if [ "$path" = - ]; then
            case $rest in *' ['*']') continue ;; esac
            msg=$rest
        else
            # shellcheck disable=SC2027,SC2254 # the path column is a pattern
            case $rest in *" ["$path"]") ;; *) continue ;; esac
            msg=${rest%" ["*"]"}
        fi
        if printf '%s\n' "$msg" | grep -Eq -- "$message"; then
            found=1
            break
        fi
    done <"$tmp/err"
    if [ $found -eq 0 ]; then
        fail "$input ($command): no line '$at$where: error: …$message [$path]' in:"
        show
    fi
    # nothing is written for an input with errors; a batch refused as a whole
    # (exit 2) writes nothing, one with failed departments no document of them
    if [ "$command" = batch ]; then
        if [ "$status" -eq 2 ] && [ -e "$out" ]; then
            fail "$input ($command): a refused batch made its output folder: $(ls -A "$out")"
        elif [ -d "$out" ] && [ -n "$(find "$out" -name '*.txt')" ]; then
            fail "$input ($command): documents of a failed department: $(find "$out" -name '*.txt')"
        fi
    elif [ "$command" != check ] && [ -d "$out" ] && [ -n "$(ls -A "$out")" ]; then
        fail "$input ($command): the output folder is not empty: $(ls -A "$out")"
    fi
}

show() { sed 's/^/    /' "$tmp/err" | cut -c1-300 | head -20 >&2; }

pending=0
# tests/bad/cases, then the corpora of tests/bad/cases.d/*.cases (one per
# subject, so that work on different subjects adds to different files)
cat "$bad/cases" "$bad"/cases.d/*.cases >"$tmp/all-cases" 2>/dev/null || cat "$bad/cases" >"$tmp/all-cases"
while IFS='|' read -r input command status where path message; do
    input=$(trim "$input")
    case $input in '' | '#'*) continue ;; esac
    # "!INPUT": a known failure, waiting for a fix outside the files this
    # test may change; it runs, and is reported but does not fail the test
    known=0
    case $input in '!'*) known=1; input=${input#!} ;; esac
    command=$(trim "$command")
    status=$(trim "$status")
    where=$(trim "$where")
    path=$(trim "$path")
    message=$(trim "$message")
    cases=$((cases + 1))
    case_failed=0
    one_case
    rm -rf "$tmp/out.$cases"
    if [ "$known" -eq 1 ]; then
        pending=$((pending + 1))
        [ "$case_failed" -eq 0 ] && echo "NOTE: the known failure $input ($command) now passes: remove its '!' in tests/bad/cases" >&2
    fi
done <"$tmp/all-cases"

echo "bad inputs: $cases cases ($pending known failures pending a fix); at most ${worst_s}s and $((worst_kib / 1024)) MiB (bounds ${max_s}s, $max_mib MiB)"
[ -n "$report" ] && echo "measurements in $report"
if [ "$failures" -ne 0 ]; then
    echo "$failures of $cases bad-input cases failed" >&2
    exit 1
fi
