#!/bin/sh
# End to end over the sample corpus: dalil-index builds an index, dalil-query finds ranked
# hits in it, both find the index without flags, and every documented exit code appears.
set -u
index_bin=$1 query_bin=$2 corpus=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/../check.sh"


db=$work/index
n_files=$(find "$corpus" -type f \( -name '*.txt' -o -name '*.md' \) | wc -l)
[ "$n_files" -ge 20 ] || fail "the sample corpus has $n_files articles, expected at least 20"

expect_exit 0 "$index_bin" --db "$db" "$corpus"
grep -q "indexed $n_files files" "$work/err" || fail "summary does not report $n_files files: $(cat "$work/err")"

# A spelling found in exactly one article: asked for exactly (=, no variants), it is the
# first (and only) hit, with its title.
expect_exit 0 "$query_bin" --db "$db" =Qadhafi
grep -q '^1\. Documents in Tripoli Office Detail Qadhafi' "$work/out" || fail "Qadhafi: wrong first hit: $(cat "$work/out")"
grep -q 'libya/tripoli-intelligence-files.txt' "$work/out" || fail "Qadhafi: path missing: $(cat "$work/out")"
grep -q '^2\.' "$work/out" && fail "Qadhafi: more than one hit: $(cat "$work/out")"

# Arabic script: a query in Arabic finds the articles that use the word.
expect_exit 0 "$query_bin" --db "$db" القذافي
grep -q 'arabic/libya-archive-lebanese-cleric.txt' "$work/out" || fail "القذافي: Arabic article not found: $(cat "$work/out")"

# All words must match; ranking puts higher scores first.
expect_exit 0 "$query_bin" --db "$db" --limit 3 the
[ "$(grep -c '^[0-9]*\. ' "$work/out")" -eq 3 ] || fail "--limit 3 did not give 3 hits: $(cat "$work/out")"
scores=$(sed -n 's/.*score \([0-9.]*\)$/\1/p' "$work/out")
[ "$scores" = "$(echo "$scores" | sort -rn)" ] || fail "hits not ranked by score: $scores"

# Exit codes: 1 no hits, 2 usage, 3 index missing.
expect_exit 1 "$query_bin" --db "$db" zzyzxqwv
[ -s "$work/out" ] && fail "no-hit query printed to stdout: $(cat "$work/out")"
expect_exit 2 "$query_bin" --db "$db"
expect_exit 2 "$query_bin" --db "$db" --limit nope Gaddafi
expect_exit 2 "$query_bin" --db "$db" '...'
expect_exit 2 "$index_bin" --db "$db"
expect_exit 3 "$query_bin" --db "$work/missing" Gaddafi
grep -q "$work/missing" "$work/err" || fail "missing index error does not name it: $(cat "$work/err")"
expect_exit 0 "$query_bin" --help
grep -q -- '--db' "$work/out" || fail "--help does not document --db"

# Re-indexing replaces documents rather than adding them again.
expect_exit 0 "$index_bin" --db "$db" "$corpus"
expect_exit 0 "$query_bin" --db "$db" =Qadhafi
grep -q '^2\.' "$work/out" && fail "re-indexing duplicated a document: $(cat "$work/out")"

# No flags: dalil-index writes ./.dalil; dalil-query finds it from the directory or below.
mkdir -p "$work/project/sub"
(cd "$work/project" && "$index_bin" --quiet "$corpus") >"$work/out" 2>"$work/err" || fail "default index: $(cat "$work/err")"
[ -s "$work/err" ] && fail "--quiet printed: $(cat "$work/err")"
[ -d "$work/project/.dalil" ] || fail "dalil-index did not create ./.dalil"
(cd "$work/project/sub" && "$query_bin" Kadhafi) >"$work/out" 2>"$work/err" || fail "dalil-query did not find ../.dalil: $(cat "$work/err")"
(cd "$work" && DALIL_DB="$work/project/.dalil" "$query_bin" Kadhafi) >"$work/out" 2>&1 || fail "DALIL_DB not used"
(cd "$work" && "$query_bin" Kadhafi) >"$work/out" 2>"$work/err"
[ $? -eq 3 ] || fail "no index anywhere should exit 3"
grep -q 'dalil-index' "$work/err" || fail "missing default index error does not say how to make one"

# An index is never made inside a directory of the user's own files.
expect_exit 3 "$index_bin" --db "$corpus" "$corpus"
grep -q 'not an index' "$work/err" || fail "indexing into the corpus directory: $(cat "$work/err")"

finish "cli"
