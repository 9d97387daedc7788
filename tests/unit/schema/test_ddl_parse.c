/*
 * test_ddl_parse.c - the syntax tree bs_ddl_parse builds.
 *
 * Real statements (from the fixture corpus's QUERY events and from the MySQL
 * and MariaDB manuals) with the facts the three consumers read: statement
 * kind and flags, table names, column types and options (the new column of
 * MODIFY/CHANGE that DM compares with the old one), indexes, table options,
 * partitioning, every ALTER TABLE specification, and the kinds of the
 * statements that are only recognized. Invalid statements are checked for
 * their error code, byte offset and message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "binsift/schema.h"

static bs_ddl_parser *parser;

static int setup(void **state)
{
    (void)state;
    bs_error err;
    return bs_ddl_parser_new(&parser, &err);
}

static int teardown(void **state)
{
    (void)state;
    bs_ddl_parser_free(parser);
    return 0;
}

static const bs_ddl_stmt *parse_opt(const char *sql, const bs_ddl_options *opt)
{
    const bs_ddl_stmt *s;
    bs_error err;
    if (bs_ddl_parse(parser, sql, strlen(sql), opt, &s, &err))
        fail_msg("%s: %s at %llu", sql, err.message, (unsigned long long)err.offset);
    return s;
}

static const bs_ddl_stmt *parse(const char *sql)
{
    return parse_opt(sql, NULL);
}

static void assert_str(bs_ddl_str s, const char *want)
{
    if (s.len != strlen(want) || memcmp(s.ptr, want, s.len))
        fail_msg("got '%.*s', want '%s'", (int)s.len, s.ptr, want);
}

/* ---- CREATE TABLE ---- */

static void create_table_columns(void **state)
{
    (void)state;
    const bs_ddl_stmt *s =
        parse("CREATE TABLE customers (\n"
              "  id INT UNSIGNED PRIMARY KEY AUTO_INCREMENT,\n"
              "  name VARCHAR(64) NOT NULL,\n"
              "  email VARCHAR(128) UNIQUE,\n"
              "  tier ENUM('basic', 'gold ') NOT NULL DEFAULT 'basic',\n"
              "  created_at DATETIME(3) NOT NULL,\n"
              "  amount DECIMAL(10, 2) NULL DEFAULT -1.50,\n"
              "  placed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE NOW(6)\n"
              ")");
    assert_int_equal(s->kind, BS_STMT_CREATE_TABLE);
    const bs_ddl_create_table *ct = &s->u.create_table;
    assert_str(ct->table.name, "customers");
    assert_int_equal(ct->table.schema.len, 0);
    assert_int_equal(ct->ncolumns, 7);
    const bs_ddl_column *c = ct->columns;
    assert_str(c[0].name, "id");
    assert_int_equal(c[0].type.base, BS_DDL_TYPE_INT);
    assert_true(c[0].type.is_unsigned);
    assert_int_equal(c[0].type.length, -1);
    assert_int_equal(c[0].flags & (BS_COL_PRIMARY_KEY | BS_COL_AUTO_INCREMENT | BS_COL_NOT_NULL),
                     BS_COL_PRIMARY_KEY | BS_COL_AUTO_INCREMENT | BS_COL_NOT_NULL);
    assert_int_equal(c[0].nopts, 2);
    assert_int_equal(c[0].opts[0].kind, BS_COLOPT_PRIMARY_KEY);
    assert_int_equal(c[0].opts[1].kind, BS_COLOPT_AUTO_INCREMENT);
    assert_int_equal(c[1].type.base, BS_DDL_TYPE_VARCHAR);
    assert_int_equal(c[1].type.length, 64);
    assert_true(c[1].flags & BS_COL_NOT_NULL);
    assert_true(c[2].flags & BS_COL_UNIQUE);
    assert_int_equal(c[3].type.base, BS_DDL_TYPE_ENUM);
    assert_int_equal(c[3].type.nelems, 2);
    assert_str(c[3].type.elems[0], "basic");
    assert_str(c[3].type.elems[1], "gold"); /* trailing space dropped, as the server does */
    assert_non_null(c[3].default_value);
    assert_int_equal(c[3].default_value->kind, BS_EXPR_LITERAL);
    assert_int_equal(c[3].default_value->lit_kind, BS_LIT_STRING);
    assert_str(c[3].default_value->text, "basic");
    assert_int_equal(c[4].type.base, BS_DDL_TYPE_DATETIME);
    assert_int_equal(c[4].type.decimals, 3);
    assert_int_equal(c[5].type.base, BS_DDL_TYPE_DECIMAL);
    assert_int_equal(c[5].type.length, 10);
    assert_int_equal(c[5].type.decimals, 2);
    assert_true(c[5].flags & BS_COL_NULL);
    assert_int_equal(c[5].default_value->lit_kind, BS_LIT_DECIMAL);
    assert_true(c[5].default_value->negative);
    assert_str(c[5].default_value->text, "1.50");
    assert_int_equal(c[6].default_value->kind, BS_EXPR_CURRENT_TIMESTAMP);
    assert_int_equal(c[6].default_value->fsp, 6);
    assert_int_equal(c[6].on_update->kind, BS_EXPR_CURRENT_TIMESTAMP);
    assert_int_equal(c[6].on_update->fsp, 6);
    assert_true(c[6].flags & BS_COL_ON_UPDATE);
    /* byte offsets: the column name of the 2nd column */
    assert_int_equal(c[1].name.off, strstr(s->sql, "name VARCHAR") - s->sql);
}

static void create_table_types(void **state)
{
    (void)state;
    static const struct {
        const char *type;
        uint8_t base, spelling;
        int32_t length, decimals;
        uint8_t is_unsigned;
    } types[] = {
        {"TINYINT(4)", BS_DDL_TYPE_TINYINT, 0, 4, -1, 0},
        {"BOOL", BS_DDL_TYPE_TINYINT, BS_SPELL_BOOL, 1, -1, 0},
        {"BOOLEAN", BS_DDL_TYPE_TINYINT, BS_SPELL_BOOLEAN, 1, -1, 0},
        {"INT1", BS_DDL_TYPE_TINYINT, BS_SPELL_INT1, -1, -1, 0},
        {"MIDDLEINT UNSIGNED ZEROFILL", BS_DDL_TYPE_MEDIUMINT, BS_SPELL_MIDDLEINT, -1, -1, 1},
        {"INTEGER(11) SIGNED", BS_DDL_TYPE_INT, BS_SPELL_INTEGER, 11, -1, 0},
        {"BIGINT(20) UNSIGNED", BS_DDL_TYPE_BIGINT, 0, 20, -1, 1},
        {"SERIAL", BS_DDL_TYPE_BIGINT, BS_SPELL_SERIAL, -1, -1, 1},
        {"NUMERIC(65,30)", BS_DDL_TYPE_DECIMAL, BS_SPELL_NUMERIC, 65, 30, 0},
        {"FIXED", BS_DDL_TYPE_DECIMAL, BS_SPELL_FIXED, -1, -1, 0},
        {"FLOAT(7,3)", BS_DDL_TYPE_FLOAT, 0, 7, 3, 0},
        {"FLOAT(24)", BS_DDL_TYPE_FLOAT, BS_SPELL_FLOAT_P, -1, -1, 0},
        {"FLOAT(25)", BS_DDL_TYPE_DOUBLE, BS_SPELL_FLOAT_P, -1, -1, 0},
        {"REAL", BS_DDL_TYPE_DOUBLE, BS_SPELL_REAL, -1, -1, 0},
        {"DOUBLE PRECISION(10,2)", BS_DDL_TYPE_DOUBLE, BS_SPELL_DOUBLE_PRECISION, 10, 2, 0},
        {"BIT(64)", BS_DDL_TYPE_BIT, 0, 64, -1, 0},
        {"YEAR(4)", BS_DDL_TYPE_YEAR, 0, 4, -1, 0},
        {"TIME(6)", BS_DDL_TYPE_TIME, 0, -1, 6, 0},
        {"TIMESTAMP", BS_DDL_TYPE_TIMESTAMP, 0, -1, -1, 0},
        {"NATIONAL VARCHAR(10)", BS_DDL_TYPE_VARCHAR, BS_SPELL_NATIONAL, 10, -1, 0},
        {"NCHAR(3)", BS_DDL_TYPE_CHAR, BS_SPELL_NATIONAL, 3, -1, 0},
        {"CHARACTER VARYING(5)", BS_DDL_TYPE_VARCHAR, BS_SPELL_VARYING, 5, -1, 0},
        {"CHAR", BS_DDL_TYPE_CHAR, 0, -1, -1, 0},
        {"CHAR(10) BYTE", BS_DDL_TYPE_BINARY, 0, 10, -1, 0},
        {"BINARY(16)", BS_DDL_TYPE_BINARY, 0, 16, -1, 0},
        {"VARBINARY(255)", BS_DDL_TYPE_VARBINARY, 0, 255, -1, 0},
        {"LONG VARCHAR", BS_DDL_TYPE_MEDIUMTEXT, BS_SPELL_LONG, -1, -1, 0},
        {"LONG VARBINARY", BS_DDL_TYPE_MEDIUMBLOB, BS_SPELL_LONG, -1, -1, 0},
        {"TEXT(1000)", BS_DDL_TYPE_TEXT, 0, 1000, -1, 0},
        {"LONGBLOB", BS_DDL_TYPE_LONGBLOB, 0, -1, -1, 0},
        {"JSON", BS_DDL_TYPE_JSON, 0, -1, -1, 0},
        {"GEOMETRY", BS_DDL_TYPE_GEOMETRY, 0, -1, -1, 0},
        {"POINT", BS_DDL_TYPE_POINT, 0, -1, -1, 0},
        {"MULTIPOLYGON", BS_DDL_TYPE_MULTIPOLYGON, 0, -1, -1, 0},
        {"GEOMCOLLECTION", BS_DDL_TYPE_GEOMETRYCOLLECTION, BS_SPELL_GEOMCOLLECTION, -1, -1, 0},
        {"VECTOR(768)", BS_DDL_TYPE_VECTOR, 0, 768, -1, 0},
        {"INET6", BS_DDL_TYPE_INET6, 0, -1, -1, 0},
        {"INET4", BS_DDL_TYPE_INET4, 0, -1, -1, 0},
        {"UUID", BS_DDL_TYPE_UUID, 0, -1, -1, 0},
        {"SET('a','b','c')", BS_DDL_TYPE_SET, 0, -1, -1, 0},
    };
    char sql[256];
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        snprintf(sql, sizeof sql, "CREATE TABLE t (c %s)", types[i].type);
        const bs_ddl_coltype *t = &parse(sql)->u.create_table.columns[0].type;
        if (t->base != types[i].base || t->spelling != types[i].spelling ||
            t->length != types[i].length || t->decimals != types[i].decimals ||
            t->is_unsigned != types[i].is_unsigned)
            fail_msg("%s: base %u spelling %u length %d decimals %d unsigned %u", types[i].type,
                     t->base, t->spelling, t->length, t->decimals, t->is_unsigned);
    }
    /* REAL is FLOAT under REAL_AS_FLOAT */
    bs_ddl_options opt = {.sql_mode = BS_SQL_MODE_REAL_AS_FLOAT};
    assert_int_equal(
        parse_opt("CREATE TABLE t (c REAL)", &opt)->u.create_table.columns[0].type.base,
        BS_DDL_TYPE_FLOAT);
}

static void create_table_string_attributes(void **state)
{
    (void)state;
    const bs_ddl_column *c =
        parse("CREATE TABLE t (a VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, "
              "b TEXT CHARSET latin1 BINARY, c CHAR(2) ASCII, d VARCHAR(3) COLLATE 'utf8_bin', "
              "e BLOB COMPRESSED, f VARCHAR(9) COMPRESSED=zlib DEFAULT '')")
            ->u.create_table.columns;
    assert_str(c[0].type.charset, "utf8mb4");
    assert_str(c[0].charset, "utf8mb4");
    assert_str(c[0].collate, "utf8mb4_bin");
    assert_int_equal(c[0].opts[0].kind, BS_COLOPT_COLLATE);
    assert_int_equal(c[0].opts[1].kind, BS_COLOPT_NOT_NULL);
    assert_str(c[1].type.charset, "latin1");
    assert_true(c[1].type.binary);
    assert_true(c[2].type.ascii);
    assert_str(c[3].collate, "utf8_bin");
    assert_true(c[4].type.compressed);
    assert_true(c[5].type.compressed);
    assert_int_equal(c[5].nopts, 1);
    assert_int_equal(c[5].default_value->lit_kind, BS_LIT_STRING);
    assert_int_equal(c[5].default_value->text.len, 0);
}

static void create_table_column_options(void **state)
{
    (void)state;
    const bs_ddl_column *c =
        parse("CREATE TABLE t (a INT KEY COMMENT 'pk', b INT UNIQUE KEY INVISIBLE, "
              "c INT GENERATED ALWAYS AS (a + b) STORED, d INT AS ((a*2)) VIRTUAL, "
              "e INT CONSTRAINT chk CHECK (e > 0) NOT ENFORCED, f INT REFERENCES p (id) ON DELETE "
              "SET NULL, g POINT NOT NULL SRID 4326, h INT COLUMN_FORMAT FIXED STORAGE DISK, "
              "i BIGINT SERIAL DEFAULT VALUE, j INT DEFAULT (a + 1), k VARCHAR(36) DEFAULT uuid(), "
              "l BIT(8) DEFAULT b'101', m BINARY(2) DEFAULT x'0A0B', n INT DEFAULT NULL, "
              "o DATETIME DEFAULT LOCALTIME, p INT AUTO_RANDOM(5), q INT WITH SYSTEM VERSIONING, "
              "r INT DEFAULT NEXT VALUE FOR s1)")
            ->u.create_table.columns;
    assert_true(c[0].flags & BS_COL_PRIMARY_KEY);
    assert_int_equal(c[0].opts[0].flag, 0); /* bare KEY */
    assert_str(c[0].comment, "pk");
    assert_true(c[1].flags & BS_COL_UNIQUE);
    assert_int_equal(c[1].opts[0].flag, 1);
    assert_true(c[1].flags & BS_COL_INVISIBLE);
    assert_int_equal(c[2].flags & (BS_COL_GENERATED | BS_COL_STORED),
                     BS_COL_GENERATED | BS_COL_STORED);
    assert_int_equal(c[2].generated->span.ntok, 3);
    assert_int_equal(c[3].flags & (BS_COL_GENERATED | BS_COL_STORED), BS_COL_GENERATED);
    assert_int_equal(c[3].opts[0].flag2, 0); /* no GENERATED ALWAYS */
    assert_int_equal(c[4].opts[0].kind, BS_COLOPT_CHECK);
    assert_str(c[4].opts[0].str, "chk");
    assert_int_equal(c[4].opts[0].flag, 0);
    const bs_ddl_reference *ref = c[5].opts[0].ref;
    assert_str(ref->table.name, "p");
    assert_int_equal(ref->nparts, 1);
    assert_int_equal(ref->on_delete, BS_REFER_SET_NULL);
    assert_int_equal(c[6].opts[1].kind, BS_COLOPT_SRID);
    assert_str(c[6].opts[1].str, "4326");
    assert_int_equal(c[7].opts[0].kind, BS_COLOPT_COLUMN_FORMAT);
    assert_int_equal(c[7].opts[1].kind, BS_COLOPT_STORAGE);
    assert_int_equal(c[8].flags & (BS_COL_NOT_NULL | BS_COL_AUTO_INCREMENT | BS_COL_UNIQUE),
                     BS_COL_NOT_NULL | BS_COL_AUTO_INCREMENT | BS_COL_UNIQUE);
    assert_true(c[9].default_value->parenthesized);
    assert_int_equal(c[9].default_value->kind, BS_EXPR_OTHER);
    assert_int_equal(c[10].default_value->kind, BS_EXPR_OTHER); /* MariaDB function default */
    assert_int_equal(c[11].default_value->lit_kind, BS_LIT_BIT);
    assert_str(c[11].default_value->text, "101");
    assert_int_equal(c[12].default_value->lit_kind, BS_LIT_HEX);
    assert_str(c[12].default_value->text, "0A0B");
    assert_int_equal(c[13].default_value->kind, BS_EXPR_NULL);
    assert_int_equal(c[14].default_value->kind, BS_EXPR_CURRENT_TIMESTAMP);
    assert_int_equal(c[14].default_value->fsp, -1);
    assert_int_equal(c[15].opts[0].kind, BS_COLOPT_AUTO_RANDOM);
    assert_str(c[15].opts[0].str, "5");
    assert_int_equal(c[16].opts[0].kind, BS_COLOPT_SYSTEM_VERSIONING);
    assert_int_equal(c[17].default_value->span.ntok, 4);
}

static void create_table_indexes(void **state)
{
    (void)state;
    const bs_ddl_create_table *ct =
        &parse("CREATE TABLE t (a INT, b TEXT, g GEOMETRY NOT NULL, v VECTOR(3) NOT NULL,\n"
               " CONSTRAINT pk PRIMARY KEY USING BTREE (a),\n"
               " UNIQUE INDEX ub (b(10) DESC) COMMENT 'x' INVISIBLE,\n"
               " KEY k2 ((lower(b)), a ASC) KEY_BLOCK_SIZE = 8,\n"
               " FULLTEXT KEY ft (b) WITH PARSER ngram,\n"
               " SPATIAL INDEX sp (g),\n"
               " VECTOR INDEX vi (v),\n"
               " CONSTRAINT fk FOREIGN KEY fkx (a) REFERENCES db2.p (id, id2) MATCH FULL ON UPDATE "
               "CASCADE ON DELETE NO ACTION,\n"
               " CHECK (a <> 0),\n"
               " INDEX (a, b(3)))")
             ->u.create_table;
    assert_int_equal(ct->ncolumns, 4);
    assert_int_equal(ct->nconstraints, 9);
    const bs_ddl_constraint *k = ct->constraints;
    assert_int_equal(k[0].kind, BS_CONS_PRIMARY);
    assert_str(k[0].symbol, "pk");
    assert_int_equal(k[0].opts.using, BS_USING_BTREE);
    assert_int_equal(k[1].kind, BS_CONS_UNIQUE);
    assert_int_equal(k[1].key_word, 2);
    assert_str(k[1].name, "ub");
    assert_int_equal(k[1].parts[0].length, 10);
    assert_int_equal(k[1].parts[0].order, 2);
    assert_str(k[1].opts.comment, "x");
    assert_int_equal(k[1].opts.visibility, 2);
    assert_int_equal(k[2].kind, BS_CONS_INDEX);
    assert_int_equal(k[2].key_word, 1);
    assert_int_equal(k[2].nparts, 2);
    assert_int_equal(k[2].parts[0].expr.kind, BS_EXPR_OTHER);
    assert_int_equal(k[2].parts[0].column.len, 0);
    assert_int_equal(k[2].parts[1].order, 1);
    assert_int_equal(k[2].opts.key_block_size, 8);
    assert_int_equal(k[3].kind, BS_CONS_FULLTEXT);
    assert_str(k[3].opts.parser, "ngram");
    assert_int_equal(k[4].kind, BS_CONS_SPATIAL);
    assert_int_equal(k[5].kind, BS_CONS_VECTOR);
    assert_int_equal(k[6].kind, BS_CONS_FOREIGN);
    assert_str(k[6].symbol, "fk");
    assert_str(k[6].name, "fkx");
    assert_str(k[6].ref->table.schema, "db2");
    assert_int_equal(k[6].ref->nparts, 2);
    assert_int_equal(k[6].ref->match, 1);
    assert_int_equal(k[6].ref->on_update, BS_REFER_CASCADE);
    assert_int_equal(k[6].ref->on_delete, BS_REFER_NO_ACTION);
    assert_int_equal(k[7].kind, BS_CONS_CHECK);
    assert_true(k[7].enforced);
    assert_int_equal(k[8].name.len, 0);
    assert_int_equal(k[8].parts[1].length, 3);
}

static void create_table_options_and_partitions(void **state)
{
    (void)state;
    const bs_ddl_stmt *s =
        parse("CREATE TEMPORARY TABLE IF NOT EXISTS `db`.`t` (a INT) ENGINE=InnoDB "
              "AUTO_INCREMENT=7, DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci "
              "COMMENT='c' UNION=(t1, db.t2) TABLESPACE ts STORAGE DISK "
              "PAGE_COMPRESSED=1 `my_opt`='x'\n"
              "/*!50100 PARTITION BY RANGE COLUMNS(a) SUBPARTITION BY LINEAR KEY ALGORITHM=2 (a) "
              "SUBPARTITIONS 2 (PARTITION p0 VALUES LESS THAN (10) ENGINE = InnoDB,\n"
              " PARTITION p1 VALUES LESS THAN MAXVALUE) */");
    assert_int_equal(s->flags & (BS_STMTF_TEMPORARY | BS_STMTF_IF_NOT_EXISTS),
                     BS_STMTF_TEMPORARY | BS_STMTF_IF_NOT_EXISTS);
    const bs_ddl_create_table *ct = &s->u.create_table;
    assert_str(ct->table.schema, "db");
    assert_int_equal(ct->noptions, 9);
    const bs_ddl_table_option *o = ct->options;
    assert_int_equal(o[0].kind, BS_TOPT_ENGINE);
    assert_str(o[0].value, "InnoDB");
    assert_int_equal(o[1].kind, BS_TOPT_AUTO_INCREMENT);
    assert_str(o[1].value, "7");
    assert_int_equal(o[2].kind, BS_TOPT_CHARSET);
    assert_true(o[2].default_kw);
    assert_int_equal(o[3].kind, BS_TOPT_COLLATE);
    assert_str(o[3].value, "utf8mb4_0900_ai_ci");
    assert_int_equal(o[4].kind, BS_TOPT_COMMENT);
    assert_true(o[4].value_string);
    assert_int_equal(o[5].kind, BS_TOPT_UNION);
    assert_int_equal(o[5].ntables, 2);
    assert_str(o[5].tables[1].schema, "db");
    assert_int_equal(o[6].kind, BS_TOPT_TABLESPACE);
    assert_str(o[6].name, "DISK");
    assert_int_equal(o[7].kind, BS_TOPT_PAGE_COMPRESSED);
    assert_int_equal(o[8].kind, BS_TOPT_OTHER);
    assert_str(o[8].name, "my_opt");
    const bs_ddl_partitioning *pt = ct->partitioning;
    assert_non_null(pt);
    assert_int_equal(pt->method.method, BS_PART_RANGE);
    assert_true(pt->method.columns);
    assert_int_equal(pt->method.ncols, 1);
    assert_true(pt->has_sub);
    assert_int_equal(pt->sub.method, BS_PART_KEY);
    assert_true(pt->sub.linear);
    assert_int_equal(pt->sub.key_algorithm, 2);
    assert_int_equal(pt->sub.num, 2);
    assert_int_equal(pt->ndefs, 2);
    assert_int_equal(pt->defs[0].values, BS_PVAL_LESS_THAN);
    assert_int_equal(pt->defs[0].nopts, 1);
    assert_int_equal(pt->defs[1].values, BS_PVAL_LESS_THAN_MAXVALUE);
}

static void create_table_like_and_select(void **state)
{
    (void)state;
    const bs_ddl_create_table *ct = &parse("create table t3 (like db.t1)")->u.create_table;
    assert_true(ct->like);
    assert_str(ct->like_table.schema, "db");
    ct = &parse("CREATE TABLE t2 (id INT PRIMARY KEY) REPLACE SELECT id FROM t1 WHERE (a > 1);")
              ->u.create_table;
    assert_true(ct->has_select);
    assert_int_equal(ct->on_duplicate, 2);
    assert_int_equal(ct->select_as, 0);
    assert_int_equal(ct->select.ntok, 10);
    ct = &parse("CREATE TABLE t AS (SELECT 1)")->u.create_table;
    assert_true(ct->has_select);
    assert_true(ct->select_as);
    assert_int_equal(ct->ncolumns, 0);
}

/* ---- ALTER TABLE ---- */

static void alter_table_specs(void **state)
{
    (void)state;
    const bs_ddl_stmt *s = parse("ALTER ONLINE IGNORE TABLE IF EXISTS db.t WAIT 5 "
                                 "ADD COLUMN IF NOT EXISTS c1 INT NOT NULL DEFAULT 0 AFTER id, "
                                 "ADD (c2 INT, c3 TEXT, INDEX (c2)), "
                                 "ADD CONSTRAINT u UNIQUE (c2), "
                                 "ADD INDEX IF NOT EXISTS i (c1), "
                                 "DROP COLUMN IF EXISTS old CASCADE, "
                                 "DROP INDEX `PRIMARY`, "
                                 "DROP FOREIGN KEY IF EXISTS fk, "
                                 "DROP CONSTRAINT cc, "
                                 "MODIFY COLUMN IF EXISTS c1 BIGINT UNSIGNED FIRST, "
                                 "CHANGE c2 c2_new VARCHAR(20) CHARACTER SET utf8, "
                                 "RENAME COLUMN a TO b, "
                                 "RENAME KEY k1 TO k2, "
                                 "ALTER c3 SET DEFAULT 'x', "
                                 "ALTER COLUMN c4 DROP DEFAULT, "
                                 "ALTER COLUMN c5 SET INVISIBLE, "
                                 "ALTER INDEX i NOT IGNORED, "
                                 "ALTER CONSTRAINT cc ENFORCED, "
                                 "CONVERT TO CHARACTER SET DEFAULT, "
                                 "ENGINE = Aria TRANSACTIONAL = 1, "
                                 "ALGORITHM = NOCOPY, LOCK SHARED, "
                                 "ADD PERIOD FOR p (s, e), "
                                 "DROP SYSTEM VERSIONING, "
                                 "RENAME TO t2");
    assert_int_equal(s->kind, BS_STMT_ALTER_TABLE);
    assert_true(s->flags & BS_STMTF_IF_EXISTS);
    const bs_ddl_alter_table *a = &s->u.alter;
    assert_true(a->online);
    assert_true(a->ignore);
    assert_str(a->table.schema, "db");
    assert_int_equal(a->nspecs, 24);
    const bs_ddl_alter_spec *sp = a->specs;
    assert_int_equal(sp[0].kind, BS_ALTER_ADD_COLUMN);
    assert_true(sp[0].if_not_exists);
    assert_true(sp[0].column_kw);
    assert_int_equal(sp[0].position, 2);
    assert_str(sp[0].after, "id");
    assert_int_equal(sp[0].columns[0].default_value->lit_kind, BS_LIT_INT);
    assert_true(sp[1].paren);
    assert_int_equal(sp[1].ncolumns, 2);
    assert_int_equal(sp[1].nconstraints, 1);
    assert_int_equal(sp[2].kind, BS_ALTER_ADD_CONSTRAINT);
    assert_int_equal(sp[2].constraints[0].kind, BS_CONS_UNIQUE);
    assert_true(sp[3].if_not_exists);
    assert_int_equal(sp[4].kind, BS_ALTER_DROP_COLUMN);
    assert_true(sp[4].if_exists);
    assert_int_equal(sp[4].drop_behavior, 2);
    assert_int_equal(sp[5].kind, BS_ALTER_DROP_INDEX);
    assert_str(sp[5].name, "PRIMARY");
    assert_int_equal(sp[6].kind, BS_ALTER_DROP_FOREIGN_KEY);
    assert_int_equal(sp[7].kind, BS_ALTER_DROP_CONSTRAINT);
    assert_int_equal(sp[8].kind, BS_ALTER_MODIFY_COLUMN);
    assert_true(sp[8].if_exists);
    assert_int_equal(sp[8].position, 1);
    assert_int_equal(sp[8].columns[0].type.base, BS_DDL_TYPE_BIGINT);
    assert_true(sp[8].columns[0].type.is_unsigned);
    assert_int_equal(sp[9].kind, BS_ALTER_CHANGE_COLUMN);
    assert_str(sp[9].name, "c2");
    assert_str(sp[9].columns[0].name, "c2_new");
    assert_str(sp[9].columns[0].charset, "utf8");
    assert_int_equal(sp[10].kind, BS_ALTER_RENAME_COLUMN);
    assert_str(sp[10].new_name, "b");
    assert_int_equal(sp[11].kind, BS_ALTER_RENAME_INDEX);
    assert_int_equal(sp[11].key_word, 1);
    assert_int_equal(sp[12].kind, BS_ALTER_SET_DEFAULT);
    assert_str(sp[12].default_value.text, "x");
    assert_int_equal(sp[13].kind, BS_ALTER_DROP_DEFAULT);
    assert_int_equal(sp[14].kind, BS_ALTER_COLUMN_VISIBILITY);
    assert_int_equal(sp[14].visible, 0);
    assert_int_equal(sp[15].kind, BS_ALTER_INDEX_VISIBILITY);
    assert_int_equal(sp[15].visible, 1);
    assert_int_equal(sp[16].kind, BS_ALTER_CHECK_ENFORCED);
    assert_true(sp[16].enforced);
    assert_int_equal(sp[17].kind, BS_ALTER_CONVERT_CHARSET);
    assert_true(sp[17].options[0].value_default);
    assert_int_equal(sp[18].kind, BS_ALTER_TABLE_OPTIONS);
    assert_int_equal(sp[18].noptions, 2);
    assert_int_equal(sp[19].kind, BS_ALTER_ALGORITHM);
    assert_str(sp[19].word, "NOCOPY");
    assert_int_equal(sp[20].kind, BS_ALTER_LOCK);
    assert_int_equal(sp[21].kind, BS_ALTER_ADD_PERIOD);
    assert_int_equal(sp[22].kind, BS_ALTER_DROP_SYSTEM_VERSIONING);
    assert_int_equal(sp[23].kind, BS_ALTER_RENAME_TABLE);
    assert_str(sp[23].table.name, "t2");
}

static void alter_table_partition_specs(void **state)
{
    (void)state;
    static const struct {
        const char *sql;
        uint8_t kind;
        uint32_t nparts, num;
        uint8_t all;
    } cases[] = {
        {"ALTER TABLE t ADD PARTITION (PARTITION p3 VALUES IN (1, 2))", BS_ALTER_ADD_PARTITION, 0,
         0, 0},
        {"ALTER TABLE t ADD PARTITION PARTITIONS 4", BS_ALTER_ADD_PARTITION, 0, 4, 0},
        {"ALTER TABLE t DROP PARTITION p1, p2", BS_ALTER_DROP_PARTITION, 2, 0, 0},
        {"ALTER TABLE t TRUNCATE PARTITION ALL", BS_ALTER_TRUNCATE_PARTITION, 0, 0, 1},
        {"ALTER TABLE t COALESCE PARTITION 3", BS_ALTER_COALESCE_PARTITION, 0, 3, 0},
        {"ALTER TABLE t ANALYZE PARTITION p0", BS_ALTER_ANALYZE_PARTITION, 1, 0, 0},
        {"ALTER TABLE t CHECK PARTITION ALL", BS_ALTER_CHECK_PARTITION, 0, 0, 1},
        {"ALTER TABLE t OPTIMIZE PARTITION p0, p1", BS_ALTER_OPTIMIZE_PARTITION, 2, 0, 0},
        {"ALTER TABLE t REPAIR PARTITION p0", BS_ALTER_REPAIR_PARTITION, 1, 0, 0},
        {"ALTER TABLE t REBUILD PARTITION p0", BS_ALTER_REBUILD_PARTITION, 1, 0, 0},
        {"ALTER TABLE t DISCARD PARTITION p0 TABLESPACE", BS_ALTER_DISCARD_PARTITION_TABLESPACE, 1,
         0, 0},
        {"ALTER TABLE t IMPORT PARTITION ALL TABLESPACE", BS_ALTER_IMPORT_PARTITION_TABLESPACE, 0,
         0, 1},
        {"ALTER TABLE t REORGANIZE PARTITION p0 INTO (PARTITION a VALUES LESS THAN (5))",
         BS_ALTER_REORGANIZE_PARTITION, 1, 0, 0},
        {"ALTER TABLE t EXCHANGE PARTITION p0 WITH TABLE t2", BS_ALTER_EXCHANGE_PARTITION, 1, 0, 0},
        {"ALTER TABLE t REMOVE PARTITIONING", BS_ALTER_REMOVE_PARTITIONING, 0, 0, 0},
        {"ALTER TABLE t PARTITION BY LIST (a) (PARTITION p VALUES IN (1))", BS_ALTER_PARTITION_BY,
         0, 0, 0},
        {"ALTER TABLE t CONVERT PARTITION p0 TO TABLE t_p0", BS_ALTER_CONVERT_PARTITION_TO_TABLE, 1,
         0, 0},
        {"ALTER TABLE t CONVERT TABLE t_p0 TO PARTITION p0 VALUES LESS THAN (10)",
         BS_ALTER_CONVERT_TABLE_TO_PARTITION, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const bs_ddl_stmt *s = parse(cases[i].sql);
        assert_int_equal(s->u.alter.nspecs, 1);
        const bs_ddl_alter_spec *sp = &s->u.alter.specs[0];
        if (sp->kind != cases[i].kind || sp->npartitions != cases[i].nparts ||
            sp->num != cases[i].num || sp->all != cases[i].all)
            fail_msg("%s: kind %u partitions %u num %u all %u", cases[i].sql, sp->kind,
                     sp->npartitions, sp->num, sp->all);
    }
}

/* ---- other DDL ---- */

static void database_statements(void **state)
{
    (void)state;
    const bs_ddl_stmt *s = parse("CREATE SCHEMA /*!32312 IF NOT EXISTS*/ `shop` /*!40100 DEFAULT "
                                 "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin */ ENCRYPTION='N'");
    assert_int_equal(s->kind, BS_STMT_CREATE_DATABASE);
    assert_int_equal(s->flags & (BS_STMTF_IF_NOT_EXISTS | BS_STMTF_SCHEMA_KW),
                     BS_STMTF_IF_NOT_EXISTS | BS_STMTF_SCHEMA_KW);
    assert_str(s->u.database.name, "shop");
    assert_int_equal(s->u.database.noptions, 3);
    assert_int_equal(s->u.database.options[0].kind, BS_DBOPT_CHARSET);
    assert_true(s->u.database.options[0].default_kw);
    assert_int_equal(s->u.database.options[2].kind, BS_DBOPT_ENCRYPTION);
    s = parse("ALTER DATABASE CHARACTER SET = DEFAULT READ ONLY = 1");
    assert_int_equal(s->u.database.name.len, 0);
    assert_true(s->u.database.options[0].value_default);
    assert_int_equal(s->u.database.options[1].kind, BS_DBOPT_READ_ONLY);
    s = parse("DROP DATABASE IF EXISTS x");
    assert_int_equal(s->kind, BS_STMT_DROP_DATABASE);
    assert_true(s->flags & BS_STMTF_IF_EXISTS);
}

static void table_statements(void **state)
{
    (void)state;
    const bs_ddl_stmt *s = parse("DROP TEMPORARY TABLES IF EXISTS a, b.c NOWAIT RESTRICT");
    assert_int_equal(s->kind, BS_STMT_DROP_TABLE);
    assert_int_equal(s->flags & (BS_STMTF_TEMPORARY | BS_STMTF_IF_EXISTS),
                     BS_STMTF_TEMPORARY | BS_STMTF_IF_EXISTS);
    assert_int_equal(s->u.drop.ntables, 2);
    assert_str(s->u.drop.tables[1].schema, "b");
    assert_int_equal(s->u.drop.drop_behavior, 1);
    s = parse("RENAME TABLE IF EXISTS a WAIT 3 TO b, db.c TO db2.d");
    assert_int_equal(s->kind, BS_STMT_RENAME_TABLE);
    assert_int_equal(s->u.rename.npairs, 2);
    assert_str(s->u.rename.pairs[1].to.schema, "db2");
    s = parse("TRUNCATE t1");
    assert_int_equal(s->kind, BS_STMT_TRUNCATE_TABLE);
    assert_str(s->u.drop.tables[0].name, "t1");
    s = parse("CREATE OR REPLACE UNIQUE INDEX IF NOT EXISTS i ON db.t (a, (b + 1) DESC) USING "
              "HASH ALGORITHM = INPLACE LOCK NONE");
    assert_int_equal(s->kind, BS_STMT_CREATE_INDEX);
    assert_int_equal(s->u.create_index.kind, BS_CONS_UNIQUE);
    assert_int_equal(s->flags & (BS_STMTF_OR_REPLACE | BS_STMTF_IF_NOT_EXISTS),
                     BS_STMTF_OR_REPLACE | BS_STMTF_IF_NOT_EXISTS);
    assert_int_equal(s->u.create_index.nparts, 2);
    assert_int_equal(s->u.create_index.opts.using, BS_USING_HASH);
    assert_str(s->u.create_index.lock, "NONE");
    s = parse("DROP INDEX IF EXISTS `PRIMARY` ON t ALGORITHM=COPY");
    assert_int_equal(s->kind, BS_STMT_DROP_INDEX);
    assert_str(s->u.drop_index.name, "PRIMARY");
    assert_str(s->u.drop_index.algorithm, "COPY");
}

static void views_and_sequences(void **state)
{
    (void)state;
    const bs_ddl_stmt *s = parse(
        "CREATE OR REPLACE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY "
        "DEFINER VIEW `v1` (a, b) AS SELECT x, y FROM t WHERE (x > 1) WITH LOCAL CHECK OPTION");
    assert_int_equal(s->kind, BS_STMT_CREATE_VIEW);
    const bs_ddl_view *v = &s->u.view;
    assert_str(v->name.name, "v1");
    assert_str(v->algorithm, "UNDEFINED");
    assert_int_equal(v->definer.ntok, 2);
    assert_str(v->security, "DEFINER");
    assert_int_equal(v->ncols, 2);
    assert_int_equal(v->check_option, 2);
    assert_int_equal(v->select.ntok, 12);
    s = parse("ALTER DEFINER = CURRENT_USER() VIEW v AS SELECT 1");
    assert_int_equal(s->kind, BS_STMT_ALTER_VIEW);
    s = parse("DROP VIEW IF EXISTS v1, v2 CASCADE");
    assert_int_equal(s->kind, BS_STMT_DROP_VIEW);
    assert_int_equal(s->u.drop.ntables, 2);
    s = parse("CREATE SEQUENCE s START WITH 100 INCREMENT BY -10 MINVALUE=1 NO MAXVALUE CACHE 20 "
              "CYCLE ENGINE=InnoDB");
    assert_int_equal(s->kind, BS_STMT_CREATE_SEQUENCE);
    assert_int_equal(s->u.sequence.noptions, 6);
    assert_int_equal(s->u.sequence.options[1].kind, BS_SEQ_INCREMENT);
    assert_true(s->u.sequence.options[1].negative);
    assert_int_equal(s->u.sequence.ntable_options, 1);
    s = parse("ALTER SEQUENCE IF EXISTS s RESTART WITH 5");
    assert_int_equal(s->kind, BS_STMT_ALTER_SEQUENCE);
    assert_int_equal(s->u.sequence.options[0].kind, BS_SEQ_RESTART);
    s = parse("DROP TEMPORARY SEQUENCE s1, s2");
    assert_int_equal(s->kind, BS_STMT_DROP_SEQUENCE);
}

/* ---- recognized statements ---- */

static void recognized_kinds(void **state)
{
    (void)state;
    static const struct {
        const char *sql;
        uint16_t kind;
    } cases[] = {
        {"BEGIN", BS_STMT_BEGIN},
        {"START TRANSACTION WITH CONSISTENT SNAPSHOT", BS_STMT_BEGIN},
        {"COMMIT", BS_STMT_COMMIT},
        {"ROLLBACK", BS_STMT_ROLLBACK},
        {"ROLLBACK TO SAVEPOINT a", BS_STMT_ROLLBACK_TO_SAVEPOINT},
        {"SAVEPOINT `A`", BS_STMT_SAVEPOINT},
        {"RELEASE SAVEPOINT a", BS_STMT_RELEASE_SAVEPOINT},
        {"XA START X'31',X'',1", BS_STMT_XA},
        {"INSERT INTO t VALUES (1, 'unterminated stays unread", BS_STMT_INSERT},
        {"insert t1 set a = 1", BS_STMT_INSERT},
        {"REPLACE INTO t VALUES (1)", BS_STMT_REPLACE},
        {"UPDATE sbtest1 SET k=k+1 WHERE id=5", BS_STMT_UPDATE},
        {"DELETE FROM t", BS_STMT_DELETE},
        {"LOAD DATA INFILE '/tmp/x' INTO TABLE t", BS_STMT_LOAD_DATA},
        {"SET @a = 1", BS_STMT_SET},
        {"SET PASSWORD FOR u = 'x'", BS_STMT_SET_PASSWORD},
        {"GRANT SELECT ON db.* TO 'u'@'%'", BS_STMT_GRANT},
        {"REVOKE ALL ON *.* FROM u", BS_STMT_REVOKE},
        {"CREATE USER 'u'@'%' IDENTIFIED BY 'p'", BS_STMT_CREATE_USER},
        {"ALTER USER u ACCOUNT LOCK", BS_STMT_ALTER_USER},
        {"DROP USER u", BS_STMT_DROP_USER},
        {"RENAME USER a TO b", BS_STMT_RENAME_USER},
        {"CREATE ROLE r", BS_STMT_CREATE_ROLE},
        {"FLUSH PRIVILEGES", BS_STMT_FLUSH},
        {"ANALYZE NO_WRITE_TO_BINLOG TABLE t", BS_STMT_ANALYZE_TABLE},
        {"OPTIMIZE TABLE t", BS_STMT_OPTIMIZE_TABLE},
        {"REPAIR LOCAL TABLE t", BS_STMT_REPAIR_TABLE},
        {"CREATE DEFINER=`root`@`localhost` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET x=1",
         BS_STMT_CREATE_TRIGGER},
        {"CREATE DEFINER=\"root\"@\"localhost\" PROCEDURE p() BEGIN END", BS_STMT_CREATE_PROCEDURE},
        {"CREATE AGGREGATE FUNCTION f RETURNS INTEGER SONAME 'x.so'", BS_STMT_CREATE_FUNCTION},
        {"CREATE DEFINER=root@localhost EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1",
         BS_STMT_CREATE_EVENT},
        {"DROP PROCEDURE IF EXISTS p", BS_STMT_DROP_PROCEDURE},
        {"CREATE TABLESPACE ts ADD DATAFILE 'ts.ibd'", BS_STMT_CREATE_TABLESPACE},
        {"DROP UNDO TABLESPACE u", BS_STMT_DROP_TABLESPACE},
        {"CREATE SERVER s FOREIGN DATA WRAPPER mysql OPTIONS (HOST 'h')", BS_STMT_CREATE_SERVER},
        {"CREATE LOGFILE GROUP lg ADD UNDOFILE 'u'", BS_STMT_LOGFILE_GROUP},
        {"INSTALL PLUGIN p SONAME 'p.so'", BS_STMT_PLUGIN},
        {"LOCK TABLES t WRITE", BS_STMT_LOCK_TABLES},
        {"(SELECT 1)", BS_STMT_SELECT},
        {"/* ApplicationName=DBeaver */ -- note\n# more\n COMMIT", BS_STMT_COMMIT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const bs_ddl_stmt *s = parse(cases[i].sql);
        if (s->kind != cases[i].kind)
            fail_msg("%s: %s, want %s", cases[i].sql, bs_ddl_kind_name(s->kind),
                     bs_ddl_kind_name(cases[i].kind));
        assert_false(bs_ddl_kind_is_parsed(s->kind));
    }
    /* only the leading tokens of a recognized statement are read */
    const bs_ddl_stmt *s = parse("INSERT INTO t VALUES (1), (2), (3)");
    assert_true(s->ntokens <= 3);
    assert_string_equal(bs_ddl_kind_name(BS_STMT_CREATE_TABLE), "CREATE TABLE");
    assert_string_equal(bs_ddl_kind_name(9999), "UNKNOWN");
}

static void statement_bounds(void **state)
{
    (void)state;
    const char *sql = "  /* lead */ DROP TABLE t; CREATE TABLE u (a INT)";
    const bs_ddl_stmt *s = parse(sql);
    assert_int_equal(s->off, strstr(sql, "DROP") - sql);
    assert_int_equal(s->len, strlen("DROP TABLE t"));
    assert_int_equal(s->rest_off, strstr(sql, "CREATE") - sql);
    s = parse("DROP TABLE t");
    assert_int_equal(s->rest_off, 12);
}

/* ---- errors ---- */

static void invalid_statements(void **state)
{
    (void)state;
    static const struct {
        const char *sql;
        int code;
        uint64_t offset;
        const char *msg;
    } cases[] = {
        {"", BS_ESYNTAX, 0, "expected a statement"},
        {"   -- only a comment", BS_ESYNTAX, 20, "expected a statement"},
        {"HELLO WORLD", BS_ESYNTAX, 0, "near 'HELLO': expected a statement"},
        {"CREATE TABLE t (a INT", BS_ESYNTAX, 21, "unexpected end of statement: expected )"},
        {"CREATE TABLE t (a NOTATYPE)", BS_ESYNTAX, 18, "expected a column type"},
        {"CREATE TABLE t (a VARCHAR)", BS_ESYNTAX, 25, "expected a VARCHAR length"},
        {"CREATE TABLE t", BS_ESYNTAX, 14, "expected a column list, LIKE or a query"},
        {"CREATE TABLE t (a INT) garbage", BS_ESYNTAX, 23, "near 'garbage': expected the end"},
        {"ALTER TABLE t ADD COLUMN", BS_ESYNTAX, 24, "expected a name"},
        {"ALTER TABLE t DROP COLUMN a b", BS_ESYNTAX, 28, "expected ',' or the end"},
        {"ALTER TABLE t ALTER COLUMN a SET NOTHING", BS_ESYNTAX, 33,
         "DEFAULT, VISIBLE or INVISIBLE"},
        {"DROP TABLE", BS_ESYNTAX, 10, "expected a name"},
        {"DROP TABLE `unterminated", BS_ESYNTAX, 11, "unterminated quoted identifier"},
        {"CREATE TABLE t (a INT DEFAULT 'x)", BS_ESYNTAX, 30, "unterminated string"},
        {"CREATE TABLE t (a INT) /* open", BS_ESYNTAX, 23, "unterminated comment"},
        {"CREATE TABLE t (a ENUM())", BS_ESYNTAX, 23, "expected an ENUM/SET member string"},
        {"CREATE TABLE t (a INT(99999999999999999999))", BS_ESYNTAX, 22, "a smaller integer"},
        {"RENAME TABLE a b", BS_ESYNTAX, 15, "near 'b': expected TO"},
        {"CREATE VIEW v AS", BS_ESYNTAX, 16, "expected a query"},
        {"CREATE FOO x", BS_ESYNTAX, 7, "expected an object to create"},
        {"CREATE TABLE t (a BIT(1) DEFAULT B'102')", BS_ESYNTAX, 33, "bad bit literal"},
        {"CREATE TABLE t (a INT) PARTITION BY RANGE (a) (PARTITION p VALUES FROM (1))", BS_ESYNTAX,
         66, "expected LESS THAN or IN"},
        {"/*!50100 CREATE TABLE t (a INT) /*!50100 x */ */", BS_ESYNTAX, 32,
         "nested executable comment"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const bs_ddl_stmt *s = (const bs_ddl_stmt *)1;
        bs_error err;
        int rc = bs_ddl_parse(parser, cases[i].sql, strlen(cases[i].sql), NULL, &s, &err);
        if (rc != cases[i].code || err.offset != cases[i].offset ||
            !strstr(err.message, cases[i].msg))
            fail_msg("%s: rc %d offset %llu '%s'", cases[i].sql, rc, (unsigned long long)err.offset,
                     err.message);
        assert_int_equal(err.code, rc);
        assert_null(s);
    }
}

static void token_limit(void **state)
{
    (void)state;
    size_t n = (size_t)BS_DDL_MAX_TOKENS * 2 + 64;
    char *sql = malloc(n + 1);
    assert_non_null(sql);
    strcpy(sql, "DROP TABLE t");
    size_t len = strlen(sql);
    while (len + 2 < n) {
        sql[len++] = ',';
        sql[len++] = 't';
    }
    const bs_ddl_stmt *s;
    bs_error err;
    assert_int_equal(bs_ddl_parse(parser, sql, len, NULL, &s, &err), BS_ELIMIT);
    free(sql);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(create_table_columns),
        cmocka_unit_test(create_table_types),
        cmocka_unit_test(create_table_string_attributes),
        cmocka_unit_test(create_table_column_options),
        cmocka_unit_test(create_table_indexes),
        cmocka_unit_test(create_table_options_and_partitions),
        cmocka_unit_test(create_table_like_and_select),
        cmocka_unit_test(alter_table_specs),
        cmocka_unit_test(alter_table_partition_specs),
        cmocka_unit_test(database_statements),
        cmocka_unit_test(table_statements),
        cmocka_unit_test(views_and_sequences),
        cmocka_unit_test(recognized_kinds),
        cmocka_unit_test(statement_bounds),
        cmocka_unit_test(invalid_statements),
        cmocka_unit_test(token_limit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
