/* printers.h: search results as data (jansson objects, the JSON schema of
 * docs/output-schema.md), and the printers that write them as text, JSON, JSON lines, TSV
 * or paths. dalil-query builds each hit once and hands it to whichever printer --format
 * chose, so every format shows the same results. */
#ifndef DALIL_PRINTERS_H
#define DALIL_PRINTERS_H

#include "internal.h"

#include <jansson.h>
#include <stdio.h>

/* The JSON output's format version; docs/output-schema.md says when it changes. */
#define DALIL_FORMAT_VERSION 1
#define DALIL_FORMAT_VERSION_MIN 1

typedef enum {
    _DALIL_FORMAT_TEXT,
    _DALIL_FORMAT_JSON,
    _DALIL_FORMAT_JSONL,
    _DALIL_FORMAT_TSV,
    _DALIL_FORMAT_PATHS
} _dalil_format_t;

/* The format named `name`; false when there is none. */
bool _dalil_format_parse(const char *name, _dalil_format_t *format_out);

/* ---- Results as data (search.c) ------------------------------------------------- */

/* Where each hit of a search has each of the query's terms, looked up for all the hits at
 * once (far fewer reads of the index than hit by hit): what snippets need. */
typedef struct _dalil_hits_positions _dalil_hits_positions_t;

/* *out is the caller's (_dalil_hits_positions_free). Returns OK, NOMEM, CORRUPT or XAPIAN. */
dalil_status_t _dalil_hits_positions_new(dalil_db_t *db, const dalil_hits_t *hits,
                                         _dalil_hits_positions_t **out);
void _dalil_hits_positions_free(_dalil_hits_positions_t *positions);

typedef struct {
    bool snippets;   /* make snippets and `matched` (text, json, jsonl) */
    bool without_matched; /* no `matched` (plain text prints none): the hits then need no
                             matching terms (_dalil_db_search) */
    _dalil_snippet_params_t params;
    /* Optional, for snippets: the positions of the same hits (else each hit's are looked
     * up alone). Borrowed. */
    const _dalil_hits_positions_t *positions;
} _dalil_model_options_t;

/* dalil_db_search, with each hit's matching terms (which `matched` needs, and which cost
 * a read of each hit's term list) only when `matching_terms` is true. */
dalil_status_t _dalil_db_search(dalil_db_t *db, const char *query,
                                const dalil_search_options_t *options, bool matching_terms,
                                dalil_hits_t **hits_out);

/* Hit `i` of `hits` as a JSON object (rank, docid, path, title, date, score, snippets,
 * matched...). `snipper` may be NULL when options->snippets is false.
 * *hit_out is the caller's (json_decref). Returns OK, NOMEM or INVALID_ARGUMENT. */
dalil_status_t _dalil_hit_model(dalil_db_t *db, _dalil_snipper_t *snipper, const dalil_hits_t *hits,
                                size_t i, const _dalil_model_options_t *options, json_t **hit_out);

/* The summary of a search: format_version, query, parsed (only `with_parsed`: the query
 * tree described, which only JSON and --explain show), total, offset, limit, count;
 * `suggestion` (may be NULL) is a respelled query. NULL when out of memory. */
json_t *_dalil_summary_model(const char *query, const dalil_hits_t *hits, bool exact_count,
                             uint32_t limit, const char *suggestion, bool with_parsed);

/* A respelling of `query` from the index's spelling table, when one of its bare words has
 * a closer indexed spelling; *suggestion_out is NULL when there is none (else the
 * caller's to free). Returns OK, INVALID_ARGUMENT, NOMEM or XAPIAN. */
dalil_status_t _dalil_suggest(dalil_db_t *db, const char *query, const dalil_search_options_t *options,
                              char **suggestion_out);

/* ---- Printers (printers.c) ------------------------------------------------------ */

typedef struct {
    _dalil_format_t format;
    FILE *out;
    bool color;      /* text: ANSI colour (the caller decides: a terminal, no NO_COLOR) */
    bool nul;        /* paths: end each path with NUL instead of a newline */
    bool explain;    /* text: the parsed query, and per hit why it matched */
    const char *cwd; /* text: paths below this directory are shown relative to it */
} _dalil_printer_options_t;

typedef struct _dalil_printer _dalil_printer_t;

/* NULL when out of memory. The printer borrows options->out and options->cwd. */
_dalil_printer_t *_dalil_printer_new(const _dalil_printer_options_t *options);
void _dalil_printer_free(_dalil_printer_t *printer);

/* Prints what comes before the hits (text with explain: the parsed query). `summary`,
 * as _dalil_summary_model makes it, is borrowed. Returns OK or IO. */
dalil_status_t _dalil_printer_begin(_dalil_printer_t *printer, json_t *summary);

/* Prints one hit (borrowed). Returns OK, NOMEM or IO (the output failed). */
dalil_status_t _dalil_printer_hit(_dalil_printer_t *printer, json_t *hit);

/* Prints the end of the results (json: the whole document; jsonl: the summary line;
 * text: the total). `summary` is borrowed. Returns OK, NOMEM or IO. */
dalil_status_t _dalil_printer_end(_dalil_printer_t *printer, json_t *summary);

/* Writes `len` bytes of document text for a terminal: control characters, stray bytes
 * that are not UTF-8 and bidirectional overrides become '?', so that no document or
 * file name can send escape sequences or reorder the line. */
void _dalil_print_clean(FILE *out, const char *text, size_t len);

#endif
