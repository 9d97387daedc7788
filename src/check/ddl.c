/*
 * ddl.c - verdicts for QUERY events (dm-rules.md §7.2-§7.3).
 *
 * The rule engine's QUERY decision (bs_rules_query_decide) says what DM does
 * with the statement text: nothing (BEGIN/COMMIT), skip it (built-in skips,
 * statement-format DML, statements DM does not handle, a global filter), stop
 * (DM's code), or run its split statements, each with its own fate. Here each
 * fate becomes a verdict for the statement's table, and every statement DM
 * applies to its schema tracker (filtered ones too, not BA-dropped ones) is
 * applied to this source's tracker, so later rows are checked against the
 * structure DM would hold.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check/check_internal.h"
#include "util/error_internal.h"

static int is_transaction_word(const bs_binlog_query *q)
{
    return (q->query.len == 5 && strncasecmp((const char *)q->query.ptr, "BEGIN", 5) == 0) ||
           (q->query.len == 6 && strncasecmp((const char *)q->query.ptr, "COMMIT", 6) == 0);
}

static char *db_copy(bs_check_src *s, const bs_binlog_query *q)
{
    bs_buf_clear(&s->db);
    if (bs_buf_append(&s->db, q->db.ptr, q->db.len)) return NULL;
    return s->db.data ? s->db.data : "";
}

static int skip_step(int reason)
{
    switch (reason) {
    case BS_QSKIP_BUILTIN: return BS_STEP_BUILTIN_SKIP;
    case BS_QSKIP_DML: return BS_STEP_STATEMENT_DML;
    case BS_QSKIP_GLOBAL_FILTER: return BS_STEP_GLOBAL_FILTER;
    default: return BS_STEP_NOT_DDL;
    }
}

/* The event as a whole: skipped, stopped, or before the start. */
static int whole_event(bs_check_src *s, const bs_binlog_event *ev, const char *db, int verdict,
                       int step, const bs_rules_query_result *res)
{
    bs_check_verdict v;
    bs_check_verdict_init(s, ev, &v);
    v.schema = *db ? db : NULL;
    v.verdict = verdict;
    v.step = step;
    v.rows = 0;
    long hit = -1;
    if (res) {
        v.dm_code = verdict == BS_VERDICT_CONFLICT ? res->dm_code : 0;
        v.detail = res->message ? res->message : "";
        if (res->filter) {
            v.rule = res->filter->name;
            v.rule_line = res->filter->line;
            hit = bs_check_tally_rule(s->tally, res->filter);
        }
        if (res->skip == BS_QSKIP_DML)
            v.detail = "statement-format DML: DM skips it without a word (these rows are lost; "
                       "DM needs binlog_format=ROW)";
        if (verdict == BS_VERDICT_CONFLICT)
            v.fix = res->dm_code == 36015
                        ? "the binlog filter rule has action Error: change it, or skip the "
                          "event with `binlog skip`"
                        : "DM pauses the task: skip or replace the statement with `binlog skip` / "
                          "`binlog replace`, or change the rules";
    }
    return bs_check_emit(s, &v, -1, hit, 1);
}

static int stmt_verdict_kind(int fate)
{
    switch (fate) {
    case BS_QFATE_EXECUTED:
    case BS_QFATE_ONLINE_SWAP: return BS_VERDICT_MIGRATED;
    case BS_QFATE_ERROR: return BS_VERDICT_CONFLICT;
    default: return BS_VERDICT_DROPPED;
    }
}

/* DROP/TRUNCATE TABLE and DROP DATABASE run downstream empty their targets:
 * keys live there before are gone. */
static int empties_target(bs_check_src *s, const bs_rules_query_stmt *st,
                          const bs_rules_query_table *t)
{
    switch (st->split->stmt->kind) {
    case BS_STMT_DROP_TABLE:
    case BS_STMT_TRUNCATE_TABLE:
        return bs_check_target_emptied(s, t->target_schema, t->target_table);
    case BS_STMT_DROP_DATABASE: return bs_check_target_emptied(s, t->target_schema, NULL);
    default: return 0;
    }
}

static int stmt_verdict(bs_check_src *s, const bs_binlog_event *ev,
                        const bs_rules_query_result *res, const bs_rules_query_stmt *st)
{
    bs_check_verdict v;
    bs_check_verdict_init(s, ev, &v);
    v.rows = 0;
    v.dm_event = st->event;
    v.verdict = stmt_verdict_kind(st->fate);
    const bs_rules_query_table *t =
        st->ntables ? &st->tables[st->table < st->ntables ? st->table : 0] : NULL;
    if (t) {
        v.schema = t->schema;
        v.table = *t->table ? t->table : NULL;
    }
    long table = t ? bs_check_tally_table(s->tally, t->schema, t->table) : -1, hit = -1;
    if (v.verdict == BS_VERDICT_MIGRATED) {
        v.statement = BS_CHECK_STMT_DDL;
        v.sql = st->sql;
        v.sql_len = st->sql_len;
        if (t) v.target_schema = t->target_schema, v.target_table = t->target_table;
        if (t && t->route) {
            hit = bs_check_tally_rule(s->tally, t->route);
            v.rule = t->route->name;
            v.rule_line = t->route->line;
        }
        int merged = t ? bs_check_merged_ddl(s, st, t, table, &v) : 0;
        if (merged < 0 ||
            (table >= 0 && bs_check_tally_table_target(s->tally, table, 0, t->route,
                                                       t->target_schema, t->target_table)) ||
            (t && empties_target(s, st, t)))
            return bs_error_set(&s->err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    } else {
        v.step = st->fate == BS_QFATE_NOT_REACHED ? res->step : st->step;
        v.dm_code = st->fate == BS_QFATE_ERROR ? st->dm_code : 0;
        v.detail = st->fate == BS_QFATE_NOT_REACHED ? "not reached: DM stopped at an earlier "
                                                      "statement of this event"
                   : st->message                    ? st->message
                                                    : "";
        const void *rule = st->filter ? (const void *)st->filter : (const void *)st->ba_list;
        if (st->filter)
            v.rule = st->filter->name, v.rule_line = st->filter->line;
        else if (st->ba_list)
            v.rule = st->ba_list->name, v.rule_line = st->ba_list->line;
        if (rule && st->fate != BS_QFATE_NOT_REACHED) hit = bs_check_tally_rule(s->tally, rule);
        if (v.verdict == BS_VERDICT_CONFLICT)
            v.fix = "DM pauses the task: skip or replace the statement with `binlog skip` / "
                    "`binlog replace`, or change the rules";
    }
    return bs_check_emit(s, &v, table, hit, 1);
}

/* A statement that changes a table the tracker does not know yet (ALTER,
 * RENAME, CREATE/DROP INDEX): DM first initialises it from the downstream
 * target (dm-rules.md §8). CREATE TABLE and DROP need no old structure. */
static void seed_from_downstream(bs_check_src *s, const bs_rules_query_stmt *st,
                                 const bs_rules_query_table *t)
{
    unsigned kind = st->split->stmt->kind;
    if (kind != BS_STMT_ALTER_TABLE && kind != BS_STMT_RENAME_TABLE &&
        kind != BS_STMT_CREATE_INDEX && kind != BS_STMT_DROP_INDEX)
        return;
    if (!s->check->downstream || !*t->table) return;
    if (bs_schema_tracker_find(s->tracker, t->schema, strlen(t->schema), t->table,
                               strlen(t->table)))
        return;
    const bs_schema_table *down =
        bs_schema_tracker_find(s->check->downstream, t->target_schema, strlen(t->target_schema),
                               t->target_table, strlen(t->target_table));
    bs_error err;
    if (down)
        bs_schema_tracker_copy_table(s->tracker, down, t->schema, t->table,
                                     BS_SCHEMA_FROM_DOWNSTREAM, &err);
}

static int creates_or_drops(const bs_rules_query_stmt *st)
{
    unsigned k = st->split->stmt->kind;
    return k == BS_STMT_CREATE_TABLE || k == BS_STMT_CREATE_DATABASE || k == BS_STMT_DROP_TABLE ||
           k == BS_STMT_DROP_DATABASE;
}

/* DM's tracker runs the split text, with IF [NOT] EXISTS added, so CREATE of
 * something that exists and DROP of something missing change nothing; a
 * failure on a table the tracker knew is DM's 44006, raised before the
 * statement runs downstream (its verdict, and 1, are returned then). Tables
 * it never knew stay unknown (their rows are then assumed to match the
 * binlog). */
static int track(bs_check_src *s, const bs_binlog_event *ev, const bs_rules_query_stmt *st)
{
    if (st->ntables) seed_from_downstream(s, st, &st->tables[0]);
    bs_error err;
    bs_error_clear(&err);
    int rc = bs_schema_tracker_apply(s->tracker, st->split, BS_SCHEMA_FROM_BINLOG, &err);
    if (rc == BS_ENOMEM) return bs_error_set(&s->err, rc, NULL, BS_NO_OFFSET, "out of memory");
    if (!rc || creates_or_drops(st) || err.dm_code != 44006) return 0;
    const bs_rules_query_table *t = st->ntables ? &st->tables[0] : NULL;
    if (!t || !bs_schema_tracker_find(s->tracker, t->schema, strlen(t->schema), t->table,
                                      strlen(t->table))) {
        if (t && *t->table)
            bs_check_note(s, BS_DIAG_INFO, "ddl-untracked",
                          "%s:%llu: `%s`.`%s` has no known structure, so its DDL cannot be "
                          "tracked: %s",
                          ev->file, (unsigned long long)ev->offset, t->schema, t->table,
                          err.message);
        return 0;
    }
    bs_check_verdict v;
    bs_check_verdict_init(s, ev, &v);
    v.schema = t->schema;
    v.table = t->table;
    v.dm_event = st->event;
    v.verdict = BS_VERDICT_CONFLICT;
    v.step = BS_STEP_TRACKER;
    v.dm_code = 44006;
    v.detail = err.message;
    v.fix = "the statement does not apply to the structure DM tracks: set the table's structure "
            "with `binlog-schema update`, or skip the statement with `binlog skip`";
    rc = bs_check_emit(s, &v, bs_check_tally_table(s->tally, t->schema, t->table), -1, 1);
    return rc ? rc : 1;
}

/* An ADD COLUMN that ran downstream, or that a filter kept away while the
 * tracker applied it: what the target then has (downstream.c). */
static int remember_added(bs_check_src *s, const bs_rules_query_stmt *st)
{
    const bs_ddl_split_stmt *sp = st->split;
    int ran = st->fate == BS_QFATE_EXECUTED,
        kept_away = st->fate == BS_QFATE_DROPPED && st->tracked;
    if ((!ran && !kept_away) || !st->ntables || sp->stmt->kind != BS_STMT_ALTER_TABLE ||
        sp->index >= sp->stmt->u.alter.nspecs)
        return 0;
    const bs_ddl_alter_spec *spec = &sp->stmt->u.alter.specs[sp->index];
    if (spec->kind != BS_ALTER_ADD_COLUMN) return 0;
    const bs_rules_query_table *t = &st->tables[0];
    for (uint32_t i = 0; i < spec->ncolumns; i++) {
        if (sp->column != UINT32_MAX && sp->column != i) continue;
        char name[260];
        const bs_ddl_str *n = &spec->columns[i].name;
        snprintf(name, sizeof name, "%.*s", (int)n->len, n->ptr);
        if (bs_check_target_column_added(s, t->target_schema, t->target_table, name, ran))
            return bs_error_set(&s->err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    }
    return 0;
}

/* Pessimistic mode: the table DDL of the event (its statements DM would run,
 * other than CREATE) goes to the target's shard DDL lock (pessimist.c). */
static int coordinate(bs_check_src *s, const bs_binlog_event *ev, const bs_rules_query_result *res)
{
    if (strcmp(bs_task_get(s->check->task)->shard_mode, "pessimistic") != 0) return 0;
    const bs_rules_query_table *t = NULL;
    bs_buf *ddl = &s->key_bytes;
    bs_buf_clear(ddl);
    for (uint32_t i = 0; i < res->nstmts; i++) {
        const bs_rules_query_stmt *st = &res->stmts[i];
        unsigned kind = st->split->stmt->kind;
        if (st->fate != BS_QFATE_EXECUTED || !st->ntables || !*st->tables[0].table ||
            kind == BS_STMT_CREATE_TABLE)
            continue;
        t = &st->tables[0];
        if ((ddl->len && bs_buf_puts(ddl, "; ")) || bs_buf_append(ddl, st->sql, st->sql_len))
            return bs_error_set(&s->err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    }
    if (!t) return 0;
    long target = bs_check_target_of(s, t->target_schema, t->target_table);
    long table = bs_check_tally_table(s->tally, t->schema, t->table);
    if (target < 0 || table < 0)
        return bs_error_set(&s->err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    int rc = bs_check_pessimist_ddl(s, ev, target, table, ddl->data);
    return rc < 0 ? bs_error_set(&s->err, rc, NULL, BS_NO_OFFSET, "out of memory") : rc;
}

/* Each split statement's verdict. An error DM raises for the event as a
 * whole (e.g. 36022 in shard modes) is not any one statement's: it gets its
 * own verdict. */
static int each_statement(bs_check_src *s, const bs_binlog_event *ev, const char *db,
                          const bs_rules_query_result *res)
{
    int stopped = 0;
    for (uint32_t i = 0; i < res->nstmts; i++) {
        const bs_rules_query_stmt *st = &res->stmts[i];
        stopped |= st->fate == BS_QFATE_ERROR;
        int rc = st->tracked && res->kind != BS_QUERY_ERROR ? track(s, ev, st) : 0;
        if (rc == 1) return 0; /* DM stops here: later statements are not reached */
        if (!rc) rc = stmt_verdict(s, ev, res, st);
        if (!rc) rc = remember_added(s, st);
        if (rc) return rc;
    }
    if (res->kind == BS_QUERY_ERROR && !stopped)
        return whole_event(s, ev, db, BS_VERDICT_CONFLICT, res->step, res);
    return res->kind == BS_QUERY_DDL ? coordinate(s, ev, res) : 0;
}

int bs_check_query_event(bs_check_src *s, const bs_binlog_event *ev, int before_start)
{
    const bs_binlog_query *q = &ev->u.query;
    if (is_transaction_word(q)) return 0;
    char *db = db_copy(s, q);
    if (!db) return bs_error_set(&s->err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    if (before_start) return whole_event(s, ev, db, BS_VERDICT_DROPPED, BS_STEP_BEFORE_START, NULL);
    bs_ddl_options parse;
    bs_ddl_options_for_server(s->fde ? s->fde->server_version : NULL, s->fde && s->fde->is_mariadb,
                              q->present & BS_QSV_SQL_MODE ? q->sql_mode : 0, &parse);
    bs_rules_query_input in = {.sql = (const char *)q->query.ptr,
                               .sql_len = q->query.len,
                               .db = db,
                               .db_len = q->db.len,
                               .parse = &parse,
                               .lookup = bs_schema_tracker_old_column,
                               .lookup_ctx = s->tracker};
    const bs_rules_query_result *res;
    int rc = bs_rules_query_decide(s->query, &in, &res, NULL, &s->err);
    if (rc) return rc;
    switch (res->kind) {
    case BS_QUERY_BEGIN:
    case BS_QUERY_COMMIT: return 0;
    case BS_QUERY_SKIPPED:
        if (res->skip == BS_QSKIP_NO_STATEMENT && res->nstmts)
            return each_statement(s, ev, db, res);
        return whole_event(s, ev, db, BS_VERDICT_DROPPED, skip_step(res->skip), res);
    case BS_QUERY_ERROR:
    default: return each_statement(s, ev, db, res);
    }
}
