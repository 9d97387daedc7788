/*
 * compile_task.c - bs_rules_compile from loaded task and source files. The
 * compilation itself works on the configuration model (rules.c), which is
 * what tests and other callers with a model in hand use directly.
 */
#include "rules/rules_compiled.h"

int bs_rules_compile(const bs_task *task, const char *source_id, const bs_source *source,
                     bs_rules **out, bs_diag_list *diags, bs_error *err)
{
    return bs_rules_compile_config(bs_task_get(task), source_id,
                                   source ? bs_source_get(source) : NULL, out, diags, err);
}
