/* trec_metrics.c: nDCG@10, MAP and Recall@100 of a ranked run against relevance judgments,
 * with trec_eval's definitions (gain = the judged grade, log2(rank + 1) discount, ideal
 * ranking from all judged documents; AP over the retrieved list; a document is relevant
 * when its grade is above 0). Averaged over every query that has a relevant document;
 * a query the run has nothing for scores 0.
 *
 * Usage: trec_metrics QRELS RUN
 *   QRELS lines: query-id doc-id grade   (whitespace-separated; others, e.g. headers, skipped)
 *   RUN lines:   query-id doc-id         (best first within each query)
 * Prints: ndcg@10 MAP recall@100 queries */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ID_MAX 64

typedef struct {
    char query[ID_MAX], doc[ID_MAX];
    double grade;
} judgment_t;

typedef struct {
    char query[ID_MAX], doc[ID_MAX];
    int rank; /* 1-based within its query, in file order */
} retrieved_t;

static judgment_t *judgments;
static size_t n_judgments;
static retrieved_t *run;
static size_t n_run;

static void *grow(void *array, size_t count, size_t size)
{
    if (count & (count - 1) || count == 0) /* grow at powers of two */
        return array;
    void *grown = realloc(array, (count * 2) * size);
    if (!grown) {
        perror("trec_metrics");
        exit(2);
    }
    return grown;
}

static void read_qrels(const char *path)
{
    FILE *file = fopen(path, "r");
    if (!file) {
        perror(path);
        exit(2);
    }
    char line[512];
    judgments = malloc(sizeof *judgments);
    while (fgets(line, sizeof line, file)) {
        judgment_t j;
        char grade[32];
        if (sscanf(line, "%63s %63s %31s", j.query, j.doc, grade) != 3)
            continue;
        char *end;
        j.grade = strtod(grade, &end);
        if (*end)
            continue; /* a header line */
        judgments = grow(judgments, n_judgments + 1, sizeof *judgments);
        judgments[n_judgments++] = j;
    }
    fclose(file);
}

static void read_run(const char *path)
{
    FILE *file = fopen(path, "r");
    if (!file) {
        perror(path);
        exit(2);
    }
    char line[512], previous[ID_MAX] = "";
    int rank = 0;
    run = malloc(sizeof *run);
    while (fgets(line, sizeof line, file)) {
        retrieved_t r;
        if (sscanf(line, "%63s %63s", r.query, r.doc) != 2)
            continue;
        rank = strcmp(r.query, previous) == 0 ? rank + 1 : 1;
        strcpy(previous, r.query);
        r.rank = rank;
        run = grow(run, n_run + 1, sizeof *run);
        run[n_run++] = r;
    }
    fclose(file);
}

static double grade_of(const char *query, const char *doc)
{
    for (size_t i = 0; i < n_judgments; i++)
        if (strcmp(judgments[i].query, query) == 0 && strcmp(judgments[i].doc, doc) == 0)
            return judgments[i].grade > 0 ? judgments[i].grade : 0;
    return 0;
}

static int by_grade_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

static void score_query(const char *query, double *ndcg, double *ap, double *recall)
{
    double gains[4096];
    size_t n_relevant = 0;
    for (size_t i = 0; i < n_judgments && n_relevant < 4096; i++)
        if (strcmp(judgments[i].query, query) == 0 && judgments[i].grade > 0)
            gains[n_relevant++] = judgments[i].grade;
    qsort(gains, n_relevant, sizeof *gains, by_grade_desc);
    double ideal = 0;
    for (size_t i = 0; i < n_relevant && i < 10; i++)
        ideal += gains[i] / log2((double)i + 2);

    double dcg = 0, precision_sum = 0;
    size_t found = 0, found_100 = 0;
    for (size_t i = 0; i < n_run; i++) {
        if (strcmp(run[i].query, query) != 0)
            continue;
        double grade = grade_of(query, run[i].doc);
        if (run[i].rank <= 10)
            dcg += grade / log2((double)run[i].rank + 1);
        if (grade > 0) {
            found++;
            precision_sum += (double)found / run[i].rank;
            if (run[i].rank <= 100)
                found_100++;
        }
    }
    *ndcg = ideal > 0 ? dcg / ideal : 0;
    *ap = n_relevant ? precision_sum / (double)n_relevant : 0;
    *recall = n_relevant ? (double)found_100 / (double)n_relevant : 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: trec_metrics QRELS RUN\n");
        return 2;
    }
    read_qrels(argv[1]);
    read_run(argv[2]);
    double ndcg_sum = 0, ap_sum = 0, recall_sum = 0;
    size_t queries = 0;
    for (size_t i = 0; i < n_judgments; i++) {
        if (judgments[i].grade <= 0)
            continue;
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = judgments[k].grade > 0 && strcmp(judgments[k].query, judgments[i].query) == 0;
        if (seen)
            continue;
        double ndcg, ap, recall;
        score_query(judgments[i].query, &ndcg, &ap, &recall);
        ndcg_sum += ndcg;
        ap_sum += ap;
        recall_sum += recall;
        queries++;
    }
    if (!queries) {
        fprintf(stderr, "trec_metrics: no judged query\n");
        return 1;
    }
    printf("%.4f %.4f %.4f %zu\n", ndcg_sum / queries, ap_sum / queries, recall_sum / queries, queries);
    return 0;
}
