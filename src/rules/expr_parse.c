/*
 * expr_parse.c - the expression grammar of TiDB's parser, as DM uses it.
 *
 * DM parses a filter as `SELECT <text>` and takes the first field. This is a
 * recursive-descent rendering of the Expression part of TiDB's parser.y, with
 * its precedence and its quirks:
 *
 *   Expression  := Expression (OR | ||) Expression | ... XOR ... | ... (AND | &&) ...
 *                | NOT Expression | BoolPri IS [NOT] {TRUE|FALSE|UNKNOWN} | BoolPri
 *   BoolPri     := BoolPri IS [NOT] NULL | BoolPri CompareOp PredicateExpr | PredicateExpr
 *   PredicateExpr := BitExpr [NOT] IN (list) | BitExpr [NOT] BETWEEN BitExpr AND PredicateExpr
 *                | BitExpr [NOT] LIKE SimpleExpr [ESCAPE 'c'] | BitExpr [NOT] REGEXP SimpleExpr
 *                | BitExpr
 *   BitExpr     := | < & < << >> < + - (and + INTERVAL e unit) < * / % DIV MOD < ^ over SimpleExpr
 *   SimpleExpr  := ! ~ - + BINARY SimpleExpr | SimpleExpr COLLATE name | literal | column
 *                | column -> 'path' | function call | CASE | CAST | CONVERT | ( Expression )
 *
 * So NOT binds looser than comparisons (NOT a = b is NOT (a = b)) while !
 * binds tighter than ^; the right operand of LIKE/REGEXP is a SimpleExpr;
 * IS TRUE applies to a BoolPri. Functions with their own syntax (CAST,
 * CONVERT, TRIM, POSITION, SUBSTRING ... FROM, EXTRACT, DATE_ADD with
 * INTERVAL, TIMESTAMPDIFF with a unit) are parsed here into plain calls.
 *
 * Errors say where and what was expected. Syntax TiDB rejects is BS_EINVAL;
 * syntax TiDB accepts but DM cannot evaluate in a filter (subqueries,
 * variables, parameters) is BS_EINVAL too, with TiDB's reason; syntax
 * binsift does not implement (row constructors, MEMBER OF, ...) is
 * BS_EUNSUPPORTED. Nesting is bounded (XMAX_DEPTH, XMAX_TREE, XMAX_NODES).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binsift/value.h"
#include "rules/expr_internal.h"

typedef struct xparser {
    xlexer lx;
    xtok tok;
    bs_arena *arena;
    bs_error *err;
    int depth;
    uint32_t nodes;
    bool failed;
} xparser;

/* ---- plumbing ---- */

static void near_text(const xparser *P, uint32_t off, char *buf, size_t cap)
{
    size_t n = P->lx.n > off ? P->lx.n - off : 0;
    if (n == 0) {
        snprintf(buf, cap, "end of expression");
        return;
    }
    if (n > 20) n = 20;
    snprintf(buf, cap, "'%.*s'", (int)n, P->lx.s + off);
}

static xast *fail(xparser *P, int code, uint32_t off, const char *fmt, const char *what)
{
    if (P->failed) return NULL;
    P->failed = true;
    char near[40];
    near_text(P, off, near, sizeof near);
    char msg[300];
    snprintf(msg, sizeof msg, fmt, what);
    if (code == BS_EINVAL)
        bs_error_set(P->err, code, "", off, "syntax error at offset %u near %s: %s", off, near,
                     msg);
    else
        bs_error_set(P->err, code, "", off, "offset %u: %s", off, msg);
    return NULL;
}

static xast *expected(xparser *P, const char *what)
{
    return fail(P, BS_EINVAL, P->tok.off, "expected %s", what);
}

static bool advance(xparser *P)
{
    int rc = xlex_next(&P->lx, &P->tok);
    if (rc) {
        P->failed = true;
        return false;
    }
    return true;
}

/* The token after the current one, without consuming anything. */
static xtok peek(xparser *P)
{
    xlexer save = P->lx;
    bs_error e;
    save.err = &e;
    xtok t;
    if (xlex_next(&save, &t)) t.kind = XT_EOF;
    return t;
}

static bool is_op(const xtok *t, int op)
{
    return t->kind == XT_OP && t->op == op;
}

static bool accept_op(xparser *P, int op)
{
    if (!is_op(&P->tok, op)) return false;
    return advance(P);
}

static bool accept_kw(xparser *P, const char *kw)
{
    if (!xtok_is(&P->tok, kw)) return false;
    return advance(P);
}

static bool expect_op(xparser *P, int op, const char *what)
{
    if (is_op(&P->tok, op)) return advance(P);
    expected(P, what);
    return false;
}

static xast *node(xparser *P, int kind, uint32_t off, uint32_t nkids)
{
    if (++P->nodes > XMAX_NODES)
        return fail(P, BS_ELIMIT, off, "%s", "expression has too many terms for binsift");
    xast *a = bs_arena_alloc(P->arena, sizeof *a);
    if (!a) {
        P->failed = true;
        bs_error_set(P->err, BS_ENOMEM, "", BS_NO_OFFSET, "out of memory");
        return NULL;
    }
    memset(a, 0, sizeof *a);
    a->kind = (uint8_t)kind;
    a->off = off;
    a->end = off;
    a->depth = 1;
    a->ct.decimal = XUNSPEC;
    a->ct.len = XUNSPEC;
    if (nkids) {
        a->kids = bs_arena_alloc(P->arena, sizeof *a->kids * nkids);
        if (!a->kids) {
            P->failed = true;
            bs_error_set(P->err, BS_ENOMEM, "", BS_NO_OFFSET, "out of memory");
            return NULL;
        }
        memset(a->kids, 0, sizeof *a->kids * nkids);
    }
    return a;
}

/* Attach kids (already parsed) and check the tree height. */
static xast *seal(xparser *P, xast *a)
{
    if (!a) return NULL;
    uint16_t h = 0;
    for (uint32_t i = 0; i < a->nkids; i++) {
        if (!a->kids[i]) continue;
        if (a->kids[i]->depth > h) h = a->kids[i]->depth;
        if (a->kids[i]->end > a->end) a->end = a->kids[i]->end;
    }
    a->depth = (uint16_t)(h + 1);
    if (a->depth > XMAX_TREE)
        return fail(P, BS_ELIMIT, a->off, "%s", "expression nests deeper than binsift's limit");
    return a;
}

static xast *binary(xparser *P, int op, xast *l, xast *r, uint32_t off)
{
    if (!l || !r) return NULL;
    xast *a = node(P, XA_BINARY, off, 2);
    if (!a) return NULL;
    a->op = (uint8_t)op;
    a->kids[0] = l;
    a->kids[1] = r;
    a->nkids = 2;
    a->off = l->off;
    return seal(P, a);
}

static xast *unary(xparser *P, int op, xast *x, uint32_t off)
{
    if (!x) return NULL;
    xast *a = node(P, XA_UNARY, off, 1);
    if (!a) return NULL;
    a->op = (uint8_t)op;
    a->kids[0] = x;
    a->nkids = 1;
    return seal(P, a);
}

static bool enter(xparser *P)
{
    if (++P->depth > XMAX_DEPTH) {
        fail(P, BS_ELIMIT, P->tok.off, "%s", "expression nests deeper than binsift's limit");
        return false;
    }
    return true;
}

/* Words that cannot be a bare column name (TiDB reserved words that can
 * appear in this grammar, plus statement words). */
static const char *const reserved[] = {
    "ADD",   "ALL",      "ALTER",   "AND",    "AS",         "ASC",    "BETWEEN",  "BY",
    "CASE",  "CHECK",    "COLLATE", "COLUMN", "CONSTRAINT", "CREATE", "CROSS",    "DELETE",
    "DESC",  "DISTINCT", "DIV",     "DROP",   "ELSE",       "EXISTS", "FALSE",    "FOR",
    "FROM",  "GROUP",    "HAVING",  "IN",     "INDEX",      "INSERT", "INTERVAL", "INTO",
    "IS",    "JOIN",     "KEY",     "LIKE",   "LIMIT",      "MOD",    "NOT",      "NULL",
    "ON",    "OR",       "ORDER",   "REGEXP", "RLIKE",      "SELECT", "SET",      "TABLE",
    "THEN",  "TO",       "TRUE",    "UNION",  "UPDATE",     "USING",  "VALUES",   "WHEN",
    "WHERE", "WITH",     "XOR",     "BINARY", "CONVERT",    "CAST",   "ESCAPE",   "UNKNOWN"};

static bool is_reserved(const xtok *t)
{
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (xtok_is(t, reserved[i])) return true;
    return false;
}

/* ---- forward declarations ---- */
static xast *p_expr(xparser *P);
static xast *p_bitexpr(xparser *P, int level);
static xast *p_simple(xparser *P);
static xast *p_predicate(xparser *P);

/* ---- literals ---- */

static xast *p_string(xparser *P, uint16_t intro_coll, uint32_t off)
{
    /* adjacent literals concatenate: 'a' 'b' is 'ab' */
    size_t total = 0;
    xlexer save = P->lx;
    xtok t = P->tok;
    while (t.kind == XT_STRING || (total == 0 && t.kind == XT_NSTRING)) {
        total += t.n;
        bs_error e;
        xlexer l2 = save;
        l2.err = &e;
        if (xlex_next(&l2, &t)) break;
        save = l2;
    }
    char *buf = bs_arena_alloc(P->arena, total + 1);
    if (!buf) return fail(P, BS_ENOMEM, off, "%s", "out of memory");
    size_t o = 0;
    bool national = P->tok.kind == XT_NSTRING;
    uint32_t end = P->tok.end;
    do {
        if (P->tok.n) memcpy(buf + o, P->tok.p, P->tok.n);
        o += P->tok.n;
        end = P->tok.end;
        if (!advance(P)) return NULL;
    } while (P->tok.kind == XT_STRING);
    xast *a = node(P, XA_STRING, off, 0);
    if (!a) return NULL;
    a->s.ptr = buf;
    a->s.len = o;
    a->ival = national ? XCOLL_UTF8_BIN : intro_coll;
    a->end = end;
    return a;
}

/* A charset introducer (_utf8mb4 'x'): the charset's TiDB default collation. */
static uint16_t introducer(const xtok *t)
{
    static const struct {
        const char *name;
        uint16_t coll;
    } cs[] = {{"_UTF8MB4", XCOLL_UTF8MB4_BIN}, {"_UTF8", XCOLL_UTF8_BIN},
              {"_UTF8MB3", XCOLL_UTF8_BIN},    {"_LATIN1", XCOLL_LATIN1_BIN},
              {"_BINARY", XCOLL_BINARY},       {"_ASCII", XCOLL_ASCII_BIN}};
    for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++)
        if (xtok_is(t, cs[i].name)) return cs[i].coll;
    return 0;
}

static xast *p_literal_binary(xparser *P, uint16_t intro, uint32_t off)
{
    xast *a = node(P, P->tok.kind == XT_HEX ? XA_HEX : XA_BIT, off, 0);
    if (!a) return NULL;
    a->s.ptr = P->tok.p;
    a->s.len = P->tok.n;
    a->ival = intro;
    a->end = P->tok.end;
    advance(P);
    return a;
}

/* ---- units, cast types ---- */

static int p_unit(xparser *P)
{
    if (P->tok.kind != XT_IDENT) {
        expected(P, "a time unit (DAY, HOUR, ...)");
        return -1;
    }
    int u = xunit_from_name(P->tok.p, P->tok.n);
    if (u < 0) {
        expected(P, "a time unit (DAY, HOUR, ...)");
        return -1;
    }
    advance(P);
    return u;
}

/* INTERVAL expr unit, the INTERVAL already consumed. */
static xast *p_interval(xparser *P, uint32_t off)
{
    xast *v = p_expr(P);
    if (!v) return NULL;
    int u = p_unit(P);
    if (u < 0) return NULL;
    xast *a = node(P, XA_INTERVAL, off, 1);
    if (!a) return NULL;
    a->kids[0] = v;
    a->nkids = 1;
    a->ival = u;
    return seal(P, a);
}

/* The value of the current XT_INT token, at most 9 digits (the input is not
 * NUL-terminated, so no strtol). */
static int32_t tok_small_int(const xparser *P)
{
    int32_t v = 0;
    for (size_t i = 0; i < P->tok.n && i < 9; i++)
        v = v * 10 + (P->tok.p[i] - '0');
    return v;
}

static bool p_paren_int(xparser *P, int32_t *out)
{
    if (!accept_op(P, '(')) return true;
    if (P->tok.kind != XT_INT || P->tok.n > 9) {
        expected(P, "a number");
        return false;
    }
    *out = tok_small_int(P);
    advance(P);
    return expect_op(P, ')', "')'");
}

/* CHARACTER SET name / CHARSET name after CHAR(n). */
static bool p_charset_spec(xparser *P, xcast_target *ct)
{
    bool cs = false;
    if (accept_kw(P, "CHARACTER")) {
        if (!accept_kw(P, "SET")) {
            expected(P, "SET");
            return false;
        }
        cs = true;
    } else if (accept_kw(P, "CHARSET")) {
        cs = true;
    } else if (accept_kw(P, "BINARY")) {
        ct->binary = 1;
        ct->coll = XCOLL_BINARY;
        return true;
    } else if (accept_kw(P, "ASCII")) {
        ct->coll = XCOLL_LATIN1_BIN;
        return true;
    } else if (accept_kw(P, "UNICODE")) {
        fail(P, BS_EUNSUPPORTED, P->tok.off, "%s", "CHAR ... UNICODE is not supported");
        return false;
    }
    if (!cs) return true;
    if (P->tok.kind != XT_IDENT && P->tok.kind != XT_QIDENT && P->tok.kind != XT_STRING) {
        expected(P, "a character set name");
        return false;
    }
    char name[40];
    snprintf(name, sizeof name, "_%.*s", (int)(P->tok.n < 30 ? P->tok.n : 30), P->tok.p);
    xtok fake = P->tok;
    fake.kind = XT_IDENT;
    fake.p = name;
    fake.n = strlen(name);
    uint16_t coll = introducer(&fake);
    if (!coll) {
        fail(P, BS_EINVAL, P->tok.off, "%s", "unknown character set");
        return false;
    }
    ct->coll = coll;
    ct->binary = coll == XCOLL_BINARY;
    advance(P);
    return true;
}

static bool p_cast_type(xparser *P, xcast_target *ct)
{
    ct->decimal = XUNSPEC;
    ct->len = XUNSPEC;
    uint32_t off = P->tok.off;
    if (accept_kw(P, "BINARY")) {
        ct->tp = BS_TYPE_VAR_STRING;
        ct->binary = 1;
        ct->coll = XCOLL_BINARY;
        return p_paren_int(P, &ct->len);
    }
    if (accept_kw(P, "CHAR") || accept_kw(P, "NCHAR")) {
        ct->tp = BS_TYPE_VAR_STRING;
        if (!p_paren_int(P, &ct->len)) return false;
        return p_charset_spec(P, ct);
    }
    if (accept_kw(P, "DATE")) {
        ct->tp = BS_TYPE_DATE;
        return true;
    }
    if (accept_kw(P, "DATETIME")) {
        ct->tp = BS_TYPE_DATETIME;
        ct->decimal = 0;
        int32_t f = 0;
        if (!p_paren_int(P, &f)) return false;
        if (f > 6) {
            fail(P, BS_EINVAL, off, "%s", "too big precision specified (max 6)");
            return false;
        }
        ct->decimal = (int8_t)f;
        return true;
    }
    if (accept_kw(P, "TIME")) {
        ct->tp = BS_TYPE_TIME;
        int32_t f = 0;
        if (!p_paren_int(P, &f)) return false;
        if (f > 6) {
            fail(P, BS_EINVAL, off, "%s", "too big precision specified (max 6)");
            return false;
        }
        ct->decimal = (int8_t)f;
        return true;
    }
    if (accept_kw(P, "DECIMAL") || accept_kw(P, "DEC") || accept_kw(P, "NUMERIC")) {
        ct->tp = BS_TYPE_NEWDECIMAL;
        ct->len = 10;
        ct->decimal = 0;
        int32_t scale = 0;
        if (accept_op(P, '(')) {
            if (P->tok.kind != XT_INT || P->tok.n > 3) {
                expected(P, "a precision");
                return false;
            }
            ct->len = tok_small_int(P);
            advance(P);
            if (accept_op(P, ',')) {
                if (P->tok.kind != XT_INT || P->tok.n > 3) {
                    expected(P, "a scale");
                    return false;
                }
                scale = tok_small_int(P);
                advance(P);
            }
            if (!expect_op(P, ')', "')'")) return false;
        }
        if (ct->len > XDEC_MAX_PREC) {
            fail(P, BS_EINVAL, off, "%s", "too big precision specified (max 65)");
            return false;
        }
        if (scale > XDEC_MAX_SCALE || scale > ct->len) {
            fail(P, BS_EINVAL, off, "%s", "bad DECIMAL scale (at most 30 and the precision)");
            return false;
        }
        ct->decimal = (int8_t)scale;
        if (ct->len == 0) ct->len = 10;
        return true;
    }
    if (accept_kw(P, "SIGNED") || accept_kw(P, "UNSIGNED")) {
        ct->tp = BS_TYPE_LONGLONG;
        ct->is_unsigned = P->lx.s[off] == 'u' || P->lx.s[off] == 'U';
        if (!accept_kw(P, "INTEGER")) accept_kw(P, "INT");
        return true;
    }
    if (accept_kw(P, "DOUBLE")) {
        ct->tp = BS_TYPE_DOUBLE;
        accept_kw(P, "PRECISION");
        return true;
    }
    if (accept_kw(P, "REAL")) {
        ct->tp = BS_TYPE_DOUBLE;
        return true;
    }
    if (accept_kw(P, "FLOAT")) {
        int32_t p = XUNSPEC;
        if (!p_paren_int(P, &p)) return false;
        ct->tp = p > 24 ? BS_TYPE_DOUBLE : BS_TYPE_FLOAT;
        return true;
    }
    if (accept_kw(P, "JSON")) {
        ct->tp = BS_TYPE_JSON;
        return true;
    }
    if (xtok_is(&P->tok, "YEAR") || xtok_is(&P->tok, "ARRAY") || xtok_is(&P->tok, "VECTOR")) {
        fail(P, BS_EUNSUPPORTED, off, "%s", "this CAST target type is not supported");
        return false;
    }
    expected(P, "a type (SIGNED, UNSIGNED, CHAR, BINARY, DECIMAL, DATE, DATETIME, TIME, DOUBLE, "
                "JSON)");
    return false;
}

/* ---- function calls ---- */

static xast *call_node(xparser *P, const char *name, uint32_t off, uint32_t cap)
{
    xast *a = node(P, XA_FUNC, off, cap);
    if (!a) return NULL;
    a->s.ptr = name;
    a->s.len = strlen(name);
    return a;
}

static bool add_kid(xparser *P, xast *a, xast *k, uint32_t cap)
{
    if (!k) return false;
    if (a->nkids >= cap) {
        fail(P, BS_ELIMIT, k->off, "%s", "too many arguments");
        return false;
    }
    a->kids[a->nkids++] = k;
    return true;
}

/* Generic argument list, '(' consumed. */
static xast *p_args(xparser *P, xast *a, uint32_t cap)
{
    if (accept_op(P, ')')) return seal(P, a);
    if (xtok_is(&P->tok, "DISTINCT") || xtok_is(&P->tok, "ALL") || is_op(&P->tok, '*'))
        return fail(P, BS_EINVAL, P->tok.off, "%s",
                    "aggregate functions cannot be used in an expression filter");
    for (;;) {
        if (!add_kid(P, a, p_expr(P), cap)) return NULL;
        if (accept_op(P, ',')) continue;
        if (!expect_op(P, ')', "',' or ')'")) return NULL;
        a->end = (uint32_t)P->lx.pos;
        return seal(P, a);
    }
}

static xast *p_trim(xparser *P, uint32_t off)
{
    xast *a = call_node(P, "trim", off, 2);
    if (!a) return NULL;
    int dir = 0;
    if (accept_kw(P, "BOTH"))
        dir = 1;
    else if (accept_kw(P, "LEADING"))
        dir = 2;
    else if (accept_kw(P, "TRAILING"))
        dir = 3;
    xast *rem = NULL, *str = NULL;
    if (dir && accept_kw(P, "FROM")) {
        str = p_expr(P);
    } else {
        xast *first = p_expr(P);
        if (!first) return NULL;
        if (accept_kw(P, "FROM")) {
            rem = first;
            str = p_expr(P);
        } else if (dir) {
            return expected(P, "FROM");
        } else {
            str = first;
        }
    }
    if (!str || !add_kid(P, a, str, 2)) return NULL;
    if (rem && !add_kid(P, a, rem, 2)) return NULL;
    a->ival = dir;
    if (!expect_op(P, ')', "')'")) return NULL;
    return seal(P, a);
}

static xast *p_substring(xparser *P, const char *name, uint32_t off)
{
    xast *a = call_node(P, name, off, 3);
    if (!a || !add_kid(P, a, p_expr(P), 3)) return NULL;
    if (accept_kw(P, "FROM")) {
        if (!add_kid(P, a, p_expr(P), 3)) return NULL;
        if (accept_kw(P, "FOR") && !add_kid(P, a, p_expr(P), 3)) return NULL;
        if (!expect_op(P, ')', "')'")) return NULL;
        return seal(P, a);
    }
    if (!expect_op(P, ',', "',' or FROM")) return NULL;
    return p_args(P, a, 3);
}

/* DATE_ADD(d, INTERVAL n unit) and friends; ADDDATE/SUBDATE also take days. */
static xast *p_date_arith(xparser *P, const char *name, uint32_t off, bool days_ok)
{
    xast *a = call_node(P, name, off, 2);
    if (!a || !add_kid(P, a, p_expr(P), 2)) return NULL;
    if (!expect_op(P, ',', "','")) return NULL;
    uint32_t ioff = P->tok.off;
    xast *iv;
    if (accept_kw(P, "INTERVAL")) {
        iv = p_interval(P, ioff);
    } else if (days_ok) {
        xast *n = p_expr(P);
        if (!n) return NULL;
        iv = node(P, XA_INTERVAL, ioff, 1);
        if (!iv) return NULL;
        iv->kids[0] = n;
        iv->nkids = 1;
        iv->ival = XU_DAY;
        iv = seal(P, iv);
    } else {
        return expected(P, "INTERVAL");
    }
    if (!add_kid(P, a, iv, 2)) return NULL;
    if (!expect_op(P, ')', "')'")) return NULL;
    return seal(P, a);
}

/* TIMESTAMPDIFF(unit, a, b) / TIMESTAMPADD(unit, n, d): the unit is ival. */
static xast *p_unit_call(xparser *P, const char *name, uint32_t off)
{
    xast *a = call_node(P, name, off, 2);
    if (!a) return NULL;
    uint32_t uoff = P->tok.off;
    int u = p_unit(P);
    if (u < 0) return NULL;
    if (u > XU_YEAR) return fail(P, BS_EINVAL, uoff, "%s", "this unit is not allowed here");
    a->ival = u;
    if (!expect_op(P, ',', "','")) return NULL;
    if (!add_kid(P, a, p_expr(P), 2)) return NULL;
    if (!expect_op(P, ',', "','")) return NULL;
    if (!add_kid(P, a, p_expr(P), 2)) return NULL;
    if (!expect_op(P, ')', "')'")) return NULL;
    return seal(P, a);
}

/* A call of a function whose name was just read ('(' is current). */
static xast *p_call(xparser *P, const xtok *name)
{
    uint32_t off = name->off;
    char lower[64];
    size_t n = name->n < sizeof lower - 1 ? name->n : sizeof lower - 1;
    for (size_t i = 0; i < n; i++) {
        char c = name->p[i];
        lower[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    lower[n] = 0;
    if (name->n >= sizeof lower - 1) return fail(P, BS_EINVAL, off, "%s", "function name too long");
    char *keep = bs_arena_alloc(P->arena, n + 1);
    if (!keep) return fail(P, BS_ENOMEM, off, "%s", "out of memory");
    memcpy(keep, lower, n + 1);
    if (!advance(P) || !expect_op(P, '(', "'('")) return NULL; /* the name, then '(' */
    if (name->kind == XT_IDENT) {
        if (!strcmp(keep, "trim")) return p_trim(P, off);
        if (!strcmp(keep, "substring") || !strcmp(keep, "substr")) return p_substring(P, keep, off);
        if (!strcmp(keep, "position")) {
            xast *a = call_node(P, "locate", off, 2);
            if (!a) return NULL;
            xast *sub = p_bitexpr(P, 1);
            if (!sub) return NULL;
            if (!accept_kw(P, "IN")) return expected(P, "IN");
            if (!add_kid(P, a, sub, 2) || !add_kid(P, a, p_expr(P), 2)) return NULL;
            if (!expect_op(P, ')', "')'")) return NULL;
            return seal(P, a);
        }
        if (!strcmp(keep, "extract")) {
            xast *a = call_node(P, "extract", off, 1);
            if (!a) return NULL;
            int u = p_unit(P);
            if (u < 0) return NULL;
            a->ival = u;
            if (!accept_kw(P, "FROM")) return expected(P, "FROM");
            if (!add_kid(P, a, p_expr(P), 1)) return NULL;
            if (!expect_op(P, ')', "')'")) return NULL;
            return seal(P, a);
        }
        if (!strcmp(keep, "date_add") || !strcmp(keep, "date_sub"))
            return p_date_arith(P, keep, off, false);
        if (!strcmp(keep, "adddate") || !strcmp(keep, "subdate"))
            return p_date_arith(P, keep, off, true);
        if (!strcmp(keep, "timestampdiff") || !strcmp(keep, "timestampadd"))
            return p_unit_call(P, keep, off);
    }
    xast *a = call_node(P, keep, off, 256);
    if (!a) return NULL;
    a->s.ptr = keep;
    a->s.len = n;
    a->s2.ptr = name->p; /* as written, for messages */
    a->s2.len = name->n;
    return p_args(P, a, 256);
}

/* ---- CASE, CAST, CONVERT ---- */

static xast *p_case(xparser *P, uint32_t off)
{
    enum { CAP = 512 };
    xast *a = node(P, XA_CASE, off, CAP);
    if (!a) return NULL;
    if (!xtok_is(&P->tok, "WHEN")) {
        a->has_value = 1;
        if (!add_kid(P, a, p_expr(P), CAP)) return NULL;
    }
    if (!xtok_is(&P->tok, "WHEN")) return expected(P, "WHEN");
    while (accept_kw(P, "WHEN")) {
        if (!add_kid(P, a, p_expr(P), CAP)) return NULL;
        if (!accept_kw(P, "THEN")) return expected(P, "THEN");
        if (!add_kid(P, a, p_expr(P), CAP)) return NULL;
    }
    if (accept_kw(P, "ELSE")) {
        a->has_else = 1;
        if (!add_kid(P, a, p_expr(P), CAP)) return NULL;
    }
    if (!xtok_is(&P->tok, "END")) return expected(P, "WHEN, ELSE or END");
    a->end = P->tok.end;
    advance(P);
    return seal(P, a);
}

static xast *p_cast(xparser *P, uint32_t off, bool convert)
{
    if (!expect_op(P, '(', "'('")) return NULL;
    xast *a = node(P, XA_CAST, off, 1);
    if (!a || !add_kid(P, a, p_expr(P), 1)) return NULL;
    if (convert && accept_kw(P, "USING")) {
        xcast_target ct = {0};
        ct.decimal = XUNSPEC;
        ct.len = XUNSPEC;
        char name[40];
        if (P->tok.kind != XT_IDENT && P->tok.kind != XT_QIDENT) return expected(P, "a charset");
        snprintf(name, sizeof name, "_%.*s", (int)(P->tok.n < 30 ? P->tok.n : 30), P->tok.p);
        xtok fake = P->tok;
        fake.kind = XT_IDENT;
        fake.p = name;
        fake.n = strlen(name);
        ct.coll = introducer(&fake);
        if (!ct.coll) return fail(P, BS_EINVAL, P->tok.off, "%s", "unknown character set");
        ct.tp = BS_TYPE_VAR_STRING;
        ct.binary = ct.coll == XCOLL_BINARY;
        ct.using_cs = 1;
        advance(P);
        a->ct = ct;
    } else {
        if (convert) {
            if (!expect_op(P, ',', "',' or USING")) return NULL;
        } else if (!accept_kw(P, "AS")) {
            return expected(P, "AS");
        }
        if (!p_cast_type(P, &a->ct)) return NULL;
    }
    a->end = P->tok.end;
    if (!expect_op(P, ')', "')'")) return NULL;
    return seal(P, a);
}

/* ---- columns ---- */

static bool is_name(const xtok *t)
{
    return t->kind == XT_QIDENT || (t->kind == XT_IDENT && !is_reserved(t));
}

static xast *p_column(xparser *P)
{
    bs_rules_expr_str parts[3];
    uint32_t off = P->tok.off, end = P->tok.end;
    int n = 0;
    for (;;) {
        if (n == 3) return fail(P, BS_EINVAL, P->tok.off, "%s", "too many name qualifiers");
        if (!is_name(&P->tok) && !(n > 0 && P->tok.kind == XT_IDENT))
            return expected(P, "a column name");
        parts[n].ptr = P->tok.p;
        parts[n].len = P->tok.n;
        n++;
        end = P->tok.end;
        if (!advance(P)) return NULL;
        if (!is_op(&P->tok, '.')) break;
        if (!advance(P)) return NULL;
    }
    xast *a = node(P, XA_COLUMN, off, 0);
    if (!a) return NULL;
    a->s = parts[n - 1];
    if (n >= 2) a->s2 = parts[n - 2];
    if (n == 3) a->s3 = parts[0];
    a->ival = n;
    a->end = end;
    return a;
}

/* ---- primary expressions ---- */

static const char *const niladic[] = {"CURRENT_TIMESTAMP", "CURRENT_DATE",   "CURRENT_TIME",
                                      "LOCALTIME",         "LOCALTIMESTAMP", "UTC_DATE",
                                      "UTC_TIME",          "UTC_TIMESTAMP",  "CURRENT_USER"};

static xast *p_primary(xparser *P)
{
    xtok t = P->tok;
    uint32_t off = t.off;
    switch (t.kind) {
    case XT_EOF: return expected(P, "an expression");
    case XT_INT:
    case XT_DEC:
    case XT_FLOAT: {
        xast *a = node(P, t.kind == XT_INT ? XA_INT : t.kind == XT_DEC ? XA_DEC : XA_FLOAT, off, 0);
        if (!a) return NULL;
        a->s.ptr = t.p;
        a->s.len = t.n;
        a->end = t.end;
        advance(P);
        return a;
    }
    case XT_STRING:
    case XT_NSTRING: return p_string(P, 0, off);
    case XT_HEX:
    case XT_BIT: return p_literal_binary(P, 0, off);
    case XT_OP:
        if (t.op == '(') {
            advance(P);
            if (xtok_is(&P->tok, "SELECT") || xtok_is(&P->tok, "WITH"))
                return fail(P, BS_EINVAL, P->tok.off, "%s",
                            "subqueries cannot be used in an expression filter");
            xast *e = p_expr(P);
            if (!e) return NULL;
            if (is_op(&P->tok, ','))
                return fail(P, BS_EUNSUPPORTED, off, "%s",
                            "row constructors are not supported by binsift");
            uint32_t end = P->tok.end;
            if (!expect_op(P, ')', "')'")) return NULL;
            e->end = end;
            return e;
        }
        if (t.op == '@')
            return fail(P, BS_EINVAL, off, "%s",
                        "variables cannot be used in an expression filter");
        if (t.op == '?')
            return fail(P, BS_EINVAL, off, "%s",
                        "parameter markers cannot be used in an expression filter");
        if (t.op == '{')
            return fail(P, BS_EUNSUPPORTED, off, "%s", "ODBC escapes are not supported");
        return expected(P, "an expression");
    case XT_QIDENT: {
        xtok nx = peek(P);
        if (is_op(&nx, '(')) return p_call(P, &t);
        return p_column(P);
    }
    default: break;
    }
    /* a word */
    xtok nx = peek(P);
    if (xtok_is(&t, "NULL")) {
        advance(P);
        xast *a = node(P, XA_NULL, off, 0);
        if (a) a->end = t.end;
        return a;
    }
    if (xtok_is(&t, "TRUE") || xtok_is(&t, "FALSE")) {
        advance(P);
        xast *a = node(P, XA_BOOL, off, 0);
        if (!a) return NULL;
        a->ival = xtok_is(&t, "TRUE");
        a->end = t.end;
        return a;
    }
    if ((xtok_is(&t, "DATE") || xtok_is(&t, "TIME") || xtok_is(&t, "TIMESTAMP")) &&
        nx.kind == XT_STRING) {
        advance(P);
        xast *s = p_string(P, 0, P->tok.off);
        if (!s) return NULL;
        xast *a = node(P, XA_TEMPORAL_LIT, off, 1);
        if (!a) return NULL;
        a->ival = xtok_is(&t, "DATE")   ? BS_TYPE_DATE
                  : xtok_is(&t, "TIME") ? BS_TYPE_TIME
                                        : BS_TYPE_DATETIME;
        a->kids[0] = s;
        a->nkids = 1;
        return seal(P, a);
    }
    uint16_t intro = t.p[0] == '_' ? introducer(&t) : 0;
    if (intro && (nx.kind == XT_STRING || nx.kind == XT_HEX || nx.kind == XT_BIT)) {
        advance(P);
        if (P->tok.kind == XT_STRING) return p_string(P, intro, off);
        return p_literal_binary(P, intro, off);
    }
    if (xtok_is(&t, "CASE")) {
        advance(P);
        return p_case(P, off);
    }
    if (xtok_is(&t, "CAST") && is_op(&nx, '(')) {
        advance(P);
        return p_cast(P, off, false);
    }
    if (xtok_is(&t, "CONVERT") && is_op(&nx, '(')) {
        advance(P);
        return p_cast(P, off, true);
    }
    if (xtok_is(&t, "INTERVAL")) {
        /* INTERVAL n unit + expr */
        advance(P);
        xast *iv = p_interval(P, off);
        if (!iv) return NULL;
        if (!expect_op(P, '+', "'+' after INTERVAL ... unit")) return NULL;
        xast *d = p_bitexpr(P, 5);
        if (!d) return NULL;
        xast *a = call_node(P, "date_add", off, 2);
        if (!a) return NULL;
        a->kids[0] = d;
        a->kids[1] = iv;
        a->nkids = 2;
        return seal(P, a);
    }
    if (xtok_is(&t, "EXISTS"))
        return fail(P, BS_EINVAL, off, "%s", "subqueries cannot be used in an expression filter");
    if ((xtok_is(&t, "DEFAULT") || xtok_is(&t, "VALUES")) && is_op(&nx, '('))
        return fail(P, BS_EINVAL, off, "%s",
                    "DEFAULT()/VALUES() cannot be used in an expression filter");
    if ((xtok_is(&t, "ROW") && is_op(&nx, '(')) || xtok_is(&t, "MATCH"))
        return fail(P, BS_EUNSUPPORTED, off, "%s", "this construct is not supported by binsift");
    if (is_op(&nx, '(')) {
        if (xtok_is(&t, "AND") || xtok_is(&t, "OR") || xtok_is(&t, "XOR") || xtok_is(&t, "NOT") ||
            xtok_is(&t, "IS") || xtok_is(&t, "IN") || xtok_is(&t, "LIKE") ||
            xtok_is(&t, "BETWEEN") || xtok_is(&t, "DIV") || xtok_is(&t, "WHEN") ||
            xtok_is(&t, "THEN") || xtok_is(&t, "ELSE") || xtok_is(&t, "SELECT") ||
            xtok_is(&t, "FROM"))
            return expected(P, "an expression");
        return p_call(P, &t);
    }
    for (size_t i = 0; i < sizeof niladic / sizeof niladic[0]; i++) {
        if (xtok_is(&t, niladic[i])) {
            char *name = bs_arena_alloc(P->arena, t.n + 1);
            if (!name) return fail(P, BS_ENOMEM, off, "%s", "out of memory");
            for (size_t k = 0; k < t.n; k++)
                name[k] = (char)(t.p[k] >= 'A' && t.p[k] <= 'Z' ? t.p[k] + 32 : t.p[k]);
            name[t.n] = 0;
            advance(P);
            xast *a = call_node(P, name, off, 0);
            if (a) a->end = t.end;
            return a;
        }
    }
    if (!is_name(&t)) return expected(P, "an expression");
    return p_column(P);
}

/* ---- SimpleExpr ---- */

static xast *p_simple(xparser *P)
{
    xtok t = P->tok;
    xast *r = NULL;
    bool prefix = (t.kind == XT_OP && (t.op == '!' || t.op == '~' || t.op == '-' || t.op == '+')) ||
                  xtok_is(&t, "BINARY");
    if (prefix) {
        /* prefix operators nest without parentheses: bound them too */
        if (!enter(P)) return NULL;
        advance(P);
        r = unary(P, t.kind == XT_OP ? t.op : 'B', p_simple(P), t.off);
        P->depth--;
    } else {
        r = p_primary(P);
    }
    /* postfix: COLLATE name, column -> 'path', column ->> 'path' */
    while (r) {
        uint32_t off = P->tok.off;
        if (accept_kw(P, "COLLATE")) {
            if (P->tok.kind != XT_IDENT && P->tok.kind != XT_QIDENT && P->tok.kind != XT_STRING) {
                r = expected(P, "a collation name");
                break;
            }
            xast *a = node(P, XA_COLLATE, off, 1);
            if (!a) return NULL;
            a->kids[0] = r;
            a->nkids = 1;
            a->s.ptr = P->tok.p;
            a->s.len = P->tok.n;
            a->end = P->tok.end;
            advance(P);
            r = seal(P, a);
        } else if ((is_op(&P->tok, XTO_ARROW) || is_op(&P->tok, XTO_ARROW2)) &&
                   r->kind == XA_COLUMN) {
            bool unquote = P->tok.op == XTO_ARROW2;
            advance(P);
            if (P->tok.kind != XT_STRING) {
                r = expected(P, "a JSON path string");
                break;
            }
            xast *path = p_string(P, 0, P->tok.off);
            if (!path) return NULL;
            xast *a = node(P, XA_JSON_ARROW, off, 2);
            if (!a) return NULL;
            a->kids[0] = r;
            a->kids[1] = path;
            a->nkids = 2;
            a->ival = unquote;
            a->off = r->off;
            r = seal(P, a);
        } else {
            break;
        }
    }
    return r;
}

/* ---- BitExpr, by precedence level ---- */

static int bit_op(const xparser *P, int level)
{
    const xtok *t = &P->tok;
    switch (level) {
    case 1: return is_op(t, '|') ? XOP_BITOR : 0;
    case 2: return is_op(t, '&') ? XOP_BITAND : 0;
    case 3: return is_op(t, XTO_SHL) ? XOP_SHL : is_op(t, XTO_SHR) ? XOP_SHR : 0;
    case 4: return is_op(t, '+') ? XOP_PLUS : is_op(t, '-') ? XOP_MINUS : 0;
    case 5:
        if (is_op(t, '*')) return XOP_MUL;
        if (is_op(t, '/')) return XOP_DIV;
        if (is_op(t, '%') || xtok_is(t, "MOD")) return XOP_MOD;
        if (xtok_is(t, "DIV")) return XOP_INTDIV;
        return 0;
    case 6: return is_op(t, '^') ? XOP_BITXOR : 0;
    default: return 0;
    }
}

static xast *p_bitexpr(xparser *P, int level)
{
    if (level > 6) return p_simple(P);
    xast *l = p_bitexpr(P, level + 1);
    int op;
    while (l && (op = bit_op(P, level)) != 0) {
        uint32_t off = P->tok.off;
        if (!advance(P)) return NULL;
        if (level == 4 && xtok_is(&P->tok, "INTERVAL")) {
            uint32_t ioff = P->tok.off;
            advance(P);
            xast *iv = p_interval(P, ioff);
            if (!iv) return NULL;
            xast *a = call_node(P, op == XOP_PLUS ? "date_add" : "date_sub", off, 2);
            if (!a) return NULL;
            a->kids[0] = l;
            a->kids[1] = iv;
            a->nkids = 2;
            a->off = l->off;
            l = seal(P, a);
            continue;
        }
        l = binary(P, op, l, p_bitexpr(P, level + 1), off);
    }
    return l;
}

/* ---- PredicateExpr ---- */

static bool predicate_word(const xtok *t)
{
    return xtok_is(t, "IN") || xtok_is(t, "BETWEEN") || xtok_is(t, "LIKE") ||
           xtok_is(t, "REGEXP") || xtok_is(t, "RLIKE") || xtok_is(t, "MEMBER") ||
           xtok_is(t, "ILIKE");
}

static xast *p_predicate(xparser *P)
{
    xast *l = p_bitexpr(P, 1);
    if (!l) return NULL;
    bool neg = false;
    if (xtok_is(&P->tok, "NOT")) {
        xtok nx = peek(P);
        if (!predicate_word(&nx)) return l;
        neg = true;
        advance(P);
    }
    if (!predicate_word(&P->tok)) return l;
    uint32_t off = P->tok.off;
    if (accept_kw(P, "IN")) {
        if (!expect_op(P, '(', "'('")) return NULL;
        if (xtok_is(&P->tok, "SELECT") || xtok_is(&P->tok, "WITH"))
            return fail(P, BS_EINVAL, P->tok.off, "%s",
                        "subqueries cannot be used in an expression filter");
        enum { CAP = 4096 };
        xast *a = node(P, XA_IN, off, CAP);
        if (!a) return NULL;
        a->kids[a->nkids++] = l;
        a->negated = neg;
        a->off = l->off;
        for (;;) {
            if (!add_kid(P, a, p_expr(P), CAP)) return NULL;
            if (accept_op(P, ',')) continue;
            a->end = P->tok.end;
            if (!expect_op(P, ')', "',' or ')'")) return NULL;
            return seal(P, a);
        }
    }
    if (accept_kw(P, "BETWEEN")) {
        xast *lo = p_bitexpr(P, 1);
        if (!lo) return NULL;
        if (!accept_kw(P, "AND")) return expected(P, "AND");
        xast *hi = p_predicate(P);
        if (!hi) return NULL;
        xast *a = node(P, XA_BETWEEN, off, 3);
        if (!a) return NULL;
        a->kids[0] = l;
        a->kids[1] = lo;
        a->kids[2] = hi;
        a->nkids = 3;
        a->negated = neg;
        a->off = l->off;
        return seal(P, a);
    }
    if (accept_kw(P, "LIKE")) {
        xast *pat = p_simple(P);
        if (!pat) return NULL;
        xast *a = node(P, XA_LIKE, off, 3);
        if (!a) return NULL;
        a->kids[0] = l;
        a->kids[1] = pat;
        a->nkids = 2;
        a->negated = neg;
        a->off = l->off;
        if (accept_kw(P, "ESCAPE")) {
            if (P->tok.kind != XT_STRING) return expected(P, "an escape string");
            xast *e = p_string(P, 0, P->tok.off);
            if (!e) return NULL;
            a->kids[a->nkids++] = e;
            a->has_value = 1;
        }
        return seal(P, a);
    }
    if (accept_kw(P, "REGEXP") || accept_kw(P, "RLIKE")) {
        xast *pat = p_simple(P);
        if (!pat) return NULL;
        xast *a = node(P, XA_REGEXP, off, 2);
        if (!a) return NULL;
        a->kids[0] = l;
        a->kids[1] = pat;
        a->nkids = 2;
        a->negated = neg;
        a->off = l->off;
        return seal(P, a);
    }
    return fail(P, BS_EUNSUPPORTED, off, "%s", "MEMBER OF and ILIKE are not supported by binsift");
}

/* ---- BoolPri and Expression ---- */

static int compare_op(const xtok *t)
{
    if (t->kind != XT_OP) return 0;
    switch (t->op) {
    case '=': return XOP_EQ;
    case XTO_NULLEQ: return XOP_NULLEQ;
    case XTO_NE: return XOP_NE;
    case '<': return XOP_LT;
    case XTO_LE: return XOP_LE;
    case '>': return XOP_GT;
    case XTO_GE: return XOP_GE;
    default: return 0;
    }
}

/* IS [NOT] followed by what? 0 NULL, 1 TRUE, 2 FALSE, 3 UNKNOWN, -1 none. */
static int is_target(xparser *P, bool *neg)
{
    if (!xtok_is(&P->tok, "IS")) return -1;
    xlexer save = P->lx;
    bs_error e;
    save.err = &e;
    xtok t;
    if (xlex_next(&save, &t)) return -1;
    *neg = false;
    if (xtok_is(&t, "NOT")) {
        *neg = true;
        if (xlex_next(&save, &t)) return -1;
    }
    if (xtok_is(&t, "NULL")) return 0;
    if (xtok_is(&t, "TRUE")) return 1;
    if (xtok_is(&t, "FALSE")) return 2;
    if (xtok_is(&t, "UNKNOWN")) return 3;
    return -1;
}

static xast *p_is(xparser *P, xast *l, int what, bool neg)
{
    uint32_t off = P->tok.off;
    advance(P); /* IS */
    if (neg) advance(P);
    uint32_t end = P->tok.end;
    advance(P);
    xast *a = node(P, XA_IS, off, 1);
    if (!a) return NULL;
    a->kids[0] = l;
    a->nkids = 1;
    a->ival = what;
    a->negated = neg;
    a->off = l->off;
    a->end = end;
    return seal(P, a);
}

static xast *p_boolpri(xparser *P)
{
    xast *l = p_predicate(P);
    while (l) {
        bool neg;
        int what = is_target(P, &neg);
        if (what == 0) {
            l = p_is(P, l, 0, neg);
            continue;
        }
        if (what > 0) break; /* IS TRUE/FALSE/UNKNOWN belongs to the Expression level */
        int op = compare_op(&P->tok);
        if (!op) break;
        uint32_t off = P->tok.off;
        advance(P);
        if (xtok_is(&P->tok, "ANY") || xtok_is(&P->tok, "ALL") || xtok_is(&P->tok, "SOME"))
            return fail(P, BS_EINVAL, P->tok.off, "%s",
                        "subqueries cannot be used in an expression filter");
        l = binary(P, op, l, p_predicate(P), off);
    }
    return l;
}

static xast *p_not(xparser *P)
{
    if (xtok_is(&P->tok, "NOT")) {
        uint32_t off = P->tok.off;
        if (!enter(P)) return NULL;
        advance(P);
        xast *r = unary(P, 'N', p_not(P), off);
        P->depth--;
        return r;
    }
    xast *b = p_boolpri(P);
    if (!b) return NULL;
    bool neg;
    int what = is_target(P, &neg);
    if (what > 0) b = p_is(P, b, what, neg);
    return b;
}

static xast *p_and(xparser *P)
{
    xast *l = p_not(P);
    while (l && (xtok_is(&P->tok, "AND") || is_op(&P->tok, XTO_ANDAND))) {
        uint32_t off = P->tok.off;
        advance(P);
        l = binary(P, XOP_AND, l, p_not(P), off);
    }
    return l;
}

static xast *p_xor(xparser *P)
{
    xast *l = p_and(P);
    while (l && xtok_is(&P->tok, "XOR")) {
        uint32_t off = P->tok.off;
        advance(P);
        l = binary(P, XOP_XOR, l, p_and(P), off);
    }
    return l;
}

static xast *p_expr(xparser *P)
{
    if (!enter(P)) return NULL;
    xast *l = p_xor(P);
    while (l && (xtok_is(&P->tok, "OR") || is_op(&P->tok, XTO_OROR))) {
        uint32_t off = P->tok.off;
        advance(P);
        l = binary(P, XOP_OR, l, p_xor(P), off);
    }
    if (l && is_op(&P->tok, XTO_ASSIGN))
        return fail(P, BS_EINVAL, P->tok.off, "%s",
                    "variables cannot be used in an expression filter");
    P->depth--;
    return l;
}

int xparse(const char *text, size_t len, bs_arena *arena, xast **out, bs_error *err)
{
    xparser P;
    memset(&P, 0, sizeof P);
    P.lx.s = text;
    P.lx.n = len;
    P.lx.arena = arena;
    P.lx.err = err;
    P.arena = arena;
    P.err = err;
    bs_error_clear(err);
    if (!advance(&P)) return err->code ? err->code : BS_EINVAL;
    if (P.tok.kind == XT_EOF) {
        expected(&P, "an expression");
        return BS_EINVAL;
    }
    xast *e = p_expr(&P);
    if (!e) return err->code ? err->code : BS_EINVAL;
    /* SELECT <expr> [AS] alias is fine: DM takes the first field's expression */
    bool alias = false;
    if (accept_kw(&P, "AS")) {
        if (P.tok.kind != XT_IDENT && P.tok.kind != XT_QIDENT && P.tok.kind != XT_STRING) {
            expected(&P, "an alias");
            return BS_EINVAL;
        }
        alias = true;
        advance(&P);
    } else if ((P.tok.kind == XT_IDENT && !is_reserved(&P.tok)) || P.tok.kind == XT_QIDENT ||
               P.tok.kind == XT_STRING) {
        alias = true;
        advance(&P);
    }
    (void)alias; /* the alias names the field; the expression is what DM evaluates */
    while (is_op(&P.tok, ';'))
        advance(&P);
    if (P.failed) return err->code ? err->code : BS_EINVAL;
    if (P.tok.kind != XT_EOF) {
        if (is_op(&P.tok, ',') || xtok_is(&P.tok, "FROM") || xtok_is(&P.tok, "WHERE") ||
            xtok_is(&P.tok, "GROUP") || xtok_is(&P.tok, "ORDER") || xtok_is(&P.tok, "LIMIT") ||
            xtok_is(&P.tok, "HAVING") || xtok_is(&P.tok, "UNION") || xtok_is(&P.tok, "FOR"))
            fail(&P, BS_EUNSUPPORTED, P.tok.off, "%s",
                 "more than one select field or a clause after the expression: DM would "
                 "evaluate only the first field; binsift accepts a single expression");
        else
            expected(&P, "the end of the expression");
        return err->code;
    }
    *out = e;
    return 0;
}
