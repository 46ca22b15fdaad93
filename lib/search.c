/* search.c: a query's text → a query tree → the store's ranked hits, and access to them. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    _dalil_query_t **terms;
    size_t count, capacity;
    bool out_of_memory;
} term_list_t;

static int collect_term(void *ctx, const dalil_token_t *token)
{
    term_list_t *list = ctx;
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity * 2 : 8;
        _dalil_query_t **grown = realloc(list->terms, capacity * sizeof *grown);
        if (!grown) {
            list->out_of_memory = true;
            return 1;
        }
        list->terms = grown;
        list->capacity = capacity;
    }
    _dalil_query_t *term = _dalil_query_term(DALIL_PREFIX_WORD, token->term);
    if (!term) {
        list->out_of_memory = true;
        return 1;
    }
    list->terms[list->count++] = term;
    return 0;
}

dalil_status_t dalil_db_search(dalil_db_t *db, const char *query,
                               const dalil_search_options_t *options, dalil_hits_t **hits_out)
{
    *hits_out = NULL;
    dalil_analyzer_t *analyzer;
    dalil_status_t status = _dalil_db_analyzer(db, &analyzer);
    if (status != DALIL_OK)
        return status;

    term_list_t list = {0};
    status = dalil_analyze(analyzer, query, strlen(query), collect_term, &list);
    if (status == DALIL_OK && list.out_of_memory)
        status = DALIL_NOMEM;
    if (status != DALIL_OK) {
        for (size_t i = 0; i < list.count; i++)
            _dalil_query_free(list.terms[i]);
        free(list.terms);
        return _dalil_db_fail(db, status, "cannot analyse the query");
    }
    if (list.count == 0) {
        free(list.terms);
        return _dalil_db_fail(db, DALIL_INVALID_ARGUMENT, "the query has no words");
    }
    _dalil_query_t *tree = _dalil_query_node(_DALIL_Q_AND, list.terms, list.count);
    free(list.terms);
    if (!tree)
        return _dalil_db_fail(db, DALIL_NOMEM, "out of memory");

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
