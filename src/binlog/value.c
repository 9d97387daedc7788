/*
 * value.c - decoding one column of a row image into a bs_value.
 *
 * The row walk (rows.c) has already located and bounds-checked the value, so
 * decoding is a switch on the column type with no allocation: integers and
 * temporals are converted, everything else becomes a view into the event.
 * Integer signedness comes from the TABLE_MAP's SIGNEDNESS metadata; without
 * it (servers that do not log it) integers decode as signed, as mysqlbinlog
 * does, and the consumer that knows the schema reinterprets them.
 */
#include <string.h>

#include "binlog/binlog_internal.h"

static const char *const column_type_names[256] = {
    [BS_TYPE_DECIMAL] = "DECIMAL",
    [BS_TYPE_TINY] = "TINY",
    [BS_TYPE_SHORT] = "SHORT",
    [BS_TYPE_LONG] = "LONG",
    [BS_TYPE_FLOAT] = "FLOAT",
    [BS_TYPE_DOUBLE] = "DOUBLE",
    [BS_TYPE_NULL] = "NULL",
    [BS_TYPE_TIMESTAMP] = "TIMESTAMP",
    [BS_TYPE_LONGLONG] = "LONGLONG",
    [BS_TYPE_INT24] = "INT24",
    [BS_TYPE_DATE] = "DATE",
    [BS_TYPE_TIME] = "TIME",
    [BS_TYPE_DATETIME] = "DATETIME",
    [BS_TYPE_YEAR] = "YEAR",
    [BS_TYPE_NEWDATE] = "NEWDATE",
    [BS_TYPE_VARCHAR] = "VARCHAR",
    [BS_TYPE_BIT] = "BIT",
    [BS_TYPE_TIMESTAMP2] = "TIMESTAMP2",
    [BS_TYPE_DATETIME2] = "DATETIME2",
    [BS_TYPE_TIME2] = "TIME2",
    [BS_TYPE_TYPED_ARRAY] = "TYPED_ARRAY",
    [BS_TYPE_MARIA_BLOB_COMPRESSED] = "BLOB_COMPRESSED",
    [BS_TYPE_MARIA_VARCHAR_COMPRESSED] = "VARCHAR_COMPRESSED",
    [BS_TYPE_VECTOR] = "VECTOR",
    [BS_TYPE_BOOL] = "BOOL",
    [BS_TYPE_JSON] = "JSON",
    [BS_TYPE_NEWDECIMAL] = "NEWDECIMAL",
    [BS_TYPE_ENUM] = "ENUM",
    [BS_TYPE_SET] = "SET",
    [BS_TYPE_TINY_BLOB] = "TINY_BLOB",
    [BS_TYPE_MEDIUM_BLOB] = "MEDIUM_BLOB",
    [BS_TYPE_LONG_BLOB] = "LONG_BLOB",
    [BS_TYPE_BLOB] = "BLOB",
    [BS_TYPE_VAR_STRING] = "VAR_STRING",
    [BS_TYPE_STRING] = "STRING",
    [BS_TYPE_GEOMETRY] = "GEOMETRY",
};

const char *bs_column_type_name(unsigned type)
{
    return type < 256 && column_type_names[type] ? column_type_names[type] : "UNKNOWN";
}

static void set_int(bs_value *v, const bs_binlog_column *c, uint64_t raw, unsigned bits)
{
    if (c->is_unsigned) {
        v->kind = BS_VALUE_UINT;
        v->v.u = raw;
    } else {
        v->kind = BS_VALUE_INT;
        unsigned shift = 64 - bits;
        v->v.i = (int64_t)(raw << shift) >> shift;
    }
}

static void set_bytes(bs_value *v, unsigned kind, const uint8_t *p, size_t n)
{
    v->kind = (uint8_t)kind;
    v->v.bytes.ptr = p;
    v->v.bytes.len = n;
}

/* Is column col a JSON column whose after-image value is a partial diff? */
static int is_json_diff(const bs_binlog_rows *rw, const bs_binlog_image *img, uint32_t col)
{
    if (!img->partial_json) return 0;
    uint32_t k = 0;
    for (uint32_t i = 0; i < col; i++)
        k += rw->table->cols[i].type == BS_TYPE_JSON;
    return bs_bit(img->partial_json, k);
}

static BS_COLD int value_corrupt(const bs_binlog_column *c, bs_error *err)
{
    return bs_error_set(err, BS_ECORRUPT, NULL, BS_NO_OFFSET, "not a valid %s value",
                        bs_column_type_name(c->type));
}

int bs_binlog_image_value(const bs_binlog_rows *rw, const bs_binlog_image *img, uint32_t col,
                          bs_value *v, bs_error *err)
{
    memset(v, 0, sizeof *v);
    if (col >= rw->ncols)
        return bs_error_set(err, BS_EINVAL, NULL, BS_NO_OFFSET, "no column %u", col + 1);
    const bs_binlog_column *c = &rw->table->cols[col];
    v->type = c->type;
    if (img->off[col] == BS_IMAGE_ABSENT) return 0; /* BS_VALUE_ABSENT */
    if (img->len[col] == BS_IMAGE_NULL) {
        v->kind = BS_VALUE_NULL;
        return 0;
    }
    const uint8_t *p = rw->data.ptr + img->off[col];
    size_t n = img->len[col];
    unsigned m = c->meta;
    switch (c->type) {
    case BS_TYPE_TINY: set_int(v, c, p[0], 8); break;
    case BS_TYPE_SHORT: set_int(v, c, bs_le16(p), 16); break;
    case BS_TYPE_INT24: set_int(v, c, bs_le24(p), 24); break;
    case BS_TYPE_LONG: set_int(v, c, bs_le32(p), 32); break;
    case BS_TYPE_LONGLONG: set_int(v, c, bs_le64(p), 64); break;
    case BS_TYPE_FLOAT: {
        float f;
        memcpy(&f, p, 4);
        v->kind = BS_VALUE_FLOAT;
        v->v.d = f;
        break;
    }
    case BS_TYPE_DOUBLE:
        v->kind = BS_VALUE_DOUBLE;
        memcpy(&v->v.d, p, 8);
        break;
    case BS_TYPE_YEAR:
        v->kind = BS_VALUE_YEAR;
        v->v.u = p[0] ? 1900u + p[0] : 0;
        break;
    case BS_TYPE_DATE:
    case BS_TYPE_NEWDATE:
        v->kind = BS_VALUE_DATE;
        bs_value_date(bs_le24(p), &v->v.t);
        break;
    case BS_TYPE_TIME:
        v->kind = BS_VALUE_TIME;
        bs_value_time_old((int32_t)(bs_le24(p) << 8) >> 8, &v->v.t);
        break;
    case BS_TYPE_DATETIME:
        v->kind = BS_VALUE_DATETIME;
        bs_value_datetime_old(bs_le64(p), &v->v.t);
        break;
    case BS_TYPE_TIMESTAMP:
        v->kind = BS_VALUE_TIMESTAMP;
        v->v.ts.sec = bs_le32(p);
        break;
    case BS_TYPE_TIME2:
        v->kind = BS_VALUE_TIME;
        v->fsp = (uint8_t)m;
        if (bs_value_time2(p, m, &v->v.t)) return value_corrupt(c, err);
        break;
    case BS_TYPE_DATETIME2:
        v->kind = BS_VALUE_DATETIME;
        v->fsp = (uint8_t)m;
        if (bs_value_datetime2(p, m, &v->v.t)) return value_corrupt(c, err);
        break;
    case BS_TYPE_TIMESTAMP2:
        v->kind = BS_VALUE_TIMESTAMP;
        v->fsp = (uint8_t)m;
        if (bs_value_timestamp2(p, m, &v->v.ts.sec, &v->v.ts.usec)) return value_corrupt(c, err);
        break;
    case BS_TYPE_NEWDECIMAL:
        set_bytes(v, BS_VALUE_DECIMAL, p, n);
        v->precision = (uint8_t)(m >> 8);
        v->fsp = (uint8_t)(m & 0xff);
        break;
    case BS_TYPE_BIT:
        v->kind = BS_VALUE_BIT;
        v->nbits = (uint16_t)((m >> 8) * 8 + (m & 0xff));
        v->v.u = bs_be_n(p, (unsigned)(n > 8 ? 8 : n));
        break;
    case BS_TYPE_ENUM:
        v->kind = BS_VALUE_ENUM;
        v->v.u = bs_le_n(p, (unsigned)n);
        break;
    case BS_TYPE_SET:
        v->kind = BS_VALUE_SET;
        v->v.u = bs_le_n(p, (unsigned)n);
        break;
    case BS_TYPE_VARCHAR:
    case BS_TYPE_STRING: {
        size_t prefix = m > 255 ? 2 : 1;
        set_bytes(v, BS_VALUE_STRING, p + prefix, n - prefix);
        v->charset = c->charset;
        if (c->type == BS_TYPE_STRING && c->charset == BS_CHARSET_BINARY) v->pad_to = m;
        break;
    }
    case BS_TYPE_BLOB:
    case BS_TYPE_TINY_BLOB:
    case BS_TYPE_MEDIUM_BLOB:
    case BS_TYPE_LONG_BLOB:
        set_bytes(v, BS_VALUE_STRING, p + m, n - m);
        v->charset = c->charset;
        break;
    case BS_TYPE_JSON:
        set_bytes(v, is_json_diff(rw, img, col) ? BS_VALUE_JSON_DIFF : BS_VALUE_JSON, p + m, n - m);
        break;
    case BS_TYPE_GEOMETRY: set_bytes(v, BS_VALUE_GEOMETRY, p + m, n - m); break;
    case BS_TYPE_MARIA_VARCHAR_COMPRESSED:
    case BS_TYPE_MARIA_BLOB_COMPRESSED: {
        int varchar = c->type == BS_TYPE_MARIA_VARCHAR_COMPRESSED;
        size_t prefix = varchar ? (m > 255 ? 2 : 1) : m;
        /* the longest value the column type can hold */
        size_t max = varchar ? 65535 : m >= 4 ? UINT32_MAX : ((size_t)1 << (8 * m)) - 1;
        bs_bytes plain;
        int rc = bs_maria_column_value(rw->reader, p + prefix, n - prefix, max, &plain, err);
        if (rc) return rc;
        set_bytes(v, BS_VALUE_STRING, plain.ptr, plain.len);
        v->charset = c->charset;
        break;
    }
    case BS_TYPE_VECTOR: set_bytes(v, BS_VALUE_VECTOR, p + m, n - m); break;
    case BS_TYPE_NULL: v->kind = BS_VALUE_NULL; break;
    default:
        return bs_error_set(err, BS_EUNSUPPORTED, NULL, BS_NO_OFFSET,
                            "type %s (%u) cannot be decoded", bs_column_type_name(c->type),
                            c->type);
    }
    return 0;
}
