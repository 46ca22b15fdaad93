/* link_example.c: a program outside dalil that links the installed libdalil through
 * pkg-config, indexes one document and finds it. */
#include <dalil.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    dalil_db_t *db = NULL;
    char *detail = NULL;
    dalil_analyzer_t *analyzer = NULL;
    dalil_doc_t *doc = NULL;
    const char *text = "Kadhafi addressed the crowd in Tripoli.";
    if (dalil_db_open(argv[1], DALIL_DB_WRITE, &db, &detail) != DALIL_OK ||
        dalil_analyzer_new(&analyzer) != DALIL_OK || dalil_doc_new(&doc) != DALIL_OK ||
        dalil_doc_set_field(doc, "title", "Tripoli", 7) != DALIL_OK ||
        dalil_doc_index_text(doc, analyzer, text, strlen(text)) != DALIL_OK ||
        dalil_db_replace_doc(db, "tripoli.txt", doc) != DALIL_OK || dalil_db_commit(db) != DALIL_OK) {
        fprintf(stderr, "link_example: %s\n", detail ? detail : dalil_db_detail(db));
        return 1;
    }
    dalil_hits_t *hits = NULL;
    if (dalil_db_search(db, "kadhafi tripoli", NULL, &hits) != DALIL_OK)
        return 1;
    printf("%zu %s\n", dalil_hits_count(hits), dalil_hit_field(hits, 0, "title", NULL));
    dalil_hits_free(hits);
    dalil_doc_free(doc);
    dalil_analyzer_free(analyzer);
    dalil_db_close(db);
    return 0;
}
