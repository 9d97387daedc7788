/*
 * hash_index.c - growing the open-addressing index (see hash_index.h).
 */
#include "util/hash_index.h"

#include <stdlib.h>

#include "binsift/error.h"

int bs_hash_index_reserve(bs_hash_index *ix, size_t n_items, bs_hash_index_hash_fn hash_of,
                          const void *ctx)
{
    if ((n_items + 1) * 2 <= ix->n_slots) return 0;
    size_t n = ix->n_slots ? ix->n_slots * 2 : 64;
    size_t *slots = calloc(n, sizeof *slots);
    if (!slots) return BS_ENOMEM;
    bs_hash_index grown = {slots, n};
    for (size_t i = 0; i < n_items; i++) {
        size_t j = bs_hash_index_home(&grown, hash_of(ctx, i));
        while (slots[j])
            j = bs_hash_index_next(&grown, j);
        slots[j] = i + 1;
    }
    free(ix->slots);
    *ix = grown;
    return 0;
}

void bs_hash_index_free(bs_hash_index *ix)
{
    free(ix->slots);
    ix->slots = NULL;
    ix->n_slots = 0;
}
