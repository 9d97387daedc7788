/*
 * expr_build.c - from the AST to typed nodes, the way TiDB builds them.
 *
 * Building walks the AST depth first, left to right (TiDB's expression
 * rewriter visits the same way), so the first problem met is the one
 * reported. Each node gets TiDB's field type; arguments are wrapped in cast
 * nodes so that every node evaluates in one eval type. The rules that decide
 * MySQL-visible results live here:
 *   - comparison types (xbuild_compare): getBaseCmpType, GetAccurateCmpType
 *     and refineArgs (YEAR vs integer constant, DATETIME column vs numeric
 *     constant);
 *   - arithmetic result types (numericContextResultType: temporals count as
 *     INT or DECIMAL by their fsp, BIT and hex literals as INT, other strings
 *     and ENUM/SET as REAL);
 *   - collation derivation (inferCollation's coercibility rules: a column
 *     beats a literal, binary beats a non-binary collation of the same
 *     coercibility, two different non-binary collations of one coercibility
 *     are an "illegal mix" error for comparisons);
 *   - control-flow result types (IF/IFNULL/COALESCE/CASE: MySQL's type merge,
 *     signed with unsigned integers giving DECIMAL).
 * Constant subtrees are folded by evaluating them (TiDB folds at build too);
 * a fold that fails keeps the expression, and functions that depend on the
 * evaluation context (NOW(), the session time zone) are never folded but
 * still count as constants where TiDB's rules ask "is it a Constant?".
 * An unknown column stops the build: the program becomes constant FALSE
 * (DM's behaviour), remembered for reports.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "binsift/value.h"
#include "rules/expr_internal.h"
#include "rules/rules_internal.h"

/* ---- program plumbing ---- */

void *xalloc(xprog *p, size_t n)
{
    if (p->folding || !p->evaluating) {
        void *m = bs_arena_alloc(&p->build, n ? n : 1);
        if (!m) xfail(p, BS_ENOMEM, "out of memory");
        return m;
    }
    if (n > XMAX_SCRATCH - p->scratch_used) {
        xfail(p, BS_ELIMIT, "evaluation needs more than %zu MiB (binsift's bound)",
              XMAX_SCRATCH >> 20);
        return NULL;
    }
    void *m = bs_arena_alloc(&p->scratch, n ? n : 1);
    if (!m) {
        xfail(p, BS_ENOMEM, "out of memory");
        return NULL;
    }
    p->scratch_used += (n + 7) & ~(size_t)7;
    return m;
}

char *xstrdup(xprog *p, const char *s, size_t n)
{
    char *d = xalloc(p, n + 1);
    if (!d) return NULL;
    if (n) memcpy(d, s, n);
    d[n] = 0;
    return d;
}

int xfail(xprog *p, int code, const char *fmt, ...)
{
    if (p->err && p->err->code) return p->err->code; /* keep the first */
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (p->err) bs_error_set(p->err, code, "", BS_NO_OFFSET, "%s", msg);
    return code;
}

void xwarn(xprog *p, const char *fmt, ...)
{
    if (p->folding) return;
    if (p->warnings++ == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->warning, sizeof p->warning, fmt, ap);
        va_end(ap);
    }
}

int xnode_text(const xprog *p, const xnode *n, char *buf, size_t cap)
{
    if (n->end > n->off && n->end <= p->text_len)
        return snprintf(buf, cap, "%.*s", (int)(n->end - n->off), p->text + n->off);
    return snprintf(buf, cap, "%s", n->name ? n->name : "?");
}

/* ---- types ---- */

int xet_of(const xtype *t)
{
    switch (t->tp) {
    case BS_TYPE_TINY:
    case BS_TYPE_SHORT:
    case BS_TYPE_INT24:
    case BS_TYPE_LONG:
    case BS_TYPE_LONGLONG:
    case BS_TYPE_BIT:
    case BS_TYPE_YEAR: return XET_INT;
    case BS_TYPE_FLOAT:
    case BS_TYPE_DOUBLE: return XET_REAL;
    case BS_TYPE_NEWDECIMAL:
    case BS_TYPE_DECIMAL: return XET_DECIMAL;
    case BS_TYPE_DATE:
    case BS_TYPE_NEWDATE:
    case BS_TYPE_DATETIME:
    case BS_TYPE_DATETIME2: return XET_DATETIME;
    case BS_TYPE_TIMESTAMP:
    case BS_TYPE_TIMESTAMP2: return XET_TIMESTAMP;
    case BS_TYPE_TIME:
    case BS_TYPE_TIME2: return XET_DURATION;
    case BS_TYPE_JSON: return XET_JSON;
    default: return XET_STRING;
    }
}

bool xtype_is_string_kind(int et)
{
    return et == XET_STRING || et == XET_DATETIME || et == XET_TIMESTAMP || et == XET_DURATION ||
           et == XET_JSON;
}

bool xtype_hybrid(const xtype *t)
{
    return t->tp == BS_TYPE_ENUM || t->tp == BS_TYPE_SET || t->tp == BS_TYPE_BIT;
}

bool xtype_time(const xtype *t)
{
    return t->tp == BS_TYPE_DATE || t->tp == BS_TYPE_DATETIME || t->tp == BS_TYPE_TIMESTAMP;
}

bool xtype_temporal(const xtype *t)
{
    return xtype_time(t) || t->tp == BS_TYPE_TIME;
}

void xtype_init(xtype *t, uint8_t tp)
{
    memset(t, 0, sizeof *t);
    t->tp = tp;
    t->decimal = XUNSPEC;
    t->flen = XUNSPEC;
    t->coll = XCOLL_BINARY;
    t->coer = XCOER_NUMERIC;
    t->repe = XREP_ASCII;
    int et = xet_of(t);
    if (et == XET_INT) t->decimal = 0;
}

void xtype_string(xtype *t, uint16_t coll, uint8_t coer)
{
    xtype_init(t, BS_TYPE_VAR_STRING);
    t->coll = coll;
    t->coer = coer;
    t->repe = XREP_UNICODE;
    if (coll == XCOLL_BINARY) t->flags |= XF_BINARY;
}

static bool type_is_int_class(const xtype *t)
{
    return xet_of(t) == XET_INT;
}

/* ---- nodes ---- */

int xbuild_fail(xbuild *b, int code, uint32_t off, const char *fmt, ...)
{
    if (b->err->code) return b->err->code;
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    bs_error_set(b->err, code, "", off, "offset %u: %s", off, msg);
    return code;
}

xnode *xnode_new(xbuild *b, xeval_fn fn, const xtype *tp, uint16_t nargs, uint32_t off)
{
    if (++b->nnodes > XMAX_NODES * 4) {
        xbuild_fail(b, BS_ELIMIT, off, "expression too large for binsift");
        return NULL;
    }
    xnode *n = bs_arena_alloc(&b->p->build, sizeof *n);
    if (!n) {
        xbuild_fail(b, BS_ENOMEM, off, "out of memory");
        return NULL;
    }
    memset(n, 0, sizeof *n);
    n->eval = fn;
    if (tp) n->tp = *tp;
    n->off = off;
    n->end = off;
    n->nargs = nargs;
    if (nargs) {
        n->args = bs_arena_alloc(&b->p->build, sizeof *n->args * nargs);
        if (!n->args) {
            xbuild_fail(b, BS_ENOMEM, off, "out of memory");
            return NULL;
        }
        memset(n->args, 0, sizeof *n->args * nargs);
    }
    return n;
}

bool xnode_is_const(const xnode *n)
{
    return n->eval == xeval_const || (n->flags & XN_CONSTLIKE);
}

bool xnode_is_column(const xnode *n)
{
    return n->eval == xeval_column;
}

static xnode *const_node(xbuild *b, const xtype *tp, uint32_t off, uint32_t end)
{
    xnode *n = xnode_new(b, xeval_const, tp, 0, off);
    if (n) n->end = end;
    return n;
}

/* A cast node, not folded yet (the caller may set ival/flags first). */
static xnode *cast_node(xbuild *b, xnode *n, const xtype *tp, bool explicit_cast)
{
    xnode *c = xnode_new(b, xeval_cast, tp, 1, n->off);
    if (!c) return NULL;
    c->args[0] = n;
    c->end = n->end;
    c->flags = explicit_cast ? 1 : 0;
    c->ival = XUNSPEC;
    c->name = "cast";
    if (xnode_is_const(n)) c->flags |= XN_CONSTLIKE;
    return c;
}

xnode *xcast_to_type(xbuild *b, xnode *n, const xtype *tp, bool explicit_cast)
{
    if (!n) return NULL;
    return xfold(b, cast_node(b, n, tp, explicit_cast));
}

xnode *xcast_to(xbuild *b, xnode *n, int et)
{
    if (!n) return NULL;
    if (xet_of(&n->tp) == et) return n;
    xtype t;
    const xtype *src = &n->tp;
    switch (et) {
    case XET_INT:
        xtype_init(&t, BS_TYPE_LONGLONG);
        t.flags |= src->flags & XF_UNSIGNED;
        break;
    case XET_REAL:
        xtype_init(&t, BS_TYPE_DOUBLE);
        t.flags |= src->flags & XF_UNSIGNED;
        break;
    case XET_DECIMAL:
        xtype_init(&t, BS_TYPE_NEWDECIMAL);
        t.decimal = xet_of(src) == XET_INT ? 0 : xtype_temporal(src) ? src->decimal : XUNSPEC;
        break;
    case XET_STRING: {
        bool keep =
            xtype_is_string_kind(xet_of(src)) && src->tp != BS_TYPE_JSON && !xtype_temporal(src);
        xtype_string(&t, keep ? src->coll : XCOLL_UTF8MB4_BIN, keep ? src->coer : XCOER_COERCIBLE);
        if (src->flags & XF_BINARY) t.flags |= XF_BINARY, t.coll = XCOLL_BINARY;
        break;
    }
    case XET_DATETIME:
    case XET_TIMESTAMP:
        xtype_init(&t, et == XET_DATETIME ? BS_TYPE_DATETIME : BS_TYPE_TIMESTAMP);
        t.decimal = xtype_temporal(src) ? src->decimal : 6;
        if (src->tp == BS_TYPE_DATE && et == XET_DATETIME) t.decimal = 0;
        break;
    case XET_DURATION:
        xtype_init(&t, BS_TYPE_TIME);
        t.decimal = xtype_temporal(src) ? src->decimal : 6;
        break;
    default:
        xtype_init(&t, BS_TYPE_JSON);
        t.coll = XCOLL_UTF8MB4_BIN;
        break;
    }
    if (t.decimal < 0 && (et == XET_DATETIME || et == XET_TIMESTAMP || et == XET_DURATION))
        t.decimal = 0;
    return xcast_to_type(b, n, &t, false);
}

xnode *xfold(xbuild *b, xnode *n)
{
    if (!n || n->eval == xeval_const) return n;
    for (uint16_t i = 0; i < n->nargs; i++)
        if (!n->args[i] || n->args[i]->eval != xeval_const) return n;
    if (!(n->flags & XN_CONSTLIKE)) return n;
    xprog *p = b->p;
    bs_error e;
    bs_error_clear(&e);
    bs_error *saved = p->err;
    p->err = &e;
    p->folding = true;
    xval v;
    memset(&v, 0, sizeof v);
    int rc = xeval(p, n, &v);
    p->folding = false;
    p->err = saved;
    if (rc) return n; /* TiDB keeps an expression whose folding fails */
    xnode *c = const_node(b, &n->tp, n->off, n->end);
    if (!c) return NULL;
    c->cval = v;
    c->name = n->name;
    c->flags = n->flags & XN_JSONTEXT;
    return c;
}

/* Mark n constant-like when all its arguments are; fold it if allowed. */
static xnode *finish_fn(xbuild *b, xnode *n, bool nofold)
{
    if (!n) return NULL;
    bool all = true;
    for (uint16_t i = 0; i < n->nargs; i++)
        if (!n->args[i] || !xnode_is_const(n->args[i])) all = false;
    if (all && n->eval != xeval_column) n->flags |= XN_CONSTLIKE;
    if (nofold) return n;
    return xfold(b, n);
}

/* ---- collation derivation (TiDB's inferCollation) ---- */

static int node_cs(const xtype *t)
{
    int et = xet_of(t);
    if (et == XET_JSON) return XCS_UTF8MB4;
    if (t->tp == BS_TYPE_BIT) return XCS_BINARY;
    if (!xtype_is_string_kind(et) || (t->flags & XF_BINARY)) {
        if (et == XET_STRING || t->coll == XCOLL_BINARY) return XCS_BINARY;
    }
    return xcoll_cs(t->coll);
}

static uint16_t node_coll(const xtype *t)
{
    int et = xet_of(t);
    if (et == XET_JSON) return XCOLL_UTF8MB4_BIN;
    if (t->tp == BS_TYPE_BIT) return XCOLL_BINARY;
    if (et != XET_STRING) return XCOLL_BINARY;
    return t->coll;
}

static bool unicode_cs(int cs)
{
    return cs == XCS_UTF8 || cs == XCS_UTF8MB4;
}

bool xderive_collation(xbuild *b, const char *fname, xnode **args, uint32_t nargs, int ret_et,
                       uint32_t off, xtype *out)
{
    uint8_t coer = XCOER_IGNORABLE, repe = XREP_UNICODE;
    uint16_t coll = XCOLL_UTF8MB4_BIN;
    int cs = XCS_UTF8MB4;
    bool unknown = false;
    if (nargs > 0) {
        coer = args[0]->tp.coer;
        repe = args[0]->tp.repe;
        coll = node_coll(&args[0]->tp);
        cs = node_cs(&args[0]->tp);
    }
    for (uint32_t i = 1; i < nargs; i++) {
        const xtype *t = &args[i]->tp;
        uint16_t acoll = node_coll(t);
        int acs = node_cs(t);
        uint8_t acoer = t->coer;
        if (coll == XCOLL_BINARY || acoll == XCOLL_BINARY) {
            if (coer > acoer || (coer == acoer && acoll == XCOLL_BINARY))
                coer = acoer, cs = acs, coll = acoll;
            repe |= t->repe;
            continue;
        }
        if (cs != acs) {
            bool ok = false;
            if (coer < acoer) {
                ok = t->repe == XREP_ASCII || acoer >= XCOER_SYSCONST || unicode_cs(cs);
            } else if (coer == acoer) {
                if ((unicode_cs(cs) && !unicode_cs(acs)) ||
                    (cs == XCS_UTF8MB4 && acs == XCS_UTF8)) {
                    ok = true;
                } else if ((unicode_cs(acs) && !unicode_cs(cs)) ||
                           (acs == XCS_UTF8MB4 && cs == XCS_UTF8)) {
                    coer = acoer, cs = acs, coll = acoll;
                    ok = true;
                } else if (repe == XREP_ASCII && t->repe != XREP_ASCII) {
                    coer = acoer, cs = acs, coll = acoll;
                    ok = true;
                } else if (repe != XREP_ASCII && t->repe == XREP_ASCII) {
                    ok = true;
                }
            } else if (repe == XREP_ASCII || coer >= XCOER_SYSCONST || unicode_cs(acs)) {
                coer = acoer, cs = acs, coll = acoll;
                ok = true;
            }
            repe |= t->repe;
            if (!ok) {
                coer = XCOER_NONE, cs = XCS_BINARY, coll = XCOLL_BINARY;
                unknown = true;
            }
            continue;
        }
        if (coer == acoer) {
            if (coll == acoll) {
            } else if (coer == XCOER_EXPLICIT) {
                unknown = true;
                coer = XCOER_EXPLICIT;
                break;
            } else if (xcoll_is_bin(coll)) {
            } else if (xcoll_is_bin(acoll)) {
                coer = acoer, cs = acs, coll = acoll;
            } else {
                coer = XCOER_NONE, cs = acs, coll = xcoll_default_of_cs(acs);
            }
        } else if (coer > acoer) {
            coer = acoer, cs = acs, coll = acoll;
        }
        repe |= t->repe;
    }
    if (unknown || (ret_et != XET_STRING && coer == XCOER_NONE)) {
        const char *na = bs_rules_expr_collation_name(nargs ? node_coll(&args[0]->tp) : 0);
        const char *nb = bs_rules_expr_collation_name(nargs > 1 ? node_coll(&args[1]->tp) : 0);
        xbuild_fail(b, BS_EINVAL, off, "Illegal mix of collations (%s) and (%s) for operation '%s'",
                    na ? na : "?", nb ? nb : "?", fname);
        return false;
    }
    if (ret_et == XET_STRING && coer == XCOER_NUMERIC) {
        coll = XCOLL_UTF8MB4_BIN;
        coer = XCOER_COERCIBLE;
        repe = XREP_ASCII;
    }
    out->coll = coll;
    out->coer = coer;
    out->repe = repe;
    if (coll == XCOLL_BINARY)
        out->flags |= XF_BINARY;
    else
        out->flags &= (uint8_t)~XF_BINARY;
    return true;
}

static bool check_collation_supported(xbuild *b, uint16_t coll, uint32_t off)
{
    if (xcoll_kind(coll) != XCK_UNSUPPORTED) return true;
    const char *name = bs_rules_expr_collation_name(coll);
    xbuild_fail(b, BS_EUNSUPPORTED, off,
                "comparing strings under collation %s is not supported by binsift",
                name ? name : "?");
    return false;
}

/* ---- type aggregation (IF, IFNULL, COALESCE, CASE, GREATEST/LEAST) ---- */

enum agg_class {
    AC_NULL,
    AC_INT,
    AC_YEAR,
    AC_DEC,
    AC_FLOAT,
    AC_DOUBLE,
    AC_STRING,
    AC_DATE,
    AC_DATETIME,
    AC_TIMESTAMP,
    AC_TIME,
    AC_JSON
};

static int agg_class(const xtype *t)
{
    switch (t->tp) {
    case BS_TYPE_NULL: return AC_NULL;
    case BS_TYPE_YEAR: return AC_YEAR;
    case BS_TYPE_FLOAT: return AC_FLOAT;
    case BS_TYPE_DOUBLE: return AC_DOUBLE;
    case BS_TYPE_NEWDECIMAL: return AC_DEC;
    case BS_TYPE_DATE: return AC_DATE;
    case BS_TYPE_DATETIME: return AC_DATETIME;
    case BS_TYPE_TIMESTAMP: return AC_TIMESTAMP;
    case BS_TYPE_TIME: return AC_TIME;
    case BS_TYPE_JSON: return AC_JSON;
    default: return type_is_int_class(t) ? AC_INT : AC_STRING;
    }
}

static bool ac_numeric(int c)
{
    return c == AC_INT || c == AC_YEAR || c == AC_DEC || c == AC_FLOAT || c == AC_DOUBLE;
}

static bool ac_temporal(int c)
{
    return c == AC_DATE || c == AC_DATETIME || c == AC_TIMESTAMP || c == AC_TIME;
}

static int agg_merge(int a, int b)
{
    if (a == AC_NULL) return b;
    if (b == AC_NULL || a == b) return a;
    if (ac_numeric(a) && ac_numeric(b)) {
        if (a == AC_DOUBLE || b == AC_DOUBLE || a == AC_FLOAT || b == AC_FLOAT) return AC_DOUBLE;
        if (a == AC_DEC || b == AC_DEC) return AC_DEC;
        return AC_INT;
    }
    if (ac_temporal(a) && ac_temporal(b)) return AC_DATETIME;
    return AC_STRING;
}

bool xagg_type(xbuild *b, const char *fname, xnode **args, uint32_t nargs, uint32_t off, xtype *out)
{
    int cls = AC_NULL;
    bool all_unsigned = true, any_signed_int = false, any_binary = false;
    int8_t dec = 0;
    for (uint32_t i = 0; i < nargs; i++) {
        const xtype *t = &args[i]->tp;
        int c = agg_class(t);
        cls = agg_merge(cls, c);
        if (c == AC_NULL) continue;
        if (c == AC_INT || c == AC_YEAR) {
            if (!(t->flags & XF_UNSIGNED)) any_signed_int = true, all_unsigned = false;
        } else {
            all_unsigned = false;
        }
        if (t->flags & XF_BINARY) any_binary = true;
        if (t->decimal > dec) dec = t->decimal;
    }
    static const uint8_t tp_of[] = {
        [AC_NULL] = BS_TYPE_NULL,         [AC_INT] = BS_TYPE_LONGLONG,
        [AC_YEAR] = BS_TYPE_YEAR,         [AC_DEC] = BS_TYPE_NEWDECIMAL,
        [AC_FLOAT] = BS_TYPE_FLOAT,       [AC_DOUBLE] = BS_TYPE_DOUBLE,
        [AC_STRING] = BS_TYPE_VAR_STRING, [AC_DATE] = BS_TYPE_DATE,
        [AC_DATETIME] = BS_TYPE_DATETIME, [AC_TIMESTAMP] = BS_TYPE_TIMESTAMP,
        [AC_TIME] = BS_TYPE_TIME,         [AC_JSON] = BS_TYPE_JSON};
    /* a signed and an unsigned integer aggregate to DECIMAL (mergeEvalType) */
    bool any_unsigned_int = false;
    for (uint32_t i = 0; i < nargs; i++)
        if (type_is_int_class(&args[i]->tp) && (args[i]->tp.flags & XF_UNSIGNED))
            any_unsigned_int = true;
    if (cls == AC_INT && any_unsigned_int && any_signed_int) cls = AC_DEC;
    if (cls == AC_NULL) {
        xtype_init(out, BS_TYPE_NULL);
        out->coer = XCOER_IGNORABLE;
        return true;
    }
    xtype_init(out, tp_of[cls]);
    if (cls == AC_INT && all_unsigned) out->flags |= XF_UNSIGNED;
    if (cls == AC_DEC || ac_temporal(cls))
        out->decimal = dec > XDEC_MAX_SCALE ? XDEC_MAX_SCALE : dec;
    if (cls == AC_DATE) out->decimal = 0;
    if (cls == AC_DOUBLE || cls == AC_FLOAT) out->decimal = XUNSPEC;
    if (cls == AC_STRING) {
        xtype_string(out, XCOLL_UTF8MB4_BIN, XCOER_COERCIBLE);
        if (!xderive_collation(b, fname, args, nargs, XET_STRING, off, out)) return false;
        if (any_binary) out->flags |= XF_BINARY, out->coll = XCOLL_BINARY;
    }
    if (cls == AC_JSON) out->coll = XCOLL_UTF8MB4_BIN;
    return true;
}

/* ---- comparisons ---- */

static bool temporal_with_date(const xtype *t)
{
    return xtype_time(t);
}

static int base_cmp_type(const xtype *l, const xtype *r)
{
    int le = xet_of(l), re = xet_of(r);
    bool li = le == XET_INT || xtype_hybrid(l), ri = re == XET_INT || xtype_hybrid(r);
    if (xtype_is_string_kind(le) && xtype_is_string_kind(re)) return XET_STRING;
    if (li && ri) return XET_INT;
    if ((le == XET_DECIMAL && re == XET_STRING) || (le == XET_STRING && re == XET_DECIMAL))
        return XET_REAL;
    if ((li || le == XET_DECIMAL) && (ri || re == XET_DECIMAL)) return XET_DECIMAL;
    if ((temporal_with_date(l) && r->tp == BS_TYPE_YEAR) ||
        (l->tp == BS_TYPE_YEAR && temporal_with_date(r)))
        return XET_DATETIME;
    return XET_REAL;
}

static bool temporal_column(const xnode *n)
{
    return xnode_is_column(n) && xtype_temporal(&n->tp);
}

static int accurate_cmp_type(const xnode *l, const xnode *r)
{
    const xtype *lt = &l->tp, *rt = &r->tp;
    int le = xet_of(lt), re = xet_of(rt);
    int cmp = base_cmp_type(lt, rt);
    bool lc = xnode_is_const(l), rc = xnode_is_const(r);
    if ((xtype_is_string_kind(le) && lt->tp == BS_TYPE_JSON) ||
        (xtype_is_string_kind(re) && rt->tp == BS_TYPE_JSON))
        return XET_JSON;
    if (cmp == XET_STRING && (xtype_time(lt) || xtype_time(rt)))
        return lt->tp == rt->tp ? le : XET_DATETIME;
    if (lt->tp == BS_TYPE_TIME && rt->tp == BS_TYPE_TIME) return XET_DURATION;
    if (cmp == XET_REAL || cmp == XET_STRING) {
        if ((le == XET_DECIMAL && !lc && xtype_is_string_kind(re) && rc) ||
            (re == XET_DECIMAL && !rc && xtype_is_string_kind(le) && lc))
            return XET_DECIMAL;
        if ((temporal_column(l) && rc) || (temporal_column(r) && lc)) {
            const xnode *col = temporal_column(l) ? l : r;
            if (col->tp.tp == BS_TYPE_TIME) return XET_DURATION;
        }
    }
    return cmp;
}

/* refineArgs: YEAR against an integer constant, DATETIME/TIMESTAMP against a
 * numeric constant. Returns the (possibly replaced) constant. */
static xnode *refine_const(xbuild *b, xnode *con, const xnode *other)
{
    if (con->eval != xeval_const || con->cval.null) return con;
    int ce = xet_of(&con->tp);
    if (other->tp.tp == BS_TYPE_YEAR && ce == XET_INT) {
        int64_t y = con->cval.v.i;
        if ((con->tp.flags & XF_UNSIGNED) && y < 0) return con;
        if (y >= 1 && y <= 69)
            y += 2000;
        else if (y >= 70 && y <= 99)
            y += 1900;
        else if (!(y == 0 || (y >= 1901 && y <= 2155)))
            return con;
        xnode *c = const_node(b, &con->tp, con->off, con->end);
        if (!c) return NULL;
        c->cval = con->cval;
        c->cval.v.i = y;
        return c;
    }
    if (!xnode_is_const(other) &&
        (other->tp.tp == BS_TYPE_DATETIME || other->tp.tp == BS_TYPE_TIMESTAMP) &&
        (ce == XET_INT || ce == XET_REAL || ce == XET_DECIMAL)) {
        xtype t;
        xtype_init(&t, BS_TYPE_DATETIME);
        t.decimal = 6;
        xnode *c = xcast_to_type(b, con, &t, false);
        if (c && c->eval == xeval_const && !c->cval.null) return c;
    }
    return con;
}

int xeval_cmp(xprog *p, const xnode *n, xval *out);

xnode *xbuild_compare(xbuild *b, int op, xnode *l, xnode *r, uint32_t off, uint32_t end)
{
    if (!l || !r) return NULL;
    l = refine_const(b, l, r);
    r = refine_const(b, r, l);
    if (!l || !r) return NULL;
    int cmp = accurate_cmp_type(l, r);
    static const char *const names[] = {
        [XOP_EQ] = "eq", [XOP_NULLEQ] = "nulleq", [XOP_NE] = "ne", [XOP_LT] = "lt",
        [XOP_LE] = "le", [XOP_GT] = "gt",         [XOP_GE] = "ge"};
    xtype rt;
    xtype_init(&rt, BS_TYPE_LONGLONG);
    rt.flags |= XF_BOOL;
    rt.flen = 1;
    xnode *n = xnode_new(b, xeval_cmp, &rt, 2, off);
    if (!n) return NULL;
    n->name = names[op];
    n->ival = op;
    n->cmp = (uint8_t)cmp;
    n->off = l->off < off ? l->off : off;
    n->end = end;
    if (cmp == XET_STRING) {
        xnode *pair[2] = {l, r};
        xtype ct;
        xtype_string(&ct, XCOLL_UTF8MB4_BIN, XCOER_COERCIBLE);
        if (!xderive_collation(b, names[op], pair, 2, XET_INT, off, &ct)) return NULL;
        if (!check_collation_supported(b, ct.coll, off)) return NULL;
        n->coll = ct.coll;
    }
    n->args[0] = xcast_to(b, l, cmp);
    n->args[1] = xcast_to(b, r, cmp);
    if (!n->args[0] || !n->args[1]) return NULL;
    return finish_fn(b, n, false);
}

/* ---- building from the AST ---- */

static xnode *build(xbuild *b, const xast *a);

static bool name_eq(bs_rules_expr_str a, bs_rules_expr_str b)
{
    if (a.len != b.len) return false;
    for (size_t i = 0; i < a.len; i++)
        if (tolower((unsigned char)a.ptr[i]) != tolower((unsigned char)b.ptr[i])) return false;
    return true;
}

static xnode *build_column(xbuild *b, const xast *a)
{
    xprog *p = b->p;
    int32_t found = -1;
    bool qual_ok = true;
    if (a->ival == 3) qual_ok = false; /* DM resolves with an empty schema name */
    if (a->ival == 2 && !name_eq(a->s2, b->table->name)) qual_ok = false;
    if (qual_ok) {
        for (uint32_t i = 0; i < p->ncols; i++) {
            if (name_eq(a->s, p->cols[i].name)) {
                found = (int32_t)i;
                break;
            }
        }
    }
    if (found < 0) {
        p->state = BS_RULES_EXPR_UNKNOWN_COLUMN;
        p->unknown_name = a->s;
        p->unknown_off = a->off;
        return NULL;
    }
    const bs_rules_expr_column *c = &p->cols[found];
    if (c->type == BS_TYPE_GEOMETRY || c->type == BS_TYPE_VECTOR) {
        xbuild_fail(b, BS_EUNSUPPORTED, a->off,
                    "column %.*s has a type (%s) binsift cannot evaluate", (int)c->name.len,
                    c->name.ptr, bs_column_type_name(c->type));
        return NULL;
    }
    xtype t;
    xcolumn_type(c, &t);
    xnode *n = xnode_new(b, xeval_column, &t, 0, a->off);
    if (!n) return NULL;
    n->ival = found;
    n->end = a->end;
    n->name = "column";
    return n;
}

static xnode *build_int_literal(xbuild *b, const xast *a)
{
    uint64_t u = 0;
    bool over = false;
    for (size_t i = 0; i < a->s.len; i++) {
        unsigned d = (unsigned)(a->s.ptr[i] - '0');
        if (u > (UINT64_MAX - d) / 10) over = true;
        u = u * 10 + d;
    }
    xtype t;
    xnode *n;
    if (over) {
        xtype_init(&t, BS_TYPE_NEWDECIMAL);
        t.decimal = 0;
        t.flen = (int32_t)a->s.len;
        n = const_node(b, &t, a->off, a->end);
        if (!n) return NULL;
        if (xdec_from_str(&n->cval.v.dec, a->s.ptr, a->s.len, NULL) == XDEC_OVERFLOW) {
            /* beyond DECIMAL: TiDB reads it as a double */
            xtype_init(&t, BS_TYPE_DOUBLE);
            n->tp = t;
            char buf[512];
            snprintf(buf, sizeof buf, "%.*s", (int)(a->s.len < 500 ? a->s.len : 500), a->s.ptr);
            n->cval.v.d = strtod(buf, NULL);
        }
        return n;
    }
    xtype_init(&t, BS_TYPE_LONGLONG);
    t.flen = (int32_t)a->s.len;
    if (u > INT64_MAX) t.flags |= XF_UNSIGNED;
    t.flags |= XF_NOT_NULL;
    n = const_node(b, &t, a->off, a->end);
    if (n) n->cval.v.i = (int64_t)u;
    return n;
}

static xnode *build_string_literal(xbuild *b, const xast *a, bool binlit)
{
    xtype t;
    uint16_t coll = a->ival ? (uint16_t)a->ival : XCOLL_UTF8MB4_BIN;
    if (binlit && !a->ival) coll = XCOLL_BINARY;
    xtype_string(&t, coll, XCOER_COERCIBLE);
    t.flen = (int32_t)a->s.len;
    if (binlit && !a->ival) t.flags |= XF_BINLIT;
    bool ascii = true;
    for (size_t i = 0; i < a->s.len; i++)
        if ((unsigned char)a->s.ptr[i] >= 0x80) ascii = false;
    t.repe = ascii ? XREP_ASCII : XREP_UNICODE;
    xnode *n = const_node(b, &t, a->off, a->end);
    if (!n) return NULL;
    n->cval.v.s.p = a->s.ptr;
    n->cval.v.s.n = a->s.len;
    return n;
}

static xnode *build_temporal_literal(xbuild *b, const xast *a)
{
    const xast *s = a->kids[0];
    xtype t;
    xnode *n;
    /* fsp: the digits after the last '.' */
    int fsp = 0;
    const char *dot = NULL;
    for (size_t i = 0; i < s->s.len; i++)
        if (s->s.ptr[i] == '.') dot = s->s.ptr + i;
    if (dot) {
        const char *e = dot + 1;
        while (e < s->s.ptr + s->s.len && *e >= '0' && *e <= '9')
            e++;
        fsp = (int)(e - dot - 1);
        if (fsp > 6) fsp = 6;
    }
    if (a->ival == BS_TYPE_TIME) {
        xtype_init(&t, BS_TYPE_TIME);
        t.decimal = (int8_t)fsp;
        n = const_node(b, &t, a->off, a->end);
        if (!n) return NULL;
        if (xdur_parse(s->s.ptr, s->s.len, fsp, &n->cval.v.dur)) goto bad;
        return n;
    }
    for (size_t i = 1; i < s->s.len; i++) {
        char c = s->s.ptr[i];
        if (c == '+' || c == 'Z' || c == 'z' || (c == '-' && memchr(s->s.ptr, ':', i))) {
            xbuild_fail(b, BS_EUNSUPPORTED, a->off,
                        "a time zone offset in a DATE/TIMESTAMP literal is not supported");
            return NULL;
        }
    }
    xtype_init(&t, a->ival == BS_TYPE_DATE ? BS_TYPE_DATE : BS_TYPE_DATETIME);
    t.decimal = a->ival == BS_TYPE_DATE ? 0 : (int8_t)fsp;
    n = const_node(b, &t, a->off, a->end);
    if (!n) return NULL;
    if (xtime_parse(s->s.ptr, s->s.len, t.tp, fsp, b->p->tz, &n->cval.v.t)) goto bad;
    return n;
bad:
    xbuild_fail(b, BS_EINVAL, a->off, "Incorrect %s value: '%.*s'",
                a->ival == BS_TYPE_DATE   ? "DATE"
                : a->ival == BS_TYPE_TIME ? "TIME"
                                          : "DATETIME",
                (int)s->s.len, s->s.ptr);
    return NULL;
}

int xeval_logic(xprog *p, const xnode *n, xval *out);
int xeval_not(xprog *p, const xnode *n, xval *out);
int xeval_is(xprog *p, const xnode *n, xval *out);
int xeval_arith(xprog *p, const xnode *n, xval *out);
int xeval_neg(xprog *p, const xnode *n, xval *out);
int xeval_bitop(xprog *p, const xnode *n, xval *out);
int xeval_like(xprog *p, const xnode *n, xval *out);
int xeval_regexp(xprog *p, const xnode *n, xval *out);
int xeval_in(xprog *p, const xnode *n, xval *out);
int xeval_case(xprog *p, const xnode *n, xval *out);
int xeval_collate(xprog *p, const xnode *n, xval *out);

static xnode *bool_node(xbuild *b, xeval_fn fn, uint16_t nargs, uint32_t off, const char *name)
{
    xtype t;
    xtype_init(&t, BS_TYPE_LONGLONG);
    t.flags |= XF_BOOL;
    t.flen = 1;
    xnode *n = xnode_new(b, fn, &t, nargs, off);
    if (n) n->name = name;
    return n;
}

/* The eval type an argument takes in arithmetic (numericContextResultType). */
static int numeric_context(const xnode *n)
{
    const xtype *t = &n->tp;
    if (xtype_temporal(t)) return t->decimal > 0 ? XET_DECIMAL : XET_INT;
    if ((t->flags & XF_BINLIT) || t->tp == BS_TYPE_BIT) return XET_INT;
    if (xtype_hybrid(t)) return XET_REAL;
    int et = xet_of(t);
    return et == XET_DECIMAL || et == XET_INT ? et : XET_REAL;
}

static int8_t clamp_scale(int v)
{
    return (int8_t)(v > XDEC_MAX_SCALE ? XDEC_MAX_SCALE : v < 0 ? 0 : v);
}

xnode *xbuild_arith(xbuild *b, int op, xnode *l, xnode *r, uint32_t off, uint32_t end)
{
    int le = numeric_context(l), re = numeric_context(r);
    int et;
    if (op == XOP_DIV)
        et = (le == XET_REAL || re == XET_REAL) ? XET_REAL : XET_DECIMAL;
    else if (op == XOP_INTDIV)
        et = (le == XET_INT && re == XET_INT) ? XET_INT : XET_DECIMAL;
    else
        et = (le == XET_REAL || re == XET_REAL)         ? XET_REAL
             : (le == XET_DECIMAL || re == XET_DECIMAL) ? XET_DECIMAL
                                                        : XET_INT;
    xtype t;
    bool lu = l->tp.flags & XF_UNSIGNED, ru = r->tp.flags & XF_UNSIGNED;
    int8_t ld = l->tp.decimal < 0 ? 0 : l->tp.decimal, rd = r->tp.decimal < 0 ? 0 : r->tp.decimal;
    bool unspec = l->tp.decimal < 0 || r->tp.decimal < 0;
    switch (et) {
    case XET_INT:
        xtype_init(&t, BS_TYPE_LONGLONG);
        if (op == XOP_MOD ? lu : (lu || ru)) t.flags |= XF_UNSIGNED;
        break;
    case XET_REAL: xtype_init(&t, BS_TYPE_DOUBLE); break;
    default:
        xtype_init(&t, BS_TYPE_NEWDECIMAL);
        if (op == XOP_MUL)
            t.decimal = unspec ? XDEC_MAX_SCALE : clamp_scale(ld + rd);
        else if (op == XOP_DIV)
            t.decimal = clamp_scale(ld + XDIV_PREC_INCR);
        else
            t.decimal = unspec ? XDEC_MAX_SCALE : clamp_scale(ld > rd ? ld : rd);
        if (op == XOP_MOD && lu) t.flags |= XF_UNSIGNED;
        break;
    }
    if (op == XOP_INTDIV) {
        xtype_init(&t, BS_TYPE_LONGLONG);
        if (lu || ru) t.flags |= XF_UNSIGNED;
    }
    xnode *n = xnode_new(b, xeval_arith, &t, 2, off);
    if (!n) return NULL;
    static const char *const names[] = {[XOP_PLUS] = "+", [XOP_MINUS] = "-",    [XOP_MUL] = "*",
                                        [XOP_DIV] = "/",  [XOP_INTDIV] = "DIV", [XOP_MOD] = "%"};
    n->name = names[op];
    n->ival = op;
    n->cmp = (uint8_t)(op == XOP_INTDIV ? (et == XET_INT ? XET_INT : XET_DECIMAL) : et);
    n->off = l->off < off ? l->off : off;
    n->end = end;
    int arg_et = n->cmp;
    n->args[0] = xcast_to(b, l, arg_et);
    n->args[1] = xcast_to(b, r, arg_et);
    if (!n->args[0] || !n->args[1]) return NULL;
    return finish_fn(b, n, false);
}

static xnode *build_bitop(xbuild *b, const xast *a, xnode *l, xnode *r)
{
    xtype t;
    xtype_init(&t, BS_TYPE_LONGLONG);
    t.flags |= XF_UNSIGNED;
    xnode *n = xnode_new(b, xeval_bitop, &t, r ? 2 : 1, a->off);
    if (!n) return NULL;
    n->ival = r ? a->op : '~';
    n->name = "bit";
    n->end = a->end;
    n->args[0] = xcast_to(b, l, XET_INT);
    if (r) n->args[1] = xcast_to(b, r, XET_INT);
    if (!n->args[0] || (r && !n->args[1])) return NULL;
    return finish_fn(b, n, false);
}

static xnode *build_binary(xbuild *b, const xast *a)
{
    xnode *l = build(b, a->kids[0]);
    if (!l) return NULL;
    xnode *r = build(b, a->kids[1]);
    if (!r) return NULL;
    switch (a->op) {
    case XOP_OR:
    case XOP_AND:
    case XOP_XOR: {
        xnode *n = bool_node(b, xeval_logic, 2, a->off,
                             a->op == XOP_OR    ? "or"
                             : a->op == XOP_AND ? "and"
                                                : "xor");
        if (!n) return NULL;
        n->ival = a->op;
        n->args[0] = l;
        n->args[1] = r;
        n->end = a->end;
        return finish_fn(b, n, false);
    }
    case XOP_EQ:
    case XOP_NULLEQ:
    case XOP_NE:
    case XOP_LT:
    case XOP_LE:
    case XOP_GT:
    case XOP_GE: return xbuild_compare(b, a->op, l, r, a->off, a->end);
    case XOP_BITOR:
    case XOP_BITAND:
    case XOP_BITXOR:
    case XOP_SHL:
    case XOP_SHR: return build_bitop(b, a, l, r);
    default: return xbuild_arith(b, a->op, l, r, a->off, a->end);
    }
}

xnode *xbuild_not(xbuild *b, xnode *x, uint32_t off, uint32_t end)
{
    xnode *n = bool_node(b, xeval_not, 1, off, "not");
    if (!n) return NULL;
    n->end = end;
    n->args[0] = x;
    return finish_fn(b, n, false);
}

static xnode *build_unary(xbuild *b, const xast *a)
{
    xnode *x = build(b, a->kids[0]);
    if (!x) return NULL;
    switch (a->op) {
    case '+': return x;
    case '!':
    case 'N': return xbuild_not(b, x, a->off, a->end);
    case '~': return build_bitop(b, a, x, NULL);
    case 'B': {
        xtype t;
        xtype_string(&t, XCOLL_BINARY, x->tp.coer);
        t.flags |= XF_BINARY;
        if (t.coer > XCOER_IMPLICIT) t.coer = XCOER_IMPLICIT;
        xnode *c = xcast_to_type(b, x, &t, true);
        if (c) c->end = a->end;
        return c;
    }
    default: break;
    }
    /* unary minus */
    if (x->eval == xeval_const && !x->cval.null && xet_of(&x->tp) == XET_INT &&
        (x->tp.flags & XF_UNSIGNED) && (uint64_t)x->cval.v.i == (uint64_t)INT64_MAX + 1) {
        /* -9223372036854775808 is a BIGINT */
        xnode *c = const_node(b, &x->tp, a->off, a->end);
        if (!c) return NULL;
        c->tp.flags &= (uint8_t)~XF_UNSIGNED;
        c->cval = x->cval;
        return c;
    }
    int et = xet_of(&x->tp);
    xtype t;
    /* TiDB's handleIntOverflow: negating a constant that does not fit a
     * BIGINT (-MinInt64, or an unsigned one past 2^63) is done in DECIMAL */
    bool overflow = x->eval == xeval_const && !x->cval.null && et == XET_INT &&
                    ((x->tp.flags & XF_UNSIGNED) ? (uint64_t)x->cval.v.i > (uint64_t)INT64_MAX + 1
                                                 : x->cval.v.i == INT64_MIN);
    if (overflow) {
        xtype_init(&t, BS_TYPE_NEWDECIMAL);
        t.decimal = 0;
    } else if (et == XET_INT && !(x->tp.flags & XF_BINLIT)) {
        xtype_init(&t, BS_TYPE_LONGLONG);
    } else if (et == XET_DECIMAL) {
        xtype_init(&t, BS_TYPE_NEWDECIMAL);
        t.decimal = x->tp.decimal;
        t.flen = x->tp.flen;
    } else if (xtype_temporal(&x->tp)) {
        et = x->tp.decimal > 0 ? XET_DECIMAL : XET_INT;
        xtype_init(&t, et == XET_DECIMAL ? BS_TYPE_NEWDECIMAL : BS_TYPE_LONGLONG);
        t.decimal = x->tp.decimal > 0 ? x->tp.decimal : 0;
    } else {
        et = XET_REAL;
        xtype_init(&t, BS_TYPE_DOUBLE);
    }
    et = xet_of(&t);
    xnode *n = xnode_new(b, xeval_neg, &t, 1, a->off);
    if (!n) return NULL;
    n->name = "-";
    n->end = a->end;
    n->args[0] = xcast_to(b, x, et);
    if (!n->args[0]) return NULL;
    return finish_fn(b, n, false);
}

static xnode *build_is(xbuild *b, const xast *a)
{
    xnode *x = build(b, a->kids[0]);
    if (!x) return NULL;
    xnode *n = bool_node(b, xeval_is, 1, a->off, "is");
    if (!n) return NULL;
    n->ival = a->ival == 3 ? 0 : a->ival; /* UNKNOWN is NULL */
    n->args[0] = x;
    n->end = a->end;
    n->tp.flags |= XF_NOT_NULL;
    n = finish_fn(b, n, false);
    if (n && a->negated) return xbuild_not(b, n, a->off, a->end);
    return n;
}

static xnode *build_in(xbuild *b, const xast *a)
{
    xnode *l = build(b, a->kids[0]);
    if (!l) return NULL;
    xnode *n = bool_node(b, xeval_in, (uint16_t)(a->nkids - 1), a->off, "in");
    if (!n) return NULL;
    n->end = a->end;
    xnode **items = bs_arena_alloc(&b->p->build, sizeof *items * a->nkids);
    if (!items) return NULL;
    items[0] = l;
    for (uint32_t i = 1; i < a->nkids; i++) {
        items[i] = build(b, a->kids[i]);
        if (!items[i]) return NULL;
    }
    /* string comparisons in IN use one collation for all items */
    bool strings = xet_of(&l->tp) == XET_STRING;
    xtype ct;
    xtype_string(&ct, XCOLL_UTF8MB4_BIN, XCOER_COERCIBLE);
    if (strings && !xderive_collation(b, "in", items, a->nkids, XET_INT, a->off, &ct)) return NULL;
    for (uint32_t i = 1; i < a->nkids; i++) {
        xnode *eq = xbuild_compare(b, XOP_EQ, l, items[i], a->off, a->end);
        if (!eq) return NULL;
        if (strings && eq->cmp == XET_STRING && eq->eval != xeval_const) {
            if (!check_collation_supported(b, ct.coll, a->off)) return NULL;
            eq->coll = ct.coll;
        }
        n->args[i - 1] = eq;
    }
    n = finish_fn(b, n, false);
    if (n && a->negated) return xbuild_not(b, n, a->off, a->end);
    return n;
}

static xnode *build_between(xbuild *b, const xast *a)
{
    xnode *x[3];
    for (int i = 0; i < 3; i++)
        if (!(x[i] = build(b, a->kids[i]))) return NULL;
    /* GetCmpTp4MinMax: with a date/time among non-strings, compare as DATETIME */
    bool time = false, all_str = true;
    for (int i = 0; i < 3; i++) {
        if (xtype_time(&x[i]->tp)) time = true;
        if (xet_of(&x[i]->tp) != XET_STRING || xtype_hybrid(&x[i]->tp)) all_str = false;
    }
    if (time && !all_str) {
        for (int i = 0; i < 3; i++) {
            if (x[i]->tp.tp == BS_TYPE_DATETIME) continue;
            xtype t;
            xtype_init(&t, BS_TYPE_DATETIME);
            t.decimal = xtype_temporal(&x[i]->tp) ? x[i]->tp.decimal : 6;
            if (t.decimal < 0) t.decimal = 0;
            if (!(x[i] = xcast_to_type(b, x[i], &t, false))) return NULL;
        }
    }
    xnode *lo = xbuild_compare(b, a->negated ? XOP_LT : XOP_GE, x[0], x[1], a->off, a->end);
    if (!lo) return NULL;
    xnode *hi = xbuild_compare(b, a->negated ? XOP_GT : XOP_LE, x[0], x[2], a->off, a->end);
    if (!hi) return NULL;
    xnode *n = bool_node(b, xeval_logic, 2, a->off, "between");
    if (!n) return NULL;
    n->ival = a->negated ? XOP_OR : XOP_AND;
    n->args[0] = lo;
    n->args[1] = hi;
    n->end = a->end;
    return finish_fn(b, n, false);
}

static xnode *build_like(xbuild *b, const xast *a)
{
    xnode *s = build(b, a->kids[0]);
    if (!s) return NULL;
    xnode *pat = build(b, a->kids[1]);
    if (!pat) return NULL;
    int escape = '\\';
    if (a->has_value) {
        const xast *e = a->kids[2];
        if (e->s.len > 1) {
            xbuild_fail(b, BS_EINVAL, e->off, "Incorrect arguments to ESCAPE");
            return NULL;
        }
        if (e->s.len == 1) escape = (unsigned char)e->s.ptr[0];
    }
    xnode *n = bool_node(b, xeval_like, 2, a->off, "like");
    if (!n) return NULL;
    n->end = a->end;
    n->ival = escape;
    xnode *pair[2] = {s, pat};
    xtype ct;
    xtype_string(&ct, XCOLL_UTF8MB4_BIN, XCOER_COERCIBLE);
    if (!xderive_collation(b, "like", pair, 2, XET_INT, a->off, &ct)) return NULL;
    if (!check_collation_supported(b, ct.coll, a->off)) return NULL;
    n->coll = ct.coll;
    n->args[0] = xcast_to(b, s, XET_STRING);
    n->args[1] = xcast_to(b, pat, XET_STRING);
    if (!n->args[0] || !n->args[1]) return NULL;
    n = finish_fn(b, n, false);
    if (n && a->negated) return xbuild_not(b, n, a->off, a->end);
    return n;
}

/* Compile a constant REGEXP pattern now (TiDB would fail on the first row
 * with a bad one). */
static bool regexp_precompile(xbuild *b, xnode *n);

static xnode *build_regexp(xbuild *b, const xast *a)
{
    xnode *s = build(b, a->kids[0]);
    if (!s) return NULL;
    xnode *pat = build(b, a->kids[1]);
    if (!pat) return NULL;
    xnode *n = bool_node(b, xeval_regexp, 2, a->off, "regexp");
    if (!n) return NULL;
    n->end = a->end;
    xnode *pair[2] = {s, pat};
    xtype ct;
    xtype_string(&ct, XCOLL_UTF8MB4_BIN, XCOER_COERCIBLE);
    if (!xderive_collation(b, "regexp", pair, 2, XET_INT, a->off, &ct)) return NULL;
    n->coll = ct.coll;
    n->args[0] = xcast_to(b, s, XET_STRING);
    n->args[1] = xcast_to(b, pat, XET_STRING);
    if (!n->args[0] || !n->args[1]) return NULL;
    if (!regexp_precompile(b, n)) return NULL;
    n = finish_fn(b, n, false);
    if (n && a->negated) return xbuild_not(b, n, a->off, a->end);
    return n;
}

static xnode *build_case(xbuild *b, const xast *a)
{
    uint32_t k = a->has_value ? 1 : 0;
    xnode *value = NULL;
    if (a->has_value && !(value = build(b, a->kids[0]))) return NULL;
    uint32_t pairs = (a->nkids - k - (a->has_else ? 1 : 0)) / 2;
    uint32_t nres = pairs + (a->has_else ? 1 : 0);
    xnode **conds = bs_arena_alloc(&b->p->build, sizeof *conds * (pairs + 1));
    xnode **res = bs_arena_alloc(&b->p->build, sizeof *res * (nres + 1));
    if (!conds || !res) return NULL;
    for (uint32_t i = 0; i < pairs; i++) {
        xnode *w = build(b, a->kids[k + 2 * i]);
        if (!w) return NULL;
        if (value && !(w = xbuild_compare(b, XOP_EQ, value, w, w->off, w->end))) return NULL;
        conds[i] = w;
        if (!(res[i] = build(b, a->kids[k + 2 * i + 1]))) return NULL;
    }
    if (a->has_else && !(res[pairs] = build(b, a->kids[a->nkids - 1]))) return NULL;
    xtype t;
    if (!xagg_type(b, "case", res, nres, a->off, &t)) return NULL;
    xnode *n = xnode_new(b, xeval_case, &t, (uint16_t)(2 * pairs + (a->has_else ? 1 : 0)), a->off);
    if (!n) return NULL;
    n->name = "case";
    n->end = a->end;
    n->ival = (int32_t)pairs;
    for (uint32_t i = 0; i < pairs; i++) {
        n->args[2 * i] = conds[i];
        n->args[2 * i + 1] = t.tp == BS_TYPE_NULL ? res[i] : xcast_to_type(b, res[i], &t, false);
        if (!n->args[2 * i + 1]) return NULL;
    }
    if (a->has_else) {
        n->args[2 * pairs] =
            t.tp == BS_TYPE_NULL ? res[pairs] : xcast_to_type(b, res[pairs], &t, false);
        if (!n->args[2 * pairs]) return NULL;
    }
    return finish_fn(b, n, false);
}

static xnode *build_cast(xbuild *b, const xast *a)
{
    xnode *x = build(b, a->kids[0]);
    if (!x) return NULL;
    const xcast_target *ct = &a->ct;
    xtype t;
    xtype_init(&t, ct->tp);
    switch (ct->tp) {
    case BS_TYPE_LONGLONG:
        if (ct->is_unsigned) t.flags |= XF_UNSIGNED;
        break;
    case BS_TYPE_NEWDECIMAL:
        t.flen = ct->len;
        t.decimal = ct->decimal < 0 ? 0 : ct->decimal;
        break;
    case BS_TYPE_DATE: t.decimal = 0; break;
    case BS_TYPE_DATETIME:
    case BS_TYPE_TIME: t.decimal = ct->decimal < 0 ? 0 : ct->decimal; break;
    case BS_TYPE_VAR_STRING: {
        uint16_t coll = ct->coll ? ct->coll : XCOLL_UTF8MB4_BIN;
        xtype_string(&t, coll, XCOER_IMPLICIT);
        t.flen = ct->len;
        if (ct->binary) t.flags |= XF_BINARY;
        break;
    }
    case BS_TYPE_JSON: t.coll = XCOLL_UTF8MB4_BIN; break;
    default: break;
    }
    xnode *c = cast_node(b, x, &t, true);
    if (!c) return NULL;
    c->ival = ct->tp == BS_TYPE_VAR_STRING ? ct->len : XUNSPEC;
    if (ct->tp == BS_TYPE_VAR_STRING && ct->binary && ct->len >= 0 && !ct->using_cs)
        c->flags |= 2; /* BINARY(n): pad with 0x00 */
    c->off = a->off;
    c->end = a->end;
    return xfold(b, c);
}

static xnode *build_collate(xbuild *b, const xast *a)
{
    xnode *x = build(b, a->kids[0]);
    if (!x) return NULL;
    char name[72];
    snprintf(name, sizeof name, "%.*s", (int)(a->s.len < 64 ? a->s.len : 64), a->s.ptr);
    uint16_t coll = bs_rules_expr_collation_id(name);
    if (!strcasecmp(name, "binary")) coll = XCOLL_BINARY;
    if (!coll) {
        xbuild_fail(b, BS_EINVAL, a->off, "Unknown collation: '%s'", name);
        return NULL;
    }
    if (xet_of(&x->tp) != XET_STRING) x = xcast_to(b, x, XET_STRING);
    if (!x) return NULL;
    int cs = node_cs(&x->tp), ncs = xcoll_cs(coll);
    if (cs != ncs && !(cs == XCS_UTF8 && ncs == XCS_UTF8MB4) && cs != XCS_BINARY) {
        xbuild_fail(b, BS_EINVAL, a->off, "COLLATION '%s' is not valid for CHARACTER SET", name);
        return NULL;
    }
    xtype t = x->tp;
    t.coll = coll;
    t.coer = XCOER_EXPLICIT;
    if (coll == XCOLL_BINARY)
        t.flags |= XF_BINARY;
    else
        t.flags &= (uint8_t)~XF_BINARY;
    xnode *n = xnode_new(b, xeval_collate, &t, 1, a->off);
    if (!n) return NULL;
    n->name = "collate";
    n->end = a->end;
    n->args[0] = x;
    return finish_fn(b, n, false);
}

/* Aggregates and window functions TiDB refuses in a simple expression. */
static const char *const aggregates[] = {"count",
                                         "sum",
                                         "avg",
                                         "min",
                                         "max",
                                         "group_concat",
                                         "bit_and",
                                         "bit_or",
                                         "bit_xor",
                                         "std",
                                         "stddev",
                                         "stddev_pop",
                                         "stddev_samp",
                                         "var_pop",
                                         "var_samp",
                                         "variance",
                                         "json_arrayagg",
                                         "json_objectagg",
                                         "approx_count_distinct",
                                         "approx_percentile",
                                         "row_number",
                                         "rank",
                                         "dense_rank",
                                         "lag",
                                         "lead",
                                         "first_value",
                                         "last_value",
                                         "nth_value",
                                         "ntile",
                                         "cume_dist",
                                         "percent_rank",
                                         "grouping"};

static xnode *build_func(xbuild *b, const xast *a)
{
    /* the name as written (the parser keeps it in s2) */
    int nl = (int)(a->s2.len ? a->s2.len : a->s.len);
    const char *nm = a->s2.len ? a->s2.ptr : a->s.ptr;
    for (size_t i = 0; i < sizeof aggregates / sizeof aggregates[0]; i++) {
        if (a->s.len == strlen(aggregates[i]) && !strncasecmp(a->s.ptr, aggregates[i], a->s.len)) {
            xbuild_fail(b, BS_EINVAL, a->off,
                        "aggregate and window functions (%.*s) cannot be used in an expression "
                        "filter",
                        nl, nm);
            return NULL;
        }
    }
    /* arguments first: TiDB's rewriter resolves them before the call */
    xnode *args[256];
    for (uint32_t i = 0; i < a->nkids; i++) {
        const xast *k = a->kids[i];
        /* an INTERVAL argument is its value; the unit travels in the AST */
        if (!(args[i] = build(b, k->kind == XA_INTERVAL ? k->kids[0] : k))) return NULL;
    }
    const xfunc *f = xfunc_find(a->s.ptr, a->s.len);
    if (!f) {
        if (xfunc_nondeterministic(a->s.ptr, a->s.len))
            xbuild_fail(b, BS_EUNSUPPORTED, a->off,
                        "function %.*s is nondeterministic or depends on the session: binsift "
                        "cannot predict it",
                        nl, nm);
        else if (xfunc_tidb_has(a->s.ptr, a->s.len))
            xbuild_fail(b, BS_EUNSUPPORTED, a->off, "function %.*s is not supported by binsift", nl,
                        nm);
        else
            xbuild_fail(b, BS_EINVAL, a->off, "FUNCTION %.*s does not exist", nl, nm);
        return NULL;
    }
    if ((f->min_args >= 0 && (int)a->nkids < f->min_args) ||
        (f->max_args >= 0 && (int)a->nkids > f->max_args)) {
        xbuild_fail(b, BS_EINVAL, a->off,
                    "Incorrect parameter count in the call to native function '%s'", f->name);
        return NULL;
    }
    xnode *n = f->build(b, f, args, a->nkids, a);
    if (!n) return NULL;
    n->off = a->off;
    if (a->end > n->end) n->end = a->end;
    if (!n->name) n->name = f->name;
    return finish_fn(b, n, f->nofold);
}

static xnode *build_json_arrow(xbuild *b, const xast *a)
{
    /* c->'p' is JSON_EXTRACT(c, 'p'); c->>'p' is JSON_UNQUOTE of that */
    xast call;
    memset(&call, 0, sizeof call);
    call.kind = XA_FUNC;
    call.off = a->off;
    call.end = a->end;
    call.s.ptr = "json_extract";
    call.s.len = 12;
    xast *kids[2] = {a->kids[0], a->kids[1]};
    call.kids = kids;
    call.nkids = 2;
    xnode *ex = build_func(b, &call);
    if (!ex || !a->ival) return ex;
    const xfunc *uq = xfunc_find("json_unquote", 12);
    xast ucall = call;
    ucall.s.ptr = "json_unquote";
    ucall.nkids = 1;
    xnode *args[1] = {ex};
    xnode *n = uq->build(b, uq, args, 1, &ucall);
    if (!n) return NULL;
    n->off = a->off;
    n->end = a->end;
    n->name = uq->name;
    return finish_fn(b, n, false);
}

static xnode *build(xbuild *b, const xast *a)
{
    if (b->err->code || b->p->state == BS_RULES_EXPR_UNKNOWN_COLUMN) return NULL;
    xtype t;
    xnode *n;
    switch (a->kind) {
    case XA_INT: return build_int_literal(b, a);
    case XA_DEC:
        xtype_init(&t, BS_TYPE_NEWDECIMAL);
        n = const_node(b, &t, a->off, a->end);
        if (!n) return NULL;
        if (xdec_from_str(&n->cval.v.dec, a->s.ptr, a->s.len, NULL) == XDEC_OVERFLOW) {
            xtype_init(&n->tp, BS_TYPE_DOUBLE);
            char buf[512];
            snprintf(buf, sizeof buf, "%.*s", (int)(a->s.len < 500 ? a->s.len : 500), a->s.ptr);
            n->cval.v.d = strtod(buf, NULL);
            return n;
        }
        n->tp.decimal = n->cval.v.dec.frac;
        n->tp.flen = n->cval.v.dec.intg + n->cval.v.dec.frac;
        return n;
    case XA_FLOAT: {
        xtype_init(&t, BS_TYPE_DOUBLE);
        n = const_node(b, &t, a->off, a->end);
        if (!n) return NULL;
        char buf[512];
        snprintf(buf, sizeof buf, "%.*s", (int)(a->s.len < 500 ? a->s.len : 500), a->s.ptr);
        n->cval.v.d = strtod(buf, NULL);
        if (!isfinite(n->cval.v.d)) {
            xbuild_fail(b, BS_EINVAL, a->off, "DOUBLE value is out of range in '%s'", buf);
            return NULL;
        }
        return n;
    }
    case XA_STRING: return build_string_literal(b, a, false);
    case XA_HEX:
    case XA_BIT: return build_string_literal(b, a, true);
    case XA_NULL:
        xtype_init(&t, BS_TYPE_NULL);
        t.coer = XCOER_IGNORABLE;
        n = const_node(b, &t, a->off, a->end);
        if (n) n->cval.null = 1;
        return n;
    case XA_BOOL:
        xtype_init(&t, BS_TYPE_LONGLONG);
        t.flags |= XF_BOOL | XF_NOT_NULL;
        t.flen = 1;
        n = const_node(b, &t, a->off, a->end);
        if (n) n->cval.v.i = a->ival;
        return n;
    case XA_TEMPORAL_LIT: return build_temporal_literal(b, a);
    case XA_COLUMN: return build_column(b, a);
    case XA_UNARY: return build_unary(b, a);
    case XA_BINARY: return build_binary(b, a);
    case XA_IS: return build_is(b, a);
    case XA_IN: return build_in(b, a);
    case XA_BETWEEN: return build_between(b, a);
    case XA_LIKE: return build_like(b, a);
    case XA_REGEXP: return build_regexp(b, a);
    case XA_CASE: return build_case(b, a);
    case XA_FUNC: return build_func(b, a);
    case XA_CAST: return build_cast(b, a);
    case XA_COLLATE: return build_collate(b, a);
    case XA_JSON_ARROW: return build_json_arrow(b, a);
    case XA_INTERVAL:
        xbuild_fail(b, BS_EINVAL, a->off,
                    "INTERVAL can only be added to or subtracted from a date");
        return NULL;
    default:
        xbuild_fail(b, BS_EUNSUPPORTED, a->off, "construct not supported by binsift");
        return NULL;
    }
}

/* ---- REGEXP patterns ---- */

static bool regexp_precompile(xbuild *b, xnode *n)
{
    xnode *pat = n->args[1];
    if (pat->eval != xeval_const || pat->cval.null) return true;
    if (memchr(pat->cval.v.s.p, 0, pat->cval.v.s.n)) {
        xbuild_fail(b, BS_EUNSUPPORTED, n->off, "a REGEXP pattern with a NUL byte");
        return false;
    }
    char *text = bs_arena_alloc(&b->p->build, pat->cval.v.s.n + 1);
    xregex_item *item = bs_arena_alloc(&b->p->build, sizeof *item);
    if (!text || !item) {
        xbuild_fail(b, BS_ENOMEM, n->off, "out of memory");
        return false;
    }
    memcpy(text, pat->cval.v.s.p, pat->cval.v.s.n);
    text[pat->cval.v.s.n] = 0;
    int kind = xcoll_kind(n->coll);
    bool caseless = kind == XCK_GENERAL_CI || kind == XCK_UNICODE_CI;
    bs_regex *re = NULL;
    bs_error e;
    bs_error_clear(&e);
    if (bs_regex_compile(text, caseless, &re, &e)) {
        xbuild_fail(b, e.code == BS_ENOMEM ? BS_ENOMEM : BS_EINVAL, pat->off,
                    "Got error '%s' from regexp", e.message);
        return false;
    }
    /* the program owns it (a folded node may drop out of the tree) */
    item->re = re;
    item->next = b->p->regexes;
    b->p->regexes = item;
    n->aux = re;
    return true;
}

/* ---- compile API ---- */

void bs_rules_expr_free(bs_rules_expr *p)
{
    if (!p) return;
    for (xregex_item *r = p->regexes; r; r = r->next)
        bs_regex_free(r->re);
    bs_arena_free(&p->build);
    bs_arena_free(&p->scratch);
    bs_buf_free(&p->tmp);
    free(p->text);
    free(p);
}

static int copy_table(xprog *p, const bs_rules_expr_table *t, bs_error *err)
{
    p->ncols = t ? t->ncols : 0;
    if (!p->ncols) return 0;
    p->cols = bs_arena_alloc(&p->build, sizeof *p->cols * p->ncols);
    p->colval = bs_arena_alloc(&p->build, sizeof *p->colval * p->ncols);
    p->colstate = bs_arena_alloc(&p->build, p->ncols);
    if (!p->cols || !p->colval || !p->colstate)
        return bs_error_set(err, BS_ENOMEM, "", BS_NO_OFFSET, "out of memory");
    for (uint32_t i = 0; i < p->ncols; i++) {
        bs_rules_expr_column c = t->cols[i];
        char *name = bs_arena_alloc(&p->build, c.name.len + 1);
        if (!name) return bs_error_set(err, BS_ENOMEM, "", BS_NO_OFFSET, "out of memory");
        if (c.name.len) memcpy(name, c.name.ptr, c.name.len);
        name[c.name.len] = 0;
        c.name.ptr = name;
        if (c.n_members) {
            bs_rules_expr_str *m = bs_arena_alloc(&p->build, sizeof *m * c.n_members);
            if (!m) return bs_error_set(err, BS_ENOMEM, "", BS_NO_OFFSET, "out of memory");
            for (uint32_t k = 0; k < c.n_members; k++) {
                char *s = bs_arena_alloc(&p->build, c.members[k].len + 1);
                if (!s) return bs_error_set(err, BS_ENOMEM, "", BS_NO_OFFSET, "out of memory");
                if (c.members[k].len) memcpy(s, c.members[k].ptr, c.members[k].len);
                s[c.members[k].len] = 0;
                m[k].ptr = s;
                m[k].len = c.members[k].len;
            }
            c.members = m;
        }
        p->cols[i] = c;
    }
    return 0;
}

int bs_rules_expr_compile(const char *text, size_t len, const bs_rules_expr_table *table,
                          bs_rules_expr **out, bs_error *err)
{
    *out = NULL;
    bs_error_clear(err);
    xprog *p = calloc(1, sizeof *p);
    if (!p) return bs_error_set(err, BS_ENOMEM, "", BS_NO_OFFSET, "out of memory");
    p->text = malloc(len + 1);
    if (!p->text) {
        free(p);
        return bs_error_set(err, BS_ENOMEM, "", BS_NO_OFFSET, "out of memory");
    }
    if (len) memcpy(p->text, text, len);
    p->text[len] = 0;
    p->text_len = len;
    p->err = err;
    int rc = copy_table(p, table, err);
    xast *ast = NULL;
    if (!rc) rc = xparse(p->text, len, &p->build, &ast, err);
    if (!rc) {
        bs_rules_expr_table empty = {{0}, {0}, NULL, 0};
        xbuild b = {p, err, table ? table : &empty, 0};
        p->root = build(&b, ast);
        if (p->state == BS_RULES_EXPR_UNKNOWN_COLUMN) {
            /* DM: "meet unknown column ... return a FALSE expression instead" */
            bs_error_clear(err);
            xtype t;
            xtype_init(&t, BS_TYPE_LONGLONG);
            p->root = const_node(&b, &t, 0, 0);
            if (!p->root) rc = err->code ? err->code : BS_ENOMEM;
        } else if (!p->root) {
            rc = err->code ? err->code : BS_EINVAL;
        }
    }
    p->err = NULL;
    if (rc) {
        bs_rules_expr_free(p);
        return rc;
    }
    *out = p;
    return 0;
}

void bs_rules_expr_info_get(const bs_rules_expr *p, bs_rules_expr_info *out)
{
    memset(out, 0, sizeof *out);
    out->state = p->state;
    out->unknown_name = p->unknown_name;
    out->unknown_offset = p->unknown_off;
    out->result_type = p->root ? p->root->tp.tp : BS_TYPE_LONGLONG;
}

int bs_rules_expr_check_syntax(const char *text, size_t len, bs_error *err)
{
    bs_arena arena = {0};
    xast *ast;
    int rc = xparse(text, len, &arena, &ast, err);
    bs_arena_free(&arena);
    if (rc == BS_EUNSUPPORTED) {
        bs_error_clear(err);
        return 0;
    }
    if (rc == BS_EINVAL) err->dm_code = 20041;
    return rc;
}
