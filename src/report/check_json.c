/*
 * check_json.c - `binsift check --report FILE.json`: the whole summary as
 * one JSON document, for tools and CI pipelines.
 *
 * The document mirrors bs_check_summary: the task, the conflict count, the
 * notes, then per source its reading figures, verdict totals, drops per step,
 * tables with per-event-type lines, rule hits, folded conflicts and the
 * per-minute timeline. Keys are fixed and always present (null when a value
 * does not apply), counts are JSON numbers, steps and event types are the
 * names the text report prints. Everything is in the summary's own order
 * (tables by name, conflicts in binlog order), so the output is stable and
 * diffs between two runs read well.
 */
#include "binsift/report.h"
#include "report/check_internal.h"

/* `,"key":` (no comma as the first member of an object or array). */
static void key(bs_cr_out *o, const char *k)
{
    const bs_buf *b = o->buf;
    char last = b->len ? b->data[b->len - 1] : '{';
    bs_cr_printf(o, "%s\"%s\":", last == '{' || last == '[' ? "" : ",", k);
}

static void str_member(bs_cr_out *o, const char *k, const char *value)
{
    key(o, k);
    bs_cr_str(o, value);
}

static void u64_member(bs_cr_out *o, const char *k, uint64_t value)
{
    key(o, k);
    bs_cr_u64(o, value);
}

static void count_member(bs_cr_out *o, const char *k, const bs_check_count *c)
{
    key(o, k);
    bs_cr_puts(o, "{\"events\":");
    bs_cr_u64(o, c->events);
    bs_cr_puts(o, ",\"rows\":");
    bs_cr_u64(o, c->rows);
    bs_cr_puts(o, "}");
}

/* "migrated":{...},"dropped":{...},"conflict":{...} */
static void verdict_members(bs_cr_out *o, const bs_check_count count[BS_VERDICT_COUNT])
{
    for (int v = BS_VERDICT_MIGRATED; v < BS_VERDICT_COUNT; v++)
        count_member(o, bs_check_verdict_name(v), &count[v]);
}

/* A list member: `"name":[item,item...]` over an array of n items. */
#define JSON_LIST(o, name, items, n, render)                                                       \
    do {                                                                                           \
        key(o, name);                                                                              \
        bs_cr_puts(o, "[");                                                                        \
        for (size_t i_ = 0; i_ < (n); i_++) {                                                      \
            if (i_) bs_cr_puts(o, ",");                                                            \
            render(o, &(items)[i_]);                                                               \
        }                                                                                          \
        bs_cr_puts(o, "]");                                                                        \
    } while (0)

static const char *const severities[] = {"info", "warning", "error"};

static void note(bs_cr_out *o, const bs_diag *d)
{
    int sev = d->severity >= BS_DIAG_INFO && d->severity <= BS_DIAG_ERROR ? d->severity : 0;
    bs_cr_puts(o, "{");
    str_member(o, "severity", severities[sev]);
    str_member(o, "kind", d->kind);
    key(o, "code");
    bs_cr_printf(o, "%d", d->dm_code);
    str_member(o, "message", d->message);
    bs_cr_puts(o, "}");
}

static void dropped_by_step(bs_cr_out *o, const bs_check_source_summary *s)
{
    size_t nsteps = sizeof s->dropped_by_step / sizeof s->dropped_by_step[0];
    key(o, "dropped_by_step");
    bs_cr_puts(o, "{");
    for (size_t step = 0; step < nsteps; step++) {
        const bs_check_count *c = &s->dropped_by_step[step];
        if (!c->events && !c->rows) continue;
        char tmp[24];
        count_member(o, bs_cr_step_label((int)step, tmp), c);
    }
    bs_cr_puts(o, "}");
}

static void table_line(bs_cr_out *o, const bs_check_table_line *l)
{
    bs_cr_puts(o, "{");
    str_member(o, "event", bs_cr_event_name(l->dm_event));
    verdict_members(o, l->verdict);
    bs_cr_puts(o, "}");
}

static void table(bs_cr_out *o, const bs_check_table_summary *t)
{
    bs_cr_puts(o, "{");
    str_member(o, "schema", t->schema);
    str_member(o, "table", t->table);
    str_member(o, "target_schema", t->target_schema);
    str_member(o, "target_table", t->target_table);
    str_member(o, "route", t->route);
    str_member(o, "dropped_step", bs_cr_drop_step_name(t->dropped_step));
    key(o, "verdicts");
    bs_cr_puts(o, "{");
    verdict_members(o, t->total);
    bs_cr_puts(o, "}");
    JSON_LIST(o, "events", t->lines, t->n_lines, table_line);
    bs_cr_puts(o, "}");
}

static void rule(bs_cr_out *o, const bs_check_rule_hits *r)
{
    bs_cr_puts(o, "{");
    str_member(o, "kind", r->kind);
    str_member(o, "name", r->name);
    key(o, "line");
    bs_cr_printf(o, "%d", r->line);
    u64_member(o, "events", r->hits.events);
    u64_member(o, "rows", r->hits.rows);
    bs_cr_puts(o, "}");
}

static void conflict(bs_cr_out *o, const bs_check_conflict *c)
{
    const char *step = bs_check_step_name(c->step);
    bs_cr_puts(o, "{");
    key(o, "code");
    bs_cr_printf(o, "%d", c->dm_code);
    str_member(o, "schema", c->schema);
    str_member(o, "table", c->table);
    str_member(o, "target_schema", c->target_schema);
    str_member(o, "target_table", c->target_table);
    str_member(o, "file", c->file);
    u64_member(o, "position", c->position);
    str_member(o, "gtid", c->gtid);
    u64_member(o, "timestamp", c->timestamp);
    str_member(o, "step", step && *step ? step : NULL);
    str_member(o, "rule", c->rule);
    str_member(o, "message", c->message);
    str_member(o, "fix", c->fix);
    u64_member(o, "count", c->count);
    bs_cr_puts(o, "}");
}

static void minute(bs_cr_out *o, const bs_check_minute *m)
{
    bs_cr_puts(o, "{");
    key(o, "minute");
    bs_cr_printf(o, "%lld", (long long)m->minute);
    for (int v = BS_VERDICT_MIGRATED; v < BS_VERDICT_COUNT; v++)
        u64_member(o, bs_check_verdict_name(v), m->events[v]);
    bs_cr_puts(o, "}");
}

static void error_member(bs_cr_out *o, const bs_check_source_summary *s)
{
    key(o, "error");
    if (!s->error_code && !s->error) {
        bs_cr_puts(o, "null");
        return;
    }
    bs_cr_puts(o, "{");
    str_member(o, "code", bs_error_code_name(s->error_code));
    str_member(o, "message", s->error ? s->error : "");
    bs_cr_puts(o, "}");
}

static void source(bs_cr_out *o, const bs_check_source_summary *s)
{
    bs_cr_puts(o, "{");
    str_member(o, "source_id", s->source_id);
    str_member(o, "start", s->start);
    str_member(o, "stop", s->stop);
    u64_member(o, "bytes", s->bytes);
    u64_member(o, "files", s->files);
    u64_member(o, "events", s->events);
    u64_member(o, "rows_decoded", s->rows_decoded);
    u64_member(o, "keys_live", s->keys_live);
    u64_member(o, "key_memory", s->key_memory);
    key(o, "keys_capped");
    bs_cr_puts(o, s->keys_capped ? "true" : "false");
    key(o, "verdicts");
    bs_cr_puts(o, "{");
    verdict_members(o, s->verdict);
    bs_cr_puts(o, "}");
    dropped_by_step(o, s);
    JSON_LIST(o, "tables", s->tables, s->n_tables, table);
    JSON_LIST(o, "rules", s->rules, s->n_rules, rule);
    JSON_LIST(o, "conflicts", s->conflicts, s->n_conflicts, conflict);
    JSON_LIST(o, "timeline", s->timeline, s->n_timeline, minute);
    error_member(o, s);
    bs_cr_puts(o, "}");
}

int bs_report_check_json(const bs_check_summary *s, bs_buf *out, bs_error *err)
{
    bs_cr_out o = {.buf = out, .mode = BS_CR_JSON};
    bs_cr_puts(&o, "{");
    str_member(&o, "task", s->task_name);
    str_member(&o, "task_file", s->task_file);
    u64_member(&o, "conflicts", s->conflicts);
    JSON_LIST(&o, "notes", s->notes.items, s->notes.n, note);
    JSON_LIST(&o, "sources", s->sources, s->n_sources, source);
    bs_cr_puts(&o, "}\n");
    return bs_cr_finish(&o, "check report (JSON)", err);
}
