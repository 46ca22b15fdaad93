#!/bin/bash
# Hostile input: a generated tree of everything a corpus directory should not hold, and
# hostile queries. Every case must be reported and survived: dalil-index exits 0 or 1
# (never a signal, never a hang), within a memory bound; searches still work; and no
# escape sequence from a document or a file name reaches the output.
# Usage: test_hostile_input.sh DALIL_INDEX DALIL_QUERY
set -u
index_bin=$1 query_bin=$2
work=$(mktemp -d)
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
tree=$work/tree
mkdir -p "$tree"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
esc=$(printf '\033')

# ---- The tree ------------------------------------------------------------------
printf 'Plain article\n\nA normal article about Tripoli and hostilewordone.\n' > "$tree/normal.txt"
head -c 65536 /dev/urandom > "$tree/random-binary.txt"
printf 'Title with a NUL\n\nbefore\000after hostilewordtwo\n' > "$tree/nul-bytes.txt"
printf 'Invalid UTF-8 \xff\xfe and overlong \xc0\xaf \xe0\x80\xaf and truncated \xe2\x82\n\nhostilewordthree\n' > "$tree/invalid-utf8.txt"
printf 'Latin-1 caf\xe9 na\xefve hostilewordfour\n' > "$tree/latin1.txt"
truncate -s 1G "$tree/one-gigabyte.txt"                       # sparse: costs no disk
head -c 10000000 /dev/zero | tr '\0' 'a' | sed 's/a\{9\}/word /g' > "$tree/ten-mb-one-line.txt"
{ printf 'Long tokens\n\n'; head -c 100000 /dev/zero | tr '\0' 'x'; printf ' hostilewordfive\n'; } > "$tree/long-token.txt"
printf '\033]0;pwned\007Escape \033[31mred\033[0m title\n\nhostilewordsix\n' > "$tree/escapes.txt"
printf 'Newline name\n\nhostilewordseven\n' > "$tree/bad
name.txt"
printf 'Invalid name\n\nhostilewordeight\n' > "$tree/$(printf 'caf\xe9\x1b[2J').txt"
deep=$tree/deep
for i in $(seq 1 120); do deep=$deep/d$i; done
mkdir -p "$deep" && printf 'Deep\n\nhostilewordnine\n' > "$deep/deep.txt"
ln -s . "$tree/loop-self"
mkdir -p "$tree/a" && ln -s ../b "$tree/a/to-b" && mkdir -p "$tree/b" && ln -s ../a "$tree/b/to-a"
ln -s /dev/zero "$tree/zero.txt"
ln -s "$tree/missing-target" "$tree/dangling.txt"
mkfifo "$tree/fifo.txt"
printf 'Unreadable\n\nsecret\n' > "$tree/unreadable.txt" && chmod 000 "$tree/unreadable.txt"
mkdir -p "$tree/closed" && printf 'x\n' > "$tree/closed/inside.txt" && chmod 000 "$tree/closed"

# Files that change and vanish while the indexer runs.
mkdir -p "$tree/churn"
for i in $(seq 1 300); do printf 'Churn %d\n\nchurning text\n' "$i" > "$tree/churn/c$i.txt"; done
(for round in 1 2 3 4 5 6 7 8 9 10; do
     for i in $(seq 1 300); do
         if [ $((i % 2)) -eq 0 ]; then rm -f "$tree/churn/c$i.txt"
         else printf 'Churn %d round %d\n\nchanged\n' "$i" "$round" > "$tree/churn/c$i.txt"; fi
     done
     sleep 0.05
 done) &
churner=$!

# ---- Indexing ------------------------------------------------------------------
rss_limit_kb=$((1024 * 1024))  # the indexer's memory bound with wide margin: 1 GiB
ulimit -v unlimited 2>/dev/null
if [ -x /usr/bin/time ]; then measure="/usr/bin/time -f %M -o $work/rss"; else measure=; fi
# shellcheck disable=SC2086
timeout 600 $measure "$index_bin" --db "$work/index" "$tree" >"$work/out" 2>"$work/err"
status=$?
wait "$churner"
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
for name in random-binary one-gigabyte fifo; do
    grep -q "$name" "$work/err" || fail "dalil-index did not report $name.txt: $(head -c 2000 "$work/err")"
done
if [ "$(id -u)" -ne 0 ]; then
    grep -q unreadable "$work/err" || fail "dalil-index did not report the unreadable file"
else
    echo "note: running as root, so unreadable files are readable: that case is not exercised"
fi

# ---- Searching what survived -------------------------------------------------------
for word in hostilewordone hostilewordtwo hostilewordthree hostilewordfive hostilewordsix \
            hostilewordseven hostilewordeight hostilewordnine; do
    timeout 20 "$query_bin" --db "$work/index" "$word" >"$work/out" 2>"$work/err"
    status=$?
    [ "$status" -eq 0 ] || fail "'$word' not found (exit $status): $(cat "$work/err")"
    grep -q "$esc" "$work/out" && fail "'$word': an escape sequence reached the output"
done
timeout 20 "$query_bin" --db "$work/index" hostilewordseven >"$work/out" 2>&1
[ "$(grep -c 'name.txt' "$work/out")" -le 1 ] || true
grep -q '^name\.txt' "$work/out" && fail "a newline in a file name split the output line"

# ---- Hostile queries -------------------------------------------------------------
long_query=$(head -c 100000 /dev/zero | tr '\0' 'q')
many_terms=$(for i in $(seq 1 10000); do printf 'w%d ' "$i"; done)
nested=$(printf '%0.s(' $(seq 1 5000))word$(printf '%0.s)' $(seq 1 5000))
unbalanced=$(printf '%0.s(' $(seq 1 5000))word
for name in long_query many_terms nested unbalanced; do
    eval "query=\$$name"
    timeout 30 "$query_bin" --db "$work/index" -- "$query" >/dev/null 2>"$work/err"
    status=$?
    case $status in
        0|1|2) ;;
        124) fail "query $name hung" ;;
        *) fail "query $name exited $status: $(tail -n 3 "$work/err")" ;;
    esac
done

[ "$failures" -eq 0 ] || { echo "$failures failures"; exit 1; }
echo "hostile input: ok"
