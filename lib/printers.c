/* printers.c: one hit model (a jansson object), five ways to write it: text for people,
 * JSON and JSON lines for programs, TSV for spreadsheets and awk, paths for xargs.
 * JSON is always written by jansson, never pasted together. */
#include "printers.h"

#include <stdlib.h>
#include <string.h>

struct _dalil_printer {
    _dalil_printer_options_t options;
    json_t *hits; /* json: the hits collected for the one document at the end */
    size_t printed;
};

static const struct {
    const char *name;
    _dalil_format_t format;
} formats[] = {
    {"text", _DALIL_FORMAT_TEXT}, {"json", _DALIL_FORMAT_JSON}, {"jsonl", _DALIL_FORMAT_JSONL},
    {"tsv", _DALIL_FORMAT_TSV},   {"paths", _DALIL_FORMAT_PATHS},
};

bool _dalil_format_parse(const char *name, _dalil_format_t *format_out)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(name, formats[i].name) == 0) {
            *format_out = formats[i].format;
            return true;
        }
    return false;
}

_dalil_printer_t *_dalil_printer_new(const _dalil_printer_options_t *options)
{
    _dalil_printer_t *printer = calloc(1, sizeof *printer);
    if (!printer)
        return NULL;
    printer->options = *options;
    if (options->format == _DALIL_FORMAT_JSON && !(printer->hits = json_array())) {
        free(printer);
        return NULL;
    }
    return printer;
}

void _dalil_printer_free(_dalil_printer_t *printer)
{
    if (!printer)
        return;
    json_decref(printer->hits);
    free(printer);
}

static dalil_status_t output_status(FILE *out)
{
    return ferror(out) ? DALIL_IO : DALIL_OK;
}

/* ---- Clean text for terminals --------------------------------------------------- */

static size_t utf8_length(const unsigned char *p, size_t n)
{
    size_t len = p[0] < 0x80 ? 1 : p[0] >= 0xC2 && p[0] < 0xE0 ? 2 : p[0] >= 0xE0 && p[0] < 0xF0 ? 3
                                 : p[0] >= 0xF0 && p[0] <= 0xF4 ? 4 : 0;
    if (len == 0 || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* C0 and C1 controls, DEL, and the bidirectional embeddings, overrides and isolates. */
static bool is_unsafe(const unsigned char *p, size_t len)
{
    if (len == 1)
        return p[0] < 0x20 || p[0] == 0x7F;
    if (len == 2)
        return p[0] == 0xC2 && p[1] < 0xA0;
    if (len == 3 && p[0] == 0xE2 && p[1] == 0x80)
        return p[2] >= 0xAA && p[2] <= 0xAE;
    if (len == 3 && p[0] == 0xE2 && p[1] == 0x81)
        return p[2] >= 0xA6 && p[2] <= 0xA9;
    return false;
}

/* Safe runs are written whole: one fwrite per character was a tenth of a query's CPU time
 * in snippets' printing. */
void _dalil_print_clean(FILE *out, const char *text, size_t len)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t run = 0; /* start of the safe run not yet written */
    for (size_t i = 0; i < len;) {
        if (u[i] >= 0x20 && u[i] < 0x7F) {
            i++;
            continue;
        }
        size_t n = utf8_length(u + i, len - i);
        if (n && !is_unsafe(u + i, n)) {
            i += n;
            continue;
        }
        fwrite(text + run, 1, i - run, out);
        fputc('?', out);
        i += n ? n : 1;
        run = i;
    }
    fwrite(text + run, 1, len - run, out);
}

static void print_clean_string(FILE *out, const char *text)
{
    _dalil_print_clean(out, text, strlen(text));
}

/* ---- Text ----------------------------------------------------------------------- */

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define MATCH "\033[1;31m"
#define PATH "\033[35m"
#define RESET "\033[0m"

static void style(const _dalil_printer_t *printer, const char *code)
{
    if (printer->options.color)
        fputs(code, printer->options.out);
}

static const char *string_of(json_t *object, const char *key)
{
    return json_string_value(json_object_get(object, key));
}

static const char *display_path(const char *path, const char *cwd)
{
    size_t cwd_len = cwd ? strlen(cwd) : 0;
    if (cwd_len > 1 && strncmp(path, cwd, cwd_len) == 0 && path[cwd_len] == '/')
        return path + cwd_len + 1;
    return path;
}

/* A snippet, with its highlights in colour when colour is on. */
static void print_snippet(const _dalil_printer_t *printer, json_t *snippet)
{
    FILE *out = printer->options.out;
    const char *text = string_of(snippet, "text");
    if (!text)
        return;
    size_t len = strlen(text), at = 0, i;
    json_t *range;
    fputs("   ", out);
    json_array_foreach(json_object_get(snippet, "highlights"), i, range)
    {
        size_t start = (size_t)json_integer_value(json_array_get(range, 0));
        size_t end = (size_t)json_integer_value(json_array_get(range, 1));
        if (start < at || end > len || start > end)
            continue;
        _dalil_print_clean(out, text + at, start - at);
        style(printer, MATCH);
        _dalil_print_clean(out, text + start, end - start);
        style(printer, RESET);
        at = end;
    }
    _dalil_print_clean(out, text + at, len - at);
    fputc('\n', out);
}

static void print_matched(const _dalil_printer_t *printer, json_t *hit)
{
    FILE *out = printer->options.out;
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(hit, "matched"), i, m)
    {
        const char *query = string_of(m, "query"), *form = string_of(m, "form");
        fputs("   matched: ", out);
        print_clean_string(out, query ? query : "?");
        fputs(" -> ", out);
        print_clean_string(out, form ? form : string_of(m, "term"));
        fprintf(out, " (%s", string_of(m, "rule"));
        if (string_of(m, "field") && strcmp(string_of(m, "field"), "text") != 0)
            fprintf(out, ", in %s", string_of(m, "field"));
        fputs(")\n", out);
    }
}

static void print_text_hit(_dalil_printer_t *printer, json_t *hit)
{
    FILE *out = printer->options.out;
    const char *title = string_of(hit, "title"), *path = string_of(hit, "path");
    const char *date = string_of(hit, "date"), *record = string_of(hit, "record");
    style(printer, BOLD);
    fprintf(out, "%lld. ", (long long)json_integer_value(json_object_get(hit, "rank")));
    print_clean_string(out, title && *title ? title : "(untitled)");
    style(printer, RESET);
    fputs("\n   ", out);
    style(printer, PATH);
    print_clean_string(out, path ? display_path(path, printer->options.cwd) : "?");
    if (record) {
        fputc('#', out);
        print_clean_string(out, record);
    }
    style(printer, RESET);
    style(printer, DIM);
    if (date) {
        fputs("  ", out);
        print_clean_string(out, date);
    }
    fprintf(out, "  score %.3f", json_real_value(json_object_get(hit, "score")));
    style(printer, RESET);
    fputc('\n', out);
    size_t i;
    json_t *snippet;
    json_array_foreach(json_object_get(hit, "snippets"), i, snippet)
        print_snippet(printer, snippet);
    if (printer->options.explain)
        print_matched(printer, hit);
}

static void print_text_end(_dalil_printer_t *printer, json_t *summary)
{
    FILE *out = printer->options.out;
    json_t *total = json_object_get(summary, "total");
    long long estimate = json_integer_value(json_object_get(total, "estimate"));
    long long count = json_integer_value(json_object_get(summary, "count"));
    long long offset = json_integer_value(json_object_get(summary, "offset"));
    if (count == 0)
        return;
    if (printer->printed)
        fputc('\n', out);
    style(printer, DIM);
    if (json_is_true(json_object_get(total, "exact")) ||
        json_integer_value(json_object_get(total, "lower")) == json_integer_value(json_object_get(total, "upper")))
        fprintf(out, "hits %lld-%lld of %lld\n", offset + 1, offset + count, estimate);
    else
        fprintf(out, "hits %lld-%lld of about %lld\n", offset + 1, offset + count, estimate);
    style(printer, RESET);
}

static void print_text_header(_dalil_printer_t *printer, json_t *summary)
{
    FILE *out = printer->options.out;
    fputs("query: ", out);
    print_clean_string(out, string_of(summary, "parsed"));
    fputs("\n\n", out);
}

/* ---- TSV and paths ------------------------------------------------------------ */

/* A TSV field: tabs, newlines and other controls become spaces. */
static void print_tsv_field(FILE *out, const char *text)
{
    if (!text)
        return;
    const unsigned char *u = (const unsigned char *)text;
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        size_t n = utf8_length(u + i, len - i);
        if (n == 0 || is_unsafe(u + i, n))
            fputc(' ', out);
        else
            fwrite(text + i, 1, n, out);
        i += n ? n : 1;
    }
}

static void print_tsv_hit(_dalil_printer_t *printer, json_t *hit)
{
    FILE *out = printer->options.out;
    fprintf(out, "%lld\t%.6f\t%lld\t", (long long)json_integer_value(json_object_get(hit, "rank")),
            json_real_value(json_object_get(hit, "score")),
            (long long)json_integer_value(json_object_get(hit, "docid")));
    print_tsv_field(out, string_of(hit, "date"));
    fputc('\t', out);
    print_tsv_field(out, string_of(hit, "path"));
    fputc('\t', out);
    print_tsv_field(out, string_of(hit, "record"));
    fputc('\t', out);
    print_tsv_field(out, string_of(hit, "title"));
    fputc('\n', out);
}

/* Paths are written as they are stored: with -0 any byte is safe, and without it a
 * path is one line, as find prints them. */
static void print_path_hit(_dalil_printer_t *printer, json_t *hit)
{
    const char *path = string_of(hit, "path");
    if (!path)
        return;
    fputs(path, printer->options.out);
    fputc(printer->options.nul ? '\0' : '\n', printer->options.out);
}

/* ---- JSON ----------------------------------------------------------------------- */

static dalil_status_t dump_line(FILE *out, json_t *value)
{
    if (json_dumpf(value, out, JSON_COMPACT) != 0)
        return DALIL_IO;
    fputc('\n', out);
    return output_status(out);
}

static dalil_status_t print_jsonl_hit(_dalil_printer_t *printer, json_t *hit)
{
    json_t *line = json_object();
    if (!line || json_object_set_new(line, "type", json_string("hit")) != 0 ||
        json_object_update(line, hit) != 0) {
        json_decref(line);
        return DALIL_NOMEM;
    }
    dalil_status_t status = dump_line(printer->options.out, line);
    json_decref(line);
    return status;
}

static dalil_status_t print_jsonl_end(_dalil_printer_t *printer, json_t *summary)
{
    json_t *line = json_object();
    if (!line || json_object_set_new(line, "type", json_string("summary")) != 0 ||
        json_object_update(line, summary) != 0) {
        json_decref(line);
        return DALIL_NOMEM;
    }
    dalil_status_t status = dump_line(printer->options.out, line);
    json_decref(line);
    return status;
}

static dalil_status_t print_json_end(_dalil_printer_t *printer, json_t *summary)
{
    json_t *document = json_deep_copy(summary);
    if (!document || json_object_set(document, "hits", printer->hits) != 0) {
        json_decref(document);
        return DALIL_NOMEM;
    }
    int failed = json_dumpf(document, printer->options.out, JSON_INDENT(2));
    json_decref(document);
    if (failed)
        return DALIL_IO;
    fputc('\n', printer->options.out);
    return output_status(printer->options.out);
}

/* ---- The interface ---------------------------------------------------------------- */

dalil_status_t _dalil_printer_hit(_dalil_printer_t *printer, json_t *hit)
{
    dalil_status_t status = DALIL_OK;
    switch (printer->options.format) {
    case _DALIL_FORMAT_TEXT:
        if (printer->printed)
            fputc('\n', printer->options.out);
        print_text_hit(printer, hit);
        break;
    case _DALIL_FORMAT_JSON:
        status = json_array_append(printer->hits, hit) == 0 ? DALIL_OK : DALIL_NOMEM;
        break;
    case _DALIL_FORMAT_JSONL: status = print_jsonl_hit(printer, hit); break;
    case _DALIL_FORMAT_TSV: print_tsv_hit(printer, hit); break;
    case _DALIL_FORMAT_PATHS: print_path_hit(printer, hit); break;
    }
    printer->printed++;
    return status != DALIL_OK ? status : output_status(printer->options.out);
}

dalil_status_t _dalil_printer_begin(_dalil_printer_t *printer, json_t *summary)
{
    if (printer->options.format == _DALIL_FORMAT_TEXT && printer->options.explain)
        print_text_header(printer, summary);
    return output_status(printer->options.out);
}

dalil_status_t _dalil_printer_end(_dalil_printer_t *printer, json_t *summary)
{
    dalil_status_t status = DALIL_OK;
    switch (printer->options.format) {
    case _DALIL_FORMAT_TEXT: print_text_end(printer, summary); break;
    case _DALIL_FORMAT_JSON: status = print_json_end(printer, summary); break;
    case _DALIL_FORMAT_JSONL: status = print_jsonl_end(printer, summary); break;
    case _DALIL_FORMAT_TSV:
    case _DALIL_FORMAT_PATHS: break;
    }
    if (status == DALIL_OK && fflush(printer->options.out) != 0)
        status = DALIL_IO;
    return status != DALIL_OK ? status : output_status(printer->options.out);
}
