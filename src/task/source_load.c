/*
 * source_load.c - DM source files (dm/config/source_config.go): strict
 * YAML into SourceConfig, then SourceConfig.Verify() in DM's order, then
 * the flavor check DM makes when the source is added (Adjust).
 *
 * Source-level filter rules are not checked by Verify (NewBinlogEvent only
 * logs a rule it cannot add); DM meets them when a subtask starts on the
 * source (dm/worker/source_worker.go copyConfigFromSource), where any rule
 * it cannot add, other than a duplicate pattern pair, fails the subtask.
 * binsift reports that here, as an error with no DM code (DM surfaces the
 * underlying error, which has none). Duplicates are skipped by DM: flagged
 * `discarded` with a warning.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "task/task_internal.h"

struct bs_source {
    bs_arena arena;
    bs_source_config cfg;
};

typedef struct sload {
    task_ctx c;
    bs_source *s;
    const dv *top;
    int top_line;
} sload;

static const dv *field(const sload *L, int f)
{
    return dv_field(L->top, (size_t)f);
}

static int key_or_value_line(const dv *v, int fallback)
{
    return v->key_line ? v->key_line : v->line ? v->line : fallback;
}

static const char *copy(sload *L, const char *s)
{
    const char *p = task_strdup(&L->s->arena, s);
    if (!p) L->c.oom = true;
    return p ? p : "";
}

static int build_filters(sload *L)
{
    const dv *list = field(L, SC_FILTERS);
    bs_source_config *cfg = &L->s->cfg;
    size_t n = dv_count(list);
    if (!n) return 0;
    bs_task_filter *filters = bs_arena_alloc(&L->s->arena, n * sizeof *filters);
    if (!filters) return BS_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "source:%zu", i);
        const dv_item *it = &list->v.list.items[i];
        if (filter_from_dv(&L->s->arena, &it->val, name, it->key_line, cfg->case_sensitive,
                           &filters[i]))
            return BS_ENOMEM;
    }
    cfg->filters = filters;
    cfg->n_filters = n;
    return 0;
}

static int build(sload *L)
{
    bs_source_config *cfg = &L->s->cfg;
    const dv *from = field(L, SC_FROM), *sec = dv_field(from, DB_SECURITY);
    cfg->source_id = copy(L, dv_str(field(L, SC_SOURCE_ID), ""));
    cfg->enable_gtid = dv_bool(field(L, SC_ENABLE_GTID), false);
    cfg->enable_relay = dv_bool(field(L, SC_ENABLE_RELAY), false);
    cfg->flavor = copy(L, dv_str(field(L, SC_FLAVOR), ""));
    cfg->server_id = (uint32_t)dv_uint(field(L, SC_SERVER_ID), 0);
    cfg->case_sensitive = dv_bool(field(L, SC_CASE_SENSITIVE), false);
    cfg->from.host = copy(L, dv_str(dv_field(from, DB_HOST), ""));
    cfg->from.port = (int)dv_int(dv_field(from, DB_PORT), 0);
    cfg->from.user = copy(L, dv_str(dv_field(from, DB_USER), ""));
    cfg->from.password = copy(L, dv_str(dv_field(from, DB_PASSWORD), ""));
    cfg->from.ssl_ca = copy(L, dv_str(dv_field(sec, SEC_SSL_CA), ""));
    cfg->from.ssl_cert = copy(L, dv_str(dv_field(sec, SEC_SSL_CERT), ""));
    cfg->from.ssl_key = copy(L, dv_str(dv_field(sec, SEC_SSL_KEY), ""));
    return build_filters(L) || L->c.oom ? BS_ENOMEM : 0;
}

/* Verify(): source-id, relay start point. */
static void check_identity(sload *L)
{
    const bs_source_config *cfg = &L->s->cfg;
    const dv *f = field(L, SC_SOURCE_ID);
    char why[300];
    if (!*cfg->source_id)
        tc_error(&L->c, RANK_CHECK, 40005, "source-id", key_or_value_line(f, L->top_line),
                 "dm-worker should bind a non-empty source ID which represents a MySQL/MariaDB "
                 "instance or a replica group");
    else if (strlen(cfg->source_id) > 32)
        tc_error(&L->c, RANK_CHECK, 40006, "source-id", key_or_value_line(f, L->top_line),
                 "the length of source ID %s is more than max allowed value %d", cfg->source_id,
                 32);
    const char *name = dv_str(f = field(L, SC_RELAY_BINLOG_NAME), "");
    if (*name && !go_verify_binlog_filename(name))
        tc_error(&L->c, RANK_CHECK, 40007, "relay", key_or_value_line(f, L->top_line),
                 "relay-binlog-name %s not valid", name);
    const char *gtid = dv_str(f = field(L, SC_RELAY_BINLOG_GTID), "");
    int rc = *gtid ? go_parse_gtid_set(cfg->flavor, gtid, why, sizeof why) : 0;
    if (rc)
        tc_error(&L->c, RANK_CHECK, rc == -2 ? 11010 : 0, "relay",
                 key_or_value_line(f, L->top_line), "relay-binlog-gtid %s: %s", gtid, why);
}

/* Rules a subtask could not add (an error), and duplicate pattern pairs
 * among the source's own rules (skipped by DM). */
static void check_filters(sload *L)
{
    const bs_source_config *cfg = &L->s->cfg;
    bs_task_filter *filters = (bs_task_filter *)cfg->filters;
    filter_dup_set *set;
    if (filter_dup_new(&set)) {
        L->c.oom = true;
        return;
    }
    const dv *list = field(L, SC_FILTERS);
    for (size_t i = 0; i < cfg->n_filters; i++) {
        bs_task_filter *f = &filters[i];
        if (list->v.list.items[i].val.state != DV_SET) continue; /* DM skips a nil rule */
        if (f->discarded) {
            tc_error(&L->c, RANK_CHECK, 0, "source-filter", f->line,
                     "filter rule %s: %s; every subtask on this source would fail to start",
                     f->name, f->discard_reason);
            continue;
        }
        int rc = filter_dup_insert(set, f, cfg->case_sensitive);
        if (rc < 0) {
            L->c.oom = true;
            break;
        }
        if (rc == 1) {
            f->discarded = 1;
            f->discard_reason =
                copy(L, "an earlier source rule has the same schema/table patterns");
            tc_warn(&L->c, 0, "filter-rule-dropped", f->line, "filter rule %s is skipped by DM: %s",
                    f->name, f->discard_reason);
        }
    }
    filter_dup_free(set);
}

/* backoff-max against backoff-min, which DM's adjust() fixes at 1s. */
static void check_backoff(sload *L)
{
    const dv *checker = field(L, SC_CHECKER), *f = dv_field(checker, CK_BACKOFF_MAX);
    const char *max = dv_str(f, "5m0s");
    int64_t ns = 0;
    char why[200];
    if (*max) go_parse_duration(max, &ns, why, sizeof why);
    if (ns < 1000000000)
        tc_error(&L->c, RANK_CHECK, 20043, "checker",
                 key_or_value_line(f, key_or_value_line(checker, L->top_line)),
                 "`backoff-max` value %s is less than `backoff-min` value 1s", *max ? max : "0s");
}

/* Adjust() when the source is added: a flavor DM must use as given. */
static void check_flavor(sload *L)
{
    const bs_source_config *cfg = &L->s->cfg;
    if (*cfg->flavor && strcmp(cfg->flavor, "mysql") && strcmp(cfg->flavor, "mariadb") &&
        cfg->server_id == 0)
        tc_error(&L->c, RANK_CHECK, 11010, "flavor",
                 key_or_value_line(field(L, SC_FLAVOR), L->top_line), "flavor %s not supported",
                 cfg->flavor);
}

void bs_source_free(bs_source *s)
{
    if (!s) return;
    bs_arena_free(&s->arena);
    free(s);
}

int bs_source_load_buffer(const char *name, const char *data, size_t len, bs_source **out,
                          bs_diag_list *diags, bs_error *err)
{
    *out = NULL;
    bs_error_clear(err);
    if (len > TASK_MAX_FILE_BYTES)
        return bs_error_set(err, BS_ELIMIT, name, BS_NO_OFFSET,
                            "larger than %zu bytes (binsift's limit for a DM config file)",
                            TASK_MAX_FILE_BYTES);
    sload L = {.c = {.file = name, .diags = diags, .err = err}};
    bs_arena scratch = {0};
    ynode *root = NULL;
    dv top;
    if (!(L.s = calloc(1, sizeof *L.s)))
        return bs_error_set(err, BS_ENOMEM, name, BS_NO_OFFSET, "out of memory");
    L.s->cfg.file = copy(&L, name);
    if (ytree_parse(&L.c, &scratch, data, len, &root) == 0 &&
        ydecode(&L.c, &scratch, root, &dm_source_type, &top) == 0) {
        L.top = &top;
        L.top_line = root ? root->line : 1;
        if (build(&L) == 0) {
            check_identity(&L);
            check_backoff(&L);
            check_flavor(&L);
            check_filters(&L);
        } else {
            L.c.oom = true;
        }
    }
    bs_arena_free(&scratch);
    int rc = tc_result(&L.c);
    if (rc) {
        bs_source_free(L.s);
        return rc;
    }
    *out = L.s;
    return 0;
}

int bs_source_load(const char *path, bs_source **out, bs_diag_list *diags, bs_error *err)
{
    char *data;
    size_t len;
    *out = NULL;
    int rc = task_read_file(path, &data, &len, err);
    if (rc) return rc;
    rc = bs_source_load_buffer(path, data, len, out, diags, err);
    free(data);
    return rc;
}

const bs_source_config *bs_source_get(const bs_source *s)
{
    return &s->cfg;
}
