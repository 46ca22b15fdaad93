/* snippets.c: the best excerpts of a hit's stored text, with every matched word marked.
 *
 * Why re-analyse rather than search the text for the query's words: a word matches by
 * any of the forms the analyzer indexes for it (folded, stemmed, a name key, the other
 * script...), so only the same analyzer can say which words of the text matched. The
 * text is analysed once; a word is highlighted when one of its forms is among the hit's
 * matching terms (which Xapian reports), or starts with a wildcard's prefix.
 *
 * Choosing: windows of text are scored by how many different terms they show, then by
 * how many matches; the best ones that do not overlap are kept, in text order. Each is
 * widened to its whole sentence (ICU's sentence boundaries, sentences.c) when that fits,
 * else to whole words around the matches; "…" marks text left out. */
#include "internal.h"
#include "sentences.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX_SNIPPETS 2
#define DEFAULT_MAX_BYTES 240
/* Analysis is most of a snippet's cost (it is most of a query's), so long texts are read
 * only so far: once past SCAN_SOFT bytes and a window's length beyond the first match,
 * reading stops; past SCAN_HARD bytes it stops anyway (the excerpt then comes from what
 * was read, or is the beginning). Most news articles are shorter than SCAN_SOFT. */
#define SCAN_SOFT 3072
#define SCAN_HARD 65536
static const char ELLIPSIS[] = "\xE2\x80\xA6"; /* U+2026 */
static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD, for bytes that are not UTF-8 */

struct _dalil_snipper {
    _dalil_sentences_t *sentences;
};

typedef struct {
    size_t start, end;
    int term; /* index of a matching term, -1 for none */
} word_t;

typedef struct {
    /* inputs */
    char *const *terms;
    size_t n_terms;
    char *const *prefixes;
    size_t n_prefixes;
    bool title;
    size_t max_bytes;
    size_t first_match_end; /* 0 until a word matched */
    /* outputs */
    uint32_t last_position; /* of the last token analysed (title: where the text's start) */
    word_t *words;
    size_t n_words, cap_words;
    _dalil_snippets_t *out;
    bool out_of_memory;
} scan_t;

dalil_status_t _dalil_snipper_new(_dalil_snipper_t **snipper_out)
{
    *snipper_out = NULL;
    _dalil_snipper_t *snipper = calloc(1, sizeof *snipper);
    if (snipper && !(snipper->sentences = _dalil_sentences_new())) {
        free(snipper);
        snipper = NULL;
    }
    if (!snipper)
        return DALIL_NOMEM;
    *snipper_out = snipper;
    return DALIL_OK;
}

void _dalil_snipper_free(_dalil_snipper_t *snipper)
{
    if (!snipper)
        return;
    _dalil_sentences_free(snipper->sentences);
    free(snipper);
}

void _dalil_snippets_clear(_dalil_snippets_t *snippets)
{
    for (size_t i = 0; i < snippets->n_snippets; i++) {
        free(snippets->snippets[i].text);
        free(snippets->snippets[i].highlights);
    }
    free(snippets->snippets);
    free(snippets->matches);
    memset(snippets, 0, sizeof *snippets);
}

/* ---- Which words matched -------------------------------------------------------- */

static int compare_term(const void *key, const void *element)
{
    return strcmp(key, *(char *const *)element);
}

static int find_term(const scan_t *scan, const char *term)
{
    if (scan->n_terms == 0)
        return -1;
    char *const *found = bsearch(term, scan->terms, scan->n_terms, sizeof *scan->terms, compare_term);
    return found ? (int)(found - scan->terms) : -1;
}

static int find_prefix(const scan_t *scan, const char *term)
{
    for (size_t i = 0; i < scan->n_prefixes; i++)
        if (strncmp(term, scan->prefixes[i], strlen(scan->prefixes[i])) == 0)
            return (int)(scan->n_terms + i);
    return -1;
}

static bool has_match(const _dalil_snippets_t *out, const char *term)
{
    for (size_t i = 0; i < out->n_matches; i++)
        if (out->matches[i].term == term)
            return true;
    return false;
}

/* Notes where term or prefix `index` (prefixes follow the terms) was first seen. */
static void note_match_at(scan_t *scan, int index, size_t start, size_t end)
{
    if (index < 0 || (size_t)index >= scan->n_terms + scan->n_prefixes)
        return;
    const char *term = (size_t)index < scan->n_terms ? scan->terms[index]
                                                     : scan->prefixes[(size_t)index - scan->n_terms];
    _dalil_snippets_t *out = scan->out;
    if (has_match(out, term))
        return;
    out->matches[out->n_matches++] = (_dalil_match_t){
        .term = term, .where = {start, end}, .in_title = scan->title};
}

static void note_match(scan_t *scan, int index, const dalil_token_t *token)
{
    note_match_at(scan, index, token->start, token->end);
}

/* The first matching term among the token's forms (as a title word: their title terms). */
static int token_match(scan_t *scan, const dalil_token_t *token)
{
    int first = -1;
    char title_term[DALIL_MAX_TERM_BYTES + sizeof DALIL_PREFIX_TITLE];
    for (size_t f = 0; f < token->n_forms; f++) {
        const char *term = token->forms[f].term;
        if (scan->title) {
            if (strlen(term) + strlen(DALIL_PREFIX_TITLE) >= sizeof title_term)
                continue;
            strcpy(title_term, DALIL_PREFIX_TITLE);
            strcat(title_term, term);
            int index = find_term(scan, title_term);
            note_match(scan, index, token);
            if (first < 0)
                first = index;
        }
        int index = find_term(scan, term);
        if (index < 0)
            index = find_prefix(scan, term);
        note_match(scan, index, token);
        if (first < 0)
            first = index;
    }
    return first;
}

/* Whether reading the text can stop before the word that starts at byte `start`. */
static bool read_enough(const scan_t *scan, size_t start)
{
    if (start > SCAN_HARD)
        return true;
    size_t after = scan->first_match_end > SCAN_SOFT ? scan->first_match_end : SCAN_SOFT;
    return scan->first_match_end && start > after + scan->max_bytes;
}

/* Appends a word of the text; false when out of memory. */
static bool add_word(scan_t *scan, size_t start, size_t end, int term)
{
    if (term >= 0 && !scan->first_match_end)
        scan->first_match_end = end;
    if (scan->n_words == scan->cap_words) {
        size_t capacity = scan->cap_words ? scan->cap_words * 2 : 256;
        word_t *grown = realloc(scan->words, capacity * sizeof *grown);
        if (!grown) {
            scan->out_of_memory = true;
            return false;
        }
        scan->words = grown;
        scan->cap_words = capacity;
    }
    scan->words[scan->n_words++] = (word_t){start, end, term};
    return true;
}

static int scan_token(void *ctx, const dalil_token_t *token)
{
    scan_t *scan = ctx;
    if (!scan->title && read_enough(scan, token->start))
        return 1;
    scan->last_position = token->position;
    int term = token_match(scan, token);
    if (scan->title)
        return 0;
    return !add_word(scan, token->start, token->end, term);
}

/* ---- Analysing only the words that matched --------------------------------------
 *
 * The index knows where a hit's terms are: every form but the English stem is indexed
 * with its position. So the analyzer only finds the text's words (_dalil_analyze_words:
 * word breaks, a fraction of the cost of their forms), and makes the forms of just the
 * words at a term's position and of those that may have a stem among the terms: alone,
 * since a word's own forms do not depend on its neighbours, or with the words before it
 * when the index has it under a form that does (a name of several words, an alias). The
 * words and matches are then those the analysis of the whole text finds. Where the index
 * and the text disagree (a position that is no word, a word that lacks a term indexed at
 * it) the whole text is analysed after all. */

#define MAX_WORD_TERMS 32

typedef struct {
    uint32_t position; /* of a word of the text, 1-based, as dalil_analyze counts them */
    int term;
} posting_t;

typedef struct {
    scan_t *scan;
    dalil_analyzer_t *analyzer;
    const char *text;
    size_t len;
    posting_t *postings; /* the terms' positions in the text, in order */
    size_t n_postings, next;
    bool stems;    /* some term is an English stem, which the index has no position for */
    uint64_t stem_starts[2]; /* bits of the ASCII letters the stems start with */
    bool stopped;  /* read enough of the text */
    bool disagree; /* the index and the text disagree: analyse all of it */
    dalil_status_t status;
} guide_t;

/* What the analyzer said of one word. */
typedef struct {
    const guide_t *guide;
    size_t start, end;         /* the word, in bytes of the text */
    const posting_t *expected; /* the terms the index has at the word */
    size_t n_expected;
    bool seen;                 /* the analysis reported the word */
    bool complete;             /* with every expected term among its forms */
    int terms[MAX_WORD_TERMS]; /* its forms among the terms, in the analyzer's order */
    size_t n_terms;
} word_check_t;

static bool is_stem_term(const scan_t *scan, int index)
{
    return strncmp(scan->terms[index], DALIL_PREFIX_STEM, strlen(DALIL_PREFIX_STEM)) == 0;
}

static bool is_expected(const word_check_t *c, int index)
{
    for (size_t i = 0; i < c->n_expected; i++)
        if (c->expected[i].term == index)
            return true;
    return false;
}

/* The word's forms that are terms: a stem (the index has no positions for it, so the
 * analysis is its only witness) or a term the index has at this word. */
static int check_word(void *ctx, const dalil_token_t *token)
{
    word_check_t *c = ctx;
    if (token->start != c->start)
        return token->start > c->start; /* context before the word */
    c->seen = true;
    size_t found = 0;
    for (size_t f = 0; f < token->n_forms && c->n_terms < MAX_WORD_TERMS; f++) {
        int index = find_term(c->guide->scan, token->forms[f].term);
        if (index < 0 || !(is_stem_term(c->guide->scan, index) || is_expected(c, index)))
            continue;
        c->terms[c->n_terms++] = index;
        found += !is_stem_term(c->guide->scan, index);
    }
    c->complete = found == c->n_expected;
    return 1;
}

/* The terms the word text[start, end) has as the analysis of the whole text finds them:
 * analysed alone, and when that lacks a term the index has there, with the words before
 * it. Sets g->disagree when even that lacks it. */
static dalil_status_t check(guide_t *g, size_t start, size_t end, const posting_t *expected,
                            size_t n_expected, word_check_t *c)
{
    *c = (word_check_t){.guide = g, .start = start, .end = end, .expected = expected,
                        .n_expected = n_expected};
    dalil_status_t status = _dalil_analyze_word(g->analyzer, g->text, g->len, start, end, check_word, c);
    if (status != DALIL_OK || (c->seen && c->complete))
        return status;
    const scan_t *scan = g->scan;
    size_t context = scan->n_words > _DALIL_CONTEXT_WORDS
                         ? scan->words[scan->n_words - _DALIL_CONTEXT_WORDS].start : 0;
    *c = (word_check_t){.guide = g, .start = start, .end = end, .expected = expected,
                        .n_expected = n_expected};
    status = _dalil_analyze_part(g->analyzer, g->text, g->len, context, start, end, check_word, c);
    if (status == DALIL_OK && !(c->seen && c->complete))
        g->disagree = true;
    return status;
}

static bool is_ascii_text(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)text[i] >= 0x80)
            return false;
    return true;
}

static char lower_ascii(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

/* Whether an ASCII word may have `stem` as its English stem. Snowball's English stemmer
 * keeps a word's letters up to the last one of the stem (it may turn y into i, add an e,
 * make -ational -ate), but for dying, lying and tying (die, lie, tie); the analyzer stems
 * the word in lower case, without apostrophes or grave accents. (Checked on the 97,000
 * ASCII words of the BBC and 20 Newsgroups corpora.) */
static bool may_stem_to(const char *word, size_t len, const char *stem)
{
    size_t n = strlen(stem), keep = n > 1 ? n - 1 : n, k = 0;
    for (size_t i = 0; i < len && k < keep; i++) {
        if (word[i] == '\'' || word[i] == '`')
            continue;
        if (lower_ascii(word[i]) != stem[k])
            break;
        k++;
    }
    if (k == keep)
        return true;
    return n == 3 && strcmp(stem + 1, "ie") == 0 && len > 2 && lower_ascii(word[0]) == stem[0] &&
           lower_ascii(word[1]) == 'y';
}

/* Whether the word text[start, end) may have one of the terms' stems. Words in other
 * scripts than ASCII may fold to ASCII (café), but not Arabic ones. */
static bool may_have_stem(const guide_t *g, size_t start, size_t end)
{
    if (!g->stems)
        return false;
    const char *word = g->text + start;
    size_t len = end - start;
    if (!is_ascii_text(word, len))
        return (unsigned char)word[0] < 0xD8 || (unsigned char)word[0] > 0xDB; /* U+0600..U+06FF */
    unsigned char first = (unsigned char)lower_ascii(word[0]);
    if (!(g->stem_starts[first / 64] & (uint64_t)1 << (first % 64)))
        return false; /* a stem keeps the word's first letter */
    const scan_t *scan = g->scan;
    for (size_t i = 0; i < scan->n_terms; i++)
        if (is_stem_term(scan, (int)i) &&
            may_stem_to(word, len, scan->terms[i] + strlen(DALIL_PREFIX_STEM)))
            return true;
    return false;
}

static int by_position(const void *a, const void *b)
{
    const posting_t *x = a, *y = b;
    if (x->position != y->position)
        return x->position < y->position ? -1 : 1;
    return (x->term > y->term) - (x->term < y->term);
}

/* The terms' positions in the text, in order: the document's positions past the title's
 * (the indexer puts the text DALIL_TEXT_POSITION_GAP positions after the title's last
 * word), counted from the text's first word. */
static dalil_status_t text_postings(guide_t *g, const _dalil_snippet_params_t *params,
                                    uint32_t title_end)
{
    const scan_t *scan = g->scan;
    uint32_t base = title_end ? title_end + DALIL_TEXT_POSITION_GAP : 0;
    size_t n = 0;
    for (size_t t = 0; t < scan->n_terms; t++) {
        if (is_stem_term(scan, (int)t)) {
            unsigned char first = (unsigned char)scan->terms[t][strlen(DALIL_PREFIX_STEM)];
            g->stems = true;
            g->stem_starts[(first & 0x7F) / 64] |= (uint64_t)1 << ((first & 0x7F) % 64);
        }
        for (size_t k = 0; params->positions[t] && k < params->n_positions[t]; k++)
            n += params->positions[t][k] > base;
    }
    if (!(g->postings = malloc((n ? n : 1) * sizeof *g->postings)))
        return DALIL_NOMEM;
    for (size_t t = 0; t < scan->n_terms; t++)
        for (size_t k = 0; params->positions[t] && k < params->n_positions[t]; k++)
            if (params->positions[t][k] > base)
                g->postings[g->n_postings++] = (posting_t){params->positions[t][k] - base, (int)t};
    qsort(g->postings, g->n_postings, sizeof *g->postings, by_position);
    return DALIL_OK;
}

/* One word of the text, as _dalil_analyze_words finds it: the terms the index has there,
 * checked by the analyzer with any stem it may have, are noted, and the word added. */
static int guided_word(void *ctx, size_t start, size_t end, uint32_t position)
{
    guide_t *g = ctx;
    if (read_enough(g->scan, start)) {
        g->stopped = true;
        return 1;
    }
    if (g->next < g->n_postings && g->postings[g->next].position < position) {
        g->disagree = true; /* a term at a position that is no word */
        return 1;
    }
    size_t first = g->next;
    while (g->next < g->n_postings && g->postings[g->next].position == position)
        g->next++;
    int term = -1;
    if (g->next > first || may_have_stem(g, start, end)) {
        word_check_t c;
        g->status = check(g, start, end, g->postings + first, g->next - first, &c);
        if (g->status != DALIL_OK || g->disagree)
            return 1;
        for (size_t i = 0; i < c.n_terms; i++)
            note_match_at(g->scan, c.terms[i], start, end);
        term = c.n_terms ? c.terms[0] : -1;
    }
    if (!add_word(g->scan, start, end, term)) {
        g->status = DALIL_NOMEM;
        return 1;
    }
    return 0;
}

/* Reads the text as scan_token would have it analysed, with the terms' positions. On OK,
 * g->disagree says to analyse it all. */
static dalil_status_t scan_guided(guide_t *g)
{
    dalil_status_t status = _dalil_analyze_words(g->analyzer, g->text, g->len, guided_word, g);
    if (status == DALIL_OK)
        status = g->status;
    if (status == DALIL_OK && !g->stopped && !g->disagree && g->next < g->n_postings)
        g->disagree = true; /* a term past the text's last word */
    return status;
}

/* ---- Choosing windows ----------------------------------------------------------- */

typedef struct {
    size_t first, last; /* indexes of the first and last matched word */
    size_t distinct, count;
} window_t;

/* The window of matched words starting at word `first` that fits in `span` bytes. */
static window_t window_at(const word_t *words, size_t n_words, size_t first, size_t span)
{
    window_t w = {first, first, 0, 0};
    int seen[16];
    size_t n_seen = 0;
    for (size_t i = first; i < n_words && words[i].end - words[first].start <= span; i++) {
        if (words[i].term < 0)
            continue;
        w.last = i;
        w.count++;
        bool known = false;
        for (size_t s = 0; s < n_seen; s++)
            known = known || seen[s] == words[i].term;
        if (!known) {
            w.distinct++;
            if (n_seen < sizeof seen / sizeof seen[0])
                seen[n_seen++] = words[i].term;
        }
    }
    return w;
}

static bool better(const window_t *a, const window_t *b)
{
    return a->distinct != b->distinct ? a->distinct > b->distinct : a->count > b->count;
}

static bool overlaps(const window_t *w, const window_t *chosen, size_t n_chosen)
{
    for (size_t i = 0; i < n_chosen; i++)
        if (w->first <= chosen[i].last && chosen[i].first <= w->last)
            return true;
    return false;
}

/* The best non-overlapping windows that start at word `from` or later, in text order. */
static size_t choose_windows(const word_t *words, size_t n_words, size_t from, size_t span,
                             window_t *chosen, size_t max)
{
    size_t n_chosen = 0;
    while (n_chosen < max) {
        window_t best = {0, 0, 0, 0};
        for (size_t i = from; i < n_words; i++) {
            if (words[i].term < 0)
                continue;
            window_t w = window_at(words, n_words, i, span);
            if (!overlaps(&w, chosen, n_chosen) && better(&w, &best))
                best = w;
        }
        if (best.count == 0)
            break;
        chosen[n_chosen++] = best;
    }
    for (size_t i = 1; i < n_chosen; i++)
        for (size_t j = i; j > 0 && chosen[j].first < chosen[j - 1].first; j--) {
            window_t t = chosen[j];
            chosen[j] = chosen[j - 1];
            chosen[j - 1] = t;
        }
    return n_chosen;
}

/* ---- Widening to sentences or words --------------------------------------------- */

/* NUL too: a stored text may hold any byte (an index another program wrote), and an
 * excerpt is a C string, which a NUL would cut short. */
static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '\0';
}

/* The excerpt around words [first, last]: their sentences when those fit in `max`
 * bytes, else whole words on both sides of them. A sentence boundary more than `max`
 * bytes (and a character) away from the words decides nothing here: the sentences would
 * not fit, and the words added around them stay within `max` bytes. So it is not looked
 * for. */
static _dalil_range_t widen(_dalil_sentences_t *sentences, const word_t *words, size_t n_words,
                            size_t first, size_t last, size_t max)
{
    enum { UBRK_DONE = -1 };
    size_t start = words[first].start, end = words[last].end;
    int64_t s0 = _dalil_sentence_preceding(sentences, start + 1, max + 8);
    int64_t e0 = _dalil_sentence_following(sentences, end - 1, max + 8);
    if (s0 != UBRK_DONE && e0 != UBRK_DONE && (size_t)(e0 - s0) <= max)
        return (_dalil_range_t){(size_t)s0, (size_t)e0};
    /* Too long: words [first, last] at most, then words around them within the budget. */
    while (last > first && words[last].end - start > max)
        last--;
    end = words[last].end;
    size_t budget = end - start < max ? max - (end - start) : 0;
    size_t lo = first, hi = last;
    while (lo > 0 && start - words[lo - 1].start <= budget / 2 &&
           (s0 == UBRK_DONE || words[lo - 1].start >= (size_t)s0))
        lo--;
    size_t left = start - words[lo].start;
    while (hi + 1 < n_words && words[hi + 1].end - end <= budget - left &&
           (e0 == UBRK_DONE || words[hi + 1].end <= (size_t)e0))
        hi++;
    return (_dalil_range_t){words[lo].start, words[hi].end};
}

/* ---- Building the excerpt text -------------------------------------------------- */

typedef struct {
    char *bytes;
    size_t len;
} buffer_t;

static void put(buffer_t *b, const void *bytes, size_t len)
{
    memcpy(b->bytes + b->len, bytes, len);
    b->len += len;
}

static bool only_space_before(const char *text, size_t at)
{
    for (size_t i = 0; i < at; i++)
        if (!is_space(text[i]))
            return false;
    return true;
}

/* Copies text[from, to) into `b`: white space runs become one space, and bytes that are
 * not UTF-8 become U+FFFD. */
static void copy_text(buffer_t *b, const char *text, size_t from, size_t to)
{
    const unsigned char *u = (const unsigned char *)text;
    for (size_t i = from; i < to;) {
        if (is_space(text[i])) {
            if (b->len == 0 || b->bytes[b->len - 1] != ' ')
                put(b, " ", 1);
            i++;
            continue;
        }
        size_t n = _dalil_utf8_sequence(u + i, to - i);
        if (n)
            put(b, text + i, n);
        else
            put(b, REPLACEMENT, strlen(REPLACEMENT));
        i += n ? n : 1;
    }
}

/* The excerpt text[range], trimmed, with "…" where text was left out and the matched
 * words' byte ranges in the excerpt. */
static dalil_status_t build_snippet(const char *text, size_t len, _dalil_range_t range,
                                    const word_t *words, size_t n_words, _dalil_snippet_t *snippet)
{
    while (range.start < range.end && is_space(text[range.start]))
        range.start++;
    while (range.end > range.start && is_space(text[range.end - 1]))
        range.end--;
    snippet->source = range;
    size_t first = 0, n_hl = 0;
    while (first < n_words && words[first].start < range.start)
        first++;
    for (size_t i = first; i < n_words && words[i].end <= range.end; i++)
        n_hl += words[i].term >= 0;
    /* each input byte becomes at most 3 (U+FFFD), plus two ellipses */
    buffer_t b = {malloc(3 * (range.end - range.start) + 2 * strlen(ELLIPSIS) + 1), 0};
    snippet->highlights = calloc(n_hl ? n_hl : 1, sizeof *snippet->highlights);
    if (!b.bytes || !snippet->highlights) {
        free(b.bytes);
        return DALIL_NOMEM;
    }
    if (!only_space_before(text, range.start))
        put(&b, ELLIPSIS, strlen(ELLIPSIS));
    size_t at = range.start;
    for (size_t i = first; i < n_words && words[i].end <= range.end; i++) {
        if (words[i].term < 0)
            continue;
        copy_text(&b, text, at, words[i].start);
        size_t start = b.len;
        copy_text(&b, text, words[i].start, words[i].end);
        snippet->highlights[snippet->n_highlights++] = (_dalil_range_t){start, b.len};
        at = words[i].end;
    }
    copy_text(&b, text, at, range.end);
    if (range.end < len && !only_space_before(text + range.end, len - range.end))
        put(&b, ELLIPSIS, strlen(ELLIPSIS));
    b.bytes[b.len] = '\0';
    snippet->text = b.bytes;
    snippet->len = b.len;
    return DALIL_OK;
}

/* ---- Putting it together -------------------------------------------------------- */

/* Where the text's body starts: after the title when the text begins with it (the
 * printers show the title already, so an excerpt of it says nothing new). */
static size_t body_start(const char *title, size_t title_len, const char *text, size_t len)
{
    size_t at = 0;
    while (at < len && is_space(text[at]))
        at++;
    if (!title || title_len == 0 || len - at < title_len || memcmp(text + at, title, title_len) != 0)
        return 0;
    return at + title_len;
}

static dalil_status_t make_excerpts(_dalil_snipper_t *snipper, const char *text, size_t len,
                                    size_t body, const word_t *words, size_t n_words,
                                    const _dalil_snippet_params_t *params, _dalil_snippets_t *out)
{
    size_t max_snippets = params && params->max_snippets ? params->max_snippets : DEFAULT_MAX_SNIPPETS;
    size_t max_bytes = params && params->max_bytes ? params->max_bytes : DEFAULT_MAX_BYTES;
    window_t *chosen = calloc(max_snippets, sizeof *chosen);
    if (!chosen)
        return DALIL_NOMEM;
    size_t from = 0;
    while (from < n_words && words[from].start < body)
        from++;
    /* matches in the body first; in the title line only when the body has none */
    size_t n = choose_windows(words, n_words, from, max_bytes * 2 / 3, chosen, max_snippets);
    if (n == 0 && from > 0)
        n = choose_windows(words, n_words, 0, max_bytes * 2 / 3, chosen, max_snippets);
    if (n == 0) { /* nothing matched in the text: the beginning of its body */
        size_t start = from < n_words ? from : 0;
        chosen[n++] = (window_t){start, start, 0, 0};
    }
    dalil_status_t status = _dalil_sentences_set_text(snipper->sentences, text, len);
    if (status == DALIL_OK && !(out->snippets = calloc(n, sizeof *out->snippets)))
        status = DALIL_NOMEM;
    for (size_t i = 0; i < n && status == DALIL_OK; i++) {
        _dalil_range_t range = widen(snipper->sentences, words, n_words, chosen[i].first, chosen[i].last, max_bytes);
        status = build_snippet(text, len, range, words, n_words, &out->snippets[i]);
        out->n_snippets++;
    }
    free(chosen);
    return status;
}

/* Keeps the position of the last word (a _dalil_word_fn). */
static int last_position(void *ctx, size_t start, size_t end, uint32_t position)
{
    (void)start;
    (void)end;
    *(uint32_t *)ctx = position;
    return 0;
}

/* The text's words and matches, from its analysis, or when the index's positions are
 * given, from only the words they point at. */
static dalil_status_t scan_text(dalil_analyzer_t *analyzer, scan_t *scan,
                                const char *text, size_t len, const _dalil_snippet_params_t *params,
                                uint32_t title_end)
{
    if (params && params->positions && scan->n_prefixes == 0) {
        guide_t g = {.scan = scan, .analyzer = analyzer, .text = text, .len = len};
        dalil_status_t status = text_postings(&g, params, title_end);
        if (status == DALIL_OK)
            status = scan_guided(&g);
        free(g.postings);
        scan->out->guided = status == DALIL_OK && !g.disagree;
        if (status != DALIL_OK || !g.disagree)
            return status;
        /* start again, reading it all */
        scan->n_words = 0;
        scan->first_match_end = 0;
        scan->out->n_matches = 0;
    }
    return dalil_analyze(analyzer, text, len, scan_token, scan);
}

dalil_status_t _dalil_snippets_make(_dalil_snipper_t *snipper, dalil_analyzer_t *analyzer,
                                    const char *title, size_t title_len, const char *text,
                                    size_t len, char *const *terms, size_t n_terms,
                                    char *const *prefixes, size_t n_prefixes,
                                    const _dalil_snippet_params_t *params,
                                    _dalil_snippets_t *out)
{
    memset(out, 0, sizeof *out);
    if (len > INT32_MAX)
        return DALIL_INVALID_ARGUMENT;
    _dalil_snippets_t in_title = {0};
    out->matches = calloc(n_terms + n_prefixes + 1, sizeof *out->matches);
    in_title.matches = calloc(n_terms + n_prefixes + 1, sizeof *in_title.matches);
    if (!out->matches || !in_title.matches) {
        free(in_title.matches);
        return DALIL_NOMEM;
    }
    scan_t scan = {.terms = terms, .n_terms = n_terms, .prefixes = prefixes,
                   .n_prefixes = n_prefixes, .out = &in_title, .title = true,
                   .max_bytes = params && params->max_bytes ? params->max_bytes : DEFAULT_MAX_BYTES};
    /* The title first: the index numbers its words before the text's. */
    dalil_status_t status = DALIL_OK;
    uint32_t title_end = 0; /* the position of its last word */
    if (title && !(params && params->without_title_matches)) {
        status = dalil_analyze(analyzer, title, title_len, scan_token, &scan);
        title_end = scan.last_position;
    } else if (title && params->positions) {
        status = _dalil_analyze_words(analyzer, title, title_len, last_position, &title_end);
    }
    scan.title = false;
    scan.out = out;
    if (status == DALIL_OK)
        status = scan_text(analyzer, &scan, text, len, params, title_end);
    if (status == DALIL_OK && scan.out_of_memory)
        status = DALIL_NOMEM;
    /* Terms first seen in the title come after those of the text. */
    for (size_t i = 0; i < in_title.n_matches; i++)
        if (!has_match(out, in_title.matches[i].term))
            out->matches[out->n_matches++] = in_title.matches[i];
    free(in_title.matches);
    if (status == DALIL_OK && scan.n_words > 0)
        status = make_excerpts(snipper, text, len, body_start(title, title_len, text, len),
                               scan.words, scan.n_words, params, out);
    free(scan.words);
    return status;
}
