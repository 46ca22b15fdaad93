/* fuzz_html.c: the HTML reader (libxml2's forgiving parser, then dalil's walk of the tree)
 * on arbitrary bytes, as dalil-index hands it a page. */
#include "reader_check.h"

static int read_html(ix_reader_t *reader, const char *text, size_t len, int variant)
{
    (void)variant;
    return ix_read_html(reader, text, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run_reader(read_html, data, size, 0, NULL);
    return 0;
}
