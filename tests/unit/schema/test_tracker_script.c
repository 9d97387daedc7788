/*
 * test_tracker_script.c - the schema tracker's schema files and lookups:
 * loading a mysqldump/mariadb-dump --no-data script, errors naming file and
 * line, the old column DM's MODIFY/CHANGE classification reads (with the key
 * flags and definition the tracker holds), the expression engine's view,
 * and copying a table from another tracker.
 *
 * With arguments, `--structure FILE DB.TABLE...`, the program is instead the
 * driver of tests/integration/test_tracker_mariadb.py: it loads FILE into a
 * tracker and prints each named table as one line
 * `db.table|col NOT NULL,col NULL,...|key(cols);UNIQUE key(cols);...`
 * (or `db.table|missing`), exit 1 when FILE does not load.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "binsift/rules.h"
#include "binsift/tracker.h"
#include "binsift/value.h"

static const char dump[] =
    "/*M!999999\\- enable the sandbox mode */ \n"
    "-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB, for debian-linux-gnu (x86_64)\n"
    "--\n"
    "-- Host: localhost    Database: shop\n"
    "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n"
    "/*!40101 SET NAMES utf8mb4 */;\n"
    "/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n"
    "\n"
    "CREATE DATABASE /*!32312 IF NOT EXISTS*/ `shop` /*!40100 DEFAULT CHARACTER SET latin1 */;\n"
    "USE `shop`;\n"
    "DROP TABLE IF EXISTS `orders`;\n"
    "/*!40101 SET @saved_cs_client     = @@character_set_client */;\n"
    "/*!40101 SET character_set_client = utf8 */;\n"
    "CREATE TABLE `orders` (\n"
    "  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,\n"
    "  `customer` varchar(64) NOT NULL DEFAULT '',\n"
    "  `note` text DEFAULT NULL,\n"
    "  `total` decimal(12,2) NOT NULL DEFAULT 0.00,\n"
    "  `created` datetime(6) NOT NULL DEFAULT current_timestamp(6),\n"
    "  `secret` int(11) DEFAULT NULL /*!80023 INVISIBLE */,\n"
    "  PRIMARY KEY (`id`),\n"
    "  UNIQUE KEY `uk_customer` (`customer`),\n"
    "  KEY `idx_created` (`created`,`total`)\n"
    ") ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;\n"
    "/*!40101 SET character_set_client = @saved_cs_client */;\n"
    "\n"
    "LOCK TABLES `orders` WRITE;\n"
    "/*!40000 ALTER TABLE `orders` DISABLE KEYS */;\n"
    "/*!40000 ALTER TABLE `orders` ENABLE KEYS */;\n"
    "UNLOCK TABLES;\n"
    "DELIMITER ;;\n"
    "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER trg BEFORE "
    "INSERT ON orders FOR EACH ROW BEGIN SET NEW.note = 'x'; END */;;\n"
    "DELIMITER ;\n"
    "CREATE TABLE `Items` (`sku` char(8) NOT NULL, `qty` int) DEFAULT CHARSET=latin1;\n"
    "/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;\n"
    "-- Dump completed on 2024-05-01 10:00:00\n";

typedef struct fixture {
    bs_schema_tracker *t;
    bs_error err;
} fixture;

static int setup(void **state)
{
    static fixture f;
    memset(&f, 0, sizeof f);
    assert_int_equal(bs_schema_tracker_new(0, &f.t, &f.err), 0);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bs_schema_tracker_free(f->t);
    return 0;
}

static int load(fixture *f, const char *sql, const char *db)
{
    return bs_schema_tracker_load_sql(f->t, "schema.sql", sql, strlen(sql), db, BS_SCHEMA_FROM_FILE,
                                      &f->err);
}

static const bs_schema_table *get(fixture *f, const char *schema, const char *table)
{
    return bs_schema_tracker_find(f->t, schema, strlen(schema), table, strlen(table));
}

static void test_dump(void **state)
{
    fixture *f = *state;
    int rc = load(f, dump, NULL);
    if (rc) fail_msg("%s (line %d)", f->err.message, f->err.line);
    assert_int_equal(bs_schema_tracker_count(f->t), 2);
    const bs_schema_table *t = get(f, "shop", "orders");
    assert_non_null(t);
    assert_int_equal(t->origin, BS_SCHEMA_FROM_FILE);
    assert_int_equal(t->ncols, 6);
    assert_string_equal(t->cols[4].name, "created");
    assert_string_equal(t->cols[4].default_text, "current_timestamp(6)");
    assert_int_equal(t->cols[4].type, BS_TYPE_DATETIME2);
    assert_int_equal(t->cols[4].scale, 6);
    assert_true(t->cols[5].hidden);
    assert_string_equal(t->cols[0].type_text, "bigint(20) unsigned");
    assert_int_equal(t->nkeys, 3);
    assert_string_equal(t->keys[1].name, "uk_customer");
    assert_int_equal(t->cols[1].key_flags, BS_OLDCOL_UNIQUE_KEY);
    assert_string_equal(t->collate, "utf8mb4_general_ci");
    /* after the DELIMITER block; the database's latin1 is overridden */
    const bs_schema_table *items = get(f, "shop", "Items");
    assert_non_null(items);
    assert_string_equal(items->charset, "latin1");
    assert_true(items->cols[0].not_null);
}

/* Every prefix of the dump loads or fails with a syntax error naming a line:
 * cut statements, comments and DELIMITER blocks never read past the end. */
static void test_dump_prefixes(void **state)
{
    (void)state;
    for (size_t n = 0; n <= sizeof dump - 1; n++) {
        bs_schema_tracker *t;
        bs_error err;
        assert_int_equal(bs_schema_tracker_new(0, &t, &err), 0);
        int rc = bs_schema_tracker_load_sql(t, "cut.sql", dump, n, NULL, BS_SCHEMA_FROM_FILE, &err);
        if (rc) {
            assert_int_equal(rc, BS_ESYNTAX);
            assert_true(err.line >= 1);
        }
        bs_schema_tracker_free(t);
    }
}

static void test_reload_replaces(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "CREATE TABLE t (a INT, b INT);", "d"), 0);
    assert_int_equal(load(f, "CREATE TABLE d.t (z INT);", NULL), 0);
    const bs_schema_table *t = get(f, "d", "t");
    assert_int_equal(t->ncols, 1);
    assert_string_equal(t->cols[0].name, "z");
}

static void test_script_errors(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "-- one\nCREATE TABLE a (x INT);\n\nCREATE TABLE b (x INT,,);\n", "d"),
                     BS_ESYNTAX);
    assert_string_equal(f->err.file, "schema.sql");
    assert_int_equal(f->err.line, 4);
    assert_non_null(get(f, "d", "a")); /* statements before the error stay applied */

    assert_int_equal(load(f, "SET NAMES utf8;\n\n  CREATE TABLE c (x INT);", NULL), BS_EINVAL);
    assert_int_equal(f->err.line, 3);
    assert_string_equal(f->err.file, "schema.sql");
    assert_non_null(strstr(f->err.message, "without a database"));

    assert_int_equal(load(f, "USE d;\nALTER TABLE a CHANGE nope x INT;\n", NULL), BS_EINVAL);
    assert_int_equal(f->err.line, 2);
    assert_int_equal(f->err.dm_code, 44006);
}

static void test_old_column(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f,
                          "CREATE TABLE t (id INT NOT NULL, u VARCHAR(10) DEFAULT 'a' COMMENT 'c', "
                          "n INT, PRIMARY KEY (id), UNIQUE KEY (u)) CHARSET latin1;",
                          "d"),
                     0);
    bs_rules_old_column oc;
    assert_int_equal(bs_schema_tracker_old_column(f->t, "d", "t", "ID", &oc), 1);
    assert_int_equal(oc.flags, BS_OLDCOL_PRIMARY_KEY);
    assert_non_null(oc.column);
    assert_int_equal(oc.column->type.base, BS_DDL_TYPE_INT);
    assert_true(oc.column->flags & BS_COL_NOT_NULL);
    assert_string_equal(oc.table_charset, "latin1");

    assert_int_equal(bs_schema_tracker_old_column(f->t, "d", "t", "u", &oc), 1);
    assert_int_equal(oc.flags, BS_OLDCOL_UNIQUE_KEY);
    assert_int_equal(oc.column->type.base, BS_DDL_TYPE_VARCHAR);
    assert_int_equal(oc.column->type.length, 10);
    assert_non_null(oc.column->default_value);
    assert_int_equal(oc.column->comment.len, 1);
    assert_int_equal(oc.column->charset.len, 6); /* latin1, inherited when defined */

    assert_int_equal(bs_schema_tracker_old_column(f->t, "d", "t", "zz", &oc), 0);
    assert_int_equal(bs_schema_tracker_old_column(f->t, "d", "nope", "id", &oc), 0);

    /* DM's classification of MODIFY against the tracked column */
    bs_ddl_parser *p;
    const bs_ddl_stmt *st;
    const bs_ddl_split_stmt *s;
    uint32_t ns;
    assert_int_equal(bs_ddl_parser_new(&p, &f->err), 0);
    const char *sql = "ALTER TABLE t MODIFY id INT NOT NULL";
    assert_int_equal(bs_ddl_parse(p, sql, strlen(sql), NULL, &st, &f->err), 0);
    assert_int_equal(bs_ddl_split(p, st, "d", 1, 0, &s, &ns, &f->err), 0);
    assert_int_equal(bs_rules_ddl_event(s, bs_schema_tracker_old_column, f->t, NULL),
                     BS_DMEV_DROP_PRIMARY_KEY);
    sql = "ALTER TABLE t MODIFY n BIGINT";
    assert_int_equal(bs_ddl_parse(p, sql, strlen(sql), NULL, &st, &f->err), 0);
    assert_int_equal(bs_ddl_split(p, st, "d", 1, 0, &s, &ns, &f->err), 0);
    assert_int_equal(bs_rules_ddl_event(s, bs_schema_tracker_old_column, f->t, NULL),
                     BS_DMEV_ALTER_TABLE);
    sql = "ALTER TABLE t MODIFY n SMALLINT";
    assert_int_equal(bs_ddl_parse(p, sql, strlen(sql), NULL, &st, &f->err), 0);
    assert_int_equal(bs_ddl_split(p, st, "d", 1, 0, &s, &ns, &f->err), 0);
    assert_int_equal(bs_rules_ddl_event(s, bs_schema_tracker_old_column, f->t, NULL),
                     BS_DMEV_VALUE_RANGE_DECREASE);
    bs_ddl_parser_free(p);
}

/* Every column's definition re-parses, whatever it holds. */
static void test_old_column_every_kind(void **state)
{
    fixture *f = *state;
    int rc = load(f, dump, NULL);
    assert_int_equal(rc, 0);
    const char *more =
        "CREATE TABLE k (a INT, g INT AS (a + 1) STORED COMMENT 'it''s', "
        "u TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), "
        "s SET('x','y') CHARACTER SET latin1 BINARY DEFAULT 'x', b VARBINARY(4) DEFAULT 0x41, "
        "d DECIMAL(5,2) DEFAULT -1.5, j JSON, z CHAR(2) /*!80023 INVISIBLE */, n INT SERIAL "
        "DEFAULT VALUE, e ENUM('p','q') NOT NULL DEFAULT 'q' COLLATE utf8mb4_bin);";
    assert_int_equal(load(f, more, "shop"), 0);
    const char *tables[] = {"orders", "Items", "k"};
    for (unsigned n = 0; n < 3; n++) {
        const bs_schema_table *t = get(f, "shop", tables[n]);
        assert_non_null(t);
        for (uint32_t i = 0; i < t->ncols; i++) {
            bs_rules_old_column oc;
            if (bs_schema_tracker_old_column(f->t, "shop", tables[n], t->cols[i].name, &oc) != 1)
                fail_msg("%s.%s does not re-parse", tables[n], t->cols[i].name);
            assert_int_equal(oc.flags, t->cols[i].key_flags);
            assert_int_equal((oc.column->flags & BS_COL_NOT_NULL) != 0, t->cols[i].not_null);
            assert_int_equal(oc.column->default_value != NULL, t->cols[i].has_default);
        }
    }
    const bs_schema_table *k = get(f, "shop", "k");
    assert_true(k->cols[1].generated);
    assert_true(k->cols[7].hidden);
    assert_string_equal(k->cols[5].default_text, "-1.5");
    assert_int_equal(k->cols[3].collation, bs_rules_expr_collation_id("latin1_bin"));
    assert_int_equal(k->cols[9].collation, bs_rules_expr_collation_id("utf8mb4_bin"));
}

static void test_expr_view(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f,
                          "CREATE TABLE t (a INT UNSIGNED NOT NULL, h INT INVISIBLE, "
                          "s VARCHAR(8) COLLATE utf8mb4_general_ci, d DECIMAL(6,3), "
                          "e SET('x','y'), ts TIMESTAMP(2));",
                          "d"),
                     0);
    const bs_schema_table *t = get(f, "d", "t");
    const bs_rules_expr_table *x = bs_schema_table_expr(t);
    assert_non_null(x);
    assert_ptr_equal(bs_schema_table_expr(t), x); /* built once */
    assert_int_equal(x->ncols, 5);
    assert_int_equal(x->name.len, 1);
    assert_memory_equal(x->cols[1].name.ptr, "s", 1);
    assert_int_equal(x->cols[0].type, BS_TYPE_LONG);
    assert_true(x->cols[0].is_unsigned && x->cols[0].not_null);
    assert_int_equal(x->cols[1].collation, bs_rules_expr_collation_id("utf8mb4_general_ci"));
    assert_int_equal(x->cols[2].precision, 6);
    assert_int_equal(x->cols[2].scale, 3);
    assert_int_equal(x->cols[3].n_members, 2);
    assert_memory_equal(x->cols[3].members[1].ptr, "y", 1);
    assert_int_equal(x->cols[4].type, BS_TYPE_TIMESTAMP2);
    assert_int_equal(x->cols[4].scale, 2);

    /* compiles against the view, the collation deciding the comparison */
    bs_rules_expr *prog;
    const char *e = "s = 'ABC' AND a > 1";
    assert_int_equal(bs_rules_expr_compile(e, strlen(e), x, &prog, &f->err), 0);
    bs_rules_expr_info info;
    bs_rules_expr_info_get(prog, &info);
    assert_int_equal(info.state, BS_RULES_EXPR_READY);
    bs_value row[5] = {{.kind = BS_VALUE_UINT, .type = BS_TYPE_LONG, .v.u = 5},
                       {.kind = BS_VALUE_STRING,
                        .type = BS_TYPE_VARCHAR,
                        .charset = 45,
                        .v.bytes = {(const uint8_t *)"abc", 3}},
                       {.kind = BS_VALUE_NULL},
                       {.kind = BS_VALUE_NULL},
                       {.kind = BS_VALUE_NULL}};
    int skip = 0;
    assert_int_equal(bs_rules_expr_skips(prog, row, 5, &(bs_rules_expr_ctx){0}, &skip, &f->err), 0);
    assert_int_equal(skip, 1);
    bs_rules_expr_free(prog);
}

static void test_copy_table(void **state)
{
    fixture *f = *state;
    bs_schema_tracker *down;
    assert_int_equal(bs_schema_tracker_new(0, &down, &f->err), 0);
    const char *sql = "CREATE TABLE target.t (id INT PRIMARY KEY, extra INT NOT NULL DEFAULT 0);";
    assert_int_equal(bs_schema_tracker_load_sql(down, "down.sql", sql, strlen(sql), NULL,
                                                BS_SCHEMA_FROM_DOWNSTREAM, &f->err),
                     0);
    const bs_schema_table *src = bs_schema_tracker_find(down, "target", 6, "t", 1);
    assert_non_null(src);
    assert_int_equal(
        bs_schema_tracker_copy_table(f->t, src, "up", "t1", BS_SCHEMA_FROM_DOWNSTREAM, &f->err), 0);
    bs_schema_tracker_free(down);
    const bs_schema_table *t = get(f, "up", "t1");
    assert_non_null(t);
    assert_int_equal(t->origin, BS_SCHEMA_FROM_DOWNSTREAM);
    assert_int_equal(t->ncols, 2);
    assert_string_equal(t->cols[1].name, "extra");
    assert_string_equal(t->keys[0].name, "PRIMARY");
    assert_int_equal(bs_schema_table_column(t, "EXTRA", 5), 1);
}

static void print_table(const bs_schema_tracker *t, const char *qualified)
{
    const char *dot = strchr(qualified, '.');
    size_t sl = dot ? (size_t)(dot - qualified) : 0;
    const char *name = dot ? dot + 1 : qualified;
    const bs_schema_table *tb = bs_schema_tracker_find(t, qualified, sl, name, strlen(name));
    printf("%s|", qualified);
    if (!tb) {
        printf("missing\n");
        return;
    }
    for (uint32_t i = 0; i < tb->ncols; i++)
        printf("%s%s %s", i ? "," : "", tb->cols[i].name,
               tb->cols[i].not_null ? "NOT NULL" : "NULL");
    printf("|");
    for (uint32_t k = 0; k < tb->nkeys; k++) {
        const bs_schema_key *key = &tb->keys[k];
        printf("%s%s%s(", k ? ";" : "", key->unique && !key->primary ? "UNIQUE " : "", key->name);
        for (uint32_t i = 0; i < key->ncols; i++)
            printf("%s%s", i ? "," : "", tb->cols[key->cols[i]].name);
        printf(")");
    }
    printf("\n");
}

static int structure(int argc, char **argv)
{
    FILE *fp = fopen(argv[2], "rb");
    if (!fp) return perror(argv[2]), 1;
    static char sql[1 << 20];
    size_t n = fread(sql, 1, sizeof sql, fp);
    fclose(fp);
    if (n == sizeof sql) return fprintf(stderr, "%s: too large\n", argv[2]), 1;
    bs_schema_tracker *t;
    bs_error err;
    if (bs_schema_tracker_new(0, &t, &err)) return 1;
    int rc = bs_schema_tracker_load_sql(t, argv[2], sql, n, NULL, BS_SCHEMA_FROM_FILE, &err);
    if (rc) {
        char msg[1200];
        fprintf(stderr, "%s\n", bs_error_format(&err, msg, sizeof msg));
    } else {
        for (int i = 3; i < argc; i++)
            print_table(t, argv[i]);
    }
    bs_schema_tracker_free(t);
    return rc != 0;
}

int main(int argc, char **argv)
{
    if (argc > 2 && strcmp(argv[1], "--structure") == 0) return structure(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_dump, setup, teardown),
        cmocka_unit_test(test_dump_prefixes),
        cmocka_unit_test_setup_teardown(test_reload_replaces, setup, teardown),
        cmocka_unit_test_setup_teardown(test_script_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_old_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_old_column_every_kind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_expr_view, setup, teardown),
        cmocka_unit_test_setup_teardown(test_copy_table, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
