/*
 * test_value_decimal.c - the binary DECIMAL decoder against exact expectations.
 *
 * The inputs are built by enc_decimal(), an encoder written from the format
 * definition (MySQL strings/decimal.c, decimal2bin): integer digits in a
 * short leading group then groups of nine, fraction digits in groups of nine
 * then a short trailing group, each group a big-endian integer of
 * dig2bytes[digits] bytes; negative numbers have every byte inverted; the
 * first byte's top bit is then flipped. The encoder itself is checked
 * against the worked example in decimal.c's comment, so a shared
 * misunderstanding cannot make both sides agree. Every precision 1..65 with
 * every scale up to 38 (MySQL allows 30, MariaDB 38) is decoded at its
 * extremes; corrupt digit groups must give BS_ECORRUPT.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "binsift/value.h"

static const unsigned dig2bytes[10] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};

static void put_group(uint8_t **pp, const char *digits, unsigned n)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v = v * 10 + (uint32_t)(digits[i] - '0');
    for (unsigned b = dig2bytes[n]; b > 0; b--)
        *(*pp)++ = (uint8_t)(v >> (8 * (b - 1)));
}

/* Encode "[-]int[.frac]" as DECIMAL(prec, scale); returns the byte count. */
static size_t enc_decimal(const char *text, unsigned prec, unsigned scale, uint8_t *out)
{
    int neg = text[0] == '-';
    text += neg;
    const char *dot = strchr(text, '.');
    size_t ilen = dot ? (size_t)(dot - text) : strlen(text);
    const char *frac = dot ? dot + 1 : "";
    unsigned intg = prec - scale;
    assert_true(ilen <= intg || (ilen == 1 && text[0] == '0'));
    assert_true(strlen(frac) <= scale);
    char digits[96];
    memset(digits, '0', sizeof digits);
    if (ilen <= intg) memcpy(digits + intg - ilen, text, ilen);
    memcpy(digits + intg, frac, strlen(frac));

    uint8_t *p = out;
    const char *d = digits;
    put_group(&p, d, intg % 9);
    d += intg % 9;
    for (unsigned g = 0; g < intg / 9 + scale / 9; g++, d += 9)
        put_group(&p, d, 9);
    put_group(&p, d, scale % 9);
    size_t n = (size_t)(p - out);
    for (size_t i = 0; neg && i < n; i++)
        out[i] ^= 0xff;
    out[0] ^= 0x80;
    return n;
}

/* Decode and compare with the expected text. */
static void check(const char *in, unsigned prec, unsigned scale, const char *expect)
{
    uint8_t bin[48];
    size_t n = enc_decimal(in, prec, scale, bin);
    assert_int_equal(n, bs_value_decimal_size(prec, scale));
    bs_buf out = {0};
    int rc = bs_value_decimal_text(bin, n, prec, scale, &out);
    if (rc || strcmp(out.data, expect))
        fail_msg("DECIMAL(%u,%u) %s: rc %d, got '%s', want '%s'", prec, scale, in, rc,
                 out.data ? out.data : "", expect);
    bs_buf_free(&out);
}

static void check_bytes(const uint8_t *bin, size_t n, unsigned prec, unsigned scale,
                        const char *expect)
{
    bs_buf out = {0};
    assert_int_equal(bs_value_decimal_text(bin, n, prec, scale, &out), 0);
    assert_string_equal(out.data, expect);
    bs_buf_free(&out);
}

static void check_corrupt(const uint8_t *bin, size_t n, unsigned prec, unsigned scale)
{
    bs_buf out = {0};
    assert_int_equal(bs_value_decimal_text(bin, n, prec, scale, &out), BS_ECORRUPT);
    assert_int_equal(out.len, 0); /* nothing half-written */
    bs_buf_free(&out);
}

/* The example in MySQL's decimal.c: 1234567890.1234 as DECIMAL(14,4). */
static void test_mysql_worked_example(void **state)
{
    (void)state;
    static const uint8_t pos[] = {0x81, 0x0D, 0xFB, 0x38, 0xD2, 0x04, 0xD2};
    static const uint8_t neg[] = {0x7E, 0xF2, 0x04, 0xC7, 0x2D, 0xFB, 0x2D};
    check_bytes(pos, sizeof pos, 14, 4, "1234567890.1234");
    check_bytes(neg, sizeof neg, 14, 4, "-1234567890.1234");
    uint8_t mine[16];
    assert_int_equal(enc_decimal("1234567890.1234", 14, 4, mine), sizeof pos);
    assert_memory_equal(mine, pos, sizeof pos);
    assert_int_equal(enc_decimal("-1234567890.1234", 14, 4, mine), sizeof neg);
    assert_memory_equal(mine, neg, sizeof neg);
}

static void test_exact_values(void **state)
{
    (void)state;
    check("0", 1, 0, "0");
    check("7", 1, 0, "7");
    check("-7", 1, 0, "-7");
    check("0.5", 1, 1, "0.5");
    check("-0.5", 1, 1, "-0.5");
    check("250.00", 10, 2, "250.00");
    check("250", 10, 2, "250.00");
    check("-12.34", 4, 2, "-12.34");
    check("999999999", 9, 0, "999999999");
    check("-999999999", 9, 0, "-999999999");
    check("1000000000", 10, 0, "1000000000");
    check("0.000000001", 9, 9, "0.000000001");
    check("0.123456789", 10, 9, "0.123456789");
    check("-0.1", 10, 10, "-0.1000000000");
    check("12345678901234567.1", 18, 1, "12345678901234567.1");
    check("-123456789012345678", 18, 0, "-123456789012345678");
    check("0", 65, 30, "0.000000000000000000000000000000");
    check("1", 65, 30, "1.000000000000000000000000000000");
    check("-1", 65, 0, "-1");
}

/* Whole groups of zeros before, between and after the significant digits. */
static void test_zero_groups(void **state)
{
    (void)state;
    check("5", 30, 0, "5"); /* leading zero groups */
    check("-5", 30, 0, "-5");
    check("1000000000000000000.5", 25, 1, "1000000000000000000.5"); /* a zero middle group */
    check("1000000000000000001", 19, 0, "1000000000000000001");
    check("1.5", 30, 20, "1.50000000000000000000"); /* trailing zero groups */
    check("0.0000000001", 30, 10, "0.0000000001");  /* zero first frac group */
    check("0.000000000000000001", 20, 18, "0.000000000000000001");
    check("-0.000000000000000001", 20, 18, "-0.000000000000000001");
    check("100000000.000000001", 18, 9, "100000000.000000001");
}

/* A negative zero is not something a server writes, but the bytes exist;
 * like mysqlbinlog (bin2decimal + decimal2string) binsift keeps the sign. */
static void test_negative_zero(void **state)
{
    (void)state;
    check("-0.00", 5, 2, "-0.00");
    check("-0", 10, 0, "-0");
    static const uint8_t neg0[] = {0x7f, 0xff, 0xff}; /* DECIMAL(5,2): 2 + 1 bytes */
    check_bytes(neg0, sizeof neg0, 5, 2, "-0.00");
    static const uint8_t pos0[] = {0x80, 0x00, 0x00};
    check_bytes(pos0, sizeof pos0, 5, 2, "0.00");
}

static void repeat(char *dst, char c, unsigned n)
{
    memset(dst, c, n);
    dst[n] = 0;
}

/* "[-]I.F" from integer and fraction digit strings, as the decoder prints. */
static void canonical(char *out, size_t cap, int neg, const char *intd, const char *fracd)
{
    while (intd[0] == '0' && intd[1]) /* strip leading zeros, keep one */
        intd++;
    snprintf(out, cap, "%s%s%s%s", neg ? "-" : "", intd, fracd[0] ? "." : "", fracd);
}

/* Digits 1..9 cycling, starting at seed: every group distinct and nonzero. */
static void pattern(char *dst, unsigned n, unsigned seed)
{
    for (unsigned i = 0; i < n; i++)
        dst[i] = (char)('1' + (seed + i) % 9);
    dst[n] = 0;
}

static void check_parts(unsigned p, unsigned s, int neg, const char *intd, const char *fracd)
{
    char in[200], want[200];
    snprintf(in, sizeof in, "%s%s%s%s", neg ? "-" : "", intd[0] ? intd : "0", s ? "." : "", fracd);
    canonical(want, sizeof want, neg, intd[0] ? intd : "0", fracd);
    check(in, p, s, want);
}

static void test_every_precision_and_scale(void **state)
{
    (void)state;
    char intd[90], fracd[90];
    for (unsigned p = 1; p <= 65; p++) {
        for (unsigned s = 0; s <= p && s <= 38; s++) {
            unsigned intg = p - s;
            for (int neg = 0; neg <= 1; neg++) {
                repeat(intd, '9', intg); /* the maximum */
                repeat(fracd, '9', s);
                check_parts(p, s, neg, intd, fracd);
                pattern(intd, intg, p); /* every digit position distinct */
                pattern(fracd, s, s);
                check_parts(p, s, neg, intd, fracd);
                repeat(intd, '0', intg); /* the smallest step */
                repeat(fracd, '0', s);
                if (s)
                    fracd[s - 1] = '1';
                else
                    intd[intg - 1] = '1';
                check_parts(p, s, neg, intd, fracd);
            }
            repeat(fracd, '0', s); /* zero */
            check_parts(p, s, 0, "", fracd);
        }
    }
}

static void test_corrupt_groups(void **state)
{
    (void)state;
    /* DECIMAL(10,0): a 1-digit leading byte, then a 9-digit group. */
    static const uint8_t lead10[] = {0x80 | 10, 0, 0, 0, 0};
    check_corrupt(lead10, sizeof lead10, 10, 0);
    static const uint8_t full_group[] = {0x80, 0x3b, 0x9a, 0xca, 0x00}; /* 1000000000 */
    check_corrupt(full_group, sizeof full_group, 10, 0);
    static const uint8_t max_ok[] = {0x89, 0x3b, 0x9a, 0xc9, 0xff}; /* 9999999999 */
    check_bytes(max_ok, sizeof max_ok, 10, 0, "9999999999");
    /* DECIMAL(4,2): 1 byte integer part (2 digits), 1 byte fraction (2 digits). */
    static const uint8_t frac100[] = {0x80, 100};
    check_corrupt(frac100, sizeof frac100, 4, 2);
    static const uint8_t int100[] = {0x80 | 100, 0};
    check_corrupt(int100, sizeof int100, 4, 2);
    /* The same corrupt groups in a negative number (bytes inverted). */
    static const uint8_t neg_frac100[] = {0x7f, (uint8_t)~100};
    check_corrupt(neg_frac100, sizeof neg_frac100, 4, 2);
    static const uint8_t neg_full[] = {0x7f, 0xc4, 0x65, 0x35, 0xff}; /* ~1000000000 */
    check_corrupt(neg_full, sizeof neg_full, 10, 0);
    /* DECIMAL(18,9): the whole 9-digit fraction group out of range. */
    uint8_t b[8];
    enc_decimal("1.5", 18, 9, b);
    memcpy(b + 4, (const uint8_t[]){0xff, 0xff, 0xff, 0xff}, 4);
    check_corrupt(b, sizeof b, 18, 9);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    uint8_t b[48] = {0x80};
    check_corrupt(b, 0, 1, 0);         /* no bytes */
    check_corrupt(b, 6, 14, 4);        /* one byte short of 7 */
    check_corrupt(b, sizeof b, 0, 0);  /* precision 0 */
    check_corrupt(b, sizeof b, 5, 6);  /* scale above precision */
    check_corrupt(b, sizeof b, 82, 0); /* beyond the format */
}

static void test_decimal_size(void **state)
{
    (void)state;
    assert_int_equal(bs_value_decimal_size(0, 0), 0);
    assert_int_equal(bs_value_decimal_size(3, 4), 0);
    assert_int_equal(bs_value_decimal_size(82, 0), 0);
    assert_int_equal(bs_value_decimal_size(1, 0), 1);
    assert_int_equal(bs_value_decimal_size(1, 1), 1);
    assert_int_equal(bs_value_decimal_size(2, 0), 1);
    assert_int_equal(bs_value_decimal_size(3, 0), 2);
    assert_int_equal(bs_value_decimal_size(9, 0), 4);
    assert_int_equal(bs_value_decimal_size(10, 0), 5);
    assert_int_equal(bs_value_decimal_size(14, 4), 7);
    assert_int_equal(bs_value_decimal_size(18, 9), 8);
    assert_int_equal(bs_value_decimal_size(19, 9), 9);
    assert_int_equal(bs_value_decimal_size(65, 0), 29);  /* 7 groups + 2 digits */
    assert_int_equal(bs_value_decimal_size(65, 30), 30); /* 35 + 30 digits */
    assert_int_equal(bs_value_decimal_size(65, 38), 29); /* MariaDB: 27 + 38 digits */
    assert_int_equal(bs_value_decimal_size(38, 38), 17);
    assert_int_equal(bs_value_decimal_size(81, 0), 36);
    /* The formula, digit by digit: each digit count maps through dig2bytes. */
    for (unsigned p = 1; p <= 81; p++)
        for (unsigned s = 0; s <= p; s++) {
            unsigned i = p - s;
            size_t want = i / 9 * 4 + dig2bytes[i % 9] + s / 9 * 4 + dig2bytes[s % 9];
            assert_int_equal(bs_value_decimal_size(p, s), want);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mysql_worked_example),
        cmocka_unit_test(test_exact_values),
        cmocka_unit_test(test_zero_groups),
        cmocka_unit_test(test_negative_zero),
        cmocka_unit_test(test_every_precision_and_scale),
        cmocka_unit_test(test_corrupt_groups),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_decimal_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
