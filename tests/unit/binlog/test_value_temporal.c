/*
 * test_value_temporal.c - TIME2/DATETIME2/TIMESTAMP2, the pre-5.6.4 TIME,
 * DATETIME and DATE forms, and their text.
 *
 * Inputs come from encoders written from the format definition (MySQL
 * mysys/my_time.cc, my_*_packed_to_binary): a value is first "packed" as
 * (integer part << 24) + microseconds, negated as a whole for a negative
 * TIME; the integer part (floor of packed / 2^24) plus an offset is stored
 * big-endian, then the fraction: 1 byte of hundredths for fsp 1-2, 2 bytes of
 * 1/10000 s for fsp 3-4 (both as the C remainder of the packed value, so
 * negative times store a two's-complement fraction), or, for TIME2 with fsp
 * 5-6, the whole packed value plus an offset in 6 bytes. A few literal byte
 * strings pin the encoders to values MySQL documents. Every fsp 0..6 is
 * decoded and printed, including negative fractions and the range limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "binsift/value.h"

#define FRAC_UNIT (1LL << 24)

static void put_be(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

/* floor(packed / 2^24) and the C remainder, as MY_PACKED_TIME_GET_*_PART. */
static int64_t int_part(int64_t packed)
{
    return packed >= 0 ? packed / FRAC_UNIT : -((-packed + FRAC_UNIT - 1) / FRAC_UNIT);
}

/* Store the fraction of packed for fsp 1-4 (DATETIME2/TIMESTAMP2 too). */
static void put_frac(uint8_t *p, int64_t frac_us, unsigned fsp)
{
    if (fsp == 1 || fsp == 2) p[0] = (uint8_t)(int8_t)(frac_us / 10000);
    if (fsp == 3 || fsp == 4) put_be(p, (uint16_t)(frac_us / 100), 2);
    if (fsp == 5 || fsp == 6) put_be(p, (uint32_t)frac_us, 3);
}

/* TIME2: [-]h:m:s.us with fsp digits. */
static void enc_time2(uint8_t *p, int neg, unsigned h, unsigned m, unsigned s, uint32_t us,
                      unsigned fsp)
{
    int64_t packed = ((int64_t)(h << 12 | m << 6 | s) << 24) + us;
    if (neg) packed = -packed;
    if (fsp >= 5) {
        put_be(p, (uint64_t)(packed + 0x800000000000LL), 6);
        return;
    }
    put_be(p, (uint64_t)(int_part(packed) + 0x800000), 3);
    put_frac(p + 3, packed % FRAC_UNIT, fsp);
}

static void enc_datetime2(uint8_t *p, unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi,
                          unsigned s, uint32_t us, unsigned fsp)
{
    uint64_t ymd = ((uint64_t)(y * 13 + mo) << 5) | d, hms = h << 12 | mi << 6 | s;
    put_be(p, (ymd << 17 | hms) + 0x8000000000ULL, 5);
    put_frac(p + 5, us, fsp);
}

static void enc_timestamp2(uint8_t *p, uint32_t sec, uint32_t us, unsigned fsp)
{
    put_be(p, sec, 4);
    put_frac(p + 4, us, fsp);
}

/* The printed text of a temporal value. */
static void text_is(const bs_value *v, const char *want)
{
    bs_buf out = {0};
    assert_int_equal(bs_value_temporal_text(v, &out), 0);
    assert_string_equal(out.data, want);
    bs_buf_free(&out);
}

/* Microseconds kept by fsp digits: what the server stores after rounding. */
static uint32_t keep_digits(uint32_t us, unsigned fsp)
{
    static const uint32_t unit[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    return us / unit[fsp] * unit[fsp];
}

/* "hh:mm:ss" plus ".ffffff" cut to fsp digits. */
static void hms_text(char *out, size_t cap, const char *sign, unsigned h, unsigned m, unsigned s,
                     uint32_t us, unsigned fsp)
{
    char frac[8];
    snprintf(frac, sizeof frac, ".%06u", us);
    frac[fsp ? fsp + 1 : 0] = 0;
    snprintf(out, cap, "%s%02u:%02u:%02u%s", sign, h, m, s, frac);
}

static void check_time2(int neg, unsigned h, unsigned m, unsigned s, uint32_t us)
{
    for (unsigned fsp = 0; fsp <= 6; fsp++) {
        uint32_t kept = keep_digits(us, fsp);
        uint8_t b[6];
        enc_time2(b, neg, h, m, s, kept, fsp);
        bs_value v = {.kind = BS_VALUE_TIME, .fsp = (uint8_t)fsp};
        assert_int_equal(bs_value_time2(b, fsp, &v.v.t), 0);
        int is_neg = neg && (h || m || s || kept);
        if (v.v.t.neg != is_neg || v.v.t.hour != h || v.v.t.minute != m || v.v.t.second != s ||
            v.v.t.usec != kept)
            fail_msg("TIME2(%u) %s%u:%u:%u.%06u decoded as %s%u:%u:%u.%06u", fsp, neg ? "-" : "", h,
                     m, s, kept, v.v.t.neg ? "-" : "", v.v.t.hour, v.v.t.minute, v.v.t.second,
                     v.v.t.usec);
        char want[40];
        hms_text(want, sizeof want, is_neg ? "-" : "", h, m, s, kept, fsp);
        text_is(&v, want);
    }
}

static void test_time2_every_fsp(void **state)
{
    (void)state;
    check_time2(0, 0, 0, 0, 0);
    check_time2(0, 12, 34, 56, 789012);
    check_time2(0, 838, 59, 59, 999999);
    check_time2(0, 838, 59, 59, 0);
    check_time2(1, 838, 59, 59, 0);
    check_time2(1, 838, 59, 59, 999999);
    check_time2(1, 0, 0, 0, 500000); /* -00:00:00.5 */
    check_time2(1, 0, 0, 1, 10000);  /* -00:00:01.01 */
    check_time2(1, 0, 0, 1, 100000); /* -00:00:01.10 */
    check_time2(1, 0, 0, 0, 1);      /* -00:00:00.000001 */
    check_time2(1, 0, 0, 1, 0);
    check_time2(1, 1, 0, 0, 999999);
    check_time2(1, 23, 59, 59, 990000);
    check_time2(0, 100, 0, 0, 123400);
}

/* The table of negative TIME(2) encodings in MySQL's my_time.cc. */
static void test_time2_documented_bytes(void **state)
{
    (void)state;
    static const struct {
        uint8_t b[4];
        const char *text;
    } cases[] = {
        {{0x80, 0x00, 0x00, 0x00}, "00:00:00.00"},  {{0x7f, 0xff, 0xff, 0xff}, "-00:00:00.01"},
        {{0x7f, 0xff, 0xff, 0x9d}, "-00:00:00.99"}, {{0x7f, 0xff, 0xff, 0x00}, "-00:00:01.00"},
        {{0x7f, 0xff, 0xfe, 0xff}, "-00:00:01.01"}, {{0x7f, 0xff, 0xfe, 0xf6}, "-00:00:01.10"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bs_value v = {.kind = BS_VALUE_TIME, .fsp = 2};
        assert_int_equal(bs_value_time2(cases[i].b, 2, &v.v.t), 0);
        text_is(&v, cases[i].text);
        uint8_t mine[4];
        int neg = cases[i].text[0] == '-';
        enc_time2(mine, neg, 0, 0, v.v.t.second, v.v.t.usec, 2);
        assert_memory_equal(mine, cases[i].b, 4);
    }
}

static void test_time2_corrupt(void **state)
{
    (void)state;
    bs_temporal t;
    uint8_t b[6];
    put_be(b, 0x800000 | 60 << 6, 3); /* minute 60 */
    assert_int_equal(bs_value_time2(b, 0, &t), BS_ECORRUPT);
    put_be(b, 0x800000 | 60, 3); /* second 60 */
    assert_int_equal(bs_value_time2(b, 0, &t), BS_ECORRUPT);
    put_be(b, 0x800000, 3);
    b[3] = 100; /* 100 hundredths */
    assert_int_equal(bs_value_time2(b, 2, &t), BS_ECORRUPT);
    put_be(b + 3, 10000, 2); /* 10000 ten-thousandths */
    assert_int_equal(bs_value_time2(b, 4, &t), BS_ECORRUPT);
    put_be(b, 0x800000000000ULL + 1000000, 6); /* a million microseconds */
    assert_int_equal(bs_value_time2(b, 6, &t), BS_ECORRUPT);
    assert_int_equal(bs_value_time2(b, 7, &t), BS_ECORRUPT);
}

static void check_datetime2(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi,
                            unsigned s, uint32_t us)
{
    for (unsigned fsp = 0; fsp <= 6; fsp++) {
        uint32_t kept = keep_digits(us, fsp);
        uint8_t b[8];
        enc_datetime2(b, y, mo, d, h, mi, s, kept, fsp);
        bs_value v = {.kind = BS_VALUE_DATETIME, .fsp = (uint8_t)fsp};
        assert_int_equal(bs_value_datetime2(b, fsp, &v.v.t), 0);
        const bs_temporal *t = &v.v.t;
        assert_true(t->year == y && t->month == mo && t->day == d && t->hour == h &&
                    t->minute == mi && t->second == s && t->usec == kept && !t->neg);
        char want[48], hms[32];
        hms_text(hms, sizeof hms, "", h, mi, s, kept, fsp);
        snprintf(want, sizeof want, "%04u-%02u-%02u %s", y, mo, d, hms);
        text_is(&v, want);
    }
}

static void test_datetime2_every_fsp(void **state)
{
    (void)state;
    check_datetime2(2024, 2, 29, 12, 0, 0, 123456);
    check_datetime2(9999, 12, 31, 23, 59, 59, 999999); /* the maximum */
    check_datetime2(1000, 1, 1, 0, 0, 0, 0);           /* the documented minimum */
    check_datetime2(0, 0, 0, 0, 0, 0, 0);              /* '0000-00-00 00:00:00' */
    check_datetime2(2024, 0, 10, 0, 0, 0, 0);          /* partial: month 0 */
    check_datetime2(2024, 2, 0, 1, 2, 3, 0);           /* partial: day 0 */
    check_datetime2(0, 1, 1, 0, 0, 0, 500000);
    check_datetime2(1970, 1, 1, 0, 0, 1, 1);
}

/* DATETIME(0) '2024-02-29 12:00:00', by hand: 2024 * 13 + 2 = 0x66CA;
 * 0x66CA << 22 = 0x19B2800000, day 29 << 17 = 0x3A0000, hour 12 << 12 =
 * 0xC000; plus the 2^39 offset: 0x99B2BAC000. */
static void test_datetime2_documented_bytes(void **state)
{
    (void)state;
    static const uint8_t b[] = {0x99, 0xb2, 0xba, 0xc0, 0x00};
    bs_value v = {.kind = BS_VALUE_DATETIME};
    assert_int_equal(bs_value_datetime2(b, 0, &v.v.t), 0);
    text_is(&v, "2024-02-29 12:00:00");
    uint8_t mine[5];
    enc_datetime2(mine, 2024, 2, 29, 12, 0, 0, 0, 0);
    assert_memory_equal(mine, b, 5);
}

static void test_datetime2_corrupt(void **state)
{
    (void)state;
    bs_temporal t;
    uint8_t b[8];
    enc_datetime2(b, 2024, 1, 1, 24, 0, 0, 0, 0); /* hour 24 */
    assert_int_equal(bs_value_datetime2(b, 0, &t), BS_ECORRUPT);
    enc_datetime2(b, 2024, 1, 1, 0, 60, 0, 0, 0);
    assert_int_equal(bs_value_datetime2(b, 0, &t), BS_ECORRUPT);
    enc_datetime2(b, 10000, 1, 1, 0, 0, 0, 0, 0); /* year 10000 */
    assert_int_equal(bs_value_datetime2(b, 0, &t), BS_ECORRUPT);
    put_be(b, 0x7fffffffffULL, 5); /* below the offset: negative */
    assert_int_equal(bs_value_datetime2(b, 0, &t), BS_ECORRUPT);
    enc_datetime2(b, 2024, 1, 1, 0, 0, 0, 0, 6);
    put_be(b + 5, 1000000, 3);
    assert_int_equal(bs_value_datetime2(b, 6, &t), BS_ECORRUPT);
    enc_datetime2(b, 2024, 1, 1, 0, 0, 0, 0, 2);
    b[5] = 100;
    assert_int_equal(bs_value_datetime2(b, 2, &t), BS_ECORRUPT);
    assert_int_equal(bs_value_datetime2(b, 7, &t), BS_ECORRUPT);
}

static void check_timestamp2(uint32_t sec, uint32_t us, const char *date_time)
{
    for (unsigned fsp = 0; fsp <= 6; fsp++) {
        uint32_t kept = keep_digits(us, fsp);
        uint8_t b[7];
        enc_timestamp2(b, sec, kept, fsp);
        bs_value v = {.kind = BS_VALUE_TIMESTAMP, .fsp = (uint8_t)fsp};
        assert_int_equal(bs_value_timestamp2(b, fsp, &v.v.ts.sec, &v.v.ts.usec), 0);
        assert_int_equal(v.v.ts.sec, sec);
        assert_int_equal(v.v.ts.usec, kept);
        char want[48], frac[8];
        snprintf(frac, sizeof frac, ".%06u", kept);
        frac[fsp ? fsp + 1 : 0] = 0;
        snprintf(want, sizeof want, "%s%s", date_time, frac);
        text_is(&v, want);
    }
}

static void test_timestamp2_every_fsp(void **state)
{
    (void)state;
    check_timestamp2(0, 0, "0000-00-00 00:00:00"); /* the zero timestamp */
    check_timestamp2(1, 0, "1970-01-01 00:00:01");
    check_timestamp2(0x7fffffff, 999999, "2038-01-19 03:14:07"); /* the maximum */
    check_timestamp2(1709208000, 123456, "2024-02-29 12:00:00");
    check_timestamp2(951782400, 500000, "2000-02-29 00:00:00");
}

static void test_timestamp2_corrupt(void **state)
{
    (void)state;
    uint32_t sec, us;
    uint8_t b[7];
    enc_timestamp2(b, 1, 0, 6);
    put_be(b + 4, 1000000, 3);
    assert_int_equal(bs_value_timestamp2(b, 6, &sec, &us), BS_ECORRUPT);
    put_be(b + 4, 10000, 2);
    assert_int_equal(bs_value_timestamp2(b, 4, &sec, &us), BS_ECORRUPT);
    b[4] = 100;
    assert_int_equal(bs_value_timestamp2(b, 1, &sec, &us), BS_ECORRUPT);
    assert_int_equal(bs_value_timestamp2(b, 7, &sec, &us), BS_ECORRUPT);
}

static void test_frac_bytes(void **state)
{
    (void)state;
    static const unsigned want[7] = {0, 1, 1, 2, 2, 3, 3};
    for (unsigned fsp = 0; fsp <= 6; fsp++)
        assert_int_equal(bs_value_frac_bytes(fsp), want[fsp]);
}

/* DATE: 3 bytes, day | month << 5 | year << 9 (passed here as the integer). */
static void test_date(void **state)
{
    (void)state;
    static const struct {
        unsigned y, m, d;
        const char *text;
    } cases[] = {
        {0, 0, 0, "0000-00-00"},    {2024, 2, 29, "2024-02-29"}, {9999, 12, 31, "9999-12-31"},
        {1000, 1, 1, "1000-01-01"}, {2024, 0, 10, "2024-00-10"}, {2024, 7, 0, "2024-07-00"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bs_value v = {.kind = BS_VALUE_DATE};
        bs_value_date(cases[i].d | cases[i].m << 5 | cases[i].y << 9, &v.v.t);
        assert_int_equal(v.v.t.year, cases[i].y);
        assert_int_equal(v.v.t.month, cases[i].m);
        assert_int_equal(v.v.t.day, cases[i].d);
        text_is(&v, cases[i].text);
    }
}

/* Old TIME: a signed 3-byte integer, [-]hhmmss in decimal digits. */
static void test_time_old(void **state)
{
    (void)state;
    static const struct {
        int32_t packed;
        const char *text;
    } cases[] = {
        {0, "00:00:00"},          {123456, "12:34:56"}, {8385959, "838:59:59"},
        {-8385959, "-838:59:59"}, {-1, "-00:00:01"},    {-10000, "-01:00:00"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bs_value v = {.kind = BS_VALUE_TIME};
        bs_value_time_old(cases[i].packed, &v.v.t);
        text_is(&v, cases[i].text);
    }
}

/* Old DATETIME: an 8-byte integer YYYYMMDDhhmmss in decimal digits. */
static void test_datetime_old(void **state)
{
    (void)state;
    static const struct {
        uint64_t packed;
        const char *text;
    } cases[] = {
        {0, "0000-00-00 00:00:00"},
        {20240229120000ULL, "2024-02-29 12:00:00"},
        {99991231235959ULL, "9999-12-31 23:59:59"},
        {20240010000000ULL, "2024-00-10 00:00:00"},
        {10000101000000ULL, "1000-01-01 00:00:00"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bs_value v = {.kind = BS_VALUE_DATETIME};
        bs_value_datetime_old(cases[i].packed, &v.v.t);
        text_is(&v, cases[i].text);
    }
}

static void test_text_rejects_non_temporals(void **state)
{
    (void)state;
    bs_buf out = {0};
    bs_value v = {.kind = BS_VALUE_INT};
    assert_int_equal(bs_value_temporal_text(&v, &out), BS_EINVAL);
    bs_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time2_every_fsp),
        cmocka_unit_test(test_time2_documented_bytes),
        cmocka_unit_test(test_time2_corrupt),
        cmocka_unit_test(test_datetime2_every_fsp),
        cmocka_unit_test(test_datetime2_documented_bytes),
        cmocka_unit_test(test_datetime2_corrupt),
        cmocka_unit_test(test_timestamp2_every_fsp),
        cmocka_unit_test(test_timestamp2_corrupt),
        cmocka_unit_test(test_frac_bytes),
        cmocka_unit_test(test_date),
        cmocka_unit_test(test_time_old),
        cmocka_unit_test(test_datetime_old),
        cmocka_unit_test(test_text_rejects_non_temporals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
