/*
 * task_load.c - DM task files: decode, build the model, then validate the
 * way DM-master does when a task starts (dm/master/server.go
 * generateSubTask): TaskConfig.adjust() (dm/config/task.go), then for each
 * mysql-instance SubTaskConfig.Adjust() (dm/config/subtask.go), which builds
 * the block-allow list, the router and the binlog filter.
 *
 * DM stops at the first problem; binsift records every problem it finds (for
 * lint) in the same order, so the first error recorded is the one DM
 * reports. Where DM walks a Go map (expression filters, validators,
 * loaders, unused definitions) the order is Go's random map order; binsift
 * uses the file order. Names in messages follow DM's texts
 * (dm/errors.toml), with DM's annotations ("mysql-instance: 1st: ...",
 * "source mysql-01: ...").
 *
 * Building the model (build_*) never fails except for memory; checks
 * (check_*) only record problems. Filter rules DM drops at load become
 * warnings (filter_load.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "binsift/expr.h"
#include "rules/rules_internal.h"
#include "task/task_internal.h"

struct bs_task {
    bs_arena arena; /* the model */
    bs_task_config cfg;
};

/* ---- string tables: name -> index, open addressing ---- */

typedef struct str_table {
    const char **keys;
    size_t *vals;
    size_t cap, n;
} str_table;

static size_t str_hash(const char *s)
{
    size_t h = 14695981039346656037u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static size_t table_slot(const str_table *t, const char *key)
{
    size_t j = str_hash(key) & (t->cap - 1);
    while (t->keys[j] && strcmp(t->keys[j], key) != 0)
        j = (j + 1) & (t->cap - 1);
    return j;
}

static int table_grow(str_table *t)
{
    str_table g = {.cap = t->cap ? t->cap * 2 : 16};
    g.keys = calloc(g.cap, sizeof *g.keys);
    g.vals = calloc(g.cap, sizeof *g.vals);
    if (!g.keys || !g.vals) {
        free(g.keys);
        free(g.vals);
        return BS_ENOMEM;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->keys[i]) continue;
        size_t j = table_slot(&g, t->keys[i]);
        g.keys[j] = t->keys[i], g.vals[j] = t->vals[i];
    }
    g.n = t->n;
    free(t->keys);
    free(t->vals);
    *t = g;
    return 0;
}

/* The value of key; when absent, key (kept by pointer) gets val. SIZE_MAX
 * when out of memory. */
static size_t table_put(str_table *t, const char *key, size_t val)
{
    if ((t->n + 1) * 2 > t->cap && table_grow(t)) return SIZE_MAX;
    size_t j = table_slot(t, key);
    if (!t->keys[j]) t->keys[j] = key, t->vals[j] = val, t->n++;
    return t->vals[j];
}

/* The value of key, or SIZE_MAX. */
static size_t table_get(const str_table *t, const char *key)
{
    if (!t->cap) return SIZE_MAX;
    size_t j = table_slot(t, key);
    return t->keys[j] ? t->vals[j] : SIZE_MAX;
}

static void table_free(str_table *t)
{
    free(t->keys);
    free(t->vals);
    memset(t, 0, sizeof *t);
}

/* ---- name lookup over a decoded map ---- */

typedef struct name_index {
    const dv *map;
    str_table names; /* key -> entry index */
    unsigned *refs;  /* per entry: references from instances (DM's refer count) */
    bool *checked;   /* per entry: a subtask check has looked at it */
} name_index;

static int index_build(name_index *x, const dv *map)
{
    size_t n = dv_count(map);
    x->map = map;
    x->refs = calloc(n ? n : 1, sizeof *x->refs);
    x->checked = calloc(n ? n : 1, sizeof *x->checked);
    if (!x->refs || !x->checked) return BS_ENOMEM;
    for (size_t i = 0; i < n; i++)
        if (table_put(&x->names, map->v.list.items[i].key, i) == SIZE_MAX) return BS_ENOMEM;
    return 0;
}

/* Entry index, or SIZE_MAX. */
static size_t index_find(const name_index *x, const char *name)
{
    return table_get(&x->names, name);
}

static void index_free(name_index *x)
{
    table_free(&x->names);
    free(x->refs);
    free(x->checked);
}

/* ---- loader state ---- */

enum {
    DEF_ROUTES,
    DEF_FILTERS,
    DEF_EXPRS,
    DEF_BA,
    DEF_MYDUMPERS,
    DEF_LOADERS,
    DEF_SYNCERS,
    DEF_VALIDATORS,
    DEF__N
};

typedef struct inst_state {
    const dv *v; /* the mysql-instances entry (null: DM's nil instance) */
    int line;
    const dv *mydumper, *loader, *syncer; /* in effect; absent = DM's defaults */
    bool loader_named;
    const char *safe_mode_duration; /* after DM's defaults */
} inst_state;

typedef struct tload {
    task_ctx c;
    bs_task *t;
    bs_task_config *cfg;
    bs_task_filter *filters; /* cfg->filters, writable */
    const dv *top;
    int top_line;
    const char *mode;
    name_index defs[DEF__N];
    inst_state *inst;
    str_table source_ids; /* source-id -> first instance with it */
} tload;

static const dv dv_default = {.state = DV_ABSENT};

static const dv *top_field(const tload *L, int f)
{
    return dv_field(L->top, (size_t)f);
}

/* The line of a value, or of the key that holds it, or a fallback. */
static int vline(const dv *v, int fallback)
{
    return v->line ? v->line : fallback;
}
static int kline(const dv *v, int fallback)
{
    return v->key_line ? v->key_line : vline(v, fallback);
}

static int oom(tload *L)
{
    L->c.oom = true;
    return BS_ENOMEM;
}

static const char *dup_str(tload *L, const char *s)
{
    const char *p = task_strdup(&L->t->arena, s);
    if (!p) oom(L);
    return p ? p : "";
}

static const char *ordinal(int n, char *buf, size_t cap)
{
    int t = n % 100, u = n % 10;
    const char *sfx = t >= 11 && t <= 13 ? "th"
                      : u == 1           ? "st"
                      : u == 2           ? "nd"
                      : u == 3           ? "rd"
                                         : "th";
    snprintf(buf, cap, "%d%s", n, sfx);
    return buf;
}

static bool in_set(const char *s, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(s, *set) == 0) return true;
    return false;
}

/* ---- building the model ---- */

static int build_ba_tables(tload *L, const dv *list, const bs_task_ba_table **out, size_t *n)
{
    *n = dv_count(list);
    *out = NULL;
    if (!*n) return 0;
    bs_task_ba_table *tables = bs_arena_alloc(&L->t->arena, *n * sizeof *tables);
    if (!tables) return oom(L);
    for (size_t i = 0; i < *n; i++) {
        const dv *e = &list->v.list.items[i].val;
        tables[i] = (bs_task_ba_table){dup_str(L, dv_str(dv_field(e, BT_DB_NAME), "")),
                                       dup_str(L, dv_str(dv_field(e, BT_TBL_NAME), "")),
                                       vline(e, list->line)};
    }
    *out = tables;
    return 0;
}

/* block-allow-list, or black-white-list when the former has no entry. */
static int build_ba_lists(tload *L)
{
    const dv *ba = top_field(L, TC_BLOCK_ALLOW_LIST);
    if (!dv_count(ba)) ba = top_field(L, TC_BLACK_WHITE_LIST);
    size_t n = dv_count(ba);
    if (index_build(&L->defs[DEF_BA], ba)) return oom(L);
    if (!n) return 0;
    bs_task_ba_rule *rules = bs_arena_alloc(&L->t->arena, n * sizeof *rules);
    if (!rules) return oom(L);
    memset(rules, 0, n * sizeof *rules);
    for (size_t i = 0; i < n; i++) {
        const dv_item *it = &ba->v.list.items[i];
        bs_task_ba_rule *r = &rules[i];
        r->name = dup_str(L, it->key);
        r->line = it->key_line;
        if (task_copy_strings(&L->t->arena, dv_field(&it->val, BA_DO_DBS), &r->do_dbs,
                              &r->n_do_dbs) ||
            task_copy_strings(&L->t->arena, dv_field(&it->val, BA_IGNORE_DBS), &r->ignore_dbs,
                              &r->n_ignore_dbs) ||
            build_ba_tables(L, dv_field(&it->val, BA_DO_TABLES), &r->do_tables, &r->n_do_tables) ||
            build_ba_tables(L, dv_field(&it->val, BA_IGNORE_TABLES), &r->ignore_tables,
                            &r->n_ignore_tables))
            return oom(L);
    }
    L->cfg->ba_lists = rules;
    L->cfg->n_ba_lists = n;
    return 0;
}

static void build_extract(tload *L, const dv *e, bs_task_extract *out)
{
    out->line = vline(e, 0);
    if (e->state != DV_SET) return; /* nil extractor: not configured */
    out->regexp = dup_str(L, dv_str(dv_field(e, EX_REGEXP), ""));
    out->target_column = dup_str(L, dv_str(dv_field(e, EX_TARGET_COLUMN), ""));
}

static int build_routes(tload *L)
{
    const dv *map = top_field(L, TC_ROUTES);
    size_t n = dv_count(map);
    if (index_build(&L->defs[DEF_ROUTES], map)) return oom(L);
    if (!n) return 0;
    bs_task_route *routes = bs_arena_alloc(&L->t->arena, n * sizeof *routes);
    if (!routes) return oom(L);
    memset(routes, 0, n * sizeof *routes);
    for (size_t i = 0; i < n; i++) {
        const dv_item *it = &map->v.list.items[i];
        bs_task_route *r = &routes[i];
        r->name = dup_str(L, it->key);
        r->line = it->key_line;
        r->schema_pattern = dup_str(L, dv_str(dv_field(&it->val, RT_SCHEMA_PATTERN), ""));
        r->table_pattern = dup_str(L, dv_str(dv_field(&it->val, RT_TABLE_PATTERN), ""));
        r->target_schema = dup_str(L, dv_str(dv_field(&it->val, RT_TARGET_SCHEMA), ""));
        r->target_table = dup_str(L, dv_str(dv_field(&it->val, RT_TARGET_TABLE), ""));
        build_extract(L, dv_field(&it->val, RT_EXTRACT_TABLE), &r->extract_table);
        build_extract(L, dv_field(&it->val, RT_EXTRACT_SCHEMA), &r->extract_schema);
        build_extract(L, dv_field(&it->val, RT_EXTRACT_SOURCE), &r->extract_source);
    }
    L->cfg->routes = routes;
    L->cfg->n_routes = n;
    return 0;
}

static int build_filters(tload *L)
{
    const dv *map = top_field(L, TC_FILTERS);
    size_t n = dv_count(map);
    if (index_build(&L->defs[DEF_FILTERS], map)) return oom(L);
    if (!n) return 0;
    bs_task_filter *filters = bs_arena_alloc(&L->t->arena, n * sizeof *filters);
    if (!filters) return oom(L);
    for (size_t i = 0; i < n; i++) {
        const dv_item *it = &map->v.list.items[i];
        if (filter_from_dv(&L->t->arena, &it->val, it->key, it->key_line, L->cfg->case_sensitive,
                           &filters[i]))
            return oom(L);
    }
    L->filters = filters;
    L->cfg->filters = filters;
    L->cfg->n_filters = n;
    return 0;
}

/* An expression as DM sees it: "" means not set. */
static const char *expr_text(tload *L, const dv *v, int *first_line)
{
    const char *s = dv_str(v, "");
    if (!*s) return NULL;
    if (!*first_line) *first_line = v->line;
    return dup_str(L, s);
}

static int build_expr_filters(tload *L)
{
    const dv *map = top_field(L, TC_EXPRESSION_FILTER);
    size_t n = dv_count(map);
    if (index_build(&L->defs[DEF_EXPRS], map)) return oom(L);
    if (!n) return 0;
    bs_task_expr_filter *ef = bs_arena_alloc(&L->t->arena, n * sizeof *ef);
    if (!ef) return oom(L);
    memset(ef, 0, n * sizeof *ef);
    for (size_t i = 0; i < n; i++) {
        const dv_item *it = &map->v.list.items[i];
        const dv *v = &it->val;
        ef[i].name = dup_str(L, it->key);
        ef[i].line = it->key_line;
        ef[i].schema = dup_str(L, dv_str(dv_field(v, EF_SCHEMA), ""));
        ef[i].table = dup_str(L, dv_str(dv_field(v, EF_TABLE), ""));
        ef[i].insert_value_expr = expr_text(L, dv_field(v, EF_INSERT), &ef[i].expr_line);
        ef[i].update_old_value_expr = expr_text(L, dv_field(v, EF_UPDATE_OLD), &ef[i].expr_line);
        ef[i].update_new_value_expr = expr_text(L, dv_field(v, EF_UPDATE_NEW), &ef[i].expr_line);
        ef[i].delete_value_expr = expr_text(L, dv_field(v, EF_DELETE), &ef[i].expr_line);
    }
    L->cfg->expr_filters = ef;
    L->cfg->n_expr_filters = n;
    return 0;
}

/* Names of one instance list and the index of each in its definition map
 * (SIZE_MAX where the name is not defined). *idx is scratch (malloc). */
static int resolve_names(tload *L, const dv *list, int def, const char *const **names, size_t *n,
                         size_t **idx)
{
    if (task_copy_strings(&L->t->arena, list, names, n)) return oom(L);
    if (!(*idx = malloc((*n ? *n : 1) * sizeof **idx))) return oom(L);
    for (size_t i = 0; i < *n; i++)
        (*idx)[i] = index_find(&L->defs[def], (*names)[i]);
    return 0;
}

/* Resolve an instance list into pointers to its definitions (of type T). */
#define RESOLVE(L, list, def, T, base, names, n, out)                                              \
    do {                                                                                           \
        size_t *idx_;                                                                              \
        if (resolve_names(L, list, def, names, n, &idx_)) return BS_ENOMEM;                        \
        const T **ptrs_ = bs_arena_alloc(&(L)->t->arena, (*(n) ? *(n) : 1) * sizeof *ptrs_);       \
        for (size_t k_ = 0; ptrs_ && k_ < *(n); k_++)                                              \
            ptrs_[k_] = idx_[k_] == SIZE_MAX ? NULL : (base) + idx_[k_];                           \
        free(idx_);                                                                                \
        if (!ptrs_) return oom(L);                                                                 \
        *(out) = ptrs_;                                                                            \
    } while (0)

/* A named unit config (nil entry: DM's defaults), or the inline one. */
static const dv *unit_config(tload *L, int def, const dv *name, const dv *inline_cfg, bool *named)
{
    const char *s = dv_str(name, "");
    *named = *s != 0;
    const dv *cfg = inline_cfg;
    if (*named) {
        size_t k = index_find(&L->defs[def], s);
        cfg = k == SIZE_MAX ? &dv_default : &L->defs[def].map->v.list.items[k].val;
    }
    return cfg->state == DV_SET ? cfg : &dv_default; /* nil: DM's default config */
}

/* DM's syncer defaults and adjustments (DefaultSyncerConfig, adjust()). */
static void build_syncer(tload *L, inst_state *st, bs_task_syncer *out)
{
    const dv *s = st->syncer, *inst = st->v;
    int64_t cfi = dv_int(dv_field(s, SY_CHECKPOINT_FLUSH), 30);
    int64_t queue = dv_int(dv_field(s, SY_QUEUE_SIZE), 1024);
    int64_t thread = dv_int(dv_field(inst, MI_SYNCER_THREAD), 0);
    if (cfi == 0) cfi = 30;
    const char *smd = dv_str(dv_field(s, SY_SAFE_MODE_DURATION), "60s");
    if (!*smd) {
        char buf[32];
        snprintf(buf, sizeof buf, "%llds", (long long)(2 * cfi));
        smd = dup_str(L, buf);
    }
    st->safe_mode_duration = smd;
    int64_t ns = 0;
    char why[128];
    go_parse_duration(smd, &ns, why, sizeof why);
    out->worker_count = (int)(thread ? thread : dv_int(dv_field(s, SY_WORKER_COUNT), 16));
    out->batch = (int)dv_int(dv_field(s, SY_BATCH), 100);
    out->queue_size = (int)(queue ? queue : 1024);
    out->safe_mode = dv_bool(dv_field(s, SY_SAFE_MODE), false);
    out->safe_mode_duration_ms = ns / 1000000;
    out->checkpoint_flush_interval_ms = cfi * 1000;
    out->multiple_rows = dv_bool(dv_field(s, SY_MULTIPLE_ROWS), false);
    out->compact = dv_bool(dv_field(s, SY_COMPACT), false);
}

static void build_meta(tload *L, const dv *m, bs_task_meta *out)
{
    out->present = m->state == DV_SET;
    out->line = vline(m, 0);
    out->binlog_name = dup_str(L, dv_str(dv_field(m, META_BINLOG_NAME), ""));
    out->binlog_pos = (uint32_t)dv_uint(dv_field(m, META_BINLOG_POS), 0);
    out->binlog_gtid = dup_str(L, dv_str(dv_field(m, META_BINLOG_GTID), ""));
}

static int build_instance(tload *L, const dv_item *item, inst_state *st, bs_task_instance *in)
{
    const dv *v = &item->val;
    bs_task_config *cfg = L->cfg;
    bool named;
    st->v = v;
    st->line = vline(v, item->key_line);
    in->line = st->line;
    in->source_id = dup_str(L, dv_str(dv_field(v, MI_SOURCE_ID), ""));
    build_meta(L, dv_field(v, MI_META), &in->meta);
    const char *ba = dv_str(dv_field(v, MI_BA_LIST), "");
    if (!*ba) ba = dv_str(dv_field(v, MI_BW_LIST), "");
    if (*ba) {
        in->ba_list_name = dup_str(L, ba);
        size_t k = index_find(&L->defs[DEF_BA], ba);
        in->ba_list = k == SIZE_MAX ? NULL : &cfg->ba_lists[k];
    }
    RESOLVE(L, dv_field(v, MI_ROUTE_RULES), DEF_ROUTES, bs_task_route, cfg->routes,
            &in->route_names, &in->n_routes, &in->routes);
    RESOLVE(L, dv_field(v, MI_FILTER_RULES), DEF_FILTERS, bs_task_filter, cfg->filters,
            &in->filter_names, &in->n_filters, &in->filters);
    RESOLVE(L, dv_field(v, MI_EXPRESSION_FILTERS), DEF_EXPRS, bs_task_expr_filter,
            cfg->expr_filters, &in->expr_filter_names, &in->n_expr_filters, &in->expr_filters);
    st->mydumper = unit_config(L, DEF_MYDUMPERS, dv_field(v, MI_MYDUMPER_NAME),
                               dv_field(v, MI_MYDUMPER), &named);
    st->loader = unit_config(L, DEF_LOADERS, dv_field(v, MI_LOADER_NAME), dv_field(v, MI_LOADER),
                             &st->loader_named);
    st->syncer =
        unit_config(L, DEF_SYNCERS, dv_field(v, MI_SYNCER_NAME), dv_field(v, MI_SYNCER), &named);
    build_syncer(L, st, &in->syncer);
    return L->c.oom ? BS_ENOMEM : 0;
}

static int build_instances(tload *L)
{
    const dv *list = top_field(L, TC_MYSQL_INSTANCES);
    size_t n = dv_count(list);
    if (!n) return 0;
    bs_task_instance *inst = bs_arena_alloc(&L->t->arena, n * sizeof *inst);
    L->inst = calloc(n, sizeof *L->inst);
    if (!inst || !L->inst) return oom(L);
    memset(inst, 0, n * sizeof *inst);
    for (size_t i = 0; i < n; i++)
        if (build_instance(L, &list->v.list.items[i], &L->inst[i], &inst[i])) return BS_ENOMEM;
    L->cfg->instances = inst;
    L->cfg->n_instances = n;
    return 0;
}

/* user rules get ^ and $ (adjustOnlineTableRules); none: DM's default */
static int build_online_rules(tload *L, const dv *list, const char *def, const char *const **out,
                              size_t *n)
{
    size_t k = dv_count(list);
    const char **rules = bs_arena_alloc(&L->t->arena, (k ? k : 1) * sizeof *rules);
    if (!rules) return oom(L);
    if (!k) rules[0] = def;
    for (size_t i = 0; i < k; i++) {
        const char *r = dv_str(&list->v.list.items[i].val, "");
        size_t len = strlen(r);
        char *a = bs_arena_alloc(&L->t->arena, len + 3);
        if (!a) return oom(L);
        snprintf(a, len + 3, "%s%s%s", r[0] == '^' ? "" : "^", r,
                 len && r[len - 1] == '$' ? "" : "$");
        rules[i] = a;
    }
    *out = rules;
    *n = k ? k : 1;
    return 0;
}

static int build_task(tload *L)
{
    bs_task_config *cfg = L->cfg;
    cfg->name = dup_str(L, dv_str(top_field(L, TC_NAME), ""));
    cfg->task_mode = L->mode = dup_str(L, dv_str(top_field(L, TC_TASK_MODE), ""));
    cfg->is_sharding = dv_bool(top_field(L, TC_IS_SHARDING), false);
    const char *shard = dv_str(top_field(L, TC_SHARD_MODE), "");
    cfg->shard_mode = dup_str(L, !*shard && cfg->is_sharding ? "pessimistic" : shard);
    cfg->strict_optimistic_shard_mode = dv_bool(top_field(L, TC_STRICT_OPTIMISTIC), false);
    cfg->case_sensitive = dv_bool(top_field(L, TC_CASE_SENSITIVE), false);
    const char *scheme = dv_str(top_field(L, TC_ONLINE_DDL_SCHEME), "");
    cfg->online_ddl = dv_bool(top_field(L, TC_ONLINE_DDL), true) || !strcmp(scheme, "pt") ||
                      !strcmp(scheme, "gh-ost");
    const char *meta = dv_str(top_field(L, TC_META_SCHEMA), "dm_meta");
    cfg->meta_schema = dup_str(L, *meta ? meta : "dm_meta");
    cfg->timezone = dup_str(L, dv_str(top_field(L, TC_TIMEZONE), ""));
    const dv *db = top_field(L, TC_TARGET_DATABASE);
    cfg->target_database = (bs_task_target){dup_str(L, dv_str(dv_field(db, DB_HOST), "")),
                                            (int)dv_int(dv_field(db, DB_PORT), 0),
                                            dup_str(L, dv_str(dv_field(db, DB_USER), "")),
                                            dup_str(L, dv_str(dv_field(db, DB_PASSWORD), ""))};
    if (task_copy_strings(&L->t->arena, top_field(L, TC_IGNORE_CHECKING_ITEMS),
                          &cfg->ignore_checking_items, &cfg->n_ignore_checking_items) ||
        build_online_rules(L, top_field(L, TC_SHADOW_TABLE_RULES), "^_(.+)_(?:new|gho)$",
                           &cfg->shadow_table_rules, &cfg->n_shadow_table_rules) ||
        build_online_rules(L, top_field(L, TC_TRASH_TABLE_RULES), "^_(.+)_(?:ghc|del|old)$",
                           &cfg->trash_table_rules, &cfg->n_trash_table_rules))
        return oom(L);
    if (index_build(&L->defs[DEF_MYDUMPERS], top_field(L, TC_MYDUMPERS)) ||
        index_build(&L->defs[DEF_LOADERS], top_field(L, TC_LOADERS)) ||
        index_build(&L->defs[DEF_SYNCERS], top_field(L, TC_SYNCERS)) ||
        index_build(&L->defs[DEF_VALIDATORS], top_field(L, TC_VALIDATORS)))
        return oom(L);
    if (build_ba_lists(L) || build_routes(L) || build_filters(L) || build_expr_filters(L) ||
        build_instances(L))
        return BS_ENOMEM;
    return L->c.oom ? BS_ENOMEM : 0;
}

/* ---- TaskConfig.adjust(): task-level settings ---- */

static void check_settings(tload *L)
{
    static const char *const modes[] = {"full", "incremental", "all", "dump",
                                        "load", "load&sync",   NULL};
    static const char *const items[] = {"all",
                                        "dump_privilege",
                                        "replication_privilege",
                                        "version",
                                        "server_id",
                                        "binlog_enable",
                                        "binlog_format",
                                        "binlog_row_image",
                                        "table_schema",
                                        "schema_of_shard_tables",
                                        "auto_increment_ID",
                                        "online_ddl",
                                        "binlog_db",
                                        "meta_position",
                                        "conn_number",
                                        "target_privilege",
                                        "empty_region",
                                        "region_distribution",
                                        "downstream_version",
                                        "free_space",
                                        "downstream_mutex_features",
                                        "downstream_table_empty",
                                        "primary_key",
                                        NULL};
    task_ctx *c = &L->c;
    const dv *f;
    int top = L->top_line;
    if (!*dv_str(f = top_field(L, TC_NAME), ""))
        tc_error(c, RANK_CHECK, 20019, "task-name", kline(f, top),
                 "must specify a unique task name");
    if (!in_set(L->mode, modes))
        tc_error(c, RANK_CHECK, 20020, "task-mode", kline(top_field(L, TC_TASK_MODE), top),
                 "please specify right task-mode, support `full`, `incremental`, `all`, `dump`, "
                 "`load`");
    const char *shard = dv_str(f = top_field(L, TC_SHARD_MODE), "");
    if (*shard && strcmp(shard, "pessimistic") && strcmp(shard, "optimistic"))
        tc_error(c, RANK_CHECK, 20033, "shard-mode", kline(f, top), "shard mode %s not supported",
                 shard);
    if (L->cfg->strict_optimistic_shard_mode && strcmp(L->cfg->shard_mode, "optimistic"))
        tc_error(c, RANK_CHECK, 20066, "shard-mode", kline(top_field(L, TC_STRICT_OPTIMISTIC), top),
                 "cannot enable `strict-optimistic-shard-mode` while `shard-mode` is not "
                 "`optimistic`");
    if (dv_count(f = top_field(L, TC_COLUMN_MAPPINGS)))
        tc_error(c, RANK_CHECK, 20064, "column-mapping", kline(f, top),
                 "column-mapping is not supported since v6.6.0");
    const char *coll = dv_str(f = top_field(L, TC_COLLATION_COMPATIBLE), "loose");
    if (*coll && strcmp(coll, "loose") && strcmp(coll, "strict"))
        tc_error(c, RANK_CHECK, 20052, "collation-compatible", kline(f, top),
                 "collation compatible %s not supported", coll);
    f = top_field(L, TC_IGNORE_CHECKING_ITEMS);
    for (size_t i = 0; i < dv_count(f); i++) {
        const dv *it = &f->v.list.items[i].val;
        if (!in_set(dv_str(it, ""), items))
            tc_error(c, RANK_CHECK, 20001, "checking-item", vline(it, top),
                     "checking item %s is not supported", dv_str(it, ""));
    }
    const char *scheme = dv_str(f = top_field(L, TC_ONLINE_DDL_SCHEME), "");
    if (*scheme && strcmp(scheme, "pt") && strcmp(scheme, "gh-ost"))
        tc_error(c, RANK_CHECK, 20007, "online-ddl", kline(f, top),
                 "online scheme %s not supported", scheme);
    if ((f = top_field(L, TC_TARGET_DATABASE))->state != DV_SET)
        tc_error(c, RANK_CHECK, 20021, "target-database", kline(f, top),
                 "must specify target-database");
    if (!dv_count(f = top_field(L, TC_MYSQL_INSTANCES)))
        tc_error(c, RANK_CHECK, 20013, "mysql-instances", kline(f, top),
                 "must specify at least one mysql-instances");
}

/* ---- expression filters and validators ---- */

/* One expression: DM's grammar check ("select " + expression must parse
 * with TiDB's parser), and its part of the "%v" list DM prints when a rule
 * sets several kinds. */
static void check_expr(tload *L, const char *name, const dv *v)
{
    const char *e = dv_str(v, "");
    bs_error why;
    bs_error_clear(&why);
    if (*e && bs_rules_expr_check_syntax(e, strlen(e), &why))
        tc_error(&L->c, RANK_CHECK, 20041, "expression-filter", v->line,
                 "expression-filter name(%s) SQL(%s) has wrong grammar: %s", name, e, why.message);
}

static void append(char *buf, size_t cap, const char *fmt, const char *a, const char *b)
{
    size_t n = strlen(buf);
    snprintf(buf + n, cap - n, fmt, n > 1 ? " " : "", a, b);
}

static void check_expr_filter(tload *L, const dv_item *it)
{
    const dv *v = &it->val;
    const char *name = it->key;
    static const char *const parts[] = {"schema", "table"};
    for (int p = 0; p < 2; p++) {
        const dv *f = dv_field(v, (size_t)(EF_SCHEMA + p));
        if (!*dv_str(f, ""))
            tc_error(&L->c, RANK_CHECK, 20042, "expression-filter", kline(f, it->key_line),
                     "expression-filter %s has empty %s", name, parts[p]);
    }
    const dv *ins = dv_field(v, EF_INSERT), *old = dv_field(v, EF_UPDATE_OLD),
             *new = dv_field(v, EF_UPDATE_NEW), *del = dv_field(v, EF_DELETE);
    char set[1200] = "[";
    int groups = 0;
    if (*dv_str(ins, "")) {
        check_expr(L, name, ins);
        append(set, sizeof set, "%sinsert: [%s]%s", dv_str(ins, ""), "");
        groups++;
    }
    if (*dv_str(old, "") || *dv_str(new, "")) {
        check_expr(L, name, old);
        check_expr(L, name, new);
        append(set, sizeof set, "%supdate (old value): [%s] update (new value): [%s]",
               dv_str(old, ""), dv_str(new, ""));
        groups++;
    }
    if (*dv_str(del, "")) {
        check_expr(L, name, del);
        append(set, sizeof set, "%sdelete: [%s]%s", dv_str(del, ""), "");
        groups++;
    }
    if (groups > 1)
        tc_error(&L->c, RANK_CHECK, 20039, "expression-filter", it->key_line,
                 "expression filter can only specify one of (insert, update, delete) expressions, "
                 "but %s has specified %s]",
                 name, set);
}

static void check_expr_filters(tload *L)
{
    const dv *map = top_field(L, TC_EXPRESSION_FILTER);
    for (size_t i = 0; i < dv_count(map); i++)
        check_expr_filter(L, &map->v.list.items[i]);
}

/* ValidatorConfig.Adjust(). */
static void check_validator(tload *L, const dv *v, int line)
{
    const dv *f = dv_field(v, VA_MODE);
    const char *mode = dv_str(f, "");
    if (*mode && strcmp(mode, "none") && strcmp(mode, "fast") && strcmp(mode, "full"))
        tc_error(&L->c, RANK_CHECK, 20055, "validator", vline(f, line), "invalid validation mode");
    const char *size = dv_str(f = dv_field(v, VA_MAX_PENDING_SIZE), "");
    int64_t bytes;
    char why[200];
    if (*size && go_ram_in_bytes(size, &bytes, why, sizeof why))
        tc_error(&L->c, RANK_CHECK, 0, "validator", vline(f, line), "%s", why);
}

static void check_validators(tload *L)
{
    const dv *map = top_field(L, TC_VALIDATORS);
    for (size_t i = 0; i < dv_count(map); i++)
        if (map->v.list.items[i].val.state == DV_SET)
            check_validator(L, &map->v.list.items[i].val, map->v.list.items[i].key_line);
}

/* ---- the mysql-instances loop ---- */

/* Each name of an instance list must be defined; count the references. */
static void check_refs(tload *L, int i, const dv *list, int def, int code, const char *what,
                       const char *in_what)
{
    for (size_t a = 0; a < dv_count(list); a++) {
        const dv *v = &list->v.list.items[a].val;
        size_t k = index_find(&L->defs[def], dv_str(v, ""));
        if (k == SIZE_MAX)
            tc_error(&L->c, RANK_CHECK, code, "undefined-rule", vline(v, L->inst[i].line),
                     "mysql-instance(%d)'s %s %s not exist in %s", i, what, dv_str(v, ""), in_what);
        else
            L->defs[def].refs[k]++;
    }
}

/* checkDuplicateString: names listed more than once, each once, in the
 * order of their second occurrence; appended to dups as DM words it. */
static void collect_dups(tload *L, int i, const dv *list, const char *what, char *dups, size_t cap,
                         int *first_line)
{
    char names[512] = "";
    size_t n = dv_count(list);
    str_table first = {0}; /* name -> its first position */
    unsigned *seen = calloc(n ? n : 1, sizeof *seen);
    bool ok = seen != NULL;
    for (size_t a = 0; ok && a < n; a++) {
        const dv *v = &list->v.list.items[a].val;
        size_t k = table_put(&first, dv_str(v, ""), a);
        if (!(ok = k != SIZE_MAX) || ++seen[k] != 2) continue;
        if (!*first_line) *first_line = v->line;
        size_t o = strlen(names);
        snprintf(names + o, sizeof names - o, "%s%s", o ? ", " : "", dv_str(v, ""));
    }
    if (!ok) oom(L);
    free(seen);
    table_free(&first);
    if (!*names) return;
    size_t o = strlen(dups);
    snprintf(dups + o, cap - o, "%smysql-instance(%d)'s %s: %s", o ? "\n" : "", i, what, names);
}

/* Look a unit config name up; count the reference. */
static void check_unit_name(tload *L, int i, const dv *name, int def, int code, const char *what,
                            const char *in_what)
{
    const char *s = dv_str(name, "");
    if (!*s) return;
    size_t k = index_find(&L->defs[def], s);
    if (k == SIZE_MAX)
        tc_error(&L->c, RANK_CHECK, code, "undefined-config", vline(name, L->inst[i].line),
                 "mysql-instance(%d)'s %s %s not exist%s%s", i, what, s, *in_what ? " in " : "",
                 in_what);
    else
        L->defs[def].refs[k]++;
}

/* MySQLInstance.VerifyAndAdjust() and the unique source-id. */
static bool check_instance_basics(tload *L, int i)
{
    inst_state *st = &L->inst[i];
    const dv *v = st->v;
    char ord[16];
    ordinal(i, ord, sizeof ord);
    if (v->state != DV_SET) {
        tc_error(&L->c, RANK_CHECK, 20012, "mysql-instance", st->line,
                 "mysql-instance: %s: mysql instance config must specify", ord);
        return false;
    }
    const char *id = dv_str(dv_field(v, MI_SOURCE_ID), "");
    if (!*id)
        tc_error(&L->c, RANK_CHECK, 20005, "source-id", kline(dv_field(v, MI_SOURCE_ID), st->line),
                 "mysql-instance: %s: empty source-id not valid", ord);
    const bs_task_meta *m = &L->cfg->instances[i].meta;
    if (m->present && !*m->binlog_name && !*m->binlog_gtid)
        tc_error(&L->c, RANK_CHECK, 20011, "meta", m->line,
                 "mysql-instance: %s: source %s: must specify `binlog-name` without GTID enabled "
                 "for the source or specify `binlog-gtid` with GTID enabled for the source",
                 ord, id);
    static const struct {
        int name, inline_cfg, code;
        const char *what;
    } units[] = {{MI_MYDUMPER_NAME, MI_MYDUMPER, 20015, "mydumper"},
                 {MI_LOADER_NAME, MI_LOADER, 20016, "loader"},
                 {MI_SYNCER_NAME, MI_SYNCER, 20017, "syncer"}};
    for (size_t u = 0; u < 3; u++)
        if (*dv_str(dv_field(v, (size_t)units[u].name), "") &&
            dv_field(v, (size_t)units[u].inline_cfg)->state == DV_SET)
            tc_error(&L->c, RANK_CHECK, units[u].code, "unit-config",
                     kline(dv_field(v, (size_t)units[u].inline_cfg), st->line),
                     "mysql-instance: %s: %s-config-name and %s should only specify one", ord,
                     units[u].what, units[u].what);
    size_t first = *id ? table_put(&L->source_ids, id, (size_t)i) : (size_t)i;
    if (first == SIZE_MAX)
        oom(L);
    else if (first != (size_t)i)
        tc_error(&L->c, RANK_CHECK, 20014, "source-id", kline(dv_field(v, MI_SOURCE_ID), st->line),
                 "mysql-instance (%d) and (%d) have same source-id (%s)", (int)first, i, id);
    return true;
}

static bool has_dump(const char *mode)
{
    return !strcmp(mode, "all") || !strcmp(mode, "full") || !strcmp(mode, "dump");
}

/* The mydumper/loader/syncer/validator part of the loop. */
static void check_instance_units(tload *L, int i)
{
    inst_state *st = &L->inst[i];
    const dv *v = st->v, *f;
    check_unit_name(L, i, dv_field(v, MI_MYDUMPER_NAME), DEF_MYDUMPERS, 20027, "mydumper config",
                    "mydumpers");
    if (has_dump(L->mode) && !*dv_str(f = dv_field(st->mydumper, MD_PATH), "./bin/mydumper"))
        tc_error(&L->c, RANK_CHECK, 20028, "mydumper", vline(f, st->line),
                 "mysql-instance(%d)'s mydumper-path must specify a valid path to mydumper binary "
                 "when task-mode is all or full",
                 i);
    check_unit_name(L, i, dv_field(v, MI_LOADER_NAME), DEF_LOADERS, 20029, "loader config",
                    "loaders");
    if (L->cfg->n_instances > 1 &&
        !strcasecmp(dv_str(f = dv_field(st->loader, LD_IMPORT_MODE), "logical"), "import-into"))
        tc_error(&L->c, RANK_CHECK, 20068, "loader", vline(f, st->line),
                 "import-into mode does not support sharding (multi-source) scenario");
    check_unit_name(L, i, dv_field(v, MI_SYNCER_NAME), DEF_SYNCERS, 20030, "syncer config",
                    "syncer");
    int64_t ns;
    char why[200];
    f = dv_field(st->syncer, SY_SAFE_MODE_DURATION);
    if (go_parse_duration(st->safe_mode_duration, &ns, why, sizeof why))
        tc_error(&L->c, RANK_CHECK, 20060, "safe-mode", vline(f, st->line),
                 "safe-mode-duration '%s' parsed failed: %s", st->safe_mode_duration, why);
    else if (L->cfg->instances[i].syncer.safe_mode && ns == 0)
        tc_error(&L->c, RANK_CHECK, 20061, "safe-mode", vline(f, st->line),
                 "safe-mode(true) conflicts with safe-mode-duration(0s)");
    check_unit_name(L, i, dv_field(v, MI_VALIDATOR_NAME), DEF_VALIDATORS, 20056,
                    "continuous validator config", "");
}

static void check_instances(tload *L)
{
    char dups[2048] = "";
    int dup_line = 0;
    for (size_t n = L->cfg->n_instances, i = 0; i < n; i++) {
        if (!check_instance_basics(L, (int)i)) continue;
        const dv *v = L->inst[i].v;
        const bs_task_instance *in = &L->cfg->instances[i];
        check_refs(L, (int)i, dv_field(v, MI_ROUTE_RULES), DEF_ROUTES, 20023, "route-rules",
                   "routes");
        check_refs(L, (int)i, dv_field(v, MI_FILTER_RULES), DEF_FILTERS, 20024, "filter-rules",
                   "filters");
        if (in->ba_list_name && !in->ba_list) {
            int f = *dv_str(dv_field(v, MI_BA_LIST), "") ? MI_BA_LIST : MI_BW_LIST;
            tc_error(&L->c, RANK_CHECK, 20026, "undefined-rule",
                     vline(dv_field(v, (size_t)f), L->inst[i].line),
                     "mysql-instance(%d)'s list %s not exist in block allow list", (int)i,
                     in->ba_list_name);
        }
        check_instance_units(L, (int)i);
        check_refs(L, (int)i, dv_field(v, MI_EXPRESSION_FILTERS), DEF_EXPRS, 20040,
                   "expression-filters", "expression-filter");
        static const struct {
            int field;
            const char *what;
        } lists[] = {{MI_ROUTE_RULES, "route-rules"},
                     {MI_FILTER_RULES, "filter-rules"},
                     {MI_COLUMN_MAPPING_RULES, "column-mapping-rules"},
                     {MI_EXPRESSION_FILTERS, "expression-filters"}};
        for (size_t k = 0; k < 4; k++)
            collect_dups(L, (int)i, dv_field(v, (size_t)lists[k].field), lists[k].what, dups,
                         sizeof dups, &dup_line);
    }
    if (*dups)
        tc_error(&L->c, RANK_CHECK, 20032, "duplicate-rule", dup_line,
                 "the following mysql configs have duplicate items, please remove the "
                 "duplicates:\n%s",
                 dups);
}

/* ---- LoaderConfig.adjust() ---- */

static void check_loader_enum(tload *L, const dv *loader, int field, const char *def,
                              const char *const *allowed, int code, const char *fmt, int line)
{
    const dv *f = dv_field(loader, (size_t)field);
    char low[64];
    snprintf(low, sizeof low, "%s", dv_str(f, def));
    if (!*low) snprintf(low, sizeof low, "%s", allowed[0]);
    for (char *p = low; *p; p++)
        *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    if (!in_set(low, allowed))
        tc_error(&L->c, RANK_CHECK, code, "loader", vline(f, line), fmt, low);
}

static void check_loader(tload *L, const dv *loader, int line)
{
    static const char *const modes[] = {"logical",  "loader",      "sql",
                                        "physical", "import-into", NULL};
    static const char *const logical[] = {"replace", "error", "ignore", NULL};
    static const char *const physical[] = {"none", "manual", NULL};
    static const char *const checksum[] = {"required", "optional", "off", NULL};
    static const char *const analyze[] = {"optional", "required", "off", NULL};
    check_loader_enum(L, loader, LD_IMPORT_MODE, "logical", modes, 20053, "invalid load mode '%s'",
                      line);
    check_loader_enum(L, loader, LD_ON_DUPLICATE_LOGICAL, "replace", logical, 20054,
                      "invalid load on-duplicate-logical or on-duplicate option '%s'", line);
    check_loader_enum(L, loader, LD_ON_DUPLICATE_PHYSICAL, "", physical, 20062,
                      "invalid load on-duplicate-physical option '%s'", line);
    check_loader_enum(L, loader, LD_CHECKSUM, "", checksum, 20063,
                      "invalid load checksum-physical option '%s'", line);
    check_loader_enum(L, loader, LD_ANALYZE, "", analyze, 20065, "invalid load analyze option '%s'",
                      line);
}

/* ---- definitions no instance uses (20038), time zone ---- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void check_unused(tload *L)
{
    static const int kinds[] = {DEF_ROUTES,  DEF_FILTERS, DEF_MYDUMPERS, DEF_LOADERS,
                                DEF_SYNCERS, DEF_EXPRS,   DEF_VALIDATORS};
    size_t total = 0;
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        total += dv_count(L->defs[kinds[k]].map);
    const char **unused = calloc(total ? total : 1, sizeof *unused);
    int *lines = calloc(total ? total : 1, sizeof *lines);
    if (!unused || !lines) {
        free(unused);
        free(lines);
        oom(L);
        return;
    }
    size_t n = 0;
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        const name_index *x = &L->defs[kinds[k]];
        for (size_t i = 0; i < dv_count(x->map); i++) {
            const dv_item *it = &x->map->v.list.items[i];
            if (kinds[k] == DEF_LOADERS && it->val.state == DV_SET)
                check_loader(L, &it->val, it->key_line);
            if (!x->refs[i]) unused[n] = it->key, lines[n++] = it->key_line;
        }
    }
    if (n) {
        int line = lines[0];
        qsort(unused, n, sizeof *unused, cmp_str);
        char list[1024] = "[";
        for (size_t i = 0; i < n; i++) {
            size_t o = strlen(list);
            snprintf(list + o, sizeof list - o, "%s%s", i ? " " : "", unused[i]);
        }
        size_t o = strlen(list);
        snprintf(list + o, sizeof list - o, "]");
        tc_error(&L->c, RANK_CHECK, 20038, "unused-rule", line,
                 "The configurations as following %s are set in global configuration but "
                 "instances don't use them",
                 list);
    }
    free(unused);
    free(lines);
}

static void check_timezone(tload *L)
{
    const dv *f = top_field(L, TC_TIMEZONE);
    char why[200];
    if (*L->cfg->timezone && go_parse_time_zone(L->cfg->timezone, why, sizeof why))
        tc_error(&L->c, RANK_CHECK, 20008, "timezone", kline(f, L->top_line), "%s", why);
}

/* ---- SubTaskConfig.Adjust() per instance ---- */

/* adjustOnlineTableRules: user rules, anchored, compile with one group. */
static void check_online_rules(tload *L, const char *what, const char *const *rules, size_t n,
                               const dv *list)
{
    if (!dv_count(list)) return; /* DM's default */
    for (size_t i = 0; i < n; i++) {
        char why[400], reason[460];
        unsigned groups = 0;
        int rc = task_regex_check(rules[i], false, &groups, why, sizeof why);
        if (rc == BS_ENOMEM) {
            oom(L);
            return;
        }
        if (rc)
            snprintf(reason, sizeof reason, "fail to compile: %s", why);
        else if (groups != 1)
            snprintf(reason, sizeof reason, "rule isn't contains exactly one submatch");
        else
            continue;
        tc_error(&L->c, RANK_CHECK, 20048, "online-ddl", vline(&list->v.list.items[i].val, 0),
                 "config '%s' regex pattern '%s' invalid, reason: %s", what, rules[i], reason);
    }
}

/* A pattern DM builds into a filter (BA list or route): 0 or 1 with why. */
static int pattern_ok(tload *L, const char *text, char *why, size_t cap)
{
    bs_name_pattern p;
    bs_error e;
    int rc = bs_pattern_compile(text, true, !L->cfg->case_sensitive, &p, &e);
    if (rc == BS_ENOMEM) return oom(L);
    if (rc) {
        snprintf(why, cap, "%.*s", (int)(cap > 1 ? cap - 1 : 0), e.message);
        return 1;
    }
    bs_pattern_free(&p);
    return 0;
}

/* filter.New(): do-dbs, do-tables, ignore-dbs, ignore-tables in that order. */
static int ba_problem(tload *L, const bs_task_ba_rule *r, char *why, size_t cap)
{
    const char *const *dbs[2] = {r->do_dbs, r->ignore_dbs};
    size_t ndbs[2] = {r->n_do_dbs, r->n_ignore_dbs};
    const bs_task_ba_table *tabs[2] = {r->do_tables, r->ignore_tables};
    size_t ntabs[2] = {r->n_do_tables, r->n_ignore_tables};
    static const char *const db_label[2] = {"DoDB", "IgnoreDB"};
    static const char *const tab_label[2] = {"DoTables", "IgnoreTables"};
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < ndbs[k]; i++) {
            if (!dbs[k][i][0]) {
                snprintf(why, cap, "%s rule's DB string cannot be empty", db_label[k]);
                return 1;
            }
            int rc = pattern_ok(L, dbs[k][i], why, cap);
            if (rc) return rc;
        }
        for (size_t i = 0; i < ntabs[k]; i++) {
            const bs_task_ba_table *t = &tabs[k][i];
            if (!t->db_name[0] || !t->tbl_name[0]) {
                snprintf(why, cap, "%s rule's DB string or Table string cannot be empty",
                         tab_label[k]);
                return 1;
            }
            bool tbl_first = t->db_name[0] != '~' && t->tbl_name[0] == '~';
            int rc = pattern_ok(L, tbl_first ? t->tbl_name : t->db_name, why, cap);
            if (!rc) rc = pattern_ok(L, tbl_first ? t->db_name : t->tbl_name, why, cap);
            if (rc) return rc;
        }
    }
    return 0;
}

static int extract_problem(const char *what, const bs_task_extract *ex, char *why, size_t cap)
{
    if (!ex->regexp) return 0;
    char re_why[300];
    int rc = task_regex_check(ex->regexp, false, NULL, re_why, sizeof re_why);
    if (rc == 1)
        snprintf(why, cap, "%s extractor %s regexp illegal %s", what, what, ex->regexp);
    else if (!rc && !ex->target_column[0])
        snprintf(why, cap, "%s extractor target column cannot be empty", what), rc = 1;
    return rc;
}

/* TableRule.Valid() and the rule's filter (regexpr-router AddRule). */
static int route_problem(tload *L, const bs_task_route *r, const dv *v, char *why, size_t cap)
{
    int rc;
    if (v->state != DV_SET) return snprintf(why, cap, "route rule %s is null", r->name), 1;
    if (!r->schema_pattern[0])
        return snprintf(why, cap, "schema pattern of table route rule should not be empty"), 1;
    if (!r->target_schema[0])
        return snprintf(why, cap, "target schema of table route rule should not be empty"), 1;
    if ((rc = extract_problem("table", &r->extract_table, why, cap)) ||
        (rc = extract_problem("schema", &r->extract_schema, why, cap)) ||
        (rc = extract_problem("source", &r->extract_source, why, cap)))
        return rc == BS_ENOMEM ? oom(L) : rc;
    bs_task_ba_table t = {r->schema_pattern, r->table_pattern, r->line};
    const char *dbs[1] = {r->schema_pattern};
    bs_task_ba_rule ba = {
        .do_dbs = dbs, .n_do_dbs = 1, .do_tables = &t, .n_do_tables = r->table_pattern[0] ? 1 : 0};
    return ba_problem(L, &ba, why, cap);
}

static void check_rule_filters(tload *L, int i)
{
    const bs_task_instance *in = &L->cfg->instances[i];
    char why[400];
    if (in->ba_list) {
        size_t k = (size_t)(in->ba_list - L->cfg->ba_lists);
        if (!L->defs[DEF_BA].checked[k] && ba_problem(L, in->ba_list, why, sizeof why) == 1)
            tc_error(&L->c, RANK_CHECK, 20044, "block-allow-list", in->ba_list->line,
                     "source %s: generate block allow list error: %s (list %s)", in->source_id, why,
                     in->ba_list->name);
        L->defs[DEF_BA].checked[k] = true;
    }
    for (size_t j = 0; j < in->n_routes; j++) {
        const bs_task_route *r = in->routes[j];
        if (!r) continue;
        size_t k = (size_t)(r - L->cfg->routes);
        const dv *v = &L->defs[DEF_ROUTES].map->v.list.items[k].val;
        if (!L->defs[DEF_ROUTES].checked[k] && route_problem(L, r, v, why, sizeof why) == 1)
            tc_error(&L->c, RANK_CHECK, 20045, "route", r->line,
                     "source %s: generate table router error: %s (route %s)", in->source_id, why,
                     r->name);
        L->defs[DEF_ROUTES].checked[k] = true;
    }
}

/* storage.IsLocalDiskPath: no URL scheme, or local:// / file://. */
static bool local_path(const char *dir)
{
    const char *sep = strstr(dir, "://");
    if (!sep || sep == dir || !isalpha((unsigned char)dir[0])) return true;
    for (const char *p = dir; p < sep; p++) /* RFC 3986 scheme characters */
        if (!isalnum((unsigned char)*p) && !strchr("+-.", *p)) return true;
    return (sep - dir == 5 && !strncasecmp(dir, "local", 5)) ||
           (sep - dir == 4 && !strncasecmp(dir, "file", 4));
}

static void check_import_into(tload *L, int i, const char *prefix)
{
    const inst_state *st = &L->inst[i];
    const dv *f = dv_field(st->loader, LD_IMPORT_MODE);
    if (strcasecmp(dv_str(f, "logical"), "import-into")) return;
    if (*L->cfg->shard_mode)
        tc_error(&L->c, RANK_CHECK, 20068, "loader", vline(f, st->line),
                 "%simport-into mode does not support sharding (multi-source) scenario", prefix);
    const char *dir = dv_str(dv_field(st->loader, LD_DIR), "./dumped_data");
    size_t b = strspn(dir, " \t\r\n");
    if (!dir[b] || local_path(dir + b))
        tc_error(&L->c, RANK_CHECK, 20069, "loader", vline(f, st->line),
                 "%simport-into mode requires shared storage (s3, gcs, azure, etc.) for loader's "
                 "dir, but got local path '%s'",
                 prefix, dir);
}

/* CheckForeignKeyChecksSyncerOptions with the target's session. */
static void check_foreign_keys(tload *L, int i, const char *prefix)
{
    const dv *session = dv_field(top_field(L, TC_TARGET_DATABASE), DB_SESSION);
    bool on = false;
    for (size_t k = 0; k < dv_count(session) && !on; k++)
        on = !strcasecmp(session->v.list.items[k].key, "foreign_key_checks") &&
             go_tidb_opt_on(dv_str(&session->v.list.items[k].val, ""));
    const bs_task_syncer *s = &L->cfg->instances[i].syncer;
    const char *opt = !on                ? NULL
                      : s->compact       ? "compact"
                      : s->multiple_rows ? "multiple-rows"
                                         : NULL;
    if (opt)
        tc_error(&L->c, RANK_CHECK, 20070, "syncer", L->inst[i].line,
                 "%s`%s` is not supported when foreign_key_checks=1", prefix, opt);
}

/* MydumperConfig's chunk-filesize; a named config is reported once. */
static void check_chunk_size(tload *L, int i, const char *prefix)
{
    const inst_state *st = &L->inst[i];
    size_t k = index_find(&L->defs[DEF_MYDUMPERS], dv_str(dv_field(st->v, MI_MYDUMPER_NAME), ""));
    if (k != SIZE_MAX) {
        if (L->defs[DEF_MYDUMPERS].checked[k]) return;
        L->defs[DEF_MYDUMPERS].checked[k] = true;
    }
    const dv *f = dv_field(st->mydumper, MD_CHUNK_FILESIZE);
    const char *chunk = dv_str(f, "64");
    char why[200];
    if (go_parse_file_size(*chunk ? chunk : "64", why, sizeof why))
        tc_error(&L->c, RANK_CHECK, 20047, "mydumper", vline(f, st->line),
                 "%sinvalid `chunk-filesize` %s", prefix, chunk);
}

static void check_subtask(tload *L, int i)
{
    const inst_state *st = &L->inst[i];
    const bs_task_instance *in = &L->cfg->instances[i];
    char prefix[128];
    snprintf(prefix, sizeof prefix, "source %s: ", in->source_id);
    if (strlen(in->source_id) > 32)
        tc_error(&L->c, RANK_CHECK, 20006, "source-id", in->line, "%stoo long source-id not valid",
                 prefix);
    check_import_into(L, i, prefix);
    if (i == 0) { /* the same task-level rules for every subtask: report once */
        check_online_rules(L, "shadow-table-rules", L->cfg->shadow_table_rules,
                           L->cfg->n_shadow_table_rules, top_field(L, TC_SHADOW_TABLE_RULES));
        check_online_rules(L, "trash-table-rules", L->cfg->trash_table_rules,
                           L->cfg->n_trash_table_rules, top_field(L, TC_TRASH_TABLE_RULES));
    }
    check_foreign_keys(L, i, prefix);
    check_rule_filters(L, i);
    check_chunk_size(L, i, prefix);
    if (!st->loader_named) check_loader(L, st->loader, st->line);
}

static void check_subtasks(tload *L)
{
    for (size_t i = 0; i < L->cfg->n_instances; i++)
        if (L->inst[i].v->state == DV_SET) check_subtask(L, (int)i);
}

/* ---- filter rules DM drops ---- */

/* Rules refused as duplicates in one instance (1), or not (0); BS_ENOMEM. */
static int instance_dups(tload *L, size_t i, unsigned *uses, unsigned *dropped)
{
    const bs_task_instance *in = &L->cfg->instances[i];
    filter_dup_set *set;
    if (filter_dup_new(&set)) return BS_ENOMEM;
    int rc = 0;
    for (size_t j = 0; j < in->n_filters && rc >= 0; j++) {
        const bs_task_filter *f = in->filters[j];
        if (!f) continue;
        size_t k = (size_t)(f - L->cfg->filters);
        uses[k]++;
        if ((rc = filter_dup_insert(set, f, L->cfg->case_sensitive)) != 1) continue;
        dropped[k]++;
        tc_warn(&L->c, 0, "filter-rule-dropped", f->line,
                "filter rule %s is dropped by DM for mysql-instance(%d) %s: an earlier rule of its "
                "filter-rules has the same schema/table patterns",
                f->name, (int)i, in->source_id);
    }
    filter_dup_free(set);
    return rc < 0 ? rc : 0;
}

/* Warn about every rule DM drops; a rule refused as a duplicate in every
 * instance using it is flagged discarded (the rule engine drops
 * per-instance duplicates itself). */
static void warn_filters(tload *L)
{
    bs_task_config *cfg = L->cfg;
    for (size_t k = 0; k < cfg->n_filters; k++)
        if (L->filters[k].discarded)
            tc_warn(&L->c, 0, "filter-rule-dropped", L->filters[k].line,
                    "filter rule %s is dropped by DM at load: %s", L->filters[k].name,
                    L->filters[k].discard_reason);
    unsigned *uses = calloc(cfg->n_filters + 1, sizeof *uses);
    unsigned *dropped = calloc(cfg->n_filters + 1, sizeof *dropped);
    bool ok = uses && dropped;
    for (size_t i = 0; ok && i < cfg->n_instances; i++)
        ok = instance_dups(L, i, uses, dropped) == 0;
    for (size_t k = 0; ok && k < cfg->n_filters; k++)
        if (uses[k] && dropped[k] == uses[k] && !L->filters[k].discarded) {
            L->filters[k].discarded = 1;
            L->filters[k].discard_reason = dup_str(L, "an earlier rule with the same schema/table "
                                                      "patterns comes first in every instance "
                                                      "using it");
        }
    if (!ok) oom(L);
    free(uses);
    free(dropped);
}

/* ---- entry points ---- */

static void tload_free(tload *L)
{
    for (int k = 0; k < DEF__N; k++)
        index_free(&L->defs[k]);
    free(L->inst);
    table_free(&L->source_ids);
}

void bs_task_free(bs_task *t)
{
    if (!t) return;
    bs_arena_free(&t->arena);
    free(t);
}

static void validate(tload *L)
{
    check_settings(L);
    check_expr_filters(L);
    check_validators(L);
    check_instances(L);
    check_unused(L);
    check_timezone(L);
    check_subtasks(L);
    warn_filters(L);
}

int bs_task_load_buffer(const char *name, const char *data, size_t len, bs_task **out,
                        bs_diag_list *diags, bs_error *err)
{
    *out = NULL;
    bs_error_clear(err);
    if (len > TASK_MAX_FILE_BYTES)
        return bs_error_set(err, BS_ELIMIT, name, BS_NO_OFFSET,
                            "larger than %zu bytes (binsift's limit for a DM config file)",
                            TASK_MAX_FILE_BYTES);
    tload L = {.c = {.file = name, .diags = diags, .err = err}};
    bs_arena scratch = {0};
    ynode *root = NULL;
    dv top;
    L.t = calloc(1, sizeof *L.t);
    if (!L.t) return bs_error_set(err, BS_ENOMEM, name, BS_NO_OFFSET, "out of memory");
    L.cfg = &L.t->cfg;
    L.cfg->file = dup_str(&L, name);
    if (ytree_parse(&L.c, &scratch, data, len, &root) == 0 &&
        ydecode(&L.c, &scratch, root, &dm_task_type, &top) == 0) {
        L.top = &top;
        L.top_line = root ? root->line : 1;
        if (build_task(&L) == 0) validate(&L);
    }
    tload_free(&L);
    bs_arena_free(&scratch);
    int rc = tc_result(&L.c);
    if (rc) {
        bs_task_free(L.t);
        return rc;
    }
    *out = L.t;
    return 0;
}

int bs_task_load(const char *path, bs_task **out, bs_diag_list *diags, bs_error *err)
{
    char *data;
    size_t len;
    *out = NULL;
    int rc = task_read_file(path, &data, &len, err);
    if (rc) return rc;
    rc = bs_task_load_buffer(path, data, len, out, diags, err);
    free(data);
    return rc;
}

const bs_task_config *bs_task_get(const bs_task *t)
{
    return &t->cfg;
}

const bs_task_instance *bs_task_instance_find(const bs_task *t, const char *source_id)
{
    for (size_t i = 0; i < t->cfg.n_instances; i++)
        if (!strcmp(t->cfg.instances[i].source_id, source_id)) return &t->cfg.instances[i];
    return NULL;
}
