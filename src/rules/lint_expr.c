/*
 * lint_expr.c - expression filters (dm-rules.md §6): rules that never see a
 * row, and expressions binsift cannot evaluate.
 *
 * An expression filter names one upstream table exactly; DM evaluates it
 * per row after the BA list and the binlog filter (dm/syncer/syncer.go
 * handleRowsEvent, dm/syncer/expr_filter_group.go), so a rule on a table the
 * BA list drops, or for a row kind a filter rule ignores, never applies.
 *
 * Whether binsift can evaluate an expression does not depend on the table,
 * but its column references do: DM resolves them against its schema tracker
 * and turns the whole expression into FALSE when one is unknown (it logs
 * "meet unknown column" and filters nothing). Lint has no table structure,
 * so it compiles each expression with the columns it names as the only
 * columns (as VARCHAR), adding one per unknown name until it compiles; what
 * remains is a construct binsift cannot evaluate (named by the expression
 * engine), or a column reference no table can satisfy. The columns found
 * are reported as a reminder that they must exist.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binsift/expr.h"
#include "rules/lint_internal.h"

#define MAX_COLUMNS 64

/* ---- per instance: does the rule ever see a row? ---- */

static const struct {
    int ev;
    const char *verb;
} row_kinds[] = {
    {BS_DMEV_INSERT, "INSERT"}, {BS_DMEV_UPDATE, "UPDATE"}, {BS_DMEV_DELETE, "DELETE"}};

/* The row kind an expression filter applies to (its expression fields). */
static int row_kind(const bs_task_expr_filter *ef)
{
    return ef->insert_value_expr ? 0 : ef->delete_value_expr ? 2 : 1;
}

static void instance_rule(lint_ctx *L, const bs_task_expr_filter *ef)
{
    char qs[300], qt[300];
    lint_quote(qs, sizeof qs, ef->schema);
    lint_quote(qt, sizeof qt, ef->table);
    if (bs_rules_is_system_schema(ef->schema, strlen(ef->schema)) ||
        !bs_rules_ba_pass(L->rules, ef->schema, ef->table, NULL)) {
        lint_note(L, BS_DIAG_WARNING, 0, "expr-ba-dropped", L->task_file, ef->line,
                  "expression filter %s never applies: %s drops %s.%s before expression filters "
                  "run; fix the names (they are exact upstream names, compared case for case) or "
                  "the list",
                  ef->name,
                  L->in->ba_list && !bs_rules_is_system_schema(ef->schema, strlen(ef->schema))
                      ? "the block-allow list"
                      : "DM (a system schema, always dropped)",
                  qs, qt);
        return;
    }
    int k = row_kind(ef);
    bs_filter_result res;
    bs_rules_filter(L->rules, ef->schema, ef->table, row_kinds[k].ev, NULL, 0, &res, NULL);
    if (res.action != BS_FILTER_DO && res.rule)
        lint_note(L, BS_DIAG_WARNING, 0, "expr-rows-filtered", L->task_file, ef->line,
                  "expression filter %s never sees a row: binlog filter rule %s (line %d) %s "
                  "every %s on %s.%s before expression filters run",
                  ef->name, res.rule->name, res.rule->line,
                  res.action == BS_FILTER_ERROR ? "stops the task on" : "drops", row_kinds[k].verb,
                  qs, qt);
}

void lint_expr_instance(lint_ctx *L)
{
    for (size_t i = 0; i < L->in->n_expr_filters; i++)
        if (L->in->expr_filters[i]) instance_rule(L, L->in->expr_filters[i]);
}

/* ---- once: can binsift evaluate the expression? ---- */

typedef struct columns {
    bs_rules_expr_column cols[MAX_COLUMNS];
    char *names[MAX_COLUMNS];
    uint32_t n;
} columns;

static bool known(const columns *c, const bs_rules_expr_str *name)
{
    for (uint32_t i = 0; i < c->n; i++)
        if (c->cols[i].name.len == name->len && !memcmp(c->names[i], name->ptr, name->len))
            return true;
    return false;
}

static int add_column(columns *c, const bs_rules_expr_str *name)
{
    char *copy = malloc(name->len + 1);
    if (!copy) return BS_ENOMEM;
    memcpy(copy, name->ptr, name->len);
    copy[name->len] = 0;
    c->names[c->n] = copy;
    c->cols[c->n] = (bs_rules_expr_column){.name = {copy, name->len}, .type = BS_TYPE_VARCHAR};
    c->n++;
    return 0;
}

static void columns_free(columns *c)
{
    for (uint32_t i = 0; i < c->n; i++)
        free(c->names[i]);
    c->n = 0;
}

/* The outcome of compiling one expression. */
typedef struct expr_outcome {
    int rc;               /* the compile's last result */
    bs_error err;         /* its error */
    char unresolved[200]; /* a column reference no column list resolves */
} expr_outcome;

static void compile_expr(const bs_task_expr_filter *ef, const char *text, columns *c,
                         expr_outcome *out)
{
    bs_rules_expr_table table = {
        {ef->schema, strlen(ef->schema)}, {ef->table, strlen(ef->table)}, c->cols, 0};
    memset(out, 0, sizeof *out);
    for (;;) {
        bs_rules_expr *prog = NULL;
        table.ncols = c->n;
        bs_error_clear(&out->err);
        out->rc = bs_rules_expr_compile(text, strlen(text), &table, &prog, &out->err);
        if (out->rc) return;
        bs_rules_expr_info info;
        bs_rules_expr_info_get(prog, &info);
        int rc = 0;
        if (info.state == BS_RULES_EXPR_UNKNOWN_COLUMN) {
            if (known(c, &info.unknown_name) || c->n == MAX_COLUMNS)
                snprintf(out->unresolved, sizeof out->unresolved, "%.*s",
                         (int)info.unknown_name.len, info.unknown_name.ptr);
            else
                rc = add_column(c, &info.unknown_name);
        }
        bs_rules_expr_free(prog);
        if (rc) {
            out->rc = rc;
            return;
        }
        if (info.state != BS_RULES_EXPR_UNKNOWN_COLUMN || out->unresolved[0]) return;
    }
}

static void report_expr(lint_ctx *L, const bs_task_expr_filter *ef, const char *field,
                        const char *text, const columns *c, const expr_outcome *o)
{
    int line = ef->expr_line ? ef->expr_line : ef->line;
    if (o->rc == BS_EUNSUPPORTED || o->rc == BS_ELIMIT)
        lint_note(L, BS_DIAG_WARNING, 0, "expr-unsupported", L->task_file, line,
                  "expression filter %s: binsift cannot evaluate %s \"%s\": %s. DM evaluates it, "
                  "but binsift's reports cannot say which rows it skips",
                  ef->name, field, text, o->err.message);
    else if (o->rc == BS_EINVAL && c->n == 0)
        lint_note(L, BS_DIAG_WARNING, 0, "expr-invalid", L->task_file, line,
                  "expression filter %s: TiDB rejects %s \"%s\" when DM builds it (%s): the task "
                  "starts (DM only checks the grammar), then stops at the first row event on "
                  "`%s`.`%s`",
                  ef->name, field, text, o->err.message, ef->schema, ef->table);
    else if (o->unresolved[0])
        lint_note(L, BS_DIAG_WARNING, 0, "expr-unknown-column", L->task_file, line,
                  "expression filter %s: %s \"%s\" refers to %s, which DM never resolves "
                  "against `%s`.`%s` (a reference qualified with another table or a schema): "
                  "DM turns the whole expression into FALSE and skips no row; use the bare "
                  "column name",
                  ef->name, field, text, o->unresolved, ef->schema, ef->table);
}

static void report_columns(lint_ctx *L, const bs_task_expr_filter *ef, const columns *c)
{
    if (!c->n) return;
    char list[600] = "";
    size_t o = 0;
    for (uint32_t i = 0; i < c->n && o < sizeof list; i++)
        o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", c->names[i]);
    lint_note(L, BS_DIAG_INFO, 0, "expr-columns", L->task_file, ef->line,
              "expression filter %s uses column%s %s of `%s`.`%s`: each must exist in the upstream "
              "table as DM's schema tracker knows it, else DM turns the expression into FALSE "
              "and skips no row (it only logs \"meet unknown column\")",
              ef->name, c->n > 1 ? "s" : "", list, ef->schema, ef->table);
}

static void compile_rule(lint_ctx *L, const bs_task_expr_filter *ef)
{
    const char *texts[4] = {ef->insert_value_expr, ef->update_old_value_expr,
                            ef->update_new_value_expr, ef->delete_value_expr};
    static const char *const fields[4] = {"insert-value-expr", "update-old-value-expr",
                                          "update-new-value-expr", "delete-value-expr"};
    columns c = {.n = 0};
    for (int k = 0; k < 4; k++) {
        if (!texts[k]) continue;
        expr_outcome o;
        compile_expr(ef, texts[k], &c, &o);
        if (o.rc == BS_ENOMEM) L->oom = true;
        report_expr(L, ef, fields[k], texts[k], &c, &o);
    }
    report_columns(L, ef, &c);
    columns_free(&c);
}

void lint_expr_compile(lint_ctx *L)
{
    for (size_t i = 0; i < L->task->n_expr_filters; i++)
        compile_rule(L, &L->task->expr_filters[i]);
}
