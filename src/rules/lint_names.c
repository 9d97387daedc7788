/*
 * lint_names.c - exact answers about the sets of names DM wildcards match.
 *
 * "Can two route patterns match the same table?", "is every schema this rule
 * matches dropped by the BA list?" are questions about regular languages, so
 * they are decided exactly: a breadth-first search over the product of one
 * small automaton per pattern, building a name byte by byte. The first
 * accepted name is the shortest one, and the alphabet is tried letters
 * first, so it makes a readable example for the message.
 *
 * Each automaton walks a name exactly as DM's trie does (wildcard.c): '*'
 * ends a pattern and accepts any rest, '?' and '[...]' consume one byte, a
 * literal byte is compared with the first byte of a rune and consumes the
 * whole rune (Go's `for i := range s`). The rune's width depends on the
 * bytes after it, so a literal lead byte leaves the walker "pending" until
 * enough continuation bytes arrived; when the sequence turns out invalid the
 * rune was one byte wide and the bytes held back are walked as rune starts.
 * That keeps every walker a finite automaton, and lint_wc_walk_match() runs
 * the same walker on a string so tests can compare it with bs_wc_match().
 *
 * The walk makes a literal multi-byte character a pattern of its own: "é"
 * (c3 a9) does not match the name "é" (its a9 is skipped as part of the
 * rune), but matches c3 80 a9. So only an ASCII pattern without wildcard
 * characters names exactly itself (lint_is_literal).
 *
 * Bytes that no pattern and no UTF-8 boundary tells apart behave alike, so
 * the search uses one representative byte per class of bytes. A state
 * limit bounds the work on hostile patterns (-1: "cannot tell").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/lint_internal.h"

#define K_DEAD     0xffff /* the pattern cannot match any extension */
#define K_STAR     0xfffe /* the pattern matches every extension */
#define MAX_ITEMS  0xfff0
#define MAX_STATES 200000

typedef struct wstate {
    uint16_t k;     /* next pattern item, or K_DEAD / K_STAR */
    uint8_t lead;   /* a literal lead byte whose rune width is not known yet */
    uint8_t nbuf;   /* continuation bytes held back since the lead */
    uint8_t buf[2]; /* (a 4-byte rune completes on its third one) */
} wstate;

/* ---- one walker ---- */

static unsigned lead_width(uint8_t c)
{
    return c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 1;
}

/* Is c the pos-th continuation byte (0-based) of a rune led by lead? */
static bool continues(uint8_t lead, unsigned pos, uint8_t c)
{
    uint8_t lo = 0x80, hi = 0xbf;
    if (pos == 0) {
        lo = lead == 0xe0 ? 0xa0 : lead == 0xf0 ? 0x90 : 0x80;
        hi = lead == 0xed ? 0x9f : lead == 0xf4 ? 0x8f : 0xbf;
    }
    return c >= lo && c <= hi;
}

static void rune_start(const bs_wildcard *w, wstate *s, uint8_t c)
{
    if (s->k == K_DEAD || s->k == K_STAR) return;
    if (s->k >= w->n) {
        s->k = K_DEAD; /* the pattern ended, the name goes on */
        return;
    }
    const bs_wc_item *it = &w->items[s->k];
    switch (it->kind) {
    case BS_WC_STAR: s->k = K_STAR; return;
    case BS_WC_ANY_ONE: s->k++; return;
    case BS_WC_CLASS: s->k = bs_wc_class_has(&it->cls, c) ? s->k + 1 : K_DEAD; return;
    default:
        if (it->byte != c) {
            s->k = K_DEAD;
            return;
        }
        s->k++;
        if (lead_width(c) > 1) s->lead = c;
    }
}

/* A pending rune ended early or broke: it was one byte, so the bytes held
 * back start runes of their own. They are continuation bytes, never leads. */
static void release(const bs_wildcard *w, wstate *s)
{
    uint8_t held[2] = {s->buf[0], s->buf[1]};
    unsigned n = s->nbuf;
    s->lead = 0, s->nbuf = 0, s->buf[0] = s->buf[1] = 0;
    for (unsigned i = 0; i < n; i++)
        rune_start(w, s, held[i]);
}

static void normalize(wstate *s)
{
    if (s->k == K_DEAD || s->k == K_STAR) s->lead = 0, s->nbuf = 0, s->buf[0] = s->buf[1] = 0;
}

static void feed(const bs_wildcard *w, wstate *s, uint8_t c)
{
    if (s->lead && s->k != K_DEAD && s->k != K_STAR) {
        if (continues(s->lead, s->nbuf, c)) {
            if (s->nbuf + 2u == lead_width(s->lead))
                s->lead = 0, s->nbuf = 0, s->buf[0] = s->buf[1] = 0; /* rune complete */
            else
                s->buf[s->nbuf++] = c;
            return;
        }
        release(w, s);
    }
    rune_start(w, s, c);
    normalize(s);
}

static bool accepts(const bs_wildcard *w, wstate s)
{
    if (s.lead) release(w, &s);
    if (s.k == K_STAR) return true;
    if (s.k == K_DEAD) return false;
    return s.k == w->n || (s.k < w->n && w->items[s.k].kind == BS_WC_STAR);
}

bool lint_wc_walk_match(const bs_wildcard *w, const char *s, size_t n)
{
    wstate st = {0};
    for (size_t i = 0; i < n; i++)
        feed(w, &st, (uint8_t)s[i]);
    return accepts(w, st);
}

/* ---- the alphabet: one byte per class of equivalent bytes ---- */

static int byte_rank(uint8_t b)
{
    return b >= 'a' && b <= 'z'   ? 0
           : b >= '0' && b <= '9' ? 1
           : b == '_'             ? 2
           : b > 0x20 && b < 0x7f ? 3
                                  : 4;
}

static void cut_pattern(const bs_wildcard *w, bool *cut)
{
    for (size_t k = 0; k < w->n; k++) {
        const bs_wc_item *it = &w->items[k];
        if (it->kind == BS_WC_BYTE) cut[it->byte] = cut[it->byte + 1] = true;
        for (unsigned r = 0; it->kind == BS_WC_CLASS && r < it->cls.n; r++)
            cut[it->cls.r[r].lo] = cut[it->cls.r[r].hi + 1] = true;
    }
}

/* Letters first, then digits, '_', other printable bytes, the rest. */
static int byte_order(uint8_t x, uint8_t y)
{
    int d = byte_rank(x) - byte_rank(y);
    return d ? d : (int)x - (int)y;
}

static int cmp_rank(const void *a, const void *b)
{
    return byte_order(*(const uint8_t *)a, *(const uint8_t *)b);
}

/* Representatives, best first; returns how many. */
static size_t alphabet(const bs_wildcard *const *pats, size_t n, bool lower_only, uint8_t *out)
{
    static const uint8_t utf8_cuts[] = {0x80, 0x90, 0xa0, 0xc0, 0xc2, 0xe0, 0xe1,
                                        0xed, 0xee, 0xf0, 0xf1, 0xf4, 0xf5};
    bool cut[257] = {false};
    cut[1] = cut[256] = true;
    for (size_t i = 0; i < sizeof utf8_cuts; i++)
        cut[utf8_cuts[i]] = true;
    cut['A'] = cut['Z' + 1] = true;
    for (size_t i = 0; i < n; i++)
        cut_pattern(pats[i], cut);
    size_t m = 0;
    for (int lo = 1; lo < 256;) {
        int hi = lo + 1;
        while (!cut[hi])
            hi++;
        if (!(lower_only && lo >= 'A' && lo <= 'Z')) {
            uint8_t best = (uint8_t)lo;
            for (int b = lo + 1; b < hi; b++)
                if (byte_order((uint8_t)b, best) < 0) best = (uint8_t)b;
            out[m++] = best;
        }
        lo = hi;
    }
    qsort(out, m, 1, cmp_rank);
    return m;
}

/* ---- the search ---- */

typedef struct search {
    const lint_wc_query *q;
    const bs_wildcard **pats; /* all, then any, then none */
    size_t np;
    wstate *states; /* np per state */
    uint32_t *parent;
    uint8_t *via;
    size_t n, cap;
    uint32_t *slots; /* hash set of state indexes + 1 */
    size_t nslots;
} search;

static size_t state_hash(const wstate *s, size_t np)
{
    size_t h = 14695981039346656037u;
    const uint8_t *p = (const uint8_t *)s;
    for (size_t i = 0; i < np * sizeof *s; i++)
        h = (h ^ p[i]) * 1099511628211u;
    return h;
}

static int grow_slots(search *S)
{
    size_t n = S->nslots ? S->nslots * 2 : 1024;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots) return BS_ENOMEM;
    for (size_t i = 0; i < S->n; i++) {
        size_t j = state_hash(&S->states[i * S->np], S->np) & (n - 1);
        while (slots[j])
            j = (j + 1) & (n - 1);
        slots[j] = (uint32_t)i + 1;
    }
    free(S->slots);
    S->slots = slots;
    S->nslots = n;
    return 0;
}

/* Add a state unless known: 1 added, 0 known, BS_ENOMEM, -1 over the limit. */
static int add_state(search *S, const wstate *s, uint32_t parent, uint8_t via)
{
    if ((S->n + 1) * 2 > S->nslots && grow_slots(S)) return BS_ENOMEM;
    size_t j = state_hash(s, S->np) & (S->nslots - 1);
    for (; S->slots[j]; j = (j + 1) & (S->nslots - 1))
        if (!memcmp(&S->states[(S->slots[j] - 1) * S->np], s, S->np * sizeof *s)) return 0;
    if (S->n >= MAX_STATES) return -1;
    if (S->n == S->cap) {
        size_t cap = S->cap ? S->cap * 2 : 256;
        wstate *st = realloc(S->states, cap * S->np * sizeof *st);
        if (!st) return BS_ENOMEM;
        S->states = st;
        uint32_t *par = realloc(S->parent, cap * sizeof *par);
        if (!par) return BS_ENOMEM;
        S->parent = par;
        uint8_t *v = realloc(S->via, cap);
        if (!v) return BS_ENOMEM;
        S->via = v;
        S->cap = cap;
    }
    memcpy(&S->states[S->n * S->np], s, S->np * sizeof *s);
    S->parent[S->n] = parent;
    S->via[S->n] = via;
    S->slots[j] = (uint32_t)++S->n;
    return 1;
}

/* Can an extension of s still satisfy the query? */
static bool alive(const search *S, const wstate *s)
{
    const lint_wc_query *q = S->q;
    for (size_t i = 0; i < q->n_all; i++)
        if (s[i].k == K_DEAD) return false;
    for (size_t i = 0; i < q->n_none; i++)
        if (s[q->n_all + q->n_any + i].k == K_STAR) return false;
    bool any = q->n_any == 0;
    for (size_t i = 0; i < q->n_any && !any; i++)
        any = s[q->n_all + i].k != K_DEAD;
    return any;
}

static bool satisfied(const search *S, const wstate *s)
{
    const lint_wc_query *q = S->q;
    for (size_t i = 0; i < q->n_all; i++)
        if (!accepts(S->pats[i], s[i])) return false;
    for (size_t i = 0; i < q->n_none; i++) {
        size_t j = q->n_all + q->n_any + i;
        if (accepts(S->pats[j], s[j])) return false;
    }
    bool any = q->n_any == 0;
    for (size_t i = 0; i < q->n_any && !any; i++)
        any = accepts(S->pats[q->n_all + i], s[q->n_all + i]);
    return any;
}

static void witness_of(const search *S, uint32_t idx, uint8_t last, char *out, size_t cap)
{
    if (!cap) return;
    size_t len = 1;
    for (uint32_t i = idx; i != 0; i = S->parent[i])
        len++;
    size_t n = len < cap ? len : cap - 1;
    out[n] = 0;
    size_t pos = len; /* write from the end, skipping what does not fit */
    if (--pos < n) out[pos] = (char)last;
    for (uint32_t i = idx; i != 0; i = S->parent[i])
        if (--pos < n) out[pos] = (char)S->via[i];
}

static int run(search *S, char *witness, size_t cap)
{
    const lint_wc_query *q = S->q;
    uint8_t sigma[256];
    size_t ns = alphabet(S->pats, S->np, q->lower_only, sigma);
    wstate *next = calloc(S->np ? S->np : 1, sizeof *next);
    if (!next) return BS_ENOMEM;
    int rc = add_state(S, next, 0, 0); /* the empty name */
    for (size_t head = 0; rc >= 0 && head < S->n; head++) {
        for (size_t c = 0; c < ns; c++) {
            memcpy(next, &S->states[head * S->np], S->np * sizeof *next);
            for (size_t i = 0; i < S->np; i++)
                feed(S->pats[i], &next[i], sigma[c]);
            if (!alive(S, next)) continue;
            if (satisfied(S, next)) {
                witness_of(S, (uint32_t)head, sigma[c], witness, cap);
                free(next);
                return 1;
            }
            if ((rc = add_state(S, next, (uint32_t)head, sigma[c])) < 0) break;
        }
    }
    free(next);
    return rc < 0 ? rc : 0;
}

int lint_wc_exists(const lint_wc_query *q, char *witness, size_t cap)
{
    search S = {.q = q, .np = q->n_all + q->n_any + q->n_none};
    if (cap) witness[0] = 0;
    if (!S.np) return -1;
    if (!(S.pats = malloc(S.np * sizeof *S.pats))) return BS_ENOMEM;
    const bs_wildcard *const *lists[3] = {q->all, q->any, q->none};
    size_t counts[3] = {q->n_all, q->n_any, q->n_none}, k = 0;
    int rc = 0;
    for (int l = 0; l < 3; l++)
        for (size_t i = 0; i < counts[l]; i++, k++) {
            S.pats[k] = lists[l][i];
            if (S.pats[k]->n > MAX_ITEMS) rc = -1;
        }
    if (!rc) rc = run(&S, witness, cap);
    free(S.pats);
    free(S.states);
    free(S.parent);
    free(S.via);
    free(S.slots);
    return rc;
}

/* ---- trie order ---- */

static bool item_equal(const bs_wc_item *a, const bs_wc_item *b)
{
    if (a->kind != b->kind) return false;
    if (a->kind == BS_WC_BYTE) return a->byte == b->byte;
    if (a->kind == BS_WC_CLASS) return bs_wc_class_equal(&a->cls, &b->cls);
    return true;
}

bool lint_wc_prefix_equal(const bs_wildcard *a, const bs_wildcard *b, size_t n)
{
    if (a->n < n || b->n < n) return false;
    for (size_t k = 0; k < n; k++)
        if (!item_equal(&a->items[k], &b->items[k])) return false;
    return true;
}

/* At one trie node DM takes '*' first, then the '?' subtree, then the
 * '[...]' subtrees (in insertion order), then the literal byte; at the end of
 * the name, the exact entry before the trailing '*'. */
static int step_rank(uint8_t kind)
{
    return kind == BS_WC_STAR ? 0 : kind == BS_WC_ANY_ONE ? 1 : kind == BS_WC_CLASS ? 2 : 3;
}

int lint_wc_order(const bs_wildcard *a, const bs_wildcard *b, size_t *at)
{
    size_t k = 0;
    while (k < a->n && k < b->n && item_equal(&a->items[k], &b->items[k]))
        k++;
    *at = k;
    if (k == a->n && k == b->n) return LINT_ORDER_SAME;
    if (k == a->n) /* only b + "*" can share names with a: the exact entry first */
        return b->n == k + 1 && b->items[k].kind == BS_WC_STAR ? LINT_ORDER_A_FIRST
                                                               : LINT_ORDER_DISJOINT;
    if (k == b->n)
        return a->n == k + 1 && a->items[k].kind == BS_WC_STAR ? LINT_ORDER_B_FIRST
                                                               : LINT_ORDER_DISJOINT;
    const bs_wc_item *x = &a->items[k], *y = &b->items[k];
    if (x->kind == BS_WC_BYTE && y->kind == BS_WC_BYTE) return LINT_ORDER_DISJOINT;
    if (x->kind == BS_WC_CLASS && y->kind == BS_WC_CLASS) return LINT_ORDER_CLASS_TIE;
    return step_rank(x->kind) < step_rank(y->kind) ? LINT_ORDER_A_FIRST : LINT_ORDER_B_FIRST;
}

/* ---- literal names ---- */

bool lint_is_literal(const char *text, bool allow_regex)
{
    if (!text[0] || (allow_regex && text[0] == '~')) return false;
    for (const uint8_t *p = (const uint8_t *)text; *p; p++)
        if (*p >= 0x80 || *p == '*' || *p == '?' || *p == '[') return false; /* see the top */
    return true;
}

const char *lint_quote(char *out, size_t cap, const char *name)
{
    size_t o = 0;
    if (cap < 8) {
        if (cap) out[0] = 0;
        return out;
    }
    out[o++] = '`';
    for (const uint8_t *p = (const uint8_t *)name; *p && o + 6 < cap; p++) {
        if (*p >= 0x20 && *p < 0x7f && *p != '`')
            out[o++] = (char)*p;
        else
            o += (size_t)snprintf(out + o, cap - o, "\\x%02x", *p);
    }
    out[o++] = '`';
    out[o] = 0;
    return out;
}

/* ---- concrete names of the task ---- */

typedef struct name_set {
    const char **v;
    size_t n, cap;
} name_set;

static int set_add(lint_ctx *L, name_set *s, const char *a, const char *b, size_t width)
{
    const char *key[2] = {a, b};
    for (size_t i = 0; i < s->n; i += width)
        if (!strcmp(s->v[i], a) && (width == 1 || !strcmp(s->v[i + 1], b))) return 0;
    if (s->n + width > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        const char **v = bs_arena_alloc(&L->scratch, cap * sizeof *v);
        if (!v) return BS_ENOMEM;
        if (s->n) memcpy(v, s->v, s->n * sizeof *v);
        s->v = v;
        s->cap = cap;
    }
    for (size_t i = 0; i < width; i++) {
        size_t len = strlen(key[i]);
        char *copy = bs_arena_alloc(&L->scratch, len + 1);
        if (!copy) return BS_ENOMEM;
        if (L->rules->case_sensitive)
            memcpy(copy, key[i], len + 1);
        else
            bs_rules_lower(copy, len + 1, key[i], len);
        s->v[s->n++] = copy;
    }
    return 0;
}

/* A schema (and table, when both are literal) from one place of the task. */
static int add_names(lint_ctx *L, name_set *schemas, name_set *pairs, const char *schema,
                     const char *table, bool allow_regex)
{
    if (!lint_is_literal(schema, allow_regex)) return 0;
    int rc = set_add(L, schemas, schema, NULL, 1);
    if (!rc && table && lint_is_literal(table, allow_regex))
        rc = set_add(L, pairs, schema, table, 2);
    return rc;
}

static int ba_names(lint_ctx *L, const bs_task_ba_rule *ba, name_set *s, name_set *p)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < ba->n_do_dbs; i++)
        rc = add_names(L, s, p, ba->do_dbs[i], NULL, true);
    for (size_t i = 0; !rc && i < ba->n_ignore_dbs; i++)
        rc = add_names(L, s, p, ba->ignore_dbs[i], NULL, true);
    for (size_t i = 0; !rc && i < ba->n_do_tables; i++)
        rc = add_names(L, s, p, ba->do_tables[i].db_name, ba->do_tables[i].tbl_name, true);
    for (size_t i = 0; !rc && i < ba->n_ignore_tables; i++)
        rc = add_names(L, s, p, ba->ignore_tables[i].db_name, ba->ignore_tables[i].tbl_name, true);
    return rc;
}

int lint_names_collect(lint_ctx *L, lint_names *out)
{
    const bs_task_config *t = L->task;
    name_set s = {0}, p = {0};
    int rc = 0;
    for (size_t i = 0; !rc && i < t->n_ba_lists; i++)
        rc = ba_names(L, &t->ba_lists[i], &s, &p);
    for (size_t i = 0; !rc && i < t->n_expr_filters; i++)
        rc = add_names(L, &s, &p, t->expr_filters[i].schema, t->expr_filters[i].table, false);
    for (size_t i = 0; !rc && i < t->n_routes; i++)
        rc = add_names(L, &s, &p, t->routes[i].schema_pattern,
                       t->routes[i].table_pattern[0] ? t->routes[i].table_pattern : NULL, true);
    for (size_t i = 0; !rc && i < t->n_filters; i++)
        rc = add_names(L, &s, &p, t->filters[i].schema_pattern,
                       t->filters[i].table_pattern[0] ? t->filters[i].table_pattern : NULL, false);
    *out = (lint_names){s.v, s.n, p.v, p.n};
    return rc;
}
