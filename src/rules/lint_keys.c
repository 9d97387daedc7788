/*
 * lint_keys.c - findings about the keys of the files themselves: deprecated
 * keys, settings DM overrides or ignores, and how the task and its source
 * files fit together.
 *
 * These read the YAML trees (so they work even when DM would reject the
 * task) and, where a value matters, the loaded models. What DM does with
 * each key is from pingcap/tiflow dm/config/task.go (TaskConfig.adjust,
 * the `// deprecated` fields of TaskConfig, MySQLInstance, SyncerConfig and
 * LoaderConfig), dm/config/subtask.go (SubTaskConfig.Adjust: instance
 * column-mapping-rules), dm/config/source_config.go (SourceConfig.adjust)
 * and dm/worker/source_worker.go (copyConfigFromSource: case-sensitive).
 */
#include <stdio.h>
#include <string.h>

#include "rules/lint_internal.h"

/* ---- YAML tree lookups ---- */

static const ynode *deref(const ynode *n)
{
    for (int i = 0; n && n->kind == YN_ALIAS && i < 64; i++)
        n = n->target;
    return n && n->kind != YN_ALIAS ? n : NULL;
}

const ynode *lint_ymap_get(const ynode *map, const char *key, int *key_line)
{
    map = deref(map);
    if (!map || map->kind != YN_MAP) return NULL;
    for (size_t i = 0; i < map->n; i++) {
        const ynode *k = deref(map->items[2 * i]);
        if (k && k->kind == YN_SCALAR && !strcmp(k->value, key)) {
            if (key_line) *key_line = map->items[2 * i]->line;
            return deref(map->items[2 * i + 1]);
        }
    }
    return NULL;
}

static const char *scalar(const ynode *n)
{
    return n && n->kind == YN_SCALAR ? n->value : NULL;
}

/* A YAML 1.1 boolean as yaml.v2 reads a plain scalar: 1, 0, or -1. */
static int yaml_bool(const ynode *n)
{
    static const char *const yes[] = {"y",    "Y",    "yes", "Yes", "YES", "true",
                                      "True", "TRUE", "on",  "On",  "ON",  NULL};
    static const char *const no[] = {"n",     "N",     "no",  "No",  "NO",  "false",
                                     "False", "FALSE", "off", "Off", "OFF", NULL};
    const char *s = scalar(n);
    for (int i = 0; s && n->plain && yes[i]; i++)
        if (!strcmp(s, yes[i])) return 1;
    for (int i = 0; s && n->plain && no[i]; i++)
        if (!strcmp(s, no[i])) return 0;
    return -1;
}

static size_t entries(const ynode *n)
{
    n = deref(n);
    return n && (n->kind == YN_MAP || n->kind == YN_SEQ) ? n->n : 0;
}

/* ---- deprecated keys ---- */

typedef struct deprecated_key {
    const char *key;
    const char *what; /* what DM does with it, and the fix */
} deprecated_key;

#define IGNORED_HEARTBEAT                                                                          \
    "DM ignores it and keeps its heartbeat off (it logs \"heartbeat is deprecated, needn't set "   \
    "it anymore\"); remove it"

static const deprecated_key task_keys[] = {
    {"black-white-list", "the old name of block-allow-list; DM reads it only when "
                         "block-allow-list is empty; rename it to block-allow-list"},
    {"online-ddl-scheme", "DM only turns online-ddl on for \"pt\" or \"gh-ost\" and logs that "
                          "'online-ddl-scheme' will be deprecated; use online-ddl: true instead"},
    {"enable-heartbeat", IGNORED_HEARTBEAT},
    {"heartbeat-update-interval", IGNORED_HEARTBEAT},
    {"heartbeat-report-interval", IGNORED_HEARTBEAT},
    {"remove-meta", "DM ignores it in the task file (it logs that `remove-meta` is deprecated); "
                    "use `start-task --remove-meta` instead"},
    {"ansi-quotes", "DM ignores it and detects ANSI_QUOTES by itself; remove it"},
};

static const deprecated_key target_keys[] = {
    {"max-allowed-packet", "DM ignores it and reads max_allowed_packet from the downstream; "
                           "remove it"},
};

static const deprecated_key instance_keys[] = {
    {"black-white-list", "the old name of block-allow-list; DM reads it only when "
                         "block-allow-list is empty; rename it to block-allow-list"},
};

static const deprecated_key syncer_keys[] = {
    {"max-retry", "DM ignores it; remove it"},
    {"auto-fix-gtid", "DM ignores it; remove it"},
    {"enable-gtid", "DM ignores it: the source file's enable-gtid decides; remove it"},
    {"disable-detect", "DM ignores it (it logs \"`disable-causality` is no longer take "
                       "effect\"); remove it"},
    {"enable-ansi-quotes", "DM ignores it (it logs \"DM could discover proper ANSI_QUOTES, "
                           "`enable-ansi-quotes` is no longer take effect\"); remove it"},
};

static const deprecated_key loader_keys[] = {
    {"on-duplicate", "DM ignores it: on-duplicate-logical decides (default replace); rename it "
                     "to on-duplicate-logical"},
};

static const deprecated_key source_keys[] = {
    {"auto-fix-gtid", "DM sets it back to false (it logs \"auto-fix-gtid is deprecated, overwrite "
                      "it to false\"); remove it"},
    {"meta-dir", "DM ignores it; remove it"},
    {"charset", "DM only passes it on as the character set of the relay log's replication "
                "connection; remove it"},
    {"tracer", "DM ignores it; remove it"},
};

static void check_deprecated(lint_ctx *L, const char *file, const ynode *map, const char *where,
                             const deprecated_key *keys, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int line = 0;
        if (!lint_ymap_get(map, keys[i].key, &line) && !line) continue;
        lint_note(L, BS_DIAG_WARNING, 0, "deprecated-key", file, line, "%s%s is deprecated: %s",
                  where, keys[i].key, keys[i].what);
    }
}

#define CHECK(L, file, map, where, keys)                                                           \
    check_deprecated(L, file, map, where, keys, sizeof keys / sizeof keys[0])

static void check_loader(lint_ctx *L, const ynode *loader, const char *where)
{
    CHECK(L, L->task_file, loader, where, loader_keys);
    int line = 0;
    const char *mode = scalar(lint_ymap_get(loader, "import-mode", &line));
    if (mode && (!strcmp(mode, "sql") || !strcmp(mode, "loader")))
        lint_note(L, BS_DIAG_WARNING, 0, "deprecated-key", L->task_file, line,
                  "%simport-mode \"%s\" is deprecated: DM loads with the \"logical\" mode "
                  "instead; write import-mode: logical",
                  where, mode);
}

/* Named syncer/loader configs, and each instance's inline ones. */
static void check_unit_configs(lint_ctx *L, const ynode *top)
{
    char where[160];
    const ynode *maps[2] = {lint_ymap_get(top, "syncers", NULL),
                            lint_ymap_get(top, "loaders", NULL)};
    for (int m = 0; m < 2; m++)
        for (size_t i = 0; maps[m] && maps[m]->kind == YN_MAP && i < maps[m]->n; i++) {
            const char *name = scalar(deref(maps[m]->items[2 * i]));
            snprintf(where, sizeof where, "%s %s: ", m ? "loader" : "syncer", name ? name : "?");
            if (m)
                check_loader(L, maps[m]->items[2 * i + 1], where);
            else
                CHECK(L, L->task_file, maps[m]->items[2 * i + 1], where, syncer_keys);
        }
}

/* ---- block-allow-list and black-white-list ---- */

static void check_bw_maps(lint_ctx *L, const ynode *top)
{
    int bw_line = 0, ba_line = 0;
    const ynode *bw = lint_ymap_get(top, "black-white-list", &bw_line);
    const ynode *ba = lint_ymap_get(top, "block-allow-list", &ba_line);
    if (entries(bw) && entries(ba))
        lint_note(L, BS_DIAG_WARNING, 0, "ba-bw-ignored", L->task_file, bw_line,
                  "black-white-list is ignored as a whole: DM uses it only when block-allow-list "
                  "(line %d) is empty, and never merges the two; move its entries into "
                  "block-allow-list",
                  ba_line);
}

static void check_instance(lint_ctx *L, const ynode *inst, size_t i)
{
    char where[96];
    const char *id = scalar(lint_ymap_get(inst, "source-id", NULL));
    snprintf(where, sizeof where, "mysql-instance %s: ", id ? id : "?");
    CHECK(L, L->task_file, inst, where, instance_keys);
    int bw_line = 0, cm_line = 0;
    const char *bw = scalar(lint_ymap_get(inst, "black-white-list", &bw_line));
    const char *ba = scalar(lint_ymap_get(inst, "block-allow-list", NULL));
    if (bw && *bw && ba && *ba)
        lint_note(L, BS_DIAG_WARNING, 0, "ba-bw-ignored", L->task_file, bw_line,
                  "%sblack-white-list \"%s\" is ignored: DM uses block-allow-list \"%s\" and "
                  "reads black-white-list only when block-allow-list is empty; remove one",
                  where, bw, ba);
    if (entries(lint_ymap_get(inst, "column-mapping-rules", &cm_line)))
        lint_note(L, BS_DIAG_ERROR, 20064, "column-mapping", L->task_file, cm_line,
                  "mysql-instance(%zu): column-mapping-rules are not supported since DM v6.6.0: "
                  "the subtask fails to start with \"column-mapping is not supported since "
                  "v6.6.0\"; remove the list",
                  i);
    const ynode *syncer = lint_ymap_get(inst, "syncer", NULL);
    CHECK(L, L->task_file, syncer, where, syncer_keys);
    check_loader(L, lint_ymap_get(inst, "loader", NULL), where);
}

/* ---- is-sharding, online-ddl-scheme ---- */

static void check_sharding(lint_ctx *L, const ynode *top)
{
    int line = 0;
    const ynode *is = lint_ymap_get(top, "is-sharding", &line);
    if (!line) return;
    const char *mode = scalar(lint_ymap_get(top, "shard-mode", NULL));
    int on = L->task ? L->task->is_sharding : yaml_bool(is);
    if (!mode || !*mode)
        lint_note(L, BS_DIAG_WARNING, 0, "deprecated-key", L->task_file, line,
                  "is-sharding is deprecated: %s",
                  on == 1 ? "DM turns is-sharding: true into shard-mode: pessimistic; write "
                            "shard-mode: pessimistic instead"
                          : "it has no effect here; remove it (shard-mode decides)");
    else if (on == 1 && !strcmp(mode, "pessimistic"))
        lint_note(L, BS_DIAG_WARNING, 0, "deprecated-key", L->task_file, line,
                  "is-sharding is deprecated and redundant next to shard-mode: pessimistic; "
                  "remove it");
    else
        lint_note(L, BS_DIAG_WARNING, 0, "is-sharding-ignored", L->task_file, line,
                  "is-sharding: %s is ignored: shard-mode \"%s\" is set and always wins; remove "
                  "is-sharding",
                  on == 1 ? "true" : "false", mode);
}

static void check_online_ddl(lint_ctx *L, const ynode *top)
{
    int line = 0, scheme_line = 0;
    const char *scheme = scalar(lint_ymap_get(top, "online-ddl-scheme", &scheme_line));
    const ynode *online = lint_ymap_get(top, "online-ddl", &line);
    if (!scheme || (strcmp(scheme, "pt") && strcmp(scheme, "gh-ost")) || yaml_bool(online) != 0)
        return;
    lint_note(L, BS_DIAG_WARNING, 0, "online-ddl-conflict", L->task_file, line,
              "online-ddl: false is overridden: online-ddl-scheme \"%s\" (line %d) turns online "
              "DDL handling on, so DM treats gh-ost/pt shadow and trash tables specially (their "
              "rows are dropped, their DDL replayed on the real table); remove "
              "online-ddl-scheme, and keep online-ddl as you mean it",
              scheme, scheme_line);
}

/* ---- sources ---- */

static bool task_has_source(const lint_ctx *L, const char *id)
{
    for (size_t i = 0; i < L->task->n_instances; i++)
        if (!strcmp(L->task->instances[i].source_id, id)) return true;
    return false;
}

static void check_case_sensitive(lint_ctx *L, const lint_source *s, const bs_source_config *sc)
{
    if (sc->case_sensitive == L->task->case_sensitive) return;
    int line = 0;
    lint_ymap_get(s->root, "case-sensitive", &line);
    if (sc->case_sensitive)
        lint_note(L, BS_DIAG_WARNING, 0, "case-sensitive-mismatch", s->file, line ? line : 1,
                  "the source file sets case-sensitive: true and the task does not: DM uses true "
                  "for the task on source %s (it logs \"different case-sensitive config between "
                  "task config and source config, use `true` for it\"), so the task's block-allow "
                  "list, route and filter patterns are no longer lower-cased and names must match "
                  "their case exactly; set the same value in both files",
                  sc->source_id);
    else
        lint_note(L, BS_DIAG_INFO, 0, "case-sensitive-mismatch", s->file, line ? line : 1,
                  "the task sets case-sensitive: true and this source file does not: DM uses "
                  "true (the task's value) and logs a warning; set the same value in both files");
}

static void check_source(lint_ctx *L, size_t i)
{
    const lint_source *s = &L->sources[i];
    CHECK(L, s->file, s->root, "", source_keys);
    if (!s->src || !L->task) return;
    const bs_source_config *sc = bs_source_get(s->src);
    for (size_t j = 0; j < i; j++)
        if (L->sources[j].src &&
            !strcmp(bs_source_get(L->sources[j].src)->source_id, sc->source_id)) {
            lint_note(L, BS_DIAG_WARNING, 0, "source-duplicate", s->file, 1,
                      "source-id %s is also the id of %s: binsift uses that file for it and "
                      "ignores this one",
                      sc->source_id, L->sources[j].file);
            return;
        }
    if (!task_has_source(L, sc->source_id)) {
        int line = 0;
        lint_ymap_get(s->root, "source-id", &line);
        lint_note(L, BS_DIAG_WARNING, 0, "source-unused", s->file, line ? line : 1,
                  "no mysql-instance of the task has source-id %s: this source file plays no "
                  "part in the task (check the source-id)",
                  sc->source_id);
        return;
    }
    check_case_sensitive(L, s, sc);
}

void lint_keys(lint_ctx *L)
{
    const ynode *top = L->task_root;
    if (top) {
        CHECK(L, L->task_file, top, "", task_keys);
        CHECK(L, L->task_file, lint_ymap_get(top, "target-database", NULL),
              "target-database: ", target_keys);
        check_bw_maps(L, top);
        check_sharding(L, top);
        check_online_ddl(L, top);
        check_unit_configs(L, top);
        const ynode *insts = lint_ymap_get(top, "mysql-instances", NULL);
        for (size_t i = 0; insts && insts->kind == YN_SEQ && i < insts->n; i++)
            check_instance(L, insts->items[i], i);
    }
    for (size_t i = 0; i < L->n_sources; i++)
        check_source(L, i);
}
