/* test_analyzer_corpora.c: on every file of a corpus directory (../shared/corpora), the
 * analyzer's own word breaks give the token stream ICU's iterator gives: each token's
 * bytes, position and forms, the words _dalil_analyze_words reports, and the tokens of
 * parts analysed from a word inside the text. Exits 77 (skipped) without the directory. */
#include "internal.h"
#include "test_util.h"

#include <sys/stat.h>

static const char *corpora; /* argv[1] */

typedef struct {
    size_t start, end;
    uint32_t position;
    uint64_t forms; /* a hash of the term and of every form: its term, rule and kind */
} token_t;

typedef struct {
    token_t *tokens;
    size_t count, capacity;
} stream_t;

static void push(stream_t *stream, token_t token)
{
    if (stream->count == stream->capacity) {
        stream->capacity = stream->capacity ? stream->capacity * 2 : 1024;
        stream->tokens = realloc(stream->tokens, stream->capacity * sizeof *stream->tokens);
        assert_non_null(stream->tokens);
    }
    stream->tokens[stream->count++] = token;
}

static uint64_t hash_bytes(uint64_t h, const void *bytes, size_t len)
{
    for (size_t i = 0; i < len; i++)
        h = (h ^ ((const unsigned char *)bytes)[i]) * 1099511628211u; /* FNV-1a */
    return h;
}

static int record_token(void *ctx, const dalil_token_t *token)
{
    uint64_t h = hash_bytes(14695981039346656037u, token->term, token->term_len + 1);
    for (size_t i = 0; i < token->n_forms; i++) {
        const dalil_form_t *form = &token->forms[i];
        uint32_t kind[3] = {form->rule, (uint32_t)form->positional, form->words};
        h = hash_bytes(hash_bytes(h, form->term, strlen(form->term) + 1), kind, sizeof kind);
    }
    push(ctx, (token_t){token->start, token->end, token->position, h});
    return 0;
}

static int record_word(void *ctx, size_t start, size_t end, uint32_t position)
{
    push(ctx, (token_t){start, end, position, 0});
    return 0;
}

/* Fails with the first difference between the streams of `path`, if any. */
static void assert_same_streams(const char *path, const char *what, const stream_t *icu,
                                const stream_t *own)
{
    size_t n = icu->count < own->count ? icu->count : own->count;
    for (size_t i = 0; i < n; i++) {
        const token_t *a = &icu->tokens[i], *b = &own->tokens[i];
        if (a->start != b->start || a->end != b->end || a->position != b->position ||
            a->forms != b->forms)
            fail_msg("%s: %s: token %zu differs: ICU [%zu, %zu) at %u, own [%zu, %zu) at %u%s",
                     path, what, i, a->start, a->end, (unsigned)a->position, b->start, b->end,
                     (unsigned)b->position, a->forms != b->forms ? ", other forms" : "");
    }
    if (icu->count != own->count)
        fail_msg("%s: %s: %zu tokens by ICU's breaks, %zu by the analyzer's", path, what,
                 icu->count, own->count);
}

typedef struct {
    dalil_analyzer_t *icu, *own; /* ICU's breaks only; the analyzer's own where it can */
    size_t files, bytes, tokens, parts;
} check_t;

static check_t check;

/* Every PART_EVERY-th token starts a part of PART_BYTES bytes, analysed from there. */
#define PART_EVERY 499
#define PART_BYTES 1024

static void check_text(const char *path, const char *text, size_t len)
{
    stream_t icu = {0}, own = {0};
    assert_int_equal(dalil_analyze(check.icu, text, len, record_token, &icu), DALIL_OK);
    assert_int_equal(dalil_analyze(check.own, text, len, record_token, &own), DALIL_OK);
    assert_same_streams(path, "dalil_analyze", &icu, &own);
    check.tokens += icu.count;

    stream_t starts = icu; /* kept for the parts */
    icu = (stream_t){0};
    own.count = 0;
    assert_int_equal(_dalil_analyze_words(check.icu, text, len, record_word, &icu), DALIL_OK);
    assert_int_equal(_dalil_analyze_words(check.own, text, len, record_word, &own), DALIL_OK);
    assert_same_streams(path, "_dalil_analyze_words", &icu, &own);

    for (size_t i = PART_EVERY / 2; i < starts.count; i += PART_EVERY) {
        size_t start = starts.tokens[i].start, to = start + PART_BYTES < len ? start + PART_BYTES : len;
        icu.count = own.count = 0;
        assert_int_equal(_dalil_analyze_part(check.icu, text, len, start, start, to, record_token, &icu),
                         DALIL_OK);
        assert_int_equal(_dalil_analyze_part(check.own, text, len, start, start, to, record_token, &own),
                         DALIL_OK);
        assert_same_streams(path, "_dalil_analyze_part", &icu, &own);
        check.parts++;
    }
    free(starts.tokens);
    free(icu.tokens);
    free(own.tokens);
}

static int check_file(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)ftw;
    if (flag != FTW_F || !S_ISREG(st->st_mode))
        return 0;
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *text = malloc((size_t)st->st_size + 1);
    assert_non_null(text);
    size_t len = fread(text, 1, (size_t)st->st_size, f);
    fclose(f);
    assert_int_equal(len, (size_t)st->st_size);
    check_text(path, text, len);
    free(text);
    check.files++;
    check.bytes += len;
    return 0;
}

static void test_every_file_has_icus_tokens(void **state)
{
    (void)state;
    assert_int_equal(dalil_analyzer_new(&check.icu), DALIL_OK);
    assert_int_equal(dalil_analyzer_new(&check.own), DALIL_OK);
    _dalil_analyzer_set_icu_breaks(check.icu, true);
    assert_int_equal(nftw(corpora, check_file, 16, FTW_PHYS), 0);
    printf("%zu files, %.1f MB, %zu tokens, %zu parts: the same\n", check.files,
           (double)check.bytes / 1e6, check.tokens, check.parts);
    assert_true(check.files > 0);
    dalil_analyzer_free(check.icu);
    dalil_analyzer_free(check.own);
}

int main(int argc, char **argv)
{
    struct stat st;
    if (argc != 2 || stat(argv[1], &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "test_analyzer_corpora: no corpora at %s: skipped\n", argc > 1 ? argv[1] : "?");
        return 77;
    }
    corpora = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_file_has_icus_tokens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
