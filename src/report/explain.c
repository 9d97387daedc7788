/*
 * explain.c - `binsift explain`: every step DM takes for one table, and the
 * verdict for each row kind.
 *
 * The steps are not re-implemented here: the rule engine computes the
 * table's decision with a trace (bs_rules_table_trace, the same code the
 * replay's cached fast path runs), the expression filters are evaluated by
 * the same group code the replay uses, and this file only turns the trace
 * and the decision into a verdict per row kind and renders both, as text for
 * people (numbered steps, one line per rule visited, the verdict last) or as
 * one JSON object for tools.
 *
 * Memory: everything is built in the caller's bs_buf; the trace, the parsed
 * rows and the compiled expressions live for one call.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "binsift/report.h"
#include "binsift/tracker.h"
#include "util/error_internal.h"

static const int row_events[3] = {BS_DMEV_INSERT, BS_DMEV_UPDATE, BS_DMEV_DELETE};

enum verdict_kind { V_MIGRATED, V_DROPPED, V_ERROR, V_DEPENDS };

typedef struct verdict {
    int kind;         /* verdict_kind */
    int step;         /* bs_rules_step that decided, 0 for migrated */
    const char *rule; /* deciding rule's name, or NULL */
    int line;         /* its YAML line, 0 when none */
    int dm_code;      /* for errors */
    char detail[300]; /* in words */
} verdict;

typedef struct explain {
    bs_rules *rules;
    const bs_task *task_handle;
    const bs_report_explain_request *req;
    const bs_task_config *task;
    bs_table_decision d;             /* traced, uncached */
    const bs_table_decision *cached; /* for the expression filter list */
    bs_rules_trace trace;
    bs_rules_expr_row *row, *old_row;
    bs_schema_tracker *schema; /* --schema for rows: the table's real columns */
    bs_rules_expr_filters *exprs;
    int expr_failed; /* compile failed: message in expr_error */
    bs_error expr_error;
    verdict v[3];
} explain;

static const char *step_key(int step)
{
    switch (step) {
    case BS_STEP_SYSTEM_SCHEMA: return "system-schema";
    case BS_STEP_ONLINE_DDL: return "online-ddl";
    case BS_STEP_BUILTIN_SKIP: return "builtin-skip";
    case BS_STEP_BA_LIST: return "block-allow-list";
    case BS_STEP_ROUTE: return "route";
    case BS_STEP_FILTER: return "binlog-filter";
    case BS_STEP_EXPRESSION: return "expression-filter";
    default: return "";
    }
}

/* ---- computing ---- */

static int wanted(const explain *x, int k)
{
    return x->req->event == BS_DMEV_NULL || x->req->event == row_events[k];
}

/* The table's columns from req->schema_sql (CREATE TABLE statements; an
 * unqualified one is in the explained table's schema), as DM's tracker would
 * hold them; NULL with err set when the file does not define the table. */
static const bs_rules_expr_table *schema_columns(explain *x, bs_error *err)
{
    const bs_report_explain_request *q = x->req;
    if (bs_schema_tracker_new(0, &x->schema, err) ||
        bs_schema_tracker_load_sql(x->schema, "--schema", q->schema_sql, q->schema_sql_len,
                                   q->schema, BS_SCHEMA_FROM_FILE, err))
        return NULL;
    const bs_schema_table *t =
        bs_schema_tracker_find(x->schema, q->schema, strlen(q->schema), q->table, strlen(q->table));
    if (!t) {
        bs_error_set(err, BS_EINVAL, "", BS_NO_OFFSET, "--schema has no CREATE TABLE for `%s`.`%s`",
                     q->schema, q->table);
        return NULL;
    }
    return bs_schema_table_expr(t);
}

/* Parse --old-row / --row, typed by --schema's columns when given, else the
 * first one parsed defines the columns. */
static int parse_rows(explain *x, bs_error *err)
{
    const bs_rules_expr_table *table = NULL;
    if (x->req->schema_sql && (x->req->row || x->req->old_row) && !(table = schema_columns(x, err)))
        return err->code ? err->code : BS_ENOMEM;
    const char *texts[2] = {x->req->old_row, x->req->row};
    bs_rules_expr_row **dst[2] = {&x->old_row, &x->row};
    for (int i = 0; i < 2; i++) {
        if (!texts[i]) continue;
        int rc = bs_rules_expr_row_parse(texts[i], strlen(texts[i]), table, dst[i], err);
        if (rc) return rc;
        table = bs_rules_expr_row_table(*dst[i]);
    }
    return 0;
}

/* Evaluate the expression filters for row kind k; 1 when they skip it. */
static int eval_exprs(explain *x, int k, const bs_task_expr_filter **rule, bs_error *err)
{
    const bs_value *after = x->row ? bs_rules_expr_row_values(x->row) : NULL;
    const bs_value *before = x->old_row ? bs_rules_expr_row_values(x->old_row) : after;
    const bs_rules_expr_row *any = x->row ? x->row : x->old_row;
    uint32_t n = bs_rules_expr_row_table(any)->ncols;
    bs_rules_expr_verdict v;
    x->trace.event = row_events[k];
    int rc = bs_rules_expr_filters_eval(x->exprs, k, before, after, n, x->req->expr_ctx, &v,
                                        &x->trace, err);
    x->trace.event = BS_DMEV_NULL;
    *rule = v.rule;
    return rc ? rc : v.skip;
}

/* Without a row, say which expressions would be evaluated for kind k;
 * returns how many rules have one. */
static int list_exprs(explain *x, int k)
{
    int n = 0;
    const bs_table_decision *d = x->cached;
    x->trace.event = row_events[k];
    for (size_t i = 0; i < d->n_expr_filters; i++) {
        const bs_task_expr_filter *f = d->expr_filters[i];
        const char *a = k == BS_ROW_INSERT   ? f->insert_value_expr
                        : k == BS_ROW_DELETE ? f->delete_value_expr
                                             : f->update_old_value_expr;
        const char *b = k == BS_ROW_UPDATE ? f->update_new_value_expr : NULL;
        if (a || b)
            n++, bs_rules_trace_add(&x->trace, BS_STEP_EXPRESSION, f->name,
                                    "rule %s: %s%s%s%s%s (give --row to evaluate it)", f->name,
                                    a ? "\"" : "", a ? a : "", a ? "\"" : "",
                                    a && b ? " AND new "
                                    : b    ? "new "
                                           : "",
                                    b ? b : "");
    }
    x->trace.event = BS_DMEV_NULL;
    return n;
}

static void __attribute__((format(printf, 7, 8)))
set_verdict(verdict *v, int kind, int step, const char *rule, int line, int code, const char *fmt,
            ...)
{
    *v = (verdict){.kind = kind, .step = step, .rule = rule, .line = line, .dm_code = code};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->detail, sizeof v->detail, fmt, ap);
    va_end(ap);
}

static const char *statement_of(int k, int safe_mode)
{
    static const char *const normal[3] = {"INSERT", "UPDATE", "DELETE"};
    static const char *const safe[3] = {"REPLACE", "DELETE + REPLACE", "DELETE"};
    return safe_mode ? safe[k] : normal[k];
}

/* Verdict of kind k from the decision, before the expression filters. */
static int table_verdict(explain *x, int k)
{
    const bs_table_decision *d = &x->d;
    verdict *v = &x->v[k];
    const char *s = x->req->schema, *t = x->req->table;
    switch (d->row_drop[k]) {
    case BS_DROP_SYSTEM_SCHEMA:
        set_verdict(v, V_DROPPED, BS_STEP_SYSTEM_SCHEMA, NULL, 0, 0, "`%s` is a system schema", s);
        return 1;
    case BS_DROP_BA_LIST:
        set_verdict(v, V_DROPPED, BS_STEP_BA_LIST, NULL, 0, 0, "by the block-allow list");
        return 1;
    case BS_DROP_ONLINE_DDL:
        set_verdict(v, V_DROPPED, BS_STEP_ONLINE_DDL, NULL, 0, 0,
                    "`%s` is an online-DDL shadow/trash table", t);
        return 1;
    case BS_DROP_FILTER:
        set_verdict(v, V_DROPPED, BS_STEP_FILTER, d->row_rule[k]->name, d->row_rule[k]->line, 0,
                    "by binlog filter rule %s", d->row_rule[k]->name);
        return 1;
    }
    if (d->row_action[k] == BS_FILTER_ERROR) {
        set_verdict(v, V_ERROR, BS_STEP_FILTER, d->row_rule[k]->name, d->row_rule[k]->line, 36015,
                    "the task stops with 36015 \"event %s on `%s`.`%s`\": rule %s has action Error",
                    bs_rules_event_name(row_events[k]), s, t, d->row_rule[k]->name);
        return 1;
    }
    return 0;
}

static void migrated(explain *x, int k)
{
    const bs_route_result *r = &x->d.route;
    char target[600];
    snprintf(target, sizeof target, "`%s`.`%s`", r->target_schema, r->target_table);
    const bs_task_instance *inst = bs_task_instance_find(x->task_handle, x->req->source_id);
    if (inst && inst->syncer.safe_mode)
        set_verdict(&x->v[k], V_MIGRATED, 0, NULL, 0, 0, "to %s as %s (safe-mode: true)", target,
                    statement_of(k, 1));
    else if (k != BS_ROW_DELETE)
        set_verdict(&x->v[k], V_MIGRATED, 0, NULL, 0, 0,
                    "to %s as %s (%s while DM's safe mode is on, e.g. the first minute)", target,
                    statement_of(k, 0), statement_of(k, 1));
    else
        set_verdict(&x->v[k], V_MIGRATED, 0, NULL, 0, 0, "to %s as DELETE", target);
}

static int decide_kind(explain *x, int k, bs_error *err)
{
    if (table_verdict(x, k)) return 0;
    if (x->cached->n_expr_filters && !x->expr_failed) {
        if (!x->exprs) { /* no row given: the outcome depends on it */
            migrated(x, k);
            if (list_exprs(x, k)) x->v[k].kind = V_DEPENDS;
            return 0;
        }
        const bs_task_expr_filter *rule = NULL;
        int rc = eval_exprs(x, k, &rule, err);
        if (rc < 0) {
            set_verdict(&x->v[k], V_ERROR, BS_STEP_EXPRESSION, NULL, 0, 0, "%s", err->message);
            return 0;
        }
        if (rc == 1) {
            set_verdict(&x->v[k], V_DROPPED, BS_STEP_EXPRESSION, rule->name, rule->expr_line, 0,
                        "by expression filter %s", rule->name);
            return 0;
        }
    } else if (x->expr_failed) {
        set_verdict(&x->v[k], V_ERROR, BS_STEP_EXPRESSION, NULL, 0, 0, "%s", x->expr_error.message);
        return 0;
    }
    migrated(x, k);
    return 0;
}

/* Compile the table's expression filters against the row's columns. A
 * failure is the verdict (DM would not start), not an explain failure. */
static void compile_exprs(explain *x)
{
    if (!x->cached->n_expr_filters || (!x->row && !x->old_row)) return;
    const bs_rules_expr_table *table = bs_rules_expr_row_table(x->row ? x->row : x->old_row);
    if (bs_rules_expr_filters_new(x->cached, x->task->file, table, &x->exprs, &x->expr_error)) {
        x->expr_failed = 1;
        bs_rules_trace_add(&x->trace, BS_STEP_EXPRESSION, NULL, "%s", x->expr_error.message);
    }
}

static int compute(explain *x, bs_error *err)
{
    const bs_report_explain_request *q = x->req;
    x->cached = bs_rules_table(x->rules, q->schema, strlen(q->schema), q->table, strlen(q->table));
    if (!x->cached) return bs_error_set(err, BS_ENOMEM, "", BS_NO_OFFSET, "out of memory");
    int rc = parse_rows(x, err);
    if (rc) return rc;
    bs_rules_table_trace(x->rules, q->schema, q->table, &x->d, &x->trace);
    if (!x->d.drop_all) {
        if (!x->cached->n_expr_filters)
            bs_rules_trace_add(&x->trace, BS_STEP_EXPRESSION, NULL,
                               "no expression filter names `%s`.`%s`", q->schema, q->table);
        compile_exprs(x);
    }
    for (int k = 0; k < 3; k++)
        if (wanted(x, k) && (rc = decide_kind(x, k, err)) != 0) return rc;
    return 0;
}

/* ---- text ---- */

static const char *verdict_word(int kind)
{
    static const char *const w[] = {"migrated", "dropped", "error", "migrated?"};
    return w[kind];
}

static const char *colour_of(int kind)
{
    static const char *const c[] = {"\033[32m", "\033[33m", "\033[31m", "\033[36m"};
    return c[kind];
}

/* Trace entries grouped by step, in the order the steps first appear. */
static void text_steps(const explain *x, bs_buf *b)
{
    int seen[32] = {0}, num = 0;
    for (size_t i = 0; i < x->trace.n; i++) {
        int step = x->trace.items[i].step;
        if (seen[step]) continue;
        seen[step] = 1;
        bs_buf_printf(b, "  %d. %s\n", ++num, bs_rules_step_name(step));
        for (size_t j = i; j < x->trace.n; j++) {
            const bs_rules_trace_entry *e = &x->trace.items[j];
            if (e->step != step || (e->event && !wanted(x, e->event - BS_DMEV_INSERT))) continue;
            if (e->event)
                bs_buf_printf(b, "       %-7s %s\n", bs_rules_event_name(e->event), e->detail);
            else
                bs_buf_printf(b, "       %s\n", e->detail);
        }
    }
}

static void text_route(const explain *x, bs_buf *b)
{
    const bs_route_result *r = &x->d.route;
    const char *names[3] = {"extract-table", "extract-schema", "extract-source"};
    const char *vals[3] = {r->extract_table, r->extract_schema, r->extract_source};
    const bs_task_extract *cfg[3] = {NULL, NULL, NULL};
    if (r->rule) {
        cfg[0] = &r->rule->extract_table, cfg[1] = &r->rule->extract_schema;
        cfg[2] = &r->rule->extract_source;
    }
    for (int i = 0; i < 3; i++)
        if (vals[i] && cfg[i])
            bs_buf_printf(b, "     %s: column `%s` = '%s'\n", names[i], cfg[i]->target_column,
                          vals[i]);
}

static void render_text(const explain *x, int colour, bs_buf *b)
{
    const bs_report_explain_request *q = x->req;
    bs_buf_printf(b, "`%s`.`%s`  (task %s, source %s)\n\n", q->schema, q->table, x->task->name,
                  q->source_id);
    text_steps(x, b);
    bs_buf_puts(b, "\nverdict\n");
    for (int k = 0; k < 3; k++) {
        if (!wanted(x, k)) continue;
        const verdict *v = &x->v[k];
        bs_buf_printf(b, "  %-7s %s%-9s%s %s", bs_rules_event_name(row_events[k]),
                      colour ? colour_of(v->kind) : "", verdict_word(v->kind),
                      colour ? "\033[0m" : "", v->detail);
        if (v->line) bs_buf_printf(b, " (%s line %d)", x->task->file, v->line);
        if (v->kind == V_DEPENDS) bs_buf_puts(b, ", unless an expression filter skips the row");
        bs_buf_putc(b, '\n');
    }
    if (!x->d.drop_all) text_route(x, b);
    if (x->d.route.ambiguous)
        bs_buf_puts(b, "  warning: the route is ambiguous (DM's precheck fails on it)\n");
}

/* ---- JSON ---- */

static void json_steps(const explain *x, bs_buf *b)
{
    bs_buf_puts(b, "\"steps\":[");
    for (size_t i = 0, n = 0; i < x->trace.n; i++) {
        const bs_rules_trace_entry *e = &x->trace.items[i];
        if (e->event && !wanted(x, e->event - BS_DMEV_INSERT)) continue;
        bs_buf_puts(b, n++ ? ",{" : "{");
        bs_report_json_field(b, "step", step_key(e->step));
        bs_report_json_field(b, "event", e->event ? bs_rules_event_name(e->event) : NULL);
        bs_report_json_field(b, "rule", e->rule);
        bs_report_json_field(b, "detail", e->detail);
        bs_buf_putc(b, '}');
    }
    bs_buf_putc(b, ']');
}

static void json_route(const explain *x, bs_buf *b)
{
    const bs_route_result *r = &x->d.route;
    bs_buf_puts(b, ",\"route\":{");
    bs_report_json_field(b, "rule", r->rule ? r->rule->name : NULL);
    bs_buf_printf(b, ",\"ambiguous\":%s", r->ambiguous ? "true" : "false");
    bs_report_json_field(b, "target_schema", r->target_schema);
    bs_report_json_field(b, "target_table", r->target_table);
    bs_report_json_field(b, "extract_table", r->extract_table);
    bs_report_json_field(b, "extract_schema", r->extract_schema);
    bs_report_json_field(b, "extract_source", r->extract_source);
    bs_buf_putc(b, '}');
}

static void json_verdicts(const explain *x, bs_buf *b)
{
    static const char *const kinds[] = {"migrated", "dropped", "error", "depends-on-row"};
    bs_buf_puts(b, ",\"verdicts\":[");
    for (int k = 0, n = 0; k < 3; k++) {
        if (!wanted(x, k)) continue;
        const verdict *v = &x->v[k];
        bs_buf_puts(b, n++ ? ",{" : "{");
        bs_report_json_field(b, "event", bs_rules_event_name(row_events[k]));
        bs_report_json_field(b, "verdict", kinds[v->kind]);
        bs_report_json_field(b, "step", v->step ? step_key(v->step) : NULL);
        bs_report_json_field(b, "rule", v->rule);
        bs_buf_printf(b, ",\"line\":%d,\"dm_code\":%d", v->line, v->dm_code);
        bs_report_json_field(b, "detail", v->detail);
        bs_buf_putc(b, '}');
    }
    bs_buf_putc(b, ']');
}

static void render_json(const explain *x, bs_buf *b)
{
    bs_buf_putc(b, '{');
    bs_report_json_field(b, "task", x->task->name);
    bs_report_json_field(b, "source", x->req->source_id);
    bs_report_json_field(b, "schema", x->req->schema);
    bs_report_json_field(b, "table", x->req->table);
    bs_buf_putc(b, ',');
    json_steps(x, b);
    json_route(x, b);
    json_verdicts(x, b);
    bs_buf_puts(b, "}\n");
}

int bs_report_explain(bs_rules *rules, const bs_task *task, const bs_report_explain_request *req,
                      int format, int colour, bs_buf *out, bs_error *err)
{
    explain x = {.rules = rules, .task_handle = task, .req = req, .task = bs_task_get(task)};
    int rc = compute(&x, err);
    if (!rc && format == BS_EXPLAIN_JSON) render_json(&x, out);
    if (!rc && format == BS_EXPLAIN_TEXT) render_text(&x, colour, out);
    bs_rules_trace_free(&x.trace);
    bs_rules_expr_filters_free(x.exprs);
    bs_rules_expr_row_free(x.row);
    bs_rules_expr_row_free(x.old_row);
    bs_schema_tracker_free(x.schema);
    return rc;
}
