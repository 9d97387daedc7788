/*
 * test_task_yaml.c - the YAML layer of the DM task loader: strict decoding
 * the way DM's yaml.v2 UnmarshalStrict does it (unknown fields, duplicate
 * keys, type errors and their wording, YAML 1.1 scalars, merge keys, which
 * error DM reports first), malformed YAML, and the bounds on hostile input.
 */
#include <stdlib.h>

#include "task_test.h"

#define INST "mysql-instances:\n  - source-id: s1\n"

static const load_case strict_cases[] = {
    {"unknown top-level field", TASK_HEAD INST "foo: 1\n", BS_ECONFIG, 20003, 8,
     "field foo not found in type config.TaskConfig"},
    {"unknown instance field", TASK_HEAD INST "    sourceid: x\n", BS_ECONFIG, 20003, 8,
     "field sourceid not found in type config.MySQLInstance"},
    {"unknown target-database field", "name: t\ntask-mode: all\ntarget-database:\n  hots: x\n" INST,
     BS_ECONFIG, 20003, 4, "field hots not found in type dbconfig.DBConfig"},
    {"unknown field in a named syncer",
     TASK_HEAD INST "    syncer-config-name: s\nsyncers:\n  s:\n    wokers: 3\n", BS_ECONFIG, 20003,
     11, "unmarshal syncer config: field wokers not found in type config.rawSyncerConfig"},
    {"unknown field in a route", TASK_HEAD INST "routes:\n  r:\n    schema: a\n", BS_ECONFIG, 20003,
     10, "field schema not found in type router.TableRule"},
    {"unknown field in a binlog filter", TASK_HEAD INST "filters:\n  f:\n    event: [all]\n",
     BS_ECONFIG, 20003, 10, "field event not found in type filter.BinlogEventRule"},
    {"unknown field in a block-allow list",
     TASK_HEAD INST "block-allow-list:\n  b:\n    do-db: [x]\n", BS_ECONFIG, 20003, 10,
     "field do-db not found in type filter.MySQLReplicationRules"},
    {"a null key", TASK_HEAD INST "~: 1\n", BS_ECONFIG, 20003, 8,
     "field  not found in type config.TaskConfig"},
    {"duplicate struct field", "name: a\nname: b\ntask-mode: all\ntarget-database: {}\n" INST,
     BS_ECONFIG, 20003, 2, "field name already set in type config.TaskConfig"},
    {"duplicate map key",
     TASK_HEAD INST "    route-rules: [r1]\nroutes:\n  r1:\n    schema-pattern: a\n    "
                    "target-schema: b\n  r1:\n    schema-pattern: c\n",
     BS_ECONFIG, 20003, 14, "key \"r1\" already set in map"},
    {"merge then the same map key",
     TASK_HEAD INST "    route-rules: [r1]\nroutes:\n  <<: {r1: &r {schema-pattern: a, "
                    "target-schema: b}}\n  r1: *r\n",
     BS_ECONFIG, 20003, 11, "key \"r1\" already set in map"},
    {"merge of a scalar", TASK_HEAD INST "<<: 5\n", BS_ECONFIG, 20003, 8,
     "yaml: map merge requires map or sequence of maps as the value"},
};

static const load_case type_cases[] = {
    {"string into int", "name: t\ntask-mode: all\ntarget-database:\n  port: abc\n" INST, BS_ECONFIG,
     20003, 4, "cannot unmarshal !!str `abc` into int"},
    {"long value cut to 7 bytes",
     "name: t\ntask-mode: all\ntarget-database:\n  port: \"abcdefghijk\"\n" INST, BS_ECONFIG, 20003,
     4, "cannot unmarshal !!str `abcdefg...` into int"},
    {"quoted true is a string", TASK_HEAD INST "online-ddl: \"true\"\n", BS_ECONFIG, 20003, 8,
     "cannot unmarshal !!str `true` into bool"},
    {"an int is not a bool", TASK_HEAD INST "online-ddl: 1\n", BS_ECONFIG, 20003, 8,
     "cannot unmarshal !!int `1` into bool"},
    {"negative into uint32",
     TASK_HEAD "mysql-instances:\n  - source-id: s1\n    meta:\n      binlog-name: b.1\n      "
               "binlog-pos: -1\n",
     BS_ECONFIG, 20003, 10, "cannot unmarshal !!int `-1` into uint32"},
    {"uint32 overflow",
     TASK_HEAD "mysql-instances:\n  - source-id: s1\n    meta:\n      binlog-name: b.1\n      "
               "binlog-pos: 4294967296\n",
     BS_ECONFIG, 20003, 10, "cannot unmarshal !!int `4294967296` into uint32"},
    {"placeholder binlog-pos",
     TASK_HEAD "mysql-instances:\n  - source-id: s1\n    meta:\n      binlog-name: b.1\n      "
               "binlog-pos: pos-holder\n",
     BS_ECONFIG, 20003, 10, "cannot unmarshal !!str `pos-holder` into uint32"},
    {"map into a list", TASK_HEAD INST "    route-rules: {a: b}\n", BS_ECONFIG, 20003, 8,
     "cannot unmarshal !!map into []string"},
    {"list into a map", TASK_HEAD INST "routes: [a]\n", BS_ECONFIG, 20003, 8,
     "cannot unmarshal !!seq into map[string]*router.TableRule"},
    {"scalar into a struct", TASK_HEAD INST "    meta: abc\n", BS_ECONFIG, 20003, 8,
     "cannot unmarshal !!str `abc` into config.Meta"},
    {"list into a string", TASK_HEAD INST "timezone: [a]\n", BS_ECONFIG, 20003, 8,
     "cannot unmarshal !!seq into string"},
    {"timestamp into int", "name: t\ntask-mode: all\ntarget-database:\n  port: 2001-12-14\n" INST,
     BS_ECONFIG, 20003, 4, "cannot unmarshal !!timestamp `2001-12-14` into int"},
    {"infinity into int", "name: t\ntask-mode: all\ntarget-database:\n  port: .inf\n" INST,
     BS_ECONFIG, 20003, 4, "cannot unmarshal !!float `.inf` into int"},
    {"explicit !!str into int", "name: t\ntask-mode: all\ntarget-database:\n  port: !!str 5\n" INST,
     BS_ECONFIG, 20003, 4, "cannot unmarshal !!str `5` into int"},
    {"explicit !!int on text", "name: !!int abc\ntask-mode: all\ntarget-database: {}\n" INST,
     BS_ECONFIG, 20003, 1, "yaml: cannot decode !!str `abc` as a !!int"},
    {"a sequence as a key", TASK_HEAD INST "? [a]\n: b\n", BS_ECONFIG, 20003, 8,
     "cannot unmarshal !!seq into string"},
    {"a scalar document", "hello\n", BS_ECONFIG, 20003, 1,
     "cannot unmarshal !!str `hello` into config.TaskConfig"},
    {"syncer type error outranks an earlier one (yaml.v2 aborts there)",
     "name: t\ntask-mode: all\ntarget-database:\n  port: abc\n" INST
     "    syncer:\n      batch: many\n",
     BS_ECONFIG, 20003, 8, "unmarshal syncer config: cannot unmarshal !!str `many` into int"},
    {"TextUnmarshaler error outranks an earlier type error",
     "name: t\ntask-mode: all\ntarget-database:\n  port: abc\n" INST
     "    validator-config-name: v\nvalidators:\n  v:\n    check-interval: 5\n",
     BS_ECONFIG, 20003, 10, "time: missing unit in duration \"5\""},
    {"byte size text error",
     TASK_HEAD INST "    loader-config-name: l\nloaders:\n  l:\n    disk-quota-physical: 1XB\n",
     BS_ECONFIG, 20003, 11, "unmarshal loader config: invalid suffix: 'xb'"},
};

static const load_case syntax_cases[] = {
    {"unclosed flow sequence", TASK_HEAD "mysql-instances: [\n", BS_ECONFIG, 20003, 0,
     "yaml: line"},
    {"tab indentation", "name: t\n\tx: 1\n", BS_ECONFIG, 20003, 2, "tab character"},
    {"mapping value where none is allowed", "name: a: b\n", BS_ECONFIG, 20003, 1,
     "mapping values are not allowed in this context"},
    {"unknown anchor", "name: *x\n", BS_ECONFIG, 20003, 1, "unknown anchor 'x' referenced"},
    {"invalid UTF-8", "name: t\n\xff\n", BS_ECONFIG, 20003, 2, "invalid leading UTF-8 octet"},
    {"later documents are not read (yaml.v2)", TASK_HEAD INST "---\n: : : [\n", 0, 0, 0, NULL},
    {"an empty file", "", BS_ECONFIG, 20019, 1, "must specify a unique task name"},
    {"a null instance", TASK_HEAD "mysql-instances: [~]\n", BS_ECONFIG, 20012, 6,
     "mysql-instance: 0th: mysql instance config must specify"},
};

static void test_strict_fields(void **state)
{
    (void)state;
    run_task_cases(strict_cases, N_CASES(strict_cases));
}

static void test_type_errors(void **state)
{
    (void)state;
    run_task_cases(type_cases, N_CASES(type_cases));
}

static void test_malformed(void **state)
{
    (void)state;
    run_task_cases(syntax_cases, N_CASES(syntax_cases));
}

/* A syntax error names line and column, and every type error is listed. */
static void test_messages_and_all_issues(void **state)
{
    (void)state;
    bs_task *t;
    bs_diag_list d = {0};
    bs_error e;
    const char *yaml = "name: a: b\n";
    assert_int_equal(load_task_text(yaml, &t, &d, &e), BS_ECONFIG);
    assert_non_null(strstr(e.message, "line 1, column 8"));
    bs_diag_list_free(&d);
    yaml = TASK_HEAD INST "foo: 1\nbar: 2\nonline-ddl: x\n";
    assert_int_equal(load_task_text(yaml, &t, &d, &e), BS_ECONFIG);
    assert_int_equal(e.line, 8);
    assert_int_equal(count_diags(&d, BS_DIAG_ERROR, "yaml-unknown-field"), 2);
    assert_int_equal(count_diags(&d, BS_DIAG_ERROR, "yaml-type"), 1);
    bs_diag_list_free(&d);
}

/* YAML 1.1 scalars as yaml.v2 resolves them. */
static void test_yaml11_scalars(void **state)
{
    (void)state;
    bs_task *t = must_load("name: t\ntask-mode: all\nis-sharding: ON\ncase-sensitive: Yes\n"
                           "online-ddl: off\ntarget-database:\n  host: h\n  port: 0x1F\n"
                           "mysql-instances:\n"
                           "  - {source-id: s1, meta: {binlog-name: b.1, binlog-pos: 0o17}}\n"
                           "  - {source-id: s2, meta: {binlog-name: b.1, binlog-pos: 017}}\n"
                           "  - {source-id: s3, meta: {binlog-name: b.1, binlog-pos: 1_000}}\n"
                           "  - {source-id: s4, meta: {binlog-name: b.1, binlog-pos: 4.9}}\n"
                           "  - {source-id: s5, meta: {binlog-name: b.1, binlog-pos: 08}}\n"
                           "  - {source-id: s6, meta: {binlog-name: 12, binlog-pos: +7}}\n"
                           "  - {source-id: s7, meta: {binlog-name: b.1, binlog-pos: 0b101}}\n");
    const bs_task_config *c = bs_task_get(t);
    assert_int_equal(c->target_database.port, 31);
    assert_int_equal(c->is_sharding, 1);
    assert_string_equal(c->shard_mode, "pessimistic");
    assert_int_equal(c->case_sensitive, 1);
    assert_int_equal(c->online_ddl, 0);
    static const uint32_t pos[] = {15, 15, 1000, 4, 8, 7, 5};
    assert_int_equal(c->n_instances, 7);
    for (size_t i = 0; i < 7; i++)
        assert_int_equal(c->instances[i].meta.binlog_pos, pos[i]);
    assert_string_equal(c->instances[5].meta.binlog_name, "12"); /* an int keeps its text */
    bs_task_free(t);
}

/* Merge keys into a struct: later explicit keys win, and a custom
 * unmarshaler (syncer) starts from DM's defaults. */
static void test_merge_into_struct(void **state)
{
    (void)state;
    bs_task *t = must_load(TASK_HEAD "mysql-instances:\n"
                                     "  - source-id: s1\n    syncer-config-name: base\n"
                                     "  - source-id: s2\n    syncer-config-name: s\n"
                                     "syncers:\n"
                                     "  base: &b {worker-count: 8, batch: 50}\n"
                                     "  s:\n    <<: *b\n    batch: 60\n");
    const bs_task_config *c = bs_task_get(t);
    assert_int_equal(c->instances[0].syncer.worker_count, 8);
    assert_int_equal(c->instances[0].syncer.batch, 50);
    assert_int_equal(c->instances[1].syncer.worker_count, 8);
    assert_int_equal(c->instances[1].syncer.batch, 60);
    assert_int_equal(c->instances[1].syncer.queue_size, 1024);
    bs_task_free(t);
}

/* Hostile input: every bound gives an error, never a crash or a hang. */
static void test_depth_limit(void **state)
{
    (void)state;
    char yaml[1024] = "name: ";
    size_t n = strlen(yaml);
    for (int i = 0; i < 300; i++)
        yaml[n++] = '[';
    for (int i = 0; i < 300; i++)
        yaml[n++] = ']';
    yaml[n] = 0;
    const load_case c = {"deep nesting", yaml, BS_ECONFIG, 20003, 1, "nested deeper than"};
    run_task_cases(&c, 1);
}

static void test_scalar_and_file_limits(void **state)
{
    (void)state;
    size_t big = ((size_t)1 << 20) + 10;
    char *yaml = malloc(big + 16);
    assert_non_null(yaml);
    memcpy(yaml, "name: ", 6);
    memset(yaml + 6, 'x', big);
    strcpy(yaml + 6 + big, "\n");
    const load_case c = {"huge scalar", yaml, BS_ECONFIG, 20003, 1, "larger than binsift's limit"};
    run_task_cases(&c, 1);
    free(yaml);

    size_t huge = ((size_t)4 << 20) + 1;
    yaml = malloc(huge);
    assert_non_null(yaml);
    memset(yaml, '#', huge);
    bs_task *t;
    bs_error e;
    assert_int_equal(bs_task_load_buffer("big.yaml", yaml, huge, &t, NULL, &e), BS_ELIMIT);
    assert_null(t);
    free(yaml);
}

/* Billion laughs: each level is nine aliases to the level below (9^9
 * strings). yaml.v2's aliasing ratio stops it after a few thousand steps;
 * the source's tracer is an interface{} map, so every alias is decoded. */
static void test_alias_expansion(void **state)
{
    (void)state;
    char src[4096];
    size_t m = (size_t)snprintf(src, sizeof src,
                                "source-id: s\ntracer:\n  l0: &l0 [a, a, a, a, a, a, a, a, a]\n");
    for (int lvl = 1; lvl <= 9; lvl++) {
        m += (size_t)snprintf(src + m, sizeof src - m, "  l%d: &l%d [", lvl, lvl);
        for (int j = 0; j < 9; j++)
            m += (size_t)snprintf(src + m, sizeof src - m, "%s*l%d", j ? ", " : "", lvl - 1);
        m += (size_t)snprintf(src + m, sizeof src - m, "]\n");
    }
    const load_case c = {
        "billion laughs", src, BS_ECONFIG, 20003, 0, "yaml: document contains excessive aliasing"};
    run_source_cases(&c, 1);
}

static void test_alias_cycle(void **state)
{
    (void)state;
    const load_case c = {"an anchor inside itself",
                         "source-id: s\ntracer: &t {a: *t}\n",
                         BS_ECONFIG,
                         20003,
                         2,
                         "yaml: anchor 't' value contains itself"};
    run_source_cases(&c, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strict_fields),   cmocka_unit_test(test_type_errors),
        cmocka_unit_test(test_malformed),       cmocka_unit_test(test_messages_and_all_issues),
        cmocka_unit_test(test_yaml11_scalars),  cmocka_unit_test(test_merge_into_struct),
        cmocka_unit_test(test_depth_limit),     cmocka_unit_test(test_scalar_and_file_limits),
        cmocka_unit_test(test_alias_expansion), cmocka_unit_test(test_alias_cycle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
