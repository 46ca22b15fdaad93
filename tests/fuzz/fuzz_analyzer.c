/* fuzz_analyzer.c: the analyzer on arbitrary bytes. Besides not crashing, every token must
 * lie inside the input, in order, with a non-empty term of allowed length and forms. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t len, last_end;
    uint32_t last_position;
} check_t;

static int check_token(void *ctx, const dalil_token_t *token)
{
    check_t *check = ctx;
    if (token->start >= token->end || token->end > check->len || token->start < check->last_end ||
        token->position <= check->last_position || token->term_len == 0 ||
        token->term_len > DALIL_MAX_TERM_BYTES || strlen(token->term) != token->term_len ||
        token->n_forms == 0 || strcmp(token->forms[0].term, token->term) != 0)
        abort();
    for (size_t i = 0; i < token->n_forms; i++)
        if (!token->forms[i].term || !token->forms[i].term[0] ||
            strlen(token->forms[i].term) > DALIL_MAX_TERM_BYTES)
            abort();
    check->last_end = token->end;
    check->last_position = token->position;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static dalil_analyzer_t *analyzer; /* made once: ICU set-up is the slow part */
    if (!analyzer && dalil_analyzer_new(&analyzer) != DALIL_OK)
        abort();
    check_t check = {.len = size};
    if (dalil_analyze(analyzer, (const char *)data, size, check_token, &check) != DALIL_OK)
        abort();
    return 0;
}
