/*
 * test_matchers.c - DM's name matching primitives (dm-rules.md §2): the
 * wildcard trie and its visiting order, single wildcards, the rune-start
 * quirk of DM's trie walk, and Go/RE2 regular expressions on PCRE2.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rules/rules_internal.h"

/* ---- trie ---- */

typedef struct seen {
    const char *names[32];
    size_t n;
} seen;

static int collect(void *rule, void *ctx)
{
    seen *s = ctx;
    if (s->n < 32) s->names[s->n++] = rule;
    return 0;
}

static void expect_order(bs_trie *t, const char *schema, const char *table, const char *want)
{
    seen s = {0};
    bs_trie_match(t, schema, strlen(schema), table, strlen(table), collect, &s);
    char got[512] = "";
    for (size_t i = 0; i < s.n; i++) {
        if (i) strcat(got, " ");
        strcat(got, s.names[i]);
    }
    assert_string_equal(got, want);
}

static void insert(bs_trie *t, const char *schema, const char *table, const char *name)
{
    bs_error err;
    int rc = bs_trie_insert(t, schema, table, (void *)name, &err);
    if (rc) fail_msg("insert %s.%s: %s", schema, table, err.message);
}

/* dm-rules §2.1: at each prefix the '*' pattern, then '?' and '[..]'
 * branches, then the literal; at the end the exact pattern, then its '*'. */
static void test_trie_order(void **state)
{
    (void)state;
    bs_trie *t;
    assert_int_equal(bs_trie_new(&t), 0);
    const char *tables[] = {"test_1*", "test_1", "test_*",     "t*", "*",
                            "te*",     "test_?", "test_[0-9]", "x*"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        insert(t, "db", tables[i], tables[i]);
    expect_order(t, "db", "test_1", "* t* te* test_* test_? test_[0-9] test_1 test_1*");
    expect_order(t, "db", "test_12", "* t* te* test_* test_1*");
    expect_order(t, "db", "", "*"); /* schema-only lookups: only table pattern "*" */
    bs_trie_free(t);
}

static void test_trie_schema_rules_first(void **state)
{
    (void)state;
    bs_trie *t;
    assert_int_equal(bs_trie_new(&t), 0);
    insert(t, "d*", "t1", "d*.t1");
    insert(t, "db", "t*", "db.t*");
    insert(t, "db", "", "db");
    insert(t, "d*", "", "d*");
    /* schema-level rules (walk order), then table rules per schema entry */
    expect_order(t, "db", "t1", "d* db d*.t1 db.t*");
    expect_order(t, "db", "", "d* db");
    bs_trie_free(t);
}

static void test_trie_duplicates_and_invalid(void **state)
{
    (void)state;
    bs_trie *t;
    bs_error err;
    assert_int_equal(bs_trie_new(&t), 0);
    insert(t, "db", "t", "a");
    assert_int_equal(bs_trie_insert(t, "db", "t", "b", &err), BS_EEXIST);
    insert(t, "db", "", "db"); /* a schema rule on the same schema pattern is fine */
    assert_int_equal(bs_trie_insert(t, "d*b", "t", "c", &err), BS_EINVAL);
    assert_non_null(strstr(err.message, "not valid"));
    assert_int_equal(bs_trie_insert(t, "", "t", "d", &err), BS_EINVAL);
    /* TiDB compares classes by range coverage: [a-c] and [abc] differ */
    insert(t, "db", "[a-c]", "[a-c]");
    insert(t, "db", "[abc]", "[abc]");
    expect_order(t, "db", "b", "db [a-c] [abc]");
    bs_trie_free(t);
}

/* ---- single wildcards ---- */

static bool wc(const char *pattern, const char *name)
{
    bs_wildcard w;
    bs_error err;
    if (bs_wc_compile(pattern, &w, &err)) fail_msg("compile %s: %s", pattern, err.message);
    bool m = bs_wc_match(&w, name, strlen(name));
    bs_wc_free(&w);
    return m;
}

static void test_wildcards(void **state)
{
    (void)state;
    assert_true(wc("doc*", "doc"));
    assert_true(wc("doc*", "document"));
    assert_false(wc("doc*", "dodo"));
    assert_true(wc("t?", "t1"));
    assert_false(wc("t?", "t"));
    assert_false(wc("t?", "t12"));
    assert_true(wc("t[0-9]", "t5"));
    assert_false(wc("t[0-9]", "tx"));
    assert_true(wc("t[!0-9]", "tx"));
    assert_false(wc("t[!0-9]", "t5"));
    assert_true(wc("t[!]", "t!")); /* "[!]" is a literal '!' */
    assert_true(wc("t[a-]", "t-"));
    assert_true(wc("t[", "t[")); /* no closing ']': literal '[' */
    assert_false(wc("t[]", "t]"));
    assert_true(wc("*", ""));
    assert_false(wc("t*", ""));
    assert_true(wc("[abcdefghijklmnopqrstuvwxyz0123456789_]x", "_x")); /* long class */
}

/* DM's trie walks names with Go's `for i := range s` (rune starts): after a
 * literal byte of a multi-byte character, its continuation bytes are
 * skipped. So in DM the literal pattern "é" never matches "é", but "\xc3"
 * (its first byte) does; '?' consumes exactly one byte. */
static void test_wildcard_rune_walk_quirk(void **state)
{
    (void)state;
    assert_false(wc("\xc3\xa9", "\xc3\xa9"));
    assert_true(wc("\xc3", "\xc3\xa9"));
    assert_true(wc("\xc3*", "\xc3\xa9x"));
    assert_true(wc("??", "\xc3\xa9"));
    assert_false(wc("?", "\xc3\xa9"));
    assert_true(wc("a\xc3", "a\xc3\xa9"));
    /* invalid UTF-8 counts as one-byte runes */
    assert_true(wc("\xff\xfe", "\xff\xfe"));
    /* the trie agrees with single patterns */
    bs_trie *t;
    assert_int_equal(bs_trie_new(&t), 0);
    insert(t, "db", "\xc3\xa9", "e-acute");
    insert(t, "db", "\xc3", "c3");
    expect_order(t, "db", "\xc3\xa9", "c3");
    bs_trie_free(t);
}

/* ---- regular expressions ---- */

static bool re(const char *pattern, bool caseless, const char *s)
{
    bs_regex *r;
    bs_error err;
    if (bs_regex_compile(pattern, caseless, &r, &err))
        fail_msg("compile %s: %s", pattern, err.message);
    bool m = bs_regex_search(r, s, strlen(s));
    bs_regex_free(r);
    return m;
}

static void expect_rejected(const char *pattern, const char *what)
{
    bs_regex *r = NULL;
    bs_error err;
    int rc = bs_regex_compile(pattern, false, &r, &err);
    if (rc == 0) {
        bs_regex_free(r);
        fail_msg("%s should be rejected (%s)", pattern, what);
    }
    assert_int_equal(rc, BS_EINVAL);
    if (!strstr(err.message, what))
        fail_msg("%s: message '%s' lacks '%s'", pattern, err.message, what);
}

static void test_regex_go_semantics(void **state)
{
    (void)state;
    assert_true(re("^t", false, "table"));
    assert_true(re("t", false, "xtx")); /* unanchored, like MatchString */
    assert_false(re("^t", false, "xt"));
    assert_false(re("a$", false, "a\n")); /* Go's $ is end of text */
    assert_true(re("(?i)abc", false, "xABCx"));
    assert_true(re("abc", true, "ABC"));
    assert_true(re("(?P<x>a)b", false, "ab"));
    assert_true(re("[[:alpha:]]+_\\d", false, "shop_1"));
    assert_true(re("a{2,1000}", false, "aa"));
    assert_true(re("\\12", false, "\n"));   /* Go: octal */
    assert_true(re("\\v", false, "\x0b"));  /* Go: the VT character */
    assert_false(re("\\s", false, "\x0b")); /* Go's \s has no VT */
    assert_true(re("\\Qa.b\\E", false, "a.b"));
    assert_false(re("\\Qa.b\\E", false, "axb"));
    assert_true(re("a{,5}", false, "a{,5}")); /* not a repeat in Go */
    assert_true(re("a*?b", false, "aab"));
    assert_true(re("^[\\s\\S]+$", false, "a b\x0b")); /* Go's [\s\S]: any character */
    assert_false(re("^[^\\S]+$", false, "\x0b"));     /* VT is not Go white space */
}

static void test_regex_rejects_non_re2(void **state)
{
    (void)state;
    expect_rejected("(?=a)", "lookahead");
    expect_rejected("a(?!b)", "lookahead");
    expect_rejected("(?<=a)b", "lookbehind");
    expect_rejected("(?>a)", "atomic group");
    expect_rejected("(a)\\1", "backreference");
    expect_rejected("a++", "possessive");
    expect_rejected("a**", "nested repetition");
    expect_rejected("(?x)a b", "x flag");
    expect_rejected("a{1001}", "over 1000");
    expect_rejected("\\Ka", "escape");
    expect_rejected("a\\Z", "escape");
    expect_rejected("(*UTF)a", "VERB");
    expect_rejected("(?(1)a|b)", "conditional");
    expect_rejected("a\\", "trailing backslash");
}

static void test_regex_captures(void **state)
{
    (void)state;
    bs_regex *r;
    bs_error err;
    char buf[64];
    assert_int_equal(bs_regex_compile("(.*)_(\\d+)", false, &r, &err), 0);
    bs_regex_captures(r, "mysql_01", 8, buf, sizeof buf);
    assert_string_equal(buf, "mysql01"); /* every group, concatenated */
    bs_regex_captures(r, "nomatch", 7, buf, sizeof buf);
    assert_string_equal(buf, "");
    assert_int_equal(bs_regex_groups(r), 2);
    bs_regex_free(r);
    assert_int_equal(bs_regex_compile("t_(x)?(.*)", false, &r, &err), 0);
    bs_regex_captures(r, "t_2", 3, buf, sizeof buf); /* unset group: "" */
    assert_string_equal(buf, "2");
    bs_regex_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trie_order),
        cmocka_unit_test(test_trie_schema_rules_first),
        cmocka_unit_test(test_trie_duplicates_and_invalid),
        cmocka_unit_test(test_wildcards),
        cmocka_unit_test(test_wildcard_rune_walk_quirk),
        cmocka_unit_test(test_regex_go_semantics),
        cmocka_unit_test(test_regex_rejects_non_re2),
        cmocka_unit_test(test_regex_captures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
