#!/bin/sh
# bench/query/run.sh: per-process search latency of dalil-query against Xapian's quest and
# sqlite3 FTS5 with snippet(), side by side in one run, on ../shared/corpora/bbc + news20.
#
# Usage: bench/query/run.sh [BUILD_DIR] [ROUNDS]
#   BUILD_DIR  a dalil build (default: build/release, configured and built if missing)
#   ROUNDS     passes over the 212 queries of queries.tsv (default 2)
#
# Each engine gets the same query text, 10 hits: dalil-query with snippets (text output,
# its default), quest with its default output (-o and, so that words must all match as in
# dalil), sqlite3 with bm25 ranking and snippet(). The three run interleaved, query by
# query, so that none has a warmer cache. Times are wall clock per process, from fork to
# exit, measured by runtime.c; the first 20 queries are run once unmeasured first.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=$root/../shared/corpora
build=${1:-$root/build/release}
rounds=${2:-2}
if [ ! -d "$shared/bbc" ] || [ ! -d "$shared/news20" ]; then
    echo "bench/query: $shared/bbc and news20 are absent; nothing to measure" >&2
    exit 0
fi
"$root/scripts/install-deps" --bench
if [ ! -x "$build/query/dalil-query" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DDALIL_TESTS=OFF >/dev/null
    cmake --build "$build" -j2 >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
here=$(cd "$(dirname "$0")" && pwd)
seconds() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { print b - a }'; }

echo "Indexing $shared/bbc and $shared/news20 (one thread each) ..." >&2
t0=$(seconds)
"$build/indexer/dalil-index" --quiet --threads 1 --db "$work/dalil" "$shared/bbc" "$shared/news20" || true
t1=$(seconds)
# quest needs a Xapian index of the same files: scriptindex, one record per file (path,
# title = first non-empty line, text), words and stems as omindex would index them.
find "$shared/bbc" "$shared/news20" -type f | sort | xargs awk -f "$here/to_scriptindex.awk" >"$work/records"
printf 'path : field=path boolean=Q unique=Q\ntitle : field=title index=S index\ntext : index truncate=200 field=sample\n' >"$work/index.script"
scriptindex "$work/xapian" "$work/index.script" "$work/records" >/dev/null
t2=$(seconds)
sqlite3 "$work/fts5.db" <<EOF
CREATE VIRTUAL TABLE docs USING fts5(path, title, body, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO docs SELECT name, substr(body, 1, instr(body || char(10), char(10)) - 1), body
  FROM (SELECT name, CAST(data AS TEXT) AS body FROM fsdir('$shared/bbc')
        UNION ALL SELECT name, CAST(data AS TEXT) FROM fsdir('$shared/news20'))
  WHERE body IS NOT NULL AND body != '';
INSERT INTO docs(docs) VALUES ('optimize');
EOF
t3=$(seconds)
printf 'index build: dalil %.1f s, xapian scriptindex %.1f s, sqlite3 fts5 %.1f s\n' \
    "$(elapsed "$t0" "$t1")" "$(elapsed "$t1" "$t2")" "$(elapsed "$t2" "$t3")"
printf 'documents: dalil %s, xapian %s, fts5 %s\n' \
    "$("$build/query/dalil-query" --db "$work/dalil" --count 'NOT zzzzqqq')" \
    "$(xapian-delve "$work/xapian" | sed -n 's/^number of documents = //p')" \
    "$(sqlite3 "$work/fts5.db" 'SELECT count(*) FROM docs')"

cc -O2 -o "$work/runtime" "$here/runtime.c"
sql="SELECT path, title, snippet(docs, 2, '[', ']', '…', 16) FROM docs WHERE docs MATCH '{sql}' ORDER BY rank LIMIT 10"
run() {
    "$work/runtime" "$1" "$2" \
        dalil-query -- "$build/query/dalil-query" --db "$work/dalil" --limit 10 '{}' ';' \
        quest -- quest -d "$work/xapian" -o and -m 10 '{}' ';' \
        sqlite3 -- sqlite3 -readonly "$work/fts5.db" "$sql"
}
head -n 21 "$here/queries.tsv" >"$work/warmup"
run "$work/warmup" 1 >/dev/null
run "$here/queries.tsv" "$rounds" >"$work/times"

# median and p95 per engine, overall and per kind of query
stats() { # FILTER-AWK-CONDITION
    for engine in dalil-query quest sqlite3; do
        awk -F '\t' -v e="$engine" "\$1 == e && ($1) { print \$4 }" "$work/times" | sort -n |
            awk -v e="$engine" '{ v[NR] = $1 } END {
                if (NR == 0) { printf "%s 0 0 0\n", e; exit }
                m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.95 + 0.999)]
                printf "%s %d %.2f %.2f\n", e, NR, m / 1000, p / 1000 }'
    done
}
echo
echo "Per-process latency, ms (wall clock, $rounds rounds of $(grep -vc '^#' "$here/queries.tsv") queries, 10 hits):"
printf '%-14s %6s %9s %9s %14s %14s\n' engine runs median p95 "median/quest" "p95/quest"
stats 1 >"$work/all"
quest_median=$(awk '$1 == "quest" { print $3 }' "$work/all")
quest_p95=$(awk '$1 == "quest" { print $4 }' "$work/all")
while read -r engine n median p95; do
    printf '%-14s %6s %9s %9s %14.2f %14.2f\n' "$engine" "$n" "$median" "$p95" \
        "$(awk -v a="$median" -v b="$quest_median" 'BEGIN { print a / b }')" \
        "$(awk -v a="$p95" -v b="$quest_p95" 'BEGIN { print a / b }')"
done <"$work/all"
echo
echo "Median by kind of query, ms:"
printf '%-8s %12s %8s %8s\n' kind dalil-query quest sqlite3
for kind in word and phrase or not name; do
    stats "\$2 == \"$kind\"" | awk -v k="$kind" '{ m[$1] = $3 } END {
        printf "%-8s %12s %8s %8s\n", k, m["dalil-query"], m["quest"], m["sqlite3"] }'
done
echo
echo "Runs that failed (exit status other than 0 or 1), by engine:"
awk -F '\t' '$3 > 1 { n[$1]++ } END { for (e in n) printf "  %s: %d\n", e, n[e]; if (length(n) == 0) print "  none" }' "$work/times"
echo "dalil-query queries with no hits: $(awk -F '\t' '$1 == "dalil-query" && $3 == 1' "$work/times" | wc -l) of $(awk -F '\t' '$1 == "dalil-query"' "$work/times" | wc -l)"
