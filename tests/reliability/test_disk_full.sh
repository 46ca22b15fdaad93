#!/bin/sh
# Disk full and read-only index: on a 3 MiB tmpfs, dalil-index runs out of space, exits 3
# with a message that says so, and leaves a valid index at its last commit that can be
# searched and then completed (with one writer, and with shards); on the same file system remounted read-only, dalil-index
# fails clearly (not "locked") and dalil-query still searches.
# Needs root to mount a tmpfs; skips (exit 77) otherwise.
# Usage: test_disk_full.sh DALIL_INDEX DALIL_QUERY
set -u
index_bin=$1 query_bin=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
mnt=$work/mnt
mkdir -p "$mnt"
if [ "$(id -u)" -ne 0 ] || ! mount -t tmpfs -o size=3m tmpfs "$mnt" 2>/dev/null; then
    rm -rf "$work"
    echo "SKIP: mounting a small tmpfs needs root"
    exit 77
fi
trap 'umount "$mnt" 2>/dev/null; umount "$work/mnt2" 2>/dev/null; rm -rf "$work"' EXIT
. "$(dirname "$0")/../check.sh"
sh "$here/make_corpus.sh" "$work/corpus" 3000
db=$mnt/index

# With shards: the shards or their merge fill the disk; the index stays at its last
# commit (here: the first files, indexed before) and no shard is left behind.
mkdir -p "$work/mnt2"
mount -t tmpfs -o size=3m tmpfs "$work/mnt2" || fail "mount a second tmpfs"
"$index_bin" --quiet --shards off --db "$work/mnt2/index" "$work/corpus/d001" || fail "a first small run"
"$index_bin" --shards on --db "$work/mnt2/index" "$work/corpus" >/dev/null 2>"$work/err"
status=$?
[ "$status" -eq 3 ] || fail "a full disk with shards: dalil-index exited $status, expected 3"
grep -qi "no space left" "$work/err" || fail "with shards, the error does not say the disk is full: $(tail -n 2 "$work/err")"
xapian-check "$work/mnt2/index" >/dev/null 2>&1 || fail "the index fails xapian-check after shards filled the disk"
count=$(doc_count "$work/mnt2/index")
[ "$count" = 60 ] || fail "after shards filled the disk: $count documents, expected the 60 of the first run"
[ ! -e "$work/mnt2/.index.shards" ] || fail "shards left behind after a full disk"
umount "$work/mnt2"

"$index_bin" --shards off --db "$db" "$work/corpus" >/dev/null 2>"$work/err"
status=$?
[ "$status" -eq 3 ] || fail "a full disk: dalil-index exited $status, expected 3"
grep -qi "no space left" "$work/err" || fail "the error does not say the disk is full: $(tail -n 2 "$work/err")"
grep -q "corrupt" "$work/err" && fail "a full disk was reported as corruption: $(tail -n 2 "$work/err")"
xapian-check "$db" >/dev/null 2>&1 || fail "the index fails xapian-check after the disk filled"
count=$(doc_count "$db")
recorded=$(xapian-metadata get "$db" dalil.doccount)
[ "$count" = "${recorded:-0}" ] || fail "after a full disk: $count documents, the last commit recorded ${recorded:-none}"
"$query_bin" --db "$db" report >/dev/null 2>"$work/err"
[ $? -le 1 ] || fail "search after a full disk: $(cat "$work/err")"

mount -o remount,size=200m "$mnt" || fail "remount larger"
"$index_bin" --db "$db" "$work/corpus" >/dev/null 2>"$work/err" || fail "the run after freeing space: $(tail -n 2 "$work/err")"
count=$(doc_count "$db")
[ "$count" = 3000 ] || fail "after freeing space the index holds $count documents, expected 3000"

mount -o remount,ro "$mnt" || fail "remount read-only"
"$index_bin" --db "$db" "$work/corpus/d001" >/dev/null 2>"$work/err"
status=$?
[ "$status" -eq 3 ] || fail "a read-only index: dalil-index exited $status, expected 3"
grep -qi "read-only" "$work/err" || fail "the error does not say read-only: $(cat "$work/err")"
grep -q "another dalil-index" "$work/err" && fail "a read-only file system was reported as a lock held by another indexer"
"$query_bin" --db "$db" report >/dev/null 2>"$work/err" || fail "search on a read-only index: $(cat "$work/err")"

finish "disk full and read-only"
