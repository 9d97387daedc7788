/*
 * cmd_lint.c - `binsift lint`: what is wrong or suspicious in a DM task and
 * its source files before the task runs.
 *
 * The library finds everything (bs_rules_lint_files); this prints it. Text
 * is one line per finding, compiler style ("file:line: severity: message
 * [kind]"), grouped by file and sorted by line, then a count. JSON is one
 * object: {"task", "sources", "usable", "error", "summary": {"errors",
 * "warnings", "infos"}, "findings": [{"file", "line", "severity", "kind",
 * "dm_code", "message"}]} - dm_code and error are null when absent.
 *
 * Exit status: 0 no warning or error, 1 findings (warnings or errors), 2
 * unusable input (a file missing, unreadable or not YAML) or bad usage.
 * Info findings alone exit 0.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binsift/buf.h"
#include "binsift/report.h"
#include "binsift/rules.h"
#include "cli/cli.h"

enum { FORMAT_TEXT, FORMAT_JSON };

typedef struct lint_args {
    const char *task;
    const char **sources;
    size_t n_sources;
    int format;
} lint_args;

static void usage(FILE *f)
{
    fputs("usage: binsift lint -c TASK.yaml [-s SOURCE.yaml ...] [--format text|json]\n"
          "\n"
          "Everything wrong or suspicious in a DM task before it runs: every error DM's\n"
          "validation reports (not only the first), filter rules DM silently discards,\n"
          "ambiguous routes, rules that can never match or are shadowed, block-allow list\n"
          "entries that never take effect, expression filters binsift cannot evaluate,\n"
          "deprecated keys, and task/source mismatches. Each finding names the file and\n"
          "line, what DM will do, and how to fix it.\n"
          "\n"
          "options:\n"
          "  -c, --config TASK.yaml    the DM task file (required)\n"
          "  -s, --source SOURCE.yaml  a DM source file (repeatable; more may follow)\n"
          "      --format text|json    output format (default text)\n"
          "  -h, --help                this help\n"
          "\n"
          "Exit status: 0 clean (notes only), 1 warnings or errors, 2 unusable input.\n",
          f);
}

enum { OPT_FORMAT = 256 };

static int add_source(lint_args *a, const char *path)
{
    const char **p = realloc(a->sources, (a->n_sources + 1) * sizeof *p);
    if (!p) {
        fprintf(stderr, "binsift lint: out of memory\n");
        return -1;
    }
    a->sources = p;
    a->sources[a->n_sources++] = path;
    return 0;
}

/* 0 to run, 1 after --help, -1 on bad usage. */
static int parse_args(int argc, char **argv, lint_args *a)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},
        {"source", required_argument, NULL, 's'},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:s:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': a->task = optarg; break;
        case 's':
            if (add_source(a, optarg)) return -1;
            break;
        case OPT_FORMAT:
            if (!strcmp(optarg, "text") || !strcmp(optarg, "json")) {
                a->format = optarg[0] == 't' ? FORMAT_TEXT : FORMAT_JSON;
                break;
            }
            fprintf(stderr, "binsift lint: --format must be text or json\n");
            return -1;
        case 'h': usage(stdout); return 1;
        default: usage(stderr); return -1;
        }
    }
    for (; optind < argc; optind++) /* -s a.yaml b.yaml */
        if (add_source(a, argv[optind])) return -1;
    if (!a->task) {
        fprintf(stderr, "binsift lint: -c TASK.yaml is required\n");
        usage(stderr);
        return -1;
    }
    return 0;
}

static const char *severity_name(int s)
{
    return s == BS_DIAG_ERROR ? "error" : s == BS_DIAG_WARNING ? "warning" : "info";
}

/* ---- text ---- */

static void print_text(const bs_diag_list *l, const bs_error *unusable)
{
    const char *file = NULL;
    for (size_t i = 0; i < l->n; i++) {
        const bs_diag *d = &l->items[i];
        const char *f = d->file ? d->file : "-";
        if (file && strcmp(file, f)) putchar('\n');
        file = f;
        printf("%s:%d: %s: %s [%s", f, d->line, severity_name(d->severity), d->message, d->kind);
        if (d->dm_code) printf(", DM %d", d->dm_code);
        puts("]");
    }
    size_t e = bs_diag_count(l, BS_DIAG_ERROR), w = bs_diag_count(l, BS_DIAG_WARNING) - e,
           n = l->n - e - w;
    if (l->n) putchar('\n');
    if (unusable)
        printf("lint stopped: the input is unusable\n");
    else if (!l->n)
        printf("no findings\n");
    else
        printf("%zu error%s, %zu warning%s, %zu info\n", e, e == 1 ? "" : "s", w, w == 1 ? "" : "s",
               n);
}

/* ---- JSON ---- */

static int json_str(bs_buf *b, const char *s)
{
    return s ? bs_report_json_string(b, (const uint8_t *)s, strlen(s)) : bs_buf_puts(b, "null");
}

static int json_finding(bs_buf *b, const bs_diag *d, int first)
{
    int rc = bs_buf_puts(b, first ? "\n    {\"file\":" : ",\n    {\"file\":") ||
             json_str(b, d->file) || bs_buf_printf(b, ",\"line\":%d,\"severity\":", d->line) ||
             json_str(b, severity_name(d->severity)) || bs_buf_puts(b, ",\"kind\":") ||
             json_str(b, d->kind) || bs_buf_puts(b, ",\"dm_code\":");
    if (!rc) rc = d->dm_code ? bs_buf_printf(b, "%d", d->dm_code) : bs_buf_puts(b, "null");
    return rc || bs_buf_puts(b, ",\"message\":") || json_str(b, d->message) || bs_buf_putc(b, '}');
}

static int print_json(const lint_args *a, const bs_diag_list *l, const bs_error *unusable)
{
    bs_buf b = {0};
    size_t e = bs_diag_count(l, BS_DIAG_ERROR), w = bs_diag_count(l, BS_DIAG_WARNING) - e;
    int rc = bs_buf_puts(&b, "{\n  \"task\": ") || json_str(&b, a->task) ||
             bs_buf_puts(&b, ",\n  \"sources\": [");
    for (size_t i = 0; !rc && i < a->n_sources; i++)
        rc = (i && bs_buf_puts(&b, ", ")) || json_str(&b, a->sources[i]);
    rc = rc ||
         bs_buf_printf(&b, "],\n  \"usable\": %s,\n  \"error\": ", unusable ? "false" : "true");
    if (!rc) rc = json_str(&b, unusable ? unusable->message : NULL);
    rc = rc || bs_buf_printf(&b,
                             ",\n  \"summary\": {\"errors\": %zu, \"warnings\": %zu, \"infos\": "
                             "%zu},\n  \"findings\": [",
                             e, w, l->n - e - w);
    for (size_t i = 0; !rc && i < l->n; i++)
        rc = json_finding(&b, &l->items[i], i == 0);
    rc = rc || bs_buf_puts(&b, l->n ? "\n  ]\n}\n" : "]\n}\n");
    if (!rc) fwrite(b.data, 1, b.len, stdout);
    bs_buf_free(&b);
    return rc;
}

int bs_cli_lint(int argc, char **argv)
{
    lint_args a = {0};
    int rc = parse_args(argc, argv, &a);
    if (rc) {
        free(a.sources);
        return rc > 0 ? BS_EXIT_OK : BS_EXIT_BAD_INPUT;
    }
    bs_diag_list findings = {0};
    bs_error err;
    rc = bs_rules_lint_files(a.task, a.sources, a.n_sources, &findings, &err);
    const bs_error *unusable = rc ? &err : NULL;
    int out_rc = 0;
    if (a.format == FORMAT_JSON)
        out_rc = print_json(&a, &findings, unusable);
    else
        print_text(&findings, unusable);
    if (out_rc || fflush(stdout)) fprintf(stderr, "binsift lint: writing the output failed\n");
    if (rc) bs_cli_print_error(&err);
    int status = rc || out_rc                                ? BS_EXIT_BAD_INPUT
                 : bs_diag_count(&findings, BS_DIAG_WARNING) ? BS_EXIT_FINDINGS
                                                             : BS_EXIT_OK;
    bs_diag_list_free(&findings);
    free(a.sources);
    return status;
}
