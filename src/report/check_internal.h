/*
 * check_internal.h - what the renderers of a check summary share
 * (check_text.c, check_json.c, check_html.c; defined in check_common.c).
 *
 * A summary can hold hundreds of thousands of tables, so the renderers write
 * a lot of small pieces. Instead of checking every append, they write through
 * a bs_cr_out whose first failure is sticky: later writes are skipped and the
 * renderer returns that code once at the end. The writer also knows the
 * output's mode, so a name or message that came from a binlog is escaped the
 * same way wherever it is printed (control bytes for a terminal, entities for
 * HTML).
 *
 * The text and HTML reports show the same things in the same order: the
 * table ordering, the "rows unknown" rule and the lists derived from the
 * summary (tables no route matched) are computed here once.
 */
#ifndef BS_REPORT_CHECK_INTERNAL_H
#define BS_REPORT_CHECK_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "binsift/buf.h"
#include "binsift/check.h"
#include "binsift/error.h"

/* ---- the writer ---- */

enum bs_cr_mode {
    BS_CR_TEXT, /* control bytes become \xNN (nothing reaches the terminal raw) */
    BS_CR_HTML, /* & < > " ' become entities, control bytes U+FFFD */
    BS_CR_JSON  /* bs_cr_str writes a JSON string literal (null for NULL) */
};

typedef struct bs_cr_out {
    bs_buf *buf;
    int mode; /* bs_cr_mode */
    int rc;   /* 0, or the first failed append's code: everything after is skipped */
} bs_cr_out;

/* The renderer's result: 0, or the first failure (err filled, naming what
 * was being written). */
int bs_cr_finish(const bs_cr_out *o, const char *what, bs_error *err);
/* Record a failure from elsewhere (rc 0: nothing); the first one is kept. */
void bs_cr_fail(bs_cr_out *o, int rc);
/* Trusted text (the renderer's own words and markup), written as is. */
void bs_cr_puts(bs_cr_out *o, const char *s);
void bs_cr_printf(bs_cr_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void bs_cr_u64(bs_cr_out *o, uint64_t v);
/* Untrusted text (names, messages, positions from the input), escaped for the
 * mode; NULL writes nothing (JSON: null). */
void bs_cr_str(bs_cr_out *o, const char *s);
/* Spaces up to a column width, counted from the text already written. */
void bs_cr_pad(bs_cr_out *o, size_t written, size_t width);
/* `schema`.`table`, escaped; just `schema` when table is NULL or "" (the
 * entry of a database's own statements). */
void bs_cr_table_name(bs_cr_out *o, const char *schema, const char *table);
/* Widths in characters once written in text mode (for aligning columns). */
size_t bs_cr_text_width(const char *s);
size_t bs_cr_table_name_width(const char *schema, const char *table);

/* ---- words ---- */

/* DM's event type name, "other" for statements DM does not classify. */
const char *bs_cr_event_name(int dm_event);
/* Why a whole table is dropped (bs_drop_step), NULL for BS_DROP_NONE. */
const char *bs_cr_drop_step_name(int drop_step);
/* A step's name (bs_check_step_name), or "step N" when it has none. */
const char *bs_cr_step_label(int step, char tmp[24]);
/* "OK: no conflicts" or "N conflicts: DM would stop". */
const char *bs_cr_headline(const bs_check_summary *s, char tmp[64]);
/* seconds since the epoch as "YYYY-MM-DD HH:MM:SS" in UTC. */
const char *bs_cr_utc(int64_t seconds, char tmp[32]);

/* ---- counts ---- */

/* Events over all verdicts. */
uint64_t bs_cr_total_events(const bs_check_count count[BS_VERDICT_COUNT]);
/* Rows are only decoded where they matter: a dropped count with events and
 * no rows was dropped on the fast path, its rows were never counted; the
 * reports print "-" for them rather than a misleading 0. */
int bs_cr_rows_unknown(int verdict, const bs_check_count *c);
/* The rows of c as text: the number, or "-" (see bs_cr_rows_unknown). */
const char *bs_cr_rows_text(int verdict, const bs_check_count *c, char tmp[24]);

/* ---- derived lists ---- */

/* The tables of a source in the order people read them: tables with
 * conflicts first, then by events over all verdicts (descending), then by
 * name. *out (caller frees) holds s->n_tables pointers into s->tables.
 * Returns 0 or BS_ENOMEM. */
int bs_cr_sorted_tables(const bs_check_source_summary *s, const bs_check_table_summary ***out);
/* Does the instance have route rules at all (else "no route matched" means
 * nothing)? */
int bs_cr_has_routes(const bs_check_source_summary *s);
/* A table with changes that no route rule matched (tables dropped whole are
 * not listed: nothing of them reaches the target anyway). */
int bs_cr_unrouted(const bs_check_table_summary *t);

#endif
