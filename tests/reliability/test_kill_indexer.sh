#!/bin/sh
# Crash safety: kills dalil-index with SIGKILL at random moments of a long run, CYCLES
# times (default 20), and checks each time that the index opens, passes xapian-check and
# holds exactly the documents of its last commit (the count that commit recorded); then
# that a run to the end brings it to the whole corpus, with no duplicates and no shards
# left behind. Cycles take turns: one writer (--shards off), then shards merged at the
# end (--shards on), so that kills land in a merge and in the swap too.
# Usage: test_kill_indexer.sh DALIL_INDEX DALIL_QUERY [CYCLES]
# The kill moments come from DALIL_KILL_SEED (default 1), so a failure can be replayed.
set -u
index_bin=$1 query_bin=$2 cycles=${3:-20}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
files=1500
sh "$here/make_corpus.sh" "$work/corpus" "$files"
db=$work/index

for tool in xapian-check xapian-delve xapian-metadata; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool not installed (xapian-tools)"; exit 77; }
done

. "$here/../check.sh" # doc_count

# Calibrate: how long a whole run takes here (sanitizers make it slower).
start=$(date +%s.%N)
"$index_bin" --quiet --db "$work/calibration" "$work/corpus" || { echo "FAIL: calibration run"; exit 1; }
duration=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
rm -rf "$work/calibration"
echo "a whole run takes ${duration}s; killing at random moments within it"

failures=0 killed=0
seed=${DALIL_KILL_SEED:-1}
for cycle in $(seq 1 "$cycles"); do
    delay=$(awk -v seed="$seed" -v c="$cycle" -v d="$duration" 'BEGIN { srand(seed * 1000 + c); printf "%.3f", rand() * d }')
    shards=$([ $((cycle % 2)) -eq 0 ] && echo on || echo off)
    "$index_bin" --quiet --shards "$shards" --db "$db" "$work/corpus" >/dev/null 2>"$work/err" &
    pid=$!
    sleep "$delay"
    if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
    wait "$pid" 2>/dev/null
    [ -d "$db" ] || continue   # killed before the index was created
    if ! xapian-check "$db" >"$work/check" 2>&1; then
        echo "FAIL: cycle $cycle (kill at ${delay}s): xapian-check: $(tail -n 3 "$work/check")"
        failures=$((failures + 1))
        continue
    fi
    count=$(doc_count "$db")
    recorded=$(xapian-metadata get "$db" dalil.doccount)
    if [ "$count" != "${recorded:-0}" ]; then
        echo "FAIL: cycle $cycle (--shards $shards, kill at ${delay}s): $count documents, last commit recorded ${recorded:-none}"
        failures=$((failures + 1))
    fi
    "$query_bin" --db "$db" unique1 >/dev/null 2>"$work/err"
    status=$?
    if [ "$status" -gt 1 ]; then
        echo "FAIL: cycle $cycle: search after the kill exited $status: $(cat "$work/err")"
        failures=$((failures + 1))
    fi
done

# A run to the end completes the index, and a second one adds nothing.
"$index_bin" --quiet --db "$db" "$work/corpus" || { echo "FAIL: the final run did not complete"; failures=$((failures + 1)); }
"$index_bin" --quiet --db "$db" "$work/corpus" || failures=$((failures + 1))
count=$(doc_count "$db")
[ "$count" = "$files" ] || { echo "FAIL: after re-runs the index holds $count documents, expected $files"; failures=$((failures + 1)); }
xapian-check "$db" >/dev/null 2>&1 || { echo "FAIL: final xapian-check"; failures=$((failures + 1)); }
[ ! -e "$work/.index.shards" ] || { echo "FAIL: shards left behind: $(ls "$work/.index.shards")"; failures=$((failures + 1)); }

# A container commits inside itself (or Xapian would hold all of it): killed after such a
# commit, the index lists it as committed in part, and the next run indexes it again whole.
awk 'BEGIN { for (i = 1; i <= 40000; i++) printf "<DOC><DOCNO>r%d</DOCNO><TEXT>record%d</TEXT></DOC>\n", i, i }' \
    > "$work/container.trec"
cdb=$work/container-index
"$index_bin" --quiet --commit-every 1000 --db "$cdb" "$work/container.trec" >/dev/null 2>"$work/err" &
pid=$!
partial=
while kill -0 "$pid" 2>/dev/null; do
    # (xapian-metadata prints its errors on stdout: only a listed hash counts)
    partial=$(xapian-metadata get "$cdb" dalil.partial 2>/dev/null | grep -E '^[0-9a-f]{16}')
    [ -n "$partial" ] && break
    sleep 0.05
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
if [ -z "$partial" ]; then
    echo "note: the container was indexed before a commit inside it was seen; case not exercised"
else
    count=$(doc_count "$cdb")
    recorded=$(xapian-metadata get "$cdb" dalil.doccount)
    [ "$count" = "${recorded:-0}" ] || { echo "FAIL: container: $count documents, last commit recorded ${recorded:-none}"; failures=$((failures + 1)); }
    [ "$count" -lt 40000 ] || echo "note: the container was complete when killed"
    "$index_bin" --quiet --db "$cdb" "$work/container.trec" || { echo "FAIL: the run after a kill inside a container"; failures=$((failures + 1)); }
    count=$(doc_count "$cdb")
    [ "$count" = 40000 ] || { echo "FAIL: a container killed after $partial was committed in part holds $count documents after a re-run, expected 40000"; failures=$((failures + 1)); }
    [ -z "$(xapian-metadata get "$cdb" dalil.partial)" ] || { echo "FAIL: the container is still listed as committed in part"; failures=$((failures + 1)); }
    "$query_bin" --db "$cdb" record40000 >/dev/null 2>&1 || { echo "FAIL: the container's last record is not found"; failures=$((failures + 1)); }
    echo "a container killed after a commit inside it was indexed whole by the next run"
fi

echo "$killed of $cycles runs killed mid-run; $failures failures"
[ "$failures" -eq 0 ] || exit 1
echo "kill test: ok"
