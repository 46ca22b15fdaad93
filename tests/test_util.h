/* test_util.h: what every cmocka test of dalil needs: cmocka's includes in the order
 * Debian's cmocka 1.1.5 requires, and throwaway directories. */
#ifndef DALIL_TEST_UTIL_H
#define DALIL_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A new empty directory under $TMPDIR (or /tmp); the caller frees the path. */
static inline char *test_make_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    char *path = NULL;
    assert_true(asprintf(&path, "%s/dalil-test-XXXXXX", tmp && *tmp ? tmp : "/tmp") > 0);
    assert_non_null(mkdtemp(path));
    return path;
}

static inline int test_remove_entry(const char *path, const struct stat *st, int flag,
                                    struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Removes `path` and everything below it, and frees it. */
static inline void test_remove_dir(char *path)
{
    nftw(path, test_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(path);
}

/* `dir`/`name`, which the caller frees. */
static inline char *test_path(const char *dir, const char *name)
{
    char *path = NULL;
    assert_true(asprintf(&path, "%s/%s", dir, name) > 0);
    return path;
}

static inline void test_write_file(const char *path, const char *content)
{
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fputs(content, file);
    assert_int_equal(fclose(file), 0);
}

#endif
