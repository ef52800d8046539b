#!/bin/sh
# The bad-input corpus: runs gongkai on every case of tests/bad/cases and
# checks the exit status, the diagnostic (file, line, column, input path and
# message) and that it answered within the time and memory bounds.
#
# usage: run.sh GONGKAI MEASURE SOURCE_DIR MAX_SECONDS MAX_MIB [REPORT]
#   MEASURE    tests/bad/measure.c, built by ctest
#   MAX_*      the bound every case must stay within (CPU seconds, user and
#              system, and peak resident memory); tests/CMakeLists.txt passes larger ones
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
unset epoch
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

# ---- model (issue 17) ----
# Variants of the check's own test inputs (tests/inputs/check-*.json), one
# figure or date changed in place by sed, so lines stay where they are.
check_budget=$src/tests/inputs/check-budget.json
check_selfeval=$src/tests/inputs/check-selfeval.json
# 数量 × 单价 = 10^12 × 10^12 (line 78: the amount); was exit 0
gen_proc_product_overflow_json() {
    sed 's/"quantity": "2"/"quantity": "1000000000000"/; s/"unit_price": "0.35"/"unit_price": "1000000000000"/' \
        "$check_budget" >"$1"
}
# 收入: 10^12 + 10^12 (line 10)
gen_income_overflow_json() {
    sed 's/"general_budget": "600.5"/"general_budget": "1000000000000"/; s/"fund_budget": "20"/"fund_budget": "1000000000000"/' \
        "$check_budget" >"$1"
}
# the 中小微 share summed over a unit's rows: 10^12 + 10^12 (line 90); was a
# silently stale unit total
gen_sme_overflow_json() {
    sed 's/"sme_reserved": "0.7"/"sme_reserved": "1000000000000"/; s/"funding": {"general": "3", "other": "1"}/&, "sme_reserved": "1000000000000"/' \
        "$check_budget" >"$1"
}
# linear rule from −10^12 to 10^12: the span was read uninitialised (row 1,
# actual 5×10^11% scores 3, stated 2; line 28)
gen_linear_span_json() {
    sed '/预算完成率/{s/"actual": "90%"/"actual": "500000000000%"/;n;s/"zero": "85", "full": "95"/"zero": "-1000000000000", "full": "1000000000000"/}' \
        "$check_selfeval" >"$1"
}
# target 0.000001, actual 10^12: the quotient overflowed and the stated
# score 7.5 was kept with exit 0 (line 47)
gen_target_quotient_json() {
    sed 's/"target": "≥20%", "actual": "15%"/"target": "0.000001", "actual": "1000000000000"/' "$check_selfeval" >"$1"
}
# deduct with limit −10^12 and actual 10^12 (row 3, line 32)
gen_deduct_wide_json() {
    sed '/三公经费变动率/{s/"actual": "2.5%"/"actual": "1000000000000%"/;n;s/"limit": "0"/"limit": "-1000000000000"/}' \
        "$check_selfeval" >"$1"
}
# dates: the budget base states no as_of and no period; add them (line 96
# for as_of, line 7 for the period)
as_of() { sed "s/\"stated_total\": \"542.75\",/& \"as_of\": \"$2\",/" "$check_budget" >"$1"; }
gen_feb_30_json() { as_of "$1" 2019-02-30; }
gen_feb_29_2019_json() { as_of "$1" 2019-02-29; }
gen_feb_29_2020_json() { as_of "$1" 2020-02-29; }
gen_feb_29_1900_json() { as_of "$1" 1900-02-29; }
gen_apr_31_json() { as_of "$1" 2019-04-31; }
gen_month_13_json() { as_of "$1" 2019-13-01; }
gen_year_0_json() { as_of "$1" 0000-12-31; }
gen_year_minus_5_json() { as_of "$1" -005-12-31; }
gen_as_of_future_json() { as_of "$1" 2021-01-01; }
gen_as_of_1920_json() { as_of "$1" 1920-12-31; }
gen_as_of_fullwidth_json() { as_of "$1" ２０１９-12-31; }
# 出国 10^12 + 公务用车 5.5: the “三公” total (line 47); was reported at
# 出国 as 'the sum is too large'
gen_three_public_overflow_json() { sed 's/"abroad": "0",/"abroad": "1000000000000",/' "$check_budget" >"$1"; }
gen_prior_same_year_json() { sed 's/"basic": "300",/"year": 2020, &/' "$check_budget" >"$1"; }
gen_prior_minus_5_json() { sed 's/"basic": "300",/"year": -5, &/' "$check_budget" >"$1"; }
period() { sed "s/\"contact\": \"张三\",/& \"period\": {\"from\": \"$2\", \"to\": \"$3\"},/" "$check_selfeval" >"$1"; }
gen_period_reversed_json() { period "$1" 2019-12-31 2019-01-01; }
gen_period_next_year_json() { period "$1" 2019-01-01 2020-06-30; }
gen_period_other_year_json() { period "$1" 2018-01-01 2018-12-31; }
gen_period_feb_29_json() { period "$1" 2019-01-01 2019-02-29; }
# 80 000 errors and 40 000 warnings whose order of finding is not the order
# of the file: the projects (checked first) stand after the procurement table
# (checked later), so an insertion sort moves each procurement error past
# 40 000 warnings (minutes with ASan). Four units of 10 000 rows sharing 99
# project names also exercise the one-预算资金-per-project check.
gen_errors_120000_json() {
    { printf '{\n  "document": "goals",\n  "department": {"name": "曲阳县委组织部", "level": "县", "year": 2020},\n'
      printf '  "performance": {"overall": ["全面提高组织工作质量。"]},\n'
      awk 'BEGIN { print "  \"procurement\": {\"units\": ["
                   for (u = 1; u <= 4; u++) {
                     printf "    {\"name\": \"单位%d\", \"items\": [\n", u
                     for (i = 1; i <= 10000; i++)
                       printf "      {\"project\": \"项目%d\", \"project_budget\": \"%d\", \"item\": \"纸\", \"quantity\": \"1\", \"unit_price\": \"1\", \"amount\": \"2\", \"funding\": {\"general\": \"1\"}}%s\n", i % 99, i % 99 + (i == 10000), i < 10000 ? "," : ""
                     printf "    ]}%s\n", u < 4 ? "," : "" }
                   print "  ]},"; print "  \"projects\": ["
                   for (p = 1; p <= 400; p++) {
                     printf "    {\"name\": \"项目%d\", \"goals\": [\"g\"], \"indicators\": [\n", p
                     for (i = 1; i <= 100; i++)
                       printf "      {\"level1\": \"x\", \"level2\": \"数量指标\", \"name\": \"a\", \"description\": \"\", \"value\": \"1\", \"basis\": \"\"}%s\n", i < 100 ? "," : ""
                     printf "    ]}%s\n", p < 400 ? "," : "" }
                   print "  ]"; print "}" }'; } >"$1"
}
# ---- tpl (issue 17) ----
# Templates and fontsets a hostile or careless user can point gongkai at
# (cases.d/tpl.cases). Template folders are for render-t:@NAME, fontsets for
# render-f:@NAME; "outside" files are made beside the folder, in $tmp.

# ten valid projects of one indicator each (a goals input)
gen_projects_10_valid_json() {
    { printf '%s\n%s\n%s\n  "projects": [\n' "$head_json" "$dept_json" "$perf_json"
      awk 'BEGIN { for (i = 1; i <= 10; i++)
                     printf "    {\"name\": \"项目%d\", \"budget\": \"%d.5\", \"goals\": [\"培训干部%d人次。\"], \"indicators\": [{\"level1\": \"产出指标\", \"level2\": \"数量指标\", \"name\": \"培训人次\", \"description\": \"\", \"value\": \"≥%d人次\", \"basis\": \"\"}]}%s\n", i, i, i, i, i < 10 ? "," : "" }'
      printf '  ]\n}\n'; } >"$1"
}
# an include that is a link to a file outside the folder
gen_tpl_link_out() {
    mkdir -p "$1"
    printf 'secret\n' >"$tmp/outside.tmpl"
    printf '= 标题\n{%% include "x" %%}\n' >"$1/goals.tmpl"
    ln -s ../outside.tmpl "$1/x.tmpl"
}
# the template itself a link leading out (to /etc/hostname)
gen_tpl_top_link_out() { mkdir -p "$1"; ln -s /etc/hostname "$1/goals.tmpl"; }
# the template a link to nothing: today the built-in one is used instead
gen_tpl_dangling() { mkdir -p "$1"; ln -s missing.tmpl "$1/goals.tmpl"; }
# the template a folder
gen_tpl_folder() { mkdir -p "$1/goals.tmpl"; }
# the template a link to /dev/zero (inside /dev, so: out of the folder)
gen_tpl_zero() { mkdir -p "$1"; ln -s /dev/zero "$1/goals.tmpl"; }
# an include that is a FIFO nobody writes to (line 2)
gen_tpl_fifo_include() {
    mkdir -p "$1"
    printf '= 标题\n{%% include "part-fifo" %%}\n' >"$1/goals.tmpl"
    mkfifo "$1/part-fifo.tmpl"
}
# a template of 5 MiB (a comment, then one line)
gen_tpl_5mib() {
    mkdir -p "$1"
    { printf '{# '; head -c 5242880 /dev/zero | tr '\0' x; printf ' #}\n= 标题\n'; } >"$1/goals.tmpl"
}
# a NUL byte on line 2
gen_tpl_nul() { mkdir -p "$1"; printf '= 标题\n正文\000后\n' >"$1/goals.tmpl"; }
# nine loops over ten projects, one inside the other, with empty bodies:
# 10^9 rounds that write nothing (column 196: the innermost loop)
gen_tpl_loops_empty() {
    mkdir -p "$1"
    awk 'BEGIN { for (i = 0; i < 9; i++) printf "{%% for p%d in projects %%}", i;
                 for (i = 0; i < 9; i++) printf "{%% endfor %%}"; print "" }' >"$1/goals.tmpl"
}
# includes that fan out: 100 includes of f1 on a line, each of 100 of f2, …
# down to f5: 10^10 includes of an empty template
gen_tpl_fanout() {
    mkdir -p "$1"
    for k in 0 1 2 3 4; do
        name=f$k; [ $k -eq 0 ] && name=goals
        awk -v n="f$((k + 1))" 'BEGIN { for (i = 0; i < 100; i++) printf "{%% include \"%s\" %%}", n; print "" }' >"$1/$name.tmpl"
    done
    : >"$1/f5.tmpl"
}
# 200 000 filters on one value, in two loops over the ten projects
gen_tpl_filters() {
    mkdir -p "$1"
    awk 'BEGIN { printf "{%% for a in projects %%}{%% for b in projects %%}{{ a.name"; for (i = 0; i < 200000; i++) printf " | nz";
                 print " }}{% endfor %}{% endfor %}" }' >"$1/goals.tmpl"
}
# "among" over a word list of 3 MiB in four loops over the ten projects:
# 10 000 scans of 3 MiB (30 GB) write nothing
gen_tpl_among() {
    mkdir -p "$1"
    { printf '{%% for a in projects %%}{%% for b in projects %%}{%% for c in projects %%}{%% for d in projects %%}'
      printf '{%% if a.name | among:"'; head -c 3145728 /dev/zero | tr '\0' x
      printf '" %%}y{%% endif %%}{%% endfor %%}{%% endfor %%}{%% endfor %%}{%% endfor %%}\n'; } >"$1/goals.tmpl"
}
# two equal texts of 1.5 MiB compared in the same four loops
gen_tpl_compare() {
    mkdir -p "$1"
    { printf '{%% for a in projects %%}{%% for b in projects %%}{%% for c in projects %%}{%% for d in projects %%}'
      printf '{%% if "'; head -c 1572864 /dev/zero | tr '\0' x; printf '" == "'; head -c 1572864 /dev/zero | tr '\0' x
      printf '" %%}{%% endif %%}{%% endfor %%}{%% endfor %%}{%% endfor %%}{%% endfor %%}\n'; } >"$1/goals.tmpl"
}
# one list of 100 000 items (five loops over the ten projects): numbering
# each item by counting those before it took 5 * 10^9 steps
gen_tpl_long_list() {
    mkdir -p "$1"
    awk 'BEGIN { print "= 标题"; for (i = 0; i < 5; i++) printf "{%% for p%d in projects %%}\n", i; print "-1、{{ p0.name }}";
                 for (i = 0; i < 5; i++) print "{% endfor %}" }' >"$1/goals.tmpl"
}
# eight loops over ten projects that each write a line: the output bound
gen_tpl_loops_lines() {
    mkdir -p "$1"
    awk 'BEGIN { for (i = 0; i < 8; i++) printf "{%% for p%d in projects %%}\n", i; print "{{ p0.name }}";
                 for (i = 0; i < 8; i++) print "{% endfor %}" }' >"$1/goals.tmpl"
}
# fontsets (render-f:@NAME): special files, a huge one, broken lines
gen_fs_fifo() { mkfifo "$1"; }
gen_fs_zero() { ln -s /dev/zero "$1"; }
gen_fs_folder() { mkdir -p "$1"; }
gen_fs_128kib() { head -c 131072 /dev/zero | tr '\0' '\n' >"$1"; }
# the default fontset with one line changed (line 19 is the title's size)
fs_edit() { sed "$2" "$src/fonts/default.fontset" >"$1"; }
gen_fs_size_300() { fs_edit "$1" '19s/.*/size = 300/'; }
gen_fs_size_text() { fs_edit "$1" '19s/.*/size = 二号/'; }
gen_fs_bold_maybe() { fs_edit "$1" '25s/.*/bold = maybe/'; }
gen_fs_unknown_key() { fs_edit "$1" '20s/.*/font = 宋体/'; }
gen_fs_unknown_role() { fs_edit "$1" '18s/.*/[subtitle]/'; }
gen_fs_bad_line() { fs_edit "$1" '21s/.*/宋体/'; }
gen_fs_long_line() { fs_edit "$1" "21s/.*/docx_alt = $(head -c 300 /dev/zero | tr '\0' x)/"; }
gen_fs_no_pdf() { fs_edit "$1" '23d'; }
gen_fs_nul() { { printf '[title]\nsize = 22\000\n'; cat "$src/fonts/default.fontset"; } >"$1"; }
# ---- text (issue 17) ----
# valid-goals.json (or .ini) with one text replaced by $3, a printf format
# whose octal escapes are the UTF-8 bytes of the code points: 总体目标 (JSON
# line 9, column 17; INI line 10, column 13) or the department's name (JSON
# line 4, column 13; INI line 5, column 8)
text_sub() {
    t=$(printf "$3")
    sed "s|$2|$t|" "$bad/valid-goals.${1##*.}" >"$1"
}
goal_is() { text_sub "$1" 全面提高组织工作质量。 "$2"; }
name_is() { text_sub "$1" 曲阳县委组织部 "$2"; }
# a flag (two regional indicators): libunibreak 1.1 aborted the PDF renderer
gen_text_flag_json() { goal_is "$1" '全面提高\360\237\207\250\360\237\207\263组织工作质量。'; }
# 5 000 flags in one text (40 000 bytes): one line-break run of 10 000 RI
gen_text_flags_5000_json() {
    f=$(awk 'BEGIN { for (i = 0; i < 5000; i++) printf "\\360\\237\\207\\250\\360\\237\\207\\263" }')
    goal_is "$1" "全面$f。"
}
# a ZWJ family, a thumbs-up with a skin tone, Extension B ideographs, Thai
gen_text_emoji_json() {
    goal_is "$1" '全面\360\237\221\250\342\200\215\360\237\221\251\360\237\221\215\360\237\217\273\360\240\200\200\360\252\233\226\340\270\240\340\270\262\340\270\251\340\270\262质量。'
}
gen_text_nel_json() { goal_is "$1" '全面\302\205提高'; }
gen_text_fdd0_json() { goal_is "$1" '全面\357\267\220提高'; }
gen_text_10ffff_json() { goal_is "$1" '全面提高\364\217\277\277'; }
gen_text_rlo_json() { goal_is "$1" '全面\342\200\256提高'; }
gen_text_rli_json() { goal_is "$1" '全面\342\201\247提高'; }
gen_text_ls_json() { goal_is "$1" '全面\342\200\250提高'; }
gen_text_bom_json() { goal_is "$1" '全面\357\273\277提高'; }
gen_text_tags_json() { goal_is "$1" '全面\363\240\201\250\363\240\201\251提高'; }
gen_text_fff9_json() { goal_is "$1" '全面\357\277\271提高'; }
gen_text_rlo_ini() { goal_is "$1" '全面\342\200\256提高'; }
gen_text_pua_json() { goal_is "$1" '全面\356\200\200提高'; }
gen_name_empty_json() { name_is "$1" ''; }
gen_name_3000_json() { name_is "$1" '\343\200\200\343\200\200'; }
gen_name_zwsp_json() { name_is "$1" '\342\200\213'; }
gen_name_inner_zwsp_json() { name_is "$1" '曲阳\342\200\213组织部'; }
gen_name_trailing_3000_json() { name_is "$1" '曲阳县委组织部\343\200\200'; }
gen_name_rlo_json() { name_is "$1" '\342\200\256部织组委县阳曲'; }
gen_name_3000_ini() { name_is "$1" '\343\200\200'; }
gen_goal_spaces_json() { text_sub "$1" 培训干部200人次。 '   '; }
# 160 000 distinct-as-can-be characters beyond the BMP (42 000 of CJK
# Extension B, no font has them), 640 KiB in 10 paragraphs: the characters no
# font has and their private-use codes were found by linear search, 10 s and
# more; LC_ALL=C so that awk writes the UTF-8 bytes as they are
gen_text_astral_640k_json() {
    { sed -n '1,8p' "$bad/valid-goals.json"
      printf '    "overall": [\n'
      LC_ALL=C awk 'BEGIN { for (p = 0; p < 10; p++) { printf "      \"";
          for (i = 0; i < 16000; i++) { c = 131072 + (p * 16000 + i) % 42000;
              printf "%c%c%c%c", 240 + int(c / 262144), 128 + int(c / 4096) % 64, 128 + int(c / 64) % 64, 128 + c % 64 }
          printf "\"%s\n", p < 9 ? "," : "" } }'
      printf '    ]\n'
      sed -n '10,$p' "$bad/valid-goals.json"; } >"$1"
}
# a text of 20 000 combining marks on one letter, and one of 7 000 emoji
# joined by ZWJ: no break opportunity in either (the line is cut)
gen_text_combining_json() {
    m=$(awk 'BEGIN { for (i = 0; i < 20000; i++) printf "\\314\\201" }')
    goal_is "$1" "全$m。"
}
gen_text_zwj_7000_json() {
    m=$(awk 'BEGIN { for (i = 0; i < 7000; i++) printf "\\360\\237\\221\\250\\342\\200\\215" }')
    goal_is "$1" "全$m。"
}
# 20 000 characters of Thai, broken by ICU's dictionary
gen_text_thai_json() {
    m=$(awk 'BEGIN { for (i = 0; i < 2800; i++) printf "\\340\\270\\240\\340\\270\\262\\340\\270\\251\\340\\270\\262\\340\\271\\204\\340\\270\\227\\340\\270\\242" }')
    goal_is "$1" "$m"
}
# input quoted in a diagnostic (a refused value, an unknown field's name)
# holding U+202E: shown as <U+202E>, so the line cannot read backwards
gen_enum_rlo_json() { text_sub "$1" '"goals",' '"goals\342\200\256",'; }
gen_key_rlo_json() { text_sub "$1" '"level"' '"lev\342\200\256el"'; }
gen_key_rlo_ini() { text_sub "$1" '^level' 'lev\342\200\256el'; }
# fontsets whose body font (line 32) or first body fallback (line 33) is a
# special file, for render-pdf-f:@NAME
fontset_with() { # FILE LINE FONT
    awk -v n="$2" -v t="$3" 'NR == n { sub(/=.*/, "= " t) } { print }' "$src/fonts/default.fontset" >"$1"
}
gen_font_fifo() { mkfifo "$tmp/font.fifo"; fontset_with "$1" 32 "$tmp/font.fifo"; }
gen_font_zero() { fontset_with "$1" 32 /dev/zero; }
gen_font_urandom() { fontset_with "$1" 32 /dev/urandom; }
gen_font_folder() { fontset_with "$1" 32 "$tmp"; }
gen_font_missing() { fontset_with "$1" 32 "$tmp/no-such-font.ttf"; }
gen_font_text() { fontset_with "$1" 32 "$src/README.md"; }
gen_font_129mib() { truncate -s 129M "$tmp/big.ttf"; fontset_with "$1" 32 "$tmp/big.ttf"; }
gen_font_fallback_fifo() { mkfifo "$tmp/fallback.fifo"; fontset_with "$1" 33 "$tmp/fallback.fifo, WenQuanYi Micro Hei"; }
gen_fontset_fifo() { mkfifo "$1"; }
gen_fontset_zero() { ln -s /dev/zero "$1"; }
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

# ---- template text (the input's character policy) ----
# goals.tmpl folders whose text holds what an input's text may not
gen_tpl_text() { mkdir -p "$1"; printf "$2" >"$1/goals.tmpl"; }
gen_tpl_bidi() { gen_tpl_text "$1" '= 标题\342\200\256反\n'; }
gen_tpl_bell() { gen_tpl_text "$1" '= 标题\n正文\007\n'; }
gen_tpl_nel() { gen_tpl_text "$1" '= 标题\n\n\n  \302\205\n'; }
gen_tpl_nonchar() { gen_tpl_text "$1" '= 标题\n{{ department.name }}\357\267\220\n'; }
gen_tpl_stray_bom() { gen_tpl_text "$1" '= 标\357\273\277题\n'; }
gen_tpl_lead_bom() { gen_tpl_text "$1" '\357\273\277= 标题\n'; }
gen_tpl_part_zwj_ok() { gen_tpl_text "$1" '= 标题\n{%% include "part-x" %%}\n'; printf '正文\342\200\215\n' >"$1/part-x.tmpl"; }
gen_tpl_part_esc() { gen_tpl_text "$1" '= 标题\n{%% include "part-x" %%}\n'; printf '正文\n\033[31m红\n' >"$1/part-x.tmpl"; }

# ---- xlsx ----
# the hostile workbooks of cases.d/xlsx.cases, made by tests/xlsx_bad.py
xlsx_bad() { python3 "$bad/../xlsx_bad.py" "$1" "$2"; }
gen_xlsx_valid_xlsx() { xlsx_bad xlsx-valid "$1"; }
gen_xlsx_shared_rich_xlsx() { xlsx_bad xlsx-shared-rich "$1"; }
gen_xlsx_formula_cached_xlsx() { xlsx_bad xlsx-formula-cached "$1"; }
gen_xlsx_year_text_xlsx() { xlsx_bad xlsx-year-text "$1"; }
gen_xlsx_amount_text_exact_xlsx() { xlsx_bad xlsx-amount-text-exact "$1"; }
gen_xlsx_amount_text_formatted_xlsx() { xlsx_bad xlsx-amount-text-formatted "$1"; }
gen_xlsx_row_extlst_xlsx() { xlsx_bad xlsx-row-extlst "$1"; }
gen_xlsx_amount_double_xlsx() { xlsx_bad xlsx-amount-double "$1"; }
gen_xlsx_formula_xlsx() { xlsx_bad xlsx-formula "$1"; }
gen_xlsx_error_cell_xlsx() { xlsx_bad xlsx-error-cell "$1"; }
gen_xlsx_date_as_name_xlsx() { xlsx_bad xlsx-date-as-name "$1"; }
gen_xlsx_date_1900_02_29_xlsx() { xlsx_bad xlsx-date-1900-02-29 "$1"; }
gen_xlsx_year_not_exact_xlsx() { xlsx_bad xlsx-year-not-exact "$1"; }
gen_xlsx_amount_text_inexact_xlsx() { xlsx_bad xlsx-amount-text-inexact "$1"; }
gen_xlsx_amount_places_xlsx() { xlsx_bad xlsx-amount-places "$1"; }
gen_xlsx_unknown_field_xlsx() { xlsx_bad xlsx-unknown-field "$1"; }
gen_xlsx_unknown_column_xlsx() { xlsx_bad xlsx-unknown-column "$1"; }
gen_xlsx_no_field_name_xlsx() { xlsx_bad xlsx-no-field-name "$1"; }
gen_xlsx_merged_xlsx() { xlsx_bad xlsx-merged "$1"; }
gen_xlsx_second_header_xlsx() { xlsx_bad xlsx-second-header "$1"; }
gen_xlsx_bad_index_xlsx() { xlsx_bad xlsx-bad-index "$1"; }
gen_xlsx_xxe_xlsx() { xlsx_bad xlsx-xxe "$1"; }
gen_xlsx_laughs_xlsx() { xlsx_bad xlsx-laughs "$1"; }
gen_xlsx_bomb_xlsx() { xlsx_bad xlsx-bomb "$1"; }
gen_xlsx_bomb_tags_xlsx() { xlsx_bad xlsx-bomb-tags "$1"; }
gen_xlsx_million_rows_xlsx() { xlsx_bad xlsx-million-rows "$1"; }
gen_xlsx_row_far_xlsx() { xlsx_bad xlsx-row-far "$1"; }
gen_xlsx_no_workbook_xlsx() { xlsx_bad xlsx-no-workbook "$1"; }
gen_xlsx_no_sheet_part_xlsx() { xlsx_bad xlsx-no-sheet-part "$1"; }
gen_xlsx_broken_xml_xlsx() { xlsx_bad xlsx-broken-xml "$1"; }
gen_xlsx_renamed_xls_xlsx() { xlsx_bad xlsx-renamed-xls "$1"; }
gen_xlsx_renamed_ods_xlsx() { xlsx_bad xlsx-renamed-ods "$1"; }
gen_xlsx_not_zip_xlsx() { xlsx_bad xlsx-not-zip "$1"; }

# ---- profiles ----
# issue 13: every check that can run runs, whatever else failed; the
# 截止时间 lies in the prior year or later; a change stated with the wrong
# sign; a 项目绩效目标表 against the 支出说明 (a table missing from the list
# needs two tables: tests/test_check.c). Variants of check-budget.json
# changed in place, so lines stay where they are.
# a refused 单位性质 (a number, line 7) and a “三公” total 7.75 stated as 8
# (line 47): the check still runs and reports the total (was: "the totals
# were not checked")
gen_refused_and_total_json() {
    sed 's/"nature": "行政"/"nature": 1/; s/"total": "7.75"/"total": "8"/' "$check_budget" >"$1"
}
# 截止时间 two years before the budget year 2020 (line 96); was accepted
gen_as_of_2017_json() { as_of "$1" 2017-12-31; }
gen_as_of_2019_01_json() { as_of "$1" 2019-01-01; }
# 基本支出 rose by 50.5 but is stated as -50.5 (line 31)
gen_change_sign_json() { sed 's/"stated_change_basic": "50.5"/"stated_change_basic": "-50.5"/' "$check_budget" >"$1"; }
# the list gives 党员教育 200 (line 20), its table 预算数 201 = 181 + 20
gen_table_amount_json() {
    sed 's/"budget": "200"/"budget": "201"/; s/"fiscal": "180"/"fiscal": "181"/' "$check_budget" >"$1"
}

# ---- stat (issue 11) ----
# tests/inputs/check-tables.json with one code changed in place by sed (lines
# stay where they are): the structure of the classified lines (classified.c)
check_tables=$src/tests/inputs/check-tables.json
gen_tables_code_letter_json() { sed 's/"code": "2013202"/"code": "201320X"/' "$check_tables" >"$1"; }
gen_tables_orphan_json() { sed 's/"code": "21208"/"code": "21209"/' "$check_tables" >"$1"; }
gen_tables_two_names_json() { sed 's/"code": "30102"/"code": "30101"/' "$check_tables" >"$1"; }
gen_tables_wrong_column_json() { sed 's/"public": "20.5"/"personnel": "20.5"/' "$check_tables" >"$1"; }
gen_tables_project_code_json() { sed 's/"function_code": "2120899"/"function_code": "2120898"/' "$check_tables" >"$1"; }

# ---- tpl2 ----
# profile folders (profile.ini, templates/README.md) and templates that bind
# names ({% set %}, include "with"), for render-t:@NAME (cases.d/tpl2.cases)
gen_tpl2_profile_typo() { mkdir -p "$1" && printf '[budget_2023]\ntitel = 预算公开说明\n' >"$1/profile.ini"; }
gen_tpl2_profile_fifo() { mkdir -p "$1" && mkfifo "$1/profile.ini"; }
gen_tpl2_profile_control() { mkdir -p "$1" && printf '[budget_2023]\ntitle = a\033b\n' >"$1/profile.ini"; }
gen_tpl2_profile_kind() { mkdir -p "$1" && printf '[templates]\ngoals = ../../etc/passwd\n' >"$1/profile.ini"; }
# 300 sets of new names in one template: past the 256 bound, an error at the 257th
gen_tpl2_many_sets() {
    mkdir -p "$1"
    { echo '{% document goals %}'; i=0; while [ $i -lt 300 ]; do echo "{% set v$i = $i %}"; i=$((i + 1)); done; } >"$1/goals.tmpl"
}
# a count passed down includes that call themselves twice each (2^16 rounds
# if unbounded): stopped at the include bound, 16 deep, not by time
gen_tpl2_set_fanout() {
    mkdir -p "$1"
    printf '{%% document goals %%}\n{%% set n = 0 %%}\n{%% include "part-a" with d = 0 %%}\n' >"$1/goals.tmpl"
    printf '{%% set n = n | minus:-1 %%}\n{%% include "part-a" with d = d %%}\n{%% include "part-a" with d = d %%}\n' >"$1/part-a.tmpl"
}

# ---- health ----
# font files cut short (a copy that stopped, a full disk): the default body
# font (gbsn00lp.ttf, found by fontconfig) cut at half and inside its table
# directory; refused by name, not taken for a font of another kind
font_cut() { # FILE BYTES: a fontset whose body font is the body font's first BYTES
    f=$(fc-match -f '%{file}' 'AR PL SungtiL GB')
    head -c "$2" "$f" >"$tmp/cut-$2.ttf"
    fontset_with "$1" 32 "$tmp/cut-$2.ttf"
}
gen_font_cut_half() { font_cut "$1" 2600000; }
gen_font_cut_directory() { font_cut "$1" 100; }

# ---- real ----
# a profile folder whose [templates] gives goals inputs a budget template
# (cases.d/real.cases)
gen_real_profile_kind() { mkdir -p "$1" && printf '; a goals input gets the 2023 budget document\n[templates]\ngoals = budget-2023\n' >"$1/profile.ini"; }

# ---- tables2 ----
# the 类 list of 表1 and 表4 (templates/classes.list): a 类 it lacks, and template
# folders whose classes.list is short or malformed (cases.d/tables2.cases)
gen_tables2_class_218_json() { sed 's/"code": "208/"code": "218/' "$check_tables" >"$1"; }
gen_tables2_classes_short() { mkdir -p "$1" && printf '[2025]\n201 = 一般公共服务支出\n208 = 社会保障和就业支出\n221 = 住房保障支出\n' >"$1/classes.list"; }
gen_tables2_classes_bad() { mkdir -p "$1" && printf '[2025]\n201 = 一般公共服务支出\n[20x]\n' >"$1/classes.list"; }
gen_tables2_classes_line() { mkdir -p "$1" && printf '[2025]\n201 = 一般公共服务支出\n2010 = 一般公共服务支出\n' >"$1/classes.list"; }

# ---- tables3 ----

# template folders whose budget.tmpl misuses [portrait] or len (cases.d/tables3.cases)
tables3_tmpl() { mkdir -p "$1" && printf '{%% document budget %%}\n%s\n' "$2" >"$1/budget.tmpl"; }
gen_tables3_nested() { tables3_tmpl "$1" '= x
[portrait]
[landscape]
[/landscape]
[/portrait]'; }
gen_tables3_mismatch() { tables3_tmpl "$1" '= x
[landscape]
[/portrait]'; }
gen_tables3_unclosed() { tables3_tmpl "$1" '= x
[portrait]'; }
gen_tables3_len() { tables3_tmpl "$1" '= {{ classified.total | len }}'; }

# ---- layout3 ----
# (cases.d/layout3.cases) tables the page breaks of issue 12 must split: a
# project whose one indicator row is some pages tall (its description 20 000
# characters), and one of 400 indicators of 3 lines each
layout3_project() { # FILE AWK-PROGRAM-FOR-THE-INDICATORS
    { printf '%s\n%s\n%s\n  "projects": [\n    {"name": "干部培训", "budget": "10.5", "goals": ["培训干部。"], "indicators": [\n' \
             "$head_json" "$dept_json" "$perf_json"
      awk "$2"
      printf '    ]}\n  ]\n}\n'; } >"$1"
}
gen_layout3_tall_row_json() {
    layout3_project "$1" 'BEGIN { s = ""; for (i = 0; i < 2000; i++) s = s "培训干部2019年12月"; printf "      {\"level1\": \"产出指标\", \"level2\": \"数量指标\", \"name\": \"培训人次\", \"description\": \"%s\", \"value\": \"≥300人次\", \"basis\": \"\"}\n", s }'
}
gen_layout3_rows_400_json() {
    layout3_project "$1" 'BEGIN { for (i = 1; i <= 400; i++) printf "      {\"level1\": \"产出指标\", \"level2\": \"数量指标\", \"name\": \"培训人次%d\", \"description\": \"全年培训干部不少于%d人次，截止时间：2019年12月31日，覆盖全县各乡镇\", \"value\": \"≥%d人次\", \"basis\": \"\"}%s\n", i, i, i, i < 400 ? "," : "" }'
}

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
    render-epoch:*) # render with SOURCE_DATE_EPOCH set to what follows the colon
        epoch=${command#render-epoch:}
        set -- render "$file" -o "$out" --format txt ;;
    render-f:@*)
        fs=$tmp/${command#render-f:@}
        [ -e "$fs" ] || [ -L "$fs" ] || "gen_$(printf '%s' "${command#render-f:@}" | tr '.-' '__')" "$fs"
        set -- render "$file" -o "$out" --format docx --fontset "$fs" ;;
    render-pdf) set -- render "$file" -o "$out" --format pdf ;;
    render-pdf-f:@*)
        fs=$tmp/${command#render-pdf-f:@}
        [ -e "$fs" ] || "gen_$(printf '%s' "${command#render-pdf-f:@}" | tr '.-' '__')" "$fs"
        set -- render "$file" -o "$out" --format pdf --fontset "$fs" ;;
    # batch: INPUT is a manifest (or a folder); OUT is left for the checks below
    batch) set -- batch "$file" -o "$out" --format txt -j 2 ;;
    *) fail "$input: unknown command $command"; return ;;
    esac

    if [ -n "${epoch+set}" ]; then
        SOURCE_DATE_EPOCH=$epoch "$measure" "$tmp/used" "$max_s" "$gongkai" "$@" </dev/null >/dev/null 2>"$tmp/err"
    else
        "$measure" "$tmp/used" "$max_s" "$gongkai" "$@" </dev/null >/dev/null 2>"$tmp/err"
    fi
    got=$?
    unset epoch
    read -r secs kib <"$tmp/used" || { secs=0; kib=0; }
    mib=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
    [ -n "$report" ] && printf '%-28s %-30s %4s %8s %9s\n' "$input" "$command" "$got" "$secs" "$mib" >>"$report"
    worst_s=$(awk -v a="$worst_s" -v b="$secs" 'BEGIN { print (b > a ? b : a) }')
    [ "$kib" -gt "$worst_kib" ] && worst_kib=$kib

    if [ "$got" -eq 124 ]; then
        fail "$input ($command): more than ${max_s}s of CPU time"
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
            ext=txt
            case $command in render-pdf*) ext=pdf ;; esac
            [ "$(ls -A "$out")" = "$stem.$ext" ] || fail "$input ($command): the output folder holds '$(ls "$out")'"
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
