/*
 * task_internal.h - the pieces behind binsift/task.h.
 *
 * Loading a DM file is four steps, one file each:
 *
 *   yaml_tree.c    libyaml events -> a node tree (ynode) with 1-based line
 *                  marks, anchors resolved, every size bounded;
 *   yaml_decode.c  the tree -> typed values (dv), following gopkg.in/yaml.v2's
 *                  UnmarshalStrict into DM's Go structs (dm_schema.c describes
 *                  those structs): YAML 1.1 scalar resolution, unknown fields,
 *                  duplicate keys, type errors with yaml.v2's wording, merge
 *                  keys, and yaml.v2's alias-expansion limit;
 *   task_load.c /  the typed values -> the public model, with DM's validations
 *   source_load.c  in DM's order (TaskConfig.adjust, then each subtask's
 *                  SubTaskConfig.Adjust; SourceConfig.Verify);
 *   filter_load.c  binlog event filter rules, which DM loads forgivingly.
 *
 * Every problem goes through a task_ctx: it becomes an error diagnostic, and
 * the first one (by DM's precedence) becomes the returned bs_error.
 */
#ifndef BS_TASK_INTERNAL_H
#define BS_TASK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "binsift/task.h"
#include "util/arena.h"
#include "util/error_internal.h"

/* ---- limits on hostile input ---- */

#define TASK_MAX_FILE_BYTES   ((size_t)4 << 20) /* DM configs are a few KiB */
#define TASK_MAX_NODES        200000            /* YAML nodes in one document */
#define TASK_MAX_DEPTH        128               /* collection nesting */
#define TASK_MAX_SCALAR_BYTES ((size_t)1 << 20)
#define TASK_MAX_VISITS       2000000 /* decode steps incl. alias expansion */
#define TASK_MAX_DECODE_DEPTH 512     /* decode recursion incl. alias chains */

/* ---- reporting ---- */

typedef struct task_ctx {
    const char *file;    /* name used in messages */
    bs_diag_list *diags; /* may be NULL */
    bs_error *err;       /* may be NULL */
    int n_errors;        /* error diagnostics so far */
    int err_rank;        /* precedence of the error held in err (0: none) */
    bool oom;            /* a diagnostic could not be recorded */
} task_ctx;

/* Precedence of a recorded error: DM returns the first error of the highest
 * rank it meets. yaml.v2 abandons collected type errors when a decoding
 * step aborts (a TextUnmarshaler error, a custom UnmarshalYAML wrapping type
 * errors), so an aborting YAML error outranks plain type errors. */
enum { RANK_CHECK = 1, RANK_YAML_TYPE = 2, RANK_YAML_ABORT = 3 };

/* Record an error (diag + err when it outranks what err holds). Returns
 * BS_ECONFIG. */
int tc_error(task_ctx *c, int rank, int dm_code, const char *kind, int line, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void tc_warn(task_ctx *c, int dm_code, const char *kind, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The load result: BS_ENOMEM, BS_ECONFIG when errors were recorded, else 0. */
int tc_result(const task_ctx *c);

/* ---- the YAML tree (yaml_tree.c) ---- */

enum ynode_kind { YN_SCALAR = 1, YN_SEQ, YN_MAP, YN_ALIAS };

typedef struct ynode ynode;
struct ynode {
    uint8_t kind;
    bool plain;        /* a plain scalar without tag (yaml.v2's "implicit") */
    bool expanding;    /* decoder: an alias to this node is being expanded */
    int line;          /* 1-based, where the node starts */
    const char *tag;   /* explicit tag, resolved to its full form, or NULL */
    const char *value; /* scalar text (NUL-terminated; may hold NULs) */
    size_t len;
    ynode **items; /* SEQ: n items; MAP: 2n entries, key then value */
    size_t n;
    ynode *target; /* ALIAS: the anchored node; value holds the anchor */
};

/* Parse the first document of data (later documents are ignored, like
 * yaml.v2). *root is NULL for an empty stream. Nodes live in arena. Syntax
 * errors and limit overruns are recorded in c (DM code 20003). */
int ytree_parse(task_ctx *c, bs_arena *arena, const char *data, size_t len, ynode **root);

/* ---- Go types DM decodes into (dm_schema.c) ---- */

enum ty_kind {
    TY_STRING = 1,
    TY_INT,  /* signed, `bits` wide */
    TY_UINT, /* unsigned, `bits` wide */
    TY_BOOL,
    TY_FLOAT,
    TY_TEXT,   /* a Go type with UnmarshalText: any scalar, checked by text() */
    TY_STRUCT, /* fields by yaml key */
    TY_SEQ,    /* slice of elem */
    TY_MAP,    /* map[string]elem */
    TY_ANY     /* interface{}: anything, only checked for duplicate keys */
};

typedef struct ty ty;
typedef struct ty_field {
    const char *key;
    const ty *type;
} ty_field;

struct ty {
    uint8_t kind;
    uint8_t bits;     /* TY_INT / TY_UINT */
    bool fresh;       /* custom UnmarshalYAML: decoded afresh each time */
    const char *go;   /* Go type name, as reflect prints it in messages */
    const char *wrap; /* custom UnmarshalYAML: prefix of its error text */
    const ty_field *fields;
    size_t n_fields;
    const ty *elem;
    /* TY_TEXT: 0 when s is acceptable, else -1 with Go's error text in why */
    int (*text)(const char *s, size_t n, char *why, size_t cap);
};

/* ---- decoded values (yaml_decode.c) ---- */

enum dv_state { DV_ABSENT = 0, DV_NULL, DV_SET };

typedef struct dv dv;
typedef struct dv_item dv_item;
struct dv {
    uint8_t state;
    int line;     /* of the value node */
    int key_line; /* struct fields: of the key */
    union {
        struct {
            const char *s; /* strings and TY_TEXT text */
            size_t len;
        } str;
        int64_t i;
        uint64_t u;
        double f;
        bool b;
        dv *fields; /* TY_STRUCT: one per field */
        struct {
            dv_item *items; /* TY_SEQ (key NULL) and TY_MAP, in file order */
            size_t n;
        } list;
    } v;
};
struct dv_item {
    const char *key;
    int key_line;
    dv val;
};

/* Decode root (may be NULL) into a value of type t. Problems are recorded
 * in c; returns 0, BS_ECONFIG or BS_ENOMEM. */
int ydecode(task_ctx *c, bs_arena *arena, const ynode *root, const ty *t, dv *out);

/* Field idx of a struct value; a missing struct reads as all-absent, a null
 * one as all-null (Go zero values). */
const dv *dv_field(const dv *s, size_t idx);
/* Scalars with Go semantics: absent -> def, null -> zero value. */
const char *dv_str(const dv *v, const char *def);
int64_t dv_int(const dv *v, int64_t def);
uint64_t dv_uint(const dv *v, uint64_t def);
bool dv_bool(const dv *v, bool def);
size_t dv_count(const dv *v); /* entries of a seq/map, 0 otherwise */

/* ---- Go library behaviour DM relies on (go_compat.c) ---- */

/* time.ParseDuration: 0 and *ns, or -1 with Go's error text. */
int go_parse_duration(const char *s, int64_t *ns, char *why, size_t cap);
/* docker/go-units RAMInBytes (v0.5). */
int go_ram_in_bytes(const char *s, int64_t *bytes, char *why, size_t cap);
/* DM utils.ParseFileSize (MiB when a bare integer). */
int go_parse_file_size(const char *s, char *why, size_t cap);
/* DM utils.ParseTimeZone: an IANA name or a +hh:mm offset in range. */
int go_parse_time_zone(const char *s, char *why, size_t cap);
/* DM utils.VerifyFilename: base.seq with a positive integer seq. */
bool go_verify_binlog_filename(const char *s);
/* DM gtid.ParserGTID syntax for flavor "", "mysql" or "mariadb". */
int go_parse_gtid_set(const char *flavor, const char *s, char *why, size_t cap);
/* TiDB's variable.TiDBOptOn after DM's trim of " '\"". */
bool go_tidb_opt_on(const char *s);

/* ---- DM's Go structs (dm_schema.c) ---- */

extern const ty dm_task_type, dm_source_type;
extern const ty dm_filter_rule_type; /* filter.BinlogEventRule */

/* Field indexes; each list is in the Go struct's field order. */
enum {
    TC_NAME,
    TC_TASK_MODE,
    TC_IS_SHARDING,
    TC_SHARD_MODE,
    TC_STRICT_OPTIMISTIC,
    TC_IGNORE_CHECKING_ITEMS,
    TC_META_SCHEMA,
    TC_ENABLE_HEARTBEAT,
    TC_HEARTBEAT_UPDATE,
    TC_HEARTBEAT_REPORT,
    TC_TIMEZONE,
    TC_CASE_SENSITIVE,
    TC_COLLATION_COMPATIBLE,
    TC_TARGET_DATABASE,
    TC_MYSQL_INSTANCES,
    TC_ONLINE_DDL,
    TC_SHADOW_TABLE_RULES,
    TC_TRASH_TABLE_RULES,
    TC_ONLINE_DDL_SCHEME,
    TC_ROUTES,
    TC_FILTERS,
    TC_COLUMN_MAPPINGS,
    TC_EXPRESSION_FILTER,
    TC_BLACK_WHITE_LIST,
    TC_BLOCK_ALLOW_LIST,
    TC_MYDUMPERS,
    TC_LOADERS,
    TC_SYNCERS,
    TC_VALIDATORS,
    TC_CLEAN_DUMP_FILE,
    TC_ANSI_QUOTES,
    TC_REMOVE_META,
    TC_EXPERIMENTAL,
    TC__N
};
enum {
    MI_SOURCE_ID,
    MI_META,
    MI_FILTER_RULES,
    MI_COLUMN_MAPPING_RULES,
    MI_ROUTE_RULES,
    MI_EXPRESSION_FILTERS,
    MI_BW_LIST,
    MI_BA_LIST,
    MI_MYDUMPER_NAME,
    MI_MYDUMPER,
    MI_MYDUMPER_THREAD,
    MI_LOADER_NAME,
    MI_LOADER,
    MI_LOADER_THREAD,
    MI_SYNCER_NAME,
    MI_SYNCER,
    MI_SYNCER_THREAD,
    MI_VALIDATOR_NAME,
    MI__N
};
enum { META_BINLOG_NAME, META_BINLOG_POS, META_BINLOG_GTID, META__N };
enum {
    MD_PATH,
    MD_THREADS,
    MD_CHUNK_FILESIZE,
    MD_STATEMENT_SIZE,
    MD_ROWS,
    MD_WHERE,
    MD_SKIP_TZ_UTC,
    MD_EXTRA_ARGS,
    MD__N
};
enum {
    LD_POOL_SIZE,
    LD_DIR,
    LD_SORTING_DIR,
    LD_IMPORT_MODE,
    LD_ON_DUPLICATE,
    LD_ON_DUPLICATE_LOGICAL,
    LD_ON_DUPLICATE_PHYSICAL,
    LD_DISK_QUOTA,
    LD_CHECKSUM,
    LD_ANALYZE,
    LD_RANGE_CONCURRENCY,
    LD_COMPRESS_KV,
    LD_PD_ADDR,
    LD__N
};
enum {
    SY_META_FILE,
    SY_WORKER_COUNT,
    SY_BATCH,
    SY_QUEUE_SIZE,
    SY_CHECKPOINT_FLUSH,
    SY_COMPACT,
    SY_MULTIPLE_ROWS,
    SY_MAX_RETRY,
    SY_AUTO_FIX_GTID,
    SY_ENABLE_GTID,
    SY_DISABLE_DETECT,
    SY_SAFE_MODE,
    SY_SAFE_MODE_DURATION,
    SY_ENABLE_ANSI_QUOTES,
    SY__N
};
enum {
    VA_MODE,
    VA_WORKER_COUNT,
    VA_VALIDATE_INTERVAL,
    VA_CHECK_INTERVAL,
    VA_ROW_ERROR_DELAY,
    VA_META_FLUSH,
    VA_BATCH_QUERY_SIZE,
    VA_MAX_PENDING_SIZE,
    VA_MAX_PENDING_COUNT,
    VA__N
};
enum {
    DB_HOST,
    DB_PORT,
    DB_USER,
    DB_PASSWORD,
    DB_MAX_ALLOWED_PACKET,
    DB_SESSION,
    DB_SECURITY,
    DB__N
};
enum {
    SEC_SSL_CA,
    SEC_SSL_CERT,
    SEC_SSL_KEY,
    SEC_CERT_ALLOWED_CN,
    SEC_CA_BYTES,
    SEC_KEY_BYTES,
    SEC_CERT_BYTES,
    SEC_CA_BASE64,
    SEC_KEY_BASE64,
    SEC_CERT_BASE64,
    SEC__N
};
enum {
    RT_EXTRACT_TABLE,
    RT_EXTRACT_SCHEMA,
    RT_EXTRACT_SOURCE,
    RT_SCHEMA_PATTERN,
    RT_TABLE_PATTERN,
    RT_TARGET_SCHEMA,
    RT_TARGET_TABLE,
    RT__N
};
enum { EX_TARGET_COLUMN, EX_REGEXP, EX__N };
enum { BF_SCHEMA_PATTERN, BF_TABLE_PATTERN, BF_EVENTS, BF_SQL_PATTERN, BF_ACTION, BF__N };
enum { EF_SCHEMA, EF_TABLE, EF_INSERT, EF_UPDATE_OLD, EF_UPDATE_NEW, EF_DELETE, EF__N };
enum { BA_DO_TABLES, BA_DO_DBS, BA_IGNORE_TABLES, BA_IGNORE_DBS, BA__N };
enum { BT_DB_NAME, BT_TBL_NAME, BT__N };
enum { EXP_ASYNC_CHECKPOINT_FLUSH, EXP__N };
enum {
    SC_ENABLE,
    SC_ENABLE_GTID,
    SC_AUTO_FIX_GTID,
    SC_RELAY_DIR,
    SC_META_DIR,
    SC_FLAVOR,
    SC_CHARSET,
    SC_ENABLE_RELAY,
    SC_RELAY_BINLOG_NAME,
    SC_RELAY_BINLOG_GTID,
    SC_SOURCE_ID,
    SC_FROM,
    SC_PURGE,
    SC_CHECKER,
    SC_SERVER_ID,
    SC_TRACER,
    SC_CASE_SENSITIVE,
    SC_FILTERS,
    SC__N
};
enum {
    CK_CHECK_ENABLE,
    CK_BACKOFF_ROLLBACK,
    CK_BACKOFF_MAX,
    CK_CHECK_INTERVAL,
    CK_BACKOFF_MIN,
    CK_BACKOFF_JITTER,
    CK_BACKOFF_FACTOR,
    CK__N
};

/* ---- binlog event filter rules (filter_load.c) ---- */

/* Fill f from a decoded filter.BinlogEventRule (value may be null: DM then
 * skips the rule) and decide whether DM's NewBinlogEvent would drop it for
 * a reason of its own (sql-pattern regex, action, event names, an empty or
 * invalid schema/table pattern). Duplicates are decided per instance by
 * filter_dup_set. Strings go to arena. Returns 0 or BS_ENOMEM. */
int filter_from_dv(bs_arena *arena, const dv *rule, const char *name, int line, bool case_sensitive,
                   bs_task_filter *f);

/* Which rules of one list DM keeps: inserts them in order into a wildcard
 * trie keyed by (schema, table) pattern, as NewBinlogEvent does. */
typedef struct filter_dup_set filter_dup_set;
int filter_dup_new(filter_dup_set **out);
/* 1 when DM would refuse f here because an earlier kept rule has the same
 * pattern pair, 0 when it is kept, or BS_ENOMEM. Rules already discarded
 * are never inserted (return 0 without effect). */
int filter_dup_insert(filter_dup_set *s, const bs_task_filter *f, bool case_sensitive);
void filter_dup_free(filter_dup_set *s);

/* ---- helpers shared by the loaders ---- */

char *task_strdup(bs_arena *a, const char *s);
char *task_strndup(bs_arena *a, const char *s, size_t n);
/* A decoded string (absent/null: "") copied to the arena; NULL when out of
 * memory. */
const char *task_dv_strdup(bs_arena *a, const dv *v);
/* A decoded string list copied to the arena (null items read as ""). */
int task_copy_strings(bs_arena *a, const dv *list, const char *const **out, size_t *n);
/* Read a whole file (at most TASK_MAX_FILE_BYTES) into a malloc'd buffer. */
int task_read_file(const char *path, char **data, size_t *len, bs_error *err);

/* Go RE2 syntax check for a regex DM compiles with regexp.Compile; *groups
 * (may be NULL) receives the number of capture groups. 0 when it compiles,
 * 1 with the reason in why, or BS_ENOMEM. */
int task_regex_check(const char *re, bool caseless, unsigned *groups, char *why, size_t cap);

#endif
