/*
 * test_expr_filters.c - expression filters applied the way DM applies them
 * (dm-rules.md §6 and the example of §13): which rules apply to a table
 * (exact names), OR across rules, old AND new for updates with a missing
 * side true, kinds a rule does not name untouched, unknown columns constant
 * FALSE, evaluation errors and unsupported expressions reported with the
 * rule. Tasks are real YAML, loaded as DM loads them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "binsift/rules.h"

#define TASK(rules, names)                                                                         \
    "name: t\ntask-mode: incremental\ntarget-database:\n  host: 127.0.0.1\n  port: 4000\n"         \
    "mysql-instances:\n  - source-id: s1\n    expression-filters: " names "\n"                     \
    "expression-filter:\n" rules

typedef struct fixture {
    bs_task *task;
    bs_rules *rules;
    bs_rules_expr_filters *group;
    bs_rules_expr_row *before, *after;
} fixture;

static void load(fixture *f, const char *yaml)
{
    bs_error err;
    memset(f, 0, sizeof *f);
    int rc = bs_task_load_buffer("task.yaml", yaml, strlen(yaml), &f->task, NULL, &err);
    if (rc) fail_msg("task: %s", err.message);
    rc = bs_rules_compile(f->task, "s1", NULL, &f->rules, NULL, &err);
    if (rc) fail_msg("rules: %s", err.message);
}

/* The row(s) define the columns; the update's new image uses the old one's. */
static void rows(fixture *f, const char *before, const char *after)
{
    bs_error err;
    const bs_rules_expr_table *table = NULL;
    if (before) {
        assert_int_equal(bs_rules_expr_row_parse(before, strlen(before), NULL, &f->before, &err),
                         0);
        table = bs_rules_expr_row_table(f->before);
    }
    if (after) {
        assert_int_equal(bs_rules_expr_row_parse(after, strlen(after), table, &f->after, &err), 0);
        if (!table) table = bs_rules_expr_row_table(f->after);
    }
}

static const bs_rules_expr_table *row_table(const fixture *f)
{
    return bs_rules_expr_row_table(f->before ? f->before : f->after);
}

/* Compile the group of schema.table against the rows' columns. */
static int group(fixture *f, const char *schema, const char *table, bs_error *err)
{
    const bs_table_decision *d =
        bs_rules_table(f->rules, schema, strlen(schema), table, strlen(table));
    assert_non_null(d);
    return bs_rules_expr_filters_new(d, "task.yaml", row_table(f), &f->group, err);
}

/* The verdict for one row; "" when kept, else the skipping rule's name. */
static const char *verdict(fixture *f, int kind)
{
    bs_rules_expr_verdict v;
    bs_error err;
    const bs_rules_expr_table *t = row_table(f);
    const bs_value *b = f->before ? bs_rules_expr_row_values(f->before) : NULL;
    const bs_value *a = f->after ? bs_rules_expr_row_values(f->after) : NULL;
    int rc = bs_rules_expr_filters_eval(f->group, kind, b, a, t->ncols, NULL, &v, NULL, &err);
    if (rc) fail_msg("eval: %s", err.message);
    return v.skip ? v.rule->name : "";
}

static void drop_rows(fixture *f)
{
    bs_rules_expr_row_free(f->before);
    bs_rules_expr_row_free(f->after);
    f->before = f->after = NULL;
}

static void done(fixture *f)
{
    drop_rows(f);
    bs_rules_expr_filters_free(f->group);
    bs_rules_free(f->rules);
    bs_task_free(f->task);
}

/* One insert row through schema.table's group. */
static const char *insert_verdict(fixture *f, const char *schema, const char *table,
                                  const char *row)
{
    bs_error err;
    rows(f, NULL, row);
    bs_rules_expr_filters_free(f->group);
    f->group = NULL;
    if (group(f, schema, table, &err)) fail_msg("compile: %s", err.message);
    const char *v = f->group ? verdict(f, BS_ROW_INSERT) : "(no group)";
    drop_rows(f);
    return v;
}

/* §13: c % 2 = 0 on c = 1, 2, NULL; binlog names `Expr`.`T` are not folded. */
static void test_dm_example(void **state)
{
    (void)state;
    fixture f;
    load(&f, TASK("  even:\n    schema: expr\n    table: t\n    insert-value-expr: \"c % 2 = 0\"\n",
                  "[even]"));
    assert_string_equal(insert_verdict(&f, "expr", "t", "c=1"), "");
    assert_string_equal(insert_verdict(&f, "expr", "t", "c=2"), "even");
    assert_string_equal(insert_verdict(&f, "expr", "t", "c=NULL"), "");
    assert_string_equal(insert_verdict(&f, "Expr", "T", "c=2"), "(no group)");
    done(&f);
}

/* Several rules on a table: any one skipping skips the row; rules on other
 * tables interleaved in the instance's list do not leak in. */
static void test_rules_or_and_table_match(void **state)
{
    (void)state;
    fixture f;
    load(&f, TASK("  big:\n    schema: s\n    table: t\n    insert-value-expr: \"c > 100\"\n"
                  "  other:\n    schema: s\n    table: u\n    insert-value-expr: \"c > 0\"\n"
                  "  neg:\n    schema: s\n    table: t\n    insert-value-expr: \"c < 0\"\n",
                  "[big, other, neg]"));
    const bs_table_decision *d = bs_rules_table(f.rules, "s", 1, "t", 1);
    assert_int_equal(d->n_expr_filters, 2);
    assert_string_equal(d->expr_filters[0]->name, "big");
    assert_string_equal(d->expr_filters[1]->name, "neg");
    assert_string_equal(insert_verdict(&f, "s", "t", "c=500"), "big");
    assert_string_equal(insert_verdict(&f, "s", "t", "c=-5"), "neg");
    assert_string_equal(insert_verdict(&f, "s", "t", "c=5"), "");
    assert_string_equal(insert_verdict(&f, "s", "u", "c=5"), "other");
    done(&f);
}

/* Updates: per rule old AND new, a missing side counting as true; a rule
 * that names only another kind leaves updates alone. */
static void test_update_pairs(void **state)
{
    (void)state;
    fixture f;
    load(&f, TASK("  ins:\n    schema: s\n    table: t\n    insert-value-expr: \"c = c\"\n"
                  "  newbig:\n    schema: s\n    table: t\n    update-new-value-expr: \"c > 100\"\n"
                  "  both:\n    schema: s\n    table: t\n    update-old-value-expr: \"c = 1\"\n"
                  "    update-new-value-expr: \"c = 2\"\n",
                  "[ins, newbig, both]"));
    static const struct {
        const char *before, *after, *want;
    } cases[] = {
        {"c=1", "c=500", "newbig"}, /* only the new side given: old counts as true */
        {"c=500", "c=5", ""},       /* newbig does not look at the old image */
        {"c=1", "c=2", "both"},     /* old AND new */
        {"c=1", "c=3", ""},         /* old alone is not enough */
        {"c=7", "c=2", ""},         /* new alone is not enough */
        {"c=NULL", "c=2", ""},      /* NULL = 1 is NULL, not 1 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bs_error err;
        rows(&f, cases[i].before, cases[i].after);
        if (!f.group && group(&f, "s", "t", &err)) fail_msg("compile: %s", err.message);
        const char *got = verdict(&f, BS_ROW_UPDATE);
        if (strcmp(got, cases[i].want))
            fail_msg("update %s -> %s: got '%s', want '%s'", cases[i].before, cases[i].after, got,
                     cases[i].want);
        drop_rows(&f);
    }
    /* deletes: no rule names them */
    rows(&f, "c=2", NULL);
    assert_string_equal(verdict(&f, BS_ROW_DELETE), "");
    done(&f);
}

/* A column that does not resolve: DM turns the expression into FALSE and
 * warns; the trace says why the rule never fires. */
static void test_unknown_column(void **state)
{
    (void)state;
    fixture f;
    load(&f, TASK("  typo:\n    schema: s\n    table: t\n    delete-value-expr: \"cc = 2\"\n",
                  "[typo]"));
    bs_error err;
    rows(&f, "c=2", NULL);
    assert_int_equal(group(&f, "s", "t", &err), 0);
    bs_rules_trace trace = {0};
    bs_rules_expr_verdict v;
    assert_int_equal(bs_rules_expr_filters_eval(f.group, BS_ROW_DELETE,
                                                bs_rules_expr_row_values(f.before), NULL, 1, NULL,
                                                &v, &trace, &err),
                     0);
    assert_int_equal(v.skip, 0);
    assert_int_equal(trace.n, 1);
    assert_string_equal(trace.items[0].rule, "typo");
    assert_non_null(strstr(trace.items[0].detail, "column `cc` is unknown"));
    bs_rules_trace_free(&trace);
    done(&f);
}

/* The trace of a normal evaluation shows the value and the outcome. */
static void test_trace_values(void **state)
{
    (void)state;
    fixture f;
    load(&f, TASK("  half:\n    schema: s\n    table: t\n    insert-value-expr: \"c / 2\"\n",
                  "[half]"));
    bs_error err;
    rows(&f, NULL, "c=3");
    assert_int_equal(group(&f, "s", "t", &err), 0);
    bs_rules_trace trace = {0};
    bs_rules_expr_verdict v;
    assert_int_equal(bs_rules_expr_filters_eval(f.group, BS_ROW_INSERT, NULL,
                                                bs_rules_expr_row_values(f.after), 1, NULL, &v,
                                                &trace, &err),
                     0);
    assert_int_equal(v.skip, 0); /* 1.5000 is a DECIMAL, never "integer 1" */
    assert_int_equal(trace.n, 1);
    assert_string_equal(trace.items[0].detail,
                        "rule half: insert-value-expr \"c / 2\" = 1.5000 -> keep");
    bs_rules_trace_free(&trace);
    done(&f);
}

/* An expression binsift cannot evaluate fails the compile, naming the rule,
 * the key, the text and the YAML line; never a silent pass. */
static void test_unsupported_is_an_error(void **state)
{
    (void)state;
    fixture f;
    load(&f,
         TASK("  r:\n    schema: s\n    table: t\n    insert-value-expr: \"rand() > c\"\n", "[r]"));
    bs_error err;
    rows(&f, NULL, "c=1");
    int rc = group(&f, "s", "t", &err);
    assert_int_equal(rc, BS_EUNSUPPORTED);
    assert_int_equal(err.line, 13);
    assert_string_equal(err.file, "task.yaml");
    assert_non_null(strstr(err.message, "expression-filter r: insert-value-expr \"rand() > c\""));
    assert_non_null(strstr(err.message, "offset 0: function rand is nondeterministic"));
    done(&f);
}

/* A run-time error (BIGINT overflow) is DM stopping the task: reported with
 * the rule, not turned into keep or skip. */
static void test_eval_error(void **state)
{
    (void)state;
    fixture f;
    load(&f, TASK("  ovf:\n    schema: s\n    table: t\n    insert-value-expr: \"c + 1 > 0\"\n",
                  "[ovf]"));
    bs_error err;
    rows(&f, NULL, "c=9223372036854775807");
    assert_int_equal(group(&f, "s", "t", &err), 0);
    bs_rules_expr_verdict v;
    int rc = bs_rules_expr_filters_eval(f.group, BS_ROW_INSERT, NULL,
                                        bs_rules_expr_row_values(f.after), 1, NULL, &v, NULL, &err);
    assert_int_equal(rc, BS_EINVAL);
    assert_int_equal(v.skip, 0);
    assert_non_null(strstr(err.message, "expression-filter ovf: insert-value-expr"));
    done(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dm_example),   cmocka_unit_test(test_rules_or_and_table_match),
        cmocka_unit_test(test_update_pairs), cmocka_unit_test(test_unknown_column),
        cmocka_unit_test(test_trace_values), cmocka_unit_test(test_unsupported_is_an_error),
        cmocka_unit_test(test_eval_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
