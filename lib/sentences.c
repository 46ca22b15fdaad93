/* sentences.c: where the sentences around an excerpt begin and end.
 *
 * Snippets widen an excerpt to its sentences when they fit. ICU's sentence iterator did
 * that for every hit: opening it (its rules, from ICU's data) and running its state
 * machine over a UText cost a tenth of a query's snippet time, more in a new process. Its
 * rules are UAX #29's, which come down to a few lines over the Sentence_Break class of
 * each character (ICU's property; a table here for ASCII):
 *
 *   SB3   CR × LF                SB4  ParaSep ÷           SB5  X (Extend | Format)* → X
 *   SB6   ATerm × Numeric        SB7  (Upper | Lower) ATerm × Upper
 *   SB8   ATerm Close* Sp* × (¬(OLetter | Upper | Lower | ParaSep | SATerm))* Lower
 *   SB8a  SATerm Close* Sp* × (SContinue | SATerm)
 *   SB9   SATerm Close* × (Close | Sp | ParaSep)
 *   SB10  SATerm Close* Sp* × (Sp | ParaSep)
 *   SB11  SATerm Close* Sp* ParaSep? ÷                  SB998  Any × Any
 *
 * (ParaSep is Sep, CR or LF; SATerm is STerm or ATerm.) So a boundary is only ever right
 * after a paragraph separator or at the end of a run SATerm Close* Sp*, and whether it is
 * there is decided by looking back over that run and, after an ATerm, forward to the next
 * letter. Text that is not valid UTF-8 is left to ICU's iterator, whose treatment of
 * stray bytes the rules here do not copy. tests/test_sentences.c checks the two against
 * each other on every short string of the classes' characters, on random ones and on
 * every file of the sample corpus and of ../shared/corpora. */
#include "sentences.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

struct _dalil_sentences {
    const unsigned char *text;
    size_t len;
    bool own;            /* valid UTF-8: the rules here */
    UBreakIterator *icu; /* else ICU's iterator, opened on the first such text */
    UText *utext;
};

enum {
    OTHER = U_SB_OTHER, ATERM = U_SB_ATERM, CLOSE = U_SB_CLOSE, FORMAT = U_SB_FORMAT,
    LOWER = U_SB_LOWER, NUMERIC = U_SB_NUMERIC, OLETTER = U_SB_OLETTER, SEP = U_SB_SEP,
    SP = U_SB_SP, STERM = U_SB_STERM, UPPER = U_SB_UPPER, CR = U_SB_CR, EXTEND = U_SB_EXTEND,
    LF = U_SB_LF, SCONTINUE = U_SB_SCONTINUE,
    BOT = -1 /* before the text's first character */
};

/* Sentence_Break of U+0000..U+007F (tests/test_sentences.c checks it against ICU's). */
#define L LOWER
#define U UPPER
#define N NUMERIC
#define C CLOSE
#define S SP
#define O OTHER
static const signed char ASCII_CLASS[128] = {
    O, O, O, O, O, O, O, O, O, S, LF, S, S, CR, O, O,  /* 00 */
    O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O,    /* 10 */
    S, STERM, C, O, O, O, O, C, C, C, O, O, SCONTINUE, SCONTINUE, ATERM, O, /* 20 */
    N, N, N, N, N, N, N, N, N, N, SCONTINUE, O, O, O, O, STERM, /* 30 */
    O, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,    /* 40 */
    U, U, U, U, U, U, U, U, U, U, U, C, O, C, O, O,    /* 50 */
    O, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,    /* 60 */
    L, L, L, L, L, L, L, L, L, L, L, C, O, C, O, O,    /* 70 */
};
#undef L
#undef U
#undef N
#undef C
#undef S
#undef O

int _dalil_sentence_class(uint32_t code_point)
{
    if (code_point < 0x80)
        return ASCII_CLASS[code_point];
    return u_getIntPropertyValue((UChar32)code_point, UCHAR_SENTENCE_BREAK);
}

/* ---- Valid UTF-8, character by character ------------------------------------------ */

static bool valid_utf8(const unsigned char *text, size_t len)
{
    size_t i = 0;
    while (i < len) {
        /* ASCII eight bytes at a time: most texts are nothing else */
        while (i + 8 <= len) {
            uint64_t word;
            memcpy(&word, text + i, 8);
            if (word & 0x8080808080808080u)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        size_t n = _dalil_utf8_sequence(text + i, len - i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

/* In valid UTF-8 from here on. */

static size_t char_end(const unsigned char *t, size_t at)
{
    unsigned char b = t[at];
    return at + (b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4);
}

static size_t char_start_before(const unsigned char *t, size_t at)
{
    do
        at--;
    while (at > 0 && (t[at] & 0xC0) == 0x80);
    return at;
}

/* The class of the character starting at `at`. */
static int class_at(const unsigned char *t, size_t at)
{
    unsigned char b = t[at];
    if (b < 0x80)
        return ASCII_CLASS[b];
    uint32_t c;
    if (b < 0xE0)
        c = (uint32_t)(b & 0x1F) << 6 | (t[at + 1] & 0x3F);
    else if (b < 0xF0)
        c = (uint32_t)(b & 0x0F) << 12 | (uint32_t)(t[at + 1] & 0x3F) << 6 | (t[at + 2] & 0x3F);
    else
        c = (uint32_t)(b & 0x07) << 18 | (uint32_t)(t[at + 1] & 0x3F) << 12 | (uint32_t)(t[at + 2] & 0x3F) << 6 |
            (t[at + 3] & 0x3F);
    return u_getIntPropertyValue((UChar32)c, UCHAR_SENTENCE_BREAK);
}

static bool is_para_sep(int c)
{
    return c == SEP || c == CR || c == LF;
}

static bool is_ignored(int c)
{
    return c == EXTEND || c == FORMAT;
}

/* ---- The rules -------------------------------------------------------------------- */

/* A character as the rules see it (SB5): with the Extend and Format characters after it,
 * unless it is a paragraph separator. */
typedef struct {
    int cls;
    size_t start;
} unit_t;

/* The unit that ends at `i` (a character's start); BOT at the text's start. */
static unit_t unit_before(const unsigned char *t, size_t i)
{
    if (i == 0)
        return (unit_t){BOT, 0};
    size_t k = char_start_before(t, i);
    int c = class_at(t, k);
    if (!is_ignored(c))
        return (unit_t){c, k};
    /* the Extend and Format run: part of the character before it, or a unit of its own
     * at the text's start or after a paragraph separator */
    size_t first = k;
    while (first > 0) {
        size_t before = char_start_before(t, first);
        int b = class_at(t, before);
        if (is_ignored(b)) {
            first = before;
            continue;
        }
        if (!is_para_sep(b))
            return (unit_t){b, before};
        break;
    }
    return (unit_t){class_at(t, first), first};
}

/* Where the unit starting at `at`, of class `cls`, ends. */
static size_t unit_end(const unsigned char *t, size_t len, size_t at, int cls)
{
    size_t end = char_end(t, at);
    if (is_para_sep(cls))
        return end;
    while (end < len && is_ignored(class_at(t, end)))
        end = char_end(t, end);
    return end;
}

/* SB8's look ahead: whether the first letter, separator or terminator from `at` on is a
 * lower-case letter. */
static bool lower_follows(const unsigned char *t, size_t len, size_t at)
{
    while (at < len) {
        int c = class_at(t, at);
        if (c == LOWER)
            return true;
        if (c == OLETTER || c == UPPER || is_para_sep(c) || c == ATERM || c == STERM)
            return false;
        at = unit_end(t, len, at, c);
    }
    return false;
}

/* Whether there is a boundary at `i`, a character's start inside the text (0 < i < len). */
static bool is_boundary(const unsigned char *t, size_t len, size_t i)
{
    int cur = class_at(t, i);
    unit_t prev = unit_before(t, i);
    if (is_ignored(cur) && !is_para_sep(prev.cls))
        return false; /* SB5: inside a unit */
    if (prev.cls == CR && cur == LF)
        return false; /* SB3 */
    if (is_para_sep(prev.cls))
        return true; /* SB4 */
    if (cur == SP || is_para_sep(cur))
        return false; /* SB9, SB10, or no terminator before: SB998 */
    if (cur == CLOSE && prev.cls != SP)
        return false; /* SB9, or SB998 */
    unit_t u = prev;
    size_t n_sp = 0, n_close = 0;
    for (; u.cls == SP; n_sp++)
        u = unit_before(t, u.start);
    for (; u.cls == CLOSE; n_close++)
        u = unit_before(t, u.start);
    if (u.cls != ATERM && u.cls != STERM)
        return false; /* SB998 */
    if (u.cls == ATERM && n_close == 0 && n_sp == 0) {
        if (cur == NUMERIC)
            return false; /* SB6 */
        int before = unit_before(t, u.start).cls;
        if (cur == UPPER && (before == UPPER || before == LOWER))
            return false; /* SB7 */
    }
    if (u.cls == ATERM && lower_follows(t, len, i))
        return false; /* SB8 */
    if (cur == SCONTINUE || cur == ATERM || cur == STERM)
        return false; /* SB8a */
    return true;      /* SB11 */
}

/* ---- Queries ------------------------------------------------------------------------ */

_dalil_sentences_t *_dalil_sentences_new(void)
{
    return calloc(1, sizeof(_dalil_sentences_t));
}

static void release_text(_dalil_sentences_t *s)
{
    if (s->utext)
        _dalil_break_close(s->icu, s->utext);
    s->utext = NULL;
}

void _dalil_sentences_free(_dalil_sentences_t *s)
{
    if (!s)
        return;
    release_text(s);
    if (s->icu)
        ubrk_close(s->icu);
    free(s);
}

dalil_status_t _dalil_sentences_set_text(_dalil_sentences_t *s, const char *text, size_t len)
{
    release_text(s);
    s->text = (const unsigned char *)text;
    s->len = len;
    if (len > INT32_MAX) /* ICU's positions are 32-bit, and so are the callers' */
        return DALIL_INVALID_ARGUMENT;
    s->own = valid_utf8(s->text, len);
    if (s->own)
        return DALIL_OK;
    if (!s->icu) {
        UErrorCode error = U_ZERO_ERROR;
        s->icu = ubrk_open(UBRK_SENTENCE, "", NULL, 0, &error);
        if (U_FAILURE(error)) {
            s->icu = NULL;
            return error == U_MEMORY_ALLOCATION_ERROR ? DALIL_NOMEM : DALIL_INVALID_ARGUMENT;
        }
    }
    return _dalil_break_open(s->icu, text, len, &s->utext);
}

bool _dalil_sentences_own(const _dalil_sentences_t *s)
{
    return s->own;
}

/* ICU moves an offset inside a character to that character's start. */
static size_t character_start(const _dalil_sentences_t *s, size_t offset)
{
    while (offset > 0 && offset < s->len && (s->text[offset] & 0xC0) == 0x80)
        offset--;
    return offset;
}

int64_t _dalil_sentence_preceding(_dalil_sentences_t *s, size_t offset, size_t within)
{
    if (!s->own) {
        if (!s->utext)
            return -1;
        return ubrk_preceding(s->icu, offset > s->len ? (int32_t)s->len + 1 : (int32_t)offset);
    }
    if (offset > s->len)
        return (int64_t)s->len;
    size_t from = character_start(s, offset);
    for (size_t i = from; i > 0;) {
        i = char_start_before(s->text, i);
        if (i == 0)
            return 0;
        if (within && from - i > within)
            return -1;
        if (is_boundary(s->text, s->len, i))
            return (int64_t)i;
    }
    return -1;
}

int64_t _dalil_sentence_following(_dalil_sentences_t *s, size_t offset, size_t within)
{
    if (!s->own) {
        if (!s->utext)
            return -1;
        return ubrk_following(s->icu, offset > s->len ? (int32_t)s->len : (int32_t)offset);
    }
    size_t from = character_start(s, offset < s->len ? offset : s->len);
    if (from >= s->len)
        return -1;
    for (size_t i = char_end(s->text, from); i < s->len; i = char_end(s->text, i)) {
        if (within && i - from > within)
            return -1;
        if (is_boundary(s->text, s->len, i))
            return (int64_t)i;
    }
    return (int64_t)s->len;
}
