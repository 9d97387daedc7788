/*
 * decode_out.c - the output of `binsift decode`: one line per event, rows
 * under it with -v, and a closing summary of counts per event type.
 *
 * Text is for people (aligned, values rendered like mysqlbinlog's); JSONL is
 * for scripts, one object per event with the same facts. Both are written
 * into one buffer flushed in large writes. Nothing here decides anything:
 * it prints what the decoder returned, and counts it.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "binsift/report.h"
#include "util/bytes.h"
#include "util/error_internal.h"

#define FLUSH_AT (256u * 1024u)

struct bs_report_decode {
    FILE *out;
    int format;
    int verbose;
    bs_buf buf;
    bs_buf scratch;
    uint64_t counts[256];
    uint64_t events, rows, bytes;
    uint32_t files;
    const char *last_file;
    int write_failed;
    int flushed_mid_event; /* part of the current event's output is written */
};

int bs_report_decode_open(FILE *out, int format, int verbose, bs_report_decode **dp)
{
    bs_report_decode *d = calloc(1, sizeof *d);
    if (!d) return BS_ENOMEM;
    d->out = out;
    d->format = format;
    d->verbose = verbose;
    *dp = d;
    return 0;
}

static int flush(bs_report_decode *d)
{
    if (d->buf.len && fwrite(d->buf.data, 1, d->buf.len, d->out) != d->buf.len) d->write_failed = 1;
    bs_buf_clear(&d->buf);
    return d->write_failed ? BS_EIO : 0;
}

void bs_report_decode_free(bs_report_decode *d)
{
    if (!d) return;
    bs_buf_free(&d->buf);
    bs_buf_free(&d->scratch);
    free(d);
}

static const char *type_name(unsigned type, char *tmp, size_t cap)
{
    const char *n = bs_binlog_event_type_name(type);
    if (n) return n;
    snprintf(tmp, cap, "TYPE_%u", type);
    return tmp;
}

/* ---- helpers that emit "key=value" (text) or "key":value (JSON) ---- */

static int key(bs_report_decode *d, const char *k)
{
    size_t n = strlen(k);
    if (bs_buf_reserve(&d->buf, n + 4)) return BS_ENOMEM;
    char *p = d->buf.data + d->buf.len;
    int json = d->format == BS_DECODE_JSONL;
    *p++ = json ? ',' : ' ';
    if (json) *p++ = '"';
    memcpy(p, k, n);
    p += n;
    if (json) *p++ = '"';
    *p++ = json ? ':' : '=';
    d->buf.len = (size_t)(p - d->buf.data);
    d->buf.data[d->buf.len] = 0;
    return 0;
}

static int put_u64(bs_report_decode *d, const char *k, uint64_t v)
{
    return key(d, k) || bs_buf_put_u64(&d->buf, v);
}

static int put_str(bs_report_decode *d, const char *k, const uint8_t *s, size_t n)
{
    if (key(d, k)) return BS_ENOMEM;
    if (d->format == BS_DECODE_JSONL) return bs_report_json_string(&d->buf, s, n);
    /* text: bare when simple, JSON-quoted when it has spaces or odd bytes */
    for (size_t i = 0; i < n; i++)
        if (s[i] <= ' ' || s[i] == '"' || s[i] == '\\' || s[i] >= 0x7f)
            return bs_report_json_string(&d->buf, s, n);
    return n ? bs_buf_append(&d->buf, s, n) : bs_buf_puts(&d->buf, "\"\"");
}

static int put_cstr(bs_report_decode *d, const char *k, const char *s)
{
    return put_str(d, k, (const uint8_t *)s, strlen(s));
}

static int put_table(bs_report_decode *d, const bs_bytes *schema, const bs_bytes *name)
{
    if (d->format == BS_DECODE_JSONL)
        return put_str(d, "schema", schema->ptr, schema->len) ||
               put_str(d, "table", name->ptr, name->len);
    return bs_buf_printf(&d->buf, " table=%.*s.%.*s", (int)schema->len, (const char *)schema->ptr,
                         (int)name->len, (const char *)name->ptr);
}

static int uuid(bs_buf *b, const uint8_t *u)
{
    return bs_buf_printf(b, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                         u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11],
                         u[12], u[13], u[14], u[15]);
}

/* ---- per-type details ---- */

static int fde_details(bs_report_decode *d, const bs_binlog_fde *f)
{
    const char *alg = f->checksum_alg == BS_CHECKSUM_CRC32 ? "CRC32"
                      : f->checksum_alg == BS_CHECKSUM_OFF ? "NONE"
                                                           : "UNDEF";
    return put_cstr(d, "server_version", f->server_version) ||
           put_u64(d, "binlog_version", f->binlog_version) || put_cstr(d, "checksum", alg);
}

static int query_details(bs_report_decode *d, const bs_binlog_query *q)
{
    int rc = put_u64(d, "thread_id", q->thread_id) || put_u64(d, "exec_time", q->exec_time) ||
             put_u64(d, "error_code", q->error_code) || put_str(d, "db", q->db.ptr, q->db.len);
    if (!rc && d->format == BS_DECODE_JSONL && (q->present & BS_QSV_SQL_MODE))
        rc = put_u64(d, "sql_mode", q->sql_mode);
    if (!rc && d->format == BS_DECODE_JSONL && (q->present & BS_QSV_CHARSET))
        rc = put_u64(d, "charset_client", q->charset_client) ||
             put_u64(d, "collation_connection", q->collation_connection) ||
             put_u64(d, "collation_server", q->collation_server);
    return rc || put_str(d, "query", q->query.ptr, q->query.len);
}

static int column_json(bs_report_decode *d, const bs_binlog_column *c, int first)
{
    bs_buf *b = &d->buf;
    int rc = bs_buf_printf(b, "%s{\"type\":\"%s\",\"meta\":%u,\"nullable\":%s", first ? "" : ",",
                           bs_column_type_name(c->type), c->meta, c->nullable ? "true" : "false");
    if (!rc && c->is_unsigned) rc = bs_buf_puts(b, ",\"unsigned\":true");
    if (!rc && c->charset) rc = bs_buf_printf(b, ",\"charset\":%u", c->charset);
    if (!rc && c->name.len)
        rc = bs_buf_puts(b, ",\"name\":") || bs_report_json_string(b, c->name.ptr, c->name.len);
    if (!rc && !c->visible) rc = bs_buf_puts(b, ",\"visible\":false");
    if (!rc && c->n_str_values) {
        rc = bs_buf_puts(b, ",\"values\":[");
        for (uint32_t i = 0; !rc && i < c->n_str_values; i++) {
            bs_bytes v;
            if (bs_binlog_column_str_value(c, i, &v)) break;
            rc = (i && bs_buf_putc(b, ',')) || bs_report_json_string(b, v.ptr, v.len);
        }
        rc = rc || bs_buf_putc(b, ']');
    }
    return rc || bs_buf_putc(b, '}');
}

static int table_map_details(bs_report_decode *d, const bs_binlog_table *t)
{
    int rc = put_u64(d, "table_id", t->table_id) || put_table(d, &t->schema, &t->name) ||
             put_u64(d, "columns", t->ncols);
    if (rc || d->format != BS_DECODE_JSONL) return rc;
    rc = bs_buf_puts(&d->buf, ",\"column_defs\":[");
    for (uint32_t i = 0; !rc && i < t->ncols; i++)
        rc = column_json(d, &t->cols[i], i == 0);
    rc = rc || bs_buf_putc(&d->buf, ']');
    if (!rc && t->npk) {
        rc = bs_buf_puts(&d->buf, ",\"primary_key\":[");
        for (uint32_t i = 0; !rc && i < t->npk; i++)
            rc = bs_buf_printf(&d->buf, "%s%u", i ? "," : "", t->pk[i] + 1);
        rc = rc || bs_buf_putc(&d->buf, ']');
    }
    return rc;
}

static int rows_details(bs_report_decode *d, const bs_binlog_rows *rw)
{
    int rc = put_u64(d, "table_id", rw->table_id);
    if (!rc && rw->table) rc = put_table(d, &rw->table->schema, &rw->table->name);
    return rc || put_u64(d, "flags", rw->flags);
}

static int gtid_details(bs_report_decode *d, const bs_binlog_event *ev)
{
    const bs_binlog_gtid *g = &ev->u.gtid;
    bs_buf *s = &d->scratch;
    bs_buf_clear(s);
    if (ev->type != BS_EV_ANONYMOUS_GTID) {
        if (uuid(s, g->sid)) return BS_ENOMEM;
        if (g->tag.len && bs_buf_printf(s, ":%.*s", (int)g->tag.len, (const char *)g->tag.ptr))
            return BS_ENOMEM;
        if (bs_buf_printf(s, ":%lld", (long long)g->gno)) return BS_ENOMEM;
        if (put_str(d, "gtid", (const uint8_t *)s->data, s->len)) return BS_ENOMEM;
    }
    if (g->has_logical_clock && (put_u64(d, "last_committed", (uint64_t)g->last_committed) ||
                                 put_u64(d, "sequence_number", (uint64_t)g->sequence_number)))
        return BS_ENOMEM;
    if (g->immediate_commit_ts && put_u64(d, "commit_ts_us", g->immediate_commit_ts))
        return BS_ENOMEM;
    return 0;
}

static int maria_gtid_list(bs_report_decode *d, const bs_binlog_maria_gtid_list *l)
{
    bs_buf *s = &d->scratch;
    bs_buf_clear(s);
    for (uint32_t i = 0; i < l->count; i++) {
        const uint8_t *e = l->entries + 16 * (size_t)i;
        if (bs_buf_printf(s, "%s%u-%u-%" PRIu64, i ? "," : "", bs_le32(e), bs_le32(e + 4),
                          bs_le64(e + 8)))
            return BS_ENOMEM;
    }
    return put_str(d, "gtids", (const uint8_t *)s->data, s->len);
}

static int previous_gtids(bs_report_decode *d, const bs_binlog_previous_gtids *p, bs_error *err)
{
    bs_buf_clear(&d->scratch);
    int rc = bs_binlog_previous_gtids_text(p, &d->scratch, err);
    if (rc) return rc;
    return put_str(d, "gtids", (const uint8_t *)d->scratch.data, d->scratch.len);
}

static int user_var(bs_report_decode *d, const bs_binlog_user_var *u)
{
    if (put_str(d, "name", u->name.ptr, u->name.len)) return BS_ENOMEM;
    if (u->is_null) return key(d, "value") || bs_buf_puts(&d->buf, d->format ? "null" : "NULL");
    bs_value v = {0};
    if (u->value_type == 2 && u->value.len >= 8) { /* INT_RESULT */
        v.kind = (u->flags & 1) ? BS_VALUE_UINT : BS_VALUE_INT;
        v.v.u = bs_le64(u->value.ptr);
    } else if (u->value_type == 1 && u->value.len >= 8) { /* REAL_RESULT */
        v.kind = BS_VALUE_DOUBLE;
        memcpy(&v.v.d, u->value.ptr, 8);
    } else if (u->value_type == 4 && u->value.len >= 2) { /* DECIMAL_RESULT */
        v.kind = BS_VALUE_DECIMAL;
        v.precision = u->value.ptr[0];
        v.fsp = u->value.ptr[1];
        v.v.bytes.ptr = u->value.ptr + 2;
        v.v.bytes.len = u->value.len - 2;
    } else {
        v.kind = BS_VALUE_STRING;
        v.charset = (uint16_t)u->charset;
        v.v.bytes.ptr = u->value.ptr;
        v.v.bytes.len = u->value.len;
    }
    if (key(d, "value")) return BS_ENOMEM;
    bs_error err;
    int rc = d->format == BS_DECODE_JSONL ? bs_report_value_json(&d->buf, &v, NULL, &err)
                                          : bs_report_value_text(&d->buf, &v, NULL, &err);
    return rc == BS_ENOMEM ? rc : 0; /* a malformed user variable is shown as absent */
}

static int details(bs_report_decode *d, const bs_binlog_event *ev, bs_error *err)
{
    const char *kinds[] = {"", "LAST_INSERT_ID", "INSERT_ID"};
    char tmp[64];
    switch (ev->type) {
    case BS_EV_FORMAT_DESCRIPTION:
    case BS_EV_START_V3: return fde_details(d, &ev->u.fde);
    case BS_EV_QUERY:
    case BS_EV_EXECUTE_LOAD_QUERY:
    case BS_EV_MARIA_QUERY_COMPRESSED: return query_details(d, &ev->u.query);
    case BS_EV_TABLE_MAP: return table_map_details(d, ev->u.table_map);
    case BS_EV_XID: return put_u64(d, "xid", ev->u.xid);
    case BS_EV_GTID:
    case BS_EV_ANONYMOUS_GTID:
    case BS_EV_GTID_TAGGED: return gtid_details(d, ev);
    case BS_EV_PREVIOUS_GTIDS: return previous_gtids(d, &ev->u.previous_gtids, err);
    case BS_EV_MARIA_GTID:
        snprintf(tmp, sizeof tmp, "%u-%u-%" PRIu64, ev->u.maria_gtid.domain_id,
                 ev->u.maria_gtid.server_id, ev->u.maria_gtid.seq_no);
        return put_cstr(d, "gtid", tmp) || put_u64(d, "gtid_flags", ev->u.maria_gtid.flags);
    case BS_EV_MARIA_GTID_LIST: return maria_gtid_list(d, &ev->u.gtid_list);
    case BS_EV_ROTATE:
        return put_str(d, "next_file", ev->u.rotate.next_file.ptr, ev->u.rotate.next_file.len) ||
               put_u64(d, "position", ev->u.rotate.position) ||
               (ev->u.rotate.fake && put_u64(d, "fake", 1));
    case BS_EV_INTVAR:
        return put_cstr(d, "var", ev->u.intvar.type < 3 ? kinds[ev->u.intvar.type] : "?") ||
               put_u64(d, "value", ev->u.intvar.value);
    case BS_EV_RAND:
        return put_u64(d, "seed1", ev->u.rand.seed1) || put_u64(d, "seed2", ev->u.rand.seed2);
    case BS_EV_USER_VAR: return user_var(d, &ev->u.user_var);
    case BS_EV_ROWS_QUERY:
    case BS_EV_MARIA_ANNOTATE_ROWS: return put_str(d, "query", ev->u.text.ptr, ev->u.text.len);
    case BS_EV_MARIA_BINLOG_CHECKPOINT:
        return put_str(d, "checkpoint_file", ev->u.text.ptr, ev->u.text.len);
    case BS_EV_HEARTBEAT: return put_str(d, "log_file", ev->u.text.ptr, ev->u.text.len);
    case BS_EV_XA_PREPARE:
        return put_u64(d, "one_phase", ev->u.xa_prepare.one_phase) ||
               put_str(d, "gtrid", ev->u.xa_prepare.gtrid.ptr, ev->u.xa_prepare.gtrid.len);
    case BS_EV_INCIDENT:
        return put_u64(d, "incident", ev->u.incident.type) ||
               put_str(d, "message", ev->u.incident.message.ptr, ev->u.incident.message.len);
    case BS_EV_TRANSACTION_PAYLOAD:
        return put_cstr(d, "compression", ev->u.payload.compression == 0 ? "zstd" : "none") ||
               put_u64(d, "uncompressed_size", ev->u.payload.uncompressed_size);
    case BS_EV_MARIA_START_ENCRYPTION:
        return put_u64(d, "scheme", ev->u.start_encryption.scheme) ||
               put_u64(d, "key_version", ev->u.start_encryption.key_version);
    default: return 0;
    }
}

/* ---- rows ---- */

static BS_COLD int value_failed(bs_error *err, const bs_binlog_event *ev, uint64_t row,
                                uint32_t col, int rc)
{
    char why[400];
    snprintf(why, sizeof why, "%.399s", err->code ? err->message : bs_error_code_name(rc));
    bs_error_clear(err);
    err->code = rc;
    snprintf(err->message, sizeof err->message, "rows event: row %" PRIu64 ", column %u: %.399s",
             row, col + 1, why);
    snprintf(err->file, sizeof err->file, "%s", ev->file);
    err->offset = ev->offset;
    return rc;
}

static int image(bs_report_decode *d, const bs_binlog_event *ev, const bs_binlog_image *img,
                 uint64_t row, bs_error *err)
{
    const bs_binlog_rows *rw = &ev->u.rows;
    int json = d->format == BS_DECODE_JSONL, first = 1;
    if (json && bs_buf_putc(&d->buf, '{')) return BS_ENOMEM;
    for (uint32_t i = 0; i < rw->ncols; i++) {
        if (!bs_binlog_image_has(img, i)) continue;
        const bs_binlog_column *c = &rw->table->cols[i];
        bs_value v;
        bs_error_clear(err);
        int rc = bs_binlog_image_value(rw, img, i, &v, err);
        if (rc) return value_failed(err, ev, row, i, rc);
        if (json)
            rc = bs_buf_puts(&d->buf, first ? "\"@" : ",\"@") || bs_buf_put_u64(&d->buf, i + 1) ||
                 bs_buf_puts(&d->buf, "\":");
        else if (c->name.len)
            rc = bs_buf_putc(&d->buf, ' ') || bs_buf_append(&d->buf, c->name.ptr, c->name.len) ||
                 bs_buf_putc(&d->buf, '=');
        else
            rc = bs_buf_puts(&d->buf, " @") || bs_buf_put_u64(&d->buf, i + 1) ||
                 bs_buf_putc(&d->buf, '=');
        first = 0;
        if (rc) return rc;
        bs_error_clear(err);
        rc = json ? bs_report_value_json(&d->buf, &v, c, err)
                  : bs_report_value_text(&d->buf, &v, c, err);
        if (rc) return value_failed(err, ev, row, i, rc);
    }
    return json ? bs_buf_putc(&d->buf, '}') : 0;
}

static int rows_values(bs_report_decode *d, bs_binlog_reader *r, const bs_binlog_event *ev,
                       bs_error *err)
{
    int json = d->format == BS_DECODE_JSONL;
    if (!ev->u.rows.table) {
        if (json) return bs_buf_puts(&d->buf, ",\"rows\":null,\"note\":\"no TABLE_MAP\"");
        return bs_buf_puts(&d->buf, "\n  (rows not decoded: no TABLE_MAP for this table id)");
    }
    bs_binlog_row_iter it;
    bs_binlog_row row;
    int rc = bs_binlog_rows_begin(r, ev, &it, err);
    if (rc) return rc;
    if (json && bs_buf_puts(&d->buf, ",\"rows\":[")) return BS_ENOMEM;
    static const char *const verbs[] = {"", "INSERT", "UPDATE", "DELETE"};
    uint64_t n = 0;
    while ((rc = bs_binlog_rows_next(&it, &row, err)) == 1) {
        n++;
        if (json) {
            rc = bs_buf_puts(&d->buf, n > 1 ? ",{" : "{");
            if (!rc && row.has_before && !(rc = bs_buf_puts(&d->buf, "\"before\":")))
                rc = image(d, ev, &row.before, n, err);
            if (!rc && row.has_after &&
                !(rc = bs_buf_puts(&d->buf, row.has_before ? ",\"after\":" : "\"after\":")))
                rc = image(d, ev, &row.after, n, err);
            if (!rc) rc = bs_buf_putc(&d->buf, '}');
        } else {
            rc = bs_buf_printf(&d->buf, "\n  %s", verbs[ev->u.rows.kind]);
            if (!rc && row.has_before) rc = image(d, ev, &row.before, n, err);
            if (!rc && row.has_before && row.has_after) rc = bs_buf_puts(&d->buf, " ->");
            if (!rc && row.has_after) rc = image(d, ev, &row.after, n, err);
        }
        if (rc) return rc;
        if (d->buf.len >= FLUSH_AT) {
            if (flush(d)) return BS_EIO;
            d->flushed_mid_event = 1;
        }
    }
    if (rc < 0) return rc;
    d->rows += n;
    if (json) return bs_buf_printf(&d->buf, "],\"nrows\":%" PRIu64, n);
    return 0;
}

int bs_report_decode_event(bs_report_decode *d, bs_binlog_reader *r, const bs_binlog_event *ev,
                           bs_error *err)
{
    char tmp[16];
    const char *name = type_name(ev->type, tmp, sizeof tmp);
    size_t line_start = d->buf.len;
    d->flushed_mid_event = 0;
    int rc;
    if (d->format == BS_DECODE_JSONL) {
        rc = bs_buf_puts(&d->buf, "{\"file\":") ||
             bs_report_json_string(&d->buf, (const uint8_t *)ev->file, strlen(ev->file)) ||
             put_u64(d, "pos", ev->offset) || key(d, "type") || bs_buf_putc(&d->buf, '"') ||
             bs_buf_puts(&d->buf, name) || bs_buf_putc(&d->buf, '"') ||
             put_u64(d, "type_code", ev->type) || put_u64(d, "size", ev->size) ||
             put_u64(d, "ts", ev->timestamp) || put_u64(d, "server_id", ev->server_id) ||
             put_u64(d, "end_pos", ev->log_pos);
        if (!rc && ev->payload_index) rc = put_u64(d, "payload_index", ev->payload_index);
    } else {
        rc = bs_buf_puts(&d->buf, ev->file) || bs_buf_putc(&d->buf, ' ') ||
             bs_buf_put_u64(&d->buf, ev->offset);
        if (!rc && ev->payload_index)
            rc = bs_buf_putc(&d->buf, '/') || bs_buf_put_u64(&d->buf, ev->payload_index);
        rc = rc || bs_buf_putc(&d->buf, ' ') || bs_buf_puts(&d->buf, name) ||
             put_u64(d, "size", ev->size);
    }
    int is_row_event = bs_binlog_is_rows(ev);
    if (ev->undecoded)
        rc = rc || put_u64(d, "undecoded", 1);
    else if (!rc)
        rc = is_row_event ? rows_details(d, &ev->u.rows) : details(d, ev, err);
    if (!rc && is_row_event && d->verbose) rc = rows_values(d, r, ev, err);
    if (rc > 0 || rc == BS_ENOMEM) /* a failed append: `||` chains yield 1 */
        rc = bs_error_set(err, BS_ENOMEM, ev->file, ev->offset, "out of memory");
    if (rc) { /* drop the event's partial line, or end it if part is written */
        if (d->flushed_mid_event)
            bs_buf_putc(&d->buf, '\n');
        else
            d->buf.len = line_start;
        return rc;
    }
    /* counted once printed, so the summary agrees with the lines */
    d->counts[ev->type]++;
    d->events++;
    if (ev->payload_index == 0) d->bytes += ev->size;
    if (ev->file != d->last_file) d->files++, d->last_file = ev->file;
    rc = bs_buf_puts(&d->buf, d->format == BS_DECODE_JSONL ? "}\n" : "\n");
    if (!rc && d->buf.len >= FLUSH_AT) rc = flush(d);
    return rc;
}

int bs_report_decode_finish(bs_report_decode *d, const bs_binlog_reader *r, const bs_error *error)
{
    bs_buf *b = &d->buf;
    int json = d->format == BS_DECODE_JSONL, first = 1;
    char tmp[16];
    if (json)
        bs_buf_printf(b,
                      "{\"summary\":{\"events\":%" PRIu64 ",\"bytes\":%" PRIu64
                      ",\"files\":%u,\"counts\":{",
                      d->events, d->bytes, d->files);
    else
        bs_buf_printf(b, "# summary: %" PRIu64 " events, %" PRIu64 " bytes, %u file(s)\n",
                      d->events, d->bytes, d->files);
    for (unsigned t = 0; t < 256; t++) {
        if (!d->counts[t]) continue;
        const char *name = type_name(t, tmp, sizeof tmp);
        if (json)
            bs_buf_printf(b, "%s\"%s\":%" PRIu64, first ? "" : ",", name, d->counts[t]);
        else
            bs_buf_printf(b, "#   %-32s %12" PRIu64 "\n", name, d->counts[t]);
        first = 0;
    }
    uint64_t unknown = r ? bs_binlog_reader_unknown_events(r) : 0;
    if (json) {
        bs_buf_puts(b, "}");
        if (d->verbose) bs_buf_printf(b, ",\"rows\":%" PRIu64, d->rows);
        bs_buf_printf(b, ",\"unknown_events\":%" PRIu64, unknown);
        if (error && error->code) {
            char msg[1200];
            bs_buf_puts(b, ",\"error\":");
            bs_error_format(error, msg, sizeof msg);
            bs_report_json_string(b, (const uint8_t *)msg, strlen(msg));
        }
        bs_buf_puts(b, "}}\n");
    } else {
        if (d->verbose) bs_buf_printf(b, "#   rows: %" PRIu64 "\n", d->rows);
        if (unknown)
            bs_buf_printf(b, "#   events not decoded (unknown type or layout): %" PRIu64 "\n",
                          unknown);
        if (error && error->code) bs_buf_puts(b, "# stopped early: see the error on stderr\n");
    }
    int rc = flush(d);
    if (fflush(d->out) != 0) rc = BS_EIO;
    return rc;
}
