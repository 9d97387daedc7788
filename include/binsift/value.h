/*
 * binsift/value.h - column types and decoded values.
 *
 * A bs_value is a small tagged union. Numbers and temporals are held by value;
 * strings, blobs, decimals, JSON, geometry and vectors are views into the
 * event buffer (valid until the reader moves on). Turning a value into text is
 * a separate step (bs_value_*_text, and the report module), so a consumer that
 * only compares or hashes values never formats them.
 */
#ifndef BINSIFT_VALUE_H
#define BINSIFT_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "binsift/buf.h"
#include "binsift/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Column type codes as written in TABLE_MAP events (enum_field_types). */
enum bs_column_type {
    BS_TYPE_DECIMAL = 0, /* pre-5.0 decimal, never in row events */
    BS_TYPE_TINY = 1,
    BS_TYPE_SHORT = 2,
    BS_TYPE_LONG = 3,
    BS_TYPE_FLOAT = 4,
    BS_TYPE_DOUBLE = 5,
    BS_TYPE_NULL = 6,
    BS_TYPE_TIMESTAMP = 7,
    BS_TYPE_LONGLONG = 8,
    BS_TYPE_INT24 = 9,
    BS_TYPE_DATE = 10,
    BS_TYPE_TIME = 11,
    BS_TYPE_DATETIME = 12,
    BS_TYPE_YEAR = 13,
    BS_TYPE_NEWDATE = 14,
    BS_TYPE_VARCHAR = 15,
    BS_TYPE_BIT = 16,
    BS_TYPE_TIMESTAMP2 = 17,
    BS_TYPE_DATETIME2 = 18,
    BS_TYPE_TIME2 = 19,
    BS_TYPE_TYPED_ARRAY = 20,
    BS_TYPE_MARIA_BLOB_COMPRESSED = 140, /* MariaDB COMPRESSED columns */
    BS_TYPE_MARIA_VARCHAR_COMPRESSED = 141,
    BS_TYPE_VECTOR = 242,
    BS_TYPE_INVALID = 243,
    BS_TYPE_BOOL = 244,
    BS_TYPE_JSON = 245,
    BS_TYPE_NEWDECIMAL = 246,
    BS_TYPE_ENUM = 247,
    BS_TYPE_SET = 248,
    BS_TYPE_TINY_BLOB = 249,
    BS_TYPE_MEDIUM_BLOB = 250,
    BS_TYPE_LONG_BLOB = 251,
    BS_TYPE_BLOB = 252,
    BS_TYPE_VAR_STRING = 253,
    BS_TYPE_STRING = 254,
    BS_TYPE_GEOMETRY = 255
};

/* Collation id of the binary charset (BINARY, VARBINARY, BLOB). */
#define BS_CHARSET_BINARY 63

/* Upper-case SQL-ish name of a column type ("VARCHAR", "DATETIME2"). */
const char *bs_column_type_name(unsigned type);

enum bs_value_kind {
    BS_VALUE_ABSENT = 0, /* column not in this row image */
    BS_VALUE_NULL,
    BS_VALUE_INT,       /* i */
    BS_VALUE_UINT,      /* u */
    BS_VALUE_FLOAT,     /* d (single precision source) */
    BS_VALUE_DOUBLE,    /* d */
    BS_VALUE_DECIMAL,   /* bytes: binary decimal; precision, scale */
    BS_VALUE_YEAR,      /* u: 0 or 1901..2155 */
    BS_VALUE_DATE,      /* t */
    BS_VALUE_TIME,      /* t: hour up to 838, neg */
    BS_VALUE_DATETIME,  /* t */
    BS_VALUE_TIMESTAMP, /* ts: seconds since the epoch, UTC */
    BS_VALUE_STRING,    /* bytes in charset (63 = binary) */
    BS_VALUE_ENUM,      /* u: 1-based member index, 0 = '' */
    BS_VALUE_SET,       /* u: member bitmask */
    BS_VALUE_BIT,       /* u: value; nbits */
    BS_VALUE_JSON,      /* bytes: MySQL binary JSON */
    BS_VALUE_JSON_DIFF, /* bytes: a partial-update diff vector */
    BS_VALUE_GEOMETRY,  /* bytes: 4-byte SRID + WKB */
    BS_VALUE_VECTOR     /* bytes: little-endian float32 array */
};

typedef struct bs_temporal {
    uint16_t year;
    uint8_t month, day;
    uint16_t hour; /* TIME: 0..838 */
    uint8_t minute, second;
    uint8_t neg;   /* TIME only */
    uint32_t usec; /* 0..999999 */
} bs_temporal;

typedef struct bs_value {
    uint8_t kind;      /* bs_value_kind */
    uint8_t type;      /* bs_column_type of the column */
    uint8_t fsp;       /* fractional digits for temporals, scale for decimals */
    uint8_t precision; /* decimals */
    uint16_t charset;  /* strings */
    uint16_t nbits;    /* BIT */
    uint32_t pad_to;   /* BINARY(n): the value is its bytes then 0x00 up to pad_to
                          bytes (the server strips trailing pad bytes when it logs) */
    union {
        int64_t i;
        uint64_t u;
        double d;
        struct {
            const uint8_t *ptr;
            size_t len;
        } bytes;
        bs_temporal t;
        struct {
            uint32_t sec;
            uint32_t usec;
        } ts;
    } v;
} bs_value;

/* ---- value decoders (pure functions over a byte buffer) ---- */

/* Bytes a DECIMAL(precision, scale) occupies in binary form, 0 if invalid. */
size_t bs_value_decimal_size(unsigned precision, unsigned scale);
/* Exact decimal text ("-12.340") of a binary decimal; BS_ECORRUPT on a
 * malformed one. */
int bs_value_decimal_text(const uint8_t *p, size_t n, unsigned precision, unsigned scale,
                          bs_buf *out);

/* Temporal binary forms. fsp is 0..6. Return 0 or BS_ECORRUPT. */
int bs_value_time2(const uint8_t *p, unsigned fsp, bs_temporal *t);
int bs_value_datetime2(const uint8_t *p, unsigned fsp, bs_temporal *t);
int bs_value_timestamp2(const uint8_t *p, unsigned fsp, uint32_t *sec, uint32_t *usec);
void bs_value_date(uint32_t packed, bs_temporal *t);
void bs_value_time_old(int32_t packed, bs_temporal *t);
void bs_value_datetime_old(uint64_t packed, bs_temporal *t);
/* Bytes of the fractional part of a TIME2/DATETIME2/TIMESTAMP2. */
unsigned bs_value_frac_bytes(unsigned fsp);

/* Render a temporal as MySQL prints it ("2024-02-29 12:00:00.123"). */
int bs_value_temporal_text(const bs_value *v, bs_buf *out);

/* Render MySQL binary JSON as JSON text (MySQL's own rendering). */
int bs_value_json_text(const uint8_t *p, size_t n, bs_buf *out, bs_error *err);
/* Render a partial JSON update diff vector as a JSON array of operations:
 * [{"op":"replace","path":"$.a","value":...}, ...]. */
int bs_value_json_diff_text(const uint8_t *p, size_t n, bs_buf *out, bs_error *err);

#ifdef __cplusplus
}
#endif
#endif
