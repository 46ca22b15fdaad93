/* test_fields.c: the encoding of stored fields. */
#include "internal.h"
#include "test_util.h"

static void test_round_trip(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    assert_int_equal(_dalil_fields_append(&buf, &len, &cap, "title", "Gaddafi", 7), DALIL_OK);
    assert_int_equal(_dalil_fields_append(&buf, &len, &cap, "empty", "", 0), DALIL_OK);
    assert_int_equal(_dalil_fields_append(&buf, &len, &cap, "bin", "a\0b", 3), DALIL_OK);

    size_t value_len;
    const char *value = _dalil_fields_find(buf, len, "title", &value_len);
    assert_non_null(value);
    assert_int_equal(value_len, 7);
    assert_string_equal(value, "Gaddafi"); /* NUL-terminated in place */
    value = _dalil_fields_find(buf, len, "empty", &value_len);
    assert_non_null(value);
    assert_int_equal(value_len, 0);
    value = _dalil_fields_find(buf, len, "bin", &value_len);
    assert_int_equal(value_len, 3);
    assert_memory_equal(value, "a\0b", 3);
    assert_null(_dalil_fields_find(buf, len, "titl", &value_len));
    assert_null(_dalil_fields_find(buf, len, "missing", &value_len));
    free(buf);
}

static void test_large_value_grows_buffer(void **state)
{
    (void)state;
    size_t big_len = 1 << 20;
    char *big = malloc(big_len);
    assert_non_null(big);
    memset(big, 'x', big_len);
    char *buf = NULL;
    size_t len = 0, cap = 0;
    assert_int_equal(_dalil_fields_append(&buf, &len, &cap, "text", big, big_len), DALIL_OK);
    size_t value_len;
    const char *value = _dalil_fields_find(buf, len, "text", &value_len);
    assert_int_equal(value_len, big_len);
    assert_memory_equal(value, big, big_len);
    free(big);
    free(buf);
}

/* Truncated or overlong lengths must be refused, never read past the data. */
static void test_malformed_data_is_refused(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    assert_int_equal(_dalil_fields_append(&buf, &len, &cap, "title", "Qadhafi", 7), DALIL_OK);
    size_t value_len;
    for (size_t cut = 0; cut < len; cut++)
        assert_null(_dalil_fields_find(buf, cut, "title", &value_len));
    const unsigned char endless[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    assert_null(_dalil_fields_find((const char *)endless, sizeof endless, "title", &value_len));
    free(buf);
}

/* A value too large to allocate yields NOMEM (the test runs with
 * ASAN_OPTIONS=allocator_may_return_null=1 so that ASan reports it as glibc does). */
static void test_unallocatable_value_is_nomem(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    char byte = 'x';
    assert_int_equal(_dalil_fields_append(&buf, &len, &cap, "text", &byte, SIZE_MAX >> 2),
                     DALIL_NOMEM);
    assert_int_equal(len, 0);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_large_value_grows_buffer),
        cmocka_unit_test(test_malformed_data_is_refused),
        cmocka_unit_test(test_unallocatable_value_is_nomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
