/*
 * explain_query.c - `binsift explain --sql`: DM's steps for a DDL (or any
 * QUERY event text) and what becomes of each statement DM splits it into.
 *
 * The decision is the rule engine's (bs_rules_query_decide, the code the
 * replay runs for every QUERY event); this file feeds it the current
 * database and, when the user gives a schema file, the old column
 * definitions MODIFY/CHANGE COLUMN are classified against, then renders the
 * trace and the verdicts as text or JSON.
 *
 * Memory: the parsers, the trace and the query context live for one call.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "binsift/report.h"
#include "binsift/schema.h"
#include "util/error_internal.h"

/* The tracker stand-in: CREATE TABLE statements of the user's schema file. */
typedef struct schema_file {
    const char *sql;
    size_t len;
    bs_ddl_parser *parser;
} schema_file;

static int same_name(const bs_ddl_str *s, const char *name)
{
    return s->len == strlen(name) && strncasecmp(s->ptr, name, s->len) == 0;
}

/* bs_rules_column_lookup_fn over the schema file: the first CREATE TABLE of
 * the table (its schema when the statement names one). */
static int lookup_column(void *ctx, const char *schema, const char *table, const char *column,
                         bs_rules_old_column *out)
{
    schema_file *f = ctx;
    size_t pos = 0, start, end;
    while (bs_sql_next_statement(f->sql, f->len, &pos, &start, &end)) {
        const bs_ddl_stmt *st;
        bs_error err;
        if (bs_ddl_parse(f->parser, f->sql + start, end - start, NULL, &st, &err) ||
            st->kind != BS_STMT_CREATE_TABLE)
            continue;
        const bs_ddl_table *t = &st->u.create_table.table;
        if (!same_name(&t->name, table) || (t->schema.len && !same_name(&t->schema, schema)))
            continue;
        return bs_rules_old_column_from_create(st, column, out);
    }
    return 0;
}

static const char *skip_words(int reason)
{
    switch (reason) {
    case BS_QSKIP_BUILTIN: return "one of DM's built-in skipped statements";
    case BS_QSKIP_EMPTY: return "nothing but white space and comments";
    case BS_QSKIP_DML: return "statement-format DML: DM skips it silently, its rows are lost";
    case BS_QSKIP_NOT_DDL: return "not a DDL: DM does nothing with it";
    case BS_QSKIP_GLOBAL_FILTER: return "an error turned into a skip by a `*` filter rule";
    default: return "no statement of it runs downstream";
    }
}

static const char *fate_word(int fate)
{
    switch (fate) {
    case BS_QFATE_EXECUTED: return "migrated";
    case BS_QFATE_DROPPED: return "dropped";
    case BS_QFATE_ONLINE_SWAP: return "swap";
    case BS_QFATE_ERROR: return "error";
    default: return "not reached";
    }
}

static const char *colour_of(int fate)
{
    return fate == BS_QFATE_EXECUTED ? "\033[32m"
           : fate == BS_QFATE_ERROR  ? "\033[31m"
                                     : "\033[33m";
}

/* ---- text ---- */

static void text_stmt(const bs_rules_query_stmt *st, uint32_t i, int colour, bs_buf *b)
{
    bs_buf_printf(b, "  %u. %s%-9s%s event type \"%s\"", i + 1, colour ? colour_of(st->fate) : "",
                  fate_word(st->fate), colour ? "\033[0m" : "", bs_rules_event_name(st->event));
    if (st->fate == BS_QFATE_EXECUTED || st->fate == BS_QFATE_ONLINE_SWAP)
        bs_buf_printf(b, "\n       runs: %.*s", (int)st->sql_len, st->sql);
    else if (st->fate == BS_QFATE_DROPPED && st->filter)
        bs_buf_printf(b, ", by binlog filter rule %s (line %d)", st->filter->name,
                      st->filter->line);
    else if (st->fate == BS_QFATE_DROPPED)
        bs_buf_printf(b, ", at step %s", bs_rules_step_name(st->step));
    else if (st->fate == BS_QFATE_ERROR)
        bs_buf_printf(b, ": %d %s", st->dm_code, st->message ? st->message : "");
    if (st->fate != BS_QFATE_ERROR && st->fate != BS_QFATE_NOT_REACHED)
        bs_buf_puts(b, st->tracked ? "\n       (DM applies it to its schema tracker)"
                                   : "\n       (DM's schema tracker does not see it)");
    bs_buf_putc(b, '\n');
}

static void render_text(const bs_report_explain_request *q, const bs_rules_query_result *res,
                        const bs_rules_trace *trace, int colour, bs_buf *b)
{
    bs_buf_printf(b, "%s\n  (source %s, current database %s)\n\n", q->sql, q->source_id,
                  q->db && *q->db ? q->db : "none");
    int last = -1;
    for (size_t i = 0; i < trace->n; i++) {
        const bs_rules_trace_entry *e = &trace->items[i];
        if (!*bs_rules_step_name(e->step)) continue; /* the outcome: in the verdict */
        if (e->step != last) bs_buf_printf(b, "  %s\n", bs_rules_step_name(e->step));
        last = e->step;
        bs_buf_printf(b, "       %s\n", e->detail);
    }
    bs_buf_puts(b, "\nverdict\n");
    if (res->kind == BS_QUERY_SKIPPED)
        bs_buf_printf(b, "  %sdropped%s   %s\n", colour ? "\033[33m" : "", colour ? "\033[0m" : "",
                      skip_words(res->skip));
    else if (res->kind == BS_QUERY_ERROR)
        bs_buf_printf(b, "  %serror%s     the task stops with %d: %s\n", colour ? "\033[31m" : "",
                      colour ? "\033[0m" : "", res->dm_code, res->message ? res->message : "");
    else if (res->kind != BS_QUERY_DDL)
        bs_buf_printf(b, "  transaction %s\n", res->kind == BS_QUERY_BEGIN ? "start" : "commit");
    for (uint32_t i = 0; i < res->nstmts; i++)
        text_stmt(&res->stmts[i], i, colour, b);
}

/* ---- JSON ---- */

static void json_tables(const bs_rules_query_stmt *st, bs_buf *b)
{
    bs_buf_puts(b, ",\"tables\":[");
    for (uint32_t j = 0; j < st->ntables; j++) {
        const bs_rules_query_table *t = &st->tables[j];
        bs_buf_puts(b, j ? ",{" : "{");
        bs_report_json_field(b, "schema", t->schema);
        bs_report_json_field(b, "table", t->table);
        bs_report_json_field(b, "target_schema", t->target_schema);
        bs_report_json_field(b, "target_table", t->target_table);
        bs_report_json_field(b, "route", t->route ? t->route->name : NULL);
        bs_buf_printf(b, ",\"route_ambiguous\":%s}", t->route_ambiguous ? "true" : "false");
    }
    bs_buf_putc(b, ']');
}

static void json_stmt(const bs_rules_query_stmt *st, bs_buf *b)
{
    bs_buf_putc(b, '{');
    bs_report_json_field(b, "fate", fate_word(st->fate));
    bs_report_json_field(b, "event", bs_rules_event_name(st->event));
    bs_report_json_field(b, "event_why", st->event_why);
    bs_buf_puts(b, ",\"sql\":");
    if (st->sql)
        bs_report_json_string(b, (const uint8_t *)st->sql, st->sql_len);
    else
        bs_buf_puts(b, "null");
    bs_report_json_field(b, "step", st->step ? bs_rules_step_name(st->step) : NULL);
    bs_report_json_field(b, "rule", st->filter ? st->filter->name : NULL);
    bs_buf_printf(b, ",\"line\":%d,\"tracked\":%s,\"dm_code\":%d",
                  st->filter ? st->filter->line : 0, st->tracked ? "true" : "false", st->dm_code);
    bs_report_json_field(b, "message", st->message);
    json_tables(st, b);
    bs_buf_putc(b, '}');
}

static void render_json(const bs_report_explain_request *q, const bs_rules_query_result *res,
                        const bs_rules_trace *trace, bs_buf *b)
{
    static const char *const kinds[] = {"", "begin", "commit", "ddl", "skipped", "error"};
    bs_buf_putc(b, '{');
    bs_report_json_field(b, "source", q->source_id);
    bs_report_json_field(b, "sql", q->sql);
    bs_report_json_field(b, "db", q->db);
    bs_report_json_field(b, "kind", kinds[res->kind]);
    bs_report_json_field(b, "skip", res->kind == BS_QUERY_SKIPPED ? skip_words(res->skip) : NULL);
    bs_buf_printf(b, ",\"dm_code\":%d", res->dm_code);
    bs_report_json_field(b, "message", res->message);
    bs_buf_puts(b, ",\"steps\":[");
    for (size_t i = 0; i < trace->n; i++) {
        bs_buf_puts(b, i ? ",{" : "{");
        bs_report_json_field(b, "step", bs_rules_step_name(trace->items[i].step));
        bs_report_json_field(b, "rule", trace->items[i].rule);
        bs_report_json_field(b, "detail", trace->items[i].detail);
        bs_buf_putc(b, '}');
    }
    bs_buf_puts(b, "],\"statements\":[");
    for (uint32_t i = 0; i < res->nstmts; i++) {
        if (i) bs_buf_putc(b, ',');
        json_stmt(&res->stmts[i], b);
    }
    bs_buf_puts(b, "]}\n");
}

int bs_report_explain_query(bs_rules *rules, const bs_report_explain_request *req, int format,
                            int colour, bs_buf *out, bs_error *err)
{
    schema_file schema = {req->schema_sql, req->schema_sql_len, NULL};
    bs_rules_query *q = NULL;
    bs_rules_trace trace = {0};
    const bs_rules_query_result *res;
    int rc = bs_rules_query_new(rules, &q, err);
    if (!rc && req->schema_sql) rc = bs_ddl_parser_new(&schema.parser, err);
    bs_rules_query_input in = {.sql = req->sql,
                               .sql_len = strlen(req->sql),
                               .db = req->db,
                               .db_len = req->db ? strlen(req->db) : 0,
                               .lookup = req->schema_sql ? lookup_column : NULL,
                               .lookup_ctx = &schema};
    if (!rc) rc = bs_rules_query_decide(q, &in, &res, &trace, err);
    if (!rc && format == BS_EXPLAIN_JSON) render_json(req, res, &trace, out);
    if (!rc && format == BS_EXPLAIN_TEXT) render_text(req, res, &trace, colour, out);
    bs_rules_trace_free(&trace);
    bs_rules_query_free(q);
    bs_ddl_parser_free(schema.parser);
    return rc;
}
