/*
 * yaml_decode.c - a YAML node tree -> typed values, as gopkg.in/yaml.v2
 * (v2.4.0, what DM vendors) does it with UnmarshalStrict into DM's structs.
 *
 * What is reproduced, because it decides whether DM accepts a file:
 *  - YAML 1.1 scalar resolution of plain scalars (resolve.go): null forms,
 *    y/yes/on/true and n/no/off/false in three casings, ints through Go's
 *    ParseInt with base prefixes (0x, 0o, 0b, a leading 0 is octal) after
 *    removing underscores, then ParseUint, then floats, timestamps; quoted
 *    scalars are always strings; explicit tags (!!int "5") are honoured.
 *  - Conversions (decode.go scalar): any non-null scalar into a string field
 *    keeps its text; ints accept ints and (truncated) floats in range; bools
 *    only booleans; a null leaves the Go zero value.
 *  - Strict mode: "field X not found in type T", "field X already set in
 *    type T" (key line), "key "X" already set in map" (value line).
 *  - Type errors "cannot unmarshal !!str `abc` into int" (values longer than
 *    10 bytes cut to 7 and "..."); they are collected and decoding goes on,
 *    except inside DM's custom UnmarshalYAML types (mydumper/loader/syncer
 *    configs), whose wrapper turns them into an aborting error.
 *  - Merge keys (<<) with yaml.v2's order, and its aliasing limit (ratio of
 *    alias-driven decode steps), plus binsift's own hard caps on decode
 *    steps and recursion depth.
 * Go's reflect type names appear in messages exactly as DM prints them.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "task/task_internal.h"

#define TAG_PREFIX "tag:yaml.org,2002:"
#define TAG_STR    TAG_PREFIX "str"
#define TAG_BOOL   TAG_PREFIX "bool"
#define TAG_INT    TAG_PREFIX "int"
#define TAG_FLOAT  TAG_PREFIX "float"
#define TAG_NULL   TAG_PREFIX "null"
#define TAG_TS     TAG_PREFIX "timestamp"
#define TAG_BINARY TAG_PREFIX "binary"
#define TAG_MERGE  TAG_PREFIX "merge"
#define TAG_SEQ    TAG_PREFIX "seq"
#define TAG_MAP    TAG_PREFIX "map"

typedef struct decoder {
    task_ctx *c;
    bs_arena *a;
    long decode_count, alias_count;
    int alias_depth, depth;
    const char *wrap; /* error prefix of the innermost custom unmarshaler */
    bool fatal;       /* an aborting failure stopped decoding */
} decoder;

static const ty ty_key = {.kind = TY_STRING, .go = "string"};
static const ty ty_any = {.kind = TY_ANY, .go = "interface {}"};

static bool unmarshal(decoder *d, ynode *n, const ty *t, dv *out, bool keep);

/* ---- reporting ---- */

static void issue(decoder *d, int line, const char *kind, const char *msg)
{
    int rank = d->wrap ? RANK_YAML_ABORT : RANK_YAML_TYPE;
    tc_error(d->c, rank, 20003, kind, line, "%s%s", d->wrap ? d->wrap : "", msg);
}

/* yaml.v2 failf(): decoding stops. */
static bool fatal(decoder *d, int line, const char *msg)
{
    if (!d->fatal) tc_error(d->c, RANK_YAML_ABORT, 20003, "yaml-type", line, "%s", msg);
    d->fatal = true;
    return false;
}

/* "!!int" for a core tag, else the tag itself (yaml.v2 shortTag). */
static const char *short_tag(const char *tag, char *buf, size_t cap)
{
    size_t n = strlen(TAG_PREFIX);
    if (strncmp(tag, TAG_PREFIX, n) != 0) return tag;
    snprintf(buf, cap, "!!%s", tag + n);
    return buf;
}

static bool type_error(decoder *d, const ynode *n, const char *tag, const ty *t)
{
    char msg[256], val[32] = "", tb[64];
    if (n->tag) tag = n->tag;
    if (strcmp(tag, TAG_SEQ) != 0 && strcmp(tag, TAG_MAP) != 0) {
        if (n->len > 10)
            snprintf(val, sizeof val, " `%.7s...`", n->value);
        else
            snprintf(val, sizeof val, " `%s`", n->value);
    }
    snprintf(msg, sizeof msg, "cannot unmarshal %s%s into %s", short_tag(tag, tb, sizeof tb), val,
             t->go);
    issue(d, n->line, "yaml-type", msg);
    return false;
}

/* Go's %#v of a string. */
static void go_quote(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    if (cap < 8) return;
    out[o++] = '"';
    for (; *s && o + 6 < cap; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            o += (size_t)snprintf(out + o, cap - o, "\\%c", ch);
        else if (ch == '\n')
            o += (size_t)snprintf(out + o, cap - o, "\\n");
        else if (ch == '\t')
            o += (size_t)snprintf(out + o, cap - o, "\\t");
        else if (ch < 0x20 || ch == 0x7f)
            o += (size_t)snprintf(out + o, cap - o, "\\x%02x", ch);
        else
            out[o++] = (char)ch;
    }
    out[o++] = '"';
    out[o] = 0;
}

/* ---- Go number parsing (strconv) ---- */

static int digit_value(char ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'z') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'Z') return ch - 'A' + 10;
    return 99;
}

/* ParseUint(s, 0, 64) without sign: base prefixes, a leading 0 means octal. */
static bool parse_uint_base0(const char *s, uint64_t *out)
{
    unsigned base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        base = 16, s += 2;
    else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O'))
        base = 8, s += 2;
    else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
        base = 2, s += 2;
    else if (s[0] == '0' && s[1])
        base = 8, s += 1;
    if (!*s) return false;
    uint64_t v = 0;
    for (; *s; s++) {
        unsigned dgt = (unsigned)digit_value(*s);
        if (dgt >= base || v > (UINT64_MAX - dgt) / base) return false;
        v = v * base + dgt;
    }
    *out = v;
    return true;
}

/* ParseInt(s, 0, 64). */
static bool parse_int_base0(const char *s, int64_t *out)
{
    bool neg = *s == '-';
    if (*s == '-' || *s == '+') s++;
    uint64_t u;
    if (!parse_uint_base0(s, &u)) return false;
    if (neg ? u > (uint64_t)INT64_MAX + 1 : u > (uint64_t)INT64_MAX) return false;
    *out = neg ? (int64_t)(0 - u) : (int64_t)u;
    return true;
}

/* yaml.v2's yamlStyleFloat, then ParseFloat (overflow is an error). */
static bool parse_yaml_float(const char *s, bool dot_only, double *out)
{
    const char *p = s;
    if (!dot_only && (*p == '-' || *p == '+')) p++;
    size_t ip = 0, fp = 0;
    while (p[ip] >= '0' && p[ip] <= '9')
        ip++;
    if (dot_only && ip) return false;
    p += ip;
    if (*p == '.') {
        p++;
        while (p[fp] >= '0' && p[fp] <= '9')
            fp++;
        p += fp;
        if (!ip && !fp) return false;
        if (!ip && dot_only && !fp) return false;
    } else if (!ip) {
        return false;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '-' || *p == '+') p++;
        size_t ep = 0;
        while (p[ep] >= '0' && p[ep] <= '9')
            ep++;
        if (!ep) return false;
        p += ep;
    }
    if (*p) return false;
    errno = 0;
    double v = strtod(s, NULL);
    if (errno == ERANGE && isinf(v)) return false;
    *out = v;
    return true;
}

static bool take_digits(const char **p, int min, int max, int *v)
{
    int n = 0;
    *v = 0;
    while (n < max && **p >= '0' && **p <= '9')
        *v = *v * 10 + (*(*p)++ - '0'), n++;
    return n >= min;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* yaml.v2 parseTimestamp: "2006-1-2", "2006-1-2 15:4:5[.f]" and the RFC 3339
 * forms with T or t and Z or an offset. */
static bool is_timestamp(const char *s)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, dd, h, mi, sec;
    const char *p = s;
    if (!take_digits(&p, 4, 4, &y) || *p++ != '-' || !take_digits(&p, 1, 2, &m) || *p++ != '-' ||
        !take_digits(&p, 1, 2, &dd))
        return false;
    if (m < 1 || m > 12 || dd < 1 || dd > mdays[m - 1] + (m == 2 && leap(y))) return false;
    if (!*p) return true;
    char sep = *p++;
    if (sep != 'T' && sep != 't' && sep != ' ') return false;
    if (!take_digits(&p, 1, 2, &h) || *p++ != ':' || !take_digits(&p, 1, 2, &mi) || *p++ != ':' ||
        !take_digits(&p, 1, 2, &sec))
        return false;
    if (h > 23 || mi > 59 || sec > 59) return false;
    if (*p == '.' && p[1] >= '0' && p[1] <= '9')
        for (p++; *p >= '0' && *p <= '9'; p++) {
        }
    if (sep == ' ') return !*p;
    if (*p == 'Z') return !p[1];
    int oh, om;
    if (*p != '+' && *p != '-') return false;
    p++;
    return take_digits(&p, 2, 2, &oh) && *p++ == ':' && take_digits(&p, 2, 2, &om) && !*p;
}

/* ---- resolve.go ---- */

enum rkind { R_NULL, R_BOOL, R_INT, R_UINT, R_FLOAT, R_STR, R_TS, R_OTHER };

typedef struct resolved {
    int kind;
    const char *tag;
    bool b;
    int64_t i;
    uint64_t u;
    double f;
    const char *s; /* R_STR / R_OTHER: the text (binary: decoded) */
    size_t len;
} resolved;

static bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0) return true;
    return false;
}

/* The fixed spellings of resolveMap. */
static bool resolve_map(const char *in, resolved *r)
{
    static const char *const yes[] = {"y",    "Y",    "yes", "Yes", "YES", "true",
                                      "True", "TRUE", "on",  "On",  "ON",  NULL};
    static const char *const no[] = {"n",     "N",     "no",  "No",  "NO",  "false",
                                     "False", "FALSE", "off", "Off", "OFF", NULL};
    static const char *const null[] = {"", "~", "null", "Null", "NULL", NULL};
    static const char *const nan[] = {".nan", ".NaN", ".NAN", NULL};
    static const char *const pinf[] = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", NULL};
    static const char *const ninf[] = {"-.inf", "-.Inf", "-.INF", NULL};
    if (in_list(in, yes) || in_list(in, no))
        *r = (resolved){.kind = R_BOOL, .tag = TAG_BOOL, .b = in_list(in, yes)};
    else if (in_list(in, null))
        *r = (resolved){.kind = R_NULL, .tag = TAG_NULL};
    else if (in_list(in, nan) || in_list(in, pinf) || in_list(in, ninf))
        *r = (resolved){.kind = R_FLOAT,
                        .tag = TAG_FLOAT,
                        .f = in_list(in, nan)    ? NAN
                             : in_list(in, pinf) ? INFINITY
                                                 : -INFINITY};
    else if (strcmp(in, "<<") == 0)
        *r = (resolved){.kind = R_STR, .tag = TAG_MERGE, .s = in, .len = 2};
    else
        return false;
    return true;
}

/* Numbers and timestamps for a digit- or sign-led plain scalar. */
static bool resolve_number(decoder *d, const char *in, bool ts_ok, resolved *r)
{
    if (ts_ok && is_timestamp(in)) {
        *r = (resolved){.kind = R_TS, .tag = TAG_TS};
        return true;
    }
    size_t n = strlen(in);
    char *plain = bs_arena_alloc(d->a, n + 1);
    if (!plain) return d->c->oom = true, false;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (in[i] != '_') plain[k++] = in[i];
    plain[k] = 0;
    if (parse_int_base0(plain, &r->i))
        r->kind = R_INT;
    else if (parse_uint_base0(plain, &r->u))
        r->kind = R_UINT;
    else if (parse_yaml_float(plain, false, &r->f))
        r->kind = R_FLOAT;
    else
        return false;
    r->tag = r->kind == R_FLOAT ? TAG_FLOAT : TAG_INT;
    return true;
}

static bool resolvable(const char *tag)
{
    static const char *const ok[] = {"",        TAG_STR,  TAG_BOOL, TAG_INT,
                                     TAG_FLOAT, TAG_NULL, TAG_TS,   NULL};
    return in_list(tag, ok);
}

static bool base64_decode(decoder *d, const char *in, size_t n, resolved *r)
{
    char *out = bs_arena_alloc(d->a, n + 1);
    if (!out) return d->c->oom = true, false;
    uint32_t acc = 0;
    int bits = 0, pad = 0;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = in[i];
        int v = ch >= 'A' && ch <= 'Z'   ? ch - 'A'
                : ch >= 'a' && ch <= 'z' ? ch - 'a' + 26
                : ch >= '0' && ch <= '9' ? ch - '0' + 52
                : ch == '+'              ? 62
                : ch == '/'              ? 63
                                         : -1;
        if (ch == '\n' || ch == '\r') continue; /* Go's decoder skips newlines */
        if (ch == '=') {
            pad++;
            continue;
        }
        if (v < 0 || pad) return false;
        acc = acc << 6 | (uint32_t)v;
        if ((bits += 6) >= 8) out[o++] = (char)(acc >> (bits -= 8));
    }
    if ((bits && bits != 2 && bits != 4) || (bits == 2 && pad != 2) || (bits == 4 && pad != 1) ||
        (!bits && pad))
        return false;
    out[o] = 0;
    r->s = out;
    r->len = o;
    return true;
}

/* The value and tag yaml.v2 gives a scalar node. False when decoding must
 * stop ("cannot decode", bad base64). */
static bool resolve(decoder *d, const ynode *n, resolved *r)
{
    *r = (resolved){.kind = R_STR, .tag = TAG_STR, .s = n->value, .len = n->len};
    if (!n->tag && !n->plain) return true; /* quoted: always a string */
    const char *tag = n->tag ? n->tag : "";
    if (!resolvable(tag)) {
        r->kind = R_OTHER;
        r->tag = tag;
        if (strcmp(tag, TAG_BINARY) == 0 && !base64_decode(d, n->value, n->len, r))
            return !d->c->oom &&
                   fatal(d, n->line, "yaml: !!binary value contains invalid base64 data");
        return true;
    }
    const char *in = n->value;
    char c0 = in[0];
    bool hint = !c0 || (c0 >= '0' && c0 <= '9') || c0 == '+' || c0 == '-' || c0 == '.' ||
                strchr("yYnNtTfFoO~", c0);
    if (hint && strcmp(tag, TAG_STR) != 0 && !resolve_map(in, r)) {
        if (c0 == '.' && parse_yaml_float(in, true, &r->f))
            *r = (resolved){.kind = R_FLOAT, .tag = TAG_FLOAT, .f = r->f};
        else if ((c0 >= '0' && c0 <= '9') || c0 == '+' || c0 == '-')
            resolve_number(d, in, !*tag || strcmp(tag, TAG_TS) == 0, r);
        if (d->c->oom) return false;
    }
    if (!*tag || strcmp(tag, r->tag) == 0 || strcmp(tag, TAG_STR) == 0) return true;
    if (strcmp(tag, TAG_FLOAT) == 0 && r->kind == R_INT) {
        *r = (resolved){.kind = R_FLOAT, .tag = TAG_FLOAT, .f = (double)r->i};
        return true;
    }
    char msg[400], t1[64], t2[64];
    snprintf(msg, sizeof msg, "yaml: cannot decode %s `%.60s` as a %s",
             short_tag(r->tag, t1, sizeof t1), in, short_tag(tag, t2, sizeof t2));
    return fatal(d, n->line, msg);
}

/* ---- scalars (decode.go scalar) ---- */

static void set_null(dv *out, const ynode *n)
{
    memset(out, 0, sizeof *out);
    out->state = DV_NULL;
    out->line = n->line;
}

static void set_value(dv *out, const ynode *n)
{
    out->state = DV_SET;
    out->line = n->line;
}

/* A float64 Go converts into an integer field: in range, truncated. */
static bool float_to_int(double f, int64_t *v)
{
    if (!(f > -9223372036854775809.0 && f < 9223372036854775808.0)) return false;
    *v = (int64_t)f;
    return true;
}

static bool int_fits(int64_t v, unsigned bits)
{
    return bits >= 64 || (v >= -((int64_t)1 << (bits - 1)) && v < ((int64_t)1 << (bits - 1)));
}

static bool uint_fits(uint64_t v, unsigned bits)
{
    return bits >= 64 || v < ((uint64_t)1 << bits);
}

static bool to_int(const resolved *r, const ty *t, dv *out)
{
    int64_t v;
    if (r->kind == R_INT)
        v = r->i;
    else if (r->kind != R_FLOAT || !float_to_int(r->f, &v))
        return false;
    if (!int_fits(v, t->bits)) return false;
    out->v.i = v;
    return true;
}

static bool to_uint(const resolved *r, const ty *t, dv *out)
{
    uint64_t v;
    if (r->kind == R_INT && r->i >= 0)
        v = (uint64_t)r->i;
    else if (r->kind == R_UINT)
        v = r->u;
    else if (r->kind == R_FLOAT && r->f > -1.0 && r->f < 18446744073709551616.0)
        v = (uint64_t)r->f;
    else
        return false;
    if (!uint_fits(v, t->bits)) return false;
    out->v.u = v;
    return true;
}

static bool to_float(const resolved *r, dv *out)
{
    switch (r->kind) {
    case R_INT: out->v.f = (double)r->i; return true;
    case R_UINT: out->v.f = (double)r->u; return true;
    case R_FLOAT: out->v.f = r->f; return true;
    default: return false;
    }
}

static bool text_scalar(decoder *d, ynode *n, const resolved *r, const ty *t, dv *out)
{
    char why[200];
    const char *text = r->kind == R_OTHER ? r->s : n->value;
    size_t len = r->kind == R_OTHER ? r->len : n->len;
    if (t->text(text, len, why, sizeof why) != 0) {
        /* fail(err): yaml.v2 aborts with the TextUnmarshaler's own error */
        tc_error(d->c, RANK_YAML_ABORT, 20003, "yaml-type", n->line, "%s%s", d->wrap ? d->wrap : "",
                 why);
        return false;
    }
    set_value(out, n);
    out->v.str.s = text, out->v.str.len = len;
    return true;
}

static bool scalar(decoder *d, ynode *n, const ty *t, dv *out)
{
    resolved r;
    if (!resolve(d, n, &r)) return false;
    if (r.kind == R_NULL) {
        set_null(out, n);
        return true;
    }
    if (t->kind == TY_TEXT) return text_scalar(d, n, &r, t, out);
    dv v = {0};
    bool ok;
    switch (t->kind) {
    case TY_STRING:
        ok = true;
        v.v.str.s = r.kind == R_OTHER ? r.s : n->value;
        v.v.str.len = r.kind == R_OTHER ? r.len : n->len;
        break;
    case TY_ANY: ok = true; break;
    case TY_INT: ok = to_int(&r, t, &v); break;
    case TY_UINT: ok = to_uint(&r, t, &v); break;
    case TY_FLOAT: ok = to_float(&r, &v); break;
    case TY_BOOL: ok = r.kind == R_BOOL, v.v.b = r.b; break;
    default: ok = false; break;
    }
    if (!ok) return type_error(d, n, r.tag, t);
    set_value(&v, n);
    *out = v;
    return true;
}

/* ---- collections ---- */

/* Append to a value list; capacity is implicit (the next power of two). */
static dv_item *list_push(decoder *d, dv *out)
{
    size_t n = out->v.list.n;
    if (n == 0 || (n & (n - 1)) == 0) {
        size_t cap = n ? n * 2 : 4;
        dv_item *items = bs_arena_alloc(d->a, cap * sizeof *items);
        if (!items) return d->c->oom = true, NULL;
        if (n) memcpy(items, out->v.list.items, n * sizeof *items);
        out->v.list.items = items;
    }
    dv_item *it = &out->v.list.items[out->v.list.n++];
    memset(it, 0, sizeof *it);
    return it;
}

static bool is_merge(const ynode *k)
{
    return k->kind == YN_SCALAR && strcmp(k->value, "<<") == 0 &&
           (k->plain || (k->tag && strcmp(k->tag, TAG_MERGE) == 0));
}

static bool merge(decoder *d, ynode *v, const ty *t, dv *out)
{
    static const char *want = "yaml: map merge requires map or sequence of maps as the value";
    switch (v->kind) {
    case YN_MAP: return unmarshal(d, v, t, out, true);
    case YN_ALIAS:
        if (v->target->kind != YN_MAP) return fatal(d, v->line, want);
        return unmarshal(d, v, t, out, true);
    case YN_SEQ:
        for (size_t i = v->n; i-- > 0 && !d->fatal;) { /* earlier maps take precedence */
            ynode *m = v->items[i];
            if ((m->kind == YN_ALIAS ? m->target->kind : m->kind) != YN_MAP)
                return fatal(d, m->line, want);
            unmarshal(d, m, t, out, true);
        }
        return !d->fatal;
    default: return fatal(d, v->line, want);
    }
}

/* A mapping key decoded as a Go string; NULL when it is not one. */
static const char *key_string(decoder *d, ynode *k)
{
    dv kv = {0};
    if (!unmarshal(d, k, &ty_key, &kv, false)) return NULL;
    return kv.state == DV_SET ? kv.v.str.s : "";
}

static bool mapping_struct(decoder *d, ynode *n, const ty *t, dv *out)
{
    if (out->state != DV_SET) {
        dv *fields = bs_arena_alloc(d->a, t->n_fields * sizeof *fields);
        if (!fields) return d->c->oom = true, false;
        memset(fields, 0, t->n_fields * sizeof *fields);
        out->v.fields = fields;
    }
    set_value(out, n);
    bool done[64] = {false}; /* strict: each field once per mapping */
    for (size_t i = 0; i < n->n && !d->fatal; i++) {
        ynode *k = n->items[2 * i], *v = n->items[2 * i + 1];
        if (is_merge(k)) {
            merge(d, v, t, out);
            continue;
        }
        const char *name = key_string(d, k);
        if (!name) continue;
        size_t f = 0;
        while (f < t->n_fields && strcmp(t->fields[f].key, name) != 0)
            f++;
        char msg[300];
        if (f == t->n_fields) {
            snprintf(msg, sizeof msg, "field %.200s not found in type %s", name, t->go);
            issue(d, k->line, "yaml-unknown-field", msg);
        } else if (done[f]) {
            snprintf(msg, sizeof msg, "field %s already set in type %s", name, t->go);
            issue(d, k->line, "yaml-duplicate-key", msg);
        } else {
            done[f] = true;
            unmarshal(d, v, t->fields[f].type, &out->v.fields[f], false);
            out->v.fields[f].key_line = k->line;
        }
    }
    return true;
}

/* Keys seen in one map, for yaml.v2's strict duplicate check. */
typedef struct key_set {
    const char **keys;
    size_t cap, n;
} key_set;

static size_t key_hash(const char *s)
{
    size_t h = 14695981039346656037u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* 1 if added, 0 if present, -1 out of memory. */
static int key_add(key_set *s, const char *k)
{
    if ((s->n + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        const char **keys = calloc(cap, sizeof *keys);
        if (!keys) return -1;
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->keys[i]) continue;
            size_t j = key_hash(s->keys[i]) & (cap - 1);
            while (keys[j])
                j = (j + 1) & (cap - 1);
            keys[j] = s->keys[i];
        }
        free(s->keys);
        s->keys = keys, s->cap = cap;
    }
    size_t j = key_hash(k) & (s->cap - 1);
    for (; s->keys[j]; j = (j + 1) & (s->cap - 1))
        if (strcmp(s->keys[j], k) == 0) return 0;
    s->keys[j] = k;
    s->n++;
    return 1;
}

static bool key_seen(decoder *d, key_set *seen, const char *key, int line)
{
    int added = key_add(seen, key);
    if (added < 0) {
        d->c->oom = true;
        return true; /* nothing more is stored */
    }
    if (added) return false;
    char q[220], msg[300];
    go_quote(key, q, sizeof q);
    snprintf(msg, sizeof msg, "key %s already set in map", q);
    issue(d, line, "yaml-duplicate-key", msg);
    return true;
}

/* map[string]elem; an existing map (merge, repeated field) is extended. */
static bool mapping(decoder *d, ynode *n, const ty *t, dv *out)
{
    if (out->state != DV_SET) memset(&out->v, 0, sizeof out->v);
    set_value(out, n);
    key_set seen = {0};
    for (size_t i = 0; i < out->v.list.n && !d->c->oom; i++)
        key_add(&seen, out->v.list.items[i].key);
    for (size_t i = 0; i < n->n && !d->fatal && !d->c->oom; i++) {
        ynode *k = n->items[2 * i], *v = n->items[2 * i + 1];
        if (is_merge(k)) {
            free(seen.keys);
            merge(d, v, t, out);
            seen = (key_set){0};
            for (size_t j = 0; j < out->v.list.n && !d->c->oom; j++)
                key_add(&seen, out->v.list.items[j].key);
            continue;
        }
        const char *key = key_string(d, k);
        dv e = {0};
        if (!key || !unmarshal(d, v, t->elem, &e, false)) continue;
        if (key_seen(d, &seen, key, v->line)) continue;
        dv_item *it = list_push(d, out);
        if (!it) break;
        it->key = key, it->key_line = k->line, it->val = e;
    }
    free(seen.keys);
    return true;
}

/* interface{} maps: keys compare as typed values; a collection key fails. */
static bool any_mapping(decoder *d, ynode *n, dv *out)
{
    key_set seen = {0};
    set_value(out, n);
    for (size_t i = 0; i < n->n && !d->fatal && !d->c->oom; i++) {
        ynode *k = n->items[2 * i], *v = n->items[2 * i + 1];
        if (is_merge(k)) {
            merge(d, v, &ty_any, out);
            continue;
        }
        ynode *kk = k->kind == YN_ALIAS ? k->target : k;
        if (kk->kind != YN_SCALAR) {
            fatal(d, k->line, "yaml: invalid map key: a sequence or mapping");
            break;
        }
        resolved r;
        dv e = {0};
        if (!resolve(d, kk, &r) || !unmarshal(d, v, &ty_any, &e, false)) continue;
        size_t tl = strlen(r.tag), vl = strlen(kk->value);
        char *typed = bs_arena_alloc(d->a, tl + vl + 2);
        if (!typed) break;
        memcpy(typed, r.tag, tl);
        typed[tl] = '|';
        memcpy(typed + tl + 1, kk->value, vl + 1);
        if (key_add(&seen, typed) == 0) {
            char q[220], msg[300];
            go_quote(kk->value, q, sizeof q);
            snprintf(msg, sizeof msg, "key %s already set in map", q);
            issue(d, v->line, "yaml-duplicate-key", msg);
        }
    }
    free(seen.keys);
    return true;
}

static bool sequence(decoder *d, ynode *n, const ty *t, dv *out)
{
    dv list = {0};
    set_value(&list, n);
    const ty *et = t->kind == TY_ANY ? &ty_any : t->elem;
    for (size_t i = 0; i < n->n && !d->fatal; i++) {
        dv e = {0};
        if (!unmarshal(d, n->items[i], et, &e, false)) continue; /* dropped, as in Go */
        dv_item *it = list_push(d, &list);
        if (!it) return false;
        it->key_line = n->items[i]->line;
        it->val = e;
    }
    *out = list;
    return true;
}

/* ---- the walk ---- */

static double allowed_alias_ratio(long decode_count)
{
    if (decode_count <= 400000) return 0.99;
    if (decode_count >= 4000000) return 0.10;
    return 0.99 - 0.89 * ((double)(decode_count - 400000) / 3600000.0);
}

static bool count_step(decoder *d, const ynode *n)
{
    d->decode_count++;
    if (d->alias_depth > 0) d->alias_count++;
    if (d->alias_count > 100 && d->decode_count > 1000 &&
        (double)d->alias_count / (double)d->decode_count > allowed_alias_ratio(d->decode_count))
        return fatal(d, n->line, "yaml: document contains excessive aliasing");
    if (d->decode_count > TASK_MAX_VISITS) {
        tc_error(d->c, RANK_YAML_ABORT, 20003, "yaml-limit", n->line,
                 "yaml: decoding takes more than %d steps (binsift's limit on alias expansion)",
                 TASK_MAX_VISITS);
        d->fatal = true;
        return false;
    }
    return true;
}

static bool alias(decoder *d, ynode *n, const ty *t, dv *out, bool keep)
{
    if (n->expanding) {
        char msg[200];
        snprintf(msg, sizeof msg, "yaml: anchor '%.100s' value contains itself", n->value);
        return fatal(d, n->line, msg);
    }
    n->expanding = true;
    d->alias_depth++;
    bool good = unmarshal(d, n->target, t, out, keep);
    d->alias_depth--;
    n->expanding = false;
    return good;
}

/* yaml.v2 prepare(): these scalars skip a custom UnmarshalYAML (the pointer
 * stays nil). Other null spellings ("Null", "NULL") reach it. */
static bool prepare_null(const ynode *n)
{
    if (n->kind != YN_SCALAR) return false;
    if (n->tag) return strcmp(n->tag, TAG_NULL) == 0;
    return strcmp(n->value, "null") == 0 || strcmp(n->value, "~") == 0 || (n->len == 0 && n->plain);
}

/* A custom UnmarshalYAML (DM's mydumper/loader/syncer configs): decoded
 * afresh from the defaults, type errors inside abort with DM's wrapper text,
 * and a null that reaches it yields a non-nil config of Go zero values. */
static bool custom(decoder *d, ynode *n, const ty *t, dv *out)
{
    const char *outer = d->wrap;
    int errors = d->c->n_errors;
    d->wrap = t->wrap;
    memset(out, 0, sizeof *out);
    bool good = unmarshal(d, n, t, out, true);
    d->wrap = outer;
    if (out->state == DV_NULL) {
        dv *fields = bs_arena_alloc(d->a, t->n_fields * sizeof *fields);
        if (!fields) return d->c->oom = true, false;
        for (size_t i = 0; i < t->n_fields; i++)
            fields[i] = (dv){.state = DV_NULL, .line = n->line};
        out->state = DV_SET;
        out->v.fields = fields;
    }
    return good && d->c->n_errors == errors;
}

static bool by_kind(decoder *d, ynode *n, const ty *t, dv *out)
{
    switch (n->kind) {
    case YN_SCALAR: return scalar(d, n, t, out);
    case YN_MAP:
        switch (t->kind) {
        case TY_STRUCT: return mapping_struct(d, n, t, out);
        case TY_MAP: return mapping(d, n, t, out);
        case TY_ANY: return any_mapping(d, n, out);
        default: return type_error(d, n, TAG_MAP, t);
        }
    default:
        if (t->kind == TY_SEQ || t->kind == TY_ANY) return sequence(d, n, t, out);
        return type_error(d, n, TAG_SEQ, t);
    }
}

/* keep: decode into the value as it is, without calling a custom
 * unmarshaler (inside one, and for merges into its struct). */
static bool unmarshal(decoder *d, ynode *n, const ty *t, dv *out, bool keep)
{
    if (d->fatal || d->c->oom || !count_step(d, n)) return false;
    if (d->depth >= TASK_MAX_DECODE_DEPTH) {
        tc_error(d->c, RANK_YAML_ABORT, 20003, "yaml-limit", n->line,
                 "yaml: values nested deeper than %d levels through aliases (binsift's limit)",
                 TASK_MAX_DECODE_DEPTH);
        d->fatal = true;
        return false;
    }
    d->depth++;
    bool good;
    if (n->kind == YN_ALIAS)
        good = alias(d, n, t, out, keep);
    else if (t->fresh && !keep && !prepare_null(n))
        good = custom(d, n, t, out);
    else
        good = by_kind(d, n, t, out);
    d->depth--;
    return good;
}

int ydecode(task_ctx *c, bs_arena *arena, const ynode *root, const ty *t, dv *out)
{
    decoder d = {.c = c, .a = arena};
    memset(out, 0, sizeof *out);
    if (root) unmarshal(&d, (ynode *)root, t, out, false);
    return c->oom ? BS_ENOMEM : 0;
}

/* ---- reading decoded values ---- */

const dv *dv_field(const dv *s, size_t idx)
{
    static const dv absent = {.state = DV_ABSENT}, zero = {.state = DV_NULL};
    if (s->state == DV_SET) return &s->v.fields[idx];
    return s->state == DV_NULL ? &zero : &absent;
}

const char *dv_str(const dv *v, const char *def)
{
    return v->state == DV_ABSENT ? def : v->state == DV_NULL ? "" : v->v.str.s;
}

int64_t dv_int(const dv *v, int64_t def)
{
    return v->state == DV_ABSENT ? def : v->state == DV_NULL ? 0 : v->v.i;
}

uint64_t dv_uint(const dv *v, uint64_t def)
{
    return v->state == DV_ABSENT ? def : v->state == DV_NULL ? 0 : v->v.u;
}

bool dv_bool(const dv *v, bool def)
{
    return v->state == DV_ABSENT ? def : v->state == DV_NULL ? false : v->v.b;
}

size_t dv_count(const dv *v)
{
    return v->state == DV_SET ? v->v.list.n : 0;
}
