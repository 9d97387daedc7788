/*
 * file.h - reading a whole (small) file into memory.
 *
 * Configuration files, schema files: read at once, up to a limit that keeps
 * a wrong path (a device, a multi-GB binlog) from being slurped.
 */
#ifndef BS_UTIL_FILE_H
#define BS_UTIL_FILE_H

#include <stddef.h>

#include "binsift/error.h"

/* Read path whole into *data (malloc'ed, NUL-terminated, the caller frees)
 * and *len. BS_EIO when it cannot be read, BS_ELIMIT past limit bytes (the
 * message calls the file `what`), BS_ENOMEM. */
int bs_file_read_all(const char *path, size_t limit, const char *what, char **data, size_t *len,
                     bs_error *err);

#endif
