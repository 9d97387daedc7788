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
#include "binsift/error.h"
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

#ifdef __cplusplus
}
#endif
#endif
