/* runtime.c: per-process latency of search commands, measured without a shell between.
 *
 * Usage: runtime QUERIES ROUNDS ENGINE=COMMAND... -- ARG... [ENGINE=COMMAND -- ARG...]
 * QUERIES holds one "kind<TAB>query" per line. For each round, each query and each
 * engine in turn (interleaved, so that no engine gets a warmer cache than another), the
 * engine's command runs with its arguments, "{}" in an argument replaced by the query
 * and "{sql}" by the query with single quotes doubled; its output goes to /dev/null.
 * Prints "engine<TAB>kind<TAB>exit<TAB>microseconds" per run. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ENGINES 8
#define MAX_ARGS 64

typedef struct {
    const char *name;
    char **args; /* command and arguments, NULL-terminated, with placeholders */
    int n_args;
} engine_t;

static char *replace(const char *arg, const char *query)
{
    const char *hole = strstr(arg, "{sql}");
    size_t hole_len = 5;
    if (!hole) {
        hole = strstr(arg, "{}");
        hole_len = 2;
    }
    if (!hole)
        return strdup(arg);
    size_t qlen = strlen(query);
    char *out = malloc(strlen(arg) + 2 * qlen + 1);
    size_t n = (size_t)(hole - arg);
    memcpy(out, arg, n);
    for (size_t i = 0; i < qlen; i++) {
        out[n++] = query[i];
        if (hole_len == 5 && query[i] == '\'')
            out[n++] = '\'';
    }
    strcpy(out + n, hole + hole_len);
    return out;
}

static long run_once(const engine_t *engine, const char *query, int *status)
{
    char *argv[MAX_ARGS + 1];
    for (int i = 0; i < engine->n_args; i++)
        argv[i] = replace(engine->args[i], query);
    argv[engine->n_args] = NULL;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        execvp(argv[0], argv);
        _exit(127);
    }
    waitpid(pid, status, 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    for (int i = 0; i < engine->n_args; i++)
        free(argv[i]);
    return (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: runtime QUERIES ROUNDS NAME -- COMMAND ARG... [; NAME -- ...]\n");
        return 2;
    }
    engine_t engines[MAX_ENGINES];
    int n_engines = 0;
    for (int i = 3; i < argc && n_engines < MAX_ENGINES;) {
        engine_t *e = &engines[n_engines++];
        e->name = argv[i];
        if (i + 1 >= argc || strcmp(argv[i + 1], "--") != 0) {
            fprintf(stderr, "runtime: expected -- after %s\n", argv[i]);
            return 2;
        }
        e->args = argv + i + 2;
        e->n_args = 0;
        while (i + 2 + e->n_args < argc && strcmp(argv[i + 2 + e->n_args], ";") != 0 &&
               e->n_args < MAX_ARGS)
            e->n_args++;
        i += 2 + e->n_args + 1;
    }
    FILE *file = fopen(argv[1], "r");
    if (!file) {
        perror(argv[1]);
        return 2;
    }
    char line[4096];
    char *kinds[4096], *queries[4096];
    int n = 0;
    while (n < 4096 && fgets(line, sizeof line, file)) {
        line[strcspn(line, "\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab || line[0] == '#')
            continue;
        *tab = '\0';
        kinds[n] = strdup(line);
        queries[n++] = strdup(tab + 1);
    }
    fclose(file);
    int rounds = atoi(argv[2]);
    for (int r = 0; r < rounds; r++)
        for (int q = 0; q < n; q++)
            for (int e = 0; e < n_engines; e++) {
                int status = 0;
                long us = run_once(&engines[e], queries[q], &status);
                printf("%s\t%s\t%d\t%ld\n", engines[e].name, kinds[q],
                       WIFEXITED(status) ? WEXITSTATUS(status) : 128, us);
            }
    return 0;
}
