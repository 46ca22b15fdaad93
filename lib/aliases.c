/* aliases.c: the alias table: names that are different names for one thing (ISIS, Daesh,
 * Islamic State, داعش), which no spelling rule joins.
 *
 * Each name is analysed once, when the table is loaded, with the analyzer's own rules, so
 * a name matches the text in every spelling the rules already join: the words compare by
 * their most folded form (case, accents, hamza, Arabic article and proclitics), and inside
 * a name of several words also by name key, since the words around them make the match
 * precise (ad-Dawla al-Islamiya = ad-Dawlah al-Islamiyah). A word written in capitals in
 * the table (ISIS, IS) is an acronym and matches only capitals, so neither the goddess Isis
 * nor the verb "is" is taken for the group. An acronym written NAME? (ISIS?, IS?) is
 * ambiguous even in capitals (a 1993 software package, a shouted "IS"): it stands for its
 * group only in a text that also names the group another way (any of its other names,
 * searched for in the whole text once, when the acronym is first met).
 *
 * Matching runs at each word of the text, backwards from it, so that a name's group is
 * indexed at the name's last word: entries are sorted by their last word (and, for names
 * of several words, by its key), found by binary search. */
#include "variants.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NAME_MAX_WORDS 12
#define GROUP_MAX 64

typedef struct {
    size_t group;  /* index into groups */
    size_t n_words;
    _dalil_word_t *words;
    bool needs_evidence; /* written NAME? in the table: an ambiguous acronym (ISIS, IS) */
} entry_t;

/* A name of a group as written in the table, searched for in a text as evidence that an
 * ambiguous acronym there stands for the group. */
typedef struct {
    size_t group;
    char *text;
} evidence_t;

struct _dalil_aliases {
    char **groups;
    size_t n_groups;
    entry_t *entries;
    size_t n_entries, cap_entries;
    const entry_t **by_match; /* every entry, by its last word's match form */
    const entry_t **by_key;   /* entries of several words whose last word has a key */
    size_t n_by_key;
    evidence_t *evidence;
    size_t n_evidence;
    uint64_t seen[64];        /* bits of the last words' match forms and keys: most words
                                 of a text end no name, and one probe says so */
};

static unsigned filter_bit(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h & 4095;
}

static void filter_add(_dalil_aliases_t *aliases, const char *s)
{
    unsigned bit = filter_bit(s);
    aliases->seen[bit / 64] |= (uint64_t)1 << (bit % 64);
}

static bool filter_has(const _dalil_aliases_t *aliases, const char *s)
{
    unsigned bit = filter_bit(s);
    return aliases->seen[bit / 64] & ((uint64_t)1 << (bit % 64));
}

void _dalil_aliases_free(_dalil_aliases_t *aliases)
{
    if (!aliases)
        return;
    for (size_t i = 0; i < aliases->n_groups; i++)
        free(aliases->groups[i]);
    for (size_t i = 0; i < aliases->n_entries; i++)
        free(aliases->entries[i].words);
    for (size_t i = 0; i < aliases->n_evidence; i++)
        free(aliases->evidence[i].text);
    free(aliases->evidence);
    free(aliases->groups);
    free(aliases->entries);
    free(aliases->by_match);
    free(aliases->by_key);
    free(aliases);
}

static const _dalil_word_t *last_word(const entry_t *entry)
{
    return &entry->words[entry->n_words - 1];
}

static int by_match(const void *a, const void *b)
{
    return strcmp(last_word(*(const entry_t *const *)a)->match,
                  last_word(*(const entry_t *const *)b)->match);
}

static const char *entry_key(const entry_t *entry);

static int by_key(const void *a, const void *b)
{
    return strcmp(entry_key(*(const entry_t *const *)a), entry_key(*(const entry_t *const *)b));
}

static bool valid_group(const char *group, size_t len)
{
    if (len == 0 || len > GROUP_MAX)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((group[i] >= 'a' && group[i] <= 'z') || (group[i] >= '0' && group[i] <= '9') ||
              group[i] == '-'))
            return false;
    return true;
}

static dalil_status_t fail_line(char **error_out, size_t line, const char *what)
{
    if (asprintf(error_out, "aliases line %zu: %s", line, what) < 0) {
        *error_out = NULL;
        return DALIL_NOMEM;
    }
    return DALIL_INVALID_ARGUMENT;
}

static dalil_status_t add_evidence(_dalil_aliases_t *aliases, size_t group, const char *name,
                                   size_t len)
{
    evidence_t *grown = realloc(aliases->evidence, (aliases->n_evidence + 1) * sizeof *grown);
    if (!grown)
        return DALIL_NOMEM;
    aliases->evidence = grown;
    if (!(grown[aliases->n_evidence].text = strndup(name, len)))
        return DALIL_NOMEM;
    grown[aliases->n_evidence++].group = group;
    return DALIL_OK;
}

static dalil_status_t add_entry(_dalil_aliases_t *aliases, size_t group,
                                const _dalil_word_t *words, size_t n, bool needs_evidence)
{
    if (aliases->n_entries == aliases->cap_entries) {
        size_t cap = aliases->cap_entries ? aliases->cap_entries * 2 : 64;
        entry_t *grown = realloc(aliases->entries, cap * sizeof *grown);
        if (!grown)
            return DALIL_NOMEM;
        aliases->entries = grown;
        aliases->cap_entries = cap;
    }
    _dalil_word_t *copy = malloc(n * sizeof *copy);
    if (!copy)
        return DALIL_NOMEM;
    memcpy(copy, words, n * sizeof *copy);
    aliases->entries[aliases->n_entries++] = (entry_t){group, n, copy, needs_evidence};
    return DALIL_OK;
}

static dalil_status_t add_group(_dalil_aliases_t *aliases, const char *group, size_t len)
{
    char **grown = realloc(aliases->groups, (aliases->n_groups + 1) * sizeof *grown);
    if (!grown)
        return DALIL_NOMEM;
    aliases->groups = grown;
    if (!(grown[aliases->n_groups] = strndup(group, len)))
        return DALIL_NOMEM;
    aliases->n_groups++;
    return DALIL_OK;
}

/* One line: GROUP TAB NAME [TAB NAME ...]. */
static dalil_status_t parse_line(dalil_analyzer_t *analyzer, _dalil_aliases_t *aliases,
                                 const char *line, size_t len, size_t number, char **error_out)
{
    const char *tab = memchr(line, '\t', len);
    if (!tab)
        return fail_line(error_out, number, "expected GROUP<TAB>NAME<TAB>NAME...");
    if (!valid_group(line, (size_t)(tab - line)))
        return fail_line(error_out, number,
                         "the group must be 1 to 64 lowercase ASCII letters, digits or '-'");
    for (size_t g = 0; g < aliases->n_groups; g++)
        if (strlen(aliases->groups[g]) == (size_t)(tab - line) &&
            memcmp(aliases->groups[g], line, (size_t)(tab - line)) == 0)
            return fail_line(error_out, number, "this group is already defined");
    dalil_status_t status = add_group(aliases, line, (size_t)(tab - line));
    if (status != DALIL_OK)
        return status;
    const char *end = line + len;
    for (const char *name = tab + 1; name <= end;) {
        const char *next = memchr(name, '\t', (size_t)(end - name));
        size_t name_len = next ? (size_t)(next - name) : (size_t)(end - name);
        bool needs_evidence = name_len > 1 && name[name_len - 1] == '?';
        if (needs_evidence)
            name_len--;
        else if (name_len && (status = add_evidence(aliases, aliases->n_groups - 1, name,
                                                     name_len)) != DALIL_OK)
            return status;
        _dalil_word_t words[NAME_MAX_WORDS];
        size_t n = 0;
        status = _dalil_analyze_name(analyzer, name, name_len, words, NAME_MAX_WORDS, &n);
        if (status == DALIL_INVALID_ARGUMENT || (status == DALIL_OK && n == 0))
            return fail_line(error_out, number,
                             "each name needs 1 to 12 words (is there an empty field?)");
        if (status == DALIL_OK)
            status = add_entry(aliases, aliases->n_groups - 1, words, n, needs_evidence);
        if (status != DALIL_OK)
            return status;
        if (!next)
            break;
        name = next + 1;
    }
    return DALIL_OK;
}

/* A romanised name behind an article (al-Qaeda): its key is precise enough alone. */
static bool article_bound_latin(const _dalil_word_t *word)
{
    return (word->flags & _DALIL_W_ARTICLE_BOUND) && !(word->flags & _DALIL_W_ARABIC);
}

/* The key an entry is found by, from its last word, or NULL (see word_matches). */
static const char *entry_key(const entry_t *entry)
{
    const _dalil_word_t *last = last_word(entry);
    if (last->flags & _DALIL_W_ARABIC)
        return NULL;
    if (entry->n_words > 1)
        return strlen(last->key) >= 2 ? last->key : NULL;
    if (last->short_key[0])
        return last->short_key;
    if (article_bound_latin(last) && _dalil_key_classes(last->key) >= 3)
        return last->key;
    return NULL;
}

static dalil_status_t build_indexes(_dalil_aliases_t *aliases)
{
    size_t n = aliases->n_entries;
    aliases->by_match = malloc((n ? n : 1) * sizeof *aliases->by_match);
    aliases->by_key = malloc((n ? n : 1) * sizeof *aliases->by_key);
    if (!aliases->by_match || !aliases->by_key)
        return DALIL_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const entry_t *entry = &aliases->entries[i];
        aliases->by_match[i] = entry;
        filter_add(aliases, last_word(entry)->match);
        if (entry_key(entry)) {
            aliases->by_key[aliases->n_by_key++] = entry;
            filter_add(aliases, entry_key(entry));
        }
    }
    qsort(aliases->by_match, n, sizeof *aliases->by_match, by_match);
    qsort(aliases->by_key, aliases->n_by_key, sizeof *aliases->by_key, by_key);
    return DALIL_OK;
}

/* The end of reading a table: its indexes built and the table handed to the caller, or
 * freed when reading or building failed. */
static dalil_status_t hand_over(_dalil_aliases_t *aliases, dalil_status_t status,
                                _dalil_aliases_t **aliases_out)
{
    if (status == DALIL_OK)
        status = build_indexes(aliases);
    if (status != DALIL_OK) {
        _dalil_aliases_free(aliases);
        return status;
    }
    *aliases_out = aliases;
    return DALIL_OK;
}

dalil_status_t _dalil_aliases_parse(dalil_analyzer_t *analyzer, const char *tsv, size_t len,
                                    _dalil_aliases_t **aliases_out, char **error_out)
{
    *aliases_out = NULL;
    *error_out = NULL;
    _dalil_aliases_t *aliases = calloc(1, sizeof *aliases);
    if (!aliases)
        return DALIL_NOMEM;
    dalil_status_t status = DALIL_OK;
    size_t number = 0;
    for (size_t at = 0; at < len && status == DALIL_OK;) {
        const char *line = tsv + at;
        const char *newline = memchr(line, '\n', len - at);
        size_t line_len = newline ? (size_t)(newline - line) : len - at;
        at += line_len + 1;
        number++;
        if (line_len && line[line_len - 1] == '\r')
            line_len--;
        if (line_len == 0 || line[0] == '#')
            continue;
        if (memchr(line, '\0', line_len))
            status = fail_line(error_out, number, "contains a NUL byte");
        else
            status = parse_line(analyzer, aliases, line, line_len, number, error_out);
    }
    return hand_over(aliases, status, aliases_out);
}

/* Words match by their most folded form. Romanised names also match by key: inside a
 * name of several words by name key (ad-Dawlah al-Islamiyah); alone, by short key for a
 * name of two classes (Huthi = Houthi; al-Qaida = al-Qaeda, behind an article if the
 * table's is) and by name key behind an article (al-Zawahri = al-Zawahiri). The text's
 * word must be a name itself ("al got" is no al-Qaeda). Arabic words compare by folding
 * alone: Arabic keys meet ordinary words (دول إسلامية "Islamic states", العدل سليم). */
static bool word_matches(const _dalil_word_t *name, const _dalil_word_t *text, bool several,
                         bool lenient)
{
    if (name->flags & _DALIL_W_ACRONYM)
        return (text->flags & _DALIL_W_ACRONYM) && strcmp(name->match, text->match) == 0;
    /* القاعدة is the group, قاعدة "a base": an article in the table must be in the text. */
    if ((name->flags & _DALIL_W_ARABIC) && (name->flags & _DALIL_W_ARTICLE_BOUND) &&
        !(text->flags & _DALIL_W_ARTICLE_BOUND))
        return false;
    /* "Islamic State" is the group, "an Islamic state" a kind of state: an ordinary
     * English word capitalised in the table must be capitalised in the text (not in a
     * query, which may be typed in lower case). */
    if (!lenient && (name->flags & _DALIL_W_CAPITALISED) &&
        !(name->flags & (_DALIL_W_NAME | _DALIL_W_ARABIC)) &&
        !(text->flags & (_DALIL_W_CAPITALISED | _DALIL_W_ACRONYM)))
        return false;
    if (strcmp(name->match, text->match) == 0)
        return true;
    if (((name->flags | text->flags) & (_DALIL_W_ARABIC | _DALIL_W_ACRONYM)) ||
        !(name->flags & _DALIL_W_NAME) || !(text->flags & _DALIL_W_NAME))
        return false; /* and a word in capitals is what it spells: THECH is no Daesh */
    if (several)
        return strlen(name->key) >= 2 && strcmp(name->key, text->key) == 0;
    if (name->short_key[0])
        return strcmp(name->short_key, text->short_key) == 0 &&
               (!(name->flags & _DALIL_W_ARTICLE_BOUND) || (text->flags & _DALIL_W_ARTICLE_BOUND));
    return article_bound_latin(name) && article_bound_latin(text) &&
           _dalil_key_classes(name->key) >= 3 && strcmp(name->key, text->key) == 0;
}

static bool entry_matches(const entry_t *entry, const _dalil_word_t *const *recent,
                          size_t n_recent, bool lenient)
{
    if (entry->n_words > n_recent)
        return false;
    for (size_t k = 0; k < entry->n_words; k++)
        if (!word_matches(&entry->words[entry->n_words - 1 - k], recent[k], entry->n_words > 1,
                          lenient))
            return false;
    return true;
}

typedef struct {
    const _dalil_aliases_t *aliases;
    const _dalil_word_t *const *recent;
    size_t n_recent;
    size_t reported[16];
    size_t n_reported;
    bool lenient;
    _dalil_alias_fn fn;
    void *ctx;
} match_t;

static int report(match_t *m, const entry_t *entry)
{
    if (!entry_matches(entry, m->recent, m->n_recent, m->lenient))
        return 0;
    for (size_t i = 0; i < m->n_reported; i++)
        if (m->reported[i] == entry->group)
            return 0;
    if (m->n_reported < 16)
        m->reported[m->n_reported++] = entry->group;
    return m->fn(m->ctx, entry->group, m->aliases->groups[entry->group], entry->n_words,
                 entry->needs_evidence);
}

/* Every entry in `sorted` whose last word's match form (or key) equals `value`. */
static int report_equal(match_t *m, const entry_t *const *sorted, size_t n, const char *value,
                        bool key)
{
    size_t low = 0, high = n;
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        if (strcmp(key ? entry_key(sorted[mid]) : last_word(sorted[mid])->match, value) < 0)
            low = mid + 1;
        else
            high = mid;
    }
    for (size_t i = low; i < n; i++) {
        if (strcmp(key ? entry_key(sorted[i]) : last_word(sorted[i])->match, value) != 0)
            break;
        int stop = report(m, sorted[i]);
        if (stop)
            return stop;
    }
    return 0;
}

/* The keys a text word may be found by: its name key and its short key, for a romanised
 * name. Returns how many (0 to 2). */
static size_t text_keys(const _dalil_word_t *word, const char *keys[2])
{
    size_t n = 0;
    if ((word->flags & (_DALIL_W_NAME | _DALIL_W_ARABIC)) != _DALIL_W_NAME)
        return 0;
    if (strlen(word->key) >= 2)
        keys[n++] = word->key;
    if (word->short_key[0])
        keys[n++] = word->short_key;
    return n;
}

bool _dalil_aliases_may_end(const _dalil_aliases_t *aliases, const _dalil_word_t *word,
                            uint32_t match_hash)
{
    unsigned bit = match_hash & 4095;
    if (aliases->seen[bit / 64] & ((uint64_t)1 << (bit % 64)))
        return true;
    if (!(word->flags & _DALIL_W_NAME))
        return false; /* text_keys has none */
    const char *keys[2];
    size_t n = text_keys(word, keys);
    for (size_t i = 0; i < n; i++)
        if (filter_has(aliases, keys[i]))
            return true;
    return false;
}

int _dalil_aliases_match(const _dalil_aliases_t *aliases, const _dalil_word_t *const *recent,
                         size_t n_recent, bool lenient, _dalil_alias_fn fn, void *ctx)
{
    if (n_recent == 0 || aliases->n_entries == 0)
        return 0;
    match_t m = {.aliases = aliases, .recent = recent, .n_recent = n_recent,
                 .lenient = lenient, .fn = fn, .ctx = ctx};
    int stop = 0;
    if (filter_has(aliases, recent[0]->match))
        stop = report_equal(&m, aliases->by_match, aliases->n_entries, recent[0]->match, false);
    const char *keys[2];
    size_t n = text_keys(recent[0], keys);
    for (size_t i = 0; i < n && !stop; i++)
        if (filter_has(aliases, keys[i]))
            stop = report_equal(&m, aliases->by_key, aliases->n_by_key, keys[i], true);
    return stop;
}

size_t _dalil_aliases_count_groups(const _dalil_aliases_t *aliases)
{
    return aliases->n_groups;
}

static bool is_ascii_letter(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* Whether text[i, i + n) is `name` as written, or in capitals (ISLAMIC STATE): "an
 * Islamic state" is no evidence for the group. */
static bool same_or_capitals(const char *text, const char *name, size_t n)
{
    if (memcmp(text, name, n) == 0)
        return true;
    for (size_t k = 0; k < n; k++) {
        char c = name[k];
        char upper = (c >= 'a' && c <= 'z') ? (char)(c - ('a' - 'A')) : c;
        if (text[k] != upper)
            return false;
    }
    return true;
}

/* Whether `name` occurs in `text`: as written or in capitals, a Latin name as whole words
 * (ISIL is not in Basil), an Arabic one anywhere (proclitics may come before it). */
static bool text_has(const char *text, size_t len, const char *name)
{
    size_t n = strlen(name);
    bool latin = is_ascii_letter((unsigned char)name[0]);
    for (size_t i = 0; i + n <= len; i++) {
        if (!same_or_capitals(text + i, name, n))
            continue;
        if (!latin || ((i == 0 || !is_ascii_letter((unsigned char)text[i - 1])) &&
                       (i + n == len || !is_ascii_letter((unsigned char)text[i + n]))))
            return true;
    }
    return false;
}

bool _dalil_aliases_evidence(const _dalil_aliases_t *aliases, size_t group, const char *text,
                             size_t len)
{
    for (size_t i = 0; i < aliases->n_evidence; i++)
        if (aliases->evidence[i].group == group && text_has(text, len, aliases->evidence[i].text))
            return true;
    return false;
}

/* ---- The shipped table, analysed when dalil is built --------------------------------
 *
 * Analysing the names costs a new process more than the rest of its set-up, and a query
 * is a process. So the build analyses the shipped table once, with this build's rules
 * (data/embed_alias_image.c), and libdalil carries the result as an image: the groups,
 * the entries with their words, the evidence names, in one flat record that is copied
 * back at run time. The image is made and read by the same build, so it is plain bytes
 * in this machine's order. */

static const char IMAGE_MAGIC[] = "dalil-aliases-image-1";

/* Every field of a word must be in the image: a new field of _dalil_word_t fails here
 * until put_word and get_word carry it. */
#define WORD_FIELD(f) sizeof(((_dalil_word_t *)0)->f)
_Static_assert((WORD_FIELD(position) + WORD_FIELD(flags) + WORD_FIELD(match) + WORD_FIELD(key) +
                WORD_FIELD(key_alt) + WORD_FIELD(key_other) + WORD_FIELD(short_key) + 3) / 4 * 4 ==
                   sizeof(_dalil_word_t),
               "the alias image must carry every field of _dalil_word_t");

typedef struct {
    unsigned char *bytes;
    size_t len, cap;
    bool failed;
} image_out_t;

static void put_bytes(image_out_t *out, const void *bytes, size_t len)
{
    if (out->failed)
        return;
    if (out->len + len > out->cap) {
        size_t cap = (out->len + len) * 2;
        unsigned char *grown = realloc(out->bytes, cap);
        if (!grown) {
            out->failed = true;
            return;
        }
        out->bytes = grown;
        out->cap = cap;
    }
    memcpy(out->bytes + out->len, bytes, len);
    out->len += len;
}

static void put_size(image_out_t *out, size_t value)
{
    uint32_t v = (uint32_t)value;
    put_bytes(out, &v, sizeof v);
}

static void put_string(image_out_t *out, const char *s)
{
    put_bytes(out, s, strlen(s) + 1);
}

static void put_word(image_out_t *out, const _dalil_word_t *word)
{
    put_size(out, word->position);
    put_size(out, word->flags);
    put_string(out, word->match);
    put_string(out, word->key);
    put_string(out, word->key_alt);
    put_string(out, word->key_other);
    put_string(out, word->short_key);
}

dalil_status_t _dalil_aliases_image(const _dalil_aliases_t *aliases, unsigned char **image_out,
                                    size_t *len_out)
{
    *image_out = NULL;
    *len_out = 0;
    image_out_t out = {0};
    put_string(&out, IMAGE_MAGIC);
    put_size(&out, aliases->n_groups);
    for (size_t g = 0; g < aliases->n_groups; g++)
        put_string(&out, aliases->groups[g]);
    put_size(&out, aliases->n_entries);
    for (size_t e = 0; e < aliases->n_entries; e++) {
        const entry_t *entry = &aliases->entries[e];
        put_size(&out, entry->group);
        put_size(&out, entry->n_words);
        put_size(&out, entry->needs_evidence);
        for (size_t w = 0; w < entry->n_words; w++)
            put_word(&out, &entry->words[w]);
    }
    put_size(&out, aliases->n_evidence);
    for (size_t i = 0; i < aliases->n_evidence; i++) {
        put_size(&out, aliases->evidence[i].group);
        put_string(&out, aliases->evidence[i].text);
    }
    if (out.failed) {
        free(out.bytes);
        return DALIL_NOMEM;
    }
    *image_out = out.bytes;
    *len_out = out.len;
    return DALIL_OK;
}

typedef struct {
    const unsigned char *bytes;
    size_t len, at;
    bool bad;
} image_in_t;

static uint32_t get_size(image_in_t *in)
{
    uint32_t v = 0;
    if (in->bad || in->len - in->at < sizeof v) {
        in->bad = true;
        return 0;
    }
    memcpy(&v, in->bytes + in->at, sizeof v);
    in->at += sizeof v;
    return v;
}

/* Copies a string of the image into `out` (`cap` bytes). */
static void get_string(image_in_t *in, char *out, size_t cap)
{
    const unsigned char *end = in->bad ? NULL : memchr(in->bytes + in->at, '\0', in->len - in->at);
    size_t n = end ? (size_t)(end - (in->bytes + in->at)) : 0;
    if (!end || n >= cap) {
        in->bad = true;
        out[0] = '\0';
        return;
    }
    memcpy(out, in->bytes + in->at, n + 1);
    in->at += n + 1;
}

static char *get_string_copy(image_in_t *in)
{
    const unsigned char *end = in->bad ? NULL : memchr(in->bytes + in->at, '\0', in->len - in->at);
    if (!end) {
        in->bad = true;
        return NULL;
    }
    char *copy = strdup((const char *)in->bytes + in->at);
    in->at = (size_t)(end - in->bytes) + 1;
    return copy;
}

static void get_word(image_in_t *in, _dalil_word_t *word)
{
    word->position = get_size(in);
    word->flags = get_size(in);
    get_string(in, word->match, sizeof word->match);
    get_string(in, word->key, sizeof word->key);
    get_string(in, word->key_alt, sizeof word->key_alt);
    get_string(in, word->key_other, sizeof word->key_other);
    get_string(in, word->short_key, sizeof word->short_key);
}

/* Reads the image into `aliases`; NOMEM, or INVALID_ARGUMENT when it is no image of
 * this build's format. */
static dalil_status_t read_image(image_in_t *in, _dalil_aliases_t *aliases)
{
    char magic[sizeof IMAGE_MAGIC];
    get_string(in, magic, sizeof magic);
    if (in->bad || strcmp(magic, IMAGE_MAGIC) != 0)
        return DALIL_INVALID_ARGUMENT;
    size_t n_groups = get_size(in);
    if (n_groups > in->len || !(aliases->groups = calloc(n_groups + 1, sizeof *aliases->groups)))
        return in->bad || n_groups > in->len ? DALIL_INVALID_ARGUMENT : DALIL_NOMEM;
    for (; aliases->n_groups < n_groups && !in->bad; aliases->n_groups++)
        if (!(aliases->groups[aliases->n_groups] = get_string_copy(in)) && !in->bad)
            return DALIL_NOMEM;
    size_t n_entries = get_size(in);
    if (in->bad || n_entries > in->len)
        return DALIL_INVALID_ARGUMENT;
    if (!(aliases->entries = calloc(n_entries + 1, sizeof *aliases->entries)))
        return DALIL_NOMEM;
    aliases->cap_entries = n_entries + 1;
    for (; aliases->n_entries < n_entries && !in->bad; aliases->n_entries++) {
        entry_t *entry = &aliases->entries[aliases->n_entries];
        entry->group = get_size(in);
        entry->n_words = get_size(in);
        entry->needs_evidence = get_size(in) != 0;
        if (entry->group >= n_groups || entry->n_words == 0 || entry->n_words > NAME_MAX_WORDS)
            return DALIL_INVALID_ARGUMENT;
        if (!(entry->words = calloc(entry->n_words, sizeof *entry->words)))
            return DALIL_NOMEM;
        for (size_t w = 0; w < entry->n_words; w++)
            get_word(in, &entry->words[w]);
    }
    size_t n_evidence = get_size(in);
    if (in->bad || n_evidence > in->len)
        return DALIL_INVALID_ARGUMENT;
    if (!(aliases->evidence = calloc(n_evidence + 1, sizeof *aliases->evidence)))
        return DALIL_NOMEM;
    while (aliases->n_evidence < n_evidence && !in->bad) {
        evidence_t *evidence = &aliases->evidence[aliases->n_evidence++];
        evidence->group = get_size(in);
        if (!(evidence->text = get_string_copy(in)) && !in->bad)
            return DALIL_NOMEM;
        if (evidence->group >= n_groups)
            return DALIL_INVALID_ARGUMENT;
    }
    return in->bad || in->at != in->len ? DALIL_INVALID_ARGUMENT : DALIL_OK;
}

dalil_status_t _dalil_aliases_from_image(const unsigned char *image, size_t len,
                                         _dalil_aliases_t **aliases_out)
{
    *aliases_out = NULL;
    _dalil_aliases_t *aliases = calloc(1, sizeof *aliases);
    if (!aliases)
        return DALIL_NOMEM;
    image_in_t in = {image, len, 0, false};
    dalil_status_t status = read_image(&in, aliases);
    return hand_over(aliases, status, aliases_out);
}
