#!/bin/sh
# End to end over the sample corpus (docs/sample-corpus.md, whose tables say which article
# spells which name how): a query finds a name in every spelling and script it is written
# in, and the traps (the goddess Isis, the verb "is", a missile, acid rain, corn) stay out.
# Each case: the query, then "+file" for articles it must find, "-file" for those it must not.
set -u
index_bin=$1 query_bin=$2 corpus=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/../check.sh"

"$index_bin" --quiet --db "$work/index" "$corpus" >"$work/out" 2>&1 || {
    echo "FAIL: indexing the sample corpus: $(cat "$work/out")"; exit 1; }

# check QUERY [+|-]PATH...: PATH relative to the corpus, without extension.
check() {
    query=$1; shift
    "$query_bin" --db "$work/index" --limit 100 --format paths -- "$query" >"$work/hits" 2>"$work/err"
    code=$?
    [ "$code" -le 1 ] || { fail "'$query' exited $code: $(cat "$work/err")"; return; }
    for want in "$@"; do
        path=${want#?}
        if grep -q "/$path\.[a-z]*\$" "$work/hits"; then found=+; else found=-; fi
        case $want in
            +*) [ "$found" = + ] || fail "'$query' does not find $path" ;;
            -*) [ "$found" = - ] || fail "'$query' finds $path" ;;
        esac
    done
}

# Islamic State by every name: acronyms in capitals only, Arabic with and without hamza.
# ISIS and IS are ambiguous even in capitals (the library catalogue's ISIS): in a text
# they stand for the group only where it is also named otherwise, so the articles that
# say only ISIS (raqqa) or only IS (albu-kamal) are found by those words themselves.
check "ISIS" +syria/raqqa-residents-return +syria/deir-ez-zor-siege-broken \
    +syria/deir-ezzor-pumping-station +syria/dayr-az-zawr-oil-trade \
    +syria/deir-el-zour-libyan-volunteers +iraq/mosul-old-city-rebuild +libya/sirte-detainees-trial \
    +arabic/deir-ezzor-bakeries +arabic/mosul-university-library +arabic/khan-younis-arrests \
    -culture/cult-of-isis-exhibition -science/haboob-dust-storms
check "IS" +syria/albu-kamal-battle -science/haboob-dust-storms -culture/cult-of-isis-exhibition
check "Islamic State" +syria/deir-ez-zor-siege-broken +syria/deir-ezzor-pumping-station \
    +syria/dayr-az-zawr-oil-trade +iraq/mosul-old-city-rebuild +arabic/deir-ezzor-bakeries \
    +arabic/khan-younis-arrests -culture/cult-of-isis-exhibition -science/isis-library-catalogue \
    -science/haboob-dust-storms
check "داعش" +syria/deir-ezzor-pumping-station +iraq/mosul-old-city-rebuild +arabic/deir-ezzor-bakeries \
    -culture/cult-of-isis-exhibition -science/isis-library-catalogue
check '"الدولة الإسلامية"' +arabic/mosul-university-library +arabic/khan-younis-arrests
check "Isis" +culture/cult-of-isis-exhibition

# Gaddafi in eight spellings and in Arabic, with diacritics, article and tatweel.
check "Gaddafi" +syria/deir-el-zour-libyan-volunteers +lebanon/tyre-rally-gaddafi-files \
    +libya/tripoli-intelligence-files +libya/sirte-detainees-trial +gaza/khan-younis-libya-returnees \
    +gaza/khan-yunis-school-plaque +culture/transliteration-style-guide \
    +arabic/libya-archive-lebanese-cleric
check "القذافي" +libya/tripoli-intelligence-files +gaza/khan-yunis-school-plaque \
    +arabic/libya-archive-lebanese-cleric

# Deir ez-Zor: sun-letter article split, glued, spelled otherwise, in Arabic.
check '"Deir ez-Zor"' +syria/deir-ez-zor-siege-broken +syria/deir-ezzor-pumping-station \
    +syria/dayr-az-zawr-oil-trade +syria/albu-kamal-battle +syria/deir-el-zour-libyan-volunteers \
    +arabic/deir-ezzor-bakeries
check '"دير الزور"' +syria/deir-ez-zor-siege-broken +syria/dayr-az-zawr-oil-trade +arabic/deir-ezzor-bakeries
# Unquoted, the hyphenated compound joins the bare word before it: one name of three words.
check 'Deir ez-Zor' +syria/deir-ez-zor-siege-broken +syria/deir-ezzor-pumping-station \
    +syria/dayr-az-zawr-oil-trade +syria/albu-kamal-battle +syria/deir-el-zour-libyan-volunteers \
    +arabic/deir-ezzor-bakeries

# The traps: a name's key never reaches an ordinary English word.
check "Mosul" +iraq/mosul-old-city-rebuild +arabic/mosul-university-library -science/red-sea-missile-test
check "missile" +science/red-sea-missile-test -iraq/mosul-old-city-rebuild
check "al-Qaeda" +syria/deir-ezzor-pumping-station +lebanon/hizballah-west-africa-sanctions \
    +libya/tripoli-intelligence-files +libya/sirte-detainees-trial +culture/transliteration-style-guide \
    +arabic/khan-younis-arrests -science/gulf-acid-rain-study
check "acid" +science/gulf-acid-rain-study -syria/deir-ez-zor-siege-broken
check "Quran" +culture/kairouan-quran-conservation +culture/koran-manuscripts-geneva \
    -economy/nile-delta-corn-harvest
check "corn" +economy/nile-delta-corn-harvest -culture/koran-manuscripts-geneva

# One word or several, and other scripts.
check "Hezbollah" +syria/deir-ez-zor-siege-broken +syria/albu-kamal-battle +lebanon/tyre-rally-gaddafi-files \
    +lebanon/hizballah-west-africa-sanctions +culture/transliteration-style-guide \
    +arabic/libya-archive-lebanese-cleric
check "Khan Younis" +gaza/khan-younis-libya-returnees +gaza/khan-yunis-school-plaque +arabic/khan-younis-arrests
check "bin Laden" +lebanon/hizballah-west-africa-sanctions +libya/tripoli-intelligence-files \
    +libya/sirte-detainees-trial

# =word and --exact turn the variants off.
check "=Gaddafi" +lebanon/tyre-rally-gaddafi-files -libya/tripoli-intelligence-files
"$query_bin" --db "$work/index" --exact --limit 100 --format paths -- Qadhafi >"$work/hits" 2>&1
[ "$(grep -c . "$work/hits")" -eq 1 ] || fail "--exact Qadhafi: $(cat "$work/hits")"

# The exact spelling ranks first.
"$query_bin" --db "$work/index" --limit 1 --format paths -- Kadhafi >"$work/hits" 2>&1
grep -q "khan-younis-libya-returnees" "$work/hits" || fail "Kadhafi: the exact spelling is not first: $(cat "$work/hits")"

finish "variants over the sample corpus"
