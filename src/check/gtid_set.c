/*
 * gtid_set.c - GTID sets from a task meta's `binlog-gtid`: parse, test
 * membership, add, print (include/binsift/gtid.h).
 *
 * Representation. A MySQL set is an array of sids sorted by (UUID bytes,
 * lower-case tag; the untagged sid of a UUID first), each with its GNO
 * intervals as half-open [start, stop) pairs, sorted, non-overlapping and
 * non-adjacent (adding merges). A MariaDB set is an array of positions
 * sorted by domain, one per domain. Membership is two binary searches (sid,
 * then interval) or one (domain), without allocating.
 *
 * What is accepted. DM parses the text with go-mysql and sends the result to
 * the server, so the rules are go-mysql's text rules plus the server's:
 * - MySQL (ParseMysqlGTIDSet): pieces separated by ',', each trimmed of
 *   white space (SHOW MASTER STATUS puts a newline after each comma), then
 *   fields separated by ':' with no white space inside: a UUID (32 hex
 *   digits, or 36 with dashes, or 38 in braces; any case), then intervals
 *   "N" or "N-M" (Go's ParseInt: an optional '+', decimal digits) and tags
 *   ([A-Za-z_][A-Za-z0-9_]{0,31}, white space around allowed, lower-cased)
 *   that apply to the intervals after them. A UUID may come back in several
 *   pieces; intervals may overlap or come in any order (they are merged).
 *   The server refuses GNO 0; GNOs end at 2^63-2 (go-mysql's end+1 must not
 *   overflow, MySQL's GNO_END is 2^63-1 exclusive); an interval's end must
 *   not be below its start.
 * - MariaDB (ParseMariadbGTIDSet): pieces "domain-server-seq" separated by
 *   ',', no white space, unsigned decimal (32, 32 and 64 bits). go-mysql
 *   keeps the later of two GTIDs with the same domain and server; two
 *   servers in one domain reach the server as two GTIDs of one domain, which
 *   MariaDB refuses for a replica's start position, so binsift does too.
 * - DM's own convention (dm/pkg/gtid IsZero*GTIDSet): a text that is a
 *   single "x:0" (MySQL) or "x-y-0" (MariaDB) means the empty set, "replicate
 *   from the start"; DM does not look at x or y.
 * Errors name the piece or field and its byte offset in the text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binsift/gtid.h"
#include "util/error_internal.h"

#define UUID_LEN    16
#define TAG_MAX_LEN 32              /* mysql::gtid::tag_max_length */
#define GNO_MAX     (INT64_MAX - 1) /* the last GNO whose [gno, gno + 1) fits */
#define SHOW_MAX    80              /* bytes of an offending piece quoted in an error */

typedef struct gtid_interval {
    int64_t start, stop; /* [start, stop) */
} gtid_interval;

typedef struct mysql_sid {
    uint8_t uuid[UUID_LEN];
    uint8_t tag_len;
    char tag[TAG_MAX_LEN]; /* lower-case, not NUL-terminated */
    gtid_interval *iv;
    size_t n_iv, cap_iv;
} mysql_sid;

typedef struct maria_pos {
    uint32_t domain, server;
    uint64_t seq;
} maria_pos;

struct bs_gtid_set {
    int flavor;
    mysql_sid *sids;
    size_t n_sids, cap_sids;
    maria_pos *pos;
    size_t n_pos, cap_pos;
};

/* A slice of the input text being parsed; off is its offset in the text. */
typedef struct slice {
    const char *p;
    size_t n, off;
} slice;

/* ---- characters ---- */

/* Go's strings.TrimSpace, for the ASCII white space. */
static int go_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Go regexp's \s: no vertical tab. */
static int re_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int hex_value(char c)
{
    if (is_digit(c)) return c - '0';
    c = lower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static slice trim(slice s, int (*space)(char))
{
    while (s.n && space(s.p[0]))
        s.p++, s.n--, s.off++;
    while (s.n && space(s.p[s.n - 1]))
        s.n--;
    return s;
}

/* Cut s at the first sep: *head gets what precedes it, s what follows.
 * Returns 0 when s had no sep (then *head is all of s). */
static int cut(slice *s, char sep, slice *head)
{
    const char *at = memchr(s->p, sep, s->n);
    size_t n = at ? (size_t)(at - s->p) : s->n;
    *head = (slice){s->p, n, s->off};
    if (!at) return 0;
    s->p += n + 1;
    s->n -= n + 1;
    s->off += n + 1;
    return 1;
}

static size_t count_char(slice s, char c)
{
    size_t k = 0;
    for (size_t i = 0; i < s.n; i++)
        k += s.p[i] == c;
    return k;
}

static int fail(bs_error *err, slice where, const char *what)
{
    int show = (int)(where.n > SHOW_MAX ? SHOW_MAX : where.n);
    return bs_error_set(err, BS_EINVAL, NULL, where.off, "'%.*s%s' at offset %zu: %s", show,
                        where.p, where.n > SHOW_MAX ? "..." : "", where.off, what);
}

/* ---- numbers (Go's strconv, base 10) ---- */

/* Unsigned decimal digits, at least one, at most max. */
static int parse_unsigned(slice s, uint64_t max, uint64_t *out)
{
    if (!s.n) return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (!is_digit(s.p[i])) return -1;
        unsigned d = (unsigned)(s.p[i] - '0');
        if (v > (max - d) / 10) return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

/* ParseInt as go-mysql reaches it: the text cannot hold a '-' (intervals
 * are split at dashes), so an optional '+' then digits. Returns 0, -1 when
 * it is not a number, -2 when it is one above INT64_MAX. */
static int parse_gno(slice s, int64_t *out)
{
    if (s.n && s.p[0] == '+') s.p++, s.n--;
    uint64_t v;
    if (parse_unsigned(s, INT64_MAX, &v)) {
        for (size_t i = 0; i < s.n; i++)
            if (!is_digit(s.p[i])) return -1;
        return s.n ? -2 : -1;
    }
    *out = (int64_t)v;
    return 0;
}

/* ---- UUIDs and tags ---- */

/* n hex digit pairs into out. */
static int parse_hex_bytes(const char *p, size_t n, uint8_t *out)
{
    for (size_t i = 0; i < n; i++) {
        int hi = hex_value(p[2 * i]), lo = hex_value(p[2 * i + 1]);
        if (hi < 0 || lo < 0) return -1;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

/* MySQL's and Go's forms: 32 hex digits; 8-4-4-4-12 with dashes; the same
 * in braces. */
static int parse_uuid(slice s, uint8_t out[UUID_LEN])
{
    static const unsigned group[] = {4, 2, 2, 2, 6}; /* bytes per dash-separated group */
    if (s.n == 32) return parse_hex_bytes(s.p, UUID_LEN, out);
    if (s.n == 38) {
        if (s.p[0] != '{' || s.p[37] != '}') return -1;
        s.p++, s.n -= 2;
    }
    if (s.n != 36) return -1;
    const char *p = s.p;
    uint8_t *o = out;
    for (unsigned g = 0; g < 5; g++) {
        if (g && *p++ != '-') return -1;
        if (parse_hex_bytes(p, group[g], o)) return -1;
        p += 2 * group[g];
        o += group[g];
    }
    return 0;
}

/* [A-Za-z_][A-Za-z0-9_]{0,31}; empty is "no tag" and valid. */
static int tag_valid(const char *t, size_t n)
{
    if (n > TAG_MAX_LEN) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = lower(t[i]);
        if (!((c >= 'a' && c <= 'z') || c == '_' || (i > 0 && is_digit(c)))) return 0;
    }
    return 1;
}

/* Order of sids: UUID bytes, then tag, case-insensitively (empty first). */
static int sid_cmp(const uint8_t *uuid, const char *tag, size_t tag_len, const mysql_sid *sid)
{
    int c = memcmp(uuid, sid->uuid, UUID_LEN);
    if (c) return c;
    size_t n = tag_len < sid->tag_len ? tag_len : sid->tag_len;
    for (size_t i = 0; i < n; i++) {
        unsigned char a = (unsigned char)lower(tag[i]), b = (unsigned char)sid->tag[i];
        if (a != b) return a < b ? -1 : 1;
    }
    return tag_len < sid->tag_len ? -1 : tag_len > sid->tag_len;
}

/* ---- the set ---- */

int bs_check_gtid_set_new(int flavor, bs_gtid_set **out)
{
    *out = NULL;
    if (flavor != BS_GTID_MYSQL && flavor != BS_GTID_MARIADB) return BS_EINVAL;
    bs_gtid_set *s = calloc(1, sizeof *s);
    if (!s) return BS_ENOMEM;
    s->flavor = flavor;
    *out = s;
    return 0;
}

void bs_check_gtid_set_free(bs_gtid_set *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n_sids; i++)
        free(s->sids[i].iv);
    free(s->sids);
    free(s->pos);
    free(s);
}

int bs_check_gtid_set_flavor(const bs_gtid_set *s)
{
    return s->flavor;
}

/* items with room for n + 1 elements of elem bytes: items itself, or a
 * larger copy (*cap updated); NULL when out of memory (items still valid). */
static void *reserve_one(void *items, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap) return items;
    size_t want = *cap ? *cap * 2 : 4;
    void *p = realloc(items, want * elem);
    if (p) *cap = want;
    return p;
}

/* Index of the sid, or where it would go; *found says which. */
static size_t sid_search(const bs_gtid_set *s, const uint8_t *uuid, const char *tag, size_t tag_len,
                         int *found)
{
    size_t lo = 0, hi = s->n_sids;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = sid_cmp(uuid, tag, tag_len, &s->sids[mid]);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    *found = 0;
    return lo;
}

/* The sid for (uuid, tag), inserted empty if new; tag must be valid. */
static int sid_get(bs_gtid_set *s, const uint8_t *uuid, const char *tag, size_t tag_len,
                   mysql_sid **out)
{
    int found;
    size_t at = sid_search(s, uuid, tag, tag_len, &found);
    if (!found) {
        mysql_sid *sids = reserve_one(s->sids, s->n_sids, &s->cap_sids, sizeof *sids);
        if (!sids) return BS_ENOMEM;
        s->sids = sids;
        memmove(s->sids + at + 1, s->sids + at, (s->n_sids - at) * sizeof *s->sids);
        mysql_sid *sid = &s->sids[at];
        memset(sid, 0, sizeof *sid);
        memcpy(sid->uuid, uuid, UUID_LEN);
        for (size_t i = 0; i < tag_len; i++)
            sid->tag[i] = lower(tag[i]);
        sid->tag_len = (uint8_t)tag_len;
        s->n_sids++;
    }
    *out = &s->sids[at];
    return 0;
}

/* Number of intervals whose start is <= gno (the candidate is the one
 * before that count). */
static size_t iv_upper(const mysql_sid *sid, int64_t gno)
{
    size_t lo = 0, hi = sid->n_iv;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sid->iv[mid].start <= gno)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Add [start, stop), merging with every interval it overlaps or touches. */
static int iv_add(mysql_sid *sid, int64_t start, int64_t stop)
{
    /* first: the first interval that ends at or after start; last: one past
     * the last interval that starts at or before stop. [first, last) merge. */
    size_t first = iv_upper(sid, start);
    if (first && sid->iv[first - 1].stop >= start) first--;
    size_t last = iv_upper(sid, stop);
    if (first < last) {
        gtid_interval *m = &sid->iv[first];
        if (m->start < start) start = m->start;
        if (sid->iv[last - 1].stop > stop) stop = sid->iv[last - 1].stop;
        m->start = start;
        m->stop = stop;
        memmove(m + 1, sid->iv + last, (sid->n_iv - last) * sizeof *m);
        sid->n_iv -= last - first - 1;
        return 0;
    }
    gtid_interval *iv = reserve_one(sid->iv, sid->n_iv, &sid->cap_iv, sizeof *iv);
    if (!iv) return BS_ENOMEM;
    sid->iv = iv;
    memmove(sid->iv + first + 1, sid->iv + first, (sid->n_iv - first) * sizeof *sid->iv);
    sid->iv[first] = (gtid_interval){start, stop};
    sid->n_iv++;
    return 0;
}

int bs_check_gtid_set_contains_mysql(const bs_gtid_set *s, const uint8_t sid[16], const char *tag,
                                     size_t tag_len, int64_t gno)
{
    if (s->flavor != BS_GTID_MYSQL) return 0;
    if (!tag) tag_len = 0;
    int found;
    size_t at = sid_search(s, sid, tag, tag_len, &found);
    if (!found) return 0;
    const mysql_sid *m = &s->sids[at];
    size_t k = iv_upper(m, gno);
    return k > 0 && gno < m->iv[k - 1].stop;
}

int bs_check_gtid_set_add_mysql(bs_gtid_set *s, const uint8_t sid[16], const char *tag,
                                size_t tag_len, int64_t gno)
{
    if (!tag) tag_len = 0;
    if (s->flavor != BS_GTID_MYSQL || gno < 1 || gno > GNO_MAX || !tag_valid(tag, tag_len))
        return BS_EINVAL;
    mysql_sid *m;
    if (sid_get(s, sid, tag, tag_len, &m)) return BS_ENOMEM;
    return iv_add(m, gno, gno + 1);
}

/* Index of the domain's position, or where it would go. */
static size_t pos_search(const bs_gtid_set *s, uint32_t domain, int *found)
{
    size_t lo = 0, hi = s->n_pos;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->pos[mid].domain == domain) {
            *found = 1;
            return mid;
        }
        if (s->pos[mid].domain < domain)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = 0;
    return lo;
}

int bs_check_gtid_set_contains_maria(const bs_gtid_set *s, uint32_t domain, uint32_t server,
                                     uint64_t seq)
{
    (void)server; /* the replica resumes by domain and sequence number */
    if (s->flavor != BS_GTID_MARIADB) return 0;
    int found;
    size_t at = pos_search(s, domain, &found);
    return found && seq <= s->pos[at].seq;
}

int bs_check_gtid_set_add_maria(bs_gtid_set *s, uint32_t domain, uint32_t server, uint64_t seq)
{
    if (s->flavor != BS_GTID_MARIADB) return BS_EINVAL;
    int found;
    size_t at = pos_search(s, domain, &found);
    if (!found) {
        maria_pos *pos = reserve_one(s->pos, s->n_pos, &s->cap_pos, sizeof *pos);
        if (!pos) return BS_ENOMEM;
        s->pos = pos;
        memmove(s->pos + at + 1, s->pos + at, (s->n_pos - at) * sizeof *s->pos);
        s->n_pos++;
    }
    s->pos[at] = (maria_pos){domain, server, seq};
    return 0;
}

/* ---- parsing MySQL sets ---- */

/* A field that is a tag, per go-mysql's `^\s*[a-zA-Z_][a-zA-Z0-9_]{0,31}\s*$`;
 * *tag gets it without the white space. */
static int field_is_tag(slice f, slice *tag)
{
    *tag = trim(f, re_space);
    return tag->n > 0 && tag_valid(tag->p, tag->n);
}

/* "N" or "N-M" into [start, stop). */
static int parse_interval(slice f, int64_t *start, int64_t *stop, bs_error *err)
{
    slice rest = f, a;
    int64_t first = 0, end = 0;
    int rc;
    if (!cut(&rest, '-', &a)) {
        rc = parse_gno(f, &first);
        if (rc == -1)
            return fail(err, f,
                        "neither an interval (N or N-M) nor a tag ([A-Za-z_][A-Za-z0-9_]*, "
                        "at most 32 characters)");
        end = first;
    } else {
        if (count_char(rest, '-')) return fail(err, f, "an interval has one dash: N-M");
        rc = parse_gno(a, &first);
        if (rc == 0) rc = parse_gno(rest, &end);
        if (rc == -1) return fail(err, f, "an interval's ends are decimal numbers");
    }
    if (rc == -2 || end > GNO_MAX) return fail(err, f, "GNO above 2^63-2");
    if (first < 1) return fail(err, f, "GNO 0: transactions are numbered from 1");
    if (end < first) return fail(err, f, "the interval ends before it starts");
    *start = first;
    *stop = end + 1;
    return 0;
}

/* One piece: UUID then tags and intervals. */
static int parse_uuid_set(bs_gtid_set *s, slice piece, bs_error *err)
{
    slice rest = piece, field;
    uint8_t uuid[UUID_LEN];
    int more = cut(&rest, ':', &field);
    if (parse_uuid(field, uuid))
        return fail(err, field,
                    "not a UUID (32 hex digits, 8-4-4-4-12 with dashes, or that "
                    "in braces)");
    if (!more) return fail(err, piece, "no interval: expected UUID[:tag]:N[-M][:...]");
    slice tag = {"", 0, 0};
    int tag_waits = 0; /* a tag seen with no interval after it yet */
    while (more) {
        more = cut(&rest, ':', &field);
        slice t;
        if (field_is_tag(field, &t)) {
            if (tag_waits) return fail(err, tag, "a tag with no interval after it");
            tag = t;
            tag_waits = 1;
            continue;
        }
        int64_t start = 0, stop = 0;
        int rc = parse_interval(field, &start, &stop, err);
        mysql_sid *sid;
        if (rc) return rc;
        if (sid_get(s, uuid, tag.p, tag.n, &sid) || iv_add(sid, start, stop))
            return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
        tag_waits = 0;
    }
    return tag_waits ? fail(err, tag, "a tag with no interval after it") : 0;
}

/* DM's "replicate from the start" for MySQL: exactly one ':' and no ',',
 * with "0" after the ':' (white space around it ignored). */
static int mysql_zero(slice text)
{
    slice rest = text, head;
    if (count_char(text, ',') || count_char(text, ':') != 1) return 0;
    cut(&rest, ':', &head);
    rest = trim(rest, go_space);
    return rest.n == 1 && rest.p[0] == '0';
}

static int parse_mysql(bs_gtid_set *s, slice text, bs_error *err)
{
    if (text.n == 0 || mysql_zero(text)) return 0;
    int more = 1;
    while (more) {
        slice piece;
        more = cut(&text, ',', &piece);
        slice body = trim(piece, go_space);
        if (!body.n) return fail(err, piece, "an empty UUID set (two commas, or one at an end)");
        int rc = parse_uuid_set(s, body, err);
        if (rc) return rc;
    }
    return 0;
}

/* ---- parsing MariaDB sets ---- */

/* DM's "replicate from the start" for MariaDB: no ',', three '-'-separated
 * fields, the last "0" (white space around it ignored). */
static int maria_zero(slice text)
{
    slice rest = text, head;
    if (count_char(text, ',') || count_char(text, '-') != 2) return 0;
    cut(&rest, '-', &head);
    cut(&rest, '-', &head);
    rest = trim(rest, go_space);
    return rest.n == 1 && rest.p[0] == '0';
}

static int parse_maria_gtid(bs_gtid_set *s, slice piece, bs_error *err)
{
    static const char *const names[] = {"domain id", "server id", "sequence number"};
    static const uint64_t max[] = {UINT32_MAX, UINT32_MAX, UINT64_MAX};
    char why[96];
    if (count_char(piece, '-') != 2)
        return fail(err, piece, "not a MariaDB GTID: expected domain-server-sequence");
    uint64_t v[3];
    slice rest = piece, field;
    for (int i = 0; i < 3; i++) {
        cut(&rest, '-', &field);
        if (parse_unsigned(field, max[i], &v[i])) {
            snprintf(why, sizeof why, "the %s is not an unsigned %d-bit decimal number", names[i],
                     i == 2 ? 64 : 32);
            return fail(err, field, why);
        }
    }
    int found;
    size_t at = pos_search(s, (uint32_t)v[0], &found);
    if (found && s->pos[at].server != v[1]) {
        snprintf(why, sizeof why, "domain %u already has GTID %u-%u-%llu (MariaDB refuses two)",
                 s->pos[at].domain, s->pos[at].domain, s->pos[at].server,
                 (unsigned long long)s->pos[at].seq);
        return fail(err, piece, why);
    }
    if (bs_check_gtid_set_add_maria(s, (uint32_t)v[0], (uint32_t)v[1], v[2]))
        return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    return 0;
}

static int parse_maria(bs_gtid_set *s, slice text, bs_error *err)
{
    if (text.n == 0 || maria_zero(text)) return 0;
    int more = 1;
    while (more) {
        slice piece;
        more = cut(&text, ',', &piece);
        int rc = parse_maria_gtid(s, piece, err);
        if (rc) return rc;
    }
    return 0;
}

/* Only digits, dashes, commas (and white space) look like MariaDB. */
static int guess_flavor(slice text)
{
    if (!text.n) return BS_GTID_MYSQL;
    for (size_t i = 0; i < text.n; i++) {
        char c = text.p[i];
        if (!is_digit(c) && c != '-' && c != ',' && !go_space(c)) return BS_GTID_MYSQL;
    }
    return BS_GTID_MARIADB;
}

int bs_check_gtid_set_parse(const char *text, size_t len, int flavor, bs_gtid_set **out,
                            bs_error *err)
{
    *out = NULL;
    slice t = {len ? text : "", len, 0};
    if (flavor == 0) flavor = guess_flavor(t);
    bs_gtid_set *s;
    int rc = bs_check_gtid_set_new(flavor, &s);
    if (rc == BS_EINVAL)
        return bs_error_set(err, rc, NULL, BS_NO_OFFSET, "unknown GTID flavor %d", flavor);
    if (rc) return bs_error_set(err, rc, NULL, BS_NO_OFFSET, "out of memory");
    rc = flavor == BS_GTID_MYSQL ? parse_mysql(s, t, err) : parse_maria(s, t, err);
    if (rc) {
        bs_check_gtid_set_free(s);
        return rc;
    }
    *out = s;
    return 0;
}

/* ---- text ---- */

static int put_uuid(bs_buf *out, const uint8_t *u)
{
    static const char hex[] = "0123456789abcdef";
    char t[36];
    char *p = t;
    for (unsigned i = 0; i < UUID_LEN; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) *p++ = '-';
        *p++ = hex[u[i] >> 4];
        *p++ = hex[u[i] & 15];
    }
    return bs_buf_append(out, t, sizeof t);
}

static int put_tag(bs_buf *out, const char *tag, size_t n)
{
    int rc = bs_buf_putc(out, ':');
    for (size_t i = 0; i < n && !rc; i++)
        rc = bs_buf_putc(out, lower(tag[i]));
    return rc;
}

static int put_interval(bs_buf *out, const gtid_interval *iv)
{
    int rc = bs_buf_putc(out, ':');
    if (!rc) rc = bs_buf_put_i64(out, iv->start);
    if (!rc && iv->stop - 1 != iv->start) {
        rc = bs_buf_putc(out, '-');
        if (!rc) rc = bs_buf_put_i64(out, iv->stop - 1);
    }
    return rc;
}

static int mysql_text(const bs_gtid_set *s, bs_buf *out)
{
    int rc = 0;
    for (size_t i = 0; i < s->n_sids && !rc; i++) {
        const mysql_sid *sid = &s->sids[i];
        /* A UUID once, then its untagged intervals, then each tag's. */
        if (i == 0 || memcmp(sid->uuid, s->sids[i - 1].uuid, UUID_LEN)) {
            if (i) rc = bs_buf_putc(out, ',');
            if (!rc) rc = put_uuid(out, sid->uuid);
        }
        if (!rc && sid->tag_len) rc = put_tag(out, sid->tag, sid->tag_len);
        for (size_t k = 0; k < sid->n_iv && !rc; k++)
            rc = put_interval(out, &sid->iv[k]);
    }
    return rc;
}

int bs_check_gtid_text_maria(uint32_t domain, uint32_t server, uint64_t seq, bs_buf *out)
{
    int rc = bs_buf_put_u64(out, domain);
    if (!rc) rc = bs_buf_putc(out, '-');
    if (!rc) rc = bs_buf_put_u64(out, server);
    if (!rc) rc = bs_buf_putc(out, '-');
    if (!rc) rc = bs_buf_put_u64(out, seq);
    return rc;
}

int bs_check_gtid_set_text(const bs_gtid_set *s, bs_buf *out)
{
    int rc = bs_buf_append(out, "", 0); /* an empty set still leaves out a C string */
    if (!rc && s->flavor == BS_GTID_MYSQL) return mysql_text(s, out);
    for (size_t i = 0; i < s->n_pos && !rc; i++) {
        if (i) rc = bs_buf_putc(out, ',');
        if (!rc)
            rc = bs_check_gtid_text_maria(s->pos[i].domain, s->pos[i].server, s->pos[i].seq, out);
    }
    return rc;
}

int bs_check_gtid_text_mysql(const uint8_t sid[16], const char *tag, size_t tag_len, int64_t gno,
                             bs_buf *out)
{
    int rc = put_uuid(out, sid);
    if (!rc && tag && tag_len) rc = put_tag(out, tag, tag_len);
    if (!rc) rc = bs_buf_putc(out, ':');
    if (!rc) rc = bs_buf_put_i64(out, gno);
    return rc;
}
