/*
 * binsift/diag.h - diagnostics: findings that are not (or not only) fatal.
 *
 * Loading a DM task can produce several problems at once (DM stops at the
 * first, binsift's lint reports them all), and warnings that DM never shows
 * (filter rules it silently discards). A bs_diag_list collects them with the
 * place they concern; the caller renders and frees it.
 */
#ifndef BINSIFT_DIAG_H
#define BINSIFT_DIAG_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum bs_diag_severity { BS_DIAG_INFO = 0, BS_DIAG_WARNING = 1, BS_DIAG_ERROR = 2 };

typedef struct bs_diag {
    int severity;     /* bs_diag_severity */
    int dm_code;      /* DM's error code (e.g. 20023) when DM reports the same, else 0 */
    const char *kind; /* short stable identifier for tools, e.g. "filter-rule-dropped" */
    char *file;       /* the file concerned, or NULL */
    int line;         /* 1-based line in file, 0 when unknown */
    char *message;
} bs_diag;

typedef struct bs_diag_list {
    bs_diag *items;
    size_t n, cap;
} bs_diag_list;

/* Append a diagnostic (message printf-style). Returns 0 or BS_ENOMEM. A NULL
 * list is accepted and ignores the call. */
int bs_diag_add(bs_diag_list *l, int severity, int dm_code, const char *kind, const char *file,
                int line, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Number of diagnostics at or above a severity. */
size_t bs_diag_count(const bs_diag_list *l, int min_severity);
void bs_diag_list_free(bs_diag_list *l);

#ifdef __cplusplus
}
#endif
#endif
