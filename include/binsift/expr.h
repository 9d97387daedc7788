/*
 * binsift/expr.h - DM expression filters: TiDB scalar expressions over a row.
 *
 * A DM expression filter (insert-value-expr, update-old-value-expr, ...) is a
 * TiDB scalar expression over the columns of the upstream table. DM parses it
 * as `SELECT <expr>`, resolves column names against its tracked table
 * structure, and for every row evaluates it with TiDB's expression engine: a
 * row is skipped when the result is exactly integer 1 (dm-rules.md §6). This
 * module reproduces that: bs_rules_expr_compile() parses and type-checks the
 * text once against a column list, bs_rules_expr_eval()/bs_rules_expr_skips()
 * evaluate it against decoded row values with MySQL/TiDB semantics (three
 * valued logic, TiDB's comparison types, exact DECIMAL arithmetic, the
 * collation of the column, ...).
 *
 * Decisions that follow DM rather than MySQL are listed in
 * src/rules/expr_internal.h; the important ones for users:
 *   - string literals have DM's session collation utf8mb4_bin, so
 *     'a' = 'A' is 0, but a column's own collation (e.g. utf8mb4_general_ci)
 *     wins in `col = 'A'`;
 *   - a column name that does not resolve turns the whole expression into
 *     constant FALSE (DM logs a warning); compile succeeds and
 *     bs_rules_expr_info() reports the column;
 *   - "skip" is TiDB's Datum.GetInt64() == 1 (bs_rules_expr_result.skip): an
 *     integer 1, but also an ENUM whose index is 1 or a JSON object; never a
 *     DECIMAL, string or double.
 *
 * Memory: a compiled program owns its nodes; evaluation allocates only from
 * a per-program scratch arena that is reset at the start of each evaluation,
 * so a warmed-up program evaluates without malloc. A program is not
 * thread-safe (it holds that scratch); compile one per thread.
 */
#ifndef BINSIFT_EXPR_H
#define BINSIFT_EXPR_H

#include <stddef.h>
#include <stdint.h>

#include "binsift/buf.h"
#include "binsift/error.h"
#include "binsift/value.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A byte string view. */
typedef struct bs_rules_expr_str {
    const char *ptr;
    size_t len;
} bs_rules_expr_str;

/* One column of the table an expression is evaluated over, as DM's schema
 * tracker knows it. Only visible columns are listed, in table order; row
 * values are passed in the same order. */
typedef struct bs_rules_expr_column {
    bs_rules_expr_str name;           /* matched case-insensitively, like TiDB */
    uint8_t type;                     /* bs_column_type (BS_TYPE_*) */
    uint8_t is_unsigned;              /* integer/decimal/float columns */
    uint8_t not_null;                 /* NOT NULL column */
    uint8_t scale;                    /* DECIMAL scale, or fsp of TIME/DATETIME/TIMESTAMP */
    uint8_t precision;                /* DECIMAL precision (0 = 10) */
    uint16_t collation;               /* collation id DM's tracker gives the column; 0 = the
                                         type's default (utf8mb4_bin for text, binary for
                                         blobs, like TiDB) */
    uint32_t length;                  /* CHAR/BINARY(n) length in characters, BIT(n) width */
    const bs_rules_expr_str *members; /* ENUM/SET member names, 1-based index i is
                                         members[i - 1] */
    uint32_t n_members;
} bs_rules_expr_column;

/* The table: names used for qualified column references (`t`.`c`). */
typedef struct bs_rules_expr_table {
    bs_rules_expr_str schema;
    bs_rules_expr_str name;
    const bs_rules_expr_column *cols;
    uint32_t ncols;
} bs_rules_expr_table;

/* ---- time zones ---- */

typedef struct bs_rules_expr_tz bs_rules_expr_tz;

/* A time zone as DM's task `timezone` names it: "UTC", "SYSTEM" (the TZ of
 * this process, /etc/localtime), a fixed offset "+08:00"/"-05:30", or an
 * IANA name read from /usr/share/zoneinfo (TZif). BS_EINVAL when unknown. */
int bs_rules_expr_tz_load(const char *name, bs_rules_expr_tz **out, bs_error *err);
void bs_rules_expr_tz_free(bs_rules_expr_tz *tz);
/* UTC offset in seconds of the zone at a UTC instant. */
int32_t bs_rules_expr_tz_offset(const bs_rules_expr_tz *tz, int64_t utc_sec);

/* ---- evaluation context ---- */

typedef struct bs_rules_expr_ctx {
    int64_t now_usec;            /* NOW(), CURDATE(), ...: microseconds since the epoch
                                    (UTC). DM caches "now" in its session; the caller
                                    decides which instant to model. */
    const bs_rules_expr_tz *tz;  /* session time zone; NULL = UTC */
    uint64_t max_allowed_packet; /* longest string a function may build (TiDB returns
                                    NULL past it); 0 = 64 MiB, TiDB's default */
} bs_rules_expr_ctx;

/* ---- compile ---- */

typedef struct bs_rules_expr bs_rules_expr;

/* Outcome of a successful compile. */
enum bs_rules_expr_state {
    BS_RULES_EXPR_READY = 0,         /* evaluates normally */
    BS_RULES_EXPR_UNKNOWN_COLUMN = 1 /* constant FALSE: a column did not resolve
                                        (DM warns and skips nothing) */
};

typedef struct bs_rules_expr_info {
    int state;                      /* bs_rules_expr_state */
    bs_rules_expr_str unknown_name; /* the column as written (UNKNOWN_COLUMN) */
    size_t unknown_offset;          /* its byte offset in the expression text */
    uint8_t result_type;            /* BS_TYPE_* of the expression's result */
} bs_rules_expr_info;

/* Parse and bind `text` (the expression DM evaluates as `SELECT <text>`)
 * against table. Errors carry the byte offset in err->offset:
 *   BS_EINVAL       the text is not a valid TiDB expression, or TiDB rejects it
 *                   when building (wrong argument count, illegal mix of
 *                   collations, ...): DM would fail the same way;
 *   BS_EUNSUPPORTED valid for TiDB, but binsift cannot evaluate it (a function
 *                   or construct it does not implement, RAND() and other
 *                   nondeterministic functions, a GEOMETRY column...): the
 *                   message names the function/construct;
 *   BS_ELIMIT       nesting deeper than binsift's parser limit;
 *   BS_ENOMEM.
 * text need not be NUL-terminated; the program keeps its own copy. */
int bs_rules_expr_compile(const char *text, size_t len, const bs_rules_expr_table *table,
                          bs_rules_expr **out, bs_error *err);
void bs_rules_expr_free(bs_rules_expr *prog);
void bs_rules_expr_info_get(const bs_rules_expr *prog, bs_rules_expr_info *out);

/* Only the grammar check DM's task loader does (`checkValidExpr`: does
 * `SELECT <text>` parse?). 0, or BS_EINVAL with the offset of the first
 * syntax error. Constructs binsift does not evaluate still pass. */
int bs_rules_expr_check_syntax(const char *text, size_t len, bs_error *err);

/* ---- evaluate ---- */

enum bs_rules_expr_kind {
    BS_RULES_EXPR_NULL = 0,
    BS_RULES_EXPR_INT,      /* i */
    BS_RULES_EXPR_UINT,     /* u */
    BS_RULES_EXPR_DOUBLE,   /* d */
    BS_RULES_EXPR_DECIMAL,  /* text */
    BS_RULES_EXPR_STRING,   /* text (bytes, not NUL-free) */
    BS_RULES_EXPR_DATETIME, /* t and text: DATE, DATETIME or TIMESTAMP (result_type) */
    BS_RULES_EXPR_DURATION, /* t and text: TIME */
    BS_RULES_EXPR_JSON,     /* text */
    BS_RULES_EXPR_ENUM,     /* u (index) and text (name) */
    BS_RULES_EXPR_SET,      /* u (bitmask) and text (names) */
    BS_RULES_EXPR_BIT       /* u and text (bytes) */
};

typedef struct bs_rules_expr_result {
    int kind;     /* bs_rules_expr_kind */
    uint8_t type; /* BS_TYPE_* of the value */
    int skip;     /* DM skips the row: Datum.GetInt64() == 1 */
    int64_t i;
    uint64_t u;
    double d;
    bs_temporal t;
    const char *text; /* rendered as TiDB's SELECT would show it; valid until
                         the next evaluation of the program */
    size_t text_len;
    uint32_t warnings; /* TiDB warnings raised (truncations, bad dates...) */
    char warning[160]; /* the first one, "" when none */
} bs_rules_expr_result;

/* Evaluate over one row: values[i] is column i of the table given at compile
 * time (nvalues must be table->ncols). A value's kind may be what the binlog
 * decoder produced (bs_binlog_image_value) or BS_VALUE_STRING text for any
 * column type (DM itself casts text from the binlog library to the column
 * type): DECIMAL, temporal, JSON, ENUM/SET names, ...
 * Returns 0, or:
 *   BS_EINVAL   TiDB's evaluation fails (BIGINT overflow in c + 1, ...): DM
 *               stops the task with that error (message in err);
 *   BS_ECORRUPT a value does not fit its column (bad DECIMAL bytes, ENUM index
 *               past the member list, ...);
 *   BS_ELIMIT   binsift's evaluation memory bound was hit;
 *   BS_ENOMEM. */
int bs_rules_expr_eval(bs_rules_expr *prog, const bs_value *values, uint32_t nvalues,
                       const bs_rules_expr_ctx *ctx, bs_rules_expr_result *out, bs_error *err);
/* The same decision without rendering the result: *skip = 1 when DM skips
 * the row. */
int bs_rules_expr_skips(bs_rules_expr *prog, const bs_value *values, uint32_t nvalues,
                        const bs_rules_expr_ctx *ctx, int *skip, bs_error *err);

/* ---- rows from text (binsift explain --row 'c=5,s=abc') ---- */

typedef struct bs_rules_expr_row bs_rules_expr_row;

/* Parse `name=value[,name=value...]`. A value is bare text up to the next
 * comma, or quoted with '...' or "..." (doubled quote inside); bare NULL is
 * SQL NULL. With a table, every name must be one of its columns (case-
 * insensitive), values are typed by the column when evaluated, and columns
 * not given are NULL. Without one (table NULL) the row defines the columns:
 * a value is BIGINT when it is an integer, DECIMAL when it has a fraction,
 * DOUBLE with an exponent, else a utf8mb4_bin string. */
int bs_rules_expr_row_parse(const char *text, size_t len, const bs_rules_expr_table *table,
                            bs_rules_expr_row **out, bs_error *err);
const bs_rules_expr_table *bs_rules_expr_row_table(const bs_rules_expr_row *row);
const bs_value *bs_rules_expr_row_values(const bs_rules_expr_row *row);
void bs_rules_expr_row_free(bs_rules_expr_row *row);

/* Collation id of a name ("utf8mb4_general_ci"), 0 when unknown; and back. */
uint16_t bs_rules_expr_collation_id(const char *name);
const char *bs_rules_expr_collation_name(uint16_t id);

#ifdef __cplusplus
}
#endif
#endif
