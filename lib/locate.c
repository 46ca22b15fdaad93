/* locate.c: where an index is when no --db names it, so "index this directory, then
 * search it" needs no flags. Like git finding .git, a search looks in the working
 * directory and then in each parent. */
#include "internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The nearest DALIL_DEFAULT_INDEX_NAME from the working directory upwards, or NULL. */
static char *find_upwards(void)
{
    char *dir = getcwd(NULL, 0);
    if (!dir)
        return NULL;
    size_t name_len = strlen(DALIL_DEFAULT_INDEX_NAME);
    for (;;) {
        size_t dir_len = strlen(dir);
        char *candidate = malloc(dir_len + name_len + 2);
        if (!candidate)
            break;
        sprintf(candidate, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, DALIL_DEFAULT_INDEX_NAME);
        if (is_directory(candidate)) {
            free(dir);
            return candidate;
        }
        free(candidate);
        char *slash = strrchr(dir, '/');
        if (!slash || dir_len == 1)
            break;
        if (slash == dir)
            slash[1] = '\0'; /* parent is the root */
        else
            *slash = '\0';
    }
    free(dir);
    return NULL;
}

dalil_status_t _dalil_locate_index(const char *flag, bool for_writing, char **path_out)
{
    const char *env = getenv("DALIL_DB");
    const char *chosen = flag && *flag ? flag : env && *env ? env : NULL;
    char *path = NULL;
    if (chosen) {
        path = strdup(chosen);
    } else {
        if (!for_writing)
            path = find_upwards();
        if (!path)
            path = strdup(DALIL_DEFAULT_INDEX_NAME);
    }
    *path_out = path;
    return path ? DALIL_OK : DALIL_NOMEM;
}
