/*
 * lint_filters.c - binlog event filter rules that cannot do what they say,
 * for one instance: its filter-rules as DM keeps them (rules DM discards are
 * the loader's warnings), then its source file's rules.
 *
 * DM's Filter (tiflow pkg/binlog-filter/filter.go, dm-rules.md §5.4) visits
 * the rules matching a table in trie order; a rule decides when its events
 * list matches and its action is Ignore/Error, or does not match and its
 * action is Do; otherwise its sql-pattern may decide (DDL only), else the
 * next rule is asked. The event types come from DM's classifier
 * (dm/syncer/ddl.go AstToDDLEvent, pkg/binlog-filter/util.go), which never
 * produces some accepted names and, since v7.5, gives most ALTER TABLE
 * statements a finer type than "alter table". From that:
 *
 *   filter-never-produced  names DM accepts but never produces;
 *   filter-alter-table     "alter table" without the finer ALTER types;
 *   filter-do-dml-only     a Do rule listing only DML drops all DDL;
 *   filter-do-no-events    a Do rule without events drops every DML;
 *   filter-shadowed        a rule some earlier-visited rule always preempts;
 *   filter-ba-dropped      a rule on tables the block-allow list drops;
 *   source-filter-overridden  a source rule DM skips for a task rule.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "rules/lint_internal.h"

/* What DM's classifier gives the statements a never-produced name is
 * about (dm/syncer/ddl.go AstToDDLEvent: ADD CONSTRAINT is "modify
 * constraint", other unlisted ALTER specs fall back to "alter table"). */
static const struct {
    int ev;
    const char *instead;
} never_produced[] = {
    {BS_DMEV_NULL, "nothing: the empty name matches no event"},
    {BS_DMEV_ADD_TABLE_PARTITION, "\"alter table\""},
    {BS_DMEV_SPLIT_TABLE_PARTITION, "\"alter table\" (TiDB-only syntax)"},
    {BS_DMEV_ADD_FOREIGN_KEY, "\"modify constraint\""},
    {BS_DMEV_DROP_FOREIGN_KEY, "\"alter table\""},
    {BS_DMEV_ADD_COLUMN, "\"alter table\""},
    {BS_DMEV_ADD_PRIMARY_KEY, "\"modify constraint\""},
    {BS_DMEV_SET_DEFAULT_VALUE, "\"modify default value\""},
    {BS_DMEV_REBASE_AUTO_ID, "\"alter table\""},
    {BS_DMEV_ALTER_INDEX_VISIBILITY, "\"alter table\""},
    {BS_DMEV_MODIFY_SCHEMA_CHARSET_AND_COLLATE, "\"alter database\""},
    {BS_DMEV_MODIFY_TABLE_CHARSET_AND_COLLATE, "\"modify charset\" or \"modify collation\""},
    {BS_DMEV_MODIFY_TABLE_COMMENT, "\"alter table\""},
    {BS_DMEV_RECOVER_TABLE, "no type (a TiDB-only statement)"},
    {BS_DMEV_ALTER_TABLE_PARTITIONING, "\"alter table\""},
    {BS_DMEV_REMOVE_TABLE_PARTITIONING, "\"alter table\""},
    {BS_DMEV_ALTER_TTL_INFO, "\"alter table\" (TiDB-only syntax)"},
    {BS_DMEV_ALTER_TTL_REMOVE, "\"alter table\" (TiDB-only syntax)"},
    {BS_DMEV_MULTI_SCHEMA_CHANGE, "the type of each single change (DM splits an ALTER TABLE into "
                                  "one statement per change)"},
};

/* The types DM gives ALTER TABLE statements other than "alter table". */
static const int alter_types[] = {
    BS_DMEV_MODIFY_CONSTRAINT,
    BS_DMEV_DROP_COLUMN,
    BS_DMEV_DROP_INDEX,
    BS_DMEV_MODIFY_COLUMN,
    BS_DMEV_VALUE_RANGE_DECREASE,
    BS_DMEV_PRECISION_DECREASE,
    BS_DMEV_RENAME_COLUMN,
    BS_DMEV_RENAME_INDEX,
    BS_DMEV_RENAME_TABLE,
    BS_DMEV_MODIFY_DEFAULT_VALUE,
    BS_DMEV_DROP_PRIMARY_KEY,
    BS_DMEV_DROP_UNIQUE_KEY,
    BS_DMEV_REMOVE_AUTO_INCREMENT,
    BS_DMEV_MODIFY_COLUMNS_ORDER,
    BS_DMEV_MODIFY_CHARSET,
    BS_DMEV_MODIFY_COLLATION,
    BS_DMEV_MODIFY_STORAGE_ENGINE,
    BS_DMEV_DROP_TABLE_PARTITION,
    BS_DMEV_TRUNCATE_TABLE_PARTITION,
    BS_DMEV_REORGANIZE_TABLE_PARTITION,
    BS_DMEV_REBUILD_TABLE_PARTITION,
    BS_DMEV_COALESCE_TABLE_PARTITION,
    BS_DMEV_EXCHANGE_TABLE_PARTITION,
};

static const char *const action_names[] = {"Do", "Ignore", "Error"};

static bool is_typed(int ev)
{
    int c = bs_rules_event_class(ev);
    return c == BS_DMEC_DML || c == BS_DMEC_DDL || c == BS_DMEC_INCOMPATIBLE_DDL;
}

static bool is_schema_ddl(int ev)
{
    return ev == BS_DMEV_CREATE_DATABASE || ev == BS_DMEV_ALTER_DATABASE ||
           ev == BS_DMEV_DROP_DATABASE;
}

/* Does the rule's event step decide on ev (an event type DM produces)? */
static bool decides(const bs_filter_rule *f, int ev)
{
    bool m = bs_filter_rule_matches_event(f, ev);
    return m ? f->action != BS_FILTER_DO : f->action == BS_FILTER_DO;
}

/* Does the events list match some event type DM produces, of a class? */
static bool matches_some(const bs_filter_rule *f, bool dml, bool ddl)
{
    for (int ev = 0; ev < BS_DMEV_COUNT; ev++) {
        if (!is_typed(ev) || !bs_rules_event_dm_produces(ev)) continue;
        bool is_dml = bs_rules_event_class(ev) == BS_DMEC_DML;
        if ((is_dml ? dml : ddl) && bs_filter_rule_matches_event(f, ev)) return true;
    }
    return false;
}

static const char *file_of(const lint_ctx *L, const bs_filter_rule *f)
{
    return lint_filter_file(L, f->cfg);
}

/* ---- names DM never produces ---- */

static const char *instead_of(int ev)
{
    for (size_t i = 0; i < sizeof never_produced / sizeof never_produced[0]; i++)
        if (never_produced[i].ev == ev) return never_produced[i].instead;
    return NULL;
}

static void never_produced_names(lint_ctx *L, const bs_filter_rule *f)
{
    char list[1024] = "";
    size_t o = 0;
    for (size_t i = 0; i < f->n_events && o < sizeof list; i++) {
        const char *instead = instead_of(f->events[i]);
        if (instead)
            o += (size_t)snprintf(list + o, sizeof list - o, "%s\"%s\" (such statements get %s)",
                                  o ? ", " : "", f->cfg->events[i], instead);
    }
    if (!o) return;
    const char *file = file_of(L, f);
    const bs_task_filter *c = f->cfg;
    if (matches_some(f, true, true))
        lint_note(L, BS_DIAG_WARNING, 0, "filter-never-produced", file, c->line,
                  "filter rule %s lists event types DM never produces: %s; those entries never "
                  "match, list the types DM produces instead",
                  c->name, list);
    else if (f->action == BS_FILTER_DO)
        lint_note(L, BS_DIAG_WARNING, 0, "filter-never-produced", file, c->line,
                  "filter rule %s (Do) lists only event types DM never produces: %s. A Do rule "
                  "drops every event it does not match, so DM drops every event on the tables "
                  "it matches%s; list the types DM produces",
                  c->name, list,
                  c->n_sql_patterns ? " (except DDL whose text matches its sql-pattern)" : "");
    else
        lint_note(L, BS_DIAG_WARNING, 0, "filter-never-produced", file, c->line,
                  "filter rule %s (%s) lists only event types DM never produces: %s. Its events "
                  "never match, so %s; list the types DM produces",
                  c->name, action_names[f->action], list,
                  c->n_sql_patterns ? "only its sql-pattern acts" : "the rule has no effect");
}

/* ---- "alter table" ---- */

static void alter_table(lint_ctx *L, const bs_filter_rule *f)
{
    bool listed = false;
    for (size_t i = 0; i < f->n_events && !listed; i++)
        listed = f->events[i] == BS_DMEV_ALTER_TABLE;
    if (!listed || !bs_filter_rule_matches_event(f, BS_DMEV_ALTER_TABLE)) return;
    char missing[1024] = "";
    size_t o = 0, n = 0;
    for (size_t i = 0; i < sizeof alter_types / sizeof alter_types[0]; i++) {
        if (bs_filter_rule_matches_event(f, alter_types[i])) continue;
        if (o < sizeof missing)
            o += (size_t)snprintf(missing + o, sizeof missing - o, "%s\"%s\"", n ? ", " : "",
                                  bs_rules_event_name(alter_types[i]));
        n++;
    }
    if (!n) return;
    static const char *const effect[] = {
        "DM drops those ALTERs (a Do rule drops every event it does not match)",
        "DM still migrates those ALTERs", "the task does not stop on those ALTERs"};
    lint_note(L, BS_DIAG_WARNING, 0, "filter-alter-table", file_of(L, f), f->cfg->line,
              "filter rule %s lists \"alter table\", which DM (v7.5+) gives only to ALTER TABLE "
              "statements without a finer type (ADD COLUMN, COMMENT, AUTO_INCREMENT=...): ADD "
              "INDEX is \"modify constraint\", DROP COLUMN \"drop column\", a type-changing "
              "MODIFY COLUMN \"modify column\", and so on, so %s. Use \"all ddl\", or also list "
              "%s",
              f->cfg->name, effect[f->action], missing);
}

/* ---- Do rules ---- */

static void do_rules(lint_ctx *L, const bs_filter_rule *f)
{
    const bs_task_filter *c = f->cfg;
    if (f->action != BS_FILTER_DO) return;
    if (!f->n_events)
        lint_note(L, BS_DIAG_WARNING, 0, "filter-do-no-events", file_of(L, f), c->line,
                  "filter rule %s is a Do rule without events: a Do rule drops every event it "
                  "does not match, so DM drops every INSERT, UPDATE and DELETE on the tables it "
                  "matches, and every DDL %s; list the events to keep",
                  c->name,
                  c->n_sql_patterns ? "whose text does not match its sql-pattern" : "as well");
    else if (!c->n_sql_patterns && matches_some(f, true, false) && !matches_some(f, false, true))
        lint_note(L, BS_DIAG_WARNING, 0, "filter-do-dml-only", file_of(L, f), c->line,
                  "filter rule %s is a Do rule listing only DML events: a Do rule drops every "
                  "event it does not match, so DM drops every DDL on the tables it matches "
                  "(CREATE TABLE and ALTER TABLE included, while DM's schema tracker still "
                  "applies them); add \"all ddl\" to its events, or use Ignore rules for what "
                  "you want dropped",
                  c->name);
}

/* ---- shadowed rules ---- */

typedef struct frule {
    const bs_filter_rule *f;
    bs_name_pattern schema, table; /* folded, compiled; table.text NULL: schema-level */
} frule;

static bool table_level(const frule *r)
{
    return r->table.text != NULL;
}

static bool same_schema(const frule *a, const frule *b)
{
    size_t at;
    return lint_wc_order(&a->schema.wc, &b->schema.wc, &at) == LINT_ORDER_SAME;
}

/* The first rule (insertion order) whose pattern at this trie level puts a
 * '[...]' equal to p's item `at` after the same prefix: it created the edge. */
static size_t class_creator(const frule *rules, size_t n, const frule *owner, bool tables,
                            const bs_wildcard *p, size_t at)
{
    for (size_t k = 0; k < n; k++) {
        const frule *r = &rules[k];
        if (tables && (!table_level(r) || !same_schema(r, owner))) continue;
        const bs_wildcard *q = tables ? &r->table.wc : &r->schema.wc;
        if (q->n > at && lint_wc_prefix_equal(q, p, at) && q->items[at].kind == BS_WC_CLASS &&
            bs_wc_class_equal(&q->items[at].cls, &p->items[at].cls))
            return k;
    }
    return n;
}

/* Order of two patterns at one trie level, with class ties settled. */
static bool level_first(const frule *rules, size_t n, const frule *a, const frule *b, bool tables)
{
    const bs_wildcard *x = tables ? &a->table.wc : &a->schema.wc;
    const bs_wildcard *y = tables ? &b->table.wc : &b->schema.wc;
    size_t at;
    int o = lint_wc_order(x, y, &at);
    if (o == LINT_ORDER_CLASS_TIE)
        return class_creator(rules, n, a, tables, x, at) <
               class_creator(rules, n, b, tables, y, at);
    return o == LINT_ORDER_A_FIRST;
}

/* Does DM visit a before b for every name both match? */
static bool visited_first(const frule *rules, size_t n, const frule *a, const frule *b)
{
    if (table_level(a) != table_level(b)) return !table_level(a); /* schema rules come first */
    if (table_level(a) && same_schema(a, b)) return level_first(rules, n, a, b, true);
    return level_first(rules, n, a, b, false);
}

/* Does a match every (schema, table) b matches? */
static bool covers(lint_ctx *L, const frule *a, const frule *b)
{
    if (table_level(a) && !table_level(b)) return false;
    if (!lint_pattern_covers(L, &b->schema, &a->schema)) return false;
    return !table_level(a) || lint_pattern_covers(L, &b->table, &a->table);
}

/* Does a decide every event type b would decide on, for b's events? */
static bool preempts(const frule *a, const frule *b)
{
    const bs_filter_rule *fa = a->f, *fb = b->f;
    if (fb->cfg->n_sql_patterns) return false; /* b may act on any DDL text */
    bool schema_events = !table_level(b) || !strcmp(b->table.text, "*");
    bool any = false;
    for (int ev = 0; ev < BS_DMEV_COUNT; ev++) {
        if (!is_typed(ev) || !bs_rules_event_dm_produces(ev)) continue;
        if (is_schema_ddl(ev) && !schema_events) continue;
        if (!decides(fb, ev)) continue;
        if (!decides(fa, ev)) return false;
        any = true;
    }
    return any;
}

static void shadowed(lint_ctx *L, const frule *rules, size_t n)
{
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++) {
            const frule *a = &rules[i], *b = &rules[j];
            if (i == j || !preempts(a, b) || !covers(L, a, b) || !visited_first(rules, n, a, b))
                continue;
            lint_note(L, BS_DIAG_WARNING, 0, "filter-shadowed", file_of(L, b->f), b->f->cfg->line,
                      "filter rule %s never decides anything: for every table it matches, DM's "
                      "trie visits rule %s (%s, line %d) first, and that rule already decides "
                      "every event type %s would act on; remove %s, or narrow %s",
                      b->f->cfg->name, a->f->cfg->name, action_names[a->f->action], a->f->cfg->line,
                      b->f->cfg->name, b->f->cfg->name, a->f->cfg->name);
            break;
        }
}

/* ---- the block-allow list ---- */

static void ba_dropped(lint_ctx *L, const frule *r)
{
    char why[400];
    bool table = table_level(r) && strcmp(r->table.text, "*"); /* "*" also sees schema DDL */
    if (lint_ba_drops(L, &r->schema, table ? &r->table : NULL, why, sizeof why))
        lint_note(L, BS_DIAG_WARNING, 0, "filter-ba-dropped", file_of(L, r->f), r->f->cfg->line,
                  "filter rule %s never applies: %s. DM filters only events the block-allow "
                  "list lets through; fix the patterns or the list, or remove the rule",
                  r->f->cfg->name, why);
}

/* ---- source rules DM skips ---- */

static bool same_patterns(const bs_task_filter *a, const bs_task_filter *b, bool fold)
{
    return fold ? !strcasecmp(a->schema_pattern, b->schema_pattern) &&
                      !strcasecmp(a->table_pattern, b->table_pattern)
                : !strcmp(a->schema_pattern, b->schema_pattern) &&
                      !strcmp(a->table_pattern, b->table_pattern);
}

static void source_overridden(lint_ctx *L)
{
    if (!L->in_source) return;
    const bs_source_config *sc = bs_source_get(L->in_source->src);
    bool fold = !L->rules->case_sensitive;
    for (size_t i = 0; i < sc->n_filters; i++) {
        const bs_task_filter *s = &sc->filters[i];
        if (s->discarded) continue;
        for (size_t k = 0; k < L->rules->n_filters; k++) {
            const bs_task_filter *t = L->rules->filters[k].cfg;
            if (lint_filter_file(L, t) != L->task_file || !same_patterns(s, t, fold)) continue;
            lint_note(L, BS_DIAG_WARNING, 0, "source-filter-overridden", L->in_source->file,
                      s->line,
                      "source filter rule %s has the same schema/table patterns as task rule %s "
                      "(line %d of %s): DM keeps the task's rule and skips this one for task %s "
                      "(it logs \"filter config already exist in source config, overwrite "
                      "it\")",
                      s->name, t->name, t->line, L->task_file, L->task->name);
            break;
        }
    }
}

/* ---- the instance's rules ---- */

static int compile_rules(lint_ctx *L, frule *out)
{
    bool fold = !L->rules->case_sensitive;
    for (size_t i = 0; i < L->rules->n_filters; i++) {
        const bs_task_filter *c = L->rules->filters[i].cfg;
        bs_error e;
        out[i].f = &L->rules->filters[i];
        if (bs_pattern_compile(c->schema_pattern, false, fold, &out[i].schema, &e) ||
            (c->table_pattern[0] &&
             bs_pattern_compile(c->table_pattern, false, fold, &out[i].table, &e)))
            return BS_ENOMEM; /* DM kept the rule: its patterns compile */
    }
    return 0;
}

void lint_filters(lint_ctx *L)
{
    size_t n = L->rules->n_filters;
    frule *rules = n ? bs_arena_alloc(&L->scratch, n * sizeof *rules) : NULL;
    if (n && !rules) {
        L->oom = true;
        return;
    }
    if (n) memset(rules, 0, n * sizeof *rules);
    if (compile_rules(L, rules)) {
        L->oom = true;
    } else {
        for (size_t i = 0; i < n; i++) {
            never_produced_names(L, rules[i].f);
            alter_table(L, rules[i].f);
            do_rules(L, rules[i].f);
            ba_dropped(L, &rules[i]);
        }
        shadowed(L, rules, n);
    }
    for (size_t i = 0; i < n; i++) {
        bs_pattern_free(&rules[i].schema);
        bs_pattern_free(&rules[i].table);
    }
    source_overridden(L);
}
