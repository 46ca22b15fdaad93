/* variants.c: the spelling rules behind dalil's variant forms of a word.
 *
 * A name is written many ways: Qaḏḏāfī, Qaddafi, Gadhafi, القذافي. Three layers join them,
 * each as its own indexed form so the exact spelling is never lost and ranks first:
 *
 * - folding, which loses nothing a reader would call a different word: accents, apostrophe
 *   ayn and hamza marks, a possessive 's, Arabic hamza forms of alef, alef maksura, ta
 *   marbuta, harakat and tatweel; and Arabic's attached article and proclitics (و ب ل ف ك,
 *   ال), so that a query without them finds words with them;
 * - the name key: a consonant skeleton in which letters that transliterations of one Arabic
 *   sound swap (q g k kh gh ق ك غ خ; dh th d ذ ث د ض; ph f v ف ...) share a class, vowels
 *   vanish (romanisations disagree most about them) and doubled classes count once. The
 *   Arabic letters map straight to the same classes, so the key also crosses scripts;
 * - articles (al-, el-, ez-, ash- ... and ال), dropped from keys and joins, and particles
 *   (bin, abu, abd ...), which start names written as one word or several.
 *
 * A skeleton is coarse: it merges Mosul with missile and Quran with corn. So keys are made
 * only for name-like words (Arabic script, or not an ordinary English word: the lowercase
 * entries of Debian's word list), and a key of fewer than three classes only when an
 * article marks the word as a name (al-Qaeda). See docs/analysis.md. */
#include "variants.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* ---- Folding ------------------------------------------------------------------- */

static bool is_apostrophe(UChar32 c)
{
    switch (c) {
    case '\'': case '`': case 0x00B4: case 0x02B9: case 0x02BB: case 0x02BC: case 0x02BE:
    case 0x02BF: case 0x2018: case 0x2019: case 0x2032:
        return true;
    default:
        return false;
    }
}

/* Arabic letters that spelling varies over, mapped to one form; 0 drops the mark. */
static inline UChar32 fold_arabic(UChar32 c)
{
    if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640)
        return 0; /* harakat, superscript alef, tatweel */
    switch (c) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: return 0x0627; /* آ أ إ ٱ → ا */
    case 0x0649: case 0x06CC: return 0x064A;                            /* ى ی → ي */
    case 0x0629: return 0x0647;                                         /* ة → ه */
    case 0x06A9: return 0x0643;                                         /* ک → ك */
    default: return c;
    }
}

/* Latin letters with no decomposition to an ASCII base; NULL when not one of them. */
static const char *fold_latin_special(UChar32 c)
{
    switch (c) {
    case 0x00F8: return "o";  /* ø */
    case 0x0111: return "d";  /* đ */
    case 0x0142: return "l";  /* ł */
    case 0x0131: return "i";  /* dotless ı */
    case 0x00E6: return "ae"; /* æ */
    case 0x0153: return "oe"; /* œ */
    case 0x00FE: return "th"; /* þ */
    case 0x00F0: return "d";  /* ð */
    case 0x0127: return "h";  /* ħ */
    case 0x0167: return "t";  /* ŧ */
    default: return NULL;
    }
}

/* The ASCII base of a decomposable Latin letter (ḏ → d), or -1. */
static int latin_base(const UNormalizer2 *nfd, UChar32 c)
{
    for (int depth = 0; depth < 4; depth++) {
        UChar buffer[8];
        UErrorCode error = U_ZERO_ERROR;
        int32_t n = unorm2_getRawDecomposition(nfd, c, buffer, 8, &error);
        if (U_FAILURE(error) || n <= 0)
            return -1;
        c = buffer[0];
        if (c < 0x80)
            return (int)c;
    }
    return -1;
}

static size_t put_utf8(char *out, size_t at, UChar32 c)
{
    if (c >= 0x80 && c < 0x800) { /* Arabic letters among them */
        out[at++] = (char)(0xC0 | (c >> 6));
        out[at++] = (char)(0x80 | (c & 0x3F));
        return at;
    }
    UBool error = false;
    U8_APPEND((uint8_t *)out, at, at + 4, c, error);
    (void)error;
    return at;
}

/* The length of `word` without a final possessive 's (’s). */
static size_t without_possessive(const char *word, size_t len)
{
    if (len < 3 || word[len - 1] != 's')
        return len;
    if (word[len - 2] == '\'')
        return len - 2;
    if (len >= 5 && memcmp(word + len - 4, "\xE2\x80\x99", 3) == 0) /* ’ */
        return len - 4;
    return len;
}

/* The code point of a two-byte UTF-8 sequence at w[i] for a letter of the Arabic block
 * (U+0600..U+06FF), or -1: most letters of Arabic text, read without the general decoder. */
static inline UChar32 arabic_at(const char *w, size_t i, size_t len)
{
    unsigned char lead = (unsigned char)w[i];
    if (lead < 0xD8 || lead > 0xDB || i + 1 >= len || ((unsigned char)w[i + 1] & 0xC0) != 0x80)
        return -1;
    return (UChar32)(((lead & 0x1F) << 6) | ((unsigned char)w[i + 1] & 0x3F));
}

/* _dalil_fold of a word made only of two-byte Arabic letters and marks, most of Arabic
 * text, pair by pair; returns 0 (nothing written) for any other word. */
static size_t fold_arabic_pairs(const char *word, size_t len, char *out)
{
    if (len % 2)
        return 0;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 2) {
        UChar32 c = arabic_at(word, i, len);
        if (c < 0)
            return 0;
        if ((c = fold_arabic(c))) {
            out[o++] = (char)(0xC0 | (c >> 6));
            out[o++] = (char)(0x80 | (c & 0x3F));
        }
    }
    out[o] = '\0';
    return o;
}

size_t _dalil_fold(const UNormalizer2 *nfd, const char *word, size_t len, char *out)
{
    size_t pairs = fold_arabic_pairs(word, len, out);
    if (pairs)
        return pairs;
    len = without_possessive(word, len);
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        unsigned char b = (unsigned char)word[i];
        if (b < 0x80) { /* the two common cases first: ASCII and Arabic letters */
            if (b != '\'' && b != '`')
                out[o++] = (char)b;
            i++;
            continue;
        }
        UChar32 c = arabic_at(word, i, len);
        if (c >= 0) {
            i += 2;
            if ((c = fold_arabic(c)))
                o = put_utf8(out, o, c);
            continue;
        }
        U8_NEXT(word, i, len, c);
        if (c < 0 || is_apostrophe(c))
            continue;
        if (c < 0x80) {
            out[o++] = (char)c;
            continue;
        }
        if (c >= 0x0600 && c <= 0x06FF) {
            c = fold_arabic(c);
            if (c)
                o = put_utf8(out, o, c);
            continue;
        }
        if (u_charType(c) == U_NON_SPACING_MARK)
            continue;
        const char *special = fold_latin_special(c);
        if (special) {
            size_t n = strlen(special);
            memcpy(out + o, special, n); /* never longer than the letter it replaces */
            o += n;
            continue;
        }
        int base = (c >= 0x00C0 && c <= 0x024F) || (c >= 0x1E00 && c <= 0x1EFF)
                       ? latin_base(nfd, c)
                       : -1;
        if (base >= 0)
            out[o++] = (char)base;
        else
            o = put_utf8(out, o, c);
    }
    out[o] = '\0';
    return o;
}

/* ---- Arabic article and proclitics ---------------------------------------------- */

enum {
    ALEF = 0x0627, BEH = 0x0628, FEH = 0x0641, KAF = 0x0643, LAM = 0x0644, HEH = 0x0647,
    WAW = 0x0648, YEH = 0x064A
};

static bool is_proclitic(UChar32 c)
{
    return c == WAW || c == BEH || c == FEH || c == KAF || c == LAM;
}

/* Whether the word is made only of two-byte Arabic letters (U+0621..U+06FF). */
static bool all_arabic_letters(const char *word, size_t len)
{
    if (len == 0 || len % 2)
        return false;
    for (size_t i = 0; i < len; i += 2)
        if (arabic_at(word, i, len) < 0x0621)
            return false;
    return true;
}

size_t _dalil_arabic_proclitics(const char *folded, size_t len, bool *article_out)
{
    *article_out = false;
    size_t n = len / 2;
    if (n < 3 || !all_arabic_letters(folded, len))
        return 0;
    UChar32 l[5]; /* the first letters decide */
    for (size_t i = 0; i < 5 && i < n; i++)
        l[i] = arabic_at(folded, 2 * i, len);
    if (n == 4 && l[0] == ALEF && l[1] == LAM && l[2] == LAM && l[3] == HEH)
        return 0; /* الله is a word, not al + lah */
    size_t strip = 0;
    if (n >= 5 && (l[0] == WAW || l[0] == BEH || l[0] == KAF || l[0] == FEH) && l[1] == ALEF &&
        l[2] == LAM)
        strip = 3, *article_out = true; /* وال بال كال فال */
    else if (n >= 4 && l[0] == LAM && l[1] == LAM)
        strip = 2, *article_out = true; /* لل = ل + ال */
    else if (n >= 4 && l[0] == ALEF && l[1] == LAM)
        strip = 2, *article_out = true; /* ال */
    else if (n >= 4 && is_proclitic(l[0]))
        strip = 1; /* و ب ل ف ك before a word of three letters or more */
    return strip * 2;
}

/* ---- Name keys ------------------------------------------------------------------ */

static bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

typedef struct {
    char *out;
    size_t len;
    bool overflow;
} skeleton_t;

static void emit(skeleton_t *key, char class)
{
    if (key->len && key->out[key->len - 1] == class)
        return; /* doubled letters, and one class on both sides of a vowel, count once */
    if (key->len == DALIL_KEY_MAX) {
        key->overflow = true;
        return;
    }
    key->out[key->len++] = class;
}

/* The class of the letter (or digraph) at w[i]; *used is how many letters it took.
 * 0: a vowel slot. -1: not a letter. `other`: the other sounds (_dalil_name_key_other). */
static int latin_class(const char *w, size_t i, size_t len, size_t *used, bool other)
{
    char c = w[i], next = i + 1 < len ? w[i + 1] : 0;
    *used = 1;
    if (other) {
        if (c == 'z' && next == 'z')
            return *used = 2, 'D'; /* ذّ ظّ said z: Qazzafi */
        if (c == 'x')
            return 'H'; /* Somali x is ح: Maxamed, Xasan */
        if (c == 'k' && next == 'h' && i > 0)
            return *used = 2, 'H'; /* Russian х for h: Makhamad, Akhmed */
        if (c == 'g' && i > 0 && is_vowel(w[i - 1]) && is_vowel(next))
            return 'H'; /* Russian г for h: Magamed, Magomed */
    }
    if (next == 'h') {
        *used = 2;
        switch (c) {
        case 'k': case 'g': return 'K';
        case 's': case 'c': return 'X';
        case 'p': return 'F';
        case 'd': case 't': return 'D';
        case 'z': return 'J';
        default: *used = 1; break;
        }
    }
    if (c == 'c' && next == 'k')
        return *used = 2, 'K';
    if (c == 'd' && next == 'j')
        return *used = 2, 'J';
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return 0;
    case 'w': return i == 0 ? 'W' : 0;
    case 'y': return i == 0 ? 'Y' : 0;
    case 'h': return (i + 1 == len && i > 0 && is_vowel(w[i - 1])) ? 0 : 'H';
    case 'b': case 'p': return 'B';
    case 'c': return (next == 'e' || next == 'i' || next == 'y') ? 'S' : 'K';
    case 'q': case 'k': case 'g': return 'K';
    case 'd': return 'D';
    case 'f': case 'v': return 'F';
    case 'j': return 'J';
    case 'l': return 'L';
    case 'm': return 'M';
    case 'n': return 'N';
    case 'r': return 'R';
    case 's': return 'S';
    case 't': return i + 1 == len ? 'D' : 'T'; /* final -t for د: Mehmet, Mahomet */
    case 'x': return 'x'; /* k + s, written out by the caller */
    case 'z': return 'Z';
    default: return -1;
    }
}

static size_t latin_key(const char *w, size_t len, char *out, bool other)
{
    skeleton_t key = {out, 0, false};
    size_t i = 0;
    /* abdel, abdul, abdal: abd with the article glued on (Abdel Nasser = Abd al-Nasser). */
    if (len >= 5 && (memcmp(w, "abdel", 5) == 0 || memcmp(w, "abdul", 5) == 0 ||
                    memcmp(w, "abdal", 5) == 0)) {
        emit(&key, 'B');
        emit(&key, 'D');
        i = 5;
    }
    while (i < len) {
        size_t used;
        int class = latin_class(w, i, len, &used, other);
        if (class < 0)
            return 0;
        if (class == 'x') {
            emit(&key, 'K');
            emit(&key, 'S');
        } else if (class) {
            emit(&key, (char)class);
        }
        i += used;
    }
    /* A final i or y (Qaddafi, Khadafy, Houthi) is marked, as Arabic's final ي is. */
    if (len > 2 && (w[len - 1] == 'i' || w[len - 1] == 'y') && key.len)
        emit(&key, 'I');
    out[key.len] = '\0';
    return key.overflow ? 0 : key.len;
}

enum { THAL = 0x0630, ZAH = 0x0638 };

/* The class of an (already folded) Arabic letter; 0 for a vowel slot, -1 for none.
 * `other`: ذ and ظ each in the other's class (_dalil_name_key_other). */
static int arabic_class(UChar32 c, bool initial, bool final, bool other)
{
    if (other && (c == THAL || c == ZAH))
        return c == THAL ? 'Z' : 'D';
    switch (c) {
    case 0x0628: case 0x067E: return 'B';                        /* ب پ */
    case 0x062A: case 0x0637: return 'T';                        /* ت ط */
    case 0x062B: case 0x062F: case 0x0630: case 0x0636: return 'D'; /* ث د ذ ض */
    case 0x062C: case 0x0686: return 'J';                        /* ج چ */
    case 0x062D: return 'H';                                     /* ح */
    case 0x0647: return final ? 0 : 'H';                         /* ه (and ة) */
    case 0x062E: case 0x063A: case 0x0642: case 0x0643: case 0x06AF: return 'K'; /* خ غ ق ك گ */
    case 0x0631: return 'R';                                     /* ر */
    case 0x0632: case 0x0638: case 0x0698: return 'Z';           /* ز ظ ژ */
    case 0x0633: case 0x0635: return 'S';                        /* س ص */
    case 0x0634: return 'X';                                     /* ش */
    case 0x0641: case 0x06A4: return 'F';                        /* ف ڤ */
    case 0x0644: return 'L';
    case 0x0645: return 'M';
    case 0x0646: return 'N';
    case 0x0648: return initial ? 'W' : 0;                       /* و */
    case 0x064A: return initial ? 'Y' : 0;                       /* ي */
    case 0x0627: case 0x0621: case 0x0639: case 0x0624: case 0x0626: return 0; /* ا ء ع ؤ ئ */
    default: return -1;
    }
}

static size_t arabic_key(const char *w, size_t len, char *out, bool other)
{
    if (len == 0 || len % 2)
        return 0;
    size_t n = len / 2; /* two-byte letters, read as they come */
    skeleton_t key = {out, 0, false};
    UChar32 c = 0;
    for (size_t i = 0; i < n; i++) {
        c = arabic_at(w, 2 * i, len);
        if (c < 0x0621)
            return out[0] = '\0', 0;
        int class = arabic_class(c, i == 0, i + 1 == n, other);
        if (class < 0)
            return out[0] = '\0', 0;
        if (class == 'T' && i + 1 == n)
            class = 'D'; /* as a final Latin t: both stand for a final د often enough */
        if (class)
            emit(&key, (char)class);
    }
    /* A final ي (القذافي, not القذائف) is marked: the skeleton alone would merge them. */
    if (n > 2 && c == YEH && key.len)
        emit(&key, 'I');
    out[key.len] = '\0';
    return key.overflow ? 0 : key.len;
}

size_t _dalil_name_key(const char *folded, size_t len, char *out)
{
    out[0] = '\0';
    if (len == 0)
        return 0;
    if ((unsigned char)folded[0] < 0x80)
        return latin_key(folded, len, out, false);
    return arabic_key(folded, len, out, false);
}

/* Whether the word has a letter that may stand for another sound (see latin_class and
 * arabic_class with `other`): most words have none, and need no second key. */
static bool has_other_sounds(const char *w, size_t len)
{
    if ((unsigned char)w[0] >= 0x80) {
        for (size_t i = 0; i + 1 < len; i++)
            if ((unsigned char)w[i] == 0xD8 &&
                ((unsigned char)w[i + 1] == 0xB0 || (unsigned char)w[i + 1] == 0xB8)) /* ذ ظ */
                return true;
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        char c = w[i], next = i + 1 < len ? w[i + 1] : 0;
        if (c == 'x' || (c == 'z' && next == 'z') || (i > 0 && c == 'k' && next == 'h') ||
            (i > 0 && c == 'g' && is_vowel(w[i - 1]) && is_vowel(next)))
            return true;
    }
    return false;
}

size_t _dalil_name_key_other(const char *folded, size_t len, char *out)
{
    out[0] = '\0';
    if (len == 0 || !has_other_sounds(folded, len))
        return 0;
    char own[DALIL_KEY_MAX + 1];
    bool latin = (unsigned char)folded[0] < 0x80;
    size_t n = latin ? latin_key(folded, len, out, true) : arabic_key(folded, len, out, true);
    size_t m = latin ? latin_key(folded, len, own, false) : arabic_key(folded, len, own, false);
    if (n == 0 || (n == m && memcmp(out, own, n) == 0)) {
        out[0] = '\0';
        return 0;
    }
    return n;
}

/* The vowel class of a run of vowel letters: a or e anywhere makes it 'a' (Sheikh's ei,
 * Shiekh's ie, Muammar's ua), else o or u 'u' (Houthi's ou), else 'i'. */
static char vowel_class(char run, char letter)
{
    if (letter == 'a' || letter == 'e' || run == 'a')
        return 'a';
    if (letter == 'o' || letter == 'u' || letter == 'w' || run == 'u')
        return 'u';
    return 'i';
}

size_t _dalil_short_key(const char *folded, size_t len, char *out)
{
    out[0] = '\0';
    if (len == 0 || (unsigned char)folded[0] >= 0x80)
        return 0;
    size_t o = 0;
    char run = 0; /* the pending run of vowels, 0 if none */
    for (size_t i = 0; i < len;) {
        size_t used;
        int class = latin_class(folded, i, len, &used, false);
        if (class < 0)
            return 0;
        bool between_vowels = i > 0 && i + 1 < len && is_vowel(folded[i - 1]) &&
                              is_vowel(folded[i + 1]);
        if (class == 0 && (folded[i] == 'w' || folded[i] == 'y') && between_vowels)
            class = folded[i] == 'w' ? 'W' : 'Y'; /* a consonant there: Kuwait, Sayed */
        if (class == 0) {
            if (folded[i] != 'h') /* a final h after a vowel is silent */
                run = vowel_class(run, folded[i]);
            i += used;
            continue;
        }
        const char *classes = class == 'x' ? "KS" : (const char[]){(char)class, 0};
        for (; *classes; classes++) {
            if (run) {
                if (o == DALIL_SHORT_KEY_MAX)
                    return out[0] = '\0', 0;
                out[o++] = run;
                run = 0;
            } else if (o && out[o - 1] == *classes) {
                continue; /* a doubled letter */
            }
            if (o == DALIL_SHORT_KEY_MAX)
                return out[0] = '\0', 0;
            out[o++] = *classes;
        }
        i += used;
    }
    /* A final vowel is kept (Daesh is not Dachau), a final i or y marked as in keys. */
    if (len > 2 && (folded[len - 1] == 'i' || folded[len - 1] == 'y'))
        run = 'I';
    if (run && o) {
        if (o == DALIL_SHORT_KEY_MAX)
            return out[0] = '\0', 0;
        out[o++] = run;
    }
    out[o] = '\0';
    return o;
}

size_t _dalil_key_classes(const char *key)
{
    size_t len = strlen(key);
    return len && key[len - 1] == 'I' ? len - 1 : len;
}

size_t _dalil_join_keys(const char *first, const char *second, char *out)
{
    size_t a = strlen(first), b = strlen(second);
    if (a && b && first[a - 1] == second[0])
        second++, b--;
    if (a + b > DALIL_KEY_MAX)
        return 0;
    memcpy(out, first, a);
    memcpy(out + a, second, b + 1);
    return a + b;
}

/* ---- Which words are names ------------------------------------------------------ */

extern const char _dalil_common_words_text[];
extern const uint32_t _dalil_common_words_slots[];
extern const uint32_t _dalil_common_words_slots_mask;

/* FNV-1a, as data/embed_words.c hashed the list. */
static uint32_t word_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

bool _dalil_is_common_word(const char *folded)
{
    /* Slots are (offset into the text + 1, hash) pairs; 0 ends a probe sequence. */
    const uint32_t *slots = _dalil_common_words_slots, mask = _dalil_common_words_slots_mask;
    uint32_t hash = word_hash(folded);
    for (uint32_t at = hash & mask; slots[2 * at]; at = (at + 1) & mask)
        if (slots[2 * at + 1] == hash && strcmp(_dalil_common_words_text + slots[2 * at] - 1, folded) == 0)
            return true;
    return false;
}

static bool in_list(const char *word, const char *const *list)
{
    for (; *list; list++)
        if (word[0] == (*list)[0] && strcmp(word, *list) == 0)
            return true;
    return false;
}

static const char *const latin_articles[] = {"al", "el", "ul", "il", "l", NULL};
static const char *const latin_sun_articles[] = {
    "ad", "ar", "as", "ash", "at", "az", "an", "ath", "adh", "ed", "er", "es", "esh",
    "et", "ez", "en", "ur", "us", "uz", "ud", "ut", "un", NULL};
static const char *const latin_particles[] = {"bin", "ibn", "ben", "abu", "abou", "bint",
                                              "umm", "ould", "abd", "abdel", "abdul", NULL};
/* Folded Arabic: بن ابن ابو ام بنت عبد. */
static const char *const arabic_particles[] = {
    "\xD8\xA8\xD9\x86", "\xD8\xA7\xD8\xA8\xD9\x86", "\xD8\xA7\xD8\xA8\xD9\x88",
    "\xD8\xA7\xD9\x85", "\xD8\xA8\xD9\x86\xD8\xAA", "\xD8\xB9\xD8\xA8\xD8\xAF", NULL};
/* Folded Arabic function words that are never part of a name: في من على الى عن ان او
 * مع هذا هذه التي الذي بعد قبل كان قد لا ما ثم حتى بين عند كما لم لن. */
static const char *const arabic_stop_words[] = {
    "\xD9\x81\xD9\x8A", "\xD9\x85\xD9\x86", "\xD8\xB9\xD9\x84\xD9\x8A",
    "\xD8\xA7\xD9\x84\xD9\x8A", "\xD8\xB9\xD9\x86", "\xD8\xA7\xD9\x86",
    "\xD8\xA7\xD9\x88", "\xD9\x85\xD8\xB9", "\xD9\x87\xD8\xB0\xD8\xA7",
    "\xD9\x87\xD8\xB0\xD9\x87", "\xD8\xA7\xD9\x84\xD8\xAA\xD9\x8A",
    "\xD8\xA7\xD9\x84\xD8\xB0\xD9\x8A", "\xD8\xA8\xD8\xB9\xD8\xAF",
    "\xD9\x82\xD8\xA8\xD9\x84", "\xD9\x83\xD8\xA7\xD9\x86", "\xD9\x82\xD8\xAF",
    "\xD9\x84\xD8\xA7", "\xD9\x85\xD8\xA7", "\xD8\xAB\xD9\x85",
    "\xD8\xAD\xD8\xAA\xD9\x8A", "\xD8\xA8\xD9\x8A\xD9\x86", "\xD8\xB9\xD9\x86\xD8\xAF",
    "\xD9\x83\xD9\x85\xD8\xA7", "\xD9\x84\xD9\x85", "\xD9\x84\xD9\x86", NULL};

/* English function words, capitalised at a sentence's start: never the first word of a
 * name ("The Times", "In Mosul"). */
static const char *const english_stop_words[] = {
    "the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "for", "by", "with", "from",
    "as", "is", "are", "was", "were", "be", "it", "its", "this", "that", "these", "those",
    "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "but", "if", "when",
    "after", "before", "than", "then", "there", "here", "not", "no", "so", "into", "about",
    "also", "has", "have", "had", "will", "would", "can", "could", "may", "said", "says",
    "while", "since", "under", "over", "between", "against", "during", "where", "who", NULL};

static bool ascii_letters(const char *w, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (w[i] < 'a' || w[i] > 'z')
            return false;
    return len > 0;
}

/* An Arabic imperfect verb of the third person: ي before letters with no long vowel
 * among them (ينص, يدعم, يشهد). Names that start with ي nearly all have one (يونس, يوسف,
 * يزيد, ياسر); without this, قانون ينص "the law says" keyed as Khan Younis. */
static bool is_arabic_verb(const char *folded, size_t len)
{
    if (len < 6 || len > 10 || memcmp(folded, "\xD9\x8A", 2) != 0) /* ي, then 2-4 letters */
        return false;
    for (size_t i = 2; i + 1 < len; i += 2) {
        unsigned char lead = (unsigned char)folded[i], trail = (unsigned char)folded[i + 1];
        if ((lead == 0xD8 && trail == 0xA7) || (lead == 0xD9 && (trail == 0x88 || trail == 0x8A)))
            return false; /* ا و ي */
    }
    return true;
}

unsigned _dalil_word_flags(const char *folded, size_t len, bool arabic)
{
    if (arabic) {
        if (len <= 10 && in_list(folded, arabic_stop_words))
            return _DALIL_W_ARABIC | _DALIL_W_STOP;
        if (is_arabic_verb(folded, len))
            return _DALIL_W_ARABIC | _DALIL_W_VERB;
        unsigned flags = _DALIL_W_ARABIC | _DALIL_W_NAME;
        if (len <= 8 && in_list(folded, arabic_particles))
            flags |= _DALIL_W_PARTICLE;
        if (has_other_sounds(folded, len))
            flags |= _DALIL_W_OTHER_SOUNDS;
        return flags;
    }
    if (!ascii_letters(folded, len) || len > 40)
        return 0;
    if (len <= 3 && in_list(folded, latin_articles))
        return _DALIL_W_ARTICLE;
    if (len <= 3 && in_list(folded, latin_sun_articles))
        return _DALIL_W_SUN_ARTICLE;
    if (len <= 5 && in_list(folded, latin_particles))
        return _DALIL_W_PARTICLE;
    if (len <= 7 && in_list(folded, english_stop_words))
        return _DALIL_W_STOP;
    if (len >= 3 && !_dalil_is_common_word(folded))
        return _DALIL_W_NAME | (has_other_sounds(folded, len) ? _DALIL_W_OTHER_SOUNDS : 0);
    return 0;
}

bool _dalil_is_article_before(const _dalil_word_t *article, const _dalil_word_t *next)
{
    if (next->flags & _DALIL_W_BREAK_BEFORE)
        return false;
    if (article->flags & _DALIL_W_ARTICLE)
        return true;
    if (!(article->flags & _DALIL_W_SUN_ARTICLE) || !(next->flags & _DALIL_W_HYPHEN_BEFORE))
        return false;
    /* The sun letter: the article without its vowel (ash → sh, ez → z) starts the name. */
    const char *consonant = article->match + 1;
    return strncmp(next->match, consonant, strlen(consonant)) == 0;
}
