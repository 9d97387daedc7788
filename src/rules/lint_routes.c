/*
 * lint_routes.c - table routes that cannot do what they say, for one
 * instance (its route-rules, in its order).
 *
 * DM's router (TiDB pkg/util/regexpr-router Route, dm-rules.md §4) collects
 * every rule matching a name; a table rule beats a schema rule, and two
 * matching rules of the winning level are an error: "table %s.%s matches
 * more than one rule". DM's precheck routes every existing table the BA list
 * allows (dm/pkg/conn/db.go RouteTargetDoTables) and fails with 11043 on
 * such a table; at runtime dm/syncer/syncer.go route() ignores the error and
 * keeps the upstream name. So two rules of the same level whose patterns can
 * match one name are reported. With wildcards only, overlap is decided
 * exactly (with the shortest example name); with a ~regex it is undecidable
 * in general, so binsift tries the concrete names the task mentions and says
 * "may overlap" when one matches both.
 */
#include <stdio.h>
#include <string.h>

#include "rules/lint_internal.h"

#define NAME_CAP 260

static const bs_name_pattern *schema_of(const bs_route_rule *r)
{
    return &r->match.do_dbs[0];
}

static const bs_name_pattern *table_of(const bs_route_rule *r)
{
    return r->table_rule ? &r->match.do_tables[0].tbl : NULL;
}

static bool identical(const bs_route_rule *a, const bs_route_rule *b)
{
    return !strcmp(schema_of(a)->text, schema_of(b)->text) &&
           (!a->table_rule || !strcmp(table_of(a)->text, table_of(b)->text));
}

/* A schema matching every pattern that DM would route (no system schema,
 * passed by the BA list): 1 (in witness), 0, or -1. When the BA list's
 * ~regex makes that undecidable, the wildcard answer is checked on its
 * example. */
static int schema_overlap(lint_ctx *L, lint_pats s, char *witness)
{
    int rc = lint_schema_exists(L, s, LINT_NO_PATS, true, witness, NAME_CAP);
    if (rc >= 0) return rc;
    if ((rc = lint_schema_exists(L, s, LINT_NO_PATS, false, witness, NAME_CAP)) <= 0) return rc;
    return bs_ba_decide(L->rules->ba, witness, "", NULL) ? 1 : -1;
}

/* With do-tables, a table passes only through an entry: look per entry. */
static int do_tables_overlap(lint_ctx *L, const bs_route_rule *a, const bs_route_rule *b,
                             char *schema, char *table)
{
    const bs_ba *ba = L->rules->ba;
    if (lint_ba_unpaired(ba->do_tables, ba->n_do_tables)) return -1;
    int unknown = 0;
    for (size_t i = 0; i < ba->n_do_tables; i++) {
        const bs_ba_entry *e = &ba->do_tables[i];
        int rs = schema_overlap(L, LINT_PATS(schema_of(a), schema_of(b), &e->db), schema);
        int rt = rs ? lint_table_exists(L, LINT_PATS(table_of(a), table_of(b), &e->tbl),
                                        LINT_NO_PATS, table, NAME_CAP)
                    : 0;
        if (rs == 1 && rt == 1) return 1;
        unknown |= rs < 0 || rt < 0;
    }
    return unknown ? -1 : 0;
}

/* The example is dropped by ignore-tables: a schema outside every entry's
 * db-name, or a table outside every entry's tbl-name, passes. */
static int outside_ignored(lint_ctx *L, lint_pats s, lint_pats t, char *schema, char *table)
{
    const bs_ba *ba = L->rules->ba;
    size_t n = ba->n_ignore_tables;
    if (lint_ba_unpaired(ba->ignore_tables, n)) return -1;
    const bs_name_pattern **dbs = bs_arena_alloc(&L->scratch, 2 * n * sizeof *dbs);
    if (!dbs) {
        L->oom = true;
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        dbs[i] = &ba->ignore_tables[i].db, dbs[n + i] = &ba->ignore_tables[i].tbl;
    if (lint_schema_exists(L, s, (lint_pats){dbs, n}, true, schema, NAME_CAP) == 1) return 1;
    return lint_table_exists(L, t, (lint_pats){dbs + n, n}, table, NAME_CAP) == 1 ? 1 : -1;
}

/* An example name both rules match and DM would route (it passes the BA
 * list): 1 (in schema/table), 0 when there is none, -1 when binsift cannot
 * tell. DM routes only what the BA list lets through (its precheck routes
 * the tables it allows; at runtime dropped tables never reach the router). */
static int overlap(lint_ctx *L, const bs_route_rule *a, const bs_route_rule *b, char *schema,
                   char *table)
{
    const bs_ba *ba = L->rules->ba;
    lint_pats s = LINT_PATS(schema_of(a), schema_of(b));
    if (!a->table_rule) return schema_overlap(L, s, schema);
    if (ba && ba->n_do_tables) return do_tables_overlap(L, a, b, schema, table);
    lint_pats t = LINT_PATS(table_of(a), table_of(b));
    int rc = schema_overlap(L, s, schema);
    if (rc > 0) rc = lint_table_exists(L, t, LINT_NO_PATS, table, NAME_CAP);
    if (rc <= 0 || !ba || bs_ba_decide(ba, schema, table, NULL)) return rc;
    return outside_ignored(L, s, t, schema, table);
}

/* Does a concrete name match both rules (and pass the BA list)? */
static bool both_match(lint_ctx *L, const bs_route_rule *a, const bs_route_rule *b,
                       const char *schema, const char *table)
{
    if (bs_rules_is_system_schema(schema, strlen(schema))) return false;
    if (!bs_ba_decide(&a->match, schema, table, NULL) ||
        !bs_ba_decide(&b->match, schema, table, NULL))
        return false;
    return !L->rules->ba || bs_ba_decide(L->rules->ba, schema, table, NULL);
}

/* A name of the task matching both rules: 1 (in schema/table), 0. */
static int candidate(lint_ctx *L, const lint_names *names, const bs_route_rule *a,
                     const bs_route_rule *b, char *schema, char *table)
{
    if (!a->table_rule) {
        for (size_t i = 0; i < names->n_schemas; i++)
            if (both_match(L, a, b, names->schemas[i], "")) {
                snprintf(schema, NAME_CAP, "%s", names->schemas[i]);
                return 1;
            }
        return 0;
    }
    /* the pairs the task names, then its schemas with the tables it names */
    for (size_t i = 0; i < names->n_pairs; i += 2)
        for (size_t j = 0; j <= names->n_schemas; j++) {
            const char *s = j ? names->schemas[j - 1] : names->pairs[i];
            if (!both_match(L, a, b, s, names->pairs[i + 1])) continue;
            snprintf(schema, NAME_CAP, "%s", s);
            snprintf(table, NAME_CAP, "%s", names->pairs[i + 1]);
            return 1;
        }
    return 0;
}

static void report_pair(lint_ctx *L, const bs_route_rule *a, const bs_route_rule *b, bool exact,
                        const char *schema, const char *table)
{
    char qs[NAME_CAP * 4 + 8], qt[NAME_CAP * 4 + 8], example[NAME_CAP * 8 + 24];
    lint_quote(qs, sizeof qs, schema);
    if (a->table_rule)
        snprintf(example, sizeof example, "%s.%s", qs, lint_quote(qt, sizeof qt, table));
    else
        snprintf(example, sizeof example, "schema %s", qs);
    const char *level = a->table_rule ? "table" : "schema";
    lint_note(L, BS_DIAG_WARNING, 11043, exact ? "route-ambiguous" : "route-may-overlap",
              L->task_file, b->cfg->line,
              "routes %s (line %d) and %s are both %s rules and %s, e.g. %s%s: DM cannot route "
              "such a name. Its precheck fails with error 11043 (\"matches more than one rule\") "
              "when such a table exists at task start, and at runtime DM migrates it under its "
              "own upstream name instead of routing it. Make the patterns disjoint%s",
              a->cfg->name, a->cfg->line, b->cfg->name, level,
              identical(a, b) ? "have identical patterns"
              : exact         ? "can match the same name"
                              : "may overlap: a name this task mentions matches both",
              example, exact ? "" : " (built from names in the task)",
              a->table_rule ? ", or merge them into one rule" : "");
}

static void ambiguity(lint_ctx *L)
{
    const bs_rules *r = L->rules;
    lint_names names = {0};
    bool have_names = false;
    for (size_t j = 1; j < r->n_routes; j++)
        for (size_t i = 0; i < j; i++) {
            const bs_route_rule *a = &r->routes[i], *b = &r->routes[j];
            if (a->table_rule != b->table_rule) continue;
            char schema[NAME_CAP] = "", table[NAME_CAP] = "";
            int rc = overlap(L, a, b, schema, table);
            if (rc > 0) {
                report_pair(L, a, b, true, schema, table);
                continue;
            }
            if (rc == 0) continue;
            if (!have_names) {
                if (lint_names_collect(L, &names)) L->oom = true;
                have_names = true;
            }
            if (candidate(L, &names, a, b, schema, table))
                report_pair(L, a, b, false, schema, table);
        }
}

/* Routes the BA list makes useless. */
static void dropped(lint_ctx *L)
{
    for (size_t i = 0; i < L->rules->n_routes; i++) {
        const bs_route_rule *rr = &L->rules->routes[i];
        char why[400];
        if (lint_ba_drops(L, schema_of(rr), table_of(rr), why, sizeof why))
            lint_note(L, BS_DIAG_WARNING, 0, "route-ba-dropped", L->task_file, rr->cfg->line,
                      "route %s never applies: %s. DM routes only what the block-allow list lets "
                      "through; fix the patterns or the list, or remove the route",
                      rr->cfg->name, why);
    }
}

/* A schema rule with a target table merges every table of its schemas. */
static void schema_rule_target_table(lint_ctx *L, const bs_route_rule *rr)
{
    if (rr->table_rule || !rr->cfg->target_table[0]) return;
    lint_note(L, BS_DIAG_WARNING, 0, "route-schema-target-table", L->task_file, rr->cfg->line,
              "route %s is a schema rule (no table-pattern) with target-table %s: DM sends the "
              "rows of every table of the schemas it matches (that no table rule matches) into "
              "that one table, and their DDL too; add a table-pattern, or drop target-table to "
              "keep each table's name",
              rr->cfg->name, rr->cfg->target_table);
}

/* Is every schema of a table rule covered by a schema rule of the instance? */
static bool schema_rule_covers(lint_ctx *L, const bs_route_rule *t)
{
    for (size_t i = 0; i < L->rules->n_routes; i++) {
        const bs_route_rule *s = &L->rules->routes[i];
        if (s->table_rule) continue;
        if (lint_schema_exists(L, LINT_PATS(schema_of(t)), LINT_PATS(schema_of(s)), true, NULL,
                               0) != 1)
            return true;
    }
    return false;
}

/* Schema-level DDL is routed only by schema rules (dm-rules.md §4). */
static void schema_ddl_unrouted(lint_ctx *L, const bs_route_rule *rr)
{
    const bs_task_route *c = rr->cfg;
    if (!rr->table_rule || !strcmp(c->schema_pattern, c->target_schema)) return;
    if (schema_rule_covers(L, rr)) return;
    lint_note(L, BS_DIAG_INFO, 0, "route-schema-ddl", L->task_file, c->line,
              "route %s renames schemas matching %s to %s for tables only: schema-level DDL is "
              "routed by schema rules alone, so CREATE/ALTER/DROP DATABASE of such a schema "
              "keeps its upstream name downstream (e.g. CREATE DATABASE IF NOT EXISTS of the "
              "upstream schema); add a schema rule (schema-pattern %s, target-schema %s) as "
              "DM's documentation recommends",
              c->name, c->schema_pattern, c->target_schema, c->schema_pattern, c->target_schema);
}

void lint_routes(lint_ctx *L)
{
    ambiguity(L);
    dropped(L);
    for (size_t i = 0; i < L->rules->n_routes; i++) {
        schema_rule_target_table(L, &L->rules->routes[i]);
        schema_ddl_unrouted(L, &L->rules->routes[i]);
    }
}
