/*
 * rules_bench.c - how fast binsift answers "what happens to this table's
 * rows": the cached per-table decision (the replay's per-event cost) and
 * first-seen tables (a full evaluation: BA list, routes, every filter rule
 * the trie returns), with a configurable number of rules.
 *
 *   bench_rules [RULES] [FIRST_SEEN_TABLES] [CACHED_LOOKUPS]
 *
 * The rule set mixes what real tasks have: filter rules on wildcard schema
 * and table patterns, route rules (wildcard and ~regex), and a BA list with
 * wildcard and regex entries. Prints one line per case; no thresholds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rules/rules_compiled.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *fmt(const char *f, int i)
{
    char buf[64];
    snprintf(buf, sizeof buf, f, i);
    return strdup(buf);
}

int main(int argc, char **argv)
{
    int n_rules = argc > 1 ? atoi(argv[1]) : 1000;
    int n_tables = argc > 2 ? atoi(argv[2]) : 200000;
    long n_lookups = argc > 3 ? atol(argv[3]) : 20000000;
    int n_filters = n_rules * 8 / 10, n_routes = n_rules - n_filters;

    static const char *events[] = {"delete", "truncate table", "drop table"};
    static const char *do_dbs[] = {"shop_*", "~^crm_[0-9]+$", "app?"};
    bs_task_ba_table do_tables[] = {{"shop_*", "*", 0}, {"~^crm_", "t_*", 0}, {"app?", "~.", 0}};
    bs_task_ba_rule ba = {
        .name = "ba", .do_dbs = do_dbs, .n_do_dbs = 3, .do_tables = do_tables, .n_do_tables = 3};
    bs_task_filter *filters = calloc((size_t)n_filters, sizeof *filters);
    const bs_task_filter **fptr = calloc((size_t)n_filters, sizeof *fptr);
    bs_task_route *routes = calloc((size_t)n_routes, sizeof *routes);
    const bs_task_route **rptr = calloc((size_t)n_routes, sizeof *rptr);
    for (int i = 0; i < n_filters; i++) {
        filters[i] = (bs_task_filter){.name = fmt("f%d", i),
                                      .schema_pattern = fmt("shop_%d*", i),
                                      .table_pattern = fmt("t_%d?", i % 50),
                                      .events = events,
                                      .n_events = 3,
                                      .action = "Ignore"};
        fptr[i] = &filters[i];
    }
    for (int i = 0; i < n_routes; i++) {
        routes[i] =
            (bs_task_route){.name = fmt("r%d", i),
                            .schema_pattern = i % 2 ? fmt("shop_%d*", i) : fmt("~^crm_%d$", i),
                            .table_pattern = fmt("t_%d*", i % 10),
                            .target_schema = "merged",
                            .target_table = "t"};
        rptr[i] = &routes[i];
    }
    bs_task_instance inst = {.source_id = "mysql-01",
                             .ba_list = &ba,
                             .filters = fptr,
                             .n_filters = (size_t)n_filters,
                             .routes = rptr,
                             .n_routes = (size_t)n_routes};
    bs_task_config task = {.file = "bench", .name = "bench", .instances = &inst, .n_instances = 1};
    bs_rules *r;
    bs_error err;
    double t0 = now();
    if (bs_rules_compile_config(&task, "mysql-01", NULL, &r, NULL, &err)) {
        fprintf(stderr, "compile: %s\n", err.message);
        return 2;
    }
    double t_compile = now() - t0;

    char schema[32], table[32];
    t0 = now();
    for (int i = 0; i < n_tables; i++) {
        int sl = snprintf(schema, sizeof schema, "shop_%d", i % (n_filters + 1));
        int tl = snprintf(table, sizeof table, "t_%d", i);
        if (!bs_rules_table(r, schema, (size_t)sl, table, (size_t)tl)) return 2;
    }
    double t_first = now() - t0;

    int sl = snprintf(schema, sizeof schema, "shop_7"), tl = snprintf(table, sizeof table, "t_7");
    long dropped = 0;
    t0 = now();
    for (long i = 0; i < n_lookups; i++)
        dropped += bs_rules_table(r, schema, (size_t)sl, table, (size_t)tl)->drop_all != 0;
    double t_cached = now() - t0;

    printf("rules: %d (%d filter, %d route, BA list with 6 entries), compiled in %.1f ms\n",
           n_rules, n_filters, n_routes, t_compile * 1e3);
    printf("%-34s %12s %14s\n", "case", "decisions", "decisions/s");
    printf("%-34s %12d %14.0f\n", "first-seen tables (full decision)", n_tables,
           n_tables / t_first);
    printf("%-34s %12ld %14.0f\n", "cached table (name lookup)", n_lookups, n_lookups / t_cached);
    fprintf(stderr, "(%ld)\n", dropped); /* keep the loop */
    bs_rules_free(r);
    return 0;
}
