/* test_expand.c: query expansion: the tiers each query word becomes, their rules and
 * origins, what Xapian accepts inside phrases, and searches over a small index showing
 * that every spelling is found, the traps stay out and the exact spelling ranks first. */
#include "internal.h"
#include "test_util.h"

/* ---- Trees ---------------------------------------------------------------------- */

static _dalil_query_t *expand(dalil_analyzer_t *analyzer, const char *text, unsigned flags)
{
    _dalil_query_t *query = NULL;
    assert_int_equal(_dalil_expand_text(analyzer, text, strlen(text), flags, &query), DALIL_OK);
    assert_non_null(query);
    return query;
}

/* The TERM node for `term` in `q`, or NULL. */
static const _dalil_query_t *find_term(const _dalil_query_t *q, const char *term)
{
    if (q->op == _DALIL_Q_TERM)
        return strcmp(q->term, term) == 0 ? q : NULL;
    for (size_t i = 0; i < q->n_subs; i++) {
        const _dalil_query_t *found = find_term(q->subs[i], term);
        if (found)
            return found;
    }
    return NULL;
}

/* Every TERM says which rule made it and which query text it stands for; inside PHRASE
 * and NEAR there are only terms and ORs of terms. */
static void check_well_formed(const _dalil_query_t *q, bool in_phrase)
{
    if (q->op == _DALIL_Q_TERM) {
        assert_non_null(q->origin);
        assert_true(q->rule < DALIL_RULE_COUNT);
        return;
    }
    if (in_phrase)
        assert_int_equal(q->op, _DALIL_Q_OR);
    bool phrase = q->op == _DALIL_Q_PHRASE || q->op == _DALIL_Q_NEAR;
    for (size_t i = 0; i < q->n_subs; i++)
        check_well_formed(q->subs[i], phrase || in_phrase);
}

static int setup_analyzer(void **state)
{
    dalil_analyzer_t *analyzer;
    assert_int_equal(dalil_analyzer_new(&analyzer), DALIL_OK);
    *state = analyzer;
    return 0;
}

static int teardown_analyzer(void **state)
{
    dalil_analyzer_free(*state);
    return 0;
}

static void expect_term(const _dalil_query_t *q, const char *term, dalil_rule_t rule,
                        const char *origin)
{
    const _dalil_query_t *t = find_term(q, term);
    if (!t)
        fail_msg("no term %s", term);
    assert_int_equal(t->rule, rule);
    assert_string_equal(t->origin, origin);
}

static void test_word_tiers(void **state)
{
    _dalil_query_t *q = expand(*state, "Gaddafi", 0);
    check_well_formed(q, false);
    /* OR(SYNONYM(the word's forms), SCALE(exact), SCALE(keys AND_NOT the word)) */
    assert_int_equal(q->op, _DALIL_Q_OR);
    assert_int_equal(q->n_subs, 3);
    expect_term(q, "gaddafi", DALIL_RULE_EXACT, "Gaddafi");
    expect_term(q, "XKKDFI", DALIL_RULE_NAME_KEY, "Gaddafi");
    expect_term(q, "XQKDFI", DALIL_RULE_CROSS_SCRIPT, "Gaddafi");
    assert_int_equal(q->subs[0]->op, _DALIL_Q_SYNONYM);
    assert_non_null(find_term(q->subs[0], "gaddafi"));
    /* the exact spelling earns a bonus on top of the word */
    assert_int_equal(q->subs[1]->op, _DALIL_Q_SCALE);
    assert_string_equal(q->subs[1]->subs[0]->term, "gaddafi");
    /* other spellings count less, and only where the word itself is absent */
    const _dalil_query_t *keys = q->subs[2];
    assert_int_equal(keys->op, _DALIL_Q_SCALE);
    assert_true(keys->factor < 1.0);
    assert_int_equal(keys->subs[0]->op, _DALIL_Q_AND_NOT);
    assert_non_null(find_term(keys->subs[0]->subs[0], "XKKDFI"));
    assert_non_null(find_term(keys->subs[0]->subs[1], "gaddafi"));
    _dalil_query_free(q);

    /* stems join the word's own forms, with the same weight */
    q = expand(*state, "attacks", 0);
    assert_int_equal(q->subs[0]->op, _DALIL_Q_SYNONYM);
    assert_non_null(find_term(q->subs[0], "attacks"));
    assert_non_null(find_term(q->subs[0], "Zattack"));
    _dalil_query_free(q);

    q = expand(*state, "القذافي", 0);
    expect_term(q, "XQKDFI", DALIL_RULE_NAME_KEY, "القذافي");
    expect_term(q, "XKKDFI", DALIL_RULE_CROSS_SCRIPT, "القذافي");
    expect_term(q, "XVالقذافي", DALIL_RULE_FOLD, "القذافي");
    _dalil_query_free(q);

    /* with its article, a word keeps it: القاعدة is not قاعدة */
    q = expand(*state, "القاعدة", 0);
    assert_non_null(find_term(q, "XVالقاعده"));
    assert_null(find_term(q, "XVقاعده"));
    _dalil_query_free(q);

    q = expand(*state, "attacks", 0);
    expect_term(q, "Zattack", DALIL_RULE_STEM, "attacks");
    expect_term(q, "attack", DALIL_RULE_STEM, "attacks");
    _dalil_query_free(q);

    q = expand(*state, "Qaḏḏāfī", 0);
    expect_term(q, "qaddafi", DALIL_RULE_FOLD, "Qaḏḏāfī");
    expect_term(q, "XVqaddafi", DALIL_RULE_FOLD, "Qaḏḏāfī");
    _dalil_query_free(q);
}

static void test_acronyms_and_aliases(void **state)
{
    _dalil_query_t *q = expand(*state, "ISIS", 0);
    expect_term(q, "XUISIS", DALIL_RULE_EXACT, "ISIS");
    expect_term(q, "XAislamic-state", DALIL_RULE_ALIAS, "ISIS");
    assert_null(find_term(q, "isis")); /* not Isis the goddess */
    assert_null(find_term(q, "XVisis"));
    _dalil_query_free(q);

    q = expand(*state, "isis", 0); /* typed in lower case: the word, any case */
    assert_non_null(find_term(q, "isis"));
    assert_null(find_term(q, "XAislamic-state"));
    _dalil_query_free(q);

    q = expand(*state, "islamic state", 0); /* typed in lower case: still the group */
    assert_non_null(find_term(q, "XAislamic-state"));
    _dalil_query_free(q);

    q = expand(*state, "Islamic State", 0);
    check_well_formed(q, false);
    expect_term(q, "XAislamic-state", DALIL_RULE_ALIAS, "Islamic State");
    _dalil_query_free(q);
}

static void test_names_of_several_words(void **state)
{
    _dalil_query_t *q = expand(*state, "Deir ez-Zor", 0);
    check_well_formed(q, false);
    expect_term(q, "XKDRZR", DALIL_RULE_NAME_KEY, "Deir ez-Zor");
    expect_term(q, "XQDRZR", DALIL_RULE_CROSS_SCRIPT, "Deir ez-Zor");
    _dalil_query_free(q);
    q = expand(*state, "\"Deir ez-Zor\" siege", _DALIL_EXPAND_PHRASE);
    check_well_formed(q, false);
    _dalil_query_free(q);
}

static void test_flags(void **state)
{
    _dalil_query_t *q = expand(*state, "Gaddafi", _DALIL_EXPAND_EXACT);
    assert_int_equal(q->op, _DALIL_Q_TERM);
    assert_string_equal(q->term, "gaddafi");
    _dalil_query_free(q);

    q = expand(*state, "Gaddafi", _DALIL_EXPAND_LEAVES);
    assert_int_equal(q->op, _DALIL_Q_OR);
    for (size_t i = 0; i < q->n_subs; i++)
        assert_int_equal(q->subs[i]->op, _DALIL_Q_TERM);
    assert_null(find_term(q, "Zgaddafi")); /* no stems: they have no positions */
    _dalil_query_free(q);

    q = expand(*state, "الدولة الإسلامية", _DALIL_EXPAND_PHRASE);
    check_well_formed(q, false);
    assert_int_equal(q->op, _DALIL_Q_MAX);
    assert_non_null(find_term(q, "XVالاسلاميه"));
    _dalil_query_free(q);

    q = expand(*state, "oil Gaddafi", _DALIL_EXPAND_ANY);
    assert_int_equal(q->op, _DALIL_Q_OR);
    _dalil_query_free(q);

    q = expand(*state, "oil Gaddafi", _DALIL_EXPAND_PHRASE | _DALIL_EXPAND_EXACT);
    assert_int_equal(q->op, _DALIL_Q_PHRASE);
    assert_int_equal(q->subs[0]->op, _DALIL_Q_TERM);
    _dalil_query_free(q);

    _dalil_query_t *none = NULL;
    assert_int_equal(_dalil_expand_text(*state, " ...", 4, 0, &none), DALIL_INVALID_ARGUMENT);
    assert_null(none);
}

/* ---- Searches over a small index ------------------------------------------------ */

static const struct {
    const char *id, *text;
} docs[] = {
    {"gaddafi", "Muammar Gaddafi spoke in Tripoli."},
    {"qadhafi", "Qadhafi's regime kept files."},
    {"kadhafi", "Kadhafi and his sons."},
    {"qaddafi-diacritics", "A guide spells Qaḏḏāfī in full."},
    {"arabic-qadhafi", "أرشيف أجهزة القذافي في طرابلس"},
    {"isis", "ISIS fighters left the city."},
    {"isil", "ISIL fighters left the town."},
    {"isis-software", "The ISIS software package was updated in 1993."},
    {"daesh", "Daesh lost the town."},
    {"islamic-state", "The Islamic State said nothing."},
    {"arabic-daesh", "انسحب مقاتلو داعش من المدينة"},
    {"goddess", "The cult of Isis spread along the Nile."},
    {"verb", "It is what it is."},
    {"mosul", "Rebuilding Mosul takes years."},
    {"missile", "A missile test in the Red Sea."},
    {"qaeda", "al-Qaida claimed the attack."},
    {"alqaeda", "Alqaeda cells were named."},
    {"acid", "Acid rain hurts crops."},
    {"quran", "A Quran manuscript was restored."},
    {"koran", "The Koran exhibition opened."},
    {"corn", "The corn harvest was good."},
    {"deir-ezzor", "Water returned to Deir Ezzor."},
    {"dayr", "Oil trade in Dayr az-Zawr grew."},
    {"arabic-deir", "الخبز في دير الزور"},
    {"hamza", "الدولة الاسلامية في الموصل"},
    {"base", "قاعدة عسكرية جديدة"},
    {"the-base", "مقاتلو والقاعدة"},
    {"attacked", "The convoy was attacked."},
    {"binladen", "The Binladen family firm."},
    {"scattered", "Islamic art was shown; the state paid for it."},
    {"khan-younis", "Strikes hit Khan Younis at night."},
    {"younis-khan", "Younis Khan scored a century."},
    {"khan-apart", "Khan said the road from Younis was closed."},
    {"hezbollah-arabic", "قال حزب الله في بيان"},
    {"allah-apart", "قال رئيس حزب العمال إن شاء الله"},
    {"islamic-state-lower", "He dreams of an Islamic state for all."},
    {"well-known", "A well-known author spoke."},
    {"well-apart", "He knew it well; it was known."},
    {"kuwait", "Oil from Kuwait rose."},
    {"ghada", "Ghada Karmi wrote it."},
};

typedef struct {
    char *dir;
    dalil_db_t *db;
} index_t;

static int setup_index(void **state)
{
    index_t *index = calloc(1, sizeof *index);
    index->dir = test_make_dir();
    char *path = test_path(index->dir, "db");
    assert_int_equal(dalil_db_open(path, DALIL_DB_WRITE, &index->db, NULL), DALIL_OK);
    free(path);
    dalil_analyzer_t *analyzer = NULL;
    assert_int_equal(dalil_analyzer_new_for_db(index->db, &analyzer), DALIL_OK);
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        dalil_doc_t *doc = NULL;
        assert_int_equal(dalil_doc_new(&doc), DALIL_OK);
        assert_int_equal(dalil_doc_index_text(doc, analyzer, docs[i].text, strlen(docs[i].text)),
                         DALIL_OK);
        assert_int_equal(dalil_doc_set_field(doc, DALIL_FIELD_PATH, docs[i].id, strlen(docs[i].id)),
                         DALIL_OK);
        assert_int_equal(dalil_db_replace_doc(index->db, docs[i].id, doc), DALIL_OK);
        dalil_doc_free(doc);
    }
    dalil_analyzer_free(analyzer);
    assert_int_equal(dalil_db_commit(index->db), DALIL_OK);
    *state = index;
    return 0;
}

static int teardown_index(void **state)
{
    index_t *index = *state;
    dalil_db_close(index->db);
    test_remove_dir(index->dir);
    free(index);
    return 0;
}

/* Whether the hits of `query` hold `id`, and at which rank (1-based; 0 when absent). */
static size_t rank_of(dalil_db_t *db, const char *query, const char *id)
{
    dalil_hits_t *hits = NULL;
    dalil_search_options_t options = {.limit = 100};
    if (dalil_db_search(db, query, &options, &hits) != DALIL_OK)
        fail_msg("%s: %s", query, dalil_db_detail(db));
    size_t rank = 0;
    for (size_t i = 0; i < dalil_hits_count(hits) && !rank; i++)
        if (strcmp(dalil_hit_field(hits, i, DALIL_FIELD_PATH, NULL), id) == 0)
            rank = i + 1;
    dalil_hits_free(hits);
    return rank;
}

static void test_every_spelling_and_no_trap(void **state)
{
    index_t *index = *state;
    static const struct {
        const char *query;
        const char *found[8];
        const char *not_found[8];
    } cases[] = {
        {"Gaddafi", {"gaddafi", "qadhafi", "kadhafi", "qaddafi-diacritics", "arabic-qadhafi"}, {"mosul"}},
        {"القذافي", {"arabic-qadhafi", "gaddafi", "qadhafi", "kadhafi"}, {0}},
        /* ISIS asked for is the group; ISIS in a text that names it no other way may be
         * something else (isis-software), so only the acronym itself finds it */
        {"ISIS", {"isis", "isil", "daesh", "islamic-state", "arabic-daesh", "hamza"}, {"goddess", "verb"}},
        {"Islamic State", {"isil", "daesh", "islamic-state", "arabic-daesh"},
         {"goddess", "verb", "scattered", "isis-software"}},
        {"داعش", {"arabic-daesh", "daesh", "isil", "islamic-state"}, {"goddess", "verb", "isis-software"}},
        {"Mosul", {"mosul"}, {"missile"}},
        {"al-Qaeda", {"qaeda", "alqaeda"}, {"acid", "kuwait", "ghada"}},
        {"Quran", {"quran", "koran"}, {"corn"}},
        {"\"Deir ez-Zor\"", {"deir-ezzor", "dayr", "arabic-deir"}, {0}},
        {"\"الدولة الإسلامية\"", {"hamza"}, {0}},
        {"القاعدة", {"the-base", "qaeda"}, {"base"}},
        {"قاعدة", {"base", "the-base"}, {0}},
        {"attacks", {"attacked"}, {0}},
        {"bin Laden", {"binladen"}, {0}},
        {"=Gaddafi", {"gaddafi"}, {"qadhafi", "arabic-qadhafi"}},
        {"Gaddafi Tripoli", {"gaddafi"}, {0}}, /* two names, not one: not a phrase */
        {"Kadhafi Tripoli", {"gaddafi"}, {0}},
        /* a name with a weak word (Khan, الله) only where its words stand together */
        {"Khan Younis", {"khan-younis"}, {"younis-khan", "khan-apart"}},
        {"Khan Yunis", {"khan-younis"}, {"younis-khan", "khan-apart"}},
        {"حزب الله", {"hezbollah-arabic"}, {"allah-apart"}},
        /* the group, not a kind of state */
        {"Islamic State", {"islamic-state"}, {"islamic-state-lower"}},
        /* a compound among bare words: seen whole, and its words together */
        {"Deir ez-Zor", {"deir-ezzor", "dayr", "arabic-deir"}, {0}},
        {"Water Deir ez-Zor", {"deir-ezzor"}, {"dayr"}},
        {"well-known author", {"well-known"}, {0}},
        {"well-known spoke", {"well-known"}, {"well-apart"}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (const char *const *id = cases[c].found; *id; id++)
            if (!rank_of(index->db, cases[c].query, *id))
                fail_msg("%s does not find %s", cases[c].query, *id);
        for (const char *const *id = cases[c].not_found; *id; id++)
            if (rank_of(index->db, cases[c].query, *id))
                fail_msg("%s finds %s", cases[c].query, *id);
    }
}

static void test_exact_spelling_ranks_first(void **state)
{
    index_t *index = *state;
    assert_int_equal(rank_of(index->db, "Gaddafi", "gaddafi"), 1);
    assert_int_equal(rank_of(index->db, "Kadhafi", "kadhafi"), 1);
    assert_int_equal(rank_of(index->db, "ISIS", "isis"), 1);
    assert_int_equal(rank_of(index->db, "Daesh", "daesh"), 1);
    assert_int_equal(rank_of(index->db, "Koran", "koran"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_word_tiers, setup_analyzer, teardown_analyzer),
        cmocka_unit_test_setup_teardown(test_acronyms_and_aliases, setup_analyzer, teardown_analyzer),
        cmocka_unit_test_setup_teardown(test_names_of_several_words, setup_analyzer, teardown_analyzer),
        cmocka_unit_test_setup_teardown(test_flags, setup_analyzer, teardown_analyzer),
        cmocka_unit_test_setup_teardown(test_every_spelling_and_no_trap, setup_index, teardown_index),
        cmocka_unit_test_setup_teardown(test_exact_spelling_ranks_first, setup_index, teardown_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
