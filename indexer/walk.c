/* walk.c: the corpus walk. Lists the files under the command line's paths, in a stable
 * (sorted) order so that documents get the same ids run after run; follows symbolic
 * links, but remembers each directory entered so that a link loop is reported once and
 * not followed; skips hidden entries, --exclude matches, and any Xapian database (the
 * index itself above all). FIFOs, devices and sockets found in a directory are reported
 * and never opened (a FIFO would block the run).
 *
 * Depth costs no stack to speak of: paths are on the heap, so a tree as deep as PATH_MAX
 * allows (some 2,000 levels of one-letter names) is walked; a longer path is reported. */
#include "ix.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    dev_t dev;
    ino_t ino;
    bool used;
} dir_id_t;

typedef struct {
    ix_walk_t *walk;
    const ix_walk_options_t *options;
    dir_id_t *dirs; /* entered directories: a hash set (open addressing) */
    size_t n_dirs, cap_dirs;
    struct stat index;
    bool have_index;
    bool nomem;
} state_t;

static void note(state_t *s, uint64_t *counter, const char *shown, const char *why)
{
    (*counter)++;
    if (!s->options->quiet) {
        char *name = ix_printable_name(shown);
        fprintf(stderr, "dalil-index: %s: %s\n", name ? name : "(a file)", why);
        free(name);
    }
}

static bool excluded(const state_t *s, const char *name, const char *relative)
{
    for (size_t i = 0; i < s->options->n_excludes; i++) {
        const char *glob = s->options->excludes[i];
        if (fnmatch(glob, name, 0) == 0 || fnmatch(glob, relative, 0) == 0)
            return true;
    }
    return false;
}

/* Extensions of files that are never text; skipped without reading them. */
static bool binary_by_name(const char *name)
{
    static const char *const binary[] = {"jpg", "jpeg", "png", "gif", "webp", "bmp", "ico",
                                         "tif", "tiff", "pdf", "zip", "gz", "tgz", "bz2", "xz",
                                         "zst", "7z", "rar", "tar", "exe", "dll", "so", "o",
                                         "a", "class", "jar", "mp3", "mp4", "m4a", "wav",
                                         "ogg", "avi", "mov", "mkv", "woff", "woff2", "ttf",
                                         "otf", "db", "sqlite", "pyc", "doc", "docx", "xls",
                                         "xlsx", "ppt", "pptx", "odt", NULL};
    const char *dot = strrchr(name, '.');
    if (!dot)
        return false;
    for (size_t i = 0; binary[i]; i++)
        if (strcasecmp(dot + 1, binary[i]) == 0)
            return true;
    return false;
}

static bool add_file(state_t *s, const char *real, const char *shown, const struct stat *st)
{
    ix_walk_t *w = s->walk;
    if (w->count == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 1024;
        ix_file_t *files = realloc(w->files, cap * sizeof *files);
        if (!files)
            return false;
        w->files = files;
        w->cap = cap;
    }
    ix_file_t *f = &w->files[w->count];
    f->path = strdup(real);
    f->shown = ix_printable_name(shown);
    if (!f->path || !f->shown) {
        free(f->path);
        free(f->shown);
        return false;
    }
    f->size = (uint64_t)st->st_size;
    f->regular = S_ISREG(st->st_mode);
    f->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
    w->count++;
    return true;
}

static bool is_xapian_db(const char *dir)
{
    char marker[PATH_MAX];
    return snprintf(marker, sizeof marker, "%s/iamglass", dir) < (int)sizeof marker &&
           access(marker, F_OK) == 0;
}

static size_t dir_slot(const dir_id_t *dirs, size_t cap, dev_t dev, ino_t ino)
{
    size_t i = (size_t)((uint64_t)ino * 0x9E3779B97F4A7C15u ^ (uint64_t)dev) & (cap - 1);
    while (dirs[i].used && !(dirs[i].dev == dev && dirs[i].ino == ino))
        i = (i + 1) & (cap - 1);
    return i;
}

static bool grow_dirs(state_t *s)
{
    size_t cap = s->cap_dirs ? s->cap_dirs * 2 : 256;
    dir_id_t *dirs = calloc(cap, sizeof *dirs);
    if (!dirs)
        return false;
    for (size_t i = 0; i < s->cap_dirs; i++)
        if (s->dirs[i].used)
            dirs[dir_slot(dirs, cap, s->dirs[i].dev, s->dirs[i].ino)] = s->dirs[i];
    free(s->dirs);
    s->dirs = dirs;
    s->cap_dirs = cap;
    return true;
}

/* Records `st` as entered; false when it was entered before (a loop or a second link). */
static bool enter_dir(state_t *s, const struct stat *st)
{
    if ((s->n_dirs + 1) * 2 > s->cap_dirs && !grow_dirs(s)) {
        s->nomem = true;
        return false;
    }
    size_t i = dir_slot(s->dirs, s->cap_dirs, st->st_dev, st->st_ino);
    if (s->dirs[i].used)
        return false;
    s->dirs[i] = (dir_id_t){st->st_dev, st->st_ino, true};
    s->n_dirs++;
    return true;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk_dir(state_t *s, const char *real, const char *shown, const char *relative);

/* Why a file that is neither a directory nor a regular file is skipped. */
static const char *special_kind(mode_t mode)
{
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe), skipped";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device, skipped";
    if (S_ISSOCK(mode))
        return "a socket, skipped";
    return "not a regular file, skipped";
}

/* One entry found in a directory, or named on the command line (relative == ""). */
static void visit(state_t *s, const char *real, const char *shown, const char *relative,
                  const char *name, bool followed)
{
    struct stat st;
    if (stat(real, &st) != 0) {
        if (errno == ELOOP)
            note(s, &s->walk->skipped, shown, "symbolic link loop, skipped");
        else if (followed && errno == ENOENT)
            note(s, &s->walk->skipped, shown, "dangling symbolic link, skipped");
        else
            note(s, &s->walk->failed, shown, strerror(errno));
        return;
    }
    if (s->have_index && st.st_dev == s->index.st_dev && st.st_ino == s->index.st_ino)
        return;
    if (S_ISDIR(st.st_mode)) {
        if (is_xapian_db(real)) {
            if (s->options->verbose)
                note(s, &s->walk->skipped, shown, "a Xapian index, skipped");
            return;
        }
        if (!enter_dir(s, &st)) {
            if (!s->nomem)
                note(s, &s->walk->skipped, shown, "directory already indexed (symbolic link loop?), skipped");
            return;
        }
        char *resolved = followed ? realpath(real, NULL) : NULL;
        walk_dir(s, resolved ? resolved : real, shown, relative);
        free(resolved);
        return;
    }
    /* A pipe named on the command line is read (once); one found in a tree is not. */
    if (!S_ISREG(st.st_mode) && *relative) {
        note(s, &s->walk->skipped, shown, special_kind(st.st_mode));
        return;
    }
    if (binary_by_name(name)) {
        if (s->options->verbose)
            note(s, &s->walk->skipped, shown, "binary file type, skipped");
        else
            s->walk->skipped++;
        return;
    }
    if ((uint64_t)st.st_size > s->options->max_size) {
        char why[96];
        snprintf(why, sizeof why, "%.1f MB, larger than --max-size; skipped", (double)st.st_size / 1e6);
        note(s, &s->walk->skipped, shown, why);
        return;
    }
    char *resolved = followed ? realpath(real, NULL) : NULL;
    if (!add_file(s, resolved ? resolved : real, shown, &st))
        s->nomem = true;
    free(resolved);
}

/* The names in directory `real`, but hidden ones, sorted; NULL (and *n 0) when empty. */
static char **list_dir(state_t *s, DIR *dir, size_t *n_out)
{
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *e; (e = readdir(dir)) != NULL;) {
        if (e->d_name[0] == '.')
            continue; /* hidden, and . and .. */
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(names, cap * sizeof *names);
            if (!grown) {
                s->nomem = true;
                break;
            }
            names = grown;
        }
        if (!(names[n] = strdup(e->d_name))) {
            s->nomem = true;
            break;
        }
        n++;
    }
    if (n)
        qsort(names, n, sizeof *names, compare_names);
    *n_out = n;
    return names;
}

static void walk_dir(state_t *s, const char *real, const char *shown, const char *relative)
{
    DIR *dir = opendir(real);
    if (!dir) {
        note(s, &s->walk->failed, shown, strerror(errno));
        return;
    }
    size_t n;
    char **names = list_dir(s, dir, &n);
    closedir(dir);
    for (size_t i = 0; i < n && !s->nomem; i++) {
        char *child_real, *child_shown, *child_rel;
        int a = asprintf(&child_real, "%s/%s", real, names[i]);
        int b = asprintf(&child_shown, "%s/%s", shown, names[i]);
        int c = asprintf(&child_rel, "%s%s%s", relative, *relative ? "/" : "", names[i]);
        if (a < 0 || b < 0 || c < 0) {
            s->nomem = true;
        } else if (a >= PATH_MAX) {
            note(s, &s->walk->failed, child_shown, "path too long");
        } else if (!excluded(s, names[i], child_rel)) {
            struct stat lst;
            bool link = lstat(child_real, &lst) == 0 && S_ISLNK(lst.st_mode);
            visit(s, child_real, child_shown, child_rel, names[i], link);
        }
        if (a >= 0)
            free(child_real);
        if (b >= 0)
            free(child_shown);
        if (c >= 0)
            free(child_rel);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static int compare_files(const void *a, const void *b)
{
    return strcmp(((const ix_file_t *)a)->path, ((const ix_file_t *)b)->path);
}

/* A file reached twice (through a link, or named twice) is indexed once. */
static void sort_unique(ix_walk_t *w)
{
    qsort(w->files, w->count, sizeof *w->files, compare_files);
    size_t out = 0;
    for (size_t i = 0; i < w->count; i++) {
        if (out && strcmp(w->files[out - 1].path, w->files[i].path) == 0) {
            free(w->files[i].path);
            free(w->files[i].shown);
            continue;
        }
        w->files[out++] = w->files[i];
    }
    w->count = out;
}

bool ix_walk(ix_walk_t *w, const ix_walk_options_t *options, char *const *args, size_t n)
{
    state_t s = {.walk = w, .options = options};
    s.have_index = options->index_path && stat(options->index_path, &s.index) == 0;
    w->roots = calloc(n ? n : 1, sizeof *w->roots);
    if (!w->roots)
        return false;
    for (size_t i = 0; i < n && !s.nomem; i++) {
        char *real = realpath(args[i], NULL);
        if (!real) {
            if (errno == ENOMEM)
                s.nomem = true;
            else
                note(&s, &w->failed, args[i], strerror(errno));
            continue;
        }
        w->roots[w->n_roots++] = real;
        const char *slash = strrchr(real, '/');
        visit(&s, real, args[i], "", slash ? slash + 1 : real, false);
    }
    free(s.dirs);
    sort_unique(w);
    return !s.nomem;
}

void ix_walk_free(ix_walk_t *w)
{
    for (size_t i = 0; i < w->count; i++) {
        free(w->files[i].path);
        free(w->files[i].shown);
    }
    free(w->files);
    for (size_t i = 0; i < w->n_roots; i++)
        free(w->roots[i]);
    free(w->roots);
    memset(w, 0, sizeof *w);
}

bool ix_walk_covers(const ix_walk_t *w, const char *path)
{
    for (size_t i = 0; i < w->n_roots; i++) {
        size_t n = strlen(w->roots[i]);
        if (strncmp(path, w->roots[i], n) == 0 && (path[n] == '\0' || path[n] == '/' || (n == 1)))
            return true;
    }
    return false;
}
