/* test_sentences.c: sentences.c's boundaries are ICU's sentence break iterator's (root
 * rules): its ASCII table against ICU's Sentence_Break property; preceding and following
 * at every offset of every string of up to 4 characters drawn from the classes, and of
 * random longer strings; every boundary of every file of the sample corpus and, given a
 * directory (../shared/corpora), of every file under it (exit 77 when it is absent). */
#include "sentences.h"
#include "test_util.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

static const char *directory; /* argv[1]: a corpus directory, or NULL for the unit tests */

/* ICU's iterator over `len` bytes of `text`; close with close_icu. */
typedef struct {
    UBreakIterator *bi;
    UText *ut;
} icu_t;

static icu_t open_icu(const char *text, size_t len)
{
    UErrorCode error = U_ZERO_ERROR;
    icu_t icu = {ubrk_open(UBRK_SENTENCE, "", NULL, 0, &error), NULL};
    icu.ut = utext_openUTF8(NULL, text, (int64_t)len, &error);
    ubrk_setUText(icu.bi, icu.ut, &error);
    assert_false(U_FAILURE(error));
    return icu;
}

static void close_icu(icu_t icu)
{
    ubrk_close(icu.bi);
    utext_close(icu.ut);
}

/* Both queries at every offset of the text (and one past its end), exactly and with a
 * `within` limit, against ICU's. */
static void check_every_offset(_dalil_sentences_t *s, icu_t icu, const char *text, size_t len)
{
    assert_int_equal(_dalil_sentences_set_text(s, text, len), DALIL_OK);
    for (size_t offset = 0; offset <= len + 1; offset++) {
        int64_t want_p = ubrk_preceding(icu.bi, (int32_t)offset);
        int64_t want_f = ubrk_following(icu.bi, (int32_t)offset);
        int64_t got_p = _dalil_sentence_preceding(s, offset, 0);
        int64_t got_f = _dalil_sentence_following(s, offset, 0);
        if (got_p != want_p || got_f != want_f) {
            fprintf(stderr, "text \"");
            for (size_t i = 0; i < len; i++)
                fprintf(stderr, (unsigned char)text[i] < 0x20 ? "\\x%02x" : "%c", (unsigned char)text[i]);
            fprintf(stderr, "\" offset %zu: preceding %lld (ICU %lld), following %lld (ICU %lld)\n", offset,
                    (long long)got_p, (long long)want_p, (long long)got_f, (long long)want_f);
            fail();
        }
        /* with a limit: ICU's answer, or none when that is further than the limit */
        for (size_t within = 1; within <= 4; within += 3) {
            int64_t p = _dalil_sentence_preceding(s, offset, within);
            int64_t f = _dalil_sentence_following(s, offset, within);
            assert_true(p == want_p || (p == -1 && (int64_t)offset - want_p > (int64_t)within));
            assert_true(f == want_f || (f == -1 && want_f - (int64_t)offset > (int64_t)within - 4));
        }
    }
}

/* ---- The class table ---------------------------------------------------------------- */

static void test_ascii_classes(void **state)
{
    (void)state;
    for (uint32_t c = 0; c < 0x80; c++)
        assert_int_equal(_dalil_sentence_class(c), u_getIntPropertyValue((UChar32)c, UCHAR_SENTENCE_BREAK));
    assert_int_equal(_dalil_sentence_class(0x061F), U_SB_STERM); /* Arabic question mark */
    assert_int_equal(_dalil_sentence_class(0x064E), U_SB_EXTEND); /* fatha */
}

/* ---- Strings of the classes' characters --------------------------------------------- */

/* A character of each class, and of the classes the rules treat apart, in UTF-8. */
static const char *const SMALL[] = {
    "a", "A", "1", ".", "?", ",", "\"", " ", "\n", "\r", "#", "\xD9\x85" /* OLetter */,
    "\xD9\x8E" /* Extend */, "\xE2\x80\x8E" /* Format */, "\xE2\x80\xA8" /* Sep */,
};
static const char *const LARGE[] = {
    "a", "b", "A", "B", "1", ".", "?", "!", ",", ":", "-", "\"", "'", "(", ")", " ", "\t",
    "\n", "\r", "#", "\xC2\xA0" /* NBSP: Sp */, "\xC2\x85" /* NEL: Sep */, "\xC2\xAB" /* Close */,
    "\xC3\xA9" /* Lower */, "\xC3\x89" /* Upper */, "\xC2\xAD" /* soft hyphen: Format */,
    "\xD9\x85", "\xD9\x8E", "\xD8\x9F" /* STerm */, "\xD8\x8C" /* SContinue */, "\xD9\xA1" /* Numeric */,
    "\xE2\x80\x8C" /* ZWNJ: Extend */, "\xE2\x80\x8E", "\xE2\x80\xA4" /* ATerm */, "\xE2\x80\x99" /* Close */,
    "\xE2\x80\x94" /* SContinue */, "\xE3\x80\x82" /* STerm */, "\xE4\xB8\xAD" /* OLetter */,
    "\xF0\x9F\x98\x80" /* Other, four bytes */,
};
#define N_SMALL (sizeof SMALL / sizeof SMALL[0])
#define N_LARGE (sizeof LARGE / sizeof LARGE[0])

static void test_every_short_string(void **state)
{
    (void)state;
    _dalil_sentences_t *s = _dalil_sentences_new();
    assert_non_null(s);
    char text[64];
    size_t checked = 0;
    for (size_t length = 1; length <= 4; length++) {
        size_t total = 1;
        for (size_t k = 0; k < length; k++)
            total *= N_SMALL;
        for (size_t n = 0; n < total; n++) {
            size_t len = 0;
            for (size_t k = 0, m = n; k < length; k++, m /= N_SMALL) {
                const char *c = SMALL[m % N_SMALL];
                memcpy(text + len, c, strlen(c));
                len += strlen(c);
            }
            icu_t icu = open_icu(text, len);
            check_every_offset(s, icu, text, len);
            assert_true(_dalil_sentences_own(s));
            close_icu(icu);
            checked++;
        }
    }
    assert_int_equal(checked, N_SMALL + N_SMALL * N_SMALL + N_SMALL * N_SMALL * N_SMALL +
                                  N_SMALL * N_SMALL * N_SMALL * N_SMALL);
    _dalil_sentences_free(s);
}

static void test_random_strings(void **state)
{
    (void)state;
    _dalil_sentences_t *s = _dalil_sentences_new();
    assert_non_null(s);
    srand(29);
    char text[40 * 4];
    for (int n = 0; n < 20000; n++) {
        size_t length = 5 + (size_t)rand() % 36, len = 0;
        for (size_t k = 0; k < length; k++) {
            const char *c = LARGE[(size_t)rand() % N_LARGE];
            memcpy(text + len, c, strlen(c));
            len += strlen(c);
        }
        icu_t icu = open_icu(text, len);
        check_every_offset(s, icu, text, len);
        close_icu(icu);
    }
    _dalil_sentences_free(s);
}

/* Text that is not UTF-8 is ICU's to break, and the answers are ICU's. */
static void test_broken_utf8(void **state)
{
    (void)state;
    _dalil_sentences_t *s = _dalil_sentences_new();
    assert_non_null(s);
    static const char *const texts[] = {"Done.\xFF Next one. \xC3", "A. \xE2\x80 b? C", "\xED\xA0\x80. X"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        size_t len = strlen(texts[i]);
        icu_t icu = open_icu(texts[i], len);
        check_every_offset(s, icu, texts[i], len);
        assert_false(_dalil_sentences_own(s));
        close_icu(icu);
    }
    /* and a valid text after them is the rules' again */
    assert_int_equal(_dalil_sentences_set_text(s, "Yes. No.", 8), DALIL_OK);
    assert_true(_dalil_sentences_own(s));
    assert_int_equal(_dalil_sentence_following(s, 0, 0), 5);
    _dalil_sentences_free(s);
}

/* ---- Files -------------------------------------------------------------------------- */

typedef struct {
    _dalil_sentences_t *s;
    size_t files, own, boundaries;
} walk_t;

/* Every boundary of the file, found forward and backward, is ICU's. */
static void check_file(walk_t *w, const char *path)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return;
    char *text = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[65536];
    while ((n = fread(chunk, 1, sizeof chunk, file)) > 0) {
        if (len + n > cap) {
            cap = (len + n) * 2;
            text = realloc(text, cap);
            assert_non_null(text);
        }
        memcpy(text + len, chunk, n);
        len += n;
    }
    fclose(file);
    if (len == 0 || len > INT32_MAX) {
        free(text);
        return;
    }
    icu_t icu = open_icu(text, len);
    assert_int_equal(_dalil_sentences_set_text(w->s, text, len), DALIL_OK);
    int64_t at = 0;
    for (int32_t want = ubrk_following(icu.bi, 0); want != UBRK_DONE; want = ubrk_following(icu.bi, want)) {
        int64_t got = _dalil_sentence_following(w->s, (size_t)at, 0);
        if (got != want)
            fprintf(stderr, "%s: the boundary after %lld is %d, not %lld\n", path, (long long)at, want, (long long)got);
        assert_int_equal(got, want);
        assert_int_equal(_dalil_sentence_preceding(w->s, (size_t)want, 0), at);
        at = want;
        w->boundaries++;
    }
    assert_int_equal(_dalil_sentence_following(w->s, len, 0), -1);
    w->own += _dalil_sentences_own(w->s);
    w->files++;
    close_icu(icu);
    free(text);
}

static void walk(walk_t *w, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char *path = test_path(dir, e->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            walk(w, path);
        else if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            check_file(w, path);
        free(path);
    }
    closedir(d);
}

static void check_directory(const char *dir)
{
    walk_t w = {_dalil_sentences_new(), 0, 0, 0};
    assert_non_null(w.s);
    walk(&w, dir);
    printf("%s: %zu files (%zu valid UTF-8), %zu boundaries as ICU's\n", dir, w.files, w.own, w.boundaries);
    assert_true(w.files > 0);
    _dalil_sentences_free(w.s);
}

static void test_sample_corpus(void **state)
{
    (void)state;
    check_directory(DALIL_SOURCE_DIR "/corpora");
}

static void test_directory(void **state)
{
    (void)state;
    check_directory(directory);
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        struct stat st;
        directory = argv[1];
        if (stat(directory, &st) != 0 || !S_ISDIR(st.st_mode)) {
            printf("%s is absent: skipped\n", directory);
            return 77;
        }
        const struct CMUnitTest tests[] = {cmocka_unit_test(test_directory)};
        return cmocka_run_group_tests(tests, NULL, NULL);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii_classes),      cmocka_unit_test(test_every_short_string),
        cmocka_unit_test(test_random_strings),     cmocka_unit_test(test_broken_utf8),
        cmocka_unit_test(test_sample_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
