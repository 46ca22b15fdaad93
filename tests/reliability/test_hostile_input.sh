#!/bin/bash
# Hostile input: a generated tree of everything a corpus directory should not hold, and
# hostile queries. Every case must be reported and survived: dalil-index exits 0 or 1
# (never a signal, never a hang), within a memory bound; searches still work; and no
# escape sequence from a document or a file name reaches the output. docs/limits.md
# lists each case with its outcome.
# Usage: test_hostile_input.sh DALIL_INDEX DALIL_QUERY
# As root, the indexer runs without the capabilities that read any file (setpriv), so
# that unreadable files are unreadable to it too.
set -u
index_bin=$1 query_bin=$2
work=$(mktemp -d)
churner=
trap '[ -n "$churner" ] && kill "$churner" 2>/dev/null; chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
tree=$work/tree
mkdir -p "$tree"
. "$(dirname "$0")/../check.sh"
esc=$(printf '\033')

# ---- The tree ------------------------------------------------------------------
printf 'Plain article\n\nA normal article about Tripoli and hostilewordone.\n' > "$tree/normal.txt"
head -c 65536 /dev/urandom > "$tree/random-binary.txt"
printf 'Title with a NUL\n\nbefore\000after hostilewordtwo\n' > "$tree/nul-bytes.txt"
printf 'Invalid UTF-8 \xff\xfe and overlong \xc0\xaf \xe0\x80\xaf and truncated \xe2\x82\n\nhostilewordthree\n' > "$tree/invalid-utf8.txt"
printf 'Latin-1 caf\xe9 na\xefve hostilewordfour\n' > "$tree/latin1.txt"
printf '%%PDF-1.4\n%% a PDF without its extension\n' > "$tree/report"
truncate -s 1G "$tree/one-gigabyte.txt"                       # sparse: costs no disk
head -c 10000000 /dev/zero | tr '\0' 'a' | sed 's/a\{9\}/word /g' > "$tree/ten-mb-one-line.txt"
{ printf 'Long tokens\n\n'; head -c 100000 /dev/zero | tr '\0' 'x'; printf ' hostilewordfive\n'; } > "$tree/long-token.txt"
printf '\033]0;pwned\007Escape \033[31mred\033[0m title\n\nhostilewordsix\n' > "$tree/escapes.txt"
printf 'Newline name\n\nhostilewordseven\n' > "$tree/bad
name.txt"
printf '\177ELF\002\001\001\000\000' > "$tree/bin
ary.dat"                                                        # reported: a newline in its name
printf 'Invalid name\n\nhostilewordeight\n' > "$tree/$(printf 'caf\xe9\x1b[2J').txt"
deep=$tree/deep
for i in $(seq 1 120); do deep=$deep/d$i; done
mkdir -p "$deep" && printf 'Deep\n\nhostilewordnine\n' > "$deep/deep.txt"
# Deeper than PATH_MAX allows a path: the walk once overflowed its stack at 1,500 levels.
# Made 100 levels at a time: the shell's cd costs a walk of the whole path each time.
(cd "$tree" && mkdir very-deep && cd very-deep && chunk=$(printf 'a/%.0s' $(seq 1 100)) &&
 for k in $(seq 1 21); do
     mkdir -p "$chunk" && cd -P "$chunk" || break
     [ "$k" -eq 15 ] && printf 'Very deep\n\nhostilewordten\n' > level-1500.txt
 done
 printf 'Too deep\n\nunreachable\n' > too-deep.txt 2>/dev/null)
ln -s . "$tree/loop-self"
mkdir -p "$tree/a" && ln -s ../b "$tree/a/to-b" && mkdir -p "$tree/b" && ln -s ../a "$tree/b/to-a"
ln -s /dev/zero "$tree/zero.txt"
ln -s "$tree/missing-target" "$tree/dangling.txt"
mkfifo "$tree/fifo.txt"
printf 'Unreadable\n\nsecret\n' > "$tree/unreadable.txt" && chmod 000 "$tree/unreadable.txt"
mkdir -p "$tree/closed" && printf 'x\n' > "$tree/closed/inside.txt" && chmod 000 "$tree/closed"
# Containers that once cost time or memory without bound, and nesting parsers limit.
awk 'BEGIN { for (i = 1; i <= 30000; i++) printf "<DOC><DOCNO>u%d</DOCNO><TEXT>unclosed%d</TEXT>\n", i, i }' > "$tree/unclosed.trec"
awk 'BEGIN { printf "<html><body>"; for (i = 0; i < 100000; i++) printf "<div>"; print "deephtml</body></html>" }' > "$tree/nested.html"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; print "\"deepjson\"" }' > "$tree/nested.json"

# Files that change and vanish while the indexer runs, and one that becomes a FIFO.
mkdir -p "$tree/churn"
for i in $(seq 1 300); do printf 'Churn %d\n\nchurning text\n' "$i" > "$tree/churn/c$i.txt"; done
(for round in 1 2 3 4 5 6 7 8 9 10; do
     for i in $(seq 1 300); do
         if [ $((i % 2)) -eq 0 ]; then rm -f "$tree/churn/c$i.txt"
         elif [ $((i % 10)) -eq 5 ] && [ "$round" -eq 2 ]; then rm -f "$tree/churn/c$i.txt"; mkfifo "$tree/churn/c$i.txt"
         elif [ $((i % 10)) -ne 5 ]; then printf 'Churn %d round %d\n\nchanged\n' "$i" "$round" > "$tree/churn/c$i.txt"; fi
     done
     sleep 0.05
 done) &
churner=$!

# ---- Indexing ------------------------------------------------------------------
rss_limit_kb=$((512 * 1024))  # the indexer's memory bound (docs/limits.md) with a margin
if grep -q __asan_init "$index_bin"; then
    rss_limit_kb=$((1024 * 1024)) # AddressSanitizer keeps freed memory (256 MB) and shadows it
fi
as_user=
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
    as_user="setpriv --bounding-set=-dac_override,-dac_read_search --"
fi
if [ -x /usr/bin/time ]; then measure="/usr/bin/time -f %M -o $work/rss"; else measure=; fi
# shellcheck disable=SC2086
timeout 600 $as_user $measure "$index_bin" --db "$work/index" "$tree" >"$work/out" 2>"$work/err"
status=$?
wait "$churner"
churner=
case $status in
    0|1) ;;
    124) fail "dalil-index hung (timeout)" ;;
    *) fail "dalil-index exited $status: $(tail -n 5 "$work/err")" ;;
esac
if [ -s "$work/rss" ]; then
    rss=$(tail -n 1 "$work/rss")
    echo "dalil-index peak RSS: $((rss / 1024)) MiB"
    [ "$rss" -le "$rss_limit_kb" ] || fail "dalil-index used $((rss / 1024)) MiB (bound $((rss_limit_kb / 1024)) MiB)"
fi
grep -q "$esc" "$work/err" && fail "dalil-index passed an escape sequence to stderr"
expect_reported() { # PATTERN WHAT
    grep -q -- "$1" "$work/err" || fail "dalil-index did not report $2: $(grep -v churn "$work/err" | head -c 3000)"
}
expect_reported 'random-binary.txt: binary content, skipped' "the binary file"
expect_reported 'report: binary content, skipped' "the PDF without an extension"
expect_reported 'nul-bytes.txt:3: 1 NUL byte, read as space' "the NUL byte"
expect_reported 'invalid-utf8.txt:1: not valid UTF-8' "the invalid UTF-8"
expect_reported 'one-gigabyte.txt: 1073.7 MB, larger than --max-size; skipped' "the 1 GB file"
expect_reported 'fifo.txt: a FIFO (named pipe), skipped' "the FIFO"
expect_reported 'zero.txt: a device, skipped' "the link to a device"
expect_reported 'loop-self: directory already indexed' "the symbolic link loop"
expect_reported 'dangling.txt: dangling symbolic link, skipped' "the dangling link"
expect_reported '/tree/bin?ary.dat: binary content, skipped' "the name with a newline on one line"
expect_reported '/a: path too long' "the path longer than PATH_MAX"
expect_reported 'unclosed.trec: 30000 records have no </DOC>' "the unclosed records"
expect_reported 'nested.json:1: invalid JSON' "the JSON nested too deep"
expect_reported 'nested.html:1: elements nested deeper than the HTML parser allows' "the HTML nested too deep"
if [ -n "$as_user" ] || [ "$(id -u)" -ne 0 ]; then
    expect_reported 'unreadable.txt: Permission denied' "the unreadable file"
    expect_reported 'closed: Permission denied' "the unreadable directory"
    [ "$status" -eq 1 ] || fail "unreadable files should make the exit status 1, not $status"
else
    echo "note: root without setpriv reads every file: unreadable files are not exercised"
fi

# ---- Searching what survived -------------------------------------------------------
for word in hostilewordone hostilewordtwo hostilewordthree hostilewordfour hostilewordfive \
            hostilewordsix hostilewordseven hostilewordeight hostilewordnine hostilewordten \
            unclosed1 unclosed30000; do
    timeout 20 "$query_bin" --db "$work/index" "$word" >"$work/out" 2>"$work/err"
    status=$?
    [ "$status" -eq 0 ] || fail "'$word' not found (exit $status): $(cat "$work/err")"
    grep -q "$esc" "$work/out" && fail "'$word': an escape sequence reached the output"
done
timeout 20 "$query_bin" --db "$work/index" hostilewordseven >"$work/out" 2>&1
grep -q '^name\.txt' "$work/out" && fail "a newline in a file name split the output line"
if [ -n "$as_user" ] || [ "$(id -u)" -ne 0 ]; then
    "$query_bin" --db "$work/index" secret >/dev/null 2>&1 && fail "the unreadable file was indexed"
fi

# ---- Hostile queries -------------------------------------------------------------
long_query=$(head -c 100000 /dev/zero | tr '\0' 'q')
many_terms=$(for i in $(seq 1 10000); do printf 'w%d ' "$i"; done)
many_ors=$(for i in $(seq 1 5000); do printf 'w%d OR ' "$i"; done)w
nested=$(printf '%0.s(' $(seq 1 10000))word$(printf '%0.s)' $(seq 1 10000))
unbalanced=$(printf '%0.s(' $(seq 1 10000))word
for name in long_query many_terms many_ors nested unbalanced; do
    eval "query=\$$name"
    timeout 120 "$query_bin" --db "$work/index" -- "$query" >/dev/null 2>"$work/err"
    status=$?
    case $status in
        0|1|2) ;;
        124) fail "query $name hung" ;;
        *) fail "query $name exited $status: $(tail -c 300 "$work/err")" ;;
    esac
done
# A query of more than 1,024 words is refused, at once, with the column of the first too many.
"$query_bin" --db "$work/index" -- "$many_terms" >/dev/null 2>"$work/err"
[ $? -eq 2 ] && grep -q "column 5038: the query has more than 1024 words" "$work/err" ||
    fail "10,000 words: $(head -c 200 "$work/err")"


finish "hostile input"
