/* document.h: articles to index documents (document.c). */
#ifndef DALIL_IX_DOCUMENT_H
#define DALIL_IX_DOCUMENT_H

#include "catalog.h"

/* The file an article came from. */
typedef struct {
    const char *path; /* real path */
    ix_format_t format;
    ix_stamp_t stamp;
    const char *stamp_value; /* the DALIL_SLOT_FILE value */
} ix_docfile_t;

/* Builds the document for `record` of `file`, whose text (boilerplate removed) is `text`.
 * *id_out is its unique id (path, or path#record), the caller's to free.
 * Returns OK, NOMEM or INVALID_ARGUMENT. */
dalil_status_t ix_build_document(const ix_docfile_t *file, const ix_record_t *record,
                                 const ix_buf_t *text, dalil_analyzer_t *analyzer,
                                 dalil_doc_t **doc_out, char **id_out);

#endif
