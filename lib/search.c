/* search.c: a query's text → a query tree → the store's ranked hits, and access to them. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static unsigned parse_flags(const dalil_search_options_t *options)
{
    unsigned flags = 0;
    if (options && options->any)
        flags |= _DALIL_PARSE_ANY;
    if (options && options->exact)
        flags |= _DALIL_PARSE_EXACT;
    return flags;
}

static _dalil_run_t run_of(const dalil_search_options_t *options)
{
    _dalil_run_t run = {.limit = 10, .sort = DALIL_SORT_RELEVANCE, .matching_terms = true};
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
    _dalil_run_t run = run_of(options);
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
