/*
 * binlog_internal.h - state shared by the decoder's files.
 *
 * The reader owns every buffer the decoder uses: the framing window, the
 * inflate/payload buffers, the table-map pool and the per-row offset arrays.
 * They grow to the largest input seen and are then reused, which is what
 * keeps the per-event path free of malloc.
 */
#ifndef BS_BINLOG_INTERNAL_H
#define BS_BINLOG_INTERNAL_H

#include <stdbool.h>

#include "binsift/binlog.h"
#include "util/arena.h"
#include "util/bytes.h"
#include "util/error_internal.h"

#define BS_EVENT_HEADER_LEN    19u
#define BS_EVENT_HEADER_LEN_V1 13u
#define BS_CHECKSUM_LEN        4u
/* MySQL caps events at max_allowed_packet's maximum, 1 GiB; allow a little
 * headroom for the header and checksum around a maximal payload. */
#define BS_MAX_EVENT_SIZE ((uint64_t)1 << 30 | 4096u)

/* One TABLE_MAP, owning a copy of the event body its views point into. */
typedef struct bs_table_entry {
    bs_binlog_table t;
    uint8_t *copy;
    size_t copy_cap;
    bs_binlog_column *cols;
    uint32_t cols_cap;
    uint32_t *pk; /* 2 * pk_cap: indexes then prefixes */
    uint32_t pk_cap;
    /* walking help, precomputed per column: fixed value length or 0 */
    uint16_t *fixed_len;
    uint32_t fixed_cap;
} bs_table_entry;

/* Table maps of the current statement: a pool of entries, indexed by an
 * open-addressing hash on table id. Emptied at STMT_END_F, as the server and
 * mysqlbinlog do, so it holds only the tables of one statement. */
typedef struct bs_table_cache {
    bs_table_entry **pool;
    uint32_t n_used, n_pool;
    int32_t *slots;   /* entry index or -1 */
    uint32_t n_slots; /* power of two */
} bs_table_cache;

/* Events decoded out of a TRANSACTION_PAYLOAD, returned one by one: the
 * compressed input (in the reader's window) and an inflate window. */
typedef struct bs_payload_state {
    bs_bytes in;
    size_t in_pos;
    bool zstd;
    uint8_t *buf;
    size_t cap, len, pos;
    bool active;
    uint32_t index;
    bs_binlog_event outer; /* the TRANSACTION_PAYLOAD, for error messages */
} bs_payload_state;

struct bs_binlog_reader {
    bs_binlog_options opt;
    const bs_io_list *list;
    size_t member; /* index of the member being read */
    bs_io_stream *stream;
    const char *file;

    /* framing window: buf[pos, len) holds bytes not yet consumed */
    uint8_t *buf;
    size_t cap, pos, len;
    uint64_t buf_offset; /* file offset of buf[0] */
    bool eof;
    int64_t file_size; /* -1 when unknown */

    /* format in force */
    bool have_fde;
    bs_binlog_fde fde;
    uint8_t post_header_len[256];
    bool skipped_to_start; /* start_position applied for member 0 */
    bool end_of_statement; /* empty the table cache before the next event */
    bool after_start_seek;

    bs_table_cache tables;
    bs_payload_state payload;

    /* inflated body of a MariaDB compressed event */
    uint8_t *inflate;
    size_t inflate_cap;

    /* row walking: two images of column offsets and lengths */
    uint32_t *row_off;
    size_t row_off_cap;
    bs_arena row_values; /* inflated COMPRESSED column values of the current row */

    void *zstd; /* ZSTD_DCtx, created on the first compressed transaction */
    uint64_t unknown_events;
    uint64_t encrypted_from; /* offset after START_ENCRYPTION in this member, 0 = none */
};

/* Types whose values start with a 1-4 byte length whose width is the
 * column's metadata (the BLOB family and types stored like it). */
static inline int bs_type_is_blob(unsigned t)
{
    switch (t) {
    case BS_TYPE_BLOB:
    case BS_TYPE_TINY_BLOB:
    case BS_TYPE_MEDIUM_BLOB:
    case BS_TYPE_LONG_BLOB:
    case BS_TYPE_JSON:
    case BS_TYPE_GEOMETRY:
    case BS_TYPE_VECTOR:
    case BS_TYPE_MARIA_BLOB_COMPRESSED: return 1;
    default: return 0;
    }
}

/* fde.c */
int bs_fde_parse(bs_binlog_reader *r, const uint8_t *ev, size_t size, bs_error *err,
                 uint64_t offset);
void bs_fde_defaults(bs_binlog_reader *r, unsigned binlog_version);
bool bs_fde_version_has_checksum(const char *server_version, bool is_mariadb);

/* event.c: decode the event-specific part of ev (header already filled). */
int bs_event_decode(bs_binlog_reader *r, bs_binlog_event *ev, bs_error *err);
unsigned bs_post_header_len(const bs_binlog_reader *r, unsigned type);

/* table_map.c */
int bs_table_map_decode(bs_binlog_reader *r, bs_binlog_event *ev, bs_error *err);
const bs_binlog_table *bs_table_cache_find(const bs_binlog_reader *r, uint64_t table_id);
void bs_table_cache_reset(bs_table_cache *c);
/* Per-column fixed value lengths of a cached table (0xffff = variable). */
const uint16_t *bs_table_fixed_lengths(const bs_binlog_table *t);
void bs_table_cache_free(bs_table_cache *c);

/* rows.c */
int bs_rows_decode(bs_binlog_reader *r, bs_binlog_event *ev, bs_error *err);
/* Length of the variable-size value of col at p (at most avail bytes).
 * 0 ok, -1 runs past avail, -2 not a variable-size type binsift knows. */
int bs_value_length(const bs_binlog_column *col, const uint8_t *p, size_t avail, uint32_t *len);

/* compressed.c */
int bs_payload_begin(bs_binlog_reader *r, bs_binlog_event *ev, bs_error *err);
int bs_payload_next(bs_binlog_reader *r, bs_binlog_event *ev, bs_error *err);
int bs_maria_inflate(bs_binlog_reader *r, const bs_binlog_event *ev, const uint8_t *p, size_t n,
                     bs_bytes *out, bs_error *err);
void bs_compressed_free(bs_binlog_reader *r);
/* A MariaDB COMPRESSED column value (header byte, length, zlib data) as its
 * plain bytes: stored values are returned in place, compressed ones are
 * inflated into r->row_values. max is the column's maximum length. */
int bs_maria_column_value(bs_binlog_reader *r, const uint8_t *p, size_t n, size_t max,
                          bs_bytes *out, bs_error *err);

/* gtid.c: GTID_TAGGED (MySQL 8.3+), serialized with varlen fields, and
 * PREVIOUS_GTIDS (the set is checked here, rendered on demand). */
int bs_gtid_tagged_decode(bs_binlog_event *ev, bs_error *err);
int bs_previous_gtids_decode(bs_binlog_event *ev, bs_error *err);

/* reader.c: fill ev's common header fields from raw bytes. */
void bs_event_header(const bs_binlog_reader *r, const uint8_t *p, bs_binlog_event *ev);

/* Fill err for a bad event, naming its file, offset and type; returns code. */
BS_COLD int bs_event_fail(bs_error *err, const bs_binlog_event *ev, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
