/*
 * check_text.c - the default output of `binsift check`: the summary for a
 * person at a terminal, most important first.
 *
 * Order: a headline (task, sources, the verdict a CI gate cares about), the
 * conflicts of every source (where DM would stop, with DM's code, the place,
 * the message and the fix), then per source where the replay started and
 * stopped, what was read, the verdict totals and drops per step, a table of
 * upstream -> target tables with events and rows per verdict and event type,
 * the rule hits, the rules that never fired and the tables no route matched,
 * and last the notes about what the replay assumed.
 *
 * Long lists are capped (a person reads the first fifty tables; --report has
 * them all). Colours only when the caller asks (a TTY): conflicts red,
 * dropped yellow, migrated green, headings bold. Names and messages come
 * from the input, so control bytes in them are escaped (see check_common.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binsift/report.h"
#include "report/check_internal.h"

enum {
    MAX_TABLES = 50,     /* tables listed per source */
    MAX_UNROUTED = 50,   /* tables listed under "no route matched" */
    NAME_MIN_WIDTH = 24, /* the table column of the tables table */
    NAME_MAX_WIDTH = 60, /* longer names get a line of their own */
    NUM_WIDTH = 8,       /* one events or rows column */
    RULE_MIN_WIDTH = 40  /* the rule column of the rule hits */
};

#define BOLD  "\033[1m"
#define RESET "\033[0m"

static const char *const verdict_colour[BS_VERDICT_COUNT] = {"", "\033[32m", "\033[33m",
                                                             "\033[31m"};

typedef struct text {
    bs_cr_out o;
    int colour;
} text;

static void colour_on(text *t, const char *code)
{
    if (t->colour) bs_cr_puts(&t->o, code);
}

static void colour_off(text *t)
{
    if (t->colour) bs_cr_puts(&t->o, RESET);
}

static void heading(text *t, const char *indent, const char *title)
{
    bs_cr_puts(&t->o, indent);
    colour_on(t, BOLD);
    bs_cr_puts(&t->o, title);
    colour_off(t);
}

/* ---- headline ---- */

static void headline(text *t, const bs_check_summary *s)
{
    char tmp[64];
    heading(t, "", "binsift check: task ");
    bs_cr_str(&t->o, s->task_name);
    if (s->task_file) {
        bs_cr_puts(&t->o, " (");
        bs_cr_str(&t->o, s->task_file);
        bs_cr_puts(&t->o, ")");
    }
    bs_cr_puts(&t->o, s->n_sources == 1 ? "\nsource: " : "\nsources: ");
    for (size_t i = 0; i < s->n_sources; i++) {
        if (i) bs_cr_puts(&t->o, ", ");
        bs_cr_str(&t->o, s->sources[i].source_id);
    }
    bs_cr_puts(&t->o, "\n");
    colour_on(t, BOLD);
    colour_on(t, verdict_colour[s->conflicts ? BS_VERDICT_CONFLICT : BS_VERDICT_MIGRATED]);
    bs_cr_puts(&t->o, bs_cr_headline(s, tmp));
    colour_off(t);
    bs_cr_puts(&t->o, "\n");
    for (size_t i = 0; i < s->n_sources; i++) {
        const bs_check_source_summary *src = &s->sources[i];
        if (!src->error_code && !src->error) continue;
        colour_on(t, verdict_colour[BS_VERDICT_CONFLICT]);
        bs_cr_puts(&t->o, "input error: ");
        colour_off(t);
        bs_cr_str(&t->o, src->source_id);
        bs_cr_puts(&t->o, " was not read to its end (see below)\n");
    }
}

/* ---- conflicts ---- */

static void conflict(text *t, const char *source_id, const bs_check_conflict *c)
{
    bs_cr_puts(&t->o, "  ");
    colour_on(t, verdict_colour[BS_VERDICT_CONFLICT]);
    if (c->dm_code)
        bs_cr_printf(&t->o, "DM-%d", c->dm_code);
    else
        bs_cr_puts(&t->o, "conflict");
    colour_off(t);
    bs_cr_puts(&t->o, "  ");
    bs_cr_str(&t->o, source_id);
    bs_cr_puts(&t->o, "  ");
    bs_cr_str(&t->o, c->file);
    bs_cr_printf(&t->o, ":%llu", (unsigned long long)c->position);
    if (c->gtid && *c->gtid) {
        bs_cr_puts(&t->o, "  GTID ");
        bs_cr_str(&t->o, c->gtid);
    }
    if (c->schema) {
        bs_cr_puts(&t->o, "  ");
        bs_cr_table_name(&t->o, c->schema, c->table);
    }
    if (c->target_schema) {
        bs_cr_puts(&t->o, " -> ");
        bs_cr_table_name(&t->o, c->target_schema, c->target_table);
    }
    if (c->count > 1) bs_cr_printf(&t->o, "  x%llu", (unsigned long long)c->count);
    bs_cr_puts(&t->o, "\n      ");
    bs_cr_str(&t->o, c->message);
    if (c->rule) {
        bs_cr_puts(&t->o, " (rule ");
        bs_cr_str(&t->o, c->rule);
        bs_cr_puts(&t->o, ")");
    }
    bs_cr_puts(&t->o, "\n");
    if (c->fix) {
        bs_cr_puts(&t->o, "      fix: ");
        bs_cr_str(&t->o, c->fix);
        bs_cr_puts(&t->o, "\n");
    }
}

static void conflicts(text *t, const bs_check_summary *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_sources; i++)
        n += s->sources[i].n_conflicts;
    if (!n) return;
    heading(t, "\n", "Conflicts");
    bs_cr_puts(&t->o, "\n");
    for (size_t i = 0; i < s->n_sources; i++)
        for (size_t j = 0; j < s->sources[i].n_conflicts; j++)
            conflict(t, s->sources[i].source_id, &s->sources[i].conflicts[j]);
}

/* ---- per source: what was read and the totals ---- */

/* "N events, R rows" of one verdict (rows "-" when never decoded). */
static void count_words(text *t, int verdict, const bs_check_count *c)
{
    char tmp[24];
    if (c->events) colour_on(t, verdict_colour[verdict]);
    bs_cr_printf(&t->o, "%llu event%s, %s row%s", (unsigned long long)c->events,
                 c->events == 1 ? "" : "s", bs_cr_rows_text(verdict, c, tmp),
                 c->rows == 1 ? "" : "s");
    if (c->events) colour_off(t);
}

static void source_totals(text *t, const bs_check_source_summary *s)
{
    static const char *const labels[BS_VERDICT_COUNT] = {
        "", "  migrated: ", "  dropped:  ", "  conflict: "};
    bs_cr_puts(&t->o, "  start:    ");
    bs_cr_str(&t->o, s->start ? s->start : "?");
    bs_cr_puts(&t->o, "\n  stop:     ");
    bs_cr_str(&t->o, s->stop ? s->stop : "?");
    bs_cr_printf(&t->o, "\n  read:     %llu bytes in %llu file%s, %llu events, %llu rows decoded\n",
                 (unsigned long long)s->bytes, (unsigned long long)s->files,
                 s->files == 1 ? "" : "s", (unsigned long long)s->events,
                 (unsigned long long)s->rows_decoded);
    if (s->keys_live || s->keys_capped)
        bs_cr_printf(&t->o, "  keys:     %llu live target keys tracked (%.1f MiB)%s\n",
                     (unsigned long long)s->keys_live, (double)s->key_memory / 1048576.0,
                     s->keys_capped ? ", stopped at --max-keys" : "");
    for (int v = BS_VERDICT_MIGRATED; v < BS_VERDICT_COUNT; v++) {
        bs_cr_puts(&t->o, labels[v]);
        count_words(t, v, &s->verdict[v]);
        bs_cr_puts(&t->o, "\n");
    }
    size_t nsteps = sizeof s->dropped_by_step / sizeof s->dropped_by_step[0];
    for (size_t step = 0, n = 0; step < nsteps; step++) {
        const bs_check_count *c = &s->dropped_by_step[step];
        if (!c->events && !c->rows) continue;
        if (!n++) bs_cr_puts(&t->o, "  dropped by step:\n");
        char tmp[24];
        const char *name = bs_cr_step_label((int)step, tmp);
        bs_cr_puts(&t->o, "    ");
        bs_cr_puts(&t->o, name);
        bs_cr_pad(&t->o, strlen(name), 24);
        count_words(t, BS_VERDICT_DROPPED, c);
        bs_cr_puts(&t->o, "\n");
    }
    if (s->error_code || s->error) {
        colour_on(t, verdict_colour[BS_VERDICT_CONFLICT]);
        bs_cr_puts(&t->o, "  input error: ");
        colour_off(t);
        bs_cr_printf(&t->o, "%s: ", bs_error_code_name(s->error_code));
        bs_cr_str(&t->o, s->error ? s->error : "");
        bs_cr_puts(&t->o, "\n");
    }
}

/* ---- per source: the tables ---- */

static int same_name(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Is the target worth printing (known and not the upstream name itself)? */
static int shows_target(const bs_check_table_summary *tb)
{
    return tb->target_schema && !tb->dropped_step &&
           !(same_name(tb->schema, tb->target_schema) && same_name(tb->table, tb->target_table));
}

static size_t label_width(const bs_check_table_summary *tb)
{
    size_t w = bs_cr_table_name_width(tb->schema, tb->table);
    if (shows_target(tb)) w += 4 + bs_cr_table_name_width(tb->target_schema, tb->target_table);
    const char *drop = bs_cr_drop_step_name(tb->dropped_step);
    if (drop) w += strlen(" (dropped whole: )") + strlen(drop);
    return w;
}

static void label(text *t, const bs_check_table_summary *tb)
{
    bs_cr_table_name(&t->o, tb->schema, tb->table);
    if (shows_target(tb)) {
        bs_cr_puts(&t->o, " -> ");
        bs_cr_table_name(&t->o, tb->target_schema, tb->target_table);
    }
    const char *drop = bs_cr_drop_step_name(tb->dropped_step);
    if (drop) {
        bs_cr_puts(&t->o, " (dropped whole: ");
        colour_on(t, verdict_colour[BS_VERDICT_DROPPED]);
        bs_cr_puts(&t->o, drop);
        colour_off(t);
        bs_cr_puts(&t->o, ")");
    }
}

/* The six number columns: events and rows per verdict. */
static void count_cells(text *t, const bs_check_count count[BS_VERDICT_COUNT])
{
    for (int v = BS_VERDICT_MIGRATED; v < BS_VERDICT_COUNT; v++) {
        char events[24], tmp[24];
        snprintf(events, sizeof events, "%llu", (unsigned long long)count[v].events);
        const char *rows = bs_cr_rows_text(v, &count[v], tmp);
        bs_cr_puts(&t->o, "  ");
        bs_cr_pad(&t->o, strlen(events), NUM_WIDTH);
        if (count[v].events) colour_on(t, verdict_colour[v]);
        bs_cr_puts(&t->o, events);
        bs_cr_puts(&t->o, " ");
        bs_cr_pad(&t->o, strlen(rows), NUM_WIDTH);
        bs_cr_puts(&t->o, rows);
        if (count[v].events) colour_off(t);
    }
    bs_cr_puts(&t->o, "\n");
}

static void table_rows(text *t, const bs_check_table_summary *tb, size_t width)
{
    size_t w = label_width(tb);
    bs_cr_puts(&t->o, "  ");
    label(t, tb);
    if (w > width) { /* a long name: its numbers on the next line */
        bs_cr_puts(&t->o, "\n  ");
        w = 0;
    }
    bs_cr_pad(&t->o, w, width);
    count_cells(t, tb->total);
    if (tb->dropped_step) return; /* one step dropped it all: the lines say nothing more */
    for (size_t i = 0; i < tb->n_lines; i++) {
        const char *ev = bs_cr_event_name(tb->lines[i].dm_event);
        bs_cr_puts(&t->o, "      ");
        bs_cr_puts(&t->o, ev);
        bs_cr_pad(&t->o, 4 + strlen(ev), width);
        count_cells(t, tb->lines[i].verdict);
    }
}

static int tables(text *t, const bs_check_source_summary *s)
{
    if (!s->n_tables) return 0;
    const bs_check_table_summary **order;
    int rc = bs_cr_sorted_tables(s, &order);
    if (rc) return rc;
    size_t shown = s->n_tables < MAX_TABLES ? s->n_tables : MAX_TABLES;
    size_t width = NAME_MIN_WIDTH;
    for (size_t i = 0; i < shown; i++) {
        size_t w = label_width(order[i]);
        if (w > width) width = w < NAME_MAX_WIDTH ? w : NAME_MAX_WIDTH;
    }
    bs_cr_puts(&t->o, "\n");
    heading(t, "  ", "Tables (upstream -> target)");
    bs_cr_pad(&t->o, strlen("Tables (upstream -> target)"), width);
    for (int v = BS_VERDICT_MIGRATED; v < BS_VERDICT_COUNT; v++) {
        bs_cr_pad(&t->o, strlen(bs_check_verdict_name(v)), 2 * NUM_WIDTH + 3);
        bs_cr_puts(&t->o, bs_check_verdict_name(v));
    }
    bs_cr_puts(&t->o, "\n  ");
    bs_cr_pad(&t->o, 0, width);
    for (int v = BS_VERDICT_MIGRATED; v < BS_VERDICT_COUNT; v++)
        bs_cr_printf(&t->o, "  %*s %*s", NUM_WIDTH, "events", NUM_WIDTH, "rows");
    bs_cr_puts(&t->o, "\n");
    for (size_t i = 0; i < shown; i++)
        table_rows(t, order[i], width);
    if (shown < s->n_tables)
        bs_cr_printf(&t->o, "  ... and %zu more tables (see --report)\n", s->n_tables - shown);
    free(order);
    return 0;
}

/* ---- per source: rules ---- */

static size_t rule_label_width(const bs_check_rule_hits *r)
{
    char line[32];
    size_t w = 4 + bs_cr_text_width(r->kind) + 1 + bs_cr_text_width(r->name);
    return w + (r->line ? (size_t)snprintf(line, sizeof line, " (line %d)", r->line) : 0);
}

/* "    kind name (line N)", padded to width. */
static void rule_label(text *t, const bs_check_rule_hits *r, size_t width)
{
    bs_cr_puts(&t->o, "    ");
    bs_cr_str(&t->o, r->kind);
    bs_cr_puts(&t->o, " ");
    bs_cr_str(&t->o, r->name);
    if (r->line) bs_cr_printf(&t->o, " (line %d)", r->line);
    bs_cr_pad(&t->o, rule_label_width(r), width);
}

/* Rules other than routes drop what they match: rows they never decoded are
 * unknown, not zero. */
static int rule_verdict(const bs_check_rule_hits *r)
{
    return r->kind && !strcmp(r->kind, "route") ? BS_VERDICT_MIGRATED : BS_VERDICT_DROPPED;
}

static void rule_hits(text *t, const bs_check_source_summary *s)
{
    size_t width = RULE_MIN_WIDTH, fired = 0;
    for (size_t i = 0; i < s->n_rules; i++) {
        if (!s->rules[i].hits.events) continue;
        size_t w = rule_label_width(&s->rules[i]);
        if (w > width) width = w;
        fired++;
    }
    if (!fired) return;
    heading(t, "\n  ", "Rule hits");
    bs_cr_pad(&t->o, 2 + strlen("Rule hits"), width);
    bs_cr_printf(&t->o, "  %*s %*s\n", NUM_WIDTH, "events", NUM_WIDTH, "rows");
    for (size_t i = 0; i < s->n_rules; i++) {
        const bs_check_rule_hits *r = &s->rules[i];
        if (!r->hits.events) continue;
        char rows[24];
        rule_label(t, r, width);
        bs_cr_printf(&t->o, "  %*llu %*s\n", NUM_WIDTH, (unsigned long long)r->hits.events,
                     NUM_WIDTH, bs_cr_rows_text(rule_verdict(r), &r->hits, rows));
    }
}

static void rules_never_fired(text *t, const bs_check_source_summary *s)
{
    for (size_t i = 0, n = 0; i < s->n_rules; i++) {
        if (s->rules[i].hits.events) continue;
        if (!n++) {
            heading(t, "\n  ", "Rules that never fired");
            bs_cr_puts(&t->o, "\n");
        }
        rule_label(t, &s->rules[i], 0);
        bs_cr_puts(&t->o, "\n");
    }
}

static void unrouted(text *t, const bs_check_source_summary *s)
{
    if (!bs_cr_has_routes(s)) return;
    size_t n = 0;
    for (size_t i = 0; i < s->n_tables; i++) {
        const bs_check_table_summary *tb = &s->tables[i];
        if (!bs_cr_unrouted(tb)) continue;
        if (!n) {
            heading(t, "\n  ", "Tables no route matched");
            bs_cr_puts(&t->o, "\n");
        }
        if (n++ >= MAX_UNROUTED) continue;
        bs_cr_puts(&t->o, "    ");
        bs_cr_table_name(&t->o, tb->schema, tb->table);
        bs_cr_puts(&t->o, "\n");
    }
    if (n > MAX_UNROUTED)
        bs_cr_printf(&t->o, "    ... and %zu more (see --report)\n", n - MAX_UNROUTED);
}

static int source(text *t, const bs_check_source_summary *s)
{
    heading(t, "\n", "Source ");
    colour_on(t, BOLD);
    bs_cr_str(&t->o, s->source_id);
    colour_off(t);
    bs_cr_puts(&t->o, "\n");
    source_totals(t, s);
    int rc = tables(t, s);
    rule_hits(t, s);
    rules_never_fired(t, s);
    unrouted(t, s);
    return rc;
}

/* ---- notes ---- */

static void notes(text *t, const bs_diag_list *l)
{
    static const char *const severities[] = {"info", "warning", "error"};
    if (!l->n) return;
    heading(t, "\n", "Notes");
    bs_cr_puts(&t->o, "\n");
    for (size_t i = 0; i < l->n; i++) {
        const bs_diag *d = &l->items[i];
        int sev = d->severity >= BS_DIAG_INFO && d->severity <= BS_DIAG_ERROR ? d->severity : 0;
        bs_cr_printf(&t->o, "  %s: ", severities[sev]);
        bs_cr_str(&t->o, d->message);
        if (d->dm_code) bs_cr_printf(&t->o, " [DM-%d]", d->dm_code);
        if (d->file) {
            bs_cr_puts(&t->o, " (");
            bs_cr_str(&t->o, d->file);
            if (d->line) bs_cr_printf(&t->o, " line %d", d->line);
            bs_cr_puts(&t->o, ")");
        }
        bs_cr_puts(&t->o, "\n");
    }
}

int bs_report_check_text(const bs_check_summary *s, int colour, bs_buf *out, bs_error *err)
{
    text t = {.o = {.buf = out, .mode = BS_CR_TEXT}, .colour = colour};
    headline(&t, s);
    conflicts(&t, s);
    for (size_t i = 0; i < s->n_sources && !t.o.rc; i++) {
        bs_cr_fail(&t.o, source(&t, &s->sources[i]));
    }
    notes(&t, &s->notes);
    return bs_cr_finish(&t.o, "check report (text)", err);
}
