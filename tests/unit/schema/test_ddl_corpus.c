/*
 * test_ddl_corpus.c - every QUERY event of the shared fixture corpus goes
 * through the DDL parser.
 *
 * Each binlog under $BINSIFT_SHARED/fixtures (the reference decodes
 * excluded) is decoded with the library's reader; every QUERY text is parsed
 * with its event's sql_mode and the server version from the FORMAT
 * DESCRIPTION. A text must be parsed (schema DDL) or recognized (any other
 * statement kind); a parsed DDL must also split and restore, except the
 * kinds DM itself rejects as "unknown type ddl" (views). Every failure is
 * printed with its file, event offset and the parser's message. The summary printed at the end
 * counts statements per kind.
 *
 * Without the corpus the test prints "skipped: ..." and exits 77.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "binsift/binlog.h"
#include "binsift/io.h"
#include "../fixture_queries.h"
#include "binsift/schema.h"

typedef struct corpus {
    bs_ddl_parser *parser;
    bs_buf out;
    uint64_t per_kind[BS_STMT__COUNT];
    uint64_t queries, splits, failures, unknown_type;
} corpus;

static void check_split(corpus *c, const bs_ddl_stmt *s, const bs_binlog_query *q, const char *file)
{
    const bs_ddl_split_stmt *sp;
    uint32_t n;
    bs_error err;
    if (bs_ddl_split(c->parser, s, (const char *)q->db.ptr, q->db.len, 0, &sp, &n, &err)) {
        if (err.dm_code == 11007) {
            c->unknown_type++;
            return;
        }
        printf("FAIL %s: split: %s\n", file, err.message);
        c->failures++;
        return;
    }
    for (uint32_t i = 0; i < n; i++) {
        bs_buf_clear(&c->out);
        if (bs_ddl_restore(&sp[i], NULL, NULL, &c->out, &err)) {
            printf("FAIL %s: restore: %s\n", file, err.message);
            c->failures++;
        }
        c->splits++;
    }
}

static void check_query(void *ctx, const bs_binlog_event *ev, const bs_binlog_fde *fde)
{
    corpus *c = ctx;
    const bs_binlog_query *q = &ev->u.query;
    bs_ddl_options opt;
    bs_ddl_options_for_server(fde ? fde->server_version : NULL, fde && fde->is_mariadb,
                              q->present & BS_QSV_SQL_MODE ? q->sql_mode : 0, &opt);
    const bs_ddl_stmt *s;
    bs_error err;
    c->queries++;
    const char *text = (const char *)q->query.ptr;
    int rc = bs_ddl_parse(c->parser, text, q->query.len, &opt, &s, &err);
    if (rc) {
        printf("FAIL %s @%llu: %s at %llu: %.200s\n", ev->file, (unsigned long long)ev->offset,
               err.message, (unsigned long long)err.offset, text);
        c->failures++;
        return;
    }
    c->per_kind[s->kind]++;
    if (bs_ddl_kind_is_parsed(s->kind)) check_split(c, s, q, ev->file);
}

static char fixtures[4096];

static void every_query_parses_or_is_recognized(void **state)
{
    (void)state;
    corpus c = {0};
    bs_error err;
    assert_int_equal(bs_ddl_parser_new(&c.parser, &err), 0);
    fixture_walker w = {.query = check_query, .ctx = &c};
    fixture_queries(&w, fixtures);
    printf("%llu QUERY texts, %llu failures, %llu split statements restored, %llu DM rejects "
           "as unknown type ddl\n",
           (unsigned long long)c.queries, (unsigned long long)c.failures,
           (unsigned long long)c.splits, (unsigned long long)c.unknown_type);
    for (unsigned k = 0; k < BS_STMT__COUNT; k++)
        if (c.per_kind[k])
            printf("  %-24s %llu\n", bs_ddl_kind_name(k), (unsigned long long)c.per_kind[k]);
    bs_buf_free(&c.out);
    bs_ddl_parser_free(c.parser);
    assert_true(c.queries > 1000);
    assert_int_equal(c.failures, 0);
}

int main(void)
{
    int skip = fixture_dir(fixtures, sizeof fixtures);
    if (skip) return skip;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_query_parses_or_is_recognized),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
