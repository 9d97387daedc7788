/*
 * binsift/buf.h - a growable byte buffer, the one output type the library
 * writes text into (JSON renderings, formatted values, reports).
 *
 * Zero-initialise to use; the owner frees with bs_buf_free. Appends fail only
 * on allocation failure (BS_ENOMEM); the contents stay NUL-terminated so the
 * data can be used as a C string.
 */
#ifndef BINSIFT_BUF_H
#define BINSIFT_BUF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bs_buf {
    char *data;
    size_t len;
    size_t cap;
} bs_buf;

int bs_buf_reserve(bs_buf *b, size_t extra);
int bs_buf_append(bs_buf *b, const void *p, size_t n);
int bs_buf_putc(bs_buf *b, char c);
int bs_buf_puts(bs_buf *b, const char *s);
int bs_buf_printf(bs_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Decimal text of an integer, without printf (hot output paths). */
int bs_buf_put_u64(bs_buf *b, uint64_t v);
int bs_buf_put_i64(bs_buf *b, int64_t v);
void bs_buf_clear(bs_buf *b); /* len = 0, keeps the memory */
void bs_buf_free(bs_buf *b);

#ifdef __cplusplus
}
#endif
#endif
