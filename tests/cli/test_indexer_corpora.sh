#!/bin/sh
# dalil-index over parts of the real corpora in ../shared/corpora (skipped, exit 77, when
# they are absent): each format yields the documents it should, with titles and dates,
# non-UTF-8 files are read with a warning, and their words are found.
# Usage: test_indexer_corpora.sh DALIL_INDEX DALIL_QUERY CORPORA_DIR
set -u
index_bin=$1 query_bin=$2 corpora=$3
if [ ! -d "$corpora/bbc" ] || [ ! -d "$corpora/news20" ] || [ ! -d "$corpora/reuters21578" ]; then
    echo "SKIP: no corpora at $corpora"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/../check.sh"
json_field() { sed -n "s/^ *\"$1\": \([0-9.]*\),*$/\1/p" "$work/out"; }

# index NAME EXPECTED_DOCUMENTS PATH...: a fresh index of PATHs holds that many documents.
index() {
    name=$1 want=$2; shift 2
    db=$work/$name
    "$index_bin" --db "$db" --format json "$@" >"$work/out" 2>"$work/err"
    status=$?
    [ "$status" -eq 0 ] || fail "$name: exit $status: $(tail -n 3 "$work/err")"
    got=$(json_field documents)
    [ "$got" = "$want" ] || fail "$name: $got documents, expected $want"
}
found() {
    "$query_bin" --db "$db" "$@" >"$work/hits" 2>&1 || fail "$db: '$*' found nothing"
}

# bbc: one article per .txt; sport/199.txt is Latin-1.
index bbc 511 "$corpora/bbc/sport"
grep -q 'bbc/sport/199.txt:[0-9]*: not valid UTF-8' "$work/err" || fail "bbc: no warning for the Latin-1 file: $(cat "$work/err")"
found Wilkinson

# news20: RFC-822 posts without an extension.
index news20 319 "$corpora/news20/20news-bydate-test/alt.atheism"
found atheism

# Reuters-21578: 1,000 <REUTERS> records per file; reut2-017.sgm has a non-UTF-8 byte.
index reuters 2000 "$corpora/reuters21578/reut2-000.sgm" "$corpora/reuters21578/reut2-017.sgm"
grep -q 'reut2-017.sgm:[0-9]*: not valid UTF-8' "$work/err" || fail "reuters: no warning for reut2-017.sgm: $(cat "$work/err")"
found cocoa Bahia

# Gaza headlines: a TSV without a header, one headline per row.
if [ -f "$corpora/gaza-headlines/gaza-news.txt" ]; then
    rows=$(grep -c . "$corpora/gaza-headlines/gaza-news.txt")
    index gaza "$rows" "$corpora/gaza-headlines/gaza-news.txt"
    found Khan Younis
fi

# ANT: one TREC <DOC> per .txt file, in Arabic.
if [ -d "$corpora/ant-arabic-middleeast/BBC" ]; then
    index ant 244 "$corpora/ant-arabic-middleeast/BBC/BB-middleEast-1"*.txt
    found القاهرة
fi

finish "indexer corpora"
