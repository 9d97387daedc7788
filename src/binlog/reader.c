/*
 * reader.c - framing: from a byte stream to checked, bounded events.
 *
 * The reader keeps one window buffer per source. Events are located in place;
 * when an event straddles the end of the window, the unconsumed tail moves to
 * the front and the rest is read behind it. An event larger than the window
 * grows it, but only as bytes actually arrive, so a corrupt length on a pipe
 * cannot make it allocate what the input does not contain; on plain files the
 * length is checked against the file size before anything is read.
 *
 * Every member must start with the magic bytes and a FORMAT_DESCRIPTION (or a
 * v1/v3 START event); the FDE fixes the header length, the post-header length
 * of each event type and the checksum algorithm for the events after it.
 * CRC32 is zlib's, computed over the whole event minus its last four bytes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "binlog/binlog_internal.h"

#define DEFAULT_BUFFER (1u << 20)
#define MIN_BUFFER     (64u << 10)

static const uint8_t binlog_magic[4] = {0xfe, 'b', 'i', 'n'};

void bs_binlog_options_init(bs_binlog_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->verify_checksums = 1;
}

int bs_event_fail(bs_error *err, const bs_binlog_event *ev, int code, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *name = bs_binlog_event_type_name(ev->type);
    char typebuf[16];
    if (!name) {
        snprintf(typebuf, sizeof typebuf, "TYPE_%u", ev->type);
        name = typebuf;
    }
    if (ev->payload_index)
        return bs_error_set(err, code, ev->file, ev->offset,
                            "%s event #%u inside TRANSACTION_PAYLOAD: %s", name, ev->payload_index,
                            msg);
    return bs_error_set(err, code, ev->file, ev->offset, "%s event: %s", name, msg);
}

int bs_binlog_reader_open(const bs_io_list *list, const bs_binlog_options *opt,
                          bs_binlog_reader **out, bs_error *err)
{
    bs_binlog_reader *r = calloc(1, sizeof *r);
    if (!r) return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    if (opt)
        r->opt = *opt;
    else
        bs_binlog_options_init(&r->opt);
    r->cap = r->opt.buffer_size ? r->opt.buffer_size : DEFAULT_BUFFER;
    if (r->cap < MIN_BUFFER) r->cap = MIN_BUFFER;
    r->buf = malloc(r->cap);
    if (!r->buf) {
        free(r);
        return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    }
    r->list = list;
    *out = r;
    return 0;
}

void bs_binlog_reader_free(bs_binlog_reader *r)
{
    if (!r) return;
    bs_io_stream_close(r->stream);
    bs_table_cache_free(&r->tables);
    bs_compressed_free(r);
    bs_arena_free(&r->row_values);
    free(r->row_off);
    free(r->buf);
    free(r);
}

const bs_binlog_fde *bs_binlog_reader_fde(const bs_binlog_reader *r)
{
    return r->have_fde ? &r->fde : NULL;
}

uint64_t bs_binlog_reader_unknown_events(const bs_binlog_reader *r)
{
    return r->unknown_events;
}

/* Make need bytes available at buf + pos. 1: available; 0: the stream ended
 * first; < 0: error. Grows the window at most to what has been read. */
static int fill(bs_binlog_reader *r, size_t need, bs_error *err)
{
    if (r->len - r->pos >= need) return 1;
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->buf_offset += r->pos;
        r->len -= r->pos;
        r->pos = 0;
    }
    while (r->len < need && !r->eof) {
        if (r->len == r->cap) {
            size_t cap = r->cap * 2 < need ? r->cap * 2 : need;
            uint8_t *p = realloc(r->buf, cap);
            if (!p)
                return bs_error_set(err, BS_ENOMEM, r->file, r->buf_offset,
                                    "out of memory for an event of %zu bytes", need);
            r->buf = p;
            r->cap = cap;
        }
        ssize_t n = bs_io_stream_read(r->stream, r->buf + r->len, r->cap - r->len, err);
        if (n < 0) return (int)n;
        if (n == 0) r->eof = true;
        r->len += (size_t)n;
    }
    return r->len >= need;
}

static void close_member(bs_binlog_reader *r)
{
    bs_io_stream_close(r->stream);
    r->stream = NULL;
    r->member++;
}

static int open_member(bs_binlog_reader *r, bs_error *err)
{
    r->file = bs_io_list_path(r->list, r->member);
    int rc = bs_io_list_open(r->list, r->member, &r->stream, err);
    if (rc) return rc;
    r->pos = r->len = 0;
    r->buf_offset = 0;
    r->eof = false;
    r->file_size = bs_io_stream_size(r->stream);
    r->have_fde = false;
    r->encrypted_from = 0;
    bs_table_cache_reset(&r->tables);
    rc = fill(r, 4, err);
    if (rc < 0) return rc;
    if (rc == 0 || memcmp(r->buf, binlog_magic, 4) != 0)
        return bs_error_set(err, BS_ENOTBINLOG, r->file, 0,
                            r->len < 4 ? "file of %zu bytes is too short to be a binlog"
                                       : "not a binlog: the file does not start with the binlog "
                                         "magic bytes (0xfe 'bin') [%zu bytes read]",
                            r->len);
    r->pos = 4;
    return 0;
}

/* Locate the next event. 1: *size bytes at buf + pos; 0: clean end of the
 * member; < 0: error. A member must hold at least its format description: a
 * file that ends right after the magic bytes is a truncated binlog. Only the first 13 header bytes
 * (common to every binlog version) are needed to learn the size. */
static int frame(bs_binlog_reader *r, uint32_t *size, bs_error *err)
{
    int rc = fill(r, BS_EVENT_HEADER_LEN_V1, err);
    if (rc < 0) return rc;
    uint64_t off = r->buf_offset + r->pos;
    size_t avail = r->len - r->pos;
    if (rc == 0) {
        if (avail == 0 && r->have_fde) return 0;
        if (avail == 0)
            return bs_error_set(err, BS_ETRUNCATED, r->file, off,
                                "file ends before its FORMAT_DESCRIPTION event: truncated binlog");
        return bs_error_set(err, BS_ETRUNCATED, r->file, off,
                            "file ends with %zu bytes, too few for an event header: truncated "
                            "binlog",
                            avail);
    }
    uint32_t n = bs_le32(r->buf + r->pos + 9);
    uint32_t min = r->have_fde ? r->fde.header_len : BS_EVENT_HEADER_LEN_V1;
    unsigned type = r->buf[r->pos + 4];
    if (n < min)
        return bs_error_set(err, BS_ECORRUPT, r->file, off,
                            "event length %u (type %u) is shorter than the %u-byte event header", n,
                            type, min);
    if (n > BS_MAX_EVENT_SIZE)
        return bs_error_set(err, BS_ELIMIT, r->file, off,
                            "event length %u (type %u) exceeds the 1 GiB maximum of a binlog "
                            "event",
                            n, type);
    if (r->file_size >= 0 && off + n > (uint64_t)r->file_size)
        return bs_error_set(err, BS_ETRUNCATED, r->file, off,
                            "event of %u bytes (type %u) runs past the end of the file (%llu bytes "
                            "remain): truncated binlog",
                            n, type, (unsigned long long)((uint64_t)r->file_size - off));
    rc = fill(r, n, err);
    if (rc < 0) return rc;
    if (rc == 0)
        return bs_error_set(err, BS_ETRUNCATED, r->file, off,
                            "event of %u bytes (type %u) is cut off after %zu bytes: truncated "
                            "binlog",
                            n, type, r->len - r->pos);
    *size = n;
    return 1;
}

void bs_event_header(const bs_binlog_reader *r, const uint8_t *p, bs_binlog_event *ev)
{
    ev->timestamp = bs_le32(p);
    ev->type = p[4];
    ev->server_id = bs_le32(p + 5);
    ev->size = bs_le32(p + 9);
    if (r->have_fde && r->fde.header_len >= BS_EVENT_HEADER_LEN) {
        ev->log_pos = bs_le32(p + 13);
        ev->flags = bs_le16(p + 17);
    } else {
        ev->log_pos = 0;
        ev->flags = 0;
    }
}

static BS_COLD int checksum_mismatch(bs_error *err, const bs_binlog_event *ev, uint32_t stored,
                                     uint32_t computed)
{
    return bs_event_fail(err, ev, BS_ECHECKSUM,
                         "CRC32 checksum mismatch (stored 0x%08x, computed 0x%08x): the binlog is "
                         "corrupt",
                         stored, computed);
}

static int verify_crc(const bs_binlog_event *ev, bs_error *err)
{
    const uint8_t *p = ev->raw.ptr;
    size_t n = ev->raw.len - BS_CHECKSUM_LEN;
    uint32_t computed = (uint32_t)crc32(0L, p, (uInt)n);
    uint32_t stored = bs_le32(p + n);
    if (BS_UNLIKELY(computed != stored)) return checksum_mismatch(err, ev, stored, computed);
    return 0;
}

/* Apply --start-position after member 0's format description. */
static int skip_to_start(bs_binlog_reader *r, bs_error *err)
{
    r->skipped_to_start = true;
    uint64_t want = r->opt.start_position, at = r->buf_offset + r->pos;
    if (want <= 4 || want == at) return 0;
    if (want < at)
        return bs_error_set(err, BS_EINVAL, r->file, want,
                            "start position %llu lies inside the format description event; the "
                            "first event after it starts at %llu",
                            (unsigned long long)want, (unsigned long long)at);
    if (r->file_size >= 0 && want > (uint64_t)r->file_size)
        return bs_error_set(err, BS_EINVAL, r->file, want,
                            "start position %llu is past the end of the file (%lld bytes)",
                            (unsigned long long)want, (long long)r->file_size);
    r->after_start_seek = true;
    uint64_t delta = want - at;
    if (delta <= r->len - r->pos) {
        r->pos += (size_t)delta;
        return 0;
    }
    delta -= r->len - r->pos;
    int rc = bs_io_stream_skip(r->stream, delta, err);
    if (rc) return rc;
    r->buf_offset += r->len + delta;
    r->pos = r->len = 0;
    return 0;
}

static int decode_top_level(bs_binlog_reader *r, bs_binlog_event *ev, bs_error *err)
{
    if (ev->type == BS_EV_FORMAT_DESCRIPTION || ev->type == BS_EV_START_V3) {
        bs_table_cache_reset(&r->tables);
        int rc = bs_fde_parse(r, ev->raw.ptr, ev->raw.len, err, ev->offset);
        if (rc) return rc;
        bs_event_header(r, ev->raw.ptr, ev);
        size_t tail = r->fde.checksum_alg == BS_CHECKSUM_CRC32 ? BS_CHECKSUM_LEN : 0;
        ev->body.ptr = ev->raw.ptr + r->fde.header_len;
        ev->body.len = ev->raw.len - r->fde.header_len - tail;
        ev->u.fde = r->fde;
        return 0;
    }
    if (BS_UNLIKELY(!r->have_fde))
        return bs_error_set(err, BS_ENOTBINLOG, r->file, ev->offset,
                            "the first event is of type %u, not a FORMAT_DESCRIPTION: not a binlog "
                            "binsift can read",
                            ev->type);
    size_t hl = r->fde.header_len;
    size_t tail = r->fde.checksum_alg == BS_CHECKSUM_CRC32 ? BS_CHECKSUM_LEN : 0;
    if (BS_UNLIKELY(ev->raw.len < hl + tail))
        return bs_event_fail(err, ev, BS_ECORRUPT, "event length %u is shorter than its header",
                             ev->size);
    if (tail && r->opt.verify_checksums) {
        int rc = verify_crc(ev, err);
        if (rc) return rc;
    }
    ev->body.ptr = ev->raw.ptr + hl;
    ev->body.len = ev->raw.len - hl - tail;
    return bs_event_decode(r, ev, err);
}

int bs_binlog_next(bs_binlog_reader *r, bs_binlog_event *ev, bs_error *err)
{
    if (r->payload.active) {
        int rc = bs_payload_next(r, ev, err);
        if (rc) return rc;
    }
    if (r->end_of_statement) {
        bs_table_cache_reset(&r->tables);
        r->end_of_statement = false;
    }
    size_t nmembers = bs_io_list_count(r->list);
    for (;;) {
        if (!r->stream) {
            if (r->member >= nmembers) return 0;
            int rc = open_member(r, err);
            if (rc) return rc;
        }
        if (r->member == 0 && r->have_fde && !r->skipped_to_start && r->opt.start_position) {
            int rc = skip_to_start(r, err);
            if (rc) return rc;
        }
        if (BS_UNLIKELY(r->encrypted_from))
            return bs_error_set(err, BS_EENCRYPTED, r->file, r->encrypted_from,
                                "the binlog is encrypted from here on (MariaDB encrypt_binlog); "
                                "binsift cannot decrypt it: decode it on the server with "
                                "mariadb-binlog --read-from-remote-server");
        uint32_t size = 0;
        int rc = frame(r, &size, err);
        if (rc == 0) {
            close_member(r);
            continue;
        }
        if (rc < 0) goto fail;
        uint64_t off = r->buf_offset + r->pos;
        if (r->opt.stop_position && r->member + 1 == nmembers && off >= r->opt.stop_position) {
            close_member(r);
            r->member = nmembers;
            return 0;
        }
        const uint8_t *p = r->buf + r->pos;
        r->pos += size;
        bs_event_header(r, p, ev);
        ev->file = r->file;
        ev->offset = off;
        ev->payload_index = 0;
        ev->undecoded = 0;
        ev->raw.ptr = p;
        ev->raw.len = size;
        ev->body.ptr = p;
        ev->body.len = 0;
        rc = decode_top_level(r, ev, err);
        if (rc < 0) goto fail;
        r->after_start_seek = false;
        return 1;
    fail:
        if (r->after_start_seek) {
            size_t n = strlen(err->message);
            snprintf(err->message + n, sizeof err->message - n,
                     " (is the start position %llu an event boundary?)",
                     (unsigned long long)r->opt.start_position);
        }
        return rc;
    }
}
