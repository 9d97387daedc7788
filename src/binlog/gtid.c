/*
 * gtid.c - MySQL GTID sets (PREVIOUS_GTIDS) and the GTID_TAGGED event.
 *
 * A Gtid_set is encoded as an 8-byte little-endian word holding the number
 * of sids, then per sid its 16-byte UUID, the interval count (8 bytes) and
 * [start, end) pairs (8 bytes each). MySQL 8.3 added tags: the top byte of
 * the word is a format marker (0 untagged, 1 tagged; anything else is
 * malformed), a tagged set keeps the sid count in bytes 1..6 (byte 0 repeats
 * the marker), and every sid carries a tag after its UUID as a
 * variable-length string (length 0 for the untagged part of a UUID).
 * The server rejects a set whose intervals are not strictly increasing and
 * non-adjacent, or that has bytes after the last sid; so does binsift.
 *
 * GTID_TAGGED (type 42) is written with MySQL's serialization library
 * instead of fixed offsets: a message header (format version 1, the
 * message's total size, the last non-ignorable field id), then fields, each
 * a variable-length field id followed by its value. Fields appear in id order
 * and may be left out; a left-out field takes the default MySQL gives it.
 * Integers use the library's variable-length encoding (see varlen_u64);
 * signed ones are zigzag-mapped first.
 *
 * Both decoders only read inside the given bytes and report anything that
 * does not fit as corrupt.
 */
#include <stdio.h>
#include <string.h>

#include "binlog/binlog_internal.h"

#define UUID_LEN        16
#define TAG_MAX_LEN     32 /* mysql::gtid::tag_max_length */
#define GNO_END         INT64_MAX
#define SET_FMT_TAGGED  1
#define SERIAL_VERSION  1 /* mysql::serialization format version */
#define TAGGED_N_FIELDS 12

/* ---- the serialization library's variable-length integers ---- */

/* The number of trailing one bits of the first byte, plus one, is the
 * encoding's length (1..9 bytes). The value's low bits sit above that
 * length prefix in the first byte and continue, little-endian, in the bytes
 * that follow; a 9-byte encoding (first byte 0xff) holds all 64 bits in the
 * following 8 bytes. */
static int varlen_u64(const uint8_t **pp, const uint8_t *end, uint64_t *out)
{
    const uint8_t *p = *pp;
    if (p >= end) return -1;
    unsigned n = 1;
    while (n < 9 && (p[0] >> (n - 1) & 1))
        n++;
    if ((size_t)(end - p) < n) return -1;
    if (n == 9)
        *out = bs_le64(p + 1);
    else if (n == 1)
        *out = p[0] >> 1;
    else
        *out = (uint64_t)(p[0] >> n) | bs_le_n(p + 1, n - 1) << (8 - n);
    *pp = p + n;
    return 0;
}

/* Signed integers are zigzag-mapped: the low bit is the sign. */
static int varlen_i64(const uint8_t **pp, const uint8_t *end, int64_t *out)
{
    uint64_t u;
    if (varlen_u64(pp, end, &u)) return -1;
    *out = (int64_t)((u >> 1) ^ (0 - (u & 1)));
    return 0;
}

/* An unsigned field stored in a C type of at most max. */
static int varlen_max(const uint8_t **pp, const uint8_t *end, uint64_t max, uint64_t *out)
{
    return varlen_u64(pp, end, out) || *out > max ? -1 : 0;
}

/* A tag: [A-Za-z_][A-Za-z0-9_]*, at most 32 characters; empty means untagged. */
static int tag_valid(const uint8_t *s, size_t n)
{
    if (n > TAG_MAX_LEN) return 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = s[i];
        int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return 0;
    }
    return 1;
}

/* A serialized string of at most TAG_MAX_LEN characters, as a view. */
static int read_tag(const uint8_t **pp, const uint8_t *end, bs_bytes *tag)
{
    uint64_t len;
    if (varlen_max(pp, end, TAG_MAX_LEN, &len) || (uint64_t)(end - *pp) < len) return -1;
    tag->ptr = *pp;
    tag->len = (size_t)len;
    *pp += len;
    return tag_valid(tag->ptr, tag->len) ? 0 : -1;
}

static int uuid_text(bs_buf *out, const uint8_t *u)
{
    return bs_buf_printf(
        out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1],
        u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
}

/* ---- Gtid_set ---- */

/* Walk an encoded set, rendering it into out when out is non-NULL. Returns 0,
 * BS_ENOMEM, or 1 with *why saying what is malformed. */
static int gtid_set_walk(bs_bytes raw, bs_buf *out, const char **why)
{
    *why = "the set is shorter than its sid count";
    if (raw.len < 8) return 1;
    const uint8_t *p = raw.ptr, *end = p + raw.len;
    uint64_t word = bs_le64(p);
    unsigned format = (unsigned)(word >> 56);
    p += 8;
    *why = "unknown GTID set format marker";
    if (format > SET_FMT_TAGGED) return 1;
    uint64_t nsids = format == SET_FMT_TAGGED ? word >> 8 & 0xffffffffffffu : word;
    const uint8_t *prev_uuid = NULL;
    for (uint64_t s = 0; s < nsids; s++) {
        const uint8_t *uuid = p;
        bs_bytes tag = {NULL, 0};
        *why = "a sid runs past the end of the set";
        if (end - p < UUID_LEN) return 1;
        p += UUID_LEN;
        if (format == SET_FMT_TAGGED && read_tag(&p, end, &tag)) {
            *why = "a sid's tag is truncated or not a valid tag";
            return 1;
        }
        if (end - p < 8) return 1;
        uint64_t nint = bs_le64(p);
        p += 8;
        *why = "intervals run past the end of the set";
        if ((uint64_t)(end - p) / 16 < nint) return 1;
        /* MySQL prints a UUID once, followed by its untagged and tagged
         * interval lists (the encoding sorts sids by UUID, then tag). */
        if (out && (!prev_uuid || memcmp(prev_uuid, uuid, UUID_LEN))) {
            if ((prev_uuid && bs_buf_putc(out, ',')) || uuid_text(out, uuid)) return BS_ENOMEM;
        }
        prev_uuid = uuid;
        if (out && tag.len && bs_buf_printf(out, ":%.*s", (int)tag.len, (const char *)tag.ptr))
            return BS_ENOMEM;
        int64_t last = 0;
        for (uint64_t i = 0; i < nint; i++, p += 16) {
            int64_t a = (int64_t)bs_le64(p), b = (int64_t)bs_le64(p + 8);
            *why = "intervals are empty, overlapping or out of order";
            if (a <= last || b <= a) return 1;
            last = b;
            if (!out) continue;
            int rc = b - 1 == a
                         ? bs_buf_printf(out, ":%lld", (long long)a)
                         : bs_buf_printf(out, ":%lld-%lld", (long long)a, (long long)(b - 1));
            if (rc) return rc;
        }
    }
    *why = "bytes follow the last sid";
    return p == end ? 0 : 1;
}

int bs_binlog_previous_gtids_text(const bs_binlog_previous_gtids *pg, bs_buf *out, bs_error *err)
{
    const char *why;
    int rc = gtid_set_walk(pg->raw, out, &why);
    if (rc == 1)
        return bs_error_set(err, BS_ECORRUPT, NULL, BS_NO_OFFSET, "malformed GTID set: %s", why);
    return rc;
}

int bs_previous_gtids_decode(bs_binlog_event *ev, bs_error *err)
{
    bs_binlog_previous_gtids *pg = &ev->u.previous_gtids;
    pg->raw = ev->body;
    pg->tagged = ev->body.len >= 8 && ev->body.ptr[7] == SET_FMT_TAGGED;
    const char *why;
    if (gtid_set_walk(pg->raw, NULL, &why))
        return bs_event_fail(err, ev, BS_ECORRUPT, "malformed GTID set: %s", why);
    return 0;
}

/* ---- GTID_TAGGED ---- */

/* Field ids of Gtid_event::define_fields(), in order. */
enum {
    F_FLAGS,
    F_UUID,
    F_GNO,
    F_TAG,
    F_LAST_COMMITTED,
    F_SEQUENCE_NUMBER,
    F_IMMEDIATE_COMMIT_TS,
    F_ORIGINAL_COMMIT_TS,
    F_TRANSACTION_LENGTH,
    F_IMMEDIATE_SERVER_VERSION,
    F_ORIGINAL_SERVER_VERSION,
    F_COMMIT_GROUP_TICKET
};

/* Read the value of field id into g. */
static int tagged_field(bs_binlog_gtid *g, unsigned id, const uint8_t **pp, const uint8_t *end)
{
    uint64_t u;
    switch (id) {
    case F_FLAGS:
        if (varlen_max(pp, end, UINT8_MAX, &u)) return -1;
        g->flags = (uint8_t)u;
        return 0;
    case F_UUID: /* a fixed array: 16 bytes, each a varlen integer */
        for (unsigned i = 0; i < UUID_LEN; i++) {
            if (varlen_max(pp, end, UINT8_MAX, &u)) return -1;
            g->sid[i] = (uint8_t)u;
        }
        return 0;
    case F_GNO: return varlen_i64(pp, end, &g->gno);
    case F_TAG: return read_tag(pp, end, &g->tag);
    case F_LAST_COMMITTED: return varlen_i64(pp, end, &g->last_committed);
    case F_SEQUENCE_NUMBER: return varlen_i64(pp, end, &g->sequence_number);
    case F_IMMEDIATE_COMMIT_TS: return varlen_u64(pp, end, &g->immediate_commit_ts);
    case F_ORIGINAL_COMMIT_TS: return varlen_u64(pp, end, &g->original_commit_ts);
    case F_TRANSACTION_LENGTH: return varlen_u64(pp, end, &g->transaction_length);
    case F_IMMEDIATE_SERVER_VERSION:
        if (varlen_max(pp, end, UINT32_MAX, &u)) return -1;
        g->immediate_server_version = (uint32_t)u;
        return 0;
    case F_ORIGINAL_SERVER_VERSION:
        if (varlen_max(pp, end, UINT32_MAX, &u)) return -1;
        g->original_server_version = (uint32_t)u;
        return 0;
    default: return varlen_u64(pp, end, &u); /* F_COMMIT_GROUP_TICKET, not kept */
    }
}

/* The message header; on success [*pp, *msg_end) holds the fields. */
static int tagged_header(const bs_binlog_event *ev, const uint8_t **pp, const uint8_t **msg_end,
                         bs_error *err)
{
    const uint8_t *start = ev->body.ptr, *end = start + ev->body.len, *p = start;
    uint64_t version, size, last_non_ignorable;
    if (varlen_u64(&p, end, &version) || varlen_u64(&p, end, &size) ||
        varlen_u64(&p, end, &last_non_ignorable))
        return bs_event_fail(err, ev, BS_ECORRUPT, "truncated serialization header");
    if (version != SERIAL_VERSION)
        return bs_event_fail(err, ev, BS_ECORRUPT, "serialization format %llu, expected %u",
                             (unsigned long long)version, SERIAL_VERSION);
    if (size > ev->body.len || size < (uint64_t)(p - start))
        return bs_event_fail(err, ev, BS_ECORRUPT,
                             "message size %llu does not fit the %zu-byte event body",
                             (unsigned long long)size, ev->body.len);
    /* Fields the writer marks non-ignorable must be understood. */
    if (last_non_ignorable > TAGGED_N_FIELDS)
        return bs_event_fail(err, ev, BS_EUNSUPPORTED,
                             "carries non-ignorable field %llu, unknown to binsift (newer server)",
                             (unsigned long long)last_non_ignorable - 1);
    *pp = p;
    *msg_end = start + size;
    return 0;
}

int bs_gtid_tagged_decode(bs_binlog_event *ev, bs_error *err)
{
    bs_binlog_gtid *g = &ev->u.gtid;
    memset(g, 0, sizeof *g);
    g->flags = 1; /* FLAG_MAY_HAVE_SBR, MySQL's value when the field is absent */
    const uint8_t *p = NULL, *end = NULL;
    int rc = tagged_header(ev, &p, &end, err);
    if (rc) return rc;
    unsigned present = 0;
    /* As MySQL does: a field is present when the next id is its own; at the
     * end of the message, or at another id, it is absent and the walk moves
     * on. Unknown (ignorable) fields after the known ones are skipped. */
    for (unsigned id = 0; id < TAGGED_N_FIELDS && p < end; id++) {
        const uint8_t *q = p;
        uint64_t next_id;
        if (varlen_u64(&q, end, &next_id))
            return bs_event_fail(err, ev, BS_ECORRUPT, "truncated field id");
        if (next_id != id) continue;
        if (tagged_field(g, id, &q, end))
            return bs_event_fail(err, ev, BS_ECORRUPT, "field %u is truncated or out of range", id);
        present |= 1u << id;
        p = q;
    }
    if (!(present & 1u << F_UUID) || !(present & 1u << F_GNO))
        return bs_event_fail(err, ev, BS_ECORRUPT, "no %s field",
                             present & 1u << F_UUID ? "GNO" : "UUID");
    if (g->gno < 1 || g->gno == GNO_END)
        return bs_event_fail(err, ev, BS_ECORRUPT, "GNO %lld out of range", (long long)g->gno);
    g->has_logical_clock =
        (present & 1u << F_LAST_COMMITTED) && (present & 1u << F_SEQUENCE_NUMBER);
    if (!(present & 1u << F_ORIGINAL_COMMIT_TS)) g->original_commit_ts = g->immediate_commit_ts;
    if (!(present & 1u << F_ORIGINAL_SERVER_VERSION))
        g->original_server_version = g->immediate_server_version;
    return 0;
}
