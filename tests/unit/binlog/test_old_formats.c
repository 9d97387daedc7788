/*
 * test_old_formats.c - binlog v1 (MySQL 3.23) and v3 (4.0/4.1) framing.
 *
 * The shared fixtures hold v3 files but no v1 one, so both are built here
 * byte by byte: a START_V3 event (13-byte common header for v1, 19 for v3),
 * a QUERY with the 11-byte post-header of those versions, a ROTATE (no
 * position post-header in v1) and a STOP, read back from an in-memory member.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "binsift/binlog.h"
#include "binsift/io.h"

typedef struct img {
    uint8_t data[1024];
    size_t len;
    unsigned header_len; /* 13 (v1) or 19 (v3) */
} img;

static void put(img *b, const void *p, size_t n)
{
    assert_true(b->len + n <= sizeof b->data);
    if (n) memcpy(b->data + b->len, p, n); /* p may be NULL for an empty body */
    b->len += n;
}

static void put_le(img *b, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        uint8_t c = (uint8_t)(v >> (8 * i));
        put(b, &c, 1);
    }
}

/* One event: common header (sized for the version), then body. */
static void event(img *b, unsigned type, const uint8_t *body, size_t n)
{
    size_t start = b->len, size = b->header_len + n;
    put_le(b, 1000000000, 4); /* timestamp */
    put_le(b, type, 1);
    put_le(b, 7, 4); /* server id */
    put_le(b, size, 4);
    if (b->header_len == 19) {
        put_le(b, start + size, 4); /* log_pos */
        put_le(b, 0, 2);            /* flags */
    }
    put(b, body, n);
}

static void start_event(img *b, unsigned binlog_version, const char *server)
{
    uint8_t body[56] = {0};
    body[0] = (uint8_t)binlog_version;
    memcpy(body + 2, server, strlen(server));
    event(b, BS_EV_START_V3, body, sizeof body);
}

static void query_event(img *b, const char *db, const char *sql)
{
    uint8_t body[256];
    size_t n = 0, dl = strlen(db), ql = strlen(sql);
    memset(body, 0, 11);
    body[0] = 42; /* thread id */
    body[8] = (uint8_t)dl;
    n = 11; /* v1/v3 post-header: no status variables */
    memcpy(body + n, db, dl + 1);
    n += dl + 1;
    memcpy(body + n, sql, ql);
    n += ql;
    event(b, BS_EV_QUERY, body, n);
}

static img build(unsigned header_len, unsigned binlog_version, const char *server)
{
    img b = {.header_len = header_len};
    put(&b,
        "\xfe"
        "bin",
        4);
    start_event(&b, binlog_version, server);
    query_event(&b, "shop", "INSERT INTO t VALUES (1)");
    const char *next = "master-bin.002";
    uint8_t rot[64] = {0};
    size_t rn = 0;
    if (header_len == 19) rot[0] = 4, rn = 8; /* v3: 8-byte position */
    memcpy(rot + rn, next, strlen(next));
    event(&b, BS_EV_ROTATE, rot, rn + strlen(next));
    event(&b, BS_EV_STOP, NULL, 0);
    return b;
}

typedef struct session {
    bs_io_list *list;
    bs_binlog_reader *r;
    bs_error err;
} session;

static void open_image(session *s, const img *b)
{
    assert_int_equal(bs_io_list_new(&s->list, &s->err), 0);
    assert_int_equal(bs_io_list_add_memory(s->list, "old.bin", b->data, b->len, &s->err), 0);
    assert_int_equal(bs_binlog_reader_open(s->list, NULL, &s->r, &s->err), 0);
}

static void next(session *s, bs_binlog_event *ev, unsigned type)
{
    int rc = bs_binlog_next(s->r, ev, &s->err);
    if (rc != 1) fail_msg("expected an event, got %d: %s", rc, s->err.message);
    assert_int_equal(ev->type, type);
}

static void check_stream(const img *b, unsigned binlog_version)
{
    session s;
    bs_binlog_event ev;
    open_image(&s, b);

    next(&s, &ev, BS_EV_START_V3);
    assert_int_equal(ev.offset, 4);
    assert_int_equal(ev.u.fde.binlog_version, binlog_version);
    assert_int_equal(ev.u.fde.header_len, b->header_len);
    assert_int_equal(ev.u.fde.checksum_alg, BS_CHECKSUM_UNDEF);

    next(&s, &ev, BS_EV_QUERY);
    assert_int_equal(ev.offset, 4 + b->header_len + 56);
    assert_int_equal(ev.server_id, 7);
    assert_int_equal(ev.u.query.thread_id, 42);
    assert_int_equal(ev.u.query.present, 0);
    assert_int_equal(ev.u.query.db.len, 4);
    assert_memory_equal(ev.u.query.db.ptr, "shop", 4);
    assert_int_equal(ev.u.query.query.len, strlen("INSERT INTO t VALUES (1)"));

    next(&s, &ev, BS_EV_ROTATE);
    assert_int_equal(ev.u.rotate.position, 4);
    assert_int_equal(ev.u.rotate.next_file.len, strlen("master-bin.002"));
    assert_memory_equal(ev.u.rotate.next_file.ptr, "master-bin.002", 14);

    next(&s, &ev, BS_EV_STOP);
    assert_int_equal(bs_binlog_next(s.r, &ev, &s.err), 0);
    bs_binlog_reader_free(s.r);
    bs_io_list_free(s.list);
}

static void test_v1_13_byte_headers(void **state)
{
    (void)state;
    img b = build(13, 1, "3.23.58-log");
    check_stream(&b, 1);
}

static void test_v3_19_byte_headers(void **state)
{
    (void)state;
    img b = build(19, 3, "4.0.23-log");
    check_stream(&b, 3);
}

/* A v1 file cut inside its QUERY event is a truncation at that event. */
static void test_v1_truncated(void **state)
{
    (void)state;
    img b = build(13, 1, "3.23.58-log");
    b.len = 4 + 13 + 56 + 20;
    session s;
    bs_binlog_event ev;
    open_image(&s, &b);
    next(&s, &ev, BS_EV_START_V3);
    assert_int_equal(bs_binlog_next(s.r, &ev, &s.err), BS_ETRUNCATED);
    assert_int_equal(s.err.offset, 4 + 13 + 56);
    assert_string_equal(s.err.file, "old.bin");
    bs_binlog_reader_free(s.r);
    bs_io_list_free(s.list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v1_13_byte_headers),
        cmocka_unit_test(test_v3_19_byte_headers),
        cmocka_unit_test(test_v1_truncated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
