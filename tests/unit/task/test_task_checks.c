/*
 * test_task_checks.c - every validation DM makes when a task starts
 * (TaskConfig.adjust, then each subtask's SubTaskConfig.Adjust), each with
 * DM's code, the line it concerns, and DM's wording; and the order DM
 * checks in, which decides the error it reports when there are several.
 */
#include "task_test.h"

#define INST      "mysql-instances:\n  - source-id: s1\n"
#define HEAD_INST TASK_HEAD INST /* lines 1-7; the instance's keys go on from line 8 */

static const load_case task_level[] = {
    {"20019 empty name", "name: \"\"\ntask-mode: all\ntarget-database: {}\n" INST, BS_ECONFIG,
     20019, 1, "must specify a unique task name"},
    {"20019 no name", "task-mode: all\ntarget-database: {}\n" INST, BS_ECONFIG, 20019, 1,
     "must specify a unique task name"},
    {"20020 task-mode", "name: t\ntask-mode: dumpp\ntarget-database: {}\n" INST, BS_ECONFIG, 20020,
     2, "please specify right task-mode"},
    {"20020 task-mode is case-sensitive", "name: t\ntask-mode: All\ntarget-database: {}\n" INST,
     BS_ECONFIG, 20020, 2, NULL},
    {"20033 shard-mode", TASK_HEAD "shard-mode: pessimist\n" INST, BS_ECONFIG, 20033, 6,
     "shard mode pessimist not supported"},
    {"20066 strict without optimistic",
     TASK_HEAD "shard-mode: pessimistic\nstrict-optimistic-shard-mode: true\n" INST, BS_ECONFIG,
     20066, 7, "cannot enable `strict-optimistic-shard-mode`"},
    {"20066 is-sharding makes it pessimistic",
     TASK_HEAD "is-sharding: true\nstrict-optimistic-shard-mode: true\n" INST, BS_ECONFIG, 20066, 7,
     NULL},
    {"strict with optimistic is fine",
     TASK_HEAD "shard-mode: optimistic\nstrict-optimistic-shard-mode: true\n" INST, 0, 0, 0, NULL},
    {"20064 column-mappings", HEAD_INST "column-mappings:\n  c:\n    schema-pattern: a\n",
     BS_ECONFIG, 20064, 8, "column-mapping is not supported since v6.6.0"},
    {"empty column-mappings are fine", HEAD_INST "column-mappings: {}\n", 0, 0, 0, NULL},
    {"20052 collation_compatible", HEAD_INST "collation_compatible: tight\n", BS_ECONFIG, 20052, 8,
     "collation compatible tight not supported"},
    {"20001 checking item", HEAD_INST "ignore-checking-items: [all, bogus]\n", BS_ECONFIG, 20001, 8,
     "checking item bogus is not supported"},
    {"20007 online-ddl-scheme", HEAD_INST "online-ddl-scheme: osc\n", BS_ECONFIG, 20007, 8,
     "online scheme osc not supported"},
    {"20021 no target-database", "name: t\ntask-mode: all\n" INST, BS_ECONFIG, 20021, 1,
     "must specify target-database"},
    {"20021 null target-database", "name: t\ntask-mode: all\ntarget-database: ~\n" INST, BS_ECONFIG,
     20021, 3, NULL},
    {"20013 no instances", TASK_HEAD "mysql-instances: []\n", BS_ECONFIG, 20013, 6,
     "must specify at least one mysql-instances"},
    {"20008 time zone", HEAD_INST "timezone: Mars/Olympus\n", BS_ECONFIG, 20008, 8,
     "invalid timezone string: Mars/Olympus"},
    {"20008 SYSTEM", HEAD_INST "timezone: SYSTEM\n", BS_ECONFIG, 20008, 8,
     "'SYSTEM' or 'Local' time_zone is not supported"},
    {"20008 offset out of range", HEAD_INST "timezone: \"+15:00\"\n", BS_ECONFIG, 20008, 8, NULL},
    {"time zones DM accepts", HEAD_INST "timezone: \"-12:59\"\n", 0, 0, 0, NULL},
    {"an IANA time zone", HEAD_INST "timezone: Asia/Shanghai\n", 0, 0, 0, NULL},
};

#define EXPR(body)                                                                                 \
    HEAD_INST "    expression-filters: [e]\nexpression-filter:\n  e:\n" body /* e: line 10 */

static const load_case expr_filters[] = {
    {"20042 no schema", EXPR("    table: t\n    insert-value-expr: \"a > 1\"\n"), BS_ECONFIG, 20042,
     10, "expression-filter e has empty schema"},
    {"20042 empty table", EXPR("    schema: s\n    table: \"\"\n    insert-value-expr: a\n"),
     BS_ECONFIG, 20042, 12, "expression-filter e has empty table"},
    {"20041 unbalanced parenthesis",
     EXPR("    schema: s\n    table: t\n    insert-value-expr: \"(a > 1\"\n"), BS_ECONFIG, 20041,
     13, "expression-filter name(e) SQL((a > 1) has wrong grammar"},
    {"20041 operator without operand",
     EXPR("    schema: s\n    table: t\n    insert-value-expr: \"a >\"\n"), BS_ECONFIG, 20041, 13,
     "expression-filter name(e) SQL(a >) has wrong grammar"},
    {"20041 two operands in a row",
     EXPR("    schema: s\n    table: t\n    insert-value-expr: \"a b c\"\n"), BS_ECONFIG, 20041, 13,
     NULL},
    {"a function binsift does not evaluate still passes DM's grammar check",
     EXPR("    schema: s\n    table: t\n    insert-value-expr: \"no_such_fn(a) > 1\"\n"), 0, 0, 0,
     NULL},
    {"20041 blank expression", EXPR("    schema: s\n    table: t\n    delete-value-expr: \"  \"\n"),
     BS_ECONFIG, 20041, 13, NULL},
    {"20039 two kinds",
     EXPR("    schema: s\n    table: t\n    insert-value-expr: a > 1\n    delete-value-expr: b = "
          "2\n"),
     BS_ECONFIG, 20039, 10, "but e has specified [insert: [a > 1] delete: [b = 2]]"},
    {"old and new update values are one kind",
     EXPR("    schema: s\n    table: t\n    update-old-value-expr: a > 1\n    "
          "update-new-value-expr: a < 1\n"),
     0, 0, 0, NULL},
    {"quotes and comments balance",
     EXPR("    schema: s\n    table: t\n    insert-value-expr: \"c = ')' /* ( */\"\n"), 0, 0, 0,
     NULL},
    {"20040 undefined expression filter", HEAD_INST "    expression-filters: [e9]\n", BS_ECONFIG,
     20040, 8, "mysql-instance(0)'s expression-filters e9 not exist in expression-filter"},
};

static const load_case instances[] = {
    {"20005 empty source-id", TASK_HEAD "mysql-instances:\n  - source-id: \"\"\n", BS_ECONFIG,
     20005, 7, "mysql-instance: 0th: empty source-id not valid"},
    {"20005 in the second instance",
     TASK_HEAD "mysql-instances:\n  - source-id: a\n  - block-allow-list: b\n", BS_ECONFIG, 20005,
     8, "mysql-instance: 1st: empty source-id not valid"},
    {"20011 meta without name or GTID",
     TASK_HEAD "mysql-instances:\n  - source-id: s1\n    meta:\n      binlog-pos: 4\n", BS_ECONFIG,
     20011, 9, "source s1: must specify `binlog-name`"},
    {"meta with a GTID only",
     TASK_HEAD "mysql-instances:\n  - source-id: s1\n    meta: {binlog-gtid: \"u:1-5\"}\n", 0, 0, 0,
     NULL},
    {"20015 mydumper twice",
     HEAD_INST "    mydumper-config-name: m\n    mydumper: {threads: 2}\nmydumpers:\n  m: {}\n",
     BS_ECONFIG, 20015, 9, "mydumper-config-name and mydumper should only specify one"},
    {"20016 loader twice",
     HEAD_INST "    loader-config-name: l\n    loader: {pool-size: 2}\nloaders:\n  l: {}\n",
     BS_ECONFIG, 20016, 9, "loader-config-name and loader should only specify one"},
    {"20017 syncer twice",
     HEAD_INST "    syncer-config-name: s\n    syncer: {batch: 2}\nsyncers:\n  s: {}\n", BS_ECONFIG,
     20017, 9, "syncer-config-name and syncer should only specify one"},
    {"a null inline syncer is no conflict",
     HEAD_INST "    syncer-config-name: s\n    syncer: null\nsyncers:\n  s: {}\n", 0, 0, 0, NULL},
    {"20014 same source-id", TASK_HEAD "mysql-instances:\n  - source-id: s1\n  - source-id: s1\n",
     BS_ECONFIG, 20014, 8, "mysql-instance (0) and (1) have same source-id (s1)"},
    {"20023 undefined route", HEAD_INST "    route-rules: [r9]\n", BS_ECONFIG, 20023, 8,
     "mysql-instance(0)'s route-rules r9 not exist in routes"},
    {"20024 undefined filter", HEAD_INST "    filter-rules: [f9]\n", BS_ECONFIG, 20024, 8,
     "mysql-instance(0)'s filter-rules f9 not exist in filters"},
    {"20026 undefined block-allow list", HEAD_INST "    block-allow-list: b9\n", BS_ECONFIG, 20026,
     8, "mysql-instance(0)'s list b9 not exist in block allow list"},
    {"20026 black-white-list name against a non-empty block-allow-list map",
     HEAD_INST "    black-white-list: bw\nblock-allow-list:\n  ba: {do-dbs: [x]}\n"
               "black-white-list:\n  bw: {do-dbs: [y]}\n",
     BS_ECONFIG, 20026, 8, "list bw not exist"},
    {"20027 undefined mydumper", HEAD_INST "    mydumper-config-name: m9\n", BS_ECONFIG, 20027, 8,
     "mysql-instance(0)'s mydumper config m9 not exist in mydumpers"},
    {"20029 undefined loader", HEAD_INST "    loader-config-name: l9\n", BS_ECONFIG, 20029, 8,
     "mysql-instance(0)'s loader config l9 not exist in loaders"},
    {"20030 undefined syncer", HEAD_INST "    syncer-config-name: s9\n", BS_ECONFIG, 20030, 8,
     "mysql-instance(0)'s syncer config s9 not exist in syncer"},
    {"20056 undefined validator", HEAD_INST "    validator-config-name: v9\n", BS_ECONFIG, 20056, 8,
     "mysql-instance(0)'s continuous validator config v9 not exist"},
    {"20028 no mydumper-path in a dump mode",
     HEAD_INST "    mydumper:\n      mydumper-path: \"\"\n", BS_ECONFIG, 20028, 9,
     "mysql-instance(0)'s mydumper-path must specify a valid path"},
    {"no mydumper-path is fine without dump",
     "name: t\ntask-mode: incremental\ntarget-database: {}\n" INST
     "    mydumper:\n      mydumper-path: \"\"\n",
     0, 0, 0, NULL},
    {"20068 import-into with two sources",
     TASK_HEAD "mysql-instances:\n  - source-id: a\n    loader: {import-mode: IMPORT-INTO, dir: "
               "\"s3://b/x\"}\n  - source-id: b\n",
     BS_ECONFIG, 20068, 8, "import-into mode does not support sharding"},
    {"20060 safe-mode-duration", HEAD_INST "    syncer:\n      safe-mode-duration: 5x\n",
     BS_ECONFIG, 20060, 9,
     "safe-mode-duration '5x' parsed failed: time: unknown unit \"x\" in duration \"5x\""},
    {"20061 safe mode for 0s", HEAD_INST "    syncer: {safe-mode: true, safe-mode-duration: 0s}\n",
     BS_ECONFIG, 20061, 8, "safe-mode(true) conflicts with safe-mode-duration(0s)"},
    {"20032 duplicate route name",
     HEAD_INST "    route-rules: [r, q, r]\nroutes:\n  r: {schema-pattern: a, target-schema: b}\n"
               "  q: {schema-pattern: c, target-schema: d}\n",
     BS_ECONFIG, 20032, 8,
     "the following mysql configs have duplicate items, please remove the "
     "duplicates:\nmysql-instance(0)'s route-rules: r"},
};

#define LOADER(body) HEAD_INST "    loader-config-name: l\nloaders:\n  l:\n" body /* l: 10 */

static const load_case units[] = {
    {"20053 import-mode", LOADER("    import-mode: fast\n"), BS_ECONFIG, 20053, 11,
     "invalid load mode 'fast'"},
    {"import-mode is case-insensitive", LOADER("    import-mode: Physical\n"), 0, 0, 0, NULL},
    {"20054 on-duplicate-logical", LOADER("    on-duplicate-logical: skip\n"), BS_ECONFIG, 20054,
     11, "invalid load on-duplicate-logical or on-duplicate option 'skip'"},
    {"20062 on-duplicate-physical", LOADER("    on-duplicate-physical: x\n"), BS_ECONFIG, 20062, 11,
     "invalid load on-duplicate-physical option 'x'"},
    {"20063 checksum-physical", LOADER("    checksum-physical: x\n"), BS_ECONFIG, 20063, 11,
     "invalid load checksum-physical option 'x'"},
    {"20065 analyze", LOADER("    analyze: x\n"), BS_ECONFIG, 20065, 11,
     "invalid load analyze option 'x'"},
    {"20053 inline loader (subtask)", HEAD_INST "    loader:\n      import-mode: fast\n",
     BS_ECONFIG, 20053, 9, "invalid load mode 'fast'"},
    {"20055 validation mode",
     HEAD_INST "    validator-config-name: v\nvalidators:\n  v:\n    mode: slow\n", BS_ECONFIG,
     20055, 11, "invalid validation mode"},
    {"validator max-pending-row-size",
     HEAD_INST "    validator-config-name: v\nvalidators:\n  v:\n    max-pending-row-size: 5x\n",
     BS_ECONFIG, 0, 11, "invalid suffix: 'x'"},
    {"20047 chunk-filesize", HEAD_INST "    mydumper: {chunk-filesize: abc}\n", BS_ECONFIG, 20047,
     8, "source s1: invalid `chunk-filesize` abc"},
    {"chunk-filesize with a unit", HEAD_INST "    mydumper: {chunk-filesize: 64MiB}\n", 0, 0, 0,
     NULL},
};

static const load_case unused[] = {
    {"20038 unused definitions, sorted",
     HEAD_INST "routes:\n  r2: {schema-pattern: a, target-schema: b}\nfilters:\n  f2: "
               "{schema-pattern: a, action: Do}\nsyncers:\n  a-sync: {}\n",
     BS_ECONFIG, 20038, 9,
     "The configurations as following [a-sync f2 r2] are set in global configuration but "
     "instances don't use them"},
    {"an unused block-allow list is fine", HEAD_INST "block-allow-list:\n  b: {do-dbs: [x]}\n", 0,
     0, 0, NULL},
    {"an unused, broken block-allow list is not built",
     HEAD_INST "block-allow-list:\n  b: {do-dbs: [\"\"]}\n", 0, 0, 0, NULL},
};

static const load_case subtasks[] = {
    {"20006 long source-id",
     TASK_HEAD "mysql-instances:\n  - source-id: "
               "abcdefghijklmnopqrstuvwxyz0123456\n",
     BS_ECONFIG, 20006, 7, "too long source-id not valid"},
    {"32 bytes are fine",
     TASK_HEAD "mysql-instances:\n  - source-id: "
               "abcdefghijklmnopqrstuvwxyz012345\n",
     0, 0, 0, NULL},
    {"20069 import-into on a local dir", HEAD_INST "    loader: {import-mode: import-into}\n",
     BS_ECONFIG, 20069, 8,
     "requires shared storage (s3, gcs, azure, etc.) for loader's dir, but "
     "got local path './dumped_data'"},
    {"import-into on S3", HEAD_INST "    loader: {import-mode: import-into, dir: \"s3://b/p\"}\n",
     0, 0, 0, NULL},
    {"20068 import-into in shard mode",
     TASK_HEAD "shard-mode: optimistic\n" INST
               "    loader: {import-mode: import-into, dir: \"s3://b/p\"}\n",
     BS_ECONFIG, 20068, 9, "import-into mode does not support sharding"},
    {"20048 shadow rule groups", HEAD_INST "shadow-table-rules: [\"_(.+)_(.+)_new\"]\n", BS_ECONFIG,
     20048, 8,
     "config 'shadow-table-rules' regex pattern '^_(.+)_(.+)_new$' invalid, reason: rule isn't "
     "contains exactly one submatch"},
    {"20048 trash rule regex", HEAD_INST "trash-table-rules: [\"_(.+\"]\n", BS_ECONFIG, 20048, 8,
     "config 'trash-table-rules' regex pattern '^_(.+$' invalid, reason: fail to compile"},
    {"20048 RE2 has no lookahead", HEAD_INST "shadow-table-rules: [\"_(.+)(?=_gho)\"]\n",
     BS_ECONFIG, 20048, 8, NULL},
    {"anchors already there", HEAD_INST "shadow-table-rules: [\"^_(.+)_tmp$\"]\n", 0, 0, 0, NULL},
    {"20070 foreign_key_checks with compact",
     "name: t\ntask-mode: all\ntarget-database:\n  session:\n    FOREIGN_KEY_CHECKS: \"'1'\"\n" INST
     "    syncer: {compact: true}\n",
     BS_ECONFIG, 20070, 7, "`compact` is not supported when foreign_key_checks=1"},
    {"20070 multiple-rows",
     "name: t\ntask-mode: all\ntarget-database:\n  session:\n    foreign_key_checks: on\n" INST
     "    syncer: {multiple-rows: true}\n",
     BS_ECONFIG, 20070, 7, "`multiple-rows`"},
    {"foreign_key_checks off",
     "name: t\ntask-mode: all\ntarget-database:\n  session:\n    foreign_key_checks: 0\n" INST
     "    syncer: {compact: true}\n",
     0, 0, 0, NULL},
};

#define BA(list)    HEAD_INST "    block-allow-list: b\nblock-allow-list:\n  b:\n" list /* b: 10 */
#define ROUTE(rule) HEAD_INST "    route-rules: [r]\nroutes:\n  r:\n" rule              /* r: 10 */

static const load_case builds[] = {
    {"20044 empty do-db", BA("    do-dbs: [a, \"\"]\n"), BS_ECONFIG, 20044, 10,
     "generate block allow list error: DoDB rule's DB string cannot be empty"},
    {"20044 do-table without a table", BA("    do-tables:\n      - db-name: a\n"), BS_ECONFIG,
     20044, 10, "DoTables rule's DB string or Table string cannot be empty"},
    {"20044 ignore-db", BA("    ignore-dbs: [\"\"]\n"), BS_ECONFIG, 20044, 10,
     "IgnoreDB rule's DB string cannot be empty"},
    {"20044 regex", BA("    do-dbs: [\"~(a\"]\n"), BS_ECONFIG, 20044, 10, NULL},
    {"20044 star not last", BA("    do-dbs: [\"a*b\"]\n"), BS_ECONFIG, 20044, 10, "not valid"},
    {"20044 backreference is not RE2",
     BA("    ignore-tables:\n      - {db-name: a, tbl-name: "
        "\"~(x)\\\\1\"}\n"),
     BS_ECONFIG, 20044, 10, NULL},
    {"a good block-allow list",
     BA("    do-dbs: [\"~^shop_[0-9]+$\", \"x*\"]\n    do-tables:\n      - {db-name: \"~^a\", "
        "tbl-name: \"t?\"}\n"),
     0, 0, 0, NULL},
    {"20045 no schema-pattern", ROUTE("    target-schema: x\n"), BS_ECONFIG, 20045, 10,
     "generate table router error: schema pattern of table route rule should not be empty"},
    {"20045 no target-schema", ROUTE("    schema-pattern: a\n"), BS_ECONFIG, 20045, 10,
     "target schema of table route rule should not be empty"},
    {"20045 extractor without a column",
     ROUTE("    schema-pattern: a\n    target-schema: b\n    extract-table: {table-regexp: "
           "\"t(.*)\"}\n"),
     BS_ECONFIG, 20045, 10, "table extractor target column cannot be empty"},
    {"20045 extractor regex",
     ROUTE("    schema-pattern: a\n    target-schema: b\n    extract-schema: {schema-regexp: "
           "\"(\", target-column: c}\n"),
     BS_ECONFIG, 20045, 10, "schema extractor schema regexp illegal ("},
    {"20045 star not last", ROUTE("    schema-pattern: \"a*b\"\n    target-schema: b\n"),
     BS_ECONFIG, 20045, 10, NULL},
    {"20045 table regex",
     ROUTE("    schema-pattern: a\n    table-pattern: \"~(\"\n    target-schema: b\n"), BS_ECONFIG,
     20045, 10, NULL},
    {"a null extractor is not configured",
     ROUTE("    schema-pattern: a\n    target-schema: b\n    extract-table: ~\n"), 0, 0, 0, NULL},
};

/* DM stops at its first problem; binsift records them all in DM's order. */
static const load_case order[] = {
    {"task-mode before unused definitions",
     "name: t\ntask-mode: x\ntarget-database: {}\n" INST
     "routes:\n  r: {schema-pattern: a, target-schema: b}\n",
     BS_ECONFIG, 20020, 2, NULL},
    {"unused definitions before a subtask's block-allow list",
     BA("    do-dbs: [\"\"]\nroutes:\n  r: {schema-pattern: a, target-schema: b}\n"), BS_ECONFIG,
     20038, 13, NULL},
    {"expression filters before instances",
     HEAD_INST "    route-rules: [r9]\n    expression-filters: [e]\nexpression-filter:\n"
               "  e: {schema: s, table: \"\", insert-value-expr: a}\n",
     BS_ECONFIG, 20042, 11, NULL},
    {"the first instance first",
     TASK_HEAD "mysql-instances:\n  - source-id: a\n    filter-rules: [f1]\n  - source-id: b\n"
               "    route-rules: [r1]\n",
     BS_ECONFIG, 20024, 8, NULL},
};

static void test_task_level(void **state)
{
    (void)state;
    run_task_cases(task_level, N_CASES(task_level));
}

static void test_expression_filters(void **state)
{
    (void)state;
    run_task_cases(expr_filters, N_CASES(expr_filters));
}

static void test_instances(void **state)
{
    (void)state;
    run_task_cases(instances, N_CASES(instances));
}

static void test_unit_configs(void **state)
{
    (void)state;
    run_task_cases(units, N_CASES(units));
}

static void test_unused(void **state)
{
    (void)state;
    run_task_cases(unused, N_CASES(unused));
}

static void test_subtasks(void **state)
{
    (void)state;
    run_task_cases(subtasks, N_CASES(subtasks));
}

static void test_ba_and_routes(void **state)
{
    (void)state;
    run_task_cases(builds, N_CASES(builds));
}

static void test_order(void **state)
{
    (void)state;
    run_task_cases(order, N_CASES(order));
}

/* lint needs all problems: both the task-mode and the unused route. */
static void test_all_problems_listed(void **state)
{
    (void)state;
    bs_task *t;
    bs_diag_list d = {0};
    bs_error e;
    const char *yaml = order[0].yaml;
    assert_int_equal(load_task_text(yaml, &t, &d, &e), BS_ECONFIG);
    int seen20020 = 0, seen20038 = 0;
    for (size_t i = 0; i < d.n; i++) {
        seen20020 += d.items[i].dm_code == 20020 && d.items[i].line == 2;
        seen20038 += d.items[i].dm_code == 20038 && d.items[i].line == 7;
        assert_string_equal(d.items[i].file, "test.yaml");
    }
    assert_int_equal(seen20020, 1);
    assert_int_equal(seen20038, 1);
    bs_diag_list_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_task_level),
        cmocka_unit_test(test_expression_filters),
        cmocka_unit_test(test_instances),
        cmocka_unit_test(test_unit_configs),
        cmocka_unit_test(test_unused),
        cmocka_unit_test(test_subtasks),
        cmocka_unit_test(test_ba_and_routes),
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_all_problems_listed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
