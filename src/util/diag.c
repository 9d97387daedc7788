/*
 * diag.c - the diagnostics list (see binsift/diag.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binsift/diag.h"
#include "binsift/error.h"

int bs_diag_add(bs_diag_list *l, int severity, int dm_code, const char *kind, const char *file,
                int line, const char *fmt, ...)
{
    if (!l) return 0;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        bs_diag *p = realloc(l->items, cap * sizeof *p);
        if (!p) return BS_ENOMEM;
        l->items = p;
        l->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = n >= 0 ? malloc((size_t)n + 1) : NULL;
    char *f = file ? strdup(file) : NULL;
    if (!msg || (file && !f)) {
        free(msg);
        free(f);
        return BS_ENOMEM;
    }
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    l->items[l->n++] = (bs_diag){severity, dm_code, kind, f, line, msg};
    return 0;
}

size_t bs_diag_count(const bs_diag_list *l, int min_severity)
{
    size_t c = 0;
    for (size_t i = 0; l && i < l->n; i++)
        c += l->items[i].severity >= min_severity;
    return c;
}

void bs_diag_list_free(bs_diag_list *l)
{
    if (!l) return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].file);
        free(l->items[i].message);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}
