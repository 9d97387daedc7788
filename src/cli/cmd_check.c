/*
 * cmd_check.c - `binsift check`: the dry run of a DM task over binlogs.
 *
 * Loads the task and source files, hands each --binlog source to the check
 * library, and writes what was asked: the summary for a person on stdout,
 * and optionally every verdict as JSON lines (--events), the statements DM
 * would run (--sql), the summary as JSON (--report) and as a page (--html).
 * Per-verdict outputs are written per source into temporary files on that
 * source's thread and concatenated in source order afterwards, so the
 * output does not depend on thread timing.
 *
 * Exit status: 0 no conflicts, 1 conflicts (DM would stop or corrupt data),
 * 2 unusable input (task, source, schema or binlog) or bad usage.
 */
#define _XOPEN_SOURCE 700
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "binsift/check.h"
#include "binsift/report.h"
#include "cli/cli.h"
#include "util/file.h"

#define MAX_SOURCES  64
#define SCHEMA_LIMIT (256u << 20)

typedef struct source_arg {
    const char *id;
    const char **paths;
    size_t npaths;
    const char *schema_path; /* --schema ID=FILE */
    char *schema_sql;
    size_t schema_len;
    FILE *events, *sql; /* this source's verdict outputs */
    bs_buf line;        /* one JSON line */
    bs_buf sql_text;    /* one verdict's statement */
    bs_error err;
} source_arg;

typedef struct check_args {
    const char *task_path;
    source_arg src[MAX_SOURCES];
    size_t n_src;
    const char *source_files[MAX_SOURCES];
    size_t n_source_files;
    const char *schema_all; /* --schema FILE for every source */
    const char *downstream_path;
    const char *events_path, *sql_path, *report_path, *html_path;
    int colour; /* -1 auto */
    bs_check_options opt;
} check_args;

static void usage(FILE *f)
{
    fputs("usage: binsift check -c TASK.yaml --binlog SOURCE_ID=PATH [--binlog ...]\n"
          "                     [-s SOURCE.yaml ...] [options]\n"
          "\n"
          "Replay each source's binlog through the DM task and report, for every event,\n"
          "what DM would do: migrated (to which table, as which statement), dropped (by\n"
          "which rule) or conflict (where DM would stop, with its error code).\n"
          "\n"
          "options:\n"
          "  -c, --config TASK.yaml        the DM task file (required)\n"
          "      --binlog ID=PATH          binlog file, directory or .gz of source ID\n"
          "                                (repeatable; repeat an ID for more files)\n"
          "  -s, --source SOURCE.yaml      DM source file (enable-gtid, flavor, filters)\n"
          "      --schema [ID=]FILE.sql    upstream CREATE TABLE statements (all sources,\n"
          "                                or one)\n"
          "      --downstream-schema FILE.sql  the downstream's CREATE TABLE statements\n"
          "      --start-position N        start at offset N of the first file (instead\n"
          "                                of the task's meta)\n"
          "      --stop-position N         stop before offset N of the last file\n"
          "      --start-datetime T        start at the first event at or after T\n"
          "      --stop-datetime T         stop at the first event at or after T\n"
          "                                (T: 'YYYY-MM-DD HH:MM:SS', local time)\n"
          "      --events FILE             every verdict as JSON lines\n"
          "      --sql FILE                the statements DM would run downstream\n"
          "      --report FILE             the summary as JSON\n"
          "      --html FILE               the summary as a self-contained HTML page\n"
          "      --initial-safe-mode SECONDS  assume DM's automatic safe mode after the\n"
          "                                start for this long in binlog time (DM: the\n"
          "                                first safe-mode-duration after each start)\n"
          "      --max-keys N              key collisions in merged targets: track at most\n"
          "                                N live keys per source (32 bytes each; default\n"
          "                                16777216, 0: off)\n"
          "      --no-verify-checksum      do not check event CRC32s\n"
          "      --color auto|always|never colour in the summary (default auto: a TTY)\n"
          "  -h, --help                    this help\n"
          "\n"
          "Exit status: 0 no conflicts, 1 conflicts found, 2 unusable input.\n",
          f);
}

enum {
    OPT_BINLOG = 256,
    OPT_SCHEMA,
    OPT_DOWNSTREAM,
    OPT_START_POS,
    OPT_STOP_POS,
    OPT_START_DT,
    OPT_STOP_DT,
    OPT_EVENTS,
    OPT_SQL,
    OPT_REPORT,
    OPT_HTML,
    OPT_NO_VERIFY,
    OPT_COLOR,
    OPT_SAFE_MODE,
    OPT_MAX_KEYS
};

static source_arg *source_of(check_args *a, const char *id, size_t len)
{
    for (size_t i = 0; i < a->n_src; i++)
        if (strlen(a->src[i].id) == len && strncmp(a->src[i].id, id, len) == 0) return &a->src[i];
    if (a->n_src == MAX_SOURCES) return NULL;
    char *copy = strndup(id, len);
    if (!copy) return NULL;
    a->src[a->n_src] = (source_arg){.id = copy};
    return &a->src[a->n_src++];
}

static int add_binlog(check_args *a, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1]) {
        fprintf(stderr, "binsift check: --binlog expects SOURCE_ID=PATH, got '%s'\n", arg);
        return -1;
    }
    source_arg *s = source_of(a, arg, (size_t)(eq - arg));
    const char **p = s ? realloc(s->paths, (s->npaths + 1) * sizeof *p) : NULL;
    if (!p) {
        fprintf(stderr, "binsift check: too many sources or out of memory\n");
        return -1;
    }
    s->paths = p;
    s->paths[s->npaths++] = eq + 1;
    return 0;
}

static int add_schema(check_args *a, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq) {
        a->schema_all = arg;
        return 0;
    }
    source_arg *s = source_of(a, arg, (size_t)(eq - arg));
    if (!s) return -1;
    s->schema_path = eq + 1;
    return 0;
}

static int parse_datetime(const char *opt, const char *text, int64_t *out)
{
    struct tm tm = {0};
    const char *end = strptime(text, "%Y-%m-%d %H:%M:%S", &tm);
    if (!end) end = strptime(text, "%Y-%m-%d", &tm);
    if (!end || *end) {
        fprintf(stderr, "binsift check: %s expects 'YYYY-MM-DD HH:MM:SS', got '%s'\n", opt, text);
        return -1;
    }
    tm.tm_isdst = -1;
    *out = (int64_t)mktime(&tm);
    return 0;
}

static int parse_seconds(const char *text, uint32_t *out)
{
    uint64_t v;
    if (bs_cli_parse_u64("--initial-safe-mode", text, &v)) return -1;
    if (v > UINT32_MAX) {
        fprintf(stderr, "binsift check: --initial-safe-mode is in seconds, got %s\n", text);
        return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

static int parse_colour(const char *text, int *out)
{
    if (strcmp(text, "auto") == 0)
        *out = -1;
    else if (strcmp(text, "always") == 0)
        *out = 1;
    else if (strcmp(text, "never") == 0)
        *out = 0;
    else {
        fprintf(stderr, "binsift check: --color expects auto, always or never\n");
        return -1;
    }
    return 0;
}

static int parse_option(int c, const char *arg, check_args *a)
{
    bs_check_options *o = &a->opt;
    switch (c) {
    case 'c': a->task_path = arg; return 0;
    case 's':
        if (a->n_source_files == MAX_SOURCES) return -1;
        a->source_files[a->n_source_files++] = arg;
        return 0;
    case OPT_BINLOG: return add_binlog(a, arg);
    case OPT_SCHEMA: return add_schema(a, arg);
    case OPT_DOWNSTREAM: a->downstream_path = arg; return 0;
    case OPT_START_POS: return bs_cli_parse_u64("--start-position", arg, &o->start_position);
    case OPT_STOP_POS: return bs_cli_parse_u64("--stop-position", arg, &o->stop_position);
    case OPT_START_DT:
        o->has_start_datetime = 1;
        return parse_datetime("--start-datetime", arg, &o->start_datetime);
    case OPT_STOP_DT:
        o->has_stop_datetime = 1;
        return parse_datetime("--stop-datetime", arg, &o->stop_datetime);
    case OPT_EVENTS: a->events_path = arg; return 0;
    case OPT_SQL: a->sql_path = arg; return 0;
    case OPT_REPORT: a->report_path = arg; return 0;
    case OPT_HTML: a->html_path = arg; return 0;
    case OPT_NO_VERIFY: o->verify_checksums = 0; return 0;
    case OPT_COLOR: return parse_colour(arg, &a->colour);
    case OPT_SAFE_MODE: return parse_seconds(arg, &o->initial_safe_mode_sec);
    case OPT_MAX_KEYS: return bs_cli_parse_u64("--max-keys", arg, &o->max_keys);
    case 'h': usage(stdout); return 1;
    default: usage(stderr); return -1;
    }
}

/* 0 to run, 1 after --help, -1 on bad usage. */
static int parse_args(int argc, char **argv, check_args *a)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},
        {"source", required_argument, NULL, 's'},
        {"binlog", required_argument, NULL, OPT_BINLOG},
        {"schema", required_argument, NULL, OPT_SCHEMA},
        {"downstream-schema", required_argument, NULL, OPT_DOWNSTREAM},
        {"start-position", required_argument, NULL, OPT_START_POS},
        {"stop-position", required_argument, NULL, OPT_STOP_POS},
        {"start-datetime", required_argument, NULL, OPT_START_DT},
        {"stop-datetime", required_argument, NULL, OPT_STOP_DT},
        {"events", required_argument, NULL, OPT_EVENTS},
        {"sql", required_argument, NULL, OPT_SQL},
        {"report", required_argument, NULL, OPT_REPORT},
        {"html", required_argument, NULL, OPT_HTML},
        {"no-verify-checksum", no_argument, NULL, OPT_NO_VERIFY},
        {"color", required_argument, NULL, OPT_COLOR},
        {"initial-safe-mode", required_argument, NULL, OPT_SAFE_MODE},
        {"max-keys", required_argument, NULL, OPT_MAX_KEYS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bs_check_options_init(&a->opt);
    a->colour = -1;
    int c, rc;
    while ((c = getopt_long(argc, argv, "c:s:h", longopts, NULL)) != -1)
        if ((rc = parse_option(c, optarg, a)) != 0) return rc;
    const char *problem = !a->task_path    ? "-c TASK.yaml is required"
                          : optind != argc ? "unexpected argument (binlogs go in --binlog ID=PATH)"
                          : !a->n_src      ? "give at least one --binlog SOURCE_ID=PATH"
                                           : NULL;
    for (size_t i = 0; !problem && i < a->n_src; i++)
        if (!a->src[i].npaths) problem = "a --schema ID=FILE names a source without --binlog";
    if (problem) {
        fprintf(stderr, "binsift check: %s\n\n", problem);
        usage(stderr);
        return -1;
    }
    return 0;
}

/* ---- inputs ---- */

static void print_load_errors(const bs_diag_list *diags, const bs_error *err)
{
    size_t shown = 0;
    for (size_t i = 0; i < diags->n; i++) {
        const bs_diag *d = &diags->items[i];
        if (d->severity != BS_DIAG_ERROR) continue;
        fprintf(stderr, "binsift: %s:%d: error: %s\n", d->file ? d->file : "", d->line, d->message);
        shown++;
    }
    if (!shown) bs_cli_print_error(err);
}

static int load_task(const char *path, bs_task **task)
{
    bs_diag_list diags = {0};
    bs_error err;
    bs_error_clear(&err);
    int rc = bs_task_load(path, task, &diags, &err);
    if (rc) print_load_errors(&diags, &err);
    bs_diag_list_free(&diags);
    return rc;
}

static int load_sources(const check_args *a, bs_source **out)
{
    for (size_t i = 0; i < a->n_source_files; i++) {
        bs_diag_list diags = {0};
        bs_error err;
        bs_error_clear(&err);
        int rc = bs_source_load(a->source_files[i], &out[i], &diags, &err);
        if (rc) print_load_errors(&diags, &err);
        bs_diag_list_free(&diags);
        if (rc) return rc;
    }
    return 0;
}

static const bs_source *source_file_of(const check_args *a, bs_source *const *sources,
                                       const char *id)
{
    for (size_t i = 0; i < a->n_source_files; i++)
        if (strcmp(bs_source_get(sources[i])->source_id, id) == 0) return sources[i];
    return NULL;
}

static int read_sql(const char *path, char **data, size_t *len)
{
    bs_error err;
    bs_error_clear(&err);
    int rc = bs_file_read_all(path, SCHEMA_LIMIT, "schema file", data, len, &err);
    if (rc) bs_cli_print_error(&err);
    return rc;
}

/* ---- per-verdict outputs ---- */

/* The statement of a migrated verdict is rendered once, for both outputs. */
static int write_verdict(void *ctx, const bs_check_verdict *v)
{
    source_arg *s = ctx;
    bs_buf_clear(&s->sql_text);
    int rc = bs_report_check_sql(v, &s->sql_text, &s->err);
    const char *sql = s->sql_text.len ? s->sql_text.data : NULL;
    if (!rc && s->events) {
        bs_buf_clear(&s->line);
        rc = bs_report_check_verdict_json(v, sql, &s->line);
        if (!rc && fwrite(s->line.data, 1, s->line.len, s->events) != s->line.len) rc = BS_EIO;
    }
    if (!rc && s->sql && sql &&
        (fwrite(sql, 1, s->sql_text.len, s->sql) != s->sql_text.len || fputs(";\n", s->sql) < 0))
        rc = BS_EIO;
    return rc;
}

static int open_outputs(const check_args *a, source_arg *s)
{
    if (a->events_path && !(s->events = tmpfile())) return -1;
    if (a->sql_path && !(s->sql = tmpfile())) return -1;
    return 0;
}

/* Concatenate each source's temporary file into path, in source order. */
static int concat(check_args *a, const char *path, int events)
{
    FILE *out = fopen(path, "w");
    if (!out) {
        fprintf(stderr, "binsift check: cannot write %s\n", path);
        return -1;
    }
    char buf[1 << 16];
    for (size_t i = 0; i < a->n_src; i++) {
        FILE *in = events ? a->src[i].events : a->src[i].sql;
        if (!in) continue;
        rewind(in);
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, in)) > 0)
            fwrite(buf, 1, n, out);
    }
    return fclose(out) ? -1 : 0;
}

static int write_file(const char *path, const bs_buf *b)
{
    FILE *f = fopen(path, "w");
    int ok = f && fwrite(b->data, 1, b->len, f) == b->len;
    if (f && fclose(f)) ok = 0;
    if (!ok) fprintf(stderr, "binsift check: cannot write %s\n", path);
    return ok ? 0 : -1;
}

typedef int (*render_fn)(const bs_check_summary *s, bs_buf *out, bs_error *err);

static int render_to(const char *path, render_fn render, const bs_check_summary *sum)
{
    if (!path) return 0;
    bs_buf b = {0};
    bs_error err;
    bs_error_clear(&err);
    int rc = render(sum, &b, &err);
    if (rc)
        bs_cli_print_error(&err);
    else
        rc = write_file(path, &b);
    bs_buf_free(&b);
    return rc;
}

/* ---- progress ---- */

typedef struct progress {
    const bs_check *check;
    pthread_mutex_t lock;
    pthread_cond_t done_cond;
    int done;
} progress;

static void print_progress(const bs_check *c, double elapsed)
{
    uint64_t done, total, events;
    bs_check_progress(c, &done, &total, &events);
    double rate = elapsed > 0 ? (double)events / elapsed : 0;
    double pct = total ? 100.0 * (double)done / (double)total : 0;
    double eta = done && total > done ? elapsed * (double)(total - done) / (double)done : 0;
    fprintf(stderr, "\r%6.1f%%  %llu / %llu MB  %.0f events/s  ETA %.0fs   ", pct > 100 ? 100 : pct,
            (unsigned long long)(done >> 20), (unsigned long long)(total >> 20), rate, eta);
}

static void *progress_thread(void *arg)
{
    progress *p = arg;
    struct timespec t0, now, until;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pthread_mutex_lock(&p->lock);
    while (!p->done) {
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 500000000;
        if (until.tv_nsec >= 1000000000) until.tv_sec++, until.tv_nsec -= 1000000000;
        pthread_cond_timedwait(&p->done_cond, &p->lock, &until);
        clock_gettime(CLOCK_MONOTONIC, &now);
        double elapsed = (double)(now.tv_sec - t0.tv_sec) + (now.tv_nsec - t0.tv_nsec) / 1e9;
        if (!p->done && elapsed >= 1) print_progress(p->check, elapsed);
    }
    pthread_mutex_unlock(&p->lock);
    fputs("\r\033[K", stderr);
    return NULL;
}

/* Run the check, with a progress line when stderr is a terminal. */
static int run_with_progress(bs_check *c, bs_error *err)
{
    if (!isatty(STDERR_FILENO)) return bs_check_run(c, err);
    progress p = {.check = c};
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.done_cond, NULL);
    pthread_t th;
    int have = pthread_create(&th, NULL, progress_thread, &p) == 0;
    int rc = bs_check_run(c, err);
    pthread_mutex_lock(&p.lock);
    p.done = 1;
    pthread_cond_signal(&p.done_cond);
    pthread_mutex_unlock(&p.lock);
    if (have) pthread_join(th, NULL);
    pthread_cond_destroy(&p.done_cond);
    pthread_mutex_destroy(&p.lock);
    return rc;
}

/* ---- the command ---- */

static int add_sources(check_args *a, bs_check *c, bs_source *const *sources, char *schema_all,
                       size_t schema_all_len)
{
    for (size_t i = 0; i < a->n_src; i++) {
        source_arg *s = &a->src[i];
        if (s->schema_path && read_sql(s->schema_path, &s->schema_sql, &s->schema_len)) return -1;
        if (open_outputs(a, s)) {
            fprintf(stderr, "binsift check: cannot create a temporary file\n");
            return -1;
        }
        bs_check_source_spec spec = {
            .source_id = s->id,
            .paths = s->paths,
            .npaths = s->npaths,
            .source = source_file_of(a, sources, s->id),
            .schema_sql = s->schema_sql ? s->schema_sql : schema_all,
            .schema_sql_len = s->schema_sql ? s->schema_len : schema_all_len,
            .schema_sql_name = s->schema_path ? s->schema_path : a->schema_all,
            .on_verdict = (s->events || s->sql) ? write_verdict : NULL,
            .on_verdict_ctx = s};
        bs_error err;
        bs_error_clear(&err);
        if (bs_check_add_source(c, &spec, &err)) {
            bs_cli_print_error(&err);
            return -1;
        }
    }
    return 0;
}

static int write_outputs(check_args *a, const bs_check_summary *sum)
{
    int rc = 0;
    if (a->events_path) rc |= concat(a, a->events_path, 1);
    if (a->sql_path) rc |= concat(a, a->sql_path, 0);
    rc |= render_to(a->report_path, bs_report_check_json, sum);
    rc |= render_to(a->html_path, bs_report_check_html, sum);
    bs_buf text = {0};
    bs_error err;
    int colour = a->colour < 0 ? isatty(STDOUT_FILENO) : a->colour;
    if (bs_report_check_text(sum, colour, &text, &err))
        rc = -1;
    else
        fwrite(text.data, 1, text.len, stdout);
    bs_buf_free(&text);
    return rc;
}

static int run(check_args *a, bs_task *task, bs_source *const *sources)
{
    char *schema_all = NULL, *downstream = NULL;
    size_t schema_all_len = 0;
    if (a->schema_all && read_sql(a->schema_all, &schema_all, &schema_all_len)) return -1;
    if (a->downstream_path &&
        read_sql(a->downstream_path, &downstream, &a->opt.downstream_sql_len)) {
        free(schema_all);
        return -1;
    }
    a->opt.downstream_sql = downstream;
    a->opt.downstream_sql_name = a->downstream_path;
    bs_check *c = NULL;
    bs_error err;
    bs_error_clear(&err);
    int rc = bs_check_new(task, &a->opt, &c, &err);
    if (rc) bs_cli_print_error(&err);
    if (!rc) rc = add_sources(a, c, sources, schema_all, schema_all_len);
    int run_rc = rc ? rc : run_with_progress(c, &err);
    int status = BS_EXIT_BAD_INPUT;
    if (!rc) {
        if (run_rc) bs_cli_print_error(&err);
        const bs_check_summary *sum = bs_check_get_summary(c);
        int out_rc = write_outputs(a, sum);
        status = run_rc || out_rc ? BS_EXIT_BAD_INPUT
                 : sum->conflicts ? BS_EXIT_FINDINGS
                                  : BS_EXIT_OK;
    }
    bs_check_free(c);
    free(schema_all);
    free(downstream);
    return status;
}

static void free_args(check_args *a)
{
    for (size_t i = 0; i < a->n_src; i++) {
        source_arg *s = &a->src[i];
        free((char *)s->id);
        free(s->paths);
        free(s->schema_sql);
        bs_buf_free(&s->line);
        bs_buf_free(&s->sql_text);
        if (s->events) fclose(s->events);
        if (s->sql) fclose(s->sql);
    }
}

int bs_cli_check(int argc, char **argv)
{
    check_args a = {0};
    int rc = parse_args(argc, argv, &a);
    bs_task *task = NULL;
    bs_source *sources[MAX_SOURCES] = {0};
    int status = rc > 0 ? BS_EXIT_OK : BS_EXIT_BAD_INPUT;
    if (rc == 0 && load_task(a.task_path, &task) == 0 && load_sources(&a, sources) == 0)
        status = run(&a, task, sources);
    for (size_t i = 0; i < a.n_source_files; i++)
        bs_source_free(sources[i]);
    bs_task_free(task);
    free_args(&a);
    return status;
}
