/*
 * expr_value.c - row values in, results out.
 *
 * Binding: DM hands TiDB's expression engine the row as go-mysql decoded it,
 * cast to each column's tracked type (table.CastValue). binsift's decoder
 * already produces typed values; a value may also be text for any column
 * (DM itself gets DECIMAL and TIMESTAMP values as text, and `explain --row`
 * gives text), which is cast the same way. Column specifics:
 *   - narrow integers are re-read with the column's signedness;
 *   - latin1 text is turned into UTF-8 with Windows-1252, as DM's
 *     latin1Decoder does before evaluating (dm/syncer/dml.go);
 *   - BINARY(n) values are padded with 0x00 to n bytes (DM pads them too);
 *   - TIMESTAMP instants become local times in the session zone;
 *   - ENUM/SET carry their index/bitmask next to their text;
 *   - JSON binary is rendered to text and parsed.
 *
 * Results: the value, its rendering, and DM's decision. DM skips a row when
 * Datum.GetInt64() == 1, and GetInt64 reads the datum's raw 64-bit field
 * whatever its kind: an integer (signed or unsigned) 1; a double only if its
 * bit pattern is 1 (never in practice); an ENUM whose index is 1 or a SET
 * whose bitmask is 1 (bare ENUM/SET column results); a JSON value whose
 * TiDB type code is 1, i.e. an object. Strings, DECIMALs, temporals, BITs
 * and NULL never skip. (tidb pkg/types/datum.go: GetInt64, SetMysqlEnum,
 * SetMysqlJSON, SetFloat64; pkg/expression/scalar_function.go: Eval.)
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "binsift/value.h"
#include "rules/expr_internal.h"

/* ---- column types ---- */

static bool blob_type(int t)
{
    return t == BS_TYPE_TINY_BLOB || t == BS_TYPE_MEDIUM_BLOB || t == BS_TYPE_LONG_BLOB ||
           t == BS_TYPE_BLOB || t == BS_TYPE_MARIA_BLOB_COMPRESSED;
}

void xcolumn_type(const bs_rules_expr_column *c, xtype *t)
{
    switch (c->type) {
    case BS_TYPE_TINY:
    case BS_TYPE_SHORT:
    case BS_TYPE_INT24:
    case BS_TYPE_LONG:
    case BS_TYPE_LONGLONG:
        xtype_init(t, c->type);
        if (c->is_unsigned) t->flags |= XF_UNSIGNED;
        break;
    case BS_TYPE_YEAR:
        xtype_init(t, BS_TYPE_YEAR);
        t->flags |= XF_UNSIGNED;
        t->flen = 4;
        break;
    case BS_TYPE_BIT:
        xtype_init(t, BS_TYPE_BIT);
        t->flags |= XF_UNSIGNED;
        t->flen = c->length ? (int32_t)c->length : 1;
        t->coer = XCOER_IMPLICIT;
        break;
    case BS_TYPE_FLOAT:
        xtype_init(t, BS_TYPE_FLOAT);
        t->flags |= XF_FLOAT32;
        break;
    case BS_TYPE_DOUBLE: xtype_init(t, BS_TYPE_DOUBLE); break;
    case BS_TYPE_NEWDECIMAL:
    case BS_TYPE_DECIMAL:
        xtype_init(t, BS_TYPE_NEWDECIMAL);
        t->flen = c->precision ? c->precision : 10;
        t->decimal = (int8_t)c->scale;
        break;
    case BS_TYPE_DATE:
    case BS_TYPE_NEWDATE:
        xtype_init(t, BS_TYPE_DATE);
        t->decimal = 0;
        break;
    case BS_TYPE_DATETIME:
    case BS_TYPE_DATETIME2:
        xtype_init(t, BS_TYPE_DATETIME);
        t->decimal = (int8_t)(c->scale > 6 ? 6 : c->scale);
        break;
    case BS_TYPE_TIMESTAMP:
    case BS_TYPE_TIMESTAMP2:
        xtype_init(t, BS_TYPE_TIMESTAMP);
        t->decimal = (int8_t)(c->scale > 6 ? 6 : c->scale);
        break;
    case BS_TYPE_TIME:
    case BS_TYPE_TIME2:
        xtype_init(t, BS_TYPE_TIME);
        t->decimal = (int8_t)(c->scale > 6 ? 6 : c->scale);
        break;
    case BS_TYPE_JSON:
        xtype_init(t, BS_TYPE_JSON);
        t->coll = XCOLL_UTF8MB4_BIN;
        t->coer = XCOER_IMPLICIT;
        t->repe = XREP_UNICODE;
        break;
    case BS_TYPE_ENUM:
    case BS_TYPE_SET:
        xtype_string(t, c->collation ? c->collation : XCOLL_UTF8MB4_BIN, XCOER_IMPLICIT);
        t->tp = c->type;
        break;
    default: {
        uint16_t def = blob_type(c->type) ? XCOLL_BINARY : XCOLL_UTF8MB4_BIN;
        xtype_string(t, c->collation ? c->collation : def, XCOER_IMPLICIT);
        t->tp = c->type == BS_TYPE_STRING || blob_type(c->type) || c->type == BS_TYPE_GEOMETRY
                    ? c->type
                    : BS_TYPE_VARCHAR;
        if (c->type == BS_TYPE_STRING && (t->flags & XF_BINARY)) t->flen = (int32_t)c->length;
        break;
    }
    }
    if (c->not_null) t->flags |= XF_NOT_NULL;
    t->col = c;
}

/* ---- binding ---- */

static int bad_value(xprog *p, uint32_t i, const char *why)
{
    const bs_rules_expr_column *c = &p->cols[i];
    return xfail(p, BS_ECORRUPT, "column %.*s: %s", (int)c->name.len, c->name.ptr, why);
}

static int64_t sign_fix(int type, bool is_unsigned, int64_t v)
{
    if (!is_unsigned) return v;
    switch (type) {
    case BS_TYPE_TINY: return v & 0xFF;
    case BS_TYPE_SHORT: return v & 0xFFFF;
    case BS_TYPE_INT24: return v & 0xFFFFFF;
    case BS_TYPE_LONG: return v & 0xFFFFFFFF;
    default: return v;
    }
}

static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

static int latin1_to_utf8(xprog *p, const char *s, size_t n, const char **out, size_t *out_n)
{
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++)
        if ((unsigned char)s[i] >= 0x80) ascii = false;
    if (ascii) {
        *out = s;
        *out_n = n;
        return 0;
    }
    char *buf = xalloc(p, n * 3 + 1);
    if (!buf) return p->err->code;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        uint32_t r = c >= 0x80 && c < 0xA0 ? cp1252_high[c - 0x80] : c;
        o += xutf8_encode(r, buf + o);
    }
    *out = buf;
    *out_n = o;
    return 0;
}

static int bind_string(xprog *p, uint32_t i, const bs_value *v, xval *out)
{
    const bs_rules_expr_column *c = &p->cols[i];
    const char *s = (const char *)v->v.bytes.ptr;
    size_t n = v->v.bytes.len;
    uint16_t coll = c->collation;
    if (coll && xcoll_cs(coll) == XCS_LATIN1) {
        int rc = latin1_to_utf8(p, s, n, &s, &n);
        if (rc) return rc;
    }
    /* BINARY(n): the server strips the trailing 0x00, DM pads them back */
    size_t pad = v->pad_to;
    if (!pad && c->type == BS_TYPE_STRING && coll == XCOLL_BINARY) pad = c->length;
    if (pad > n) {
        char *buf = xalloc(p, pad);
        if (!buf) return p->err->code;
        memcpy(buf, s, n);
        memset(buf + n, 0, pad - n);
        s = buf;
        n = pad;
    }
    out->v.s.p = s;
    out->v.s.n = n;
    return 0;
}

static int bind_enum(xprog *p, uint32_t i, const bs_value *v, xval *out)
{
    const bs_rules_expr_column *c = &p->cols[i];
    if (v->kind == BS_VALUE_STRING) {
        /* a name: its index (0 and '' when it is no member) */
        const char *s = (const char *)v->v.bytes.ptr;
        size_t n = v->v.bytes.len;
        out->has_hv = 1;
        out->hv = 0;
        out->v.s.p = "";
        for (uint32_t k = 0; k < c->n_members; k++) {
            const bs_rules_expr_str *m = &c->members[k];
            if (!xcoll_cmp(xcoll_kind(c->collation ? c->collation : XCOLL_UTF8MB4_BIN), m->ptr,
                           m->len, s, n)) {
                out->hv = k + 1;
                out->v.s.p = m->ptr;
                out->v.s.n = m->len;
                break;
            }
        }
        return 0;
    }
    uint64_t idx = v->v.u;
    out->has_hv = 1;
    out->hv = idx;
    if (idx == 0) {
        out->v.s.p = "";
        out->v.s.n = 0;
        return 0;
    }
    if (!c->n_members)
        return xfail(p, BS_EUNSUPPORTED, "ENUM member names of %.*s are unknown", (int)c->name.len,
                     c->name.ptr);
    if (idx > c->n_members) return bad_value(p, i, "ENUM index past the member list");
    out->v.s.p = c->members[idx - 1].ptr;
    out->v.s.n = c->members[idx - 1].len;
    return 0;
}

static int bind_set(xprog *p, uint32_t i, const bs_value *v, xval *out)
{
    const bs_rules_expr_column *c = &p->cols[i];
    uint64_t mask = 0;
    if (v->kind == BS_VALUE_STRING) {
        const char *s = (const char *)v->v.bytes.ptr, *end = s + v->v.bytes.len;
        while (s < end) {
            const char *comma = memchr(s, ',', (size_t)(end - s));
            const char *e = comma ? comma : end;
            for (uint32_t k = 0; k < c->n_members && k < 64; k++)
                if (c->members[k].len == (size_t)(e - s) &&
                    !strncasecmp(c->members[k].ptr, s, (size_t)(e - s)))
                    mask |= (uint64_t)1 << k;
            s = comma ? comma + 1 : end;
        }
    } else {
        mask = v->v.u;
    }
    out->has_hv = 1;
    out->hv = mask;
    if (!mask) {
        out->v.s.p = "";
        out->v.s.n = 0;
        return 0;
    }
    if (!c->n_members)
        return xfail(p, BS_EUNSUPPORTED, "SET member names of %.*s are unknown", (int)c->name.len,
                     c->name.ptr);
    size_t total = 0;
    for (uint32_t k = 0; k < 64; k++) {
        if (!(mask >> k & 1)) continue;
        if (k >= c->n_members) return bad_value(p, i, "SET bit past the member list");
        total += c->members[k].len + 1;
    }
    char *buf = xalloc(p, total + 1);
    if (!buf) return p->err->code;
    size_t o = 0;
    for (uint32_t k = 0; k < 64; k++) {
        if (!(mask >> k & 1)) continue;
        if (o) buf[o++] = ',';
        memcpy(buf + o, c->members[k].ptr, c->members[k].len);
        o += c->members[k].len;
    }
    out->v.s.p = buf;
    out->v.s.n = o;
    return 0;
}

static int bind_json(xprog *p, uint32_t i, const bs_value *v, xval *out)
{
    const char *s;
    size_t n;
    if (v->kind == BS_VALUE_JSON) {
        bs_error e;
        bs_error_clear(&e);
        bs_buf_clear(&p->tmp);
        if (bs_value_json_text(v->v.bytes.ptr, v->v.bytes.len, &p->tmp, &e))
            return bad_value(p, i, "bad binary JSON");
        s = xstrdup(p, p->tmp.data ? p->tmp.data : "", p->tmp.len);
        if (!s) return p->err->code;
        n = p->tmp.len;
    } else if (v->kind == BS_VALUE_STRING) {
        s = (const char *)v->v.bytes.ptr;
        n = v->v.bytes.len;
    } else if (v->kind == BS_VALUE_JSON_DIFF) {
        return xfail(p, BS_EUNSUPPORTED, "a partial JSON update cannot be evaluated");
    } else {
        return bad_value(p, i, "not a JSON value");
    }
    if (xjson_parse(p, s, n, &out->v.j)) return p->err->code;
    return 0;
}

static void temporal_from(const bs_temporal *b, int tp, int fsp, xtime *t)
{
    memset(t, 0, sizeof *t);
    t->year = b->year;
    t->month = b->month;
    t->day = b->day;
    t->hour = (uint8_t)(b->hour > 23 ? 23 : b->hour);
    t->minute = b->minute;
    t->second = b->second;
    t->usec = b->usec;
    t->tp = (uint8_t)tp;
    t->fsp = (int8_t)fsp;
}

/* Text for a typed column (DM's CastValue of go-mysql's text). */
static int bind_text(xprog *p, uint32_t i, const xtype *t, const char *s, size_t n, xval *out)
{
    int et = xet_of(t);
    int fsp = t->decimal < 0 ? 0 : t->decimal;
    switch (et) {
    case XET_INT: {
        if (t->tp == BS_TYPE_YEAR) {
            int64_t y;
            xconv_str_to_i64(p, s, n, true, false, &y);
            if (y > 0 && y < 70)
                y += 2000;
            else if (y >= 70 && y < 100)
                y += 1900;
            out->v.i = y;
            return 0;
        }
        xconv_str_to_i64(p, s, n, t->flags & XF_UNSIGNED, false, &out->v.i);
        if (t->tp == BS_TYPE_BIT) out->has_hv = 1, out->hv = (uint64_t)out->v.i;
        return 0;
    }
    case XET_REAL: out->v.d = xconv_str_to_double(p, s, n); return 0;
    case XET_DECIMAL:
        xconv_str_to_dec(p, s, n, &out->v.dec);
        if (t->decimal >= 0) {
            xdec r;
            if (xdec_round(&out->v.dec, &r, t->decimal, XROUND_HALF_UP) == XDEC_OK) out->v.dec = r;
        }
        return 0;
    case XET_DATETIME:
    case XET_TIMESTAMP:
        if (xtime_parse(s, n, t->tp, fsp, p->tz, &out->v.t))
            return bad_value(p, i, "bad date/time text");
        return 0;
    case XET_DURATION:
        if (xdur_parse(s, n, fsp, &out->v.dur) < 0) return bad_value(p, i, "bad time text");
        return 0;
    default: return 0;
    }
}

int xbind_column(xprog *p, uint32_t i, xval *out)
{
    const bs_rules_expr_column *c = &p->cols[i];
    const bs_value *v = &p->row[i];
    memset(out, 0, sizeof *out);
    if (v->kind == BS_VALUE_NULL) {
        out->null = 1;
        return 0;
    }
    if (v->kind == BS_VALUE_ABSENT)
        return xfail(p, BS_EINVAL, "column %.*s is not in the row image", (int)c->name.len,
                     c->name.ptr);
    xtype t;
    xcolumn_type(c, &t);
    if (t.tp == BS_TYPE_ENUM) return bind_enum(p, i, v, out);
    if (t.tp == BS_TYPE_SET) return bind_set(p, i, v, out);
    if (t.tp == BS_TYPE_JSON) return bind_json(p, i, v, out);
    int et = xet_of(&t);
    if (v->kind == BS_VALUE_STRING && et != XET_STRING)
        return bind_text(p, i, &t, (const char *)v->v.bytes.ptr, v->v.bytes.len, out);
    int fsp = t.decimal < 0 ? 0 : t.decimal;
    switch (et) {
    case XET_INT:
        switch (v->kind) {
        case BS_VALUE_INT: out->v.i = sign_fix(c->type, c->is_unsigned, v->v.i); break;
        case BS_VALUE_UINT:
        case BS_VALUE_YEAR:
        case BS_VALUE_BIT:
        case BS_VALUE_ENUM:
        case BS_VALUE_SET: out->v.i = (int64_t)v->v.u; break;
        case BS_VALUE_FLOAT:
        case BS_VALUE_DOUBLE:
            if (!isfinite(v->v.d)) return bad_value(p, i, "not a finite number");
            xconv_double_to_i64(p, v->v.d, c->is_unsigned, &out->v.i);
            break;
        default: return bad_value(p, i, "value kind does not fit an integer column");
        }
        if (t.tp == BS_TYPE_BIT) out->has_hv = 1, out->hv = (uint64_t)out->v.i;
        return 0;
    case XET_REAL:
        switch (v->kind) {
        case BS_VALUE_FLOAT:
        case BS_VALUE_DOUBLE:
            /* MySQL stores no NaN or infinity in a FLOAT/DOUBLE column */
            if (!isfinite(v->v.d)) return bad_value(p, i, "not a finite number");
            out->v.d = v->v.d;
            break;
        case BS_VALUE_INT: out->v.d = (double)v->v.i; break;
        case BS_VALUE_UINT: out->v.d = (double)v->v.u; break;
        default: return bad_value(p, i, "value kind does not fit a float column");
        }
        if (t.tp == BS_TYPE_FLOAT) out->v.d = (double)(float)out->v.d;
        return 0;
    case XET_DECIMAL: {
        if (v->kind == BS_VALUE_INT) {
            xdec_from_i64(&out->v.dec, v->v.i);
        } else if (v->kind == BS_VALUE_UINT) {
            xdec_from_u64(&out->v.dec, v->v.u);
        } else if (v->kind == BS_VALUE_DECIMAL) {
            int prec = v->precision ? v->precision : (c->precision ? c->precision : 10);
            int scale = v->precision ? v->fsp : c->scale;
            if (xdec_from_bin(&out->v.dec, v->v.bytes.ptr, v->v.bytes.len, prec, scale))
                return bad_value(p, i, "bad binary DECIMAL");
        } else {
            return bad_value(p, i, "value kind does not fit a DECIMAL column");
        }
        out->v.dec.rfrac = (int8_t)c->scale;
        return 0;
    }
    case XET_DATETIME:
    case XET_TIMESTAMP:
        if (v->kind == BS_VALUE_TIMESTAMP) {
            xtime_from_utc(v->v.ts.sec, v->v.ts.usec, p->tz, &out->v.t);
            if (!v->v.ts.sec && !v->v.ts.usec) memset(&out->v.t, 0, sizeof out->v.t);
        } else if (v->kind == BS_VALUE_DATE || v->kind == BS_VALUE_DATETIME) {
            temporal_from(&v->v.t, t.tp, fsp, &out->v.t);
        } else {
            return bad_value(p, i, "value kind does not fit a date/time column");
        }
        out->v.t.tp = t.tp;
        out->v.t.fsp = (int8_t)(t.tp == BS_TYPE_DATE ? 0 : fsp);
        return 0;
    case XET_DURATION:
        if (v->kind != BS_VALUE_TIME)
            return bad_value(p, i, "value kind does not fit a TIME column");
        out->v.dur.us =
            (((int64_t)v->v.t.hour * 60 + v->v.t.minute) * 60 + v->v.t.second) * 1000000 +
            v->v.t.usec;
        if (v->v.t.neg) out->v.dur.us = -out->v.dur.us;
        out->v.dur.fsp = (int8_t)fsp;
        return 0;
    default:
        if (v->kind != BS_VALUE_STRING)
            return bad_value(p, i, "value kind does not fit a string column");
        return bind_string(p, i, v, out);
    }
}

/* ---- results ---- */

static size_t display_double(const xtype *t, double d, char *buf)
{
    if (t->decimal >= 0 && t->decimal <= 30)
        return (size_t)snprintf(buf, 400, "%.*f", t->decimal, d);
    double a = fabs(d);
    if (a != 0 && (a >= 1e15 || a < 1e-4)) {
        /* MySQL's %g-like form: shortest digits with an exponent */
        char e[48];
        int prec = 1;
        bool f32 = t->flags & XF_FLOAT32;
        for (; prec <= 17; prec++) {
            snprintf(e, sizeof e, "%.*e", prec - 1, d);
            double back = strtod(e, NULL);
            if (f32 ? (float)back == (float)d : back == d) break;
        }
        char *ep = strchr(e, 'e');
        int x = atoi(ep + 1);
        *ep = 0;
        return (size_t)snprintf(buf, 400, "%se%s%d", e, x < 0 ? "-" : "", abs(x));
    }
    return xconv_double_str(d, t->flags & XF_FLOAT32, buf);
}

/* BIT as TiDB converts it to a string: its bytes, big-endian, one byte per
 * 8 bits of width. */
static int bit_bytes(xprog *p, const xtype *t, const xval *v, const char **s, size_t *n)
{
    size_t nb = t->flen > 0 ? (size_t)(t->flen + 7) / 8 : 8;
    if (nb > 8) nb = 8;
    char *o = xalloc(p, nb + 1);
    if (!o) return BS_ENOMEM;
    uint64_t u = (uint64_t)v->v.i;
    for (size_t i = 0; i < nb; i++)
        o[nb - 1 - i] = (char)(u >> (8 * i));
    *s = o;
    *n = nb;
    return 0;
}

int xval_to_text(xprog *p, const xtype *t, const xval *v, int display, const char **s, size_t *n)
{
    char buf[400];
    size_t len;
    switch (xet_of(t)) {
    case XET_INT:
        if (t->tp == BS_TYPE_BIT && !display) return bit_bytes(p, t, v, s, n);
        if (t->tp == BS_TYPE_BIT)
            len = (size_t)snprintf(buf, sizeof buf, "0x%llX", (unsigned long long)v->v.i);
        else
            len = (size_t)((t->flags & XF_UNSIGNED)
                               ? snprintf(buf, sizeof buf, "%llu", (unsigned long long)v->v.i)
                               : snprintf(buf, sizeof buf, "%lld", (long long)v->v.i));
        break;
    case XET_REAL:
        len = display ? display_double(t, v->v.d, buf)
                      : xconv_double_str(v->v.d, t->tp == BS_TYPE_FLOAT, buf);
        break;
    case XET_DECIMAL:
        len = display ? xdec_to_display(&v->v.dec, buf) : xdec_to_str(&v->v.dec, buf);
        break;
    case XET_DATETIME:
    case XET_TIMESTAMP: len = xtime_format(&v->v.t, buf); break;
    case XET_DURATION: len = xdur_format(&v->v.dur, buf); break;
    case XET_JSON: {
        char *o;
        if (xjson_render(p, v->v.j, &o, n))
            return p->err && p->err->code ? p->err->code : BS_ENOMEM;
        *s = o;
        return 0;
    }
    default:
        *s = v->v.s.p;
        *n = v->v.s.n;
        return 0;
    }
    char *o = xstrdup(p, buf, len);
    if (!o) return p->err && p->err->code ? p->err->code : BS_ENOMEM;
    *s = o;
    *n = len;
    return 0;
}

int xval_text(xprog *p, const xtype *t, const xval *v, const char **s, size_t *n)
{
    if (!v->null) return xval_to_text(p, t, v, 1, s, n);
    *s = "NULL";
    *n = 4;
    return 0;
}

/* Datum.GetInt64() == 1 for the result datum. */
static bool skips(const xnode *root, const xval *v)
{
    if (v->null) return false;
    const xtype *t = &root->tp;
    switch (xet_of(t)) {
    case XET_INT: return t->tp != BS_TYPE_BIT && v->v.i == 1;
    case XET_REAL: {
        uint64_t bits;
        memcpy(&bits, &v->v.d, sizeof bits);
        return bits == 1;
    }
    case XET_JSON: return xjson_type_code(v->v.j) == 1;
    case XET_STRING:
        return (t->tp == BS_TYPE_ENUM || t->tp == BS_TYPE_SET) && v->has_hv && v->hv == 1;
    default: return false;
    }
}

static int run(bs_rules_expr *p, const bs_value *values, uint32_t nvalues,
               const bs_rules_expr_ctx *ctx, xval *v, bs_error *err)
{
    bs_error_clear(err);
    if (nvalues != p->ncols)
        return bs_error_set(err, BS_EINVAL, "", BS_NO_OFFSET,
                            "row has %u values, the expression's table %u columns", nvalues,
                            p->ncols);
    if (nvalues && !values) return bs_error_set(err, BS_EINVAL, "", BS_NO_OFFSET, "no row values");
    p->err = err;
    p->row = values;
    p->ctx = ctx;
    p->tz = ctx ? ctx->tz : NULL;
    p->evaluating = true;
    bs_arena_reset(&p->scratch);
    p->scratch_used = 0;
    if (p->ncols) memset(p->colstate, 0, p->ncols);
    p->warnings = 0;
    p->warning[0] = 0;
    memset(v, 0, sizeof *v);
    int rc = xeval(p, p->root, v);
    if (rc && !err->code) bs_error_set(err, rc, "", BS_NO_OFFSET, "evaluation failed");
    return rc;
}

static void done(bs_rules_expr *p)
{
    p->evaluating = false;
    p->err = NULL;
    p->row = NULL;
}

int bs_rules_expr_skips(bs_rules_expr *p, const bs_value *values, uint32_t nvalues,
                        const bs_rules_expr_ctx *ctx, int *skip, bs_error *err)
{
    xval v;
    *skip = 0;
    int rc = run(p, values, nvalues, ctx, &v, err);
    if (!rc) *skip = skips(p->root, &v);
    done(p);
    return rc;
}

int bs_rules_expr_eval(bs_rules_expr *p, const bs_value *values, uint32_t nvalues,
                       const bs_rules_expr_ctx *ctx, bs_rules_expr_result *out, bs_error *err)
{
    memset(out, 0, sizeof *out);
    xval v;
    int rc = run(p, values, nvalues, ctx, &v, err);
    if (rc) {
        done(p);
        return rc;
    }
    const xtype *t = &p->root->tp;
    out->type = t->tp;
    out->skip = skips(p->root, &v);
    out->warnings = p->warnings;
    snprintf(out->warning, sizeof out->warning, "%s", p->warning);
    rc = xval_text(p, t, &v, &out->text, &out->text_len);
    if (rc) {
        done(p);
        return rc;
    }
    if (v.null) {
        out->kind = BS_RULES_EXPR_NULL;
        done(p);
        return 0;
    }
    switch (xet_of(t)) {
    case XET_INT:
        if (t->tp == BS_TYPE_BIT) {
            out->kind = BS_RULES_EXPR_BIT;
            out->u = (uint64_t)v.v.i;
        } else if (t->flags & XF_UNSIGNED) {
            out->kind = BS_RULES_EXPR_UINT;
            out->u = (uint64_t)v.v.i;
        } else {
            out->kind = BS_RULES_EXPR_INT;
            out->i = v.v.i;
        }
        break;
    case XET_REAL:
        out->kind = BS_RULES_EXPR_DOUBLE;
        out->d = v.v.d;
        break;
    case XET_DECIMAL: out->kind = BS_RULES_EXPR_DECIMAL; break;
    case XET_DATETIME:
    case XET_TIMESTAMP:
        out->kind = BS_RULES_EXPR_DATETIME;
        out->type = v.v.t.tp ? v.v.t.tp : t->tp;
        out->t.year = v.v.t.year;
        out->t.month = v.v.t.month;
        out->t.day = v.v.t.day;
        out->t.hour = v.v.t.hour;
        out->t.minute = v.v.t.minute;
        out->t.second = v.v.t.second;
        out->t.usec = v.v.t.usec;
        break;
    case XET_DURATION: {
        out->kind = BS_RULES_EXPR_DURATION;
        int64_t a = v.v.dur.us < 0 ? -v.v.dur.us : v.v.dur.us, s = a / 1000000;
        out->t.neg = v.v.dur.us < 0;
        out->t.hour = (uint16_t)(s / 3600);
        out->t.minute = (uint8_t)(s / 60 % 60);
        out->t.second = (uint8_t)(s % 60);
        out->t.usec = (uint32_t)(a % 1000000);
        break;
    }
    case XET_JSON: out->kind = BS_RULES_EXPR_JSON; break;
    default:
        if (t->tp == BS_TYPE_ENUM || t->tp == BS_TYPE_SET) {
            out->kind = t->tp == BS_TYPE_ENUM ? BS_RULES_EXPR_ENUM : BS_RULES_EXPR_SET;
            out->u = v.hv;
        } else {
            out->kind = BS_RULES_EXPR_STRING;
        }
        break;
    }
    done(p);
    return 0;
}

/* ---- rows from text ---- */

struct bs_rules_expr_row {
    bs_rules_expr_table table;
    bs_rules_expr_column *cols;
    bs_value *values;
    char *store; /* names and value text */
};

static void skip_spaces(const char *s, size_t n, size_t *i)
{
    while (*i < n && (s[*i] == ' ' || s[*i] == '\t'))
        (*i)++;
}

/* One "name=value" item at *i; value text copied into store. */
static int parse_item(const char *s, size_t n, size_t *i, char **store, bs_rules_expr_str *name,
                      bs_rules_expr_str *val, bool *is_null, bool *quoted, bs_error *err)
{
    skip_spaces(s, n, i);
    size_t st = *i;
    while (*i < n && s[*i] != '=' && s[*i] != ',')
        (*i)++;
    size_t ne = *i;
    while (ne > st && (s[ne - 1] == ' ' || s[ne - 1] == '\t'))
        ne--;
    if (*i >= n || s[*i] != '=' || ne == st)
        return bs_error_set(err, BS_EINVAL, "", st, "offset %zu: expected name=value", st);
    size_t nl = ne - st;
    if (nl >= 2 && s[st] == '`' && s[ne - 1] == '`') st++, nl -= 2;
    memcpy(*store, s + st, nl);
    name->ptr = *store;
    name->len = nl;
    *store += nl + 1;
    (*i)++;
    skip_spaces(s, n, i);
    *is_null = false;
    *quoted = false;
    char *o = *store;
    size_t len = 0;
    if (*i < n && (s[*i] == '\'' || s[*i] == '"')) {
        char q = s[(*i)++];
        *quoted = true;
        for (;;) {
            if (*i >= n)
                return bs_error_set(err, BS_EINVAL, "", *i, "offset %zu: unterminated quote", *i);
            if (s[*i] == q) {
                if (*i + 1 < n && s[*i + 1] == q) {
                    o[len++] = q;
                    *i += 2;
                    continue;
                }
                (*i)++;
                break;
            }
            o[len++] = s[(*i)++];
        }
        skip_spaces(s, n, i);
    } else {
        size_t vs = *i;
        while (*i < n && s[*i] != ',')
            (*i)++;
        size_t ve = *i;
        while (ve > vs && (s[ve - 1] == ' ' || s[ve - 1] == '\t'))
            ve--;
        len = ve - vs;
        memcpy(o, s + vs, len);
        *is_null = len == 4 && !strncasecmp(o, "NULL", 4);
    }
    o[len] = 0; /* the slot has room for it */
    val->ptr = o;
    val->len = len;
    *store += len + 1;
    if (*i < n && s[*i] != ',')
        return bs_error_set(err, BS_EINVAL, "", *i, "offset %zu: expected ',' after a value", *i);
    if (*i < n) (*i)++;
    return 0;
}

/* Type a value by its literal form (no table). */
static void infer_column(bs_rules_expr_column *c, bs_value *v, bs_rules_expr_str val, bool quoted)
{
    const char *s = val.ptr;
    size_t n = val.len, i = 0;
    bool digits = false, point = false, exp = false, ok = n > 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) i++;
    for (; i < n && ok; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits = true;
        else if (s[i] == '.' && !point && !exp)
            point = true;
        else if ((s[i] == 'e' || s[i] == 'E') && digits && !exp) {
            exp = true;
            if (i + 1 < n && (s[i + 1] == '-' || s[i + 1] == '+')) i++;
        } else
            ok = false;
    }
    ok = ok && digits && !quoted;
    v->kind = BS_VALUE_STRING;
    v->v.bytes.ptr = (const uint8_t *)s;
    v->v.bytes.len = n;
    char num[512]; /* the value is not NUL-terminated: strto* read a copy */
    if (ok && n < sizeof num) memcpy(num, s, n), num[n] = 0;
    if (ok && exp && n < sizeof num) {
        c->type = BS_TYPE_DOUBLE;
        v->kind = BS_VALUE_DOUBLE;
        v->v.d = strtod(num, NULL);
        /* past the double range: clamped, as a string turned into a number */
        if (!isfinite(v->v.d)) v->v.d = v->v.d < 0 ? -DBL_MAX : DBL_MAX;
    } else if (ok && point) {
        c->type = BS_TYPE_NEWDECIMAL;
        const char *dot = memchr(s, '.', n);
        size_t frac = (size_t)(s + n - dot - 1), intg = 0;
        for (const char *q = s; q < dot; q++)
            if (*q >= '0' && *q <= '9') intg++;
        if (frac > 30) frac = 30;
        if (intg + frac > 65) intg = 65 - frac;
        c->scale = (uint8_t)frac;
        c->precision = (uint8_t)(intg + frac ? intg + frac : 1);
    } else if (ok && n <= 19) {
        c->type = BS_TYPE_LONGLONG;
        v->kind = BS_VALUE_INT;
        v->v.i = strtoll(num, NULL, 10);
    } else {
        c->type = BS_TYPE_VARCHAR;
        c->collation = XCOLL_UTF8MB4_BIN;
    }
    v->type = c->type;
}

int bs_rules_expr_row_parse(const char *text, size_t len, const bs_rules_expr_table *table,
                            bs_rules_expr_row **out, bs_error *err)
{
    *out = NULL;
    bs_error_clear(err);
    uint32_t items = 1;
    for (size_t i = 0; i < len; i++)
        if (text[i] == ',') items++;
    uint32_t ncols = table ? table->ncols : items;
    bs_rules_expr_row *r = calloc(1, sizeof *r);
    if (!r) return bs_error_set(err, BS_ENOMEM, "", BS_NO_OFFSET, "out of memory");
    r->cols = calloc(ncols ? ncols : 1, sizeof *r->cols);
    r->values = calloc(ncols ? ncols : 1, sizeof *r->values);
    r->store = malloc(len * 2 + 2);
    if (!r->cols || !r->values || !r->store) {
        bs_rules_expr_row_free(r);
        return bs_error_set(err, BS_ENOMEM, "", BS_NO_OFFSET, "out of memory");
    }
    if (table) {
        memcpy(r->cols, table->cols, sizeof *r->cols * ncols);
        r->table = *table;
        for (uint32_t k = 0; k < ncols; k++) {
            r->values[k].kind = BS_VALUE_NULL;
            r->values[k].type = r->cols[k].type;
        }
    }
    r->table.cols = r->cols;
    r->table.ncols = table ? ncols : 0;
    char *store = r->store;
    size_t i = 0;
    while (i < len) {
        bs_rules_expr_str name = {0}, val = {0};
        bool is_null = false, quoted = false;
        int rc = parse_item(text, len, &i, &store, &name, &val, &is_null, &quoted, err);
        if (rc) {
            bs_rules_expr_row_free(r);
            return rc;
        }
        uint32_t k = 0;
        if (table) {
            for (; k < ncols; k++)
                if (r->cols[k].name.len == name.len &&
                    !strncasecmp(r->cols[k].name.ptr, name.ptr, name.len))
                    break;
            if (k == ncols) {
                rc = bs_error_set(err, BS_EINVAL, "", BS_NO_OFFSET, "unknown column %.*s",
                                  (int)name.len, name.ptr);
                bs_rules_expr_row_free(r);
                return rc;
            }
        } else {
            for (k = 0; k < r->table.ncols; k++)
                if (r->cols[k].name.len == name.len &&
                    !strncasecmp(r->cols[k].name.ptr, name.ptr, name.len))
                    break;
            if (k < r->table.ncols) {
                rc = bs_error_set(err, BS_EINVAL, "", BS_NO_OFFSET, "column %.*s given twice",
                                  (int)name.len, name.ptr);
                bs_rules_expr_row_free(r);
                return rc;
            }
            r->table.ncols++;
            r->cols[k].name = name;
        }
        bs_value *v = &r->values[k];
        if (is_null) {
            v->kind = BS_VALUE_NULL;
            if (!table) {
                r->cols[k].type = BS_TYPE_VARCHAR;
                r->cols[k].collation = XCOLL_UTF8MB4_BIN;
            }
            v->type = r->cols[k].type;
        } else if (table) {
            v->kind = BS_VALUE_STRING;
            v->type = r->cols[k].type;
            v->v.bytes.ptr = (const uint8_t *)val.ptr;
            v->v.bytes.len = val.len;
        } else {
            infer_column(&r->cols[k], v, val, quoted);
        }
    }
    *out = r;
    return 0;
}

const bs_rules_expr_table *bs_rules_expr_row_table(const bs_rules_expr_row *r)
{
    return &r->table;
}

const bs_value *bs_rules_expr_row_values(const bs_rules_expr_row *r)
{
    return r->values;
}

void bs_rules_expr_row_free(bs_rules_expr_row *r)
{
    if (!r) return;
    free(r->cols);
    free(r->values);
    free(r->store);
    free(r);
}
