/*
 * check_html.c - `binsift check --html FILE`: the summary as one
 * self-contained page, to attach to a ticket or open offline.
 *
 * The page carries everything inline: a small <style>, and two charts drawn
 * here as SVG (no script, no fonts, no network): events over time by verdict
 * (stacked bars per minute of binlog time, merged over the sources and
 * re-bucketed to at most CHART_BARS bars so a week of binlog still draws a
 * readable chart) and the top tables by events (horizontal bars split by
 * verdict). Around them, the same content as the text report in the same
 * order: headline, conflicts, then per source its figures, tables, rule hits,
 * rules that never fired and tables no route matched, then the notes.
 *
 * Every name and message comes from the input, so everything is written
 * through bs_cr_str in HTML mode (entities for & < > " ', control bytes
 * replaced). Times are UTC, figures are integers or fixed one-decimal
 * coordinates: the page is the same for the same summary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binsift/report.h"
#include "report/check_internal.h"

enum {
    CHART_BARS = 120,    /* most bars of the timeline */
    TOP_TABLES = 10,     /* bars of the top tables chart */
    MAX_TABLES = 500,    /* rows of a source's tables table */
    MAX_UNROUTED = 500,  /* tables listed under "no route matched" */
    LABEL_BYTES = 48,    /* a chart label longer than this is shortened */
    CHART_WIDTH = 960,   /* both charts */
    TIME_LEFT = 70,      /* timeline: room for the y axis labels */
    TIME_PLOT_H = 180,   /* timeline: height of the bars' area */
    TIME_BAR_MAX_W = 48, /* timeline: the widest bar */
    TOP_LEFT = 330,      /* top tables: room for the names */
    TOP_ROW_H = 22,      /* top tables: one bar */
    TOP_BAR_MAX_W = 520  /* top tables: the longest bar */
};

static const char *const verdict_fill[BS_VERDICT_COUNT] = {"", "#2e7d32", "#e69500", "#c62828"};

static const char style[] =
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;"
    "max-width:1200px;padding:0 1em;color:#222}\n"
    "h1{font-size:1.5em}h2{margin-top:1.8em;border-bottom:1px solid #ccc}h3{margin-top:1.2em}\n"
    "table{border-collapse:collapse;margin:.4em 0}\n"
    "th,td{padding:2px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}\n"
    "th{background:#f5f5f5}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "tr.sub td{color:#555;font-size:.92em}tr.sub td:first-child{padding-left:2em}\n"
    "tr.hot td:first-child{border-left:3px solid #c62828}\n"
    ".headline{font-size:1.3em;font-weight:bold}\n"
    ".migrated{color:#2e7d32}.dropped{color:#a86a00}.conflict{color:#c62828}\n"
    ".muted{color:#777}code{font-family:ui-monospace,Menlo,Consolas,monospace}\n"
    "svg{display:block;margin:.5em 0}svg text{font:11px sans-serif;fill:#333}\n";

/* ---- small pieces ---- */

static void tag_text(bs_cr_out *o, const char *open, const char *s, const char *close)
{
    bs_cr_puts(o, open);
    bs_cr_str(o, s);
    bs_cr_puts(o, close);
}

static void count_cells(bs_cr_out *o, const bs_check_count count[BS_VERDICT_COUNT])
{
    for (int v = BS_VERDICT_MIGRATED; v < BS_VERDICT_COUNT; v++) {
        char rows[24];
        const char *cls = count[v].events ? bs_check_verdict_name(v) : "muted";
        bs_cr_printf(o, "<td class=\"n %s\">%llu</td><td class=\"n %s\">%s</td>", cls,
                     (unsigned long long)count[v].events, cls, bs_cr_rows_text(v, &count[v], rows));
    }
}

static void count_headers(bs_cr_out *o)
{
    for (int v = BS_VERDICT_MIGRATED; v < BS_VERDICT_COUNT; v++)
        bs_cr_printf(o, "<th class=\"n\">%s events</th><th class=\"n\">rows</th>",
                     bs_check_verdict_name(v));
}

/* A chart label: at most LABEL_BYTES bytes, cut on a UTF-8 boundary. */
static void short_label(char *out, size_t cap, const char *source, const char *schema,
                        const char *table)
{
    int n = snprintf(out, cap, "%s%s%s%s%s", source ? source : "", source ? ": " : "",
                     schema ? schema : "", table && *table ? "." : "", table ? table : "");
    if (n < 0 || (size_t)n <= LABEL_BYTES) return;
    size_t cut = LABEL_BYTES - 3;
    while (cut && ((unsigned char)out[cut] & 0xc0) == 0x80)
        cut--;
    memcpy(out + cut, "...", 4);
}

/* ---- chart: events over time ---- */

typedef struct timeline {
    int64_t first, last; /* minutes */
    int64_t width;       /* minutes per bar */
    size_t nbars;
    uint64_t bars[CHART_BARS][BS_VERDICT_COUNT];
    uint64_t max;     /* the tallest bar */
    uint64_t untimed; /* events of minute 0: no timestamp (artificial events) */
} timeline;

static uint64_t bar_total(const uint64_t bar[BS_VERDICT_COUNT])
{
    return bar[BS_VERDICT_MIGRATED] + bar[BS_VERDICT_DROPPED] + bar[BS_VERDICT_CONFLICT];
}

/* Merge the sources' minutes into at most CHART_BARS bars. 0 when no
 * minute has events. Minute 0 is left out (and counted apart): events with
 * timestamp 0 are the server's artificial ones, and one of them would
 * stretch the time axis over fifty years. */
static int timeline_build(const bs_check_summary *s, timeline *tl)
{
    memset(tl, 0, sizeof *tl);
    int any = 0;
    for (size_t i = 0; i < s->n_sources; i++)
        for (size_t j = 0; j < s->sources[i].n_timeline; j++) {
            int64_t m = s->sources[i].timeline[j].minute;
            if (!m) {
                tl->untimed += bar_total(s->sources[i].timeline[j].events);
                continue;
            }
            if (!any || m < tl->first) tl->first = m;
            if (!any || m > tl->last) tl->last = m;
            any = 1;
        }
    if (!any) return 0;
    uint64_t span = (uint64_t)(tl->last - tl->first) + 1;
    tl->width = (int64_t)((span + CHART_BARS - 1) / CHART_BARS);
    tl->nbars = (size_t)((span + (uint64_t)tl->width - 1) / (uint64_t)tl->width);
    for (size_t i = 0; i < s->n_sources; i++)
        for (size_t j = 0; j < s->sources[i].n_timeline; j++) {
            const bs_check_minute *m = &s->sources[i].timeline[j];
            if (!m->minute) continue;
            uint64_t *bar = tl->bars[(m->minute - tl->first) / tl->width];
            for (int v = BS_VERDICT_MIGRATED; v < BS_VERDICT_COUNT; v++)
                bar[v] += m->events[v];
        }
    for (size_t b = 0; b < tl->nbars; b++) {
        uint64_t total = bar_total(tl->bars[b]);
        if (total > tl->max) tl->max = total;
    }
    return tl->max > 0;
}

/* "YYYY-MM-DD HH:MM" of a minute. */
static const char *minute_text(int64_t minute, char tmp[32])
{
    bs_cr_utc(minute * 60, tmp);
    tmp[16] = 0;
    return tmp;
}

static void legend(bs_cr_out *o, int x, int y)
{
    for (int v = BS_VERDICT_MIGRATED; v < BS_VERDICT_COUNT; v++, x += 100)
        bs_cr_printf(o,
                     "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                     "<text x=\"%d\" y=\"%d\">%s</text>\n",
                     x, y - 9, verdict_fill[v], x + 14, y, bs_check_verdict_name(v));
}

static void timeline_bar(bs_cr_out *o, const timeline *tl, size_t b, double x, double w)
{
    const uint64_t *bar = tl->bars[b];
    char t0[32], t1[32];
    bs_cr_printf(o, "<g><title>%s", minute_text(tl->first + (int64_t)b * tl->width, t0));
    if (tl->width > 1)
        bs_cr_printf(o, " to %s", minute_text(tl->first + (int64_t)(b + 1) * tl->width - 1, t1));
    bs_cr_printf(o, " UTC: %llu migrated, %llu dropped, %llu conflict</title>",
                 (unsigned long long)bar[BS_VERDICT_MIGRATED],
                 (unsigned long long)bar[BS_VERDICT_DROPPED],
                 (unsigned long long)bar[BS_VERDICT_CONFLICT]);
    double base = 10 + TIME_PLOT_H;
    for (int v = BS_VERDICT_MIGRATED; v < BS_VERDICT_COUNT; v++) {
        if (!bar[v]) continue;
        double h = (double)TIME_PLOT_H * (double)bar[v] / (double)tl->max;
        bs_cr_printf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                     x, base - h, w, h, verdict_fill[v]);
        base -= h;
    }
    bs_cr_puts(o, "</g>\n");
}

/* Time labels under the bars: the first, the last and three between. */
static void timeline_axis(bs_cr_out *o, const timeline *tl, double bar_w)
{
    size_t ticks[5] = {0, tl->nbars / 4, tl->nbars / 2, 3 * tl->nbars / 4, tl->nbars - 1};
    int y = 10 + TIME_PLOT_H;
    bs_cr_printf(o, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>\n", TIME_LEFT,
                 y, CHART_WIDTH - 10, y);
    bs_cr_printf(o, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%llu</text>\n", TIME_LEFT - 6,
                 10 + 8, (unsigned long long)tl->max);
    bs_cr_printf(o, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>\n", TIME_LEFT - 6, y);
    for (size_t i = 0; i < 5; i++) {
        if (i && ticks[i] == ticks[i - 1]) continue;
        const char *anchor = i == 0 ? "start" : i == 4 ? "end" : "middle";
        double x = TIME_LEFT + bar_w * ((double)ticks[i] + (i == 0 ? 0 : i == 4 ? 1 : 0.5));
        char tmp[32];
        bs_cr_printf(o, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>\n", x, y + 16,
                     anchor, minute_text(tl->first + (int64_t)ticks[i] * tl->width, tmp));
    }
    bs_cr_printf(o, "<text x=\"%d\" y=\"%d\">UTC, one bar = %lld minute%s; events per bar",
                 TIME_LEFT, y + 34, (long long)tl->width, tl->width == 1 ? "" : "s");
    if (tl->untimed)
        bs_cr_printf(o, " (%llu events without a timestamp not shown)",
                     (unsigned long long)tl->untimed);
    bs_cr_puts(o, "</text>\n");
}

static void chart_timeline(bs_cr_out *o, const bs_check_summary *s)
{
    timeline tl;
    bs_cr_puts(o, "<h2>Events over time</h2>\n");
    int height = 10 + TIME_PLOT_H + 64;
    bs_cr_printf(o,
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                 "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"events over time by "
                 "verdict\">\n",
                 CHART_WIDTH, height, CHART_WIDTH, height);
    if (!timeline_build(s, &tl)) {
        bs_cr_printf(o, "<text x=\"%d\" y=\"40\">no events in the replayed range</text>\n",
                     TIME_LEFT);
    } else {
        double bar_w = (double)(CHART_WIDTH - 10 - TIME_LEFT) / (double)tl.nbars;
        if (bar_w > TIME_BAR_MAX_W) bar_w = TIME_BAR_MAX_W; /* a few minutes: no slabs */
        double gap = bar_w > 4 ? bar_w * 0.15 : 0;
        for (size_t b = 0; b < tl.nbars; b++)
            if (bar_total(tl.bars[b]))
                timeline_bar(o, &tl, b, TIME_LEFT + bar_w * (double)b + gap / 2, bar_w - gap);
        timeline_axis(o, &tl, bar_w);
    }
    legend(o, CHART_WIDTH - 310, height - 8);
    bs_cr_puts(o, "</svg>\n");
}

/* ---- chart: top tables ---- */

typedef struct top_entry {
    const bs_check_source_summary *src;
    const bs_check_table_summary *table;
    uint64_t events;
} top_entry;

/* The TOP_TABLES tables with the most events over all sources (ties: source
 * order, then the source's table order, which is by name). */
static size_t top_tables(const bs_check_summary *s, top_entry top[TOP_TABLES])
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_sources; i++)
        for (size_t j = 0; j < s->sources[i].n_tables; j++) {
            top_entry e = {&s->sources[i], &s->sources[i].tables[j], 0};
            e.events = bs_cr_total_events(e.table->total);
            if (!e.events || (n == TOP_TABLES && e.events <= top[n - 1].events)) continue;
            size_t k = n < TOP_TABLES ? n++ : n - 1; /* the slot it takes, then bubble up */
            while (k && top[k - 1].events < e.events) {
                top[k] = top[k - 1];
                k--;
            }
            top[k] = e;
        }
    return n;
}

static void top_bar(bs_cr_out *o, const bs_check_summary *s, const top_entry *e, int y,
                    uint64_t max)
{
    char label[LABEL_BYTES + 8];
    const char *src = s->n_sources > 1 ? e->src->source_id : NULL;
    short_label(label, sizeof label, src, e->table->schema, e->table->table);
    bs_cr_puts(o, "<g><title>");
    if (src) tag_text(o, "", src, ": ");
    bs_cr_table_name(o, e->table->schema, e->table->table);
    bs_cr_printf(o, ": %llu migrated, %llu dropped, %llu conflict events</title>",
                 (unsigned long long)e->table->total[BS_VERDICT_MIGRATED].events,
                 (unsigned long long)e->table->total[BS_VERDICT_DROPPED].events,
                 (unsigned long long)e->table->total[BS_VERDICT_CONFLICT].events);
    bs_cr_printf(o, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", TOP_LEFT - 8, y + 14);
    bs_cr_str(o, label);
    bs_cr_puts(o, "</text>");
    double x = TOP_LEFT;
    for (int v = BS_VERDICT_MIGRATED; v < BS_VERDICT_COUNT; v++) {
        uint64_t n = e->table->total[v].events;
        if (!n) continue;
        double w = (double)TOP_BAR_MAX_W * (double)n / (double)max;
        bs_cr_printf(o, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", x,
                     y + 3, w, TOP_ROW_H - 6, verdict_fill[v]);
        x += w;
    }
    bs_cr_printf(o, "<text x=\"%.1f\" y=\"%d\">%llu</text></g>\n", x + 6, y + 14,
                 (unsigned long long)e->events);
}

static void chart_top_tables(bs_cr_out *o, const bs_check_summary *s)
{
    top_entry top[TOP_TABLES];
    size_t n = top_tables(s, top);
    int height = 10 + (int)(n ? n : 1) * TOP_ROW_H + 30;
    bs_cr_printf(o, "<h2>Top %d tables by events</h2>\n", TOP_TABLES);
    bs_cr_printf(o,
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                 "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"top tables by events\">\n",
                 CHART_WIDTH, height, CHART_WIDTH, height);
    if (!n) bs_cr_printf(o, "<text x=\"%d\" y=\"26\">no table had events</text>\n", TOP_LEFT);
    for (size_t i = 0; i < n; i++)
        top_bar(o, s, &top[i], 10 + (int)i * TOP_ROW_H, top[0].events);
    legend(o, CHART_WIDTH - 310, height - 8);
    bs_cr_puts(o, "</svg>\n");
}

/* ---- headline and conflicts ---- */

static void headline(bs_cr_out *o, const bs_check_summary *s)
{
    char tmp[64];
    tag_text(o, "<h1>binsift check: task <code>", s->task_name, "</code></h1>\n<p>");
    if (s->task_file) tag_text(o, "Task file <code>", s->task_file, "</code>. ");
    bs_cr_puts(o, s->n_sources == 1 ? "Source: " : "Sources: ");
    for (size_t i = 0; i < s->n_sources; i++)
        tag_text(o, i ? ", <code>" : "<code>", s->sources[i].source_id, "</code>");
    bs_cr_printf(o, ".</p>\n<p class=\"headline %s\">%s</p>\n",
                 s->conflicts ? "conflict" : "migrated", bs_cr_headline(s, tmp));
    for (size_t i = 0; i < s->n_sources; i++)
        if (s->sources[i].error_code || s->sources[i].error)
            tag_text(o, "<p class=\"conflict\">Input error: <code>", s->sources[i].source_id,
                     "</code> was not read to its end (see below).</p>\n");
}

static void conflict_row(bs_cr_out *o, const char *source_id, const bs_check_conflict *c)
{
    char when[32];
    const char *step = bs_check_step_name(c->step);
    if (c->dm_code)
        bs_cr_printf(o, "<tr><td class=\"conflict\">DM-%d</td>", c->dm_code);
    else
        bs_cr_puts(o, "<tr><td class=\"conflict\">conflict</td>");
    tag_text(o, "<td>", source_id, "</td>");
    tag_text(o, "<td><code>", c->file, "");
    bs_cr_printf(o, ":%llu</code></td>", (unsigned long long)c->position);
    tag_text(o, "<td><code>", c->gtid, "</code></td>");
    bs_cr_printf(o, "<td>%s</td><td><code>", bs_cr_utc(c->timestamp, when));
    if (c->schema) bs_cr_table_name(o, c->schema, c->table);
    bs_cr_puts(o, "</code></td><td><code>");
    if (c->target_schema) bs_cr_table_name(o, c->target_schema, c->target_table);
    bs_cr_puts(o, "</code></td>");
    tag_text(o, "<td>", step, "");
    if (c->rule) tag_text(o, " (rule <code>", c->rule, "</code>)");
    tag_text(o, "</td><td>", c->message, "");
    if (c->fix) tag_text(o, "<br><b>Fix:</b> ", c->fix, "");
    bs_cr_printf(o, "</td><td class=\"n\">%llu</td></tr>\n", (unsigned long long)c->count);
}

static void conflicts(bs_cr_out *o, const bs_check_summary *s)
{
    bs_cr_puts(o, "<h2>Conflicts</h2>\n");
    if (!s->conflicts) {
        bs_cr_puts(o, "<p>None: DM would not stop on the replayed range.</p>\n");
        return;
    }
    bs_cr_puts(o, "<table><tr><th>Code</th><th>Source</th><th>Where</th><th>GTID</th>"
                  "<th>Time (UTC)</th><th>Upstream</th><th>Target</th><th>Step</th>"
                  "<th>What happened</th><th class=\"n\">Events</th></tr>\n");
    for (size_t i = 0; i < s->n_sources; i++)
        for (size_t j = 0; j < s->sources[i].n_conflicts; j++)
            conflict_row(o, s->sources[i].source_id, &s->sources[i].conflicts[j]);
    bs_cr_puts(o, "</table>\n");
}

/* ---- per source ---- */

static void source_figures(bs_cr_out *o, const bs_check_source_summary *s)
{
    bs_cr_puts(o, "<table>\n");
    tag_text(o, "<tr><th>Start</th><td>", s->start ? s->start : "?", "</td></tr>\n");
    tag_text(o, "<tr><th>Stop</th><td>", s->stop ? s->stop : "?", "</td></tr>\n");
    bs_cr_printf(o,
                 "<tr><th>Read</th><td>%llu bytes in %llu file%s, %llu events, %llu rows "
                 "decoded</td></tr>\n",
                 (unsigned long long)s->bytes, (unsigned long long)s->files,
                 s->files == 1 ? "" : "s", (unsigned long long)s->events,
                 (unsigned long long)s->rows_decoded);
    for (int v = BS_VERDICT_MIGRATED; v < BS_VERDICT_COUNT; v++) {
        char rows[24];
        bs_cr_printf(o, "<tr><th class=\"%s\">%s</th><td>%llu events, %s rows</td></tr>\n",
                     bs_check_verdict_name(v), bs_check_verdict_name(v),
                     (unsigned long long)s->verdict[v].events,
                     bs_cr_rows_text(v, &s->verdict[v], rows));
    }
    if (s->error_code || s->error) {
        bs_cr_printf(o, "<tr><th class=\"conflict\">Input error</th><td>%s: ",
                     bs_error_code_name(s->error_code));
        tag_text(o, "", s->error ? s->error : "", "</td></tr>\n");
    }
    bs_cr_puts(o, "</table>\n");
}

static void dropped_by_step(bs_cr_out *o, const bs_check_source_summary *s)
{
    size_t nsteps = sizeof s->dropped_by_step / sizeof s->dropped_by_step[0];
    size_t n = 0;
    for (size_t step = 0; step < nsteps; step++) {
        const bs_check_count *c = &s->dropped_by_step[step];
        if (!c->events && !c->rows) continue;
        if (!n++)
            bs_cr_puts(o, "<h3>Dropped by step</h3>\n<table><tr><th>Step</th>"
                          "<th class=\"n\">Events</th><th class=\"n\">Rows</th></tr>\n");
        char tmp[24], rows[24];
        bs_cr_printf(o, "<tr><td>%s</td><td class=\"n\">%llu</td><td class=\"n\">%s</td></tr>\n",
                     bs_cr_step_label((int)step, tmp), (unsigned long long)c->events,
                     bs_cr_rows_text(BS_VERDICT_DROPPED, c, rows));
    }
    if (n) bs_cr_puts(o, "</table>\n");
}

static void table_rows(bs_cr_out *o, const bs_check_table_summary *t)
{
    const char *drop = bs_cr_drop_step_name(t->dropped_step);
    bs_cr_printf(o, "<tr%s><td><code>",
                 t->total[BS_VERDICT_CONFLICT].events ? " class=\"hot\"" : "");
    bs_cr_table_name(o, t->schema, t->table);
    bs_cr_puts(o, "</code></td><td>");
    if (drop) {
        tag_text(o, "<span class=\"dropped\">dropped whole: ", drop, "</span>");
    } else if (t->target_schema) {
        bs_cr_puts(o, "<code>");
        bs_cr_table_name(o, t->target_schema, t->target_table);
        bs_cr_puts(o, "</code>");
    }
    tag_text(o, "</td><td>", t->route, "</td>");
    count_cells(o, t->total);
    bs_cr_puts(o, "</tr>\n");
    if (drop) return;
    for (size_t i = 0; i < t->n_lines; i++) {
        tag_text(o, "<tr class=\"sub\"><td colspan=\"3\">", bs_cr_event_name(t->lines[i].dm_event),
                 "</td>");
        count_cells(o, t->lines[i].verdict);
        bs_cr_puts(o, "</tr>\n");
    }
}

static int tables(bs_cr_out *o, const bs_check_source_summary *s)
{
    if (!s->n_tables) return 0;
    const bs_check_table_summary **order;
    int rc = bs_cr_sorted_tables(s, &order);
    if (rc) return rc;
    size_t shown = s->n_tables < MAX_TABLES ? s->n_tables : MAX_TABLES;
    bs_cr_puts(o, "<h3>Tables</h3>\n<table><tr><th>Upstream</th><th>Target</th><th>Route</th>");
    count_headers(o);
    bs_cr_puts(o, "</tr>\n");
    for (size_t i = 0; i < shown; i++)
        table_rows(o, order[i]);
    bs_cr_puts(o, "</table>\n");
    if (shown < s->n_tables)
        bs_cr_printf(o, "<p>... and %zu more tables (see <code>--report</code>).</p>\n",
                     s->n_tables - shown);
    free(order);
    return 0;
}

static void rules(bs_cr_out *o, const bs_check_source_summary *s)
{
    size_t fired = 0;
    for (size_t i = 0; i < s->n_rules; i++)
        fired += s->rules[i].hits.events != 0;
    if (fired)
        bs_cr_puts(o, "<h3>Rule hits</h3>\n<table><tr><th>Kind</th><th>Name</th>"
                      "<th class=\"n\">Line</th><th class=\"n\">Events</th>"
                      "<th class=\"n\">Rows</th></tr>\n");
    for (size_t i = 0; i < s->n_rules && fired; i++) {
        const bs_check_rule_hits *r = &s->rules[i];
        if (!r->hits.events) continue;
        char rows[24];
        int verdict =
            r->kind && !strcmp(r->kind, "route") ? BS_VERDICT_MIGRATED : BS_VERDICT_DROPPED;
        tag_text(o, "<tr><td>", r->kind, "</td>");
        tag_text(o, "<td><code>", r->name, "</code></td>");
        bs_cr_printf(
            o, "<td class=\"n\">%d</td><td class=\"n\">%llu</td><td class=\"n\">%s</td></tr>\n",
            r->line, (unsigned long long)r->hits.events, bs_cr_rows_text(verdict, &r->hits, rows));
    }
    if (fired) bs_cr_puts(o, "</table>\n");
    if (fired == s->n_rules) return;
    bs_cr_puts(o, "<h3>Rules that never fired</h3>\n<ul>\n");
    for (size_t i = 0; i < s->n_rules; i++) {
        const bs_check_rule_hits *r = &s->rules[i];
        if (r->hits.events) continue;
        tag_text(o, "<li>", r->kind, " ");
        tag_text(o, "<code>", r->name, "</code>");
        if (r->line) bs_cr_printf(o, " (line %d)", r->line);
        bs_cr_puts(o, "</li>\n");
    }
    bs_cr_puts(o, "</ul>\n");
}

static void unrouted(bs_cr_out *o, const bs_check_source_summary *s)
{
    if (!bs_cr_has_routes(s)) return;
    size_t n = 0;
    for (size_t i = 0; i < s->n_tables; i++) {
        const bs_check_table_summary *t = &s->tables[i];
        if (!bs_cr_unrouted(t)) continue;
        if (!n) bs_cr_puts(o, "<h3>Tables no route matched</h3>\n<ul>\n");
        if (n++ >= MAX_UNROUTED) continue;
        bs_cr_puts(o, "<li><code>");
        bs_cr_table_name(o, t->schema, t->table);
        bs_cr_puts(o, "</code></li>\n");
    }
    if (n > MAX_UNROUTED)
        bs_cr_printf(o, "<li>... and %zu more (see <code>--report</code>)</li>\n",
                     n - MAX_UNROUTED);
    if (n) bs_cr_puts(o, "</ul>\n");
}

static int source(bs_cr_out *o, const bs_check_source_summary *s)
{
    tag_text(o, "<h2>Source <code>", s->source_id, "</code></h2>\n");
    source_figures(o, s);
    dropped_by_step(o, s);
    int rc = tables(o, s);
    rules(o, s);
    unrouted(o, s);
    return rc;
}

static void notes(bs_cr_out *o, const bs_diag_list *l)
{
    static const char *const severities[] = {"info", "warning", "error"};
    static const char *const classes[] = {"muted", "dropped", "conflict"};
    if (!l->n) return;
    bs_cr_puts(o, "<h2>Notes</h2>\n<ul>\n");
    for (size_t i = 0; i < l->n; i++) {
        const bs_diag *d = &l->items[i];
        int sev = d->severity >= BS_DIAG_INFO && d->severity <= BS_DIAG_ERROR ? d->severity : 0;
        bs_cr_printf(o, "<li><span class=\"%s\">%s</span>: ", classes[sev], severities[sev]);
        bs_cr_str(o, d->message);
        if (d->dm_code) bs_cr_printf(o, " [DM-%d]", d->dm_code);
        if (d->file) {
            tag_text(o, " (<code>", d->file, "</code>");
            if (d->line) bs_cr_printf(o, " line %d", d->line);
            bs_cr_puts(o, ")");
        }
        bs_cr_puts(o, "</li>\n");
    }
    bs_cr_puts(o, "</ul>\n");
}

int bs_report_check_html(const bs_check_summary *s, bs_buf *out, bs_error *err)
{
    bs_cr_out o = {.buf = out, .mode = BS_CR_HTML};
    tag_text(&o,
             "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<title>binsift check: ",
             s->task_name, "</title>\n<style>\n");
    bs_cr_puts(&o, style);
    bs_cr_puts(&o, "</style>\n</head>\n<body>\n");
    headline(&o, s);
    conflicts(&o, s);
    chart_timeline(&o, s);
    chart_top_tables(&o, s);
    for (size_t i = 0; i < s->n_sources && !o.rc; i++) {
        bs_cr_fail(&o, source(&o, &s->sources[i]));
    }
    notes(&o, &s->notes);
    bs_cr_puts(&o, "</body>\n</html>\n");
    return bs_cr_finish(&o, "check report (HTML)", err);
}
