/* test_query_parser.c: the query language. Table-driven: valid queries and the trees
 * they make, malformed ones and the column each error names; then each operator's
 * meaning over a small index. */
#include "printers.h"
#include "test_util.h"

/* ---- Trees ---------------------------------------------------------------------- */

typedef struct {
    const char *query;
    unsigned flags;
    const char *tree; /* _dalil_query_describe of the parse */
} valid_case_t;

/* With _DALIL_PARSE_EXACT every word is its exact term, so these trees show the parser's
 * structure and do not change when the expander learns new variants. */
#define E _DALIL_PARSE_EXACT
static const valid_case_t valid_cases[] = {
    {"gaddafi", E, "gaddafi[exact<-gaddafi]"},
    {"  Gaddafi  ", E, "gaddafi[exact<-Gaddafi]"},
    {"gaddafi libya", E, "AND(gaddafi[exact<-gaddafi], libya[exact<-libya])"},
    {"gaddafi libya", E | _DALIL_PARSE_ANY, "OR(gaddafi[exact<-gaddafi], libya[exact<-libya])"},
    {"a AND b", E, "AND(a[exact<-a], b[exact<-b])"},
    {"a OR b", E, "OR(a[exact<-a], b[exact<-b])"},
    {"a OR b c", E, "OR(a[exact<-a], AND(b[exact<-b], c[exact<-c]))"},
    {"(a OR b) c", E, "AND(OR(a[exact<-a], b[exact<-b]), c[exact<-c])"},
    {"a -b", E, "AND_NOT(a[exact<-a], b[exact<-b])"},
    {"a NOT b", E, "AND_NOT(a[exact<-a], b[exact<-b])"},
    {"a AND NOT b", E, "AND_NOT(a[exact<-a], b[exact<-b])"},
    {"-b", E, "AND_NOT(ALL, b[exact<-b])"},
    {"NOT b", E, "AND_NOT(ALL, b[exact<-b])"},
    {"a -(b OR c)", E, "AND_NOT(a[exact<-a], OR(b[exact<-b], c[exact<-c]))"},
    {"+a b", E | _DALIL_PARSE_ANY, "AND_MAYBE(a[exact<-a], b[exact<-b])"},
    {"+a b", E, "AND(a[exact<-a], b[exact<-b])"},
    {"\"deir ez zor\"", E, "PHRASE(deir[exact<-deir], ez[exact<-ez], zor[exact<-zor])"},
    {"al-Qaeda", E, "PHRASE(al[exact<-al], qaeda[exact<-Qaeda])"},
    /* a compound among bare words joins their run, its own words still together */
    {"Deir ez-Zor", E, "AND(deir[exact<-Deir], PHRASE(ez[exact<-ez], zor[exact<-Zor]))"},
    {"a NEAR/3 b", E, "NEAR/5(a[exact<-a], b[exact<-b])"},
    {"a NEAR b", E, "NEAR/12(a[exact<-a], b[exact<-b])"},
    {"a ADJ/1 b ADJ/1 c", E, "PHRASE/4(a[exact<-a], b[exact<-b], c[exact<-c])"},
    {"x a NEAR/2 b", E, "AND(x[exact<-x], NEAR/4(a[exact<-a], b[exact<-b]))"},
    {"title:Tripoli", E, "Stripoli[exact<-Tripoli]"},
    {"title:\"oil price\"", 0, "PHRASE(Soil[exact<-oil], Sprice[exact<-price])"},
    {"source:BBC", E, "FILTER(ALL, XSOURCEbbc[exact<-source:BBC])"},
    {"source:\"Al Jazeera\"", E, "FILTER(ALL, XSOURCEal jazeera[exact<-source:\"Al Jazeera\"])"},
    {"oil source:bbc source:cnn", E,
     "FILTER(oil[exact<-oil], OR(XSOURCEbbc[exact<-source:bbc], XSOURCEcnn[exact<-source:cnn]))"},
    {"oil path:libya date:2016", E,
     "FILTER(oil[exact<-oil], AND(XPATHlibya[exact<-path:libya], RANGE(0, 2016, 20169999)))"},
    {"date:2016-06-01..2016-06-30", E, "FILTER(ALL, RANGE(0, 20160601, 20160630))"},
    {"date:..2016", E, "FILTER(ALL, RANGE(0, -, 20169999))"},
    {"date:2016-06..", E, "FILTER(ALL, RANGE(0, 201606, -))"},
    {"qadh*", E, "qadh*"},
    {"title:qadh*", E, "Sqadh*"},
    {"=Gaddafi", 0, "gaddafi[exact<-Gaddafi]"},
    {"a ... b", E, "AND(a[exact<-a], b[exact<-b])"},
    {"and or not", E, "AND(and[exact<-and], or[exact<-or], not[exact<-not])"},
    {"القذافي ليبيا", E, "AND(القذافي[exact<-القذافي], ليبيا[exact<-ليبيا])"},
    /* A sentence (five or more bare words, nothing else) is OR-ranked, unless --all. */
    {"a b c d", E, "AND(a[exact<-a], b[exact<-b], c[exact<-c], d[exact<-d])"},
    {"a b c d e", E, "OR(a[exact<-a], b[exact<-b], c[exact<-c], d[exact<-d], e[exact<-e])"},
    {"a b c d e", E | _DALIL_PARSE_ALL, "AND(a[exact<-a], b[exact<-b], c[exact<-c], d[exact<-d], e[exact<-e])"},
    {"a b c d +e", E, "AND(AND(a[exact<-a], b[exact<-b], c[exact<-c], d[exact<-d]), e[exact<-e])"},
    {"a b c d \"e f\"", E, "AND(AND(a[exact<-a], b[exact<-b], c[exact<-c], d[exact<-d]), PHRASE(e[exact<-e], f[exact<-f]))"},
    {"a (b c) d e", E, "OR(a[exact<-a], OR(b[exact<-b], c[exact<-c]), OR(d[exact<-d], e[exact<-e]))"},
    {"a b c d title:e", E, "AND(AND(a[exact<-a], b[exact<-b], c[exact<-c], d[exact<-d]), Se[exact<-e])"},
    /* Exclusions do not stop a sentence: what they exclude stays excluded. */
    {"a b c d e -f", E, "AND_NOT(OR(a[exact<-a], b[exact<-b], c[exact<-c], d[exact<-d], e[exact<-e]), f[exact<-f])"},
};

typedef struct {
    const char *query;
    size_t column;
    const char *message; /* a substring of the error */
} invalid_case_t;

static const invalid_case_t invalid_cases[] = {
    {"", 1, "empty"},
    {"   ", 1, "empty"},
    {"...", 1, "no words"},
    {"\"oil price", 1, "never closed"},
    {"oil \"price", 5, "never closed"},
    {"(oil price", 1, "never closed"},
    {"oil (price (x)", 5, "never closed"},
    {"oil price)", 10, "no '('"},
    {")", 1, "no '('"},
    {"()", 1, "empty"},
    {"oil AND", 5, "after"},
    {"AND oil", 1, "before"},
    {"oil OR", 5, "after"},
    {"OR oil", 1, "before"},
    {"oil OR OR gas", 5, "after"},
    {"oil NOT", 5, "NOT needs"},
    {"oil NEAR", 5, "NEAR needs"},
    {"NEAR oil", 1, "expected a word"},
    {"oil NEAR/x gas", 5, "number"},
    {"oil NEAR/ gas", 5, "number"},
    {"oil NEAR/99999 gas", 5, "number"},
    {"oil NEAR/2 gas ADJ/2 x", 16, "one operator"},
    {"\"oil price\" NEAR/2 gas", 1, "single words"},
    {"al-Qaeda NEAR/2 Syria", 1, "single words"},
    {"author:smith", 1, "unknown field 'author'"},
    {"oil foo:bar", 5, "unknown field 'foo'"},
    {"title:", 1, "needs a value"},
    {"\"\"", 1, "no words"},
    {"title:\"...\"", 1, "no words"},
    {"source:...", 1, "no words"},
    {"date:2016-13", 11, "month 13"},
    {"date:2016-02-32", 14, "day 32"},
    {"date:16", 6, "YYYY"},
    {"date:2017..2016", 6, "ends before"},
    {"date:..", 6, "at least one side"},
    {"date:\"2016\"", 1, "not a phrase"},
    {"*", 1, "'*' needs"},
    {"القذافي )", 9, "no '('"}, /* columns count characters, not bytes */
};

static dalil_analyzer_t *new_analyzer(void)
{
    dalil_analyzer_t *analyzer = NULL;
    assert_int_equal(dalil_analyzer_new(&analyzer), DALIL_OK);
    return analyzer;
}

static void test_valid_queries_make_their_trees(void **state)
{
    (void)state;
    dalil_analyzer_t *analyzer = new_analyzer();
    for (size_t i = 0; i < sizeof valid_cases / sizeof valid_cases[0]; i++) {
        const valid_case_t *c = &valid_cases[i];
        _dalil_parse_t parse;
        dalil_status_t status = _dalil_query_parse(analyzer, c->query, strlen(c->query), c->flags, &parse);
        if (status != DALIL_OK)
            fail_msg("'%s': %s: column %zu: %s", c->query, dalil_status_str(status),
                     parse.error_column, parse.error ? parse.error : "");
        char *tree = _dalil_query_describe(parse.tree);
        if (strcmp(tree, c->tree) != 0)
            fail_msg("'%s' gave\n  %s\nnot\n  %s", c->query, tree, c->tree);
        free(tree);
        _dalil_parse_clear(&parse);
    }
    dalil_analyzer_free(analyzer);
}

static void test_malformed_queries_name_their_column(void **state)
{
    (void)state;
    dalil_analyzer_t *analyzer = new_analyzer();
    for (size_t i = 0; i < sizeof invalid_cases / sizeof invalid_cases[0]; i++) {
        const invalid_case_t *c = &invalid_cases[i];
        _dalil_parse_t parse;
        dalil_status_t status = _dalil_query_parse(analyzer, c->query, strlen(c->query), 0, &parse);
        if (status != DALIL_INVALID_ARGUMENT)
            fail_msg("'%s' was accepted: %s", c->query, dalil_status_str(status));
        assert_null(parse.tree);
        if (parse.error_column != c->column || !strstr(parse.error, c->message))
            fail_msg("'%s': column %zu '%s', expected column %zu '%s'", c->query,
                     parse.error_column, parse.error, c->column, c->message);
        _dalil_parse_clear(&parse);
    }
    dalil_analyzer_free(analyzer);
}

/* The bare words are what did-you-mean may respell: not fields, not =exact. */
static void test_bare_words_are_recorded(void **state)
{
    (void)state;
    dalil_analyzer_t *analyzer = new_analyzer();
    const char *query = "gadafi title:x =libya (tripli OR y*) a NEAR/2 b";
    _dalil_parse_t parse;
    assert_int_equal(_dalil_query_parse(analyzer, query, strlen(query), 0, &parse), DALIL_OK);
    const char *expected[] = {"gadafi", "tripli", "a", "b"};
    assert_int_equal(parse.n_words, 4);
    for (size_t i = 0; i < 4; i++) {
        size_t len = parse.words[i].end - parse.words[i].start;
        assert_int_equal(len, strlen(expected[i]));
        assert_memory_equal(query + parse.words[i].start, expected[i], len);
    }
    _dalil_parse_clear(&parse);
    dalil_analyzer_free(analyzer);
}

/* No input crashes or hangs the parser: every prefix of hostile strings, and deep
 * nesting. */
static void test_hostile_inputs_end_cleanly(void **state)
{
    (void)state;
    dalil_analyzer_t *analyzer = new_analyzer();
    static const char *hostile[] = {
        "((((a", "\"\"\"\"", "a NEAR/1000 b NEAR/1000", "-+-+-a", "title:\"x", "date:....",
        "=*", "+\"\"", "a\0b", "\xff\xfe(\x80", "NOT NOT NOT", "OR AND NOT NEAR ADJ",
        "source:\"", ":::", "a:b:c", "date:2016-06-01..", "-(a", "+(", "title:(a)",
    };
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        size_t len = strlen(hostile[i]);
        for (size_t n = 0; n <= len; n++) {
            _dalil_parse_t parse;
            dalil_status_t status = _dalil_query_parse(analyzer, hostile[i], n, 0, &parse);
            assert_true(status == DALIL_OK || status == DALIL_INVALID_ARGUMENT);
            assert_true((status == DALIL_OK) == (parse.tree != NULL));
            _dalil_parse_clear(&parse);
        }
    }
    char deep[4001];
    memset(deep, '(', 2000);
    memset(deep + 2000, ')', 2000);
    deep[4000] = '\0';
    deep[1999] = 'a';
    _dalil_parse_t parse;
    assert_int_equal(_dalil_query_parse(analyzer, deep, strlen(deep), 0, &parse), DALIL_INVALID_ARGUMENT);
    assert_non_null(strstr(parse.error, "nested"));
    _dalil_parse_clear(&parse);

    /* 1,024 words are a query; one more, even inside a phrase, is refused at its column */
    char many[1025 * 4 + 3];
    size_t len = 0;
    for (int w = 0; w < 1024; w++)
        len += (size_t)sprintf(many + len, "%s ", w == 1000 ? "\"ab" : w == 1001 ? "cd\"" : "ab");
    assert_int_equal(_dalil_query_parse(analyzer, many, len, 0, &parse), DALIL_OK);
    _dalil_parse_clear(&parse);
    len += (size_t)sprintf(many + len, "xy");
    assert_int_equal(_dalil_query_parse(analyzer, many, len, 0, &parse), DALIL_INVALID_ARGUMENT);
    assert_non_null(strstr(parse.error, "more than 1024 words"));
    assert_int_equal(parse.error_column, len - 1);
    _dalil_parse_clear(&parse);
    dalil_analyzer_free(analyzer);
}

/* ---- Meaning over a small index ------------------------------------------------- */

typedef struct {
    const char *id, *title, *text, *date, *source;
} doc_t;

static const doc_t docs[] = {
    {"libya/oil.txt", "Oil output rises in Libya", "Libyan oil fields near Sirte pumped more crude.",
     "2016-06-10", "BBC"},
    {"libya/gaddafi.txt", "Gaddafi compound", "The compound of Muammar Gaddafi in Tripoli was seized.",
     "2011-08-23", "Al Jazeera"},
    {"syria/deir.txt", "Deir ez-Zor siege", "Deir ez Zor stayed under siege; oil wells burned.",
     "2016-06-20", "BBC"},
    {"syria/prices.txt", "Prices", "Bread prices rose. The price of oil fell in Damascus.",
     "2015-01-05", "Reuters"},
    {"arabic/qadhafi.txt", "القذافي", "قال القذافي في طرابلس إن النفط لليبيين.", "2011-02-21",
     "BBC Arabic"},
};

/* Title words, as the indexer adds them under DALIL_PREFIX_TITLE. */
static int add_title_posting(void *ctx, const dalil_token_t *token)
{
    char *term = NULL;
    assert_true(asprintf(&term, "%s%s", DALIL_PREFIX_TITLE, token->term) > 0);
    assert_int_equal(dalil_doc_add_posting(ctx, term, token->position), DALIL_OK);
    free(term);
    return 0;
}

static void add_doc(dalil_db_t *db, dalil_analyzer_t *analyzer, const doc_t *d)
{
    dalil_doc_t *doc;
    assert_int_equal(dalil_doc_new(&doc), DALIL_OK);
    assert_int_equal(dalil_doc_set_field(doc, DALIL_FIELD_PATH, d->id, strlen(d->id)), DALIL_OK);
    assert_int_equal(dalil_doc_set_field(doc, DALIL_FIELD_TITLE, d->title, strlen(d->title)), DALIL_OK);
    assert_int_equal(dalil_doc_set_field(doc, DALIL_FIELD_TEXT, d->text, strlen(d->text)), DALIL_OK);
    assert_int_equal(dalil_doc_set_field(doc, DALIL_FIELD_DATE, d->date, strlen(d->date)), DALIL_OK);
    assert_int_equal(dalil_doc_index_text(doc, analyzer, d->title, strlen(d->title)), DALIL_OK);
    assert_int_equal(dalil_doc_index_text(doc, analyzer, d->text, strlen(d->text)), DALIL_OK);
    /* what the indexer adds for titles, sources, paths and dates */
    assert_int_equal(dalil_analyze(analyzer, d->title, strlen(d->title), add_title_posting, doc),
                     DALIL_OK);
    char *folded = NULL, *term = NULL;
    assert_int_equal(_dalil_fold_value(analyzer, d->source, strlen(d->source), &folded), DALIL_OK);
    assert_true(asprintf(&term, "%s%s", DALIL_PREFIX_SOURCE, folded) > 0);
    assert_int_equal(dalil_doc_add_term(doc, term), DALIL_OK);
    free(term);
    free(folded);
    char component[64];
    snprintf(component, sizeof component, "%.*s", (int)(strchr(d->id, '/') - d->id), d->id);
    assert_true(asprintf(&term, "%s%s", DALIL_PREFIX_PATH, component) > 0);
    assert_int_equal(dalil_doc_add_term(doc, term), DALIL_OK);
    free(term);
    char ymd[9] = {d->date[0], d->date[1], d->date[2], d->date[3], d->date[5], d->date[6],
                   d->date[8], d->date[9], 0};
    assert_int_equal(dalil_doc_set_value(doc, DALIL_SLOT_DATE, ymd, 8), DALIL_OK);
    assert_int_equal(dalil_db_replace_doc(db, d->id, doc), DALIL_OK);
    dalil_doc_free(doc);
}

typedef struct {
    char *dir;
    dalil_db_t *db;
} index_t;

static int make_index(void **state)
{
    index_t *index = calloc(1, sizeof *index);
    index->dir = test_make_dir();
    char *path = test_path(index->dir, "index");
    dalil_analyzer_t *analyzer = new_analyzer();
    dalil_db_t *db = NULL;
    assert_int_equal(dalil_db_open(path, DALIL_DB_WRITE, &db, NULL), DALIL_OK);
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
        add_doc(db, analyzer, &docs[i]);
    assert_int_equal(dalil_db_commit(db), DALIL_OK);
    dalil_db_close(db);
    dalil_analyzer_free(analyzer);
    assert_int_equal(dalil_db_open(path, DALIL_DB_READ, &index->db, NULL), DALIL_OK);
    free(path);
    *state = index;
    return 0;
}

static int remove_index(void **state)
{
    index_t *index = *state;
    dalil_db_close(index->db);
    test_remove_dir(index->dir);
    free(index);
    return 0;
}

typedef struct {
    const char *query;
    const char *paths; /* the expected hits' paths, sorted, joined by spaces; "" for none */
} meaning_case_t;

static const meaning_case_t meaning_cases[] = {
    {"oil", "libya/oil.txt syria/deir.txt syria/prices.txt"},
    {"oil libya", "libya/oil.txt"},
    {"oil OR tripoli", "libya/gaddafi.txt libya/oil.txt syria/deir.txt syria/prices.txt"},
    {"oil -siege", "libya/oil.txt syria/prices.txt"},
    {"oil NOT (siege OR bread)", "libya/oil.txt"},
    {"-oil", "arabic/qadhafi.txt libya/gaddafi.txt"},
    {"\"oil fell\"", "syria/prices.txt"},
    {"\"fell oil\"", ""},
    {"\"deir ez zor\"", "syria/deir.txt"},
    {"deir-ez-zor", "syria/deir.txt"},
    {"bread NEAR/3 oil", ""},
    {"bread NEAR/5 oil", "syria/prices.txt"},
    {"fell NEAR/1 oil", "syria/prices.txt"},
    {"fell ADJ/1 oil", ""},
    {"oil ADJ/1 fell", "syria/prices.txt"},
    {"source:bbc", "libya/oil.txt syria/deir.txt"},
    {"source:\"BBC Arabic\"", "arabic/qadhafi.txt"},
    {"oil source:bbc source:reuters", "libya/oil.txt syria/deir.txt syria/prices.txt"},
    {"oil -source:bbc", "syria/prices.txt"},
    {"path:syria", "syria/deir.txt syria/prices.txt"},
    {"date:2016-06-01..2016-06-30", "libya/oil.txt syria/deir.txt"},
    {"date:2016-06-15..", "syria/deir.txt"},
    {"date:..2011", "arabic/qadhafi.txt libya/gaddafi.txt"},
    {"date:2011-02", "arabic/qadhafi.txt"},
    {"oil date:2015", "syria/prices.txt"},
    {"pric*", "syria/prices.txt"},
    {"القذافي", "arabic/qadhafi.txt libya/gaddafi.txt"}, /* the name key crosses scripts */
    {"=القذافي", "arabic/qadhafi.txt"},
    {"طرابلس OR tripoli", "arabic/qadhafi.txt libya/gaddafi.txt"},
    {"=Gaddafi", "libya/gaddafi.txt"},
};

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *hit_paths(const dalil_hits_t *hits)
{
    size_t n = dalil_hits_count(hits);
    const char **paths = calloc(n ? n : 1, sizeof *paths);
    for (size_t i = 0; i < n; i++)
        paths[i] = dalil_hit_field(hits, i, DALIL_FIELD_PATH, NULL);
    if (n > 1)
        qsort(paths, n, sizeof *paths, compare_strings);
    char *joined = calloc(1, 1024);
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(joined, " ");
        strcat(joined, paths[i]);
    }
    free(paths);
    return joined;
}

static void test_each_operator_means_what_it_says(void **state)
{
    index_t *index = *state;
    for (size_t i = 0; i < sizeof meaning_cases / sizeof meaning_cases[0]; i++) {
        const meaning_case_t *c = &meaning_cases[i];
        dalil_hits_t *hits = NULL;
        dalil_status_t status = dalil_db_search(index->db, c->query, NULL, &hits);
        if (status != DALIL_OK)
            fail_msg("'%s': %s: %s", c->query, dalil_status_str(status), dalil_db_detail(index->db));
        char *paths = hit_paths(hits);
        if (strcmp(paths, c->paths) != 0)
            fail_msg("'%s' found [%s], expected [%s]", c->query, paths, c->paths);
        free(paths);
        dalil_hits_free(hits);
    }
}

static void test_any_sort_offset_and_count(void **state)
{
    index_t *index = *state;
    dalil_hits_t *hits = NULL;
    dalil_search_options_t options = {.words = DALIL_WORDS_ANY};
    assert_int_equal(dalil_db_search(index->db, "siege tripoli", &options, &hits), DALIL_OK);
    assert_int_equal(dalil_hits_count(hits), 2);
    dalil_hits_free(hits);

    /* oil, by date: 2015-01-05, 2016-06-10, 2016-06-20 */
    options = (dalil_search_options_t){.sort = DALIL_SORT_DATE};
    assert_int_equal(dalil_db_search(index->db, "oil", &options, &hits), DALIL_OK);
    assert_int_equal(dalil_hits_count(hits), 3);
    assert_string_equal(dalil_hit_field(hits, 0, DALIL_FIELD_PATH, NULL), "syria/prices.txt");
    assert_string_equal(dalil_hit_field(hits, 2, DALIL_FIELD_PATH, NULL), "syria/deir.txt");
    dalil_hits_free(hits);
    options = (dalil_search_options_t){.sort = DALIL_SORT_DATE_DESC, .offset = 1, .limit = 1,
                                       .exact_count = 1};
    assert_int_equal(dalil_db_search(index->db, "oil", &options, &hits), DALIL_OK);
    assert_int_equal(dalil_hits_count(hits), 1);
    assert_string_equal(dalil_hit_field(hits, 0, DALIL_FIELD_PATH, NULL), "libya/oil.txt");
    uint64_t estimate, lower, upper;
    dalil_hits_total(hits, &estimate, &lower, &upper);
    assert_int_equal(estimate, 3);
    assert_int_equal(lower, 3);
    assert_int_equal(upper, 3);
    dalil_hits_free(hits);

    options = (dalil_search_options_t){.sort = (dalil_sort_t)7};
    assert_int_equal(dalil_db_search(index->db, "oil", &options, &hits), DALIL_INVALID_ARGUMENT);
    assert_null(hits);
}

/* The hits' matching terms are sorted and are terms of the query. */
static void test_hits_carry_matching_terms(void **state)
{
    index_t *index = *state;
    dalil_hits_t *hits = NULL;
    assert_int_equal(dalil_db_search(index->db, "oil OR bread OR zzz", NULL, &hits), DALIL_OK);
    for (size_t i = 0; i < hits->count; i++) {
        const _dalil_hit_t *hit = &hits->items[i];
        assert_true(hit->n_terms >= 1);
        for (size_t t = 0; t + 1 < hit->n_terms; t++)
            assert_true(strcmp(hit->terms[t], hit->terms[t + 1]) < 0);
        if (strcmp(dalil_hit_field(hits, i, DALIL_FIELD_PATH, NULL), "syria/prices.txt") == 0) {
            assert_int_equal(hit->n_terms, 2);
            assert_string_equal(hit->terms[0], "bread");
            assert_string_equal(hit->terms[1], "oil");
        }
    }
    dalil_hits_free(hits);
}

static void test_query_errors_reach_the_caller(void **state)
{
    index_t *index = *state;
    dalil_hits_t *hits = NULL;
    assert_int_equal(dalil_db_search(index->db, "oil AND (gas", NULL, &hits), DALIL_INVALID_ARGUMENT);
    assert_null(hits);
    assert_string_equal(dalil_db_detail(index->db), "query column 9: this '(' is never closed");
}

/* Did-you-mean: words not in the index are respelled from the spelling table, which the
 * test fills itself (the indexer fills it from the analyzer's words). */
static void test_did_you_mean(void **state)
{
    (void)state;
    char *dir = test_make_dir();
    char *path = test_path(dir, "index");
    dalil_db_t *db = NULL;
    assert_int_equal(dalil_db_open(path, DALIL_DB_WRITE, &db, NULL), DALIL_OK);
    dalil_analyzer_t *analyzer = new_analyzer();
    add_doc(db, analyzer, &docs[1]); /* the compound of Muammar Gaddafi in Tripoli */
    static const char *words[] = {"compound", "muammar", "gaddafi", "tripoli", "seized"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        assert_int_equal(_dalil_db_add_spelling(db, words[i], 1), DALIL_OK);
    assert_int_equal(_dalil_db_add_spelling(db, "", 1), DALIL_INVALID_ARGUMENT);
    assert_int_equal(dalil_db_commit(db), DALIL_OK);
    dalil_db_close(db);
    dalil_analyzer_free(analyzer);
    assert_int_equal(dalil_db_open(path, DALIL_DB_READ, &db, NULL), DALIL_OK);
    assert_int_equal(_dalil_db_add_spelling(db, "word", 1), DALIL_READ_ONLY);

    char *suggestion = NULL;
    assert_int_equal(_dalil_suggest(db, "Muamar (tripoly OR x) title:gadafi", NULL, &suggestion), DALIL_OK);
    assert_non_null(suggestion);
    /* bare words are respelled in place; fields and operators stay as written */
    assert_string_equal(suggestion, "muammar (tripoli OR x) title:gadafi");
    free(suggestion);
    assert_int_equal(_dalil_suggest(db, "gaddafi tripoli", NULL, &suggestion), DALIL_OK);
    assert_null(suggestion); /* indexed words are not respelled */
    assert_int_equal(_dalil_suggest(db, "zzzzzzzz", NULL, &suggestion), DALIL_OK);
    assert_null(suggestion); /* nothing close */
    assert_int_equal(_dalil_suggest(db, "(oil", NULL, &suggestion), DALIL_INVALID_ARGUMENT);
    assert_null(suggestion);
    dalil_db_close(db);
    free(path);
    test_remove_dir(dir);
}

/* A word as the expander makes it: MAX(SCALE(exact), SYNONYM(exact again, folded),
 * SYNONYM(stem)), the exact term repeated in a lower tier. */
static _dalil_query_t *tiered(const char *word)
{
    char folded[64], stem[64];
    snprintf(folded, sizeof folded, "XV%s", word);
    snprintf(stem, sizeof stem, "Z%s", word);
    _dalil_query_t *synonym[] = {_dalil_query_term("", word), _dalil_query_term("", folded)};
    _dalil_query_t *exact[] = {_dalil_query_term("", word)};
    _dalil_query_t *stems[] = {_dalil_query_term("", stem)};
    _dalil_query_t *scaled = _dalil_query_node(_DALIL_Q_SCALE, exact, 1);
    scaled->factor = 3;
    _dalil_query_t *tiers[] = {scaled, _dalil_query_node(_DALIL_Q_SYNONYM, synonym, 2),
                               _dalil_query_node(_DALIL_Q_SYNONYM, stems, 1)};
    return _dalil_query_node(_DALIL_Q_MAX, tiers, 3);
}

/* "oil OR (bread price)": MAX under AND under OR. */
static _dalil_query_t *or_of_and(void)
{
    _dalil_query_t *both[] = {tiered("bread"), tiered("prices")};
    _dalil_query_t *subs[] = {tiered("oil"), _dalil_query_node(_DALIL_Q_AND, both, 2)};
    return _dalil_query_node(_DALIL_Q_OR, subs, 2);
}

/* Xapian 1.4.22 crashed on a term repeated under MAX under OR with a short page; the
 * store keeps each term once per MAX. */
static void test_repeated_term_under_max_and_or(void **state)
{
    index_t *index = *state;
    for (uint32_t limit = 1; limit <= 4; limit++) {
        _dalil_query_t *subs[] = {tiered("oil"), tiered("bread")};
        _dalil_query_t *query = _dalil_query_node(_DALIL_Q_OR, subs, 2);
        _dalil_run_t run = {.limit = limit, .matching_terms = true};
        dalil_hits_t *hits = NULL;
        assert_int_equal(_dalil_store_run(index->db, query, &run, &hits), DALIL_OK);
        assert_int_equal(dalil_hits_count(hits), limit < 3 ? limit : 3);
        dalil_hits_free(hits);
        _dalil_query_free(query);
        query = or_of_and();
        assert_int_equal(_dalil_store_run(index->db, query, &run, &hits), DALIL_OK);
        assert_int_equal(dalil_hits_count(hits), limit < 3 ? limit : 3);
        dalil_hits_free(hits);
        _dalil_query_free(query);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_queries_make_their_trees),
        cmocka_unit_test(test_malformed_queries_name_their_column),
        cmocka_unit_test(test_bare_words_are_recorded),
        cmocka_unit_test(test_hostile_inputs_end_cleanly),
        cmocka_unit_test_setup_teardown(test_each_operator_means_what_it_says, make_index, remove_index),
        cmocka_unit_test_setup_teardown(test_any_sort_offset_and_count, make_index, remove_index),
        cmocka_unit_test_setup_teardown(test_hits_carry_matching_terms, make_index, remove_index),
        cmocka_unit_test_setup_teardown(test_query_errors_reach_the_caller, make_index, remove_index),
        cmocka_unit_test(test_did_you_mean),
        cmocka_unit_test_setup_teardown(test_repeated_term_under_max_and_or, make_index, remove_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
