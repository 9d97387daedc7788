/*
 * test_lint.c - bs_rules_lint_buffers: one task snippet per finding kind
 * (kind, severity, DM code, file and line, and a piece of the message),
 * snippets that must NOT give a finding (the exact wildcard and trie-order
 * semantics), clean tasks with no finding at all, the loader's diagnostics
 * passed through, and unusable input. Then the name algebra underneath: the
 * search's walker against DM's matcher, overlap and containment answers,
 * and trie order.
 *
 * In a snippet the line a finding concerns carries the comment "#<"; the
 * test finds its number, so snippets can be edited freely.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rules/lint_internal.h"

#define HEAD                                                                                       \
    "name: t\n"                                                                                    \
    "task-mode: incremental\n"                                                                     \
    "target-database:\n"                                                                           \
    "  host: 127.0.0.1\n"                                                                          \
    "  port: 4000\n"
#define INST HEAD "mysql-instances:\n  - source-id: s1\n"

#define SOURCE                                                                                     \
    "source-id: s1\n"                                                                              \
    "from:\n"                                                                                      \
    "  host: 127.0.0.1\n"                                                                          \
    "  port: 3306\n"

/* ---- running lint on snippets ---- */

typedef struct run {
    bs_diag_list diags;
    int rc;
    bs_error err;
} run;

static void lint(run *r, const char *task, const char *source)
{
    memset(r, 0, sizeof *r);
    bs_rules_lint_input t = {"task.yaml", task, strlen(task)};
    bs_rules_lint_input s = {"source.yaml", source, source ? strlen(source) : 0};
    r->rc = bs_rules_lint_buffers(&t, &s, source ? 1 : 0, &r->diags, &r->err);
}

static void dump(const run *r)
{
    for (size_t i = 0; i < r->diags.n; i++) {
        const bs_diag *d = &r->diags.items[i];
        print_message("  %s:%d [%s] %d: %s\n", d->file, d->line, d->kind, d->severity, d->message);
    }
}

/* The line of the "#<" marker, 0 when there is none. */
static int marker_line(const char *yaml)
{
    const char *m = yaml ? strstr(yaml, "#<") : NULL;
    if (!m) return 0;
    int line = 1;
    for (const char *p = yaml; p < m; p++)
        line += *p == '\n';
    return line;
}

static const bs_diag *find(const run *r, const char *kind, const char *file, int line)
{
    for (size_t i = 0; i < r->diags.n; i++) {
        const bs_diag *d = &r->diags.items[i];
        if (!strcmp(d->kind, kind) && (!file || !strcmp(d->file, file)) &&
            (!line || d->line == line))
            return d;
    }
    return NULL;
}

/* ---- one case per finding kind ---- */

typedef struct lint_case {
    const char *name;
    const char *task;   /* "#<" marks the line, unless the finding is in the source */
    const char *source; /* NULL, or a source file ("#<" marks the line) */
    const char *kind;
    int severity;
    int dm_code;
    const char *msg; /* a piece of the message */
} lint_case;

#define ROUTES(list, rules)  INST "    route-rules: " list "\nroutes:\n" rules
#define FILTERS(list, rules) INST "    filter-rules: " list "\nfilters:\n" rules
#define BA(lists)            INST "    block-allow-list: ba\nblock-allow-list:\n  ba:\n" lists

static const lint_case cases[] = {
    /* routes */
    {"two table routes overlap (wildcards, example)",
     ROUTES("[r1, r2]", "  r1:\n    schema-pattern: \"shop_*\"\n    table-pattern: \"order_*\"\n"
                        "    target-schema: shop\n    target-table: orders\n"
                        "  r2: #<\n    schema-pattern: \"shop_1\"\n    table-pattern: \"order_3\"\n"
                        "    target-schema: x\n    target-table: y\n"),
     NULL, "route-ambiguous", BS_DIAG_WARNING, 11043, "e.g. `shop_1`.`order_3`"},
    {"'?' and a trailing '*' overlap",
     ROUTES("[r1, r2]", "  r1:\n    schema-pattern: \"db?\"\n    target-schema: x\n"
                        "  r2: #<\n    schema-pattern: \"d*\"\n    target-schema: y\n"),
     NULL, "route-ambiguous", BS_DIAG_WARNING, 11043, "e.g. schema `dba`"},
    {"a literal multi-byte character matches through DM's rune walk only",
     ROUTES("[r1, r2]", "  r1:\n    schema-pattern: \"\xc3\xa9\"\n    target-schema: x\n"
                        "  r2: #<\n    schema-pattern: \"*\"\n    target-schema: y\n"),
     NULL, "route-ambiguous", BS_DIAG_WARNING, 11043, "e.g. schema `\\xc3\\x80\\xa9`"},
    {"identical schema routes",
     ROUTES("[r1, r2]", "  r1:\n    schema-pattern: \"a*\"\n    target-schema: x\n"
                        "  r2: #<\n    schema-pattern: \"a*\"\n    target-schema: y\n"),
     NULL, "route-ambiguous", BS_DIAG_WARNING, 11043, "identical patterns"},
    {"case folding makes routes overlap",
     ROUTES("[r1, r2]", "  r1:\n    schema-pattern: \"Shop\"\n    target-schema: x\n"
                        "  r2: #<\n    schema-pattern: \"sh*\"\n    target-schema: y\n"),
     NULL, "route-ambiguous", BS_DIAG_WARNING, 11043, "`shop`"},
    {"regex routes shown to overlap by a name of the task",
     INST "    block-allow-list: ba\n    route-rules: [r1, r2]\n    expression-filters: [e]\n"
          "block-allow-list:\n  ba:\n    do-dbs: [\"~^shop\"]\n"
          "expression-filter:\n  e:\n    schema: shop_1\n    table: orders\n"
          "    insert-value-expr: \"id > 1\"\n"
          "routes:\n  r1:\n    schema-pattern: \"~^shop\"\n    table-pattern: \"~^ord\"\n"
          "    target-schema: x\n"
          "  r2: #<\n    schema-pattern: \"~_1$\"\n    table-pattern: \"~s$\"\n"
          "    target-schema: y\n",
     NULL, "route-may-overlap", BS_DIAG_WARNING, 11043, "`shop_1`.`orders`"},
    {"a literal do-tables entry pins regex routes down exactly",
     INST
     "    block-allow-list: ba\n    route-rules: [r1, r2]\n"
     "block-allow-list:\n  ba:\n    do-tables:\n    - db-name: shop_1\n      tbl-name: orders\n"
     "routes:\n  r1:\n    schema-pattern: \"~^shop\"\n    table-pattern: \"~^ord\"\n"
     "    target-schema: x\n"
     "  r2: #<\n    schema-pattern: \"~_1$\"\n    table-pattern: \"~s$\"\n"
     "    target-schema: y\n",
     NULL, "route-ambiguous", BS_DIAG_WARNING, 11043, "`shop_1`.`orders`"},
    {"the example avoids what ignore-tables drops",
     INST "    block-allow-list: ba\n    route-rules: [r1, r2]\n"
          "block-allow-list:\n  ba:\n    ignore-tables:\n    - db-name: shop\n"
          "      tbl-name: \"order_*\"\n"
          "routes:\n  r1:\n    schema-pattern: \"shop*\"\n    table-pattern: \"order_*\"\n"
          "    target-schema: x\n"
          "  r2: #<\n    schema-pattern: \"shop*\"\n    table-pattern: \"order_2\"\n"
          "    target-schema: y\n",
     NULL, "route-ambiguous", BS_DIAG_WARNING, 11043, "`shopa`.`order_2`"},
    {"a route on schemas the BA list drops",
     INST "    block-allow-list: ba\n    route-rules: [r1]\n"
          "block-allow-list:\n  ba:\n    do-dbs: [\"shop_*\"]\n"
          "routes:\n  r1: #<\n    schema-pattern: \"crm*\"\n    target-schema: x\n",
     NULL, "route-ba-dropped", BS_DIAG_WARNING, 0, "none is in do-dbs"},
    {"a route on a system schema",
     ROUTES("[r1]", "  r1: #<\n    schema-pattern: \"MySQL\"\n    target-schema: x\n"), NULL,
     "route-ba-dropped", BS_DIAG_WARNING, 0, "only system schemas"},
    {"a route on tables do-tables does not list",
     INST "    block-allow-list: ba\n    route-rules: [r1]\n"
          "block-allow-list:\n  ba:\n    do-tables:\n    - db-name: \"shop\"\n      tbl-name: "
          "\"order_*\"\n"
          "routes:\n  r1: #<\n    schema-pattern: shop\n    table-pattern: \"user*\"\n"
          "    target-schema: x\n",
     NULL, "route-ba-dropped", BS_DIAG_WARNING, 0, "no do-tables entry"},
    {"a route on tables an ignore-tables entry drops",
     INST "    block-allow-list: ba\n    route-rules: [r1]\n"
          "block-allow-list:\n  ba:\n    ignore-tables:\n    - db-name: \"shop*\"\n      tbl-name: "
          "\"tmp_*\"\n"
          "routes:\n  r1: #<\n    schema-pattern: shop_1\n    table-pattern: \"tmp_?\"\n"
          "    target-schema: x\n",
     NULL, "route-ba-dropped", BS_DIAG_WARNING, 0, "ignore-tables entry shop*.tmp_*"},
    {"a schema route with a target table",
     ROUTES("[r1]", "  r1: #<\n    schema-pattern: \"a\"\n    target-schema: x\n"
                    "    target-table: t\n"),
     NULL, "route-schema-target-table", BS_DIAG_WARNING, 0, "every table"},
    {"a table route without a schema route",
     ROUTES("[r1]", "  r1: #<\n    schema-pattern: \"shard_*\"\n    table-pattern: \"t_*\"\n"
                    "    target-schema: db\n    target-table: t\n"),
     NULL, "route-schema-ddl", BS_DIAG_INFO, 0, "CREATE/ALTER/DROP DATABASE"},
    /* filters */
    {"an Ignore rule naming only a type DM never produces",
     FILTERS("[f]", "  f: #<\n    schema-pattern: a\n    events: [\"add column\"]\n"
                    "    action: Ignore\n"),
     NULL, "filter-never-produced", BS_DIAG_WARNING, 0, "the rule has no effect"},
    {"a Do rule naming only types DM never produces",
     FILTERS("[f]", "  f: #<\n    schema-pattern: a\n    events: [\"add primary key\"]\n"
                    "    action: Do\n"),
     NULL, "filter-never-produced", BS_DIAG_WARNING, 0, "DM drops every event"},
    {"a never-produced name next to real ones",
     FILTERS("[f]", "  f: #<\n    schema-pattern: a\n    events: [\"drop table\", \"add column\"]\n"
                    "    action: Ignore\n"),
     NULL, "filter-never-produced", BS_DIAG_WARNING, 0,
     "\"add column\" (such statements get \"alter table\")"},
    {"alter table misses most ALTERs",
     FILTERS("[f]", "  f: #<\n    schema-pattern: \"*\"\n    events: [\"alter table\"]\n"
                    "    action: Ignore\n"),
     NULL, "filter-alter-table", BS_DIAG_WARNING, 0, "\"modify constraint\", \"drop column\""},
    {"alter table in a Do rule",
     FILTERS("[f]",
             "  f: #<\n    schema-pattern: \"*\"\n    events: [\"all dml\", \"alter table\"]\n"
             "    action: Do\n"),
     NULL, "filter-alter-table", BS_DIAG_WARNING, 0, "DM drops those ALTERs"},
    {"a Do rule naming only DML drops every DDL",
     FILTERS("[f]", "  f: #<\n    schema-pattern: \"test_*\"\n    events: [\"all dml\"]\n"
                    "    action: Do\n"),
     NULL, "filter-do-dml-only", BS_DIAG_WARNING, 0, "CREATE TABLE and ALTER TABLE"},
    {"a Do rule without events",
     FILTERS("[f]", "  f: #<\n    schema-pattern: \"test_*\"\n    action: Do\n"), NULL,
     "filter-do-no-events", BS_DIAG_WARNING, 0, "every INSERT, UPDATE and DELETE"},
    {"a table rule under a schema rule deciding everything",
     FILTERS("[f1, f2]", "  f1:\n    schema-pattern: db\n    events: [all]\n    action: Ignore\n"
                         "  f2: #<\n    schema-pattern: db\n    table-pattern: \"t*\"\n"
                         "    events: [insert]\n    action: Error\n"),
     NULL, "filter-shadowed", BS_DIAG_WARNING, 0, "visits rule f1 (Ignore, line 10) first"},
    {"Error db.t* is visited before Ignore db.t1 (dm-rules.md 5.4)",
     FILTERS("[f1, f2]", "  f1:\n    schema-pattern: db\n    table-pattern: \"t*\"\n"
                         "    events: [insert]\n    action: Error\n"
                         "  f2: #<\n    schema-pattern: db\n    table-pattern: t1\n"
                         "    events: [insert]\n    action: Ignore\n"),
     NULL, "filter-shadowed", BS_DIAG_WARNING, 0, "rule f1 (Error"},
    {"a class inserted first is visited first",
     FILTERS("[f1, f2]", "  f1:\n    schema-pattern: db\n    table-pattern: \"t[ab]*\"\n"
                         "    events: [all]\n    action: Ignore\n"
                         "  f2: #<\n    schema-pattern: db\n    table-pattern: \"t[a]x\"\n"
                         "    events: [delete]\n    action: Ignore\n"),
     NULL, "filter-shadowed", BS_DIAG_WARNING, 0, "f1"},
    {"a filter rule on schemas the BA list drops",
     INST "    block-allow-list: ba\n    filter-rules: [f]\n"
          "block-allow-list:\n  ba:\n    do-dbs: [shop]\n"
          "filters:\n  f: #<\n    schema-pattern: crm\n    events: [delete]\n    action: Ignore\n",
     NULL, "filter-ba-dropped", BS_DIAG_WARNING, 0, "block-allow list ba drops every schema"},
    {"a source rule the task rule overrides",
     FILTERS("[f]", "  f:\n    schema-pattern: db\n    events: [delete]\n    action: Ignore\n"),
     SOURCE "filters:\n  - schema-pattern: DB #<\n    events: [insert]\n    action: Ignore\n",
     "source-filter-overridden", BS_DIAG_WARNING, 0, "same schema/table patterns as task rule f"},
    /* block-allow lists */
    {"ignore-dbs next to do-dbs", BA("    do-dbs: [a]\n    ignore-dbs: [b] #<\n"), NULL,
     "ba-ignore-dbs-unused", BS_DIAG_WARNING, 0, "never consulted"},
    {"ignore-tables next to do-tables",
     BA("    do-tables:\n    - db-name: a\n      tbl-name: t\n    ignore-tables: #<\n"
        "    - db-name: a\n      tbl-name: u\n"),
     NULL, "ba-ignore-tables-unused", BS_DIAG_WARNING, 0, "never changes anything"},
    {"a do-table outside do-dbs",
     BA("    do-dbs: [\"a*\"]\n    do-tables:\n    - db-name: \"b\" #<\n      tbl-name: t\n"), NULL,
     "ba-do-table-unreachable", BS_DIAG_WARNING, 0, "matches no do-dbs entry"},
    {"a do-table under an ignored db",
     BA("    ignore-dbs: [\"b*\"]\n    do-tables:\n    - db-name: \"b?\" #<\n      tbl-name: t\n"),
     NULL, "ba-do-table-unreachable", BS_DIAG_WARNING, 0, "ignore-dbs drops its schema"},
    {"do-dbs naming a system schema", BA("    do-dbs:\n    - app\n    - mysql #<\n"), NULL,
     "ba-system-schema", BS_DIAG_WARNING, 0, "matches only system schemas"},
    {"regex-db entries lose their pairing",
     BA("    do-tables:\n    - db-name: \"~^a$\"\n      tbl-name: t1\n"
        "    - db-name: \"~^b$\" #<\n      tbl-name: t2\n"),
     NULL, "ba-regex-pairing", BS_DIAG_WARNING, 0, "a table named t2 in a schema matching ~^a$"},
    {"a do-dbs entry covered by another",
     BA("    do-dbs:\n    - \"shop_*\"\n    - \"shop_1?\" #<\n"), NULL, "ba-redundant",
     BS_DIAG_INFO, 0, "entry shop_*"},
    {"do-tables without do-dbs lets schema DDL through",
     BA("    do-tables: #<\n    - db-name: a\n      tbl-name: t\n"), NULL, "ba-schema-ddl",
     BS_DIAG_INFO, 0, "DROP DATABASE too"},
    /* expression filters */
    {"an expression filter on a table the BA list drops",
     INST "    block-allow-list: ba\n    expression-filters: [e]\n"
          "block-allow-list:\n  ba:\n    do-dbs: [a]\n"
          "expression-filter:\n  e: #<\n    schema: b\n    table: t\n    insert-value-expr: \"c > "
          "1\"\n",
     NULL, "expr-ba-dropped", BS_DIAG_WARNING, 0, "the block-allow list drops `b`.`t`"},
    {"an expression filter whose rows a binlog filter drops",
     INST "    filter-rules: [f]\n    expression-filters: [e]\n"
          "filters:\n  f:\n    schema-pattern: db\n    events: [delete]\n    action: Ignore\n"
          "expression-filter:\n  e: #<\n    schema: db\n    table: t\n    delete-value-expr: \"c > "
          "1\"\n",
     NULL, "expr-rows-filtered", BS_DIAG_WARNING, 0, "rule f (line 11) drops every DELETE"},
    {"an expression binsift cannot evaluate",
     INST "    expression-filters: [e]\nexpression-filter:\n  e:\n    schema: db\n    table: t\n"
          "    insert-value-expr: \"c = 1 AND sha1(s) = ''\" #<\n",
     NULL, "expr-unsupported", BS_DIAG_WARNING, 0, "function sha1"},
    {"an expression TiDB rejects",
     INST "    expression-filters: [e]\nexpression-filter:\n  e:\n    schema: db\n    table: t\n"
          "    insert-value-expr: \"no_such_fn(1) = 1\" #<\n",
     NULL, "expr-invalid", BS_DIAG_WARNING, 0, "does not exist"},
    {"a column qualified with another table",
     INST "    expression-filters: [e]\nexpression-filter:\n  e:\n    schema: db\n    table: t\n"
          "    update-new-value-expr: \"u.c > 1\" #<\n",
     NULL, "expr-unknown-column", BS_DIAG_WARNING, 0, "refers to c"},
    {"the columns an expression needs",
     INST "    expression-filters: [e]\nexpression-filter:\n  e: #<\n    schema: db\n    table: t\n"
          "    update-old-value-expr: \"a > 1\"\n    update-new-value-expr: \"b + a > 2\"\n",
     NULL, "expr-columns", BS_DIAG_INFO, 0, "uses columns a, b of `db`.`t`"},
    /* keys */
    {"black-white-list",
     INST "    black-white-list: bw\nblack-white-list: #<\n  bw:\n    do-dbs: [a]\n", NULL,
     "deprecated-key", BS_DIAG_WARNING, 0, "rename it to block-allow-list"},
    {"black-white-list next to block-allow-list",
     INST "    block-allow-list: ba\nblock-allow-list:\n  ba:\n    do-dbs: [a]\n"
          "black-white-list: #<\n  bw:\n    do-dbs: [b]\n",
     NULL, "ba-bw-ignored", BS_DIAG_WARNING, 0, "ignored as a whole"},
    {"an instance naming both lists",
     INST "    block-allow-list: ba\n    black-white-list: ba #<\nblock-allow-list:\n  ba:\n"
          "    do-dbs: [a]\n",
     NULL, "ba-bw-ignored", BS_DIAG_WARNING, 0, "black-white-list \"ba\" is ignored"},
    {"is-sharding", HEAD "is-sharding: true #<\nmysql-instances:\n  - source-id: s1\n", NULL,
     "deprecated-key", BS_DIAG_WARNING, 0, "shard-mode: pessimistic"},
    {"is-sharding: false under a shard-mode",
     HEAD "shard-mode: pessimistic\nis-sharding: false #<\nmysql-instances:\n  - source-id: s1\n",
     NULL, "is-sharding-ignored", BS_DIAG_WARNING, 0, "shard-mode \"pessimistic\" is set"},
    {"online-ddl-scheme", INST "online-ddl-scheme: gh-ost #<\n", NULL, "deprecated-key",
     BS_DIAG_WARNING, 0, "use online-ddl: true"},
    {"online-ddl: false overridden by online-ddl-scheme",
     INST "online-ddl: false #<\nonline-ddl-scheme: pt\n", NULL, "online-ddl-conflict",
     BS_DIAG_WARNING, 0, "online-ddl: false is overridden"},
    {"heartbeat", INST "heartbeat-report-interval: 5 #<\n", NULL, "deprecated-key", BS_DIAG_WARNING,
     0, "heartbeat off"},
    {"a syncer option DM ignores", INST "    syncer:\n      enable-gtid: true #<\n", NULL,
     "deprecated-key", BS_DIAG_WARNING, 0, "the source file's enable-gtid decides"},
    {"instance column-mapping-rules", INST "    column-mapping-rules: [cm] #<\n", NULL,
     "column-mapping", BS_DIAG_ERROR, 20064, "not supported since DM v6.6.0"},
    {"a source-level deprecated key", INST, SOURCE "auto-fix-gtid: true #<\n", "deprecated-key",
     BS_DIAG_WARNING, 0, "overwrite it to false"},
    {"the source is case-sensitive and the task not", INST, SOURCE "case-sensitive: true #<\n",
     "case-sensitive-mismatch", BS_DIAG_WARNING, 0, "no longer lower-cased"},
    {"a source the task does not use", INST,
     "source-id: other #<\nfrom:\n  host: 127.0.0.1\n  port: 3306\n", "source-unused",
     BS_DIAG_WARNING, 0, "source-id other"},
    /* the loaders' findings come through */
    {"an undefined route (DM 20023)", INST "    route-rules: [nope] #<\n", NULL, "undefined-rule",
     BS_DIAG_ERROR, 20023, "nope not exist in routes"},
    {"a filter rule DM discards",
     FILTERS("[f]", "  f: #<\n    schema-pattern: a\n    events: [truncate]\n    action: Ignore\n"),
     NULL, "filter-rule-dropped", BS_DIAG_WARNING, 0, "\"truncate\" is not a DM event type"},
};

static void check_case(const lint_case *c)
{
    run r;
    lint(&r, c->task, c->source);
    const char *file = c->source && strstr(c->source, "#<") ? "source.yaml" : "task.yaml";
    int line = marker_line(c->source && strstr(c->source, "#<") ? c->source : c->task);
    const bs_diag *d = find(&r, c->kind, file, line);
    if (r.rc || !d || d->severity != c->severity || d->dm_code != c->dm_code ||
        (c->msg && !strstr(d->message, c->msg))) {
        dump(&r);
        fail_msg("%s: rc %d (%s); want %s at %s:%d, severity %d, DM %d, \"%s\"%s", c->name, r.rc,
                 r.err.message, c->kind, file, line, c->severity, c->dm_code, c->msg,
                 d ? "" : " (no such finding)");
    }
    bs_diag_list_free(&r.diags);
}

static void test_findings(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_case(&cases[i]);
}

/* ---- what must not be reported ---- */

typedef struct quiet_case {
    const char *name;
    const char *task;
    const char *kind; /* must not appear */
} quiet_case;

static const quiet_case quiet[] = {
    {"a '*' only ends a pattern: a* and b* are disjoint",
     ROUTES("[r1, r2]", "  r1:\n    schema-pattern: \"a*\"\n    target-schema: x\n"
                        "  r2:\n    schema-pattern: \"b*\"\n    target-schema: y\n"),
     "route-ambiguous"},
    {"'?' is exactly one byte",
     ROUTES("[r1, r2]", "  r1:\n    schema-pattern: \"ab\"\n    target-schema: x\n"
                        "  r2:\n    schema-pattern: \"a?c\"\n    target-schema: y\n"),
     "route-ambiguous"},
    {"a table rule and a schema rule are not ambiguous",
     ROUTES("[r1, r2]", "  r1:\n    schema-pattern: \"a*\"\n    table-pattern: t\n"
                        "    target-schema: x\n"
                        "  r2:\n    schema-pattern: \"a*\"\n    target-schema: x\n"),
     "route-ambiguous"},
    {"overlap only in schemas the BA list drops",
     INST "    block-allow-list: ba\n    route-rules: [r1, r2]\n"
          "block-allow-list:\n  ba:\n    do-dbs: [\"a*\"]\n"
          "routes:\n  r1:\n    schema-pattern: \"b*\"\n    target-schema: x\n"
          "  r2:\n    schema-pattern: \"bc\"\n    target-schema: y\n",
     "route-ambiguous"},
    {"overlap only in tables do-tables does not list",
     INST "    block-allow-list: ba\n    route-rules: [r1, r2]\n"
          "block-allow-list:\n  ba:\n    do-tables:\n    - db-name: shop\n      tbl-name: order_1\n"
          "routes:\n  r1:\n    schema-pattern: shop\n    table-pattern: \"order_*\"\n"
          "    target-schema: x\n"
          "  r2:\n    schema-pattern: shop\n    table-pattern: order_2\n    target-schema: y\n",
     "route-ambiguous"},
    {"regex routes no name of the task pins down",
     ROUTES("[r1, r2]", "  r1:\n    schema-pattern: \"~^a\"\n    target-schema: x\n"
                        "  r2:\n    schema-pattern: \"~b$\"\n    target-schema: y\n"),
     "route-may-overlap"},
    {"the rule listed first owns the class edge",
     FILTERS("[f2, f1]", "  f1:\n    schema-pattern: db\n    table-pattern: \"t[ab]*\"\n"
                         "    events: [all]\n    action: Ignore\n"
                         "  f2:\n    schema-pattern: db\n    table-pattern: \"t[a]x\"\n"
                         "    events: [delete]\n    action: Ignore\n"),
     "filter-shadowed"},
    {"an exact name is visited before its trailing '*'",
     FILTERS("[f1, f2]", "  f1:\n    schema-pattern: db\n    table-pattern: \"t1*\"\n"
                         "    events: [all]\n    action: Ignore\n"
                         "  f2:\n    schema-pattern: db\n    table-pattern: \"t1\"\n"
                         "    events: [delete]\n    action: Ignore\n"),
     "filter-shadowed"},
    {"a rule that does not decide every event is no shadow",
     FILTERS("[f1, f2]", "  f1:\n    schema-pattern: db\n    events: [insert]\n    action: Ignore\n"
                         "  f2:\n    schema-pattern: db\n    table-pattern: t\n"
                         "    events: [insert, delete]\n    action: Ignore\n"),
     "filter-shadowed"},
    {"alter table with all ddl",
     FILTERS("[f]", "  f:\n    schema-pattern: a\n"
                    "    events: [\"alter table\", \"all ddl\"]\n"
                    "    action: Ignore\n"),
     "filter-alter-table"},
    {"a Do rule with sql-pattern keeps matching DDL",
     FILTERS("[f]", "  f:\n    schema-pattern: a\n    events: [\"all dml\"]\n"
                    "    sql-pattern: [\"^CREATE\"]\n    action: Do\n"),
     "filter-do-dml-only"},
    {"a regex do-db: cannot tell, so no claim",
     INST "    block-allow-list: ba\n    route-rules: [r1]\n"
          "block-allow-list:\n  ba:\n    do-dbs: [\"~^shop\"]\n"
          "routes:\n  r1:\n    schema-pattern: \"crm*\"\n    target-schema: x\n",
     "route-ba-dropped"},
};

static void test_quiet(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof quiet / sizeof quiet[0]; i++) {
        run r;
        lint(&r, quiet[i].task, NULL);
        if (r.rc || find(&r, quiet[i].kind, NULL, 0)) {
            dump(&r);
            fail_msg("%s: rc %d, or an unexpected %s", quiet[i].name, r.rc, quiet[i].kind);
        }
        bs_diag_list_free(&r.diags);
    }
}

/* ---- clean tasks ---- */

static const char *const clean[] = {
    INST,
    HEAD "shard-mode: pessimistic\n"
         "mysql-instances:\n"
         "  - source-id: s1\n"
         "    block-allow-list: ba\n"
         "    route-rules: [tables, schemas]\n"
         "    filter-rules: [no-truncate, stop-drop]\n"
         "  - source-id: s2\n"
         "    block-allow-list: ba\n"
         "    route-rules: [tables, schemas]\n"
         "    filter-rules: [no-truncate]\n"
         "block-allow-list:\n"
         "  ba:\n"
         "    do-dbs: [\"shop_*\"]\n"
         "    do-tables:\n"
         "    - db-name: \"shop_*\"\n"
         "      tbl-name: \"order_*\"\n"
         "routes:\n"
         "  tables:\n"
         "    schema-pattern: \"shop_*\"\n"
         "    table-pattern: \"order_*\"\n"
         "    target-schema: shop\n"
         "    target-table: orders\n"
         "  schemas:\n"
         "    schema-pattern: \"shop_*\"\n"
         "    target-schema: shop\n"
         "filters:\n"
         "  no-truncate:\n"
         "    schema-pattern: \"shop_*\"\n"
         "    table-pattern: \"order_*\"\n"
         "    events: [\"truncate table\", \"drop table\"]\n"
         "    action: Ignore\n"
         "  stop-drop:\n"
         "    schema-pattern: \"shop_*\"\n"
         "    events: [\"drop database\"]\n"
         "    action: Error\n",
};

static void test_clean(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof clean / sizeof clean[0]; i++) {
        run r;
        lint(&r, clean[i], i ? SOURCE : NULL);
        if (r.rc || r.diags.n) {
            dump(&r);
            fail_msg("clean task %zu: rc %d, %zu findings", i, r.rc, r.diags.n);
        }
        bs_diag_list_free(&r.diags);
    }
}

/* Two instances, one finding in only one of them: it names that instance;
 * a finding both share is reported once. */
static void test_instances_merged(void **state)
{
    (void)state;
    run r;
    lint(&r,
         HEAD "mysql-instances:\n"
              "  - source-id: s1\n    filter-rules: [f]\n    block-allow-list: ba\n"
              "  - source-id: s2\n    filter-rules: [f]\n"
              "block-allow-list:\n  ba:\n    do-dbs: [x]\n"
              "filters:\n  f:\n    schema-pattern: a\n    events: [\"add column\"]\n"
              "    action: Ignore\n",
         NULL);
    assert_int_equal(r.rc, 0);
    size_t never = 0;
    for (size_t i = 0; i < r.diags.n; i++)
        never += !strcmp(r.diags.items[i].kind, "filter-never-produced");
    assert_int_equal(never, 1);
    const bs_diag *d = find(&r, "filter-ba-dropped", "task.yaml", 0);
    assert_non_null(d);
    assert_non_null(strstr(d->message, "(mysql-instance s1)"));
    bs_diag_list_free(&r.diags);
}

/* Every problem the loader finds is listed, sorted by line, not only the
 * first DM reports. */
static void test_all_loader_errors(void **state)
{
    (void)state;
    run r;
    lint(&r, INST "    route-rules: [r9]\n    filter-rules: [f9]\n", NULL);
    assert_int_equal(r.rc, 0);
    const bs_diag *a = find(&r, "undefined-rule", "task.yaml", 8);
    const bs_diag *b = find(&r, "undefined-rule", "task.yaml", 9);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(a->dm_code, 20023);
    assert_int_equal(b->dm_code, 20024);
    for (size_t i = 1; i < r.diags.n; i++)
        assert_true(r.diags.items[i - 1].line <= r.diags.items[i].line);
    bs_diag_list_free(&r.diags);
}

static void test_unusable(void **state)
{
    (void)state;
    run r;
    lint(&r, "name: [unclosed\n", NULL);
    assert_int_equal(r.rc, BS_ECONFIG);
    assert_non_null(find(&r, "yaml-syntax", "task.yaml", 0));
    bs_diag_list_free(&r.diags);
    lint(&r, INST, "source-id: s1\nfrom: {host: \n");
    assert_int_equal(r.rc, BS_ECONFIG);
    assert_non_null(find(&r, "yaml-syntax", "source.yaml", 0));
    bs_diag_list_free(&r.diags);
    bs_error err;
    bs_diag_list d = {0};
    assert_int_equal(bs_rules_lint_files("/nonexistent/task.yaml", NULL, 0, &d, &err), BS_EIO);
    bs_diag_list_free(&d);
}

/* A task DM rejects still gets its key findings. */
static void test_keys_without_model(void **state)
{
    (void)state;
    run r;
    lint(&r, INST "    route-rules: [nope]\nenable-heartbeat: true\n", NULL);
    assert_int_equal(r.rc, 0);
    assert_non_null(find(&r, "undefined-rule", "task.yaml", 8));
    assert_non_null(find(&r, "deprecated-key", "task.yaml", 9));
    bs_diag_list_free(&r.diags);
}

/* ---- the name algebra ---- */

static void compile_wc(const char *text, bs_wildcard *w)
{
    bs_error e;
    if (bs_wc_compile(text, w, &e)) fail_msg("%s: %s", text, e.message);
}

/* The search's walker agrees with DM's matcher on every name, including
 * multi-byte runes, truncated and invalid sequences. */
static void test_walker_matches_dm(void **state)
{
    (void)state;
    static const char *const patterns[] = {"a*",
                                           "a?c",
                                           "?",
                                           "*",
                                           "t[a-c]x",
                                           "[!a]*",
                                           "\xc3\xa9",
                                           "\xc3*",
                                           "\xc3?",
                                           "?\xa9",
                                           "\xe2\x82\xac",
                                           "x\xe2*",
                                           "[\x80-\xff]*",
                                           "\xf0?",
                                           "ab",
                                           "[a]?\xc3\xa9*"};
    static const uint8_t alphabet[] = {'a',  'b',  'c',  'x',  't',  0xc3, 0xa9, 0xe2,
                                       0x82, 0xac, 0xf0, 0x9f, 0x80, 0xff, 0x41};
    uint32_t seed = 12345;
    for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
        bs_wildcard w;
        compile_wc(patterns[p], &w);
        for (int n = 0; n < 4000; n++) {
            char name[8];
            size_t len = (size_t)(n % 7) + 1;
            for (size_t i = 0; i < len; i++) {
                seed = seed * 1103515245u + 12345u;
                name[i] = (char)alphabet[(seed >> 16) % sizeof alphabet];
            }
            if (bs_wc_match(&w, name, len) != lint_wc_walk_match(&w, name, len))
                fail_msg("pattern %zu, name of %zu bytes: the walker disagrees", p, len);
        }
        bs_wc_free(&w);
    }
}

/* exists(all, none): 1 with the expected shortest witness, or 0. */
static void check_exists(const char *a, const char *b, bool b_is_none, int want,
                         const char *witness)
{
    bs_wildcard x, y;
    compile_wc(a, &x);
    compile_wc(b, &y);
    const bs_wildcard *all[2] = {&x, &y}, *none[1] = {&y};
    lint_wc_query q = {all, b_is_none ? 1 : 2, NULL, 0, none, b_is_none ? 1 : 0, true};
    char w[64];
    int rc = lint_wc_exists(&q, w, sizeof w);
    if (rc != want || (want == 1 && witness && strcmp(w, witness)))
        fail_msg("%s %s %s: got %d \"%s\", want %d \"%s\"", a, b_is_none ? "minus" : "and", b, rc,
                 w, want, witness ? witness : "");
    bs_wc_free(&x);
    bs_wc_free(&y);
}

static void test_overlap_and_containment(void **state)
{
    (void)state;
    check_exists("shop_*", "shop_1", false, 1, "shop_1");
    check_exists("a*", "b*", false, 0, NULL);
    check_exists("t?", "t*", false, 1, "ta");
    check_exists("ab*", "a?c", false, 1, "abc");
    check_exists("ab", "a?c", false, 0, NULL);
    check_exists("[a-c]x", "[c-e]*", false, 1, "cx");
    check_exists("[!a]", "a", false, 0, NULL);
    /* DM's rune walk: "é" skips the name's a9 and never matches "é" itself */
    check_exists("\xc3\xa9", "*", false, 1, "\xc3\x80\xa9");
    check_exists("\xc3\xa9", "\xc3\xa9*", true, 0, NULL);
    check_exists("shop_1?", "shop_*", true, 0, NULL); /* contained */
    check_exists("shop_*", "shop_1?", true, 1, "shop_");
    check_exists("a", "A", false, 0, NULL); /* names are lower-cased: no A-Z */
}

static void test_trie_order(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        int want;
    } orders[] = {
        {"t*", "t1", LINT_ORDER_A_FIRST},         {"t1", "t1*", LINT_ORDER_A_FIRST},
        {"t1*", "t1", LINT_ORDER_B_FIRST},        {"t?", "t1", LINT_ORDER_A_FIRST},
        {"t[0-9]", "t?", LINT_ORDER_B_FIRST},     {"t[0-9]", "t1", LINT_ORDER_A_FIRST},
        {"t[0-9]", "t[1]", LINT_ORDER_CLASS_TIE}, {"ta", "tb", LINT_ORDER_DISJOINT},
        {"t1", "t12", LINT_ORDER_DISJOINT},       {"t[ab]", "t[ba]", LINT_ORDER_SAME},
    };
    for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++) {
        bs_wildcard a, b;
        size_t at;
        compile_wc(orders[i].a, &a);
        compile_wc(orders[i].b, &b);
        int got = lint_wc_order(&a, &b, &at);
        if (got != orders[i].want)
            fail_msg("%s vs %s: order %d, want %d", orders[i].a, orders[i].b, got, orders[i].want);
        bs_wc_free(&a);
        bs_wc_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_findings),
        cmocka_unit_test(test_quiet),
        cmocka_unit_test(test_clean),
        cmocka_unit_test(test_instances_merged),
        cmocka_unit_test(test_all_loader_errors),
        cmocka_unit_test(test_unusable),
        cmocka_unit_test(test_keys_without_model),
        cmocka_unit_test(test_walker_matches_dm),
        cmocka_unit_test(test_overlap_and_containment),
        cmocka_unit_test(test_trie_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
