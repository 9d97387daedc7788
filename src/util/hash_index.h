/*
 * hash_index.h - an open-addressing index over an array the caller owns.
 *
 * Items keep their own 64-bit hash; the index maps hashes to item numbers
 * (a slot holds number + 1, 0 is empty) with linear probing at no more than
 * 50% load. The caller compares the candidates a probe finds, so items can
 * be anything, and item numbers stay valid when the index grows.
 */
#ifndef BS_UTIL_HASH_INDEX_H
#define BS_UTIL_HASH_INDEX_H

#include <stddef.h>
#include <stdint.h>

typedef struct bs_hash_index {
    size_t *slots;
    size_t n_slots; /* a power of two, or 0 before the first reserve */
} bs_hash_index;

/* The hash of item i of the caller's array ctx. */
typedef uint64_t (*bs_hash_index_hash_fn)(const void *ctx, size_t i);

/* Room for item number n_items (the next one): rebuilds the index at twice
 * the size when it would pass 50% load. 0 or BS_ENOMEM. */
int bs_hash_index_reserve(bs_hash_index *ix, size_t n_items, bs_hash_index_hash_fn hash_of,
                          const void *ctx);
void bs_hash_index_free(bs_hash_index *ix);

/* Probing: start at home(h), go on with next() until an empty slot. */
static inline size_t bs_hash_index_home(const bs_hash_index *ix, uint64_t h)
{
    return (size_t)h & (ix->n_slots - 1);
}

static inline size_t bs_hash_index_next(const bs_hash_index *ix, size_t j)
{
    return (j + 1) & (ix->n_slots - 1);
}

#endif
