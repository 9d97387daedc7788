/*
 * ddl_split.c - DM's SplitDDL and FetchDDLTables (tiflow
 * dm/pkg/parser/common.go), on binsift's syntax tree.
 *
 * DM executes DDL downstream one table change at a time: DROP TABLE a, b
 * becomes one statement per table, RENAME TABLE one per pair, ALTER TABLE one
 * per specification (ADD COLUMN (a, b) one per column, the list's indexes
 * then being lost, as in DM), with the current database written into every
 * unqualified name; later specifications of an ALTER act on the table an
 * earlier RENAME gave. Only the statement kinds DM's SplitDDL lists are
 * accepted: databases, tables, indexes, RENAME, TRUNCATE, DROP VIEW (a
 * DropTableStmt in TiDB) and sequences (passed through unchanged); anything
 * else is DM's "unknown type ddl" (11007).
 *
 * A split statement does not copy the tree: it points at the statement and
 * names the table/pair/spec/column it keeps; bs_ddl_restore renders it.
 */
#include <ctype.h>
#include <string.h>

#include "schema/ddl_internal.h"
#include "util/error_internal.h"

#define DM_UNKNOWN_TYPE_DDL 11007

typedef struct split_ctx {
    ddl_parser *p;
    const bs_ddl_stmt *stmt;
    bs_ddl_str cur_db;
    int lower;
    ddl_vec out;
} split_ctx;

static bs_ddl_str lower_copy(ddl_parser *p, bs_ddl_str s)
{
    int has_upper = 0;
    for (uint32_t i = 0; i < s.len && !has_upper; i++)
        has_upper = s.ptr[i] >= 'A' && s.ptr[i] <= 'Z';
    if (!has_upper) return s;
    char *c = ddl_alloc(p, (size_t)s.len + 1);
    if (!c) return s; /* error recorded; the caller checks */
    for (uint32_t i = 0; i < s.len; i++)
        c[i] = (char)tolower((unsigned char)s.ptr[i]);
    s.ptr = c;
    return s;
}

/* The table with the current database when it has none. */
static bs_ddl_table filled(const split_ctx *c, const bs_ddl_table *t)
{
    bs_ddl_table r = *t;
    if (r.schema.len == 0) r.schema = c->cur_db;
    return r;
}

/* Append a split statement with n tables: written[i] as given, tables[i]
 * filled (and lower-cased). */
static int add_split(split_ctx *c, uint32_t index, uint32_t column, const bs_ddl_table *written,
                     uint32_t n)
{
    bs_ddl_split_stmt *s = ddl_vec_push(c->p, &c->out, sizeof *s);
    bs_ddl_table *w = ddl_alloc(c->p, (n ? n : 1) * sizeof *w);
    bs_ddl_table *t = ddl_alloc(c->p, (n ? n : 1) * sizeof *t);
    if (!s || !w || !t) return BS_ENOMEM;
    s->stmt = c->stmt;
    s->index = index;
    s->column = column;
    s->ntables = n;
    for (uint32_t i = 0; i < n; i++) {
        w[i] = written[i];
        t[i] = filled(c, &written[i]);
        if (c->lower) {
            t[i].schema = lower_copy(c->p, t[i].schema);
            t[i].name = lower_copy(c->p, t[i].name);
        }
    }
    s->written = w;
    s->tables = t;
    return c->p->err->code;
}

static int split_database(split_ctx *c)
{
    bs_ddl_table t = {0};
    t.schema = c->stmt->u.database.name;
    if (t.schema.len == 0) t.schema = c->cur_db; /* ALTER DATABASE without a name */
    c->lower = 0;                                /* FetchDDLTables keeps a database name's case */
    return add_split(c, 0, UINT32_MAX, &t, 1);
}

static int split_table_list(split_ctx *c)
{
    const bs_ddl_table_list *d = &c->stmt->u.drop;
    for (uint32_t i = 0; i < d->ntables; i++) {
        bs_ddl_table t = filled(c, &d->tables[i]);
        TRY(add_split(c, i, UINT32_MAX, &t, 1));
    }
    return 0;
}

static int split_one(split_ctx *c, const bs_ddl_table *t)
{
    bs_ddl_table w = filled(c, t);
    return add_split(c, 0, UINT32_MAX, &w, 1);
}

static int split_create_table(split_ctx *c)
{
    const bs_ddl_create_table *ct = &c->stmt->u.create_table;
    bs_ddl_table w[2] = {filled(c, &ct->table), filled(c, &ct->like_table)};
    return add_split(c, 0, UINT32_MAX, w, ct->like ? 2 : 1);
}

static int split_rename(split_ctx *c)
{
    const bs_ddl_rename *r = &c->stmt->u.rename;
    for (uint32_t i = 0; i < r->npairs; i++) {
        bs_ddl_table w[2] = {filled(c, &r->pairs[i].from), filled(c, &r->pairs[i].to)};
        TRY(add_split(c, i, UINT32_MAX, w, 2));
    }
    return 0;
}

static int split_alter(split_ctx *c)
{
    const bs_ddl_alter_table *a = &c->stmt->u.alter;
    bs_ddl_table cur = filled(c, &a->table);
    for (uint32_t i = 0; i < a->nspecs; i++) {
        const bs_ddl_alter_spec *s = &a->specs[i];
        if (s->kind == BS_ALTER_ADD_COLUMN && s->paren && s->ncolumns > 1) {
            for (uint32_t k = 0; k < s->ncolumns; k++)
                TRY(add_split(c, i, k, &cur, 1));
            continue;
        }
        bs_ddl_table w[2] = {cur, {{0}, {0}}};
        uint32_t n = 1;
        if (s->kind == BS_ALTER_RENAME_TABLE) {
            w[1] = filled(c, &s->table);
            n = 2;
        } else if (s->kind == BS_ALTER_EXCHANGE_PARTITION ||
                   s->kind == BS_ALTER_CONVERT_PARTITION_TO_TABLE ||
                   s->kind == BS_ALTER_CONVERT_TABLE_TO_PARTITION) {
            w[1] = s->table; /* listed, but DM does not qualify it */
            n = 2;
        }
        TRY(add_split(c, i, UINT32_MAX, w, n));
        if (s->kind == BS_ALTER_RENAME_TABLE) cur = w[1];
    }
    return 0;
}

/* Sequences pass through SplitDDL unchanged: one statement, names as written. */
static int split_sequence(split_ctx *c)
{
    const bs_ddl_stmt *st = c->stmt;
    if (st->kind == BS_STMT_DROP_SEQUENCE)
        return add_split(c, 0, UINT32_MAX, st->u.drop.tables, st->u.drop.ntables);
    return add_split(c, 0, UINT32_MAX, &st->u.sequence.name, 1);
}

int bs_ddl_split(bs_ddl_parser *p, const bs_ddl_stmt *stmt, const char *cur_db, size_t cur_db_len,
                 unsigned flags, const bs_ddl_split_stmt **out, uint32_t *count, bs_error *err)
{
    bs_error local;
    if (!err) err = &local;
    bs_error_clear(err);
    *out = NULL;
    *count = 0;
    if (cur_db_len > UINT32_MAX)
        return bs_error_set(err, BS_EINVAL, NULL, BS_NO_OFFSET, "database name too long");
    p->err = err;
    split_ctx c = {.p = p, .stmt = stmt, .lower = (flags & BS_SPLIT_LOWER_CASE_NAMES) != 0};
    c.cur_db.ptr = cur_db ? cur_db : "";
    c.cur_db.len = cur_db ? (uint32_t)cur_db_len : 0;
    c.cur_db.off = BS_DDL_NO_OFFSET;
    int rc;
    switch (stmt->kind) {
    case BS_STMT_CREATE_DATABASE:
    case BS_STMT_ALTER_DATABASE:
    case BS_STMT_DROP_DATABASE: rc = split_database(&c); break;
    case BS_STMT_DROP_TABLE:
    case BS_STMT_DROP_VIEW: rc = split_table_list(&c); break;
    case BS_STMT_TRUNCATE_TABLE: rc = split_one(&c, &stmt->u.drop.tables[0]); break;
    case BS_STMT_CREATE_INDEX: rc = split_one(&c, &stmt->u.create_index.table); break;
    case BS_STMT_DROP_INDEX: rc = split_one(&c, &stmt->u.drop_index.table); break;
    case BS_STMT_CREATE_TABLE: rc = split_create_table(&c); break;
    case BS_STMT_RENAME_TABLE: rc = split_rename(&c); break;
    case BS_STMT_ALTER_TABLE: rc = split_alter(&c); break;
    case BS_STMT_CREATE_SEQUENCE:
    case BS_STMT_ALTER_SEQUENCE:
    case BS_STMT_DROP_SEQUENCE: rc = split_sequence(&c); break;
    default:
        rc = bs_error_set(err, BS_EUNSUPPORTED, NULL, stmt->off, "unknown type ddl: %s",
                          bs_ddl_kind_name(stmt->kind));
        err->dm_code = DM_UNKNOWN_TYPE_DDL;
        return rc;
    }
    if (rc) return rc;
    p->splits = c.out.items;
    p->nsplits = c.out.n;
    *out = p->splits;
    *count = p->nsplits;
    return 0;
}
