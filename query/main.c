/* dalil-query: searches a dalil index and prints ranked hits. This first version takes
 * words, all of which must match, and prints each hit's rank, title, path and score. */
#include "internal.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { EXIT_HITS = 0, EXIT_NO_HITS = 1, EXIT_USAGE = 2, EXIT_INDEX = 3 };

#define MAX_INDEXES 64

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: dalil-query [OPTION]... WORD...\n"
            "Search a dalil index for documents that contain every WORD, best first.\n"
            "\n"
            "  -d, --db PATH   the index to search; repeat to search several as one\n"
            "                  (default: $DALIL_DB, else the nearest .dalil in this\n"
            "                  directory or a parent)\n"
            "  -n, --limit N   print at most N hits (default 10)\n"
            "  -h, --help      show this help and exit\n"
            "  -V, --version   show the version and exit\n"
            "\n"
            "Exit status: 0 hits found, 1 no hits, 2 usage or query error,\n"
            "3 index missing, corrupt or locked.\n");
}

/* The query is the arguments joined by spaces. */
static char *join_words(char **words, int count)
{
    size_t len = 1;
    for (int i = 0; i < count; i++)
        len += strlen(words[i]) + 1;
    char *query = malloc(len);
    if (!query)
        return NULL;
    query[0] = '\0';
    for (int i = 0; i < count; i++) {
        if (i)
            strcat(query, " ");
        strcat(query, words[i]);
    }
    return query;
}

/* Shows `path` relative to the working directory when it lies below it. */
static const char *display_path(const char *path, const char *cwd)
{
    size_t cwd_len = strlen(cwd);
    if (cwd_len > 1 && strncmp(path, cwd, cwd_len) == 0 && path[cwd_len] == '/')
        return path + cwd_len + 1;
    return path;
}

/* Writes document text for a terminal or a pipe: control characters become '?', so that
 * a document cannot send escape sequences to the user's terminal. */
static void print_sanitized(const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        putchar(*p < 0x20 || *p == 0x7f ? '?' : *p);
}

static void print_hits(const dalil_hits_t *hits, uint32_t offset)
{
    char *cwd = getcwd(NULL, 0);
    for (size_t i = 0; i < dalil_hits_count(hits); i++) {
        const char *title = dalil_hit_field(hits, i, "title", NULL);
        const char *path = dalil_hit_field(hits, i, "path", NULL);
        printf("%zu. ", offset + i + 1);
        print_sanitized(title ? title : "(untitled)");
        printf("\n   ");
        print_sanitized(path ? display_path(path, cwd ? cwd : "") : "?");
        printf("  score %.3f\n", dalil_hit_weight(hits, i));
    }
    free(cwd);
}

static int open_indexes(const char **db_flags, int n_flags, dalil_db_t **db_out)
{
    char *path = NULL, *detail = NULL;
    dalil_status_t status = _dalil_locate_index(n_flags ? db_flags[0] : NULL, false, &path);
    if (status == DALIL_OK)
        status = dalil_db_open(path, DALIL_DB_READ, db_out, &detail);
    if (status != DALIL_OK) {
        fprintf(stderr, "dalil-query: %s\n", detail ? detail : dalil_status_str(status));
        if (status == DALIL_NOT_FOUND && n_flags == 0)
            fprintf(stderr, "dalil-query: make one with: dalil-index DIR\n");
        free(detail);
        free(path);
        return EXIT_INDEX;
    }
    free(path);
    for (int i = 1; i < n_flags; i++) {
        status = dalil_db_add_index(*db_out, db_flags[i]);
        if (status != DALIL_OK) {
            fprintf(stderr, "dalil-query: %s\n", dalil_db_detail(*db_out));
            dalil_db_close(*db_out);
            *db_out = NULL;
            return EXIT_INDEX;
        }
    }
    return EXIT_HITS;
}

static bool parse_count(const char *text, uint32_t *out)
{
    char *end;
    unsigned long value = strtoul(text, &end, 10);
    if (*text == '\0' || *end != '\0' || text[0] == '-' || value > 100000)
        return false;
    *out = (uint32_t)value;
    return true;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"limit", required_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *db_flags[MAX_INDEXES];
    int n_db = 0;
    dalil_search_options_t search = {.offset = 0, .limit = 10};
    for (int opt; (opt = getopt_long(argc, argv, "d:n:hV", options, NULL)) != -1;) {
        switch (opt) {
        case 'd':
            if (n_db == MAX_INDEXES) {
                fprintf(stderr, "dalil-query: at most %d indexes\n", MAX_INDEXES);
                return EXIT_USAGE;
            }
            db_flags[n_db++] = optarg;
            break;
        case 'n':
            if (!parse_count(optarg, &search.limit) || search.limit == 0) {
                fprintf(stderr, "dalil-query: --limit wants a number from 1 to 100000, not '%s'\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'h': usage(stdout); return 0;
        case 'V': printf("dalil-query %s\n", DALIL_VERSION_STRING); return 0;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind == argc) {
        fprintf(stderr, "dalil-query: no query given\n");
        usage(stderr);
        return EXIT_USAGE;
    }

    dalil_db_t *db = NULL;
    int exit_code = open_indexes(db_flags, n_db, &db);
    if (exit_code != EXIT_HITS)
        return exit_code;
    char *query = join_words(argv + optind, argc - optind);
    dalil_hits_t *hits = NULL;
    dalil_status_t status = query ? dalil_db_search(db, query, &search, &hits) : DALIL_NOMEM;
    if (status == DALIL_OK) {
        print_hits(hits, search.offset);
        exit_code = dalil_hits_count(hits) ? EXIT_HITS : EXIT_NO_HITS;
    } else {
        fprintf(stderr, "dalil-query: %s\n", *dalil_db_detail(db) ? dalil_db_detail(db) : dalil_status_str(status));
        exit_code = status == DALIL_INVALID_ARGUMENT ? EXIT_USAGE : EXIT_INDEX;
    }
    dalil_hits_free(hits);
    free(query);
    dalil_db_close(db);
    return exit_code;
}
