/* test_readers.c: dalil-index's readers, one table per concern: format detection,
 * encodings, dates, each reader's articles, and boilerplate. */
#include "test_util.h"

#include "ix.h"

#include <libxml/parser.h>

/* ---- Collecting what a reader emits ---------------------------------------------- */

#define MAX_RECORDS 8

typedef struct {
    char *record, *title, *text, *date, *source, *url;
} got_t;

typedef struct {
    got_t got[MAX_RECORDS];
    size_t n;
    ix_buf_t warnings;
    ix_format_t format;
    ix_read_status_t status;
} collected_t;

static char *copy(const ix_buf_t *b)
{
    return strdup(b->data ? b->data : "");
}

static int collect(void *ctx, ix_record_t *r)
{
    collected_t *c = ctx;
    assert_true(c->n < MAX_RECORDS);
    c->got[c->n++] = (got_t){copy(&r->record), copy(&r->title), copy(&r->text),
                             copy(&r->date), copy(&r->source), copy(&r->url)};
    return 0;
}

static void read_as(collected_t *c, const char *name, const char *content, size_t len,
                    const ix_field_map_t *fields)
{
    memset(c, 0, sizeof *c);
    ix_reader_t reader = {.path = name, .fields = fields, .emit = collect, .ctx = c,
                          .warnings = &c->warnings};
    c->status = ix_read_document(&reader, name, content, len, &c->format);
    ix_record_free(&reader.record);
}

static void release(collected_t *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->got[i].record);
        free(c->got[i].title);
        free(c->got[i].text);
        free(c->got[i].date);
        free(c->got[i].source);
        free(c->got[i].url);
    }
    ix_buf_free(&c->warnings);
}

static bool contains(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

/* ---- Formats --------------------------------------------------------------------- */

static void test_detect_format(void **state)
{
    (void)state;
    static const struct {
        const char *name, *head;
        ix_format_t want;
    } cases[] = {
        {"a.txt", "Title\n\nBody text.\n", IX_FORMAT_TEXT},
        {"a.md", "# Title\n\nBody\n", IX_FORMAT_MARKDOWN},
        {"BB-1.txt", "<DOC>\n<DOCNO>x</DOCNO>\n", IX_FORMAT_TREC},
        {"reut2-000.sgm", "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS>", IX_FORMAT_TREC},
        {"53318", "From: a@b.c (A)\nSubject: hi\nOrganization: X\nLines: 2\n\nbody\n", IX_FORMAT_MAIL},
        {"gaza-news.txt", "2023-10-03\tReuters\tGaza unrest\thttps://r.com/a\n2023-10-04\tMEM\tPM\thttps://m.com/b\n", IX_FORMAT_TSV},
        {"page", "<!DOCTYPE html><html><title>t</title></html>", IX_FORMAT_HTML},
        {"page.htm", "just text", IX_FORMAT_HTML},
        {"data", "[{\"title\": \"x\"}]", IX_FORMAT_JSON},
        {"data.jsonl", "{\"title\": \"x\"}\n{\"title\": \"y\"}\n", IX_FORMAT_JSONL},
        {"table.csv", "title,text\na,b\n", IX_FORMAT_CSV},
        {"notes", "Subject matter: not a header block\nbecause the next line is prose\n", IX_FORMAT_TEXT},
        {"one-tab.txt", "a\tb\nc\td\n", IX_FORMAT_TEXT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ix_format_t got = ix_detect_format(cases[i].name, cases[i].head, strlen(cases[i].head));
        if (got != cases[i].want)
            fail_msg("%s: detected %s, expected %s", cases[i].name, ix_format_name(got),
                     ix_format_name(cases[i].want));
    }
}

/* ---- Encodings ------------------------------------------------------------------- */

static void test_decode(void **state)
{
    (void)state;
    static const struct {
        const char *raw;
        size_t len;
        ix_encoding_t want;
        const char *text;
        size_t bad;
    } cases[] = {
        {"caf\xc3\xa9", 5, IX_ENC_UTF8, "caf\xc3\xa9", 0},
        {"\xef\xbb\xbfhello", 8, IX_ENC_UTF8, "hello", 0},
        {"caf\xe9 cr\xe8me", 10, IX_ENC_CP1252, "caf\xc3\xa9 cr\xc3\xa8me", 2},
        {"\x93quoted\x94 \x80", 10, IX_ENC_CP1252, "\xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x82\xac", 3},
        {"na\xc3\xafve and caf\xe9", 15, IX_ENC_REPAIRED, "na\xc3\xafve and caf\xc3\xa9", 1},
        {"\xff\xfeh\0i\0", 6, IX_ENC_UTF16, "hi", 0},
        {"ab\0cd", 5, IX_ENC_BINARY, NULL, 0},
        {"\xc0\xaf overlong", 11, IX_ENC_CP1252, "\xc3\x80\xc2\xaf overlong", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ix_buf_t out = {0};
        size_t bad = 0, line = 0;
        ix_encoding_t got = ix_decode(cases[i].raw, cases[i].len, &out, &bad, &line);
        assert_int_equal(got, cases[i].want);
        if (cases[i].text)
            assert_string_equal(out.data, cases[i].text);
        assert_int_equal(bad, cases[i].bad);
        ix_buf_free(&out);
    }
}

static void test_invalid_utf8_warns_with_line(void **state)
{
    (void)state;
    const char content[] = "Title\n\nline two\nsport \xe9t\xe9\n";
    collected_t c;
    read_as(&c, "sport/199.txt", content, sizeof content - 1, NULL);
    assert_int_equal(c.status, IX_READ_OK);
    assert_int_equal(c.n, 1);
    assert_true(contains(c.got[0].text, "sport \xc3\xa9t\xc3\xa9"));
    assert_true(contains(c.warnings.data, "sport/199.txt:4: not valid UTF-8 (2 bytes)"));
    release(&c);
}

static void test_binary_is_skipped(void **state)
{
    (void)state;
    const char content[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0";
    collected_t c;
    read_as(&c, "a.out", content, sizeof content - 1, NULL);
    assert_int_equal(c.status, IX_READ_BINARY);
    assert_int_equal(c.format, IX_FORMAT_BINARY);
    assert_int_equal(c.n, 0);
    assert_true(contains(c.warnings.data, "a.out: binary content, skipped"));
    release(&c);
}

/* A text with a stray NUL is text: the NUL separates words, and the user is told. */
static void test_stray_nul_is_text(void **state)
{
    (void)state;
    const char content[] = "Title with a NUL\n\nbefore\0after and more words\n";
    collected_t c;
    read_as(&c, "notes/nul.txt", content, sizeof content - 1, NULL);
    assert_int_equal(c.status, IX_READ_OK);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.got[0].text, "Title with a NUL\n\nbefore after and more words");
    assert_true(contains(c.warnings.data, "notes/nul.txt:3: 1 NUL byte, read as space"));
    release(&c);
}

/* What the sniff calls binary: a known signature, or more than 1 in 20 control bytes in
 * the first 8 KB, NULs among them; a few NULs in text are not enough. */
static void test_binary_sniff(void **state)
{
    (void)state;
    static const struct {
        const char *data;
        size_t len;
        bool binary;
    } cases[] = {
#define SNIFF(text, binary) {text, sizeof text - 1, binary}
        SNIFF("%PDF-1.4\n%text-like header\n", true),
        SNIFF("PK\x03\x04 a zip", true),
        SNIFF("\x89PNG\r\n", true),
        SNIFF("SQLite format 3", true),
        SNIFF("ab\0cd", true), /* 1 in 5 */
        SNIFF("one NUL in forty bytes of text \0 here...", false),
        SNIFF("tabs\tand\r\nnewlines\fform feeds \x1b[1m", false),
        SNIFF("\x01\x02\x03 controls in a short text", true),
        SNIFF("", false),
#undef SNIFF
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (ix_looks_binary(cases[i].data, cases[i].len) != cases[i].binary)
            fail_msg("case %zu: expected %s", i, cases[i].binary ? "binary" : "text");
}

/* A UTF-16 file keeps its NULs for the decoder; a NUL it encodes is a space in the text. */
static void test_utf16_nul(void **state)
{
    (void)state;
    const char content[] = "\xff\xfeT\0i\0\n\0\n\0a\0\0\0b\0";
    collected_t c;
    read_as(&c, "u16.txt", content, sizeof content - 1, NULL);
    assert_int_equal(c.status, IX_READ_OK);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.got[0].title, "Ti");
    assert_true(contains(c.got[0].text, "a b"));
    assert_null(c.warnings.data);
    release(&c);
}

/* Whatever a reader passes on, articles are UTF-8 without NULs: JSON's \u0000, an HTML
 * entity libxml2 leaves as raw bytes, a title cut at 500 bytes inside a character. */
static void test_articles_are_utf8(void **state)
{
    (void)state;
    collected_t c;
    const char json[] = "{\"title\": \"a\\u0000b\", \"text\": \"x\"}";
    read_as(&c, "a.json", json, sizeof json - 1, NULL);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.got[0].title, "a b");
    release(&c);

    const char html[] = "<p>&\x9b\x91 text</p>";
    read_as(&c, "a.html", html, sizeof html - 1, NULL);
    assert_int_equal(c.n, 1);
    for (const char *p = c.got[0].text; *p;) {
        size_t n = _dalil_utf8_sequence((const unsigned char *)p, strlen(p));
        assert_true(n > 0);
        p += n;
    }
    assert_true(contains(c.got[0].text, " text"));
    release(&c);

    char title[600];
    memset(title, 'a', 499);
    memcpy(title + 499, "\xc3\xa9 end\n\nbody", 13); /* é at bytes 500-501 */
    read_as(&c, "long-title.txt", title, 499 + 12, NULL);
    assert_int_equal(c.n, 1);
    assert_int_equal(strlen(c.got[0].title), 499);
    release(&c);

    /* A title from any reader is cut to 500 bytes at a character boundary. */
    ix_buf_t big = {0};
    assert_true(ix_buf_append(&big, "title,text\n\"", 12));
    for (int i = 0; i < 2000; i++)
        assert_true(ix_buf_append(&big, "\xd8\xa8", 2));
    assert_true(ix_buf_append(&big, "\",body\n", 7));
    read_as(&c, "long.csv", big.data, big.len, NULL);
    assert_int_equal(c.n, 1);
    assert_int_equal(strlen(c.got[0].title), 500);
    release(&c);
    ix_buf_free(&big);

    ix_buf_t buf = {0};
    assert_true(ix_buf_set(&buf, "ok \xe9t\xe9 \xc3\xa9", 10));
    assert_true(ix_buf_repair_utf8(&buf));
    assert_string_equal(buf.data, "ok \xc3\xa9t\xc3\xa9 \xc3\xa9");
    ix_buf_free(&buf);
    assert_int_equal(ix_utf8_cut("ab\xe2\x82\xac", 5, 4), 2);
    assert_int_equal(ix_utf8_cut("ab\xe2\x82\xac", 5, 5), 5);
}

/* File names reach messages on one line and without control characters or bytes that are
 * not UTF-8. */
static void test_printable_name(void **state)
{
    (void)state;
    char *name = ix_printable_name("dir/bad\nname \x1b[2J caf\xe9 \xc2\x9b ok \xc3\xa9.txt");
    assert_string_equal(name, "dir/bad?name ?[2J caf? ? ok \xc3\xa9.txt");
    free(name);
}

/* ---- Dates ----------------------------------------------------------------------- */

static void test_dates(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"2016-06-29", "2016-06-29"},
        {"2016/06/29", "2016-06-29"},
        {"2023-10-01T12:30:00Z", "2023-10-01"},
        {"June 29, 2016", "2016-06-29"},
        {"Jun 29 2016", "2016-06-29"},
        {"29 June 2016", "2016-06-29"},
        {"29th June, 2016", "2016-06-29"},
        {"Thu, 26 Apr 2018 12:44:59 GMT", "2018-04-26"},
        {"Mon, 5 Apr 93 10:22:01 EST", "1993-04-05"},
        {"26-FEB-1987 15:01:01.79", "1987-02-26"},
        {"Published: Sept 3, 2019", "2019-09-03"},
        {"June 2016", "2016-06"},
        {"2016-06", "2016-06"},
        {"2016", "2016"},
        {"20160629", "2016-06-29"},
        {"03-01-24", ""},       /* day and month ambiguous */
        {"3/1/2024", ""},
        {"2016-13-01", ""},
        {"Maybe June", ""},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[11] = "x";
        size_t used = ix_parse_date(cases[i].text, strlen(cases[i].text), out);
        if (strcmp(used ? out : "", cases[i].want) != 0)
            fail_msg("'%s': got '%s', expected '%s'", cases[i].text, used ? out : "", cases[i].want);
    }
    char out[11];
    assert_true(ix_date_line("June 29, 2016", 13, out));
    assert_false(ix_date_line("In 2016 the war went on and on and on", 37, out));
    assert_false(ix_date_line("2016", 4, out));
}

/* ---- Readers --------------------------------------------------------------------- */

static void test_text_title_and_date(void **state)
{
    (void)state;
    const char *content = "\n  Ad sales boost Time Warner profit  \n\nJune 29, 2016\n\nQuarterly profits rose.\n";
    collected_t c;
    read_as(&c, "bbc/business/001.txt", content, strlen(content), NULL);
    assert_int_equal(c.format, IX_FORMAT_TEXT);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.got[0].title, "Ad sales boost Time Warner profit");
    assert_string_equal(c.got[0].date, "2016-06-29");
    assert_string_equal(c.got[0].record, "");
    assert_true(contains(c.got[0].text, "Quarterly profits rose."));
    release(&c);
}

static void test_text_date_in_prose_is_not_a_date(void **state)
{
    (void)state;
    const char *content = "Title\n\nIn 2016 the council met on June 29, 2016 to discuss the budget for the year.\n";
    collected_t c;
    read_as(&c, "a.txt", content, strlen(content), NULL);
    assert_string_equal(c.got[0].date, "");
    release(&c);
}

static void test_markdown_front_matter(void **state)
{
    (void)state;
    const char *content = "---\ntitle: \"Ceasefire talks\"\ndate: 2024-02-03\nsource: Reuters\n---\n# Heading\n\nBody.\n";
    collected_t c;
    read_as(&c, "post.md", content, strlen(content), NULL);
    assert_int_equal(c.format, IX_FORMAT_MARKDOWN);
    assert_string_equal(c.got[0].title, "Ceasefire talks");
    assert_string_equal(c.got[0].date, "2024-02-03");
    assert_string_equal(c.got[0].source, "Reuters");
    assert_false(contains(c.got[0].text, "title:"));
    release(&c);
}

static void test_mail(void **state)
{
    (void)state;
    const char *content = "From: pharvey@quack.kfu.com (Paul Harvey)\n"
                          "Subject: Christians above the Law,\n"
                          "\twas Clarification\n"
                          "Organization: The Duck Pond\n"
                          "Date: Mon, 5 Apr 1993 10:22:01 GMT\n"
                          "Newsgroups: alt.atheism\n"
                          "Lines: 24\n"
                          "\n"
                          "Who said Christians want to conform?\n"
                          "begin 644 picture.gif\n"
                          "M1TE&.#EA9`!D`/<``````(````\"`@(``@`(`@(\"`@,#`P/\\``/\\`\n"
                          "end\n"
                          "After the picture.\n";
    collected_t c;
    read_as(&c, "53318", content, strlen(content), NULL);
    assert_int_equal(c.format, IX_FORMAT_MAIL);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.got[0].title, "Christians above the Law, was Clarification");
    assert_string_equal(c.got[0].date, "1993-04-05");
    assert_string_equal(c.got[0].source, "alt.atheism");
    assert_true(contains(c.got[0].text, "Who said Christians"));
    assert_true(contains(c.got[0].text, "After the picture."));
    assert_false(contains(c.got[0].text, "M1TE"));
    assert_false(contains(c.got[0].text, "Organization"));
    release(&c);
}

static void test_trec_records(void **state)
{
    (void)state;
    const char *content = "<DOC>\n<DOCNO>BB-1</DOCNO>\n<URL>http://bbc.co.uk/a</URL>\n<SRC>BBC</SRC>\n"
                          "<TITLE>\xd8\xba\xd8\xb1\xd9\x82</TITLE>\n<TIME>Thu, 26 Apr 2018 12:44:59 GMT</TIME>\n"
                          "<ABSTRACT>\nShort.\n</ABSTRACT>\n<TEXT>\nLong &amp; full text.\n</TEXT>\n</DOC>\n"
                          "<DOC>\n<DOCNO>BB-2</DOCNO>\n<TITLE>Second</TITLE>\n<TEXT>Two</TEXT>\n</DOC>\n";
    collected_t c;
    read_as(&c, "ant/BB-1.txt", content, strlen(content), NULL);
    assert_int_equal(c.format, IX_FORMAT_TREC);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.got[0].record, "BB-1");
    assert_string_equal(c.got[0].title, "\xd8\xba\xd8\xb1\xd9\x82");
    assert_string_equal(c.got[0].date, "2018-04-26");
    assert_string_equal(c.got[0].source, "BBC");
    assert_string_equal(c.got[0].url, "http://bbc.co.uk/a");
    assert_true(contains(c.got[0].text, "Short."));
    assert_true(contains(c.got[0].text, "Long & full text."));
    assert_string_equal(c.got[1].record, "BB-2");
    assert_string_equal(c.got[1].text, "Two");
    release(&c);
}

static void test_reuters_records(void **state)
{
    (void)state;
    const char *content =
        "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n"
        "<REUTERS TOPICS=\"YES\" LEWISSPLIT=\"TRAIN\" OLDID=\"5544\" NEWID=\"1\">\n"
        "<DATE>26-FEB-1987 15:01:01.79</DATE>\n<TOPICS><D>cocoa</D></TOPICS>\n"
        "<UNKNOWN> \n&#5;&#5;&#5;C T\n</UNKNOWN>\n<TEXT>&#2;\n<TITLE>BAHIA COCOA REVIEW</TITLE>\n"
        "<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued &lt;in&gt; Bahia.\n"
        "&#3;</BODY></TEXT>\n</REUTERS>\n"
        "<REUTERS NEWID=\"2\">\n<DATE> 2-MAR-1987 09:00:00.00</DATE>\n<TEXT TYPE=\"BRIEF\">&#2;\n"
        "<TITLE>BRIEF ONE</TITLE>\n</TEXT>\n</REUTERS>\n";
    collected_t c;
    read_as(&c, "reut2-000.sgm", content, strlen(content), NULL);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.got[0].record, "1");
    assert_string_equal(c.got[0].title, "BAHIA COCOA REVIEW");
    assert_string_equal(c.got[0].date, "1987-02-26");
    assert_string_equal(c.got[0].text, "Showers continued <in> Bahia.");
    assert_string_equal(c.got[1].record, "2");
    assert_string_equal(c.got[1].date, "1987-03-02");
    release(&c);
}

static void test_trec_unclosed_record_warns(void **state)
{
    (void)state;
    const char *content = "<DOC><DOCNO>a</DOCNO><TEXT>one\n<DOC><DOCNO>b</DOCNO><TEXT>two</TEXT></DOC>";
    collected_t c;
    read_as(&c, "x.trec", content, strlen(content), NULL);
    assert_int_equal(c.n, 2);
    assert_true(contains(c.warnings.data, "x.trec:1: record 1 has no </DOC>"));
    release(&c);
}

static int count_record(void *ctx, ix_record_t *r)
{
    (void)r;
    (*(size_t *)ctx)++;
    return 0;
}

/* Many unclosed records: each is read (in one pass), and three warnings and a count tell. */
static void test_trec_many_unclosed_records(void **state)
{
    (void)state;
    ix_buf_t content = {0};
    for (int i = 0; i < 1000; i++)
        assert_true(ix_buf_printf(&content, "<DOC><DOCNO>%d</DOCNO>text %d\n", i, i));
    size_t records = 0;
    ix_buf_t warnings = {0};
    ix_reader_t reader = {.path = "many.trec", .emit = count_record, .ctx = &records,
                          .warnings = &warnings};
    assert_int_equal(ix_read_trec(&reader, content.data, content.len), 0);
    assert_int_equal(records, 1000);
    assert_true(contains(warnings.data, "many.trec:3: record 3 has no </DOC>"));
    assert_false(contains(warnings.data, "record 4 has"));
    assert_true(contains(warnings.data, "many.trec: 1000 records have no </DOC>"));
    ix_record_free(&reader.record);
    ix_buf_free(&warnings);
    ix_buf_free(&content);
}

static void test_csv_with_header(void **state)
{
    (void)state;
    const char *content = "id,headline,article_content,published,url\n"
                          "7,\"Talks, again\",\"He said \"\"no\"\".\nSecond line.\",2024-01-05,https://x.org/7\n"
                          "8,Plain,Body,05 Jan 2024,\n";
    collected_t c;
    read_as(&c, "news.csv", content, strlen(content), NULL);
    assert_int_equal(c.format, IX_FORMAT_CSV);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.got[0].record, "7");
    assert_string_equal(c.got[0].title, "Talks, again");
    assert_string_equal(c.got[0].text, "He said \"no\".\nSecond line.");
    assert_string_equal(c.got[0].date, "2024-01-05");
    assert_string_equal(c.got[0].url, "https://x.org/7");
    assert_string_equal(c.got[1].date, "2024-01-05");
    release(&c);
}

static void test_csv_field_override(void **state)
{
    (void)state;
    const char *content = "a,b,c\nfirst title,some body,2020-01-02\n";
    ix_field_map_t fields = {.title = "a", .text = "2", .date = "c"};
    collected_t c;
    read_as(&c, "t.csv", content, strlen(content), &fields);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.got[0].title, "first title");
    assert_string_equal(c.got[0].text, "some body");
    assert_string_equal(c.got[0].date, "2020-01-02");
    assert_string_equal(c.got[0].record, "2");
    release(&c);
}

static void test_tsv_without_header(void **state)
{
    (void)state;
    const char *content = "2023-10-03\tReuters\tGaza unrest shows economic misery - Reuters\thttps://r.com/a\n"
                          "2023-10-04\tMiddle East Monitor\tFormer Israeli PM Golda Meir\thttps://m.com/b\n"
                          "2023-10-05\tBBC\tShort\n";
    collected_t c;
    read_as(&c, "gaza-news.txt", content, strlen(content), NULL);
    assert_int_equal(c.format, IX_FORMAT_TSV);
    assert_int_equal(c.n, 3);
    assert_string_equal(c.got[0].title, "Gaza unrest shows economic misery - Reuters");
    assert_string_equal(c.got[0].source, "Reuters");
    assert_string_equal(c.got[0].date, "2023-10-03");
    assert_string_equal(c.got[0].url, "https://r.com/a");
    assert_string_equal(c.got[1].record, "2");
    assert_true(contains(c.warnings.data, "gaza-news.txt:3: 3 columns where the first row has 4"));
    release(&c);
}

static void test_json_array_and_lines(void **state)
{
    (void)state;
    const char *array = "{\"articles\": [{\"title\": \"One\", \"content\": [\"p1\", \"p2\"], "
                        "\"publishedAt\": \"2020-05-06T10:00:00Z\", \"source\": {\"name\": \"AP\"}},"
                        "{\"headline\": \"Two\", \"body\": \"b\", \"id\": 99}]}";
    ix_field_map_t fields = {.date = "publishedAt"};
    collected_t c;
    read_as(&c, "news.json", array, strlen(array), &fields);
    assert_int_equal(c.format, IX_FORMAT_JSON);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.got[0].title, "One");
    assert_string_equal(c.got[0].text, "p1\n\np2");
    assert_string_equal(c.got[0].date, "2020-05-06");
    assert_string_equal(c.got[0].source, "AP");
    assert_string_equal(c.got[0].record, "1");
    assert_string_equal(c.got[1].record, "99");
    release(&c);

    const char *lines = "{\"title\": \"A\", \"text\": \"x\"}\n\nnot json\n{\"title\": \"B\"}\n";
    read_as(&c, "feed.jsonl", lines, strlen(lines), NULL);
    assert_int_equal(c.format, IX_FORMAT_JSONL);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.got[0].record, "1");
    assert_string_equal(c.got[1].record, "4");
    assert_true(contains(c.warnings.data, "feed.jsonl:3: not a JSON object"));
    release(&c);
}

static void test_html(void **state)
{
    (void)state;
    const char *content =
        "<!DOCTYPE html><html><head><meta charset=\"iso-8859-1\"><title>Page - Site</title>"
        "<meta property=\"og:title\" content=\"Real headline\">"
        "<meta property=\"article:published_time\" content=\"2019-07-08T09:00:00Z\">"
        "<meta property=\"og:site_name\" content=\"Al Jazeera\">"
        "<script>var hidden = 'scriptword';</script><style>.x{}</style></head>"
        "<body><nav>Menu Home</nav><h1>Heading</h1><p>First caf\xe9 paragraph.</p>"
        "<p>Second<br>line</p><div hidden>invisible</div></body></html>";
    collected_t c;
    read_as(&c, "page.html", content, strlen(content), NULL);
    assert_int_equal(c.format, IX_FORMAT_HTML);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.got[0].title, "Real headline");
    assert_string_equal(c.got[0].date, "2019-07-08");
    assert_string_equal(c.got[0].source, "Al Jazeera");
    assert_true(contains(c.got[0].text, "First caf\xc3\xa9 paragraph."));
    assert_true(contains(c.got[0].text, "Second\nline"));
    assert_false(contains(c.got[0].text, "scriptword"));
    assert_false(contains(c.got[0].text, "Menu"));
    assert_false(contains(c.got[0].text, "invisible"));
    release(&c);
}

/* libxml2 stops at 256 nested elements: what came before is indexed, and the user told. */
static void test_html_nested_too_deep(void **state)
{
    (void)state;
    ix_buf_t page = {0};
    assert_true(ix_buf_append(&page, "<html><body><p>before</p>", 25));
    for (int i = 0; i < 300; i++)
        assert_true(ix_buf_append(&page, "<div>", 5));
    assert_true(ix_buf_append(&page, "below</body></html>", 19));
    collected_t c;
    read_as(&c, "deep.html", page.data, page.len, NULL);
    assert_int_equal(c.n, 1);
    assert_true(contains(c.got[0].text, "before"));
    assert_true(contains(c.warnings.data, "deep.html:1: elements nested deeper than the HTML parser allows (256)"));
    release(&c);
    ix_buf_free(&page);
}

static void test_long_lines_and_tokens(void **state)
{
    (void)state;
    size_t len = 4u << 20; /* one 4 MB line, one 1 MB "word" */
    char *content = malloc(len + 1);
    assert_non_null(content);
    memcpy(content, "Title\n", 6);
    for (size_t i = 6; i < len; i++)
        content[i] = i < (1u << 20) ? 'x' : (i % 7 ? 'a' : ' ');
    content[len] = '\0';
    collected_t c;
    read_as(&c, "long.txt", content, len, NULL);
    assert_int_equal(c.status, IX_READ_OK);
    assert_int_equal(c.n, 1);
    assert_true(strlen(c.got[0].text) > len - 16);
    release(&c);
    free(content);
}

/* ---- Boilerplate ------------------------------------------------------------------ */

static void test_boilerplate(void **state)
{
    (void)state;
    ix_boiler_t *b = ix_boiler_new();
    assert_non_null(b);
    char text[512];
    for (int i = 0; i < 20; i++) {
        snprintf(text, sizeof text,
                 "Story %d about topic %c%c.\n%s\n"
                 "Protect and Support Israel by Sharing our Articles\nLeave a Reply\n"
                 "\xc2\xa9 2007-2023 Solve Israel's Problems. All Rights Reserved\n",
                 i, 'a' + i, 'z' - i, i < 2 ? "A quoted line, twice." : "");
        ix_boiler_learn(b, text, strlen(text));
    }
    assert_int_equal(ix_boiler_freeze(b, 5, 0.002), 3);
    const char *doc = "Fresh story.\nLeave a Reply\n\xc2\xa9 2007-2023 Solve Israel's Problems. All Rights Reserved";
    ix_buf_t out = {0};
    assert_int_equal(ix_boiler_strip(b, doc, strlen(doc), &out), 2);
    assert_string_equal(out.data, "Fresh story.\n");

    /* Saved and loaded, the set strips the same lines. */
    char *saved = ix_boiler_save(b);
    ix_boiler_t *again = ix_boiler_new();
    assert_true(ix_boiler_load(again, saved));
    assert_true(ix_boiler_is_line(again, "  leave a   REPLY ", 18));
    assert_false(ix_boiler_is_line(again, "A quoted line, twice.", 21));
    free(saved);
    ix_buf_free(&out);
    ix_boiler_free(again);
    ix_boiler_free(b);
}

int main(void)
{
    xmlInitParser();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect_format),
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_invalid_utf8_warns_with_line),
        cmocka_unit_test(test_binary_is_skipped),
        cmocka_unit_test(test_stray_nul_is_text),
        cmocka_unit_test(test_binary_sniff),
        cmocka_unit_test(test_utf16_nul),
        cmocka_unit_test(test_articles_are_utf8),
        cmocka_unit_test(test_printable_name),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_text_title_and_date),
        cmocka_unit_test(test_text_date_in_prose_is_not_a_date),
        cmocka_unit_test(test_markdown_front_matter),
        cmocka_unit_test(test_mail),
        cmocka_unit_test(test_trec_records),
        cmocka_unit_test(test_reuters_records),
        cmocka_unit_test(test_trec_unclosed_record_warns),
        cmocka_unit_test(test_trec_many_unclosed_records),
        cmocka_unit_test(test_csv_with_header),
        cmocka_unit_test(test_csv_field_override),
        cmocka_unit_test(test_tsv_without_header),
        cmocka_unit_test(test_json_array_and_lines),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_html_nested_too_deep),
        cmocka_unit_test(test_long_lines_and_tokens),
        cmocka_unit_test(test_boilerplate),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return failed;
}
