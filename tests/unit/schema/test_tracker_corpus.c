/*
 * test_tracker_corpus.c - every DDL of the shared fixture corpus through the
 * schema tracker.
 *
 * Each binlog under $BINSIFT_SHARED/fixtures gets a fresh tracker; every
 * QUERY text that parses as table DDL is split as DM does (with the event's
 * database) and applied. A binlog usually starts in the middle of a
 * database's history, so ALTERs of tables created before it fail with 44006,
 * as they would in DM without a schema file; what must hold is that every
 * statement a real server ran on a table the tracker knows applies (the
 * server accepted it, so the structure change is well defined), that every
 * CREATE TABLE applies, and that nothing fails otherwise (no BS_ENOMEM, no
 * error without DM's code). Each rejected statement is printed with its
 * file, offset and message; the summary counts them.
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
#include "binsift/tracker.h"

typedef struct corpus {
    bs_ddl_parser *parser;
    bs_schema_tracker *tracker;
    uint64_t statements, applied, untracked, rejected_known, other_errors;
} corpus;

/* Was the table of the split statement tracked before it ran? */
static int known_before(const corpus *c, const bs_ddl_split_stmt *s)
{
    const bs_ddl_table *t = &s->tables[0];
    return s->stmt->kind != BS_STMT_CREATE_DATABASE && s->stmt->kind != BS_STMT_DROP_DATABASE &&
           bs_schema_tracker_find(c->tracker, t->schema.ptr, t->schema.len, t->name.ptr,
                                  t->name.len) != NULL;
}

/* A fresh tracker per binlog file: each starts from nothing. */
static void tracker_new(void *ctx, const char *path)
{
    corpus *c = ctx;
    bs_error err;
    (void)path;
    assert_int_equal(bs_schema_tracker_new(0, &c->tracker, &err), 0);
}

static void tracker_free(void *ctx, const char *path)
{
    corpus *c = ctx;
    (void)path;
    bs_schema_tracker_free(c->tracker);
    c->tracker = NULL;
}

static void apply_query(void *ctx, const bs_binlog_event *ev, const bs_binlog_fde *fde)
{
    corpus *c = ctx;
    const bs_binlog_query *q = &ev->u.query;
    bs_ddl_options opt;
    bs_ddl_options_for_server(fde ? fde->server_version : NULL, fde && fde->is_mariadb,
                              q->present & BS_QSV_SQL_MODE ? q->sql_mode : 0, &opt);
    const bs_ddl_stmt *st;
    const bs_ddl_split_stmt *sp;
    uint32_t n;
    bs_error err;
    if (bs_ddl_parse(c->parser, (const char *)q->query.ptr, q->query.len, &opt, &st, &err) ||
        !bs_ddl_kind_is_parsed(st->kind) ||
        bs_ddl_split(c->parser, st, (const char *)q->db.ptr, q->db.len, 0, &sp, &n, &err))
        return;
    for (uint32_t i = 0; i < n; i++) {
        c->statements++;
        int known = known_before(c, &sp[i]);
        int rc = bs_schema_tracker_apply(c->tracker, &sp[i], BS_SCHEMA_FROM_BINLOG, &err);
        if (rc == 0) {
            c->applied++;
        } else if (rc != BS_EINVAL || err.dm_code != BS_DM_CANNOT_TRACK_DDL) {
            c->other_errors++;
            printf("ERROR %s @%llu: %s\n", ev->file, (unsigned long long)ev->offset, err.message);
        } else if (known || st->kind == BS_STMT_CREATE_TABLE) {
            c->rejected_known++;
            printf("REJECTED %s @%llu: %s: %.200s\n", ev->file, (unsigned long long)ev->offset,
                   err.message, (const char *)q->query.ptr);
        } else {
            c->untracked++;
        }
    }
}

static char fixtures[4096];

static void every_ddl_tracks(void **state)
{
    (void)state;
    corpus c = {0};
    bs_error err;
    assert_int_equal(bs_ddl_parser_new(&c.parser, &err), 0);
    fixture_walker w = {
        .file_begin = tracker_new, .query = apply_query, .file_end = tracker_free, .ctx = &c};
    fixture_queries(&w, fixtures);
    printf("%llu split DDL statements: %llu applied, %llu on tables created before the binlog "
           "(44006), %llu rejected on known tables, %llu other errors\n",
           (unsigned long long)c.statements, (unsigned long long)c.applied,
           (unsigned long long)c.untracked, (unsigned long long)c.rejected_known,
           (unsigned long long)c.other_errors);
    bs_ddl_parser_free(c.parser);
    assert_true(c.statements > 100);
    assert_int_equal(c.other_errors, 0);
    assert_int_equal(c.rejected_known, 0);
}

int main(void)
{
    int skip = fixture_dir(fixtures, sizeof fixtures);
    if (skip) return skip;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_ddl_tracks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
