#!/bin/sh
# make_corpus.sh DIR FILES: writes FILES deterministic pseudo-random news-like articles
# (about 2 KB each, .txt) under DIR, for tests that need a run long enough to interrupt.
set -eu
dir=$1 files=$2
mkdir -p "$dir"
awk -v dir="$dir" -v files="$files" 'BEGIN {
    srand(7)
    n = split("the of and to in a is that for on was with said by as at from his it an " \
              "were are which this be or has had not their but have they been gaddafi " \
              "qadhafi kadhafi isis daesh aleppo mosul raqqa syria iraq libya tripoli " \
              "benghazi deir ezzor hezbollah beirut gaza ceasefire forces rebels army " \
              "government minister talks oil prices market reported officials attack", words, " ")
    for (f = 1; f <= files; f++) {
        path = sprintf("%s/d%03d/article-%05d.txt", dir, f % 50, f)
        if (f <= 50) system("mkdir -p " dir "/d" sprintf("%03d", f % 50))
        printf "Report %d on %s and %s\n\n", f, words[int(rand() * n) + 1], words[int(rand() * n) + 1] > path
        for (w = 0; w < 330; w++)
            printf "%s%s", words[int(rand() * n) + 1], (w % 15 == 14 ? ".\n" : " ") > path
        printf "\nunique%d\n", f > path
        close(path)
    }
}'
