/*
 * keyset.c - the live keys of merged target tables, for key collisions.
 *
 * Every migrated row's target key (the key's column values, hashed with
 * XXH3-128 and seeded by the target table) is kept with where it came from:
 * the upstream table (origin) and the event that wrote it. An insert of a
 * key that is already live is a collision - DM's INSERT fails with a
 * duplicate entry, or its REPLACE silently overwrites the other row.
 *
 * Open addressing with linear probing over 32-byte entries (the hash is the
 * identity: two keys are the same when their 128-bit hashes are, a chance of
 * 2^-128 per pair), deletion by backward shift so probes never meet
 * tombstones, doubling at 50% load. A cap on live keys keeps memory bounded:
 * past it nothing more is inserted and the caller says so.
 */
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"

struct bs_keyset {
    bs_keyset_entry *slots; /* hash == {0, 0} marks an empty slot */
    size_t n_slots, n_live;
    uint64_t max_keys;
};

static int is_empty(const bs_keyset_entry *e)
{
    return !e->hash[0] && !e->hash[1];
}

int bs_keyset_new(uint64_t max_keys, bs_keyset **out)
{
    bs_keyset *k = calloc(1, sizeof *k);
    if (!k) return BS_ENOMEM;
    k->max_keys = max_keys;
    *out = k;
    return 0;
}

void bs_keyset_free(bs_keyset *k)
{
    if (k) free(k->slots);
    free(k);
}

uint64_t bs_keyset_count(const bs_keyset *k)
{
    return k->n_live;
}

size_t bs_keyset_memory(const bs_keyset *k)
{
    return k->n_slots * sizeof *k->slots;
}

static size_t home(const bs_keyset *k, const uint64_t hash[2])
{
    return (size_t)hash[0] & (k->n_slots - 1);
}

static int grow(bs_keyset *k)
{
    size_t n = k->n_slots ? k->n_slots * 2 : 1024;
    bs_keyset_entry *slots = calloc(n, sizeof *slots), *old = k->slots;
    if (!slots) return BS_ENOMEM;
    size_t old_n = k->n_slots;
    k->slots = slots;
    k->n_slots = n;
    for (size_t i = 0; i < old_n; i++) {
        if (is_empty(&old[i])) continue;
        size_t j = home(k, old[i].hash);
        while (!is_empty(&slots[j]))
            j = (j + 1) & (n - 1);
        slots[j] = old[i];
    }
    free(old);
    return 0;
}

/* The slot holding hash, or the empty slot where it would go. */
static size_t probe(const bs_keyset *k, const uint64_t hash[2])
{
    size_t j = home(k, hash);
    while (!is_empty(&k->slots[j]) &&
           (k->slots[j].hash[0] != hash[0] || k->slots[j].hash[1] != hash[1]))
        j = (j + 1) & (k->n_slots - 1);
    return j;
}

int bs_keyset_insert(bs_keyset *k, const bs_keyset_entry *e, bs_keyset_entry *prev)
{
    if (k->n_slots) {
        size_t j = probe(k, e->hash);
        if (!is_empty(&k->slots[j])) {
            *prev = k->slots[j];
            k->slots[j] = *e; /* the downstream row is now this one */
            return BS_KEYSET_LIVE;
        }
    }
    if (k->n_live >= k->max_keys) return BS_KEYSET_FULL;
    if ((k->n_live + 1) * 2 > k->n_slots && grow(k)) return BS_ENOMEM;
    k->slots[probe(k, e->hash)] = *e;
    k->n_live++;
    return BS_KEYSET_NEW;
}

int bs_keyset_remove(bs_keyset *k, const uint64_t hash[2], bs_keyset_entry *gone)
{
    if (!k->n_slots) return 0;
    size_t mask = k->n_slots - 1, j = probe(k, hash);
    if (is_empty(&k->slots[j])) return 0;
    if (gone) *gone = k->slots[j];
    /* backward shift: move later members of the cluster into the hole when
     * their home does not lie cyclically in (hole, them] */
    for (size_t i = (j + 1) & mask; !is_empty(&k->slots[i]); i = (i + 1) & mask) {
        size_t h = home(k, k->slots[i].hash);
        if (((i - h) & mask) >= ((i - j) & mask)) {
            k->slots[j] = k->slots[i];
            j = i;
        }
    }
    memset(&k->slots[j], 0, sizeof k->slots[j]);
    k->n_live--;
    return 1;
}
