/*
 * tracker_apply.c - applying one DM split statement to the tracker: the
 * statement kinds (databases, CREATE/DROP/RENAME TABLE, CREATE/DROP INDEX;
 * ALTER TABLE specifications are tracker_alter.c's), as DM's syncer
 * (dm/syncer/syncer.go trackDDL) and its tracker (TiDB's
 * pkg/ddl/schematracker) handle them.
 *
 * Databases: DM creates the database of the statement's table in its
 * tracker before running CREATE TABLE, ALTER TABLE, RENAME, CREATE/DROP
 * INDEX and ALTER DATABASE (CreateSchemaIfNotExists), so those never fail
 * for a missing database; RENAME to a database the tracker does not know
 * does (44006). A database's charset is the one CREATE/ALTER DATABASE gave,
 * "" (TiDB's default, utf8mb4_bin) for one created implicitly.
 *
 * DM's split adds IF NOT EXISTS to CREATE DATABASE/TABLE and IF EXISTS to
 * DROP DATABASE/TABLE/INDEX, so those are no-ops when there is nothing to
 * do. A table the statement needs and the tracker lacks is 44006 here; DM
 * first tries to initialise it from the downstream (44007 when that fails),
 * which is the caller's part. TEMPORARY tables are not tracked. CREATE
 * TABLE ... SELECT gets the columns it declares, as TiDB's tracker builds it.
 */
#include <stdlib.h>
#include <string.h>

#include "schema/tracker_internal.h"
#include "util/error_internal.h"

static tr_table *find_table(bs_schema_tracker *t, const bs_ddl_table *n)
{
    return tr_find(t, n->schema.ptr, n->schema.len, n->name.ptr, n->name.len);
}

static int unknown_table(bs_error *err, const bs_ddl_table *n)
{
    return tr_fail(err, "table '%.*s.%.*s' doesn't exist", (int)n->schema.len, n->schema.ptr,
                   (int)n->name.len, n->name.ptr);
}

/* DM's CreateSchemaIfNotExists for the statement's first table. */
static int ensure_db(bs_schema_tracker *t, const bs_ddl_table *n, bs_error *err)
{
    if (!n->schema.len) return tr_fail(err, "no database selected");
    return tr_db_ensure(t, n->schema.ptr, n->schema.len, NULL) ? tr_oom(err) : 0;
}

/* ---- CREATE TABLE ---- */

static int empty_draft(bs_schema_tracker *t, const bs_ddl_table *n, int origin, tr_draft *d)
{
    memset(d, 0, sizeof *d);
    d->schema = tr_name(t, &n->schema);
    d->name = tr_name(t, &n->name);
    d->origin = origin;
    d->cols = malloc((d->cap_cols = 16) * sizeof *d->cols);
    d->keys = malloc((d->cap_keys = 8) * sizeof *d->keys);
    if (d->schema && d->name && d->cols && d->keys) return 0;
    tr_draft_free(d);
    return BS_ENOMEM;
}

/* The table's charset: its options, else its database's. */
static int table_charset(bs_schema_tracker *t, const bs_ddl_create_table *ct, tr_draft *d,
                         bs_error *err)
{
    int given = tr_charset_options(t, ct->options, ct->noptions, &d->charset, &d->collate, err);
    if (given) return given < 0 ? given : 0;
    const tr_db *db = tr_db_find(t, d->schema, strlen(d->schema));
    d->charset = db ? db->charset : "";
    d->collate = db ? db->collate : "";
    return 0;
}

static int define_table(bs_schema_tracker *t, tr_draft *d, const bs_ddl_stmt *st, bs_error *err)
{
    const bs_ddl_create_table *ct = &st->u.create_table;
    int rc = table_charset(t, ct, d, err);
    for (uint32_t i = 0; !rc && i < ct->ncolumns; i++) {
        tr_col c;
        rc = tr_new_column(t, d, st, &ct->columns[i], &c, err);
        if (!rc) rc = tr_insert_col(d, d->ncols, &c) ? tr_oom(err) : 0;
    }
    for (uint32_t i = 0; !rc && i < ct->ncolumns; i++)
        rc = tr_inline_keys(t, d, &ct->columns[i], err);
    for (uint32_t i = 0; !rc && i < ct->nconstraints; i++) {
        tr_key_def kd = tr_constraint_key(&ct->constraints[i]);
        rc = tr_add_key(t, d, &kd, err);
    }
    return rc;
}

static int create_table(bs_schema_tracker *t, const bs_ddl_split_stmt *s, int origin, bs_error *err)
{
    const bs_ddl_create_table *ct = &s->stmt->u.create_table;
    if (s->stmt->flags & BS_STMTF_TEMPORARY) return 0; /* session-only: not in DM's tracker */
    int rc = ensure_db(t, &s->tables[0], err);
    if (rc || find_table(t, &s->tables[0])) return rc; /* DM adds IF NOT EXISTS */
    tr_draft d;
    if (ct->like) {
        if (s->ntables < 2) return 0;
        if ((rc = ensure_db(t, &s->tables[1], err))) return rc;
        tr_table *src = find_table(t, &s->tables[1]);
        if (!src) return unknown_table(err, &s->tables[1]);
        if (tr_draft_from(src, &d)) return tr_oom(err);
        d.schema = tr_name(t, &s->tables[0].schema);
        d.name = tr_name(t, &s->tables[0].name);
        d.origin = origin;
        rc = d.schema && d.name ? 0 : tr_oom(err);
    } else {
        if (empty_draft(t, &s->tables[0], origin, &d)) return tr_oom(err);
        rc = define_table(t, &d, s->stmt, err);
    }
    if (!rc) rc = tr_commit(t, NULL, &d, err);
    tr_draft_free(&d);
    return rc;
}

/* ---- RENAME / DROP TABLE ---- */

static int rename_table(bs_schema_tracker *t, const bs_ddl_split_stmt *s, int origin, bs_error *err)
{
    if (s->ntables < 2) return 0;
    const bs_ddl_table *from = &s->tables[0], *to = &s->tables[1];
    int rc = ensure_db(t, from, err);
    if (rc) return rc;
    tr_table *tbl = find_table(t, from);
    if (!tbl) return unknown_table(err, from);
    if (find_table(t, to))
        return tr_fail(err, "table '%.*s.%.*s' already exists", (int)to->schema.len, to->schema.ptr,
                       (int)to->name.len, to->name.ptr);
    if (!tr_db_find(t, to->schema.ptr, to->schema.len))
        return tr_fail(err, "error on rename to '%.*s.%.*s': database doesn't exist",
                       (int)to->schema.len, to->schema.ptr, (int)to->name.len, to->name.ptr);
    tr_draft d;
    if (tr_draft_from(tbl, &d)) return tr_oom(err);
    d.schema = tr_name(t, &to->schema);
    d.name = tr_name(t, &to->name);
    d.origin = origin;
    rc = d.schema && d.name ? tr_commit(t, tbl, &d, err) : tr_oom(err);
    tr_draft_free(&d);
    return rc;
}

static int drop_table(bs_schema_tracker *t, const bs_ddl_split_stmt *s)
{
    if (s->stmt->flags & BS_STMTF_TEMPORARY) return 0;
    tr_table *tbl = find_table(t, &s->tables[0]);
    if (tbl) tr_remove(t, tbl); /* DM adds IF EXISTS */
    return 0;
}

/* ---- CREATE / DROP INDEX ---- */

static int index_statement(bs_schema_tracker *t, const bs_ddl_split_stmt *s, int origin,
                           bs_error *err)
{
    const bs_ddl_stmt *st = s->stmt;
    int rc = ensure_db(t, &s->tables[0], err);
    if (rc) return rc;
    tr_table *tbl = find_table(t, &s->tables[0]);
    if (!tbl) return unknown_table(err, &s->tables[0]);
    tr_draft d;
    if (tr_draft_from(tbl, &d)) return tr_oom(err);
    d.origin = origin;
    if (st->kind == BS_STMT_CREATE_INDEX) {
        const bs_ddl_create_index *ci = &st->u.create_index;
        /* TiDB's tracker creates a FULLTEXT or SPATIAL index as a plain one */
        tr_key_def kd = {.kind = ci->kind == BS_CONS_UNIQUE ? BS_CONS_UNIQUE : BS_CONS_INDEX,
                         .name = ci->name,
                         .parts = ci->parts,
                         .nparts = ci->nparts,
                         .if_not_exists = (st->flags & BS_STMTF_IF_NOT_EXISTS) != 0};
        rc = tr_add_key(t, &d, &kd, err);
    } else { /* DM adds IF EXISTS: a missing index is no change */
        const bs_ddl_str *n = &st->u.drop_index.name;
        int k = tr_find_key(&d, n->ptr, n->len);
        if (k >= 0) tr_remove_key(&d, (uint32_t)k);
        rc = k >= 0 ? 0 : 1;
    }
    if (rc == 0) rc = tr_commit(t, tbl, &d, err);
    tr_draft_free(&d);
    return rc;
}

static int alter_table(bs_schema_tracker *t, const bs_ddl_split_stmt *s, int origin, bs_error *err)
{
    int rc = ensure_db(t, &s->tables[0], err);
    if (rc) return rc;
    tr_table *tbl = find_table(t, &s->tables[0]);
    if (!tbl) return unknown_table(err, &s->tables[0]);
    return tr_apply_alter(t, tbl, s, origin, err);
}

/* ---- databases ---- */

static int set_db_charset(bs_schema_tracker *t, tr_db *db, const bs_ddl_database *dd)
{
    const bs_ddl_str *chs = NULL, *col = NULL;
    for (uint32_t i = 0; i < dd->noptions; i++) {
        if (dd->options[i].value_default) continue;
        if (dd->options[i].kind == BS_DBOPT_CHARSET) chs = &dd->options[i].value;
        if (dd->options[i].kind == BS_DBOPT_COLLATE) col = &dd->options[i].value;
    }
    if (!chs && !col) return 0;
    const char *cs, *co;
    if (tr_charset_pair(t, chs, col, &cs, &co)) return BS_ENOMEM;
    char *ncs = strdup(cs), *nco = strdup(co);
    if (!ncs || !nco) {
        free(ncs);
        free(nco);
        return BS_ENOMEM;
    }
    free(db->charset);
    free(db->collate);
    db->charset = ncs;
    db->collate = nco;
    return 0;
}

/* CREATE DATABASE (a no-op when it exists) and ALTER DATABASE. */
static int database(bs_schema_tracker *t, const bs_ddl_split_stmt *s, bs_error *err)
{
    const bs_ddl_str *n = &s->tables[0].schema;
    if (s->stmt->kind == BS_STMT_CREATE_DATABASE && tr_db_find(t, n->ptr, n->len)) return 0;
    tr_db *db;
    if (tr_db_ensure(t, n->ptr, n->len, &db)) return tr_oom(err);
    return set_db_charset(t, db, &s->stmt->u.database) ? tr_oom(err) : 0;
}

static int drop_database(bs_schema_tracker *t, const bs_ddl_split_stmt *s)
{
    const bs_ddl_str *n = &s->tables[0].schema;
    char buf[TR_NAME_MAX];
    const char *name = tr_fold(t, n->ptr, n->len, buf);
    for (size_t i = 0; i < t->nslots;) {
        tr_table *tbl = t->slots[i];
        if (tbl && tbl->slen == n->len && memcmp(tbl->pub.schema, name, n->len) == 0)
            tr_remove(t, tbl); /* an entry may have shifted into slot i: look again */
        else
            i++;
    }
    tr_db_drop(t, n->ptr, n->len);
    return 0;
}

int bs_schema_tracker_apply(bs_schema_tracker *t, const bs_ddl_split_stmt *s, int origin,
                            bs_error *err)
{
    if (err) bs_error_clear(err);
    if (s->ntables == 0) return 0;
    for (uint32_t i = 0; i < s->ntables; i++)
        if (s->tables[i].schema.len > TR_NAME_MAX || s->tables[i].name.len > TR_NAME_MAX)
            return tr_fail(err, "identifier name too long");
    int rc;
    switch (s->stmt->kind) {
    case BS_STMT_CREATE_DATABASE:
    case BS_STMT_ALTER_DATABASE: rc = database(t, s, err); break;
    case BS_STMT_DROP_DATABASE: rc = drop_database(t, s); break;
    case BS_STMT_CREATE_TABLE: rc = create_table(t, s, origin, err); break;
    case BS_STMT_DROP_TABLE: rc = drop_table(t, s); break;
    case BS_STMT_RENAME_TABLE: rc = rename_table(t, s, origin, err); break;
    case BS_STMT_CREATE_INDEX:
    case BS_STMT_DROP_INDEX: rc = index_statement(t, s, origin, err); break;
    case BS_STMT_ALTER_TABLE: rc = alter_table(t, s, origin, err); break;
    default: rc = 0; /* TRUNCATE, views, sequences: no table structure changes */
    }
    bs_arena_reset(&t->scratch);
    return rc < 0 ? rc : 0;
}
