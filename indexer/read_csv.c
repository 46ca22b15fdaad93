/* read_csv.c: CSV and TSV tables, one article per row. A header row names the columns
 * (title/headline, text/body/content/..., date, source/publisher, url, id: see
 * ix_column_by_name; --field overrides). A table without a header, like the Gaza
 * headlines' "date publisher title url", has its columns recognised from the first row:
 * a date, a URL, and the longest text as the title. The record id is the row's line. */
#include "ix.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLUMNS 256

typedef struct {
    ix_buf_t cells[MAX_COLUMNS];
    size_t count;
    bool truncated;
} row_t;

static void row_free(row_t *row)
{
    for (size_t i = 0; i < MAX_COLUMNS; i++)
        ix_buf_free(&row->cells[i]);
}

/* Reads one row at *pos (quoted fields may span lines); advances *pos and *line. */
static bool read_row(const char *s, size_t len, size_t *pos, size_t *line, char delim, row_t *row)
{
    row->count = 0;
    row->truncated = false;
    size_t i = *pos;
    for (;;) {
        ix_buf_t *cell = row->count < MAX_COLUMNS ? &row->cells[row->count] : NULL;
        if (cell)
            ix_buf_set(cell, "", 0);
        else
            row->truncated = true;
        row->count += cell ? 1 : 0;
        bool quoted = delim != '\t' && i < len && s[i] == '"';
        if (quoted)
            i++;
        while (i < len) {
            char c = s[i];
            if (quoted && c == '"') {
                if (i + 1 < len && s[i + 1] == '"') {
                    if (cell && !ix_buf_putc(cell, '"'))
                        return false;
                    i += 2;
                    continue;
                }
                quoted = false;
                i++;
                continue;
            }
            if (!quoted && (c == delim || c == '\n'))
                break;
            if (c == '\n')
                (*line)++;
            size_t run = i + 1;
            while (run < len && s[run] != '"' && s[run] != delim && s[run] != '\n')
                run++;
            if (cell && !ix_buf_append(cell, s + i, run - i))
                return false;
            i = run;
        }
        if (i < len && s[i] == delim) {
            i++;
            continue;
        }
        if (cell && cell->len && cell->data[cell->len - 1] == '\r')
            cell->data[--cell->len] = '\0';
        if (i < len) { /* '\n' */
            i++;
            (*line)++;
        }
        break;
    }
    *pos = i;
    return true;
}

static bool looks_like_url(const ix_buf_t *cell)
{
    return cell->len > 7 && (strncmp(cell->data, "http://", 7) == 0 || strncmp(cell->data, "https://", 8) == 0);
}

/* Columns of a table without a header, from its first row. */
static void infer_columns(const row_t *row, ix_column_t *columns)
{
    size_t title = MAX_COLUMNS, title_len = 0;
    for (size_t c = 0; c < row->count; c++) {
        char date[11];
        const ix_buf_t *cell = &row->cells[c];
        columns[c] = IX_COL_NONE;
        if (looks_like_url(cell))
            columns[c] = IX_COL_URL;
        else if (ix_parse_date(cell->data, cell->len, date) && cell->len < 40)
            columns[c] = IX_COL_DATE;
        else if (cell->len > title_len) {
            title = c;
            title_len = cell->len;
        }
    }
    if (title == MAX_COLUMNS)
        return;
    columns[title] = IX_COL_TITLE;
    /* A short text column before the title is the publisher. */
    for (size_t c = 0; c < title; c++)
        if (columns[c] == IX_COL_NONE && row->cells[c].len && row->cells[c].len < 80) {
            columns[c] = IX_COL_SOURCE;
            break;
        }
}

/* A column given by number in --field. */
static void numbered_overrides(const ix_field_map_t *fields, ix_column_t *columns, size_t count)
{
    if (!fields)
        return;
    const char *names[] = {fields->title, fields->text, fields->date, fields->source, fields->url, fields->id};
    const ix_column_t kinds[] = {IX_COL_TITLE, IX_COL_TEXT, IX_COL_DATE, IX_COL_SOURCE, IX_COL_URL, IX_COL_ID};
    for (size_t k = 0; k < 6; k++) {
        char *end;
        if (!names[k] || !isdigit((unsigned char)names[k][0]))
            continue;
        unsigned long n = strtoul(names[k], &end, 10);
        if (!*end && n >= 1 && n <= count)
            columns[n - 1] = kinds[k];
    }
}

/* Maps the header; false when no cell is a known column name. */
static bool header_columns(const row_t *row, const ix_field_map_t *fields, ix_column_t *columns)
{
    size_t known = 0;
    for (size_t c = 0; c < row->count; c++) {
        columns[c] = ix_column_by_name(row->cells[c].data, row->cells[c].len, fields);
        known += columns[c] != IX_COL_NONE;
    }
    return known > 0;
}

static bool fill_record(ix_record_t *r, const row_t *row, const ix_column_t *columns)
{
    for (size_t c = 0; c < row->count; c++) {
        const ix_buf_t *cell = &row->cells[c];
        ix_buf_t *target = NULL;
        switch (columns[c]) {
        case IX_COL_TITLE: target = &r->title; break;
        case IX_COL_DATE: target = &r->date; break;
        case IX_COL_SOURCE: target = &r->source; break;
        case IX_COL_URL: target = &r->url; break;
        case IX_COL_ID: target = &r->record; break;
        case IX_COL_TEXT:
            /* Several text columns (description and content) all count. */
            if ((r->text.len && !ix_buf_append(&r->text, "\n\n", 2)) ||
                !ix_buf_append(&r->text, cell->data, cell->len))
                return false;
            continue;
        case IX_COL_NONE: continue;
        }
        if (!target->len && !ix_buf_set(target, cell->data, cell->len))
            return false;
    }
    return true;
}

int ix_read_csv(ix_reader_t *reader, const char *text, size_t len, char delim)
{
    row_t *row = calloc(1, sizeof *row);
    ix_column_t *columns = calloc(MAX_COLUMNS, sizeof *columns);
    int result = -1;
    if (!row || !columns)
        goto done;
    size_t pos = 0, line = 1, row_line = 1, ragged = 0;
    if (!read_row(text, len, &pos, &line, delim, row))
        goto done;
    size_t width = row->count;
    bool has_header = header_columns(row, reader->fields, columns);
    if (!has_header) {
        infer_columns(row, columns);
        pos = 0;
        line = 1;
    }
    numbered_overrides(reader->fields, columns, width);
    for (;;) {
        row_line = line;
        if (pos >= len)
            break;
        if (!read_row(text, len, &pos, &line, delim, row))
            goto done;
        if (row->count == 1 && row->cells[0].len == 0)
            continue; /* a blank line */
        if (row->count != width && ++ragged <= 3)
            ix_warn(reader, row_line, "%zu columns where the first row has %zu", row->count, width);
        ix_record_t *r = &reader->record;
        ix_record_clear(r);
        if (!fill_record(r, row, columns))
            goto done;
        if (!r->record.len)
            ix_buf_printf(&r->record, "%zu", row_line);
        if (ix_emit(reader) != 0)
            goto done;
    }
    result = 0;
done:
    if (row)
        row_free(row);
    free(row);
    free(columns);
    return result;
}
