/* fuzz_snippets.c: the snippet maker on arbitrary stored text. The input is
 * [flags][title NUL]text: the flags byte picks how many excerpts, how long, and which of
 * the text's own words are the hit's matching terms (so that words do match), with a
 * wildcard prefix and terms found nowhere. Every excerpt must be UTF-8, its highlights in
 * order, apart and inside it, and each match must lie in the text or title it names. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TERMS 64

static void fail(const char *why, const char *text, size_t len)
{
    fprintf(stderr, "fuzz_snippets: %s: [%.*s]\n", why, (int)len, text ? text : "");
    abort();
}

typedef struct {
    char *terms[MAX_TERMS];
    size_t n_terms;
    unsigned every; /* take the forms of every Nth word */
    unsigned seen;
    char prefix[4];
} picker_t;

static void add_term(picker_t *p, const char *term)
{
    for (size_t i = 0; i < p->n_terms; i++)
        if (strcmp(p->terms[i], term) == 0)
            return;
    if (p->n_terms < MAX_TERMS && !(p->terms[p->n_terms] = strdup(term)))
        abort();
    p->n_terms += p->n_terms < MAX_TERMS;
}

static int pick_terms(void *ctx, const dalil_token_t *token)
{
    picker_t *p = ctx;
    if (p->seen++ % p->every == 0) {
        for (size_t f = 0; f < token->n_forms; f++)
            add_term(p, token->forms[f].term);
        if (!p->prefix[0] && token->term_len >= 3)
            memcpy(p->prefix, token->term, 2); /* a wildcard: the first two bytes */
    }
    return 0;
}

static int compare_terms(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool valid_utf8(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        size_t n = u[i] < 0x80 ? 1 : u[i] >= 0xC2 && u[i] <= 0xDF ? 2 : u[i] >= 0xE0 && u[i] <= 0xEF ? 3
                 : u[i] >= 0xF0 && u[i] <= 0xF4 ? 4 : 0;
        if (!n || i + n > len)
            return false;
        for (size_t k = 1; k < n; k++)
            if ((u[i + k] & 0xC0) != 0x80)
                return false;
        i += n;
    }
    return true;
}

static void check_snippets(const _dalil_snippets_t *out, const picker_t *p, size_t title_len,
                           size_t text_len)
{
    for (size_t i = 0; i < out->n_snippets; i++) {
        const _dalil_snippet_t *s = &out->snippets[i];
        if (!s->text || strlen(s->text) != s->len)
            fail("excerpt length", s->text, s->len);
        if (!valid_utf8(s->text, s->len))
            fail("excerpt not UTF-8", s->text, s->len);
        if (s->source.start > s->source.end || s->source.end > text_len)
            fail("source range outside the text", s->text, s->len);
        size_t last_end = 0;
        for (size_t h = 0; h < s->n_highlights; h++) {
            _dalil_range_t r = s->highlights[h];
            if (r.start >= r.end || r.start < last_end || r.end > s->len ||
                !valid_utf8(s->text + r.start, r.end - r.start))
                fail("highlight out of order or outside the excerpt", s->text, s->len);
            last_end = r.end;
        }
    }
    for (size_t i = 0; i < out->n_matches; i++) {
        const _dalil_match_t *m = &out->matches[i];
        bool ours = strcmp(m->term, p->prefix) == 0;
        for (size_t t = 0; t < p->n_terms && !ours; t++)
            ours = m->term == p->terms[t];
        if (!ours || m->where.start >= m->where.end ||
            m->where.end > (m->in_title ? title_len : text_len))
            fail("match outside its text", m->term, strlen(m->term));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static dalil_analyzer_t *analyzer;
    static _dalil_snipper_t *snipper;
    if (!analyzer && (dalil_analyzer_new(&analyzer) != DALIL_OK || _dalil_snipper_new(&snipper) != DALIL_OK))
        abort();
    if (size == 0)
        return 0;
    static const size_t lengths[] = {0, 1, 40, 120, 600};
    unsigned flags = data[0];
    _dalil_snippet_params_t params = {.max_snippets = flags & 3,
                                      .max_bytes = lengths[(flags >> 2) % 5]};
    const char *input = (const char *)data + 1;
    size_t len = size - 1;
    const char *nul = memchr(input, '\0', len);
    const char *title = nul ? input : NULL;
    size_t title_len = nul ? (size_t)(nul - input) : 0;
    const char *text = nul ? nul + 1 : input;
    size_t text_len = nul ? len - title_len - 1 : len;

    picker_t p = {.every = 1 + (flags >> 5)};
    if (dalil_analyze(analyzer, text, text_len, pick_terms, &p) != DALIL_OK)
        abort();
    add_term(&p, "Snowhere");   /* a title term found nowhere */
    add_term(&p, "zzzzunseen"); /* a word found nowhere */
    qsort(p.terms, p.n_terms, sizeof *p.terms, compare_terms);
    char *prefixes[1] = {p.prefix};

    _dalil_snippets_t out;
    dalil_status_t status = _dalil_snippets_make(snipper, analyzer, title, title_len, text, text_len,
                                                 p.terms, p.n_terms, prefixes, p.prefix[0] ? 1 : 0,
                                                 &params, &out);
    if (status != DALIL_OK)
        fail(dalil_status_str(status), text, text_len);
    check_snippets(&out, &p, title_len, text_len);
    _dalil_snippets_clear(&out);
    for (size_t i = 0; i < p.n_terms; i++)
        free(p.terms[i]);
    return 0;
}
