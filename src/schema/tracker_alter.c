/*
 * tracker_alter.c - one ALTER TABLE specification (a DM split statement) on
 * a tracked table, as DM's tracker (TiDB's pkg/ddl/schematracker) runs it.
 *
 * The specification is applied to a draft; the table changes only when it
 * succeeds and changed something. Outcomes follow the tracker's errors and
 * what DM makes of them (dm/syncer/error.go ignoreTrackerDDLError):
 *   - errors DM ignores - dropping a column or an index that does not exist
 *     (TiDB's ErrCantDropFieldOrKey) - leave the table as it is, return 0
 *     and leave DM's warning text in err->message (err->code stays 0);
 *   - other failures are DM's 44006 "cannot track DDL": ADD of an existing
 *     column, MODIFY/CHANGE/RENAME/ALTER of a missing one, FIRST/AFTER a
 *     missing column, a duplicate column or key name, a second primary key,
 *     renaming a missing index, a table option TiDB's tracker does not
 *     support, RENAME TO an existing table or a database it does not know,
 *     dropping the last column;
 *   - ADD FOREIGN KEY / CHECK / FULLTEXT, DROP FOREIGN KEY / CHECK /
 *     CONSTRAINT, partitioning, ALGORITHM, LOCK, FORCE, ORDER BY change
 *     nothing. MariaDB's IF [NOT] EXISTS are honoured, except on ADD UNIQUE
 *     (TiDB's tracker ignores it there).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema/tracker_internal.h"
#include "util/error_internal.h"

/* An error DM ignores: no change, its text kept as a note. */
static int ignored(bs_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int ignored(bs_error *err, const char *fmt, ...)
{
    if (!err) return 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return 0;
}

static int missing_column(bs_error *err, const bs_ddl_str *n)
{
    return tr_fail(err, "unknown column '%.*s'", (int)n->len, n->ptr);
}

/* Where FIRST / AFTER x / nothing puts a column in the list without it;
 * -1 when x does not exist. */
static int position_of(const tr_draft *d, const bs_ddl_alter_spec *spec, uint32_t end)
{
    if (spec->position == 1) return 0;
    if (spec->position != 2) return (int)end;
    int i = tr_find_col(d, spec->after.ptr, spec->after.len);
    return i < 0 ? -1 : i + 1;
}

/* ---- columns ---- */

static int add_column(bs_schema_tracker *t, tr_draft *d, const bs_ddl_stmt *st,
                      const bs_ddl_alter_spec *spec, const bs_ddl_column *col, bs_error *err)
{
    if (tr_find_col(d, col->name.ptr, col->name.len) >= 0) {
        if (spec->if_not_exists) return 0;
        return tr_fail(err, "duplicate column name '%.*s'", (int)col->name.len, col->name.ptr);
    }
    int at = position_of(d, spec, d->ncols);
    if (at < 0) return missing_column(err, &spec->after);
    tr_col c;
    int rc = tr_new_column(t, d, st, col, &c, err);
    if (rc) return rc;
    if (tr_insert_col(d, (uint32_t)at, &c)) return tr_oom(err);
    rc = tr_inline_keys(t, d, col, err);
    return rc ? rc : 1;
}

/* ADD COLUMN: one column of a split list, or the whole specification. */
static int add_columns(bs_schema_tracker *t, tr_draft *d, const bs_ddl_split_stmt *s,
                       const bs_ddl_alter_spec *spec, bs_error *err)
{
    if (s->column != UINT32_MAX)
        return s->column < spec->ncolumns
                   ? add_column(t, d, s->stmt, spec, &spec->columns[s->column], err)
                   : 0;
    int changed = 0;
    for (uint32_t i = 0; i < spec->ncolumns; i++) {
        int rc = add_column(t, d, s->stmt, spec, &spec->columns[i], err);
        if (rc < 0) return rc;
        changed |= rc;
    }
    for (uint32_t i = 0; i < spec->nconstraints; i++) {
        tr_key_def kd = tr_constraint_key(&spec->constraints[i]);
        int rc = tr_add_key(t, d, &kd, err);
        if (rc) return rc;
    }
    return changed || spec->nconstraints;
}

static int drop_column(bs_schema_tracker *t, tr_draft *d, const bs_ddl_alter_spec *spec,
                       bs_error *err)
{
    int i = tr_find_col(d, spec->name.ptr, spec->name.len);
    if (i < 0 && spec->if_exists) return 0;
    if (i < 0)
        return ignored(err, "can't DROP '%.*s'; check that column/key exists (DM ignores it)",
                       (int)spec->name.len, spec->name.ptr);
    if (d->ncols == 1) return tr_fail(err, "can't drop only column %s", d->cols[0].pub.name);
    const char *name = d->cols[i].pub.name;
    tr_remove_col(d, (uint32_t)i);
    return tr_drop_from_keys(t, d, name) ? tr_oom(err) : 1;
}

/* MODIFY / CHANGE: a new definition in place, possibly renamed and moved. */
static int redefine_column(bs_schema_tracker *t, tr_draft *d, const bs_ddl_stmt *st,
                           const bs_ddl_alter_spec *spec, bs_error *err)
{
    const bs_ddl_column *col = &spec->columns[0];
    const bs_ddl_str *old_name = spec->kind == BS_ALTER_CHANGE_COLUMN ? &spec->name : &col->name;
    int i = tr_find_col(d, old_name->ptr, old_name->len);
    if (i < 0) return spec->if_exists ? 0 : missing_column(err, old_name);
    tr_col c;
    int rc = tr_new_column(t, d, st, col, &c, err);
    if (rc) return rc;
    const char *was = d->cols[i].pub.name;
    tr_remove_col(d, (uint32_t)i);
    int at = spec->position ? position_of(d, spec, d->ncols) : i;
    if (at < 0) return missing_column(err, &spec->after);
    if (tr_insert_col(d, (uint32_t)at, &c) || tr_rename_in_keys(t, d, was, c.pub.name))
        return tr_oom(err);
    tr_primary_not_null(d); /* still a primary key column: still NOT NULL */
    rc = tr_inline_keys(t, d, col, err);
    return rc ? rc : 1;
}

static int rename_column(bs_schema_tracker *t, tr_draft *d, const bs_ddl_alter_spec *spec,
                         bs_error *err)
{
    int i = tr_find_col(d, spec->name.ptr, spec->name.len);
    if (i < 0 || d->cols[i].pub.hidden) return missing_column(err, &spec->name);
    if (tr_ieqn(d->cols[i].pub.name, spec->new_name.ptr, spec->new_name.len)) return 0;
    const char *to = tr_strdup(t, spec->new_name.ptr, spec->new_name.len);
    if (!to) return tr_oom(err);
    const char *was = d->cols[i].pub.name;
    d->cols[i].pub.name = to;
    return tr_rename_in_keys(t, d, was, to) ? tr_oom(err) : 1;
}

/* ALTER COLUMN SET DEFAULT / DROP DEFAULT / SET [IN]VISIBLE. */
static int alter_column(bs_schema_tracker *t, tr_draft *d, const bs_ddl_stmt *st,
                        const bs_ddl_alter_spec *spec, bs_error *err)
{
    int i = tr_find_col(d, spec->name.ptr, spec->name.len);
    if (i < 0) return missing_column(err, &spec->name);
    bs_schema_column *c = &d->cols[i].pub;
    if (spec->kind == BS_ALTER_COLUMN_VISIBILITY) {
        c->hidden = !spec->visible;
    } else if (spec->kind == BS_ALTER_DROP_DEFAULT) {
        c->has_default = 0;
        c->default_text = NULL;
    } else {
        c->has_default = 1;
        if (!(c->default_text = tr_expr_text(t, st, &spec->default_value))) return tr_oom(err);
    }
    return 1;
}

/* ---- keys ---- */

static int add_constraint(bs_schema_tracker *t, tr_draft *d, const bs_ddl_alter_spec *spec,
                          bs_error *err)
{
    const bs_ddl_constraint *c = &spec->constraints[0];
    if (c->kind == BS_CONS_FOREIGN || c->kind == BS_CONS_CHECK || c->kind == BS_CONS_FULLTEXT)
        return 0;
    tr_key_def kd = tr_constraint_key(c);
    kd.if_not_exists |= spec->if_not_exists && c->kind != BS_CONS_UNIQUE;
    int rc = tr_add_key(t, d, &kd, err);
    return rc ? rc : 1;
}

static int drop_key(tr_draft *d, const bs_ddl_alter_spec *spec, bs_error *err)
{
    const bs_ddl_str primary = {"PRIMARY", 7, BS_DDL_NO_OFFSET};
    const bs_ddl_str *name = spec->kind == BS_ALTER_DROP_PRIMARY_KEY ? &primary : &spec->name;
    int k = tr_find_key(d, name->ptr, name->len);
    if (k < 0 && spec->if_exists) return 0;
    if (k < 0)
        return ignored(err, "index %.*s doesn't exist (DM ignores it)", (int)name->len, name->ptr);
    tr_remove_key(d, (uint32_t)k);
    return 1;
}

/* TiDB's ValidateRenameIndex. */
static int rename_key(bs_schema_tracker *t, tr_draft *d, const bs_ddl_alter_spec *spec,
                      bs_error *err)
{
    const bs_ddl_str *from = &spec->name, *to = &spec->new_name;
    int k = tr_find_key(d, from->ptr, from->len);
    if (k < 0 || d->keys[k].primary)
        return tr_fail(err, "key '%.*s' doesn't exist", (int)from->len, from->ptr);
    if (from->len == to->len && memcmp(from->ptr, to->ptr, to->len) == 0) return 0;
    int other = tr_find_key(d, to->ptr, to->len);
    if ((other >= 0 && other != k) || tr_ieqn("PRIMARY", to->ptr, to->len))
        return tr_fail(err, "duplicate key name '%.*s'", (int)to->len, to->ptr);
    if (!(d->keys[k].name = tr_strdup(t, to->ptr, to->len))) return tr_oom(err);
    return 1;
}

static int index_visibility(const tr_draft *d, const bs_ddl_alter_spec *spec, bs_error *err)
{
    if (tr_find_key(d, spec->name.ptr, spec->name.len) < 0)
        return tr_fail(err, "key '%.*s' doesn't exist", (int)spec->name.len, spec->name.ptr);
    return 0; /* visibility is not tracked */
}

/* ---- table options ---- */

/* The options TiDB's tracker accepts in ALTER TABLE; others fail. */
static int supported_option(uint16_t kind)
{
    switch (kind) {
    case BS_TOPT_ENGINE:
    case BS_TOPT_CHARSET:
    case BS_TOPT_COLLATE:
    case BS_TOPT_AUTO_INCREMENT:
    case BS_TOPT_COMMENT:
    case BS_TOPT_SHARD_ROW_ID_BITS:
    case BS_TOPT_AUTO_ID_CACHE:
    case BS_TOPT_AUTO_RANDOM_BASE: return 1;
    default: return 0;
    }
}

/* CONVERT TO CHARACTER SET: the table's default and every character column. */
static void convert_columns(tr_draft *d)
{
    for (uint32_t i = 0; i < d->ncols; i++) {
        tr_col *c = &d->cols[i];
        if (!tr_needs_charset(c->ddl_type)) continue;
        c->charset = d->charset;
        c->collate = d->collate;
        c->pub.collation = tr_collation_id(c->charset, c->collate);
    }
}

static int table_options(bs_schema_tracker *t, tr_draft *d, const bs_ddl_stmt *st,
                         const bs_ddl_alter_spec *spec, bs_error *err)
{
    for (uint32_t i = 0; spec->kind == BS_ALTER_TABLE_OPTIONS && i < spec->noptions; i++) {
        const bs_ddl_table_option *o = &spec->options[i];
        if (!supported_option(o->kind))
            return tr_fail(err, "unsupported alter table option: %.*s", (int)o->span.len,
                           st->sql + o->span.off);
    }
    const char *cs, *co;
    int given = tr_charset_options(t, spec->options, spec->noptions, &cs, &co, err);
    if (given <= 0) return given;
    d->charset = cs;
    d->collate = co;
    if (spec->kind == BS_ALTER_CONVERT_CHARSET) convert_columns(d);
    return 1;
}

/* ---- RENAME TO ---- */

static int rename_table(bs_schema_tracker *t, tr_draft *d, const bs_ddl_split_stmt *s,
                        bs_error *err)
{
    if (s->ntables < 2) return 0;
    const bs_ddl_table *to = &s->tables[1];
    const char *schema = tr_name(t, &to->schema), *name = tr_name(t, &to->name);
    if (!schema || !name) return tr_oom(err);
    if (strcmp(schema, d->schema) == 0 && tr_ieq(name, d->name)) return 0; /* t1 TO T1 */
    if (tr_find(t, to->schema.ptr, to->schema.len, to->name.ptr, to->name.len))
        return tr_fail(err, "table '%s.%s' already exists", schema, name);
    if (!tr_db_find(t, to->schema.ptr, to->schema.len))
        return tr_fail(err, "error on rename to '%s.%s': database doesn't exist", schema, name);
    d->schema = schema;
    d->name = name;
    return 1;
}

/* 1 when the specification changed the draft, 0 when not, negative on error. */
static int alter_spec(bs_schema_tracker *t, tr_draft *d, const bs_ddl_split_stmt *s, bs_error *err)
{
    const bs_ddl_alter_spec *spec = &s->stmt->u.alter.specs[s->index];
    switch (spec->kind) {
    case BS_ALTER_ADD_COLUMN: return add_columns(t, d, s, spec, err);
    case BS_ALTER_ADD_CONSTRAINT: return add_constraint(t, d, spec, err);
    case BS_ALTER_DROP_COLUMN: return drop_column(t, d, spec, err);
    case BS_ALTER_MODIFY_COLUMN:
    case BS_ALTER_CHANGE_COLUMN: return redefine_column(t, d, s->stmt, spec, err);
    case BS_ALTER_RENAME_COLUMN: return rename_column(t, d, spec, err);
    case BS_ALTER_SET_DEFAULT:
    case BS_ALTER_DROP_DEFAULT:
    case BS_ALTER_COLUMN_VISIBILITY: return alter_column(t, d, s->stmt, spec, err);
    case BS_ALTER_DROP_PRIMARY_KEY:
    case BS_ALTER_DROP_INDEX: return drop_key(d, spec, err);
    case BS_ALTER_RENAME_INDEX: return rename_key(t, d, spec, err);
    case BS_ALTER_INDEX_VISIBILITY: return index_visibility(d, spec, err);
    case BS_ALTER_TABLE_OPTIONS:
    case BS_ALTER_CONVERT_CHARSET: return table_options(t, d, s->stmt, spec, err);
    case BS_ALTER_RENAME_TABLE: return rename_table(t, d, s, err);
    default: return 0;
    }
}

int tr_apply_alter(bs_schema_tracker *t, tr_table *tbl, const bs_ddl_split_stmt *s, int origin,
                   bs_error *err)
{
    if (s->index >= s->stmt->u.alter.nspecs) return 0;
    tr_draft d;
    if (tr_draft_from(tbl, &d)) return tr_oom(err);
    d.origin = origin;
    int rc = alter_spec(t, &d, s, err);
    if (rc > 0) rc = tr_commit(t, tbl, &d, err);
    tr_draft_free(&d);
    return rc;
}
