/*
 * trie.c - TiDB's table-rule selector: wildcard rules in a trie, matched in
 * the order DM's binlog filter visits them.
 *
 * Schema patterns form the first level; each schema entry may carry a
 * schema-level rule and a second trie of table patterns. Matching walks the
 * name byte by byte and, at each position, first takes the '*' entry (it
 * matches the rest), then explores the '?' subtree, then each '[...]' subtree
 * in insertion order, then follows the literal byte; at the end it takes the
 * exact entry and then the trailing '*'. A lookup returns every schema-level
 * rule first, then, for each matched schema entry in that order, its table
 * rules. This order is observable (the first decisive filter rule wins), so
 * it is kept exactly; see TiDB pkg/util/table-rule-selector/trie_selector.go.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/rules_internal.h"

typedef struct trie_node trie_node;

typedef struct trie_item {
    trie_node *child;
    trie_node *next_level; /* schema entry -> its table trie */
    void *rule;
} trie_item;

typedef struct byte_edge {
    uint8_t byte;
    trie_item *item;
} byte_edge;

typedef struct class_edge {
    bs_wc_class cls;
    trie_item *item;
} class_edge;

struct trie_node {
    trie_item *star, *any_one;
    byte_edge *bytes;
    size_t n_bytes;
    class_edge *classes;
    size_t n_classes;
};

struct bs_trie {
    trie_node *root;
};

static void node_free(trie_node *n);

static void item_free(trie_item *it)
{
    if (!it) return;
    node_free(it->child);
    node_free(it->next_level);
    free(it);
}

static void node_free(trie_node *n)
{
    if (!n) return;
    item_free(n->star);
    item_free(n->any_one);
    for (size_t i = 0; i < n->n_bytes; i++)
        item_free(n->bytes[i].item);
    for (size_t i = 0; i < n->n_classes; i++) {
        bs_wc_class_free(&n->classes[i].cls);
        item_free(n->classes[i].item);
    }
    free(n->bytes);
    free(n->classes);
    free(n);
}

int bs_trie_new(bs_trie **out)
{
    bs_trie *t = calloc(1, sizeof *t);
    if (!t || !(t->root = calloc(1, sizeof *t->root))) {
        free(t);
        return BS_ENOMEM;
    }
    *out = t;
    return 0;
}

void bs_trie_free(bs_trie *t)
{
    if (!t) return;
    node_free(t->root);
    free(t);
}

static trie_item *byte_item(const trie_node *n, uint8_t b)
{
    for (size_t i = 0; i < n->n_bytes; i++)
        if (n->bytes[i].byte == b) return n->bytes[i].item;
    return NULL;
}

/* The item for one pattern step at node n, created when missing. cls is
 * consumed (moved into the trie, or freed when an equal class exists). */
static trie_item *step_item(trie_node *n, const bs_wc_item *step, bs_wc_class *cls)
{
    trie_item **slot = NULL, *it;
    switch (step->kind) {
    case BS_WC_STAR: slot = &n->star; break;
    case BS_WC_ANY_ONE: slot = &n->any_one; break;
    case BS_WC_CLASS:
        for (size_t i = 0; i < n->n_classes; i++)
            if (bs_wc_class_equal(&n->classes[i].cls, cls)) {
                bs_wc_class_free(cls);
                return n->classes[i].item;
            }
        break;
    default:
        if ((it = byte_item(n, step->byte))) return it;
        break;
    }
    if (slot && *slot) return *slot;
    if (!(it = calloc(1, sizeof *it)) || !(it->child = calloc(1, sizeof *it->child))) goto oom;
    if (slot) {
        *slot = it;
    } else if (step->kind == BS_WC_CLASS) {
        class_edge *e = realloc(n->classes, (n->n_classes + 1) * sizeof *e);
        if (!e) goto oom;
        n->classes = e;
        e[n->n_classes].cls = *cls;
        e[n->n_classes++].item = it;
        cls->r = NULL; /* moved */
    } else {
        byte_edge *e = realloc(n->bytes, (n->n_bytes + 1) * sizeof *e);
        if (!e) goto oom;
        n->bytes = e;
        e[n->n_bytes++] = (byte_edge){step->byte, it};
    }
    return it;
oom:
    item_free(it);
    return NULL;
}

/* Walk (creating) the entries of pattern from n; returns the last one. */
static int walk_insert(trie_node *n, const char *pattern, trie_item **out, bs_error *err)
{
    bs_wildcard w;
    int rc = bs_wc_compile(pattern, &w, err);
    if (rc) return rc;
    trie_item *it = NULL;
    for (size_t k = 0; k < w.n; k++) {
        if (!(it = step_item(n, &w.items[k], &w.items[k].cls))) {
            bs_wc_free(&w);
            return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
        }
        n = it->child;
    }
    bs_wc_free(&w); /* classes were moved into the trie or already freed */
    *out = it;
    return 0;
}

int bs_trie_insert(bs_trie *t, const char *schema, const char *table, void *rule, bs_error *err)
{
    if (!schema[0])
        return bs_error_set(err, BS_EINVAL, NULL, BS_NO_OFFSET, "schema pattern can't be empty");
    trie_item *it;
    int rc = walk_insert(t->root, schema, &it, err);
    if (rc) return rc;
    if (table[0]) {
        if (!it->next_level && !(it->next_level = calloc(1, sizeof *it->next_level)))
            return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
        if ((rc = walk_insert(it->next_level, table, &it, err))) return rc;
    }
    if (it->rule)
        return bs_error_set(err, BS_EEXIST, NULL, BS_NO_OFFSET, "pattern %s%s%s already exists",
                            schema, table[0] ? "." : "", table);
    it->rule = rule;
    return 0;
}

/* Matching state: schema-level pass collects next-level nodes to visit. */
typedef struct match_ctx {
    int (*visit)(void *rule, void *ctx);
    void *ctx;
    bool stop;
    bool collect;       /* schema pass: remember matched entries' table tries */
    trie_node **levels; /* table tries of matched schema entries */
    size_t n_levels, cap_levels;
    trie_node *inline_levels[8];
} match_ctx;

static void take(match_ctx *m, const trie_item *it)
{
    if (m->stop || !it) return;
    if (it->rule && m->visit(it->rule, m->ctx)) m->stop = true;
    if (it->next_level && m->collect) {
        if (m->n_levels == m->cap_levels) {
            size_t cap = m->cap_levels * 2;
            trie_node **p = malloc(cap * sizeof *p);
            if (!p) return; /* out of memory: fewer table rules, never a crash */
            memcpy(p, m->levels, m->n_levels * sizeof *p);
            if (m->levels != m->inline_levels) free(m->levels);
            m->levels = p;
            m->cap_levels = cap;
        }
        m->levels[m->n_levels++] = it->next_level;
    }
}

/* Names are walked by rune starts (Go's `for i := range s`), see wildcard.c. */
static void match_node(const trie_node *n, const uint8_t *s, size_t len, match_ctx *m)
{
    const trie_item *entity = NULL;
    for (size_t i = 0; i < len && !m->stop; i += bs_go_rune_width(s + i, len - i)) {
        bool last = i + 1 == len;
        take(m, n->star);
        if (n->any_one) {
            if (last) take(m, n->any_one);
            match_node(n->any_one->child, s + i + 1, len - i - 1, m);
        }
        for (size_t c = 0; c < n->n_classes; c++) {
            if (!bs_wc_class_has(&n->classes[c].cls, s[i])) continue;
            if (last) take(m, n->classes[c].item);
            match_node(n->classes[c].item->child, s + i + 1, len - i - 1, m);
        }
        if (!(entity = byte_item(n, s[i]))) return;
        n = entity->child;
    }
    take(m, entity);
    take(m, n->star);
}

void bs_trie_match(const bs_trie *t, const char *schema, size_t slen, const char *table,
                   size_t tlen, int (*visit)(void *rule, void *ctx), void *ctx)
{
    match_ctx m = {.visit = visit, .ctx = ctx, .collect = true, .cap_levels = 8};
    m.levels = m.inline_levels;
    match_node(t->root, (const uint8_t *)schema, slen, &m);
    m.collect = false;
    for (size_t i = 0; i < m.n_levels && !m.stop; i++)
        match_node(m.levels[i], (const uint8_t *)table, tlen, &m);
    if (m.levels != m.inline_levels) free(m.levels);
}
