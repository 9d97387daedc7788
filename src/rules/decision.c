/*
 * decision.c - the per-table decision and its cache.
 *
 * The replay asks, for every rows event, what happens to its table's rows.
 * Everything that depends only on the table name - system schema, BA list,
 * online-DDL shadow/trash tables, the binlog filter for insert/update/delete,
 * the route and extract values, which expression filters apply - is computed
 * once and cached in an open-addressing table keyed by XXH3 of the names;
 * the consumer keeps the pointer (e.g. in the TABLE_MAP's user slot), so a
 * rows event of a known table costs no lookup at all, and the rows of a
 * dropped table are skipped without being decoded. Decisions are never
 * freed while the rules live (DDL invalidation only unlinks them), so
 * pointers held by consumers stay valid.
 */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "rules/rules_compiled.h"

typedef struct cached {
    bs_table_decision d;
    uint64_t hash;
    char *schema, *table; /* owned copies, compared on every hit */
    size_t slen, tlen;
    const bs_task_expr_filter **exprs; /* owned array: the rules naming this table */
    struct cached *retired;            /* invalidated decisions kept alive */
} cached;

struct bs_decision_cache {
    cached **slots;
    size_t n_slots, n_used;
    cached *retired;
    uint64_t computed;
};

static uint64_t name_hash(const char *s, size_t sl, const char *t, size_t tl)
{
    return XXH3_64bits_withSeed(t, tl, XXH3_64bits(s, sl)); /* the schema hash seeds */
}

static bool same(const cached *c, uint64_t h, const char *s, size_t sl, const char *t, size_t tl)
{
    return c->hash == h && c->slen == sl && c->tlen == tl && memcmp(c->schema, s, sl) == 0 &&
           memcmp(c->table, t, tl) == 0;
}

static char *copy(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) memcpy(p, s, n), p[n] = 0;
    return p;
}

static const int row_events[3] = {BS_DMEV_INSERT, BS_DMEV_UPDATE, BS_DMEV_DELETE};

/* The steps that drop every row of the table whatever its kind: system
 * schema, then the BA list and online-DDL tables (the decoder's fast path,
 * dm-rules.md §7.1). */
static int drop_step(bs_rules *r, const char *s, const char *t, bs_rules_trace *trace)
{
    if (bs_rules_is_system_schema(s, strlen(s))) {
        bs_rules_trace_add(trace, BS_STEP_SYSTEM_SCHEMA, NULL, "`%s` is a system schema: dropped",
                           s);
        return BS_DROP_SYSTEM_SCHEMA;
    }
    bs_rules_trace_add(trace, BS_STEP_SYSTEM_SCHEMA, NULL, "`%s` is not a system schema", s);
    if (!bs_rules_ba_pass(r, s, t, trace)) return BS_DROP_BA_LIST;
    char real[260];
    int online = bs_rules_online_ddl_table(r, t, real, sizeof real);
    if (online) {
        bs_rules_trace_add(trace, BS_STEP_ONLINE_DDL, NULL,
                           "`%s` is a gh-ost/pt %s table of `%s`: its rows are dropped", t,
                           online == 1 ? "shadow" : "trash", real);
        return BS_DROP_ONLINE_DDL;
    }
    if (r->online_ddl)
        bs_rules_trace_add(trace, BS_STEP_ONLINE_DDL, NULL,
                           "not a gh-ost/pt shadow or trash table");
    return BS_DROP_NONE;
}

/* DM's order for rows (dm-rules.md §7.1): the fast-path drops, the route,
 * then the binlog filter per row kind. */
static void decide(bs_rules *r, const char *s, const char *t, bs_table_decision *d,
                   bs_rules_trace *trace)
{
    d->drop_all = drop_step(r, s, t, trace);
    bs_rules_route(r, s, t, &d->route, d->drop_all ? NULL : trace, NULL);
    int ignored = 0;
    for (int k = 0; k < 3; k++) {
        if (d->drop_all) {
            d->row_drop[k] = d->drop_all;
            continue;
        }
        bs_filter_result f;
        if (trace) trace->event = row_events[k];
        d->row_action[k] = bs_rules_filter(r, s, t, row_events[k], NULL, 0, &f, trace);
        d->row_rule[k] = f.rule;
        if (f.action == BS_FILTER_IGNORE) d->row_drop[k] = BS_DROP_FILTER, ignored++;
    }
    if (trace) trace->event = BS_DMEV_NULL;
    if (ignored == 3) d->drop_all = BS_DROP_FILTER;
}

void bs_rules_table_trace(bs_rules *r, const char *schema, const char *table,
                          bs_table_decision *out, bs_rules_trace *trace)
{
    memset(out, 0, sizeof *out);
    decide(r, schema, table, out, trace);
}

/* The expression filters naming this table, in the instance's order: exact,
 * unfolded names (dm-rules.md §6). */
static int collect_expr_filters(const bs_rules *r, cached *c)
{
    size_t n = 0;
    for (size_t i = 0; i < r->inst->n_expr_filters; i++) {
        const bs_task_expr_filter *e = r->inst->expr_filters[i];
        if (strcmp(e->schema, c->schema) || strcmp(e->table, c->table)) continue;
        if (!c->exprs && !(c->exprs = malloc(r->inst->n_expr_filters * sizeof *c->exprs)))
            return BS_ENOMEM;
        c->exprs[n++] = e;
    }
    c->d.expr_filters = c->exprs;
    c->d.n_expr_filters = n;
    return 0;
}

static int grow(struct bs_decision_cache *dc)
{
    size_t n = dc->n_slots ? dc->n_slots * 2 : 256;
    cached **slots = calloc(n, sizeof *slots);
    if (!slots) return BS_ENOMEM;
    for (size_t i = 0; i < dc->n_slots; i++) {
        cached *c = dc->slots[i];
        if (!c) continue;
        size_t j = c->hash & (n - 1);
        while (slots[j])
            j = (j + 1) & (n - 1);
        slots[j] = c;
    }
    free(dc->slots);
    dc->slots = slots;
    dc->n_slots = n;
    return 0;
}

static void cached_free(cached *c)
{
    free(c->schema);
    free(c->table);
    free(c->exprs);
    free(c);
}

static struct bs_decision_cache *cache_of(bs_rules *r)
{
    if (!r->decisions) r->decisions = calloc(1, sizeof *r->decisions);
    return r->decisions;
}

const bs_table_decision *bs_rules_table(bs_rules *r, const char *schema, size_t slen,
                                        const char *table, size_t tlen)
{
    struct bs_decision_cache *dc = cache_of(r);
    if (!dc) return NULL;
    uint64_t h = name_hash(schema, slen, table, tlen);
    size_t mask = dc->n_slots - 1, j = h & mask;
    for (; dc->n_slots && dc->slots[j]; j = (j + 1) & mask)
        if (same(dc->slots[j], h, schema, slen, table, tlen)) return &dc->slots[j]->d;
    if ((dc->n_used + 1) * 2 > dc->n_slots) {
        if (grow(dc)) return NULL;
        for (j = h & (dc->n_slots - 1); dc->slots[j]; j = (j + 1) & (dc->n_slots - 1)) {
        }
    }
    cached *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    if (!(c->schema = copy(schema, slen)) || !(c->table = copy(table, tlen))) {
        cached_free(c);
        return NULL;
    }
    c->hash = h, c->slen = slen, c->tlen = tlen;
    decide(r, c->schema, c->table, &c->d, NULL);
    if (collect_expr_filters(r, c)) {
        cached_free(c);
        return NULL;
    }
    dc->slots[j] = c;
    dc->n_used++;
    dc->computed++;
    return &c->d;
}

void bs_rules_table_invalidate(bs_rules *r, const char *schema, size_t slen, const char *table,
                               size_t tlen)
{
    struct bs_decision_cache *dc = r->decisions;
    if (!dc || !dc->n_slots) return;
    uint64_t h = name_hash(schema, slen, table, tlen);
    size_t mask = dc->n_slots - 1, j = h & mask;
    for (; dc->slots[j]; j = (j + 1) & mask)
        if (same(dc->slots[j], h, schema, slen, table, tlen)) break;
    if (!dc->slots[j]) return;
    cached *gone = dc->slots[j];
    gone->retired = dc->retired; /* kept alive: consumers may hold the pointer */
    dc->retired = gone;
    dc->slots[j] = NULL;
    dc->n_used--;
    /* re-insert the rest of the cluster so probes stay unbroken */
    for (size_t k = (j + 1) & mask; dc->slots[k]; k = (k + 1) & mask) {
        cached *c = dc->slots[k];
        dc->slots[k] = NULL;
        size_t m = c->hash & mask;
        while (dc->slots[m])
            m = (m + 1) & mask;
        dc->slots[m] = c;
    }
}

uint64_t bs_rules_table_computed(const bs_rules *r)
{
    return r->decisions ? r->decisions->computed : 0;
}

void bs_decision_cache_free(struct bs_decision_cache *dc)
{
    if (!dc) return;
    for (size_t i = 0; i < dc->n_slots; i++)
        if (dc->slots[i]) cached_free(dc->slots[i]);
    for (cached *c = dc->retired, *next; c; c = next) {
        next = c->retired;
        cached_free(c);
    }
    free(dc->slots);
    free(dc);
}
