/* encoding.c: any bytes to UTF-8. Valid UTF-8 passes through; a byte that is not part of
 * a valid sequence is read as Windows-1252 (whose printable range is a superset of
 * Latin-1's), so a Latin-1 file and a UTF-8 file with one stray byte both come out whole
 * and readable, and the caller warns. Binary content is recognised and refused. */
#include "ix.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Windows-1252's 0x80-0x9F; the five bytes it leaves undefined keep their Latin-1 code. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static uint32_t cp1252(unsigned char byte)
{
    return byte >= 0x80 && byte < 0xA0 ? cp1252_high[byte - 0x80] : byte;
}

/* Signatures of common binary formats, for files whose name did not give them away. */
static bool has_binary_magic(const unsigned char *s, size_t len)
{
    static const struct {
        const char *bytes;
        size_t len;
    } magic[] = {
        {"%PDF-", 5},           {"PK\x03\x04", 4},        {"\x1f\x8b", 2},
        {"\x89PNG", 4},         {"GIF8", 4},               {"\xff\xd8\xff", 3},
        {"\x7f" "ELF", 4},       {"SQLite format 3", 15}, {"BZh", 3},
        {"\xfd" "7zXZ", 5},      {"7z\xbc\xaf", 4},        {"\x28\xb5\x2f\xfd", 4},
        {"Rar!", 4},            {"\xd0\xcf\x11\xe0", 4},
    };
    for (size_t i = 0; i < sizeof magic / sizeof magic[0]; i++)
        if (len >= magic[i].len && memcmp(s, magic[i].bytes, magic[i].len) == 0)
            return true;
    return false;
}

/* The sniff, as git and ripgrep do it, over the first block only: but where they call
 * any NUL binary, a NUL counts here as one control byte among others, so that a text
 * with a stray NUL (a bad copy, a truncated write) is still indexed. */
size_t ix_utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    size_t cut = max;
    /* Back over continuation bytes to the start of the sequence the cut falls in. */
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80 && max - cut < 3)
        cut--;
    return cut;
}

bool ix_looks_binary(const char *data, size_t len)
{
    const unsigned char *s = (const unsigned char *)data;
    if (has_binary_magic(s, len))
        return true;
    size_t sample = len < IX_SNIFF_BYTES ? len : IX_SNIFF_BYTES, control = 0;
    for (size_t i = 0; i < sample; i++) {
        unsigned char c = s[i];
        /* Text has tabs, newlines, form feeds and the odd escape; binary has many more. */
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) || c == 0x7F)
            control++;
    }
    return sample && control * IX_BINARY_SHARE > sample;
}

static bool has_utf16_bom(const unsigned char *s, size_t len, bool *big_endian)
{
    if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        *big_endian = false;
        return true;
    }
    if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        *big_endian = true;
        return true;
    }
    return false;
}

static ix_encoding_t decode_utf16(const unsigned char *s, size_t len, bool big_endian,
                                  ix_buf_t *out)
{
    for (size_t i = 2; i + 1 < len; i += 2) {
        uint32_t unit = big_endian ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
        if (unit >= 0xD800 && unit <= 0xDBFF && i + 3 < len) {
            uint32_t low = big_endian ? (uint32_t)(s[i + 2] << 8 | s[i + 3])
                                      : (uint32_t)(s[i + 3] << 8 | s[i + 2]);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                i += 2;
            }
        }
        if (!ix_buf_put_utf8(out, unit)) {
            errno = ENOMEM;
            return IX_ENC_BINARY;
        }
    }
    return IX_ENC_UTF16;
}

size_t ix_replace_nuls(const char *raw, size_t len, char **copy, size_t *first_line)
{
    *copy = NULL;
    *first_line = 0;
    bool big_endian;
    const char *nul = memchr(raw, '\0', len);
    if (!nul || has_utf16_bom((const unsigned char *)raw, len, &big_endian))
        return 0;
    *first_line = 1;
    for (const char *p = raw; p < nul; p++)
        *first_line += *p == '\n';
    if (!(*copy = malloc(len + 1)))
        return SIZE_MAX;
    memcpy(*copy, raw, len);
    (*copy)[len] = '\0';
    size_t count = 0;
    char *end = *copy + len;
    for (char *p = *copy + (nul - raw); p; p = memchr(p + 1, '\0', (size_t)(end - p - 1))) {
        *p = ' ';
        count++;
    }
    return count;
}

bool ix_buf_repair_utf8(ix_buf_t *buf)
{
    const unsigned char *s = (const unsigned char *)buf->data;
    size_t i = 0, n;
    while (i < buf->len && (s[i] < 0x80 || (n = _dalil_utf8_sequence(s + i, buf->len - i)) != 0))
        i += s[i] < 0x80 ? 1 : n;
    if (i == buf->len)
        return true;
    ix_buf_t out = {0};
    if (!ix_buf_append(&out, buf->data, i))
        return false;
    while (i < buf->len) {
        n = _dalil_utf8_sequence(s + i, buf->len - i);
        if (!(n ? ix_buf_append(&out, buf->data + i, n) : ix_buf_put_utf8(&out, cp1252(s[i])))) {
            ix_buf_free(&out);
            return false;
        }
        i += n ? n : 1;
    }
    ix_buf_free(buf);
    *buf = out;
    return true;
}

ix_encoding_t ix_decode(const char *raw, size_t len, ix_buf_t *out, size_t *bad_bytes,
                        size_t *first_bad_line)
{
    const unsigned char *s = (const unsigned char *)raw;
    *bad_bytes = 0;
    *first_bad_line = 0;
    bool big_endian;
    if (has_utf16_bom(s, len, &big_endian))
        return decode_utf16(s, len, big_endian, out);
    if (ix_looks_binary(raw, len))
        return IX_ENC_BINARY;
    size_t start = len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF ? 3 : 0;
    if (!ix_buf_append(out, NULL, 0)) /* so that an empty text is "", not NULL */
        goto nomem;
    size_t line = 1, valid = 0;
    for (size_t i = start; i < len;) {
        if (s[i] == '\n')
            line++;
        size_t n = _dalil_utf8_sequence(s + i, len - i);
        if (n) {
            /* Copy runs of valid bytes at once. */
            size_t run = i;
            while (run < len && (n = _dalil_utf8_sequence(s + run, len - run)) != 0) {
                if (s[run] == '\n' && run != i)
                    line++;
                if (s[run] >= 0x80)
                    valid++;
                run += n;
            }
            if (!ix_buf_append(out, raw + i, run - i))
                goto nomem;
            i = run;
            continue;
        }
        if (!*bad_bytes)
            *first_bad_line = line;
        (*bad_bytes)++;
        if (!ix_buf_put_utf8(out, cp1252(s[i])))
            goto nomem;
        i++;
    }
    if (!*bad_bytes)
        return IX_ENC_UTF8;
    return valid ? IX_ENC_REPAIRED : IX_ENC_CP1252;
nomem:
    errno = ENOMEM;
    return IX_ENC_BINARY;
}
