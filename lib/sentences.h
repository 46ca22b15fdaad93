/* sentences.h: sentence boundaries in UTF-8 text, the ones ICU's sentence break iterator
 * (the root locale's rules, UAX #29) finds, without ICU's iterator for valid UTF-8. */
#ifndef DALIL_SENTENCES_H
#define DALIL_SENTENCES_H

#include "internal.h"

/* Finds the sentences of one text at a time. One per thread. */
typedef struct _dalil_sentences _dalil_sentences_t;

/* NULL when out of memory. */
_dalil_sentences_t *_dalil_sentences_new(void);
void _dalil_sentences_free(_dalil_sentences_t *sentences);

/* Sets the text: `len` bytes, borrowed until the next call or _dalil_sentences_free.
 * ICU's iterator is opened (once) only for text that is not valid UTF-8, to which the
 * rules here do not apply. Returns OK, NOMEM or INVALID_ARGUMENT (ICU failed, or the text
 * is over 2 GB). */
dalil_status_t _dalil_sentences_set_text(_dalil_sentences_t *sentences, const char *text, size_t len);

/* As ubrk_preceding and ubrk_following on the text: the last boundary before `offset` (an
 * offset inside a character counts as that character's start), or -1 when there is none;
 * the first boundary after `offset`, or -1 when there is none. With `within` > 0, a
 * boundary more than `within` bytes away from the offset may be reported as -1, which
 * spares reading long stretches without one. */
int64_t _dalil_sentence_preceding(_dalil_sentences_t *sentences, size_t offset, size_t within);
int64_t _dalil_sentence_following(_dalil_sentences_t *sentences, size_t offset, size_t within);

/* For tests: whether the current text's boundaries come from the rules here rather than
 * ICU's iterator, and a code point's Sentence_Break class as the rules here see it (ICU's
 * UCHAR_SENTENCE_BREAK values). */
bool _dalil_sentences_own(const _dalil_sentences_t *sentences);
int _dalil_sentence_class(uint32_t code_point);

#endif
