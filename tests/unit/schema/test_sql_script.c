/*
 * test_sql_script.c - cutting SQL scripts into statements: ';' inside
 * quotes, backquotes, escapes and comments does not end a statement; empty
 * statements and trailing white space yield nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "binsift/schema.h"

/* The statements of script joined with '|'. */
static const char *cut(const char *script, char *out, size_t cap)
{
    size_t pos = 0, start, end, n = 0, len = strlen(script);
    out[0] = 0;
    while (bs_sql_next_statement(script, len, &pos, &start, &end)) {
        assert_true(start < end && end <= len && pos <= len);
        if (n) out[n++] = '|';
        assert_true(n + (end - start) + 1 < cap);
        memcpy(out + n, script + start, end - start);
        n += end - start;
        out[n] = 0;
    }
    assert_int_equal(pos, len);
    return out;
}

static void test_statements(void **state)
{
    (void)state;
    static const struct {
        const char *script, *want;
    } cases[] = {
        {"", ""},
        {" ;; \n ", ""},
        {"a;b", "a|b"},
        {"a;\nb;\n", "a|b"},
        {"x = 'a;b'; y", "x = 'a;b'|y"},
        {"x = 'it''s;'; y", "x = 'it''s;'|y"},
        {"x = 'a\\';b'; y", "x = 'a\\';b'|y"},
        {"x = \"a;b\"; y", "x = \"a;b\"|y"},
        {"`a;b` int; y", "`a;b` int|y"},
        {"-- a;b\nc; d", "-- a;b\nc|d"},
        {"# a;b\nc", "# a;b\nc"},
        {"/* a;b */ c; d", "/* a;b */ c|d"},
        {"/*!40101 SET x=1 */;CREATE TABLE t (a int DEFAULT ';')",
         "/*!40101 SET x=1 */|CREATE TABLE t (a int DEFAULT ';')"},
        {"x --1; y", "x --1|y"}, /* "--" without a space is two minus signs */
        {"x = 'unterminated; y", "x = 'unterminated; y"},
        {"/* unterminated; y", "/* unterminated; y"},
    };
    char buf[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = cut(cases[i].script, buf, sizeof buf);
        if (strcmp(got, cases[i].want))
            fail_msg("script %zu %s: got [%s], want [%s]", i, cases[i].script, got, cases[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_statements)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
