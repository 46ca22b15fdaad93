/* pipeline.c: a run of dalil-index, across cores, in bounded memory.
 *
 * The walk lists the files; the catalog of the index says which are new, which may have
 * changed (size or mtime differ: the content hash decides) and which are unchanged.
 * Worker threads, each with its own analyzer, read, decode, parse and analyse the files
 * that need it, and build finished Xapian documents. The main thread writes them to the
 * index, except new files when there are many: the workers write those into shards
 * (below), since Xapian's work for each document is most of a run's cost and one writer
 * cannot keep up with two workers.
 *
 * Order and memory. Jobs are handed out in file order and written in that order, so that
 * document ids and ranking ties are the same run after run. A worker runs at most WINDOW
 * jobs ahead of the writer, and stops taking jobs while the raw bytes of jobs read but
 * not written exceed MAX_IN_FLIGHT (the writer's next job always proceeds). Within a job
 * documents are handed over as they are built, and a worker whose job holds more than
 * MAX_JOB_BYTES of built documents waits for the writer to take them, so a container of
 * thousands of articles streams. The writer commits, between files, every commit_docs
 * documents or commit_bytes bytes of text, which bounds what Xapian buffers.
 *
 * Safety. Each commit is atomic: a kill leaves the index at the last one and a re-run
 * resumes, as files written before it are unchanged. On SIGINT/SIGTERM the writer stops
 * taking work, commits what it wrote, and the run ends as interrupted.
 *
 * A container of many articles may need commits before its end, or Xapian would buffer
 * all of it (two million tiny records took 1 GB). Its documents so far then carry the
 * file's new stamp, so a run killed before the file's end would take it as indexed; the
 * commit therefore also lists the file (by a hash of its path) under PARTIAL_KEY, and the
 * next run indexes a listed file again whatever its stamp. The file leaves the list in
 * the commit that holds its last document.
 *
 * Boilerplate is learned in a first parallel pass over the files to index (read and
 * parse only), then stripped in the second.
 *
 * Shards. One writer is the limit when many files are new: Xapian's work per document
 * (its postings, position lists, compression) is most of a run. New files can then be
 * written by the workers themselves, each block of consecutive files into a shard of its
 * own (a small index), and merged with the index at the end by Xapian's compaction, which
 * is fast (bbc + news20: under a second). The files to update or check come first, by
 * the one writer; the blocks follow, and the merge takes them in file order, so that
 * document ids are the same on every run. A shard is committed whole, the merge is the
 * commit that makes its files part of the index, and the merged index takes the old
 * one's place by an atomic rename (shards.c): a kill before it leaves the index at its
 * last commit, and the next run writes the new files again. On SIGINT/SIGTERM the shards
 * committed so far are merged. */
#include "document.h"
#include "shards.h"
#include "spelling.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#define WINDOW_PER_THREAD 4
#define MAX_IN_FLIGHT (4u << 20) /* raw bytes; built documents take some 15 times more */
#define MAX_JOB_BYTES (64u << 20) /* of built documents, as BUILT_BYTES estimates them */
/* What a built document holds in memory (terms, positions, stored fields, its words for
 * the spelling table) for `text` bytes of text: measured as some 15 times the text, and a
 * few KB for even the smallest (two million records of one word took 3.4 KB each). */
#define BUILT_BYTES(text) ((text) * 16 + 4096)
/* Boilerplate: a line in at least this many documents, and this share of them. */
#define BOILER_MIN_DOCS 5
#define BOILER_MIN_SHARE 0.002
static const char BOILERPLATE_KEY[] = "dalil.boilerplate";
/* Files committed in part: their path hashes, 16 hex digits each, separated by spaces. */
static const char PARTIAL_KEY[] = "dalil.partial";
/* Shards, when --shards is auto: new files of at least this many bytes, and at least an
 * eighth of what the index holds (the merge rewrites the whole index: some 300 MB/s). */
#define SHARDS_MIN_BYTES (4u << 20)
#define SHARDS_MIN_SHARE 8
/* New files are cut into this many blocks per thread, one shard each, so that the threads
 * finish together; a block holds 1 MB to 256 MB of files. */
#define SHARD_BLOCKS_PER_THREAD 4
#define SHARD_MIN_BYTES (1u << 20)
#define SHARD_MAX_BYTES (256u << 20)

volatile sig_atomic_t ix_stop_requested = 0;

typedef enum { JOB_NEW, JOB_CHECK, JOB_FORCE } job_kind_t;

typedef enum {
    OUT_PENDING,
    OUT_INDEXED,  /* documents built */
    OUT_SAME,     /* the hash shows the content unchanged */
    OUT_BINARY,
    OUT_FAILED,   /* could not be read */
    OUT_VANISHED  /* gone since the walk */
} outcome_t;

typedef struct built {
    struct built *next;
    dalil_doc_t *doc;
    char *id;
    char *words; /* for the spelling table: NUL-separated */
    size_t words_len;
    size_t bytes;
} built_t;

typedef struct {
    const ix_file_t *file;
    ix_entry_t *entry; /* what the index holds of it, or NULL */
    job_kind_t kind;
    bool to_shard;     /* written by a worker into a shard */
    /* Filled by the worker, under the pool's lock. */
    outcome_t outcome;
    bool done;
    built_t *head, *tail; /* documents built and not yet written */
    size_t held;          /* their memory, as BUILT_BYTES estimates it */
    ix_buf_t messages;
    ix_stamp_t stamp;
    uint64_t read_bytes;
    uint64_t documents;
} job_t;

typedef struct {
    const ix_options_t *options;
    dalil_db_t *db;
    job_t *jobs;
    size_t n_jobs;
    size_t next;      /* next job to hand out */
    size_t written;   /* jobs fully written */
    uint64_t in_flight;
    bool learning;    /* first pass: boilerplate only */
    bool stop;
    ix_boiler_t *boiler;
    /* Shards: jobs from bulk_from on are new files cut into blocks, block b ending
     * before job block_ends[b]; shard_paths[b] is set once block b's shard is committed. */
    size_t bulk_from;
    size_t *block_ends;
    size_t n_blocks, next_block;
    char **shard_paths;
    char *shards_dir;   /* NULL when this run writes no shards */
    char *shard_error;  /* the first shard that could not be written, and why */
    pthread_mutex_t lock;
    pthread_cond_t work, ready;
} pool_t;

typedef struct {
    pool_t *pool;
    dalil_analyzer_t *analyzer;
    pthread_t thread;
    job_t *job; /* the job being built */
    ix_docfile_t file;
    char stamp_value[PATH_MAX + 96];
    ix_buf_t stripped;
    ix_buf_t words;
    dalil_db_t *shard;          /* the shard being written, or NULL */
    ix_spelling_t *shard_words; /* its spelling table's words */
    uint64_t shard_docs;        /* documents written into it */
    bool failed; /* out of memory or analysis failed */
} worker_t;

/* ---- Reading a file --------------------------------------------------------------- */

/* The error read_whole gives a file found regular by the walk that is not any more (a
 * FIFO put in its place would block the run). */
#define NOT_REGULAR (-1)

/* Reads the file at `path`, at most `max_size` bytes. A file the walk found regular is
 * opened without blocking (O_NONBLOCK, which regular files ignore), so that one replaced
 * by a FIFO since is refused, not waited on; a pipe named on the command line is read. */
static char *read_whole(const char *path, bool regular, uint64_t max_size, size_t *len_out,
                        struct stat *st, int *error)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | (regular ? O_NONBLOCK : 0));
    if (fd < 0 || fstat(fd, st) != 0) {
        *error = errno;
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    if (regular && !S_ISREG(st->st_mode)) {
        close(fd);
        *error = NOT_REGULAR;
        return NULL;
    }
    if (S_ISREG(st->st_mode) && (uint64_t)st->st_size > max_size) {
        close(fd);
        *error = EFBIG;
        return NULL;
    }
    size_t cap = S_ISREG(st->st_mode) ? (size_t)st->st_size + 1 : 65536, len = 0;
    char *data = malloc(cap);
    for (;;) {
        if (!data) {
            *error = ENOMEM;
            break;
        }
        if (len + 1 >= cap) {
            char *grown = realloc(data, cap * 2);
            if (!grown) {
                free(data);
                data = NULL;
                continue;
            }
            data = grown;
            cap *= 2;
        }
        ssize_t n = read(fd, data + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *error = errno;
            free(data);
            data = NULL;
            break;
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (len > max_size) {
            *error = EFBIG;
            free(data);
            data = NULL;
            break;
        }
    }
    close(fd);
    if (data) {
        data[len] = '\0';
        *len_out = len;
    }
    return data;
}

/* ---- Workers ---------------------------------------------------------------------- */

/* Adds "dalil-index: FILE: detail" to what the writer reports for the job. */
static void job_message(pool_t *pool, job_t *job, const char *detail)
{
    pthread_mutex_lock(&pool->lock);
    ix_buf_printf(&job->messages, "dalil-index: %s: %s\n", job->file->shown, detail);
    pthread_mutex_unlock(&pool->lock);
}

/* Hands one built document to the writer; waits while the job holds too much. */
static void hand_over(worker_t *w, dalil_doc_t *doc, char *id, size_t bytes)
{
    pool_t *pool = w->pool;
    job_t *job = w->job;
    built_t *b = malloc(sizeof *b);
    char *words = NULL;
    if (b && ix_spelling_words(doc, &w->words) && (words = malloc(w->words.len + 1)) != NULL)
        memcpy(words, w->words.data ? w->words.data : "", w->words.len);
    if (!b || !words) {
        dalil_doc_free(doc);
        free(id);
        free(b);
        free(words);
        w->failed = true;
        return;
    }
    *b = (built_t){NULL, doc, id, words, w->words.len, bytes};
    pthread_mutex_lock(&pool->lock);
    if (job->tail)
        job->tail->next = b;
    else
        job->head = b;
    job->tail = b;
    job->held += BUILT_BYTES(bytes);
    job->documents++;
    pthread_cond_broadcast(&pool->ready);
    while (job->held > MAX_JOB_BYTES && !pool->stop)
        pthread_cond_wait(&pool->work, &pool->lock);
    pthread_mutex_unlock(&pool->lock);
}

/* Records the first failure to write a shard; the run then merges none. */
static void shard_failed(pool_t *pool, const char *what, dalil_status_t status, const char *detail)
{
    pthread_mutex_lock(&pool->lock);
    if (!pool->shard_error) {
        ix_buf_t message = {0};
        ix_buf_printf(&message, "%s: %s%s%s", what, dalil_status_str(status), *detail ? ": " : "", detail);
        pool->shard_error = message.data ? message.data : strdup("out of memory");
    }
    pool->stop = true; /* none of the shards will be merged: stop the run */
    pthread_cond_broadcast(&pool->work);
    pthread_cond_broadcast(&pool->ready);
    pthread_mutex_unlock(&pool->lock);
}

/* Writes one built document into the worker's shard. */
static void write_to_shard(worker_t *w, dalil_doc_t *doc, char *id)
{
    dalil_status_t status = dalil_db_replace_doc(w->shard, id, doc);
    if (status == DALIL_OK &&
        (!ix_spelling_words(doc, &w->words) ||
         !ix_spelling_add_list(w->shard_words, w->words.data ? w->words.data : "", w->words.len)))
        status = DALIL_NOMEM;
    /* The words go to the shard's spelling table as often as the index commits, so that
     * a large block does not hold all of its words. */
    if (status == DALIL_OK && ++w->shard_docs % w->pool->options->commit_docs == 0)
        status = ix_spelling_flush(w->shard_words, w->shard);
    if (status == DALIL_OK)
        w->job->documents++; /* read by the writer once the job is done */
    else
        shard_failed(w->pool, w->job->file->shown, status, dalil_db_detail(w->shard));
    dalil_doc_free(doc);
    free(id);
    w->failed = status != DALIL_OK;
}

static int learn_record(void *ctx, ix_record_t *record)
{
    worker_t *w = ctx;
    ix_boiler_learn(w->pool->boiler, record->text.data ? record->text.data : "", record->text.len);
    return 0;
}

static int build_record(void *ctx, ix_record_t *record)
{
    worker_t *w = ctx;
    pool_t *pool = w->pool;
    const ix_buf_t *text = &record->text;
    if (!pool->options->keep_boilerplate) {
        ix_boiler_strip(pool->boiler, text->data ? text->data : "", text->len, &w->stripped);
        text = &w->stripped;
    }
    dalil_doc_t *doc;
    char *id;
    dalil_status_t status = ix_build_document(&w->file, record, text, w->analyzer, &doc, &id);
    if (status != DALIL_OK) {
        job_message(pool, w->job, dalil_status_str(status));
        w->failed = true;
        return 1;
    }
    if (w->shard) {
        /* A file begun is finished even when the run stops: its shard will be merged,
         * and the next run would take a file cut short as indexed. */
        write_to_shard(w, doc, id);
        return w->failed;
    }
    hand_over(w, doc, id, text->len + record->title.len);
    return pool->stop || w->failed;
}

static outcome_t read_error_outcome(pool_t *pool, job_t *job, int error)
{
    if (error == ENOENT) {
        job_message(pool, job, "vanished during the run, skipped");
        return OUT_VANISHED;
    }
    if (error == EFBIG) {
        job_message(pool, job, "larger than --max-size, skipped");
        return OUT_BINARY;
    }
    if (error == NOT_REGULAR) {
        job_message(pool, job, "no longer a regular file, skipped");
        return OUT_BINARY;
    }
    job_message(pool, job, strerror(error));
    return OUT_FAILED;
}

static outcome_t process(worker_t *w, job_t *job)
{
    pool_t *pool = w->pool;
    if (pool->learning && !job->file->regular)
        return OUT_PENDING; /* a pipe can be read once: for indexing */
    size_t len = 0;
    struct stat st;
    int error = 0;
    char *raw = read_whole(job->file->path, job->file->regular, pool->options->walk.max_size,
                           &len, &st, &error);
    if (!raw)
        return read_error_outcome(pool, job, error);
    job->read_bytes = len;
    job->stamp = (ix_stamp_t){len, (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec,
                              XXH3_64bits(raw, len)};
    if (!pool->learning && job->kind == JOB_CHECK && job->entry && job->entry->stamp.hash == job->stamp.hash) {
        free(raw);
        return OUT_SAME;
    }
    ix_buf_t warnings = {0};
    ix_reader_t reader = {.path = job->file->shown, .fields = &pool->options->fields,
                          .emit = pool->learning ? learn_record : build_record, .ctx = w,
                          .warnings = &warnings};
    w->job = job;
    w->file.path = job->file->path;
    w->file.stamp = job->stamp;
    ix_stamp_format(w->stamp_value, sizeof w->stamp_value, &job->stamp, job->file->path);
    w->file.stamp_value = w->stamp_value;
    ix_read_status_t status = ix_read_document(&reader, job->file->path, raw, len, &w->file.format);
    free(raw);
    ix_record_free(&reader.record);
    if (warnings.len && !pool->learning) {
        pthread_mutex_lock(&pool->lock);
        ix_buf_printf(&job->messages, "%s", warnings.data);
        pthread_mutex_unlock(&pool->lock);
    }
    ix_buf_free(&warnings);
    if (status == IX_READ_BINARY)
        return OUT_BINARY;
    if (status == IX_READ_NOMEM || w->failed) {
        if (!w->failed)
            job_message(pool, job, "out of memory");
        w->failed = false;
        return OUT_FAILED;
    }
    return OUT_INDEXED;
}

/* Whether a worker may take job `next` now. */
static bool may_take(const pool_t *pool, unsigned threads)
{
    if (pool->next >= pool->n_jobs || pool->stop || ix_stop_requested)
        return true; /* to find there is nothing left */
    if (pool->learning || pool->next >= pool->bulk_from)
        return true; /* a shard's documents do not wait for the writer */
    size_t window = (size_t)threads * WINDOW_PER_THREAD + 2;
    return pool->next < pool->written + window &&
           (pool->in_flight < MAX_IN_FLIGHT || pool->next == pool->written);
}

/* Called with the pool's lock held. */
static void job_done(pool_t *pool, job_t *job, outcome_t outcome)
{
    job->outcome = outcome;
    job->done = true;
    if (pool->learning)
        pool->in_flight -= job->file->size;
    pthread_cond_broadcast(&pool->ready);
}

static bool stopping(pool_t *pool)
{
    pthread_mutex_lock(&pool->lock);
    bool stop = pool->stop || ix_stop_requested;
    pthread_mutex_unlock(&pool->lock);
    return stop;
}

/* Opens a new shard for block `block`; its path goes to *path_out. A failure stops the
 * run (shard_failed). */
static dalil_status_t open_shard(worker_t *w, size_t block, char **path_out)
{
    char name[32];
    snprintf(name, sizeof name, "shard-%06zu", block);
    *path_out = ix_shards_path(w->pool->shards_dir, name);
    w->shard_words = ix_spelling_new();
    w->shard_docs = 0;
    char *detail = NULL;
    dalil_status_t status = !*path_out || !w->shard_words
                                ? DALIL_NOMEM
                                : dalil_db_open(*path_out, DALIL_DB_WRITE, &w->shard, &detail);
    if (status != DALIL_OK)
        shard_failed(w->pool, *path_out ? *path_out : "shard", status, detail ? detail : "");
    free(detail);
    return status;
}

/* Writes the files of jobs [first, end) into a shard of their own, and commits it. On a
 * stop (a shard that could not be opened is one), the files not begun are left undone:
 * the writer stops waiting for them. */
static void write_block(worker_t *w, size_t block, size_t first, size_t end)
{
    pool_t *pool = w->pool;
    char *path = NULL;
    dalil_status_t status = open_shard(w, block, &path);
    for (size_t j = first; status == DALIL_OK && j < end && !stopping(pool); j++) {
        job_t *job = &pool->jobs[j];
        outcome_t outcome = process(w, job);
        pthread_mutex_lock(&pool->lock);
        job_done(pool, job, outcome);
        pthread_mutex_unlock(&pool->lock);
    }
    if (status == DALIL_OK && (status = ix_spelling_flush(w->shard_words, w->shard)) == DALIL_OK)
        status = dalil_db_commit(w->shard);
    if (status != DALIL_OK && w->shard)
        shard_failed(pool, path ? path : "shard", status, dalil_db_detail(w->shard));
    dalil_db_close(w->shard);
    w->shard = NULL;
    ix_spelling_free(w->shard_words);
    w->shard_words = NULL;
    pthread_mutex_lock(&pool->lock);
    if (status == DALIL_OK) {
        pool->shard_paths[block] = path;
        path = NULL;
    }
    pthread_mutex_unlock(&pool->lock);
    free(path);
}

static void *worker_main(void *arg)
{
    worker_t *w = arg;
    pool_t *pool = w->pool;
    pthread_mutex_lock(&pool->lock);
    for (;;) {
        while (!may_take(pool, pool->options->threads))
            pthread_cond_wait(&pool->work, &pool->lock);
        if (pool->next >= pool->n_jobs || pool->stop || ix_stop_requested)
            break;
        if (!pool->learning && pool->next >= pool->bulk_from) {
            size_t block = pool->next_block++, first = pool->next, end = pool->block_ends[block];
            for (size_t j = first; j < end; j++)
                pool->in_flight += pool->jobs[j].file->size;
            pool->next = end;
            pthread_mutex_unlock(&pool->lock);
            write_block(w, block, first, end);
            pthread_mutex_lock(&pool->lock);
            continue;
        }
        job_t *job = &pool->jobs[pool->next++];
        pool->in_flight += job->file->size;
        pthread_mutex_unlock(&pool->lock);
        outcome_t outcome = process(w, job);
        pthread_mutex_lock(&pool->lock);
        job_done(pool, job, outcome);
    }
    pthread_mutex_unlock(&pool->lock);
    return NULL;
}

/* ---- Files committed in part ------------------------------------------------------ */

static void partial_token(const char *path, char token[17])
{
    snprintf(token, 17, "%016llx", (unsigned long long)XXH3_64bits(path, strlen(path)));
}

/* Where `path` is listed in `list`, or NULL. */
static char *partial_find(const ix_buf_t *list, const char *path)
{
    if (!list->len)
        return NULL;
    char token[17];
    partial_token(path, token);
    for (char *p = list->data; (p = strstr(p, token)) != NULL; p++)
        if ((p == list->data || p[-1] == ' ') && (p[16] == ' ' || p[16] == '\0'))
            return p;
    return NULL;
}

static bool partial_add(ix_buf_t *list, const char *path)
{
    char token[17];
    partial_token(path, token);
    return partial_find(list, path) || ix_buf_printf(list, "%s%s", list->len ? " " : "", token);
}

/* Whether `path` was listed (and is no more). */
static bool partial_remove(ix_buf_t *list, const char *path)
{
    char *p = partial_find(list, path);
    if (!p)
        return false;
    size_t at = (size_t)(p - list->data), end = at + 16;
    if (end < list->len)
        end++; /* the space after it */
    else if (at > 0)
        at--;  /* the last one: the space before it */
    memmove(list->data + at, list->data + end, list->len - end + 1);
    list->len -= end - at;
    return true;
}

/* ---- The writer ------------------------------------------------------------------- */

typedef struct {
    pool_t *pool;
    ix_spelling_t *spelling; /* words of the documents written since the last commit */
    ix_summary_t *summary;
    uint64_t docs_since_commit, bytes_since_commit;
    ix_buf_t *partial;        /* PARTIAL_KEY's value as this run changes it */
    bool partial_changed;     /* since it was last given to the index */
    uint64_t done_bytes, total_bytes;
    struct timespec start, last_progress;
    bool progress_shown;
    /* What the summary counts of files written into shards, taken back when the shards
     * are not merged. */
    uint64_t shard_files, shard_documents, shard_bytes;
    bool failed; /* an index error */
} writer_t;

static double elapsed(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - since->tv_sec) + (double)(now.tv_nsec - since->tv_nsec) / 1e9;
}

/* `doing` may be a path from the index, and the detail quote one: both are sanitised. */
static void index_error(writer_t *wr, dalil_status_t status, const char *doing)
{
    const char *detail = dalil_db_detail(wr->pool->db);
    char *what = ix_printable_name(doing);
    fprintf(stderr, "dalil-index: %s: %s%s", what ? what : "", dalil_status_str(status), *detail ? ": " : "");
    ix_put_sanitized(stderr, detail);
    fputc('\n', stderr);
    free(what);
    wr->failed = true;
}

static void clear_progress(writer_t *wr)
{
    if (wr->progress_shown)
        fputs("\r\033[K", stderr);
    wr->progress_shown = false;
}

static void show_progress(writer_t *wr, size_t jobs_done)
{
    if (!wr->pool->options->progress || elapsed(&wr->last_progress) < 0.5)
        return;
    clock_gettime(CLOCK_MONOTONIC, &wr->last_progress);
    double seconds = elapsed(&wr->start), rate = seconds > 0 ? (double)wr->done_bytes / seconds : 0;
    double eta = rate > 0 ? (double)(wr->total_bytes - wr->done_bytes) / rate : 0;
    fprintf(stderr, "\r\033[Kdalil-index: %zu/%zu files, %.1f/%.1f MB, %.1f MB/s, ETA %.0f s",
            jobs_done, wr->pool->n_jobs, (double)wr->done_bytes / 1e6, (double)wr->total_bytes / 1e6,
            rate / 1e6, eta);
    wr->progress_shown = true;
}

static void commit(writer_t *wr)
{
    dalil_status_t status;
    if (wr->partial_changed) {
        status = dalil_db_set_metadata(wr->pool->db, PARTIAL_KEY, wr->partial->data ? wr->partial->data : "");
        if (status != DALIL_OK) {
            index_error(wr, status, "recording the files committed in part");
            return;
        }
        wr->partial_changed = false;
    }
    status = ix_spelling_flush(wr->spelling, wr->pool->db);
    if (status != DALIL_OK) {
        index_error(wr, status, "spelling table");
        return;
    }
    status = dalil_db_commit(wr->pool->db);
    if (status != DALIL_OK) {
        index_error(wr, status, "commit");
        return;
    }
    wr->summary->commits++;
    if (wr->pool->options->verbose) {
        uint64_t count = 0;
        dalil_db_doc_count(wr->pool->db, &count);
        clear_progress(wr);
        fprintf(stderr, "dalil-index: committed: %llu documents in the index\n", (unsigned long long)count);
    }
    wr->docs_since_commit = wr->bytes_since_commit = 0;
}

static void maybe_commit(writer_t *wr)
{
    const ix_options_t *o = wr->pool->options;
    if (wr->docs_since_commit >= o->commit_docs || wr->bytes_since_commit >= o->commit_bytes)
        commit(wr);
}

static void delete_entry(writer_t *wr, ix_entry_t *entry)
{
    for (size_t i = 0; i < entry->n_docids && !wr->failed; i++) {
        dalil_status_t status = _dalil_db_delete_docid(wr->pool->db, entry->docids[i]);
        if (status != DALIL_OK && status != DALIL_NOT_FOUND)
            index_error(wr, status, entry->path);
    }
    wr->docs_since_commit += entry->n_docids;
    entry->n_docids = 0;
}

/* A commit inside a file, when it has filled the buffer: the file is listed as committed
 * in part until the commit that holds its end. */
static void commit_within(writer_t *wr, job_t *job)
{
    const ix_options_t *o = wr->pool->options;
    if (wr->failed || (wr->docs_since_commit < o->commit_docs && wr->bytes_since_commit < o->commit_bytes))
        return;
    if (!partial_add(wr->partial, job->file->path)) {
        index_error(wr, DALIL_NOMEM, "recording the files committed in part");
        return;
    }
    wr->partial_changed = true;
    commit(wr);
}

/* Writes the documents the job holds now; the first of them replace the file's old ones. */
static void write_built(writer_t *wr, job_t *job, built_t *list, bool *first)
{
    while (list) {
        built_t *b = list;
        list = b->next;
        if (*first && job->entry)
            delete_entry(wr, job->entry);
        *first = false;
        if (!wr->failed) {
            dalil_status_t status = dalil_db_replace_doc(wr->pool->db, b->id, b->doc);
            if (status != DALIL_OK)
                index_error(wr, status, job->file->shown);
            else if (!ix_spelling_add_list(wr->spelling, b->words, b->words_len))
                index_error(wr, DALIL_NOMEM, "spelling table");
            wr->summary->documents++;
            wr->docs_since_commit++;
            wr->bytes_since_commit += b->bytes;
            commit_within(wr, job);
        }
        dalil_doc_free(b->doc);
        free(b->id);
        free(b->words);
        free(b);
    }
}

/* A file whose content is the same under a new mtime: its documents get the new stamp,
 * so the next run need not read it again. */
static void restamp(writer_t *wr, job_t *job)
{
    char value[PATH_MAX + 96];
    int n = ix_stamp_format(value, sizeof value, &job->stamp, job->file->path);
    for (size_t i = 0; i < job->entry->n_docids && !wr->failed; i++) {
        dalil_status_t status = _dalil_db_set_docid_value(wr->pool->db, job->entry->docids[i],
                                                          DALIL_SLOT_FILE, value, (size_t)n);
        if (status != DALIL_OK)
            index_error(wr, status, job->file->shown);
    }
    wr->docs_since_commit += job->entry->n_docids;
}

static void account(writer_t *wr, job_t *job)
{
    ix_summary_t *s = wr->summary;
    switch (job->outcome) {
    case OUT_INDEXED:
        s->bytes += job->read_bytes;
        if (job->entry && job->documents == 0)
            delete_entry(wr, job->entry); /* now holds no articles */
        if (job->entry)
            job->entry->seen = true, s->updated++;
        else
            s->added++;
        break;
    case OUT_SAME:
        job->entry->seen = true;
        s->unchanged++;
        restamp(wr, job);
        break;
    case OUT_BINARY:
    case OUT_VANISHED:
        s->skipped++;
        break;
    case OUT_FAILED:
        /* Kept as they were: a file unreadable for now costs no indexed data. */
        if (job->entry)
            job->entry->seen = true;
        s->failed++;
        break;
    case OUT_PENDING:
        break;
    }
}

/* Reports a job the workers are done with, and counts it in the summary. */
static void report_job(writer_t *wr, job_t *job)
{
    if (job->messages.len && !wr->pool->options->quiet) {
        clear_progress(wr);
        ix_put_sanitized(stderr, job->messages.data);
    }
    if (job->to_shard && job->outcome == OUT_INDEXED) {
        wr->summary->documents += job->documents;
        wr->shard_files++;
        wr->shard_documents += job->documents;
        wr->shard_bytes += job->read_bytes;
    }
    account(wr, job);
}

/* After an interruption: the files that workers finished into shards after the writer
 * stopped are in those shards, and are merged with them. */
static void report_late_shard_jobs(writer_t *wr)
{
    pool_t *pool = wr->pool;
    for (size_t j = pool->written; j < pool->n_jobs; j++)
        if (pool->jobs[j].to_shard && pool->jobs[j].done)
            report_job(wr, &pool->jobs[j]);
}

/* Writes job `j` as its documents arrive; false when interrupted. */
static bool write_job(writer_t *wr, job_t *job)
{
    pool_t *pool = wr->pool;
    bool first = true;
    pthread_mutex_lock(&pool->lock);
    for (;;) {
        built_t *list = job->head;
        job->head = job->tail = NULL;
        job->held = 0;
        bool done = job->done;
        if (list)
            pthread_cond_broadcast(&pool->work);
        if (!list && done)
            break;
        if (!list) {
            /* Stopping inside a file would commit part of it under its new stamp, and
             * the next run would take it as indexed: a file begun is finished. */
            if ((ix_stop_requested && first) || wr->failed || pool->shard_error) {
                if (pool->shard_error)
                    wr->failed = true; /* and so nothing more is committed */
                pool->stop = true;
                pthread_cond_broadcast(&pool->work);
                pthread_mutex_unlock(&pool->lock);
                return false;
            }
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += 200000000;
            if (until.tv_nsec >= 1000000000) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000;
            }
            pthread_cond_timedwait(&pool->ready, &pool->lock, &until);
            pthread_mutex_unlock(&pool->lock);
            show_progress(wr, pool->written);
            pthread_mutex_lock(&pool->lock);
            continue;
        }
        pthread_mutex_unlock(&pool->lock);
        write_built(wr, job, list, &first);
        pthread_mutex_lock(&pool->lock);
    }
    pthread_mutex_unlock(&pool->lock);
    report_job(wr, job);
    /* Written whole, or to be removed: either way no longer in part. A file that failed
     * to read keeps its documents, and its listing until it is read. */
    if (job->outcome != OUT_FAILED && partial_remove(wr->partial, job->file->path))
        wr->partial_changed = true;
    if (!wr->failed)
        maybe_commit(wr);
    wr->done_bytes += job->file->size;
    pthread_mutex_lock(&pool->lock);
    pool->written++;
    pool->in_flight -= job->file->size;
    pthread_cond_broadcast(&pool->work);
    pthread_mutex_unlock(&pool->lock);
    show_progress(wr, pool->written);
    return !(ix_stop_requested || wr->failed);
}

/* ---- Threads ---------------------------------------------------------------------- */

static bool start_workers(pool_t *pool, worker_t *workers, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        workers[i].pool = pool;
        if (pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]) != 0) {
            pthread_mutex_lock(&pool->lock);
            pool->stop = true;
            pthread_cond_broadcast(&pool->work);
            pthread_mutex_unlock(&pool->lock);
            for (unsigned k = 0; k < i; k++)
                pthread_join(workers[k].thread, NULL);
            return false;
        }
    }
    return true;
}

static void join_workers(pool_t *pool, worker_t *workers, unsigned n)
{
    pthread_mutex_lock(&pool->lock);
    pthread_cond_broadcast(&pool->work);
    pthread_mutex_unlock(&pool->lock);
    for (unsigned i = 0; i < n; i++)
        pthread_join(workers[i].thread, NULL);
}

/* After an interruption, a worker may be blocked for good (reading a pipe nobody
 * writes): it gets a few seconds, then is left behind. False when one was. */
static bool join_workers_within(pool_t *pool, worker_t *workers, unsigned n, int seconds)
{
    pthread_mutex_lock(&pool->lock);
    pthread_cond_broadcast(&pool->work);
    pthread_mutex_unlock(&pool->lock);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += seconds;
    bool all = true;
    for (unsigned i = 0; i < n; i++)
        if (pthread_timedjoin_np(workers[i].thread, NULL, &until) != 0)
            all = false;
    return all;
}

/* Frees what jobs still hold after an interruption. */
static void drop_jobs(pool_t *pool)
{
    for (size_t j = 0; j < pool->n_jobs; j++) {
        job_t *job = &pool->jobs[j];
        for (built_t *b = job->head, *next; b; b = next) {
            next = b->next;
            dalil_doc_free(b->doc);
            free(b->id);
            free(b->words);
            free(b);
        }
        job->head = job->tail = NULL;
        ix_buf_free(&job->messages);
    }
}

/* The first pass: learns the corpus's boilerplate lines from the files to index. */
static void learn_boilerplate(pool_t *pool, worker_t *workers, unsigned n)
{
    pool->learning = true;
    pool->next = 0;
    if (start_workers(pool, workers, n))
        join_workers(pool, workers, n);
    for (size_t j = 0; j < pool->n_jobs; j++) {
        pool->jobs[j].done = false;
        pool->jobs[j].outcome = OUT_PENDING;
        ix_buf_free(&pool->jobs[j].messages);
    }
    pool->learning = false;
    pool->next = 0;
    pool->in_flight = 0;
}

static bool setup_boilerplate(writer_t *wr, worker_t *workers, unsigned n)
{
    pool_t *pool = wr->pool;
    ix_summary_t *summary = wr->summary;
    char *saved = NULL;
    if (dalil_db_get_metadata(pool->db, BOILERPLATE_KEY, &saved) == DALIL_OK)
        ix_boiler_load(pool->boiler, saved);
    free(saved);
    if (pool->options->keep_boilerplate)
        return true;
    if (pool->n_jobs)
        learn_boilerplate(pool, workers, n);
    summary->boilerplate = ix_boiler_freeze(pool->boiler, BOILER_MIN_DOCS, BOILER_MIN_SHARE);
    char *set = ix_boiler_save(pool->boiler);
    size_t lines = 0;
    for (const char *p = set; p && *p; p++)
        lines += *p == '\n';
    summary->boilerplate = lines;
    if (!set)
        return false; /* out of memory */
    dalil_status_t status = dalil_db_set_metadata(pool->db, BOILERPLATE_KEY, set);
    free(set);
    if (status != DALIL_OK)
        index_error(wr, status, "recording the boilerplate lines");
    return status == DALIL_OK;
}

/* ---- The run ---------------------------------------------------------------------- */

/* Which files need work, from the walk and the catalog. */
static job_t *plan(const ix_walk_t *walk, ix_catalog_t *catalog, const ix_buf_t *partial,
                   bool full, size_t *n_jobs, ix_summary_t *summary)
{
    job_t *jobs = calloc(walk->count ? walk->count : 1, sizeof *jobs);
    if (!jobs)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < walk->count; i++) {
        const ix_file_t *f = &walk->files[i];
        ix_entry_t *entry = ix_catalog_find(catalog, f->path);
        bool in_part = entry && partial_find(partial, f->path);
        if (entry && !full && !in_part && entry->stamp.size == f->size &&
            entry->stamp.mtime_ns == f->mtime_ns) {
            entry->seen = true;
            summary->unchanged++;
            continue;
        }
        jobs[n++] = (job_t){.file = f, .entry = entry,
                            .kind = !entry ? JOB_NEW : full || in_part ? JOB_FORCE : JOB_CHECK};
    }
    *n_jobs = n;
    return jobs;
}

/* Whether this run writes its new files into shards, as --shards says. */
static bool want_shards(const pool_t *pool, const ix_catalog_t *catalog, uint64_t new_bytes)
{
    const ix_options_t *o = pool->options;
    if (o->shards != IX_SHARDS_AUTO)
        return o->shards == IX_SHARDS_ON;
    uint64_t indexed_bytes = 0;
    for (size_t i = 0; i < catalog->cap; i++)
        if (catalog->slots[i])
            indexed_bytes += catalog->slots[i]->stamp.size;
    return o->threads > 1 && new_bytes >= SHARDS_MIN_BYTES && new_bytes >= indexed_bytes / SHARDS_MIN_SHARE;
}

static void remove_shards_dir(const char *dir)
{
    if (!ix_remove_tree(dir))
        fprintf(stderr, "dalil-index: %s: cannot remove: %s\n", dir, strerror(errno));
}

/* Shards left by a run that was killed: never merged, so their files are still new. The
 * index is locked, so no other run is writing them. False when out of memory. */
static bool remove_old_shards(const char *index_path)
{
    char *dir = ix_shards_dir(index_path);
    if (dir)
        remove_shards_dir(dir);
    free(dir);
    return dir != NULL;
}

/* Decides whether new files go to shards; if so, puts them after the other jobs (each
 * part in file order), cuts them into blocks and makes the shards directory. False when
 * out of memory or the directory cannot be made (reported). */
static bool plan_shards(writer_t *wr, const ix_catalog_t *catalog)
{
    pool_t *pool = wr->pool;
    pool->bulk_from = pool->n_jobs;
    uint64_t new_bytes = 0;
    size_t n_new = 0;
    for (size_t j = 0; j < pool->n_jobs; j++)
        if (pool->jobs[j].kind == JOB_NEW)
            new_bytes += pool->jobs[j].file->size, n_new++;
    if (n_new == 0 || !want_shards(pool, catalog, new_bytes))
        return true;
    job_t *sorted = malloc(pool->n_jobs * sizeof *sorted);
    pool->block_ends = calloc(n_new, sizeof *pool->block_ends);
    pool->shard_paths = calloc(n_new, sizeof *pool->shard_paths);
    pool->shards_dir = ix_shards_dir(pool->options->walk.index_path);
    if (!sorted || !pool->block_ends || !pool->shard_paths || !pool->shards_dir) {
        free(sorted);
        return false;
    }
    size_t k = 0;
    for (size_t j = 0; j < pool->n_jobs; j++)
        if (pool->jobs[j].kind != JOB_NEW)
            sorted[k++] = pool->jobs[j];
    pool->bulk_from = k;
    uint64_t block_bytes = new_bytes / (SHARD_BLOCKS_PER_THREAD * pool->options->threads), in_block = 0;
    block_bytes = block_bytes < SHARD_MIN_BYTES ? SHARD_MIN_BYTES : block_bytes > SHARD_MAX_BYTES ? SHARD_MAX_BYTES : block_bytes;
    for (size_t j = 0; j < pool->n_jobs; j++) {
        if (pool->jobs[j].kind != JOB_NEW)
            continue;
        sorted[k] = pool->jobs[j];
        sorted[k++].to_shard = true;
        in_block += pool->jobs[j].file->size;
        if (in_block >= block_bytes || k == pool->n_jobs) {
            pool->block_ends[pool->n_blocks++] = k;
            in_block = 0;
        }
    }
    memcpy(pool->jobs, sorted, pool->n_jobs * sizeof *sorted);
    free(sorted);
    if (mkdir(pool->shards_dir, 0755) != 0) {
        fprintf(stderr, "dalil-index: %s: cannot make the shards directory: %s\n", pool->shards_dir, strerror(errno));
        wr->failed = true;
        return false;
    }
    return true;
}

/* The summary of a run whose shards are not merged: their files are not in the index. */
static void take_back_shards(writer_t *wr)
{
    ix_summary_t *s = wr->summary;
    s->added -= wr->shard_files;
    s->documents -= wr->shard_documents;
    s->bytes -= wr->shard_bytes;
    if (wr->shard_files)
        fprintf(stderr, "dalil-index: %llu new files are not in the index: their shards were not merged\n",
                (unsigned long long)wr->shard_files);
}

/* Merges the shards committed in this run with the index (committed before), in block
 * order, and puts the result in the index's place. Without any shard, or after a shard
 * failed, the index stays as it is. */
static void merge_shards(writer_t *wr)
{
    pool_t *pool = wr->pool;
    const char *index_path = pool->options->walk.index_path;
    const char **paths = malloc(pool->n_blocks * sizeof *paths);
    size_t n = 0;
    for (size_t b = 0; paths && b < pool->n_blocks; b++)
        if (pool->shard_paths[b])
            paths[n++] = pool->shard_paths[b];
    char *merged = ix_shards_path(pool->shards_dir, IX_SHARDS_MERGED);
    char *previous = ix_shards_path(pool->shards_dir, IX_SHARDS_PREVIOUS);
    if (!paths || (n > 0 && (!merged || !previous))) {
        index_error(wr, DALIL_NOMEM, "merging the shards");
    } else if (n > 0) {
        struct timespec start;
        clock_gettime(CLOCK_MONOTONIC, &start);
        uint64_t count = 0;
        dalil_status_t status = _dalil_db_merge(pool->db, paths, n, merged, &count);
        if (status != DALIL_OK)
            index_error(wr, status, "merging the shards");
        else if (!ix_shards_swap_in(merged, index_path, previous)) {
            fprintf(stderr, "dalil-index: %s: cannot put the merged index in place: %s\n", index_path, strerror(errno));
            wr->failed = true;
        } else {
            wr->summary->doc_count = count;
            wr->summary->commits++;
            wr->shard_files = wr->shard_documents = wr->shard_bytes = 0;
            if (pool->options->verbose)
                fprintf(stderr, "dalil-index: merged %zu shards: %llu documents in the index (%.1f s)\n", n,
                        (unsigned long long)count, elapsed(&start));
        }
    }
    free(paths);
    free(merged);
    free(previous);
}

/* Ends what this run did with shards: merges them when the run can commit, reports a
 * shard that failed, and removes the shards directory. */
static void finish_shards(writer_t *wr, bool can_commit)
{
    pool_t *pool = wr->pool;
    if (pool->shard_error) {
        fprintf(stderr, "dalil-index: ");
        ix_put_sanitized(stderr, pool->shard_error);
        fputc('\n', stderr);
        wr->failed = true;
    } else if (can_commit) {
        merge_shards(wr);
    }
    take_back_shards(wr);
    remove_shards_dir(pool->shards_dir);
}

static void free_shards(pool_t *pool)
{
    if (pool->shard_paths)
        for (size_t b = 0; b < pool->n_blocks; b++)
            free(pool->shard_paths[b]);
    free(pool->shard_paths);
    free(pool->block_ends);
    free(pool->shards_dir);
    free(pool->shard_error);
}

/* Files the index holds under the walked paths that the walk did not find. */
static void remove_vanished(writer_t *wr, ix_catalog_t *catalog, const ix_walk_t *walk)
{
    for (size_t i = 0; i < catalog->cap && !wr->failed; i++) {
        ix_entry_t *e = catalog->slots[i];
        if (!e || e->seen || !ix_walk_covers(walk, e->path) || !e->n_docids)
            continue;
        if (wr->pool->options->verbose) {
            char *name = ix_printable_name(e->path);
            fprintf(stderr, "dalil-index: %s: gone, removed from the index\n", name ? name : "");
            free(name);
        }
        delete_entry(wr, e);
        wr->summary->removed++;
        maybe_commit(wr);
    }
}

static bool make_workers(writer_t *wr, worker_t *workers, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        dalil_status_t status = dalil_analyzer_new_for_db(wr->pool->db, &workers[i].analyzer);
        if (status == DALIL_NOMEM)
            return false;
        if (status != DALIL_OK) {
            index_error(wr, status, "setting up the analyzer");
            return false;
        }
    }
    return true;
}

static void free_workers(worker_t *workers, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        dalil_analyzer_free(workers[i].analyzer);
        ix_buf_free(&workers[i].stripped);
        ix_buf_free(&workers[i].words);
    }
    free(workers);
}

static void write_all(writer_t *wr, worker_t *workers, unsigned n, ix_catalog_t *catalog,
                      const ix_walk_t *walk)
{
    pool_t *pool = wr->pool;
    for (size_t j = 0; j < pool->n_jobs; j++)
        wr->total_bytes += pool->jobs[j].file->size;
    if (!start_workers(pool, workers, n)) {
        fprintf(stderr, "dalil-index: cannot start worker threads\n");
        wr->failed = true;
        return;
    }
    bool complete = true;
    for (size_t j = 0; j < pool->n_jobs && complete; j++) {
        if (j == pool->bulk_from && j > 0)
            commit(wr); /* the updates, before the shards' long run */
        complete = write_job(wr, &pool->jobs[j]);
        ix_buf_free(&pool->jobs[j].messages);
    }
    pthread_mutex_lock(&pool->lock);
    pool->stop = true;
    pthread_mutex_unlock(&pool->lock);
    clear_progress(wr);
    if (!complete && !wr->failed) {
        commit(wr); /* before waiting for the workers, so nothing can hold it up */
        if (!join_workers_within(pool, workers, n, 3)) {
            wr->summary->abandoned = true;
            return; /* the process ends without touching what the workers hold */
        }
        report_late_shard_jobs(wr);
    } else {
        join_workers(pool, workers, n);
    }
    drop_jobs(pool);
    if (complete && !wr->failed)
        remove_vanished(wr, catalog, walk);
}

/* The files the last runs committed in part. False when out of memory. */
static bool load_partial(dalil_db_t *db, ix_buf_t *partial)
{
    char *saved = NULL;
    bool ok = ix_buf_set(partial, "", 0);
    if (ok && dalil_db_get_metadata(db, PARTIAL_KEY, &saved) == DALIL_OK)
        ok = ix_buf_set(partial, saved, strlen(saved));
    free(saved);
    return ok;
}

bool ix_run(dalil_db_t *db, const ix_options_t *options, char *const *args, size_t n,
            ix_summary_t *summary)
{
    ix_buf_t partial = {0};
    writer_t wr = {.summary = summary, .spelling = ix_spelling_new(), .partial = &partial};
    clock_gettime(CLOCK_MONOTONIC, &wr.start);
    ix_walk_t walk = {0};
    ix_catalog_t catalog = {0};
    pool_t pool = {.options = options, .db = db, .bulk_from = SIZE_MAX};
    pthread_mutex_init(&pool.lock, NULL);
    pthread_cond_init(&pool.work, NULL);
    pthread_cond_init(&pool.ready, NULL);
    wr.pool = &pool;
    unsigned threads = options->threads ? options->threads : 1;
    worker_t *workers = calloc(threads, sizeof *workers);
    dalil_status_t status = DALIL_OK;
    bool ok = workers && wr.spelling && ix_walk(&walk, &options->walk, args, n);
    if (ok && (status = ix_catalog_load(&catalog, db)) != DALIL_OK)
        index_error(&wr, status, "reading the index");
    ok = ok && status == DALIL_OK;
    summary->files = walk.count;
    summary->skipped += walk.skipped;
    summary->failed += walk.failed;
    if (ok)
        ok = load_partial(db, &partial) &&
             (pool.jobs = plan(&walk, &catalog, &partial, options->full, &pool.n_jobs, summary)) != NULL;
    if (ok)
        ok = remove_old_shards(options->walk.index_path) && plan_shards(&wr, &catalog);
    if (ok)
        ok = (pool.boiler = ix_boiler_new()) != NULL && make_workers(&wr, workers, threads);
    if (ok)
        ok = setup_boilerplate(&wr, workers, threads);
    if (ok && !ix_stop_requested)
        write_all(&wr, workers, threads, &catalog, &walk);
    else if (!ok && !wr.failed) /* every other failure was reported where it happened */
        fprintf(stderr, "dalil-index: out of memory\n");
    summary->interrupted = ix_stop_requested != 0;
    if (summary->abandoned) {
        summary->seconds = elapsed(&wr.start);
        dalil_db_doc_count(db, &summary->doc_count);
        return true;
    }
    if (ok && !wr.failed)
        commit(&wr); /* also after an interruption: what was written is kept */
    if (ok)
        dalil_db_doc_count(db, &summary->doc_count);
    if (pool.shards_dir)
        finish_shards(&wr, ok && !wr.failed);
    summary->seconds = elapsed(&wr.start);
    summary->index_error = !ok || wr.failed;
    if (workers)
        free_workers(workers, threads);
    ix_boiler_free(pool.boiler);
    free_shards(&pool);
    ix_spelling_free(wr.spelling);
    ix_buf_free(&partial);
    free(pool.jobs);
    ix_catalog_free(&catalog);
    ix_walk_free(&walk);
    pthread_mutex_destroy(&pool.lock);
    pthread_cond_destroy(&pool.work);
    pthread_cond_destroy(&pool.ready);
    return ok && !wr.failed;
}
