/*
 * expr_internal.h - the expression engine behind binsift/expr.h.
 *
 * The engine mirrors the shape of TiDB's expression package, because DM
 * evaluates expression filters with it and its results depend on that shape:
 *
 *   text --expr_lex/expr_parse--> AST --expr_build--> typed node tree --eval
 *
 * Building gives every node a field type (xtype: MySQL type code, flags,
 * scale, collation, coercibility) inferred the way TiDB infers it, and wraps
 * arguments in explicit cast nodes so that each node evaluates in exactly one
 * eval type (XET_*): a comparison of an INT column with a string literal
 * becomes cmp_real(cast_real(col), cast_real('...')) just as TiDB's
 * GetAccurateCmpType decides. Each node carries its evaluation function; an
 * evaluation writes an xval whose interpretation is the node's eval type.
 *
 * Decisions taken from TiDB (and where they differ from MySQL/MariaDB):
 *   - DM's session: collation_connection utf8mb4_bin (string literals are
 *     utf8mb4_bin, COERCIBLE), the new collation framework enabled (TiDB's
 *     collate package sets it in init(); DM never disables it), sql_mode is
 *     TiDB's default, div_precision_increment 4, outside INSERT/UPDATE so
 *     division by zero is NULL and bad values are warnings.
 *   - Comparison types: GetAccurateCmpType (ENUM/SET/BIT count as INT next to
 *     INT; DECIMAL vs string constant compares as DECIMAL; a temporal column
 *     vs a constant converts the constant), and refineArgs for YEAR columns
 *     against integer constants and DATETIME/TIMESTAMP columns against
 *     numeric constants.
 *   - DECIMAL division keeps TiDB's internal digits (1/3 is 0.333333333 shown
 *     as 0.3333): 1/3 = 0.3333 is 0 in TiDB, 1 in MariaDB.
 *   - IN (list) is OR of equalities, each with its own comparison type;
 *     BETWEEN is (a >= b AND a <= c), CASE v WHEN w is CASE WHEN v = w.
 *   - Integer overflow in + - * (and DIV of DECIMALs) is an evaluation error
 *     (DM stops the task), not a wrap-around.
 *   - Skipping is Datum.GetInt64() == 1, computed per result kind in
 *     expr_value.c.
 */
#ifndef BS_RULES_EXPR_INTERNAL_H
#define BS_RULES_EXPR_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "binsift/expr.h"
#include "util/arena.h"
#include "util/error_internal.h"

/* ---- limits ---- */
#define XMAX_DEPTH      100                 /* parser nesting (parentheses, operators) */
#define XMAX_NODES      20000               /* AST nodes per expression */
#define XMAX_TREE       400                 /* depth of the expression tree (a+a+a+... too) */
#define XMAX_SCRATCH    ((size_t)256 << 20) /* evaluation memory per row */
#define XMAX_JSON_DEPTH 100                 /* like MySQL's JSON depth limit */
#define XDEFAULT_PACKET ((uint64_t)64 << 20)
#define XDIV_PREC_INCR  4

/* Collation ids used by name. */
enum {
    XCOLL_LATIN1_SWEDISH_CI = 8,
    XCOLL_ASCII_GENERAL_CI = 11,
    XCOLL_UTF8_GENERAL_CI = 33,
    XCOLL_UTF8MB4_GENERAL_CI = 45,
    XCOLL_UTF8MB4_BIN = 46,
    XCOLL_LATIN1_BIN = 47,
    XCOLL_BINARY = 63,
    XCOLL_ASCII_BIN = 65,
    XCOLL_UTF8_BIN = 83,
    XCOLL_UTF8_UNICODE_CI = 192,
    XCOLL_UTF8MB4_UNICODE_CI = 224,
    XCOLL_UTF8MB4_0900_AI_CI = 255,
    XCOLL_UTF8MB4_0900_BIN = 309
};

/* ---- eval types and field types ---- */

enum xet {
    XET_INT = 0,
    XET_REAL,
    XET_DECIMAL,
    XET_STRING,
    XET_DATETIME, /* DATE and DATETIME */
    XET_TIMESTAMP,
    XET_DURATION,
    XET_JSON
};

/* xtype.flags */
enum {
    XF_UNSIGNED = 1 << 0,
    XF_BINARY = 1 << 1, /* binary string (charset binary) */
    XF_NOT_NULL = 1 << 2,
    XF_BOOL = 1 << 3,   /* a boolean result (comparison, TRUE) */
    XF_BINLIT = 1 << 4, /* a hex/bit literal constant (TiDB KindBinaryLiteral) */
    XF_FLOAT32 = 1 << 5 /* a FLOAT column: formatted with float32 precision */
};

/* Coercibility (MySQL's, lowest wins). */
enum {
    XCOER_EXPLICIT = 0,
    XCOER_NONE = 1,
    XCOER_IMPLICIT = 2,
    XCOER_SYSCONST = 3,
    XCOER_COERCIBLE = 4,
    XCOER_NUMERIC = 5,
    XCOER_IGNORABLE = 6
};
enum { XREP_ASCII = 1, XREP_UNICODE = 3 };

#define XUNSPEC (-1)

typedef struct xtype {
    uint8_t tp;     /* BS_TYPE_*: LONGLONG, DOUBLE, NEWDECIMAL, VARCHAR, DATE, ... NULL */
    uint8_t flags;  /* XF_* */
    int8_t decimal; /* scale / fsp, XUNSPEC when unknown */
    uint8_t coer;   /* XCOER_* */
    uint8_t repe;   /* XREP_* */
    int32_t flen;   /* display length, XUNSPEC when unknown */
    uint16_t coll;  /* collation id of string results */
    const bs_rules_expr_column *col; /* ENUM/SET members when the value is a column's */
} xtype;

int xet_of(const xtype *t);
bool xtype_is_string_kind(int et);   /* TiDB's EvalType.IsStringKind */
bool xtype_hybrid(const xtype *t);   /* ENUM, SET, BIT */
bool xtype_temporal(const xtype *t); /* DATE, DATETIME, TIMESTAMP, TIME */
bool xtype_time(const xtype *t);     /* DATE, DATETIME, TIMESTAMP */
void xtype_init(xtype *t, uint8_t tp);
void xtype_string(xtype *t, uint16_t coll, uint8_t coer); /* VARCHAR of a collation */

/* ---- DECIMAL (expr_decimal.c): MySQL/TiDB's 9-digit word decimal ---- */

#define XDEC_WORDS     9
#define XDEC_MAX_SCALE 30 /* mysql.MaxDecimalScale */
#define XDEC_MAX_PREC  65
#define XDEC_NOT_FIXED 31

typedef struct xdec {
    int8_t intg;  /* digits before the point (the first word holds intg % 9) */
    int8_t frac;  /* digits after the point */
    int8_t rfrac; /* digits the value is displayed with (TiDB's resultFrac) */
    uint8_t neg;
    int32_t w[XDEC_WORDS]; /* ceil(intg/9) integer words, then ceil(frac/9) */
} xdec;

enum { XDEC_OK = 0, XDEC_TRUNCATED = 1, XDEC_OVERFLOW = 2, XDEC_DIV0 = 3, XDEC_BAD = 4 };
enum { XROUND_HALF_UP, XROUND_TRUNCATE, XROUND_CEIL, XROUND_FLOOR };

void xdec_zero(xdec *d);
bool xdec_is_zero(const xdec *d);
/* Parse [space][sign]digits[.digits][e[sign]digits]. *used (may be NULL)
 * gets the bytes consumed. XDEC_TRUNCATED when bytes remain (the prefix
 * value is kept), XDEC_BAD when there are no digits (value 0),
 * XDEC_OVERFLOW (value clamped). */
int xdec_from_str(xdec *d, const char *s, size_t n, size_t *used);
void xdec_from_i64(xdec *d, int64_t v);
void xdec_from_u64(xdec *d, uint64_t v);
int xdec_from_double(xdec *d, double v);
/* Integer part, fraction discarded (XDEC_TRUNCATED), clamped (XDEC_OVERFLOW). */
int xdec_to_i64(const xdec *d, int64_t *out);
int xdec_to_u64(const xdec *d, uint64_t *out);
double xdec_to_double(const xdec *d);
/* Text with frac digits; buf needs XDEC_TEXT_MAX bytes. Returns the length. */
#define XDEC_TEXT_MAX 96
size_t xdec_to_str(const xdec *d, char *buf);
/* The text rounded to the display scale rfrac (what SELECT shows). */
size_t xdec_to_display(const xdec *d, char *buf);
int xdec_round(const xdec *from, xdec *to, int scale, int mode);
int xdec_add(const xdec *a, const xdec *b, xdec *to);
int xdec_sub(const xdec *a, const xdec *b, xdec *to);
int xdec_mul(const xdec *a, const xdec *b, xdec *to);
int xdec_div(const xdec *a, const xdec *b, xdec *to, int frac_incr);
int xdec_mod(const xdec *a, const xdec *b, xdec *to);
int xdec_cmp(const xdec *a, const xdec *b);
/* Significant digits (precision) and fraction digits. */
void xdec_prec_frac(const xdec *d, int *prec, int *frac);
/* MySQL binary DECIMAL(prec, scale). */
int xdec_from_bin(xdec *d, const uint8_t *p, size_t n, int prec, int scale);
int xdec_to_bin(const xdec *d, int prec, int scale, uint8_t *out, size_t cap);

/* ---- temporals (expr_time.c) ---- */

typedef struct xtime {
    uint16_t year;
    uint8_t month, day, hour, minute, second;
    uint8_t tp; /* BS_TYPE_DATE, BS_TYPE_DATETIME or BS_TYPE_TIMESTAMP */
    int8_t fsp; /* 0..6 */
    uint32_t usec;
} xtime;

typedef struct xdur {
    int64_t us; /* signed microseconds, |us| <= 838:59:59.999999 */
    int8_t fsp;
} xdur;

#define XDUR_MAX_US ((int64_t)(838 * 3600 + 59 * 60 + 59) * 1000000 + 999999)

struct bs_rules_expr_tz {
    char name[64];
    int32_t fixed; /* offset when ntrans == 0 */
    uint32_t ntrans;
    int64_t *trans; /* UTC transition instants, ascending */
    int32_t *offs;  /* offset in effect from trans[i] */
    int32_t before; /* offset before the first transition */
};

/* Parse a DATETIME/DATE/TIMESTAMP string the way TiDB's ParseTime does
 * (delimited or digit-run forms, 2-digit years, fraction rounded to fsp,
 * a trailing Z/+hh:mm offset converted into tz). tp is the wanted type.
 * Returns 0, or -1 when the text is not a valid time (TiDB: warning, NULL). */
int xtime_parse(const char *s, size_t n, int tp, int fsp, const bs_rules_expr_tz *tz, xtime *out);
/* MySQL's number-to-datetime (20210101, 210101123456, ...). -1 when invalid. */
int xtime_from_i64(int64_t v, int tp, xtime *out);
int xtime_from_dec(const xdec *d, int tp, int fsp, xtime *out);
/* TIME from text/numbers: 0, 1 when clamped to +-838:59:59 (a warning), -1
 * when invalid. */
int xdur_parse(const char *s, size_t n, int fsp, xdur *out);
int xdur_from_i64(int64_t v, xdur *out);
int xdur_from_dec(const xdec *d, int fsp, xdur *out);
size_t xtime_format(const xtime *t, char *buf); /* buf >= 32 */
size_t xdur_format(const xdur *d, char *buf);   /* buf >= 32 */
int64_t xtime_to_i64(const xtime *t);           /* 20210101 / 20210101123456 */
void xtime_to_dec(const xtime *t, xdec *out);
void xdur_to_dec(const xdur *d, xdec *out);
int64_t xdur_to_i64(const xdur *d); /* 123456 for 12:34:56, rounded */
int xtime_cmp(const xtime *a, const xtime *b);
bool xtime_is_zero(const xtime *t);
bool xtime_invalid_date(const xtime *t); /* day past the month, zero parts */
int xtime_round(xtime *t, int fsp);      /* -1 past 9999-12-31 */
void xdur_round(xdur *d, int fsp);
/* Days since year 0 (MySQL's calc_daynr) and back. */
int64_t xtime_daynr(int y, int m, int d);
void xtime_from_daynr(int64_t daynr, xtime *t);
int xtime_weekday(const xtime *t); /* 0 = Monday */
int xtime_days_in_month(int y, int m);
int xtime_week(const xtime *t, int mode, int *year_out);
/* Convert between local time in tz and UTC seconds. */
int64_t xtime_to_utc(const xtime *t, const bs_rules_expr_tz *tz);
void xtime_from_utc(int64_t utc_sec, uint32_t usec, const bs_rules_expr_tz *tz, xtime *t);
/* DATETIME plus a duration (TIME) / minus; -1 on range overflow. */
int xtime_add_dur(xtime *t, int64_t us);

/* INTERVAL units */
enum xunit {
    XU_MICROSECOND,
    XU_SECOND,
    XU_MINUTE,
    XU_HOUR,
    XU_DAY,
    XU_WEEK,
    XU_MONTH,
    XU_QUARTER,
    XU_YEAR,
    XU_SECOND_MICROSECOND,
    XU_MINUTE_MICROSECOND,
    XU_MINUTE_SECOND,
    XU_HOUR_MICROSECOND,
    XU_HOUR_SECOND,
    XU_HOUR_MINUTE,
    XU_DAY_MICROSECOND,
    XU_DAY_SECOND,
    XU_DAY_MINUTE,
    XU_DAY_HOUR,
    XU_YEAR_MONTH,
    XU_COUNT
};
int xunit_from_name(const char *s, size_t n); /* -1 when unknown */
const char *xunit_name(int unit);

typedef struct xinterval {
    int64_t months; /* years*12 + months */
    int64_t us;     /* days, hours, ... as microseconds */
    bool neg;
} xinterval;

/* Interval value text ("1 2:3:4.5") for a unit; -1 when malformed. */
int xinterval_parse(const char *s, size_t n, int unit, xinterval *out);
/* t + iv (or - when sub); -1 when out of range (TiDB: NULL). */
int xtime_add_interval(xtime *t, const xinterval *iv, bool sub);

/* DATE_FORMAT into out (cap >= 256 per specifier); returns length or -1. */
struct bs_rules_expr;
int xtime_date_format(struct bs_rules_expr *p, const xtime *t, const char *fmt, size_t n,
                      char **out, size_t *out_len);
/* STR_TO_DATE: 0 and *out, or -1 when the text does not match. *has_date,
 * *has_time say which parts the format names. */
int xtime_str_to_date(const char *s, size_t n, const char *fmt, size_t fn, xtime *out,
                      bool *has_date, bool *has_time);

/* ---- JSON (expr_json.c) ---- */

enum xjtype {
    XJ_NULL = 0,
    XJ_TRUE,
    XJ_FALSE,
    XJ_INT,
    XJ_UINT,
    XJ_DOUBLE,
    XJ_STRING,
    XJ_ARRAY,
    XJ_OBJECT
};

typedef struct xjson xjson;
struct xjson {
    uint8_t t;  /* xjtype */
    uint32_t n; /* array/object element count */
    union {
        int64_t i;
        uint64_t u;
        double d;
        struct {
            const char *p;
            size_t n;
        } s;
        struct {
            const xjson **v;
            bs_rules_expr_str *k; /* object keys, sorted bytewise, unique */
        } c;
    } v;
};

typedef struct xjpath_leg {
    uint8_t kind; /* 0 key, 1 index, 2 any key (.*), 3 any index ([*]), 4 ** */
    int64_t index;
    bs_rules_expr_str key;
} xjpath_leg;

typedef struct xjpath {
    uint32_t n;
    xjpath_leg *legs;
    bool wildcard;
} xjpath;

/* Parse JSON text (MySQL/TiDB rules); -1 with a message in p on bad text. */
int xjson_parse(struct bs_rules_expr *p, const char *s, size_t n, const xjson **out);
/* Render as TiDB prints JSON. */
int xjson_render(struct bs_rules_expr *p, const xjson *j, char **out, size_t *out_len);
int xjson_path_parse(struct bs_rules_expr *p, const char *s, size_t n, xjpath *out);
/* JSON_EXTRACT semantics: *out NULL when nothing matched. */
int xjson_extract(struct bs_rules_expr *p, const xjson *j, const xjpath *paths, uint32_t npaths,
                  const xjson **out);
int xjson_cmp(const xjson *a, const xjson *b);
bool xjson_contains(const xjson *target, const xjson *cand);
const char *xjson_type_name(const xjson *j);
uint8_t xjson_type_code(const xjson *j); /* TiDB's BinaryJSON TypeCode */
const xjson *xjson_from_i64(struct bs_rules_expr *p, int64_t v, bool is_unsigned);
const xjson *xjson_from_double(struct bs_rules_expr *p, double d);
const xjson *xjson_from_str(struct bs_rules_expr *p, const char *s, size_t n);
const xjson *xjson_literal(int t); /* XJ_NULL / XJ_TRUE / XJ_FALSE */

/* ---- collations (expr_collation.c) ---- */

enum xcs { XCS_BINARY, XCS_UTF8MB4, XCS_UTF8, XCS_LATIN1, XCS_ASCII, XCS_OTHER };
enum xck {
    XCK_BINARY,         /* bytes, no padding */
    XCK_BIN_PAD,        /* bytes, trailing spaces ignored (latin1_bin, ascii_bin) */
    XCK_UTF8_BIN,       /* like XCK_BIN_PAD; LIKE walks characters */
    XCK_UTF8_NOPAD_BIN, /* utf8mb4_0900_bin */
    XCK_GENERAL_CI,
    XCK_UNICODE_CI,
    XCK_UNSUPPORTED /* TiDB has it, binsift does not (0900_ai_ci, gbk, ...) */
};

typedef struct xcoll {
    uint16_t id;
    uint8_t cs;   /* xcs */
    uint8_t kind; /* xck */
    const char *name;
} xcoll;

const xcoll *xcoll_get(uint16_t id); /* NULL when not a known collation id */
/* The collator TiDB uses for a collation (GetCollator: unknown ones fall
 * back to utf8mb4_bin). */
int xcoll_kind(uint16_t id);
int xcoll_cs(uint16_t id);
bool xcoll_is_bin(uint16_t id); /* TiDB's isBinCollation (the _bin ones) */
uint16_t xcoll_default_of_cs(int cs);
int xcoll_cmp(int kind, const char *a, size_t an, const char *b, size_t bn);
/* LIKE under a collation; escape < 0 for none. */
bool xcoll_like(int kind, const char *s, size_t sn, const char *pat, size_t pn, int escape);
/* Unicode simple case mapping (Go's unicode.ToUpper/ToLower). */
uint32_t xcoll_toupper(uint32_t r);
uint32_t xcoll_tolower(uint32_t r);
/* Decode one UTF-8 rune like Go (invalid byte -> U+FFFD, width 1). */
size_t xutf8_decode(const char *s, size_t n, uint32_t *r);
size_t xutf8_encode(uint32_t r, char *out);
size_t xutf8_count(const char *s, size_t n);
/* Generated weight tables (expr_coll_data.c). */
uint16_t xcoll_general_ci_weight(uint32_t r);
/* unicode_ci weights of r; returns the count written into w (<= 18). */
unsigned xcoll_unicode_ci_weights(uint32_t r, uint16_t *w);

/* ---- values ---- */

typedef struct xval {
    uint8_t null;
    uint8_t has_hv; /* a hybrid column value: hv holds the ENUM index / SET bits / BIT */
    uint64_t hv;
    union {
        int64_t i; /* XET_INT: unsigned types keep the bits */
        double d;
        xdec dec;
        struct {
            const char *p;
            size_t n;
        } s;
        xtime t;
        xdur dur;
        const xjson *j;
    } v;
} xval;

/* ---- tokens (expr_lex.c) ---- */

enum xtk {
    XT_EOF = 0,
    XT_IDENT,   /* bare word (keywords too; the parser decides) */
    XT_QIDENT,  /* `quoted` identifier, unescaped */
    XT_INT,     /* digits */
    XT_DEC,     /* digits with a point */
    XT_FLOAT,   /* with an exponent */
    XT_STRING,  /* '..' or "..", unescaped */
    XT_HEX,     /* X'..' or 0x..: the bytes */
    XT_BIT,     /* B'..' or 0b..: the bytes */
    XT_NSTRING, /* N'..' */
    XT_OP       /* punctuation: op holds the code */
};

/* Multi-character operators; single characters use their own code. */
enum {
    XTO_LE = 256, /* <= */
    XTO_GE,       /* >= */
    XTO_NE,       /* <> or != */
    XTO_NULLEQ,   /* <=> */
    XTO_SHL,      /* << */
    XTO_SHR,      /* >> */
    XTO_ANDAND,   /* && */
    XTO_OROR,     /* || */
    XTO_ARROW,    /* -> */
    XTO_ARROW2,   /* ->> */
    XTO_ASSIGN    /* := */
};

typedef struct xtok {
    uint8_t kind; /* xtk */
    int op;       /* XT_OP: the operator */
    uint32_t off, end;
    const char *p; /* text or decoded bytes */
    size_t n;
} xtok;

typedef struct xlexer {
    const char *s;
    size_t n, pos;
    bs_arena *arena;
    bs_error *err;
    int exec_comment;  /* inside an executable comment (slash-star-bang) */
    uint8_t prev_kind; /* previous token, to tell "t.5" from ".5" */
} xlexer;

/* Next token; 0, or BS_EINVAL/BS_ENOMEM with err filled. */
int xlex_next(xlexer *lx, xtok *t);
/* Case-insensitive keyword test of a bare word. */
bool xtok_is(const xtok *t, const char *kw);

/* ---- AST (expr_parse.c) ---- */

enum xast_kind {
    XA_INT,    /* s: digits */
    XA_DEC,    /* s: decimal text */
    XA_FLOAT,  /* s: text with exponent */
    XA_STRING, /* s: bytes (unescaped); ival: introducer collation or 0 */
    XA_HEX,    /* s: bytes */
    XA_BIT,    /* s: bytes */
    XA_NULL,
    XA_BOOL,         /* ival 0/1 */
    XA_TEMPORAL_LIT, /* DATE/TIME/TIMESTAMP 'x': ival = BS_TYPE_*, kids[0] string */
    XA_COLUMN,       /* s: column; s2: table; s3: schema */
    XA_UNARY,        /* op: '-', '+', '~', '!', 'N' (NOT), 'B' (BINARY) */
    XA_BINARY,       /* op: xop */
    XA_IS,           /* ival: 0 NULL, 1 TRUE, 2 FALSE, 3 UNKNOWN; negated */
    XA_IN,           /* kids[0] IN (kids[1..]) */
    XA_BETWEEN,      /* kids 0..2 */
    XA_LIKE,         /* kids[0] LIKE kids[1] [ESCAPE kids[2]] */
    XA_REGEXP,
    XA_CASE,      /* flags: has value (kids[0]); pairs; has else (last) */
    XA_FUNC,      /* s: name; kids: args */
    XA_CAST,      /* kids[0]; cast target in ct */
    XA_INTERVAL,  /* kids[0] value, ival unit */
    XA_COLLATE,   /* kids[0]; s: collation name */
    XA_JSON_ARROW /* kids[0] column, kids[1] path string; ival 1 for ->> */
};

enum xop {
    XOP_OR = 1,
    XOP_XOR,
    XOP_AND,
    XOP_EQ,
    XOP_NULLEQ,
    XOP_NE,
    XOP_LT,
    XOP_LE,
    XOP_GT,
    XOP_GE,
    XOP_BITOR,
    XOP_BITAND,
    XOP_SHL,
    XOP_SHR,
    XOP_PLUS,
    XOP_MINUS,
    XOP_MUL,
    XOP_DIV,
    XOP_INTDIV,
    XOP_MOD,
    XOP_BITXOR
};

typedef struct xcast_target {
    uint8_t tp; /* BS_TYPE_* result; LONGLONG for SIGNED/UNSIGNED */
    uint8_t is_unsigned;
    uint8_t binary;   /* CAST AS BINARY / CHAR ... CHARACTER SET binary */
    int8_t decimal;   /* DECIMAL scale, temporal fsp, XUNSPEC */
    int32_t len;      /* DECIMAL precision, CHAR(n); XUNSPEC */
    uint16_t coll;    /* CHAR ... CHARACTER SET x: its default collation */
    uint8_t using_cs; /* CONVERT(x USING cs) */
} xcast_target;

typedef struct xast xast;
struct xast {
    uint8_t kind;
    uint8_t op;
    uint8_t negated;
    uint8_t has_value; /* CASE: operand present; LIKE: escape present; ... */
    uint8_t has_else;
    uint16_t depth; /* height of this subtree */
    int32_t ival;
    uint32_t off; /* byte offset of the construct in the text */
    uint32_t end; /* byte offset just past it */
    bs_rules_expr_str s, s2, s3;
    xast **kids;
    uint32_t nkids;
    xcast_target ct;
};

/* Parse the whole text. On error: BS_EINVAL (syntax; TiDB rejects it too),
 * BS_EUNSUPPORTED (valid TiDB syntax binsift does not support) or BS_ELIMIT,
 * with err->offset. AST memory comes from arena. */
int xparse(const char *text, size_t len, bs_arena *arena, xast **out, bs_error *err);

/* ---- nodes and programs ---- */

typedef struct bs_rules_expr xprog;
typedef struct xnode xnode;

struct bs_regex;
typedef struct xregex_item {
    struct bs_regex *re;
    struct xregex_item *next;
} xregex_item;
typedef int (*xeval_fn)(xprog *p, const xnode *n, xval *out);

/* xnode.flags bits shared by all nodes (node specific ones use the low bits) */
enum {
    XN_CONSTLIKE = 0x80, /* TiDB would see a Constant here (folded or foldable) */
    XN_JSONTEXT = 0x40   /* a string that TiDB parses when cast to JSON */
};

struct xnode {
    xeval_fn eval;
    xtype tp;     /* result type */
    uint32_t off; /* source offset, for messages */
    uint32_t end;
    uint16_t nargs;
    uint8_t cmp;   /* comparison eval type, XET_* */
    uint8_t flags; /* node specific */
    int32_t ival;  /* node specific: column index, unit, operator, ... */
    uint16_t coll; /* collation for string comparisons/matching */
    xnode **args;
    const char *name; /* function or operator name, for messages */
    void *aux;        /* node specific compiled data */
    xval cval;        /* X_CONST */
};

struct bs_rules_expr {
    char *text;
    size_t text_len;
    bs_arena build;   /* nodes, constants, compile-time data */
    bs_arena scratch; /* per evaluation; reset at each eval */
    size_t scratch_used;
    bool folding;                /* evaluating constant subtrees while building */
    bool evaluating;             /* inside bs_rules_expr_eval: allocate from scratch */
    struct xregex_item *regexes; /* compiled constant REGEXP patterns, owned */
    xnode *root;
    int state; /* bs_rules_expr_state */
    bs_rules_expr_str unknown_name;
    size_t unknown_off;
    /* the table */
    uint32_t ncols;
    bs_rules_expr_column *cols;
    /* evaluation state */
    const bs_value *row;
    const bs_rules_expr_ctx *ctx;
    const bs_rules_expr_tz *tz;
    xval *colval;      /* per column, converted on first use in an eval */
    uint8_t *colstate; /* 0 not loaded, 1 loaded, 2 loading */
    bs_buf tmp;        /* reused text buffer (JSON rendering) */
    bs_error *err;
    uint32_t warnings;
    char warning[160];
};

/* Allocation for evaluation results (scratch, or build while folding).
 * NULL after setting BS_ELIMIT/BS_ENOMEM in p->err. */
void *xalloc(xprog *p, size_t n);
char *xstrdup(xprog *p, const char *s, size_t n);
/* Fail the evaluation: fills p->err, returns code. */
int xfail(xprog *p, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A TiDB warning: counted, the first kept. */
void xwarn(xprog *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The expression text of a node, for messages ("(c + 1)"). */
int xnode_text(const xprog *p, const xnode *n, char *buf, size_t cap);

/* Evaluate a node. */
static inline int xeval(xprog *p, const xnode *n, xval *out)
{
    return n->eval(p, n, out);
}

/* ---- building (expr_build.c) ---- */

typedef struct xbuild xbuild;
struct xbuild {
    xprog *p;
    bs_error *err;
    const bs_rules_expr_table *table;
    uint32_t nnodes;
};

xnode *xnode_new(xbuild *b, xeval_fn fn, const xtype *tp, uint16_t nargs, uint32_t off);
/* Wrap n so that it evaluates as eval type et (TiDB's WrapWithCastAs*). */
xnode *xcast_to(xbuild *b, xnode *n, int et);
/* Cast to an exact field type (CAST(x AS ...), function arguments). */
xnode *xcast_to_type(xbuild *b, xnode *n, const xtype *tp, bool explicit_cast);
/* Build failures: BS_EINVAL (TiDB rejects), BS_EUNSUPPORTED (binsift). */
int xbuild_fail(xbuild *b, int code, uint32_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
bool xnode_is_const(const xnode *n);
bool xnode_is_column(const xnode *n);
/* Fold n when it is a deterministic function of constants; returns n or a
 * constant node. */
xnode *xfold(xbuild *b, xnode *n);
/* Collation of the result of string arguments (TiDB's
 * CheckAndDeriveCollationFromExprs); false after xbuild_fail. */
bool xderive_collation(xbuild *b, const char *fname, xnode **args, uint32_t nargs, int ret_et,
                       uint32_t off, xtype *out);
/* Type of the result of IF/IFNULL/COALESCE/CASE/GREATEST (TiDB's
 * InferType4ControlFuncs / AggFieldType). */
bool xagg_type(xbuild *b, const char *fname, xnode **args, uint32_t nargs, uint32_t off,
               xtype *out);
/* Build a comparison (op: XOP_EQ ...) of two built nodes. */
xnode *xbuild_compare(xbuild *b, int op, xnode *l, xnode *r, uint32_t off, uint32_t end);
/* Arithmetic (XOP_PLUS ... XOP_MOD) and NOT of built nodes. */
xnode *xbuild_arith(xbuild *b, int op, xnode *l, xnode *r, uint32_t off, uint32_t end);
xnode *xbuild_not(xbuild *b, xnode *x, uint32_t off, uint32_t end);

/* The function table (expr_func.c). */
typedef struct xfunc xfunc;
typedef xnode *(*xfunc_build_fn)(xbuild *b, const xfunc *f, xnode **args, uint32_t nargs,
                                 const xast *call);
struct xfunc {
    const char *name;
    int16_t min_args, max_args; /* -1 = any */
    xfunc_build_fn build;
    xeval_fn eval;
    const char *sig;   /* generic builder: "R:ABC" result and argument kinds */
    int32_t ival;      /* passed to the node */
    uint8_t nofold;    /* depends on the context (NOW()) */
    uint8_t coll_args; /* bitmask of the arguments a string result takes its collation from
                          (0xFF: all) */
};
const xfunc *xfunc_find(const char *name, size_t n);
/* TiDB functions binsift does not implement (to tell them from unknown
 * names): true when TiDB has the function. */
bool xfunc_tidb_has(const char *name, size_t n);
bool xfunc_nondeterministic(const char *name, size_t n);

/* ---- evaluation helpers (expr_eval.c) ---- */

int xeval_const(xprog *p, const xnode *n, xval *out);
int xeval_column(xprog *p, const xnode *n, xval *out);
int xeval_cast(xprog *p, const xnode *n, xval *out);
/* Evaluate argument i of n (shorthand). */
static inline int xarg(xprog *p, const xnode *n, uint32_t i, xval *out)
{
    return n->args[i]->eval(p, n->args[i], out);
}
/* Conversions used by casts and functions (TiDB semantics). */
int xconv_str_to_i64(xprog *p, const char *s, size_t n, bool is_unsigned, bool explicit_cast,
                     int64_t *out);
double xconv_str_to_double(xprog *p, const char *s, size_t n);
void xconv_str_to_dec(xprog *p, const char *s, size_t n, xdec *out);
int xconv_double_to_i64(xprog *p, double d, bool is_unsigned, int64_t *out);
/* Format a double the way TiDB's cast to string does ('f', shortest). */
size_t xconv_double_str(double d, bool float32, char *buf); /* buf >= 400 */
int xconv_to_str(xprog *p, const xnode *src, const xval *v, const char **s, size_t *n);
/* Evaluate an argument as string / int / real / time, whatever its type
 * (used where TiDB calls EvalString etc. on an uncast argument). */
int xeval_str(xprog *p, const xnode *n, const char **s, size_t *len, bool *null);
/* Truth value (TiDB IsTrue): 1, 0, or -1 for NULL. */
int xeval_bool(xprog *p, const xnode *n, int *truth);
int xcompare_vals(xprog *p, int et, uint16_t coll, const xval *a, const xval *b, bool a_unsigned,
                  bool b_unsigned);
/* The current time in the session zone (ctx->now_usec). */
int xnow_local(xprog *p, xtime *t);
int xeval_cmp(xprog *p, const xnode *n, xval *out);
/* Position (1-based, in characters; bytes for binary) of needle in hay at or
 * after character from (1-based); 0 when absent. */
int64_t xcoll_locate(int kind, const char *hay, size_t hn, const char *needle, size_t nn,
                     int64_t from);
/* Render a result value as text (SELECT output). */
/* Text of a non-NULL value: TiDB's conversion to string (display 0: what
 * CAST and string functions see, BIT as its bytes) or as a SELECT displays
 * it (display 1: BIT as 0x.., REAL and DECIMAL in the client's form). */
int xval_to_text(xprog *p, const xtype *t, const xval *v, int display, const char **s, size_t *n);
int xval_text(xprog *p, const xtype *tp, const xval *v, const char **s, size_t *n);

/* ---- binding row values (expr_value.c) ---- */

/* Convert value i of the current row into the column's internal value. */
int xbind_column(xprog *p, uint32_t i, xval *out);
/* TiDB field type of a column. */
void xcolumn_type(const bs_rules_expr_column *c, xtype *out);

#endif
