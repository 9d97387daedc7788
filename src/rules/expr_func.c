/*
 * expr_func.c - the builtin functions binsift evaluates, with TiDB's typing.
 *
 * Each entry of the table names a function, its argument count, a builder
 * that types the call (casting arguments the way TiDB's function class
 * does) and an evaluator. Most functions use the generic builder driven by a
 * signature string "R:ABC": R is the result (i BIGINT, u BIGINT UNSIGNED,
 * r DOUBLE, s string, b binary string, D DATE, T DATETIME, t TIME, j JSON)
 * and A, B, C... the eval types the arguments are cast to (s string, i int,
 * r real, T datetime, t time, j JSON parsed from text, a unchanged); the last
 * one repeats for variadic functions. String results take their collation
 * from the arguments in coll_args, as TiDB's deriveCollation does, so that
 * LOCATE/FIND_IN_SET/STRCMP compare under the column's collation.
 *
 * Functions whose result type depends on the arguments (IF, COALESCE, ABS,
 * ROUND, DATE_ADD, STR_TO_DATE, ...) have their own builders. Functions that
 * read the evaluation context (NOW() and friends, the session zone) are
 * never folded at compile time. Nondeterministic functions (RAND, UUID, ...)
 * are refused at compile time: DM's result would depend on when it ran.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "binsift/value.h"
#include "rules/expr_internal.h"

#define ARG(i, v)                                                                                  \
    do {                                                                                           \
        int rc_ = xarg(p, n, (i), (v));                                                            \
        if (rc_) return rc_;                                                                       \
    } while (0)

static int ret_null(xval *out)
{
    memset(out, 0, sizeof *out);
    out->null = 1;
    return 0;
}

static int ret_int(xval *out, int64_t v)
{
    memset(out, 0, sizeof *out);
    out->v.i = v;
    return 0;
}

static int ret_real(xprog *p, const xnode *n, xval *out, double v)
{
    memset(out, 0, sizeof *out);
    if (!isfinite(v)) {
        char text[200];
        xnode_text(p, n, text, sizeof text);
        return xfail(p, BS_EINVAL, "DOUBLE value is out of range in '%s'", text);
    }
    out->v.d = v;
    return 0;
}

static int ret_str(xval *out, const char *s, size_t len)
{
    memset(out, 0, sizeof *out);
    out->v.s.p = s;
    out->v.s.n = len;
    return 0;
}

static int nomem(xprog *p)
{
    return p->err && p->err->code ? p->err->code : BS_ENOMEM;
}

static uint64_t max_packet(const xprog *p)
{
    return p->ctx && p->ctx->max_allowed_packet ? p->ctx->max_allowed_packet : XDEFAULT_PACKET;
}

/* A string result longer than max_allowed_packet is NULL (TiDB warns). */
static bool too_long(xprog *p, const xnode *n, uint64_t len)
{
    if (len <= max_packet(p)) return false;
    xwarn(p, "Result of %s() was larger than max_allowed_packet (%llu) - truncated", n->name,
          (unsigned long long)max_packet(p));
    return true;
}

static bool is_binary(const xnode *n)
{
    return (n->tp.flags & XF_BINARY) || n->tp.coll == XCOLL_BINARY;
}

/* ---- builders ---- */

static xnode *new_call(xbuild *b, const xfunc *f, const xtype *tp, uint32_t nargs, const xast *call)
{
    xnode *n = xnode_new(b, f->eval, tp, (uint16_t)nargs, call->off);
    if (!n) return NULL;
    n->name = f->name;
    n->ival = f->ival;
    n->end = call->end;
    return n;
}

static int sig_et(char c)
{
    switch (c) {
    case 'i': return XET_INT;
    case 'r': return XET_REAL;
    case 'd': return XET_DECIMAL;
    case 'T': return XET_DATETIME;
    case 't': return XET_DURATION;
    case 'j': return XET_JSON;
    case 's': return XET_STRING;
    default: return -1;
    }
}

/* Cast an argument to the signature's kind; JSON functions parse strings. */
static xnode *sig_arg(xbuild *b, xnode *a, char c)
{
    int et = sig_et(c);
    if (et < 0) return a;
    if (et == XET_JSON && xet_of(&a->tp) != XET_JSON) {
        xtype t;
        xtype_init(&t, BS_TYPE_JSON);
        t.coll = XCOLL_UTF8MB4_BIN;
        bool parse = xet_of(&a->tp) == XET_STRING;
        return xcast_to_type(b, a, &t, parse);
    }
    return xcast_to(b, a, et);
}

static bool sig_result(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs, char r,
                       const xast *call, xtype *t)
{
    switch (r) {
    case 'i':
    case 'u':
        xtype_init(t, BS_TYPE_LONGLONG);
        if (r == 'u') t->flags |= XF_UNSIGNED;
        return true;
    case 'r': xtype_init(t, BS_TYPE_DOUBLE); return true;
    case 'D':
        xtype_init(t, BS_TYPE_DATE);
        t->decimal = 0;
        return true;
    case 'T':
        xtype_init(t, BS_TYPE_DATETIME);
        t->decimal = 0;
        return true;
    case 't':
        xtype_init(t, BS_TYPE_TIME);
        t->decimal = 0;
        return true;
    case 'j':
        xtype_init(t, BS_TYPE_JSON);
        t->coll = XCOLL_UTF8MB4_BIN;
        return true;
    case 'b': xtype_string(t, XCOLL_BINARY, XCOER_COERCIBLE); return true;
    default: {
        xtype_string(t, XCOLL_UTF8MB4_BIN, XCOER_COERCIBLE);
        xnode *sel[256];
        uint32_t k = 0;
        for (uint32_t i = 0; i < nargs && i < 256; i++)
            if (f->coll_args == 0xFF || (i < 8 && (f->coll_args >> i & 1))) sel[k++] = args[i];
        if (k && !xderive_collation(b, f->name, sel, k, XET_STRING, call->off, t)) return false;
        return true;
    }
    }
}

/* The generic builder: result and argument casts from f->sig. */
static xnode *fb_sig(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs, const xast *call)
{
    const char *sig = f->sig;
    xtype t;
    /* collation comes from the arguments as written, before the casts */
    if (!sig_result(b, f, args, nargs, sig[0], call, &t)) return NULL;
    xnode *n = new_call(b, f, &t, nargs, call);
    if (!n) return NULL;
    const char *as = sig + 2;
    size_t na = strlen(as);
    for (uint32_t i = 0; i < nargs; i++) {
        char c = na ? as[i < na ? i : na - 1] : 'a';
        if (!(n->args[i] = sig_arg(b, args[i], c))) return NULL;
    }
    if (sig[0] == 's' && nargs && f->coll_args && f->coll_args != 0xFF && !(f->coll_args & 1)) {
        /* keep the binary flag of a binary first argument */
    }
    return n;
}

/* TiDB's getExpressionFsp: a constant string's fraction digits, else the
 * argument type's fsp (6 when unknown). */
static int expr_fsp(const xnode *a)
{
    if (a->eval == xeval_const && xet_of(&a->tp) == XET_STRING && !a->cval.null) {
        const char *s = a->cval.v.s.p, *dot = NULL;
        for (size_t i = 0; i < a->cval.v.s.n; i++)
            if (s[i] == '.') dot = s + i;
        if (!dot) return 0;
        int n = (int)(s + a->cval.v.s.n - dot - 1);
        return n > 6 ? 6 : n;
    }
    if (xtype_temporal(&a->tp)) return a->tp.decimal < 0 ? 0 : a->tp.decimal;
    return xet_of(&a->tp) == XET_INT ? 0 : 6;
}

/* The unit of an INTERVAL argument (DATE_ADD(d, INTERVAL n unit)) or of a
 * TIMESTAMPDIFF-style call (ival). */
static int call_unit(const xast *call, uint32_t arg)
{
    if (arg < call->nkids && call->kids[arg]->kind == XA_INTERVAL) return call->kids[arg]->ival;
    return call->ival;
}

/* ---- control flow ---- */

static int ev_if(xprog *p, const xnode *n, xval *out)
{
    int t;
    int rc = xeval_bool(p, n->args[0], &t);
    if (rc) return rc;
    return xarg(p, n, t == 1 ? 1 : 2, out);
}

static xnode *fb_if(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs, const xast *call)
{
    (void)nargs;
    xtype t;
    if (!xagg_type(b, f->name, args + 1, 2, call->off, &t)) return NULL;
    xnode *n = new_call(b, f, &t, 3, call);
    if (!n) return NULL;
    n->args[0] = args[0];
    for (int i = 1; i < 3; i++)
        if (!(n->args[i] = t.tp == BS_TYPE_NULL ? args[i] : xcast_to_type(b, args[i], &t, false)))
            return NULL;
    return n;
}

static int ev_coalesce(xprog *p, const xnode *n, xval *out)
{
    for (uint16_t i = 0; i < n->nargs; i++) {
        ARG(i, out);
        if (!out->null) return 0;
    }
    return ret_null(out);
}

static xnode *fb_coalesce(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs, const xast *call)
{
    xtype t;
    if (!xagg_type(b, f->name, args, nargs, call->off, &t)) return NULL;
    xnode *n = new_call(b, f, &t, nargs, call);
    if (!n) return NULL;
    for (uint32_t i = 0; i < nargs; i++)
        if (!(n->args[i] = t.tp == BS_TYPE_NULL ? args[i] : xcast_to_type(b, args[i], &t, false)))
            return NULL;
    return n;
}

static int ev_nullif(xprog *p, const xnode *n, xval *out)
{
    int t;
    int rc = xeval_bool(p, n->args[0], &t);
    if (rc) return rc;
    if (t == 1) return ret_null(out);
    return xarg(p, n, 1, out);
}

static xnode *fb_nullif(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs, const xast *call)
{
    (void)nargs;
    xnode *eq = xbuild_compare(b, XOP_EQ, args[0], args[1], call->off, call->end);
    if (!eq) return NULL;
    xnode *n = new_call(b, f, &args[0]->tp, 2, call);
    if (!n) return NULL;
    n->tp.flags &= (uint8_t)~XF_NOT_NULL;
    n->args[0] = eq;
    n->args[1] = args[0];
    return n;
}

static int ev_isnull(xprog *p, const xnode *n, xval *out)
{
    xval v;
    ARG(0, &v);
    return ret_int(out, v.null);
}

/* GREATEST/LEAST: ival 1 for GREATEST. flags bit 1: compare strings as
 * dates (bit 2: DATE only). */
static int ev_extremum(xprog *p, const xnode *n, xval *out)
{
    xval best, v;
    int et = xet_of(&n->args[0]->tp);
    bool as_time = n->flags & 1;
    char *best_text = NULL;
    size_t best_len = 0;
    for (uint16_t i = 0; i < n->nargs; i++) {
        xval *dst = i == 0 ? &best : &v;
        ARG(i, dst);
        if (dst->null) return ret_null(out);
        if (as_time) {
            /* reformat each string as a date[time] and compare the text */
            xtime t;
            bool date = n->flags & 2;
            if (xtime_parse(dst->v.s.p, dst->v.s.n, date ? BS_TYPE_DATE : BS_TYPE_DATETIME, 6,
                            p->tz, &t)) {
                xwarn(p, "Incorrect datetime value: '%.*s'",
                      (int)(dst->v.s.n < 60 ? dst->v.s.n : 60), dst->v.s.p);
                return ret_null(out);
            }
            t.fsp = 0;
            char buf[32];
            size_t len = xtime_format(&t, buf);
            int c = i == 0 ? 0 : xcoll_cmp(XCK_BINARY, buf, len, best_text, best_len);
            if (i == 0 || (n->ival ? c > 0 : c < 0)) {
                best_text = xstrdup(p, buf, len);
                if (!best_text) return nomem(p);
                best_len = len;
            }
            continue;
        }
        if (i == 0) continue;
        int c = xcompare_vals(p, et, n->coll, &v, &best, n->args[i]->tp.flags & XF_UNSIGNED,
                              n->args[0]->tp.flags & XF_UNSIGNED);
        if (n->ival ? c > 0 : c < 0) best = v;
    }
    if (as_time) return ret_str(out, best_text, best_len);
    *out = best;
    return 0;
}

static xnode *fb_extremum(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs, const xast *call)
{
    xtype t;
    if (!xagg_type(b, f->name, args, nargs, call->off, &t)) return NULL;
    int et = xet_of(&t);
    bool as_time = false, date_only = true;
    if (xtype_is_string_kind(et) && !xtype_temporal(&t) && et != XET_JSON) {
        for (uint32_t i = 0; i < nargs; i++) {
            if (xtype_time(&args[i]->tp)) {
                as_time = true;
                if (args[i]->tp.tp != BS_TYPE_DATE) date_only = false;
            }
        }
    }
    if (et == XET_JSON) xtype_string(&t, XCOLL_UTF8MB4_BIN, XCOER_COERCIBLE);
    if (t.tp == BS_TYPE_NULL) xtype_string(&t, XCOLL_BINARY, XCOER_IGNORABLE);
    xnode *n = new_call(b, f, &t, nargs, call);
    if (!n) return NULL;
    if (as_time) n->flags |= (uint8_t)(1 | (date_only ? 2 : 0));
    if (xet_of(&t) == XET_STRING) {
        xtype ct = t;
        if (!xderive_collation(b, f->name, args, nargs, XET_STRING, call->off, &ct)) return NULL;
        n->coll = ct.coll;
        n->tp.coll = ct.coll;
    }
    for (uint32_t i = 0; i < nargs; i++)
        if (!(n->args[i] = xcast_to_type(b, args[i], &t, false))) return NULL;
    return n;
}

/* ---- math ---- */

static int64_t pow10i(int k)
{
    int64_t v = 1;
    while (k-- > 0)
        v *= 10;
    return v;
}

static int ev_abs(xprog *p, const xnode *n, xval *out)
{
    ARG(0, out);
    if (out->null) return 0;
    switch (xet_of(&n->tp)) {
    case XET_INT:
        if (n->tp.flags & XF_UNSIGNED) return 0;
        if (out->v.i == INT64_MIN) {
            char text[200];
            xnode_text(p, n, text, sizeof text);
            return xfail(p, BS_EINVAL, "BIGINT value is out of range in '%s'", text);
        }
        if (out->v.i < 0) out->v.i = -out->v.i;
        return 0;
    case XET_DECIMAL: out->v.dec.neg = 0; return 0;
    default: out->v.d = fabs(out->v.d); return 0;
    }
}

/* The eval type of ABS/SIGN/ROUND/TRUNCATE's first argument. */
static int num_arg_et(const xnode *a)
{
    int et = xet_of(&a->tp);
    return et == XET_INT || et == XET_DECIMAL ? et : XET_REAL;
}

static xnode *fb_abs(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs, const xast *call)
{
    (void)nargs;
    int et = num_arg_et(args[0]);
    xtype t;
    xtype_init(&t, et == XET_INT       ? BS_TYPE_LONGLONG
                   : et == XET_DECIMAL ? BS_TYPE_NEWDECIMAL
                                       : BS_TYPE_DOUBLE);
    if (et == XET_INT) t.flags |= args[0]->tp.flags & XF_UNSIGNED;
    if (et == XET_DECIMAL) t.decimal = args[0]->tp.decimal;
    xnode *n = new_call(b, f, &t, 1, call);
    if (!n || !(n->args[0] = xcast_to(b, args[0], et))) return NULL;
    return n;
}

/* CEIL (ival 1) / FLOOR (ival 0). */
static int ev_ceil_floor(xprog *p, const xnode *n, xval *out)
{
    xval v;
    ARG(0, &v);
    if (v.null) return ret_null(out);
    int mode = n->ival ? XROUND_CEIL : XROUND_FLOOR;
    switch (xet_of(&n->args[0]->tp)) {
    case XET_INT: return ret_int(out, v.v.i);
    case XET_DECIMAL: {
        xdec r;
        memset(out, 0, sizeof *out);
        if (xdec_round(&v.v.dec, &r, 0, mode) != XDEC_OK) {
            char text[200];
            xnode_text(p, n, text, sizeof text);
            return xfail(p, BS_EINVAL, "DECIMAL value is out of range in '%s'", text);
        }
        if (xet_of(&n->tp) == XET_DECIMAL) {
            out->v.dec = r;
            return 0;
        }
        int64_t i;
        if ((n->tp.flags & XF_UNSIGNED) && !r.neg) {
            uint64_t u;
            if (xdec_to_u64(&r, &u) == XDEC_OVERFLOW) goto over;
            i = (int64_t)u;
        } else if (xdec_to_i64(&r, &i) == XDEC_OVERFLOW) {
            goto over;
        }
        return ret_int(out, i);
    over : {
        char text[200];
        xnode_text(p, n, text, sizeof text);
        return xfail(p, BS_EINVAL, "BIGINT value is out of range in '%s'", text);
    }
    }
    default: return ret_real(p, n, out, n->ival ? ceil(v.v.d) : floor(v.v.d));
    }
}

static xnode *fb_ceil_floor(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs,
                            const xast *call)
{
    (void)nargs;
    int et = xet_of(&args[0]->tp), ret;
    const xtype *at = &args[0]->tp;
    if (et == XET_INT)
        ret = XET_INT;
    else if (et == XET_DECIMAL)
        ret = (at->flen >= 0 && at->flen - (at->decimal > 0 ? at->decimal : 0) > 18) ? XET_DECIMAL
                                                                                     : XET_INT;
    else
        et = ret = XET_REAL;
    xtype t;
    xtype_init(&t, ret == XET_INT       ? BS_TYPE_LONGLONG
                   : ret == XET_DECIMAL ? BS_TYPE_NEWDECIMAL
                                        : BS_TYPE_DOUBLE);
    if (ret == XET_INT) t.flags |= at->flags & XF_UNSIGNED;
    if (ret == XET_DECIMAL) t.decimal = 0;
    xnode *n = new_call(b, f, &t, 1, call);
    if (!n || !(n->args[0] = xcast_to(b, args[0], et))) return NULL;
    return n;
}

/* ROUND (ival 0) / TRUNCATE (ival 1). */
static int ev_round(xprog *p, const xnode *n, xval *out)
{
    xval v, d;
    ARG(0, &v);
    int64_t frac = 0;
    if (n->nargs > 1) {
        ARG(1, &d);
        if (d.null) return ret_null(out);
        frac = d.v.i;
        if (n->args[1]->tp.flags & XF_UNSIGNED && frac < 0) frac = INT64_MAX;
    }
    if (v.null) return ret_null(out);
    bool truncating = n->ival;
    if (frac > 30) frac = 30;
    if (frac < -81) frac = -81;
    switch (xet_of(&n->tp)) {
    case XET_INT: {
        if (frac >= 0) return ret_int(out, v.v.i);
        if (frac < -19) return ret_int(out, 0);
        if (truncating) {
            int64_t s = pow10i((int)-frac);
            if (n->tp.flags & XF_UNSIGNED)
                return ret_int(out, (int64_t)((uint64_t)v.v.i / (uint64_t)s * (uint64_t)s));
            return ret_int(out, v.v.i / s * s);
        }
        double f = (n->tp.flags & XF_UNSIGNED) ? (double)(uint64_t)v.v.i : (double)v.v.i;
        double sh = pow(10, (double)-frac);
        double r = nearbyint(f / sh) * sh;
        int64_t i;
        xconv_double_to_i64(p, r, n->tp.flags & XF_UNSIGNED, &i);
        return ret_int(out, i);
    }
    case XET_DECIMAL: {
        memset(out, 0, sizeof *out);
        if (xdec_round(&v.v.dec, &out->v.dec, (int)frac,
                       truncating ? XROUND_TRUNCATE : XROUND_HALF_UP) == XDEC_OVERFLOW) {
            char text[200];
            xnode_text(p, n, text, sizeof text);
            return xfail(p, BS_EINVAL, "DECIMAL value is out of range in '%s'", text);
        }
        return 0;
    }
    default: {
        double f = v.v.d, sh = pow(10, (double)frac), t = f * sh;
        if (isinf(t)) return ret_real(p, n, out, f);
        double r = (truncating ? trunc(t) : nearbyint(t)) / sh;
        if (isnan(r)) r = 0;
        return ret_real(p, n, out, r);
    }
    }
}

static xnode *fb_round(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs, const xast *call)
{
    int et = num_arg_et(args[0]);
    xtype t;
    xtype_init(&t, et == XET_INT       ? BS_TYPE_LONGLONG
                   : et == XET_DECIMAL ? BS_TYPE_NEWDECIMAL
                                       : BS_TYPE_DOUBLE);
    if (et == XET_INT) t.flags |= args[0]->tp.flags & XF_UNSIGNED;
    if (et != XET_INT) {
        /* the displayed scale: a constant second argument, else the argument's */
        int d = 0;
        const xnode *a1 = nargs > 1 ? args[1] : NULL;
        if (a1 && a1->eval == xeval_const && !a1->cval.null && xet_of(&a1->tp) == XET_INT)
            d = a1->cval.v.i > 30 ? 30 : a1->cval.v.i < 0 ? 0 : (int)a1->cval.v.i;
        else if (a1)
            d = args[0]->tp.decimal < 0 ? XUNSPEC : args[0]->tp.decimal;
        if (et == XET_DECIMAL || a1) t.decimal = (int8_t)(et == XET_DECIMAL && d < 0 ? 0 : d);
    }
    xnode *n = new_call(b, f, &t, nargs, call);
    if (!n || !(n->args[0] = xcast_to(b, args[0], et))) return NULL;
    if (nargs > 1 && !(n->args[1] = xcast_to(b, args[1], XET_INT))) return NULL;
    return n;
}

static xnode *fb_mod(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs, const xast *call)
{
    (void)f, (void)nargs;
    return xbuild_arith(b, XOP_MOD, args[0], args[1], call->off, call->end);
}

static int ev_sign(xprog *p, const xnode *n, xval *out)
{
    xval v;
    ARG(0, &v);
    if (v.null) return ret_null(out);
    switch (xet_of(&n->args[0]->tp)) {
    case XET_INT:
        if (n->args[0]->tp.flags & XF_UNSIGNED) return ret_int(out, v.v.i != 0);
        return ret_int(out, (v.v.i > 0) - (v.v.i < 0));
    case XET_DECIMAL: return ret_int(out, xdec_is_zero(&v.v.dec) ? 0 : v.v.dec.neg ? -1 : 1);
    default: return ret_int(out, (v.v.d > 0) - (v.v.d < 0));
    }
}

static xnode *fb_sign(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs, const xast *call)
{
    (void)nargs;
    xtype t;
    xtype_init(&t, BS_TYPE_LONGLONG);
    xnode *n = new_call(b, f, &t, 1, call);
    if (!n || !(n->args[0] = xcast_to(b, args[0], num_arg_et(args[0])))) return NULL;
    return n;
}

/* Real functions of one or two doubles; ival picks the function. */
enum { MF_POW, MF_SQRT, MF_EXP, MF_LN, MF_LOG, MF_LOG10, MF_LOG2, MF_PI };

static int ev_math(xprog *p, const xnode *n, xval *out)
{
    double a = 0, b = 0;
    xval v;
    if (n->nargs > 0) {
        ARG(0, &v);
        if (v.null) return ret_null(out);
        a = v.v.d;
    }
    if (n->nargs > 1) {
        ARG(1, &v);
        if (v.null) return ret_null(out);
        b = v.v.d;
    }
    switch (n->ival) {
    case MF_POW: {
        double r = pow(a, b);
        if (isnan(r)) return ret_real(p, n, out, INFINITY);
        return ret_real(p, n, out, r);
    }
    case MF_SQRT:
        if (a < 0) return ret_null(out);
        return ret_real(p, n, out, sqrt(a));
    case MF_EXP: return ret_real(p, n, out, exp(a));
    case MF_LN:
    case MF_LOG:
        if (n->ival == MF_LOG && n->nargs == 2) {
            if (a <= 0 || a == 1 || b <= 0) {
                xwarn(p, "Invalid argument for logarithm");
                return ret_null(out);
            }
            return ret_real(p, n, out, log(b) / log(a));
        }
        if (a <= 0) {
            xwarn(p, "Invalid argument for logarithm");
            return ret_null(out);
        }
        return ret_real(p, n, out, log(a));
    case MF_LOG10:
    case MF_LOG2:
        if (a <= 0) {
            xwarn(p, "Invalid argument for logarithm");
            return ret_null(out);
        }
        return ret_real(p, n, out, n->ival == MF_LOG10 ? log10(a) : log2(a));
    default: return ret_real(p, n, out, 3.14159265358979323846);
    }
}

static xnode *fb_pi(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs, const xast *call)
{
    (void)args, (void)nargs;
    xtype t;
    xtype_init(&t, BS_TYPE_DOUBLE);
    t.decimal = 6; /* PI() shows six digits */
    return new_call(b, f, &t, 0, call);
}

/* ---- strings ---- */

static int ev_concat(xprog *p, const xnode *n, xval *out)
{
    bool ws = n->ival; /* CONCAT_WS */
    xval sep = {0}, v;
    uint16_t first = 0;
    if (ws) {
        ARG(0, &sep);
        if (sep.null) return ret_null(out);
        first = 1;
    }
    /* two passes: lengths, then bytes */
    uint64_t total = 0;
    uint32_t count = 0;
    const char **parts = xalloc(p, sizeof *parts * n->nargs);
    size_t *lens = xalloc(p, sizeof *lens * n->nargs);
    if (!parts || !lens) return nomem(p);
    for (uint16_t i = first; i < n->nargs; i++) {
        ARG(i, &v);
        if (v.null) {
            if (ws) {
                parts[i] = NULL;
                continue;
            }
            return ret_null(out);
        }
        parts[i] = v.v.s.p;
        lens[i] = v.v.s.n;
        total += v.v.s.n + (ws && count ? sep.v.s.n : 0);
        count++;
    }
    if (too_long(p, n, total)) return ret_null(out);
    char *buf = xalloc(p, (size_t)total + 1);
    if (!buf) return nomem(p);
    size_t o = 0;
    bool any = false;
    for (uint16_t i = first; i < n->nargs; i++) {
        if (!parts[i]) continue;
        if (ws && any) {
            memcpy(buf + o, sep.v.s.p, sep.v.s.n);
            o += sep.v.s.n;
        }
        if (lens[i]) memcpy(buf + o, parts[i], lens[i]);
        o += lens[i];
        any = true;
    }
    return ret_str(out, buf, o);
}

static int ev_length(xprog *p, const xnode *n, xval *out)
{
    xval v;
    ARG(0, &v);
    if (v.null) return ret_null(out);
    if (n->ival && !is_binary(n->args[0]))
        return ret_int(out, (int64_t)xutf8_count(v.v.s.p, v.v.s.n));
    return ret_int(out, (int64_t)v.v.s.n);
}

/* UPPER (ival 1) / LOWER (ival 0). */
static int ev_case_map(xprog *p, const xnode *n, xval *out)
{
    xval v;
    ARG(0, &v);
    if (v.null) return ret_null(out);
    if (is_binary(n->args[0])) return ret_str(out, v.v.s.p, v.v.s.n);
    char *buf = xalloc(p, v.v.s.n * 2 + 4);
    if (!buf) return nomem(p);
    size_t o = 0;
    for (size_t i = 0; i < v.v.s.n;) {
        uint32_t r;
        size_t w = xutf8_decode(v.v.s.p + i, v.v.s.n - i, &r);
        if (r == 0xFFFD && w == 1) {
            buf[o++] = v.v.s.p[i]; /* invalid byte kept as is */
        } else {
            o += xutf8_encode(n->ival ? xcoll_toupper(r) : xcoll_tolower(r), buf + o);
        }
        i += w;
    }
    return ret_str(out, buf, o);
}

/* Byte offset of the k-th (0-based) unit of s. */
static size_t unit_offset(bool bytes, const char *s, size_t n, int64_t k)
{
    if (bytes) return k < 0 ? 0 : (size_t)k < n ? (size_t)k : n;
    size_t i = 0;
    while (k-- > 0 && i < n) {
        uint32_t r;
        i += xutf8_decode(s + i, n - i, &r);
    }
    return i;
}

static size_t unit_count(bool bytes, const char *s, size_t n)
{
    return bytes ? n : xutf8_count(s, n);
}

static int ev_substr(xprog *p, const xnode *n, xval *out)
{
    xval s, pos, len;
    ARG(0, &s);
    ARG(1, &pos);
    if (s.null || pos.null) return ret_null(out);
    int64_t l = INT64_MAX;
    if (n->nargs > 2) {
        ARG(2, &len);
        if (len.null) return ret_null(out);
        l = len.v.i;
        if ((n->args[2]->tp.flags & XF_UNSIGNED) && l < 0) l = INT64_MAX;
    }
    bool bytes = is_binary(n->args[0]);
    int64_t count = (int64_t)unit_count(bytes, s.v.s.p, s.v.s.n);
    int64_t start = pos.v.i;
    if ((n->args[1]->tp.flags & XF_UNSIGNED) && start < 0) start = INT64_MAX;
    if (start < 0)
        start = count + start;
    else
        start -= 1;
    if (pos.v.i == 0 || start < 0 || start >= count || l <= 0) return ret_str(out, "", 0);
    int64_t end = l > count - start ? count : start + l;
    size_t a = unit_offset(bytes, s.v.s.p, s.v.s.n, start);
    size_t b = unit_offset(bytes, s.v.s.p, s.v.s.n, end);
    return ret_str(out, s.v.s.p + a, b - a);
}

/* LEFT (ival 0) / RIGHT (ival 1). */
static int ev_left_right(xprog *p, const xnode *n, xval *out)
{
    xval s, len;
    ARG(0, &s);
    ARG(1, &len);
    if (s.null || len.null) return ret_null(out);
    int64_t l = len.v.i;
    if ((n->args[1]->tp.flags & XF_UNSIGNED) && l < 0) l = INT64_MAX;
    if (l <= 0) return ret_str(out, "", 0);
    bool bytes = is_binary(n->args[0]);
    int64_t count = (int64_t)unit_count(bytes, s.v.s.p, s.v.s.n);
    if (l >= count) return ret_str(out, s.v.s.p, s.v.s.n);
    if (!n->ival) return ret_str(out, s.v.s.p, unit_offset(bytes, s.v.s.p, s.v.s.n, l));
    size_t a = unit_offset(bytes, s.v.s.p, s.v.s.n, count - l);
    return ret_str(out, s.v.s.p + a, s.v.s.n - a);
}

/* TRIM: ival 0/1 both, 2 leading, 3 trailing; LTRIM/RTRIM use 2/3. */
static int ev_trim(xprog *p, const xnode *n, xval *out)
{
    xval s, rem;
    ARG(0, &s);
    if (s.null) return ret_null(out);
    const char *r = " ";
    size_t rn = 1;
    if (n->nargs > 1) {
        ARG(1, &rem);
        if (rem.null) return ret_null(out);
        r = rem.v.s.p;
        rn = rem.v.s.n;
    }
    const char *a = s.v.s.p;
    size_t len = s.v.s.n;
    int dir = n->ival;
    if (rn) {
        if (dir != 3)
            while (len >= rn && !memcmp(a, r, rn))
                a += rn, len -= rn;
        if (dir != 2)
            while (len >= rn && !memcmp(a + len - rn, r, rn))
                len -= rn;
    }
    return ret_str(out, a, len);
}

static xnode *fb_trim(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs, const xast *call)
{
    xnode *n = fb_sig(b, f, args, nargs, call);
    if (n && !strcmp(f->name, "trim")) n->ival = call->ival;
    return n;
}

static int ev_replace(xprog *p, const xnode *n, xval *out)
{
    xval s, from, to;
    ARG(0, &s);
    ARG(1, &from);
    ARG(2, &to);
    if (s.null || from.null || to.null) return ret_null(out);
    if (from.v.s.n == 0) return ret_str(out, s.v.s.p, s.v.s.n);
    /* count, then build */
    uint64_t hits = 0;
    for (size_t i = 0; i + from.v.s.n <= s.v.s.n;) {
        if (!memcmp(s.v.s.p + i, from.v.s.p, from.v.s.n)) {
            hits++;
            i += from.v.s.n;
        } else {
            i++;
        }
    }
    uint64_t total = s.v.s.n + hits * to.v.s.n - hits * from.v.s.n;
    if (too_long(p, n, total)) return ret_null(out);
    char *buf = xalloc(p, (size_t)total + 1);
    if (!buf) return nomem(p);
    size_t o = 0;
    for (size_t i = 0; i < s.v.s.n;) {
        if (i + from.v.s.n <= s.v.s.n && !memcmp(s.v.s.p + i, from.v.s.p, from.v.s.n)) {
            memcpy(buf + o, to.v.s.p, to.v.s.n);
            o += to.v.s.n;
            i += from.v.s.n;
        } else {
            buf[o++] = s.v.s.p[i++];
        }
    }
    return ret_str(out, buf, o);
}

static int ev_reverse(xprog *p, const xnode *n, xval *out)
{
    xval s;
    ARG(0, &s);
    if (s.null) return ret_null(out);
    char *buf = xalloc(p, s.v.s.n + 1);
    if (!buf) return nomem(p);
    bool bytes = is_binary(n->args[0]);
    size_t o = s.v.s.n;
    for (size_t i = 0; i < s.v.s.n;) {
        uint32_t r;
        size_t w = bytes ? 1 : xutf8_decode(s.v.s.p + i, s.v.s.n - i, &r);
        o -= w;
        memcpy(buf + o, s.v.s.p + i, w);
        i += w;
    }
    return ret_str(out, buf, s.v.s.n);
}

/* LOCATE(sub, str[, pos]) (ival 0) and INSTR(str, sub) (ival 1). */
static int ev_locate(xprog *p, const xnode *n, xval *out)
{
    xval a, b, pos;
    ARG(0, &a);
    ARG(1, &b);
    if (a.null || b.null) return ret_null(out);
    int64_t from = 1;
    if (n->nargs > 2) {
        ARG(2, &pos);
        if (pos.null) return ret_null(out);
        from = pos.v.i;
    }
    const xval *hay = n->ival ? &a : &b, *needle = n->ival ? &b : &a;
    int kind = xcoll_kind(n->coll);
    if (is_binary(n->args[0]) || is_binary(n->args[1])) kind = XCK_BINARY;
    return ret_int(out,
                   xcoll_locate(kind, hay->v.s.p, hay->v.s.n, needle->v.s.p, needle->v.s.n, from));
}

static xnode *fb_locate(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs, const xast *call)
{
    xnode *n = fb_sig(b, f, args, nargs, call);
    if (!n) return NULL;
    xtype ct;
    xtype_string(&ct, XCOLL_UTF8MB4_BIN, XCOER_COERCIBLE);
    if (!xderive_collation(b, f->name, args, 2, XET_INT, call->off, &ct)) return NULL;
    n->coll = ct.coll;
    return n;
}

/* LPAD (ival 0) / RPAD (ival 1). */
static int ev_pad(xprog *p, const xnode *n, xval *out)
{
    xval s, len, pad;
    ARG(0, &s);
    ARG(1, &len);
    ARG(2, &pad);
    if (s.null || len.null || pad.null) return ret_null(out);
    int64_t want = len.v.i;
    if ((n->args[1]->tp.flags & XF_UNSIGNED) && want < 0) want = INT64_MAX;
    if (want < 0) return ret_null(out);
    bool bytes = is_binary(n->args[0]) || is_binary(n->args[2]);
    int64_t have = (int64_t)unit_count(bytes, s.v.s.p, s.v.s.n);
    if (want <= have) return ret_str(out, s.v.s.p, unit_offset(bytes, s.v.s.p, s.v.s.n, want));
    int64_t padn = (int64_t)unit_count(bytes, pad.v.s.p, pad.v.s.n);
    if (padn == 0) return ret_null(out);
    int64_t need = want - have;
    /* bytes: whole pad strings plus a prefix of one */
    uint64_t whole = (uint64_t)(need / padn);
    size_t part = unit_offset(bytes, pad.v.s.p, pad.v.s.n, need % padn);
    if (whole > max_packet(p) || too_long(p, n, s.v.s.n + whole * pad.v.s.n + part))
        return ret_null(out);
    size_t total = s.v.s.n + (size_t)whole * pad.v.s.n + part;
    char *buf = xalloc(p, total + 1);
    if (!buf) return nomem(p);
    size_t o = 0;
    if (n->ival) {
        memcpy(buf, s.v.s.p, s.v.s.n);
        o = s.v.s.n;
    }
    for (uint64_t i = 0; i < whole; i++, o += pad.v.s.n)
        memcpy(buf + o, pad.v.s.p, pad.v.s.n);
    memcpy(buf + o, pad.v.s.p, part);
    o += part;
    if (!n->ival) {
        memcpy(buf + o, s.v.s.p, s.v.s.n);
        o += s.v.s.n;
    }
    return ret_str(out, buf, o);
}

/* REPEAT(s, n) (ival 0) and SPACE(n) (ival 1). */
static int ev_repeat(xprog *p, const xnode *n, xval *out)
{
    xval s = {0}, cnt;
    const char *unit = " ";
    size_t un = 1;
    if (n->ival == 0) {
        ARG(0, &s);
        if (s.null) return ret_null(out);
        unit = s.v.s.p;
        un = s.v.s.n;
    }
    ARG(n->ival == 0 ? 1 : 0, &cnt);
    if (cnt.null) return ret_null(out);
    int64_t k = cnt.v.i;
    const xnode *cn = n->args[n->ival == 0 ? 1 : 0];
    if ((cn->tp.flags & XF_UNSIGNED) && k < 0) k = INT64_MAX;
    if (k <= 0 || un == 0) return ret_str(out, "", 0);
    if ((uint64_t)k > max_packet(p) || too_long(p, n, (uint64_t)k * un)) return ret_null(out);
    size_t total = (size_t)k * un;
    char *buf = xalloc(p, total + 1);
    if (!buf) return nomem(p);
    for (size_t o = 0; o < total; o += un)
        memcpy(buf + o, unit, un);
    return ret_str(out, buf, total);
}

static int ev_ascii(xprog *p, const xnode *n, xval *out)
{
    xval s;
    ARG(0, &s);
    if (s.null) return ret_null(out);
    return ret_int(out, s.v.s.n ? (unsigned char)s.v.s.p[0] : 0);
}

static int ev_hex(xprog *p, const xnode *n, xval *out)
{
    xval v;
    ARG(0, &v);
    if (v.null) return ret_null(out);
    static const char digits[] = "0123456789ABCDEF";
    if (xet_of(&n->args[0]->tp) == XET_INT) {
        char buf[24];
        int len = snprintf(buf, sizeof buf, "%llX", (unsigned long long)v.v.i);
        char *o = xstrdup(p, buf, (size_t)len);
        return o ? ret_str(out, o, (size_t)len) : nomem(p);
    }
    if (too_long(p, n, (uint64_t)v.v.s.n * 2)) return ret_null(out);
    char *buf = xalloc(p, v.v.s.n * 2 + 1);
    if (!buf) return nomem(p);
    for (size_t i = 0; i < v.v.s.n; i++) {
        buf[2 * i] = digits[(unsigned char)v.v.s.p[i] >> 4];
        buf[2 * i + 1] = digits[(unsigned char)v.v.s.p[i] & 15];
    }
    return ret_str(out, buf, v.v.s.n * 2);
}

static xnode *fb_hex(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs, const xast *call)
{
    (void)nargs;
    xtype t;
    xtype_string(&t, XCOLL_UTF8MB4_BIN, XCOER_COERCIBLE);
    t.repe = XREP_ASCII;
    xnode *n = new_call(b, f, &t, 1, call);
    if (!n) return NULL;
    int et = xet_of(&args[0]->tp);
    bool numeric = et == XET_INT || et == XET_REAL || et == XET_DECIMAL;
    if (args[0]->tp.flags & XF_BINLIT) numeric = false;
    if (!(n->args[0] = xcast_to(b, args[0], numeric ? XET_INT : XET_STRING))) return NULL;
    return n;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int ev_unhex(xprog *p, const xnode *n, xval *out)
{
    xval v;
    ARG(0, &v);
    if (v.null) return ret_null(out);
    size_t len = v.v.s.n, nb = (len + 1) / 2;
    char *buf = xalloc(p, nb + 1);
    if (!buf) return nomem(p);
    size_t i = 0, o = 0;
    if (len % 2) {
        int d = hexval(v.v.s.p[0]);
        if (d < 0) return ret_null(out);
        buf[o++] = (char)d;
        i = 1;
    }
    for (; i < len; i += 2) {
        int h = hexval(v.v.s.p[i]), l = hexval(v.v.s.p[i + 1]);
        if (h < 0 || l < 0) return ret_null(out);
        buf[o++] = (char)(h << 4 | l);
    }
    return ret_str(out, buf, o);
}

static int ev_strcmp(xprog *p, const xnode *n, xval *out)
{
    xval a, b;
    ARG(0, &a);
    ARG(1, &b);
    if (a.null || b.null) return ret_null(out);
    return ret_int(out, xcoll_cmp(xcoll_kind(n->coll), a.v.s.p, a.v.s.n, b.v.s.p, b.v.s.n));
}

static int ev_find_in_set(xprog *p, const xnode *n, xval *out)
{
    xval s, list;
    ARG(0, &s);
    ARG(1, &list);
    if (s.null || list.null) return ret_null(out);
    int kind = xcoll_kind(n->coll);
    int64_t idx = 1;
    const char *q = list.v.s.p, *end = q + list.v.s.n;
    if (list.v.s.n == 0) return ret_int(out, 0);
    for (;;) {
        const char *comma = memchr(q, ',', (size_t)(end - q));
        const char *e = comma ? comma : end;
        if (!xcoll_cmp(kind, q, (size_t)(e - q), s.v.s.p, s.v.s.n)) return ret_int(out, idx);
        if (!comma) return ret_int(out, 0);
        q = comma + 1;
        idx++;
    }
}

static xnode *fb_collated_int(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs,
                              const xast *call)
{
    xnode *n = fb_sig(b, f, args, nargs, call);
    if (!n) return NULL;
    xtype ct;
    xtype_string(&ct, XCOLL_UTF8MB4_BIN, XCOER_COERCIBLE);
    if (!xderive_collation(b, f->name, args, nargs, XET_INT, call->off, &ct)) return NULL;
    int kind = xcoll_kind(ct.coll);
    if (kind == XCK_UNSUPPORTED) {
        xbuild_fail(b, BS_EUNSUPPORTED, call->off, "%s under collation %s is not supported",
                    f->name, bs_rules_expr_collation_name(ct.coll));
        return NULL;
    }
    n->coll = ct.coll;
    return n;
}

/* ---- misc ---- */

static int ev_bit_count(xprog *p, const xnode *n, xval *out)
{
    xval v;
    ARG(0, &v);
    if (v.null) return ret_null(out);
    return ret_int(out, __builtin_popcountll((unsigned long long)v.v.i));
}

static int ev_inet_aton(xprog *p, const xnode *n, xval *out)
{
    xval v;
    ARG(0, &v);
    if (v.null) return ret_null(out);
    const char *s = v.v.s.p;
    size_t len = v.v.s.n;
    if (len == 0 || s[len - 1] == '.') return ret_null(out);
    uint64_t parts[4];
    int np = 0;
    uint64_t cur = 0;
    bool digit = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            cur = cur * 10 + (uint64_t)(c - '0');
            if (cur > 255) return ret_null(out);
            digit = true;
        } else if (c == '.' && digit && np < 3) {
            parts[np++] = cur;
            cur = 0;
            digit = false;
        } else {
            return ret_null(out);
        }
    }
    parts[np++] = cur;
    /* "a.b" is a.0.0.b, "a.b.c" is a.b.0.c (MySQL) */
    uint64_t r;
    switch (np) {
    case 1: r = parts[0]; break;
    case 2: r = parts[0] << 24 | parts[1]; break;
    case 3: r = parts[0] << 24 | parts[1] << 16 | parts[2]; break;
    default: r = parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3]; break;
    }
    return ret_int(out, (int64_t)r);
}

static int ev_inet_ntoa(xprog *p, const xnode *n, xval *out)
{
    xval v;
    ARG(0, &v);
    if (v.null) return ret_null(out);
    if ((n->args[0]->tp.flags & XF_UNSIGNED ? (uint64_t)v.v.i > 0xFFFFFFFFu
                                            : (v.v.i < 0 || v.v.i > 0xFFFFFFFF)))
        return ret_null(out);
    uint32_t x = (uint32_t)v.v.i;
    char buf[20];
    int len =
        snprintf(buf, sizeof buf, "%u.%u.%u.%u", x >> 24, x >> 16 & 255, x >> 8 & 255, x & 255);
    char *o = xstrdup(p, buf, (size_t)len);
    return o ? ret_str(out, o, (size_t)len) : nomem(p);
}

/* ---- dates and times ---- */

static int ret_time(xval *out, const xtime *t)
{
    memset(out, 0, sizeof *out);
    out->v.t = *t;
    return 0;
}

/* NOW()-like functions: ival 0 NOW (DATETIME), 1 CURDATE, 2 CURTIME,
 * 3 UTC_TIMESTAMP, 4 UTC_DATE, 5 UTC_TIME. */
static int ev_now(xprog *p, const xnode *n, xval *out)
{
    if (!p->ctx) return xfail(p, BS_EINVAL, "no evaluation context for %s()", n->name);
    int64_t us = p->ctx->now_usec, sec = us / 1000000, frac = us % 1000000;
    if (frac < 0) frac += 1000000, sec--;
    xtime t;
    bool utc = n->ival >= 3;
    xtime_from_utc(sec, (uint32_t)frac, utc ? NULL : p->tz, &t);
    int fsp = n->tp.decimal < 0 ? 0 : n->tp.decimal;
    static const uint32_t p10[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    t.usec = t.usec / p10[fsp] * p10[fsp];
    t.fsp = (int8_t)fsp;
    switch (n->ival % 3) {
    case 1:
        t.tp = BS_TYPE_DATE;
        t.hour = t.minute = t.second = 0;
        t.usec = 0;
        return ret_time(out, &t);
    case 2:
        memset(out, 0, sizeof *out);
        out->v.dur.us = (((int64_t)t.hour * 60 + t.minute) * 60 + t.second) * 1000000 + t.usec;
        out->v.dur.fsp = (int8_t)fsp;
        return 0;
    default: t.tp = BS_TYPE_DATETIME; return ret_time(out, &t);
    }
}

static xnode *fb_now(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs, const xast *call)
{
    int fsp = 0;
    if (nargs) {
        if (args[0]->eval != xeval_const || xet_of(&args[0]->tp) != XET_INT || args[0]->cval.null ||
            args[0]->cval.v.i < 0 || args[0]->cval.v.i > 6) {
            xbuild_fail(b, BS_EINVAL, call->off,
                        "Too-big precision specified for '%s'. Maximum is 6.", f->name);
            return NULL;
        }
        fsp = (int)args[0]->cval.v.i;
    }
    xtype t;
    int kind = f->ival % 3;
    xtype_init(&t, kind == 1 ? BS_TYPE_DATE : kind == 2 ? BS_TYPE_TIME : BS_TYPE_DATETIME);
    t.decimal = (int8_t)(kind == 1 ? 0 : fsp);
    return new_call(b, f, &t, 0, call);
}

/* Parts of a DATETIME: ival picks. */
enum { P_YEAR, P_MONTH, P_DAY, P_DAYOFWEEK, P_DAYOFYEAR, P_WEEKDAY, P_QUARTER, P_TO_DAYS, P_WEEK };

static int ev_date_part(xprog *p, const xnode *n, xval *out)
{
    xval v;
    ARG(0, &v);
    if (v.null) return ret_null(out);
    const xtime *t = &v.v.t;
    bool needs_date =
        n->ival != P_YEAR && n->ival != P_MONTH && n->ival != P_DAY && n->ival != P_QUARTER;
    if (needs_date && (!t->month || !t->day)) {
        xwarn(p, "Incorrect datetime value");
        return ret_null(out);
    }
    switch (n->ival) {
    case P_YEAR: return ret_int(out, t->year);
    case P_MONTH: return ret_int(out, t->month);
    case P_DAY: return ret_int(out, t->day);
    case P_DAYOFWEEK: return ret_int(out, (xtime_weekday(t) + 1) % 7 + 1);
    case P_DAYOFYEAR:
        return ret_int(out,
                       xtime_daynr(t->year, t->month, t->day) - xtime_daynr(t->year, 1, 1) + 1);
    case P_WEEKDAY: return ret_int(out, xtime_weekday(t));
    case P_QUARTER: return ret_int(out, (t->month + 2) / 3);
    case P_TO_DAYS: return ret_int(out, xtime_daynr(t->year, t->month, t->day));
    default: {
        int mode = 0, y;
        if (n->nargs > 1) {
            xval m;
            ARG(1, &m);
            if (m.null) return ret_null(out);
            mode = (int)(m.v.i & 7);
        }
        /* MySQL's week_mode(): mode 1, 3, ... are Monday-first; bit 0 of the
         * user mode flips the first-weekday rule */
        int wm = mode & 7;
        if (!(wm & 1)) wm ^= 4;
        return ret_int(out, xtime_week(t, wm, &y));
    }
    }
}

/* Parts of a TIME: ival 0 hour, 1 minute, 2 second, 3 microsecond. */
static int ev_time_part(xprog *p, const xnode *n, xval *out)
{
    xval v;
    ARG(0, &v);
    if (v.null) return ret_null(out);
    int64_t a = v.v.dur.us < 0 ? -v.v.dur.us : v.v.dur.us, s = a / 1000000;
    switch (n->ival) {
    case 0: return ret_int(out, s / 3600);
    case 1: return ret_int(out, s / 60 % 60);
    case 2: return ret_int(out, s % 60);
    default: return ret_int(out, a % 1000000);
    }
}

static int ev_date(xprog *p, const xnode *n, xval *out)
{
    ARG(0, out);
    if (out->null) return 0;
    out->v.t.tp = BS_TYPE_DATE;
    out->v.t.hour = out->v.t.minute = out->v.t.second = 0;
    out->v.t.usec = 0;
    out->v.t.fsp = 0;
    return 0;
}

static int ev_time(xprog *p, const xnode *n, xval *out)
{
    return xarg(p, n, 0, out);
}

static xnode *fb_time(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs, const xast *call)
{
    (void)nargs;
    xtype t;
    xtype_init(&t, BS_TYPE_TIME);
    t.decimal = (int8_t)expr_fsp(args[0]);
    xnode *n = new_call(b, f, &t, 1, call);
    if (!n || !(n->args[0] = xcast_to_type(b, args[0], &t, false))) return NULL;
    return n;
}

/* The interval of DATE_ADD: value node args[1], unit in n->ival. */
static int eval_interval(xprog *p, const xnode *n, xinterval *iv, bool *null)
{
    xval v;
    ARG(1, &v);
    *null = v.null;
    if (v.null) return 0;
    int unit = n->ival;
    const xnode *a = n->args[1];
    int et = xet_of(&a->tp);
    char buf[XDEC_TEXT_MAX];
    const char *s;
    size_t len;
    if (et == XET_STRING && !(a->tp.flags & XF_BINLIT)) {
        s = v.v.s.p;
        len = v.v.s.n;
    } else if (et == XET_DECIMAL || et == XET_REAL) {
        xdec d;
        if (et == XET_REAL)
            xdec_from_double(&d, v.v.d);
        else
            d = v.v.dec;
        bool simple = unit <= XU_YEAR;
        if (simple && unit != XU_SECOND) {
            /* a whole number of the unit, rounded like MySQL's val_int */
            xdec r;
            xdec_round(&d, &r, 0, XROUND_HALF_UP);
            d = r;
        }
        len = xdec_to_str(&d, buf);
        s = buf;
    } else {
        int64_t i;
        if (et == XET_INT)
            i = v.v.i;
        else {
            const char *ts;
            size_t tl;
            int rc = xconv_to_str(p, a, &v, &ts, &tl);
            if (rc) return rc;
            xconv_str_to_i64(p, ts, tl, false, false, &i);
        }
        if (a->tp.flags & XF_UNSIGNED)
            len = (size_t)snprintf(buf, sizeof buf, "%llu", (unsigned long long)i);
        else
            len = (size_t)snprintf(buf, sizeof buf, "%lld", (long long)i);
        s = buf;
    }
    if (xinterval_parse(s, len, unit, iv)) {
        xwarn(p, "Incorrect INTERVAL value: '%.*s'", (int)(len < 60 ? len : 60), s);
        *null = true;
    }
    return 0;
}

/* DATE_ADD family: flags bit 1 subtract, bit 2 the date was a string (the
 * result is text), bit 4 a TIME argument. */
static int ev_date_add(xprog *p, const xnode *n, xval *out)
{
    xval d;
    ARG(0, &d);
    if (d.null) return ret_null(out);
    xinterval iv;
    bool null;
    int rc = eval_interval(p, n, &iv, &null);
    if (rc) return rc;
    if (null) return ret_null(out);
    bool sub = n->flags & 1;
    if (n->flags & 4) {
        if (iv.months) return ret_null(out);
        int64_t us = d.v.dur.us + ((iv.neg != sub) ? -iv.us : iv.us);
        if (us > XDUR_MAX_US || us < -XDUR_MAX_US) {
            xwarn(p, "Datetime function: time field overflow");
            return ret_null(out);
        }
        memset(out, 0, sizeof *out);
        out->v.dur.us = us;
        out->v.dur.fsp = n->tp.decimal;
        return 0;
    }
    xtime t;
    bool text_date = false, text_frac = false;
    bool iv_frac = iv.us % 1000000 != 0;
    if (n->flags & 2) {
        /* text in: parse it here to know whether it was a date only */
        const char *s = d.v.s.p;
        size_t len = d.v.s.n;
        if (xtime_parse(s, len, BS_TYPE_DATETIME, 6, p->tz, &t)) {
            xwarn(p, "Incorrect datetime value: '%.*s'", (int)(len < 60 ? len : 60), s);
            return ret_null(out);
        }
        text_date = !memchr(s, ':', len) && !t.hour && !t.minute && !t.second && !t.usec;
        text_frac = memchr(s, '.', len) && memchr(s, ':', len);
        for (size_t i = 0, run = 0; i < len; i++) {
            run = (s[i] >= '0' && s[i] <= '9') ? run + 1 : 0;
            if (run > 8) text_date = false; /* YYYYMMDDHHMMSS */
        }
        t.tp = text_date ? BS_TYPE_DATE : BS_TYPE_DATETIME;
    } else {
        t = d.v.t;
    }
    if (!t.month || !t.day) {
        xwarn(p, "Incorrect datetime value");
        return ret_null(out);
    }
    if (xtime_add_interval(&t, &iv, sub)) {
        xwarn(p, "Datetime function: datetime field overflow");
        return ret_null(out);
    }
    bool date_unit = n->ival == XU_DAY || n->ival == XU_WEEK || n->ival == XU_MONTH ||
                     n->ival == XU_QUARTER || n->ival == XU_YEAR || n->ival == XU_YEAR_MONTH;
    if (n->flags & 2) {
        /* text in, text out: a date stays a date for date units */
        t.tp = (text_date && date_unit) ? BS_TYPE_DATE : BS_TYPE_DATETIME;
        if (t.tp == BS_TYPE_DATETIME) t.fsp = (int8_t)(text_frac || iv_frac ? 6 : 0);
        char buf[32];
        size_t len = xtime_format(&t, buf);
        char *o = xstrdup(p, buf, len);
        return o ? ret_str(out, o, len) : nomem(p);
    }
    t.tp = n->tp.tp;
    t.fsp = n->tp.decimal < 0 ? 0 : n->tp.decimal;
    if (t.tp == BS_TYPE_DATE) t.hour = t.minute = t.second = 0, t.usec = 0;
    return ret_time(out, &t);
}

static bool date_unit(int u)
{
    return u == XU_DAY || u == XU_WEEK || u == XU_MONTH || u == XU_QUARTER || u == XU_YEAR ||
           u == XU_YEAR_MONTH;
}

static xnode *fb_date_add(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs, const xast *call)
{
    (void)nargs;
    int unit = call_unit(call, 1);
    if (!strcmp(f->name, "timestampadd")) {
        /* TIMESTAMPADD(unit, n, d): d is the second argument */
        xnode *tmp = args[0];
        args[0] = args[1];
        args[1] = tmp;
    }
    xnode *d = args[0];
    int et = xet_of(&d->tp);
    bool fraction_unit = unit == XU_MICROSECOND || unit == XU_SECOND_MICROSECOND ||
                         unit == XU_MINUTE_MICROSECOND || unit == XU_HOUR_MICROSECOND ||
                         unit == XU_DAY_MICROSECOND;
    int ivet = xet_of(&args[1]->tp);
    bool iv_frac = fraction_unit || (unit == XU_SECOND && ivet != XET_INT);
    xtype t, arg;
    uint8_t flags = (uint8_t)(strstr(f->name, "sub") ? 1 : 0);
    if (et == XET_DURATION) {
        xtype_init(&t, BS_TYPE_TIME);
        t.decimal = (int8_t)(iv_frac ? 6 : (d->tp.decimal < 0 ? 0 : d->tp.decimal));
        arg = d->tp;
        flags |= 4;
    } else if (et == XET_STRING || et == XET_JSON) {
        xtype_string(&t, XCOLL_UTF8MB4_BIN, XCOER_COERCIBLE);
        arg = t;
        flags |= 2;
    } else {
        bool is_date =
            d->tp.tp == BS_TYPE_DATE || et == XET_INT || et == XET_REAL || et == XET_DECIMAL;
        xtype_init(&t, (is_date && date_unit(unit)) ? BS_TYPE_DATE : BS_TYPE_DATETIME);
        int fsp = xtype_temporal(&d->tp) && d->tp.decimal > 0 ? d->tp.decimal : 0;
        if (iv_frac) fsp = 6;
        t.decimal = (int8_t)(t.tp == BS_TYPE_DATE ? 0 : fsp);
        xtype_init(&arg, BS_TYPE_DATETIME);
        arg.decimal = (int8_t)(xtype_temporal(&d->tp) && d->tp.decimal > 0 ? d->tp.decimal : 6);
    }
    xnode *n = new_call(b, f, &t, 2, call);
    if (!n) return NULL;
    n->ival = unit;
    n->flags = flags;
    if (flags & 4)
        n->args[0] = d;
    else if (!(n->args[0] = xcast_to_type(b, d, &arg, false)))
        return NULL;
    if ((flags & 2) && !(n->args[0] = xcast_to(b, d, XET_STRING))) return NULL;
    n->args[1] = args[1];
    return n;
}

static int ev_datediff(xprog *p, const xnode *n, xval *out)
{
    xval a, b;
    ARG(0, &a);
    ARG(1, &b);
    if (a.null || b.null) return ret_null(out);
    if (!a.v.t.month || !a.v.t.day || !b.v.t.month || !b.v.t.day) {
        xwarn(p, "Incorrect datetime value");
        return ret_null(out);
    }
    return ret_int(out, xtime_daynr(a.v.t.year, a.v.t.month, a.v.t.day) -
                            xtime_daynr(b.v.t.year, b.v.t.month, b.v.t.day));
}

static int64_t us_since_epoch0(const xtime *t)
{
    return (xtime_daynr(t->year, t->month, t->day) * 86400 + t->hour * 3600 + t->minute * 60 +
            t->second) *
               1000000 +
           t->usec;
}

static int ev_timestampdiff(xprog *p, const xnode *n, xval *out)
{
    xval a, b;
    ARG(0, &a);
    ARG(1, &b);
    if (a.null || b.null) return ret_null(out);
    const xtime *t1 = &a.v.t, *t2 = &b.v.t;
    if (!t1->month || !t1->day || !t2->month || !t2->day) {
        xwarn(p, "Incorrect datetime value");
        return ret_null(out);
    }
    int unit = n->ival;
    if (unit == XU_MONTH || unit == XU_QUARTER || unit == XU_YEAR) {
        /* whole months between, MySQL's way: the day and time decide the last one */
        const xtime *lo = t1, *hi = t2;
        bool neg = xtime_cmp(t1, t2) > 0;
        if (neg) lo = t2, hi = t1;
        int64_t months = ((int64_t)hi->year - lo->year) * 12 + (hi->month - lo->month);
        xtime hl = *hi, ll = *lo;
        hl.year = ll.year = 0, hl.month = ll.month = 0;
        if (months > 0 && xtime_cmp(&hl, &ll) < 0) months--;
        if (neg) months = -months;
        return ret_int(out, unit == XU_MONTH     ? months
                            : unit == XU_QUARTER ? months / 3
                                                 : months / 12);
    }
    int64_t diff = us_since_epoch0(t2) - us_since_epoch0(t1);
    static const int64_t scale[] = {
        [XU_MICROSECOND] = 1,     [XU_SECOND] = 1000000,    [XU_MINUTE] = 60000000,
        [XU_HOUR] = 3600000000LL, [XU_DAY] = 86400000000LL, [XU_WEEK] = 604800000000LL};
    return ret_int(out, diff / scale[unit]);
}

static xnode *fb_timestampdiff(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs,
                               const xast *call)
{
    (void)nargs;
    xtype t, arg;
    xtype_init(&t, BS_TYPE_LONGLONG);
    xtype_init(&arg, BS_TYPE_DATETIME);
    arg.decimal = 6;
    xnode *n = new_call(b, f, &t, 2, call);
    if (!n) return NULL;
    n->ival = call->ival;
    for (int i = 0; i < 2; i++)
        if (!(n->args[i] = xcast_to_type(b, args[i], &arg, false))) return NULL;
    return n;
}

static int ev_timediff(xprog *p, const xnode *n, xval *out)
{
    xval a, b;
    ARG(0, &a);
    ARG(1, &b);
    if (a.null || b.null) return ret_null(out);
    int64_t us;
    if (xet_of(&n->args[0]->tp) == XET_DURATION) {
        us = a.v.dur.us - b.v.dur.us;
    } else {
        us = us_since_epoch0(&a.v.t) - us_since_epoch0(&b.v.t);
    }
    memset(out, 0, sizeof *out);
    if (us > XDUR_MAX_US || us < -XDUR_MAX_US) {
        xwarn(p, "Truncated incorrect time value");
        us = us > 0 ? XDUR_MAX_US / 1000000 * 1000000 : -(XDUR_MAX_US / 1000000 * 1000000);
    }
    out->v.dur.us = us;
    out->v.dur.fsp = n->tp.decimal;
    return 0;
}

static xnode *fb_timediff(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs, const xast *call)
{
    (void)nargs;
    /* both TIME, or both DATETIME; text that looks like a time is a TIME */
    bool dur = true;
    for (int i = 0; i < 2; i++) {
        const xnode *a = args[i];
        if (xtype_time(&a->tp)) dur = false;
        if (xet_of(&a->tp) == XET_STRING && a->eval == xeval_const &&
            memchr(a->cval.v.s.p, '-', a->cval.v.s.n))
            dur = false;
        if (xet_of(&a->tp) != XET_STRING && xet_of(&a->tp) != XET_DURATION && !xtype_time(&a->tp))
            dur = dur && true;
    }
    xtype t, arg;
    xtype_init(&t, BS_TYPE_TIME);
    t.decimal = 6;
    int f0 = expr_fsp(args[0]), f1 = expr_fsp(args[1]);
    t.decimal = (int8_t)(f0 > f1 ? f0 : f1);
    xtype_init(&arg, dur ? BS_TYPE_TIME : BS_TYPE_DATETIME);
    arg.decimal = 6;
    xnode *n = new_call(b, f, &t, 2, call);
    if (!n) return NULL;
    for (int i = 0; i < 2; i++)
        if (!(n->args[i] = xcast_to_type(b, args[i], &arg, false))) return NULL;
    return n;
}

static int ev_unix_timestamp(xprog *p, const xnode *n, xval *out)
{
    memset(out, 0, sizeof *out);
    if (n->nargs == 0) {
        if (!p->ctx) return xfail(p, BS_EINVAL, "no evaluation context");
        int64_t s = p->ctx->now_usec / 1000000;
        return ret_int(out, s);
    }
    xval v;
    ARG(0, &v);
    if (v.null) return ret_null(out);
    if (p->folding) return xfail(p, BS_EINVAL, "depends on the zone");
    int64_t s = xtime_to_utc(&v.v.t, p->tz);
    if (s < 0 || s > 32536771199LL || xtime_is_zero(&v.v.t)) s = 0, v.v.t.usec = 0;
    if (xet_of(&n->tp) == XET_INT) return ret_int(out, s);
    char buf[48];
    int len = snprintf(buf, sizeof buf, "%lld.%06u", (long long)s, v.v.t.usec);
    xdec_from_str(&out->v.dec, buf, (size_t)len, NULL);
    xdec r;
    xdec_round(&out->v.dec, &r, n->tp.decimal, XROUND_HALF_UP);
    out->v.dec = r;
    return 0;
}

static xnode *fb_unix_timestamp(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs,
                                const xast *call)
{
    xtype t, arg;
    int fsp = 0;
    if (nargs) {
        const xtype *a = &args[0]->tp;
        if (xet_of(a) == XET_DECIMAL)
            fsp = a->decimal > 6 ? 6 : a->decimal > 0 ? a->decimal : 0;
        else
            fsp = expr_fsp(args[0]);
    }
    if (fsp) {
        xtype_init(&t, BS_TYPE_NEWDECIMAL);
        t.decimal = (int8_t)fsp;
    } else {
        xtype_init(&t, BS_TYPE_LONGLONG);
    }
    xnode *n = new_call(b, f, &t, nargs, call);
    if (!n) return NULL;
    if (nargs) {
        xtype_init(&arg, BS_TYPE_DATETIME);
        arg.decimal = (int8_t)(fsp ? 6 : 0);
        if (!(n->args[0] = xcast_to_type(b, args[0], &arg, false))) return NULL;
    }
    return n;
}

static int ev_from_unixtime(xprog *p, const xnode *n, xval *out)
{
    xval v;
    ARG(0, &v);
    if (v.null) return ret_null(out);
    if (p->folding) return xfail(p, BS_EINVAL, "depends on the zone");
    const xdec *d = &v.v.dec;
    int64_t s;
    if (d->neg && !xdec_is_zero(d)) return ret_null(out);
    if (xdec_to_i64(d, &s) == XDEC_OVERFLOW || s > 32536771199LL) return ret_null(out);
    xdec ip, fr;
    xdec_from_i64(&ip, s);
    xdec_sub(d, &ip, &fr);
    char buf[XDEC_TEXT_MAX];
    xdec_to_str(&fr, buf);
    uint32_t us = 0;
    const char *dot = strchr(buf, '.');
    for (int k = 1, digits = dot != NULL; k <= 6; k++) { /* stop at the end of the digits */
        digits = digits && dot[k] >= '0' && dot[k] <= '9';
        us = us * 10 + (digits ? (uint32_t)(dot[k] - '0') : 0);
    }
    xtime t;
    xtime_from_utc(s, us, p->tz, &t);
    t.tp = BS_TYPE_DATETIME;
    int fsp = n->nargs > 1 ? 6 : (n->tp.decimal < 0 ? 0 : n->tp.decimal);
    xtime_round(&t, fsp);
    if (n->nargs > 1) {
        xval f;
        ARG(1, &f);
        if (f.null) return ret_null(out);
        char *o;
        size_t len;
        if (xtime_date_format(p, &t, f.v.s.p, f.v.s.n, &o, &len)) return nomem(p);
        return ret_str(out, o, len);
    }
    return ret_time(out, &t);
}

static xnode *fb_from_unixtime(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs,
                               const xast *call)
{
    xtype t;
    int fsp = 0;
    const xtype *a = &args[0]->tp;
    if (xet_of(a) == XET_DECIMAL)
        fsp = a->decimal > 6 ? 6 : a->decimal > 0 ? a->decimal : 0;
    else if (xet_of(a) != XET_INT)
        fsp = 6;
    if (nargs > 1)
        xtype_string(&t, XCOLL_UTF8MB4_BIN, XCOER_COERCIBLE);
    else {
        xtype_init(&t, BS_TYPE_DATETIME);
        t.decimal = (int8_t)fsp;
    }
    xnode *n = new_call(b, f, &t, nargs, call);
    if (!n || !(n->args[0] = xcast_to(b, args[0], XET_DECIMAL))) return NULL;
    if (nargs > 1 && !(n->args[1] = xcast_to(b, args[1], XET_STRING))) return NULL;
    return n;
}

static int ev_date_format(xprog *p, const xnode *n, xval *out)
{
    xval d, f;
    ARG(0, &d);
    ARG(1, &f);
    if (d.null || f.null) return ret_null(out);
    char *o;
    size_t len;
    if (xtime_date_format(p, &d.v.t, f.v.s.p, f.v.s.n, &o, &len)) return nomem(p);
    return ret_str(out, o, len);
}

static int ev_str_to_date(xprog *p, const xnode *n, xval *out)
{
    xval s, f;
    ARG(0, &s);
    ARG(1, &f);
    if (s.null || f.null) return ret_null(out);
    xtime t;
    bool has_date, has_time;
    if (xtime_str_to_date(s.v.s.p, s.v.s.n, f.v.s.p, f.v.s.n, &t, &has_date, &has_time)) {
        xwarn(p, "Incorrect datetime value: '%.*s' for function str_to_date",
              (int)(s.v.s.n < 60 ? s.v.s.n : 60), s.v.s.p);
        return ret_null(out);
    }
    memset(out, 0, sizeof *out);
    if (n->tp.tp == BS_TYPE_TIME) {
        out->v.dur.us = (((int64_t)t.hour * 60 + t.minute) * 60 + t.second) * 1000000 + t.usec;
        out->v.dur.fsp = n->tp.decimal;
        return 0;
    }
    t.tp = n->tp.tp;
    t.fsp = n->tp.decimal < 0 ? 0 : n->tp.decimal;
    if (t.tp == BS_TYPE_DATE) t.hour = t.minute = t.second = 0, t.usec = 0;
    return ret_time(out, &t);
}

static xnode *fb_str_to_date(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs,
                             const xast *call)
{
    (void)nargs;
    xtype t;
    xtype_init(&t, BS_TYPE_DATETIME);
    t.decimal = 6;
    const xnode *fmt = args[1];
    if (fmt->eval == xeval_const && !fmt->cval.null && xet_of(&fmt->tp) == XET_STRING) {
        bool date = false, time = false, frac = false;
        const char *s = fmt->cval.v.s.p;
        for (size_t i = 0; i + 1 < fmt->cval.v.s.n; i++) {
            if (s[i] != '%') continue;
            char c = s[++i];
            if (strchr("YyMmcbDdejaWUuVvXxw", c)) date = true;
            if (strchr("HhIiklpSsTrf", c)) time = true;
            if (c == 'f') frac = true;
        }
        if (date && !time)
            xtype_init(&t, BS_TYPE_DATE), t.decimal = 0;
        else if (time && !date)
            xtype_init(&t, BS_TYPE_TIME), t.decimal = (int8_t)(frac ? 6 : 0);
        else
            t.decimal = (int8_t)(frac ? 6 : 0);
    }
    xnode *n = new_call(b, f, &t, 2, call);
    if (!n) return NULL;
    for (int i = 0; i < 2; i++)
        if (!(n->args[i] = xcast_to(b, args[i], XET_STRING))) return NULL;
    return n;
}

static int ev_last_day(xprog *p, const xnode *n, xval *out)
{
    xval v;
    ARG(0, &v);
    if (v.null) return ret_null(out);
    xtime t = v.v.t;
    if (!t.month) {
        xwarn(p, "Incorrect datetime value");
        return ret_null(out);
    }
    t.day = (uint8_t)xtime_days_in_month(t.year, t.month);
    t.tp = BS_TYPE_DATE;
    t.hour = t.minute = t.second = 0;
    t.usec = 0;
    t.fsp = 0;
    return ret_time(out, &t);
}

static int ev_extract(xprog *p, const xnode *n, xval *out)
{
    xval v;
    ARG(0, &v);
    if (v.null) return ret_null(out);
    int unit = n->ival;
    if (xet_of(&n->args[0]->tp) == XET_DURATION) {
        int64_t a = v.v.dur.us < 0 ? -v.v.dur.us : v.v.dur.us, s = a / 1000000;
        int64_t h = s / 3600, m = s / 60 % 60, sec = s % 60, us = a % 1000000, r;
        switch (unit) {
        case XU_HOUR: r = h; break;
        case XU_MINUTE: r = m; break;
        case XU_SECOND: r = sec; break;
        case XU_MICROSECOND: r = us; break;
        case XU_SECOND_MICROSECOND: r = sec * 1000000 + us; break;
        case XU_MINUTE_MICROSECOND: r = (m * 100 + sec) * 1000000 + us; break;
        case XU_MINUTE_SECOND: r = m * 100 + sec; break;
        case XU_HOUR_MICROSECOND: r = (h * 10000 + m * 100 + sec) * 1000000 + us; break;
        case XU_HOUR_SECOND: r = h * 10000 + m * 100 + sec; break;
        default: r = h * 100 + m; break; /* HOUR_MINUTE */
        }
        return ret_int(out, v.v.dur.us < 0 ? -r : r);
    }
    const xtime *t = &v.v.t;
    int64_t us = t->usec, y, day = t->day, hour = t->hour, min = t->minute, sec = t->second;
    int wy;
    switch (unit) {
    case XU_YEAR: y = t->year; break;
    case XU_QUARTER: y = (t->month + 2) / 3; break;
    case XU_MONTH: y = t->month; break;
    case XU_WEEK: y = xtime_week(t, 4, &wy); break;
    case XU_DAY: y = t->day; break;
    case XU_YEAR_MONTH: y = t->year * 100 + t->month; break;
    case XU_DAY_HOUR: y = day * 100 + hour; break;
    case XU_DAY_MINUTE: y = (day * 100 + hour) * 100 + min; break;
    case XU_DAY_SECOND: y = ((day * 100 + hour) * 100 + min) * 100 + sec; break;
    default: /* DAY_MICROSECOND */
        y = (((day * 100 + hour) * 100 + min) * 100 + sec) * 1000000 + us;
        break;
    }
    return ret_int(out, y);
}

static xnode *fb_extract(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs, const xast *call)
{
    (void)nargs;
    int unit = call->ival;
    bool datey = unit == XU_YEAR || unit == XU_QUARTER || unit == XU_MONTH || unit == XU_WEEK ||
                 unit == XU_DAY || unit == XU_YEAR_MONTH || unit == XU_DAY_HOUR ||
                 unit == XU_DAY_MINUTE || unit == XU_DAY_SECOND || unit == XU_DAY_MICROSECOND;
    xtype t, arg;
    xtype_init(&t, BS_TYPE_LONGLONG);
    xnode *n = new_call(b, f, &t, 1, call);
    if (!n) return NULL;
    n->ival = unit;
    xtype_init(&arg, datey ? BS_TYPE_DATETIME : BS_TYPE_TIME);
    arg.decimal = 6;
    if (!datey && xtype_time(&args[0]->tp)) {
        /* a DATETIME's clock part */
        xtype_init(&arg, BS_TYPE_TIME);
        arg.decimal = args[0]->tp.decimal < 0 ? 0 : args[0]->tp.decimal;
    }
    if (!(n->args[0] = xcast_to_type(b, args[0], &arg, false))) return NULL;
    return n;
}

/* ---- JSON ---- */

/* Paths given as constants are parsed once; others at each call. */
static int get_paths(xprog *p, const xnode *n, uint16_t first, xjpath **out, bool *null)
{
    uint16_t count = (uint16_t)(n->nargs - first);
    *null = false;
    if (n->aux) {
        *out = n->aux;
        return 0;
    }
    xjpath *paths = xalloc(p, sizeof *paths * (count ? count : 1));
    if (!paths) return nomem(p);
    for (uint16_t i = 0; i < count; i++) {
        xval v;
        ARG(first + i, &v);
        if (v.null) {
            *null = true;
            return 0;
        }
        int rc = xjson_path_parse(p, v.v.s.p, v.v.s.n, &paths[i]);
        if (rc) return rc;
    }
    *out = paths;
    return 0;
}

/* Parse constant paths at build time (a bad one is TiDB's error on the
 * first row). */
static bool const_paths(xbuild *b, xnode *n, uint16_t first)
{
    for (uint16_t i = first; i < n->nargs; i++)
        if (n->args[i]->eval != xeval_const || n->args[i]->cval.null) return true;
    xprog *p = b->p;
    bs_error e;
    bs_error_clear(&e);
    bs_error *saved = p->err;
    p->err = &e;
    xjpath *paths = NULL;
    bool null;
    int rc = get_paths(p, n, first, &paths, &null);
    p->err = saved;
    if (rc) {
        xbuild_fail(b, BS_EINVAL, n->off, "%s", e.message);
        return false;
    }
    n->aux = paths;
    return true;
}

static int ev_json_extract(xprog *p, const xnode *n, xval *out)
{
    xval doc;
    ARG(0, &doc);
    if (doc.null) return ret_null(out);
    xjpath *paths;
    bool null;
    int rc = get_paths(p, n, 1, &paths, &null);
    if (rc) return rc;
    if (null) return ret_null(out);
    const xjson *r;
    if (xjson_extract(p, doc.v.j, paths, (uint32_t)(n->nargs - 1), &r)) return nomem(p);
    if (!r) return ret_null(out);
    memset(out, 0, sizeof *out);
    out->v.j = r;
    return 0;
}

static xnode *fb_json_paths(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs,
                            const xast *call)
{
    xnode *n = fb_sig(b, f, args, nargs, call);
    if (!n) return NULL;
    uint16_t first = !strcmp(f->name, "json_contains") ? 2 : 1;
    if (!const_paths(b, n, first)) return NULL;
    if (n->aux && !strcmp(f->name, "json_contains") && nargs > 2 &&
        ((xjpath *)n->aux)[0].wildcard) {
        xbuild_fail(b, BS_EINVAL, call->off,
                    "In this situation, path expressions may not contain the * and ** tokens.");
        return NULL;
    }
    return n;
}

static int ev_json_unquote(xprog *p, const xnode *n, xval *out)
{
    xval v;
    ARG(0, &v);
    if (v.null) return ret_null(out);
    const char *s = v.v.s.p;
    size_t len = v.v.s.n;
    if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
        const xjson *j;
        if (xjson_parse(p, s, len, &j)) return p->err->code;
        return ret_str(out, j->v.s.p, j->v.s.n);
    }
    return ret_str(out, s, len);
}

/* The optional one-path argument of JSON_LENGTH / JSON_CONTAINS (argument
 * arg): narrows *doc to the value at that path. 0 when *doc is the value to
 * use, 1 when the result is NULL (NULL path, nothing at the path), or a
 * negative error (a wildcard path, which TiDB rejects here). */
static int at_optional_path(xprog *p, const xnode *n, uint16_t arg, const xjson **doc)
{
    if (n->nargs <= arg) return 0;
    xjpath *paths;
    bool null;
    int rc = get_paths(p, n, arg, &paths, &null);
    if (rc) return rc;
    if (null) return 1;
    if (paths[0].wildcard)
        return xfail(p, BS_EINVAL,
                     "In this situation, path expressions may not contain the * and ** tokens.");
    if (xjson_extract(p, *doc, paths, 1, doc)) return nomem(p);
    return *doc ? 0 : 1;
}

static int ev_json_length(xprog *p, const xnode *n, xval *out)
{
    xval doc;
    ARG(0, &doc);
    if (doc.null) return ret_null(out);
    const xjson *j = doc.v.j;
    int rc = at_optional_path(p, n, 1, &j);
    if (rc) return rc < 0 ? rc : ret_null(out);
    return ret_int(out, j->t == XJ_ARRAY || j->t == XJ_OBJECT ? j->n : 1);
}

static int ev_json_type(xprog *p, const xnode *n, xval *out)
{
    xval doc;
    ARG(0, &doc);
    if (doc.null) return ret_null(out);
    const char *t = xjson_type_name(doc.v.j);
    return ret_str(out, t, strlen(t));
}

static int ev_json_contains(xprog *p, const xnode *n, xval *out)
{
    xval t, c;
    ARG(0, &t);
    ARG(1, &c);
    if (t.null || c.null) return ret_null(out);
    const xjson *target = t.v.j;
    int rc = at_optional_path(p, n, 2, &target);
    if (rc) return rc < 0 ? rc : ret_null(out);
    return ret_int(out, xjson_contains(target, c.v.j));
}

static xnode *fb_json_text(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs,
                           const xast *call)
{
    /* JSON_UNQUOTE reads its argument as text: a JSON value's rendering */
    xnode *n = fb_sig(b, f, args, nargs, call);
    if (n) n->tp.coll = XCOLL_UTF8MB4_BIN;
    return n;
}

/* ---- the table ---- */

#define SIG(name, min, max, ev, sig, ival, coll)                                                   \
    {                                                                                              \
        name, min, max, fb_sig, ev, sig, ival, 0, coll                                             \
    }
#define FN(name, min, max, build, ev, ival)                                                        \
    {                                                                                              \
        name, min, max, build, ev, NULL, ival, 0, 0                                                \
    }
#define CTX(name, min, max, build, ev, ival)                                                       \
    {                                                                                              \
        name, min, max, build, ev, NULL, ival, 1, 0                                                \
    }

static const xfunc funcs[] = {
    FN("if", 3, 3, fb_if, ev_if, 0),
    FN("ifnull", 2, 2, fb_coalesce, ev_coalesce, 0),
    FN("coalesce", 1, -1, fb_coalesce, ev_coalesce, 0),
    FN("nullif", 2, 2, fb_nullif, ev_nullif, 0),
    FN("greatest", 2, -1, fb_extremum, ev_extremum, 1),
    FN("least", 2, -1, fb_extremum, ev_extremum, 0),
    SIG("isnull", 1, 1, ev_isnull, "i:a", 0, 0),
    FN("abs", 1, 1, fb_abs, ev_abs, 0),
    FN("ceil", 1, 1, fb_ceil_floor, ev_ceil_floor, 1),
    FN("ceiling", 1, 1, fb_ceil_floor, ev_ceil_floor, 1),
    FN("floor", 1, 1, fb_ceil_floor, ev_ceil_floor, 0),
    FN("round", 1, 2, fb_round, ev_round, 0),
    FN("truncate", 2, 2, fb_round, ev_round, 1),
    FN("mod", 2, 2, fb_mod, NULL, 0),
    SIG("pow", 2, 2, ev_math, "r:r", MF_POW, 0),
    SIG("power", 2, 2, ev_math, "r:r", MF_POW, 0),
    SIG("sqrt", 1, 1, ev_math, "r:r", MF_SQRT, 0),
    FN("sign", 1, 1, fb_sign, ev_sign, 0),
    SIG("exp", 1, 1, ev_math, "r:r", MF_EXP, 0),
    SIG("ln", 1, 1, ev_math, "r:r", MF_LN, 0),
    SIG("log", 1, 2, ev_math, "r:r", MF_LOG, 0),
    SIG("log10", 1, 1, ev_math, "r:r", MF_LOG10, 0),
    SIG("log2", 1, 1, ev_math, "r:r", MF_LOG2, 0),
    FN("pi", 0, 0, fb_pi, ev_math, MF_PI),
    SIG("concat", 1, -1, ev_concat, "s:s", 0, 0xFF),
    SIG("concat_ws", 2, -1, ev_concat, "s:s", 1, 0xFF),
    SIG("length", 1, 1, ev_length, "i:s", 0, 0),
    SIG("octet_length", 1, 1, ev_length, "i:s", 0, 0),
    SIG("char_length", 1, 1, ev_length, "i:s", 1, 0),
    SIG("character_length", 1, 1, ev_length, "i:s", 1, 0),
    SIG("upper", 1, 1, ev_case_map, "s:s", 1, 1),
    SIG("ucase", 1, 1, ev_case_map, "s:s", 1, 1),
    SIG("lower", 1, 1, ev_case_map, "s:s", 0, 1),
    SIG("lcase", 1, 1, ev_case_map, "s:s", 0, 1),
    SIG("substring", 2, 3, ev_substr, "s:sii", 0, 1),
    SIG("substr", 2, 3, ev_substr, "s:sii", 0, 1),
    SIG("mid", 3, 3, ev_substr, "s:sii", 0, 1),
    SIG("left", 2, 2, ev_left_right, "s:si", 0, 1),
    SIG("right", 2, 2, ev_left_right, "s:si", 1, 1),
    {"trim", 1, 2, fb_trim, ev_trim, "s:s", 0, 0, 1},
    SIG("ltrim", 1, 1, ev_trim, "s:s", 2, 1),
    SIG("rtrim", 1, 1, ev_trim, "s:s", 3, 1),
    SIG("replace", 3, 3, ev_replace, "s:s", 0, 1),
    SIG("reverse", 1, 1, ev_reverse, "s:s", 0, 1),
    {"locate", 2, 3, fb_locate, ev_locate, "i:ssi", 0, 0, 0},
    {"instr", 2, 2, fb_locate, ev_locate, "i:s", 1, 0, 0},
    SIG("lpad", 3, 3, ev_pad, "s:sis", 0, 5),
    SIG("rpad", 3, 3, ev_pad, "s:sis", 1, 5),
    SIG("repeat", 2, 2, ev_repeat, "s:si", 0, 1),
    SIG("space", 1, 1, ev_repeat, "s:i", 1, 0),
    SIG("ascii", 1, 1, ev_ascii, "i:s", 0, 0),
    FN("hex", 1, 1, fb_hex, ev_hex, 0),
    SIG("unhex", 1, 1, ev_unhex, "b:s", 0, 0),
    {"strcmp", 2, 2, fb_collated_int, ev_strcmp, "i:s", 0, 0, 0},
    {"find_in_set", 2, 2, fb_collated_int, ev_find_in_set, "i:s", 0, 0, 0},
    SIG("bit_count", 1, 1, ev_bit_count, "i:i", 0, 0),
    SIG("inet_aton", 1, 1, ev_inet_aton, "u:s", 0, 0),
    SIG("inet_ntoa", 1, 1, ev_inet_ntoa, "s:i", 0, 0),
    CTX("now", 0, 1, fb_now, ev_now, 0),
    CTX("current_timestamp", 0, 1, fb_now, ev_now, 0),
    CTX("localtime", 0, 1, fb_now, ev_now, 0),
    CTX("localtimestamp", 0, 1, fb_now, ev_now, 0),
    CTX("sysdate", 0, 1, fb_now, ev_now, 0),
    CTX("curdate", 0, 0, fb_now, ev_now, 1),
    CTX("current_date", 0, 0, fb_now, ev_now, 1),
    CTX("curtime", 0, 1, fb_now, ev_now, 2),
    CTX("current_time", 0, 1, fb_now, ev_now, 2),
    CTX("utc_timestamp", 0, 1, fb_now, ev_now, 3),
    CTX("utc_date", 0, 0, fb_now, ev_now, 4),
    CTX("utc_time", 0, 1, fb_now, ev_now, 5),
    SIG("date", 1, 1, ev_date, "D:T", 0, 0),
    FN("time", 1, 1, fb_time, ev_time, 0),
    SIG("year", 1, 1, ev_date_part, "i:T", P_YEAR, 0),
    SIG("month", 1, 1, ev_date_part, "i:T", P_MONTH, 0),
    SIG("day", 1, 1, ev_date_part, "i:T", P_DAY, 0),
    SIG("dayofmonth", 1, 1, ev_date_part, "i:T", P_DAY, 0),
    SIG("dayofweek", 1, 1, ev_date_part, "i:T", P_DAYOFWEEK, 0),
    SIG("dayofyear", 1, 1, ev_date_part, "i:T", P_DAYOFYEAR, 0),
    SIG("weekday", 1, 1, ev_date_part, "i:T", P_WEEKDAY, 0),
    SIG("quarter", 1, 1, ev_date_part, "i:T", P_QUARTER, 0),
    SIG("to_days", 1, 1, ev_date_part, "i:T", P_TO_DAYS, 0),
    SIG("week", 1, 2, ev_date_part, "i:Ti", P_WEEK, 0),
    SIG("hour", 1, 1, ev_time_part, "i:t", 0, 0),
    SIG("minute", 1, 1, ev_time_part, "i:t", 1, 0),
    SIG("second", 1, 1, ev_time_part, "i:t", 2, 0),
    SIG("microsecond", 1, 1, ev_time_part, "i:t", 3, 0),
    FN("date_add", 2, 2, fb_date_add, ev_date_add, 0),
    FN("date_sub", 2, 2, fb_date_add, ev_date_add, 0),
    FN("adddate", 2, 2, fb_date_add, ev_date_add, 0),
    FN("subdate", 2, 2, fb_date_add, ev_date_add, 0),
    FN("timestampadd", 2, 2, fb_date_add, ev_date_add, 0),
    SIG("datediff", 2, 2, ev_datediff, "i:T", 0, 0),
    FN("timestampdiff", 2, 2, fb_timestampdiff, ev_timestampdiff, 0),
    FN("timediff", 2, 2, fb_timediff, ev_timediff, 0),
    CTX("unix_timestamp", 0, 1, fb_unix_timestamp, ev_unix_timestamp, 0),
    CTX("from_unixtime", 1, 2, fb_from_unixtime, ev_from_unixtime, 0),
    SIG("date_format", 2, 2, ev_date_format, "s:Ts", 0, 0),
    FN("str_to_date", 2, 2, fb_str_to_date, ev_str_to_date, 0),
    SIG("last_day", 1, 1, ev_last_day, "D:T", 0, 0),
    FN("extract", 1, 1, fb_extract, ev_extract, 0),
    {"json_extract", 2, -1, fb_json_paths, ev_json_extract, "j:js", 0, 0, 0},
    {"json_unquote", 1, 1, fb_json_text, ev_json_unquote, "s:s", 0, 0, 0},
    {"json_length", 1, 2, fb_json_paths, ev_json_length, "i:js", 0, 0, 0},
    SIG("json_type", 1, 1, ev_json_type, "s:j", 0, 0),
    {"json_contains", 2, 3, fb_json_paths, ev_json_contains, "i:jjs", 0, 0, 0},
};

const xfunc *xfunc_find(const char *name, size_t n)
{
    for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
        if (strlen(funcs[i].name) == n && !strncasecmp(funcs[i].name, name, n)) return &funcs[i];
    return NULL;
}

static bool in_list(const char *const *list, size_t count, const char *name, size_t n)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(list[i]) == n && !strncasecmp(list[i], name, n)) return true;
    return false;
}

bool xfunc_nondeterministic(const char *name, size_t n)
{
    static const char *const list[] = {"rand",
                                       "uuid",
                                       "uuid_short",
                                       "sleep",
                                       "connection_id",
                                       "last_insert_id",
                                       "row_count",
                                       "found_rows",
                                       "database",
                                       "schema",
                                       "user",
                                       "current_user",
                                       "session_user",
                                       "system_user",
                                       "current_role",
                                       "version",
                                       "tidb_version",
                                       "benchmark",
                                       "get_lock",
                                       "release_lock",
                                       "is_free_lock",
                                       "is_used_lock",
                                       "release_all_locks",
                                       "master_pos_wait",
                                       "random_bytes",
                                       "load_file",
                                       "tidb_current_tso",
                                       "tidb_is_ddl_owner",
                                       "current_resource_group",
                                       "getvar",
                                       "setvar"};
    return in_list(list, sizeof list / sizeof list[0], name, n);
}

bool xfunc_tidb_has(const char *name, size_t n)
{
    static const char *const list[] = {"acos",
                                       "addtime",
                                       "aes_decrypt",
                                       "aes_encrypt",
                                       "any_value",
                                       "asin",
                                       "atan",
                                       "atan2",
                                       "bin",
                                       "bin_to_uuid",
                                       "bit_length",
                                       "char",
                                       "charset",
                                       "coercibility",
                                       "collation",
                                       "compress",
                                       "conv",
                                       "convert_tz",
                                       "cos",
                                       "cot",
                                       "crc32",
                                       "dayname",
                                       "decode",
                                       "degrees",
                                       "des_decrypt",
                                       "des_encrypt",
                                       "elt",
                                       "encode",
                                       "encrypt",
                                       "export_set",
                                       "field",
                                       "format",
                                       "format_bytes",
                                       "format_nano_time",
                                       "from_base64",
                                       "from_days",
                                       "get_format",
                                       "grouping",
                                       "inet6_aton",
                                       "inet6_ntoa",
                                       "insert",
                                       "interval",
                                       "is_ipv4",
                                       "is_ipv4_compat",
                                       "is_ipv4_mapped",
                                       "is_ipv6",
                                       "is_uuid",
                                       "json_array",
                                       "json_array_append",
                                       "json_array_insert",
                                       "json_contains_path",
                                       "json_depth",
                                       "json_insert",
                                       "json_keys",
                                       "json_memberof",
                                       "json_merge",
                                       "json_merge_patch",
                                       "json_merge_preserve",
                                       "json_object",
                                       "json_overlaps",
                                       "json_pretty",
                                       "json_quote",
                                       "json_remove",
                                       "json_replace",
                                       "json_schema_valid",
                                       "json_search",
                                       "json_set",
                                       "json_storage_free",
                                       "json_storage_size",
                                       "json_valid",
                                       "makedate",
                                       "make_set",
                                       "maketime",
                                       "md5",
                                       "monthname",
                                       "name_const",
                                       "oct",
                                       "old_password",
                                       "ord",
                                       "password",
                                       "period_add",
                                       "period_diff",
                                       "quote",
                                       "radians",
                                       "regexp_instr",
                                       "regexp_like",
                                       "regexp_replace",
                                       "regexp_substr",
                                       "sec_to_time",
                                       "sha",
                                       "sha1",
                                       "sha2",
                                       "sin",
                                       "sm3",
                                       "substring_index",
                                       "subtime",
                                       "tan",
                                       "tidb_bounded_staleness",
                                       "tidb_decode_key",
                                       "tidb_decode_plan",
                                       "tidb_parse_tso",
                                       "time_format",
                                       "time_to_sec",
                                       "timestamp",
                                       "to_base64",
                                       "to_seconds",
                                       "translate",
                                       "uncompress",
                                       "uncompressed_length",
                                       "uuid_to_bin",
                                       "validate_password_strength",
                                       "vitess_hash",
                                       "weekofyear",
                                       "weight_string",
                                       "yearweek",
                                       "ilike",
                                       "convert",
                                       "cast",
                                       "default",
                                       "values"};
    return in_list(list, sizeof list / sizeof list[0], name, n);
}
