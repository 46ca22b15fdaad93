#!/bin/sh
# dalil-index end to end: formats and encodings, the summary (text and JSON), incremental
# runs (add, change, touch, delete, --full), skipped and unreadable files, symbolic link
# loops, --exclude, boilerplate, usage errors, and, made deterministic with a named pipe
# that holds the indexer at a known point: the lock error, a file vanishing mid-run,
# Ctrl-C (exit 130 after a commit) and kill -9 (the index opens at its last commit and a
# re-run completes).
# Usage: test_indexer.sh DALIL_INDEX DALIL_QUERY
set -u
index_bin=$1 query_bin=$2
work=$(mktemp -d)
pids=
trap 'for p in $pids; do kill -9 "$p" 2>/dev/null; done; chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
. "$(dirname "$0")/../check.sh"

# json_field NAME: a number from the JSON summary in $work/out.
json_field() { sed -n "s/^ *\"$1\": \([0-9.]*\),*$/\1/p" "$work/out"; }
expect_field() {
    got=$(json_field "$1")
    [ "$got" = "$2" ] || fail "$3: $1 is '$got', expected $2; summary: $(tr -d '\n' < "$work/out")"
}
# found WORD / absent WORD: whether a search in $db finds it.
found() { "$query_bin" --db "$db" "$@" >/dev/null 2>&1 || fail "search '$*' found nothing"; }
absent() {
    "$query_bin" --db "$db" "$@" >/dev/null 2>&1
    [ $? -eq 1 ] || fail "search '$*' should find nothing"
}
# wait_for FILE PATTERN: until FILE holds PATTERN (60 s at most: sanitizers are slow).
wait_for() {
    i=0
    while ! grep -q "$2" "$1" 2>/dev/null; do
        i=$((i + 1))
        [ "$i" -le 600 ] || { fail "timed out waiting for '$2' in $1: $(cat "$1")"; return 1; }
        sleep 0.1
    done
}

# ---- A corpus of every format -----------------------------------------------------
c=$work/corpus
mkdir -p "$c/news" "$c/feeds" "$c/mail"
printf 'Ad sales boost Zanzibarco profit\n\nJune 29, 2016\n\nQuarterly profits at Zanzibarco jumped.\n' > "$c/news/001.txt"
printf -- '---\ntitle: Markdown ceasefire\ndate: 2024-02-03\n---\n\nThe mdonlyword talks.\n' > "$c/news/post.md"
printf 'Latin title\n\nIt was a caf\351 cr\350me matter: latinoneword.\n' > "$c/news/latin1.txt"
printf '<html><head><title>Page</title><meta name="date" content="2019-07-08"></head><body><script>scriptonlyword</script><p>htmlonlyword here</p></body></html>' > "$c/news/page.html"
printf 'From: a@b.c\nSubject: Usenet subjectword\nNewsgroups: talk.politics\n\nmailbodyword in the body.\n' > "$c/mail/53318"
printf '<DOC>\n<DOCNO>D-1</DOCNO>\n<TITLE>First trec</TITLE>\n<TEXT>trecfirstword</TEXT>\n</DOC>\n<DOC>\n<DOCNO>D-2</DOCNO>\n<TITLE>Second</TITLE>\n<TEXT>trecsecondword</TEXT>\n</DOC>\n' > "$c/feeds/ant.txt"
printf 'title,text,date\nCSV one,csvfirstword,2020-01-02\nCSV two,csvsecondword,2020-01-03\n' > "$c/feeds/table.csv"
printf '{"title": "J1", "text": "jsonlfirstword"}\n{"title": "J2", "text": "jsonlsecondword"}\n' > "$c/feeds/items.jsonl"
printf '2023-10-03\tReuters\tGaza tsvheadlineword\thttps://r.com/a\n2023-10-04\tBBC\tSecond headline\thttps://b.com/b\n' > "$c/feeds/gaza-news.txt"
printf '\177ELF\002\001\001\000\000\000binary' > "$c/news/program"
printf 'tiny\n' > "$c/news/.hidden.txt"
db=$work/index

expect_exit 0 "$index_bin" --db "$db" --format json "$c"
expect_field files 10 "first run"
expect_field added 9 "first run"
expect_field skipped 1 "first run (the binary)"
expect_field documents 13 "first run: 6 files of one article, 2 TREC, 2 CSV, 2 JSONL, 2 TSV records... minus"
grep -q 'latin1.txt:3: not valid UTF-8 (2 bytes), read as Latin-1/Windows-1252' "$work/err" || fail "no Latin-1 warning with its line: $(cat "$work/err")"
grep -q 'program: binary content, skipped' "$work/err" || fail "binary file not reported: $(cat "$work/err")"
for word in Zanzibarco mdonlyword latinoneword café htmlonlyword mailbodyword subjectword \
            trecfirstword trecsecondword csvfirstword csvsecondword jsonlfirstword \
            jsonlsecondword tsvheadlineword; do
    found "$word"
done
absent scriptonlyword
absent tiny

# The text summary, and a second run that finds nothing to do.
expect_exit 0 "$index_bin" --db "$db" "$c"
grep -q 'indexed 0 files .* 0 added, 0 updated, 0 removed, 9 unchanged, 1 skipped, 0 failed; 13 documents' "$work/err" ||
    fail "second run summary: $(cat "$work/err")"

# ---- Incremental: change, touch, delete, add, --full --------------------------------
sleep 0.01
printf 'Ad sales boost Zanzibarco profit\n\nNow about quokkaword instead.\n' > "$c/news/001.txt"
touch "$c/news/post.md"                 # new mtime, same content
rm "$c/feeds/table.csv"                 # two records gone
printf 'New file\n\nfreshword\n' > "$c/news/002.txt"
expect_exit 0 "$index_bin" --db "$db" --format json "$c"
expect_field added 1 "incremental"
expect_field updated 1 "incremental"
expect_field removed 1 "incremental"
expect_field unchanged 7 "incremental (the touched file's hash is the same)"
expect_field documents 12 "incremental"
found quokkaword
found freshword
# The spelling table is fed: a misspelt word gets the indexed spelling suggested.
"$query_bin" --db "$db" freshwrod >"$work/out" 2>&1
grep -q freshword "$work/out" || fail "no spelling suggestion for freshwrod: $(cat "$work/out")"
absent Quarterly
absent csvfirstword
found mdonlyword
expect_exit 0 "$index_bin" --db "$db" --format json "$c"
expect_field unchanged 9 "after restamping the touched file"
expect_exit 0 "$index_bin" --db "$db" --format json --full "$c"
expect_field updated 9 "--full"
expect_field documents 12 "--full"

# A new alias table re-indexes everything; the same table again changes nothing; a bad
# one is a usage error naming its line.
printf 'zanzi\tZanzibarco\tZed Corporation\n' > "$work/aliases.tsv"
expect_exit 0 "$index_bin" --db "$db" --format json --aliases "$work/aliases.tsv" "$c"
expect_field updated 9 "a new alias table"
grep -q 'alias table changed' "$work/err" || fail "the alias table change is not reported: $(cat "$work/err")"
found Zed Corporation
expect_exit 0 "$index_bin" --db "$db" --format json --aliases "$work/aliases.tsv" "$c"
expect_field unchanged 9 "the same alias table"
printf 'Bad Group!\tx\n' > "$work/bad-aliases.tsv"
expect_exit 2 "$index_bin" --db "$db" --aliases "$work/bad-aliases.tsv" "$c"
grep -q 'bad-aliases.tsv' "$work/err" || fail "a bad alias table's error does not name it: $(cat "$work/err")"

# Indexing one subdirectory leaves the others' documents alone.
expect_exit 0 "$index_bin" --db "$db" --format json "$c/mail"
expect_field removed 0 "a subdirectory run"
expect_field documents 12 "a subdirectory run"

# ---- Boilerplate --------------------------------------------------------------------
b=$work/blog
mkdir -p "$b"
for i in 1 2 3 4 5 6 7 8; do
    printf 'Post %s\n\nStory number %s about topic%s.\n\nShare this article\nLeave a Reply\n(c) 2007-2023 Solve Problems. All Rights Reserved\n' "$i" "$i" "$i" > "$b/post$i.txt"
done
bdb=$work/blog-index
expect_exit 0 "$index_bin" --db "$bdb" --format json "$b"
expect_field boilerplate_lines 3 "boilerplate"
"$query_bin" --db "$bdb" reply >/dev/null 2>&1; [ $? -eq 1 ] || fail "boilerplate 'Leave a Reply' is still matched"
"$query_bin" --db "$bdb" topic3 >/dev/null 2>&1 || fail "the article's own words were lost with the boilerplate"
expect_exit 0 "$index_bin" --db "$bdb" --format json --full --keep-boilerplate "$b"
"$query_bin" --db "$bdb" reply >/dev/null 2>&1 || fail "--keep-boilerplate did not keep it"

# ---- Skipped, unreadable, loops, exclusions, the index itself -------------------------
s=$work/odd
mkdir -p "$s/sub"
printf 'Good\n\ngoodword\n' > "$s/good.txt"
ln -s .. "$s/sub/loop"
ln -s "$s/missing" "$s/dangling.txt"
ln -s "$s/good.txt" "$s/alias.txt"      # the same file twice: indexed once
head -c 2000000 /dev/zero | tr '\0' 'a' > "$s/huge.txt"
printf 'excluded\n\nexcludedword\n' > "$s/skip-me.log"
sdb=$s/index-inside
printf '\033]0;x\007' > "$work/esc"; esc=$(cat "$work/esc")
printf '\177ELF\000' > "$s/bad${esc}name"   # a binary file whose name holds escapes
expect_exit 0 "$index_bin" --db "$sdb" --format json --max-size 1 --exclude '*.log' "$s"
grep -q 'bad?]0;x?name: binary content' "$work/err" || fail "a file name's control characters reached the terminal: $(cat -v "$work/err")"
expect_field added 1 "odd files"
grep -q 'loop: directory already indexed' "$work/err" || fail "symlink loop not reported: $(cat "$work/err")"
grep -q 'dangling.txt: dangling symbolic link' "$work/err" || fail "dangling link not reported: $(cat "$work/err")"
grep -q 'huge.txt: 2.0 MB, larger than --max-size' "$work/err" || fail "huge file not reported: $(cat "$work/err")"
db=$sdb
absent excludedword
found goodword
# A path that cannot be read is reported and makes the exit status 1 (also as root, who
# reads any file).
expect_exit 1 "$index_bin" --db "$sdb" --exclude '*.log' "$s" "$work/no-such-dir"
grep -q 'no-such-dir: No such file or directory' "$work/err" || fail "a missing path is not reported: $(cat "$work/err")"
found goodword
if [ "$(id -u)" -ne 0 ]; then
    printf 'Secret\n\nsecretword\n' > "$s/secret.txt"
    chmod 000 "$s/secret.txt"
    expect_exit 1 "$index_bin" --db "$sdb" --exclude '*.log' "$s"
    grep -q 'secret.txt: Permission denied' "$work/err" || fail "unreadable file not reported: $(cat "$work/err")"
    grep -q '1 failed' "$work/err" || fail "unreadable file not counted: $(cat "$work/err")"
    chmod 644 "$s/secret.txt"
fi

# An index whose alias table is damaged cannot be written: exit 3 with the reason, and no
# "out of memory" after it (once printed for any failure to set up the analyzer).
if command -v xapian-metadata >/dev/null 2>&1; then
    ddb=$work/damaged-index
    expect_exit 0 "$index_bin" --quiet --db "$ddb" "$s/good.txt"
    xapian-metadata set "$ddb" dalil.aliases "$(printf 'no tabs in this line\n')"
    expect_exit 3 "$index_bin" --db "$ddb" "$s/good.txt"
    grep -q "alias table is unreadable" "$work/err" || fail "damaged alias table not reported: $(cat "$work/err")"
    grep -q "out of memory" "$work/err" && fail "a damaged alias table reported as out of memory: $(cat "$work/err")"
fi

# ---- Usage errors -------------------------------------------------------------------
expect_exit 2 "$index_bin" --db "$db"
expect_exit 2 "$index_bin" --db "$db" --threads 0 "$c"
expect_exit 2 "$index_bin" --db "$db" --format xml "$c"
expect_exit 2 "$index_bin" --db "$db" --field colour=x "$c"
grep -q 'field' "$work/err" || fail "--field error does not say what is wrong"
expect_exit 0 "$index_bin" --help
grep -q -- '--exclude' "$work/out" || fail "--help does not document --exclude"

# ---- Held by a named pipe: lock, vanishing file, Ctrl-C, kill -9 ----------------------
p=$work/piped
mkdir -p "$p"
i=1
while [ $i -le 30 ]; do printf 'Doc %s\n\npipedword%s\n' $i $i > "$p/b$(printf %03d $i).txt"; i=$((i + 1)); done
mkfifo "$p/a-pipe"
pdb=$work/piped-index

# The lock: the first indexer opens the index before it reads the pipe, so once the
# pipe is open at both ends the index is certainly locked.
"$index_bin" --db "$pdb" --threads 1 --quiet "$p/a-pipe" >/dev/null 2>"$work/first.err" &
first=$!; pids="$pids $first"
exec 3>"$p/a-pipe"
expect_exit 3 "$index_bin" --db "$pdb" "$p"
grep -q 'locked' "$work/err" || fail "second indexer's error does not say locked: $(cat "$work/err")"
printf 'Piped\n\nfrompipeword\n' >&3
exec 3>&-
wait "$first" || fail "the first indexer failed: $(cat "$work/first.err")"
db=$pdb
found frompipeword

# A file that vanishes after the walk is reported and the run goes on (one worker, held
# by the pipe, which sorts first; a pipe is read only when named: the walk skips it).
rm -rf "$pdb"
"$index_bin" --db "$pdb" --threads 1 --format json "$p/a-pipe" "$p" >"$work/vanish.out" 2>"$work/vanish.err" &
first=$!; pids="$pids $first"
exec 3>"$p/a-pipe"
rm "$p/b001.txt"
printf 'Piped\n\n' >&3
exec 3>&-
wait "$first"; status=$?
[ "$status" -eq 0 ] || fail "a vanished file made the run exit $status: $(cat "$work/vanish.err")"
grep -q 'b001.txt: vanished during the run' "$work/vanish.err" || fail "vanished file not reported: $(cat "$work/vanish.err")"
printf 'Doc 1\n\npipedword1\n' > "$p/b001.txt"

# Ctrl-C: the 14 files before the pipe are read, 10 of them committed (--commit-every 5),
# the pipe holds the run, SIGINT stops it: exit 130, and what was written is committed.
rm -rf "$pdb"
mv "$p/a-pipe" "$p/b015-pipe"           # between b014.txt and b015.txt
"$index_bin" --db "$pdb" --threads 1 --verbose --commit-every 5 --format json "$p/b015-pipe" "$p" >"$work/int.out" 2>"$work/int.err" &
first=$!; pids="$pids $first"
exec 3>"$p/b015-pipe"
wait_for "$work/int.err" 'committed: 10 documents'
kill -INT "$first"
exec 3>&-
wait "$first"; status=$?
[ "$status" -eq 130 ] || fail "Ctrl-C: exit $status, expected 130: $(cat "$work/int.err")"
grep -q '"interrupted": true' "$work/int.out" || fail "Ctrl-C: summary does not say interrupted: $(cat "$work/int.out")"
grep -q '"documents": 1[0-5],' "$work/int.out" || fail "Ctrl-C: the documents before the pipe were not committed: $(cat "$work/int.out")"
expect_exit 0 "$index_bin" --db "$pdb" --format json "$p"
expect_field documents 30 "a run after Ctrl-C"

# kill -9 after a commit: the index opens, holds what that commit held, and a re-run
# completes it.
rm -rf "$pdb"
"$index_bin" --db "$pdb" --threads 1 --verbose --commit-every 5 "$p/b015-pipe" "$p" >/dev/null 2>"$work/kill.err" &
first=$!; pids="$pids $first"
exec 3>"$p/b015-pipe"
wait_for "$work/kill.err" 'committed: 10 documents'
kill -9 "$first"
wait "$first" 2>/dev/null
exec 3>&-
db=$pdb
found pipedword1
absent pipedword29
if command -v xapian-delve >/dev/null; then
    count=$(doc_count "$pdb")
    [ "$count" = 10 ] || fail "after kill -9 the index holds $count documents, expected the 10 committed"
fi
rm "$p/b015-pipe"
expect_exit 0 "$index_bin" --db "$pdb" --format json "$p"
expect_field added 20 "the re-run after kill -9"
expect_field documents 30 "the re-run after kill -9"
found pipedword29

finish "indexer cli"
