/* read_text.c: plain text and Markdown. The title is the first non-empty line (without
 * Markdown's '#' marks); a date line among the first lines, or a "date:" in Markdown
 * front matter, gives the date. */
#include "ix.h"

#include <string.h>
#include <strings.h>

/* Lines examined after the title for a date line such as "June 29, 2016". */
#define DATE_LINES 6

typedef struct {
    const char *start;
    size_t len;
} span_t;

static span_t trim(const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t' || *s == '\r')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    return (span_t){s, len};
}

/* The line at *pos, trimmed; advances *pos past it. */
static span_t next_line(const char *text, size_t len, size_t *pos)
{
    const char *start = text + *pos;
    const char *nl = memchr(start, '\n', len - *pos);
    size_t line_len = nl ? (size_t)(nl - start) : len - *pos;
    *pos += line_len + (nl ? 1 : 0);
    return trim(start, line_len);
}

/* Markdown front matter: "---" lines around "key: value" pairs. Returns the offset after
 * it (0 when there is none) and fills title and date from it. */
static size_t front_matter(ix_record_t *record, const char *text, size_t len)
{
    size_t pos = 0;
    span_t first = next_line(text, len, &pos);
    if (first.len != 3 || memcmp(first.start, "---", 3) != 0)
        return 0;
    while (pos < len) {
        span_t line = next_line(text, len, &pos);
        if (line.len == 3 && memcmp(line.start, "---", 3) == 0)
            return pos;
        const char *colon = memchr(line.start, ':', line.len);
        if (!colon)
            continue;
        size_t key_len = (size_t)(colon - line.start);
        span_t value = trim(colon + 1, line.len - key_len - 1);
        if (value.len >= 2 && (value.start[0] == '"' || value.start[0] == '\'') &&
            value.start[value.len - 1] == value.start[0]) {
            value.start++;
            value.len -= 2;
        }
        ix_column_t column = ix_column_by_name(line.start, key_len, NULL);
        if (column == IX_COL_TITLE && !record->title.len)
            ix_buf_set(&record->title, value.start, value.len);
        else if (column == IX_COL_DATE && !record->date.len)
            ix_buf_set(&record->date, value.start, value.len);
        else if (column == IX_COL_SOURCE)
            ix_buf_set(&record->source, value.start, value.len);
        else if (column == IX_COL_URL)
            ix_buf_set(&record->url, value.start, value.len);
    }
    return 0; /* never closed: not front matter */
}

int ix_read_text(ix_reader_t *reader, const char *text, size_t len, bool markdown)
{
    ix_record_t *record = &reader->record;
    size_t body = markdown ? front_matter(record, text, len) : 0;
    if (!body)
        ix_record_clear(record);
    size_t pos = body, examined = 0;
    while (pos < len && (!record->title.len || (!record->date.len && examined < DATE_LINES))) {
        span_t line = next_line(text, len, &pos);
        if (!line.len)
            continue;
        char date[11];
        if (!record->title.len) {
            while (line.len && line.start[0] == '#') {
                line.start++;
                line.len--;
            }
            line = trim(line.start, line.len);
            if (!ix_buf_set(&record->title, line.start, ix_utf8_cut(line.start, line.len, IX_MAX_TITLE)))
                return -1;
        } else if (ix_date_line(line.start, line.len, date)) {
            if (!ix_buf_set(&record->date, date, strlen(date)))
                return -1;
        } else {
            examined++;
        }
    }
    if (!ix_buf_set(&record->text, text + body, len - body))
        return -1;
    return ix_emit(reader);
}
