/*
 * value_temporal.c - the binlog's date and time encodings.
 *
 * MySQL 5.6.4 introduced TIME2/DATETIME2/TIMESTAMP2: big-endian packed
 * integers (offset so they sort bytewise) followed by 0-3 bytes of
 * fractional seconds, (fsp + 1) / 2 bytes for fsp digits. The older TIME,
 * DATETIME and TIMESTAMP are little-endian decimal-coded integers without
 * fractions. DATE has kept one 3-byte bit-packed form.
 *
 * Zero and partial dates ('0000-00-00', '2024-00-10') are legal MySQL values
 * and decode as such; only values no server can produce (minute 61, more
 * than 999999 microseconds) are rejected as corrupt.
 */
#include <stdio.h>
#include <time.h>

#include "binsift/value.h"
#include "util/bytes.h"

#define TIMEF_INT_OFS     0x800000LL
#define TIMEF_OFS         0x800000000000LL
#define DATETIMEF_INT_OFS 0x8000000000LL
#define FRAC_UNIT         (1LL << 24)

unsigned bs_value_frac_bytes(unsigned fsp)
{
    return (fsp + 1) / 2;
}

static int32_t sign_extend24(uint32_t v)
{
    return (int32_t)(v << 8) >> 8;
}

int bs_value_time2(const uint8_t *p, unsigned fsp, bs_temporal *t)
{
    int64_t intpart = (int64_t)bs_be24(p) - TIMEF_INT_OFS, frac, packed;
    switch (fsp) {
    case 0: packed = intpart * FRAC_UNIT; break;
    case 1:
    case 2:
        frac = p[3];
        if (intpart < 0 && frac) intpart++, frac -= 0x100;
        packed = intpart * FRAC_UNIT + frac * 10000;
        break;
    case 3:
    case 4:
        frac = bs_be16(p + 3);
        if (intpart < 0 && frac) intpart++, frac -= 0x10000;
        packed = intpart * FRAC_UNIT + frac * 100;
        break;
    case 5:
    case 6: packed = (int64_t)bs_be_n(p, 6) - TIMEF_OFS; break;
    default: return BS_ECORRUPT;
    }
    *t = (bs_temporal){0};
    t->neg = packed < 0;
    if (packed < 0) packed = -packed;
    int64_t hms = packed / FRAC_UNIT;
    t->usec = (uint32_t)(packed % FRAC_UNIT);
    t->hour = (uint16_t)((hms >> 12) % 1024);
    t->minute = (uint8_t)((hms >> 6) % 64);
    t->second = (uint8_t)(hms % 64);
    if (t->minute > 59 || t->second > 59 || t->usec > 999999) return BS_ECORRUPT;
    return 0;
}

int bs_value_datetime2(const uint8_t *p, unsigned fsp, bs_temporal *t)
{
    /* DATETIME has no negative values, so unlike TIME2 the integer and
     * fractional parts never borrow from each other: decode them apart. */
    int64_t ymdhms = (int64_t)bs_be_n(p, 5) - DATETIMEF_INT_OFS, frac;
    switch (fsp) {
    case 0: frac = 0; break;
    case 1:
    case 2: frac = (int8_t)p[5] * 10000; break;
    case 3:
    case 4: frac = (int16_t)bs_be16(p + 5) * 100; break;
    case 5:
    case 6: frac = sign_extend24(bs_be24(p + 5)); break;
    default: return BS_ECORRUPT;
    }
    if (ymdhms < 0 || frac < 0) return BS_ECORRUPT;
    int64_t ymd = ymdhms >> 17, ym = ymd >> 5, hms = ymdhms % (1 << 17);
    *t = (bs_temporal){0};
    t->usec = (uint32_t)frac;
    t->day = (uint8_t)(ymd % 32);
    t->month = (uint8_t)(ym % 13);
    t->year = (uint16_t)(ym / 13);
    t->second = (uint8_t)(hms % 64);
    t->minute = (uint8_t)((hms >> 6) % 64);
    t->hour = (uint16_t)(hms >> 12);
    if (ym / 13 > 9999 || t->hour > 23 || t->minute > 59 || t->second > 59 || t->usec > 999999)
        return BS_ECORRUPT;
    return 0;
}

int bs_value_timestamp2(const uint8_t *p, unsigned fsp, uint32_t *sec, uint32_t *usec)
{
    *sec = bs_be32(p);
    switch (fsp) {
    case 0: *usec = 0; break;
    case 1:
    case 2: *usec = p[4] * 10000u; break;
    case 3:
    case 4: *usec = bs_be16(p + 4) * 100u; break;
    case 5:
    case 6: *usec = bs_be24(p + 4); break;
    default: return BS_ECORRUPT;
    }
    return *usec > 999999 ? BS_ECORRUPT : 0;
}

void bs_value_date(uint32_t v, bs_temporal *t)
{
    *t = (bs_temporal){0};
    t->day = (uint8_t)(v & 31);
    t->month = (uint8_t)((v >> 5) & 15);
    t->year = (uint16_t)(v >> 9);
}

void bs_value_time_old(int32_t v, bs_temporal *t)
{
    *t = (bs_temporal){0};
    t->neg = v < 0;
    uint32_t a = v < 0 ? (uint32_t) - (int64_t)v : (uint32_t)v;
    t->hour = (uint16_t)(a / 10000);
    t->minute = (uint8_t)(a / 100 % 100);
    t->second = (uint8_t)(a % 100);
}

void bs_value_datetime_old(uint64_t v, bs_temporal *t)
{
    *t = (bs_temporal){0};
    uint64_t d = v / 1000000, s = v % 1000000;
    t->year = (uint16_t)(d / 10000 % 10000);
    t->month = (uint8_t)(d / 100 % 100);
    t->day = (uint8_t)(d % 100);
    t->hour = (uint16_t)(s / 10000);
    t->minute = (uint8_t)(s / 100 % 100);
    t->second = (uint8_t)(s % 100);
}

static int frac_text(bs_buf *out, uint32_t usec, unsigned fsp)
{
    if (fsp == 0) return 0;
    static const uint32_t div[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    return bs_buf_printf(out, ".%0*u", (int)fsp, usec / div[fsp > 6 ? 6 : fsp]);
}

int bs_value_temporal_text(const bs_value *v, bs_buf *out)
{
    const bs_temporal *t = &v->v.t;
    bs_temporal utc;
    int rc;
    switch (v->kind) {
    case BS_VALUE_DATE: return bs_buf_printf(out, "%04u-%02u-%02u", t->year, t->month, t->day);
    case BS_VALUE_TIME:
        rc = bs_buf_printf(out, "%s%02u:%02u:%02u", t->neg ? "-" : "", t->hour, t->minute,
                           t->second);
        return rc ? rc : frac_text(out, t->usec, v->fsp);
    case BS_VALUE_TIMESTAMP:
        utc = (bs_temporal){0};
        utc.usec = v->v.ts.usec;
        if (v->v.ts.sec) {
            time_t s = (time_t)v->v.ts.sec;
            struct tm tm;
            gmtime_r(&s, &tm);
            utc.year = (uint16_t)(tm.tm_year + 1900);
            utc.month = (uint8_t)(tm.tm_mon + 1);
            utc.day = (uint8_t)tm.tm_mday;
            utc.hour = (uint16_t)tm.tm_hour;
            utc.minute = (uint8_t)tm.tm_min;
            utc.second = (uint8_t)tm.tm_sec;
        }
        t = &utc;
        /* fall through */
    case BS_VALUE_DATETIME:
        rc = bs_buf_printf(out, "%04u-%02u-%02u %02u:%02u:%02u", t->year, t->month, t->day, t->hour,
                           t->minute, t->second);
        return rc ? rc : frac_text(out, t->usec, v->fsp);
    default: return BS_EINVAL;
    }
}
