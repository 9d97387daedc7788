/*
 * ddl_parse_table.c - CREATE TABLE and the pieces ALTER TABLE shares with
 * it: column types, column definitions, index and constraint definitions,
 * foreign-key references, table options and partitioning.
 *
 * Column types are normalized to MySQL's meaning (BOOL is TINYINT(1), SERIAL
 * is BIGINT UNSIGNED, FLOAT(p > 24) is DOUBLE, REAL is DOUBLE unless
 * REAL_AS_FLOAT, LONG VARCHAR is MEDIUMTEXT) with the spelling kept aside.
 * Column options are kept in written order (TiDB restores them in that
 * order) and summarized in flags. Table options are read leniently: a value
 * is one token, whatever the option, since the server already accepted it.
 */
#include <string.h>

#include "schema/ddl_internal.h"

/* ---- column types ---- */

typedef struct type_word {
    const char *w1, *w2;
    uint8_t base;
    uint8_t spelling;
} type_word;

/* Longest spellings first where one is a prefix of another. */
static const type_word type_words[] = {
    {"TINYINT", NULL, BS_DDL_TYPE_TINYINT, 0},
    {"INT1", NULL, BS_DDL_TYPE_TINYINT, BS_SPELL_INT1},
    {"SMALLINT", NULL, BS_DDL_TYPE_SMALLINT, 0},
    {"INT2", NULL, BS_DDL_TYPE_SMALLINT, BS_SPELL_INT2},
    {"MEDIUMINT", NULL, BS_DDL_TYPE_MEDIUMINT, 0},
    {"MIDDLEINT", NULL, BS_DDL_TYPE_MEDIUMINT, BS_SPELL_MIDDLEINT},
    {"INT3", NULL, BS_DDL_TYPE_MEDIUMINT, BS_SPELL_INT3},
    {"INT", NULL, BS_DDL_TYPE_INT, 0},
    {"INTEGER", NULL, BS_DDL_TYPE_INT, BS_SPELL_INTEGER},
    {"INT4", NULL, BS_DDL_TYPE_INT, BS_SPELL_INT4},
    {"BIGINT", NULL, BS_DDL_TYPE_BIGINT, 0},
    {"INT8", NULL, BS_DDL_TYPE_BIGINT, BS_SPELL_INT8},
    {"BOOL", NULL, BS_DDL_TYPE_TINYINT, BS_SPELL_BOOL},
    {"BOOLEAN", NULL, BS_DDL_TYPE_TINYINT, BS_SPELL_BOOLEAN},
    {"SERIAL", NULL, BS_DDL_TYPE_BIGINT, BS_SPELL_SERIAL},
    {"DECIMAL", NULL, BS_DDL_TYPE_DECIMAL, 0},
    {"DEC", NULL, BS_DDL_TYPE_DECIMAL, BS_SPELL_DEC},
    {"NUMERIC", NULL, BS_DDL_TYPE_DECIMAL, BS_SPELL_NUMERIC},
    {"FIXED", NULL, BS_DDL_TYPE_DECIMAL, BS_SPELL_FIXED},
    {"FLOAT", NULL, BS_DDL_TYPE_FLOAT, 0},
    {"FLOAT4", NULL, BS_DDL_TYPE_FLOAT, BS_SPELL_FLOAT4},
    {"FLOAT8", NULL, BS_DDL_TYPE_DOUBLE, BS_SPELL_FLOAT8},
    {"DOUBLE", "PRECISION", BS_DDL_TYPE_DOUBLE, BS_SPELL_DOUBLE_PRECISION},
    {"DOUBLE", NULL, BS_DDL_TYPE_DOUBLE, 0},
    {"REAL", NULL, BS_DDL_TYPE_DOUBLE, BS_SPELL_REAL},
    {"BIT", NULL, BS_DDL_TYPE_BIT, 0},
    {"YEAR", NULL, BS_DDL_TYPE_YEAR, 0},
    {"DATE", NULL, BS_DDL_TYPE_DATE, 0},
    {"TIME", NULL, BS_DDL_TYPE_TIME, 0},
    {"DATETIME", NULL, BS_DDL_TYPE_DATETIME, 0},
    {"TIMESTAMP", NULL, BS_DDL_TYPE_TIMESTAMP, 0},
    {"NATIONAL", "VARCHARACTER", BS_DDL_TYPE_VARCHAR, BS_SPELL_NATIONAL},
    {"NATIONAL", "VARCHAR", BS_DDL_TYPE_VARCHAR, BS_SPELL_NATIONAL},
    {"NATIONAL", "CHARACTER", BS_DDL_TYPE_CHAR, BS_SPELL_NATIONAL},
    {"NATIONAL", "CHAR", BS_DDL_TYPE_CHAR, BS_SPELL_NATIONAL},
    {"NCHAR", "VARCHARACTER", BS_DDL_TYPE_VARCHAR, BS_SPELL_NATIONAL},
    {"NCHAR", "VARCHAR", BS_DDL_TYPE_VARCHAR, BS_SPELL_NATIONAL},
    {"NCHAR", NULL, BS_DDL_TYPE_CHAR, BS_SPELL_NATIONAL},
    {"NVARCHAR", NULL, BS_DDL_TYPE_VARCHAR, BS_SPELL_NATIONAL},
    {"CHARACTER", "VARYING", BS_DDL_TYPE_VARCHAR, BS_SPELL_VARYING},
    {"CHARACTER", NULL, BS_DDL_TYPE_CHAR, BS_SPELL_CHARACTER},
    {"CHAR", "VARYING", BS_DDL_TYPE_VARCHAR, BS_SPELL_VARYING},
    {"CHAR", NULL, BS_DDL_TYPE_CHAR, 0},
    {"VARCHARACTER", NULL, BS_DDL_TYPE_VARCHAR, BS_SPELL_VARYING},
    {"VARCHAR", NULL, BS_DDL_TYPE_VARCHAR, 0},
    {"BINARY", NULL, BS_DDL_TYPE_BINARY, 0},
    {"VARBINARY", NULL, BS_DDL_TYPE_VARBINARY, 0},
    {"TINYTEXT", NULL, BS_DDL_TYPE_TINYTEXT, 0},
    {"TEXT", NULL, BS_DDL_TYPE_TEXT, 0},
    {"MEDIUMTEXT", NULL, BS_DDL_TYPE_MEDIUMTEXT, 0},
    {"LONGTEXT", NULL, BS_DDL_TYPE_LONGTEXT, 0},
    {"LONG", "VARBINARY", BS_DDL_TYPE_MEDIUMBLOB, BS_SPELL_LONG},
    {"LONG", "VARCHARACTER", BS_DDL_TYPE_MEDIUMTEXT, BS_SPELL_LONG},
    {"LONG", "VARCHAR", BS_DDL_TYPE_MEDIUMTEXT, BS_SPELL_LONG},
    {"LONG", NULL, BS_DDL_TYPE_MEDIUMTEXT, BS_SPELL_LONG},
    {"TINYBLOB", NULL, BS_DDL_TYPE_TINYBLOB, 0},
    {"BLOB", NULL, BS_DDL_TYPE_BLOB, 0},
    {"MEDIUMBLOB", NULL, BS_DDL_TYPE_MEDIUMBLOB, 0},
    {"LONGBLOB", NULL, BS_DDL_TYPE_LONGBLOB, 0},
    {"ENUM", NULL, BS_DDL_TYPE_ENUM, 0},
    {"SET", NULL, BS_DDL_TYPE_SET, 0},
    {"JSON", NULL, BS_DDL_TYPE_JSON, 0},
    {"GEOMETRY", NULL, BS_DDL_TYPE_GEOMETRY, 0},
    {"POINT", NULL, BS_DDL_TYPE_POINT, 0},
    {"LINESTRING", NULL, BS_DDL_TYPE_LINESTRING, 0},
    {"POLYGON", NULL, BS_DDL_TYPE_POLYGON, 0},
    {"MULTIPOINT", NULL, BS_DDL_TYPE_MULTIPOINT, 0},
    {"MULTILINESTRING", NULL, BS_DDL_TYPE_MULTILINESTRING, 0},
    {"MULTIPOLYGON", NULL, BS_DDL_TYPE_MULTIPOLYGON, 0},
    {"GEOMETRYCOLLECTION", NULL, BS_DDL_TYPE_GEOMETRYCOLLECTION, 0},
    {"GEOMCOLLECTION", NULL, BS_DDL_TYPE_GEOMETRYCOLLECTION, BS_SPELL_GEOMCOLLECTION},
    {"VECTOR", NULL, BS_DDL_TYPE_VECTOR, 0},
    {"INET4", NULL, BS_DDL_TYPE_INET4, 0},
    {"INET6", NULL, BS_DDL_TYPE_INET6, 0},
    {"UUID", NULL, BS_DDL_TYPE_UUID, 0},
};

static int is_int_type(uint8_t b)
{
    return b >= BS_DDL_TYPE_TINYINT && b <= BS_DDL_TYPE_BIGINT;
}

static int is_char_type(uint8_t b)
{
    return b == BS_DDL_TYPE_CHAR || b == BS_DDL_TYPE_VARCHAR ||
           (b >= BS_DDL_TYPE_TINYTEXT && b <= BS_DDL_TYPE_LONGTEXT) || b == BS_DDL_TYPE_ENUM ||
           b == BS_DDL_TYPE_SET;
}

/* (n) into *out; a missing number is a syntax error. */
static int paren_number(ddl_parser *p, int32_t *out)
{
    uint64_t v;
    TRY(ddl_expect_op(p, "("));
    TRY(ddl_uint(p, &v, NULL));
    TRY(ddl_expect_op(p, ")"));
    *out = v > INT32_MAX ? INT32_MAX : (int32_t)v;
    return 0;
}

/* (M) or (M,D) */
static int length_and_scale(ddl_parser *p, bs_ddl_coltype *t, int allow_scale)
{
    uint64_t v;
    if (!ddl_accept_op(p, "(")) return 0;
    TRY(ddl_uint(p, &v, NULL));
    t->length = v > INT32_MAX ? INT32_MAX : (int32_t)v;
    if (allow_scale && ddl_accept_op(p, ",")) {
        TRY(ddl_uint(p, &v, NULL));
        t->decimals = v > INT32_MAX ? INT32_MAX : (int32_t)v;
    }
    return ddl_expect_op(p, ")");
}

/* SIGNED / UNSIGNED / ZEROFILL, any order. */
static void numeric_attrs(ddl_parser *p, bs_ddl_coltype *t)
{
    for (;;) {
        if (ddl_accept(p, "UNSIGNED"))
            t->is_unsigned = 1;
        else if (ddl_accept(p, "SIGNED"))
            t->is_signed = 1;
        else if (ddl_accept(p, "ZEROFILL"))
            t->zerofill = 1;
        else
            return;
    }
}

/* BINARY, CHARACTER SET x, ASCII, UNICODE, BYTE, COMPRESSED[=m], any order. */
static int string_attrs(ddl_parser *p, bs_ddl_coltype *t)
{
    for (;;) {
        if (ddl_accept(p, "BINARY")) {
            t->binary = 1;
        } else if (ddl_accept(p, "CHARSET") ||
                   ddl_accept_seq(p, (const char *const[]){"CHARACTER", "SET", NULL}) ||
                   ddl_accept_seq(p, (const char *const[]){"CHAR", "SET", NULL})) {
            TRY(ddl_ident_or_string(p, &t->charset, NULL));
        } else if (ddl_accept(p, "ASCII")) {
            t->ascii = 1;
        } else if (ddl_accept(p, "UNICODE")) {
            t->unicode = 1;
        } else if (ddl_accept(p, "BYTE")) {
            t->byte_attr = 1;
        } else if (ddl_accept(p, "COMPRESSED")) {
            t->compressed = 1;
            if (ddl_accept_op(p, "=")) TRY(ddl_ident_or_string(p, &(bs_ddl_str){0}, NULL));
        } else {
            return 0;
        }
    }
}

/* The bytes of a hex/bit literal as an ENUM member (0x61 is 'a'). */
static int literal_bytes(ddl_parser *p, const bs_ddl_token *tk, bs_ddl_str *out)
{
    int hex = tk->kind == BS_TOK_HEX;
    uint32_t per = hex ? 2 : 8;
    uint32_t nbytes = (tk->vlen + per - 1) / per;
    char *b = ddl_alloc(p, nbytes + 1);
    if (!b) return BS_ENOMEM;
    uint32_t lead = nbytes * per - tk->vlen; /* implicit leading zero digits */
    for (uint32_t i = 0; i < tk->vlen; i++) {
        char c = tk->val[i];
        unsigned d =
            hex ? (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10) : (unsigned)(c - '0');
        uint32_t pos = lead + i;
        uint32_t bi = pos / per;
        b[bi] = (char)(((unsigned char)b[bi] << (hex ? 4 : 1)) | d);
    }
    out->ptr = b;
    out->len = nbytes;
    out->off = tk->off;
    return 0;
}

/* ('a','b',...) of ENUM/SET; members lose their trailing spaces, as the
 * server stores them. */
static int enum_members(ddl_parser *p, bs_ddl_coltype *t)
{
    ddl_vec v = {0};
    TRY(ddl_expect_op(p, "("));
    do {
        const bs_ddl_token *tk = ddl_peek(p, 0);
        bs_ddl_str *m = ddl_vec_push(p, &v, sizeof *m);
        if (!m) return BS_ENOMEM;
        if (tk->kind == BS_TOK_STRING) {
            m->ptr = tk->val;
            m->len = tk->vlen;
            m->off = tk->off;
        } else if (tk->kind == BS_TOK_HEX || tk->kind == BS_TOK_BIT) {
            TRY(literal_bytes(p, tk, m));
        } else {
            return ddl_fail(p, "an ENUM/SET member string");
        }
        while (m->len && m->ptr[m->len - 1] == ' ')
            m->len--;
        p->pos++;
    } while (ddl_accept_op(p, ","));
    TRY(ddl_expect_op(p, ")"));
    t->elems = v.items;
    t->nelems = v.n;
    return 0;
}

/* Length/scale/attributes after the type word. */
static int type_details(ddl_parser *p, bs_ddl_coltype *t)
{
    uint8_t b = t->base;
    if (is_int_type(b)) {
        if (t->spelling != BS_SPELL_BOOL && t->spelling != BS_SPELL_BOOLEAN &&
            t->spelling != BS_SPELL_SERIAL)
            TRY(length_and_scale(p, t, 0));
        numeric_attrs(p, t);
    } else if (b == BS_DDL_TYPE_DECIMAL || b == BS_DDL_TYPE_DOUBLE) {
        TRY(length_and_scale(p, t, 1));
        numeric_attrs(p, t);
    } else if (b == BS_DDL_TYPE_FLOAT) {
        TRY(length_and_scale(p, t, 1));
        if (t->length >= 0 && t->decimals < 0) {
            /* FLOAT(p): precision in bits picks FLOAT or DOUBLE */
            if (t->length > 24) t->base = BS_DDL_TYPE_DOUBLE;
            t->length = -1;
            t->spelling = BS_SPELL_FLOAT_P;
        }
        numeric_attrs(p, t);
    } else if (b == BS_DDL_TYPE_BIT || b == BS_DDL_TYPE_YEAR || b == BS_DDL_TYPE_BINARY ||
               b == BS_DDL_TYPE_VARBINARY || b == BS_DDL_TYPE_BLOB || b == BS_DDL_TYPE_VECTOR) {
        if (ddl_is_op(p, 0, "(")) TRY(paren_number(p, &t->length));
        if (b == BS_DDL_TYPE_YEAR) numeric_attrs(p, t);
        if (b == BS_DDL_TYPE_BINARY || b == BS_DDL_TYPE_VARBINARY || b == BS_DDL_TYPE_BLOB)
            TRY(string_attrs(p, t));
    } else if (b == BS_DDL_TYPE_TIME || b == BS_DDL_TYPE_DATETIME || b == BS_DDL_TYPE_TIMESTAMP) {
        if (ddl_is_op(p, 0, "(")) TRY(paren_number(p, &t->decimals));
    } else if (b == BS_DDL_TYPE_ENUM || b == BS_DDL_TYPE_SET) {
        TRY(enum_members(p, t));
        TRY(string_attrs(p, t));
    } else if (is_char_type(b)) {
        if (ddl_is_op(p, 0, "(")) TRY(paren_number(p, &t->length));
        TRY(string_attrs(p, t));
    } else if (b >= BS_DDL_TYPE_TINYBLOB && b <= BS_DDL_TYPE_LONGBLOB) {
        TRY(string_attrs(p, t));
    }
    if (b == BS_DDL_TYPE_VARCHAR && t->length < 0 && t->spelling != BS_SPELL_LONG)
        return ddl_fail(p, "a VARCHAR length");
    return 0;
}

/* The binary string type a character type becomes with charset binary. */
static uint8_t binary_twin(uint8_t b)
{
    switch (b) {
    case BS_DDL_TYPE_CHAR: return BS_DDL_TYPE_BINARY;
    case BS_DDL_TYPE_VARCHAR: return BS_DDL_TYPE_VARBINARY;
    case BS_DDL_TYPE_TINYTEXT: return BS_DDL_TYPE_TINYBLOB;
    case BS_DDL_TYPE_TEXT: return BS_DDL_TYPE_BLOB;
    case BS_DDL_TYPE_MEDIUMTEXT: return BS_DDL_TYPE_MEDIUMBLOB;
    case BS_DDL_TYPE_LONGTEXT: return BS_DDL_TYPE_LONGBLOB;
    default: return b;
    }
}

int ddl_column_type(ddl_parser *p, bs_ddl_coltype *t)
{
    memset(t, 0, sizeof *t);
    t->length = -1;
    t->decimals = -1;
    uint32_t first = p->pos;
    const type_word *found = NULL;
    for (size_t i = 0; i < sizeof type_words / sizeof type_words[0] && !found; i++) {
        const type_word *w = &type_words[i];
        if (ddl_is(p, 0, w->w1) && (!w->w2 || ddl_is(p, 1, w->w2))) found = w;
    }
    if (!found) return ddl_fail(p, "a column type");
    p->pos += found->w2 ? 2 : 1;
    t->base = found->base;
    t->spelling = found->spelling;
    if (t->spelling == BS_SPELL_BOOL || t->spelling == BS_SPELL_BOOLEAN) t->length = 1;
    if (t->spelling == BS_SPELL_SERIAL) t->is_unsigned = 1;
    if (t->spelling == BS_SPELL_REAL && (p->opt.sql_mode & BS_SQL_MODE_REAL_AS_FLOAT))
        t->base = BS_DDL_TYPE_FLOAT;
    TRY(type_details(p, t));
    /* CHAR BYTE, CHAR(n) CHARACTER SET binary...: the binary string types */
    if (t->byte_attr || ddl_ieq(t->charset.ptr, t->charset.len, "binary"))
        t->base = binary_twin(t->base);
    if (ddl_accept(p, "ARRAY")) t->array = 1;
    ddl_span_from(p, first, &t->span);
    return 0;
}

/* ---- foreign keys ---- */

static int refer_option(ddl_parser *p, uint8_t *out)
{
    if (ddl_accept(p, "RESTRICT"))
        *out = BS_REFER_RESTRICT;
    else if (ddl_accept(p, "CASCADE"))
        *out = BS_REFER_CASCADE;
    else if (ddl_accept_seq(p, (const char *const[]){"SET", "NULL", NULL}))
        *out = BS_REFER_SET_NULL;
    else if (ddl_accept_seq(p, (const char *const[]){"SET", "DEFAULT", NULL}))
        *out = BS_REFER_SET_DEFAULT;
    else if (ddl_accept_seq(p, (const char *const[]){"NO", "ACTION", NULL}))
        *out = BS_REFER_NO_ACTION;
    else
        return ddl_fail(p, "RESTRICT, CASCADE, SET NULL, SET DEFAULT or NO ACTION");
    return 0;
}

int ddl_reference(ddl_parser *p, const bs_ddl_reference **out)
{
    bs_ddl_reference *r = ddl_alloc(p, sizeof *r);
    if (!r) return BS_ENOMEM;
    TRY(ddl_expect(p, "REFERENCES"));
    TRY(ddl_table_name(p, &r->table));
    if (ddl_is_op(p, 0, "(")) TRY(ddl_key_parts(p, &r->parts, &r->nparts));
    if (ddl_accept(p, "MATCH")) {
        if (ddl_accept(p, "FULL"))
            r->match = 1;
        else if (ddl_accept(p, "PARTIAL"))
            r->match = 2;
        else if (ddl_accept(p, "SIMPLE"))
            r->match = 3;
        else
            return ddl_fail(p, "FULL, PARTIAL or SIMPLE");
    }
    for (;;) {
        if (ddl_is(p, 0, "ON") && ddl_is(p, 1, "DELETE")) {
            p->pos += 2;
            TRY(refer_option(p, &r->on_delete));
        } else if (ddl_is(p, 0, "ON") && ddl_is(p, 1, "UPDATE")) {
            p->pos += 2;
            TRY(refer_option(p, &r->on_update));
        } else {
            break;
        }
    }
    *out = r;
    return 0;
}

/* ---- column definitions ---- */

static int str_value(ddl_parser *p, bs_ddl_str *out)
{
    ddl_opt_eq(p);
    return ddl_ident_or_string(p, out, NULL);
}

/* [CONSTRAINT [name]] CHECK (expr) [[NOT] ENFORCED] as a column option. */
static int column_check(ddl_parser *p, bs_ddl_colopt *o)
{
    if (ddl_accept(p, "CONSTRAINT") && !ddl_is(p, 0, "CHECK")) TRY(ddl_ident(p, &o->str));
    TRY(ddl_expect(p, "CHECK"));
    o->kind = BS_COLOPT_CHECK;
    TRY(ddl_paren_expr(p, &o->expr));
    o->flag = 1;
    if (ddl_accept_seq(p, (const char *const[]){"NOT", "ENFORCED", NULL}))
        o->flag = 0;
    else
        ddl_accept(p, "ENFORCED");
    return 0;
}

/* [GENERATED ALWAYS] AS (expr) [VIRTUAL|STORED|PERSISTENT] */
static int column_generated(ddl_parser *p, bs_ddl_colopt *o)
{
    o->kind = BS_COLOPT_GENERATED;
    if (ddl_accept(p, "GENERATED")) {
        TRY(ddl_expect(p, "ALWAYS"));
        o->flag2 = 1;
    }
    TRY(ddl_expect(p, "AS"));
    TRY(ddl_paren_expr(p, &o->expr));
    if (ddl_accept(p, "STORED") || ddl_accept(p, "PERSISTENT"))
        o->flag = 1;
    else
        ddl_accept(p, "VIRTUAL");
    return 0;
}

/* One column option at the current token; *got = 0 when none starts here. */
static int column_option(ddl_parser *p, bs_ddl_column *c, bs_ddl_colopt *o, int *got)
{
    memset(o, 0, sizeof *o);
    *got = 1;
    if (ddl_accept_seq(p, (const char *const[]){"NOT", "NULL", NULL})) {
        o->kind = BS_COLOPT_NOT_NULL;
    } else if (ddl_accept(p, "NULL")) {
        o->kind = BS_COLOPT_NULL;
    } else if (ddl_accept(p, "DEFAULT")) {
        o->kind = BS_COLOPT_DEFAULT;
        TRY(ddl_default_expr(p, &o->expr));
    } else if (ddl_is(p, 0, "ON") && ddl_is(p, 1, "UPDATE")) {
        p->pos += 2;
        o->kind = BS_COLOPT_ON_UPDATE;
        TRY(ddl_default_expr(p, &o->expr));
    } else if (ddl_accept(p, "AUTO_INCREMENT")) {
        o->kind = BS_COLOPT_AUTO_INCREMENT;
    } else if (ddl_accept_seq(p, (const char *const[]){"PRIMARY", "KEY", NULL})) {
        o->kind = BS_COLOPT_PRIMARY_KEY;
        o->flag = 1;
    } else if (ddl_accept(p, "KEY")) {
        o->kind = BS_COLOPT_PRIMARY_KEY;
    } else if (ddl_accept(p, "UNIQUE")) {
        o->kind = BS_COLOPT_UNIQUE;
        o->flag = (uint8_t)ddl_accept(p, "KEY");
    } else if (ddl_accept(p, "COMMENT")) {
        o->kind = BS_COLOPT_COMMENT;
        TRY(ddl_string(p, &o->str));
    } else if (ddl_accept(p, "COLLATE")) {
        o->kind = BS_COLOPT_COLLATE;
        TRY(str_value(p, &o->str));
    } else if (ddl_accept(p, "CHARSET") ||
               ddl_accept_seq(p, (const char *const[]){"CHARACTER", "SET", NULL})) {
        o->kind = BS_COLOPT_CHARSET;
        TRY(str_value(p, &o->str));
    } else if (ddl_is(p, 0, "GENERATED") || (ddl_is(p, 0, "AS") && ddl_is_op(p, 1, "("))) {
        TRY(column_generated(p, o));
    } else if (ddl_is(p, 0, "REFERENCES")) {
        o->kind = BS_COLOPT_REFERENCES;
        TRY(ddl_reference(p, &o->ref));
    } else if (ddl_is(p, 0, "CHECK") || ddl_is(p, 0, "CONSTRAINT")) {
        TRY(column_check(p, o));
    } else if (ddl_accept(p, "COLUMN_FORMAT")) {
        o->kind = BS_COLOPT_COLUMN_FORMAT;
        TRY(ddl_ident_or_string(p, &o->str, NULL));
    } else if (ddl_accept(p, "STORAGE")) {
        o->kind = BS_COLOPT_STORAGE;
        TRY(ddl_ident_or_string(p, &o->str, NULL));
    } else if (ddl_accept(p, "VISIBLE")) {
        o->kind = BS_COLOPT_VISIBLE;
    } else if (ddl_accept(p, "INVISIBLE")) {
        o->kind = BS_COLOPT_INVISIBLE;
    } else if (ddl_accept_seq(p, (const char *const[]){"SERIAL", "DEFAULT", "VALUE", NULL})) {
        o->kind = BS_COLOPT_SERIAL_DEFAULT_VALUE;
    } else if (ddl_accept(p, "SRID")) {
        o->kind = BS_COLOPT_SRID;
        TRY(ddl_uint(p, NULL, &o->str));
    } else if (ddl_accept(p, "ENGINE_ATTRIBUTE")) {
        o->kind = BS_COLOPT_ENGINE_ATTRIBUTE;
        TRY(str_value(p, &o->str));
    } else if (ddl_accept(p, "SECONDARY_ENGINE_ATTRIBUTE")) {
        o->kind = BS_COLOPT_SECONDARY_ENGINE_ATTRIBUTE;
        TRY(str_value(p, &o->str));
    } else if (ddl_accept(p, "AUTO_RANDOM")) {
        o->kind = BS_COLOPT_AUTO_RANDOM;
        if (ddl_is_op(p, 0, "(")) {
            bs_ddl_span args;
            TRY(ddl_balanced(p, &args));
            o->str.ptr = p->lx.s + args.off;
            o->str.len = args.len;
            o->str.off = args.off;
        }
    } else if (ddl_accept_seq(p, (const char *const[]){"WITH", "SYSTEM", "VERSIONING", NULL})) {
        o->kind = BS_COLOPT_SYSTEM_VERSIONING;
        o->flag = 1;
    } else if (ddl_accept_seq(p, (const char *const[]){"WITHOUT", "SYSTEM", "VERSIONING", NULL})) {
        o->kind = BS_COLOPT_SYSTEM_VERSIONING;
    } else if (ddl_accept(p, "COMPRESSED")) {
        /* MariaDB: part of the type, written after it */
        c->type.compressed = 1;
        if (ddl_accept_op(p, "=")) TRY(ddl_ident_or_string(p, &(bs_ddl_str){0}, NULL));
        *got = 2;
    } else if (ddl_peek(p, 0)->kind == BS_TOK_WORD && ddl_is_op(p, 1, "=")) {
        /* MariaDB engine-defined attribute: name = value */
        o->kind = BS_COLOPT_OTHER;
        TRY(ddl_ident_or_string(p, &o->str, NULL));
        p->pos++;
        uint32_t first = p->pos;
        if (ddl_peek(p, 0)->kind == BS_TOK_EOF) return ddl_fail(p, "a value");
        p->pos++;
        ddl_span_from(p, first, &o->expr.span);
        ddl_expr_classify(p, &o->expr);
    } else {
        *got = 0;
    }
    return 0;
}

/* Fold an option into the column's summary fields. */
static void summarize(bs_ddl_column *c, const bs_ddl_colopt *o)
{
    switch (o->kind) {
    case BS_COLOPT_NOT_NULL:
        c->flags = (c->flags | BS_COL_NOT_NULL) & ~(uint32_t)BS_COL_NULL;
        break;
    case BS_COLOPT_NULL: c->flags = (c->flags | BS_COL_NULL) & ~(uint32_t)BS_COL_NOT_NULL; break;
    case BS_COLOPT_DEFAULT:
        c->flags |= BS_COL_DEFAULT;
        c->default_value = &o->expr;
        break;
    case BS_COLOPT_ON_UPDATE:
        c->flags |= BS_COL_ON_UPDATE;
        c->on_update = &o->expr;
        break;
    case BS_COLOPT_AUTO_INCREMENT: c->flags |= BS_COL_AUTO_INCREMENT; break;
    case BS_COLOPT_PRIMARY_KEY: c->flags |= BS_COL_PRIMARY_KEY | BS_COL_NOT_NULL; break;
    case BS_COLOPT_UNIQUE: c->flags |= BS_COL_UNIQUE; break;
    case BS_COLOPT_COMMENT:
        c->flags |= BS_COL_COMMENT;
        c->comment = o->str;
        break;
    case BS_COLOPT_COLLATE: c->collate = o->str; break;
    case BS_COLOPT_CHARSET: c->charset = o->str; break;
    case BS_COLOPT_GENERATED:
        c->flags |= BS_COL_GENERATED;
        if (o->flag)
            c->flags |= BS_COL_STORED;
        else
            c->flags &= ~(uint32_t)BS_COL_STORED;
        c->generated = &o->expr;
        break;
    case BS_COLOPT_REFERENCES: c->flags |= BS_COL_REFERENCES; break;
    case BS_COLOPT_CHECK: c->flags |= BS_COL_CHECK; break;
    case BS_COLOPT_VISIBLE: c->flags &= ~(uint32_t)BS_COL_INVISIBLE; break;
    case BS_COLOPT_INVISIBLE: c->flags |= BS_COL_INVISIBLE; break;
    case BS_COLOPT_SERIAL_DEFAULT_VALUE:
        c->flags |= BS_COL_NOT_NULL | BS_COL_AUTO_INCREMENT | BS_COL_UNIQUE;
        break;
    default: break;
    }
}

int ddl_column_def(ddl_parser *p, bs_ddl_column *c)
{
    memset(c, 0, sizeof *c);
    uint32_t first = p->pos;
    TRY(ddl_ident(p, &c->name));
    TRY(ddl_column_type(p, &c->type));
    c->charset = c->type.charset;
    c->collate = c->type.collate;
    if (c->type.spelling == BS_SPELL_SERIAL)
        c->flags |= BS_COL_NOT_NULL | BS_COL_AUTO_INCREMENT | BS_COL_UNIQUE;
    ddl_vec v = {0};
    for (;;) {
        bs_ddl_colopt o;
        int got;
        uint32_t ofirst = p->pos;
        TRY(column_option(p, c, &o, &got));
        if (!got) break;
        if (got == 2) continue;
        ddl_span_from(p, ofirst, &o.span);
        bs_ddl_colopt *slot = ddl_vec_push(p, &v, sizeof o);
        if (!slot) return BS_ENOMEM;
        *slot = o;
    }
    c->opts = v.items;
    c->nopts = v.n;
    /* summaries point into the final array */
    for (uint32_t i = 0; i < c->nopts; i++)
        summarize(c, &c->opts[i]);
    ddl_span_from(p, first, &c->span);
    return 0;
}

/* ---- indexes and constraints ---- */

void ddl_index_opts_init(bs_ddl_index_opts *o)
{
    memset(o, 0, sizeof *o);
    o->key_block_size = -1;
}

static int index_type(ddl_parser *p, bs_ddl_index_opts *o)
{
    if (ddl_accept(p, "BTREE"))
        o->using = BS_USING_BTREE;
    else if (ddl_accept(p, "HASH"))
        o->using = BS_USING_HASH;
    else if (ddl_accept(p, "RTREE"))
        o->using = BS_USING_RTREE;
    else
        return ddl_fail(p, "BTREE, HASH or RTREE");
    return 0;
}

int ddl_index_options(ddl_parser *p, bs_ddl_index_opts *o)
{
    for (;;) {
        if (ddl_accept(p, "KEY_BLOCK_SIZE")) {
            uint64_t v;
            ddl_opt_eq(p);
            TRY(ddl_uint(p, &v, NULL));
            o->key_block_size = v > INT64_MAX ? INT64_MAX : (int64_t)v;
        } else if (ddl_accept(p, "USING") || ddl_accept(p, "TYPE")) {
            TRY(index_type(p, o));
        } else if (ddl_accept_seq(p, (const char *const[]){"WITH", "PARSER", NULL})) {
            TRY(ddl_ident(p, &o->parser));
        } else if (ddl_accept(p, "COMMENT")) {
            TRY(ddl_string(p, &o->comment));
        } else if (ddl_accept(p, "VISIBLE")) {
            o->visibility = 1;
        } else if (ddl_accept(p, "INVISIBLE")) {
            o->visibility = 2;
        } else if (ddl_accept(p, "IGNORED")) {
            o->ignored = 1;
        } else if (ddl_accept_seq(p, (const char *const[]){"NOT", "IGNORED", NULL})) {
            o->ignored = 2;
        } else if (ddl_accept(p, "CLUSTERED")) {
            o->clustered = 1;
        } else if (ddl_accept(p, "NONCLUSTERED")) {
            o->clustered = 2;
        } else if (ddl_accept(p, "GLOBAL")) {
            o->global = 1;
        } else if (ddl_accept(p, "ENGINE_ATTRIBUTE")) {
            TRY(str_value(p, &o->engine_attribute));
        } else if (ddl_accept(p, "SECONDARY_ENGINE_ATTRIBUTE")) {
            TRY(str_value(p, &o->secondary_engine_attribute));
        } else {
            return 0;
        }
    }
}

/* col [(len)] [ASC|DESC] | (expr) [ASC|DESC] */
static int key_part(ddl_parser *p, bs_ddl_keypart *k)
{
    memset(k, 0, sizeof *k);
    k->length = -1;
    k->column.off = BS_DDL_NO_OFFSET;
    if (ddl_is_op(p, 0, "(")) {
        TRY(ddl_paren_expr(p, &k->expr));
    } else {
        TRY(ddl_ident(p, &k->column));
        if (ddl_is_op(p, 0, "(")) TRY(paren_number(p, &k->length));
    }
    if (ddl_accept(p, "ASC"))
        k->order = 1;
    else if (ddl_accept(p, "DESC"))
        k->order = 2;
    return 0;
}

int ddl_key_parts(ddl_parser *p, const bs_ddl_keypart **parts, uint32_t *n)
{
    ddl_vec v = {0};
    TRY(ddl_expect_op(p, "("));
    do {
        bs_ddl_keypart *k = ddl_vec_push(p, &v, sizeof *k);
        if (!k) return BS_ENOMEM;
        TRY(key_part(p, k));
    } while (ddl_accept_op(p, ","));
    TRY(ddl_expect_op(p, ")"));
    *parts = v.items;
    *n = v.n;
    return 0;
}

int ddl_at_constraint(ddl_parser *p)
{
    static const char *const starts[] = {"CONSTRAINT", "PRIMARY", "UNIQUE",  "INDEX", "KEY",
                                         "FULLTEXT",   "SPATIAL", "FOREIGN", "CHECK"};
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
        if (ddl_is(p, 0, starts[i])) return 1;
    return ddl_is(p, 0, "VECTOR") && (ddl_is(p, 1, "INDEX") || ddl_is(p, 1, "KEY"));
}

/* INDEX | KEY, recording which. */
static void key_or_index(ddl_parser *p, bs_ddl_constraint *c)
{
    if (ddl_accept(p, "KEY"))
        c->key_word = 1;
    else if (ddl_accept(p, "INDEX"))
        c->key_word = 2;
}

/* [name] [USING type] (parts) [options] */
static int index_tail(ddl_parser *p, bs_ddl_constraint *c)
{
    if (ddl_at_ident(p) && !ddl_is(p, 0, "TYPE"))
        TRY(ddl_ident(p, &c->name));
    else if (ddl_is(p, 0, "TYPE") &&
             !(ddl_is(p, 1, "BTREE") || ddl_is(p, 1, "HASH") || ddl_is(p, 1, "RTREE")))
        TRY(ddl_ident(p, &c->name));
    TRY(ddl_index_options(p, &c->opts));
    TRY(ddl_key_parts(p, &c->parts, &c->nparts));
    return ddl_index_options(p, &c->opts);
}

int ddl_constraint(ddl_parser *p, bs_ddl_constraint *c)
{
    memset(c, 0, sizeof *c);
    ddl_index_opts_init(&c->opts);
    c->enforced = 1;
    c->symbol.off = c->name.off = BS_DDL_NO_OFFSET;
    uint32_t first = p->pos;
    if (ddl_accept(p, "CONSTRAINT")) {
        c->has_constraint_kw = 1;
        if (ddl_at_ident(p)) TRY(ddl_ident(p, &c->symbol));
    }
    if (ddl_accept_seq(p, (const char *const[]){"PRIMARY", "KEY", NULL})) {
        c->kind = BS_CONS_PRIMARY;
        TRY(index_tail(p, c));
    } else if (ddl_accept(p, "UNIQUE")) {
        c->kind = BS_CONS_UNIQUE;
        key_or_index(p, c);
        TRY(index_tail(p, c));
    } else if (!c->has_constraint_kw && (ddl_is(p, 0, "INDEX") || ddl_is(p, 0, "KEY"))) {
        c->kind = BS_CONS_INDEX;
        key_or_index(p, c);
        if (ddl_if_not_exists(p)) c->if_not_exists = 1;
        TRY(index_tail(p, c));
    } else if (!c->has_constraint_kw &&
               (ddl_accept(p, "FULLTEXT") || ddl_accept(p, "SPATIAL") || ddl_accept(p, "VECTOR"))) {
        const bs_ddl_token *w = ddl_tok(p, p->pos - 1);
        c->kind = ddl_ieq(w->val, w->vlen, "FULLTEXT")  ? BS_CONS_FULLTEXT
                  : ddl_ieq(w->val, w->vlen, "SPATIAL") ? BS_CONS_SPATIAL
                                                        : BS_CONS_VECTOR;
        key_or_index(p, c);
        if (ddl_if_not_exists(p)) c->if_not_exists = 1;
        TRY(index_tail(p, c));
    } else if (ddl_accept_seq(p, (const char *const[]){"FOREIGN", "KEY", NULL})) {
        c->kind = BS_CONS_FOREIGN;
        if (ddl_if_not_exists(p)) c->if_not_exists = 1;
        if (ddl_at_ident(p)) TRY(ddl_ident(p, &c->name));
        TRY(ddl_key_parts(p, &c->parts, &c->nparts));
        TRY(ddl_reference(p, &c->ref));
    } else if (ddl_accept(p, "CHECK")) {
        c->kind = BS_CONS_CHECK;
        TRY(ddl_paren_expr(p, &c->check));
        if (ddl_accept_seq(p, (const char *const[]){"NOT", "ENFORCED", NULL}))
            c->enforced = 0;
        else
            ddl_accept(p, "ENFORCED");
    } else {
        return ddl_fail(p, "PRIMARY KEY, UNIQUE, INDEX, FOREIGN KEY or CHECK");
    }
    ddl_span_from(p, first, &c->span);
    return 0;
}

/* ---- table options ---- */

typedef struct topt_word {
    const char *w1, *w2;
    uint16_t kind;
} topt_word;

static const topt_word topt_words[] = {
    {"ENGINE", NULL, BS_TOPT_ENGINE},
    {"TYPE", NULL, BS_TOPT_ENGINE},
    {"STORAGE", "ENGINE", BS_TOPT_ENGINE},
    {"AUTO_INCREMENT", NULL, BS_TOPT_AUTO_INCREMENT},
    {"COMMENT", NULL, BS_TOPT_COMMENT},
    {"AVG_ROW_LENGTH", NULL, BS_TOPT_AVG_ROW_LENGTH},
    {"CHECKSUM", NULL, BS_TOPT_CHECKSUM},
    {"TABLE_CHECKSUM", NULL, BS_TOPT_TABLE_CHECKSUM},
    {"COMPRESSION", NULL, BS_TOPT_COMPRESSION},
    {"CONNECTION", NULL, BS_TOPT_CONNECTION},
    {"PASSWORD", NULL, BS_TOPT_PASSWORD},
    {"KEY_BLOCK_SIZE", NULL, BS_TOPT_KEY_BLOCK_SIZE},
    {"MAX_ROWS", NULL, BS_TOPT_MAX_ROWS},
    {"MIN_ROWS", NULL, BS_TOPT_MIN_ROWS},
    {"DELAY_KEY_WRITE", NULL, BS_TOPT_DELAY_KEY_WRITE},
    {"ROW_FORMAT", NULL, BS_TOPT_ROW_FORMAT},
    {"STATS_PERSISTENT", NULL, BS_TOPT_STATS_PERSISTENT},
    {"STATS_AUTO_RECALC", NULL, BS_TOPT_STATS_AUTO_RECALC},
    {"STATS_SAMPLE_PAGES", NULL, BS_TOPT_STATS_SAMPLE_PAGES},
    {"PACK_KEYS", NULL, BS_TOPT_PACK_KEYS},
    {"DATA", "DIRECTORY", BS_TOPT_DATA_DIRECTORY},
    {"INDEX", "DIRECTORY", BS_TOPT_INDEX_DIRECTORY},
    {"INSERT_METHOD", NULL, BS_TOPT_INSERT_METHOD},
    {"ENCRYPTION", NULL, BS_TOPT_ENCRYPTION},
    {"AUTOEXTEND_SIZE", NULL, BS_TOPT_AUTOEXTEND_SIZE},
    {"SECONDARY_ENGINE", NULL, BS_TOPT_SECONDARY_ENGINE},
    {"ENGINE_ATTRIBUTE", NULL, BS_TOPT_ENGINE_ATTRIBUTE},
    {"SECONDARY_ENGINE_ATTRIBUTE", NULL, BS_TOPT_SECONDARY_ENGINE_ATTRIBUTE},
    {"NODEGROUP", NULL, BS_TOPT_NODEGROUP},
    {"PAGE_CHECKSUM", NULL, BS_TOPT_PAGE_CHECKSUM},
    {"PAGE_COMPRESSED", NULL, BS_TOPT_PAGE_COMPRESSED},
    {"PAGE_COMPRESSION_LEVEL", NULL, BS_TOPT_PAGE_COMPRESSION_LEVEL},
    {"TRANSACTIONAL", NULL, BS_TOPT_TRANSACTIONAL},
    {"ENCRYPTION_KEY_ID", NULL, BS_TOPT_ENCRYPTION_KEY_ID},
    {"ENCRYPTED", NULL, BS_TOPT_ENCRYPTED},
    {"SEQUENCE", NULL, BS_TOPT_SEQUENCE},
    {"SHARD_ROW_ID_BITS", NULL, BS_TOPT_SHARD_ROW_ID_BITS},
    {"PRE_SPLIT_REGIONS", NULL, BS_TOPT_PRE_SPLIT_REGIONS},
    {"AUTO_ID_CACHE", NULL, BS_TOPT_AUTO_ID_CACHE},
    {"AUTO_RANDOM_BASE", NULL, BS_TOPT_AUTO_RANDOM_BASE},
};

/* [=] value: one token (name, string, number, or DEFAULT). */
static int option_value(ddl_parser *p, bs_ddl_table_option *o)
{
    ddl_opt_eq(p);
    const bs_ddl_token *t = ddl_peek(p, 0);
    if (ddl_is_op(p, 0, "-") && ddl_peek(p, 1)->kind == BS_TOK_NUMBER) {
        /* a negative number keeps its sign in the text */
        const bs_ddl_token *n = ddl_peek(p, 1);
        o->value.ptr = p->lx.s + t->off;
        o->value.len = n->off + n->len - t->off;
        o->value.off = t->off;
        p->pos += 2;
        return 0;
    }
    switch (t->kind) {
    case BS_TOK_WORD:
        if (ddl_ieq(t->val, t->vlen, "DEFAULT")) o->value_default = 1;
        /* fall through */
    case BS_TOK_QIDENT:
    case BS_TOK_STRING:
    case BS_TOK_NUMBER:
        o->value_string = t->kind == BS_TOK_STRING;
        o->value.ptr = t->val;
        o->value.len = t->vlen;
        o->value.off = t->off;
        p->pos++;
        return 0;
    default: return ddl_fail(p, "an option value");
    }
}

/* UNION [=] (t1, t2) */
static int union_tables(ddl_parser *p, bs_ddl_table_option *o)
{
    ddl_vec v = {0};
    ddl_opt_eq(p);
    TRY(ddl_expect_op(p, "("));
    if (!ddl_is_op(p, 0, ")")) {
        do {
            bs_ddl_table *t = ddl_vec_push(p, &v, sizeof *t);
            if (!t) return BS_ENOMEM;
            TRY(ddl_table_name(p, t));
        } while (ddl_accept_op(p, ","));
    }
    TRY(ddl_expect_op(p, ")"));
    o->tables = v.items;
    o->ntables = v.n;
    return 0;
}

/* The option forms that are not "word [=] value". */
static int special_option(ddl_parser *p, bs_ddl_table_option *o, int *got)
{
    *got = 1;
    if (ddl_accept(p, "UNION")) {
        o->kind = BS_TOPT_UNION;
        return union_tables(p, o);
    }
    if (ddl_accept(p, "TABLESPACE")) {
        o->kind = BS_TOPT_TABLESPACE;
        ddl_opt_eq(p);
        TRY(ddl_ident_or_string(p, &o->value, &o->value_string));
        if (ddl_accept(p, "STORAGE")) TRY(ddl_ident(p, &o->name));
        return 0;
    }
    if (ddl_is(p, 0, "STORAGE") && (ddl_is(p, 1, "DISK") || ddl_is(p, 1, "MEMORY"))) {
        o->kind = BS_TOPT_STORAGE;
        p->pos++;
        return ddl_ident(p, &o->value);
    }
    if (ddl_accept_seq(p, (const char *const[]){"START", "TRANSACTION", NULL})) {
        o->kind = BS_TOPT_START_TRANSACTION;
        return 0;
    }
    if (ddl_accept_seq(p, (const char *const[]){"WITH", "SYSTEM", "VERSIONING", NULL})) {
        o->kind = BS_TOPT_WITH_SYSTEM_VERSIONING;
        return 0;
    }
    *got = 0;
    return 0;
}

int ddl_table_option(ddl_parser *p, bs_ddl_table_option *o, int *got)
{
    memset(o, 0, sizeof *o);
    uint32_t first = p->pos;
    *got = 1;
    int dflt = ddl_is(p, 0, "DEFAULT");
    uint32_t k = dflt ? 1 : 0;
    if (ddl_is(p, k, "CHARSET") || (ddl_is(p, k, "CHARACTER") && ddl_is(p, k + 1, "SET")) ||
        (ddl_is(p, k, "CHAR") && ddl_is(p, k + 1, "SET"))) {
        o->kind = BS_TOPT_CHARSET;
        p->pos += k + (ddl_is(p, k, "CHARSET") ? 1 : 2);
    } else if (ddl_is(p, k, "COLLATE")) {
        o->kind = BS_TOPT_COLLATE;
        p->pos += k + 1;
    } else if (dflt && ddl_is(p, 1, "ENCRYPTION")) {
        o->kind = BS_TOPT_ENCRYPTION;
        p->pos += 2;
    } else if (dflt) {
        *got = 0;
        return 0;
    }
    if (o->kind) {
        o->default_kw = (uint8_t)dflt;
        TRY(option_value(p, o));
        ddl_span_from(p, first, &o->span);
        return 0;
    }
    TRY(special_option(p, o, got));
    if (!*got) {
        for (size_t i = 0; i < sizeof topt_words / sizeof topt_words[0]; i++) {
            const topt_word *w = &topt_words[i];
            if (!ddl_is(p, 0, w->w1) || (w->w2 && !ddl_is(p, 1, w->w2))) continue;
            p->pos += w->w2 ? 2 : 1;
            o->kind = w->kind;
            TRY(option_value(p, o));
            *got = 1;
            break;
        }
    }
    const bs_ddl_token *w = ddl_peek(p, 0);
    if (!*got && (w->kind == BS_TOK_WORD || w->kind == BS_TOK_QIDENT) && ddl_is_op(p, 1, "=") &&
        !ddl_is(p, 0, "ALGORITHM") && !ddl_is(p, 0, "LOCK")) {
        /* MariaDB engine-defined option: name = value */
        o->kind = BS_TOPT_OTHER;
        TRY(ddl_ident_or_string(p, &o->name, NULL));
        TRY(option_value(p, o));
        *got = 1;
    }
    if (*got) ddl_span_from(p, first, &o->span);
    return 0;
}

int ddl_table_options(ddl_parser *p, const bs_ddl_table_option **out, uint32_t *n)
{
    ddl_vec v = {0};
    for (;;) {
        uint32_t save = p->pos;
        if (v.n) ddl_accept_op(p, ",");
        bs_ddl_table_option o;
        int got;
        TRY(ddl_table_option(p, &o, &got));
        if (!got) {
            p->pos = save;
            break;
        }
        bs_ddl_table_option *slot = ddl_vec_push(p, &v, sizeof o);
        if (!slot) return BS_ENOMEM;
        *slot = o;
    }
    *out = v.items;
    *n = v.n;
    return 0;
}

/* ---- partitioning ---- */

static int name_list(ddl_parser *p, const bs_ddl_str **out, uint32_t *n)
{
    ddl_vec v = {0};
    TRY(ddl_expect_op(p, "("));
    if (!ddl_is_op(p, 0, ")")) {
        do {
            bs_ddl_str *s = ddl_vec_push(p, &v, sizeof *s);
            if (!s) return BS_ENOMEM;
            TRY(ddl_ident(p, s));
        } while (ddl_accept_op(p, ","));
    }
    TRY(ddl_expect_op(p, ")"));
    *out = v.items;
    *n = v.n;
    return 0;
}

/* [LINEAR] HASH (expr) | [LINEAR] KEY [ALGORITHM = n] (cols) | RANGE/LIST
 * [COLUMNS] (...) | SYSTEM_TIME [...] */
static int part_method(ddl_parser *p, bs_ddl_part_method_def *m, int sub)
{
    memset(m, 0, sizeof *m);
    m->key_algorithm = -1;
    m->linear = (uint8_t)ddl_accept(p, "LINEAR");
    if (ddl_accept(p, "HASH")) {
        m->method = BS_PART_HASH;
        return ddl_paren_expr(p, &m->expr);
    }
    if (ddl_accept(p, "KEY")) {
        m->method = BS_PART_KEY;
        if (ddl_accept(p, "ALGORITHM")) {
            uint64_t v;
            ddl_opt_eq(p);
            TRY(ddl_uint(p, &v, NULL));
            m->key_algorithm = v > INT32_MAX ? INT32_MAX : (int32_t)v;
        }
        return name_list(p, &m->cols, &m->ncols);
    }
    if (sub || m->linear) return ddl_fail(p, "HASH or KEY");
    if (ddl_accept(p, "RANGE"))
        m->method = BS_PART_RANGE;
    else if (ddl_accept(p, "LIST"))
        m->method = BS_PART_LIST;
    else if (ddl_accept(p, "SYSTEM_TIME"))
        m->method = BS_PART_SYSTEM_TIME;
    else
        return ddl_fail(p, "HASH, KEY, RANGE, LIST or SYSTEM_TIME");
    if (m->method == BS_PART_SYSTEM_TIME) {
        if (ddl_accept(p, "INTERVAL")) {
            uint32_t first = p->pos;
            if (ddl_peek(p, 0)->kind == BS_TOK_EOF) return ddl_fail(p, "an interval");
            p->pos++;
            ddl_span_from(p, first, &m->expr.span);
            ddl_expr_classify(p, &m->expr);
            TRY(ddl_ident(p, &m->interval_unit));
            if (ddl_accept(p, "STARTS")) {
                ddl_accept(p, "TIMESTAMP");
                if (ddl_peek(p, 0)->kind == BS_TOK_EOF) return ddl_fail(p, "a timestamp");
                p->pos++;
            }
        }
        if (ddl_accept(p, "LIMIT")) TRY(ddl_uint(p, NULL, &m->limit));
        ddl_accept(p, "AUTO");
        return 0;
    }
    if (ddl_accept(p, "COLUMNS")) {
        m->columns = 1;
        return name_list(p, &m->cols, &m->ncols);
    }
    return ddl_paren_expr(p, &m->expr);
}

/* Partition options: table options restricted to what a partition takes. */
static int part_def_options(ddl_parser *p, bs_ddl_part_def *d)
{
    ddl_vec v = {0};
    for (;;) {
        bs_ddl_table_option o;
        int got;
        TRY(ddl_table_option(p, &o, &got));
        if (!got) break;
        bs_ddl_table_option *slot = ddl_vec_push(p, &v, sizeof o);
        if (!slot) return BS_ENOMEM;
        *slot = o;
    }
    d->opts = v.items;
    d->nopts = v.n;
    return 0;
}

int ddl_part_def(ddl_parser *p, bs_ddl_part_def *d, int sub)
{
    memset(d, 0, sizeof *d);
    uint32_t first = p->pos;
    TRY(ddl_expect(p, sub ? "SUBPARTITION" : "PARTITION"));
    TRY(ddl_ident(p, &d->name));
    if (!sub && ddl_accept(p, "VALUES")) {
        if (ddl_accept_seq(p, (const char *const[]){"LESS", "THAN", NULL})) {
            if (ddl_accept(p, "MAXVALUE")) {
                d->values = BS_PVAL_LESS_THAN_MAXVALUE;
            } else {
                d->values = BS_PVAL_LESS_THAN;
                TRY(ddl_balanced(p, &d->values_span));
            }
        } else if (ddl_accept(p, "IN")) {
            d->values = BS_PVAL_IN;
            TRY(ddl_balanced(p, &d->values_span));
        } else {
            return ddl_fail(p, "LESS THAN or IN");
        }
    } else if (!sub && ddl_accept(p, "DEFAULT")) {
        d->values = BS_PVAL_DEFAULT;
    } else if (!sub && ddl_accept(p, "HISTORY")) {
        d->values = BS_PVAL_HISTORY;
    } else if (!sub && ddl_accept(p, "CURRENT")) {
        d->values = BS_PVAL_CURRENT;
    }
    TRY(part_def_options(p, d));
    if (!sub && ddl_is_op(p, 0, "(")) {
        ddl_vec v = {0};
        p->pos++;
        do {
            bs_ddl_part_def *s = ddl_vec_push(p, &v, sizeof *s);
            if (!s) return BS_ENOMEM;
            TRY(ddl_part_def(p, s, 1));
        } while (ddl_accept_op(p, ","));
        TRY(ddl_expect_op(p, ")"));
        d->sub = v.items;
        d->nsub = v.n;
    }
    ddl_span_from(p, first, &d->span);
    return 0;
}

int ddl_part_defs(ddl_parser *p, const bs_ddl_part_def **defs, uint32_t *n)
{
    ddl_vec v = {0};
    TRY(ddl_expect_op(p, "("));
    do {
        bs_ddl_part_def *d = ddl_vec_push(p, &v, sizeof *d);
        if (!d) return BS_ENOMEM;
        TRY(ddl_part_def(p, d, 0));
    } while (ddl_accept_op(p, ","));
    TRY(ddl_expect_op(p, ")"));
    *defs = v.items;
    *n = v.n;
    return 0;
}

int ddl_partitioning(ddl_parser *p, const bs_ddl_partitioning **out)
{
    bs_ddl_partitioning *pt = ddl_alloc(p, sizeof *pt);
    if (!pt) return BS_ENOMEM;
    uint32_t first = p->pos;
    TRY(ddl_expect(p, "PARTITION"));
    TRY(ddl_expect(p, "BY"));
    TRY(part_method(p, &pt->method, 0));
    if (ddl_accept(p, "PARTITIONS")) {
        uint64_t v;
        TRY(ddl_uint(p, &v, NULL));
        pt->method.num = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
    }
    if (ddl_accept(p, "SUBPARTITION")) {
        TRY(ddl_expect(p, "BY"));
        pt->has_sub = 1;
        TRY(part_method(p, &pt->sub, 1));
        if (ddl_accept(p, "SUBPARTITIONS")) {
            uint64_t v;
            TRY(ddl_uint(p, &v, NULL));
            pt->sub.num = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
        }
    }
    if (ddl_is_op(p, 0, "(")) TRY(ddl_part_defs(p, &pt->defs, &pt->ndefs));
    ddl_span_from(p, first, &pt->span);
    *out = pt;
    return 0;
}

/* ---- CREATE TABLE ---- */

/* MariaDB PERIOD FOR name (start, end): accepted, not kept. */
static int period_def(ddl_parser *p)
{
    bs_ddl_str name;
    TRY(ddl_expect(p, "PERIOD"));
    TRY(ddl_expect(p, "FOR"));
    TRY(ddl_ident_or_string(p, &name, NULL));
    return ddl_balanced(p, NULL);
}

/* "( column | constraint , ... )" - the element list of CREATE TABLE and of
 * ALTER TABLE ADD COLUMN (...). MariaDB's PERIOD FOR, allowed only in CREATE
 * TABLE, is parsed and not kept. */
int ddl_element_list(ddl_parser *p, int allow_period, ddl_vec *cols, ddl_vec *cons)
{
    TRY(ddl_expect_op(p, "("));
    do {
        if (allow_period && ddl_is(p, 0, "PERIOD") && ddl_is(p, 1, "FOR")) {
            TRY(period_def(p));
        } else if (ddl_at_constraint(p)) {
            bs_ddl_constraint *c = ddl_vec_push(p, cons, sizeof *c);
            if (!c) return BS_ENOMEM;
            TRY(ddl_constraint(p, c));
        } else {
            bs_ddl_column *c = ddl_vec_push(p, cols, sizeof *c);
            if (!c) return BS_ENOMEM;
            TRY(ddl_column_def(p, c));
        }
    } while (ddl_accept_op(p, ","));
    return ddl_expect_op(p, ")");
}

static int table_elements(ddl_parser *p, bs_ddl_create_table *ct)
{
    ddl_vec cols = {0}, cons = {0};
    TRY(ddl_element_list(p, 1, &cols, &cons));
    ct->columns = cols.items;
    ct->ncolumns = cols.n;
    ct->constraints = cons.items;
    ct->nconstraints = cons.n;
    return 0;
}

/* 1 when a query (SELECT, WITH, TABLE, VALUES, or a parenthesized one)
 * starts at token k. */
static int at_query(ddl_parser *p, uint32_t k)
{
    uint32_t i = k;
    while (ddl_is_op(p, i, "("))
        i++;
    return ddl_is(p, i, "SELECT") || ddl_is(p, i, "WITH") ||
           (i == k && (ddl_is(p, i, "TABLE") || ddl_is(p, i, "VALUES")));
}

/* [IGNORE|REPLACE] [AS] query, to the end of the statement. */
static int create_select(ddl_parser *p, bs_ddl_create_table *ct)
{
    if (ddl_accept(p, "IGNORE"))
        ct->on_duplicate = 1;
    else if (ddl_accept(p, "REPLACE"))
        ct->on_duplicate = 2;
    ct->select_as = (uint8_t)ddl_accept(p, "AS");
    if (!at_query(p, 0)) {
        if (ct->on_duplicate || ct->select_as) return ddl_fail(p, "a query");
        return 0;
    }
    ct->has_select = 1;
    uint32_t first = p->pos;
    size_t depth = 0;
    for (;;) {
        const bs_ddl_token *t = ddl_peek(p, 0);
        if (t->kind == BS_TOK_EOF) break;
        if (t->kind == BS_TOK_OP && t->vlen == 1) {
            if (t->val[0] == '(')
                depth++;
            else if (t->val[0] == ')' && depth)
                depth--;
            else if (t->val[0] == ';' && depth == 0)
                break;
        }
        p->pos++;
    }
    ddl_span_from(p, first, &ct->select);
    return 0;
}

int ddl_create_table(ddl_parser *p)
{
    bs_ddl_stmt *s = &p->stmt;
    bs_ddl_create_table *ct = &s->u.create_table;
    s->kind = BS_STMT_CREATE_TABLE;
    if (ddl_if_not_exists(p)) s->flags |= BS_STMTF_IF_NOT_EXISTS;
    TRY(ddl_table_name(p, &ct->table));
    if (ddl_accept(p, "LIKE")) {
        ct->like = 1;
        return ddl_table_name(p, &ct->like_table);
    }
    if (ddl_is_op(p, 0, "(") && ddl_is(p, 1, "LIKE")) {
        p->pos += 2;
        ct->like = 1;
        TRY(ddl_table_name(p, &ct->like_table));
        return ddl_expect_op(p, ")");
    }
    if (ddl_is_op(p, 0, "(") && !at_query(p, 0)) TRY(table_elements(p, ct));
    TRY(ddl_table_options(p, &ct->options, &ct->noptions));
    if (ddl_is(p, 0, "PARTITION") && ddl_is(p, 1, "BY"))
        TRY(ddl_partitioning(p, &ct->partitioning));
    TRY(create_select(p, ct));
    if (ct->ncolumns == 0 && ct->nconstraints == 0 && !ct->has_select)
        return ddl_fail(p, "a column list, LIKE or a query");
    return 0;
}
