/*
 * test_query_util.h - what the QUERY-event decision tests share: a task from
 * YAML text compiled for source s1 with a query context on it, and a one-line
 * rendering of a decision that the tables of cases compare against.
 *
 * The rendering: the outcome ("DDL", "BEGIN", "COMMIT", "SKIP:<reason>",
 * "SKIP:global(<rule>):<code>", "ERROR:<code>"), then per split statement
 * " | <fate>[/<step>][(<filter rule>)][[<online action>]] <event>[ +T]", +T
 * when the statement is applied to the schema tracker.
 */
#ifndef BS_TEST_QUERY_UTIL_H
#define BS_TEST_QUERY_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "binsift/rules.h"
#include "binsift/schema.h"
#include "binsift/task.h"

#define TQ_HEAD                                                                                    \
    "name: t\n"                                                                                    \
    "task-mode: all\n"                                                                             \
    "target-database:\n"                                                                           \
    "  host: 127.0.0.1\n"                                                                          \
    "  port: 4000\n"
#define TQ_INST "mysql-instances:\n  - source-id: s1\n"

typedef struct tq_env {
    bs_task *task;
    bs_rules *rules;
    bs_rules_query *q;
} tq_env;

static inline void tq_open(tq_env *e, const char *yaml)
{
    bs_error err;
    bs_diag_list d = {0};
    memset(e, 0, sizeof *e);
    if (bs_task_load_buffer("task.yaml", yaml, strlen(yaml), &e->task, &d, &err))
        fail_msg("task: %s (line %d)", err.message, err.line);
    bs_diag_list_free(&d);
    if (bs_rules_compile(e->task, "s1", NULL, &e->rules, NULL, &err))
        fail_msg("compile: %s", err.message);
    if (bs_rules_query_new(e->rules, &e->q, &err)) fail_msg("query context: %s", err.message);
}

static inline void tq_close(tq_env *e)
{
    bs_rules_query_free(e->q);
    bs_rules_free(e->rules);
    bs_task_free(e->task);
}

static inline const char *tq_skip_name(int s)
{
    static const char *const names[] = {"?",      "builtin", "empty",       "dml",
                                        "notddl", "global",  "no_statement"};
    return s >= 0 && s < (int)(sizeof names / sizeof names[0]) ? names[s] : "?";
}

static inline const char *tq_step_name(int step)
{
    switch (step) {
    case BS_STEP_SYSTEM_SCHEMA: return "sys";
    case BS_STEP_BA_LIST: return "ba";
    case BS_STEP_FILTER: return "filter";
    case BS_STEP_ONLINE_DDL: return "online";
    case BS_STEP_SHARD: return "shard";
    case BS_STEP_SPLIT: return "split";
    default: return "?";
    }
}

static inline void tq_put(char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline void tq_put(char *buf, size_t cap, const char *fmt, ...)
{
    size_t n = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + n, cap - n, fmt, ap);
    va_end(ap);
}

static inline void tq_render(const bs_rules_query_result *r, char *buf, size_t cap)
{
    static const char *const fates[] = {"?", "run", "drop", "swap", "error", "unreached"};
    static const char *const online[] = {"",        "[record]",  "[reset]",
                                         "[trash]", "[totrash]", "[swap]"};
    buf[0] = 0;
    switch (r->kind) {
    case BS_QUERY_BEGIN: tq_put(buf, cap, "BEGIN"); break;
    case BS_QUERY_COMMIT: tq_put(buf, cap, "COMMIT"); break;
    case BS_QUERY_DDL: tq_put(buf, cap, "DDL"); break;
    case BS_QUERY_ERROR: tq_put(buf, cap, "ERROR:%d", r->dm_code); break;
    case BS_QUERY_SKIPPED:
        if (r->skip == BS_QSKIP_GLOBAL_FILTER)
            tq_put(buf, cap, "SKIP:global(%s):%d", r->filter ? r->filter->name : "?", r->dm_code);
        else
            tq_put(buf, cap, "SKIP:%s", tq_skip_name(r->skip));
        break;
    default: tq_put(buf, cap, "?%d", r->kind);
    }
    for (uint32_t i = 0; i < r->nstmts; i++) {
        const bs_rules_query_stmt *s = &r->stmts[i];
        tq_put(buf, cap, " | %s", s->fate > 0 && s->fate <= 5 ? fates[s->fate] : "?");
        if (s->fate == BS_QFATE_DROPPED || s->fate == BS_QFATE_ERROR)
            tq_put(buf, cap, "/%s", tq_step_name(s->step));
        if (s->filter) tq_put(buf, cap, "(%s)", s->filter->name);
        if (s->online > 0 && s->online <= 5) tq_put(buf, cap, "%s", online[s->online]);
        const char *ev = bs_rules_event_name(s->event);
        tq_put(buf, cap, " %s%s", ev[0] ? ev : "null", s->tracked ? " +T" : "");
    }
}

/* "s.t>ts.tt,..." per statement, statements joined by "; ". */
static inline void tq_targets(const bs_rules_query_result *r, char *buf, size_t cap)
{
    buf[0] = 0;
    for (uint32_t i = 0; i < r->nstmts; i++) {
        const bs_rules_query_stmt *s = &r->stmts[i];
        if (i) tq_put(buf, cap, "; ");
        for (uint32_t k = 0; k < s->ntables; k++)
            tq_put(buf, cap, "%s%s.%s>%s.%s", k ? "," : "", s->tables[k].schema, s->tables[k].table,
                   s->tables[k].target_schema, s->tables[k].target_table);
    }
}

/* Decide sql with current database db (and an optional lookup). */
static inline const bs_rules_query_result *tq_decide(tq_env *e, const char *db, const char *sql,
                                                     bs_rules_column_lookup_fn lookup, void *ctx)
{
    bs_rules_query_input in = {.sql = sql,
                               .sql_len = strlen(sql),
                               .db = db,
                               .db_len = db ? strlen(db) : 0,
                               .lookup = lookup,
                               .lookup_ctx = ctx};
    const bs_rules_query_result *r;
    bs_error err;
    if (bs_rules_query_decide(e->q, &in, &r, NULL, &err))
        fail_msg("decide \"%s\": %s", sql, err.message);
    return r;
}

#endif
