/* dalil-query: searches one or more dalil indexes and prints ranked hits, as text for
 * people or as JSON, JSON lines, TSV or paths for programs. A thin main: options, then
 * libdalil's search, hit models and printers. */
#include "printers.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_HITS = 0, EXIT_NO_HITS = 1, EXIT_USAGE = 2, EXIT_INDEX = 3 };

#define MAX_INDEXES 64
#define MAX_LIMIT 100000
/* Fewer hits than this and did-you-mean looks for better spellings. */
#define FEW_HITS 3

typedef enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color_t;

typedef struct {
    const char *db_flags[MAX_INDEXES];
    int n_db;
    dalil_search_options_t search;
    bool count_only;
    bool explain;
    bool nul;
    _dalil_format_t format;
    color_t color;
} options_t;

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: dalil-query [OPTION]... QUERY...\n"
            "Search a dalil index: every word must match (a sentence of 5+ words: any),\n"
            "best hits first.\n"
            "\n"
            "Query: \"a phrase\"  a OR b  a AND b  NOT a  -a  +a  ( )  a NEAR/5 b  a ADJ/2 b\n"
            "  title:word  source:name  path:dir  date:2016-06..2016-07  qadh*  =exact\n"
            "\n"
            "  -d, --db PATH        index to search; repeat to search several as one\n"
            "                       (default: $DALIL_DB, else the nearest .dalil)\n"
            "  -n, --limit N        print at most N hits (default 10)\n"
            "      --offset N       skip the first N hits\n"
            "  -s, --sort ORDER     relevance (default), date (oldest first), -date\n"
            "      --any, --all     bare words: any may match / all must, whatever their number\n"
            "      --exact          no spelling variants, aliases or other scripts\n"
            "  -c, --count          print only the exact number of matching documents\n"
            "  -f, --format FORMAT  text (default), json, jsonl, tsv, paths\n"
            "  -0, --null           paths: end each with NUL rather than a newline\n"
            "      --format-version N  JSON schema version to write (1)\n"
            "      --explain        show the parsed query and why each hit matched\n"
            "      --color WHEN     auto (default), always, never; NO_COLOR turns it off\n"
            "  -h, --help           show this help;  -V, --version  show the version\n"
            "\n"
            "Exit status: 0 hits found, 1 no hits, 2 usage or query error,\n"
            "3 index missing, corrupt or locked. More in dalil-query(1).\n");
}

static bool parse_number(const char *text, uint32_t max, uint32_t *out)
{
    char *end;
    if (*text < '0' || *text > '9')
        return false;
    unsigned long value = strtoul(text, &end, 10);
    if (*end != '\0' || value > max)
        return false;
    *out = (uint32_t)value;
    return true;
}

static bool parse_sort(const char *text, dalil_sort_t *out)
{
    if (strcmp(text, "relevance") == 0)
        *out = DALIL_SORT_RELEVANCE;
    else if (strcmp(text, "date") == 0)
        *out = DALIL_SORT_DATE;
    else if (strcmp(text, "-date") == 0)
        *out = DALIL_SORT_DATE_DESC;
    else
        return false;
    return true;
}

static bool parse_color(const char *text, color_t *out)
{
    static const char *names[] = {"auto", "always", "never"};
    for (int i = 0; i < 3; i++)
        if (strcmp(text, names[i]) == 0) {
            *out = (color_t)i;
            return true;
        }
    return false;
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    fputs("dalil-query: ", stderr);
    vfprintf(stderr, fmt, args);
    va_end(args);
    fputs("\nTry 'dalil-query --help'.\n", stderr);
    return EXIT_USAGE;
}

enum { OPT_OFFSET = 256, OPT_ANY, OPT_ALL, OPT_EXACT, OPT_FORMAT_VERSION, OPT_EXPLAIN, OPT_COLOR };

/* Returns -1 to go on, else the exit code. */
static int parse_options(int argc, char **argv, options_t *o)
{
    static const struct option table[] = {
        {"db", required_argument, NULL, 'd'},
        {"limit", required_argument, NULL, 'n'},
        {"offset", required_argument, NULL, OPT_OFFSET},
        {"sort", required_argument, NULL, 's'},
        {"any", no_argument, NULL, OPT_ANY},
        {"all", no_argument, NULL, OPT_ALL},
        {"exact", no_argument, NULL, OPT_EXACT},
        {"count", no_argument, NULL, 'c'},
        {"format", required_argument, NULL, 'f'},
        {"null", no_argument, NULL, '0'},
        {"format-version", required_argument, NULL, OPT_FORMAT_VERSION},
        {"explain", no_argument, NULL, OPT_EXPLAIN},
        {"color", required_argument, NULL, OPT_COLOR},
        {"colour", required_argument, NULL, OPT_COLOR},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    uint32_t version = DALIL_FORMAT_VERSION;
    for (int opt; (opt = getopt_long(argc, argv, "d:n:s:cf:0hV", table, NULL)) != -1;) {
        switch (opt) {
        case 'd':
            if (o->n_db == MAX_INDEXES)
                return usage_error("at most %d indexes", MAX_INDEXES);
            o->db_flags[o->n_db++] = optarg;
            break;
        case 'n':
            if (!parse_number(optarg, MAX_LIMIT, &o->search.limit) || o->search.limit == 0)
                return usage_error("--limit wants a number from 1 to 100000, not '%s'", optarg);
            break;
        case OPT_OFFSET:
            if (!parse_number(optarg, UINT32_MAX - MAX_LIMIT, &o->search.offset))
                return usage_error("--offset wants a number, not '%s'", optarg);
            break;
        case 's':
            if (!parse_sort(optarg, &o->search.sort))
                return usage_error("--sort is relevance, date or -date, not '%s'", optarg);
            break;
        case OPT_ANY: o->search.words = DALIL_WORDS_ANY; break;
        case OPT_ALL: o->search.words = DALIL_WORDS_ALL; break;
        case OPT_EXACT: o->search.exact = 1; break;
        case 'c': o->count_only = true; break;
        case 'f':
            if (!_dalil_format_parse(optarg, &o->format))
                return usage_error("--format is text, json, jsonl, tsv or paths, not '%s'", optarg);
            break;
        case '0': o->nul = true; break;
        case OPT_FORMAT_VERSION:
            if (!parse_number(optarg, 1000, &version) || version < DALIL_FORMAT_VERSION_MIN ||
                version > DALIL_FORMAT_VERSION)
                return usage_error("--format-version: this dalil-query writes version 1, not '%s'", optarg);
            break;
        case OPT_EXPLAIN: o->explain = true; break;
        case OPT_COLOR:
            if (!parse_color(optarg, &o->color))
                return usage_error("--color is auto, always or never, not '%s'", optarg);
            break;
        case 'h': usage(stdout); return 0;
        case 'V': printf("dalil-query %s\n", DALIL_VERSION_STRING); return 0;
        default: fputs("Try 'dalil-query --help'.\n", stderr); return EXIT_USAGE;
        }
    }
    if (o->nul && o->format != _DALIL_FORMAT_PATHS)
        return usage_error("%s works with --format paths only", "-0");
    if (optind == argc)
        return usage_error("%s", "no query given");
    return -1;
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

static int open_indexes(const options_t *o, dalil_db_t **db_out)
{
    char *path = NULL, *detail = NULL;
    dalil_status_t status = _dalil_locate_index(o->n_db ? o->db_flags[0] : NULL, false, &path);
    if (status == DALIL_OK)
        status = dalil_db_open(path, DALIL_DB_READ, db_out, &detail);
    if (status != DALIL_OK) {
        fprintf(stderr, "dalil-query: %s\n", detail ? detail : dalil_status_str(status));
        if (status == DALIL_NOT_FOUND && o->n_db == 0)
            fprintf(stderr, "dalil-query: make one with: dalil-index DIR\n");
        free(detail);
        free(path);
        return EXIT_INDEX;
    }
    free(path);
    for (int i = 1; i < o->n_db; i++) {
        status = dalil_db_add_index(*db_out, o->db_flags[i]);
        if (status != DALIL_OK) {
            fprintf(stderr, "dalil-query: %s\n", dalil_db_detail(*db_out));
            dalil_db_close(*db_out);
            *db_out = NULL;
            return EXIT_INDEX;
        }
    }
    return EXIT_HITS;
}

/* A failed search: a query error points at its column under the query, exit 2; anything
 * else is the index's fault, exit 3. */
static int search_failed(dalil_db_t *db, dalil_status_t status, const char *query)
{
    const char *detail = *dalil_db_detail(db) ? dalil_db_detail(db) : dalil_status_str(status);
    fprintf(stderr, "dalil-query: %s\n", detail);
    if (status != DALIL_INVALID_ARGUMENT)
        return EXIT_INDEX;
    size_t column = 0;
    if (sscanf(detail, "query column %zu:", &column) == 1 && column > 0) {
        fputs("  ", stderr);
        _dalil_print_clean(stderr, query, strlen(query));
        fprintf(stderr, "\n  %*s^\n", (int)(column - 1), "");
    }
    return EXIT_USAGE;
}

static int run_count(dalil_db_t *db, const options_t *o, const char *query)
{
    uint64_t count = 0;
    dalil_status_t status = dalil_db_count(db, query, &o->search, &count);
    if (status != DALIL_OK)
        return search_failed(db, status, query);
    printf("%llu\n", (unsigned long long)count);
    return count ? EXIT_HITS : EXIT_NO_HITS;
}

static bool use_color(const options_t *o)
{
    const char *no_color = getenv("NO_COLOR");
    if ((no_color && *no_color) || o->color == COLOR_NEVER || o->format != _DALIL_FORMAT_TEXT)
        return false;
    return o->color == COLOR_ALWAYS || isatty(STDOUT_FILENO);
}

/* Whether the output explains the search: how the query was read and which of its words
 * each hit matched (JSON always, text with --explain). Only then are the hits' matching
 * terms looked up and the query tree described. */
static bool explains(const options_t *o)
{
    return o->format == _DALIL_FORMAT_JSON || o->format == _DALIL_FORMAT_JSONL ||
           (o->format == _DALIL_FORMAT_TEXT && o->explain);
}

/* Each hit modelled once and handed to the printer. */
static dalil_status_t print_hits(dalil_db_t *db, const dalil_hits_t *hits, _dalil_printer_t *printer,
                                 const options_t *o)
{
    _dalil_model_options_t model = {
        .snippets = o->format == _DALIL_FORMAT_TEXT || o->format == _DALIL_FORMAT_JSON ||
                    o->format == _DALIL_FORMAT_JSONL,
        .without_matched = !explains(o),
    };
    _dalil_snipper_t *snipper = NULL;
    _dalil_hits_positions_t *positions = NULL;
    dalil_status_t status = model.snippets ? _dalil_snipper_new(&snipper) : DALIL_OK;
    if (status == DALIL_OK && model.snippets && dalil_hits_count(hits))
        status = _dalil_hits_positions_new(db, hits, &positions);
    model.positions = positions;
    for (size_t i = 0; status == DALIL_OK && i < dalil_hits_count(hits); i++) {
        json_t *hit = NULL;
        status = _dalil_hit_model(db, snipper, hits, i, &model, &hit);
        if (status == DALIL_OK)
            status = _dalil_printer_hit(printer, hit);
        json_decref(hit);
    }
    _dalil_hits_positions_free(positions);
    _dalil_snipper_free(snipper);
    return status;
}

static int run_search(dalil_db_t *db, const options_t *o, const char *query)
{
    dalil_hits_t *hits = NULL;
    dalil_status_t status = _dalil_db_search(db, query, &o->search, explains(o), &hits);
    if (status != DALIL_OK)
        return search_failed(db, status, query);
    uint64_t estimate = 0;
    dalil_hits_total(hits, &estimate, NULL, NULL);
    char *suggestion = NULL;
    if (estimate < FEW_HITS && o->search.offset == 0)
        _dalil_suggest(db, query, &o->search, &suggestion); /* a hint: failure is no error */
    uint32_t limit = o->search.limit ? o->search.limit : 10;
    json_t *summary = _dalil_summary_model(query, hits, o->search.exact_count, limit, suggestion, explains(o));
    char *cwd = getcwd(NULL, 0);
    _dalil_printer_options_t printer_options = {
        .format = o->format, .out = stdout, .color = use_color(o), .nul = o->nul,
        .explain = o->explain, .cwd = cwd,
    };
    _dalil_printer_t *printer = summary ? _dalil_printer_new(&printer_options) : NULL;
    status = printer ? _dalil_printer_begin(printer, summary) : DALIL_NOMEM;
    if (status == DALIL_OK)
        status = print_hits(db, hits, printer, o);
    if (status == DALIL_OK)
        status = _dalil_printer_end(printer, summary);
    if (suggestion && o->format == _DALIL_FORMAT_TEXT) {
        fputs("dalil-query: did you mean: ", stderr);
        _dalil_print_clean(stderr, suggestion, strlen(suggestion));
        fputc('\n', stderr);
    }
    int exit_code = dalil_hits_count(hits) ? EXIT_HITS : EXIT_NO_HITS;
    if (status != DALIL_OK) {
        fprintf(stderr, "dalil-query: cannot print the hits: %s\n", dalil_status_str(status));
        exit_code = EXIT_INDEX;
    }
    _dalil_printer_free(printer);
    json_decref(summary);
    free(cwd);
    free(suggestion);
    dalil_hits_free(hits);
    return exit_code;
}

int main(int argc, char **argv)
{
    /* jansson would otherwise read /dev/urandom for its hash seed, to guard tables whose
     * keys an attacker chooses; ours are fixed names. Its own fallback is this. */
    json_object_seed((size_t)time(NULL) ^ (size_t)getpid());
    options_t o = {.search = {.limit = 10}, .format = _DALIL_FORMAT_TEXT, .color = COLOR_AUTO};
    int exit_code = parse_options(argc, argv, &o);
    if (exit_code >= 0)
        return exit_code;
    dalil_db_t *db = NULL;
    exit_code = open_indexes(&o, &db);
    if (exit_code != EXIT_HITS)
        return exit_code;
    char *query = join_words(argv + optind, argc - optind);
    if (!query)
        exit_code = EXIT_INDEX;
    else if (o.count_only)
        exit_code = run_count(db, &o, query);
    else
        exit_code = run_search(db, &o, query);
    free(query);
    dalil_db_close(db);
    return exit_code;
}
