/* expand.c: from a span of query text to a query tree, through the one analyzer.
 * Each word becomes the terms of its forms; the words are joined as a phrase, with AND or
 * with OR. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *text;
    _dalil_query_t **words;
    size_t count, capacity;
    bool out_of_memory;
} word_list_t;

/* The query for one word: its exact term, which remembers the word it came from. */
static _dalil_query_t *word_query(const char *text, const dalil_token_t *token)
{
    _dalil_query_t *term = _dalil_query_term(DALIL_PREFIX_WORD, token->term);
    if (!term)
        return NULL;
    term->rule = DALIL_RULE_EXACT;
    term->origin = strndup(text + token->start, token->end - token->start);
    if (!term->origin) {
        _dalil_query_free(term);
        return NULL;
    }
    return term;
}

static int collect_word(void *ctx, const dalil_token_t *token)
{
    word_list_t *list = ctx;
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity * 2 : 8;
        _dalil_query_t **grown = realloc(list->words, capacity * sizeof *grown);
        if (!grown) {
            list->out_of_memory = true;
            return 1;
        }
        list->words = grown;
        list->capacity = capacity;
    }
    _dalil_query_t *word = word_query(list->text, token);
    if (!word) {
        list->out_of_memory = true;
        return 1;
    }
    list->words[list->count++] = word;
    return 0;
}

static _dalil_qop_t join_op(unsigned flags)
{
    if (flags & _DALIL_EXPAND_PHRASE)
        return _DALIL_Q_PHRASE;
    return (flags & _DALIL_EXPAND_ANY) ? _DALIL_Q_OR : _DALIL_Q_AND;
}

dalil_status_t _dalil_expand_text(dalil_analyzer_t *analyzer, const char *text, size_t len,
                                  unsigned flags, _dalil_query_t **query_out)
{
    *query_out = NULL;
    word_list_t list = {.text = text};
    dalil_status_t status = dalil_analyze(analyzer, text, len, collect_word, &list);
    if (status == DALIL_OK && list.out_of_memory)
        status = DALIL_NOMEM;
    if (status == DALIL_OK && list.count == 0)
        status = DALIL_INVALID_ARGUMENT;
    if (status != DALIL_OK) {
        for (size_t i = 0; i < list.count; i++)
            _dalil_query_free(list.words[i]);
        free(list.words);
        return status;
    }
    if (list.count == 1)
        *query_out = list.words[0];
    else
        *query_out = _dalil_query_node(join_op(flags), list.words, list.count);
    free(list.words);
    return *query_out ? DALIL_OK : DALIL_NOMEM;
}
