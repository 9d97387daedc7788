/*
 * event.c - decoding the fields of each event type.
 *
 * bs_event_decode() dispatches on the type byte. Each decoder reads only
 * within ev->body (header and checksum already stripped) and checks every
 * length against what remains before using it; a field that does not fit is
 * reported as a corrupt event naming the file and offset. Rows and table-map
 * events live in their own files; this one holds the small events.
 *
 * Post-header lengths come from the FORMAT_DESCRIPTION (via
 * bs_post_header_len), so events from servers that grew a post-header (QUERY
 * in v3 vs v4, TABLE_MAP with 4- or 6-byte table ids) decode correctly.
 */
#include <string.h>

#include "binlog/binlog_internal.h"

static const char *const type_names[] = {
    [BS_EV_START_V3] = "START_V3",
    [BS_EV_QUERY] = "QUERY",
    [BS_EV_STOP] = "STOP",
    [BS_EV_ROTATE] = "ROTATE",
    [BS_EV_INTVAR] = "INTVAR",
    [BS_EV_LOAD] = "LOAD",
    [BS_EV_SLAVE] = "SLAVE",
    [BS_EV_CREATE_FILE] = "CREATE_FILE",
    [BS_EV_APPEND_BLOCK] = "APPEND_BLOCK",
    [BS_EV_EXEC_LOAD] = "EXEC_LOAD",
    [BS_EV_DELETE_FILE] = "DELETE_FILE",
    [BS_EV_NEW_LOAD] = "NEW_LOAD",
    [BS_EV_RAND] = "RAND",
    [BS_EV_USER_VAR] = "USER_VAR",
    [BS_EV_FORMAT_DESCRIPTION] = "FORMAT_DESCRIPTION",
    [BS_EV_XID] = "XID",
    [BS_EV_BEGIN_LOAD_QUERY] = "BEGIN_LOAD_QUERY",
    [BS_EV_EXECUTE_LOAD_QUERY] = "EXECUTE_LOAD_QUERY",
    [BS_EV_TABLE_MAP] = "TABLE_MAP",
    [BS_EV_PRE_GA_WRITE_ROWS] = "PRE_GA_WRITE_ROWS",
    [BS_EV_PRE_GA_UPDATE_ROWS] = "PRE_GA_UPDATE_ROWS",
    [BS_EV_PRE_GA_DELETE_ROWS] = "PRE_GA_DELETE_ROWS",
    [BS_EV_WRITE_ROWS_V1] = "WRITE_ROWS_V1",
    [BS_EV_UPDATE_ROWS_V1] = "UPDATE_ROWS_V1",
    [BS_EV_DELETE_ROWS_V1] = "DELETE_ROWS_V1",
    [BS_EV_INCIDENT] = "INCIDENT",
    [BS_EV_HEARTBEAT] = "HEARTBEAT",
    [BS_EV_IGNORABLE] = "IGNORABLE",
    [BS_EV_ROWS_QUERY] = "ROWS_QUERY",
    [BS_EV_WRITE_ROWS_V2] = "WRITE_ROWS_V2",
    [BS_EV_UPDATE_ROWS_V2] = "UPDATE_ROWS_V2",
    [BS_EV_DELETE_ROWS_V2] = "DELETE_ROWS_V2",
    [BS_EV_GTID] = "GTID",
    [BS_EV_ANONYMOUS_GTID] = "ANONYMOUS_GTID",
    [BS_EV_PREVIOUS_GTIDS] = "PREVIOUS_GTIDS",
    [BS_EV_TRANSACTION_CONTEXT] = "TRANSACTION_CONTEXT",
    [BS_EV_VIEW_CHANGE] = "VIEW_CHANGE",
    [BS_EV_XA_PREPARE] = "XA_PREPARE",
    [BS_EV_PARTIAL_UPDATE_ROWS] = "PARTIAL_UPDATE_ROWS",
    [BS_EV_TRANSACTION_PAYLOAD] = "TRANSACTION_PAYLOAD",
    [BS_EV_HEARTBEAT_V2] = "HEARTBEAT_V2",
    [BS_EV_GTID_TAGGED] = "GTID_TAGGED",
    [BS_EV_MARIA_ANNOTATE_ROWS] = "MARIA_ANNOTATE_ROWS",
    [BS_EV_MARIA_BINLOG_CHECKPOINT] = "MARIA_BINLOG_CHECKPOINT",
    [BS_EV_MARIA_GTID] = "MARIA_GTID",
    [BS_EV_MARIA_GTID_LIST] = "MARIA_GTID_LIST",
    [BS_EV_MARIA_START_ENCRYPTION] = "MARIA_START_ENCRYPTION",
    [BS_EV_MARIA_QUERY_COMPRESSED] = "MARIA_QUERY_COMPRESSED",
    [BS_EV_MARIA_WRITE_ROWS_COMPRESSED] = "MARIA_WRITE_ROWS_COMPRESSED",
    [BS_EV_MARIA_UPDATE_ROWS_COMPRESSED] = "MARIA_UPDATE_ROWS_COMPRESSED",
    [BS_EV_MARIA_DELETE_ROWS_COMPRESSED] = "MARIA_DELETE_ROWS_COMPRESSED",
    [BS_EV_MARIA_WRITE_ROWS_COMPRESSED_V1] = "MARIA_WRITE_ROWS_COMPRESSED_V1",
    [BS_EV_MARIA_UPDATE_ROWS_COMPRESSED_V1] = "MARIA_UPDATE_ROWS_COMPRESSED_V1",
    [BS_EV_MARIA_DELETE_ROWS_COMPRESSED_V1] = "MARIA_DELETE_ROWS_COMPRESSED_V1",
};

const char *bs_binlog_event_type_name(unsigned type)
{
    return type < sizeof type_names / sizeof type_names[0] ? type_names[type] : NULL;
}

int bs_binlog_is_rows(const bs_binlog_event *ev)
{
    if (ev->undecoded) return 0;
    switch (ev->type) {
    case BS_EV_PRE_GA_WRITE_ROWS:
    case BS_EV_PRE_GA_UPDATE_ROWS:
    case BS_EV_PRE_GA_DELETE_ROWS:
    case BS_EV_WRITE_ROWS_V1:
    case BS_EV_UPDATE_ROWS_V1:
    case BS_EV_DELETE_ROWS_V1:
    case BS_EV_WRITE_ROWS_V2:
    case BS_EV_UPDATE_ROWS_V2:
    case BS_EV_DELETE_ROWS_V2:
    case BS_EV_PARTIAL_UPDATE_ROWS:
    case BS_EV_MARIA_WRITE_ROWS_COMPRESSED:
    case BS_EV_MARIA_UPDATE_ROWS_COMPRESSED:
    case BS_EV_MARIA_DELETE_ROWS_COMPRESSED:
    case BS_EV_MARIA_WRITE_ROWS_COMPRESSED_V1:
    case BS_EV_MARIA_UPDATE_ROWS_COMPRESSED_V1:
    case BS_EV_MARIA_DELETE_ROWS_COMPRESSED_V1: return 1;
    default: return 0;
    }
}

/* Post-header length of a type: from the FDE when it covers the type, else
 * the length every server that writes the type uses. */
unsigned bs_post_header_len(const bs_binlog_reader *r, unsigned type)
{
    if (type >= 1 && type <= r->fde.n_post_header) return r->post_header_len[type - 1];
    switch (type) {
    case BS_EV_MARIA_QUERY_COMPRESSED: return 13;
    case BS_EV_MARIA_WRITE_ROWS_COMPRESSED_V1:
    case BS_EV_MARIA_UPDATE_ROWS_COMPRESSED_V1:
    case BS_EV_MARIA_DELETE_ROWS_COMPRESSED_V1: return 8;
    case BS_EV_MARIA_WRITE_ROWS_COMPRESSED:
    case BS_EV_MARIA_UPDATE_ROWS_COMPRESSED:
    case BS_EV_MARIA_DELETE_ROWS_COMPRESSED: return 10;
    default: return 0;
    }
}

/* A cursor over the event body that fails instead of reading past it. */
typedef struct cursor {
    const uint8_t *p, *end;
} cursor;

static int need(const cursor *c, size_t n)
{
    return (size_t)(c->end - c->p) >= n;
}

static int take_bytes(cursor *c, size_t n, bs_bytes *out)
{
    if (!need(c, n)) return -1;
    out->ptr = c->p;
    out->len = n;
    c->p += n;
    return 0;
}

static int take_lenstr(cursor *c, bs_bytes *out) /* 1-byte length + bytes */
{
    if (!need(c, 1)) return -1;
    size_t n = *c->p++;
    return take_bytes(c, n, out);
}

static BS_COLD int short_event(bs_error *err, const bs_binlog_event *ev, const char *what)
{
    return bs_event_fail(err, ev, BS_ECORRUPT, "%s runs past the end of the event (%zu body bytes)",
                         what, ev->body.len);
}

/* Status variables of a QUERY event. Unknown codes end the walk (their
 * length is unknowable) and are flagged, as the server does. */
static int query_status_vars(bs_binlog_query *q, cursor c)
{
    static const uint8_t fixed_len[] = {
        [0] = 4,  [1] = 8,  [3] = 4,  [4] = 6,  [7] = 2,  [8] = 2,  [9] = 8,  [10] = 4,
        [13] = 3, [14] = 0, [15] = 0, [16] = 1, [17] = 8, [18] = 2, [19] = 1, [20] = 1};
    while (c.p < c.end) {
        uint8_t code = *c.p++;
        const uint8_t *v = c.p;
        if (code <= 20 && code != 2 && code != 5 && code != 6 && code != 11 && code != 12) {
            if (!need(&c, fixed_len[code])) return -1;
            c.p += fixed_len[code];
        }
        switch (code) {
        case 0: q->flags2 = bs_le32(v), q->present |= BS_QSV_FLAGS2; break;
        case 1: q->sql_mode = bs_le64(v), q->present |= BS_QSV_SQL_MODE; break;
        case 2: /* Q_CATALOG_CODE (5.0.0-5.0.3): length, bytes, NUL */
            if (take_lenstr(&c, &q->catalog) || !need(&c, 1)) return -1;
            c.p++;
            q->present |= BS_QSV_CATALOG;
            break;
        case 3:
            q->auto_increment_increment = bs_le16(v);
            q->auto_increment_offset = bs_le16(v + 2);
            q->present |= BS_QSV_AUTO_INCREMENT;
            break;
        case 4:
            q->charset_client = bs_le16(v);
            q->collation_connection = bs_le16(v + 2);
            q->collation_server = bs_le16(v + 4);
            q->present |= BS_QSV_CHARSET;
            break;
        case 5:
            if (take_lenstr(&c, &q->time_zone)) return -1;
            q->present |= BS_QSV_TIME_ZONE;
            break;
        case 6:
            if (take_lenstr(&c, &q->catalog)) return -1;
            q->present |= BS_QSV_CATALOG;
            break;
        case 7: q->lc_time_names = bs_le16(v), q->present |= BS_QSV_LC_TIME_NAMES; break;
        case 8: q->charset_database = bs_le16(v), q->present |= BS_QSV_CHARSET_DATABASE; break;
        case 9:
            q->table_map_for_update = bs_le64(v);
            q->present |= BS_QSV_TABLE_MAP_FOR_UPDATE;
            break;
        case 10:
            q->master_data_written = bs_le32(v);
            q->present |= BS_QSV_MASTER_DATA_WRITTEN;
            break;
        case 11:
            if (take_lenstr(&c, &q->invoker_user) || take_lenstr(&c, &q->invoker_host)) return -1;
            q->present |= BS_QSV_INVOKER;
            break;
        case 12: {
            if (!need(&c, 1)) return -1;
            q->updated_db_count = *c.p++;
            const uint8_t *start = c.p;
            unsigned n = q->updated_db_count == 254 ? 0 : q->updated_db_count;
            for (unsigned i = 0; i < n; i++) {
                const uint8_t *nul = memchr(c.p, 0, (size_t)(c.end - c.p));
                if (!nul) return -1;
                c.p = nul + 1;
            }
            q->updated_dbs.ptr = start;
            q->updated_dbs.len = (size_t)(c.p - start);
            q->present |= BS_QSV_UPDATED_DB_NAMES;
            break;
        }
        case 13: q->microseconds = bs_le24(v), q->present |= BS_QSV_MICROSECONDS; break;
        case 14:
        case 15: break; /* Q_COMMIT_TS, Q_COMMIT_TS2: no payload */
        case 16:
            q->explicit_defaults_ts = *v;
            q->present |= BS_QSV_EXPLICIT_DEFAULTS_TS;
            break;
        case 17: q->ddl_xid = bs_le64(v), q->present |= BS_QSV_DDL_XID; break;
        case 18:
            q->default_collation_utf8mb4 = bs_le16(v);
            q->present |= BS_QSV_DEFAULT_COLLATION_UTF8MB4;
            break;
        case 19: q->sql_require_pk = *v, q->present |= BS_QSV_SQL_REQUIRE_PK; break;
        case 20:
            q->default_table_encryption = *v;
            q->present |= BS_QSV_DEFAULT_TABLE_ENCRYPTION;
            break;
        case 128: /* MariaDB Q_HRNOW: microseconds of the statement start */
            if (!need(&c, 3)) return -1;
            q->hrnow_usec = bs_le24(c.p);
            c.p += 3;
            q->present |= BS_QSV_MARIA_HRNOW;
            break;
        case 129: /* MariaDB Q_XID */
            if (!need(&c, 8)) return -1;
            q->maria_xid = bs_le64(c.p);
            c.p += 8;
            q->present |= BS_QSV_MARIA_XID;
            break;
        case 130: /* MariaDB Q_GTID_FLAGS3 */
            if (!need(&c, 1)) return -1;
            q->maria_gtid_flags3 = *c.p++;
            q->present |= BS_QSV_MARIA_GTID_FLAGS3;
            break;
        default:
            q->unknown_status_code = code;
            q->present |= BS_QSV_UNKNOWN;
            return 0;
        }
    }
    return 0;
}

static int decode_query(bs_binlog_reader *r, bs_binlog_event *ev, bs_error *err)
{
    bs_binlog_query *q = &ev->u.query;
    memset(q, 0, sizeof *q);
    unsigned phl = bs_post_header_len(r, ev->type);
    if (phl < 11) phl = 11;
    cursor c = {ev->body.ptr, ev->body.ptr + ev->body.len};
    if (!need(&c, phl)) return short_event(err, ev, "query post-header");
    q->thread_id = bs_le32(c.p);
    q->exec_time = bs_le32(c.p + 4);
    size_t db_len = c.p[8];
    q->error_code = bs_le16(c.p + 9);
    size_t status_len = phl >= 13 ? bs_le16(c.p + 11) : 0;
    c.p += phl;
    bs_bytes status;
    if (take_bytes(&c, status_len, &status)) return short_event(err, ev, "status variables block");
    if (query_status_vars(q, (cursor){status.ptr, status.ptr + status.len}))
        return short_event(err, ev, "a status variable");
    if (take_bytes(&c, db_len, &q->db) || !need(&c, 1))
        return short_event(err, ev, "database name");
    c.p++; /* NUL after the db name */
    q->query.ptr = c.p;
    q->query.len = (size_t)(c.end - c.p);
    if (ev->type == BS_EV_MARIA_QUERY_COMPRESSED)
        return bs_maria_inflate(r, ev, c.p, q->query.len, &q->query, err);
    return 0;
}

static int decode_rotate(bs_binlog_reader *r, bs_binlog_event *ev, bs_error *err)
{
    bs_binlog_rotate *rot = &ev->u.rotate;
    unsigned phl = bs_post_header_len(r, BS_EV_ROTATE);
    if (ev->body.len < phl) return short_event(err, ev, "rotate position");
    rot->position = phl >= 8 ? bs_le64(ev->body.ptr) : 4;
    rot->next_file.ptr = ev->body.ptr + phl;
    rot->next_file.len = ev->body.len - phl;
    /* Servers write fake rotates (on connect, at relay log start) with a zero
     * log_pos or timestamp; they describe the stream, not a file switch. */
    rot->fake = ev->log_pos == 0 || ev->timestamp == 0;
    return 0;
}

/* MySQL GTID / ANONYMOUS_GTID (untagged layout). Fields after gno appeared
 * over versions, so each is read only when the event is long enough. */
static int decode_gtid(bs_binlog_event *ev, bs_error *err)
{
    bs_binlog_gtid *g = &ev->u.gtid;
    memset(g, 0, sizeof *g);
    cursor c = {ev->body.ptr, ev->body.ptr + ev->body.len};
    if (!need(&c, 25)) return short_event(err, ev, "GTID");
    g->flags = c.p[0];
    memcpy(g->sid, c.p + 1, 16);
    g->gno = (int64_t)bs_le64(c.p + 17);
    c.p += 25;
    if (need(&c, 17) && c.p[0] == 2) { /* logical clock type marker */
        g->has_logical_clock = 1;
        g->last_committed = (int64_t)bs_le64(c.p + 1);
        g->sequence_number = (int64_t)bs_le64(c.p + 9);
        c.p += 17;
    }
    if (need(&c, 7)) {
        uint64_t ts = bs_le_n(c.p, 7);
        c.p += 7;
        int has_original = (ts >> 55) & 1;
        g->immediate_commit_ts = ts & ~(1ull << 55);
        g->original_commit_ts = g->immediate_commit_ts;
        if (has_original) {
            if (!need(&c, 7)) return short_event(err, ev, "original commit timestamp");
            g->original_commit_ts = bs_le_n(c.p, 7);
            c.p += 7;
        }
        uint64_t len;
        if (c.p < c.end && bs_read_packed(&c.p, c.end, &len) == 0) g->transaction_length = len;
        if (need(&c, 4)) {
            uint32_t v = bs_le32(c.p);
            c.p += 4;
            g->immediate_server_version = v & 0x7fffffffu;
            g->original_server_version = g->immediate_server_version;
            if (v >> 31) {
                if (!need(&c, 4)) return short_event(err, ev, "original server version");
                g->original_server_version = bs_le32(c.p);
            }
        }
    }
    return 0;
}

static int decode_maria_gtid(bs_binlog_event *ev, bs_error *err)
{
    bs_binlog_maria_gtid *g = &ev->u.maria_gtid;
    memset(g, 0, sizeof *g);
    const uint8_t *p = ev->body.ptr;
    if (ev->body.len < 13) return short_event(err, ev, "MariaDB GTID");
    g->seq_no = bs_le64(p);
    g->domain_id = bs_le32(p + 8);
    g->flags = p[12];
    g->server_id = ev->server_id;
    if ((g->flags & 2) && ev->body.len >= 21) g->commit_id = bs_le64(p + 13);
    return 0;
}

static int decode_gtid_list(bs_binlog_event *ev, bs_error *err)
{
    bs_binlog_maria_gtid_list *l = &ev->u.gtid_list;
    if (ev->body.len < 4) return short_event(err, ev, "GTID list count");
    uint32_t v = bs_le32(ev->body.ptr);
    l->count = v & 0x0fffffffu;
    l->flags = (uint8_t)(v >> 28);
    l->entries = ev->body.ptr + 4;
    if ((ev->body.len - 4) / 16 < l->count) return short_event(err, ev, "GTID list entries");
    return 0;
}

static int decode_user_var(bs_binlog_event *ev, bs_error *err)
{
    bs_binlog_user_var *u = &ev->u.user_var;
    memset(u, 0, sizeof *u);
    cursor c = {ev->body.ptr, ev->body.ptr + ev->body.len};
    if (!need(&c, 4)) return short_event(err, ev, "user variable name length");
    size_t name_len = bs_le32(c.p);
    c.p += 4;
    if (take_bytes(&c, name_len, &u->name) || !need(&c, 1))
        return short_event(err, ev, "user variable name");
    u->is_null = *c.p++;
    if (u->is_null) return 0;
    if (!need(&c, 9)) return short_event(err, ev, "user variable type");
    u->value_type = c.p[0];
    u->charset = bs_le32(c.p + 1);
    size_t vlen = bs_le32(c.p + 5);
    c.p += 9;
    if (take_bytes(&c, vlen, &u->value)) return short_event(err, ev, "user variable value");
    if (need(&c, 1)) u->flags = *c.p;
    return 0;
}

static int decode_xa_prepare(bs_binlog_event *ev, bs_error *err)
{
    bs_binlog_xa_prepare *x = &ev->u.xa_prepare;
    cursor c = {ev->body.ptr, ev->body.ptr + ev->body.len};
    if (!need(&c, 13)) return short_event(err, ev, "XA_PREPARE header");
    x->one_phase = c.p[0];
    x->format_id = (int32_t)bs_le32(c.p + 1);
    size_t gl = bs_le32(c.p + 5), bl = bs_le32(c.p + 9);
    c.p += 13;
    if (gl > 64 || bl > 64)
        return bs_event_fail(err, ev, BS_ECORRUPT, "XID lengths %zu/%zu exceed 64", gl, bl);
    if (take_bytes(&c, gl, &x->gtrid) || take_bytes(&c, bl, &x->bqual))
        return short_event(err, ev, "XID data");
    return 0;
}

static int decode_text(bs_binlog_event *ev, size_t skip, bs_error *err)
{
    if (ev->body.len < skip) return short_event(err, ev, "text");
    ev->u.text.ptr = ev->body.ptr + skip;
    ev->u.text.len = ev->body.len - skip;
    return 0;
}

/* MariaDB BINLOG_CHECKPOINT: a 4-byte name length, then the binlog name. */
static int decode_checkpoint(bs_binlog_event *ev, bs_error *err)
{
    if (ev->body.len < 4) return short_event(err, ev, "checkpoint name length");
    size_t n = bs_le32(ev->body.ptr);
    if (n > ev->body.len - 4) return short_event(err, ev, "checkpoint file name");
    ev->u.text.ptr = ev->body.ptr + 4;
    ev->u.text.len = n;
    return 0;
}

static int decode_incident(bs_binlog_event *ev, bs_error *err)
{
    cursor c = {ev->body.ptr, ev->body.ptr + ev->body.len};
    if (!need(&c, 2)) return short_event(err, ev, "incident type");
    ev->u.incident.type = bs_le16(c.p);
    c.p += 2;
    ev->u.incident.message.len = 0;
    if (c.p < c.end && take_lenstr(&c, &ev->u.incident.message))
        return short_event(err, ev, "incident message");
    return 0;
}

/* Everything after START_ENCRYPTION is encrypted with a key binsift does not
 * have: the event itself is returned, the next call fails (see reader.c). */
static BS_COLD int start_encryption(bs_binlog_reader *r, bs_binlog_event *ev, bs_error *err)
{
    if (ev->body.len < 5) return short_event(err, ev, "encryption scheme");
    ev->u.start_encryption.scheme = ev->body.ptr[0];
    ev->u.start_encryption.key_version = bs_le32(ev->body.ptr + 1);
    r->encrypted_from = ev->offset + ev->size;
    return 0;
}

static BS_COLD int unknown_type(bs_binlog_reader *r, bs_binlog_event *ev)
{
    ev->undecoded = 1;
    r->unknown_events++;
    return 0;
}

/* Does the FDE's post-header length for this type fit the layout binsift
 * knows? Development trees (MySQL 5.2 "wl2325") reused type codes with other
 * layouts; such events are framed and counted but not decoded. */
static int layout_known(const bs_binlog_reader *r, unsigned type)
{
    /* Every released server gives XID a 0-byte post-header; an FDE that does
     * not numbers its types differently from 16 on, and those codes cannot be
     * trusted at all. */
    if (type >= BS_EV_XID && r->fde.n_post_header >= BS_EV_XID &&
        r->post_header_len[BS_EV_XID - 1] != 0)
        return 0;
    if (type < 1 || type > r->fde.n_post_header) return 1;
    unsigned phl = r->post_header_len[type - 1];
    switch (type) {
    case BS_EV_QUERY: return phl >= 11;
    case BS_EV_EXECUTE_LOAD_QUERY: return phl >= 26;
    case BS_EV_TABLE_MAP:
    case BS_EV_PRE_GA_WRITE_ROWS:
    case BS_EV_PRE_GA_UPDATE_ROWS:
    case BS_EV_PRE_GA_DELETE_ROWS:
    case BS_EV_WRITE_ROWS_V1:
    case BS_EV_UPDATE_ROWS_V1:
    case BS_EV_DELETE_ROWS_V1: return phl == 6 || phl == 8;
    case BS_EV_WRITE_ROWS_V2:
    case BS_EV_UPDATE_ROWS_V2:
    case BS_EV_DELETE_ROWS_V2:
    case BS_EV_PARTIAL_UPDATE_ROWS: return phl == 10;
    case BS_EV_XID:
    case BS_EV_INTVAR:
    case BS_EV_RAND:
    case BS_EV_USER_VAR: return phl == 0;
    default: return 1;
    }
}

int bs_event_decode(bs_binlog_reader *r, bs_binlog_event *ev, bs_error *err)
{
    ev->undecoded = 0;
    if (BS_UNLIKELY(!layout_known(r, ev->type))) {
        ev->undecoded = 1;
        r->unknown_events++;
        return 0;
    }
    if (bs_binlog_is_rows(ev)) return bs_rows_decode(r, ev, err);
    switch (ev->type) {
    case BS_EV_TABLE_MAP: return bs_table_map_decode(r, ev, err);
    case BS_EV_QUERY:
    case BS_EV_EXECUTE_LOAD_QUERY:
    case BS_EV_MARIA_QUERY_COMPRESSED: return decode_query(r, ev, err);
    case BS_EV_XID:
        if (ev->body.len < 8) return short_event(err, ev, "XID");
        ev->u.xid = bs_le64(ev->body.ptr);
        return 0;
    case BS_EV_GTID:
    case BS_EV_ANONYMOUS_GTID: return decode_gtid(ev, err);
    case BS_EV_GTID_TAGGED: return bs_gtid_tagged_decode(ev, err);
    case BS_EV_PREVIOUS_GTIDS: return bs_previous_gtids_decode(ev, err);
    case BS_EV_MARIA_GTID: return decode_maria_gtid(ev, err);
    case BS_EV_MARIA_GTID_LIST: return decode_gtid_list(ev, err);
    case BS_EV_ROTATE: return decode_rotate(r, ev, err);
    case BS_EV_INTVAR:
        if (ev->body.len < 9) return short_event(err, ev, "INTVAR");
        ev->u.intvar.type = ev->body.ptr[0];
        ev->u.intvar.value = bs_le64(ev->body.ptr + 1);
        return 0;
    case BS_EV_RAND:
        if (ev->body.len < 16) return short_event(err, ev, "RAND seeds");
        ev->u.rand.seed1 = bs_le64(ev->body.ptr);
        ev->u.rand.seed2 = bs_le64(ev->body.ptr + 8);
        return 0;
    case BS_EV_USER_VAR: return decode_user_var(ev, err);
    case BS_EV_XA_PREPARE: return decode_xa_prepare(ev, err);
    case BS_EV_ROWS_QUERY: return decode_text(ev, 1, err); /* 1-byte length, unused */
    case BS_EV_MARIA_ANNOTATE_ROWS:
    case BS_EV_HEARTBEAT: return decode_text(ev, 0, err);
    case BS_EV_MARIA_BINLOG_CHECKPOINT: return decode_checkpoint(ev, err);
    case BS_EV_INCIDENT: return decode_incident(ev, err);
    case BS_EV_TRANSACTION_PAYLOAD: return bs_payload_begin(r, ev, err);
    case BS_EV_MARIA_START_ENCRYPTION: return start_encryption(r, ev, err);
    case BS_EV_STOP:
    case BS_EV_LOAD:
    case BS_EV_SLAVE:
    case BS_EV_CREATE_FILE:
    case BS_EV_APPEND_BLOCK:
    case BS_EV_EXEC_LOAD:
    case BS_EV_DELETE_FILE:
    case BS_EV_NEW_LOAD:
    case BS_EV_BEGIN_LOAD_QUERY:
    case BS_EV_IGNORABLE:
    case BS_EV_TRANSACTION_CONTEXT:
    case BS_EV_VIEW_CHANGE:
    case BS_EV_HEARTBEAT_V2: return 0; /* framed and counted; no fields binsift uses */
    default: return unknown_type(r, ev);
    }
}
