/* variants.h: the spelling rules the analyzer applies to each word (folding, Arabic
 * normalisation and proclitics, name keys, articles) and the alias table, shared by
 * analyzer.c, variants.c, aliases.c and expand.c only. */
#ifndef DALIL_VARIANTS_H
#define DALIL_VARIANTS_H

#include "internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <unicode/unorm2.h>

/* Longest name key kept, in classes (one byte each). */
#define DALIL_KEY_MAX 48
/* Longest short key (see _dalil_short_key), in bytes. */
#define DALIL_SHORT_KEY_MAX 15

/* A word as the multi-word rules (joins, aliases) see it. */
enum {
    _DALIL_W_NAME = 1 << 0,           /* name-like: Arabic script, or not an English word */
    _DALIL_W_PARTICLE = 1 << 1,       /* bin, ibn, abu, abd, بن ...: starts a joined name */
    _DALIL_W_ARTICLE = 1 << 2,        /* al, el, ul, il, l: always an article */
    _DALIL_W_SUN_ARTICLE = 1 << 3,    /* ad, ar, as, ash, az, ez...: an article before the
                                         same consonant (ash-Sham, ez-Zor) */
    _DALIL_W_ACRONYM = 1 << 4,        /* written in capitals: ISIS, IS */
    _DALIL_W_ARABIC = 1 << 5,         /* Arabic script */
    _DALIL_W_CAPITALISED = 1 << 6,    /* first letter upper case in the text */
    _DALIL_W_ARTICLE_BOUND = 1 << 7,  /* follows an article, or carries one (Alqaeda, ال) */
    _DALIL_W_BREAK_BEFORE = 1 << 8,   /* punctuation before it: no name spans the gap */
    _DALIL_W_STOP = 1 << 9,           /* an Arabic function word: never part of a name */
    _DALIL_W_HYPHEN_BEFORE = 1 << 10, /* joined to the word before by a hyphen (ez-Zor) */
    _DALIL_W_OTHER_SOUNDS = 1 << 11,  /* a name with letters that may stand for other
                                         sounds: see _dalil_name_key_other */
    _DALIL_W_VERB = 1 << 12           /* an Arabic imperfect verb (ينص): no name, unless an
                                         article makes it a noun (اليمن) */
};

typedef struct {
    uint32_t position;
    unsigned flags;
    char match[DALIL_MAX_TERM_BYTES + 1]; /* the most folded form: what aliases compare */
    char key[DALIL_KEY_MAX + 1];          /* the name key, whatever its length; "" if none */
    char key_alt[DALIL_KEY_MAX + 1];      /* the key of another reading (a proclitic kept) */
    char key_other[DALIL_KEY_MAX + 1];    /* the key of the letters' other sounds (Qazzafi:
                                             zz for ذ; Maxamed: x for ح); "" if none */
    char short_key[DALIL_SHORT_KEY_MAX + 1]; /* a romanised word of two classes: its
                                                consonants and vowels; "" if none */
} _dalil_word_t;

/* Folds an NFKC-casefolded word: Latin letters lose accents (ḏ → d, ā → a), apostrophe,
 * ayn and hamza marks go (da'esh → daesh), a final possessive 's goes, Arabic letters are
 * normalised (أ إ آ ٱ → ا, ى → ي, ة → ه, no harakat, no tatweel). `out` holds len + 1
 * bytes; returns the folded length. `nfd` is ICU's NFD normaliser. */
size_t _dalil_fold(const UNormalizer2 *nfd, const char *word, size_t len, char *out);

/* The offset at which a folded Arabic word starts once its article and proclitics (ال وال
 * بال كال فال لل, or one of و ب ل ف ك before three letters) are dropped; 0 when none.
 * *article_out says whether an article was among them. */
size_t _dalil_arabic_proclitics(const char *folded, size_t len, bool *article_out);

/* The name key of a folded word (ASCII Latin or Arabic letters only): a consonant
 * skeleton, one byte per class, and 'I' after it when the word ends in i, y or ي.
 * Returns its length, 0 when the word has none. */
size_t _dalil_name_key(const char *folded, size_t len, char *out);

/* How many consonant classes `key` has (a final-vowel mark 'I' is not one). */
size_t _dalil_key_classes(const char *key);

/* The key of the other sounds some letters stand for, or 0 when the word has none of them
 * or that key is its own. Latin: a doubled zz may be ذّ or ظّ (Qazzafi = Gaddafi), x is
 * Somali for ح (Maxamed), and Russian writes h as g between vowels and as kh after the
 * first letter (Magamed, Makhamad = Muhammad). Arabic: ذ and ظ, said z in much of the
 * Arab world and confused in writing, also read as the other's class (الذواهري =
 * الظواهري = Zawahiri; القذافي = Qazzafi). */
size_t _dalil_name_key_other(const char *folded, size_t len, char *out);

/* The short key of a folded romanised word: its consonant classes with the vowels between
 * them, each run of vowels as one class (a: any a or e; u: o or u; i: i or y), a leading
 * and a final run kept (a final i or y marked 'I' as in keys). A key of two
 * classes merges too much (Assad = Saad = Sayed, Qaeda = Kidwa = got); the vowels keep
 * those apart, and transliterations agree on them well enough in short words (Sheikh =
 * Shaykh = Cheikh: XaK; Assad = Esad = al-Asad: aSaD; Muammar = Moamer: MaMaR). A w or y
 * between vowels is a consonant there (Kuwait: KuWaD, not Qaeda's KaD).
 * `out` holds DALIL_SHORT_KEY_MAX + 1 bytes; returns the length, 0 when none. */
size_t _dalil_short_key(const char *folded, size_t len, char *out);

/* Whether `folded` (lowercase ASCII) is an ordinary English word. */
bool _dalil_is_common_word(const char *folded);

/* Classifies a folded word for the multi-word rules (flags above, except the ones that
 * depend on neighbours: ARTICLE_BOUND, BREAK_BEFORE). */
unsigned _dalil_word_flags(const char *folded, size_t len, bool arabic);

/* Whether `article` is an article in front of `next` (sun letters must agree). */
bool _dalil_is_article_before(const _dalil_word_t *article, const _dalil_word_t *next);

/* Joins two name keys into *out (DALIL_KEY_MAX + 1 bytes): the classes of both, a class
 * shared across the seam counted once. Returns the length, 0 when too long. */
size_t _dalil_join_keys(const char *first, const char *second, char *out);

/* ---- Alias table (aliases.c) -------------------------------------------------- */

typedef struct _dalil_aliases _dalil_aliases_t;

/* Parses an alias table (data/aliases.tsv's format), analysing each name with
 * `analyzer` (which must have no alias table yet). On INVALID_ARGUMENT *error_out is a
 * message naming the line, the caller's to free. Returns OK, INVALID_ARGUMENT or NOMEM. */
dalil_status_t _dalil_aliases_parse(dalil_analyzer_t *analyzer, const char *tsv, size_t len,
                                    _dalil_aliases_t **aliases_out, char **error_out);
void _dalil_aliases_free(_dalil_aliases_t *aliases);

/* Whether some name of the table may end with `word` (false: none does). `match_hash`
 * is the 32-bit FNV-1a hash of word->match, which the analyzer has already. */
bool _dalil_aliases_may_end(const _dalil_aliases_t *aliases, const _dalil_word_t *word,
                            uint32_t match_hash);

/* Calls `fn` with the group of every alias name that ends at recent[0], the newest word
 * (recent[1] the one before it, and so on; articles already left out), how many of the
 * recent words it spans, and whether it is an ambiguous acronym that needs evidence. A
 * group is reported once. `lenient` (queries): case need not agree. Stops when `fn`
 * returns nonzero. */
typedef int (*_dalil_alias_fn)(void *ctx, size_t group, const char *group_name, size_t n_words,
                               bool needs_evidence);

/* How many groups the table has (groups are numbered from 0). */
size_t _dalil_aliases_count_groups(const _dalil_aliases_t *aliases);

/* Whether `text` names `group` by one of its names that need no evidence. */
bool _dalil_aliases_evidence(const _dalil_aliases_t *aliases, size_t group, const char *text,
                             size_t len);
int _dalil_aliases_match(const _dalil_aliases_t *aliases, const _dalil_word_t *const *recent,
                         size_t n_recent, bool lenient, _dalil_alias_fn fn, void *ctx);

/* The shipped table, embedded from data/aliases.tsv at build time. */
extern const unsigned char _dalil_default_aliases[];
extern const size_t _dalil_default_aliases_len;

/* A table as an image: what parsing it made, in bytes that _dalil_aliases_from_image
 * turns back into the table without analysing a name. *image_out is the caller's to free.
 * Returns OK or NOMEM. */
dalil_status_t _dalil_aliases_image(const _dalil_aliases_t *aliases, unsigned char **image_out,
                                    size_t *len_out);
/* Returns OK, NOMEM or INVALID_ARGUMENT (no image of this build's format). */
dalil_status_t _dalil_aliases_from_image(const unsigned char *image, size_t len,
                                         _dalil_aliases_t **aliases_out);

/* The shipped table analysed by the build (data/embed_alias_image.c); empty (length 0)
 * in that tool itself, which makes it with _dalil_shipped_aliases_analysed. */
extern const unsigned char _dalil_shipped_aliases_image[];
extern const size_t _dalil_shipped_aliases_image_len;

/* The shipped table analysed now, as an image (the caller's to free).
 * Returns OK, NOMEM or INVALID_ARGUMENT (the table has an error). */
dalil_status_t _dalil_shipped_aliases_analysed(unsigned char **image_out, size_t *len_out);

/* For aliases.c: analyses `text` as one alias name into `words` (articles left out);
 * returns OK, INVALID_ARGUMENT (no word, or more than `max`) or NOMEM. */
dalil_status_t _dalil_analyze_name(dalil_analyzer_t *analyzer, const char *text, size_t len,
                                   _dalil_word_t *words, size_t max, size_t *n_out);

#endif /* DALIL_VARIANTS_H */
