/*
 * test_tally.c - the per-source counters behind the check summary: totals,
 * per-table lines by event type, rule hits in the instance's order (fired or
 * not), conflict folding, the per-minute timeline, and the name-sorted
 * tables of the finished summary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "check/check_internal.h"

static const char TASK[] = "name: t\n"
                           "task-mode: incremental\n"
                           "target-database:\n"
                           "  host: 127.0.0.1\n"
                           "  port: 4000\n"
                           "mysql-instances:\n"
                           "  - source-id: s1\n"
                           "    route-rules: [r]\n"
                           "    filter-rules: [f]\n"
                           "routes:\n"
                           "  r:\n"
                           "    schema-pattern: \"a\"\n"
                           "    target-schema: b\n"
                           "filters:\n"
                           "  f:\n"
                           "    schema-pattern: \"a\"\n"
                           "    events: [\"delete\"]\n"
                           "    action: Ignore\n";

typedef struct fixture {
    bs_task *task;
    bs_check_src src;
    bs_check_source_summary out;
    bs_check_tally *tally;
} fixture;

static int setup(void **state)
{
    static fixture f;
    memset(&f, 0, sizeof f);
    bs_error err;
    assert_int_equal(bs_task_load_buffer("t.yaml", TASK, sizeof TASK - 1, &f.task, NULL, &err), 0);
    f.src.inst = bs_task_instance_find(f.task, "s1");
    f.src.out = &f.out;
    assert_int_equal(bs_check_tally_new(&f.src, &f.tally), 0);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bs_check_source_summary_free(&f->out);
    bs_check_tally_free(f->tally);
    bs_task_free(f->task);
    return 0;
}

static bs_check_verdict verdict(int kind, int dm_event, uint32_t ts, uint64_t rows)
{
    return (bs_check_verdict){.verdict = kind,
                              .dm_event = dm_event,
                              .timestamp = ts,
                              .rows = rows,
                              .file = "f",
                              .gtid = "",
                              .detail = ""};
}

static void counts_rules_timeline_and_order(void **state)
{
    fixture *f = *state;
    bs_check_tally *t = f->tally;
    long b = bs_check_tally_table(t, "a", "b"), a = bs_check_tally_table(t, "a", "a");
    assert_int_equal(bs_check_tally_table(t, "a", "b"), b); /* found again */
    long route = bs_check_tally_rule(t, f->src.inst->routes[0]);
    long filter = bs_check_tally_rule(t, f->src.inst->filters[0]);
    assert_true(route >= 0 && filter >= 0);
    /* an insert event with 2 rows, the second row of it counted without the event */
    bs_check_verdict v = verdict(BS_VERDICT_MIGRATED, BS_DMEV_INSERT, 120, 1);
    assert_int_equal(bs_check_tally_add(t, &v, b, route, 1), 0);
    assert_int_equal(bs_check_tally_add(t, &v, b, route, 0), 0);
    /* a delete dropped whole, rows unknown; a minute earlier */
    v = verdict(BS_VERDICT_DROPPED, BS_DMEV_DELETE, 60, BS_CHECK_ROWS_UNKNOWN);
    v.step = BS_STEP_FILTER;
    assert_int_equal(bs_check_tally_add(t, &v, a, filter, 1), 0);
    assert_int_equal(bs_check_tally_finish(t, &f->out), 0);

    bs_check_source_summary *o = &f->out;
    assert_int_equal(o->verdict[BS_VERDICT_MIGRATED].events, 1);
    assert_int_equal(o->verdict[BS_VERDICT_MIGRATED].rows, 2);
    assert_int_equal(o->verdict[BS_VERDICT_DROPPED].events, 1);
    assert_int_equal(o->verdict[BS_VERDICT_DROPPED].rows, 0);
    assert_int_equal(o->dropped_by_step[BS_STEP_FILTER].events, 1);
    /* tables sorted by name: a.a first */
    assert_int_equal(o->n_tables, 2);
    assert_string_equal(o->tables[0].table, "a");
    assert_int_equal(o->tables[1].n_lines, 1);
    assert_int_equal(o->tables[1].lines[0].dm_event, BS_DMEV_INSERT);
    assert_int_equal(o->tables[1].lines[0].verdict[BS_VERDICT_MIGRATED].rows, 2);
    /* rules in the instance's order, with their hits */
    assert_int_equal(o->n_rules, 2);
    assert_string_equal(o->rules[0].kind, "route");
    assert_int_equal(o->rules[0].hits.events, 1);
    assert_int_equal(o->rules[0].hits.rows, 2);
    assert_string_equal(o->rules[1].kind, "filter");
    assert_int_equal(o->rules[1].hits.events, 1);
    /* the timeline is ascending whatever the arrival order */
    assert_int_equal(o->n_timeline, 2);
    assert_int_equal(o->timeline[0].minute, 1);
    assert_int_equal(o->timeline[0].events[BS_VERDICT_DROPPED], 1);
    assert_int_equal(o->timeline[1].minute, 2);
    assert_int_equal(o->timeline[1].events[BS_VERDICT_MIGRATED], 1);
}

static void conflicts_fold_by_kind(void **state)
{
    fixture *f = *state;
    bs_check_tally *t = f->tally;
    long a = bs_check_tally_table(t, "a", "a");
    bs_check_verdict v = verdict(BS_VERDICT_CONFLICT, BS_DMEV_INSERT, 0, 1);
    v.step = BS_STEP_KEYS, v.dm_code = 1062, v.detail = "duplicate key (`id`=1)";
    assert_int_equal(bs_check_tally_add(t, &v, a, -1, 1), 0);
    v.detail = "duplicate key (`id`=2)"; /* another key: the same problem of the table */
    assert_int_equal(bs_check_tally_add(t, &v, a, -1, 1), 0);
    v.step = BS_STEP_SHARD, v.dm_code = 0, v.detail = "TRUNCATE empties the merged `b`.`a`";
    assert_int_equal(bs_check_tally_add(t, &v, a, -1, 1), 0);
    v.detail = "DROP TABLE drops the merged `b`.`a`"; /* a different statement: its own entry */
    assert_int_equal(bs_check_tally_add(t, &v, a, -1, 1), 0);
    v.position = 99; /* the same again folds, keeping the first place */
    assert_int_equal(bs_check_tally_add(t, &v, a, -1, 1), 0);
    assert_int_equal(bs_check_tally_finish(t, &f->out), 0);
    bs_check_source_summary *o = &f->out;
    assert_int_equal(o->n_conflicts, 3);
    assert_int_equal(o->conflicts[0].count, 2);
    assert_string_equal(o->conflicts[0].message, "duplicate key (`id`=1)");
    assert_int_equal(o->conflicts[1].count, 1);
    assert_int_equal(o->conflicts[2].count, 2);
    assert_int_equal(o->conflicts[2].position, 0);
    assert_int_equal(o->verdict[BS_VERDICT_CONFLICT].events, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(counts_rules_timeline_and_order, setup, teardown),
        cmocka_unit_test_setup_teardown(conflicts_fold_by_kind, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
