/* format.c: which reader a file needs, from its content first and its name second, and
 * the one entry point that decodes a file and hands it to that reader. Content wins
 * because corpora name files loosely: the ANT corpus's TREC records and the Gaza
 * headlines' TSV rows are both ".txt", and Usenet posts have no extension at all. */
#include "ix.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *ix_format_name(ix_format_t format)
{
    static const char *const names[] = {
#define IX_FORMAT_NAME(name, label) label,
        IX_FORMAT_LIST(IX_FORMAT_NAME)
#undef IX_FORMAT_NAME
    };
    return format < IX_FORMAT_COUNT ? names[format] : "unknown";
}

static const char *extension(const char *name)
{
    const char *slash = strrchr(name, '/');
    const char *dot = strrchr(slash ? slash + 1 : name, '.');
    return dot && dot[1] ? dot + 1 : "";
}

static bool ext_in(const char *ext, const char *const *list)
{
    for (; *list; list++)
        if (strcasecmp(ext, *list) == 0)
            return true;
    return false;
}

static size_t skip_space(const char *s, size_t len, size_t i)
{
    while (i < len && isspace((unsigned char)s[i]))
        i++;
    return i;
}

static bool starts_with_ci(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && strncasecmp(s, prefix, n) == 0;
}

static bool looks_trec(const char *s, size_t len)
{
    size_t i = skip_space(s, len, 0);
    if (starts_with_ci(s + i, len - i, "<!DOCTYPE lewis"))
        return true;
    return starts_with_ci(s + i, len - i, "<DOC>") || starts_with_ci(s + i, len - i, "<REUTERS");
}

static bool looks_html(const char *s, size_t len)
{
    size_t i = skip_space(s, len, 0);
    return starts_with_ci(s + i, len - i, "<!DOCTYPE html") || starts_with_ci(s + i, len - i, "<html") ||
           starts_with_ci(s + i, len - i, "<head") || starts_with_ci(s + i, len - i, "<meta");
}

/* An RFC-822 header block: "Name: value" lines from the first, among them at least two
 * that mail and news always carry, up to a blank line. */
static bool looks_mail(const char *s, size_t len)
{
    static const char *const known[] = {"From:", "Subject:", "Date:", "Newsgroups:",
                                        "Message-ID:", "Path:", "To:", "Received:",
                                        "Return-Path:", "Organization:", "Lines:", NULL};
    size_t known_seen = 0;
    for (size_t pos = 0, lines = 0; pos < len && lines < 60; lines++) {
        const char *line = s + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + 1;
        if (n == 0 || (n == 1 && line[0] == '\r'))
            return known_seen >= 2;
        if (line[0] == ' ' || line[0] == '\t') {
            if (lines == 0)
                return false;
            continue;
        }
        size_t k = 0;
        while (k < n && (isalnum((unsigned char)line[k]) || line[k] == '-'))
            k++;
        if (k == 0 || k == n || line[k] != ':')
            return false;
        for (size_t i = 0; known[i]; i++)
            if (starts_with_ci(line, n, known[i]))
                known_seen++;
    }
    return false;
}

/* A table: most of the first lines (up to 20) have as many tabs (at least 2) as the
 * first; a ragged row or two is the table's fault, reported by the reader. */
static bool looks_tsv(const char *s, size_t len)
{
    size_t tabs_first = 0, lines = 0, same = 0;
    for (size_t pos = 0; pos < len && lines < 20;) {
        const char *nl = memchr(s + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - s) : len;
        if (!nl && lines > 0)
            break; /* a last line cut by the sample */
        size_t tabs = 0;
        for (size_t i = pos; i < end; i++)
            tabs += s[i] == '\t';
        if (end > pos) {
            if (lines == 0)
                tabs_first = tabs;
            same += tabs == tabs_first;
            lines++;
        }
        pos = end + 1;
    }
    return tabs_first >= 2 && same >= 2 && (lines - same <= 1 || same * 5 >= lines * 4);
}

static bool looks_json(const char *s, size_t len)
{
    size_t i = skip_space(s, len, 0);
    if (i >= len || (s[i] != '{' && s[i] != '['))
        return false;
    i = skip_space(s, len, i + 1);
    return i < len && (s[i] == '"' || s[i] == '{' || s[i] == ']' || s[i] == '}');
}

ix_format_t ix_detect_format(const char *name, const char *head, size_t len)
{
    static const char *const html[] = {"html", "htm", "xhtml", "shtml", NULL};
    static const char *const json[] = {"json", NULL};
    static const char *const jsonl[] = {"jsonl", "ndjson", "jsonlines", NULL};
    static const char *const csv[] = {"csv", NULL};
    static const char *const tsv[] = {"tsv", "tab", NULL};
    static const char *const trec[] = {"sgm", "sgml", "trec", NULL};
    static const char *const mail[] = {"eml", "msg", "mbox", NULL};
    static const char *const markdown[] = {"md", "markdown", NULL};
    const char *ext = extension(name);
    if (len > 65536)
        len = 65536;
    if (ext_in(ext, html)) return IX_FORMAT_HTML;
    if (ext_in(ext, jsonl)) return IX_FORMAT_JSONL;
    if (ext_in(ext, json)) return IX_FORMAT_JSON;
    if (ext_in(ext, csv)) return IX_FORMAT_CSV;
    if (ext_in(ext, tsv)) return IX_FORMAT_TSV;
    if (ext_in(ext, trec) || looks_trec(head, len)) return IX_FORMAT_TREC;
    if (ext_in(ext, mail) || looks_mail(head, len)) return IX_FORMAT_MAIL;
    if (looks_html(head, len)) return IX_FORMAT_HTML;
    if (looks_json(head, len)) return IX_FORMAT_JSON;
    if (looks_tsv(head, len)) return IX_FORMAT_TSV;
    if (ext_in(ext, markdown)) return IX_FORMAT_MARKDOWN;
    return IX_FORMAT_TEXT;
}

static int dispatch(ix_reader_t *reader, ix_format_t format, const char *text, size_t len)
{
    switch (format) {
    case IX_FORMAT_TEXT: return ix_read_text(reader, text, len, false);
    case IX_FORMAT_MARKDOWN: return ix_read_text(reader, text, len, true);
    case IX_FORMAT_HTML: return ix_read_html(reader, text, len);
    case IX_FORMAT_JSON: return ix_read_json(reader, text, len, false);
    case IX_FORMAT_JSONL: return ix_read_json(reader, text, len, true);
    case IX_FORMAT_CSV: return ix_read_csv(reader, text, len, ',');
    case IX_FORMAT_TSV: return ix_read_csv(reader, text, len, '\t');
    case IX_FORMAT_TREC: return ix_read_trec(reader, text, len);
    case IX_FORMAT_MAIL: return ix_read_mail(reader, text, len);
    case IX_FORMAT_BINARY:
    case IX_FORMAT_COUNT: break;
    }
    return 0;
}

static const char *encoding_name(ix_encoding_t encoding)
{
    return encoding == IX_ENC_CP1252 ? "Latin-1/Windows-1252" : "Windows-1252";
}

/* Decodes a file without NULs (or UTF-16) and hands it to its reader. */
static ix_read_status_t read_file(ix_reader_t *reader, const char *name, const char *raw,
                                  size_t len, bool binary, ix_format_t *format_out)
{
    ix_format_t format = ix_detect_format(name, raw, len);
    *format_out = format;
    /* libxml2 decodes HTML itself, by the page's declared charset. */
    if (format == IX_FORMAT_HTML && !binary) {
        int result = dispatch(reader, format, raw, len);
        return result ? IX_READ_NOMEM : IX_READ_OK;
    }
    ix_buf_t text = {0};
    size_t bad = 0, bad_line = 0;
    errno = 0;
    ix_encoding_t encoding = ix_decode(raw, len, &text, &bad, &bad_line);
    if (encoding == IX_ENC_BINARY) {
        ix_buf_free(&text);
        if (errno == ENOMEM)
            return IX_READ_NOMEM;
        *format_out = IX_FORMAT_BINARY;
        ix_warn(reader, 0, "binary content, skipped");
        return IX_READ_BINARY;
    }
    if (bad)
        ix_warn(reader, bad_line, "not valid UTF-8 (%zu byte%s), read as %s", bad,
                bad == 1 ? "" : "s", encoding_name(encoding));
    /* A UTF-16 byte order mark alone decodes to nothing at all. */
    int result = dispatch(reader, format, text.data ? text.data : "", text.len);
    ix_buf_free(&text);
    return result ? IX_READ_NOMEM : IX_READ_OK;
}

ix_read_status_t ix_read_document(ix_reader_t *reader, const char *name, const char *raw,
                                  size_t len, ix_format_t *format_out)
{
    /* Text with a few stray NULs (ix_looks_binary tells it from binary) has them read as
     * spaces, which every reader and libxml2 take as text; the user is told. */
    bool binary = ix_looks_binary(raw, len);
    char *copy = NULL;
    size_t line = 0, nuls = binary ? 0 : ix_replace_nuls(raw, len, &copy, &line);
    if (nuls == SIZE_MAX)
        return IX_READ_NOMEM;
    if (nuls)
        ix_warn(reader, line, "%zu NUL byte%s, read as space%s", nuls, nuls == 1 ? "" : "s",
                nuls == 1 ? "" : "s");
    ix_read_status_t status = read_file(reader, name, copy ? copy : raw, len, binary, format_out);
    free(copy);
    return status;
}
