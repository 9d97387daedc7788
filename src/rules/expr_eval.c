/*
 * expr_eval.c - evaluating the core nodes: constants, columns, casts,
 * comparisons, logic, arithmetic, LIKE, REGEXP, IN and CASE.
 *
 * Every node evaluates in its own eval type (expr_build.c inserted the
 * casts), so the functions here read their arguments' xvals directly. The
 * conversions follow TiDB's builtin_cast.go in a SELECT context:
 *   - string to number takes the longest numeric prefix ("12abc" is 12, "abc"
 *     is 0) with a warning; an implicit string-to-integer conversion rounds
 *     the float prefix ("1.5" is 2), CAST(... AS SIGNED) truncates it;
 *   - a float to integer rounds half to even (TiDB's RoundFloat is
 *     math.RoundToEven), a DECIMAL half away from zero; out of range values
 *     clamp with a warning;
 *   - a hex/bit literal in a numeric context is its bytes as an unsigned
 *     integer; an ENUM/SET column is its index/bitmask;
 *   - bad dates and times become NULL with a warning;
 *   - doubles print in Go's shortest 'f' form (FLOAT columns with float32
 *     precision).
 * Errors DM stops on (BIGINT/DECIMAL/DOUBLE overflow in + - * /, invalid
 * JSON in CAST(... AS JSON)) fail the evaluation with TiDB's message.
 * Division by zero is NULL (with a warning), as outside INSERT/UPDATE.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binsift/value.h"
#include "rules/expr_internal.h"
#include "rules/rules_internal.h"

static int set_null(xval *out)
{
    memset(out, 0, sizeof *out);
    out->null = 1;
    return 0;
}

int xeval_const(xprog *p, const xnode *n, xval *out)
{
    (void)p;
    *out = n->cval;
    return 0;
}

int xeval_column(xprog *p, const xnode *n, xval *out)
{
    uint32_t i = (uint32_t)n->ival;
    if (p->folding) return xfail(p, BS_EINVAL, "column in a constant");
    if (p->colstate[i] != 1) {
        int rc = xbind_column(p, i, &p->colval[i]);
        if (rc) return rc;
        p->colstate[i] = 1;
    }
    *out = p->colval[i];
    return 0;
}

/* ---- conversions ---- */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Length of the longest float prefix of s (TiDB's getValidFloatPrefix). */
static size_t float_prefix(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    size_t digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++, digits++;
    if (i < n && s[i] == '.') {
        size_t j = i + 1;
        while (j < n && s[j] >= '0' && s[j] <= '9')
            j++, digits++;
        i = j;
    }
    if (digits == 0) return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        if (j < n && (s[j] == '+' || s[j] == '-')) j++;
        size_t es = j;
        while (j < n && s[j] >= '0' && s[j] <= '9')
            j++;
        if (j > es) i = j;
    }
    return i;
}

static void trim(const char **s, size_t *n)
{
    while (*n && is_space(**s))
        (*s)++, (*n)--;
    while (*n && is_space((*s)[*n - 1]))
        (*n)--;
}

double xconv_str_to_double(xprog *p, const char *s, size_t n)
{
    trim(&s, &n);
    size_t len = float_prefix(s, n);
    if (len < n) xwarn(p, "Truncated incorrect DOUBLE value: '%.*s'", (int)(n < 64 ? n : 64), s);
    if (len == 0) return 0;
    char stack[512];
    char *buf = len < sizeof stack ? stack : xalloc(p, len + 1);
    if (!buf) return 0;
    memcpy(buf, s, len);
    buf[len] = 0;
    double d = strtod(buf, NULL);
    if (isinf(d)) {
        xwarn(p, "Truncated incorrect DOUBLE value: '%.*s'", (int)(len < 64 ? len : 64), s);
        d = d > 0 ? DBL_MAX : -DBL_MAX;
    }
    return d;
}

void xconv_str_to_dec(xprog *p, const char *s, size_t n, xdec *out)
{
    trim(&s, &n);
    int rc = xdec_from_str(out, s, n, NULL);
    if (rc == XDEC_OVERFLOW)
        xwarn(p, "DECIMAL value is out of range");
    else if (rc != XDEC_OK)
        xwarn(p, "Truncated incorrect DECIMAL value: '%.*s'", (int)(n < 64 ? n : 64), s);
}

static int dec_to_int(xprog *p, const xdec *d, bool is_unsigned, int64_t *out)
{
    xdec r;
    if (xdec_round(d, &r, 0, XROUND_HALF_UP) == XDEC_OVERFLOW) r = *d;
    int rc;
    if (is_unsigned && !(r.neg && !xdec_is_zero(&r))) {
        uint64_t u;
        rc = xdec_to_u64(&r, &u);
        *out = (int64_t)u;
    } else {
        rc = xdec_to_i64(&r, out);
    }
    if (rc == XDEC_OVERFLOW) xwarn(p, "Truncated incorrect INTEGER value");
    return 0;
}

int xconv_str_to_i64(xprog *p, const char *s, size_t n, bool is_unsigned, bool explicit_cast,
                     int64_t *out)
{
    trim(&s, &n);
    if (explicit_cast) {
        /* CAST(... AS SIGNED/UNSIGNED): sign and digits, truncating */
        size_t i = 0;
        bool neg = false;
        if (i < n && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
        uint64_t u = 0;
        bool over = false;
        size_t ds = i;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
            unsigned d = (unsigned)(s[i] - '0');
            if (u > (UINT64_MAX - d) / 10)
                over = true;
            else
                u = u * 10 + d;
        }
        if (i < n || i == ds)
            xwarn(p, "Truncated incorrect INTEGER value: '%.*s'", (int)(n < 64 ? n : 64), s);
        if (neg) {
            if (over || u > (uint64_t)INT64_MAX + 1) {
                xwarn(p, "Truncated incorrect INTEGER value");
                *out = INT64_MIN;
            } else {
                *out = (int64_t)(0 - u);
            }
        } else if (is_unsigned) {
            *out = (int64_t)(over ? UINT64_MAX : u);
        } else if (over || u > INT64_MAX) {
            xwarn(p, "Truncated incorrect INTEGER value");
            *out = over && is_unsigned ? -1 : INT64_MAX;
            if (!over && u > INT64_MAX) *out = (int64_t)u; /* MySQL keeps the bits */
        } else {
            *out = (int64_t)u;
        }
        return 0;
    }
    /* implicit: the float prefix, rounded */
    size_t len = float_prefix(s, n);
    if (len < n) xwarn(p, "Truncated incorrect INTEGER value: '%.*s'", (int)(n < 64 ? n : 64), s);
    if (len == 0) {
        *out = 0;
        return 0;
    }
    xdec d;
    int rc = xdec_from_str(&d, s, len, NULL);
    if (rc == XDEC_OVERFLOW) {
        *out = d.neg ? (is_unsigned ? 0 : INT64_MIN) : (is_unsigned ? -1 : INT64_MAX);
        xwarn(p, "Truncated incorrect INTEGER value");
        return 0;
    }
    return dec_to_int(p, &d, is_unsigned, out);
}

int xconv_double_to_i64(xprog *p, double d, bool is_unsigned, int64_t *out)
{
    double r = nearbyint(d); /* TiDB's RoundFloat: math.RoundToEven */
    if (is_unsigned) {
        if (r < 0) {
            if (r < (double)INT64_MIN) {
                *out = INT64_MIN;
                xwarn(p, "Truncated incorrect INTEGER value");
            } else {
                *out = (int64_t)r; /* negative to unsigned keeps the bits */
            }
        } else if (r >= 18446744073709551616.0) {
            *out = -1;
            xwarn(p, "Truncated incorrect INTEGER value");
        } else {
            *out = (int64_t)(uint64_t)r;
        }
        return 0;
    }
    if (r >= 9223372036854775808.0) {
        *out = INT64_MAX;
        xwarn(p, "Truncated incorrect INTEGER value");
    } else if (r < -9223372036854775808.0) {
        *out = INT64_MIN;
        xwarn(p, "Truncated incorrect INTEGER value");
    } else {
        *out = (int64_t)r;
    }
    return 0;
}

/* Shortest digits of v that read back as v (as a float when f32). */
static int shortest(double v, bool f32, char *digits, int *exp10)
{
    char e[48];
    int prec = 1;
    for (; prec <= 17; prec++) {
        snprintf(e, sizeof e, "%.*e", prec - 1, v);
        double back = strtod(e, NULL);
        if (f32 ? (float)back == (float)v : back == v) break;
    }
    int nd = 0;
    const char *q = e;
    if (*q == '-') q++;
    for (; *q && *q != 'e'; q++)
        if (*q >= '0' && *q <= '9') digits[nd++] = *q;
    *exp10 = atoi(q + 1);
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    return nd;
}

size_t xconv_double_str(double d, bool f32, char *buf)
{
    if (d == 0) {
        strcpy(buf, signbit(d) ? "-0" : "0");
        return strlen(buf);
    }
    if (!isfinite(d)) {
        strcpy(buf, isnan(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf");
        return strlen(buf);
    }
    char digits[24];
    int exp10;
    int nd = shortest(d, f32, digits, &exp10);
    size_t o = 0;
    if (d < 0) buf[o++] = '-';
    int point = exp10 + 1;
    if (point <= 0) {
        buf[o++] = '0';
        buf[o++] = '.';
        for (int k = 0; k < -point; k++)
            buf[o++] = '0';
        for (int k = 0; k < nd; k++)
            buf[o++] = digits[k];
    } else {
        for (int k = 0; k < point; k++)
            buf[o++] = k < nd ? digits[k] : '0';
        if (point < nd) {
            buf[o++] = '.';
            for (int k = point; k < nd; k++)
                buf[o++] = digits[k];
        }
    }
    buf[o] = 0;
    return o;
}

/* A binary literal's bytes as an unsigned integer. */
static int64_t binlit_int(xprog *p, const char *s, size_t n)
{
    while (n && !*s)
        s++, n--;
    if (n > 8) {
        xwarn(p, "Truncated incorrect BINARY value");
        return -1;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v << 8 | (unsigned char)s[i];
    return (int64_t)v;
}

static double json_to_double(xprog *p, const xjson *j)
{
    switch (j->t) {
    case XJ_INT: return (double)j->v.i;
    case XJ_UINT: return (double)j->v.u;
    case XJ_DOUBLE: return j->v.d;
    case XJ_TRUE: return 1;
    case XJ_STRING: return xconv_str_to_double(p, j->v.s.p, j->v.s.n);
    default: return 0;
    }
}

int xconv_to_str(xprog *p, const xnode *src, const xval *v, const char **s, size_t *n)
{
    return xval_to_text(p, &src->tp, v, 0, s, n);
}

int xeval_str(xprog *p, const xnode *n, const char **s, size_t *len, bool *null)
{
    xval v;
    int rc = xeval(p, n, &v);
    if (rc) return rc;
    *null = v.null;
    if (v.null) {
        *s = "";
        *len = 0;
        return 0;
    }
    return xconv_to_str(p, n, &v, s, len);
}

/* ---- casts ---- */

static int cast_int(xprog *p, const xnode *n, const xnode *a, const xval *v, xval *out)
{
    bool uns = n->tp.flags & XF_UNSIGNED, expl = n->flags & 1;
    switch (xet_of(&a->tp)) {
    case XET_INT: out->v.i = v->v.i; return 0;
    case XET_REAL: return xconv_double_to_i64(p, v->v.d, uns, &out->v.i);
    case XET_DECIMAL: return dec_to_int(p, &v->v.dec, uns, &out->v.i);
    case XET_DATETIME:
    case XET_TIMESTAMP: {
        xtime t = v->v.t;
        xtime_round(&t, 0);
        out->v.i = xtime_to_i64(&t);
        return 0;
    }
    case XET_DURATION: out->v.i = xdur_to_i64(&v->v.dur); return 0;
    case XET_JSON: return xconv_double_to_i64(p, json_to_double(p, v->v.j), uns, &out->v.i);
    default:
        if (a->tp.flags & XF_BINLIT) {
            out->v.i = binlit_int(p, v->v.s.p, v->v.s.n);
            return 0;
        }
        if (v->has_hv) {
            out->v.i = (int64_t)v->hv;
            return 0;
        }
        return xconv_str_to_i64(p, v->v.s.p, v->v.s.n, uns, expl, &out->v.i);
    }
}

static int cast_real(xprog *p, const xnode *n, const xnode *a, const xval *v, xval *out)
{
    xdec d;
    switch (xet_of(&a->tp)) {
    case XET_INT:
        out->v.d = (a->tp.flags & XF_UNSIGNED) ? (double)(uint64_t)v->v.i : (double)v->v.i;
        break;
    case XET_REAL: out->v.d = v->v.d; break;
    case XET_DECIMAL: out->v.d = xdec_to_double(&v->v.dec); break;
    case XET_DATETIME:
    case XET_TIMESTAMP:
        xtime_to_dec(&v->v.t, &d);
        out->v.d = xdec_to_double(&d);
        break;
    case XET_DURATION:
        xdur_to_dec(&v->v.dur, &d);
        out->v.d = xdec_to_double(&d);
        break;
    case XET_JSON: out->v.d = json_to_double(p, v->v.j); break;
    default:
        if (a->tp.flags & XF_BINLIT)
            out->v.d = (double)(uint64_t)binlit_int(p, v->v.s.p, v->v.s.n);
        else if (v->has_hv)
            out->v.d = (double)v->hv;
        else
            out->v.d = xconv_str_to_double(p, v->v.s.p, v->v.s.n);
        break;
    }
    if (n->tp.tp == BS_TYPE_FLOAT) out->v.d = (double)(float)out->v.d;
    return 0;
}

/* Round to the target scale and check the precision (TiDB's
 * ProduceDecWithSpecifiedTp; overflow clamps with a warning). */
static void fit_decimal(xprog *p, const xtype *t, xdec *d)
{
    if (t->decimal < 0) return;
    xdec r;
    if (xdec_round(d, &r, t->decimal, XROUND_HALF_UP) == XDEC_OK) *d = r;
    if (t->flen <= 0) return;
    int prec, frac;
    xdec_prec_frac(d, &prec, &frac);
    if (d->intg > t->flen - t->decimal) {
        char buf[80];
        size_t o = 0;
        if (d->neg) buf[o++] = '-';
        for (int i = 0; i < t->flen - t->decimal; i++)
            buf[o++] = '9';
        if (t->decimal) buf[o++] = '.';
        for (int i = 0; i < t->decimal; i++)
            buf[o++] = '9';
        if (t->flen == t->decimal) buf[o++] = '0';
        xdec_from_str(d, buf, o, NULL);
        xwarn(p, "Out of range value for column (DECIMAL(%d,%d))", t->flen, t->decimal);
    }
    d->rfrac = t->decimal;
}

static int cast_decimal(xprog *p, const xnode *n, const xnode *a, const xval *v, xval *out)
{
    xdec *d = &out->v.dec;
    switch (xet_of(&a->tp)) {
    case XET_INT:
        if (a->tp.flags & XF_UNSIGNED)
            xdec_from_u64(d, (uint64_t)v->v.i);
        else
            xdec_from_i64(d, v->v.i);
        break;
    case XET_REAL:
        if (xdec_from_double(d, v->v.d)) xwarn(p, "Truncated incorrect DECIMAL value");
        break;
    case XET_DECIMAL: *d = v->v.dec; break;
    case XET_DATETIME:
    case XET_TIMESTAMP: xtime_to_dec(&v->v.t, d); break;
    case XET_DURATION: xdur_to_dec(&v->v.dur, d); break;
    case XET_JSON:
        if (v->v.j->t == XJ_STRING)
            xconv_str_to_dec(p, v->v.j->v.s.p, v->v.j->v.s.n, d);
        else
            xdec_from_double(d, json_to_double(p, v->v.j));
        break;
    default:
        if (a->tp.flags & XF_BINLIT)
            xdec_from_u64(d, (uint64_t)binlit_int(p, v->v.s.p, v->v.s.n));
        else if (v->has_hv)
            xdec_from_u64(d, v->hv);
        else
            xconv_str_to_dec(p, v->v.s.p, v->v.s.n, d);
        break;
    }
    fit_decimal(p, &n->tp, d);
    return 0;
}

static int cast_string(xprog *p, const xnode *n, const xnode *a, const xval *v, xval *out)
{
    const char *s;
    size_t len;
    int rc = xconv_to_str(p, a, v, &s, &len);
    if (rc) return rc;
    int32_t want = n->ival;
    if ((n->flags & 1) && want >= 0) {
        if (n->flags & 2) {
            /* BINARY(n): bytes, padded with 0x00 */
            if (len > (size_t)want) {
                xwarn(p, "Truncated incorrect BINARY(%d) value", want);
                len = (size_t)want;
            } else if (len < (size_t)want) {
                char *o = xalloc(p, (size_t)want);
                if (!o) return BS_ENOMEM;
                memcpy(o, s, len);
                memset(o + len, 0, (size_t)want - len);
                s = o;
                len = (size_t)want;
            }
        } else if (n->tp.flags & XF_BINARY) {
            if (len > (size_t)want) {
                xwarn(p, "Truncated incorrect BINARY(%d) value", want);
                len = (size_t)want;
            }
        } else {
            /* CHAR(n): n characters */
            size_t i = 0, count = 0;
            while (i < len && count < (size_t)want) {
                uint32_t r;
                i += xutf8_decode(s + i, len - i, &r);
                count++;
            }
            if (i < len) {
                xwarn(p, "Truncated incorrect CHAR(%d) value", want);
                len = i;
            }
        }
    }
    out->v.s.p = s;
    out->v.s.n = len;
    return 0;
}

static bool time_valid_for_folding(xprog *p, const char *s, size_t n)
{
    /* a zone suffix converts into the session zone: not known at compile */
    if (!p->folding) return true;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '+' || s[i] == 'Z' || s[i] == 'z') return false;
    for (size_t i = 1; i < n; i++)
        if (s[i] == '-' && memchr(s, ':', i)) return false;
    return true;
}

static int now_local(xprog *p, xtime *t);

static int cast_time(xprog *p, const xnode *n, const xnode *a, const xval *v, xval *out)
{
    int tp = n->tp.tp == BS_TYPE_DATE        ? BS_TYPE_DATE
             : n->tp.tp == BS_TYPE_TIMESTAMP ? BS_TYPE_TIMESTAMP
                                             : BS_TYPE_DATETIME;
    int fsp = n->tp.decimal < 0 ? 6 : n->tp.decimal;
    xtime *t = &out->v.t;
    xdec d;
    int bad = 0;
    const char *s = NULL;
    size_t len = 0;
    switch (xet_of(&a->tp)) {
    case XET_INT:
        if (a->tp.flags & XF_UNSIGNED && v->v.i < 0)
            bad = -1;
        else
            bad = xtime_from_i64(v->v.i, tp, t);
        break;
    case XET_REAL:
        if (xdec_from_double(&d, v->v.d))
            bad = -1;
        else
            bad = xtime_from_dec(&d, tp, fsp, t);
        break;
    case XET_DECIMAL: bad = xtime_from_dec(&v->v.dec, tp, fsp, t); break;
    case XET_DATETIME:
    case XET_TIMESTAMP:
        *t = v->v.t;
        if (tp == BS_TYPE_DATE) t->hour = t->minute = t->second = 0, t->usec = 0;
        break;
    case XET_DURATION: {
        if (p->folding) return xfail(p, BS_EINVAL, "needs the current date");
        int rc = now_local(p, t);
        if (rc) return rc;
        t->hour = t->minute = t->second = 0;
        t->usec = 0;
        bad = xtime_add_dur(t, v->v.dur.us);
        break;
    }
    case XET_JSON:
        if (v->v.j->t != XJ_STRING)
            bad = -1;
        else
            s = v->v.j->v.s.p, len = v->v.j->v.s.n;
        break;
    default:
        s = v->v.s.p;
        len = v->v.s.n;
        break;
    }
    if (s) {
        if (!time_valid_for_folding(p, s, len)) return xfail(p, BS_EINVAL, "depends on the zone");
        bad = xtime_parse(s, len, tp, fsp, p->tz, t);
    }
    if (bad) {
        char text[80] = "";
        if (s) snprintf(text, sizeof text, "%.*s", (int)(len < 60 ? len : 60), s);
        xwarn(p, "Incorrect datetime value: '%s'", text);
        return set_null(out);
    }
    t->tp = (uint8_t)tp;
    if (tp == BS_TYPE_DATE)
        t->fsp = 0;
    else if (xtime_round(t, fsp)) {
        xwarn(p, "Incorrect datetime value");
        return set_null(out);
    }
    return 0;
}

static int cast_duration(xprog *p, const xnode *n, const xnode *a, const xval *v, xval *out)
{
    int fsp = n->tp.decimal < 0 ? 6 : n->tp.decimal;
    xdur *d = &out->v.dur;
    xdec dec;
    int bad = 0;
    switch (xet_of(&a->tp)) {
    case XET_INT:
        /* TiDB NumberToDuration: past +-838:59:59 (and not a DATETIME
         * number) is an overflow, which leaves NULL - MySQL clamps */
        if (v->v.i < -8385959 || (v->v.i > 8385959 && v->v.i < 10000000000LL))
            bad = -1;
        else
            bad = xdur_from_i64(v->v.i, d);
        break;
    case XET_REAL:
        if (xdec_from_double(&dec, v->v.d))
            bad = -1;
        else
            bad = xdur_from_dec(&dec, fsp, d);
        break;
    case XET_DECIMAL: bad = xdur_from_dec(&v->v.dec, fsp, d); break;
    case XET_DATETIME:
    case XET_TIMESTAMP:
        d->us = (((int64_t)v->v.t.hour * 60 + v->v.t.minute) * 60 + v->v.t.second) * 1000000 +
                v->v.t.usec;
        break;
    case XET_DURATION: *d = v->v.dur; break;
    case XET_JSON:
        if (v->v.j->t != XJ_STRING)
            bad = -1;
        else
            bad = xdur_parse(v->v.j->v.s.p, v->v.j->v.s.n, fsp, d);
        break;
    default: bad = xdur_parse(v->v.s.p, v->v.s.n, fsp, d); break;
    }
    if (bad < 0) {
        xwarn(p, "Incorrect time value");
        return set_null(out);
    }
    if (bad > 0) xwarn(p, "Truncated incorrect time value");
    xdur_round(d, fsp);
    return 0;
}

static int cast_json(xprog *p, const xnode *n, const xnode *a, const xval *v, xval *out)
{
    const xtype *t = &a->tp;
    switch (xet_of(t)) {
    case XET_INT:
        if (t->flags & XF_BOOL)
            out->v.j = xjson_literal(v->v.i ? XJ_TRUE : XJ_FALSE);
        else
            out->v.j = xjson_from_i64(p, v->v.i, t->flags & XF_UNSIGNED);
        break;
    case XET_REAL: out->v.j = xjson_from_double(p, v->v.d); break;
    case XET_DECIMAL: out->v.j = xjson_from_double(p, xdec_to_double(&v->v.dec)); break;
    case XET_JSON: out->v.j = v->v.j; return 0;
    case XET_STRING:
        if ((n->flags & 1) || (a->flags & XN_JSONTEXT)) {
            if (xjson_parse(p, v->v.s.p, v->v.s.n, &out->v.j)) return p->err->code;
            return 0;
        }
        out->v.j = xjson_from_str(p, v->v.s.p, v->v.s.n);
        break;
    default: {
        const char *s;
        size_t len;
        int rc = xconv_to_str(p, a, v, &s, &len);
        if (rc) return rc;
        out->v.j = xjson_from_str(p, s, len);
        break;
    }
    }
    return out->v.j ? 0 : (p->err && p->err->code ? p->err->code : BS_ENOMEM);
}

int xeval_cast(xprog *p, const xnode *n, xval *out)
{
    const xnode *a = n->args[0];
    xval v;
    int rc = xeval(p, a, &v);
    if (rc) return rc;
    if (v.null) return set_null(out);
    memset(out, 0, sizeof *out);
    switch (xet_of(&n->tp)) {
    case XET_INT: return cast_int(p, n, a, &v, out);
    case XET_REAL: return cast_real(p, n, a, &v, out);
    case XET_DECIMAL: return cast_decimal(p, n, a, &v, out);
    case XET_DATETIME:
    case XET_TIMESTAMP: return cast_time(p, n, a, &v, out);
    case XET_DURATION: return cast_duration(p, n, a, &v, out);
    case XET_JSON: return cast_json(p, n, a, &v, out);
    default:
        if (v.has_hv && xet_of(&a->tp) == XET_STRING) {
            out->has_hv = 1;
            out->hv = v.hv;
        }
        return cast_string(p, n, a, &v, out);
    }
}

/* ---- truth values and comparisons ---- */

int xeval_bool(xprog *p, const xnode *n, int *truth)
{
    xval v;
    int rc = xeval(p, n, &v);
    if (rc) return rc;
    if (v.null) {
        *truth = -1;
        return 0;
    }
    switch (xet_of(&n->tp)) {
    case XET_INT: *truth = v.v.i != 0; break;
    case XET_REAL: *truth = v.v.d != 0; break;
    case XET_DECIMAL: *truth = !xdec_is_zero(&v.v.dec); break;
    case XET_DATETIME:
    case XET_TIMESTAMP: *truth = !xtime_is_zero(&v.v.t); break;
    case XET_DURATION: *truth = xdur_to_i64(&v.v.dur) != 0; break;
    case XET_JSON: *truth = json_to_double(p, v.v.j) != 0; break;
    default:
        if (n->tp.flags & XF_BINLIT)
            *truth = binlit_int(p, v.v.s.p, v.v.s.n) != 0;
        else if (v.has_hv)
            *truth = v.hv != 0;
        else
            *truth = xconv_str_to_double(p, v.v.s.p, v.v.s.n) != 0;
        break;
    }
    return 0;
}

static int cmp_int(int64_t a, bool au, int64_t b, bool bu)
{
    if (au == bu) {
        if (au) return (uint64_t)a < (uint64_t)b ? -1 : (uint64_t)a > (uint64_t)b;
        return a < b ? -1 : a > b;
    }
    if (au) return b < 0 ? 1 : ((uint64_t)a < (uint64_t)b ? -1 : (uint64_t)a > (uint64_t)b);
    return a < 0 ? -1 : ((uint64_t)a < (uint64_t)b ? -1 : (uint64_t)a > (uint64_t)b);
}

int xcompare_vals(xprog *p, int et, uint16_t coll, const xval *a, const xval *b, bool au, bool bu)
{
    (void)p;
    switch (et) {
    case XET_INT: return cmp_int(a->v.i, au, b->v.i, bu);
    case XET_REAL: return a->v.d < b->v.d ? -1 : a->v.d > b->v.d;
    case XET_DECIMAL: return xdec_cmp(&a->v.dec, &b->v.dec);
    case XET_DATETIME:
    case XET_TIMESTAMP: return xtime_cmp(&a->v.t, &b->v.t);
    case XET_DURATION: return a->v.dur.us < b->v.dur.us ? -1 : a->v.dur.us > b->v.dur.us;
    case XET_JSON: return xjson_cmp(a->v.j, b->v.j);
    default: return xcoll_cmp(xcoll_kind(coll), a->v.s.p, a->v.s.n, b->v.s.p, b->v.s.n);
    }
}

int xeval_cmp(xprog *p, const xnode *n, xval *out)
{
    xval a, b;
    int rc = xarg(p, n, 0, &a);
    if (rc) return rc;
    rc = xarg(p, n, 1, &b);
    if (rc) return rc;
    memset(out, 0, sizeof *out);
    if (a.null || b.null) {
        if (n->ival == XOP_NULLEQ) {
            out->v.i = a.null && b.null;
            return 0;
        }
        return set_null(out);
    }
    int c = xcompare_vals(p, n->cmp, n->coll, &a, &b, n->args[0]->tp.flags & XF_UNSIGNED,
                          n->args[1]->tp.flags & XF_UNSIGNED);
    switch (n->ival) {
    case XOP_EQ:
    case XOP_NULLEQ: out->v.i = c == 0; break;
    case XOP_NE: out->v.i = c != 0; break;
    case XOP_LT: out->v.i = c < 0; break;
    case XOP_LE: out->v.i = c <= 0; break;
    case XOP_GT: out->v.i = c > 0; break;
    default: out->v.i = c >= 0; break;
    }
    return 0;
}

int xeval_logic(xprog *p, const xnode *n, xval *out)
{
    int a, b;
    memset(out, 0, sizeof *out);
    int rc = xeval_bool(p, n->args[0], &a);
    if (rc) return rc;
    if (n->ival == XOP_AND && a == 0) return 0;
    if (n->ival == XOP_OR && a == 1) {
        out->v.i = 1;
        return 0;
    }
    rc = xeval_bool(p, n->args[1], &b);
    if (rc) return rc;
    switch (n->ival) {
    case XOP_AND:
        if (b == 0) return 0;
        if (a < 0 || b < 0) return set_null(out);
        out->v.i = 1;
        return 0;
    case XOP_OR:
        if (b == 1) {
            out->v.i = 1;
            return 0;
        }
        if (a < 0 || b < 0) return set_null(out);
        return 0;
    default:
        if (a < 0 || b < 0) return set_null(out);
        out->v.i = a != b;
        return 0;
    }
}

int xeval_not(xprog *p, const xnode *n, xval *out)
{
    int t;
    int rc = xeval_bool(p, n->args[0], &t);
    if (rc) return rc;
    memset(out, 0, sizeof *out);
    if (t < 0) return set_null(out);
    out->v.i = !t;
    return 0;
}

int xeval_is(xprog *p, const xnode *n, xval *out)
{
    memset(out, 0, sizeof *out);
    if (n->ival == 0) {
        xval v;
        int rc = xarg(p, n, 0, &v);
        if (rc) return rc;
        out->v.i = v.null;
        return 0;
    }
    int t;
    int rc = xeval_bool(p, n->args[0], &t);
    if (rc) return rc;
    out->v.i = n->ival == 1 ? t == 1 : t == 0;
    return 0;
}

/* ---- arithmetic ---- */

static int overflow(xprog *p, const xnode *n, const char *type)
{
    char text[200];
    xnode_text(p, n, text, sizeof text);
    return xfail(p, BS_EINVAL, "%s value is out of range in '%s'", type, text);
}

static int div_zero(xprog *p, xval *out)
{
    xwarn(p, "Division by 0");
    return set_null(out);
}

static int arith_int(xprog *p, const xnode *n, int64_t a, int64_t b, xval *out)
{
    bool lu = n->args[0]->tp.flags & XF_UNSIGNED, ru = n->args[1]->tp.flags & XF_UNSIGNED;
    uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
    int64_t r;
    switch (n->ival) {
    case XOP_PLUS:
        if (lu && ru) {
            if (ua > UINT64_MAX - ub) return overflow(p, n, "BIGINT UNSIGNED");
        } else if (lu || ru) {
            uint64_t u = lu ? ua : ub;
            int64_t s = lu ? b : a;
            if (s < 0 && (uint64_t)0 - (uint64_t)s > u) return overflow(p, n, "BIGINT UNSIGNED");
            if (s > 0 && u > UINT64_MAX - (uint64_t)s) return overflow(p, n, "BIGINT UNSIGNED");
        } else if ((a > 0 && b > INT64_MAX - a) || (a < 0 && b < INT64_MIN - a)) {
            return overflow(p, n, "BIGINT");
        }
        out->v.i = (int64_t)(ua + ub);
        return 0;
    case XOP_MINUS: {
        /* TiDB's overflowCheck, including its blind spot: 0 - MinInt64 */
        uint64_t res = ua - ub;
        bool bad;
        if (lu && ru)
            bad = ua < ub;
        else if (lu)
            bad = b >= 0 ? ua < ub : ua > UINT64_MAX - ((uint64_t)0 - ub);
        else if (ru)
            bad = a < 0 || ua < ub;
        else
            bad = (a > 0 && b < 0 && res > (uint64_t)INT64_MAX) ||
                  (a < 0 && b > 0 && (int64_t)res >= 0);
        if (bad) return overflow(p, n, (lu || ru) ? "BIGINT UNSIGNED" : "BIGINT");
        out->v.i = (int64_t)res;
        return 0;
    }
    case XOP_MUL:
        if (lu || ru) {
            uint64_t res;
            if (__builtin_mul_overflow(ua, ub, &res)) return overflow(p, n, "BIGINT UNSIGNED");
            out->v.i = (int64_t)res;
        } else {
            if (__builtin_mul_overflow(a, b, &r)) return overflow(p, n, "BIGINT");
            out->v.i = r;
        }
        return 0;
    case XOP_INTDIV:
        if (b == 0) return div_zero(p, out);
        if (lu && ru)
            out->v.i = (int64_t)(ua / ub);
        else if (lu) {
            if (b < 0) {
                uint64_t q = ua / ((uint64_t)0 - ub);
                if (q) return overflow(p, n, "BIGINT UNSIGNED");
                out->v.i = 0;
            } else {
                out->v.i = (int64_t)(ua / ub);
            }
        } else if (ru) {
            if (a < 0) {
                if ((uint64_t)0 - ua >= ub) return overflow(p, n, "BIGINT UNSIGNED");
                out->v.i = 0;
            } else {
                out->v.i = (int64_t)(ua / ub);
            }
        } else {
            if (a == INT64_MIN && b == -1) return overflow(p, n, "BIGINT");
            out->v.i = a / b;
        }
        return 0;
    default: /* MOD */
        if (b == 0) return div_zero(p, out);
        if (lu && ru)
            out->v.i = (int64_t)(ua % ub);
        else if (lu)
            out->v.i = (int64_t)(ua % (b < 0 ? (uint64_t)0 - ub : ub));
        else if (ru) /* -(2^63 % ub) is 2^63 when ub > 2^63: wraps like Go */
            out->v.i =
                a < 0 ? (int64_t)((uint64_t)0 - ((uint64_t)0 - ua) % ub) : (int64_t)(ua % ub);
        else
            out->v.i = (b == -1) ? 0 : a % b;
        return 0;
    }
}

static int arith_real(xprog *p, const xnode *n, double a, double b, xval *out)
{
    double r;
    switch (n->ival) {
    case XOP_PLUS: r = a + b; break;
    case XOP_MINUS: r = a - b; break;
    case XOP_MUL: r = a * b; break;
    case XOP_DIV:
        if (b == 0) return div_zero(p, out);
        r = a / b;
        break;
    default:
        if (b == 0) return div_zero(p, out);
        r = fmod(a, b);
        break;
    }
    if (!isfinite(r)) return overflow(p, n, "DOUBLE");
    out->v.d = r;
    return 0;
}

static int arith_dec(xprog *p, const xnode *n, const xdec *a, const xdec *b, xval *out)
{
    int rc;
    xdec *r = &out->v.dec;
    switch (n->ival) {
    case XOP_PLUS: rc = xdec_add(a, b, r); break;
    case XOP_MINUS: rc = xdec_sub(a, b, r); break;
    case XOP_MUL:
        rc = xdec_mul(a, b, r);
        if (rc == XDEC_TRUNCATED) rc = XDEC_OK;
        break;
    case XOP_DIV:
    case XOP_INTDIV:
        rc = xdec_div(a, b, r, XDIV_PREC_INCR);
        if (rc == XDEC_DIV0) return div_zero(p, out);
        if (rc == XDEC_TRUNCATED) {
            xwarn(p, "Truncated incorrect DECIMAL value");
            rc = XDEC_OK;
        }
        if (rc == XDEC_OK && n->ival == XOP_DIV && r->frac < n->tp.decimal) {
            xdec t;
            if (xdec_round(r, &t, n->tp.decimal, XROUND_HALF_UP) == XDEC_OK) *r = t;
        }
        break;
    default:
        rc = xdec_mod(a, b, r);
        if (rc == XDEC_DIV0) return div_zero(p, out);
        break;
    }
    if (rc == XDEC_OVERFLOW) return overflow(p, n, "DECIMAL");
    if (rc != XDEC_OK) return overflow(p, n, "DECIMAL");
    if (n->ival != XOP_INTDIV) return 0;
    /* DIV of decimals: the quotient's integer part */
    bool uns = n->tp.flags & XF_UNSIGNED;
    xdec q = *r;
    memset(&out->v, 0, sizeof out->v);
    if (uns) {
        uint64_t u;
        int c = xdec_to_u64(&q, &u);
        if (c == XDEC_OVERFLOW) {
            int64_t s;
            if (xdec_to_i64(&q, &s) == XDEC_TRUNCATED && s == 0) {
                out->v.i = 0;
                return 0;
            }
            return overflow(p, n, "BIGINT UNSIGNED");
        }
        out->v.i = (int64_t)u;
        return 0;
    }
    int64_t s;
    if (xdec_to_i64(&q, &s) == XDEC_OVERFLOW) return overflow(p, n, "BIGINT");
    out->v.i = s;
    return 0;
}

int xeval_arith(xprog *p, const xnode *n, xval *out)
{
    xval a, b;
    int rc = xarg(p, n, 0, &a);
    if (rc) return rc;
    rc = xarg(p, n, 1, &b);
    if (rc) return rc;
    if (a.null || b.null) return set_null(out);
    memset(out, 0, sizeof *out);
    switch (n->cmp) {
    case XET_INT: return arith_int(p, n, a.v.i, b.v.i, out);
    case XET_REAL: return arith_real(p, n, a.v.d, b.v.d, out);
    default: return arith_dec(p, n, &a.v.dec, &b.v.dec, out);
    }
}

int xeval_neg(xprog *p, const xnode *n, xval *out)
{
    xval a;
    int rc = xarg(p, n, 0, &a);
    if (rc) return rc;
    if (a.null) return set_null(out);
    *out = a;
    switch (xet_of(&n->tp)) {
    case XET_INT:
        if (n->args[0]->tp.flags & XF_UNSIGNED) {
            uint64_t u = (uint64_t)a.v.i;
            if (u > (uint64_t)INT64_MAX + 1) return overflow(p, n, "BIGINT");
            out->v.i = (int64_t)(0 - u);
        } else {
            if (a.v.i == INT64_MIN) return overflow(p, n, "BIGINT");
            out->v.i = -a.v.i;
        }
        return 0;
    case XET_REAL: out->v.d = -a.v.d; return 0;
    default:
        if (!xdec_is_zero(&out->v.dec)) out->v.dec.neg = !out->v.dec.neg;
        return 0;
    }
}

int xeval_bitop(xprog *p, const xnode *n, xval *out)
{
    xval a, b;
    memset(&b, 0, sizeof b);
    int rc = xarg(p, n, 0, &a);
    if (rc) return rc;
    if (n->nargs > 1 && (rc = xarg(p, n, 1, &b))) return rc;
    if (a.null || b.null) return set_null(out);
    memset(out, 0, sizeof *out);
    uint64_t x = (uint64_t)a.v.i, y = (uint64_t)b.v.i;
    switch (n->ival) {
    case XOP_BITAND: out->v.i = (int64_t)(x & y); break;
    case XOP_BITOR: out->v.i = (int64_t)(x | y); break;
    case XOP_BITXOR: out->v.i = (int64_t)(x ^ y); break;
    case XOP_SHL: out->v.i = y >= 64 ? 0 : (int64_t)(x << y); break;
    case XOP_SHR: out->v.i = y >= 64 ? 0 : (int64_t)(x >> y); break;
    default: out->v.i = (int64_t)~x; break;
    }
    return 0;
}

/* ---- LIKE, REGEXP, IN, CASE, COLLATE ---- */

int xeval_like(xprog *p, const xnode *n, xval *out)
{
    xval s, pat;
    int rc = xarg(p, n, 0, &s);
    if (rc) return rc;
    rc = xarg(p, n, 1, &pat);
    if (rc) return rc;
    if (s.null || pat.null) return set_null(out);
    memset(out, 0, sizeof *out);
    out->v.i = xcoll_like(xcoll_kind(n->coll), s.v.s.p, s.v.s.n, pat.v.s.p, pat.v.s.n, n->ival);
    return 0;
}

int xeval_regexp(xprog *p, const xnode *n, xval *out)
{
    xval s, pat;
    int rc = xarg(p, n, 0, &s);
    if (rc) return rc;
    rc = xarg(p, n, 1, &pat);
    if (rc) return rc;
    if (s.null || pat.null) return set_null(out);
    memset(out, 0, sizeof *out);
    const bs_regex *re = n->aux;
    bs_regex *own = NULL;
    if (!re) {
        /* a pattern from the row: compiled for this evaluation */
        if (p->folding) return xfail(p, BS_EINVAL, "not folded");
        if (memchr(pat.v.s.p, 0, pat.v.s.n))
            return xfail(p, BS_EUNSUPPORTED, "a REGEXP pattern with a NUL byte");
        char *text = xstrdup(p, pat.v.s.p, pat.v.s.n);
        if (!text) return p->err->code;
        int kind = xcoll_kind(n->coll);
        bs_error e;
        bs_error_clear(&e);
        if (bs_regex_compile(text, kind == XCK_GENERAL_CI || kind == XCK_UNICODE_CI, &own, &e))
            return xfail(p, BS_EINVAL, "Got error '%s' from regexp", e.message);
        re = own;
    }
    out->v.i = bs_regex_search(re, s.v.s.p, s.v.s.n);
    bs_regex_free(own);
    return 0;
}

int xeval_in(xprog *p, const xnode *n, xval *out)
{
    bool any_null = false;
    memset(out, 0, sizeof *out);
    for (uint16_t i = 0; i < n->nargs; i++) {
        int t;
        int rc = xeval_bool(p, n->args[i], &t);
        if (rc) return rc;
        if (t == 1) {
            out->v.i = 1;
            return 0;
        }
        if (t < 0) any_null = true;
    }
    if (any_null) return set_null(out);
    return 0;
}

int xeval_case(xprog *p, const xnode *n, xval *out)
{
    uint32_t pairs = (uint32_t)n->ival;
    for (uint32_t i = 0; i < pairs; i++) {
        int t;
        int rc = xeval_bool(p, n->args[2 * i], &t);
        if (rc) return rc;
        if (t == 1) return xarg(p, n, 2 * i + 1, out);
    }
    if (n->nargs > 2 * pairs) return xarg(p, n, 2 * pairs, out);
    return set_null(out);
}

int xeval_collate(xprog *p, const xnode *n, xval *out)
{
    return xarg(p, n, 0, out);
}

/* ---- "now" ---- */

static int now_local(xprog *p, xtime *t)
{
    if (!p->ctx) return xfail(p, BS_EINVAL, "no evaluation context");
    int64_t us = p->ctx->now_usec;
    int64_t sec = us / 1000000, frac = us % 1000000;
    if (frac < 0) frac += 1000000, sec--;
    xtime_from_utc(sec, (uint32_t)frac, p->tz, t);
    t->tp = BS_TYPE_DATETIME;
    return 0;
}

int xnow_local(xprog *p, xtime *t)
{
    return now_local(p, t);
}
