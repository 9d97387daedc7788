/*
 * expr_filter.c - a table's expression filters, combined the way DM does.
 *
 * DM's ExprFilterGroup (dm/syncer/expr_filter_group.go) keeps, per table,
 * the compiled expressions of every expression-filter rule naming it, split
 * by kind; dml.go then skips a row when any insert (or delete) expression is
 * 1, and an update when, for any one rule, its old-value expression on the
 * before image AND its new-value expression on the after image are 1 (a side
 * the rule leaves out is TRUE). This file keeps one compiled program per
 * (rule, kind) and applies exactly that combination; the expression engine
 * (expr_*.c) decides what "is 1" means.
 *
 * Memory: the group owns its programs; evaluation allocates nothing beyond
 * what the programs' own arenas hold, so it is fit for every row.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/rules_compiled.h"
#include "util/error_internal.h"

enum { K_INSERT, K_UPDATE_OLD, K_UPDATE_NEW, K_DELETE, K_COUNT };

static const char *const kind_key[K_COUNT] = {"insert-value-expr", "update-old-value-expr",
                                              "update-new-value-expr", "delete-value-expr"};

typedef struct compiled_rule {
    const bs_task_expr_filter *cfg;
    bs_rules_expr *prog[K_COUNT]; /* NULL where the rule has no such expression */
} compiled_rule;

struct bs_rules_expr_filters {
    size_t n;
    compiled_rule rules[];
};

static const char *expr_text(const bs_task_expr_filter *f, int k)
{
    switch (k) {
    case K_INSERT: return f->insert_value_expr;
    case K_UPDATE_OLD: return f->update_old_value_expr;
    case K_UPDATE_NEW: return f->update_new_value_expr;
    default: return f->delete_value_expr;
    }
}

/* Rewrite the engine's error so that it names the rule, the key, the text
 * and where in the task file it is (the engine's message has the byte
 * offset in the expression). */
static BS_COLD int compile_failed(bs_error *err, const char *task_file,
                                  const bs_task_expr_filter *f, int k)
{
    char why[sizeof err->message];
    memcpy(why, err->message, sizeof why);
    int rc = bs_error_set(err, err->code, task_file ? task_file : "", BS_NO_OFFSET,
                          "expression-filter %s: %s \"%s\": %s", f->name, kind_key[k],
                          expr_text(f, k), why);
    err->line = f->expr_line;
    return rc;
}

int bs_rules_expr_filters_new(const bs_table_decision *d, const char *task_file,
                              const bs_rules_expr_table *table, bs_rules_expr_filters **out,
                              bs_error *err)
{
    *out = NULL;
    if (!d->n_expr_filters) return 0;
    bs_rules_expr_filters *g = calloc(1, sizeof *g + d->n_expr_filters * sizeof g->rules[0]);
    if (!g) return bs_error_set(err, BS_ENOMEM, "", BS_NO_OFFSET, "out of memory");
    for (size_t i = 0; i < d->n_expr_filters; i++) {
        compiled_rule *r = &g->rules[g->n++];
        r->cfg = d->expr_filters[i];
        for (int k = 0; k < K_COUNT; k++) {
            const char *text = expr_text(r->cfg, k);
            if (!text) continue;
            int rc = bs_rules_expr_compile(text, strlen(text), table, &r->prog[k], err);
            if (rc) {
                rc = compile_failed(err, task_file, r->cfg, k);
                bs_rules_expr_filters_free(g);
                return rc;
            }
        }
    }
    *out = g;
    return 0;
}

void bs_rules_expr_filters_free(bs_rules_expr_filters *g)
{
    for (size_t i = 0; g && i < g->n; i++)
        for (int k = 0; k < K_COUNT; k++)
            bs_rules_expr_free(g->rules[i].prog[k]);
    free(g);
}

/* Record one evaluation in the trace: the value, and why it is constant. */
static BS_COLD void trace_result(bs_rules_trace *trace, const compiled_rule *r, int k,
                                 const bs_rules_expr_result *res)
{
    bs_rules_expr_info info;
    bs_rules_expr_info_get(r->prog[k], &info);
    if (info.state == BS_RULES_EXPR_UNKNOWN_COLUMN) {
        bs_rules_trace_add(trace, BS_STEP_EXPRESSION, r->cfg->name,
                           "rule %s: %s \"%s\": always FALSE, column `%.*s` is unknown (DM "
                           "warns)",
                           r->cfg->name, kind_key[k], expr_text(r->cfg, k),
                           (int)info.unknown_name.len, info.unknown_name.ptr);
        return;
    }
    bs_rules_trace_add(
        trace, BS_STEP_EXPRESSION, r->cfg->name, "rule %s: %s \"%s\" = %.*s -> %s", r->cfg->name,
        kind_key[k], expr_text(r->cfg, k), res->kind == BS_RULES_EXPR_NULL ? 4 : (int)res->text_len,
        res->kind == BS_RULES_EXPR_NULL ? "NULL" : res->text, res->skip ? "skip" : "keep");
}

/* Is expression k of rule r exactly 1 on row? A missing expression is
 * TRUE, for the update pairing. */
static int is_one(const compiled_rule *r, int k, const bs_value *row, uint32_t n,
                  const bs_rules_expr_ctx *ctx, int *one, bs_rules_trace *trace, bs_error *err)
{
    *one = 1;
    if (!r->prog[k]) return 0;
    int rc;
    if (!trace) {
        rc = bs_rules_expr_skips(r->prog[k], row, n, ctx, one, err);
    } else {
        bs_rules_expr_result res;
        rc = bs_rules_expr_eval(r->prog[k], row, n, ctx, &res, err);
        if (!rc) *one = res.skip, trace_result(trace, r, k, &res);
    }
    if (BS_UNLIKELY(rc)) {
        char why[sizeof err->message];
        memcpy(why, err->message, sizeof why);
        bs_error_set(err, rc, "", BS_NO_OFFSET, "expression-filter %s: %s \"%s\": %s", r->cfg->name,
                     kind_key[k], expr_text(r->cfg, k), why);
    }
    return rc;
}

/* One rule's verdict for a row of the given kind. A rule without an
 * expression for that kind never skips it. */
static int rule_skips(const compiled_rule *r, int kind, const bs_value *before,
                      const bs_value *after, uint32_t n, const bs_rules_expr_ctx *ctx, int *skip,
                      bs_rules_trace *trace, bs_error *err)
{
    int rc = 0;
    *skip = 0;
    if (kind == BS_ROW_INSERT && r->prog[K_INSERT]) {
        rc = is_one(r, K_INSERT, after, n, ctx, skip, trace, err);
    } else if (kind == BS_ROW_DELETE && r->prog[K_DELETE]) {
        rc = is_one(r, K_DELETE, before, n, ctx, skip, trace, err);
    } else if (kind == BS_ROW_UPDATE && (r->prog[K_UPDATE_OLD] || r->prog[K_UPDATE_NEW])) {
        rc = is_one(r, K_UPDATE_OLD, before, n, ctx, skip, trace, err);
        if (!rc && *skip) rc = is_one(r, K_UPDATE_NEW, after, n, ctx, skip, trace, err);
    }
    if (rc) *skip = 0;
    return rc;
}

int bs_rules_expr_filters_eval(bs_rules_expr_filters *g, int kind, const bs_value *before,
                               const bs_value *after, uint32_t nvalues,
                               const bs_rules_expr_ctx *ctx, bs_rules_expr_verdict *out,
                               bs_rules_trace *trace, bs_error *err)
{
    out->skip = 0;
    out->rule = NULL;
    for (size_t i = 0; g && i < g->n; i++) {
        int skip;
        int rc = rule_skips(&g->rules[i], kind, before, after, nvalues, ctx, &skip, trace, err);
        if (rc) return rc;
        if (skip) {
            out->skip = 1;
            out->rule = g->rules[i].cfg;
            return 0; /* DM stops at the first rule that skips */
        }
    }
    return 0;
}
