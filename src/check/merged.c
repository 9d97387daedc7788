/*
 * merged.c - shard DDL without a shard mode (dm-rules.md §9.1).
 *
 * With shard-mode "" DM runs every shard's DDL on the merged target as it
 * arrives. Repeated CREATE/ADD are harmless, but a DROP TABLE, TRUNCATE or
 * DROP DATABASE of one shard drops or empties the table all shards write
 * into, and a column one shard drops is still sent by the others. These
 * statements migrate, and are conflicts: the report says whose rows suffer.
 * The group is what this source has shown so far: upstream tables whose
 * rows or DDL went to the target before the statement.
 */
#include <string.h>
#include <strings.h>

#include "check/check_internal.h"

/* The upstream tables that lose data besides the statement's own: the
 * group's members other than self (a tally index), or, for DROP DATABASE
 * (self -1), those outside the dropped upstream schema. */
static int is_other(bs_check_src *s, long member, long self, const char *dropped_schema)
{
    const char *schema, *table;
    if (self >= 0) return member != self;
    bs_check_tally_table_names(s->tally, member, &schema, &table);
    return strcasecmp(schema, dropped_schema) != 0;
}

/* How many members lose data besides the statement's own; with out, their
 * names are appended: "`a`.`t2`, `a`.`t3` (and 5 more)". */
static uint32_t others(bs_check_src *s, const bs_check_target *t, long self,
                       const char *dropped_schema, bs_buf *out)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < t->n_shards; i++) {
        if (!is_other(s, t->shards[i], self, dropped_schema)) continue;
        const char *schema, *table;
        bs_check_tally_table_names(s->tally, t->shards[i], &schema, &table);
        if (out && n < 3) bs_buf_printf(out, "%s`%s`.`%s`", n ? ", " : "", schema, table);
        n++;
    }
    if (out && n > 3) bs_buf_printf(out, " (and %u more)", n - 3);
    return n;
}

/* Appends "`s`.`t`, which also holds the rows of ..." when target t has
 * other members; returns whether it did. */
static int describe(bs_check_src *s, const bs_check_target *t, long self,
                    const char *dropped_schema, int first, bs_buf *d)
{
    if (!others(s, t, self, dropped_schema, NULL)) return 0;
    bs_buf_printf(d, "%s`%s`.`%s`, which also holds the rows of ", first ? "" : "; ", t->schema,
                  t->table);
    others(s, t, self, dropped_schema, d);
    return 1;
}

static int merged_conflict(bs_check_src *s, bs_check_verdict *v)
{
    bs_buf_puts(&s->key_detail, " (shard-mode \"\" runs every shard's DDL on the merged table)");
    v->verdict = BS_VERDICT_CONFLICT;
    v->step = BS_STEP_SHARD;
    v->dm_code = 0;
    v->detail = s->key_detail.data;
    v->fix = "ignore this DDL for the shards with a binlog filter rule (events such as \"drop "
             "table\", \"truncate table\", \"drop column\"), or merge with a shard-mode";
    return 1;
}

/* DROP DATABASE: every merged target of the (routed) schema holding rows
 * of tables outside the dropped upstream schema. */
static int drop_database(bs_check_src *s, const bs_rules_query_table *t, bs_check_verdict *v)
{
    bs_buf *d = &s->key_detail;
    bs_buf_clear(d);
    bs_buf_puts(d, "DROP DATABASE drops the merged ");
    int hit = 0;
    for (size_t i = 0; i < s->n_targets; i++)
        if (strcasecmp(s->targets[i].schema, t->target_schema) == 0)
            hit |= describe(s, &s->targets[i], -1, t->schema, !hit, d);
    return hit ? merged_conflict(s, v) : 0;
}

int bs_check_merged_ddl(bs_check_src *s, const bs_rules_query_stmt *st,
                        const bs_rules_query_table *t, long table, bs_check_verdict *v)
{
    const char *mode = bs_task_get(s->check->task)->shard_mode;
    unsigned kind = st->split->stmt->kind;
    if (!*t->table) return kind == BS_STMT_DROP_DATABASE && !*mode ? drop_database(s, t, v) : 0;
    long target = bs_check_target_of(s, t->target_schema, t->target_table);
    if (target < 0 || (table >= 0 && bs_check_target_join(s, target, table))) return BS_ENOMEM;
    if (*mode) return 0;
    const char *what = kind == BS_STMT_DROP_TABLE       ? "DROP TABLE drops"
                       : kind == BS_STMT_TRUNCATE_TABLE ? "TRUNCATE empties"
                       : st->event == BS_DMEV_DROP_COLUMN
                           ? "DROP COLUMN removes a column other shards still send from"
                           : NULL;
    if (!what) return 0;
    bs_buf_clear(&s->key_detail);
    bs_buf_printf(&s->key_detail, "%s the merged ", what);
    return describe(s, &s->targets[target], table, NULL, 1, &s->key_detail) ? merged_conflict(s, v)
                                                                            : 0;
}
