/*
 * targets.c - the target tables of one source: who writes into each.
 *
 * Every target table a migrated change goes to is registered once (found
 * again by a hash of its names; TiDB compares schema and table names
 * case-insensitively, so the hash folds case) with the upstream tables
 * routed into it - DM's sharding group as far as this source shows it - and
 * a generation that DDL emptying the target bumps, so the keys written
 * before are never matched again (keys.c seeds key hashes with it).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>

#include "check/check_internal.h"

static uint64_t folded_hash(const char *name, uint64_t seed)
{
    char low[512];
    size_t n = 0;
    for (; name[n] && n < sizeof low; n++)
        low[n] = (char)(name[n] >= 'A' && name[n] <= 'Z' ? name[n] + 32 : name[n]);
    return XXH3_64bits_withSeed(low, n, seed);
}

static uint64_t target_hash(const char *schema, const char *table)
{
    return folded_hash(table, folded_hash(schema, 0));
}

static uint64_t name_hash_of(const void *targets, size_t i)
{
    return ((const bs_check_target *)targets)[i].name_hash;
}

static long add_target(bs_check_src *s, uint64_t h, const char *schema, const char *table)
{
    if (s->n_targets == s->cap_targets) {
        size_t cap = s->cap_targets ? s->cap_targets * 2 : 16;
        bs_check_target *t = realloc(s->targets, cap * sizeof *t);
        if (!t) return -1;
        s->targets = t;
        s->cap_targets = cap;
    }
    bs_check_target *t = &s->targets[s->n_targets];
    *t = (bs_check_target){.name_hash = h, .schema = strdup(schema), .table = strdup(table)};
    if (!t->schema || !t->table) {
        free(t->schema), free(t->table);
        return -1;
    }
    return (long)s->n_targets++;
}

long bs_check_target_of(bs_check_src *s, const char *schema, const char *table)
{
    if (bs_hash_index_reserve(&s->target_index, s->n_targets, name_hash_of, s->targets)) return -1;
    uint64_t h = target_hash(schema, table);
    size_t j = bs_hash_index_home(&s->target_index, h);
    for (; s->target_index.slots[j]; j = bs_hash_index_next(&s->target_index, j))
        if (s->targets[s->target_index.slots[j] - 1].name_hash == h)
            return (long)s->target_index.slots[j] - 1;
    long i = add_target(s, h, schema, table);
    if (i >= 0) s->target_index.slots[j] = (size_t)i + 1;
    return i;
}

int bs_check_target_join(bs_check_src *s, long target, long upstream)
{
    bs_check_target *t = &s->targets[target];
    for (uint32_t i = 0; i < t->n_shards; i++)
        if (t->shards[i] == upstream) return 0;
    if (t->n_shards == t->cap_shards) {
        uint32_t cap = t->cap_shards ? t->cap_shards * 2 : 4;
        long *p = realloc(t->shards, cap * sizeof *p);
        if (!p) return BS_ENOMEM;
        t->shards = p;
        t->cap_shards = cap;
    }
    t->shards[t->n_shards++] = upstream;
    return 0;
}

int bs_check_target_emptied(bs_check_src *s, const char *schema, const char *table)
{
    if (table && *table) {
        long t = bs_check_target_of(s, schema, table);
        if (t < 0) return BS_ENOMEM;
        s->targets[t].generation++;
        return 0;
    }
    for (size_t i = 0; i < s->n_targets; i++)
        if (strcasecmp(s->targets[i].schema, schema) == 0) s->targets[i].generation++;
    return 0;
}

int bs_check_target_column_state(const bs_check_target *t, const char *column)
{
    for (uint32_t i = 0; i < t->n_columns; i++)
        if (strcasecmp(t->columns[i].name, column) == 0) return t->columns[i].present;
    return -1;
}

int bs_check_target_column_added(bs_check_src *s, const char *schema, const char *table,
                                 const char *column, int present)
{
    long i = bs_check_target_of(s, schema, table);
    if (i < 0) return BS_ENOMEM;
    bs_check_target *t = &s->targets[i];
    s->targets_changed++;
    for (uint32_t k = 0; k < t->n_columns; k++)
        if (strcasecmp(t->columns[k].name, column) == 0) {
            t->columns[k].present |= present; /* once it ran, the column is there */
            return 0;
        }
    bs_check_target_column *p = realloc(t->columns, (t->n_columns + 1) * sizeof *p);
    if (!p) return BS_ENOMEM;
    t->columns = p;
    p[t->n_columns] = (bs_check_target_column){.name = strdup(column), .present = present};
    return p[t->n_columns++].name ? 0 : BS_ENOMEM;
}

void bs_check_targets_free(bs_check_src *s)
{
    for (size_t i = 0; i < s->n_targets; i++) {
        for (uint32_t k = 0; k < s->targets[i].n_columns; k++)
            free(s->targets[i].columns[k].name);
        free(s->targets[i].columns);
        bs_check_lock_free(s->targets[i].lock);
        free(s->targets[i].schema);
        free(s->targets[i].table);
        free(s->targets[i].shards);
    }
    free(s->targets);
    bs_hash_index_free(&s->target_index);
}
