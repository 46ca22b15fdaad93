/* fuzz_query_parser.c: the query language on arbitrary bytes: a tree, or an error with a
 * message and a column inside the text; never a crash or a hang. */
#include "internal.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static dalil_analyzer_t *analyzer;
    if (!analyzer && dalil_analyzer_new(&analyzer) != DALIL_OK)
        abort();
    if (size == 0)
        return 0;
    unsigned flags = data[0] & 0x03; /* the first byte picks ANY and EXACT */
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    _dalil_parse_t parse;
    dalil_status_t status = _dalil_query_parse(analyzer, text, len, flags, &parse);
    if (status == DALIL_OK && !parse.tree)
        abort();
    if (status == DALIL_INVALID_ARGUMENT &&
        (parse.tree || !parse.error || parse.error_column < 1 || parse.error_column > len + 1))
        abort();
    for (size_t i = 0; status == DALIL_OK && i < parse.n_words; i++)
        if (parse.words[i].start >= parse.words[i].end || parse.words[i].end > len)
            abort();
    _dalil_parse_clear(&parse);
    return 0;
}
