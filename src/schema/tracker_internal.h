/*
 * tracker_internal.h - what the schema tracker's files share.
 *
 * A tracked table is immutable. A change works on a draft: arrays of columns
 * and keys whose strings are borrowed from the table being changed or
 * allocated in the tracker's scratch arena; committing the draft copies
 * everything into one fresh allocation (a new tr_table), swaps it into the
 * hash map and frees the old table. A failed change just drops the draft, so
 * the table is unchanged.
 *
 * Columns keep, besides the public facts, their definition as SQL text
 * without the parts the tracker tracks itself (NULL/NOT NULL, DEFAULT, key
 * options, visibility, charset and collation): the full definition is
 * re-assembled from the model when old_column needs it, so ALTER COLUMN SET
 * DEFAULT, CHANGE renames, CONVERT TO CHARACTER SET and keys added later are
 * all reflected.
 */
#ifndef BS_SCHEMA_TRACKER_INTERNAL_H
#define BS_SCHEMA_TRACKER_INTERNAL_H

#include "binsift/buf.h"
#include "binsift/tracker.h"
#include "util/arena.h"

/* A column of a draft or table. */
typedef struct tr_col {
    bs_schema_column pub;          /* key_flags are computed at commit */
    uint8_t ddl_type;              /* bs_ddl_type */
    const char *def_type;          /* the type without charset/collation attributes */
    const char *def_rest;          /* the options the tracker does not model (see above) */
    const char *charset, *collate; /* resolved, lower-case; "" when unknown or not text */
} tr_col;

typedef struct tr_key {
    const char *name;
    uint8_t primary, unique, kind; /* kind: bs_ddl_constraint_kind */
    uint8_t has_expr;              /* has functional parts (not in cols) */
    uint32_t ncols;
    const char **cols; /* column names */
} tr_key;

typedef struct tr_draft {
    const char *schema, *name; /* already folded */
    const char *charset, *collate;
    int origin;
    tr_col *cols;
    uint32_t ncols, cap_cols;
    tr_key *keys;
    uint32_t nkeys, cap_keys;
} tr_draft;

typedef struct tr_table {
    bs_schema_table pub; /* first: a bs_schema_table pointer is a tr_table pointer */
    uint64_t hash;
    size_t slen, tlen;
    tr_col *cols; /* the model, pub.cols point into it (cols[i].pub) */
    tr_key *keys;
    uint32_t nkeys;
    bs_rules_expr_table *expr; /* built on request (one malloc) */
} tr_table;

typedef struct tr_db {
    char *name; /* folded like table schemas */
    char *charset, *collate;
} tr_db;

struct bs_schema_tracker {
    int lower;
    tr_table **slots; /* open addressing, linear probing, power of two */
    size_t nslots, nused;
    tr_db *dbs;
    size_t ndbs, cap_dbs;
    uint64_t version;
    bs_arena scratch;      /* drafts' strings, reset after each change */
    bs_ddl_parser *parser; /* old_column's and scripts' statements */
    bs_buf text;           /* old_column's CREATE TABLE */
};

#define TR_NAME_MAX 256 /* bytes of a schema/table name (MySQL: 64 characters) */

/* ---- tracker.c: the map ---- */
/* Fold (when lower) into buf; NULL when longer than TR_NAME_MAX. */
const char *tr_fold(const bs_schema_tracker *t, const char *s, size_t n, char *buf);
tr_table *tr_find(const bs_schema_tracker *t, const char *schema, size_t slen, const char *table,
                  size_t tlen);
/* Replace old (may be NULL) by the draft under the draft's name. */
int tr_commit(bs_schema_tracker *t, tr_table *old, const tr_draft *d, bs_error *err);
void tr_remove(bs_schema_tracker *t, tr_table *tbl);
/* The draft of an existing table (borrowing its strings). */
int tr_draft_from(const tr_table *tbl, tr_draft *d);
void tr_draft_free(tr_draft *d);
tr_db *tr_db_find(const bs_schema_tracker *t, const char *name, size_t len);
/* The database, created (no charset) when missing; *out may be NULL. */
int tr_db_ensure(bs_schema_tracker *t, const char *name, size_t len, tr_db **out);
void tr_db_drop(bs_schema_tracker *t, const char *name, size_t len);
char *tr_strdup(bs_schema_tracker *t, const char *s, size_t n); /* into scratch */
/* A statement's name, folded, as a scratch string. */
const char *tr_name(bs_schema_tracker *t, const bs_ddl_str *s);

/* ---- tracker_draft.c: editing a draft ---- */
typedef struct tr_key_def {
    uint8_t kind; /* bs_ddl_constraint_kind */
    bs_ddl_str name;
    const bs_ddl_keypart *parts;
    uint32_t nparts;
    int if_not_exists;
} tr_key_def;

int tr_oom(bs_error *err);
int tr_find_col(const tr_draft *d, const char *name, size_t len);
int tr_find_key(const tr_draft *d, const char *name, size_t len);
int tr_insert_col(tr_draft *d, uint32_t at, const tr_col *c);
void tr_remove_col(tr_draft *d, uint32_t at);
void tr_remove_key(tr_draft *d, uint32_t at);
/* Every column of the primary key NOT NULL. */
void tr_primary_not_null(tr_draft *d);
/* Add a key (FOREIGN KEY, CHECK and FULLTEXT are no keys: nothing added). */
int tr_add_key(bs_schema_tracker *t, tr_draft *d, const tr_key_def *kd, bs_error *err);
tr_key_def tr_constraint_key(const bs_ddl_constraint *c);
/* The keys a column definition declares (PRIMARY KEY, UNIQUE, SERIAL). */
int tr_inline_keys(bs_schema_tracker *t, tr_draft *d, const bs_ddl_column *col, bs_error *err);
int tr_rename_in_keys(bs_schema_tracker *t, tr_draft *d, const char *from, const char *to);
/* Remove a column from every key; keys left without columns go. */
int tr_drop_from_keys(bs_schema_tracker *t, tr_draft *d, const char *name);
/* A column from its definition, with the draft's charset; 44006 when bad. */
int tr_new_column(bs_schema_tracker *t, const tr_draft *d, const bs_ddl_stmt *st,
                  const bs_ddl_column *col, tr_col *c, bs_error *err);
/* The last CHARSET and COLLATE of a table option list: 1 when either is
 * given, 0 when neither, BS_ENOMEM. */
int tr_charset_options(bs_schema_tracker *t, const bs_ddl_table_option *o, uint32_t n,
                       const char **cs, const char **co, bs_error *err);

/* ---- tracker_alter.c ---- */
/* One ALTER TABLE specification on tbl; 0 (changed or not) or an error. */
int tr_apply_alter(bs_schema_tracker *t, tr_table *tbl, const bs_ddl_split_stmt *s, int origin,
                   bs_error *err);

/* ---- tracker_column.c: columns from the syntax tree ---- */
/* Fill c from a column definition of stmt, with the table's charset for
 * character columns that do not name one. */
int tr_column_from_ddl(bs_schema_tracker *t, const bs_ddl_stmt *stmt, const bs_ddl_column *col,
                       const char *table_charset, const char *table_collate, tr_col *c);
/* The full definition (`name` type ... NOT NULL DEFAULT ...) into out. */
int tr_column_definition(const tr_col *c, int not_null, bs_buf *out);
/* A default expression as written (parentheses kept) into scratch. */
const char *tr_expr_text(bs_schema_tracker *t, const bs_ddl_stmt *stmt, const bs_ddl_expr *e);
/* Resolve a CHARSET / COLLATE pair (either may be "") the way MySQL does:
 * a collation alone gives its charset. Lower-case copies into scratch. */
int tr_charset_pair(bs_schema_tracker *t, const bs_ddl_str *cs, const bs_ddl_str *co,
                    const char **charset, const char **collate);
/* Collation id of a resolved pair (TiDB's _bin default for a charset alone). */
uint16_t tr_collation_id(const char *charset, const char *collate);
int tr_needs_charset(uint8_t ddl_type);
int tr_ieq(const char *a, const char *b);
int tr_ieqn(const char *a, const char *b, size_t blen);

/* ---- errors ---- */
int tr_fail(bs_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
