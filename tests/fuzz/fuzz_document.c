/* fuzz_document.c: a whole file as dalil-index reads it: the binary sniff, NULs, the
 * encoding (UTF-8, UTF-16, Windows-1252), the format found from name and content, and
 * the reader it picks (the plain-text and Markdown readers among them). The first byte
 * picks the file name, so that extensions count too. */
#include "reader_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"a.txt", "a.md", "a.html", "a.json", "a.jsonl",
                                        "a.csv", "a.tsv", "a.sgm", "a.eml", "noextension"};
    static bool initialised;
    if (!initialised) {
        xmlInitParser();
        initialised = true;
    }
    if (size == 0)
        return 0;
    const char *name = names[data[0] % (sizeof names / sizeof names[0])];
    char *copy = malloc(size);
    if (!copy)
        abort();
    memcpy(copy, data + 1, size - 1);
    ix_buf_t warnings = {0};
    reader_check_t check = {0};
    ix_reader_t reader = {.path = name, .emit = check_record, .ctx = &check, .warnings = &warnings};
    ix_format_t format;
    ix_read_status_t status = ix_read_document(&reader, name, copy, size - 1, &format);
    if (status != IX_READ_OK && status != IX_READ_BINARY)
        abort();
    if ((status == IX_READ_BINARY) != (format == IX_FORMAT_BINARY) || format >= IX_FORMAT_COUNT)
        abort();
    if (status == IX_READ_BINARY && check.records)
        abort(); /* a binary file yields no article */
    ix_record_free(&reader.record);
    ix_buf_free(&warnings);
    free(copy);
    return 0;
}
