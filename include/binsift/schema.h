/*
 * binsift/schema.h - the MySQL/MariaDB DDL parser, DM's statement splitting,
 * and TiDB-style SQL restoring.
 *
 * A QUERY event carries one statement text plus the current database and the
 * sql_mode it ran under. bs_ddl_parse() turns that text into a plain,
 * read-only syntax tree:
 *   - DDL that changes databases, tables, indexes, views and sequences is
 *     parsed in full: every column definition, index, constraint, table
 *     option, ALTER TABLE specification and partitioning clause, with byte
 *     offsets into the text;
 *   - every other statement a binlog can hold (BEGIN, statement-format DML,
 *     GRANT, triggers, routines, ...) is recognized: its kind is set and the
 *     rest of the text is not read (a 100 MB INSERT costs a few tokens);
 *   - text that is none of these fails with BS_ESYNTAX, the byte offset of the
 *     offending token in bs_error.offset and what was expected in the message.
 *
 * Expressions (DEFAULT (expr), generated columns, CHECK, functional key
 * parts, partition bounds, view bodies) are kept as token ranges with their
 * text span, not as expression trees: scanning them only counts parentheses,
 * so no input can make the parser recurse deeply. Literal defaults, NULL and
 * CURRENT_TIMESTAMP[(n)] are decoded, because the schema tracker and DM's
 * DDL classification compare them.
 *
 * Memory: everything a parse returns lives in the bs_ddl_parser (an arena
 * plus a token array) and in the caller's text; it stays valid until the
 * next bs_ddl_parse() on that parser, or its free. A warmed-up parser does
 * not allocate. Inputs over BS_DDL_MAX_TOKENS tokens fail with BS_ELIMIT.
 *
 * bs_ddl_split() reproduces DM's SplitDDL and FetchDDLTables (tiflow
 * dm/pkg/parser/common.go): one statement per table of DROP TABLE, per pair
 * of RENAME TABLE, per ALTER TABLE specification (per column of ADD COLUMN
 * (a, b)); names without a schema get the event's database; CREATE DATABASE
 * and CREATE TABLE get IF NOT EXISTS, DROP DATABASE, DROP TABLE and DROP
 * INDEX get IF EXISTS. bs_ddl_restore() renders one split statement the way
 * TiDB's parser Restore() does with DM's flags (upper-case keywords,
 * backquoted names, TiDB's spacing, MariaDB-only IF [NOT] EXISTS in
 * /\*T! ... *\/ comments), optionally renaming every table through a
 * callback, which is how DM routes a DDL to its target tables.
 */
#ifndef BINSIFT_SCHEMA_H
#define BINSIFT_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "binsift/buf.h"
#include "binsift/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- parse options ---- */

/* sql_mode bits (the QUERY event's sql_mode status variable) that change how
 * statement text is read. */
#define BS_SQL_MODE_REAL_AS_FLOAT        0x00000001ull
#define BS_SQL_MODE_ANSI_QUOTES          0x00000004ull
#define BS_SQL_MODE_NO_BACKSLASH_ESCAPES 0x00100000ull

typedef struct bs_ddl_options {
    uint64_t sql_mode;       /* BS_SQL_MODE_* bits; other bits are ignored */
    uint32_t server_version; /* e.g. 80036 or 101106: the content of a version
                              * comment is read when its version is <= this;
                              * 0 reads every version comment */
    uint8_t mariadb;         /* read MariaDB-only executable comments */
} bs_ddl_options;

/* The options a QUERY event's text is read with: its sql_mode, and the
 * server version ("10.11.6-MariaDB-log" -> 101106) and flavor of the binlog
 * that holds it (version 0 when it does not parse). */
void bs_ddl_options_for_server(const char *server_version, int mariadb, uint64_t sql_mode,
                               bs_ddl_options *out);

/* Upper bound on the tokens one statement may have. */
#define BS_DDL_MAX_TOKENS (1u << 20)

#define BS_DDL_NO_OFFSET UINT32_MAX

/* ---- tokens ---- */
enum bs_ddl_token_kind {
    BS_TOK_EOF = 0,
    BS_TOK_WORD,     /* bare word: keyword or unquoted identifier */
    BS_TOK_QIDENT,   /* `quoted` (or "quoted" under ANSI_QUOTES) identifier */
    BS_TOK_STRING,   /* string literal, adjacent ones concatenated */
    BS_TOK_NUMBER,   /* integer, decimal or float literal */
    BS_TOK_HEX,      /* 0x41 or X'41' */
    BS_TOK_BIT,      /* 0b101 or B'101' */
    BS_TOK_OP,       /* punctuation and operators: ( ) , . ; = <=> -> ... */
    BS_TOK_VARIABLE, /* @user_var, @@system_var, ? */
};

/* Bits of bs_ddl_token.flags. */
enum {
    BS_TOKF_NATIONAL = 1u << 0,    /* N'...' */
    BS_TOKF_INTRODUCER = 1u << 1,  /* _charset'...': charset holds the name */
    BS_TOKF_DOUBLE_QUOTE = 1u << 2 /* string written with double quotes */
};

typedef struct bs_ddl_token {
    uint8_t kind; /* bs_ddl_token_kind */
    uint8_t flags;
    uint32_t off, len; /* bytes of the token in the statement text */
    /* Decoded value: identifiers without quotes, strings unescaped and
     * concatenated, hex/bit literals as their digits, numbers and words as
     * written. Not NUL-terminated. */
    const char *val;
    uint32_t vlen;
    const char *charset; /* introducer name (no '_'), when BS_TOKF_INTRODUCER */
    uint32_t charset_len;
} bs_ddl_token;

/* ---- common pieces ---- */

/* A decoded name or text: identifiers without their quotes, strings
 * unescaped. off is the byte offset of its token, BS_DDL_NO_OFFSET when
 * absent (len 0). */
typedef struct bs_ddl_str {
    const char *ptr;
    uint32_t len;
    uint32_t off;
} bs_ddl_str;

/* [schema.]name; schema.len == 0 when the statement did not qualify it. */
typedef struct bs_ddl_table {
    bs_ddl_str schema;
    bs_ddl_str name;
} bs_ddl_table;

/* A run of tokens [tok, tok + ntok) and the text it covers. */
typedef struct bs_ddl_span {
    uint32_t tok, ntok;
    uint32_t off, len;
} bs_ddl_span;

enum bs_ddl_literal_kind {
    BS_LIT_NONE = 0,
    BS_LIT_STRING,  /* text = decoded bytes; charset = introducer, if any */
    BS_LIT_INT,     /* text = digits (sign in .negative) */
    BS_LIT_DECIMAL, /* text = digits with '.', no exponent */
    BS_LIT_FLOAT,   /* text = as written, with exponent */
    BS_LIT_HEX,     /* text = hex digits */
    BS_LIT_BIT,     /* text = binary digits */
    BS_LIT_BOOL,    /* text = "TRUE" / "FALSE"; bool_value */
};

enum bs_ddl_expr_kind {
    BS_EXPR_NONE = 0,
    BS_EXPR_LITERAL,           /* lit */
    BS_EXPR_NULL,              /* NULL */
    BS_EXPR_CURRENT_TIMESTAMP, /* CURRENT_TIMESTAMP/NOW()/LOCALTIME[STAMP], fsp */
    BS_EXPR_OTHER,             /* anything else: see span */
};

typedef struct bs_ddl_expr {
    uint8_t kind;          /* bs_ddl_expr_kind */
    uint8_t lit_kind;      /* bs_ddl_literal_kind, for BS_EXPR_LITERAL */
    uint8_t negative;      /* '-' before a numeric literal */
    uint8_t bool_value;    /* BS_LIT_BOOL */
    uint8_t parenthesized; /* written as ( expr ) */
    int8_t fsp;            /* CURRENT_TIMESTAMP(n): n; -1 when not given */
    bs_ddl_str text;       /* literal text (see bs_ddl_literal_kind) */
    bs_ddl_str charset;    /* string introducer */
    bs_ddl_span span;      /* the whole expression, parentheses excluded */
} bs_ddl_expr;

/* ---- column types ---- */
enum bs_ddl_type {
    BS_DDL_TYPE_NONE = 0,
    BS_DDL_TYPE_TINYINT,
    BS_DDL_TYPE_SMALLINT,
    BS_DDL_TYPE_MEDIUMINT,
    BS_DDL_TYPE_INT,
    BS_DDL_TYPE_BIGINT,
    BS_DDL_TYPE_DECIMAL,
    BS_DDL_TYPE_FLOAT,
    BS_DDL_TYPE_DOUBLE,
    BS_DDL_TYPE_BIT,
    BS_DDL_TYPE_YEAR,
    BS_DDL_TYPE_DATE,
    BS_DDL_TYPE_TIME,
    BS_DDL_TYPE_DATETIME,
    BS_DDL_TYPE_TIMESTAMP,
    BS_DDL_TYPE_CHAR,
    BS_DDL_TYPE_VARCHAR,
    BS_DDL_TYPE_BINARY,
    BS_DDL_TYPE_VARBINARY,
    BS_DDL_TYPE_TINYTEXT,
    BS_DDL_TYPE_TEXT,
    BS_DDL_TYPE_MEDIUMTEXT,
    BS_DDL_TYPE_LONGTEXT,
    BS_DDL_TYPE_TINYBLOB,
    BS_DDL_TYPE_BLOB,
    BS_DDL_TYPE_MEDIUMBLOB,
    BS_DDL_TYPE_LONGBLOB,
    BS_DDL_TYPE_ENUM,
    BS_DDL_TYPE_SET,
    BS_DDL_TYPE_JSON,
    BS_DDL_TYPE_GEOMETRY,
    BS_DDL_TYPE_POINT,
    BS_DDL_TYPE_LINESTRING,
    BS_DDL_TYPE_POLYGON,
    BS_DDL_TYPE_MULTIPOINT,
    BS_DDL_TYPE_MULTILINESTRING,
    BS_DDL_TYPE_MULTIPOLYGON,
    BS_DDL_TYPE_GEOMETRYCOLLECTION,
    BS_DDL_TYPE_VECTOR,
    BS_DDL_TYPE_INET4, /* MariaDB */
    BS_DDL_TYPE_INET6, /* MariaDB */
    BS_DDL_TYPE_UUID,  /* MariaDB */
    BS_DDL_TYPE__COUNT
};

/* How the type was spelled when that differs from its canonical name (the
 * base type already has MySQL's meaning: BOOL is TINYINT(1), SERIAL is
 * BIGINT UNSIGNED, FLOAT(25) and REAL are DOUBLE, LONG VARCHAR is
 * MEDIUMTEXT...). */
enum bs_ddl_type_spelling {
    BS_SPELL_CANONICAL = 0,
    BS_SPELL_BOOL,
    BS_SPELL_BOOLEAN,
    BS_SPELL_SERIAL,
    BS_SPELL_INTEGER,
    BS_SPELL_INT1,
    BS_SPELL_INT2,
    BS_SPELL_INT3,
    BS_SPELL_INT4,
    BS_SPELL_INT8,
    BS_SPELL_MIDDLEINT,
    BS_SPELL_DEC,
    BS_SPELL_NUMERIC,
    BS_SPELL_FIXED,
    BS_SPELL_REAL,
    BS_SPELL_DOUBLE_PRECISION,
    BS_SPELL_FLOAT_P, /* FLOAT(p): precision in bits given */
    BS_SPELL_FLOAT4,
    BS_SPELL_FLOAT8,
    BS_SPELL_NATIONAL, /* NCHAR, NATIONAL CHAR/VARCHAR, NVARCHAR */
    BS_SPELL_CHARACTER,
    BS_SPELL_VARYING, /* CHAR VARYING, CHARACTER VARYING, VARCHARACTER */
    BS_SPELL_LONG,    /* LONG, LONG VARCHAR, LONG VARBINARY */
    BS_SPELL_GEOMCOLLECTION,
};

typedef struct bs_ddl_coltype {
    uint8_t base;        /* bs_ddl_type */
    uint8_t spelling;    /* bs_ddl_type_spelling */
    uint8_t is_unsigned; /* UNSIGNED (or SERIAL) */
    uint8_t is_signed;   /* SIGNED written explicitly */
    uint8_t zerofill;    /* ZEROFILL */
    uint8_t binary;      /* BINARY attribute of a character type (binary collation) */
    uint8_t ascii;       /* ASCII attribute (latin1) */
    uint8_t unicode;     /* UNICODE attribute (ucs2) */
    uint8_t byte_attr;   /* BYTE attribute (binary) */
    uint8_t compressed;  /* MariaDB COMPRESSED[=method] */
    uint8_t array;       /* ARRAY (multi-valued index casts only) */
    int32_t length;      /* M: display width, chars, bits, precision, vector
                          * dimensions, YEAR width; -1 when not given */
    int32_t decimals;    /* D of DECIMAL/FLOAT/DOUBLE, fsp of TIME/DATETIME/
                          * TIMESTAMP; -1 when not given */
    bs_ddl_str charset;  /* CHARACTER SET / CHARSET name in the type */
    bs_ddl_str collate;  /* COLLATE name directly in the type */
    uint32_t nelems;     /* ENUM/SET members, decoded */
    const bs_ddl_str *elems;
    bs_ddl_span span; /* the type's text */
} bs_ddl_coltype;

/* ---- index pieces ---- */
enum bs_ddl_refer_opt {
    BS_REFER_NONE = 0,
    BS_REFER_RESTRICT,
    BS_REFER_CASCADE,
    BS_REFER_SET_NULL,
    BS_REFER_NO_ACTION,
    BS_REFER_SET_DEFAULT
};

typedef struct bs_ddl_keypart {
    bs_ddl_str column; /* empty for a functional part */
    int32_t length;    /* prefix length, -1 for the whole column */
    uint8_t order;     /* 0, 1 ASC, 2 DESC */
    bs_ddl_expr expr;  /* functional key part ((expr)), BS_EXPR_NONE otherwise */
} bs_ddl_keypart;

typedef struct bs_ddl_reference {
    bs_ddl_table table;
    uint32_t nparts;
    const bs_ddl_keypart *parts;
    uint8_t match;     /* 0, 1 FULL, 2 PARTIAL, 3 SIMPLE */
    uint8_t on_delete; /* bs_ddl_refer_opt */
    uint8_t on_update; /* bs_ddl_refer_opt */
} bs_ddl_reference;

enum bs_ddl_index_using { BS_USING_NONE = 0, BS_USING_BTREE, BS_USING_HASH, BS_USING_RTREE };

typedef struct bs_ddl_index_opts {
    int64_t key_block_size; /* -1 when not given */
    uint8_t using;          /* bs_ddl_index_using */
    uint8_t visibility;     /* 0, 1 VISIBLE, 2 INVISIBLE */
    uint8_t clustered;      /* TiDB: 0, 1 CLUSTERED, 2 NONCLUSTERED */
    uint8_t ignored;        /* MariaDB: 0, 1 IGNORED, 2 NOT IGNORED */
    uint8_t global;         /* TiDB GLOBAL */
    bs_ddl_str comment;
    bs_ddl_str parser; /* WITH PARSER name */
    bs_ddl_str engine_attribute;
    bs_ddl_str secondary_engine_attribute;
} bs_ddl_index_opts;

enum bs_ddl_constraint_kind {
    BS_CONS_PRIMARY = 1,
    BS_CONS_UNIQUE,
    BS_CONS_INDEX, /* INDEX or KEY */
    BS_CONS_FULLTEXT,
    BS_CONS_SPATIAL,
    BS_CONS_VECTOR,
    BS_CONS_FOREIGN,
    BS_CONS_CHECK
};

typedef struct bs_ddl_constraint {
    uint8_t kind;              /* bs_ddl_constraint_kind */
    uint8_t key_word;          /* KEY (1) or INDEX (2) written, 0 neither */
    uint8_t if_not_exists;     /* MariaDB ADD INDEX IF NOT EXISTS, FOREIGN KEY IF NOT EXISTS */
    uint8_t enforced;          /* CHECK: 1 unless NOT ENFORCED */
    uint8_t has_constraint_kw; /* CONSTRAINT [symbol] written */
    bs_ddl_str symbol;         /* CONSTRAINT symbol */
    bs_ddl_str name;           /* index name */
    uint32_t nparts;
    const bs_ddl_keypart *parts;
    bs_ddl_index_opts opts;
    const bs_ddl_reference *ref; /* FOREIGN KEY */
    bs_ddl_expr check;           /* CHECK (expr) */
    bs_ddl_span span;
} bs_ddl_constraint;

/* ---- column definitions ---- */
enum bs_ddl_colopt_kind {
    BS_COLOPT_NOT_NULL = 1,
    BS_COLOPT_NULL,
    BS_COLOPT_DEFAULT,   /* expr */
    BS_COLOPT_ON_UPDATE, /* expr */
    BS_COLOPT_AUTO_INCREMENT,
    BS_COLOPT_PRIMARY_KEY,   /* flag: 1 when PRIMARY was written (not bare KEY) */
    BS_COLOPT_UNIQUE,        /* flag: 1 when UNIQUE KEY */
    BS_COLOPT_COMMENT,       /* str */
    BS_COLOPT_COLLATE,       /* str */
    BS_COLOPT_CHARSET,       /* str (MariaDB accepts it after other attributes) */
    BS_COLOPT_GENERATED,     /* expr; flag: 1 STORED/PERSISTENT, 0 VIRTUAL;
                              * flag2: 1 when GENERATED ALWAYS was written */
    BS_COLOPT_REFERENCES,    /* ref */
    BS_COLOPT_CHECK,         /* expr; str = constraint name; flag: enforced */
    BS_COLOPT_COLUMN_FORMAT, /* str: FIXED/DYNAMIC/DEFAULT/COMPRESSED */
    BS_COLOPT_STORAGE,       /* str: DISK/MEMORY/DEFAULT */
    BS_COLOPT_VISIBLE,
    BS_COLOPT_INVISIBLE,
    BS_COLOPT_SERIAL_DEFAULT_VALUE,
    BS_COLOPT_SRID,                       /* str: the number */
    BS_COLOPT_ENGINE_ATTRIBUTE,           /* str */
    BS_COLOPT_SECONDARY_ENGINE_ATTRIBUTE, /* str */
    BS_COLOPT_AUTO_RANDOM,                /* TiDB; str: the arguments, if any */
    BS_COLOPT_SYSTEM_VERSIONING, /* MariaDB WITH (flag 1) / WITHOUT (0) SYSTEM VERSIONING */
    BS_COLOPT_OTHER,             /* MariaDB engine-defined attribute: str = name, expr = value */
};

typedef struct bs_ddl_colopt {
    uint8_t kind; /* bs_ddl_colopt_kind */
    uint8_t flag;
    uint8_t flag2;
    bs_ddl_str str;
    bs_ddl_expr expr;
    const bs_ddl_reference *ref;
    bs_ddl_span span;
} bs_ddl_colopt;

/* Bits of bs_ddl_column.flags: a summary of the options (last one wins for
 * NULL/NOT NULL, as in MySQL). */
enum {
    BS_COL_NOT_NULL = 1u << 0,
    BS_COL_NULL = 1u << 1, /* NULL written explicitly */
    BS_COL_AUTO_INCREMENT = 1u << 2,
    BS_COL_PRIMARY_KEY = 1u << 3,
    BS_COL_UNIQUE = 1u << 4,
    BS_COL_DEFAULT = 1u << 5,
    BS_COL_ON_UPDATE = 1u << 6,
    BS_COL_GENERATED = 1u << 7,
    BS_COL_STORED = 1u << 8,
    BS_COL_INVISIBLE = 1u << 9,
    BS_COL_COMMENT = 1u << 10,
    BS_COL_REFERENCES = 1u << 11,
    BS_COL_CHECK = 1u << 12,
};

typedef struct bs_ddl_column {
    bs_ddl_str name;
    bs_ddl_coltype type;
    uint32_t flags; /* BS_COL_* */
    uint32_t nopts;
    const bs_ddl_colopt *opts; /* in written order */
    /* Shortcuts into opts (the last of each kind), NULL when absent. */
    const bs_ddl_expr *default_value;
    const bs_ddl_expr *on_update;
    const bs_ddl_expr *generated;
    bs_ddl_str comment;
    bs_ddl_str collate; /* COLLATE attribute (type's or option's, last wins) */
    bs_ddl_str charset; /* the type's CHARACTER SET, or a MariaDB CHARSET option */
    bs_ddl_span span;
} bs_ddl_column;

/* ---- table options ---- */
enum bs_ddl_table_option_kind {
    BS_TOPT_ENGINE = 1,
    BS_TOPT_CHARSET, /* [DEFAULT] CHARACTER SET / CHARSET; value_default for = DEFAULT */
    BS_TOPT_COLLATE, /* [DEFAULT] COLLATE */
    BS_TOPT_AUTO_INCREMENT,
    BS_TOPT_COMMENT,
    BS_TOPT_AVG_ROW_LENGTH,
    BS_TOPT_CHECKSUM,
    BS_TOPT_TABLE_CHECKSUM,
    BS_TOPT_COMPRESSION,
    BS_TOPT_CONNECTION,
    BS_TOPT_PASSWORD,
    BS_TOPT_KEY_BLOCK_SIZE,
    BS_TOPT_MAX_ROWS,
    BS_TOPT_MIN_ROWS,
    BS_TOPT_DELAY_KEY_WRITE,
    BS_TOPT_ROW_FORMAT,
    BS_TOPT_STATS_PERSISTENT,
    BS_TOPT_STATS_AUTO_RECALC,
    BS_TOPT_STATS_SAMPLE_PAGES,
    BS_TOPT_PACK_KEYS,
    BS_TOPT_TABLESPACE, /* value; storage = DISK/MEMORY when STORAGE given */
    BS_TOPT_STORAGE,    /* STORAGE DISK|MEMORY alone */
    BS_TOPT_DATA_DIRECTORY,
    BS_TOPT_INDEX_DIRECTORY,
    BS_TOPT_INSERT_METHOD,
    BS_TOPT_UNION, /* tables */
    BS_TOPT_ENCRYPTION,
    BS_TOPT_AUTOEXTEND_SIZE,
    BS_TOPT_SECONDARY_ENGINE,
    BS_TOPT_ENGINE_ATTRIBUTE,
    BS_TOPT_SECONDARY_ENGINE_ATTRIBUTE,
    BS_TOPT_START_TRANSACTION,
    BS_TOPT_NODEGROUP,
    BS_TOPT_PAGE_CHECKSUM, /* MariaDB */
    BS_TOPT_PAGE_COMPRESSED,
    BS_TOPT_PAGE_COMPRESSION_LEVEL,
    BS_TOPT_TRANSACTIONAL,
    BS_TOPT_ENCRYPTION_KEY_ID,
    BS_TOPT_ENCRYPTED,
    BS_TOPT_SEQUENCE,
    BS_TOPT_WITH_SYSTEM_VERSIONING,
    BS_TOPT_SHARD_ROW_ID_BITS, /* TiDB */
    BS_TOPT_PRE_SPLIT_REGIONS,
    BS_TOPT_AUTO_ID_CACHE,
    BS_TOPT_AUTO_RANDOM_BASE,
    BS_TOPT_OTHER, /* MariaDB engine-defined option: name = value */
};

typedef struct bs_ddl_table_option {
    uint16_t kind;         /* bs_ddl_table_option_kind */
    uint8_t default_kw;    /* DEFAULT before the option (DEFAULT CHARSET) */
    uint8_t value_default; /* value is DEFAULT (CHARSET = DEFAULT, STATS_PERSISTENT = DEFAULT) */
    uint8_t value_string;  /* value was a quoted string */
    bs_ddl_str name;       /* BS_TOPT_OTHER: the option name */
    bs_ddl_str value;      /* the value as decoded text (numbers as written) */
    uint32_t ntables;      /* UNION = (...) */
    const bs_ddl_table *tables;
    bs_ddl_span span;
} bs_ddl_table_option;

/* ---- partitioning ---- */
enum bs_ddl_part_method {
    BS_PART_NONE = 0,
    BS_PART_HASH,
    BS_PART_KEY,
    BS_PART_RANGE,
    BS_PART_LIST,
    BS_PART_SYSTEM_TIME /* MariaDB */
};

typedef struct bs_ddl_part_method_def {
    uint8_t method; /* bs_ddl_part_method */
    uint8_t linear;
    uint8_t columns;       /* RANGE COLUMNS / LIST COLUMNS */
    int32_t key_algorithm; /* KEY ALGORITHM = n, -1 when not given */
    bs_ddl_expr expr;      /* HASH(expr), RANGE(expr), LIST(expr); SYSTEM_TIME INTERVAL expr */
    uint32_t ncols;        /* KEY (cols), COLUMNS (cols) */
    const bs_ddl_str *cols;
    uint32_t num;             /* PARTITIONS n / SUBPARTITIONS n, 0 when not given */
    bs_ddl_str interval_unit; /* SYSTEM_TIME INTERVAL n unit */
    bs_ddl_str limit;         /* SYSTEM_TIME LIMIT n */
} bs_ddl_part_method_def;

enum bs_ddl_part_values {
    BS_PVAL_NONE = 0,
    BS_PVAL_LESS_THAN,          /* values: the parenthesized list */
    BS_PVAL_LESS_THAN_MAXVALUE, /* LESS THAN MAXVALUE without parentheses */
    BS_PVAL_IN,                 /* values: the parenthesized list */
    BS_PVAL_DEFAULT,            /* MariaDB LIST DEFAULT */
    BS_PVAL_HISTORY,
    BS_PVAL_CURRENT
};

typedef struct bs_ddl_part_def {
    bs_ddl_str name;
    uint8_t values;          /* bs_ddl_part_values */
    bs_ddl_span values_span; /* inside the parentheses after LESS THAN / IN */
    uint32_t nopts;          /* ENGINE, COMMENT, DATA/INDEX DIRECTORY, MAX_ROWS, ... */
    const bs_ddl_table_option *opts;
    uint32_t nsub;
    const struct bs_ddl_part_def *sub; /* SUBPARTITION definitions */
    bs_ddl_span span;
} bs_ddl_part_def;

typedef struct bs_ddl_partitioning {
    bs_ddl_part_method_def method;
    uint8_t has_sub;
    bs_ddl_part_method_def sub;
    uint32_t ndefs;
    const bs_ddl_part_def *defs;
    bs_ddl_span span;
} bs_ddl_partitioning;

/* ---- ALTER TABLE ---- */
enum bs_ddl_alter_kind {
    BS_ALTER_ADD_COLUMN = 1, /* columns (paren: ADD COLUMN (a, b)), position */
    BS_ALTER_ADD_CONSTRAINT, /* constraints[0]: ADD
                                INDEX/KEY/UNIQUE/PRIMARY/FULLTEXT/SPATIAL/FOREIGN/CHECK */
    BS_ALTER_DROP_COLUMN,    /* name */
    BS_ALTER_DROP_PRIMARY_KEY,
    BS_ALTER_DROP_INDEX,        /* name */
    BS_ALTER_DROP_FOREIGN_KEY,  /* name */
    BS_ALTER_DROP_CHECK,        /* name */
    BS_ALTER_DROP_CONSTRAINT,   /* name */
    BS_ALTER_MODIFY_COLUMN,     /* columns[0], position */
    BS_ALTER_CHANGE_COLUMN,     /* name = old name, columns[0], position */
    BS_ALTER_RENAME_COLUMN,     /* name -> new_name */
    BS_ALTER_RENAME_INDEX,      /* name -> new_name; key_word 1 KEY, 2 INDEX */
    BS_ALTER_RENAME_TABLE,      /* table */
    BS_ALTER_SET_DEFAULT,       /* name, default_value */
    BS_ALTER_DROP_DEFAULT,      /* name */
    BS_ALTER_COLUMN_VISIBILITY, /* name, visible */
    BS_ALTER_INDEX_VISIBILITY,  /* name, visible */
    BS_ALTER_CHECK_ENFORCED,    /* ALTER CHECK/CONSTRAINT name [NOT] ENFORCED: name, enforced */
    BS_ALTER_TABLE_OPTIONS,     /* options */
    BS_ALTER_CONVERT_CHARSET,   /* charset (value_default: DEFAULT), collate */
    BS_ALTER_ALGORITHM,         /* word */
    BS_ALTER_LOCK,              /* word */
    BS_ALTER_FORCE,
    BS_ALTER_ORDER_BY, /* order_cols / order_desc */
    BS_ALTER_ENABLE_KEYS,
    BS_ALTER_DISABLE_KEYS,
    BS_ALTER_DISCARD_TABLESPACE,
    BS_ALTER_IMPORT_TABLESPACE,
    BS_ALTER_WITH_VALIDATION,
    BS_ALTER_WITHOUT_VALIDATION,
    BS_ALTER_SECONDARY_LOAD,
    BS_ALTER_SECONDARY_UNLOAD,
    BS_ALTER_ADD_PARTITION,        /* partitioning.defs or num (PARTITIONS n) */
    BS_ALTER_DROP_PARTITION,       /* partitions */
    BS_ALTER_TRUNCATE_PARTITION,   /* partitions or all */
    BS_ALTER_COALESCE_PARTITION,   /* num */
    BS_ALTER_REORGANIZE_PARTITION, /* partitions INTO partitioning.defs */
    BS_ALTER_EXCHANGE_PARTITION,   /* partitions[0], table, with_validation */
    BS_ALTER_ANALYZE_PARTITION,    /* partitions or all */
    BS_ALTER_CHECK_PARTITION,
    BS_ALTER_OPTIMIZE_PARTITION,
    BS_ALTER_REBUILD_PARTITION,
    BS_ALTER_REPAIR_PARTITION,
    BS_ALTER_DISCARD_PARTITION_TABLESPACE,
    BS_ALTER_IMPORT_PARTITION_TABLESPACE,
    BS_ALTER_REMOVE_PARTITIONING,
    BS_ALTER_PARTITION_BY,               /* partitioning */
    BS_ALTER_CONVERT_PARTITION_TO_TABLE, /* MariaDB: partitions[0], table */
    BS_ALTER_CONVERT_TABLE_TO_PARTITION, /* MariaDB: table, partitioning.defs[0] */
    BS_ALTER_ADD_PERIOD,                 /* MariaDB PERIOD FOR ...: span */
    BS_ALTER_DROP_PERIOD,                /* name */
    BS_ALTER_ADD_SYSTEM_VERSIONING,
    BS_ALTER_DROP_SYSTEM_VERSIONING,
};

typedef struct bs_ddl_alter_spec {
    uint8_t kind;            /* bs_ddl_alter_kind */
    uint8_t if_exists;       /* MariaDB DROP/MODIFY/CHANGE ... IF EXISTS */
    uint8_t if_not_exists;   /* MariaDB ADD ... IF NOT EXISTS */
    uint8_t column_kw;       /* COLUMN keyword written */
    uint8_t paren;           /* ADD COLUMN (a, b) */
    uint8_t visible;         /* COLUMN/INDEX_VISIBILITY */
    uint8_t enforced;        /* CHECK_ENFORCED */
    uint8_t all;             /* ... PARTITION ALL */
    uint8_t with_validation; /* EXCHANGE PARTITION: 1 unless WITHOUT VALIDATION */
    uint8_t key_word;        /* RENAME KEY (1) / INDEX (2) */
    uint8_t position;        /* 0 none, 1 FIRST, 2 AFTER after */
    uint8_t drop_behavior;   /* DROP COLUMN ... 0, 1 RESTRICT, 2 CASCADE */
    bs_ddl_str after;
    bs_ddl_str name;
    bs_ddl_str new_name;
    bs_ddl_str word;    /* ALGORITHM / LOCK value */
    bs_ddl_table table; /* RENAME TO, EXCHANGE ... WITH TABLE, CONVERT ... TO TABLE */
    uint32_t ncolumns;
    const bs_ddl_column *columns;
    uint32_t nconstraints; /* ADD_CONSTRAINT: 1; ADD COLUMN (a INT, INDEX (a)): the indexes */
    const bs_ddl_constraint *constraints;
    uint32_t noptions;
    const bs_ddl_table_option *options; /* TABLE_OPTIONS; CONVERT_CHARSET: [charset, collate?] */
    bs_ddl_expr default_value;
    uint32_t npartitions;
    const bs_ddl_str *partitions;
    uint32_t num; /* COALESCE n, ADD PARTITION PARTITIONS n */
    const bs_ddl_partitioning *partitioning;
    uint32_t norder;
    const bs_ddl_str *order_cols;
    const uint8_t *order_desc;
    bs_ddl_span span;
} bs_ddl_alter_spec;

/* ---- statements ---- */
enum bs_ddl_kind {
    BS_STMT_UNKNOWN = 0,
    /* parsed in full */
    BS_STMT_CREATE_DATABASE,
    BS_STMT_ALTER_DATABASE,
    BS_STMT_DROP_DATABASE,
    BS_STMT_CREATE_TABLE,
    BS_STMT_DROP_TABLE,
    BS_STMT_RENAME_TABLE,
    BS_STMT_TRUNCATE_TABLE,
    BS_STMT_ALTER_TABLE,
    BS_STMT_CREATE_INDEX,
    BS_STMT_DROP_INDEX,
    BS_STMT_CREATE_VIEW,
    BS_STMT_ALTER_VIEW,
    BS_STMT_DROP_VIEW,
    BS_STMT_CREATE_SEQUENCE,
    BS_STMT_ALTER_SEQUENCE,
    BS_STMT_DROP_SEQUENCE,
    /* recognized: kind only */
    BS_STMT_BEGIN,
    BS_STMT_COMMIT,
    BS_STMT_ROLLBACK,
    BS_STMT_SAVEPOINT,
    BS_STMT_RELEASE_SAVEPOINT,
    BS_STMT_ROLLBACK_TO_SAVEPOINT,
    BS_STMT_XA,
    BS_STMT_INSERT,
    BS_STMT_REPLACE,
    BS_STMT_UPDATE,
    BS_STMT_DELETE,
    BS_STMT_LOAD_DATA,
    BS_STMT_SELECT,
    BS_STMT_CALL,
    BS_STMT_DO,
    BS_STMT_SET,
    BS_STMT_SET_PASSWORD,
    BS_STMT_GRANT,
    BS_STMT_REVOKE,
    BS_STMT_CREATE_USER,
    BS_STMT_ALTER_USER,
    BS_STMT_DROP_USER,
    BS_STMT_RENAME_USER,
    BS_STMT_CREATE_ROLE,
    BS_STMT_DROP_ROLE,
    BS_STMT_FLUSH,
    BS_STMT_ANALYZE_TABLE,
    BS_STMT_OPTIMIZE_TABLE,
    BS_STMT_REPAIR_TABLE,
    BS_STMT_CHECK_TABLE,
    BS_STMT_CREATE_TRIGGER,
    BS_STMT_DROP_TRIGGER,
    BS_STMT_CREATE_PROCEDURE,
    BS_STMT_ALTER_PROCEDURE,
    BS_STMT_DROP_PROCEDURE,
    BS_STMT_CREATE_FUNCTION,
    BS_STMT_ALTER_FUNCTION,
    BS_STMT_DROP_FUNCTION,
    BS_STMT_CREATE_EVENT,
    BS_STMT_ALTER_EVENT,
    BS_STMT_DROP_EVENT,
    BS_STMT_CREATE_TABLESPACE,
    BS_STMT_ALTER_TABLESPACE,
    BS_STMT_DROP_TABLESPACE,
    BS_STMT_CREATE_SERVER,
    BS_STMT_ALTER_SERVER,
    BS_STMT_DROP_SERVER,
    BS_STMT_LOGFILE_GROUP,  /* CREATE/ALTER/DROP LOGFILE GROUP */
    BS_STMT_PACKAGE,        /* MariaDB CREATE/DROP PACKAGE [BODY] */
    BS_STMT_RESOURCE_GROUP, /* CREATE/ALTER/DROP/SET RESOURCE GROUP */
    BS_STMT_SPATIAL_REFERENCE_SYSTEM,
    BS_STMT_PLUGIN, /* INSTALL/UNINSTALL PLUGIN/SONAME/COMPONENT */
    BS_STMT_LOCK_TABLES,
    BS_STMT_UNLOCK_TABLES,
    BS_STMT_USE,
    BS_STMT__COUNT
};

/* Upper-case name of a kind ("CREATE TABLE", "INSERT"). */
const char *bs_ddl_kind_name(unsigned kind);
/* 1 for the kinds parsed in full (schema-changing DDL), 0 otherwise. */
int bs_ddl_kind_is_parsed(unsigned kind);

enum bs_ddl_dbopt_kind {
    BS_DBOPT_CHARSET = 1,
    BS_DBOPT_COLLATE,
    BS_DBOPT_ENCRYPTION,
    BS_DBOPT_READ_ONLY,
    BS_DBOPT_COMMENT, /* MariaDB */
    BS_DBOPT_UPGRADE_DATA_DIRECTORY_NAME,
};

typedef struct bs_ddl_db_option {
    uint8_t kind; /* bs_ddl_dbopt_kind */
    uint8_t default_kw;
    uint8_t value_default; /* = DEFAULT */
    bs_ddl_str value;
    bs_ddl_span span;
} bs_ddl_db_option;

typedef struct bs_ddl_database {
    bs_ddl_str name; /* empty for ALTER DATABASE without a name */
    uint32_t noptions;
    const bs_ddl_db_option *options;
} bs_ddl_database;

typedef struct bs_ddl_create_table {
    bs_ddl_table table;
    uint8_t like; /* CREATE TABLE t LIKE src / (LIKE src) */
    bs_ddl_table like_table;
    uint32_t ncolumns;
    const bs_ddl_column *columns;
    uint32_t nconstraints;
    const bs_ddl_constraint *constraints;
    uint32_t noptions;
    const bs_ddl_table_option *options;
    const bs_ddl_partitioning *partitioning;
    uint8_t has_select;   /* CREATE TABLE ... [AS] SELECT */
    uint8_t select_as;    /* AS written */
    uint8_t on_duplicate; /* 0, 1 IGNORE, 2 REPLACE before the SELECT */
    bs_ddl_span select;   /* the query, from SELECT/WITH/( to the end */
} bs_ddl_create_table;

typedef struct bs_ddl_table_list {
    uint32_t ntables;
    const bs_ddl_table *tables;
    uint8_t drop_behavior; /* 0, 1 RESTRICT, 2 CASCADE */
} bs_ddl_table_list;

typedef struct bs_ddl_rename_pair {
    bs_ddl_table from, to;
} bs_ddl_rename_pair;

typedef struct bs_ddl_rename {
    uint32_t npairs;
    const bs_ddl_rename_pair *pairs;
} bs_ddl_rename;

typedef struct bs_ddl_alter_table {
    bs_ddl_table table;
    uint8_t online; /* ALTER ONLINE TABLE (MariaDB, MySQL 5.5 NDB) */
    uint8_t ignore; /* ALTER IGNORE TABLE */
    uint32_t nspecs;
    const bs_ddl_alter_spec *specs;
} bs_ddl_alter_table;

typedef struct bs_ddl_create_index {
    uint8_t kind; /* BS_CONS_INDEX, UNIQUE, FULLTEXT, SPATIAL, VECTOR */
    bs_ddl_str name;
    bs_ddl_table table;
    uint32_t nparts;
    const bs_ddl_keypart *parts;
    bs_ddl_index_opts opts;
    bs_ddl_str algorithm; /* ALGORITHM [=] x */
    bs_ddl_str lock;      /* LOCK [=] x */
} bs_ddl_create_index;

typedef struct bs_ddl_drop_index {
    bs_ddl_str name;
    bs_ddl_table table;
    bs_ddl_str algorithm;
    bs_ddl_str lock;
} bs_ddl_drop_index;

typedef struct bs_ddl_view {
    bs_ddl_table name;
    bs_ddl_str algorithm; /* UNDEFINED/MERGE/TEMPTABLE */
    bs_ddl_span definer;  /* the user after DEFINER = */
    bs_ddl_str security;  /* DEFINER/INVOKER */
    uint32_t ncols;
    const bs_ddl_str *cols;
    bs_ddl_span select;   /* the query after AS, WITH CHECK OPTION excluded */
    uint8_t check_option; /* 0, 1 WITH [CASCADED] CHECK OPTION, 2 WITH LOCAL CHECK OPTION */
} bs_ddl_view;

enum bs_ddl_seqopt_kind {
    BS_SEQ_INCREMENT = 1,
    BS_SEQ_START,
    BS_SEQ_MINVALUE,
    BS_SEQ_NO_MINVALUE,
    BS_SEQ_MAXVALUE,
    BS_SEQ_NO_MAXVALUE,
    BS_SEQ_CACHE,
    BS_SEQ_NOCACHE,
    BS_SEQ_CYCLE,
    BS_SEQ_NOCYCLE,
    BS_SEQ_RESTART, /* RESTART [[WITH] n]: value empty without n */
    BS_SEQ_AS,      /* MariaDB AS int_type: value = the type span text */
};

typedef struct bs_ddl_seq_option {
    uint8_t kind;
    uint8_t negative;
    bs_ddl_str value; /* digits */
    bs_ddl_span span;
} bs_ddl_seq_option;

typedef struct bs_ddl_sequence {
    bs_ddl_table name;
    uint32_t noptions;
    const bs_ddl_seq_option *options;
    uint32_t ntable_options;
    const bs_ddl_table_option *table_options;
} bs_ddl_sequence;

/* Bits of bs_ddl_stmt.flags. */
enum {
    BS_STMTF_IF_EXISTS = 1u << 0,
    BS_STMTF_IF_NOT_EXISTS = 1u << 1,
    BS_STMTF_TEMPORARY = 1u << 2,
    BS_STMTF_OR_REPLACE = 1u << 3,
    BS_STMTF_SCHEMA_KW = 1u << 4, /* SCHEMA written instead of DATABASE */
};

typedef struct bs_ddl_stmt {
    uint16_t kind;   /* bs_ddl_kind */
    uint16_t flags;  /* BS_STMTF_* */
    const char *sql; /* the text given to bs_ddl_parse (borrowed) */
    size_t sql_len;
    uint32_t off, len; /* the statement, leading comments excluded */
    /* Parsed kinds: where the text after the statement and its ';' starts (a
     * further statement, or sql_len). Recognized kinds: sql_len (the rest of
     * their text is not read). */
    uint32_t rest_off;
    const bs_ddl_token *tokens; /* tokens read (all of them for parsed kinds) */
    uint32_t ntokens;
    union {
        bs_ddl_database database;         /* CREATE/ALTER/DROP DATABASE */
        bs_ddl_create_table create_table; /* CREATE TABLE */
        bs_ddl_table_list drop;           /* DROP TABLE/VIEW/SEQUENCE, TRUNCATE (one table) */
        bs_ddl_rename rename;             /* RENAME TABLE */
        bs_ddl_alter_table alter;         /* ALTER TABLE */
        bs_ddl_create_index create_index; /* CREATE INDEX */
        bs_ddl_drop_index drop_index;     /* DROP INDEX */
        bs_ddl_view view;                 /* CREATE/ALTER VIEW */
        bs_ddl_sequence sequence;         /* CREATE/ALTER SEQUENCE */
    } u;
} bs_ddl_stmt;

/* ---- parsing ---- */
typedef struct bs_ddl_parser bs_ddl_parser;

int bs_ddl_parser_new(bs_ddl_parser **out, bs_error *err);
void bs_ddl_parser_free(bs_ddl_parser *p);

/* Parse the first statement of sql[0..len). opt may be NULL (default
 * sql_mode, every executable comment read). On success *out points into p
 * (and into sql) until the next parse or bs_ddl_parser_free. Errors:
 * BS_ESYNTAX (offset = the byte where parsing stopped), BS_ELIMIT, BS_ENOMEM. */
int bs_ddl_parse(bs_ddl_parser *p, const char *sql, size_t len, const bs_ddl_options *opt,
                 const bs_ddl_stmt **out, bs_error *err);

/* ---- DM's splitting ---- */

/* One statement of DM's split. */
typedef struct bs_ddl_split_stmt {
    const bs_ddl_stmt *stmt; /* the parsed statement it comes from */
    uint32_t index;          /* DROP TABLE/VIEW: table; RENAME: pair; ALTER: spec */
    uint32_t column;         /* ADD COLUMN (a, b): which column; UINT32_MAX otherwise */
    /* The tables DM's FetchDDLTables returns for it, in its order, with the
     * current database filled in (and lower-cased when asked): [table],
     * RENAME [old, new], CREATE TABLE LIKE [table, source], ALTER ... RENAME
     * [table, new], EXCHANGE PARTITION [table, other], DROP SEQUENCE [each];
     * a database statement gives (name, ""). Foreign-key REFERENCES tables
     * are not listed (DM skips them), nor the tables inside CREATE TABLE ...
     * SELECT. This is also the order in which bs_ddl_restore renames. */
    uint32_t ntables;
    const bs_ddl_table *tables;
    /* The same names as DM's split text writes them (before routing):
     * schemas filled except for sequences and EXCHANGE PARTITION's other
     * table, case kept. */
    const bs_ddl_table *written;
} bs_ddl_split_stmt;

enum {
    BS_SPLIT_LOWER_CASE_NAMES = 1u << 0 /* lower_case_table_names != 0 */
};

/* Split a parsed DDL statement. cur_db is the QUERY event's database. The
 * list lives in p until its next parse. Kinds DM's SplitDDL does not handle
 * (views, every recognized-only kind) fail with BS_EUNSUPPORTED and DM's
 * error code 11007 ("unknown type ddl") in err->dm_code. */
int bs_ddl_split(bs_ddl_parser *p, const bs_ddl_stmt *stmt, const char *cur_db, size_t cur_db_len,
                 unsigned flags, const bs_ddl_split_stmt **out, uint32_t *count, bs_error *err);

/* Routing: called for every table name the statement writes, in the order of
 * bs_ddl_split_stmt.tables, with that source table; fill *target (the strings
 * must stay valid until bs_ddl_restore returns). Return 0, or a negative
 * code to abort. For a database statement the table name is empty and only
 * target->schema is used. */
typedef int (*bs_ddl_rename_fn)(void *ctx, const bs_ddl_table *source, bs_ddl_table *target);

/* Append the SQL text DM would run for s to out (TiDB Restore format). With
 * rename, table names are replaced as DM's RenameDDLTable does. */
int bs_ddl_restore(const bs_ddl_split_stmt *s, bs_ddl_rename_fn rename, void *ctx, bs_buf *out,
                   bs_error *err);

/* ---- scripts ---- */

/* The next statement of a SQL script from *pos: 1 with [*start, *end) (no
 * ';'; comments inside kept) and *pos moved past it, 0 at the end. ';'
 * inside quotes and comments does not end a statement. */
int bs_sql_next_statement(const char *sql, size_t len, size_t *pos, size_t *start, size_t *end);

#ifdef __cplusplus
}
#endif
#endif
