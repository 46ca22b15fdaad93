#!/bin/sh
# Concurrency: while dalil-index runs and commits, searches in a loop never fail and never
# return a torn result (every hit has its title and path), and a second dalil-index on the
# same index fails at once with a clear "locked" error and exit 3, harming nothing.
# Usage: test_concurrency.sh DALIL_INDEX DALIL_QUERY
set -u
index_bin=$1 query_bin=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'kill "$indexer" 2>/dev/null; rm -rf "$work"' EXIT
sh "$here/make_corpus.sh" "$work/corpus" 3000
db=$work/index
. "$(dirname "$0")/../check.sh"

# A first commit, so searches have an index from the start.
"$index_bin" --quiet --db "$db" "$work/corpus/d001" || fail "first small run"

"$index_bin" --quiet --db "$db" "$work/corpus" 2>"$work/indexer.err" &
indexer=$!
sleep 0.2

"$index_bin" --db "$db" "$work/corpus/d002" >/dev/null 2>"$work/second.err"
status=$?
if kill -0 "$indexer" 2>/dev/null; then
    [ "$status" -eq 3 ] || fail "a second indexer exited $status, expected 3"
    grep -q locked "$work/second.err" || fail "the second indexer's error does not say locked: $(cat "$work/second.err")"
else
    echo "note: the indexer finished before the second one started; lock not exercised"
fi

# A hit is torn when its stored path is missing or is not a file of the corpus.
if "$query_bin" --help | grep -q -- '--format'; then
    search() { "$query_bin" --db "$db" --limit 50 --format paths report; }
else  # the first dalil-query: "N. title" then "   path  score S" per hit
    search() { "$query_bin" --db "$db" --limit 50 report | sed -n 's/^   \(.*\)  score [0-9.]*$/\1/p'; }
fi

searches=0
while kill -0 "$indexer" 2>/dev/null; do
    search >"$work/out" 2>"$work/err"
    status=$?
    searches=$((searches + 1))
    [ "$status" -le 1 ] || fail "search $searches exited $status: $(cat "$work/err")"
    [ "$status" -eq 1 ] || [ -s "$work/out" ] || fail "search $searches found hits but printed no path"
    while read -r path; do
        [ -f "$path" ] || fail "search $searches returned a torn hit: '$path'"
    done < "$work/out"
done
wait "$indexer" || fail "the indexer failed while searched: $(cat "$work/indexer.err")"
[ "$(doc_count "$db")" = 3000 ] || fail "the index does not hold the whole corpus"
xapian-check "$db" >/dev/null 2>&1 || fail "xapian-check after the concurrent run"

echo "$searches searches while indexing; $failures failures"
[ "$searches" -gt 0 ] || fail "no search ran while indexing"

# Searches while runs with shards put merged indexes in the index's place, again and
# again: each run adds a directory of new files, merges and swaps.
( while [ ! -e "$work/stop" ]; do
      search >"$work/swap.out" 2>"$work/swap.err"
      status=$?
      echo x >> "$work/swap.count"
      [ "$status" -le 1 ] || echo "search during a swap exited $status: $(cat "$work/swap.err")" >> "$work/swap.fail"
  done ) &
searcher=$!
for round in 1 2 3 4 5 6 7 8; do
    cp -r "$work/corpus/d00$round" "$work/corpus/new$round"
    "$index_bin" --quiet --shards on --db "$db" "$work/corpus" 2>"$work/indexer.err" ||
        fail "a run with shards failed while searched: $(cat "$work/indexer.err")"
done
touch "$work/stop"
wait "$searcher"
[ ! -s "$work/swap.fail" ] || fail "$(head -n 3 "$work/swap.fail")"
echo "$(wc -l < "$work/swap.count") searches during 8 runs with shards"
xapian-check "$db" >/dev/null 2>&1 || fail "xapian-check after the runs with shards"
finish "concurrency"
