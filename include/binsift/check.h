/*
 * binsift/check.h - the dry run: a DM task replayed over real binlogs.
 *
 * A check holds one task and the sources to replay (each an instance of the
 * task's mysql-instances with its binlog input). bs_check_run() replays every
 * source on its own thread: events are framed and decoded, QUERY events go
 * through the rule engine's QUERY decision and into the schema tracker, rows
 * events through the per-table decision (the fast path: rows of a table DM
 * drops are never decoded), and every event gets a verdict: migrated (where,
 * as which statement), dropped (by which step and rule) or conflict (where DM
 * would stop, with its error code).
 *
 * Verdicts reach the caller through a per-source callback, called on that
 * source's thread in binlog order, and are folded into a summary. Sources
 * never share mutable state; the summary is assembled after the threads end,
 * in the order the sources were added, so results never depend on timing.
 *
 * Inputs are byte sources (bs_io_list): files, directories, .gz files today,
 * live replication streams later; the replay only sees framed events.
 */
#ifndef BINSIFT_CHECK_H
#define BINSIFT_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "binsift/binlog.h"
#include "binsift/diag.h"
#include "binsift/error.h"
#include "binsift/rules.h"
#include "binsift/task.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- verdicts ---- */

enum bs_check_verdict_kind {
    BS_VERDICT_MIGRATED = 1,
    BS_VERDICT_DROPPED = 2,
    BS_VERDICT_CONFLICT = 3, /* DM stops (or would corrupt data) here */
    BS_VERDICT_COUNT = 4     /* array size for per-verdict counters (index 0 unused) */
};

/* Steps of the replay itself, continuing enum bs_rules_step and enum
 * bs_rules_query_step (verdicts use all three). */
enum bs_check_step {
    BS_STEP_BEFORE_START = 32, /* before the start position, or a transaction the start
                                  GTID set already contains */
    BS_STEP_STATEMENT_DML,     /* statement-format DML: DM skips it (the rows are lost) */
    BS_STEP_NOT_DDL,           /* SET, GRANT, ... statements DM does not handle */
    BS_STEP_TRACKER,           /* table structure: 36027, 36028, 44007, 11126 */
    BS_STEP_DECODE,            /* row data binsift could not decode */
    BS_STEP_KEYS               /* a key another row of the target already holds */
};

/* The statement DM generates for a migrated change (dm-rules.md §10.2). */
enum bs_check_statement {
    BS_CHECK_STMT_NONE = 0,
    BS_CHECK_STMT_INSERT,
    BS_CHECK_STMT_REPLACE, /* insert under safe mode */
    BS_CHECK_STMT_UPDATE,
    BS_CHECK_STMT_DELETE_REPLACE, /* update under safe mode when a key value changed */
    BS_CHECK_STMT_DELETE,
    BS_CHECK_STMT_DDL
};

/* Name of a step for people (bs_rules_step, bs_rules_query_step or
 * bs_check_step), "" when unknown; of a verdict ("migrated"); of a statement
 * ("REPLACE", "DELETE + REPLACE", "DDL"). */
const char *bs_check_step_name(int step);
const char *bs_check_verdict_name(int verdict);
const char *bs_check_statement_name(int statement);

/* A migrated row, for rendering its statement (bs_report_check_row_sql). */
typedef struct bs_check_row {
    const bs_binlog_rows *rows; /* the rows event, borrowed for the callback */
    const bs_binlog_row *row;
    uint32_t ncols;                    /* columns of the tracked structure (values to render) */
    const char *const *names;          /* column names, NULL when the structure is unknown */
    const uint32_t *key;               /* key columns DM's WHERE uses (PK, else NOT NULL UK) */
    uint32_t nkey;                     /* 0: every column */
    const char *const *extract_names;  /* extract-* target columns appended */
    const char *const *extract_values; /* their values */
    uint32_t nextract;
} bs_check_row;

typedef struct bs_check_verdict {
    const char *source_id;
    const char *file;           /* binlog file the event is in */
    uint64_t position;          /* offset of the event in it */
    uint32_t end_position;      /* the header's log_pos */
    const char *gtid;           /* the transaction's GTID as text, "" when none */
    uint32_t timestamp;         /* event timestamp (seconds since the epoch) */
    uint8_t event_type;         /* bs_binlog_event_type */
    int dm_event;               /* bs_dm_event: insert/update/delete or the DDL type; NULL else */
    const char *schema, *table; /* upstream names, NULL when none */
    const char *target_schema, *target_table; /* routed names, NULL when not migrated */
    int verdict;                              /* bs_check_verdict_kind */
    int step;           /* the step that dropped it or stopped DM, 0 when migrated */
    const char *rule;   /* rule name that decided, or NULL */
    int rule_line;      /* its YAML line, 0 when none */
    int dm_code;        /* DM's error code for a conflict, else 0 */
    const char *detail; /* what happened, in words ("" when nothing to add) */
    const char *fix;    /* for conflicts: what the operator can do, or NULL */
    int statement;      /* bs_check_statement for migrated changes */
    const char *sql;    /* DDL: the statement DM runs downstream; rows: NULL (render
                           it from row with bs_report_check_row_sql) */
    size_t sql_len;
    uint64_t rows;           /* rows covered: 1 for a decoded row, 0 for an event without
                                rows, the event's row count when known, else
                                BS_CHECK_ROWS_UNKNOWN (fast path: never decoded) */
    uint32_t row_index;      /* 0-based row in its event, for row verdicts */
    const bs_check_row *row; /* migrated rows, else NULL */
} bs_check_verdict;

#define BS_CHECK_ROWS_UNKNOWN UINT64_MAX

/* Called for every verdict, on the source's thread, in binlog order. A
 * non-zero return stops that source's replay with that code. */
typedef int (*bs_check_verdict_fn)(void *ctx, const bs_check_verdict *v);

/* ---- summary ---- */

typedef struct bs_check_count {
    uint64_t events; /* events (rows events count once per verdict they got) */
    uint64_t rows;   /* decoded rows */
} bs_check_count;

/* One event type of one table. */
typedef struct bs_check_table_line {
    int dm_event; /* bs_dm_event: insert/update/delete or the DDL type; BS_DMEV_NULL for
                     statements DM does not classify */
    bs_check_count verdict[BS_VERDICT_COUNT];
} bs_check_table_line;

typedef struct bs_check_table_summary {
    char *schema, *table;               /* upstream */
    char *target_schema, *target_table; /* where its changes go, NULL when all dropped */
    int route_matched;                  /* a route rule applies to it */
    char *route;                        /* that rule's name, NULL when none */
    int dropped_step;                   /* bs_drop_step when every row is dropped, else 0 */
    bs_check_count total[BS_VERDICT_COUNT];
    bs_check_table_line *lines; /* by dm_event, ascending */
    size_t n_lines;
} bs_check_table_summary;

typedef struct bs_check_rule_hits {
    const char *kind; /* "route", "filter", "expression-filter", "block-allow-list" */
    char *name;
    int line;
    bs_check_count hits;
} bs_check_rule_hits;

/* Conflicts fold into the first of their kind: same code, step and table,
 * and the same message except for key collisions and column counts (one
 * problem of the table, whatever the row). */
typedef struct bs_check_conflict {
    int dm_code;
    char *schema, *table, *target_schema, *target_table; /* NULL when none */
    char *file;
    uint64_t position;
    char *gtid;
    uint32_t timestamp;
    int step;
    char *rule; /* NULL when none */
    char *message;
    char *fix;      /* NULL when none */
    uint64_t count; /* occurrences folded into this one (events) */
} bs_check_conflict;

/* Events per verdict in one minute of binlog time (for charts). */
typedef struct bs_check_minute {
    int64_t minute; /* timestamp / 60 */
    uint64_t events[BS_VERDICT_COUNT];
} bs_check_minute;

typedef struct bs_check_source_summary {
    char *source_id;
    char *start;           /* where the replay started and why, in words */
    char *stop;            /* where it stopped, in words */
    uint64_t bytes;        /* bytes of binlog read */
    uint64_t files;        /* binlog files read */
    uint64_t events;       /* events read (before the start included) */
    uint64_t rows_decoded; /* rows whose values were decoded */
    uint64_t keys_live;    /* target keys live at the end (key collision checking) */
    uint64_t key_memory;   /* bytes its key table used */
    int keys_capped;       /* --max-keys was reached: key checking stopped there */
    bs_check_count verdict[BS_VERDICT_COUNT];
    bs_check_count dropped_by_step[64]; /* by step (indexes as bs_check_step etc.) */
    bs_check_table_summary *tables;     /* sorted by schema, table */
    size_t n_tables;
    bs_check_rule_hits *rules; /* every rule the instance uses, in task order, fired or not */
    size_t n_rules;
    bs_check_conflict *conflicts; /* in binlog order */
    size_t n_conflicts;
    bs_check_minute *timeline; /* ascending */
    size_t n_timeline;
    int error_code; /* an input error that ended the replay early (BS_E*), else 0 */
    char *error;    /* its message, NULL when none */
} bs_check_source_summary;

typedef struct bs_check_summary {
    char *task_name;
    char *task_file;
    bs_check_source_summary *sources; /* in the order they were added */
    size_t n_sources;
    uint64_t conflicts; /* conflict events over all sources */
    bs_diag_list notes; /* what the replay assumed (start positions, missing structures) */
} bs_check_summary;

/* ---- running a check ---- */

typedef struct bs_check_source_spec {
    const char *source_id;    /* an instance of the task */
    const char *const *paths; /* binlog files, directories, .gz files */
    size_t npaths;
    const bs_source *source; /* the source file (enable-gtid, flavor, filters), or NULL */
    const char *schema_sql;  /* upstream CREATE TABLE statements (--schema), or NULL */
    size_t schema_sql_len;
    const char *schema_sql_name;    /* file name for messages */
    bs_check_verdict_fn on_verdict; /* every verdict of this source, or NULL */
    void *on_verdict_ctx;
} bs_check_source_spec;

typedef struct bs_check_options {
    /* mysqlbinlog-style overrides of the start DM would use (0 = not set). */
    uint64_t start_position, stop_position; /* in the first / last file */
    int64_t start_datetime, stop_datetime;  /* seconds since the epoch; INT64_MIN = not set */
    int has_start_datetime, has_stop_datetime;
    /* downstream CREATE TABLE statements (--downstream-schema), or NULL */
    const char *downstream_sql;
    size_t downstream_sql_len;
    const char *downstream_sql_name;
    int verify_checksums; /* default 1 */
    /* DM turns safe mode on by itself for a while after every task start or
     * resume (safe-mode-duration of wall-clock time, dm-rules.md §10.2),
     * which a binlog cannot show: assume it for this many seconds of binlog
     * time from the first event replayed (0: only the task's safe-mode). */
    uint32_t initial_safe_mode_sec;
    /* Key collisions in merged targets: at most this many live keys are
     * tracked per source (32 bytes each); 0 turns key checking off. */
    uint64_t max_keys;
} bs_check_options;

#define BS_CHECK_DEFAULT_MAX_KEYS (16u << 20) /* 512 MiB of keys per source */

void bs_check_options_init(bs_check_options *opt);

typedef struct bs_check bs_check;

/* A check of task (borrowed; must outlive the check). */
int bs_check_new(const bs_task *task, const bs_check_options *opt, bs_check **out, bs_error *err);
/* Add a source. Fails (BS_EINVAL) when the task has no such instance, the
 * paths do not resolve, or the --schema text does not parse. */
int bs_check_add_source(bs_check *c, const bs_check_source_spec *spec, bs_error *err);
/* Replay every source, one thread each. Returns 0 when every source was
 * replayed to its end (conflicts are results, not errors); a negative code
 * when a source's input was unusable (err: the first such source's error; its
 * summary says how far it got). The summary is filled either way. */
int bs_check_run(bs_check *c, bs_error *err);
const bs_check_summary *bs_check_get_summary(const bs_check *c);
/* Progress while running (any thread): bytes read and total, events. */
void bs_check_progress(const bs_check *c, uint64_t *bytes_done, uint64_t *bytes_total,
                       uint64_t *events);
void bs_check_free(bs_check *c);

#ifdef __cplusplus
}
#endif
#endif
