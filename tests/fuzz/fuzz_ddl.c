/*
 * fuzz_ddl.c - libFuzzer target: one QUERY event text through the DDL
 * parser, DM's splitter and the TiDB-format restorer.
 *
 * The first input byte picks the reading options (ANSI_QUOTES,
 * NO_BACKSLASH_ESCAPES, REAL_AS_FLOAT, MariaDB flavour, a server version
 * that cuts executable comments); the rest is the statement. A statement
 * that parses is split for a database name and every split statement is
 * restored twice, as written and routed through a renaming callback, so the
 * whole syntax tree is read. Invariants checked on success: every token and
 * the statement span lie inside the text, and restoring never fails for a
 * statement that split.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "binsift/schema.h"

static int route(void *ctx, const bs_ddl_table *src, bs_ddl_table *dst)
{
    (void)ctx;
    *dst = *src;
    dst->schema = (bs_ddl_str){"routed", 6, BS_DDL_NO_OFFSET};
    return 0;
}

static void check_tokens(const bs_ddl_stmt *s, size_t size)
{
    for (uint32_t i = 0; i < s->ntokens; i++)
        if ((size_t)s->tokens[i].off + s->tokens[i].len > size) abort();
    if ((size_t)s->off + s->len > size || s->rest_off > size) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bs_ddl_parser *parser;
    static bs_buf out;
    bs_error err;
    if (!parser && bs_ddl_parser_new(&parser, &err)) return 0;
    if (size < 1) return 0;
    bs_ddl_options opt = {0};
    if (data[0] & 1) opt.sql_mode |= BS_SQL_MODE_ANSI_QUOTES;
    if (data[0] & 2) opt.sql_mode |= BS_SQL_MODE_NO_BACKSLASH_ESCAPES;
    if (data[0] & 4) opt.sql_mode |= BS_SQL_MODE_REAL_AS_FLOAT;
    opt.mariadb = (data[0] & 8) != 0;
    if (data[0] & 16) opt.server_version = opt.mariadb ? 100611 : 80036;
    const char *sql = (const char *)data + 1;
    size_t len = size - 1;
    const bs_ddl_stmt *s;
    if (bs_ddl_parse(parser, sql, len, &opt, &s, &err)) return 0;
    check_tokens(s, len);
    const bs_ddl_split_stmt *sp;
    uint32_t n;
    unsigned flags = (data[0] & 32) ? BS_SPLIT_LOWER_CASE_NAMES : 0;
    if (bs_ddl_split(parser, s, "Db", 2, flags, &sp, &n, &err)) return 0;
    for (uint32_t i = 0; i < n; i++) {
        bs_buf_clear(&out);
        if (bs_ddl_restore(&sp[i], NULL, NULL, &out, &err)) abort();
        bs_buf_clear(&out);
        if (bs_ddl_restore(&sp[i], route, NULL, &out, &err)) abort();
    }
    return 0;
}
