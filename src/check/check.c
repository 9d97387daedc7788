/*
 * check.c - a check's life: sources in, one thread each, a summary out.
 *
 * Everything a source needs is built before its thread starts (its input
 * list, compiled rules, QUERY context, tracker seeded from --schema, start
 * position), so setup errors surface from bs_check_add_source() with the
 * file and line at fault. Threads share only read-only data (the task, the
 * downstream structures, the time zone). After they end, per-source results
 * and notes are assembled in the order sources were added.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"
#include "util/error_internal.h"

void bs_check_options_init(bs_check_options *opt)
{
    *opt = (bs_check_options){.verify_checksums = 1, .max_keys = BS_CHECK_DEFAULT_MAX_KEYS};
}

static int load_downstream(bs_check *c, bs_error *err)
{
    const bs_check_options *o = &c->opt;
    if (!o->downstream_sql) return 0;
    int rc = bs_schema_tracker_new(0, &c->downstream, err);
    if (!rc)
        rc =
            bs_schema_tracker_load_sql(c->downstream, o->downstream_sql_name, o->downstream_sql,
                                       o->downstream_sql_len, NULL, BS_SCHEMA_FROM_DOWNSTREAM, err);
    return rc;
}

int bs_check_new(const bs_task *task, const bs_check_options *opt, bs_check **out, bs_error *err)
{
    bs_check *c = calloc(1, sizeof *c);
    if (!c) return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    c->task = task;
    if (opt)
        c->opt = *opt;
    else
        bs_check_options_init(&c->opt);
    const bs_task_config *tc = bs_task_get(task);
    c->summary.task_name = strdup(tc->name ? tc->name : "");
    c->summary.task_file = strdup(tc->file ? tc->file : "");
    int rc = !c->summary.task_name || !c->summary.task_file
                 ? bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory")
                 : 0;
    if (!rc && tc->timezone && *tc->timezone) rc = bs_rules_expr_tz_load(tc->timezone, &c->tz, err);
    if (!rc) rc = load_downstream(c, err);
    if (rc) {
        bs_check_free(c);
        return rc;
    }
    *out = c;
    return 0;
}

static int seed_schema(bs_check_src *s, const bs_check_source_spec *spec, bs_error *err)
{
    if (!spec->schema_sql) return 0;
    return bs_schema_tracker_load_sql(s->tracker, spec->schema_sql_name, spec->schema_sql,
                                      spec->schema_sql_len, NULL, BS_SCHEMA_FROM_FILE, err);
}

static int build_source(bs_check *c, bs_check_src *s, const bs_check_source_spec *spec,
                        bs_error *err)
{
    int rc = bs_io_list_resolve(spec->paths, spec->npaths, &s->list, err);
    bs_diag_list ignored = {0}; /* rule warnings are lint's business */
    if (!rc)
        rc = bs_rules_compile(c->task, spec->source_id, spec->source, &s->rules, &ignored, err);
    bs_diag_list_free(&ignored);
    if (!rc) rc = bs_rules_query_new(s->rules, &s->query, err);
    if (!rc) rc = bs_schema_tracker_new(0, &s->tracker, err);
    if (!rc) rc = seed_schema(s, spec, err);
    if (!rc && bs_check_tally_new(s, &s->tally))
        rc = bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    if (!rc && c->opt.max_keys && bs_keyset_new(c->opt.max_keys, &s->keys))
        rc = bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    if (!rc) rc = bs_check_start_resolve(s, err);
    if (!rc) s->bytes_total = bs_io_list_total_bytes(s->list);
    return rc;
}

static void source_free(bs_check_src *s)
{
    if (!s) return;
    bs_check_slots_free(s);
    bs_keyset_free(s->keys);
    bs_check_targets_free(s);
    bs_buf_free(&s->key_bytes);
    bs_buf_free(&s->key_detail);
    bs_check_tally_free(s->tally);
    bs_schema_tracker_free(s->tracker);
    bs_rules_query_free(s->query);
    bs_rules_free(s->rules);
    bs_io_list_free(s->list);
    bs_check_gtid_set_free(s->start_gtids);
    bs_diag_list_free(&s->notes);
    bs_buf_free(&s->gtid);
    bs_buf_free(&s->db);
    free(s->values);
    free(s->old_values);
    free(s->source_id);
    free(s);
}

int bs_check_add_source(bs_check *c, const bs_check_source_spec *spec, bs_error *err)
{
    const bs_task_instance *inst = bs_task_instance_find(c->task, spec->source_id);
    if (!inst)
        return bs_error_set(err, BS_EINVAL, NULL, BS_NO_OFFSET,
                            "the task has no mysql-instance with source-id %s", spec->source_id);
    for (size_t i = 0; i < c->n_srcs; i++)
        if (strcmp(c->srcs[i]->source_id, spec->source_id) == 0)
            return bs_error_set(err, BS_EINVAL, NULL, BS_NO_OFFSET,
                                "source %s is given twice (give several paths in one --binlog "
                                "instead)",
                                spec->source_id);
    bs_check_src **srcs = realloc(c->srcs, (c->n_srcs + 1) * sizeof *srcs);
    bs_check_src *s = calloc(1, sizeof *s);
    char *id = strdup(spec->source_id);
    if (srcs) c->srcs = srcs;
    if (!srcs || !s || !id) {
        free(s), free(id);
        return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    }
    *s = (bs_check_src){.check = c,
                        .index = c->n_srcs,
                        .inst = inst,
                        .source = spec->source,
                        .source_id = id,
                        .on_verdict = spec->on_verdict,
                        .on_verdict_ctx = spec->on_verdict_ctx,
                        .safe_mode = inst->syncer.safe_mode};
    int rc = build_source(c, s, spec, err);
    if (rc) {
        source_free(s);
        return rc;
    }
    c->srcs[c->n_srcs++] = s;
    return 0;
}

static void *replay_thread(void *arg)
{
    bs_check_src *s = arg;
    bs_check_replay(s);
    return NULL;
}

/* Move a source's results (summary, notes) into the check's summary. */
static int collect(bs_check *c, bs_check_src *s)
{
    int rc = bs_check_tally_finish(s->tally, s->out);
    s->out->keys_live = s->keys ? bs_keyset_count(s->keys) : 0;
    s->out->key_memory = s->keys ? bs_keyset_memory(s->keys) : 0;
    s->out->keys_capped = s->keys_full;
    c->summary.conflicts += s->out->verdict[BS_VERDICT_CONFLICT].events;
    for (size_t i = 0; !rc && i < s->notes.n; i++) {
        const bs_diag *d = &s->notes.items[i];
        rc = bs_diag_add(&c->summary.notes, d->severity, d->dm_code, d->kind, d->file, d->line,
                         "%s", d->message);
    }
    return rc;
}

int bs_check_run(bs_check *c, bs_error *err)
{
    c->summary.sources = calloc(c->n_srcs ? c->n_srcs : 1, sizeof *c->summary.sources);
    if (!c->summary.sources)
        return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    c->summary.n_sources = c->n_srcs;
    pthread_t *threads = calloc(c->n_srcs ? c->n_srcs : 1, sizeof *threads);
    if (!threads) return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    size_t started = 0;
    for (size_t i = 0; i < c->n_srcs; i++) {
        bs_check_src *s = c->srcs[i];
        s->out = &c->summary.sources[i];
        s->out->source_id = strdup(s->source_id);
        s->out->start = strdup(s->start_words);
    }
    /* the first source runs on this thread */
    for (size_t i = 1; i < c->n_srcs; i++, started++)
        if (pthread_create(&threads[i], NULL, replay_thread, c->srcs[i])) break;
    if (c->n_srcs) bs_check_replay(c->srcs[0]);
    for (size_t i = 1; i <= started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    int rc = started + 1 < c->n_srcs
                 ? bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "cannot start a thread")
                 : 0;
    for (size_t i = 0; i < c->n_srcs; i++) {
        int crc = collect(c, c->srcs[i]);
        if (!rc && crc) rc = bs_error_set(err, crc, NULL, BS_NO_OFFSET, "out of memory");
        if (!rc && c->srcs[i]->rc) {
            *err = c->srcs[i]->err;
            rc = c->srcs[i]->rc;
        }
    }
    return rc;
}

const bs_check_summary *bs_check_get_summary(const bs_check *c)
{
    return &c->summary;
}

void bs_check_progress(const bs_check *c, uint64_t *bytes_done, uint64_t *bytes_total,
                       uint64_t *events)
{
    *bytes_done = *bytes_total = *events = 0;
    for (size_t i = 0; i < c->n_srcs; i++) {
        *bytes_done += atomic_load(&c->srcs[i]->bytes_done);
        *bytes_total += c->srcs[i]->bytes_total;
        *events += atomic_load(&c->srcs[i]->events_done);
    }
}

void bs_check_source_summary_free(bs_check_source_summary *s)
{
    free(s->source_id), free(s->start), free(s->stop), free(s->error);
    for (size_t i = 0; i < s->n_tables; i++) {
        bs_check_table_summary *t = &s->tables[i];
        free(t->schema), free(t->table), free(t->target_schema), free(t->target_table);
        free(t->route), free(t->lines);
    }
    free(s->tables);
    for (size_t i = 0; i < s->n_rules; i++)
        free(s->rules[i].name);
    free(s->rules);
    for (size_t i = 0; i < s->n_conflicts; i++) {
        bs_check_conflict *k = &s->conflicts[i];
        free(k->schema), free(k->table), free(k->target_schema), free(k->target_table);
        free(k->file), free(k->gtid), free(k->rule), free(k->message), free(k->fix);
    }
    free(s->conflicts);
    free(s->timeline);
}

void bs_check_free(bs_check *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n_srcs; i++)
        source_free(c->srcs[i]);
    free(c->srcs);
    for (size_t i = 0; i < c->summary.n_sources; i++)
        bs_check_source_summary_free(&c->summary.sources[i]);
    free(c->summary.sources);
    free(c->summary.task_name);
    free(c->summary.task_file);
    bs_diag_list_free(&c->summary.notes);
    bs_schema_tracker_free(c->downstream);
    bs_rules_expr_tz_free(c->tz);
    free(c);
}
