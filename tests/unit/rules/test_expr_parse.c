/*
 * test_expr_parse.c - what compiles, what does not, and where it fails.
 *
 * Syntax follows TiDB's parser for `SELECT <expr>`: precedence (checked
 * through results that only one parse gives), literals and comments, and
 * errors with their byte offset. Compile-time decisions: unknown columns
 * (constant FALSE), unknown functions (TiDB's error), functions and
 * constructs binsift does not evaluate (BS_EUNSUPPORTED, naming them),
 * nondeterministic functions, nesting limits. Where a result is given it was
 * checked against MariaDB 10.11 unless a comment says otherwise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_expr_util.h"

static ttable table;

static int setup(void **state)
{
    (void)state;
    static const tcol cols[] = {
        {"c", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
        {"s", BS_TYPE_VARCHAR, 0, 0, 0, 46, 20, NULL},
        {"g", BS_TYPE_VARCHAR, 0, 0, 0, 45, 20, NULL},   /* utf8mb4_general_ci */
        {"u", BS_TYPE_VARCHAR, 0, 0, 0, 224, 20, NULL},  /* utf8mb4_unicode_ci */
        {"m8", BS_TYPE_VARCHAR, 0, 0, 0, 255, 20, NULL}, /* utf8mb4_0900_ai_ci */
        {"geo", BS_TYPE_GEOMETRY, 0, 0, 0, 63, 0, NULL},
        {"select", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
    };
    ttable_init(&table, "t", cols, 7);
    return 0;
}

static bs_value row[7];

static const char *run(const char *expr, char *buf, size_t cap)
{
    row[0] = v_int(5);
    row[1] = v_str("abc");
    row[2] = v_str("ABC");
    row[3] = v_str("abc");
    row[4] = v_str("abc");
    row[5] = v_null();
    row[6] = v_int(9);
    return texpr(&table, expr, row, NULL, buf, cap, NULL);
}

typedef struct pcase {
    const char *expr;
    const char *want;
} pcase;

static void run_table(const pcase *cases, size_t n)
{
    char buf[300];
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        run(cases[i].expr, buf, sizeof buf);
        if (!texpect(buf, cases[i].want)) {
            print_error("%s: got [%s], want [%s]\n", cases[i].expr, buf, cases[i].want);
            bad++;
        }
    }
    if (bad) fail_msg("%d of %zu cases differ", bad, n);
}

static void test_precedence(void **state)
{
    (void)state;
    static const pcase cases[] = {
        {"NOT 1 = 2", "1"}, /* NOT binds looser than = */
        {"!1 = 2", "0"},    /* ! binds tighter */
        {"NOT 0 AND 0", "0"},
        {"1 OR 0 AND 0", "1"},
        {"1 XOR 1 OR 1", "1"},
        {"0 AND 1 XOR 1", "1"},
        {"1 + 2 * 3", "7"},
        {"-2 ^ 2", "18446744073709551612"}, /* (-2) ^ 2: ^ below unary minus */
        {"2 ^ 3 * 2", "2"},                 /* ^ above * */
        {"1 | 2 & 3", "3"},                 /* & above | */
        {"1 + 1 << 1", "4"},                /* + above << */
        {"c BETWEEN 1 AND 10 AND c = 5", "1"},
        {"c = 5 IS TRUE", "1"},
        {"c IS NULL = 0", "1"}, /* (c IS NULL) = 0 */
        {"NOT c IS NULL", "1"},
        {"1 = 1 = 1", "1"},
        {"c - 1 - 1", "3"},
        {"c DIV 2 * 2", "4"},
        {"- - c", "5"},
        {"c IN (1, 5) AND c NOT IN (2)", "1"},
        {"s LIKE 'a%' = 1", "1"},                   /* (s LIKE 'a%') = 1 */
        {"s LIKE 'a' || 'b'", "0"},                 /* || is OR: (s LIKE 'a') OR 'b' */
        {"s LIKE 'a' + 1", "!EINVAL syntax error"}, /* LIKE's pattern is a SimpleExpr */
        {"INTERVAL 1 DAY + DATE '2021-01-01'", "2021-01-02"},
        {"DATE '2021-01-01' - INTERVAL 1 DAY + INTERVAL 2 DAY", "2021-01-02"},
        {"c > 1 && c < 9 || 0", "1"},
        {"c = 5 AND s = 'abc'", "1"},
    };
    run_table(cases, sizeof cases / sizeof cases[0]);
}

static void test_literals_and_comments(void **state)
{
    (void)state;
    static const pcase cases[] = {
        {"'a''b'", "a'b"},
        {"'a\\'b'", "a'b"},
        {"\"dq\"", "dq"}, /* no ANSI_QUOTES: a string */
        {"'a' 'b' \"c\"", "abc"},
        {"'\\%'", "\\%"},
        {"LENGTH('\\n\\t\\0\\Z')", "4"},
        {"N'x'", "x"},
        {"_utf8mb4'x'", "x"},
        {"_binary'x' = 'x'", "1"},
        {"x'4142'", "AB"},
        {"X'41' = 'A'", "1"},
        {"0x41 = 'A'", "1"},
        {"b'01000001' = 'A'", "1"},
        {"0b1 + 0", "1"},
        {".5 + 0", "0.5"},
        {"5. + 0", "5"},
        {"1e2 + 0", "100"},
        {"1E-2 + 0", "0.01"},
        {"TRUE + FALSE", "1"},
        {"`c` + 1", "6"},
        {"`select` + 1", "10"},
        {"c = 5 -- comment", "1"},
        {"c = /* x */ 5", "1"},
        {"c = 5 # comment", "1"},
        {"/*! c = 5 */", "1"},
        {"c = /*!50100 5 */", "1"},
        {"c = 5;", "1"},
        {"c = 5 AS x", "1"}, /* an alias names the field */
        {"c = 5 x", "1"},
        {"1--1", "2"},
        {"CoNcAt('a', 'b')", "ab"},
        {"date '2021-06-22'", "2021-06-22"},
        {"TIMESTAMP '2021-06-22 01:02:03.5'", "2021-06-22 01:02:03.5"},
        {"TIME '-1:02:03'", "-01:02:03"},
        {"DATE '2021-13-01'", "!EINVAL offset 0: Incorrect DATE value"},
        {"TIMESTAMP '2021-06-22 01:02:03+08:00'", "!EUNSUPPORTED"},
        {"123abc", "?123abc"}, /* a name, not a number */
        {"0x1G", "?0x1G"},
    };
    run_table(cases, sizeof cases / sizeof cases[0]);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    static const struct {
        const char *expr;
        uint64_t off;
        const char *what;
    } cases[] = {
        {"c = ", 4, "expected an expression"},
        {"(1 + 2", 6, "expected ')'"},
        {"1 +* 2", 3, "expected an expression"},
        {"'abc", 0, "unterminated string"},
        {"`c", 0, "unterminated quoted identifier"},
        {"c = 5 /* x", 6, "unterminated comment"},
        {"1 1", 2, "expected the end of the expression"},
        {"c IS 5", 2, "expected the end"},
        {"CAST(c AS FOO)", 10, "expected a type"},
        {"CASE c WHEN 1 THEN 2", 20, "expected WHEN, ELSE or END"},
        {"c BETWEEN 1", 11, "expected AND"},
        {"c IN 1", 5, "expected '('"},
        {"x'4'", 0, "odd digit count"},
        {"b'102'", 0, "bad bit literal"},
        {"s LIKE 'a' ESCAPE 1", 18, "expected an escape string"},
        {"DATE_ADD(c, 1)", 12, "expected INTERVAL"},
        {"c + INTERVAL 1 FORTNIGHT", 15, "expected a time unit"},
        {"", 0, "expected an expression"},
        {"c = 1 AND", 9, "expected an expression"},
        {"SELECT 1", 0, "expected an expression"},
        {"c ~ 1", 2, "expected the end"},
        {"c = 1 ) ", 6, "expected the end"},
        {"c = \x01", 4, "unexpected character"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bs_rules_expr *p = NULL;
        bs_error err;
        int rc = bs_rules_expr_compile(cases[i].expr, strlen(cases[i].expr), &table.t, &p, &err);
        if (rc != BS_EINVAL || err.offset != cases[i].off || !strstr(err.message, cases[i].what))
            fail_msg("%s: rc %d offset %llu '%s'", cases[i].expr, rc,
                     (unsigned long long)err.offset, err.message);
        assert_null(p);
        /* DM's task check rejects it too (DM-config-20041) */
        assert_int_equal(bs_rules_expr_check_syntax(cases[i].expr, strlen(cases[i].expr), &err),
                         BS_EINVAL);
        assert_int_equal(err.dm_code, 20041);
    }
}

/* Valid TiDB syntax that binsift does not evaluate: the task check passes,
 * compiling says what is missing. */
static void test_unsupported(void **state)
{
    (void)state;
    static const struct {
        const char *expr;
        int code;
        const char *what;
    } cases[] = {
        {"ELT(1, 'a')", BS_EUNSUPPORTED, "function ELT is not supported"},
        {"c = 1 AND sha1(s) = ''", BS_EUNSUPPORTED, "function sha1"},
        {"RAND() < 0.5", BS_EUNSUPPORTED, "nondeterministic"},
        {"uuid() = s", BS_EUNSUPPORTED, "nondeterministic"},
        {"(c, s) = (1, 'a')", BS_EUNSUPPORTED, "row constructors"},
        {"c MEMBER OF ('[1]')", BS_EUNSUPPORTED, "MEMBER OF"},
        {"c = 1, s", BS_EUNSUPPORTED, "first field"},
        {"c = 1 FROM t", BS_EUNSUPPORTED, "first field"},
        {"m8 = 'a'", BS_EUNSUPPORTED, "utf8mb4_0900_ai_ci"},
        {"geo IS NULL", BS_EUNSUPPORTED, "GEOMETRY"},
        {"CAST(c AS YEAR)", BS_EUNSUPPORTED, "CAST target"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bs_rules_expr *p = NULL;
        bs_error err;
        int rc = bs_rules_expr_compile(cases[i].expr, strlen(cases[i].expr), &table.t, &p, &err);
        if (rc != cases[i].code || !strstr(err.message, cases[i].what))
            fail_msg("%s: rc %d '%s'", cases[i].expr, rc, err.message);
        assert_true(err.offset != BS_NO_OFFSET);
        bs_error e2;
        int syn = bs_rules_expr_check_syntax(cases[i].expr, strlen(cases[i].expr), &e2);
        if (syn) fail_msg("%s: the grammar check says %s", cases[i].expr, e2.message);
    }
    /* the offset names the construct */
    bs_rules_expr *p;
    bs_error err;
    assert_int_equal(bs_rules_expr_compile("c = 1 AND sha1(s) = ''", 22, &table.t, &p, &err),
                     BS_EUNSUPPORTED);
    assert_int_equal(err.offset, 10);
}

/* What TiDB itself refuses when building (DM fails on the first row). */
static void test_tidb_rejects(void **state)
{
    (void)state;
    static const struct {
        const char *expr;
        const char *what;
    } cases[] = {
        {"nosuchfn(c)", "FUNCTION nosuchfn does not exist"},
        {"SUM(c) > 1", "aggregate"},
        {"COUNT(*) > 1", "aggregate"},
        {"c IN (SELECT 1)", "subqueries"},
        {"EXISTS (SELECT 1)", "subqueries"},
        {"@a = 1", "variables"},
        {"c = ?", "parameter markers"},
        {"LENGTH()", "Incorrect parameter count in the call to native function 'length'"},
        {"IF(1, 2)", "Incorrect parameter count"},
        {"g = u", "Illegal mix of collations"},
        {"s COLLATE nosuch = 'a'", "Unknown collation"},
        {"s COLLATE utf8mb4_bin = g COLLATE utf8mb4_general_ci", "Illegal mix"},
        {"s REGEXP '('", "Got error"},
        {"JSON_EXTRACT(s, 'a')", "Invalid JSON path"},
        {"s LIKE 'a' ESCAPE 'ab'", "Incorrect arguments to ESCAPE"},
        {"NOW(7)", "Too-big precision"},
        {"CAST(c AS DECIMAL(66, 2))", "too big precision"},
        {"CAST(c AS DATETIME(7))", "too big precision"},
        {"CAST(c AS DECIMAL(10, 758))", "bad DECIMAL scale"},
        {"CAST(c AS DECIMAL(10, 31))", "bad DECIMAL scale"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bs_rules_expr *p = NULL;
        bs_error err;
        int rc = bs_rules_expr_compile(cases[i].expr, strlen(cases[i].expr), &table.t, &p, &err);
        if (rc != BS_EINVAL || !strstr(err.message, cases[i].what))
            fail_msg("%s: rc %d '%s'", cases[i].expr, rc, err.message);
    }
}

/* Fuzz finding: text that ends inside a number must not be read past its
 * length (tests/data/fuzz-regressions/expr-cast-decimal-scale-unterminated.bin
 * ended at "DECIMAL(10,758"). The text is copied into an exact-size buffer so
 * a sanitizer build sees any overread. */
static void test_unterminated_text(void **state)
{
    (void)state;
    static const char *texts[] = {
        "CAST('0' AS DECIMAL(10,758",
        "CAST('0' AS DECIMAL(10",
        "CAST(c AS CHAR(12",
        "c > 12",
        "c > 1.5e3",
        "c LIKE 'ab",
        "c = x'41",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        size_t n = strlen(texts[i]);
        char *buf = malloc(n);
        assert_non_null(buf);
        memcpy(buf, texts[i], n);
        bs_rules_expr *p = NULL;
        bs_error err;
        int rc = bs_rules_expr_compile(buf, n, &table.t, &p, &err);
        assert_true(rc == 0 || rc == BS_EINVAL);
        if (rc == 0) bs_rules_expr_free(p);
        (void)bs_rules_expr_check_syntax(buf, n, &err);
        free(buf);
    }
}

/* An unknown column: constant FALSE, with the name and where it is. */
static void test_unknown_column(void **state)
{
    (void)state;
    bs_rules_expr *p;
    bs_error err;
    const char *expr = "c > 1 AND nope = 2";
    assert_int_equal(bs_rules_expr_compile(expr, strlen(expr), &table.t, &p, &err), 0);
    bs_rules_expr_info info;
    bs_rules_expr_info_get(p, &info);
    assert_int_equal(info.state, BS_RULES_EXPR_UNKNOWN_COLUMN);
    assert_int_equal(info.unknown_name.len, 4);
    assert_memory_equal(info.unknown_name.ptr, "nope", 4);
    assert_int_equal(info.unknown_offset, 10);
    bs_rules_expr_result r;
    assert_int_equal(bs_rules_expr_eval(p, row, 7, NULL, &r, &err), 0);
    assert_int_equal(r.kind, BS_RULES_EXPR_INT);
    assert_int_equal(r.i, 0);
    assert_int_equal(r.skip, 0);
    bs_rules_expr_free(p);
    /* the first problem in evaluation order wins: an unknown function met
     * before the unknown column is TiDB's error, after it FALSE */
    char buf[200];
    assert_string_equal(run("nosuchfn(c) = nope", buf, sizeof buf),
                        "!EINVAL offset 0: FUNCTION nosuchfn does not exist");
    assert_string_equal(run("nosuchfn(nope)", buf, sizeof buf), "?nope");
    /* names match case-insensitively */
    assert_string_equal(run("C + S", buf, sizeof buf), "5");
}

/* Bounded nesting: deep parentheses, long chains, many terms. */
static void test_limits(void **state)
{
    (void)state;
    char *text = malloc(200000);
    assert_non_null(text);
    bs_rules_expr *p;
    bs_error err;
    /* 150 parentheses */
    size_t n = 0;
    for (int i = 0; i < 150; i++)
        text[n++] = '(';
    text[n++] = '1';
    for (int i = 0; i < 150; i++)
        text[n++] = ')';
    assert_int_equal(bs_rules_expr_compile(text, n, &table.t, &p, &err), BS_ELIMIT);
    /* 50 are fine */
    n = 0;
    for (int i = 0; i < 50; i++)
        text[n++] = '(';
    text[n++] = '1';
    for (int i = 0; i < 50; i++)
        text[n++] = ')';
    assert_int_equal(bs_rules_expr_compile(text, n, &table.t, &p, &err), 0);
    bs_rules_expr_free(p);
    /* 1+1+...: the tree gets too deep */
    n = 0;
    for (int i = 0; i < 1000; i++)
        n += (size_t)sprintf(text + n, "%s1", i ? "+" : "");
    assert_int_equal(bs_rules_expr_compile(text, n, &table.t, &p, &err), BS_ELIMIT);
    /* 300 terms evaluate */
    n = 0;
    for (int i = 0; i < 300; i++)
        n += (size_t)sprintf(text + n, "%sc", i ? "+" : "");
    char buf[100];
    text[n] = 0;
    assert_string_equal(run(text, buf, sizeof buf), "1500");
    /* unary chains */
    memset(text, '-', 1000);
    text[1000] = '1';
    assert_int_equal(bs_rules_expr_compile(text, 1001, &table.t, &p, &err), BS_ELIMIT);
    /* a long IN list is flat */
    n = (size_t)sprintf(text, "c IN (");
    for (int i = 0; i < 3000; i++)
        n += (size_t)sprintf(text + n, "%s%d", i ? "," : "", i);
    text[n++] = ')';
    text[n] = 0;
    assert_string_equal(run(text, buf, sizeof buf), "1");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_precedence),    cmocka_unit_test(test_literals_and_comments),
        cmocka_unit_test(test_syntax_errors), cmocka_unit_test(test_unsupported),
        cmocka_unit_test(test_tidb_rejects),  cmocka_unit_test(test_unknown_column),
        cmocka_unit_test(test_limits),        cmocka_unit_test(test_unterminated_text),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
