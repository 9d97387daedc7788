/*
 * fde.c - FORMAT_DESCRIPTION and START_V3: how to read the events that follow.
 *
 * v4 binlogs (MySQL 5.0+, MariaDB) start with a FORMAT_DESCRIPTION event that
 * carries the common header length, a table of post-header lengths indexed by
 * event type, and - from MySQL 5.6.1 / MariaDB 5.3 on - the checksum
 * algorithm byte followed by the event's own CRC32. That CRC is computed with
 * the LOG_EVENT_BINLOG_IN_USE_F flag cleared, because the server clears the
 * flag in place when it closes the file without rewriting the checksum.
 *
 * v1 (MySQL 3.23) and v3 (4.0.2-4.1) binlogs start with START_EVENT_V3 and
 * have fixed post-header lengths; v1 also has a 13-byte common header, which
 * is recognised by the START event being too short for a 19-byte one.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "binlog/binlog_internal.h"

#define START_V3_BODY_LEN 56u /* binlog_version 2, server_version 50, created 4 */

static unsigned version_product(const char *v)
{
    unsigned part[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        if (!isdigit((unsigned char)*v)) break;
        part[i] = (unsigned)strtoul(v, (char **)&v, 10);
        if (*v != '.') break;
        v++;
    }
    return part[0] << 16 | part[1] << 8 | part[2];
}

bool bs_fde_version_has_checksum(const char *server_version, bool is_mariadb)
{
    return version_product(server_version) >= (is_mariadb ? 0x050300u : 0x050601u);
}

void bs_fde_defaults(bs_binlog_reader *r, unsigned binlog_version)
{
    uint8_t *phl = r->post_header_len;
    memset(r->post_header_len, 0, sizeof r->post_header_len);
    phl[BS_EV_START_V3 - 1] = START_V3_BODY_LEN;
    phl[BS_EV_QUERY - 1] = 11; /* thread id, exec time, db length, error code */
    phl[BS_EV_ROTATE - 1] = binlog_version == 1 ? 0 : 8;
    phl[BS_EV_LOAD - 1] = 18;
    phl[BS_EV_CREATE_FILE - 1] = 22;
    phl[BS_EV_APPEND_BLOCK - 1] = 4;
    phl[BS_EV_EXEC_LOAD - 1] = 4;
    phl[BS_EV_DELETE_FILE - 1] = 4;
    phl[BS_EV_NEW_LOAD - 1] = 18;
    r->fde.header_len = binlog_version == 1 ? BS_EVENT_HEADER_LEN_V1 : BS_EVENT_HEADER_LEN;
    r->fde.n_post_header = BS_EV_NEW_LOAD;
}

static void copy_version(bs_binlog_fde *f, const uint8_t *p)
{
    memcpy(f->server_version, p, 50);
    f->server_version[50] = 0;
    f->is_mariadb = strstr(f->server_version, "MariaDB") || strstr(f->server_version, "-maria-");
}

static int parse_start_v3(bs_binlog_reader *r, const uint8_t *ev, size_t size, bs_error *err,
                          uint64_t offset)
{
    size_t hl = size < BS_EVENT_HEADER_LEN + START_V3_BODY_LEN ? BS_EVENT_HEADER_LEN_V1
                                                               : BS_EVENT_HEADER_LEN;
    if (size < hl + START_V3_BODY_LEN)
        return bs_error_set(err, BS_ECORRUPT, r->file, offset,
                            "START_V3 event of %zu bytes is too short", size);
    bs_binlog_fde f = {0};
    f.binlog_version = bs_le16(ev + hl);
    copy_version(&f, ev + hl + 2);
    f.created = bs_le32(ev + hl + 52);
    f.checksum_alg = BS_CHECKSUM_UNDEF;
    r->fde = f;
    bs_fde_defaults(r, hl == BS_EVENT_HEADER_LEN_V1 ? 1 : 3);
    r->have_fde = true;
    return 0;
}

static uint32_t fde_crc(const uint8_t *ev, size_t n)
{
    uint8_t flags0 = ev[17] & (uint8_t)~BS_LOG_EVENT_BINLOG_IN_USE_F;
    uint32_t crc = (uint32_t)crc32(0L, ev, 17);
    crc = (uint32_t)crc32(crc, &flags0, 1);
    return (uint32_t)crc32(crc, ev + 18, (uInt)(n - 18));
}

int bs_fde_parse(bs_binlog_reader *r, const uint8_t *ev, size_t size, bs_error *err,
                 uint64_t offset)
{
    if (ev[4] == BS_EV_START_V3) return parse_start_v3(r, ev, size, err, offset);

    const size_t fixed = BS_EVENT_HEADER_LEN + START_V3_BODY_LEN + 1;
    if (size < fixed)
        return bs_error_set(err, BS_ECORRUPT, r->file, offset,
                            "FORMAT_DESCRIPTION event of %zu bytes is too short", size);
    const uint8_t *b = ev + BS_EVENT_HEADER_LEN;
    bs_binlog_fde f = {0};
    f.binlog_version = bs_le16(b);
    copy_version(&f, b + 2);
    f.created = bs_le32(b + 52);
    f.header_len = b[56];
    if (f.header_len < BS_EVENT_HEADER_LEN)
        return bs_error_set(err, BS_ECORRUPT, r->file, offset,
                            "FORMAT_DESCRIPTION declares a %u-byte event header (at least 19)",
                            f.header_len);
    size_t n = size - fixed;
    f.checksum_alg = BS_CHECKSUM_UNDEF;
    if (bs_fde_version_has_checksum(f.server_version, f.is_mariadb)) {
        if (n < 1 + BS_CHECKSUM_LEN)
            return bs_error_set(err, BS_ECORRUPT, r->file, offset,
                                "FORMAT_DESCRIPTION of server %s lacks its checksum fields",
                                f.server_version);
        n -= 1 + BS_CHECKSUM_LEN;
        f.checksum_alg = ev[size - BS_CHECKSUM_LEN - 1];
        if (f.checksum_alg != BS_CHECKSUM_OFF && f.checksum_alg != BS_CHECKSUM_CRC32)
            return bs_error_set(err, BS_ECORRUPT, r->file, offset,
                                "FORMAT_DESCRIPTION names unknown checksum algorithm %u",
                                f.checksum_alg);
    }
    if (n > sizeof r->post_header_len) n = sizeof r->post_header_len;
    f.n_post_header = (uint16_t)n;
    if (f.checksum_alg == BS_CHECKSUM_CRC32 && r->opt.verify_checksums) {
        uint32_t stored = bs_le32(ev + size - BS_CHECKSUM_LEN);
        uint32_t computed = fde_crc(ev, size - BS_CHECKSUM_LEN);
        if (stored != computed)
            return bs_error_set(err, BS_ECHECKSUM, r->file, offset,
                                "FORMAT_DESCRIPTION event: CRC32 checksum mismatch (stored "
                                "0x%08x, computed 0x%08x): the binlog is corrupt",
                                stored, computed);
    }
    memset(r->post_header_len, 0, sizeof r->post_header_len);
    memcpy(r->post_header_len, b + START_V3_BODY_LEN + 1, n);
    r->fde = f;
    r->have_fde = true;
    return 0;
}
