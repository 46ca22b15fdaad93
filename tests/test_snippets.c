/* test_snippets.c: excerpts of a hit's text: which words are highlighted (by any of their
 * indexed forms), the byte offsets of the highlights, sentence cuts, ellipses, Arabic. */
#include "internal.h"
#include "test_util.h"

typedef struct {
    dalil_analyzer_t *analyzer;
    _dalil_snipper_t *snipper;
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    assert_int_equal(dalil_analyzer_new(&f->analyzer), DALIL_OK);
    assert_int_equal(_dalil_snipper_new(&f->snipper), DALIL_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    _dalil_snipper_free(f->snipper);
    dalil_analyzer_free(f->analyzer);
    free(f);
    return 0;
}

/* The highlighted substrings of snippet `s`, joined by '|'. */
static char *highlighted(const _dalil_snippet_t *s)
{
    char *joined = calloc(1, s->len + s->n_highlights + 1);
    for (size_t i = 0; i < s->n_highlights; i++) {
        assert_true(s->highlights[i].start < s->highlights[i].end);
        assert_true(s->highlights[i].end <= s->len);
        if (i) {
            assert_true(s->highlights[i - 1].end <= s->highlights[i].start);
            strcat(joined, "|");
        }
        strncat(joined, s->text + s->highlights[i].start, s->highlights[i].end - s->highlights[i].start);
    }
    return joined;
}

static void make(fixture_t *f, const char *title, const char *text, char *const *terms,
                 size_t n_terms, size_t max_bytes, _dalil_snippets_t *out)
{
    _dalil_snippet_params_t params = {.max_bytes = max_bytes};
    assert_int_equal(_dalil_snippets_make(f->snipper, f->analyzer, title, title ? strlen(title) : 0,
                                          text, strlen(text), terms, n_terms, NULL, 0, &params, out),
                     DALIL_OK);
}

static void test_sentence_with_the_match_and_ellipses(void **state)
{
    fixture_t *f = *state;
    const char *text = "The weather was calm.  The oil price fell\nin Damascus on Monday. "
                       "Bread was scarce. Nothing else happened.";
    char *terms[] = {"damascus", "oil"};
    _dalil_snippets_t out;
    make(f, NULL, text, terms, 2, 0, &out);
    assert_int_equal(out.n_snippets, 1);
    assert_string_equal(out.snippets[0].text, "\xE2\x80\xA6The oil price fell in Damascus on Monday.\xE2\x80\xA6");
    char *hl = highlighted(&out.snippets[0]);
    assert_string_equal(hl, "oil|Damascus");
    free(hl);
    /* offsets are bytes in the snippet text: "…" is 3 bytes, "The " 4 */
    assert_int_equal(out.snippets[0].highlights[0].start, 7);
    assert_int_equal(out.snippets[0].highlights[0].end, 10);
    /* the source range is the sentence, in bytes of the stored text */
    assert_memory_equal(text + out.snippets[0].source.start, "The oil", 7);
    assert_int_equal(out.n_matches, 2);
    assert_string_equal(out.matches[0].term, "oil");
    assert_string_equal(out.matches[1].term, "damascus");
    assert_memory_equal(text + out.matches[1].where.start, "Damascus", 8);
    _dalil_snippets_clear(&out);
}

static void test_two_windows_in_text_order(void **state)
{
    fixture_t *f = *state;
    char text[4096] = "Tripoli opened its port. ";
    for (int i = 0; i < 30; i++)
        strcat(text, "Filler words fill this long article without any match. ");
    strcat(text, "Benghazi stayed closed.");
    char *terms[] = {"benghazi", "tripoli"};
    _dalil_snippets_t out;
    make(f, NULL, text, terms, 2, 0, &out);
    assert_int_equal(out.n_snippets, 2);
    assert_string_equal(out.snippets[0].text, "Tripoli opened its port.\xE2\x80\xA6");
    assert_string_equal(out.snippets[1].text, "\xE2\x80\xA6" "Benghazi stayed closed.");
    _dalil_snippets_clear(&out);
}

/* A sentence longer than the limit is cut at words, with ellipses on both sides. */
static void test_long_sentence_is_cut_at_words(void **state)
{
    fixture_t *f = *state;
    char text[4096] = "";
    for (int i = 0; i < 40; i++)
        strcat(text, "alpha beta ");
    strcat(text, "gamma ");
    for (int i = 0; i < 40; i++)
        strcat(text, "delta epsilon ");
    strcat(text, "end.");
    char *terms[] = {"gamma"};
    _dalil_snippets_t out;
    make(f, NULL, text, terms, 1, 60, &out);
    assert_int_equal(out.n_snippets, 1);
    const _dalil_snippet_t *s = &out.snippets[0];
    assert_true(s->source.end - s->source.start <= 60);
    assert_true(s->source.start > 0);
    assert_memory_equal(s->text, "\xE2\x80\xA6", 3);
    assert_memory_equal(s->text + s->len - 3, "\xE2\x80\xA6", 3);
    assert_non_null(strstr(s->text, "gamma"));
    /* cut at word boundaries: the excerpt starts and ends with whole words */
    assert_true(s->text[3] == 'a' || s->text[3] == 'b');
    char *hl = highlighted(s);
    assert_string_equal(hl, "gamma");
    free(hl);
    _dalil_snippets_clear(&out);
}

/* A word matches by any of its forms: here the exact forms are case-folded, so "OIL"
 * is highlighted for the term "oil"; Arabic words keep their bytes. */
static void test_arabic_match_is_highlighted(void **state)
{
    fixture_t *f = *state;
    const char *text = "قال المتحدث إن القذافي غادر طرابلس. وبقي الوضع هادئا.";
    char *terms[] = {"القذافي", "طرابلس"};
    if (strcmp(terms[0], terms[1]) > 0) {
        char *t = terms[0];
        terms[0] = terms[1];
        terms[1] = t;
    }
    _dalil_snippets_t out;
    make(f, NULL, text, terms, 2, 0, &out);
    assert_int_equal(out.n_snippets, 1);
    assert_string_equal(out.snippets[0].text, "قال المتحدث إن القذافي غادر طرابلس.\xE2\x80\xA6");
    char *hl = highlighted(&out.snippets[0]);
    assert_string_equal(hl, "القذافي|طرابلس");
    free(hl);
    /* byte offsets: "قال المتحدث إن " is 3*2+1 + 7*2+1 + 2*2+1 = 27 bytes */
    assert_int_equal(out.snippets[0].highlights[0].start, 27);
    assert_int_equal(out.snippets[0].highlights[0].end, 27 + 14);
    _dalil_snippets_clear(&out);
}

static void test_case_variant_and_wildcard_prefix(void **state)
{
    fixture_t *f = *state;
    const char *text = "OIL exports and Oilfields grew; oil prices too.";
    char *terms[] = {"oil"};
    char *prefixes[] = {"export"};
    _dalil_snippets_t out;
    assert_int_equal(_dalil_snippets_make(f->snipper, f->analyzer, NULL, 0, text, strlen(text), terms, 1,
                                          prefixes, 1, NULL, &out),
                     DALIL_OK);
    char *hl = highlighted(&out.snippets[0]);
    assert_string_equal(hl, "OIL|exports|oil");
    free(hl);
    assert_int_equal(out.n_matches, 2); /* the term and the prefix, where first seen */
    assert_memory_equal(text + out.matches[0].where.start, "OIL", 3);
    assert_ptr_equal(out.matches[1].term, prefixes[0]);
    assert_memory_equal(text + out.matches[1].where.start, "exports", 7);
    _dalil_snippets_clear(&out);
}

/* No match in the text (a title match): the beginning; title terms found in the title. */
static void test_title_match_and_no_text_match(void **state)
{
    fixture_t *f = *state;
    const char *title = "Siege of Deir ez-Zor";
    const char *text = "First sentence here. Second one.";
    char *terms[] = {"Sdeir"};
    _dalil_snippets_t out;
    make(f, title, text, terms, 1, 0, &out);
    assert_int_equal(out.n_snippets, 1);
    assert_string_equal(out.snippets[0].text, "First sentence here.\xE2\x80\xA6");
    assert_int_equal(out.snippets[0].n_highlights, 0);
    assert_int_equal(out.n_matches, 1);
    assert_true(out.matches[0].in_title);
    assert_memory_equal(title + out.matches[0].where.start, "Deir", 4);
    _dalil_snippets_clear(&out);
}

typedef struct {
    char *terms[16];
    size_t n;
} forms_t;

/* The terms of a query tree that match by the name rules: name keys, in either script. */
static void collect_name_terms(const _dalil_query_t *q, forms_t *forms)
{
    if (q->op == _DALIL_Q_TERM && forms->n < 16 &&
        (q->rule == DALIL_RULE_NAME_KEY || q->rule == DALIL_RULE_CROSS_SCRIPT))
        forms->terms[forms->n++] = strdup(q->term);
    for (size_t i = 0; i < q->n_subs; i++)
        collect_name_terms(q->subs[i], forms);
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A variant match: the query says Gaddafi; the text says Qadhafi and القذافي, which
 * match by their name keys. Both are highlighted, at their byte offsets. */
static void test_variant_and_cross_script_matches(void **state)
{
    fixture_t *f = *state;
    forms_t forms = {.n = 0};
    _dalil_query_t *query = NULL;
    assert_int_equal(_dalil_expand_text(f->analyzer, "Gaddafi", 7, 0, &query), DALIL_OK);
    collect_name_terms(query, &forms);
    _dalil_query_free(query);
    assert_true(forms.n > 0); /* the expander looks for the name's keys */
    if (forms.n > 1)
        qsort(forms.terms, forms.n, sizeof forms.terms[0], compare_strings);
    const char *text = "Colonel Qadhafi spoke. Bread was scarce. قال القذافي.";
    _dalil_snippets_t out;
    make(f, NULL, text, forms.terms, forms.n, 0, &out);
    size_t highlighted_words = 0;
    bool latin = false, arabic = false;
    for (size_t s = 0; s < out.n_snippets; s++)
        for (size_t h = 0; h < out.snippets[s].n_highlights; h++) {
            const char *word = out.snippets[s].text + out.snippets[s].highlights[h].start;
            size_t len = out.snippets[s].highlights[h].end - out.snippets[s].highlights[h].start;
            latin = latin || (len == 7 && memcmp(word, "Qadhafi", 7) == 0);
            arabic = arabic || (len == strlen("القذافي") && memcmp(word, "القذافي", len) == 0);
            highlighted_words++;
        }
    if (!latin || !arabic)
        fail_msg("highlights in '%s': %zu (latin %d, arabic %d)", out.n_snippets ? out.snippets[0].text : "",
                 highlighted_words, latin, arabic);
    assert_int_equal(highlighted_words, 2); /* and nothing else */
    assert_true(out.n_matches >= 1);
    _dalil_snippets_clear(&out);
    for (size_t i = 0; i < forms.n; i++)
        free(forms.terms[i]);
}

/* Stored texts often begin with their title, which every output shows anyway: excerpts
 * come from the body, and from the title line only when the body has no match. */
static void test_title_line_is_not_an_excerpt(void **state)
{
    fixture_t *f = *state;
    const char *title = "Oil prices fall";
    const char *text = "Oil prices fall\n\nTraders sold crude. The oil price fell again on Monday.";
    char *terms[] = {"oil"};
    _dalil_snippets_t out;
    make(f, title, text, terms, 1, 0, &out);
    assert_int_equal(out.n_snippets, 1);
    assert_string_equal(out.snippets[0].text, "\xE2\x80\xA6The oil price fell again on Monday.");
    _dalil_snippets_clear(&out);
    char *other[] = {"fall"};
    make(f, title, text, other, 1, 0, &out);
    assert_string_equal(out.snippets[0].text, "Oil prices fall\xE2\x80\xA6");
    _dalil_snippets_clear(&out);
    char *none[] = {"zzz"};
    make(f, title, text, none, 1, 0, &out);
    assert_string_equal(out.snippets[0].text, "\xE2\x80\xA6Traders sold crude.\xE2\x80\xA6");
    _dalil_snippets_clear(&out);
}

/* Control bytes stay (printers neutralise them), white space collapses, bad UTF-8
 * becomes U+FFFD so that the snippet is always valid UTF-8. */
static void test_whitespace_and_invalid_utf8(void **state)
{
    fixture_t *f = *state;
    const char *text = "Oil\t\t\x01 and \xff\xfe gas.";
    char *terms[] = {"gas"};
    _dalil_snippets_t out;
    make(f, NULL, text, terms, 1, 0, &out);
    assert_string_equal(out.snippets[0].text, "Oil \x01 and \xEF\xBF\xBD\xEF\xBF\xBD gas.");
    char *hl = highlighted(&out.snippets[0]);
    assert_string_equal(hl, "gas");
    free(hl);
    _dalil_snippets_clear(&out);
}

static void test_empty_text_has_no_snippet(void **state)
{
    fixture_t *f = *state;
    char *terms[] = {"oil"};
    _dalil_snippets_t out;
    make(f, NULL, "  ... ", terms, 1, 0, &out);
    assert_int_equal(out.n_snippets, 0);
    assert_int_equal(out.n_matches, 0);
    _dalil_snippets_clear(&out);
}

/* ---- Reading only the words the index points at ------------------------------- */

/* A document's positions as dalil-index gives them: the title's words from 1, the
 * text's DALIL_TEXT_POSITION_GAP after the title's last, every positional form. */
typedef struct {
    char *const *terms;
    size_t n_terms;
    uint32_t *positions[64];
    size_t n_positions[64], capacity[64];
    uint32_t base, last;
} index_t;

static int index_token(void *ctx, const dalil_token_t *token)
{
    index_t *ix = ctx;
    for (size_t f = 0; f < token->n_forms; f++) {
        if (!token->forms[f].positional)
            continue;
        for (size_t t = 0; t < ix->n_terms; t++) {
            if (strcmp(ix->terms[t], token->forms[f].term) != 0)
                continue;
            if (ix->n_positions[t] == ix->capacity[t]) {
                ix->capacity[t] = ix->capacity[t] ? 2 * ix->capacity[t] : 16;
                ix->positions[t] = realloc(ix->positions[t], ix->capacity[t] * sizeof(uint32_t));
                assert_non_null(ix->positions[t]);
            }
            ix->positions[t][ix->n_positions[t]++] = ix->base + token->position;
        }
    }
    ix->last = ix->base + token->position;
    return 0;
}

static void index_document(dalil_analyzer_t *analyzer, const char *title, const char *text,
                           index_t *ix)
{
    assert_true(ix->n_terms <= 64);
    if (title)
        assert_int_equal(dalil_analyze(analyzer, title, strlen(title), index_token, ix), DALIL_OK);
    ix->base = ix->last ? ix->last + DALIL_TEXT_POSITION_GAP : 0;
    assert_int_equal(dalil_analyze(analyzer, text, strlen(text), index_token, ix), DALIL_OK);
    /* positions are ascending per term, as the index returns them */
    for (size_t t = 0; t < ix->n_terms; t++)
        for (size_t k = 1; k < ix->n_positions[t]; k++)
            assert_true(ix->positions[t][k - 1] < ix->positions[t][k]);
}

static void index_clear(index_t *ix)
{
    for (size_t t = 0; t < 64; t++)
        free(ix->positions[t]);
}

/* The same excerpts, highlights and first matches, whether the whole text is analysed or
 * only the words the positions point at. Returns whether the positions were used. */
static bool same_as_whole(fixture_t *f, const char *title, const char *text, char *const *terms,
                          size_t n_terms, const index_t *ix)
{
    _dalil_snippets_t whole, guided;
    _dalil_snippet_params_t params = {0};
    size_t tlen = title ? strlen(title) : 0;
    assert_int_equal(_dalil_snippets_make(f->snipper, f->analyzer, title, tlen, text, strlen(text), terms,
                                          n_terms, NULL, 0, &params, &whole),
                     DALIL_OK);
    assert_false(whole.guided);
    params.positions = (const uint32_t *const *)ix->positions;
    params.n_positions = ix->n_positions;
    assert_int_equal(_dalil_snippets_make(f->snipper, f->analyzer, title, tlen, text, strlen(text), terms,
                                          n_terms, NULL, 0, &params, &guided),
                     DALIL_OK);
    bool used = guided.guided;
    assert_int_equal(guided.n_snippets, whole.n_snippets);
    for (size_t i = 0; i < whole.n_snippets; i++) {
        assert_string_equal(guided.snippets[i].text, whole.snippets[i].text);
        assert_int_equal(guided.snippets[i].n_highlights, whole.snippets[i].n_highlights);
        assert_memory_equal(guided.snippets[i].highlights, whole.snippets[i].highlights,
                            whole.snippets[i].n_highlights * sizeof(_dalil_range_t));
        assert_int_equal(guided.snippets[i].source.start, whole.snippets[i].source.start);
        assert_int_equal(guided.snippets[i].source.end, whole.snippets[i].source.end);
    }
    assert_int_equal(guided.n_matches, whole.n_matches);
    for (size_t i = 0; i < whole.n_matches; i++) {
        assert_ptr_equal(guided.matches[i].term, whole.matches[i].term);
        assert_int_equal(guided.matches[i].where.start, whole.matches[i].where.start);
        assert_int_equal(guided.matches[i].where.end, whole.matches[i].where.end);
        assert_int_equal(guided.matches[i].in_title, whole.matches[i].in_title);
    }
    /* Output that shows no matches has the title only counted: the same excerpts, and the
     * text's matches only. */
    _dalil_snippets_clear(&guided);
    params.without_title_matches = true;
    assert_int_equal(_dalil_snippets_make(f->snipper, f->analyzer, title, tlen, text, strlen(text), terms,
                                          n_terms, NULL, 0, &params, &guided),
                     DALIL_OK);
    assert_int_equal(guided.guided, used);
    assert_int_equal(guided.n_snippets, whole.n_snippets);
    for (size_t i = 0; i < whole.n_snippets; i++) {
        assert_string_equal(guided.snippets[i].text, whole.snippets[i].text);
        assert_memory_equal(guided.snippets[i].highlights, whole.snippets[i].highlights,
                            whole.snippets[i].n_highlights * sizeof(_dalil_range_t));
    }
    size_t in_text = 0;
    for (size_t i = 0; i < whole.n_matches; i++)
        if (!whole.matches[i].in_title) {
            assert_ptr_equal(guided.matches[in_text].term, whole.matches[i].term);
            in_text++;
        }
    assert_int_equal(guided.n_matches, in_text);
    _dalil_snippets_clear(&whole);
    _dalil_snippets_clear(&guided);
    return used;
}

static void collect_terms(const _dalil_query_t *q, char **terms, size_t *n, size_t max)
{
    if (q->op == _DALIL_Q_TERM && *n < max) {
        bool known = false;
        for (size_t i = 0; i < *n; i++)
            known = known || strcmp(terms[i], q->term) == 0;
        if (!known)
            terms[(*n)++] = strdup(q->term);
    }
    for (size_t i = 0; i < q->n_subs; i++)
        collect_terms(q->subs[i], terms, n, max);
}

/* The terms a query looks for, sorted, as dalil-query highlights them. */
static size_t query_terms(dalil_analyzer_t *analyzer, const char *query, char **terms, size_t max)
{
    _dalil_parse_t parse;
    assert_int_equal(_dalil_query_parse(analyzer, query, strlen(query), 0, &parse), DALIL_OK);
    size_t n = 0;
    collect_terms(parse.tree, terms, &n, max);
    _dalil_parse_clear(&parse);
    if (n > 1)
        qsort(terms, n, sizeof *terms, compare_strings);
    return n;
}

/* Whether a query over a document gives the same snippets both ways; returns whether the
 * positions were used. */
static bool check_query(fixture_t *f, const char *title, const char *text, const char *query)
{
    char *terms[64];
    size_t n = query_terms(f->analyzer, query, terms, 64);
    index_t ix = {.terms = terms, .n_terms = n};
    index_document(f->analyzer, title, text, &ix);
    bool used = same_as_whole(f, title, text, terms, n, &ix);
    index_clear(&ix);
    for (size_t i = 0; i < n; i++)
        free(terms[i]);
    return used;
}

static const char *const QUERIES[] = {
    "Gaddafi", "Qadhafi", "القذافي", "ISIS", "Islamic State", "داعش", "Daesh", "bin Laden",
    "Osama bin Laden", "Hezbollah", "حزب الله", "Deir ez-Zor", "دير الزور", "Albu Kamal",
    "al-Qaeda", "القاعدة", "Assad", "Sheikh", "Khan Younis", "Misrata", "Tripoli", "Sirte",
    "oil prices", "governments elected", "\"oil price\"", "dying lies", "court trial",
    "running OR ran", "library NOT museum", "title:court", "=Gadhafi", "Mosul university",
    "rebuilding", "the", "Koran", "Kairouan", "acid rain", "missile tests", "bread bakeries",
    "Muammar", "Mu`ammar Qadhafi", "Kaaba", "Ali",
};

/* Texts that try the guide: stems, possessives, names in several words and scripts,
 * ambiguous acronyms with and without evidence, a word too long to index, a title. */
static const struct {
    const char *title, *text;
} DOCUMENTS[] = {
    {"Oil prices fall", "Oil prices fall\n\nThe government's oil price fell; governments were dying "
                        "to know. Lying and tying, they elected to run. Running ran runs."},
    {NULL, "ISIS is a goddess. The cult of Isis drew crowds in Rome."},
    {"Raqqa", "ISIS fighters left Raqqa. The Islamic State, or Daesh (داعش), held it. IS said so."},
    {"", "Osama bin Laden and Usama bin Ladin; Bin Laden's aides. Deir ez-Zor, Deir Ezzor and "
         "دير الزور; Albu Kamal, Albukamal and البوكمال."},
    {"القذافي في طرابلس", "قال المتحدث إن القذافي وصل إلى طرابلس. والقاعدة في سرت، وتنظيم داعش "
                          "وحزب الله. Colonel Qadhafi, el-Gadhafi and Kadhafi."},
    {"Words", "A word too long: Pneumonoultramicroscopicsilicovolcanoconiosisxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
              "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
              "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
              " and then the oil price and a court trial in Misrata. Café société, naïve élan."},
    {"Hizballah in West Africa", "Hizballah, Hezbollah and Hizbullah: the Party of God. Sheikh Nasrallah "
                                 "spoke; the sheikhs listened. al-Qaeda and al-Qaida and Alqaeda."},
    {"Mu`ammar at the Ka`ba", "Colonel Mu`ammar al-Qadhafi, or Muammar Gaddafi, prayed at the Ka`ba. "
                              "Mu`a`ammar? Sheikh `Ali said: dying is lying."},
};

static void test_positions_guide_to_the_same_snippets(void **state)
{
    fixture_t *f = *state;
    size_t guided = 0, total = 0;
    for (size_t d = 0; d < sizeof DOCUMENTS / sizeof DOCUMENTS[0]; d++)
        for (size_t q = 0; q < sizeof QUERIES / sizeof QUERIES[0]; q++) {
            guided += check_query(f, DOCUMENTS[d].title, DOCUMENTS[d].text, QUERIES[q]);
            total++;
        }
    /* the guide is used whenever the positions agree with the text: here always */
    assert_int_equal(guided, total);
}

/* The sample corpus, every query: the text after its first line, that line the title. */
static void test_positions_guide_on_the_sample_corpus(void **state)
{
    fixture_t *f = *state;
    FILE *list = popen("find '" DALIL_SOURCE_DIR "/corpora' -type f | sort", "r");
    assert_non_null(list);
    char path[4096];
    size_t files = 0;
    while (fgets(path, sizeof path, list)) {
        path[strcspn(path, "\n")] = '\0';
        FILE *in = fopen(path, "rb");
        assert_non_null(in);
        char *body = calloc(1, 1 << 20);
        size_t len = fread(body, 1, (1 << 20) - 1, in);
        fclose(in);
        body[len] = '\0';
        char *newline = strchr(body, '\n');
        char *title = strndup(body, newline ? (size_t)(newline - body) : len);
        for (size_t q = 0; q < sizeof QUERIES / sizeof QUERIES[0]; q++)
            assert_true(check_query(f, title, body, QUERIES[q]));
        free(title);
        free(body);
        files++;
    }
    pclose(list);
    assert_true(files >= 20);
}

/* Positions that do not fit the text (an index of another version of it): the whole
 * text is analysed, and the snippets are still right. */
static void test_positions_that_disagree_are_not_used(void **state)
{
    fixture_t *f = *state;
    const char *text = "The weather was calm. The oil price fell in Damascus on Monday.";
    char *terms[] = {"damascus", "oil"};
    static const uint32_t shifted[][2] = {{9}, {3}};    /* one word early */
    static const uint32_t past_end[][2] = {{9}, {40}};  /* past the last word */
    const uint32_t *const cases[][2] = {{shifted[0], shifted[1]}, {past_end[0], past_end[1]}};
    size_t counts[] = {1, 1};
    for (size_t c = 0; c < 2; c++) {
        _dalil_snippet_params_t params = {.positions = cases[c], .n_positions = counts};
        _dalil_snippets_t out;
        assert_int_equal(_dalil_snippets_make(f->snipper, f->analyzer, NULL, 0, text, strlen(text), terms, 2,
                                              NULL, 0, &params, &out),
                         DALIL_OK);
        assert_false(out.guided);
        char *hl = highlighted(&out.snippets[0]);
        assert_string_equal(hl, "oil|Damascus");
        free(hl);
        _dalil_snippets_clear(&out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sentence_with_the_match_and_ellipses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_windows_in_text_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_sentence_is_cut_at_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_arabic_match_is_highlighted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_case_variant_and_wildcard_prefix, setup, teardown),
        cmocka_unit_test_setup_teardown(test_title_match_and_no_text_match, setup, teardown),
        cmocka_unit_test_setup_teardown(test_variant_and_cross_script_matches, setup, teardown),
        cmocka_unit_test_setup_teardown(test_title_line_is_not_an_excerpt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whitespace_and_invalid_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_text_has_no_snippet, setup, teardown),
        cmocka_unit_test_setup_teardown(test_positions_guide_to_the_same_snippets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_positions_guide_on_the_sample_corpus, setup, teardown),
        cmocka_unit_test_setup_teardown(test_positions_that_disagree_are_not_used, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
