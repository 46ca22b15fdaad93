/* expand.c: from a span of query text to a query tree, through the one analyzer.
 *
 * Each query word becomes its forms in tiers, best first: the exact spelling (an acronym
 * typed in capitals: only in capitals), then folded, English stem, name key (the same
 * script's key with rule NAME_KEY, the other script's with CROSS_SCRIPT) and alias group.
 * The first three are one word written differently, so they form one SYNONYM, weighed by
 * BM25 as a single term (as a stemming engine would), plus a bonus for the exact
 * spelling, which therefore ranks first. Name keys and aliases are other spellings and
 * other names: each counts, scaled down, only in documents where the word itself is
 * absent (AND_NOT), so tiers never add up. No OP_MAX is needed, which matters because
 * Xapian 1.4.22 crashes on OP_MAX below an OR (lib/store.cc), and sentences are ORs.
 * bench/quality measured this against MAX of tiers: docs/ranking.md.
 *
 * Names of several words (a join key such as "bin Laden" = Binladen, an alias such as
 * "Islamic State") are units: the words one by one, or the unit's own terms, whichever
 * weighs more. Articles (al-, ez-) are optional in variant tiers, since Alqaeda and Qaeda
 * have none. In a phrase the words are leaves (OR of positional terms), as Xapian requires
 * inside PHRASE and NEAR. Every TERM node carries its rule and the query text it came
 * from, so hits can say why they matched. */
#include "variants.h"

#include <stdlib.h>
#include <string.h>

/* Weights relative to the word (exact, folded or stemmed) = 1. */
#define EXACT_BONUS 0.25 /* the exact spelling, on top of the word */
#define SCALE_KEY 0.67   /* another spelling of the name, where the word is absent */
#define SCALE_ALIAS 0.53 /* another name of the same thing, where the word is absent */
/* Phrases keep tiers joined by MAX (each tier is a phrase), on the same scale. */
#define SCALE_PHRASE_EXACT (1.0 + EXACT_BONUS)
#define SCALE_PHRASE_FOLD 1.0
#define PHRASE_SLACK 6 /* extra positions a phrase allows per name unit of several words */

typedef struct {
    char *term; /* prefix included */
    dalil_rule_t rule;
    int positional;
    uint32_t words;
} form_t;

typedef struct {
    size_t start, end;
    uint32_t position;
    form_t *forms;
    size_t n_forms;
    bool arabic, acronym, article;
} word_t;

typedef struct {
    const char *text;
    word_t *words;
    size_t count, capacity;
    bool out_of_memory;
} word_list_t;

/* A unit of the query: words [first, last], with the span's own terms when several. */
typedef struct {
    size_t first, last;
    size_t span_word; /* the word whose multi-word forms stand for the unit */
    bool compound;    /* words written joined by hyphens (well-known, Deir ez-Zor) */
} unit_t;

static void free_words(word_list_t *list)
{
    for (size_t i = 0; i < list->count; i++) {
        for (size_t f = 0; f < list->words[i].n_forms; f++)
            free(list->words[i].forms[f].term);
        free(list->words[i].forms);
    }
    free(list->words);
}

static bool has_prefix(const char *term, const char *prefix)
{
    return strncmp(term, prefix, strlen(prefix)) == 0;
}

/* The text after the prefix of a form's term. */
static const char *suffix(const char *term, const char *prefix)
{
    return term + strlen(prefix);
}

static bool is_key(const char *term)
{
    return has_prefix(term, DALIL_PREFIX_NAME_KEY) || has_prefix(term, DALIL_PREFIX_NAME_KEY_ARABIC);
}

/* The word folded (aẓ → az), as the article rules see it. */
static const char *folded_term(const word_t *w)
{
    for (size_t f = 1; f < w->n_forms; f++)
        if (w->forms[f].words == 1 && w->forms[f].rule == DALIL_RULE_FOLD &&
            has_prefix(w->forms[f].term, DALIL_PREFIX_FOLD))
            return w->forms[f].term + strlen(DALIL_PREFIX_FOLD);
    return w->forms[0].term;
}

/* Whether a key is a short key (its vowel classes are lower case: XaK). */
static bool is_short_key(const char *key)
{
    for (; *key; key++)
        if (*key >= 'a' && *key <= 'z')
            return true;
    return false;
}

static int collect_word(void *ctx, const dalil_token_t *token)
{
    word_list_t *list = ctx;
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity * 2 : 8;
        word_t *grown = realloc(list->words, capacity * sizeof *grown);
        if (!grown)
            goto oom;
        list->words = grown;
        list->capacity = capacity;
    }
    word_t *word = &list->words[list->count];
    *word = (word_t){.start = token->start, .end = token->end, .position = token->position};
    word->forms = calloc(token->n_forms, sizeof *word->forms);
    if (!word->forms)
        goto oom;
    list->count++;
    for (size_t i = 0; i < token->n_forms; i++) {
        const dalil_form_t *f = &token->forms[i];
        if (!(word->forms[i].term = strdup(f->term)))
            goto oom;
        word->n_forms++;
        word->forms[i].rule = f->rule;
        word->forms[i].positional = f->positional;
        word->forms[i].words = f->words ? f->words : 1;
        if (has_prefix(f->term, DALIL_PREFIX_ACRONYM))
            word->acronym = true;
    }
    unsigned char first = (unsigned char)token->term[0];
    word->arabic = first >= 0xD8 && first <= 0xDB;
    const char *plain = folded_term(word);
    unsigned flags = _dalil_word_flags(plain, strlen(plain), false);
    word->article = flags & (_DALIL_W_ARTICLE | _DALIL_W_SUN_ARTICLE);
    return 0;
oom:
    list->out_of_memory = true;
    return 1;
}

/* Articles stay articles only before a word (al-Qaeda), a sun article only before its
 * letter (ez-Zor, not "as said"). */
static void settle_articles(word_list_t *list)
{
    for (size_t i = 0; i < list->count; i++) {
        word_t *w = &list->words[i];
        if (!w->article)
            continue;
        const char *term = folded_term(w);
        if (i + 1 == list->count) {
            w->article = false;
            continue;
        }
        unsigned flags = _dalil_word_flags(term, strlen(term), false);
        const char *next = folded_term(&list->words[i + 1]);
        if (flags & _DALIL_W_SUN_ARTICLE)
            w->article = strncmp(next, term + 1, strlen(term + 1)) == 0;
    }
}

/* ---- Building nodes ------------------------------------------------------------- */

typedef struct {
    _dalil_query_t **items;
    size_t count, capacity;
    bool failed;
} nodes_t;

static void push(nodes_t *nodes, _dalil_query_t *node)
{
    if (!node) {
        nodes->failed = true;
        return;
    }
    if (nodes->count == nodes->capacity) {
        size_t capacity = nodes->capacity ? nodes->capacity * 2 : 8;
        _dalil_query_t **grown = realloc(nodes->items, capacity * sizeof *grown);
        if (!grown) {
            _dalil_query_free(node);
            nodes->failed = true;
            return;
        }
        nodes->items = grown;
        nodes->capacity = capacity;
    }
    nodes->items[nodes->count++] = node;
}

static void drop_nodes(nodes_t *nodes)
{
    for (size_t i = 0; i < nodes->count; i++)
        _dalil_query_free(nodes->items[i]);
    free(nodes->items);
    *nodes = (nodes_t){0};
}

/* Adds a TERM unless the same term is already among `nodes`. */
static void push_term(nodes_t *nodes, const char *prefix, const char *text, dalil_rule_t rule,
                      const char *origin, size_t origin_len)
{
    for (size_t i = 0; i < nodes->count; i++) {
        const char *t = nodes->items[i]->term;
        if (t && has_prefix(t, prefix) && strcmp(t + strlen(prefix), text) == 0)
            return;
    }
    _dalil_query_t *term = _dalil_query_term(prefix, text);
    if (term) {
        term->rule = rule;
        term->origin = strndup(origin, origin_len);
        if (!term->origin) {
            _dalil_query_free(term);
            term = NULL;
        }
    }
    push(nodes, term);
}

/* Joins `nodes` (consumed) with `op`: one node stands alone, none gives NULL; a failure
 * (here or while the nodes were made) sets *failed. */
static _dalil_query_t *join(nodes_t *nodes, _dalil_qop_t op, bool *failed)
{
    _dalil_query_t *node = NULL;
    if (nodes->failed) {
        *failed = true;
        for (size_t i = 0; i < nodes->count; i++)
            _dalil_query_free(nodes->items[i]);
    } else if (nodes->count == 1) {
        node = nodes->items[0];
    } else if (nodes->count > 1) {
        node = _dalil_query_node(op, nodes->items, nodes->count); /* frees them on failure */
        if (!node)
            *failed = true;
    }
    free(nodes->items);
    *nodes = (nodes_t){0};
    return node;
}

static _dalil_query_t *scaled(_dalil_query_t *node, double factor, bool *failed)
{
    if (!node)
        return NULL;
    _dalil_query_t *scale = _dalil_query_node(_DALIL_Q_SCALE, &node, 1);
    if (!scale)
        *failed = true;
    else
        scale->factor = factor;
    return scale;
}

/* Adds node to `tiers` scaled by `factor`, when there is one. */
static void push_tier(nodes_t *tiers, _dalil_query_t *node, double factor, bool *failed)
{
    if (node)
        push(tiers, scaled(node, factor, failed));
}

/* The terms of one tier of word `w`'s single-word forms. */
enum tier { TIER_EXACT, TIER_FOLD, TIER_STEM, TIER_KEY, TIER_ALIAS };

static void tier_terms(const word_list_t *list, const word_t *w, enum tier tier,
                       bool positional_only, nodes_t *out)
{
    const char *origin = list->text + w->start;
    size_t origin_len = w->end - w->start;
    for (size_t f = 0; f < w->n_forms; f++) {
        const form_t *form = &w->forms[f];
        if (form->words > 1 || (positional_only && !form->positional))
            continue;
        const char *t = form->term;
        switch (tier) {
        case TIER_EXACT:
            if (w->acronym ? has_prefix(t, DALIL_PREFIX_ACRONYM) : f == 0)
                push_term(out, w->acronym ? DALIL_PREFIX_ACRONYM : DALIL_PREFIX_WORD,
                          w->acronym ? suffix(t, DALIL_PREFIX_ACRONYM) : t, DALIL_RULE_EXACT,
                          origin, origin_len);
            break;
        case TIER_FOLD: /* a folded form is also an exact one when the text needed no fold */
            if (!w->acronym && form->rule == DALIL_RULE_FOLD) {
                push_term(out, DALIL_PREFIX_WORD, suffix(t, DALIL_PREFIX_FOLD), DALIL_RULE_FOLD,
                          origin, origin_len);
                push_term(out, DALIL_PREFIX_FOLD, suffix(t, DALIL_PREFIX_FOLD), DALIL_RULE_FOLD,
                          origin, origin_len);
            }
            break;
        case TIER_STEM:
            if (!w->acronym && form->rule == DALIL_RULE_STEM) {
                const char *stem = suffix(t, DALIL_PREFIX_STEM);
                push_term(out, DALIL_PREFIX_STEM, stem, DALIL_RULE_STEM, origin, origin_len);
                push_term(out, DALIL_PREFIX_WORD, stem, DALIL_RULE_STEM, origin, origin_len);
                push_term(out, DALIL_PREFIX_FOLD, stem, DALIL_RULE_STEM, origin, origin_len);
            }
            break;
        case TIER_KEY:
            if (is_key(t)) {
                const char *key = t + 2;
                dalil_rule_t latin = w->arabic ? DALIL_RULE_CROSS_SCRIPT : DALIL_RULE_NAME_KEY;
                dalil_rule_t arabic = w->arabic ? DALIL_RULE_NAME_KEY : DALIL_RULE_CROSS_SCRIPT;
                push_term(out, DALIL_PREFIX_NAME_KEY, key, latin, origin, origin_len);
                if (!is_short_key(key)) /* only romanised words have short keys */
                    push_term(out, DALIL_PREFIX_NAME_KEY_ARABIC, key, arabic, origin, origin_len);
            }
            break;
        case TIER_ALIAS:
            if (form->rule == DALIL_RULE_ALIAS)
                push_term(out, DALIL_PREFIX_WORD, t, DALIL_RULE_ALIAS, origin, origin_len);
            break;
        }
    }
}

/* A word as one leaf: every positional term it may match as, ORed (inside PHRASE/NEAR). */
static _dalil_query_t *word_leaf(const word_list_t *list, const word_t *w, bool exact,
                                 bool *failed)
{
    nodes_t terms = {0};
    tier_terms(list, w, TIER_EXACT, true, &terms);
    if (!exact)
        for (enum tier t = TIER_FOLD; t <= TIER_ALIAS; t++)
            tier_terms(list, w, t, true, &terms);
    return join(&terms, _DALIL_Q_OR, failed);
}

/* The terms of tiers [first, last] of word `w`, as one node joined with `op`. */
static _dalil_query_t *tiers_node(const word_list_t *list, const word_t *w, enum tier first,
                                  enum tier last, _dalil_qop_t op, bool *failed)
{
    nodes_t terms = {0};
    for (enum tier t = first; t <= last; t++)
        tier_terms(list, w, t, false, &terms);
    return join(&terms, op, failed);
}

/* A variant tier (name key, alias) of word `w`, counted only where no better tier
 * matches: SCALE(tier AND_NOT better tiers), or NULL when the word has no such forms. */
static _dalil_query_t *variant_tier(const word_list_t *list, const word_t *w, enum tier tier,
                                    double factor, bool *failed)
{
    _dalil_query_t *variants = tiers_node(list, w, tier, tier, _DALIL_Q_SYNONYM, failed);
    if (!variants)
        return NULL;
    nodes_t minus = {0};
    push(&minus, variants);
    push(&minus, tiers_node(list, w, TIER_EXACT, tier - 1, _DALIL_Q_OR, failed));
    return scaled(join(&minus, _DALIL_Q_AND_NOT, failed), factor, failed);
}

/* A word: OR(SYNONYM(exact, folded, stemmed), SCALE(exact), SCALE(key AND_NOT word),
 * SCALE(alias AND_NOT word and key)); the bare term when it has no other form. */
static _dalil_query_t *word_node(const word_list_t *list, const word_t *w, bool exact,
                                 bool *failed)
{
    if (exact)
        return tiers_node(list, w, TIER_EXACT, TIER_EXACT, _DALIL_Q_SYNONYM, failed);
    nodes_t parts = {0};
    push(&parts, tiers_node(list, w, TIER_EXACT, TIER_STEM, _DALIL_Q_SYNONYM, failed));
    push(&parts, scaled(tiers_node(list, w, TIER_EXACT, TIER_EXACT, _DALIL_Q_SYNONYM, failed),
                        EXACT_BONUS, failed));
    _dalil_query_t *key = variant_tier(list, w, TIER_KEY, SCALE_KEY, failed);
    if (key)
        push(&parts, key);
    _dalil_query_t *alias = variant_tier(list, w, TIER_ALIAS, SCALE_ALIAS, failed);
    if (alias)
        push(&parts, alias);
    return join(&parts, _DALIL_Q_OR, failed);
}

/* The terms standing for unit `u` as a whole (join keys, alias groups), in two tiers. */
static void span_terms(const word_list_t *list, const unit_t *u, nodes_t *keys, nodes_t *aliases)
{
    const word_t *w = &list->words[u->span_word];
    const word_t *first = &list->words[u->first];
    const char *origin = list->text + first->start;
    size_t origin_len = w->end - first->start;
    uint32_t words = w->position - first->position + 1;
    for (size_t f = 0; f < w->n_forms; f++) {
        const form_t *form = &w->forms[f];
        if (form->words != words)
            continue;
        if (form->rule == DALIL_RULE_ALIAS) {
            push_term(aliases, DALIL_PREFIX_WORD, form->term, DALIL_RULE_ALIAS, origin, origin_len);
        } else if (is_key(form->term)) {
            const char *key = form->term + 2;
            push_term(keys, DALIL_PREFIX_NAME_KEY, key,
                      w->arabic ? DALIL_RULE_CROSS_SCRIPT : DALIL_RULE_NAME_KEY, origin, origin_len);
            push_term(keys, DALIL_PREFIX_NAME_KEY_ARABIC, key,
                      w->arabic ? DALIL_RULE_NAME_KEY : DALIL_RULE_CROSS_SCRIPT, origin, origin_len);
        }
    }
}

/* The last word of the longest name of several words that starts at word i (i if none). */
static size_t name_end(const word_list_t *list, size_t i)
{
    size_t end = i;
    for (size_t j = i + 1; j < list->count; j++) {
        const word_t *w = &list->words[j];
        for (size_t f = 0; f < w->n_forms; f++)
            if (w->forms[f].words > 1 &&
                w->position - w->forms[f].words + 1 == list->words[i].position)
                end = j;
    }
    return end;
}

/* Splits the words into units, left to right, each the longest name starting there,
 * unless a longer one starts inside it and ends beyond it ("Water Deir ez-Zor": Deir
 * ez-Zor, not Water Deir). */
static size_t find_units(const word_list_t *list, unit_t *units)
{
    size_t n = 0;
    for (size_t i = 0; i < list->count;) {
        size_t end = name_end(list, i);
        for (size_t k = i + 1; k <= end; k++) {
            size_t other = name_end(list, k);
            if (other > end && other - k > end - i) {
                end = i;
                break;
            }
        }
        units[n++] = (unit_t){i, end, end, false};
        i = end + 1;
    }
    return n;
}

/* Whether only hyphens lie between two words of the query: they were written as one. */
static bool hyphen_between(const word_list_t *list, const word_t *a, const word_t *b)
{
    const char *gap = list->text + a->end;
    size_t len = b->start - a->end;
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (gap[i] == '-')
            continue;
        if (i + 2 < len && memcmp(gap + i, "\xE2\x80", 2) == 0 &&
            ((unsigned char)gap[i + 2] == 0x90 || (unsigned char)gap[i + 2] == 0x91)) {
            i += 2; /* ‐ ‑ */
            continue;
        }
        return false;
    }
    return true;
}

/* Units written joined by hyphens become one compound unit (the name's own span word
 * kept), which matches only where its words stand together. */
static size_t join_compounds(const word_list_t *list, unit_t *units, size_t n)
{
    size_t out = 0;
    for (size_t k = 0; k < n; k++) {
        if (out && hyphen_between(list, &list->words[units[out - 1].last],
                                  &list->words[units[k].first])) {
            unit_t *prev = &units[out - 1];
            if (units[k].last - units[k].first > prev->span_word - prev->first)
                prev->span_word = units[k].span_word;
            prev->last = units[k].last;
            prev->compound = true;
            continue;
        }
        units[out++] = units[k];
    }
    return out;
}

/* The words of unit `u` one by one, joined with `op`; articles left out, unless the unit
 * is nothing else (one article, or "l-l": no words left would make no query at all). */
static _dalil_query_t *unit_words(const word_list_t *list, const unit_t *u, _dalil_qop_t op,
                                  bool exact, bool *failed)
{
    bool only_articles = true;
    for (size_t i = u->first; i <= u->last; i++)
        only_articles = only_articles && list->words[i].article;
    nodes_t nodes = {0};
    for (size_t i = u->first; i <= u->last; i++)
        if (exact || !list->words[i].article || only_articles)
            push(&nodes, word_node(list, &list->words[i], exact, failed));
    return join(&nodes, op, failed);
}

static _dalil_query_t *phrase_node(const word_list_t *list, const unit_t *units, size_t n_units,
                                   bool exact, bool leaves, bool *failed);
static _dalil_query_t *word_leaf(const word_list_t *list, const word_t *w, bool exact,
                                 bool *failed);

/* `node` restricted to the documents `only` matches (both consumed); its weight is kept. */
static _dalil_query_t *restricted(_dalil_query_t *node, _dalil_query_t *only, bool *failed)
{
    if (!node || !only) {
        _dalil_query_free(only);
        return node;
    }
    _dalil_query_t *both[2] = {node, only};
    _dalil_query_t *filter = _dalil_query_node(_DALIL_Q_FILTER, both, 2);
    if (!filter)
        *failed = true;
    return filter;
}

/* Whether a word is a name strong enough to stand alone: it has a key of three classes
 * or more of its own (Gaddafi, Tripoli, Younis; not Khan, Deir, الله, nor an ordinary
 * word). */
static bool strong_name(const word_t *w)
{
    for (size_t f = 0; f < w->n_forms; f++) {
        const form_t *form = &w->forms[f];
        if (form->words != 1 || !is_key(form->term))
            continue;
        const char *key = form->term + 2;
        size_t len = strlen(key);
        if (!is_short_key(key) && len - (key[len - 1] == 'I') >= 3)
            return true;
    }
    return false;
}

/* A name of several words with a weak word in it (Khan Younis, Hizb Allah, Deir ez-Zor,
 * bin Laden) is the name only where its words stand together, in order: "Younis Khan" is
 * a cricketer, and الله is in every other Arabic text. Two strong names (Gaddafi Tripoli)
 * may be apart. The phrase allows one word more between them (an article). */
static _dalil_query_t *together(const word_list_t *list, const unit_t *u, _dalil_query_t *words,
                                bool *failed)
{
    bool weak = u->compound;
    for (size_t i = u->first; i <= u->last; i++)
        weak = weak || (!list->words[i].article && !strong_name(&list->words[i]));
    if (!weak || !words)
        return words;
    nodes_t leaves = {0};
    for (size_t i = u->first; i <= u->last; i++)
        if (!list->words[i].article)
            push(&leaves, word_leaf(list, &list->words[i], false, failed));
    if (leaves.count < 2) {
        drop_nodes(&leaves);
        return words;
    }
    _dalil_query_t *phrase = join(&leaves, _DALIL_Q_PHRASE, failed);
    if (phrase)
        phrase->window = (uint32_t)(u->last - u->first + 2);
    return restricted(words, phrase, failed);
}

/* A unit: a word with its tiers; words that may be one name (a join key: Khan Younis,
 * but also "Gaddafi Tripoli") as the words or the name's key; a name of the alias table
 * as a phrase (its words in order, in every spelling) or its group, so that "Islamic
 * State" does not match every text with "Islamic" in one place and "state" in another. */
static _dalil_query_t *unit_node(const word_list_t *list, const unit_t *u, _dalil_qop_t op,
                                 bool exact, bool *failed)
{
    if (exact && u->compound) { /* written as one: its exact words in a row */
        word_list_t name = {.text = list->text, .words = list->words + u->first,
                            .count = u->last - u->first + 1};
        return phrase_node(&name, NULL, 0, true, false, failed);
    }
    if (exact || u->first == u->last)
        return unit_words(list, u, op, exact, failed);
    nodes_t keys = {0}, aliases = {0}, tiers = {0};
    span_terms(list, u, &keys, &aliases);
    if (aliases.count) {
        /* Only where the text names the group: the table's rules (an ordinary word in
         * capitals, ISIS? with evidence) decided that at indexing. "an Islamic state" has
         * the words in order, but is not the group. */
        drop_nodes(&keys);
        _dalil_query_t *group = join(&aliases, _DALIL_Q_OR, failed);
        word_list_t name = {.text = list->text, .words = list->words + u->first,
                            .count = u->last - u->first + 1};
        unit_t whole = {0, name.count - 1, u->span_word - u->first, false};
        return restricted(phrase_node(&name, &whole, 1, false, false, failed), group, failed);
    }
    _dalil_query_t *words = unit_words(list, u, op, exact, failed);
    push(&tiers, op == _DALIL_Q_AND ? together(list, u, words, failed) : words);
    push_tier(&tiers, join(&keys, _DALIL_Q_SYNONYM, failed), SCALE_KEY, failed);
    drop_nodes(&aliases);
    return join(&tiers, _DALIL_Q_MAX, failed);
}

/* ---- Phrases -------------------------------------------------------------------- */

static _dalil_query_t *phrase_of(nodes_t *nodes, uint32_t window, bool *failed)
{
    size_t count = nodes->count;
    _dalil_query_t *phrase = join(nodes, _DALIL_Q_PHRASE, failed);
    if (phrase && count > 1)
        phrase->window = window;
    return phrase;
}

/* The phrase in tiers: exact words, then every positional variant of each word, then
 * names of several words by their own terms (a window leaves room for their words). */
static _dalil_query_t *phrase_node(const word_list_t *list, const unit_t *units, size_t n_units,
                                   bool exact, bool leaves, bool *failed)
{
    nodes_t exact_words = {0}, variant_words = {0}, unit_leaves = {0};
    for (size_t i = 0; i < list->count; i++) {
        push(&exact_words, word_leaf(list, &list->words[i], true, failed));
        if (!list->words[i].article || list->count == 1)
            push(&variant_words, word_leaf(list, &list->words[i], false, failed));
    }
    if (exact) {
        drop_nodes(&variant_words);
        return phrase_of(&exact_words, 0, failed);
    }
    if (leaves) {
        drop_nodes(&exact_words);
        return phrase_of(&variant_words, 0, failed);
    }
    uint32_t window = 0;
    bool has_span = false;
    for (size_t u = 0; u < n_units; u++) {
        if (units[u].first == units[u].last) {
            if (!list->words[units[u].first].article)
                push(&unit_leaves, word_leaf(list, &list->words[units[u].first], false, failed));
            window += 1;
            continue;
        }
        nodes_t keys = {0}, aliases = {0};
        span_terms(list, &units[u], &keys, &aliases);
        for (size_t i = 0; i < aliases.count; i++)
            push(&keys, aliases.items[i]);
        free(aliases.items);
        if (keys.count)
            has_span = true;
        push(&unit_leaves, join(&keys, _DALIL_Q_OR, failed));
        window += 1 + PHRASE_SLACK;
    }
    nodes_t tiers = {0};
    push_tier(&tiers, phrase_of(&exact_words, 0, failed), SCALE_PHRASE_EXACT, failed);
    push_tier(&tiers, phrase_of(&variant_words, (uint32_t)list->count + PHRASE_SLACK / 2, failed),
              SCALE_PHRASE_FOLD, failed);
    if (has_span && !unit_leaves.failed)
        push_tier(&tiers, phrase_of(&unit_leaves, window, failed), SCALE_KEY, failed);
    else
        drop_nodes(&unit_leaves);
    return join(&tiers, _DALIL_Q_MAX, failed);
}

/* ---- Entry point ---------------------------------------------------------------- */

static _dalil_qop_t join_op(unsigned flags)
{
    return (flags & _DALIL_EXPAND_ANY) ? _DALIL_Q_OR : _DALIL_Q_AND;
}

static _dalil_query_t *build(const word_list_t *list, unsigned flags, bool *failed)
{
    bool exact = flags & _DALIL_EXPAND_EXACT, leaves = flags & _DALIL_EXPAND_LEAVES;
    unit_t *units = malloc(list->count * sizeof *units);
    if (!units) {
        *failed = true;
        return NULL;
    }
    size_t n_units = find_units(list, units);
    if (!(flags & (_DALIL_EXPAND_PHRASE | _DALIL_EXPAND_LEAVES))) {
        if (exact) /* no names of several words: only what was written as one */
            for (n_units = 0; n_units < list->count; n_units++)
                units[n_units] = (unit_t){n_units, n_units, n_units, false};
        n_units = join_compounds(list, units, n_units);
    }
    _dalil_query_t *query = NULL;
    if (flags & _DALIL_EXPAND_PHRASE) {
        query = phrase_node(list, units, n_units, exact, leaves, failed);
    } else {
        nodes_t nodes = {0};
        for (size_t u = 0; u < n_units; u++) {
            if (leaves) {
                for (size_t i = units[u].first; i <= units[u].last; i++)
                    push(&nodes, word_leaf(list, &list->words[i], exact, failed));
            } else {
                push(&nodes, unit_node(list, &units[u], join_op(flags), exact, failed));
            }
        }
        query = join(&nodes, join_op(flags), failed);
    }
    free(units);
    return query;
}

dalil_status_t _dalil_expand_text(dalil_analyzer_t *analyzer, const char *text, size_t len,
                                  unsigned flags, _dalil_query_t **query_out)
{
    *query_out = NULL;
    word_list_t list = {.text = text};
    _dalil_analyzer_set_query_mode(analyzer, true);
    dalil_status_t status = dalil_analyze(analyzer, text, len, collect_word, &list);
    _dalil_analyzer_set_query_mode(analyzer, false);
    if (status == DALIL_OK && list.out_of_memory)
        status = DALIL_NOMEM;
    if (status == DALIL_OK && list.count == 0)
        status = DALIL_INVALID_ARGUMENT;
    if (status == DALIL_OK) {
        settle_articles(&list);
        bool failed = false;
        _dalil_query_t *query = build(&list, flags, &failed);
        if (failed || !query) {
            _dalil_query_free(query);
            status = DALIL_NOMEM;
        } else {
            *query_out = query;
        }
    }
    free_words(&list);
    return status;
}
