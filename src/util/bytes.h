/*
 * bytes.h - fixed-width and length-encoded integer reads from byte buffers.
 *
 * The binlog is little-endian except for the temporal and decimal column
 * encodings, which are big-endian so that they sort bytewise. These helpers
 * compile to single loads on x86-64; callers check bounds before calling.
 * bs_read_packed() is the one exception: length-encoded integers have a
 * variable width, so it takes the end of the buffer and fails past it.
 */
#ifndef BS_UTIL_BYTES_H
#define BS_UTIL_BYTES_H

#include <stdint.h>
#include <string.h>

static inline uint16_t bs_le16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
}
static inline uint32_t bs_le24(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
}
static inline uint32_t bs_le32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}
static inline uint64_t bs_le48(const uint8_t *p)
{
    return (uint64_t)bs_le32(p) | (uint64_t)bs_le16(p + 4) << 32;
}
static inline uint64_t bs_le64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}
/* Little-endian unsigned integer of n (1..8) bytes. */
static inline uint64_t bs_le_n(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}
/* Big-endian unsigned integer of n (1..8) bytes. */
static inline uint64_t bs_be_n(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}
static inline uint32_t bs_be16(const uint8_t *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}
static inline uint32_t bs_be24(const uint8_t *p)
{
    return (uint32_t)p[0] << 16 | bs_be16(p + 1);
}
static inline uint32_t bs_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | bs_be24(p + 1);
}

/* Length-encoded integer at *pp (1, 3, 4 or 9 bytes). Advances *pp. Returns 0,
 * or -1 when the encoding runs past end or starts with 0xfb/0xff. */
static inline int bs_read_packed(const uint8_t **pp, const uint8_t *end, uint64_t *out)
{
    const uint8_t *p = *pp;
    if (p >= end) return -1;
    uint8_t b = *p;
    if (b < 0xfb) {
        *out = b;
        *pp = p + 1;
        return 0;
    }
    unsigned n = b == 0xfc ? 2 : b == 0xfd ? 3 : b == 0xfe ? 8 : 0;
    if (n == 0 || (size_t)(end - p) < 1 + n) return -1;
    *out = bs_le_n(p + 1, n);
    *pp = p + 1 + n;
    return 0;
}

/* Bit i of a little-endian bitmap (bit 0 = LSB of byte 0). */
static inline int bs_bit(const uint8_t *map, uint32_t i)
{
    return map[i >> 3] >> (i & 7) & 1;
}

#endif
