/* search.c: a query's text → a query tree → the store's ranked hits, and access to them. */
#include "printers.h"

#include <stdlib.h>
#include <string.h>

static unsigned parse_flags(const dalil_search_options_t *options)
{
    unsigned flags = 0;
    if (options && options->words == DALIL_WORDS_ANY)
        flags |= _DALIL_PARSE_ANY;
    if (options && options->words == DALIL_WORDS_ALL)
        flags |= _DALIL_PARSE_ALL;
    if (options && options->exact)
        flags |= _DALIL_PARSE_EXACT;
    return flags;
}

static _dalil_run_t run_of(const dalil_search_options_t *options, bool matching_terms)
{
    _dalil_run_t run = {.limit = 10, .sort = DALIL_SORT_RELEVANCE, .matching_terms = matching_terms};
    if (options) {
        run.offset = options->offset;
        run.limit = options->limit ? options->limit : 10;
        run.sort = options->sort;
        run.exact_count = options->exact_count != 0;
    }
    return run;
}

dalil_status_t dalil_db_search(dalil_db_t *db, const char *query,
                               const dalil_search_options_t *options, dalil_hits_t **hits_out)
{
    return _dalil_db_search(db, query, options, true, hits_out);
}

dalil_status_t _dalil_db_search(dalil_db_t *db, const char *query,
                                const dalil_search_options_t *options, bool matching_terms,
                                dalil_hits_t **hits_out)
{
    *hits_out = NULL;
    if (!query)
        return _dalil_db_fail(db, DALIL_INVALID_ARGUMENT, "no query");
    if (options && options->sort > DALIL_SORT_DATE_DESC)
        return _dalil_db_fail(db, DALIL_INVALID_ARGUMENT, "unknown sort order %d", (int)options->sort);
    dalil_analyzer_t *analyzer;
    dalil_status_t status = _dalil_db_analyzer(db, &analyzer);
    if (status != DALIL_OK)
        return status;

    _dalil_parse_t parse;
    status = _dalil_query_parse(analyzer, query, strlen(query), parse_flags(options), &parse);
    if (status == DALIL_INVALID_ARGUMENT) {
        _dalil_db_fail(db, status, "query column %zu: %s", parse.error_column, parse.error);
        _dalil_parse_clear(&parse);
        return status;
    }
    if (status != DALIL_OK) {
        _dalil_parse_clear(&parse);
        return _dalil_db_fail(db, status, "cannot parse the query");
    }
    _dalil_run_t run = run_of(options, matching_terms);
    status = _dalil_store_run(db, parse.tree, &run, hits_out);
    if (status == DALIL_OK) {
        (*hits_out)->query = parse.tree;
        parse.tree = NULL;
    }
    _dalil_parse_clear(&parse);
    return status;
}

void dalil_hits_free(dalil_hits_t *hits)
{
    if (!hits)
        return;
    for (size_t i = 0; i < hits->count; i++) {
        free(hits->items[i].data);
        for (size_t t = 0; t < hits->items[i].n_terms; t++)
            free(hits->items[i].terms[t]);
        free(hits->items[i].terms);
    }
    free(hits->items);
    _dalil_query_free(hits->query);
    free(hits);
}

size_t dalil_hits_count(const dalil_hits_t *hits)
{
    return hits->count;
}

void dalil_hits_total(const dalil_hits_t *hits, uint64_t *estimate, uint64_t *lower,
                      uint64_t *upper)
{
    if (estimate)
        *estimate = hits->estimate;
    if (lower)
        *lower = hits->lower;
    if (upper)
        *upper = hits->upper;
}

uint64_t dalil_hit_docid(const dalil_hits_t *hits, size_t i)
{
    return i < hits->count ? hits->items[i].docid : 0;
}

double dalil_hit_weight(const dalil_hits_t *hits, size_t i)
{
    return i < hits->count ? hits->items[i].weight : 0.0;
}

const char *dalil_hit_field(const dalil_hits_t *hits, size_t i, const char *name,
                            size_t *len_out)
{
    size_t len = 0;
    const char *value = NULL;
    if (i < hits->count)
        value = _dalil_fields_find(hits->items[i].data, hits->items[i].data_len, name, &len);
    if (len_out)
        *len_out = len;
    return value;
}

/* ---- Counting --------------------------------------------------------------------- */

dalil_status_t dalil_db_count(dalil_db_t *db, const char *query,
                              const dalil_search_options_t *options, uint64_t *count_out)
{
    *count_out = 0;
    if (!query)
        return _dalil_db_fail(db, DALIL_INVALID_ARGUMENT, "no query");
    dalil_analyzer_t *analyzer;
    dalil_status_t status = _dalil_db_analyzer(db, &analyzer);
    if (status != DALIL_OK)
        return status;
    _dalil_parse_t parse;
    status = _dalil_query_parse(analyzer, query, strlen(query), parse_flags(options), &parse);
    if (status == DALIL_INVALID_ARGUMENT)
        _dalil_db_fail(db, status, "query column %zu: %s", parse.error_column, parse.error);
    else if (status != DALIL_OK)
        _dalil_db_fail(db, status, "cannot parse the query");
    if (status == DALIL_OK) {
        /* no page at all, and every document checked: the count is exact */
        _dalil_run_t run = {.limit = 0, .sort = DALIL_SORT_RELEVANCE, .exact_count = true};
        dalil_hits_t *hits = NULL;
        status = _dalil_store_run(db, parse.tree, &run, &hits);
        if (status == DALIL_OK)
            *count_out = hits->estimate;
        dalil_hits_free(hits);
    }
    _dalil_parse_clear(&parse);
    return status;
}

/* ---- Results as data, for the printers --------------------------------------------- */

/* As _dalil_utf8_sequence, and a NUL is not a character either: JSON text keeps none. */
static size_t utf8_sequence(const unsigned char *u, size_t n)
{
    return u[0] == 0 ? 0 : _dalil_utf8_sequence(u, n);
}

/* A JSON string of `len` bytes that may not be UTF-8: invalid bytes become U+FFFD, as
 * JSON carries only Unicode text. */
static json_t *json_text(const char *text, size_t len)
{
    json_t *string = json_stringn(text, len);
    if (string)
        return string;
    char *clean = malloc(3 * len + 1);
    if (!clean)
        return NULL;
    size_t n = 0;
    const unsigned char *u = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        size_t seq = utf8_sequence(u + i, len - i);
        if (seq) {
            memcpy(clean + n, text + i, seq);
            n += seq;
            i += seq;
        } else {
            memcpy(clean + n, "\xEF\xBF\xBD", 3);
            n += 3;
            i++;
        }
    }
    string = json_stringn(clean, n);
    free(clean);
    return string;
}

static json_t *json_cstring(const char *text)
{
    return text ? json_text(text, strlen(text)) : json_null();
}

/* Sets `key` to a new value; false when out of memory (the value is released). */
static bool set(json_t *object, const char *key, json_t *value)
{
    return value && json_object_set_new(object, key, value) == 0;
}

static bool set_field(json_t *object, const dalil_hits_t *hits, size_t i, const char *field,
                      bool null_when_missing)
{
    size_t len = 0;
    const char *value = dalil_hit_field(hits, i, field, &len);
    if (!value)
        return !null_when_missing || set(object, field, json_null());
    return set(object, field, json_text(value, len));
}

/* The wildcard prefixes of the query, for highlighting the words they matched. */
static void collect_prefixes(const _dalil_query_t *q, char **prefixes, size_t *n, size_t max)
{
    if (q->op == _DALIL_Q_WILDCARD && *n < max)
        prefixes[(*n)++] = q->term;
    for (size_t i = 0; i < q->n_subs; i++)
        collect_prefixes(q->subs[i], prefixes, n, max);
}

typedef struct {
    const char *term;
    json_t *matched;
    const _dalil_match_t *match; /* where the term was seen, or NULL */
    const char *title, *text;
    bool failed;
} matched_ctx_t;

/* One entry of `matched` per query term node that stands for `term`. */
static void add_matched(const _dalil_query_t *q, matched_ctx_t *ctx)
{
    for (size_t i = 0; i < q->n_subs; i++)
        add_matched(q->subs[i], ctx);
    if (q->op != _DALIL_Q_TERM || strcmp(q->term, ctx->term) != 0 || ctx->failed)
        return;
    /* the same term may appear twice in a tree (a word repeated): report it once */
    size_t k;
    json_t *seen;
    json_array_foreach(ctx->matched, k, seen)
    {
        const char *origin = json_string_value(json_object_get(seen, "query"));
        if (strcmp(json_string_value(json_object_get(seen, "term")), q->term) == 0 &&
            ((!origin && !q->origin) || (origin && q->origin && strcmp(origin, q->origin) == 0)))
            return;
    }
    json_t *entry = json_object();
    const _dalil_match_t *m = ctx->match;
    const char *where = m ? (m->in_title ? ctx->title : ctx->text) : NULL;
    bool ok = entry && set(entry, "query", json_cstring(q->origin)) && set(entry, "term", json_cstring(q->term)) &&
              set(entry, "rule", json_string(dalil_rule_str(q->rule))) &&
              set(entry, "form", where ? json_text(where + m->where.start, m->where.end - m->where.start) : json_null()) &&
              set(entry, "field", m ? json_string(m->in_title ? "title" : "text") : json_null());
    if (!ok)
        json_decref(entry);
    /* json_array_append_new releases the entry when it fails */
    if (!ok || json_array_append_new(ctx->matched, entry) != 0)
        ctx->failed = true;
}

/* Wildcards match terms Xapian does not name among the matching terms: each wildcard
 * whose prefix began a word of the hit gets an entry, its term written prefix*. */
static bool add_wildcards(const _dalil_query_t *q, const _dalil_snippets_t *snippets, const char *title,
                          const char *text, json_t *matched)
{
    for (size_t i = 0; i < q->n_subs; i++)
        if (!add_wildcards(q->subs[i], snippets, title, text, matched))
            return false;
    if (q->op != _DALIL_Q_WILDCARD)
        return true;
    const _dalil_match_t *m = NULL;
    for (size_t k = 0; k < snippets->n_matches && !m; k++)
        if (snippets->matches[k].term == q->term)
            m = &snippets->matches[k];
    if (!m)
        return true;
    const char *where = m->in_title ? title : text;
    char *pattern = NULL;
    if (asprintf(&pattern, "%s*", q->term) < 0)
        return false;
    json_t *entry = json_object();
    bool ok = entry && set(entry, "query", json_cstring(q->origin)) && set(entry, "term", json_cstring(pattern)) &&
              set(entry, "rule", json_string(dalil_rule_str(q->rule))) &&
              set(entry, "form", json_text(where + m->where.start, m->where.end - m->where.start)) &&
              set(entry, "field", json_string(m->in_title ? "title" : "text"));
    free(pattern);
    if (!ok)
        json_decref(entry);
    return ok && json_array_append_new(matched, entry) == 0;
}

static json_t *matched_model(const dalil_hits_t *hits, size_t i, const _dalil_snippets_t *snippets,
                             const char *title, const char *text)
{
    json_t *matched = json_array();
    if (matched && snippets && hits->query && !add_wildcards(hits->query, snippets, title, text, matched)) {
        json_decref(matched);
        return NULL;
    }
    const _dalil_hit_t *hit = &hits->items[i];
    for (size_t t = 0; matched && t < hit->n_terms && hits->query; t++) {
        matched_ctx_t ctx = {.term = hit->terms[t], .matched = matched, .title = title, .text = text};
        for (size_t m = 0; snippets && m < snippets->n_matches; m++)
            if (strcmp(snippets->matches[m].term, hit->terms[t]) == 0)
                ctx.match = &snippets->matches[m];
        add_matched(hits->query, &ctx);
        if (ctx.failed) {
            json_decref(matched);
            return NULL;
        }
    }
    return matched;
}

static json_t *snippets_model(const _dalil_snippets_t *snippets)
{
    json_t *array = json_array();
    for (size_t s = 0; array && s < snippets->n_snippets; s++) {
        const _dalil_snippet_t *snippet = &snippets->snippets[s];
        json_t *object = json_object(), *highlights = json_array();
        bool ok = object && highlights;
        for (size_t h = 0; ok && h < snippet->n_highlights; h++)
            ok = json_array_append_new(highlights, json_pack("[II]", (json_int_t)snippet->highlights[h].start,
                                                             (json_int_t)snippet->highlights[h].end)) == 0;
        ok = ok && set(object, "text", json_text(snippet->text, snippet->len)) &&
             json_object_set(object, "highlights", highlights) == 0 &&
             json_array_append(array, object) == 0;
        json_decref(highlights);
        json_decref(object);
        if (!ok) {
            json_decref(array);
            return NULL;
        }
    }
    return array;
}

/* The terms of the query's tree, sorted and each once: what snippets highlight. A word
 * of the hit's text has one of them among its forms only if the index has it for the hit,
 * so they highlight what the hit's matching terms would, without asking the index which
 * those are. */
typedef struct {
    char **terms;
    size_t count, capacity;
} term_set_t;

static bool collect_terms(const _dalil_query_t *q, term_set_t *set)
{
    if (q->op == _DALIL_Q_TERM) {
        if (set->count == set->capacity) {
            size_t capacity = set->capacity ? 2 * set->capacity : 16;
            char **grown = realloc(set->terms, capacity * sizeof *grown);
            if (!grown)
                return false;
            set->terms = grown;
            set->capacity = capacity;
        }
        set->terms[set->count++] = q->term;
    }
    for (size_t i = 0; i < q->n_subs; i++)
        if (!collect_terms(q->subs[i], set))
            return false;
    return true;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static dalil_status_t query_terms(const _dalil_query_t *query, term_set_t *set)
{
    memset(set, 0, sizeof *set);
    if (query && !collect_terms(query, set)) {
        free(set->terms);
        return DALIL_NOMEM;
    }
    if (set->count > 1)
        qsort(set->terms, set->count, sizeof *set->terms, compare_strings);
    size_t n = 0;
    for (size_t i = 0; i < set->count; i++)
        if (n == 0 || strcmp(set->terms[n - 1], set->terms[i]) != 0)
            set->terms[n++] = set->terms[i];
    set->count = n;
    return DALIL_OK;
}

/* The terms whose positions snippets use: stems have no positions, and title terms are
 * only in the title, which snippets read whole. NULL for the others. */
static char **positional_terms(const term_set_t *set)
{
    char **looked_up = calloc(set->count + 1, sizeof *looked_up);
    for (size_t t = 0; looked_up && t < set->count; t++) {
        const char *term = set->terms[t];
        bool positional = strncmp(term, DALIL_PREFIX_STEM, strlen(DALIL_PREFIX_STEM)) != 0 &&
                          strncmp(term, DALIL_PREFIX_TITLE, strlen(DALIL_PREFIX_TITLE)) != 0;
        looked_up[t] = positional ? set->terms[t] : NULL;
    }
    return looked_up;
}

struct _dalil_hits_positions {
    term_set_t terms;     /* the query's terms, sorted, each once */
    uint32_t **positions; /* [hit * terms.count + term] */
    size_t *counts;
    size_t n_hits;
};

void _dalil_hits_positions_free(_dalil_hits_positions_t *p)
{
    if (!p)
        return;
    for (size_t k = 0; p->positions && k < p->n_hits * p->terms.count; k++)
        free(p->positions[k]);
    free(p->positions);
    free(p->counts);
    free(p->terms.terms);
    free(p);
}

/* Where hits [first, first + n_hits) have the query's terms (see _dalil_db_positions_many). */
static dalil_status_t hits_positions(dalil_db_t *db, const dalil_hits_t *hits, size_t first,
                                     size_t n_hits, _dalil_hits_positions_t **out)
{
    *out = NULL;
    _dalil_hits_positions_t *p = calloc(1, sizeof *p);
    if (!p)
        return DALIL_NOMEM;
    dalil_status_t status = query_terms(hits->query, &p->terms);
    if (status != DALIL_OK) {
        free(p);
        return status;
    }
    size_t cells = n_hits * p->terms.count;
    p->positions = calloc(cells + 1, sizeof *p->positions);
    p->counts = calloc(cells + 1, sizeof *p->counts);
    uint64_t *docids = calloc(n_hits + 1, sizeof *docids);
    char **looked_up = positional_terms(&p->terms);
    if (!p->positions || !p->counts || !docids || !looked_up)
        status = DALIL_NOMEM;
    for (size_t i = 0; i < n_hits && docids; i++)
        docids[i] = hits->items[first + i].docid;
    if (status == DALIL_OK)
        status = _dalil_db_positions_many(db, docids, n_hits, looked_up, p->terms.count, p->positions, p->counts);
    free(docids);
    free(looked_up);
    if (status != DALIL_OK) {
        _dalil_hits_positions_free(p);
        return status;
    }
    p->n_hits = n_hits;
    *out = p;
    return DALIL_OK;
}

dalil_status_t _dalil_hits_positions_new(dalil_db_t *db, const dalil_hits_t *hits,
                                         _dalil_hits_positions_t **out)
{
    return hits_positions(db, hits, 0, hits->count, out);
}

/* Snippets and `matched`, from the stored text re-analysed where the index says the
 * query's terms are. */
static dalil_status_t add_snippets(dalil_db_t *db, _dalil_snipper_t *snipper, const dalil_hits_t *hits,
                                   size_t i, const _dalil_model_options_t *options, json_t *hit)
{
    dalil_analyzer_t *analyzer;
    dalil_status_t status = _dalil_db_analyzer(db, &analyzer);
    if (status != DALIL_OK)
        return status;
    /* this hit's row of the table the caller made, or a table of this hit alone */
    const _dalil_hits_positions_t *table = options->positions;
    _dalil_hits_positions_t *own = NULL;
    size_t row = i;
    if (!table || table->n_hits != hits->count) {
        status = hits_positions(db, hits, i, 1, &own);
        if (status != DALIL_OK)
            return status;
        table = own;
        row = 0;
    }
    const term_set_t *query = &table->terms;
    size_t title_len = 0, text_len = 0;
    const char *title = dalil_hit_field(hits, i, DALIL_FIELD_TITLE, &title_len);
    const char *text = dalil_hit_field(hits, i, DALIL_FIELD_TEXT, &text_len);
    char *prefixes[16];
    size_t n_prefixes = 0;
    if (hits->query)
        collect_prefixes(hits->query, prefixes, &n_prefixes, 16);
    _dalil_snippet_params_t params = options->params;
    params.positions = (const uint32_t *const *)table->positions + row * query->count;
    params.n_positions = table->counts + row * query->count;
    params.without_title_matches = options->without_matched;
    _dalil_snippets_t snippets = {0};
    status = _dalil_snippets_make(snipper, analyzer, title, title_len, text ? text : "", text_len, query->terms,
                                  query->count, prefixes, n_prefixes, &params, &snippets);
    if (status == DALIL_OK && !set(hit, "snippets", snippets_model(&snippets)))
        status = DALIL_NOMEM;
    if (status == DALIL_OK && !options->without_matched &&
        !set(hit, "matched", matched_model(hits, i, &snippets, title, text)))
        status = DALIL_NOMEM;
    _dalil_snippets_clear(&snippets);
    _dalil_hits_positions_free(own);
    return status;
}

dalil_status_t _dalil_hit_model(dalil_db_t *db, _dalil_snipper_t *snipper, const dalil_hits_t *hits,
                                size_t i, const _dalil_model_options_t *options, json_t **hit_out)
{
    *hit_out = NULL;
    if (i >= hits->count)
        return DALIL_INVALID_ARGUMENT;
    json_t *hit = json_object();
    bool ok = hit && set(hit, "rank", json_integer((json_int_t)(hits->offset + i + 1))) &&
              set(hit, "docid", json_integer((json_int_t)hits->items[i].docid)) &&
              set_field(hit, hits, i, DALIL_FIELD_PATH, true) && set_field(hit, hits, i, DALIL_FIELD_RECORD, false) &&
              set_field(hit, hits, i, DALIL_FIELD_TITLE, true) && set_field(hit, hits, i, DALIL_FIELD_DATE, true) &&
              set_field(hit, hits, i, DALIL_FIELD_SOURCE, false) && set_field(hit, hits, i, DALIL_FIELD_URL, false) &&
              set(hit, "score", json_real(hits->items[i].weight));
    dalil_status_t status = ok ? DALIL_OK : DALIL_NOMEM;
    if (status == DALIL_OK && options->snippets)
        status = add_snippets(db, snipper, hits, i, options, hit);
    else if (status == DALIL_OK && !options->without_matched &&
             !set(hit, "matched", matched_model(hits, i, NULL, NULL, NULL)))
        status = DALIL_NOMEM;
    if (status != DALIL_OK) {
        json_decref(hit);
        return status;
    }
    *hit_out = hit;
    return DALIL_OK;
}

json_t *_dalil_summary_model(const char *query, const dalil_hits_t *hits, bool exact_count,
                             uint32_t limit, const char *suggestion, bool with_parsed)
{
    json_t *summary = json_object();
    char *parsed = hits->query && with_parsed ? _dalil_query_describe(hits->query) : NULL;
    bool exact = exact_count || hits->lower == hits->upper;
    json_t *total = json_pack("{sI sI sI sb}", "estimate", (json_int_t)hits->estimate, "lower",
                              (json_int_t)hits->lower, "upper", (json_int_t)hits->upper, "exact", exact);
    bool ok = summary && total && set(summary, "format_version", json_integer(DALIL_FORMAT_VERSION)) &&
              set(summary, "query", json_cstring(query)) &&
              (!with_parsed || set(summary, "parsed", json_cstring(parsed))) &&
              json_object_set(summary, "total", total) == 0 &&
              set(summary, "offset", json_integer(hits->offset)) && set(summary, "limit", json_integer(limit)) &&
              set(summary, "count", json_integer((json_int_t)hits->count)) &&
              (!suggestion || set(summary, "suggestion", json_cstring(suggestion)));
    json_decref(total);
    free(parsed);
    if (!ok) {
        json_decref(summary);
        return NULL;
    }
    return summary;
}

/* ---- Did you mean ------------------------------------------------------------------- */

/* The closest indexed spelling of the word at `span`, or NULL when the word is indexed
 * as it is or nothing is close. */
static dalil_status_t respell_word(dalil_db_t *db, dalil_analyzer_t *analyzer, const char *query,
                                   _dalil_span_t span, char **respelled_out)
{
    *respelled_out = NULL;
    char *folded = NULL;
    dalil_status_t status = _dalil_fold_value(analyzer, query + span.start, span.end - span.start, &folded);
    if (status == DALIL_INVALID_ARGUMENT || (status == DALIL_OK && strchr(folded, ' '))) {
        free(folded);
        return DALIL_OK; /* not one word: nothing to respell */
    }
    if (status != DALIL_OK)
        return status;
    uint64_t freq = 0;
    status = _dalil_db_term_freq(db, folded, &freq);
    char *suggestion = NULL;
    if (status == DALIL_OK && freq == 0)
        status = _dalil_db_spelling(db, folded, &suggestion);
    if (status == DALIL_OK && suggestion && *suggestion && strcmp(suggestion, folded) != 0) {
        *respelled_out = suggestion;
        suggestion = NULL;
    }
    free(suggestion);
    free(folded);
    return status;
}

dalil_status_t _dalil_suggest(dalil_db_t *db, const char *query, const dalil_search_options_t *options,
                              char **suggestion_out)
{
    *suggestion_out = NULL;
    dalil_analyzer_t *analyzer;
    dalil_status_t status = _dalil_db_analyzer(db, &analyzer);
    if (status != DALIL_OK)
        return status;
    _dalil_parse_t parse;
    status = _dalil_query_parse(analyzer, query, strlen(query), parse_flags(options), &parse);
    char *text = NULL;
    size_t size = 0;
    FILE *out = status == DALIL_OK ? open_memstream(&text, &size) : NULL;
    if (status == DALIL_OK && !out)
        status = DALIL_NOMEM;
    bool changed = false;
    size_t at = 0;
    for (size_t w = 0; status == DALIL_OK && w < parse.n_words; w++) {
        char *respelled = NULL;
        status = respell_word(db, analyzer, query, parse.words[w], &respelled);
        if (respelled) {
            fwrite(query + at, 1, parse.words[w].start - at, out);
            fputs(respelled, out);
            at = parse.words[w].end;
            changed = true;
            free(respelled);
        }
    }
    if (out) {
        fputs(query + at, out);
        if (fclose(out) != 0 && status == DALIL_OK)
            status = DALIL_NOMEM;
    }
    if (status == DALIL_OK && changed) {
        *suggestion_out = text;
        text = NULL;
    }
    free(text);
    _dalil_parse_clear(&parse);
    return status;
}
