# check.sh: what the shell tests share; each sources it (. "$(dirname "$0")/../check.sh")
# after making its $work directory.

failures=0

# fail MESSAGE: reports a failed check; the test goes on and fails at `finish`.
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_exit CODE COMMAND...: runs COMMAND, keeping stdout in $work/out and stderr in
# $work/err, and fails unless it exits with CODE.
expect_exit() {
    want=$1; shift
    "$@" >"$work/out" 2>"$work/err"
    got=$?
    [ "$got" -eq "$want" ] || fail "'$*' exited $got, expected $want; stderr: $(cat "$work/err")"
}

# doc_count INDEX: how many documents the Xapian index at INDEX holds (xapian-delve).
doc_count() { xapian-delve "$1" | sed -n 's/^number of documents = //p'; }

# finish NAME: exits 1 when a check failed, else says NAME is ok.
finish() {
    if [ "$failures" -ne 0 ]; then
        echo "$failures failed"
        exit 1
    fi
    echo "$1: ok"
}
