/*
 * test_query_event.c - the event type DM gives a split DDL statement
 * (dm-rules.md §5.3; DDLWorker.AstToDDLEvent, handleModifyColumn,
 * needChangeColumnData): every statement kind, every ALTER TABLE
 * specification kind, and MODIFY/CHANGE COLUMN against old columns covering
 * each branch of the needChangeColumnData chain and of the flag / default /
 * charset / collation / order / name chain after it.
 *
 * Where DM's source and dm-rules.md differ, the source wins and the case
 * says so: dm-worker runs with TiDB's new collations disabled, so CHAR ->
 * VARCHAR is not the unconditional `modify column` the spec lists (only
 * VARCHAR -> CHAR is).
 */
#include "test_query_util.h"

/* ---- statements and ALTER specifications, no tracker ---- */

typedef struct ev_case {
    const char *sql;
    const char *want; /* event names of the split statements, joined by ", " */
} ev_case;

static void events_of(bs_ddl_parser *p, const char *sql, bs_rules_column_lookup_fn lookup,
                      void *ctx, char *out, size_t cap)
{
    const bs_ddl_stmt *st;
    const bs_ddl_split_stmt *sp;
    uint32_t n;
    bs_error err;
    out[0] = 0;
    if (bs_ddl_parse(p, sql, strlen(sql), NULL, &st, &err))
        fail_msg("parse %s: %s", sql, err.message);
    if (bs_ddl_split(p, st, "db", 2, 0, &sp, &n, &err)) fail_msg("split %s: %s", sql, err.message);
    for (uint32_t i = 0; i < n; i++) {
        const char *why = NULL;
        int ev = bs_rules_ddl_event(&sp[i], lookup, ctx, &why);
        assert_non_null(why);
        tq_put(out, cap, "%s%s", i ? ", " : "", ev ? bs_rules_event_name(ev) : "null");
    }
}

static void run_event_cases(const ev_case *c, size_t n, bs_rules_column_lookup_fn lookup, void *ctx)
{
    bs_ddl_parser *p;
    bs_error err;
    assert_int_equal(bs_ddl_parser_new(&p, &err), 0);
    for (size_t i = 0; i < n; i++) {
        char got[512];
        events_of(p, c[i].sql, lookup, ctx, got, sizeof got);
        if (strcmp(got, c[i].want))
            fail_msg("%s\n  got:  %s\n  want: %s", c[i].sql, got, c[i].want);
    }
    bs_ddl_parser_free(p);
}

static const ev_case statement_cases[] = {
    {"CREATE DATABASE d", "create database"},
    {"CREATE SCHEMA IF NOT EXISTS d", "create database"},
    {"DROP DATABASE d", "drop database"},
    {"ALTER DATABASE d CHARACTER SET utf8mb4", "alter database"},
    {"ALTER DATABASE CHARACTER SET utf8mb4", "alter database"},
    {"CREATE TABLE t (a INT)", "create table"},
    {"CREATE TABLE t2 LIKE t", "create table"},
    {"CREATE TABLE t3 AS SELECT * FROM t", "create table"},
    {"DROP TABLE t", "drop table"},
    {"DROP TABLE a, b, c", "drop table, drop table, drop table"},
    {"DROP VIEW v", "drop view"},
    {"TRUNCATE TABLE t", "truncate table"},
    {"TRUNCATE t", "truncate table"},
    {"RENAME TABLE a TO b", "rename table"},
    {"RENAME TABLE a TO b, c TO d", "rename table, rename table"},
    {"CREATE INDEX i ON t (a)", "create index"},
    {"CREATE UNIQUE INDEX i ON t (a)", "create index"},
    {"DROP INDEX i ON t", "drop index"},
    {"CREATE SEQUENCE s", "null"},
    {"DROP SEQUENCE s", "null"},
};

static void test_statement_kinds(void **state)
{
    (void)state;
    run_event_cases(statement_cases, sizeof statement_cases / sizeof *statement_cases, NULL, NULL);
}

static const ev_case alter_cases[] = {
    {"ALTER TABLE t ADD COLUMN c INT", "alter table"},
    {"ALTER TABLE t ADD c INT FIRST", "alter table"},
    {"ALTER TABLE t ADD COLUMN (x INT, y INT)", "alter table, alter table"},
    {"ALTER TABLE t ADD INDEX i (a)", "modify constraint"},
    {"ALTER TABLE t ADD KEY (a)", "modify constraint"},
    {"ALTER TABLE t ADD UNIQUE u (a)", "modify constraint"},
    {"ALTER TABLE t ADD PRIMARY KEY (a)", "modify constraint"},
    {"ALTER TABLE t ADD FULLTEXT KEY f (s)", "modify constraint"},
    {"ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES p (id)", "modify constraint"},
    {"ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)", "modify constraint"},
    {"ALTER TABLE t DROP COLUMN c", "drop column"},
    {"ALTER TABLE t DROP c", "drop column"},
    {"ALTER TABLE t DROP INDEX i", "drop index"},
    {"ALTER TABLE t DROP KEY i", "drop index"},
    {"ALTER TABLE t DROP PRIMARY KEY", "drop primary key"},
    {"ALTER TABLE t DROP FOREIGN KEY fk", "alter table"},
    {"ALTER TABLE t DROP CHECK c", "alter table"},
    {"ALTER TABLE t DROP CONSTRAINT c", "alter table"},
    {"ALTER TABLE t MODIFY c BIGINT", "alter table"},       /* no tracker */
    {"ALTER TABLE t CHANGE c d VARCHAR(3)", "alter table"}, /* no tracker */
    {"ALTER TABLE t RENAME COLUMN a TO b", "rename column"},
    {"ALTER TABLE t RENAME INDEX a TO b", "rename index"},
    {"ALTER TABLE t RENAME KEY a TO b", "rename index"},
    {"ALTER TABLE t RENAME TO t2", "rename table"},
    {"ALTER TABLE t RENAME AS db2.t2", "rename table"},
    {"ALTER TABLE t ALTER COLUMN a SET DEFAULT 1", "modify default value"},
    {"ALTER TABLE t ALTER a DROP DEFAULT", "modify default value"},
    {"ALTER TABLE t ALTER INDEX i INVISIBLE", "alter table"},
    {"ALTER TABLE t ALTER CHECK c NOT ENFORCED", "alter table"},
    {"ALTER TABLE t ENGINE = InnoDB", "modify storage engine"},
    {"ALTER TABLE t DEFAULT CHARSET = utf8mb4", "modify charset"},
    {"ALTER TABLE t CHARACTER SET latin1", "modify charset"},
    {"ALTER TABLE t COLLATE = utf8mb4_bin", "modify collation"},
    {"ALTER TABLE t COMMENT = 'x'", "alter table"},
    {"ALTER TABLE t AUTO_INCREMENT = 100", "alter table"},
    {"ALTER TABLE t ROW_FORMAT = COMPRESSED", "alter table"},
    {"ALTER TABLE t COMMENT 'x' ENGINE = InnoDB", "modify storage engine"}, /* one option list */
    {"ALTER TABLE t ENGINE = InnoDB DEFAULT CHARSET = latin1", "modify storage engine"},
    {"ALTER TABLE t COMMENT = 'x', ENGINE = InnoDB", "alter table, modify storage engine"},
    {"ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4", "modify charset"},
    {"ALTER TABLE t CONVERT TO CHARACTER SET latin1 COLLATE latin1_bin", "modify charset"},
    {"ALTER TABLE t ADD COLUMN c INT, ALGORITHM = INPLACE, LOCK = NONE",
     "alter table, alter table, alter table"},
    {"ALTER TABLE t FORCE", "alter table"},
    {"ALTER TABLE t ORDER BY a", "alter table"},
    {"ALTER TABLE t DISABLE KEYS", "alter table"},
    {"ALTER TABLE t ENABLE KEYS", "alter table"},
    {"ALTER TABLE t DISCARD TABLESPACE", "alter table"},
    {"ALTER TABLE t IMPORT TABLESPACE", "alter table"},
    {"ALTER TABLE t ADD PARTITION (PARTITION p3 VALUES LESS THAN (30))", "alter table"},
    {"ALTER TABLE t DROP PARTITION p1, p2", "drop table partition"},
    {"ALTER TABLE t TRUNCATE PARTITION p1", "truncate table partition"},
    {"ALTER TABLE t TRUNCATE PARTITION ALL", "truncate table partition"},
    {"ALTER TABLE t COALESCE PARTITION 2", "coalesce table partition"},
    {"ALTER TABLE t REORGANIZE PARTITION p1 INTO (PARTITION p1a VALUES LESS THAN (5), "
     "PARTITION p1b VALUES LESS THAN (10))",
     "reorganize table partition"},
    {"ALTER TABLE t EXCHANGE PARTITION p1 WITH TABLE t2", "exchange table partition"},
    {"ALTER TABLE t REBUILD PARTITION p1", "rebuild table partition"},
    {"ALTER TABLE t OPTIMIZE PARTITION p1", "alter table"},
    {"ALTER TABLE t CHECK PARTITION p1", "alter table"},
    {"ALTER TABLE t REPAIR PARTITION p1", "alter table"},
    {"ALTER TABLE t REMOVE PARTITIONING", "alter table"},
    {"ALTER TABLE t PARTITION BY HASH (a) PARTITIONS 4", "alter table"},
    {"ALTER TABLE t ADD SYSTEM VERSIONING", "alter table"},
};

static void test_alter_specs(void **state)
{
    (void)state;
    run_event_cases(alter_cases, sizeof alter_cases / sizeof *alter_cases, NULL, NULL);
}

/* ---- MODIFY / CHANGE COLUMN against the tracker ---- */

static const char old_table[] =
    "CREATE TABLE t ("
    " id INT NOT NULL AUTO_INCREMENT,"
    " d DECIMAL(10,2), e ENUM('a','b','c'), s SET('x','y'),"
    " i INT, iu INT UNSIGNED, si SMALLINT, bi BIGINT,"
    " b BINARY(8), c CHAR(10), v VARCHAR(20), vb VARBINARY(20), tx TEXT,"
    " f FLOAT(7,3), dt DATETIME(3), dd DATE DEFAULT '2020-01-01', j JSON,"
    " u VARCHAR(10) NOT NULL, m1 INT, m2 INT, k INT,"
    " df INT DEFAULT 0, dx DECIMAL(6,2) DEFAULT 1.5, de ENUM('a','b') DEFAULT 'b',"
    " dexpr VARCHAR(36) DEFAULT (uuid()), ts TIMESTAMP(3) NULL DEFAULT CURRENT_TIMESTAMP(3),"
    " cs VARCHAR(10) CHARACTER SET latin1, co VARCHAR(10) COLLATE utf8mb4_general_ci,"
    " vbin VARCHAR(10) BINARY, srl SERIAL,"
    " PRIMARY KEY (id), UNIQUE KEY uk (u), UNIQUE KEY uk2 (m1, m2), KEY ik (k)"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

typedef struct tracker {
    const bs_ddl_stmt *create;
    int lookups;
} tracker;

static int lookup(void *ctx, const char *schema, const char *table, const char *column,
                  bs_rules_old_column *out)
{
    tracker *t = ctx;
    t->lookups++;
    assert_string_equal(schema, "db");
    assert_string_equal(table, "t");
    return bs_rules_old_column_from_create(t->create, column, out);
}

static const ev_case modify_cases[] = {
    /* same type: DECIMAL, any change */
    {"ALTER TABLE t MODIFY d DECIMAL(12,2)", "precision decrease"}, /* even widening */
    {"ALTER TABLE t MODIFY d DECIMAL(10,3)", "precision decrease"},
    {"ALTER TABLE t MODIFY d DECIMAL(10,2) UNSIGNED", "precision decrease"},
    {"ALTER TABLE t MODIFY d DECIMAL(10,2)", "alter table"},
    /* ENUM / SET: appending only */
    {"ALTER TABLE t MODIFY e ENUM('a','b','c','d')", "alter table"},
    {"ALTER TABLE t MODIFY e ENUM('a','c')", "value range decrease"},
    {"ALTER TABLE t MODIFY e ENUM('b','a','c')", "value range decrease"},
    {"ALTER TABLE t MODIFY s SET('x','y','z')", "alter table"},
    {"ALTER TABLE t MODIFY s SET('y','x')", "value range decrease"},
    /* same integer type: only signedness */
    {"ALTER TABLE t MODIFY i INT UNSIGNED", "precision decrease"},
    {"ALTER TABLE t MODIFY iu INT", "precision decrease"},
    {"ALTER TABLE t MODIFY i INT(5)", "alter table"},
    /* CHAR/BINARY: only binary strings whose length changes */
    {"ALTER TABLE t MODIFY b BINARY(16)", "precision decrease"},
    {"ALTER TABLE t MODIFY b BINARY(4)", "precision decrease"},
    {"ALTER TABLE t MODIFY b BINARY(8)", "alter table"},
    {"ALTER TABLE t MODIFY c CHAR(5)", "alter table"}, /* non-binary CHAR shrink: not flagged */
    /* other same types: shorter, fewer decimals, sign flip */
    {"ALTER TABLE t MODIFY v VARCHAR(10)", "value range decrease"},
    {"ALTER TABLE t MODIFY v VARCHAR(30)", "alter table"},
    {"ALTER TABLE t MODIFY vb VARBINARY(10)", "value range decrease"},
    {"ALTER TABLE t MODIFY f FLOAT(7,2)", "value range decrease"},
    {"ALTER TABLE t MODIFY f FLOAT(6,3)", "value range decrease"},
    {"ALTER TABLE t MODIFY f FLOAT(8,3)", "alter table"},
    {"ALTER TABLE t MODIFY f FLOAT(7,3) UNSIGNED", "value range decrease"},
    {"ALTER TABLE t MODIFY dt DATETIME", "value range decrease"},
    {"ALTER TABLE t MODIFY dt DATETIME(6)", "alter table"},
    {"ALTER TABLE t MODIFY tx TEXT", "alter table"},
    {"ALTER TABLE t MODIFY j JSON", "alter table"},
    /* different types */
    {"ALTER TABLE t MODIFY v CHAR(20)", "modify column"},   /* VARCHAR -> CHAR */
    {"ALTER TABLE t MODIFY c VARCHAR(20)", "alter table"},  /* CHAR -> VARCHAR: new collations
                                                               are off in dm-worker */
    {"ALTER TABLE t MODIFY c VARCHAR(5)", "modify column"}, /* ... unless it shrinks */
    {"ALTER TABLE t MODIFY tx VARCHAR(100)", "modify column"},
    {"ALTER TABLE t MODIFY v TEXT", "alter table"},
    {"ALTER TABLE t MODIFY v MEDIUMTEXT", "alter table"},
    {"ALTER TABLE t MODIFY vb BLOB", "alter table"},
    {"ALTER TABLE t MODIFY v TINYTEXT", "alter table"},    /* 255 >= 20 */
    {"ALTER TABLE t MODIFY tx TEXT(50)", "modify column"}, /* 50 x 4 bytes: TINYTEXT in TiDB */
    {"ALTER TABLE t MODIFY tx TEXT(100)", "alter table"},  /* 100 x 4 bytes: TEXT */
    {"ALTER TABLE t MODIFY bi INT", "value range decrease"},
    {"ALTER TABLE t MODIFY i BIGINT", "alter table"},
    {"ALTER TABLE t MODIFY i MEDIUMINT", "value range decrease"},
    {"ALTER TABLE t MODIFY si INT UNSIGNED", "value range decrease"},
    {"ALTER TABLE t MODIFY iu BIGINT", "value range decrease"}, /* sign flip */
    {"ALTER TABLE t MODIFY i VARCHAR(10)", "modify column"},
    {"ALTER TABLE t MODIFY i DECIMAL(20,0)", "modify column"},
    {"ALTER TABLE t MODIFY dt DATE", "modify column"},
    {"ALTER TABLE t MODIFY dd DATETIME", "modify column"},
    {"ALTER TABLE t MODIFY f DOUBLE", "modify column"},
    {"ALTER TABLE t MODIFY j TEXT", "modify column"},
    {"ALTER TABLE t MODIFY e VARCHAR(10)", "modify column"},
    {"ALTER TABLE t MODIFY v ENUM('a')", "modify column"},
    /* not flagged so far: the chain, in its order */
    {"ALTER TABLE t MODIFY id INT NOT NULL", "remove auto increment"},
    {"ALTER TABLE t MODIFY id BIGINT NOT NULL", "remove auto increment"},
    {"ALTER TABLE t MODIFY id INT NOT NULL AUTO_INCREMENT", "drop primary key"},
    {"ALTER TABLE t MODIFY id INT UNSIGNED NOT NULL", "precision decrease"}, /* type first */
    {"ALTER TABLE t MODIFY u VARCHAR(10) NOT NULL", "drop unique key"},
    {"ALTER TABLE t MODIFY m1 INT", "alter table"}, /* a two-column unique key: no flag */
    {"ALTER TABLE t MODIFY k INT", "alter table"},  /* a plain index: no flag */
    {"ALTER TABLE t MODIFY srl BIGINT UNSIGNED NOT NULL", "remove auto increment"},
    {"ALTER TABLE t MODIFY df INT DEFAULT 1", "modify default value"},
    {"ALTER TABLE t MODIFY df INT", "modify default value"},
    {"ALTER TABLE t MODIFY df INT DEFAULT 0", "alter table"},
    {"ALTER TABLE t MODIFY df INT DEFAULT '0'", "alter table"},
    {"ALTER TABLE t MODIFY df INT DEFAULT 0.4", "alter table"}, /* rounds to 0 */
    {"ALTER TABLE t MODIFY df INT DEFAULT 0.5", "modify default value"},
    {"ALTER TABLE t MODIFY df BIGINT DEFAULT 0", "alter table"},
    {"ALTER TABLE t MODIFY dx DECIMAL(6,2) DEFAULT '1.50'", "alter table"},
    {"ALTER TABLE t MODIFY dx DECIMAL(6,2) DEFAULT 1.504", "alter table"},
    {"ALTER TABLE t MODIFY dx DECIMAL(6,2) DEFAULT 1.505", "modify default value"},
    {"ALTER TABLE t MODIFY de ENUM('a','b') DEFAULT 'B'", "alter table"},
    {"ALTER TABLE t MODIFY de ENUM('a','b') DEFAULT 2", "alter table"},
    {"ALTER TABLE t MODIFY de ENUM('a','b') DEFAULT 'a'", "modify default value"},
    {"ALTER TABLE t MODIFY dd DATE DEFAULT '2020-1-1'", "alter table"},
    {"ALTER TABLE t MODIFY dd DATE DEFAULT '2020-01-02'", "modify default value"},
    {"ALTER TABLE t MODIFY dd DATE NULL", "modify default value"},
    {"ALTER TABLE t MODIFY dexpr VARCHAR(36) DEFAULT (UUID())", "alter table"},
    {"ALTER TABLE t MODIFY dexpr VARCHAR(36) DEFAULT (uuid_short())", "modify default value"},
    {"ALTER TABLE t MODIFY ts TIMESTAMP(3) NULL DEFAULT CURRENT_TIMESTAMP(3)", "alter table"},
    {"ALTER TABLE t MODIFY ts TIMESTAMP(3) NULL DEFAULT NOW(3) ON UPDATE NOW(3)", "alter table"},
    {"ALTER TABLE t MODIFY ts TIMESTAMP(3) NULL", "modify default value"},
    {"ALTER TABLE t MODIFY cs VARCHAR(10)", "modify charset"},
    {"ALTER TABLE t MODIFY cs VARCHAR(10) CHARACTER SET latin1", "alter table"},
    {"ALTER TABLE t MODIFY cs VARCHAR(10) COLLATE latin1_bin", "alter table"},
    {"ALTER TABLE t MODIFY cs VARCHAR(10) COLLATE latin1_swedish_ci", "modify collation"},
    {"ALTER TABLE t MODIFY co VARCHAR(10)", "modify collation"},
    {"ALTER TABLE t MODIFY co VARCHAR(10) COLLATE utf8mb4_general_ci", "alter table"},
    {"ALTER TABLE t MODIFY c CHAR(10) CHARACTER SET utf8mb4", "alter table"},
    {"ALTER TABLE t MODIFY c CHAR(10) CHARSET utf8mb3", "modify charset"},
    {"ALTER TABLE t MODIFY vbin VARCHAR(10) BINARY", "alter table"},
    {"ALTER TABLE t MODIFY vbin VARCHAR(10)", "alter table"}, /* utf8mb4_bin either way */
    {"ALTER TABLE t MODIFY co VARCHAR(10) BINARY", "modify collation"},
    {"ALTER TABLE t MODIFY k INT FIRST", "modify columns order"},
    {"ALTER TABLE t MODIFY k INT AFTER i", "modify columns order"},
    {"ALTER TABLE t CHANGE k k2 INT", "rename column"},
    {"ALTER TABLE t CHANGE k K INT", "alter table"}, /* names compare case-insensitively */
    {"ALTER TABLE t CHANGE k k2 INT FIRST", "modify columns order"},
    {"ALTER TABLE t CHANGE v v2 VARCHAR(10)", "value range decrease"},
    {"ALTER TABLE t CHANGE COLUMN k k INT COMMENT 'x'", "alter table"},
    {"ALTER TABLE t MODIFY k INT NOT NULL", "alter table"},
    /* what TiDB's MODIFY COLUMN code rejects makes DM answer `alter table` */
    {"ALTER TABLE t MODIFY k INT PRIMARY KEY", "alter table"},
    {"ALTER TABLE t MODIFY k INT UNIQUE", "alter table"},
    {"ALTER TABLE t MODIFY k INT CHECK (k > 0)", "alter table"},
    {"ALTER TABLE t MODIFY k INT REFERENCES p (id)", "alter table"},
    {"ALTER TABLE t MODIFY k SERIAL", "alter table"},
    {"ALTER TABLE t MODIFY i BIGINT DEFAULT 'abc'", "alter table"},
    {"ALTER TABLE t MODIFY i TINYINT DEFAULT 300", "alter table"},
    {"ALTER TABLE t MODIFY i INT UNSIGNED DEFAULT -1", "alter table"},
    {"ALTER TABLE t MODIFY tx TEXT DEFAULT 'x'", "alter table"},
    {"ALTER TABLE t MODIFY k INT NOT NULL DEFAULT NULL", "alter table"},
    {"ALTER TABLE t MODIFY k INT AUTO_INCREMENT DEFAULT 1", "alter table"},
    {"ALTER TABLE t MODIFY k INT ON UPDATE CURRENT_TIMESTAMP", "alter table"},
    {"ALTER TABLE t MODIFY de ENUM('a','b') DEFAULT 'z'", "alter table"},
    {"ALTER TABLE t MODIFY ts TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP", "alter table"}, /* fsp */
    {"ALTER TABLE t MODIFY c CHAR(10) CHARACTER SET ucs2", "alter table"},
    {"ALTER TABLE t MODIFY c CHAR(10) CHARACTER SET latin1 COLLATE utf8mb4_bin", "alter table"},
    /* a column the tracker does not know */
    {"ALTER TABLE t MODIFY nosuch BIGINT", "alter table"},
    {"ALTER TABLE t CHANGE nosuch v VARCHAR(1)", "alter table"},
};

static void test_modify_column(void **state)
{
    (void)state;
    bs_ddl_parser *p;
    bs_error err;
    const bs_ddl_stmt *create;
    assert_int_equal(bs_ddl_parser_new(&p, &err), 0);
    if (bs_ddl_parse(p, old_table, strlen(old_table), NULL, &create, &err))
        fail_msg("old table: %s", err.message);
    tracker t = {create, 0};
    run_event_cases(modify_cases, sizeof modify_cases / sizeof *modify_cases, lookup, &t);
    assert_int_equal(t.lookups, (int)(sizeof modify_cases / sizeof *modify_cases));
    bs_ddl_parser_free(p);
}

/* The key flags and charsets bs_rules_old_column_from_create reads. */
static void test_old_column_from_create(void **state)
{
    (void)state;
    bs_ddl_parser *p;
    bs_error err;
    const bs_ddl_stmt *create;
    bs_rules_old_column o;
    assert_int_equal(bs_ddl_parser_new(&p, &err), 0);
    assert_int_equal(bs_ddl_parse(p, old_table, strlen(old_table), NULL, &create, &err), 0);
    assert_int_equal(bs_rules_old_column_from_create(create, "ID", &o), 1);
    assert_int_equal(o.flags, BS_OLDCOL_PRIMARY_KEY);
    assert_string_equal(o.table_charset, "utf8mb4");
    assert_string_equal(o.table_collate, "");
    assert_int_equal(bs_rules_old_column_from_create(create, "u", &o), 1);
    assert_int_equal(o.flags, BS_OLDCOL_UNIQUE_KEY);
    assert_int_equal(bs_rules_old_column_from_create(create, "m1", &o), 1);
    assert_int_equal(o.flags, 0);
    assert_int_equal(bs_rules_old_column_from_create(create, "srl", &o), 1);
    assert_int_equal(o.flags, BS_OLDCOL_UNIQUE_KEY); /* SERIAL is UNIQUE */
    assert_int_equal(bs_rules_old_column_from_create(create, "nosuch", &o), 0);
    assert_null(o.column);
    const char *c2 = "CREATE TABLE t2 (a INT PRIMARY KEY, b INT UNIQUE KEY, c INT, "
                     "PRIMARY KEY (c, a)) COLLATE utf8mb4_unicode_ci";
    assert_int_equal(bs_ddl_parse(p, c2, strlen(c2), NULL, &create, &err), 0);
    assert_int_equal(bs_rules_old_column_from_create(create, "a", &o), 1);
    assert_int_equal(o.flags, BS_OLDCOL_PRIMARY_KEY);
    assert_string_equal(o.table_collate, "utf8mb4_unicode_ci");
    assert_int_equal(bs_rules_old_column_from_create(create, "b", &o), 1);
    assert_int_equal(o.flags, BS_OLDCOL_UNIQUE_KEY);
    assert_int_equal(bs_rules_old_column_from_create(create, "c", &o), 1);
    assert_int_equal(o.flags, BS_OLDCOL_PRIMARY_KEY);
    const char *v = "CREATE VIEW v AS SELECT 1";
    assert_int_equal(bs_ddl_parse(p, v, strlen(v), NULL, &create, &err), 0);
    assert_int_equal(bs_rules_old_column_from_create(create, "a", &o), 0);
    bs_ddl_parser_free(p);
}

/* The table's and the database's charsets decide a column without its own:
 * the tracker's table utf8mb4, a new column of a latin1 table is latin1. */
static int latin1_lookup(void *ctx, const char *schema, const char *table, const char *column,
                         bs_rules_old_column *out)
{
    (void)schema, (void)table;
    int found = bs_rules_old_column_from_create(ctx, column, out);
    snprintf(out->table_charset, sizeof out->table_charset, "LATIN1");
    return found;
}

static void test_table_charset(void **state)
{
    (void)state;
    bs_ddl_parser *p;
    bs_error err;
    const bs_ddl_stmt *create;
    assert_int_equal(bs_ddl_parser_new(&p, &err), 0);
    const char *c = "CREATE TABLE t (v VARCHAR(10), w VARCHAR(10) CHARACTER SET utf8mb4)";
    assert_int_equal(bs_ddl_parse(p, c, strlen(c), NULL, &create, &err), 0);
    static const ev_case cases[] = {
        {"ALTER TABLE t MODIFY v VARCHAR(10)", "alter table"},
        {"ALTER TABLE t MODIFY v VARCHAR(10) COLLATE latin1_bin", "alter table"},
        {"ALTER TABLE t MODIFY v VARCHAR(10) CHARACTER SET utf8mb4", "modify charset"},
        {"ALTER TABLE t MODIFY w VARCHAR(10)", "modify charset"},
        {"ALTER TABLE t MODIFY w VARCHAR(10) COLLATE utf8mb4_bin", "alter table"},
    };
    run_event_cases(cases, sizeof cases / sizeof *cases, latin1_lookup, (void *)create);
    bs_ddl_parser_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statement_kinds), cmocka_unit_test(test_alter_specs),
        cmocka_unit_test(test_modify_column),   cmocka_unit_test(test_old_column_from_create),
        cmocka_unit_test(test_table_charset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
