/*
 * tracker_column.c - a tracked column from a column definition of the syntax
 * tree, and the definition text old_column re-parses.
 *
 * The public facts (BS_TYPE_* code, lengths, flags, collation) are read from
 * the parsed definition. The text is rebuilt from the statement's tokens
 * rather than copied from its bytes: a definition may sit inside version
 * comments (`DEFAULT NULL /\*!80023 INVISIBLE *\/`), whose bytes cannot be
 * cut at token boundaries. Identifiers are re-quoted with backquotes and
 * strings with single quotes, so the text reads the same under any sql_mode.
 *
 * Charsets: a character column that names neither charset nor collation
 * gets the table's (or the database's) at the time it is defined, as in
 * MySQL and TiDB, and keeps it when the table's default changes later. The
 * collation id is the declared one, else TiDB's default for the charset
 * (its _bin collation), which is what DM's tracker gives the column.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "schema/tracker_internal.h"
#include "util/error_internal.h"

int tr_fail(bs_error *err, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int rc = bs_error_set(err, BS_EINVAL, NULL, BS_NO_OFFSET, "cannot track DDL: %s", msg);
    if (err) err->dm_code = BS_DM_CANNOT_TRACK_DDL;
    return rc;
}

int tr_ieq(const char *a, const char *b)
{
    return strcasecmp(a, b) == 0;
}

int tr_ieqn(const char *a, const char *b, size_t blen)
{
    return strlen(a) == blen && strncasecmp(a, b, blen) == 0;
}

int tr_needs_charset(uint8_t t)
{
    return t == BS_DDL_TYPE_CHAR || t == BS_DDL_TYPE_VARCHAR ||
           (t >= BS_DDL_TYPE_TINYTEXT && t <= BS_DDL_TYPE_LONGTEXT) || t == BS_DDL_TYPE_ENUM ||
           t == BS_DDL_TYPE_SET;
}

static int is_binary_kind(uint8_t t)
{
    return t == BS_DDL_TYPE_BINARY || t == BS_DDL_TYPE_VARBINARY ||
           (t >= BS_DDL_TYPE_TINYBLOB && t <= BS_DDL_TYPE_LONGBLOB);
}

/* ---- token rendering ---- */

static int put_quoted(bs_buf *b, char q, const char *s, size_t n)
{
    int rc = bs_buf_putc(b, q);
    for (size_t i = 0; i < n && !rc; i++) {
        if (s[i] == q)
            rc = bs_buf_putc(b, q);
        else if (s[i] == '\\' && q == '\'')
            rc = bs_buf_putc(b, '\\');
        if (!rc) rc = bs_buf_putc(b, s[i]);
    }
    return rc ? rc : bs_buf_putc(b, q);
}

/* One token as SQL; words lower-cased when lower. */
static int put_token(bs_buf *b, const bs_ddl_stmt *st, const bs_ddl_token *k, int lower)
{
    switch (k->kind) {
    case BS_TOK_QIDENT: return put_quoted(b, '`', k->val, k->vlen);
    case BS_TOK_STRING:
        if (k->flags & BS_TOKF_NATIONAL && bs_buf_putc(b, 'N')) return BS_ENOMEM;
        if (k->flags & BS_TOKF_INTRODUCER &&
            (bs_buf_putc(b, '_') || bs_buf_append(b, k->charset, k->charset_len)))
            return BS_ENOMEM;
        return put_quoted(b, '\'', k->val, k->vlen);
    case BS_TOK_WORD:
        if (lower) {
            for (uint32_t i = 0; i < k->vlen; i++)
                if (bs_buf_putc(b, (char)tolower((unsigned char)k->val[i]))) return BS_ENOMEM;
            return 0;
        }
        return bs_buf_append(b, k->val, k->vlen);
    default: return bs_buf_append(b, st->sql + k->off, k->len);
    }
}

static int is_op(const bs_ddl_stmt *st, const bs_ddl_token *k, char c)
{
    return k->kind == BS_TOK_OP && k->len == 1 && st->sql[k->off] == c;
}

/* A sign that cannot be a binary operator: first, or after an operator. */
static int is_unary_sign(const bs_ddl_stmt *st, const bs_ddl_token *before, const bs_ddl_token *k)
{
    return (is_op(st, k, '-') || is_op(st, k, '+')) && (!before || before->kind == BS_TOK_OP);
}

/* Tokens are joined with single spaces, except after ( , and a unary sign,
 * and before ( ) , */
static int put_separator(bs_buf *b, const bs_ddl_stmt *st, const bs_ddl_token *before,
                         const bs_ddl_token *prev, const bs_ddl_token *k)
{
    if (!prev || is_op(st, prev, '(') || is_op(st, prev, ',') || is_op(st, k, '(') ||
        is_op(st, k, ')') || is_op(st, k, ',') || is_unary_sign(st, before, prev))
        return 0;
    return bs_buf_putc(b, ' ');
}

/* Tokens [first, end) of st minus those for which skip[] is set. */
static int put_tokens(bs_buf *b, const bs_ddl_stmt *st, uint32_t first, uint32_t end,
                      const uint8_t *skip, int lower)
{
    const bs_ddl_token *before = NULL, *prev = NULL;
    for (uint32_t i = first; i < end && i < st->ntokens; i++) {
        if (skip && skip[i - first]) continue;
        const bs_ddl_token *k = &st->tokens[i];
        if (put_separator(b, st, before, prev, k) || put_token(b, st, k, lower)) return BS_ENOMEM;
        before = prev;
        prev = k;
    }
    return 0;
}

char *tr_strdup(bs_schema_tracker *t, const char *s, size_t n)
{
    char *p = bs_arena_alloc(&t->scratch, n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = 0;
    return p;
}

/* The rendered tokens as a scratch string. */
static const char *tokens_text(bs_schema_tracker *t, const bs_ddl_stmt *st, uint32_t first,
                               uint32_t end, const uint8_t *skip, int lower)
{
    bs_buf b = {0};
    const char *r = NULL;
    if (put_tokens(&b, st, first, end, skip, lower) == 0)
        r = tr_strdup(t, b.data ? b.data : "", b.len);
    bs_buf_free(&b);
    return r;
}

const char *tr_expr_text(bs_schema_tracker *t, const bs_ddl_stmt *st, const bs_ddl_expr *e)
{
    bs_buf b = {0};
    const char *r = NULL;
    if ((!e->parenthesized || bs_buf_putc(&b, '(') == 0) &&
        put_tokens(&b, st, e->span.tok, e->span.tok + e->span.ntok, NULL, 0) == 0 &&
        (!e->parenthesized || bs_buf_putc(&b, ')') == 0))
        r = tr_strdup(t, b.data ? b.data : "", b.len);
    bs_buf_free(&b);
    return r;
}

/* ---- charsets ---- */

static const char *lower_dup(bs_schema_tracker *t, const char *s, size_t n)
{
    char *p = tr_strdup(t, s, n);
    if (p)
        for (size_t i = 0; i < n; i++)
            p[i] = (char)tolower((unsigned char)p[i]);
    return p;
}

int tr_charset_pair(bs_schema_tracker *t, const bs_ddl_str *cs, const bs_ddl_str *co,
                    const char **charset, const char **collate)
{
    *charset = cs && cs->len ? lower_dup(t, cs->ptr, cs->len) : "";
    *collate = co && co->len ? lower_dup(t, co->ptr, co->len) : "";
    if (!*charset || !*collate) return BS_ENOMEM;
    if (!**charset && **collate) { /* a collation alone names its charset */
        const char *u = strchr(*collate, '_');
        size_t n = u ? (size_t)(u - *collate) : strlen(*collate);
        if (!(*charset = tr_strdup(t, *collate, n))) return BS_ENOMEM;
    }
    return 0;
}

uint16_t tr_collation_id(const char *charset, const char *collate)
{
    if (collate && *collate) return bs_rules_expr_collation_id(collate);
    if (!charset || !*charset) return 0;
    if (strcmp(charset, "binary") == 0) return BS_CHARSET_BINARY;
    char name[80];
    snprintf(name, sizeof name, "%s_bin", charset);
    return bs_rules_expr_collation_id(name);
}

/* The column's charset and collation: its own, else the table's at the time
 * it is defined. */
static int column_charset(bs_schema_tracker *t, const bs_ddl_column *col, const char *tcs,
                          const char *tco, tr_col *c)
{
    c->charset = c->collate = "";
    if (is_binary_kind(col->type.base) || col->type.base == BS_DDL_TYPE_GEOMETRY ||
        col->type.base == BS_DDL_TYPE_JSON) {
        c->pub.collation = col->type.base == BS_DDL_TYPE_JSON ? 0 : BS_CHARSET_BINARY;
        return 0;
    }
    if (!tr_needs_charset(col->type.base)) return 0;
    const bs_ddl_coltype *ty = &col->type;
    if (col->charset.len || col->collate.len) {
        if (tr_charset_pair(t, &col->charset, &col->collate, &c->charset, &c->collate))
            return BS_ENOMEM;
    } else if (ty->ascii || ty->unicode || ty->byte_attr) {
        c->charset = ty->ascii ? "latin1" : ty->unicode ? "ucs2" : "binary";
    } else {
        c->charset = tcs ? tcs : "";
        c->collate = tco ? tco : "";
    }
    if (ty->binary && !col->collate.len && *c->charset) {
        char name[80];
        snprintf(name, sizeof name, "%s_bin", c->charset);
        if (!(c->collate = tr_strdup(t, name, strlen(name)))) return BS_ENOMEM;
    }
    c->pub.collation = tr_collation_id(c->charset, c->collate);
    return 0;
}

/* ---- types ---- */

static uint8_t value_type(uint8_t base)
{
    static const uint8_t map[BS_DDL_TYPE__COUNT] = {
        [BS_DDL_TYPE_TINYINT] = BS_TYPE_TINY,
        [BS_DDL_TYPE_SMALLINT] = BS_TYPE_SHORT,
        [BS_DDL_TYPE_MEDIUMINT] = BS_TYPE_INT24,
        [BS_DDL_TYPE_INT] = BS_TYPE_LONG,
        [BS_DDL_TYPE_BIGINT] = BS_TYPE_LONGLONG,
        [BS_DDL_TYPE_DECIMAL] = BS_TYPE_NEWDECIMAL,
        [BS_DDL_TYPE_FLOAT] = BS_TYPE_FLOAT,
        [BS_DDL_TYPE_DOUBLE] = BS_TYPE_DOUBLE,
        [BS_DDL_TYPE_BIT] = BS_TYPE_BIT,
        [BS_DDL_TYPE_YEAR] = BS_TYPE_YEAR,
        [BS_DDL_TYPE_DATE] = BS_TYPE_DATE,
        [BS_DDL_TYPE_TIME] = BS_TYPE_TIME2,
        [BS_DDL_TYPE_DATETIME] = BS_TYPE_DATETIME2,
        [BS_DDL_TYPE_TIMESTAMP] = BS_TYPE_TIMESTAMP2,
        [BS_DDL_TYPE_CHAR] = BS_TYPE_STRING,
        [BS_DDL_TYPE_VARCHAR] = BS_TYPE_VARCHAR,
        [BS_DDL_TYPE_BINARY] = BS_TYPE_STRING,
        [BS_DDL_TYPE_VARBINARY] = BS_TYPE_VARCHAR,
        [BS_DDL_TYPE_TINYTEXT] = BS_TYPE_TINY_BLOB,
        [BS_DDL_TYPE_TEXT] = BS_TYPE_BLOB,
        [BS_DDL_TYPE_MEDIUMTEXT] = BS_TYPE_MEDIUM_BLOB,
        [BS_DDL_TYPE_LONGTEXT] = BS_TYPE_LONG_BLOB,
        [BS_DDL_TYPE_TINYBLOB] = BS_TYPE_TINY_BLOB,
        [BS_DDL_TYPE_BLOB] = BS_TYPE_BLOB,
        [BS_DDL_TYPE_MEDIUMBLOB] = BS_TYPE_MEDIUM_BLOB,
        [BS_DDL_TYPE_LONGBLOB] = BS_TYPE_LONG_BLOB,
        [BS_DDL_TYPE_ENUM] = BS_TYPE_ENUM,
        [BS_DDL_TYPE_SET] = BS_TYPE_SET,
        [BS_DDL_TYPE_JSON] = BS_TYPE_JSON,
        [BS_DDL_TYPE_VECTOR] = BS_TYPE_VECTOR,
        [BS_DDL_TYPE_INET4] = BS_TYPE_STRING,
        [BS_DDL_TYPE_INET6] = BS_TYPE_STRING,
        [BS_DDL_TYPE_UUID] = BS_TYPE_STRING,
    };
    if (base >= BS_DDL_TYPE_GEOMETRY && base <= BS_DDL_TYPE_GEOMETRYCOLLECTION)
        return BS_TYPE_GEOMETRY;
    return base < BS_DDL_TYPE__COUNT && map[base] ? map[base] : BS_TYPE_INVALID;
}

static uint8_t clamp_u8(int32_t v)
{
    return v < 0 ? 0 : v > 255 ? 255 : (uint8_t)v;
}

static void type_facts(const bs_ddl_coltype *ty, bs_schema_column *p)
{
    p->type = value_type(ty->base);
    p->is_unsigned = ty->is_unsigned || ty->zerofill;
    switch (ty->base) {
    case BS_DDL_TYPE_DECIMAL:
        p->precision = ty->length < 0 ? 10 : clamp_u8(ty->length);
        p->scale = ty->decimals < 0 ? 0 : clamp_u8(ty->decimals);
        break;
    case BS_DDL_TYPE_FLOAT:
    case BS_DDL_TYPE_DOUBLE:
        p->precision = clamp_u8(ty->length);
        p->scale = clamp_u8(ty->decimals);
        break;
    case BS_DDL_TYPE_TIME:
    case BS_DDL_TYPE_DATETIME:
    case BS_DDL_TYPE_TIMESTAMP: p->scale = clamp_u8(ty->decimals); break;
    case BS_DDL_TYPE_CHAR:
    case BS_DDL_TYPE_BINARY:
    case BS_DDL_TYPE_BIT: p->length = ty->length < 0 ? 1 : (uint32_t)ty->length; break;
    case BS_DDL_TYPE_VARCHAR:
    case BS_DDL_TYPE_VARBINARY: p->length = ty->length < 0 ? 0 : (uint32_t)ty->length; break;
    case BS_DDL_TYPE_INET4: p->length = 4; break;
    case BS_DDL_TYPE_INET6:
    case BS_DDL_TYPE_UUID: p->length = 16; break;
    default: break;
    }
}

static int copy_members(bs_schema_tracker *t, const bs_ddl_coltype *ty, bs_schema_column *p)
{
    if (!ty->nelems) return 0;
    const char **m = bs_arena_alloc(&t->scratch, ty->nelems * sizeof *m);
    if (!m) return BS_ENOMEM;
    for (uint32_t i = 0; i < ty->nelems; i++)
        if (!(m[i] = tr_strdup(t, ty->elems[i].ptr, ty->elems[i].len))) return BS_ENOMEM;
    p->members = m;
    p->n_members = ty->nelems;
    return 0;
}

/* ---- definition text ---- */

/* Mark the type's charset/collation attributes (CHARACTER SET x, CHARSET x,
 * COLLATE x, BINARY, ASCII, UNICODE, BYTE after the type name): the tracker
 * writes the resolved pair itself. */
static void skip_type_charset(const bs_ddl_stmt *st, const bs_ddl_span *sp, uint8_t *skip)
{
    for (uint32_t i = 1; i < sp->ntok; i++) {
        const bs_ddl_token *k = &st->tokens[sp->tok + i];
        if (k->kind != BS_TOK_WORD) continue;
        uint32_t n = 0;
        if (tr_ieqn("CHARACTER", k->val, k->vlen) && i + 2 < sp->ntok &&
            tr_ieqn("SET", st->tokens[sp->tok + i + 1].val, st->tokens[sp->tok + i + 1].vlen))
            n = 3;
        else if ((tr_ieqn("CHARSET", k->val, k->vlen) || tr_ieqn("COLLATE", k->val, k->vlen)) &&
                 i + 1 < sp->ntok)
            n = 2;
        else if (tr_ieqn("BINARY", k->val, k->vlen) || tr_ieqn("ASCII", k->val, k->vlen) ||
                 tr_ieqn("UNICODE", k->val, k->vlen) || tr_ieqn("BYTE", k->val, k->vlen))
            n = 1;
        for (uint32_t j = 0; j < n; j++)
            skip[i + j] = 1;
        if (n) i += n - 1;
    }
}

static int modelled_option(uint8_t kind)
{
    switch (kind) {
    case BS_COLOPT_NOT_NULL:
    case BS_COLOPT_NULL:
    case BS_COLOPT_DEFAULT:
    case BS_COLOPT_AUTO_INCREMENT:
    case BS_COLOPT_PRIMARY_KEY:
    case BS_COLOPT_UNIQUE:
    case BS_COLOPT_COLLATE:
    case BS_COLOPT_CHARSET:
    case BS_COLOPT_VISIBLE:
    case BS_COLOPT_INVISIBLE:
    case BS_COLOPT_SERIAL_DEFAULT_VALUE: return 1;
    default: return 0;
    }
}

/* def_type and def_rest of the column. */
static int definition_parts(bs_schema_tracker *t, const bs_ddl_stmt *st, const bs_ddl_column *col,
                            tr_col *c)
{
    const bs_ddl_span *ty = &col->type.span;
    uint32_t end = col->span.tok + col->span.ntok, rest = ty->tok + ty->ntok;
    if (end > st->ntokens || rest > end) return BS_EINVAL;
    uint8_t *skip = bs_arena_alloc(&t->scratch, (size_t)(end - ty->tok) + 1);
    if (!skip) return BS_ENOMEM;
    memset(skip, 0, (size_t)(end - ty->tok) + 1);
    if (tr_needs_charset(col->type.base)) skip_type_charset(st, ty, skip);
    for (uint32_t i = 0; i < col->nopts; i++) {
        const bs_ddl_span *o = &col->opts[i].span;
        if (!modelled_option(col->opts[i].kind) || o->tok < rest) continue;
        for (uint32_t k = o->tok; k < o->tok + o->ntok && k < end; k++)
            skip[k - ty->tok] = 1;
    }
    c->def_type = tokens_text(t, st, ty->tok, rest, skip, 0);
    c->def_rest = tokens_text(t, st, rest, end, skip + (rest - ty->tok), 0);
    c->pub.type_text = tokens_text(t, st, ty->tok, rest, NULL, 1);
    return c->def_type && c->def_rest && c->pub.type_text ? 0 : BS_ENOMEM;
}

int tr_column_from_ddl(bs_schema_tracker *t, const bs_ddl_stmt *st, const bs_ddl_column *col,
                       const char *table_charset, const char *table_collate, tr_col *c)
{
    memset(c, 0, sizeof *c);
    bs_schema_column *p = &c->pub;
    if (!(p->name = tr_strdup(t, col->name.ptr, col->name.len))) return BS_ENOMEM;
    c->ddl_type = col->type.base;
    type_facts(&col->type, p);
    p->not_null = (col->flags & (BS_COL_NOT_NULL | BS_COL_PRIMARY_KEY)) != 0;
    p->auto_increment = (col->flags & BS_COL_AUTO_INCREMENT) != 0;
    p->hidden = (col->flags & BS_COL_INVISIBLE) != 0;
    p->generated = (col->flags & BS_COL_GENERATED) != 0;
    if (col->default_value) {
        p->has_default = 1;
        if (!(p->default_text = tr_expr_text(t, st, col->default_value))) return BS_ENOMEM;
    }
    int rc = column_charset(t, col, table_charset, table_collate, c);
    if (!rc) rc = copy_members(t, &col->type, p);
    if (!rc) rc = definition_parts(t, st, col, c);
    return rc;
}

static int put_ident(bs_buf *b, const char *s)
{
    return put_quoted(b, '`', s, strlen(s));
}

int tr_column_definition(const tr_col *c, int not_null, bs_buf *out)
{
    const bs_schema_column *p = &c->pub;
    int rc = put_ident(out, p->name);
    if (!rc) rc = bs_buf_printf(out, " %s", c->def_type);
    if (!rc && tr_needs_charset(c->ddl_type) && *c->charset)
        rc = bs_buf_printf(out, " CHARACTER SET %s", c->charset);
    if (!rc && tr_needs_charset(c->ddl_type) && *c->collate)
        rc = bs_buf_printf(out, " COLLATE %s", c->collate);
    if (!rc && *c->def_rest) rc = bs_buf_printf(out, " %s", c->def_rest);
    if (!rc && not_null) rc = bs_buf_puts(out, " NOT NULL");
    if (!rc && p->auto_increment) rc = bs_buf_puts(out, " AUTO_INCREMENT");
    if (!rc && p->has_default) rc = bs_buf_printf(out, " DEFAULT %s", p->default_text);
    if (!rc && p->hidden) rc = bs_buf_puts(out, " INVISIBLE");
    return rc;
}
