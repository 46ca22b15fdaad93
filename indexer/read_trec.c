/* read_trec.c: SGML containers of many articles: TREC's <DOC> records (<DOCNO>,
 * <TITLE>/<HEADLINE>, <TEXT>, ...; the ANT corpus) and Reuters-21578's <REUTERS> records
 * (NEWID attribute, <DATE>, <TITLE>, <BODY>). One document per record, with the record's
 * id. The markup is regular enough to be read with string searches, which also survive
 * its errors (unclosed tags, stray '&') where an SGML parser would stop. */
#include "ix.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *start;
    size_t len;
} span_t;

/* Case-insensitive search for `needle` in [s, s+len). */
static const char *find(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = s; p + n <= s + len; p++) {
        p = memchr(p, '<', (size_t)(s + len - p));
        if (!p || p + n > s + len)
            return NULL;
        if (strncasecmp(p, needle, n) == 0)
            return p;
    }
    return NULL;
}

/* Whether the tag name at `p` (after "<NAME", `n` bytes) ends there: <TITLE> and
 * <TITLE lang=en> are <TITLE>, <TITLE2> is not. */
static bool name_ends(const char *p, size_t n, const char *end)
{
    return p + n < end && (p[n] == '>' || isspace((unsigned char)p[n]));
}

/* The content of the first <tag ...>...</tag> in `rec`; {NULL, 0} when absent. */
static span_t element(span_t rec, const char *tag)
{
    char open[32], close[32];
    snprintf(open, sizeof open, "<%s", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    const char *s = rec.start, *end = rec.start + rec.len;
    for (const char *p = find(s, rec.len, open); p; p = find(p + 1, (size_t)(end - p - 1), open)) {
        if (!name_ends(p, strlen(open), end))
            continue;
        const char *gt = memchr(p, '>', (size_t)(end - p));
        if (!gt)
            break;
        const char *content = gt + 1;
        const char *stop = find(content, (size_t)(end - content), close);
        if (!stop)
            stop = end;
        return (span_t){content, (size_t)(stop - content)};
    }
    return (span_t){NULL, 0};
}

/* The value of attribute `name` in the record's opening tag. */
static span_t attribute(span_t rec, const char *name)
{
    const char *gt = memchr(rec.start, '>', rec.len);
    size_t tag_len = gt ? (size_t)(gt - rec.start) : rec.len, n = strlen(name);
    for (size_t i = 1; i + n + 1 < tag_len; i++) {
        if (isspace((unsigned char)rec.start[i - 1]) && strncasecmp(rec.start + i, name, n) == 0 &&
            rec.start[i + n] == '=') {
            const char *v = rec.start + i + n + 1;
            char quote = *v == '"' || *v == '\'' ? *v++ : 0;
            const char *e = v;
            while (e < rec.start + tag_len && (quote ? *e != quote : !isspace((unsigned char)*e)))
                e++;
            return (span_t){v, (size_t)(e - v)};
        }
    }
    return (span_t){NULL, 0};
}

static bool put_entity(ix_buf_t *out, const char *s, size_t len, size_t *used)
{
    const char *semi = memchr(s, ';', len < 12 ? len : 12);
    if (!semi)
        return false;
    size_t n = (size_t)(semi - s) + 1;
    uint32_t cp = 0;
    if (s[1] == '#') {
        char *end;
        cp = (uint32_t)(s[2] == 'x' || s[2] == 'X' ? strtoul(s + 3, &end, 16) : strtoul(s + 2, &end, 10));
        if (end != semi)
            return false;
    } else if (n == 4 && strncmp(s, "&lt;", 4) == 0) cp = '<';
    else if (n == 4 && strncmp(s, "&gt;", 4) == 0) cp = '>';
    else if (n == 5 && strncmp(s, "&amp;", 5) == 0) cp = '&';
    else if (n == 6 && strncmp(s, "&quot;", 6) == 0) cp = '"';
    else if (n == 6 && strncmp(s, "&apos;", 6) == 0) cp = '\'';
    else if (n == 6 && strncmp(s, "&nbsp;", 6) == 0) cp = 0xA0;
    else return false;
    *used = n;
    /* Reuters' &#2; &#3; &#5;... are teletype controls, not text. */
    if (cp < 0x20 && cp != '\n' && cp != '\t')
        return true;
    return ix_buf_put_utf8(out, cp);
}

/* Appends `span` without tags, with entities decoded; a tag becomes a line break, so that
 * the words on either side stay apart. */
static bool append_text(ix_buf_t *out, span_t span)
{
    const char *s = span.start;
    for (size_t i = 0; i < span.len;) {
        if (s[i] == '<') {
            const char *gt = memchr(s + i, '>', span.len - i);
            if (gt) {
                if (out->len && out->data[out->len - 1] != '\n' && !ix_buf_putc(out, '\n'))
                    return false;
                i = (size_t)(gt - s) + 1;
                continue;
            }
        }
        size_t used;
        if (s[i] == '&' && put_entity(out, s + i, span.len - i, &used)) {
            i += used;
            continue;
        }
        size_t run = i + 1;
        while (run < span.len && s[run] != '<' && s[run] != '&')
            run++;
        if (!ix_buf_append(out, s + i, run - i))
            return false;
        i = run;
    }
    return true;
}

static bool set_text(ix_buf_t *out, span_t span)
{
    ix_buf_clear(out);
    return !span.start || append_text(out, span);
}

static span_t first_of(span_t rec, const char *const *tags)
{
    for (; *tags; tags++) {
        span_t s = element(rec, *tags);
        if (s.start)
            return s;
    }
    return (span_t){NULL, 0};
}

static int read_record(ix_reader_t *reader, span_t rec, size_t ordinal)
{
    static const char *const ids[] = {"DOCNO", "DOCID", NULL};
    static const char *const titles[] = {"TITLE", "HEADLINE", "HEAD", "HL", NULL};
    static const char *const dates[] = {"DATE", "TIME", "DATE_TIME", "DATELINE", NULL};
    static const char *const sources[] = {"SRC", "SOURCE", "SO", NULL};
    static const char *const abstracts[] = {"ABSTRACT", "LP", "LEAD", NULL};
    ix_record_t *r = &reader->record;
    ix_record_clear(r);
    span_t id = first_of(rec, ids);
    if (!id.start)
        id = attribute(rec, "NEWID");
    bool ok = id.start ? set_text(&r->record, id) : ix_buf_printf(&r->record, "%zu", ordinal);
    ok = ok && set_text(&r->title, first_of(rec, titles)) &&
         set_text(&r->date, first_of(rec, dates)) && set_text(&r->source, first_of(rec, sources)) &&
         set_text(&r->url, element(rec, "URL"));
    span_t abstract = first_of(rec, abstracts);
    if (ok && abstract.start)
        ok = append_text(&r->text, abstract) && ix_buf_append(&r->text, "\n\n", 2);
    /* Reuters' <TEXT> holds the title and dateline again: its <BODY> is the article. */
    span_t body = element(rec, "BODY");
    if (!body.start)
        body = element(rec, "TEXT");
    if (ok && body.start)
        ok = append_text(&r->text, body);
    if (!ok)
        return -1;
    ix_buf_trim(&r->record);
    if (!r->record.len)
        ix_buf_printf(&r->record, "%zu", ordinal);
    return ix_emit(reader);
}

/* The next record's start after `p` (<DOC>, not <DOCNO>), or NULL. */
static const char *next_record(const char *p, const char *end, const char *open, size_t open_len)
{
    const char *next = find(p + 1, (size_t)(end - p - 1), open);
    while (next && !name_ends(next, open_len, end))
        next = find(next + 1, (size_t)(end - next - 1), open);
    return next;
}

/* Each record ends at its close tag, or, unclosed, at the next record. The close tag last
 * found is kept while it lies ahead, so that a file of unclosed records is read in one
 * pass, not one pass per record. */
int ix_read_trec(ix_reader_t *reader, const char *text, size_t len)
{
    const char *end = text + len;
    const char *open = find(text, len, "<REUTERS") ? "<REUTERS" : "<DOC";
    const char *close = strcmp(open, "<REUTERS") == 0 ? "</REUTERS>" : "</DOC>";
    size_t ordinal = 0, unclosed = 0, open_len = strlen(open);
    const char *stop = NULL;      /* the close tag found last */
    bool closes_left = true;      /* false once no close tag is left ahead */
    const char *counted = text;   /* lines are counted up to here, for warnings */
    size_t line = 1;
    const char *p = find(text, len, open);
    while (p && !name_ends(p, open_len, end))
        p = find(p + 1, (size_t)(end - p - 1), open);
    while (p) {
        if (closes_left && (!stop || stop < p)) {
            stop = find(p, (size_t)(end - p), close);
            closes_left = stop != NULL;
        }
        const char *next = next_record(p, end, open, open_len);
        const char *record_end = closes_left ? stop : end;
        if (!closes_left || (next && next < stop)) {
            if (++unclosed <= 3) {
                for (; counted < p; counted++)
                    line += *counted == '\n';
                ix_warn(reader, line, "record %zu has no %s", ordinal + 1, close);
            }
            record_end = next ? next : end;
        }
        if (read_record(reader, (span_t){p, (size_t)(record_end - p)}, ++ordinal) != 0)
            return -1;
        p = next;
    }
    if (unclosed > 3)
        ix_warn(reader, 0, "%zu records have no %s", unclosed, close);
    if (!ordinal)
        ix_warn(reader, 0, "no %s> records found", open);
    return 0;
}
