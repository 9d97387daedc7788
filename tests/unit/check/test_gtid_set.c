/*
 * test_gtid_set.c - GTID sets of a task meta's `binlog-gtid`
 * (src/check/gtid_set.c).
 *
 * Texts are parsed and printed back in canonical form, so one string
 * comparison checks parsing, sorting and interval merging at once. Malformed
 * texts are checked for BS_EINVAL, the words of the reason and the offset of
 * the offending piece. Membership is probed at both sides of every interval
 * edge. The real sets are copied from PREVIOUS_GTIDS and GTID_LIST events of
 * the shared fixtures (as `binsift decode` prints them). Every text is
 * parsed from an exact-size heap copy, so a sanitizer build sees any read
 * past its length.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "binsift/gtid.h"

#define U1 "3e11fa47-71ca-11e1-9e33-c80aa9429562"
#define U2 "55778904-0299-11f1-b1b8-4ef0c4956feb"
#define U9 "ff00807f-01fe-10ef-aa55-0000ffff1234"
static const uint8_t u1[16] = {0x3e, 0x11, 0xfa, 0x47, 0x71, 0xca, 0x11, 0xe1,
                               0x9e, 0x33, 0xc8, 0x0a, 0xa9, 0x42, 0x95, 0x62};
static const uint8_t u2[16] = {0x55, 0x77, 0x89, 0x04, 0x02, 0x99, 0x11, 0xf1,
                               0xb1, 0xb8, 0x4e, 0xf0, 0xc4, 0x95, 0x6f, 0xeb};

/* Parse text (from an exact-size copy) with the flavor. */
static int parse(const char *text, int flavor, bs_gtid_set **out, bs_error *err)
{
    size_t n = strlen(text);
    char *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    memcpy(copy, text, n);
    bs_error_clear(err);
    int rc = bs_check_gtid_set_parse(copy, n, flavor, out, err);
    free(copy);
    return rc;
}

/* text parses (as flavor) and prints as want, in the expected flavor. */
static void round_trip(const char *text, int flavor, int want_flavor, const char *want)
{
    bs_gtid_set *s = NULL;
    bs_error err;
    int rc = parse(text, flavor, &s, &err);
    if (rc) fail_msg("'%s': rc %d: %s", text, rc, err.message);
    assert_int_equal(bs_check_gtid_set_flavor(s), want_flavor);
    bs_buf b = {0};
    assert_int_equal(bs_check_gtid_set_text(s, &b), 0);
    assert_non_null(b.data);
    if (strcmp(b.data, want)) fail_msg("'%s' printed '%s', expected '%s'", text, b.data, want);
    /* The canonical text parses back to itself. */
    bs_gtid_set *again = NULL;
    assert_int_equal(parse(b.data, want_flavor, &again, &err), 0);
    bs_buf b2 = {0};
    assert_int_equal(bs_check_gtid_set_text(again, &b2), 0);
    assert_string_equal(b2.data, want);
    bs_buf_free(&b);
    bs_buf_free(&b2);
    bs_check_gtid_set_free(again);
    bs_check_gtid_set_free(s);
}

/* text is refused with BS_EINVAL, the message holds why, and the offending
 * piece starts at offset off. */
static void refused(const char *text, int flavor, const char *why, uint64_t off)
{
    bs_gtid_set *s = (bs_gtid_set *)&s; /* must be reset to NULL */
    bs_error err;
    int rc = parse(text, flavor, &s, &err);
    if (rc != BS_EINVAL || !strstr(err.message, why) || err.offset != off)
        fail_msg("'%s': rc %d, offset %llu: '%s'; expected '%s' at %llu", text, rc,
                 (unsigned long long)err.offset, err.message, why, (unsigned long long)off);
    char at[40];
    snprintf(at, sizeof at, "at offset %llu", (unsigned long long)off);
    assert_non_null(strstr(err.message, at));
    assert_null(s);
}

static bs_gtid_set *must_parse(const char *text, int flavor)
{
    bs_gtid_set *s = NULL;
    bs_error err;
    if (parse(text, flavor, &s, &err)) fail_msg("'%s': %s", text, err.message);
    return s;
}

/* ---- MySQL ---- */

static void test_mysql_uuid_forms(void **state)
{
    (void)state;
    round_trip(U1 ":1-5", BS_GTID_MYSQL, BS_GTID_MYSQL, U1 ":1-5");
    round_trip("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5", BS_GTID_MYSQL, BS_GTID_MYSQL, U1 ":1-5");
    round_trip("3e11fa4771ca11e19e33C80AA9429562:7", BS_GTID_MYSQL, BS_GTID_MYSQL, U1 ":7");
    round_trip("{" U1 "}:7", BS_GTID_MYSQL, BS_GTID_MYSQL, U1 ":7");
    round_trip(U9 ":1", BS_GTID_MYSQL, BS_GTID_MYSQL, U9 ":1");
}

static void test_mysql_sorting_and_merging(void **state)
{
    (void)state;
    /* UUIDs in byte order, each once. */
    round_trip(U9 ":1," U2 ":2," U1 ":3", 0, BS_GTID_MYSQL, U1 ":3," U2 ":2," U9 ":1");
    round_trip(U1 ":1-3," U2 ":1," U1 ":4-5", 0, BS_GTID_MYSQL, U1 ":1-5," U2 ":1");
    /* Out of order, overlapping, contained, adjacent, duplicated. */
    round_trip(U1 ":5-7:1-3", 0, BS_GTID_MYSQL, U1 ":1-3:5-7");
    round_trip(U1 ":1-3:4-6", 0, BS_GTID_MYSQL, U1 ":1-6");
    round_trip(U1 ":1-5:3-8:10:9", 0, BS_GTID_MYSQL, U1 ":1-10");
    round_trip(U1 ":2-20:5-6:1", 0, BS_GTID_MYSQL, U1 ":1-20");
    round_trip(U1 ":7:7:7", 0, BS_GTID_MYSQL, U1 ":7");
    round_trip(U1 ":30-40:10-20:1-5:21-29", 0, BS_GTID_MYSQL, U1 ":1-5:10-40");
    round_trip(U1 ":30-40:10-20:1-5:6-9", 0, BS_GTID_MYSQL, U1 ":1-20:30-40");
    /* One interval swallowing several. */
    round_trip(U1 ":1:3:5:7:9:11:2-10", 0, BS_GTID_MYSQL, U1 ":1-11");
    /* Go's ParseInt takes a '+' and leading zeros. */
    round_trip(U1 ":+5-007", 0, BS_GTID_MYSQL, U1 ":5-7");
    /* The largest GNO. */
    round_trip(U1 ":9223372036854775806", 0, BS_GTID_MYSQL, U1 ":9223372036854775806");
    round_trip(U1 ":1-9223372036854775806", 0, BS_GTID_MYSQL, U1 ":1-9223372036854775806");
}

static void test_mysql_whitespace(void **state)
{
    (void)state;
    /* SHOW MASTER STATUS puts a newline after each comma. */
    round_trip(U1 ":1-5,\n" U2 ":1-3", 0, BS_GTID_MYSQL, U1 ":1-5," U2 ":1-3");
    round_trip(" \t" U1 ":1-5 ,\r\n " U2 ":3 \n", 0, BS_GTID_MYSQL, U1 ":1-5," U2 ":3");
    /* White space around a tag is part of go-mysql's tag pattern. */
    round_trip(U1 ": tag\t:1", 0, BS_GTID_MYSQL, U1 ":tag:1");
}

static void test_mysql_tags(void **state)
{
    (void)state;
    /* As a tagged PREVIOUS_GTIDS of MySQL 9 prints it. */
    round_trip(U2 ":1-13:mytag:1-2", 0, BS_GTID_MYSQL, U2 ":1-13:mytag:1-2");
    /* Tags are lower-cased; the untagged part comes first, tags in order. */
    round_trip(U1 ":Zeta:5:Alpha:1-2:3", 0, BS_GTID_MYSQL, U1 ":alpha:1-3:zeta:5");
    round_trip(U1 ":tag:1," U1 ":2", 0, BS_GTID_MYSQL, U1 ":2:tag:1");
    round_trip(U1 ":A:1," U1 ":a:2", 0, BS_GTID_MYSQL, U1 ":a:1-2");
    round_trip(U1 ":_:1:t9_x:4", 0, BS_GTID_MYSQL, U1 ":_:1:t9_x:4");
    round_trip(U1 ":abcdefghijklmnopqrstuvwxyz_01234:1", 0, BS_GTID_MYSQL,
               U1 ":abcdefghijklmnopqrstuvwxyz_01234:1");
}

static void test_mysql_empty(void **state)
{
    (void)state;
    round_trip("", BS_GTID_MYSQL, BS_GTID_MYSQL, "");
    round_trip("", 0, BS_GTID_MYSQL, "");
    /* DM's "from the start": a single "x:0", x not looked at. */
    round_trip(U1 ":0", BS_GTID_MYSQL, BS_GTID_MYSQL, "");
    round_trip(U1 ": 0 ", 0, BS_GTID_MYSQL, "");
    round_trip("anything:0", BS_GTID_MYSQL, BS_GTID_MYSQL, "");
}

static void test_mysql_malformed(void **state)
{
    (void)state;
    refused("x", 0, "not a UUID", 0);
    refused("xyz:1", 0, "not a UUID", 0);
    refused(U1, 0, "no interval", 0);
    refused(U1 ":1," U2, 0, "no interval", 39);
    refused("3e11fa47-71ca-11e1-9e33-c80aa942956:1", 0, "not a UUID", 0);    /* 35 chars */
    refused("3e11fa4-771ca-11e1-9e33-c80aa9429562:1", 0, "not a UUID", 0);   /* dash moved */
    refused("3e11fa47-71ca-11e1-9e33-c80aa942956g:1", 0, "not a UUID", 0);   /* not hex */
    refused("{3e11fa47-71ca-11e1-9e33-c80aa9429562]:1", 0, "not a UUID", 0); /* brace */
    refused("3e11fa47+71ca-11e1-9e33-c80aa9429562:1", 0, "not a UUID", 0);
    refused("3e11fa4771ca11e19e33c80aa942956:1", 0, "not a UUID", 0); /* 31 hex digits */
    refused(U1 " :1", 0, "not a UUID", 0);                            /* no space inside a piece */
    refused(U1 ":1-5,," U2 ":1", 0, "empty UUID set", 41);
    refused(U1 ":1-5,", 0, "empty UUID set", 41);
    refused(",", BS_GTID_MYSQL, "empty UUID set", 0);
    refused("   ", BS_GTID_MYSQL, "empty UUID set", 0);
    refused(U1 ":1-5, \n,", 0, "empty UUID set", 41);
    refused(U1 ":0-5", 0, "GNO 0", 37);
    refused(U1 ":1:0", 0, "GNO 0", 39);
    refused(U1 ":5-3", 0, "ends before it starts", 37);
    refused(U1 ":9223372036854775807", 0, "GNO above 2^63-2", 37);
    refused(U1 ":1-9223372036854775807", 0, "GNO above 2^63-2", 37);
    refused(U1 ":99999999999999999999", 0, "GNO above 2^63-2", 37);
    refused(U1 ":1-2-3", 0, "one dash", 37);
    refused(U1 ":a-b", 0, "decimal numbers", 37);
    refused(U1 ":-5", 0, "decimal numbers", 37);
    refused(U1 ":5-", 0, "decimal numbers", 37);
    refused(U1 ":1 -5", 0, "decimal numbers", 37);
    refused(U1 ": 1", 0, "neither an interval", 37);
    refused(U1 ":1x", 0, "neither an interval", 37);
    refused(U1 ":", 0, "neither an interval", 37);
    refused(U1 "::1", 0, "neither an interval", 37);
    refused(U1 ":1:", 0, "neither an interval", 39);
    refused(U1 ":++1", 0, "neither an interval", 37);
    refused(U1 ":9tag:1", 0, "neither an interval", 37);
    refused(U1 ":abcdefghijklmnopqrstuvwxyz_012345:1", 0, "neither an interval", 37); /* 33 */
    refused(U1 ":tag", 0, "a tag with no interval", 37);
    refused(U1 ":t1:t2:1", 0, "a tag with no interval", 37);
    refused(U1 ":1:t1", 0, "a tag with no interval", 39);
    /* A MariaDB GTID where MySQL's is expected. */
    refused("0-1-2", BS_GTID_MYSQL, "not a UUID", 0);
}

static void test_mysql_contains(void **state)
{
    (void)state;
    bs_gtid_set *s = must_parse(U1 ":1-5:7:10-20," U2 ":100:tag:3-4", 0);
    static const int64_t in[] = {1, 2, 5, 7, 10, 15, 20};
    static const int64_t out[] = {0, 6, 8, 9, 21, 22, INT64_MAX - 1, INT64_MAX, -1, INT64_MIN};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
        if (!bs_check_gtid_set_contains_mysql(s, u1, NULL, 0, in[i]))
            fail_msg("%lld", (long long)in[i]);
    for (size_t i = 0; i < sizeof out / sizeof out[0]; i++)
        if (bs_check_gtid_set_contains_mysql(s, u1, NULL, 0, out[i]))
            fail_msg("%lld", (long long)out[i]);
    /* The untagged and the tagged parts of a UUID are apart. */
    assert_true(bs_check_gtid_set_contains_mysql(s, u2, "", 0, 100));
    assert_false(bs_check_gtid_set_contains_mysql(s, u2, "tag", 3, 100));
    assert_false(bs_check_gtid_set_contains_mysql(s, u2, NULL, 0, 3));
    assert_true(bs_check_gtid_set_contains_mysql(s, u2, "tag", 3, 3));
    assert_true(bs_check_gtid_set_contains_mysql(s, u2, "TAG", 3, 4));
    assert_false(bs_check_gtid_set_contains_mysql(s, u2, "tag", 3, 5));
    assert_false(bs_check_gtid_set_contains_mysql(s, u2, "ta", 2, 3));
    assert_false(bs_check_gtid_set_contains_mysql(s, u2, "tags", 4, 3));
    assert_false(bs_check_gtid_set_contains_mysql(s, u1, "tag", 3, 3));
    static const uint8_t other[16] = {0x3e, 0x11, 0xfa, 0x47};
    assert_false(bs_check_gtid_set_contains_mysql(s, other, NULL, 0, 1));
    /* Not a MariaDB set. */
    assert_false(bs_check_gtid_set_contains_maria(s, 0, 0, 0));
    bs_check_gtid_set_free(s);

    s = must_parse(U1 ":9223372036854775806", 0);
    assert_true(bs_check_gtid_set_contains_mysql(s, u1, NULL, 0, INT64_MAX - 1));
    assert_false(bs_check_gtid_set_contains_mysql(s, u1, NULL, 0, INT64_MAX - 2));
    assert_false(bs_check_gtid_set_contains_mysql(s, u1, NULL, 0, INT64_MAX));
    bs_check_gtid_set_free(s);

    s = must_parse("", BS_GTID_MYSQL);
    assert_false(bs_check_gtid_set_contains_mysql(s, u1, NULL, 0, 1));
    bs_check_gtid_set_free(s);
}

/* text printed by the set is want. */
static void text_is(const bs_gtid_set *s, const char *want)
{
    bs_buf b = {0};
    assert_int_equal(bs_check_gtid_set_text(s, &b), 0);
    assert_string_equal(b.data, want);
    bs_buf_free(&b);
}

static void test_mysql_add(void **state)
{
    (void)state;
    bs_gtid_set *s;
    assert_int_equal(bs_check_gtid_set_new(BS_GTID_MYSQL, &s), 0);
    text_is(s, "");
    static const int64_t gnos[] = {5, 3, 4, 10, 1, 8, 9, 2, 5};
    for (size_t i = 0; i < sizeof gnos / sizeof gnos[0]; i++)
        assert_int_equal(bs_check_gtid_set_add_mysql(s, u1, NULL, 0, gnos[i]), 0);
    text_is(s, U1 ":1-5:8-10");
    assert_int_equal(bs_check_gtid_set_add_mysql(s, u1, NULL, 0, 7), 0);
    assert_int_equal(bs_check_gtid_set_add_mysql(s, u1, NULL, 0, 6), 0);
    text_is(s, U1 ":1-10");
    assert_int_equal(bs_check_gtid_set_add_mysql(s, u1, "Big", 3, 1), 0);
    assert_int_equal(bs_check_gtid_set_add_mysql(s, u2, NULL, 0, INT64_MAX - 1), 0);
    text_is(s, U1 ":1-10:big:1," U2 ":9223372036854775806");
    assert_true(bs_check_gtid_set_contains_mysql(s, u1, "big", 3, 1));
    /* Refused: GNO out of range, a bad tag, the other flavor. */
    assert_int_equal(bs_check_gtid_set_add_mysql(s, u1, NULL, 0, 0), BS_EINVAL);
    assert_int_equal(bs_check_gtid_set_add_mysql(s, u1, NULL, 0, -3), BS_EINVAL);
    assert_int_equal(bs_check_gtid_set_add_mysql(s, u1, NULL, 0, INT64_MAX), BS_EINVAL);
    assert_int_equal(bs_check_gtid_set_add_mysql(s, u1, "9x", 2, 1), BS_EINVAL);
    assert_int_equal(bs_check_gtid_set_add_mysql(s, u1, "a b", 3, 1), BS_EINVAL);
    assert_int_equal(
        bs_check_gtid_set_add_mysql(s, u1, "abcdefghijklmnopqrstuvwxyz_0123456", 33, 1), BS_EINVAL);
    assert_int_equal(bs_check_gtid_set_add_maria(s, 0, 1, 1), BS_EINVAL);
    text_is(s, U1 ":1-10:big:1," U2 ":9223372036854775806");
    bs_check_gtid_set_free(s);

    /* Many single GTIDs in both orders end as one interval. */
    assert_int_equal(bs_check_gtid_set_new(BS_GTID_MYSQL, &s), 0);
    for (int64_t g = 1000; g >= 1; g -= 2)
        assert_int_equal(bs_check_gtid_set_add_mysql(s, u1, NULL, 0, g), 0);
    for (int64_t g = 1; g <= 1000; g += 2)
        assert_int_equal(bs_check_gtid_set_add_mysql(s, u1, NULL, 0, g), 0);
    text_is(s, U1 ":1-1000");
    bs_check_gtid_set_free(s);
}

/* ---- MariaDB ---- */

static void test_maria_parse(void **state)
{
    (void)state;
    round_trip("0-1-100,1-2-50", BS_GTID_MARIADB, BS_GTID_MARIADB, "0-1-100,1-2-50");
    round_trip("1-2-50,0-1-100", 0, BS_GTID_MARIADB, "0-1-100,1-2-50");
    round_trip("10-1-1,9-1-1,2-1-1", 0, BS_GTID_MARIADB, "2-1-1,9-1-1,10-1-1");
    round_trip("0-10-292196", 0, BS_GTID_MARIADB, "0-10-292196");
    round_trip("4294967295-4294967295-18446744073709551615", 0, BS_GTID_MARIADB,
               "4294967295-4294967295-18446744073709551615");
    round_trip("007-01-0100", 0, BS_GTID_MARIADB, "7-1-100");
    /* go-mysql keeps the later GTID of one domain and server. */
    round_trip("0-1-5,0-1-7", 0, BS_GTID_MARIADB, "0-1-7");
    round_trip("0-1-7,0-1-5", 0, BS_GTID_MARIADB, "0-1-5");
    /* Empty, and DM's "from the start": a single "x-y-0". */
    round_trip("", BS_GTID_MARIADB, BS_GTID_MARIADB, "");
    round_trip("0-0-0", 0, BS_GTID_MARIADB, "");
    round_trip("5-7-0", BS_GTID_MARIADB, BS_GTID_MARIADB, "");
    round_trip("5-7- 0", BS_GTID_MARIADB, BS_GTID_MARIADB, "");
    /* ... but a "0" sequence number among others is a position. */
    round_trip("0-1-0,1-1-3", 0, BS_GTID_MARIADB, "0-1-0,1-1-3");
}

static void test_maria_malformed(void **state)
{
    (void)state;
    refused("0-1", BS_GTID_MARIADB, "expected domain-server-sequence", 0);
    refused("0-1-2-3", 0, "expected domain-server-sequence", 0);
    refused("0-1-2,5", 0, "expected domain-server-sequence", 6);
    refused("0-1-2,", 0, "expected domain-server-sequence", 6);
    refused(",0-1-2", 0, "expected domain-server-sequence", 0);
    refused("a-1-2", BS_GTID_MARIADB, "domain id is not", 0);
    refused("-1-2", 0, "domain id is not", 0);
    refused("0--2", 0, "server id is not", 2);
    refused("0-1-", 0, "sequence number is not", 4);
    refused("0-1-+2", BS_GTID_MARIADB, "sequence number is not", 4);
    refused("4294967296-1-1", 0, "domain id is not an unsigned 32-bit", 0);
    refused("0-4294967296-1", 0, "server id is not an unsigned 32-bit", 2);
    refused("0-1-18446744073709551616", 0, "sequence number is not an unsigned 64-bit", 4);
    /* No white space anywhere (go-mysql does not trim MariaDB GTIDs). */
    refused("0-1-2, 1-1-1", 0, "domain id is not", 6);
    refused(" 0-1-2", 0, "domain id is not", 0);
    refused("0-1-2\n", 0, "sequence number is not", 4);
    /* Two servers in one domain: MariaDB refuses such a start position. */
    refused("0-1-5,1-1-1,0-2-9", 0, "domain 0 already has GTID 0-1-5", 12);
    /* A MySQL set where MariaDB's is expected. */
    refused(U1 ":1", BS_GTID_MARIADB, "expected domain-server-sequence", 0);
}

static void test_maria_contains_and_add(void **state)
{
    (void)state;
    bs_gtid_set *s = must_parse("0-1-100,1-2-50", 0);
    /* Contained up to and including the domain's sequence number, whatever
     * the server id. */
    assert_true(bs_check_gtid_set_contains_maria(s, 0, 1, 100));
    assert_true(bs_check_gtid_set_contains_maria(s, 0, 1, 0));
    assert_true(bs_check_gtid_set_contains_maria(s, 0, 77, 99));
    assert_false(bs_check_gtid_set_contains_maria(s, 0, 1, 101));
    assert_true(bs_check_gtid_set_contains_maria(s, 1, 2, 50));
    assert_false(bs_check_gtid_set_contains_maria(s, 1, 2, 51));
    assert_false(bs_check_gtid_set_contains_maria(s, 2, 1, 1));
    assert_false(bs_check_gtid_set_contains_maria(s, UINT32_MAX, 1, 0));
    assert_false(bs_check_gtid_set_contains_mysql(s, u1, NULL, 0, 1));
    /* A replayed GTID becomes its domain's position. */
    assert_int_equal(bs_check_gtid_set_add_maria(s, 0, 3, 101), 0);
    assert_int_equal(bs_check_gtid_set_add_maria(s, 7, 1, 1), 0);
    assert_int_equal(bs_check_gtid_set_add_maria(s, 1, 2, 40), 0);
    text_is(s, "0-3-101,1-2-40,7-1-1");
    assert_true(bs_check_gtid_set_contains_maria(s, 0, 1, 101));
    assert_false(bs_check_gtid_set_contains_maria(s, 1, 2, 41));
    assert_int_equal(bs_check_gtid_set_add_mysql(s, u1, NULL, 0, 1), BS_EINVAL);
    bs_check_gtid_set_free(s);

    s = must_parse("0-0-0", 0);
    assert_false(bs_check_gtid_set_contains_maria(s, 0, 0, 0));
    bs_check_gtid_set_free(s);
}

/* ---- flavors, single GTIDs, real sets ---- */

static void test_flavor(void **state)
{
    (void)state;
    round_trip("0-1-2,3-4-5", 0, BS_GTID_MARIADB, "0-1-2,3-4-5");
    round_trip(U1 ":1", 0, BS_GTID_MYSQL, U1 ":1");
    /* A UUID of digits only still has its ':'. */
    round_trip("12345678-1234-1234-1234-123456789012:1", 0, BS_GTID_MYSQL,
               "12345678-1234-1234-1234-123456789012:1");
    bs_gtid_set *s = (bs_gtid_set *)&s;
    bs_error err;
    assert_int_equal(parse(U1 ":1", 3, &s, &err), BS_EINVAL);
    assert_non_null(strstr(err.message, "unknown GTID flavor 3"));
    assert_null(s);
    assert_int_equal(bs_check_gtid_set_new(0, &s), BS_EINVAL);
    assert_null(s);
}

static void test_single_gtid_text(void **state)
{
    (void)state;
    bs_buf b = {0};
    assert_int_equal(bs_check_gtid_text_mysql(u1, NULL, 0, 23, &b), 0);
    assert_string_equal(b.data, U1 ":23");
    bs_buf_clear(&b);
    assert_int_equal(bs_check_gtid_text_mysql(u2, "MyTag", 5, INT64_MAX - 1, &b), 0);
    assert_string_equal(b.data, U2 ":mytag:9223372036854775806");
    bs_buf_clear(&b);
    assert_int_equal(bs_check_gtid_text_mysql(u2, "", 0, 1, &b), 0);
    assert_string_equal(b.data, U2 ":1");
    bs_buf_clear(&b);
    assert_int_equal(bs_check_gtid_text_maria(0, 1, 100, &b), 0);
    assert_string_equal(b.data, "0-1-100");
    bs_buf_clear(&b);
    assert_int_equal(bs_check_gtid_text_maria(UINT32_MAX, 0, UINT64_MAX, &b), 0);
    assert_string_equal(b.data, "4294967295-0-18446744073709551615");
    bs_buf_free(&b);
}

/* Sets as PREVIOUS_GTIDS events of the fixtures hold them: a transaction
 * GTID of the same binlog is the first one not contained. */
static void test_fixture_sets(void **state)
{
    (void)state;
    static const uint8_t rust[16] = {0x87, 0xce, 0xe3, 0xa4, 0x6b, 0x31, 0x11, 0xe7,
                                     0xbd, 0xfd, 0x0d, 0x98, 0xd6, 0x69, 0x88, 0x70};
    bs_gtid_set *s = must_parse("87cee3a4-6b31-11e7-bdfd-0d98d6698870:1-14916", 0);
    assert_true(bs_check_gtid_set_contains_mysql(s, rust, NULL, 0, 14916));
    assert_false(bs_check_gtid_set_contains_mysql(s, rust, NULL, 0, 14917));
    bs_check_gtid_set_free(s);

    static const uint8_t gap[16] = {0x21, 0x4e, 0xb7, 0x1f, 0x96, 0xec, 0x11, 0xe8,
                                    0xab, 0x4f, 0xfa, 0x16, 0x3e, 0x72, 0xd4, 0xae};
    s = must_parse("214eb71f-96ec-11e8-ab4f-fa163e72d4ae:11757-11788:11790-11810", 0);
    assert_false(bs_check_gtid_set_contains_mysql(s, gap, NULL, 0, 11756));
    assert_true(bs_check_gtid_set_contains_mysql(s, gap, NULL, 0, 11788));
    assert_false(bs_check_gtid_set_contains_mysql(s, gap, NULL, 0, 11789));
    assert_true(bs_check_gtid_set_contains_mysql(s, gap, NULL, 0, 11790));
    assert_int_equal(bs_check_gtid_set_add_mysql(s, gap, NULL, 0, 11789), 0);
    text_is(s, "214eb71f-96ec-11e8-ab4f-fa163e72d4ae:11757-11810");
    bs_check_gtid_set_free(s);

    s = must_parse(U2 ":1-13:mytag:1-2", 0);
    assert_true(bs_check_gtid_set_contains_mysql(s, u2, "mytag", 5, 2));
    assert_false(bs_check_gtid_set_contains_mysql(s, u2, "mytag", 5, 3));
    assert_true(bs_check_gtid_set_contains_mysql(s, u2, NULL, 0, 13));
    bs_check_gtid_set_free(s);

    /* Three of them as SHOW MASTER STATUS would list them. */
    round_trip("87cee3a4-6b31-11e7-bdfd-0d98d6698870:1-14916,\n"
               "214eb71f-96ec-11e8-ab4f-fa163e72d4ae:11757-11788:11790-11800,\n" U2
               ":1-13:mytag:1-2",
               0, BS_GTID_MYSQL,
               "214eb71f-96ec-11e8-ab4f-fa163e72d4ae:11757-11788:11790-11800," U2
               ":1-13:mytag:1-2,87cee3a4-6b31-11e7-bdfd-0d98d6698870:1-14916");
}

/* Bytes the text functions never see as a C string: a NUL inside, and
 * every prefix of a valid set (each from its own exact-size buffer). */
static void test_lengths_respected(void **state)
{
    (void)state;
    bs_gtid_set *s = (bs_gtid_set *)&s;
    bs_error err;
    static const char nul[] = U1 ":1\0,x";
    assert_int_equal(bs_check_gtid_set_parse(nul, sizeof nul - 1, 0, &s, &err), BS_EINVAL);
    assert_null(s);
    static const char *full[] = {U1 ":1-5:tag:7," U2 ":9", "0-1-100,1-2-50"};
    for (size_t k = 0; k < 2; k++) {
        for (size_t n = 0; n <= strlen(full[k]); n++) {
            char *copy = malloc(n ? n : 1);
            assert_non_null(copy);
            memcpy(copy, full[k], n);
            int rc = bs_check_gtid_set_parse(copy, n, 0, &s, &err);
            assert_true(rc == 0 || rc == BS_EINVAL);
            if (rc == 0) bs_check_gtid_set_free(s);
            free(copy);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mysql_uuid_forms),
        cmocka_unit_test(test_mysql_sorting_and_merging),
        cmocka_unit_test(test_mysql_whitespace),
        cmocka_unit_test(test_mysql_tags),
        cmocka_unit_test(test_mysql_empty),
        cmocka_unit_test(test_mysql_malformed),
        cmocka_unit_test(test_mysql_contains),
        cmocka_unit_test(test_mysql_add),
        cmocka_unit_test(test_maria_parse),
        cmocka_unit_test(test_maria_malformed),
        cmocka_unit_test(test_maria_contains_and_add),
        cmocka_unit_test(test_flavor),
        cmocka_unit_test(test_single_gtid_text),
        cmocka_unit_test(test_fixture_sets),
        cmocka_unit_test(test_lengths_respected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
