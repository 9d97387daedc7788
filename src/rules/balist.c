/*
 * balist.c - DM's block-allow list (dm-rules.md §3; TiDB pkg/util/filter).
 *
 * Schema level first: a non-empty do-dbs must match (ignore-dbs is then never
 * consulted), else a matching ignore-dbs drops. Then, for a named table,
 * do-tables wins over ignore-tables, and with do-tables set, a table it does
 * not list is dropped. Table entries pair their db and table parts, except
 * for one reproduced quirk: entries with a regex db and a wildcard table lose
 * their pairing - the name passes if some such entry's db matches and some
 * such entry's table matches.
 */
#include <stdlib.h>
#include <string.h>

#include "binsift/buf.h"
#include "rules/rules_internal.h"
#include "rules/rules_compiled.h"

static bool match_any(const bs_name_pattern *p, size_t n, const char *s, size_t len,
                      const char **hit)
{
    for (size_t i = 0; i < n; i++)
        if (bs_pattern_match(&p[i], s, len)) {
            if (hit) *hit = p[i].text;
            return true;
        }
    return false;
}

static bool quirk_entry(const bs_ba_entry *e)
{
    return bs_pattern_is_regex(&e->db) && !bs_pattern_is_regex(&e->tbl);
}

/* Does (schema, table) match a table list? *hit names the deciding entry. */
static bool match_tables(const bs_ba_entry *e, size_t n, const char *schema, size_t slen,
                         const char *table, size_t tlen, const bs_ba_entry **hit)
{
    const bs_ba_entry *db_hit = NULL, *tbl_hit = NULL;
    for (size_t i = 0; i < n; i++) {
        bool db = bs_pattern_match(&e[i].db, schema, slen);
        bool tbl = bs_pattern_match(&e[i].tbl, table, tlen);
        if (!quirk_entry(&e[i])) {
            if (db && tbl) return *hit = &e[i], true;
            continue;
        }
        if (db && !db_hit) db_hit = &e[i];
        if (tbl && !tbl_hit) tbl_hit = &e[i];
    }
    if (db_hit && tbl_hit) return *hit = db_hit, true;
    return false;
}

#define note(t, rule, ...)                                                                         \
    ((t) ? bs_rules_trace_add((t), BS_STEP_BA_LIST, (rule), __VA_ARGS__) : (void)0)

int bs_ba_decide(const bs_ba *ba, const char *schema, const char *table, bs_rules_trace *trace)
{
    size_t slen = strlen(schema), tlen = strlen(table);
    const char *hit = NULL;
    if (!ba) return note(trace, NULL, "no block-allow list: %s passes", schema), 1;
    if (ba->n_do_dbs) {
        if (!match_any(ba->do_dbs, ba->n_do_dbs, schema, slen, &hit))
            return note(trace, ba->name, "schema %s matches no do-dbs entry: dropped", schema), 0;
        note(trace, ba->name, "schema %s matches do-dbs entry %s", schema, hit);
    } else if (ba->n_ignore_dbs &&
               match_any(ba->ignore_dbs, ba->n_ignore_dbs, schema, slen, &hit)) {
        return note(trace, ba->name, "schema %s matches ignore-dbs entry %s: dropped", schema, hit),
               0;
    }
    if (!table[0]) return note(trace, ba->name, "schema-level event on %s passes", schema), 1;
    const bs_ba_entry *e = NULL;
    if (ba->n_do_tables &&
        match_tables(ba->do_tables, ba->n_do_tables, schema, slen, table, tlen, &e))
        return note(trace, ba->name, "table matches do-tables entry %s.%s", e->db.text,
                    e->tbl.text),
               1;
    if (ba->n_ignore_tables &&
        match_tables(ba->ignore_tables, ba->n_ignore_tables, schema, slen, table, tlen, &e))
        return note(trace, ba->name, "table matches ignore-tables entry %s.%s: dropped", e->db.text,
                    e->tbl.text),
               0;
    if (ba->n_do_tables)
        return note(trace, ba->name, "table %s matches no do-tables entry: dropped", table), 0;
    return note(trace, ba->name, "table %s passes (no table entry applies)", table), 1;
}

static int compile_list(const char *const *src, size_t n, bool fold, bs_name_pattern **out,
                        bs_error *err)
{
    *out = n ? calloc(n, sizeof **out) : NULL;
    if (n && !*out) return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    for (size_t i = 0; i < n; i++) {
        int rc = bs_pattern_compile(src[i], true, fold, &(*out)[i], err);
        if (rc) return rc;
    }
    return 0;
}

static int compile_tables(const bs_task_ba_table *src, size_t n, bool fold, bs_ba_entry **out,
                          bs_error *err)
{
    *out = n ? calloc(n, sizeof **out) : NULL;
    if (n && !*out) return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    for (size_t i = 0; i < n; i++) {
        int rc = bs_pattern_compile(src[i].db_name, true, fold, &(*out)[i].db, err);
        if (!rc) rc = bs_pattern_compile(src[i].tbl_name, true, fold, &(*out)[i].tbl, err);
        if (rc) return rc;
    }
    return 0;
}

int bs_ba_compile(const bs_task_ba_rule *cfg, bool fold, bs_ba *out, bs_error *err)
{
    memset(out, 0, sizeof *out);
    out->name = cfg->name;
    out->n_do_dbs = cfg->n_do_dbs;
    out->n_ignore_dbs = cfg->n_ignore_dbs;
    out->n_do_tables = cfg->n_do_tables;
    out->n_ignore_tables = cfg->n_ignore_tables;
    int rc = compile_list(cfg->do_dbs, cfg->n_do_dbs, fold, &out->do_dbs, err);
    if (!rc) rc = compile_list(cfg->ignore_dbs, cfg->n_ignore_dbs, fold, &out->ignore_dbs, err);
    if (!rc) rc = compile_tables(cfg->do_tables, cfg->n_do_tables, fold, &out->do_tables, err);
    if (!rc)
        rc = compile_tables(cfg->ignore_tables, cfg->n_ignore_tables, fold, &out->ignore_tables,
                            err);
    return rc;
}

void bs_ba_free(bs_ba *ba)
{
    if (!ba) return;
    for (size_t i = 0; ba->do_dbs && i < ba->n_do_dbs; i++)
        bs_pattern_free(&ba->do_dbs[i]);
    for (size_t i = 0; ba->ignore_dbs && i < ba->n_ignore_dbs; i++)
        bs_pattern_free(&ba->ignore_dbs[i]);
    for (size_t i = 0; ba->do_tables && i < ba->n_do_tables; i++) {
        bs_pattern_free(&ba->do_tables[i].db);
        bs_pattern_free(&ba->do_tables[i].tbl);
    }
    for (size_t i = 0; ba->ignore_tables && i < ba->n_ignore_tables; i++) {
        bs_pattern_free(&ba->ignore_tables[i].db);
        bs_pattern_free(&ba->ignore_tables[i].tbl);
    }
    free(ba->do_dbs);
    free(ba->ignore_dbs);
    free(ba->do_tables);
    free(ba->ignore_tables);
    memset(ba, 0, sizeof *ba);
}

int bs_rules_ba_pass(const bs_rules *r, const char *schema, const char *table,
                     bs_rules_trace *trace)
{
    char ls[260], lt[260];
    if (!r->case_sensitive) {
        schema = bs_rules_lower(ls, sizeof ls, schema, strlen(schema));
        table = bs_rules_lower(lt, sizeof lt, table, strlen(table));
    }
    return bs_ba_decide(r->ba, schema, table, trace);
}
