/*
 * filter_load.c - binlog event filter rules as DM loads them.
 *
 * DM's NewBinlogEvent (tiflow pkg/binlog-filter/filter.go) adds rules one
 * by one and only logs a rule it cannot add, so the task starts without it.
 * A rule is refused, in this order, when: its sql-patterns joined as
 * "(?i)p1|p2|..." do not compile as a Go regexp; its action is not exactly
 * Do, Ignore or Error; an event name is unknown (names are lower-cased
 * first); after lower-casing the patterns (case-insensitive tasks), the
 * schema pattern is empty or a pattern has '*' before its end; or the
 * wildcard trie already holds a rule for the same (schema, table) pattern
 * pair. A null rule is skipped without a word. binsift keeps every such rule
 * flagged, so reports can say "DM ignores this rule".
 *
 * The first reasons belong to the rule; the last one depends on the rules
 * added before it, which differ per mysql-instance (and, for source-level
 * rules, on the task's rules), hence filter_dup_set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binsift/buf.h"
#include "rules/rules_internal.h"
#include "task/task_internal.h"

static const char *set_reason(bs_arena *a, bs_task_filter *f, const char *why)
{
    f->discarded = 1;
    f->discard_reason = task_strdup(a, why);
    return f->discard_reason;
}

/* The joined sql-pattern regex, as DM builds it. */
static int sql_pattern_problem(const bs_task_filter *f, char *why, size_t cap)
{
    if (!f->n_sql_patterns) return 0;
    bs_buf joined = {0};
    for (size_t i = 0; i < f->n_sql_patterns; i++)
        if ((i && bs_buf_putc(&joined, '|')) || bs_buf_puts(&joined, f->sql_patterns[i])) {
            bs_buf_free(&joined);
            return BS_ENOMEM;
        }
    char re_why[400];
    int rc = task_regex_check(joined.data ? joined.data : "", true, NULL, re_why, sizeof re_why);
    bs_buf_free(&joined);
    if (rc == 1) snprintf(why, cap, "its sql-pattern does not compile as a Go regexp (%s)", re_why);
    return rc;
}

/* The pattern text DM inserts: lower-cased unless case-sensitive. */
static char *folded(const char *s, bool case_sensitive)
{
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (!p) return NULL;
    if (case_sensitive)
        memcpy(p, s, n + 1);
    else
        bs_rules_lower(p, n + 1, s, n);
    return p;
}

static int pattern_problem(const bs_task_filter *f, char *why, size_t cap)
{
    if (!f->schema_pattern[0]) {
        snprintf(why, cap, "its schema-pattern is empty");
        return 1;
    }
    const char *pats[2] = {f->schema_pattern, f->table_pattern};
    for (int i = 0; i < 2; i++) {
        if (!pats[i][0]) continue;
        bs_wildcard w;
        bs_error e;
        int rc = bs_wc_compile(pats[i], &w, &e);
        if (rc == BS_ENOMEM) return rc;
        if (rc) {
            snprintf(why, cap, "%s-pattern %s is not a valid wildcard ('*' must come last)",
                     i ? "table" : "schema", pats[i]);
            return 1;
        }
        bs_wc_free(&w);
    }
    return 0;
}

/* DM's Valid() and trie insertion, in DM's order: 0 when DM keeps the
 * rule, 1 with the reason in why, or BS_ENOMEM. */
static int discard_problem(const bs_task_filter *f, char *why, size_t cap)
{
    int rc = sql_pattern_problem(f, why, cap);
    if (rc) return rc;
    if (strcmp(f->action, "Do") && strcmp(f->action, "Ignore") && strcmp(f->action, "Error")) {
        snprintf(why, cap, "its action \"%s\" is not exactly Do, Ignore or Error", f->action);
        return 1;
    }
    for (size_t i = 0; i < f->n_events; i++)
        if (bs_rules_event_from_name(f->events[i], strlen(f->events[i])) < 0) {
            snprintf(why, cap, "\"%s\" is not a DM event type", f->events[i]);
            return 1;
        }
    return pattern_problem(f, why, cap);
}

int filter_from_dv(bs_arena *a, const dv *rule, const char *name, int line, bool case_sensitive,
                   bs_task_filter *f)
{
    memset(f, 0, sizeof *f);
    f->name = task_strdup(a, name);
    f->line = line;
    f->schema_pattern = task_dv_strdup(a, dv_field(rule, BF_SCHEMA_PATTERN));
    f->table_pattern = task_dv_strdup(a, dv_field(rule, BF_TABLE_PATTERN));
    f->action = task_dv_strdup(a, dv_field(rule, BF_ACTION));
    if (!f->name || !f->schema_pattern || !f->table_pattern || !f->action ||
        task_copy_strings(a, dv_field(rule, BF_EVENTS), &f->events, &f->n_events) ||
        task_copy_strings(a, dv_field(rule, BF_SQL_PATTERN), &f->sql_patterns, &f->n_sql_patterns))
        return BS_ENOMEM;
    if (rule->state != DV_SET)
        return set_reason(a, f, "the rule is null (DM skips it)") ? 0 : BS_ENOMEM;
    char why[512];
    char *schema = folded(f->schema_pattern, case_sensitive);
    char *table = folded(f->table_pattern, case_sensitive);
    int rc = BS_ENOMEM;
    if (schema && table) {
        bs_task_filter lowered = *f;
        lowered.schema_pattern = schema, lowered.table_pattern = table;
        rc = discard_problem(&lowered, why, sizeof why);
    }
    free(schema);
    free(table);
    if (rc == 1) rc = set_reason(a, f, why) ? 0 : BS_ENOMEM;
    return rc;
}

/* ---- duplicates within one rule list ---- */

struct filter_dup_set {
    bs_trie *trie;
};

int filter_dup_new(filter_dup_set **out)
{
    filter_dup_set *s = calloc(1, sizeof *s);
    if (!s || bs_trie_new(&s->trie)) {
        free(s);
        return BS_ENOMEM;
    }
    *out = s;
    return 0;
}

int filter_dup_insert(filter_dup_set *s, const bs_task_filter *f, bool case_sensitive)
{
    if (f->discarded) return 0;
    char *schema = folded(f->schema_pattern, case_sensitive);
    char *table = folded(f->table_pattern, case_sensitive);
    int rc = BS_ENOMEM;
    if (schema && table) {
        bs_error e;
        rc = bs_trie_insert(s->trie, schema, table, (void *)f, &e);
        rc = rc == BS_EEXIST ? 1 : rc == BS_ENOMEM ? BS_ENOMEM : 0;
    }
    free(schema);
    free(table);
    return rc;
}

void filter_dup_free(filter_dup_set *s)
{
    if (!s) return;
    bs_trie_free(s->trie);
    free(s);
}
