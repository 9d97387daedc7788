/*
 * test_query.c - DM's decision for QUERY events (dm-rules.md §5.3-§5.5,
 * §7.2-§7.4, §13): transaction markers, built-in skipped statements and the
 * leading-comment defeat, parse failures and the global filter fallback,
 * statements DM does not handle, SplitDDL, BA list / binlog filter per table
 * with the tracker consequences, routes (schema-level DDL included), online
 * DDL, shard-mode rules, case sensitivity, and the steps of a trace.
 *
 * Tasks are YAML text loaded with bs_task_load_buffer. Each table of cases
 * runs against one task; a case gives the current database, the text, the
 * rendering of the decision (test_query_util.h) and optionally the routed
 * text of the first statement and every statement's table routes.
 */
#include "test_query_util.h"

typedef struct qcase {
    const char *db;
    const char *sql;
    const char *want;
    const char *sql0;    /* routed statement 1, or NULL */
    const char *targets; /* tq_targets(), or NULL */
} qcase;

static void check_case(tq_env *e, const qcase *c, bs_rules_column_lookup_fn lookup, void *ctx)
{
    char got[1024];
    const bs_rules_query_result *r = tq_decide(e, c->db, c->sql, lookup, ctx);
    tq_render(r, got, sizeof got);
    if (strcmp(got, c->want)) fail_msg("%s\n  got:  %s\n  want: %s", c->sql, got, c->want);
    if (c->sql0) {
        if (!r->nstmts) fail_msg("%s: no statement", c->sql);
        if (strcmp(r->stmts[0].sql, c->sql0))
            fail_msg("%s\n  sql:  %s\n  want: %s", c->sql, r->stmts[0].sql, c->sql0);
        assert_int_equal(r->stmts[0].sql_len, strlen(c->sql0));
    }
    if (c->targets) {
        tq_targets(r, got, sizeof got);
        if (strcmp(got, c->targets))
            fail_msg("%s\n  targets: %s\n  want:    %s", c->sql, got, c->targets);
    }
}

static void run_cases(const char *yaml, const qcase *c, size_t n)
{
    tq_env e;
    tq_open(&e, yaml);
    for (size_t i = 0; i < n; i++)
        check_case(&e, &c[i], NULL, NULL);
    tq_close(&e);
}

#define RUN(yaml, cases) run_cases(yaml, cases, sizeof cases / sizeof *cases)

/* ---- §13 Task A: BA list, table + schema routes, a filter ---- */

#define TASK_A                                                                                     \
    TQ_HEAD "block-allow-list:\n  ba:\n    do-dbs: [\"shop_*\"]\n"                                 \
            "routes:\n"                                                                            \
            "  orders: {schema-pattern: \"shop_*\", table-pattern: \"order_*\", target-schema: "   \
            "shop, target-table: orders}\n"                                                        \
            "  shop: {schema-pattern: \"shop_*\", target-schema: shop}\n"                          \
            "filters:\n"                                                                           \
            "  f: {schema-pattern: \"shop_*\", table-pattern: \"order_*\", events: [\"delete\", "  \
            "\"truncate table\"], action: Ignore}\n" TQ_INST                                       \
            "    block-allow-list: ba\n    route-rules: [orders, shop]\n    filter-rules: [f]\n"

static const qcase task_a[] = {
    {"x", "DROP TABLE shop_2.order_1", "DDL | run drop table +T",
     "DROP TABLE IF EXISTS `shop`.`orders`", "shop_2.order_1>shop.orders"},
    {"x", "CREATE DATABASE shop_9", "DDL | run create database +T",
     "CREATE DATABASE IF NOT EXISTS `shop`", "shop_9.>shop."},
    {"x", "ALTER TABLE shop_1.order_3 ADD INDEX i(a)", "DDL | run modify constraint +T",
     "ALTER TABLE `shop`.`orders` ADD INDEX `i`(`a`)", NULL},
    {"shop_1", "CREATE TABLE customer (id INT)", "DDL | run create table +T",
     "CREATE TABLE IF NOT EXISTS `shop`.`customer` (`id` INT)", "shop_1.customer>shop.customer"},
    {"shop_1", "TRUNCATE TABLE order_3", "SKIP:no_statement | drop/filter(f) truncate table +T",
     "TRUNCATE TABLE `shop`.`orders`", NULL},
    {"x", "CREATE TABLE crm.x (a INT)", "SKIP:no_statement | drop/ba create table", NULL, NULL},
    {"x", "DROP DATABASE crm", "SKIP:no_statement | drop/ba drop database", NULL, NULL},
    {"x", "CREATE TABLE mysql.x (a INT)", "SKIP:no_statement | drop/sys create table", NULL, NULL},
    /* every table of the statement goes through the BA list (§3) */
    {"x", "RENAME TABLE shop_1.t TO crm.t", "SKIP:no_statement | drop/ba rename table", NULL,
     "shop_1.t>shop.t,crm.t>crm.t"},
    {"x", "RENAME TABLE crm.t TO shop_1.t", "SKIP:no_statement | drop/ba rename table", NULL, NULL},
    {"x", "CREATE TABLE shop_1.t LIKE crm.t", "SKIP:no_statement | drop/ba create table", NULL,
     NULL},
    {"x", "DROP TABLE shop_1.a, crm.b, shop_1.order_7",
     "DDL | run drop table +T | drop/ba drop table | run drop table +T", NULL,
     "shop_1.a>shop.a; crm.b>crm.b; shop_1.order_7>shop.orders"},
};

static void test_task_a(void **state)
{
    (void)state;
    RUN(TASK_A, task_a);
}

/* ---- §5.4: R1/R2, then R3 (a Do rule listing DML only) ---- */

#define R1                                                                                         \
    "  R1: {schema-pattern: \"test_*\", table-pattern: \"t_*\", events: [\"truncate table\", "     \
    "\"drop table\", \"delete\"], action: Ignore}\n"
#define TASK_R12                                                                                   \
    TQ_HEAD "filters:\n" R1 "  R2: {schema-pattern: \"test_*\", events: [\"drop database\"], "     \
            "action: Ignore}\n" TQ_INST "    filter-rules: [R1, R2]\n"
#define TASK_R13                                                                                   \
    TQ_HEAD "filters:\n" R1                                                                        \
            "  R3: {schema-pattern: \"test_*\", events: [\"all dml\"], action: Do}\n" TQ_INST      \
            "    filter-rules: [R1, R3]\n"

static const qcase r12[] = {
    {"x", "TRUNCATE TABLE test_1.t_2", "SKIP:no_statement | drop/filter(R1) truncate table +T",
     NULL, NULL},
    {"x", "DROP TABLE test_1.t_2", "SKIP:no_statement | drop/filter(R1) drop table +T", NULL, NULL},
    {"x", "DROP DATABASE test_1", "SKIP:no_statement | drop/filter(R2) drop database +T", NULL,
     NULL},
    {"x", "ALTER TABLE test_1.t_2 ADD INDEX i(a)", "DDL | run modify constraint +T", NULL, NULL},
    {"x", "DROP TABLE test_1.x", "DDL | run drop table +T", NULL, NULL},
    {"x", "CREATE TABLE test_1.t_3 (a INT)", "DDL | run create table +T", NULL, NULL},
};

static const qcase r13[] = {
    {"x", "CREATE TABLE test_1.t_2 (a INT)", "SKIP:no_statement | drop/filter(R3) create table +T",
     NULL, NULL},
    {"x", "ALTER TABLE test_1.t_2 ADD INDEX i(a)",
     "SKIP:no_statement | drop/filter(R3) modify constraint +T", NULL, NULL},
    {"x", "DROP DATABASE test_1", "SKIP:no_statement | drop/filter(R3) drop database +T", NULL,
     NULL},
    {"x", "CREATE TABLE other.t (a INT)", "DDL | run create table +T", NULL, NULL},
};

static void test_filter_examples(void **state)
{
    (void)state;
    RUN(TASK_R12, r12);
    RUN(TASK_R13, r13);
}

/* ---- §5.3: what `alter table` and `incompatible ddl changes` catch ---- */

#define TASK_ALTER_IGNORE                                                                          \
    TQ_HEAD                                                                                        \
    "filters:\n  a: {schema-pattern: db, events: [\"alter table\"], action: Ignore}\n" TQ_INST     \
    "    filter-rules: [a]\n"
#define TASK_INCOMPATIBLE                                                                          \
    TQ_HEAD "filters:\n  i: {schema-pattern: db, events: [\"incompatible ddl changes\"], "         \
            "action: Ignore}\n" TQ_INST "    filter-rules: [i]\n"

static const qcase alter_ignore[] = {
    {"x", "ALTER TABLE db.t ADD INDEX i(a)", "DDL | run modify constraint +T", NULL, NULL},
    {"x", "ALTER TABLE db.t ADD COLUMN c INT", "SKIP:no_statement | drop/filter(a) alter table +T",
     NULL, NULL},
    {"x", "ALTER TABLE db.t DROP COLUMN c", "DDL | run drop column +T", NULL, NULL},
    {"x", "ALTER TABLE db.t MODIFY c BIGINT", "SKIP:no_statement | drop/filter(a) alter table +T",
     NULL, NULL},
    {"x", "ALTER TABLE db.t ADD c INT, ADD INDEX i(c)",
     "DDL | drop/filter(a) alter table +T | run modify constraint +T", NULL, NULL},
};

static const qcase incompatible[] = {
    {"x", "DROP TABLE db.t", "SKIP:no_statement | drop/filter(i) drop table +T", NULL, NULL},
    {"x", "TRUNCATE db.t", "SKIP:no_statement | drop/filter(i) truncate table +T", NULL, NULL},
    {"x", "RENAME TABLE db.t TO db.u", "SKIP:no_statement | drop/filter(i) rename table +T", NULL,
     NULL},
    {"x", "ALTER TABLE db.t ADD INDEX i(a)",
     "SKIP:no_statement | drop/filter(i) modify constraint +T", NULL, NULL},
    {"x", "DROP DATABASE db", "SKIP:no_statement | drop/filter(i) drop database +T", NULL, NULL},
    {"x", "ALTER TABLE db.t ADD COLUMN c INT", "DDL | run alter table +T", NULL, NULL},
    {"x", "CREATE TABLE db.t (a INT)", "DDL | run create table +T", NULL, NULL},
};

/* MODIFY with the tracker: a type change is `modify column`, not caught. */
static int int_column(void *ctx, const char *schema, const char *table, const char *column,
                      bs_rules_old_column *out)
{
    (void)schema, (void)table;
    return bs_rules_old_column_from_create(ctx, column, out);
}

static void test_alter_table_consequences(void **state)
{
    (void)state;
    RUN(TASK_ALTER_IGNORE, alter_ignore);
    RUN(TASK_INCOMPATIBLE, incompatible);
    tq_env e;
    tq_open(&e, TASK_ALTER_IGNORE);
    bs_ddl_parser *p;
    bs_error err;
    const bs_ddl_stmt *create;
    const char *ct = "CREATE TABLE t (c INT)";
    assert_int_equal(bs_ddl_parser_new(&p, &err), 0);
    assert_int_equal(bs_ddl_parse(p, ct, strlen(ct), NULL, &create, &err), 0);
    static const qcase tracked[] = {
        {"x", "ALTER TABLE db.t MODIFY c VARCHAR(10)", "DDL | run modify column +T", NULL, NULL},
        {"x", "ALTER TABLE db.t MODIFY c INT COMMENT 'x'",
         "SKIP:no_statement | drop/filter(a) alter table +T", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof tracked / sizeof *tracked; i++)
        check_case(&e, &tracked[i], int_column, (void *)create);
    bs_ddl_parser_free(p);
    tq_close(&e);
}

/* ---- §5.5: tracking, the global filter fallback ---- */

#define TASK_TRACKED                                                                               \
    TQ_HEAD "block-allow-list:\n  ba:\n    do-dbs: [db]\n"                                         \
            "filters:\n  f: {schema-pattern: db, table-pattern: t, events: [\"alter table\"], "    \
            "action: Ignore}\n" TQ_INST "    block-allow-list: ba\n    filter-rules: [f]\n"
#define TASK_GLOBAL                                                                                \
    TQ_HEAD "filters:\n  G: {schema-pattern: \"*\", sql-pattern: "                                 \
            "[\"ALTER\\\\s+TABLE[\\\\s\\\\S]*ADD\\\\s+PARTITION\"], action: Ignore}\n" TQ_INST     \
            "    filter-rules: [G]\n"
#define TASK_GLOBAL_DO                                                                             \
    TQ_HEAD                                                                                        \
    "filters:\n  D: {schema-pattern: \"*\", sql-pattern: [\"^CREATE\"], action: Do}\n" TQ_INST     \
    "    filter-rules: [D]\n"
#define TASK_GLOBAL_ERROR                                                                          \
    TQ_HEAD "filters:\n"                                                                           \
            "  E: {schema-pattern: db, events: [\"all ddl\"], action: Error}\n"                    \
            "  G: {schema-pattern: \"*\", table-pattern: \"*\", sql-pattern: [\"^DROP\"], "        \
            "action: Ignore}\n" TQ_INST "    filter-rules: [E, G]\n"

static const qcase tracked[] = {
    /* dropped by a filter: still applied to the tracker; by the BA list: not */
    {"x", "ALTER TABLE db.t ADD COLUMN c INT", "SKIP:no_statement | drop/filter(f) alter table +T",
     NULL, NULL},
    {"x", "ALTER TABLE other.t ADD COLUMN c INT", "SKIP:no_statement | drop/ba alter table", NULL,
     NULL},
    {"x", "ALTER TABLE db.t ADD COLUMN c INT, ADD INDEX i(c)",
     "DDL | drop/filter(f) alter table +T | run modify constraint +T", NULL, NULL},
};

static const qcase global[] = {
    {"x", "ALTER TABLE db.t ADD PARTITION garbage (((", "SKIP:global(G):36067", NULL, NULL},
    /* parsed: the same rule decides in the normal lookup (a `*` schema rule) */
    {"x", "ALTER TABLE db.t ADD PARTITION (PARTITION p3 VALUES LESS THAN (30))",
     "SKIP:no_statement | drop/filter(G) alter table +T", NULL, NULL},
    {"x", "CREATE TABLE db.t (a INT) garbage ((", "ERROR:36067", NULL, NULL},
    {"x", "CREATE VIEW v AS SELECT 1", "ERROR:11007", NULL, NULL},
    {"x", "XA START X'31',X'',1", "ERROR:36067", NULL, NULL},
    {"x", "CREATE TABLE db.t (a INT)", "DDL | run create table +T", NULL, NULL},
};

static const qcase global_do[] = {
    /* a `*` Do rule whose sql-pattern does not match ignores the text */
    {"x", "XA START X'31',X'',1", "SKIP:global(D):36067", NULL, NULL},
    {"x", "CREATE TABLE db.t garbage (((", "ERROR:36067", NULL, NULL},
    /* normal lookup: a Do rule without events drops every typed event */
    {"x", "DROP TABLE db.t", "SKIP:no_statement | drop/filter(D) drop table +T", NULL, NULL},
    {"x", "CREATE TABLE db.t (a INT)", "SKIP:no_statement | drop/filter(D) create table +T", NULL,
     NULL},
};

static const qcase global_error[] = {
    /* E (schema-level, visited first) raises 36015; G (`*`.`*`) only takes part in
     * the fallback lookup Filter("", ""), and ignores DROP statements */
    {"x", "DROP TABLE db.t", "SKIP:global(G):36015 | error/filter(E) drop table", NULL, NULL},
    {"x", "CREATE TABLE db.t (a INT)", "ERROR:36015 | error/filter(E) create table", NULL, NULL},
    {"x", "CREATE TABLE x.t (a INT)", "DDL | run create table +T", NULL, NULL},
};

static void test_global_filter(void **state)
{
    (void)state;
    RUN(TASK_TRACKED, tracked);
    RUN(TASK_GLOBAL, global);
    RUN(TASK_GLOBAL_DO, global_do);
    RUN(TASK_GLOBAL_ERROR, global_error);
}

/* ---- filter Error: 36015, the message, statements after it ---- */

#define TASK_ERROR                                                                                 \
    TQ_HEAD "filters:\n  E: {schema-pattern: db, table-pattern: t, events: [\"drop table\"], "     \
            "action: Error}\n" TQ_INST "    filter-rules: [E]\n"

static void test_filter_error(void **state)
{
    (void)state;
    static const qcase cases[] = {
        {"x", "DROP TABLE db.t", "ERROR:36015 | error/filter(E) drop table", NULL, NULL},
        {"x", "DROP TABLE db.a, db.t, db.b",
         "ERROR:36015 | run drop table | error/filter(E) drop table | unreached null", NULL,
         "db.a>db.a; db.t>db.t; db.b>db.b"},
        {"x", "TRUNCATE db.t", "DDL | run truncate table +T", NULL, NULL},
    };
    RUN(TASK_ERROR, cases);
    tq_env e;
    tq_open(&e, TASK_ERROR);
    const bs_rules_query_result *r = tq_decide(&e, "db", "DROP TABLE t", NULL, NULL);
    assert_int_equal(r->kind, BS_QUERY_ERROR);
    assert_int_equal(r->step, BS_STEP_FILTER);
    assert_string_equal(r->message, "event drop table on `db`.`t`");
    assert_string_equal(r->filter->name, "E");
    assert_int_equal(r->stmts[0].dm_code, 36015);
    assert_int_equal(r->stmts[0].table, 0);
    tq_close(&e);
}

/* ---- §7.2: transaction markers, parsing, statements DM does not handle ---- */

#define TASK_PLAIN TQ_HEAD TQ_INST

static const qcase pipeline[] = {
    {"db", "BEGIN", "BEGIN", NULL, NULL},
    {"db", "COMMIT", "COMMIT", NULL, NULL},
    {"db", " \t COMMIT\n", "COMMIT", NULL, NULL},
    {"db",
     "\xc2\xa0"
     "COMMIT\xe3\x80\x80",
     "COMMIT", NULL, NULL},                      /* Go's TrimSpace: Unicode */
    {"db", "commit", "SKIP:notddl", NULL, NULL}, /* DM compares exactly */
    {"db", "BEGIN WORK", "SKIP:notddl", NULL, NULL},
    {"db",
     "\x01"
     "COMMIT",
     "SKIP:notddl", NULL, NULL}, /* control characters trimmed later */
    {"db", "", "SKIP:empty", NULL, NULL},
    {"db", "  /* nothing */ ; ", "SKIP:empty", NULL, NULL},
    {"db", "INSERT INTO t VALUES (1)", "SKIP:dml", NULL, NULL},
    {"db", "UPDATE t SET a = 1", "SKIP:dml", NULL, NULL},
    {"db", "DELETE FROM t WHERE a = 1", "SKIP:dml", NULL, NULL},
    {"db", "REPLACE INTO t VALUES (1)", "SKIP:dml", NULL, NULL},
    {"db", "LOAD DATA INFILE 'x' INTO TABLE t", "SKIP:dml", NULL, NULL},
    {"db", "SET @a = 1", "SKIP:notddl", NULL, NULL},
    {"db", "USE db", "SKIP:notddl", NULL, NULL},
    {"db", "CALL p()", "SKIP:notddl", NULL, NULL},
    {"db", "ROLLBACK", "SKIP:notddl", NULL, NULL},
    {"db", "CREATE ROLE r", "SKIP:notddl", NULL, NULL},
    {"db", "ALTER TABLE t ANALYZE PARTITION p1", "SKIP:notddl", NULL, NULL},
    {"db", "CREATE TABLE t (", "ERROR:36067", NULL, NULL},
    {"db", "XA END X'31',X'',1", "ERROR:36067", NULL, NULL},
    {"db", "LOCK TABLES t READ", "ERROR:11007", NULL, NULL},
    {"db", "CREATE OR REPLACE VIEW v AS SELECT 1", "ERROR:11007", NULL, NULL},
    {"db",
     "\x01\x02"
     "CREATE DATABASE d\x03",
     "DDL | run create database +T", "CREATE DATABASE IF NOT EXISTS `d`", NULL},
    /* SplitDDL */
    {"db", "DROP TABLE a, db2.b", "DDL | run drop table +T | run drop table +T",
     "DROP TABLE IF EXISTS `db`.`a`", "db.a>db.a; db2.b>db2.b"},
    {"db", "RENAME TABLE a TO b, c TO d", "DDL | run rename table +T | run rename table +T",
     "RENAME TABLE `db`.`a` TO `db`.`b`", "db.a>db.a,db.b>db.b; db.c>db.c,db.d>db.d"},
    {"db", "ALTER TABLE t ADD COLUMN (x INT, y INT)",
     "DDL | run alter table +T | run alter table +T", "ALTER TABLE `db`.`t` ADD COLUMN `x` INT",
     NULL},
    {"db", "ALTER TABLE t RENAME TO u, ADD c INT", "DDL | run rename table +T | run alter table +T",
     "ALTER TABLE `db`.`t` RENAME AS `db`.`u`", "db.t>db.t,db.u>db.u; db.u>db.u"},
    {"db", "CREATE TABLE t2 LIKE t", "DDL | run create table +T",
     "CREATE TABLE IF NOT EXISTS `db`.`t2` LIKE `db`.`t`", "db.t2>db.t2,db.t>db.t"},
    {"db", "DROP INDEX i ON t", "DDL | run drop index +T",
     "DROP INDEX /*T! IF EXISTS  */`i` ON `db`.`t`", NULL},
    {"db", "CREATE INDEX i ON t (a)", "DDL | run create index +T", NULL, NULL},
    {"db", "CREATE SEQUENCE s", "DDL | run null +T", NULL, "db.s>db.s"},
    {"db", "DROP DATABASE IF EXISTS anything", "DDL | run drop database +T",
     "DROP DATABASE IF EXISTS `anything`", NULL},
    {"db", "ALTER TABLE t", "SKIP:no_statement", NULL, NULL},
    /* the system schemas, dm_heartbeat included, case-insensitively */
    {"db", "CREATE TABLE dm_heartbeat.heartbeat (a INT)",
     "SKIP:no_statement | drop/sys create table", NULL, NULL},
    {"db", "DROP DATABASE MySQL", "SKIP:no_statement | drop/sys drop database", NULL, NULL},
    {"information_schema", "CREATE TABLE t (a INT)", "SKIP:no_statement | drop/sys create table",
     NULL, NULL},
};

static void test_pipeline(void **state)
{
    (void)state;
    RUN(TASK_PLAIN, pipeline);
}

/* ---- §7.3: built-in skipped statements, and the leading comment ---- */

static void test_builtin_skip(void **state)
{
    (void)state;
    static const char *const skipped[] = {
        "SAVEPOINT s1",
        "FLUSH TABLES",
        "flush privileges",
        "OPTIMIZE TABLE t",
        "ANALYZE TABLE t",
        "REPAIR TABLE t",
        "DROP TEMPORARY TABLE t",
        "DROP /*!40005 TEMPORARY */ TABLE IF EXISTS t",
        "CREATE DEFINER=`root`@`%` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET @a = 1",
        "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET @a = 1",
        "DROP TRIGGER tr",
        "DROP PROCEDURE p",
        "CREATE PROCEDURE p() BEGIN END",
        "CREATE DEFINER=`root`@`%` PROCEDURE p() BEGIN END",
        "ALTER PROCEDURE p COMMENT 'x'",
        "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW v AS "
        "SELECT 1",
        "CREATE  VIEW v AS SELECT 1", /* two spaces: the regex's \s*...\s+ then matches */
        "DROP VIEW v",
        "ALTER ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW v AS "
        "SELECT 2",
        "ALTER VIEW v AS SELECT 2",
        "CREATE FUNCTION f RETURNS STRING SONAME 'x.so'",
        "CREATE AGGREGATE FUNCTION f RETURNS STRING SONAME 'x.so'",
        "CREATE DEFINER=`root`@`%` FUNCTION f() RETURNS INT RETURN 1",
        "ALTER FUNCTION f COMMENT 'x'",
        "DROP FUNCTION f",
        "CREATE TABLESPACE ts ADD DATAFILE 'ts.ibd'",
        "ALTER TABLESPACE ts RENAME TO ts2",
        "DROP TABLESPACE ts",
        "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1",
        "CREATE DEFINER=`root`@`%` EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1",
        "ALTER EVENT e DISABLE",
        "ALTER DEFINER=`root`@`%` EVENT e DISABLE",
        "DROP EVENT e",
        "GRANT SELECT ON db.* TO 'u'@'%'",
        "REVOKE SELECT ON db.* FROM 'u'@'%'",
        "CREATE USER 'u'@'%' IDENTIFIED BY 'p'",
        "ALTER USER 'u'@'%' IDENTIFIED BY 'p'",
        "RENAME USER 'u'@'%' TO 'v'@'%'",
        "DROP USER 'u'@'%'",
        "SET PASSWORD FOR 'u'@'%' = 'x'",
        "  \n\tgrant select on db.* to u", /* trimmed first, and case-insensitive */
    };
    static const qcase defeated[] = {
        /* a leading comment defeats the ^ anchor: the statement is parsed */
        {"db", "/* c */ GRANT SELECT ON db.* TO u", "SKIP:notddl", NULL, NULL},
        {"db", "/* c */ FLUSH TABLES", "SKIP:notddl", NULL, NULL},
        {"db", "/* c */ DROP TEMPORARY TABLE t", "DDL | run drop table +T", NULL, NULL},
        {"db", "/* c */ DROP VIEW v", "DDL | run drop view +T", NULL, NULL},
        {"db", "/* c */ CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET @a = 1",
         "ERROR:36067", NULL, NULL},
        {"db", "# note\nCREATE ALGORITHM=UNDEFINED VIEW v AS SELECT 1", "ERROR:11007", NULL, NULL},
        {"db", "CREATE VIEW v AS SELECT 1", "ERROR:11007", NULL, NULL}, /* one space: no match */
    };
    tq_env e;
    tq_open(&e, TASK_PLAIN);
    for (size_t i = 0; i < sizeof skipped / sizeof *skipped; i++) {
        const bs_rules_query_result *r = tq_decide(&e, "db", skipped[i], NULL, NULL);
        if (r->kind != BS_QUERY_SKIPPED || r->skip != BS_QSKIP_BUILTIN)
            fail_msg("not a built-in skip: %s", skipped[i]);
        assert_int_equal(r->step, BS_STEP_BUILTIN_SKIP);
        assert_int_equal(r->nstmts, 0);
    }
    for (size_t i = 0; i < sizeof defeated / sizeof *defeated; i++)
        check_case(&e, &defeated[i], NULL, NULL);
    tq_close(&e);
}

/* ---- §4: routes of schema-level DDL, ambiguity ---- */

#define ROUTE_TBL                                                                                  \
    "  tbl: {schema-pattern: \"shard_*\", table-pattern: \"t_*\", target-schema: db, "             \
    "target-table: t}\n"
#define TASK_ROUTES                                                                                \
    TQ_HEAD "routes:\n" ROUTE_TBL                                                                  \
            "  sch: {schema-pattern: \"shard_*\", target-schema: db}\n" TQ_INST                    \
            "    route-rules: [tbl, sch]\n"
#define TASK_TABLE_ROUTE TQ_HEAD "routes:\n" ROUTE_TBL TQ_INST "    route-rules: [tbl]\n"
#define TASK_AMBIGUOUS                                                                             \
    TQ_HEAD "routes:\n" ROUTE_TBL                                                                  \
            "  two: {schema-pattern: shard_1, table-pattern: t_1, target-schema: x, "              \
            "target-table: y}\n" TQ_INST "    route-rules: [tbl, two]\n"

static const qcase routes[] = {
    {"x", "CREATE DATABASE shard_3", "DDL | run create database +T",
     "CREATE DATABASE IF NOT EXISTS `db`", "shard_3.>db."},
    {"x", "DROP DATABASE shard_3", "DDL | run drop database +T", "DROP DATABASE IF EXISTS `db`",
     NULL},
    {"x", "ALTER DATABASE shard_3 CHARACTER SET utf8mb4", "DDL | run alter database +T",
     "ALTER DATABASE `db` CHARACTER SET = utf8mb4", NULL},
    {"shard_3", "CREATE TABLE t_1 (a INT)", "DDL | run create table +T",
     "CREATE TABLE IF NOT EXISTS `db`.`t` (`a` INT)", NULL},
    {"shard_3", "CREATE TABLE x (a INT)", "DDL | run create table +T",
     "CREATE TABLE IF NOT EXISTS `db`.`x` (`a` INT)", NULL},
    {"x", "RENAME TABLE shard_1.t_1 TO shard_1.t_2", "DDL | run rename table +T",
     "RENAME TABLE `db`.`t` TO `db`.`t`", "shard_1.t_1>db.t,shard_1.t_2>db.t"},
    {"x", "CREATE TABLE other.t_1 (a INT)", "DDL | run create table +T",
     "CREATE TABLE IF NOT EXISTS `other`.`t_1` (`a` INT)", NULL},
};

static const qcase table_route_only[] = {
    /* schema-level DDL is routed by schema rules only */
    {"x", "CREATE DATABASE shard_3", "DDL | run create database +T",
     "CREATE DATABASE IF NOT EXISTS `shard_3`", NULL},
    {"x", "CREATE TABLE shard_3.t_9 (a INT)", "DDL | run create table +T",
     "CREATE TABLE IF NOT EXISTS `db`.`t` (`a` INT)", NULL},
};

static void test_routes(void **state)
{
    (void)state;
    RUN(TASK_ROUTES, routes);
    RUN(TASK_TABLE_ROUTE, table_route_only);
    tq_env e;
    tq_open(&e, TASK_AMBIGUOUS);
    const bs_rules_query_result *r =
        tq_decide(&e, "x", "CREATE TABLE shard_1.t_1 (a INT)", NULL, NULL);
    assert_int_equal(r->kind, BS_QUERY_DDL);
    assert_true(r->stmts[0].tables[0].route_ambiguous); /* DM keeps the upstream name */
    assert_null(r->stmts[0].tables[0].route);
    assert_string_equal(r->stmts[0].sql, "CREATE TABLE IF NOT EXISTS `shard_1`.`t_1` (`a` INT)");
    r = tq_decide(&e, "x", "CREATE TABLE shard_2.t_1 (a INT)", NULL, NULL);
    assert_string_equal(r->stmts[0].tables[0].route->name, "tbl");
    assert_string_equal(r->stmts[0].sql, "CREATE TABLE IF NOT EXISTS `db`.`t` (`a` INT)");
    tq_close(&e);
}

/* ---- §7.4: online DDL (on by default) ---- */

#define TASK_ONLINE_BA                                                                             \
    TQ_HEAD "block-allow-list:\n  ba:\n    do-tables: [{db-name: db, tbl-name: t}]\n" TQ_INST      \
            "    block-allow-list: ba\n"
#define TASK_NO_ONLINE TQ_HEAD "online-ddl: false\n" TQ_INST
#define FILTER_DROP                                                                                \
    "filters:\n  f: {schema-pattern: db, events: [\"drop table\"], action: Ignore}\n" TQ_INST      \
    "    filter-rules: [f]\n"

static const qcase online[] = {
    {"db", "ALTER TABLE _t_gho ADD COLUMN c INT",
     "SKIP:no_statement | drop/online[record] alter table", NULL, NULL},
    {"db", "ALTER TABLE _t_new ADD COLUMN c INT",
     "SKIP:no_statement | drop/online[record] alter table", NULL, NULL},
    {"db", "CREATE TABLE _t_gho LIKE t", "SKIP:no_statement | drop/online[reset] create table",
     NULL, NULL},
    {"db", "DROP TABLE IF EXISTS _t_gho", "SKIP:no_statement | drop/online[reset] drop table", NULL,
     NULL},
    {"db", "DROP TABLE IF EXISTS _t_del", "SKIP:no_statement | drop/online[trash] drop table", NULL,
     NULL},
    {"db", "CREATE TABLE _t_ghc (id INT)", "SKIP:no_statement | drop/online[trash] create table",
     NULL, NULL},
    {"db", "RENAME TABLE t TO _t_del, _t_gho TO t",
     "DDL | drop/online[totrash] rename table | swap[swap] rename table", NULL,
     "db.t>db.t,db._t_del>db._t_del; db._t_gho>db._t_gho,db.t>db.t"},
    {"db", "RENAME TABLE t TO _t_old, _t_new TO t",
     "DDL | drop/online[totrash] rename table | swap[swap] rename table", NULL, NULL},
    {"db", "RENAME TABLE _t_gho TO _t_del", "SKIP:no_statement | drop/online[reset] rename table",
     NULL, NULL},
    {"db", "RENAME TABLE t TO _t_gho", "ERROR:36044 | error/online rename table", NULL, NULL},
    {"db", "RENAME TABLE _t_gho TO _u_gho", "ERROR:36045 | error/online rename table", NULL, NULL},
    {"db", "RENAME TABLE _t_del TO _t_gho", "ERROR:36045 | error/online rename table", NULL, NULL},
    {"db", "ALTER TABLE _t_gho RENAME TO _t_x",
     "SKIP:no_statement | drop/online[record] rename table", NULL,
     NULL}, /* ALTER ... RENAME is no RenameTableStmt: recorded */
    {"db", "ALTER TABLE t ADD COLUMN c INT", "DDL | run alter table +T", NULL, NULL},
};

static const qcase online_ba[] = {
    /* BA list and filters see the real table's name */
    {"db", "ALTER TABLE _t_gho ADD c INT", "SKIP:no_statement | drop/online[record] alter table",
     NULL, NULL},
    {"db", "ALTER TABLE _u_gho ADD c INT", "SKIP:no_statement | drop/ba alter table", NULL, NULL},
};

static const qcase online_off[] = {
    {"db", "ALTER TABLE _t_gho ADD c INT", "DDL | run alter table +T", NULL, NULL},
    {"db", "RENAME TABLE t TO _t_gho", "DDL | run rename table +T", NULL, NULL},
};

/* A filtered DDL on a real table counts as an online-DDL change of it: two
 * tables in one event are 36041 (DM's processOneDDL), unless online DDL is off. */
static const qcase filtered_online[] = {
    {"db", "DROP TABLE a", "SKIP:no_statement | drop/filter(f) drop table +T", NULL, NULL},
    {"db", "DROP TABLE a, a",
     "SKIP:no_statement | drop/filter(f) drop table +T | drop/filter(f) "
     "drop table +T",
     NULL, NULL},
    {"db", "DROP TABLE a, b",
     "ERROR:36041 | drop/filter(f) drop table +T | error/online(f) drop "
     "table +T",
     NULL, NULL},
};

static const qcase filtered_no_online[] = {
    {"db", "DROP TABLE a, b",
     "SKIP:no_statement | drop/filter(f) drop table +T | drop/filter(f) drop table +T", NULL, NULL},
};

static void test_online_ddl(void **state)
{
    (void)state;
    RUN(TASK_PLAIN, online);
    RUN(TASK_ONLINE_BA, online_ba);
    RUN(TASK_NO_ONLINE, online_off);
    RUN(TQ_HEAD FILTER_DROP, filtered_online);
    RUN(TQ_HEAD "online-ddl: false\n" FILTER_DROP, filtered_no_online);
    tq_env e;
    tq_open(&e, TASK_PLAIN);
    const bs_rules_query_result *r =
        tq_decide(&e, "db", "RENAME TABLE t TO _t_del, _t_gho TO t", NULL, NULL);
    assert_int_equal(r->executed, 1);
    assert_string_equal(r->stmts[1].tables[0].real_table, "t");
    assert_int_equal(r->stmts[1].tables[0].online_type, 1);
    assert_int_equal(r->stmts[0].tables[1].online_type, 2);
    assert_false(r->stmts[1].tracked); /* the recorded DDLs are, not the rename */
    tq_close(&e);
}

/* ---- §7.2 step 7, §9, §13 Tasks B and C: shard modes ---- */

#define SHARD_ROUTES                                                                               \
    "routes:\n  orders: {schema-pattern: \"shop_*\", table-pattern: \"order_*\", target-schema: "  \
    "shop, target-table: orders}\n" TQ_INST "    route-rules: [orders]\n"
#define TASK_PESSIMISTIC TQ_HEAD "shard-mode: pessimistic\n" SHARD_ROUTES
#define TASK_OPTIMISTIC  TQ_HEAD "shard-mode: optimistic\n" SHARD_ROUTES

static const qcase pessimistic[] = {
    {"x", "TRUNCATE TABLE shop_1.order_1", "SKIP:no_statement | drop/shard truncate table", NULL,
     NULL},
    {"x", "DROP TABLE shop_1.order_1, shop_1.order_2",
     "SKIP:no_statement | drop/shard drop table | drop/shard drop table", NULL, NULL},
    {"x", "DROP DATABASE shop_1", "SKIP:no_statement | drop/shard drop database", NULL, NULL},
    {"x", "ALTER TABLE shop_1.order_1 ADD c INT", "DDL | run alter table +T",
     "ALTER TABLE `shop`.`orders` ADD COLUMN `c` INT", NULL},
    {"x", "ALTER TABLE shop_1.order_1 ADD c INT, ADD d INT",
     "DDL | run alter table +T | run alter table +T", NULL, NULL},
    {"x", "RENAME TABLE shop_1.a TO shop_1.b, shop_1.c TO shop_1.d",
     "ERROR:36022 | run rename table | error/shard rename table", NULL, NULL},
    {"x", "ALTER TABLE shop_1.order_1 RENAME TO shop_1.order_9, ADD c INT",
     "ERROR:36022 | run rename table | error/shard alter table", NULL, NULL},
    {"x", "ALTER TABLE shop_1.order_1 ADD c INT; ", "DDL | run alter table +T", NULL, NULL},
    {"x", "DROP TABLE shop_1.a, shop_1.b",
     "SKIP:no_statement | drop/shard drop table | "
     "drop/shard drop table",
     NULL, NULL},
    {"x", "CREATE TABLE shop_1.order_5 (id INT)", "DDL | run create table +T", NULL, NULL},
};

static const qcase optimistic[] = {
    {"x", "RENAME TABLE shop_1.t1 TO shop_1.t9", "ERROR:36068 | error/shard rename table", NULL,
     NULL},
    {"x", "TRUNCATE TABLE shop_1.t1", "SKIP:no_statement | drop/shard truncate table", NULL, NULL},
    {"x", "DROP TABLE shop_1.a, shop_1.b", "ERROR:36022 | run drop table | error/shard drop table",
     NULL, NULL},
    {"x", "DROP TABLE shop_1.a", "DDL | run drop table +T", NULL, NULL},
    {"x", "ALTER TABLE shop_1.t1 RENAME TO shop_1.t2", "DDL | run rename table +T", NULL, NULL},
    {"x", "ALTER TABLE shop_1.t1 ADD COLUMN age INT DEFAULT 0", "DDL | run alter table +T", NULL,
     NULL},
};

static const qcase no_shard[] = {
    {"x", "DROP TABLE shop_1.a, shop_1.b", "DDL | run drop table +T | run drop table +T", NULL,
     NULL},
    {"x", "RENAME TABLE shop_1.t1 TO shop_1.t9", "DDL | run rename table +T", NULL, NULL},
};

static void test_shard_modes(void **state)
{
    (void)state;
    RUN(TASK_PESSIMISTIC, pessimistic);
    RUN(TASK_OPTIMISTIC, optimistic);
    RUN(TQ_HEAD SHARD_ROUTES, no_shard);
    tq_env e;
    tq_open(&e, TASK_OPTIMISTIC);
    const bs_rules_query_result *r =
        tq_decide(&e, "x", "RENAME TABLE shop_1.t1 TO shop_1.t9", NULL, NULL);
    assert_string_equal(r->message, "`RENAME TABLE` statement not supported in optimistic mode");
    assert_int_equal(r->step, BS_STEP_SHARD);
    r = tq_decide(&e, "x", "DROP TABLE shop_1.a, shop_1.b", NULL, NULL);
    assert_string_equal(r->message,
                        "ddl on multiple table: DROP TABLE shop_1.a, shop_1.b not supported");
    tq_close(&e);
}

/* ---- case sensitivity ---- */

#define CASE_RULES                                                                                 \
    "block-allow-list:\n  ba:\n    do-dbs: [\"Shop\"]\n"                                           \
    "filters:\n  f: {schema-pattern: SHOP, table-pattern: \"T*\", events: [\"drop table\"], "      \
    "action: Ignore}\n" TQ_INST "    block-allow-list: ba\n    filter-rules: [f]\n"

static const qcase insensitive[] = {
    {"x", "DROP TABLE shop.t1", "SKIP:no_statement | drop/filter(f) drop table +T", NULL, NULL},
    {"x", "DROP TABLE SHOP.T1", "SKIP:no_statement | drop/filter(f) drop table +T", NULL, NULL},
    {"x", "DROP TABLE shop.x", "DDL | run drop table +T", "DROP TABLE IF EXISTS `shop`.`x`", NULL},
    {"x", "CREATE TABLE Crm.x (a INT)", "SKIP:no_statement | drop/ba create table", NULL, NULL},
};

static const qcase sensitive[] = {
    {"x", "DROP TABLE shop.t1", "SKIP:no_statement | drop/ba drop table", NULL, NULL},
    {"x", "DROP TABLE Shop.T1", "DDL | run drop table +T", NULL, NULL},
    {"x", "DROP TABLE SHOP.T1", "SKIP:no_statement | drop/ba drop table", NULL, NULL},
};

static void test_case_sensitivity(void **state)
{
    (void)state;
    RUN(TQ_HEAD CASE_RULES, insensitive);
    RUN(TQ_HEAD "case-sensitive: true\n" CASE_RULES, sensitive);
    /* lower_case_table_names upstream: DM's FetchDDLTables folds the names */
    tq_env e;
    tq_open(&e, TQ_HEAD CASE_RULES);
    const char *sql = "CREATE TABLE Shop.T (a INT)";
    bs_rules_query_input in = {
        .sql = sql, .sql_len = strlen(sql), .db = "x", .db_len = 1, .lower_case_table_names = 1};
    const bs_rules_query_result *r;
    bs_error err;
    assert_int_equal(bs_rules_query_decide(e.q, &in, &r, NULL, &err), 0);
    assert_int_equal(r->kind, BS_QUERY_DDL);
    assert_string_equal(r->stmts[0].tables[0].schema, "shop");
    assert_string_equal(r->stmts[0].tables[0].table, "t");
    assert_string_equal(r->stmts[0].sql, "CREATE TABLE IF NOT EXISTS `shop`.`t` (`a` INT)");
    in.lower_case_table_names = 0;
    assert_int_equal(bs_rules_query_decide(e.q, &in, &r, NULL, &err), 0);
    assert_string_equal(r->stmts[0].sql, "CREATE TABLE IF NOT EXISTS `Shop`.`T` (`a` INT)");
    tq_close(&e);
}

/* ---- foreign keys with the downstream's foreign_key_checks on ---- */

static void test_foreign_key_checks(void **state)
{
    (void)state;
    static const struct {
        const char *sql, *off, *on;
    } cases[] = {
        {"CREATE TABLE t (a INT, FOREIGN KEY (a) REFERENCES p (id))", "DDL | run create table +T",
         "ERROR:36068 | error/split null"},
        {"CREATE TABLE t (a INT REFERENCES p (id))", "DDL | run create table +T",
         "DDL | run create table +T"}, /* a column REFERENCES is no constraint */
        {"ALTER TABLE t ADD c INT, ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES p (id)",
         "DDL | run alter table +T | run modify constraint +T",
         "ERROR:36068 | run alter table | error/split null"},
        {"ALTER TABLE t DROP FOREIGN KEY fk", "DDL | run alter table +T",
         "DDL | run alter table +T"},
    };
    tq_env e;
    tq_open(&e, TASK_PLAIN);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        for (int fk = 0; fk < 2; fk++) {
            bs_rules_query_input in = {
                cases[i].sql, strlen(cases[i].sql), "db", 2, NULL, 0, NULL, NULL, fk};
            const bs_rules_query_result *r;
            bs_error err;
            char got[512];
            assert_int_equal(bs_rules_query_decide(e.q, &in, &r, NULL, &err), 0);
            tq_render(r, got, sizeof got);
            const char *want = fk ? cases[i].on : cases[i].off;
            if (strcmp(got, want))
                fail_msg("%s (fk %d)\n  got:  %s\n  want: %s", cases[i].sql, fk, got, want);
        }
    }
    const char *sql = cases[0].sql;
    bs_rules_query_input in = {
        .sql = sql, .sql_len = strlen(sql), .db = "db", .db_len = 2, .foreign_key_checks = 1};
    const bs_rules_query_result *r;
    bs_error err;
    assert_int_equal(bs_rules_query_decide(e.q, &in, &r, NULL, &err), 0);
    assert_string_equal(r->message, "`CREATE TABLE with FOREIGN KEY` statement not supported in "
                                    "foreign_key_checks=1 mode");
    tq_close(&e);
}

/* ---- traces: every step, in DM's order ---- */

static void expect_steps(const bs_rules_trace *t, const int *steps, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < t->n && k < n; i++)
        if (t->items[i].step == steps[k]) k++;
    if (k < n) {
        for (size_t i = 0; i < t->n; i++)
            printf("  [%d] %s\n", t->items[i].step, t->items[i].detail);
        fail_msg("step %d (#%zu) missing or out of order", steps[k], k);
    }
}

static void test_trace(void **state)
{
    (void)state;
    tq_env e;
    tq_open(&e, TASK_A);
    bs_rules_trace t = {0};
    const char *sql = "TRUNCATE TABLE shop_1.order_3";
    bs_rules_query_input in = {.sql = sql, .sql_len = strlen(sql), .db = "x", .db_len = 1};
    const bs_rules_query_result *r;
    bs_error err;
    assert_int_equal(bs_rules_query_decide(e.q, &in, &r, &t, &err), 0);
    static const int filtered[] = {BS_STEP_PARSE,     BS_STEP_SPLIT,   BS_STEP_ROUTE,
                                   BS_STEP_DDL_EVENT, BS_STEP_BA_LIST, BS_STEP_FILTER};
    expect_steps(&t, filtered, sizeof filtered / sizeof *filtered);
    bool named = false;
    for (size_t i = 0; i < t.n; i++)
        named |= t.items[i].step == BS_STEP_FILTER && t.items[i].rule &&
                 strcmp(t.items[i].rule, "f") == 0;
    assert_true(named);
    bs_rules_trace_free(&t);

    in.sql = "GRANT ALL ON *.* TO u", in.sql_len = strlen(in.sql);
    assert_int_equal(bs_rules_query_decide(e.q, &in, &r, &t, &err), 0);
    static const int builtin[] = {BS_STEP_BUILTIN_SKIP};
    expect_steps(&t, builtin, 1);
    bs_rules_trace_free(&t);

    in.sql = "XA START X'31'", in.sql_len = strlen(in.sql);
    assert_int_equal(bs_rules_query_decide(e.q, &in, &r, &t, &err), 0);
    static const int failed[] = {BS_STEP_PARSE, BS_STEP_GLOBAL_FILTER};
    expect_steps(&t, failed, 2);
    bs_rules_trace_free(&t);

    in.sql = "COMMIT", in.sql_len = 6;
    assert_int_equal(bs_rules_query_decide(e.q, &in, &r, &t, &err), 0);
    static const int commit[] = {BS_STEP_TRANSACTION};
    expect_steps(&t, commit, 1);
    bs_rules_trace_free(&t);
    tq_close(&e);
}

/* Results of one call stay valid until the next; a context is reusable
 * across many events of every shape. */
static void test_reuse(void **state)
{
    (void)state;
    tq_env e;
    tq_open(&e, TASK_A);
    for (int round = 0; round < 50; round++) {
        const bs_rules_query_result *r =
            tq_decide(&e, "shop_1", "DROP TABLE order_1, order_2, crm.x", NULL, NULL);
        assert_int_equal(r->nstmts, 3);
        assert_string_equal(r->stmts[1].sql, "DROP TABLE IF EXISTS `shop`.`orders`");
        r = tq_decide(&e, "shop_1", "BEGIN", NULL, NULL);
        assert_int_equal(r->kind, BS_QUERY_BEGIN);
        assert_int_equal(r->nstmts, 0);
        r = tq_decide(&e, "shop_1", "XA START X'31'", NULL, NULL);
        assert_int_equal(r->kind, BS_QUERY_ERROR);
    }
    tq_close(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_task_a),
        cmocka_unit_test(test_filter_examples),
        cmocka_unit_test(test_alter_table_consequences),
        cmocka_unit_test(test_global_filter),
        cmocka_unit_test(test_filter_error),
        cmocka_unit_test(test_pipeline),
        cmocka_unit_test(test_builtin_skip),
        cmocka_unit_test(test_routes),
        cmocka_unit_test(test_online_ddl),
        cmocka_unit_test(test_shard_modes),
        cmocka_unit_test(test_case_sensitivity),
        cmocka_unit_test(test_foreign_key_checks),
        cmocka_unit_test(test_trace),
        cmocka_unit_test(test_reuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
