/*
 * value_json.c - MySQL's binary JSON and partial-update diffs, as text.
 *
 * Binary JSON (sql-common/json_binary.cc) is a type byte and a value.
 * Objects and arrays come in a small form (2-byte counts, sizes and offsets)
 * and a large one (4-byte): element count, byte size, then one key entry
 * (offset, 2-byte length) per object member, one value entry (type byte,
 * offset) per element, then the keys and values the entries point at.
 * Offsets count from the container's first byte, after its type byte.
 * Literals and 16-bit integers, and 32-bit integers in the large form, sit
 * inline in their value entry instead of an offset. Strings carry a 7-bit
 * variable length; opaque values carry a MySQL column type byte, a variable
 * length and raw bytes. A zero-length document is read as JSON null, as
 * parse_binary() does (non-strict inserts store empty values).
 *
 * The text is Json_wrapper::to_string()'s (json_dom.cc): ", " and ": "
 * separators, MySQL's string escapes, doubles as my_gcvt() prints them,
 * opaque DECIMALs as bare numbers, opaque temporals as quoted strings with
 * six fractional digits (DATE without time), opaque VAR_STRINGs as strings
 * and any other opaque type as "base64:typeNN:..." (MIME-wrapped at 76
 * columns, the newline escaped). Bytes that are not UTF-8, which MySQL never
 * stores in a JSON string, become U+FFFD so the output is always UTF-8.
 *
 * Hostile input: every count, size and offset is checked against the
 * container it lies in; nesting stops at MySQL's 100 levels; and since value
 * entries could point at the same bytes (MySQL never writes such documents),
 * the walk counts the bytes it visits against the document's size, so a few
 * kilobytes cannot expand into gigabytes of text.
 *
 * A partial update (sql/json_diff.cc, Json_diff_vector::write_binary) is a
 * 4-byte length, which the row decoder strips as it does for whole JSON
 * values, then operations back to back: one byte (0 replace, 1 insert,
 * 2 remove), a length-encoded path, and except for remove a length-encoded
 * binary JSON value. Errors name the byte offset within the value given.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binsift/value.h"
#include "util/bytes.h"
#include "util/error_internal.h"

/* JSON_DOCUMENT_MAX_DEPTH: the containers a document may nest. */
#define JSON_MAX_DEPTH 100

enum jsonb_type {
    JSONB_SMALL_OBJECT = 0x0,
    JSONB_LARGE_OBJECT = 0x1,
    JSONB_SMALL_ARRAY = 0x2,
    JSONB_LARGE_ARRAY = 0x3,
    JSONB_LITERAL = 0x4,
    JSONB_INT16 = 0x5,
    JSONB_UINT16 = 0x6,
    JSONB_INT32 = 0x7,
    JSONB_UINT32 = 0x8,
    JSONB_INT64 = 0x9,
    JSONB_UINT64 = 0xa,
    JSONB_DOUBLE = 0xb,
    JSONB_STRING = 0xc,
    JSONB_OPAQUE = 0xf
};

enum json_diff_op { DIFF_REPLACE, DIFF_INSERT, DIFF_REMOVE };

/* One document being rendered. */
typedef struct json_walk {
    const uint8_t *doc; /* first byte of the document */
    size_t doc_at;      /* offset of doc within the value the caller passed */
    size_t budget;      /* bytes the walk may still visit */
    const char *unit;   /* what errors call the document */
    bs_buf *out;
    bs_error *err;
} json_walk;

static BS_COLD int walk_corrupt(const json_walk *w, const uint8_t *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static BS_COLD int walk_corrupt(const json_walk *w, const uint8_t *at, const char *fmt, ...)
{
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return bs_error_set(w->err, BS_ECORRUPT, NULL, BS_NO_OFFSET, "%s: %s at byte %zu", w->unit,
                        what, w->doc_at + (size_t)(at - w->doc));
}

/* Count n more visited bytes; more than the document holds means entries
 * overlap. */
static int charge(json_walk *w, const uint8_t *at, uint64_t n)
{
    if (n > w->budget)
        return walk_corrupt(w, at,
                            "entries point at overlapping bytes (the value visits more "
                            "bytes than the document holds)");
    w->budget -= (size_t)n;
    return 0;
}

/* ---- strings ---- */

/* Length of the well-formed 2-4 byte UTF-8 sequence at s, or 0. */
static size_t utf8_len(const uint8_t *s, size_t n)
{
    static const uint32_t min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
    size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
    if (len == 0 || s[0] > 0xf4 || n < len) return 0;
    uint32_t cp = s[0] & (0x3fu >> (len - 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    if (cp < min_cp[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    return len;
}

/* The escape MySQL's double_quote() writes for an ASCII byte, or NULL when
 * the byte goes out as it is. */
static const char *ascii_escape(uint8_t c, char tmp[8])
{
    static const char hex[] = "0123456789abcdef";
    switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\b': return "\\b";
    case '\t': return "\\t";
    case '\n': return "\\n";
    case '\f': return "\\f";
    case '\r': return "\\r";
    default:
        if (c > 0x1f) return NULL;
        snprintf(tmp, 8, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
        return tmp;
    }
}

/* s as a double-quoted JSON string. */
static int put_string(bs_buf *out, const uint8_t *s, size_t n)
{
    if (bs_buf_reserve(out, n + 2) || bs_buf_putc(out, '"')) return BS_ENOMEM;
    size_t run = 0; /* start of the bytes not yet copied */
    for (size_t i = 0; i < n;) {
        char tmp[8];
        const char *esc;
        if (s[i] >= 0x80) {
            size_t len = utf8_len(s + i, n - i);
            if (len) {
                i += len;
                continue;
            }
            esc = "\xef\xbf\xbd"; /* U+FFFD */
        } else if (!(esc = ascii_escape(s[i], tmp))) {
            i++;
            continue;
        }
        if (bs_buf_append(out, s + run, i - run) || bs_buf_puts(out, esc)) return BS_ENOMEM;
        run = ++i;
    }
    if (bs_buf_append(out, s + run, n - run)) return BS_ENOMEM;
    return bs_buf_putc(out, '"');
}

/* ---- doubles, as my_gcvt(d, MY_GCVT_ARG_DOUBLE, MY_GCVT_MAX_FIELD_WIDTH) ---- */

/* The shortest digits that read back as x (finite, >= 0), as dtoa's
 * shortest mode gives them; *decpt is where the point goes (x = 0.DIGITS *
 * 10^decpt). Returns the digit count, 1..17. */
static int shortest_digits(double x, char digits[17], int *decpt)
{
    char buf[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, x);
        if (strtod(buf, NULL) == x) break;
    }
    int len = 0;
    const char *s = buf;
    for (; *s != 'e'; s++)
        if (*s >= '0' && *s <= '9' && len < 17) digits[len++] = *s;
    *decpt = atoi(s + 1) + 1;
    while (len > 1 && digits[len - 1] == '0')
        len--;
    return len;
}

/* my_gcvt() with its 34-column width and at most 17 digits comes down to:
 * fixed notation when -14 <= decpt <= 15 or the point falls inside the
 * digits, otherwise "d.ddde[-]N". to_string() then appends ".0" to fixed
 * output without a point so that doubles stay distinct from integers. */
static int double_text(bs_buf *out, double d)
{
    if (!isfinite(d)) return bs_buf_puts(out, "0.0"); /* dtoa's overflow answer, "0" */
    char digits[17], text[64];
    int decpt, len = shortest_digits(fabs(d), digits, &decpt), t = 0;
    if (signbit(d)) text[t++] = '-';
    if (decpt >= -14 && (decpt <= 15 || decpt < len)) {
        if (decpt <= 0) {
            text[t++] = '0';
            text[t++] = '.';
            for (int i = decpt; i < 0; i++)
                text[t++] = '0';
        }
        for (int i = 0; i < len; i++) {
            text[t++] = digits[i];
            if (i + 1 == decpt && i + 1 < len) text[t++] = '.';
        }
        for (int i = len; i < decpt; i++)
            text[t++] = '0';
        if (decpt >= len) text[t++] = '.', text[t++] = '0';
    } else {
        text[t++] = digits[0];
        if (len > 1) text[t++] = '.';
        for (int i = 1; i < len; i++)
            text[t++] = digits[i];
        t += snprintf(text + t, sizeof text - (size_t)t, "e%d", decpt - 1);
    }
    return bs_buf_append(out, text, (size_t)t);
}

/* ---- opaque values ---- */

/* DECIMAL: precision byte, scale byte, then the binary decimal, whose size
 * must match them exactly (Json_decimal::convert_from_binary). */
static int opaque_decimal(json_walk *w, const uint8_t *at, const uint8_t *p, uint32_t n)
{
    size_t size = n < 2 ? 0 : bs_value_decimal_size(p[0], p[1]);
    if (size == 0 || size != n - 2)
        return walk_corrupt(w, at,
                            "opaque DECIMAL of %u bytes does not match its precision and "
                            "scale",
                            n);
    int rc = bs_value_decimal_text(p + 2, n - 2, p[0], p[1], w->out);
    if (rc == BS_ECORRUPT) return walk_corrupt(w, at, "opaque DECIMAL has malformed digits");
    return rc;
}

/* DATE, TIME, DATETIME and TIMESTAMP: MySQL's packed longlong
 * (TIME_from_longlong_*_packed): sign, then above 24 bits of microseconds
 * either hour:10 minute:6 second:6 (TIME) or (year*13+month):17 day:5
 * hour:5 minute:6 second:6. */
static int opaque_temporal(json_walk *w, const uint8_t *at, unsigned type, const uint8_t *p,
                           uint32_t n)
{
    if (n != 8)
        return walk_corrupt(w, at, "opaque %s has %u bytes, not 8", bs_column_type_name(type), n);
    int64_t packed = (int64_t)bs_le64(p);
    uint64_t mag = packed < 0 ? 0 - (uint64_t)packed : (uint64_t)packed, hms = mag >> 24;
    bs_value v = {.fsp = 6};
    bs_temporal *t = &v.v.t;
    t->usec = (uint32_t)(mag & 0xffffff);
    t->minute = (uint8_t)(hms >> 6 & 63);
    t->second = (uint8_t)(hms & 63);
    int impossible;
    if (type == BS_TYPE_TIME) {
        v.kind = BS_VALUE_TIME;
        t->neg = packed < 0;
        t->hour = (uint16_t)(hms >> 12 & 1023);
        impossible = t->hour > 838;
    } else {
        uint64_t ymd = hms >> 17, ym = ymd >> 5;
        v.kind = type == BS_TYPE_DATE ? BS_VALUE_DATE : BS_VALUE_DATETIME;
        t->year = (uint16_t)(ym / 13);
        t->month = (uint8_t)(ym % 13);
        t->day = (uint8_t)(ymd & 31);
        t->hour = (uint16_t)(hms >> 12 & 31);
        impossible = t->hour > 23 || t->year > 9999;
    }
    if (impossible || t->usec > 999999 || t->minute > 59 || t->second > 59)
        return walk_corrupt(w, at, "opaque %s holds an impossible time", bs_column_type_name(type));
    if (bs_buf_putc(w->out, '"') || bs_value_temporal_text(&v, w->out)) return BS_ENOMEM;
    return bs_buf_putc(w->out, '"');
}

/* "base64:typeNN:<data>", MySQL's base64_encode() breaking lines every 76
 * characters; the newline is escaped like any in a JSON string. */
static int opaque_base64(bs_buf *out, unsigned type, const uint8_t *p, uint32_t n)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (bs_buf_printf(out, "\"base64:type%u:", type)) return BS_ENOMEM;
    for (size_t i = 0, col = 0; i < n; i += 3, col += 4) {
        if (col == 76) {
            if (bs_buf_append(out, "\\n", 2)) return BS_ENOMEM;
            col = 0;
        }
        uint32_t c = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) |
                     (i + 2 < n ? p[i + 2] : 0);
        char quad[4] = {abc[c >> 18], abc[c >> 12 & 63], i + 1 < n ? abc[c >> 6 & 63] : '=',
                        i + 2 < n ? abc[c & 63] : '='};
        if (bs_buf_append(out, quad, 4)) return BS_ENOMEM;
    }
    return bs_buf_putc(out, '"');
}

static int opaque_text(json_walk *w, const uint8_t *at, unsigned type, const uint8_t *p, uint32_t n)
{
    switch (type) {
    case BS_TYPE_NEWDECIMAL: return opaque_decimal(w, at, p, n);
    case BS_TYPE_DATE:
    case BS_TYPE_TIME:
    case BS_TYPE_DATETIME:
    case BS_TYPE_TIMESTAMP: return opaque_temporal(w, at, type, p, n);
    case BS_TYPE_VAR_STRING: return put_string(w->out, p, n); /* a string MySQL kept opaque */
    default: return opaque_base64(w->out, type, p, n);
    }
}

/* ---- scalars ---- */

/* The variable length of strings and opaque values: 7 bits a byte, low bits
 * first, at most 5 bytes and 32 bits. Returns the bytes used, 0 if bad. */
static size_t read_varlen(const uint8_t *p, size_t avail, uint32_t *len)
{
    uint64_t v = 0;
    for (size_t i = 0; i < 5 && i < avail; i++) {
        v |= (uint64_t)(p[i] & 0x7f) << (7 * i);
        if (!(p[i] & 0x80)) {
            if (v > UINT32_MAX) return 0;
            *len = (uint32_t)v;
            return i + 1;
        }
    }
    return 0;
}

static const char *scalar_name(unsigned type)
{
    static const char *const names[16] = {
        [JSONB_LITERAL] = "literal", [JSONB_INT16] = "int16",   [JSONB_UINT16] = "uint16",
        [JSONB_INT32] = "int32",     [JSONB_UINT32] = "uint32", [JSONB_INT64] = "int64",
        [JSONB_UINT64] = "uint64",   [JSONB_DOUBLE] = "double", [JSONB_STRING] = "string",
        [JSONB_OPAQUE] = "opaque"};
    return type < 16 ? names[type] : NULL;
}

/* Bytes a scalar of this type occupies at p, or 0 when it cannot fit in
 * avail (or type is not a scalar type). *data and *data_len locate the
 * payload of strings and opaque values. */
static size_t scalar_size(unsigned type, const uint8_t *p, size_t avail, size_t *data,
                          uint32_t *data_len)
{
    static const uint8_t fixed[16] = {
        [JSONB_LITERAL] = 1, [JSONB_INT16] = 2, [JSONB_UINT16] = 2, [JSONB_INT32] = 4,
        [JSONB_UINT32] = 4,  [JSONB_INT64] = 8, [JSONB_UINT64] = 8, [JSONB_DOUBLE] = 8};
    size_t head = type == JSONB_OPAQUE; /* the column type byte */
    if (type != JSONB_STRING && type != JSONB_OPAQUE)
        return type < 16 && fixed[type] <= avail ? fixed[type] : 0;
    if (avail <= head) return 0;
    size_t used = read_varlen(p + head, avail - head, data_len);
    if (used == 0 || *data_len > avail - head - used) return 0;
    *data = head + used;
    return *data + *data_len;
}

/* Render the scalar at p; inlined ones live in their value entry, which the
 * container already counted, the others are counted here. */
static int render_scalar(json_walk *w, unsigned type, const uint8_t *p, size_t avail, int inlined)
{
    if (!scalar_name(type)) return walk_corrupt(w, p, "value has unknown type 0x%02x", type);
    size_t data = 0;
    uint32_t data_len = 0;
    size_t size = scalar_size(type, p, avail, &data, &data_len);
    if (size == 0)
        return walk_corrupt(w, p, "%s value has a bad length or runs past its container",
                            scalar_name(type));
    int rc = inlined ? 0 : charge(w, p, size);
    if (rc) return rc;
    bs_buf *out = w->out;
    double d;
    switch (type) {
    case JSONB_LITERAL:
        if (p[0] > 2) return walk_corrupt(w, p, "unknown literal 0x%02x", p[0]);
        return bs_buf_puts(out, p[0] == 0 ? "null" : p[0] == 1 ? "true" : "false");
    case JSONB_INT16: return bs_buf_printf(out, "%d", (int16_t)bs_le16(p));
    case JSONB_UINT16: return bs_buf_printf(out, "%u", bs_le16(p));
    case JSONB_INT32: return bs_buf_printf(out, "%lld", (long long)(int32_t)bs_le32(p));
    case JSONB_UINT32: return bs_buf_printf(out, "%llu", (unsigned long long)bs_le32(p));
    case JSONB_INT64: return bs_buf_printf(out, "%lld", (long long)(int64_t)bs_le64(p));
    case JSONB_UINT64: return bs_buf_printf(out, "%llu", (unsigned long long)bs_le64(p));
    case JSONB_DOUBLE: memcpy(&d, p, 8); return double_text(out, d);
    case JSONB_STRING: return put_string(out, p + data, data_len);
    default: return opaque_text(w, p, p[0], p + data, data_len);
    }
}

/* ---- objects and arrays ---- */

static int render_value(json_walk *w, unsigned type, const uint8_t *p, size_t avail,
                        unsigned depth);

/* Where the entries of a container put things. */
typedef struct container {
    const uint8_t *base; /* first byte, after the type byte */
    uint32_t bytes;      /* its size */
    uint64_t header;     /* counts and entries: keys and values start here */
    int large;
} container;

static uint32_t read_offset(const uint8_t *p, int large)
{
    return large ? bs_le32(p) : bs_le16(p);
}

static int render_key(json_walk *w, const container *c, const uint8_t *entry)
{
    uint32_t off = read_offset(entry, c->large);
    uint16_t len = bs_le16(entry + (c->large ? 4 : 2));
    if (off < c->header || (uint64_t)off + len > c->bytes)
        return walk_corrupt(w, entry, "key at offset %u (%u bytes) lies outside its %u-byte object",
                            off, len, c->bytes);
    int rc = charge(w, entry, len);
    if (rc) return rc;
    rc = put_string(w->out, c->base + off, len);
    return rc ? rc : bs_buf_append(w->out, ": ", 2);
}

static int render_element(json_walk *w, const container *c, const uint8_t *entry, unsigned depth)
{
    unsigned type = entry[0];
    int inlined = type == JSONB_LITERAL || type == JSONB_INT16 || type == JSONB_UINT16 ||
                  (c->large && (type == JSONB_INT32 || type == JSONB_UINT32));
    if (inlined) return render_scalar(w, type, entry + 1, c->large ? 4 : 2, 1);
    uint32_t off = read_offset(entry + 1, c->large);
    if (off < c->header || off > c->bytes)
        return walk_corrupt(w, entry, "value at offset %u lies outside its %u-byte container", off,
                            c->bytes);
    return render_value(w, type, c->base + off, c->bytes - off, depth);
}

/* An object or array nested inside depth others. */
static int render_container(json_walk *w, unsigned type, const uint8_t *p, size_t avail,
                            unsigned depth)
{
    int object = type == JSONB_SMALL_OBJECT || type == JSONB_LARGE_OBJECT;
    const char *kind = object ? "object" : "array";
    container c = {.base = p, .large = type == JSONB_LARGE_OBJECT || type == JSONB_LARGE_ARRAY};
    size_t osize = c.large ? 4 : 2, key_entry = osize + 2, value_entry = 1 + osize;
    if (depth >= JSON_MAX_DEPTH)
        return walk_corrupt(w, p, "containers nest deeper than %d levels", JSON_MAX_DEPTH);
    if (avail < 2 * osize) return walk_corrupt(w, p, "%s header runs past its container", kind);
    uint32_t count = read_offset(p, c.large);
    c.bytes = read_offset(p + osize, c.large);
    if (c.bytes > avail)
        return walk_corrupt(w, p, "%s of %u bytes runs past its container (%zu bytes left)", kind,
                            c.bytes, avail);
    c.header = 2 * osize + (uint64_t)count * ((object ? key_entry : 0) + value_entry);
    if (c.header > c.bytes)
        return walk_corrupt(w, p, "%s entries for %u elements do not fit in its %u bytes", kind,
                            count, c.bytes);
    int rc = charge(w, p, c.header);
    if (rc) return rc;
    const uint8_t *keys = p + 2 * osize, *values = keys + (object ? count * key_entry : 0);
    if (bs_buf_putc(w->out, object ? '{' : '[')) return BS_ENOMEM;
    for (uint32_t i = 0; i < count; i++) {
        if (i && bs_buf_append(w->out, ", ", 2)) return BS_ENOMEM;
        if (object && (rc = render_key(w, &c, keys + i * key_entry))) return rc;
        if ((rc = render_element(w, &c, values + i * value_entry, depth + 1))) return rc;
    }
    return bs_buf_putc(w->out, object ? '}' : ']');
}

static int render_value(json_walk *w, unsigned type, const uint8_t *p, size_t avail, unsigned depth)
{
    if (type <= JSONB_LARGE_ARRAY) return render_container(w, type, p, avail, depth);
    return render_scalar(w, type, p, avail, 0);
}

/* A whole document of n bytes at p, which lies doc_at bytes into the value
 * the caller was given. */
static int render_document(const uint8_t *p, size_t n, size_t doc_at, const char *unit, bs_buf *out,
                           bs_error *err)
{
    if (n == 0) return bs_buf_puts(out, "null");
    json_walk w = {
        .doc = p, .doc_at = doc_at, .budget = n - 1, .unit = unit, .out = out, .err = err};
    return render_value(&w, p[0], p + 1, n - 1, 0);
}

/* On failure, take back whatever was written. */
static int finish(bs_buf *out, size_t at, int rc)
{
    if (rc && out->data) {
        out->len = at;
        out->data[at] = 0;
    }
    return rc;
}

int bs_value_json_text(const uint8_t *p, size_t n, bs_buf *out, bs_error *err)
{
    size_t at = out->len;
    return finish(out, at, render_document(p, n, 0, "binary JSON", out, err));
}

/* ---- partial-update diffs ---- */

static BS_COLD int diff_corrupt(bs_error *err, size_t at, unsigned op, const char *what)
{
    return bs_error_set(err, BS_ECORRUPT, NULL, BS_NO_OFFSET,
                        "JSON diff: operation %u: %s at byte %zu", op + 1, what, at);
}

/* One operation at *pp; moves *pp past it. */
static int render_diff_op(const uint8_t *p, const uint8_t **pp, const uint8_t *end, unsigned i,
                          bs_buf *out, bs_error *err)
{
    static const char *const op_names[] = {"replace", "insert", "remove"};
    const uint8_t *q = *pp;
    unsigned op = *q++;
    uint64_t path_len, value_len;
    if (op > DIFF_REMOVE) return diff_corrupt(err, (size_t)(q - 1 - p), i, "unknown operation");
    if (bs_read_packed(&q, end, &path_len) || path_len > (uint64_t)(end - q))
        return diff_corrupt(err, (size_t)(*pp + 1 - p), i, "path runs past the end");
    if (path_len == 0 || q[0] != '$')
        return diff_corrupt(err, (size_t)(q - p), i, "path does not start with '$'");
    if (bs_buf_printf(out, "{\"op\":\"%s\",\"path\":", op_names[op]) ||
        put_string(out, q, (size_t)path_len))
        return BS_ENOMEM;
    q += path_len;
    if (op != DIFF_REMOVE) {
        const uint8_t *len_at = q;
        if (bs_read_packed(&q, end, &value_len) || value_len > (uint64_t)(end - q))
            return diff_corrupt(err, (size_t)(len_at - p), i, "value runs past the end");
        if (bs_buf_puts(out, ",\"value\":")) return BS_ENOMEM;
        int rc =
            render_document(q, (size_t)value_len, (size_t)(q - p), "JSON diff value", out, err);
        if (rc) return rc;
        q += value_len;
    }
    *pp = q;
    return bs_buf_putc(out, '}');
}

int bs_value_json_diff_text(const uint8_t *p, size_t n, bs_buf *out, bs_error *err)
{
    size_t at = out->len;
    const uint8_t *q = p, *end = p + n;
    int rc = bs_buf_putc(out, '[');
    for (unsigned i = 0; !rc && q < end; i++) {
        if (i) rc = bs_buf_putc(out, ',');
        if (!rc) rc = render_diff_op(p, &q, end, i, out, err);
    }
    if (!rc) rc = bs_buf_putc(out, ']');
    return finish(out, at, rc);
}
