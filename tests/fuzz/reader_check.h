/* reader_check.h: what the readers' fuzz targets share. Besides not crashing, every
 * article a reader emits must keep the promises the rest of dalil-index builds on (ix_emit
 * sees to them): buffers NUL-terminated at their length and free of NULs, valid UTF-8,
 * one-line fields without newlines, fields trimmed, titles of IX_MAX_TITLE bytes at most,
 * the date empty or normalised. */
#ifndef DALIL_FUZZ_READER_CHECK_H
#define DALIL_FUZZ_READER_CHECK_H

#include "ix.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t records;
} reader_check_t;

static inline bool check_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static inline void check_field(const ix_buf_t *b, bool one_line)
{
    if (!b->len)
        return;
    if (!b->data || b->data[b->len] != '\0' || memchr(b->data, '\0', b->len))
        abort();
    if (check_space(b->data[0]) || check_space(b->data[b->len - 1]))
        abort(); /* not trimmed */
    if (one_line && (memchr(b->data, '\n', b->len) || memchr(b->data, '\r', b->len)))
        abort();
    for (size_t i = 0; i < b->len;) {
        size_t n = _dalil_utf8_sequence((const unsigned char *)b->data + i, b->len - i);
        if (!n)
            abort();
        i += n;
    }
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD", or nothing. */
static inline void check_date(const ix_buf_t *b)
{
    static const char *const shapes[] = {"dddd", "dddd-dd", "dddd-dd-dd"};
    if (!b->len)
        return;
    for (size_t s = 0; s < 3; s++) {
        if (strlen(shapes[s]) != b->len)
            continue;
        for (size_t i = 0; i < b->len; i++)
            if (shapes[s][i] == 'd' ? b->data[i] < '0' || b->data[i] > '9' : b->data[i] != '-')
                abort();
        return;
    }
    abort();
}

static inline int check_record(void *ctx, ix_record_t *r)
{
    reader_check_t *check = ctx;
    check_field(&r->record, true);
    check_field(&r->title, true);
    if (r->title.len > IX_MAX_TITLE)
        abort();
    check_field(&r->source, true);
    check_field(&r->url, true);
    check_field(&r->text, false);
    check_date(&r->date);
    check->records++;
    return 0;
}

/* Runs `read` over a copy of the input of exactly `size` bytes (no NUL after it, so that a
 * read past the end is caught), and checks each article and the warnings. */
typedef int (*reader_fn)(ix_reader_t *reader, const char *text, size_t len, int variant);

static inline void run_reader(reader_fn read, const uint8_t *data, size_t size, int variant,
                       const ix_field_map_t *fields)
{
    static bool initialised;
    if (!initialised) {
        xmlInitParser();
        initialised = true;
    }
    char *copy = malloc(size ? size : 1);
    if (!copy)
        abort();
    if (size)
        memcpy(copy, data, size);
    ix_buf_t warnings = {0};
    reader_check_t check = {0};
    ix_reader_t reader = {.path = "fuzz", .fields = fields, .emit = check_record, .ctx = &check,
                          .warnings = &warnings};
    if (read(&reader, copy, size, variant) != 0)
        abort(); /* check_record never stops a reader, and memory does not run out */
    if (warnings.len && (warnings.data[warnings.len - 1] != '\n' || warnings.len > 4096))
        abort(); /* warnings are lines, and a few of them */
    ix_record_free(&reader.record);
    ix_buf_free(&warnings);
    free(copy);
}

#endif
