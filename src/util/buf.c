/*
 * buf.c - growable byte buffer (see binsift/buf.h).
 *
 * Growth doubles, so appends are amortised O(1); the buffer is kept
 * NUL-terminated so callers can hand data to C string functions.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binsift/buf.h"
#include "binsift/error.h"

int bs_buf_reserve(bs_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return 0;
    if (need < b->len) return BS_ENOMEM; /* overflow */
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 2) return BS_ENOMEM;
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) return BS_ENOMEM;
    b->data = p;
    b->cap = cap;
    return 0;
}

int bs_buf_append(bs_buf *b, const void *p, size_t n)
{
    if (bs_buf_reserve(b, n)) return BS_ENOMEM;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
    return 0;
}

int bs_buf_putc(bs_buf *b, char c)
{
    if (b->len + 1 >= b->cap && bs_buf_reserve(b, 1)) return BS_ENOMEM;
    b->data[b->len++] = c;
    b->data[b->len] = 0;
    return 0;
}

int bs_buf_puts(bs_buf *b, const char *s)
{
    return bs_buf_append(b, s, strlen(s));
}

int bs_buf_printf(bs_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->data ? b->data + b->len : NULL, b->data ? b->cap - b->len : 0, fmt, ap);
    va_end(ap);
    if (n < 0) return BS_EINVAL;
    if (b->data && (size_t)n < b->cap - b->len) {
        b->len += (size_t)n;
        return 0;
    }
    if (bs_buf_reserve(b, (size_t)n)) return BS_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

void bs_buf_clear(bs_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = 0;
}

void bs_buf_free(bs_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

int bs_buf_put_u64(bs_buf *b, uint64_t v)
{
    char tmp[20];
    size_t n = 0;
    do {
        tmp[sizeof tmp - ++n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return bs_buf_append(b, tmp + sizeof tmp - n, n);
}

int bs_buf_put_i64(bs_buf *b, int64_t v)
{
    if (v >= 0) return bs_buf_put_u64(b, (uint64_t)v);
    if (bs_buf_putc(b, '-')) return BS_ENOMEM;
    return bs_buf_put_u64(b, 0 - (uint64_t)v);
}
