/* shards.c: where the shards of a run live, and how a merged index takes the place of the
 * old one.
 *
 * New files can be written by the worker threads into shards (small Xapian indexes, one
 * per block of files) that are merged with the index at the end of the run. The shards
 * and the merged index live in a hidden directory beside the index, ".NAME.shards" for
 * an index NAME (".dalil.shards" for ".dalil"), on the same file system, so that the
 * merged index can take the index's place by rename. The walk never sees it: it is
 * hidden, and made after the walk.
 *
 * The swap is atomic where the file system can exchange two directories (renameat2 with
 * RENAME_EXCHANGE: ext4, xfs, btrfs, tmpfs): readers open the old index or the new one,
 * and a crash leaves one of them in place. Elsewhere it takes two renames, the old index
 * first moved into the shards directory as "previous"; a crash between them leaves no
 * index, and ix_shards_recover puts "previous" back at the next run. */
#include "shards.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *ix_shards_dir(const char *index_path)
{
    size_t len = strlen(index_path);
    while (len > 1 && index_path[len - 1] == '/')
        len--;
    size_t base = len;
    while (base > 0 && index_path[base - 1] != '/')
        base--;
    /* "DIR/" + "." + NAME + ".shards", without a second dot for a hidden NAME */
    const char *dot = index_path[base] == '.' ? "" : ".";
    size_t size = base + 1 + (len - base) + sizeof ".shards";
    char *dir = malloc(size);
    if (dir)
        snprintf(dir, size, "%.*s%s%.*s.shards", (int)base, index_path, dot, (int)(len - base),
                 index_path + base);
    return dir;
}

char *ix_shards_path(const char *shards_dir, const char *name)
{
    size_t size = strlen(shards_dir) + 1 + strlen(name) + 1;
    char *path = malloc(size);
    if (path)
        snprintf(path, size, "%s/%s", shards_dir, name);
    return path;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return (type == FTW_DP ? rmdir(path) : unlink(path)) == 0 || errno == ENOENT ? 0 : -1;
}

bool ix_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT;
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0;
}

/* Flushes the directory holding `path` (its entries: a rename) to the disk. */
static void sync_parent(const char *path)
{
    char parent[PATH_MAX];
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    while (len > 0 && path[len - 1] != '/')
        len--;
    if (len >= sizeof parent)
        return;
    if (len == 0)
        strcpy(parent, ".");
    else
        snprintf(parent, sizeof parent, "%.*s", (int)len, path);
    int fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

bool ix_shards_swap_in(const char *merged, const char *index_path, const char *previous)
{
    struct stat old;
    if (stat(index_path, &old) == 0)
        chmod(merged, old.st_mode & 07777); /* the index keeps its permissions */
    if (renameat2(AT_FDCWD, merged, AT_FDCWD, index_path, RENAME_EXCHANGE) == 0) {
        sync_parent(index_path);
        sync_parent(merged);
        return true;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return false;
    if (rename(index_path, previous) != 0)
        return false;
    if (rename(merged, index_path) != 0) {
        int error = errno;
        rename(previous, index_path);
        errno = error;
        return false;
    }
    sync_parent(index_path);
    sync_parent(previous);
    return true;
}

bool ix_shards_recover(const char *index_path)
{
    struct stat st;
    if (lstat(index_path, &st) == 0 || errno != ENOENT)
        return true;
    char *dir = ix_shards_dir(index_path);
    char *previous = dir ? ix_shards_path(dir, IX_SHARDS_PREVIOUS) : NULL;
    bool ok = previous && (lstat(previous, &st) != 0 || rename(previous, index_path) == 0);
    free(previous);
    free(dir);
    return ok;
}
