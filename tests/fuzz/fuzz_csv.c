/* fuzz_csv.c: the CSV and TSV reader on arbitrary bytes: quoted cells across lines,
 * ragged rows, tables with and without a header, columns named or numbered by --field. */
#include "reader_check.h"

static int read_csv(ix_reader_t *reader, const char *text, size_t len, int delimiter)
{
    return ix_read_csv(reader, text, len, (char)delimiter);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const ix_field_map_t fields = {.title = "2", .text = "body", .date = "1", .url = "9"};
    run_reader(read_csv, data, size, ',', NULL);
    run_reader(read_csv, data, size, '\t', NULL);
    run_reader(read_csv, data, size, ',', &fields);
    return 0;
}
