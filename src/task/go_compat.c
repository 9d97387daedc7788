/*
 * go_compat.c - the Go library functions DM's config validation calls, with
 * the same acceptance and, where DM shows it, the same error text:
 * time.ParseDuration, docker/go-units RAMInBytes (v0.5), DM's
 * ParseFileSize / ParseTimeZone / VerifyFilename / ParserGTID (go-mysql),
 * and TiDB's TiDBOptOn. Only syntax is checked; nothing here allocates.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "task/task_internal.h"

static int fail(char *why, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(char *why, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, cap, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- time.ParseDuration ---- */

typedef struct duration_unit {
    const char *name;
    uint64_t ns;
} duration_unit;

static const duration_unit duration_units[] = {
    {"ns", 1},           {"us", 1000},      {"\xc2\xb5s", 1000}, /* U+00B5 micro sign */
    {"\xce\xbcs", 1000},                                         /* U+03BC Greek mu */
    {"ms", 1000000},     {"s", 1000000000}, {"m", 60000000000ULL}, {"h", 3600000000000ULL},
};

#define DUR_LIMIT ((uint64_t)1 << 63)

static int bad_duration(const char *orig, char *why, size_t cap)
{
    return fail(why, cap, "time: invalid duration \"%s\"", orig);
}

int go_parse_duration(const char *orig, int64_t *ns, char *why, size_t cap)
{
    const char *s = orig;
    bool neg = false;
    if (*s == '-' || *s == '+') neg = *s++ == '-';
    if (strcmp(s, "0") == 0) return *ns = 0, 0;
    if (!*s) return bad_duration(orig, why, cap);
    uint64_t total = 0;
    while (*s) {
        if (!(*s == '.' || (*s >= '0' && *s <= '9'))) return bad_duration(orig, why, cap);
        uint64_t v = 0, f = 0;
        double scale = 1;
        const char *start = s;
        for (; *s >= '0' && *s <= '9'; s++) {
            if (v > (DUR_LIMIT - 1) / 10) return bad_duration(orig, why, cap); /* overflow */
            v = v * 10 + (uint64_t)(*s - '0');
            if (v > DUR_LIMIT) return bad_duration(orig, why, cap);
        }
        bool pre = s != start, post = false;
        if (*s == '.') {
            start = ++s;
            bool overflow = false;
            for (; *s >= '0' && *s <= '9'; s++) {
                if (overflow) continue;
                if (f > (DUR_LIMIT - 1) / 10) {
                    overflow = true; /* Go drops digits it cannot hold */
                    continue;
                }
                f = f * 10 + (uint64_t)(*s - '0');
                scale *= 10;
            }
            post = s != start;
        }
        if (!pre && !post) return bad_duration(orig, why, cap);
        size_t ul = 0;
        while (s[ul] && s[ul] != '.' && !(s[ul] >= '0' && s[ul] <= '9'))
            ul++;
        if (!ul) return fail(why, cap, "time: missing unit in duration \"%s\"", orig);
        const duration_unit *u = NULL;
        for (size_t i = 0; i < sizeof duration_units / sizeof *duration_units; i++)
            if (strlen(duration_units[i].name) == ul && !memcmp(duration_units[i].name, s, ul))
                u = &duration_units[i];
        if (!u) {
            char unit[64];
            snprintf(unit, sizeof unit, "%.*s", (int)(ul < 60 ? ul : 60), s);
            snprintf(why, cap, "time: unknown unit \"%s\" in duration \"%s\"", unit, orig);
            return -1;
        }
        s += ul;
        if (v > DUR_LIMIT / u->ns) return bad_duration(orig, why, cap);
        v *= u->ns;
        if (f > 0) {
            v += (uint64_t)((double)f * ((double)u->ns / scale));
            if (v > DUR_LIMIT) return bad_duration(orig, why, cap);
        }
        total += v;
        if (total > DUR_LIMIT) return bad_duration(orig, why, cap);
    }
    if (!neg && total > DUR_LIMIT - 1) return bad_duration(orig, why, cap);
    *ns = neg ? (int64_t)(0 - total) : (int64_t)total;
    return 0;
}

/* ---- sizes ---- */

/* strconv.ParseFloat's decimal syntax (no leading space, whole string). */
static bool go_parse_float(const char *s, size_t n, double *out)
{
    char buf[128];
    if (n == 0 || n >= sizeof buf || isspace((unsigned char)s[0])) return false;
    memcpy(buf, s, n);
    buf[n] = 0;
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (*end || errno == ERANGE) return false;
    *out = v;
    return true;
}

int go_ram_in_bytes(const char *s, int64_t *bytes, char *why, size_t cap)
{
    size_t n = strlen(s), sep = n;
    for (size_t i = n; i-- > 0;)
        if (strchr("0123456789. ", s[i])) {
            sep = i;
            break;
        }
    if (sep == n) return fail(why, cap, "invalid size: '%s'", s);
    size_t num_len = s[sep] == ' ' ? sep : sep + 1;
    const char *sfx = s + sep + 1;
    double size;
    if (!go_parse_float(s, num_len, &size)) {
        snprintf(why, cap, "strconv.ParseFloat: parsing \"%.*s\": invalid syntax", (int)num_len, s);
        return -1;
    }
    if (size < 0) return fail(why, cap, "invalid size: '%s'", s);
    size_t sl = strlen(sfx);
    char low[4] = {0};
    for (size_t i = 0; i < sl && i < 3; i++)
        low[i] = (char)tolower((unsigned char)sfx[i]);
    if (sl == 0) return *bytes = (int64_t)size, 0;
    if (sl > 3) goto bad_suffix;
    if (low[0] == 'b') {
        if (sl > 1) goto bad_suffix;
        return *bytes = (int64_t)size, 0;
    }
    const char *units = "kmgtp", *u = strchr(units, low[0]);
    if (!low[0] || !u) goto bad_suffix;
    for (long k = 0; k <= u - units; k++)
        size *= 1024;
    if ((sl == 2 && low[1] != 'b') || (sl == 3 && strcmp(low + 1, "ib") != 0)) goto bad_suffix;
    *bytes = (int64_t)size;
    return 0;
bad_suffix:
    return fail(why, cap, "invalid suffix: '%s'", low);
}

int go_parse_file_size(const char *s, char *why, size_t cap)
{
    /* "" is the default; digits are MiB (ParseUint, or ParseFloat inside
     * RAMInBytes when they overflow): both never fail */
    if (!*s || strspn(s, "0123456789") == strlen(s)) return 0;
    int64_t bytes;
    return go_ram_in_bytes(s, &bytes, why, cap);
}

/* ---- time zones ---- */

static bool zoneinfo_file(const char *dir, const char *name, bool *dir_exists)
{
    char path[512];
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) return false;
    *dir_exists = true;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char magic[4];
    bool ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
    fclose(f);
    return ok;
}

/* time.LoadLocation: "" and "UTC" are built in, other names are files of
 * the zoneinfo database. Without a database on this machine, any
 * name-shaped string is accepted (DM's host may have one). */
static bool load_location(const char *s)
{
    if (!*s || strcmp(s, "UTC") == 0) return true;
    if (strstr(s, "..") || s[0] == '/' || strchr(s, '\\')) return false;
    for (const char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("/_-+", *p)) return false;
    bool any_dir = false;
    const char *dirs[] = {getenv("ZONEINFO"), "/usr/share/zoneinfo", "/usr/share/lib/zoneinfo",
                          "/usr/lib/locale/TZ", "/etc/zoneinfo"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
        if (dirs[i] && zoneinfo_file(dirs[i], s, &any_dir)) return true;
    return !any_dir;
}

/* TiDB's types.ParseDuration for a MySQL TIME value ("[D ]H:M[:S][.f]"
 * or digits read right to left as SS, MM, HH); seconds into *secs. */
static bool mysql_time(const char *s, long *secs)
{
    long day = 0, h = 0, m = 0, sec = 0;
    const char *sp = strchr(s, ' ');
    char *end;
    if (sp) {
        day = strtol(s, &end, 10);
        if (end != sp || s == sp || day < 0 || day > 34) return false;
        s = sp + 1;
    }
    if (!isdigit((unsigned char)*s)) return false;
    if (strchr(s, ':')) {
        h = strtol(s, &end, 10);
        if (*end != ':' || !isdigit((unsigned char)end[1])) return false;
        m = strtol(end + 1, &end, 10);
        if (*end == ':') {
            if (!isdigit((unsigned char)end[1])) return false;
            sec = strtol(end + 1, &end, 10);
        }
    } else {
        long v = strtol(s, &end, 10);
        if (end - s > 7) return false;
        sec = v % 100, m = v / 100 % 100, h = v / 10000;
    }
    if (*end == '.')
        for (end++; isdigit((unsigned char)*end); end++) {
        }
    if (*end || m > 59 || sec > 59) return false;
    *secs = ((day * 24 + h) * 60 + m) * 60 + sec;
    return true;
}

int go_parse_time_zone(const char *s, char *why, size_t cap)
{
    if (strcmp(s, "SYSTEM") == 0 || strcmp(s, "Local") == 0)
        return fail(why, cap, "'SYSTEM' or 'Local' time_zone is not supported");
    if (load_location(s)) return 0;
    long secs;
    if ((s[0] == '+' || s[0] == '-') && mysql_time(s + 1, &secs) &&
        secs <= (s[0] == '-' ? 12 * 3600 + 59 * 60 : 14 * 3600))
        return 0;
    return fail(why, cap, "invalid timezone string: %s", s);
}

/* ---- binlog file names and GTID sets ---- */

bool go_verify_binlog_filename(const char *s)
{
    const char *dot = strchr(s, '.');
    if (!dot || strchr(dot + 1, '.')) return false;
    const char *p = dot + 1;
    if (*p == '+') p++;
    if (!*p) return false;
    long long v = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9' || v > (INT64_MAX - 9) / 10) return false;
        v = v * 10 + (*p - '0');
    }
    return v > 0;
}

/* s[0..n) trimmed of ASCII space (Go's TrimSpace for the cases that occur). */
static void trim(const char **s, size_t *n)
{
    while (*n && isspace((unsigned char)**s))
        (*s)++, (*n)--;
    while (*n && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

static bool all_digits(const char *s, size_t n)
{
    if (!n) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

static bool uint_text(const char *s, size_t n, uint64_t max, uint64_t *v)
{
    if (n && *s == '+') s++, n--;
    if (!all_digits(s, n)) return false;
    *v = 0;
    for (size_t i = 0; i < n; i++) {
        if (*v > (max - (uint64_t)(s[i] - '0')) / 10) return false;
        *v = *v * 10 + (uint64_t)(s[i] - '0');
    }
    return true;
}

/* 8-4-4-4-12 hex digits, optionally braced or urn:uuid:, or 32 bare. */
static bool uuid_text(const char *s, size_t n)
{
    if (n == 45 && !strncasecmp(s, "urn:uuid:", 9)) s += 9, n -= 9;
    if (n == 38 && s[0] == '{' && s[37] == '}') s++, n -= 2;
    if (n == 32) {
        for (size_t i = 0; i < n; i++)
            if (!isxdigit((unsigned char)s[i])) return false;
        return true;
    }
    if (n != 36) return false;
    for (size_t i = 0; i < n; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i])) return false;
    }
    return true;
}

/* n or n-m with m >= n (go-mysql parseInterval). */
static bool interval_text(const char *s, size_t n)
{
    const char *dash = memchr(s, '-', n);
    uint64_t a, b;
    if (!dash) return uint_text(s, n, INT64_MAX - 1, &a);
    if (memchr(dash + 1, '-', n - (size_t)(dash - s) - 1)) return false;
    return uint_text(s, (size_t)(dash - s), INT64_MAX, &a) &&
           uint_text(dash + 1, n - (size_t)(dash - s) - 1, INT64_MAX - 1, &b) && b >= a;
}

static bool mysql_uuid_set(const char *s, size_t n)
{
    trim(&s, &n);
    const char *colon = memchr(s, ':', n);
    if (!colon || !uuid_text(s, (size_t)(colon - s))) return false;
    const char *p = colon + 1, *end = s + n;
    for (;;) {
        const char *next = memchr(p, ':', (size_t)(end - p));
        const char *stop = next ? next : end;
        if (!interval_text(p, (size_t)(stop - p))) return false;
        if (!next) return true;
        p = next + 1;
    }
}

/* Split s on ',' and check each part. */
static bool each_part(const char *s, bool (*part)(const char *, size_t))
{
    for (;;) {
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        if (!part(s, n)) return false;
        if (!comma) return true;
        s = comma + 1;
    }
}

static bool mariadb_gtid(const char *s, size_t n)
{
    trim(&s, &n);
    if (!n) return true;
    const char *d1 = memchr(s, '-', n);
    const char *d2 = d1 ? memchr(d1 + 1, '-', n - (size_t)(d1 - s) - 1) : NULL;
    if (!d2 || memchr(d2 + 1, '-', n - (size_t)(d2 - s) - 1)) return false;
    uint64_t v;
    return uint_text(s, (size_t)(d1 - s), UINT32_MAX, &v) &&
           uint_text(d1 + 1, (size_t)(d2 - d1 - 1), UINT32_MAX, &v) &&
           uint_text(d2 + 1, n - (size_t)(d2 - s) - 1, UINT64_MAX, &v);
}

/* DM's IsZeroMySQLGTIDSet / IsZeroMariaDBGTIDSet: "uuid:0", "0-0-0" style
 * values are accepted without parsing. */
static bool zero_set(const char *s, char sep, int parts)
{
    if (strchr(s, ',')) return false;
    int k = 1;
    const char *last = s;
    for (const char *p = s; *p; p++)
        if (*p == sep) k++, last = p + 1;
    size_t n = strlen(last);
    trim(&last, &n);
    return k == parts && n == 1 && last[0] == '0';
}

int go_parse_gtid_set(const char *flavor, const char *s, char *why, size_t cap)
{
    bool mysql_ok = !*s || zero_set(s, ':', 2) || each_part(s, mysql_uuid_set);
    bool maria_ok = !*s || zero_set(s, '-', 3) || each_part(s, mariadb_gtid);
    if (strcmp(flavor, "mysql") == 0     ? mysql_ok
        : strcmp(flavor, "mariadb") == 0 ? maria_ok
        : !*flavor                       ? mysql_ok || maria_ok
                                         : false) {
        return 0;
    }
    if (*flavor && strcmp(flavor, "mysql") != 0 && strcmp(flavor, "mariadb") != 0) {
        fail(why, cap, "flavor %s not supported", flavor);
        return -2;
    }
    return fail(why, cap, "invalid GTID set \"%s\"", s);
}

bool go_tidb_opt_on(const char *s)
{
    size_t n = strlen(s);
    while (n && strchr(" '\"", *s))
        s++, n--;
    while (n && strchr(" '\"", s[n - 1]))
        n--;
    return (n == 2 && !strncasecmp(s, "on", 2)) || (n == 1 && s[0] == '1');
}
