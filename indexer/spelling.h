/* spelling.h: words for the spelling table, summed per batch (spelling.c). */
#ifndef DALIL_IX_SPELLING_H
#define DALIL_IX_SPELLING_H

#include "ix.h"

typedef struct ix_spelling ix_spelling_t;

ix_spelling_t *ix_spelling_new(void);
void ix_spelling_free(ix_spelling_t *spelling);
/* Counts one more document holding `word`; false when out of memory. */
bool ix_spelling_add(ix_spelling_t *spelling, const char *word, size_t len);
/* The same for each word of a NUL-separated list of `len` bytes. */
bool ix_spelling_add_list(ix_spelling_t *spelling, const char *list, size_t len);
/* Adds every counted word to `db`'s spelling table and forgets them.
 * Returns OK, READ_ONLY, NOMEM or XAPIAN. */
dalil_status_t ix_spelling_flush(ix_spelling_t *spelling, dalil_db_t *db);
/* The words of `doc` worth a spelling entry, NUL-separated, into `out` (replaced).
 * False when out of memory. */
bool ix_spelling_words(dalil_doc_t *doc, ix_buf_t *out);

#endif
