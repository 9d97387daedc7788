/*
 * arena.h - a block arena: many small allocations freed together.
 *
 * Blocks are never moved, so pointers handed out stay valid until the next
 * reset. Reset keeps the largest block for reuse, so a steady workload
 * (e.g. values inflated per row) stops allocating once warmed up.
 */
#ifndef BS_UTIL_ARENA_H
#define BS_UTIL_ARENA_H

#include <stddef.h>

typedef struct bs_arena_block bs_arena_block;

typedef struct bs_arena {
    bs_arena_block *head; /* the block being filled; older blocks behind it */
} bs_arena;

/* n bytes, 8-byte aligned, or NULL when out of memory. */
void *bs_arena_alloc(bs_arena *a, size_t n);
/* Forget every allocation; keep one block (the largest) for reuse. */
void bs_arena_reset(bs_arena *a);
void bs_arena_free(bs_arena *a);

#endif
