/* analyzer.c: the one analyzer. ICU word segmentation for every script, NFKC case folding,
 * with each token's byte offsets in the original UTF-8.
 *
 * Why it is shaped this way: the break iterator runs over a UText opened on the UTF-8
 * itself, so the boundaries it reports are byte offsets and no offset map is needed.
 * Folding is the costly step (ICU normalises a token at a fraction of the speed it breaks
 * words), so pure-ASCII tokens, most of an English text, are lowercased in C and only the
 * others go through ICU's NFKC_Casefold.
 *
 * ICU fails in these calls only when memory runs out or when handed arguments it cannot
 * take (a text over 2 GiB), so its errors map to NOMEM and INVALID_ARGUMENT. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

/* A buffer that grows to the largest token seen and is reused for every token. */
typedef struct {
    void *bytes;
    size_t capacity; /* in elements */
} growable_t;

struct dalil_analyzer {
    UBreakIterator *words;
    const UNormalizer2 *nfkc_casefold;
    growable_t utf16_in, utf16_folded, term;
};

static bool grow(growable_t *buffer, size_t elements, size_t element_size)
{
    if (elements <= buffer->capacity)
        return true;
    size_t capacity = elements < 64 ? 64 : elements * 2;
    void *bytes = realloc(buffer->bytes, capacity * element_size);
    if (!bytes)
        return false;
    buffer->bytes = bytes;
    buffer->capacity = capacity;
    return true;
}

static dalil_status_t from_icu(UErrorCode error)
{
    return error == U_MEMORY_ALLOCATION_ERROR ? DALIL_NOMEM : DALIL_INVALID_ARGUMENT;
}

dalil_status_t dalil_analyzer_new(dalil_analyzer_t **analyzer_out)
{
    *analyzer_out = NULL;
    dalil_analyzer_t *analyzer = calloc(1, sizeof *analyzer);
    if (!analyzer)
        return DALIL_NOMEM;
    UErrorCode error = U_ZERO_ERROR;
    analyzer->words = ubrk_open(UBRK_WORD, "", NULL, 0, &error);
    if (U_SUCCESS(error))
        analyzer->nfkc_casefold = unorm2_getNFKCCasefoldInstance(&error);
    if (U_FAILURE(error)) {
        dalil_analyzer_free(analyzer);
        return from_icu(error);
    }
    *analyzer_out = analyzer;
    return DALIL_OK;
}

void dalil_analyzer_free(dalil_analyzer_t *analyzer)
{
    if (!analyzer)
        return;
    ubrk_close(analyzer->words);
    free(analyzer->utf16_in.bytes);
    free(analyzer->utf16_folded.bytes);
    free(analyzer->term.bytes);
    free(analyzer);
}

static bool is_ascii(const char *bytes, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)bytes[i] >= 0x80)
            return false;
    return true;
}

static dalil_status_t fold_ascii(dalil_analyzer_t *analyzer, const char *word, size_t len,
                                 size_t *term_len)
{
    if (!grow(&analyzer->term, len + 1, 1))
        return DALIL_NOMEM;
    char *term = analyzer->term.bytes;
    for (size_t i = 0; i < len; i++) {
        char c = word[i];
        term[i] = (c >= 'A' && c <= 'Z') ? (char)(c + ('a' - 'A')) : c;
    }
    term[len] = '\0';
    *term_len = len;
    return DALIL_OK;
}

/* UTF-8 → UTF-16 → NFKC_Casefold → UTF-8, in the analyzer's reusable buffers. */
static dalil_status_t fold_unicode(dalil_analyzer_t *analyzer, const char *word, size_t len,
                                   size_t *term_len)
{
    if (len > INT32_MAX / 4)
        return DALIL_INVALID_ARGUMENT;
    UErrorCode error = U_ZERO_ERROR;
    int32_t in_len = 0;
    if (!grow(&analyzer->utf16_in, len + 1, sizeof(UChar)))
        return DALIL_NOMEM;
    u_strFromUTF8WithSub(analyzer->utf16_in.bytes, (int32_t)analyzer->utf16_in.capacity,
                         &in_len, word, (int32_t)len, 0xFFFD, NULL, &error);
    if (U_FAILURE(error))
        return from_icu(error);

    /* Case folding with NFKC can lengthen text (ß → ss, ligatures): retry once at the size
     * ICU asks for. */
    int32_t folded_len = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        error = U_ZERO_ERROR;
        folded_len = unorm2_normalize(analyzer->nfkc_casefold, analyzer->utf16_in.bytes,
                                      in_len, analyzer->utf16_folded.bytes,
                                      (int32_t)analyzer->utf16_folded.capacity, &error);
        if (error != U_BUFFER_OVERFLOW_ERROR)
            break;
        if (!grow(&analyzer->utf16_folded, (size_t)folded_len + 1, sizeof(UChar)))
            return DALIL_NOMEM;
    }
    if (U_FAILURE(error))
        return from_icu(error);

    int32_t out_len = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        error = U_ZERO_ERROR;
        u_strToUTF8(analyzer->term.bytes, (int32_t)analyzer->term.capacity, &out_len,
                    analyzer->utf16_folded.bytes, folded_len, &error);
        if (error != U_BUFFER_OVERFLOW_ERROR && error != U_STRING_NOT_TERMINATED_WARNING)
            break;
        if (!grow(&analyzer->term, (size_t)out_len + 1, 1))
            return DALIL_NOMEM;
    }
    if (U_FAILURE(error))
        return from_icu(error);
    ((char *)analyzer->term.bytes)[out_len] = '\0';
    *term_len = (size_t)out_len;
    return DALIL_OK;
}

dalil_status_t dalil_analyze(dalil_analyzer_t *analyzer, const char *text, size_t len,
                             dalil_token_fn fn, void *ctx)
{
    if (len > INT32_MAX) /* ICU's break positions are 32-bit */
        return DALIL_INVALID_ARGUMENT;
    UErrorCode error = U_ZERO_ERROR;
    UText *utext = utext_openUTF8(NULL, text, (int64_t)len, &error);
    if (U_FAILURE(error))
        return from_icu(error);
    ubrk_setUText(analyzer->words, utext, &error);
    if (U_FAILURE(error)) {
        utext_close(utext);
        return from_icu(error);
    }

    dalil_status_t status = DALIL_OK;
    uint32_t position = 0;
    int32_t start = ubrk_first(analyzer->words);
    for (int32_t end = ubrk_next(analyzer->words); end != UBRK_DONE;
         start = end, end = ubrk_next(analyzer->words)) {
        if (ubrk_getRuleStatus(analyzer->words) < UBRK_WORD_NONE_LIMIT)
            continue; /* spaces and punctuation */
        position++;
        const char *word = text + start;
        size_t word_len = (size_t)(end - start);
        size_t term_len = 0;
        status = is_ascii(word, word_len) ? fold_ascii(analyzer, word, word_len, &term_len)
                                          : fold_unicode(analyzer, word, word_len, &term_len);
        if (status != DALIL_OK)
            break;
        if (term_len == 0 || term_len > DALIL_MAX_TERM_BYTES)
            continue; /* too long to index; its position stays used */
        dalil_form_t exact = {.term = analyzer->term.bytes, .rule = DALIL_RULE_EXACT, .positional = 1};
        dalil_token_t token = {
            .term = analyzer->term.bytes,
            .term_len = term_len,
            .start = (size_t)start,
            .end = (size_t)end,
            .position = position,
            .forms = &exact,
            .n_forms = 1,
        };
        if (fn(ctx, &token))
            break;
    }
    /* Detach the text before it is closed: the iterator must not keep a dangling UText. */
    static const UChar empty[1] = {0};
    UErrorCode detach_error = U_ZERO_ERROR;
    ubrk_setText(analyzer->words, empty, 0, &detach_error);
    utext_close(utext);
    return status;
}
