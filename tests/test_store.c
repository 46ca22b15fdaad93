/* test_store.c: libdalil's index over Xapian: opening, locking, documents, search, and
 * every status the store can return. */
#include "internal.h"
#include "test_util.h"

#include <fcntl.h>
#include <sys/stat.h>

typedef struct {
    char *dir;     /* throwaway directory */
    char *db_path; /* dir/index */
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    f->dir = test_make_dir();
    f->db_path = test_path(f->dir, "index");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    free(f->db_path);
    test_remove_dir(f->dir);
    free(f);
    return 0;
}

static dalil_db_t *open_ok(const char *path, dalil_db_mode_t mode)
{
    dalil_db_t *db = NULL;
    char *detail = NULL;
    dalil_status_t status = dalil_db_open(path, mode, &db, &detail);
    if (status != DALIL_OK)
        fail_msg("open %s: %s: %s", path, dalil_status_str(status), detail);
    assert_null(detail);
    return db;
}

/* Adds a document whose text is analysed, under `id`, with a title field. */
static void add_text_doc(dalil_db_t *db, const char *id, const char *title, const char *text)
{
    dalil_analyzer_t *analyzer;
    assert_int_equal(dalil_analyzer_new(&analyzer), DALIL_OK);
    dalil_doc_t *doc;
    assert_int_equal(dalil_doc_new(&doc), DALIL_OK);
    assert_int_equal(dalil_doc_set_field(doc, "title", title, strlen(title)), DALIL_OK);
    assert_int_equal(dalil_doc_set_field(doc, "path", id, strlen(id)), DALIL_OK);
    assert_int_equal(dalil_doc_index_text(doc, analyzer, title, strlen(title)), DALIL_OK);
    assert_int_equal(dalil_doc_index_text(doc, analyzer, text, strlen(text)), DALIL_OK);
    assert_int_equal(dalil_db_replace_doc(db, id, doc), DALIL_OK);
    dalil_doc_free(doc);
    dalil_analyzer_free(analyzer);
}

static uint64_t doc_count(dalil_db_t *db)
{
    uint64_t count = 99;
    assert_int_equal(dalil_db_doc_count(db, &count), DALIL_OK);
    return count;
}

static dalil_hits_t *search_ok(dalil_db_t *db, const char *query)
{
    dalil_hits_t *hits = NULL;
    dalil_status_t status = dalil_db_search(db, query, NULL, &hits);
    if (status != DALIL_OK)
        fail_msg("search '%s': %s: %s", query, dalil_status_str(status), dalil_db_detail(db));
    return hits;
}

/* Runs a query tree as dalil_db_search would, for the first ten hits. */
static dalil_status_t run_tree(dalil_db_t *db, const _dalil_query_t *query, dalil_hits_t **hits)
{
    _dalil_run_t run = {.limit = 10};
    return _dalil_store_run(db, query, &run, hits);
}

static void test_status_messages_cover_every_status(void **state)
{
    (void)state;
    for (int s = 0; s < DALIL_STATUS_COUNT; s++) {
        const char *message = dalil_status_str((dalil_status_t)s);
        assert_non_null(message);
        assert_true(strlen(message) > 3);
        assert_string_not_equal(message, "unknown status");
    }
    assert_string_equal(dalil_status_str(DALIL_OK), "success");
    assert_string_equal(dalil_status_str((dalil_status_t)DALIL_STATUS_COUNT), "unknown status");
    assert_string_equal(dalil_status_str((dalil_status_t)-1), "unknown status");
}

static void test_add_commit_search_reopen(void **state)
{
    fixture_t *f = *state;
    dalil_db_t *db = open_ok(f->db_path, DALIL_DB_WRITE);
    assert_int_equal(doc_count(db), 0);
    add_text_doc(db, "a.txt", "Gaddafi visits Rome", "The Libyan leader Gaddafi arrived in Rome.");
    add_text_doc(db, "b.txt", "Markets", "Oil prices rose in Rome and elsewhere.");
    assert_int_equal(dalil_db_commit(db), DALIL_OK);
    assert_int_equal(doc_count(db), 2);
    dalil_db_close(db);

    db = open_ok(f->db_path, DALIL_DB_READ);
    assert_int_equal(doc_count(db), 2);
    dalil_hits_t *hits = search_ok(db, "GADDAFI rome");
    assert_int_equal(dalil_hits_count(hits), 1);
    size_t len;
    assert_string_equal(dalil_hit_field(hits, 0, "title", &len), "Gaddafi visits Rome");
    assert_int_equal(len, strlen("Gaddafi visits Rome"));
    assert_string_equal(dalil_hit_field(hits, 0, "path", NULL), "a.txt");
    assert_null(dalil_hit_field(hits, 0, "no-such-field", NULL));
    assert_true(dalil_hit_weight(hits, 0) > 0);
    assert_true(dalil_hit_docid(hits, 0) > 0);
    uint64_t estimate, lower, upper;
    dalil_hits_total(hits, &estimate, &lower, &upper);
    assert_int_equal(estimate, 1);
    assert_true(lower <= estimate && estimate <= upper);
    dalil_hits_free(hits);

    /* Rome is in both; the one that says it with fewer other words ranks first. */
    hits = search_ok(db, "rome");
    assert_int_equal(dalil_hits_count(hits), 2);
    assert_true(dalil_hit_weight(hits, 0) >= dalil_hit_weight(hits, 1));
    dalil_hits_free(hits);

    hits = search_ok(db, "absent");
    assert_int_equal(dalil_hits_count(hits), 0);
    dalil_hits_free(hits);
    dalil_db_close(db);
}

static void test_uncommitted_changes_are_discarded_on_close(void **state)
{
    fixture_t *f = *state;
    dalil_db_t *db = open_ok(f->db_path, DALIL_DB_WRITE);
    add_text_doc(db, "kept.txt", "Kept", "committed text");
    assert_int_equal(dalil_db_commit(db), DALIL_OK);
    add_text_doc(db, "lost.txt", "Lost", "never committed");
    dalil_db_close(db);
    db = open_ok(f->db_path, DALIL_DB_READ);
    assert_int_equal(doc_count(db), 1);
    dalil_db_close(db);
}

static void test_replace_and_delete_by_unique_id(void **state)
{
    fixture_t *f = *state;
    dalil_db_t *db = open_ok(f->db_path, DALIL_DB_WRITE);
    add_text_doc(db, "story.txt", "First version", "Qadhafi spoke");
    add_text_doc(db, "story.txt", "Second version", "Kadhafi spoke");
    assert_int_equal(dalil_db_commit(db), DALIL_OK);
    assert_int_equal(doc_count(db), 1);
    dalil_hits_t *hits = search_ok(db, "=qadhafi"); /* exact: Kadhafi is a variant of it */
    assert_int_equal(dalil_hits_count(hits), 0);
    dalil_hits_free(hits);
    hits = search_ok(db, "kadhafi");
    assert_int_equal(dalil_hits_count(hits), 1);
    assert_string_equal(dalil_hit_field(hits, 0, "title", NULL), "Second version");
    dalil_hits_free(hits);

    assert_int_equal(dalil_db_delete_doc(db, "story.txt"), DALIL_OK);
    assert_int_equal(dalil_db_delete_doc(db, "story.txt"), DALIL_NOT_FOUND);
    assert_non_null(strstr(dalil_db_detail(db), "story.txt"));
    assert_int_equal(dalil_db_commit(db), DALIL_OK);
    assert_int_equal(doc_count(db), 0);
    dalil_db_close(db);
}

/* Ids longer than a term may be are shortened with a hash and stay distinct. */
static void test_long_unique_ids_stay_distinct(void **state)
{
    fixture_t *f = *state;
    char a[600], b[600];
    memset(a, 'd', sizeof a - 1);
    a[sizeof a - 1] = '\0';
    memcpy(b, a, sizeof a);
    b[sizeof b - 2] = 'e'; /* differs only in the last byte */
    dalil_db_t *db = open_ok(f->db_path, DALIL_DB_WRITE);
    add_text_doc(db, a, "A", "first");
    add_text_doc(db, b, "B", "second");
    assert_int_equal(doc_count(db), 2);
    assert_int_equal(dalil_db_delete_doc(db, a), DALIL_OK);
    assert_int_equal(doc_count(db), 1);
    dalil_db_close(db);
}

static void test_positions_support_phrases_not_across_texts(void **state)
{
    fixture_t *f = *state;
    dalil_db_t *db = open_ok(f->db_path, DALIL_DB_WRITE);
    /* The title ends in "deir" and the text starts with "ezzor": no phrase across them. */
    add_text_doc(db, "x.txt", "Fighting near Deir", "Ezzor province was quiet. Deir Ezzor again.");
    add_text_doc(db, "y.txt", "Fighting near Deir", "Ezzor province was quiet.");
    assert_int_equal(dalil_db_commit(db), DALIL_OK);
    _dalil_query_t *subs[] = {_dalil_query_term(DALIL_PREFIX_WORD, "deir"),
                              _dalil_query_term(DALIL_PREFIX_WORD, "ezzor")};
    _dalil_query_t *phrase = _dalil_query_node(_DALIL_Q_PHRASE, subs, 2);
    assert_non_null(phrase);
    dalil_hits_t *hits = NULL;
    assert_int_equal(run_tree(db, phrase, &hits), DALIL_OK);
    assert_int_equal(dalil_hits_count(hits), 1);
    assert_string_equal(dalil_hit_field(hits, 0, "path", NULL), "x.txt");
    dalil_hits_free(hits);
    _dalil_query_free(phrase);
    dalil_db_close(db);
}

static void test_query_operators(void **state)
{
    fixture_t *f = *state;
    dalil_db_t *db = open_ok(f->db_path, DALIL_DB_WRITE);
    add_text_doc(db, "1", "one", "alpha beta");
    add_text_doc(db, "2", "two", "alpha gamma");
    add_text_doc(db, "3", "three", "delta");
    assert_int_equal(dalil_db_commit(db), DALIL_OK);
    struct {
        _dalil_qop_t op;
        const char *a, *b;
        size_t expected;
    } cases[] = {
        {_DALIL_Q_AND, "alpha", "beta", 1},    {_DALIL_Q_OR, "beta", "delta", 2},
        {_DALIL_Q_AND_NOT, "alpha", "beta", 1}, {_DALIL_Q_MAX, "beta", "gamma", 2},
        {_DALIL_Q_SYNONYM, "beta", "delta", 2}, {_DALIL_Q_NEAR, "beta", "alpha", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        _dalil_query_t *subs[] = {_dalil_query_term("", cases[i].a), _dalil_query_term("", cases[i].b)};
        _dalil_query_t *query = _dalil_query_node(cases[i].op, subs, 2);
        query->window = cases[i].op == _DALIL_Q_NEAR ? 2 : 0;
        _dalil_query_t *scaled = _dalil_query_node(_DALIL_Q_SCALE, &query, 1);
        scaled->factor = 2.0;
        dalil_hits_t *hits = NULL;
        assert_int_equal(run_tree(db, scaled, &hits), DALIL_OK);
        assert_int_equal(dalil_hits_count(hits), cases[i].expected);
        dalil_hits_free(hits);
        _dalil_query_free(scaled);
    }
    dalil_db_close(db);
}

static void test_values_metadata_and_terms(void **state)
{
    fixture_t *f = *state;
    dalil_db_t *db = open_ok(f->db_path, DALIL_DB_WRITE);
    dalil_doc_t *doc;
    assert_int_equal(dalil_doc_new(&doc), DALIL_OK);
    assert_int_equal(dalil_doc_set_value(doc, 0, "20160629", 8), DALIL_OK);
    assert_int_equal(dalil_doc_add_term(doc, "XFORMATtext"), DALIL_OK);
    assert_int_equal(dalil_doc_add_posting(doc, "word", 1), DALIL_OK);
    assert_int_equal(dalil_db_replace_doc(db, "v", doc), DALIL_OK);
    dalil_doc_free(doc);
    assert_int_equal(dalil_db_set_metadata(db, "analyzer", "v1"), DALIL_OK);
    assert_int_equal(dalil_db_commit(db), DALIL_OK);
    dalil_db_close(db);

    db = open_ok(f->db_path, DALIL_DB_READ);
    char *value = NULL;
    assert_int_equal(dalil_db_get_metadata(db, "analyzer", &value), DALIL_OK);
    assert_string_equal(value, "v1");
    free(value);
    assert_int_equal(dalil_db_get_metadata(db, "unset", &value), DALIL_OK);
    assert_string_equal(value, "");
    free(value);
    _dalil_query_t *query = _dalil_query_term("", "XFORMATtext");
    dalil_hits_t *hits = NULL;
    assert_int_equal(run_tree(db, query, &hits), DALIL_OK);
    assert_int_equal(dalil_hits_count(hits), 1);
    dalil_hits_free(hits);
    _dalil_query_free(query);
    dalil_db_close(db);
}

static void test_several_indexes_search_as_one(void **state)
{
    fixture_t *f = *state;
    char *second = test_path(f->dir, "second");
    dalil_db_t *db = open_ok(f->db_path, DALIL_DB_WRITE);
    add_text_doc(db, "a", "Hezbollah statement", "Hezbollah said");
    assert_int_equal(dalil_db_commit(db), DALIL_OK);
    dalil_db_close(db);
    db = open_ok(second, DALIL_DB_WRITE);
    add_text_doc(db, "b", "Hezbollah rally", "Hezbollah marched, Hezbollah sang");
    assert_int_equal(dalil_db_commit(db), DALIL_OK);
    dalil_db_close(db);

    db = open_ok(f->db_path, DALIL_DB_READ);
    assert_int_equal(dalil_db_add_index(db, second), DALIL_OK);
    assert_int_equal(doc_count(db), 2);
    dalil_hits_t *hits = search_ok(db, "hezbollah");
    assert_int_equal(dalil_hits_count(hits), 2);
    dalil_hits_free(hits);
    char *missing = test_path(f->dir, "missing");
    assert_int_equal(dalil_db_add_index(db, missing), DALIL_NOT_FOUND);
    assert_non_null(strstr(dalil_db_detail(db), "missing"));
    free(missing);
    dalil_db_close(db);
    free(second);
}

/* _dalil_db_positions_many gives, for every document and term, what _dalil_db_positions
 * gives: docids out of order, over two indexes searched as one, with terms some documents
 * lack, terms no document has, a stem (which has no positions) and a NULL. */
static void test_positions_of_many_documents(void **state)
{
    fixture_t *f = *state;
    char *second = test_path(f->dir, "second");
    static const char *const texts[] = {
        "Oil prices rose. The oil minister spoke about oil.", "The minister resigned.",
        "Prices fell as oil supply grew", "Nothing to see here", "oil oil oil and more oil",
    };
    for (int index = 0; index < 2; index++) {
        dalil_db_t *db = open_ok(index ? second : f->db_path, DALIL_DB_WRITE);
        for (size_t i = index; i < sizeof texts / sizeof texts[0]; i += 2) {
            char id[16];
            snprintf(id, sizeof id, "doc%zu", i);
            add_text_doc(db, id, "A title about oil", texts[i]);
        }
        assert_int_equal(dalil_db_commit(db), DALIL_OK);
        dalil_db_close(db);
    }
    dalil_db_t *db = open_ok(f->db_path, DALIL_DB_READ);
    assert_int_equal(dalil_db_add_index(db, second), DALIL_OK);
    uint64_t docids[] = {5, 2, 4, 1, 3};
    char *terms[] = {"minister", "oil", NULL, "prices", "XVoil", "Zoil", "zzzabsent"};
    enum { N_DOCS = sizeof docids / sizeof docids[0], N_TERMS = sizeof terms / sizeof terms[0] };
    uint32_t *positions[N_DOCS * N_TERMS];
    size_t counts[N_DOCS * N_TERMS];
    assert_int_equal(_dalil_db_positions_many(db, docids, N_DOCS, terms, N_TERMS, positions, counts), DALIL_OK);
    size_t nonempty = 0;
    for (size_t d = 0; d < N_DOCS; d++)
        for (size_t t = 0; t < N_TERMS; t++) {
            uint32_t *want = NULL;
            size_t n_want = 0;
            if (terms[t])
                assert_int_equal(_dalil_db_positions(db, docids[d], terms[t], &want, &n_want), DALIL_OK);
            size_t k = d * N_TERMS + t;
            assert_int_equal(counts[k], n_want);
            for (size_t i = 0; i < n_want; i++)
                assert_int_equal(positions[k][i], want[i]);
            nonempty += n_want > 0;
            free(want);
            free(positions[k]);
        }
    assert_true(nonempty >= 8); /* oil in every document, minister and prices in some */
    dalil_db_close(db);
    free(second);
}

/* ---- Each failure status, produced for real ---------------------------------- */

static void test_second_writer_is_locked(void **state)
{
    fixture_t *f = *state;
    dalil_db_t *writer = open_ok(f->db_path, DALIL_DB_WRITE);
    dalil_db_t *second = (dalil_db_t *)1;
    char *detail = NULL;
    assert_int_equal(dalil_db_open(f->db_path, DALIL_DB_WRITE, &second, &detail), DALIL_LOCKED);
    assert_null(second);
    assert_non_null(strstr(detail, "locked"));
    free(detail);
    /* Readers are not blocked by the writer. */
    dalil_db_t *reader = open_ok(f->db_path, DALIL_DB_READ);
    dalil_db_close(reader);
    dalil_db_close(writer);
    writer = open_ok(f->db_path, DALIL_DB_WRITE); /* the lock went with the writer */
    dalil_db_close(writer);
}

static void test_missing_index_is_not_found(void **state)
{
    fixture_t *f = *state;
    dalil_db_t *db = (dalil_db_t *)1;
    char *detail = NULL;
    assert_int_equal(dalil_db_open(f->db_path, DALIL_DB_READ, &db, &detail), DALIL_NOT_FOUND);
    assert_null(db);
    assert_non_null(strstr(detail, f->db_path));
    free(detail);
    /* A NULL detail pointer is allowed. */
    assert_int_equal(dalil_db_open(f->db_path, DALIL_DB_READ, &db, NULL), DALIL_NOT_FOUND);
}

static void test_garbage_index_is_corrupt(void **state)
{
    fixture_t *f = *state;
    dalil_db_t *db = open_ok(f->db_path, DALIL_DB_WRITE);
    add_text_doc(db, "a", "A", "text");
    assert_int_equal(dalil_db_commit(db), DALIL_OK);
    dalil_db_close(db);
    char *version_file = test_path(f->db_path, "iamglass");
    test_write_file(version_file, "garbage");
    free(version_file);
    char *detail = NULL;
    assert_int_equal(dalil_db_open(f->db_path, DALIL_DB_READ, &db, &detail), DALIL_CORRUPT);
    assert_null(db);
    assert_non_null(detail);
    free(detail);
}

static void test_future_format_is_corrupt(void **state)
{
    fixture_t *f = *state;
    dalil_db_t *db = open_ok(f->db_path, DALIL_DB_WRITE);
    assert_int_equal(dalil_db_set_metadata(db, "dalil.format", "999"), DALIL_OK);
    assert_int_equal(dalil_db_commit(db), DALIL_OK);
    dalil_db_close(db);
    char *detail = NULL;
    assert_int_equal(dalil_db_open(f->db_path, DALIL_DB_READ, &db, &detail), DALIL_CORRUPT);
    assert_non_null(strstr(detail, "--full"));
    free(detail);
}

static void test_writes_to_reader_are_read_only(void **state)
{
    fixture_t *f = *state;
    dalil_db_t *db = open_ok(f->db_path, DALIL_DB_WRITE);
    assert_int_equal(dalil_db_commit(db), DALIL_OK);
    assert_int_equal(dalil_db_add_index(db, f->db_path), DALIL_READ_ONLY);
    dalil_db_close(db);
    db = open_ok(f->db_path, DALIL_DB_READ);
    dalil_doc_t *doc;
    assert_int_equal(dalil_doc_new(&doc), DALIL_OK);
    assert_int_equal(dalil_db_commit(db), DALIL_READ_ONLY);
    assert_non_null(strstr(dalil_db_detail(db), "read-only"));
    assert_int_equal(dalil_db_replace_doc(db, "x", doc), DALIL_READ_ONLY);
    assert_int_equal(dalil_db_delete_doc(db, "x"), DALIL_READ_ONLY);
    assert_int_equal(dalil_db_set_metadata(db, "k", "v"), DALIL_READ_ONLY);
    dalil_doc_free(doc);
    dalil_db_close(db);
}

static void test_unwritable_place_is_io(void **state)
{
    fixture_t *f = *state;
    char *deep = test_path(f->dir, "no/such/parent/index");
    dalil_db_t *db = NULL;
    char *detail = NULL;
    assert_int_equal(dalil_db_open(deep, DALIL_DB_WRITE, &db, &detail), DALIL_IO);
    assert_null(db);
    assert_non_null(detail);
    free(detail);
    free(deep);
}

static void test_invalid_arguments(void **state)
{
    fixture_t *f = *state;
    dalil_db_t *db = NULL;
    char *detail = NULL;
    assert_int_equal(dalil_db_open("", DALIL_DB_READ, &db, NULL), DALIL_INVALID_ARGUMENT);
    assert_int_equal(dalil_db_open(f->db_path, (dalil_db_mode_t)7, &db, NULL), DALIL_INVALID_ARGUMENT);

    /* A directory that holds other things is not made into an index. */
    char *notes = test_path(f->dir, "notes.txt");
    test_write_file(notes, "my own file\n");
    assert_int_equal(dalil_db_open(f->dir, DALIL_DB_WRITE, &db, &detail), DALIL_INVALID_ARGUMENT);
    assert_non_null(strstr(detail, "not an index"));
    free(detail);
    assert_int_equal(dalil_db_open(notes, DALIL_DB_WRITE, &db, &detail), DALIL_INVALID_ARGUMENT);
    free(detail);
    free(notes);

    dalil_doc_t *doc;
    assert_int_equal(dalil_doc_new(&doc), DALIL_OK);
    char long_term[DALIL_MAX_TERM_BYTES + 2];
    memset(long_term, 'x', sizeof long_term - 1);
    long_term[sizeof long_term - 1] = '\0';
    assert_int_equal(dalil_doc_add_posting(doc, "", 1), DALIL_INVALID_ARGUMENT);
    assert_int_equal(dalil_doc_add_posting(doc, "word", 0), DALIL_INVALID_ARGUMENT);
    assert_int_equal(dalil_doc_add_posting(doc, long_term, 1), DALIL_INVALID_ARGUMENT);
    assert_int_equal(dalil_doc_add_term(doc, long_term), DALIL_INVALID_ARGUMENT);
    long_term[DALIL_MAX_TERM_BYTES] = '\0';
    assert_int_equal(dalil_doc_add_term(doc, long_term), DALIL_OK);
    assert_int_equal(dalil_doc_set_field(doc, "", "v", 1), DALIL_INVALID_ARGUMENT);
    assert_int_equal(dalil_doc_set_value(doc, 0, NULL, 3), DALIL_INVALID_ARGUMENT);

    db = open_ok(f->db_path, DALIL_DB_WRITE);
    assert_int_equal(dalil_db_replace_doc(db, "", doc), DALIL_INVALID_ARGUMENT);
    assert_int_equal(dalil_db_set_metadata(db, "", "v"), DALIL_INVALID_ARGUMENT);
    dalil_hits_t *hits = (dalil_hits_t *)1;
    assert_int_equal(dalil_db_search(db, " ,;! ", NULL, &hits), DALIL_INVALID_ARGUMENT);
    assert_null(hits);
    assert_non_null(strstr(dalil_db_detail(db), "no words"));
    dalil_doc_free(doc);
    dalil_db_close(db);
}

/* Xapian refuses a synonym group inside a phrase: that surfaces as XAPIAN, never as an
 * exception in C. */
static void test_unsupported_query_is_xapian_error(void **state)
{
    fixture_t *f = *state;
    dalil_db_t *db = open_ok(f->db_path, DALIL_DB_WRITE);
    add_text_doc(db, "a", "A", "daesh fighters");
    assert_int_equal(dalil_db_commit(db), DALIL_OK);
    _dalil_query_t *alternatives[] = {_dalil_query_term("", "daesh"), _dalil_query_term("", "isis")};
    _dalil_query_t *phrase_subs[] = {_dalil_query_node(_DALIL_Q_SYNONYM, alternatives, 2),
                                     _dalil_query_term("", "fighters")};
    _dalil_query_t *phrase = _dalil_query_node(_DALIL_Q_PHRASE, phrase_subs, 2);
    dalil_hits_t *hits = (dalil_hits_t *)1;
    assert_int_equal(run_tree(db, phrase, &hits), DALIL_XAPIAN);
    assert_null(hits);
    assert_true(strlen(dalil_db_detail(db)) > 0);
    _dalil_query_free(phrase);
    dalil_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_messages_cover_every_status),
        cmocka_unit_test_setup_teardown(test_add_commit_search_reopen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_uncommitted_changes_are_discarded_on_close, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replace_and_delete_by_unique_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_unique_ids_stay_distinct, setup, teardown),
        cmocka_unit_test_setup_teardown(test_positions_support_phrases_not_across_texts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_query_operators, setup, teardown),
        cmocka_unit_test_setup_teardown(test_values_metadata_and_terms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_several_indexes_search_as_one, setup, teardown),
        cmocka_unit_test_setup_teardown(test_positions_of_many_documents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_second_writer_is_locked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_index_is_not_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_garbage_index_is_corrupt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_future_format_is_corrupt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writes_to_reader_are_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unwritable_place_is_io, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unsupported_query_is_xapian_error, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
