/*
 * lint.c - `binsift lint`: everything wrong or suspicious in a DM task and
 * its source files before the task runs (see lint_internal.h for the parts).
 *
 * The files are loaded with the ordinary loaders, whose diagnostics are the
 * first findings: every validation DM performs (DM stops at the first, lint
 * shows them all) and the filter rules DM silently discards. A file that is
 * not YAML at all, or cannot be read, makes the input unusable. Then binsift
 * adds its own analysis: on the YAML keys (always), and, when the task
 * loaded, per mysql-instance on the rules compiled exactly as the replay
 * compiles them (the instance's source file adds its case-sensitive flag and
 * filters).
 *
 * Findings are bs_diag entries with a stable kind (listed in binsift/rules.h)
 * and the YAML line of the rule concerned. The same finding from several
 * instances is reported once, naming the instances when not all have it.
 * The list is returned sorted by file (task first, then sources in the
 * order given) and line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/lint_internal.h"

struct lint_item {
    int severity, dm_code;
    const char *kind;
    const char *file;
    int line;
    char *message;
    bool scoped;   /* found while analysing instances */
    size_t *insts; /* the instances that have it */
    size_t n_insts;
};

/* ---- findings ---- */

static lint_item *find_item(lint_ctx *L, const char *kind, const char *file, int line,
                            const char *msg)
{
    for (size_t i = 0; i < L->n_items; i++) {
        lint_item *it = &L->items[i];
        if (it->line == line && !strcmp(it->kind, kind) && !strcmp(it->file, file) &&
            !strcmp(it->message, msg))
            return it;
    }
    return NULL;
}

static lint_item *new_item(lint_ctx *L)
{
    if (L->n_items == L->cap_items) {
        size_t cap = L->cap_items ? L->cap_items * 2 : 32;
        lint_item *p = realloc(L->items, cap * sizeof *p);
        if (!p) return NULL;
        L->items = p;
        L->cap_items = cap;
    }
    lint_item *it = &L->items[L->n_items++];
    memset(it, 0, sizeof *it);
    return it;
}

static bool add_inst(lint_item *it, size_t inst)
{
    for (size_t i = 0; i < it->n_insts; i++)
        if (it->insts[i] == inst) return true;
    size_t *p = realloc(it->insts, (it->n_insts + 1) * sizeof *p);
    if (!p) return false;
    it->insts = p;
    it->insts[it->n_insts++] = inst;
    return true;
}

void lint_note(lint_ctx *L, int severity, int dm_code, const char *kind, const char *file, int line,
               const char *fmt, ...)
{
    char msg[1600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    lint_item *it = find_item(L, kind, file, line, msg);
    if (!it) {
        char *copy = strdup(msg);
        if (!copy || !(it = new_item(L))) {
            free(copy);
            L->oom = true;
            return;
        }
        *it = (lint_item){severity, dm_code, kind, file, line, copy, L->inst >= 0, NULL, 0};
    }
    if (L->inst >= 0 && !add_inst(it, (size_t)L->inst)) L->oom = true;
}

/* " (mysql-instances a, b)" when not every instance has the finding. */
static void instance_suffix(const lint_ctx *L, const lint_item *it, char *out, size_t cap)
{
    out[0] = 0;
    size_t n = L->task ? L->task->n_instances : 0;
    if (!it->scoped || n < 2 || it->n_insts >= n) return;
    size_t o = (size_t)snprintf(out, cap, " (mysql-instance%s ", it->n_insts > 1 ? "s" : "");
    for (size_t i = 0; i < it->n_insts && o < cap; i++)
        o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? ", " : "",
                              L->task->instances[it->insts[i]].source_id);
    if (o < cap) snprintf(out + o, cap - o, ")");
}

static int flush(lint_ctx *L, bs_diag_list *out)
{
    int rc = L->oom ? BS_ENOMEM : 0;
    for (size_t i = 0; i < L->n_items; i++) {
        lint_item *it = &L->items[i];
        char suffix[300];
        instance_suffix(L, it, suffix, sizeof suffix);
        if (!rc)
            rc = bs_diag_add(out, it->severity, it->dm_code, it->kind, it->file, it->line, "%s%s",
                             it->message, suffix);
        free(it->message);
        free(it->insts);
    }
    free(L->items);
    L->items = NULL;
    L->n_items = L->cap_items = 0;
    return rc;
}

const char *lint_filter_file(const lint_ctx *L, const bs_task_filter *f)
{
    const bs_task_config *t = L->task;
    if (t->n_filters && f >= t->filters && f < t->filters + t->n_filters) return L->task_file;
    if (L->in_source && L->in_source->src) {
        const bs_source_config *sc = bs_source_get(L->in_source->src);
        if (sc->n_filters && f >= sc->filters && f < sc->filters + sc->n_filters)
            return L->in_source->file;
    }
    return L->task_file;
}

/* ---- per-instance analysis ---- */

/* The first source file with that source-id (lint_keys reports others). */
static const lint_source *instance_source(const lint_ctx *L, const char *source_id)
{
    for (size_t i = 0; i < L->n_sources; i++) {
        const lint_source *s = &L->sources[i];
        if (s->src && !strcmp(bs_source_get(s->src)->source_id, source_id)) return s;
    }
    return NULL;
}

static void lint_instance(lint_ctx *L, size_t i)
{
    const bs_task_instance *in = &L->task->instances[i];
    L->inst = (int)i;
    L->in = in;
    L->in_source = instance_source(L, in->source_id);
    const bs_source_config *sc = L->in_source ? bs_source_get(L->in_source->src) : NULL;
    bs_diag_list ignored = {0}; /* the loaders reported these, with their files */
    bs_error err;
    if (bs_rules_compile_config(L->task, in->source_id, sc, &L->rules, &ignored, &err)) {
        if (err.code == BS_ENOMEM) L->oom = true;
        lint_note(L, BS_DIAG_ERROR, err.dm_code, "rules-compile", L->task_file,
                  err.line ? err.line : in->line, "the rules of source %s do not compile: %s",
                  in->source_id, err.message);
    } else {
        lint_balist(L);
        lint_routes(L);
        lint_filters(L);
        lint_expr_instance(L);
        bs_rules_free(L->rules);
    }
    bs_diag_list_free(&ignored);
    L->rules = NULL;
    bs_arena_reset(&L->scratch);
    L->inst = -1;
    L->in = NULL;
    L->in_source = NULL;
}

/* ---- loading ---- */

/* The YAML tree of one file: 0, BS_ECONFIG when it is not YAML (the syntax
 * error goes to out), BS_ELIMIT, BS_ENOMEM. */
static int parse_tree(const bs_rules_lint_input *in, bs_arena *arena, bs_diag_list *out,
                      const ynode **root, bs_error *err)
{
    if (in->len > TASK_MAX_FILE_BYTES)
        return bs_error_set(err, BS_ELIMIT, in->name, BS_NO_OFFSET,
                            "larger than %zu bytes (binsift's limit for a DM config file)",
                            TASK_MAX_FILE_BYTES);
    task_ctx c = {.file = in->name, .diags = out, .err = err};
    ynode *r = NULL;
    int rc = ytree_parse(&c, arena, in->data, in->len, &r);
    if (!rc && c.oom) rc = BS_ENOMEM;
    if (rc == BS_ENOMEM) bs_error_set(err, BS_ENOMEM, in->name, BS_NO_OFFSET, "out of memory");
    *root = r;
    return rc;
}

/* A loader's result: the model was built (0), DM rejects the file
 * (BS_ECONFIG: the problems are in out), or a failure to report. */
static int load_result(int rc, const bs_error *e, bs_error *err)
{
    if (rc == 0 || rc == BS_ECONFIG) return 0;
    if (err) *err = *e;
    return rc;
}

static int load_all(lint_ctx *L, const bs_rules_lint_input *task, const bs_rules_lint_input *srcs,
                    bs_task **t, bs_arena *trees, bs_diag_list *out, bs_error *err)
{
    int unusable = 0, rc;
    bs_error e;
    bs_error_clear(&e);
    if ((rc = parse_tree(task, trees, out, &L->task_root, err)) == BS_ECONFIG)
        unusable = rc;
    else if (rc)
        return rc;
    else if ((rc = load_result(bs_task_load_buffer(task->name, task->data, task->len, t, out, &e),
                               &e, err)))
        return rc;
    L->task = *t ? bs_task_get(*t) : NULL;
    for (size_t i = 0; i < L->n_sources; i++) {
        lint_source *s = &L->sources[i];
        s->file = srcs[i].name;
        bs_error_clear(&e);
        if ((rc = parse_tree(&srcs[i], trees, out, &s->root, &e)) == BS_ECONFIG) {
            if (!unusable) *err = e;
            unusable = rc;
        } else if (rc) {
            *err = e;
            return rc;
        } else if ((rc = load_result(bs_source_load_buffer(srcs[i].name, srcs[i].data, srcs[i].len,
                                                           &s->src, out, &e),
                                     &e, err))) {
            return rc;
        }
    }
    return unusable;
}

/* ---- sorting: by file (in the order given), then line ---- */

typedef struct sort_key {
    size_t file_rank;
    int line;
    size_t index;
} sort_key;

static size_t file_rank(const lint_ctx *L, const char *file)
{
    if (!file || !strcmp(file, L->task_file)) return 0;
    for (size_t i = 0; i < L->n_sources; i++)
        if (!strcmp(file, L->sources[i].file)) return i + 1;
    return L->n_sources + 1;
}

static int cmp_key(const void *a, const void *b)
{
    const sort_key *x = a, *y = b;
    if (x->file_rank != y->file_rank) return x->file_rank < y->file_rank ? -1 : 1;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index; /* stable */
}

/* Sort items[0..n) in place. */
static int sort_findings(const lint_ctx *L, bs_diag *items, size_t n)
{
    if (n < 2) return 0;
    sort_key *keys = malloc(n * sizeof *keys);
    bs_diag *sorted = malloc(n * sizeof *sorted);
    if (!keys || !sorted) {
        free(keys);
        free(sorted);
        return BS_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        keys[i] = (sort_key){file_rank(L, items[i].file), items[i].line, i};
    qsort(keys, n, sizeof *keys, cmp_key);
    for (size_t i = 0; i < n; i++)
        sorted[i] = items[keys[i].index];
    memcpy(items, sorted, n * sizeof *sorted);
    free(keys);
    free(sorted);
    return 0;
}

/* ---- entry points ---- */

int bs_rules_lint_buffers(const bs_rules_lint_input *task, const bs_rules_lint_input *sources,
                          size_t n_sources, bs_diag_list *out, bs_error *err)
{
    bs_error_clear(err);
    lint_ctx L = {.task_file = task->name, .n_sources = n_sources, .inst = -1};
    L.sources = calloc(n_sources ? n_sources : 1, sizeof *L.sources);
    if (!L.sources) return bs_error_set(err, BS_ENOMEM, task->name, BS_NO_OFFSET, "out of memory");
    bs_task *t = NULL;
    bs_arena trees = {0};
    size_t first = out->n;
    int rc = load_all(&L, task, sources, &t, &trees, out, err);
    if (rc == 0 || rc == BS_ECONFIG) {
        lint_keys(&L);
        for (size_t i = 0; L.task && i < L.task->n_instances; i++)
            lint_instance(&L, i);
        if (L.task) lint_expr_compile(&L);
        int frc = flush(&L, out);
        if (!frc) frc = sort_findings(&L, out->items + first, out->n - first);
        if (frc) rc = bs_error_set(err, frc, task->name, BS_NO_OFFSET, "out of memory");
    }
    flush(&L, NULL);
    for (size_t i = 0; i < n_sources; i++)
        bs_source_free(L.sources[i].src);
    free(L.sources);
    bs_task_free(t);
    bs_arena_free(&trees);
    bs_arena_free(&L.scratch);
    return rc;
}

int bs_rules_lint_files(const char *task_path, const char *const *source_paths, size_t n_sources,
                        bs_diag_list *out, bs_error *err)
{
    bs_rules_lint_input *in = calloc(n_sources + 1, sizeof *in);
    if (!in) return bs_error_set(err, BS_ENOMEM, task_path, BS_NO_OFFSET, "out of memory");
    int rc = 0;
    for (size_t i = 0; !rc && i <= n_sources; i++) {
        char *data = NULL;
        in[i].name = i ? source_paths[i - 1] : task_path;
        rc = task_read_file(in[i].name, &data, &in[i].len, err);
        in[i].data = data;
    }
    if (!rc) rc = bs_rules_lint_buffers(&in[0], in + 1, n_sources, out, err);
    for (size_t i = 0; i <= n_sources; i++)
        free((char *)in[i].data);
    free(in);
    return rc;
}
