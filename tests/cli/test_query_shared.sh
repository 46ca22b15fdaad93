#!/bin/sh
# dalil-query over a real corpus, ../shared/corpora/bbc/business (skipped when absent):
# OR of words whose variant tiers are OP_MAX queries made Xapian 1.4.22 crash with short
# pages; every such query must now succeed.
set -u
index_bin=$1 query_bin=$2 shared=$3
corpus=$shared/corpora/bbc/business
if [ ! -d "$corpus" ]; then
    echo "skipped: $corpus is absent"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
"$index_bin" --quiet --db "$work/index" "$corpus" || { echo "FAIL: indexing $corpus"; exit 1; }
for query in 'technology OR car' 'car OR technology' 'music OR market god' 'oil OR gas OR price' \
             'market OR (shares profit)' 'technology car' '+technology car'; do
    for limit in 1 2 3 10; do
        "$query_bin" --db "$work/index" --any --limit "$limit" "$query" >/dev/null 2>"$work/err"
        code=$?
        if [ "$code" -gt 1 ]; then
            echo "FAIL: --any --limit $limit '$query' exited $code: $(cat "$work/err")"
            failures=$((failures + 1))
        fi
        "$query_bin" --db "$work/index" --limit "$limit" "$query" >/dev/null 2>"$work/err"
        code=$?
        if [ "$code" -gt 1 ]; then
            echo "FAIL: --limit $limit '$query' exited $code: $(cat "$work/err")"
            failures=$((failures + 1))
        fi
    done
done
[ "$failures" -eq 0 ] || { echo "$failures failed"; exit 1; }
echo "query over bbc/business: ok"
