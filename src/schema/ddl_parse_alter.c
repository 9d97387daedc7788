/*
 * ddl_parse_alter.c - ALTER TABLE and its specifications.
 *
 * Specifications are separated by commas; partitioning clauses (PARTITION
 * BY, REMOVE PARTITIONING) may also follow the last one without a comma.
 * Table options written one after another without commas form one
 * specification, as in TiDB (so DM splits "ROW_FORMAT=x KEY_BLOCK_SIZE=8" as
 * one statement and "ROW_FORMAT=x, KEY_BLOCK_SIZE=8" as two).
 */
#include <string.h>

#include "schema/ddl_internal.h"

static const char *const kw_if_exists[] = {"IF", "EXISTS", NULL};

/* [FIRST | AFTER col] */
static int column_position(ddl_parser *p, bs_ddl_alter_spec *s)
{
    if (ddl_accept(p, "FIRST")) {
        s->position = 1;
    } else if (ddl_accept(p, "AFTER")) {
        s->position = 2;
        TRY(ddl_ident(p, &s->after));
    }
    return 0;
}

static int one_column(ddl_parser *p, bs_ddl_alter_spec *s)
{
    bs_ddl_column *c = ddl_alloc(p, sizeof *c);
    if (!c) return BS_ENOMEM;
    TRY(ddl_column_def(p, c));
    s->columns = c;
    s->ncolumns = 1;
    return column_position(p, s);
}

static int one_constraint(ddl_parser *p, bs_ddl_alter_spec *s)
{
    bs_ddl_constraint *c = ddl_alloc(p, sizeof *c);
    if (!c) return BS_ENOMEM;
    TRY(ddl_constraint(p, c));
    s->constraints = c;
    s->nconstraints = 1;
    if (c->if_not_exists) s->if_not_exists = 1;
    return 0;
}

/* ADD COLUMN (def, def, INDEX (...)) */
static int column_list(ddl_parser *p, bs_ddl_alter_spec *s)
{
    ddl_vec cols = {0}, cons = {0};
    s->paren = 1;
    TRY(ddl_element_list(p, 0, &cols, &cons));
    s->columns = cols.items;
    s->ncolumns = cols.n;
    s->constraints = cons.items;
    s->nconstraints = cons.n;
    return 0;
}

/* Partition names, or ALL. */
static int partition_names(ddl_parser *p, bs_ddl_alter_spec *s, int allow_all)
{
    if (allow_all && ddl_accept(p, "ALL")) {
        s->all = 1;
        return 0;
    }
    ddl_vec v = {0};
    do {
        bs_ddl_str *n = ddl_vec_push(p, &v, sizeof *n);
        if (!n) return BS_ENOMEM;
        TRY(ddl_ident(p, n));
    } while (ddl_accept_op(p, ","));
    s->partitions = v.items;
    s->npartitions = v.n;
    return 0;
}

/* Definitions given as a list in a bs_ddl_partitioning with no method. */
static int partition_defs(ddl_parser *p, bs_ddl_alter_spec *s)
{
    bs_ddl_partitioning *pt = ddl_alloc(p, sizeof *pt);
    if (!pt) return BS_ENOMEM;
    uint32_t first = p->pos;
    TRY(ddl_part_defs(p, &pt->defs, &pt->ndefs));
    ddl_span_from(p, first, &pt->span);
    s->partitioning = pt;
    return 0;
}

static int add_partition(ddl_parser *p, bs_ddl_alter_spec *s)
{
    s->kind = BS_ALTER_ADD_PARTITION;
    if (ddl_if_not_exists(p)) s->if_not_exists = 1;
    if (!ddl_accept(p, "NO_WRITE_TO_BINLOG")) ddl_accept(p, "LOCAL");
    if (ddl_accept(p, "PARTITIONS")) {
        uint64_t v;
        TRY(ddl_uint(p, &v, NULL));
        s->num = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
        return 0;
    }
    if (ddl_is_op(p, 0, "(")) return partition_defs(p, s);
    return 0;
}

static int alter_add(ddl_parser *p, bs_ddl_alter_spec *s)
{
    if (ddl_accept(p, "PARTITION")) return add_partition(p, s);
    if (ddl_is(p, 0, "PERIOD") && ddl_is(p, 1, "FOR")) {
        s->kind = BS_ALTER_ADD_PERIOD;
        p->pos += 2;
        TRY(ddl_ident_or_string(p, &s->name, NULL));
        return ddl_balanced(p, NULL);
    }
    if (ddl_accept_seq(p, (const char *const[]){"SYSTEM", "VERSIONING", NULL})) {
        s->kind = BS_ALTER_ADD_SYSTEM_VERSIONING;
        return 0;
    }
    if (ddl_at_constraint(p)) {
        s->kind = BS_ALTER_ADD_CONSTRAINT;
        return one_constraint(p, s);
    }
    s->kind = BS_ALTER_ADD_COLUMN;
    s->column_kw = (uint8_t)ddl_accept(p, "COLUMN");
    if (ddl_if_not_exists(p)) s->if_not_exists = 1;
    if (ddl_is_op(p, 0, "(")) return column_list(p, s);
    return one_column(p, s);
}

static uint8_t drop_behavior(ddl_parser *p)
{
    if (ddl_accept(p, "RESTRICT")) return 1;
    if (ddl_accept(p, "CASCADE")) return 2;
    return 0;
}

static int alter_drop(ddl_parser *p, bs_ddl_alter_spec *s)
{
    if (ddl_accept_seq(p, (const char *const[]){"PRIMARY", "KEY", NULL})) {
        s->kind = BS_ALTER_DROP_PRIMARY_KEY;
        return 0;
    }
    if (ddl_accept(p, "INDEX") || ddl_accept(p, "KEY")) {
        s->kind = BS_ALTER_DROP_INDEX;
    } else if (ddl_accept_seq(p, (const char *const[]){"FOREIGN", "KEY", NULL})) {
        s->kind = BS_ALTER_DROP_FOREIGN_KEY;
    } else if (ddl_accept(p, "CHECK")) {
        s->kind = BS_ALTER_DROP_CHECK;
    } else if (ddl_accept(p, "CONSTRAINT")) {
        s->kind = BS_ALTER_DROP_CONSTRAINT;
    } else if (ddl_accept(p, "PARTITION")) {
        s->kind = BS_ALTER_DROP_PARTITION;
        if (ddl_accept_seq(p, kw_if_exists)) s->if_exists = 1;
        return partition_names(p, s, 0);
    } else if (ddl_is(p, 0, "PERIOD") && ddl_is(p, 1, "FOR")) {
        p->pos += 2;
        s->kind = BS_ALTER_DROP_PERIOD;
        return ddl_ident_or_string(p, &s->name, NULL);
    } else if (ddl_accept_seq(p, (const char *const[]){"SYSTEM", "VERSIONING", NULL})) {
        s->kind = BS_ALTER_DROP_SYSTEM_VERSIONING;
        return 0;
    } else {
        s->kind = BS_ALTER_DROP_COLUMN;
        s->column_kw = (uint8_t)ddl_accept(p, "COLUMN");
    }
    if (ddl_accept_seq(p, kw_if_exists)) s->if_exists = 1;
    /* index names may be reserved words written bare (DROP INDEX `PRIMARY`) */
    TRY(s->kind == BS_ALTER_DROP_COLUMN ? ddl_ident(p, &s->name)
                                        : ddl_ident_or_string(p, &s->name, NULL));
    if (s->kind == BS_ALTER_DROP_COLUMN) s->drop_behavior = drop_behavior(p);
    return 0;
}

/* ALTER [COLUMN] c ..., ALTER INDEX i ..., ALTER CHECK|CONSTRAINT c ... */
static int alter_alter(ddl_parser *p, bs_ddl_alter_spec *s)
{
    if (ddl_accept(p, "INDEX") || ddl_accept(p, "KEY")) {
        s->kind = BS_ALTER_INDEX_VISIBILITY;
        TRY(ddl_ident(p, &s->name));
        if (ddl_accept(p, "VISIBLE"))
            s->visible = 1;
        else if (ddl_accept(p, "INVISIBLE"))
            s->visible = 0;
        else if (ddl_accept(p, "IGNORED"))
            s->visible = 0;
        else if (ddl_accept_seq(p, (const char *const[]){"NOT", "IGNORED", NULL}))
            s->visible = 1;
        else
            return ddl_fail(p, "VISIBLE or INVISIBLE");
        return 0;
    }
    if (ddl_accept(p, "CHECK") || ddl_accept(p, "CONSTRAINT")) {
        s->kind = BS_ALTER_CHECK_ENFORCED;
        TRY(ddl_ident(p, &s->name));
        s->enforced = 1;
        if (ddl_accept(p, "NOT")) s->enforced = 0;
        return ddl_expect(p, "ENFORCED");
    }
    s->column_kw = (uint8_t)ddl_accept(p, "COLUMN");
    if (ddl_accept_seq(p, kw_if_exists)) s->if_exists = 1;
    TRY(ddl_ident(p, &s->name));
    if (ddl_accept_seq(p, (const char *const[]){"SET", "DEFAULT", NULL})) {
        s->kind = BS_ALTER_SET_DEFAULT;
        return ddl_default_expr(p, &s->default_value);
    }
    if (ddl_accept_seq(p, (const char *const[]){"DROP", "DEFAULT", NULL})) {
        s->kind = BS_ALTER_DROP_DEFAULT;
        return 0;
    }
    if (ddl_accept(p, "SET")) {
        s->kind = BS_ALTER_COLUMN_VISIBILITY;
        if (ddl_accept(p, "VISIBLE"))
            s->visible = 1;
        else if (ddl_accept(p, "INVISIBLE"))
            s->visible = 0;
        else
            return ddl_fail(p, "DEFAULT, VISIBLE or INVISIBLE");
        return 0;
    }
    return ddl_fail(p, "SET DEFAULT, DROP DEFAULT or SET VISIBLE/INVISIBLE");
}

static int alter_rename(ddl_parser *p, bs_ddl_alter_spec *s)
{
    if (ddl_accept(p, "COLUMN")) {
        s->kind = BS_ALTER_RENAME_COLUMN;
        TRY(ddl_ident(p, &s->name));
        TRY(ddl_expect(p, "TO"));
        return ddl_ident(p, &s->new_name);
    }
    if (ddl_is(p, 0, "INDEX") || ddl_is(p, 0, "KEY")) {
        s->kind = BS_ALTER_RENAME_INDEX;
        s->key_word = ddl_is(p, 0, "KEY") ? 1 : 2;
        p->pos++;
        TRY(ddl_ident(p, &s->name));
        TRY(ddl_expect(p, "TO"));
        return ddl_ident(p, &s->new_name);
    }
    s->kind = BS_ALTER_RENAME_TABLE;
    if (!ddl_accept(p, "TO")) ddl_accept(p, "AS");
    return ddl_table_name(p, &s->table);
}

/* CONVERT TO CHARACTER SET x [COLLATE y]; MariaDB CONVERT PARTITION p TO
 * TABLE t / CONVERT TABLE t TO PARTITION def. */
static int alter_convert(ddl_parser *p, bs_ddl_alter_spec *s)
{
    if (ddl_accept(p, "PARTITION")) {
        s->kind = BS_ALTER_CONVERT_PARTITION_TO_TABLE;
        TRY(partition_names(p, s, 0));
        TRY(ddl_expect(p, "TO"));
        TRY(ddl_expect(p, "TABLE"));
        return ddl_table_name(p, &s->table);
    }
    if (ddl_accept(p, "TABLE")) {
        s->kind = BS_ALTER_CONVERT_TABLE_TO_PARTITION;
        TRY(ddl_table_name(p, &s->table));
        TRY(ddl_expect(p, "TO"));
        bs_ddl_partitioning *pt = ddl_alloc(p, sizeof *pt);
        bs_ddl_part_def *d = ddl_alloc(p, sizeof *d);
        if (!pt || !d) return BS_ENOMEM;
        TRY(ddl_part_def(p, d, 0));
        pt->defs = d;
        pt->ndefs = 1;
        pt->span = d->span;
        s->partitioning = pt;
        return 0;
    }
    TRY(ddl_expect(p, "TO"));
    s->kind = BS_ALTER_CONVERT_CHARSET;
    bs_ddl_table_option *o = ddl_alloc(p, 2 * sizeof *o);
    if (!o) return BS_ENOMEM;
    uint32_t first = p->pos;
    if (!ddl_accept(p, "CHARSET") &&
        !ddl_accept_seq(p, (const char *const[]){"CHARACTER", "SET", NULL}))
        return ddl_fail(p, "CHARACTER SET");
    o[0].kind = BS_TOPT_CHARSET;
    o[0].value_default = (uint8_t)ddl_is(p, 0, "DEFAULT");
    TRY(ddl_ident_or_string(p, &o[0].value, &o[0].value_string));
    ddl_span_from(p, first, &o[0].span);
    s->options = o;
    s->noptions = 1;
    if (ddl_accept(p, "COLLATE")) {
        uint32_t cfirst = p->pos - 1;
        o[1].kind = BS_TOPT_COLLATE;
        ddl_opt_eq(p);
        TRY(ddl_ident_or_string(p, &o[1].value, &o[1].value_string));
        ddl_span_from(p, cfirst, &o[1].span);
        s->noptions = 2;
    }
    return 0;
}

/* ALGORITHM [=] x / LOCK [=] x */
static int algorithm_or_lock(ddl_parser *p, bs_ddl_alter_spec *s, uint8_t kind)
{
    s->kind = kind;
    ddl_opt_eq(p);
    const bs_ddl_token *t = ddl_peek(p, 0);
    if (t->kind != BS_TOK_WORD) return ddl_fail(p, "an algorithm or lock type");
    s->word.ptr = t->val;
    s->word.len = t->vlen;
    s->word.off = t->off;
    p->pos++;
    return 0;
}

static int order_by(ddl_parser *p, bs_ddl_alter_spec *s)
{
    ddl_vec cols = {0}, desc = {0};
    s->kind = BS_ALTER_ORDER_BY;
    do {
        bs_ddl_str *c = ddl_vec_push(p, &cols, sizeof *c);
        uint8_t *d = ddl_vec_push(p, &desc, sizeof *d);
        if (!c || !d) return BS_ENOMEM;
        TRY(ddl_ident(p, c));
        if (ddl_accept(p, "DESC"))
            *d = 1;
        else
            ddl_accept(p, "ASC");
    } while (ddl_accept_op(p, ","));
    s->order_cols = cols.items;
    s->order_desc = desc.items;
    s->norder = cols.n;
    return 0;
}

/* ANALYZE|CHECK|OPTIMIZE|REBUILD|REPAIR|TRUNCATE|DISCARD|IMPORT|COALESCE|
 * REORGANIZE|EXCHANGE PARTITION ... (the verb is at the current token). */
static int partition_op(ddl_parser *p, bs_ddl_alter_spec *s, int *got)
{
    static const struct {
        const char *verb;
        uint8_t kind;
    } ops[] = {
        {"ANALYZE", BS_ALTER_ANALYZE_PARTITION},
        {"CHECK", BS_ALTER_CHECK_PARTITION},
        {"OPTIMIZE", BS_ALTER_OPTIMIZE_PARTITION},
        {"REBUILD", BS_ALTER_REBUILD_PARTITION},
        {"REPAIR", BS_ALTER_REPAIR_PARTITION},
        {"TRUNCATE", BS_ALTER_TRUNCATE_PARTITION},
        {"DISCARD", BS_ALTER_DISCARD_PARTITION_TABLESPACE},
        {"IMPORT", BS_ALTER_IMPORT_PARTITION_TABLESPACE},
        {"COALESCE", BS_ALTER_COALESCE_PARTITION},
        {"REORGANIZE", BS_ALTER_REORGANIZE_PARTITION},
        {"EXCHANGE", BS_ALTER_EXCHANGE_PARTITION},
    };
    *got = 0;
    if (!ddl_is(p, 1, "PARTITION")) return 0;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (!ddl_is(p, 0, ops[i].verb)) continue;
        *got = 1;
        s->kind = ops[i].kind;
        p->pos += 2;
        break;
    }
    if (!*got) return 0;
    if (!ddl_accept(p, "NO_WRITE_TO_BINLOG")) ddl_accept(p, "LOCAL");
    switch (s->kind) {
    case BS_ALTER_COALESCE_PARTITION: {
        uint64_t v;
        TRY(ddl_uint(p, &v, NULL));
        s->num = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
        return 0;
    }
    case BS_ALTER_REORGANIZE_PARTITION:
        if (ddl_at_end(p) || ddl_is_op(p, 0, ",")) {
            s->all = 1;
            return 0;
        }
        TRY(partition_names(p, s, 0));
        TRY(ddl_expect(p, "INTO"));
        return partition_defs(p, s);
    case BS_ALTER_EXCHANGE_PARTITION:
        TRY(partition_names(p, s, 0));
        TRY(ddl_expect(p, "WITH"));
        TRY(ddl_expect(p, "TABLE"));
        TRY(ddl_table_name(p, &s->table));
        s->with_validation = 1;
        if (ddl_accept_seq(p, (const char *const[]){"WITHOUT", "VALIDATION", NULL}))
            s->with_validation = 0;
        else
            ddl_accept_seq(p, (const char *const[]){"WITH", "VALIDATION", NULL});
        return 0;
    case BS_ALTER_DISCARD_PARTITION_TABLESPACE:
    case BS_ALTER_IMPORT_PARTITION_TABLESPACE:
        TRY(partition_names(p, s, 1));
        return ddl_expect(p, "TABLESPACE");
    default: return partition_names(p, s, 1);
    }
}

/* Spec words with nothing after them. */
static const struct {
    const char *w1, *w2;
    uint8_t kind;
} bare_specs[] = {
    {"FORCE", NULL, BS_ALTER_FORCE},
    {"ENABLE", "KEYS", BS_ALTER_ENABLE_KEYS},
    {"DISABLE", "KEYS", BS_ALTER_DISABLE_KEYS},
    {"DISCARD", "TABLESPACE", BS_ALTER_DISCARD_TABLESPACE},
    {"IMPORT", "TABLESPACE", BS_ALTER_IMPORT_TABLESPACE},
    {"WITH", "VALIDATION", BS_ALTER_WITH_VALIDATION},
    {"WITHOUT", "VALIDATION", BS_ALTER_WITHOUT_VALIDATION},
    {"SECONDARY_LOAD", NULL, BS_ALTER_SECONDARY_LOAD},
    {"SECONDARY_UNLOAD", NULL, BS_ALTER_SECONDARY_UNLOAD},
    {"REMOVE", "PARTITIONING", BS_ALTER_REMOVE_PARTITIONING},
};

static int table_options_spec(ddl_parser *p, bs_ddl_alter_spec *s, int *got)
{
    ddl_vec v = {0};
    for (;;) {
        bs_ddl_table_option o;
        int one;
        TRY(ddl_table_option(p, &o, &one));
        if (!one) break;
        bs_ddl_table_option *slot = ddl_vec_push(p, &v, sizeof o);
        if (!slot) return BS_ENOMEM;
        *slot = o;
    }
    *got = v.n > 0;
    s->kind = BS_ALTER_TABLE_OPTIONS;
    s->options = v.items;
    s->noptions = v.n;
    return 0;
}

static int alter_spec(ddl_parser *p, bs_ddl_alter_spec *s)
{
    memset(s, 0, sizeof *s);
    uint32_t first = p->pos;
    int got = 0;
    for (size_t i = 0; i < sizeof bare_specs / sizeof bare_specs[0] && !got; i++) {
        if (!ddl_is(p, 0, bare_specs[i].w1) ||
            (bare_specs[i].w2 && !ddl_is(p, 1, bare_specs[i].w2)))
            continue;
        p->pos += bare_specs[i].w2 ? 2 : 1;
        s->kind = bare_specs[i].kind;
        got = 1;
    }
    if (!got) TRY(partition_op(p, s, &got));
    if (got) {
        /* done */
    } else if (ddl_accept(p, "ADD")) {
        TRY(alter_add(p, s));
    } else if (ddl_accept(p, "DROP")) {
        TRY(alter_drop(p, s));
    } else if (ddl_accept(p, "MODIFY")) {
        s->kind = BS_ALTER_MODIFY_COLUMN;
        s->column_kw = (uint8_t)ddl_accept(p, "COLUMN");
        if (ddl_accept_seq(p, kw_if_exists)) s->if_exists = 1;
        TRY(one_column(p, s));
    } else if (ddl_accept(p, "CHANGE")) {
        s->kind = BS_ALTER_CHANGE_COLUMN;
        s->column_kw = (uint8_t)ddl_accept(p, "COLUMN");
        if (ddl_accept_seq(p, kw_if_exists)) s->if_exists = 1;
        TRY(ddl_ident(p, &s->name));
        TRY(one_column(p, s));
    } else if (ddl_accept(p, "ALTER")) {
        TRY(alter_alter(p, s));
    } else if (ddl_accept(p, "RENAME")) {
        TRY(alter_rename(p, s));
    } else if (ddl_accept(p, "CONVERT")) {
        TRY(alter_convert(p, s));
    } else if (ddl_accept(p, "ALGORITHM")) {
        TRY(algorithm_or_lock(p, s, BS_ALTER_ALGORITHM));
    } else if (ddl_accept(p, "LOCK")) {
        TRY(algorithm_or_lock(p, s, BS_ALTER_LOCK));
    } else if (ddl_is(p, 0, "ORDER") && ddl_is(p, 1, "BY")) {
        p->pos += 2;
        TRY(order_by(p, s));
    } else if (ddl_is(p, 0, "PARTITION") && ddl_is(p, 1, "BY")) {
        s->kind = BS_ALTER_PARTITION_BY;
        TRY(ddl_partitioning(p, &s->partitioning));
    } else {
        TRY(table_options_spec(p, s, &got));
        if (!got) return ddl_fail(p, "an ALTER TABLE specification");
    }
    ddl_span_from(p, first, &s->span);
    return 0;
}

int ddl_alter_table(ddl_parser *p)
{
    bs_ddl_stmt *st = &p->stmt;
    bs_ddl_alter_table *a = &st->u.alter;
    st->kind = BS_STMT_ALTER_TABLE;
    if (ddl_accept_seq(p, kw_if_exists)) st->flags |= BS_STMTF_IF_EXISTS;
    TRY(ddl_table_name(p, &a->table));
    if (ddl_accept(p, "NOWAIT")) {
        /* MariaDB lock wait */
    } else if (ddl_accept(p, "WAIT")) {
        TRY(ddl_uint(p, NULL, NULL));
    }
    ddl_vec v = {0};
    while (!ddl_at_end(p)) {
        if (v.n && !ddl_accept_op(p, ",") && !(ddl_is(p, 0, "PARTITION") && ddl_is(p, 1, "BY")) &&
            !(ddl_is(p, 0, "REMOVE") && ddl_is(p, 1, "PARTITIONING")))
            return ddl_fail(p, "',' or the end of the statement");
        bs_ddl_alter_spec *s = ddl_vec_push(p, &v, sizeof *s);
        if (!s) return BS_ENOMEM;
        TRY(alter_spec(p, s));
    }
    a->specs = v.items;
    a->nspecs = v.n;
    return 0;
}
