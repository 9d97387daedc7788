/*
 * check_internal.h - what the parts of the replay share.
 *
 * One bs_check_src per source: everything a replay thread touches lives
 * there (its reader, rules, QUERY decision context, schema tracker, summary
 * accumulators), so threads never share mutable state. The check itself only
 * holds the task, the options, the downstream structures (read-only during
 * the run) and the sources.
 *
 * Per upstream table the replay keeps a table slot, reached from the
 * TABLE_MAP's user pointer (set on the first rows event after each
 * TABLE_MAP) or from the rule engine's cached decision: the decision, the
 * summary entry, the rule-hit counters it bumps and the expression filters
 * compiled for the structure version they were compiled against. A rows
 * event of a dropped table costs a pointer chase and a few increments.
 */
#ifndef BS_CHECK_INTERNAL_H
#define BS_CHECK_INTERNAL_H

#include <stdatomic.h>

#include "binsift/check.h"
#include "binsift/gtid.h"
#include "binsift/tracker.h"
#include "util/arena.h"
#include "util/hash_index.h"

typedef struct bs_check_src bs_check_src;

/* ---- summary accumulation (summary.c) ---- */

typedef struct bs_check_tally bs_check_tally; /* per-source accumulators */

int bs_check_tally_new(bs_check_src *s, bs_check_tally **out);
void bs_check_tally_free(bs_check_tally *t);
/* The table entry of schema.table (created on first use), or -1 (no memory). */
long bs_check_tally_table(bs_check_tally *t, const char *schema, const char *table);
/* The upstream names of a table entry. */
void bs_check_tally_table_names(const bs_check_tally *t, long table, const char **schema,
                                const char **name);
/* Record where a table's changes go (the first target known), or that DM
 * drops all of them (drop_all: bs_drop_step). */
int bs_check_tally_table_target(bs_check_tally *t, long table, int drop_all,
                                const bs_task_route *route, const char *target_schema,
                                const char *target_table);
/* Index of the rule-hit counter of a rule (by identity), -1 when untracked. */
long bs_check_tally_rule(bs_check_tally *t, const void *rule);
/* Count one verdict: source totals, its table's line, its rule, the
 * timeline, and the conflict list. table may be -1, rule_hit -1. */
int bs_check_tally_add(bs_check_tally *t, const bs_check_verdict *v, long table, long rule_hit,
                       uint64_t events);
/* Free what a source's summary owns (check.c). */
void bs_check_source_summary_free(bs_check_source_summary *s);
/* Move the accumulated counts into the public summary of the source. */
int bs_check_tally_finish(bs_check_tally *t, bs_check_source_summary *out);

/* ---- live target keys (keyset.c) ---- */

typedef struct bs_keyset_entry {
    uint64_t hash[2];  /* XXH3-128 of the key's values, seeded by the target; never {0, 0} */
    uint32_t origin;   /* the upstream table that wrote the row (its tally index) */
    uint32_t member;   /* the binlog file of that event (index in the source's list) */
    uint64_t position; /* and its offset */
} bs_keyset_entry;
_Static_assert(sizeof(bs_keyset_entry) == 32, "a live key costs 32 bytes");

enum { BS_KEYSET_NEW = 0, BS_KEYSET_LIVE = 1, BS_KEYSET_FULL = 2 };

typedef struct bs_keyset bs_keyset;

int bs_keyset_new(uint64_t max_keys, bs_keyset **out);
void bs_keyset_free(bs_keyset *k);
/* Make e's key live. BS_KEYSET_NEW; BS_KEYSET_LIVE when it already was
 * (*prev: who wrote it; e replaces it); BS_KEYSET_FULL when max_keys keys are
 * live (nothing inserted); BS_ENOMEM. */
int bs_keyset_insert(bs_keyset *k, const bs_keyset_entry *e, bs_keyset_entry *prev);
/* The row with this key is gone downstream: 1 when it was live (*gone, may
 * be NULL: who wrote it), else 0. */
int bs_keyset_remove(bs_keyset *k, const uint64_t hash[2], bs_keyset_entry *gone);
uint64_t bs_keyset_count(const bs_keyset *k);
size_t bs_keyset_memory(const bs_keyset *k);

/* ---- table slots ---- */

typedef struct bs_check_slot {
    struct bs_check_slot *next; /* all slots of a source, for freeing */
    char *schema, *table;       /* NUL-terminated upstream names */
    const bs_table_decision *d;
    long tally;                   /* summary table entry */
    long rule_hit[3];             /* per row kind: the filter rule that decided, or -1 */
    long route_hit;               /* the route rule used, or -1 */
    uint64_t expr_version;        /* tracker version the expressions were built for */
    int expr_ready;               /* exprs compiled (or known to be none) */
    bs_rules_expr_filters *exprs; /* NULL when the table has none */
    int assumed_noted;            /* the "structure assumed" note was added */
    /* what a migrated row's statement names (bs_check_row) */
    uint64_t names_version; /* tracker version they were taken from; 0: binlog */
    int names_ready;
    char **names; /* column names, NULL entries when unknown */
    uint32_t n_names;
    const char *const *name_list; /* names, or NULL when any is unknown */
    uint32_t *key;                /* key column indexes */
    uint32_t nkey;
    const char *extract_names[3], *extract_values[3];
    uint32_t nextract;
    /* key collisions in the target (keyset) */
    uint32_t target;         /* its target in the source's target list (keys.c) */
    uint32_t key_extract[3]; /* extract values that are part of the target's key */
    /* does the downstream take DM's statements (downstream.c) */
    int fit_ready;
    uint64_t fit_stamp;   /* structure version and target changes it was assessed for */
    int fit_code;         /* 0, 1054 or 1364 */
    char fit_column[256]; /* the column concerned */
    uint32_t nkey_extract;
} bs_check_slot;

/* ---- the source ---- */

struct bs_check_src {
    struct bs_check *check;
    size_t index;
    const bs_task_instance *inst;
    const bs_source *source;
    char *source_id;
    bs_io_list *list;
    bs_rules *rules;
    bs_rules_query *query;
    bs_schema_tracker *tracker;
    bs_check_verdict_fn on_verdict;
    void *on_verdict_ctx;
    bs_check_tally *tally;
    bs_check_slot *slots;

    /* where to start and stop */
    size_t first_member;      /* members before it are not read (before meta's binlog-name) */
    uint64_t start_pos;       /* in first_member: events before it are before the start */
    bs_gtid_set *start_gtids; /* GTID start: transactions it contains are before the start */
    int in_skipped_trx;       /* the current transaction is contained in start_gtids */
    int started;              /* position/datetime start passed */
    char start_words[512];

    /* the current event's context */
    const char *file;
    const bs_binlog_fde *fde; /* format description in force */
    bs_buf db;                /* the QUERY event's database, NUL-terminated */
    bs_buf gtid;              /* the transaction's GTID as text (empty: none) */
    int safe_mode;            /* the task's syncer safe-mode */
    uint32_t safe_until;      /* assumed initial safe mode: events before this timestamp */
    int safe_window_started;  /* safe_until is set (at the first replayed data event) */

    /* live keys of the targets, for collisions (NULL: not tracked) */
    bs_keyset *keys;
    bs_buf key_bytes;                /* one key's values, to hash */
    bs_buf key_detail;               /* a collision's message */
    uint32_t member;                 /* index of the binlog file being read */
    int keys_full;                   /* the --max-keys cap was reached (noted once) */
    struct bs_check_target *targets; /* every target table seen, in first-use order */
    size_t n_targets, cap_targets;
    bs_hash_index target_index; /* over targets, by name hash */
    uint32_t targets_changed;   /* bumped when a target's known columns change */

    /* per-row scratch (values of one image) */
    bs_value *values, *old_values;
    uint32_t values_cap;

    /* results */
    bs_diag_list notes; /* merged into the summary's notes in source order */
    bs_check_source_summary *out;
    _Atomic uint64_t bytes_done, events_done;
    uint64_t bytes_total;
    int rc;
    bs_error err;
};

struct bs_check {
    const bs_task *task;
    bs_check_options opt;
    bs_schema_tracker *downstream; /* NULL without --downstream-schema */
    bs_rules_expr_tz *tz;
    bs_check_src **srcs;
    size_t n_srcs;
    bs_check_summary summary;
};

/* ---- the replay (replay.c, rows.c, ddl.c) ---- */

/* Replay one source to its end; fills s->out. Returns s->rc. */
int bs_check_replay(bs_check_src *s);
/* Rows events and QUERY events. Return 0, or a negative code that ends the
 * replay (input errors, the callback's stop, out of memory). */
int bs_check_rows_event(bs_check_src *s, bs_binlog_reader *r, const bs_binlog_event *ev,
                        int before_start);
int bs_check_query_event(bs_check_src *s, const bs_binlog_event *ev, int before_start);
void bs_check_slots_free(bs_check_src *s);
/* Emit a verdict: the callback, then the tally. */
int bs_check_emit(bs_check_src *s, const bs_check_verdict *v, long table, long rule_hit,
                  uint64_t events);
/* A verdict initialised with the event's place. */
void bs_check_verdict_init(bs_check_src *s, const bs_binlog_event *ev, bs_check_verdict *v);
/* Add a note about an assumption (source-id prefixed). */
void bs_check_note(bs_check_src *s, int severity, const char *kind, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* ---- key collisions (keys.c) ---- */

/* The slot's target and the extract columns in the target's key. */
int bs_check_keys_prepare(bs_check_src *s, bs_check_slot *slot);
/* Update the target's live keys for a migrated row (kind: bs_row_kind;
 * safe: DM writes it with REPLACE). Returns 1 when it collides with a row of
 * another table (or a row whose DELETE was dropped), with v made a conflict
 * (its text in s->key_detail); 0 when not; BS_ENOMEM. */
int bs_check_keys_row(bs_check_src *s, const bs_check_slot *slot, const bs_binlog_event *ev,
                      const bs_binlog_row *row, int kind, int safe, bs_check_verdict *v);

/* ---- target tables (targets.c) ---- */

typedef struct bs_check_target {
    uint64_t name_hash;   /* of the folded names */
    uint32_t generation;  /* bumped when DM empties the table (keys.c seeds with it) */
    char *schema, *table; /* as first seen */
    long *shards;         /* upstream tables routed here (tally indexes), first-seen order */
    uint32_t n_shards, cap_shards;
    /* columns DDL during the replay added here, or an ADD COLUMN a filter kept
     * from here: what the target has beyond (or lacks against) its structure
     * at the start */
    struct bs_check_target_column *columns;
    uint32_t n_columns;
    struct bs_check_lock *lock; /* pessimistic mode: the open shard DDL lock, or NULL */
} bs_check_target;

typedef struct bs_check_target_column {
    char *name;
    int present;
} bs_check_target_column;

/* The target's index (registered on first use), or -1 (no memory). */
long bs_check_target_of(bs_check_src *s, const char *schema, const char *table);
/* upstream (a tally table index) writes into target. 0 or BS_ENOMEM. */
int bs_check_target_join(bs_check_src *s, long target, long upstream);
/* DM ran a DDL that empties a target (DROP/TRUNCATE TABLE): its keys are
 * gone. table NULL or "": every target of the schema (DROP DATABASE). */
int bs_check_target_emptied(bs_check_src *s, const char *schema, const char *table);
/* An ADD COLUMN of column ran on target schema.table (present), or a filter
 * kept it from there (absent). 0 or BS_ENOMEM. */
int bs_check_target_column_added(bs_check_src *s, const char *schema, const char *table,
                                 const char *column, int present);
/* What the replay knows of a target column: 1 added, 0 kept away, -1 nothing. */
int bs_check_target_column_state(const bs_check_target *t, const char *column);
void bs_check_targets_free(bs_check_src *s);

/* ---- pessimistic shard DDL (pessimist.c) ---- */

typedef struct bs_check_lock bs_check_lock;

/* Table (tally index) of target produced the DDL list ddl (its statements
 * as DM runs them, "; "-joined): opens the target's lock, joins it, or
 * completes it; a list other than the lock's is a 36008 conflict. 0 or a
 * negative code. */
int bs_check_pessimist_ddl(bs_check_src *s, const bs_binlog_event *ev, long target, long table,
                           const char *ddl);
/* Rows of table migrated into target: held when the table passed the
 * target's open lock. */
void bs_check_pessimist_rows(bs_check_src *s, long target, long table, uint64_t rows);
/* At the end of the replay: every lock still open is a stall conflict. */
int bs_check_pessimist_finish(bs_check_src *s);
void bs_check_lock_free(bs_check_lock *l);

/* ---- the downstream table (downstream.c) ---- */

/* For rows of kind migrated with tracked structure up: 1 when the target
 * rejects DM's statement (1054 a column it lacks, 1364 for inserts a NOT
 * NULL column without default DM does not send), with v's dm_code, detail
 * (in s->key_detail) and fix filled; else 0. */
int bs_check_downstream_fit(bs_check_src *s, bs_check_slot *slot, const bs_schema_table *up,
                            int kind, bs_check_verdict *v);

/* ---- shard DDL without a shard mode (merged.c) ---- */

/* A DDL statement DM runs on target t (table: its upstream table's tally
 * index, -1 for database statements): joins the upstream table to the
 * target's group, and returns 1 with v made a conflict when, in shard-mode
 * "", it drops, empties or removes a column from a target other upstream
 * tables write into; 0 otherwise; BS_ENOMEM. */
int bs_check_merged_ddl(bs_check_src *s, const bs_rules_query_stmt *st,
                        const bs_rules_query_table *t, long table, bs_check_verdict *v);

/* ---- start position (start.c) ---- */

/* Resolve where the source starts (task meta, GTID set, overrides) into
 * s->first_member / start_pos / start_gtids and s->start_words. */
int bs_check_start_resolve(bs_check_src *s, bs_error *err);

#endif
