#!/bin/sh
# dalil-index --shards: new files written by the threads into shards and merged at the end
# give the same index as one writer: the same documents, ids, rankings, snippets and
# spelling suggestions, on a first run and on a run that adds files to an index. Also:
# updates and removals beside shards, the shards directory is never indexed nor left
# behind, indexes searched as one (--db repeated), a swap cut short between its two renames is undone by the next run, and a
# shard that cannot be written costs no indexed data.
# Usage: test_shards.sh DALIL_INDEX DALIL_QUERY SAMPLE_CORPUS
set -u
index_bin=$1 query_bin=$2 sample=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
. "$here/../check.sh"

c=$work/corpus
mkdir -p "$c"
cp -r "$sample" "$c/sample"
sh "$here/../reliability/make_corpus.sh" "$c/generated" 800

# index NAME SHARDS PATH...: indexes PATH... into $work/NAME with --shards SHARDS.
index() {
    name=$1 shards=$2; shift 2
    expect_exit 0 "$index_bin" --quiet --threads 2 --shards "$shards" --db "$work/$name" "$@"
}
# same_results A B WHAT: every query gives the same output (JSON: ids, scores, snippets,
# matched forms) over the indexes A and B.
same_results() {
    for q in gaddafi 'qadhafi OR isis' '"forces rebels"' 'mosul NEAR/3 army' unique17 \
             unique799 'title:report' 'prices -oil' 'gadafi' 'hezbolah' 'نفط'; do
        "$query_bin" --db "$work/$1" --format json --limit 20 "$q" >"$work/a.json" 2>&1
        "$query_bin" --db "$work/$2" --format json --limit 20 "$q" >"$work/b.json" 2>&1
        cmp -s "$work/a.json" "$work/b.json" ||
            fail "$3: '$q' differs: $(diff "$work/a.json" "$work/b.json" | head -n 6)"
    done
}
docs() { doc_count "$work/$1"; }
command -v xapian-delve >/dev/null && command -v xapian-check >/dev/null ||
    { echo "SKIP: xapian-tools not installed"; exit 77; }

# ---- A first run: shards against one writer ---------------------------------------
index one off "$c"
expect_exit 0 "$index_bin" --verbose --threads 2 --shards on --db "$work/sharded" "$c"
grep -q "merged [0-9]* shards" "$work/err" || fail "--verbose does not report the merge: $(tail -n 3 "$work/err")"
[ "$(docs one)" = "$(docs sharded)" ] || fail "one writer: $(docs one) documents, shards: $(docs sharded)"
[ "$(xapian-metadata get "$work/sharded" dalil.doccount)" = "$(docs sharded)" ] ||
    fail "the merged index does not record its documents as its last commit's"
xapian-check "$work/sharded" >/dev/null 2>&1 || fail "xapian-check fails on the merged index"
same_results one sharded "first run"
[ ! -e "$work/.sharded.shards" ] || fail "shards left behind after a run"

# ---- Adding files to an index: the index and the new shards are merged -------------
sh "$here/../reliability/make_corpus.sh" "$work/more" 300
for f in "$work"/more/*/*.txt; do mv "$f" "${f%.txt}-more.txt"; done
cp -r "$work/more" "$c/more"
index one off "$c"
index sharded on "$c"
[ "$(docs sharded)" = "$(docs one)" ] || fail "after adding files: one writer $(docs one), shards $(docs sharded)"
same_results one sharded "files added"

# ---- Updates and removals go to the index, new files to shards, in one run --------
printf 'Changed\n\nqadhafi returned to unique17 today\n' > "$c/generated/d017/article-00017.txt"
rm -r "$c/more/d003"
sh "$here/../reliability/make_corpus.sh" "$work/third" 100
for f in "$work"/third/*/*.txt; do mv "$f" "${f%.txt}-third.txt"; done
cp -r "$work/third" "$c/third"
index one off "$c"
expect_exit 0 "$index_bin" --format json --threads 2 --shards on --db "$work/sharded" "$c"
grep -q '"updated": 1' "$work/out" || fail "update beside shards: $(tr -d '\n' < "$work/out")"
grep -q '"added": 100' "$work/out" || fail "new files beside an update: $(tr -d '\n' < "$work/out")"
[ "$(docs sharded)" = "$(docs one)" ] || fail "after updates: one writer $(docs one), shards $(docs sharded)"
same_results one sharded "updates, removals and new files"
expect_exit 0 "$index_bin" --format json --shards on --db "$work/sharded" "$c"
grep -q '"added": 0' "$work/out" || fail "a run after a sharded one re-indexes: $(tr -d '\n' < "$work/out")"

# ---- The shards directory is never indexed, even inside the corpus ----------------
expect_exit 0 "$index_bin" --quiet --shards on --db "$c/idx" "$c/sample"
expect_exit 0 "$index_bin" --quiet --shards on --db "$c/idx" "$c/sample"
[ ! -e "$c/.idx.shards" ] || fail "shards left in the corpus"
rm -rf "$c/idx"

# ---- An index reached by a symbolic link stays where it is, with its permissions --------
index real off "$c/sample"
chmod 700 "$work/real"
ln -s "$work/real" "$work/link"
expect_exit 0 "$index_bin" --quiet --threads 2 --shards on --db "$work/link" "$c/generated"
[ -L "$work/link" ] || fail "the symbolic link to the index was replaced"
[ "$(docs real)" -gt 800 ] || fail "the index behind the link holds $(docs real) documents after a run with shards"
[ "$(stat -c %a "$work/real")" = 700 ] || fail "the merged index has mode $(stat -c %a "$work/real"), not the old 700"
[ ! -e "$work/.real.shards" ] && [ ! -e "$work/.link.shards" ] || fail "shards left beside a linked index"

# ---- A swap cut short between its renames: the next run puts the index back --------
index cut off "$c/sample"
before=$(docs cut)
mkdir "$work/.cut.shards"
mv "$work/cut" "$work/.cut.shards/previous"
expect_exit 0 "$index_bin" --format json --db "$work/cut" "$c/sample"
[ "$(docs cut)" = "$before" ] || fail "after a cut swap: $(docs cut) documents, expected $before"
grep -q '"added": 0' "$work/out" || fail "the index put back was not the old one: $(tr -d '\n' < "$work/out")"
[ ! -e "$work/.cut.shards" ] || fail "the cut swap's shards directory is left"

# ---- A shard that cannot be written: exit 3, the index as it was --------------------
if [ "$(id -u)" -ne 0 ]; then
    index ro off "$c/sample"
    before=$(docs ro)
    mkdir "$work/.ro.shards" && chmod a-w "$work"
    expect_exit 3 "$index_bin" --quiet --shards on --db "$work/ro" "$c/generated"
    chmod u+w "$work"
    [ "$(docs ro)" = "$before" ] || fail "a failed shard run changed the index: $(docs ro), expected $before"
fi

# ---- Ctrl-C: the shards written so far are merged, and a re-run completes ----------
"$index_bin" --format json --threads 2 --shards on --db "$work/int" "$c" >"$work/int.json" 2>"$work/int.err" &
pid=$!
sleep 0.3
kill -INT "$pid" 2>/dev/null
wait "$pid"
status=$?
[ "$status" -eq 130 ] || [ "$status" -eq 0 ] || fail "Ctrl-C during a run with shards: exit $status: $(cat "$work/int.err")"
if [ -d "$work/int" ]; then
    xapian-check "$work/int" >/dev/null 2>&1 || fail "xapian-check after Ctrl-C with shards"
    [ "$(xapian-metadata get "$work/int" dalil.doccount)" = "$(docs int)" ] ||
        fail "after Ctrl-C: the index does not hold its last commit's documents"
    grep -q "\"documents_written\": $(docs int)," "$work/int.json" ||
        fail "after Ctrl-C the summary does not count the $(docs int) documents merged: $(tr -d '\n' < "$work/int.json")"
fi
[ ! -e "$work/.int.shards" ] || fail "shards left behind after Ctrl-C"
index int on "$c"
[ "$(docs int)" = "$(docs one)" ] || fail "after Ctrl-C and a re-run: $(docs int) documents, expected $(docs one)"

# ---- Indexes searched as one (--db repeated): phrases, whose forms are joined by
# Xapian's OP_MAX over one index, which crashed Xapian 1.4.22 over several ---------------
index part1 off "$c/sample"
index part2 off "$c/generated"
for q in '"the army"' '"forces rebels"' 'gaddafi "forces rebels"'; do
    expect_exit 0 "$query_bin" --db "$work/part1" --db "$work/part2" --format paths "$q"
done
grep -q "/generated/" "$work/out" || fail "a phrase over two indexes found nothing in the second"

# ---- Usage ------------------------------------------------------------------------
expect_exit 2 "$index_bin" --shards sometimes --db "$work/x" "$c/sample"
grep -q "auto" "$work/err" || fail "--shards usage error: $(cat "$work/err")"

finish "shards"
