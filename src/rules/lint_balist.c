/*
 * lint_balist.c - block-allow lists: entries that can never take effect,
 * and "does this instance's BA list drop every name a rule could match?"
 * (routes, filters and expression filters on dropped tables are useless).
 *
 * DM's decision (TiDB pkg/util/filter Filter.Match, dm-rules.md §3): system
 * schemas are always dropped; a non-empty do-dbs must match and ignore-dbs is
 * then never consulted, else a matching ignore-dbs drops; for a table,
 * do-tables decides first, and when do-tables is non-empty a table it does
 * not list is dropped, so ignore-tables is never consulted either.
 *
 * Questions are answered exactly when they involve only wildcards (through
 * lint_names.c) or a literal name (by asking the compiled list itself);
 * with a ~regex on both sides binsift cannot tell and reports nothing.
 */
#include <stdio.h>
#include <string.h>

#include "rules/lint_internal.h"

#define N_SYSTEM BS_RULES_N_SYSTEM_SCHEMAS

/* The system schema names as wildcards matching them in any case. */
typedef struct sys_pats {
    bs_wildcard wc[N_SYSTEM];
    const bs_wildcard *ptr[N_SYSTEM];
} sys_pats;

static int sys_compile(sys_pats *s)
{
    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < N_SYSTEM; i++) {
        char text[128];
        size_t o = 0;
        for (const char *p = bs_rules_system_schemas[i]; *p; p++)
            o += (size_t)(*p >= 'a' && *p <= 'z'
                              ? snprintf(text + o, sizeof text - o, "[%c%c]", *p, *p - 32)
                              : snprintf(text + o, sizeof text - o, "%c", *p));
        bs_error e;
        if (bs_wc_compile(text, &s->wc[i], &e)) return BS_ENOMEM;
        s->ptr[i] = &s->wc[i];
    }
    return 0;
}

static void sys_free(sys_pats *s)
{
    for (size_t i = 0; i < N_SYSTEM; i++)
        bs_wc_free(&s->wc[i]);
}

/* ---- schema and table questions ---- */

#define MAX_Q 64

typedef struct wc_list {
    const bs_wildcard *v[MAX_Q];
    size_t n;
    bool regex; /* undecidable here: a ~regex, or more than MAX_Q patterns */
} wc_list;

static void push(wc_list *l, const bs_name_pattern *p)
{
    if (bs_pattern_is_regex(p) || l->n == MAX_Q)
        l->regex = true;
    else
        l->v[l->n++] = &p->wc;
}

static void push_all(wc_list *l, const bs_name_pattern *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        push(l, &p[i]);
}

static void push_pats(wc_list *l, lint_pats p)
{
    for (size_t i = 0; i < p.n; i++)
        push(l, p.v[i]);
}

static bool matches_all(lint_pats p, const char *s)
{
    for (size_t i = 0; i < p.n; i++)
        if (!bs_pattern_match(p.v[i], s, strlen(s))) return false;
    return true;
}

static bool matches_any(lint_pats p, const char *s)
{
    for (size_t i = 0; i < p.n; i++)
        if (bs_pattern_match(p.v[i], s, strlen(s))) return true;
    return false;
}

/* A literal pattern of all names the only candidate: ask the matchers. */
static int literal_exists(const char *s, lint_pats all, lint_pats none, bool schema,
                          const bs_ba *ba, char *witness, size_t cap)
{
    if (!matches_all(all, s) || matches_any(none, s)) return 0;
    if (schema &&
        (bs_rules_is_system_schema(s, strlen(s)) || (ba && !bs_ba_decide(ba, s, "", NULL))))
        return 0;
    if (cap) snprintf(witness, cap, "%s", s);
    return 1;
}

/* The search, for wildcards only: schema names also avoid the system
 * schemas and pass the BA list's schema level (ba non-NULL). */
static int search_exists(lint_ctx *L, lint_pats all, lint_pats none, bool schema, const bs_ba *ba,
                         char *witness, size_t cap)
{
    wc_list a = {0}, any = {0}, no = {0};
    push_pats(&a, all);
    push_pats(&no, none);
    if (ba && ba->n_do_dbs)
        push_all(&any, ba->do_dbs, ba->n_do_dbs);
    else if (ba)
        push_all(&no, ba->ignore_dbs, ba->n_ignore_dbs);
    if (a.regex || any.regex || no.regex || no.n + N_SYSTEM > MAX_Q) return -1;
    sys_pats sys;
    if (sys_compile(&sys)) {
        sys_free(&sys);
        L->oom = true;
        return -1;
    }
    for (size_t i = 0; schema && i < N_SYSTEM; i++)
        no.v[no.n++] = sys.ptr[i];
    lint_wc_query q = {a.v, a.n, any.v, any.n, no.v, no.n, !L->rules->case_sensitive};
    int rc = lint_wc_exists(&q, witness, cap);
    sys_free(&sys);
    if (rc == BS_ENOMEM) L->oom = true;
    return rc < 0 ? -1 : rc;
}

static int name_exists(lint_ctx *L, lint_pats all, lint_pats none, bool schema, bool use_ba,
                       char *witness, size_t cap)
{
    const bs_ba *ba = schema && use_ba ? L->rules->ba : NULL;
    if (cap) witness[0] = 0;
    for (size_t i = 0; i < all.n; i++)
        if (lint_is_literal(all.v[i]->text, true))
            return literal_exists(all.v[i]->text, all, none, schema, ba, witness, cap);
    return search_exists(L, all, none, schema, ba, witness, cap);
}

int lint_schema_exists(lint_ctx *L, lint_pats all, lint_pats none, bool use_ba, char *witness,
                       size_t cap)
{
    return name_exists(L, all, none, true, use_ba, witness, cap);
}

int lint_table_exists(lint_ctx *L, lint_pats all, lint_pats none, char *witness, size_t cap)
{
    return name_exists(L, all, none, false, false, witness, cap);
}

static bool quirk_entry(const bs_ba_entry *e)
{
    return bs_pattern_is_regex(&e->db) && !bs_pattern_is_regex(&e->tbl);
}

bool lint_ba_unpaired(const bs_ba_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (quirk_entry(&e[i])) return true;
    return false;
}

/* With do-tables: can some (schema, table) of the rule match an entry? */
static bool do_tables_reachable(lint_ctx *L, const bs_name_pattern *schema,
                                const bs_name_pattern *table)
{
    const bs_ba *ba = L->rules->ba;
    if (lint_ba_unpaired(ba->do_tables, ba->n_do_tables))
        return true; /* pairing lost: cannot tell */
    for (size_t i = 0; i < ba->n_do_tables; i++) {
        const bs_ba_entry *e = &ba->do_tables[i];
        if (lint_schema_exists(L, LINT_PATS(schema, &e->db), LINT_NO_PATS, true, NULL, 0) &&
            lint_table_exists(L, LINT_PATS(table, &e->tbl), LINT_NO_PATS, NULL, 0))
            return true;
    }
    return false;
}

/* Without do-tables: the ignore-tables entry that drops every name, or NULL. */
static const bs_ba_entry *ignore_entry_covering(lint_ctx *L, const bs_name_pattern *schema,
                                                const bs_name_pattern *table)
{
    const bs_ba *ba = L->rules->ba;
    for (size_t i = 0; i < ba->n_ignore_tables; i++) {
        const bs_ba_entry *e = &ba->ignore_tables[i];
        if (quirk_entry(e)) continue;
        if (lint_schema_exists(L, LINT_PATS(schema), LINT_PATS(&e->db), true, NULL, 0) == 0 &&
            lint_table_exists(L, LINT_PATS(table), LINT_PATS(&e->tbl), NULL, 0) == 0)
            return e;
    }
    return NULL;
}

int lint_ba_drops(lint_ctx *L, const bs_name_pattern *schema, const bs_name_pattern *table,
                  char *why, size_t cap)
{
    const bs_ba *ba = L->rules->ba;
    if (lint_schema_exists(L, LINT_PATS(schema), LINT_NO_PATS, false, NULL, 0) == 0) {
        snprintf(why, cap, "it matches only system schemas, which DM always drops");
        return 1;
    }
    if (!ba) return 0;
    if (lint_schema_exists(L, LINT_PATS(schema), LINT_NO_PATS, true, NULL, 0) == 0) {
        snprintf(why, cap, "the block-allow list %s drops every schema it matches (%s)", ba->name,
                 ba->n_do_dbs ? "none is in do-dbs" : "all are in ignore-dbs");
        return 1;
    }
    if (!table) return 0;
    if (ba->n_do_tables && !do_tables_reachable(L, schema, table)) {
        snprintf(why, cap, "no do-tables entry of the block-allow list %s matches its tables",
                 ba->name);
        return 1;
    }
    const bs_ba_entry *e = ba->n_do_tables ? NULL : ignore_entry_covering(L, schema, table);
    if (e) {
        snprintf(why, cap,
                 "the ignore-tables entry %s.%s of the block-allow list %s drops all "
                 "its tables",
                 e->db.text, e->tbl.text, ba->name);
        return 1;
    }
    return 0;
}

/* ---- the list itself ---- */

/* Line of key (or of its item idx, idx >= 0) inside the BA list's YAML. */
static int ba_line(const lint_ctx *L, const bs_task_ba_rule *cfg, const char *key, int idx)
{
    const ynode *map = lint_ymap_get(L->task_root, "block-allow-list", NULL);
    const ynode *rule = lint_ymap_get(map, cfg->name, NULL);
    if (!rule)
        rule =
            lint_ymap_get(lint_ymap_get(L->task_root, "black-white-list", NULL), cfg->name, NULL);
    int line = 0;
    const ynode *list = lint_ymap_get(rule, key, &line);
    if (idx >= 0 && list && list->kind == YN_SEQ && (size_t)idx < list->n)
        line = list->items[idx]->line;
    return line ? line : cfg->line;
}

static void unused_lists(lint_ctx *L, const bs_task_ba_rule *cfg)
{
    if (cfg->n_do_dbs && cfg->n_ignore_dbs)
        lint_note(L, BS_DIAG_WARNING, 0, "ba-ignore-dbs-unused", L->task_file,
                  ba_line(L, cfg, "ignore-dbs", -1),
                  "ignore-dbs of block-allow list %s is never consulted: with do-dbs set, DM "
                  "drops every schema do-dbs does not list and looks no further; remove "
                  "ignore-dbs (or do-dbs)",
                  cfg->name);
    if (cfg->n_do_tables && cfg->n_ignore_tables)
        lint_note(L, BS_DIAG_WARNING, 0, "ba-ignore-tables-unused", L->task_file,
                  ba_line(L, cfg, "ignore-tables", -1),
                  "ignore-tables of block-allow list %s never changes anything: with do-tables "
                  "set, DM keeps a table do-tables lists (even if ignore-tables lists it too) and "
                  "drops every other one; remove ignore-tables, or drop the entries from "
                  "do-tables",
                  cfg->name);
    if (cfg->n_do_tables && !cfg->n_do_dbs)
        lint_note(L, BS_DIAG_INFO, 0, "ba-schema-ddl", L->task_file,
                  ba_line(L, cfg, "do-tables", -1),
                  "block-allow list %s has do-tables but no do-dbs: every schema passes its "
                  "schema level, so CREATE/ALTER/DROP DATABASE of any schema is replayed "
                  "downstream (DROP DATABASE too); add do-dbs, or a binlog filter for schema DDL",
                  cfg->name);
}

static void system_dbs(lint_ctx *L, const bs_task_ba_rule *cfg, const bs_ba *ba)
{
    for (size_t i = 0; i < ba->n_do_dbs; i++) {
        if (lint_schema_exists(L, LINT_PATS(&ba->do_dbs[i]), LINT_NO_PATS, false, NULL, 0) == 0)
            lint_note(L, BS_DIAG_WARNING, 0, "ba-system-schema", L->task_file,
                      ba_line(L, cfg, "do-dbs", (int)i),
                      "do-dbs entry %s of block-allow list %s matches only system schemas: DM "
                      "always drops mysql, sys, information_schema, performance_schema, "
                      "metrics_schema, inspection_schema and dm_heartbeat, whatever the lists say",
                      cfg->do_dbs[i], cfg->name);
    }
}

static void do_tables_reach(lint_ctx *L, const bs_task_ba_rule *cfg, const bs_ba *ba)
{
    for (size_t i = 0; i < ba->n_do_tables; i++) {
        lint_pats db = LINT_PATS(&ba->do_tables[i].db);
        const bs_task_ba_table *t = &cfg->do_tables[i];
        if (lint_schema_exists(L, db, LINT_NO_PATS, false, NULL, 0) == 0)
            lint_note(L, BS_DIAG_WARNING, 0, "ba-system-schema", L->task_file, t->line,
                      "do-tables entry %s.%s of block-allow list %s is in a system schema, which "
                      "DM always drops",
                      t->db_name, t->tbl_name, cfg->name);
        else if (lint_schema_exists(L, db, LINT_NO_PATS, true, NULL, 0) == 0)
            lint_note(L, BS_DIAG_WARNING, 0, "ba-do-table-unreachable", L->task_file, t->line,
                      "do-tables entry %s.%s of block-allow list %s never allows anything: DM "
                      "checks schemas first and %s; add its schema to do-dbs or remove the entry",
                      t->db_name, t->tbl_name, cfg->name,
                      ba->n_do_dbs ? "its db-name matches no do-dbs entry"
                                   : "ignore-dbs drops its schema");
    }
}

/* Entries with a regex db-name and a wildcard tbl-name lose their pairing:
 * DM allows a db matching one such entry with a table matching another. */
static void regex_pairing(lint_ctx *L, const bs_task_ba_rule *cfg, const bs_ba_entry *e,
                          const bs_task_ba_table *t, size_t n, const char *list, const char *verb)
{
    int first = -1;
    for (size_t i = 0; i < n; i++) {
        if (!quirk_entry(&e[i])) continue;
        if (first < 0) {
            first = (int)i;
            continue;
        }
        if (!strcmp(t[i].db_name, t[first].db_name) && !strcmp(t[i].tbl_name, t[first].tbl_name))
            continue;
        lint_note(L, BS_DIAG_WARNING, 0, "ba-regex-pairing", L->task_file, t[i].line,
                  "%s entries %s.%s (line %d) and %s.%s of block-allow list %s lose their pairing "
                  "in DM: for a regex db-name with a wildcard tbl-name, DM checks that some such "
                  "entry's db-name matches and that some such entry's tbl-name matches, so a "
                  "table named %s in a schema matching %s is %s too; write the table part as a "
                  "regex (~^...$) to keep each entry paired",
                  list, t[first].db_name, t[first].tbl_name, t[first].line, t[i].db_name,
                  t[i].tbl_name, cfg->name, t[i].tbl_name, t[first].db_name, verb);
    }
}

bool lint_pattern_covers(lint_ctx *L, const bs_name_pattern *inner, const bs_name_pattern *outer)
{
    if (!strcmp(inner->text, outer->text)) return true;
    if (bs_pattern_is_regex(inner) || bs_pattern_is_regex(outer)) return false;
    const bs_wildcard *all[1] = {&inner->wc}, *none[1] = {&outer->wc};
    lint_wc_query q = {all, 1, NULL, 0, none, 1, !L->rules->case_sensitive};
    int rc = lint_wc_exists(&q, NULL, 0);
    if (rc == BS_ENOMEM) L->oom = true;
    return rc == 0;
}

/* Is entry j covered by another entry (the later of two identical ones)? */
static int covering_db(lint_ctx *L, const bs_name_pattern *p, size_t n, size_t j)
{
    for (size_t i = 0; i < n; i++) {
        if (i == j || !lint_pattern_covers(L, &p[j], &p[i])) continue;
        if (i > j && !strcmp(p[i].text, p[j].text)) continue;
        return (int)i;
    }
    return -1;
}

static int covering_table(lint_ctx *L, const bs_ba_entry *e, size_t n, size_t j)
{
    if (quirk_entry(&e[j])) return -1;
    for (size_t i = 0; i < n; i++) {
        if (i == j || quirk_entry(&e[i])) continue;
        if (!lint_pattern_covers(L, &e[j].db, &e[i].db) ||
            !lint_pattern_covers(L, &e[j].tbl, &e[i].tbl))
            continue;
        if (i > j && !strcmp(e[i].db.text, e[j].db.text) && !strcmp(e[i].tbl.text, e[j].tbl.text))
            continue;
        return (int)i;
    }
    return -1;
}

static void redundant_dbs(lint_ctx *L, const bs_task_ba_rule *cfg, const char *key,
                          const bs_name_pattern *p, const char *const *text, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        int i = covering_db(L, p, n, j);
        if (i >= 0)
            lint_note(L, BS_DIAG_INFO, 0, "ba-redundant", L->task_file,
                      ba_line(L, cfg, key, (int)j),
                      "%s entry %s of block-allow list %s is redundant: entry %s already matches "
                      "every schema it matches",
                      key, text[j], cfg->name, text[i]);
    }
}

static void redundant_tables(lint_ctx *L, const bs_task_ba_rule *cfg, const char *key,
                             const bs_ba_entry *e, const bs_task_ba_table *t, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        int i = covering_table(L, e, n, j);
        if (i >= 0)
            lint_note(L, BS_DIAG_INFO, 0, "ba-redundant", L->task_file, t[j].line,
                      "%s entry %s.%s of block-allow list %s is redundant: entry %s.%s (line %d) "
                      "already matches every table it matches",
                      key, t[j].db_name, t[j].tbl_name, cfg->name, t[i].db_name, t[i].tbl_name,
                      t[i].line);
    }
}

void lint_balist(lint_ctx *L)
{
    const bs_task_ba_rule *cfg = L->in->ba_list;
    const bs_ba *ba = L->rules->ba;
    if (!cfg || !ba) return;
    unused_lists(L, cfg);
    system_dbs(L, cfg, ba);
    do_tables_reach(L, cfg, ba);
    regex_pairing(L, cfg, ba->do_tables, cfg->do_tables, ba->n_do_tables, "do-tables", "allowed");
    regex_pairing(L, cfg, ba->ignore_tables, cfg->ignore_tables, ba->n_ignore_tables,
                  "ignore-tables", "dropped");
    redundant_dbs(L, cfg, "do-dbs", ba->do_dbs, cfg->do_dbs, ba->n_do_dbs);
    if (!ba->n_do_dbs) /* else ignore-dbs is unused as a whole */
        redundant_dbs(L, cfg, "ignore-dbs", ba->ignore_dbs, cfg->ignore_dbs, ba->n_ignore_dbs);
    redundant_tables(L, cfg, "do-tables", ba->do_tables, cfg->do_tables, ba->n_do_tables);
    if (!ba->n_do_tables)
        redundant_tables(L, cfg, "ignore-tables", ba->ignore_tables, cfg->ignore_tables,
                         ba->n_ignore_tables);
}
