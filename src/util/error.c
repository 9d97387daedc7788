/*
 * error.c - filling and rendering bs_error.
 *
 * Errors are filled where they are detected, with the file and offset known
 * there, and rendered once at the edge (the CLI). bs_error_set() never
 * allocates, so it is safe on the out-of-memory path.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/error_internal.h"

void bs_error_clear(bs_error *err)
{
    if (!err) return;
    err->code = 0;
    err->message[0] = 0;
    err->file[0] = 0;
    err->offset = BS_NO_OFFSET;
    err->line = 0;
    err->dm_code = 0;
}

int bs_error_set(bs_error *err, int code, const char *file, uint64_t offset, const char *fmt, ...)
{
    if (!err) return code;
    bs_error_clear(err);
    err->code = code;
    if (file) snprintf(err->file, sizeof err->file, "%s", file);
    err->offset = offset;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

const char *bs_error_format(const bs_error *err, char *out, size_t cap)
{
    size_t n = 0;
    if (cap == 0) return out;
    out[0] = 0;
    if (err->file[0]) n += (size_t)snprintf(out + n, cap - n, "%s: ", err->file);
    if (n < cap && err->line > 0) n += (size_t)snprintf(out + n, cap - n, "line %d: ", err->line);
    if (n < cap && err->dm_code) n += (size_t)snprintf(out + n, cap - n, "[DM %d] ", err->dm_code);
    if (n < cap && err->offset != BS_NO_OFFSET)
        n += (size_t)snprintf(out + n, cap - n, "offset %llu: ", (unsigned long long)err->offset);
    if (n < cap) snprintf(out + n, cap - n, "%s", err->message[0] ? err->message : "error");
    return out;
}

const char *bs_error_code_name(int code)
{
    switch (code) {
    case BS_OK: return "ok";
    case BS_ENOMEM: return "out of memory";
    case BS_EIO: return "i/o error";
    case BS_EINVAL: return "invalid argument";
    case BS_ENOTBINLOG: return "not a binlog";
    case BS_ETRUNCATED: return "truncated";
    case BS_ECHECKSUM: return "checksum mismatch";
    case BS_ECORRUPT: return "corrupt data";
    case BS_EENCRYPTED: return "encrypted binlog";
    case BS_EUNSUPPORTED: return "unsupported";
    case BS_ELIMIT: return "limit exceeded";
    case BS_ECONFIG: return "invalid configuration";
    case BS_ESYNTAX: return "syntax error";
    default: return "unknown error";
    }
}
