/*
 * pessimist.c - shard DDL in pessimistic mode, as far as one source shows it
 * (dm-rules.md §9.2).
 *
 * A DDL (other than CREATE) of a table routed into a target is not run: it
 * opens, or joins, the target's lock. The lock holds the DDL list of the
 * first table that reached it; every other member of the group must produce
 * the same list (else 36008, DM's inconsistent sequence); when the last one
 * does, DM runs it once and releases the rows held meanwhile - rows of
 * tables that already passed the DDL. A lock still open at the end of the
 * replay is a stall: the report names the tables that never ran the DDL
 * and the rows held.
 *
 * The group is the upstream tables this source has shown routed into the
 * target (targets.c); DM's group also spans the task's other sources, whose
 * shards binsift replays on other threads and does not count here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"

struct bs_check_lock {
    char *ddl;       /* the DDL list of the event that opened it, as DM runs it */
    long opener;     /* the table that opened it (tally index) */
    uint32_t member; /* where: binlog file index and offset */
    uint64_t position;
    uint32_t timestamp;
    long *done; /* the tables that ran it */
    uint32_t n_done;
    uint64_t held_events, held_rows;
};

static int has(const bs_check_lock *l, long table)
{
    for (uint32_t i = 0; i < l->n_done; i++)
        if (l->done[i] == table) return 1;
    return 0;
}

static int add_done(bs_check_lock *l, long table)
{
    long *p = realloc(l->done, (l->n_done + 1) * sizeof *p);
    if (!p) return BS_ENOMEM;
    l->done = p;
    p[l->n_done++] = table;
    return 0;
}

void bs_check_lock_free(bs_check_lock *l)
{
    if (!l) return;
    free(l->ddl);
    free(l->done);
    free(l);
}

static int open_lock(bs_check_src *s, bs_check_target *t, const bs_binlog_event *ev, long table,
                     const char *ddl)
{
    bs_check_lock *l = calloc(1, sizeof *l);
    if (!l || !(l->ddl = strdup(ddl)) || add_done(l, table)) {
        bs_check_lock_free(l);
        return BS_ENOMEM;
    }
    l->opener = table;
    l->member = s->member;
    l->position = ev->offset;
    l->timestamp = ev->timestamp;
    t->lock = l;
    return 0;
}

/* 36008: the table's DDL is not the one the group waits for. */
static int inconsistent(bs_check_src *s, const bs_binlog_event *ev, const bs_check_target *t,
                        long table, const char *ddl)
{
    const char *schema, *name;
    bs_check_tally_table_names(s->tally, table, &schema, &name);
    bs_buf *d = &s->key_detail;
    bs_buf_clear(d);
    bs_buf_printf(d,
                  "detect inconsistent DDL sequence from source `%s`.`%s`: [%s], right DDL "
                  "sequence should be [%s]",
                  schema, name, ddl, t->lock->ddl);
    bs_check_verdict v;
    bs_check_verdict_init(s, ev, &v);
    v.schema = schema;
    v.table = name;
    v.target_schema = t->schema;
    v.target_table = t->table;
    v.verdict = BS_VERDICT_CONFLICT;
    v.step = BS_STEP_SHARD;
    v.dm_code = 36008;
    v.detail = d->data;
    v.fix = "the shards must run the same DDL in the same order: fix it by hand downstream and "
            "`shard-ddl-lock unlock`, or replace the statement with `binlog replace`";
    return bs_check_emit(s, &v, table, -1, 1);
}

int bs_check_pessimist_ddl(bs_check_src *s, const bs_binlog_event *ev, long target, long table,
                           const char *ddl)
{
    bs_check_target *t = &s->targets[target];
    if (!t->lock) {
        if (t->n_shards <= 1) return 0; /* a group of one runs its DDL at once */
        return open_lock(s, t, ev, table, ddl);
    }
    if (has(t->lock, table)) return 0; /* its next DDL waits for the next round */
    if (strcmp(t->lock->ddl, ddl) != 0) return inconsistent(s, ev, t, table, ddl);
    int rc = add_done(t->lock, table);
    if (rc || t->lock->n_done < t->n_shards) return rc;
    bs_check_lock_free(t->lock); /* the last shard: DM runs it, held rows replay */
    t->lock = NULL;
    return 0;
}

void bs_check_pessimist_rows(bs_check_src *s, long target, long table, uint64_t rows)
{
    bs_check_lock *l = s->targets[target].lock;
    if (l && has(l, table)) {
        l->held_events++;
        l->held_rows += rows;
    }
}

/* The tables of the group that never ran the lock's DDL, into d. */
static void waiting_for(bs_check_src *s, const bs_check_target *t, bs_buf *d)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < t->n_shards; i++) {
        if (has(t->lock, t->shards[i])) continue;
        const char *schema, *name;
        bs_check_tally_table_names(s->tally, t->shards[i], &schema, &name);
        bs_buf_printf(d, "%s`%s`.`%s`", n++ ? ", " : "", schema, name);
    }
}

static int stall(bs_check_src *s, const bs_check_target *t)
{
    const bs_check_lock *l = t->lock;
    const char *schema, *name;
    bs_check_tally_table_names(s->tally, l->opener, &schema, &name);
    bs_buf *d = &s->key_detail;
    bs_buf_clear(d);
    bs_buf_printf(d, "the pessimistic shard DDL lock of `%s`.`%s` never completes: ", t->schema,
                  t->table);
    waiting_for(s, t, d);
    bs_buf_printf(d,
                  " never ran [%s] by the end of the binlog; DM runs nothing and holds %llu rows "
                  "events (%llu rows) of the tables that did",
                  l->ddl, (unsigned long long)l->held_events, (unsigned long long)l->held_rows);
    bs_check_verdict v = {.source_id = s->source_id,
                          .file = bs_io_list_path(s->list, l->member),
                          .position = l->position,
                          .gtid = "",
                          .timestamp = l->timestamp,
                          .event_type = BS_EV_QUERY,
                          .schema = schema,
                          .table = name,
                          .target_schema = t->schema,
                          .target_table = t->table,
                          .verdict = BS_VERDICT_CONFLICT,
                          .step = BS_STEP_SHARD,
                          .detail = d->data,
                          .fix = "run the same DDL on the remaining shards, or take their tables "
                                 "out of the task; `shard-ddl-lock` shows the lock"};
    return bs_check_emit(s, &v, l->opener, -1, 1);
}

int bs_check_pessimist_finish(bs_check_src *s)
{
    for (size_t i = 0; i < s->n_targets; i++) {
        if (!s->targets[i].lock) continue;
        int rc = stall(s, &s->targets[i]);
        if (rc) return rc;
    }
    return 0;
}
