/* date.c: the dates news files carry, in the forms they carry them, to "YYYY-MM-DD".
 * Only unambiguous forms are read: "03-01-24" or "3/1/2024" could be March or January,
 * so they give no date rather than a wrong one. */
#include "ix.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const month_names[12] = {"january", "february", "march", "april",
                                            "may", "june", "july", "august", "september",
                                            "october", "november", "december"};

/* A month name or its 3-letter abbreviation ("Sept" too) at `s`; returns 1-12 and its
 * length, or 0. */
static int month_at(const char *s, size_t len, size_t *used)
{
    size_t n = 0;
    while (n < len && isalpha((unsigned char)s[n]))
        n++;
    if (n < 3)
        return 0;
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(month_names[m]);
        if ((n == full || n == 3 || (m == 8 && n == 4)) && n <= full &&
            strncasecmp(s, month_names[m], n) == 0) {
            *used = n;
            if (n < len && s[n] == '.')
                (*used)++;
            return m + 1;
        }
    }
    return 0;
}

/* Up to `max` digits at `s`: returns the value and sets *used, or -1. */
static int number_at(const char *s, size_t len, size_t max, size_t *used)
{
    size_t n = 0;
    int value = 0;
    while (n < len && n < max && isdigit((unsigned char)s[n]))
        value = value * 10 + (s[n++] - '0');
    if (n == 0 || (n < len && isdigit((unsigned char)s[n])))
        return -1;
    *used = n;
    return value;
}

/* Month 0: the year alone; day 0: the month alone. */
static bool valid(int year, int month, int day)
{
    return year >= 1000 && year <= 2999 && month >= 0 && month <= 12 && day >= 0 && day <= 31 &&
           (month > 0 || day == 0);
}

static size_t write_date(char out[11], int year, int month, int day, size_t used)
{
    if (!valid(year, month, day))
        return 0;
    if (month == 0)
        snprintf(out, 11, "%04d", year);
    else if (day == 0)
        snprintf(out, 11, "%04d-%02d", year, month);
    else
        snprintf(out, 11, "%04d-%02d-%02d", year, month, day);
    return used;
}

/* Two-digit years, as in old mail headers: 93 is 1993, 05 is 2005. */
static int full_year(int year, size_t digits)
{
    if (digits == 2)
        return year < 50 ? 2000 + year : 1900 + year;
    return year;
}

static size_t skip_space(const char *s, size_t len, size_t i)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* "2016-06-29", "2016/06/29", "2016-06", "20160629" as in a date slot. */
static size_t iso_date(const char *s, size_t len, char out[11])
{
    size_t n;
    int year = number_at(s, len, 8, &n);
    if (year < 0)
        return 0;
    if (n == 8)
        return write_date(out, year / 10000, year / 100 % 100, year % 100, 8);
    if (n != 4)
        return 0;
    size_t i = n;
    if (i + 1 >= len || (s[i] != '-' && s[i] != '/' && s[i] != '.'))
        return i == len ? write_date(out, year, 0, 0, i) : 0; /* a year alone */
    char sep = s[i++];
    int month = number_at(s + i, len - i, 2, &n);
    if (month < 0)
        return 0;
    i += n;
    int day = 0;
    if (i + 1 < len && s[i] == sep) {
        day = number_at(s + i + 1, len - i - 1, 2, &n);
        if (day < 1)
            return 0;
        i += 1 + n;
    }
    return write_date(out, year, month, day, i);
}

/* "June 29, 2016", "Jun 29 2016", "June 2016". */
static size_t month_first(const char *s, size_t len, char out[11])
{
    size_t n, i;
    int month = month_at(s, len, &n);
    if (!month)
        return 0;
    i = skip_space(s, len, n);
    int first = number_at(s + i, len - i, 4, &n);
    if (first < 0)
        return 0;
    if (n == 4)
        return write_date(out, first, month, 0, i + n);
    if (n > 2)
        return 0;
    i += n;
    while (i < len && (isalpha((unsigned char)s[i]))) /* 29th */
        i++;
    if (i < len && s[i] == ',')
        i++;
    i = skip_space(s, len, i);
    int year = number_at(s + i, len - i, 4, &n);
    if (year < 0 || n != 4)
        return 0;
    return write_date(out, year, month, first, i + n);
}

/* "29 June 2016", "5 Apr 93" (mail), "26-FEB-1987" (Reuters), "29th June, 2016". */
static size_t day_first(const char *s, size_t len, char out[11])
{
    size_t n, i;
    int day = number_at(s, len, 2, &n);
    if (day < 1)
        return 0;
    i = n;
    while (i < len && islower((unsigned char)s[i])) /* 29th */
        i++;
    bool dashed = i < len && s[i] == '-';
    i = dashed ? i + 1 : skip_space(s, len, i);
    int month = month_at(s + i, len - i, &n);
    if (!month)
        return 0;
    i += n;
    if (dashed) {
        if (i >= len || s[i] != '-')
            return 0;
        i++;
    } else {
        if (i < len && s[i] == ',')
            i++;
        i = skip_space(s, len, i);
    }
    int year = number_at(s + i, len - i, 4, &n);
    if (year < 0 || (n != 4 && n != 2))
        return 0;
    return write_date(out, full_year(year, n), month, day, i + n);
}

/* Skips what may come before a date: a label ("Date:", "Published on"), a weekday. */
static size_t skip_preamble(const char *s, size_t len)
{
    static const char *const labels[] = {"date:", "published:", "published on", "published",
                                         "updated:", "posted on", "posted:", "posted", "on", NULL};
    static const char *const weekdays[] = {"monday", "tuesday", "wednesday", "thursday",
                                           "friday", "saturday", "sunday", NULL};
    size_t i = skip_space(s, len, 0);
    for (size_t k = 0; labels[k]; k++) {
        size_t n = strlen(labels[k]);
        if (i + n < len && strncasecmp(s + i, labels[k], n) == 0 &&
            !isalpha((unsigned char)s[i + n])) {
            i = skip_space(s, len, i + n);
            break;
        }
    }
    for (size_t k = 0; weekdays[k]; k++) {
        size_t word = 0;
        while (i + word < len && isalpha((unsigned char)s[i + word]))
            word++;
        if (word >= 3 && word <= strlen(weekdays[k]) && strncasecmp(s + i, weekdays[k], word) == 0) {
            i += word;
            if (i < len && (s[i] == ',' || s[i] == '.'))
                i++;
            return skip_space(s, len, i);
        }
    }
    return i;
}

size_t ix_parse_date(const char *text, size_t len, char out[11])
{
    size_t start = skip_preamble(text, len);
    const char *s = text + start;
    size_t rest = len - start, used;
    if ((used = iso_date(s, rest, out)) || (used = month_first(s, rest, out)) ||
        (used = day_first(s, rest, out)))
        return start + used;
    out[0] = '\0';
    return 0;
}

/* Words in what is left of a line after its date: a time, a zone, "GMT", "| Updated". */
static size_t count_words(const char *s, size_t len)
{
    size_t words = 0;
    for (size_t i = 0; i < len;) {
        while (i < len && isspace((unsigned char)s[i]))
            i++;
        if (i < len)
            words++;
        while (i < len && !isspace((unsigned char)s[i]))
            i++;
    }
    return words;
}

bool ix_date_line(const char *line, size_t len, char out[11])
{
    if (len > 80)
        return false;
    size_t used = ix_parse_date(line, len, out);
    if (!used || strlen(out) < 7) /* a year alone in a line is not a date line */
        return false;
    return count_words(line + used, len - used) <= 4;
}
