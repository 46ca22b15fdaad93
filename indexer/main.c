/* dalil-index: indexes the articles under some paths into a dalil index and keeps it in
 * step with them. Options are parsed here; the work is in pipeline.c. */
#include "ix.h"
#include "shards.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { EXIT_SOME_FAILED = 1, EXIT_USAGE = 2, EXIT_INDEX = 3, EXIT_INTERRUPTED = 130 };
enum { OPT_FULL = 256, OPT_EXCLUDE, OPT_FIELD, OPT_KEEP_BOILERPLATE, OPT_ALIASES, OPT_MAX_SIZE,
       OPT_COMMIT_EVERY, OPT_SHARDS, OPT_FORMAT, OPT_PROGRESS, OPT_NO_PROGRESS };

#define MAX_EXCLUDES 64

typedef struct {
    const char *db_flag;
    const char *aliases_path;
    ix_output_t output;
    int progress; /* -1: when stderr is a terminal */
    const char *excludes[MAX_EXCLUDES];
    ix_options_t run;
} cli_t;

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: dalil-index [OPTION]... PATH...\n"
            "Index the articles in the files under each PATH, and keep the index in step:\n"
            "a second run reads only new and changed files and drops vanished ones.\n"
            "\n"
            "Formats, found by content and extension: plain text and Markdown, HTML,\n"
            "JSON and JSON Lines, CSV and TSV, TREC/SGML containers (<DOC>, <REUTERS>),\n"
            "RFC-822 mail and news. Any encoding: invalid UTF-8 is read as Windows-1252.\n"
            "\n"
            "  -d, --db PATH          the index (default: $DALIL_DB, else ./.dalil)\n"
            "      --full             re-index every file, changed or not\n"
            "  -j, --threads N        worker threads (default: the number of cores)\n"
            "      --exclude GLOB     skip files and directories matching GLOB (by name or\n"
            "                         path below PATH); may be repeated\n"
            "      --field F=COLUMN   CSV/TSV column or JSON key holding field F (title, text,\n"
            "                         date, source, url, id), by name or 1-based number\n"
            "      --keep-boilerplate index lines repeated across many documents too\n"
            "      --aliases FILE     use this alias table (re-indexes when it changes)\n"
            "      --max-size MB      skip files larger than this (default: 100)\n"
            "      --commit-every N   commit after N documents (default: 10000)\n"
            "      --shards WHEN      new files written by the threads into shards merged\n"
            "                         at the end: auto (when many), on, off\n"
            "      --format FORMAT    the summary as 'text' (stderr) or 'json' (stdout)\n"
            "      --progress, --no-progress\n"
            "                         progress on stderr (default: when it is a terminal)\n"
            "  -q, --quiet            print nothing but errors\n"
            "  -v, --verbose          also report commits, removals and skipped files\n"
            "  -h, --help             show this help and exit\n"
            "  -V, --version          show the version and exit\n"
            "\n"
            "Hidden files and directories, and the index itself, are never indexed.\n"
            "\n"
            "Exit status: 0 done, 1 some files could not be read (reported), 2 usage\n"
            "error, 3 the index could not be opened or written (or is locked by another\n"
            "dalil-index), 130 interrupted (what was done is committed).\n");
}

static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "dalil-index: %s%s%s\n", what, *arg ? ": " : "", arg);
    fputs("Try 'dalil-index --help'.\n", stderr);
    return EXIT_USAGE;
}

static bool parse_count(const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno || end == text || *end || text[0] == '-' || value < min || value > max)
        return false;
    *out = value;
    return true;
}

static bool parse_field(ix_field_map_t *fields, char *spec)
{
    char *eq = strchr(spec, '=');
    if (!eq || eq == spec || !eq[1])
        return false;
    *eq = '\0';
    const char *column = eq + 1;
    if (strcmp(spec, "title") == 0) fields->title = column;
    else if (strcmp(spec, "text") == 0) fields->text = column;
    else if (strcmp(spec, "date") == 0) fields->date = column;
    else if (strcmp(spec, "source") == 0) fields->source = column;
    else if (strcmp(spec, "url") == 0) fields->url = column;
    else if (strcmp(spec, "id") == 0) fields->id = column;
    else return false;
    return true;
}

/* Returns -1 to go on, else the exit code. */
static int parse_options(cli_t *cli, int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"threads", required_argument, NULL, 'j'},
        {"full", no_argument, NULL, OPT_FULL},
        {"exclude", required_argument, NULL, OPT_EXCLUDE},
        {"field", required_argument, NULL, OPT_FIELD},
        {"keep-boilerplate", no_argument, NULL, OPT_KEEP_BOILERPLATE},
        {"aliases", required_argument, NULL, OPT_ALIASES},
        {"max-size", required_argument, NULL, OPT_MAX_SIZE},
        {"commit-every", required_argument, NULL, OPT_COMMIT_EVERY},
        {"shards", required_argument, NULL, OPT_SHARDS},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"progress", no_argument, NULL, OPT_PROGRESS},
        {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    ix_options_t *run = &cli->run;
    uint64_t value;
    for (int opt; (opt = getopt_long(argc, argv, "d:j:qvhV", options, NULL)) != -1;) {
        switch (opt) {
        case 'd': cli->db_flag = optarg; break;
        case 'j':
            if (!parse_count(optarg, 1, 256, &value))
                return usage_error("--threads wants a number from 1 to 256", optarg);
            run->threads = (unsigned)value;
            break;
        case OPT_FULL: run->full = true; break;
        case OPT_EXCLUDE:
            if (run->walk.n_excludes == MAX_EXCLUDES)
                return usage_error("at most 64 --exclude patterns", "");
            cli->excludes[run->walk.n_excludes++] = optarg;
            break;
        case OPT_FIELD:
            if (!parse_field(&run->fields, optarg))
                return usage_error("--field wants FIELD=COLUMN, FIELD one of title, text, date, source, url, id", optarg);
            break;
        case OPT_KEEP_BOILERPLATE: run->keep_boilerplate = true; break;
        case OPT_ALIASES: cli->aliases_path = optarg; break;
        case OPT_MAX_SIZE:
            if (!parse_count(optarg, 1, 1024 * 1024, &value))
                return usage_error("--max-size wants a size in MB", optarg);
            run->walk.max_size = value * 1000000;
            break;
        case OPT_COMMIT_EVERY:
            if (!parse_count(optarg, 1, UINT32_MAX, &run->commit_docs))
                return usage_error("--commit-every wants a number of documents", optarg);
            break;
        case OPT_SHARDS:
            if (strcmp(optarg, "auto") == 0) run->shards = IX_SHARDS_AUTO;
            else if (strcmp(optarg, "on") == 0) run->shards = IX_SHARDS_ON;
            else if (strcmp(optarg, "off") == 0) run->shards = IX_SHARDS_OFF;
            else return usage_error("--shards is 'auto', 'on' or 'off'", optarg);
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "text") == 0) cli->output = IX_OUTPUT_TEXT;
            else if (strcmp(optarg, "json") == 0) cli->output = IX_OUTPUT_JSON;
            else return usage_error("--format is 'text' or 'json'", optarg);
            break;
        case OPT_PROGRESS: cli->progress = 1; break;
        case OPT_NO_PROGRESS: cli->progress = 0; break;
        case 'q': run->quiet = true; break;
        case 'v': run->verbose = true; break;
        case 'h': usage(stdout); return 0;
        case 'V': printf("dalil-index %s\n", DALIL_VERSION_STRING); return 0;
        default: fputs("Try 'dalil-index --help'.\n", stderr); return EXIT_USAGE;
        }
    }
    if (optind == argc)
        return usage_error("no path given: name the files or directories to index", "");
    return -1;
}

static void on_signal(int signo)
{
    (void)signo;
    ix_stop_requested = 1;
}

/* Ctrl-C once: finish cleanly; a second time: the default, immediate end. */
static void catch_signals(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    action.sa_flags = SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
}

static char *read_text_file(const char *path)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    ix_buf_t buf = {0};
    char chunk[65536];
    size_t n;
    bool ok = ix_buf_append(&buf, "", 0);
    while (ok && (n = fread(chunk, 1, sizeof chunk, file)) > 0)
        ok = ix_buf_append(&buf, chunk, n);
    if (ferror(file))
        ok = false;
    fclose(file);
    if (!ok)
        ix_buf_free(&buf);
    return buf.data;
}

/* Records the alias table; a changed table means every document must be indexed again. */
static int apply_aliases(cli_t *cli, dalil_db_t *db)
{
    if (!cli->aliases_path)
        return -1;
    char *tsv = read_text_file(cli->aliases_path);
    if (!tsv) {
        fprintf(stderr, "dalil-index: %s: %s\n", cli->aliases_path, strerror(errno));
        return EXIT_USAGE;
    }
    int changed = 0;
    dalil_status_t status = dalil_db_set_aliases(db, tsv, &changed);
    free(tsv);
    if (status == DALIL_INVALID_ARGUMENT) {
        fprintf(stderr, "dalil-index: %s: %s\n", cli->aliases_path, dalil_db_detail(db));
        return EXIT_USAGE;
    }
    if (status != DALIL_OK) {
        fprintf(stderr, "dalil-index: %s: %s\n", cli->aliases_path, dalil_status_str(status));
        return EXIT_INDEX;
    }
    if (changed) {
        cli->run.full = true;
        if (!cli->run.quiet)
            fprintf(stderr, "dalil-index: the alias table changed: re-indexing every file\n");
    }
    return -1;
}

static void print_text(const ix_summary_t *s, const char *db_path)
{
    fprintf(stderr,
            "dalil-index: indexed %llu files (%.1f MB) in %.2f s into %s: %llu added, "
            "%llu updated, %llu removed, %llu unchanged, %llu skipped, %llu failed; "
            "%llu documents in the index%s\n",
            (unsigned long long)(s->added + s->updated), (double)s->bytes / 1e6, s->seconds, db_path,
            (unsigned long long)s->added, (unsigned long long)s->updated,
            (unsigned long long)s->removed, (unsigned long long)s->unchanged,
            (unsigned long long)s->skipped, (unsigned long long)s->failed,
            (unsigned long long)s->doc_count, s->interrupted ? " (interrupted)" : "");
}

static void print_json(const ix_summary_t *s, const char *db_path)
{
    json_t *o = json_pack("{s:i, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:f, s:b}",
                          "format_version", 1, "index", db_path, "files", (json_int_t)s->files,
                          "added", (json_int_t)s->added, "updated", (json_int_t)s->updated,
                          "removed", (json_int_t)s->removed, "unchanged", (json_int_t)s->unchanged,
                          "skipped", (json_int_t)s->skipped, "failed", (json_int_t)s->failed,
                          "documents_written", (json_int_t)s->documents,
                          "documents", (json_int_t)s->doc_count, "bytes", (json_int_t)s->bytes,
                          "boilerplate_lines", (json_int_t)s->boilerplate, "seconds", s->seconds,
                          "mb_per_second", s->seconds > 0 ? (double)s->bytes / 1e6 / s->seconds : 0.0,
                          "interrupted", s->interrupted);
    if (!o) {
        fprintf(stderr, "dalil-index: out of memory\n");
        return;
    }
    json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(o);
}

static int exit_code(const ix_summary_t *s, bool ok)
{
    if (!ok)
        return EXIT_INDEX;
    if (s->interrupted)
        return EXIT_INTERRUPTED;
    return s->failed ? EXIT_SOME_FAILED : 0;
}

static int run(cli_t *cli, char **paths, size_t n)
{
    char *db_path = NULL, *detail = NULL;
    dalil_db_t *db = NULL;
    dalil_status_t status = _dalil_locate_index(cli->db_flag, true, &db_path);
    if (status == DALIL_OK && !ix_shards_recover(db_path)) {
        fprintf(stderr, "dalil-index: %s: cannot put back the index a merge moved: %s\n", db_path, strerror(errno));
        free(db_path);
        return EXIT_INDEX;
    }
    if (status == DALIL_OK)
        status = dalil_db_open(db_path, DALIL_DB_WRITE, &db, &detail);
    if (status != DALIL_OK) {
        fprintf(stderr, "dalil-index: %s\n", detail ? detail : dalil_status_str(status));
        free(detail);
        free(db_path);
        return EXIT_INDEX;
    }
    int code = apply_aliases(cli, db);
    /* The index's real place: shards are made beside it and the merged index takes the
     * place of the directory, not of a symbolic link to it. */
    char *real_path = realpath(db_path, NULL);
    if (code < 0) {
        cli->run.walk.index_path = real_path ? real_path : db_path;
        ix_summary_t summary = {0};
        bool ok = ix_run(db, &cli->run, paths, n, &summary);
        if (cli->output == IX_OUTPUT_JSON)
            print_json(&summary, db_path);
        else if (!cli->run.quiet)
            print_text(&summary, db_path);
        code = exit_code(&summary, ok);
        if (summary.abandoned) {
            /* A worker is blocked in a read: everything is committed; end at once. */
            fflush(stdout);
            _exit(code);
        }
    }
    dalil_db_close(db);
    free(real_path);
    free(db_path);
    return code;
}

int main(int argc, char **argv)
{
    cli_t cli = {.progress = -1};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    cli.run.threads = cores > 0 ? (unsigned)cores : 1;
    cli.run.walk.max_size = 100 * 1000000ull;
    cli.run.commit_docs = 10000;
    cli.run.commit_bytes = 8u << 20; /* of text */
    int code = parse_options(&cli, argc, argv);
    if (code >= 0)
        return code;
    cli.run.walk.excludes = cli.excludes;
    cli.run.walk.quiet = cli.run.quiet;
    cli.run.walk.verbose = cli.run.verbose;
    cli.run.progress = !cli.run.quiet && (cli.progress == 1 || (cli.progress == -1 && isatty(2)));
    /* Xapian's writer buffers postings until it has this many documents, then flushes
     * them to its tables (inside the transaction: nothing is committed). Its default,
     * 10,000, builds maps so large that bbc + news20 took 23 s and 207 MB with one
     * writer; 1,000 took 18 s and 75 MB. With shards, 300 took less CPU than 1,000 and
     * 90 MB instead of 129 (ANT, whose articles are longer: 155 MB instead of 350).
     * Read when an index is opened, before any thread starts. */
    setenv("XAPIAN_FLUSH_THRESHOLD", "300", 0);
    catch_signals();
    xmlInitParser(); /* once, before the worker threads parse HTML */
    code = run(&cli, argv + optind, (size_t)(argc - optind));
    xmlCleanupParser();
    return code;
}
