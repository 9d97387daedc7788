/*
 * expr_time.c - DATE/DATETIME/TIMESTAMP/TIME values as TiDB handles them.
 *
 * Parsing follows TiDB's ParseTime: the text is split at punctuation (and
 * at one space or 'T' between date and time) into numeric parts; a single
 * run of digits is read by its length (YYYYMMDD, YYMMDDHHMMSS, ...); a
 * trailing '.digits' is the fraction, rounded half up to the wanted fsp;
 * a trailing Z or +hh:mm converts the value from that offset into the
 * session zone; 2-digit years map 00-69 to 2000-2069 and 70-99 to 1970-1999.
 * A day past the end of its month is invalid (TiDB: warning and NULL); zero
 * dates and zero month/day parts are accepted, as MySQL does in SELECT.
 * Numbers follow MySQL's number_to_datetime (20210101, 210101123456...).
 *
 * Calendar arithmetic uses MySQL's day numbers (calc_daynr, day 1 is
 * 0000-01-01), so DATEDIFF, WEEK and DAYOFYEAR match it; month arithmetic
 * clamps the day to the month's end. Time zones are read from TZif files
 * (explicit transitions; past the last one its offset stays in effect).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "binsift/value.h"
#include "rules/expr_internal.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_punct(char c)
{
    return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) ||
           (c >= 0x7b && c <= 0x7e);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* ---- calendar ---- */

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int xtime_days_in_month(int y, int m)
{
    static const uint8_t dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 31;
    return m == 2 && leap(y) ? 29 : dim[m - 1];
}

int64_t xtime_daynr(int y, int m, int d)
{
    if (y == 0 && m == 0) return 0;
    int64_t sum = 365 * (int64_t)y + 31 * (int64_t)(m - 1) + d;
    int64_t yy = y;
    if (m <= 2)
        yy--;
    else
        sum -= (m * 4 + 23) / 10;
    /* C division truncates toward zero, as MySQL's does */
    int64_t t = ((yy / 100 + 1) * 3) / 4;
    return sum + yy / 4 - t;
}

void xtime_from_daynr(int64_t daynr, xtime *t)
{
    t->year = 0;
    t->month = 0;
    t->day = 0;
    if (daynr <= 365 || daynr >= 3652425) return;
    int64_t year = daynr * 100 / 36525;
    int64_t day_of_year = daynr - year * 365 - (year - 1) / 4 + ((((year - 1) / 100) + 1) * 3) / 4;
    for (;;) {
        int64_t diy = leap((int)year) ? 366 : 365;
        if (day_of_year <= diy) break;
        day_of_year -= diy;
        year++;
    }
    int m = 1;
    while (day_of_year > xtime_days_in_month((int)year, m)) {
        day_of_year -= xtime_days_in_month((int)year, m);
        m++;
    }
    t->year = (uint16_t)year;
    t->month = (uint8_t)m;
    t->day = (uint8_t)day_of_year;
}

int xtime_weekday(const xtime *t)
{
    int64_t d = xtime_daynr(t->year, t->month, t->day);
    return (int)((d + 5) % 7);
}

static int days_in_year(int y)
{
    return leap(y) ? 366 : 365;
}

/* MySQL's calc_week. mode bits: 1 Monday first, 2 week year (1..53), 4 first
 * week has a 'first weekday' (else: 4+ days). */
int xtime_week(const xtime *t, int mode, int *year_out)
{
    bool monday_first = mode & 1, week_year = mode & 2, first_weekday = mode & 4;
    int64_t daynr = xtime_daynr(t->year, t->month, t->day);
    int64_t first_daynr = xtime_daynr(t->year, 1, 1);
    int year = t->year;
    int weekday = (int)((first_daynr + 5 + (monday_first ? 0 : 1)) % 7);
    if (t->month == 1 && t->day <= 7 - weekday) {
        if (!week_year && ((first_weekday && weekday != 0) || (!first_weekday && weekday >= 4))) {
            *year_out = year;
            return 0;
        }
        week_year = true;
        year--;
        int diy = days_in_year(year);
        first_daynr -= diy;
        weekday = (weekday + 53 * 7 - diy) % 7;
    }
    int64_t days;
    if ((first_weekday && weekday != 0) || (!first_weekday && weekday >= 4))
        days = daynr - (first_daynr + (7 - weekday));
    else
        days = daynr - (first_daynr - weekday);
    if (week_year && days >= 52 * 7) {
        weekday = (weekday + days_in_year(year)) % 7;
        if ((!first_weekday && weekday < 4) || (first_weekday && weekday == 0)) {
            year++;
            *year_out = year;
            return 1;
        }
    }
    *year_out = year;
    return (int)(days / 7 + 1);
}

bool xtime_is_zero(const xtime *t)
{
    return !t->year && !t->month && !t->day && !t->hour && !t->minute && !t->second && !t->usec;
}

bool xtime_invalid_date(const xtime *t)
{
    if (t->month > 12 || t->day > 31) return true;
    if (t->month && t->day && t->day > xtime_days_in_month(t->year, t->month)) return true;
    return false;
}

int xtime_cmp(const xtime *a, const xtime *b)
{
#define CMP(f)                                                                                     \
    if (a->f != b->f) return a->f < b->f ? -1 : 1
    CMP(year);
    CMP(month);
    CMP(day);
    CMP(hour);
    CMP(minute);
    CMP(second);
    CMP(usec);
#undef CMP
    return 0;
}

/* ---- microsecond arithmetic on DATETIMEs ---- */

static int64_t to_us_of_day(const xtime *t)
{
    return ((int64_t)t->hour * 3600 + t->minute * 60 + t->second) * 1000000 + t->usec;
}

int xtime_add_dur(xtime *t, int64_t us)
{
    int64_t day = xtime_daynr(t->year, t->month, t->day);
    int64_t tod = to_us_of_day(t) + us;
    int64_t perday = (int64_t)86400 * 1000000;
    int64_t dd = tod / perday;
    tod %= perday;
    if (tod < 0) {
        tod += perday;
        dd--;
    }
    day += dd;
    if (day <= 365 || day >= 3652425) return -1;
    xtime r = *t;
    xtime_from_daynr(day, &r);
    r.hour = (uint8_t)(tod / 3600000000);
    r.minute = (uint8_t)(tod / 60000000 % 60);
    r.second = (uint8_t)(tod / 1000000 % 60);
    r.usec = (uint32_t)(tod % 1000000);
    *t = r;
    return 0;
}

int xtime_round(xtime *t, int fsp)
{
    if (fsp >= 6 || fsp < 0) {
        if (fsp >= 0) t->fsp = (int8_t)fsp;
        return 0;
    }
    static const uint32_t p10[7] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    uint32_t unit = p10[6 - fsp];
    uint32_t rem = t->usec % unit;
    t->usec -= rem;
    t->fsp = (int8_t)fsp;
    if (rem * 2 >= unit) {
        if (xtime_is_zero(t) || !t->month || !t->day) {
            t->usec += unit; /* zero-in-date values keep their date */
            if (t->usec >= 1000000) t->usec -= unit;
            return 0;
        }
        return xtime_add_dur(t, unit);
    }
    return 0;
}

void xdur_round(xdur *d, int fsp)
{
    if (fsp < 0 || fsp >= 6) {
        if (fsp >= 0) d->fsp = (int8_t)fsp;
        return;
    }
    static const int64_t p10[7] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    int64_t unit = p10[6 - fsp];
    int64_t a = d->us < 0 ? -d->us : d->us;
    int64_t rem = a % unit;
    a -= rem;
    if (rem * 2 >= unit) a += unit;
    if (a > XDUR_MAX_US) a = XDUR_MAX_US / 1000000 * 1000000;
    d->us = d->us < 0 ? -a : a;
    d->fsp = (int8_t)fsp;
}

/* ---- time zones ---- */

static int32_t tz_offset(const bs_rules_expr_tz *tz, int64_t utc)
{
    if (!tz) return 0;
    if (tz->ntrans == 0) return tz->fixed;
    if (utc < tz->trans[0]) return tz->before;
    uint32_t lo = 0, hi = tz->ntrans;
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (tz->trans[mid] <= utc)
            lo = mid;
        else
            hi = mid;
    }
    return tz->offs[lo];
}

int32_t bs_rules_expr_tz_offset(const bs_rules_expr_tz *tz, int64_t utc_sec)
{
    return tz_offset(tz, utc_sec);
}

static int64_t local_seconds(const xtime *t)
{
    int64_t days = xtime_daynr(t->year, t->month, t->day) - xtime_daynr(1970, 1, 1);
    return days * 86400 + t->hour * 3600 + t->minute * 60 + t->second;
}

int64_t xtime_to_utc(const xtime *t, const bs_rules_expr_tz *tz)
{
    int64_t local = local_seconds(t);
    int64_t guess = local - tz_offset(tz, local);
    int32_t off = tz_offset(tz, guess);
    return local - off;
}

void xtime_from_utc(int64_t utc_sec, uint32_t usec, const bs_rules_expr_tz *tz, xtime *t)
{
    int64_t local = utc_sec + tz_offset(tz, utc_sec);
    int64_t days = local / 86400, rem = local % 86400;
    if (rem < 0) {
        rem += 86400;
        days--;
    }
    memset(t, 0, sizeof *t);
    xtime_from_daynr(days + xtime_daynr(1970, 1, 1), t);
    t->hour = (uint8_t)(rem / 3600);
    t->minute = (uint8_t)(rem / 60 % 60);
    t->second = (uint8_t)(rem % 60);
    t->usec = usec;
    t->tp = BS_TYPE_TIMESTAMP;
    t->fsp = 6;
}

/* "+08:00", "-5:30", "UTC" forms; false when not a fixed offset. */
static bool parse_fixed(const char *s, int32_t *off)
{
    if ((s[0] != '+' && s[0] != '-') || !is_digit(s[1])) return false;
    int h = 0, m = 0, i = 1;
    while (is_digit(s[i]) && i < 3)
        h = h * 10 + (s[i++] - '0');
    if (s[i] == ':') {
        i++;
        if (!is_digit(s[i]) || !is_digit(s[i + 1])) return false;
        m = (s[i] - '0') * 10 + (s[i + 1] - '0');
        i += 2;
    }
    if (s[i] || h > 14 || m > 59) return false;
    *off = (h * 3600 + m * 60) * (s[0] == '-' ? -1 : 1);
    return true;
}

static int64_t be64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return (int64_t)v;
}

static int32_t be32(const uint8_t *p)
{
    return (int32_t)((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]);
}

/* Load the 64-bit (v2+) data of a TZif file. */
static int load_tzif(bs_rules_expr_tz *tz, const char *path, bs_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return bs_error_set(err, BS_EINVAL, "", BS_NO_OFFSET, "unknown time zone '%s'", tz->name);
    uint8_t *buf = malloc(1 << 20);
    size_t n = buf ? fread(buf, 1, 1 << 20, f) : 0;
    fclose(f);
    int rc = bs_error_set(err, BS_EINVAL, "", BS_NO_OFFSET, "bad time zone file %s", path);
    if (!buf || n < 44 || memcmp(buf, "TZif", 4)) goto out;
    const uint8_t *p = buf;
    size_t left = n;
    for (int pass = 0; pass < 2; pass++) {
        if (left < 44) goto out;
        uint32_t isut = (uint32_t)be32(p + 20), isstd = (uint32_t)be32(p + 24),
                 leap = (uint32_t)be32(p + 28), timecnt = (uint32_t)be32(p + 32),
                 typecnt = (uint32_t)be32(p + 36), charcnt = (uint32_t)be32(p + 40);
        size_t tsize = pass == 0 ? 4 : 8;
        uint64_t body = (uint64_t)timecnt * tsize + timecnt + (uint64_t)typecnt * 6 + charcnt +
                        (uint64_t)leap * (tsize + 4) + isstd + isut;
        if (typecnt == 0 || body > left - 44) goto out;
        if (pass == 0 && p[4] >= '2') {
            /* skip the 32-bit block, read the 64-bit one */
            p += 44 + body;
            left -= 44 + body;
            continue;
        }
        const uint8_t *times = p + 44, *idx = times + timecnt * tsize, *types = idx + timecnt;
        tz->trans = malloc(sizeof *tz->trans * (timecnt ? timecnt : 1));
        tz->offs = malloc(sizeof *tz->offs * (timecnt ? timecnt : 1));
        if (!tz->trans || !tz->offs) {
            rc = bs_error_set(err, BS_ENOMEM, "", BS_NO_OFFSET, "out of memory");
            goto out;
        }
        for (uint32_t i = 0; i < timecnt; i++) {
            if (idx[i] >= typecnt) goto out;
            tz->trans[i] = tsize == 8 ? be64(times + 8 * i) : be32(times + 4 * i);
            tz->offs[i] = be32(types + 6 * idx[i]);
        }
        tz->ntrans = timecnt;
        /* before the first transition: the first non-DST type */
        tz->before = be32(types);
        for (uint32_t i = 0; i < typecnt; i++)
            if (!types[6 * i + 4]) {
                tz->before = be32(types + 6 * i);
                break;
            }
        tz->fixed = timecnt ? tz->offs[timecnt - 1] : tz->before;
        rc = 0;
        break;
    }
out:
    free(buf);
    if (rc == 0) bs_error_clear(err);
    return rc;
}

int bs_rules_expr_tz_load(const char *name, bs_rules_expr_tz **out, bs_error *err)
{
    *out = NULL;
    if (!name || strlen(name) >= sizeof((bs_rules_expr_tz *)0)->name || strstr(name, ".."))
        return bs_error_set(err, BS_EINVAL, "", BS_NO_OFFSET, "bad time zone name");
    bs_rules_expr_tz *tz = calloc(1, sizeof *tz);
    if (!tz) return bs_error_set(err, BS_ENOMEM, "", BS_NO_OFFSET, "out of memory");
    snprintf(tz->name, sizeof tz->name, "%s", name);
    int rc = 0;
    if (!strcmp(name, "UTC") || !strcmp(name, "utc") || !strcmp(name, "Z")) {
        tz->fixed = 0;
    } else if (parse_fixed(name, &tz->fixed)) {
        /* fixed offset */
    } else if (!strcmp(name, "SYSTEM") || !strcmp(name, "Local")) {
        rc = load_tzif(tz, "/etc/localtime", err);
    } else {
        char path[256];
        snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", name);
        rc = load_tzif(tz, path, err);
    }
    if (rc) {
        bs_rules_expr_tz_free(tz);
        return rc;
    }
    *out = tz;
    return 0;
}

void bs_rules_expr_tz_free(bs_rules_expr_tz *tz)
{
    if (!tz) return;
    free(tz->trans);
    free(tz->offs);
    free(tz);
}

/* ---- parsing ---- */

static int64_t num(const char *s, size_t n)
{
    int64_t v = 0;
    for (size_t i = 0; i < n && v < 100000000000000; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* Fraction digits to microseconds, rounded to fsp; *carry when it rounds
 * up to a whole second. */
static uint32_t frac_us(const char *s, size_t n, int fsp, bool *carry)
{
    uint64_t us = 0;
    for (size_t i = 0; i < 6; i++)
        us = us * 10 + (i < n ? (uint64_t)(s[i] - '0') : 0);
    bool round_up = n > 6 && s[6] >= '5';
    if (round_up) us++;
    *carry = false;
    if (fsp < 6) {
        static const uint32_t p10[7] = {1, 10, 100, 1000, 10000, 100000, 1000000};
        uint32_t unit = p10[6 - fsp];
        /* round on the digit after fsp, from the text (not the rounded us) */
        uint64_t keep = 0;
        for (int i = 0; i < fsp; i++)
            keep = keep * 10 + ((size_t)i < n ? (uint64_t)(s[i] - '0') : 0);
        bool up = (size_t)fsp < n && s[fsp] >= '5';
        us = (keep + up) * unit;
    }
    if (us >= 1000000) {
        *carry = true;
        us -= 1000000;
    }
    return (uint32_t)us;
}

/* Trailing time zone: Z, +hh:mm, +hhmm, +hh. Returns the index where it
 * starts (or n) and the offset in seconds. */
static size_t find_tz(const char *s, size_t n, bool *has, int32_t *off)
{
    *has = false;
    if (n >= 2 && (s[n - 1] == 'Z' || s[n - 1] == 'z') && is_digit(s[n - 2])) {
        *has = true;
        *off = 0;
        return n - 1;
    }
    /* the text before must hold a time (a ':') for a sign to be an offset */
    size_t i = n;
    while (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == ':'))
        i--;
    if (i == 0 || (s[i - 1] != '+' && s[i - 1] != '-')) return n;
    size_t sign = i - 1;
    const char *z = s + i;
    size_t zn = n - i;
    int h, m = 0;
    if (zn == 5 && z[2] == ':')
        h = (int)num(z, 2), m = (int)num(z + 3, 2);
    else if (zn == 4 && is_digit(z[2]))
        h = (int)num(z, 2), m = (int)num(z + 2, 2);
    else if (zn == 2)
        h = (int)num(z, 2);
    else
        return n;
    bool has_colon = false;
    for (size_t k = 0; k < sign; k++)
        if (s[k] == ':') has_colon = true;
    if (!has_colon || sign == 0 || !is_digit(s[sign - 1])) return n;
    if (h > 14 || m > 59) return n;
    *has = true;
    *off = (h * 3600 + m * 60) * (s[sign] == '-' ? -1 : 1);
    return sign;
}

/* TiDB's ParseDateFormat: numeric parts split at separators. */
static int split_parts(const char *s, size_t n, const char **part, size_t *plen, int max)
{
    if (n == 0 || !is_digit(s[0])) return -1;
    int np = 0;
    size_t start = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        char c = s[i];
        bool sep = is_punct(c) || (np == 2 && (c == 'T' || is_space(c))) || (np > 4 && is_space(c));
        if (sep) {
            if (np == max) return -1;
            part[np] = s + start;
            plen[np++] = i - start;
            start = i + 1;
            int prev = np - 1;
            while (i + 1 < n) {
                char d = s[i + 1];
                if (!(is_punct(d) || (prev == 2 && (d == 'T' || is_space(d))) ||
                      (prev > 4 && is_space(d))))
                    break;
                i++;
                start++;
            }
            continue;
        }
        if (!is_digit(c)) return -1;
    }
    if (np == max) return -1;
    part[np] = s + start;
    plen[np++] = n - start;
    for (int k = 0; k < np; k++) {
        if (plen[k] == 0) return -1;
        for (size_t j = 0; j < plen[k]; j++)
            if (!is_digit(part[k][j])) return -1;
    }
    return np;
}

static int year2(int y, size_t digits)
{
    if (digits > 2) return y;
    return y < 70 ? y + 2000 : y + 1900;
}

/* A run of digits by its length (TiDB's parseDatetime, one part). */
static int parse_digit_run(const char *p, size_t l, xtime *t)
{
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
    size_t ylen = 4;
    switch (l) {
    case 14:
        y = (int)num(p, 4), mo = (int)num(p + 4, 2), d = (int)num(p + 6, 2);
        h = (int)num(p + 8, 2), mi = (int)num(p + 10, 2), se = (int)num(p + 12, 2);
        break;
    case 12:
        ylen = 2, y = (int)num(p, 2), mo = (int)num(p + 2, 2), d = (int)num(p + 4, 2);
        h = (int)num(p + 6, 2), mi = (int)num(p + 8, 2), se = (int)num(p + 10, 2);
        break;
    case 11:
        ylen = 2, y = (int)num(p, 2), mo = (int)num(p + 2, 2), d = (int)num(p + 4, 2);
        h = (int)num(p + 6, 2), mi = (int)num(p + 8, 2), se = (int)num(p + 10, 1);
        break;
    case 10:
        ylen = 2, y = (int)num(p, 2), mo = (int)num(p + 2, 2), d = (int)num(p + 4, 2);
        h = (int)num(p + 6, 2), mi = (int)num(p + 8, 2);
        break;
    case 9:
        ylen = 2, y = (int)num(p, 2), mo = (int)num(p + 2, 2), d = (int)num(p + 4, 2);
        h = (int)num(p + 6, 2), mi = (int)num(p + 8, 1);
        break;
    case 8: y = (int)num(p, 4), mo = (int)num(p + 4, 2), d = (int)num(p + 6, 2); break;
    case 7:
        ylen = 2, y = (int)num(p, 2), mo = (int)num(p + 2, 2), d = (int)num(p + 4, 2);
        h = (int)num(p + 6, 1);
        break;
    case 6:
    case 5:
        ylen = 2, y = (int)num(p, 2), mo = (int)num(p + 2, 2), d = (int)num(p + 4, l - 4);
        break;
    default: return -1;
    }
    t->year = (uint16_t)year2(y, ylen);
    t->month = (uint8_t)mo;
    t->day = (uint8_t)d;
    t->hour = (uint8_t)h;
    t->minute = (uint8_t)mi;
    t->second = (uint8_t)se;
    return 0;
}

int xtime_parse(const char *s, size_t n, int tp, int fsp, const bs_rules_expr_tz *tz, xtime *out)
{
    while (n && is_space(*s))
        s++, n--;
    while (n && is_space(s[n - 1]))
        n--;
    if (fsp < 0 || fsp > 6) fsp = 6;
    xtime t;
    memset(&t, 0, sizeof t);
    bool has_tz;
    int32_t tzoff = 0;
    n = find_tz(s, n, &has_tz, &tzoff);
    while (has_tz && n && is_punct(s[n - 1]))
        n--;
    /* the fraction: after the last punctuation, if that is a '.' */
    const char *fr = NULL;
    size_t frn = 0;
    for (size_t i = n; i-- > 0;) {
        if (s[i] != '+' && s[i] != '-' && is_punct(s[i])) {
            if (s[i] == '.') {
                size_t e = i + 1;
                while (e < n && is_digit(s[e]))
                    e++;
                if (e != n) return -1; /* trailing junk after the fraction */
                fr = s + i + 1;
                frn = e - i - 1;
                n = i;
                while (n && is_punct(s[n - 1]))
                    n--;
            }
            break;
        }
    }
    const char *part[8];
    size_t plen[8];
    int np = split_parts(s, n, part, plen, 8);
    if (np <= 0) return -1;
    if (np == 1) {
        if (parse_digit_run(part[0], plen[0], &t)) return -1;
    } else if (np == 2) {
        /* YYYY-MM.DD: the "fraction" is the day */
        if (!fr) return -1;
        t.year = (uint16_t)year2((int)num(part[0], plen[0]), plen[0]);
        t.month = (uint8_t)num(part[1], plen[1]);
        t.day = (uint8_t)num(fr, frn);
        fr = NULL;
    } else if (np <= 6) {
        int64_t v[6] = {0};
        for (int k = 0; k < np; k++) {
            if (plen[k] > 9) return -1;
            v[k] = num(part[k], plen[k]);
        }
        if (v[0] > 9999 || v[1] > 99 || v[2] > 99 || v[3] > 99 || v[4] > 99 || v[5] > 99) return -1;
        t.year = (uint16_t)year2((int)v[0], plen[0]);
        t.month = (uint8_t)v[1];
        t.day = (uint8_t)v[2];
        t.hour = (uint8_t)v[3];
        t.minute = (uint8_t)v[4];
        t.second = (uint8_t)v[5];
    } else {
        return -1;
    }
    if (t.month > 12 || t.day > 31 || t.hour > 23 || t.minute > 59 || t.second > 59) return -1;
    if (xtime_invalid_date(&t)) return -1;
    bool carry = false;
    if (fr) t.usec = frac_us(fr, frn, fsp, &carry);
    t.tp = (uint8_t)tp;
    t.fsp = (int8_t)(tp == BS_TYPE_DATE ? 0 : fsp);
    if (carry && xtime_add_dur(&t, 1000000)) return -1;
    if (has_tz) {
        /* from the given offset into the session zone */
        int64_t utc = local_seconds(&t) - tzoff;
        uint32_t us = t.usec;
        xtime_from_utc(utc, us, tz, &t);
        t.tp = (uint8_t)tp;
        t.fsp = (int8_t)(tp == BS_TYPE_DATE ? 0 : fsp);
    }
    if (tp == BS_TYPE_DATE) {
        t.hour = t.minute = t.second = 0;
        t.usec = 0;
    }
    *out = t;
    return 0;
}

int xtime_from_i64(int64_t v, int tp, xtime *out)
{
    xtime t;
    memset(&t, 0, sizeof t);
    t.tp = (uint8_t)tp;
    if (v == 0) {
        *out = t;
        return 0;
    }
    if (v < 0) return -1;
    int64_t nr = v;
    if (nr >= 10000101000000LL) {
        /* YYYYMMDDHHMMSS */
    } else if (nr < 101) {
        return -1;
    } else if (nr <= 691231) {
        nr = (nr + 20000000) * 1000000;
    } else if (nr < 700101) {
        return -1;
    } else if (nr <= 991231) {
        nr = (nr + 19000000) * 1000000;
    } else if (nr < 10000101) {
        return -1;
    } else if (nr <= 99991231) {
        nr = nr * 1000000;
    } else if (nr < 101000000) {
        return -1;
    } else if (nr <= 691231235959LL) {
        nr = nr + 20000000000000LL;
    } else if (nr < 700101000000LL) {
        return -1;
    } else if (nr <= 991231235959LL) {
        nr = nr + 19000000000000LL;
    }
    if (nr > 99991231235959LL) return -1;
    int64_t d = nr / 1000000, s = nr % 1000000;
    t.year = (uint16_t)(d / 10000);
    t.month = (uint8_t)(d / 100 % 100);
    t.day = (uint8_t)(d % 100);
    t.hour = (uint8_t)(s / 10000);
    t.minute = (uint8_t)(s / 100 % 100);
    t.second = (uint8_t)(s % 100);
    if (t.month > 12 || t.day > 31 || t.hour > 23 || t.minute > 59 || t.second > 59) return -1;
    if (xtime_invalid_date(&t)) return -1;
    if (tp == BS_TYPE_DATE) t.hour = t.minute = t.second = 0;
    *out = t;
    return 0;
}

int xtime_from_dec(const xdec *d, int tp, int fsp, xtime *out)
{
    int64_t ip;
    if (d->neg && !xdec_is_zero(d)) return -1;
    if (xdec_to_i64(d, &ip) == XDEC_OVERFLOW) return -1;
    if (xtime_from_i64(ip, tp, out)) return -1;
    /* the fraction: digits after the point */
    char buf[XDEC_TEXT_MAX];
    size_t n = xdec_to_str(d, buf);
    const char *dot = memchr(buf, '.', n);
    if (dot && tp != BS_TYPE_DATE) {
        bool carry;
        out->usec = frac_us(dot + 1, (size_t)(buf + n - dot - 1), fsp < 0 ? 6 : fsp, &carry);
        if (carry && xtime_add_dur(out, 1000000)) return -1;
    }
    out->fsp = (int8_t)(tp == BS_TYPE_DATE ? 0 : (fsp < 0 ? 6 : fsp));
    return 0;
}

/* ---- durations ---- */

/* Returns 0, 1 when the value was clamped to 838:59:59 (MySQL and TiDB
 * clamp with a warning), -1 when invalid. */
static int dur_finish(bool neg, int64_t h, int64_t m, int64_t s, uint32_t us, int fsp, xdur *out)
{
    if (m > 59 || s > 59) return -1;
    int rc = 0;
    int64_t v;
    if (h > 838) {
        v = (int64_t)(838 * 3600 + 59 * 60 + 59) * 1000000;
        rc = 1;
    } else {
        v = ((h * 60 + m) * 60 + s) * 1000000 + us;
        if (v > XDUR_MAX_US) v = (int64_t)(838 * 3600 + 59 * 60 + 59) * 1000000, rc = 1;
    }
    out->us = neg ? -v : v;
    out->fsp = (int8_t)fsp;
    return rc;
}

int xdur_parse(const char *s, size_t n, int fsp, xdur *out)
{
    while (n && is_space(*s))
        s++, n--;
    while (n && is_space(s[n - 1]))
        n--;
    if (fsp < 0 || fsp > 6) fsp = 6;
    bool neg = false;
    if (n && *s == '-') neg = true, s++, n--;
    if (!n || !is_digit(*s)) return -1;
    /* a full datetime: its time part */
    size_t colons = 0, dashes = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ':') colons++;
        if (s[i] == '-') dashes++;
    }
    if (dashes >= 2 || (colons == 0 && n >= 12 && !memchr(s, '.', n) && !memchr(s, ' ', n))) {
        xtime t;
        if (xtime_parse(s, n, BS_TYPE_DATETIME, fsp, NULL, &t)) return -1;
        int64_t v = to_us_of_day(&t);
        out->us = neg ? -v : v;
        out->fsp = (int8_t)fsp;
        return 0;
    }
    /* fraction */
    uint32_t us = 0;
    bool carry = false;
    const char *dot = memchr(s, '.', n);
    size_t body = n;
    if (dot) {
        size_t k = (size_t)(dot - s) + 1;
        for (size_t i = k; i < n; i++)
            if (!is_digit(s[i])) return -1;
        us = frac_us(dot + 1, n - k, fsp, &carry);
        body = (size_t)(dot - s);
    }
    int64_t day = 0, h = 0, m = 0, sec = 0;
    size_t i = 0;
    /* optional "D " day prefix */
    const char *sp = memchr(s, ' ', body);
    if (sp) {
        for (; s + i < sp; i++) {
            if (!is_digit(s[i])) return -1;
            day = day * 10 + (s[i] - '0');
            if (day > 34) return -1;
        }
        while (i < body && s[i] == ' ')
            i++;
    }
    const char *p = s + i;
    size_t pn = body - i;
    if (memchr(p, ':', pn)) {
        int64_t f[3] = {0};
        int nf = 0;
        size_t k = 0;
        while (k <= pn && nf < 3) {
            int64_t v = 0;
            size_t st = k;
            while (k < pn && is_digit(p[k])) {
                v = v * 10 + (p[k] - '0');
                if (v > 100000000) return -1;
                k++;
            }
            if (k == st) return -1;
            f[nf++] = v;
            if (k == pn) break;
            if (p[k] != ':') return -1;
            k++;
        }
        if (k != pn) return -1;
        h = f[0];
        m = nf > 1 ? f[1] : 0;
        sec = nf > 2 ? f[2] : 0;
    } else {
        if (pn == 0 && !sp) return -1;
        for (size_t k = 0; k < pn; k++)
            if (!is_digit(p[k])) return -1;
        if (sp) {
            h = num(p, pn); /* "D HH" */
        } else {
            /* HHMMSS read from the right */
            int64_t v = num(p, pn);
            if (pn > 10) return -1;
            sec = v % 100;
            m = v / 100 % 100;
            h = v / 10000;
        }
    }
    h += day * 24;
    int rc = dur_finish(neg, h, m, sec, us, fsp, out);
    if (rc) return rc;
    if (carry) {
        int64_t a = (out->us < 0 ? -out->us : out->us) + 1000000;
        if (a > XDUR_MAX_US) a = (int64_t)(838 * 3600 + 59 * 60 + 59) * 1000000, rc = 1;
        out->us = neg ? -a : a;
    }
    return rc;
}

int xdur_from_i64(int64_t v, xdur *out)
{
    if (v >= 10000000000LL || v <= -10000000000LL) {
        if (v == INT64_MIN) return -1; /* no datetime that large either way */
        xtime t;
        if (xtime_from_i64(v < 0 ? -v : v, BS_TYPE_DATETIME, &t)) return -1;
        int64_t u = to_us_of_day(&t);
        out->us = v < 0 ? -u : u;
        out->fsp = 0;
        return 0;
    }
    bool neg = v < 0;
    int64_t a = neg ? -v : v;
    return dur_finish(neg, a / 10000, a / 100 % 100, a % 100, 0, 0, out);
}

int xdur_from_dec(const xdec *d, int fsp, xdur *out)
{
    char buf[XDEC_TEXT_MAX];
    size_t n = xdec_to_str(d, buf);
    const char *dot = memchr(buf, '.', n);
    size_t ip = dot ? (size_t)(dot - buf) : n;
    int64_t iv = 0;
    bool neg = buf[0] == '-';
    for (size_t i = neg; i < ip; i++) {
        iv = iv * 10 + (buf[i] - '0');
        if (iv > 100000000000000LL) return -1;
    }
    int rc = xdur_from_i64(neg ? -iv : iv, out);
    if (rc < 0) return -1;
    if (dot && !rc) {
        bool carry;
        uint32_t us = frac_us(dot + 1, n - ip - 1, fsp < 0 ? 6 : fsp, &carry);
        int64_t a = (out->us < 0 ? -out->us : out->us) + us + (carry ? 1000000 : 0);
        if (a > XDUR_MAX_US) a = (int64_t)(838 * 3600 + 59 * 60 + 59) * 1000000, rc = 1;
        out->us = neg ? -a : a;
    }
    out->fsp = (int8_t)(fsp < 0 ? 6 : fsp);
    return rc;
}

/* ---- output and numbers ---- */

static size_t put_frac(char *buf, uint32_t usec, int fsp)
{
    if (fsp <= 0) return 0;
    char f[8];
    snprintf(f, sizeof f, "%06u", usec);
    buf[0] = '.';
    memcpy(buf + 1, f, (size_t)fsp);
    return (size_t)fsp + 1;
}

size_t xtime_format(const xtime *t, char *buf)
{
    int n = snprintf(buf, 32, "%04u-%02u-%02u", t->year, t->month, t->day);
    if (t->tp == BS_TYPE_DATE) return (size_t)n;
    n += snprintf(buf + n, 32 - (size_t)n, " %02u:%02u:%02u", t->hour, t->minute, t->second);
    n += (int)put_frac(buf + n, t->usec, t->fsp);
    buf[n] = 0;
    return (size_t)n;
}

size_t xdur_format(const xdur *d, char *buf)
{
    int64_t a = d->us < 0 ? -d->us : d->us;
    int64_t s = a / 1000000;
    int n = snprintf(buf, 32, "%s%02lld:%02lld:%02lld", d->us < 0 ? "-" : "", (long long)(s / 3600),
                     (long long)(s / 60 % 60), (long long)(s % 60));
    n += (int)put_frac(buf + n, (uint32_t)(a % 1000000), d->fsp);
    buf[n] = 0;
    return (size_t)n;
}

int64_t xtime_to_i64(const xtime *t)
{
    int64_t d = (int64_t)t->year * 10000 + t->month * 100 + t->day;
    if (t->tp == BS_TYPE_DATE) return d;
    return d * 1000000 + t->hour * 10000 + t->minute * 100 + t->second;
}

void xtime_to_dec(const xtime *t, xdec *out)
{
    char buf[48];
    int n = snprintf(buf, sizeof buf, "%lld", (long long)xtime_to_i64(t));
    if (t->tp != BS_TYPE_DATE && t->fsp > 0) n += (int)put_frac(buf + n, t->usec, t->fsp);
    xdec_from_str(out, buf, (size_t)n, NULL);
}

void xdur_to_dec(const xdur *d, xdec *out)
{
    int64_t a = d->us < 0 ? -d->us : d->us, s = a / 1000000;
    char buf[48];
    int n = snprintf(buf, sizeof buf, "%s%lld", d->us < 0 ? "-" : "",
                     (long long)(s / 3600 * 10000 + s / 60 % 60 * 100 + s % 60));
    n += (int)put_frac(buf + n, (uint32_t)(a % 1000000), d->fsp);
    xdec_from_str(out, buf, (size_t)n, NULL);
}

int64_t xdur_to_i64(const xdur *d)
{
    xdur r = *d;
    xdur_round(&r, 0);
    int64_t a = r.us < 0 ? -r.us : r.us, s = a / 1000000;
    int64_t v = s / 3600 * 10000 + s / 60 % 60 * 100 + s % 60;
    return r.us < 0 ? -v : v;
}

/* ---- intervals ---- */

static const char *const unit_names[XU_COUNT] = {"MICROSECOND",
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
                                                 "YEAR_MONTH"};

const char *xunit_name(int unit)
{
    return unit >= 0 && unit < XU_COUNT ? unit_names[unit] : "?";
}

int xunit_from_name(const char *s, size_t n)
{
    if (n > 8 && !strncasecmp(s, "SQL_TSI_", 8)) s += 8, n -= 8;
    for (int u = 0; u < XU_COUNT; u++)
        if (strlen(unit_names[u]) == n && !strncasecmp(s, unit_names[u], n)) return u;
    return -1;
}

/* Fields of each composite unit: how many, and the scale of each in
 * microseconds (0 = months; the last of a _MICROSECOND unit is a fraction). */
static int unit_fields(int unit, int64_t *scale)
{
    const int64_t US = 1, S = 1000000, MI = 60 * S, H = 60 * MI, D = 24 * H;
    switch (unit) {
    case XU_SECOND_MICROSECOND: scale[0] = S, scale[1] = US; return 2;
    case XU_MINUTE_MICROSECOND: scale[0] = MI, scale[1] = S, scale[2] = US; return 3;
    case XU_MINUTE_SECOND: scale[0] = MI, scale[1] = S; return 2;
    case XU_HOUR_MICROSECOND: scale[0] = H, scale[1] = MI, scale[2] = S, scale[3] = US; return 4;
    case XU_HOUR_SECOND: scale[0] = H, scale[1] = MI, scale[2] = S; return 3;
    case XU_HOUR_MINUTE: scale[0] = H, scale[1] = MI; return 2;
    case XU_DAY_MICROSECOND:
        scale[0] = D, scale[1] = H, scale[2] = MI, scale[3] = S, scale[4] = US;
        return 5;
    case XU_DAY_SECOND: scale[0] = D, scale[1] = H, scale[2] = MI, scale[3] = S; return 4;
    case XU_DAY_MINUTE: scale[0] = D, scale[1] = H, scale[2] = MI; return 3;
    case XU_DAY_HOUR: scale[0] = D, scale[1] = H; return 2;
    case XU_YEAR_MONTH: scale[0] = -12, scale[1] = -1; return 2;
    default: return 0;
    }
}

int xinterval_parse(const char *s, size_t n, int unit, xinterval *out)
{
    memset(out, 0, sizeof *out);
    while (n && is_space(*s))
        s++, n--;
    if (n && *s == '-')
        out->neg = true, s++, n--;
    else if (n && *s == '+')
        s++, n--;
    int64_t scale[5];
    int nf = unit_fields(unit, scale);
    if (nf == 0) {
        /* a single unit: an integer (SECOND also takes a fraction) */
        int64_t v = 0;
        size_t i = 0;
        for (; i < n && is_digit(s[i]); i++) {
            v = v * 10 + (s[i] - '0');
            if (v > 1000000000000000LL) return -1;
        }
        uint32_t us = 0;
        if (unit == XU_SECOND && i < n && s[i] == '.') {
            bool carry;
            size_t j = i + 1;
            while (j < n && is_digit(s[j]))
                j++;
            us = frac_us(s + i + 1, j - i - 1, 6, &carry);
            if (carry) v++;
        }
        /* a product past int64 is far past any DATETIME: out of range */
        bool ovf = false;
        switch (unit) {
        case XU_MICROSECOND: out->us = v; break;
        case XU_SECOND:
            ovf = __builtin_mul_overflow(v, 1000000, &out->us);
            out->us += us;
            break;
        case XU_MINUTE: ovf = __builtin_mul_overflow(v, 60000000LL, &out->us); break;
        case XU_HOUR: ovf = __builtin_mul_overflow(v, 3600000000LL, &out->us); break;
        case XU_DAY: ovf = __builtin_mul_overflow(v, 86400000000LL, &out->us); break;
        case XU_WEEK: ovf = __builtin_mul_overflow(v, 7 * 86400000000LL, &out->us); break;
        case XU_MONTH: out->months = v; break;
        case XU_QUARTER: out->months = v * 3; break;
        case XU_YEAR: out->months = v * 12; break;
        default: return -1;
        }
        return ovf ? -1 : 0;
    }
    /* composite: numeric fields, right-aligned to the unit's parts */
    int64_t f[5] = {0};
    size_t flen[5] = {0};
    int got = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && !is_digit(s[i]))
            i++;
        if (i >= n) break;
        if (got == nf) return -1;
        size_t st = i;
        int64_t v = 0;
        while (i < n && is_digit(s[i])) {
            v = v * 10 + (s[i] - '0');
            if (v > 1000000000000LL) return -1;
            i++;
        }
        flen[got] = i - st;
        f[got++] = v;
    }
    int shift = nf - got;
    for (int k = 0; k < got; k++) {
        int slot = k + shift;
        int64_t v = f[k];
        if (scale[slot] == 1 && k == got - 1 && flen[k] < 6) {
            /* a microsecond field is a fraction: "1.5" is 500000 */
            for (size_t z = flen[k]; z < 6; z++)
                v *= 10;
        }
        int64_t prod;
        if (__builtin_mul_overflow(v, scale[slot] < 0 ? -scale[slot] : scale[slot], &prod))
            return -1;
        if (scale[slot] < 0 ? __builtin_add_overflow(out->months, prod, &out->months)
                            : __builtin_add_overflow(out->us, prod, &out->us))
            return -1;
    }
    return 0;
}

int xtime_add_interval(xtime *t, const xinterval *iv, bool sub)
{
    bool neg = iv->neg != sub;
    if (iv->months) {
        int64_t m = (int64_t)t->year * 12 + (t->month - 1) + (neg ? -iv->months : iv->months);
        if (m < 0 || m >= 10000 * 12) return -1;
        t->year = (uint16_t)(m / 12);
        t->month = (uint8_t)(m % 12 + 1);
        int dim = xtime_days_in_month(t->year, t->month);
        if (t->day > dim) t->day = (uint8_t)dim;
    }
    if (iv->us && xtime_add_dur(t, neg ? -iv->us : iv->us)) return -1;
    if (t->year > 9999) return -1;
    return 0;
}

/* ---- DATE_FORMAT / STR_TO_DATE ---- */

static const char *const month_names[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
static const char *const day_names[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                         "Friday", "Saturday", "Sunday"};

int xtime_date_format(xprog *p, const xtime *t, const char *fmt, size_t n, char **out,
                      size_t *out_len)
{
    size_t cap = n * 16 + 16, o = 0;
    char *buf = xalloc(p, cap);
    if (!buf) return -1;
#define PUT(...) o += (size_t)snprintf(buf + o, cap - o, __VA_ARGS__)
    for (size_t i = 0; i < n; i++) {
        if (fmt[i] != '%' || i + 1 == n) {
            buf[o++] = fmt[i];
            continue;
        }
        char c = fmt[++i];
        int wd = xtime_weekday(t);
        int h12 = t->hour % 12 == 0 ? 12 : t->hour % 12;
        int y;
        switch (c) {
        case 'a': PUT("%.3s", t->month ? day_names[wd] : ""); break;
        case 'b': PUT("%.3s", t->month ? month_names[t->month - 1] : ""); break;
        case 'c': PUT("%d", t->month); break;
        case 'D': {
            int d = t->day;
            const char *suf = (d % 100 >= 11 && d % 100 <= 13) ? "th"
                              : d % 10 == 1                    ? "st"
                              : d % 10 == 2                    ? "nd"
                              : d % 10 == 3                    ? "rd"
                                                               : "th";
            PUT("%d%s", d, suf);
            break;
        }
        case 'd': PUT("%02d", t->day); break;
        case 'e': PUT("%d", t->day); break;
        case 'f': PUT("%06u", t->usec); break;
        case 'H': PUT("%02d", t->hour); break;
        case 'h':
        case 'I': PUT("%02d", h12); break;
        case 'i': PUT("%02d", t->minute); break;
        case 'j':
            PUT("%03d",
                (int)(xtime_daynr(t->year, t->month, t->day) - xtime_daynr(t->year, 1, 1) + 1));
            break;
        case 'k': PUT("%d", t->hour); break;
        case 'l': PUT("%d", h12); break;
        case 'M': PUT("%s", t->month ? month_names[t->month - 1] : ""); break;
        case 'm': PUT("%02d", t->month); break;
        case 'p': PUT("%s", t->hour >= 12 ? "PM" : "AM"); break;
        case 'r':
            PUT("%02d:%02d:%02d %s", h12, t->minute, t->second, t->hour >= 12 ? "PM" : "AM");
            break;
        case 'S':
        case 's': PUT("%02d", t->second); break;
        case 'T': PUT("%02d:%02d:%02d", t->hour, t->minute, t->second); break;
        /* calc_week flags: 1 Monday first, 2 week year, 4 first weekday */
        case 'U': PUT("%02d", xtime_week(t, 4, &y)); break;
        case 'u': PUT("%02d", xtime_week(t, 1, &y)); break;
        case 'V': PUT("%02d", xtime_week(t, 6, &y)); break;
        case 'v': PUT("%02d", xtime_week(t, 3, &y)); break;
        case 'W': PUT("%s", t->month ? day_names[wd] : ""); break;
        case 'w': PUT("%d", (wd + 1) % 7); break;
        case 'X':
            xtime_week(t, 6, &y);
            PUT("%04d", y);
            break;
        case 'x':
            xtime_week(t, 3, &y);
            PUT("%04d", y);
            break;
        case 'Y': PUT("%04d", t->year); break;
        case 'y': PUT("%02d", t->year % 100); break;
        default: buf[o++] = c; break;
        }
    }
#undef PUT
    *out = buf;
    *out_len = o;
    return 0;
}

static size_t read_num(const char *s, size_t n, size_t *i, size_t maxd, int64_t *v)
{
    size_t st = *i;
    *v = 0;
    while (*i < n && *i - st < maxd && is_digit(s[*i]))
        *v = *v * 10 + (s[(*i)++] - '0');
    return *i - st;
}

static int match_name(const char *s, size_t n, size_t *i, const char *const *names, int count,
                      bool abbrev)
{
    for (int k = 0; k < count; k++) {
        size_t len = abbrev ? 3 : strlen(names[k]);
        if (*i + len <= n && !strncasecmp(s + *i, names[k], len)) {
            *i += len;
            return k;
        }
    }
    return -1;
}

int xtime_str_to_date(const char *s, size_t n, const char *fmt, size_t fn, xtime *out,
                      bool *has_date, bool *has_time)
{
    xtime t;
    memset(&t, 0, sizeof t);
    *has_date = *has_time = false;
    size_t i = 0;
    int pm = -1, h12 = -1;
    int64_t v;
    for (size_t k = 0; k < fn; k++) {
        if (i >= n) break; /* the text ran out: the rest of the format is zero */
        if (fmt[k] != '%' || k + 1 == fn) {
            if (is_space(fmt[k])) {
                while (i < n && is_space(s[i]))
                    i++;
                continue;
            }
            if (i >= n || s[i] != fmt[k]) return -1;
            i++;
            continue;
        }
        char c = fmt[++k];
        while (i < n && is_space(s[i]) && c != '%')
            i++;
        switch (c) {
        case 'Y':
            if (!read_num(s, n, &i, 4, &v)) return -1;
            t.year = (uint16_t)v;
            *has_date = true;
            break;
        case 'y':
            if (!read_num(s, n, &i, 2, &v)) return -1;
            t.year = (uint16_t)year2((int)v, 2);
            *has_date = true;
            break;
        case 'm':
        case 'c':
            if (!read_num(s, n, &i, 2, &v) || v > 12) return -1;
            t.month = (uint8_t)v;
            *has_date = true;
            break;
        case 'M':
        case 'b': {
            int m = match_name(s, n, &i, month_names, 12, c == 'b');
            if (m < 0) return -1;
            t.month = (uint8_t)(m + 1);
            *has_date = true;
            break;
        }
        case 'd':
        case 'e':
            if (!read_num(s, n, &i, 2, &v) || v > 31) return -1;
            t.day = (uint8_t)v;
            *has_date = true;
            break;
        case 'D':
            if (!read_num(s, n, &i, 2, &v) || v > 31) return -1;
            t.day = (uint8_t)v;
            if (i + 2 > n) return -1;
            i += 2;
            *has_date = true;
            break;
        case 'H':
        case 'k':
            if (!read_num(s, n, &i, 2, &v) || v > 23) return -1;
            t.hour = (uint8_t)v;
            *has_time = true;
            break;
        case 'h':
        case 'I':
        case 'l':
            if (!read_num(s, n, &i, 2, &v) || v > 12 || v == 0) return -1;
            h12 = (int)v;
            *has_time = true;
            break;
        case 'i':
            if (!read_num(s, n, &i, 2, &v) || v > 59) return -1;
            t.minute = (uint8_t)v;
            *has_time = true;
            break;
        case 's':
        case 'S':
            if (!read_num(s, n, &i, 2, &v) || v > 59) return -1;
            t.second = (uint8_t)v;
            *has_time = true;
            break;
        case 'f': {
            size_t st = i;
            read_num(s, n, &i, 6, &v);
            for (size_t z = i - st; z < 6; z++)
                v *= 10;
            t.usec = (uint32_t)v;
            *has_time = true;
            break;
        }
        case 'p':
            if (i + 2 > n) return -1;
            if (!strncasecmp(s + i, "AM", 2))
                pm = 0;
            else if (!strncasecmp(s + i, "PM", 2))
                pm = 1;
            else
                return -1;
            i += 2;
            *has_time = true;
            break;
        case 'T': {
            int64_t h, m, sec;
            if (!read_num(s, n, &i, 2, &h) || i >= n || s[i++] != ':' ||
                !read_num(s, n, &i, 2, &m) || i >= n || s[i++] != ':' ||
                !read_num(s, n, &i, 2, &sec) || h > 23 || m > 59 || sec > 59)
                return -1;
            t.hour = (uint8_t)h, t.minute = (uint8_t)m, t.second = (uint8_t)sec;
            *has_time = true;
            break;
        }
        case 'r': {
            int64_t h, m, sec;
            if (!read_num(s, n, &i, 2, &h) || i >= n || s[i++] != ':' ||
                !read_num(s, n, &i, 2, &m) || i >= n || s[i++] != ':' ||
                !read_num(s, n, &i, 2, &sec) || h > 12 || h == 0 || m > 59 || sec > 59)
                return -1;
            while (i < n && is_space(s[i]))
                i++;
            if (i + 2 > n) return -1;
            if (!strncasecmp(s + i, "AM", 2))
                pm = 0;
            else if (!strncasecmp(s + i, "PM", 2))
                pm = 1;
            else
                return -1;
            i += 2;
            h12 = (int)h, t.minute = (uint8_t)m, t.second = (uint8_t)sec;
            *has_time = true;
            break;
        }
        case 'j': {
            if (!read_num(s, n, &i, 3, &v) || v < 1 || v > 366) return -1;
            if (!t.year) return -1;
            xtime d;
            xtime_from_daynr(xtime_daynr(t.year, 1, 1) + v - 1, &d);
            t.month = d.month, t.day = d.day;
            *has_date = true;
            break;
        }
        case 'W':
        case 'a':
            if (match_name(s, n, &i, day_names, 7, c == 'a') < 0) return -1;
            break;
        case '%':
            if (i >= n || s[i] != '%') return -1;
            i++;
            break;
        default:
            if (i >= n || s[i] != c) return -1;
            i++;
            break;
        }
    }
    if (h12 >= 0)
        t.hour = (uint8_t)(h12 % 12 + (pm == 1 ? 12 : 0));
    else if (pm == 1 && t.hour < 12)
        t.hour = (uint8_t)(t.hour + 12);
    /* trailing text: MySQL warns but keeps the value */
    if (xtime_invalid_date(&t)) return -1;
    t.tp = *has_time ? BS_TYPE_DATETIME : BS_TYPE_DATE;
    t.fsp = 0;
    *out = t;
    return 0;
}
