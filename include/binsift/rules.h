/*
 * binsift/rules.h - DM's decisions for one source of a task.
 *
 * bs_rules_compile() turns a task's rules for one mysql-instance (plus the
 * source file's own filters) into matchers: the block-allow list, the table
 * router with its extract columns, the binlog event filter, online-DDL
 * shadow/trash rules, the built-in skipped statements. Each step can be asked
 * on its own (what `binsift explain` prints), optionally recording a trace of
 * the rules it visited; bs_rules_table() returns the whole per-table decision,
 * computed once per (schema, table) and cached, for the replay's fast path.
 *
 * Names are upstream names exactly as the binlog gives them; case folding
 * follows the task/source case-sensitive setting, quirks included
 * (../shared/dm-rules.md §2-§7).
 */
#ifndef BINSIFT_RULES_H
#define BINSIFT_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "binsift/diag.h"
#include "binsift/error.h"
#include "binsift/expr.h"
#include "binsift/task.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- DM's binlog event types (dm-rules.md §5.2) ---- */
enum bs_dm_event {
    BS_DMEV_NULL = 0, /* no type: statements DM cannot classify (only sql-pattern applies) */
    BS_DMEV_ALL,
    BS_DMEV_ALL_DML,
    BS_DMEV_ALL_DDL,
    BS_DMEV_NONE,
    BS_DMEV_NONE_DML,
    BS_DMEV_NONE_DDL,
    BS_DMEV_INCOMPATIBLE_DDL_CHANGES,
    BS_DMEV_INSERT,
    BS_DMEV_UPDATE,
    BS_DMEV_DELETE,
    BS_DMEV_CREATE_DATABASE,
    BS_DMEV_ALTER_DATABASE,
    BS_DMEV_CREATE_TABLE,
    BS_DMEV_CREATE_INDEX,
    BS_DMEV_CREATE_VIEW,
    BS_DMEV_DROP_VIEW,
    BS_DMEV_ALTER_TABLE,
    BS_DMEV_ADD_TABLE_PARTITION,
    BS_DMEV_DROP_DATABASE,
    BS_DMEV_DROP_TABLE,
    BS_DMEV_TRUNCATE_TABLE,
    BS_DMEV_RENAME_TABLE,
    BS_DMEV_DROP_INDEX,
    BS_DMEV_DROP_TABLE_PARTITION,
    BS_DMEV_TRUNCATE_TABLE_PARTITION,
    BS_DMEV_ADD_FOREIGN_KEY,
    BS_DMEV_DROP_FOREIGN_KEY,
    BS_DMEV_VALUE_RANGE_DECREASE,
    BS_DMEV_PRECISION_DECREASE,
    BS_DMEV_MODIFY_COLUMN,
    BS_DMEV_RENAME_COLUMN,
    BS_DMEV_RENAME_INDEX,
    BS_DMEV_DROP_COLUMN,
    BS_DMEV_DROP_PRIMARY_KEY,
    BS_DMEV_DROP_UNIQUE_KEY,
    BS_DMEV_MODIFY_DEFAULT_VALUE,
    BS_DMEV_MODIFY_CONSTRAINT,
    BS_DMEV_MODIFY_COLUMNS_ORDER,
    BS_DMEV_MODIFY_CHARSET,
    BS_DMEV_MODIFY_COLLATION,
    BS_DMEV_REMOVE_AUTO_INCREMENT,
    BS_DMEV_MODIFY_STORAGE_ENGINE,
    BS_DMEV_REORGANIZE_TABLE_PARTITION,
    BS_DMEV_REBUILD_TABLE_PARTITION,
    BS_DMEV_COALESCE_TABLE_PARTITION,
    BS_DMEV_SPLIT_TABLE_PARTITION,
    BS_DMEV_EXCHANGE_TABLE_PARTITION,
    BS_DMEV_MODIFY_SCHEMA_CHARSET_AND_COLLATE,
    BS_DMEV_MODIFY_TABLE_CHARSET_AND_COLLATE,
    BS_DMEV_MODIFY_TABLE_COMMENT,
    BS_DMEV_RECOVER_TABLE,
    BS_DMEV_ALTER_TABLE_PARTITIONING,
    BS_DMEV_REMOVE_TABLE_PARTITIONING,
    BS_DMEV_ADD_COLUMN,
    BS_DMEV_SET_DEFAULT_VALUE,
    BS_DMEV_REBASE_AUTO_ID,
    BS_DMEV_ADD_PRIMARY_KEY,
    BS_DMEV_ALTER_INDEX_VISIBILITY,
    BS_DMEV_ALTER_TTL_INFO,
    BS_DMEV_ALTER_TTL_REMOVE,
    BS_DMEV_MULTI_SCHEMA_CHANGE,
    BS_DMEV_COUNT
};

/* Classes of event types, for the generic names. */
enum bs_dm_event_class {
    BS_DMEC_NULL = 0, /* BS_DMEV_NULL */
    BS_DMEC_GENERIC,  /* all, all dml, none ddl, ... */
    BS_DMEC_DML,
    BS_DMEC_DDL,
    BS_DMEC_INCOMPATIBLE_DDL
};

/* DM's name of an event type ("modify constraint"), "" for NULL. */
const char *bs_rules_event_name(int ev);
/* Event type of a name as DM's toEventType reads it (case-insensitive,
 * aliases such as "create schema"); -1 for a name DM does not know. The
 * empty string is a known name that matches nothing (BS_DMEV_NULL). */
int bs_rules_event_from_name(const char *name, size_t len);
int bs_rules_event_class(int ev);
/* Is the type produced by DM's DDL classifier (vs. names kept for TiCDC)? */
int bs_rules_event_dm_produces(int ev);

/* ---- traces: what each step looked at, for explain ---- */

enum bs_rules_step {
    BS_STEP_SYSTEM_SCHEMA = 1,
    BS_STEP_ONLINE_DDL,
    BS_STEP_BUILTIN_SKIP,
    BS_STEP_BA_LIST,
    BS_STEP_ROUTE,
    BS_STEP_FILTER,
    BS_STEP_EXPRESSION
};

typedef struct bs_rules_trace_entry {
    int step;         /* bs_rules_step */
    int event;        /* bs_dm_event the step was evaluated for, BS_DMEV_NULL when any */
    const char *rule; /* rule name or pattern concerned, may be NULL */
    char *detail;     /* what happened, in words */
} bs_rules_trace_entry;

typedef struct bs_rules_trace {
    bs_rules_trace_entry *items;
    size_t n, cap;
    int event; /* set by the caller: the event type entries added now concern */
} bs_rules_trace;

/* A step's name for people ("block-allow list"), for bs_rules_step and
 * bs_rules_query_step values; "" when unknown. */
const char *bs_rules_step_name(int step);
/* Append an entry (best effort: a trace never fails a decision, so an
 * allocation failure only loses the entry). t may be NULL. */
void bs_rules_trace_add(bs_rules_trace *t, int step, const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void bs_rules_trace_free(bs_rules_trace *t);

/* ---- compiled rules ---- */

typedef struct bs_rules bs_rules;

/* Compile the rules of task instance source_id. source (may be NULL) adds
 * its case-sensitive flag and source-level filters. Problems DM reports at
 * task start (e.g. a route regex that does not compile) fail with err;
 * everything else DM tolerates goes to diags. */
int bs_rules_compile(const bs_task *task, const char *source_id, const bs_source *source,
                     bs_rules **out, bs_diag_list *diags, bs_error *err);
void bs_rules_free(bs_rules *r);
int bs_rules_case_sensitive(const bs_rules *r);

/* DM's system schemas (always dropped, case-insensitive). */
int bs_rules_is_system_schema(const char *schema, size_t len);

/* Block-allow list: 1 pass, 0 drop. table may be "" (schema-level DDL). */
int bs_rules_ba_pass(const bs_rules *r, const char *schema, const char *table,
                     bs_rules_trace *trace);

/* Route of (schema, table). */
typedef struct bs_route_result {
    int matched;               /* a rule matched (else target = upstream names) */
    int ambiguous;             /* several rules of the winning level matched (DM: error at
                                  precheck, upstream name at runtime) */
    const bs_task_route *rule; /* the rule used, NULL when none */
    const char *target_schema, *target_table; /* never NULL: the rule's targets, or the
                                                 upstream names passed in */
    /* extract-table / extract-schema / extract-source values: NULL when the
     * extractor is not configured on the rule, "" when its regex did not
     * match; otherwise all capture groups concatenated (into extract_buf) */
    const char *extract_table, *extract_schema, *extract_source;
    char extract_buf[3][260]; /* captures are substrings of names (<= 256 bytes) */
} bs_route_result;

int bs_rules_route(const bs_rules *r, const char *schema, const char *table, bs_route_result *out,
                   bs_rules_trace *trace, bs_error *err);

/* Binlog event filter. */
enum bs_filter_action { BS_FILTER_DO = 0, BS_FILTER_IGNORE = 1, BS_FILTER_ERROR = 2 };

typedef struct bs_filter_result {
    int action;                 /* bs_filter_action */
    const bs_task_filter *rule; /* the decisive rule, NULL when none was */
    int by_sql_pattern;         /* decided by the sql-pattern step */
} bs_filter_result;

/* sql is the whole original query text for DDL, NULL/"" for rows. */
int bs_rules_filter(const bs_rules *r, const char *schema, const char *table, int event,
                    const char *sql, size_t sql_len, bs_filter_result *out, bs_rules_trace *trace);

/* Online DDL (online-ddl on): 1 when table is a gh-ost/pt shadow table, 2
 * when it is a trash table, 0 otherwise. real (cap bytes, may be NULL)
 * receives the real table's name, the rule's capture group. */
int bs_rules_online_ddl_table(const bs_rules *r, const char *table, char *real, size_t cap);

/* DM's built-in always-skipped statements (dm-rules.md §7.3): 1 when the
 * original query text (leading white space trimmed) is one of them. */
int bs_rules_builtin_skip(const bs_rules *r, const char *sql, size_t len);

/* ---- the per-table decision (the replay's fast path) ---- */

enum bs_drop_step { /* why a table's rows are dropped, in DM's order */
                    BS_DROP_NONE = 0,
                    BS_DROP_SYSTEM_SCHEMA,
                    BS_DROP_BA_LIST,
                    BS_DROP_ONLINE_DDL, /* gh-ost/pt shadow or trash table */
                    BS_DROP_FILTER      /* the binlog filter ignores this row kind */
};

enum bs_row_kind { BS_ROW_INSERT = 0, BS_ROW_UPDATE = 1, BS_ROW_DELETE = 2 };

typedef struct bs_table_decision {
    int drop_all;                      /* bs_drop_step that drops every row of the table, or 0 */
    int row_drop[3];                   /* per bs_row_kind: bs_drop_step, 0 = migrated (or error) */
    int row_action[3];                 /* per bs_row_kind: bs_filter_action */
    const bs_task_filter *row_rule[3]; /* the deciding filter rule, NULL when none */
    bs_route_result route;
    const bs_task_expr_filter *const *expr_filters; /* rules naming this table */
    size_t n_expr_filters;
    void *user; /* free for the consumer (e.g. compiled expressions) */
} bs_table_decision;

/* The decision for (schema, table) rows, computed on first use and cached
 * (keyed by an xxHash of the names). Stable until invalidated. NULL only when
 * out of memory. */
const bs_table_decision *bs_rules_table(bs_rules *r, const char *schema, size_t slen,
                                        const char *table, size_t tlen);
/* The same decision computed afresh (not cached), recording every step in
 * trace, in DM's order, each entry tagged with the row event it concerns:
 * what `binsift explain` shows. out->expr_filters is not filled. */
void bs_rules_table_trace(bs_rules *r, const char *schema, const char *table,
                          bs_table_decision *out, bs_rules_trace *trace);
/* Forget a table's cached decision (after a DDL changed it). */
void bs_rules_table_invalidate(bs_rules *r, const char *schema, size_t slen, const char *table,
                               size_t tlen);
/* Decisions computed so far (cache misses), for statistics. */
uint64_t bs_rules_table_computed(const bs_rules *r);

/* ---- a table's expression filters (dm-rules.md §6, DM's ExprFilterGroup) ---- */

typedef struct bs_rules_expr_filters bs_rules_expr_filters;

/* Compile the expression filters of a table decision against the table's
 * columns as the schema tracker knows them (DM compiles them lazily per table
 * and again after a DDL on it). A column that does not resolve makes that
 * expression constant FALSE, as in DM; an expression binsift cannot evaluate
 * fails with err naming the rule, the expression and the YAML line. *out is
 * NULL (and 0 returned) when the table has no expression filter. */
int bs_rules_expr_filters_new(const bs_table_decision *d, const char *task_file,
                              const bs_rules_expr_table *table, bs_rules_expr_filters **out,
                              bs_error *err);
void bs_rules_expr_filters_free(bs_rules_expr_filters *f);

typedef struct bs_rules_expr_verdict {
    int skip;                        /* DM skips the row (no SQL is generated) */
    const bs_task_expr_filter *rule; /* the first rule that skipped it */
} bs_rules_expr_verdict;

/* One row (kind: bs_row_kind): insert rows are the after image, delete rows
 * the before image, update rows both (values for either side may be NULL for
 * the other kinds). Rules combine with OR; for an update, a rule skips when
 * its old-value expression (on before) AND its new-value expression (on
 * after) are 1, a missing side counting as true. An evaluation error is DM
 * stopping the task (err says which rule). With trace, every rule evaluated
 * is recorded with its result. */
int bs_rules_expr_filters_eval(bs_rules_expr_filters *f, int kind, const bs_value *before,
                               const bs_value *after, uint32_t nvalues,
                               const bs_rules_expr_ctx *ctx, bs_rules_expr_verdict *out,
                               bs_rules_trace *trace, bs_error *err);

/* ---- lint: what is wrong or suspicious in a task before it runs ---- */

/* One input file: its name (used in findings) and YAML text. */
typedef struct bs_rules_lint_input {
    const char *name;
    const char *data; /* need not be NUL-terminated */
    size_t len;
} bs_rules_lint_input;

/* Lint a DM task and its source files. Appends to out, sorted by file (the
 * task, then the sources in the order given) and line, every finding:
 *  - what the loaders report: each validation DM performs (errors carrying
 *    DM's code; DM stops at the first, lint lists them all) and the filter
 *    rules DM silently discards (warnings, kind "filter-rule-dropped");
 *  - binsift's analysis. Stable kinds (severity W warning, I info):
 *      route-ambiguous W (dm_code 11043)  two route rules of one level can
 *          match one name (decided exactly for wildcards; example given);
 *      route-may-overlap W (11043)  the same, shown by a name of the task,
 *          where a ~regex makes it undecidable;
 *      route-ba-dropped W        a route on names the BA list always drops;
 *      route-schema-target-table W  a schema rule with a target-table;
 *      route-schema-ddl I        a table rule renaming schemas without a schema
 *          rule: schema-level DDL keeps the upstream name;
 *      filter-never-produced W   event names DM never produces;
 *      filter-alter-table W      "alter table" without DM's finer ALTER types;
 *      filter-do-dml-only W      a Do rule listing only DML drops all DDL;
 *      filter-do-no-events W     a Do rule without events drops all DML;
 *      filter-shadowed W         a rule an earlier-visited rule always preempts;
 *      filter-ba-dropped W       a filter rule on names the BA list drops;
 *      source-filter-overridden W  a source rule DM skips for a task rule;
 *      ba-ignore-dbs-unused W, ba-ignore-tables-unused W  lists DM never
 *          consults (do-dbs / do-tables set);
 *      ba-do-table-unreachable W a do-tables entry whose schema never passes;
 *      ba-system-schema W        an allow entry naming only system schemas;
 *      ba-regex-pairing W        regex-db/wildcard-table entries DM unpairs;
 *      ba-redundant I            an entry another entry covers;
 *      ba-schema-ddl I           do-tables without do-dbs: schema DDL of any
 *          schema is replayed;
 *      expr-ba-dropped W, expr-rows-filtered W  expression filters that never
 *          see a row;
 *      expr-unsupported W        an expression binsift cannot evaluate;
 *      expr-invalid W            an expression TiDB rejects when DM builds it;
 *      expr-unknown-column W     a column reference DM never resolves;
 *      expr-columns I            the columns an expression needs;
 *      deprecated-key W          keys DM deprecates, ignores or renames;
 *      is-sharding-ignored W, online-ddl-conflict W, ba-bw-ignored W
 *          settings DM overrides;
 *      column-mapping E (20064)  instance column-mapping-rules, which DM
 *          rejects when the subtask starts;
 *      case-sensitive-mismatch W/I  task and source disagree (DM uses true);
 *      source-unused W, source-duplicate W  source files the task does not use;
 *      rules-compile E           an instance's rules do not compile.
 * Returns 0 when every file could be examined (findings, even errors, are
 * in out); BS_ECONFIG when a file is not YAML at all (its syntax error is in
 * out and err), BS_ELIMIT when one is too large, BS_ENOMEM. */
int bs_rules_lint_buffers(const bs_rules_lint_input *task, const bs_rules_lint_input *sources,
                          size_t n_sources, bs_diag_list *out, bs_error *err);
/* The same reading files; BS_EIO (err names the file) when one cannot be
 * read. */
int bs_rules_lint_files(const char *task_path, const char *const *source_paths, size_t n_sources,
                        bs_diag_list *out, bs_error *err);

/* ---- a QUERY event's decision (dm-rules.md §5.3, §5.5, §7.2-§7.4) ---- */

struct bs_ddl_column;
struct bs_ddl_stmt;
struct bs_ddl_split_stmt;
struct bs_ddl_options;

/* Steps of a QUERY event's decision, continuing enum bs_rules_step (traces
 * and results use both). */
enum bs_rules_query_step {
    BS_STEP_TRANSACTION = 16, /* BEGIN / COMMIT */
    BS_STEP_PARSE,            /* parsing, and what kind of statement DM sees */
    BS_STEP_SPLIT,            /* DM's SplitDDL */
    BS_STEP_DDL_EVENT,        /* the event type DM assigns (AstToDDLEvent) */
    BS_STEP_SHARD,            /* shard-mode rules (36022, 36068, statements not run) */
    BS_STEP_GLOBAL_FILTER     /* Filter("", "", null, sql) after an error (§5.5) */
};

/* A column as DM's schema tracker knows it, for MODIFY/CHANGE COLUMN. */
enum { BS_OLDCOL_PRIMARY_KEY = 1u << 0, BS_OLDCOL_UNIQUE_KEY = 1u << 1 };

typedef struct bs_rules_old_column {
    const struct bs_ddl_column *column; /* its definition */
    const struct bs_ddl_stmt *stmt;     /* the statement column comes from (its text and
                                           tokens are read for DEFAULT (expr)) */
    unsigned flags; /* BS_OLDCOL_*: part of the primary key; the only column of a
                       unique key (TiDB's PriKeyFlag / UniqueKeyFlag) */
    /* Lower- or upper-case names, "" when not set: the table's default charset
     * and collation (else the database's), the downstream database's (else
     * TiDB's utf8mb4 / utf8mb4_bin). */
    char table_charset[64], table_collate[64];
    char db_charset[64], db_collate[64];
} bs_rules_old_column;

/* The tracker lookup: column of schema.table (names as DM holds them: folded
 * when lower_case_table_names is set). Return 1 with *out filled, 0 when the
 * table or the column is not known (DM then classifies as `alter table`). */
typedef int (*bs_rules_column_lookup_fn)(void *ctx, const char *schema, const char *table,
                                         const char *column, bs_rules_old_column *out);

/* The old column from a parsed CREATE TABLE (e.g. one the user gives to
 * explain): its definition, its key flags as TiDB sets them, the table's
 * charset options. Returns 1 when create defines column (case-insensitive),
 * else 0. */
int bs_rules_old_column_from_create(const struct bs_ddl_stmt *create, const char *column,
                                    bs_rules_old_column *out);

/* The event type DM's DDLWorker.AstToDDLEvent gives one split statement
 * (§5.3): fine-grained types for ALTER TABLE specifications, MODIFY/CHANGE
 * COLUMN compared with the old column (TiDB's needChangeColumnData, then the
 * flag/default/charset/collation/order/name chain); no lookup, or a column
 * the lookup does not know, gives `alter table`, as in DM. *why (may be
 * NULL) receives a short static explanation. */
int bs_rules_ddl_event(const struct bs_ddl_split_stmt *s, bs_rules_column_lookup_fn lookup,
                       void *lookup_ctx, const char **why);

/* What DM does with a whole QUERY event. */
enum bs_query_kind {
    BS_QUERY_BEGIN = 1, /* exactly "BEGIN": nothing */
    BS_QUERY_COMMIT,    /* exactly "COMMIT": ends the transaction, like XID */
    BS_QUERY_DDL,       /* a DDL of which at least one statement runs downstream */
    BS_QUERY_SKIPPED,   /* nothing happens: reason */
    BS_QUERY_ERROR      /* DM stops the task: dm_code, message */
};

enum bs_query_skip_reason {
    BS_QSKIP_BUILTIN = 1,   /* DM's built-in skipped statements (§7.3) */
    BS_QSKIP_EMPTY,         /* nothing but white space and comments */
    BS_QSKIP_DML,           /* statement-format INSERT/UPDATE/DELETE/REPLACE/LOAD DATA:
                               DM skips it without a word - the rows are lost */
    BS_QSKIP_NOT_DDL,       /* another statement DM does not handle (SET, GRANT...) */
    BS_QSKIP_GLOBAL_FILTER, /* an error (dm_code) turned into a skip by a `*` filter rule
                               or its sql-pattern (rule) */
    BS_QSKIP_NO_STATEMENT   /* no split statement runs (each was dropped: see them; some
                               may still change the tracker), or there were none */
};

/* What happened to one split statement. */
enum bs_query_fate {
    BS_QFATE_EXECUTED = 1, /* runs downstream as sql (in shard modes: handed to DM's
                              shard-DDL coordination, §9, which decides when) */
    BS_QFATE_DROPPED,      /* not run: step (system schema, BA list, filter, online DDL,
                              shard) */
    BS_QFATE_ONLINE_SWAP,  /* gh-ost/pt cut-over: DM runs the DDLs it recorded for the
                              ghost table against the real table instead (36046 if it
                              recorded none; the caller keeps those records) */
    BS_QFATE_ERROR,        /* this statement stopped the task */
    BS_QFATE_NOT_REACHED   /* an earlier statement stopped the task first */
};

/* DM's online-DDL plugin on a statement (§7.4; `online-ddl` on). */
enum bs_query_online {
    BS_QONLINE_NONE = 0,
    BS_QONLINE_RECORD,          /* DDL on a ghost table: recorded, not run */
    BS_QONLINE_RESET,           /* ghost table created, dropped or renamed away: its
                                   record is cleared, nothing runs */
    BS_QONLINE_TRASH,           /* DDL on a trash table: ignored */
    BS_QONLINE_RENAME_TO_TRASH, /* real table renamed to a trash name: ignored */
    BS_QONLINE_SWAP             /* ghost table renamed to the real name */
};

typedef struct bs_rules_query_table {
    /* as DM's FetchDDLTables names it; table "" for a database statement */
    const char *schema, *table;
    /* online DDL: the real table's name (the BA list and filters use it);
     * == table otherwise */
    const char *real_table;
    int online_type;                          /* 0 real, 1 ghost (shadow), 2 trash */
    const char *target_schema, *target_table; /* routed */
    const bs_task_route *route;               /* the route rule used, NULL when none */
    int route_ambiguous; /* several rules matched: DM keeps the upstream name */
} bs_rules_query_table;

typedef struct bs_rules_query_stmt {
    const struct bs_ddl_split_stmt *split; /* the split statement */
    int event;                             /* bs_dm_event DM filters it as */
    const char *event_why;                 /* how that type was chosen */
    uint32_t ntables;
    const bs_rules_query_table *tables;
    const char *sql; /* the statement DM runs downstream (routed, TiDB's format) */
    size_t sql_len;
    int fate;                       /* bs_query_fate */
    int step;                       /* bs_rules_step / bs_rules_query_step that decided a drop or
                                       an error; 0 for executed statements */
    uint32_t table;                 /* index of the table that decided it */
    const bs_task_filter *filter;   /* filter rule that ignored it (kept for swaps) or
                                       raised the error */
    const bs_task_ba_rule *ba_list; /* the BA list that dropped it */
    int online;                     /* bs_query_online */
    int tracked;                    /* DM applies it to the schema tracker (filtered
                                       statements too; not those dropped by the system
                                       schema or BA list) */
    int dm_code;                    /* its error, for BS_QFATE_ERROR */
    const char *message;
} bs_rules_query_stmt;

typedef struct bs_rules_query_result {
    int kind;                     /* bs_query_kind */
    int skip;                     /* bs_query_skip_reason, for BS_QUERY_SKIPPED */
    int step;                     /* the step that decided a skip or an error */
    int dm_code;                  /* the error (for GLOBAL_FILTER skips: the error skipped) */
    const char *message;          /* DM's message for it, or what the skip was */
    const bs_task_filter *filter; /* the `*` rule of a GLOBAL_FILTER skip, or the rule
                                     that raised 36015 */
    int stmt_kind;                /* bs_ddl_kind of the parsed statement, 0 when unparsed */
    const char *sql;              /* the text DM works on (trimmed as DM trims it) */
    size_t sql_len;
    uint32_t nstmts; /* DM's split statements, in order */
    const bs_rules_query_stmt *stmts;
    uint32_t executed; /* statements that run downstream (swaps included) */
} bs_rules_query_result;

typedef struct bs_rules_query_input {
    const char *sql; /* the QUERY event's text */
    size_t sql_len;
    const char *db; /* the event's current database (may be NULL) */
    size_t db_len;
    const struct bs_ddl_options *parse; /* sql_mode bits, server version, MariaDB; NULL:
                                           defaults */
    int lower_case_table_names;         /* the upstream's setting is not 0 */
    bs_rules_column_lookup_fn lookup;   /* old columns for MODIFY/CHANGE, may be NULL */
    void *lookup_ctx;
    int foreign_key_checks; /* target-database session foreign_key_checks is on: DM then
                               rejects foreign-key DDL (36068) */
} bs_rules_query_input;

/* A reusable context: owns a DDL parser and the memory of its results, so a
 * warmed-up context does not allocate per event. One thread at a time. */
typedef struct bs_rules_query bs_rules_query;

int bs_rules_query_new(bs_rules *r, bs_rules_query **out, bs_error *err);
void bs_rules_query_free(bs_rules_query *q);

/* DM's decision for one QUERY event, in DM's order: BEGIN/COMMIT, built-in
 * skipped statements, parsing (36067), statements DM does not handle, split
 * (11007), then per split statement foreign-key DDL under foreign_key_checks
 * (36068), its tables with their routes and the routed text, the event type, system schema / BA
 * list / binlog filter per table (36015), online DDL (36041, 36044, 36045); then the shard-mode
 * rules (36022, 36068); any error then goes through the global filter fallback. When the outcome is
 * an error (or a global-filter skip) nothing runs: each statement's fate is what DM had decided for
 * it when it stopped. *out and everything it points to stay valid until the next call on q, and
 * while in->sql lives. With trace, every step is recorded. Returns 0, or a negative code when
 * binsift itself fails (out of memory, a statement it cannot render). */
int bs_rules_query_decide(bs_rules_query *q, const bs_rules_query_input *in,
                          const bs_rules_query_result **out, bs_rules_trace *trace, bs_error *err);

#ifdef __cplusplus
}
#endif
#endif
