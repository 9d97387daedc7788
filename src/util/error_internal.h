/*
 * error_internal.h - how library code fills a bs_error.
 */
#ifndef BS_UTIL_ERROR_INTERNAL_H
#define BS_UTIL_ERROR_INTERNAL_H

#include "binsift/error.h"

/* Fill err (when non-NULL) and return code, so that callers can write
 * `return bs_error_set(err, BS_ECORRUPT, file, off, "...")`. */
int bs_error_set(bs_error *err, int code, const char *file, uint64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Cold-path marker for error branches on hot loops. */
#define BS_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define BS_COLD        __attribute__((cold, noinline))

#endif
