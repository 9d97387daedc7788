/*
 * test_query_corpus.c - DM's QUERY-event decision over every QUERY text of
 * the shared fixture corpus.
 *
 * Each binlog under $BINSIFT_SHARED/fixtures (reference decodes excluded) is
 * read with the library's reader; every QUERY event is decided, with its
 * database, its sql_mode and the server version, against a task with a BA
 * list, routes, filters and online DDL, then once more in pessimistic shard
 * mode. Nothing may fail, and every result must be one of the defined
 * outcomes with fields that agree with it (statements that run have their
 * text, errors their DM code, skips their reason, and so on). The summary
 * counts outcomes.
 *
 * Without the corpus the test prints "skipped: ..." and exits 77.
 */
#include <stdlib.h>

#include "binsift/binlog.h"
#include "binsift/io.h"
#include "../fixture_queries.h"
#include "test_query_util.h"

#define CORPUS_RULES                                                                               \
    "block-allow-list:\n  ba:\n    ignore-dbs: [\"skip_*\"]\n"                                     \
    "routes:\n  r: {schema-pattern: \"*\", table-pattern: \"t*\", target-schema: merged, "         \
    "target-table: t}\n  s: {schema-pattern: \"test*\", target-schema: merged}\n"                  \
    "filters:\n"                                                                                   \
    "  f: {schema-pattern: \"*\", table-pattern: \"x*\", events: [\"truncate table\", \"drop "     \
    "table\"], action: Ignore}\n"                                                                  \
    "  e: {schema-pattern: \"err*\", events: [\"all ddl\"], action: Error}\n" TQ_INST              \
    "    block-allow-list: ba\n    route-rules: [r, s]\n    filter-rules: [f, e]\n"

typedef struct corpus {
    tq_env env[2];
    uint64_t queries, kinds[6], errors[3];
    uint64_t failures;
} corpus;

static bool known_code(int code)
{
    static const int codes[] = {36067, 11007, 36015, 36022, 36041, 36044, 36045, 36068};
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        if (codes[i] == code) return true;
    return false;
}

/* Why the result is inconsistent, or NULL. */
static const char *inconsistency(const bs_rules_query_result *r)
{
    uint32_t runs = 0, errors = 0;
    if (r->kind < BS_QUERY_BEGIN || r->kind > BS_QUERY_ERROR) return "unknown kind";
    if ((r->kind == BS_QUERY_BEGIN || r->kind == BS_QUERY_COMMIT) && r->nstmts)
        return "transaction marker with statements";
    if (r->kind == BS_QUERY_SKIPPED &&
        (r->skip < BS_QSKIP_BUILTIN || r->skip > BS_QSKIP_NO_STATEMENT))
        return "skip without a reason";
    if (r->kind == BS_QUERY_ERROR && (!known_code(r->dm_code) || !r->message || !r->message[0]))
        return "error without a known DM code and message";
    if (r->skip == BS_QSKIP_GLOBAL_FILTER && (!r->filter || !known_code(r->dm_code)))
        return "global-filter skip without its rule and error";
    for (uint32_t i = 0; i < r->nstmts; i++) {
        const bs_rules_query_stmt *s = &r->stmts[i];
        if (s->fate < BS_QFATE_EXECUTED || s->fate > BS_QFATE_NOT_REACHED) return "unknown fate";
        if (s->event < 0 || s->event >= BS_DMEV_COUNT) return "unknown event";
        if (s->event && !bs_rules_event_dm_produces(s->event)) return "an event DM never produces";
        if (!s->sql || strlen(s->sql) != s->sql_len || !s->sql_len) return "no routed text";
        for (uint32_t k = 0; k < s->ntables; k++)
            if (!s->tables[k].schema || !s->tables[k].table || !s->tables[k].target_schema ||
                !s->tables[k].target_table || !s->tables[k].real_table)
                return "a table without names";
        if (s->fate == BS_QFATE_EXECUTED || s->fate == BS_QFATE_ONLINE_SWAP) runs++;
        if (s->fate == BS_QFATE_ERROR) errors++;
        if (s->fate == BS_QFATE_DROPPED && !s->step) return "dropped without a step";
        if (s->fate == BS_QFATE_DROPPED && s->step == BS_STEP_FILTER && (!s->filter || !s->tracked))
            return "filtered without its rule, or untracked";
        if (s->fate == BS_QFATE_DROPPED &&
            (s->step == BS_STEP_BA_LIST || s->step == BS_STEP_SYSTEM_SCHEMA) && s->tracked)
            return "tracked although the BA list dropped it";
        if (s->fate == BS_QFATE_EXECUTED && s->tracked != (r->kind == BS_QUERY_DDL))
            return "executed statement tracked only if the event runs";
    }
    if (r->kind == BS_QUERY_DDL && (!runs || r->executed != runs)) return "DDL without statements";
    if (r->kind != BS_QUERY_DDL && r->executed) return "statements run outside a DDL";
    if (errors > 1 || (errors && r->kind != BS_QUERY_ERROR && r->skip != BS_QSKIP_GLOBAL_FILTER))
        return "a statement error the event does not carry";
    return NULL;
}

static void check_query(void *ctx, const bs_binlog_event *ev, const bs_binlog_fde *fde)
{
    corpus *c = ctx;
    const bs_binlog_query *q = &ev->u.query;
    bs_ddl_options opt;
    bs_ddl_options_for_server(fde ? fde->server_version : NULL, fde && fde->is_mariadb,
                              q->present & BS_QSV_SQL_MODE ? q->sql_mode : 0, &opt);
    bs_rules_query_input in = {.sql = (const char *)q->query.ptr,
                               .sql_len = q->query.len,
                               .db = (const char *)q->db.ptr,
                               .db_len = q->db.len,
                               .parse = &opt};
    c->queries++;
    for (int m = 0; m < 2; m++) {
        const bs_rules_query_result *r;
        bs_error err;
        if (bs_rules_query_decide(c->env[m].q, &in, &r, NULL, &err)) {
            printf("FAIL %s @%llu: %s: %.200s\n", ev->file, (unsigned long long)ev->offset,
                   err.message, (const char *)q->query.ptr);
            c->failures++;
            continue;
        }
        const char *why = inconsistency(r);
        if (why) {
            printf("FAIL %s @%llu: %s: %.200s\n", ev->file, (unsigned long long)ev->offset, why,
                   (const char *)q->query.ptr);
            c->failures++;
        }
        if (m) continue;
        c->kinds[r->kind]++;
        if (r->kind == BS_QUERY_ERROR)
            c->errors[r->dm_code == 36067 ? 0 : r->dm_code == 11007 ? 1 : 2]++;
    }
}

static char fixtures[4096];

static void every_query_has_a_decision(void **state)
{
    (void)state;
    corpus c;
    memset(&c, 0, sizeof c);
    tq_open(&c.env[0], TQ_HEAD CORPUS_RULES);
    tq_open(&c.env[1], TQ_HEAD "shard-mode: pessimistic\n" CORPUS_RULES);
    fixture_walker w = {.query = check_query, .ctx = &c};
    fixture_queries(&w, fixtures);
    printf("%llu QUERY texts, %llu failures: BEGIN %llu, COMMIT %llu, DDL %llu, skipped %llu, "
           "errors %llu (parse %llu, unknown type %llu, other %llu)\n",
           (unsigned long long)c.queries, (unsigned long long)c.failures,
           (unsigned long long)c.kinds[BS_QUERY_BEGIN],
           (unsigned long long)c.kinds[BS_QUERY_COMMIT], (unsigned long long)c.kinds[BS_QUERY_DDL],
           (unsigned long long)c.kinds[BS_QUERY_SKIPPED],
           (unsigned long long)c.kinds[BS_QUERY_ERROR], (unsigned long long)c.errors[0],
           (unsigned long long)c.errors[1], (unsigned long long)c.errors[2]);
    tq_close(&c.env[0]);
    tq_close(&c.env[1]);
    assert_true(c.queries > 1000);
    assert_true(c.kinds[BS_QUERY_DDL] > 100);
    assert_int_equal(c.failures, 0);
}

int main(void)
{
    int skip = fixture_dir(fixtures, sizeof fixtures);
    if (skip) return skip;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_query_has_a_decision),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
