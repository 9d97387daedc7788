/*
 * tracker.c - the schema tracker's table map, committing changes, lookups
 * (tables, old columns for DM's MODIFY/CHANGE classification, the
 * expression engine's view).
 *
 * The map is open addressing with linear probing over tr_table pointers,
 * keyed by XXH3 of (schema, table) like the rule engine's decision cache;
 * deletion shifts the following entries back, so there are no tombstones
 * and a lookup is a few compares without allocation. Names are stored
 * folded when lower_case_table_names is set, and folded into a stack buffer
 * on lookup.
 *
 * A table is one malloc: the tr_table, its model (tr_col/tr_key arrays), the
 * public arrays and every string. Committing a draft measures the size with
 * a first pass of the same copying code over a NULL base, then copies.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>

#include "schema/tracker_internal.h"
#include "util/error_internal.h"

/* ---- one-block copies ---- */

/* Bump allocation over base; with a NULL base it only measures. */
typedef struct pool {
    char *base;
    size_t used;
} pool;

static void *take(pool *p, size_t n)
{
    size_t at = (p->used + 7) & ~(size_t)7;
    p->used = at + n;
    return p->base ? p->base + at : NULL;
}

static const char *take_str(pool *p, const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = take(p, n);
    if (d) memcpy(d, s, n);
    return d;
}

/* ---- names and the map ---- */

const char *tr_fold(const bs_schema_tracker *t, const char *s, size_t n, char *buf)
{
    if (!t->lower) return s;
    if (n > TR_NAME_MAX) return NULL;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)s[i]);
    return buf;
}

static uint64_t name_hash(const char *s, size_t sl, const char *t, size_t tl)
{
    return XXH3_64bits_withSeed(t, tl, XXH3_64bits(s, sl));
}

static size_t probe(const bs_schema_tracker *t, uint64_t h, const char *s, size_t sl, const char *n,
                    size_t nl)
{
    size_t mask = t->nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const tr_table *e = t->slots[i];
        if (!e || (e->hash == h && e->slen == sl && e->tlen == nl &&
                   memcmp(e->pub.schema, s, sl) == 0 && memcmp(e->pub.name, n, nl) == 0))
            return i;
    }
}

tr_table *tr_find(const bs_schema_tracker *t, const char *schema, size_t slen, const char *table,
                  size_t tlen)
{
    char sb[TR_NAME_MAX], tb[TR_NAME_MAX];
    const char *s = tr_fold(t, schema, slen, sb), *n = tr_fold(t, table, tlen, tb);
    if (!s || !n) return NULL;
    return t->slots[probe(t, name_hash(s, slen, n, tlen), s, slen, n, tlen)];
}

const bs_schema_table *bs_schema_tracker_find(const bs_schema_tracker *t, const char *schema,
                                              size_t slen, const char *table, size_t tlen)
{
    tr_table *e = tr_find(t, schema, slen, table, tlen);
    return e ? &e->pub : NULL;
}

size_t bs_schema_tracker_count(const bs_schema_tracker *t)
{
    return t->nused;
}

static int grow(bs_schema_tracker *t)
{
    size_t n = t->nslots * 2;
    tr_table **old = t->slots, **slots = calloc(n, sizeof *slots);
    if (!slots) return BS_ENOMEM;
    size_t old_n = t->nslots;
    t->slots = slots;
    t->nslots = n;
    for (size_t i = 0; i < old_n; i++)
        if (old[i])
            t->slots[probe(t, old[i]->hash, old[i]->pub.schema, old[i]->slen, old[i]->pub.name,
                           old[i]->tlen)] = old[i];
    free(old);
    return 0;
}

static void table_free(tr_table *tbl)
{
    if (!tbl) return;
    free(tbl->expr);
    free(tbl);
}

/* Backward-shift deletion: entries after the hole that may live there move
 * into it. */
static void unlink_slot(bs_schema_tracker *t, size_t i)
{
    size_t mask = t->nslots - 1;
    for (size_t j = (i + 1) & mask; t->slots[j]; j = (j + 1) & mask) {
        size_t home = t->slots[j]->hash & mask;
        int movable = i <= j ? (home <= i || home > j) : (home <= i && home > j);
        if (movable) {
            t->slots[i] = t->slots[j];
            i = j;
        }
    }
    t->slots[i] = NULL;
    t->nused--;
}

void tr_remove(bs_schema_tracker *t, tr_table *tbl)
{
    unlink_slot(t, probe(t, tbl->hash, tbl->pub.schema, tbl->slen, tbl->pub.name, tbl->tlen));
    table_free(tbl);
}

/* ---- committing a draft ---- */

static int key_rank(const tr_key *k)
{
    return k->primary ? 0 : k->unique ? 1 : 2;
}

static int col_index(const tr_draft *d, const char *name)
{
    for (uint32_t i = 0; i < d->ncols; i++)
        if (tr_ieq(d->cols[i].pub.name, name)) return (int)i;
    return -1;
}

static unsigned key_flags(const tr_draft *d, uint32_t col)
{
    unsigned f = 0;
    for (uint32_t k = 0; k < d->nkeys; k++) {
        const tr_key *key = &d->keys[k];
        for (uint32_t i = 0; i < key->ncols; i++) {
            if (col_index(d, key->cols[i]) != (int)col) continue;
            if (key->primary) f |= BS_OLDCOL_PRIMARY_KEY;
            if (key->unique && !key->primary && key->ncols == 1 && !key->has_expr)
                f |= BS_OLDCOL_UNIQUE_KEY;
        }
    }
    return f;
}

static void copy_column(pool *p, const tr_draft *d, uint32_t i, tr_col *mc, bs_schema_column *pc)
{
    tr_col c = d->cols[i];
    c.pub.name = take_str(p, c.pub.name);
    c.pub.type_text = take_str(p, c.pub.type_text);
    c.pub.default_text = take_str(p, c.pub.default_text);
    c.pub.key_flags = key_flags(d, i);
    const char **m = take(p, c.pub.n_members * sizeof *m);
    for (uint32_t k = 0; k < c.pub.n_members; k++) {
        const char *s = take_str(p, c.pub.members[k]);
        if (m) m[k] = s;
    }
    c.pub.members = m;
    c.def_type = take_str(p, c.def_type);
    c.def_rest = take_str(p, c.def_rest);
    c.charset = take_str(p, c.charset);
    c.collate = take_str(p, c.collate);
    if (mc) *mc = c, *pc = c.pub;
}

/* Key k of the draft into slot `at` of the model and public arrays. */
static void copy_key(pool *p, const tr_draft *d, const tr_key *src, tr_key *mk, bs_schema_key *pk)
{
    tr_key k = *src;
    k.name = take_str(p, k.name);
    const char **names = take(p, k.ncols * sizeof *names);
    uint32_t *idx = take(p, k.ncols * sizeof *idx);
    for (uint32_t i = 0; i < k.ncols; i++) {
        const char *s = take_str(p, k.cols[i]);
        if (names) names[i] = s, idx[i] = (uint32_t)col_index(d, k.cols[i]);
    }
    k.cols = names;
    if (!mk) return;
    *mk = k;
    *pk = (bs_schema_key){.name = k.name,
                          .primary = k.primary,
                          .unique = k.unique,
                          .kind = k.kind,
                          .ncols = k.ncols,
                          .cols = idx};
}

static tr_table *build(pool *p, const tr_draft *d)
{
    tr_table *tbl = take(p, sizeof *tbl);
    tr_col *mcols = take(p, d->ncols * sizeof *mcols);
    bs_schema_column *pcols = take(p, d->ncols * sizeof *pcols);
    tr_key *mkeys = take(p, d->nkeys * sizeof *mkeys);
    bs_schema_key *pkeys = take(p, d->nkeys * sizeof *pkeys);
    const char *schema = take_str(p, d->schema), *name = take_str(p, d->name);
    const char *cs = take_str(p, d->charset ? d->charset : "");
    const char *co = take_str(p, d->collate ? d->collate : "");
    for (uint32_t i = 0; i < d->ncols; i++)
        copy_column(p, d, i, mcols ? &mcols[i] : NULL, pcols ? &pcols[i] : NULL);
    uint32_t n = 0;
    for (int rank = 0; rank < 3; rank++) /* primary, unique, others; stable */
        for (uint32_t k = 0; k < d->nkeys; k++)
            if (key_rank(&d->keys[k]) == rank) {
                copy_key(p, d, &d->keys[k], mkeys ? &mkeys[n] : NULL, pkeys ? &pkeys[n] : NULL);
                n++;
            }
    if (!tbl) return NULL;
    memset(tbl, 0, sizeof *tbl);
    tbl->pub = (bs_schema_table){.schema = schema,
                                 .name = name,
                                 .ncols = d->ncols,
                                 .cols = pcols,
                                 .nkeys = d->nkeys,
                                 .keys = pkeys,
                                 .origin = d->origin,
                                 .charset = cs,
                                 .collate = co};
    tbl->slen = strlen(schema);
    tbl->tlen = strlen(name);
    tbl->hash = name_hash(schema, tbl->slen, name, tbl->tlen);
    tbl->cols = mcols;
    tbl->keys = mkeys;
    tbl->nkeys = d->nkeys;
    return tbl;
}

/* What MySQL/TiDB reject in any table: no columns, duplicate column or key
 * names, key parts naming no column, two primary keys. */
static int validate(const tr_draft *d, bs_error *err)
{
    if (d->ncols == 0) return tr_fail(err, "table %s.%s would have no columns", d->schema, d->name);
    int primaries = 0;
    for (uint32_t i = 0; i < d->ncols; i++)
        if (col_index(d, d->cols[i].pub.name) != (int)i)
            return tr_fail(err, "duplicate column name '%s'", d->cols[i].pub.name);
    for (uint32_t k = 0; k < d->nkeys; k++) {
        const tr_key *key = &d->keys[k];
        primaries += key->primary;
        for (uint32_t j = 0; j < k; j++)
            if (tr_ieq(d->keys[j].name, key->name))
                return tr_fail(err, "duplicate key name '%s'", key->name);
        for (uint32_t i = 0; i < key->ncols; i++)
            if (col_index(d, key->cols[i]) < 0)
                return tr_fail(err, "key column '%s' doesn't exist in table", key->cols[i]);
    }
    if (primaries > 1) return tr_fail(err, "multiple primary key defined");
    return 0;
}

int tr_commit(bs_schema_tracker *t, tr_table *old, const tr_draft *d, bs_error *err)
{
    int rc = validate(d, err);
    if (rc) return rc;
    pool p = {0};
    build(&p, d);
    if (!(p.base = malloc(p.used ? p.used : 1)))
        return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    p.used = 0;
    tr_table *tbl = build(&p, d);
    tbl->pub.version = ++t->version;
    if ((t->nused + 1) * 2 > t->nslots && grow(t)) {
        free(tbl);
        return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    }
    if (old) {
        unlink_slot(t, probe(t, old->hash, old->pub.schema, old->slen, old->pub.name, old->tlen));
        table_free(old);
    }
    size_t i = probe(t, tbl->hash, tbl->pub.schema, tbl->slen, tbl->pub.name, tbl->tlen);
    if (t->slots[i]) { /* another table of that name (RENAME onto it was checked) */
        table_free(t->slots[i]);
        t->nused--;
    }
    t->slots[i] = tbl;
    t->nused++;
    return 0;
}

/* ---- drafts ---- */

static void *dup_array(const void *src, size_t n, size_t size, uint32_t *cap)
{
    size_t c = n < 8 ? 8 : n;
    void *a = malloc(c * size);
    if (a && n) memcpy(a, src, n * size);
    *cap = (uint32_t)c;
    return a;
}

int tr_draft_from(const tr_table *tbl, tr_draft *d)
{
    memset(d, 0, sizeof *d);
    d->schema = tbl->pub.schema;
    d->name = tbl->pub.name;
    d->charset = tbl->pub.charset;
    d->collate = tbl->pub.collate;
    d->origin = tbl->pub.origin;
    d->cols = dup_array(tbl->cols, tbl->pub.ncols, sizeof *d->cols, &d->cap_cols);
    d->keys = dup_array(tbl->keys, tbl->nkeys, sizeof *d->keys, &d->cap_keys);
    d->ncols = tbl->pub.ncols;
    d->nkeys = tbl->nkeys;
    if (!d->cols || !d->keys) {
        tr_draft_free(d);
        return BS_ENOMEM;
    }
    return 0;
}

void tr_draft_free(tr_draft *d)
{
    free(d->cols);
    free(d->keys);
    memset(d, 0, sizeof *d);
}

/* ---- databases ---- */

tr_db *tr_db_find(const bs_schema_tracker *t, const char *name, size_t len)
{
    char buf[TR_NAME_MAX];
    const char *n = tr_fold(t, name, len, buf);
    for (size_t i = 0; n && i < t->ndbs; i++)
        if (strlen(t->dbs[i].name) == len && memcmp(t->dbs[i].name, n, len) == 0) return &t->dbs[i];
    return NULL;
}

int tr_db_ensure(bs_schema_tracker *t, const char *name, size_t len, tr_db **out)
{
    tr_db *db = tr_db_find(t, name, len);
    if (!db) {
        char buf[TR_NAME_MAX];
        const char *n = tr_fold(t, name, len, buf);
        if (!n) return BS_EINVAL;
        if (t->ndbs == t->cap_dbs) {
            size_t cap = t->cap_dbs ? t->cap_dbs * 2 : 8;
            tr_db *a = realloc(t->dbs, cap * sizeof *a);
            if (!a) return BS_ENOMEM;
            t->dbs = a;
            t->cap_dbs = cap;
        }
        db = &t->dbs[t->ndbs];
        *db = (tr_db){.name = strndup(n, len), .charset = strdup(""), .collate = strdup("")};
        if (!db->name || !db->charset || !db->collate) {
            free(db->name), free(db->charset), free(db->collate);
            return BS_ENOMEM;
        }
        t->ndbs++;
    }
    if (out) *out = db;
    return 0;
}

void tr_db_drop(bs_schema_tracker *t, const char *name, size_t len)
{
    tr_db *db = tr_db_find(t, name, len);
    if (!db) return;
    free(db->name), free(db->charset), free(db->collate);
    *db = t->dbs[--t->ndbs];
}

const char *tr_name(bs_schema_tracker *t, const bs_ddl_str *s)
{
    char buf[TR_NAME_MAX];
    const char *f = tr_fold(t, s->ptr, s->len, buf);
    return f ? tr_strdup(t, f, s->len) : NULL;
}

/* ---- lifetime ---- */

int bs_schema_tracker_new(int lower_case_table_names, bs_schema_tracker **out, bs_error *err)
{
    *out = NULL;
    bs_schema_tracker *t = calloc(1, sizeof *t);
    if (t) t->slots = calloc(t->nslots = 64, sizeof *t->slots);
    if (!t || !t->slots || bs_ddl_parser_new(&t->parser, err)) {
        bs_schema_tracker_free(t);
        return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    }
    t->lower = lower_case_table_names != 0;
    *out = t;
    return 0;
}

void bs_schema_tracker_free(bs_schema_tracker *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->nslots; i++)
        table_free(t->slots[i]);
    free(t->slots);
    for (size_t i = 0; i < t->ndbs; i++) {
        free(t->dbs[i].name);
        free(t->dbs[i].charset);
        free(t->dbs[i].collate);
    }
    free(t->dbs);
    bs_arena_free(&t->scratch);
    bs_ddl_parser_free(t->parser);
    bs_buf_free(&t->text);
    free(t);
}

/* ---- columns ---- */

int bs_schema_table_column(const bs_schema_table *t, const char *name, size_t len)
{
    for (uint32_t i = 0; i < t->ncols; i++)
        if (tr_ieqn(t->cols[i].name, name, len)) return (int)i;
    return -1;
}

int bs_schema_tracker_copy_table(bs_schema_tracker *t, const bs_schema_table *src,
                                 const char *schema, const char *table, int origin, bs_error *err)
{
    char sb[TR_NAME_MAX], tb[TR_NAME_MAX];
    size_t sl = strlen(schema), tl = strlen(table);
    const char *s = tr_fold(t, schema, sl, sb), *n = tr_fold(t, table, tl, tb);
    if (!s || !n) return bs_error_set(err, BS_EINVAL, NULL, BS_NO_OFFSET, "name too long");
    tr_draft d;
    if (tr_draft_from((const tr_table *)src, &d))
        return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    d.schema = tr_strdup(t, s, sl);
    d.name = tr_strdup(t, n, tl);
    d.origin = origin;
    int rc = d.schema && d.name && !tr_db_ensure(t, s, sl, NULL)
                 ? tr_commit(t, tr_find(t, s, sl, n, tl), &d, err)
                 : tr_oom(err);
    tr_draft_free(&d);
    bs_arena_reset(&t->scratch);
    return rc;
}

/* ---- old columns for DM's MODIFY/CHANGE COLUMN classification ---- */

int bs_schema_tracker_old_column(void *tracker, const char *schema, const char *table,
                                 const char *column, bs_rules_old_column *out)
{
    bs_schema_tracker *t = tracker;
    memset(out, 0, sizeof *out);
    const tr_table *tbl = tr_find(t, schema, strlen(schema), table, strlen(table));
    int i = tbl ? bs_schema_table_column(&tbl->pub, column, strlen(column)) : -1;
    if (i < 0) return 0;
    const tr_col *c = &tbl->cols[i];
    bs_buf_clear(&t->text);
    if (bs_buf_puts(&t->text, "CREATE TABLE `t` (") ||
        tr_column_definition(c, c->pub.not_null, &t->text) || bs_buf_putc(&t->text, ')'))
        return 0;
    const bs_ddl_stmt *st;
    bs_error err;
    if (bs_ddl_parse(t->parser, t->text.data, t->text.len, NULL, &st, &err) ||
        !bs_rules_old_column_from_create(st, column, out))
        return 0;
    out->flags = c->pub.key_flags;
    snprintf(out->table_charset, sizeof out->table_charset, "%s", tbl->pub.charset);
    snprintf(out->table_collate, sizeof out->table_collate, "%s", tbl->pub.collate);
    return 1;
}

/* ---- the expression engine's view ---- */

static bs_rules_expr_table *build_expr(pool *p, const bs_schema_table *t)
{
    bs_rules_expr_table *x = take(p, sizeof *x);
    uint32_t n = 0;
    for (uint32_t i = 0; i < t->ncols; i++)
        n += !t->cols[i].hidden;
    bs_rules_expr_column *cols = take(p, n * sizeof *cols);
    n = 0;
    for (uint32_t i = 0; i < t->ncols; i++) {
        const bs_schema_column *c = &t->cols[i];
        if (c->hidden) continue;
        bs_rules_expr_str *m = take(p, c->n_members * sizeof *m);
        for (uint32_t k = 0; m && k < c->n_members; k++)
            m[k] = (bs_rules_expr_str){c->members[k], strlen(c->members[k])};
        if (cols)
            cols[n] = (bs_rules_expr_column){.name = {c->name, strlen(c->name)},
                                             .type = c->type,
                                             .is_unsigned = c->is_unsigned,
                                             .not_null = c->not_null,
                                             .scale = c->scale,
                                             .precision = c->precision,
                                             .collation = c->collation,
                                             .length = c->length,
                                             .members = m,
                                             .n_members = c->n_members};
        n++;
    }
    if (x)
        *x = (bs_rules_expr_table){.schema = {t->schema, strlen(t->schema)},
                                   .name = {t->name, strlen(t->name)},
                                   .cols = cols,
                                   .ncols = n};
    return x;
}

const bs_rules_expr_table *bs_schema_table_expr(const bs_schema_table *t)
{
    tr_table *tbl = (tr_table *)t; /* the view is a cache: building it is not a change */
    if (tbl->expr) return tbl->expr;
    pool p = {0};
    build_expr(&p, t);
    if (!(p.base = malloc(p.used ? p.used : 1))) return NULL;
    p.used = 0;
    tbl->expr = build_expr(&p, t);
    return tbl->expr;
}
