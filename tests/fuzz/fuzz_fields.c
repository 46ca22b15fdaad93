/* fuzz_fields.c: decoding stored fields from arbitrary bytes never reads outside them, and
 * what is encoded is found again. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len;
    const char *value = _dalil_fields_find((const char *)data, size, "title", &len);
    if (value && (value < (const char *)data || value + len > (const char *)data + size))
        abort();

    char *buf = NULL;
    size_t buf_len = 0, cap = 0;
    size_t half = size / 2;
    if (_dalil_fields_append(&buf, &buf_len, &cap, "text", (const char *)data, half) != DALIL_OK ||
        _dalil_fields_append(&buf, &buf_len, &cap, "title", (const char *)data + half, size - half) != DALIL_OK)
        abort();
    value = _dalil_fields_find(buf, buf_len, "title", &len);
    if (!value || len != size - half || memcmp(value, data + half, len) != 0)
        abort();
    free(buf);
    return 0;
}
