/*
 * test_source.c - DM source files: strict YAML into SourceConfig,
 * SourceConfig.Verify() (source-id, relay start point, backoff), the flavor
 * check, and source-level filter rules, which fail every subtask on the
 * source when DM cannot add them (duplicates are only skipped).
 */
#include "task_test.h"

static const load_case cases[] = {
    {"a plain source", "source-id: s1\nenable-gtid: true\nfrom: {host: h, port: 3306}\n", 0, 0, 0,
     NULL},
    {"unknown field", "source-id: s1\nenable_gtid: true\n", BS_ECONFIG, 20003, 2,
     "field enable_gtid not found in type config.SourceConfig"},
    {"unknown field in from", "source-id: s1\nfrom:\n  hots: h\n", BS_ECONFIG, 20003, 3,
     "field hots not found in type dbconfig.DBConfig"},
    {"bool as a string", "source-id: s1\nenable-relay: \"yes\"\n", BS_ECONFIG, 20003, 2,
     "cannot unmarshal !!str `yes` into bool"},
    {"server-id overflow", "source-id: s1\nserver-id: 4294967296\n", BS_ECONFIG, 20003, 2,
     "into uint32"},
    {"duration text", "source-id: s1\nchecker:\n  backoff-rollback: 5\n", BS_ECONFIG, 20003, 3,
     "time: missing unit in duration \"5\""},
    {"40005 no source-id", "enable-gtid: true\n", BS_ECONFIG, 40005, 1,
     "dm-worker should bind a non-empty source ID"},
    {"40006 long source-id", "source-id: abcdefghijklmnopqrstuvwxyz0123456\n", BS_ECONFIG, 40006, 1,
     "the length of source ID abcdefghijklmnopqrstuvwxyz0123456 is more than max allowed value "
     "32"},
    {"40007 relay-binlog-name", "source-id: s1\nrelay-binlog-name: binlog-name-placeholder\n",
     BS_ECONFIG, 40007, 2, "relay-binlog-name binlog-name-placeholder not valid"},
    {"relay-binlog-name", "source-id: s1\nrelay-binlog-name: mysql-bin.000004\n", 0, 0, 0, NULL},
    {"relay-binlog-gtid placeholder",
     "source-id: s1\nflavor: mysql\nrelay-binlog-gtid: binlog-gtid-placeholder\n", BS_ECONFIG, 0, 3,
     "relay-binlog-gtid binlog-gtid-placeholder"},
    {"a MySQL GTID set",
     "source-id: s1\nflavor: mysql\nrelay-binlog-gtid: "
     "\"3ccc475b-2343-11e7-be21-6c0b84d59f30:1-14:20,"
     " 4ccc475b-2343-11e7-be21-6c0b84d59f30:5\"\n",
     0, 0, 0, NULL},
    {"a MySQL GTID interval backwards",
     "source-id: s1\nflavor: mysql\nrelay-binlog-gtid: "
     "\"3ccc475b-2343-11e7-be21-6c0b84d59f30:9-3\"\n",
     BS_ECONFIG, 0, 3, NULL},
    {"a MariaDB GTID set without a flavor", "source-id: s1\nrelay-binlog-gtid: \"0-1-100,1-2-3\"\n",
     0, 0, 0, NULL},
    {"a MariaDB GTID set with flavor mysql",
     "source-id: s1\nflavor: mysql\nrelay-binlog-gtid: \"0-1-100\"\n", BS_ECONFIG, 0, 3, NULL},
    {"the zero GTID set", "source-id: s1\nflavor: mysql\nrelay-binlog-gtid: \"anything:0\"\n", 0, 0,
     0, NULL},
    {"20043 backoff-max below 1s", "source-id: s1\nchecker:\n  backoff-max: 500ms\n", BS_ECONFIG,
     20043, 3, "`backoff-max` value 500ms is less than `backoff-min` value 1s"},
    {"a null checker zeroes backoff-max", "source-id: s1\nchecker: ~\n", BS_ECONFIG, 20043, 2,
     NULL},
    {"11010 flavor without a server-id", "source-id: s1\nflavor: percona\n", BS_ECONFIG, 11010, 2,
     "flavor percona not supported"},
    {"any flavor with a server-id", "source-id: s1\nflavor: percona\nserver-id: 7\n", 0, 0, 0,
     NULL},
    {"tracer takes anything", "source-id: s1\ntracer: {a: [1, {b: c}], d: ~}\n", 0, 0, 0, NULL},
    {"tracer keys are still unique", "source-id: s1\ntracer: {a: 1, a: 2}\n", BS_ECONFIG, 20003, 2,
     "key \"a\" already set in map"},
    {"a source filter DM cannot add",
     "source-id: s1\nfilters:\n  - {schema-pattern: a, events: [trunc], action: Ignore}\n",
     BS_ECONFIG, 0, 3,
     "filter rule source:0: \"trunc\" is not a DM event type; every subtask on this source would "
     "fail to start"},
    {"a source filter with a lower-case action",
     "source-id: s1\nfilters:\n  - {schema-pattern: a, action: ignore}\n", BS_ECONFIG, 0, 3,
     "is not exactly Do, Ignore or Error"},
};

static void test_cases(void **state)
{
    (void)state;
    run_source_cases(cases, N_CASES(cases));
}

static void test_model(void **state)
{
    (void)state;
    const char *yaml =
        "source-id: mysql-01\nenable-gtid: true\nenable-relay: yes\nflavor: mariadb\n"
        "server-id: 101\ncase-sensitive: true\n"
        "from:\n  host: db\n  port: 3307\n  user: u\n  password: p\n"
        "  security: {ssl-ca: /ca.pem, ssl-cert: /c.pem, ssl-key: /k.pem}\n"
        "filters:\n"
        "  - {schema-pattern: a, table-pattern: t, action: Ignore}\n"
        "  - {schema-pattern: a, table-pattern: t, events: [all], action: Do}\n"
        "  - ~\n"
        "  - {schema-pattern: A, table-pattern: t, action: Error}\n";
    bs_source *s = NULL;
    bs_diag_list d = {0};
    bs_error e;
    assert_int_equal(load_source_text(yaml, &s, &d, &e), 0);
    const bs_source_config *c = bs_source_get(s);
    assert_string_equal(c->file, "source.yaml");
    assert_string_equal(c->source_id, "mysql-01");
    assert_int_equal(c->enable_gtid, 1);
    assert_int_equal(c->enable_relay, 1);
    assert_string_equal(c->flavor, "mariadb");
    assert_int_equal(c->server_id, 101);
    assert_int_equal(c->case_sensitive, 1);
    assert_string_equal(c->from.host, "db");
    assert_int_equal(c->from.port, 3307);
    assert_string_equal(c->from.user, "u");
    assert_string_equal(c->from.password, "p");
    assert_string_equal(c->from.ssl_ca, "/ca.pem");
    assert_string_equal(c->from.ssl_key, "/k.pem");
    assert_int_equal(c->n_filters, 4);
    assert_string_equal(c->filters[0].name, "source:0");
    assert_int_equal(c->filters[0].line, 14);
    assert_int_equal(c->filters[0].discarded, 0);
    assert_int_equal(c->filters[1].discarded, 1); /* same patterns as source:0 */
    assert_int_equal(c->filters[2].discarded, 1); /* null: DM skips it */
    assert_int_equal(c->filters[3].discarded, 0); /* case-sensitive: "A" is another pattern */
    assert_int_equal(count_diags(&d, BS_DIAG_WARNING, "filter-rule-dropped"), 1);
    bs_source_free(s);
    bs_diag_list_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
