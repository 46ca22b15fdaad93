/* document.c: one article to one index document: the stored fields of the contract in
 * lib/internal.h, the title and text analysed, and the filter terms (format, source,
 * path components) and values (date, file stamp) that searches and incremental runs use. */
#include "document.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static dalil_status_t set_field(dalil_doc_t *doc, const char *name, const ix_buf_t *value)
{
    if (!value->len)
        return DALIL_OK;
    return dalil_doc_set_field(doc, name, value->data, value->len);
}

static dalil_status_t set_field_str(dalil_doc_t *doc, const char *name, const char *value)
{
    return dalil_doc_set_field(doc, name, value, strlen(value));
}

/* PREFIX + the analyzer's folded form of `text`, when it has words and fits in a term. */
static dalil_status_t add_folded_term(dalil_doc_t *doc, dalil_analyzer_t *analyzer,
                                      const char *prefix, const char *text, size_t len)
{
    char *folded = NULL;
    dalil_status_t status = _dalil_fold_value(analyzer, text, len, &folded);
    if (status == DALIL_INVALID_ARGUMENT)
        return DALIL_OK; /* no words: nothing to filter on */
    if (status != DALIL_OK)
        return status;
    size_t prefix_len = strlen(prefix), folded_len = strlen(folded);
    if (prefix_len + folded_len <= DALIL_MAX_TERM_BYTES) {
        char term[DALIL_MAX_TERM_BYTES + 1];
        memcpy(term, prefix, prefix_len);
        memcpy(term + prefix_len, folded, folded_len + 1);
        status = dalil_doc_add_term(doc, term);
    }
    free(folded);
    return status;
}

static dalil_status_t add_path_terms(dalil_doc_t *doc, dalil_analyzer_t *analyzer, const char *path)
{
    dalil_status_t status = DALIL_OK;
    for (const char *p = path; *p && status == DALIL_OK;) {
        while (*p == '/')
            p++;
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len)
            status = add_folded_term(doc, analyzer, DALIL_PREFIX_PATH, p, len);
        p += len;
    }
    return status;
}

/* "2016-06-29" → "20160629" (and "2016-06" → "201606"). */
static dalil_status_t set_date(dalil_doc_t *doc, const ix_buf_t *date)
{
    char compact[9];
    size_t n = 0;
    for (size_t i = 0; i < date->len && n < 8; i++)
        if (date->data[i] != '-')
            compact[n++] = date->data[i];
    dalil_status_t status = dalil_doc_set_value(doc, DALIL_SLOT_DATE, compact, n);
    if (status == DALIL_OK)
        status = set_field(doc, DALIL_FIELD_DATE, date);
    return status;
}

static dalil_status_t set_file_fields(dalil_doc_t *doc, const ix_docfile_t *file)
{
    char number[32], hash[17];
    snprintf(number, sizeof number, "%llu", (unsigned long long)file->stamp.size);
    dalil_status_t status = set_field_str(doc, DALIL_FIELD_SIZE, number);
    snprintf(number, sizeof number, "%lld", (long long)(file->stamp.mtime_ns / 1000000000));
    if (status == DALIL_OK)
        status = set_field_str(doc, DALIL_FIELD_MTIME, number);
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)file->stamp.hash);
    if (status == DALIL_OK)
        status = set_field_str(doc, DALIL_FIELD_HASH, hash);
    if (status == DALIL_OK)
        status = set_field_str(doc, DALIL_FIELD_PATH, file->path);
    if (status == DALIL_OK)
        status = set_field_str(doc, DALIL_FIELD_FORMAT, ix_format_name(file->format));
    if (status == DALIL_OK)
        status = dalil_doc_set_value(doc, DALIL_SLOT_FILE, file->stamp_value, strlen(file->stamp_value));
    return status;
}

dalil_status_t ix_build_document(const ix_docfile_t *file, const ix_record_t *record,
                                 const ix_buf_t *text, dalil_analyzer_t *analyzer,
                                 dalil_doc_t **doc_out, char **id_out)
{
    *doc_out = NULL;
    *id_out = NULL;
    dalil_doc_t *doc = NULL;
    char *id = NULL;
    if (record->record.len ? asprintf(&id, "%s#%s", file->path, record->record.data) < 0
                           : !(id = strdup(file->path))) {
        id = NULL;
        return DALIL_NOMEM;
    }
    dalil_status_t status = dalil_doc_new(&doc);
    if (status == DALIL_OK)
        status = set_file_fields(doc, file);
    if (status == DALIL_OK)
        status = set_field(doc, DALIL_FIELD_RECORD, &record->record);
    if (status == DALIL_OK)
        status = set_field(doc, DALIL_FIELD_TITLE, &record->title);
    if (status == DALIL_OK)
        status = set_field(doc, DALIL_FIELD_TEXT, text);
    if (status == DALIL_OK)
        status = set_field(doc, DALIL_FIELD_SOURCE, &record->source);
    if (status == DALIL_OK)
        status = set_field(doc, DALIL_FIELD_URL, &record->url);
    if (status == DALIL_OK && record->date.len)
        status = set_date(doc, &record->date);
    if (status == DALIL_OK && record->title.len)
        status = dalil_doc_index_title(doc, analyzer, record->title.data, record->title.len);
    if (status == DALIL_OK && text->len)
        status = dalil_doc_index_text(doc, analyzer, text->data, text->len);
    if (status == DALIL_OK) {
        char term[64];
        snprintf(term, sizeof term, "%s%s", DALIL_PREFIX_FORMAT, ix_format_name(file->format));
        status = dalil_doc_add_term(doc, term);
    }
    if (status == DALIL_OK && record->source.len)
        status = add_folded_term(doc, analyzer, DALIL_PREFIX_SOURCE, record->source.data, record->source.len);
    if (status == DALIL_OK)
        status = add_path_terms(doc, analyzer, file->path);
    if (status != DALIL_OK) {
        dalil_doc_free(doc);
        free(id);
        return status;
    }
    *doc_out = doc;
    *id_out = id;
    return DALIL_OK;
}
