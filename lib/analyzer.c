/* analyzer.c: the one analyzer. ICU word segmentation for every script, NFKC case folding,
 * and for each word every form it is indexed and queried under, with its byte offsets in
 * the original UTF-8.
 *
 * Why it is shaped this way: the break iterator runs over a UText opened on the UTF-8
 * itself, so the boundaries it reports are byte offsets and no offset map is needed.
 * Folding is the costly step (ICU normalises a token at a fraction of the speed it breaks
 * words), so pure-ASCII tokens, most of an English text, are lowercased in C and only the
 * others go through ICU's NFKC_Casefold. The variant forms (variants.c) work on that
 * result in C, letter by letter, with no allocation per word: every buffer lives in the
 * analyzer and is reused.
 *
 * Forms of a word, each under its own term prefix (internal.h):
 *   exact (no prefix), an acronym as written (XU: ISIS), folded (XV: accents, marks,
 *   Arabic orthography and proclitics), English stem (Z, no positions), name key (XK from
 *   Latin letters, XQ from Arabic ones), and forms standing for several words that end
 *   with this one: the key of a name written in two words (bin Laden = Binladen) and the
 *   group of an alias-table name (XA). Multi-word forms sit at the last word's position,
 *   so the analyzer needs to look back only, never ahead: it keeps the last few words.
 *
 * ICU fails in these calls only when memory runs out or when handed arguments it cannot
 * take (a text over 2 GiB), so its errors map to NOMEM and INVALID_ARGUMENT. */
#include "variants.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

/* Words remembered with their rules' results (text is Zipfian), in a cache that starts
 * small and grows as words keep missing it: a query or ten snippets see a few hundred
 * words and should not touch the pages of a 1 MB table (each first touch is a page fault,
 * which costs more than the rules), while an indexer soon needs the full size. */
#define WORD_CACHE_MIN 1024
#define WORD_CACHE_MAX 16384
#define WORD_CACHE_GROWTH 4
#define HOT_SHARE 4 /* a first level, one entry per 4 of the cache (at most 256 KB), for the
                       most frequent words, which make most of any text: 4 in 5 words of the
                       BBC corpus are found there, against 2 in 3 with one per 16 */
#define WORD_CACHE_BYTES 20 /* longer words are worked out every time */
#define EVIDENCE_SPAN (512 * 1024) /* bytes each side of an ambiguous acronym searched for
                                      another name of its group */
#define RECENT_WORDS 12 /* the longest alias name, in words, articles included */
#define MAX_FORMS 24
#define FORM_BYTES (MAX_FORMS * (DALIL_MAX_TERM_BYTES + 1))

/* A buffer that grows to the largest token seen and is reused for every token. */
typedef struct {
    void *bytes;
    size_t capacity; /* in elements */
} growable_t;

/* What the rules say of a word by itself, whatever its neighbours: worked out once per
 * distinct word (the word list lookup, the name key and above all the Snowball stem cost
 * more than everything else) and remembered. */
typedef struct {
    char word[WORD_CACHE_BYTES];
    uint16_t flags;                /* _dalil_word_flags */
    char key[16];                  /* _dalil_name_key ("" if longer: no name is) */
    char stem[WORD_CACHE_BYTES];   /* English stem of a Latin word, "" if none */
    bool arabic;
    uint8_t len;                   /* of word; 0: an empty entry */
    uint32_t hash;                 /* of word: most entries that are not the word differ here */
} word_info_t;
_Static_assert(sizeof(word_info_t) == 64, "a word's entry is one cache line");

/* Entries, zeroed (empty), each on its own cache line. Zeroed by calloc, whose pages are
 * touched only when used: a query must not fault in a table it hardly reads. The block's
 * own address is kept just before the entries, for free_entries. */
static word_info_t *new_entries(size_t n)
{
    char *block = calloc(n + 2, sizeof(word_info_t));
    if (!block)
        return NULL;
    uintptr_t at = ((uintptr_t)block + sizeof(void *) + 63) & ~(uintptr_t)63;
    ((void **)at)[-1] = block;
    return (word_info_t *)at;
}

static void free_entries(word_info_t *entries)
{
    if (entries)
        free(((void **)entries)[-1]);
}

struct dalil_analyzer {
    UBreakIterator *words; /* ICU's, for lines that are not ASCII: opened on first use */
    UBreakIterator *scan;  /* a second one for _dalil_analyze_words, likewise */
    const UNormalizer2 *nfkc_casefold, *nfd;
    growable_t utf16_in, utf16_folded, term;
    _dalil_stemmer_t *stemmer;
    word_info_t *cache; /* cache_size entries in sets of two, by hash of the word; len 0: empty */
    word_info_t *hot;   /* cache_size / HOT_SHARE entries, likewise */
    size_t cache_size;  /* a power of two */
    size_t misses;      /* since the cache last grew */
    word_info_t scratch; /* for words too long for the cache */
    _dalil_aliases_t *aliases;
    uint8_t *evidence; /* per alias group, for the text being analysed: 0 not looked for,
                          1 named there, 2 not */
    const char *text;  /* the text being analysed, and its length */
    size_t text_len;
    bool query_mode;
    bool icu_breaks; /* every line broken by ICU (the tests' reference) */

    /* The current word's forms. */
    dalil_form_t forms[MAX_FORMS];
    uint8_t form_lens[MAX_FORMS]; /* of forms[i].term */
    size_t n_forms, form_bytes_used;
    char form_bytes[FORM_BYTES];
    char folded[DALIL_MAX_TERM_BYTES + 1];

    /* The last words, newest at recent[(head + RECENT_WORDS - 1) % RECENT_WORDS]. */
    _dalil_word_t recent[RECENT_WORDS];
    size_t head, n_recent;
    size_t last_end;
};

static bool grow(growable_t *buffer, size_t elements, size_t element_size)
{
    if (elements <= buffer->capacity)
        return true;
    size_t capacity = elements < 64 ? 64 : elements * 2;
    void *bytes = realloc(buffer->bytes, capacity * element_size);
    if (!bytes)
        return false;
    buffer->bytes = bytes;
    buffer->capacity = capacity;
    return true;
}

static dalil_status_t from_icu(UErrorCode error)
{
    return error == U_MEMORY_ALLOCATION_ERROR ? DALIL_NOMEM : DALIL_INVALID_ARGUMENT;
}

/* An analyzer without an alias table. */
static dalil_status_t analyzer_new_bare(dalil_analyzer_t **analyzer_out)
{
    *analyzer_out = NULL;
    dalil_analyzer_t *analyzer = calloc(1, sizeof *analyzer);
    if (!analyzer)
        return DALIL_NOMEM;
    UErrorCode error = U_ZERO_ERROR; /* the word break iterators are opened when needed */
    analyzer->nfkc_casefold = unorm2_getNFKCCasefoldInstance(&error);
    if (U_SUCCESS(error))
        analyzer->nfd = unorm2_getNFDInstance(&error);
    if (U_FAILURE(error)) {
        dalil_analyzer_free(analyzer);
        return from_icu(error);
    }
    analyzer->stemmer = _dalil_stemmer_new();
    analyzer->cache_size = WORD_CACHE_MIN;
    analyzer->cache = new_entries(WORD_CACHE_MIN);
    analyzer->hot = new_entries(WORD_CACHE_MIN / HOT_SHARE);
    if (!analyzer->stemmer || !analyzer->cache || !analyzer->hot) {
        dalil_analyzer_free(analyzer);
        return DALIL_NOMEM;
    }
    *analyzer_out = analyzer;
    return DALIL_OK;
}

dalil_status_t _dalil_analyzer_new_with_aliases(const char *tsv, size_t len,
                                                dalil_analyzer_t **analyzer_out,
                                                char **error_out)
{
    *error_out = NULL;
    dalil_status_t status = analyzer_new_bare(analyzer_out);
    if (status != DALIL_OK)
        return status;
    bool shipped = !tsv || !len;
    /* The shipped table as the build analysed it; analysed here if that failed. */
    if (!shipped || !_dalil_shipped_aliases_image_len ||
        _dalil_aliases_from_image(_dalil_shipped_aliases_image, _dalil_shipped_aliases_image_len,
                                  &(*analyzer_out)->aliases) != DALIL_OK)
        status = _dalil_aliases_parse(*analyzer_out, shipped ? (const char *)_dalil_default_aliases : tsv,
                                      shipped ? _dalil_default_aliases_len : len,
                                      &(*analyzer_out)->aliases, error_out);
    if (status == DALIL_OK) {
        size_t groups = _dalil_aliases_count_groups((*analyzer_out)->aliases);
        if (!((*analyzer_out)->evidence = calloc(groups ? groups : 1, 1)))
            status = DALIL_NOMEM;
    }
    if (status != DALIL_OK) {
        dalil_analyzer_free(*analyzer_out);
        *analyzer_out = NULL;
    }
    return status;
}

dalil_status_t _dalil_shipped_aliases_analysed(unsigned char **image_out, size_t *len_out)
{
    *image_out = NULL;
    *len_out = 0;
    dalil_analyzer_t *analyzer = NULL;
    _dalil_aliases_t *aliases = NULL;
    char *error = NULL;
    dalil_status_t status = analyzer_new_bare(&analyzer);
    if (status == DALIL_OK)
        status = _dalil_aliases_parse(analyzer, (const char *)_dalil_default_aliases,
                                      _dalil_default_aliases_len, &aliases, &error);
    if (status == DALIL_OK)
        status = _dalil_aliases_image(aliases, image_out, len_out);
    _dalil_aliases_free(aliases);
    dalil_analyzer_free(analyzer);
    free(error);
    return status;
}

dalil_status_t dalil_analyzer_new(dalil_analyzer_t **analyzer_out)
{
    char *error = NULL;
    dalil_status_t status = _dalil_analyzer_new_with_aliases(NULL, 0, analyzer_out, &error);
    free(error); /* the shipped table is checked by the tests */
    return status;
}

void dalil_analyzer_free(dalil_analyzer_t *analyzer)
{
    if (!analyzer)
        return;
    ubrk_close(analyzer->words);
    ubrk_close(analyzer->scan);
    _dalil_stemmer_free(analyzer->stemmer);
    free_entries(analyzer->cache);
    free_entries(analyzer->hot);
    _dalil_aliases_free(analyzer->aliases);
    free(analyzer->evidence);
    free(analyzer->utf16_in.bytes);
    free(analyzer->utf16_folded.bytes);
    free(analyzer->term.bytes);
    free(analyzer);
}

void _dalil_analyzer_set_query_mode(dalil_analyzer_t *analyzer, bool on)
{
    analyzer->query_mode = on;
}

void _dalil_analyzer_set_icu_breaks(dalil_analyzer_t *analyzer, bool on)
{
    analyzer->icu_breaks = on;
}

/* ---- Exact form: NFKC case folding ---------------------------------------------- */

static bool is_ascii(const char *bytes, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)bytes[i] >= 0x80)
            return false;
    return true;
}

static dalil_status_t fold_ascii(dalil_analyzer_t *analyzer, const char *word, size_t len,
                                 size_t *term_len)
{
    if (!grow(&analyzer->term, len + 1, 1))
        return DALIL_NOMEM;
    char *term = analyzer->term.bytes;
    for (size_t i = 0; i < len; i++) {
        char c = word[i];
        term[i] = (c >= 'A' && c <= 'Z') ? (char)(c + ('a' - 'A')) : c;
    }
    term[len] = '\0';
    *term_len = len;
    return DALIL_OK;
}

/* Whether NFKC_Casefold leaves the word as it is: Arabic letters and digits without
 * marks (most of unvowelled news text) need no trip through ICU. Marks are excluded, as
 * NFKC reorders them; so are the compatibility letters U+0675..U+0678. */
static bool is_plain_arabic(const char *word, size_t len)
{
    if (len % 2)
        return false;
    for (size_t i = 0; i < len; i += 2) { /* two-byte letters, decoded here directly */
        unsigned char lead = (unsigned char)word[i], trail = (unsigned char)word[i + 1];
        if (lead < 0xD8 || lead > 0xDB || (trail & 0xC0) != 0x80)
            return false;
        UChar32 c = ((lead & 0x1F) << 6) | (trail & 0x3F);
        bool plain = (c >= 0x0621 && c <= 0x064A) || (c >= 0x0660 && c <= 0x0669) ||
                     (c >= 0x0671 && c <= 0x06D3 && (c < 0x0675 || c > 0x0678));
        if (!plain)
            return false;
    }
    return true;
}

static dalil_status_t copy_word(dalil_analyzer_t *analyzer, const char *word, size_t len,
                                size_t *term_len)
{
    if (!grow(&analyzer->term, len + 1, 1))
        return DALIL_NOMEM;
    memcpy(analyzer->term.bytes, word, len);
    ((char *)analyzer->term.bytes)[len] = '\0';
    *term_len = len;
    return DALIL_OK;
}

/* UTF-8 → UTF-16 → NFKC_Casefold → UTF-8, in the analyzer's reusable buffers. */
static dalil_status_t fold_unicode(dalil_analyzer_t *analyzer, const char *word, size_t len,
                                   size_t *term_len)
{
    if (len > INT32_MAX / 4)
        return DALIL_INVALID_ARGUMENT;
    UErrorCode error = U_ZERO_ERROR;
    int32_t in_len = 0;
    if (!grow(&analyzer->utf16_in, len + 1, sizeof(UChar)))
        return DALIL_NOMEM;
    u_strFromUTF8WithSub(analyzer->utf16_in.bytes, (int32_t)analyzer->utf16_in.capacity,
                         &in_len, word, (int32_t)len, 0xFFFD, NULL, &error);
    if (U_FAILURE(error))
        return from_icu(error);

    /* Case folding with NFKC can lengthen text (ß → ss, ligatures): retry once at the size
     * ICU asks for. */
    int32_t folded_len = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        error = U_ZERO_ERROR;
        folded_len = unorm2_normalize(analyzer->nfkc_casefold, analyzer->utf16_in.bytes,
                                      in_len, analyzer->utf16_folded.bytes,
                                      (int32_t)analyzer->utf16_folded.capacity, &error);
        if (error != U_BUFFER_OVERFLOW_ERROR)
            break;
        if (!grow(&analyzer->utf16_folded, (size_t)folded_len + 1, sizeof(UChar)))
            return DALIL_NOMEM;
    }
    if (U_FAILURE(error))
        return from_icu(error);

    int32_t out_len = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        error = U_ZERO_ERROR;
        u_strToUTF8(analyzer->term.bytes, (int32_t)analyzer->term.capacity, &out_len,
                    analyzer->utf16_folded.bytes, folded_len, &error);
        if (error != U_BUFFER_OVERFLOW_ERROR && error != U_STRING_NOT_TERMINATED_WARNING)
            break;
        if (!grow(&analyzer->term, (size_t)out_len + 1, 1))
            return DALIL_NOMEM;
    }
    if (U_FAILURE(error))
        return from_icu(error);
    ((char *)analyzer->term.bytes)[out_len] = '\0';
    *term_len = (size_t)out_len;
    return DALIL_OK;
}

/* ---- Variant forms -------------------------------------------------------------- */

static bool ascii_word(const char *word, size_t len);

/* Works out what the rules say of a folded word by itself. */
static void fill_info(dalil_analyzer_t *analyzer, word_info_t *info, const char *word,
                      size_t len, bool arabic)
{
    info->arabic = arabic;
    info->flags = (uint16_t)_dalil_word_flags(word, len, arabic);
    char key[DALIL_KEY_MAX + 1];
    size_t key_len = _dalil_name_key(word, len, key);
    if (key_len < sizeof info->key)
        memcpy(info->key, key, key_len + 1);
    else
        info->key[0] = '\0';
    info->stem[0] = '\0';
    /* Every Latin word is stemmed, names included: a word missing from the English list
     * is far more often a term of art (lamins, cytokines) than a name, and a name's stem
     * only joins its own inflections (Albukamal's). bench/quality: SciFact +0.008. */
    if (!arabic && len >= 3 && len < sizeof info->stem &&
        ascii_word(word, len))
        _dalil_stem(analyzer->stemmer, word, len, info->stem, sizeof info->stem);
}

static uint32_t word_hash(const char *word, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)word[i]) * 16777619u;
    return h;
}

/* Once the words that missed the cache outnumber its entries, a larger cache keeps what
 * the small one held. If memory is short the small one stays: a cache is only faster. */
static void grow_cache(dalil_analyzer_t *analyzer)
{
    if (analyzer->cache_size >= WORD_CACHE_MAX || analyzer->misses < analyzer->cache_size)
        return;
    size_t size = analyzer->cache_size * WORD_CACHE_GROWTH;
    word_info_t *cache = new_entries(size);
    word_info_t *hot = new_entries(size / HOT_SHARE);
    if (!cache || !hot) {
        free_entries(cache);
        free_entries(hot);
        analyzer->misses = 0; /* try again later */
        return;
    }
    for (size_t i = 0; i < analyzer->cache_size; i++) {
        const word_info_t *old = &analyzer->cache[i];
        word_info_t *set = &cache[old->hash & (size - 2)];
        if (old->len)
            set[set[0].len ? 1 : 0] = *old;
    }
    free_entries(analyzer->cache);
    free_entries(analyzer->hot);
    analyzer->cache = cache;
    analyzer->hot = hot;
    analyzer->cache_size = size;
    analyzer->misses = 0;
}

static bool holds(const word_info_t *entry, const char *word, size_t len, uint32_t hash,
                  bool arabic)
{
    return entry->hash == hash && entry->len == len && entry->arabic == arabic &&
           memcmp(entry->word, word, len) == 0;
}

/* Asks the CPU for the cache lines where the word of hash `h` would be. */
static void prefetch_word_info(const dalil_analyzer_t *analyzer, uint32_t h)
{
    __builtin_prefetch(&analyzer->hot[h & (analyzer->cache_size / HOT_SHARE - 1)]);
    const word_info_t *set = &analyzer->cache[h & (analyzer->cache_size - 2)];
    __builtin_prefetch(&set[0]);
    __builtin_prefetch(&set[1]);
}

/* The rules' verdict on `word` (of hash h), from the cache when the word was seen lately. */
static const word_info_t *word_info(dalil_analyzer_t *analyzer, const char *word, size_t len,
                                    bool arabic, uint32_t h)
{
    if (len >= WORD_CACHE_BYTES) {
        fill_info(analyzer, &analyzer->scratch, word, len, arabic);
        return &analyzer->scratch;
    }
    word_info_t *hot = &analyzer->hot[h & (analyzer->cache_size / HOT_SHARE - 1)];
    if (holds(hot, word, len, h, arabic))
        return hot;
    /* The cache proper holds sets of two entries, the one used last first: a word that
     * shares its set with another frequent one is not pushed out by it. */
    word_info_t *set = &analyzer->cache[h & (analyzer->cache_size - 2)];
    if (holds(&set[1], word, len, h, arabic)) {
        word_info_t used = set[1];
        set[1] = set[0];
        set[0] = used;
    } else if (!holds(&set[0], word, len, h, arabic)) {
        if (++analyzer->misses >= analyzer->cache_size) {
            grow_cache(analyzer);
            hot = &analyzer->hot[h & (analyzer->cache_size / HOT_SHARE - 1)];
            set = &analyzer->cache[h & (analyzer->cache_size - 2)];
        }
        set[1] = set[0];
        memcpy(set[0].word, word, len + 1);
        set[0].len = (uint8_t)len;
        set[0].hash = h;
        fill_info(analyzer, &set[0], word, len, arabic);
    }
    *hot = set[0];
    return hot;
}

/* Adds prefix + text as a form, unless it is too long, the list is full, or the same term
 * is already there. */
static void add_form(dalil_analyzer_t *analyzer, const char *prefix, const char *text,
                     size_t len, dalil_rule_t rule, int positional, uint32_t words)
{
    /* Prefixes have at most two letters, but for the longer ones of the store's filters. */
    size_t prefix_len = !prefix[0] ? 0 : !prefix[1] ? 1 : !prefix[2] ? 2 : strlen(prefix);
    size_t term_len = prefix_len + len;
    if (len == 0 || term_len > DALIL_MAX_TERM_BYTES || analyzer->n_forms == MAX_FORMS ||
        analyzer->form_bytes_used + term_len + 1 > FORM_BYTES)
        return;
    char *term = analyzer->form_bytes + analyzer->form_bytes_used;
    memcpy(term, prefix, prefix_len);
    memcpy(term + prefix_len, text, len);
    term[term_len] = '\0';
    for (size_t i = 0; i < analyzer->n_forms; i++)
        if (analyzer->form_lens[i] == term_len && memcmp(analyzer->forms[i].term, term, term_len) == 0)
            return;
    analyzer->form_bytes_used += term_len + 1;
    analyzer->form_lens[analyzer->n_forms] = (uint8_t)term_len;
    analyzer->forms[analyzer->n_forms++] =
        (dalil_form_t){.term = term, .rule = rule, .positional = positional, .words = words};
}

static _dalil_word_t *recent_word(dalil_analyzer_t *analyzer, size_t back)
{
    size_t at = analyzer->head + RECENT_WORDS - 1 - back; /* < 2 * RECENT_WORDS */
    return &analyzer->recent[at >= RECENT_WORDS ? at - RECENT_WORDS : at];
}

/* What lies between two words: a name may span only spaces, a single line break, hyphens
 * and apostrophes. Sets *hyphen when a hyphen joins them. */
static bool gap_breaks_names(const char *gap, size_t len, bool *hyphen)
{
    *hyphen = false;
    int newlines = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)gap[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\'')
            continue;
        if (c == '\n' && ++newlines < 2)
            continue;
        if (c == '-') {
            *hyphen = true;
            continue;
        }
        if (c == 0xC2 && i + 1 < len && (unsigned char)gap[i + 1] == 0xA0) { /* no-break space */
            i++;
            continue;
        }
        if (c == 0xE2 && i + 2 < len && (unsigned char)gap[i + 1] == 0x80 &&
            ((unsigned char)gap[i + 2] == 0x90 || (unsigned char)gap[i + 2] == 0x91 ||
             (unsigned char)gap[i + 2] == 0x99)) { /* ‐ ‑ ’ */
            *hyphen = *hyphen || (unsigned char)gap[i + 2] != 0x99;
            i += 2;
            continue;
        }
        return true;
    }
    return false;
}

/* _dalil_fold for a lowercased ASCII word: only apostrophes and a possessive 's go. */
static size_t fold_ascii_marks(const char *word, size_t len, char *out)
{
    if (len >= 3 && word[len - 1] == 's' && word[len - 2] == '\'')
        len -= 2;
    size_t o = 0;
    for (size_t i = 0; i < len; i++)
        if (word[i] != '\'' && word[i] != '`')
            out[o++] = word[i];
    out[o] = '\0';
    return o;
}

static bool all_caps_ascii(const char *word, size_t len)
{
    if (len < 2 || len > 10)
        return false;
    for (size_t i = 0; i < len; i++)
        if (word[i] < 'A' || word[i] > 'Z')
            return false;
    return true;
}

static bool starts_upper(const char *word, size_t len)
{
    size_t i = 0;
    UChar32 c;
    U8_NEXT(word, i, len, c);
    return c > 0 && u_isupper(c);
}

static bool ascii_word(const char *word, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (word[i] < 'a' || word[i] > 'z')
            return false;
    return true;
}

static bool is_arabic_word(const char *folded)
{
    unsigned char c = (unsigned char)folded[0];
    return c >= 0xD8 && c <= 0xDB; /* U+0600..U+06FF */
}

/* Latin or Arabic name keys come under their own prefixes, so a query can tell a
 * spelling variant from a match in the other script. */
static const char *key_prefix(const char *key_source)
{
    return is_arabic_word(key_source) ? DALIL_PREFIX_NAME_KEY_ARABIC : DALIL_PREFIX_NAME_KEY;
}

/* The length of an article glued to a romanised name: al/el (Alqaeda, Elkaddafi), or a
 * sun-letter article written with its doubled letter (Ezzor, Ashsharq); 0 when
 * none, or when too little would be left. */
static size_t glued_article(const char *w, size_t len)
{
    if (len >= 5 && (memcmp(w, "al", 2) == 0 || memcmp(w, "el", 2) == 0))
        return 2;
    if (len >= 7 && strchr("aeu", w[0]) &&
        (memcmp(w + 1, "shsh", 4) == 0 || memcmp(w + 1, "thth", 4) == 0))
        return 3;
    /* Only e-: with a- the doubled letter is usually the name's own (Assad, Abbas). */
    if (len < 5 || w[0] != 'e')
        return 0;
    bool consonant = w[1] >= 'a' && w[1] <= 'z' && !strchr("aeiouwyh", w[1]);
    return consonant && w[1] == w[2] ? 2 : 0;
}

/* Whether a romanised word of two classes is used as a name here, and so gets a short
 * key: capitalised (not all in capitals: THECH is a shouted typo as often), behind an
 * article, written with marks (dāʿish), or in a query, which may be typed in lower case.
 * A lowercase word of plain letters that is not in the word list is more often a typo, a
 * code or a foreign word. */
static bool short_key_wanted(const dalil_analyzer_t *analyzer, const _dalil_word_t *word,
                             bool ascii)
{
    if (analyzer->query_mode || (word->flags & _DALIL_W_ARTICLE_BOUND))
        return true;
    if (word->flags & _DALIL_W_ACRONYM)
        return false;
    return !ascii || (word->flags & _DALIL_W_CAPITALISED);
}

/* Adds a short key (_dalil_short_key). Behind an article it is also added marked 'l'
 * (al-Qaeda: lKaD), and a query's word behind an article asks only for that: with the
 * article the short key is evidence enough, without it Qaeda would meet Kate and Ghada. */
static void add_short_key(dalil_analyzer_t *analyzer, const _dalil_word_t *word,
                          const char *prefix, const char *key, size_t len)
{
    bool bound = word->flags & _DALIL_W_ARTICLE_BOUND;
    if (!bound || !analyzer->query_mode)
        add_form(analyzer, prefix, key, len, DALIL_RULE_NAME_KEY, 1, 1);
    if (bound) {
        char marked[DALIL_SHORT_KEY_MAX + 2] = "l";
        memcpy(marked + 1, key, len + 1);
        add_form(analyzer, prefix, marked, len + 1, DALIL_RULE_NAME_KEY, 1, 1);
    }
}

/* Whether a word of the English list is used as a name here: capitalised inside a
 * sentence, after a word in lower case (Sheikh Hasina, the Shaykh; not a sentence's or a
 * title's first word), or capitalised in a query. Only its short key is made, and only of
 * two classes: the vowels keep sheikh from shake and check, and Missile never meets Mosul. */
static bool english_word_as_name(const dalil_analyzer_t *analyzer, const _dalil_word_t *word)
{
    unsigned not_names = _DALIL_W_ARABIC | _DALIL_W_ACRONYM | _DALIL_W_PARTICLE;
    if (!(word->flags & _DALIL_W_CAPITALISED) || (word->flags & not_names))
        return false;
    if (analyzer->query_mode)
        return true;
    if (analyzer->n_recent < 2 || (word->flags & _DALIL_W_BREAK_BEFORE))
        return false;
    const _dalil_word_t *before = &analyzer->recent[(analyzer->head + RECENT_WORDS - 2) % RECENT_WORDS];
    unsigned char first = (unsigned char)before->match[0];
    return !(before->flags & (_DALIL_W_CAPITALISED | _DALIL_W_ACRONYM)) && first >= 'a' &&
           first <= 'z';
}

/* The key forms of a name-like word: its own key (three classes at least), the key of
 * its letters' other sounds (Qazzafi), for a romanised word of two classes its short key
 * (Sheikh, Assad: the vowels keep such keys apart), and for Alqaeda, Albukamal the keys
 * without the glued article. */
static void add_key_forms(dalil_analyzer_t *analyzer, _dalil_word_t *word, const char *folded,
                          size_t folded_len, bool one_letter_stripped, bool ascii)
{
    char key[DALIL_KEY_MAX + 1];
    size_t n = strlen(word->key), classes = _dalil_key_classes(word->key);
    bool arabic = word->flags & _DALIL_W_ARABIC;
    const char *prefix = key_prefix(word->match);
    if (!(word->flags & _DALIL_W_NAME)) {
        if (classes == 2 && english_word_as_name(analyzer, word) &&
            (n = _dalil_short_key(word->match, strlen(word->match), word->short_key)))
            add_short_key(analyzer, word, prefix, word->short_key, n);
        return;
    }
    /* A glued article (Alqaeda: L + KD) inflates the count: its own key needs a class
     * more, or it would meet every Lockheed and lucid. */
    size_t glued = arabic ? 0 : glued_article(folded, folded_len);
    size_t needed = glued ? 4 : 3;
    if (classes >= needed)
        add_form(analyzer, prefix, word->key, n, DALIL_RULE_NAME_KEY, 1, 1);
    if (word->flags & _DALIL_W_OTHER_SOUNDS) {
        size_t m = _dalil_name_key_other(word->match, strlen(word->match), word->key_other);
        if (m && _dalil_key_classes(word->key_other) >= needed)
            add_form(analyzer, prefix, word->key_other, m, DALIL_RULE_NAME_KEY, 1, 1);
    }
    bool wanted = !arabic && short_key_wanted(analyzer, word, ascii);
    if (wanted && classes == 2 && !glued) {
        size_t m = _dalil_short_key(word->match, strlen(word->match), word->short_key);
        if (m)
            add_short_key(analyzer, word, prefix, word->short_key, m);
    }
    if (arabic && one_letter_stripped) {
        /* A stripped single letter may belong to the word (فلسطين, لادن): key both
         * readings, and let joins try both. */
        size_t m = _dalil_name_key(folded, folded_len, key);
        if (_dalil_key_classes(key) >= 3)
            add_form(analyzer, prefix, key, m, DALIL_RULE_NAME_KEY, 1, 1);
        memcpy(word->key_alt, key, m + 1);
    }
    if (glued) {
        const char *bare = folded + glued;
        size_t bare_len = folded_len - glued;
        size_t m = _dalil_name_key(bare, bare_len, key);
        size_t bare_classes = _dalil_key_classes(key);
        if (bare_classes >= 2) {
            word->flags |= _DALIL_W_ARTICLE_BOUND;
            memcpy(word->key, key, m + 1); /* joins and aliases use the bare name's key */
        }
        if (bare_classes >= 3)
            add_form(analyzer, prefix, key, m, DALIL_RULE_NAME_KEY, 1, 1);
        else if (bare_classes == 2 && (m = _dalil_short_key(bare, bare_len, word->short_key)))
            add_short_key(analyzer, word, prefix, word->short_key, m);
    }
}

/* The words before the newest, articles left out, back to a break: list[0] is the newest. */
static size_t name_words(dalil_analyzer_t *analyzer, const _dalil_word_t **list, size_t max)
{
    size_t n = 0;
    for (size_t back = 0; back < analyzer->n_recent && n < max; back++) {
        const _dalil_word_t *word = recent_word(analyzer, back);
        bool article = back > 0 && (word->flags & (_DALIL_W_ARTICLE | _DALIL_W_SUN_ARTICLE)) &&
                       _dalil_is_article_before(word, recent_word(analyzer, back - 1));
        if (!article)
            list[n++] = word;
        if (word->flags & _DALIL_W_BREAK_BEFORE)
            break;
    }
    return n;
}

/* A name in two words, keyed as one: bin Laden = Binladen, Hizb Allah = Hezbollah,
 * Deir ez-Zor = Deir Ezzor. Each word is a name, a particle (first only) or capitalised,
 * and one of them at least a name or particle. */
static void add_join_form(dalil_analyzer_t *analyzer, const _dalil_word_t *const *list,
                          size_t n)
{
    if (n < 2 || !list[0]->key[0] || !list[1]->key[0])
        return;
    const _dalil_word_t *first = list[1], *second = list[0];
    if (((first->flags ^ second->flags) & _DALIL_W_ARABIC) ||
        ((first->flags | second->flags) & _DALIL_W_ACRONYM))
        return; /* one script; and acronyms are not spelled-out names */
    /* Queries are often typed in lower case: after a particle (bin laden), any word. */
    bool first_capitalised = first->flags & _DALIL_W_CAPITALISED;
    bool second_capitalised = (second->flags & _DALIL_W_CAPITALISED) ||
                              (analyzer->query_mode && (first->flags & _DALIL_W_PARTICLE));
    bool first_ok = (first->flags & (_DALIL_W_NAME | _DALIL_W_PARTICLE)) ||
                    (first_capitalised && !(first->flags & _DALIL_W_STOP));
    bool second_ok = (second->flags & _DALIL_W_NAME) ||
                     (second_capitalised && !(second->flags & (_DALIL_W_PARTICLE | _DALIL_W_STOP)));
    /* One of them must be a name (or start with a particle): "The Times" is no name. */
    bool named = (first->flags & (_DALIL_W_NAME | _DALIL_W_PARTICLE)) ||
                 (second->flags & _DALIL_W_NAME);
    if (!first_ok || !second_ok || !named)
        return;
    /* A word of one class adds little but collisions (Kay Duffy would key as Gaddafi): each
     * brings two classes, but for a particle first and Allah last (Hizb Allah, Nasr Allah). */
    size_t first_classes = _dalil_key_classes(first->key);
    size_t second_classes = _dalil_key_classes(second->key);
    bool allah = second_classes < 2 &&
                 (strcmp(second->match, "allah") == 0 ||
                  strcmp(second->match, "\xD8\xA7\xD9\x84\xD9\x84\xD9\x87") == 0); /* الله */
    if ((!(first->flags & _DALIL_W_PARTICLE) && first_classes < 2) ||
        (!allah && second_classes < 2))
        return;
    /* Arabic has no capitals to tell names from words: two ordinary words side by side
     * (عقود وأضفى "decades, and gave": KD + DFI) must make a longer key to count. */
    size_t needed = (second->flags & _DALIL_W_ARABIC) ? 4 : 3;
    uint32_t words = second->position - first->position + 1;
    /* Either word may have several readings (a proclitic or a first letter, other sounds
     * of its letters): join each with each. */
    const char *firsts[3] = {first->key, first->key_alt, first->key_other};
    const char *seconds[3] = {second->key, second->key_alt, second->key_other};
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++) {
            char key[DALIL_KEY_MAX + 1];
            if (!firsts[a][0] || !seconds[b][0])
                continue;
            size_t m = _dalil_join_keys(firsts[a], seconds[b], key);
            if (m && _dalil_key_classes(key) >= needed)
                add_form(analyzer, key_prefix(second->match), key, m, DALIL_RULE_NAME_KEY, 1, words);
        }
    /* A given name before a particle: Osama bin Laden = Usama bin Ladin, keyed whole. */
    if (n >= 3 && (first->flags & _DALIL_W_PARTICLE) && list[2]->key[0] &&
        (list[2]->flags & _DALIL_W_NAME) && !((list[2]->flags ^ second->flags) & _DALIL_W_ARABIC)) {
        for (int b = 0; b < 3; b++) {
            char pair[DALIL_KEY_MAX + 1], whole[DALIL_KEY_MAX + 1];
            if (!seconds[b][0] || !_dalil_join_keys(first->key, seconds[b], pair))
                continue;
            size_t whole_len = _dalil_join_keys(list[2]->key, pair, whole);
            if (whole_len)
                add_form(analyzer, key_prefix(second->match), whole, whole_len,
                         DALIL_RULE_NAME_KEY, 1, second->position - list[2]->position + 1);
        }
    }
}

typedef struct {
    dalil_analyzer_t *analyzer;
    const _dalil_word_t *const *list;
} alias_ctx_t;

static int add_alias_form(void *ctx, size_t group, const char *group_name, size_t n_words,
                          bool needs_evidence)
{
    alias_ctx_t *c = ctx;
    dalil_analyzer_t *analyzer = c->analyzer;
    /* An ambiguous acronym stands for its group only where the text names it otherwise;
     * a query is its own context: ISIS asked for is the group. */
    if (needs_evidence && !analyzer->query_mode) {
        if (!analyzer->evidence[group]) {
            /* The whole text, or in a huge one the megabyte around the acronym. */
            size_t at = analyzer->last_end; /* the acronym's end */
            size_t from = at > EVIDENCE_SPAN ? at - EVIDENCE_SPAN : 0;
            size_t to = analyzer->text_len - at > EVIDENCE_SPAN ? at + EVIDENCE_SPAN
                                                                : analyzer->text_len;
            analyzer->evidence[group] =
                _dalil_aliases_evidence(analyzer->aliases, group, analyzer->text + from, to - from)
                    ? 1 : 2;
        }
        if (analyzer->evidence[group] != 1)
            return 0;
    }
    uint32_t words = c->list[0]->position - c->list[n_words - 1]->position + 1;
    add_form(analyzer, DALIL_PREFIX_ALIAS, group_name, strlen(group_name), DALIL_RULE_ALIAS, 1, words);
    return 0;
}

/* Records the newest word (text[start, end) as written, `exact` its NFKC-casefolded form)
 * and makes every form of it. */
static dalil_status_t make_forms(dalil_analyzer_t *analyzer, const char *text, size_t start,
                                 size_t end, uint32_t position, const char *exact,
                                 size_t exact_len)
{
    const char *written = text + start;
    size_t written_len = end - start;
    analyzer->n_forms = 0;
    analyzer->form_bytes_used = 0;
    add_form(analyzer, DALIL_PREFIX_WORD, exact, exact_len, DALIL_RULE_EXACT, 1, 1);

    bool ascii = is_ascii(written, written_len);
    char *folded = analyzer->folded;
    size_t folded_len = ascii ? fold_ascii_marks(exact, exact_len, folded)
                              : _dalil_fold(analyzer->nfd, exact, exact_len, folded);
    bool arabic = !ascii && folded_len && is_arabic_word(folded);
    bool article = false;
    size_t strip = arabic ? _dalil_arabic_proclitics(folded, folded_len, &article) : 0;
    const char *match = folded + strip;
    size_t match_len = folded_len - strip;
    /* The word's cache entry is most often far in memory: ask for it now, and do what
     * does not need it while it comes. */
    uint32_t match_hash = word_hash(match, match_len);
    prefetch_word_info(analyzer, match_hash);

    /* The word as the multi-word rules see it. */
    bool hyphen = false;
    bool breaks = analyzer->n_recent == 0 ||
                  recent_word(analyzer, 0)->position + 1 != position ||
                  gap_breaks_names(text + analyzer->last_end, start - analyzer->last_end, &hyphen);
    if (breaks)
        analyzer->n_recent = 0;
    _dalil_word_t *word = &analyzer->recent[analyzer->head];
    analyzer->head = (analyzer->head + 1) % RECENT_WORDS;
    if (analyzer->n_recent < RECENT_WORDS)
        analyzer->n_recent++;
    analyzer->last_end = end;
    word->position = position;
    word->key[0] = word->key_alt[0] = word->key_other[0] = word->short_key[0] = '\0';
    memcpy(word->match, match, match_len + 1);
    if (analyzer->query_mode || folded_len != exact_len || memcmp(folded, exact, exact_len))
        add_form(analyzer, DALIL_PREFIX_FOLD, folded, folded_len, DALIL_RULE_FOLD, 1, 1);
    const word_info_t *info = word_info(analyzer, word->match, match_len, arabic, match_hash);
    word->flags = info->flags;
    memcpy(word->key, info->key, sizeof info->key);
    if (breaks)
        word->flags |= _DALIL_W_BREAK_BEFORE;
    if (hyphen)
        word->flags |= _DALIL_W_HYPHEN_BEFORE;
    if (ascii && all_caps_ascii(written, written_len)) /* IS is no function word */
        word->flags = (word->flags | _DALIL_W_ACRONYM) & ~(unsigned)_DALIL_W_STOP;
    if (ascii ? (written[0] >= 'A' && written[0] <= 'Z')
              : (!arabic && starts_upper(written, written_len)))
        word->flags |= _DALIL_W_CAPITALISED;
    if (article || (analyzer->n_recent > 1 &&
                    _dalil_is_article_before(recent_word(analyzer, 1), word)))
        word->flags |= _DALIL_W_ARTICLE_BOUND;
    if (article && (word->flags & _DALIL_W_VERB))
        word->flags |= _DALIL_W_NAME; /* a verb takes no article: اليمن is a noun */

    if (word->flags & _DALIL_W_ACRONYM)
        add_form(analyzer, DALIL_PREFIX_ACRONYM, written, written_len, DALIL_RULE_EXACT, 1, 1);
    if (strip && article) {
        /* والقاعدة also as القاعده: a query with the article finds it with proclitics
         * before, but not قاعدة without the article ("a base" is not "the Base"). */
        char kept[DALIL_MAX_TERM_BYTES + 1];
        size_t kept_len = folded_len - strip + 4;
        if (kept_len <= DALIL_MAX_TERM_BYTES) {
            memcpy(kept, "\xD8\xA7\xD9\x84", 4); /* ال */
            memcpy(kept + 4, word->match, folded_len - strip);
            bool same = kept_len == folded_len && memcmp(kept, folded, kept_len) == 0;
            if (!same || analyzer->query_mode)
                add_form(analyzer, DALIL_PREFIX_FOLD, kept, kept_len, DALIL_RULE_FOLD, 1, 1);
        }
    }
    if (strip && !(analyzer->query_mode && article))
        add_form(analyzer, DALIL_PREFIX_FOLD, word->match, folded_len - strip, DALIL_RULE_FOLD, 1, 1);

    if (info->stem[0]) {
        size_t stem_len = strlen(info->stem);
        if (analyzer->query_mode || stem_len != match_len || memcmp(info->stem, word->match, match_len))
            add_form(analyzer, DALIL_PREFIX_STEM, info->stem, stem_len, DALIL_RULE_STEM, 0, 1);
    }

    /* Most words are neither names nor capitalised: no key, no join can end with them. */
    bool name_like = word->flags & (_DALIL_W_NAME | _DALIL_W_CAPITALISED);
    if (name_like && !(word->flags & (_DALIL_W_ARTICLE | _DALIL_W_SUN_ARTICLE | _DALIL_W_STOP)))
        add_key_forms(analyzer, word, folded, folded_len, strip == 2 && !article, ascii);

    /* Joins look back one word, aliases further, and only when a name may end here. */
    bool alias = analyzer->aliases && _dalil_aliases_may_end(analyzer->aliases, word, match_hash);
    if (!alias && !name_like && !analyzer->query_mode)
        return DALIL_OK;
    const _dalil_word_t *list[RECENT_WORDS];
    size_t n = name_words(analyzer, list, alias ? RECENT_WORDS : 3);
    if (list[0] == word && !(word->flags & (_DALIL_W_ARTICLE | _DALIL_W_STOP))) {
        add_join_form(analyzer, list, n);
        if (alias) {
            alias_ctx_t ctx = {analyzer, list};
            _dalil_aliases_match(analyzer->aliases, list, n, analyzer->query_mode, add_alias_form,
                                 &ctx);
        }
    }
    return DALIL_OK;
}

dalil_status_t _dalil_break_open(UBreakIterator *words, const char *text, size_t len, UText **utext)
{
    if (len > INT32_MAX) /* ICU's break positions are 32-bit */
        return DALIL_INVALID_ARGUMENT;
    UErrorCode error = U_ZERO_ERROR;
    *utext = utext_openUTF8(NULL, text, (int64_t)len, &error);
    if (U_SUCCESS(error))
        ubrk_setUText(words, *utext, &error);
    if (U_FAILURE(error)) {
        utext_close(*utext);
        *utext = NULL;
        return from_icu(error);
    }
    return DALIL_OK;
}

void _dalil_break_close(UBreakIterator *words, UText *utext)
{
    static const UChar empty[1] = {0};
    UErrorCode error = U_ZERO_ERROR;
    ubrk_setText(words, empty, 0, &error);
    utext_close(utext);
}

/* ---- Word breaks ------------------------------------------------------------------
 *
 * ICU's word break rules (UAX #29, and ICU's own: @ is a letter, a colon joins nothing)
 * cost a tenth of a microsecond a word through a UTF-8 UText, more than a word's forms
 * when those come from the cache. On the characters of English and Arabic news they come
 * down to a few classes (WORD_BREAK_CLASS): letters and digits join, Arabic letters,
 * tatweel and Arabic-Indic digits among them, and so does '_'; a '.', an apostrophe or ’
 * joins two letters or two digits, a ',' ';' or Arabic comma two digits; marks (harakat,
 * ZWNJ, ZWJ, bidi controls) belong to the character before them and the rules look
 * through them, except after a line break, where they make a segment of their own;
 * spaces join spaces; CR joins LF; anything else stands alone. A segment is a word when
 * it holds a letter or a digit or two '_' or more. Since the rules always break around a
 * line feed, each line is broken on its own: here, up to the first segment that has or
 * needs to look at a character the tables leave out (Hebrew has rules of its own, emoji
 * too, and Greek or CJK are left out), and by ICU from there. Every rule looks at most
 * at the next character but marks, so where the breaker stops, all it found before is
 * what ICU finds. tests/test_analyzer.c checks the tables against ICU's Word_Break property,
 * and the breaks against ICU's iterator on every short string of the classes, every
 * string of two or three characters with each character of the tables, and random
 * strings; tests/test_analyzer_corpora.c on every file of ../shared/corpora. */

enum {
    WB_OTHER,       /* stands alone (0: most punctuation and symbols) */
    WB_LETTER,      /* ALetter */
    WB_DIGIT,       /* Numeric */
    WB_EXTEND_NUM,  /* joins letters, digits and itself: '_' */
    WB_MID_LETTER,  /* joins two letters */
    WB_MID_NUM,     /* joins two digits */
    WB_MID_NUM_LET, /* joins either */
    WB_SPACE,       /* joins spaces */
    WB_CR,          /* joins a LF after it */
    WB_NEWLINE,     /* LF, VT, FF, NEL, LS, PS: alone, and marks after it stand alone */
    WB_EXTEND,      /* a mark or format control (ICU's Extend, Format and ZWJ) */
    WB_ICU,         /* a character whose line is left to ICU */
};

/* By code point, U+0000..U+07FF (one and two bytes of UTF-8). */
static const unsigned char WORD_BREAK_CLASS[0x800] = {
    ['\n'] = WB_NEWLINE, ['\v'] = WB_NEWLINE, ['\f'] = WB_NEWLINE, ['\r'] = WB_CR,
    [' '] = WB_SPACE, ['\''] = WB_MID_NUM_LET, ['.'] = WB_MID_NUM_LET,
    [','] = WB_MID_NUM, [';'] = WB_MID_NUM, ['0' ... '9'] = WB_DIGIT,
    ['@' ... 'Z'] = WB_LETTER, ['_'] = WB_EXTEND_NUM, ['a' ... 'z'] = WB_LETTER,
    /* Latin-1 and Latin Extended: © and ® join emoji sequences, left to ICU */
    [0x85] = WB_NEWLINE, [0xA9] = WB_ICU, [0xAA] = WB_LETTER, [0xAD] = WB_EXTEND,
    [0xAE] = WB_ICU, [0xB5] = WB_LETTER, [0xB7] = WB_MID_LETTER, [0xBA] = WB_LETTER,
    [0xC0 ... 0xD6] = WB_LETTER, [0xD8 ... 0xF6] = WB_LETTER, [0xF8 ... 0x2AF] = WB_LETTER,
    [0x2B0 ... 0x2FF] = WB_ICU, /* modifier letters and symbols, a mix */
    [0x300 ... 0x36F] = WB_EXTEND,
    [0x370 ... 0x5FF] = WB_ICU, /* Greek, Cyrillic, Armenian, Hebrew */
    /* Arabic */
    [0x600 ... 0x605] = WB_EXTEND, [0x60C ... 0x60D] = WB_MID_NUM,
    [0x610 ... 0x61A] = WB_EXTEND, [0x61C] = WB_EXTEND, [0x620 ... 0x64A] = WB_LETTER,
    [0x64B ... 0x65F] = WB_EXTEND, [0x660 ... 0x669] = WB_DIGIT, [0x66B] = WB_DIGIT,
    [0x66C] = WB_MID_NUM, [0x66E ... 0x66F] = WB_LETTER, [0x670] = WB_EXTEND,
    [0x671 ... 0x6D3] = WB_LETTER, [0x6D5] = WB_LETTER, [0x6D6 ... 0x6DD] = WB_EXTEND,
    [0x6DF ... 0x6E4] = WB_EXTEND, [0x6E5 ... 0x6E6] = WB_LETTER,
    [0x6E7 ... 0x6E8] = WB_EXTEND, [0x6EA ... 0x6ED] = WB_EXTEND,
    [0x6EE ... 0x6EF] = WB_LETTER, [0x6F0 ... 0x6F9] = WB_DIGIT,
    [0x6FA ... 0x6FC] = WB_LETTER, [0x6FF] = WB_LETTER,
    [0x700 ... 0x74F] = WB_ICU, /* Syriac */
    [0x750 ... 0x77F] = WB_LETTER, /* Arabic Supplement */
    [0x780 ... 0x7FF] = WB_ICU, /* Thaana, N'Ko */
};

/* By code point, U+2000..U+20BF (general punctuation, currency signs): three bytes,
 * E2 80..82 xx. */
static const unsigned char PUNCTUATION_CLASS[0xC0] = {
    [0x00 ... 0x06] = WB_SPACE, [0x08 ... 0x0A] = WB_SPACE, /* U+2007 does not break */
    [0x0C ... 0x0F] = WB_EXTEND, /* ZWNJ, ZWJ, LRM, RLM */
    [0x18 ... 0x19] = WB_MID_NUM_LET, [0x24] = WB_MID_NUM_LET, [0x27] = WB_MID_LETTER,
    [0x28 ... 0x29] = WB_NEWLINE, [0x2A ... 0x2E] = WB_EXTEND, [0x2F] = WB_EXTEND_NUM,
    [0x3C] = WB_ICU, [0x3F ... 0x40] = WB_EXTEND_NUM, [0x44] = WB_MID_NUM, [0x49] = WB_ICU,
    [0x54] = WB_EXTEND_NUM, [0x5F] = WB_SPACE, [0x60 ... 0x64] = WB_EXTEND,
    [0x66 ... 0x6F] = WB_EXTEND,
    [0x70 ... 0x9F] = WB_ICU, /* super- and subscripts, a mix */
};

/* The class of the character at s[j] (j < n) and its length in bytes; WB_ICU, length 1,
 * for a character the tables leave out or bytes that are not UTF-8. */
static inline int class_at(const unsigned char *s, size_t j, size_t n, size_t *len)
{
    unsigned char lead = s[j];
    if (lead < 0x80) {
        *len = 1;
        return WORD_BREAK_CLASS[lead];
    }
    if (lead >= 0xC2 && lead <= 0xDF && j + 1 < n && (s[j + 1] & 0xC0) == 0x80) {
        *len = 2;
        return WORD_BREAK_CLASS[(lead & 0x1F) << 6 | (s[j + 1] & 0x3F)];
    }
    if (lead == 0xE2 && j + 2 < n && s[j + 1] >= 0x80 && s[j + 1] <= 0x82 &&
        (s[j + 2] & 0xC0) == 0x80) {
        *len = 3;
        return PUNCTUATION_CLASS[(s[j + 1] & 0x3F) << 6 | (s[j + 2] & 0x3F)];
    }
    *len = 1;
    return WB_ICU;
}

/* Past the marks at s[j], which the rules look through; *next is the class of the
 * character there (WB_OTHER at the end), *next_len its length. */
static size_t past_marks(const unsigned char *s, size_t j, size_t n, int *next, size_t *next_len)
{
    int k = WB_OTHER;
    for (; j < n && (k = class_at(s, j, n, next_len)) == WB_EXTEND; j += *next_len)
        ;
    *next = j < n ? k : WB_OTHER;
    return j;
}

/* Letters, digits and '_': what a word is made of. */
static bool is_joiner(int k)
{
    return k >= WB_LETTER && k <= WB_EXTEND_NUM;
}

static bool is_mid(int k)
{
    return k >= WB_MID_LETTER && k <= WB_MID_NUM_LET;
}

/* Whether `mid` between characters of classes `before` and `after` joins them. */
static bool joins(int before, int mid, int after)
{
    if (before == WB_LETTER && after == WB_LETTER)
        return mid == WB_MID_LETTER || mid == WB_MID_NUM_LET;
    if (before == WB_DIGIT && after == WB_DIGIT)
        return mid == WB_MID_NUM || mid == WB_MID_NUM_LET;
    return false;
}

/* Whether s[i, j), a segment that begins or ends with '_', is a word: it must hold a
 * letter, a digit or two '_', and (ICU's own) must not end with '_' and marks after it. */
static bool underscore_word(const unsigned char *s, size_t i, size_t j)
{
    bool alnum = false;
    unsigned underscores = 0;
    int last = WB_OTHER;
    size_t last_end = i; /* of the last character that is no mark */
    for (size_t len; i < j; i += len) {
        int k = class_at(s, i, j, &len);
        if (k == WB_EXTEND)
            continue;
        alnum = alnum || k == WB_LETTER || k == WB_DIGIT;
        underscores += k == WB_EXTEND_NUM;
        last = k;
        last_end = i + len;
    }
    return (alnum || underscores >= 2) && !(last == WB_EXTEND_NUM && j > last_end);
}

/* The end of the word that starts at s[i] with a character of class `first`, which ends
 * at s[j]: letters, digits and '_', marks among them, and the characters that join two
 * letters or two digits. `i` if it meets a character left to ICU. */
static size_t word_end(const unsigned char *s, size_t i, size_t j, size_t n, int first,
                       bool *word)
{
    int last = first;
    for (;;) {
        int k = WB_OTHER;
        size_t len = 1;
        while (j < n) {
            if (s[j] < 0x80) {
                k = WORD_BREAK_CLASS[s[j]];
                len = 1;
            } else if ((k = class_at(s, j, n, &len)) == WB_EXTEND) {
                j += len;
                continue;
            }
            if (!is_joiner(k))
                break;
            last = k;
            j += len;
        }
        if (k == WB_ICU)
            return i;
        if (j >= n || !is_mid(k))
            break;
        int after;
        size_t after_len, m = past_marks(s, j + len, n, &after, &after_len);
        if (after == WB_ICU)
            return i;
        if (!joins(last, k, after))
            break;
        last = after;
        j = m + after_len;
    }
    *word = first == WB_EXTEND_NUM || last == WB_EXTEND_NUM ? underscore_word(s, i, j) : true;
    return j;
}

size_t _dalil_word_break(const char *text, size_t i, size_t n, bool *word)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t len;
    int c = class_at(s, i, n, &len), next;
    size_t j = i + len;
    *word = false;
    /* tests rather than a switch, whose indirect jump is mispredicted at every other
     * segment (word, space, word...): the breaker's CPU time -10% */
    if (is_joiner(c))
        return word_end(s, i, j, n, c, word);
    if (c == WB_ICU)
        return i;
    if (c == WB_NEWLINE)
        return j;
    if (c == WB_CR)
        return j < n && s[j] == '\n' ? j + 1 : j;
    while (c == WB_SPACE && j < n && class_at(s, j, n, &len) == WB_SPACE)
        j += len;
    j = past_marks(s, j, n, &next, &len); /* after a line break, marks stand alone */
    return next == WB_ICU ? i : j;
}

typedef struct {
    UBreakIterator **icu;  /* the analyzer's ICU iterator, opened and given the text only for
                              a line that needs it: English and Arabic news need none */
    UText *utext;          /* the text, once given to it */
    dalil_status_t status; /* DALIL_OK unless ICU could not be set up */
    const char *text;
    size_t len;
    int32_t at;          /* the current boundary */
    bool word;           /* the segment that ends at `at` is a word */
    size_t line_start, line_end; /* the current line: line_end is its '\n', or len */
    bool own;            /* the current line is broken here (up to a character the tables
                            leave out, from which ICU breaks it) */
    bool icu_only;       /* no line is */
} breaker_t;

/* Gives the text to ICU, opening the iterator when it is the first time; on failure
 * b->status says why and the breaker is at the end of the text. */
static bool breaker_icu(breaker_t *b)
{
    if (b->utext)
        return true;
    UErrorCode error = U_ZERO_ERROR;
    if (b->status == DALIL_OK && !*b->icu)
        *b->icu = ubrk_open(UBRK_WORD, "", NULL, 0, &error);
    if (b->status == DALIL_OK)
        b->status = U_FAILURE(error) ? from_icu(error) : _dalil_break_open(*b->icu, b->text, b->len, &b->utext);
    if (b->status != DALIL_OK)
        b->at = (int32_t)b->len;
    return b->status == DALIL_OK;
}

/* Hands the line to ICU from b->at, a boundary, on. */
static void breaker_to_icu(breaker_t *b)
{
    b->own = false;
    if (breaker_icu(b) && !ubrk_isBoundary(*b->icu, b->at))
        b->at = ubrk_current(*b->icu);
}

/* Starts the line at b->at, a boundary. */
static void breaker_line(breaker_t *b)
{
    size_t at = (size_t)b->at;
    const char *newline = memchr(b->text + at, '\n', b->len - at);
    b->line_start = at;
    b->line_end = newline ? (size_t)(newline - b->text) : b->len;
    b->own = !b->icu_only;
    if (!b->own)
        breaker_to_icu(b);
}

/* Puts the breaker at `at`, where a word starts (or 0), for the ICU iterator *icu. */
static void breaker_start(breaker_t *b, UBreakIterator **icu, bool icu_only, const char *text,
                          size_t len, size_t at)
{
    *b = (breaker_t){.icu = icu, .icu_only = icu_only, .text = text, .len = len, .at = (int32_t)at};
    breaker_line(b);
}

/* Takes the text back from ICU; returns the breaker's status. */
static dalil_status_t breaker_end(breaker_t *b)
{
    if (b->utext)
        _dalil_break_close(*b->icu, b->utext);
    return b->status;
}

/* The next boundary, UBRK_DONE at the end of the text; b->word says whether the segment
 * before it is a word. */
static int32_t breaker_next(breaker_t *b)
{
    if ((size_t)b->at >= b->len)
        return UBRK_DONE;
    if ((size_t)b->at > b->line_end)
        breaker_line(b);
    if (b->own) {
        size_t n = b->line_end < b->len ? b->line_end + 1 : b->len;
        size_t end = _dalil_word_break(b->text, (size_t)b->at, n, &b->word);
        if (end > (size_t)b->at)
            return b->at = (int32_t)end;
        breaker_to_icu(b); /* a character the tables leave out: ICU breaks the rest */
    }
    if (b->status != DALIL_OK)
        return UBRK_DONE;
    b->at = ubrk_next(*b->icu);
    b->word = ubrk_getRuleStatus(*b->icu) >= UBRK_WORD_NONE_LIMIT;
    return b->at;
}

/* The first boundary after `pos`, with b->word for the segment before it. */
static int32_t breaker_following(breaker_t *b, int32_t pos)
{
    if ((size_t)pos >= b->len)
        return UBRK_DONE;
    if (b->own && (size_t)pos >= b->line_start && (size_t)pos <= b->line_end) {
        if (pos < b->at)
            b->at = (int32_t)b->line_start;
        while (b->at <= pos && breaker_next(b) != UBRK_DONE)
            ;
        return b->at;
    }
    /* ICU: the line goes on from the boundary it finds */
    if (!breaker_icu(b))
        return UBRK_DONE;
    b->own = false;
    b->at = ubrk_following(*b->icu, pos);
    b->word = b->at != UBRK_DONE && ubrk_getRuleStatus(*b->icu) >= UBRK_WORD_NONE_LIMIT;
    return b->at;
}

static bool is_ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The end of a word that goes on across a grave accent written for ayn or hamza between
 * two letters (Mu`ammar, Ka`ba), which word break takes for punctuation: the iterator
 * moves on to the end of the letters after it. (’ and ʿ are inside words already.) */
static int32_t across_ayn_marks(breaker_t *words, const char *text, size_t len, int32_t end)
{
    for (;;) {
        size_t at = (size_t)end;
        if (at + 1 >= len || text[at] != '`' || !is_ascii_letter(text[at - 1]) ||
            !is_ascii_letter(text[at + 1]))
            return end;
        int32_t next = breaker_following(words, (int32_t)(at + 1));
        if (next == UBRK_DONE || !words->word)
            return end; /* cannot happen: a letter starts a word */
        end = next;
    }
}

/* Where text[begin, end), one word to ICU, is two sentences glued by a lost space: the
 * first '.' between a lower-case letter and an upper-case one followed by a lower-case
 * one ("neurons.Despite", as pasted abstracts and scraped pages have). U.S.Army, e.g.,
 * example.com and 3.5 stay whole. Returns the offset of that '.', or `end`. */
static int32_t glued_sentence_end(const char *text, int32_t begin, int32_t end)
{
    for (int32_t i = begin + 1; i + 2 < end; i++)
        if (text[i] == '.' && text[i - 1] >= 'a' && text[i - 1] <= 'z' && text[i + 1] >= 'A' &&
            text[i + 1] <= 'Z' && text[i + 2] >= 'a' && text[i + 2] <= 'z')
            return i;
    return end;
}

/* The word [*begin, *end) that starts at `begin` and ends at `end` or at a glued
 * sentence's '.' before it; *at moves past it (past the '.', or to `end`). */
static void take_word(const char *text, int32_t begin, int32_t end, int32_t *at,
                      int32_t *word_begin, int32_t *word_end)
{
    *word_begin = begin;
    *word_end = glued_sentence_end(text, begin, end);
    *at = *word_end < end ? *word_end + 1 : end;
}

/* Moves `words` to the next word after *at: its bytes [*begin, *end). Spaces and
 * punctuation are skipped; a grave accent for ayn joins letters into one word; a word
 * that is two glued sentences is two words (*at stays inside it, before the iterator). */
static bool next_word(breaker_t *words, const char *text, size_t len, int32_t *at,
                      int32_t *begin, int32_t *end)
{
    int32_t current = words->at;
    if (*at < current) { /* the rest of a word split at a glued sentence end */
        take_word(text, *at, current, at, begin, end);
        return true;
    }
    int32_t b = *at;
    for (int32_t e = breaker_next(words); e != UBRK_DONE; b = e, e = breaker_next(words)) {
        if (!words->word)
            continue;
        take_word(text, b, across_ayn_marks(words, text, len, e), at, begin, end);
        return true;
    }
    return false;
}

/* The word's exact form, NFKC case folded, in analyzer->term; *term_len is 0 when the
 * word makes no token (nothing is left of it, or it is too long to index). */
static dalil_status_t exact_form(dalil_analyzer_t *analyzer, const char *word, size_t len,
                                 size_t *term_len)
{
    dalil_status_t status;
    if (is_ascii(word, len))
        status = fold_ascii(analyzer, word, len, term_len);
    else if (is_plain_arabic(word, len))
        status = copy_word(analyzer, word, len, term_len);
    else
        status = fold_unicode(analyzer, word, len, term_len);
    if (status == DALIL_OK && *term_len > DALIL_MAX_TERM_BYTES)
        *term_len = 0;
    return status;
}


/* A new text, read from byte `start`: no words before it, no evidence looked for yet. */
static void begin_text(dalil_analyzer_t *analyzer, const char *text, size_t len, size_t start)
{
    analyzer->n_recent = 0;
    analyzer->last_end = start;
    analyzer->text = text;
    analyzer->text_len = len;
    if (analyzer->aliases)
        memset(analyzer->evidence, 0, _dalil_aliases_count_groups(analyzer->aliases));
}

/* Makes the forms of the word text[begin, end) at `position`, and when `report` hands the
 * token to `fn`, whose answer goes to *stop. */
static dalil_status_t analyze_word(dalil_analyzer_t *analyzer, const char *text, size_t begin,
                                   size_t end, uint32_t position, bool report,
                                   dalil_token_fn fn, void *ctx, int *stop)
{
    size_t term_len = 0;
    dalil_status_t status = exact_form(analyzer, text + begin, end - begin, &term_len);
    if (status != DALIL_OK || term_len == 0)
        return status; /* no token; its position stays used */
    status = make_forms(analyzer, text, begin, end, position, analyzer->term.bytes, term_len);
    if (status != DALIL_OK || !report)
        return status;
    dalil_token_t token = {
        .term = analyzer->term.bytes,
        .term_len = term_len,
        .start = begin,
        .end = end,
        .position = position,
        .forms = analyzer->forms,
        .n_forms = analyzer->n_forms,
    };
    *stop = fn(ctx, &token);
    return DALIL_OK;
}

/* The analysis of text[start, len) that reports the tokens starting in [from, to): the
 * whole text stays the analyzer's (an ambiguous acronym looks for evidence in all of it),
 * and byte offsets are the text's own. */
static dalil_status_t analyze_span(dalil_analyzer_t *analyzer, const char *text, size_t len,
                                   size_t start, size_t from, size_t to, dalil_token_fn fn,
                                   void *ctx)
{
    if (len > INT32_MAX || start > len) /* ICU's break positions are 32-bit */
        return DALIL_INVALID_ARGUMENT;
    dalil_status_t status = DALIL_OK;
    begin_text(analyzer, text, len, start);
    breaker_t words;
    breaker_start(&words, &analyzer->words, analyzer->icu_breaks, text, len, start);
    int32_t at = words.at;
    uint32_t position = 0;
    int stop = 0;
    for (int32_t begin, end; status == DALIL_OK && !stop &&
                             next_word(&words, text, len, &at, &begin, &end) &&
                             (size_t)begin < to;)
        status = analyze_word(analyzer, text, (size_t)begin, (size_t)end, ++position,
                              (size_t)begin >= from, fn, ctx, &stop);
    dalil_status_t breaks = breaker_end(&words);
    return status != DALIL_OK ? status : breaks;
}

dalil_status_t dalil_analyze(dalil_analyzer_t *analyzer, const char *text, size_t len,
                             dalil_token_fn fn, void *ctx)
{
    return analyze_span(analyzer, text, len, 0, 0, len, fn, ctx);
}

/* A word's forms depend on the RECENT_WORDS words before it, and their flags on one more
 * (an article before them): so much context makes a part's forms those of the whole. */
_Static_assert(RECENT_WORDS + 2 <= _DALIL_CONTEXT_WORDS, "too little context for a part");

dalil_status_t _dalil_analyze_part(dalil_analyzer_t *analyzer, const char *text, size_t len,
                                   size_t start, size_t from, size_t to, dalil_token_fn fn,
                                   void *ctx)
{
    return analyze_span(analyzer, text, len, start, from, to, fn, ctx);
}

dalil_status_t _dalil_analyze_word(dalil_analyzer_t *analyzer, const char *text, size_t len,
                                   size_t start, size_t end, dalil_token_fn fn, void *ctx)
{
    if (len > INT32_MAX || start >= end || end > len)
        return DALIL_INVALID_ARGUMENT;
    begin_text(analyzer, text, len, start);
    int stop = 0;
    return analyze_word(analyzer, text, start, end, 1, true, fn, ctx, &stop);
}

/* Whether the word makes a token: exact_form's test, without the copy for the words
 * whose exact form has their own length. */
static dalil_status_t makes_token(dalil_analyzer_t *analyzer, const char *word, size_t len,
                                  bool *token)
{
    size_t term_len = len;
    dalil_status_t status = DALIL_OK;
    if (!is_ascii(word, len) && !is_plain_arabic(word, len))
        status = fold_unicode(analyzer, word, len, &term_len);
    *token = term_len > 0 && term_len <= DALIL_MAX_TERM_BYTES;
    return status;
}

dalil_status_t _dalil_analyze_words(dalil_analyzer_t *analyzer, const char *text, size_t len,
                                    _dalil_word_fn fn, void *ctx)
{
    if (len > INT32_MAX)
        return DALIL_INVALID_ARGUMENT;
    dalil_status_t status = DALIL_OK;
    breaker_t words;
    breaker_start(&words, &analyzer->scan, analyzer->icu_breaks, text, len, 0);
    int32_t at = words.at;
    uint32_t position = 0;
    int stop = 0;
    for (int32_t begin, end; status == DALIL_OK && !stop &&
                             next_word(&words, text, len, &at, &begin, &end);) {
        position++;
        bool token = false;
        status = makes_token(analyzer, text + begin, (size_t)(end - begin), &token);
        if (status == DALIL_OK && token)
            stop = fn(ctx, (size_t)begin, (size_t)end, position);
    }
    dalil_status_t breaks = breaker_end(&words);
    return status != DALIL_OK ? status : breaks;
}

/* ---- Alias names ---------------------------------------------------------------- */

typedef struct {
    dalil_analyzer_t *analyzer;
    _dalil_word_t *words;
    size_t max, count;
    bool too_many;
} name_ctx_t;

static int collect_name_word(void *ctx, const dalil_token_t *token)
{
    (void)token;
    name_ctx_t *c = ctx;
    if (c->count == c->max) {
        c->too_many = true;
        return 1;
    }
    c->words[c->count++] = *recent_word(c->analyzer, 0);
    return 0;
}

dalil_status_t _dalil_analyze_name(dalil_analyzer_t *analyzer, const char *text, size_t len,
                                   _dalil_word_t *words, size_t max, size_t *n_out)
{
    *n_out = 0;
    name_ctx_t ctx = {analyzer, words, max, 0, false};
    dalil_status_t status = dalil_analyze(analyzer, text, len, collect_name_word, &ctx);
    if (status != DALIL_OK)
        return status;
    if (ctx.too_many || ctx.count == 0)
        return DALIL_INVALID_ARGUMENT;
    /* Articles are left out, as they are when matching the text. */
    for (size_t i = 0; i < ctx.count; i++)
        words[i].flags &= ~(unsigned)_DALIL_W_BREAK_BEFORE;
    size_t n = 0;
    for (size_t i = 0; i < ctx.count; i++) {
        if (i + 1 < ctx.count && _dalil_is_article_before(&words[i], &words[i + 1]))
            continue;
        words[n++] = words[i];
    }
    *n_out = n;
    return DALIL_OK;
}
