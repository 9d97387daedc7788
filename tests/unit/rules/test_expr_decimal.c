/*
 * test_expr_decimal.c - exact DECIMAL arithmetic with MySQL/TiDB's rules.
 *
 * The internal API (expr_decimal.c) is checked against Python's decimal
 * module for exact values and against MySQL's documented digit rules
 * (sum: max scale; product: scale1 + scale2, at most 31 kept; quotient:
 * 9-digit word rounding plus div_precision_increment 4); SQL-level cases
 * marked M were checked against MariaDB 10.11, whose decimal library is the
 * one TiDB's MyDecimal ports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rules/expr_internal.h"
#include "test_expr_util.h"

enum { M, T };

typedef struct ecase {
    const char *expr;
    const char *want;
    int src;
} ecase;

static const ecase sql_cases[] = {
    {"1.10 + 2.205", "3.305", M},
    {"1.10 - 2.205", "-1.105", M},
    {"1.10 * 2.205", "2.42550", M},
    {"123456789012345678901234567890.123 * 1000", "123456789012345678901234567890123.000", M},
    {"0.000001 * 0.000001", "0.000000000001", M},
    {"12345678901234567890123456789012345.5 * 12345678901234567890123456789012345.5",
     "152415787532388367504953515625666808859929984097241283730848956905197.50", M},
    {"1.0 / 3", "0.33333", M},
    {"1.00000 / 3", "0.333333333", M},
    {"10 / 4", "2.5000", M},
    {"10.0 / 4", "2.50000", M},
    {"1 / 3.0000000000", "0.3333", M},
    {"7 / 0.7", "10.0000", M},
    {"-7.5 / 2", "-3.75000", M},
    {"2 / 3 * 3", "2.0000", M},
    {"1 / 6 + 1 / 6", "0.3333", M},
    {"100 / 3 * 3", "100.0000", M},
    {"0.1 + 0.2 = 0.3", "1", M},
    {"0.30000000000000001 = 0.3", "0", M},
    {"CAST(0.5 AS SIGNED)", "1", M},
    {"CAST(-0.5 AS SIGNED)", "-1", M},
    {"CAST(1.5 AS UNSIGNED)", "2", M},
    {"CAST(9999999999999999999.5 AS SIGNED)", "9223372036854775807", M},
    {"ROUND(0.5)", "1", M},
    {"ROUND(-0.5)", "-1", M},
    {"ROUND(1.955, 2)", "1.96", M},
    {"ROUND(1.945, 2)", "1.95", M},
    {"ROUND(12345.6789, -3)", "12000", M},
    {"ROUND(99.99, 1)", "100.0", M},
    {"ROUND(99.95, 1)", "100.0", M},
    {"TRUNCATE(-1.999, 2)", "-1.99", M},
    {"TRUNCATE(12345.6789, -2)", "12300", M},
    {"CEIL(-0.5)", "0", M},
    {"FLOOR(0.5)", "0", M},
    {"CEIL(12345678901234567890.1)", "12345678901234567891", M},
    {"FLOOR(-12345678901234567890.1)", "-12345678901234567891", M},
    {"ABS(-0.00)", "0.00", M},
    {"-0.0", "0.0", M},
    {"0.0 = -0.0", "1", M},
    {"1.5 % 0.4", "0.3", M},
    {"-1.5 % 0.4", "-0.3", M},
    {"12 % 2.5", "2.0", M},
    {"1e1 = 10", "1", M},
    {"10 = 10.0", "1", M},
    {"10.01 > 10.009", "1", M},
    {"'10.5' = 10.5", "1", M},
    {"'10.50' = 10.5", "1", M},
    {"'abc' = 0.0", "1", M},
    {"'1e1' = 10.0", "1", M},
    {"CAST('123.456' AS DECIMAL(10,1))", "123.5", M},
    {"CAST('-0.05' AS DECIMAL(10,1))", "-0.1", M},
    {"CAST(1e20 AS DECIMAL(30,2))", "100000000000000000000.00", M},
    {"CAST(0.1e0 AS DECIMAL(20,20))", "0.10000000000000000000", M},
    {"CAST('99999' AS DECIMAL(3,1))", "99.9", M},
    {"CAST(-99999 AS DECIMAL(3,1))", "-99.9", M},
    {"CAST(1.2345 AS DECIMAL(65,30))", "1.234500000000000000000000000000", M},
    {"5 DIV 0.3", "16", M},
    {"-5 DIV 0.3", "-16", M},
    {"2.9 DIV 1", "2", M},
    {"SIGN(-0.0001)", "-1", M},
    {"1.000 = 1", "1", M},
    {"GREATEST(1.5, 1.50)", "1.50", M},
    {"LEAST(-1.1, -1.10)", "-1.10", M},
    {"IF(1, 1.5, 2.25)", "1.50", M},
    {"COALESCE(NULL, 1.0)", "1.0", M},
    {"1.5 + '1.5'", "3", M},
    {"1.5 + 1e0", "2.5", M},
    {"CONCAT(1.50)", "1.50", M},
    {"0.1 * 3 = 0.3", "1", M},
    {"99999999999999999999999999999999999999999999999999999999999999999 = "
     "99999999999999999999999999999999999999999999999999999999999999999.0",
     "1", M},
    /* T: a DECIMAL becomes text with MyDecimal.ToString(), all the digits it
     * keeps (nine after 1/3), not its display scale */
    {"CONCAT(1/3)", "0.333333333", T},
    {"LENGTH(1/3)", "11", T},
};

static xdec D(const char *s)
{
    xdec d;
    int rc = xdec_from_str(&d, s, strlen(s), NULL);
    if (rc != XDEC_OK) fail_msg("parse %s: %d", s, rc);
    return d;
}

static const char *S(const xdec *d, char *buf)
{
    xdec_to_str(d, buf);
    return buf;
}

static void test_parse_and_print(void **state)
{
    (void)state;
    struct {
        const char *in, *out;
        int rc, intg, frac;
    } cases[] = {
        {"0", "0", XDEC_OK, 0, 0},
        {"-0.00", "0.00", XDEC_OK, 0, 2},
        {"  +12.50", "12.50", XDEC_OK, 2, 2},
        {"1e3", "1000", XDEC_OK, 4, 0},
        {"1.50e1", "15", XDEC_OK, 2, 0}, /* a shift keeps the significant digits */
        {"1.5e-3", "0.0015", XDEC_OK, 0, 4},
        {"123abc", "123", XDEC_TRUNCATED, 3, 0},
        {"12.5 ", "12.5", XDEC_OK, 2, 1},
        {"1e", "1", XDEC_TRUNCATED, 1, 0},
        {"abc", "0", XDEC_BAD, 0, 0},
        {".5", "0.5", XDEC_OK, 0, 1},
        {"5.", "5", XDEC_OK, 1, 0},
        {"123456789012345678901234567890123456789012345678901234567890123456789012345678901",
         "123456789012345678901234567890123456789012345678901234567890123456789012345678901",
         XDEC_OK, 81, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        xdec d;
        char buf[XDEC_TEXT_MAX];
        int rc = xdec_from_str(&d, cases[i].in, strlen(cases[i].in), NULL);
        if (rc != cases[i].rc || strcmp(S(&d, buf), cases[i].out) || d.intg != cases[i].intg ||
            d.frac != cases[i].frac)
            fail_msg("%s: rc %d -> %s (intg %d frac %d)", cases[i].in, rc, buf, d.intg, d.frac);
    }
    /* more than 81 integer digits overflow */
    char big[100];
    memset(big, '9', 90);
    xdec d;
    assert_int_equal(xdec_from_str(&d, big, 90, NULL), XDEC_OVERFLOW);
}

static void test_arithmetic(void **state)
{
    (void)state;
    char buf[XDEC_TEXT_MAX];
    xdec r;
    /* exact results (Python's decimal) with MySQL's scales */
    xdec a = D("12345678901234567890.123456789"), b = D("-98765.4321");
    assert_int_equal(xdec_mul(&a, &b, &r), XDEC_OK);
    assert_string_equal(S(&r, buf), "-1219326311248285321124828.5321112635269");
    assert_int_equal(xdec_add(&a, &b, &r), XDEC_OK);
    assert_string_equal(S(&r, buf), "12345678901234469124.691356789");
    assert_int_equal(xdec_mod(&a, &b, &r), XDEC_OK);
    assert_string_equal(S(&r, buf), "49372.995756789");
    /* division: 1/3 keeps 9 fraction digits (one word), shows 4 */
    xdec one = D("1"), three = D("3");
    assert_int_equal(xdec_div(&one, &three, &r, 4), XDEC_OK);
    assert_string_equal(S(&r, buf), "0.333333333");
    assert_int_equal(r.rfrac, 4);
    xdec_to_display(&r, buf);
    assert_string_equal(buf, "0.3333");
    /* 1.00/3.0: ceil9(2) + ceil9(1), the increment already covered: 18 digits */
    xdec a2 = D("1.00"), b2 = D("3.0");
    assert_int_equal(xdec_div(&a2, &b2, &r, 4), XDEC_OK);
    assert_int_equal(r.frac, 18);
    assert_int_equal(r.rfrac, 6);
    /* division by zero */
    xdec z = D("0.0");
    assert_int_equal(xdec_div(&one, &z, &r, 4), XDEC_DIV0);
    assert_int_equal(xdec_mod(&one, &z, &r), XDEC_DIV0);
    /* 0.0 / x: zero with the result's display scale (1 + 4) as digits */
    assert_int_equal(xdec_div(&z, &three, &r, 4), XDEC_OK);
    assert_string_equal(S(&r, buf), "0.00000");
    /* products beyond nine words: MySQL drops operand fraction words */
    xdec p = D("12345678901234567890123456789012345.5");
    assert_int_equal(xdec_mul(&p, &p, &r), XDEC_TRUNCATED);
    assert_string_equal(S(&r, buf),
                        "152415787532388367504953515625666808859929984097241283730848956905197.50");
    /* an integer part past 81 digits overflows */
    xdec huge = D("999999999999999999999999999999999999999999999999999");
    assert_int_equal(xdec_mul(&huge, &huge, &r), XDEC_OVERFLOW);
}

static void test_round_and_convert(void **state)
{
    (void)state;
    char buf[XDEC_TEXT_MAX];
    xdec r, d = D("-12.345");
    assert_int_equal(xdec_round(&d, &r, 2, XROUND_HALF_UP), XDEC_OK);
    assert_string_equal(S(&r, buf), "-12.35");
    assert_int_equal(xdec_round(&d, &r, -1, XROUND_HALF_UP), XDEC_OK);
    assert_string_equal(S(&r, buf), "-10");
    assert_int_equal(xdec_round(&d, &r, 5, XROUND_HALF_UP), XDEC_OK);
    assert_string_equal(S(&r, buf), "-12.34500");
    assert_int_equal(xdec_round(&d, &r, 1, XROUND_TRUNCATE), XDEC_OK);
    assert_string_equal(S(&r, buf), "-12.3");
    assert_int_equal(xdec_round(&d, &r, 0, XROUND_CEIL), XDEC_OK);
    assert_string_equal(S(&r, buf), "-12");
    assert_int_equal(xdec_round(&d, &r, 0, XROUND_FLOOR), XDEC_OK);
    assert_string_equal(S(&r, buf), "-13");
    int64_t i;
    assert_int_equal(xdec_to_i64(&d, &i), XDEC_TRUNCATED);
    assert_int_equal(i, -12);
    uint64_t u;
    assert_int_equal(xdec_to_u64(&d, &u), XDEC_OVERFLOW);
    xdec big = D("9223372036854775808");
    assert_int_equal(xdec_to_i64(&big, &i), XDEC_OVERFLOW);
    assert_true(i == INT64_MAX);
    assert_int_equal(xdec_to_u64(&big, &u), XDEC_OK);
    assert_true(u == 9223372036854775808u);
    /* doubles go through their shortest text, as TiDB's FromFloat64 */
    assert_int_equal(xdec_from_double(&r, 0.1), XDEC_OK);
    assert_string_equal(S(&r, buf), "0.1");
    assert_int_equal(xdec_from_double(&r, 1e20), XDEC_OK);
    assert_string_equal(S(&r, buf), "100000000000000000000");
    assert_int_equal(xdec_from_double(&r, -1.5e-7), XDEC_OK);
    assert_string_equal(S(&r, buf), "-0.00000015");
    assert_true(xdec_to_double(&d) == -12.345);
    /* comparison ignores trailing zeros and the sign of zero */
    xdec x = D("10.10"), y = D("10.1"), nz = D("-0.000"), pz = D("0");
    assert_int_equal(xdec_cmp(&x, &y), 0);
    assert_int_equal(xdec_cmp(&nz, &pz), 0);
    assert_int_equal(xdec_cmp(&d, &pz), -1);
}

static void test_binary_format(void **state)
{
    (void)state;
    /* MySQL's binary DECIMAL(10,4) of -1234.5678: six integer digits in 3
     * bytes (0x0004D2), four fraction digits in 2 (0x162E), the sign bit
     * flipped and, negative, every byte inverted */
    uint8_t bin[40];
    xdec d = D("-1234.5678"), back;
    assert_int_equal(xdec_to_bin(&d, 10, 4, bin, sizeof bin), XDEC_OK);
    const uint8_t want[] = {0x7F, 0xFB, 0x2D, 0xE9, 0xD1};
    assert_memory_equal(bin, want, 5);
    assert_int_equal(xdec_from_bin(&back, bin, 5, 10, 4), XDEC_OK);
    char buf[XDEC_TEXT_MAX];
    assert_string_equal(S(&back, buf), "-1234.5678");
    /* a group value past its digits is rejected */
    const uint8_t bad[] = {0x80, 0x00, 0x0A, 0x99};
    assert_int_equal(xdec_from_bin(&back, bad, 4, 7, 2), XDEC_BAD);
    /* a value that does not fit the precision */
    xdec big = D("123456");
    assert_int_equal(xdec_to_bin(&big, 5, 0, bin, sizeof bin), XDEC_OVERFLOW);
}

static void test_sql(void **state)
{
    (void)state;
    char buf[400];
    int bad = 0;
    for (size_t i = 0; i < sizeof sql_cases / sizeof sql_cases[0]; i++) {
        texpr(NULL, sql_cases[i].expr, NULL, NULL, buf, sizeof buf, NULL);
        if (!texpect(buf, sql_cases[i].want)) {
            print_error("%s: got [%s], want [%s]\n", sql_cases[i].expr, buf, sql_cases[i].want);
            bad++;
        }
    }
    if (bad) fail_msg("%d cases differ", bad);
    /* a DECIMAL column keeps its scale; arithmetic follows it */
    tcol cols[] = {{"d", BS_TYPE_NEWDECIMAL, 0, 7, 2, 0, 0, NULL}};
    ttable tt;
    ttable_init(&tt, "t", cols, 1);
    const uint8_t v[] = {0x80, 0x00, 0x0A, 0x01}; /* 10.01 */
    bs_value row[] = {v_bytes(v, 4, BS_VALUE_DECIMAL)};
    row[0].precision = 7;
    row[0].fsp = 2;
    assert_string_equal(texpr(&tt, "d", row, NULL, buf, sizeof buf, NULL), "10.01");
    assert_string_equal(texpr(&tt, "d * 3", row, NULL, buf, sizeof buf, NULL), "30.03");
    assert_string_equal(texpr(&tt, "d / 3", row, NULL, buf, sizeof buf, NULL), "3.336667");
    assert_string_equal(texpr(&tt, "d = '10.01'", row, NULL, buf, sizeof buf, NULL), "1");
    assert_string_equal(texpr(&tt, "d = 10.010", row, NULL, buf, sizeof buf, NULL), "1");
    assert_string_equal(texpr(&tt, "d > 10.0099999999", row, NULL, buf, sizeof buf, NULL), "1");
    /* a corrupt binary value is an error, not a guess */
    const uint8_t junk[] = {0x80, 0x00, 0x0A, 0xFF};
    bs_value jrow[] = {v_bytes(junk, 4, BS_VALUE_DECIMAL)};
    jrow[0].precision = 7;
    jrow[0].fsp = 2;
    assert_string_equal(texpr(&tt, "d", jrow, NULL, buf, sizeof buf, NULL),
                        "!ECORRUPT column d: bad binary DECIMAL");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_and_print),
        cmocka_unit_test(test_arithmetic),
        cmocka_unit_test(test_round_and_convert),
        cmocka_unit_test(test_binary_format),
        cmocka_unit_test(test_sql),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
