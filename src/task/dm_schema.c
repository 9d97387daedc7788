/*
 * dm_schema.c - DM's Go configuration structs, as the decoder needs them:
 * every yaml key, its Go type, and the type's name as Go's reflect prints
 * it in yaml.v2 messages.
 *
 * Read from pingcap/tiflow (snapshot c7b2588e): dm/config/task.go
 * (TaskConfig, MySQLInstance, Meta, MydumperConfig, LoaderConfig,
 * SyncerConfig, ValidatorConfig), dm/config/expression_filter.go,
 * dm/config/dbconfig/config.go, dm/config/security/security.go,
 * dm/config/source_config.go, dm/config/checker_config.go,
 * pkg/binlog-filter/filter.go, pkg/column-mapping/column.go; pingcap/tidb
 * pkg/util/table-router/router.go and pkg/util/table-filter (the
 * MySQLReplicationRules behind filter.Rules); lightning's config.ByteSize.
 * Fields tagged yaml:"-" are absent, as they are to yaml.v2.
 *
 * The mydumper/loader/syncer configs have a custom UnmarshalYAML that
 * decodes into an alias type (config.rawSyncerConfig...) after filling in
 * defaults and wraps any error ("unmarshal syncer config"); hence `fresh`,
 * `wrap` and their raw type names.
 */
#include "task/task_internal.h"

/* ---- scalars ---- */

static int text_duration(const char *s, size_t n, char *why, size_t cap)
{
    int64_t ns;
    (void)n;
    return go_parse_duration(s, &ns, why, cap);
}

static int text_byte_size(const char *s, size_t n, char *why, size_t cap)
{
    int64_t bytes;
    (void)n;
    return go_ram_in_bytes(s, &bytes, why, cap);
}

#define STRING_TYPE(goname)                                                                        \
    {                                                                                              \
        .kind = TY_STRING, .go = goname                                                            \
    }

static const ty t_string = STRING_TYPE("string");
static const ty t_int = {.kind = TY_INT, .bits = 64, .go = "int"};
static const ty t_int64 = {.kind = TY_INT, .bits = 64, .go = "int64"};
static const ty t_uint8 = {.kind = TY_UINT, .bits = 8, .go = "uint8"};
static const ty t_uint32 = {.kind = TY_UINT, .bits = 32, .go = "uint32"};
static const ty t_uint64 = {.kind = TY_UINT, .bits = 64, .go = "uint64"};
static const ty t_bool = {.kind = TY_BOOL, .go = "bool"};
static const ty t_float64 = {.kind = TY_FLOAT, .go = "float64"};
static const ty t_any = {.kind = TY_ANY, .go = "interface {}"};
static const ty t_load_mode = STRING_TYPE("config.LoadMode");
static const ty t_logical_dup = STRING_TYPE("config.LogicalDuplicateResolveType");
static const ty t_physical_dup = STRING_TYPE("config.PhysicalDuplicateResolveType");
static const ty t_post_op = STRING_TYPE("config.PhysicalPostOpLevel");
static const ty t_event_type = STRING_TYPE("filter.EventType");
static const ty t_action_type = STRING_TYPE("filter.ActionType");
static const ty t_column_expr = STRING_TYPE("column.Expr");
static const ty t_duration = {.kind = TY_TEXT, .go = "config.Duration", .text = text_duration};
static const ty t_byte_size = {.kind = TY_TEXT, .go = "config.ByteSize", .text = text_byte_size};

static const ty t_strings = {.kind = TY_SEQ, .go = "[]string", .elem = &t_string};
static const ty t_str_array = {.kind = TY_SEQ, .go = "security.strArray", .elem = &t_string};
static const ty t_bytes = {.kind = TY_SEQ, .go = "[]uint8", .elem = &t_uint8};
static const ty t_events = {.kind = TY_SEQ, .go = "[]filter.EventType", .elem = &t_event_type};
static const ty t_session = {.kind = TY_MAP, .go = "map[string]string", .elem = &t_string};
static const ty t_tracer = {.kind = TY_MAP, .go = "map[string]interface {}", .elem = &t_any};

#define STRUCT_TYPE(goname, f)                                                                     \
    {                                                                                              \
        .kind = TY_STRUCT, .go = goname, .fields = f, .n_fields = sizeof f / sizeof *f             \
    }
#define MAP_OF(goname, e)                                                                          \
    {                                                                                              \
        .kind = TY_MAP, .go = goname, .elem = &e                                                   \
    }
#define SEQ_OF(goname, e)                                                                          \
    {                                                                                              \
        .kind = TY_SEQ, .go = goname, .elem = &e                                                   \
    }

/* ---- dbconfig.DBConfig and security.Security ---- */

static const ty_field security_fields[SEC__N] = {
    [SEC_SSL_CA] = {"ssl-ca", &t_string},
    [SEC_SSL_CERT] = {"ssl-cert", &t_string},
    [SEC_SSL_KEY] = {"ssl-key", &t_string},
    [SEC_CERT_ALLOWED_CN] = {"cert-allowed-cn", &t_str_array},
    [SEC_CA_BYTES] = {"ssl-ca-bytes", &t_bytes},
    [SEC_KEY_BYTES] = {"ssl-key-bytes", &t_bytes},
    [SEC_CERT_BYTES] = {"ssl-cert-bytes", &t_bytes},
    [SEC_CA_BASE64] = {"ssl-ca-base64", &t_string},
    [SEC_KEY_BASE64] = {"ssl-key-base64", &t_string},
    [SEC_CERT_BASE64] = {"ssl-cert-base64", &t_string},
};
static const ty t_security = STRUCT_TYPE("security.Security", security_fields);

static const ty_field db_fields[DB__N] = {
    [DB_HOST] = {"host", &t_string},
    [DB_PORT] = {"port", &t_int},
    [DB_USER] = {"user", &t_string},
    [DB_PASSWORD] = {"password", &t_string},
    [DB_MAX_ALLOWED_PACKET] = {"max-allowed-packet", &t_int},
    [DB_SESSION] = {"session", &t_session},
    [DB_SECURITY] = {"security", &t_security},
};
static const ty t_db = STRUCT_TYPE("dbconfig.DBConfig", db_fields);

/* ---- rules ---- */

static const ty_field table_extractor_fields[EX__N] = {
    [EX_TARGET_COLUMN] = {"target-column", &t_string},
    [EX_REGEXP] = {"table-regexp", &t_string},
};
static const ty_field schema_extractor_fields[EX__N] = {
    [EX_TARGET_COLUMN] = {"target-column", &t_string},
    [EX_REGEXP] = {"schema-regexp", &t_string},
};
static const ty_field source_extractor_fields[EX__N] = {
    [EX_TARGET_COLUMN] = {"target-column", &t_string},
    [EX_REGEXP] = {"source-regexp", &t_string},
};
static const ty t_table_extractor = STRUCT_TYPE("router.TableExtractor", table_extractor_fields);
static const ty t_schema_extractor = STRUCT_TYPE("router.SchemaExtractor", schema_extractor_fields);
static const ty t_source_extractor = STRUCT_TYPE("router.SourceExtractor", source_extractor_fields);

static const ty_field route_fields[RT__N] = {
    [RT_EXTRACT_TABLE] = {"extract-table", &t_table_extractor},
    [RT_EXTRACT_SCHEMA] = {"extract-schema", &t_schema_extractor},
    [RT_EXTRACT_SOURCE] = {"extract-source", &t_source_extractor},
    [RT_SCHEMA_PATTERN] = {"schema-pattern", &t_string},
    [RT_TABLE_PATTERN] = {"table-pattern", &t_string},
    [RT_TARGET_SCHEMA] = {"target-schema", &t_string},
    [RT_TARGET_TABLE] = {"target-table", &t_string},
};
static const ty t_route = STRUCT_TYPE("router.TableRule", route_fields);

static const ty_field filter_rule_fields[BF__N] = {
    [BF_SCHEMA_PATTERN] = {"schema-pattern", &t_string},
    [BF_TABLE_PATTERN] = {"table-pattern", &t_string},
    [BF_EVENTS] = {"events", &t_events},
    [BF_SQL_PATTERN] = {"sql-pattern", &t_strings},
    [BF_ACTION] = {"action", &t_action_type},
};
const ty dm_filter_rule_type = STRUCT_TYPE("filter.BinlogEventRule", filter_rule_fields);

static const ty_field column_rule_fields[] = {
    {"schema-pattern", &t_string},     {"table-pattern", &t_string},   {"source-column", &t_string},
    {"target-column", &t_string},      {"expression", &t_column_expr}, {"arguments", &t_strings},
    {"create-table-query", &t_string},
};
static const ty t_column_rule = STRUCT_TYPE("column.Rule", column_rule_fields);

static const ty_field expr_filter_fields[EF__N] = {
    [EF_SCHEMA] = {"schema", &t_string},
    [EF_TABLE] = {"table", &t_string},
    [EF_INSERT] = {"insert-value-expr", &t_string},
    [EF_UPDATE_OLD] = {"update-old-value-expr", &t_string},
    [EF_UPDATE_NEW] = {"update-new-value-expr", &t_string},
    [EF_DELETE] = {"delete-value-expr", &t_string},
};
static const ty t_expr_filter = STRUCT_TYPE("config.ExpressionFilter", expr_filter_fields);

static const ty_field ba_table_fields[BT__N] = {
    [BT_DB_NAME] = {"db-name", &t_string},
    [BT_TBL_NAME] = {"tbl-name", &t_string},
};
static const ty t_ba_table = STRUCT_TYPE("filter.Table", ba_table_fields);
static const ty t_ba_tables = SEQ_OF("[]*filter.Table", t_ba_table);

static const ty_field ba_fields[BA__N] = {
    [BA_DO_TABLES] = {"do-tables", &t_ba_tables},
    [BA_DO_DBS] = {"do-dbs", &t_strings},
    [BA_IGNORE_TABLES] = {"ignore-tables", &t_ba_tables},
    [BA_IGNORE_DBS] = {"ignore-dbs", &t_strings},
};
static const ty t_ba_rules = STRUCT_TYPE("filter.MySQLReplicationRules", ba_fields);

/* ---- unit configs ---- */

static const ty_field mydumper_fields[MD__N] = {
    [MD_PATH] = {"mydumper-path", &t_string},
    [MD_THREADS] = {"threads", &t_int},
    [MD_CHUNK_FILESIZE] = {"chunk-filesize", &t_string},
    [MD_STATEMENT_SIZE] = {"statement-size", &t_uint64},
    [MD_ROWS] = {"rows", &t_uint64},
    [MD_WHERE] = {"where", &t_string},
    [MD_SKIP_TZ_UTC] = {"skip-tz-utc", &t_bool},
    [MD_EXTRA_ARGS] = {"extra-args", &t_string},
};
static const ty t_mydumper = {.kind = TY_STRUCT,
                              .fresh = true,
                              .go = "config.rawMydumperConfig",
                              .wrap = "unmarshal mydumper config: ",
                              .fields = mydumper_fields,
                              .n_fields = MD__N};

static const ty_field loader_fields[LD__N] = {
    [LD_POOL_SIZE] = {"pool-size", &t_int},
    [LD_DIR] = {"dir", &t_string},
    [LD_SORTING_DIR] = {"sorting-dir-physical", &t_string},
    [LD_IMPORT_MODE] = {"import-mode", &t_load_mode},
    [LD_ON_DUPLICATE] = {"on-duplicate", &t_logical_dup},
    [LD_ON_DUPLICATE_LOGICAL] = {"on-duplicate-logical", &t_logical_dup},
    [LD_ON_DUPLICATE_PHYSICAL] = {"on-duplicate-physical", &t_physical_dup},
    [LD_DISK_QUOTA] = {"disk-quota-physical", &t_byte_size},
    [LD_CHECKSUM] = {"checksum-physical", &t_post_op},
    [LD_ANALYZE] = {"analyze", &t_post_op},
    [LD_RANGE_CONCURRENCY] = {"range-concurrency", &t_int},
    [LD_COMPRESS_KV] = {"compress-kv-pairs", &t_string},
    [LD_PD_ADDR] = {"pd-addr", &t_string},
};
static const ty t_loader = {.kind = TY_STRUCT,
                            .fresh = true,
                            .go = "config.rawLoaderConfig",
                            .wrap = "unmarshal loader config: ",
                            .fields = loader_fields,
                            .n_fields = LD__N};

static const ty_field syncer_fields[SY__N] = {
    [SY_META_FILE] = {"meta-file", &t_string},
    [SY_WORKER_COUNT] = {"worker-count", &t_int},
    [SY_BATCH] = {"batch", &t_int},
    [SY_QUEUE_SIZE] = {"queue-size", &t_int},
    [SY_CHECKPOINT_FLUSH] = {"checkpoint-flush-interval", &t_int},
    [SY_COMPACT] = {"compact", &t_bool},
    [SY_MULTIPLE_ROWS] = {"multiple-rows", &t_bool},
    [SY_MAX_RETRY] = {"max-retry", &t_int},
    [SY_AUTO_FIX_GTID] = {"auto-fix-gtid", &t_bool},
    [SY_ENABLE_GTID] = {"enable-gtid", &t_bool},
    [SY_DISABLE_DETECT] = {"disable-detect", &t_bool},
    [SY_SAFE_MODE] = {"safe-mode", &t_bool},
    [SY_SAFE_MODE_DURATION] = {"safe-mode-duration", &t_string},
    [SY_ENABLE_ANSI_QUOTES] = {"enable-ansi-quotes", &t_bool},
};
static const ty t_syncer = {.kind = TY_STRUCT,
                            .fresh = true,
                            .go = "config.rawSyncerConfig",
                            .wrap = "unmarshal syncer config: ",
                            .fields = syncer_fields,
                            .n_fields = SY__N};

static const ty_field validator_fields[VA__N] = {
    [VA_MODE] = {"mode", &t_string},
    [VA_WORKER_COUNT] = {"worker-count", &t_int},
    [VA_VALIDATE_INTERVAL] = {"validate-interval", &t_duration},
    [VA_CHECK_INTERVAL] = {"check-interval", &t_duration},
    [VA_ROW_ERROR_DELAY] = {"row-error-delay", &t_duration},
    [VA_META_FLUSH] = {"meta-flush-interval", &t_duration},
    [VA_BATCH_QUERY_SIZE] = {"batch-query-size", &t_int},
    [VA_MAX_PENDING_SIZE] = {"max-pending-row-size", &t_string},
    [VA_MAX_PENDING_COUNT] = {"max-pending-row-count", &t_int},
};
static const ty t_validator = STRUCT_TYPE("config.ValidatorConfig", validator_fields);

/* ---- the task ---- */

static const ty_field meta_fields[META__N] = {
    [META_BINLOG_NAME] = {"binlog-name", &t_string},
    [META_BINLOG_POS] = {"binlog-pos", &t_uint32},
    [META_BINLOG_GTID] = {"binlog-gtid", &t_string},
};
static const ty t_meta = STRUCT_TYPE("config.Meta", meta_fields);

static const ty_field instance_fields[MI__N] = {
    [MI_SOURCE_ID] = {"source-id", &t_string},
    [MI_META] = {"meta", &t_meta},
    [MI_FILTER_RULES] = {"filter-rules", &t_strings},
    [MI_COLUMN_MAPPING_RULES] = {"column-mapping-rules", &t_strings},
    [MI_ROUTE_RULES] = {"route-rules", &t_strings},
    [MI_EXPRESSION_FILTERS] = {"expression-filters", &t_strings},
    [MI_BW_LIST] = {"black-white-list", &t_string},
    [MI_BA_LIST] = {"block-allow-list", &t_string},
    [MI_MYDUMPER_NAME] = {"mydumper-config-name", &t_string},
    [MI_MYDUMPER] = {"mydumper", &t_mydumper},
    [MI_MYDUMPER_THREAD] = {"mydumper-thread", &t_int},
    [MI_LOADER_NAME] = {"loader-config-name", &t_string},
    [MI_LOADER] = {"loader", &t_loader},
    [MI_LOADER_THREAD] = {"loader-thread", &t_int},
    [MI_SYNCER_NAME] = {"syncer-config-name", &t_string},
    [MI_SYNCER] = {"syncer", &t_syncer},
    [MI_SYNCER_THREAD] = {"syncer-thread", &t_int},
    [MI_VALIDATOR_NAME] = {"validator-config-name", &t_string},
};
static const ty t_instance = STRUCT_TYPE("config.MySQLInstance", instance_fields);
static const ty t_instances = SEQ_OF("[]*config.MySQLInstance", t_instance);

static const ty_field experimental_fields[EXP__N] = {
    [EXP_ASYNC_CHECKPOINT_FLUSH] = {"async-checkpoint-flush", &t_bool},
};
static const ty t_experimental =
    STRUCT_TYPE("struct { AsyncCheckpointFlush bool \"yaml:\\\"async-checkpoint-flush\\\" "
                "toml:\\\"async-checkpoint-flush\\\" json:\\\"async-checkpoint-flush\\\"\" }",
                experimental_fields);

static const ty t_routes = MAP_OF("map[string]*router.TableRule", t_route);
static const ty t_filters = MAP_OF("map[string]*filter.BinlogEventRule", dm_filter_rule_type);
static const ty t_column_mappings = MAP_OF("map[string]*column.Rule", t_column_rule);
static const ty t_expr_filters = MAP_OF("map[string]*config.ExpressionFilter", t_expr_filter);
static const ty t_ba_lists = MAP_OF("map[string]*filter.MySQLReplicationRules", t_ba_rules);
static const ty t_mydumpers = MAP_OF("map[string]*config.MydumperConfig", t_mydumper);
static const ty t_loaders = MAP_OF("map[string]*config.LoaderConfig", t_loader);
static const ty t_syncers = MAP_OF("map[string]*config.SyncerConfig", t_syncer);
static const ty t_validators = MAP_OF("map[string]*config.ValidatorConfig", t_validator);

static const ty_field task_fields[TC__N] = {
    [TC_NAME] = {"name", &t_string},
    [TC_TASK_MODE] = {"task-mode", &t_string},
    [TC_IS_SHARDING] = {"is-sharding", &t_bool},
    [TC_SHARD_MODE] = {"shard-mode", &t_string},
    [TC_STRICT_OPTIMISTIC] = {"strict-optimistic-shard-mode", &t_bool},
    [TC_IGNORE_CHECKING_ITEMS] = {"ignore-checking-items", &t_strings},
    [TC_META_SCHEMA] = {"meta-schema", &t_string},
    [TC_ENABLE_HEARTBEAT] = {"enable-heartbeat", &t_bool},
    [TC_HEARTBEAT_UPDATE] = {"heartbeat-update-interval", &t_int},
    [TC_HEARTBEAT_REPORT] = {"heartbeat-report-interval", &t_int},
    [TC_TIMEZONE] = {"timezone", &t_string},
    [TC_CASE_SENSITIVE] = {"case-sensitive", &t_bool},
    [TC_COLLATION_COMPATIBLE] = {"collation_compatible", &t_string},
    [TC_TARGET_DATABASE] = {"target-database", &t_db},
    [TC_MYSQL_INSTANCES] = {"mysql-instances", &t_instances},
    [TC_ONLINE_DDL] = {"online-ddl", &t_bool},
    [TC_SHADOW_TABLE_RULES] = {"shadow-table-rules", &t_strings},
    [TC_TRASH_TABLE_RULES] = {"trash-table-rules", &t_strings},
    [TC_ONLINE_DDL_SCHEME] = {"online-ddl-scheme", &t_string},
    [TC_ROUTES] = {"routes", &t_routes},
    [TC_FILTERS] = {"filters", &t_filters},
    [TC_COLUMN_MAPPINGS] = {"column-mappings", &t_column_mappings},
    [TC_EXPRESSION_FILTER] = {"expression-filter", &t_expr_filters},
    [TC_BLACK_WHITE_LIST] = {"black-white-list", &t_ba_lists},
    [TC_BLOCK_ALLOW_LIST] = {"block-allow-list", &t_ba_lists},
    [TC_MYDUMPERS] = {"mydumpers", &t_mydumpers},
    [TC_LOADERS] = {"loaders", &t_loaders},
    [TC_SYNCERS] = {"syncers", &t_syncers},
    [TC_VALIDATORS] = {"validators", &t_validators},
    [TC_CLEAN_DUMP_FILE] = {"clean-dump-file", &t_bool},
    [TC_ANSI_QUOTES] = {"ansi-quotes", &t_bool},
    [TC_REMOVE_META] = {"remove-meta", &t_bool},
    [TC_EXPERIMENTAL] = {"experimental", &t_experimental},
};
const ty dm_task_type = STRUCT_TYPE("config.TaskConfig", task_fields);

/* ---- the source ---- */

static const ty_field purge_fields[] = {
    {"interval", &t_int64},
    {"expires", &t_int64},
    {"remain-space", &t_int64},
};
static const ty t_purge = STRUCT_TYPE("config.PurgeConfig", purge_fields);

static const ty_field checker_fields[CK__N] = {
    [CK_CHECK_ENABLE] = {"check-enable", &t_bool},
    [CK_BACKOFF_ROLLBACK] = {"backoff-rollback", &t_duration},
    [CK_BACKOFF_MAX] = {"backoff-max", &t_duration},
    [CK_CHECK_INTERVAL] = {"check-interval", &t_duration},
    [CK_BACKOFF_MIN] = {"backoff-min", &t_duration},
    [CK_BACKOFF_JITTER] = {"backoff-jitter", &t_bool},
    [CK_BACKOFF_FACTOR] = {"backoff-factor", &t_float64},
};
static const ty t_checker = STRUCT_TYPE("config.CheckerConfig", checker_fields);

static const ty t_source_filters = SEQ_OF("[]*filter.BinlogEventRule", dm_filter_rule_type);

static const ty_field source_fields[SC__N] = {
    [SC_ENABLE] = {"enable", &t_bool},
    [SC_ENABLE_GTID] = {"enable-gtid", &t_bool},
    [SC_AUTO_FIX_GTID] = {"auto-fix-gtid", &t_bool},
    [SC_RELAY_DIR] = {"relay-dir", &t_string},
    [SC_META_DIR] = {"meta-dir", &t_string},
    [SC_FLAVOR] = {"flavor", &t_string},
    [SC_CHARSET] = {"charset", &t_string},
    [SC_ENABLE_RELAY] = {"enable-relay", &t_bool},
    [SC_RELAY_BINLOG_NAME] = {"relay-binlog-name", &t_string},
    [SC_RELAY_BINLOG_GTID] = {"relay-binlog-gtid", &t_string},
    [SC_SOURCE_ID] = {"source-id", &t_string},
    [SC_FROM] = {"from", &t_db},
    [SC_PURGE] = {"purge", &t_purge},
    [SC_CHECKER] = {"checker", &t_checker},
    [SC_SERVER_ID] = {"server-id", &t_uint32},
    [SC_TRACER] = {"tracer", &t_tracer},
    [SC_CASE_SENSITIVE] = {"case-sensitive", &t_bool},
    [SC_FILTERS] = {"filters", &t_source_filters},
};
const ty dm_source_type = STRUCT_TYPE("config.SourceConfig", source_fields);
