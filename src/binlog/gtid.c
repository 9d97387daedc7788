/*
 * gtid.c - MySQL GTID sets as written in PREVIOUS_GTIDS, and GTID_TAGGED.
 *
 * An untagged Gtid_set is: n_sids (8 bytes), then per sid the 16-byte UUID,
 * n_intervals (8 bytes) and [start, end) pairs (8 bytes each). MySQL 8.3+
 * marks a tagged set with format byte 1 in the top byte of n_sids and adds a
 * tag to each sid.
 */
#include <stdio.h>

#include "binlog/binlog_internal.h"

static int uuid_text(bs_buf *out, const uint8_t *u)
{
    return bs_buf_printf(
        out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1],
        u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
}

static int set_corrupt(bs_error *err)
{
    return bs_error_set(err, BS_ECORRUPT, NULL, BS_NO_OFFSET, "malformed GTID set");
}

int bs_binlog_previous_gtids_text(const bs_binlog_previous_gtids *pg, bs_buf *out, bs_error *err)
{
    const uint8_t *p = pg->raw.ptr, *end = p + pg->raw.len;
    if (end - p < 8) return set_corrupt(err);
    if (pg->tagged)
        return bs_error_set(err, BS_EUNSUPPORTED, NULL, BS_NO_OFFSET,
                            "tagged GTID sets are not decoded yet");
    uint64_t nsids = bs_le64(p);
    p += 8;
    for (uint64_t s = 0; s < nsids; s++) {
        if (end - p < 24) return set_corrupt(err);
        if (s && bs_buf_putc(out, ',')) return BS_ENOMEM;
        if (uuid_text(out, p)) return BS_ENOMEM;
        uint64_t nint = bs_le64(p + 16);
        p += 24;
        if ((uint64_t)(end - p) / 16 < nint) return set_corrupt(err);
        for (uint64_t i = 0; i < nint; i++, p += 16) {
            int64_t a = (int64_t)bs_le64(p), b = (int64_t)bs_le64(p + 8) - 1;
            int rc = a == b ? bs_buf_printf(out, ":%lld", (long long)a)
                            : bs_buf_printf(out, ":%lld-%lld", (long long)a, (long long)b);
            if (rc) return rc;
        }
    }
    return 0;
}

int bs_gtid_tagged_decode(bs_binlog_event *ev, bs_error *err)
{
    return bs_event_fail(err, ev, BS_EUNSUPPORTED, "GTID_TAGGED events are not decoded yet");
}
