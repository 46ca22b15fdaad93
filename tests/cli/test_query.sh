#!/bin/sh
# dalil-query end to end over a small corpus written here: each --format against its
# expected output, paging, counting, colour rules, hostile file names, several indexes
# searched as one, and every exit code.
# --exact keeps the expected outputs free of the analyzer's variant rules, which other
# tests cover; scores and docids are replaced by S and D before comparing.
set -u
index_bin=$1 query_bin=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/../check.sh"

# q CODE ARGS...: runs dalil-query in $work (stdout in $work/out, stderr in $work/err) and
# checks its exit code.
q() {
    want=$1; shift
    (cd "$work" && "$query_bin" "$@") >"$work/out" 2>"$work/err"
    got=$?
    [ "$got" -eq "$want" ] || fail "dalil-query $* exited $got, expected $want; stderr: $(cat "$work/err")"
}

# same NAME: compares $work/out, normalised, with $work/expected.
same() {
    sed -e "s|$work|WORK|g" -e 's/"score": \{0,1\}[0-9][0-9.e+-]*/"score": S/' \
        -e 's/"docid": \{0,1\}[0-9][0-9]*/"docid": D/' \
        -e 's/score [0-9.]*$/score S/' "$work/out" >"$work/normal"
    diff -u "$work/expected" "$work/normal" >"$work/diff" || fail "$1 differs from expected:
$(cat "$work/diff")"
}

mkdir -p "$work/news" "$work/more"
printf 'Harbour reopens in Tripoli\n\nThe harbour of Tripoli reopened on Monday. Fishermen returned to the quay.\n' >"$work/news/a.txt"
printf 'Fishing fleet waits\n\nFishermen in Benghazi said the harbour was still closed. Nothing else moved.\n' >"$work/news/b.txt"
printf 'Bread prices\n\nBread prices rose again in Damascus.\n' >"$work/news/c.txt"
printf 'Quayside \033[31mred\033[0m title\n\nThe quayside was painted.\n' >"$work/news/e$(printf '\033')[2J.txt"
printf 'Harbour works\n\nA new harbour wall is planned in Misrata.\n' >"$work/more/d.txt"
"$index_bin" --quiet --db "$work/index" "$work/news" || fail "indexing news"
"$index_bin" --quiet --db "$work/index2" "$work/more" || fail "indexing more"

# paths: best first; -0 ends each with NUL; --offset and --limit page through them
q 0 --db index --exact --format paths harbour
printf 'WORK/news/a.txt\nWORK/news/b.txt\n' >"$work/expected"
same "paths"
q 0 --db index --exact --format paths -0 harbour
[ "$(tr '\0' '|' <"$work/out")" = "$work/news/a.txt|$work/news/b.txt|" ] || fail "-0: $(tr '\0' '|' <"$work/out")"
q 0 --db index --exact --format paths --offset 1 --limit 1 harbour
printf 'WORK/news/b.txt\n' >"$work/expected"
same "paths, offset 1"
q 1 --db index --exact --format paths --offset 2 harbour

# tsv: rank, score, docid, date, path, record, title
q 0 --db index --exact --format tsv harbour
cut -f 1,4- "$work/out" | sed "s|$work|WORK|g" >"$work/normal"
printf '1\t\tWORK/news/a.txt\t\tHarbour reopens in Tripoli\n2\t\tWORK/news/b.txt\t\tFishing fleet waits\n' >"$work/expected"
diff -u "$work/expected" "$work/normal" >/dev/null || fail "tsv: $(cat "$work/out")"

# text: no colour when not on a terminal; paths relative to the working directory
q 0 --db index --exact harbour
cat >"$work/expected" <<'EOF'
1. Harbour reopens in Tripoli
   news/a.txt  score S
   …The harbour of Tripoli reopened on Monday.…

2. Fishing fleet waits
   news/b.txt  score S
   …Fishermen in Benghazi said the harbour was still closed.…

hits 1-2 of 2
EOF
same "text"
grep -q "$(printf '\033')" "$work/out" && fail "colour written to a pipe"
q 0 --db index --exact --color always harbour
grep -q "$(printf '\033')\[1;31mharbour" "$work/out" || fail "--color always: no highlight: $(cat "$work/out")"
NO_COLOR=1 q 0 --db index --exact --color always harbour
grep -q "$(printf '\033')" "$work/out" && fail "NO_COLOR: colour written"

# hostile file names and titles reach a terminal neutralised, and JSON as data
q 0 --db index --color always quayside
grep -q 'news/e?\[2J.txt' "$work/out" || fail "escape in a file name not neutralised: $(cat -v "$work/out")"
grep -q 'Quayside ?\[31mred?\[0m title' "$work/out" || fail "escape in a title not neutralised: $(cat -v "$work/out")"
q 0 --db index --format json quayside
grep -q 'Quayside \\u001B\[31mred' "$work/out" || fail "json: title escape not kept as data: $(cat "$work/out")"

# json: one document with format_version, query, parsed, total and hits
q 0 --db index --exact --format json --limit 1 harbour
cat >"$work/expected" <<'EOF'
{
  "format_version": 1,
  "query": "harbour",
  "parsed": "harbour[exact<-harbour]",
  "total": {
    "estimate": 2,
    "lower": 2,
    "upper": 2,
    "exact": true
  },
  "offset": 0,
  "limit": 1,
  "count": 1,
  "hits": [
    {
      "rank": 1,
      "docid": D,
      "path": "WORK/news/a.txt",
      "title": "Harbour reopens in Tripoli",
      "date": null,
      "score": S,
      "snippets": [
        {
          "text": "…The harbour of Tripoli reopened on Monday.…",
          "highlights": [
            [
              7,
              14
            ]
          ]
        }
      ],
      "matched": [
        {
          "query": "harbour",
          "term": "harbour",
          "rule": "exact",
          "form": "Harbour",
          "field": "text"
        }
      ]
    }
  ]
}
EOF
same "json"
q 0 --db index --exact --format-version 1 --format jsonl harbour
[ "$(wc -l <"$work/out")" -eq 3 ] || fail "jsonl: not 2 hits and a summary: $(cat "$work/out")"
head -n 1 "$work/out" | grep -q '^{"type":"hit","rank":1,' || fail "jsonl: first line: $(head -n 1 "$work/out")"
tail -n 1 "$work/out" | grep -q '^{"type":"summary","format_version":1,"query":"harbour",' || fail "jsonl: summary: $(tail -n 1 "$work/out")"
q 1 --db index --format json zzyzxqwv
grep -q '"hits": \[\]' "$work/out" || fail "json without hits has no empty hits list: $(cat "$work/out")"

# --count prints the exact number only
q 0 --db index --exact --count harbour OR bread
[ "$(cat "$work/out")" = 3 ] || fail "--count: $(cat "$work/out")"
q 1 --db index --count zzyzxqwv
[ "$(cat "$work/out")" = 0 ] || fail "--count of nothing: $(cat "$work/out")"

# --explain shows the parsed query and why each hit matched
q 0 --db index --exact --explain harbour
grep -q '^query: harbour\[exact<-harbour\]' "$work/out" || fail "--explain: no parsed query: $(cat "$work/out")"
grep -q '^   matched: harbour -> Harbour (exact)' "$work/out" || fail "--explain: no match: $(cat "$work/out")"

# a wildcard's matches are reported and highlighted, though Xapian names no term for them
q 0 --db index --format jsonl --limit 1 'harb*'
head -n 1 "$work/out" | grep -q '"matched":\[{"query":"harb\*","term":"harb\*","rule":"exact","form":"Harbour","field":"text"}\]' ||
    fail "wildcard: matched: $(head -n 1 "$work/out")"
head -n 1 "$work/out" | grep -q '"highlights":\[\[[0-9]*,[0-9]*\]' || fail "wildcard: no highlight: $(head -n 1 "$work/out")"

# several indexes searched as one, ranked together
q 0 --db index --db index2 --exact --format paths harbour
[ "$(wc -l <"$work/out")" -eq 3 ] || fail "two indexes: $(cat "$work/out")"
grep -q "$work/more/d.txt" "$work/out" || fail "two indexes: second index missing: $(cat "$work/out")"

# exit codes: 1 no hits, 2 usage and query errors (naming the column), 3 index problems
q 1 --db index zzyzxqwv
[ -s "$work/out" ] && fail "no hits printed to stdout: $(cat "$work/out")"
q 2 --db index 'harbour AND (bread'
grep -q 'query column 13: this .(. is never closed' "$work/err" || fail "query error: $(cat "$work/err")"
q 2 --db index 'author:smith'
grep -q "query column 1: unknown field 'author'" "$work/err" || fail "unknown field: $(cat "$work/err")"
q 2 --db index '"harbour'
q 2 --db index 'harbour OR'
q 2 --db index ''
q 2 --db index --format xml harbour
q 2 --db index --format-version 2 harbour
q 2 --db index -0 harbour
q 2 --db index --sort random harbour
q 2 --db index --limit 0 harbour
q 2 --db index --offset -1 harbour
q 2 --db index --color sometimes harbour
q 2 --db index --no-such-option harbour
q 2 --db index
q 3 --db missing harbour
grep -q "'missing'" "$work/err" || fail "missing index not named: $(cat "$work/err")"
mkdir "$work/garbage" && printf 'not an index' >"$work/garbage/iamglass"
q 3 --db garbage harbour
q 3 --db index --db missing harbour
q 0 --help
[ "$(wc -l <"$work/out")" -le 24 ] || fail "--help does not fit on a screen: $(wc -l <"$work/out") lines"
grep -q -- '--format' "$work/out" || fail "--help does not document --format"

finish "query cli"
