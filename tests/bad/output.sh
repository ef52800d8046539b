#!/bin/sh
# Output is atomic and stays in its folder (tests/bad/README.md, "Output"):
#   - a failed render leaves an existing document as it was, and leaves no
#     partial or temporary file, whatever the reason: errors in the input or
#     the template, a full disk (a small tmpfs mounted here), a folder that
#     cannot be written (a read-only mount as root, chmod otherwise);
#   - a full disk and an unwritable folder are a clear error and exit 3;
#   - a document is named after the input file's stem and lands in the
#     output folder whatever that name is ('..', spaces, a leading '-',
#     a name too long for the file system), and nothing is written anywhere
#     else;
#   - a document gets the mode the umask gives, like any file the user
#     makes (0644 under umask 022), not a temporary file's 0600.
# usage: output.sh GONGKAI SOURCE_DIR
set -u
umask 022

gongkai=$1
src=$2
bad=$src/tests/bad
tmp=$(mktemp -d) || exit 1
lists=$(mktemp -d) || exit 1
mounts=""
cleanup() {
    for m in $mounts; do umount "$m" 2>/dev/null; done
    chmod -R u+w "$tmp" 2>/dev/null
    rm -rf "$tmp" "$lists"
}
trap cleanup EXIT INT TERM
failures=0
formats="txt docx pdf ofd"

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# run STATUS ARG… — runs gongkai (stderr in $tmp/err), fails unless it exits with STATUS
run() {
    want=$1
    shift
    "$gongkai" "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        fail "gongkai $* exited $got, expected $want"
        sed 's/^/    /' "$tmp/err" | head -10 >&2
    fi
}

has() {
    grep -Eq -- "$2" "$1" || fail "$3: no line matching '$2' in:$(printf '\n'; sed 's/^/    /' "$1" | head -10)"
}

# only DIR NAME… — fails unless the folder holds exactly these names
only() {
    dir=$1
    shift
    want=$(printf '%s\n' "$@" | LC_ALL=C sort)
    got=$(ls -A "$dir" | LC_ALL=C sort)
    [ "$got" = "$want" ] || fail "$dir holds '$(printf '%s ' $got)', expected '$(printf '%s ' $want)'"
}

# input NAME SOURCE — copies tests/bad/SOURCE (or samples/SOURCE) to $tmp/in/NAME
input() {
    mkdir -p "$tmp/in"
    if [ -f "$bad/$2" ]; then cp "$bad/$2" "$tmp/in/$1"; else cp "$src/samples/$2" "$tmp/in/$1"; fi
}

# reason FILE WHY WHAT — the error names the document that was not written,
# says it could not be written and why (the system's words), in every format.
reason() {
    has "$tmp/err" "^$1:0:0: error: cannot write.*$2" "$3"
}

# ---- an existing document survives a failed render ----

for fmt in $formats; do
    out=$tmp/keep-$fmt
    input x.json valid-goals.json
    run 0 render "$tmp/in/x.json" -o "$out" --format "$fmt"
    only "$out" "x.$fmt"
    mode=$(stat -c %a "$out/x.$fmt")
    [ "$mode" = 644 ] || fail "$fmt: x.$fmt has mode $mode, expected 644 under umask 022"
    cp "$out/x.$fmt" "$tmp/ref"
    inode=$(ls -i "$out/x.$fmt" | cut -d' ' -f1)
    # errors in the input: nothing is written
    input x.json number-minus-zero.json
    run 1 render "$tmp/in/x.json" -o "$out" --format "$fmt"
    cmp -s "$out/x.$fmt" "$tmp/ref" || fail "$fmt: an input with errors changed the existing x.$fmt"
    only "$out" "x.$fmt"
    # an error in the template: nothing is written
    input x.json valid-goals.json
    run 1 render "$tmp/in/x.json" -o "$out" --format "$fmt" --template-dir "$bad/templates"
    cmp -s "$out/x.$fmt" "$tmp/ref" || fail "$fmt: a template error changed the existing x.$fmt"
    only "$out" "x.$fmt"
    # a render that succeeds replaces the file by a rename: a new file, never
    # the old one truncated and rewritten in place
    input x.json langfang-2023-budget.json
    run 0 render "$tmp/in/x.json" -o "$out" --format "$fmt"
    only "$out" "x.$fmt"
    [ "$(ls -i "$out/x.$fmt" | cut -d' ' -f1)" != "$inode" ] || fail "$fmt: x.$fmt was rewritten in place"
    mode=$(stat -c %a "$out/x.$fmt")
    [ "$mode" = 644 ] || fail "$fmt: the replaced x.$fmt has mode $mode, expected 644"
    cmp -s "$out/x.$fmt" "$tmp/ref" && fail "$fmt: x.$fmt was not replaced"
done

# ---- the output folder cannot be made ----

input x.json valid-goals.json
: >"$tmp/a-file"
run 3 render "$tmp/in/x.json" -o "$tmp/a-file" --format txt
has "$tmp/err" "cannot create the directory $tmp/a-file" "output folder is a file"
run 3 render "$tmp/in/x.json" -o "$tmp/no/such/parent" --format txt
has "$tmp/err" "cannot create the directory $tmp/no/such/parent" "output folder's parent is missing"
[ -e "$tmp/no" ] && fail "a folder was made for a render that failed"

# ---- a full disk and an unwritable folder ----

# mount_tmpfs DIR OPTIONS — a tmpfs for this test; false when that is impossible
mount_tmpfs() {
    mkdir -p "$1"
    mount -t tmpfs -o "$2" gk-test "$1" 2>"$tmp/mount-err" || return 1
    mounts="$1 $mounts"
}

if mount_tmpfs "$tmp/disk" size=2m,mode=0755; then
    for fmt in $formats; do
        input x.json valid-goals.json
        run 0 render "$tmp/in/x.json" -o "$tmp/disk" --format "$fmt"
    done
    cp -r "$tmp/disk" "$tmp/disk-ref"
    # fill what is left
    cat /dev/zero >"$tmp/disk/filler" 2>/dev/null
    for fmt in $formats; do
        input x.json langfang-2023-budget.json
        run 3 render "$tmp/in/x.json" -o "$tmp/disk" --format "$fmt"
        reason "$tmp/disk/x.$fmt" "No space left on device" "$fmt on a full disk"
        cmp -s "$tmp/disk/x.$fmt" "$tmp/disk-ref/x.$fmt" || fail "$fmt: the full disk changed the existing x.$fmt"
        only "$tmp/disk" x.txt x.docx x.pdf x.ofd filler
        # a new document on a full disk: nothing at all
        input y.json valid-goals.json
        run 3 render "$tmp/in/y.json" -o "$tmp/disk" --format "$fmt"
        only "$tmp/disk" x.txt x.docx x.pdf x.ofd filler
    done
else
    echo "SKIP: cannot mount a tmpfs ($(cat "$tmp/mount-err")): the full-disk checks are skipped" >&2
fi

if [ "$(id -u)" -eq 0 ]; then
    # root writes through permissions: a read-only file system it is
    if mount_tmpfs "$tmp/ro" size=1m,mode=0755 && cp "$tmp/keep-txt/x.txt" "$tmp/ro/" &&
        mount -o remount,ro "$tmp/ro" 2>"$tmp/mount-err"; then
        for fmt in $formats; do
            input x.json valid-goals.json
            run 3 render "$tmp/in/x.json" -o "$tmp/ro" --format "$fmt"
            reason "$tmp/ro/x.$fmt" "Read-only file system" "$fmt, read-only folder"
            cmp -s "$tmp/ro/x.txt" "$tmp/keep-txt/x.txt" || fail "$fmt: the read-only folder's x.txt changed"
            only "$tmp/ro" x.txt
        done
    else
        echo "SKIP: cannot mount a read-only tmpfs ($(cat "$tmp/mount-err")): the unwritable-folder check is skipped" >&2
    fi
else
    mkdir "$tmp/ro"
    cp "$tmp/keep-txt/x.txt" "$tmp/ro/"
    chmod 555 "$tmp/ro"
    for fmt in $formats; do
        input x.json valid-goals.json
        run 3 render "$tmp/in/x.json" -o "$tmp/ro" --format "$fmt"
        reason "$tmp/ro/x.$fmt" "Permission denied" "$fmt, unwritable folder"
        only "$tmp/ro" x.txt
    done
    chmod 755 "$tmp/ro"
fi

# ---- documents stay in the output folder, whatever the input's name ----

# stays NAME EXPECTED — renders $tmp/names/NAME into $tmp/names/out and fails
# unless exactly EXPECTED appears there and nothing appears anywhere else
stays() {
    mkdir -p "$tmp/names/in"
    cp "$bad/valid-goals.json" "$tmp/names/in/$1"
    (cd "$tmp" && find . | LC_ALL=C sort) >"$lists/before"
    run 0 render "$tmp/names/in/$1" -o "$tmp/names/out" --format txt
    only "$tmp/names/out" "$2"
    (cd "$tmp" && find . | LC_ALL=C sort) >"$lists/after"
    # the only new entries are the output folder and the one document, and
    # the files of run itself
    extra=$(LC_ALL=C comm -13 "$lists/before" "$lists/after" | grep -vxF "./names/out" |
            grep -vxF "./names/out/$2" | grep -vxF -e ./out -e ./err)
    [ -z "$extra" ] || fail "rendering '$1' also made: $extra"
    rm -rf "$tmp/names/out" "$tmp/names/in/$1"
}
stays '...json' '...txt'                 # stem ".."
stays '..json' '..txt'                   # stem "."
stays '.json' '.json.txt'                # no stem: the whole name
stays '曲阳 县委 组织部.json' '曲阳 县委 组织部.txt'
stays '-o.json' '-o.txt'                 # rendered as ./-o.json below
stays 'a\b.json' 'a\b.txt'
stays "$(printf 'line\nbreak.json')" "$(printf 'line\nbreak.txt')"
stays '..\..\x.json' '..\..\x.txt'

# a leading '-': an option unless after "--" or written as a path
mkdir -p "$tmp/names/in"
cp "$bad/valid-goals.json" "$tmp/names/in/-x.json"
(cd "$tmp/names/in" && "$gongkai" render -x.json -o ../out --format txt >/dev/null 2>&1)
[ $? -eq 2 ] || fail "render -x.json is not a usage error"
(cd "$tmp/names/in" && "$gongkai" render -o ../out --format txt -- -x.json >/dev/null 2>"$tmp/err") ||
    fail "render -- -x.json failed: $(cat "$tmp/err")"
only "$tmp/names/out" -x.txt
rm -rf "$tmp/names/out"

# a directory named "..", and a path through it: the stem is the file's
mkdir -p "$tmp/names/in/sub"
cp "$bad/valid-goals.json" "$tmp/names/in/sub/../up.json"
run 0 render "$tmp/names/in/sub/../up.json" -o "$tmp/names/out" --format txt
only "$tmp/names/out" up.txt
rm -rf "$tmp/names/out"
# the input is a folder named like a document
run 3 render "$tmp/names/in/sub/.." -o "$tmp/names/out" --format txt
has "$tmp/err" "this is a folder, not a file" "input that is a folder"
[ -e "$tmp/names/out" ] && [ -n "$(ls -A "$tmp/names/out")" ] && fail "a folder as input wrote something"

# a name too long for the file system: a clear error, nothing written
long=$(awk 'BEGIN { for (i = 0; i < 250; i++) printf "x" }')
cp "$bad/valid-goals.json" "$tmp/names/in/$long.json"
run 3 render "$tmp/names/in/$long.json" -o "$tmp/names/out" --format txt
has "$tmp/err" "File name too long" "a stem too long for the file system"
[ -z "$(ls -A "$tmp/names/out" 2>/dev/null)" ] || fail "a failed render with a long name left: $(ls -A "$tmp/names/out")"

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) of the output failed" >&2
    exit 1
fi
echo "output: all checks passed"
