/*
 * test_value_json.c - binary JSON and JSON diff rendering against exact text.
 *
 * Documents are spelled out byte by byte from the format description in
 * MySQL's sql-common/json_binary.cc (type byte; containers as count, size,
 * key entries, value entries, keys, values; offsets from the container's
 * first byte), so each test shows the encoding it exercises. Only the deep
 * nesting tests build their input in a loop. Expected text is what MySQL's
 * Json_wrapper::to_string() prints: ", " and ": " separators, my_gcvt()
 * doubles with ".0" on integral values, opaque temporals with six
 * fractional digits, base64 wrapped at 76 columns.
 *
 * Corrupt inputs (every truncation, offsets outside their container,
 * overlapping entries, excess depth) must give BS_ECORRUPT, leave the output
 * buffer as it was, and say where in the value the problem is.
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

#define PREFIX "col="

/* Render p[0..n) after PREFIX and compare. */
static void expect_json(const uint8_t *p, size_t n, const char *want)
{
    bs_buf out = {0};
    bs_error err = {0};
    assert_int_equal(bs_buf_puts(&out, PREFIX), 0);
    int rc = bs_value_json_text(p, n, &out, &err);
    if (rc) fail_msg("rc %d: %s", rc, err.message);
    assert_string_equal(out.data + strlen(PREFIX), want);
    bs_buf_free(&out);
}

static void expect_diff(const uint8_t *p, size_t n, const char *want)
{
    bs_buf out = {0};
    bs_error err = {0};
    assert_int_equal(bs_buf_puts(&out, PREFIX), 0);
    int rc = bs_value_json_diff_text(p, n, &out, &err);
    if (rc) fail_msg("rc %d: %s", rc, err.message);
    assert_string_equal(out.data + strlen(PREFIX), want);
    bs_buf_free(&out);
}

/* Expect BS_ECORRUPT, the output untouched, and (if given) this text in
 * the message. */
static void expect_corrupt_with(int (*render)(const uint8_t *, size_t, bs_buf *, bs_error *),
                                const uint8_t *p, size_t n, const char *msg)
{
    bs_buf out = {0};
    bs_error err = {0};
    assert_int_equal(bs_buf_puts(&out, PREFIX), 0);
    assert_int_equal(render(p, n, &out, &err), BS_ECORRUPT);
    assert_int_equal(err.code, BS_ECORRUPT);
    assert_string_equal(out.data, PREFIX);
    if (msg && !strstr(err.message, msg)) fail_msg("message \"%s\" lacks \"%s\"", err.message, msg);
    bs_buf_free(&out);
}

static void expect_corrupt(const uint8_t *p, size_t n, const char *msg)
{
    expect_corrupt_with(bs_value_json_text, p, n, msg);
}

static void expect_diff_corrupt(const uint8_t *p, size_t n, const char *msg)
{
    expect_corrupt_with(bs_value_json_diff_text, p, n, msg);
}

#define JSON(want, ...)                                                                            \
    do {                                                                                           \
        const uint8_t doc_[] = {__VA_ARGS__};                                                      \
        expect_json(doc_, sizeof doc_, want);                                                      \
    } while (0)

#define CORRUPT(msg, ...)                                                                          \
    do {                                                                                           \
        const uint8_t doc_[] = {__VA_ARGS__};                                                      \
        expect_corrupt(doc_, sizeof doc_, msg);                                                    \
    } while (0)

/* ---- documents ---- */

static void test_empty_document_is_null(void **state)
{
    (void)state;
    expect_json((const uint8_t *)"", 0, "null");
}

static void test_empty_containers(void **state)
{
    (void)state;
    JSON("{}", 0x00, 0, 0, 4, 0);                   /* small object: count 0, size 4 */
    JSON("[]", 0x02, 0, 0, 4, 0);                   /* small array */
    JSON("{}", 0x01, 0, 0, 0, 0, 8, 0, 0, 0);       /* large object: 4-byte count, size */
    JSON("[]", 0x03, 0, 0, 0, 0, 8, 0, 0, 0);       /* large array */
    JSON("[]", 0x02, 0, 0, 4, 0, 0xaa, 0xbb, 0xcc); /* bytes after the value are ignored */
}

static void test_literals_and_integers(void **state)
{
    (void)state;
    JSON("null", 0x04, 0x00);
    JSON("true", 0x04, 0x01);
    JSON("false", 0x04, 0x02);
    JSON("-1", 0x05, 0xff, 0xff);
    JSON("32767", 0x05, 0xff, 0x7f);
    JSON("65535", 0x06, 0xff, 0xff);
    JSON("-2147483648", 0x07, 0x00, 0x00, 0x00, 0x80);
    JSON("4294967295", 0x08, 0xff, 0xff, 0xff, 0xff);
    JSON("-9223372036854775808", 0x09, 0, 0, 0, 0, 0, 0, 0, 0x80);
    JSON("9223372036854775807", 0x09, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f);
    JSON("18446744073709551615", 0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
}

/* The 8 little-endian bytes of d after a double type byte. */
static void expect_double(double d, const char *want)
{
    uint8_t doc[9] = {0x0b};
    uint64_t bits;
    memcpy(&bits, &d, 8);
    for (int i = 0; i < 8; i++)
        doc[1 + i] = (uint8_t)(bits >> (8 * i));
    expect_json(doc, sizeof doc, want);
}

static void test_doubles(void **state)
{
    (void)state;
    /* integral values keep ".0" */
    expect_double(0.0, "0.0");
    expect_double(-0.0, "-0.0");
    expect_double(1.0, "1.0");
    expect_double(-42.0, "-42.0");
    expect_double(1e14, "100000000000000.0");
    /* fractions: shortest digits that read back */
    expect_double(0.1, "0.1");
    expect_double(3.14, "3.14");
    expect_double(-2.5, "-2.5");
    expect_double(12345.678, "12345.678");
    expect_double(1234567890123456.7, "1234567890123456.8");
    expect_double(1.5e-7, "0.00000015");
    expect_double(1e-15, "0.000000000000001");
    expect_double(5e-15, "0.000000000000005");
    /* exponents: past 15 integer digits or 14 leading zeros */
    expect_double(1e15, "1e15");
    expect_double(123456789012345678.0, "1.2345678901234568e17");
    expect_double(1e100, "1e100");
    expect_double(-1e-16, "-1e-16");
    expect_double(1.7976931348623157e308, "1.7976931348623157e308");
    expect_double(5e-324, "5e-324");
}

static void test_strings(void **state)
{
    (void)state;
    JSON("\"\"", 0x0c, 0);
    JSON("\"abc\"", 0x0c, 3, 'a', 'b', 'c');
    /* MySQL's escapes: named ones, \u00XX for other controls; '/' and DEL
     * stay as they are */
    JSON("\"q\\\"b\\\\n\\nt\\tb\\bf\\fr\\r\\u0001\\u001f/\x7f\"", 0x0c, 18, 'q', '"', 'b', '\\',
         'n', '\n', 't', '\t', 'b', '\b', 'f', '\f', 'r', '\r', 0x01, 0x1f, '/', 0x7f);
    /* multi-byte UTF-8 passes through: e-acute, euro sign, emoji */
    JSON("\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"", 0x0c, 9, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0,
         0x9f, 0x98, 0x80);
    /* bytes that are not UTF-8 become U+FFFD: a stray continuation byte, an
     * overlong '/', a surrogate, a truncated sequence */
    JSON("\"a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz"
         "\"",
         0x0c, 9, 'a', 0x80, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xe2, 'z');
}

static void test_string_two_byte_length(void **state)
{
    (void)state;
    uint8_t doc[3 + 200] = {0x0c, 0xc8, 0x01}; /* 200 = 0x48 | 1 << 7 */
    char want[2 + 200 + 1] = "\"";
    memset(doc + 3, 'x', 200);
    memset(want + 1, 'x', 200);
    want[201] = '"';
    expect_json(doc, sizeof doc, want);
}

/* {"a": 1, "b": [true, null]}: key and value entries, an int16 and
 * literals inlined, a nested array by offset. */
static const uint8_t nested_doc[] = {
    0x00, 2,   0,  30, 0, /* small object, 2 members, 30 bytes */
    18,   0,   1,  0,     /* key "a" at 18, length 1 */
    19,   0,   1,  0,     /* key "b" at 19 */
    0x05, 1,   0,         /* "a": int16 1, inlined */
    0x02, 20,  0,         /* "b": small array at 20 */
    'a',  'b',            /* keys */
    2,    0,   10, 0,     /* array: 2 elements, 10 bytes */
    0x04, 1,   0,         /* true, inlined */
    0x04, 0,   0,         /* null, inlined */
};

static void test_nested_object_and_array(void **state)
{
    (void)state;
    expect_json(nested_doc, sizeof nested_doc, "{\"a\": 1, \"b\": [true, null]}");
}

static void test_small_container_values_by_offset(void **state)
{
    (void)state;
    /* In the small form 32/64-bit integers, doubles and strings are stored
     * after the entries, at the offsets the entries give. */
    JSON("[70000, -1, 18446744073709551615, 0.5, \"hi\"]", 0x02, 5, 0, 50, 0, /* 5 entries */
         0x07, 19, 0, 0x09, 23, 0, 0x0a, 31, 0, 0x0b, 39, 0, 0x0c, 47, 0,     /* header: 19 */
         0x70, 0x11, 0x01, 0x00,                                              /* 19: int32 */
         0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,                      /* 23: int64 */
         0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,                      /* 31: uint64 */
         0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xe0, 0x3f,                      /* 39: double */
         2, 'h', 'i');                                                        /* 47: string */
}

static void test_large_containers(void **state)
{
    (void)state;
    /* {"k": "v"} in the large form: key entries are 4+2 bytes, value
     * entries 1+4 */
    JSON("{\"k\": \"v\"}", 0x01, 1, 0, 0, 0, 22, 0, 0, 0, /* 1 member, 22 bytes */
         19, 0, 0, 0, 1, 0,                               /* key at 19, length 1 */
         0x0c, 20, 0, 0, 0,                               /* string at 20 */
         'k', 1, 'v');
    /* large arrays inline int32 and uint32 too */
    JSON("[-5, 4000000000, 7, false]", 0x03, 4, 0, 0, 0, 28, 0, 0, 0, /* 4 elements, 28 bytes */
         0x07, 0xfb, 0xff, 0xff, 0xff,                                /* int32 -5 */
         0x08, 0x00, 0x28, 0x6b, 0xee,                                /* uint32 4000000000 */
         0x05, 7, 0, 0, 0,                                            /* int16 7 */
         0x04, 2, 0, 0, 0);                                           /* false */
}

static void test_inlined_in_small_object(void **state)
{
    (void)state;
    JSON("{\"n\": null, \"i\": -2, \"u\": 65535}", 0x00, 3, 0, 28, 0, /* keys sorted by length */
         25, 0, 1, 0, 26, 0, 1, 0, 27, 0, 1, 0,                       /* keys at 25, 26, 27 */
         0x04, 0, 0, 0x05, 0xfe, 0xff, 0x06, 0xff, 0xff,              /* all inline */
         'n', 'i', 'u');
}

/* ---- opaque values ---- */

/* TIME_to_longlong_datetime_packed / _time_packed, from MySQL's my_time.cc */
static int64_t pack_datetime(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi,
                             unsigned s, unsigned us)
{
    int64_t ymd = (int64_t)((y * 13 + mo) << 5 | d), hms = h << 12 | mi << 6 | s;
    return (ymd << 17 | hms) << 24 | us;
}

static int64_t pack_time(int neg, unsigned h, unsigned mi, unsigned s, unsigned us)
{
    int64_t t = (int64_t)(h << 12 | mi << 6 | s) << 24 | us;
    return neg ? -t : t;
}

static void expect_opaque_temporal(unsigned type, int64_t packed, const char *want)
{
    uint8_t doc[11] = {0x0f, (uint8_t)type, 8};
    for (int i = 0; i < 8; i++)
        doc[3 + i] = (uint8_t)((uint64_t)packed >> (8 * i));
    expect_json(doc, sizeof doc, want);
}

static void test_opaque_temporals(void **state)
{
    (void)state;
    expect_opaque_temporal(BS_TYPE_DATE, pack_datetime(2012, 3, 18, 0, 0, 0, 0), "\"2012-03-18\"");
    expect_opaque_temporal(BS_TYPE_DATETIME, pack_datetime(2012, 3, 18, 11, 30, 45, 0),
                           "\"2012-03-18 11:30:45.000000\"");
    expect_opaque_temporal(BS_TYPE_TIMESTAMP, pack_datetime(2001, 2, 3, 4, 5, 6, 700000),
                           "\"2001-02-03 04:05:06.700000\"");
    expect_opaque_temporal(BS_TYPE_TIME, pack_time(0, 87, 31, 46, 654321), "\"87:31:46.654321\"");
    expect_opaque_temporal(BS_TYPE_TIME, pack_time(1, 838, 59, 59, 0), "\"-838:59:59.000000\"");
    expect_opaque_temporal(BS_TYPE_TIME, pack_time(1, 0, 0, 1, 5), "\"-00:00:01.000005\"");
}

static void test_opaque_decimal(void **state)
{
    (void)state;
    /* precision, scale, then the binary decimal; printed as a bare number */
    JSON("123.456", 0x0f, 246, 6, 6, 3, 0x80, 0x7b, 0x01, 0xc8);      /* DECIMAL(6,3) */
    JSON("-9.00", 0x0f, 246, 4, 3, 2, 0x76, 0xff);                    /* DECIMAL(3,2) */
    JSON("[0.5]", 0x02, 1, 0, 12, 0, 0x0f, 7, 0, 246, 3, 1, 1, 0x85); /* DECIMAL(1,1) by offset */
}

static void test_opaque_other_types(void **state)
{
    (void)state;
    JSON("\"base64:type15:VQ==\"", 0x0f, 15, 1, 'U'); /* VARCHAR */
    JSON("\"base64:type15:\"", 0x0f, 15, 0);
    JSON("\"base64:type255:AAE=\"", 0x0f, 255, 2, 0x00, 0x01);
    JSON("\"base64:type16:AAEC\"", 0x0f, 16, 3, 0x00, 0x01, 0x02); /* BIT, no padding */
    JSON("\"hi\"", 0x0f, 253, 2, 'h', 'i');                        /* VAR_STRING: a string */

    /* 60 bytes make 80 base64 characters: a line break after 76 */
    uint8_t doc[3 + 60] = {0x0f, 252, 60};
    for (int i = 0; i < 60; i++)
        doc[3 + i] = (uint8_t)i;
    expect_json(doc, sizeof doc,
                "\"base64:type252:"
                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4"
                "\\nOTo7\"");
}

/* ---- depth ---- */

/* levels nested arrays, [[...[]...]], built inside out from the end of
 * buf: the innermost is empty (count 0, size 4), each wrapper holds one
 * entry pointing just past its 7-byte header. */
static size_t nested_arrays(uint8_t *buf, size_t cap, unsigned levels)
{
    size_t start = cap - 4, size = 4;
    memcpy(buf + start, (const uint8_t[]){0, 0, 4, 0}, 4);
    for (unsigned l = 1; l < levels; l++) {
        size += 7;
        start -= 7;
        memcpy(buf + start,
               (const uint8_t[]){1, 0, (uint8_t)size, (uint8_t)(size >> 8), 0x02, 7, 0}, 7);
    }
    buf[--start] = 0x02;
    memmove(buf, buf + start, size + 1);
    return size + 1;
}

static void test_depth_limit(void **state)
{
    (void)state;
    static uint8_t doc[2000];
    char want[256];
    size_t n = nested_arrays(doc, sizeof doc, 100);
    memset(want, '[', 100);
    memset(want + 100, ']', 100);
    want[200] = 0;
    expect_json(doc, n, want);

    n = nested_arrays(doc, sizeof doc, 101);
    expect_corrupt(doc, n, "containers nest deeper than 100 levels at byte 701");
}

/* ---- corrupt documents ---- */

static void test_every_truncation_is_corrupt(void **state)
{
    (void)state;
    for (size_t n = 1; n < sizeof nested_doc; n++)
        expect_corrupt(nested_doc, n, "at byte");
    const uint8_t str[] = {0x0c, 3, 'a', 'b', 'c'};
    for (size_t n = 1; n < sizeof str; n++)
        expect_corrupt(str, n,
                       "string value has a bad length or runs past its container at byte 1");
    const uint8_t i64[] = {0x09, 1, 2, 3, 4, 5, 6, 7, 8};
    for (size_t n = 1; n < sizeof i64; n++)
        expect_corrupt(i64, n, "int64 value has a bad length or runs past its container");
    const uint8_t opaque[] = {0x0f, 15, 2, 'a', 'b'};
    for (size_t n = 1; n < sizeof opaque; n++)
        expect_corrupt(opaque, n, "opaque value has a bad length or runs past its container");
}

static void test_out_of_bounds(void **state)
{
    (void)state;
    /* size larger than the document */
    CORRUPT("array of 9 bytes runs past its container (4 bytes left) at byte 1", 0x02, 0, 0, 9, 0);
    /* entries for 2 elements need 10 bytes, size says 7 */
    CORRUPT("array entries for 2 elements do not fit in its 7 bytes at byte 1", 0x02, 2, 0, 7, 0,
            0x04, 0, 0);
    /* value offset beyond the container */
    CORRUPT("value at offset 40 lies outside its 11-byte container at byte 5", 0x02, 1, 0, 11, 0,
            0x07, 40, 0, 1, 0, 0, 0);
    /* value offset pointing back into the header */
    CORRUPT("value at offset 2 lies outside", 0x02, 1, 0, 11, 0, 0x07, 2, 0, 1, 0, 0, 0);
    /* key running past the object */
    CORRUPT("key at offset 11 (5 bytes) lies outside its 12-byte object at byte 5", 0x00, 1, 0, 12,
            0, 11, 0, 5, 0, 0x04, 0, 0, 'k');
    /* key offset inside the entries */
    CORRUPT("key at offset 4 (1 bytes) lies outside", 0x00, 1, 0, 12, 0, 4, 0, 1, 0, 0x04, 0, 0,
            'k');
    /* large form claims 4 GiB */
    CORRUPT("object of 4294967295 bytes runs past its container", 0x01, 0, 0, 0, 0, 0xff, 0xff,
            0xff, 0xff);
    /* truncated header */
    CORRUPT("array header runs past its container at byte 1", 0x03, 0, 0, 0);
}

static void test_bad_types_and_lengths(void **state)
{
    (void)state;
    CORRUPT("value has unknown type 0x0d at byte 1", 0x0d, 0);
    CORRUPT("value has unknown type 0x0e at byte 8", 0x02, 1, 0, 9, 0, 0x0e, 7, 0, 0, 0);
    CORRUPT("unknown literal 0x03 at byte 1", 0x04, 3);
    CORRUPT("unknown literal 0x07 at byte 6", 0x02, 1, 0, 7, 0, 0x04, 7, 0);
    /* variable length: more than 5 bytes, more than 32 bits, past the end */
    CORRUPT("string value has a bad length", 0x0c, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01);
    CORRUPT("string value has a bad length", 0x0c, 0xff, 0xff, 0xff, 0xff, 0x7f);
    CORRUPT("string value has a bad length", 0x0c, 0x81);
    /* opaque temporals must be 8 bytes and hold a possible time */
    CORRUPT("opaque DATETIME has 4 bytes, not 8 at byte 1", 0x0f, 12, 4, 0, 0, 0, 0);
    CORRUPT("opaque TIME holds an impossible time", 0x0f, 11, 8, /* 16777215 microseconds */
            0xff, 0xff, 0xff, 0, 0, 0, 0, 0);
    CORRUPT("opaque DATETIME holds an impossible time", 0x0f, 12, 8, /* hour 31 */
            0, 0, 0, 0, 0xf0, 0x01, 0, 0);
    CORRUPT("opaque DATE holds an impossible time", 0x0f, 10, 8, /* year 10082 */
            0, 0, 0, 0, 0, 0xc0, 0xff, 0x7f);
    /* opaque decimals: size must match precision and scale, digits valid */
    CORRUPT("opaque DECIMAL of 5 bytes does not match its precision and scale at byte 1", 0x0f, 246,
            5, 6, 3, 0x80, 0x7b, 0x01);
    CORRUPT("opaque DECIMAL of 2 bytes does not match", 0x0f, 246, 2, 0, 0);
    CORRUPT("opaque DECIMAL has malformed digits", 0x0f, 246, 3, 1, 0, 0x8a); /* digit 10 */
}

static void test_overlapping_entries(void **state)
{
    (void)state;
    /* two entries pointing at the same string: fine for the first visit,
     * more than the document holds on the second */
    CORRUPT("entries point at overlapping bytes", 0x02, 2, 0, 13, 0, 0x0c, 10, 0, 0x0c, 10, 0, 2,
            'h', 'i');
    /* a chain of arrays whose two entries both point at the next one would
     * render 2^30 leaves from 200 bytes */
    uint8_t doc[1 + 30 * 10 + 4];
    size_t at = 1, size = 4 + 30 * 10;
    doc[0] = 0x02;
    for (int level = 0; level < 30; level++, size -= 10, at += 10)
        memcpy(doc + at,
               (uint8_t[]){2, 0, (uint8_t)size, (uint8_t)(size >> 8), 0x02, 10, 0, 0x02, 10, 0},
               10);
    memcpy(doc + at, (uint8_t[]){0, 0, 4, 0}, 4);
    expect_corrupt(doc, sizeof doc, "entries point at overlapping bytes");
}

static void test_output_kept_on_error(void **state)
{
    (void)state;
    /* the first element renders, the second is bad: nothing may remain */
    bs_buf out = {0};
    bs_error err = {0};
    const uint8_t doc[] = {0x02, 2, 0, 10, 0, 0x04, 1, 0, 0x04, 9, 0};
    assert_int_equal(bs_buf_puts(&out, "keep"), 0);
    assert_int_equal(bs_value_json_text(doc, sizeof doc, &out, &err), BS_ECORRUPT);
    assert_string_equal(out.data, "keep");
    assert_int_equal(out.len, 4);
    assert_string_equal(err.message, "binary JSON: unknown literal 0x09 at byte 9");
    bs_buf_free(&out);
}

/* ---- diff vectors ---- */

/* Operation byte, length-encoded path, length-encoded binary JSON value. */
static const uint8_t three_ops[] = {
    0, 3, '$', '.', 'a', 3,   0x05, 26,   0,      /* replace $.a with 26 */
    1, 4, '$', '[', '1', ']', 3,    0x0c, 1, 'x', /* insert "x" at $[1] */
    2, 3, '$', '.', 'b',                          /* remove $.b */
};

static void test_diff_operations(void **state)
{
    (void)state;
    expect_diff(three_ops, sizeof three_ops,
                "[{\"op\":\"replace\",\"path\":\"$.a\",\"value\":26},"
                "{\"op\":\"insert\",\"path\":\"$[1]\",\"value\":\"x\"},"
                "{\"op\":\"remove\",\"path\":\"$.b\"}]");
}

static void test_diff_values_and_paths(void **state)
{
    (void)state;
    expect_diff((const uint8_t *)"", 0, "[]"); /* a no-op update */
    /* replace with an object {"k": true}; a zero-length value is JSON null */
    const uint8_t values[] = {0, 3, '$',  '.', 'o', 13,  0x00, 1, 0,   12,  0,   11, 0,
                              1, 0, 0x04, 1,   0,   'k', 0,    3, '$', '.', 'z', 0};
    expect_diff(values, sizeof values,
                "[{\"op\":\"replace\",\"path\":\"$.o\",\"value\":{\"k\": true}},"
                "{\"op\":\"replace\",\"path\":\"$.z\",\"value\":null}]");
    /* a quoted member name in the path is escaped */
    const uint8_t quoted[] = {2, 7, '$', '.', '"', 'a', ' ', 'b', '"'};
    expect_diff(quoted, sizeof quoted, "[{\"op\":\"remove\",\"path\":\"$.\\\"a b\\\"\"}]");
    /* a 300-byte path takes a 0xfc two-byte length */
    uint8_t longp[1 + 3 + 300] = {2, 0xfc, 0x2c, 0x01, '$', '.'};
    memset(longp + 6, 'p', 298);
    bs_buf out = {0};
    bs_error err = {0};
    assert_int_equal(bs_value_json_diff_text(longp, sizeof longp, &out, &err), 0);
    assert_int_equal(out.len, strlen("[{\"op\":\"remove\",\"path\":\"\"}]") + 300);
    bs_buf_free(&out);
}

static void test_diff_truncations(void **state)
{
    (void)state;
    /* a prefix ending between operations is a shorter valid diff; any other
     * prefix is corrupt */
    const size_t boundaries[] = {0, 9, 19};
    for (size_t n = 0; n < sizeof three_ops; n++) {
        int boundary = n == boundaries[0] || n == boundaries[1] || n == boundaries[2];
        bs_buf out = {0};
        bs_error err = {0};
        int rc = bs_value_json_diff_text(three_ops, n, &out, &err);
        assert_int_equal(rc, boundary ? 0 : BS_ECORRUPT);
        bs_buf_free(&out);
    }
}

static void test_diff_corrupt(void **state)
{
    (void)state;
    const uint8_t bad_op[] = {3, 1, '$'};
    expect_diff_corrupt(bad_op, sizeof bad_op,
                        "JSON diff: operation 1: unknown operation at byte 0");
    const uint8_t null_len[] = {2, 0xfb};
    expect_diff_corrupt(null_len, sizeof null_len, "operation 1: path runs past the end at byte 1");
    const uint8_t no_dollar[] = {2, 2, '.', 'a'};
    expect_diff_corrupt(no_dollar, sizeof no_dollar, "path does not start with '$' at byte 2");
    const uint8_t empty_path[] = {2, 0};
    expect_diff_corrupt(empty_path, sizeof empty_path, "path does not start with '$'");
    const uint8_t long_value[] = {2, 1, '$', 0, 1, '$', 9, 0x04};
    expect_diff_corrupt(long_value, sizeof long_value,
                        "operation 2: value runs past the end at byte 6");
    /* a bad value inside the second operation: offset counts from the start
     * of the diff */
    const uint8_t bad_value[] = {2, 1, '$', 0, 1, '$', 2, 0x04, 0x05};
    expect_diff_corrupt(bad_value, sizeof bad_value,
                        "JSON diff value: unknown literal 0x05 at byte 8");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_document_is_null),
        cmocka_unit_test(test_empty_containers),
        cmocka_unit_test(test_literals_and_integers),
        cmocka_unit_test(test_doubles),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_string_two_byte_length),
        cmocka_unit_test(test_nested_object_and_array),
        cmocka_unit_test(test_small_container_values_by_offset),
        cmocka_unit_test(test_large_containers),
        cmocka_unit_test(test_inlined_in_small_object),
        cmocka_unit_test(test_opaque_temporals),
        cmocka_unit_test(test_opaque_decimal),
        cmocka_unit_test(test_opaque_other_types),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_every_truncation_is_corrupt),
        cmocka_unit_test(test_out_of_bounds),
        cmocka_unit_test(test_bad_types_and_lengths),
        cmocka_unit_test(test_overlapping_entries),
        cmocka_unit_test(test_output_kept_on_error),
        cmocka_unit_test(test_diff_operations),
        cmocka_unit_test(test_diff_values_and_paths),
        cmocka_unit_test(test_diff_truncations),
        cmocka_unit_test(test_diff_corrupt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
