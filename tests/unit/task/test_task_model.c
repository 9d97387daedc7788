/*
 * test_task_model.c - what a loaded task says: DM's defaults and
 * adjustments (online DDL, shadow/trash rules, shard mode, syncer values),
 * name resolution in the instance's order, block-allow list precedence, and
 * the binlog filter rules DM drops at load (flagged, with a warning).
 */
#include "task_test.h"

#define INST "mysql-instances:\n  - source-id: s1\n"

static void test_defaults(void **state)
{
    (void)state;
    bs_task *t = must_load(TASK_HEAD INST);
    const bs_task_config *c = bs_task_get(t);
    assert_string_equal(c->file, "test.yaml");
    assert_string_equal(c->name, "t");
    assert_string_equal(c->task_mode, "all");
    assert_string_equal(c->shard_mode, "");
    assert_int_equal(c->online_ddl, 1);
    assert_int_equal(c->case_sensitive, 0);
    assert_string_equal(c->meta_schema, "dm_meta");
    assert_int_equal(c->n_shadow_table_rules, 1);
    assert_string_equal(c->shadow_table_rules[0], "^_(.+)_(?:new|gho)$");
    assert_int_equal(c->n_trash_table_rules, 1);
    assert_string_equal(c->trash_table_rules[0], "^_(.+)_(?:ghc|del|old)$");
    assert_string_equal(c->target_database.host, "127.0.0.1");
    assert_int_equal(c->target_database.port, 4000);
    assert_int_equal(c->n_instances, 1);
    const bs_task_instance *in = bs_task_instance_find(t, "s1");
    assert_ptr_equal(in, &c->instances[0]);
    assert_null(bs_task_instance_find(t, "s2"));
    assert_int_equal(in->line, 7);
    assert_int_equal(in->meta.present, 0);
    assert_null(in->ba_list_name);
    assert_null(in->ba_list);
    assert_int_equal(in->syncer.worker_count, 16);
    assert_int_equal(in->syncer.batch, 100);
    assert_int_equal(in->syncer.queue_size, 1024);
    assert_int_equal(in->syncer.checkpoint_flush_interval_ms, 30000);
    assert_int_equal(in->syncer.safe_mode_duration_ms, 60000);
    assert_int_equal(in->syncer.safe_mode, 0);
    bs_task_free(t);
}

static void test_adjustments(void **state)
{
    (void)state;
    bs_task *t = must_load(TASK_HEAD INST "online-ddl: false\nonline-ddl-scheme: pt\n"
                                          "is-sharding: true\nshard-mode: optimistic\n"
                                          "meta-schema: \"\"\n"
                                          "shadow-table-rules: [\"_(.+)_tmp\", \"^x_(.*)$\"]\n");
    const bs_task_config *c = bs_task_get(t);
    assert_int_equal(c->online_ddl, 1);               /* the deprecated scheme forces it on */
    assert_string_equal(c->shard_mode, "optimistic"); /* shard-mode beats is-sharding */
    assert_int_equal(c->is_sharding, 1);
    assert_string_equal(c->meta_schema, "dm_meta");
    assert_int_equal(c->n_shadow_table_rules, 2);
    assert_string_equal(c->shadow_table_rules[0], "^_(.+)_tmp$");
    assert_string_equal(c->shadow_table_rules[1], "^x_(.*)$");
    assert_string_equal(c->trash_table_rules[0], "^_(.+)_(?:ghc|del|old)$");
    bs_task_free(t);
    t = must_load(TASK_HEAD INST "online-ddl: false\nis-sharding: true\n");
    assert_int_equal(bs_task_get(t)->online_ddl, 0);
    assert_string_equal(bs_task_get(t)->shard_mode, "pessimistic");
    bs_task_free(t);
}

/* DM fills a syncer config from its defaults before decoding it, so a
 * named config without safe-mode-duration keeps "60s" whatever its flush
 * interval; only an empty value becomes 2 * checkpoint-flush-interval. */
static void test_syncer_values(void **state)
{
    (void)state;
    bs_task *t = must_load(TASK_HEAD "mysql-instances:\n"
                                     "  - source-id: a\n    syncer-config-name: s\n"
                                     "  - source-id: b\n    syncer-config-name: e\n"
                                     "    syncer-thread: 4\n"
                                     "  - source-id: c\n    syncer: {queue-size: 0, batch: 0}\n"
                                     "  - source-id: d\n    syncer-config-name: n\n"
                                     "syncers:\n"
                                     "  s: {checkpoint-flush-interval: 10, safe-mode: true}\n"
                                     "  e: {checkpoint-flush-interval: 10, safe-mode-duration: "
                                     "\"\", worker-count: 2}\n"
                                     "  n: ~\n");
    const bs_task_config *c = bs_task_get(t);
    assert_int_equal(c->instances[0].syncer.checkpoint_flush_interval_ms, 10000);
    assert_int_equal(c->instances[0].syncer.safe_mode_duration_ms, 60000);
    assert_int_equal(c->instances[0].syncer.safe_mode, 1);
    assert_int_equal(c->instances[1].syncer.safe_mode_duration_ms, 20000);
    assert_int_equal(c->instances[1].syncer.worker_count, 4);  /* syncer-thread wins */
    assert_int_equal(c->instances[2].syncer.queue_size, 1024); /* 0 means the default */
    assert_int_equal(c->instances[2].syncer.batch, 0);         /* batch 0 stays */
    assert_int_equal(c->instances[3].syncer.worker_count, 16); /* a nil config: defaults */
    bs_task_free(t);
}

static void test_resolution(void **state)
{
    (void)state;
    bs_task *t = must_load(
        TASK_HEAD
        "mysql-instances:\n"
        "  - source-id: s1\n"
        "    meta: {binlog-name: mysql-bin.000003, binlog-pos: 1234}\n"
        "    route-rules: [r2, r1]\n"
        "    filter-rules: [f1]\n"
        "    expression-filters: [e1]\n"
        "    black-white-list: bw\n"
        "routes:\n"
        "  r1: {schema-pattern: \"shop_*\", target-schema: shop}\n"
        "  r2:\n    schema-pattern: \"shop_*\"\n    table-pattern: \"order_*\"\n"
        "    target-schema: shop\n    target-table: orders\n"
        "    extract-table: {table-regexp: \"order_(.*)\", target-column: c_t}\n"
        "filters:\n  f1: {schema-pattern: \"shop_*\", events: [\"All DML\"], action: Ignore}\n"
        "expression-filter:\n  e1:\n    schema: shop_1\n    table: t\n"
        "    update-new-value-expr: \"c > 1\"\n"
        "black-white-list:\n  bw:\n    do-dbs: [\"shop_*\"]\n"
        "    do-tables:\n      - {db-name: shop_1, tbl-name: \"~^t\"}\n");
    const bs_task_config *c = bs_task_get(t);
    const bs_task_instance *in = &c->instances[0];
    assert_int_equal(in->meta.present, 1);
    assert_int_equal(in->meta.line, 8);
    assert_string_equal(in->meta.binlog_name, "mysql-bin.000003");
    assert_int_equal(in->meta.binlog_pos, 1234);
    assert_string_equal(in->meta.binlog_gtid, "");
    assert_int_equal(in->n_routes, 2);
    assert_string_equal(in->route_names[0], "r2");
    assert_string_equal(in->routes[0]->name, "r2");
    assert_string_equal(in->routes[1]->name, "r1");
    const bs_task_route *r2 = in->routes[0];
    assert_int_equal(r2->line, 15);
    assert_string_equal(r2->table_pattern, "order_*");
    assert_string_equal(r2->target_table, "orders");
    assert_string_equal(r2->extract_table.regexp, "order_(.*)");
    assert_string_equal(r2->extract_table.target_column, "c_t");
    assert_null(r2->extract_schema.regexp);
    assert_string_equal(in->routes[1]->table_pattern, "");
    assert_int_equal(in->n_filters, 1);
    assert_string_equal(in->filters[0]->events[0], "All DML"); /* as written */
    assert_int_equal(in->filters[0]->discarded, 0);
    assert_int_equal(in->n_expr_filters, 1);
    const bs_task_expr_filter *e = in->expr_filters[0];
    assert_null(e->insert_value_expr);
    assert_null(e->update_old_value_expr);
    assert_string_equal(e->update_new_value_expr, "c > 1");
    assert_int_equal(e->expr_line, 27);
    assert_string_equal(in->ba_list_name, "bw"); /* black-white-list names it */
    assert_ptr_equal(in->ba_list, &c->ba_lists[0]);
    assert_int_equal(c->n_ba_lists, 1);
    assert_string_equal(in->ba_list->do_dbs[0], "shop_*");
    assert_string_equal(in->ba_list->do_tables[0].tbl_name, "~^t");
    bs_task_free(t);
}

/* black-white-list (task map) is used only when block-allow-list is empty;
 * an instance's block-allow-list name wins over its black-white-list. */
static void test_block_allow_precedence(void **state)
{
    (void)state;
    bs_task *t = must_load(TASK_HEAD INST "    block-allow-list: a\n    black-white-list: b\n"
                                          "block-allow-list:\n  a: {do-dbs: [x]}\n"
                                          "black-white-list:\n  b: {do-dbs: [y]}\n");
    const bs_task_config *c = bs_task_get(t);
    assert_int_equal(c->n_ba_lists, 1);
    assert_string_equal(c->ba_lists[0].name, "a");
    assert_string_equal(c->instances[0].ba_list->do_dbs[0], "x");
    bs_task_free(t);
    t = must_load(TASK_HEAD INST "    block-allow-list: b\nblock-allow-list: {}\n"
                                 "black-white-list:\n  b: {do-dbs: [y]}\n");
    assert_string_equal(bs_task_get(t)->instances[0].ba_list->do_dbs[0], "y");
    bs_task_free(t);
}

/* A rule DM cannot add is dropped with only a log line; binsift keeps it,
 * flagged, with a warning saying why. */
typedef struct drop_case {
    const char *rule; /* a filters entry f2, used after f1 by the instance */
    int discarded;
    const char *why;
} drop_case;

static void test_dropped_filters(void **state)
{
    (void)state;
    static const drop_case cases[] = {
        {"{schema-pattern: a, events: [\"truncate table\", truncate], action: Ignore}", 1,
         "\"truncate\" is not a DM event type"},
        {"{schema-pattern: a, events: [insert], action: ignore}", 1,
         "action \"ignore\" is not exactly Do, Ignore or Error"},
        {"{schema-pattern: a, sql-pattern: [\"(\"], action: Ignore}", 1,
         "sql-pattern does not compile"},
        {"{schema-pattern: a, sql-pattern: [\"(?=x)\"], action: Ignore}", 1,
         "sql-pattern does not compile"},
        {"{schema-pattern: \"a*b\", action: Do}", 1, "is not a valid wildcard"},
        {"{table-pattern: t, action: Do}", 1, "schema-pattern is empty"},
        {"{schema-pattern: DB1, table-pattern: T, action: Do}", 1, "same schema/table patterns"},
        {"{schema-pattern: db1, table-pattern: t2, events: [\"Create Schema\", \"\"], action: "
         "Error}",
         0, NULL},
        {"{schema-pattern: \"(\", sql-pattern: [\"(a\", \"b)\"], action: Do}", 0, NULL},
    };
    for (size_t i = 0; i < N_CASES(cases); i++) {
        char yaml[1024];
        snprintf(yaml, sizeof yaml,
                 TASK_HEAD INST "    filter-rules: [f1, f2]\nfilters:\n"
                                "  f1: {schema-pattern: db1, table-pattern: t, action: Do}\n"
                                "  f2: %s\n",
                 cases[i].rule);
        bs_task *t = NULL;
        bs_diag_list d = {0};
        bs_error e;
        if (load_task_text(yaml, &t, &d, &e)) fail_msg("case %zu: %s", i, e.message);
        const bs_task_filter *f2 = &bs_task_get(t)->filters[1];
        assert_string_equal(f2->name, "f2");
        assert_int_equal(f2->line, 11);
        if (f2->discarded != cases[i].discarded)
            fail_msg("case %zu: discarded %d", i, f2->discarded);
        if (cases[i].why && !strstr(f2->discard_reason, cases[i].why))
            fail_msg("case %zu: reason \"%s\"", i, f2->discard_reason);
        size_t warnings = count_diags(&d, BS_DIAG_WARNING, "filter-rule-dropped");
        if (warnings != (size_t)cases[i].discarded) fail_msg("case %zu: %zu warnings", i, warnings);
        bs_task_free(t);
        bs_diag_list_free(&d);
    }
}

/* Duplicates are per instance: a rule refused in one instance only stays
 * active (the rule engine drops it for that instance); case-sensitive tasks
 * keep "DB1" and "db1" apart. */
static void test_duplicates_per_instance(void **state)
{
    (void)state;
    const char *rules = "filters:\n  f1: {schema-pattern: db1, action: Do}\n"
                        "  f2: {schema-pattern: DB1, action: Ignore}\n";
    char yaml[1024];
    snprintf(yaml, sizeof yaml,
             TASK_HEAD "mysql-instances:\n  - source-id: a\n    filter-rules: [f1, f2]\n"
                       "  - source-id: b\n    filter-rules: [f2]\n%s",
             rules);
    bs_task *t = NULL;
    bs_diag_list d = {0};
    bs_error e;
    assert_int_equal(load_task_text(yaml, &t, &d, &e), 0);
    assert_int_equal(bs_task_get(t)->filters[1].discarded, 0);
    assert_int_equal(count_diags(&d, BS_DIAG_WARNING, "filter-rule-dropped"), 1);
    bs_task_free(t);
    bs_diag_list_free(&d);

    snprintf(yaml, sizeof yaml,
             TASK_HEAD "case-sensitive: true\n" INST "    filter-rules: [f1, f2]\n%s", rules);
    assert_int_equal(load_task_text(yaml, &t, &d, &e), 0);
    assert_int_equal(bs_task_get(t)->filters[1].discarded, 0);
    assert_int_equal(count_diags(&d, BS_DIAG_WARNING, "filter-rule-dropped"), 0);
    bs_task_free(t);
    bs_diag_list_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_adjustments),
        cmocka_unit_test(test_syncer_values),
        cmocka_unit_test(test_resolution),
        cmocka_unit_test(test_block_allow_precedence),
        cmocka_unit_test(test_dropped_filters),
        cmocka_unit_test(test_duplicates_per_instance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
