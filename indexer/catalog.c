/* catalog.c: what the index already holds, file by file, for incremental runs: each
 * indexed file's size, mtime and content hash and the documents made from it, read from
 * the DALIL_SLOT_FILE value of every document. */
#include "catalog.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static size_t slot_of(const ix_catalog_t *c, const char *path)
{
    size_t mask = c->cap - 1, i = (size_t)XXH3_64bits(path, strlen(path)) & mask;
    while (c->slots[i] && strcmp(c->slots[i]->path, path) != 0)
        i = (i + 1) & mask;
    return i;
}

static bool grow(ix_catalog_t *c)
{
    size_t old_cap = c->cap;
    ix_entry_t **old = c->slots;
    c->cap = old_cap ? old_cap * 2 : 1024;
    c->slots = calloc(c->cap, sizeof *c->slots);
    if (!c->slots) {
        c->slots = old;
        c->cap = old_cap;
        return false;
    }
    for (size_t i = 0; i < old_cap; i++)
        if (old[i])
            c->slots[slot_of(c, old[i]->path)] = old[i];
    free(old);
    return true;
}

ix_entry_t *ix_catalog_find(const ix_catalog_t *c, const char *path)
{
    return c->cap ? c->slots[slot_of(c, path)] : NULL;
}

bool ix_stamp_parse(const char *value, size_t len, ix_stamp_t *stamp, const char **path,
                    size_t *path_len)
{
    char head[96];
    size_t n = len < sizeof head - 1 ? len : sizeof head - 1;
    memcpy(head, value, n);
    head[n] = '\0';
    int used = 0;
    unsigned long long size, hash;
    long long mtime;
    if (sscanf(head, "%llu %lld %16llx %n", &size, &mtime, &hash, &used) != 3 || used <= 0 ||
        (size_t)used >= len)
        return false;
    stamp->size = size;
    stamp->mtime_ns = mtime;
    stamp->hash = hash;
    *path = value + used;
    *path_len = len - (size_t)used;
    return true;
}

int ix_stamp_format(char *out, size_t cap, const ix_stamp_t *stamp, const char *path)
{
    return snprintf(out, cap, "%" PRIu64 " %" PRId64 " %016" PRIx64 " %s", stamp->size,
                    stamp->mtime_ns, stamp->hash, path);
}

static int add_value(void *ctx, uint64_t docid, const char *value, size_t len)
{
    ix_catalog_t *c = ctx;
    ix_stamp_t stamp;
    const char *path;
    size_t path_len;
    if (!ix_stamp_parse(value, len, &stamp, &path, &path_len))
        return 0; /* not written by this indexer: left alone */
    char *key = strndup(path, path_len);
    if (!key || ((c->count + 1) * 2 > c->cap && !grow(c))) {
        free(key);
        c->nomem = true;
        return 1;
    }
    size_t i = slot_of(c, key);
    ix_entry_t *e = c->slots[i];
    if (!e) {
        if (!(e = calloc(1, sizeof *e))) {
            free(key);
            c->nomem = true;
            return 1;
        }
        e->path = key;
        e->stamp = stamp;
        c->slots[i] = e;
        c->count++;
    } else {
        free(key);
    }
    if (e->n_docids == e->cap_docids) {
        size_t cap = e->cap_docids ? e->cap_docids * 2 : 1;
        uint64_t *docids = realloc(e->docids, cap * sizeof *docids);
        if (!docids) {
            c->nomem = true;
            return 1;
        }
        e->docids = docids;
        e->cap_docids = cap;
    }
    e->docids[e->n_docids++] = docid;
    return 0;
}

dalil_status_t ix_catalog_load(ix_catalog_t *c, dalil_db_t *db)
{
    dalil_status_t status = _dalil_db_each_value(db, DALIL_SLOT_FILE, add_value, c);
    if (status == DALIL_OK && c->nomem)
        status = DALIL_NOMEM;
    return status;
}

void ix_catalog_free(ix_catalog_t *c)
{
    for (size_t i = 0; i < c->cap; i++)
        if (c->slots[i]) {
            free(c->slots[i]->path);
            free(c->slots[i]->docids);
            free(c->slots[i]);
        }
    free(c->slots);
    memset(c, 0, sizeof *c);
}
