/* fuzz_json.c: the JSON reader on arbitrary bytes, as one document (an array of articles,
 * one article, an object holding an array) and as JSON Lines; with the usual key names and
 * with keys named by --field. */
#include "reader_check.h"

static int read_json(ix_reader_t *reader, const char *text, size_t len, int lines)
{
    return ix_read_json(reader, text, len, lines);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const ix_field_map_t fields = {.title = "headline", .text = "story", .id = "n"};
    for (int lines = 0; lines <= 1; lines++) {
        run_reader(read_json, data, size, lines, NULL);
        run_reader(read_json, data, size, lines, &fields);
    }
    return 0;
}
