/*
 * arena.c - see arena.h. Blocks grow geometrically (at least 64 KiB, at
 * least the request), newest first in a singly linked list.
 */
#include <stdint.h>
#include <stdlib.h>

#include "util/arena.h"

struct bs_arena_block {
    bs_arena_block *next;
    size_t cap, used;
    _Alignas(8) unsigned char data[];
};

#define MIN_BLOCK ((size_t)64 * 1024)

void *bs_arena_alloc(bs_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    bs_arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = b && b->cap * 2 > MIN_BLOCK ? b->cap * 2 : MIN_BLOCK;
        if (cap < n) cap = n;
        if (cap > SIZE_MAX - sizeof *b || !(b = malloc(sizeof *b + cap))) return NULL;
        b->cap = cap;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

void bs_arena_reset(bs_arena *a)
{
    bs_arena_block *keep = a->head;
    for (bs_arena_block *b = a->head; b; b = b->next)
        if (b->cap > keep->cap) keep = b;
    for (bs_arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        if (b != keep) free(b);
    }
    if (keep) keep->used = 0, keep->next = NULL;
    a->head = keep;
}

void bs_arena_free(bs_arena *a)
{
    for (bs_arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    a->head = NULL;
}
