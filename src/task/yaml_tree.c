/*
 * yaml_tree.c - libyaml events -> a node tree, the way yaml.v2's parser
 * builds one (see task_internal.h).
 *
 * Only the first document is read (yaml.v2's Unmarshal stops after it, so a
 * syntax error in a later document goes unnoticed by DM too). Anchors are
 * registered when their node starts, so an alias inside its own anchored
 * node refers to it (the decoder then reports the cycle as yaml.v2 does); a
 * redefined anchor replaces the earlier one for later aliases.
 *
 * Hostile input is bounded here: file size (by the caller), node count,
 * nesting depth and scalar size. Alias expansion is bounded by the decoder,
 * which walks the tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "task/task_internal.h"

/* ---- anchors: name -> node, open addressing, replaced on redefinition ---- */

typedef struct anchor_map {
    const char **names;
    ynode **nodes;
    size_t cap, n;
} anchor_map;

static size_t name_hash(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static int anchor_grow(anchor_map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    const char **names = calloc(cap, sizeof *names);
    ynode **nodes = calloc(cap, sizeof *nodes);
    if (!names || !nodes) {
        free(names);
        free(nodes);
        return BS_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->names[i]) continue;
        size_t j = name_hash(m->names[i]) & (cap - 1);
        while (names[j])
            j = (j + 1) & (cap - 1);
        names[j] = m->names[i];
        nodes[j] = m->nodes[i];
    }
    free(m->names);
    free(m->nodes);
    m->names = names;
    m->nodes = nodes;
    m->cap = cap;
    return 0;
}

static size_t anchor_slot(const anchor_map *m, const char *name)
{
    size_t j = name_hash(name) & (m->cap - 1);
    while (m->names[j] && strcmp(m->names[j], name) != 0)
        j = (j + 1) & (m->cap - 1);
    return j;
}

/* name must live in the tree's arena (it is kept). */
static int anchor_set(anchor_map *m, const char *name, ynode *n)
{
    if ((m->n + 1) * 2 > m->cap && anchor_grow(m)) return BS_ENOMEM;
    size_t j = anchor_slot(m, name);
    if (!m->names[j]) m->n++;
    m->names[j] = name;
    m->nodes[j] = n;
    return 0;
}

static ynode *anchor_get(const anchor_map *m, const char *name)
{
    if (!m->cap) return NULL;
    return m->nodes[anchor_slot(m, name)];
}

/* ---- the builder ---- */

typedef struct frame {
    ynode *node;
    ynode **items; /* malloc'd while open, copied to the arena at the end */
    size_t n, cap;
} frame;

typedef struct builder {
    task_ctx *c;
    bs_arena *arena;
    const char *data;
    size_t len;
    frame stack[TASK_MAX_DEPTH];
    int depth;
    size_t n_nodes;
    anchor_map anchors;
    ynode *root;
} builder;

static int oom(builder *b)
{
    b->c->oom = true;
    return BS_ENOMEM;
}

/* libyaml reader errors carry a byte offset, not a mark. */
static void offset_to_mark(const builder *b, size_t off, int *line, int *col)
{
    *line = 1, *col = 1;
    for (size_t i = 0; i < off && i < b->len; i++) {
        if (b->data[i] == '\n')
            (*line)++, *col = 1;
        else
            (*col)++;
    }
}

static int parser_error(builder *b, const yaml_parser_t *p)
{
    int line, col;
    if (p->error == YAML_READER_ERROR) {
        offset_to_mark(b, p->problem_offset, &line, &col);
    } else {
        line = (int)p->problem_mark.line + 1;
        col = (int)p->problem_mark.column + 1;
    }
    char what[400];
    const char *problem = p->problem ? p->problem : "unknown problem parsing YAML content";
    if (p->context)
        snprintf(what, sizeof what, "%s (%s at line %d, column %d)", problem, p->context,
                 (int)p->context_mark.line + 1, (int)p->context_mark.column + 1);
    else
        snprintf(what, sizeof what, "%s", problem);
    return tc_error(b->c, RANK_YAML_ABORT, 20003, "yaml-syntax", line,
                    "yaml: line %d, column %d: %s", line, col, what);
}

static ynode *new_node(builder *b, int kind, const yaml_event_t *ev)
{
    if (++b->n_nodes > TASK_MAX_NODES) {
        tc_error(b->c, RANK_YAML_ABORT, 20003, "yaml-limit", (int)ev->start_mark.line + 1,
                 "yaml: document has more than %d nodes (binsift's limit)", TASK_MAX_NODES);
        return NULL;
    }
    ynode *n = bs_arena_alloc(b->arena, sizeof *n);
    if (!n) return oom(b), NULL;
    memset(n, 0, sizeof *n);
    n->kind = (uint8_t)kind;
    n->line = (int)ev->start_mark.line + 1;
    return n;
}

static int anchor_node(builder *b, const yaml_char_t *anchor, ynode *n)
{
    if (!anchor) return 0;
    char *name = task_strdup(b->arena, (const char *)anchor);
    if (!name || anchor_set(&b->anchors, name, n)) return oom(b);
    return 0;
}

static int attach(builder *b, ynode *n)
{
    if (b->depth == 0) {
        b->root = n;
        return 0;
    }
    frame *f = &b->stack[b->depth - 1];
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8;
        ynode **items = realloc(f->items, cap * sizeof *items);
        if (!items) return oom(b);
        f->items = items;
        f->cap = cap;
    }
    f->items[f->n++] = n;
    return 0;
}

static int on_scalar(builder *b, const yaml_event_t *ev)
{
    size_t len = ev->data.scalar.length;
    if (len > TASK_MAX_SCALAR_BYTES)
        return tc_error(b->c, RANK_YAML_ABORT, 20003, "yaml-limit", (int)ev->start_mark.line + 1,
                        "yaml: a scalar of %zu bytes is larger than binsift's limit (%zu)", len,
                        TASK_MAX_SCALAR_BYTES);
    ynode *n = new_node(b, YN_SCALAR, ev);
    if (!n) return BS_ECONFIG;
    n->plain = ev->data.scalar.plain_implicit;
    n->len = len;
    if (!(n->value = task_strndup(b->arena, (const char *)ev->data.scalar.value, len)))
        return oom(b);
    if (ev->data.scalar.tag && !(n->tag = task_strdup(b->arena, (const char *)ev->data.scalar.tag)))
        return oom(b);
    int rc = anchor_node(b, ev->data.scalar.anchor, n);
    return rc ? rc : attach(b, n);
}

static int on_alias(builder *b, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    ynode *target = anchor_get(&b->anchors, name);
    if (!target)
        return tc_error(b->c, RANK_YAML_ABORT, 20003, "yaml-syntax", (int)ev->start_mark.line + 1,
                        "yaml: unknown anchor '%s' referenced", name);
    ynode *n = new_node(b, YN_ALIAS, ev);
    if (!n) return BS_ECONFIG;
    n->target = target;
    if (!(n->value = task_strdup(b->arena, name))) return oom(b);
    n->len = strlen(name);
    return attach(b, n);
}

static int on_start(builder *b, const yaml_event_t *ev, int kind, const yaml_char_t *anchor)
{
    if (b->depth == TASK_MAX_DEPTH)
        return tc_error(b->c, RANK_YAML_ABORT, 20003, "yaml-limit", (int)ev->start_mark.line + 1,
                        "yaml: collections nested deeper than %d levels (binsift's limit)",
                        TASK_MAX_DEPTH);
    ynode *n = new_node(b, kind, ev);
    if (!n) return BS_ECONFIG;
    int rc = anchor_node(b, anchor, n);
    if (rc) return rc;
    b->stack[b->depth++] = (frame){n, NULL, 0, 0};
    return 0;
}

static int on_end(builder *b)
{
    frame *f = &b->stack[--b->depth];
    ynode *n = f->node;
    n->n = n->kind == YN_MAP ? f->n / 2 : f->n;
    if (f->n) {
        if (!(n->items = bs_arena_alloc(b->arena, f->n * sizeof *n->items))) return oom(b);
        memcpy(n->items, f->items, f->n * sizeof *n->items);
    }
    free(f->items);
    f->items = NULL;
    return attach(b, n);
}

/* Handle one event; *done is set after the first document ends. */
static int on_event(builder *b, const yaml_event_t *ev, bool *done)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT: return on_scalar(b, ev);
    case YAML_ALIAS_EVENT: return on_alias(b, ev);
    case YAML_SEQUENCE_START_EVENT: return on_start(b, ev, YN_SEQ, ev->data.sequence_start.anchor);
    case YAML_MAPPING_START_EVENT: return on_start(b, ev, YN_MAP, ev->data.mapping_start.anchor);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: return on_end(b);
    case YAML_DOCUMENT_END_EVENT:
    case YAML_STREAM_END_EVENT: *done = true; return 0;
    default: return 0;
    }
}

int ytree_parse(task_ctx *c, bs_arena *arena, const char *data, size_t len, ynode **root)
{
    builder b = {.c = c, .arena = arena, .data = data, .len = len};
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) return oom(&b);
    yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
    int rc = 0;
    for (bool done = false; !done && !rc;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            rc = p.error == YAML_MEMORY_ERROR ? oom(&b) : parser_error(&b, &p);
            break;
        }
        rc = on_event(&b, &ev, &done);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    while (b.depth > 0)
        free(b.stack[--b.depth].items);
    free(b.anchors.names);
    free(b.anchors.nodes);
    *root = rc ? NULL : b.root;
    return rc;
}
