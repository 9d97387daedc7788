/*
 * value_decimal.c - MySQL's binary DECIMAL format.
 *
 * A DECIMAL(p, s) is stored as its integer and fractional digits in groups
 * of nine (four bytes each, big-endian), with a shorter leading/trailing
 * group for the remainder digits. The sign is folded into the first bit
 * (set = positive) and negative numbers have every byte inverted, so that
 * the encoding sorts bytewise. Text is produced exactly, never through a
 * double.
 */
#include <stdio.h>
#include <string.h>

#include "binsift/value.h"
#include "util/bytes.h"

static const uint8_t dig2bytes[10] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
static const uint32_t pow10_u32[10] = {1,      10,      100,      1000,      10000,
                                       100000, 1000000, 10000000, 100000000, 1000000000};

/* MariaDB accepts DECIMAL(65, 38); the format itself allows up to 81 digits. */
#define MAX_DIGITS 81

size_t bs_value_decimal_size(unsigned precision, unsigned scale)
{
    if (precision == 0 || precision > MAX_DIGITS || scale > precision) return 0;
    unsigned intg = precision - scale;
    return (intg / 9) * 4 + dig2bytes[intg % 9] + (scale / 9) * 4 + dig2bytes[scale % 9];
}

/* Read one digit group of n bytes (sign-flipped copy) holding < 10^digits. */
static int group(const uint8_t *p, unsigned n, unsigned digits, uint32_t *out)
{
    uint32_t v = (uint32_t)bs_be_n(p, n);
    if (v >= pow10_u32[digits] && digits < 10) return -1;
    *out = v;
    return 0;
}

int bs_value_decimal_text(const uint8_t *src, size_t n, unsigned precision, unsigned scale,
                          bs_buf *out)
{
    size_t size = bs_value_decimal_size(precision, scale);
    if (size == 0 || n < size) return BS_ECORRUPT;
    uint8_t b[48];
    memcpy(b, src, size);
    uint8_t mask = (b[0] & 0x80) ? 0 : 0xff;
    b[0] ^= 0x80;
    for (size_t i = 0; i < size; i++)
        b[i] ^= mask;

    char text[MAX_DIGITS + 4];
    size_t t = 0;
    unsigned intg = precision - scale, lead = intg % 9;
    const uint8_t *p = b;
    int started = 0;
    uint32_t v;
    if (lead) {
        if (group(p, dig2bytes[lead], lead, &v)) return BS_ECORRUPT;
        p += dig2bytes[lead];
        if (v) t += (size_t)sprintf(text + t, "%u", v), started = 1;
    }
    for (unsigned g = 0; g < intg / 9; g++, p += 4) {
        if (group(p, 4, 9, &v)) return BS_ECORRUPT;
        if (started)
            t += (size_t)sprintf(text + t, "%09u", v);
        else if (v)
            t += (size_t)sprintf(text + t, "%u", v), started = 1;
    }
    if (!started) text[t++] = '0';
    if (scale) {
        text[t++] = '.';
        for (unsigned g = 0; g < scale / 9; g++, p += 4) {
            if (group(p, 4, 9, &v)) return BS_ECORRUPT;
            t += (size_t)sprintf(text + t, "%09u", v);
        }
        unsigned trail = scale % 9;
        if (trail) {
            if (group(p, dig2bytes[trail], trail, &v)) return BS_ECORRUPT;
            t += (size_t)sprintf(text + t, "%0*u", (int)trail, v);
        }
    }
    if (mask && bs_buf_putc(out, '-')) return BS_ENOMEM;
    return bs_buf_append(out, text, t);
}
