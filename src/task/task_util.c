/*
 * task_util.c - reporting, strings and file input shared by the task and
 * source loaders.
 *
 * tc_error() is the one way a problem is recorded: every problem becomes an
 * error diagnostic (lint shows them all), and the bs_error keeps the one DM
 * would report, which is the first of the highest precedence (see
 * task_internal.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules_internal.h"
#include "task/task_internal.h"
#include "util/file.h"

static void record(task_ctx *c, int severity, int dm_code, const char *kind, int line,
                   const char *msg)
{
    if (bs_diag_add(c->diags, severity, dm_code, kind, c->file, line, "%s", msg)) c->oom = true;
}

int tc_error(task_ctx *c, int rank, int dm_code, const char *kind, int line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    record(c, BS_DIAG_ERROR, dm_code, kind, line, msg);
    c->n_errors++;
    if (rank > c->err_rank) {
        c->err_rank = rank;
        bs_error_set(c->err, BS_ECONFIG, c->file, BS_NO_OFFSET, "%s", msg);
        if (c->err) c->err->line = line, c->err->dm_code = dm_code;
    }
    return BS_ECONFIG;
}

void tc_warn(task_ctx *c, int dm_code, const char *kind, int line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    record(c, BS_DIAG_WARNING, dm_code, kind, line, msg);
}

int tc_result(const task_ctx *c)
{
    if (c->oom) {
        bs_error_set(c->err, BS_ENOMEM, c->file, BS_NO_OFFSET, "out of memory");
        return BS_ENOMEM;
    }
    return c->n_errors ? BS_ECONFIG : 0;
}

char *task_strndup(bs_arena *a, const char *s, size_t n)
{
    char *p = bs_arena_alloc(a, n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *task_strdup(bs_arena *a, const char *s)
{
    return task_strndup(a, s, strlen(s));
}

const char *task_dv_strdup(bs_arena *a, const dv *v)
{
    return task_strdup(a, v->state == DV_SET ? v->v.str.s : "");
}

int task_copy_strings(bs_arena *a, const dv *list, const char *const **out, size_t *n)
{
    *n = dv_count(list);
    *out = NULL;
    if (!*n) return 0;
    const char **items = bs_arena_alloc(a, *n * sizeof *items);
    if (!items) return BS_ENOMEM;
    for (size_t i = 0; i < *n; i++)
        if (!(items[i] = task_dv_strdup(a, &list->v.list.items[i].val))) return BS_ENOMEM;
    *out = items;
    return 0;
}

int task_read_file(const char *path, char **data, size_t *len, bs_error *err)
{
    return bs_file_read_all(path, TASK_MAX_FILE_BYTES, "a DM config file", data, len, err);
}

/* DM compiles these with Go's regexp; the rules module's PCRE2 wrapper
 * refuses what RE2 refuses, so compiling there is the check. */
int task_regex_check(const char *re, bool caseless, unsigned *groups, char *why, size_t cap)
{
    bs_regex *r = NULL;
    bs_error e;
    if (bs_regex_compile(re, caseless, &r, &e) != 0) {
        snprintf(why, cap, "%s", e.message);
        return e.code == BS_ENOMEM ? BS_ENOMEM : 1;
    }
    if (groups) *groups = bs_regex_groups(r);
    bs_regex_free(r);
    return 0;
}
