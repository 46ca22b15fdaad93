/* test_analyzer.c: the one analyzer's words, folding, positions and byte offsets. */
#include "variants.h"
#include "test_util.h"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unicode/utext.h>

#define MAX_TOKENS 64

typedef struct {
    char terms[MAX_TOKENS][DALIL_MAX_TERM_BYTES + 1];
    size_t start[MAX_TOKENS], end[MAX_TOKENS];
    uint32_t position[MAX_TOKENS];
    size_t count;
    size_t stop_after; /* 0: never stop */
} tokens_t;

static int collect(void *ctx, const dalil_token_t *token)
{
    tokens_t *t = ctx;
    assert_true(t->count < MAX_TOKENS);
    assert_int_equal(strlen(token->term), token->term_len);
    assert_true(token->n_forms >= 1);
    assert_string_equal(token->forms[0].term, token->term);
    assert_int_equal(token->forms[0].rule, DALIL_RULE_EXACT);
    strcpy(t->terms[t->count], token->term);
    t->start[t->count] = token->start;
    t->end[t->count] = token->end;
    t->position[t->count] = token->position;
    t->count++;
    return t->stop_after && t->count == t->stop_after;
}

static int setup(void **state)
{
    dalil_analyzer_t *analyzer;
    assert_int_equal(dalil_analyzer_new(&analyzer), DALIL_OK);
    *state = analyzer;
    return 0;
}

static int teardown(void **state)
{
    dalil_analyzer_free(*state);
    return 0;
}

static void analyze(void **state, const char *text, tokens_t *tokens)
{
    memset(tokens, 0, sizeof *tokens);
    assert_int_equal(dalil_analyze(*state, text, strlen(text), collect, tokens), DALIL_OK);
}

/* Each case: a text and the terms it must yield, in order; NULL ends the list. */
static void test_words_and_folding(void **state)
{
    static const struct {
        const char *text;
        const char *terms[12];
    } cases[] = {
        {"Hello, World!", {"hello", "world", NULL}},
        {"ISIS pushed back an offensive", {"isis", "pushed", "back", "an", "offensive", NULL}},
        {"  ", {NULL}},
        {"", {NULL}},
        {"--- ... !!!", {NULL}},
        /* ICU keeps numbers, decimals and apostrophe words whole. */
        {"In 2016, 3.5 million didn't", {"in", "2016", "3.5", "million", "didn't", NULL}},
        /* NFKC case folding: fullwidth letters, ligatures, German sharp s, Greek sigma. */
        {"ＧＡＤＤＡＦＩ ﬁnal Straße ΟΔΟΣ", {"gaddafi", "final", "strasse", "οδοσ", NULL}},
        /* Latin with diacritics is folded in case only, here; accents are kept. */
        {"Qaḏḏāfī Émile", {"qaḏḏāfī", "émile", NULL}},
        /* Arabic words are words; the Arabic comma is not. */
        {"القذافي، دير الزور", {"القذافي", "دير", "الزور", NULL}},
        {"Deir ez-Zor", {"deir", "ez", "zor", NULL}},
        /* a grave accent between letters stands for ayn: one word (Mu`ammar) */
        {"Mu`ammar al-Qa`ida", {"mu`ammar", "al", "qa`ida", NULL}},
        {"`code` x` `y 3`4", {"code", "x", "y", "3", "4", NULL}},
        /* Sentences glued by a lost space are split; abbreviations and names stay whole. */
        {"neurons.Despite cells.We", {"neurons", "despite", "cells", "we", NULL}},
        {"a.Bb.Cc", {"a", "bb", "cc", NULL}},
        {"U.S.Army e.g. example.com", {"u.s.army", "e.g", "example.com", NULL}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        tokens_t tokens;
        analyze(state, cases[i].text, &tokens);
        size_t expected = 0;
        while (cases[i].terms[expected])
            expected++;
        if (tokens.count != expected)
            fail_msg("'%s': %zu tokens, expected %zu", cases[i].text, tokens.count, expected);
        for (size_t k = 0; k < expected; k++) {
            assert_string_equal(tokens.terms[k], cases[i].terms[k]);
            assert_int_equal(tokens.position[k], k + 1);
        }
    }
}

static void test_offsets_are_bytes_of_the_original(void **state)
{
    const char *text = "Gaddafi (القذافي) spoke.";
    tokens_t tokens;
    analyze(state, text, &tokens);
    assert_int_equal(tokens.count, 3);
    const char *words[] = {"Gaddafi", "القذافي", "spoke"};
    for (size_t k = 0; k < 3; k++) {
        size_t len = tokens.end[k] - tokens.start[k];
        assert_int_equal(len, strlen(words[k]));
        assert_memory_equal(text + tokens.start[k], words[k], len);
    }
    assert_int_equal(tokens.start[0], 0);
    assert_int_equal(tokens.start[1], 9); /* after "Gaddafi (" */

    analyze(state, "on Mu`ammar`s day", &tokens);
    assert_int_equal(tokens.count, 3);
    assert_int_equal(tokens.start[1], 3);
    assert_int_equal(tokens.end[1], 13); /* "Mu`ammar`s" */
}

static void test_overlong_words_keep_their_position(void **state)
{
    char text[DALIL_MAX_TERM_BYTES + 64];
    strcpy(text, "before ");
    size_t at = strlen(text);
    memset(text + at, 'x', DALIL_MAX_TERM_BYTES + 1);
    strcpy(text + at + DALIL_MAX_TERM_BYTES + 1, " after");
    tokens_t tokens;
    analyze(state, text, &tokens);
    assert_int_equal(tokens.count, 2);
    assert_string_equal(tokens.terms[1], "after");
    assert_int_equal(tokens.position[1], 3);
}

static void test_invalid_utf8_is_survived(void **state)
{
    const char text[] = "caf\xe9 \xff\xfe ok \xc3";
    tokens_t tokens;
    memset(&tokens, 0, sizeof tokens);
    assert_int_equal(dalil_analyze(*state, text, sizeof text - 1, collect, &tokens), DALIL_OK);
    bool found_ok = false;
    for (size_t k = 0; k < tokens.count; k++) {
        assert_true(tokens.end[k] <= sizeof text - 1);
        found_ok |= strcmp(tokens.terms[k], "ok") == 0;
    }
    assert_true(found_ok);
}

static void test_callback_can_stop(void **state)
{
    tokens_t tokens;
    memset(&tokens, 0, sizeof tokens);
    tokens.stop_after = 2;
    const char *text = "one two three four";
    assert_int_equal(dalil_analyze(*state, text, strlen(text), collect, &tokens), DALIL_OK);
    assert_int_equal(tokens.count, 2);
}

/* The same analyzer is reused across texts, and a text is not kept after the call. */
static void test_analyzer_is_reusable(void **state)
{
    tokens_t tokens;
    char *text = strdup("Hezbollah Hizbollah");
    analyze(state, text, &tokens);
    free(text);
    assert_int_equal(tokens.count, 2);
    analyze(state, "Khan Younis", &tokens);
    assert_int_equal(tokens.count, 2);
    assert_string_equal(tokens.terms[1], "younis");
}

/* Each token's forms folded into one number, in text order. */
typedef struct {
    uint64_t *digests;
    size_t count, capacity;
} digests_t;

static int digest_forms(void *ctx, const dalil_token_t *token)
{
    digests_t *d = ctx;
    assert_true(d->count < d->capacity);
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (size_t f = 0; f < token->n_forms; f++) {
        for (const char *c = token->forms[f].term; *c; c++)
            h = (h ^ (unsigned char)*c) * 1099511628211u;
        h = (h ^ (uint64_t)token->forms[f].rule ^ ((uint64_t)token->forms[f].words << 8)) * 1099511628211u;
    }
    d->digests[d->count++] = h;
    return 0;
}

/* The word cache starts small and grows as new words keep coming: a text of 20,000
 * different words (names, stems, capitals) yields the same forms when every word is new
 * as when the grown cache answers for it. */
static void test_word_cache_growth_changes_nothing(void **state)
{
    static const char *const starts[] = {"B", "k", "Dr", "m", "Qu", "t", "S", "l", "gh", "H"};
    static const char *const middles[] = {"a", "ou", "e", "i", "o", "aa", "u", "y"};
    static const char *const ends[] = {"r", "dh", "ss", "n", "lt", "m", "ck", "z", "f", "d"};
    static const char *const suffixes[] = {"", "ing", "ed", "s", "ation", "ly", "er", "ness",
                                           "ism", "'s", "ies", "al", "ment", "ity", "ous",
                                           "ive", "ize", "ful", "ists", "ings", "ers", "ions",
                                           "less", "ward", "ship"};
    enum { N_WORDS = 20000 };
    size_t size = N_WORDS * 16;
    char *text = malloc(size);
    assert_non_null(text);
    size_t len = 0, n = 0;
    for (size_t s = 0; s < 25 && n < N_WORDS; s++)
        for (size_t a = 0; a < 10; a++)
            for (size_t b = 0; b < 8; b++)
                for (size_t c = 0; c < 10 && n < N_WORDS; c++, n++)
                    len += (size_t)snprintf(text + len, size - len, "%s%s%s%s%s", starts[a], middles[b],
                                            ends[c], suffixes[s], n % 7 == 6 ? ". " : " ");
    digests_t first = {calloc(N_WORDS, sizeof(uint64_t)), 0, N_WORDS};
    digests_t again = {calloc(N_WORDS, sizeof(uint64_t)), 0, N_WORDS};
    assert_non_null(first.digests);
    assert_non_null(again.digests);
    assert_int_equal(dalil_analyze(*state, text, len, digest_forms, &first), DALIL_OK);
    assert_int_equal(dalil_analyze(*state, text, len, digest_forms, &again), DALIL_OK);
    assert_int_equal(first.count, N_WORDS);
    assert_int_equal(again.count, N_WORDS);
    assert_memory_equal(first.digests, again.digests, N_WORDS * sizeof(uint64_t));
    free(first.digests);
    free(again.digests);
    free(text);
}

/* Where each token of a text is: its bytes and position. */
typedef struct {
    size_t start[256], end[256];
    uint32_t position[256];
    size_t count;
} places_t;

static int token_place(void *ctx, const dalil_token_t *token)
{
    places_t *p = ctx;
    assert_true(p->count < 256);
    p->start[p->count] = token->start;
    p->end[p->count] = token->end;
    p->position[p->count++] = token->position;
    return 0;
}

static int word_place(void *ctx, size_t start, size_t end, uint32_t position)
{
    places_t *p = ctx;
    assert_true(p->count < 256);
    p->start[p->count] = start;
    p->end[p->count] = end;
    p->position[p->count++] = position;
    return 0;
}

/* The forms of one token, joined by spaces. */
typedef struct {
    size_t start;
    char forms[2048];
} forms_of_t;

static int forms_of(void *ctx, const dalil_token_t *token)
{
    forms_of_t *f = ctx;
    if (token->start != f->start)
        return 0;
    for (size_t i = 0; i < token->n_forms; i++) {
        strcat(f->forms, token->forms[i].term);
        strcat(f->forms, " ");
    }
    return 1;
}

/* Snippets find a text's words without their forms, then make the forms of a few: the
 * words are dalil_analyze's tokens, at the same bytes and positions, and a word after a
 * break has the same forms alone as in its text. */
static void test_words_alone_are_the_tokens(void **state)
{
    char long_word[300];
    memset(long_word, 'x', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = '\0';
    char with_long[400];
    snprintf(with_long, sizeof with_long, "before %s after", long_word);
    const char *texts[] = {
        "Colonel Mu`ammar al-Qadhafi visited the Ka`ba; Mu`a`ammar?",
        "ISIS, the Islamic State (داعش): والقاعدة في سرت. Deir ez-Zor, 2016-06-01, e.g. U.S.A.",
        "北京大学的学生 read ภาษาไทย and Café société’s naïve élan; 3.14 and 1,000,000.",
        "Glued sentences.They were split.Mu`ammar said.So a.Bb.Cc here.",
        with_long,
        "",
        "  ... !!! ",
    };
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        places_t tokens = {.count = 0}, words = {.count = 0};
        size_t len = strlen(texts[t]);
        assert_int_equal(dalil_analyze(*state, texts[t], len, token_place, &tokens), DALIL_OK);
        assert_int_equal(_dalil_analyze_words(*state, texts[t], len, word_place, &words), DALIL_OK);
        assert_int_equal(words.count, tokens.count);
        assert_memory_equal(words.start, tokens.start, tokens.count * sizeof(size_t));
        assert_memory_equal(words.end, tokens.end, tokens.count * sizeof(size_t));
        assert_memory_equal(words.position, tokens.position, tokens.count * sizeof(uint32_t));
    }
    /* after a full stop a word starts afresh: alone, it has the same forms */
    const char *text = "He said so. Qadhafi spoke. Mu`ammar left. ISIS? Daesh.";
    const char *words[] = {"Qadhafi", "Mu`ammar", "ISIS", "Daesh"};
    for (size_t w = 0; w < 4; w++) {
        size_t start = (size_t)(strstr(text, words[w]) - text);
        forms_of_t in_text = {.start = start}, alone = {.start = start};
        assert_int_equal(dalil_analyze(*state, text, strlen(text), forms_of, &in_text), DALIL_OK);
        assert_int_equal(_dalil_analyze_word(*state, text, strlen(text), start, start + strlen(words[w]),
                                             forms_of, &alone),
                         DALIL_OK);
        assert_true(in_text.forms[0] != '\0');
        assert_string_equal(alone.forms, in_text.forms);
    }
}

/* libdalil carries the shipped alias table as the build analysed it: that image is what
 * analysing the table gives now, and reading it back gives the same table. A damaged
 * image is refused, and the analyzer then analyses the table itself. */
static void test_shipped_alias_image_is_the_table(void **state)
{
    (void)state;
    unsigned char *now = NULL, *again = NULL;
    size_t now_len = 0, again_len = 0;
    assert_int_equal(_dalil_shipped_aliases_analysed(&now, &now_len), DALIL_OK);
    assert_true(_dalil_shipped_aliases_image_len > 0);
    assert_int_equal(now_len, _dalil_shipped_aliases_image_len);
    assert_memory_equal(now, _dalil_shipped_aliases_image, now_len);
    _dalil_aliases_t *aliases = NULL;
    assert_int_equal(_dalil_aliases_from_image(now, now_len, &aliases), DALIL_OK);
    assert_true(_dalil_aliases_count_groups(aliases) > 10);
    assert_int_equal(_dalil_aliases_image(aliases, &again, &again_len), DALIL_OK);
    assert_int_equal(again_len, now_len);
    assert_memory_equal(again, now, now_len);
    _dalil_aliases_free(aliases);
    for (size_t cut = 0; cut < now_len; cut += 1 + cut / 3) {
        assert_int_equal(_dalil_aliases_from_image(now, cut, &aliases), DALIL_INVALID_ARGUMENT);
        assert_null(aliases);
    }
    now[0] ^= 1;
    assert_int_equal(_dalil_aliases_from_image(now, now_len, &aliases), DALIL_INVALID_ARGUMENT);
    free(now);
    free(again);
}

/* Whether the analyzer's own word breaks agree with ICU's on `s`: the same segments, the
 * same ones words. */
static bool breaks_as_icu(UBreakIterator *icu, const char *s, size_t n)
{
    UErrorCode error = U_ZERO_ERROR;
    UText *text = utext_openUTF8(NULL, s, (int64_t)n, &error);
    ubrk_setUText(icu, text, &error);
    assert_false(U_FAILURE(error));
    bool same = true;
    size_t at = 0;
    for (int32_t end = (ubrk_first(icu), ubrk_next(icu)); same && end != UBRK_DONE; end = ubrk_next(icu)) {
        bool word = false;
        size_t mine = _dalil_word_break(s, at, n, &word);
        if (mine == at)
            fail_msg("\"%.*s\" is left to ICU from byte %zu", (int)n, s, at);
        same = mine == (size_t)end && word == (ubrk_getRuleStatus(icu) >= UBRK_WORD_NONE_LIMIT);
        at = (size_t)end;
    }
    utext_close(text);
    return same && at == n;
}

/* The characters `cps` (n of them) in UTF-8, in `out` (4 bytes each at most); the length. */
static size_t utf8(const UChar32 *cps, size_t n, char *out)
{
    size_t len = 0;
    for (size_t k = 0; k < n; k++)
        U8_APPEND_UNSAFE(out, len, cps[k]);
    return len;
}

static void assert_breaks_as_icu(UBreakIterator *icu, const UChar32 *cps, size_t n)
{
    char s[4 * 32];
    size_t len = utf8(cps, n, s);
    if (!breaks_as_icu(icu, s, len))
        fail_msg("word breaks differ from ICU's on \"%.*s\" (%zu characters, the first U+%04X)",
                 (int)len, s, n, (unsigned)cps[0]);
}

/* Every string of up to `max` characters of `alphabet` (n of them). */
static void all_strings_break_as_icu(UBreakIterator *icu, const UChar32 *alphabet, size_t n, size_t max)
{
    UChar32 s[8];
    size_t index[8];
    for (size_t len = 1; len <= max; len++) {
        memset(index, 0, sizeof index);
        for (;;) {
            for (size_t k = 0; k < len; k++)
                s[k] = alphabet[index[k]];
            assert_breaks_as_icu(icu, s, len);
            size_t k = len;
            while (k > 0 && ++index[k - 1] == n)
                index[--k] = 0;
            if (k == 0)
                break;
        }
    }
}

/* `count` strings of 8 to 31 characters of `alphabet` (n of them), drawn at random. */
static void random_strings_break_as_icu(UBreakIterator *icu, const UChar32 *alphabet, size_t n, int count)
{
    srand(5);
    for (int i = 0; i < count; i++) {
        UChar32 s[32];
        size_t len = 8 + (size_t)rand() % 24;
        for (size_t k = 0; k < len; k++)
            s[k] = alphabet[(size_t)rand() % n];
        assert_breaks_as_icu(icu, s, len);
    }
}

static UBreakIterator *open_icu_word_break(void)
{
    UErrorCode error = U_ZERO_ERROR;
    UBreakIterator *icu = ubrk_open(UBRK_WORD, "", NULL, 0, &error);
    assert_false(U_FAILURE(error));
    return icu;
}

/* The analyzer breaks ASCII lines into words itself, ICU's rules made plain: it must agree
 * with ICU on every string of up to two ASCII characters, on every string of up to four of
 * the characters the rules tell apart, and on random longer strings of those. */
static void test_ascii_word_breaks_are_icus(void **state)
{
    (void)state;
    UBreakIterator *icu = open_icu_word_break();
    UChar32 ascii[127];
    for (int c = 1; c < 128; c++)
        ascii[c - 1] = c;
    all_strings_break_as_icu(icu, ascii, 127, 2);
    static const UChar32 classes[] = {'a', 'Z', '1', '_', '.', ':', ',', ';', '\'', ' ', '\r',
                                      '\n', '-', '`', '@', '\t', '"', '\f'};
    size_t n = sizeof classes / sizeof classes[0];
    all_strings_break_as_icu(icu, classes, n, 4);
    random_strings_break_as_icu(icu, classes, n, 20000);
    ubrk_close(icu);
}

/* One or two characters of each class, of Arabic text where it has them: letters (alef,
 * beh, tatweel, e acute), digits (Arabic-Indic, extended, ASCII), what joins them (Arabic
 * comma, thousands separator, ’, middle dot, '.', ',', '_', narrow no-break space), marks
 * (fatha, shadda, superscript alef, ZWNJ, ZWJ, RLM, the number sign, a combining acute),
 * spaces, line breaks, and what stands alone (Arabic question mark and semicolon, «, »,
 * NBSP, em dash, '-', ':'). */
static const UChar32 ARABIC_CLASSES[] = {
    0x0627, 0x0628, 0x0640, 0x00E9, 0x0661, 0x06F5, '7', 0x060C, 0x066C, 0x2019, 0x00B7,
    '.', ',', '_', 0x202F, 0x064E, 0x0651, 0x0670, 0x200C, 0x200D, 0x200F, 0x0600, 0x0301,
    ' ', 0x2003, '\r', '\n', 0x2029, 0x061F, 0x061B, 0x00AB, 0x00A0, 0x2014, '-', ':',
};
#define N_ARABIC_CLASSES (sizeof ARABIC_CLASSES / sizeof ARABIC_CLASSES[0])

/* Lines of Arabic (with Latin, marks and punctuation) are broken by the analyzer too: it
 * must agree with ICU on every string of up to three characters of each class, on every
 * string of four of a smaller set, and on random longer strings. */
static void test_arabic_word_breaks_are_icus(void **state)
{
    (void)state;
    UBreakIterator *icu = open_icu_word_break();
    all_strings_break_as_icu(icu, ARABIC_CLASSES, N_ARABIC_CLASSES, 3);
    static const UChar32 fewer[] = {0x0628, 0x0661, '1', 0x060C, '.', '_', 0x064E,
                                    0x200C, ' ', '\n', 0x061F, 0x2019};
    all_strings_break_as_icu(icu, fewer, sizeof fewer / sizeof fewer[0], 5);
    random_strings_break_as_icu(icu, ARABIC_CLASSES, N_ARABIC_CLASSES, 20000);
    ubrk_close(icu);
}

static void assert_same_places(const places_t *icu, const places_t *own, const char *s, size_t n)
{
    bool same = icu->count == own->count;
    for (size_t i = 0; same && i < icu->count; i++)
        same = icu->start[i] == own->start[i] && icu->end[i] == own->end[i] &&
               icu->position[i] == own->position[i];
    if (!same)
        fail_msg("tokens differ from ICU's on \"%.*s\"", (int)n, s);
}

/* Lines with characters the tables leave out (Hebrew, Greek, CJK, Thai and Katakana
 * letters, emoji, © after ZWJ, other spaces, marks and joiners, presentation forms,
 * bytes that are not UTF-8) among those they have: the analyzer breaks each line itself
 * up to where such a character matters, and ICU from there; its tokens, its words and
 * the tokens of parts analysed from each of them must be those of ICU breaking every
 * line. */
static void test_lines_partly_left_to_icu(void **state)
{
    (void)state;
    dalil_analyzer_t *icu, *own;
    assert_int_equal(dalil_analyzer_new(&icu), DALIL_OK);
    assert_int_equal(dalil_analyzer_new(&own), DALIL_OK);
    _dalil_analyzer_set_icu_breaks(icu, true);
    static const char *const left_out[] = {
        "\u05D0", "\u05F3", "\u03B1", "\u0387", "\u4E00", "\u30A2", "\u0E01", "\U0001F600",
        "\u00A9", "\u3000", "\uFE0F", "\u20D0", "\uFEFB", "\uFF0E", "\uFE50", "\uFF3F",
        "\xFF", "\xD8", "\xE2\x80",
    };
    size_t n_known = N_ARABIC_CLASSES, n_all = n_known + sizeof left_out / sizeof left_out[0];
    srand(7);
    for (int round = 0; round < 20000; round++) {
        char s[40 * 4];
        size_t len = 0, chars = 4 + (size_t)rand() % 36;
        for (size_t k = 0; k < chars; k++) {
            size_t pick = (size_t)rand() % (n_all + n_known); /* two in three known */
            if (pick % n_all < n_known) {
                len += utf8(&ARABIC_CLASSES[pick % n_all], 1, s + len);
            } else {
                const char *c = left_out[pick % n_all - n_known];
                memcpy(s + len, c, strlen(c));
                len += strlen(c);
            }
        }
        places_t by_icu = {0}, by_own = {0};
        assert_int_equal(dalil_analyze(icu, s, len, token_place, &by_icu), DALIL_OK);
        assert_int_equal(dalil_analyze(own, s, len, token_place, &by_own), DALIL_OK);
        assert_same_places(&by_icu, &by_own, s, len);
        places_t words_icu = {0}, words_own = {0};
        assert_int_equal(_dalil_analyze_words(icu, s, len, word_place, &words_icu), DALIL_OK);
        assert_int_equal(_dalil_analyze_words(own, s, len, word_place, &words_own), DALIL_OK);
        assert_same_places(&words_icu, &words_own, s, len);
        for (size_t t = 0; t < by_icu.count; t++) {
            places_t part_icu = {0}, part_own = {0};
            size_t from = by_icu.start[t];
            assert_int_equal(_dalil_analyze_part(icu, s, len, from, from, len, token_place, &part_icu),
                             DALIL_OK);
            assert_int_equal(_dalil_analyze_part(own, s, len, from, from, len, token_place, &part_own),
                             DALIL_OK);
            assert_same_places(&part_icu, &part_own, s, len);
        }
    }
    dalil_analyzer_free(icu);
    dalil_analyzer_free(own);
}

/* Whether the analyzer breaks `c` itself, rather than leaving it to ICU. */
static bool covered(UChar32 c)
{
    char s[4];
    bool word;
    return _dalil_word_break(s, 0, utf8(&c, 1, s), &word) > 0;
}

/* Each character the analyzer's table has, whatever its class, breaks as ICU breaks it
 * in every string of two or three characters with one or two of ARABIC_CLASSES: a
 * character put in the wrong class would break otherwise in one of them. */
static void test_each_character_breaks_as_icu(void **state)
{
    (void)state;
    UBreakIterator *icu = open_icu_word_break();
    size_t n_covered = 0;
    for (UChar32 c = 1; c < 0x2100; c++) {
        if (!covered(c))
            continue;
        n_covered++;
        assert_breaks_as_icu(icu, &c, 1);
        for (size_t i = 0; i < N_ARABIC_CLASSES; i++) {
            UChar32 pair[2] = {c, ARABIC_CLASSES[i]}, other_pair[2] = {ARABIC_CLASSES[i], c};
            assert_breaks_as_icu(icu, pair, 2);
            assert_breaks_as_icu(icu, other_pair, 2);
            for (size_t j = 0; j < N_ARABIC_CLASSES; j++) {
                UChar32 first[3] = {c, ARABIC_CLASSES[i], ARABIC_CLASSES[j]},
                        between[3] = {ARABIC_CLASSES[i], c, ARABIC_CLASSES[j]},
                        last[3] = {ARABIC_CLASSES[i], ARABIC_CLASSES[j], c};
                assert_breaks_as_icu(icu, first, 3);
                assert_breaks_as_icu(icu, between, 3);
                assert_breaks_as_icu(icu, last, 3);
            }
        }
    }
    assert_true(n_covered > 1000); /* ASCII, Latin, Arabic, punctuation */
    ubrk_close(icu);
}

/* The characters the analyzer breaks lines of: what the task needs (all of ASCII and the
 * Arabic block), and nothing whose word break property the plain rules do not know, nor
 * an emoji (ZWJ joins it to the one before), nor text that is not UTF-8. */
static void test_word_break_covers_what_it_knows(void **state)
{
    (void)state;
    for (UChar32 c = 1; c < 0x80; c++)
        assert_true(covered(c));
    for (UChar32 c = 0x0600; c <= 0x06FF; c++)
        assert_true(covered(c));
    static const UChar32 also[] = {0x00A0, 0x00A3, 0x00AB, 0x00BB, 0x00E9, 0x200C, 0x200D,
                                   0x200E, 0x200F, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C,
                                   0x201D, 0x2026, 0x20AC};
    for (size_t i = 0; i < sizeof also / sizeof also[0]; i++)
        assert_true(covered(also[i]));
    for (UChar32 c = 1; c < 0x110000; c++) {
        if (!covered(c))
            continue;
        int wb = u_getIntPropertyValue(c, UCHAR_WORD_BREAK);
        bool plain = wb == U_WB_OTHER || wb == U_WB_ALETTER || wb == U_WB_NUMERIC ||
                     wb == U_WB_MIDLETTER || wb == U_WB_MIDNUM || wb == U_WB_MIDNUMLET ||
                     wb == U_WB_SINGLE_QUOTE || wb == U_WB_DOUBLE_QUOTE ||
                     wb == U_WB_EXTENDNUMLET || wb == U_WB_WSEGSPACE || wb == U_WB_CR ||
                     wb == U_WB_LF || wb == U_WB_NEWLINE || wb == U_WB_EXTEND ||
                     wb == U_WB_FORMAT || wb == U_WB_ZWJ;
        if (!plain || u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) ||
            u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT)
            fail_msg("U+%04X is broken without ICU, but its rules are more", (unsigned)c);
    }
    assert_false(covered(0x05D0));  /* Hebrew letters: more rules */
    assert_false(covered(0x00A9));  /* ©, an emoji after ZWJ */
    assert_false(covered(0x1F600)); /* emoji */
    assert_false(covered(0xFEFB));  /* Arabic presentation forms: not in the table */
    static const char *const not_utf8[] = {"\xD8", "\xD8\x28", "\xC0\xAE", "\xE2\x80",
                                           "\xE2\x28\x8C", "\xED\xA0\x80", "\xFF", "\x80"};
    bool word;
    for (size_t i = 0; i < sizeof not_utf8 / sizeof not_utf8[0]; i++)
        assert_int_equal(_dalil_word_break(not_utf8[i], 0, strlen(not_utf8[i]), &word), 0);
}

static void test_too_long_a_text_is_refused(void **state)
{
    tokens_t tokens;
    memset(&tokens, 0, sizeof tokens);
    /* Refused before any byte is read, so a short buffer is enough. */
    assert_int_equal(dalil_analyze(*state, "x", (size_t)INT32_MAX + 1, collect, &tokens),
                     DALIL_INVALID_ARGUMENT);
    assert_int_equal(tokens.count, 0);
}

static void test_rule_labels(void **state)
{
    (void)state;
    assert_string_equal(dalil_rule_str(DALIL_RULE_EXACT), "exact");
    assert_string_equal(dalil_rule_str(DALIL_RULE_NAME_KEY), "name-key");
    assert_string_equal(dalil_rule_str(DALIL_RULE_ALIAS), "alias");
    assert_string_equal(dalil_rule_str(DALIL_RULE_COUNT), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_words_and_folding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_offsets_are_bytes_of_the_original, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overlong_words_keep_their_position, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_utf8_is_survived, setup, teardown),
        cmocka_unit_test_setup_teardown(test_callback_can_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_analyzer_is_reusable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_word_cache_growth_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_words_alone_are_the_tokens, setup, teardown),
        cmocka_unit_test(test_shipped_alias_image_is_the_table),
        cmocka_unit_test(test_ascii_word_breaks_are_icus),
        cmocka_unit_test(test_arabic_word_breaks_are_icus),
        cmocka_unit_test(test_each_character_breaks_as_icu),
        cmocka_unit_test(test_word_break_covers_what_it_knows),
        cmocka_unit_test(test_lines_partly_left_to_icu),
        cmocka_unit_test_setup_teardown(test_too_long_a_text_is_refused, setup, teardown),
        cmocka_unit_test(test_rule_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
