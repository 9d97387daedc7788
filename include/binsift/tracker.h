/*
 * binsift/tracker.h - DM's schema tracker: the structure of every upstream
 * table of one source, as DM's in-memory TiDB holds it.
 *
 * DM decodes row images positionally against the tables its tracker knows
 * (dm-rules.md §8); binsift keeps the same knowledge per source. Tables come
 * from the DDL of the binlog (one DM split statement at a time,
 * bs_schema_tracker_apply), from schema files (bs_schema_tracker_load_sql:
 * `mariadb-dump --no-data` output, `--schema FILE.sql`), or are copied from
 * another tracker (DM initialises an untracked table from the downstream
 * structure, bs_schema_tracker_copy_table).
 *
 * Every change builds a new immutable bs_schema_table: pointers returned
 * (tables, columns, keys, strings) stay valid until the next change to that
 * table or the tracker is freed; `version` (a tracker-wide counter) tells a
 * holder whether it must re-find. Lookup is a hash probe that never
 * allocates. Names: schema and table names are compared exactly as stored;
 * with lower_case_table_names they are folded to lower case on insert and on
 * lookup. Column names are matched case-insensitively, as in MySQL.
 */
#ifndef BINSIFT_TRACKER_H
#define BINSIFT_TRACKER_H

#include <stddef.h>
#include <stdint.h>

#include "binsift/error.h"
#include "binsift/expr.h"   /* bs_rules_expr_table */
#include "binsift/rules.h"  /* bs_rules_old_column, BS_OLDCOL_* */
#include "binsift/schema.h" /* bs_ddl_split_stmt */

#ifdef __cplusplus
extern "C" {
#endif

/* DM's code for "cannot track DDL". */
#define BS_DM_CANNOT_TRACK_DDL 44006

enum bs_schema_origin { BS_SCHEMA_FROM_BINLOG = 1, BS_SCHEMA_FROM_FILE, BS_SCHEMA_FROM_DOWNSTREAM };

typedef struct bs_schema_column {
    const char *name;
    uint8_t type; /* BS_TYPE_* (binsift/value.h) of the declared type: TIME2/DATETIME2/
                     TIMESTAMP2 for temporals, TINY_BLOB..LONG_BLOB for TEXT and BLOB
                     kinds, STRING for CHAR/BINARY, ENUM/SET as such */
    uint8_t is_unsigned, not_null, auto_increment, has_default;
    uint8_t hidden;    /* invisible column (MySQL 8 INVISIBLE): not in row images' visible list */
    uint8_t generated; /* GENERATED ALWAYS AS */
    uint8_t scale, precision; /* DECIMAL; fsp for temporal (in scale) */
    uint16_t collation;       /* collation id when declared/derivable, 0 = default */
    uint32_t length;          /* CHAR/VARCHAR/BINARY length, BIT width */
    const char
        *type_text; /* the type as written, normalised lower-case: "int unsigned", "varchar(20)" */
    const char *default_text; /* DEFAULT as written, NULL when none */
    const char *const *members;
    uint32_t n_members; /* ENUM/SET */
    unsigned key_flags; /* BS_OLDCOL_PRIMARY_KEY / BS_OLDCOL_UNIQUE_KEY as TiDB sets them */
} bs_schema_column;

typedef struct bs_schema_key {
    const char *name; /* "PRIMARY" for the primary key */
    uint8_t primary, unique;
    uint8_t kind; /* bs_ddl_constraint_kind: PRIMARY, UNIQUE, INDEX, SPATIAL, VECTOR */
    uint32_t ncols;
    const uint32_t *cols; /* column indexes (functional key parts are not listed) */
} bs_schema_key;

typedef struct bs_schema_table {
    const char *schema, *name; /* as tracked (folded when lower_case_table_names) */
    uint32_t ncols;
    const bs_schema_column *cols; /* table order */
    uint32_t nkeys;
    const bs_schema_key *keys; /* primary key first, then unique keys, then others */
    uint64_t version;          /* changes whenever the structure changes (tracker-wide counter) */
    int origin;                /* bs_schema_origin */
    const char *charset, *collate; /* table defaults, "" when unknown */
} bs_schema_table;

typedef struct bs_schema_tracker bs_schema_tracker;

int bs_schema_tracker_new(int lower_case_table_names, bs_schema_tracker **out, bs_error *err);
void bs_schema_tracker_free(bs_schema_tracker *t);

/* Apply one DM split statement (bs_ddl_split, src/schema/ddl_split.c) as DM's
 * tracker (TiDB's pkg/ddl/schematracker, driven by DM's trackDDL) does:
 * CREATE DATABASE / DROP DATABASE (drops its tables), CREATE TABLE (columns,
 * types, NOT NULL, defaults, AUTO_INCREMENT, PRIMARY/UNIQUE/other keys incl.
 * inline column PRIMARY KEY/UNIQUE; FULLTEXT keys ignored, as TiDB does),
 * CREATE TABLE ... LIKE, DROP TABLE, RENAME TABLE, TRUNCATE (no change),
 * CREATE INDEX, DROP INDEX, ALTER TABLE with each spec: ADD/DROP/MODIFY/
 * CHANGE/RENAME COLUMN (FIRST/AFTER), ALTER COLUMN SET/DROP DEFAULT, ADD/DROP
 * PRIMARY KEY / UNIQUE / INDEX, RENAME INDEX, RENAME TO, table options
 * (charset/collate), CONVERT TO CHARACTER SET; anything else that does not
 * change columns/keys leaves the table unchanged (its version too). DM's
 * split adds IF NOT EXISTS to CREATE DATABASE/TABLE and IF EXISTS to DROP
 * DATABASE/TABLE/INDEX, so those are no-ops when there is nothing to do; the
 * database of a table statement is created implicitly, as DM does.
 * Returns 0 when applied or nothing to do. When the tracker fails with an
 * error DM ignores (dropping a column or index that does not exist: DM logs
 * a warning and goes on) it also returns 0, the table unchanged, with the
 * warning in err->message (err->code stays 0). BS_EINVAL with a message and
 * err->dm_code = 44006 when DM's tracker fails ("cannot track DDL": ADD
 * COLUMN of an existing column, MODIFY/CHANGE of a missing one, a second
 * primary key, ALTER of an unknown table, ...); the table is then unchanged.
 * BS_ENOMEM. */
int bs_schema_tracker_apply(bs_schema_tracker *t, const bs_ddl_split_stmt *s, int origin,
                            bs_error *err);

/* Load a SQL script (e.g. `mariadb-dump --no-data` output): USE db, CREATE
 * DATABASE, CREATE TABLE [db.]t ... (replacing a table already tracked: the
 * file is authoritative), the other table DDL as apply() does; SET,
 * comments, version comments, LOCK/UNLOCK TABLES, INSERT and other non-DDL
 * statements, views, and DELIMITER blocks (triggers, routines) are ignored.
 * default_db (may be NULL) is the database for unqualified names before any
 * USE. Errors name the file (name) and the 1-based line of the statement:
 * BS_ESYNTAX for a statement that does not parse, BS_EINVAL for a CREATE
 * TABLE without database or a DDL the tracker cannot apply. */
int bs_schema_tracker_load_sql(bs_schema_tracker *t, const char *name, const char *sql, size_t len,
                               const char *default_db, int origin, bs_error *err);

/* The table, NULL when not tracked. Never allocates. */
const bs_schema_table *bs_schema_tracker_find(const bs_schema_tracker *t, const char *schema,
                                              size_t slen, const char *table, size_t tlen);

/* Index of the column named name (case-insensitive) in t, -1 when none. */
int bs_schema_table_column(const bs_schema_table *t, const char *name, size_t len);

/* Copy src (e.g. from a downstream tracker) into t as schema.table, replacing
 * what t had under that name: DM initialises an untracked upstream table from
 * the downstream target's structure, renamed to the upstream name. */
int bs_schema_tracker_copy_table(bs_schema_tracker *t, const bs_schema_table *src,
                                 const char *schema, const char *table, int origin, bs_error *err);

/* bs_rules_column_lookup_fn for bs_rules_query_input.lookup (ctx is the
 * tracker): the column's definition as a one-column CREATE TABLE parsed by
 * the tracker's own parser, the key flags the tracker holds, the table's
 * charset and collation. Results stay valid until the next lookup. Returns 1
 * when found, 0 when the table or column is unknown. */
int bs_schema_tracker_old_column(void *tracker, const char *schema, const char *table,
                                 const char *column, bs_rules_old_column *out);

/* The table as the expression engine wants it (visible columns only, with
 * types/collations), built on first request and kept with the table until it
 * changes. NULL only when out of memory. */
const bs_rules_expr_table *bs_schema_table_expr(const bs_schema_table *t);

/* Number of tables tracked (for statistics/tests). */
size_t bs_schema_tracker_count(const bs_schema_tracker *t);

#ifdef __cplusplus
}
#endif
#endif
