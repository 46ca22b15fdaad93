/* fuzz_trec.c: the SGML container reader (TREC <DOC> and Reuters <REUTERS> records) on
 * arbitrary bytes: unclosed records and tags, attributes, entities. */
#include "reader_check.h"

static int read_trec(ix_reader_t *reader, const char *text, size_t len, int variant)
{
    (void)variant;
    return ix_read_trec(reader, text, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run_reader(read_trec, data, size, 0, NULL);
    return 0;
}
