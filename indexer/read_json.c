/* read_json.c: JSON Lines (one article object per line) and JSON documents (an array of
 * article objects, one object, or an object holding such an array). Keys are matched to
 * fields by name as CSV columns are; a value may be a string, a number or an array of
 * strings (paragraphs). The record id is the "id" key's value, else the line (JSON Lines)
 * or the 1-based position in the array. */
#include "ix.h"

#include <jansson.h>
#include <string.h>

static bool append_value(ix_buf_t *out, json_t *value, bool join)
{
    if (json_is_string(value)) {
        if (join && out->len && !ix_buf_append(out, "\n\n", 2))
            return false;
        return ix_buf_append(out, json_string_value(value), json_string_length(value));
    }
    if (json_is_integer(value))
        return ix_buf_printf(out, "%lld", (long long)json_integer_value(value));
    if (json_is_real(value))
        return ix_buf_printf(out, "%g", json_real_value(value));
    if (json_is_array(value)) {
        size_t i;
        json_t *item;
        json_array_foreach(value, i, item) {
            if (!append_value(out, item, true))
                return false;
        }
    }
    return true;
}

static bool fill_record(ix_reader_t *reader, json_t *object)
{
    ix_record_t *r = &reader->record;
    const char *key;
    json_t *value;
    json_object_foreach(object, key, value) {
        ix_buf_t *target = NULL;
        switch (ix_column_by_name(key, strlen(key), reader->fields)) {
        case IX_COL_TITLE: target = &r->title; break;
        case IX_COL_TEXT: target = &r->text; break;
        case IX_COL_DATE: target = &r->date; break;
        case IX_COL_SOURCE: target = &r->source; break;
        case IX_COL_URL: target = &r->url; break;
        case IX_COL_ID: target = &r->record; break;
        case IX_COL_NONE:
            /* {"source": {"name": "BBC"}} as news APIs give it. */
            if (json_is_object(value) && !r->source.len && strcmp(key, "source") == 0)
                target = &r->source;
            break;
        }
        if (!target)
            continue;
        if (json_is_object(value))
            value = json_object_get(value, "name");
        if (target != &r->text && target->len)
            continue;
        if (value && !append_value(target, value, target == &r->text))
            return false;
    }
    return true;
}

static int emit_object(ix_reader_t *reader, json_t *object, size_t ordinal)
{
    ix_record_clear(&reader->record);
    if (!fill_record(reader, object))
        return -1;
    if (!reader->record.record.len && !ix_buf_printf(&reader->record.record, "%zu", ordinal))
        return -1;
    return ix_emit(reader);
}

static int read_lines(ix_reader_t *reader, const char *text, size_t len)
{
    size_t line = 0, bad = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t start = pos;
        pos = nl ? end + 1 : len;
        line++;
        while (start < end && (text[start] == ' ' || text[start] == '\t' || text[start] == '\r'))
            start++;
        if (start == end)
            continue;
        json_error_t error;
        json_t *object = json_loadb(text + start, end - start, 0, &error);
        if (!json_is_object(object)) {
            if (++bad <= 3)
                ix_warn(reader, line, "not a JSON object: %s", object ? "another JSON value" : error.text);
            json_decref(object);
            continue;
        }
        int stop = emit_object(reader, object, line);
        json_decref(object);
        if (stop)
            return -1;
    }
    if (bad > 3)
        ix_warn(reader, 0, "%zu lines were not JSON objects", bad);
    return 0;
}

/* The array of articles: the document itself, or the first array among its values
 * ({"articles": [...]}). */
static json_t *articles_of(json_t *root)
{
    if (json_is_array(root))
        return root;
    const char *key;
    json_t *value;
    json_object_foreach(root, key, value) {
        if (json_is_array(value) && json_array_size(value) && json_is_object(json_array_get(value, 0)))
            return value;
    }
    return NULL;
}

int ix_read_json(ix_reader_t *reader, const char *text, size_t len, bool lines)
{
    if (lines)
        return read_lines(reader, text, len);
    json_error_t error;
    json_t *root = json_loadb(text, len, JSON_ALLOW_NUL, &error);
    if (!root) {
        /* Several objects one per line, in a file named .json. */
        if (error.line > 1 && len && text[0] == '{')
            return read_lines(reader, text, len);
        ix_warn(reader, (size_t)(error.line > 0 ? error.line : 0), "invalid JSON: %s", error.text);
        return 0;
    }
    int result = 0;
    json_t *articles = articles_of(root);
    if (articles) {
        size_t i;
        json_t *item;
        json_array_foreach(articles, i, item) {
            if (json_is_object(item) && (result = emit_object(reader, item, i + 1)) != 0)
                break;
        }
    } else if (json_is_object(root)) {
        result = emit_object(reader, root, 1);
    } else {
        ix_warn(reader, 0, "JSON holds no article objects");
    }
    json_decref(root);
    return result;
}
