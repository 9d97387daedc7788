/*
 * expr_json.c - the small JSON set DM filters use: parse, render, paths,
 * JSON_EXTRACT, comparison and JSON_CONTAINS, with TiDB's conventions.
 *
 * A JSON value is a tree in evaluation memory. Numbers are kept as TiDB's
 * parser keeps them: an integer literal that fits int64 is INT, one that
 * fits uint64 is UINT, anything else is DOUBLE. Object keys are sorted
 * bytewise and unique (the last duplicate wins, Go map semantics), which is
 * the order TiDB's BinaryJSON stores and prints them in. Rendering uses
 * MySQL's spacing ({"a": 1, "b": [1, 2]}); doubles print as Go's shortest
 * form with ".0" added to integral values.
 *
 * Column values arrive as MySQL binary JSON; expr_value.c renders them with
 * the decoder's bs_value_json_text and parses the text here, which is what
 * DM does too (go-mysql hands it the text, TiDB parses it).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/expr_internal.h"

static const xjson lit_null = {XJ_NULL, 0, {0}};
static const xjson lit_true = {XJ_TRUE, 0, {0}};
static const xjson lit_false = {XJ_FALSE, 0, {0}};

const xjson *xjson_literal(int t)
{
    return t == XJ_TRUE ? &lit_true : t == XJ_FALSE ? &lit_false : &lit_null;
}

static xjson *jnew(xprog *p, int t)
{
    xjson *j = xalloc(p, sizeof *j);
    if (!j) return NULL;
    memset(j, 0, sizeof *j);
    j->t = (uint8_t)t;
    return j;
}

const xjson *xjson_from_i64(xprog *p, int64_t v, bool is_unsigned)
{
    xjson *j = jnew(p, is_unsigned ? XJ_UINT : XJ_INT);
    if (j) j->v.i = v;
    return j;
}

const xjson *xjson_from_double(xprog *p, double d)
{
    xjson *j = jnew(p, XJ_DOUBLE);
    if (j) j->v.d = d;
    return j;
}

const xjson *xjson_from_str(xprog *p, const char *s, size_t n)
{
    xjson *j = jnew(p, XJ_STRING);
    if (!j) return NULL;
    j->v.s.p = s;
    j->v.s.n = n;
    return j;
}

/* ---- parsing ---- */

typedef struct jparser {
    xprog *p;
    const char *s;
    size_t n, i;
    int depth;
} jparser;

static void jskip(jparser *J)
{
    while (J->i < J->n &&
           (J->s[J->i] == ' ' || J->s[J->i] == '\t' || J->s[J->i] == '\n' || J->s[J->i] == '\r'))
        J->i++;
}

static int jfail(jparser *J, const char *what)
{
    return xfail(J->p, BS_EINVAL, "Invalid JSON text: %s at position %zu", what, J->i);
}

static int hex4(const char *s, uint32_t *out)
{
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0) return -1;
        v = v << 4 | (uint32_t)d;
    }
    *out = v;
    return 0;
}

static int jstring(jparser *J, const char **out, size_t *out_n)
{
    J->i++; /* opening quote */
    size_t start = J->i;
    bool plain = true;
    while (J->i < J->n && J->s[J->i] != '"') {
        unsigned char c = (unsigned char)J->s[J->i];
        if (c < 0x20) return jfail(J, "control character in a string");
        if (c == '\\') {
            plain = false;
            J->i++;
        }
        J->i++;
    }
    if (J->i >= J->n) return jfail(J, "unterminated string");
    size_t end = J->i++;
    if (plain) {
        *out = J->s + start;
        *out_n = end - start;
        return 0;
    }
    char *buf = xalloc(J->p, end - start + 1);
    if (!buf) return -1;
    size_t o = 0;
    for (size_t k = start; k < end; k++) {
        if (J->s[k] != '\\') {
            buf[o++] = J->s[k];
            continue;
        }
        char e = J->s[++k];
        switch (e) {
        case '"': buf[o++] = '"'; break;
        case '\\': buf[o++] = '\\'; break;
        case '/': buf[o++] = '/'; break;
        case 'b': buf[o++] = '\b'; break;
        case 'f': buf[o++] = '\f'; break;
        case 'n': buf[o++] = '\n'; break;
        case 'r': buf[o++] = '\r'; break;
        case 't': buf[o++] = '\t'; break;
        case 'u': {
            uint32_t r;
            if (k + 4 >= end + 1 || hex4(J->s + k + 1, &r)) return jfail(J, "bad \\u escape");
            k += 4;
            if (r >= 0xD800 && r < 0xDC00 && k + 6 < end && J->s[k + 1] == '\\' &&
                J->s[k + 2] == 'u') {
                uint32_t lo;
                if (!hex4(J->s + k + 3, &lo) && lo >= 0xDC00 && lo < 0xE000) {
                    r = 0x10000 + ((r - 0xD800) << 10) + (lo - 0xDC00);
                    k += 6;
                }
            }
            if (r >= 0xD800 && r < 0xE000) r = 0xFFFD;
            o += xutf8_encode(r, buf + o);
            break;
        }
        default: return jfail(J, "bad escape");
        }
    }
    *out = buf;
    *out_n = o;
    return 0;
}

static const xjson *jvalue(jparser *J);

static int key_cmp(const bs_rules_expr_str *a, const bs_rules_expr_str *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->ptr, b->ptr, n);
    if (c) return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

/* Sort an object's members by key and drop earlier duplicates. */
static void sort_members(xjson *o)
{
    /* insertion sort: objects are small; a later duplicate replaces the
     * earlier one */
    uint32_t n = 0;
    for (uint32_t i = 0; i < o->n; i++) {
        bs_rules_expr_str k = o->v.c.k[i];
        const xjson *v = o->v.c.v[i];
        uint32_t j = n;
        while (j > 0 && key_cmp(&o->v.c.k[j - 1], &k) > 0)
            j--;
        if (j > 0 && key_cmp(&o->v.c.k[j - 1], &k) == 0) {
            o->v.c.v[j - 1] = v;
            continue;
        }
        memmove(o->v.c.k + j + 1, o->v.c.k + j, sizeof k * (n - j));
        memmove(o->v.c.v + j + 1, o->v.c.v + j, sizeof v * (n - j));
        o->v.c.k[j] = k;
        o->v.c.v[j] = v;
        n++;
    }
    o->n = n;
}

static const xjson *jcontainer(jparser *J, bool object)
{
    if (++J->depth > XMAX_JSON_DEPTH) {
        jfail(J, "document too deep");
        return NULL;
    }
    J->i++;
    xjson *c = jnew(J->p, object ? XJ_OBJECT : XJ_ARRAY);
    if (!c) return NULL;
    uint32_t cap = 0;
    jskip(J);
    char close = object ? '}' : ']';
    if (J->i < J->n && J->s[J->i] == close) {
        J->i++;
        J->depth--;
        return c;
    }
    for (;;) {
        jskip(J);
        bs_rules_expr_str key = {0};
        if (object) {
            if (J->i >= J->n || J->s[J->i] != '"') {
                jfail(J, "expected a key");
                return NULL;
            }
            if (jstring(J, &key.ptr, &key.len)) return NULL;
            jskip(J);
            if (J->i >= J->n || J->s[J->i] != ':') {
                jfail(J, "expected ':'");
                return NULL;
            }
            J->i++;
        }
        const xjson *v = jvalue(J);
        if (!v) return NULL;
        if (c->n == cap) {
            uint32_t ncap = cap ? cap * 2 : 4;
            const xjson **nv = xalloc(J->p, sizeof *nv * ncap);
            bs_rules_expr_str *nk = object ? xalloc(J->p, sizeof *nk * ncap) : NULL;
            if (!nv || (object && !nk)) return NULL;
            if (cap) {
                memcpy(nv, c->v.c.v, sizeof *nv * cap);
                if (object) memcpy(nk, c->v.c.k, sizeof *nk * cap);
            }
            c->v.c.v = nv;
            c->v.c.k = nk;
            cap = ncap;
        }
        if (object) c->v.c.k[c->n] = key;
        c->v.c.v[c->n++] = v;
        jskip(J);
        if (J->i < J->n && J->s[J->i] == ',') {
            J->i++;
            continue;
        }
        if (J->i < J->n && J->s[J->i] == close) {
            J->i++;
            break;
        }
        jfail(J, object ? "expected ',' or '}'" : "expected ',' or ']'");
        return NULL;
    }
    if (object) sort_members(c);
    J->depth--;
    return c;
}

static const xjson *jnumber(jparser *J)
{
    size_t st = J->i;
    if (J->s[J->i] == '-') J->i++;
    size_t ds = J->i;
    while (J->i < J->n && J->s[J->i] >= '0' && J->s[J->i] <= '9')
        J->i++;
    /* Go's encoding/json (json.Valid in TiDB) takes no leading zero */
    if (J->i == ds || (J->i - ds > 1 && J->s[ds] == '0')) {
        jfail(J, "bad number");
        return NULL;
    }
    bool integral = true;
    if (J->i < J->n && J->s[J->i] == '.') {
        integral = false;
        J->i++;
        size_t fs = J->i;
        while (J->i < J->n && J->s[J->i] >= '0' && J->s[J->i] <= '9')
            J->i++;
        if (J->i == fs) {
            jfail(J, "bad number");
            return NULL;
        }
    }
    if (J->i < J->n && (J->s[J->i] == 'e' || J->s[J->i] == 'E')) {
        integral = false;
        J->i++;
        if (J->i < J->n && (J->s[J->i] == '+' || J->s[J->i] == '-')) J->i++;
        size_t es = J->i;
        while (J->i < J->n && J->s[J->i] >= '0' && J->s[J->i] <= '9')
            J->i++;
        if (J->i == es) {
            jfail(J, "bad number");
            return NULL;
        }
    }
    char small[400], *buf = small;
    size_t len = J->i - st;
    if (len >= sizeof small && !(buf = xalloc(J->p, len + 1))) return NULL; /* failure set */
    memcpy(buf, J->s + st, len);
    buf[len] = 0;
    if (integral) {
        bool neg = buf[0] == '-';
        uint64_t u = 0;
        bool over = false;
        for (size_t k = neg; k < len; k++) {
            unsigned d = (unsigned)(buf[k] - '0');
            if (u > (UINT64_MAX - d) / 10) over = true;
            u = u * 10 + d;
        }
        if (!over && !neg && u > INT64_MAX) return xjson_from_i64(J->p, (int64_t)u, true);
        if (!over && (!neg || u <= (uint64_t)INT64_MAX + 1))
            return xjson_from_i64(J->p, neg ? (int64_t)(0 - u) : (int64_t)u, false);
    }
    /* json.Number.Float64 fails past the double range (strconv.ErrRange),
     * and CreateBinaryJSONWithCheck passes the error on */
    double d = strtod(buf, NULL);
    if (!isfinite(d)) {
        jfail(J, "value out of range");
        return NULL;
    }
    return xjson_from_double(J->p, d);
}

static const xjson *jvalue(jparser *J)
{
    jskip(J);
    if (J->i >= J->n) {
        jfail(J, "unexpected end");
        return NULL;
    }
    char c = J->s[J->i];
    if (c == '{' || c == '[') return jcontainer(J, c == '{');
    if (c == '"') {
        const char *s;
        size_t n;
        if (jstring(J, &s, &n)) return NULL;
        return xjson_from_str(J->p, s, n);
    }
    if (c == '-' || (c >= '0' && c <= '9')) return jnumber(J);
    static const struct {
        const char *w;
        int t;
    } words[] = {{"true", XJ_TRUE}, {"false", XJ_FALSE}, {"null", XJ_NULL}};
    for (size_t k = 0; k < 3; k++) {
        size_t len = strlen(words[k].w);
        if (J->n - J->i >= len && !memcmp(J->s + J->i, words[k].w, len)) {
            J->i += len;
            return xjson_literal(words[k].t);
        }
    }
    jfail(J, "unexpected character");
    return NULL;
}

int xjson_parse(xprog *p, const char *s, size_t n, const xjson **out)
{
    jparser J = {p, s, n, 0, 0};
    const xjson *v = jvalue(&J);
    if (!v) return -1;
    jskip(&J);
    if (J.i != n) {
        jfail(&J, "unexpected text after the document");
        return -1;
    }
    *out = v;
    return 0;
}

/* ---- rendering ---- */

typedef struct jout {
    xprog *p;
    char *buf;
    size_t len, cap;
} jout;

static int jput(jout *o, const char *s, size_t n)
{
    if (o->len + n + 1 > o->cap) {
        size_t ncap = (o->cap + n + 64) * 2;
        char *nb = xalloc(o->p, ncap);
        if (!nb) return -1;
        if (o->len) memcpy(nb, o->buf, o->len);
        o->buf = nb;
        o->cap = ncap;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = 0;
    return 0;
}

static int jquote(jout *o, const char *s, size_t n)
{
    if (jput(o, "\"", 1)) return -1;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[8];
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
            if (c < 0x20) {
                snprintf(u, sizeof u, "\\u%04x", c);
                esc = u;
            }
        }
        if (!esc) continue;
        if (jput(o, s + run, i - run) || jput(o, esc, strlen(esc))) return -1;
        run = i + 1;
    }
    if (jput(o, s + run, n - run)) return -1;
    return jput(o, "\"", 1);
}

/* Go's shortest float formatting as TiDB uses it for JSON. */
static size_t jdouble(double d, char *buf)
{
    if (d == 0) return (size_t)snprintf(buf, 32, signbit(d) ? "-0.0" : "0.0");
    /* the parser refuses these; a column value could still carry one */
    if (!isfinite(d))
        return (size_t)snprintf(buf, 32, "%s", isnan(d) ? "NaN" : d < 0 ? "-Inf" : "+Inf");
    double a = fabs(d);
    char e[40];
    int prec = 1;
    for (; prec <= 17; prec++) {
        snprintf(e, sizeof e, "%.*e", prec - 1, d);
        if (strtod(e, NULL) == d) break;
    }
    if (a < 1e-6 || a >= 1e21) {
        /* exponent form: 1e+21 */
        char *ep = strchr(e, 'e');
        int exp10 = atoi(ep + 1);
        *ep = 0;
        /* drop trailing zeros of the mantissa */
        size_t ml = strlen(e);
        while (ml > 1 && e[ml - 1] == '0')
            e[--ml] = 0;
        if (e[ml - 1] == '.') e[--ml] = 0;
        return (size_t)snprintf(buf, 40, "%se%c%02d", e, exp10 < 0 ? '-' : '+', abs(exp10));
    }
    size_t n = xconv_double_str(d, false, buf);
    if (!memchr(buf, '.', n)) {
        buf[n++] = '.';
        buf[n++] = '0';
        buf[n] = 0;
    }
    return n;
}

static int jrender(jout *o, const xjson *j)
{
    char num[400];
    switch (j->t) {
    case XJ_NULL: return jput(o, "null", 4);
    case XJ_TRUE: return jput(o, "true", 4);
    case XJ_FALSE: return jput(o, "false", 5);
    case XJ_INT: return jput(o, num, (size_t)snprintf(num, 32, "%lld", (long long)j->v.i));
    case XJ_UINT:
        return jput(o, num, (size_t)snprintf(num, 32, "%llu", (unsigned long long)j->v.u));
    case XJ_DOUBLE: return jput(o, num, jdouble(j->v.d, num));
    case XJ_STRING: return jquote(o, j->v.s.p, j->v.s.n);
    case XJ_ARRAY:
        if (jput(o, "[", 1)) return -1;
        for (uint32_t i = 0; i < j->n; i++) {
            if (i && jput(o, ", ", 2)) return -1;
            if (jrender(o, j->v.c.v[i])) return -1;
        }
        return jput(o, "]", 1);
    case XJ_OBJECT:
        if (jput(o, "{", 1)) return -1;
        for (uint32_t i = 0; i < j->n; i++) {
            if (i && jput(o, ", ", 2)) return -1;
            if (jquote(o, j->v.c.k[i].ptr, j->v.c.k[i].len) || jput(o, ": ", 2) ||
                jrender(o, j->v.c.v[i]))
                return -1;
        }
        return jput(o, "}", 1);
    default: return -1;
    }
}

int xjson_render(xprog *p, const xjson *j, char **out, size_t *out_len)
{
    jout o = {p, NULL, 0, 0};
    if (jput(&o, "", 0) || jrender(&o, j)) return -1;
    *out = o.buf;
    *out_len = o.len;
    return 0;
}

/* ---- paths ---- */

static bool key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || (unsigned char)c >= 0x80;
}

int xjson_path_parse(xprog *p, const char *s, size_t n, xjpath *out)
{
    memset(out, 0, sizeof *out);
    size_t i = 0;
    while (i < n && s[i] == ' ')
        i++;
    if (i >= n || s[i] != '$')
        return xfail(p, BS_EINVAL,
                     "Invalid JSON path expression. The error is around character "
                     "position %zu.",
                     i);
    i++;
    uint32_t cap = 0;
    for (;;) {
        while (i < n && s[i] == ' ')
            i++;
        if (i >= n) break;
        xjpath_leg leg;
        memset(&leg, 0, sizeof leg);
        if (s[i] == '.') {
            i++;
            while (i < n && s[i] == ' ')
                i++;
            if (i < n && s[i] == '*') {
                leg.kind = 2;
                i++;
            } else if (i < n && s[i] == '"') {
                jparser J = {p, s, n, i, 0};
                if (jstring(&J, &leg.key.ptr, &leg.key.len)) return BS_EINVAL;
                i = J.i;
            } else {
                size_t st = i;
                while (i < n && key_char(s[i]))
                    i++;
                if (i == st) goto bad;
                leg.key.ptr = s + st;
                leg.key.len = i - st;
            }
        } else if (s[i] == '[') {
            i++;
            while (i < n && s[i] == ' ')
                i++;
            if (i < n && s[i] == '*') {
                leg.kind = 3;
                i++;
            } else {
                leg.kind = 1;
                bool last = false;
                if (n - i >= 4 && !memcmp(s + i, "last", 4)) {
                    last = true;
                    i += 4;
                    while (i < n && s[i] == ' ')
                        i++;
                    if (i < n && s[i] == '-') {
                        i++;
                        while (i < n && s[i] == ' ')
                            i++;
                    } else {
                        leg.index = -1;
                        goto close;
                    }
                }
                size_t st = i;
                int64_t v = 0;
                while (i < n && s[i] >= '0' && s[i] <= '9') {
                    if (v < 100000000000LL) v = v * 10 + (s[i] - '0');
                    i++;
                }
                if (i == st) goto bad;
                leg.index = last ? -1 - v : v;
            }
        close:
            while (i < n && s[i] == ' ')
                i++;
            if (i >= n || s[i] != ']') goto bad;
            i++;
        } else if (s[i] == '*' && i + 1 < n && s[i + 1] == '*') {
            leg.kind = 4;
            i += 2;
        } else {
            goto bad;
        }
        if (leg.kind >= 2) out->wildcard = true;
        if (out->n == cap) {
            uint32_t ncap = cap ? cap * 2 : 4;
            xjpath_leg *nl = xalloc(p, sizeof *nl * ncap);
            if (!nl) return BS_ENOMEM;
            if (cap) memcpy(nl, out->legs, sizeof *nl * cap);
            out->legs = nl;
            cap = ncap;
        }
        out->legs[out->n++] = leg;
    }
    if (out->n && out->legs[out->n - 1].kind == 4) goto bad;
    return 0;
bad:
    return xfail(p, BS_EINVAL,
                 "Invalid JSON path expression. The error is around character position %zu.", i);
}

typedef struct jmatches {
    xprog *p;
    const xjson **v;
    uint32_t n, cap;
} jmatches;

static int jadd(jmatches *m, const xjson *j)
{
    for (uint32_t i = 0; i < m->n; i++)
        if (m->v[i] == j) return 0; /* ** can reach a value twice */
    if (m->n == m->cap) {
        uint32_t ncap = m->cap ? m->cap * 2 : 4;
        const xjson **nv = xalloc(m->p, sizeof *nv * ncap);
        if (!nv) return -1;
        if (m->cap) memcpy(nv, m->v, sizeof *nv * m->cap);
        m->v = nv;
        m->cap = ncap;
    }
    m->v[m->n++] = j;
    return 0;
}

static int jwalk(jmatches *m, const xjson *j, const xjpath_leg *legs, uint32_t n, int depth)
{
    if (depth > XMAX_JSON_DEPTH * 2) return 0;
    if (n == 0) return jadd(m, j);
    const xjpath_leg *l = legs;
    switch (l->kind) {
    case 0:
        if (j->t != XJ_OBJECT) return 0;
        for (uint32_t i = 0; i < j->n; i++)
            if (j->v.c.k[i].len == l->key.len && !memcmp(j->v.c.k[i].ptr, l->key.ptr, l->key.len))
                return jwalk(m, j->v.c.v[i], legs + 1, n - 1, depth + 1);
        return 0;
    case 1: {
        if (j->t != XJ_ARRAY) {
            /* a scalar or object is auto-wrapped: [0] (and [last]) is itself */
            if (l->index == 0 || l->index == -1) return jwalk(m, j, legs + 1, n - 1, depth + 1);
            return 0;
        }
        int64_t idx = l->index >= 0 ? l->index : (int64_t)j->n + l->index;
        if (idx < 0 || idx >= (int64_t)j->n) return 0;
        return jwalk(m, j->v.c.v[idx], legs + 1, n - 1, depth + 1);
    }
    case 2:
        if (j->t != XJ_OBJECT) return 0;
        for (uint32_t i = 0; i < j->n; i++)
            if (jwalk(m, j->v.c.v[i], legs + 1, n - 1, depth + 1)) return -1;
        return 0;
    case 3:
        if (j->t != XJ_ARRAY) return 0;
        for (uint32_t i = 0; i < j->n; i++)
            if (jwalk(m, j->v.c.v[i], legs + 1, n - 1, depth + 1)) return -1;
        return 0;
    default:
        /* **: here and at every depth below */
        if (jwalk(m, j, legs + 1, n - 1, depth + 1)) return -1;
        if (j->t == XJ_ARRAY || j->t == XJ_OBJECT)
            for (uint32_t i = 0; i < j->n; i++)
                if (jwalk(m, j->v.c.v[i], legs, n, depth + 1)) return -1;
        return 0;
    }
}

int xjson_extract(xprog *p, const xjson *j, const xjpath *paths, uint32_t npaths, const xjson **out)
{
    jmatches m = {p, NULL, 0, 0};
    bool wrap = npaths > 1;
    for (uint32_t k = 0; k < npaths; k++) {
        if (paths[k].wildcard) wrap = true;
        if (jwalk(&m, j, paths[k].legs, paths[k].n, 0)) return -1;
    }
    if (m.n == 0) {
        *out = NULL;
        return 0;
    }
    if (!wrap) {
        *out = m.v[0];
        return 0;
    }
    xjson *a = jnew(p, XJ_ARRAY);
    if (!a) return -1;
    a->n = m.n;
    a->v.c.v = m.v;
    *out = a;
    return 0;
}

/* ---- comparison ---- */

static int precedence(const xjson *j)
{
    /* MySQL's order of JSON types (higher compares greater) */
    switch (j->t) {
    case XJ_NULL: return 0;
    case XJ_INT:
    case XJ_UINT:
    case XJ_DOUBLE: return 1;
    case XJ_STRING: return 2;
    case XJ_OBJECT: return 3;
    case XJ_ARRAY: return 4;
    default: return 5; /* booleans */
    }
}

static int cmp_num(const xjson *a, const xjson *b)
{
    if (a->t == XJ_DOUBLE || b->t == XJ_DOUBLE) {
        double x = a->t == XJ_DOUBLE ? a->v.d : a->t == XJ_UINT ? (double)a->v.u : (double)a->v.i;
        double y = b->t == XJ_DOUBLE ? b->v.d : b->t == XJ_UINT ? (double)b->v.u : (double)b->v.i;
        return x < y ? -1 : x > y;
    }
    if (a->t == XJ_INT && b->t == XJ_INT) return a->v.i < b->v.i ? -1 : a->v.i > b->v.i;
    if (a->t == XJ_UINT && b->t == XJ_UINT) return a->v.u < b->v.u ? -1 : a->v.u > b->v.u;
    if (a->t == XJ_INT)
        return a->v.i < 0 ? -1 : ((uint64_t)a->v.i < b->v.u ? -1 : (uint64_t)a->v.i > b->v.u);
    return b->v.i < 0 ? 1 : (a->v.u < (uint64_t)b->v.i ? -1 : a->v.u > (uint64_t)b->v.i);
}

int xjson_cmp(const xjson *a, const xjson *b)
{
    int pa = precedence(a), pb = precedence(b);
    if (pa != pb) return pa < pb ? -1 : 1;
    switch (a->t) {
    case XJ_NULL: return 0;
    case XJ_TRUE:
    case XJ_FALSE: return a->t == b->t ? 0 : a->t == XJ_FALSE ? -1 : 1;
    case XJ_INT:
    case XJ_UINT:
    case XJ_DOUBLE: return cmp_num(a, b);
    case XJ_STRING: {
        bs_rules_expr_str x = {a->v.s.p, a->v.s.n}, y = {b->v.s.p, b->v.s.n};
        int c = key_cmp(&x, &y);
        return c < 0 ? -1 : c > 0;
    }
    case XJ_ARRAY:
        for (uint32_t i = 0; i < a->n && i < b->n; i++) {
            int c = xjson_cmp(a->v.c.v[i], b->v.c.v[i]);
            if (c) return c;
        }
        return a->n < b->n ? -1 : a->n > b->n;
    default:
        if (a->n != b->n) return a->n < b->n ? -1 : 1;
        for (uint32_t i = 0; i < a->n; i++) {
            int c = key_cmp(&a->v.c.k[i], &b->v.c.k[i]);
            if (c) return c < 0 ? -1 : 1;
            c = xjson_cmp(a->v.c.v[i], b->v.c.v[i]);
            if (c) return c;
        }
        return 0;
    }
}

bool xjson_contains(const xjson *t, const xjson *c)
{
    if (t->t == XJ_OBJECT) {
        if (c->t != XJ_OBJECT) return false;
        for (uint32_t i = 0; i < c->n; i++) {
            bool found = false;
            for (uint32_t k = 0; k < t->n && !found; k++)
                if (!key_cmp(&t->v.c.k[k], &c->v.c.k[i]))
                    found = xjson_contains(t->v.c.v[k], c->v.c.v[i]);
            if (!found) return false;
        }
        return true;
    }
    if (t->t == XJ_ARRAY) {
        if (c->t == XJ_ARRAY) {
            for (uint32_t i = 0; i < c->n; i++)
                if (!xjson_contains(t, c->v.c.v[i])) return false;
            return true;
        }
        for (uint32_t i = 0; i < t->n; i++)
            if (xjson_contains(t->v.c.v[i], c)) return true;
        return false;
    }
    if (c->t == XJ_ARRAY || c->t == XJ_OBJECT) return false;
    return xjson_cmp(t, c) == 0;
}

const char *xjson_type_name(const xjson *j)
{
    switch (j->t) {
    case XJ_NULL: return "NULL";
    case XJ_TRUE:
    case XJ_FALSE: return "BOOLEAN";
    case XJ_INT: return "INTEGER";
    case XJ_UINT: return "UNSIGNED INTEGER";
    case XJ_DOUBLE: return "DOUBLE";
    case XJ_STRING: return "STRING";
    case XJ_ARRAY: return "ARRAY";
    default: return "OBJECT";
    }
}

uint8_t xjson_type_code(const xjson *j)
{
    /* TiDB's BinaryJSON TypeCode: what Datum.GetInt64() reads for JSON */
    switch (j->t) {
    case XJ_OBJECT: return 0x01;
    case XJ_ARRAY: return 0x03;
    case XJ_NULL:
    case XJ_TRUE:
    case XJ_FALSE: return 0x04;
    case XJ_INT: return 0x09;
    case XJ_UINT: return 0x0a;
    case XJ_DOUBLE: return 0x0b;
    default: return 0x0c;
    }
}
