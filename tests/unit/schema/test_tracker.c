/*
 * test_tracker.c - the schema tracker applying DM's split DDL statements:
 * every statement kind and ALTER specification it models, column order with
 * FIRST/AFTER, keys following renames and drops, DM's 44006 failures
 * leaving the table unchanged, RENAME across schemas, DROP DATABASE,
 * CREATE TABLE LIKE and lower_case_table_names folding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "binsift/tracker.h"
#include "binsift/value.h"

typedef struct fixture {
    bs_schema_tracker *t;
    bs_ddl_parser *p;
    bs_error err;
} fixture;

static int setup_with(void **state, int lower)
{
    static fixture f;
    memset(&f, 0, sizeof f);
    assert_int_equal(bs_schema_tracker_new(lower, &f.t, &f.err), 0);
    assert_int_equal(bs_ddl_parser_new(&f.p, &f.err), 0);
    *state = &f;
    return 0;
}

static int setup(void **state)
{
    return setup_with(state, 0);
}

static int setup_lower(void **state)
{
    return setup_with(state, 1);
}

static int teardown(void **state)
{
    fixture *f = *state;
    bs_schema_tracker_free(f->t);
    bs_ddl_parser_free(f->p);
    return 0;
}

/* Parse, split (current database db) and apply every split statement;
 * returns the first failure. */
static int run(fixture *f, const char *db, const char *sql)
{
    const bs_ddl_stmt *st;
    const bs_ddl_split_stmt *s;
    uint32_t n;
    int rc = bs_ddl_parse(f->p, sql, strlen(sql), NULL, &st, &f->err);
    if (rc) return rc;
    rc = bs_ddl_split(f->p, st, db, strlen(db), 0, &s, &n, &f->err);
    for (uint32_t i = 0; !rc && i < n; i++)
        rc = bs_schema_tracker_apply(f->t, &s[i], BS_SCHEMA_FROM_BINLOG, &f->err);
    return rc;
}

static void ok(fixture *f, const char *sql)
{
    int rc = run(f, "db", sql);
    if (rc) fail_msg("%s: %s", sql, f->err.message);
}

static void cannot_track(fixture *f, const char *sql)
{
    assert_int_equal(run(f, "db", sql), BS_EINVAL);
    assert_int_equal(f->err.dm_code, 44006);
    assert_non_null(strstr(f->err.message, "cannot track DDL"));
}

static const bs_schema_table *get(fixture *f, const char *schema, const char *table)
{
    return bs_schema_tracker_find(f->t, schema, strlen(schema), table, strlen(table));
}

/* "a,b,c": the column names in order. */
static void assert_columns(const bs_schema_table *t, const char *want)
{
    char got[512] = "";
    for (uint32_t i = 0; i < t->ncols; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? "," : "",
                 t->cols[i].name);
    assert_string_equal(got, want);
}

/* "PRIMARY(a);u(b,c)": keys with their columns, in the tracker's order. */
static void assert_keys(const bs_schema_table *t, const char *want)
{
    char got[512] = "";
    for (uint32_t k = 0; k < t->nkeys; k++) {
        const bs_schema_key *key = &t->keys[k];
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s(", k ? ";" : "", key->name);
        for (uint32_t i = 0; i < key->ncols; i++)
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? "," : "",
                     t->cols[key->cols[i]].name);
        snprintf(got + strlen(got), sizeof got - strlen(got), ")");
    }
    assert_string_equal(got, want);
}

static void test_create_table(void **state)
{
    fixture *f = *state;
    ok(f, "CREATE TABLE t (id INT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(20) "
          "CHARACTER SET latin1 DEFAULT 'x', price DECIMAL(10,2), ts DATETIME(3) NULL, "
          "code CHAR(4) UNIQUE, k INT DEFAULT -5, e ENUM('a','B'), b BLOB, "
          "KEY (k), UNIQUE KEY uk (name, k), PRIMARY KEY (id)) DEFAULT CHARSET=utf8mb4 "
          "COLLATE=utf8mb4_general_ci");
    const bs_schema_table *t = get(f, "db", "t");
    assert_non_null(t);
    assert_string_equal(t->schema, "db");
    assert_int_equal(t->origin, BS_SCHEMA_FROM_BINLOG);
    assert_string_equal(t->charset, "utf8mb4");
    assert_string_equal(t->collate, "utf8mb4_general_ci");
    assert_columns(t, "id,name,price,ts,code,k,e,b");
    assert_keys(t, "PRIMARY(id);code(code);uk(name,k);k(k)");
    assert_true(t->keys[0].primary && t->keys[0].unique);
    assert_true(!t->keys[2].primary && t->keys[2].unique);
    assert_true(!t->keys[3].unique);

    const bs_schema_column *c = t->cols;
    assert_int_equal(c[0].type, BS_TYPE_LONG);
    assert_true(c[0].is_unsigned && c[0].not_null && c[0].auto_increment && !c[0].has_default);
    assert_string_equal(c[0].type_text, "int unsigned");
    assert_int_equal(c[0].key_flags, BS_OLDCOL_PRIMARY_KEY);
    assert_int_equal(c[1].type, BS_TYPE_VARCHAR);
    assert_int_equal(c[1].length, 20);
    assert_true(c[1].has_default && !c[1].not_null);
    assert_string_equal(c[1].default_text, "'x'");
    assert_int_equal(c[1].collation, bs_rules_expr_collation_id("latin1_bin"));
    assert_int_equal(c[1].key_flags, 0); /* only in a two-column unique key */
    assert_int_equal(c[2].type, BS_TYPE_NEWDECIMAL);
    assert_int_equal(c[2].precision, 10);
    assert_int_equal(c[2].scale, 2);
    assert_string_equal(c[2].type_text, "decimal(10,2)");
    assert_int_equal(c[3].type, BS_TYPE_DATETIME2);
    assert_int_equal(c[3].scale, 3);
    assert_int_equal(c[4].type, BS_TYPE_STRING);
    assert_int_equal(c[4].length, 4);
    assert_int_equal(c[4].key_flags, BS_OLDCOL_UNIQUE_KEY);
    assert_int_equal(c[4].collation, bs_rules_expr_collation_id("utf8mb4_general_ci"));
    assert_string_equal(c[5].default_text, "-5");
    assert_int_equal(c[6].type, BS_TYPE_ENUM);
    assert_int_equal(c[6].n_members, 2);
    assert_string_equal(c[6].members[1], "B");
    assert_string_equal(c[6].type_text, "enum('a','B')");
    assert_int_equal(c[7].type, BS_TYPE_BLOB);
    assert_int_equal(c[7].collation, BS_CHARSET_BINARY);

    /* DM adds IF NOT EXISTS: a second CREATE changes nothing */
    uint64_t v = t->version;
    ok(f, "CREATE TABLE t (x INT)");
    assert_int_equal(get(f, "db", "t")->version, v);
    assert_int_equal(bs_schema_tracker_count(f->t), 1);
}

static void test_inline_keys_and_names(void **state)
{
    fixture *f = *state;
    ok(f, "CREATE TABLE t (a INT PRIMARY KEY, b INT UNIQUE KEY, c INT, INDEX (b), INDEX (b, c), "
          "CONSTRAINT cu UNIQUE (c))");
    const bs_schema_table *t = get(f, "db", "t");
    assert_keys(t, "PRIMARY(a);b(b);cu(c);b_2(b);b_3(b,c)");
    assert_true(t->cols[0].not_null);
    ok(f, "CREATE TABLE s (id SERIAL, v INT)");
    t = get(f, "db", "s");
    assert_keys(t, "id(id)");
    assert_true(t->cols[0].not_null && t->cols[0].auto_increment && t->cols[0].is_unsigned);
    assert_int_equal(t->cols[0].type, BS_TYPE_LONGLONG);
}

static void test_add_drop_columns(void **state)
{
    fixture *f = *state;
    ok(f, "CREATE TABLE t (a INT, b INT)");
    ok(f, "ALTER TABLE t ADD COLUMN c INT, ADD d INT FIRST, ADD COLUMN e INT AFTER a");
    assert_columns(get(f, "db", "t"), "d,a,e,b,c");
    ok(f, "ALTER TABLE t ADD COLUMN (f INT, g TEXT)");
    assert_columns(get(f, "db", "t"), "d,a,e,b,c,f,g");
    ok(f, "ALTER TABLE t DROP COLUMN e, DROP d");
    assert_columns(get(f, "db", "t"), "a,b,c,f,g");
    ok(f, "ALTER TABLE t ADD COLUMN IF NOT EXISTS a BIGINT, DROP COLUMN IF EXISTS zz");
    assert_int_equal(get(f, "db", "t")->cols[0].type, BS_TYPE_LONG);
    ok(f, "ALTER TABLE t ADD COLUMN h INT PRIMARY KEY AFTER a");
    const bs_schema_table *t = get(f, "db", "t");
    assert_columns(t, "a,h,b,c,f,g");
    assert_keys(t, "PRIMARY(h)");
    assert_true(t->cols[1].not_null);
}

static void test_modify_change_rename(void **state)
{
    fixture *f = *state;
    ok(f, "CREATE TABLE t (id INT NOT NULL, a INT, b VARCHAR(10), PRIMARY KEY (id), KEY ka (a, "
          "id))");
    ok(f, "ALTER TABLE t MODIFY a BIGINT NOT NULL DEFAULT 7 FIRST");
    const bs_schema_table *t = get(f, "db", "t");
    assert_columns(t, "a,id,b");
    assert_int_equal(t->cols[0].type, BS_TYPE_LONGLONG);
    assert_true(t->cols[0].not_null && t->cols[0].has_default);
    assert_string_equal(t->cols[0].default_text, "7");
    assert_keys(t, "PRIMARY(id);ka(a,id)");

    /* CHANGE renaming the primary key column: the keys follow */
    ok(f, "ALTER TABLE t CHANGE id uid BIGINT UNSIGNED AFTER b");
    t = get(f, "db", "t");
    assert_columns(t, "a,b,uid");
    assert_keys(t, "PRIMARY(uid);ka(a,uid)");
    assert_true(t->cols[2].not_null); /* still a primary key column */
    assert_int_equal(t->cols[2].key_flags, BS_OLDCOL_PRIMARY_KEY);
    assert_string_equal(t->cols[2].type_text, "bigint unsigned");

    ok(f, "ALTER TABLE t RENAME COLUMN b TO c");
    assert_columns(get(f, "db", "t"), "a,c,uid");
    ok(f, "ALTER TABLE t ALTER COLUMN c SET DEFAULT 'z'");
    t = get(f, "db", "t");
    assert_true(t->cols[1].has_default);
    assert_string_equal(t->cols[1].default_text, "'z'");
    ok(f, "ALTER TABLE t ALTER COLUMN a DROP DEFAULT");
    t = get(f, "db", "t");
    assert_false(t->cols[0].has_default);
    assert_null(t->cols[0].default_text);

    /* DROP COLUMN removes it from keys; a key left empty goes */
    ok(f, "ALTER TABLE t DROP COLUMN a");
    assert_keys(get(f, "db", "t"), "PRIMARY(uid);ka(uid)");
    ok(f, "ALTER TABLE t ADD COLUMN x INT, ADD KEY kx (x)");
    ok(f, "ALTER TABLE t DROP COLUMN x");
    assert_keys(get(f, "db", "t"), "PRIMARY(uid);ka(uid)");
}

static void test_keys(void **state)
{
    fixture *f = *state;
    ok(f, "CREATE TABLE t (a INT, b INT, c INT)");
    ok(f, "ALTER TABLE t ADD PRIMARY KEY (a, b)");
    const bs_schema_table *t = get(f, "db", "t");
    assert_true(t->cols[0].not_null && t->cols[1].not_null && !t->cols[2].not_null);
    assert_int_equal(t->cols[1].key_flags, BS_OLDCOL_PRIMARY_KEY);
    ok(f, "ALTER TABLE t ADD UNIQUE INDEX uc (c), ADD INDEX (b)");
    ok(f, "CREATE INDEX ic ON t (c, a)");
    assert_keys(get(f, "db", "t"), "PRIMARY(a,b);uc(c);b(b);ic(c,a)");
    assert_int_equal(get(f, "db", "t")->cols[2].key_flags, BS_OLDCOL_UNIQUE_KEY);
    ok(f, "ALTER TABLE t RENAME INDEX ic TO ic2");
    ok(f, "DROP INDEX b ON t");
    ok(f, "DROP INDEX missing ON t"); /* DM adds IF EXISTS */
    assert_keys(get(f, "db", "t"), "PRIMARY(a,b);uc(c);ic2(c,a)");
    ok(f, "ALTER TABLE t DROP PRIMARY KEY, DROP INDEX uc");
    t = get(f, "db", "t");
    assert_keys(t, "ic2(c,a)");
    assert_int_equal(t->cols[0].key_flags, 0);
    ok(f, "ALTER TABLE t ADD CONSTRAINT PRIMARY KEY (c)");
    assert_keys(get(f, "db", "t"), "PRIMARY(c);ic2(c,a)");
}

static void test_cannot_track(void **state)
{
    fixture *f = *state;
    ok(f, "CREATE TABLE t (a INT PRIMARY KEY, b INT, KEY kb (b))");
    const bs_schema_table *t = get(f, "db", "t");
    uint64_t v = t->version;
    cannot_track(f, "ALTER TABLE t ADD COLUMN b INT");
    cannot_track(f, "ALTER TABLE t MODIFY zz INT");
    cannot_track(f, "ALTER TABLE t CHANGE zz y INT");
    cannot_track(f, "ALTER TABLE t ADD COLUMN c INT AFTER zz");
    cannot_track(f, "ALTER TABLE t ADD PRIMARY KEY (b)");
    cannot_track(f, "ALTER TABLE t ADD INDEX kb (a)");
    cannot_track(f, "ALTER TABLE t ADD INDEX (zz)");
    cannot_track(f, "ALTER TABLE t ALTER COLUMN zz SET DEFAULT 1");
    cannot_track(f, "ALTER TABLE t RENAME COLUMN zz TO y");
    cannot_track(f, "ALTER TABLE t RENAME COLUMN a TO b");
    cannot_track(f, "ALTER TABLE t ROW_FORMAT=DYNAMIC"); /* not an option TiDB's tracker takes */
    cannot_track(f, "ALTER TABLE t ALTER INDEX nope INVISIBLE");
    cannot_track(f, "ALTER TABLE t RENAME INDEX nope TO x");
    cannot_track(f, "ALTER TABLE t CHANGE b a INT");
    cannot_track(f, "ALTER TABLE nosuch ADD COLUMN x INT");
    cannot_track(f, "CREATE INDEX i ON nosuch (x)");
    cannot_track(f, "RENAME TABLE nosuch TO other");
    cannot_track(f, "CREATE TABLE t2 LIKE nosuch");
    assert_int_equal(get(f, "db", "t")->version, v);
    assert_columns(get(f, "db", "t"), "a,b");
    assert_keys(get(f, "db", "t"), "PRIMARY(a);kb(b)");
    ok(f, "ALTER TABLE t DROP COLUMN b");
    cannot_track(f, "ALTER TABLE t DROP COLUMN a");                       /* the last column */
    assert_int_equal(run(f, "", "CREATE TABLE nodb (a INT)"), BS_EINVAL); /* no current database */
    assert_non_null(strstr(f->err.message, "no database selected"));
    char sql[400] = "CREATE TABLE ";
    memset(sql + strlen(sql), 'x', 300);
    strcat(sql, " (a INT)");
    cannot_track(f, sql);
}

/* Errors DM's syncer ignores (ErrCantDropFieldOrKey): no change, a note. */
static void test_dm_ignores(void **state)
{
    fixture *f = *state;
    ok(f, "CREATE TABLE t (a INT, b INT, KEY kb (b))");
    uint64_t v = get(f, "db", "t")->version;
    assert_int_equal(run(f, "db", "ALTER TABLE t DROP COLUMN zz"), 0);
    assert_non_null(strstr(f->err.message, "DM ignores"));
    assert_int_equal(run(f, "db", "ALTER TABLE t DROP INDEX nope"), 0);
    assert_non_null(strstr(f->err.message, "DM ignores"));
    assert_int_equal(run(f, "db", "ALTER TABLE t DROP PRIMARY KEY"), 0);
    assert_non_null(strstr(f->err.message, "DM ignores"));
    /* and what changes nothing in the tracker */
    ok(f, "CREATE TABLE p (id INT PRIMARY KEY)");
    ok(f, "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES p (id)");
    ok(f, "ALTER TABLE t ADD FULLTEXT INDEX ft (b), ADD CONSTRAINT ck CHECK (a > 0)");
    ok(f, "ALTER TABLE t DROP FOREIGN KEY fk, DROP CHECK ck");
    assert_int_equal(get(f, "db", "t")->version, v);
    assert_keys(get(f, "db", "t"), "kb(b)");
    ok(f, "CREATE TABLE q (a INT, b TEXT, FULLTEXT KEY (b), KEY (a))");
    assert_keys(get(f, "db", "q"), "a(a)");     /* TiDB ignores FULLTEXT in CREATE TABLE */
    ok(f, "CREATE FULLTEXT INDEX fb ON q (b)"); /* ...but makes CREATE FULLTEXT INDEX an index */
    assert_keys(get(f, "db", "q"), "a(a);fb(b)");
    ok(f, "CREATE TABLE s (a INT, b INT) SELECT 1 AS a, 2 AS b");
    assert_columns(get(f, "db", "s"), "a,b");
}

static void test_rename_tables(void **state)
{
    fixture *f = *state;
    ok(f, "CREATE TABLE t (a INT)");
    ok(f, "CREATE TABLE u (b INT)");
    cannot_track(f, "RENAME TABLE t TO other.t2"); /* no such database in the tracker */
    ok(f, "CREATE DATABASE other");
    ok(f, "CREATE DATABASE x");
    ok(f, "RENAME TABLE t TO other.t2, u TO u2");
    assert_null(get(f, "db", "t"));
    assert_columns(get(f, "other", "t2"), "a");
    assert_string_equal(get(f, "other", "t2")->schema, "other");
    assert_columns(get(f, "db", "u2"), "b");
    cannot_track(f, "RENAME TABLE u2 TO other.t2"); /* target exists */
    ok(f, "ALTER TABLE u2 RENAME TO x.u3, ADD COLUMN c INT");
    assert_null(get(f, "db", "u2"));
    assert_columns(get(f, "x", "u3"), "b,c");
    assert_int_equal(bs_schema_tracker_count(f->t), 2);
}

static void test_databases(void **state)
{
    fixture *f = *state;
    ok(f, "CREATE DATABASE d1 CHARACTER SET latin1");
    ok(f, "CREATE TABLE d1.a (s VARCHAR(5))");
    ok(f, "CREATE TABLE d1.b (s VARCHAR(5))");
    ok(f, "CREATE TABLE d2.a (s VARCHAR(5))");
    assert_string_equal(get(f, "d1", "a")->charset, "latin1");
    assert_int_equal(get(f, "d1", "a")->cols[0].collation,
                     bs_rules_expr_collation_id("latin1_bin"));
    ok(f, "TRUNCATE TABLE d1.a");
    assert_non_null(get(f, "d1", "a"));
    ok(f, "DROP DATABASE d1");
    assert_null(get(f, "d1", "a"));
    assert_null(get(f, "d1", "b"));
    assert_non_null(get(f, "d2", "a"));
    assert_int_equal(bs_schema_tracker_count(f->t), 1);
    ok(f, "DROP TABLE d2.a, d2.nothing");
    assert_int_equal(bs_schema_tracker_count(f->t), 0);
}

static void test_create_like_and_charsets(void **state)
{
    fixture *f = *state;
    ok(f, "CREATE TABLE src (id INT PRIMARY KEY, s TEXT) CHARSET latin1");
    ok(f, "CREATE TABLE copy LIKE src");
    const bs_schema_table *t = get(f, "db", "copy");
    assert_columns(t, "id,s");
    assert_keys(t, "PRIMARY(id)");
    assert_string_equal(t->charset, "latin1");
    /* a new default charset leaves existing columns alone; CONVERT changes them */
    ok(f, "ALTER TABLE copy DEFAULT CHARSET utf8mb4, ADD COLUMN n VARCHAR(3)");
    t = get(f, "db", "copy");
    assert_int_equal(t->cols[1].collation, bs_rules_expr_collation_id("latin1_bin"));
    assert_int_equal(t->cols[2].collation, bs_rules_expr_collation_id("utf8mb4_bin"));
    ok(f, "ALTER TABLE copy CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
    t = get(f, "db", "copy");
    assert_int_equal(t->cols[1].collation, bs_rules_expr_collation_id("utf8mb4_general_ci"));
    assert_string_equal(t->collate, "utf8mb4_general_ci");
    /* the source is untouched */
    assert_int_equal(get(f, "db", "src")->cols[1].collation,
                     bs_rules_expr_collation_id("latin1_bin"));
}

static void test_unchanged_kinds(void **state)
{
    fixture *f = *state;
    ok(f, "CREATE TABLE t (a INT)");
    uint64_t v = get(f, "db", "t")->version;
    ok(f, "ALTER TABLE t ENGINE=InnoDB, ALGORITHM=INPLACE, LOCK=NONE");
    ok(f, "ALTER TABLE t COMMENT 'x', FORCE");
    ok(f, "CREATE TEMPORARY TABLE tmp (z INT)");
    assert_int_equal(get(f, "db", "t")->version, v);
    assert_null(get(f, "db", "tmp"));
}

static void test_lower_case_names(void **state)
{
    fixture *f = *state;
    ok(f, "CREATE TABLE Db.MyTable (Col INT)");
    const bs_schema_table *t = get(f, "db", "mytable");
    assert_non_null(t);
    assert_string_equal(t->schema, "db");
    assert_string_equal(t->name, "mytable");
    assert_ptr_equal(get(f, "DB", "MYTABLE"), t);
    assert_string_equal(t->cols[0].name, "Col"); /* column names keep their case */
    ok(f, "ALTER TABLE DB.MYTABLE ADD COLUMN d INT, DROP COLUMN col");
    assert_columns(get(f, "db", "mytable"), "d");
}

static void test_exact_case_names(void **state)
{
    fixture *f = *state;
    ok(f, "CREATE TABLE Db.MyTable (Col INT)");
    assert_null(get(f, "db", "mytable"));
    assert_non_null(get(f, "Db", "MyTable"));
}

static void test_many_tables(void **state)
{
    fixture *f = *state;
    char sql[128];
    for (int i = 0; i < 300; i++) {
        snprintf(sql, sizeof sql, "CREATE TABLE t%d (a INT)", i);
        ok(f, sql);
    }
    for (int i = 0; i < 300; i += 2) {
        snprintf(sql, sizeof sql, "DROP TABLE t%d", i);
        ok(f, sql);
    }
    assert_int_equal(bs_schema_tracker_count(f->t), 150);
    for (int i = 0; i < 300; i++) {
        snprintf(sql, sizeof sql, "t%d", i);
        if (i % 2)
            assert_non_null(get(f, "db", sql));
        else
            assert_null(get(f, "db", sql));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inline_keys_and_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_drop_columns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_modify_change_rename, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cannot_track, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dm_ignores, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rename_tables, setup, teardown),
        cmocka_unit_test_setup_teardown(test_databases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_like_and_charsets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unchanged_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lower_case_names, setup_lower, teardown),
        cmocka_unit_test_setup_teardown(test_exact_case_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_tables, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
