/*
 * rules_compiled.h - the compiled form of one instance's rules (bs_rules).
 */
#ifndef BS_RULES_COMPILED_H
#define BS_RULES_COMPILED_H

#include "rules/rules_internal.h"

typedef struct bs_ba_entry {
    bs_name_pattern db, tbl;
} bs_ba_entry;

typedef struct bs_ba { /* one block-allow list */
    const char *name;
    bs_name_pattern *do_dbs, *ignore_dbs;
    size_t n_do_dbs, n_ignore_dbs;
    bs_ba_entry *do_tables, *ignore_tables;
    size_t n_do_tables, n_ignore_tables;
} bs_ba;

typedef struct bs_route_rule {
    const bs_task_route *cfg;
    bs_ba match; /* DM builds each route rule as a one-entry BA filter */
    bool table_rule;
    bs_regex *extract_table, *extract_schema, *extract_source;
} bs_route_rule;

typedef struct bs_filter_rule {
    const bs_task_filter *cfg;
    int *events; /* bs_dm_event, in the order written (first decisive wins) */
    size_t n_events;
    bs_regex *sql; /* "(?i)p1|p2|...", NULL without sql-patterns */
    int action;    /* bs_filter_action */
} bs_filter_rule;

struct bs_rules {
    const bs_task_config *task;
    const bs_task_instance *inst;
    const char *source_id;
    bool case_sensitive;
    bs_ba *ba; /* NULL: everything passes */
    bs_route_rule *routes;
    size_t n_routes;
    bs_filter_rule *filters;
    size_t n_filters;
    bs_trie *filter_trie;
    bool online_ddl;
    bs_regex **shadow, **trash;
    size_t n_shadow, n_trash;
    bs_regex *builtin_skip;
    struct bs_decision_cache *decisions; /* decision.c, created on first use */
};

void bs_decision_cache_free(struct bs_decision_cache *dc);

/* DM's system schemas (tidb pkg/util/filter/schema.go), lower case. */
#define BS_RULES_N_SYSTEM_SCHEMAS 7
extern const char *const bs_rules_system_schemas[BS_RULES_N_SYSTEM_SCHEMAS];

/* filter.c: does the rule's events list match an event type (the event
 * step of DM's Filter, before the action is applied)? */
bool bs_filter_rule_matches_event(const bs_filter_rule *rule, int event);

/* balist.c: 1 pass, 0 drop. Names already folded when case-insensitive. */
int bs_ba_decide(const bs_ba *ba, const char *schema, const char *table, bs_rules_trace *trace);
int bs_ba_compile(const bs_task_ba_rule *cfg, bool fold, bs_ba *out, bs_error *err);
void bs_ba_free(bs_ba *ba);

/* rules.c: bs_rules_compile on a configuration model (tests build one). */
int bs_rules_compile_config(const bs_task_config *tc, const char *source_id,
                            const bs_source_config *sc, bs_rules **out, bs_diag_list *diags,
                            bs_error *err);

#endif
