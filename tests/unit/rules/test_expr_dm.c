/*
 * test_expr_dm.c - DM's expression filters, decided row by row.
 *
 * Sources of the expectations (not binsift's own output):
 *   - pingcap/tiflow dm/tests/expression_filter: the two task files (also in
 *     ../shared/dm-configs as expression_filter__dm-task*.yaml), the rows its
 *     SQL inserts and updates, and what run.sh checks downstream: every row
 *     inserted with should_skip = 1 is filtered, every other row arrives;
 *   - dm/syncer/expr_filter_group_test.go: TestSkipDMLByExpression,
 *     TestAllBinaryProtocolTypes (rows in the shapes go-mysql gives DM),
 *     TestExpressionContainsNonExistColumn;
 *   - dm-rules.md §6 (skip iff the result is integer 1; unknown column means
 *     constant FALSE; UPDATE rules are old AND new, an omitted side TRUE;
 *     several rules OR) and §13 (c % 2 = 0 with c = 1, 2, NULL).
 * Column collations are what DM's schema tracker (TiDB) gives these CREATE
 * TABLEs: utf8mb4_bin for text, binary for blobs and BINARY/VARBINARY,
 * utf8_bin for NATIONAL VARCHAR, latin1_bin for latin1 tables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_expr_util.h"

/* A program per expression, compiled against one table. */
typedef struct rule {
    const char *ins, *upd_old, *upd_new;
} rule;

static int decide(const ttable *tt, const char *expr, const bs_value *row,
                  const bs_rules_expr_ctx *ctx)
{
    if (!expr) return 1; /* an omitted UPDATE side counts as TRUE */
    bs_error err;
    bs_rules_expr *p;
    int rc = bs_rules_expr_compile(expr, strlen(expr), &tt->t, &p, &err);
    if (rc) fail_msg("compile %s: %s", expr, err.message);
    int skip = -1;
    rc = bs_rules_expr_skips(p, row, tt->t.ncols, ctx, &skip, &err);
    if (rc) fail_msg("eval %s: %s", expr, err.message);
    bs_rules_expr_free(p);
    return skip;
}

static bs_rules_expr_ctx utc_ctx(void)
{
    bs_rules_expr_ctx c = {0};
    c.now_usec = 1624363200000000LL; /* 2021-06-22 12:00:00 UTC */
    return c;
}

/* ---- dm/tests/expression_filter: t1, one rule per column type ---- */

enum {
    C_ID,
    C_SKIP,
    C_NULL,
    C_BIT,
    C_TINYINT,
    C_SMALLINT,
    C_MEDIUMINT,
    C_INT,
    C_BIGINT,
    C_DECIMAL,
    C_FLOAT,
    C_DOUBLE,
    C_DATE,
    C_DATETIME,
    C_TIMESTAMP,
    C_TIME,
    C_YEAR,
    C_CHAR,
    C_VARCHAR,
    C_BINARY,
    C_VARBINARY,
    C_TINYBLOB,
    C_TINYTEXT,
    C_BLOB,
    C_TEXT,
    C_MEDIUMBLOB,
    C_MEDIUMTEXT,
    C_LONGBLOB,
    C_LONGTEXT,
    C_ENUM,
    C_SET,
    C_JSON,
    T1_NCOLS
};

static const tcol t1_cols[T1_NCOLS] = {
    {"id", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
    {"should_skip", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
    {"c_null", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
    {"c_bit", BS_TYPE_BIT, 0, 0, 0, 0, 8, NULL},
    {"c_tinyint", BS_TYPE_TINY, 1, 0, 0, 0, 0, NULL},
    {"c_smallint", BS_TYPE_SHORT, 0, 0, 0, 0, 0, NULL},
    {"c_mediumint", BS_TYPE_INT24, 0, 0, 0, 0, 0, NULL},
    {"c_int", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
    {"c_bigint", BS_TYPE_LONGLONG, 1, 0, 0, 0, 0, NULL},
    {"c_decimal", BS_TYPE_NEWDECIMAL, 0, 7, 2, 0, 0, NULL},
    {"c_float", BS_TYPE_FLOAT, 0, 0, 0, 0, 0, NULL},
    {"c_double", BS_TYPE_DOUBLE, 0, 0, 0, 0, 0, NULL},
    {"c_date", BS_TYPE_DATE, 0, 0, 0, 0, 0, NULL},
    {"c_datetime", BS_TYPE_DATETIME2, 0, 0, 3, 0, 0, NULL},
    {"c_timestamp", BS_TYPE_TIMESTAMP2, 0, 0, 4, 0, 0, NULL},
    {"c_time", BS_TYPE_TIME2, 0, 0, 5, 0, 0, NULL},
    {"c_year", BS_TYPE_YEAR, 0, 0, 0, 0, 0, NULL},
    {"c_char", BS_TYPE_STRING, 0, 0, 0, 46, 4, NULL},
    {"c_varchar", BS_TYPE_VARCHAR, 0, 0, 0, 83, 255, NULL},
    {"c_binary", BS_TYPE_STRING, 0, 0, 0, 63, 1, NULL},
    {"c_varbinary", BS_TYPE_VARCHAR, 0, 0, 0, 63, 4, NULL},
    {"c_tinyblob", BS_TYPE_BLOB, 0, 0, 0, 63, 0, NULL},
    {"c_tinytext", BS_TYPE_BLOB, 0, 0, 0, 46, 0, NULL},
    {"c_blob", BS_TYPE_BLOB, 0, 0, 0, 63, 0, NULL},
    {"c_text", BS_TYPE_BLOB, 0, 0, 0, 46, 0, NULL},
    {"c_mediumblob", BS_TYPE_BLOB, 0, 0, 0, 63, 0, NULL},
    {"c_mediumtext", BS_TYPE_BLOB, 0, 0, 0, 46, 0, NULL},
    {"c_longblob", BS_TYPE_BLOB, 0, 0, 0, 63, 0, NULL},
    {"c_longtext", BS_TYPE_BLOB, 0, 0, 0, 46, 0, NULL},
    {"c_enum", BS_TYPE_ENUM, 0, 0, 0, 46, 0, "a,b,c"},
    {"c_set", BS_TYPE_SET, 0, 0, 0, 46, 0, "a,b,c"},
    {"c_json", BS_TYPE_JSON, 0, 0, 0, 0, 0, NULL},
};

/* The expression-filter rules of expression_filter__dm-task.yaml, all on
 * expr_filter.t1 (insert-value-expr). */
static const char *const t1_rules[] = {
    "c_null IS NOT NULL",
    "c_bit = b'1111'",
    "c_tinyint >= 25",
    "c_smallint >= 25",
    "c_mediumint >= 25",
    "c_int >= 25",
    "c_bigint >= 25",
    "c_decimal >= 25",
    "c_float >= 25",
    "c_double >= 25",
    "c_date = '2021-06-22'",
    "c_datetime = '2021-01-01 12:34:56.789'",
    "c_timestamp = '2021-01-01 12:34:56.5678+08:00'",
    "c_time = '-838:58:50.12345'",
    "c_year = '2021'",
    "c_char = '2234'",
    "c_varchar = '4234'",
    "c_binary = 'b'",
    "c_varbinary = 'd'",
    "c_tinyblob = 'b'",
    "c_tinytext = 'd'",
    "c_blob = 'asdf'",
    "c_text = 'asd'",
    "c_mediumblob = 'asdf'",
    "c_mediumtext = 'asdf'",
    "c_longblob = 'asdf'",
    "c_longtext = 'asdf'",
    "c_enum = 'b'",
    "c_set = 'b,c'",
    "c_json->\"$.id\" = 2",
};

/* DECIMAL(7,2) binary: 3 bytes of integer, 1 of fraction, sign bit set. */
static const uint8_t dec_10_01[4] = {0x80, 0x00, 0x0A, 0x01};
static const uint8_t dec_30_02[4] = {0x80, 0x00, 0x1E, 0x02};
/* MySQL binary JSON {"id": 1} and {"id": 2}: a small object, one key, an
 * inlined int16 value. */
static const uint8_t json_id1[14] = {0x00, 0x01, 0x00, 0x0D, 0x00, 0x0B, 0x00,
                                     0x02, 0x00, 0x05, 0x01, 0x00, 'i',  'd'};
static const uint8_t json_id2[14] = {0x00, 0x01, 0x00, 0x0D, 0x00, 0x0B, 0x00,
                                     0x02, 0x00, 0x05, 0x02, 0x00, 'i',  'd'};

/* The row inserted by db1.increment.sql for column col, should_skip skip. */
static void t1_row(bs_value *row, int col, int skip)
{
    for (int i = 0; i < T1_NCOLS; i++)
        row[i] = v_null();
    row[C_ID] = v_int(col * 2 + skip);
    row[C_SKIP] = v_int(skip);
    bs_value *v = &row[col];
    switch (col) {
    case C_NULL:
        if (skip) *v = v_int(123);
        break;
    case C_BIT:
        *v = v_uint(skip ? 0x0F : 0x0A, BS_VALUE_BIT);
        v->nbits = 8;
        break;
    case C_TINYINT: *v = v_uint(skip ? 25 : 5, BS_VALUE_UINT); break;
    case C_SMALLINT: *v = v_int(skip ? 26 : 6); break;
    case C_MEDIUMINT: *v = v_int(skip ? 27 : 7); break;
    case C_INT: *v = v_int(skip ? 28 : 8); break;
    case C_BIGINT: *v = v_uint(skip ? 29 : 9, BS_VALUE_UINT); break;
    case C_DECIMAL:
        *v = v_bytes(skip ? dec_30_02 : dec_10_01, 4, BS_VALUE_DECIMAL);
        v->precision = 7;
        v->fsp = 2;
        break;
    case C_FLOAT: *v = v_double((float)(skip ? 31.324 : 11.12), BS_VALUE_FLOAT); break;
    case C_DOUBLE: *v = v_double(skip ? 32.4334 : 12.32, BS_VALUE_DOUBLE); break;
    case C_DATE:
        *v = skip ? v_temporal(BS_VALUE_DATE, 2021, 6, 22, 0, 0, 0, 0, 0)
                  : v_temporal(BS_VALUE_DATE, 1995, 3, 7, 0, 0, 0, 0, 0);
        break;
    case C_DATETIME:
        *v = v_temporal(BS_VALUE_DATETIME, skip ? 2021 : 1000, 1, 1, 12, 34, 56, 789000, 0);
        break;
    case C_TIMESTAMP:
        /* inserted under time_zone +08:00: 12:34:56 local is 04:34:56 UTC */
        *v = skip ? v_timestamp(1609475696, 567800) : v_timestamp(1577853296, 123400);
        break;
    case C_TIME: *v = v_temporal(BS_VALUE_TIME, 0, 0, 0, 838, skip ? 58 : 59, 50, 123450, 1); break;
    case C_YEAR: *v = v_uint(skip ? 2021 : 2020, BS_VALUE_YEAR); break;
    case C_CHAR: *v = v_str(skip ? "2234" : "1234"); break;
    case C_VARCHAR: *v = v_str(skip ? "4234" : "3234"); break;
    case C_BINARY: *v = v_str(skip ? "b" : "a"); break;
    case C_VARBINARY: *v = v_str(skip ? "d" : "c"); break;
    case C_TINYBLOB: *v = v_str(skip ? "b" : "a"); break;
    case C_TINYTEXT: *v = v_str(skip ? "d" : "c"); break;
    case C_BLOB: *v = v_str(skip ? "asdf" : "qwer"); break;
    case C_TEXT: *v = v_str(skip ? "asd" : "qwe"); break;
    case C_MEDIUMBLOB:
    case C_MEDIUMTEXT:
    case C_LONGBLOB:
    case C_LONGTEXT: *v = v_str(skip ? "asdf" : "qwer"); break;
    case C_ENUM: *v = v_uint(skip ? 2 : 1, BS_VALUE_ENUM); break;
    case C_SET: *v = v_uint(skip ? 6 : 1, BS_VALUE_SET); break;
    case C_JSON: *v = v_bytes(skip ? json_id2 : json_id1, 14, BS_VALUE_JSON); break;
    default: break;
    }
}

static void test_t1_every_type(void **state)
{
    (void)state;
    ttable tt;
    ttable_init(&tt, "t1", t1_cols, T1_NCOLS);
    bs_rules_expr *progs[30];
    bs_error err;
    for (int k = 0; k < 30; k++) {
        int rc = bs_rules_expr_compile(t1_rules[k], strlen(t1_rules[k]), &tt.t, &progs[k], &err);
        if (rc) fail_msg("compile %s: %s", t1_rules[k], err.message);
    }
    bs_rules_expr_ctx ctx = utc_ctx();
    /* every pair of rows: the should_skip row is filtered by exactly its own
     * column's rule; every rule leaves every other row alone (NULL) */
    for (int col = C_NULL; col < T1_NCOLS; col++) {
        for (int skip = 0; skip <= 1; skip++) {
            bs_value row[T1_NCOLS];
            t1_row(row, col, skip);
            for (int k = 0; k < 30; k++) {
                int s = -1;
                if (bs_rules_expr_skips(progs[k], row, T1_NCOLS, &ctx, &s, &err))
                    fail_msg("%s: %s", t1_rules[k], err.message);
                int want = skip && k == col - C_NULL;
                if (s != want)
                    fail_msg("rule '%s' on the %s row of %s: skip %d, want %d", t1_rules[k],
                             skip ? "skip" : "keep", t1_cols[col].name, s, want);
            }
        }
    }
    /* the timestamp rule does not depend on the session zone: both sides are
     * the same instant shown in it */
    bs_rules_expr_tz *tz;
    assert_int_equal(bs_rules_expr_tz_load("Asia/Shanghai", &tz, &err), 0);
    ctx.tz = tz;
    bs_value row[T1_NCOLS];
    t1_row(row, C_TIMESTAMP, 1);
    int s;
    assert_int_equal(bs_rules_expr_skips(progs[12], row, T1_NCOLS, &ctx, &s, &err), 0);
    assert_int_equal(s, 1);
    bs_rules_expr_tz_free(tz);
    for (int k = 0; k < 30; k++)
        bs_rules_expr_free(progs[k]);
}

/* ---- t2: c % 2 = 0 while the table changes ---- */

static void test_t2_table_changes(void **state)
{
    (void)state;
    bs_rules_expr_ctx ctx = utc_ctx();
    const char *expr = "c % 2 = 0";
    /* create table t2 (id int primary key, should_skip int, c int, gen int as (id + 1)) */
    tcol a[] = {{"id", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
                {"should_skip", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
                {"c", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
                {"gen", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
                {"d", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL}};
    ttable tt;
    ttable_init(&tt, "t2", a, 4);
    bs_value r1[] = {v_int(1), v_int(0), v_int(1), v_int(2)};
    bs_value r2[] = {v_int(2), v_int(1), v_int(2), v_int(3)};
    assert_int_equal(decide(&tt, expr, r1, &ctx), 0);
    assert_int_equal(decide(&tt, expr, r2, &ctx), 1);
    /* alter table t2 add column d int: recompiled, same answers */
    ttable_init(&tt, "t2", a, 5);
    bs_value r3[] = {v_int(3), v_int(0), v_int(3), v_int(4), v_null()};
    bs_value r4[] = {v_int(4), v_int(1), v_int(4), v_int(5), v_null()};
    assert_int_equal(decide(&tt, expr, r3, &ctx), 0);
    assert_int_equal(decide(&tt, expr, r4, &ctx), 1);
    /* alter table t2 drop column c: the rule becomes constant FALSE */
    tcol b[] = {a[0], a[1], a[3], a[4]};
    ttable_init(&tt, "t2", b, 4);
    bs_value r5[] = {v_int(5), v_int(0), v_int(6), v_null()};
    char buf[200];
    int skip;
    assert_string_equal(texpr(&tt, expr, r5, &ctx, buf, sizeof buf, &skip), "?c");
    assert_int_equal(skip, 0);
    /* add column c int as (id + 1): valid again (c is 8, 9, 11) */
    tcol c[] = {a[0], a[1], a[3], a[4], a[2]};
    ttable_init(&tt, "t2", c, 5);
    bs_value r7[] = {v_int(7), v_int(1), v_int(8), v_int(100), v_int(8)};
    bs_value r8[] = {v_int(8), v_int(0), v_int(9), v_int(200), v_int(9)};
    bs_value r10[] = {v_int(10), v_int(2), v_int(11), v_int(300), v_int(11)};
    assert_int_equal(decide(&tt, expr, r7, &ctx), 1);
    assert_int_equal(decide(&tt, expr, r8, &ctx), 0);
    assert_int_equal(decide(&tt, expr, r10, &ctx), 0);
    /* the always_false rule on t2 updates: 1 = 0 on both sides */
    assert_int_equal(decide(&tt, "1 = 0", r10, &ctx) && decide(&tt, "1 = 0", r8, &ctx), 0);
}

/* ---- t3, t4: NOW() and arithmetic on doubles ---- */

static void test_t3_t4(void **state)
{
    (void)state;
    bs_rules_expr_ctx ctx = utc_ctx();
    tcol t3[] = {{"id", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
                 {"should_skip", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
                 {"ts", BS_TYPE_DATETIME2, 0, 0, 0, 0, 0, NULL}};
    ttable tt;
    ttable_init(&tt, "t3", t3, 3);
    bs_value a[] = {v_int(1), v_int(0), v_temporal(BS_VALUE_DATETIME, 1999, 1, 1, 0, 0, 0, 0, 0)};
    bs_value b[] = {v_int(2), v_int(1), v_temporal(BS_VALUE_DATETIME, 2040, 1, 1, 0, 0, 0, 0, 0)};
    assert_int_equal(decide(&tt, "ts > NOW()", a, &ctx), 0);
    assert_int_equal(decide(&tt, "ts > NOW()", b, &ctx), 1);

    tcol t4[] = {{"id", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
                 {"should_skip", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
                 {"a", BS_TYPE_DOUBLE, 0, 0, 0, 0, 0, NULL},
                 {"b", BS_TYPE_DOUBLE, 0, 0, 0, 0, 0, NULL},
                 {"c", BS_TYPE_DOUBLE, 0, 0, 0, 0, 0, NULL}};
    ttable_init(&tt, "t4", t4, 5);
    bs_value p[] = {v_int(1), v_int(0), v_double(1, BS_VALUE_DOUBLE), v_double(2, BS_VALUE_DOUBLE),
                    v_double(3, BS_VALUE_DOUBLE)};
    bs_value q[] = {v_int(2), v_int(1), v_double(3, BS_VALUE_DOUBLE), v_double(4, BS_VALUE_DOUBLE),
                    v_double(5, BS_VALUE_DOUBLE)};
    assert_int_equal(decide(&tt, "a*a + b*b = c*c", p, &ctx), 0);
    assert_int_equal(decide(&tt, "a*a + b*b = c*c", q, &ctx), 1);
}

/* ---- t5: UPDATE rules, old AND new, an omitted side TRUE, rules OR ---- */

static int update_skips(const ttable *tt, const rule *rules, size_t n, const bs_value *old_row,
                        const bs_value *new_row)
{
    bs_rules_expr_ctx ctx = utc_ctx();
    for (size_t i = 0; i < n; i++)
        if (decide(tt, rules[i].upd_old, old_row, &ctx) == 1 &&
            decide(tt, rules[i].upd_new, new_row, &ctx) == 1)
            return 1;
    return 0;
}

static void test_t5_updates(void **state)
{
    (void)state;
    tcol t5[] = {{"id", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
                 {"should_skip", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
                 {"c", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL}};
    ttable tt;
    ttable_init(&tt, "t5", t5, 3);
    const rule rules[] = {
        {NULL, "c > 100", NULL}, {NULL, NULL, "c > 100"}, {NULL, "c = 1", "c = 2"}};
    /* update t5 set should_skip = 1, c = 110 where id = 1 (c was 99) */
    bs_value o1[] = {v_int(1), v_int(0), v_int(99)}, n1[] = {v_int(1), v_int(1), v_int(110)};
    assert_int_equal(update_skips(&tt, rules, 3, o1, n1), 1);
    /* update ... c = 20 where id = 2 (c was 101) */
    bs_value o2[] = {v_int(2), v_int(0), v_int(101)}, n2[] = {v_int(2), v_int(1), v_int(20)};
    assert_int_equal(update_skips(&tt, rules, 3, o2, n2), 1);
    /* update ... c = 2 where c = 1 */
    bs_value o3[] = {v_int(3), v_int(0), v_int(1)}, n3[] = {v_int(3), v_int(1), v_int(2)};
    assert_int_equal(update_skips(&tt, rules, 3, o3, n3), 1);
    /* update t5 set should_skip = 0, c = 3 where c = 1: old c = 1 but new is
     * not 2, so this one must arrive */
    bs_value o4[] = {v_int(4), v_int(1), v_int(1)}, n4[] = {v_int(4), v_int(0), v_int(3)};
    assert_int_equal(update_skips(&tt, rules, 3, o4, n4), 0);
}

/* ---- t6, t7: latin1 text and an update-new rule ---- */

static void test_t6_latin1_t7(void **state)
{
    (void)state;
    bs_rules_expr_ctx ctx = utc_ctx();
    /* create table t6 (...) character set latin1: the tracker gives latin1_bin */
    tcol t6[] = {{"id", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
                 {"name", BS_TYPE_VARCHAR, 0, 0, 0, 47, 20, NULL},
                 {"msg", BS_TYPE_BLOB, 0, 0, 0, 47, 0, NULL}};
    ttable tt;
    ttable_init(&tt, "t6", t6, 3);
    /* 'Müller…' in latin1 (cp1252: ü is 0xFC, … is 0x85); DM decodes it with
     * Windows-1252 before evaluating */
    bs_value keep[] = {v_int(1), v_str("M\xfcller\x85"), v_str("M\xfcller\x85")};
    bs_value skip[] = {v_int(2), v_str("X \xc6 A-12"), v_str("X \xc6 A-12")};
    const char *expr = "name != 'M\xc3\xbcller\xe2\x80\xa6'";
    assert_int_equal(decide(&tt, expr, keep, &ctx), 0);
    assert_int_equal(decide(&tt, expr, skip, &ctx), 1);

    tcol t7[] = {{"a", BS_TYPE_LONGLONG, 0, 0, 0, 0, 0, NULL},
                 {"r", BS_TYPE_VARCHAR, 0, 0, 0, 46, 10, NULL},
                 {"s", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL}};
    ttable_init(&tt, "t7", t7, 3);
    const rule e02[] = {{NULL, NULL, "r = 'a'"}};
    bs_value o[] = {v_int(1), v_str("a"), v_int(2)}, n[] = {v_int(1), v_str("a"), v_int(3)};
    assert_int_equal(update_skips(&tt, e02, 1, o, n), 1);
}

/* ---- dm/syncer/expr_filter_group_test.go ---- */

typedef struct dm_case {
    const char *expr;
    tcol col;
    bs_value skipped, passed;
} dm_case;

static void test_dm_unit_cases(void **state)
{
    (void)state;
    bs_rules_expr_ctx ctx = utc_ctx();
    ttable tt;
    /* TestSkipDMLByExpression */
    tcol s1[] = {{"primary_id", BS_TYPE_LONGLONG, 1, 0, 0, 0, 0, NULL},
                 {"id", BS_TYPE_LONGLONG, 1, 0, 0, 0, 0, NULL},
                 {"state", BS_TYPE_TINY, 1, 0, 0, 0, 0, NULL}};
    ttable_init(&tt, "t", s1, 3);
    bs_value a1[] = {v_uint(100, BS_VALUE_UINT), v_uint(100, BS_VALUE_UINT),
                     v_uint(3, BS_VALUE_UINT)};
    bs_value b1[] = {v_uint(100, BS_VALUE_UINT), v_uint(100, BS_VALUE_UINT),
                     v_uint(1, BS_VALUE_UINT)};
    assert_int_equal(decide(&tt, "state != 1", a1, &ctx), 1);
    assert_int_equal(decide(&tt, "state != 1", b1, &ctx), 0);
    tcol s2[] = {{"f", BS_TYPE_FLOAT, 0, 0, 0, 0, 0, NULL},
                 {"a", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
                 {"b", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL}};
    ttable_init(&tt, "t", s2, 1);
    bs_value a2[] = {v_double(2.0f, BS_VALUE_FLOAT)}, b2[] = {v_double(1.0f, BS_VALUE_FLOAT)};
    assert_int_equal(decide(&tt, "f > 1.23", a2, &ctx), 1);
    assert_int_equal(decide(&tt, "f > 1.23", b2, &ctx), 0);
    ttable_init(&tt, "t", s2, 3);
    bs_value a3[] = {v_double(123.45f, BS_VALUE_FLOAT), v_int(1), v_int(2)};
    bs_value b3[] = {v_double(0.01f, BS_VALUE_FLOAT), v_int(23), v_int(45)};
    assert_int_equal(decide(&tt, "f > a + b", a3, &ctx), 1);
    assert_int_equal(decide(&tt, "f > a + b", b3, &ctx), 0);
    tcol s4[] = {{"id", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
                 {"name", BS_TYPE_VARCHAR, 0, 0, 0, 46, 20, NULL},
                 {"dt", BS_TYPE_DATETIME2, 0, 0, 0, 0, 0, NULL},
                 {"ts", BS_TYPE_TIMESTAMP2, 0, 0, 0, 0, 0, NULL}};
    ttable_init(&tt, "t", s4, 4);
    bs_value a4[] = {v_int(30), v_str("30"), v_null(), v_str("2021-06-17 10:13:05")};
    bs_value b4[] = {v_int(20), v_str("20"), v_null(), v_str("2021-06-17 10:13:05")};
    assert_int_equal(decide(&tt, "id = 30", a4, &ctx), 1);
    assert_int_equal(decide(&tt, "id = 30", b4, &ctx), 0);
    /* TestSkipDMLByExpressionWithHiddenColumnBeforeVisibleColumn: only the
     * visible columns reach the expression */
    tcol s5[] = {{"id", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
                 {"a", BS_TYPE_VARCHAR, 0, 0, 0, 46, 32, NULL},
                 {"b", BS_TYPE_VARCHAR, 0, 0, 0, 46, 32, NULL}};
    ttable_init(&tt, "t", s5, 3);
    bs_value a5[] = {v_int(1), v_str("Alice"), v_str("Bob")};
    bs_value b5[] = {v_int(2), v_str("Alice"), v_str("Charlie")};
    assert_int_equal(decide(&tt, "b = 'Bob'", a5, &ctx), 1);
    assert_int_equal(decide(&tt, "b = 'Bob'", b5, &ctx), 0);

    /* TestAllBinaryProtocolTypes: values as go-mysql hands them to DM */
    static const uint8_t blob_a[] = {0x12, 0x34}, blob_b[] = {0x56, 0x78};
    const dm_case cases[] = {
        {"c IS NULL", {"c", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL}, v_null(), v_int(100)},
        {"c = 1", {"c", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL}, v_int(1), v_int(100)},
        {"c = 2", {"c", BS_TYPE_TINY, 0, 0, 0, 0, 0, NULL}, v_int(2), v_int(-1)},
        {"c < 10", {"c", BS_TYPE_SHORT, 0, 0, 0, 0, 0, NULL}, v_int(8), v_int(18)},
        {"c < 0", {"c", BS_TYPE_INT24, 0, 0, 0, 0, 0, NULL}, v_int(-8), v_int(1)},
        {"c = 100000000",
         {"c", BS_TYPE_LONGLONG, 0, 0, 0, 0, 0, NULL},
         v_int(100000000),
         v_int(200000000)},
        {"c = 10.1",
         {"c", BS_TYPE_NEWDECIMAL, 0, 5, 2, 0, 0, NULL},
         v_str("10.10"),
         v_str("10.11")},
        {"c < 0.1",
         {"c", BS_TYPE_FLOAT, 0, 0, 0, 0, 0, NULL},
         v_double(0.08f, BS_VALUE_FLOAT),
         v_double(0.18f, BS_VALUE_FLOAT)},
        {"c < 0.1",
         {"c", BS_TYPE_DOUBLE, 0, 0, 0, 0, 0, NULL},
         v_double(0.08, BS_VALUE_DOUBLE),
         v_double(0.18, BS_VALUE_DOUBLE)},
        {"c = b'1'", {"c", BS_TYPE_BIT, 0, 0, 0, 0, 4, NULL}, v_int(1), v_int(2)},
        {"c = '2021-06-21 12:34:56'",
         {"c", BS_TYPE_TIMESTAMP2, 0, 0, 0, 0, 0, NULL},
         v_str("2021-06-21 12:34:56"),
         v_str("1970-01-01 00:00:01")},
        {"c = '2021-06-21 00:00:12'",
         {"c", BS_TYPE_DATETIME2, 0, 0, 0, 0, 0, NULL},
         v_str("2021-06-21 00:00:12"),
         v_str("1970-01-01 00:00:01")},
        {"c = '00:00:12'",
         {"c", BS_TYPE_TIME2, 0, 0, 6, 0, 0, NULL},
         v_str("00:00:12"),
         v_str("00:00:01")},
        {"c = '2021-06-21'",
         {"c", BS_TYPE_DATE, 0, 0, 0, 0, 0, NULL},
         v_str("2021-06-21"),
         v_str("1970-01-01")},
        {"c = '2021'", {"c", BS_TYPE_YEAR, 0, 0, 0, 0, 0, NULL}, v_int(2021), v_int(2020)},
        {"c = 'x-small'",
         {"c", BS_TYPE_ENUM, 0, 0, 0, 46, 0, "x-small,small,medium,large,x-large"},
         v_uint(1, BS_VALUE_ENUM),
         v_uint(2, BS_VALUE_ENUM)},
        {"find_in_set('c', c) > 0",
         {"c", BS_TYPE_SET, 0, 0, 0, 46, 0, "a,b,c,d"},
         v_uint(0xC, BS_VALUE_SET),
         v_uint(0x8, BS_VALUE_SET)},
        {"c = x'1234'",
         {"c", BS_TYPE_BLOB, 0, 0, 0, 63, 0, NULL},
         v_bytes(blob_a, 2, BS_VALUE_STRING),
         v_bytes(blob_b, 2, BS_VALUE_STRING)},
        {"c = 'abc'", {"c", BS_TYPE_VARCHAR, 0, 0, 0, 46, 20, NULL}, v_str("abc"), v_str("def")},
        {"c->\"$.id\" = 1",
         {"c", BS_TYPE_JSON, 0, 0, 0, 0, 0, NULL},
         v_str("{\"id\": 1}"),
         v_str("{\"id\": 2}")},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ttable_init(&tt, "t", &cases[i].col, 1);
        if (decide(&tt, cases[i].expr, &cases[i].skipped, &ctx) != 1)
            fail_msg("%s (%s): the skipped row was kept", cases[i].expr, cases[i].col.name);
        if (decide(&tt, cases[i].expr, &cases[i].passed, &ctx) != 0)
            fail_msg("%s: the passed row was skipped", cases[i].expr);
    }
    /* TestExpressionContainsNonExistColumn: "d > 1" on (c varchar(20)) is the
     * constant 0 and skips nothing */
    tcol s6[] = {{"c", BS_TYPE_VARCHAR, 0, 0, 0, 46, 20, NULL}};
    ttable_init(&tt, "t", s6, 1);
    bs_value z[] = {v_str("0")}, two[] = {v_str("2")};
    char buf[100];
    int sk;
    assert_string_equal(texpr(&tt, "d > 1", z, &ctx, buf, sizeof buf, &sk), "?d");
    assert_int_equal(sk, 0);
    assert_string_equal(texpr(&tt, "d > 1", two, &ctx, buf, sizeof buf, &sk), "?d");
    assert_int_equal(sk, 0);
}

/* ---- dm-rules.md §13 and §6 ---- */

static void test_rules_examples(void **state)
{
    (void)state;
    bs_rules_expr_ctx ctx = utc_ctx();
    ttable tt;
    tcol c[] = {{"c", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL}};
    ttable_init(&tt, "t", c, 1);
    /* §13: INSERT rows c = 1, 2, NULL -> migrated, dropped, migrated */
    bs_value one[] = {v_int(1)}, two[] = {v_int(2)}, null[] = {v_null()};
    assert_int_equal(decide(&tt, "c % 2 = 0", one, &ctx), 0);
    assert_int_equal(decide(&tt, "c % 2 = 0", two, &ctx), 1);
    assert_int_equal(decide(&tt, "c % 2 = 0", null, &ctx), 0);
    /* §6: an expression `c` skips only rows with c = 1 */
    assert_int_equal(decide(&tt, "c", one, &ctx), 1);
    assert_int_equal(decide(&tt, "c", two, &ctx), 0);
    assert_int_equal(decide(&tt, "c", null, &ctx), 0);
    assert_int_equal(decide(&tt, "c IS NULL", null, &ctx), 1);
    /* §6 examples: a*a+b*b=c*c, ts > NOW() are covered above; an unknown
     * column anywhere makes the whole expression FALSE */
    char buf[100];
    int sk;
    assert_string_equal(texpr(&tt, "c = 1 OR nope = 2", one, &ctx, buf, sizeof buf, &sk), "?nope");
    assert_int_equal(sk, 0);
    /* qualified names: the table's name works, a schema-qualified one does
     * not (DM resolves with an empty schema), `db`.`t`.`c` is unknown */
    assert_string_equal(texpr(&tt, "t.c = 1", one, &ctx, buf, sizeof buf, &sk), "1");
    assert_string_equal(texpr(&tt, "`T`.`C` = 1", one, &ctx, buf, sizeof buf, &sk), "1");
    assert_string_equal(texpr(&tt, "x.c = 1", one, &ctx, buf, sizeof buf, &sk), "?c");
    assert_string_equal(texpr(&tt, "db.t.c = 1", one, &ctx, buf, sizeof buf, &sk), "?c");
}

/* What skips: Datum.GetInt64() == 1 (dm/syncer/expr_filter_group.go
 * SkipDMLByExpression), per result kind. */
static void test_skip_is_getint64(void **state)
{
    (void)state;
    struct {
        const char *expr;
        int skip;
    } cases[] = {
        {"1", 1},
        {"TRUE", 1},
        {"1 = 1", 1},
        {"2", 0},
        {"CAST(1 AS UNSIGNED)", 1},
        {"1.0", 0}, /* DECIMAL: the int field is unset */
        {"0.5 + 0.5", 0},
        {"'1'", 0}, /* string */
        {"1e0", 0}, /* double 1.0: bits 0x3FF0000000000000 */
        {"DATE '2021-01-01'", 0},
        {"TIME '00:00:01'", 0},
        {"NULL", 0},
        {"JSON_EXTRACT('{\"a\": 1}', '$')", 1}, /* JSON object: type code 1 */
        {"JSON_EXTRACT('[1]', '$')", 0},        /* array: 3 */
        {"JSON_EXTRACT('1', '$')", 0},          /* int64: 9 */
        {"IF(1, 1, 2)", 1},
        {"IF(1, 1, 2.5)", 0}, /* DECIMAL result */
        {"CASE WHEN 1 THEN 1 END", 1},
        {"0.1e0 + 0.9e0 = 1", 1},
        {"b'1'", 0}, /* a bit literal is a string */
    };
    char buf[200];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int sk;
        texpr(NULL, cases[i].expr, NULL, NULL, buf, sizeof buf, &sk);
        if (sk != cases[i].skip)
            fail_msg("%s: skip %d (result %s), want %d", cases[i].expr, sk, buf, cases[i].skip);
    }
    /* a bare ENUM column skips on index 1; a SET on bitmask 1; BIT never */
    tcol c[] = {{"e", BS_TYPE_ENUM, 0, 0, 0, 46, 0, "x,y"},
                {"s", BS_TYPE_SET, 0, 0, 0, 46, 0, "x,y"},
                {"b", BS_TYPE_BIT, 0, 0, 0, 0, 1, NULL},
                {"d", BS_TYPE_NEWDECIMAL, 0, 3, 1, 0, 0, NULL}};
    ttable tt;
    ttable_init(&tt, "t", c, 4);
    bs_value r1[] = {v_uint(1, BS_VALUE_ENUM), v_uint(1, BS_VALUE_SET), v_uint(1, BS_VALUE_BIT),
                     v_str("1.0")};
    bs_value r2[] = {v_uint(2, BS_VALUE_ENUM), v_uint(3, BS_VALUE_SET), v_uint(1, BS_VALUE_BIT),
                     v_str("1")};
    int sk;
    texpr(&tt, "e", r1, NULL, buf, sizeof buf, &sk);
    assert_string_equal(buf, "x");
    assert_int_equal(sk, 1);
    texpr(&tt, "e", r2, NULL, buf, sizeof buf, &sk);
    assert_int_equal(sk, 0);
    texpr(&tt, "s", r1, NULL, buf, sizeof buf, &sk);
    assert_int_equal(sk, 1);
    texpr(&tt, "s", r2, NULL, buf, sizeof buf, &sk);
    assert_string_equal(buf, "x,y");
    assert_int_equal(sk, 0);
    texpr(&tt, "b", r1, NULL, buf, sizeof buf, &sk);
    assert_int_equal(sk, 0);
    texpr(&tt, "d", r1, NULL, buf, sizeof buf, &sk);
    assert_string_equal(buf, "1.0");
    assert_int_equal(sk, 0);
    /* ENUM in a numeric context is its index, compared by name with a string */
    assert_string_equal(texpr(&tt, "e = 1", r1, NULL, buf, sizeof buf, &sk), "1");
    assert_string_equal(texpr(&tt, "e + 0", r2, NULL, buf, sizeof buf, &sk), "2");
    assert_string_equal(texpr(&tt, "e = 'y'", r2, NULL, buf, sizeof buf, &sk), "1");
    assert_string_equal(texpr(&tt, "s = 'x,y'", r2, NULL, buf, sizeof buf, &sk), "1");
    assert_string_equal(texpr(&tt, "s & 2", r2, NULL, buf, sizeof buf, &sk), "2");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_t1_every_type),  cmocka_unit_test(test_t2_table_changes),
        cmocka_unit_test(test_t3_t4),          cmocka_unit_test(test_t5_updates),
        cmocka_unit_test(test_t6_latin1_t7),   cmocka_unit_test(test_dm_unit_cases),
        cmocka_unit_test(test_rules_examples), cmocka_unit_test(test_skip_is_getint64),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
