/*
 * test_gtid.c - GTID_TAGGED events and (tagged) PREVIOUS_GTIDS sets.
 *
 * GTID_TAGGED bodies are built with an encoder for MySQL's serialization
 * format written from its definition (libs/mysql/serialization: varlen
 * integers whose first byte's trailing ones count the extra bytes, zigzag
 * for signed values; a message header of format version, total size and
 * last non-ignorable field id; fields as varlen id + value, in id order).
 * Gtid_sets are built field by field (8-byte sid count with the format
 * marker in its top byte, per sid UUID, varlen tag when tagged, interval
 * count and [start, end) pairs). Each event is framed into a tiny binlog
 * (binlog_builder.h) and read back through the public reader, so malformed
 * input is seen exactly as a real file would be: as BS_ECORRUPT naming the
 * event's offset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "binlog_builder.h"

static const uint8_t uuid_a[16] = {0x55, 0x77, 0x89, 0x04, 0x02, 0x99, 0x11, 0xf1,
                                   0xb1, 0xb8, 0x4e, 0xf0, 0xc4, 0x95, 0x6f, 0xeb};
static const uint8_t uuid_b[16] = {0xff, 0x00, 0x80, 0x7f, 0x01, 0xfe, 0x10, 0xef,
                                   0xaa, 0x55, 0x00, 0x00, 0xff, 0xff, 0x12, 0x34};
#define UUID_A "55778904-0299-11f1-b1b8-4ef0c4956feb"
#define UUID_B "ff00807f-01fe-10ef-aa55-0000ffff1234"

/* ---- the serialization format ---- */

/* n bytes hold 7n value bits (n <= 8); 9 bytes hold 64. */
static unsigned varlen_size(uint64_t v)
{
    unsigned n = 1;
    while (n < 9 && (n == 8 ? v >> 56 : v >> (7 * n)))
        n++;
    return n;
}

static void put_varlen(bb *b, uint64_t v)
{
    unsigned n = varlen_size(v);
    if (n == 9) {
        bb_u8(b, 0xff);
        bb_le(b, v, 8);
        return;
    }
    bb_le(b, v << n | ((1u << (n - 1)) - 1), n); /* n - 1 ones, a zero, the value */
}

static void put_signed(bb *b, int64_t v)
{
    put_varlen(b, v >= 0 ? (uint64_t)v << 1 : (uint64_t)(-(v + 1)) << 1 | 1);
}

static void f_uint(bb *m, unsigned id, uint64_t v)
{
    put_varlen(m, id);
    put_varlen(m, v);
}

static void f_int(bb *m, unsigned id, int64_t v)
{
    put_varlen(m, id);
    put_signed(m, v);
}

static void f_uuid(bb *m, const uint8_t *u)
{
    put_varlen(m, 1);
    for (unsigned i = 0; i < 16; i++)
        put_varlen(m, u[i]);
}

static void f_tag(bb *m, const char *tag)
{
    put_varlen(m, 3);
    put_varlen(m, strlen(tag));
    bb_put(m, tag, strlen(tag));
}

/* Header + fields; the size counts the whole message, itself included. */
static void message(bb *out, const bb *fields, uint64_t last_non_ignorable)
{
    uint64_t size = fields->len, prev;
    do {
        prev = size;
        size = 1 + varlen_size(prev) + varlen_size(last_non_ignorable) + fields->len;
    } while (size != prev);
    put_varlen(out, 1); /* format version */
    put_varlen(out, size);
    put_varlen(out, last_non_ignorable);
    bb_put(out, fields->data, fields->len);
}

/* ---- one event in a binlog ---- */

/* Frame body as an event of type after the FDE; read the FDE. */
static void open_one(bb_session *s, unsigned type, const bb *body, uint64_t *offset)
{
    bb b = {0};
    bb_begin(&b);
    *offset = b.len;
    bb_event_begin(&b, type);
    bb_put(&b, body->data, body->len);
    bb_event_end(&b);
    bb_open(s, &b);
    bb_free(&b);
    bs_binlog_event ev;
    bb_next(s, &ev, BS_EV_FORMAT_DESCRIPTION);
}

static void decode_ok(unsigned type, const bb *body, bs_binlog_event *ev, bb_session *s)
{
    uint64_t off;
    open_one(s, type, body, &off);
    bb_next(s, ev, type);
    assert_int_equal(ev->offset, off);
}

/* The event must fail with code, reported at its own offset. */
static void decode_fails(unsigned type, const bb *body, int code)
{
    bb_session s;
    bs_binlog_event ev;
    uint64_t off;
    open_one(&s, type, body, &off);
    int rc = bb_next_rc(&s, &ev);
    if (rc != code) fail_msg("expected rc %d, got %d (%s)", code, rc, s.err.message);
    assert_int_equal(s.err.code, code);
    assert_int_equal(s.err.offset, off);
    bb_close(&s);
}

/* ---- GTID_TAGGED ---- */

static void test_tagged_all_fields(void **state)
{
    (void)state;
    bb f = {0}, body = {0};
    f_uint(&f, 0, 0);
    f_uuid(&f, uuid_a);
    f_int(&f, 2, 3);
    f_tag(&f, "mytag");
    f_int(&f, 4, 0);
    f_int(&f, 5, 1);
    f_uint(&f, 6, 1770368687207196ull);
    f_uint(&f, 7, 1770368600000000ull);
    f_uint(&f, 8, 296);
    f_uint(&f, 9, 90600);
    f_uint(&f, 10, 80400);
    f_uint(&f, 11, 77);
    message(&body, &f, 0);
    bb_session s;
    bs_binlog_event ev;
    decode_ok(BS_EV_GTID_TAGGED, &body, &ev, &s);
    const bs_binlog_gtid *g = &ev.u.gtid;
    assert_int_equal(g->flags, 0);
    assert_memory_equal(g->sid, uuid_a, 16);
    assert_int_equal(g->gno, 3);
    assert_int_equal(g->tag.len, 5);
    assert_memory_equal(g->tag.ptr, "mytag", 5);
    assert_true(g->has_logical_clock);
    assert_int_equal(g->last_committed, 0);
    assert_int_equal(g->sequence_number, 1);
    assert_int_equal(g->immediate_commit_ts, 1770368687207196ull);
    assert_int_equal(g->original_commit_ts, 1770368600000000ull);
    assert_int_equal(g->transaction_length, 296);
    assert_int_equal(g->immediate_server_version, 90600);
    assert_int_equal(g->original_server_version, 80400);
    assert_int_equal(bb_next_rc(&s, &ev), 0);
    bb_close(&s);
    bb_free(&f);
    bb_free(&body);
}

/* Left-out fields take MySQL's defaults: flags FLAG_MAY_HAVE_SBR, no
 * logical clock, originals equal to the immediate values. Values near the
 * top of the ranges exercise the 8- and 9-byte integer forms. */
static void test_tagged_defaults_and_wide_values(void **state)
{
    (void)state;
    bb f = {0}, body = {0};
    f_uuid(&f, uuid_b);
    f_int(&f, 2, INT64_MAX - 1);
    f_tag(&f, "_a1_B2_c3_d4_e5_f6_g7_h8_i9_j0_k"); /* 32 characters */
    f_uint(&f, 6, UINT64_MAX);
    f_uint(&f, 8, (1ull << 56) - 1);
    f_uint(&f, 9, UINT32_MAX);
    message(&body, &f, 0);
    bb_session s;
    bs_binlog_event ev;
    decode_ok(BS_EV_GTID_TAGGED, &body, &ev, &s);
    const bs_binlog_gtid *g = &ev.u.gtid;
    assert_int_equal(g->flags, 1);
    assert_memory_equal(g->sid, uuid_b, 16);
    assert_int_equal(g->gno, INT64_MAX - 1);
    assert_int_equal(g->tag.len, 32);
    assert_false(g->has_logical_clock);
    assert_int_equal(g->immediate_commit_ts, UINT64_MAX);
    assert_int_equal(g->original_commit_ts, UINT64_MAX);
    assert_int_equal(g->transaction_length, (1ull << 56) - 1);
    assert_int_equal(g->immediate_server_version, UINT32_MAX);
    assert_int_equal(g->original_server_version, UINT32_MAX);
    bb_close(&s);
    bb_free(&f);
    bb_free(&body);
}

/* Fields a newer server adds after the known ones are skipped when the
 * writer marks them ignorable; the message size, not the event end, bounds
 * the walk. */
static void test_tagged_skips_ignorable_fields(void **state)
{
    (void)state;
    bb f = {0}, body = {0};
    f_uuid(&f, uuid_a);
    f_int(&f, 2, 9);
    f_tag(&f, "t");
    f_uint(&f, 12, 123456);
    f_uint(&f, 13, 7);
    message(&body, &f, 3);
    bb_u8(&body, 0xee); /* bytes after the message are not looked at */
    bb_session s;
    bs_binlog_event ev;
    decode_ok(BS_EV_GTID_TAGGED, &body, &ev, &s);
    assert_int_equal(ev.u.gtid.gno, 9);
    assert_int_equal(ev.u.gtid.tag.len, 1);
    bb_close(&s);
    bb_free(&f);
    bb_free(&body);
}

/* A tagged event built from fields, optionally with one field's value
 * replaced by raw bytes (bad), to make malformed variants. */
static void tagged_variant(bb *body, int bad_field, const uint8_t *bad, size_t bad_len,
                           uint64_t last_non_ignorable)
{
    bb f = {0};
    for (unsigned id = 1; id <= 3; id++) {
        if ((int)id == bad_field) {
            put_varlen(&f, id);
            bb_put(&f, bad, bad_len);
        } else if (id == 1) {
            f_uuid(&f, uuid_a);
        } else if (id == 2) {
            f_int(&f, 2, 1);
        } else {
            f_tag(&f, "ok");
        }
    }
    message(body, &f, last_non_ignorable);
    bb_free(&f);
}

static void expect_tagged_fails(int bad_field, const uint8_t *bad, size_t n, uint64_t lnif,
                                int code)
{
    bb body = {0};
    tagged_variant(&body, bad_field, bad, n, lnif);
    decode_fails(BS_EV_GTID_TAGGED, &body, code);
    bb_free(&body);
}

static void test_tagged_malformed(void **state)
{
    (void)state;
    expect_tagged_fails(0, NULL, 0, 13, BS_EUNSUPPORTED); /* unknown non-ignorable field */
    expect_tagged_fails(2, (const uint8_t[]){0}, 1, 0, BS_ECORRUPT);    /* GNO 0 */
    expect_tagged_fails(2, (const uint8_t[]){0x02}, 1, 0, BS_ECORRUPT); /* GNO -1 */
    expect_tagged_fails(2, (const uint8_t[]){0x7f}, 1, 0, BS_ECORRUPT); /* 8-byte varlen, cut */
    expect_tagged_fails(3, (const uint8_t[]){0x0a, 'm', 'y', '-', 'a', 'b'}, 6, 0, BS_ECORRUPT);
    expect_tagged_fails(3, (const uint8_t[]){0x06, '1', 'a', 'b'}, 4, 0, BS_ECORRUPT);
    uint8_t long_tag[34] = {33 << 1};
    memset(long_tag + 1, 'a', 33);
    expect_tagged_fails(3, long_tag, sizeof long_tag, 0, BS_ECORRUPT);
    expect_tagged_fails(3, (const uint8_t[]){0x0a, 'a', 'b'}, 3, 0, BS_ECORRUPT); /* short */
    /* A UUID byte above 255 (2-byte varlen 256), then 15 more bytes. */
    uint8_t big[17] = {0x01, 0x04};
    expect_tagged_fails(1, big, sizeof big, 0, BS_ECORRUPT);

    bb f = {0}, body = {0};
    f_int(&f, 2, 1); /* no UUID */
    message(&body, &f, 0);
    decode_fails(BS_EV_GTID_TAGGED, &body, BS_ECORRUPT);
    bb_free(&body);
    f.len = 0;
    f_uuid(&f, uuid_a); /* no GNO */
    message(&body, &f, 0);
    decode_fails(BS_EV_GTID_TAGGED, &body, BS_ECORRUPT);
    bb_free(&body);
    f.len = 0;
    f_uuid(&f, uuid_a);
    f_int(&f, 2, 1);
    f_uint(&f, 9, 1ull << 32); /* server version beyond 32 bits */
    message(&body, &f, 0);
    decode_fails(BS_EV_GTID_TAGGED, &body, BS_ECORRUPT);
    bb_free(&body);
    bb_free(&f);
}

/* Header damage: format version, declared size, empty body. */
static void test_tagged_bad_header(void **state)
{
    (void)state;
    bb body = {0};
    decode_fails(BS_EV_GTID_TAGGED, &body, BS_ECORRUPT); /* empty */
    tagged_variant(&body, 0, NULL, 0, 0);
    body.data[0] = 2 << 1; /* format version 2 */
    decode_fails(BS_EV_GTID_TAGGED, &body, BS_ECORRUPT);
    body.data[0] = 1 << 1;
    body.data[1] = (uint8_t)((body.len + 1) << 1); /* size one past the body */
    decode_fails(BS_EV_GTID_TAGGED, &body, BS_ECORRUPT);
    body.data[1] = 2 << 1; /* size smaller than the header */
    decode_fails(BS_EV_GTID_TAGGED, &body, BS_ECORRUPT);
    body.data[1] = (uint8_t)((body.len - 1) << 1); /* the tag runs past the message */
    decode_fails(BS_EV_GTID_TAGGED, &body, BS_ECORRUPT);
    bb_free(&body);
}

/* ---- PREVIOUS_GTIDS ---- */

typedef struct sid_spec {
    const uint8_t *uuid;
    const char *tag; /* NULL: untagged format (no tag bytes at all) */
    unsigned n;
    int64_t iv[4][2];
} sid_spec;

static void gtid_set(bb *b, int tagged, const sid_spec *sids, unsigned nsids)
{
    if (tagged)
        bb_le(b, 1ull << 56 | (uint64_t)nsids << 8 | 1, 8);
    else
        bb_le(b, nsids, 8);
    for (unsigned s = 0; s < nsids; s++) {
        bb_put(b, sids[s].uuid, 16);
        if (tagged) {
            put_varlen(b, strlen(sids[s].tag));
            bb_put(b, sids[s].tag, strlen(sids[s].tag));
        }
        bb_le(b, sids[s].n, 8);
        for (unsigned i = 0; i < sids[s].n; i++) {
            bb_le(b, (uint64_t)sids[s].iv[i][0], 8);
            bb_le(b, (uint64_t)sids[s].iv[i][1], 8);
        }
    }
}

static void set_text_is(const bb *raw, const char *want)
{
    bs_binlog_previous_gtids pg = {{raw->data, raw->len}, 0};
    bs_buf out = {0};
    bs_error err;
    int rc = bs_binlog_previous_gtids_text(&pg, &out, &err);
    if (rc) fail_msg("rc %d: %s", rc, err.message);
    assert_string_equal(out.data ? out.data : "", want);
    bs_buf_free(&out);
}

static void set_is_corrupt(const bb *raw)
{
    bs_binlog_previous_gtids pg = {{raw->data, raw->len}, 0};
    bs_buf out = {0};
    bs_error err;
    assert_int_equal(bs_binlog_previous_gtids_text(&pg, &out, &err), BS_ECORRUPT);
    bs_buf_free(&out);
    decode_fails(BS_EV_PREVIOUS_GTIDS, raw, BS_ECORRUPT);
}

static void test_untagged_set(void **state)
{
    (void)state;
    const sid_spec sids[2] = {{uuid_a, NULL, 2, {{1, 6}, {7, 8}}}, {uuid_b, NULL, 1, {{3, 4}}}};
    bb raw = {0};
    gtid_set(&raw, 0, sids, 2);
    set_text_is(&raw, UUID_A ":1-5:7," UUID_B ":3");
    bb_session s;
    bs_binlog_event ev;
    decode_ok(BS_EV_PREVIOUS_GTIDS, &raw, &ev, &s);
    assert_false(ev.u.previous_gtids.tagged);
    assert_int_equal(ev.u.previous_gtids.raw.len, raw.len);
    bb_close(&s);
    bb_free(&raw);

    gtid_set(&raw, 0, NULL, 0); /* the empty set */
    set_text_is(&raw, "");
    bb_free(&raw);
}

/* Tags follow their UUID, which MySQL prints once per run of equal UUIDs. */
static void test_tagged_set(void **state)
{
    (void)state;
    const sid_spec sids[4] = {
        {uuid_a, "", 1, {{1, 14}}},
        {uuid_a, "mytag", 1, {{1, 3}}},
        {uuid_a, "other", 2, {{5, 6}, {8, 10}}},
        {uuid_b, "x", 1, {{INT64_MAX - 1, INT64_MAX}}},
    };
    bb raw = {0};
    gtid_set(&raw, 1, sids, 4);
    set_text_is(&raw, UUID_A ":1-13:mytag:1-2:other:5:8-9," UUID_B ":x:9223372036854775806");
    bb_session s;
    bs_binlog_event ev;
    decode_ok(BS_EV_PREVIOUS_GTIDS, &raw, &ev, &s);
    assert_true(ev.u.previous_gtids.tagged);
    bb_close(&s);
    bb_free(&raw);

    const sid_spec only_tagged[1] = {{uuid_b, "t", 1, {{2, 3}}}};
    gtid_set(&raw, 1, only_tagged, 1);
    set_text_is(&raw, UUID_B ":t:2");
    bb_free(&raw);
}

static void corrupt_variant(int tagged, const sid_spec *sids, unsigned n)
{
    bb raw = {0};
    gtid_set(&raw, tagged, sids, n);
    set_is_corrupt(&raw);
    bb_free(&raw);
}

static void test_malformed_sets(void **state)
{
    (void)state;
    /* Intervals the server would reject: empty, reversed, starting at 0,
     * overlapping, adjacent, out of order. */
    static const int64_t bad[][2][2] = {
        {{5, 5}, {0, 0}}, {{6, 5}, {0, 0}}, {{0, 3}, {0, 0}}, {{-4, 3}, {0, 0}},
        {{1, 5}, {4, 8}}, {{1, 5}, {5, 8}}, {{7, 9}, {1, 3}},
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sid_spec sp = {uuid_a, "", bad[i][1][1] ? 2 : 1, {{0}}};
        memcpy(sp.iv, bad[i], sizeof bad[i]);
        corrupt_variant(0, &sp, 1);
        corrupt_variant(1, &sp, 1);
    }
    const sid_spec bad_tags[3] = {
        {uuid_a, "9lives", 1, {{1, 2}}},
        {uuid_a, "a b", 1, {{1, 2}}},
        {uuid_a, "abcdefghijklmnopqrstuvwxyz0123456", 1, {{1, 2}}}, /* 33 characters */
    };
    for (unsigned i = 0; i < 3; i++)
        corrupt_variant(1, &bad_tags[i], 1);

    const sid_spec good = {uuid_a, "tag", 1, {{1, 2}}};
    bb raw = {0};
    gtid_set(&raw, 1, &good, 1);
    bb ok = raw; /* the same bytes, viewed while they are cut or damaged */
    for (size_t cut = 0; cut < raw.len; cut++) {
        ok.len = cut;
        set_is_corrupt(&ok);
    }
    bb_u8(&raw, 0); /* a byte after the last sid */
    set_is_corrupt(&raw);
    raw.len--;
    raw.data[7] = 2; /* unknown format marker */
    set_is_corrupt(&raw);
    raw.data[7] = 1;
    raw.data[1] = 2; /* two sids announced, one present */
    set_is_corrupt(&raw);
    raw.data[1] = 1;
    raw.data[16 + 8] = 9 << 1; /* the tag's length: 9 instead of 3 */
    set_is_corrupt(&raw);
    bb_free(&raw);

    const sid_spec many = {uuid_a, NULL, 1, {{1, 2}}};
    gtid_set(&raw, 0, &many, 1);
    raw.data[8 + 16] = 2; /* two intervals announced, one present */
    set_is_corrupt(&raw);
    raw.data[8 + 16] = 1;
    raw.data[7] = 0xff; /* top byte of the count: format marker 0xff */
    set_is_corrupt(&raw);
    bb_free(&raw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tagged_all_fields),
        cmocka_unit_test(test_tagged_defaults_and_wide_values),
        cmocka_unit_test(test_tagged_skips_ignorable_fields),
        cmocka_unit_test(test_tagged_malformed),
        cmocka_unit_test(test_tagged_bad_header),
        cmocka_unit_test(test_untagged_set),
        cmocka_unit_test(test_tagged_set),
        cmocka_unit_test(test_malformed_sets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
