/* buf.c: growable byte buffers and the record helpers every reader uses. */
#include "ix.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool reserve(ix_buf_t *buf, size_t extra)
{
    if (extra > SIZE_MAX / 2 - buf->len)
        return false;
    size_t needed = buf->len + extra + 1;
    if (needed <= buf->cap)
        return true;
    size_t cap = buf->cap ? buf->cap : 64;
    while (cap < needed)
        cap *= 2;
    char *data = realloc(buf->data, cap);
    if (!data)
        return false;
    buf->data = data;
    buf->cap = cap;
    return true;
}

bool ix_buf_append(ix_buf_t *buf, const char *bytes, size_t len)
{
    if (!reserve(buf, len))
        return false;
    if (len)
        memcpy(buf->data + buf->len, bytes, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
    return true;
}

/* The bytes of the character at `p` (at least one), and whether a terminal may be given
 * them as they are: not a control character (C0, DEL, C1: U+0080-U+009F) and UTF-8. A
 * character that may not is shown as one '?'. */
static size_t character_at(const unsigned char *p, size_t avail, bool keep_newline, bool *show)
{
    size_t n = _dalil_utf8_sequence(p, avail);
    *show = n && (*p >= 0x20 || (*p == '\n' && keep_newline)) && *p != 0x7f &&
            !(n == 2 && p[0] == 0xC2 && p[1] < 0xA0);
    return n ? n : 1;
}

void ix_put_sanitized(FILE *out, const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    for (size_t left = strlen(text); left;) {
        bool show;
        size_t n = character_at(p, left, true, &show);
        if (show)
            fwrite(p, 1, n, out);
        else
            fputc('?', out);
        p += n;
        left -= n;
    }
}

char *ix_printable_name(const char *name)
{
    size_t len = strlen(name), out = 0;
    char *copy = malloc(len + 1); /* a '?' replaces at least one byte */
    if (!copy)
        return NULL;
    for (size_t i = 0; i < len;) {
        bool show;
        size_t n = character_at((const unsigned char *)name + i, len - i, false, &show);
        if (show) {
            memcpy(copy + out, name + i, n);
            out += n;
        } else {
            copy[out++] = '?';
        }
        i += n;
    }
    copy[out] = '\0';
    return copy;
}

bool ix_buf_putc(ix_buf_t *buf, char c)
{
    return ix_buf_append(buf, &c, 1);
}

bool ix_buf_printf(ix_buf_t *buf, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    int n = vsnprintf(NULL, 0, fmt, args);
    va_end(args);
    if (n < 0 || !reserve(buf, (size_t)n))
        return false;
    va_start(args, fmt);
    vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, args);
    va_end(args);
    buf->len += (size_t)n;
    return true;
}

bool ix_buf_set(ix_buf_t *buf, const char *bytes, size_t len)
{
    ix_buf_clear(buf);
    return ix_buf_append(buf, bytes, len);
}

void ix_buf_clear(ix_buf_t *buf)
{
    buf->len = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

void ix_buf_free(ix_buf_t *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void ix_buf_trim(ix_buf_t *buf)
{
    size_t start = 0, end = buf->len;
    while (start < end && is_space(buf->data[start]))
        start++;
    while (end > start && is_space(buf->data[end - 1]))
        end--;
    if (start)
        memmove(buf->data, buf->data + start, end - start);
    buf->len = end - start;
    if (buf->data)
        buf->data[buf->len] = '\0';
}

bool ix_buf_put_utf8(ix_buf_t *out, uint32_t cp)
{
    char bytes[4];
    size_t n;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        bytes[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        bytes[0] = (char)(0xC0 | (cp >> 6));
        bytes[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        bytes[0] = (char)(0xE0 | (cp >> 12));
        bytes[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        bytes[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        bytes[0] = (char)(0xF0 | (cp >> 18));
        bytes[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        bytes[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        bytes[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return ix_buf_append(out, bytes, n);
}

/* ---- Records -------------------------------------------------------------------- */

void ix_record_clear(ix_record_t *record)
{
    ix_buf_clear(&record->record);
    ix_buf_clear(&record->title);
    ix_buf_clear(&record->text);
    ix_buf_clear(&record->date);
    ix_buf_clear(&record->source);
    ix_buf_clear(&record->url);
}

void ix_record_free(ix_record_t *record)
{
    ix_buf_free(&record->record);
    ix_buf_free(&record->title);
    ix_buf_free(&record->text);
    ix_buf_free(&record->date);
    ix_buf_free(&record->source);
    ix_buf_free(&record->url);
}

void ix_warn(ix_reader_t *reader, size_t line, const char *fmt, ...)
{
    if (!reader->warnings)
        return;
    char message[512];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    if (line)
        ix_buf_printf(reader->warnings, "%s:%zu: %s\n", reader->path, line, message);
    else
        ix_buf_printf(reader->warnings, "%s: %s\n", reader->path, message);
}

/* Titles are one line: newlines and runs of space become one space. */
static void flatten(ix_buf_t *buf)
{
    size_t out = 0;
    bool space = false;
    for (size_t i = 0; i < buf->len; i++) {
        char c = buf->data[i];
        if (is_space(c)) {
            space = out > 0;
            continue;
        }
        if (space)
            buf->data[out++] = ' ';
        space = false;
        buf->data[out++] = c;
    }
    buf->len = out;
    if (buf->data)
        buf->data[out] = '\0';
}

/* A NUL a reader decoded (JSON's \u0000, a UTF-16 NUL) separates words, as in a file. */
static void nuls_to_spaces(ix_buf_t *buf)
{
    for (char *p = buf->len ? memchr(buf->data, '\0', buf->len) : NULL; p;
         p = memchr(p, '\0', buf->len - (size_t)(p - buf->data)))
        *p = ' ';
}

/* Every article is valid UTF-8 without NULs, whatever a reader or libxml2 passed on
 * (libxml2 keeps the bytes of an unknown entity as they were, UTF-8 or not). */
int ix_emit(ix_reader_t *reader)
{
    ix_record_t *r = &reader->record;
    ix_buf_t *fields[] = {&r->record, &r->title, &r->text, &r->date, &r->source, &r->url};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        nuls_to_spaces(fields[i]);
        if (!ix_buf_repair_utf8(fields[i]))
            return -1;
    }
    flatten(&r->title);
    if (r->title.len > IX_MAX_TITLE) {
        r->title.len = ix_utf8_cut(r->title.data, r->title.len, IX_MAX_TITLE);
        r->title.data[r->title.len] = '\0';
        ix_buf_trim(&r->title);
    }
    flatten(&r->record);
    flatten(&r->source);
    flatten(&r->url);
    ix_buf_trim(&r->text);
    if (r->date.len) {
        char date[11];
        if (ix_parse_date(r->date.data, r->date.len, date))
            ix_buf_set(&r->date, date, strlen(date));
        else
            ix_buf_clear(&r->date);
    }
    int stop = reader->emit(reader->ctx, r);
    ix_record_clear(r);
    return stop ? -1 : 0;
}

/* ---- Columns and keys ----------------------------------------------------------- */

static bool name_is(const char *name, size_t len, const char *want)
{
    return want && strlen(want) == len && strncasecmp(name, want, len) == 0;
}

static bool name_in(const char *name, size_t len, const char *const *names)
{
    for (; *names; names++)
        if (name_is(name, len, *names))
            return true;
    return false;
}

ix_column_t ix_column_by_name(const char *name, size_t len, const ix_field_map_t *fields)
{
    static const char *const titles[] = {"title", "headline", "heading", "subject", "name", NULL};
    static const char *const texts[] = {"text", "body", "content", "article_content", "article",
                                        "description", "summary", "abstract", "story", NULL};
    static const char *const dates[] = {"date", "published", "publish_date", "published_at",
                                        "pubdate", "datetime", "time", "timestamp",
                                        "created_at", "date_published", NULL};
    static const char *const sources[] = {"source", "publisher", "site", "outlet", "newspaper",
                                          "domain", "source_name", NULL};
    static const char *const urls[] = {"url", "link", "href", "uri", NULL};
    static const char *const ids[] = {"id", "docno", "guid", "doc_id", "article_id", NULL};
    if (fields) {
        /* An override takes the name away from its usual field too. */
        if (name_is(name, len, fields->title)) return IX_COL_TITLE;
        if (name_is(name, len, fields->text)) return IX_COL_TEXT;
        if (name_is(name, len, fields->date)) return IX_COL_DATE;
        if (name_is(name, len, fields->source)) return IX_COL_SOURCE;
        if (name_is(name, len, fields->url)) return IX_COL_URL;
        if (name_is(name, len, fields->id)) return IX_COL_ID;
    }
    if (!(fields && fields->title) && name_in(name, len, titles)) return IX_COL_TITLE;
    if (!(fields && fields->text) && name_in(name, len, texts)) return IX_COL_TEXT;
    if (!(fields && fields->date) && name_in(name, len, dates)) return IX_COL_DATE;
    if (!(fields && fields->source) && name_in(name, len, sources)) return IX_COL_SOURCE;
    if (!(fields && fields->url) && name_in(name, len, urls)) return IX_COL_URL;
    if (!(fields && fields->id) && name_in(name, len, ids)) return IX_COL_ID;
    return IX_COL_NONE;
}
