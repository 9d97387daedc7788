/*
 * compressed.c - events whose contents are compressed.
 *
 * MySQL 8.0.20+ (binlog_transaction_compression=ON) wraps a whole transaction
 * in one TRANSACTION_PAYLOAD event: a small header of (type, length, value)
 * fields, all length-encoded integers, ended by a 0 type, then the zstd-
 * compressed concatenation of the transaction's events. Those inner events
 * carry a common header but no checksum (the payload event has one). The
 * payload is inflated as a stream into a window and framed like a file, so
 * memory is bounded by the largest inner event, not the transaction, and a
 * lying uncompressed-size field cannot make the reader allocate anything.
 *
 * MariaDB 10.3+ COMPRESSED columns (types 140/141 in a TABLE_MAP) carry, in
 * each value, a header byte - method in the high nibble (8 = zlib, 0 = stored
 * as is), bit 3 set for a raw deflate stream, the length of the length in
 * bits 0-2 - then the original length big-endian, then the deflate data.
 *
 * MariaDB 10.2+ (log_bin_compress=ON) compresses the statement text of QUERY
 * events and the row images of rows events (types 165-171) with zlib. The
 * compressed block starts with a header byte - bit 7 set, algorithm in bits
 * 4-6 (0 = zlib), length-of-length in bits 0-2 - then the uncompressed length
 * big-endian, then the zlib stream.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "binlog/binlog_internal.h"

#define PAYLOAD_END               0
#define PAYLOAD_SIZE              1
#define PAYLOAD_COMPRESSION       2
#define PAYLOAD_UNCOMPRESSED_SIZE 3
#define COMPRESSION_ZSTD          0
#define COMPRESSION_NONE          255

static int grow(uint8_t **buf, size_t *cap, size_t need)
{
    if (need <= *cap) return 0;
    size_t n = *cap ? *cap : 64 * 1024;
    while (n < need)
        n *= 2; /* need is bounded by BS_MAX_EVENT_SIZE */
    uint8_t *p = realloc(*buf, n);
    if (!p) return BS_ENOMEM;
    *buf = p;
    *cap = n;
    return 0;
}

static int payload_header(const bs_binlog_event *ev, bs_binlog_payload *pl, bs_bytes *data,
                          bs_error *err)
{
    const uint8_t *p = ev->body.ptr, *end = p + ev->body.len;
    uint64_t size = UINT64_MAX;
    pl->compression = COMPRESSION_NONE;
    pl->uncompressed_size = 0;
    for (;;) {
        uint64_t type, len, value;
        if (bs_read_packed(&p, end, &type))
            return bs_event_fail(err, ev, BS_ECORRUPT, "payload header runs past the event");
        if (type == PAYLOAD_END) break;
        if (bs_read_packed(&p, end, &len) || len > (uint64_t)(end - p))
            return bs_event_fail(err, ev, BS_ECORRUPT, "payload header field runs past the event");
        const uint8_t *vstart = p;
        if (bs_read_packed(&p, vstart + len, &value)) value = 0;
        p = vstart + len;
        if (type == PAYLOAD_SIZE) size = value;
        if (type == PAYLOAD_COMPRESSION) pl->compression = value;
        if (type == PAYLOAD_UNCOMPRESSED_SIZE) pl->uncompressed_size = value;
    }
    if (size == UINT64_MAX) size = (uint64_t)(end - p);
    if (size > (uint64_t)(end - p))
        return bs_event_fail(err, ev, BS_ECORRUPT,
                             "payload of %llu bytes does not fit in the event",
                             (unsigned long long)size);
    data->ptr = p;
    data->len = (size_t)size;
    return 0;
}

int bs_payload_begin(bs_binlog_reader *r, bs_binlog_event *ev, bs_error *err)
{
    bs_binlog_payload *pl = &ev->u.payload;
    bs_bytes data = {NULL, 0};
    int rc = payload_header(ev, pl, &data, err);
    if (rc) return rc;
    if (pl->compression != COMPRESSION_ZSTD && pl->compression != COMPRESSION_NONE)
        return bs_event_fail(err, ev, BS_EUNSUPPORTED, "unknown payload compression type %llu",
                             (unsigned long long)pl->compression);
    if (pl->compression == COMPRESSION_ZSTD) {
        if (!r->zstd && !(r->zstd = ZSTD_createDCtx()))
            return bs_event_fail(err, ev, BS_ENOMEM, "out of memory for zstd");
        ZSTD_DCtx_reset(r->zstd, ZSTD_reset_session_only);
    }
    bs_payload_state *ps = &r->payload;
    ps->in = data;
    ps->in_pos = 0;
    ps->zstd = pl->compression == COMPRESSION_ZSTD;
    ps->pos = ps->len = 0;
    ps->index = 0;
    ps->outer = *ev;
    ps->active = data.len > 0;
    return 0;
}

/* Make need inflated bytes available at buf + pos. 1: yes; 0: the payload
 * ended first; < 0: error. The outer event (and so the compressed input)
 * stays in the reader's window while the payload is read. */
static int payload_fill(bs_binlog_reader *r, size_t need, bs_error *err)
{
    bs_payload_state *ps = &r->payload;
    if (ps->len - ps->pos >= need) return 1;
    if (ps->pos) {
        memmove(ps->buf, ps->buf + ps->pos, ps->len - ps->pos);
        ps->len -= ps->pos;
        ps->pos = 0;
    }
    if (grow(&ps->buf, &ps->cap, need))
        return bs_event_fail(err, &ps->outer, BS_ENOMEM, "out of memory for a payload event");
    while (ps->len < need && ps->in_pos < ps->in.len) {
        if (!ps->zstd) {
            size_t n = ps->in.len - ps->in_pos < ps->cap - ps->len ? ps->in.len - ps->in_pos
                                                                   : ps->cap - ps->len;
            memcpy(ps->buf + ps->len, ps->in.ptr + ps->in_pos, n);
            ps->in_pos += n;
            ps->len += n;
            continue;
        }
        ZSTD_inBuffer zin = {ps->in.ptr, ps->in.len, ps->in_pos};
        ZSTD_outBuffer zout = {ps->buf, ps->cap, ps->len};
        size_t zrc = ZSTD_decompressStream(r->zstd, &zout, &zin);
        if (ZSTD_isError(zrc))
            return bs_event_fail(err, &ps->outer, BS_ECORRUPT, "zstd: %s", ZSTD_getErrorName(zrc));
        if (zin.pos == ps->in_pos && zout.pos == ps->len)
            return bs_event_fail(err, &ps->outer, BS_ECORRUPT, "zstd: payload is truncated");
        ps->in_pos = zin.pos;
        ps->len = zout.pos;
    }
    return ps->len - ps->pos >= need;
}

int bs_payload_next(bs_binlog_reader *r, bs_binlog_event *ev, bs_error *err)
{
    bs_payload_state *ps = &r->payload;
    int rc = payload_fill(r, BS_EVENT_HEADER_LEN, err);
    if (rc <= 0) {
        ps->active = false;
        if (rc == 0 && ps->len > ps->pos)
            return bs_event_fail(err, &ps->outer, BS_ECORRUPT,
                                 "payload ends inside the header of inner event %u", ps->index + 1);
        return rc;
    }
    uint32_t size = bs_le32(ps->buf + ps->pos + 9);
    if (size < BS_EVENT_HEADER_LEN || size > BS_MAX_EVENT_SIZE)
        return bs_event_fail(err, &ps->outer, BS_ECORRUPT, "inner event %u declares %u bytes",
                             ps->index + 1, size);
    rc = payload_fill(r, size, err);
    if (rc <= 0)
        return rc < 0 ? rc
                      : bs_event_fail(err, &ps->outer, BS_ECORRUPT,
                                      "inner event %u of %u bytes runs past the payload",
                                      ps->index + 1, size);
    if (r->end_of_statement) {
        bs_table_cache_reset(&r->tables);
        r->end_of_statement = false;
    }
    const uint8_t *p = ps->buf + ps->pos;
    ps->pos += size;
    bs_event_header(r, p, ev);
    ev->file = r->file;
    ev->offset = ps->outer.offset;
    ev->payload_index = ++ps->index;
    ev->undecoded = 0;
    ev->raw.ptr = p;
    ev->raw.len = size;
    ev->body.ptr = p + BS_EVENT_HEADER_LEN;
    ev->body.len = size - BS_EVENT_HEADER_LEN;
    if (ev->type == BS_EV_TRANSACTION_PAYLOAD || ev->type == BS_EV_FORMAT_DESCRIPTION)
        return bs_event_fail(err, ev, BS_ECORRUPT, "event type not allowed inside a payload");
    rc = bs_event_decode(r, ev, err);
    return rc ? rc : 1;
}

int bs_maria_inflate(bs_binlog_reader *r, const bs_binlog_event *ev, const uint8_t *p, size_t n,
                     bs_bytes *out, bs_error *err)
{
    if (n < 1 || !(p[0] & 0x80))
        return bs_event_fail(err, ev, BS_ECORRUPT, "compressed block lacks its header byte");
    unsigned lenlen = p[0] & 0x07, alg = (p[0] >> 4) & 0x07;
    if (alg != 0)
        return bs_event_fail(err, ev, BS_EUNSUPPORTED, "unknown compression algorithm %u", alg);
    if (lenlen < 1 || lenlen > 4 || n < 1 + lenlen)
        return bs_event_fail(err, ev, BS_ECORRUPT, "compressed block has a bad length header");
    size_t want = (size_t)bs_be_n(p + 1, lenlen), packed = n - 1 - lenlen;
    /* zlib cannot expand data more than about 1032:1, so a larger claim is
     * a lie; refusing it keeps a tiny event from allocating a gigabyte. */
    if (want > packed * 1032 + 64)
        return bs_event_fail(err, ev, BS_ECORRUPT,
                             "compressed block claims %zu bytes inflated from %zu bytes", want,
                             packed);
    if (grow(&r->inflate, &r->inflate_cap, want ? want : 1))
        return bs_event_fail(err, ev, BS_ENOMEM, "out of memory inflating an event");
    uLongf got = (uLongf)want;
    int zrc = uncompress(r->inflate, &got, p + 1 + lenlen, (uLong)packed);
    if (zrc != Z_OK || got != want)
        return bs_event_fail(err, ev, BS_ECORRUPT, "zlib: cannot inflate compressed block (%s)",
                             zrc == Z_OK ? "length mismatch" : zError(zrc));
    out->ptr = r->inflate;
    out->len = want;
    return 0;
}

int bs_maria_column_value(bs_binlog_reader *r, const uint8_t *p, size_t n, size_t max,
                          bs_bytes *out, bs_error *err)
{
    out->ptr = p;
    out->len = 0;
    if (n == 0) return 0;
    unsigned method = p[0] >> 4, lenlen = p[0] & 0x07;
    if (method == 0) { /* stored uncompressed */
        out->ptr = p + 1;
        out->len = n - 1;
        return 0;
    }
    if (method != 8)
        return bs_error_set(err, BS_EUNSUPPORTED, NULL, BS_NO_OFFSET,
                            "COMPRESSED column uses unknown compression method %u", method);
    if (lenlen < 1 || lenlen > 4 || n < 1 + lenlen)
        return bs_error_set(err, BS_ECORRUPT, NULL, BS_NO_OFFSET,
                            "COMPRESSED column value has a bad length header");
    size_t want = (size_t)bs_be_n(p + 1, lenlen), packed = n - 1 - lenlen;
    if (want > max || want > packed * 1032 + 64)
        return bs_error_set(err, BS_ECORRUPT, NULL, BS_NO_OFFSET,
                            "COMPRESSED column value claims %zu bytes from %zu", want, packed);
    uint8_t *dst = want ? bs_arena_alloc(&r->row_values, want) : NULL;
    if (want && !dst) return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    z_stream zs = {0};
    zs.next_in = (Bytef *)(uintptr_t)(p + 1 + lenlen);
    zs.avail_in = (uInt)packed;
    zs.next_out = dst;
    zs.avail_out = (uInt)want;
    int zrc = inflateInit2(&zs, (p[0] & 0x08) ? -MAX_WBITS : MAX_WBITS);
    if (zrc == Z_OK) zrc = inflate(&zs, Z_FINISH);
    size_t got = zs.total_out;
    inflateEnd(&zs);
    if (zrc != Z_STREAM_END || got != want)
        return bs_error_set(err, BS_ECORRUPT, NULL, BS_NO_OFFSET,
                            "COMPRESSED column value does not inflate (%s)",
                            zrc == Z_STREAM_END ? "length mismatch" : zError(zrc));
    out->ptr = dst;
    out->len = want;
    return 0;
}

void bs_compressed_free(bs_binlog_reader *r)
{
    ZSTD_freeDCtx(r->zstd);
    free(r->payload.buf);
    free(r->inflate);
}
