/*
 * rules.c - compiling one instance's rules, and the small steps: system
 * schemas, online-DDL shadow/trash tables, built-in skipped statements,
 * traces.
 *
 * Compilation mirrors what DM does when a subtask starts: the instance's BA
 * list, its route rules in order, its filter rules in order followed by the
 * source file's filters, each case-folded unless the task or the source is
 * case-sensitive. Filter rules DM drops while loading (invalid, or a
 * duplicate pattern pair) are reported as diagnostics and left out, exactly
 * as DM leaves them out.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "binsift/buf.h"
#include "rules/rules_compiled.h"

/* DM's list (dm/pkg/utils/util.go builtInSkipDDLs), compiled as DM does:
 * one case-insensitive alternation, each alternative anchored. */
static const char builtin_skip_re[] =
    "^SAVEPOINT|^FLUSH|^OPTIMIZE\\s+TABLE|^ANALYZE\\s+TABLE|^REPAIR\\s+TABLE|"
    "^DROP\\s+(\\/\\*\\!40005\\s+)?TEMPORARY\\s+(\\*\\/\\s+)?TABLE|"
    "^CREATE\\s+(DEFINER\\s?=.+?)?TRIGGER|^DROP\\s+TRIGGER|"
    "^DROP\\s+PROCEDURE|^CREATE\\s+(DEFINER\\s?=.+?)?PROCEDURE|^ALTER\\s+PROCEDURE|"
    "^CREATE\\s*(OR REPLACE)?\\s+(ALGORITHM\\s?=.+?)?(DEFINER\\s?=.+?)?\\s+(SQL SECURITY "
    "DEFINER)?VIEW|^DROP\\s+VIEW|"
    "^ALTER\\s+(ALGORITHM\\s?=.+?)?(DEFINER\\s?=.+?)?(SQL SECURITY DEFINER)?VIEW|"
    "^CREATE\\s+(AGGREGATE)?\\s*?FUNCTION|^CREATE\\s+(DEFINER\\s?=.+?)?FUNCTION|"
    "^ALTER\\s+FUNCTION|^DROP\\s+FUNCTION|"
    "^CREATE\\s+TABLESPACE|^ALTER\\s+TABLESPACE|^DROP\\s+TABLESPACE|"
    "^CREATE\\s+(DEFINER\\s?=.+?)?EVENT|^ALTER\\s+(DEFINER\\s?=.+?)?EVENT|^DROP\\s+EVENT|"
    "^GRANT|^REVOKE|^CREATE\\s+USER|^ALTER\\s+USER|^RENAME\\s+USER|^DROP\\s+USER|"
    "^SET\\s+PASSWORD";

const char *const bs_rules_system_schemas[BS_RULES_N_SYSTEM_SCHEMAS] = {"mysql",
                                                                        "sys",
                                                                        "information_schema",
                                                                        "performance_schema",
                                                                        "metrics_schema",
                                                                        "inspection_schema",
                                                                        "dm_heartbeat"};

int bs_rules_is_system_schema(const char *schema, size_t len)
{
    for (size_t i = 0; i < BS_RULES_N_SYSTEM_SCHEMAS; i++)
        if (strlen(bs_rules_system_schemas[i]) == len &&
            strncasecmp(bs_rules_system_schemas[i], schema, len) == 0)
            return 1;
    return 0;
}

void bs_rules_trace_add(bs_rules_trace *t, int step, const char *rule, const char *fmt, ...)
{
    if (!t) return;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        bs_rules_trace_entry *p = realloc(t->items, cap * sizeof *p);
        if (!p) return; /* a trace is best effort: never fail a decision over it */
        t->items = p;
        t->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *detail = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!detail) return;
    va_start(ap, fmt);
    vsnprintf(detail, (size_t)n + 1, fmt, ap);
    va_end(ap);
    t->items[t->n++] = (bs_rules_trace_entry){step, t->event, rule, detail};
}

const char *bs_rules_step_name(int step)
{
    switch (step) {
    case BS_STEP_SYSTEM_SCHEMA: return "system schema";
    case BS_STEP_ONLINE_DDL: return "online DDL";
    case BS_STEP_BUILTIN_SKIP: return "built-in skip";
    case BS_STEP_BA_LIST: return "block-allow list";
    case BS_STEP_ROUTE: return "route";
    case BS_STEP_FILTER: return "binlog filter";
    case BS_STEP_EXPRESSION: return "expression filter";
    case BS_STEP_TRANSACTION: return "transaction";
    case BS_STEP_PARSE: return "parse";
    case BS_STEP_SPLIT: return "split";
    case BS_STEP_DDL_EVENT: return "event type";
    case BS_STEP_SHARD: return "shard mode";
    case BS_STEP_GLOBAL_FILTER: return "global filter";
    default: return "";
    }
}

void bs_rules_trace_free(bs_rules_trace *t)
{
    for (size_t i = 0; t && i < t->n; i++)
        free(t->items[i].detail);
    if (t) {
        free(t->items);
        memset(t, 0, sizeof *t);
    }
}

int bs_rules_case_sensitive(const bs_rules *r)
{
    return r->case_sensitive;
}

/* ---- routes ---- */

static int compile_route(const bs_task_route *cfg, bool fold, bs_route_rule *out, bs_error *err)
{
    out->cfg = cfg;
    out->table_rule = cfg->table_pattern[0] != 0;
    bs_task_ba_table entry = {cfg->schema_pattern, cfg->table_pattern, cfg->line};
    bs_task_ba_rule ba = {.name = cfg->name,
                          .do_dbs = &cfg->schema_pattern,
                          .n_do_dbs = 1,
                          .do_tables = out->table_rule ? &entry : NULL,
                          .n_do_tables = out->table_rule};
    int rc = bs_ba_compile(&ba, fold, &out->match, err);
    const bs_task_extract *ex[3] = {&cfg->extract_table, &cfg->extract_schema,
                                    &cfg->extract_source};
    bs_regex **dst[3] = {&out->extract_table, &out->extract_schema, &out->extract_source};
    for (int i = 0; !rc && i < 3; i++)
        if (ex[i]->regexp) rc = bs_regex_compile(ex[i]->regexp, false, dst[i], err);
    if (rc && err) {
        err->dm_code = 20045;
        err->line = cfg->line;
        size_t n = strlen(err->message);
        snprintf(err->message + n, sizeof err->message - n, " (route rule %s)", cfg->name);
    }
    return rc;
}

/* ---- filters ---- */

static int action_of(const char *a)
{
    return strcmp(a, "Do") == 0       ? BS_FILTER_DO
           : strcmp(a, "Ignore") == 0 ? BS_FILTER_IGNORE
           : strcmp(a, "Error") == 0  ? BS_FILTER_ERROR
                                      : -1;
}

/* Why DM's AddRule rejects a rule, or NULL; fills events and sql. */
static const char *compile_filter(const bs_task_filter *cfg, bs_filter_rule *out, bs_error *err)
{
    out->cfg = cfg;
    if ((out->action = action_of(cfg->action)) < 0) return "its action is not Do, Ignore or Error";
    out->events = cfg->n_events ? calloc(cfg->n_events, sizeof *out->events) : NULL;
    if (cfg->n_events && !out->events) return "out of memory";
    for (size_t i = 0; i < cfg->n_events; i++) {
        out->events[i] = bs_rules_event_from_name(cfg->events[i], strlen(cfg->events[i]));
        if (out->events[i] < 0) return "it names an unknown event type";
    }
    out->n_events = cfg->n_events;
    if (cfg->n_sql_patterns) {
        bs_buf joined = {0};
        for (size_t i = 0; i < cfg->n_sql_patterns; i++)
            if ((i && bs_buf_putc(&joined, '|')) || bs_buf_puts(&joined, cfg->sql_patterns[i]))
                return bs_buf_free(&joined), "out of memory";
        int rc = bs_regex_compile(joined.data ? joined.data : "", true, &out->sql, err);
        bs_buf_free(&joined);
        if (rc) return "its sql-pattern does not compile";
    }
    return NULL;
}

static void filter_free(bs_filter_rule *f)
{
    free(f->events);
    bs_regex_free(f->sql);
    memset(f, 0, sizeof *f);
}

/* Add one filter rule the way DM's AddRule does; source rules that DM would
 * reject fail the compile (dm-rules.md §1.4), task rules are dropped. */
static int add_filter(bs_rules *r, const bs_task_filter *cfg, bool from_source, bs_diag_list *diags,
                      bs_error *err)
{
    if (cfg->discarded) return 0; /* the loader reported it */
    bs_filter_rule *f = &r->filters[r->n_filters];
    bs_error why_err;
    bs_error_clear(&why_err);
    const char *why = compile_filter(cfg, f, &why_err);
    char schema[260], table[260];
    bool fold = !r->case_sensitive;
    const char *s = fold ? bs_rules_lower(schema, sizeof schema, cfg->schema_pattern,
                                          strlen(cfg->schema_pattern))
                         : cfg->schema_pattern;
    const char *t =
        fold ? bs_rules_lower(table, sizeof table, cfg->table_pattern, strlen(cfg->table_pattern))
             : cfg->table_pattern;
    int rc = why ? BS_EINVAL : bs_trie_insert(r->filter_trie, s, t, f, &why_err);
    if (rc == 0) {
        r->n_filters++;
        return 0;
    }
    filter_free(f);
    if (from_source && rc == BS_EEXIST) { /* a task rule with the same patterns wins */
        bs_diag_add(diags, BS_DIAG_INFO, 0, "source-filter-shadowed", cfg->name, cfg->line,
                    "source filter rule %s has the same patterns as a task rule; the task rule "
                    "wins",
                    cfg->name);
        return 0;
    }
    if (rc == BS_ENOMEM) return bs_error_set(err, rc, NULL, BS_NO_OFFSET, "out of memory");
    if (from_source)
        return bs_error_set(err, BS_ECONFIG, NULL, BS_NO_OFFSET,
                            "source filter rule %s: %s: the subtask would fail to start", cfg->name,
                            why ? why : why_err.message);
    bs_diag_add(diags, BS_DIAG_WARNING, 0, "filter-rule-dropped", NULL, cfg->line,
                "filter rule %s is dropped by DM at load (%s): it filters nothing", cfg->name,
                why ? why : why_err.message);
    return 0;
}

/* ---- online DDL ---- */

static int compile_list(const char *const *src, size_t n, bs_regex ***out, bs_error *err)
{
    *out = n ? calloc(n, sizeof **out) : NULL;
    if (n && !*out) return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    for (size_t i = 0; i < n; i++) {
        int rc = bs_regex_compile(src[i], false, &(*out)[i], err);
        if (rc) return rc;
    }
    return 0;
}

static int match_list(bs_regex *const *res, size_t n, const char *table, char *real, size_t cap)
{
    for (size_t i = 0; i < n; i++) {
        if (!bs_regex_search(res[i], table, strlen(table))) continue;
        if (real && cap) bs_regex_captures(res[i], table, strlen(table), real, cap);
        return 1;
    }
    return 0;
}

int bs_rules_online_ddl_table(const bs_rules *r, const char *table, char *real, size_t cap)
{
    if (!r->online_ddl) return 0;
    if (match_list(r->shadow, r->n_shadow, table, real, cap)) return 1;
    if (match_list(r->trash, r->n_trash, table, real, cap)) return 2;
    return 0;
}

int bs_rules_builtin_skip(const bs_rules *r, const char *sql, size_t len)
{
    while (len && (*sql == ' ' || *sql == '\t' || *sql == '\n' || *sql == '\r'))
        sql++, len--;
    return bs_regex_search(r->builtin_skip, sql, len);
}

/* ---- compile / free ---- */

static const bs_task_instance *find_instance(const bs_task_config *tc, const char *source_id)
{
    for (size_t i = 0; i < tc->n_instances; i++)
        if (strcmp(tc->instances[i].source_id, source_id) == 0) return &tc->instances[i];
    return NULL;
}

static int compile_all(bs_rules *r, const bs_source_config *sc, bs_diag_list *diags, bs_error *err)
{
    bool fold = !r->case_sensitive;
    int rc = bs_regex_compile(builtin_skip_re, true, &r->builtin_skip, err);
    if (!rc && r->inst->ba_list) {
        if (!(r->ba = calloc(1, sizeof *r->ba)))
            return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
        if ((rc = bs_ba_compile(r->inst->ba_list, fold, r->ba, err)) && err) err->dm_code = 20044;
    }
    r->routes = r->inst->n_routes ? calloc(r->inst->n_routes, sizeof *r->routes) : NULL;
    if (r->inst->n_routes && !r->routes) rc = rc ? rc : BS_ENOMEM;
    for (size_t i = 0; !rc && i < r->inst->n_routes; i++, r->n_routes++)
        rc = compile_route(r->inst->routes[i], fold, &r->routes[i], err);
    size_t nf = r->inst->n_filters + (sc ? sc->n_filters : 0);
    r->filters = nf ? calloc(nf, sizeof *r->filters) : NULL;
    if (!rc && ((nf && !r->filters) || bs_trie_new(&r->filter_trie))) rc = BS_ENOMEM;
    for (size_t i = 0; !rc && i < r->inst->n_filters; i++)
        rc = add_filter(r, r->inst->filters[i], false, diags, err);
    for (size_t i = 0; !rc && sc && i < sc->n_filters; i++)
        rc = add_filter(r, &sc->filters[i], true, diags, err);
    if (!rc && r->online_ddl) {
        rc = compile_list(r->task->shadow_table_rules, r->task->n_shadow_table_rules, &r->shadow,
                          err);
        r->n_shadow = r->task->n_shadow_table_rules;
        if (!rc)
            rc = compile_list(r->task->trash_table_rules, r->task->n_trash_table_rules, &r->trash,
                              err);
        r->n_trash = r->task->n_trash_table_rules;
    }
    if (rc == BS_ENOMEM && err && !err->code)
        bs_error_set(err, rc, NULL, BS_NO_OFFSET, "out of memory");
    return rc;
}

int bs_rules_compile_config(const bs_task_config *tc, const char *source_id,
                            const bs_source_config *sc, bs_rules **out, bs_diag_list *diags,
                            bs_error *err)
{
    const bs_task_instance *inst = find_instance(tc, source_id);
    if (!inst)
        return bs_error_set(err, BS_EINVAL, tc->file, BS_NO_OFFSET,
                            "the task has no mysql-instance with source-id %s", source_id);
    bs_rules *r = calloc(1, sizeof *r);
    if (!r) return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    r->task = tc;
    r->inst = inst;
    r->source_id = inst->source_id;
    r->case_sensitive = tc->case_sensitive || (sc && sc->case_sensitive);
    r->online_ddl = tc->online_ddl;
    bs_error_clear(err);
    int rc = compile_all(r, sc, diags, err);
    if (rc) {
        if (err && !err->file[0]) snprintf(err->file, sizeof err->file, "%s", tc->file);
        bs_rules_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

static void free_list(bs_regex **res, size_t n)
{
    for (size_t i = 0; res && i < n; i++)
        bs_regex_free(res[i]);
    free(res);
}

void bs_rules_free(bs_rules *r)
{
    if (!r) return;
    bs_ba_free(r->ba);
    free(r->ba);
    for (size_t i = 0; i < r->n_routes; i++) {
        bs_ba_free(&r->routes[i].match);
        bs_regex_free(r->routes[i].extract_table);
        bs_regex_free(r->routes[i].extract_schema);
        bs_regex_free(r->routes[i].extract_source);
    }
    free(r->routes);
    for (size_t i = 0; i < r->n_filters; i++)
        filter_free(&r->filters[i]);
    free(r->filters);
    bs_trie_free(r->filter_trie);
    free_list(r->shadow, r->n_shadow);
    free_list(r->trash, r->n_trash);
    bs_regex_free(r->builtin_skip);
    bs_decision_cache_free(r->decisions);
    free(r);
}
