/* query_tree.c: building and freeing the query trees that the store runs. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

_dalil_query_t *_dalil_query_term(const char *prefix, const char *term)
{
    _dalil_query_t *query = calloc(1, sizeof *query);
    if (!query)
        return NULL;
    size_t prefix_len = strlen(prefix), term_len = strlen(term);
    query->op = _DALIL_Q_TERM;
    query->term = malloc(prefix_len + term_len + 1);
    if (!query->term) {
        free(query);
        return NULL;
    }
    memcpy(query->term, prefix, prefix_len);
    memcpy(query->term + prefix_len, term, term_len + 1);
    return query;
}

static void free_subs(_dalil_query_t **subs, size_t n_subs)
{
    for (size_t i = 0; i < n_subs; i++)
        _dalil_query_free(subs[i]);
}

_dalil_query_t *_dalil_query_node(_dalil_qop_t op, _dalil_query_t **subs, size_t n_subs)
{
    _dalil_query_t *query = NULL;
    for (size_t i = 0; i < n_subs; i++)
        if (!subs[i])
            goto fail;
    query = calloc(1, sizeof *query);
    if (!query || (n_subs && !(query->subs = malloc(n_subs * sizeof *subs))))
        goto fail;
    query->op = op;
    query->factor = 1.0;
    query->n_subs = n_subs;
    if (n_subs)
        memcpy(query->subs, subs, n_subs * sizeof *subs);
    return query;
fail:
    free(query);
    free_subs(subs, n_subs);
    return NULL;
}

void _dalil_query_free(_dalil_query_t *query)
{
    if (!query)
        return;
    free_subs(query->subs, query->n_subs);
    free(query->subs);
    free(query->term);
    free(query->origin);
    free(query->upper);
    free(query);
}
