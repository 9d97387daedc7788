/*
 * tracker_draft.c - editing a table draft: columns, keys, and the naming and
 * nullability rules DM's tracker (TiDB's pkg/ddl/schematracker, which
 * builds tables with TiDB's own DDL code) applies to them.
 *
 * Rules kept: PRIMARY KEY columns become NOT NULL; the primary key is always
 * named PRIMARY; an unnamed index is named after its first column (or
 * "expression_index"), with _2, _3... when the name is taken; a CONSTRAINT
 * symbol names a unique key that has no name of its own; dropping a column
 * removes it from every key and drops keys left without columns;
 * CHANGE/RENAME COLUMN renames the column in its keys. FULLTEXT keys in
 * CREATE TABLE and ALTER TABLE ADD are ignored by TiDB (a warning), as are
 * FOREIGN KEY and CHECK constraints: none of them becomes a key here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema/tracker_internal.h"
#include "util/error_internal.h"

int tr_oom(bs_error *err)
{
    return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
}

int tr_find_col(const tr_draft *d, const char *name, size_t len)
{
    for (uint32_t i = 0; i < d->ncols; i++)
        if (tr_ieqn(d->cols[i].pub.name, name, len)) return (int)i;
    return -1;
}

int tr_find_key(const tr_draft *d, const char *name, size_t len)
{
    for (uint32_t i = 0; i < d->nkeys; i++)
        if (tr_ieqn(d->keys[i].name, name, len)) return (int)i;
    return -1;
}

static int grow_array(void **items, uint32_t n, uint32_t *cap, size_t size)
{
    if (n < *cap) return 0;
    void *a = realloc(*items, (size_t)*cap * 2 * size);
    if (!a) return BS_ENOMEM;
    *items = a;
    *cap *= 2;
    return 0;
}

int tr_insert_col(tr_draft *d, uint32_t at, const tr_col *c)
{
    if (grow_array((void **)&d->cols, d->ncols, &d->cap_cols, sizeof *d->cols)) return BS_ENOMEM;
    memmove(&d->cols[at + 1], &d->cols[at], (d->ncols - at) * sizeof *d->cols);
    d->cols[at] = *c;
    d->ncols++;
    return 0;
}

void tr_remove_col(tr_draft *d, uint32_t at)
{
    memmove(&d->cols[at], &d->cols[at + 1], (d->ncols - at - 1) * sizeof *d->cols);
    d->ncols--;
}

void tr_remove_key(tr_draft *d, uint32_t at)
{
    memmove(&d->keys[at], &d->keys[at + 1], (d->nkeys - at - 1) * sizeof *d->keys);
    d->nkeys--;
}

/* TiDB's GetName4AnonymousIndex: the base, then base_2, base_3, ... */
static const char *auto_key_name(bs_schema_tracker *t, const tr_draft *d, const char *base)
{
    if (tr_find_key(d, base, strlen(base)) < 0 && !tr_ieq(base, "PRIMARY"))
        return tr_strdup(t, base, strlen(base));
    char name[TR_NAME_MAX + 16];
    for (unsigned n = 2;; n++) {
        snprintf(name, sizeof name, "%s_%u", base, n);
        if (tr_find_key(d, name, strlen(name)) < 0) return tr_strdup(t, name, strlen(name));
    }
}

void tr_primary_not_null(tr_draft *d)
{
    for (uint32_t k = 0; k < d->nkeys; k++) {
        const tr_key *key = &d->keys[k];
        for (uint32_t i = 0; key->primary && i < key->ncols; i++) {
            int c = tr_find_col(d, key->cols[i], strlen(key->cols[i]));
            if (c >= 0) d->cols[c].pub.not_null = 1;
        }
    }
}

int tr_add_key(bs_schema_tracker *t, tr_draft *d, const tr_key_def *kd, bs_error *err)
{
    if (kd->kind == BS_CONS_FOREIGN || kd->kind == BS_CONS_CHECK || kd->kind == BS_CONS_FULLTEXT)
        return 0;
    tr_key k = {.primary = kd->kind == BS_CONS_PRIMARY, .kind = kd->kind};
    k.unique = k.primary || kd->kind == BS_CONS_UNIQUE;
    const char **cols = bs_arena_alloc(&t->scratch, (kd->nparts + 1) * sizeof *cols);
    if (!cols) return tr_oom(err);
    for (uint32_t i = 0; i < kd->nparts; i++) {
        const bs_ddl_str *c = &kd->parts[i].column;
        if (!c->len) {
            k.has_expr = 1;
            continue;
        }
        if (!(cols[k.ncols++] = tr_strdup(t, c->ptr, c->len))) return tr_oom(err);
    }
    k.cols = cols;
    if (k.primary)
        k.name = "PRIMARY";
    else if (kd->name.len)
        k.name = tr_strdup(t, kd->name.ptr, kd->name.len);
    else
        k.name = auto_key_name(
            t, d, kd->nparts && kd->parts[0].column.len ? cols[0] : "expression_index");
    if (!k.name) return tr_oom(err);
    if (kd->if_not_exists && tr_find_key(d, k.name, strlen(k.name)) >= 0) return 0;
    if (grow_array((void **)&d->keys, d->nkeys, &d->cap_keys, sizeof *d->keys)) return tr_oom(err);
    d->keys[d->nkeys++] = k;
    if (k.primary) tr_primary_not_null(d);
    return 0;
}

tr_key_def tr_constraint_key(const bs_ddl_constraint *c)
{
    tr_key_def kd = {.kind = c->kind,
                     .name = c->name,
                     .parts = c->parts,
                     .nparts = c->nparts,
                     .if_not_exists = c->if_not_exists && c->kind != BS_CONS_UNIQUE};
    if (!kd.name.len && c->kind != BS_CONS_PRIMARY)
        kd.name = c->symbol; /* CONSTRAINT u UNIQUE (a) */
    return kd;
}

int tr_inline_keys(bs_schema_tracker *t, tr_draft *d, const bs_ddl_column *col, bs_error *err)
{
    bs_ddl_keypart part = {.column = col->name, .length = -1};
    int rc = 0;
    if (col->flags & BS_COL_PRIMARY_KEY)
        rc = tr_add_key(t, d, &(tr_key_def){.kind = BS_CONS_PRIMARY, .parts = &part, .nparts = 1},
                        err);
    if (!rc && col->flags & BS_COL_UNIQUE)
        rc = tr_add_key(t, d, &(tr_key_def){.kind = BS_CONS_UNIQUE, .parts = &part, .nparts = 1},
                        err);
    return rc;
}

int tr_rename_in_keys(bs_schema_tracker *t, tr_draft *d, const char *from, const char *to)
{
    for (uint32_t k = 0; k < d->nkeys; k++) {
        tr_key *key = &d->keys[k];
        const char **cols = NULL; /* the array may be the table's: copy before writing */
        for (uint32_t i = 0; i < key->ncols; i++) {
            if (!tr_ieq(key->cols[i], from)) continue;
            if (!cols) {
                if (!(cols = bs_arena_alloc(&t->scratch, key->ncols * sizeof *cols)))
                    return BS_ENOMEM;
                memcpy(cols, key->cols, key->ncols * sizeof *cols);
                key->cols = cols;
            }
            cols[i] = to;
        }
    }
    return 0;
}

int tr_drop_from_keys(bs_schema_tracker *t, tr_draft *d, const char *name)
{
    for (uint32_t k = d->nkeys; k-- > 0;) {
        tr_key *key = &d->keys[k];
        const char **cols = bs_arena_alloc(&t->scratch, (key->ncols + 1) * sizeof *cols);
        if (!cols) return BS_ENOMEM;
        uint32_t n = 0;
        for (uint32_t i = 0; i < key->ncols; i++)
            if (!tr_ieq(key->cols[i], name)) cols[n++] = key->cols[i];
        key->cols = cols;
        key->ncols = n;
        if (n == 0 && !key->has_expr) tr_remove_key(d, k);
    }
    return 0;
}

int tr_new_column(bs_schema_tracker *t, const tr_draft *d, const bs_ddl_stmt *st,
                  const bs_ddl_column *col, tr_col *c, bs_error *err)
{
    int rc = tr_column_from_ddl(t, st, col, d->charset, d->collate, c);
    if (rc == BS_ENOMEM) return tr_oom(err);
    if (rc) return tr_fail(err, "column %.*s: bad definition", (int)col->name.len, col->name.ptr);
    return 0;
}

int tr_charset_options(bs_schema_tracker *t, const bs_ddl_table_option *o, uint32_t n,
                       const char **cs, const char **co, bs_error *err)
{
    const bs_ddl_str *chs = NULL, *col = NULL;
    for (uint32_t i = 0; i < n; i++) {
        if (o[i].value_default) continue;
        if (o[i].kind == BS_TOPT_CHARSET) chs = &o[i].value;
        if (o[i].kind == BS_TOPT_COLLATE) col = &o[i].value;
    }
    if (!chs && !col) return 0;
    if (tr_charset_pair(t, chs, col, cs, co)) return tr_oom(err);
    return 1;
}
