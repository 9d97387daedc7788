/*
 * binlog_builder.h - tiny binlogs built byte by byte, for unit tests.
 *
 * A test assembles a MySQL 8.0-style v4 binlog in memory (magic, a
 * FORMAT_DESCRIPTION with CRC32 checksums, then whatever events it needs),
 * writes it to a temporary file and reads it back through the public
 * reader, exactly as binsift reads a real file. The builder knows the
 * framing (common header, sizes, end positions, CRC32) and the layouts of
 * TABLE_MAP and rows events; the bodies of other events, and row images, are
 * assembled by the test with the bb_put* primitives, so every byte a test
 * feeds the decoder is visible in the test.
 *
 * Header-only: every function is static inline so a test uses what it needs
 * without unused-function warnings. Include after <cmocka.h>: the helpers
 * that cannot fail in a meaningful way assert instead of returning codes.
 */
#ifndef BS_TEST_BINLOG_BUILDER_H
#define BS_TEST_BINLOG_BUILDER_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "binsift/binlog.h"
#include "binsift/io.h"

/* ---- a growable byte buffer ---- */

typedef struct bb {
    uint8_t *data;
    size_t len, cap;
    size_t ev_start; /* offset of the event being written */
} bb;

static inline void bb_put(bb *b, const void *p, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n)
            cap *= 2;
        b->data = realloc(b->data, cap);
        assert_non_null(b->data);
        b->cap = cap;
    }
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
}

/* Little-endian integer of n bytes. */
static inline void bb_le(bb *b, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        uint8_t c = (uint8_t)(v >> (8 * i));
        bb_put(b, &c, 1);
    }
}

/* Big-endian integer of n bytes (temporal and decimal values). */
static inline void bb_be(bb *b, uint64_t v, unsigned n)
{
    for (unsigned i = n; i > 0; i--) {
        uint8_t c = (uint8_t)(v >> (8 * (i - 1)));
        bb_put(b, &c, 1);
    }
}

static inline void bb_u8(bb *b, unsigned v)
{
    bb_le(b, v, 1);
}

/* The binlog's length-encoded integer (1, 3, 4 or 9 bytes). */
static inline void bb_packed(bb *b, uint64_t v)
{
    if (v < 251) {
        bb_le(b, v, 1);
    } else if (v < 1u << 16) {
        bb_u8(b, 0xfc);
        bb_le(b, v, 2);
    } else if (v < 1u << 24) {
        bb_u8(b, 0xfd);
        bb_le(b, v, 3);
    } else {
        bb_u8(b, 0xfe);
        bb_le(b, v, 8);
    }
}

static inline void bb_free(bb *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

/* ---- event framing ---- */

#define BB_TIMESTAMP 1700000000u
#define BB_SERVER_ID 1u

/* Start an event: the 19-byte common header, size and end position patched
 * by bb_event_end. */
static inline void bb_event_begin(bb *b, unsigned type)
{
    b->ev_start = b->len;
    bb_le(b, BB_TIMESTAMP, 4);
    bb_u8(b, type);
    bb_le(b, BB_SERVER_ID, 4);
    bb_le(b, 0, 4); /* event size */
    bb_le(b, 0, 4); /* end position */
    bb_le(b, 0, 2); /* flags */
}

/* Finish the event: patch size and end position, append its CRC32. */
static inline void bb_event_end(bb *b)
{
    size_t size = b->len - b->ev_start + 4;
    uint8_t *h = b->data + b->ev_start;
    for (unsigned i = 0; i < 4; i++) {
        h[9 + i] = (uint8_t)(size >> (8 * i));
        h[13 + i] = (uint8_t)((b->ev_start + size) >> (8 * i));
    }
    uLong crc = crc32(0L, b->data + b->ev_start, (uInt)(b->len - b->ev_start));
    bb_le(b, crc, 4);
}

/* Magic and a FORMAT_DESCRIPTION as MySQL 8.0 writes it (CRC32 on). */
static inline void bb_begin(bb *b)
{
    /* Post-header lengths by type (index = type - 1), MySQL 8.0's table. */
    static const uint8_t phl[42] = {
        [BS_EV_QUERY - 1] = 13,
        [BS_EV_ROTATE - 1] = 8,
        [BS_EV_LOAD - 1] = 0,
        [BS_EV_APPEND_BLOCK - 1] = 4,
        [BS_EV_DELETE_FILE - 1] = 4,
        [BS_EV_FORMAT_DESCRIPTION - 1] = 98,
        [BS_EV_BEGIN_LOAD_QUERY - 1] = 4,
        [BS_EV_EXECUTE_LOAD_QUERY - 1] = 26,
        [BS_EV_TABLE_MAP - 1] = 8,
        [BS_EV_WRITE_ROWS_V1 - 1] = 8,
        [BS_EV_UPDATE_ROWS_V1 - 1] = 8,
        [BS_EV_DELETE_ROWS_V1 - 1] = 8,
        [BS_EV_INCIDENT - 1] = 2,
        [BS_EV_WRITE_ROWS_V2 - 1] = 10,
        [BS_EV_UPDATE_ROWS_V2 - 1] = 10,
        [BS_EV_DELETE_ROWS_V2 - 1] = 10,
        [BS_EV_GTID - 1] = 42,
        [BS_EV_ANONYMOUS_GTID - 1] = 42,
        [BS_EV_TRANSACTION_CONTEXT - 1] = 18,
        [BS_EV_VIEW_CHANGE - 1] = 52,
        [BS_EV_XA_PREPARE - 1] = 0,
        [BS_EV_PARTIAL_UPDATE_ROWS - 1] = 10,
        [BS_EV_TRANSACTION_PAYLOAD - 1] = 40,
    };
    static const uint8_t magic[4] = {0xfe, 'b', 'i', 'n'};
    char version[50] = "8.0.40";
    bb_put(b, magic, 4);
    bb_event_begin(b, BS_EV_FORMAT_DESCRIPTION);
    bb_le(b, 4, 2); /* binlog version */
    bb_put(b, version, sizeof version);
    bb_le(b, BB_TIMESTAMP, 4);
    bb_u8(b, 19); /* common header length */
    bb_put(b, phl, sizeof phl);
    bb_u8(b, BS_CHECKSUM_CRC32);
    bb_event_end(b);
}

/* ---- TABLE_MAP and rows events ---- */

/* One column of a TABLE_MAP: its type byte and 0-2 metadata bytes. */
typedef struct bb_col {
    uint8_t type;
    uint8_t meta[2];
    uint8_t meta_len;
} bb_col;

/* A TABLE_MAP of ncols columns, all nullable; opt holds optional metadata
 * fields (type, packed length, value), opt_len bytes, possibly 0. */
static inline void bb_table_map(bb *b, uint64_t table_id, const char *schema, const char *table,
                                const bb_col *cols, uint32_t ncols, const uint8_t *opt,
                                size_t opt_len)
{
    bb_event_begin(b, BS_EV_TABLE_MAP);
    bb_le(b, table_id, 6);
    bb_le(b, 1, 2); /* flags */
    bb_u8(b, (unsigned)strlen(schema));
    bb_put(b, schema, strlen(schema) + 1);
    bb_u8(b, (unsigned)strlen(table));
    bb_put(b, table, strlen(table) + 1);
    bb_packed(b, ncols);
    size_t meta_len = 0;
    for (uint32_t i = 0; i < ncols; i++) {
        bb_u8(b, cols[i].type);
        meta_len += cols[i].meta_len;
    }
    bb_packed(b, meta_len);
    for (uint32_t i = 0; i < ncols; i++)
        bb_put(b, cols[i].meta, cols[i].meta_len);
    for (uint32_t i = 0; i < (ncols + 7) / 8; i++)
        bb_u8(b, 0xff);
    bb_put(b, opt, opt_len);
    bb_event_end(b);
}

/* Optional metadata field: type, packed length, value. */
static inline void bb_opt_field(bb *b, unsigned type, const uint8_t *v, size_t n)
{
    bb_u8(b, type);
    bb_packed(b, n);
    bb_put(b, v, n);
}

/* A v2 rows event (WRITE/UPDATE/DELETE_ROWS_V2 or PARTIAL_UPDATE_ROWS) with
 * STMT_END_F set. after is used by updates only; rows holds the images. */
static inline void bb_rows(bb *b, unsigned type, uint64_t table_id, uint32_t ncols,
                           const uint8_t *before, const uint8_t *after, const bb *rows)
{
    bb_event_begin(b, type);
    bb_le(b, table_id, 6);
    bb_le(b, BS_ROWS_STMT_END_F, 2);
    bb_le(b, 2, 2); /* extra data length, counting itself */
    bb_packed(b, ncols);
    bb_put(b, before, (ncols + 7) / 8);
    if (type == BS_EV_UPDATE_ROWS_V2 || type == BS_EV_PARTIAL_UPDATE_ROWS)
        bb_put(b, after, (ncols + 7) / 8);
    bb_put(b, rows->data, rows->len);
    bb_event_end(b);
}

/* Set bit i of a little-endian bitmap. */
static inline void bb_bit(uint8_t *map, uint32_t i)
{
    map[i / 8] |= (uint8_t)(1u << (i % 8));
}

/* ---- reading it back ---- */

typedef struct bb_session {
    char path[64];
    bs_io_list *list;
    bs_binlog_reader *reader;
    bs_error err;
} bb_session;

/* Write b to a temporary file and open a reader on it. */
static inline void bb_open(bb_session *s, const bb *b)
{
    memset(s, 0, sizeof *s);
    snprintf(s->path, sizeof s->path, "/tmp/binsift-unit-XXXXXX");
    int fd = mkstemp(s->path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, b->data, b->len), (ssize_t)b->len);
    assert_int_equal(close(fd), 0);
    const char *paths[1] = {s->path};
    assert_int_equal(bs_io_list_resolve(paths, 1, &s->list, &s->err), 0);
    assert_int_equal(bs_binlog_reader_open(s->list, NULL, &s->reader, &s->err), 0);
}

/* The next event, which must exist and have the given type. */
static inline void bb_next(bb_session *s, bs_binlog_event *ev, unsigned type)
{
    int rc = bs_binlog_next(s->reader, ev, &s->err);
    if (rc != 1) fail_msg("expected event type %u, got rc %d: %s", type, rc, s->err.message);
    assert_int_equal(ev->type, type);
}

/* The next call's return code (for events that must fail to decode). */
static inline int bb_next_rc(bb_session *s, bs_binlog_event *ev)
{
    return bs_binlog_next(s->reader, ev, &s->err);
}

static inline void bb_close(bb_session *s)
{
    bs_binlog_reader_free(s->reader);
    bs_io_list_free(s->list);
    unlink(s->path);
    s->reader = NULL;
    s->list = NULL;
}

#endif
