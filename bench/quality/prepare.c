/* prepare.c: turns the judged collections into what each engine under test reads.
 *
 *   prepare docs scifact|cranfield SOURCE OUTDIR
 *       one OUTDIR/<id>.txt per document (title line, blank line, text) for dalil-index,
 *       OUTDIR.tsv (id, title, text) for SQLite FTS5, and OUTDIR.xapian (scriptindex
 *       records) for Xapian's quest
 *   prepare queries scifact|cranfield SOURCE [QRELS]
 *       "id<TAB>text" per query on stdout; SciFact keeps only queries judged in QRELS;
 *       Cranfield numbers its queries by position, as its judgments do.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    FILE *tsv, *xapian;
    const char *dir;
} outputs_t;

/* Tabs and newlines become spaces, for one-line formats. */
static void put_flat(FILE *out, const char *text)
{
    for (const char *p = text; *p; p++)
        fputc(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p, out);
}

static void emit_doc(outputs_t *out, const char *id, const char *title, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.txt", out->dir, id);
    FILE *file = fopen(path, "w");
    if (!file) {
        perror(path);
        exit(2);
    }
    fprintf(file, "%s\n\n%s\n", *title ? title : id, text);
    fclose(file);

    fprintf(out->tsv, "%s\t", id);
    put_flat(out->tsv, title);
    fputc('\t', out->tsv);
    put_flat(out->tsv, text);
    fputc('\n', out->tsv);

    fprintf(out->xapian, "id=%s\ntitle=", id);
    put_flat(out->xapian, title);
    fputs("\ntext=", out->xapian);
    put_flat(out->xapian, text);
    fputs("\n\n", out->xapian);
}

static FILE *open_beside(const char *dir, const char *suffix)
{
    char path[4096];
    snprintf(path, sizeof path, "%s%s", dir, suffix);
    FILE *file = fopen(path, "w");
    if (!file) {
        perror(path);
        exit(2);
    }
    return file;
}

static void scifact_docs(FILE *in, outputs_t *out)
{
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, in) > 0) {
        json_error_t error;
        json_t *doc = json_loads(line, 0, &error);
        if (!doc)
            continue;
        const char *id = json_string_value(json_object_get(doc, "_id"));
        const char *title = json_string_value(json_object_get(doc, "title"));
        const char *text = json_string_value(json_object_get(doc, "text"));
        if (id)
            emit_doc(out, id, title ? title : "", text ? text : "");
        json_decref(doc);
    }
    free(line);
}

/* Cranfield: ".I n" starts a record; ".T" title, ".W" text; ".A", ".B" skipped. */
typedef struct {
    char id[32];
    char *title, *text;
    size_t title_len, text_len;
} cran_record_t;

static void append(char **buf, size_t *len, const char *line)
{
    size_t n = strlen(line);
    *buf = realloc(*buf, *len + n + 1);
    memcpy(*buf + *len, line, n + 1);
    *len += n;
}

static void cran_flush(cran_record_t *r, outputs_t *out, FILE *queries, int *query_number)
{
    if (!r->id[0])
        return;
    if (queries)
        fprintf(queries, "%d\t", ++*query_number), put_flat(queries, r->text ? r->text : ""),
            fputc('\n', queries);
    else
        emit_doc(out, r->id, r->title ? r->title : "", r->text ? r->text : "");
    free(r->title);
    free(r->text);
    memset(r, 0, sizeof *r);
}

static void cranfield(FILE *in, outputs_t *out, FILE *queries)
{
    cran_record_t record = {0};
    char line[8192];
    char section = 0;
    int query_number = 0;
    while (fgets(line, sizeof line, in)) {
        if (line[0] == '.' && line[1] && strchr(" \r\n", line[2])) { /* CRLF in cran.qry */
            section = line[1];
            if (section == 'I') {
                cran_flush(&record, out, queries, &query_number);
                snprintf(record.id, sizeof record.id, "%d", atoi(line + 3));
            }
            continue;
        }
        if (section == 'T')
            append(&record.title, &record.title_len, line);
        else if (section == 'W')
            append(&record.text, &record.text_len, line);
    }
    cran_flush(&record, out, queries, &query_number);
}

/* The SciFact query ids judged in QRELS ("query-id corpus-id score" lines). */
static int judged(const char *qrels_path, const char *id)
{
    FILE *qrels = fopen(qrels_path, "r");
    if (!qrels) {
        perror(qrels_path);
        exit(2);
    }
    char line[256], query[64];
    int found = 0;
    while (!found && fgets(line, sizeof line, qrels))
        found = sscanf(line, "%63s", query) == 1 && strcmp(query, id) == 0;
    fclose(qrels);
    return found;
}

static void scifact_queries(FILE *in, const char *qrels)
{
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, in) > 0) {
        json_error_t error;
        json_t *query = json_loads(line, 0, &error);
        if (!query)
            continue;
        const char *id = json_string_value(json_object_get(query, "_id"));
        const char *text = json_string_value(json_object_get(query, "text"));
        if (id && text && (!qrels || judged(qrels, id))) {
            printf("%s\t", id);
            put_flat(stdout, text);
            putchar('\n');
        }
        json_decref(query);
    }
    free(line);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: prepare docs|queries scifact|cranfield SOURCE [OUTDIR|QRELS]\n");
        return 2;
    }
    FILE *in = fopen(argv[3], "r");
    if (!in) {
        perror(argv[3]);
        return 2;
    }
    int scifact = strcmp(argv[2], "scifact") == 0;
    if (strcmp(argv[1], "queries") == 0) {
        if (scifact)
            scifact_queries(in, argc > 4 ? argv[4] : NULL);
        else
            cranfield(in, NULL, stdout);
    } else {
        if (argc < 5 || (mkdir(argv[4], 0777) != 0 && errno != EEXIST)) {
            fprintf(stderr, "prepare: docs needs a new OUTDIR\n");
            return 2;
        }
        outputs_t out = {.tsv = open_beside(argv[4], ".tsv"),
                         .xapian = open_beside(argv[4], ".xapian"), .dir = argv[4]};
        if (scifact)
            scifact_docs(in, &out);
        else
            cranfield(in, &out, NULL);
        fclose(out.tsv);
        fclose(out.xapian);
    }
    fclose(in);
    return 0;
}
