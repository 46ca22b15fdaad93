/* query_parser.c: the query language (docs/query-language.md) → a query tree.
 *
 * Why it is written by hand rather than with Xapian's QueryParser: every word must go
 * through dalil's own analyzer (_dalil_expand_text), so that spelling variants, aliases
 * and other scripts match inside phrases, NEAR and boolean expressions too, and every
 * error must name its column. Xapian's parser does neither.
 *
 * Grammar, loosest first:
 *   or     := and ( "OR" and )*
 *   and    := group ( "AND" group )*
 *   group  := unary+                       juxtaposed: AND (OR with --any, and in a
 *                                          sentence: only bare words, five or more)
 *   unary  := "NOT" near | "-" near | "+" near | near
 *   near   := primary ( ("NEAR"|"ADJ")["/"n] primary )*
 *   primary:= "(" or ")" | "\"" words "\"" | field ":" value | ["="] word ["*"]
 * Negated items of an `and` are taken out of the whole `and`, and a query with nothing
 * but negations excludes from every document. Runs of plain juxtaposed words are
 * expanded in one call, so that the expander can see multi-word names.
 *
 * The lexer always advances and the recursion is bounded by MAX_DEPTH, so no input hangs
 * the parser or exhausts its stack. */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64          /* nested parentheses */
#define MAX_WORDS 1024        /* words in a query, as Elasticsearch's max_clause_count: an OR
                                 of n terms costs Xapian about n squared (docs/limits.md) */
#define MAX_WINDOW 1000       /* NEAR/n, ADJ/n */
#define DEFAULT_NEAR_WINDOW 10

typedef enum {
    T_END,
    T_LPAREN,
    T_RPAREN,
    T_AND,
    T_OR,
    T_NOT,
    T_NEAR,
    T_ADJ,
    T_SIGN, /* '+' or '-' before an operand */
    T_WORD,
    T_PHRASE
} token_kind_t;

typedef enum { F_NONE, F_TITLE, F_SOURCE, F_PATH, F_DATE } field_t;

typedef struct {
    token_kind_t kind;
    size_t start, end;     /* the whole token's bytes */
    size_t vstart, vend;   /* the word or the phrase's content, without decorations */
    char sign;             /* T_SIGN: '+' or '-' */
    bool exact;            /* =word */
    bool wildcard;         /* word* */
    field_t field;
    size_t field_start;    /* where the field name starts */
    uint32_t window;       /* NEAR/ADJ: words allowed between */
} token_t;

typedef struct {
    dalil_analyzer_t *analyzer;
    const char *text;
    size_t len, pos;
    unsigned flags;
    token_t tok;           /* the current token */
    dalil_status_t status; /* first failure; OK while parsing goes well */
    char *error;
    size_t error_at;       /* byte offset of the error */
    int depth;
    _dalil_span_t *words;
    size_t n_words, cap_words;
    size_t bare_words;     /* plain words: no field, sign, =, * or quotes */
    size_t all_words;      /* every word, in phrases too (roughly: runs of non-spaces) */
    bool structured;       /* an operator, a field, a phrase, '+' or a group was seen */
} parser_t;

/* ---- Errors --------------------------------------------------------------------- */

static void *fail_at(parser_t *p, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records the first error (later ones are consequences of it) and returns NULL. */
static void *fail_at(parser_t *p, size_t at, const char *fmt, ...)
{
    if (p->status != DALIL_OK)
        return NULL;
    p->status = DALIL_INVALID_ARGUMENT;
    p->error_at = at;
    va_list args;
    va_start(args, fmt);
    if (vasprintf(&p->error, fmt, args) < 0) {
        p->error = NULL;
        p->status = DALIL_NOMEM;
    }
    va_end(args);
    return NULL;
}

static void *out_of_memory(parser_t *p)
{
    if (p->status == DALIL_OK)
        p->status = DALIL_NOMEM;
    return NULL;
}

static bool failed(const parser_t *p)
{
    return p->status != DALIL_OK;
}

/* 1-based column in characters: continuation bytes of UTF-8 do not count. */
static size_t column_of(const char *text, size_t at)
{
    size_t column = 1;
    for (size_t i = 0; i < at; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            column++;
    return column;
}

/* ---- Lexer ---------------------------------------------------------------------- */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool ends_word(char c)
{
    return is_space(c) || c == '(' || c == ')' || c == '"';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool word_is(const char *text, size_t start, size_t end, const char *keyword)
{
    size_t n = strlen(keyword);
    return end - start == n && memcmp(text + start, keyword, n) == 0;
}

/* NEAR, NEAR/n, ADJ, ADJ/n. */
static bool lex_proximity(parser_t *p, token_t *t, const char *keyword, token_kind_t kind)
{
    size_t n = strlen(keyword), word_len = t->end - t->start;
    if (word_len < n || memcmp(p->text + t->start, keyword, n) != 0)
        return false;
    if (word_len == n) {
        t->kind = kind;
        t->window = DEFAULT_NEAR_WINDOW;
        return true;
    }
    if (p->text[t->start + n] != '/')
        return false;
    uint32_t window = 0;
    size_t i = t->start + n + 1;
    if (i == t->end) {
        fail_at(p, t->start, "%s/ needs a number of words, as in %s/5", keyword, keyword);
        return true;
    }
    for (; i < t->end; i++) {
        char c = p->text[i];
        if (c < '0' || c > '9' || window > MAX_WINDOW) {
            fail_at(p, t->start, "%s/ takes a number of words from 0 to %d", keyword, MAX_WINDOW);
            return true;
        }
        window = window * 10 + (uint32_t)(c - '0');
    }
    if (window > MAX_WINDOW) {
        fail_at(p, t->start, "%s/ takes a number of words from 0 to %d", keyword, MAX_WINDOW);
        return true;
    }
    t->kind = kind;
    t->window = window;
    return true;
}

static field_t field_named(const char *name, size_t len)
{
    static const struct {
        const char *name;
        field_t field;
    } fields[] = {{"title", F_TITLE}, {"source", F_SOURCE}, {"path", F_PATH}, {"date", F_DATE}};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strlen(fields[i].name) == len && strncasecmp(fields[i].name, name, len) == 0)
            return fields[i].field;
    return F_NONE;
}

/* A phrase from its opening quote to the closing one. */
static void lex_phrase(parser_t *p, token_t *t, size_t quote)
{
    const char *close = memchr(p->text + quote + 1, '"', p->len - quote - 1);
    if (!close) {
        fail_at(p, quote, "this quote is never closed");
        return;
    }
    t->kind = T_PHRASE;
    t->vstart = quote + 1;
    t->vend = (size_t)(close - p->text);
    t->end = t->vend + 1;
    p->pos = t->end;
}

/* "field:" at the start of a word: recognised when letters are followed by ':'. */
static void lex_field(parser_t *p, token_t *t)
{
    size_t i = t->vstart;
    while (i < t->vend && is_alpha(p->text[i]))
        i++;
    if (i == t->vstart || i == t->vend || p->text[i] != ':')
        return;
    field_t field = field_named(p->text + t->vstart, i - t->vstart);
    if (field == F_NONE) {
        fail_at(p, t->vstart, "unknown field '%.*s' (fields: title, source, path, date)",
                (int)(i - t->vstart), p->text + t->vstart);
        return;
    }
    t->field = field;
    t->field_start = t->vstart;
    t->vstart = i + 1;
    if (t->vstart == t->vend) {
        /* title:"a phrase" */
        if (t->vend < p->len && p->text[t->vend] == '"') {
            lex_phrase(p, t, t->vend);
            return;
        }
        fail_at(p, t->field_start, "'%.*s' needs a value after it", (int)(i + 1 - t->field_start),
                p->text + t->field_start);
    }
}

/* Decorations of a word: a leading sign or '=', a trailing '*', a field. */
static void lex_word(parser_t *p, token_t *t)
{
    t->kind = T_WORD;
    t->vstart = t->start;
    t->vend = t->end;
    if (p->text[t->vstart] == '=' && t->vend - t->vstart > 1) {
        t->exact = true;
        t->vstart++;
    }
    lex_field(p, t);
    if (failed(p) || t->kind != T_WORD)
        return;
    if (t->vend - t->vstart > 1 && p->text[t->vend - 1] == '*') {
        t->wildcard = true;
        t->vend--;
    } else if (t->vend - t->vstart == 1 && p->text[t->vstart] == '*') {
        fail_at(p, t->vstart, "'*' needs the start of a word before it, as in qadh*");
    }
}

/* Records whether the query is a plain run of words (a sentence) or has structure.
 * Parentheses are not structure: around bare words they change nothing, and questions
 * often hold an aside "(like this one)". Nor are exclusions: "... -dash" still asks in
 * words, and what it excludes stays excluded. */
static bool shapeless(const token_t *t)
{
    return t->kind == T_END || t->kind == T_LPAREN || t->kind == T_RPAREN || t->kind == T_NOT ||
           (t->kind == T_SIGN && t->sign == '-');
}

static void note_shape(parser_t *p, const token_t *t)
{
    if (t->kind == T_WORD && !t->exact && !t->wildcard && t->field == F_NONE)
        p->bare_words++;
    else if (!shapeless(t))
        p->structured = true;
}

static void lex_token(parser_t *p)
{
    token_t *t = &p->tok;
    memset(t, 0, sizeof *t);
    while (p->pos < p->len && is_space(p->text[p->pos]))
        p->pos++;
    t->start = p->pos;
    if (p->pos == p->len) {
        t->kind = T_END;
        t->end = p->pos;
        return;
    }
    char c = p->text[p->pos];
    if (c == '(' || c == ')') {
        t->kind = c == '(' ? T_LPAREN : T_RPAREN;
        t->end = ++p->pos;
        return;
    }
    /* A sign binds to the operand right after it: -word, +"a phrase", -(a OR b). */
    if ((c == '+' || c == '-') && p->pos + 1 < p->len && !is_space(p->text[p->pos + 1]) &&
        p->text[p->pos + 1] != ')') {
        t->kind = T_SIGN;
        t->sign = c;
        t->end = ++p->pos;
        return;
    }
    if (c == '"') {
        lex_phrase(p, t, p->pos);
        if (failed(p))
            t->kind = T_END;
        return;
    }
    size_t end = p->pos;
    while (end < p->len && !ends_word(p->text[end]))
        end++;
    t->end = p->pos = end;
    if (word_is(p->text, t->start, end, "AND"))
        t->kind = T_AND;
    else if (word_is(p->text, t->start, end, "OR"))
        t->kind = T_OR;
    else if (word_is(p->text, t->start, end, "NOT"))
        t->kind = T_NOT;
    else if (!lex_proximity(p, t, "NEAR", T_NEAR) && !lex_proximity(p, t, "ADJ", T_ADJ))
        lex_word(p, t);
    if (failed(p))
        t->kind = T_END;
}

/* Counts the words of a word or phrase token, and refuses a query with too many. */
static void note_size(parser_t *p, const token_t *t)
{
    if (t->kind != T_WORD && t->kind != T_PHRASE)
        return;
    for (size_t i = t->start; i < t->end; i++)
        if (!is_space(p->text[i]) && (i == t->start || is_space(p->text[i - 1])))
            p->all_words++;
    if (p->all_words > MAX_WORDS)
        fail_at(p, t->start, "the query has more than %d words", MAX_WORDS);
}

static void next_token(parser_t *p)
{
    lex_token(p);
    note_shape(p, &p->tok);
    note_size(p, &p->tok);
}

/* ---- Building nodes ------------------------------------------------------------- */

/* A growable list of subqueries. */
typedef struct {
    _dalil_query_t **items;
    size_t count, capacity;
} list_t;

static bool list_push(parser_t *p, list_t *list, _dalil_query_t *query)
{
    if (!query)
        return true;
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity * 2 : 4;
        _dalil_query_t **grown = realloc(list->items, capacity * sizeof *grown);
        if (!grown) {
            _dalil_query_free(query);
            out_of_memory(p);
            return false;
        }
        list->items = grown;
        list->capacity = capacity;
    }
    list->items[list->count++] = query;
    return true;
}

static void list_clear(list_t *list)
{
    for (size_t i = 0; i < list->count; i++)
        _dalil_query_free(list->items[i]);
    free(list->items);
    memset(list, 0, sizeof *list);
}

/* The list's items joined by `op`: the one item itself, or NULL for none. The list is
 * emptied either way. */
static _dalil_query_t *list_join(parser_t *p, list_t *list, _dalil_qop_t op)
{
    _dalil_query_t *query = NULL;
    if (list->count == 1)
        query = list->items[0];
    else if (list->count > 1 && !(query = _dalil_query_node(op, list->items, list->count)))
        out_of_memory(p);
    free(list->items);
    memset(list, 0, sizeof *list);
    return query;
}

static _dalil_query_t *node2(parser_t *p, _dalil_qop_t op, _dalil_query_t *a, _dalil_query_t *b)
{
    _dalil_query_t *subs[2] = {a, b};
    _dalil_query_t *query = _dalil_query_node(op, subs, 2);
    return query ? query : out_of_memory(p);
}

static _dalil_query_t *match_all(parser_t *p)
{
    _dalil_query_t *query = _dalil_query_node(_DALIL_Q_MATCH_ALL, NULL, 0);
    return query ? query : out_of_memory(p);
}

/* ---- Words through the analyzer ------------------------------------------------- */

static int count_token(void *ctx, const dalil_token_t *token)
{
    (void)token;
    (*(size_t *)ctx)++;
    return 0;
}

static size_t count_words(parser_t *p, size_t start, size_t end)
{
    size_t count = 0;
    if (dalil_analyze(p->analyzer, p->text + start, end - start, count_token, &count) != DALIL_OK)
        out_of_memory(p);
    return count;
}

static unsigned expand_flags(const parser_t *p, bool exact)
{
    return (exact || (p->flags & _DALIL_PARSE_EXACT)) ? _DALIL_EXPAND_EXACT : 0;
}

/* The expansion of [start, end), or NULL when it holds no words (not an error here). */
static _dalil_query_t *expand(parser_t *p, size_t start, size_t end, unsigned flags)
{
    _dalil_query_t *query = NULL;
    dalil_status_t status = _dalil_expand_text(p->analyzer, p->text + start, end - start, flags, &query);
    if (status == DALIL_INVALID_ARGUMENT)
        return NULL;
    if (status != DALIL_OK)
        return out_of_memory(p);
    return query;
}

static bool remember_word(parser_t *p, size_t start, size_t end)
{
    if (p->n_words == p->cap_words) {
        size_t capacity = p->cap_words ? p->cap_words * 2 : 8;
        _dalil_span_t *grown = realloc(p->words, capacity * sizeof *grown);
        if (!grown) {
            out_of_memory(p);
            return false;
        }
        p->words = grown;
        p->cap_words = capacity;
    }
    p->words[p->n_words++] = (_dalil_span_t){start, end};
    return true;
}

/* Puts DALIL_PREFIX_TITLE before every term of `query`. */
static bool prefix_terms(parser_t *p, _dalil_query_t *query, const char *prefix)
{
    if (query->op == _DALIL_Q_TERM || query->op == _DALIL_Q_WILDCARD) {
        char *term = NULL;
        if (asprintf(&term, "%s%s", prefix, query->term) < 0) {
            out_of_memory(p);
            return false;
        }
        free(query->term);
        query->term = term;
        return true;
    }
    for (size_t i = 0; i < query->n_subs; i++)
        if (!prefix_terms(p, query->subs[i], prefix))
            return false;
    return true;
}

static _dalil_query_t *with_prefix(parser_t *p, _dalil_query_t *query, const char *prefix)
{
    if (query && !prefix_terms(p, query, prefix)) {
        _dalil_query_free(query);
        return NULL;
    }
    return query;
}

/* ---- Leaves: words, phrases, fields --------------------------------------------- */

typedef struct {
    const char *term;
    size_t count;
} first_token_t;

static int keep_first_token(void *ctx, const dalil_token_t *token)
{
    first_token_t *first = ctx;
    if (first->count++ == 0) {
        first->term = strndup(token->term, token->term_len);
        if (!first->term)
            return 1;
    }
    return 0;
}

/* word*: every indexed word that starts with the word's folded form. */
static _dalil_query_t *wildcard(parser_t *p, const token_t *t, const char *prefix)
{
    first_token_t first = {0};
    dalil_status_t status =
        dalil_analyze(p->analyzer, p->text + t->vstart, t->vend - t->vstart, keep_first_token, &first);
    if (status != DALIL_OK || (first.count && !first.term)) {
        free((char *)first.term);
        return out_of_memory(p);
    }
    if (first.count != 1) {
        free((char *)first.term);
        return fail_at(p, t->vstart, "'*' applies to the start of one word");
    }
    _dalil_query_t *query = _dalil_query_term(prefix, first.term);
    free((char *)first.term);
    if (!query)
        return out_of_memory(p);
    query->op = _DALIL_Q_WILDCARD;
    query->rule = DALIL_RULE_EXACT;
    query->origin = strndup(p->text + t->vstart, t->vend - t->vstart + 1);
    if (!query->origin) {
        _dalil_query_free(query);
        return out_of_memory(p);
    }
    return query;
}

typedef struct {
    char *buffer;
    size_t len;
    bool out_of_memory;
} fold_t;

static int append_folded(void *ctx, const dalil_token_t *token)
{
    fold_t *fold = ctx;
    char *grown = realloc(fold->buffer, fold->len + token->term_len + 2);
    if (!grown) {
        fold->out_of_memory = true;
        return 1;
    }
    fold->buffer = grown;
    if (fold->len)
        fold->buffer[fold->len++] = ' ';
    memcpy(fold->buffer + fold->len, token->term, token->term_len);
    fold->len += token->term_len;
    fold->buffer[fold->len] = '\0';
    return 0;
}

dalil_status_t _dalil_fold_value(dalil_analyzer_t *analyzer, const char *text, size_t len,
                                 char **folded_out)
{
    *folded_out = NULL;
    fold_t fold = {0};
    dalil_status_t status = dalil_analyze(analyzer, text, len, append_folded, &fold);
    if (status == DALIL_OK && fold.out_of_memory)
        status = DALIL_NOMEM;
    if (status == DALIL_OK && fold.len == 0)
        status = DALIL_INVALID_ARGUMENT;
    if (status != DALIL_OK) {
        free(fold.buffer);
        return status;
    }
    *folded_out = fold.buffer;
    return DALIL_OK;
}

/* source:NAME, path:COMPONENT: one boolean term. */
static _dalil_query_t *boolean_filter(parser_t *p, const token_t *t, const char *prefix)
{
    char *folded = NULL;
    dalil_status_t status = _dalil_fold_value(p->analyzer, p->text + t->vstart, t->vend - t->vstart, &folded);
    if (status == DALIL_INVALID_ARGUMENT)
        return fail_at(p, t->field_start, "this filter has no words to match");
    if (status != DALIL_OK)
        return out_of_memory(p);
    _dalil_query_t *query = NULL;
    if (strlen(prefix) + strlen(folded) > DALIL_MAX_TERM_BYTES)
        fail_at(p, t->vstart, "this filter value is too long");
    else if (!(query = _dalil_query_term(prefix, folded)))
        out_of_memory(p);
    else if (!(query->origin = strndup(p->text + t->field_start, t->end - t->field_start))) {
        _dalil_query_free(query);
        query = out_of_memory(p);
    }
    free(folded);
    return query;
}

/* One date bound: YYYY, YYYY-MM or YYYY-MM-DD, as the digits "YYYY[MM[DD]]"; an upper
 * bound is padded with 9s so that it includes the whole year or month. */
static bool parse_date_bound(parser_t *p, size_t start, size_t end, bool upper, char out[9])
{
    const char *s = p->text + start;
    size_t len = end - start;
    bool shape = len == 4 || len == 7 || len == 10;
    for (size_t i = 0; shape && i < len; i++)
        shape = (i == 4 || i == 7) ? s[i] == '-' : (s[i] >= '0' && s[i] <= '9');
    if (!shape) {
        fail_at(p, start, "a date is YYYY, YYYY-MM or YYYY-MM-DD");
        return false;
    }
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] != '-')
            out[n++] = s[i];
    out[n] = '\0';
    int month = n >= 6 ? (out[4] - '0') * 10 + (out[5] - '0') : 1;
    int day = n >= 8 ? (out[6] - '0') * 10 + (out[7] - '0') : 1;
    if (month < 1 || month > 12) {
        fail_at(p, start + 5, "month %02d does not exist", month);
        return false;
    }
    if (day < 1 || day > 31) {
        fail_at(p, start + 8, "day %02d does not exist", day);
        return false;
    }
    while (upper && n < 8)
        out[n++] = '9';
    out[n] = '\0';
    return true;
}

/* date:FROM..TO, date:FROM.., date:..TO, date:PERIOD. */
static _dalil_query_t *date_filter(parser_t *p, const token_t *t)
{
    const char *v = p->text + t->vstart;
    size_t len = t->vend - t->vstart, dots = len;
    for (size_t i = 0; i + 1 < len; i++)
        if (v[i] == '.' && v[i + 1] == '.') {
            dots = i;
            break;
        }
    char low[9] = "", high[9] = "";
    size_t low_end = t->vstart + dots;
    size_t high_start = dots == len ? t->vstart : t->vstart + dots + 2;
    if (dots == 0 && high_start == t->vend)
        return fail_at(p, t->vstart, "'..' needs a date on at least one side");
    if (dots > 0 && !parse_date_bound(p, t->vstart, low_end, false, low))
        return NULL;
    if (high_start < t->vend && !parse_date_bound(p, high_start, t->vend, true, high))
        return NULL;
    if (*low && *high && strcmp(low, high) > 0)
        return fail_at(p, t->vstart, "this date range ends before it starts");
    _dalil_query_t *query = _dalil_query_term("", low);
    if (!query)
        return out_of_memory(p);
    query->op = _DALIL_Q_VALUE_RANGE;
    query->slot = DALIL_SLOT_DATE;
    query->upper = strdup(high);
    query->origin = strndup(p->text + t->field_start, t->end - t->field_start);
    if (!query->upper || !query->origin) {
        _dalil_query_free(query);
        return out_of_memory(p);
    }
    return query;
}

/* A phrase's words in order, through the analyzer; title:"…" looks in titles. */
static _dalil_query_t *phrase(parser_t *p, const token_t *t)
{
    if (t->field == F_SOURCE || t->field == F_PATH)
        return boolean_filter(p, t, t->field == F_SOURCE ? DALIL_PREFIX_SOURCE : DALIL_PREFIX_PATH);
    if (t->field == F_DATE)
        return fail_at(p, t->field_start, "date: takes a date or a range, not a phrase");
    bool title = t->field == F_TITLE;
    unsigned flags = _DALIL_EXPAND_PHRASE | expand_flags(p, title);
    _dalil_query_t *query = expand(p, t->vstart, t->vend, flags);
    if (!query && !failed(p))
        return fail_at(p, t->start, "this phrase has no words");
    return title ? with_prefix(p, query, DALIL_PREFIX_TITLE) : query;
}

/* A single word that is not part of a run: =exact, word*, a field, or a written
 * compound such as al-Qaeda, which is matched as a phrase. */
static _dalil_query_t *word(parser_t *p, const token_t *t)
{
    switch (t->field) {
    case F_SOURCE: return boolean_filter(p, t, DALIL_PREFIX_SOURCE);
    case F_PATH: return boolean_filter(p, t, DALIL_PREFIX_PATH);
    case F_DATE: return date_filter(p, t);
    case F_TITLE:
        if (t->wildcard)
            return wildcard(p, t, DALIL_PREFIX_TITLE);
        return with_prefix(p, expand(p, t->vstart, t->vend, _DALIL_EXPAND_PHRASE | _DALIL_EXPAND_EXACT),
                           DALIL_PREFIX_TITLE);
    case F_NONE: break;
    }
    if (t->wildcard)
        return wildcard(p, t, DALIL_PREFIX_WORD);
    if (!t->exact && !remember_word(p, t->vstart, t->vend))
        return NULL;
    return expand(p, t->vstart, t->vend, _DALIL_EXPAND_PHRASE | expand_flags(p, t->exact));
}

/* ---- Grammar -------------------------------------------------------------------- */

/* What a unary item is, within its group. */
typedef enum { ITEM_PLAIN, ITEM_REQUIRED, ITEM_EXCLUDED, ITEM_FILTER } item_kind_t;

typedef struct {
    item_kind_t kind;
    field_t field;       /* ITEM_FILTER */
    _dalil_query_t *query;
    bool run_word;       /* a plain bare word, still to be expanded with its run */
    bool compound;       /* run_word: written as several words (al-Qaeda) */
    size_t start, end;   /* run_word: its bytes */
} item_t;

static _dalil_query_t *parse_or(parser_t *p);

static bool at_operand_end(const parser_t *p)
{
    token_kind_t k = p->tok.kind;
    return k == T_END || k == T_RPAREN || k == T_OR || k == T_AND;
}

/* Name of the current token, for messages. */
static const char *token_name(const parser_t *p)
{
    switch (p->tok.kind) {
    case T_END: return "the end of the query";
    case T_RPAREN: return "')'";
    case T_AND: return "AND";
    case T_OR: return "OR";
    case T_NOT: return "NOT";
    case T_NEAR: return "NEAR";
    case T_ADJ: return "ADJ";
    case T_SIGN: return p->tok.sign == '-' ? "'-'" : "'+'";
    default: return "this";
    }
}

static _dalil_query_t *parse_group_parens(parser_t *p)
{
    size_t open = p->tok.start;
    if (++p->depth > MAX_DEPTH)
        return fail_at(p, open, "parentheses nested more than %d deep", MAX_DEPTH);
    next_token(p);
    if (p->tok.kind == T_RPAREN)
        return fail_at(p, open, "these parentheses are empty");
    _dalil_query_t *query = parse_or(p);
    if (failed(p)) {
        _dalil_query_free(query);
        return NULL;
    }
    if (p->tok.kind != T_RPAREN) {
        _dalil_query_free(query);
        return fail_at(p, open, "this '(' is never closed");
    }
    p->depth--;
    next_token(p);
    return query;
}

/* A word that may join a run: no decoration. A compound (al-Qaeda, ez-Zor) joins the
 * bare words around it, so that "Deir ez-Zor" is seen whole, as a name of three words. */
static bool is_run_word(const token_t *t)
{
    return t->kind == T_WORD && !t->exact && !t->wildcard && t->field == F_NONE;
}

static bool parse_primary(parser_t *p, item_t *item)
{
    token_t t = p->tok;
    switch (t.kind) {
    case T_LPAREN:
        item->query = parse_group_parens(p);
        return !failed(p);
    case T_PHRASE:
        next_token(p);
        item->query = phrase(p, &t);
        break;
    case T_WORD:
        next_token(p);
        if (is_run_word(&t)) {
            item->run_word = true;
            item->compound = count_words(p, t.vstart, t.vend) > 1;
            item->start = t.vstart;
            item->end = t.vend;
            return !failed(p);
        }
        item->query = word(p, &t);
        break;
    case T_RPAREN:
        fail_at(p, t.start, "this ')' has no '(' before it");
        return false;
    default:
        fail_at(p, t.start, "expected a word, a phrase or '(' here, not %s", token_name(p));
        return false;
    }
    if (t.field == F_SOURCE || t.field == F_PATH || t.field == F_DATE) {
        item->kind = ITEM_FILTER;
        item->field = t.field;
    }
    return !failed(p);
}

/* One operand of NEAR/ADJ: a single word, whose forms are leaf terms. */
static _dalil_query_t *proximity_operand(parser_t *p, const token_t *t, item_t *item)
{
    if (!item->run_word || item->compound) {
        _dalil_query_free(item->query);
        item->query = NULL;
        return fail_at(p, t->start, "NEAR and ADJ join single words, not phrases, groups or fields");
    }
    if (!remember_word(p, item->start, item->end))
        return NULL;
    _dalil_query_t *query = expand(p, item->start, item->end, _DALIL_EXPAND_LEAVES | expand_flags(p, false));
    return query ? query : (failed(p) ? NULL : fail_at(p, t->start, "this word has nothing to match"));
}

static bool parse_near(parser_t *p, item_t *item)
{
    token_t first = p->tok;
    if (!parse_primary(p, item))
        return false;
    if (p->tok.kind != T_NEAR && p->tok.kind != T_ADJ)
        return true;
    token_kind_t kind = p->tok.kind;
    uint32_t window = p->tok.window;
    list_t operands = {0};
    list_push(p, &operands, proximity_operand(p, &first, item));
    while (!failed(p) && (p->tok.kind == T_NEAR || p->tok.kind == T_ADJ)) {
        token_t op = p->tok;
        if (op.kind != kind || op.window != window) {
            fail_at(p, op.start, "one chain of NEAR or ADJ takes one operator and one distance");
            break;
        }
        next_token(p);
        if (at_operand_end(p) || p->tok.kind == T_NOT || p->tok.kind == T_SIGN) {
            fail_at(p, op.start, "%s needs a word after it", kind == T_NEAR ? "NEAR" : "ADJ");
            break;
        }
        token_t next = p->tok;
        item_t operand = {0};
        if (!parse_primary(p, &operand)) {
            _dalil_query_free(operand.query);
            break;
        }
        list_push(p, &operands, proximity_operand(p, &next, &operand));
    }
    item->run_word = false;
    if (failed(p)) {
        list_clear(&operands);
        return false;
    }
    size_t n = operands.count;
    item->query = list_join(p, &operands, kind == T_NEAR ? _DALIL_Q_NEAR : _DALIL_Q_PHRASE);
    if (item->query)
        item->query->window = window + (uint32_t)n;
    return !failed(p);
}

static bool parse_unary(parser_t *p, item_t *item)
{
    token_t t = p->tok;
    if (t.kind == T_NOT) {
        next_token(p);
        if (at_operand_end(p) || p->tok.kind == T_NOT || p->tok.kind == T_SIGN) {
            fail_at(p, t.start, "NOT needs a word, a phrase or a group after it");
            return false;
        }
        if (!parse_near(p, item))
            return false;
        item->kind = ITEM_EXCLUDED;
        return true;
    }
    if (t.kind == T_SIGN) {
        next_token(p);
        if (at_operand_end(p) || p->tok.kind == T_NOT || p->tok.kind == T_SIGN) {
            fail_at(p, t.start, "'%c' needs a word, a phrase or a group right after it", t.sign);
            return false;
        }
        if (!parse_near(p, item))
            return false;
        item->kind = t.sign == '-' ? ITEM_EXCLUDED : ITEM_REQUIRED;
        return true;
    }
    return parse_near(p, item);
}

/* Expands runs of bare words in one call each, so multi-word names are seen whole. */
static bool expand_runs(parser_t *p, item_t *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!items[i].run_word)
            continue;
        /* only plain words share a run: +a and -a stand alone */
        bool plain = items[i].kind == ITEM_PLAIN;
        unsigned flags = expand_flags(p, false);
        if (plain && (p->flags & _DALIL_PARSE_ANY))
            flags |= _DALIL_EXPAND_ANY;
        size_t j = i;
        while (plain && j + 1 < n && items[j + 1].run_word && items[j + 1].kind == ITEM_PLAIN)
            j++;
        for (size_t k = i; k <= j; k++)
            if (!remember_word(p, items[k].start, items[k].end))
                return false;
        if (i == j && items[i].compound) /* alone, a compound is matched as a phrase */
            flags = _DALIL_EXPAND_PHRASE | (flags & _DALIL_EXPAND_EXACT);
        items[i].query = expand(p, items[i].start, items[j].end, flags);
        if (failed(p))
            return false;
        for (size_t k = i; k <= j; k++)
            items[k].run_word = false;
        i = j;
    }
    return true;
}

/* Filters: the same field's values are alternatives (OR), different fields all apply. */
static _dalil_query_t *join_filters(parser_t *p, item_t *items, size_t n)
{
    list_t fields = {0};
    static const field_t kinds[] = {F_SOURCE, F_PATH, F_DATE};
    for (size_t k = 0; k < 3 && !failed(p); k++) {
        list_t same = {0};
        for (size_t i = 0; i < n; i++)
            if (items[i].kind == ITEM_FILTER && items[i].field == kinds[k] && items[i].query) {
                if (!list_push(p, &same, items[i].query))
                    break;
                items[i].query = NULL;
            }
        list_push(p, &fields, list_join(p, &same, _DALIL_Q_OR));
    }
    if (failed(p)) {
        list_clear(&fields);
        return NULL;
    }
    return list_join(p, &fields, _DALIL_Q_AND);
}

typedef struct {
    _dalil_query_t *positive; /* may be NULL */
    list_t excluded;
} group_t;

/* Juxtaposed items: required ones all match; plain ones all match, or any with --any. */
static void build_group(parser_t *p, item_t *items, size_t n, group_t *group)
{
    bool any = p->flags & _DALIL_PARSE_ANY;
    list_t required = {0}, optional = {0};
    _dalil_query_t *filters = join_filters(p, items, n);
    for (size_t i = 0; i < n && !failed(p); i++) {
        _dalil_query_t *query = items[i].query;
        items[i].query = NULL;
        if (items[i].kind == ITEM_EXCLUDED)
            list_push(p, &group->excluded, query);
        else if (items[i].kind == ITEM_REQUIRED || (items[i].kind == ITEM_PLAIN && !any))
            list_push(p, &required, query);
        else if (items[i].kind == ITEM_PLAIN)
            list_push(p, &optional, query);
        else
            _dalil_query_free(query);
    }
    _dalil_query_t *must = list_join(p, &required, _DALIL_Q_AND);
    _dalil_query_t *may = list_join(p, &optional, _DALIL_Q_OR);
    _dalil_query_t *positive = must && may ? node2(p, _DALIL_Q_AND_MAYBE, must, may) : must ? must : may;
    if (filters)
        positive = node2(p, _DALIL_Q_FILTER, positive ? positive : match_all(p), filters);
    group->positive = positive;
}

static void parse_group(parser_t *p, group_t *group)
{
    item_t *items = NULL;
    size_t n = 0, capacity = 0;
    while (!failed(p) && !at_operand_end(p)) {
        if (n == capacity) {
            capacity = capacity ? capacity * 2 : 8;
            item_t *grown = realloc(items, capacity * sizeof *grown);
            if (!grown) {
                out_of_memory(p);
                break;
            }
            items = grown;
        }
        memset(&items[n], 0, sizeof items[n]);
        bool ok = parse_unary(p, &items[n]);
        n++;
        if (!ok)
            break;
    }
    if (!failed(p) && expand_runs(p, items, n))
        build_group(p, items, n, group);
    for (size_t i = 0; i < n; i++)
        _dalil_query_free(items[i].query);
    free(items);
}

static _dalil_query_t *parse_and(parser_t *p)
{
    list_t positives = {0}, excluded = {0};
    for (;;) {
        size_t before = p->tok.start;
        group_t group = {0};
        parse_group(p, &group);
        list_push(p, &positives, group.positive);
        for (size_t i = 0; i < group.excluded.count; i++)
            list_push(p, &excluded, group.excluded.items[i]);
        free(group.excluded.items);
        if (failed(p) || p->tok.kind != T_AND)
            break;
        token_t op = p->tok;
        if (op.start == before)
            fail_at(p, op.start, "AND needs something before it");
        next_token(p);
        if (!failed(p) && at_operand_end(p))
            fail_at(p, op.start, "AND needs something after it");
    }
    _dalil_query_t *positive = list_join(p, &positives, _DALIL_Q_AND);
    if (failed(p) || excluded.count == 0) {
        list_clear(&excluded);
        if (failed(p)) {
            _dalil_query_free(positive);
            return NULL;
        }
        return positive;
    }
    /* positive first, then what it excludes */
    list_t subs = {0};
    list_push(p, &subs, positive ? positive : match_all(p));
    for (size_t i = 0; i < excluded.count; i++) {
        list_push(p, &subs, excluded.items[i]);
        excluded.items[i] = NULL;
    }
    excluded.count = 0;
    list_clear(&excluded);
    if (failed(p)) {
        list_clear(&subs);
        return NULL;
    }
    _dalil_query_t *query = _dalil_query_node(_DALIL_Q_AND_NOT, subs.items, subs.count);
    free(subs.items);
    return query ? query : out_of_memory(p);
}

static _dalil_query_t *parse_or(parser_t *p)
{
    list_t alternatives = {0};
    for (;;) {
        size_t before = p->tok.start;
        _dalil_query_t *query = parse_and(p);
        list_push(p, &alternatives, query);
        if (failed(p) || p->tok.kind != T_OR)
            break;
        token_t op = p->tok;
        if (op.start == before)
            fail_at(p, op.start, "OR needs something before it");
        next_token(p);
        if (!failed(p) && at_operand_end(p))
            fail_at(p, op.start, "OR needs something after it");
    }
    if (failed(p)) {
        list_clear(&alternatives);
        return NULL;
    }
    return list_join(p, &alternatives, _DALIL_Q_OR);
}

static bool only_spaces(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!is_space(text[i]))
            return false;
    return true;
}

static int compare_spans(const void *a, const void *b)
{
    const _dalil_span_t *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

static bool reads_as_sentence(const parser_t *p)
{
    return !(p->flags & (_DALIL_PARSE_ANY | _DALIL_PARSE_ALL)) && !p->structured &&
           p->bare_words >= DALIL_NATURAL_QUERY_WORDS;
}

dalil_status_t _dalil_query_parse(dalil_analyzer_t *analyzer, const char *text, size_t len,
                                  unsigned flags, _dalil_parse_t *out)
{
    memset(out, 0, sizeof *out);
    parser_t p = {.analyzer = analyzer, .text = text, .len = len, .flags = flags};
    _dalil_query_t *tree = NULL;
    if (only_spaces(text, len)) {
        fail_at(&p, 0, "the query is empty");
    } else {
        next_token(&p);
        tree = parse_or(&p);
        if (!failed(&p) && p.tok.kind == T_RPAREN)
            fail_at(&p, p.tok.start, "this ')' has no '(' before it");
        if (!failed(&p) && !tree)
            fail_at(&p, 0, "the query has no words to search for");
    }
    if (failed(&p)) {
        _dalil_query_free(tree);
        free(p.words);
        if (p.status == DALIL_INVALID_ARGUMENT) {
            out->error = p.error;
            out->error_column = column_of(text, p.error_at);
        }
        return p.status;
    }
    if (reads_as_sentence(&p)) {
        /* A sentence: its words are evidence, not requirements (as in Elasticsearch's
         * match query); all of them rarely occur together. bench/quality measures it. */
        _dalil_query_free(tree);
        free(p.words);
        return _dalil_query_parse(analyzer, text, len, flags | _DALIL_PARSE_ANY, out);
    }
    if (p.n_words > 1)
        qsort(p.words, p.n_words, sizeof *p.words, compare_spans);
    out->tree = tree;
    out->words = p.words;
    out->n_words = p.n_words;
    return DALIL_OK;
}

void _dalil_parse_clear(_dalil_parse_t *parse)
{
    _dalil_query_free(parse->tree);
    free(parse->error);
    free(parse->words);
    memset(parse, 0, sizeof *parse);
}

/* ---- Description ---------------------------------------------------------------- */

static const char *op_name(_dalil_qop_t op)
{
    switch (op) {
    case _DALIL_Q_AND: return "AND";
    case _DALIL_Q_OR: return "OR";
    case _DALIL_Q_AND_NOT: return "AND_NOT";
    case _DALIL_Q_PHRASE: return "PHRASE";
    case _DALIL_Q_NEAR: return "NEAR";
    case _DALIL_Q_MAX: return "MAX";
    case _DALIL_Q_SYNONYM: return "SYNONYM";
    case _DALIL_Q_SCALE: return "SCALE";
    case _DALIL_Q_AND_MAYBE: return "AND_MAYBE";
    case _DALIL_Q_FILTER: return "FILTER";
    case _DALIL_Q_MATCH_ALL: return "ALL";
    case _DALIL_Q_WILDCARD: return "WILDCARD";
    case _DALIL_Q_VALUE_RANGE: return "RANGE";
    case _DALIL_Q_TERM: return "TERM";
    }
    return "?";
}

static bool describe(FILE *out, const _dalil_query_t *q)
{
    switch (q->op) {
    case _DALIL_Q_TERM:
        fprintf(out, "%s[%s", q->term, dalil_rule_str(q->rule));
        if (q->origin)
            fprintf(out, "<-%s", q->origin);
        fputc(']', out);
        return true;
    case _DALIL_Q_WILDCARD: fprintf(out, "%s*", q->term); return true;
    case _DALIL_Q_MATCH_ALL: fputs("ALL", out); return true;
    case _DALIL_Q_VALUE_RANGE:
        fprintf(out, "RANGE(%u, %s, %s)", q->slot, q->term && *q->term ? q->term : "-",
                q->upper && *q->upper ? q->upper : "-");
        return true;
    default: break;
    }
    fputs(op_name(q->op), out);
    if ((q->op == _DALIL_Q_PHRASE || q->op == _DALIL_Q_NEAR) && q->window)
        fprintf(out, "/%u", q->window);
    if (q->op == _DALIL_Q_SCALE)
        fprintf(out, "*%g", q->factor);
    fputc('(', out);
    for (size_t i = 0; i < q->n_subs; i++) {
        if (i)
            fputs(", ", out);
        describe(out, q->subs[i]);
    }
    fputc(')', out);
    return true;
}

char *_dalil_query_describe(const _dalil_query_t *query)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    if (!out)
        return NULL;
    describe(out, query);
    if (fclose(out) != 0) {
        free(text);
        return NULL;
    }
    return text;
}
