/*
 * fuzz_expr.c - libFuzzer target: DM expression filters.
 *
 * The input is an expression's text. It goes through DM's grammar check,
 * then is compiled against a fixed table holding a column of every type the
 * engine evaluates, and evaluated (with rendering) over two fixed rows: one
 * of ordinary values and one of NULLs and edge values. The same bytes are
 * also parsed as an `explain --row` text, with and without the table. A
 * small max_allowed_packet keeps string functions and LIKE within a fuzzer's
 * time budget; every other bound is the engine's own.
 */
#include <stdint.h>
#include <string.h>

#include "binsift/expr.h"

static const bs_rules_expr_str members[] = {{"a", 1}, {"b", 1}, {"c", 1}};

#define COL(n, t, u, p, s, coll, len)                                                              \
    {                                                                                              \
        {n, sizeof(n) - 1}, t, u, 0, s, p, coll, len, NULL, 0                                      \
    }

static bs_rules_expr_column cols[] = {
    COL("i", BS_TYPE_LONG, 0, 0, 0, 0, 0),        COL("u", BS_TYPE_LONGLONG, 1, 0, 0, 0, 0),
    COL("d", BS_TYPE_NEWDECIMAL, 0, 10, 3, 0, 0), COL("f", BS_TYPE_FLOAT, 0, 0, 0, 0, 0),
    COL("r", BS_TYPE_DOUBLE, 0, 0, 0, 0, 0),      COL("s", BS_TYPE_VARCHAR, 0, 0, 0, 46, 20),
    COL("g", BS_TYPE_VARCHAR, 0, 0, 0, 45, 20),   COL("k", BS_TYPE_VARCHAR, 0, 0, 0, 224, 20),
    COL("l", BS_TYPE_VARCHAR, 0, 0, 0, 47, 20),   COL("b", BS_TYPE_STRING, 0, 0, 0, 63, 4),
    COL("dt", BS_TYPE_DATETIME2, 0, 0, 3, 0, 0),  COL("ts", BS_TYPE_TIMESTAMP2, 0, 0, 6, 0, 0),
    COL("da", BS_TYPE_DATE, 0, 0, 0, 0, 0),       COL("t", BS_TYPE_TIME2, 0, 0, 2, 0, 0),
    COL("y", BS_TYPE_YEAR, 0, 0, 0, 0, 0),        COL("e", BS_TYPE_ENUM, 0, 0, 0, 46, 0),
    COL("st", BS_TYPE_SET, 0, 0, 0, 46, 0),       COL("bi", BS_TYPE_BIT, 0, 0, 0, 0, 12),
    COL("j", BS_TYPE_JSON, 0, 0, 0, 0, 0),
};
#define NCOLS (sizeof cols / sizeof cols[0])

static const uint8_t dec_bin[] = {0x80, 0x00, 0x30, 0x39, 0x01, 0xF4}; /* 12345.500 */

static bs_value text(const char *s)
{
    bs_value v = {0};
    v.kind = BS_VALUE_STRING;
    v.v.bytes.ptr = (const uint8_t *)s;
    v.v.bytes.len = strlen(s);
    return v;
}

static void make_rows(bs_value *a, bs_value *z)
{
    memset(a, 0, sizeof *a * NCOLS);
    a[0].kind = BS_VALUE_INT, a[0].v.i = -7;
    a[1].kind = BS_VALUE_UINT, a[1].v.u = UINT64_MAX;
    a[2].kind = BS_VALUE_DECIMAL, a[2].v.bytes.ptr = dec_bin, a[2].v.bytes.len = sizeof dec_bin;
    a[2].precision = 10, a[2].fsp = 3;
    a[3].kind = BS_VALUE_FLOAT, a[3].v.d = (float)0.1;
    a[4].kind = BS_VALUE_DOUBLE, a[4].v.d = -1e300;
    a[5] = text("Stra\xc3\x9f"
                "e ");
    a[6] = text("ABC");
    a[7] = text("\xe4\xb8\xad\xf0\x9f\x98\x80");
    a[8] = text("M\xfcller\x85");
    a[9] = text("ab");
    a[10].kind = BS_VALUE_DATETIME, a[10].v.t.year = 2024, a[10].v.t.month = 2;
    a[10].v.t.day = 29, a[10].v.t.hour = 23, a[10].v.t.usec = 999000;
    a[11].kind = BS_VALUE_TIMESTAMP, a[11].v.ts.sec = 2147483647, a[11].v.ts.usec = 1;
    a[12].kind = BS_VALUE_DATE, a[12].v.t.year = 1, a[12].v.t.month = 1, a[12].v.t.day = 1;
    a[13].kind = BS_VALUE_TIME, a[13].v.t.hour = 838, a[13].v.t.neg = 1;
    a[14].kind = BS_VALUE_YEAR, a[14].v.u = 2155;
    a[15].kind = BS_VALUE_ENUM, a[15].v.u = 3;
    a[16].kind = BS_VALUE_SET, a[16].v.u = 5;
    a[17].kind = BS_VALUE_BIT, a[17].v.u = 0xFFF;
    a[18] = text("{\"a\": [1, {\"b\": null}, \"x\", 1.5e300], \"c\": {}}");
    for (size_t i = 0; i < NCOLS; i++) {
        z[i].kind = BS_VALUE_NULL;
        a[i].type = z[i].type = cols[i].type;
    }
    z[0].kind = BS_VALUE_INT, z[0].v.i = INT64_MIN;
    z[5] = text("");
    z[9] = text("");
    z[10].kind = BS_VALUE_DATETIME; /* the zero date */
    z[15].kind = BS_VALUE_ENUM;     /* index 0: '' */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bs_value row[NCOLS], zero[NCOLS];
    static bs_rules_expr_tz *tz;
    static int ready;
    bs_error err;
    if (!ready) {
        cols[15].members = members, cols[15].n_members = 3;
        cols[16].members = members, cols[16].n_members = 3;
        make_rows(row, zero);
        bs_rules_expr_tz_load("+05:30", &tz, &err);
        ready = 1;
    }
    bs_rules_expr_table table = {{"db", 2}, {"t", 1}, cols, NCOLS};
    const char *s = (const char *)data;
    bs_rules_expr_check_syntax(s, size, &err);
    bs_rules_expr *p;
    if (bs_rules_expr_compile(s, size, &table, &p, &err) == 0) {
        bs_rules_expr_ctx ctx = {1700000000123456LL, tz, 4096};
        bs_rules_expr_result r;
        int skip;
        bs_rules_expr_eval(p, row, NCOLS, &ctx, &r, &err);
        bs_rules_expr_skips(p, zero, NCOLS, &ctx, &skip, &err);
        bs_rules_expr_eval(p, zero, NCOLS, &ctx, &r, &err);
        bs_rules_expr_info info;
        bs_rules_expr_info_get(p, &info);
        bs_rules_expr_free(p);
    }
    bs_rules_expr_row *rr;
    if (bs_rules_expr_row_parse(s, size, NULL, &rr, &err) == 0) bs_rules_expr_row_free(rr);
    if (bs_rules_expr_row_parse(s, size, &table, &rr, &err) == 0) {
        if (bs_rules_expr_compile("i + d > 0 AND s LIKE 'a%' OR j->'$.a' IS NULL", 44,
                                  bs_rules_expr_row_table(rr), &p, &err) == 0) {
            bs_rules_expr_ctx ctx = {0, tz, 4096};
            int skip;
            bs_rules_expr_skips(p, bs_rules_expr_row_values(rr), NCOLS, &ctx, &skip, &err);
            bs_rules_expr_free(p);
        }
        bs_rules_expr_row_free(rr);
    }
    return 0;
}
