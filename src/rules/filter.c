/*
 * filter.c - DM's binlog event filter (dm-rules.md §5.4; tiflow
 * pkg/binlog-filter Filter and matchEvent).
 *
 * The rules matching (schema, table) are visited in trie order; each can
 * decide on the event type (matched & Ignore/Error: that action; not matched
 * & Do: Ignore) and then on the sql-pattern for DDL (same logic against the
 * whole query text). The first decision wins; with none, the event is done.
 * Within a rule's event list the first entry that decides wins too: "all"
 * and "none" decide for everything, "all ddl"/"none ddl" for DDL classes,
 * "all dml"/"none dml" for DML, "incompatible ddl changes" for the
 * incompatible class, then the exact name.
 */
#include <string.h>

#include "rules/rules_compiled.h"

static bool match_event(int cls, int event, const int *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int rule = list[i];
        if (rule == BS_DMEV_ALL) return true;
        if (rule == BS_DMEV_NONE) return false;
        if (cls == BS_DMEC_DDL || cls == BS_DMEC_INCOMPATIBLE_DDL) {
            if (rule == BS_DMEV_ALL_DDL) return true;
            if (rule == BS_DMEV_NONE_DDL) return false;
        }
        if (cls == BS_DMEC_DML) {
            if (rule == BS_DMEV_ALL_DML) return true;
            if (rule == BS_DMEV_NONE_DML) return false;
        }
        if (cls == BS_DMEC_INCOMPATIBLE_DDL && rule == BS_DMEV_INCOMPATIBLE_DDL_CHANGES)
            return true;
        if (rule == event) return true;
    }
    return false;
}

bool bs_filter_rule_matches_event(const bs_filter_rule *rule, int event)
{
    return match_event(bs_rules_event_class(event), event, rule->events, rule->n_events);
}

typedef struct filter_ctx {
    int cls, event;
    const char *sql;
    size_t sql_len;
    bs_filter_result *out;
    bs_rules_trace *trace;
    bool decided;
} filter_ctx;

static const char *const action_names[] = {"Do", "Ignore", "Error"};

/* One step's outcome: returns 1 when it decided. */
static int decide(filter_ctx *c, const bs_filter_rule *rule, bool matched, const char *on)
{
    int action = -1;
    if (matched && rule->action != BS_FILTER_DO) action = rule->action;
    if (!matched && rule->action == BS_FILTER_DO) action = BS_FILTER_IGNORE;
    if (c->trace)
        bs_rules_trace_add(c->trace, BS_STEP_FILTER, rule->cfg->name, "rule %s (%s): %s %s%s%s",
                           rule->cfg->name, action_names[rule->action], on,
                           matched ? "matches" : "does not match", action < 0 ? "" : " -> ",
                           action < 0 ? "" : action_names[action]);
    if (action < 0) return 0;
    c->out->action = action;
    c->out->rule = rule->cfg;
    c->out->by_sql_pattern = on[0] == 's';
    return 1;
}

static int visit(void *rulep, void *ctxp)
{
    const bs_filter_rule *rule = rulep;
    filter_ctx *c = ctxp;
    if (c->event != BS_DMEV_NULL &&
        decide(c, rule, match_event(c->cls, c->event, rule->events, rule->n_events), "event type"))
        return c->decided = true;
    if (c->sql_len == 0) return 0;
    if (!rule->sql) {
        if (c->trace)
            bs_rules_trace_add(c->trace, BS_STEP_FILTER, rule->cfg->name,
                               "rule %s has no sql-pattern", rule->cfg->name);
        return 0;
    }
    if (decide(c, rule, bs_regex_search(rule->sql, c->sql, c->sql_len), "sql-pattern"))
        return c->decided = true;
    return 0;
}

int bs_rules_filter(const bs_rules *r, const char *schema, const char *table, int event,
                    const char *sql, size_t sql_len, bs_filter_result *out, bs_rules_trace *trace)
{
    char ls[260], lt[260];
    const char *s = schema, *t = table;
    if (!r->case_sensitive) {
        s = bs_rules_lower(ls, sizeof ls, schema, strlen(schema));
        t = bs_rules_lower(lt, sizeof lt, table, strlen(table));
    }
    out->action = BS_FILTER_DO;
    out->rule = NULL;
    out->by_sql_pattern = 0;
    filter_ctx c = {bs_rules_event_class(event), event, sql, sql ? sql_len : 0, out, trace, false};
    if (r->filter_trie) bs_trie_match(r->filter_trie, s, strlen(s), t, strlen(t), visit, &c);
    if (!c.decided && trace)
        bs_rules_trace_add(trace, BS_STEP_FILTER, NULL, "no filter rule decides: Do");
    return out->action;
}
