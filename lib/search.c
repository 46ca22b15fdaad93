/* search.c: a query's text → a query tree → the store's ranked hits, and access to them. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

dalil_status_t dalil_db_search(dalil_db_t *db, const char *query,
                               const dalil_search_options_t *options, dalil_hits_t **hits_out)
{
    *hits_out = NULL;
    dalil_analyzer_t *analyzer;
    dalil_status_t status = _dalil_db_analyzer(db, &analyzer);
    if (status != DALIL_OK)
        return status;

    _dalil_query_t *tree = NULL;
    status = _dalil_expand_text(analyzer, query, strlen(query), 0, &tree);
    if (status == DALIL_INVALID_ARGUMENT)
        return _dalil_db_fail(db, status, "the query has no words");
    if (status != DALIL_OK)
        return _dalil_db_fail(db, status, "cannot analyse the query");

    uint32_t offset = options ? options->offset : 0;
    uint32_t limit = options && options->limit ? options->limit : 10;
    status = _dalil_store_search(db, tree, offset, limit, hits_out);
    _dalil_query_free(tree);
    return status;
}

void dalil_hits_free(dalil_hits_t *hits)
{
    if (!hits)
        return;
    for (size_t i = 0; i < hits->count; i++)
        free(hits->items[i].data);
    free(hits->items);
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
