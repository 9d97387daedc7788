/*
 * test_decisions.c - DM's decisions for one instance (dm-rules.md §3, §4,
 * §5, §7.3, §7.4, §13): block-allow lists, routes with extract columns,
 * binlog event filters, built-in skipped statements, online DDL tables.
 * Configurations are built as bs_task_config models, the shape the YAML
 * loader produces, so these tests do not depend on YAML.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rules/rules_compiled.h"

/* ---- building a task model ---- */

typedef struct model {
    bs_task_config task;
    bs_task_instance inst;
    bs_task_ba_rule ba;
    bs_task_route routes[8];
    const bs_task_route *route_ptrs[8];
    bs_task_filter filters[8];
    const bs_task_filter *filter_ptrs[8];
    bs_rules *rules;
    bs_diag_list diags;
} model;

static void model_init(model *m)
{
    memset(m, 0, sizeof *m);
    m->task.file = "task.yaml";
    m->task.name = "t";
    m->inst.source_id = "mysql-01";
    m->task.instances = &m->inst;
    m->task.n_instances = 1;
    m->ba.name = "ba";
}

static void add_route(model *m, const char *schema, const char *table, const char *tschema,
                      const char *ttable)
{
    bs_task_route *r = &m->routes[m->inst.n_routes];
    memset(r, 0, sizeof *r);
    static const char *names[] = {"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7"};
    r->name = names[m->inst.n_routes];
    r->schema_pattern = schema;
    r->table_pattern = table;
    r->target_schema = tschema;
    r->target_table = ttable;
    m->route_ptrs[m->inst.n_routes] = r;
    m->inst.routes = m->route_ptrs;
    m->inst.n_routes++;
}

static void add_filter(model *m, const char *name, const char *schema, const char *table,
                       const char *const *events, size_t n_events, const char *const *sql,
                       size_t n_sql, const char *action)
{
    bs_task_filter *f = &m->filters[m->inst.n_filters];
    memset(f, 0, sizeof *f);
    f->name = name;
    f->schema_pattern = schema;
    f->table_pattern = table;
    f->events = events;
    f->n_events = n_events;
    f->sql_patterns = sql;
    f->n_sql_patterns = n_sql;
    f->action = action;
    m->filter_ptrs[m->inst.n_filters] = f;
    m->inst.filters = m->filter_ptrs;
    m->inst.n_filters++;
}

static void compile(model *m)
{
    bs_error err;
    if (bs_rules_compile_config(&m->task, "mysql-01", NULL, &m->rules, &m->diags, &err))
        fail_msg("compile: %s", err.message);
}

static void model_free(model *m)
{
    bs_rules_free(m->rules);
    bs_diag_list_free(&m->diags);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- block-allow list ---- */

static int ba(model *m, const char *schema, const char *table)
{
    return bs_rules_ba_pass(m->rules, schema, table, NULL);
}

/* §3 example: do-tables shop.order_*, ignore-tables shop.order_tmp, no do-dbs. */
static void test_ba_example(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    bs_task_ba_table do_t[] = {{"shop", "order_*", 0}}, ig_t[] = {{"shop", "order_tmp", 0}};
    m.ba.do_tables = do_t, m.ba.n_do_tables = 1;
    m.ba.ignore_tables = ig_t, m.ba.n_ignore_tables = 1;
    m.inst.ba_list = &m.ba;
    compile(&m);
    assert_true(ba(&m, "shop", "order_1"));
    assert_true(ba(&m, "shop", "order_tmp")); /* do-tables decides first */
    assert_false(ba(&m, "shop", "user"));
    assert_true(ba(&m, "anything", "")); /* CREATE DATABASE anything passes */
    model_free(&m);
}

static void test_ba_do_dbs_hide_ignore_dbs(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    const char *do_dbs[] = {"shop_*"}, *ig_dbs[] = {"shop_1"};
    bs_task_ba_table do_t[] = {{"crm", "t", 0}};
    m.ba.do_dbs = do_dbs, m.ba.n_do_dbs = 1;
    m.ba.ignore_dbs = ig_dbs, m.ba.n_ignore_dbs = 1;
    m.ba.do_tables = do_t, m.ba.n_do_tables = 1;
    m.inst.ba_list = &m.ba;
    compile(&m);
    assert_true(ba(&m, "shop_1", ""));   /* ignore-dbs never consulted */
    assert_false(ba(&m, "crm", "t"));    /* do-tables entry, schema not in do-dbs */
    assert_false(ba(&m, "shop_1", "x")); /* do-tables set, not listed */
    model_free(&m);
}

/* §3 quirk: regex db + wildcard table entries lose their pairing. */
static void test_ba_regex_db_pairing_quirk(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    bs_task_ba_table do_t[] = {{"~^a$", "t1", 0}, {"~^b$", "t2", 0}};
    m.ba.do_tables = do_t, m.ba.n_do_tables = 2;
    m.inst.ba_list = &m.ba;
    compile(&m);
    assert_true(ba(&m, "a", "t1"));
    assert_true(ba(&m, "a", "t2")); /* the quirk */
    assert_true(ba(&m, "b", "t1")); /* the quirk */
    assert_false(ba(&m, "c", "t1"));
    model_free(&m);

    model_init(&m); /* wildcard db + regex table stays paired */
    bs_task_ba_table do_t2[] = {{"a", "~^t1$", 0}, {"b", "~^t2$", 0}};
    m.ba.do_tables = do_t2, m.ba.n_do_tables = 2;
    m.inst.ba_list = &m.ba;
    compile(&m);
    assert_true(ba(&m, "a", "t1"));
    assert_false(ba(&m, "a", "t2"));
    model_free(&m);
}

/* §2.3: names and patterns fold; regex text is lowered too, so \D becomes \d. */
static void test_ba_case_folding(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    const char *do_dbs[] = {"Shop", "~^X\\D+$"};
    m.ba.do_dbs = do_dbs, m.ba.n_do_dbs = 2;
    m.inst.ba_list = &m.ba;
    compile(&m);
    assert_true(ba(&m, "SHOP", "t"));
    assert_true(ba(&m, "x123", "t")); /* "\D" was lowered to "\d" */
    assert_false(ba(&m, "xabc", "t"));
    model_free(&m);

    model_init(&m);
    m.task.case_sensitive = 1;
    m.ba.do_dbs = do_dbs, m.ba.n_do_dbs = 2;
    m.inst.ba_list = &m.ba;
    compile(&m);
    assert_false(ba(&m, "SHOP", "t"));
    assert_true(ba(&m, "Shop", "t"));
    assert_true(ba(&m, "Xabc", "t"));
    model_free(&m);
}

static void test_system_schemas(void **state)
{
    (void)state;
    assert_true(bs_rules_is_system_schema("mysql", 5));
    assert_true(bs_rules_is_system_schema("INFORMATION_SCHEMA", 18));
    assert_true(bs_rules_is_system_schema("dm_heartbeat", 12));
    assert_false(bs_rules_is_system_schema("mysqlx", 6));
}

/* ---- routes ---- */

static void route(model *m, const char *schema, const char *table, bs_route_result *out)
{
    bs_error err;
    assert_int_equal(bs_rules_route(m->rules, schema, table, out, NULL, &err), 0);
}

static void test_route_levels_and_ambiguity(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    add_route(&m, "shop_*", "order_*", "shop", "orders");
    add_route(&m, "shop_*", "", "shop", "");
    add_route(&m, "shop_1", "order_3", "x", "y");
    compile(&m);
    bs_route_result r;
    route(&m, "shop_2", "order_3", &r); /* table rule beats schema rule */
    assert_true(r.matched);
    assert_string_equal(r.target_schema, "shop");
    assert_string_equal(r.target_table, "orders");
    route(&m, "shop_1", "customer", &r); /* schema rule keeps the table name */
    assert_string_equal(r.target_schema, "shop");
    assert_string_equal(r.target_table, "customer");
    route(&m, "shop_1", "order_3", &r); /* two table rules: ambiguous, name kept */
    assert_true(r.ambiguous);
    assert_false(r.matched);
    assert_string_equal(r.target_schema, "shop_1");
    assert_string_equal(r.target_table, "order_3");
    route(&m, "crm", "x", &r);
    assert_false(r.matched);
    assert_string_equal(r.target_schema, "crm");
    route(&m, "shop_9", "", &r); /* schema-level DDL: schema rules only */
    assert_string_equal(r.target_schema, "shop");
    assert_string_equal(r.target_table, "");
    model_free(&m);
}

/* §4: with only a table rule, CREATE DATABASE shard_3 keeps its name. */
static void test_route_schema_ddl_with_only_table_rule(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    add_route(&m, "shard_*", "t_*", "db", "t");
    compile(&m);
    bs_route_result r;
    route(&m, "shard_3", "", &r);
    assert_false(r.matched);
    assert_string_equal(r.target_schema, "shard_3");
    model_free(&m);
}

/* §4 example: (1) into test_11.t_2 from mysql-01 -> (1,'2','11','mysql-01'). */
static void test_route_extract_columns(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    add_route(&m, "test_*", "t_*", "test", "t");
    m.routes[0].extract_table = (bs_task_extract){"t_(.*)", "c_table", 0};
    m.routes[0].extract_schema = (bs_task_extract){"test_(.*)", "c_schema", 0};
    m.routes[0].extract_source = (bs_task_extract){"(.*)", "c_source", 0};
    compile(&m);
    bs_route_result r;
    route(&m, "test_11", "t_2", &r);
    assert_string_equal(r.target_schema, "test");
    assert_string_equal(r.extract_table, "2");
    assert_string_equal(r.extract_schema, "11");
    assert_string_equal(r.extract_source, "mysql-01");
    model_free(&m);

    model_init(&m); /* no match: "" (not NULL); not configured: NULL */
    add_route(&m, "*", "*", "all", "t");
    m.routes[0].extract_table = (bs_task_extract){"^x(.*)", "c", 0};
    compile(&m);
    route(&m, "a", "b", &r);
    assert_string_equal(r.extract_table, "");
    assert_null(r.extract_schema);
    model_free(&m);
}

/* ---- binlog event filters ---- */

static int filter(model *m, const char *schema, const char *table, int ev, const char *sql,
                  const char **rule)
{
    bs_filter_result out;
    int a = bs_rules_filter(m->rules, schema, table, ev, sql, sql ? strlen(sql) : 0, &out, NULL);
    if (rule) *rule = out.rule ? out.rule->name : NULL;
    return a;
}

/* §5.4 examples with R1, R2 and then R3. */
static void test_filter_examples(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    const char *e1[] = {"truncate table", "drop table", "delete"}, *e2[] = {"drop database"};
    add_filter(&m, "R1", "test_*", "t_*", e1, 3, NULL, 0, "Ignore");
    add_filter(&m, "R2", "test_*", "", e2, 1, NULL, 0, "Ignore");
    compile(&m);
    const char *rule;
    assert_int_equal(filter(&m, "test_1", "t_2", BS_DMEV_DELETE, NULL, &rule), BS_FILTER_IGNORE);
    assert_string_equal(rule, "R1");
    assert_int_equal(filter(&m, "test_1", "t_2", BS_DMEV_INSERT, NULL, NULL), BS_FILTER_DO);
    assert_int_equal(filter(&m, "test_1", "t_2", BS_DMEV_TRUNCATE_TABLE, "TRUNCATE t_2", &rule),
                     BS_FILTER_IGNORE);
    assert_string_equal(rule, "R1");
    assert_int_equal(filter(&m, "test_1", "", BS_DMEV_DROP_DATABASE, "DROP DATABASE test_1", &rule),
                     BS_FILTER_IGNORE);
    assert_string_equal(rule, "R2");
    assert_int_equal(filter(&m, "test_1", "t_2", BS_DMEV_MODIFY_CONSTRAINT,
                            "ALTER TABLE test_1.t_2 ADD INDEX i(a)", NULL),
                     BS_FILTER_DO);
    model_free(&m);
}

/* dm-rules §5.4 adds R3 {test_*, [all dml], Do} next to R2 - but both have
 * the pattern pair (test_*, ""), and DM's trie refuses the second: R3 is
 * dropped at load and filters nothing. Alone, R3 drops every DDL. */
static void test_filter_duplicate_pattern_dropped(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    const char *e2[] = {"drop database"}, *e3[] = {"all dml"};
    add_filter(&m, "R2", "test_*", "", e2, 1, NULL, 0, "Ignore");
    add_filter(&m, "R3", "test_*", "", e3, 1, NULL, 0, "Do");
    compile(&m);
    assert_int_equal(m.rules->n_filters, 1);
    assert_int_equal(bs_diag_count(&m.diags, BS_DIAG_WARNING), 1);
    assert_non_null(strstr(m.diags.items[0].message, "R3"));
    /* so CREATE TABLE is not dropped: only R2 applies, and it does not decide */
    assert_int_equal(
        filter(&m, "test_1", "t", BS_DMEV_CREATE_TABLE, "CREATE TABLE t (a INT)", NULL),
        BS_FILTER_DO);
    model_free(&m);

    model_init(&m); /* R3 alone: the Do-list of DML drops every DDL */
    add_filter(&m, "R3", "test_*", "", e3, 1, NULL, 0, "Do");
    compile(&m);
    const char *rule;
    assert_int_equal(
        filter(&m, "test_1", "t", BS_DMEV_CREATE_TABLE, "CREATE TABLE t (a INT)", &rule),
        BS_FILTER_IGNORE);
    assert_string_equal(rule, "R3");
    assert_int_equal(filter(&m, "test_1", "t", BS_DMEV_UPDATE, NULL, NULL), BS_FILTER_DO);
    model_free(&m);
}

/* §5.4: first decisive rule in trie order wins - Error on db.t* beats
 * Ignore on db.t1 because t* is visited before t1. */
static void test_filter_first_decisive_wins(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    const char *ins[] = {"insert"};
    add_filter(&m, "ignore-t1", "db", "t1", ins, 1, NULL, 0, "Ignore");
    add_filter(&m, "error-t", "db", "t*", ins, 1, NULL, 0, "Error");
    compile(&m);
    const char *rule;
    assert_int_equal(filter(&m, "db", "t1", BS_DMEV_INSERT, NULL, &rule), BS_FILTER_ERROR);
    assert_string_equal(rule, "error-t");
    model_free(&m);
}

static void test_filter_event_lists(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    const char *none_first[] = {"none", "insert"}, *incompat[] = {"incompatible ddl changes"},
               *alter[] = {"alter table"};
    add_filter(&m, "none-first", "a", "*", none_first, 2, NULL, 0, "Ignore");
    add_filter(&m, "incompat", "b", "*", incompat, 1, NULL, 0, "Error");
    add_filter(&m, "alter-only", "c", "*", alter, 1, NULL, 0, "Ignore");
    add_filter(&m, "do-empty", "d", "*", NULL, 0, NULL, 0, "Do");
    compile(&m);
    /* "none" decides before "insert" */
    assert_int_equal(filter(&m, "a", "t", BS_DMEV_INSERT, NULL, NULL), BS_FILTER_DO);
    assert_int_equal(filter(&m, "b", "t", BS_DMEV_DROP_COLUMN, "ALTER TABLE t DROP c", NULL),
                     BS_FILTER_ERROR);
    assert_int_equal(filter(&m, "b", "t", BS_DMEV_CREATE_TABLE, "CREATE TABLE t (a INT)", NULL),
                     BS_FILTER_DO);
    /* "alter table" does not catch ADD INDEX (modify constraint) */
    assert_int_equal(
        filter(&m, "c", "t", BS_DMEV_MODIFY_CONSTRAINT, "ALTER TABLE t ADD INDEX i(a)", NULL),
        BS_FILTER_DO);
    /* a Do rule with no events drops every DML of its tables */
    assert_int_equal(filter(&m, "d", "t", BS_DMEV_INSERT, NULL, NULL), BS_FILTER_IGNORE);
    model_free(&m);
}

static void test_filter_sql_pattern(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    const char *sql[] = {"ALTER\\s+TABLE[\\s\\S]*ADD\\s+PARTITION"};
    add_filter(&m, "global", "*", "", NULL, 0, sql, 1, "Ignore");
    compile(&m);
    const char *rule;
    /* case-insensitive, against the whole query; not for rows */
    assert_int_equal(filter(&m, "db", "t", BS_DMEV_ALTER_TABLE,
                            "alter table t add partition (partition p1 values less than (10))",
                            &rule),
                     BS_FILTER_IGNORE);
    assert_string_equal(rule, "global");
    assert_int_equal(filter(&m, "db", "t", BS_DMEV_INSERT, NULL, NULL), BS_FILTER_DO);
    model_free(&m);
}

static void test_filter_discarded_rules(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    const char *bad[] = {"truncate table", "drop table", "truncate"}; /* all_mode test config */
    add_filter(&m, "bad-event", "*", "*", bad, 3, NULL, 0, "Ignore");
    add_filter(&m, "bad-action", "x", "*", bad, 2, NULL, 0, "ignore");
    compile(&m);
    assert_int_equal(m.rules->n_filters, 0);
    assert_int_equal(bs_diag_count(&m.diags, BS_DIAG_WARNING), 2);
    assert_int_equal(filter(&m, "db", "t", BS_DMEV_DROP_TABLE, "DROP TABLE t", NULL), BS_FILTER_DO);
    model_free(&m);
}

/* ---- built-in skips and online DDL ---- */

static void test_builtin_skips(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    compile(&m);
    const char *yes[] = {
        "GRANT ALL ON *.* TO u",
        "  flush tables",
        "DROP /*!40005 TEMPORARY */ TABLE t",
        "CREATE DEFINER=`root`@`%` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET @a=1",
        "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`%` SQL SECURITY DEFINER VIEW v AS "
        "SELECT 1",
        "create event e on schedule every 1 day do select 1",
        "SET PASSWORD FOR u = 'x'",
        "savepoint sp1"};
    const char *no[] = {"/* c */ FLUSH TABLES", "CREATE TABLE t (a INT)", "SET NAMES utf8",
                        "DROP TABLE t"};
    for (size_t i = 0; i < N(yes); i++)
        if (!bs_rules_builtin_skip(m.rules, yes[i], strlen(yes[i])))
            fail_msg("not skipped: %s", yes[i]);
    for (size_t i = 0; i < N(no); i++)
        if (bs_rules_builtin_skip(m.rules, no[i], strlen(no[i]))) fail_msg("skipped: %s", no[i]);
    model_free(&m);
}

static void test_online_ddl_tables(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    const char *shadow[] = {"^_(.+)_(?:new|gho)$"}, *trash[] = {"^_(.+)_(?:ghc|del|old)$"};
    m.task.online_ddl = 1;
    m.task.shadow_table_rules = shadow, m.task.n_shadow_table_rules = 1;
    m.task.trash_table_rules = trash, m.task.n_trash_table_rules = 1;
    compile(&m);
    char real[64];
    assert_int_equal(bs_rules_online_ddl_table(m.rules, "_orders_gho", real, sizeof real), 1);
    assert_string_equal(real, "orders");
    assert_int_equal(bs_rules_online_ddl_table(m.rules, "_orders_del", real, sizeof real), 2);
    assert_int_equal(bs_rules_online_ddl_table(m.rules, "orders", real, sizeof real), 0);
    model_free(&m);
}

/* ---- the per-table decision cache ---- */

static void test_table_decisions(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    const char *do_dbs[] = {"shop*"}, *del[] = {"delete"}, *dml[] = {"all dml"};
    const char *shadow[] = {"^_(.+)_(?:new|gho)$"};
    m.ba.do_dbs = do_dbs, m.ba.n_do_dbs = 1;
    m.inst.ba_list = &m.ba;
    m.task.online_ddl = 1;
    m.task.shadow_table_rules = shadow, m.task.n_shadow_table_rules = 1;
    add_filter(&m, "no-deletes", "shop", "orders", del, 1, NULL, 0, "Ignore");
    add_filter(&m, "logs", "shop", "log_*", dml, 1, NULL, 0, "Ignore");
    add_route(&m, "shop*", "", "merged", "");
    compile(&m);
    bs_rules *r = m.rules;
    const bs_table_decision *d = bs_rules_table(r, "mysql", 5, "user", 4);
    assert_int_equal(d->drop_all, BS_DROP_SYSTEM_SCHEMA);
    d = bs_rules_table(r, "crm", 3, "x", 1);
    assert_int_equal(d->drop_all, BS_DROP_BA_LIST);
    d = bs_rules_table(r, "shop", 4, "_orders_gho", 11);
    assert_int_equal(d->drop_all, BS_DROP_ONLINE_DDL);
    d = bs_rules_table(r, "shop", 4, "log_1", 5);
    assert_int_equal(d->drop_all, BS_DROP_FILTER);
    d = bs_rules_table(r, "shop", 4, "orders", 6);
    assert_int_equal(d->drop_all, 0);
    assert_int_equal(d->row_drop[BS_ROW_INSERT], 0);
    assert_int_equal(d->row_drop[BS_ROW_DELETE], BS_DROP_FILTER);
    assert_string_equal(d->row_rule[BS_ROW_DELETE]->name, "no-deletes");
    assert_string_equal(d->route.target_schema, "merged");
    assert_string_equal(d->route.target_table, "orders");
    model_free(&m);
}

static void test_table_decision_cache(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    compile(&m);
    bs_rules *r = m.rules;
    const bs_table_decision *a = bs_rules_table(r, "db", 2, "t", 1);
    assert_ptr_equal(bs_rules_table(r, "db", 2, "t", 1), a);
    assert_int_equal(bs_rules_table_computed(r), 1);
    /* names that concatenate alike stay apart */
    assert_ptr_not_equal(bs_rules_table(r, "d", 1, "bt", 2), a);
    char s[16], t[16];
    for (int i = 0; i < 2000; i++) { /* grows past several resizes */
        int sl = snprintf(s, sizeof s, "s%d", i % 7), tl = snprintf(t, sizeof t, "t%d", i);
        assert_non_null(bs_rules_table(r, s, (size_t)sl, t, (size_t)tl));
    }
    assert_ptr_equal(bs_rules_table(r, "db", 2, "t", 1), a);
    uint64_t before = bs_rules_table_computed(r);
    bs_rules_table_invalidate(r, "db", 2, "t", 1);
    const bs_table_decision *b = bs_rules_table(r, "db", 2, "t", 1);
    assert_int_equal(bs_rules_table_computed(r), before + 1);
    assert_int_equal(a->drop_all, 0); /* the old pointer stays valid */
    assert_int_equal(b->drop_all, 0);
    for (int i = 0; i < 2000; i++) { /* the probe chains survived the removal */
        int sl = snprintf(s, sizeof s, "s%d", i % 7), tl = snprintf(t, sizeof t, "t%d", i);
        bs_rules_table(r, s, (size_t)sl, t, (size_t)tl);
    }
    assert_int_equal(bs_rules_table_computed(r), before + 1);
    model_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ba_example),
        cmocka_unit_test(test_ba_do_dbs_hide_ignore_dbs),
        cmocka_unit_test(test_ba_regex_db_pairing_quirk),
        cmocka_unit_test(test_ba_case_folding),
        cmocka_unit_test(test_system_schemas),
        cmocka_unit_test(test_route_levels_and_ambiguity),
        cmocka_unit_test(test_route_schema_ddl_with_only_table_rule),
        cmocka_unit_test(test_route_extract_columns),
        cmocka_unit_test(test_filter_examples),
        cmocka_unit_test(test_filter_duplicate_pattern_dropped),
        cmocka_unit_test(test_filter_first_decisive_wins),
        cmocka_unit_test(test_filter_event_lists),
        cmocka_unit_test(test_filter_sql_pattern),
        cmocka_unit_test(test_filter_discarded_rules),
        cmocka_unit_test(test_builtin_skips),
        cmocka_unit_test(test_online_ddl_tables),
        cmocka_unit_test(test_table_decisions),
        cmocka_unit_test(test_table_decision_cache),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
