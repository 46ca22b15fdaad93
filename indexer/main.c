/* dalil-index: indexes the articles of a corpus directory into a dalil index.
 * This first version reads plain-text and Markdown files; each file is one document whose
 * title is its first non-empty line. */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

enum { EXIT_USAGE = 2, EXIT_INDEX = 3 };

/* Documents added between two commits: a crash loses at most this many. */
#define COMMIT_EVERY 1000

typedef struct {
    dalil_db_t *db;
    dalil_analyzer_t *analyzer;
    struct stat index_dir; /* never walked into */
    bool have_index_dir;
    bool quiet;
    uint64_t indexed, skipped, failed, bytes, since_commit;
    dalil_status_t fatal; /* an index error stops the run */
} indexer_t;

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: dalil-index [OPTION]... DIR...\n"
            "Index the plain-text (.txt) and Markdown (.md) articles under each DIR.\n"
            "\n"
            "  -d, --db PATH   the index to write (default: $DALIL_DB, else ./.dalil)\n"
            "  -q, --quiet     print nothing but errors\n"
            "  -h, --help      show this help and exit\n"
            "  -V, --version   show the version and exit\n"
            "\n"
            "A document's title is its file's first non-empty line. Hidden files and\n"
            "directories (names starting with '.') are skipped, and so is the index.\n"
            "\n"
            "Exit status: 0 all files indexed, 1 some files could not be read,\n"
            "2 usage error, 3 the index could not be opened or written.\n");
}

static bool has_text_extension(const char *name)
{
    static const char *const extensions[] = {".txt", ".md", ".markdown", ".text"};
    const char *dot = strrchr(name, '.');
    if (!dot)
        return false;
    for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++)
        if (strcasecmp(dot, extensions[i]) == 0)
            return true;
    return false;
}

/* The first non-empty line, without Markdown heading marks and surrounding space. */
static void find_title(const char *text, size_t len, const char **title, size_t *title_len)
{
    const char *end = text + len;
    for (const char *line = text; line < end;) {
        const char *newline = memchr(line, '\n', (size_t)(end - line));
        const char *line_end = newline ? newline : end;
        const char *start = line;
        while (start < line_end && (*start == '#' || *start == ' ' || *start == '\t'))
            start++;
        const char *stop = line_end;
        while (stop > start && (stop[-1] == ' ' || stop[-1] == '\t' || stop[-1] == '\r'))
            stop--;
        if (stop > start) {
            *title = start;
            *title_len = (size_t)(stop - start);
            return;
        }
        line = line_end + 1;
    }
    *title = NULL;
    *title_len = 0;
}

static char *read_file(const char *path, size_t *len_out)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            char *grown = realloc(data, cap + 1);
            if (!grown) {
                free(data);
                fclose(file);
                errno = ENOMEM;
                return NULL;
            }
            data = grown;
        }
        size_t n = fread(data + len, 1, cap - len, file);
        len += n;
        if (n == 0)
            break;
    }
    int read_error = ferror(file);
    fclose(file);
    if (read_error) {
        free(data);
        errno = EIO;
        return NULL;
    }
    data[len] = '\0';
    *len_out = len;
    return data;
}

static void report_index_error(indexer_t *ix, dalil_status_t status, const char *doing)
{
    const char *detail = dalil_db_detail(ix->db);
    fprintf(stderr, "dalil-index: %s: %s%s%s\n", doing, dalil_status_str(status),
            *detail ? ": " : "", detail);
    ix->fatal = status;
}

static dalil_status_t build_document(indexer_t *ix, dalil_doc_t *doc, const char *path,
                                     const char *name, const char *text, size_t len)
{
    const char *title;
    size_t title_len;
    find_title(text, len, &title, &title_len);
    if (!title) {
        title = name;
        title_len = strlen(name);
    }
    dalil_status_t status = dalil_doc_set_field(doc, "path", path, strlen(path));
    if (status == DALIL_OK)
        status = dalil_doc_set_field(doc, "title", title, title_len);
    if (status == DALIL_OK)
        status = dalil_doc_set_field(doc, "text", text, len);
    if (status == DALIL_OK)
        status = dalil_doc_index_text(doc, ix->analyzer, text, len);
    return status;
}

static void index_file(indexer_t *ix, const char *path, const char *name)
{
    char real[PATH_MAX];
    size_t len = 0;
    char *text = realpath(path, real) ? read_file(path, &len) : NULL;
    if (!text) {
        fprintf(stderr, "dalil-index: %s: %s\n", path, strerror(errno));
        ix->failed++;
        return;
    }
    dalil_doc_t *doc = NULL;
    dalil_status_t status = dalil_doc_new(&doc);
    if (status == DALIL_OK)
        status = build_document(ix, doc, real, name, text, len);
    if (status == DALIL_OK) {
        status = dalil_db_replace_doc(ix->db, real, doc);
        if (status != DALIL_OK)
            report_index_error(ix, status, path);
    } else {
        fprintf(stderr, "dalil-index: %s: %s\n", path, dalil_status_str(status));
        ix->failed++;
    }
    dalil_doc_free(doc);
    free(text);
    if (status != DALIL_OK)
        return;
    ix->indexed++;
    ix->bytes += len;
    if (++ix->since_commit >= COMMIT_EVERY) {
        status = dalil_db_commit(ix->db);
        if (status != DALIL_OK)
            report_index_error(ix, status, "commit");
        ix->since_commit = 0;
    }
}

static bool is_index_dir(const indexer_t *ix, const struct stat *st)
{
    return ix->have_index_dir && st->st_dev == ix->index_dir.st_dev &&
           st->st_ino == ix->index_dir.st_ino;
}

static void walk(indexer_t *ix, const char *dir_path)
{
    DIR *dir = opendir(dir_path);
    if (!dir) {
        fprintf(stderr, "dalil-index: %s: %s\n", dir_path, strerror(errno));
        ix->failed++;
        return;
    }
    for (struct dirent *entry; ix->fatal == DALIL_OK && (entry = readdir(dir)) != NULL;) {
        if (entry->d_name[0] == '.')
            continue;
        char path[PATH_MAX];
        if (snprintf(path, sizeof path, "%s/%s", dir_path, entry->d_name) >= (int)sizeof path) {
            fprintf(stderr, "dalil-index: %s/%s: path too long\n", dir_path, entry->d_name);
            ix->failed++;
            continue;
        }
        struct stat st;
        if (lstat(path, &st) != 0) {
            fprintf(stderr, "dalil-index: %s: %s\n", path, strerror(errno));
            ix->failed++;
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            if (!is_index_dir(ix, &st))
                walk(ix, path);
        } else if (S_ISREG(st.st_mode) && has_text_extension(entry->d_name)) {
            index_file(ix, path, entry->d_name);
        } else {
            ix->skipped++;
        }
    }
    closedir(dir);
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static int index_paths(indexer_t *ix, const char *db_path, char **paths, int count)
{
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int i = 0; i < count && ix->fatal == DALIL_OK; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            fprintf(stderr, "dalil-index: %s: %s\n", paths[i], strerror(errno));
            ix->failed++;
        } else if (S_ISDIR(st.st_mode)) {
            walk(ix, paths[i]);
        } else {
            const char *slash = strrchr(paths[i], '/');
            index_file(ix, paths[i], slash ? slash + 1 : paths[i]);
        }
    }
    if (ix->fatal != DALIL_OK)
        return EXIT_INDEX;
    dalil_status_t status = dalil_db_commit(ix->db);
    if (status != DALIL_OK) {
        report_index_error(ix, status, "commit");
        return EXIT_INDEX;
    }
    if (!ix->quiet)
        fprintf(stderr,
                "dalil-index: indexed %llu files (%.1f MB) in %.2f s into %s; "
                "%llu skipped, %llu failed\n",
                (unsigned long long)ix->indexed, (double)ix->bytes / 1e6, seconds_since(&start),
                db_path, (unsigned long long)ix->skipped, (unsigned long long)ix->failed);
    return ix->failed ? 1 : 0;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *db_flag = NULL;
    indexer_t ix = {0};
    for (int opt; (opt = getopt_long(argc, argv, "d:qhV", options, NULL)) != -1;) {
        switch (opt) {
        case 'd': db_flag = optarg; break;
        case 'q': ix.quiet = true; break;
        case 'h': usage(stdout); return 0;
        case 'V': printf("dalil-index %s\n", DALIL_VERSION_STRING); return 0;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind == argc) {
        fprintf(stderr, "dalil-index: no directory given\n");
        usage(stderr);
        return EXIT_USAGE;
    }

    char *db_path = NULL, *detail = NULL;
    dalil_status_t status = _dalil_locate_index(db_flag, true, &db_path);
    if (status == DALIL_OK)
        status = dalil_db_open(db_path, DALIL_DB_WRITE, &ix.db, &detail);
    if (status != DALIL_OK) {
        fprintf(stderr, "dalil-index: %s\n", detail ? detail : dalil_status_str(status));
        free(detail);
        free(db_path);
        return EXIT_INDEX;
    }
    ix.have_index_dir = stat(db_path, &ix.index_dir) == 0;
    status = dalil_analyzer_new(&ix.analyzer);
    int exit_code;
    if (status != DALIL_OK) {
        fprintf(stderr, "dalil-index: cannot set up the analyzer: %s\n", dalil_status_str(status));
        exit_code = EXIT_INDEX;
    } else {
        exit_code = index_paths(&ix, db_path, argv + optind, argc - optind);
    }
    dalil_analyzer_free(ix.analyzer);
    dalil_db_close(ix.db);
    free(db_path);
    return exit_code;
}
