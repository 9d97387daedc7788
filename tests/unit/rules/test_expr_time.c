/*
 * test_expr_time.c - dates, times, intervals and time zones.
 *
 * Cases marked M were checked against MariaDB 10.11. T cases are where TiDB
 * (and MySQL 8) differ from MariaDB: fractional seconds round to the
 * target's precision instead of being truncated (TiDB's ParseTime and
 * RoundFrac), and UNIX_TIMESTAMP of an out-of-range date is 0, not NULL.
 * Zones: DM's session time zone (the task's `timezone`) decides how a
 * TIMESTAMP column reads, what NOW() is, and where a '+08:00' suffix lands;
 * expectations for IANA zones are the published offsets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_expr_util.h"

enum { M, T };

typedef struct ecase {
    const char *expr;
    const char *want;
    int src;
} ecase;

static const ecase cases[] = {
    {"CAST('2021.06.22' AS DATE)", "2021-06-22", M},
    {"CAST('2021/6/2' AS DATE)", "2021-06-02", M},
    {"CAST('2021/6/2 1:2:3' AS DATETIME)", "2021-06-02 01:02:03", M},
    {"CAST('2021-06-22T12:34:56' AS DATETIME)", "2021-06-22 12:34:56", M},
    {"CAST('20210622123456' AS DATETIME)", "2021-06-22 12:34:56", M},
    {"CAST('210622123456' AS DATETIME)", "2021-06-22 12:34:56", M},
    {"CAST('210622' AS DATE)", "2021-06-22", M},
    {"CAST('700101' AS DATE)", "1970-01-01", M},
    {"CAST('691231' AS DATE)", "2069-12-31", M},
    {"CAST('99-12-31' AS DATE)", "1999-12-31", M},
    {"CAST('0000-00-00' AS DATE)", "0000-00-00", M},
    {"CAST('2021-00-00' AS DATE)", "2021-00-00", M},
    {"CAST('2021-02-29' AS DATE)", "NULL", M},
    {"CAST('2020-02-29' AS DATE)", "2020-02-29", M},
    {"CAST('2021-06-31' AS DATE)", "NULL", M},
    {"CAST('2021-06-22 24:00:00' AS DATETIME)", "NULL", M},
    {"CAST('2021-06-22 12:60:00' AS DATETIME)", "NULL", M},
    {"CAST('  2021-06-22  ' AS DATE)", "2021-06-22", M},
    {"CAST('2021-06-22 12:34' AS DATETIME)", "2021-06-22 12:34:00", M},
    {"CAST('2021-06-22 12' AS DATETIME)", "2021-06-22 12:00:00", M},
    {"CAST('12:34' AS TIME)", "12:34:00", M},
    {"CAST('1234' AS TIME)", "00:12:34", M},
    {"CAST('-12:00' AS TIME)", "-12:00:00", M},
    {"CAST('838:59:59' AS TIME)", "838:59:59", M},
    {"CAST('839:00:00' AS TIME)", "838:59:59", M},
    {"CAST('2 10:00' AS TIME)", "58:00:00", M},
    {"CAST(20210622123456 AS DATETIME)", "2021-06-22 12:34:56", M},
    {"CAST(20210622 AS DATETIME)", "2021-06-22 00:00:00", M},
    {"CAST(101 AS DATE)", "2000-01-01", M},
    {"CAST(100 AS DATE)", "NULL", M},
    {"CAST(99991231 AS DATE)", "9999-12-31", M},
    {"CAST(123456 AS TIME)", "12:34:56", M},
    {"CAST(-123456 AS TIME)", "-12:34:56", M},
    {"DATE '2021-06-22' = '2021-06-22 00:00:00'", "1", M},
    {"DATE '2021-06-22' = '2021-06-22 00:00:01'", "0", M},
    {"TIMESTAMP '2021-06-22 00:00:00' = 20210622000000", "1", M},
    {"DATE '2021-06-22' > 20210621", "1", M},
    {"DATE '2021-06-22' BETWEEN '2021-06-01' AND '2021-06-30'", "1", M},
    {"TIME '10:00' BETWEEN '09:00' AND '11:00'", "1", M},
    {"'2021-06-22' < DATE '2021-06-22' + INTERVAL 1 SECOND", "1", M},
    {"DATE_ADD(DATE '2021-06-22', INTERVAL 1 SECOND)", "2021-06-22 00:00:01", M},
    {"DATE_ADD(TIMESTAMP '2021-06-22 23:59:59', INTERVAL 1 SECOND)", "2021-06-23 00:00:00", M},
    {"DATE_ADD('2021-06-22 23:59:59.999999', INTERVAL 1 MICROSECOND)", "2021-06-23 00:00:00.000000",
     M},
    {"DATE_ADD(20210622, INTERVAL 1 DAY)", "2021-06-23", M},
    {"DATE_ADD('2021-06-22', INTERVAL '1-2' YEAR_MONTH)", "2022-08-22", M},
    {"DATE_ADD('2021-06-22', INTERVAL '-1 10' DAY_HOUR)", "2021-06-20 14:00:00", M},
    {"DATE_ADD('2021-06-22 00:00:00', INTERVAL '1:1:1.5' HOUR_MICROSECOND)",
     "2021-06-22 01:01:01.500000", M},
    {"DATE_ADD('2021-06-22', INTERVAL 1 QUARTER)", "2021-09-22", M},
    {"DATE_SUB('2021-03-31', INTERVAL 1 MONTH)", "2021-02-28", M},
    {"DATE_ADD('2021-06-22', INTERVAL 2.5 DAY)", "2021-06-25", M},
    {"DATE_ADD('2021-06-22', INTERVAL '2.5' DAY)", "2021-06-24", M},
    {"DATE_ADD('0001-01-01', INTERVAL -1 DAY)", "NULL", M},
    {"DATE_ADD(TIME '10:00:00', INTERVAL 1 HOUR)", "11:00:00", M},
    {"YEAR('0000-00-00')", "0", M},
    {"MONTH('2021-00-05')", "0", M},
    {"DAYOFWEEK('0000-00-00')", "NULL", M},
    {"DATEDIFF('2021-06-22', '0000-00-00')", "NULL", M},
    {"LAST_DAY('2021-00-10')", "NULL", M},
    {"EXTRACT(YEAR FROM '2021-06-22 12:34:56')", "2021", M},
    {"EXTRACT(MINUTE_SECOND FROM '12:34:56')", "3456", M},
    {"EXTRACT(DAY_MICROSECOND FROM '2021-06-22 12:34:56.000001')", "22123456000001", M},
    {"WEEK('2021-06-22', 0)", "25", M},
    {"WEEK('2021-06-22', 2)", "25", M},
    {"WEEK('2021-06-22', 5)", "25", M},
    {"WEEK('2021-12-31', 7)", "52", M},
    {"DATE_FORMAT('2021-06-22 00:00:00', '%r %h %l %p')", "12:00:00 AM 12 12 AM", M},
    {"DATE_FORMAT('2021-06-22 13:00:00', '%r %h %I %l %p')", "01:00:00 PM 01 01 1 PM", M},
    {"DATE_FORMAT('2021-06-22', '%x-%v %X-%V')", "2021-25 2021-25", M},
    {"DATE_FORMAT('2021-01-01', '%x-%v %X-%V %u %U')", "2020-53 2020-52 00 00", M},
    {"DATE_FORMAT('2021-06-22', 'abc%')", "abc%", M},
    {"DATE_FORMAT('2021-06-22', '%Q')", "Q", M},
    {"STR_TO_DATE('2021-06-22', '%Y-%m-%d %H')", "2021-06-22 00:00:00", M},
    {"STR_TO_DATE('22.6.21', '%d.%m.%y')", "2021-06-22", M},
    {"STR_TO_DATE('2021-06-22 12:34:56.123', '%Y-%m-%d %H:%i:%s.%f')", "2021-06-22 12:34:56.123000",
     M},
    {"STR_TO_DATE('Tue Jun 22 2021', '%a %b %d %Y')", "2021-06-22", M},
    {"STR_TO_DATE('2021 173', '%Y %j')", "2021-06-22", M},
    {"STR_TO_DATE('12:30:00 AM', '%r')", "00:30:00", M},
    {"STR_TO_DATE('abc', '%Y')", "NULL", M},
    {"TIMESTAMPDIFF(WEEK, '2021-06-01', '2021-06-22')", "3", M},
    {"TIMESTAMPDIFF(QUARTER, '2021-01-15', '2021-07-14')", "1", M},
    {"TIMESTAMPDIFF(HOUR, '2021-06-22 10:30', '2021-06-22 08:00')", "-2", M},
    {"TIMESTAMPDIFF(MICROSECOND, '2021-06-22', '2021-06-22 00:00:00.5')", "500000", M},
    {"TIMESTAMPADD(MONTH, 1, '2021-01-31')", "2021-02-28", M},
    {"TIMESTAMPADD(SECOND, 90, '2021-06-22 00:00:00')", "2021-06-22 00:01:30", M},
    {"TIMEDIFF('2021-06-22 00:00:00', '2021-06-20 00:00:00')", "48:00:00", M},
    {"TIMEDIFF('10:00:00.5', '09:00:00')", "01:00:00.5", M},
    {"TIME('838:59:59')", "838:59:59", M},
    {"TIME('10:00:00.123')", "10:00:00.123", M},
    {"DATE('2021-06-22T10:00:00')", "2021-06-22", M},
    {"FROM_UNIXTIME(1624363200.5)", "2021-06-22 12:00:00.5", M},
    {"UNIX_TIMESTAMP('2021-06-22 12:00:00')", "1624363200", M},
    {"UNIX_TIMESTAMP('2021-06-22 12:00:00.25')", "1624363200.25", M},
    {"UNIX_TIMESTAMP(DATE '2021-06-22')", "1624320000", M},
    {"FROM_UNIXTIME(0, '%Y')", "1970", M},
    {"CAST('2021-06-22 12:34:56.1234567' AS DATETIME(6))", "2021-06-22 12:34:56.123457", T},
    {"CAST('12:34:56.5' AS TIME)", "12:34:57", T},
    {"CAST('123456.789' AS TIME(2))", "12:34:56.79", T},
    {"CAST(20210622.5 AS DATETIME)", "2021-06-22 00:00:01", T},
    {"CAST(1.5 AS TIME)", "00:00:02", T},
    {"UNIX_TIMESTAMP('1969-12-31 23:59:59')", "0", T},
    /* TiDB reads a zone suffix and converts into the session zone (UTC here) */
    {"CAST('2021-01-01 12:34:56.5678+08:00' AS DATETIME(4))", "2021-01-01 04:34:56.5678", T},
    {"CAST('2021-01-01T12:00:00Z' AS DATETIME)", "2021-01-01 12:00:00", T},
    {"CAST('2021-01-01 12:00:00-0530' AS DATETIME)", "2021-01-01 17:30:00", T},
};

static void test_cases(void **state)
{
    (void)state;
    char buf[400];
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        texpr(NULL, cases[i].expr, NULL, NULL, buf, sizeof buf, NULL);
        if (!texpect(buf, cases[i].want)) {
            print_error("%s: got [%s], want [%s]\n", cases[i].expr, buf, cases[i].want);
            bad++;
        }
    }
    if (bad) fail_msg("%d cases differ", bad);
}

static void test_zones(void **state)
{
    (void)state;
    bs_rules_expr_tz *tz;
    bs_error err;
    assert_int_equal(bs_rules_expr_tz_load("+08:00", &tz, &err), 0);
    assert_int_equal(bs_rules_expr_tz_offset(tz, 0), 8 * 3600);
    bs_rules_expr_tz_free(tz);
    assert_int_equal(bs_rules_expr_tz_load("-05:30", &tz, &err), 0);
    assert_int_equal(bs_rules_expr_tz_offset(tz, 0), -(5 * 3600 + 1800));
    bs_rules_expr_tz_free(tz);
    assert_int_equal(bs_rules_expr_tz_load("UTC", &tz, &err), 0);
    assert_int_equal(bs_rules_expr_tz_offset(tz, 1624363200), 0);
    bs_rules_expr_tz_free(tz);
    if (bs_rules_expr_tz_load("America/New_York", &tz, &err)) {
        print_message("skipped: no /usr/share/zoneinfo (%s)\n", err.message);
    } else {
        /* EDT in June, EST in January */
        assert_int_equal(bs_rules_expr_tz_offset(tz, 1624363200), -4 * 3600);
        assert_int_equal(bs_rules_expr_tz_offset(tz, 1609459200), -5 * 3600);
        bs_rules_expr_tz_free(tz);
    }
    assert_int_equal(bs_rules_expr_tz_load("Nowhere/Special", &tz, &err), BS_EINVAL);
    assert_int_equal(bs_rules_expr_tz_load("../etc/passwd", &tz, &err), BS_EINVAL);
    assert_int_equal(bs_rules_expr_tz_load("+25:00", &tz, &err), BS_EINVAL);
}

/* The session zone at work: TIMESTAMP columns, NOW(), offsets, epochs. */
static void test_session_zone(void **state)
{
    (void)state;
    tcol cols[] = {{"ts", BS_TYPE_TIMESTAMP2, 0, 0, 4, 0, 0, NULL},
                   {"dt", BS_TYPE_DATETIME2, 0, 0, 0, 0, 0, NULL}};
    ttable tt;
    ttable_init(&tt, "t", cols, 2);
    /* 2021-01-01 04:34:56.5678 UTC, 2021-01-01 12:00:00 local */
    bs_value row[] = {v_timestamp(1609475696, 567800),
                      v_temporal(BS_VALUE_DATETIME, 2021, 1, 1, 12, 0, 0, 0, 0)};
    bs_rules_expr_tz *tz;
    bs_error err;
    assert_int_equal(bs_rules_expr_tz_load("+08:00", &tz, &err), 0);
    bs_rules_expr_ctx ctx = {0};
    ctx.now_usec = 1624363200000000LL; /* 2021-06-22 12:00:00 UTC */
    ctx.tz = tz;
    char buf[200];
    assert_string_equal(texpr(&tt, "ts", row, &ctx, buf, sizeof buf, NULL),
                        "2021-01-01 12:34:56.5678");
    assert_string_equal(texpr(&tt, "ts", row, NULL, buf, sizeof buf, NULL),
                        "2021-01-01 04:34:56.5678");
    assert_string_equal(
        texpr(&tt, "ts = '2021-01-01 12:34:56.5678'", row, &ctx, buf, sizeof buf, NULL), "1");
    assert_string_equal(
        texpr(&tt, "ts = '2021-01-01 04:34:56.5678Z'", row, &ctx, buf, sizeof buf, NULL), "1");
    assert_string_equal(
        texpr(&tt, "ts = '2021-01-01 12:34:56.5678+08:00'", row, &ctx, buf, sizeof buf, NULL), "1");
    assert_string_equal(
        texpr(&tt, "ts = '2021-01-01 12:34:56.5678+08:00'", row, NULL, buf, sizeof buf, NULL), "1");
    assert_string_equal(texpr(&tt, "UNIX_TIMESTAMP(ts)", row, &ctx, buf, sizeof buf, NULL),
                        "1609475696.5678");
    assert_string_equal(texpr(&tt, "UNIX_TIMESTAMP(dt)", row, &ctx, buf, sizeof buf, NULL),
                        "1609473600");
    assert_string_equal(texpr(&tt, "UNIX_TIMESTAMP(dt)", row, NULL, buf, sizeof buf, NULL),
                        "1609502400");
    assert_string_equal(texpr(&tt, "FROM_UNIXTIME(0)", row, &ctx, buf, sizeof buf, NULL),
                        "1970-01-01 08:00:00");
    assert_string_equal(texpr(&tt, "NOW()", row, &ctx, buf, sizeof buf, NULL),
                        "2021-06-22 20:00:00");
    assert_string_equal(texpr(&tt, "UTC_TIMESTAMP()", row, &ctx, buf, sizeof buf, NULL),
                        "2021-06-22 12:00:00");
    assert_string_equal(texpr(&tt, "CURDATE()", row, &ctx, buf, sizeof buf, NULL), "2021-06-22");
    assert_string_equal(texpr(&tt, "dt < NOW()", row, &ctx, buf, sizeof buf, NULL), "1");
    assert_string_equal(
        texpr(&tt, "TIMESTAMPDIFF(DAY, dt, NOW())", row, &ctx, buf, sizeof buf, NULL), "172");
    /* a TIME added to "now"'s date */
    assert_string_equal(
        texpr(&tt, "CAST(TIME '01:00:00' AS DATETIME)", row, &ctx, buf, sizeof buf, NULL),
        "2021-06-22 01:00:00");
    /* the zero TIMESTAMP */
    bs_value zero[] = {v_timestamp(0, 0), v_null()};
    assert_string_equal(texpr(&tt, "ts", zero, &ctx, buf, sizeof buf, NULL),
                        "0000-00-00 00:00:00.0000");
    bs_rules_expr_tz_free(tz);
}

/* Temporal columns as the decoder gives them, and as text. */
static void test_columns(void **state)
{
    (void)state;
    tcol cols[] = {{"d", BS_TYPE_DATE, 0, 0, 0, 0, 0, NULL},
                   {"t", BS_TYPE_TIME2, 0, 0, 3, 0, 0, NULL},
                   {"y", BS_TYPE_YEAR, 0, 0, 0, 0, 0, NULL},
                   {"dt", BS_TYPE_DATETIME2, 0, 0, 6, 0, 0, NULL}};
    ttable tt;
    ttable_init(&tt, "t", cols, 4);
    bs_value row[] = {v_temporal(BS_VALUE_DATE, 2024, 2, 29, 0, 0, 0, 0, 0),
                      v_temporal(BS_VALUE_TIME, 0, 0, 0, 100, 2, 3, 500000, 1),
                      v_uint(2021, BS_VALUE_YEAR),
                      v_temporal(BS_VALUE_DATETIME, 2021, 12, 31, 23, 59, 59, 999999, 0)};
    bs_value text[] = {v_str("2024-02-29"), v_str("-100:02:03.5"), v_str("21"),
                       v_str("2021-12-31 23:59:59.999999")};
    static const struct {
        const char *expr, *want;
    } col_cases[] = {
        {"d", "2024-02-29"},
        {"d + INTERVAL 1 YEAR", "2025-02-28"},
        {"LAST_DAY(d) = d", "1"},
        {"DAYOFWEEK(d)", "5"},
        {"t", "-100:02:03.500"},
        {"HOUR(t)", "100"},
        {"t < '-99:00:00'", "1"},
        {"t + 0", "-1000203.500"},
        {"y = 21", "1"}, /* YEAR against a 2-digit constant: 2021 */
        {"y = '2021'", "1"},
        {"y > 1999", "1"},
        {"y + 1", "2022"},
        {"dt", "2021-12-31 23:59:59.999999"},
        {"dt = 20211231235959.999999", "1"},
        {"dt > 20211231", "1"}, /* a numeric constant becomes a DATETIME */
        {"DATE(dt) = '2021-12-31'", "1"},
        {"dt + INTERVAL 1 MICROSECOND", "2022-01-01 00:00:00.000000"},
        {"CAST(dt AS DATETIME)", "2022-01-01 00:00:00"},
        {"YEAR(dt) + MONTH(dt)", "2033"},
        {"DATE_FORMAT(dt, '%Y%m%d')", "20211231"},
        {"d BETWEEN '2024-01-01' AND dt", "0"},
    };
    char buf[200];
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < sizeof col_cases / sizeof col_cases[0]; i++) {
            texpr(&tt, col_cases[i].expr, pass ? text : row, NULL, buf, sizeof buf, NULL);
            if (strcmp(buf, col_cases[i].want))
                fail_msg("%s (%s values): got %s, want %s", col_cases[i].expr,
                         pass ? "text" : "decoded", buf, col_cases[i].want);
        }
    }
    bs_value bad[] = {v_str("2021-02-30"), v_null(), v_null(), v_null()};
    assert_string_equal(texpr(&tt, "d", bad, NULL, buf, sizeof buf, NULL),
                        "!ECORRUPT column d: bad date/time text");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_zones),
        cmocka_unit_test(test_session_zone),
        cmocka_unit_test(test_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
