/*
 * ddl_event.c - the binlog-filter event type DM gives a split DDL statement
 * (dm-rules.md §5.3; tiflow dm/syncer/ddl.go DDLWorker.AstToDDLEvent, and
 * pkg/binlog-filter AstToDDLEvent for everything but ALTER TABLE).
 *
 * DM splits ALTER TABLE into one statement per specification, so the one
 * specification decides. TiDB's parser names the specifications differently
 * from binsift's; the mapping below goes through what TiDB's AST has:
 * ADD INDEX/KEY/UNIQUE/PRIMARY KEY/FOREIGN KEY/FULLTEXT/CHECK are all
 * AlterTableAddConstraint (`modify constraint`); ALTER COLUMN SET/DROP
 * DEFAULT is AlterTableAlterColumn (`modify default value`); CONVERT TO
 * CHARACTER SET is a table option list whose first option is the charset
 * (`modify charset`); for a table option list the first CHARSET, COLLATE or
 * ENGINE option decides; DROP FOREIGN KEY, DROP CHECK/CONSTRAINT, ADD COLUMN,
 * ADD PARTITION, ALGORITHM, LOCK and the rest fall through to `alter table`.
 * MODIFY/CHANGE COLUMN compare the old and new column (ddl_column.c).
 *
 * The old column comes from the caller's lookup (DM's schema tracker);
 * bs_rules_old_column_from_create() builds one from a CREATE TABLE with the
 * key flags TiDB sets: PriKeyFlag on every column of the primary key,
 * UniqueKeyFlag on the column of a single-column unique key.
 */
#include <string.h>
#include <strings.h>

#include "rules/query_internal.h"

#define NAME_MAX_BYTES 1024 /* names are copied NUL-terminated for the lookup */

static int table_option_event(const bs_ddl_alter_spec *spec, const char **why)
{
    for (uint32_t i = 0; i < spec->noptions; i++) {
        switch (spec->options[i].kind) {
        case BS_TOPT_CHARSET: return *why = "table option CHARSET", BS_DMEV_MODIFY_CHARSET;
        case BS_TOPT_COLLATE: return *why = "table option COLLATE", BS_DMEV_MODIFY_COLLATION;
        case BS_TOPT_ENGINE: return *why = "table option ENGINE", BS_DMEV_MODIFY_STORAGE_ENGINE;
        default: break;
        }
    }
    return *why = "table options without CHARSET, COLLATE or ENGINE", BS_DMEV_ALTER_TABLE;
}

static int copy_name(char *dst, const bs_ddl_str *s)
{
    if (s->len >= NAME_MAX_BYTES) return -1;
    if (s->len) memcpy(dst, s->ptr, s->len);
    dst[s->len] = 0;
    return 0;
}

/* handleModifyColumn: look the old column up in the tracker, compare. */
static int modify_column_event(const bs_ddl_split_stmt *s, const bs_ddl_alter_spec *spec,
                               bs_rules_column_lookup_fn lookup, void *ctx, const char **why)
{
    if (!lookup || s->ntables == 0 || spec->ncolumns == 0)
        return *why = "no schema tracker lookup: alter table", BS_DMEV_ALTER_TABLE;
    const bs_ddl_str *old_name =
        spec->kind == BS_ALTER_CHANGE_COLUMN ? &spec->name : &spec->columns[0].name;
    char schema[NAME_MAX_BYTES], table[NAME_MAX_BYTES], column[NAME_MAX_BYTES];
    if (copy_name(schema, &s->tables[0].schema) || copy_name(table, &s->tables[0].name) ||
        copy_name(column, old_name))
        return *why = "name too long for the tracker: alter table", BS_DMEV_ALTER_TABLE;
    bs_rules_old_column old;
    memset(&old, 0, sizeof old);
    if (!lookup(ctx, schema, table, column, &old) || !old.column)
        return *why = "the tracker does not know the table or column: alter table",
               BS_DMEV_ALTER_TABLE;
    return bs_dm_modify_column_event(spec, s->stmt, &old, why);
}

static int alter_spec_event(const bs_ddl_split_stmt *s, bs_rules_column_lookup_fn lookup, void *ctx,
                            const char **why)
{
    const bs_ddl_alter_spec *spec = &s->stmt->u.alter.specs[s->index];
    switch (spec->kind) {
    case BS_ALTER_MODIFY_COLUMN:
    case BS_ALTER_CHANGE_COLUMN: return modify_column_event(s, spec, lookup, ctx, why);
    case BS_ALTER_RENAME_COLUMN: return *why = "RENAME COLUMN", BS_DMEV_RENAME_COLUMN;
    case BS_ALTER_RENAME_INDEX: return *why = "RENAME INDEX/KEY", BS_DMEV_RENAME_INDEX;
    case BS_ALTER_RENAME_TABLE: return *why = "RENAME TO", BS_DMEV_RENAME_TABLE;
    case BS_ALTER_DROP_COLUMN: return *why = "DROP COLUMN", BS_DMEV_DROP_COLUMN;
    case BS_ALTER_DROP_INDEX: return *why = "DROP INDEX/KEY", BS_DMEV_DROP_INDEX;
    case BS_ALTER_DROP_PARTITION: return *why = "DROP PARTITION", BS_DMEV_DROP_TABLE_PARTITION;
    case BS_ALTER_DROP_PRIMARY_KEY: return *why = "DROP PRIMARY KEY", BS_DMEV_DROP_PRIMARY_KEY;
    case BS_ALTER_TRUNCATE_PARTITION:
        return *why = "TRUNCATE PARTITION", BS_DMEV_TRUNCATE_TABLE_PARTITION;
    case BS_ALTER_SET_DEFAULT:
    case BS_ALTER_DROP_DEFAULT:
        return *why = "ALTER COLUMN SET/DROP DEFAULT", BS_DMEV_MODIFY_DEFAULT_VALUE;
    case BS_ALTER_ADD_CONSTRAINT:
        return *why = "ADD INDEX/KEY/UNIQUE/PRIMARY KEY/FOREIGN KEY/CHECK (TiDB's ADD CONSTRAINT)",
               BS_DMEV_MODIFY_CONSTRAINT;
    case BS_ALTER_TABLE_OPTIONS: return table_option_event(spec, why);
    case BS_ALTER_CONVERT_CHARSET:
        return *why = "CONVERT TO CHARACTER SET (a CHARSET table option)", BS_DMEV_MODIFY_CHARSET;
    case BS_ALTER_REORGANIZE_PARTITION:
        return *why = "REORGANIZE PARTITION", BS_DMEV_REORGANIZE_TABLE_PARTITION;
    case BS_ALTER_REBUILD_PARTITION:
        return *why = "REBUILD PARTITION", BS_DMEV_REBUILD_TABLE_PARTITION;
    case BS_ALTER_COALESCE_PARTITION:
        return *why = "COALESCE PARTITION", BS_DMEV_COALESCE_TABLE_PARTITION;
    case BS_ALTER_EXCHANGE_PARTITION:
        return *why = "EXCHANGE PARTITION", BS_DMEV_EXCHANGE_TABLE_PARTITION;
    default: return *why = "any other ALTER TABLE specification", BS_DMEV_ALTER_TABLE;
    }
}

int bs_rules_ddl_event(const bs_ddl_split_stmt *s, bs_rules_column_lookup_fn lookup,
                       void *lookup_ctx, const char **why)
{
    const char *dummy;
    if (!why) why = &dummy;
    *why = "statement kind";
    switch (s->stmt->kind) {
    case BS_STMT_CREATE_DATABASE: return BS_DMEV_CREATE_DATABASE;
    case BS_STMT_DROP_DATABASE: return BS_DMEV_DROP_DATABASE;
    case BS_STMT_ALTER_DATABASE: return BS_DMEV_ALTER_DATABASE;
    case BS_STMT_CREATE_TABLE: return BS_DMEV_CREATE_TABLE;
    case BS_STMT_DROP_TABLE: return BS_DMEV_DROP_TABLE;
    case BS_STMT_DROP_VIEW: return BS_DMEV_DROP_VIEW;
    case BS_STMT_TRUNCATE_TABLE: return BS_DMEV_TRUNCATE_TABLE;
    case BS_STMT_RENAME_TABLE: return BS_DMEV_RENAME_TABLE;
    case BS_STMT_CREATE_INDEX: return BS_DMEV_CREATE_INDEX;
    case BS_STMT_DROP_INDEX: return BS_DMEV_DROP_INDEX;
    case BS_STMT_CREATE_VIEW: return BS_DMEV_CREATE_VIEW;
    case BS_STMT_ALTER_TABLE:
        if (s->index >= s->stmt->u.alter.nspecs) return BS_DMEV_ALTER_TABLE;
        return alter_spec_event(s, lookup, lookup_ctx, why);
    default: /* sequences and the rest: only sql-pattern applies */
        *why = "a statement DM's filter has no event type for";
        return BS_DMEV_NULL;
    }
}

/* ---- an old column from CREATE TABLE ---- */

static int key_has(const bs_ddl_constraint *k, const bs_ddl_str *name)
{
    for (uint32_t i = 0; i < k->nparts; i++)
        if (k->parts[i].column.len == name->len &&
            strncasecmp(k->parts[i].column.ptr, name->ptr, name->len) == 0)
            return 1;
    return 0;
}

static unsigned key_flags(const bs_ddl_create_table *ct, const bs_ddl_column *c)
{
    unsigned f = 0;
    if (c->flags & BS_COL_PRIMARY_KEY) f |= BS_OLDCOL_PRIMARY_KEY;
    if (c->flags & BS_COL_UNIQUE) f |= BS_OLDCOL_UNIQUE_KEY;
    for (uint32_t i = 0; i < ct->nconstraints; i++) {
        const bs_ddl_constraint *k = &ct->constraints[i];
        if (k->kind == BS_CONS_PRIMARY && key_has(k, &c->name)) f |= BS_OLDCOL_PRIMARY_KEY;
        if (k->kind == BS_CONS_UNIQUE && k->nparts == 1 && key_has(k, &c->name))
            f |= BS_OLDCOL_UNIQUE_KEY;
    }
    return f;
}

/* The table's CHARSET / COLLATE option (the last of each) into buf. */
static void table_option(const bs_ddl_create_table *ct, int kind, char *buf, size_t cap)
{
    for (uint32_t i = 0; i < ct->noptions; i++) {
        const bs_ddl_table_option *o = &ct->options[i];
        if (o->kind != kind || o->value_default || !o->value.len || o->value.len >= cap) continue;
        memcpy(buf, o->value.ptr, o->value.len);
        buf[o->value.len] = 0;
    }
}

int bs_rules_old_column_from_create(const bs_ddl_stmt *create, const char *column,
                                    bs_rules_old_column *out)
{
    memset(out, 0, sizeof *out);
    if (!create || create->kind != BS_STMT_CREATE_TABLE) return 0;
    const bs_ddl_create_table *ct = &create->u.create_table;
    size_t n = strlen(column);
    for (uint32_t i = 0; i < ct->ncolumns; i++) {
        const bs_ddl_column *c = &ct->columns[i];
        if (c->name.len != n || strncasecmp(c->name.ptr, column, n) != 0) continue;
        out->column = c;
        out->stmt = create;
        out->flags = key_flags(ct, c);
        table_option(ct, BS_TOPT_CHARSET, out->table_charset, sizeof out->table_charset);
        table_option(ct, BS_TOPT_COLLATE, out->table_collate, sizeof out->table_collate);
        return 1;
    }
    return 0;
}
