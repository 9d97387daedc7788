/*
 * rows.c - rows events: the fixed part, and walking row images.
 *
 * A rows event names a table id, a column count and one bitmap of the
 * columns it carries (two for updates: before and after image), then holds
 * row images back to back. Each image is a null bitmap over its present
 * columns followed by the non-NULL values in column order. Values have no
 * per-value type tag, so finding where a row ends means computing each
 * value's length from the TABLE_MAP types; that walk (rows_next) is the hot
 * loop of the decoder. Fixed-size columns take one table lookup; only
 * strings, blobs and JSON read a length prefix. Values themselves are decoded
 * only when asked for (value.c).
 *
 * Version differences: pre-GA (5.1.0-5.1.15) and v1 rows events share one
 * layout; v2 adds a variable "extra data" block after the post-header; MySQL's
 * PARTIAL_UPDATE_ROWS adds value options before each after image; MariaDB's
 * compressed rows events store the row images zlib-compressed.
 */
#include <stdlib.h>
#include <string.h>

#include "binlog/binlog_internal.h"

static BS_COLD int rows_corrupt(bs_error *err, const bs_binlog_event *ev, const char *what)
{
    return bs_event_fail(err, ev, BS_ECORRUPT, "%s does not fit in the event", what);
}

static void rows_kind(bs_binlog_rows *rw, unsigned type)
{
    switch (type) {
    case BS_EV_PRE_GA_WRITE_ROWS: rw->kind = BS_ROWS_WRITE, rw->version = 0; break;
    case BS_EV_PRE_GA_UPDATE_ROWS: rw->kind = BS_ROWS_UPDATE, rw->version = 0; break;
    case BS_EV_PRE_GA_DELETE_ROWS: rw->kind = BS_ROWS_DELETE, rw->version = 0; break;
    case BS_EV_WRITE_ROWS_V1:
    case BS_EV_MARIA_WRITE_ROWS_COMPRESSED_V1: rw->kind = BS_ROWS_WRITE, rw->version = 1; break;
    case BS_EV_UPDATE_ROWS_V1:
    case BS_EV_MARIA_UPDATE_ROWS_COMPRESSED_V1: rw->kind = BS_ROWS_UPDATE, rw->version = 1; break;
    case BS_EV_DELETE_ROWS_V1:
    case BS_EV_MARIA_DELETE_ROWS_COMPRESSED_V1: rw->kind = BS_ROWS_DELETE, rw->version = 1; break;
    case BS_EV_WRITE_ROWS_V2:
    case BS_EV_MARIA_WRITE_ROWS_COMPRESSED: rw->kind = BS_ROWS_WRITE, rw->version = 2; break;
    case BS_EV_UPDATE_ROWS_V2:
    case BS_EV_PARTIAL_UPDATE_ROWS:
    case BS_EV_MARIA_UPDATE_ROWS_COMPRESSED: rw->kind = BS_ROWS_UPDATE, rw->version = 2; break;
    default: rw->kind = BS_ROWS_DELETE, rw->version = 2; break;
    }
    rw->partial = type == BS_EV_PARTIAL_UPDATE_ROWS;
    rw->compressed = type >= BS_EV_MARIA_WRITE_ROWS_COMPRESSED_V1;
}

int bs_rows_decode(bs_binlog_reader *r, bs_binlog_event *ev, bs_error *err)
{
    bs_binlog_rows *rw = &ev->u.rows;
    rows_kind(rw, ev->type);
    unsigned phl = bs_post_header_len(r, ev->type);
    size_t idlen = phl == 6 ? 4 : 6;
    if (phl < 6) phl = rw->version == 2 ? 10 : 8;
    const uint8_t *p = ev->body.ptr, *end = p + ev->body.len;
    if (ev->body.len < phl) return rows_corrupt(err, ev, "rows post-header");
    rw->table_id = idlen == 4 ? bs_le32(p) : bs_le48(p);
    rw->flags = bs_le16(p + idlen);
    rw->extra.ptr = NULL;
    rw->extra.len = 0;
    if (rw->version == 2) {
        size_t extra = bs_le16(p + idlen + 2); /* counts its own two bytes */
        if (extra < 2 || (size_t)(end - p) < phl + extra - 2)
            return rows_corrupt(err, ev, "rows extra data");
        rw->extra.ptr = p + phl;
        rw->extra.len = extra - 2;
        p += phl + extra - 2;
    } else {
        p += phl;
    }
    uint64_t width;
    if (bs_read_packed(&p, end, &width) || width > (uint64_t)(end - p) * 8)
        return rows_corrupt(err, ev, "column count");
    size_t bm = (size_t)(width + 7) / 8;
    rw->ncols = (uint32_t)width;
    if ((size_t)(end - p) < bm) return rows_corrupt(err, ev, "column bitmap");
    rw->cols_before = rw->cols_after = p;
    p += bm;
    if (rw->kind == BS_ROWS_UPDATE && rw->version > 0) { /* pre-GA: one bitmap for both */
        if ((size_t)(end - p) < bm) return rows_corrupt(err, ev, "after-image column bitmap");
        rw->cols_after = p;
        p += bm;
    }
    rw->data.ptr = p;
    rw->data.len = (size_t)(end - p);
    rw->reader = r;
    if (rw->flags & BS_ROWS_STMT_END_F) r->end_of_statement = true;
    rw->table = bs_table_cache_find(r, rw->table_id);
    if (rw->table && rw->ncols > rw->table->ncols)
        return bs_event_fail(
            err, ev, BS_ECORRUPT, "rows event has %u columns but the TABLE_MAP of %.*s.%.*s has %u",
            rw->ncols, (int)rw->table->schema.len, (const char *)rw->table->schema.ptr,
            (int)rw->table->name.len, (const char *)rw->table->name.ptr, rw->table->ncols);
    if (rw->compressed) return bs_maria_inflate(r, ev, p, rw->data.len, &rw->data, err);
    return 0;
}

int bs_value_length(const bs_binlog_column *col, const uint8_t *p, size_t avail, uint32_t *len)
{
    size_t prefix, n;
    if (bs_type_is_blob(col->type)) {
        prefix = col->meta; /* 1..4, validated with the TABLE_MAP */
        if (avail < prefix) return -1;
        n = (size_t)bs_le_n(p, (unsigned)prefix);
    } else if (col->type == BS_TYPE_VARCHAR || col->type == BS_TYPE_STRING ||
               col->type == BS_TYPE_MARIA_VARCHAR_COMPRESSED) {
        prefix = col->meta > 255 ? 2 : 1;
        if (avail < prefix) return -1;
        n = prefix == 1 ? p[0] : bs_le16(p);
    } else {
        return -2; /* fixed-size types are measured by the caller */
    }
    if (n > avail - prefix) return -1;
    *len = (uint32_t)(prefix + n);
    return 0;
}

/* Does every row walk cleanly and end exactly at the end of the event? */
static int rows_tile(bs_binlog_row_iter *it)
{
    bs_binlog_row row;
    int rc;
    while ((rc = bs_binlog_rows_next(it, &row, NULL)) == 1) {
    }
    return rc == 0 && it->pos == it->rows->data.len;
}

int bs_binlog_rows_begin(bs_binlog_reader *r, const bs_binlog_event *ev, bs_binlog_row_iter *it,
                         bs_error *err)
{
    const bs_binlog_rows *rw = &ev->u.rows;
    if (!bs_binlog_is_rows(ev)) return bs_event_fail(err, ev, BS_EINVAL, "not a rows event");
    if (!rw->table)
        return bs_event_fail(err, ev, BS_ECORRUPT,
                             "no TABLE_MAP for table id %llu precedes this rows event (did the "
                             "range start inside a transaction?)",
                             (unsigned long long)rw->table_id);
    size_t need = (size_t)(rw->ncols ? rw->ncols : 1) * 4;
    if (need > r->row_off_cap) {
        uint32_t *p = realloc(r->row_off, need * sizeof *p);
        if (!p) return bs_event_fail(err, ev, BS_ENOMEM, "out of memory for row offsets");
        r->row_off = p;
        r->row_off_cap = need;
    }
    it->rows = rw;
    it->reader = r;
    it->pos = 0;
    it->index = 0;
    it->file = ev->file;
    it->offset = ev->offset;
    it->pre_ga_xbit = 0;
    if (rw->version == 0) {
        /* The binlog does not say whether the X bit is there: take the
         * layout under which the rows exactly fill the event. */
        it->pre_ga_xbit = 1;
        int with_xbit = rows_tile(it);
        it->pos = 0;
        it->index = 0;
        it->pre_ga_xbit = (uint8_t)with_xbit;
    }
    return 0;
}

/* MariaDB before 10.1 (mysql56_temporal_format=OFF) logs TIME, DATETIME and
 * TIMESTAMP with fractional seconds under the old type codes, without the
 * metadata that would give their width. */
static int has_untyped_temporal(const bs_binlog_table *t)
{
    for (uint32_t i = 0; i < t->ncols; i++) {
        unsigned ty = t->cols[i].type;
        if (ty == BS_TYPE_TIME || ty == BS_TYPE_DATETIME || ty == BS_TYPE_TIMESTAMP) return 1;
    }
    return 0;
}

static BS_COLD int row_corrupt(const bs_binlog_row_iter *it, bs_error *err, uint32_t col,
                               const char *what)
{
    const bs_binlog_table *t = it->rows->table;
    const char *hint = has_untyped_temporal(t)
                           ? " (if a MariaDB server before 10.1 wrote this binlog, a TIME/"
                             "DATETIME/TIMESTAMP column with fractional seconds has a width the "
                             "binlog does not record)"
                           : "";
    return bs_error_set(err, BS_ECORRUPT, it->file, it->offset,
                        "rows event for %.*s.%.*s: row %llu, column %u: %s%s", (int)t->schema.len,
                        (const char *)t->schema.ptr, (int)t->name.len, (const char *)t->name.ptr,
                        (unsigned long long)it->index + 1, col + 1, what, hint);
}

static BS_COLD int unmeasurable(const bs_binlog_row_iter *it, bs_error *err, uint32_t col, int why)
{
    if (why == -1) return row_corrupt(it, err, col, "value length runs past the event");
    const bs_binlog_table *t = it->rows->table;
    return bs_error_set(err, BS_EUNSUPPORTED, it->file, it->offset,
                        "rows event for %.*s.%.*s: column %u has type %s (%u), which binsift "
                        "cannot decode",
                        (int)t->schema.len, (const char *)t->schema.ptr, (int)t->name.len,
                        (const char *)t->name.ptr, col + 1, bs_column_type_name(t->cols[col].type),
                        t->cols[col].type);
}

static uint32_t count_bits(const uint8_t *map, uint32_t n)
{
    uint32_t c = 0;
    for (uint32_t i = 0; i < n / 8; i++)
        c += (uint32_t)__builtin_popcount(map[i]);
    for (uint32_t i = n & ~7u; i < n; i++)
        c += (uint32_t)bs_bit(map, i);
    return c;
}

/* Value options and partial-JSON bitmap ahead of a PARTIAL_UPDATE_ROWS after
 * image: one bit per JSON column of the TABLE_MAP, whether or not the image
 * holds it (pack_row and mysqlbinlog count table_def::json_column_count()). */
static int partial_header(bs_binlog_row_iter *it, bs_binlog_image *img, const uint8_t **pp,
                          const uint8_t *end, bs_error *err)
{
    if (bs_read_packed(pp, end, &img->value_options))
        return row_corrupt(it, err, 0, "value options");
    if (!(img->value_options & 1)) return 0;
    const bs_binlog_table *t = it->rows->table;
    uint32_t njson = 0;
    for (uint32_t i = 0; i < t->ncols; i++)
        njson += t->cols[i].type == BS_TYPE_JSON;
    if ((size_t)(end - *pp) < (njson + 7) / 8)
        return row_corrupt(it, err, 0, "partial JSON bitmap");
    img->partial_json = *pp;
    *pp += (njson + 7) / 8;
    return 0;
}

/* Walk one image starting at data + *pos, filling off/len per column. */
static int walk_image(bs_binlog_row_iter *it, const uint8_t *present, int partial,
                      bs_binlog_image *img, uint32_t *off, uint32_t *len, bs_error *err)
{
    const bs_binlog_rows *rw = it->rows;
    const uint8_t *base = rw->data.ptr, *end = base + rw->data.len, *p = base + it->pos;
    const bs_binlog_column *cols = rw->table->cols;
    const uint16_t *fixed = bs_table_fixed_lengths(rw->table);
    uint32_t n = rw->ncols;
    img->present = present;
    img->off = off;
    img->len = len;
    img->value_options = 0;
    img->partial_json = NULL;
    if (partial) {
        int rc = partial_header(it, img, &p, end, err);
        if (rc) return rc;
    }
    /* Pre-GA images copied the engine record's null bytes, which for fixed-
     * format MyISAM tables start with the always-set "X" bit. */
    uint32_t k = it->pre_ga_xbit;
    uint32_t nbits = count_bits(present, n) + k;
    if ((size_t)(end - p) < (nbits + 7) / 8) return row_corrupt(it, err, 0, "null bitmap");
    img->nulls = p;
    img->null_base = (uint8_t)k;
    p += (nbits + 7) / 8;
    for (uint32_t i = 0; i < n; i++) {
        off[i] = BS_IMAGE_ABSENT;
        len[i] = BS_IMAGE_NULL;
        if (!bs_bit(present, i)) continue;
        off[i] = (uint32_t)(p - base);
        if (bs_bit(img->nulls, k++)) continue;
        uint32_t l = fixed[i];
        if (l == 0xffff) {
            int rc = bs_value_length(&cols[i], p, (size_t)(end - p), &l);
            if (BS_UNLIKELY(rc)) return unmeasurable(it, err, i, rc);
        } else if (BS_UNLIKELY((size_t)(end - p) < l)) {
            return row_corrupt(it, err, i, "value runs past the event");
        }
        len[i] = l;
        p += l;
    }
    it->pos = (size_t)(p - base);
    return 0;
}

int bs_binlog_rows_next(bs_binlog_row_iter *it, bs_binlog_row *row, bs_error *err)
{
    const bs_binlog_rows *rw = it->rows;
    if (it->pos >= rw->data.len) return 0;
    uint32_t *buf = it->reader->row_off, n = rw->ncols;
    size_t start = it->pos;
    bs_arena_reset(&it->reader->row_values);
    row->has_before = rw->kind != BS_ROWS_WRITE;
    row->has_after = rw->kind != BS_ROWS_DELETE;
    int rc;
    if (row->has_before) {
        rc = walk_image(it, rw->cols_before, 0, &row->before, buf, buf + n, err);
        if (rc) return rc;
    }
    if (row->has_after) {
        if (row->has_before && it->pos >= rw->data.len)
            return row_corrupt(it, err, 0, "update has a before image but no after image");
        rc =
            walk_image(it, rw->cols_after, rw->partial, &row->after, buf + 2 * n, buf + 3 * n, err);
        if (rc) return rc;
    }
    /* A row that occupies no bytes would repeat forever: the event has data
     * but nothing to decode it with. */
    if (BS_UNLIKELY(it->pos == start))
        return row_corrupt(it, err, 0, "row image occupies no bytes but the event has data left");
    it->index++;
    return 1;
}

int bs_binlog_image_has(const bs_binlog_image *img, uint32_t col)
{
    return img->off[col] != BS_IMAGE_ABSENT;
}

int bs_binlog_image_is_null(const bs_binlog_image *img, uint32_t col)
{
    return img->off[col] != BS_IMAGE_ABSENT && img->len[col] == BS_IMAGE_NULL;
}
