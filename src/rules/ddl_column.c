/*
 * ddl_column.c - DM's event type for MODIFY/CHANGE COLUMN (dm-rules.md §5.3;
 * tiflow dm/syncer/ddl.go handleModifyColumn and needChangeColumnData).
 *
 * DM takes the old column from its schema tracker and builds the new one the
 * way TiDB's DDL code does: the parser's field type, charset and collation
 * resolved against the column, the table and the database
 * (ProcessColumnCharsetAndCollation), default lengths filled
 * (setCharsetCollationFlenDecimal), then the column options applied
 * (ProcessModifyColumnOptions). Both columns are brought here into that same
 * model - TiDB's type code, flen, decimal, unsigned flag, element list,
 * charset, collation, key flags and default value - so that the comparison
 * reads like DM's: first needChangeColumnData (type changes), and if that
 * does not flag anything, lost AUTO_INCREMENT, lost primary key flag, lost
 * unique flag, another default, charset, collation, FIRST/AFTER, another
 * name, else `alter table`.
 *
 * Whatever makes TiDB's code fail (an option MODIFY cannot take, a default
 * the type cannot hold, an unknown charset) makes DM fall back to `alter
 * table`, and so it does here. Facts of the running TiDB that decide
 * details: new collations are disabled in dm-worker (so CHAR -> VARCHAR is
 * not a "char/varchar conversion"), the default collation of every charset is
 * its _bin one (utf8mb4_bin for utf8mb4), strict SQL mode.
 *
 * Default values are compared the way TiDB stores them: converted to the
 * column's type and printed (integers, decimals with the column's scale,
 * floats, dates and datetimes in canonical form, ENUM members by name,
 * BINARY values padded); an expression default is compared token by token,
 * names and keywords case-insensitively.
 */
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/query_internal.h"

/* MySQL type codes, as TiDB's FieldType holds them. */
enum {
    TP_TINY = 1,
    TP_SHORT = 2,
    TP_LONG = 3,
    TP_FLOAT = 4,
    TP_DOUBLE = 5,
    TP_TIMESTAMP = 7,
    TP_LONGLONG = 8,
    TP_INT24 = 9,
    TP_DATE = 10,
    TP_DURATION = 11,
    TP_DATETIME = 12,
    TP_YEAR = 13,
    TP_VARCHAR = 15,
    TP_BIT = 16,
    TP_VECTOR = 225,
    TP_JSON = 245,
    TP_NEWDECIMAL = 246,
    TP_ENUM = 247,
    TP_SET = 248,
    TP_TINYBLOB = 249,
    TP_MEDIUMBLOB = 250,
    TP_LONGBLOB = 251,
    TP_BLOB = 252,
    TP_STRING = 254,
    TP_GEOMETRY = 255
};

#define UNSPECIFIED (-1)

enum { DEF_NONE = 0, DEF_TEXT, DEF_EXPR };

typedef struct col_default {
    int kind;
    const char *ptr; /* DEF_TEXT: the value (may point into buf) */
    size_t len;
    size_t pad;              /* DEF_TEXT: compared as padded with '\0' to this length */
    const bs_ddl_expr *expr; /* DEF_EXPR */
    const bs_ddl_stmt *stmt;
    char buf[96];
} col_default;

/* A column the way TiDB's DDL code holds it. */
typedef struct tidb_col {
    int tp;
    int64_t flen;
    int decimal;
    bool is_unsigned, autoinc, pk, unique;
    const bs_ddl_coltype *type;
    char charset[64], collate[64];
    col_default def;
    bs_ddl_str name;
} tidb_col;

int bs_dm_ieq(const char *s, size_t n, const char *z)
{
    size_t zn = strlen(z);
    if (zn != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)s[i]) != tolower((unsigned char)z[i])) return 0;
    return 1;
}

/* ---- types ---- */

static int tidb_type(uint8_t base)
{
    static const struct {
        uint8_t base;
        int tp;
    } map[] = {
        {BS_DDL_TYPE_TINYINT, TP_TINY},
        {BS_DDL_TYPE_SMALLINT, TP_SHORT},
        {BS_DDL_TYPE_MEDIUMINT, TP_INT24},
        {BS_DDL_TYPE_INT, TP_LONG},
        {BS_DDL_TYPE_BIGINT, TP_LONGLONG},
        {BS_DDL_TYPE_DECIMAL, TP_NEWDECIMAL},
        {BS_DDL_TYPE_FLOAT, TP_FLOAT},
        {BS_DDL_TYPE_DOUBLE, TP_DOUBLE},
        {BS_DDL_TYPE_BIT, TP_BIT},
        {BS_DDL_TYPE_YEAR, TP_YEAR},
        {BS_DDL_TYPE_DATE, TP_DATE},
        {BS_DDL_TYPE_TIME, TP_DURATION},
        {BS_DDL_TYPE_DATETIME, TP_DATETIME},
        {BS_DDL_TYPE_TIMESTAMP, TP_TIMESTAMP},
        {BS_DDL_TYPE_CHAR, TP_STRING},
        {BS_DDL_TYPE_BINARY, TP_STRING},
        {BS_DDL_TYPE_VARCHAR, TP_VARCHAR},
        {BS_DDL_TYPE_VARBINARY, TP_VARCHAR},
        {BS_DDL_TYPE_TINYTEXT, TP_TINYBLOB},
        {BS_DDL_TYPE_TINYBLOB, TP_TINYBLOB},
        {BS_DDL_TYPE_TEXT, TP_BLOB},
        {BS_DDL_TYPE_BLOB, TP_BLOB},
        {BS_DDL_TYPE_MEDIUMTEXT, TP_MEDIUMBLOB},
        {BS_DDL_TYPE_MEDIUMBLOB, TP_MEDIUMBLOB},
        {BS_DDL_TYPE_LONGTEXT, TP_LONGBLOB},
        {BS_DDL_TYPE_LONGBLOB, TP_LONGBLOB},
        {BS_DDL_TYPE_ENUM, TP_ENUM},
        {BS_DDL_TYPE_SET, TP_SET},
        {BS_DDL_TYPE_JSON, TP_JSON},
        {BS_DDL_TYPE_VECTOR, TP_VECTOR},
        {BS_DDL_TYPE_GEOMETRY, TP_GEOMETRY},
        {BS_DDL_TYPE_POINT, TP_GEOMETRY},
        {BS_DDL_TYPE_LINESTRING, TP_GEOMETRY},
        {BS_DDL_TYPE_POLYGON, TP_GEOMETRY},
        {BS_DDL_TYPE_MULTIPOINT, TP_GEOMETRY},
        {BS_DDL_TYPE_MULTILINESTRING, TP_GEOMETRY},
        {BS_DDL_TYPE_MULTIPOLYGON, TP_GEOMETRY},
        {BS_DDL_TYPE_GEOMETRYCOLLECTION, TP_GEOMETRY},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].base == base) return map[i].tp;
    return 0; /* MariaDB INET4/INET6/UUID: TiDB has no such type */
}

static bool is_int_tp(int tp)
{
    return tp == TP_TINY || tp == TP_SHORT || tp == TP_INT24 || tp == TP_LONG || tp == TP_LONGLONG;
}

static bool is_blob_tp(int tp)
{
    return tp == TP_TINYBLOB || tp == TP_BLOB || tp == TP_MEDIUMBLOB || tp == TP_LONGBLOB;
}

/* TiDB's types.IsString. */
static bool is_string_tp(int tp)
{
    return tp == TP_STRING || tp == TP_VARCHAR || is_blob_tp(tp);
}

/* TiDB's typesNeedCharset. */
static bool needs_charset(int tp)
{
    return is_string_tp(tp) || tp == TP_ENUM || tp == TP_SET;
}

/* mysql.GetDefaultFieldLengthAndDecimal. */
static void default_flen(int tp, int64_t *flen, int *decimal)
{
    static const struct {
        int tp;
        int64_t flen;
        int decimal;
    } d[] = {
        {TP_BIT, 1, 0},
        {TP_TINY, 4, 0},
        {TP_SHORT, 6, 0},
        {TP_INT24, 9, 0},
        {TP_LONG, 11, 0},
        {TP_LONGLONG, 20, 0},
        {TP_DOUBLE, 22, -1},
        {TP_FLOAT, 12, -1},
        {TP_NEWDECIMAL, 10, 0},
        {TP_DURATION, 10, 0},
        {TP_DATE, 10, 0},
        {TP_TIMESTAMP, 19, 0},
        {TP_DATETIME, 19, 0},
        {TP_YEAR, 4, 0},
        {TP_STRING, 1, 0},
        {TP_VARCHAR, 5, 0},
        {TP_TINYBLOB, 255, 0},
        {TP_BLOB, 65535, 0},
        {TP_MEDIUMBLOB, 16777215, 0},
        {TP_LONGBLOB, 4294967295LL, 0},
        {TP_JSON, 4294967295LL, 0},
        {TP_SET, -1, 0},
        {TP_ENUM, -1, 0},
    };
    *flen = -1, *decimal = -1;
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        if (d[i].tp == tp) *flen = d[i].flen, *decimal = d[i].decimal;
}

/* ---- charsets and collations (TiDB's list, _bin defaults) ---- */

static const struct {
    const char *name, *def_collate;
    int maxlen;
} charsets[] = {
    {"utf8mb4", "utf8mb4_bin", 4}, {"utf8", "utf8_bin", 3}, {"ascii", "ascii_bin", 1},
    {"latin1", "latin1_bin", 1},   {"binary", "binary", 1}, {"gbk", "gbk_bin", 2},
    {"gb18030", "gb18030_bin", 4},
};

static int charset_index(const char *s, size_t n)
{
    if (bs_dm_ieq(s, n, "utf8mb3")) return 1;
    for (size_t i = 0; i < sizeof charsets / sizeof charsets[0]; i++)
        if (bs_dm_ieq(s, n, charsets[i].name)) return (int)i;
    return -1;
}

/* Lower-case name into out (utf8mb3 spelled utf8, as TiDB names it). */
static int put_name(char *out, size_t cap, const char *s, size_t n)
{
    size_t skip = 0;
    if (n >= 7 && bs_dm_ieq(s, 7, "utf8mb3")) skip = 3; /* utf8mb3[_xxx] -> utf8[_xxx] */
    if (n - skip + 4 >= cap) return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (skip && i >= 4 && i < 7) continue;
        out[k++] = (char)tolower((unsigned char)s[i]);
    }
    out[k] = 0;
    return 0;
}

/* The charset a collation belongs to; -1 when TiDB does not know it. */
static int collation_charset(const char *coll)
{
    if (strcmp(coll, "binary") == 0) return charset_index("binary", 6);
    const char *u = strchr(coll, '_');
    return u ? charset_index(coll, (size_t)(u - coll)) : -1;
}

typedef struct cs_opt {
    const char *chs, *coll; /* lower-case, "" when not given */
} cs_opt;

/* TiDB's ResolveCharsetCollation: the first option with a collation or a
 * charset decides; the default is utf8mb4 / utf8mb4_bin. */
static int resolve(const cs_opt *opts, int n, tidb_col *c)
{
    for (int i = 0; i < n; i++) {
        if (opts[i].coll[0]) {
            int cs = collation_charset(opts[i].coll);
            if (cs < 0 || (opts[i].chs[0] && strcmp(charsets[cs].name, opts[i].chs) != 0))
                return -1;
            snprintf(c->charset, sizeof c->charset, "%s", charsets[cs].name);
            snprintf(c->collate, sizeof c->collate, "%s", opts[i].coll);
            return 0;
        }
        if (opts[i].chs[0]) {
            int cs = charset_index(opts[i].chs, strlen(opts[i].chs));
            if (cs < 0) return -1;
            snprintf(c->charset, sizeof c->charset, "%s", charsets[cs].name);
            snprintf(c->collate, sizeof c->collate, "%s", charsets[cs].def_collate);
            return 0;
        }
    }
    snprintf(c->charset, sizeof c->charset, "utf8mb4");
    snprintf(c->collate, sizeof c->collate, "utf8mb4_bin");
    return 0;
}

static int name_or_empty(char *out, size_t cap, const char *z)
{
    out[0] = 0;
    return *z ? put_name(out, cap, z, strlen(z)) : 0;
}

/* getCharsetAndCollateInColumnDef + ResolveCharsetCollation (column, table,
 * database) + OverwriteCollationWithBinaryFlag. */
static int column_charset(const bs_ddl_column *col, const bs_rules_old_column *tbl, tidb_col *c)
{
    const bs_ddl_coltype *t = &col->type;
    if (!needs_charset(c->tp)) {
        snprintf(c->charset, sizeof c->charset, "binary");
        snprintf(c->collate, sizeof c->collate, "binary");
        return 0;
    }
    char chs[64] = "", coll[64] = "", tcs[64], tco[64], dcs[64], dco[64];
    bool binary_type = t->base == BS_DDL_TYPE_BINARY || t->base == BS_DDL_TYPE_VARBINARY ||
                       (t->base >= BS_DDL_TYPE_TINYBLOB && t->base <= BS_DDL_TYPE_LONGBLOB);
    if (col->charset.len) {
        if (put_name(chs, sizeof chs, col->charset.ptr, col->charset.len)) return -1;
    } else if (binary_type) {
        snprintf(chs, sizeof chs, "binary");
    } else if (t->ascii) {
        snprintf(chs, sizeof chs, "latin1");
    } else if (t->unicode) {
        snprintf(chs, sizeof chs, "ucs2"); /* unknown to TiDB: fails below */
    }
    if (col->collate.len && put_name(coll, sizeof coll, col->collate.ptr, col->collate.len))
        return -1;
    if (name_or_empty(tcs, sizeof tcs, tbl->table_charset) ||
        name_or_empty(tco, sizeof tco, tbl->table_collate) ||
        name_or_empty(dcs, sizeof dcs, tbl->db_charset) ||
        name_or_empty(dco, sizeof dco, tbl->db_collate))
        return -1;
    cs_opt opts[3] = {{chs, coll}, {tcs, tco}, {dcs, dco}};
    if (resolve(opts, 3, c)) return -1;
    /* the BINARY attribute: the charset's default (_bin) collation; a COLLATE
     * option is applied after it (TiDB's parser never puts COLLATE in the type) */
    if (t->binary && is_string_tp(c->tp) && !col->collate.len) {
        int cs = charset_index(c->charset, strlen(c->charset));
        snprintf(c->collate, sizeof c->collate, "%s", charsets[cs].def_collate);
    }
    return 0;
}

/* The parser's flen/decimal for a type, TiDB's way. */
static void parsed_lengths(const bs_ddl_coltype *t, int tp, int64_t *flen, int *decimal)
{
    *flen = t->length;
    *decimal = t->decimals;
    if (tp == TP_DATETIME || tp == TP_TIMESTAMP || tp == TP_DURATION) {
        *flen = tp == TP_DURATION ? 10 : 19; /* MaxDatetimeWidthNoFsp / MaxDurationWidthNoFsp */
        if (*decimal > 0) *flen += 1 + *decimal;
    } else if (tp == TP_ENUM || tp == TP_SET) {
        int64_t n = tp == TP_SET ? (int64_t)t->nelems - 1 : -1;
        for (uint32_t i = 0; i < t->nelems; i++)
            n = tp == TP_SET ? n + t->elems[i].len
                             : (t->elems[i].len > n ? (int64_t)t->elems[i].len : n);
        *flen = n;
    }
}

/* setCharsetCollationFlenDecimal's defaults and adjustBlobTypesFlen. */
static void fill_lengths(tidb_col *c)
{
    int64_t dflen;
    int ddec;
    default_flen(c->tp, &dflen, &ddec);
    if (c->decimal == UNSPECIFIED) c->decimal = ddec;
    if (c->flen == UNSPECIFIED) {
        c->flen = dflen;
        if (c->is_unsigned && c->tp != TP_LONGLONG && is_int_tp(c->tp)) c->flen--;
        return;
    }
    if (c->tp != TP_BLOB) return;
    int cs = charset_index(c->charset, strlen(c->charset));
    int64_t l = c->flen * charsets[cs].maxlen;
    if (l <= 255)
        c->flen = 255, c->tp = TP_TINYBLOB;
    else if (l <= 65535)
        c->flen = 65535;
    else if (l <= 16777215)
        c->flen = 16777215, c->tp = TP_MEDIUMBLOB;
    else
        c->flen = 4294967295LL, c->tp = TP_LONGBLOB;
}

/* ---- default values ---- */

/* A number literal or numeric string as sign, integer digits and fraction
 * digits (exponents expanded). 0 ok, -1 not a number. */
typedef struct num {
    bool neg;
    char digits[80]; /* integer digits then fraction digits, no leading zeros kept */
    int nint, nfrac;
} num;

static int parse_num(const char *s, size_t n, bool neg, num *out)
{
    memset(out, 0, sizeof *out);
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n && (*s == '-' || *s == '+')) neg ^= *s == '-', s++, n--;
    if (!n) return -1;
    if (memchr(s, 'e', n) || memchr(s, 'E', n)) { /* expand through a double */
        char tmp[64], fmt[100];
        if (n >= sizeof tmp) return -1;
        memcpy(tmp, s, n), tmp[n] = 0;
        char *end;
        double v = strtod(tmp, &end);
        if (*end || !isfinite(v) || fabs(v) >= 1e30) return -1;
        snprintf(fmt, sizeof fmt, "%.17f", fabs(v));
        return parse_num(fmt, strlen(fmt), neg ^ (v < 0), out);
    }
    size_t i = 0;
    while (i < n && s[i] == '0' && i + 1 < n && s[i + 1] != '.')
        i++;
    for (; i < n && isdigit((unsigned char)s[i]); i++) {
        if (out->nint + 1 >= (int)sizeof out->digits) return -1;
        out->digits[out->nint++] = s[i];
    }
    if (i < n && s[i] == '.')
        for (i++; i < n && isdigit((unsigned char)s[i]); i++)
            if (out->nint + out->nfrac + 1 < (int)sizeof out->digits)
                out->digits[out->nint + out->nfrac++] = s[i];
    if (i != n || out->nint + out->nfrac == 0) return -1;
    out->neg = neg;
    return 0;
}

/* Round to scale fraction digits, half away from zero (MySQL's rounding of
 * exact values); the result in text form into buf. */
static int format_num(const num *v, int scale, int max_int, char *buf, size_t cap)
{
    char d[128]; /* 80 digits + a scale of at most 30 + a carry */
    int nint = v->nint, n = v->nint + (scale < v->nfrac ? scale : v->nfrac);
    memcpy(d, v->digits, (size_t)n);
    for (int k = v->nfrac; k < scale; k++)
        d[n++] = '0';
    if (scale < v->nfrac && v->digits[v->nint + scale] >= '5') { /* carry */
        int k = n - 1;
        for (; k >= 0 && d[k] == '9'; k--)
            d[k] = '0';
        if (k < 0) {
            memmove(d + 1, d, (size_t)n);
            d[0] = '1', n++, nint++;
        } else {
            d[k]++;
        }
    }
    int lead = 0;
    while (lead < nint - 1 && d[lead] == '0')
        lead++;
    if (nint - lead > max_int && !(nint - lead == 1 && d[lead] == '0')) return -1;
    bool zero = true;
    for (int k = lead; k < n; k++)
        zero &= d[k] == '0';
    size_t len = 0;
    if (v->neg && !zero) buf[len++] = '-';
    if (nint - lead == 0) buf[len++] = '0';
    for (int k = lead; k < n && len + 2 < cap; k++) {
        if (k == nint) buf[len++] = '.';
        buf[len++] = d[k];
    }
    buf[len] = 0;
    return 0;
}

static const struct {
    int tp;
    const char *min, *max, *umax;
} int_ranges[] = {
    {TP_TINY, "128", "127", "255"},
    {TP_SHORT, "32768", "32767", "65535"},
    {TP_INT24, "8388608", "8388607", "16777215"},
    {TP_LONG, "2147483648", "2147483647", "4294967295"},
    {TP_LONGLONG, "9223372036854775808", "9223372036854775807", "18446744073709551615"},
};

/* |digits| <= limit, both decimal digit strings without leading zeros. */
static bool within(const char *digits, const char *limit)
{
    size_t a = strlen(digits), b = strlen(limit);
    return a < b || (a == b && strcmp(digits, limit) <= 0);
}

static int int_default(const tidb_col *c, const num *v, col_default *d)
{
    if (format_num(v, 0, 40, d->buf, sizeof d->buf)) return -1;
    const char *mag = d->buf + (d->buf[0] == '-');
    for (size_t i = 0; i < sizeof int_ranges / sizeof int_ranges[0]; i++) {
        if (int_ranges[i].tp != c->tp) continue;
        if (d->buf[0] == '-') return c->is_unsigned || !within(mag, int_ranges[i].min) ? -1 : 0;
        return within(mag, c->is_unsigned ? int_ranges[i].umax : int_ranges[i].max) ? 0 : -1;
    }
    return 0;
}

/* Hex or bit digits as an unsigned number (decimal text). */
static int radix_value(const bs_ddl_str *t, int bits_per_digit, num *out)
{
    unsigned long long v = 0;
    for (uint32_t i = 0; i < t->len; i++) {
        int dv = isdigit((unsigned char)t->ptr[i]) ? t->ptr[i] - '0'
                                                   : tolower((unsigned char)t->ptr[i]) - 'a' + 10;
        if (v >> (64 - bits_per_digit)) return -1;
        v = (v << bits_per_digit) | (unsigned)dv;
    }
    char buf[32];
    snprintf(buf, sizeof buf, "%llu", v);
    return parse_num(buf, strlen(buf), false, out);
}

static int literal_number(const bs_ddl_expr *e, num *v)
{
    switch (e->lit_kind) {
    case BS_LIT_HEX: return radix_value(&e->text, 4, v);
    case BS_LIT_BIT: return radix_value(&e->text, 1, v);
    case BS_LIT_BOOL: return parse_num(e->bool_value ? "1" : "0", 1, false, v);
    default: return parse_num(e->text.ptr, e->text.len, e->negative, v);
    }
}

/* Dates and datetimes: the numbers of the literal, zero-padded. */
static int temporal_default(const tidb_col *c, const bs_ddl_str *t, col_default *d)
{
    long part[7] = {0};
    int n = 0, frac_digits = 0;
    for (uint32_t i = 0; i < t->len && n < 7;) {
        if (!isdigit((unsigned char)t->ptr[i])) {
            i++;
            continue;
        }
        uint32_t start = i;
        long v = 0;
        while (i < t->len && isdigit((unsigned char)t->ptr[i]) && v < 100000000)
            v = v * 10 + (t->ptr[i++] - '0');
        if (n == 6) frac_digits = (int)(i - start);
        part[n++] = v;
    }
    if (n < 3) return 1; /* not a shape we normalize: compare as written */
    if (c->tp == TP_DATE) {
        snprintf(d->buf, sizeof d->buf, "%04ld-%02ld-%02ld", part[0], part[1], part[2]);
        return 0;
    }
    int len = snprintf(d->buf, sizeof d->buf, "%04ld-%02ld-%02ld %02ld:%02ld:%02ld", part[0],
                       part[1], part[2], part[3], part[4], part[5]);
    if (c->decimal > 0) {
        char frac[16] = "000000";
        if (n == 7) snprintf(frac, sizeof frac, "%0*ld", frac_digits, part[6]);
        snprintf(d->buf + len, sizeof d->buf - (size_t)len, ".%.*s%.*s", c->decimal, frac,
                 c->decimal - (int)strlen(frac) > 0 ? c->decimal - (int)strlen(frac) : 0, "000000");
    }
    return 0;
}

static int enum_default(const tidb_col *c, const bs_ddl_expr *e, col_default *d)
{
    const bs_ddl_coltype *t = c->type;
    if (e->lit_kind == BS_LIT_INT) { /* an index, 1-based */
        num v;
        if (parse_num(e->text.ptr, e->text.len, e->negative, &v) || v.neg || v.nint > 9) return -1;
        long k = strtol(v.digits, NULL, 10); /* digits are NUL-terminated by memset */
        if (k < 1 || k > (long)t->nelems) return -1;
        d->ptr = t->elems[k - 1].ptr, d->len = t->elems[k - 1].len;
        return 0;
    }
    size_t n = e->text.len;
    while (n && e->text.ptr[n - 1] == ' ')
        n--;
    for (uint32_t i = 0; i < t->nelems; i++)
        if (t->elems[i].len == n && strncasecmp(t->elems[i].ptr, e->text.ptr, n) == 0) {
            d->ptr = t->elems[i].ptr, d->len = n;
            return 0;
        }
    return -1;
}

/* A literal as the text a string column stores: strings as they are,
 * numbers with their sign, hex literals as their bytes. */
static void string_default(const bs_ddl_expr *e, col_default *d)
{
    d->ptr = e->text.ptr, d->len = e->text.len;
    bool numeric =
        e->lit_kind == BS_LIT_INT || e->lit_kind == BS_LIT_DECIMAL || e->lit_kind == BS_LIT_FLOAT;
    if (numeric && e->negative && e->text.len + 2 <= sizeof d->buf) {
        d->buf[0] = '-';
        memcpy(d->buf + 1, e->text.ptr, e->text.len);
        d->ptr = d->buf, d->len = e->text.len + 1;
    } else if (e->lit_kind == BS_LIT_HEX && e->text.len % 2 == 0 &&
               e->text.len / 2 <= sizeof d->buf) {
        for (uint32_t i = 0; i < e->text.len; i += 2)
            d->buf[i / 2] = (char)strtol((char[]){e->text.ptr[i], e->text.ptr[i + 1], 0}, NULL, 16);
        d->ptr = d->buf, d->len = e->text.len / 2;
    }
}

/* A literal default converted as TiDB's getDefaultValue converts it; -1 when
 * TiDB rejects it. */
static int literal_default(const tidb_col *c, const bs_ddl_expr *e, col_default *d)
{
    num v;
    d->kind = DEF_TEXT;
    d->ptr = d->buf;
    if (is_blob_tp(c->tp) || c->tp == TP_JSON || c->tp == TP_GEOMETRY) return -1;
    if (is_int_tp(c->tp) || c->tp == TP_BIT || c->tp == TP_YEAR) {
        if (literal_number(e, &v)) return -1;
        int rc = c->tp == TP_BIT || c->tp == TP_YEAR ? format_num(&v, 0, 40, d->buf, sizeof d->buf)
                                                     : int_default(c, &v, d);
        d->len = strlen(d->buf);
        return rc;
    }
    if (c->tp == TP_NEWDECIMAL) {
        if (literal_number(e, &v)) return -1;
        int rc = format_num(&v, c->decimal, (int)c->flen - c->decimal, d->buf, sizeof d->buf);
        d->len = strlen(d->buf);
        return rc;
    }
    if (c->tp == TP_FLOAT || c->tp == TP_DOUBLE) {
        if (literal_number(e, &v) || format_num(&v, 30, 40, d->buf, sizeof d->buf)) return -1;
        double f = strtod(d->buf, NULL);
        if (c->decimal >= 0) f = round(f * pow(10, c->decimal)) / pow(10, c->decimal);
        if (c->tp == TP_FLOAT) f = (float)f;
        snprintf(d->buf, sizeof d->buf, "%.17g", f);
        d->len = strlen(d->buf);
        return 0;
    }
    if (c->tp == TP_ENUM) return enum_default(c, e, d);
    if ((c->tp == TP_DATE || c->tp == TP_DATETIME || c->tp == TP_TIMESTAMP) &&
        temporal_default(c, &e->text, d) == 0) {
        d->len = strlen(d->buf);
        return 0;
    }
    string_default(e, d); /* strings, sets, times: the value */
    if (c->tp == TP_STRING && strcmp(c->collate, "binary") == 0) d->pad = (size_t)c->flen;
    return 0;
}

/* SetDefaultValue plus the checks of processAndCheckDefaultValueAndColumn
 * that can fail. */
static int column_default(const bs_ddl_column *col, const bs_ddl_stmt *st, tidb_col *c)
{
    const bs_ddl_expr *e = col->default_value;
    memset(&c->def, 0, sizeof c->def);
    if (!e || e->kind == BS_EXPR_NULL) return e && (col->flags & BS_COL_NOT_NULL) ? -1 : 0;
    if (c->autoinc) return -1; /* AUTO_INCREMENT cannot have a default */
    if (e->kind == BS_EXPR_CURRENT_TIMESTAMP) {
        int fsp = e->fsp < 0 ? 0 : e->fsp;
        if ((c->tp != TP_TIMESTAMP && c->tp != TP_DATETIME) || fsp != c->decimal) return -1;
        c->def.kind = DEF_TEXT;
        c->def.ptr = "CURRENT_TIMESTAMP";
        c->def.len = strlen(c->def.ptr);
        return 0;
    }
    if (e->kind == BS_EXPR_OTHER) {
        c->def.kind = DEF_EXPR;
        c->def.expr = e;
        c->def.stmt = st;
        return 0;
    }
    return literal_default(c, e, &c->def);
}

static bool same_tokens(const col_default *a, const col_default *b)
{
    const bs_ddl_span *x = &a->expr->span, *y = &b->expr->span;
    if (!a->stmt || !b->stmt || x->ntok != y->ntok) return false;
    for (uint32_t i = 0; i < x->ntok; i++) {
        const bs_ddl_token *p = &a->stmt->tokens[x->tok + i], *q = &b->stmt->tokens[y->tok + i];
        bool pw = p->kind == BS_TOK_WORD || p->kind == BS_TOK_QIDENT;
        bool qw = q->kind == BS_TOK_WORD || q->kind == BS_TOK_QIDENT;
        if (pw != qw || (!pw && p->kind != q->kind) || p->vlen != q->vlen) return false;
        if (pw ? strncasecmp(p->val, q->val, p->vlen) != 0 : memcmp(p->val, q->val, p->vlen) != 0)
            return false;
    }
    return true;
}

static bool same_default(const col_default *a, const col_default *b)
{
    if (a->kind != b->kind) return false;
    if (a->kind == DEF_NONE) return true;
    if (a->kind == DEF_EXPR) return same_tokens(a, b);
    size_t la = a->len > a->pad ? a->len : a->pad, lb = b->len > b->pad ? b->len : b->pad;
    if (la != lb) return false;
    for (size_t i = 0; i < la; i++)
        if ((i < a->len ? a->ptr[i] : 0) != (i < b->len ? b->ptr[i] : 0)) return false;
    return true;
}

/* ---- the column ---- */

/* ProcessModifyColumnOptions accepts these options and fails on the rest. */
static int check_new_options(const bs_ddl_column *col, const tidb_col *c)
{
    for (uint32_t i = 0; i < col->nopts; i++) {
        const bs_ddl_colopt *o = &col->opts[i];
        switch (o->kind) {
        case BS_COLOPT_NOT_NULL:
        case BS_COLOPT_NULL:
        case BS_COLOPT_DEFAULT:
        case BS_COLOPT_AUTO_INCREMENT:
        case BS_COLOPT_COMMENT:
        case BS_COLOPT_COLLATE:
        case BS_COLOPT_GENERATED:
        case BS_COLOPT_AUTO_RANDOM: break;
        case BS_COLOPT_ON_UPDATE:
            if ((c->tp != TP_TIMESTAMP && c->tp != TP_DATETIME) ||
                o->expr.kind != BS_EXPR_CURRENT_TIMESTAMP)
                return -1;
            break;
        default: return -1; /* PRIMARY KEY, UNIQUE, REFERENCES, CHECK, and the rest */
        }
    }
    return col->type.spelling == BS_SPELL_SERIAL ? -1 : 0; /* SERIAL adds UNIQUE KEY */
}

/* Build the TiDB column; -1 (with *why) when TiDB's code fails on it. */
static int tidb_column(const bs_ddl_column *col, const bs_ddl_stmt *st,
                       const bs_rules_old_column *tbl, bool is_new, tidb_col *c, const char **why)
{
    memset(c, 0, sizeof *c);
    c->type = &col->type;
    c->name = col->name;
    if (!(c->tp = tidb_type(col->type.base))) return *why = "TiDB has no such column type", -1;
    c->is_unsigned =
        (col->type.is_unsigned || col->type.zerofill) &&
        (is_int_tp(c->tp) || c->tp == TP_NEWDECIMAL || c->tp == TP_FLOAT || c->tp == TP_DOUBLE);
    parsed_lengths(&col->type, c->tp, &c->flen, &c->decimal);
    if (column_charset(col, tbl, c)) return *why = "TiDB rejects the charset or collation", -1;
    fill_lengths(c);
    c->autoinc = (col->flags & BS_COL_AUTO_INCREMENT) != 0;
    if (is_new && check_new_options(col, c))
        return *why = "TiDB's MODIFY COLUMN rejects an option of the new definition", -1;
    if (!is_new) {
        c->pk = (tbl->flags & BS_OLDCOL_PRIMARY_KEY) != 0;
        c->unique = (tbl->flags & BS_OLDCOL_UNIQUE_KEY) != 0;
    }
    if (column_default(col, st, c)) return *why = "TiDB rejects the default value", -1;
    return 0;
}

/* ---- DM's needChangeColumnData (a copy of an old TiDB function) ---- */

static bool enum_elems_changed(const bs_ddl_coltype *o, const bs_ddl_coltype *n)
{
    if (n->nelems < o->nelems) return true;
    for (uint32_t i = 0; i < o->nelems; i++)
        if (o->elems[i].len != n->elems[i].len ||
            memcmp(o->elems[i].ptr, n->elems[i].ptr, o->elems[i].len) != 0)
            return true;
    return false;
}

static int need_change_column_data(const tidb_col *o, const tidb_col *n, const char **why)
{
    bool sign_flip = o->is_unsigned != n->is_unsigned;
    bool truncation = (n->flen > 0 && (n->flen < o->flen || n->decimal < o->decimal)) || sign_flip;
    if (o->tp == n->tp) {
        switch (o->tp) {
        case TP_NEWDECIMAL:
            if (o->flen != n->flen || o->decimal != n->decimal || sign_flip)
                return *why = "DECIMAL precision, scale or signedness changed",
                       BS_DMEV_PRECISION_DECREASE;
            return BS_DMEV_ALTER_TABLE;
        case TP_ENUM:
        case TP_SET:
            if (enum_elems_changed(o->type, n->type))
                return *why = "ENUM/SET members changed other than by appending",
                       BS_DMEV_VALUE_RANGE_DECREASE;
            return BS_DMEV_ALTER_TABLE;
        case TP_TINY:
        case TP_SHORT:
        case TP_INT24:
        case TP_LONG:
        case TP_LONGLONG:
            if (sign_flip) return *why = "integer signedness changed", BS_DMEV_PRECISION_DECREASE;
            return BS_DMEV_ALTER_TABLE;
        case TP_STRING: /* binary strings are padded: any length change rewrites them */
            if (strcmp(o->collate, "binary") == 0 && n->flen != o->flen)
                return *why = "BINARY length changed", BS_DMEV_PRECISION_DECREASE;
            return BS_DMEV_ALTER_TABLE;
        }
        if (truncation)
            return *why = "same type, shorter length or fewer decimals, or signedness changed",
                   BS_DMEV_VALUE_RANGE_DECREASE;
        return BS_DMEV_ALTER_TABLE;
    }
    if (o->tp == TP_VARCHAR && n->tp == TP_STRING) /* char -> varchar only with new collations */
        return *why = "VARCHAR to CHAR", BS_DMEV_MODIFY_COLUMN;
    if (is_string_tp(o->tp) && is_string_tp(n->tp)) {
        if (truncation) return *why = "string type to a shorter string type", BS_DMEV_MODIFY_COLUMN;
        return BS_DMEV_ALTER_TABLE;
    }
    if (is_int_tp(o->tp) && is_int_tp(n->tp)) {
        int64_t of, nf;
        int od, nd;
        default_flen(o->tp, &of, &od);
        default_flen(n->tp, &nf, &nd);
        if ((nf > 0 && nf < of) || sign_flip)
            return *why = "integer type narrowed or signedness changed",
                   BS_DMEV_VALUE_RANGE_DECREASE;
        return BS_DMEV_ALTER_TABLE;
    }
    return *why = "column type changed", BS_DMEV_MODIFY_COLUMN;
}

static bool same_name(bs_ddl_str a, bs_ddl_str b)
{
    return a.len == b.len && strncasecmp(a.ptr, b.ptr, a.len) == 0;
}

int bs_dm_modify_column_event(const bs_ddl_alter_spec *spec, const bs_ddl_stmt *stmt,
                              const bs_rules_old_column *old, const char **why)
{
    tidb_col o, n;
    const char *dummy;
    if (!why) why = &dummy;
    *why = "old column unknown: alter table";
    if (!old || !old->column) return BS_DMEV_ALTER_TABLE;
    if (tidb_column(old->column, old->stmt, old, false, &o, why) ||
        tidb_column(&spec->columns[0], stmt, old, true, &n, why))
        return BS_DMEV_ALTER_TABLE;
    int ev = need_change_column_data(&o, &n, why);
    if (ev != BS_DMEV_ALTER_TABLE) return ev;
    if (o.autoinc && !n.autoinc) return *why = "AUTO_INCREMENT lost", BS_DMEV_REMOVE_AUTO_INCREMENT;
    if (o.pk && !n.pk) /* a MODIFY never carries the key flags */
        return *why = "column of the primary key (MODIFY drops the flag)", BS_DMEV_DROP_PRIMARY_KEY;
    if (o.unique && !n.unique)
        return *why = "column of a unique key (MODIFY drops the flag)", BS_DMEV_DROP_UNIQUE_KEY;
    if (!same_default(&o.def, &n.def))
        return *why = "default value changed", BS_DMEV_MODIFY_DEFAULT_VALUE;
    if (strcmp(o.charset, n.charset) != 0) return *why = "charset changed", BS_DMEV_MODIFY_CHARSET;
    if (strcmp(o.collate, n.collate) != 0)
        return *why = "collation changed", BS_DMEV_MODIFY_COLLATION;
    if (spec->position) return *why = "FIRST/AFTER given", BS_DMEV_MODIFY_COLUMNS_ORDER;
    if (!same_name(o.name, n.name)) return *why = "column renamed", BS_DMEV_RENAME_COLUMN;
    *why = "no data-affecting change";
    return BS_DMEV_ALTER_TABLE;
}
