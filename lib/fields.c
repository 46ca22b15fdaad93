/* fields.c: encoding of a document's stored fields as length-prefixed (name, value) pairs.
 * Each name and value is followed by a NUL that its length does not count, so a value
 * found in place can be handed out as a C string. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static dalil_status_t reserve(char **buf, size_t *cap, size_t needed)
{
    if (needed <= *cap)
        return DALIL_OK;
    size_t new_cap = *cap ? *cap : 256;
    while (new_cap < needed) {
        if (new_cap > SIZE_MAX / 2)
            return DALIL_NOMEM;
        new_cap *= 2;
    }
    char *grown = realloc(*buf, new_cap);
    if (!grown)
        return DALIL_NOMEM;
    *buf = grown;
    *cap = new_cap;
    return DALIL_OK;
}

static size_t put_varint(unsigned char *out, size_t value)
{
    size_t n = 0;
    while (value >= 0x80) {
        out[n++] = (unsigned char)(value | 0x80);
        value >>= 7;
    }
    out[n++] = (unsigned char)value;
    return n;
}

/* Reads a varint at *pos; false when it runs past `len` or overflows. */
static bool get_varint(const unsigned char *data, size_t len, size_t *pos, size_t *value)
{
    size_t result = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (*pos >= len)
            return false;
        unsigned char byte = data[(*pos)++];
        result |= (size_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            *value = result;
            return true;
        }
    }
    return false;
}

static dalil_status_t append_bytes(char **buf, size_t *len, size_t *cap, const char *bytes,
                                   size_t n)
{
    if (n > SIZE_MAX - *len - 10)
        return DALIL_NOMEM;
    dalil_status_t status = reserve(buf, cap, *len + n + 11);
    if (status != DALIL_OK)
        return status;
    *len += put_varint((unsigned char *)*buf + *len, n);
    if (n)
        memcpy(*buf + *len, bytes, n);
    *len += n;
    (*buf)[(*len)++] = '\0';
    return DALIL_OK;
}

dalil_status_t _dalil_fields_append(char **buf, size_t *len, size_t *cap, const char *name,
                                    const char *value, size_t value_len)
{
    size_t old_len = *len;
    dalil_status_t status = append_bytes(buf, len, cap, name, strlen(name));
    if (status == DALIL_OK)
        status = append_bytes(buf, len, cap, value, value_len);
    if (status != DALIL_OK)
        *len = old_len; /* all or nothing */
    return status;
}

const char *_dalil_fields_find(const char *data, size_t data_len, const char *name,
                               size_t *value_len)
{
    const unsigned char *bytes = (const unsigned char *)data;
    size_t name_len = strlen(name);
    size_t pos = 0;
    while (pos < data_len) {
        size_t key_len, val_len;
        if (!get_varint(bytes, data_len, &pos, &key_len) || key_len >= data_len - pos)
            return NULL;
        const char *key = data + pos;
        pos += key_len + 1;
        if (!get_varint(bytes, data_len, &pos, &val_len) || val_len >= data_len - pos)
            return NULL;
        if (key_len == name_len && memcmp(key, name, name_len) == 0) {
            *value_len = val_len;
            return data + pos;
        }
        pos += val_len + 1;
    }
    return NULL;
}
