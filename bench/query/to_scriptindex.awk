# to_scriptindex.awk: one scriptindex record per input file: path, title (its first
# non-empty line) and text (continuation lines start with "=").
FNR == 1 { if (NR > 1) print ""; print "path=" FILENAME; titled = 0 }
{ gsub(/\r/, "") }
!titled && NF { print "title=" $0; titled = 1; printf "text=" ; print $0; next }
titled { print "=" $0 }
END { print "" }
