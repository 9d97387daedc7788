/*
 * cmd_explain.c - `binsift explain`: why DM migrates or drops a table's
 * events, step by step.
 *
 * Loads the task (and the source file, whose case-sensitivity and filters
 * DM appends), compiles the rules of one instance, and prints the library's
 * explanation. Everything it prints is computed by the same code the replay
 * uses.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "binsift/report.h"
#include "binsift/rules.h"
#include "binsift/task.h"
#include "cli/cli.h"
#include "util/file.h"

#define SCHEMA_FILE_LIMIT ((size_t)256 << 20) /* a schema dump, not a data dump */

static void usage(FILE *f)
{
    fputs("usage: binsift explain -c TASK.yaml [options] SCHEMA.TABLE\n"
          "       binsift explain -c TASK.yaml [options] --sql 'DDL' [--db DB]\n"
          "\n"
          "Print every step DM takes for the rows of an upstream table, in DM's order\n"
          "(system schema, block-allow list, online DDL, route, binlog filter,\n"
          "expression filters), and the verdict for each row kind: migrated to which\n"
          "target table as which statement, dropped by which rule, or the error DM\n"
          "stops with. Names with dots or backquotes: `my.db`.`t`.\n"
          "With --sql, the same for a QUERY event's text: how DM parses and splits\n"
          "it, the event type of each statement, and whether it runs downstream\n"
          "(as which text), is dropped, or stops the task.\n"
          "\n"
          "options:\n"
          "  -c, --config TASK.yaml    the DM task file (required)\n"
          "  -s, --source-file FILE    the DM source file (case-sensitive, source filters)\n"
          "      --source ID           the mysql-instance (default: the only one, or the\n"
          "                            source file's source-id)\n"
          "      --event KIND          insert, update or delete (default: all three)\n"
          "      --row 'c=v,...'       a row to evaluate the expression filters on\n"
          "                            (update: the new image)\n"
          "      --old-row 'c=v,...'   update: the old image (default: --row)\n"
          "      --sql 'TEXT'          explain a DDL (any QUERY event text) instead\n"
          "      --db DB               --sql: the event's current database\n"
          "      --schema FILE.sql     CREATE TABLE statements: --row values are typed\n"
          "                            by the table's columns; --sql: the old columns\n"
          "                            MODIFY/CHANGE COLUMN is typed against (without\n"
          "                            it DM's tracker is assumed empty)\n"
          "      --format text|json    output format (default text)\n"
          "  -h, --help                this help\n",
          f);
}

typedef struct explain_args {
    const char *task_path, *source_path, *source_id, *name, *schema_path;
    int format;
    bs_report_explain_request req;
} explain_args;

enum { OPT_SOURCE = 256, OPT_EVENT, OPT_ROW, OPT_OLD_ROW, OPT_FORMAT, OPT_SQL, OPT_DB, OPT_SCHEMA };

static int parse_event(const char *s, int *out)
{
    static const char *const names[] = {"insert", "update", "delete"};
    static const int events[] = {BS_DMEV_INSERT, BS_DMEV_UPDATE, BS_DMEV_DELETE};
    for (int i = 0; i < 3; i++)
        if (strcmp(s, names[i]) == 0) return *out = events[i], 0;
    fprintf(stderr, "binsift explain: --event must be insert, update or delete, got '%s'\n", s);
    return -1;
}

static int parse_option(int c, explain_args *a)
{
    switch (c) {
    case 'c': a->task_path = optarg; return 0;
    case 's': a->source_path = optarg; return 0;
    case OPT_SOURCE: a->source_id = optarg; return 0;
    case OPT_EVENT: return parse_event(optarg, &a->req.event);
    case OPT_ROW: a->req.row = optarg; return 0;
    case OPT_OLD_ROW: a->req.old_row = optarg; return 0;
    case OPT_SQL: a->req.sql = optarg; return 0;
    case OPT_DB: a->req.db = optarg; return 0;
    case OPT_SCHEMA: a->schema_path = optarg; return 0;
    case OPT_FORMAT:
        if (strcmp(optarg, "text") == 0) return a->format = BS_EXPLAIN_TEXT, 0;
        if (strcmp(optarg, "json") == 0) return a->format = BS_EXPLAIN_JSON, 0;
        fprintf(stderr, "binsift explain: --format must be text or json\n");
        return -1;
    case 'h': usage(stdout); return 1;
    default: usage(stderr); return -1;
    }
}

/* 0 to go on, 1 when done (help), -1 on a usage error. */
static int parse_args(int argc, char **argv, explain_args *a)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},
        {"source-file", required_argument, NULL, 's'},
        {"source", required_argument, NULL, OPT_SOURCE},
        {"event", required_argument, NULL, OPT_EVENT},
        {"row", required_argument, NULL, OPT_ROW},
        {"old-row", required_argument, NULL, OPT_OLD_ROW},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"sql", required_argument, NULL, OPT_SQL},
        {"db", required_argument, NULL, OPT_DB},
        {"schema", required_argument, NULL, OPT_SCHEMA},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:s:h", longopts, NULL)) != -1)
        if ((rc = parse_option(c, a)) != 0) return rc;
    const char *problem = !a->task_path                       ? "-c TASK.yaml is required"
                          : a->req.sql && optind != argc      ? "--sql takes no SCHEMA.TABLE"
                          : !a->req.sql && optind != argc - 1 ? "give exactly one SCHEMA.TABLE"
                          : !a->req.sql && a->req.db          ? "--db goes with --sql"
                                                              : NULL;
    if (problem) {
        fprintf(stderr, "binsift explain: %s\n\n", problem);
        usage(stderr);
        return -1;
    }
    a->name = a->req.sql ? NULL : argv[optind];
    return 0;
}

/* Split SCHEMA.TABLE (either part may be `quoted`, with `` for a backquote)
 * into the two buffers. */
static const char *name_part(const char *p, char *out, size_t cap, char stop)
{
    size_t n = 0;
    if (*p == '`') {
        for (p++; *p && !(p[0] == '`' && p[1] != '`'); p++) {
            if (*p == '`') p++;
            if (n + 1 < cap) out[n++] = *p;
        }
        if (*p != '`') return NULL;
        p++;
    } else {
        for (; *p && *p != stop; p++)
            if (n + 1 < cap) out[n++] = *p;
    }
    out[n] = 0;
    return n ? p : NULL;
}

static int split_name(const char *name, char *schema, char *table, size_t cap)
{
    const char *p = name_part(name, schema, cap, '.');
    p = p && *p == '.' ? name_part(p + 1, table, cap, 0) : NULL;
    if (p && *p == 0) return 0;
    fprintf(stderr, "binsift explain: expected SCHEMA.TABLE, got '%s'\n", name);
    return -1;
}

/* The instance to explain: --source, else the source file's, else the only
 * one. */
static const char *pick_instance(const bs_task *task, const bs_source *src, const char *given)
{
    const bs_task_config *tc = bs_task_get(task);
    const char *id = given ? given : src ? bs_source_get(src)->source_id : NULL;
    if (!id && tc->n_instances == 1) id = tc->instances[0].source_id;
    if (id && bs_task_instance_find(task, id)) return id;
    fprintf(stderr, "binsift explain: %s; the task's sources are:",
            id ? "no such mysql-instance" : "which source? use --source");
    for (size_t i = 0; i < tc->n_instances; i++)
        fprintf(stderr, " %s", tc->instances[i].source_id);
    fputc('\n', stderr);
    return NULL;
}

static int64_t now_usec(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

/* Print diagnostics from index `from` on, except those repeating an
 * earlier one (loading and compiling both report a discarded rule). */
static void print_diags(const bs_diag_list *diags, size_t from)
{
    for (size_t i = from; i < diags->n; i++) {
        const bs_diag *d = &diags->items[i];
        size_t j = 0;
        while (j < i && strcmp(diags->items[j].message, d->message))
            j++;
        if (j < i) continue;
        fprintf(stderr, "binsift: %s: %s:%d: %s\n",
                d->severity == BS_DIAG_ERROR ? "error" : "warning", d->file ? d->file : "", d->line,
                d->message);
    }
}

static int run(explain_args *a, bs_task *task, bs_source *src, bs_diag_list *diags)
{
    bs_error err;
    bs_rules *rules = NULL;
    char schema[260], table[260];
    int status = BS_EXIT_BAD_INPUT;
    print_diags(diags, 0);
    a->req.source_id = pick_instance(task, src, a->source_id);
    if (!a->req.source_id || (a->name && split_name(a->name, schema, table, sizeof schema)))
        return status;
    a->req.schema = schema, a->req.table = table;
    size_t seen = diags->n;
    int rc = bs_rules_compile(task, a->req.source_id, src, &rules, diags, &err);
    print_diags(diags, seen);
    if (rc) {
        bs_cli_print_error(&err);
        return status;
    }
    bs_rules_expr_ctx ctx = {.now_usec = now_usec()};
    a->req.expr_ctx = &ctx;
    bs_buf text = {0};
    int colour = a->format == BS_EXPLAIN_TEXT && isatty(STDOUT_FILENO);
    int failed = a->req.sql
                     ? bs_report_explain_query(rules, &a->req, a->format, colour, &text, &err)
                     : bs_report_explain(rules, task, &a->req, a->format, colour, &text, &err);
    if (failed) {
        bs_cli_print_error(&err);
    } else {
        fwrite(text.data, 1, text.len, stdout);
        status = BS_EXIT_OK;
    }
    bs_buf_free(&text);
    bs_rules_free(rules);
    return status;
}

int bs_cli_explain(int argc, char **argv)
{
    explain_args a = {.format = BS_EXPLAIN_TEXT};
    int rc = parse_args(argc, argv, &a);
    if (rc) return rc > 0 ? BS_EXIT_OK : BS_EXIT_BAD_INPUT;
    bs_error err;
    bs_task *task = NULL;
    bs_source *src = NULL;
    bs_diag_list diags = {0};
    char *schema_sql = NULL;
    int status = BS_EXIT_BAD_INPUT;
    if (bs_task_load(a.task_path, &task, &diags, &err) ||
        (a.source_path && bs_source_load(a.source_path, &src, &diags, &err))) {
        print_diags(&diags, 0);
        if (!bs_diag_count(&diags, BS_DIAG_ERROR)) bs_cli_print_error(&err);
    } else if (a.schema_path && bs_file_read_all(a.schema_path, SCHEMA_FILE_LIMIT, "a schema file",
                                                 &schema_sql, &a.req.schema_sql_len, &err)) {
        bs_cli_print_error(&err);
    } else {
        a.req.schema_sql = schema_sql;
        status = run(&a, task, src, &diags);
    }
    free(schema_sql);
    bs_diag_list_free(&diags);
    bs_source_free(src);
    bs_task_free(task);
    return status;
}
