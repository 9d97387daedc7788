/*
 * summary.c - one source's counters, folded into its summary at the end.
 *
 * A tally lives on its source's thread. Tables are found by an xxHash of
 * their names in an open-addressing index over a growing array (the replay
 * keeps the index in its table slot, so the hash is computed once per table);
 * rules are counted by identity, in the order the instance lists them, so
 * rules that never fired show with zero hits; conflicts with the same code on
 * the same table fold into the first one; the timeline keeps events per
 * minute of binlog time. bs_check_tally_finish() moves everything into the
 * public summary, tables sorted by name, so the result is deterministic.
 */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "check/check_internal.h"
#include "util/hash_index.h"

typedef struct table_acc {
    bs_check_table_summary sum;
    uint64_t hash;
    size_t cap_lines;
} table_acc;

struct bs_check_tally {
    bs_check_src *src;
    table_acc *tables;
    size_t n_tables, cap_tables;
    bs_hash_index index; /* over tables, by name hash */
    bs_check_rule_hits *rules;
    const void **rule_ids;
    size_t n_rules, cap_rules;
    bs_check_conflict *conflicts;
    long *conflict_table;
    size_t n_conflicts, cap_conflicts;
    size_t last_conflict;
    bs_check_minute *timeline;
    size_t n_timeline, cap_timeline;
};

/* Grow *arr (of elem-byte items, *cap of them) to hold n + 1. */
static int grow(void *arr, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap) return 0;
    size_t ncap = *cap ? *cap * 2 : 16;
    void *p = realloc(*(void **)arr, ncap * elem);
    if (!p) return BS_ENOMEM;
    *(void **)arr = p;
    *cap = ncap;
    return 0;
}

/* ---- rules ---- */

static int add_rule(bs_check_tally *t, const void *id, const char *kind, const char *name, int line)
{
    if (!id) return 0;
    for (size_t i = 0; i < t->n_rules; i++)
        if (t->rule_ids[i] == id) return 0;
    size_t cap = t->cap_rules;
    if (grow(&t->rules, &cap, t->n_rules, sizeof *t->rules) ||
        grow(&t->rule_ids, &t->cap_rules, t->n_rules, sizeof *t->rule_ids))
        return BS_ENOMEM;
    char *copy = strdup(name ? name : "");
    if (!copy) return BS_ENOMEM;
    t->rules[t->n_rules] = (bs_check_rule_hits){.kind = kind, .name = copy, .line = line};
    t->rule_ids[t->n_rules++] = id;
    return 0;
}

/* Every rule the instance uses, in the task's order. */
static int add_instance_rules(bs_check_tally *t, const bs_task_instance *in, const bs_source *src)
{
    int rc = 0;
    if (in->ba_list)
        rc = add_rule(t, in->ba_list, "block-allow-list", in->ba_list_name, in->ba_list->line);
    for (size_t i = 0; !rc && i < in->n_routes; i++)
        rc = add_rule(t, in->routes[i], "route", in->routes[i]->name, in->routes[i]->line);
    for (size_t i = 0; !rc && i < in->n_filters; i++)
        rc = add_rule(t, in->filters[i], "filter", in->filters[i]->name, in->filters[i]->line);
    const bs_source_config *sc = src ? bs_source_get(src) : NULL;
    for (size_t i = 0; !rc && sc && i < sc->n_filters; i++)
        rc = add_rule(t, &sc->filters[i], "filter", sc->filters[i].name, sc->filters[i].line);
    for (size_t i = 0; !rc && i < in->n_expr_filters; i++)
        rc = add_rule(t, in->expr_filters[i], "expression-filter", in->expr_filters[i]->name,
                      in->expr_filters[i]->line);
    return rc;
}

long bs_check_tally_rule(bs_check_tally *t, const void *rule)
{
    for (size_t i = 0; rule && i < t->n_rules; i++)
        if (t->rule_ids[i] == rule) return (long)i;
    return -1;
}

int bs_check_tally_new(bs_check_src *s, bs_check_tally **out)
{
    bs_check_tally *t = calloc(1, sizeof *t);
    if (!t) return BS_ENOMEM;
    t->src = s;
    int rc = add_instance_rules(t, s->inst, s->source);
    if (rc) {
        bs_check_tally_free(t);
        return rc;
    }
    *out = t;
    return 0;
}

/* ---- tables ---- */

static uint64_t names_hash(const char *schema, const char *table)
{
    return XXH3_64bits_withSeed(table, strlen(table), XXH3_64bits(schema, strlen(schema)));
}

static int same_table(const table_acc *a, uint64_t h, const char *schema, const char *table)
{
    return a->hash == h && strcmp(a->sum.schema, schema) == 0 && strcmp(a->sum.table, table) == 0;
}

static uint64_t table_hash(const void *tables, size_t i)
{
    return ((const table_acc *)tables)[i].hash;
}

static long add_table(bs_check_tally *t, uint64_t h, const char *schema, const char *table)
{
    if (grow(&t->tables, &t->cap_tables, t->n_tables, sizeof *t->tables)) return -1;
    table_acc *a = &t->tables[t->n_tables];
    *a = (table_acc){.hash = h};
    a->sum.schema = strdup(schema);
    a->sum.table = strdup(table);
    if (!a->sum.schema || !a->sum.table) {
        free(a->sum.schema);
        free(a->sum.table);
        return -1;
    }
    return (long)t->n_tables++;
}

long bs_check_tally_table(bs_check_tally *t, const char *schema, const char *table)
{
    if (bs_hash_index_reserve(&t->index, t->n_tables, table_hash, t->tables)) return -1;
    uint64_t h = names_hash(schema, table);
    size_t j = bs_hash_index_home(&t->index, h);
    for (; t->index.slots[j]; j = bs_hash_index_next(&t->index, j))
        if (same_table(&t->tables[t->index.slots[j] - 1], h, schema, table))
            return (long)t->index.slots[j] - 1;
    long i = add_table(t, h, schema, table);
    if (i >= 0) t->index.slots[j] = (size_t)i + 1;
    return i;
}

void bs_check_tally_table_names(const bs_check_tally *t, long table, const char **schema,
                                const char **name)
{
    *schema = t->tables[table].sum.schema;
    *name = t->tables[table].sum.table;
}

int bs_check_tally_table_target(bs_check_tally *t, long table, int drop_all,
                                const bs_task_route *route, const char *target_schema,
                                const char *target_table)
{
    bs_check_table_summary *sum = &t->tables[table].sum;
    if (drop_all) sum->dropped_step = drop_all;
    sum->route_matched |= route != NULL;
    if (drop_all || sum->target_schema) return 0;
    sum->target_schema = strdup(target_schema);
    sum->target_table = strdup(target_table);
    sum->route = route ? strdup(route->name) : NULL;
    if (!sum->target_schema || !sum->target_table || (route && !sum->route)) return BS_ENOMEM;
    return 0;
}

static bs_check_table_line *line_of(table_acc *a, int dm_event)
{
    bs_check_table_summary *sum = &a->sum;
    size_t i = 0;
    while (i < sum->n_lines && sum->lines[i].dm_event < dm_event)
        i++;
    if (i < sum->n_lines && sum->lines[i].dm_event == dm_event) return &sum->lines[i];
    if (grow(&sum->lines, &a->cap_lines, sum->n_lines, sizeof *sum->lines)) return NULL;
    memmove(&sum->lines[i + 1], &sum->lines[i], (sum->n_lines - i) * sizeof *sum->lines);
    sum->n_lines++;
    sum->lines[i] = (bs_check_table_line){.dm_event = dm_event};
    return &sum->lines[i];
}

/* ---- conflicts and timeline ---- */

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Is v the same conflict as c on table? Same code, step and table; and the
 * same message, except for key collisions and column counts, whose messages
 * name each row's key or count but are one problem of the table. */
static int same_conflict(const bs_check_conflict *c, long c_table, const bs_check_verdict *v,
                         long table)
{
    if (c->dm_code != v->dm_code || c->step != v->step || c_table != table) return 0;
    return (table >= 0 && (v->step == BS_STEP_KEYS || v->step == BS_STEP_TRACKER)) ||
           strcmp(c->message, v->detail) == 0;
}

static int fold_conflict(bs_check_tally *t, const bs_check_verdict *v, long table, uint64_t events)
{
    for (size_t k = 0; k < t->n_conflicts; k++) {
        size_t i = (t->last_conflict + k) % t->n_conflicts;
        if (same_conflict(&t->conflicts[i], t->conflict_table[i], v, table)) {
            t->conflicts[i].count += events;
            t->last_conflict = i;
            return 0;
        }
    }
    size_t cap = t->cap_conflicts;
    if (grow(&t->conflicts, &cap, t->n_conflicts, sizeof *t->conflicts) ||
        grow(&t->conflict_table, &t->cap_conflicts, t->n_conflicts, sizeof *t->conflict_table))
        return BS_ENOMEM;
    bs_check_conflict *c = &t->conflicts[t->n_conflicts];
    *c = (bs_check_conflict){.dm_code = v->dm_code,
                             .schema = dup_or_null(v->schema),
                             .table = dup_or_null(v->table),
                             .target_schema = dup_or_null(v->target_schema),
                             .target_table = dup_or_null(v->target_table),
                             .file = dup_or_null(v->file),
                             .position = v->position,
                             .gtid = dup_or_null(v->gtid),
                             .timestamp = v->timestamp,
                             .step = v->step,
                             .rule = dup_or_null(v->rule),
                             .message = dup_or_null(v->detail),
                             .fix = dup_or_null(v->fix),
                             .count = events};
    t->conflict_table[t->n_conflicts] = table;
    t->last_conflict = t->n_conflicts++;
    return c->message ? 0 : BS_ENOMEM;
}

static int count_minute(bs_check_tally *t, uint32_t timestamp, int verdict, uint64_t events)
{
    int64_t m = timestamp / 60;
    size_t lo = 0, hi = t->n_timeline;
    if (hi && t->timeline[hi - 1].minute == m) {
        t->timeline[hi - 1].events[verdict] += events;
        return 0;
    }
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->timeline[mid].minute < m)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < t->n_timeline && t->timeline[lo].minute == m) {
        t->timeline[lo].events[verdict] += events;
        return 0;
    }
    if (grow(&t->timeline, &t->cap_timeline, t->n_timeline, sizeof *t->timeline)) return BS_ENOMEM;
    memmove(&t->timeline[lo + 1], &t->timeline[lo], (t->n_timeline - lo) * sizeof *t->timeline);
    t->n_timeline++;
    t->timeline[lo] = (bs_check_minute){.minute = m};
    t->timeline[lo].events[verdict] = events;
    return 0;
}

/* ---- counting ---- */

static void add_count(bs_check_count *c, uint64_t events, uint64_t rows)
{
    c->events += events;
    c->rows += rows;
}

int bs_check_tally_add(bs_check_tally *t, const bs_check_verdict *v, long table, long rule_hit,
                       uint64_t events)
{
    uint64_t rows = v->rows == BS_CHECK_ROWS_UNKNOWN ? 0 : v->rows;
    bs_check_source_summary *out = t->src->out;
    add_count(&out->verdict[v->verdict], events, rows);
    if (v->verdict == BS_VERDICT_DROPPED && v->step > 0 && v->step < 64)
        add_count(&out->dropped_by_step[v->step], events, rows);
    if (table >= 0) {
        table_acc *a = &t->tables[table];
        add_count(&a->sum.total[v->verdict], events, rows);
        bs_check_table_line *line = line_of(a, v->dm_event);
        if (!line) return BS_ENOMEM;
        add_count(&line->verdict[v->verdict], events, rows);
    }
    if (rule_hit >= 0) add_count(&t->rules[rule_hit].hits, events, rows);
    if (v->verdict == BS_VERDICT_CONFLICT && events) {
        int rc = fold_conflict(t, v, table, events);
        if (rc) return rc;
    }
    return events ? count_minute(t, v->timestamp, v->verdict, events) : 0;
}

/* ---- the end ---- */

static int by_name(const void *a, const void *b)
{
    const bs_check_table_summary *x = a, *y = b;
    int c = strcmp(x->schema, y->schema);
    return c ? c : strcmp(x->table, y->table);
}

int bs_check_tally_finish(bs_check_tally *t, bs_check_source_summary *out)
{
    out->n_tables = t->n_tables;
    out->tables = calloc(t->n_tables ? t->n_tables : 1, sizeof *out->tables);
    if (!out->tables) return BS_ENOMEM;
    for (size_t i = 0; i < t->n_tables; i++)
        out->tables[i] = t->tables[i].sum;
    qsort(out->tables, out->n_tables, sizeof *out->tables, by_name);
    t->n_tables = 0;
    out->rules = t->rules, out->n_rules = t->n_rules;
    out->conflicts = t->conflicts, out->n_conflicts = t->n_conflicts;
    out->timeline = t->timeline, out->n_timeline = t->n_timeline;
    t->rules = NULL, t->conflicts = NULL, t->timeline = NULL;
    t->n_rules = t->n_conflicts = t->n_timeline = 0;
    return 0;
}

void bs_check_tally_free(bs_check_tally *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->n_tables; i++) {
        bs_check_table_summary *s = &t->tables[i].sum;
        free(s->schema), free(s->table), free(s->target_schema), free(s->target_table);
        free(s->route), free(s->lines);
    }
    for (size_t i = 0; i < t->n_rules; i++)
        free(t->rules[i].name);
    bs_hash_index_free(&t->index);
    free(t->tables), free(t->rules), free(t->rule_ids);
    free(t->conflicts), free(t->conflict_table), free(t->timeline);
    free(t);
}
