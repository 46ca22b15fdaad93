/* dalil.h: the public C API of libdalil, a full-text search engine for news corpora.
 *
 * Conventions, stated once for every function below:
 * - Every fallible call returns dalil_status_t; outputs come last and are NULL (or 0)
 *   when the call fails.
 * - Detail text about the last failure on a handle is read with dalil_db_detail(); it is
 *   borrowed and valid until the next call on that handle.
 * - Each _open/_new has one _close/_free; destroying NULL is a no-op.
 * - `const char *` results are borrowed (the owner and lifetime are named at the call);
 *   `char *` results are the caller's to free().
 * - Strings are UTF-8. No call is thread-safe on the same handle; different handles may
 *   be used from different threads.
 */
#ifndef DALIL_H
#define DALIL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DALIL_VERSION_STRING "0.1.0"

/* ---- Status ------------------------------------------------------------------ */

/* X(name, message): the one list of statuses, so the enum and its messages cannot drift. */
#define DALIL_STATUS_LIST(X)                                                      \
    X(OK, "success")                                                             \
    X(NOMEM, "out of memory")                                                    \
    X(INVALID_ARGUMENT, "invalid argument")                                      \
    X(NOT_FOUND, "not found")                                                    \
    X(LOCKED, "index is locked by another writer")                               \
    X(CORRUPT, "index is corrupt or not a dalil index")                          \
    X(READ_ONLY, "index is open read-only")                                      \
    X(IO, "input/output error")                                                  \
    X(XAPIAN, "Xapian error")

typedef enum {
#define DALIL_STATUS_ENUM(name, message) DALIL_##name,
    DALIL_STATUS_LIST(DALIL_STATUS_ENUM)
#undef DALIL_STATUS_ENUM
    DALIL_STATUS_COUNT
} dalil_status_t;

/* A static message for `status`; never NULL, even for values out of range. */
const char *dalil_status_str(dalil_status_t status);

/* ---- Index ------------------------------------------------------------------- */

typedef struct dalil_db dalil_db_t;

typedef enum {
    DALIL_DB_READ,  /* search only; NOT_FOUND if no index exists at the path */
    DALIL_DB_WRITE  /* create if missing; LOCKED if another writer holds it */
} dalil_db_mode_t;

/* Opens the index at `path`. On failure, if `detail_out` is not NULL it receives a
 * message naming the path (the caller frees it), else NULL.
 * Returns OK, NOMEM, INVALID_ARGUMENT, NOT_FOUND, LOCKED, CORRUPT, IO or XAPIAN. */
dalil_status_t dalil_db_open(const char *path, dalil_db_mode_t mode, dalil_db_t **db_out,
                             char **detail_out);

/* Adds another index to a read-only `db`, so that both are searched as one and their
 * hits ranked together. Returns OK, READ_ONLY for a writable db, or an open status. */
dalil_status_t dalil_db_add_index(dalil_db_t *db, const char *path);

/* Closes the index. Uncommitted changes are discarded: commit first to keep them. */
void dalil_db_close(dalil_db_t *db);

/* Detail of the last failure on `db`; "" when there was none. Borrowed from `db`. */
const char *dalil_db_detail(const dalil_db_t *db);

/* Makes every change since the last commit durable and visible to readers.
 * Returns OK, READ_ONLY, IO, CORRUPT or XAPIAN. */
dalil_status_t dalil_db_commit(dalil_db_t *db);

/* Number of documents in the index. */
dalil_status_t dalil_db_doc_count(dalil_db_t *db, uint64_t *count_out);

/* Index-wide metadata, for example the analyzer version the index was built with.
 * get: *value_out is the caller's to free; "" when the key is unset. */
dalil_status_t dalil_db_set_metadata(dalil_db_t *db, const char *key, const char *value);
dalil_status_t dalil_db_get_metadata(dalil_db_t *db, const char *key, char **value_out);

/* ---- Documents --------------------------------------------------------------- */

/* A document being built for the index: terms with positions, values, stored fields. */
typedef struct dalil_doc dalil_doc_t;

/* Longest term the index accepts, in bytes; longer terms are refused. */
#define DALIL_MAX_TERM_BYTES 240

dalil_status_t dalil_doc_new(dalil_doc_t **doc_out);
void dalil_doc_free(dalil_doc_t *doc);

/* Adds `term` at word position `position` (positions start at 1).
 * Returns OK, NOMEM or INVALID_ARGUMENT (empty or too long a term, position 0). */
dalil_status_t dalil_doc_add_posting(dalil_doc_t *doc, const char *term, uint32_t position);

/* Adds `term` without a position (a filter or a stem). Same statuses. */
dalil_status_t dalil_doc_add_term(dalil_doc_t *doc, const char *term);

/* Sets value slot `slot` to `len` bytes (sortable, for ranges and sorting). */
dalil_status_t dalil_doc_set_value(dalil_doc_t *doc, unsigned slot, const void *bytes,
                                   size_t len);

/* Stores a named field (title, path, text...) returned with hits. A later call with the
 * same name replaces the value. Returns OK, NOMEM or INVALID_ARGUMENT. */
dalil_status_t dalil_doc_set_field(dalil_doc_t *doc, const char *name, const char *value,
                                   size_t len);

/* Adds `doc` under `unique_id`, replacing any document already stored under it.
 * `doc` stays the caller's, unchanged, and may be freed or reused afterwards.
 * Returns OK, READ_ONLY, INVALID_ARGUMENT, NOMEM, IO, CORRUPT or XAPIAN. */
dalil_status_t dalil_db_replace_doc(dalil_db_t *db, const char *unique_id, dalil_doc_t *doc);

/* Deletes the document stored under `unique_id`.
 * Returns OK, NOT_FOUND, READ_ONLY, INVALID_ARGUMENT, CORRUPT or XAPIAN. */
dalil_status_t dalil_db_delete_doc(dalil_db_t *db, const char *unique_id);

/* ---- Analyzer ---------------------------------------------------------------- */

/* The one analyzer: it produces every term for indexing, querying and highlighting,
 * each with its byte offsets in the original UTF-8 text. Not thread-safe: use one per
 * thread. */
typedef struct dalil_analyzer dalil_analyzer_t;

/* How a text form came to match a query word: X(name, label). The label is what
 * --explain and the JSON output print. */
#define DALIL_RULE_LIST(X)                                                        \
    X(EXACT, "exact")                /* the same word, case-folded */             \
    X(FOLD, "fold")                  /* equal once accents, marks are folded */   \
    X(STEM, "stem")                  /* the same English stem */                  \
    X(NAME_KEY, "name-key")          /* a spelling variant of a name */           \
    X(CROSS_SCRIPT, "cross-script")  /* the name in another script */             \
    X(ALIAS, "alias")                /* another name in the alias table */

typedef enum {
#define DALIL_RULE_ENUM(name, label) DALIL_RULE_##name,
    DALIL_RULE_LIST(DALIL_RULE_ENUM)
#undef DALIL_RULE_ENUM
    DALIL_RULE_COUNT
} dalil_rule_t;

/* The label of `rule`; "unknown" for values out of range. */
const char *dalil_rule_str(dalil_rule_t rule);

/* One term the analyzer indexes for a word: the word's exact form, or another form of it
 * (folded, stemmed, a name key...) under its own term prefix. */
typedef struct {
    const char *term;  /* NUL-terminated, prefix included */
    dalil_rule_t rule; /* which rule made it */
    int positional;    /* nonzero: indexed with the word's position */
    uint32_t words;    /* how many words the form stands for, ending with this one (a name
                          of several words: "bin Laden", "Islamic State"); 0 or 1: this
                          word alone */
} dalil_form_t;

typedef struct {
    const char *term;  /* the exact indexed form, NUL-terminated; borrowed for the callback */
    size_t term_len;
    size_t start, end; /* the word's bytes in the analysed text: [start, end) */
    uint32_t position; /* 1-based word position within the analysed text */
    const dalil_form_t *forms; /* every term indexed for this word; forms[0] is `term` */
    size_t n_forms;
} dalil_token_t;

/* Called once per token, in text order; a nonzero return stops the analysis. */
typedef int (*dalil_token_fn)(void *ctx, const dalil_token_t *token);

/* Returns OK, NOMEM or INVALID_ARGUMENT (ICU's data is missing). */
dalil_status_t dalil_analyzer_new(dalil_analyzer_t **analyzer_out);
void dalil_analyzer_free(dalil_analyzer_t *analyzer);

/* An analyzer configured as the index `db` was built (its alias table, its analyzer
 * version), for indexing into it or querying it: index and query never disagree.
 * Returns OK, NOMEM, INVALID_ARGUMENT or CORRUPT (the index's settings are unreadable). */
dalil_status_t dalil_analyzer_new_for_db(dalil_db_t *db, dalil_analyzer_t **analyzer_out);

/* Records in the writable index `db` the user's alias table `tsv` (the format of
 * data/aliases.tsv; NULL or "" for the shipped table), to be used by analyzers made for
 * it from now on. *changed_out (may be NULL) is set when this differs from the table the
 * index was built with, so that its documents must be indexed again.
 * Returns OK, READ_ONLY, INVALID_ARGUMENT (detail names the line), NOMEM or XAPIAN. */
dalil_status_t dalil_db_set_aliases(dalil_db_t *db, const char *tsv, int *changed_out);

/* Analyses `len` bytes of UTF-8 (invalid sequences are read as U+FFFD) and calls `fn`
 * for each token. Words longer than DALIL_MAX_TERM_BYTES keep their position but yield
 * no token. Returns OK (also when `fn` stopped it), INVALID_ARGUMENT (over 2 GiB of text
 * at once) or NOMEM. */
dalil_status_t dalil_analyze(dalil_analyzer_t *analyzer, const char *text, size_t len,
                             dalil_token_fn fn, void *ctx);

/* Analyses `text` and adds its tokens to `doc` as positional terms, after the positions
 * already used in `doc` (with a gap, so that no phrase spans two texts).
 * Returns OK, INVALID_ARGUMENT or NOMEM. */
dalil_status_t dalil_doc_index_text(dalil_doc_t *doc, dalil_analyzer_t *analyzer,
                                    const char *text, size_t len);

/* Indexes a title: its words as dalil_doc_index_text does, and the exact form of each
 * again under the title prefix, at the same positions (for title: searches).
 * Returns OK, INVALID_ARGUMENT or NOMEM. */
dalil_status_t dalil_doc_index_title(dalil_doc_t *doc, dalil_analyzer_t *analyzer,
                                     const char *text, size_t len);

/* ---- Search ------------------------------------------------------------------ */

typedef struct dalil_hits dalil_hits_t;

typedef enum {
    DALIL_SORT_RELEVANCE, /* best BM25 score first */
    DALIL_SORT_DATE,      /* oldest first, then by score */
    DALIL_SORT_DATE_DESC  /* newest first, then by score */
} dalil_sort_t;

/* How bare words (no operators between them) combine. */
typedef enum {
    DALIL_WORDS_AUTO, /* all must match; a query of DALIL_NATURAL_QUERY_WORDS or more bare
                         words and nothing else is a sentence: any may match, ranked */
    DALIL_WORDS_ALL,  /* all must match (AND) */
    DALIL_WORDS_ANY   /* any may match (OR), ranked by how well they match */
} dalil_words_t;

/* From this many bare words, DALIL_WORDS_AUTO reads a query as a sentence. */
#define DALIL_NATURAL_QUERY_WORDS 5

/* Zero-initialised options are the defaults. */
typedef struct {
    uint32_t offset;   /* hits to skip */
    uint32_t limit;    /* hits to return; 0 means 10 */
    dalil_words_t words; /* how bare words combine */
    int exact;         /* no variants, aliases or other scripts: exact forms only */
    int exact_count;   /* count every match instead of estimating the total */
    dalil_sort_t sort;
} dalil_search_options_t;

/* Runs the query text `query` over `db`, in the query language of
 * docs/query-language.md (by default all words must match, but a sentence of bare words
 * is OR-ranked: see dalil_words_t), ranked by BM25.
 * `options` may be NULL for the defaults. The hits are the caller's (dalil_hits_free)
 * and must be freed before `db` is closed.
 * Returns OK (also when nothing matched), INVALID_ARGUMENT (a malformed query or one with
 * no words: the detail starts "query column N:", N counting characters from 1),
 * NOMEM, CORRUPT or XAPIAN. */
dalil_status_t dalil_db_search(dalil_db_t *db, const char *query,
                               const dalil_search_options_t *options, dalil_hits_t **hits_out);

/* Counts exactly the documents that match `query` (the options' paging and sort are
 * ignored). Returns the statuses of dalil_db_search. */
dalil_status_t dalil_db_count(dalil_db_t *db, const char *query,
                              const dalil_search_options_t *options, uint64_t *count_out);

void dalil_hits_free(dalil_hits_t *hits);

/* Number of hits held (at most the limit). */
size_t dalil_hits_count(const dalil_hits_t *hits);

/* Xapian's estimate of all matching documents, with its bounds. */
void dalil_hits_total(const dalil_hits_t *hits, uint64_t *estimate, uint64_t *lower,
                      uint64_t *upper);

/* Hit `i` (0-based): its document id, BM25 weight and a stored field. The field is
 * borrowed from `hits`; NULL when the document has no such field. `len_out` may be NULL. */
uint64_t dalil_hit_docid(const dalil_hits_t *hits, size_t i);
double dalil_hit_weight(const dalil_hits_t *hits, size_t i);
const char *dalil_hit_field(const dalil_hits_t *hits, size_t i, const char *name,
                            size_t *len_out);

#ifdef __cplusplus
}
#endif

#endif /* DALIL_H */
