/*
 * binsift/binlog.h - the streaming binlog decoder.
 *
 * A bs_binlog_reader walks the members of a bs_io_list and returns one event
 * per bs_binlog_next() call. Events are framed in a reusable read buffer and
 * decoded in place: every pointer in a bs_binlog_event borrows from reader
 * memory and stays valid only until the next call. Nothing is allocated per
 * event once the buffers have grown to the largest event seen.
 *
 * Decoding is layered so that a consumer pays only for what it reads:
 *   - bs_binlog_next() frames the event, verifies its CRC32, and decodes the
 *     header and the event's own fields (query text, GTID, table map, ...).
 *     For rows events it decodes only the fixed part (table, bitmaps).
 *   - bs_binlog_rows_begin()/bs_binlog_rows_next() walk the row images,
 *     computing where each column's value lies without decoding it.
 *   - bs_binlog_image_value() decodes one column into a bs_value.
 *
 * TRANSACTION_PAYLOAD events (MySQL 8 binlog_transaction_compression) are
 * returned first, then the events inside them, marked with payload_index.
 * MariaDB compressed QUERY/ROWS events (165-171) are inflated transparently.
 */
#ifndef BINSIFT_BINLOG_H
#define BINSIFT_BINLOG_H

#include <stddef.h>
#include <stdint.h>

#include "binsift/error.h"
#include "binsift/io.h"
#include "binsift/value.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- event types (the type byte of the common header) ---- */
enum bs_binlog_event_type {
    BS_EV_UNKNOWN = 0,
    BS_EV_START_V3 = 1,
    BS_EV_QUERY = 2,
    BS_EV_STOP = 3,
    BS_EV_ROTATE = 4,
    BS_EV_INTVAR = 5,
    BS_EV_LOAD = 6,
    BS_EV_SLAVE = 7,
    BS_EV_CREATE_FILE = 8,
    BS_EV_APPEND_BLOCK = 9,
    BS_EV_EXEC_LOAD = 10,
    BS_EV_DELETE_FILE = 11,
    BS_EV_NEW_LOAD = 12,
    BS_EV_RAND = 13,
    BS_EV_USER_VAR = 14,
    BS_EV_FORMAT_DESCRIPTION = 15,
    BS_EV_XID = 16,
    BS_EV_BEGIN_LOAD_QUERY = 17,
    BS_EV_EXECUTE_LOAD_QUERY = 18,
    BS_EV_TABLE_MAP = 19,
    BS_EV_PRE_GA_WRITE_ROWS = 20,
    BS_EV_PRE_GA_UPDATE_ROWS = 21,
    BS_EV_PRE_GA_DELETE_ROWS = 22,
    BS_EV_WRITE_ROWS_V1 = 23,
    BS_EV_UPDATE_ROWS_V1 = 24,
    BS_EV_DELETE_ROWS_V1 = 25,
    BS_EV_INCIDENT = 26,
    BS_EV_HEARTBEAT = 27,
    BS_EV_IGNORABLE = 28,
    BS_EV_ROWS_QUERY = 29,
    BS_EV_WRITE_ROWS_V2 = 30,
    BS_EV_UPDATE_ROWS_V2 = 31,
    BS_EV_DELETE_ROWS_V2 = 32,
    BS_EV_GTID = 33,
    BS_EV_ANONYMOUS_GTID = 34,
    BS_EV_PREVIOUS_GTIDS = 35,
    BS_EV_TRANSACTION_CONTEXT = 36,
    BS_EV_VIEW_CHANGE = 37,
    BS_EV_XA_PREPARE = 38,
    BS_EV_PARTIAL_UPDATE_ROWS = 39,
    BS_EV_TRANSACTION_PAYLOAD = 40,
    BS_EV_HEARTBEAT_V2 = 41,
    BS_EV_GTID_TAGGED = 42,
    BS_EV_MARIA_ANNOTATE_ROWS = 160,
    BS_EV_MARIA_BINLOG_CHECKPOINT = 161,
    BS_EV_MARIA_GTID = 162,
    BS_EV_MARIA_GTID_LIST = 163,
    BS_EV_MARIA_START_ENCRYPTION = 164,
    BS_EV_MARIA_QUERY_COMPRESSED = 165,
    BS_EV_MARIA_WRITE_ROWS_COMPRESSED_V1 = 166,
    BS_EV_MARIA_UPDATE_ROWS_COMPRESSED_V1 = 167,
    BS_EV_MARIA_DELETE_ROWS_COMPRESSED_V1 = 168,
    BS_EV_MARIA_WRITE_ROWS_COMPRESSED = 169,
    BS_EV_MARIA_UPDATE_ROWS_COMPRESSED = 170,
    BS_EV_MARIA_DELETE_ROWS_COMPRESSED = 171
};

/* Upper-case name of a type ("WRITE_ROWS_V2", "MARIA_GTID"), or NULL when
 * binsift does not know the type. */
const char *bs_binlog_event_type_name(unsigned type);

/* Common-header flags. */
#define BS_LOG_EVENT_BINLOG_IN_USE_F 0x0001
#define BS_LOG_EVENT_ARTIFICIAL_F    0x0020
#define BS_LOG_EVENT_IGNORABLE_F     0x0080

/* Rows-event flags. */
#define BS_ROWS_STMT_END_F       0x0001
#define BS_ROWS_NO_FOREIGN_KEY_F 0x0002
#define BS_ROWS_RELAXED_UNIQUE_F 0x0004
#define BS_ROWS_COMPLETE_ROWS_F  0x0008

/* Checksum algorithm byte of the FORMAT_DESCRIPTION event. */
#define BS_CHECKSUM_OFF   0
#define BS_CHECKSUM_CRC32 1
#define BS_CHECKSUM_UNDEF 255 /* server predates checksums */

typedef struct bs_bytes {
    const uint8_t *ptr;
    size_t len;
} bs_bytes;

/* ---- FORMAT_DESCRIPTION / START_V3 ---- */
typedef struct bs_binlog_fde {
    uint16_t binlog_version; /* 1, 3 (START_V3) or 4 */
    char server_version[51];
    uint32_t created;
    uint8_t header_len;   /* common header length: 19, or 13 for v1 */
    uint8_t checksum_alg; /* BS_CHECKSUM_* */
    uint8_t is_mariadb;
    uint16_t n_post_header; /* entries in the post-header length table */
} bs_binlog_fde;

/* ---- QUERY (and MariaDB QUERY_COMPRESSED) ---- */

/* Bits of bs_binlog_query.present: which status variables the event has. */
enum {
    BS_QSV_FLAGS2 = 1u << 0,
    BS_QSV_SQL_MODE = 1u << 1,
    BS_QSV_CATALOG = 1u << 2,
    BS_QSV_AUTO_INCREMENT = 1u << 3,
    BS_QSV_CHARSET = 1u << 4,
    BS_QSV_TIME_ZONE = 1u << 5,
    BS_QSV_LC_TIME_NAMES = 1u << 6,
    BS_QSV_CHARSET_DATABASE = 1u << 7,
    BS_QSV_TABLE_MAP_FOR_UPDATE = 1u << 8,
    BS_QSV_INVOKER = 1u << 9,
    BS_QSV_UPDATED_DB_NAMES = 1u << 10,
    BS_QSV_MICROSECONDS = 1u << 11,
    BS_QSV_EXPLICIT_DEFAULTS_TS = 1u << 12,
    BS_QSV_DDL_XID = 1u << 13,
    BS_QSV_DEFAULT_COLLATION_UTF8MB4 = 1u << 14,
    BS_QSV_SQL_REQUIRE_PK = 1u << 15,
    BS_QSV_DEFAULT_TABLE_ENCRYPTION = 1u << 16,
    BS_QSV_MARIA_HRNOW = 1u << 17,
    BS_QSV_MARIA_XID = 1u << 18,
    BS_QSV_MARIA_GTID_FLAGS3 = 1u << 19,
    BS_QSV_MASTER_DATA_WRITTEN = 1u << 20,
    BS_QSV_UNKNOWN = 1u << 31 /* an unknown code stopped status parsing */
};

typedef struct bs_binlog_query {
    uint32_t thread_id;
    uint32_t exec_time;
    uint16_t error_code;
    bs_bytes db;    /* current database, may be empty */
    bs_bytes query; /* statement text (inflated for QUERY_COMPRESSED) */
    uint32_t present;
    uint32_t flags2;
    uint64_t sql_mode;
    bs_bytes catalog;
    uint16_t auto_increment_increment, auto_increment_offset;
    uint16_t charset_client, collation_connection, collation_server;
    bs_bytes time_zone;
    uint16_t lc_time_names;
    uint16_t charset_database;
    uint64_t table_map_for_update;
    bs_bytes invoker_user, invoker_host;
    uint8_t updated_db_count; /* 254 = more than the server lists */
    bs_bytes updated_dbs;     /* updated_db_count NUL-terminated names */
    uint32_t microseconds;
    uint8_t explicit_defaults_ts;
    uint64_t ddl_xid;
    uint16_t default_collation_utf8mb4;
    uint8_t sql_require_pk;
    uint8_t default_table_encryption;
    uint32_t master_data_written;
    uint32_t hrnow_usec;
    uint64_t maria_xid;
    uint8_t maria_gtid_flags3;
    uint8_t unknown_status_code; /* valid when present & BS_QSV_UNKNOWN */
} bs_binlog_query;

/* ---- TABLE_MAP ---- */

/* Bits of bs_binlog_table.optional: the optional metadata fields present. */
enum {
    BS_TMO_SIGNEDNESS = 1u << 1,
    BS_TMO_DEFAULT_CHARSET = 1u << 2,
    BS_TMO_COLUMN_CHARSET = 1u << 3,
    BS_TMO_COLUMN_NAME = 1u << 4,
    BS_TMO_SET_STR_VALUE = 1u << 5,
    BS_TMO_ENUM_STR_VALUE = 1u << 6,
    BS_TMO_GEOMETRY_TYPE = 1u << 7,
    BS_TMO_SIMPLE_PRIMARY_KEY = 1u << 8,
    BS_TMO_PRIMARY_KEY_WITH_PREFIX = 1u << 9,
    BS_TMO_ENUM_AND_SET_DEFAULT_CHARSET = 1u << 10,
    BS_TMO_ENUM_AND_SET_COLUMN_CHARSET = 1u << 11,
    BS_TMO_COLUMN_VISIBILITY = 1u << 12,
    BS_TMO_VECTOR_DIMENSIONALITY = 1u << 13
};

typedef struct bs_binlog_column {
    uint8_t type;        /* BS_TYPE_*; ENUM/SET hidden in STRING are resolved */
    uint8_t binlog_type; /* the type byte as written in the TABLE_MAP */
    uint16_t meta;       /* decoded type metadata (length, precision, fsp...) */
    uint8_t nullable;
    uint8_t is_unsigned; /* from SIGNEDNESS metadata, else 0 */
    uint8_t visible;     /* 1 unless COLUMN_VISIBILITY says hidden */
    uint8_t geometry_type;
    uint16_t charset;      /* collation id from metadata, 0 when unknown */
    uint32_t vector_dims;  /* VECTOR_DIMENSIONALITY, 0 when unknown */
    bs_bytes name;         /* from COLUMN_NAME metadata, empty when unknown */
    uint32_t n_str_values; /* ENUM/SET member names available */
    bs_bytes str_values;   /* encoded member list; read with the accessor */
} bs_binlog_column;

typedef struct bs_binlog_table {
    uint64_t table_id;
    uint16_t flags;
    bs_bytes schema;
    bs_bytes name;
    uint32_t ncols;
    const bs_binlog_column *cols;
    uint32_t optional;         /* BS_TMO_* bits */
    uint32_t npk;              /* primary key columns from metadata, 0 if unknown */
    const uint32_t *pk;        /* column indexes (0-based) */
    const uint32_t *pk_prefix; /* prefix length per pk column, 0 = whole */
    void *user;                /* free for the consumer, NULL at TABLE_MAP time */
} bs_binlog_table;

/* The idx-th (0-based) ENUM/SET member name of a column, when known. */
int bs_binlog_column_str_value(const bs_binlog_column *col, uint32_t idx, bs_bytes *out);

/* ---- rows events ---- */
enum bs_rows_kind { BS_ROWS_WRITE = 1, BS_ROWS_UPDATE = 2, BS_ROWS_DELETE = 3 };

typedef struct bs_binlog_rows {
    uint64_t table_id;
    uint16_t flags;
    uint8_t kind;                 /* bs_rows_kind; PARTIAL_UPDATE_ROWS is BS_ROWS_UPDATE */
    uint8_t version;              /* 0 pre-GA, 1, 2 */
    uint8_t partial;              /* PARTIAL_UPDATE_ROWS: after images carry value options */
    uint8_t compressed;           /* MariaDB compressed rows event (already inflated) */
    const bs_binlog_table *table; /* NULL when no TABLE_MAP was seen for the id */
    uint32_t ncols;
    const uint8_t *cols_before;      /* bitmap of columns in before images (UPDATE/DELETE) */
    const uint8_t *cols_after;       /* bitmap of columns in after images (WRITE/UPDATE) */
    bs_bytes extra;                  /* v2 extra row info, without its length prefix */
    bs_bytes data;                   /* the row images */
    struct bs_binlog_reader *reader; /* the reader that decoded it (value scratch) */
} bs_binlog_rows;

#define BS_IMAGE_ABSENT UINT32_MAX
#define BS_IMAGE_NULL   UINT32_MAX

/* One row image: the columns it holds and where their values lie. */
typedef struct bs_binlog_image {
    const uint8_t *present;      /* ncols-bit bitmap of the columns in the image */
    const uint8_t *nulls;        /* one bit per present column, in column order,
                                    starting at bit null_base */
    uint8_t null_base;           /* 1 for pre-GA images with the record's X bit */
    const uint32_t *off;         /* per column: offset of its value in rows->data,
                                    BS_IMAGE_ABSENT when not in the image */
    const uint32_t *len;         /* per column: value length, BS_IMAGE_NULL for NULL */
    uint64_t value_options;      /* PARTIAL_UPDATE_ROWS after image only */
    const uint8_t *partial_json; /* bit per JSON column: value is a JSON diff */
} bs_binlog_image;

typedef struct bs_binlog_row {
    int has_before, has_after;
    bs_binlog_image before, after;
} bs_binlog_row;

typedef struct bs_binlog_row_iter {
    const bs_binlog_rows *rows;
    struct bs_binlog_reader *reader;
    size_t pos; /* offset of the next row in rows->data */
    uint64_t index;
    const char *file; /* for error messages */
    uint64_t offset;
    uint8_t pre_ga_xbit;
} bs_binlog_row_iter;

/* Column present in an image / NULL in an image. */
int bs_binlog_image_has(const bs_binlog_image *img, uint32_t col);
int bs_binlog_image_is_null(const bs_binlog_image *img, uint32_t col);

/* ---- other events ---- */
typedef struct bs_binlog_gtid { /* MySQL GTID, ANONYMOUS_GTID, GTID_TAGGED */
    uint8_t flags;
    uint8_t sid[16];
    int64_t gno;
    bs_bytes tag; /* GTID_TAGGED only */
    uint8_t has_logical_clock;
    int64_t last_committed, sequence_number;
    uint64_t immediate_commit_ts, original_commit_ts; /* microseconds, 0 if absent */
    uint64_t transaction_length;
    uint32_t immediate_server_version, original_server_version;
} bs_binlog_gtid;

typedef struct bs_binlog_maria_gtid {
    uint64_t seq_no;
    uint32_t domain_id;
    uint32_t server_id; /* from the common header */
    uint8_t flags;      /* FL_STANDALONE 1, FL_GROUP_COMMIT_ID 2, ... */
    uint64_t commit_id;
    uint8_t flags_extra;
} bs_binlog_maria_gtid;

typedef struct bs_binlog_maria_gtid_list {
    uint32_t count;
    uint8_t flags;
    const uint8_t *entries; /* count * (domain u32, server u32, seq u64), LE */
} bs_binlog_maria_gtid_list;

typedef struct bs_binlog_previous_gtids {
    bs_bytes raw; /* encoded Gtid_set; see bs_binlog_previous_gtids_text */
    uint8_t tagged;
} bs_binlog_previous_gtids;

typedef struct bs_binlog_rotate {
    uint64_t position;
    bs_bytes next_file;
    uint8_t fake; /* written by a server on connect / relay log start */
} bs_binlog_rotate;

typedef struct bs_binlog_user_var {
    bs_bytes name;
    uint8_t is_null;
    uint8_t value_type; /* STRING_RESULT 0, REAL 1, INT 2, ROW 3, DECIMAL 4 */
    uint32_t charset;
    bs_bytes value;
    uint8_t flags; /* bit 0: unsigned */
} bs_binlog_user_var;

typedef struct bs_binlog_xa_prepare {
    uint8_t one_phase;
    int32_t format_id;
    bs_bytes gtrid, bqual;
} bs_binlog_xa_prepare;

typedef struct bs_binlog_payload {
    uint64_t compression;       /* 0 zstd, 255 none */
    uint64_t uncompressed_size; /* as declared by the server */
} bs_binlog_payload;

typedef struct bs_binlog_incident {
    uint16_t type;
    bs_bytes message;
} bs_binlog_incident;

typedef struct bs_binlog_start_encryption {
    uint8_t scheme;
    uint32_t key_version;
} bs_binlog_start_encryption;

typedef struct bs_binlog_event {
    /* common header */
    uint32_t timestamp;
    uint8_t type;
    uint32_t server_id;
    uint32_t size;    /* event size as written, checksum included */
    uint32_t log_pos; /* end position as written (master position in relay logs) */
    uint16_t flags;
    /* where it is */
    const char *file;       /* member path */
    uint64_t offset;        /* offset in the file; inner events: of their payload event */
    uint32_t payload_index; /* 0 top level, n: n-th event inside a TRANSACTION_PAYLOAD */
    uint8_t undecoded;      /* type unknown, or its layout contradicts the FDE: framed,
                               counted, fields not decoded (u is unset) */
    bs_bytes raw;           /* the whole event as stored */
    bs_bytes body;          /* after the common header, without the checksum */
    union {
        bs_binlog_fde fde;
        bs_binlog_query query;
        const bs_binlog_table *table_map;
        bs_binlog_rows rows;
        bs_binlog_gtid gtid;
        bs_binlog_maria_gtid maria_gtid;
        bs_binlog_maria_gtid_list gtid_list;
        bs_binlog_previous_gtids previous_gtids;
        bs_binlog_rotate rotate;
        uint64_t xid;
        struct {
            uint8_t type;
            uint64_t value;
        } intvar;
        struct {
            uint64_t seed1, seed2;
        } rand;
        bs_binlog_user_var user_var;
        bs_bytes text; /* ROWS_QUERY, ANNOTATE_ROWS, HEARTBEAT, BINLOG_CHECKPOINT */
        bs_binlog_xa_prepare xa_prepare;
        bs_binlog_payload payload;
        bs_binlog_incident incident;
        bs_binlog_start_encryption start_encryption;
    } u;
} bs_binlog_event;

/* Is ev a decoded rows event (ev->u.rows valid)? */
int bs_binlog_is_rows(const bs_binlog_event *ev);

/* ---- reader ---- */
typedef struct bs_binlog_reader bs_binlog_reader;

typedef struct bs_binlog_options {
    int verify_checksums;    /* default 1 */
    uint64_t start_position; /* first member: skip to this offset after the FDE; 0 = off */
    uint64_t stop_position;  /* last member: stop before events at or past it; 0 = off */
    size_t buffer_size;      /* read buffer; 0 = default (1 MiB) */
} bs_binlog_options;

void bs_binlog_options_init(bs_binlog_options *opt);

/* The reader borrows list, which must outlive it. */
int bs_binlog_reader_open(const bs_io_list *list, const bs_binlog_options *opt,
                          bs_binlog_reader **out, bs_error *err);
/* 1: an event was returned; 0: end of input; < 0: error (err filled, the
 * reader cannot continue). */
int bs_binlog_next(bs_binlog_reader *r, bs_binlog_event *ev, bs_error *err);
/* The format description in force for the current member. */
const bs_binlog_fde *bs_binlog_reader_fde(const bs_binlog_reader *r);
/* Events skipped by length: unknown types, or layouts the FDE contradicts. */
uint64_t bs_binlog_reader_unknown_events(const bs_binlog_reader *r);
void bs_binlog_reader_free(bs_binlog_reader *r);

/* Row iteration for the rows event ev (just returned by r). Fails with
 * BS_ECORRUPT when no TABLE_MAP describes the event's table. */
int bs_binlog_rows_begin(bs_binlog_reader *r, const bs_binlog_event *ev, bs_binlog_row_iter *it,
                         bs_error *err);
/* 1: a row; 0: no more rows; < 0: corrupt row data. The row's offset arrays
 * stay valid until the next call. */
int bs_binlog_rows_next(bs_binlog_row_iter *it, bs_binlog_row *row, bs_error *err);
/* Decode column col of an image. A column not in the image gives
 * BS_VALUE_ABSENT, a NULL gives BS_VALUE_NULL. Values point into the event,
 * except MariaDB COMPRESSED columns, which are inflated into reader memory
 * that stays valid until the next bs_binlog_rows_next call. */
int bs_binlog_image_value(const bs_binlog_rows *rows, const bs_binlog_image *img, uint32_t col,
                          bs_value *out, bs_error *err);

/* Render an encoded PREVIOUS_GTIDS set as text ("uuid:1-5,uuid2:1-3"). */
int bs_binlog_previous_gtids_text(const bs_binlog_previous_gtids *p, bs_buf *out, bs_error *err);

#ifdef __cplusplus
}
#endif
#endif
