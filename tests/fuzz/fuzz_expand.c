/* fuzz_expand.c: any query text becomes a query tree (or "no words"), under every flag. */
#include "internal.h"

#include <stdlib.h>

static void check_tree(const _dalil_query_t *query)
{
    if (query->op == _DALIL_Q_TERM) {
        if (!query->term)
            abort();
        return;
    }
    for (size_t i = 0; i < query->n_subs; i++)
        check_tree(query->subs[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static dalil_analyzer_t *analyzer;
    if (!analyzer && dalil_analyzer_new(&analyzer) != DALIL_OK)
        abort();
    if (size == 0)
        return 0;
    unsigned flags = data[0] & 0x0f; /* the first byte picks the flags */
    _dalil_query_t *query = NULL;
    dalil_status_t status =
        _dalil_expand_text(analyzer, (const char *)data + 1, size - 1, flags, &query);
    if (status == DALIL_OK)
        check_tree(query);
    else if (status != DALIL_INVALID_ARGUMENT || query)
        abort();
    _dalil_query_free(query);
    return 0;
}
