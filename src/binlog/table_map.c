/*
 * table_map.c - TABLE_MAP events and the table-id cache.
 *
 * A TABLE_MAP tells how to read the rows events that follow it: column types,
 * their metadata (lengths, precision, fsp), nullability, and - when the server
 * logs it (binlog_row_metadata=FULL/MINIMAL, MariaDB 10.5+ and MySQL 8) -
 * optional metadata: signedness, charsets, column names, ENUM/SET members,
 * primary key, geometry types, visibility, vector dimensions.
 *
 * The event body is copied into a pooled entry so that names and member
 * lists can be views into it; the entry's arrays are reused across events,
 * so a steady stream of table maps allocates nothing. Entries are looked up
 * by table id through a small open-addressing hash and released together at
 * the end of each statement (STMT_END_F), as the server's own applier does.
 */
#include <stdlib.h>
#include <string.h>

#include "binlog/binlog_internal.h"

/* ---- optional metadata field types ---- */
enum {
    TMO_SIGNEDNESS = 1,
    TMO_DEFAULT_CHARSET,
    TMO_COLUMN_CHARSET,
    TMO_COLUMN_NAME,
    TMO_SET_STR_VALUE,
    TMO_ENUM_STR_VALUE,
    TMO_GEOMETRY_TYPE,
    TMO_SIMPLE_PRIMARY_KEY,
    TMO_PRIMARY_KEY_WITH_PREFIX,
    TMO_ENUM_AND_SET_DEFAULT_CHARSET,
    TMO_ENUM_AND_SET_COLUMN_CHARSET,
    TMO_COLUMN_VISIBILITY,
    TMO_VECTOR_DIMENSIONALITY
};

/* ---- cache ---- */

static uint32_t slot_of(uint64_t id, uint32_t n_slots)
{
    return (uint32_t)((id * 0x9e3779b97f4a7c15ull) >> 40) & (n_slots - 1);
}

void bs_table_cache_reset(bs_table_cache *c)
{
    if (c->n_used == 0) return;
    for (uint32_t i = 0; i < c->n_slots; i++)
        c->slots[i] = -1;
    c->n_used = 0;
}

void bs_table_cache_free(bs_table_cache *c)
{
    for (uint32_t i = 0; i < c->n_pool; i++) {
        bs_table_entry *e = c->pool[i];
        free(e->copy);
        free(e->cols);
        free(e->pk);
        free(e->fixed_len);
        free(e);
    }
    free(c->pool);
    free(c->slots);
    memset(c, 0, sizeof *c);
}

const bs_binlog_table *bs_table_cache_find(const bs_binlog_reader *r, uint64_t table_id)
{
    const bs_table_cache *c = &r->tables;
    if (c->n_used == 0) return NULL;
    for (uint32_t s = slot_of(table_id, c->n_slots);; s = (s + 1) & (c->n_slots - 1)) {
        int32_t i = c->slots[s];
        if (i < 0) return NULL;
        if (c->pool[i]->t.table_id == table_id) return &c->pool[i]->t;
    }
}

static int grow_slots(bs_table_cache *c)
{
    uint32_t n = c->n_slots ? c->n_slots * 2 : 16;
    int32_t *slots = malloc(n * sizeof *slots);
    if (!slots) return BS_ENOMEM;
    for (uint32_t i = 0; i < n; i++)
        slots[i] = -1;
    for (uint32_t i = 0; i < c->n_used; i++) {
        uint32_t s = slot_of(c->pool[i]->t.table_id, n);
        while (slots[s] >= 0)
            s = (s + 1) & (n - 1);
        slots[s] = (int32_t)i;
    }
    free(c->slots);
    c->slots = slots;
    c->n_slots = n;
    return 0;
}

/* The entry for table_id: the existing one (a repeated TABLE_MAP in the
 * same statement replaces it) or a pooled free one. */
static bs_table_entry *cache_slot(bs_table_cache *c, uint64_t table_id)
{
    if ((c->n_used + 1) * 2 > c->n_slots && grow_slots(c)) return NULL;
    uint32_t s = slot_of(table_id, c->n_slots);
    for (; c->slots[s] >= 0; s = (s + 1) & (c->n_slots - 1))
        if (c->pool[c->slots[s]]->t.table_id == table_id) return c->pool[c->slots[s]];
    if (c->n_used == c->n_pool) {
        bs_table_entry **pool = realloc(c->pool, (c->n_pool + 1) * sizeof *pool);
        if (!pool) return NULL;
        c->pool = pool;
        if (!(pool[c->n_pool] = calloc(1, sizeof **pool))) return NULL;
        c->n_pool++;
    }
    bs_table_entry *e = c->pool[c->n_used];
    c->slots[s] = (int32_t)c->n_used++;
    e->t.table_id = table_id;
    return e;
}

static int entry_reserve(bs_table_entry *e, size_t body_len, uint32_t ncols)
{
    if (body_len > e->copy_cap) {
        uint8_t *p = realloc(e->copy, body_len);
        if (!p) return BS_ENOMEM;
        e->copy = p;
        e->copy_cap = body_len;
    }
    if (ncols > e->cols_cap) {
        bs_binlog_column *c = realloc(e->cols, ncols * sizeof *c);
        if (!c) return BS_ENOMEM;
        e->cols = c;
        uint16_t *f = realloc(e->fixed_len, ncols * sizeof *f);
        if (!f) return BS_ENOMEM;
        e->fixed_len = f;
        e->cols_cap = ncols;
    }
    return 0;
}

/* ---- column metadata ---- */

static unsigned meta_bytes(unsigned type)
{
    if (bs_type_is_blob(type)) return 1;
    switch (type) {
    case BS_TYPE_FLOAT:
    case BS_TYPE_DOUBLE:
    case BS_TYPE_TIME2:
    case BS_TYPE_DATETIME2:
    case BS_TYPE_TIMESTAMP2: return 1;
    case BS_TYPE_VARCHAR:
    case BS_TYPE_BIT:
    case BS_TYPE_NEWDECIMAL:
    case BS_TYPE_STRING:
    case BS_TYPE_VAR_STRING:
    case BS_TYPE_ENUM:
    case BS_TYPE_SET:
    case BS_TYPE_MARIA_VARCHAR_COMPRESSED: return 2;
    default: return 0;
    }
}

/* Read one column's metadata; resolve ENUM/SET hidden in STRING and the
 * long-CHAR encoding (length bits folded into the type byte). */
static void column_meta(bs_binlog_column *col, const uint8_t *m)
{
    unsigned t = col->binlog_type;
    col->type = (uint8_t)t;
    switch (t) {
    case BS_TYPE_VARCHAR:
    case BS_TYPE_MARIA_VARCHAR_COMPRESSED: col->meta = bs_le16(m); break;
    case BS_TYPE_BIT: col->meta = (uint16_t)(m[0] | m[1] << 8); break; /* bits | bytes << 8 */
    case BS_TYPE_NEWDECIMAL: col->meta = (uint16_t)(m[0] << 8 | m[1]); break; /* prec, scale */
    case BS_TYPE_STRING:
    case BS_TYPE_VAR_STRING:
    case BS_TYPE_ENUM:
    case BS_TYPE_SET: {
        unsigned b0 = m[0], b1 = m[1], real = b0, len = b1;
        if ((b0 & 0x30) != 0x30) {
            real = b0 | 0x30;
            len = b1 | (((b0 & 0x30) ^ 0x30) << 4);
        }
        col->type = real == BS_TYPE_ENUM || real == BS_TYPE_SET ? (uint8_t)real : BS_TYPE_STRING;
        col->meta = (uint16_t)len;
        break;
    }
    default: col->meta = meta_bytes(t) == 1 ? m[0] : 0; break;
    }
}

/* Value length of fixed-size columns, 0xffff for variable ones. */
static uint16_t fixed_length(const bs_binlog_column *c)
{
    unsigned m = c->meta;
    switch (c->type) {
    case BS_TYPE_NULL: return 0;
    case BS_TYPE_TINY:
    case BS_TYPE_YEAR: return 1;
    case BS_TYPE_SHORT: return 2;
    case BS_TYPE_INT24:
    case BS_TYPE_DATE:
    case BS_TYPE_NEWDATE:
    case BS_TYPE_TIME: return 3;
    case BS_TYPE_LONG:
    case BS_TYPE_FLOAT:
    case BS_TYPE_TIMESTAMP: return 4;
    case BS_TYPE_LONGLONG:
    case BS_TYPE_DOUBLE:
    case BS_TYPE_DATETIME: return 8;
    case BS_TYPE_TIME2: return (uint16_t)(3 + bs_value_frac_bytes(m));
    case BS_TYPE_DATETIME2: return (uint16_t)(5 + bs_value_frac_bytes(m));
    case BS_TYPE_TIMESTAMP2: return (uint16_t)(4 + bs_value_frac_bytes(m));
    case BS_TYPE_NEWDECIMAL: return (uint16_t)bs_value_decimal_size(m >> 8, m & 0xff);
    case BS_TYPE_BIT: return (uint16_t)((m >> 8) + ((m & 0xff) ? 1 : 0));
    case BS_TYPE_ENUM:
    case BS_TYPE_SET: return (uint16_t)(m & 0xff);
    default: return 0xffff;
    }
}

/* Is the metadata one a server can write? Checked once per TABLE_MAP so the
 * row walk and value decoders can trust it (no 9-byte SET, no fsp 7). */
static int meta_valid(const bs_binlog_column *c)
{
    unsigned m = c->meta;
    switch (c->type) {
    case BS_TYPE_TIME2:
    case BS_TYPE_DATETIME2:
    case BS_TYPE_TIMESTAMP2: return m <= 6;
    case BS_TYPE_NEWDECIMAL: return bs_value_decimal_size(m >> 8, m & 0xff) != 0;
    case BS_TYPE_BIT: return (m & 0xff) <= 7 && (m >> 8) <= 8 && (m >> 8) * 8 + (m & 0xff) <= 64;
    case BS_TYPE_ENUM: return m == 1 || m == 2;
    case BS_TYPE_SET: return m >= 1 && m <= 8;
    case BS_TYPE_FLOAT: return m == 0 || m == 4;
    case BS_TYPE_DOUBLE: return m == 0 || m == 8;
    default: return !bs_type_is_blob(c->type) || (m >= 1 && m <= 4);
    }
}

static int is_numeric(unsigned t)
{
    switch (t) {
    case BS_TYPE_TINY:
    case BS_TYPE_SHORT:
    case BS_TYPE_INT24:
    case BS_TYPE_LONG:
    case BS_TYPE_LONGLONG:
    case BS_TYPE_NEWDECIMAL:
    case BS_TYPE_FLOAT:
    case BS_TYPE_DOUBLE: return 1;
    default: return 0;
    }
}

static int is_character(unsigned t)
{
    switch (t) {
    case BS_TYPE_STRING:
    case BS_TYPE_VARCHAR:
    case BS_TYPE_VAR_STRING:
    case BS_TYPE_BLOB:
    case BS_TYPE_TINY_BLOB:
    case BS_TYPE_MEDIUM_BLOB:
    case BS_TYPE_LONG_BLOB:
    case BS_TYPE_MARIA_BLOB_COMPRESSED:
    case BS_TYPE_MARIA_VARCHAR_COMPRESSED: return 1;
    default: return 0;
    }
}

static int is_enum_or_set(unsigned t)
{
    return t == BS_TYPE_ENUM || t == BS_TYPE_SET;
}

/* ---- optional metadata ---- */

typedef int (*col_filter)(unsigned type);

/* Index of the n-th (0-based) column accepted by keep, or ncols. */
static uint32_t nth_column(const bs_binlog_table *t, col_filter keep, unsigned only, uint64_t n)
{
    for (uint32_t i = 0; i < t->ncols; i++) {
        unsigned type = t->cols[i].type;
        if (keep ? keep(type) : type == only) {
            if (n == 0) return i;
            n--;
        }
    }
    return t->ncols;
}

static void opt_signedness(bs_table_entry *e, const uint8_t *p, const uint8_t *end)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < e->t.ncols; i++) {
        if (!is_numeric(e->cols[i].type)) continue;
        if (p + k / 8 >= end) break;
        e->cols[i].is_unsigned = (p[k / 8] >> (7 - k % 8)) & 1;
        k++;
    }
}

static void opt_visibility(bs_table_entry *e, const uint8_t *p, const uint8_t *end)
{
    for (uint32_t i = 0; i < e->t.ncols && p + i / 8 < end; i++)
        e->cols[i].visible = (p[i / 8] >> (7 - i % 8)) & 1;
}

/* DEFAULT_CHARSET-style field: a default, then (column ordinal, charset)
 * pairs for the exceptions; ordinals count only the columns keep accepts. */
static int opt_default_charset(bs_table_entry *e, col_filter keep, const uint8_t *p,
                               const uint8_t *end)
{
    uint64_t def, ord, cs;
    if (bs_read_packed(&p, end, &def)) return -1;
    for (uint32_t i = 0; i < e->t.ncols; i++)
        if (keep(e->cols[i].type)) e->cols[i].charset = (uint16_t)def;
    while (p < end) {
        if (bs_read_packed(&p, end, &ord) || bs_read_packed(&p, end, &cs)) return -1;
        uint32_t i = nth_column(&e->t, keep, 0, ord);
        if (i < e->t.ncols) e->cols[i].charset = (uint16_t)cs;
    }
    return 0;
}

static int opt_column_charset(bs_table_entry *e, col_filter keep, const uint8_t *p,
                              const uint8_t *end)
{
    uint64_t cs;
    for (uint32_t i = 0; i < e->t.ncols && p < end; i++) {
        if (!keep(e->cols[i].type)) continue;
        if (bs_read_packed(&p, end, &cs)) return -1;
        e->cols[i].charset = (uint16_t)cs;
    }
    return 0;
}

static int opt_names(bs_table_entry *e, const uint8_t *p, const uint8_t *end)
{
    uint64_t n;
    for (uint32_t i = 0; i < e->t.ncols && p < end; i++) {
        if (bs_read_packed(&p, end, &n) || n > (uint64_t)(end - p)) return -1;
        e->cols[i].name.ptr = p;
        e->cols[i].name.len = (size_t)n;
        p += n;
    }
    return 0;
}

/* Skip one member list (count, then count length-prefixed strings). */
static int skip_str_list(const uint8_t **pp, const uint8_t *end, uint64_t *count)
{
    uint64_t len;
    if (bs_read_packed(pp, end, count)) return -1;
    for (uint64_t k = 0; k < *count; k++) {
        if (bs_read_packed(pp, end, &len) || len > (uint64_t)(end - *pp)) return -1;
        *pp += len;
    }
    return 0;
}

static int opt_str_values(bs_table_entry *e, unsigned type, const uint8_t *p, const uint8_t *end)
{
    for (uint32_t i = 0; i < e->t.ncols && p < end; i++) {
        if (e->cols[i].type != type) continue;
        const uint8_t *start = p;
        uint64_t count;
        if (skip_str_list(&p, end, &count) || count > UINT32_MAX) return -1;
        e->cols[i].n_str_values = (uint32_t)count;
        e->cols[i].str_values.ptr = start;
        e->cols[i].str_values.len = (size_t)(p - start);
    }
    return 0;
}

static int opt_per_column_number(bs_table_entry *e, unsigned type, int vector, const uint8_t *p,
                                 const uint8_t *end)
{
    uint64_t v;
    for (uint32_t i = 0; i < e->t.ncols && p < end; i++) {
        if (e->cols[i].type != type) continue;
        if (bs_read_packed(&p, end, &v)) return -1;
        if (vector)
            e->cols[i].vector_dims = (uint32_t)v;
        else
            e->cols[i].geometry_type = (uint8_t)v;
    }
    return 0;
}

static int opt_primary_key(bs_table_entry *e, int with_prefix, const uint8_t *p, const uint8_t *end)
{
    uint32_t n = 0;
    while (p < end) {
        uint64_t col, prefix = 0;
        if (bs_read_packed(&p, end, &col)) return -1;
        if (with_prefix && bs_read_packed(&p, end, &prefix)) return -1;
        if (col >= e->t.ncols) return -1;
        if (n == e->pk_cap) {
            uint32_t cap = e->pk_cap ? e->pk_cap * 2 : 8;
            uint32_t *pk = realloc(e->pk, 2 * cap * sizeof *pk);
            if (!pk) return BS_ENOMEM;
            memmove(pk + cap, pk + e->pk_cap, e->pk_cap * sizeof *pk);
            e->pk = pk;
            e->pk_cap = cap;
        }
        e->pk[n] = (uint32_t)col;
        e->pk[e->pk_cap + n] = (uint32_t)prefix;
        n++;
    }
    e->t.npk = n;
    e->t.pk = n ? e->pk : NULL;
    e->t.pk_prefix = n ? e->pk + e->pk_cap : NULL;
    return 0;
}

static int parse_optional(bs_table_entry *e, const uint8_t *p, const uint8_t *end)
{
    while (p < end) {
        unsigned type = *p++;
        uint64_t len;
        if (bs_read_packed(&p, end, &len) || len > (uint64_t)(end - p)) return -1;
        const uint8_t *f = p, *fend = p + len;
        p = fend;
        int rc = 0;
        switch (type) {
        case TMO_SIGNEDNESS: opt_signedness(e, f, fend); break;
        case TMO_DEFAULT_CHARSET: rc = opt_default_charset(e, is_character, f, fend); break;
        case TMO_COLUMN_CHARSET: rc = opt_column_charset(e, is_character, f, fend); break;
        case TMO_COLUMN_NAME: rc = opt_names(e, f, fend); break;
        case TMO_SET_STR_VALUE: rc = opt_str_values(e, BS_TYPE_SET, f, fend); break;
        case TMO_ENUM_STR_VALUE: rc = opt_str_values(e, BS_TYPE_ENUM, f, fend); break;
        case TMO_GEOMETRY_TYPE: rc = opt_per_column_number(e, BS_TYPE_GEOMETRY, 0, f, fend); break;
        case TMO_SIMPLE_PRIMARY_KEY: rc = opt_primary_key(e, 0, f, fend); break;
        case TMO_PRIMARY_KEY_WITH_PREFIX: rc = opt_primary_key(e, 1, f, fend); break;
        case TMO_ENUM_AND_SET_DEFAULT_CHARSET:
            rc = opt_default_charset(e, is_enum_or_set, f, fend);
            break;
        case TMO_ENUM_AND_SET_COLUMN_CHARSET:
            rc = opt_column_charset(e, is_enum_or_set, f, fend);
            break;
        case TMO_COLUMN_VISIBILITY: opt_visibility(e, f, fend); break;
        case TMO_VECTOR_DIMENSIONALITY:
            rc = opt_per_column_number(e, BS_TYPE_VECTOR, 1, f, fend);
            break;
        default: continue; /* a newer field: skipped by its length */
        }
        if (rc) return rc;
        if (type < 32) e->t.optional |= 1u << type;
    }
    return 0;
}

int bs_binlog_column_str_value(const bs_binlog_column *col, uint32_t idx, bs_bytes *out)
{
    if (idx >= col->n_str_values) return BS_EINVAL;
    /* The list was validated when the TABLE_MAP was parsed. */
    const uint8_t *p = col->str_values.ptr, *end = p + col->str_values.len;
    uint64_t count, len;
    bs_read_packed(&p, end, &count);
    for (uint32_t k = 0; bs_read_packed(&p, end, &len) == 0; k++) {
        if (k == idx) {
            out->ptr = p;
            out->len = (size_t)len;
            return 0;
        }
        p += len;
    }
    return BS_ECORRUPT;
}

/* ---- the event ---- */

static BS_COLD int tm_corrupt(bs_error *err, const bs_binlog_event *ev, const char *what)
{
    return bs_event_fail(err, ev, BS_ECORRUPT, "%s does not fit in the event", what);
}

static int parse_columns(bs_table_entry *e, const uint8_t *p, const uint8_t *end,
                         const bs_binlog_event *ev, bs_error *err)
{
    uint32_t n = e->t.ncols;
    const uint8_t *types = p;
    p += n;
    const uint8_t *meta = NULL, *meta_end = NULL, *nulls = NULL;
    if (p < end) {
        uint64_t mlen;
        if (bs_read_packed(&p, end, &mlen) || mlen > (uint64_t)(end - p))
            return tm_corrupt(err, ev, "column metadata");
        meta = p;
        meta_end = p + mlen;
        p = meta_end;
        if ((size_t)(end - p) < (n + 7) / 8) return tm_corrupt(err, ev, "null bitmap");
        nulls = p;
        p += (n + 7) / 8;
    }
    const uint8_t *m = meta;
    static const uint8_t zero_meta[2];
    for (uint32_t i = 0; i < n; i++) {
        bs_binlog_column *c = &e->cols[i];
        memset(c, 0, sizeof *c);
        c->binlog_type = types[i];
        c->visible = 1;
        c->nullable = nulls ? bs_bit(nulls, i) : 1;
        unsigned mb = meta_bytes(types[i]);
        if (meta && (size_t)(meta_end - m) < mb) return tm_corrupt(err, ev, "column metadata");
        if (meta) {
            column_meta(c, m);
            m += mb;
        } else {
            /* TABLE_MAPs before 5.1.18 have no metadata: CHAR/VARCHAR then had
             * at most 255 bytes, so a one-byte length prefix. */
            column_meta(c, zero_meta);
            c->type = c->binlog_type;
            if (c->type == BS_TYPE_STRING || c->type == BS_TYPE_VARCHAR) c->meta = 255;
        }
        if (!meta_valid(c))
            return bs_event_fail(err, ev, BS_ECORRUPT,
                                 "column %u: metadata %u is not valid for type %s", i + 1, c->meta,
                                 bs_column_type_name(c->type));
        e->fixed_len[i] = fixed_length(c);
    }
    if (p < end && parse_optional(e, p, end)) return tm_corrupt(err, ev, "optional metadata");
    return 0;
}

int bs_table_map_decode(bs_binlog_reader *r, bs_binlog_event *ev, bs_error *err)
{
    unsigned phl = bs_post_header_len(r, BS_EV_TABLE_MAP);
    size_t idlen = phl == 6 ? 4 : 6;
    if (phl < 6) phl = 8;
    const uint8_t *p = ev->body.ptr, *end = p + ev->body.len;
    if (ev->body.len < phl + 2) return tm_corrupt(err, ev, "table map header");
    uint64_t id = idlen == 4 ? bs_le32(p) : bs_le48(p);

    /* Peek the column count to size the entry, then parse from the copy. */
    const uint8_t *q = p + phl;
    size_t dblen = q[0];
    if ((size_t)(end - q) < dblen + 3) return tm_corrupt(err, ev, "schema name");
    q += dblen + 2;
    size_t tlen = q[0];
    if ((size_t)(end - q) < tlen + 2) return tm_corrupt(err, ev, "table name");
    q += tlen + 2;
    uint64_t ncols;
    if (bs_read_packed(&q, end, &ncols) || ncols > (uint64_t)(end - q) || ncols == 0)
        return tm_corrupt(err, ev, "column list");

    bs_table_entry *e = cache_slot(&r->tables, id);
    if (!e || entry_reserve(e, ev->body.len, (uint32_t)ncols))
        return bs_event_fail(err, ev, BS_ENOMEM, "out of memory for a table map");
    memcpy(e->copy, ev->body.ptr, ev->body.len);
    const uint8_t *c = e->copy, *cend = c + ev->body.len;
    bs_binlog_table *t = &e->t;
    t->table_id = id;
    t->flags = bs_le16(c + idlen);
    t->schema.ptr = c + phl + 1;
    t->schema.len = dblen;
    t->name.ptr = c + phl + dblen + 3;
    t->name.len = tlen;
    t->ncols = (uint32_t)ncols;
    t->cols = e->cols;
    t->optional = 0;
    t->npk = 0;
    t->pk = t->pk_prefix = NULL;
    t->user = NULL;
    int rc = parse_columns(e, c + (q - p), cend, ev, err);
    if (rc) return rc;
    ev->u.table_map = t;
    return 0;
}

const uint16_t *bs_table_fixed_lengths(const bs_binlog_table *t)
{
    return ((const bs_table_entry *)(const void *)t)->fixed_len;
}
