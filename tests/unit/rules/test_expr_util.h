/*
 * test_expr_util.h - helpers shared by the expression engine tests.
 *
 * A test table is declared as an array of tcol (name, type, flags, and
 * ENUM/SET members as "a,b,c"); rows are arrays of bs_value built with the
 * v_* helpers in the shapes the binlog decoder produces them. texpr() runs
 * one expression and renders the outcome as a short string, so tables of
 * cases can say what they expect in one column:
 *   "7"            the rendered result (NULL renders as "NULL")
 *   "!EINVAL ..."  a compile or evaluation failure with that code
 *   "?col"         compiled to constant FALSE because column col is unknown
 * Expectations marked M in the case tables were checked against a real
 * MariaDB 10.11 server (SELECT <expr> after SET NAMES utf8mb4 COLLATE
 * utf8mb4_bin, DM's session collation); T marks TiDB behaviour that MariaDB
 * does not share, each with the reason in a comment.
 */
#ifndef TEST_EXPR_UTIL_H
#define TEST_EXPR_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binsift/expr.h"
#include "binsift/value.h"

typedef struct tcol {
    const char *name;
    uint8_t type;
    uint8_t is_unsigned;
    uint8_t precision;
    uint8_t scale;
    uint16_t collation;
    uint32_t length;
    const char *members; /* "a,b,c" */
} tcol;

#define TMAX_COLS 40

typedef struct ttable {
    bs_rules_expr_table t;
    bs_rules_expr_column cols[TMAX_COLS];
    bs_rules_expr_str members[TMAX_COLS][8];
} ttable;

static inline void ttable_init(ttable *tt, const char *name, const tcol *cols, size_t n)
{
    memset(tt, 0, sizeof *tt);
    tt->t.name.ptr = name;
    tt->t.name.len = strlen(name);
    tt->t.schema.ptr = "db";
    tt->t.schema.len = 2;
    for (size_t i = 0; i < n && i < TMAX_COLS; i++) {
        bs_rules_expr_column *c = &tt->cols[i];
        c->name.ptr = cols[i].name;
        c->name.len = strlen(cols[i].name);
        c->type = cols[i].type;
        c->is_unsigned = cols[i].is_unsigned;
        c->precision = cols[i].precision;
        c->scale = cols[i].scale;
        c->collation = cols[i].collation;
        c->length = cols[i].length;
        const char *m = cols[i].members;
        uint32_t k = 0;
        while (m && *m && k < 8) {
            const char *comma = strchr(m, ',');
            size_t len = comma ? (size_t)(comma - m) : strlen(m);
            tt->members[i][k].ptr = m;
            tt->members[i][k].len = len;
            k++;
            m = comma ? comma + 1 : m + len;
        }
        c->members = tt->members[i];
        c->n_members = k;
    }
    tt->t.cols = tt->cols;
    tt->t.ncols = (uint32_t)n;
}

/* ---- values as the decoder makes them ---- */

static inline bs_value v_null(void)
{
    bs_value v = {0};
    v.kind = BS_VALUE_NULL;
    return v;
}

static inline bs_value v_int(int64_t i)
{
    bs_value v = {0};
    v.kind = BS_VALUE_INT;
    v.v.i = i;
    return v;
}

static inline bs_value v_uint(uint64_t u, int kind)
{
    bs_value v = {0};
    v.kind = (uint8_t)kind;
    v.v.u = u;
    return v;
}

static inline bs_value v_double(double d, int kind)
{
    bs_value v = {0};
    v.kind = (uint8_t)kind;
    v.v.d = d;
    return v;
}

static inline bs_value v_str(const char *s)
{
    bs_value v = {0};
    v.kind = BS_VALUE_STRING;
    v.v.bytes.ptr = (const uint8_t *)s;
    v.v.bytes.len = strlen(s);
    return v;
}

static inline bs_value v_bytes(const void *p, size_t n, int kind)
{
    bs_value v = {0};
    v.kind = (uint8_t)kind;
    v.v.bytes.ptr = p;
    v.v.bytes.len = n;
    return v;
}

static inline bs_value v_temporal(int kind, int y, int mo, int d, int h, int mi, int s, int us,
                                  int neg)
{
    bs_value v = {0};
    v.kind = (uint8_t)kind;
    v.v.t.year = (uint16_t)y;
    v.v.t.month = (uint8_t)mo;
    v.v.t.day = (uint8_t)d;
    v.v.t.hour = (uint16_t)h;
    v.v.t.minute = (uint8_t)mi;
    v.v.t.second = (uint8_t)s;
    v.v.t.usec = (uint32_t)us;
    v.v.t.neg = (uint8_t)neg;
    return v;
}

static inline bs_value v_timestamp(uint32_t sec, uint32_t usec)
{
    bs_value v = {0};
    v.kind = BS_VALUE_TIMESTAMP;
    v.v.ts.sec = sec;
    v.v.ts.usec = usec;
    return v;
}

/* ---- running expressions ---- */

static inline const char *code_name(int rc)
{
    switch (rc) {
    case BS_EINVAL: return "EINVAL";
    case BS_EUNSUPPORTED: return "EUNSUPPORTED";
    case BS_ELIMIT: return "ELIMIT";
    case BS_ECORRUPT: return "ECORRUPT";
    case BS_ENOMEM: return "ENOMEM";
    default: return "E?";
    }
}

/* Compile and evaluate expr; the outcome rendered into buf. *skip (may be
 * NULL) receives DM's decision. */
static inline const char *texpr(const ttable *tt, const char *expr, const bs_value *row,
                                const bs_rules_expr_ctx *ctx, char *buf, size_t cap, int *skip)
{
    static const ttable empty;
    const bs_rules_expr_table *t = tt ? &tt->t : &empty.t;
    bs_error err;
    bs_rules_expr *p = NULL;
    if (skip) *skip = -1;
    int rc = bs_rules_expr_compile(expr, strlen(expr), t, &p, &err);
    if (rc) {
        snprintf(buf, cap, "!%s %.60s", code_name(rc), err.message);
        return buf;
    }
    bs_rules_expr_info info;
    bs_rules_expr_info_get(p, &info);
    bs_rules_expr_ctx def = {0};
    def.now_usec = 1624363200000000LL; /* 2021-06-22 12:00:00 UTC */
    bs_rules_expr_result r;
    rc = bs_rules_expr_eval(p, row, t->ncols, ctx ? ctx : &def, &r, &err);
    if (rc) {
        snprintf(buf, cap, "!%s %.60s", code_name(rc), err.message);
    } else if (info.state == BS_RULES_EXPR_UNKNOWN_COLUMN) {
        snprintf(buf, cap, "?%.*s", (int)info.unknown_name.len, info.unknown_name.ptr);
        if (skip) *skip = r.skip;
    } else {
        snprintf(buf, cap, "%.*s", (int)r.text_len, r.text);
        if (skip) *skip = r.skip;
    }
    bs_rules_expr_free(p);
    return buf;
}

/* Does got start with want (for error messages, compare the prefix)? */
static inline int texpect(const char *got, const char *want)
{
    if (want[0] == '!') return !strncmp(got, want, strlen(want));
    return !strcmp(got, want);
}

#endif
