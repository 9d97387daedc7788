/*
 * binsift/error.h - return codes and the error object every fallible call fills.
 *
 * Functions return int: 0 on success, a negative BS_E* code on failure. The
 * caller passes a bs_error that receives a human-readable message and, where
 * it applies, the input it concerns: a file name with a byte offset (binlogs)
 * or a line (YAML, SQL). The struct is plain and fixed-size so that filling it
 * never allocates: an out-of-memory error can still be reported.
 */
#ifndef BINSIFT_ERROR_H
#define BINSIFT_ERROR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    BS_OK = 0,
    BS_ENOMEM = -1,       /* allocation failed */
    BS_EIO = -2,          /* read error, missing file */
    BS_EINVAL = -3,       /* bad argument or option */
    BS_ENOTBINLOG = -4,   /* no binlog magic, or no format description */
    BS_ETRUNCATED = -5,   /* input ends inside an event */
    BS_ECHECKSUM = -6,    /* CRC32 mismatch */
    BS_ECORRUPT = -7,     /* a length or field that cannot be right */
    BS_EENCRYPTED = -8,   /* MariaDB encrypted binlog */
    BS_EUNSUPPORTED = -9, /* valid input this version cannot handle */
    BS_ELIMIT = -10,      /* input exceeds a hard limit (e.g. event > 1 GiB) */
    BS_ECONFIG = -11,     /* a DM task/source file DM would reject */
    BS_ESYNTAX = -12      /* SQL text that does not parse (offset: where it stops) */
};

#define BS_NO_OFFSET UINT64_MAX

typedef struct bs_error {
    int code;          /* 0 or a BS_E* code */
    char message[512]; /* what went wrong, in words */
    char file[512];    /* input file concerned, or "" */
    uint64_t offset;   /* byte offset in file, or BS_NO_OFFSET */
    int line;          /* 1-based line in a text input, or 0 */
    int dm_code;       /* DM's error code when DM fails the same way (e.g. 20023), else 0 */
} bs_error;

/* Reset to "no error". */
void bs_error_clear(bs_error *err);

/* Render as "FILE: offset N: message" (parts omitted when unknown). Returns
 * out. */
const char *bs_error_format(const bs_error *err, char *out, size_t cap);

/* Short name of a code, e.g. "checksum mismatch". */
const char *bs_error_code_name(int code);

#ifdef __cplusplus
}
#endif
#endif
