/* throughput.c: the analyzer's speed beside ICU word break alone, on the same text.
 * Usage: throughput [-r ROUNDS] FILE...  (the files are concatenated and read once; the
 * two passes take turns ROUNDS times, each with its best time kept)
 * Prints "bytes wordbreak_seconds analyzer_seconds words forms". */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

/* CPU time of this thread: what one core spends, whatever else the machine runs. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *read_all(int n, char **paths, size_t *len_out)
{
    size_t len = 0, cap = 1 << 20;
    char *text = malloc(cap);
    for (int i = 0; i < n && text; i++) {
        FILE *f = fopen(paths[i], "rb");
        if (!f)
            continue;
        size_t got;
        while (text && (got = fread(text + len, 1, cap - len, f)) > 0) {
            len += got;
            if (len == cap)
                text = realloc(text, cap *= 2);
        }
        fclose(f);
    }
    *len_out = len;
    return text;
}

/* ICU word break alone, as the analyzer drives it: a UText over the UTF-8. */
static size_t word_break(const char *text, size_t len)
{
    UErrorCode error = U_ZERO_ERROR;
    UBreakIterator *words = ubrk_open(UBRK_WORD, "", NULL, 0, &error);
    UText *utext = utext_openUTF8(NULL, text, (int64_t)len, &error);
    ubrk_setUText(words, utext, &error);
    size_t count = 0;
    for (int32_t end = (ubrk_first(words), ubrk_next(words)); end != UBRK_DONE; end = ubrk_next(words))
        if (ubrk_getRuleStatus(words) >= UBRK_WORD_NONE_LIMIT)
            count++;
    ubrk_close(words);
    utext_close(utext);
    return U_SUCCESS(error) ? count : 0;
}

/* Texts are analysed a document at a time in practice: 64 KiB pieces, cut at spaces. */
static size_t piece(const char *text, size_t len, size_t at)
{
    size_t n = len - at < 65536 ? len - at : 65536;
    while (at + n < len && n > 1 && text[at + n] != ' ' && text[at + n] != '\n')
        n--;
    return n;
}

typedef struct {
    size_t words, forms;
} counts_t;

static int count_token(void *ctx, const dalil_token_t *token)
{
    counts_t *c = ctx;
    c->words++;
    c->forms += token->n_forms;
    return 0;
}

/* One pass of the analyzer over the text, with a new analyzer (its word cache cold, as
 * at the start of an indexing run). Returns the seconds taken, or -1. */
static double analyzer_pass(const char *text, size_t len, counts_t *counts)
{
    dalil_analyzer_t *analyzer = NULL;
    if (dalil_analyzer_new(&analyzer) != DALIL_OK)
        return -1;
    *counts = (counts_t){0};
    double t0 = now();
    for (size_t at = 0; at < len;) {
        size_t n = piece(text, len, at);
        if (dalil_analyze(analyzer, text + at, n, count_token, counts) != DALIL_OK)
            return -1;
        at += n;
    }
    double seconds = now() - t0;
    dalil_analyzer_free(analyzer);
    return seconds;
}

static double word_break_pass(const char *text, size_t len)
{
    double t0 = now();
    for (size_t at = 0; at < len;) {
        size_t n = piece(text, len, at);
        word_break(text + at, n);
        at += n;
    }
    return now() - t0;
}

int main(int argc, char **argv)
{
    int rounds = 1;
    if (argc > 2 && strcmp(argv[1], "-r") == 0) {
        rounds = atoi(argv[2]);
        argc -= 2;
        argv += 2;
    }
    size_t len = 0;
    char *text = read_all(argc - 1, argv + 1, &len);
    if (!text || len == 0 || rounds < 1) {
        fprintf(stderr, "usage: throughput [-r ROUNDS] FILE...\n");
        return 1;
    }
    /* The two passes take turns, and each keeps its best round: on a machine shared with
     * other jobs, the ratio of the bests is steadier than one round's. */
    double best_break = 0, best_analyzer = 0;
    counts_t counts = {0};
    for (int r = 0; r < rounds; r++) {
        double b = word_break_pass(text, len);
        double a = analyzer_pass(text, len, &counts);
        if (a < 0) {
            fprintf(stderr, "throughput: the analyzer failed\n");
            return 1;
        }
        if (r == 0 || b < best_break)
            best_break = b;
        if (r == 0 || a < best_analyzer)
            best_analyzer = a;
    }
    printf("%zu %.4f %.4f %zu %zu\n", len, best_break, best_analyzer, counts.words, counts.forms);
    free(text);
    return 0;
}
