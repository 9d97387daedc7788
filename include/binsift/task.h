/*
 * binsift/task.h - DM task and source configuration, as DM loads it.
 *
 * bs_task_load() reads a DM task YAML file the way DM does: strictly (an
 * unknown key or a wrong type is an error, DM code 20003), then with every
 * validation DM's TaskConfig.adjust() performs, each failing with DM's code
 * and a message naming the file and line. Filter rules DM would silently
 * discard are kept (flagged `discarded`) and reported as warnings.
 *
 * The result is a read-only model: plain structs the rule engine and the
 * reports read directly. Every string is owned by the bs_task (or
 * bs_source) and lives as long as it. `line` fields are the 1-based YAML
 * line of the entry, for messages. Only what affects event decisions is
 * modelled in detail; other keys are validated and kept as raw YAML text
 * where binsift has no use for them yet.
 */
#ifndef BINSIFT_TASK_H
#define BINSIFT_TASK_H

#include <stddef.h>
#include <stdint.h>

#include "binsift/diag.h"
#include "binsift/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- rules (top-level maps, referenced by name from instances) ---- */

typedef struct bs_task_ba_table {
    const char *db_name;  /* wildcard or ~regex */
    const char *tbl_name; /* wildcard or ~regex */
    int line;
} bs_task_ba_table;

typedef struct bs_task_ba_rule { /* one block-allow-list (or black-white-list) entry */
    const char *name;
    int line;
    const char *const *do_dbs;
    size_t n_do_dbs;
    const char *const *ignore_dbs;
    size_t n_ignore_dbs;
    const bs_task_ba_table *do_tables;
    size_t n_do_tables;
    const bs_task_ba_table *ignore_tables;
    size_t n_ignore_tables;
} bs_task_ba_rule;

typedef struct bs_task_extract { /* extract-table / extract-schema / extract-source */
    const char *regexp;          /* NULL when the extractor is not configured */
    const char *target_column;
    int line;
} bs_task_extract;

typedef struct bs_task_route {
    const char *name;
    int line;
    const char *schema_pattern; /* required */
    const char *table_pattern;  /* "" for a schema-level rule */
    const char *target_schema;  /* required */
    const char *target_table;   /* "" keeps the upstream table name */
    bs_task_extract extract_table, extract_schema, extract_source;
} bs_task_route;

typedef struct bs_task_filter { /* binlog event filter rule */
    const char *name;           /* map key; for source-level rules "source:<index>" */
    int line;
    const char *schema_pattern;
    const char *table_pattern; /* "" for a schema-level rule */
    const char *const *events; /* as written (DM lower-cases them when loading) */
    size_t n_events;
    const char *const *sql_patterns;
    size_t n_sql_patterns;
    const char *action;         /* as written: DM accepts exactly Do, Ignore, Error */
    int discarded;              /* DM would drop this rule at load (see diagnostics) */
    const char *discard_reason; /* why, when discarded */
} bs_task_filter;

typedef struct bs_task_expr_filter {
    const char *name;
    int line;
    const char *schema, *table;        /* exact upstream names */
    const char *insert_value_expr;     /* NULL when absent */
    const char *update_old_value_expr; /* NULL when absent */
    const char *update_new_value_expr; /* NULL when absent */
    const char *delete_value_expr;     /* NULL when absent */
    int expr_line;                     /* line of the (first) expression */
} bs_task_expr_filter;

/* ---- per-instance configuration ---- */

typedef struct bs_task_meta {
    int present;
    int line;
    const char *binlog_name; /* "" when absent */
    uint32_t binlog_pos;
    const char *binlog_gtid; /* "" when absent */
} bs_task_meta;

typedef struct bs_task_syncer { /* resolved: named syncer config or inline */
    int worker_count, batch, queue_size;
    int safe_mode;
    int64_t safe_mode_duration_ms; /* default 2 * checkpoint-flush-interval */
    int64_t checkpoint_flush_interval_ms;
    int multiple_rows;
    int compact;
} bs_task_syncer;

typedef struct bs_task_instance {
    const char *source_id;
    int line;
    bs_task_meta meta;
    const char *ba_list_name;       /* block-allow-list, else black-white-list, else NULL */
    const bs_task_ba_rule *ba_list; /* resolved; NULL allows everything */
    const char *const *route_names; /* in the instance's order */
    size_t n_routes;
    const bs_task_route **routes; /* resolved, same order */
    const char *const *filter_names;
    size_t n_filters;
    const bs_task_filter **filters; /* resolved, same order */
    const char *const *expr_filter_names;
    size_t n_expr_filters;
    const bs_task_expr_filter **expr_filters;
    bs_task_syncer syncer;
} bs_task_instance;

typedef struct bs_task_target {
    const char *host;
    int port;
    const char *user;
    const char *password; /* as written (may be dmctl-encrypted) */
} bs_task_target;

/* ---- the task ---- */

typedef struct bs_task_config {
    const char *file;
    const char *name;
    const char *task_mode;  /* full / incremental / all / dump / load / load&sync */
    const char *shard_mode; /* "" / pessimistic / optimistic, after is-sharding */
    int is_sharding;
    int strict_optimistic_shard_mode;
    int case_sensitive;                    /* task value; OR the source's in effect (see rules) */
    int online_ddl;                        /* default true */
    const char *const *shadow_table_rules; /* regexes, anchored as DM anchors them */
    size_t n_shadow_table_rules;
    const char *const *trash_table_rules;
    size_t n_trash_table_rules;
    const char *meta_schema;
    const char *timezone;
    const char *const *ignore_checking_items;
    size_t n_ignore_checking_items;
    bs_task_target target_database;
    const bs_task_instance *instances;
    size_t n_instances;
    const bs_task_ba_rule *ba_lists; /* block-allow-list, or black-white-list when it is empty */
    size_t n_ba_lists;
    const bs_task_route *routes;
    size_t n_routes;
    const bs_task_filter *filters;
    size_t n_filters;
    const bs_task_expr_filter *expr_filters;
    size_t n_expr_filters;
} bs_task_config;

typedef struct bs_task bs_task;

/* Load and validate a task file. On a DM validation failure returns
 * BS_ECONFIG with err->dm_code set and err naming the file and line; every
 * problem found (not only the first) is also appended to diags as an error,
 * and rules DM silently discards as warnings. diags may be NULL. */
int bs_task_load(const char *path, bs_task **out, bs_diag_list *diags, bs_error *err);
/* The same from memory; name is used in messages (e.g. the file name). */
int bs_task_load_buffer(const char *name, const char *data, size_t len, bs_task **out,
                        bs_diag_list *diags, bs_error *err);
const bs_task_config *bs_task_get(const bs_task *t);
const bs_task_instance *bs_task_instance_find(const bs_task *t, const char *source_id);
void bs_task_free(bs_task *t);

/* ---- DM source files ---- */

typedef struct bs_source_config {
    const char *file;
    const char *source_id;
    int enable_gtid;
    int enable_relay;
    const char *flavor; /* "", "mysql" or "mariadb" */
    uint32_t server_id;
    int case_sensitive;
    struct {
        const char *host;
        int port;
        const char *user;
        const char *password;
        const char *ssl_ca, *ssl_cert, *ssl_key;
    } from;
    const bs_task_filter *filters; /* source-level binlog event filters, in order */
    size_t n_filters;
} bs_source_config;

typedef struct bs_source bs_source;

/* Load and validate a source file the way DM does (strict YAML, then
 * SourceConfig.Verify). A source-level filter rule DM could not add makes
 * every subtask on the source fail to start, so it fails the load here; a
 * rule with the same pattern pair as an earlier one is skipped by DM and
 * kept flagged `discarded`. */
int bs_source_load(const char *path, bs_source **out, bs_diag_list *diags, bs_error *err);
int bs_source_load_buffer(const char *name, const char *data, size_t len, bs_source **out,
                          bs_diag_list *diags, bs_error *err);
const bs_source_config *bs_source_get(const bs_source *s);
void bs_source_free(bs_source *s);

#ifdef __cplusplus
}
#endif
#endif
