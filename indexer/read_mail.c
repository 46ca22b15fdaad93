/* read_mail.c: RFC-822 messages and Usenet posts. Subject is the title, Date the date,
 * Newsgroups (else Organization) the source; the body is the text, without uuencoded
 * attachments, whose lines are not words. */
#include "ix.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static bool header_is(const char *line, size_t len, const char *name, size_t *value_at)
{
    size_t n = strlen(name);
    if (len <= n || strncasecmp(line, name, n) != 0 || line[n] != ':')
        return false;
    *value_at = n + 1;
    return true;
}

/* Appends a header's value and its continuation lines; returns where the headers go on. */
static size_t header_value(const char *text, size_t len, size_t pos, ix_buf_t *out)
{
    for (;;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (!ix_buf_append(out, text + pos, end - pos) || !ix_buf_putc(out, ' '))
            return len;
        pos = nl ? end + 1 : len;
        if (pos >= len || (text[pos] != ' ' && text[pos] != '\t'))
            return pos;
    }
}

/* Reads the header block; returns the offset of the body. */
static size_t read_headers(ix_record_t *record, const char *text, size_t len)
{
    ix_buf_t organization = {0};
    size_t pos = 0;
    while (pos < len) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t line_len = nl ? (size_t)(nl - line) : len - pos;
        if (line_len == 0 || (line_len == 1 && line[0] == '\r')) {
            pos += line_len + (nl ? 1 : 0);
            break;
        }
        size_t at;
        ix_buf_t *target = NULL;
        if (header_is(line, line_len, "Subject", &at))
            target = &record->title;
        else if (header_is(line, line_len, "Date", &at))
            target = &record->date;
        else if (header_is(line, line_len, "Newsgroups", &at))
            target = &record->source;
        else if (header_is(line, line_len, "Organization", &at))
            target = &organization;
        if (target) {
            ix_buf_clear(target);
            pos = header_value(text, len, pos + at, target);
        } else {
            pos += line_len + (nl ? 1 : 0);
        }
    }
    if (!record->source.len && organization.len)
        ix_buf_set(&record->source, organization.data, organization.len);
    ix_buf_free(&organization);
    return pos;
}

/* A uuencoded block starts "begin 644 name" and ends "end". */
static bool is_uuencode_begin(const char *line, size_t len)
{
    return len > 10 && strncmp(line, "begin ", 6) == 0 && isdigit((unsigned char)line[6]) &&
           isdigit((unsigned char)line[7]) && isdigit((unsigned char)line[8]);
}

static int append_body(ix_reader_t *reader, const char *text, size_t len)
{
    bool in_uuencode = false;
    for (size_t pos = 0; pos < len;) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t line_len = nl ? (size_t)(nl - line) + 1 : len - pos;
        pos += line_len;
        if (!in_uuencode && is_uuencode_begin(line, line_len)) {
            in_uuencode = true;
        } else if (in_uuencode) {
            if (line_len >= 3 && strncmp(line, "end", 3) == 0 && (line_len == 3 || isspace((unsigned char)line[3])))
                in_uuencode = false;
        } else if (!ix_buf_append(&reader->record.text, line, line_len)) {
            return -1;
        }
    }
    return 0;
}

int ix_read_mail(ix_reader_t *reader, const char *text, size_t len)
{
    ix_record_clear(&reader->record);
    size_t body = read_headers(&reader->record, text, len);
    if (append_body(reader, text + body, len - body) != 0)
        return -1;
    return ix_emit(reader);
}
