/*
 * ddl_restore.c - a split DDL statement back to SQL text, the way TiDB's
 * parser Restore() writes it with DM's flags (DefaultRestoreFlags |
 * RestoreTiDBSpecialComment | RestoreStringWithoutDefaultCharset).
 *
 * The format follows pingcap/tidb pkg/parser/ast/ddl.go, types/field_type.go
 * and format/format.go, checked against the expected strings of tiflow's
 * dm/pkg/parser/common_test.go and TiDB's ddl_test.go:
 *   - keywords upper-case, names in backquotes (` doubled), no space between
 *     a name and its parenthesized list ("PRIMARY KEY(`id`)", "INDEX
 *     `i`(`a`)"), table elements joined by "," without a space, key parts
 *     and most other lists by ", ";
 *   - table options as "NAME = value" (charset and collation upper-case,
 *     engine as written, strings quoted), column charsets upper-case and
 *     column collations as written;
 *   - string literals in single quotes with ' doubled, backslashes doubled
 *     in values (not in COMMENT/option strings: TiDB's WriteString leaves
 *     them), a charset introducer kept unless it is utf8mb4;
 *   - CURRENT_TIMESTAMP and its synonyms as CURRENT_TIMESTAMP([n]);
 *   - MariaDB's IF [NOT] EXISTS on indexes, columns and partitions inside
 *     /\*T! ... *\/ special comments, with TiDB's exact spacing;
 *   - normalizations TiDB's parser makes: INTEGER -> INT, BOOL ->
 *     TINYINT(1), BIT -> BIT(1), SERIAL -> BIGINT UNSIGNED NOT NULL
 *     AUTO_INCREMENT UNIQUE KEY, KEY -> INDEX, UNIQUE KEY -> UNIQUE,
 *     RENAME TO -> RENAME AS, ASC dropped, HASH/KEY partitioning without a
 *     count -> PARTITIONS 1.
 * Expressions (generated columns, CHECK, functional keys, partition bounds,
 * DEFAULT (expr)) are re-rendered token by token with TiDB's conventions
 * (names quoted, functions and keywords upper-case, no spaces around
 * operators, ", " after commas); this matches TiDB for the usual shapes
 * but is not TiDB's expression printer. Syntax TiDB does not have (MariaDB
 * and newer MySQL features) is rendered in MySQL's own words.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema/ddl_internal.h"
#include "util/error_internal.h"

typedef struct rctx {
    bs_buf *out;
    int rc;
    const bs_ddl_stmt *st;
    const bs_ddl_split_stmt *split;
    bs_ddl_rename_fn rename; /* NULL: write split->written */
    void *rename_ctx;
    uint32_t next; /* index of the next table name to write */
} rctx;

/* ---- output primitives ---- */

static void putn(rctx *r, const char *s, size_t n)
{
    if (!r->rc && n) r->rc = bs_buf_append(r->out, s, n);
}

static void put(rctx *r, const char *s)
{
    putn(r, s, strlen(s));
}

static void put_upper(rctx *r, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = (char)toupper((unsigned char)s[i]);
        putn(r, &c, 1);
    }
}

static void put_lower(rctx *r, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = (char)tolower((unsigned char)s[i]);
        putn(r, &c, 1);
    }
}

static void put_str_upper(rctx *r, bs_ddl_str s)
{
    put_upper(r, s.ptr, s.len);
}

/* `name` */
static void name(rctx *r, bs_ddl_str s)
{
    putn(r, "`", 1);
    size_t start = 0;
    for (size_t i = 0; i < s.len; i++) {
        if (s.ptr[i] != '`') continue;
        putn(r, s.ptr + start, i + 1 - start);
        putn(r, "`", 1);
        start = i + 1;
    }
    putn(r, s.ptr + start, s.len - start);
    putn(r, "`", 1);
}

/* 'text' with ' doubled; backslashes doubled too when value (ValueExpr). */
static void quoted(rctx *r, const char *s, size_t n, int value)
{
    putn(r, "'", 1);
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\'' && !(value && s[i] == '\\')) continue;
        putn(r, s + start, i + 1 - start);
        putn(r, s + i, 1);
        start = i + 1;
    }
    putn(r, s + start, n - start);
    putn(r, "'", 1);
}

static void write_string(rctx *r, bs_ddl_str s)
{
    quoted(r, s.ptr, s.len, 0);
}

static void put_u64(rctx *r, uint64_t v)
{
    if (!r->rc) r->rc = bs_buf_put_u64(r->out, v);
}

/* /\*T![feature] ... *\/ around what fn writes. */
static void special_open(rctx *r, const char *feature)
{
    put(r, "/*T!");
    if (feature && *feature) {
        put(r, "[");
        put(r, feature);
        put(r, "]");
    }
    put(r, " ");
}

static void special_close(rctx *r)
{
    put(r, " */");
}

/* The next table name in visiting order, routed when there is a rename
 * callback. */
static bs_ddl_table next_table(rctx *r)
{
    bs_ddl_table t = {{0}, {0}};
    if (r->next >= r->split->ntables) {
        if (!r->rc) r->rc = BS_EINVAL;
        return t;
    }
    uint32_t i = r->next++;
    if (!r->rename) return r->split->written[i];
    t = r->split->tables[i];
    int rc = r->rename(r->rename_ctx, &r->split->tables[i], &t);
    if (rc && !r->rc) r->rc = rc;
    return t;
}

static void table(rctx *r)
{
    bs_ddl_table t = next_table(r);
    if (t.schema.len) {
        name(r, t.schema);
        put(r, ".");
    }
    name(r, t.name);
}

/* A table name that DM neither fills nor routes (FOREIGN KEY REFERENCES). */
static void table_as_written(rctx *r, const bs_ddl_table *t)
{
    if (t->schema.len) {
        name(r, t->schema);
        put(r, ".");
    }
    name(r, t->name);
}

/* ---- literals ---- */

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return n > 0;
}

/* An integer's digits without leading zeros. */
static void int_text(rctx *r, const char *s, size_t n)
{
    while (n > 1 && s[0] == '0')
        s++, n--;
    putn(r, s, n);
}

/* A decimal as TiDB's MyDecimal prints it: integer part without leading
 * zeros ("0" if empty), fraction as written, no '.' without a fraction. */
static void decimal_text(rctx *r, const char *s, size_t n)
{
    const char *dot = memchr(s, '.', n);
    size_t ilen = dot ? (size_t)(dot - s) : n;
    if (ilen == 0)
        put(r, "0");
    else
        int_text(r, s, ilen);
    if (dot && (size_t)(dot - s) + 1 < n) {
        put(r, ".");
        putn(r, dot + 1, n - (size_t)(dot - s) - 1);
    }
}

/* A float as Go's strconv.FormatFloat(v, 'e', -1, 64): the shortest
 * mantissa that reads back, exponent with a sign and two digits at least. */
static void float_text(rctx *r, const char *s, size_t n)
{
    char tmp[64];
    if (n >= sizeof tmp) {
        putn(r, s, n);
        return;
    }
    memcpy(tmp, s, n);
    tmp[n] = 0;
    double v = strtod(tmp, NULL);
    char out[64];
    for (int prec = 0; prec < 17; prec++) {
        snprintf(out, sizeof out, "%.*e", prec, v);
        if (strtod(out, NULL) == v) break;
    }
    put(r, out);
}

/* Hex digits as TiDB writes a hex literal: x'..', lower case, even length. */
static void hex_text(rctx *r, const char *s, size_t n)
{
    put(r, "x'");
    if (n % 2) put(r, "0");
    put_lower(r, s, n);
    put(r, "'");
}

/* Binary digits as b'..' without leading zeros. */
static void bit_text(rctx *r, const char *s, size_t n)
{
    while (n > 1 && s[0] == '0')
        s++, n--;
    put(r, "b'");
    putn(r, s, n);
    put(r, "'");
}

/* A string value, with its introducer unless it is the default utf8mb4. */
static void string_value(rctx *r, const char *s, size_t n, const char *cs, size_t csn)
{
    if (csn && !ddl_ieq(cs, csn, "utf8mb4")) {
        put(r, "_");
        put_upper(r, cs, csn);
    }
    quoted(r, s, n, 1);
}

/* ---- expressions rendered from tokens ---- */

static const char *const expr_keywords[] = {
    "AND",
    "OR",
    "XOR",
    "NOT",
    "IS",
    "NULL",
    "TRUE",
    "FALSE",
    "IN",
    "LIKE",
    "REGEXP",
    "RLIKE",
    "BETWEEN",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "INTERVAL",
    "DIV",
    "MOD",
    "COLLATE",
    "ESCAPE",
    "BINARY",
    "AS",
    "DISTINCT",
    "UNKNOWN",
    "MAXVALUE",
    "SIGNED",
    "UNSIGNED",
    "MICROSECOND",
    "SECOND",
    "MINUTE",
    "HOUR",
    "DAY",
    "WEEK",
    "MONTH",
    "QUARTER",
    "YEAR",
    "SECOND_MICROSECOND",
    "MINUTE_MICROSECOND",
    "MINUTE_SECOND",
    "HOUR_MICROSECOND",
    "HOUR_SECOND",
    "HOUR_MINUTE",
    "DAY_MICROSECOND",
    "DAY_SECOND",
    "DAY_MINUTE",
    "DAY_HOUR",
    "YEAR_MONTH",
    "USING",
    "SEPARATOR",
    "ORDER",
    "BY",
    "ASC",
    "DESC",
    "FOR",
    "FROM",
    "LEADING",
    "TRAILING",
    "BOTH",
    "ALL",
    "ANY",
    "SOME",
    "EXISTS",
    "SELECT",
    "WHERE",
};

/* Keywords that stay keywords before a parenthesis (IN (...), NOT (...)). */
static const char *const operator_keywords[] = {
    "AND",   "OR",      "XOR",  "NOT",    "IN",     "IS",      "LIKE",   "REGEXP",
    "RLIKE", "BETWEEN", "CASE", "WHEN",   "THEN",   "ELSE",    "END",    "INTERVAL",
    "DIV",   "MOD",     "AS",   "EXISTS", "ANY",    "SOME",    "ALL",    "SELECT",
    "WHERE", "FROM",    "BY",   "USING",  "ESCAPE", "COLLATE", "BINARY", "DISTINCT",
};

/* Zero-argument functions written without parentheses. */
static const char *const bare_functions[] = {
    "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_USER",  "LOCALTIME",
    "LOCALTIMESTAMP",    "UTC_DATE",     "UTC_TIME",     "UTC_TIMESTAMP",
};

static int in_list(const bs_ddl_token *t, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ddl_ieq(t->val, t->vlen, list[i])) return 1;
    return 0;
}

enum { TC_OP, TC_OPEN, TC_CLOSE, TC_COMMA, TC_WORD, TC_KEYWORD, TC_FUNC };

static int tok_class(const bs_ddl_token *t, const bs_ddl_token *next)
{
    if (t->kind == BS_TOK_OP) {
        if (t->vlen == 1 && t->val[0] == '(') return TC_OPEN;
        if (t->vlen == 1 && t->val[0] == ')') return TC_CLOSE;
        if (t->vlen == 1 && t->val[0] == ',') return TC_COMMA;
        return TC_OP;
    }
    if (t->kind == BS_TOK_WORD) {
        int call = next && next->kind == BS_TOK_OP && next->vlen == 1 && next->val[0] == '(';
        if (call &&
            !in_list(t, operator_keywords, sizeof operator_keywords / sizeof operator_keywords[0]))
            return TC_FUNC;
        if (in_list(t, expr_keywords, sizeof expr_keywords / sizeof expr_keywords[0]))
            return TC_KEYWORD;
        if (in_list(t, bare_functions, sizeof bare_functions / sizeof bare_functions[0]))
            return TC_FUNC;
    }
    return TC_WORD;
}

static void literal_token(rctx *r, const bs_ddl_token *t)
{
    switch (t->kind) {
    case BS_TOK_STRING:
        string_value(r, t->val, t->vlen, (t->flags & BS_TOKF_INTRODUCER) ? t->charset : NULL,
                     (t->flags & BS_TOKF_INTRODUCER) ? t->charset_len : 0);
        break;
    case BS_TOK_NUMBER: {
        int is_float = memchr(t->val, 'e', t->vlen) || memchr(t->val, 'E', t->vlen);
        if (is_float)
            float_text(r, t->val, t->vlen);
        else if (memchr(t->val, '.', t->vlen))
            decimal_text(r, t->val, t->vlen);
        else
            int_text(r, t->val, t->vlen);
        break;
    }
    case BS_TOK_HEX: hex_text(r, t->val, t->vlen); break;
    case BS_TOK_BIT: bit_text(r, t->val, t->vlen); break;
    default: putn(r, t->val, t->vlen); break;
    }
}

static int space_between(int prev, int cur)
{
    if (cur == TC_CLOSE || cur == TC_COMMA || prev == TC_OPEN) return 0;
    if (prev == TC_COMMA) return 1;
    if (prev == TC_FUNC && cur == TC_OPEN) return 0;
    if (prev == TC_KEYWORD || cur == TC_KEYWORD) return 1;
    int pw = prev == TC_WORD || prev == TC_FUNC || prev == TC_CLOSE;
    int cw = cur == TC_WORD || cur == TC_FUNC;
    return pw && cw;
}

static void expr_span(rctx *r, const bs_ddl_span *sp)
{
    int prev = TC_OPEN;
    for (uint32_t i = 0; i < sp->ntok; i++) {
        const bs_ddl_token *t = &r->st->tokens[sp->tok + i];
        const bs_ddl_token *next = i + 1 < sp->ntok ? t + 1 : NULL;
        int cls = tok_class(t, next);
        if (space_between(prev, cls)) put(r, " ");
        if (cls == TC_KEYWORD) {
            put_upper(r, t->val, t->vlen);
        } else if (cls == TC_FUNC) {
            put_upper(r, t->val, t->vlen);
            if (!next || next->kind != BS_TOK_OP || next->vlen != 1 || next->val[0] != '(')
                put(r, "()");
        } else if (t->kind == BS_TOK_WORD || t->kind == BS_TOK_QIDENT) {
            bs_ddl_str s = {t->val, t->vlen, t->off};
            name(r, s);
        } else if (cls == TC_COMMA) {
            put(r, ",");
        } else {
            literal_token(r, t);
        }
        prev = cls;
    }
}

/* A DEFAULT / ON UPDATE / SET DEFAULT value. */
static void literal_value(rctx *r, const bs_ddl_expr *e)
{
    if (e->negative) put(r, "-");
    switch (e->lit_kind) {
    case BS_LIT_STRING:
        string_value(r, e->text.ptr, e->text.len, e->charset.ptr, e->charset.len);
        break;
    case BS_LIT_INT: int_text(r, e->text.ptr, e->text.len); break;
    case BS_LIT_DECIMAL: decimal_text(r, e->text.ptr, e->text.len); break;
    case BS_LIT_FLOAT: float_text(r, e->text.ptr, e->text.len); break;
    case BS_LIT_HEX: hex_text(r, e->text.ptr, e->text.len); break;
    case BS_LIT_BIT: bit_text(r, e->text.ptr, e->text.len); break;
    case BS_LIT_BOOL: put(r, e->bool_value ? "TRUE" : "FALSE"); break;
    default: break;
    }
}

static void current_timestamp(rctx *r, const bs_ddl_expr *e)
{
    put(r, "CURRENT_TIMESTAMP(");
    if (e->fsp >= 0) put_u64(r, (uint64_t)e->fsp);
    put(r, ")");
}

/* 1 when the expression is a single function call f(...). */
static int is_call(rctx *r, const bs_ddl_expr *e)
{
    const bs_ddl_span *s = &e->span;
    if (s->ntok < 3) return 0;
    const bs_ddl_token *t = &r->st->tokens[s->tok];
    const bs_ddl_token *last = &r->st->tokens[s->tok + s->ntok - 1];
    if (t->kind != BS_TOK_WORD || t[1].kind != BS_TOK_OP || t[1].vlen != 1 || t[1].val[0] != '(' ||
        last->kind != BS_TOK_OP || last->val[0] != ')')
        return 0;
    size_t depth = 0;
    for (uint32_t i = 1; i < s->ntok; i++) {
        const bs_ddl_token *k = &r->st->tokens[s->tok + i];
        if (k->kind != BS_TOK_OP || k->vlen != 1) continue;
        if (k->val[0] == '(') depth++;
        if (k->val[0] == ')' && --depth == 0 && i + 1 != s->ntok) return 0;
    }
    return 1;
}

/* DEFAULT/ON UPDATE value of a column option. */
static void default_value(rctx *r, const bs_ddl_expr *e)
{
    switch (e->kind) {
    case BS_EXPR_LITERAL: literal_value(r, e); return;
    case BS_EXPR_NULL: put(r, "NULL"); return;
    case BS_EXPR_CURRENT_TIMESTAMP: current_timestamp(r, e); return;
    default: break;
    }
    /* TiDB wraps every function call but CURRENT_TIMESTAMP in parentheses */
    int paren = e->parenthesized || is_call(r, e);
    if (paren) put(r, "(");
    expr_span(r, &e->span);
    if (paren) put(r, ")");
}

/* ---- column types ---- */

static const char *const type_names[BS_DDL_TYPE__COUNT] = {
    [BS_DDL_TYPE_TINYINT] = "TINYINT",
    [BS_DDL_TYPE_SMALLINT] = "SMALLINT",
    [BS_DDL_TYPE_MEDIUMINT] = "MEDIUMINT",
    [BS_DDL_TYPE_INT] = "INT",
    [BS_DDL_TYPE_BIGINT] = "BIGINT",
    [BS_DDL_TYPE_DECIMAL] = "DECIMAL",
    [BS_DDL_TYPE_FLOAT] = "FLOAT",
    [BS_DDL_TYPE_DOUBLE] = "DOUBLE",
    [BS_DDL_TYPE_BIT] = "BIT",
    [BS_DDL_TYPE_YEAR] = "YEAR",
    [BS_DDL_TYPE_DATE] = "DATE",
    [BS_DDL_TYPE_TIME] = "TIME",
    [BS_DDL_TYPE_DATETIME] = "DATETIME",
    [BS_DDL_TYPE_TIMESTAMP] = "TIMESTAMP",
    [BS_DDL_TYPE_CHAR] = "CHAR",
    [BS_DDL_TYPE_VARCHAR] = "VARCHAR",
    [BS_DDL_TYPE_BINARY] = "BINARY",
    [BS_DDL_TYPE_VARBINARY] = "VARBINARY",
    [BS_DDL_TYPE_TINYTEXT] = "TINYTEXT",
    [BS_DDL_TYPE_TEXT] = "TEXT",
    [BS_DDL_TYPE_MEDIUMTEXT] = "MEDIUMTEXT",
    [BS_DDL_TYPE_LONGTEXT] = "LONGTEXT",
    [BS_DDL_TYPE_TINYBLOB] = "TINYBLOB",
    [BS_DDL_TYPE_BLOB] = "BLOB",
    [BS_DDL_TYPE_MEDIUMBLOB] = "MEDIUMBLOB",
    [BS_DDL_TYPE_LONGBLOB] = "LONGBLOB",
    [BS_DDL_TYPE_ENUM] = "ENUM",
    [BS_DDL_TYPE_SET] = "SET",
    [BS_DDL_TYPE_JSON] = "JSON",
    [BS_DDL_TYPE_GEOMETRY] = "GEOMETRY",
    [BS_DDL_TYPE_POINT] = "POINT",
    [BS_DDL_TYPE_LINESTRING] = "LINESTRING",
    [BS_DDL_TYPE_POLYGON] = "POLYGON",
    [BS_DDL_TYPE_MULTIPOINT] = "MULTIPOINT",
    [BS_DDL_TYPE_MULTILINESTRING] = "MULTILINESTRING",
    [BS_DDL_TYPE_MULTIPOLYGON] = "MULTIPOLYGON",
    [BS_DDL_TYPE_GEOMETRYCOLLECTION] = "GEOMETRYCOLLECTION",
    [BS_DDL_TYPE_VECTOR] = "VECTOR",
    [BS_DDL_TYPE_INET4] = "INET4",
    [BS_DDL_TYPE_INET6] = "INET6",
    [BS_DDL_TYPE_UUID] = "UUID",
};

/* The character set a type carries in TiDB: its CHARACTER SET, or what
 * ASCII/UNICODE/BYTE stand for. */
static bs_ddl_str type_charset(const bs_ddl_coltype *t)
{
    bs_ddl_str cs = t->charset;
    if (t->ascii) cs = (bs_ddl_str){"latin1", 6, BS_DDL_NO_OFFSET};
    if (t->unicode) cs = (bs_ddl_str){"ucs2", 4, BS_DDL_NO_OFFSET};
    if (t->byte_attr) cs = (bs_ddl_str){"binary", 6, BS_DDL_NO_OFFSET};
    return cs;
}

static void column_type(rctx *r, const bs_ddl_coltype *t)
{
    bs_ddl_str cs = type_charset(t);
    /* the parser already made CHAR ... CHARACTER SET binary a BINARY */
    int cs_binary = ddl_ieq(cs.ptr, cs.len, "binary");
    uint8_t base = t->base;
    put(r, type_names[base] ? type_names[base] : "UNKNOWN");
    int32_t len = t->length, dec = t->decimals;
    if (base == BS_DDL_TYPE_BIT && len < 0) len = 1;
    if (base == BS_DDL_TYPE_ENUM || base == BS_DDL_TYPE_SET) {
        put(r, "(");
        for (uint32_t i = 0; i < t->nelems; i++) {
            if (i) put(r, ",");
            write_string(r, t->elems[i]);
        }
        put(r, ")");
    } else if (base == BS_DDL_TYPE_TIME || base == BS_DDL_TYPE_DATETIME ||
               base == BS_DDL_TYPE_TIMESTAMP) {
        if (dec >= 0) {
            put(r, "(");
            put_u64(r, (uint64_t)dec);
            put(r, ")");
        }
    } else if (len >= 0) {
        put(r, "(");
        put_u64(r, (uint64_t)len);
        if ((base == BS_DDL_TYPE_DECIMAL || base == BS_DDL_TYPE_FLOAT ||
             base == BS_DDL_TYPE_DOUBLE) &&
            dec >= 0) {
            put(r, ",");
            put_u64(r, (uint64_t)dec);
        }
        put(r, ")");
    }
    if (t->is_unsigned) put(r, " UNSIGNED");
    if (t->zerofill) put(r, " ZEROFILL");
    if (t->binary && !cs_binary) put(r, " BINARY");
    int chars = base == BS_DDL_TYPE_CHAR || base == BS_DDL_TYPE_VARCHAR ||
                (base >= BS_DDL_TYPE_TINYTEXT && base <= BS_DDL_TYPE_LONGBLOB);
    if (chars && cs.len && !cs_binary) {
        put(r, " CHARACTER SET ");
        put_str_upper(r, cs);
    }
    if (chars && t->collate.len && !ddl_ieq(t->collate.ptr, t->collate.len, "binary")) {
        put(r, " COLLATE ");
        put_lower(r, t->collate.ptr, t->collate.len);
    }
}

/* ---- indexes, references ---- */

static void key_parts(rctx *r, const bs_ddl_keypart *parts, uint32_t n)
{
    put(r, "(");
    for (uint32_t i = 0; i < n; i++) {
        const bs_ddl_keypart *k = &parts[i];
        if (i) put(r, ", ");
        if (k->expr.kind) {
            put(r, "(");
            expr_span(r, &k->expr.span);
            put(r, ")");
        } else {
            name(r, k->column);
            if (k->length >= 0) {
                put(r, "(");
                put_u64(r, (uint64_t)k->length);
                put(r, ")");
            }
        }
        if (k->order == 2) put(r, " DESC");
    }
    put(r, ")");
}

static const char *refer_word(uint8_t o)
{
    switch (o) {
    case BS_REFER_RESTRICT: return "RESTRICT";
    case BS_REFER_CASCADE: return "CASCADE";
    case BS_REFER_SET_NULL: return "SET NULL";
    case BS_REFER_NO_ACTION: return "NO ACTION";
    case BS_REFER_SET_DEFAULT: return "SET DEFAULT";
    default: return "";
    }
}

static void reference(rctx *r, const bs_ddl_reference *ref)
{
    static const char *const match[] = {"", " MATCH FULL", " MATCH PARTIAL", " MATCH SIMPLE"};
    put(r, "REFERENCES ");
    table_as_written(r, &ref->table);
    if (ref->nparts) key_parts(r, ref->parts, ref->nparts);
    put(r, match[ref->match & 3]);
    if (ref->on_delete) {
        put(r, " ON DELETE ");
        put(r, refer_word(ref->on_delete));
    }
    if (ref->on_update) {
        put(r, " ON UPDATE ");
        put(r, refer_word(ref->on_update));
    }
}

static int index_opts_empty(const bs_ddl_index_opts *o)
{
    return o->key_block_size < 0 && !o->using && !o->parser.len && !o->comment.len &&
           !o->visibility && !o->clustered && !o->global;
}

static void index_opts(rctx *r, const bs_ddl_index_opts *o)
{
    static const char *const using[] = {"", "BTREE", "HASH", "RTREE"};
    int sep = 0;
    if (o->clustered) {
        special_open(r, "clustered_index");
        put(r, o->clustered == 1 ? "CLUSTERED" : "NONCLUSTERED");
        special_close(r);
        sep = 1;
    }
    if (o->key_block_size >= 0) {
        put(r, sep ? " KEY_BLOCK_SIZE=" : "KEY_BLOCK_SIZE=");
        put_u64(r, (uint64_t)o->key_block_size);
        sep = 1;
    }
    if (o->using) {
        put(r, sep ? " USING " : "USING ");
        put(r, using[o->using & 3]);
        sep = 1;
    }
    if (o->parser.len) {
        put(r, sep ? " WITH PARSER " : "WITH PARSER ");
        name(r, o->parser);
        sep = 1;
    }
    if (o->comment.len) {
        put(r, sep ? " COMMENT " : "COMMENT ");
        write_string(r, o->comment);
        sep = 1;
    }
    if (o->global) {
        put(r, sep ? " " : "");
        special_open(r, "global_index");
        put(r, "GLOBAL");
        special_close(r);
        sep = 1;
    }
    if (o->visibility) {
        put(r, sep ? " " : "");
        put(r, o->visibility == 1 ? "VISIBLE" : "INVISIBLE");
    }
}

static void constraint(rctx *r, const bs_ddl_constraint *c)
{
    bs_ddl_str nm = c->symbol.len ? c->symbol : c->name;
    switch (c->kind) {
    case BS_CONS_PRIMARY: put(r, "PRIMARY KEY"); break;
    case BS_CONS_INDEX: put(r, "INDEX"); break;
    case BS_CONS_UNIQUE: put(r, "UNIQUE"); break;
    case BS_CONS_FULLTEXT: put(r, "FULLTEXT"); break;
    case BS_CONS_SPATIAL: put(r, "SPATIAL INDEX"); break;
    case BS_CONS_VECTOR: put(r, "VECTOR INDEX"); break;
    case BS_CONS_CHECK:
        if (c->symbol.len) {
            put(r, "CONSTRAINT ");
            name(r, c->symbol);
            put(r, " ");
        }
        put(r, "CHECK(");
        expr_span(r, &c->check.span);
        put(r, c->enforced ? ") ENFORCED" : ") NOT ENFORCED");
        return;
    case BS_CONS_FOREIGN:
        put(r, "CONSTRAINT ");
        if (nm.len) {
            name(r, nm);
            put(r, " ");
        }
        put(r, "FOREIGN KEY ");
        if (c->if_not_exists) {
            special_open(r, "");
            put(r, "IF NOT EXISTS ");
            special_close(r);
        }
        key_parts(r, c->parts, c->nparts);
        put(r, " ");
        reference(r, c->ref);
        return;
    default: break;
    }
    if (c->if_not_exists && (c->kind == BS_CONS_INDEX || c->kind == BS_CONS_VECTOR)) {
        special_open(r, "");
        put(r, " IF NOT EXISTS");
        special_close(r);
    }
    if (nm.len) {
        put(r, " ");
        name(r, nm);
    }
    key_parts(r, c->parts, c->nparts);
    if (!index_opts_empty(&c->opts)) {
        put(r, " ");
        index_opts(r, &c->opts);
    }
}

/* ---- columns ---- */

static void column_option(rctx *r, const bs_ddl_colopt *o)
{
    switch (o->kind) {
    case BS_COLOPT_NOT_NULL: put(r, "NOT NULL"); break;
    case BS_COLOPT_NULL: put(r, "NULL"); break;
    case BS_COLOPT_DEFAULT:
        put(r, "DEFAULT ");
        default_value(r, &o->expr);
        break;
    case BS_COLOPT_ON_UPDATE:
        put(r, "ON UPDATE ");
        default_value(r, &o->expr);
        break;
    case BS_COLOPT_AUTO_INCREMENT: put(r, "AUTO_INCREMENT"); break;
    case BS_COLOPT_PRIMARY_KEY: put(r, "PRIMARY KEY"); break;
    case BS_COLOPT_UNIQUE: put(r, "UNIQUE KEY"); break;
    case BS_COLOPT_COMMENT:
        put(r, "COMMENT ");
        quoted(r, o->str.ptr, o->str.len, 1);
        break;
    case BS_COLOPT_COLLATE:
        put(r, "COLLATE ");
        put_lower(r, o->str.ptr, o->str.len);
        break;
    case BS_COLOPT_CHARSET:
        put(r, "CHARACTER SET ");
        put_str_upper(r, o->str);
        break;
    case BS_COLOPT_GENERATED:
        put(r, "GENERATED ALWAYS AS(");
        expr_span(r, &o->expr.span);
        put(r, o->flag ? ") STORED" : ") VIRTUAL");
        break;
    case BS_COLOPT_REFERENCES: reference(r, o->ref); break;
    case BS_COLOPT_CHECK:
        if (o->str.len) {
            put(r, "CONSTRAINT ");
            name(r, o->str);
            put(r, " ");
        }
        put(r, "CHECK(");
        expr_span(r, &o->expr.span);
        put(r, o->flag ? ") ENFORCED" : ") NOT ENFORCED");
        break;
    case BS_COLOPT_COLUMN_FORMAT:
        put(r, "COLUMN_FORMAT ");
        put_str_upper(r, o->str);
        break;
    case BS_COLOPT_STORAGE:
        put(r, "STORAGE ");
        put_str_upper(r, o->str);
        break;
    case BS_COLOPT_VISIBLE: put(r, "VISIBLE"); break;
    case BS_COLOPT_INVISIBLE: put(r, "INVISIBLE"); break;
    case BS_COLOPT_SERIAL_DEFAULT_VALUE: put(r, "NOT NULL AUTO_INCREMENT UNIQUE KEY"); break;
    case BS_COLOPT_SRID:
        put(r, "SRID ");
        putn(r, o->str.ptr, o->str.len);
        break;
    case BS_COLOPT_ENGINE_ATTRIBUTE:
    case BS_COLOPT_SECONDARY_ENGINE_ATTRIBUTE:
        put(r, o->kind == BS_COLOPT_ENGINE_ATTRIBUTE ? "ENGINE_ATTRIBUTE "
                                                     : "SECONDARY_ENGINE_ATTRIBUTE ");
        write_string(r, o->str);
        break;
    case BS_COLOPT_AUTO_RANDOM:
        special_open(r, "auto_rand");
        put(r, "AUTO_RANDOM");
        if (o->str.len) {
            put(r, "(");
            putn(r, o->str.ptr, o->str.len);
            put(r, ")");
        }
        special_close(r);
        break;
    case BS_COLOPT_SYSTEM_VERSIONING:
        put(r, o->flag ? "WITH SYSTEM VERSIONING" : "WITHOUT SYSTEM VERSIONING");
        break;
    case BS_COLOPT_OTHER:
        put_str_upper(r, o->str);
        put(r, "=");
        expr_span(r, &o->expr.span);
        break;
    default: break;
    }
}

static void column_def(rctx *r, const bs_ddl_column *c)
{
    name(r, c->name);
    put(r, " ");
    column_type(r, &c->type);
    if (c->type.spelling == BS_SPELL_SERIAL) put(r, " NOT NULL AUTO_INCREMENT UNIQUE KEY");
    for (uint32_t i = 0; i < c->nopts; i++) {
        put(r, " ");
        column_option(r, &c->opts[i]);
    }
}

/* ---- table options ---- */

static void option_value(rctx *r, const bs_ddl_table_option *o)
{
    if (o->value_string)
        write_string(r, o->value);
    else
        putn(r, o->value.ptr, o->value.len);
}

static void table_option(rctx *r, const bs_ddl_table_option *o)
{
    static const struct {
        uint16_t kind;
        const char *name;
        char style; /* n: number/plain, s: quoted string, u: upper-case word */
    } simple[] = {
        {BS_TOPT_AUTO_INCREMENT, "AUTO_INCREMENT", 'n'},
        {BS_TOPT_AVG_ROW_LENGTH, "AVG_ROW_LENGTH", 'n'},
        {BS_TOPT_CHECKSUM, "CHECKSUM", 'n'},
        {BS_TOPT_TABLE_CHECKSUM, "TABLE_CHECKSUM", 'n'},
        {BS_TOPT_KEY_BLOCK_SIZE, "KEY_BLOCK_SIZE", 'n'},
        {BS_TOPT_MAX_ROWS, "MAX_ROWS", 'n'},
        {BS_TOPT_MIN_ROWS, "MIN_ROWS", 'n'},
        {BS_TOPT_DELAY_KEY_WRITE, "DELAY_KEY_WRITE", 'n'},
        {BS_TOPT_STATS_AUTO_RECALC, "STATS_AUTO_RECALC", 'n'},
        {BS_TOPT_STATS_SAMPLE_PAGES, "STATS_SAMPLE_PAGES", 'n'},
        {BS_TOPT_NODEGROUP, "NODEGROUP", 'n'},
        {BS_TOPT_COMMENT, "COMMENT", 's'},
        {BS_TOPT_COMPRESSION, "COMPRESSION", 's'},
        {BS_TOPT_CONNECTION, "CONNECTION", 's'},
        {BS_TOPT_PASSWORD, "PASSWORD", 's'},
        {BS_TOPT_ENCRYPTION, "ENCRYPTION", 's'},
        {BS_TOPT_DATA_DIRECTORY, "DATA DIRECTORY", 's'},
        {BS_TOPT_INDEX_DIRECTORY, "INDEX DIRECTORY", 's'},
        {BS_TOPT_SECONDARY_ENGINE, "SECONDARY_ENGINE", 's'},
        {BS_TOPT_ENGINE_ATTRIBUTE, "ENGINE_ATTRIBUTE", 's'},
        {BS_TOPT_SECONDARY_ENGINE_ATTRIBUTE, "SECONDARY_ENGINE_ATTRIBUTE", 's'},
        {BS_TOPT_ROW_FORMAT, "ROW_FORMAT", 'u'},
        {BS_TOPT_INSERT_METHOD, "INSERT_METHOD", 'u'},
        {BS_TOPT_AUTOEXTEND_SIZE, "AUTOEXTEND_SIZE", 'n'},
        {BS_TOPT_PAGE_CHECKSUM, "PAGE_CHECKSUM", 'n'},
        {BS_TOPT_PAGE_COMPRESSED, "PAGE_COMPRESSED", 'n'},
        {BS_TOPT_PAGE_COMPRESSION_LEVEL, "PAGE_COMPRESSION_LEVEL", 'n'},
        {BS_TOPT_TRANSACTIONAL, "TRANSACTIONAL", 'n'},
        {BS_TOPT_ENCRYPTION_KEY_ID, "ENCRYPTION_KEY_ID", 'n'},
        {BS_TOPT_ENCRYPTED, "ENCRYPTED", 'u'},
        {BS_TOPT_SEQUENCE, "SEQUENCE", 'n'},
    };
    static const struct {
        uint16_t kind;
        const char *feature, *name;
    } tidb_only[] = {
        {BS_TOPT_SHARD_ROW_ID_BITS, "", "SHARD_ROW_ID_BITS"},
        {BS_TOPT_PRE_SPLIT_REGIONS, "", "PRE_SPLIT_REGIONS"},
        {BS_TOPT_AUTO_ID_CACHE, "auto_id_cache", "AUTO_ID_CACHE"},
        {BS_TOPT_AUTO_RANDOM_BASE, "auto_rand_base", "AUTO_RANDOM_BASE"},
    };
    for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++) {
        if (simple[i].kind != o->kind) continue;
        put(r, simple[i].name);
        put(r, " = ");
        if (o->value_default)
            put(r, "DEFAULT");
        else if (simple[i].style == 's')
            write_string(r, o->value);
        else if (simple[i].style == 'u')
            put_str_upper(r, o->value);
        else
            option_value(r, o);
        return;
    }
    for (size_t i = 0; i < sizeof tidb_only / sizeof tidb_only[0]; i++) {
        if (tidb_only[i].kind != o->kind) continue;
        special_open(r, tidb_only[i].feature);
        put(r, tidb_only[i].name);
        put(r, " = ");
        putn(r, o->value.ptr, o->value.len);
        special_close(r);
        return;
    }
    switch (o->kind) {
    case BS_TOPT_ENGINE:
        put(r, "ENGINE = ");
        if (o->value.len)
            putn(r, o->value.ptr, o->value.len);
        else
            put(r, "''");
        break;
    case BS_TOPT_CHARSET:
        put(r, "DEFAULT CHARACTER SET = ");
        if (o->value_default)
            put(r, "DEFAULT");
        else
            put_str_upper(r, o->value);
        break;
    case BS_TOPT_COLLATE:
        put(r, "DEFAULT COLLATE = ");
        put_str_upper(r, o->value);
        break;
    case BS_TOPT_STATS_PERSISTENT:
        put(r, "STATS_PERSISTENT = DEFAULT /* TableOptionStatsPersistent is not supported */ ");
        break;
    case BS_TOPT_PACK_KEYS:
        put(r, "PACK_KEYS = DEFAULT /* TableOptionPackKeys is not supported */ ");
        break;
    case BS_TOPT_TABLESPACE:
        put(r, "TABLESPACE = ");
        name(r, o->value);
        break;
    case BS_TOPT_STORAGE:
        put(r, "STORAGE ");
        put_str_upper(r, o->value);
        break;
    case BS_TOPT_UNION:
        put(r, "UNION = (");
        for (uint32_t i = 0; i < o->ntables; i++) {
            if (i) put(r, ",");
            table_as_written(r, &o->tables[i]);
        }
        put(r, ")");
        break;
    case BS_TOPT_START_TRANSACTION: put(r, "START TRANSACTION"); break;
    case BS_TOPT_WITH_SYSTEM_VERSIONING: put(r, "WITH SYSTEM VERSIONING"); break;
    case BS_TOPT_OTHER:
        put_str_upper(r, o->name);
        put(r, " = ");
        option_value(r, o);
        break;
    default: break;
    }
}

static void table_options(rctx *r, const bs_ddl_table_option *opts, uint32_t n, const char *sep)
{
    for (uint32_t i = 0; i < n; i++) {
        put(r, sep);
        table_option(r, &opts[i]);
    }
}

/* ---- partitioning ---- */

static void part_method(rctx *r, const bs_ddl_part_method_def *m)
{
    static const char *const methods[] = {"", "HASH", "KEY", "RANGE", "LIST", "SYSTEM_TIME"};
    if (m->linear) put(r, "LINEAR ");
    put(r, methods[m->method < 6 ? m->method : 0]);
    if (m->key_algorithm >= 0) {
        put(r, " ALGORITHM = ");
        put_u64(r, (uint64_t)m->key_algorithm);
    }
    if (m->method == BS_PART_SYSTEM_TIME) {
        if (m->expr.span.ntok && m->interval_unit.len) {
            put(r, " INTERVAL ");
            expr_span(r, &m->expr.span);
            put(r, " ");
            put_str_upper(r, m->interval_unit);
        }
        if (m->limit.len) {
            put(r, " LIMIT ");
            putn(r, m->limit.ptr, m->limit.len);
        }
        return;
    }
    if (m->expr.span.ntok) {
        put(r, " (");
        expr_span(r, &m->expr.span);
        put(r, ")");
        return;
    }
    if (m->columns) put(r, " COLUMNS");
    put(r, " (");
    for (uint32_t i = 0; i < m->ncols; i++) {
        if (i) put(r, ",");
        name(r, m->cols[i]);
    }
    put(r, ")");
}

static void part_def(rctx *r, const bs_ddl_part_def *d, int sub)
{
    put(r, sub ? "SUBPARTITION " : "PARTITION ");
    name(r, d->name);
    switch (d->values) {
    case BS_PVAL_LESS_THAN:
        put(r, " VALUES LESS THAN (");
        expr_span(r, &d->values_span);
        put(r, ")");
        break;
    case BS_PVAL_LESS_THAN_MAXVALUE: put(r, " VALUES LESS THAN (MAXVALUE)"); break;
    case BS_PVAL_IN:
        put(r, " VALUES IN (");
        expr_span(r, &d->values_span);
        put(r, ")");
        break;
    case BS_PVAL_DEFAULT: put(r, " DEFAULT"); break;
    case BS_PVAL_HISTORY: put(r, " HISTORY"); break;
    case BS_PVAL_CURRENT: put(r, " CURRENT"); break;
    default: break;
    }
    table_options(r, d->opts, d->nopts, " ");
    if (d->nsub) {
        put(r, " (");
        for (uint32_t i = 0; i < d->nsub; i++) {
            if (i) put(r, ",");
            part_def(r, &d->sub[i], 1);
        }
        put(r, ")");
    }
}

static void part_defs(rctx *r, const bs_ddl_part_def *defs, uint32_t n, const char *sep)
{
    put(r, "(");
    for (uint32_t i = 0; i < n; i++) {
        if (i) put(r, sep);
        part_def(r, &defs[i], 0);
    }
    put(r, ")");
}

static void partitioning(rctx *r, const bs_ddl_partitioning *pt)
{
    put(r, "PARTITION BY ");
    part_method(r, &pt->method);
    uint32_t num = pt->method.num;
    if (!num && !pt->ndefs &&
        (pt->method.method == BS_PART_HASH || pt->method.method == BS_PART_KEY))
        num = 1; /* TiDB's PartitionOptions.Validate */
    if (num && !pt->ndefs) {
        put(r, " PARTITIONS ");
        put_u64(r, num);
    }
    if (pt->has_sub) {
        put(r, " SUBPARTITION BY ");
        part_method(r, &pt->sub);
        uint32_t subnum = pt->ndefs && pt->defs[0].nsub ? pt->defs[0].nsub : pt->sub.num;
        if (subnum) {
            put(r, " SUBPARTITIONS ");
            put_u64(r, subnum);
        }
    }
    if (pt->ndefs) {
        put(r, " ");
        part_defs(r, pt->defs, pt->ndefs, ",");
    }
}

/* ---- statements ---- */

static void if_exists_comment(rctx *r, int not )
{
    special_open(r, "");
    put(r, not ? "IF NOT EXISTS " : "IF EXISTS ");
    special_close(r);
}

static void database_option(rctx *r, const bs_ddl_db_option *o)
{
    switch (o->kind) {
    case BS_DBOPT_CHARSET:
        put(r, "CHARACTER SET = ");
        if (o->value_default)
            put(r, "DEFAULT");
        else
            put_lower(r, o->value.ptr, o->value.len);
        break;
    case BS_DBOPT_COLLATE:
        put(r, "COLLATE = ");
        if (o->value_default)
            put(r, "DEFAULT");
        else
            put_lower(r, o->value.ptr, o->value.len);
        break;
    case BS_DBOPT_ENCRYPTION:
        put(r, "ENCRYPTION = ");
        write_string(r, o->value);
        break;
    case BS_DBOPT_READ_ONLY:
        put(r, "READ ONLY = ");
        if (o->value_default)
            put(r, "DEFAULT");
        else
            putn(r, o->value.ptr, o->value.len);
        break;
    case BS_DBOPT_COMMENT:
        put(r, "COMMENT = ");
        write_string(r, o->value);
        break;
    case BS_DBOPT_UPGRADE_DATA_DIRECTORY_NAME: put(r, "UPGRADE DATA DIRECTORY NAME"); break;
    default: break;
    }
}

static void database_stmt(rctx *r)
{
    const bs_ddl_stmt *st = r->st;
    if (st->kind == BS_STMT_CREATE_DATABASE)
        put(r, "CREATE DATABASE IF NOT EXISTS ");
    else if (st->kind == BS_STMT_DROP_DATABASE)
        put(r, "DROP DATABASE IF EXISTS ");
    else
        put(r, "ALTER DATABASE ");
    name(r, next_table(r).schema);
    for (uint32_t i = 0; i < st->u.database.noptions; i++) {
        put(r, " ");
        database_option(r, &st->u.database.options[i]);
    }
}

static void create_table(rctx *r)
{
    const bs_ddl_create_table *ct = &r->st->u.create_table;
    put(r, (r->st->flags & BS_STMTF_TEMPORARY) ? "CREATE TEMPORARY TABLE IF NOT EXISTS "
                                               : "CREATE TABLE IF NOT EXISTS ");
    table(r);
    if (ct->like) {
        put(r, " LIKE ");
        table(r);
    }
    if (ct->ncolumns + ct->nconstraints) {
        put(r, " (");
        for (uint32_t i = 0; i < ct->ncolumns; i++) {
            if (i) put(r, ",");
            column_def(r, &ct->columns[i]);
        }
        for (uint32_t i = 0; i < ct->nconstraints; i++) {
            if (i || ct->ncolumns) put(r, ",");
            constraint(r, &ct->constraints[i]);
        }
        put(r, ")");
    }
    table_options(r, ct->options, ct->noptions, " ");
    if (ct->partitioning) {
        put(r, " ");
        partitioning(r, ct->partitioning);
    }
    if (ct->has_select) {
        static const char *const as[] = {" AS ", " IGNORE AS ", " REPLACE AS "};
        put(r, as[ct->on_duplicate % 3]);
        expr_span(r, &ct->select);
    }
}

static void lock_algorithm(rctx *r, bs_ddl_str algorithm, bs_ddl_str lock)
{
    if (algorithm.len) {
        put(r, " ALGORITHM = ");
        put_str_upper(r, algorithm);
    }
    if (lock.len) {
        put(r, " LOCK = ");
        put_str_upper(r, lock);
    }
}

static void create_index(rctx *r)
{
    static const char *const kinds[] = {
        [BS_CONS_INDEX] = "CREATE INDEX ",
        [BS_CONS_UNIQUE] = "CREATE UNIQUE INDEX ",
        [BS_CONS_FULLTEXT] = "CREATE FULLTEXT INDEX ",
        [BS_CONS_SPATIAL] = "CREATE SPATIAL INDEX ",
        [BS_CONS_VECTOR] = "CREATE VECTOR INDEX ",
    };
    const bs_ddl_create_index *ci = &r->st->u.create_index;
    put(r, ci->kind < sizeof kinds / sizeof kinds[0] && kinds[ci->kind] ? kinds[ci->kind]
                                                                        : "CREATE INDEX ");
    if (r->st->flags & BS_STMTF_IF_NOT_EXISTS) if_exists_comment(r, 1);
    name(r, ci->name);
    put(r, " ON ");
    table(r);
    put(r, " ");
    key_parts(r, ci->parts, ci->nparts);
    if (!index_opts_empty(&ci->opts)) {
        put(r, " ");
        index_opts(r, &ci->opts);
    }
    lock_algorithm(r, ci->algorithm, ci->lock);
}

static void drop_index(rctx *r)
{
    const bs_ddl_drop_index *di = &r->st->u.drop_index;
    put(r, "DROP INDEX ");
    if_exists_comment(r, 0);
    name(r, di->name);
    put(r, " ON ");
    table(r);
    lock_algorithm(r, di->algorithm, di->lock);
}

static void seq_options(rctx *r, const bs_ddl_sequence *seq)
{
    static const char *const words[] = {
        [BS_SEQ_INCREMENT] = "INCREMENT BY ",
        [BS_SEQ_START] = "START WITH ",
        [BS_SEQ_MINVALUE] = "MINVALUE ",
        [BS_SEQ_NO_MINVALUE] = "NO MINVALUE",
        [BS_SEQ_MAXVALUE] = "MAXVALUE ",
        [BS_SEQ_NO_MAXVALUE] = "NO MAXVALUE",
        [BS_SEQ_CACHE] = "CACHE ",
        [BS_SEQ_NOCACHE] = "NOCACHE",
        [BS_SEQ_CYCLE] = "CYCLE",
        [BS_SEQ_NOCYCLE] = "NOCYCLE",
        [BS_SEQ_RESTART] = "RESTART",
        [BS_SEQ_AS] = "AS ",
    };
    for (uint32_t i = 0; i < seq->noptions; i++) {
        const bs_ddl_seq_option *o = &seq->options[i];
        put(r, " ");
        put(r, o->kind < sizeof words / sizeof words[0] && words[o->kind] ? words[o->kind] : "");
        if (o->kind == BS_SEQ_RESTART && o->value.len) put(r, " WITH ");
        if (o->negative) put(r, "-");
        if (o->kind == BS_SEQ_AS)
            put_str_upper(r, o->value);
        else if (all_digits(o->value.ptr, o->value.len))
            int_text(r, o->value.ptr, o->value.len);
    }
    table_options(r, seq->table_options, seq->ntable_options, " ");
}

static void sequence_stmt(rctx *r)
{
    const bs_ddl_stmt *st = r->st;
    if (st->kind == BS_STMT_DROP_SEQUENCE) {
        put(r, (st->flags & BS_STMTF_IF_EXISTS) ? "DROP SEQUENCE IF EXISTS " : "DROP SEQUENCE ");
        for (uint32_t i = 0; i < r->split->ntables; i++) {
            if (i) put(r, ", ");
            table(r);
        }
        return;
    }
    if (st->kind == BS_STMT_CREATE_SEQUENCE)
        put(r, (st->flags & BS_STMTF_IF_NOT_EXISTS) ? "CREATE SEQUENCE IF NOT EXISTS "
                                                    : "CREATE SEQUENCE ");
    else
        put(r, (st->flags & BS_STMTF_IF_EXISTS) ? "ALTER SEQUENCE IF EXISTS " : "ALTER SEQUENCE ");
    table(r);
    seq_options(r, &st->u.sequence);
}

/* ---- ALTER TABLE specifications ---- */

static void position(rctx *r, const bs_ddl_alter_spec *s)
{
    if (s->position == 1) put(r, " FIRST");
    if (s->position == 2) {
        put(r, " AFTER ");
        name(r, s->after);
    }
}

static void names_list(rctx *r, const bs_ddl_str *names, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (i) put(r, ",");
        name(r, names[i]);
    }
}

static void spec_add_column(rctx *r, const bs_ddl_alter_spec *s, uint32_t column)
{
    put(r, "ADD COLUMN ");
    if (s->if_not_exists) if_exists_comment(r, 1);
    if (column != UINT32_MAX || (!s->paren && s->ncolumns == 1)) {
        column_def(r, &s->columns[column != UINT32_MAX ? column : 0]);
        if (column == UINT32_MAX) position(r, s);
        return;
    }
    put(r, "(");
    for (uint32_t i = 0; i < s->ncolumns; i++) {
        if (i) put(r, ", ");
        column_def(r, &s->columns[i]);
    }
    for (uint32_t i = 0; i < s->nconstraints; i++) {
        if (i || s->ncolumns) put(r, ", ");
        constraint(r, &s->constraints[i]);
    }
    put(r, ")");
}

/* TiDB writes a SET DEFAULT value bare only when it is a plain value. */
static void set_default(rctx *r, const bs_ddl_expr *e)
{
    if ((e->kind == BS_EXPR_LITERAL && !e->negative) || e->kind == BS_EXPR_NULL) {
        default_value(r, e);
        return;
    }
    put(r, "(");
    if (e->kind == BS_EXPR_LITERAL)
        literal_value(r, e);
    else if (e->kind == BS_EXPR_CURRENT_TIMESTAMP)
        current_timestamp(r, e);
    else
        expr_span(r, &e->span);
    put(r, ")");
}

static void spec_options(rctx *r, const bs_ddl_alter_spec *s)
{
    const bs_ddl_table_option *o = s->options;
    if (s->noptions == 2 && o[0].kind == BS_TOPT_CHARSET && o[1].kind == BS_TOPT_COLLATE) {
        if (s->kind == BS_ALTER_CONVERT_CHARSET) put(r, "CONVERT TO ");
        put(r, "CHARACTER SET ");
        if (o[0].value_default)
            put(r, "DEFAULT");
        else
            put_str_upper(r, o[0].value);
        put(r, " COLLATE ");
        put_str_upper(r, o[1].value);
        return;
    }
    if (s->kind == BS_ALTER_CONVERT_CHARSET) {
        put(r, "CONVERT TO CHARACTER SET ");
        if (o[0].value_default)
            put(r, "DEFAULT");
        else
            put_str_upper(r, o[0].value);
        return;
    }
    if (s->noptions && o[0].kind == BS_TOPT_CHARSET && o[0].value_default) {
        put(r, "CHARACTER SET DEFAULT");
        return;
    }
    for (uint32_t i = 0; i < s->noptions; i++) {
        if (i) put(r, " ");
        table_option(r, &o[i]);
    }
}

/* ANALYZE/CHECK/... PARTITION [ALL | names] */
static void spec_partition_names(rctx *r, const char *verb, const bs_ddl_alter_spec *s)
{
    put(r, verb);
    if (s->all)
        put(r, "ALL");
    else
        names_list(r, s->partitions, s->npartitions);
}

static void spec_partition(rctx *r, const bs_ddl_alter_spec *s)
{
    switch (s->kind) {
    case BS_ALTER_ADD_PARTITION:
        put(r, "ADD PARTITION");
        if (s->if_not_exists) {
            special_open(r, "");
            put(r, " IF NOT EXISTS");
            special_close(r);
        }
        if (s->partitioning) {
            put(r, " ");
            part_defs(r, s->partitioning->defs, s->partitioning->ndefs, ", ");
        } else if (s->num) {
            put(r, " PARTITIONS ");
            put_u64(r, s->num);
        }
        break;
    case BS_ALTER_DROP_PARTITION:
        put(r, "DROP PARTITION ");
        if (s->if_exists) if_exists_comment(r, 0);
        names_list(r, s->partitions, s->npartitions);
        break;
    case BS_ALTER_COALESCE_PARTITION:
        put(r, "COALESCE PARTITION ");
        put_u64(r, s->num);
        break;
    case BS_ALTER_REORGANIZE_PARTITION:
        put(r, "REORGANIZE PARTITION");
        if (s->all) break;
        put(r, " ");
        names_list(r, s->partitions, s->npartitions);
        put(r, " INTO ");
        part_defs(r, s->partitioning->defs, s->partitioning->ndefs, ", ");
        break;
    case BS_ALTER_EXCHANGE_PARTITION:
        put(r, "EXCHANGE PARTITION ");
        name(r, s->partitions[0]);
        put(r, " WITH TABLE ");
        table(r);
        if (!s->with_validation) put(r, " WITHOUT VALIDATION");
        break;
    case BS_ALTER_TRUNCATE_PARTITION: spec_partition_names(r, "TRUNCATE PARTITION ", s); break;
    case BS_ALTER_ANALYZE_PARTITION: spec_partition_names(r, "ANALYZE PARTITION ", s); break;
    case BS_ALTER_CHECK_PARTITION: spec_partition_names(r, "CHECK PARTITION ", s); break;
    case BS_ALTER_OPTIMIZE_PARTITION: spec_partition_names(r, "OPTIMIZE PARTITION ", s); break;
    case BS_ALTER_REBUILD_PARTITION: spec_partition_names(r, "REBUILD PARTITION ", s); break;
    case BS_ALTER_REPAIR_PARTITION: spec_partition_names(r, "REPAIR PARTITION ", s); break;
    case BS_ALTER_DISCARD_PARTITION_TABLESPACE:
        spec_partition_names(r, "DISCARD PARTITION ", s);
        put(r, " TABLESPACE");
        break;
    case BS_ALTER_IMPORT_PARTITION_TABLESPACE:
        spec_partition_names(r, "IMPORT PARTITION ", s);
        put(r, " TABLESPACE");
        break;
    case BS_ALTER_PARTITION_BY: partitioning(r, s->partitioning); break;
    case BS_ALTER_CONVERT_PARTITION_TO_TABLE:
        put(r, "CONVERT PARTITION ");
        name(r, s->partitions[0]);
        put(r, " TO TABLE ");
        table(r);
        break;
    case BS_ALTER_CONVERT_TABLE_TO_PARTITION:
        put(r, "CONVERT TABLE ");
        table(r);
        put(r, " TO ");
        part_def(r, &s->partitioning->defs[0], 0);
        break;
    default: break;
    }
}

/* Specifications that are one fixed text. */
static const char *fixed_spec(uint8_t kind)
{
    switch (kind) {
    case BS_ALTER_DROP_PRIMARY_KEY: return "DROP PRIMARY KEY";
    case BS_ALTER_FORCE: return "FORCE /* AlterTableForce is not supported */ ";
    case BS_ALTER_ENABLE_KEYS: return "ENABLE KEYS";
    case BS_ALTER_DISABLE_KEYS: return "DISABLE KEYS";
    case BS_ALTER_DISCARD_TABLESPACE: return "DISCARD TABLESPACE";
    case BS_ALTER_IMPORT_TABLESPACE: return "IMPORT TABLESPACE";
    case BS_ALTER_WITH_VALIDATION: return "WITH VALIDATION";
    case BS_ALTER_WITHOUT_VALIDATION: return "WITHOUT VALIDATION";
    case BS_ALTER_SECONDARY_LOAD: return "SECONDARY_LOAD";
    case BS_ALTER_SECONDARY_UNLOAD: return "SECONDARY_UNLOAD";
    case BS_ALTER_REMOVE_PARTITIONING: return "REMOVE PARTITIONING";
    case BS_ALTER_ADD_SYSTEM_VERSIONING: return "ADD SYSTEM VERSIONING";
    case BS_ALTER_DROP_SYSTEM_VERSIONING: return "DROP SYSTEM VERSIONING";
    default: return NULL;
    }
}

/* DROP COLUMN/INDEX/FOREIGN KEY [IF EXISTS] name */
static void spec_drop_named(rctx *r, const char *what, const bs_ddl_alter_spec *s)
{
    put(r, what);
    if (s->if_exists) if_exists_comment(r, 0);
    name(r, s->name);
}

static void spec_columns(rctx *r, const bs_ddl_alter_spec *s)
{
    if (s->kind == BS_ALTER_MODIFY_COLUMN) {
        put(r, "MODIFY COLUMN ");
        if (s->if_exists) if_exists_comment(r, 0);
    } else {
        put(r, "CHANGE COLUMN ");
        if (s->if_exists) if_exists_comment(r, 0);
        name(r, s->name);
        put(r, " ");
    }
    column_def(r, &s->columns[0]);
    position(r, s);
}

static void alter_spec(rctx *r, const bs_ddl_alter_spec *s, uint32_t column)
{
    const char *fixed = fixed_spec(s->kind);
    if (fixed) {
        put(r, fixed);
        return;
    }
    switch (s->kind) {
    case BS_ALTER_ADD_COLUMN: spec_add_column(r, s, column); break;
    case BS_ALTER_ADD_CONSTRAINT:
        put(r, "ADD ");
        constraint(r, &s->constraints[0]);
        break;
    case BS_ALTER_DROP_COLUMN: spec_drop_named(r, "DROP COLUMN ", s); break;
    case BS_ALTER_DROP_INDEX: spec_drop_named(r, "DROP INDEX ", s); break;
    case BS_ALTER_DROP_FOREIGN_KEY: spec_drop_named(r, "DROP FOREIGN KEY ", s); break;
    case BS_ALTER_DROP_CHECK:
    case BS_ALTER_DROP_CONSTRAINT:
        put(r, "DROP CHECK ");
        name(r, s->name);
        break;
    case BS_ALTER_MODIFY_COLUMN:
    case BS_ALTER_CHANGE_COLUMN: spec_columns(r, s); break;
    case BS_ALTER_RENAME_COLUMN:
        put(r, "RENAME COLUMN ");
        name(r, s->name);
        put(r, " TO ");
        name(r, s->new_name);
        break;
    case BS_ALTER_RENAME_INDEX:
        put(r, "RENAME INDEX ");
        name(r, s->name);
        put(r, " TO ");
        name(r, s->new_name);
        break;
    case BS_ALTER_RENAME_TABLE:
        put(r, "RENAME AS ");
        table(r);
        break;
    case BS_ALTER_SET_DEFAULT:
        put(r, "ALTER COLUMN ");
        name(r, s->name);
        put(r, " SET DEFAULT ");
        set_default(r, &s->default_value);
        break;
    case BS_ALTER_DROP_DEFAULT:
        put(r, "ALTER COLUMN ");
        name(r, s->name);
        put(r, " DROP DEFAULT");
        break;
    case BS_ALTER_COLUMN_VISIBILITY:
        put(r, "ALTER COLUMN ");
        name(r, s->name);
        put(r, s->visible ? " SET VISIBLE" : " SET INVISIBLE");
        break;
    case BS_ALTER_INDEX_VISIBILITY:
        put(r, "ALTER INDEX ");
        name(r, s->name);
        put(r, s->visible ? " VISIBLE" : " INVISIBLE");
        break;
    case BS_ALTER_CHECK_ENFORCED:
        put(r, "ALTER CHECK ");
        name(r, s->name);
        put(r, s->enforced ? " ENFORCED" : " NOT ENFORCED");
        break;
    case BS_ALTER_TABLE_OPTIONS:
    case BS_ALTER_CONVERT_CHARSET: spec_options(r, s); break;
    case BS_ALTER_ALGORITHM:
    case BS_ALTER_LOCK:
        put(r, s->kind == BS_ALTER_ALGORITHM ? "ALGORITHM = " : "LOCK = ");
        put_str_upper(r, s->word);
        break;
    case BS_ALTER_ORDER_BY:
        put(r, "ORDER BY ");
        for (uint32_t i = 0; i < s->norder; i++) {
            if (i) put(r, ",");
            name(r, s->order_cols[i]);
            if (s->order_desc[i]) put(r, " DESC");
        }
        break;
    case BS_ALTER_ADD_PERIOD:
        put(r, "ADD PERIOD FOR ");
        name(r, s->name);
        break;
    case BS_ALTER_DROP_PERIOD:
        put(r, "DROP PERIOD FOR ");
        name(r, s->name);
        break;
    default: spec_partition(r, s); break;
    }
}

static void alter_table(rctx *r, const bs_ddl_split_stmt *sp)
{
    const bs_ddl_alter_spec *s = &r->st->u.alter.specs[sp->index];
    put(r, "ALTER TABLE ");
    table(r);
    put(r, " ");
    alter_spec(r, s, sp->column);
}

static void restore(rctx *r, const bs_ddl_split_stmt *sp)
{
    const bs_ddl_stmt *st = r->st;
    switch (st->kind) {
    case BS_STMT_CREATE_DATABASE:
    case BS_STMT_ALTER_DATABASE:
    case BS_STMT_DROP_DATABASE: database_stmt(r); break;
    case BS_STMT_CREATE_TABLE: create_table(r); break;
    case BS_STMT_DROP_TABLE:
        put(r, (st->flags & BS_STMTF_TEMPORARY) ? "DROP TEMPORARY TABLE IF EXISTS "
                                                : "DROP TABLE IF EXISTS ");
        table(r);
        break;
    case BS_STMT_DROP_VIEW:
        put(r, "DROP VIEW IF EXISTS ");
        table(r);
        break;
    case BS_STMT_TRUNCATE_TABLE:
        put(r, "TRUNCATE TABLE ");
        table(r);
        break;
    case BS_STMT_RENAME_TABLE:
        put(r, "RENAME TABLE ");
        table(r);
        put(r, " TO ");
        table(r);
        break;
    case BS_STMT_CREATE_INDEX: create_index(r); break;
    case BS_STMT_DROP_INDEX: drop_index(r); break;
    case BS_STMT_ALTER_TABLE: alter_table(r, sp); break;
    case BS_STMT_CREATE_SEQUENCE:
    case BS_STMT_ALTER_SEQUENCE:
    case BS_STMT_DROP_SEQUENCE: sequence_stmt(r); break;
    default:
        if (!r->rc) r->rc = BS_EUNSUPPORTED;
        break;
    }
}

int bs_ddl_restore(const bs_ddl_split_stmt *s, bs_ddl_rename_fn rename, void *ctx, bs_buf *out,
                   bs_error *err)
{
    rctx r = {.out = out, .st = s->stmt, .split = s, .rename = rename, .rename_ctx = ctx};
    size_t start = out->len;
    restore(&r, s);
    if (!r.rc) return 0;
    out->len = start;
    if (out->data) out->data[start] = 0;
    if (r.rc == BS_ENOMEM) return bs_error_set(err, r.rc, NULL, BS_NO_OFFSET, "out of memory");
    if (r.rc == BS_EUNSUPPORTED)
        return bs_error_set(err, r.rc, NULL, s->stmt->off, "cannot restore a %s statement",
                            bs_ddl_kind_name(s->stmt->kind));
    return bs_error_set(err, r.rc, NULL, BS_NO_OFFSET, "restore failed: %s",
                        bs_error_code_name(r.rc));
}
