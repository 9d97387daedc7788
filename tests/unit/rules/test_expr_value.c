/*
 * test_expr_value.c - row values in, results out.
 *
 * Values come from the binlog decoder (typed) or as text (DM gets DECIMAL
 * and TIMESTAMP values as text; `binsift explain --row` gives text); both
 * must evaluate alike. Also: the rows-from-text helper, JSON columns,
 * ENUM/SET members, BINARY padding, narrow unsigned integers, and the
 * result structure.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_expr_util.h"

static const char *row_eval(const char *row_text, const bs_rules_expr_table *table,
                            const char *expr, char *buf, size_t cap)
{
    bs_rules_expr_row *r;
    bs_error err;
    int rc = bs_rules_expr_row_parse(row_text, strlen(row_text), table, &r, &err);
    if (rc) {
        snprintf(buf, cap, "!row %.100s", err.message);
        return buf;
    }
    ttable tt;
    memset(&tt, 0, sizeof tt);
    tt.t = *bs_rules_expr_row_table(r);
    texpr(&tt, expr, bs_rules_expr_row_values(r), NULL, buf, cap, NULL);
    bs_rules_expr_row_free(r);
    return buf;
}

static void test_rows_from_text(void **state)
{
    (void)state;
    char buf[200];
    /* without a table: typed by literal form */
    assert_string_equal(row_eval("c=5,s=abc", NULL, "c % 2 = 1 AND s = 'abc'", buf, sizeof buf),
                        "1");
    assert_string_equal(row_eval("c=5", NULL, "c / 2", buf, sizeof buf), "2.5000");
    assert_string_equal(row_eval("d=1.50", NULL, "d", buf, sizeof buf), "1.50");
    assert_string_equal(row_eval("d=1.50", NULL, "d * 2", buf, sizeof buf), "3.00");
    assert_string_equal(row_eval("f=1e1", NULL, "f + 0", buf, sizeof buf), "10");
    /* past the double range: clamped like a string made a number */
    assert_string_equal(row_eval("f=-1e999", NULL, "f", buf, sizeof buf),
                        "-1.7976931348623157e308");
    assert_string_equal(row_eval("n=NULL", NULL, "n IS NULL", buf, sizeof buf), "1");
    assert_string_equal(row_eval("n='NULL'", NULL, "n", buf, sizeof buf), "NULL");
    assert_string_equal(row_eval("s='a,b''c'", NULL, "s", buf, sizeof buf), "a,b'c");
    assert_string_equal(row_eval("s=\"x\" , t = y ", NULL, "CONCAT(s, t)", buf, sizeof buf), "xy");
    assert_string_equal(row_eval("s='05'", NULL, "s = 5", buf, sizeof buf), "1");
    assert_string_equal(row_eval("s='05'", NULL, "s", buf, sizeof buf), "05");
    assert_string_equal(row_eval("`odd name`=3", NULL, "`odd name` + 1", buf, sizeof buf), "4");
    assert_string_equal(row_eval("big=99999999999999999999", NULL, "big", buf, sizeof buf),
                        "99999999999999999999");
    assert_string_equal(row_eval("c=5", NULL, "nope = 1", buf, sizeof buf), "?nope");
    /* malformed rows */
    assert_string_equal(row_eval("c", NULL, "1", buf, sizeof buf),
                        "!row offset 0: expected name=value");
    assert_string_equal(row_eval("c='x", NULL, "1", buf, sizeof buf),
                        "!row offset 4: unterminated quote");
    assert_string_equal(row_eval("c='x'y", NULL, "1", buf, sizeof buf),
                        "!row offset 5: expected ',' after a value");
    assert_string_equal(row_eval("c=1,C=2", NULL, "1", buf, sizeof buf),
                        "!row column C given twice");

    /* with a table: values typed by the columns */
    static const tcol cols[] = {
        {"id", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
        {"price", BS_TYPE_NEWDECIMAL, 0, 10, 2, 0, 0, NULL},
        {"size", BS_TYPE_ENUM, 0, 0, 0, 46, 0, "small,medium,large"},
        {"tags", BS_TYPE_SET, 0, 0, 0, 46, 0, "red,green,blue"},
        {"doc", BS_TYPE_JSON, 0, 0, 0, 0, 0, NULL},
        {"ts", BS_TYPE_TIMESTAMP2, 0, 0, 0, 0, 0, NULL},
    };
    ttable tt;
    ttable_init(&tt, "t", cols, 6);
    const char *row = "ID=7,price=19.9,size=medium,tags='blue,red',doc='{\"a\": [1, 2]}',"
                      "ts='2021-06-22 10:00:00'";
    static const struct {
        const char *expr, *want;
    } cases[] = {
        {"id", "7"},
        {"price", "19.90"},
        {"price > 19.89", "1"},
        {"size", "medium"},
        {"size + 0", "2"},
        {"tags", "red,blue"}, /* members in definition order */
        {"tags + 0", "5"},
        {"FIND_IN_SET('blue', tags)", "2"},
        {"doc->'$.a[1]'", "2"},
        {"JSON_LENGTH(doc, '$.a')", "2"},
        {"ts", "2021-06-22 10:00:00"},
        {"ts > '2021-06-22'", "1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        row_eval(row, &tt.t, cases[i].expr, buf, sizeof buf);
        if (strcmp(buf, cases[i].want))
            fail_msg("%s: got %s, want %s", cases[i].expr, buf, cases[i].want);
    }
    /* columns not given are NULL */
    assert_string_equal(row_eval("id=1", &tt.t, "price IS NULL AND doc IS NULL", buf, sizeof buf),
                        "1");
    assert_string_equal(row_eval("idx=1", &tt.t, "1", buf, sizeof buf), "!row unknown column idx");
    assert_string_equal(row_eval("size=huge", &tt.t, "size + 0", buf, sizeof buf), "0");
    assert_string_equal(row_eval("doc='{'", &tt.t, "doc", buf, sizeof buf),
                        "!EINVAL Invalid JSON text: expected a key at position 1");
}

/* MySQL binary JSON: {"k": [1, "x", true, null, 1.5]} */
static const uint8_t json_doc[] = {
    0x00, 0x01, 0x00, 0x29, 0x00,                   /* small object, 1 key, 41 bytes */
    0x0b, 0x00, 0x01, 0x00,                         /* key at 11, length 1 */
    0x02, 0x0c, 0x00,                               /* value: small array at 12 */
    'k',                                            /* the key */
    0x05, 0x00, 0x1d, 0x00,                         /* array: 5 elements, 29 bytes */
    0x05, 0x01, 0x00,                               /* int16 1 */
    0x0c, 0x13, 0x00,                               /* string at 19 */
    0x04, 0x01, 0x00,                               /* true */
    0x04, 0x00, 0x00,                               /* null */
    0x0b, 0x15, 0x00,                               /* double at 21 */
    0x01, 'x',                                      /* "x" */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x3f, /* 1.5 */
};

static void test_json_column(void **state)
{
    (void)state;
    tcol cols[] = {{"j", BS_TYPE_JSON, 0, 0, 0, 0, 0, NULL}};
    ttable tt;
    ttable_init(&tt, "t", cols, 1);
    bs_value row[] = {v_bytes(json_doc, sizeof json_doc, BS_VALUE_JSON)};
    static const struct {
        const char *expr, *want;
    } cases[] = {
        {"j", "{\"k\": [1, \"x\", true, null, 1.5]}"},
        {"j->'$.k[1]'", "\"x\""},
        {"j->>'$.k[1]'", "x"},
        {"j->'$.k[1]' = 'x'", "1"},
        {"j->'$.k[0]' = 1", "1"},
        {"j->'$.k[4]' > 1", "1"},
        {"j->'$.k[2]' = TRUE", "1"},  /* TRUE is a boolean for JSON */
        {"j->'$.k[3]' IS NULL", "0"}, /* JSON null is a value */
        {"j->'$.nope' IS NULL", "1"},
        {"JSON_TYPE(j->'$.k')", "ARRAY"},
        {"JSON_LENGTH(j->'$.k')", "5"},
        {"JSON_CONTAINS(j, '1', '$.k')", "1"},
        {"JSON_CONTAINS(j, '{\"k\": [\"x\"]}')", "1"},
        {"JSON_EXTRACT(j, '$.k[*]')", "[1, \"x\", true, null, 1.5]"},
        {"JSON_EXTRACT(j, '$**.k')", "[[1, \"x\", true, null, 1.5]]"},
        {"JSON_UNQUOTE(j)", "{\"k\": [1, \"x\", true, null, 1.5]}"},
        {"CAST(j AS CHAR)", "{\"k\": [1, \"x\", true, null, 1.5]}"},
        {"j->'$.k[last]'", "1.5"},
        {"j->'$.k[last-1]'", "null"},
    };
    char buf[300];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        texpr(&tt, cases[i].expr, row, NULL, buf, sizeof buf, NULL);
        if (strcmp(buf, cases[i].want))
            fail_msg("%s: got %s, want %s", cases[i].expr, buf, cases[i].want);
    }
    /* a JSON object result skips the row (TiDB's type code 1) */
    int skip;
    texpr(&tt, "j", row, NULL, buf, sizeof buf, &skip);
    assert_int_equal(skip, 1);
    const uint8_t bad[] = {0x00, 0x05, 0x00};
    bs_value brow[] = {v_bytes(bad, sizeof bad, BS_VALUE_JSON)};
    assert_string_equal(texpr(&tt, "j", brow, NULL, buf, sizeof buf, NULL),
                        "!ECORRUPT column j: bad binary JSON");
    bs_value diff[] = {v_bytes(bad, sizeof bad, BS_VALUE_JSON_DIFF)};
    assert_string_equal(texpr(&tt, "j", diff, NULL, buf, sizeof buf, NULL),
                        "!EUNSUPPORTED a partial JSON update cannot be evaluated");
}

static void test_binding(void **state)
{
    (void)state;
    tcol cols[] = {
        {"tu", BS_TYPE_TINY, 1, 0, 0, 0, 0, NULL},   {"iu", BS_TYPE_LONG, 1, 0, 0, 0, 0, NULL},
        {"b", BS_TYPE_STRING, 0, 0, 0, 63, 4, NULL}, {"e", BS_TYPE_ENUM, 0, 0, 0, 46, 0, "a,b"},
        {"en", BS_TYPE_ENUM, 0, 0, 0, 46, 0, NULL},  {"bits", BS_TYPE_BIT, 0, 0, 0, 0, 12, NULL},
        {"f", BS_TYPE_FLOAT, 0, 0, 0, 0, 0, NULL}};
    ttable tt;
    ttable_init(&tt, "t", cols, 7);
    /* without SIGNEDNESS metadata the decoder reads 255 as -1 */
    bs_value row[] = {v_int(-1),
                      v_int(-1),
                      v_str("ab"),
                      v_uint(2, BS_VALUE_ENUM),
                      v_uint(0, BS_VALUE_ENUM),
                      v_uint(0xABC, BS_VALUE_BIT),
                      v_double((float)0.1, BS_VALUE_FLOAT)};
    char buf[200];
    assert_string_equal(texpr(&tt, "tu", row, NULL, buf, sizeof buf, NULL), "255");
    assert_string_equal(texpr(&tt, "iu", row, NULL, buf, sizeof buf, NULL), "4294967295");
    assert_string_equal(texpr(&tt, "LENGTH(b)", row, NULL, buf, sizeof buf, NULL),
                        "4"); /* BINARY(4) */
    assert_string_equal(texpr(&tt, "b = 'ab'", row, NULL, buf, sizeof buf, NULL), "0");
    assert_string_equal(texpr(&tt, "b = x'61620000'", row, NULL, buf, sizeof buf, NULL), "1");
    assert_string_equal(texpr(&tt, "e", row, NULL, buf, sizeof buf, NULL), "b");
    assert_string_equal(texpr(&tt, "en = ''", row, NULL, buf, sizeof buf, NULL), "1");
    assert_string_equal(texpr(&tt, "bits", row, NULL, buf, sizeof buf, NULL), "0xABC");
    assert_string_equal(texpr(&tt, "bits + 0", row, NULL, buf, sizeof buf, NULL), "2748");
    assert_string_equal(texpr(&tt, "bits = b'101010111100'", row, NULL, buf, sizeof buf, NULL),
                        "1");
    assert_string_equal(texpr(&tt, "HEX(bits)", row, NULL, buf, sizeof buf, NULL), "ABC");
    assert_string_equal(texpr(&tt, "LENGTH(CONCAT(bits))", row, NULL, buf, sizeof buf, NULL), "2");
    /* FLOAT: float32 precision when shown and turned into text */
    assert_string_equal(texpr(&tt, "f", row, NULL, buf, sizeof buf, NULL), "0.1");
    assert_string_equal(texpr(&tt, "CONCAT(f)", row, NULL, buf, sizeof buf, NULL), "0.1");
    assert_string_equal(texpr(&tt, "f = 0.1", row, NULL, buf, sizeof buf, NULL), "0");
    assert_string_equal(texpr(&tt, "f + 0 > 0.1", row, NULL, buf, sizeof buf, NULL), "1");
    /* an ENUM index past the members is corrupt; unknown members cannot be named */
    bs_value bad[] = {v_int(0),
                      v_int(0),
                      v_str(""),
                      v_uint(3, BS_VALUE_ENUM),
                      v_uint(1, BS_VALUE_ENUM),
                      v_uint(0, BS_VALUE_BIT),
                      v_null()};
    assert_string_equal(texpr(&tt, "e", bad, NULL, buf, sizeof buf, NULL),
                        "!ECORRUPT column e: ENUM index past the member list");
    assert_string_equal(texpr(&tt, "en", bad, NULL, buf, sizeof buf, NULL),
                        "!EUNSUPPORTED ENUM member names of en are unknown");
    /* MySQL keeps no NaN or infinity in FLOAT/DOUBLE: such a value is corrupt */
    bs_value inf[] = {v_int(0),
                      v_int(0),
                      v_str(""),
                      v_uint(1, BS_VALUE_ENUM),
                      v_uint(0, BS_VALUE_ENUM),
                      v_uint(0, BS_VALUE_BIT),
                      v_double(-INFINITY, BS_VALUE_FLOAT)};
    assert_string_equal(texpr(&tt, "f > 0", inf, NULL, buf, sizeof buf, NULL),
                        "!ECORRUPT column f: not a finite number");
    inf[6] = v_double(NAN, BS_VALUE_DOUBLE);
    assert_string_equal(texpr(&tt, "CAST(f AS JSON)", inf, NULL, buf, sizeof buf, NULL),
                        "!ECORRUPT column f: not a finite number");
    /* a column missing from a MINIMAL image */
    bs_value absent[7] = {{0}};
    absent[0].kind = BS_VALUE_ABSENT;
    assert_string_equal(texpr(&tt, "tu", absent, NULL, buf, sizeof buf, NULL),
                        "!EINVAL column tu is not in the row image");
}

static void test_result_fields(void **state)
{
    (void)state;
    bs_rules_expr *p;
    bs_error err;
    bs_rules_expr_result r;
    bs_rules_expr_ctx ctx = {0};
    struct {
        const char *expr;
        int kind;
        uint8_t type;
    } cases[] = {
        {"1", BS_RULES_EXPR_INT, BS_TYPE_LONGLONG},
        {"18446744073709551615", BS_RULES_EXPR_UINT, BS_TYPE_LONGLONG},
        {"1.5e0", BS_RULES_EXPR_DOUBLE, BS_TYPE_DOUBLE},
        {"1.5", BS_RULES_EXPR_DECIMAL, BS_TYPE_NEWDECIMAL},
        {"'x'", BS_RULES_EXPR_STRING, BS_TYPE_VAR_STRING},
        {"DATE '2021-01-02'", BS_RULES_EXPR_DATETIME, BS_TYPE_DATE},
        {"TIME '-01:02:03'", BS_RULES_EXPR_DURATION, BS_TYPE_TIME},
        {"JSON_EXTRACT('[1]', '$')", BS_RULES_EXPR_JSON, BS_TYPE_JSON},
        {"NULL", BS_RULES_EXPR_NULL, BS_TYPE_NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(
            bs_rules_expr_compile(cases[i].expr, strlen(cases[i].expr), NULL, &p, &err), 0);
        assert_int_equal(bs_rules_expr_eval(p, NULL, 0, &ctx, &r, &err), 0);
        if (r.kind != cases[i].kind || r.type != cases[i].type)
            fail_msg("%s: kind %d type %d", cases[i].expr, r.kind, r.type);
        bs_rules_expr_info info;
        bs_rules_expr_info_get(p, &info);
        assert_int_equal(info.result_type, cases[i].type);
        bs_rules_expr_free(p);
    }
    assert_int_equal(bs_rules_expr_compile("TIME '-01:02:03'", 16, NULL, &p, &err), 0);
    assert_int_equal(bs_rules_expr_eval(p, NULL, 0, &ctx, &r, &err), 0);
    assert_int_equal(r.t.neg, 1);
    assert_int_equal(r.t.hour, 1);
    assert_int_equal(r.t.second, 3);
    bs_rules_expr_free(p);
    assert_int_equal(bs_rules_expr_compile("18446744073709551615", 20, NULL, &p, &err), 0);
    assert_int_equal(bs_rules_expr_eval(p, NULL, 0, &ctx, &r, &err), 0);
    assert_true(r.u == UINT64_MAX);
    bs_rules_expr_free(p);
}

/* One program, many rows: the per-row state starts over each time. */
static void test_reuse(void **state)
{
    (void)state;
    tcol cols[] = {{"c", BS_TYPE_LONG, 0, 0, 0, 0, 0, NULL},
                   {"s", BS_TYPE_VARCHAR, 0, 0, 0, 46, 100, NULL}};
    ttable tt;
    ttable_init(&tt, "t", cols, 2);
    bs_rules_expr *p;
    bs_error err;
    const char *expr = "CONCAT(s, REPEAT('x', c)) LIKE '%ax%' AND c % 2 = 0";
    assert_int_equal(bs_rules_expr_compile(expr, strlen(expr), &tt.t, &p, &err), 0);
    bs_rules_expr_ctx ctx = {0};
    int skipped = 0;
    for (int i = 0; i < 20000; i++) {
        bs_value row[] = {v_int(i % 50), v_str(i % 3 ? "ba" : "bb")};
        int skip;
        assert_int_equal(bs_rules_expr_skips(p, row, 2, &ctx, &skip, &err), 0);
        int want = (i % 3) && (i % 50) > 0 && (i % 50) % 2 == 0;
        if (skip != want) fail_msg("row %d: skip %d", i, skip);
        skipped += skip;
    }
    assert_true(skipped > 0);
    bs_rules_expr_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_from_text), cmocka_unit_test(test_json_column),
        cmocka_unit_test(test_binding),        cmocka_unit_test(test_result_fields),
        cmocka_unit_test(test_reuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
