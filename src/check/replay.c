/*
 * replay.c - one source's event loop.
 *
 * Frames and decodes each event, keeps the transaction's GTID (for verdicts
 * and for a GTID start), decides whether the event is before the start, and
 * hands data events to the rows and QUERY handlers. Bookkeeping events
 * (format description, table maps, GTIDs, XIDs, rotates...) carry no data and
 * get no verdict, as DM does nothing with them (dm-rules.md §7.4).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"
#include "util/error_internal.h"

void bs_check_note(bs_check_src *s, int severity, const char *kind, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    bs_diag_add(&s->notes, severity, 0, kind, NULL, 0, "source %s: %s", s->source_id, msg);
}

void bs_check_verdict_init(bs_check_src *s, const bs_binlog_event *ev, bs_check_verdict *v)
{
    *v = (bs_check_verdict){.source_id = s->source_id,
                            .file = ev->file,
                            .position = ev->offset,
                            .end_position = ev->log_pos,
                            .gtid = s->gtid.data ? s->gtid.data : "",
                            .timestamp = ev->timestamp,
                            .event_type = ev->type,
                            .detail = ""};
}

int bs_check_emit(bs_check_src *s, const bs_check_verdict *v, long table, long rule_hit,
                  uint64_t events)
{
    if (s->on_verdict) {
        int rc = s->on_verdict(s->on_verdict_ctx, v);
        if (rc) return rc;
    }
    return bs_check_tally_add(s->tally, v, table, rule_hit, events);
}

/* A GTID event starts a transaction: remember it, and whether the start set
 * already contains it. */
static int remember_gtid(bs_check_src *s, const bs_binlog_event *ev)
{
    bs_buf_clear(&s->gtid);
    s->in_skipped_trx = 0;
    if (ev->type == BS_EV_ANONYMOUS_GTID) return bs_buf_puts(&s->gtid, "");
    if (ev->type == BS_EV_MARIA_GTID) {
        const bs_binlog_maria_gtid *g = &ev->u.maria_gtid;
        if (s->start_gtids)
            s->in_skipped_trx = bs_check_gtid_set_contains_maria(s->start_gtids, g->domain_id,
                                                                 g->server_id, g->seq_no);
        return bs_check_gtid_text_maria(g->domain_id, g->server_id, g->seq_no, &s->gtid);
    }
    const bs_binlog_gtid *g = &ev->u.gtid;
    const char *tag = (const char *)g->tag.ptr;
    if (s->start_gtids)
        s->in_skipped_trx =
            bs_check_gtid_set_contains_mysql(s->start_gtids, g->sid, tag, g->tag.len, g->gno);
    return bs_check_gtid_text_mysql(g->sid, tag, g->tag.len, g->gno, &s->gtid);
}

/* Is the event before the start (position, datetime or GTID set)? */
static int before_start(bs_check_src *s, const bs_binlog_event *ev)
{
    if (s->start_gtids) return s->in_skipped_trx;
    if (s->started) return 0;
    const bs_check_options *o = &s->check->opt;
    if (o->has_start_datetime && ev->timestamp < o->start_datetime) return 1;
    if (ev->file == bs_io_list_path(s->list, 0) && ev->offset < s->start_pos) return 1;
    s->started = 1;
    return 0;
}

static int past_stop(const bs_check_src *s, const bs_binlog_event *ev)
{
    const bs_check_options *o = &s->check->opt;
    return o->has_stop_datetime && ev->timestamp && ev->timestamp >= o->stop_datetime;
}

/* The assumed automatic safe mode starts with the first data event replayed. */
static void open_safe_window(bs_check_src *s, uint32_t ts)
{
    uint32_t window = s->check->opt.initial_safe_mode_sec;
    s->safe_window_started = 1;
    if (window) s->safe_until = ts > UINT32_MAX - window ? UINT32_MAX : ts + window;
}

/* Before the start? Opens the safe-mode window at the first event that is not. */
static int data_event_before_start(bs_check_src *s, const bs_binlog_event *ev)
{
    int before = before_start(s, ev);
    if (!before && !s->safe_window_started) open_safe_window(s, ev->timestamp);
    return before;
}

static int dispatch(bs_check_src *s, bs_binlog_reader *r, const bs_binlog_event *ev)
{
    if (ev->undecoded) return 0;
    switch (ev->type) {
    case BS_EV_GTID:
    case BS_EV_GTID_TAGGED:
    case BS_EV_ANONYMOUS_GTID:
    case BS_EV_MARIA_GTID: return remember_gtid(s, ev);
    case BS_EV_QUERY:
    case BS_EV_MARIA_QUERY_COMPRESSED:
        return bs_check_query_event(s, ev, data_event_before_start(s, ev));
    default:
        if (bs_binlog_is_rows(ev))
            return bs_check_rows_event(s, r, ev, data_event_before_start(s, ev));
        return 0;
    }
}

/* Progress: bytes of the members finished plus the offset in this one. */
static void progress(bs_check_src *s, const bs_binlog_event *ev, const char **member,
                     uint64_t *done_before)
{
    if (ev->file != *member) {
        if (*member) *done_before = atomic_load(&s->bytes_done);
        *member = ev->file;
        s->member = (uint32_t)s->out->files++;
    }
    if (!ev->payload_index) atomic_store(&s->bytes_done, *done_before + ev->offset + ev->size);
    atomic_fetch_add(&s->events_done, 1);
}

static void stop_words(bs_check_src *s, const char *why, const bs_binlog_event *last)
{
    char buf[1024];
    if (last && last->file)
        snprintf(buf, sizeof buf, "%s after %s:%llu", why, last->file,
                 (unsigned long long)(last->offset + last->size));
    else
        snprintf(buf, sizeof buf, "%s", why);
    s->out->stop = strdup(buf);
}

static int open_reader(bs_check_src *s, bs_binlog_reader **r)
{
    bs_binlog_options bo;
    bs_binlog_options_init(&bo);
    bo.verify_checksums = s->check->opt.verify_checksums;
    bo.stop_position = s->check->opt.stop_position;
    return bs_binlog_reader_open(s->list, &bo, r, &s->err);
}

int bs_check_replay(bs_check_src *s)
{
    bs_binlog_reader *r = NULL;
    int rc = open_reader(s, &r);
    bs_binlog_event ev = {0}, last = {0};
    const char *member = NULL;
    uint64_t done_before = 0;
    const char *why = "end of input";
    while (!rc && (rc = bs_binlog_next(r, &ev, &s->err)) == 1) {
        if (past_stop(s, &ev)) {
            why = "--stop-datetime";
            rc = 0;
            break;
        }
        progress(s, &ev, &member, &done_before);
        s->file = ev.file;
        s->fde = bs_binlog_reader_fde(r);
        rc = dispatch(s, r, &ev);
        last = ev;
    }
    if (rc > 0) { /* only the verdict callback returns > 0: the caller stopped us */
        why = "stopped by the caller";
        rc = 0;
    }
    if (rc == 0) rc = bs_check_pessimist_finish(s);
    if (rc == 0 && s->check->opt.stop_position && strcmp(why, "end of input") == 0)
        why = "--stop-position";
    s->out->bytes = atomic_load(&s->bytes_done);
    s->out->events = atomic_load(&s->events_done);
    if (rc < 0) {
        s->rc = rc;
        if (!s->err.code) bs_error_set(&s->err, rc, NULL, BS_NO_OFFSET, "replay failed");
        char msg[1200];
        s->out->error_code = rc;
        s->out->error = strdup(bs_error_format(&s->err, msg, sizeof msg));
        why = "input error";
    }
    stop_words(s, why, last.file ? &last : NULL);
    bs_binlog_reader_free(r);
    return s->rc;
}
