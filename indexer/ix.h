/* ix.h: what the modules of dalil-index share: growable buffers, articles as readers
 * produce them, formats, encodings, dates, boilerplate, the corpus walk and the pipeline. */
#ifndef DALIL_IX_H
#define DALIL_IX_H

#include "internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* ---- Growable byte buffers ------------------------------------------------------ */

/* Always NUL-terminated once anything was appended; `len` does not count the NUL. */
typedef struct {
    char *data;
    size_t len, cap;
} ix_buf_t;

bool ix_buf_append(ix_buf_t *buf, const char *bytes, size_t len);
bool ix_buf_putc(ix_buf_t *buf, char c);
bool ix_buf_printf(ix_buf_t *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool ix_buf_set(ix_buf_t *buf, const char *bytes, size_t len);
void ix_buf_clear(ix_buf_t *buf);
void ix_buf_free(ix_buf_t *buf);
/* Writes `text` to `out` with control characters (C0 but newlines, DEL, C1) and bytes
 * that are not UTF-8 shown as '?': file names and document text must not drive the
 * terminal. */
void ix_put_sanitized(FILE *out, const char *text);
/* A copy of a file name fit for messages: as ix_put_sanitized, and a newline is a '?'
 * too, so that a name stays on its line. NULL when out of memory. */
char *ix_printable_name(const char *name);
/* Removes leading and trailing white space (ASCII) in place. */
void ix_buf_trim(ix_buf_t *buf);

/* ---- Formats -------------------------------------------------------------------- */

#define IX_FORMAT_LIST(X)                                                          \
    X(TEXT, "text")                                                               \
    X(MARKDOWN, "markdown")                                                       \
    X(HTML, "html")                                                               \
    X(JSON, "json")                                                               \
    X(JSONL, "jsonl")                                                             \
    X(CSV, "csv")                                                                 \
    X(TSV, "tsv")                                                                 \
    X(TREC, "trec")                                                               \
    X(MAIL, "rfc822")                                                             \
    X(BINARY, "binary")

typedef enum {
#define IX_FORMAT_ENUM(name, label) IX_FORMAT_##name,
    IX_FORMAT_LIST(IX_FORMAT_ENUM)
#undef IX_FORMAT_ENUM
    IX_FORMAT_COUNT
} ix_format_t;

const char *ix_format_name(ix_format_t format);

/* The format of a file named `name` whose first bytes are `head`: its content decides
 * when it is clear (a .txt holding TREC records or tab-separated rows), the extension
 * otherwise, plain text last. */
ix_format_t ix_detect_format(const char *name, const char *head, size_t len);

/* ---- Articles as readers produce them ------------------------------------------- */

typedef struct {
    ix_buf_t record; /* the record's id inside a container; empty for a whole file */
    ix_buf_t title, text, date, source, url;
} ix_record_t;

void ix_record_clear(ix_record_t *record);
void ix_record_free(ix_record_t *record);

/* Columns (CSV, TSV) or keys (JSON) that hold each field, when named by --field;
 * NULL means: found by its usual names. A column may also be given by number (1-based). */
typedef struct {
    const char *title, *text, *date, *source, *url, *id;
} ix_field_map_t;

/* Called for each article; a nonzero return stops the reader (out of memory). */
typedef int (*ix_emit_fn)(void *ctx, ix_record_t *record);

typedef struct {
    const char *path;             /* for messages */
    const ix_field_map_t *fields; /* may be NULL */
    ix_emit_fn emit;
    void *ctx;
    ix_buf_t *warnings; /* lines "path:line: message\n" for the user, in file order */
    ix_record_t record; /* the reader's scratch record, handed to emit */
} ix_reader_t;

void ix_warn(ix_reader_t *reader, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

typedef enum {
    IX_READ_OK,
    IX_READ_BINARY, /* not text: skipped, with a warning */
    IX_READ_NOMEM,
    IX_READ_STOPPED /* emit asked to stop */
} ix_read_status_t;

/* Decodes `raw` (any encoding), detects its format from `name` and content, and emits
 * its articles. *format_out receives the format found. */
ix_read_status_t ix_read_document(ix_reader_t *reader, const char *name, const char *raw,
                                  size_t len, ix_format_t *format_out);

/* One reader per format, over UTF-8 text (HTML: the raw bytes, as libxml2 decodes them
 * by the document's own charset). They return 0, or -1 when emit stopped or memory ran out. */
int ix_read_text(ix_reader_t *reader, const char *text, size_t len, bool markdown);
int ix_read_html(ix_reader_t *reader, const char *raw, size_t len);
int ix_read_json(ix_reader_t *reader, const char *text, size_t len, bool lines);
int ix_read_csv(ix_reader_t *reader, const char *text, size_t len, char delimiter);
int ix_read_trec(ix_reader_t *reader, const char *text, size_t len);
int ix_read_mail(ix_reader_t *reader, const char *text, size_t len);

/* Bytes of a title kept (cut at a character boundary): a file of one long line, or a
 * 10 MB "title" cell, is not all title. */
#define IX_MAX_TITLE 500

/* Emits reader->record after making its fields valid UTF-8 without NULs, trimming them,
 * cutting the title to IX_MAX_TITLE bytes and normalising the date. */
int ix_emit(ix_reader_t *reader);

/* Which field a CSV column or JSON key feeds, by its name. */
typedef enum { IX_COL_NONE, IX_COL_TITLE, IX_COL_TEXT, IX_COL_DATE, IX_COL_SOURCE, IX_COL_URL, IX_COL_ID } ix_column_t;
ix_column_t ix_column_by_name(const char *name, size_t len, const ix_field_map_t *fields);

/* ---- Encodings ------------------------------------------------------------------ */

typedef enum {
    IX_ENC_UTF8,     /* valid UTF-8 (a BOM is dropped) */
    IX_ENC_REPAIRED, /* mostly UTF-8; invalid bytes read as Windows-1252 */
    IX_ENC_CP1252,   /* no UTF-8 at all: read as Windows-1252 (a superset of Latin-1) */
    IX_ENC_UTF16,    /* UTF-16 with a byte order mark */
    IX_ENC_BINARY    /* not text */
} ix_encoding_t;

/* Whether `data` looks like binary content: it starts with the signature of a binary
 * format (PDF, ZIP, gzip, PNG, JPEG, ELF, SQLite...), or more than 1 in IX_BINARY_SHARE of
 * its first IX_SNIFF_BYTES bytes are control bytes other than tab, newline, carriage
 * return, form feed and escape (NUL included). Text with a few stray NULs is text: the
 * NULs are read as spaces (ix_read_document). */
#define IX_SNIFF_BYTES 8192
#define IX_BINARY_SHARE 20
bool ix_looks_binary(const char *data, size_t len);

/* When `raw` holds NUL bytes and is not UTF-16 (whose NULs are half its text), copies it
 * into *copy (malloc'd, NUL-terminated) with each NUL replaced by a space, and returns how
 * many were replaced; *first_line is the 1-based line of the first. Returns 0 (*copy
 * NULL) when there is nothing to replace, SIZE_MAX when memory ran out. */
size_t ix_replace_nuls(const char *raw, size_t len, char **copy, size_t *first_line);

/* Decodes `raw` into UTF-8 in `out`. When bytes were not UTF-8, *bad_bytes counts them and
 * *first_bad_line is the 1-based line of the first. Returns the encoding found, or
 * IX_ENC_BINARY (out untouched). On NOMEM returns IX_ENC_BINARY with errno ENOMEM. */
ix_encoding_t ix_decode(const char *raw, size_t len, ix_buf_t *out, size_t *bad_bytes,
                        size_t *first_bad_line);

/* The length of the longest start of `s` (`len` bytes) within `max` bytes that does not
 * end inside a UTF-8 sequence. */
size_t ix_utf8_cut(const char *s, size_t len, size_t max);

/* Makes `buf` valid UTF-8, reading each byte that is not as Windows-1252 (as ix_decode
 * does). False when memory ran out (`buf` is then as it was). */
bool ix_buf_repair_utf8(ix_buf_t *buf);

/* Appends the UTF-8 of code point `cp` to `out`. */
bool ix_buf_put_utf8(ix_buf_t *out, uint32_t cp);

/* ---- Dates ---------------------------------------------------------------------- */

/* Parses a date that `text` starts with (after space, a weekday, a label such as
 * "Date:" or "Published"): ISO "2016-06-29" (time allowed after), "2016/06/29",
 * "June 29, 2016", "29 June 2016", "Thu, 26 Apr 2018 12:44:59 GMT", Reuters'
 * "26-FEB-1987 15:01", "2016-06", "June 2016". Writes "YYYY-MM-DD", "YYYY-MM" or "YYYY"
 * to `out` (11 bytes) and returns the bytes consumed, or 0 when there is no date. */
size_t ix_parse_date(const char *text, size_t len, char out[11]);

/* Whether `line` is a date line: a date with at most a few words around it. */
bool ix_date_line(const char *line, size_t len, char out[11]);

/* ---- Boilerplate ---------------------------------------------------------------- */

/* Lines that repeat across many documents of a corpus (share buttons, footers) are
 * boilerplate. The set is learned from the documents (ix_boiler_learn), then fixed
 * (ix_boiler_freeze) before documents are stripped (ix_boiler_strip, thread-safe). */
typedef struct ix_boiler ix_boiler_t;

ix_boiler_t *ix_boiler_new(void);
void ix_boiler_free(ix_boiler_t *boiler);
/* Counts the distinct lines of one document; thread-safe. */
void ix_boiler_learn(ix_boiler_t *boiler, const char *text, size_t len);
/* Marks as boilerplate the lines found in at least `min_docs` documents and in at least
 * one document in `min_share` of all. Returns the number of boilerplate lines. */
size_t ix_boiler_freeze(ix_boiler_t *boiler, uint64_t min_docs, double min_share);
/* Loads / saves the frozen set as text (one hash per line), so that later incremental
 * runs strip the same lines. */
bool ix_boiler_load(ix_boiler_t *boiler, const char *saved);
char *ix_boiler_save(const ix_boiler_t *boiler);
/* Copies `text` into `out` without its boilerplate lines; returns the lines removed. */
size_t ix_boiler_strip(const ix_boiler_t *boiler, const char *text, size_t len, ix_buf_t *out);
bool ix_boiler_is_line(const ix_boiler_t *boiler, const char *line, size_t len);

/* ---- The corpus walk ------------------------------------------------------------ */

typedef struct {
    char *path;       /* real path: the document's unique id */
    char *shown;      /* as reached from the command line, for messages */
    uint64_t size;
    int64_t mtime_ns;
    bool regular;     /* false for a pipe named on the command line: read it once */
} ix_file_t;

typedef struct {
    const char *const *excludes; /* --exclude globs */
    size_t n_excludes;
    const char *index_path;      /* never walked into */
    uint64_t max_size;           /* larger files are skipped */
    bool verbose, quiet;
} ix_walk_options_t;

typedef struct {
    ix_file_t *files; /* sorted by path, no duplicates */
    size_t count, cap;
    char **roots;     /* real paths of the arguments */
    size_t n_roots;
    uint64_t skipped, failed;
} ix_walk_t;

/* Lists the files under each of `args` (files or directories), following symbolic links
 * but never into a loop, and reports on stderr what it cannot list. Returns false only
 * when memory ran out. */
bool ix_walk(ix_walk_t *walk, const ix_walk_options_t *options, char *const *args, size_t n);
void ix_walk_free(ix_walk_t *walk);
/* Whether `path` is one of the roots or below one. */
bool ix_walk_covers(const ix_walk_t *walk, const char *path);

/* ---- A run: options, what it did, the pipeline ------------------------------------ */

#include <signal.h>

/* Set by the SIGINT/SIGTERM handler: the run commits what it has and stops. The one
 * piece of global mutable state, as a signal handler needs it. */
extern volatile sig_atomic_t ix_stop_requested;

typedef enum { IX_OUTPUT_TEXT, IX_OUTPUT_JSON } ix_output_t;

/* Whether new files are written by the workers into shards merged at the end of the run
 * (pipeline.c): always, never, or when they are many (auto). */
typedef enum { IX_SHARDS_AUTO, IX_SHARDS_ON, IX_SHARDS_OFF } ix_shards_mode_t;

typedef struct {
    unsigned threads;       /* worker threads that read and analyse */
    ix_shards_mode_t shards;
    bool full;              /* re-index every file */
    bool keep_boilerplate;
    bool quiet, verbose, progress;
    ix_field_map_t fields;
    ix_walk_options_t walk;
    uint64_t commit_docs;   /* commit after this many documents... */
    uint64_t commit_bytes;  /* ...or this many bytes of text */
} ix_options_t;

typedef struct {
    uint64_t files;         /* files found */
    uint64_t added, updated, removed, unchanged, skipped, failed; /* files */
    uint64_t documents;     /* documents written */
    uint64_t bytes;         /* bytes read from the files indexed */
    uint64_t boilerplate;   /* boilerplate lines known */
    uint64_t commits;
    uint64_t doc_count;     /* documents in the index at the end */
    double seconds;
    bool interrupted;
    bool abandoned;         /* interrupted with a worker blocked: end the process now */
    bool index_error;
} ix_summary_t;

/* Indexes the files under `args` into `db` (open for writing) and fills `summary`.
 * Returns false when the index could not be written (reported on stderr). */
bool ix_run(dalil_db_t *db, const ix_options_t *options, char *const *args, size_t n,
            ix_summary_t *summary);

#endif /* DALIL_IX_H */
