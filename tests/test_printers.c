/* test_printers.c: each output format against its expected bytes, from one hit model;
 * hostile titles and paths neutralised on terminals; the JSON round-trips. */
#include "printers.h"
#include "test_util.h"

/* A hit as _dalil_hit_model makes it, with a title that tries to colour the terminal
 * and a tab in the path. */
static json_t *sample_hit(void)
{
    json_t *hit = json_pack("{sI sI ss ss ss sf s[{ss s[[II]]}] s[{ss ss ss ss ss}]}",
                            "rank", (json_int_t)1, "docid", (json_int_t)7,
                            "path", "/news/libya/oil\t1.txt",
                            "title", "Oil \033[31mred\033[0m \xE2\x80\xAE" "flip",
                            "date", "2016-06-10", "score", 2.5,
                            "snippets", "text", "\xE2\x80\xA6" "The oil price fell.", "highlights",
                            (json_int_t)7, (json_int_t)10,
                            "matched", "query", "oil", "term", "oil", "rule", "exact", "form", "oil",
                            "field", "text");
    assert_non_null(hit);
    return hit;
}

static json_t *sample_summary(void)
{
    json_t *summary = json_pack("{sI ss ss s{sI sI sI sb} sI sI sI}", "format_version", (json_int_t)1,
                                "query", "oil", "parsed", "oil[exact<-oil]", "total", "estimate",
                                (json_int_t)1, "lower", (json_int_t)1, "upper", (json_int_t)1, "exact", 1,
                                "offset", (json_int_t)0, "limit", (json_int_t)10, "count", (json_int_t)1);
    assert_non_null(summary);
    return summary;
}

/* Everything the printer writes for the sample, as one string (the caller frees it). */
static char *print_sample(_dalil_printer_options_t options)
{
    char *text = NULL;
    size_t size = 0;
    options.out = open_memstream(&text, &size);
    assert_non_null(options.out);
    _dalil_printer_t *printer = _dalil_printer_new(&options);
    assert_non_null(printer);
    json_t *hit = sample_hit(), *summary = sample_summary();
    assert_int_equal(_dalil_printer_begin(printer, summary), DALIL_OK);
    assert_int_equal(_dalil_printer_hit(printer, hit), DALIL_OK);
    assert_int_equal(_dalil_printer_end(printer, summary), DALIL_OK);
    _dalil_printer_free(printer);
    json_decref(hit);
    json_decref(summary);
    assert_int_equal(fclose(options.out), 0);
    return text;
}

static void test_text_is_plain_and_clean(void **state)
{
    (void)state;
    char *out = print_sample((_dalil_printer_options_t){.format = _DALIL_FORMAT_TEXT, .cwd = "/news"});
    assert_string_equal(out, "1. Oil ?[31mred?[0m ?flip\n"
                             "   libya/oil?1.txt  2016-06-10  score 2.500\n"
                             "   \xE2\x80\xA6The oil price fell.\n"
                             "\n"
                             "hits 1-1 of 1\n");
    free(out);
}

static void test_text_colour_marks_highlights(void **state)
{
    (void)state;
    char *out = print_sample((_dalil_printer_options_t){.format = _DALIL_FORMAT_TEXT, .color = true,
                                                        .explain = true});
    assert_non_null(strstr(out, "The \033[1;31moil\033[0m price"));
    assert_non_null(strstr(out, "query: oil[exact<-oil]\n"));
    assert_non_null(strstr(out, "   matched: oil -> oil (exact)\n"));
    /* the document's own escapes are still neutralised */
    assert_null(strstr(out, "\033[31m"));
    free(out);
}

static void test_tsv_columns(void **state)
{
    (void)state;
    char *out = print_sample((_dalil_printer_options_t){.format = _DALIL_FORMAT_TSV});
    assert_string_equal(out, "1\t2.500000\t7\t2016-06-10\t/news/libya/oil 1.txt\t\tOil  [31mred [0m  flip\n");
    free(out);
}

static void test_paths_with_and_without_nul(void **state)
{
    (void)state;
    char *out = print_sample((_dalil_printer_options_t){.format = _DALIL_FORMAT_PATHS});
    assert_string_equal(out, "/news/libya/oil\t1.txt\n");
    free(out);
    out = print_sample((_dalil_printer_options_t){.format = _DALIL_FORMAT_PATHS, .nul = true});
    assert_memory_equal(out, "/news/libya/oil\t1.txt\0", 22);
    free(out);
}

static void test_json_is_one_document(void **state)
{
    (void)state;
    char *out = print_sample((_dalil_printer_options_t){.format = _DALIL_FORMAT_JSON});
    json_error_t error;
    json_t *doc = json_loads(out, 0, &error);
    if (!doc)
        fail_msg("invalid JSON: %s: %s", error.text, out);
    assert_int_equal(json_integer_value(json_object_get(doc, "format_version")), 1);
    json_t *hits = json_object_get(doc, "hits");
    assert_int_equal(json_array_size(hits), 1);
    json_t *hit = json_array_get(hits, 0);
    assert_string_equal(json_string_value(json_object_get(hit, "title")), "Oil \033[31mred\033[0m \xE2\x80\xAE" "flip");
    json_t *range = json_array_get(json_object_get(json_array_get(json_object_get(hit, "snippets"), 0), "highlights"), 0);
    assert_int_equal(json_integer_value(json_array_get(range, 0)), 7);
    /* escapes stay data: JSON writes them as \u001B */
    assert_non_null(strstr(out, "\\u001B[31m"));
    json_decref(doc);
    free(out);
}

static void test_jsonl_hit_lines_then_summary(void **state)
{
    (void)state;
    char *out = print_sample((_dalil_printer_options_t){.format = _DALIL_FORMAT_JSONL});
    char *second = strchr(out, '\n');
    assert_non_null(second);
    *second++ = '\0';
    json_t *hit = json_loads(out, 0, NULL), *summary = json_loads(second, 0, NULL);
    assert_non_null(hit);
    assert_non_null(summary);
    assert_string_equal(json_string_value(json_object_get(hit, "type")), "hit");
    assert_int_equal(json_integer_value(json_object_get(hit, "rank")), 1);
    assert_string_equal(json_string_value(json_object_get(summary, "type")), "summary");
    assert_int_equal(json_integer_value(json_object_get(summary, "format_version")), 1);
    assert_null(json_object_get(summary, "hits"));
    assert_int_equal(strlen(second), strcspn(second, "\n") + 1); /* one line each */
    json_decref(hit);
    json_decref(summary);
    free(out);
}

static void test_format_names(void **state)
{
    (void)state;
    _dalil_format_t format;
    assert_true(_dalil_format_parse("jsonl", &format));
    assert_int_equal(format, _DALIL_FORMAT_JSONL);
    assert_false(_dalil_format_parse("xml", &format));
    assert_false(_dalil_format_parse("JSON", &format));
}

/* C0, DEL, C1, bidi overrides and stray bytes become '?'; other text is kept. */
static void test_clean_text(void **state)
{
    (void)state;
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    const char input[] = "a\x07" "b\x7f" "c\xC2\x9B" "d\xE2\x81\xA6" "e\xff" "f القذافي é";
    _dalil_print_clean(out, input, sizeof input - 1);
    fclose(out);
    assert_string_equal(text, "a?b?c?d?e?f القذافي é");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_is_plain_and_clean),
        cmocka_unit_test(test_text_colour_marks_highlights),
        cmocka_unit_test(test_tsv_columns),
        cmocka_unit_test(test_paths_with_and_without_nul),
        cmocka_unit_test(test_json_is_one_document),
        cmocka_unit_test(test_jsonl_hit_lines_then_summary),
        cmocka_unit_test(test_format_names),
        cmocka_unit_test(test_clean_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
