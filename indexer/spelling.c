/* spelling.c: the words that feed Xapian's spelling table, from which dalil-query draws
 * "did you mean". Each document's exact word forms (letters only, 3 to 40 bytes) count
 * once; the writer sums them over a batch and adds them when it commits, one call per
 * distinct word rather than one per occurrence, since Xapian's spelling updates are dear. */
#include "spelling.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define MIN_WORD 3
#define MAX_WORD 40

struct ix_spelling {
    char **words;
    unsigned *counts;
    size_t cap, used;
};

ix_spelling_t *ix_spelling_new(void)
{
    return calloc(1, sizeof(ix_spelling_t));
}

static void clear(ix_spelling_t *s)
{
    for (size_t i = 0; i < s->cap; i++)
        free(s->words[i]);
    free(s->words);
    free(s->counts);
    s->words = NULL;
    s->counts = NULL;
    s->cap = s->used = 0;
}

void ix_spelling_free(ix_spelling_t *s)
{
    if (!s)
        return;
    clear(s);
    free(s);
}

static size_t slot_of(char **words, size_t cap, const char *word, size_t len)
{
    size_t mask = cap - 1, i = (size_t)XXH3_64bits(word, len) & mask;
    while (words[i] && (strncmp(words[i], word, len) != 0 || words[i][len] != '\0'))
        i = (i + 1) & mask;
    return i;
}

static bool grow(ix_spelling_t *s)
{
    size_t cap = s->cap ? s->cap * 2 : 4096;
    char **words = calloc(cap, sizeof *words);
    unsigned *counts = calloc(cap, sizeof *counts);
    if (!words || !counts) {
        free(words);
        free(counts);
        return false;
    }
    for (size_t i = 0; i < s->cap; i++)
        if (s->words[i]) {
            size_t j = slot_of(words, cap, s->words[i], strlen(s->words[i]));
            words[j] = s->words[i];
            counts[j] = s->counts[i];
        }
    free(s->words);
    free(s->counts);
    s->words = words;
    s->counts = counts;
    s->cap = cap;
    return true;
}

bool ix_spelling_add(ix_spelling_t *s, const char *word, size_t len)
{
    if ((s->used + 1) * 2 > s->cap && !grow(s))
        return false;
    size_t i = slot_of(s->words, s->cap, word, len);
    if (!s->words[i]) {
        if (!(s->words[i] = strndup(word, len)))
            return false;
        s->used++;
    }
    s->counts[i]++;
    return true;
}

bool ix_spelling_add_list(ix_spelling_t *s, const char *list, size_t len)
{
    for (size_t pos = 0; pos < len;) {
        size_t n = strlen(list + pos);
        if (!ix_spelling_add(s, list + pos, n))
            return false;
        pos += n + 1;
    }
    return true;
}

dalil_status_t ix_spelling_flush(ix_spelling_t *s, dalil_db_t *db)
{
    dalil_status_t status = DALIL_OK;
    for (size_t i = 0; i < s->cap && status == DALIL_OK; i++)
        if (s->words[i])
            status = _dalil_db_add_spelling(db, s->words[i], s->counts[i]);
    clear(s);
    return status;
}

/* Letters only: ASCII lowercase (exact forms are folded) or any non-ASCII byte. A term
 * starting with an uppercase letter carries a prefix: it is not a word's exact form. */
static bool is_word(const char *term, size_t len)
{
    if (len < MIN_WORD || len > MAX_WORD)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)term[i];
        if (!(c >= 0x80 || (c >= 'a' && c <= 'z')))
            return false;
    }
    return true;
}

static int collect(void *ctx, const char *term, size_t len, uint32_t wdf)
{
    (void)wdf;
    ix_buf_t *out = ctx;
    if (is_word(term, len) && (!ix_buf_append(out, term, len) || !ix_buf_putc(out, '\0')))
        return 1;
    return 0;
}

bool ix_spelling_words(dalil_doc_t *doc, ix_buf_t *out)
{
    ix_buf_clear(out);
    return _dalil_doc_each_term(doc, collect, out) == DALIL_OK;
}
