/* catalog.h: the files an index already holds (catalog.c). */
#ifndef DALIL_IX_CATALOG_H
#define DALIL_IX_CATALOG_H

#include "ix.h"

/* What the index knows of a file when it was last indexed. */
typedef struct {
    uint64_t size;
    int64_t mtime_ns;
    uint64_t hash; /* XXH3-64 of the file's bytes */
} ix_stamp_t;

typedef struct {
    char *path;
    ix_stamp_t stamp;
    uint64_t *docids; /* the documents made from it */
    size_t n_docids, cap_docids;
    bool seen;        /* found by this run's walk and kept */
} ix_entry_t;

typedef struct {
    ix_entry_t **slots; /* open addressing by path */
    size_t cap, count;
    bool nomem;
} ix_catalog_t;

/* Reads every file stamp in `db`. Returns OK, NOMEM, CORRUPT or XAPIAN. */
dalil_status_t ix_catalog_load(ix_catalog_t *catalog, dalil_db_t *db);
ix_entry_t *ix_catalog_find(const ix_catalog_t *catalog, const char *path);
void ix_catalog_free(ix_catalog_t *catalog);

/* The DALIL_SLOT_FILE value: "SIZE MTIME_NS HASH PATH". */
int ix_stamp_format(char *out, size_t cap, const ix_stamp_t *stamp, const char *path);
bool ix_stamp_parse(const char *value, size_t len, ix_stamp_t *stamp, const char **path,
                    size_t *path_len);

#endif
