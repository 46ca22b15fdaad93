/* shards.h: the directory of a run's shards, and the swap of a merged index (shards.c). */
#ifndef DALIL_IX_SHARDS_H
#define DALIL_IX_SHARDS_H

#include <stdbool.h>

/* Inside the shards directory: the merged index before the swap, and, where the file
 * system cannot exchange directories, the old index between the swap's two renames. */
#define IX_SHARDS_MERGED "merged"
#define IX_SHARDS_PREVIOUS "previous"

/* The shards directory of the index at `index_path`: ".NAME.shards" beside it (one dot
 * for a NAME that has one: ".dalil.shards").
 * malloc'd; NULL when out of memory. */
char *ix_shards_dir(const char *index_path);

/* `shards_dir`/`name`, malloc'd; NULL when out of memory. */
char *ix_shards_path(const char *shards_dir, const char *name);

/* Removes `path` and everything below it (symbolic links are not followed). True when
 * nothing is left (also when there was nothing). */
bool ix_remove_tree(const char *path);

/* Puts the index at `merged` in the place of the one at `index_path`, and flushes the
 * rename to the disk. Afterwards the old index is at `merged` (an exchange) or at
 * `previous`. False with errno set when neither way worked (nothing moved). */
bool ix_shards_swap_in(const char *merged, const char *index_path, const char *previous);

/* Before the index is opened: when there is no index at `index_path` but a swap was cut
 * short, the old index goes back in its place. False when that failed. */
bool ix_shards_recover(const char *index_path);

#endif
