/*
 * downstream.c - does the downstream table take the statements DM writes?
 *
 * DM generates row statements from the structure its tracker holds (the
 * upstream's, once a CREATE TABLE or --schema gave it), naming its columns.
 * The downstream table may disagree (dm-rules.md §8, §5.5):
 *   - a column DM names that the target lacks - typically an ADD COLUMN a
 *     binlog filter kept from the downstream while the tracker applied it:
 *     the statement fails with Error 1054 (Unknown column);
 *   - a target column DM does not send that is NOT NULL without a default
 *     (and not generated or auto-increment): every INSERT fails with Error
 *     1364 (Field doesn't have a default value).
 * The target's columns are --downstream-schema's (its structure at the
 * start; without it the downstream is taken to match the upstream), updated
 * by the ADD COLUMNs the replay ran there or a filter kept away (remembered
 * per target, targets.c).
 * The outcome is computed once per tracked structure version.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "check/check_internal.h"

static int has_column(const bs_schema_table *t, const char *name)
{
    return bs_schema_table_column(t, name, strlen(name)) >= 0;
}

static int sends(const bs_check_slot *slot, const bs_schema_table *up, const char *name)
{
    for (uint32_t e = 0; e < slot->nextract; e++)
        if (strcasecmp(slot->extract_names[e], name) == 0) return 1;
    return has_column(up, name);
}

/* The first problem of up's statements against the target, into slot. */
static void assess(bs_check_src *s, bs_check_slot *slot, const bs_schema_table *up)
{
    const bs_route_result *r = &slot->d->route;
    const bs_schema_table *down =
        s->check->downstream ? bs_schema_tracker_find(s->check->downstream, r->target_schema,
                                                      strlen(r->target_schema), r->target_table,
                                                      strlen(r->target_table))
                             : NULL;
    long target = bs_check_target_of(s, r->target_schema, r->target_table);
    slot->fit_code = 0;
    for (uint32_t i = 0; i < up->ncols && !slot->fit_code; i++) {
        const char *c = up->cols[i].name;
        int known = target >= 0 ? bs_check_target_column_state(&s->targets[target], c) : -1;
        int missing = known >= 0 ? !known : down && !has_column(down, c);
        if (missing) {
            slot->fit_code = 1054;
            snprintf(slot->fit_column, sizeof slot->fit_column, "%s", c);
        }
    }
    for (uint32_t i = 0; down && i < down->ncols && !slot->fit_code; i++) {
        const bs_schema_column *c = &down->cols[i];
        if (c->not_null && !c->has_default && !c->auto_increment && !c->generated &&
            !sends(slot, up, c->name)) {
            slot->fit_code = 1364;
            snprintf(slot->fit_column, sizeof slot->fit_column, "%s", c->name);
        }
    }
}

int bs_check_downstream_fit(bs_check_src *s, bs_check_slot *slot, const bs_schema_table *up,
                            int kind, bs_check_verdict *v)
{
    if (!up || up->origin == BS_SCHEMA_FROM_DOWNSTREAM) return 0;
    uint64_t stamp = up->version ^ ((uint64_t)s->targets_changed << 40);
    if (!slot->fit_ready || slot->fit_stamp != stamp) {
        assess(s, slot, up);
        slot->fit_ready = 1;
        slot->fit_stamp = stamp;
    }
    if (!slot->fit_code || (slot->fit_code == 1364 && kind != BS_ROW_INSERT)) return 0;
    const bs_route_result *r = &slot->d->route;
    bs_buf *d = &s->key_detail;
    bs_buf_clear(d);
    if (slot->fit_code == 1054)
        bs_buf_printf(d,
                      "`%s`.`%s` has no column `%s`, which DM's tracked structure of `%s`.`%s` "
                      "has: the statement fails with Error 1054 (Unknown column) and the task "
                      "pauses",
                      r->target_schema, r->target_table, slot->fit_column, slot->schema,
                      slot->table);
    else
        bs_buf_printf(d,
                      "`%s`.`%s`.`%s` is NOT NULL without a default and DM does not send it: "
                      "the INSERT fails with Error 1364 (Field doesn't have a default value)",
                      r->target_schema, r->target_table, slot->fit_column);
    v->dm_code = slot->fit_code;
    v->detail = d->data;
    v->fix = slot->fit_code == 1054
                 ? "run the DDL the binlog filter dropped on the downstream table too (or stop "
                   "filtering it), or set the tracked structure with `binlog-schema update`"
                 : "give the downstream column a default or make it nullable (DM's precheck "
                   "only warns about it)";
    return 1;
}
