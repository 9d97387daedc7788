/*
 * file.c - reading a whole (small) file into memory: see file.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error_internal.h"
#include "util/file.h"

/* Grow the buffer to the file, up to limit + 1 bytes so that a larger file
 * is noticed without reading it all. */
static int read_stream(FILE *f, const char *path, size_t limit, char **buf, size_t *n,
                       bs_error *err)
{
    size_t cap = 0;
    while (*n <= limit) {
        if (*n + 1 >= cap) {
            cap = cap ? cap * 2 : 64 * 1024;
            char *p = realloc(*buf, cap);
            if (!p) return bs_error_set(err, BS_ENOMEM, path, BS_NO_OFFSET, "out of memory");
            *buf = p;
        }
        size_t got = fread(*buf + *n, 1, cap - 1 - *n, f);
        *n += got;
        if (got == 0) break;
    }
    if (ferror(f)) return bs_error_set(err, BS_EIO, path, BS_NO_OFFSET, "read error");
    (*buf)[*n] = 0;
    return 0;
}

int bs_file_read_all(const char *path, size_t limit, const char *what, char **data, size_t *len,
                     bs_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return bs_error_set(err, BS_EIO, path, BS_NO_OFFSET, "cannot open: %s", strerror(errno));
    char *buf = NULL;
    size_t n = 0;
    int rc = read_stream(f, path, limit, &buf, &n, err);
    fclose(f);
    if (!rc && n > limit)
        rc = bs_error_set(err, BS_ELIMIT, path, BS_NO_OFFSET,
                          "larger than %zu bytes (binsift's limit for %s)", limit, what);
    if (rc) {
        free(buf);
        return rc;
    }
    *data = buf;
    *len = n;
    return 0;
}
