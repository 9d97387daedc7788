/*
 * expr_decimal.c - exact DECIMAL arithmetic with MySQL/TiDB's rules.
 *
 * Values use MySQL's layout (TiDB's MyDecimal has the same one): up to nine
 * 32-bit words of nine decimal digits, the integer words first (the leading
 * one holding intg % 9 digits), then the fraction words, left-aligned. intg
 * and frac count digits; rfrac is the scale the value is displayed with,
 * which TiDB tracks separately from the digits it keeps (1/3 keeps nine
 * fraction digits, 0.333333333, but shows 0.3333).
 *
 * The arithmetic itself runs on a small big-integer type (base 1e9 limbs,
 * least significant first): an operand is its digits as an integer plus a
 * scale. What must match TiDB is not the algorithm but the number of digits
 * each operation keeps, which follows MySQL's word-based rules:
 *   add/sub  frac = max(frac1, frac2)
 *   mul      frac = min(frac1 + frac2, 31)
 *   div      frac = 9 * ceil((ceil9(frac1) + ceil9(frac2) + incr') / 9), the
 *            quotient truncated there (incr' is div_precision_increment less
 *            the digits the word rounding already added)
 *   mod      frac = max(frac1, frac2)
 * and at most 81 digits in nine words: fraction words are dropped first
 * (XDEC_TRUNCATED), an integer part past nine words is XDEC_OVERFLOW.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/expr_internal.h"

#define BASE     1000000000u
#define BN_LIMBS 48

static const uint32_t p10[10] = {1,      10,      100,      1000,      10000,
                                 100000, 1000000, 10000000, 100000000, 1000000000};

static int words(int digits)
{
    return (digits + 8) / 9;
}

/* ---- big integers: n limbs of base 1e9, least significant first ---- */

typedef struct bnum {
    int n;
    uint32_t l[BN_LIMBS];
} bnum;

static void bn_norm(bnum *a)
{
    while (a->n > 0 && a->l[a->n - 1] == 0)
        a->n--;
}

static bool bn_is_zero(const bnum *a)
{
    return a->n == 0;
}

/* a = a * m + add, m <= 1e9. -1 when the capacity is exceeded. */
static int bn_mul_small(bnum *a, uint32_t m, uint32_t add)
{
    uint64_t carry = add;
    for (int i = 0; i < a->n; i++) {
        uint64_t t = (uint64_t)a->l[i] * m + carry;
        a->l[i] = (uint32_t)(t % BASE);
        carry = t / BASE;
    }
    while (carry) {
        if (a->n == BN_LIMBS) return -1;
        a->l[a->n++] = (uint32_t)(carry % BASE);
        carry /= BASE;
    }
    bn_norm(a);
    return 0;
}

static int bn_mul_pow10(bnum *a, int k)
{
    if (bn_is_zero(a) || k <= 0) return 0;
    int whole = k / 9;
    if (a->n + whole > BN_LIMBS) return -1;
    memmove(a->l + whole, a->l, sizeof a->l[0] * (size_t)a->n);
    memset(a->l, 0, sizeof a->l[0] * (size_t)whole);
    a->n += whole;
    return bn_mul_small(a, p10[k % 9], 0);
}

/* a /= d (d < 1e9 + 1); returns the remainder. */
static uint32_t bn_div_small(bnum *a, uint32_t d)
{
    uint64_t rem = 0;
    for (int i = a->n - 1; i >= 0; i--) {
        uint64_t cur = rem * BASE + a->l[i];
        a->l[i] = (uint32_t)(cur / d);
        rem = cur % d;
    }
    bn_norm(a);
    return (uint32_t)rem;
}

/* a /= 10^k, truncating. *nonzero (may be NULL) tells whether a non-zero
 * digit was dropped. */
static void bn_div_pow10(bnum *a, int k, int *nonzero)
{
    bool any = false;
    while (k > 0) {
        int step = k > 9 ? 9 : k;
        if (bn_div_small(a, p10[step])) any = true;
        k -= step;
    }
    if (nonzero) *nonzero = any;
}

static int bn_cmp(const bnum *a, const bnum *b)
{
    if (a->n != b->n) return a->n < b->n ? -1 : 1;
    for (int i = a->n - 1; i >= 0; i--)
        if (a->l[i] != b->l[i]) return a->l[i] < b->l[i] ? -1 : 1;
    return 0;
}

static int bn_add(const bnum *a, const bnum *b, bnum *r)
{
    int n = a->n > b->n ? a->n : b->n;
    uint32_t carry = 0;
    bnum t;
    for (int i = 0; i < n; i++) {
        uint32_t x = (i < a->n ? a->l[i] : 0) + (i < b->n ? b->l[i] : 0) + carry;
        carry = x >= BASE;
        t.l[i] = carry ? x - BASE : x;
    }
    t.n = n;
    if (carry) {
        if (n == BN_LIMBS) return -1;
        t.l[t.n++] = 1;
    }
    *r = t;
    return 0;
}

/* r = a - b, a >= b. */
static void bn_sub(const bnum *a, const bnum *b, bnum *r)
{
    int64_t borrow = 0;
    bnum t;
    t.n = a->n;
    for (int i = 0; i < a->n; i++) {
        int64_t x = (int64_t)a->l[i] - (i < b->n ? b->l[i] : 0) - borrow;
        borrow = x < 0;
        t.l[i] = (uint32_t)(borrow ? x + BASE : x);
    }
    bn_norm(&t);
    *r = t;
}

static int bn_mul(const bnum *a, const bnum *b, bnum *r)
{
    bnum t;
    if (a->n + b->n > BN_LIMBS) return -1;
    t.n = a->n + b->n;
    memset(t.l, 0, sizeof t.l[0] * (size_t)t.n);
    for (int i = 0; i < a->n; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < b->n; j++) {
            uint64_t x = (uint64_t)a->l[i] * b->l[j] + t.l[i + j] + carry;
            t.l[i + j] = (uint32_t)(x % BASE);
            carry = x / BASE;
        }
        for (int k = i + b->n; carry; k++) {
            uint64_t x = t.l[k] + carry;
            t.l[k] = (uint32_t)(x % BASE);
            carry = x / BASE;
        }
    }
    bn_norm(&t);
    *r = t;
    return 0;
}

/* Leading value of a, as a long double scaled by BASE^-(a->n-1). */
static long double bn_top(const bnum *a, int at)
{
    long double v = 0;
    for (int i = at, k = 0; i >= 0 && k < 3; i--, k++)
        v += (long double)a->l[i] / powl(1e9L, (long double)k);
    return v;
}

/* q = a / b, r = a % b (b != 0). Schoolbook in base 1e9, each quotient limb
 * estimated from the leading limbs and corrected. */
static void bn_divmod(const bnum *a, const bnum *b, bnum *q, bnum *r)
{
    bnum rem = {0};
    bnum quo = {0};
    quo.n = a->n;
    long double btop = bn_top(b, b->n - 1);
    for (int i = a->n - 1; i >= 0; i--) {
        /* rem = rem * BASE + a->l[i] */
        if (rem.n) {
            memmove(rem.l + 1, rem.l, sizeof rem.l[0] * (size_t)rem.n);
            rem.n++;
        } else {
            rem.n = 1;
        }
        rem.l[0] = a->l[i];
        bn_norm(&rem);
        uint32_t qd = 0;
        if (bn_cmp(&rem, b) >= 0) {
            long double rtop = bn_top(&rem, rem.n - 1);
            if (rem.n > b->n) rtop *= 1e9L;
            long double est = floorl(rtop / btop);
            if (est > BASE - 1) est = BASE - 1;
            if (est < 0) est = 0;
            qd = (uint32_t)est;
            bnum t = *b;
            bn_mul_small(&t, qd, 0);
            while (bn_cmp(&t, &rem) > 0) {
                qd--;
                bn_sub(&t, b, &t);
            }
            bn_sub(&rem, &t, &rem);
            while (bn_cmp(&rem, b) >= 0) {
                qd++;
                bn_sub(&rem, b, &rem);
            }
        }
        quo.l[i] = qd;
    }
    bn_norm(&quo);
    if (q) *q = quo;
    if (r) *r = rem;
}

/* Digits of a (0 for zero). */
static int bn_digits(const bnum *a)
{
    if (a->n == 0) return 0;
    int d = (a->n - 1) * 9;
    uint32_t top = a->l[a->n - 1];
    while (top) {
        d++;
        top /= 10;
    }
    return d;
}

/* ---- between xdec and (bnum, scale) ---- */

/* The digits of d as an integer, scaled by 10^frac. */
static void dec_unpack(const xdec *d, bnum *out)
{
    int iw = words(d->intg), fw = words(d->frac);
    bnum t = {0};
    t.n = iw + fw;
    for (int i = 0; i < t.n; i++)
        t.l[t.n - 1 - i] = (uint32_t)d->w[i];
    bn_norm(&t);
    /* the words hold 9*fw fraction digits; drop the padding */
    bn_div_pow10(&t, fw * 9 - d->frac, NULL);
    *out = t;
}

/* d = v / 10^scale with frac digits (scale may exceed frac: truncated). The
 * word capacity rules apply. */
static int dec_pack(xdec *d, const bnum *v, int scale, int frac, bool neg)
{
    bnum t = *v;
    int rc = XDEC_OK;
    if (scale > frac)
        bn_div_pow10(&t, scale - frac, NULL);
    else if (scale < frac && bn_mul_pow10(&t, frac - scale))
        return XDEC_OVERFLOW;
    /* split the integer part off to count its digits */
    bnum ip = t;
    bn_div_pow10(&ip, frac, NULL);
    int intg = bn_digits(&ip);
    int iw = words(intg), fw = words(frac);
    if (iw > XDEC_WORDS) return XDEC_OVERFLOW;
    if (iw + fw > XDEC_WORDS) {
        int keep = (XDEC_WORDS - iw) * 9;
        bn_div_pow10(&t, frac - keep, NULL);
        frac = keep;
        fw = words(frac);
        rc = XDEC_TRUNCATED;
    }
    /* lay the digits out: integer scaled to 9*fw fraction digits */
    if (bn_mul_pow10(&t, fw * 9 - frac)) return XDEC_OVERFLOW;
    memset(d->w, 0, sizeof d->w);
    for (int i = 0; i < iw + fw; i++)
        d->w[iw + fw - 1 - i] = i < t.n ? (int32_t)t.l[i] : 0;
    d->intg = (int8_t)intg;
    d->frac = (int8_t)frac;
    d->neg = neg && !bn_is_zero(&t);
    return rc;
}

void xdec_zero(xdec *d)
{
    memset(d, 0, sizeof *d);
}

bool xdec_is_zero(const xdec *d)
{
    int n = words(d->intg) + words(d->frac);
    for (int i = 0; i < n; i++)
        if (d->w[i]) return false;
    return true;
}

void xdec_prec_frac(const xdec *d, int *prec, int *frac)
{
    *frac = d->frac;
    *prec = d->intg + d->frac;
    if (*prec == 0) *prec = 1;
}

/* ---- conversions ---- */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Strip trailing zero fraction digits (TiDB's Shift works on the significant
 * digits only). */
static void trim_frac_zeros(bnum *v, int *scale)
{
    while (*scale > 0 && !bn_is_zero(v)) {
        bnum t = *v;
        if (bn_div_small(&t, 10)) break;
        *v = t;
        (*scale)--;
    }
    if (bn_is_zero(v)) *scale = 0;
}

int xdec_from_str(xdec *d, const char *s, size_t n, size_t *used)
{
    size_t i = 0;
    xdec_zero(d);
    while (i < n && is_space(s[i]))
        i++;
    bool neg = false;
    if (i < n && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    bnum v = {0};
    int intg = 0, frac = 0, rc = XDEC_OK;
    size_t start = i;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, intg++)
        if (bn_mul_small(&v, 10, (uint32_t)(s[i] - '0'))) rc = XDEC_OVERFLOW;
    if (i < n && s[i] == '.') {
        size_t j = i + 1;
        for (; j < n && s[j] >= '0' && s[j] <= '9'; j++) {
            if (frac == 81) {
                rc = XDEC_TRUNCATED; /* beyond any decimal's capacity: dropped */
                continue;
            }
            frac++;
            if (bn_mul_small(&v, 10, (uint32_t)(s[j] - '0'))) rc = XDEC_OVERFLOW;
        }
        if (intg + frac > 0) i = j;
    }
    if (intg + frac == 0) {
        if (used) *used = start;
        xdec_zero(d);
        return XDEC_BAD;
    }
    if (rc == XDEC_OVERFLOW || words(intg) > XDEC_WORDS) {
        /* TiDB keeps a clamped value and reports overflow */
        xdec_zero(d);
        d->intg = 81;
        for (int k = 0; k < XDEC_WORDS; k++)
            d->w[k] = BASE - 1;
        d->neg = neg;
        if (used) *used = i;
        return XDEC_OVERFLOW;
    }
    int scale = frac;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        bool eneg = false;
        if (j < n && (s[j] == '-' || s[j] == '+')) eneg = s[j++] == '-';
        int64_t e = 0;
        size_t ds = j;
        while (j < n && s[j] >= '0' && s[j] <= '9') {
            if (e < 100000) e = e * 10 + (s[j] - '0');
            j++;
        }
        if (j == ds) {
            rc = XDEC_TRUNCATED; /* "1e": the exponent is missing */
        } else {
            i = j;
            if (eneg) e = -e;
            if (e != 0) {
                trim_frac_zeros(&v, &scale);
                if (e > 0) {
                    int up = (int)(e < scale ? e : scale);
                    scale -= up;
                    if (e - up > 200 || bn_mul_pow10(&v, (int)(e - up))) {
                        if (!bn_is_zero(&v)) {
                            xdec_zero(d);
                            d->intg = 81;
                            for (int k = 0; k < XDEC_WORDS; k++)
                                d->w[k] = BASE - 1;
                            d->neg = neg;
                            if (used) *used = i;
                            return XDEC_OVERFLOW;
                        }
                    }
                } else {
                    scale += (int)(-e);
                }
            }
        }
    }
    frac = scale;
    if (frac > 81) {
        /* more fraction digits than any decimal holds: round them away */
        bnum t = v;
        bn_div_pow10(&t, frac - 81, NULL);
        v = t;
        frac = scale = 81;
        rc = XDEC_TRUNCATED;
    }
    int prc = dec_pack(d, &v, scale, frac, neg);
    if (prc == XDEC_OVERFLOW) {
        xdec_zero(d);
        d->intg = 81;
        for (int k = 0; k < XDEC_WORDS; k++)
            d->w[k] = BASE - 1;
        d->neg = neg;
        rc = XDEC_OVERFLOW;
    } else if (prc != XDEC_OK && rc == XDEC_OK) {
        rc = prc;
    }
    d->rfrac = d->frac;
    size_t k = i;
    while (k < n && is_space(s[k]))
        k++;
    if (k < n && rc == XDEC_OK) rc = XDEC_TRUNCATED;
    if (used) *used = i;
    return rc;
}

void xdec_from_u64(xdec *d, uint64_t v)
{
    bnum b = {0};
    while (v) {
        b.l[b.n++] = (uint32_t)(v % BASE);
        v /= BASE;
    }
    dec_pack(d, &b, 0, 0, false);
    d->rfrac = 0;
}

void xdec_from_i64(xdec *d, int64_t v)
{
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    xdec_from_u64(d, m);
    d->neg = v < 0;
}

/* Shortest round-trip digits of a finite double, as plain decimal text. */
static size_t shortest_plain(double v, char *buf, size_t cap)
{
    char e[64];
    int prec = 1;
    for (; prec <= 17; prec++) {
        snprintf(e, sizeof e, "%.*e", prec - 1, v);
        if (strtod(e, NULL) == v) break;
    }
    /* e is "-d.ddde+XX": rebuild it without the exponent */
    const char *p = e;
    size_t o = 0;
    if (*p == '-') buf[o++] = *p++;
    char digits[24];
    size_t nd = 0;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9') digits[nd++] = *p;
    int exp10 = atoi(p + 1);
    int point = exp10 + 1; /* digits before the point */
    if (point <= 0) {
        buf[o++] = '0';
        buf[o++] = '.';
        for (int k = 0; k < -point && o < cap - 2; k++)
            buf[o++] = '0';
        for (size_t k = 0; k < nd; k++)
            buf[o++] = digits[k];
    } else {
        for (int k = 0; k < point && o < cap - 2; k++)
            buf[o++] = (size_t)k < nd ? digits[k] : '0';
        if ((size_t)point < nd) {
            buf[o++] = '.';
            for (size_t k = (size_t)point; k < nd; k++)
                buf[o++] = digits[k];
        }
    }
    buf[o] = 0;
    return o;
}

int xdec_from_double(xdec *d, double v)
{
    if (!isfinite(v)) {
        xdec_zero(d);
        return XDEC_BAD;
    }
    char buf[400];
    size_t n = shortest_plain(v, buf, sizeof buf);
    return xdec_from_str(d, buf, n, NULL);
}

size_t xdec_to_str(const xdec *d, char *buf)
{
    bnum v;
    dec_unpack(d, &v);
    /* integer and fraction digits */
    char digs[100];
    int nd = 0;
    bnum t = v;
    while (!bn_is_zero(&t) && nd < 99) {
        uint32_t r = bn_div_small(&t, 10);
        digs[nd++] = (char)('0' + r);
    }
    /* digs is least significant first; pad to at least frac + 1 digits */
    while (nd < d->frac + 1)
        digs[nd++] = '0';
    size_t o = 0;
    if (d->neg && !bn_is_zero(&v)) buf[o++] = '-';
    for (int k = nd - 1; k >= d->frac; k--)
        buf[o++] = digs[k];
    if (d->frac > 0) {
        buf[o++] = '.';
        for (int k = d->frac - 1; k >= 0; k--)
            buf[o++] = digs[k];
    }
    buf[o] = 0;
    return o;
}

size_t xdec_to_display(const xdec *d, char *buf)
{
    xdec r;
    if (d->rfrac < d->frac && xdec_round(d, &r, d->rfrac, XROUND_HALF_UP) == XDEC_OK)
        return xdec_to_str(&r, buf);
    return xdec_to_str(d, buf);
}

double xdec_to_double(const xdec *d)
{
    char buf[XDEC_TEXT_MAX];
    xdec_to_str(d, buf);
    return strtod(buf, NULL);
}

int xdec_to_u64(const xdec *d, uint64_t *out)
{
    bnum v;
    dec_unpack(d, &v);
    int dropped = 0;
    if (d->neg && !xdec_is_zero(d)) {
        *out = 0;
        return XDEC_OVERFLOW;
    }
    bn_div_pow10(&v, d->frac, &dropped);
    if (v.n > 3 || (v.n == 3 && v.l[2] > 18)) {
        *out = UINT64_MAX;
        return XDEC_OVERFLOW;
    }
    unsigned __int128 x = 0;
    for (int i = v.n - 1; i >= 0; i--)
        x = x * BASE + v.l[i];
    if (x > UINT64_MAX) {
        *out = UINT64_MAX;
        return XDEC_OVERFLOW;
    }
    *out = (uint64_t)x;
    return dropped ? XDEC_TRUNCATED : XDEC_OK;
}

int xdec_to_i64(const xdec *d, int64_t *out)
{
    bnum v;
    dec_unpack(d, &v);
    int dropped = 0;
    bn_div_pow10(&v, d->frac, &dropped);
    unsigned __int128 x = 0;
    bool big = v.n > 3;
    for (int i = v.n - 1; i >= 0 && !big; i--)
        x = x * BASE + v.l[i];
    unsigned __int128 lim = d->neg ? (unsigned __int128)INT64_MAX + 1 : INT64_MAX;
    if (big || x > lim) {
        *out = d->neg ? INT64_MIN : INT64_MAX;
        return XDEC_OVERFLOW;
    }
    *out = d->neg ? (int64_t)(0 - (uint64_t)x) : (int64_t)x;
    return dropped ? XDEC_TRUNCATED : XDEC_OK;
}

/* ---- arithmetic ---- */

static int finish(xdec *to, int rc, int rfrac)
{
    to->rfrac = (int8_t)(rfrac > XDEC_MAX_SCALE ? XDEC_MAX_SCALE : rfrac);
    return rc;
}

static int add_sub(const xdec *a, const xdec *b, xdec *to, bool sub)
{
    bnum x, y, r;
    dec_unpack(a, &x);
    dec_unpack(b, &y);
    int scale = a->frac > b->frac ? a->frac : b->frac;
    bn_mul_pow10(&x, scale - a->frac);
    bn_mul_pow10(&y, scale - b->frac);
    bool xneg = a->neg, yneg = b->neg != sub;
    bool neg;
    if (xneg == yneg) {
        if (bn_add(&x, &y, &r)) return XDEC_OVERFLOW;
        neg = xneg;
    } else if (bn_cmp(&x, &y) >= 0) {
        bn_sub(&x, &y, &r);
        neg = xneg;
    } else {
        bn_sub(&y, &x, &r);
        neg = yneg;
    }
    int rfrac = a->rfrac > b->rfrac ? a->rfrac : b->rfrac;
    int rc = dec_pack(to, &r, scale, scale, neg);
    return finish(to, rc, rfrac);
}

int xdec_add(const xdec *a, const xdec *b, xdec *to)
{
    return add_sub(a, b, to, false);
}

int xdec_sub(const xdec *a, const xdec *b, xdec *to)
{
    return add_sub(a, b, to, true);
}

/* Drop the last `drop` fraction words of d (truncating). */
static void drop_frac_words(bnum *v, int *scale, int words_now, int drop)
{
    /* v is scaled by 10^scale with scale <= 9 * words_now; keep words_now - drop */
    int keep = (words_now - drop) * 9;
    if (*scale > keep) {
        bn_div_pow10(v, *scale - keep, NULL);
        *scale = keep;
    }
}

int xdec_mul(const xdec *a, const xdec *b, xdec *to)
{
    bnum x, y, r;
    dec_unpack(a, &x);
    dec_unpack(b, &y);
    int sx = a->frac, sy = b->frac;
    int wf1 = words(a->frac), wf2 = words(b->frac);
    int wi = words(a->intg + b->intg), wf = wf1 + wf2;
    int frac = a->frac + b->frac > XDEC_NOT_FIXED ? XDEC_NOT_FIXED : a->frac + b->frac;
    int rc = XDEC_OK;
    if (wi + wf > XDEC_WORDS) {
        /* MySQL's decimal_mul: no room for every fraction word of the product,
         * so fraction words of the operands are dropped before multiplying
         * (zero words first, then split between the two) */
        if (wi > XDEC_WORDS) return XDEC_OVERFLOW;
        int keep = XDEC_WORDS - wi, drop = wf - keep;
        rc = XDEC_TRUNCATED;
        while (drop > 0 && wf1 > 0 && a->w[words(a->intg) + wf1 - 1] == 0)
            wf1--, drop--;
        while (drop > 0 && wf2 > 0 && b->w[words(b->intg) + wf2 - 1] == 0)
            wf2--, drop--;
        if (drop > 0) {
            int half = drop >> 1;
            if (wf1 <= wf2) {
                drop_frac_words(&x, &sx, wf1, half);
                drop_frac_words(&y, &sy, wf2, drop - half);
            } else {
                drop_frac_words(&y, &sy, wf2, half);
                drop_frac_words(&x, &sx, wf1, drop - half);
            }
        }
        if (frac > keep * 9) frac = keep * 9;
    }
    if (bn_mul(&x, &y, &r)) return XDEC_OVERFLOW;
    int prc = dec_pack(to, &r, sx + sy, frac, a->neg != b->neg);
    if (prc != XDEC_OK) rc = prc;
    return finish(to, rc, a->rfrac + b->rfrac);
}

int xdec_div(const xdec *a, const xdec *b, xdec *to, int frac_incr)
{
    bnum x, y;
    dec_unpack(a, &x);
    dec_unpack(b, &y);
    int rfrac = a->rfrac + frac_incr;
    if (bn_is_zero(&y)) return XDEC_DIV0;
    if (bn_is_zero(&x)) {
        xdec_zero(to);
        to->frac = (int8_t)(rfrac > XDEC_MAX_SCALE ? XDEC_MAX_SCALE : rfrac);
        return finish(to, XDEC_OK, rfrac);
    }
    int frac1 = words(a->frac) * 9, frac2 = words(b->frac) * 9;
    int incr = frac_incr - (frac1 - a->frac) - (frac2 - b->frac);
    if (incr < 0) incr = 0;
    int frac = words(frac1 + frac2 + incr) * 9;
    /* q = trunc(x/10^fa / (y/10^fb) * 10^frac) = x * 10^(frac + fb - fa) / y */
    int shift = frac + b->frac - a->frac;
    if (shift >= 0) {
        if (bn_mul_pow10(&x, shift)) return XDEC_OVERFLOW;
    } else if (bn_mul_pow10(&y, -shift)) {
        return XDEC_OVERFLOW;
    }
    bnum q;
    bn_divmod(&x, &y, &q, NULL);
    int rc = dec_pack(to, &q, frac, frac, a->neg != b->neg);
    return finish(to, rc, rfrac);
}

int xdec_mod(const xdec *a, const xdec *b, xdec *to)
{
    bnum x, y, r;
    dec_unpack(a, &x);
    dec_unpack(b, &y);
    if (bn_is_zero(&y)) return XDEC_DIV0;
    int scale = a->frac > b->frac ? a->frac : b->frac;
    bn_mul_pow10(&x, scale - a->frac);
    bn_mul_pow10(&y, scale - b->frac);
    bn_divmod(&x, &y, NULL, &r);
    int rc = dec_pack(to, &r, scale, scale, a->neg);
    return finish(to, rc, a->rfrac > b->rfrac ? a->rfrac : b->rfrac);
}

int xdec_round(const xdec *from, xdec *to, int scale, int mode)
{
    bnum v;
    dec_unpack(from, &v);
    int frac = from->frac;
    if (scale > XDEC_NOT_FIXED) scale = XDEC_NOT_FIXED;
    if (scale >= frac) {
        int rc = dec_pack(to, &v, frac, scale, from->neg);
        return finish(to, rc, scale);
    }
    /* drop frac - scale digits (scale may be negative: integer digits) */
    int drop = frac - scale;
    bnum q = v;
    bnum rest = v;
    bn_div_pow10(&q, drop, NULL);
    bnum back = q;
    if (bn_mul_pow10(&back, drop)) return XDEC_OVERFLOW;
    bn_sub(&rest, &back, &rest);
    bool up = false;
    if (!bn_is_zero(&rest)) {
        switch (mode) {
        case XROUND_HALF_UP: {
            /* compare the dropped part with half a unit: 5 * 10^(drop-1) */
            bnum half = {0};
            half.n = 1;
            half.l[0] = 5;
            if (bn_mul_pow10(&half, drop - 1)) return XDEC_OVERFLOW;
            up = bn_cmp(&rest, &half) >= 0;
            break;
        }
        case XROUND_CEIL: up = !from->neg; break;
        case XROUND_FLOOR: up = from->neg; break;
        default: break;
        }
    }
    if (up && bn_mul_small(&q, 1, 1)) return XDEC_OVERFLOW;
    int out_frac = scale > 0 ? scale : 0;
    int out_scale = scale;
    if (scale < 0) {
        /* put the dropped integer digits back as zeros */
        if (bn_mul_pow10(&q, -scale)) return XDEC_OVERFLOW;
        out_scale = 0;
    }
    int rc = dec_pack(to, &q, out_scale, out_frac, from->neg);
    return finish(to, rc, out_frac);
}

int xdec_cmp(const xdec *a, const xdec *b)
{
    bool az = xdec_is_zero(a), bz = xdec_is_zero(b);
    bool an = a->neg && !az, bn = b->neg && !bz;
    if (an != bn) return an ? -1 : 1;
    bnum x, y;
    dec_unpack(a, &x);
    dec_unpack(b, &y);
    int scale = a->frac > b->frac ? a->frac : b->frac;
    bn_mul_pow10(&x, scale - a->frac);
    bn_mul_pow10(&y, scale - b->frac);
    int c = bn_cmp(&x, &y);
    return an ? -c : c;
}

/* ---- MySQL binary DECIMAL ---- */

static const uint8_t dig2bytes[10] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};

static size_t bin_size(int prec, int scale)
{
    int intg = prec - scale;
    return (size_t)((intg / 9) * 4 + dig2bytes[intg % 9] + (scale / 9) * 4 + dig2bytes[scale % 9]);
}

int xdec_from_bin(xdec *d, const uint8_t *src, size_t n, int prec, int scale)
{
    if (prec <= 0 || prec > 81 || scale < 0 || scale > prec) return XDEC_BAD;
    size_t size = bin_size(prec, scale);
    if (n < size || size > 40) return XDEC_BAD;
    uint8_t b[40];
    memcpy(b, src, size);
    uint8_t mask = (b[0] & 0x80) ? 0 : 0xff;
    b[0] ^= 0x80;
    for (size_t i = 0; i < size; i++)
        b[i] ^= mask;
    /* read the digit groups into an integer */
    bnum v = {0};
    const uint8_t *p = b;
    int intg = prec - scale;
    int groups[4] = {intg % 9, intg / 9, scale / 9, scale % 9};
    for (int g = 0; g < 4; g++) {
        int count = (g == 1 || g == 2) ? groups[g] : (groups[g] ? 1 : 0);
        int digits = (g == 1 || g == 2) ? 9 : groups[g];
        for (int k = 0; k < count; k++) {
            unsigned nb = dig2bytes[digits];
            uint32_t x = 0;
            for (unsigned j = 0; j < nb; j++)
                x = x << 8 | *p++;
            if (x >= p10[digits]) return XDEC_BAD;
            if (bn_mul_small(&v, p10[digits], x)) return XDEC_BAD;
        }
    }
    int rc = dec_pack(d, &v, scale, scale, mask != 0);
    d->rfrac = (int8_t)scale;
    return rc == XDEC_OK ? XDEC_OK : XDEC_BAD;
}

int xdec_to_bin(const xdec *d, int prec, int scale, uint8_t *out, size_t cap)
{
    if (prec <= 0 || prec > 65 || scale < 0 || scale > prec || scale > 30) return XDEC_BAD;
    size_t size = bin_size(prec, scale);
    if (cap < size) return XDEC_BAD;
    xdec r;
    int rc = xdec_round(d, &r, scale, XROUND_HALF_UP);
    if (rc == XDEC_OVERFLOW) return rc;
    bnum v;
    dec_unpack(&r, &v);
    bn_mul_pow10(&v, scale - r.frac);
    if (bn_digits(&v) > prec) return XDEC_OVERFLOW;
    /* write groups from the least significant end */
    int intg = prec - scale;
    uint8_t *p = out + size;
    int lens[4] = {scale % 9, scale / 9, intg / 9, intg % 9};
    for (int g = 0; g < 4; g++) {
        int count = (g == 1 || g == 2) ? lens[g] : (lens[g] ? 1 : 0);
        int digits = (g == 1 || g == 2) ? 9 : lens[g];
        for (int k = 0; k < count; k++) {
            uint32_t x = bn_div_small(&v, p10[digits]);
            for (unsigned j = 0; j < dig2bytes[digits]; j++) {
                *--p = (uint8_t)x;
                x >>= 8;
            }
        }
    }
    uint8_t mask = r.neg && !xdec_is_zero(&r) ? 0xff : 0;
    for (size_t i = 0; i < size; i++)
        out[i] ^= mask;
    out[0] ^= 0x80;
    return XDEC_OK;
}
