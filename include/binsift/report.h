/*
 * binsift/report.h - turning decoded events into text for people and scripts.
 *
 * The report module owns every output format; the decoder and the checks
 * never print. Output goes through a buffered writer (large fwrite calls,
 * no stdio call per field), so formatting does not dominate decode time.
 */
#ifndef BINSIFT_REPORT_H
#define BINSIFT_REPORT_H

#include <stdio.h>

#include "binsift/binlog.h"
#include "binsift/buf.h"
#include "binsift/check.h"
#include "binsift/error.h"
#include "binsift/rules.h"
#include "binsift/task.h"
#include "binsift/value.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- value rendering ---- */

/* Append a value as MySQL-ish text ('abc', 12.5, '2024-01-01', NULL). col
 * (may be NULL) supplies ENUM/SET names and signedness knowledge. A value
 * whose encoding is invalid (JSON, DECIMAL, temporal) fails with
 * BS_ECORRUPT and a message in err; out is then left as it was. */
int bs_report_value_text(bs_buf *out, const bs_value *v, const bs_binlog_column *col,
                         bs_error *err);
/* Append a value as a JSON value (see README: decode --format jsonl). */
int bs_report_value_json(bs_buf *out, const bs_value *v, const bs_binlog_column *col,
                         bs_error *err);
/* Append s as a JSON string literal (quotes included); bytes that are not
 * UTF-8 become \u00XX escapes of their Latin-1 reading. */
int bs_report_json_string(bs_buf *out, const uint8_t *s, size_t n);
/* The same for a C string; NULL gives JSON null. */
int bs_report_json_cstr(bs_buf *out, const char *s);
/* `"key":value` (value a C string or NULL), preceded by a comma unless it
 * is the first member of the object or array being written. */
int bs_report_json_field(bs_buf *out, const char *key, const char *value);
/* The same with a number value. */
int bs_report_json_u64_field(bs_buf *out, const char *key, uint64_t value);

/* ---- `binsift decode` output ---- */

enum bs_decode_format { BS_DECODE_TEXT = 0, BS_DECODE_JSONL = 1 };

typedef struct bs_report_decode bs_report_decode;

int bs_report_decode_open(FILE *out, int format, int verbose, bs_report_decode **d);
/* Print one event (and, when verbose, its rows). r is the reader that
 * returned ev. Fails only on corrupt row data or a failed write. */
int bs_report_decode_event(bs_report_decode *d, bs_binlog_reader *r, const bs_binlog_event *ev,
                           bs_error *err);
/* Print the closing summary (event counts per type, rows, bytes); error, when
 * non-NULL, is the error that ended decoding early. */
int bs_report_decode_finish(bs_report_decode *d, const bs_binlog_reader *r, const bs_error *error);
void bs_report_decode_free(bs_report_decode *d);

/* ---- explain: DM's steps for one table ---- */

enum bs_explain_format { BS_EXPLAIN_TEXT = 0, BS_EXPLAIN_JSON = 1 };

typedef struct bs_report_explain_request {
    const char *source_id;             /* the instance the rules were compiled for */
    const char *schema, *table;        /* upstream names as the binlog has them */
    int event;                         /* BS_DMEV_INSERT/UPDATE/DELETE, BS_DMEV_NULL: all three */
    const char *row;                   /* "c=5,s=abc": the row (update: its new image), or NULL */
    const char *old_row;               /* update: the old image (default: row), or NULL */
    const bs_rules_expr_ctx *expr_ctx; /* now and time zone for expressions; NULL = UTC, 0 */
    /* bs_report_explain_query: */
    const char *sql;        /* the QUERY event's text */
    const char *db;         /* its current database, or NULL */
    const char *schema_sql; /* CREATE TABLE statements, or NULL: the columns --row values are
                               typed by (rows), the old columns of MODIFY/CHANGE (--sql) */
    size_t schema_sql_len;
} bs_report_explain_request;

/* Append to out every step DM takes for rows of schema.table (system
 * schema, block-allow list, online DDL, route with extract values, binlog
 * filter rules in trie order, expression filters evaluated on the row when
 * one is given) and the verdict per row kind: migrated to which target as
 * which statement, dropped by which rule, or the error DM stops with.
 * Fails only on bad input (an unparsable --row) or out of memory; an
 * expression DM would reject is part of the verdict. */
int bs_report_explain(bs_rules *rules, const bs_task *task, const bs_report_explain_request *req,
                      int format, int colour, bs_buf *out, bs_error *err);
/* The same for a QUERY event's text (req->sql, req->db): parse, split, the
 * event type of each statement, its tables and routes, built-in skips, the
 * BA list, binlog filter and shard-mode rules, and per statement whether it
 * runs downstream (and as which text), is dropped (by which rule), or stops
 * the task (DM's code). */
int bs_report_explain_query(bs_rules *rules, const bs_report_explain_request *req, int format,
                            int colour, bs_buf *out, bs_error *err);

/* ---- check: the dry run's outputs ---- */

/* The summary for a person, most important first: the conflicts (where DM
 * would stop, with code, place and fix), then per source where the replay
 * started and stopped, verdict totals, per upstream table -> target table the
 * counts of migrated / dropped / conflict per event type (events and rows),
 * rule hit counts, rules that never fired, tables no route matched. colour:
 * ANSI colours (the caller decides: a TTY only). */
int bs_report_check_text(const bs_check_summary *s, int colour, bs_buf *out, bs_error *err);
/* The whole summary as one JSON document (see README: binsift check). */
int bs_report_check_json(const bs_check_summary *s, bs_buf *out, bs_error *err);
/* A self-contained HTML page (inline CSS and SVG, no script or network
 * needed): the summary, events over time by verdict, the top tables. */
int bs_report_check_html(const bs_check_summary *s, bs_buf *out, bs_error *err);
/* One verdict as a JSON line (source, file, position, gtid, timestamp, event
 * type, schema, table, target, verdict, step, rule, code, detail, statement,
 * sql), newline included. sql is the verdict's statement as
 * bs_report_check_sql renders it (the caller renders it once for every
 * output), or NULL when it has none. */
int bs_report_check_verdict_json(const bs_check_verdict *v, const char *sql, bs_buf *out);
/* The statement DM would run downstream for a migrated verdict (a row's
 * INSERT/REPLACE/UPDATE/DELETE with its values, or the DDL text), without a
 * terminating semicolon. Nothing is appended for other verdicts. */
int bs_report_check_sql(const bs_check_verdict *v, bs_buf *out, bs_error *err);

#ifdef __cplusplus
}
#endif
#endif
