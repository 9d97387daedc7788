/*
 * test_dm_configs.c - every DM task and source file of the shared corpus
 * ($BINSIFT_SHARED/dm-configs: DM's own integration-test configs) loads
 * with the outcome DM gives it.
 *
 * Expectations come from reading each file against DM's rules (see
 * ../shared/dm-configs/MANIFEST.md): files with harness placeholders fail
 * with the code and line of the first problem DM meets (a type error is
 * 20003 and comes before any other check), the others load, and a few facts
 * per file check that names resolved the way DM resolves them. A file
 * missing from the tables fails the test, so new corpus files are looked at.
 * Without the corpus the test is skipped (exit 77).
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "binsift/task.h"

static char dir[1024];
static const char *current; /* the file being checked, for messages */

#define EXPECT(cond)                                                                               \
    do {                                                                                           \
        if (!(cond)) fail_msg("%s: expected %s", current, #cond);                                  \
    } while (0)
#define EXPECT_STR(a, b)                                                                           \
    do {                                                                                           \
        if (strcmp((a), (b)))                                                                      \
            fail_msg("%s: %s is \"%s\", expected \"%s\"", current, #a, (a), (b));                  \
    } while (0)

/* ---- per-file facts ---- */

static void two_instances_ba_from_bw(const bs_task_config *c, const char *db)
{
    EXPECT(c->n_instances == 2);
    EXPECT(c->n_ba_lists == 1);
    EXPECT_STR(c->ba_lists[0].name, "instance");
    EXPECT_STR(c->ba_lists[0].do_dbs[0], db);
    for (size_t i = 0; i < 2; i++)
        EXPECT(c->instances[i].ba_list == &c->ba_lists[0]);
}

static void all_mode_expr(const bs_task_config *c)
{
    two_instances_ba_from_bw(c, "all_mode");
    EXPECT_STR(c->ba_lists[0].ignore_dbs[0], "ignore_db");
    EXPECT(c->instances[0].n_expr_filters == 1);
    EXPECT_STR(c->instances[0].expr_filters[0]->delete_value_expr, "id = 30");
    EXPECT(c->instances[1].n_expr_filters == 0);
    EXPECT(!c->instances[0].filters[0]->discarded);
}

/* DM's own test: "truncate" is no event name, so the whole rule is gone. */
static void all_mode(const bs_task_config *c)
{
    two_instances_ba_from_bw(c, "all_mode");
    EXPECT_STR(c->instances[1].filters[0]->name, "user-filter-1");
    EXPECT(c->instances[0].filters[0]->discarded);
    EXPECT(strstr(c->instances[0].filters[0]->discard_reason, "\"truncate\""));
    EXPECT_STR(c->timezone, "+04:00");
}

static void all_mode_regexpr(const bs_task_config *c)
{
    EXPECT(c->n_instances == 2);
    EXPECT_STR(c->instances[0].routes[0]->schema_pattern, "~test2?[animal|human]");
    EXPECT_STR(c->instances[1].routes[0]->table_pattern, "~testtable_[donot_delete]?");
    EXPECT_STR(c->instances[1].routes[0]->target_table, "dtable4");
    EXPECT_STR(c->instances[0].ba_list->do_dbs[1], "test4s_*");
}

static void check_task(const bs_task_config *c)
{
    EXPECT_STR(c->shard_mode, "pessimistic");
    EXPECT_STR(c->instances[0].routes[0]->schema_pattern, "check-task");
    EXPECT_STR(c->instances[0].routes[0]->target_table, "t");
}

static void dm_syncer(const bs_task_config *c)
{
    EXPECT_STR(c->task_mode, "full");
    EXPECT(c->instances[0].meta.present);
    EXPECT_STR(c->instances[0].meta.binlog_name, "binlog-name-placeholder-1");
    EXPECT(c->instances[0].meta.binlog_pos == 4);
    EXPECT(c->instances[0].n_routes == 0);
    EXPECT_STR(c->instances[1].routes[0]->target_table, "dm_syncer_route_rule");
    EXPECT(c->ba_lists[0].n_do_tables == 3);
    EXPECT_STR(c->ba_lists[0].ignore_tables[0].db_name, "~^dm_syncer_ignore_");
}

/* table route first, then the schema route, for each instance */
static void table_then_schema_routes(const bs_task_config *c, const char *table_rule,
                                     const char *schema_rule)
{
    for (size_t i = 0; i < c->n_instances; i++) {
        EXPECT(c->instances[i].n_routes == 2);
        EXPECT_STR(c->instances[i].routes[0]->name, table_rule);
        EXPECT_STR(c->instances[i].routes[1]->name, schema_rule);
        EXPECT_STR(c->instances[i].routes[1]->table_pattern, "");
    }
}

static void downstream_diff_index(const bs_task_config *c)
{
    EXPECT_STR(c->shard_mode, "pessimistic");
    EXPECT(c->n_instances == 2);
    table_then_schema_routes(c, "downstream-table-rules", "downstream-schema-rules");
}

static void downstream_more_column_incremental(const bs_task_config *c)
{
    EXPECT_STR(c->task_mode, "incremental");
    EXPECT(!c->instances[0].meta.present); /* DM asks the master for the position */
    EXPECT(c->n_ignore_checking_items == 1);
    EXPECT_STR(c->ignore_checking_items[0], "table_schema");
    table_then_schema_routes(c, "downstream-table-rules", "downstream-schema-rules");
}

static void downstream_more_column(const bs_task_config *c)
{
    EXPECT_STR(c->task_mode, "all");
    table_then_schema_routes(c, "downstream-table-rules", "downstream-schema-rules");
}

static void expression_filter(const bs_task_config *c)
{
    EXPECT(c->n_expr_filters == 30);
    EXPECT(c->instances[0].n_expr_filters == 30);
    for (size_t i = 0; i < c->n_expr_filters; i++)
        EXPECT(c->expr_filters[i].insert_value_expr);
    EXPECT_STR(c->expr_filters[0].name, "c_null");
}

static void expression_filter2(const bs_task_config *c)
{
    const bs_task_instance *in = &c->instances[0];
    EXPECT(in->n_expr_filters == 9);
    EXPECT_STR(in->expr_filters[1]->name, "always_false");
    EXPECT_STR(in->expr_filters[1]->update_old_value_expr, "1 = 0");
    EXPECT_STR(in->expr_filters[1]->update_new_value_expr, "1 = 0");
    EXPECT(in->expr_filters[8]->update_old_value_expr == NULL);
    EXPECT_STR(in->expr_filters[8]->update_new_value_expr, "r = 'a'");
    EXPECT_STR(in->expr_filters[8]->table, "t7");
}

static void gtid(const bs_task_config *c)
{
    two_instances_ba_from_bw(c, "gtid");
}

static void handle_error_sharded(const bs_task_config *c, const char *mode)
{
    EXPECT_STR(c->shard_mode, mode);
    EXPECT(c->n_instances == 2);
    EXPECT_STR(c->instances[1].routes[1]->table_pattern, "ta*");
}

static void handle_error_optimistic(const bs_task_config *c)
{
    handle_error_sharded(c, "optimistic");
}
static void handle_error_pessimistic(const bs_task_config *c)
{
    handle_error_sharded(c, "pessimistic");
}

static void handle_error_single(const bs_task_config *c)
{
    EXPECT_STR(c->shard_mode, "");
    table_then_schema_routes(c, "sharding-table-rules", "sharding-schema-rules");
}

static void incompatible_ddl(const bs_task_config *c)
{
    const bs_task_filter *f = c->instances[0].filters[0];
    EXPECT(!f->discarded);
    EXPECT(f->n_events == 1);
    EXPECT_STR(f->events[0], "incompatible ddl changes");
    EXPECT(f->n_sql_patterns == 0);
    EXPECT_STR(f->action, "Error");
}

static void incompatible_ddl1(const bs_task_config *c)
{
    const bs_task_filter *f = c->instances[0].filters[0];
    EXPECT(!f->discarded);
    EXPECT(f->n_events == 28);
    EXPECT_STR(f->events[27], "rebuild table partition");
}

static void lightning_dup(const bs_task_config *c)
{
    EXPECT(c->instances[0].n_routes == 1);
    EXPECT_STR(c->instances[0].routes[0]->target_table, "dup");
    EXPECT(c->instances[1].n_routes == 0);
    EXPECT(!c->filters[0].discarded);
}

static void many_tables(const bs_task_config *c)
{
    EXPECT_STR(c->name, "test2");
    table_then_schema_routes(c, "route-rule-1", "route-rule-2");
}

static void new_relay(const bs_task_config *c)
{
    const bs_task_instance *in = &c->instances[0];
    EXPECT(c->n_ba_lists == 1); /* black-white-list: {} is ignored */
    EXPECT_STR(in->ba_list->name, "balist-01");
    EXPECT(!in->meta.present);
    EXPECT(in->syncer.safe_mode_duration_ms == 60000);
    EXPECT(c->online_ddl);
}

static void online_ddl(const bs_task_config *c)
{
    EXPECT(c->online_ddl);
    EXPECT_STR(c->shard_mode, "pessimistic");
    EXPECT(!c->instances[0].meta.present);
    EXPECT_STR(c->instances[1].meta.binlog_name, "binlog.000001");
    EXPECT(c->instances[1].n_routes == 3);
    const bs_task_filter *f = c->instances[0].filters[0];
    EXPECT(!f->discarded);
    EXPECT(f->n_sql_patterns == 2);
    EXPECT_STR(f->sql_patterns[1], "ALTER\\s.*TABLE[\\s\\S]*DROP\\s+KEY");
    EXPECT_STR(c->shadow_table_rules[0], "^_(.+)_(?:new|gho)$");
}

static void safe_mode_duration(const bs_task_config *c)
{
    EXPECT(c->instances[0].syncer.safe_mode_duration_ms == 0);
    EXPECT(c->instances[1].syncer.safe_mode_duration_ms == 60000);
}

static void safe_mode(const bs_task_config *c)
{
    EXPECT_STR(c->shard_mode, "pessimistic");
    EXPECT_STR(c->ignore_checking_items[0], "auto_increment_ID");
    EXPECT_STR(c->instances[0].ba_list->do_tables[0].tbl_name, "~^t[\\d]+");
}

static void safe_mode_fk(const bs_task_config *c)
{
    EXPECT(c->instances[0].syncer.safe_mode);
    EXPECT(c->instances[0].syncer.safe_mode_duration_ms == 600000);
}

static void sharded(const bs_task_config *c, const char *mode)
{
    EXPECT_STR(c->shard_mode, mode);
    table_then_schema_routes(c, "sharding-route-rules-table", "sharding-route-rules-schema");
}

static void sequence_sharding(const bs_task_config *c)
{
    sharded(c, "pessimistic");
}
static void sequence_sharding_optimistic(const bs_task_config *c)
{
    sharded(c, "optimistic");
    EXPECT(c->instances[0].ba_list->n_do_dbs == 2);
}
static void sharding2(const bs_task_config *c)
{
    sharded(c, "pessimistic");
    EXPECT_STR(c->instances[1].routes[0]->target_table, "t_target");
}
static void sharding(const bs_task_config *c)
{
    sharded(c, "pessimistic");
    EXPECT_STR(c->ba_lists[0].do_dbs[0], "~^sharding[\\d]+");
}

static void shardddl3(const bs_task_config *c)
{
    EXPECT_STR(c->shard_mode, "optimistic");
    EXPECT(c->n_instances == 1);
    EXPECT_STR(c->instances[0].source_id, "mysql-replica-02");
}

static void shardddl4_1(const bs_task_config *c)
{
    EXPECT_STR(c->shard_mode, "optimistic");
    EXPECT(c->strict_optimistic_shard_mode);
}

static void tracker_ignored_ddl(const bs_task_config *c)
{
    const bs_task_filter *f = c->instances[0].filters[0];
    EXPECT(!f->discarded);
    EXPECT_STR(f->events[0], "alter table");
    EXPECT(c->instances[0].syncer.checkpoint_flush_interval_ms == 1000);
    EXPECT(c->instances[0].syncer.safe_mode_duration_ms == 60000); /* DM's default string */
}

static void upstream_switch(const bs_task_config *c)
{
    EXPECT_STR(c->name, "task_pessimistic");
    EXPECT(c->instances[0].line == 14);
    EXPECT(c->instances[1].syncer.worker_count == 16);
    EXPECT(c->instances[1].ba_list == &c->ba_lists[0]);
}

/* ---- the tables ---- */

typedef struct task_expect {
    const char *file;
    int dm_code; /* 0: must load */
    int line;
    void (*check)(const bs_task_config *c);
} task_expect;

static const task_expect tasks[] = {
    {"adjust_gtid__dm-task.yaml", 20003, 25, NULL}, /* binlog-pos: binlog-pos-placeholder-1 */
    {"all_mode__dm-task-expression-filter.yaml", 0, 0, all_mode_expr},
    {"all_mode__dm-task.yaml", 0, 0, all_mode},
    {"all_mode__regexpr-task.yaml", 0, 0, all_mode_regexpr},
    {"check_task__task-sharding.yaml", 0, 0, check_task},
    {"dm_syncer__dm-task.yaml", 0, 0, dm_syncer},
    {"downstream_diff_index__dm-task.yaml", 0, 0, downstream_diff_index},
    {"downstream_more_column__dm-task-incremental.yaml", 0, 0, downstream_more_column_incremental},
    {"downstream_more_column__dm-task.yaml", 0, 0, downstream_more_column},
    {"expression_filter__dm-task.yaml", 0, 0, expression_filter},
    {"expression_filter__dm-task2.yaml", 0, 0, expression_filter2},
    {"extend_column__dm-task.yaml", 20053, 65, NULL}, /* import-mode: import-mode-placeholder */
    {"gtid__dm-task.yaml", 0, 0, gtid},
    {"handle_error__double-source-optimistic.yaml", 0, 0, handle_error_optimistic},
    {"handle_error__double-source-pessimistic.yaml", 0, 0, handle_error_pessimistic},
    {"handle_error__single-source-no-sharding.yaml", 0, 0, handle_error_single},
    {"incompatible_ddl_changes__dm-task.yaml", 0, 0, incompatible_ddl},
    {"incompatible_ddl_changes__dm-task1.yaml", 0, 0, incompatible_ddl1},
    {"incremental_mode__dm-task.yaml", 20003, 30, NULL}, /* binlog-pos: binlog-pos-placeholder-2 */
    {"lightning_mode__dm-task-dup.yaml", 0, 0, lightning_dup},
    {"many_tables__dm-task-2.yaml", 0, 0, many_tables},
    {"new_relay__test.yaml", 0, 0, new_relay},
    {"online_ddl__dm-task.yaml", 0, 0, online_ddl},
    {"safe_mode__dm-task-safe-mode-duration.yaml", 0, 0, safe_mode_duration},
    {"safe_mode__dm-task.yaml", 0, 0, safe_mode},
    {"safe_mode_foreign_key__dm-task.yaml", 0, 0, safe_mode_fk},
    {"sequence_sharding__dm-task.yaml", 0, 0, sequence_sharding},
    {"sequence_sharding_optimistic__dm-task.yaml", 0, 0, sequence_sharding_optimistic},
    {"shardddl3__single-source-optimistic-2.yaml", 0, 0, shardddl3},
    {"shardddl4_1__double-source-strict-optimistic.yaml", 0, 0, shardddl4_1},
    {"sharding2__dm-task.yaml", 0, 0, sharding2},
    {"sharding__dm-task.yaml", 0, 0, sharding},
    {"tracker_ignored_ddl__dm-task.yaml", 0, 0, tracker_ignored_ddl},
    {"upstream_switch__task-pessimistic.yaml", 0, 0, upstream_switch},
};

typedef struct source_expect {
    const char *file;
    int fails;   /* 1: DM rejects it */
    int dm_code; /* when it fails (0: DM's error has no code) */
    int line;
    const char *source_id;
    int gtid, relay;
} source_expect;

static const source_expect sources[] = {
    {"adjust_gtid__source1.yaml", 0, 0, 0, "mysql-replica-01", 1, 1},
    {"adjust_gtid__source2.yaml", 0, 0, 0, "mysql-replica-02", 1, 0},
    {"all_mode__source1.yaml", 0, 0, 0, "mysql-replica-01", 1, 1},
    {"all_mode__source2.yaml", 0, 0, 0, "mysql-replica-02", 1, 0},
    {"check_task__source1.yaml", 0, 0, 0, "mysql-replica-01", 1, 1},
    {"dm_syncer__source1.yaml", 0, 0, 0, "mysql-replica-01", 0, 0},
    {"dm_syncer__source2.yaml", 0, 0, 0, "mysql-replica-02", 1, 1},
    {"downstream_diff_index__source1.yaml", 0, 0, 0, "mysql-replica-01", 1, 0},
    {"downstream_diff_index__source2.yaml", 0, 0, 0, "mysql-replica-02", 1, 0},
    {"downstream_more_column__source1.yaml", 0, 0, 0, "mysql-replica-01", 1, 0},
    {"expression_filter__source1.yaml", 0, 0, 0, "mysql-replica-01", 1, 0},
    {"extend_column__source1.yaml", 0, 0, 0, "mysql-replica-01", 1, 0},
    {"extend_column__source2.yaml", 0, 0, 0, "mysql-replica-02", 1, 0},
    {"gtid__source1.yaml", 0, 0, 0, "mysql-replica-01", 1, 1},
    {"gtid__source2.yaml", 0, 0, 0, "mysql-replica-02", 1, 0},
    {"handle_error__source1.yaml", 0, 0, 0, "mysql-replica-01", 0, 1},
    {"handle_error__source2.yaml", 0, 0, 0, "mysql-replica-02", 1, 1},
    {"incompatible_ddl_changes__source1.yaml", 0, 0, 0, "mysql-replica-01", 1, 0},
    /* relay-binlog-gtid: binlog-gtid-placeholder (flavor mysql) */
    {"incremental_mode__source1.yaml", 1, 0, 5, NULL, 0, 0},
    /* relay-binlog-name: binlog-name-placeholder */
    {"incremental_mode__source2.yaml", 1, 40007, 4, NULL, 0, 0},
    {"lightning_mode__source1.yaml", 0, 0, 0, "mysql-replica-01", 1, 1},
    {"lightning_mode__source2.yaml", 0, 0, 0, "mysql-replica-02", 1, 0},
    {"many_tables__source1.yaml", 0, 0, 0, "mysql-replica-01", 1, 1},
    {"new_relay__mysql-replica-01.yaml", 0, 0, 0, "mysql-replica-01", 1, 0},
    {"new_relay__source1.yaml", 0, 0, 0, "mysql-replica-01", 1, 0},
    {"new_relay__source2.yaml", 0, 0, 0, "mysql-replica-02", 1, 0},
    {"online_ddl__source1.yaml", 0, 0, 0, "mysql-replica-01", 1, 0},
    {"online_ddl__source2.yaml", 0, 0, 0, "mysql-replica-02", 0, 1},
    {"safe_mode__source1.yaml", 0, 0, 0, "mysql-replica-01", 1, 1},
    {"safe_mode__source2.yaml", 0, 0, 0, "mysql-replica-02", 0, 0},
    {"safe_mode_foreign_key__source1.yaml", 0, 0, 0, "mysql-replica-01", 0, 0},
    {"sequence_sharding__source1.yaml", 0, 0, 0, "mysql-replica-01", 1, 1},
    {"sequence_sharding__source2.yaml", 0, 0, 0, "mysql-replica-02", 0, 0},
    {"sequence_sharding_optimistic__source1.yaml", 0, 0, 0, "mysql-replica-01", 0, 0},
    {"sequence_sharding_optimistic__source2.yaml", 0, 0, 0, "mysql-replica-02", 1, 1},
    {"shardddl3__source1.yaml", 0, 0, 0, "mysql-replica-01", 0, 0},
    {"shardddl3__source2.yaml", 0, 0, 0, "mysql-replica-02", 1, 1},
    {"shardddl4_1__source1.yaml", 0, 0, 0, "mysql-replica-01", 0, 0},
    {"shardddl4_1__source2.yaml", 0, 0, 0, "mysql-replica-02", 1, 1},
    {"sharding2__source1.yaml", 0, 0, 0, "mysql-replica-01", 1, 0},
    {"sharding2__source2.yaml", 0, 0, 0, "mysql-replica-02", 0, 0},
    {"sharding__source1.yaml", 0, 0, 0, "mysql-replica-01", 1, 0},
    {"sharding__source2.yaml", 0, 0, 0, "mysql-replica-02", 0, 1},
    {"tracker_ignored_ddl__source1_gtid.yaml", 0, 0, 0, "mysql-replica-01", 1, 1},
    {"tracker_ignored_ddl__source1_pos.yaml", 0, 0, 0, "mysql-replica-01", 0, 1},
    {"upstream_switch__source1.yaml", 0, 0, 0, "mysql-replica-01", 1, 0},
    {"upstream_switch__source2.yaml", 0, 0, 0, "mysql-replica-02", 1, 1},
};

#define N(a) (sizeof(a) / sizeof *(a))

static void path_of(const char *file, char *out, size_t cap)
{
    snprintf(out, cap, "%s/%s", dir, file);
}

static void test_tasks(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(tasks); i++) {
        char path[2048];
        bs_task *t = NULL;
        bs_diag_list d = {0};
        bs_error e;
        current = tasks[i].file;
        path_of(current, path, sizeof path);
        int rc = bs_task_load(path, &t, &d, &e);
        if (tasks[i].dm_code) {
            if (rc != BS_ECONFIG || e.dm_code != tasks[i].dm_code || e.line != tasks[i].line)
                fail_msg("%s: rc %d DM %d line %d (%s), expected DM %d line %d", current, rc,
                         e.dm_code, e.line, e.message, tasks[i].dm_code, tasks[i].line);
            EXPECT_STR(e.file, path);
        } else {
            if (rc) fail_msg("%s: %s (line %d, DM %d)", current, e.message, e.line, e.dm_code);
            tasks[i].check(bs_task_get(t));
        }
        bs_task_free(t);
        bs_diag_list_free(&d);
    }
}

static void test_sources(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(sources); i++) {
        const source_expect *x = &sources[i];
        char path[2048];
        bs_source *s = NULL;
        bs_error e;
        current = x->file;
        path_of(current, path, sizeof path);
        int rc = bs_source_load(path, &s, NULL, &e);
        if (x->fails) {
            if (rc != BS_ECONFIG || e.dm_code != x->dm_code || e.line != x->line)
                fail_msg("%s: rc %d DM %d line %d (%s), expected DM %d line %d", current, rc,
                         e.dm_code, e.line, e.message, x->dm_code, x->line);
        } else {
            if (rc) fail_msg("%s: %s (line %d, DM %d)", current, e.message, e.line, e.dm_code);
            const bs_source_config *c = bs_source_get(s);
            EXPECT_STR(c->source_id, x->source_id);
            EXPECT(c->enable_gtid == x->gtid);
            EXPECT(c->enable_relay == x->relay);
        }
        bs_source_free(s);
    }
}

/* Every .yaml file of the corpus is in one of the tables. */
static void test_coverage(void **state)
{
    (void)state;
    DIR *dh = opendir(dir);
    assert_non_null(dh);
    size_t seen = 0;
    for (struct dirent *de; (de = readdir(dh));) {
        size_t n = strlen(de->d_name);
        if (n < 5 || strcmp(de->d_name + n - 5, ".yaml")) continue;
        bool known = false;
        for (size_t i = 0; i < N(tasks) && !known; i++)
            known = !strcmp(tasks[i].file, de->d_name);
        for (size_t i = 0; i < N(sources) && !known; i++)
            known = !strcmp(sources[i].file, de->d_name);
        if (!known) fail_msg("%s: not in this test's tables", de->d_name);
        seen++;
    }
    closedir(dh);
    assert_int_equal(seen, N(tasks) + N(sources));
}

int main(void)
{
    const char *shared = getenv("BINSIFT_SHARED");
    struct stat st;
    snprintf(dir, sizeof dir, "%s/dm-configs", shared ? shared : "");
    if (!shared || !*shared || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("skipped: no DM config corpus (set BINSIFT_SHARED to the shared directory)\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tasks),
        cmocka_unit_test(test_sources),
        cmocka_unit_test(test_coverage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
