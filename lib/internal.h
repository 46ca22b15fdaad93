/* internal.h: what libdalil's own files share and its public header does not promise. */
#ifndef DALIL_INTERNAL_H
#define DALIL_INTERNAL_H

#include "dalil.h"

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Term prefixes: the one table that indexing and querying both read --------- */

/* Xapian conventions: "Q" marks the unique id term, "S" the title, "X…" dalil's own. */
#define DALIL_PREFIX_UNIQUE_ID "Q"    /* the document's unique id: path, or path#record */
#define DALIL_PREFIX_WORD ""          /* a word's exact indexed form, with positions */
#define DALIL_PREFIX_TITLE "S"        /* a title word's exact form, with positions (title:) */
#define DALIL_PREFIX_SOURCE "XSOURCE" /* the source or publisher, folded, whole (source:) */
#define DALIL_PREFIX_PATH "XPATH"     /* each component of the path, folded (path:) */
#define DALIL_PREFIX_FORMAT "XFORMAT" /* the document format: text, html, json... */
/* A word's variant forms (the analyzer's rules, docs/analysis.md), all but the stem with
 * positions so that phrases match across spellings. */
#define DALIL_PREFIX_FOLD "XV"     /* folded: accents, marks, Arabic orthography, proclitics */
#define DALIL_PREFIX_ACRONYM "XU"  /* a word in capitals as written, case kept: ISIS, IS */
#define DALIL_PREFIX_STEM "Z"      /* English Snowball stem (no positions) */
#define DALIL_PREFIX_NAME_KEY "XK" /* name key from Latin letters (also of a 2-word name) */
#define DALIL_PREFIX_NAME_KEY_ARABIC "XQ" /* name key from Arabic letters */
#define DALIL_PREFIX_ALIAS "XA"    /* alias-table group, at the name's last word */

/* Value slots. */
#define DALIL_SLOT_DATE 0 /* the article's date as "YYYYMMDD": sorts and ranges as a string */
#define DALIL_SLOT_FILE 1 /* the file a document came from, for incremental indexing:
                             "SIZE MTIME_NS HASH PATH" (HASH: 16 hex digits of XXH3-64) */

/* Stored fields, by name. "text" is the matchable text, boilerplate removed: snippets are
 * made from it. "date" is "YYYY-MM-DD" (or "YYYY-MM", "YYYY" when less is known). */
#define DALIL_FIELD_PATH "path"
#define DALIL_FIELD_RECORD "record" /* a container record's id, for path#record */
#define DALIL_FIELD_TITLE "title"
#define DALIL_FIELD_TEXT "text"
#define DALIL_FIELD_DATE "date"
#define DALIL_FIELD_SOURCE "source"
#define DALIL_FIELD_URL "url"
#define DALIL_FIELD_FORMAT "format"
#define DALIL_FIELD_SIZE "size"
#define DALIL_FIELD_MTIME "mtime"
#define DALIL_FIELD_HASH "hash"

/* ---- Stored fields -------------------------------------------------------------- */

/* A document's stored data is a sequence of (name, value) pairs, each a varint length
 * and bytes; values may hold any byte. */

/* Appends one pair to *buf (grown with realloc); on NOMEM *len is as it was. */
dalil_status_t _dalil_fields_append(char **buf, size_t *len, size_t *cap, const char *name,
                                    const char *value, size_t value_len);

/* Finds `name` in encoded `data`; returns a pointer into `data` (not NUL-terminated) and
 * its length, or NULL when absent or when the data is malformed. */
const char *_dalil_fields_find(const char *data, size_t data_len, const char *name,
                               size_t *value_len);

/* ---- UTF-8 (utf8.c) -------------------------------------------------------------- */

/* Length of the well-formed UTF-8 sequence at `p` (at most `n` bytes, n >= 1): no overlong
 * forms, surrogates or code points above U+10FFFF; 0 when there is none. */
size_t _dalil_utf8_sequence(const unsigned char *p, size_t n);

/* ---- Analyzer internals -------------------------------------------------------- */

/* Bumped whenever the analyzer's terms change: an index built by another version must
 * be indexed again (dalil_db_set_aliases reports it as a change). */
#define DALIL_ANALYZER_VERSION "6"

/* An analyzer with the alias table `tsv` (`len` bytes; NULL or 0: the shipped table).
 * On INVALID_ARGUMENT *error_out names the line (the caller's to free).
 * Returns OK, INVALID_ARGUMENT or NOMEM. */
dalil_status_t _dalil_analyzer_new_with_aliases(const char *tsv, size_t len,
                                                dalil_analyzer_t **analyzer_out,
                                                char **error_out);

/* In query mode every form is reported, also those equal to another (a query must look
 * for a word's folded form under both prefixes), and any word may end a two-word name. */
void _dalil_analyzer_set_query_mode(dalil_analyzer_t *analyzer, bool on);

/* With `on`, every line is broken into words by ICU's iterator, none by the analyzer's
 * own rules (_dalil_word_break): the reference its tests compare with. */
void _dalil_analyzer_set_icu_breaks(dalil_analyzer_t *analyzer, bool on);

/* How many words before a word its forms may depend on (names of several words, articles
 * before them). */
#define _DALIL_CONTEXT_WORDS 16

/* The tokens of text[from, to) with the forms dalil_analyze of the whole text would give
 * them, for when only parts of a long text matter: the analysis starts at `start` (0, or
 * where a word starts at least _DALIL_CONTEXT_WORDS words before `from`), and positions
 * count from there. Returns what dalil_analyze returns. */
dalil_status_t _dalil_analyze_part(dalil_analyzer_t *analyzer, const char *text, size_t len,
                                   size_t start, size_t from, size_t to, dalil_token_fn fn,
                                   void *ctx);

/* The token of the word text[start, end) (a word _dalil_analyze_words reported) with the
 * forms it has by itself, as if the text began there; the whole text is still where an
 * ambiguous acronym looks for evidence. Forms that depend on the words before (names of
 * several words, aliases, a word after an article) need _dalil_analyze_part. `fn` is not
 * called when the word makes no token. Returns what dalil_analyze returns. */
dalil_status_t _dalil_analyze_word(dalil_analyzer_t *analyzer, const char *text, size_t len,
                                   size_t start, size_t end, dalil_token_fn fn, void *ctx);

/* ICU's word break rules on the characters of English and Arabic news (ASCII, Latin-1
 * and Latin Extended letters, combining marks, the Arabic block, general punctuation),
 * which the analyzer applies itself: the end of the segment that starts at text[at]
 * (at < n, a boundary), and whether it is a word; `at` when the segment has or needs to
 * look at a character the rules leave to ICU, or bytes that are not UTF-8. (Exposed for
 * the tests that check it against ICU.) */
size_t _dalil_word_break(const char *text, size_t at, size_t n, bool *word);

/* Called with each word that makes a token, its bytes [start, end) and its position as
 * dalil_analyze numbers them; nonzero stops. */
typedef int (*_dalil_word_fn)(void *ctx, size_t start, size_t end, uint32_t position);

/* The words of `text` that dalil_analyze makes tokens of, without their forms: a fraction
 * of the cost. `fn` may call _dalil_analyze_word and _dalil_analyze_part on the same
 * analyzer. Returns what dalil_analyze returns. */
dalil_status_t _dalil_analyze_words(dalil_analyzer_t *analyzer, const char *text, size_t len,
                                    _dalil_word_fn fn, void *ctx);

/* Hands `text` to an ICU break iterator (ubrk.h's UBreakIterator, utext.h's UText) as
 * UTF-8; _dalil_break_close takes it back, so that the iterator never keeps a dangling
 * UText. Returns OK, NOMEM or INVALID_ARGUMENT (over 2 GB: ICU's offsets are 32-bit). */
struct UBreakIterator;
struct UText;
dalil_status_t _dalil_break_open(struct UBreakIterator *iterator, const char *text, size_t len,
                                 struct UText **utext);
void _dalil_break_close(struct UBreakIterator *iterator, struct UText *utext);

/* English stemming for the analyzer, in store.cc through Xapian's Snowball stemmers (one
 * per analyzer: not shared between threads). _dalil_stem writes the stem of `word` to
 * `out` (`cap` bytes, NUL-terminated) and returns its length; 0 if it does not fit. */
typedef struct _dalil_stemmer _dalil_stemmer_t;
_dalil_stemmer_t *_dalil_stemmer_new(void); /* NULL when out of memory */
void _dalil_stemmer_free(_dalil_stemmer_t *stemmer);
size_t _dalil_stem(_dalil_stemmer_t *stemmer, const char *word, size_t len, char *out,
                   size_t cap);

/* ---- Query trees: built in C, run by the store --------------------------------- */

typedef enum {
    _DALIL_Q_TERM,
    _DALIL_Q_AND,
    _DALIL_Q_OR,
    _DALIL_Q_AND_NOT, /* first sub minus the others */
    _DALIL_Q_PHRASE,  /* subs in order, adjacent (window = number of subs if 0) */
    _DALIL_Q_NEAR,    /* subs within `window` positions, any order */
    _DALIL_Q_MAX,     /* the best-weighted sub counts; tiers do not add up */
    _DALIL_Q_SYNONYM, /* subs count as one term for weighting */
    _DALIL_Q_SCALE,   /* the one sub, weight multiplied by `factor` */
    _DALIL_Q_AND_MAYBE,   /* the first sub must match; the others only add weight */
    _DALIL_Q_FILTER,      /* the first sub, restricted to documents the others match,
                             which add no weight (boolean filters: source:, path:, date:) */
    _DALIL_Q_MATCH_ALL,   /* every document, weight 0 (what a pure NOT excludes from) */
    _DALIL_Q_WILDCARD,    /* every term starting with `term` (prefix included), as one */
    _DALIL_Q_VALUE_RANGE  /* value slot `slot` within [term, upper] as strings; a NULL or
                             empty bound is open */
} _dalil_qop_t;

typedef struct _dalil_query {
    _dalil_qop_t op;
    char *term;         /* _DALIL_Q_TERM: the full term, prefix included */
    dalil_rule_t rule;  /* _DALIL_Q_TERM: how the term relates to the query word */
    char *origin;       /* _DALIL_Q_TERM: the query word or name it stands for, or NULL */
    uint32_t window;    /* _DALIL_Q_PHRASE, _DALIL_Q_NEAR */
    double factor;      /* _DALIL_Q_SCALE */
    char *upper;        /* _DALIL_Q_VALUE_RANGE: the inclusive upper bound, or NULL */
    unsigned slot;      /* _DALIL_Q_VALUE_RANGE */
    size_t n_subs;
    struct _dalil_query **subs;
} _dalil_query_t;

/* Constructors: NULL when out of memory. A composite takes ownership of its subs, and
 * frees them (all of them) if it cannot be made; a NULL among them makes it NULL. */
_dalil_query_t *_dalil_query_term(const char *prefix, const char *term);
_dalil_query_t *_dalil_query_node(_dalil_qop_t op, _dalil_query_t **subs, size_t n_subs);
void _dalil_query_free(_dalil_query_t *query);

/* ---- From query text to query tree -------------------------------------------- */

/* Flags for _dalil_expand_text. */
enum {
    _DALIL_EXPAND_PHRASE = 1 << 0, /* the words as a phrase, in order */
    _DALIL_EXPAND_ANY = 1 << 1,    /* any of the words (OR), not all (AND) */
    _DALIL_EXPAND_EXACT = 1 << 2,  /* no variants: exact forms only */
    _DALIL_EXPAND_LEAVES = 1 << 3  /* for use inside PHRASE/NEAR: each word only an OR of
                                      terms (Xapian takes nothing else there) */
};

/* The query for a span of query text (bare words, or a phrase's content): each word with
 * its variants and aliases, ranked so that the exact spelling comes first. Every TERM node
 * carries its rule and origin, so hits can say why they matched.
 * Returns OK, INVALID_ARGUMENT (no words: *query_out NULL) or NOMEM. */
dalil_status_t _dalil_expand_text(dalil_analyzer_t *analyzer, const char *text, size_t len,
                                  unsigned flags, _dalil_query_t **query_out);

/* ---- The query language (query_parser.c; docs/query-language.md) --------------- */

enum {
    _DALIL_PARSE_ANY = 1 << 0,   /* bare words joined by OR, not AND */
    _DALIL_PARSE_EXACT = 1 << 1, /* every word as if written =word */
    _DALIL_PARSE_ALL = 1 << 2    /* bare words joined by AND even in a sentence; without
                                    ANY or ALL, DALIL_NATURAL_QUERY_WORDS or more bare
                                    words (and exclusions) are joined by OR */
};

/* A bare query word, by its bytes in the query text: what did-you-mean may respell. */
typedef struct {
    size_t start, end;
} _dalil_span_t;

typedef struct {
    _dalil_query_t *tree;  /* the query, owned */
    char *error;           /* on INVALID_ARGUMENT: what is wrong, without the column */
    size_t error_column;   /* on INVALID_ARGUMENT: 1-based, in characters */
    _dalil_span_t *words;  /* the bare words, in order */
    size_t n_words;
} _dalil_parse_t;

/* Parses `len` bytes of query text. On INVALID_ARGUMENT `out->error` and
 * `out->error_column` say what and where; the tree is NULL. Release with
 * _dalil_parse_clear in every case. Returns OK, INVALID_ARGUMENT or NOMEM. */
dalil_status_t _dalil_query_parse(dalil_analyzer_t *analyzer, const char *text, size_t len,
                                  unsigned flags, _dalil_parse_t *out);
void _dalil_parse_clear(_dalil_parse_t *parse);

/* The form of a source name or path component that the source: and path: filters
 * compare: its words as the analyzer folds them, joined by one space ("Al-Jazeera
 * English" → "al jazeera english"). The indexer adds DALIL_PREFIX_SOURCE/PATH + this.
 * *folded_out is the caller's to free. Returns OK, INVALID_ARGUMENT (no words) or NOMEM. */
dalil_status_t _dalil_fold_value(dalil_analyzer_t *analyzer, const char *text, size_t len,
                                 char **folded_out);

/* The tree in one line, for --explain and the JSON "parsed" string: operators as
 * AND(…), terms as term[rule←origin]. The caller frees it; NULL when out of memory. */
char *_dalil_query_describe(const _dalil_query_t *query);

/* ---- Snippets (snippets.c) ------------------------------------------------------- */

typedef struct {
    size_t start, end; /* bytes: [start, end) */
} _dalil_range_t;

/* One excerpt of a document's text. Runs of white space are shown as one space, and "…"
 * stands where text was left out, so `text` is not a substring of the stored text. */
typedef struct {
    char *text; /* NUL-terminated, owned */
    size_t len;
    _dalil_range_t *highlights; /* matched words, as byte ranges in `text`, in order */
    size_t n_highlights;
    _dalil_range_t source; /* the bytes of the stored text the excerpt shows */
} _dalil_snippet_t;

/* Where a matching term (or wildcard prefix) was first seen: the text form that matched. */
typedef struct {
    const char *term;     /* borrowed from the caller's terms or prefixes */
    _dalil_range_t where; /* in the text analysed */
    bool in_title;        /* seen in the title rather than the text */
} _dalil_match_t;

typedef struct {
    _dalil_snippet_t *snippets;
    size_t n_snippets;
    _dalil_match_t *matches; /* at most one per term and prefix, in the order first seen */
    size_t n_matches;
    bool guided; /* the words were found from the index's positions, not by analysing all */
} _dalil_snippets_t;

typedef struct {
    size_t max_snippets; /* excerpts per hit (0: 2) */
    size_t max_bytes;    /* longest excerpt, in bytes of stored text (0: 240) */
    /* Optional: where the index has each term in the document (positions[i] for terms[i],
     * n_positions[i] of them, ascending; the title's words first, the text's
     * DALIL_TEXT_POSITION_GAP after them, as dalil-index numbers them). Then only the
     * words there, and those that may have a stem among the terms, are analysed. */
    const uint32_t *const *positions;
    const size_t *n_positions;
    /* The title's words are only counted (for where the text's positions start), not
     * analysed: no match in it is noted. For output that shows no matches. */
    bool without_title_matches;
} _dalil_snippet_params_t;

/* Makes snippets; it keeps ICU's sentence iterator between calls. One per thread. */
typedef struct _dalil_snipper _dalil_snipper_t;
dalil_status_t _dalil_snipper_new(_dalil_snipper_t **snipper_out);
void _dalil_snipper_free(_dalil_snipper_t *snipper);

/* The best excerpts of `text` for a hit whose matching terms are `terms` (sorted with
 * strcmp), plus the words that start with one of `prefixes` (wildcards). A word is
 * highlighted when any of its forms is among them. `title` (may be NULL) is analysed
 * too, for matches of title: terms and words found only there. Release `out` with
 * _dalil_snippets_clear in every case. Returns OK, NOMEM or INVALID_ARGUMENT. */
dalil_status_t _dalil_snippets_make(_dalil_snipper_t *snipper, dalil_analyzer_t *analyzer,
                                    const char *title, size_t title_len, const char *text,
                                    size_t len, char *const *terms, size_t n_terms,
                                    char *const *prefixes, size_t n_prefixes,
                                    const _dalil_snippet_params_t *params,
                                    _dalil_snippets_t *out);
void _dalil_snippets_clear(_dalil_snippets_t *snippets);

/* ---- Hits, filled by the store ------------------------------------------------- */

typedef struct {
    uint64_t docid;
    double weight;
    char *data; /* encoded stored fields */
    size_t data_len;
    char **terms; /* the query's terms this document holds, sorted (strcmp) */
    size_t n_terms;
} _dalil_hit_t;

struct dalil_hits {
    size_t count;
    _dalil_hit_t *items;
    uint64_t estimate, lower, upper;
    _dalil_query_t *query; /* the tree that was run, owned; NULL when made by the store */
    uint32_t offset;       /* rank of items[0] is offset + 1 */
};

/* How the store runs a query tree. */
typedef struct {
    uint32_t offset, limit;
    dalil_sort_t sort;
    bool exact_count;    /* count every match: lower == estimate == upper */
    bool matching_terms; /* fill each hit's `terms` */
} _dalil_run_t;

/* Runs `query` over `db` as `run` says and returns the page of hits.
 * Returns OK, NOMEM, CORRUPT or XAPIAN (detail on `db`). */
dalil_status_t _dalil_store_run(dalil_db_t *db, const _dalil_query_t *query,
                                const _dalil_run_t *run, dalil_hits_t **hits_out);

/* Spelling: words the indexer adds (each occurrence adds `increment` to its frequency)
 * and the closest indexed spelling of a query word (edit distance at most 2), "" when
 * none is closer. Returns OK, READ_ONLY (add), NOMEM or XAPIAN. */
dalil_status_t _dalil_db_add_spelling(dalil_db_t *db, const char *word, unsigned increment);
dalil_status_t _dalil_db_spelling(dalil_db_t *db, const char *word, char **suggestion_out);

/* Where the document `docid` has `term` (ascending word positions; none when it lacks
 * the term or the term has no positions). *positions_out is the caller's to free.
 * Returns OK, NOMEM, CORRUPT or XAPIAN. */
dalil_status_t _dalil_db_positions(dalil_db_t *db, uint64_t docid, const char *term,
                                   uint32_t **positions_out, size_t *n_out);

/* _dalil_db_positions for every pair of `n_docs` documents and `n_terms` terms (a NULL
 * term is skipped), looked up term by term in the index's order, which reads far fewer
 * blocks: positions[d * n_terms + t] (the caller's to free) and counts[d * n_terms + t]
 * for docids[d] and terms[t]. On failure all are NULL and 0. Returns OK, NOMEM, CORRUPT
 * or XAPIAN. */
dalil_status_t _dalil_db_positions_many(dalil_db_t *db, const uint64_t *docids, size_t n_docs,
                                        char *const *terms, size_t n_terms, uint32_t **positions,
                                        size_t *counts);

/* How many documents hold `term`. Returns OK, NOMEM or XAPIAN. */
dalil_status_t _dalil_db_term_freq(dalil_db_t *db, const char *term, uint64_t *freq_out);

/* The analyzer `db` keeps for parsing queries, made on first use. */
dalil_status_t _dalil_db_analyzer(dalil_db_t *db, dalil_analyzer_t **analyzer_out);

/* Records a failure's detail on `db` (printf-style) and returns `status`. */
dalil_status_t _dalil_db_fail(dalil_db_t *db, dalil_status_t status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Gap left between two texts of one document, so no phrase spans both. */
#define DALIL_TEXT_POSITION_GAP 100

/* ---- Incremental indexing (store.cc) -------------------------------------------- */

/* Called with each document's value in a slot, in docid order; nonzero stops. */
typedef int (*_dalil_value_fn)(void *ctx, uint64_t docid, const char *value, size_t len);

/* Calls `fn` for every document that has a value in `slot`.
 * Returns OK, NOMEM, CORRUPT or XAPIAN. */
dalil_status_t _dalil_db_each_value(dalil_db_t *db, unsigned slot, _dalil_value_fn fn, void *ctx);

/* Deletes the document `docid` (as _dalil_db_each_value names it).
 * Returns OK, READ_ONLY, INVALID_ARGUMENT, NOT_FOUND, CORRUPT or XAPIAN. */
dalil_status_t _dalil_db_delete_docid(dalil_db_t *db, uint64_t docid);

/* Sets value `slot` of document `docid` to `len` bytes, keeping the rest of it.
 * Returns the statuses of _dalil_db_delete_docid. */
dalil_status_t _dalil_db_set_docid_value(dalil_db_t *db, uint64_t docid, unsigned slot,
                                         const char *value, size_t len);

/* Merges the index as of its last commit (documents first, so they keep the lowest ids)
 * and the indexes at `shards` (each as of its last commit, in that order) into a new
 * index at `output` (which must not exist), and flushes it to the disk. `db` stays as it
 * was. *doc_count_out receives the merged index's documents.
 * Returns OK, READ_ONLY, NOMEM, IO, CORRUPT or XAPIAN. */
dalil_status_t _dalil_db_merge(dalil_db_t *db, const char *const *shards, size_t n_shards,
                               const char *output, uint64_t *doc_count_out);

/* Called with each term of a document being built, in sorted order; nonzero stops. */
typedef int (*_dalil_term_fn)(void *ctx, const char *term, size_t len, uint32_t wdf);

/* Calls `fn` for every term of `doc` (for example, to feed the spelling table).
 * Returns OK or NOMEM. */
dalil_status_t _dalil_doc_each_term(dalil_doc_t *doc, _dalil_term_fn fn, void *ctx);

/* ---- Where the index lives ------------------------------------------------------ */

/* The directory name of an index made without --db: in the directory dalil-index runs in. */
#define DALIL_DEFAULT_INDEX_NAME ".dalil"

/* The index path both binaries use: `flag` (from --db) if given, else $DALIL_DB, else
 * for writing ./.dalil, and for reading the nearest .dalil in the working directory or
 * one of its parents (./.dalil when there is none, so that the error names it).
 * *path_out is the caller's to free. Returns OK or NOMEM. */
dalil_status_t _dalil_locate_index(const char *flag, bool for_writing, char **path_out);

#ifdef __cplusplus
}
#endif

#endif /* DALIL_INTERNAL_H */
