/*
 * keys.c - key collisions in merged target tables (dm-rules.md §10.2).
 *
 * When several upstream tables route into one target, two of them can
 * write the same primary-key (or NOT NULL unique key) value. DM has no
 * runtime check: in normal mode the second INSERT fails with a duplicate
 * entry (Error 1062) and the task pauses; under safe mode its REPLACE
 * silently overwrites the other shard's row. The same happens to one table
 * whose DELETE was not migrated (a filter dropped it) when the key is
 * inserted again.
 *
 * Every migrated row updates the live keys of its target: an insert makes
 * its key live, a delete removes it, an update removes the old key and makes
 * the new one live. A key is its columns' values as the binlog stores them,
 * hashed with XXH3-128 seeded by the target's name, plus the extract-column
 * values that are part of the target's key when --downstream-schema shows it
 * (then shards' keys differ exactly as in DM). Keys of other sources are not
 * seen: each source replays on its own thread.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>

#include "binsift/report.h"
#include "check/check_internal.h"

/* The target's key columns from --downstream-schema, to learn which extract
 * columns it includes. */
static const bs_schema_key *downstream_key(const bs_check_src *s, const bs_check_slot *slot,
                                           const bs_schema_table **table)
{
    const bs_route_result *r = &slot->d->route;
    if (!s->check->downstream) return NULL;
    const bs_schema_table *t =
        bs_schema_tracker_find(s->check->downstream, r->target_schema, strlen(r->target_schema),
                               r->target_table, strlen(r->target_table));
    for (uint32_t i = 0; t && i < t->nkeys; i++) {
        const bs_schema_key *k = &t->keys[i];
        uint32_t c = 0;
        while (c < k->ncols && t->cols[k->cols[c]].not_null)
            c++;
        if (k->primary || (k->unique && c == k->ncols)) {
            *table = t;
            return k;
        }
    }
    return NULL;
}

int bs_check_keys_prepare(bs_check_src *s, bs_check_slot *slot)
{
    const bs_route_result *r = &slot->d->route;
    long target = bs_check_target_of(s, r->target_schema, r->target_table);
    if (target < 0 || bs_check_target_join(s, target, slot->tally)) return BS_ENOMEM;
    slot->target = (uint32_t)target;
    const bs_schema_table *t = NULL;
    const bs_schema_key *k = downstream_key(s, slot, &t);
    for (uint32_t e = 0; k && e < slot->nextract; e++)
        for (uint32_t c = 0; c < k->ncols; c++)
            if (strcasecmp(t->cols[k->cols[c]].name, slot->extract_names[e]) == 0) {
                slot->key_extract[slot->nkey_extract++] = e;
                break;
            }
    return 0;
}

/* A value in a form equal for equal values whatever the column type, as
 * the target compares keys: integers of any width and signedness, decimals
 * of any scale ("5.10" = "5.1"), temporals by their fields. Strings are
 * compared as bytes (a case-insensitive collation would merge more). */
static int canonical(bs_buf *b, const bs_value *v)
{
    char tag;
    switch (v->kind) {
    case BS_VALUE_NULL: return bs_buf_putc(b, 'Z');
    case BS_VALUE_INT:
        if (v->v.i < 0) return bs_buf_putc(b, '-') || bs_buf_append(b, &v->v.i, 8);
        return bs_buf_putc(b, 'N') || bs_buf_append(b, &v->v.u, 8);
    case BS_VALUE_UINT:
    case BS_VALUE_YEAR:
    case BS_VALUE_ENUM:
    case BS_VALUE_SET:
    case BS_VALUE_BIT: return bs_buf_putc(b, 'N') || bs_buf_append(b, &v->v.u, 8);
    case BS_VALUE_FLOAT:
    case BS_VALUE_DOUBLE: {
        double d = v->v.d == 0 ? 0 : v->v.d; /* -0.0 = 0.0 */
        return bs_buf_putc(b, 'D') || bs_buf_append(b, &d, sizeof d);
    }
    case BS_VALUE_DECIMAL: {
        size_t at = b->len;
        if (bs_buf_putc(b, 'C') ||
            bs_value_decimal_text(v->v.bytes.ptr, v->v.bytes.len, v->precision, v->fsp, b))
            return BS_ECORRUPT;
        if (memchr(b->data + at, '.', b->len - at)) {
            while (b->data[b->len - 1] == '0')
                b->len--;
            if (b->data[b->len - 1] == '.') b->len--;
        }
        return bs_buf_putc(b, 0);
    }
    case BS_VALUE_DATE:
    case BS_VALUE_TIME:
    case BS_VALUE_DATETIME: {
        const bs_temporal *t = &v->v.t;
        uint32_t f[8] = {t->year, t->month, t->day, t->hour, t->minute, t->second, t->usec, t->neg};
        return bs_buf_putc(b, 'T') || bs_buf_append(b, f, sizeof f);
    }
    case BS_VALUE_TIMESTAMP: return bs_buf_putc(b, 'P') || bs_buf_append(b, &v->v.ts, 8);
    default: tag = v->kind == BS_VALUE_STRING ? 'S' : 'B'; break;
    }
    uint64_t n = v->v.bytes.len;
    return bs_buf_putc(b, tag) || bs_buf_append(b, &n, 8) ||
           bs_buf_append(b, v->v.bytes.ptr, v->v.bytes.len);
}

/* The key of one image, hashed. 0; 1 when the image lacks a key column or
 * holds a value that does not decode (no key then); BS_ENOMEM. */
static int key_hash(bs_check_src *s, const bs_check_slot *slot, const bs_binlog_rows *rows,
                    const bs_binlog_image *img, uint64_t out[2])
{
    bs_buf *b = &s->key_bytes;
    bs_buf_clear(b);
    int extract_in_key = 0; /* the structure (from downstream) has them as its last columns */
    for (uint32_t i = 0; i < slot->nkey; i++) {
        bs_value v;
        bs_error err;
        uint32_t col = slot->key[i];
        if (col >= rows->ncols && col - rows->ncols < slot->nextract) {
            const char *x = slot->extract_values[col - rows->ncols];
            if (bs_buf_append(b, x, strlen(x) + 1)) return BS_ENOMEM;
            extract_in_key = 1;
            continue;
        }
        if (col >= rows->ncols || img->off[col] == BS_IMAGE_ABSENT ||
            bs_binlog_image_value(rows, img, col, &v, &err))
            return 1;
        int rc = canonical(b, &v);
        if (rc) return rc == BS_ENOMEM ? rc : 1;
    }
    for (uint32_t i = 0; !extract_in_key && i < slot->nkey_extract; i++) {
        const char *x = slot->extract_values[slot->key_extract[i]];
        if (bs_buf_append(b, x, strlen(x) + 1)) return BS_ENOMEM;
    }
    const bs_check_target *target = &s->targets[slot->target];
    uint64_t seed = target->name_hash ^ ((uint64_t)target->generation * 0x9E3779B97F4A7C15ull);
    XXH128_hash_t h = XXH3_128bits_withSeed(b->data, b->len, seed);
    out[0] = h.low64;
    out[1] = h.high64 | (h.low64 ? 0 : 1); /* {0, 0} marks an empty slot */
    return 0;
}

/* "`id`=3, `region`='eu'" */
static void key_words(const bs_check_slot *slot, const bs_binlog_rows *rows,
                      const bs_binlog_image *img, bs_buf *out)
{
    int extract_in_key = 0;
    for (uint32_t i = 0; i < slot->nkey; i++) {
        uint32_t col = slot->key[i];
        const char *sep = i ? ", " : "";
        if (col >= rows->ncols && col - rows->ncols < slot->nextract) { /* an extract column */
            uint32_t e = col - rows->ncols;
            bs_buf_printf(out, "%s`%s`='%s'", sep, slot->extract_names[e], slot->extract_values[e]);
            extract_in_key = 1;
            continue;
        }
        bs_value v;
        bs_error err;
        bs_buf_printf(out, "%s`%s`=", sep, slot->name_list ? slot->name_list[col] : "?");
        const bs_binlog_column *c =
            rows->table && col < rows->table->ncols ? &rows->table->cols[col] : NULL;
        if (bs_binlog_image_value(rows, img, col, &v, &err) ||
            bs_report_value_text(out, &v, c, &err))
            bs_buf_puts(out, "?");
    }
    for (uint32_t i = 0; !extract_in_key && i < slot->nkey_extract; i++) {
        uint32_t e = slot->key_extract[i];
        bs_buf_printf(out, ", `%s`='%s'", slot->extract_names[e], slot->extract_values[e]);
    }
}

/* What the row does to a key another row holds, for the conflict message. */
enum key_clash {
    CLASH_INSERT,   /* INSERT / REPLACE of a live key */
    CLASH_OVERWRITE /* UPDATE / DELETE whose WHERE finds another table's row */
};

static int collision(bs_check_src *s, const bs_check_slot *slot, const bs_binlog_rows *rows,
                     const bs_binlog_image *img, const bs_keyset_entry *prev, int clash, int kind,
                     int safe, bs_check_verdict *v)
{
    const char *schema, *table;
    bs_check_tally_table_names(s->tally, prev->origin, &schema, &table);
    const bs_route_result *r = &slot->d->route;
    int same = (long)prev->origin == slot->tally;
    if (same && safe) return 0; /* REPLACE restores this table's own row: no harm */
    bs_buf *detail = &s->key_detail;
    bs_buf_clear(detail);
    bs_buf_printf(detail, "%s key (", clash == CLASH_INSERT ? "duplicate" : "shared");
    key_words(slot, rows, img, detail);
    bs_buf_printf(detail, ") in `%s`.`%s`: ", r->target_schema, r->target_table);
    if (same)
        bs_buf_printf(detail, "the row is still there, its DELETE or TRUNCATE was not migrated; ");
    else
        bs_buf_printf(detail, "the row was written by `%s`.`%s` at %s:%llu; ", schema, table,
                      bs_io_list_path(s->list, prev->member), (unsigned long long)prev->position);
    if (clash == CLASH_OVERWRITE)
        bs_buf_printf(detail, "this %s changes that row instead (silent data corruption)",
                      kind == BS_ROW_DELETE ? "DELETE" : "UPDATE");
    else
        bs_buf_printf(detail,
                      safe ? "under safe mode DM's REPLACE silently overwrites it (data loss)"
                           : "DM's %s fails with Error 1062 (Duplicate entry) and the task pauses",
                      kind == BS_ROW_UPDATE ? "UPDATE" : "INSERT");
    v->verdict = BS_VERDICT_CONFLICT;
    v->step = BS_STEP_KEYS;
    v->dm_code = clash == CLASH_INSERT && !safe ? 1062 : 0;
    v->detail = detail->data;
    v->fix = same
                 ? "migrate the DELETEs / TRUNCATEs of this table (a binlog filter drops them), or "
                   "expect this key to fail"
                 : "make the target key distinct across shards: put the route's extract-table/"
                   "extract-schema/extract-source columns into the downstream primary key, or "
                   "demote the auto-increment column to a plain index (dm-rules.md §10)";
    return 1;
}

static int capped(bs_check_src *s, const bs_binlog_event *ev)
{
    s->keys_full = 1;
    bs_check_note(s, BS_DIAG_WARNING, "keys-capped",
                  "key collision checking stopped at %s:%llu: %llu live keys reached --max-keys; "
                  "later collisions are not reported",
                  ev->file, (unsigned long long)ev->offset,
                  (unsigned long long)bs_keyset_count(s->keys));
    return 0;
}

int bs_check_keys_row(bs_check_src *s, const bs_check_slot *slot, const bs_binlog_event *ev,
                      const bs_binlog_row *row, int kind, int safe, bs_check_verdict *v)
{
    if (!s->keys || !slot->nkey || s->keys_full) return 0;
    const bs_binlog_rows *rows = &ev->u.rows;
    uint64_t h[2];
    bs_keyset_entry prev;
    int rc, hit_other = 0;
    if (kind != BS_ROW_INSERT && (rc = key_hash(s, slot, rows, &row->before, h)) != 1) {
        if (rc) return rc;
        /* the old row leaves the target: DM's WHERE finds whichever row has the key */
        hit_other = bs_keyset_remove(s->keys, h, &prev) && (long)prev.origin != slot->tally;
    }
    if (hit_other) {
        bs_keyset_entry other = prev;
        if (kind == BS_ROW_DELETE || (rc = key_hash(s, slot, rows, &row->after, h)) != 0)
            return rc < 0 ? rc
                          : collision(s, slot, rows, &row->before, &other, CLASH_OVERWRITE, kind,
                                      safe, v);
    } else if (kind == BS_ROW_DELETE || (rc = key_hash(s, slot, rows, &row->after, h)) != 0) {
        return rc < 0 ? rc : 0;
    }
    bs_keyset_entry e = {.hash = {h[0], h[1]},
                         .origin = (uint32_t)slot->tally,
                         .member = s->member,
                         .position = ev->offset};
    bs_keyset_entry other = prev;
    rc = bs_keyset_insert(s->keys, &e, &prev);
    if (rc == BS_KEYSET_LIVE)
        return collision(s, slot, rows, &row->after, &prev, CLASH_INSERT, kind, safe, v);
    if (rc == BS_KEYSET_FULL) return capped(s, ev);
    if (rc < 0) return rc;
    return hit_other
               ? collision(s, slot, rows, &row->before, &other, CLASH_OVERWRITE, kind, safe, v)
               : 0;
}
