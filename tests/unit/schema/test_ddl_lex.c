/*
 * test_ddl_lex.c - the DDL lexer, token by token.
 *
 * Table-driven: a text, the sql_mode/version/flavour it is read with, and
 * the tokens expected ("kind:value" with the decoded value). Covers bare,
 * backquoted and ANSI identifiers, words starting with digits, every string
 * form (escapes, NO_BACKSLASH_ESCAPES, doubled quotes, adjacent strings
 * joined across white space and comments, N'..', _charset introducers),
 * numbers, hex and bit literals, multi-character operators, variables, the
 * three comment styles, and executable comments by version and flavour.
 * Lexing errors give their byte offset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "schema/ddl_internal.h"

typedef struct lex_case {
    const char *text;
    uint64_t sql_mode;
    uint32_t version;
    uint8_t mariadb;
    const char *tokens; /* "kind:value|kind:value|..." */
} lex_case;

static const char *kind_tag(uint8_t k)
{
    static const char *const tags[] = {"eof", "w", "q", "s", "n", "x", "b", "o", "v"};
    return k < sizeof tags / sizeof tags[0] ? tags[k] : "?";
}

static const lex_case cases[] = {
    {"CREATE TABLE `a``b`.c2 (x INT)", 0, 0, 0,
     "w:CREATE|w:TABLE|q:a`b|o:.|w:c2|o:(|w:x|w:INT|o:)"},
    {"2fa_codes 1e5 12 1.5 .5 1e-3 0x1F 0xg1 0b101 X'0a' b'11' 1ea", 0, 0, 0,
     "w:2fa_codes|n:1e5|n:12|n:1.5|n:.5|n:1e-3|x:1F|w:0xg1|b:101|x:0a|b:11|w:1ea"},
    {"'a\\nb', 'it''s', \"q\\\"d\", 'x\\%y'", 0, 0, 0, "s:a\nb|o:,|s:it's|o:,|s:q\"d|o:,|s:x\\%y"},
    {"'a\\nb'", BS_SQL_MODE_NO_BACKSLASH_ESCAPES, 0, 0, "s:a\\nb"},
    {"'ab' 'cd' /* c */ \"ef\" x", 0, 0, 0, "s:abcdef|w:x"},
    {"\"ident\" 'str'", BS_SQL_MODE_ANSI_QUOTES, 0, 0, "q:ident|s:str"},
    {"N'nat' _utf8mb4 'x' _latin1'y' _notacharset 'z'", 0, 0, 0,
     "s:nat|s:x|s:y|w:_notacharset|s:z"},
    {"<=> <= >= <> != << >> || && := -> ->> = @a @@session.x @`q` ?", 0, 0, 0,
     "o:<=>|o:<=|o:>=|o:<>|o:!=|o:<<|o:>>|o:|||o:&&|o::=|o:->|o:->>|o:=|v:@a|v:@@session.x|v:@`q`|"
     "v:?"},
    {"a -- comment\nb #c\nc --d", 0, 0, 0, "w:a|w:b|w:c|o:-|o:-|w:d"},
    {"a /*!50100 b */ c /*!80023 d */ e /*!99999 f */ g", 0, 80020, 0, "w:a|w:b|w:c|w:e|w:g"},
    {"a /*!50100 b */ c /*!80023 d */ e", 0, 0, 0, "w:a|w:b|w:c|w:d|w:e"},
    {"a /*! b */ c /*+ hint */ d", 0, 50700, 0, "w:a|w:b|w:c|w:d"},
    {"a /*M! b */ c /*M!100500 d */ e /*!100600 f */", 0, 100400, 1, "w:a|w:b|w:c|w:e"},
    {"a /*M! b */ c", 0, 0, 0, "w:a|w:c"},
    {"x\x01y\x7f z", 0, 0, 0, "w:x|w:y|w:z"},
};

static void tokens(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const lex_case *c = &cases[i];
        bs_ddl_options opt = {
            .sql_mode = c->sql_mode, .server_version = c->version, .mariadb = c->mariadb};
        bs_arena arena = {0};
        ddl_lexer lx;
        bs_error err;
        char got[1024];
        size_t n = 0;
        ddl_lex_init(&lx, c->text, strlen(c->text), &opt, &arena);
        for (;;) {
            bs_ddl_token t;
            if (ddl_lex_next(&lx, &t, &err)) fail_msg("%s: %s", c->text, err.message);
            if (t.kind == BS_TOK_EOF) break;
            n += (size_t)snprintf(got + n, sizeof got - n, "%s%s:%.*s", n ? "|" : "",
                                  kind_tag(t.kind), (int)t.vlen, t.val);
            assert_true(n < sizeof got);
        }
        got[n] = 0;
        if (strcmp(got, c->tokens)) fail_msg("%s\n got: %s\nwant: %s", c->text, got, c->tokens);
        bs_arena_free(&arena);
    }
}

static void token_flags_and_offsets(void **state)
{
    (void)state;
    const char *text = "  _latin1'a' N'b', \"c\"";
    bs_arena arena = {0};
    ddl_lexer lx;
    bs_error err;
    bs_ddl_token t;
    ddl_lex_init(&lx, text, strlen(text), NULL, &arena);
    assert_int_equal(ddl_lex_next(&lx, &t, &err), 0);
    assert_true(t.flags & BS_TOKF_INTRODUCER);
    assert_int_equal(t.charset_len, 6);
    assert_memory_equal(t.charset, "latin1", 6);
    assert_int_equal(t.off, 2);
    assert_int_equal(t.len, 10);
    assert_int_equal(ddl_lex_next(&lx, &t, &err), 0);
    assert_true(t.flags & BS_TOKF_NATIONAL);
    assert_int_equal(t.off, 13);
    assert_int_equal(ddl_lex_next(&lx, &t, &err), 0); /* , */
    assert_int_equal(ddl_lex_next(&lx, &t, &err), 0);
    assert_true(t.flags & BS_TOKF_DOUBLE_QUOTE);
    assert_int_equal(ddl_lex_next(&lx, &t, &err), 0);
    assert_int_equal(t.kind, BS_TOK_EOF);
    assert_int_equal(t.off, strlen(text));
    bs_arena_free(&arena);
}

static void errors(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        uint64_t offset;
        const char *msg;
    } bad[] = {
        {"a 'open", 2, "unterminated string"},
        {"a 'ends with backslash\\", 2, "unterminated string"},
        {"`open", 0, "unterminated quoted identifier"},
        {"x /* open", 2, "unterminated comment"},
        {"x /*!50100 open", 2, "unterminated comment"},
        {"X'0g'", 0, "bad hex literal"},
        {"b'012'", 0, "bad bit literal"},
        {"/*! a /*! b */ */", 6, "nested executable comment"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bs_arena arena = {0};
        ddl_lexer lx;
        bs_error err;
        bs_ddl_token t;
        int rc = 0;
        ddl_lex_init(&lx, bad[i].text, strlen(bad[i].text), NULL, &arena);
        /* version 0: every executable comment is read, so the second one nests */
        do
            rc = ddl_lex_next(&lx, &t, &err);
        while (!rc && t.kind != BS_TOK_EOF);
        if (rc != BS_ESYNTAX || err.offset != bad[i].offset || !strstr(err.message, bad[i].msg))
            fail_msg("%s: rc %d offset %llu %s", bad[i].text, rc, (unsigned long long)err.offset,
                     err.message);
        bs_arena_free(&arena);
    }
}

static void charset_names(void **state)
{
    (void)state;
    assert_true(ddl_is_charset_name("UTF8MB4", 7));
    assert_true(ddl_is_charset_name("binary", 6));
    assert_false(ddl_is_charset_name("utf8mb", 6));
    assert_true(ddl_ieq("abc", 3, "ABC"));
    assert_false(ddl_ieq("abc", 2, "ABC"));
    assert_false(ddl_ieq("abcd", 4, "ABC"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tokens),
        cmocka_unit_test(token_flags_and_offsets),
        cmocka_unit_test(errors),
        cmocka_unit_test(charset_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
