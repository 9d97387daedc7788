/*
 * router.c - DM's table router (dm-rules.md §4; TiDB regexpr-router).
 *
 * Every route rule is a one-entry block-allow filter: a schema rule allows
 * do-dbs [schema-pattern], a table rule additionally do-tables [{schema,
 * table}]. A table rule beats a schema rule; two matching rules of the
 * winning level are ambiguous - DM's precheck fails, and at runtime DM keeps
 * the upstream names, which is what binsift reports (with the ambiguity
 * flagged). Extract columns come from the first matching table rule, else
 * the first matching schema rule, in the instance's route-rules order.
 */
#include <string.h>

#include "rules/rules_compiled.h"

#define MAX_NAME 256

static void extract(const bs_regex *re, const char *s, char *buf, const char **out)
{
    if (!re) return;
    bs_regex_captures(re, s, strlen(s), buf, 260);
    *out = buf;
}

static void trace_rules(bs_rules_trace *t, const char *what, const bs_route_rule *const *hits,
                        size_t n)
{
    for (size_t i = 0; t && i < n; i++)
        bs_rules_trace_add(t, BS_STEP_ROUTE, hits[i]->cfg->name, "%s rule %s matches (-> %s%s%s)",
                           what, hits[i]->cfg->name, hits[i]->cfg->target_schema,
                           hits[i]->cfg->target_table[0] ? "." : "", hits[i]->cfg->target_table);
}

int bs_rules_route(const bs_rules *r, const char *schema, const char *table, bs_route_result *out,
                   bs_rules_trace *trace, bs_error *err)
{
    char ls[MAX_NAME + 1], lt[MAX_NAME + 1];
    const char *s = schema, *t = table;
    if (!r->case_sensitive) {
        s = bs_rules_lower(ls, sizeof ls, schema, strlen(schema));
        t = bs_rules_lower(lt, sizeof lt, table, strlen(table));
    }
    const bs_route_rule *tbl_hits[64], *sch_hits[64];
    size_t nt = 0, ns = 0;
    for (size_t i = 0; i < r->n_routes; i++) {
        const bs_route_rule *rule = &r->routes[i];
        if (!bs_ba_decide(&rule->match, s, rule->table_rule ? t : "", NULL)) continue;
        if (rule->table_rule && t[0] && nt < 64) tbl_hits[nt++] = rule;
        if (!rule->table_rule && ns < 64) sch_hits[ns++] = rule;
    }
    memset(out, 0, sizeof *out);
    out->target_schema = schema;
    out->target_table = table;
    const bs_route_rule *const *hits = nt ? tbl_hits : sch_hits;
    size_t n = nt ? nt : ns;
    trace_rules(trace, nt ? "table" : "schema", hits, n);
    const bs_route_rule *first = nt ? tbl_hits[0] : ns ? sch_hits[0] : NULL;
    if (first) { /* extract columns: first matching rule, ambiguous or not */
        extract(first->extract_table, table, out->extract_buf[0], &out->extract_table);
        extract(first->extract_schema, schema, out->extract_buf[1], &out->extract_schema);
        extract(first->extract_source, r->source_id, out->extract_buf[2], &out->extract_source);
    }
    if (n > 1) {
        out->ambiguous = 1;
        if (trace)
            bs_rules_trace_add(trace, BS_STEP_ROUTE, NULL,
                               "%s.%s matches more than one rule: DM's precheck fails; at "
                               "runtime DM keeps the upstream name",
                               schema, table);
        (void)err;
        return 0;
    }
    if (n == 0) {
        if (trace) bs_rules_trace_add(trace, BS_STEP_ROUTE, NULL, "no route matches: name kept");
        return 0;
    }
    out->matched = 1;
    out->rule = hits[0]->cfg;
    out->target_schema = hits[0]->cfg->target_schema;
    if (hits[0]->cfg->target_table[0]) out->target_table = hits[0]->cfg->target_table;
    return 0;
}
