/*
 * task_test.h - helpers for the DM task/source loader tests: load YAML text
 * from a C string, and check the outcome of a table of cases (return code,
 * DM code, line, and a piece of the message).
 */
#ifndef BS_TASK_TEST_H
#define BS_TASK_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "binsift/task.h"

/* A minimal task DM accepts; cases append to or replace parts of it. */
#define TASK_HEAD                                                                                  \
    "name: t\n"                                                                                    \
    "task-mode: all\n"                                                                             \
    "target-database:\n"                                                                           \
    "  host: 127.0.0.1\n"                                                                          \
    "  port: 4000\n"

/* One case: YAML text and what loading it must give. dm_code 0 with rc 0
 * means it must load; line 0 means "not checked". */
typedef struct load_case {
    const char *name;
    const char *yaml;
    int rc;
    int dm_code;
    int line;
    const char *msg; /* a substring of err->message, or NULL */
} load_case;

static inline int load_task_text(const char *yaml, bs_task **t, bs_diag_list *d, bs_error *e)
{
    return bs_task_load_buffer("test.yaml", yaml, strlen(yaml), t, d, e);
}

static inline int load_source_text(const char *yaml, bs_source **s, bs_diag_list *d, bs_error *e)
{
    return bs_source_load_buffer("source.yaml", yaml, strlen(yaml), s, d, e);
}

/* Check one outcome; names the case when it fails. */
static inline void check_outcome(const load_case *c, int rc, const bs_error *e)
{
    if (rc != c->rc) fail_msg("%s: rc %d, want %d (%s)", c->name, rc, c->rc, e->message);
    if (!c->rc) return;
    if (e->dm_code != c->dm_code)
        fail_msg("%s: DM code %d, want %d (%s)", c->name, e->dm_code, c->dm_code, e->message);
    if (c->line && e->line != c->line)
        fail_msg("%s: line %d, want %d (%s)", c->name, e->line, c->line, e->message);
    if (c->msg && !strstr(e->message, c->msg))
        fail_msg("%s: message \"%s\" lacks \"%s\"", c->name, e->message, c->msg);
    if (strcmp(e->file, "test.yaml") && strcmp(e->file, "source.yaml"))
        fail_msg("%s: the error names file \"%s\"", c->name, e->file);
}

static inline void run_task_cases(const load_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        bs_task *t = NULL;
        bs_diag_list d = {0};
        bs_error e;
        int rc = load_task_text(cases[i].yaml, &t, &d, &e);
        check_outcome(&cases[i], rc, &e);
        if (rc) {
            assert_null(t);
            /* every error is also a diagnostic, the returned one among them */
            if (bs_diag_count(&d, BS_DIAG_ERROR) == 0) fail_msg("%s: no error diag", cases[i].name);
        }
        bs_task_free(t);
        bs_diag_list_free(&d);
    }
}

static inline void run_source_cases(const load_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        bs_source *s = NULL;
        bs_diag_list d = {0};
        bs_error e;
        int rc = load_source_text(cases[i].yaml, &s, &d, &e);
        check_outcome(&cases[i], rc, &e);
        if (rc) assert_null(s);
        bs_source_free(s);
        bs_diag_list_free(&d);
    }
}

/* Load a task that must be valid. */
static inline bs_task *must_load(const char *yaml)
{
    bs_task *t = NULL;
    bs_diag_list d = {0};
    bs_error e;
    int rc = load_task_text(yaml, &t, &d, &e);
    if (rc) fail_msg("load failed: %s (line %d, DM %d)", e.message, e.line, e.dm_code);
    bs_diag_list_free(&d);
    return t;
}

/* Number of diagnostics of a kind (and severity) in a list. */
static inline size_t count_diags(const bs_diag_list *d, int severity, const char *kind)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += d->items[i].severity == severity && !strcmp(d->items[i].kind, kind);
    return n;
}

#define N_CASES(a) (sizeof(a) / sizeof *(a))

#endif
