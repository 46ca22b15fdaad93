/* boilerplate.c: lines that repeat across many documents of a corpus.
 *
 * A site's share buttons, "Leave a Reply", "Similar posts" and copyright footer end every
 * article it publishes; indexed, they make every article match "reply" and fill snippets
 * with chrome. A line is boilerplate when it occurs in many documents: at least
 * `min_docs`, and at least a share of all. The share keeps a quotation repeated in a few
 * replies of one Usenet thread out of the set, so the post that said it stays findable.
 *
 * Lines are compared by a 64-bit hash of their normalised form (ASCII case folded, runs
 * of space squeezed). Numbers are kept: "Part 1" and "Part 2" are different lines.
 * Counting is bounded: the table holds at most MAX_LINES distinct lines (16 bytes each);
 * when it is full, lines already in it keep being counted and new ones are not. */
#include "ix.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define MAX_LINES (1u << 22) /* 64 MB of counters at most */
#define MIN_LINE_BYTES 4     /* shorter lines ("--", "Ok") are not judged */

typedef struct {
    uint64_t *keys; /* 0 = empty */
    uint32_t *counts;
    size_t cap, used;
} table_t;

struct ix_boiler {
    pthread_mutex_t lock;
    table_t counts; /* line → documents holding it, while learning */
    table_t frozen; /* the boilerplate lines */
    uint64_t documents;
};

static bool table_init(table_t *t, size_t cap)
{
    t->keys = calloc(cap, sizeof *t->keys);
    t->counts = calloc(cap, sizeof *t->counts);
    t->cap = cap;
    t->used = 0;
    return t->keys && t->counts;
}

static void table_free(table_t *t)
{
    free(t->keys);
    free(t->counts);
    memset(t, 0, sizeof *t);
}

static size_t slot_of(const table_t *t, uint64_t key)
{
    size_t mask = t->cap - 1, i = (size_t)key & mask;
    while (t->keys[i] && t->keys[i] != key)
        i = (i + 1) & mask;
    return i;
}

static bool table_grow(table_t *t)
{
    table_t bigger;
    if (!table_init(&bigger, t->cap * 2)) {
        table_free(&bigger);
        return false;
    }
    for (size_t i = 0; i < t->cap; i++)
        if (t->keys[i]) {
            size_t j = slot_of(&bigger, t->keys[i]);
            bigger.keys[j] = t->keys[i];
            bigger.counts[j] = t->counts[i];
            bigger.used++;
        }
    table_free(t);
    *t = bigger;
    return true;
}

/* Adds `n` to `key`'s count; a key that does not fit is left out. */
static void table_add(table_t *t, uint64_t key, uint32_t n)
{
    size_t i = slot_of(t, key);
    if (!t->keys[i]) {
        if (t->used >= MAX_LINES || ((t->used + 1) * 4 > t->cap * 3 && !table_grow(t)))
            return;
        i = slot_of(t, key);
        t->keys[i] = key;
        t->used++;
    }
    t->counts[i] += n;
}

static bool table_has(const table_t *t, uint64_t key)
{
    return t->cap && t->keys[slot_of(t, key)] == key;
}

ix_boiler_t *ix_boiler_new(void)
{
    ix_boiler_t *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    if (!table_init(&b->counts, 1024) || !table_init(&b->frozen, 64)) {
        ix_boiler_free(b);
        return NULL;
    }
    pthread_mutex_init(&b->lock, NULL);
    return b;
}

void ix_boiler_free(ix_boiler_t *b)
{
    if (!b)
        return;
    table_free(&b->counts);
    table_free(&b->frozen);
    pthread_mutex_destroy(&b->lock);
    free(b);
}

/* The hash of a line's normalised form; 0 when the line is too short to judge. */
static uint64_t line_hash(const char *line, size_t len)
{
    char buf[256];
    size_t n = 0, letters = 0;
    bool space = false;
    for (size_t i = 0; i < len && n < sizeof buf - 1; i++) {
        unsigned char c = (unsigned char)line[i];
        if (isspace(c)) {
            space = n > 0;
            continue;
        }
        if (space)
            buf[n++] = ' ';
        space = false;
        letters += (c >= 0x80 || isalpha(c));
        buf[n++] = (char)tolower(c);
    }
    if (n < MIN_LINE_BYTES || letters < 3 || len > 400)
        return 0; /* blank, a number, or a long paragraph that merely repeats */
    uint64_t h = XXH3_64bits(buf, n);
    return h ? h : 1;
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

void ix_boiler_learn(ix_boiler_t *b, const char *text, size_t len)
{
    /* The document's distinct lines, counted once each. */
    size_t n = 0, cap = 64;
    uint64_t *hashes = malloc(cap * sizeof *hashes);
    if (!hashes)
        return;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        uint64_t h = line_hash(text + pos, end - pos);
        pos = end + 1;
        if (!h)
            continue;
        if (n == cap) {
            uint64_t *grown = realloc(hashes, cap * 2 * sizeof *hashes);
            if (!grown)
                break;
            hashes = grown;
            cap *= 2;
        }
        hashes[n++] = h;
    }
    qsort(hashes, n, sizeof *hashes, compare_u64);
    pthread_mutex_lock(&b->lock);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || hashes[i] != hashes[i - 1])
            table_add(&b->counts, hashes[i], 1);
    b->documents++;
    pthread_mutex_unlock(&b->lock);
    free(hashes);
}

size_t ix_boiler_freeze(ix_boiler_t *b, uint64_t min_docs, double min_share)
{
    double share_docs = min_share * (double)b->documents;
    uint64_t threshold = min_docs > share_docs ? min_docs : (uint64_t)share_docs;
    size_t found = 0;
    for (size_t i = 0; i < b->counts.cap; i++)
        if (b->counts.keys[i] && b->counts.counts[i] >= threshold) {
            table_add(&b->frozen, b->counts.keys[i], 1);
            found++;
        }
    table_free(&b->counts);
    table_init(&b->counts, 16);
    b->documents = 0;
    return found;
}

bool ix_boiler_load(ix_boiler_t *b, const char *saved)
{
    for (const char *p = saved; p && *p;) {
        char *end;
        unsigned long long h = strtoull(p, &end, 16);
        if (end == p)
            return false;
        if (h)
            table_add(&b->frozen, h, 1);
        p = end;
        while (*p == '\n')
            p++;
    }
    return true;
}

char *ix_boiler_save(const ix_boiler_t *b)
{
    ix_buf_t out = {0};
    if (!ix_buf_append(&out, "", 0))
        return NULL;
    for (size_t i = 0; i < b->frozen.cap; i++)
        if (b->frozen.keys[i] && !ix_buf_printf(&out, "%016llx\n", (unsigned long long)b->frozen.keys[i])) {
            ix_buf_free(&out);
            return NULL;
        }
    return out.data;
}

bool ix_boiler_is_line(const ix_boiler_t *b, const char *line, size_t len)
{
    uint64_t h = line_hash(line, len);
    return h && table_has(&b->frozen, h);
}

size_t ix_boiler_strip(const ix_boiler_t *b, const char *text, size_t len, ix_buf_t *out)
{
    size_t removed = 0;
    ix_buf_clear(out);
    ix_buf_append(out, "", 0);
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) + 1 : len;
        if (b->frozen.used && ix_boiler_is_line(b, text + pos, end - pos))
            removed++;
        else
            ix_buf_append(out, text + pos, end - pos);
        pos = end;
    }
    return removed;
}
