/*
 * value_format.c - rendering decoded values as text and as JSON.
 *
 * Two renderings of the same value: text (what a DBA reads in `decode -v`,
 * close to mysqlbinlog's: quoted strings and temporals, NULL, b'0101') and
 * JSON (for scripts: numbers stay numbers, exact decimals become strings,
 * binary data becomes {"hex": "..."}). Strings are rendered as UTF-8 when
 * they are valid UTF-8, otherwise as escaped bytes, so that output is always
 * valid UTF-8 whatever the column charset.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binsift/report.h"
#include "util/bytes.h"
#include "util/error_internal.h"

/* MySQL's latin1 is Windows-1252; its collations by id. */
static int is_latin1(unsigned cs)
{
    switch (cs) {
    case 5:
    case 8:
    case 15:
    case 31:
    case 47:
    case 48:
    case 49:
    case 94:
    case 1032:
    case 1071: return 1;
    default: return 0;
    }
}

static const uint16_t cp1252_high[32] = {
    0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
    0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178};

/* Append the UTF-8 encoding of latin1 (cp1252) byte c, c >= 0x80. */
static int latin1_char(bs_buf *out, uint8_t c)
{
    uint32_t cp = c < 0xa0 ? cp1252_high[c - 0x80] : c;
    char u[3];
    if (cp < 0x800) {
        u[0] = (char)(0xc0 | cp >> 6);
        u[1] = (char)(0x80 | (cp & 0x3f));
        return bs_buf_append(out, u, 2);
    }
    u[0] = (char)(0xe0 | cp >> 12);
    u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
    u[2] = (char)(0x80 | (cp & 0x3f));
    return bs_buf_append(out, u, 3);
}

/* Length of the valid UTF-8 sequence at p, or 0. */
static size_t utf8_seq(const uint8_t *p, size_t n)
{
    uint8_t c = p[0];
    size_t len;
    uint32_t min;
    if (c < 0x80) return 1;
    if ((c & 0xe0) == 0xc0)
        len = 2, min = 0x80;
    else if ((c & 0xf0) == 0xe0)
        len = 3, min = 0x800;
    else if ((c & 0xf8) == 0xf0)
        len = 4, min = 0x10000;
    else
        return 0;
    if (n < len) return 0;
    uint32_t cp = c & (0x7f >> len);
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80) return 0;
        cp = cp << 6 | (p[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    return len;
}

static int is_utf8(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t l = utf8_seq(p + i, n - i);
        if (!l) return 0;
        i += l;
    }
    return 1;
}

static int hex_append(bs_buf *out, const uint8_t *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    if (bs_buf_reserve(out, 2 * n)) return BS_ENOMEM;
    char *d = out->data + out->len;
    for (size_t i = 0; i < n; i++) {
        d[2 * i] = digits[p[i] >> 4];
        d[2 * i + 1] = digits[p[i] & 15];
    }
    out->len += 2 * n;
    out->data[out->len] = 0;
    return 0;
}

static int json_string(bs_buf *out, const uint8_t *s, size_t n, int latin1);

int bs_report_json_string(bs_buf *out, const uint8_t *s, size_t n)
{
    return json_string(out, s, n, 0);
}

int bs_report_json_cstr(bs_buf *out, const char *s)
{
    return s ? json_string(out, (const uint8_t *)s, strlen(s), 0) : bs_buf_puts(out, "null");
}

/* `"key":` preceded by a comma unless first in its object or array. */
static int json_key(bs_buf *out, const char *key)
{
    char last = out->len ? out->data[out->len - 1] : '{';
    return (last != '{' && last != '[' && bs_buf_putc(out, ',')) || bs_report_json_cstr(out, key) ||
           bs_buf_putc(out, ':');
}

int bs_report_json_field(bs_buf *out, const char *key, const char *value)
{
    return json_key(out, key) || bs_report_json_cstr(out, value);
}

int bs_report_json_u64_field(bs_buf *out, const char *key, uint64_t value)
{
    return json_key(out, key) || bs_buf_put_u64(out, value);
}

/* latin1: the bytes are cp1252 text, re-encoded as UTF-8 on the way. */
static int json_string(bs_buf *out, const uint8_t *s, size_t n, int latin1)
{
    static const char digits[] = "0123456789abcdef";
    if (bs_buf_reserve(out, n + 2)) return BS_ENOMEM;
    bs_buf_putc(out, '"');
    for (size_t i = 0; i < n;) {
        uint8_t c = s[i];
        size_t l = c < 0x80 ? 1 : utf8_seq(s + i, n - i);
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            size_t j = i + 1; /* copy a run of plain ASCII at once */
            while (j < n && s[j] >= 0x20 && s[j] < 0x80 && s[j] != '"' && s[j] != '\\')
                j++;
            if (bs_buf_append(out, s + i, j - i)) return BS_ENOMEM;
            i = j;
            continue;
        }
        int rc;
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            rc = bs_buf_append(out, e, 2);
        } else if (c == '\n') {
            rc = bs_buf_append(out, "\\n", 2);
        } else if (c == '\t') {
            rc = bs_buf_append(out, "\\t", 2);
        } else if (c == '\r') {
            rc = bs_buf_append(out, "\\r", 2);
        } else if (latin1 && c >= 0x80) {
            rc = latin1_char(out, c);
        } else if (l > 1) {
            rc = bs_buf_append(out, s + i, l);
            i += l - 1;
        } else { /* control byte, or a byte that is not UTF-8: its Latin-1 reading */
            char e[6] = {'\\', 'u', '0', '0', digits[c >> 4], digits[c & 15]};
            rc = bs_buf_append(out, e, 6);
        }
        if (rc) return rc;
        i++;
    }
    return bs_buf_putc(out, '"');
}

/* Text rendering of bytes: quoted, with \\, \' and control characters
 * escaped, and \xNN for bytes that are not UTF-8. */
static int text_plain(uint8_t c)
{
    return c >= 0x20 && c < 0x7f && c != '\'' && c != '\\';
}

/* latin1: the bytes are cp1252 text, re-encoded as UTF-8 on the way. pad:
 * trailing 0x00 bytes the value has beyond its stored bytes (BINARY). */
static int text_string_cs(bs_buf *out, const uint8_t *s, size_t n, int latin1, size_t pad)
{
    static const char digits[] = "0123456789abcdef";
    if (bs_buf_putc(out, '\'')) return BS_ENOMEM;
    for (size_t i = 0; i < n;) {
        size_t j = i; /* copy a run of plain ASCII at once */
        while (j < n && text_plain(s[j]))
            j++;
        if (j > i && bs_buf_append(out, s + i, j - i)) return BS_ENOMEM;
        if ((i = j) == n) break;
        uint8_t c = s[i];
        size_t l = c < 0x80 ? 1 : utf8_seq(s + i, n - i);
        char e[4] = {'\\', (char)c, 0, 0};
        int rc;
        if (latin1 && c >= 0x80) {
            rc = latin1_char(out, c);
            l = 1;
        } else if (c == '\'' || c == '\\') {
            rc = bs_buf_append(out, e, 2);
        } else if (c == '\n') {
            rc = bs_buf_append(out, "\\n", 2);
        } else if (l <= 1) { /* control byte, DEL, or not UTF-8 */
            e[1] = 'x', e[2] = digits[c >> 4], e[3] = digits[c & 15];
            rc = bs_buf_append(out, e, 4);
            l = 1;
        } else {
            rc = bs_buf_append(out, s + i, l);
        }
        if (rc) return rc;
        i += l;
    }
    for (; pad; pad--)
        if (bs_buf_append(out, "\\x00", 4)) return BS_ENOMEM;
    return bs_buf_putc(out, '\'');
}

static int text_string(bs_buf *out, const uint8_t *s, size_t n)
{
    return text_string_cs(out, s, n, 0, 0);
}

/* Zero bytes a BINARY value has beyond the bytes the binlog stored. */
static size_t pad_bytes(const bs_value *v)
{
    return v->pad_to > v->v.bytes.len ? v->pad_to - v->v.bytes.len : 0;
}

/* Shortest decimal text that reads back to the same double (or float). */
static int number_text(bs_buf *out, double d, int single)
{
    if (!isfinite(d)) return bs_buf_puts(out, isnan(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
    char tmp[40];
    for (int prec = single ? 6 : 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, d);
        if (single ? (float)strtod(tmp, NULL) == (float)d : strtod(tmp, NULL) == d) break;
    }
    return bs_buf_puts(out, tmp);
}

/* ENUM/SET member names. A SET's text is built in out itself: the quoted
 * joined names are rendered from a scratch copy only when they need escaping,
 * which member names of real schemas practically never do. */
static int names_of(bs_buf *out, const bs_value *v, const bs_binlog_column *col, int json)
{
    bs_bytes name;
    if (v->kind == BS_VALUE_ENUM) {
        if (v->v.u == 0) return json ? bs_buf_puts(out, "\"\"") : bs_buf_puts(out, "''");
        if (bs_binlog_column_str_value(col, (uint32_t)v->v.u - 1, &name)) return -1;
        return json ? bs_report_json_string(out, name.ptr, name.len)
                    : text_string(out, name.ptr, name.len);
    }
    size_t start = out->len;
    int first = 1;
    for (uint32_t i = 0; i < 64 && i < col->n_str_values; i++) {
        if (!(v->v.u >> i & 1)) continue;
        if (bs_binlog_column_str_value(col, i, &name)) break;
        if ((!first && bs_buf_putc(out, ',')) || bs_buf_append(out, name.ptr, name.len))
            return BS_ENOMEM;
        first = 0;
    }
    /* quote the joined names: render them from a copy, then move into place */
    size_t n = out->len - start;
    if (bs_buf_reserve(out, 2 * n + 8)) return BS_ENOMEM;
    uint8_t *joined = (uint8_t *)out->data + out->len + 1; /* scratch past the end */
    memcpy(joined, out->data + start, n);
    out->len = start;
    uint8_t copy[512];
    const uint8_t *src = joined;
    if (n <= sizeof copy) { /* rendering may grow out over the scratch copy */
        memcpy(copy, joined, n);
        src = copy;
    } else {
        bs_buf tmp = {0};
        if (bs_buf_append(&tmp, joined, n)) return BS_ENOMEM;
        int rc = json ? bs_report_json_string(out, (const uint8_t *)tmp.data, n)
                      : text_string(out, (const uint8_t *)tmp.data, n);
        bs_buf_free(&tmp);
        return rc;
    }
    return json ? bs_report_json_string(out, src, n) : text_string(out, src, n);
}

static int has_names(const bs_value *v, const bs_binlog_column *col)
{
    return col && col->n_str_values && (v->kind == BS_VALUE_SET || (v->v.u <= col->n_str_values));
}

static int vector_text(bs_buf *out, const uint8_t *p, size_t n)
{
    if (bs_buf_putc(out, '[')) return BS_ENOMEM;
    for (size_t i = 0; i + 4 <= n; i += 4) {
        float f;
        memcpy(&f, p + i, 4);
        if ((i && bs_buf_putc(out, ',')) || number_text(out, f, 1)) return BS_ENOMEM;
    }
    return bs_buf_putc(out, ']');
}

static int bits_text(bs_buf *out, uint64_t u, unsigned nbits)
{
    if (bs_buf_puts(out, "b'")) return BS_ENOMEM;
    for (int i = (int)(nbits ? nbits : 1) - 1; i >= 0; i--)
        if (bs_buf_putc(out, (u >> i & 1) ? '1' : '0')) return BS_ENOMEM;
    return bs_buf_putc(out, '\'');
}

/* Renderings shared by text and JSON. */
static int common_value(bs_buf *out, const bs_value *v, int json, bs_error *err)
{
    switch (v->kind) {
    case BS_VALUE_INT: return bs_buf_put_i64(out, v->v.i);
    case BS_VALUE_UINT:
    case BS_VALUE_YEAR: return bs_buf_put_u64(out, v->v.u);
    case BS_VALUE_FLOAT: return number_text(out, v->v.d, 1);
    case BS_VALUE_DOUBLE: return number_text(out, v->v.d, 0);
    case BS_VALUE_JSON: return bs_value_json_text(v->v.bytes.ptr, v->v.bytes.len, out, err);
    case BS_VALUE_JSON_DIFF:
        return bs_value_json_diff_text(v->v.bytes.ptr, v->v.bytes.len, out, err);
    case BS_VALUE_VECTOR: return vector_text(out, v->v.bytes.ptr, v->v.bytes.len);
    case BS_VALUE_DECIMAL:
    case BS_VALUE_DATE:
    case BS_VALUE_TIME:
    case BS_VALUE_DATETIME:
    case BS_VALUE_TIMESTAMP: {
        size_t at = out->len;
        if (bs_buf_putc(out, json ? '"' : '\'')) return BS_ENOMEM;
        int rc = v->kind == BS_VALUE_DECIMAL ? bs_value_decimal_text(v->v.bytes.ptr, v->v.bytes.len,
                                                                     v->precision, v->fsp, out)
                                             : bs_value_temporal_text(v, out);
        if (rc) {
            out->len = at;
            return rc == BS_ECORRUPT
                       ? bs_error_set(err, rc, NULL, BS_NO_OFFSET, "not a valid %s encoding",
                                      bs_column_type_name(v->type))
                       : rc;
        }
        return bs_buf_putc(out, json ? '"' : '\'');
    }
    default: return BS_EINVAL;
    }
}

int bs_report_value_text(bs_buf *out, const bs_value *v, const bs_binlog_column *col, bs_error *err)
{
    switch (v->kind) {
    case BS_VALUE_ABSENT: return 0;
    case BS_VALUE_NULL: return bs_buf_puts(out, "NULL");
    case BS_VALUE_INT: {
        int rc = bs_buf_put_i64(out, v->v.i);
        /* Without SIGNEDNESS metadata the column may be unsigned: show both. */
        if (rc || v->v.i >= 0 || !col || col->is_unsigned) return rc;
        unsigned bits = v->type == BS_TYPE_TINY    ? 8
                        : v->type == BS_TYPE_SHORT ? 16
                        : v->type == BS_TYPE_INT24 ? 24
                        : v->type == BS_TYPE_LONG  ? 32
                                                   : 64;
        uint64_t u = bits == 64 ? (uint64_t)v->v.i : (uint64_t)v->v.i & ((1ull << bits) - 1);
        return bs_buf_printf(out, " (%llu)", (unsigned long long)u);
    }
    case BS_VALUE_STRING:
        return text_string_cs(out, v->v.bytes.ptr, v->v.bytes.len, is_latin1(v->charset),
                              pad_bytes(v));
    case BS_VALUE_ENUM:
    case BS_VALUE_SET:
        if (has_names(v, col) && names_of(out, v, col, 0) == 0) return 0;
        return bs_buf_printf(out, "%llu", (unsigned long long)v->v.u);
    case BS_VALUE_BIT: return bits_text(out, v->v.u, v->nbits);
    case BS_VALUE_GEOMETRY:
        if (bs_buf_puts(out, "x'") || hex_append(out, v->v.bytes.ptr, v->v.bytes.len))
            return BS_ENOMEM;
        return bs_buf_putc(out, '\'');
    default: return common_value(out, v, 0, err);
    }
}

int bs_report_value_json(bs_buf *out, const bs_value *v, const bs_binlog_column *col, bs_error *err)
{
    switch (v->kind) {
    case BS_VALUE_ABSENT:
    case BS_VALUE_NULL: return bs_buf_puts(out, "null");
    case BS_VALUE_FLOAT:
    case BS_VALUE_DOUBLE:
        if (!isfinite(v->v.d)) return bs_buf_puts(out, "null");
        return common_value(out, v, 1, err);
    case BS_VALUE_STRING:
        if (is_latin1(v->charset)) return json_string(out, v->v.bytes.ptr, v->v.bytes.len, 1);
        if (v->charset != BS_CHARSET_BINARY && is_utf8(v->v.bytes.ptr, v->v.bytes.len))
            return bs_report_json_string(out, v->v.bytes.ptr, v->v.bytes.len);
        /* binary or non-UTF-8 text: rendered as hex below */
        /* fall through */
    case BS_VALUE_GEOMETRY:
        if (bs_buf_puts(out, "{\"hex\":\"") || hex_append(out, v->v.bytes.ptr, v->v.bytes.len))
            return BS_ENOMEM;
        for (size_t pad = v->kind == BS_VALUE_STRING ? pad_bytes(v) : 0; pad; pad--)
            if (bs_buf_append(out, "00", 2)) return BS_ENOMEM;
        return bs_buf_puts(out, "\"}");
    case BS_VALUE_ENUM:
    case BS_VALUE_SET:
        if (has_names(v, col) && names_of(out, v, col, 1) == 0) return 0;
        /* fall through */
    case BS_VALUE_BIT: return bs_buf_printf(out, "%llu", (unsigned long long)v->v.u);
    default: return common_value(out, v, 1, err);
    }
}
