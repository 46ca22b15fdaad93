/* throughput.c: the analyzer's speed beside ICU word break alone, on the same text.
 * Usage: throughput FILE...  (the files are concatenated, read once; each pass is timed)
 * Prints "bytes wordbreak_seconds analyzer_seconds words forms". */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
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

int main(int argc, char **argv)
{
    size_t len = 0;
    char *text = read_all(argc - 1, argv + 1, &len);
    dalil_analyzer_t *analyzer = NULL;
    if (!text || len == 0 || dalil_analyzer_new(&analyzer) != DALIL_OK) {
        fprintf(stderr, "throughput: no text or no analyzer\n");
        return 1;
    }
    /* Texts are analysed a document at a time in practice: 64 KiB pieces, cut at spaces. */
    double t0 = now();
    size_t words = 0;
    for (size_t at = 0; at < len;) {
        size_t n = len - at < 65536 ? len - at : 65536;
        while (at + n < len && n > 1 && text[at + n] != ' ' && text[at + n] != '\n')
            n--;
        words += word_break(text + at, n);
        at += n;
    }
    double t1 = now();
    counts_t counts = {0};
    for (size_t at = 0; at < len;) {
        size_t n = len - at < 65536 ? len - at : 65536;
        while (at + n < len && n > 1 && text[at + n] != ' ' && text[at + n] != '\n')
            n--;
        if (dalil_analyze(analyzer, text + at, n, count_token, &counts) != DALIL_OK)
            return 1;
        at += n;
    }
    double t2 = now();
    printf("%zu %.4f %.4f %zu %zu\n", len, t1 - t0, t2 - t1, counts.words, counts.forms);
    (void)words;
    dalil_analyzer_free(analyzer);
    free(text);
    return 0;
}
