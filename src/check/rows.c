/*
 * rows.c - verdicts for rows events (dm-rules.md §7.1).
 *
 * The table's decision comes from the rule engine's cache through a table
 * slot hung on the TABLE_MAP, so the common cases cost a pointer chase:
 *   - a row kind the table drops (system schema, BA list, online-DDL shadow
 *     table, a filter ignoring it): one verdict for the event, rows never
 *     decoded (the fast path);
 *   - a filter rule with action Error: DM stops (36015);
 * otherwise the rows are walked: the structure DM's tracker would hold is
 * looked up (binlog DDL, --schema, else the downstream table, else the
 * binlog's own columns, assumed), the images are checked for completeness
 * (11126) and their value count against the structure (36027), expression
 * filters are evaluated per row on decoded values, and each row is migrated
 * as the statement DM generates (INSERT / REPLACE in safe mode / UPDATE /
 * DELETE + REPLACE when a key changes / DELETE).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"
#include "util/error_internal.h"

static const int row_event[3] = {BS_DMEV_INSERT, BS_DMEV_UPDATE, BS_DMEV_DELETE};

static char *copy_bytes(bs_bytes b)
{
    char *p = malloc(b.len + 1);
    if (p && b.len) memcpy(p, b.ptr, b.len);
    if (p) p[b.len] = 0;
    return p;
}

static void prepare_extract(bs_check_slot *slot)
{
    const bs_route_result *r = &slot->d->route;
    const bs_task_route *rule = r->rule;
    if (!rule) return;
    const bs_task_extract *ex[3] = {&rule->extract_table, &rule->extract_schema,
                                    &rule->extract_source};
    const char *val[3] = {r->extract_table, r->extract_schema, r->extract_source};
    for (int i = 0; i < 3; i++)
        if (ex[i]->regexp && val[i]) {
            slot->extract_names[slot->nextract] = ex[i]->target_column;
            slot->extract_values[slot->nextract++] = val[i];
        }
}

static bs_check_slot *slot_new(bs_check_src *s, const bs_binlog_table *t,
                               const bs_table_decision *d)
{
    bs_check_slot *slot = calloc(1, sizeof *slot);
    if (!slot) return NULL;
    slot->next = s->slots;
    s->slots = slot;
    slot->schema = copy_bytes(t->schema);
    slot->table = copy_bytes(t->name);
    if (!slot->schema || !slot->table) return NULL;
    slot->d = d;
    slot->tally = bs_check_tally_table(s->tally, slot->schema, slot->table);
    if (slot->tally < 0 ||
        bs_check_tally_table_target(s->tally, slot->tally, d->drop_all,
                                    d->route.matched ? d->route.rule : NULL, d->route.target_schema,
                                    d->route.target_table))
        return NULL;
    slot->route_hit = d->route.matched ? bs_check_tally_rule(s->tally, d->route.rule) : -1;
    for (int k = 0; k < 3; k++)
        slot->rule_hit[k] = d->row_rule[k] ? bs_check_tally_rule(s->tally, d->row_rule[k])
                            : d->row_drop[k] == BS_DROP_BA_LIST
                                ? bs_check_tally_rule(s->tally, s->inst->ba_list)
                                : -1;
    prepare_extract(slot);
    return bs_check_keys_prepare(s, slot) ? NULL : slot;
}

/* The slot of a TABLE_MAP's table: hung on the table map, else on the rule
 * engine's cached decision, else made. */
static bs_check_slot *slot_of(bs_check_src *s, const bs_binlog_table *t)
{
    if (t->user) return t->user;
    const bs_table_decision *d =
        bs_rules_table(s->rules, (const char *)t->schema.ptr, t->schema.len,
                       (const char *)t->name.ptr, t->name.len);
    if (!d) return NULL;
    bs_check_slot *slot = d->user ? d->user : slot_new(s, t, d);
    if (!slot) return NULL;
    ((bs_table_decision *)d)->user = slot; /* the consumer's slot (rules.h) */
    ((bs_binlog_table *)t)->user = slot;   /* likewise (binlog.h) */
    return slot;
}

static int drop_step_of(int drop)
{
    switch (drop) {
    case BS_DROP_SYSTEM_SCHEMA: return BS_STEP_SYSTEM_SCHEMA;
    case BS_DROP_BA_LIST: return BS_STEP_BA_LIST;
    case BS_DROP_ONLINE_DDL: return BS_STEP_ONLINE_DDL;
    default: return BS_STEP_FILTER;
    }
}

static void verdict_for(bs_check_src *s, const bs_binlog_event *ev, const bs_check_slot *slot,
                        int kind, bs_check_verdict *v)
{
    bs_check_verdict_init(s, ev, v);
    v->dm_event = row_event[kind];
    v->schema = slot->schema;
    v->table = slot->table;
    v->rows = BS_CHECK_ROWS_UNKNOWN;
}

/* The fast path: the whole event is dropped or stops DM; rows stay undecoded. */
static int decided_by_table(bs_check_src *s, const bs_binlog_event *ev, bs_check_slot *slot,
                            int kind, int before)
{
    const bs_table_decision *d = slot->d;
    bs_check_verdict v;
    verdict_for(s, ev, slot, kind, &v);
    if (before) {
        v.verdict = BS_VERDICT_DROPPED;
        v.step = BS_STEP_BEFORE_START;
        return bs_check_emit(s, &v, slot->tally, -1, 1);
    }
    if (d->row_drop[kind]) {
        v.verdict = BS_VERDICT_DROPPED;
        v.step = drop_step_of(d->row_drop[kind]);
        if (d->row_rule[kind]) {
            v.rule = d->row_rule[kind]->name;
            v.rule_line = d->row_rule[kind]->line;
        } else if (d->row_drop[kind] == BS_DROP_BA_LIST) {
            v.rule = s->inst->ba_list_name;
        }
        return bs_check_emit(s, &v, slot->tally, slot->rule_hit[kind], 1);
    }
    if (d->row_action[kind] == BS_FILTER_ERROR) {
        char detail[700];
        snprintf(detail, sizeof detail, "event %s on `%s`.`%s`", bs_rules_event_name(v.dm_event),
                 slot->schema, slot->table);
        v.verdict = BS_VERDICT_CONFLICT;
        v.step = BS_STEP_FILTER;
        v.rule = d->row_rule[kind]->name;
        v.rule_line = d->row_rule[kind]->line;
        v.dm_code = 36015;
        v.detail = detail;
        v.fix = "the binlog filter rule has action Error: DM pauses the task; change the rule "
                "(Ignore to drop these changes) or skip the event with `binlog skip`";
        return bs_check_emit(s, &v, slot->tally, slot->rule_hit[kind], 1);
    }
    return 1; /* not decided by the table: walk the rows */
}

/* ---- the structure DM's tracker holds ---- */

/* The tracked structure of the slot's table, initialised from the downstream
 * target as DM does when nothing else is known. NULL with *missing set:
 * --downstream-schema lacks the target (44007); NULL otherwise: unknown. */
static const bs_schema_table *structure(bs_check_src *s, bs_check_slot *slot, int *missing)
{
    *missing = 0;
    const bs_schema_table *t = bs_schema_tracker_find(
        s->tracker, slot->schema, strlen(slot->schema), slot->table, strlen(slot->table));
    if (t || !s->check->downstream) return t;
    const bs_route_result *r = &slot->d->route;
    const bs_schema_table *down =
        bs_schema_tracker_find(s->check->downstream, r->target_schema, strlen(r->target_schema),
                               r->target_table, strlen(r->target_table));
    if (!down) {
        *missing = 1;
        return NULL;
    }
    bs_error err;
    if (bs_schema_tracker_copy_table(s->tracker, down, slot->schema, slot->table,
                                     BS_SCHEMA_FROM_DOWNSTREAM, &err))
        return NULL;
    return bs_schema_tracker_find(s->tracker, slot->schema, strlen(slot->schema), slot->table,
                                  strlen(slot->table));
}

/* Rows of an event, walked (not decoded) to count them. */
static int count_rows(bs_check_src *s, bs_binlog_reader *r, const bs_binlog_event *ev, uint64_t *n)
{
    bs_binlog_row_iter it;
    bs_binlog_row row;
    int rc = bs_binlog_rows_begin(r, ev, &it, &s->err);
    for (*n = 0; !rc && (rc = bs_binlog_rows_next(&it, &row, &s->err)) == 1; rc = 0)
        ++*n;
    return rc;
}

/* A conflict on the event's rows: DM stops at the first, the report counts
 * them all. */
static int conflict(bs_check_src *s, bs_binlog_reader *r, const bs_binlog_event *ev,
                    bs_check_verdict *v, const bs_check_slot *slot, int code, const char *detail,
                    const char *fix)
{
    int rc = count_rows(s, r, ev, &v->rows);
    if (rc) return rc;
    s->out->rows_decoded += v->rows;
    v->verdict = BS_VERDICT_CONFLICT;
    v->step = BS_STEP_TRACKER;
    v->dm_code = code;
    v->detail = detail;
    v->fix = fix;
    v->target_schema = slot->d->route.target_schema;
    v->target_table = slot->d->route.target_table;
    if (slot->d->route.matched && slot->d->route.rule) { /* routed before DM failed */
        v->rule = slot->d->route.rule->name;
        v->rule_line = slot->d->route.rule->line;
    }
    return bs_check_emit(s, v, slot->tally, slot->route_hit, 1);
}

static int missing_downstream(bs_check_src *s, bs_binlog_reader *r, const bs_binlog_event *ev,
                              bs_check_verdict *v, const bs_check_slot *slot)
{
    char detail[1200];
    const bs_route_result *route = &slot->d->route;
    snprintf(detail, sizeof detail,
             "cannot fetch downstream table schema of `%s`.`%s` to initialize upstream schema "
             "`%s`.`%s` in schema tracker",
             route->target_schema, route->target_table, slot->schema, slot->table);
    return conflict(s, r, ev, v, slot, 44007, detail,
                    "create the downstream table (it is not in --downstream-schema), or set the "
                    "upstream structure with `binlog-schema update` (binsift: --schema)");
}

static int all_columns(const uint8_t *bitmap, uint32_t ncols)
{
    for (uint32_t i = 0; i < ncols; i++)
        if (!(bitmap[i >> 3] & (1u << (i & 7)))) return 0;
    return 1;
}

/* 11126: DM needs every column in both images (binlog_row_image FULL). */
static int images_complete(const bs_binlog_rows *rows)
{
    if (rows->kind != BS_ROWS_DELETE && !all_columns(rows->cols_after, rows->ncols)) return 0;
    if (rows->kind != BS_ROWS_WRITE && !all_columns(rows->cols_before, rows->ncols)) return 0;
    return 1;
}

static const char *const gen_what[3] = {"insert", "update", "delete"};

static int count_mismatch(bs_check_src *s, bs_binlog_reader *r, const bs_binlog_event *ev,
                          bs_check_verdict *v, const bs_check_slot *slot, int kind,
                          uint32_t columns, uint32_t values)
{
    char detail[1200];
    const bs_route_result *route = &slot->d->route;
    snprintf(detail, sizeof detail,
             "gen %s sqls failed, sourceTable: `%s`.`%s`, targetTable: `%s`.`%s`: Column count "
             "doesn't match value count: %u (columns) vs %u (values)",
             gen_what[kind], slot->schema, slot->table, route->target_schema, route->target_table,
             columns, values);
    return conflict(s, r, ev, v, slot, 36027, detail,
                    "DM pauses the task: set the table's upstream structure with `binlog-schema "
                    "update -s <source> <task> <schema> <table> <file with the upstream CREATE "
                    "TABLE>` (or --from-source), then `resume-task`; for a shard merge, for every "
                    "shard table (binsift: --schema FILE.sql)");
}

/* ---- expression filters ---- */

/* The expression-filter view of a table DM's tracker does not know: the
 * binlog's own columns (names only when the server logged them). */
typedef struct binlog_view {
    bs_rules_expr_table table;
    bs_rules_expr_column *cols;
} binlog_view;

static int view_from_binlog(const bs_binlog_table *t, binlog_view *view)
{
    view->cols = calloc(t->ncols ? t->ncols : 1, sizeof *view->cols);
    if (!view->cols) return BS_ENOMEM;
    for (uint32_t i = 0; i < t->ncols; i++) {
        const bs_binlog_column *c = &t->cols[i];
        view->cols[i] = (bs_rules_expr_column){
            .name = {(const char *)c->name.ptr, c->name.len},
            .type = c->type,
            .is_unsigned = c->is_unsigned,
            .not_null = !c->nullable,
            .collation = c->charset,
        };
    }
    view->table = (bs_rules_expr_table){.schema = {(const char *)t->schema.ptr, t->schema.len},
                                        .name = {(const char *)t->name.ptr, t->name.len},
                                        .cols = view->cols,
                                        .ncols = t->ncols};
    return 0;
}

/* Compile the slot's expression filters for the structure version in use
 * (again after a DDL changed it). An expression binsift cannot evaluate
 * ends the replay: a verdict would be a guess. */
static int prepare_exprs(bs_check_src *s, bs_check_slot *slot, const bs_binlog_table *t,
                         const bs_schema_table *st)
{
    uint64_t version = st ? st->version : 0;
    if (slot->expr_ready && slot->expr_version == version) return 0;
    bs_rules_expr_filters_free(slot->exprs);
    slot->exprs = NULL;
    slot->expr_ready = 1;
    slot->expr_version = version;
    if (!slot->d->n_expr_filters) return 0;
    binlog_view view = {0};
    const bs_rules_expr_table *et = st ? bs_schema_table_expr(st) : NULL;
    if (!et) {
        if (view_from_binlog(t, &view)) return BS_ENOMEM;
        et = &view.table;
    }
    int rc = bs_rules_expr_filters_new(slot->d, bs_task_get(s->check->task)->file, et, &slot->exprs,
                                       &s->err);
    free(view.cols);
    return rc;
}

static int decode_image(bs_check_src *s, const bs_binlog_rows *rows, const bs_binlog_image *img,
                        bs_value *out)
{
    for (uint32_t i = 0; i < rows->ncols; i++) {
        int rc = bs_binlog_image_value(rows, img, i, &out[i], &s->err);
        if (rc) return rc;
    }
    return 0;
}

static int grow_values(bs_check_src *s, uint32_t n)
{
    if (n <= s->values_cap) return 0;
    bs_value *a = realloc(s->values, n * sizeof *a), *b;
    if (!a) return BS_ENOMEM;
    s->values = a;
    b = realloc(s->old_values, n * sizeof *b);
    if (!b) return BS_ENOMEM;
    s->old_values = b;
    s->values_cap = n;
    return 0;
}

/* Does the row's expression filter skip it? */
static int expr_skips(bs_check_src *s, bs_check_slot *slot, const bs_binlog_rows *rows,
                      const bs_binlog_row *row, int kind, uint32_t rows_ts,
                      bs_rules_expr_verdict *ev)
{
    int rc = grow_values(s, rows->ncols);
    const bs_value *before = NULL, *after = NULL;
    if (!rc && row->has_before) rc = decode_image(s, rows, &row->before, s->old_values);
    if (!rc && row->has_before) before = s->old_values;
    if (!rc && row->has_after) rc = decode_image(s, rows, &row->after, s->values);
    if (!rc && row->has_after) after = s->values;
    if (rc) return rc;
    bs_rules_expr_ctx ctx = {.now_usec = (int64_t)rows_ts * 1000000, .tz = s->check->tz};
    return bs_rules_expr_filters_eval(slot->exprs, kind, before, after, rows->ncols, &ctx, ev, NULL,
                                      &s->err);
}

/* ---- statements ---- */

/* The key DM's WHERE and safe-mode comparison use: the primary key, else the
 * first unique key of NOT NULL columns; NULL (every column) without one. */
static const bs_schema_key *row_key(const bs_schema_table *st)
{
    for (uint32_t i = 0; st && i < st->nkeys; i++) {
        const bs_schema_key *k = &st->keys[i];
        if (k->primary) return k;
        if (!k->unique) continue;
        uint32_t c = 0;
        while (c < k->ncols && st->cols[k->cols[c]].not_null)
            c++;
        if (c == k->ncols) return k;
    }
    return NULL;
}

/* Is DM in safe mode for an event at timestamp ts: the task's safe-mode, or
 * the assumed window after the start (replay.c opens it)? */
static int in_safe_mode(const bs_check_src *s, uint32_t ts)
{
    return s->safe_mode || ts < s->safe_until;
}

static int statement_of(const bs_check_src *s, int kind, const bs_binlog_rows *rows,
                        const bs_binlog_row *row, const bs_schema_key *key, uint32_t ts)
{
    if (kind == BS_ROW_DELETE) return BS_CHECK_STMT_DELETE;
    if (!in_safe_mode(s, ts))
        return kind == BS_ROW_INSERT ? BS_CHECK_STMT_INSERT : BS_CHECK_STMT_UPDATE;
    if (kind == BS_ROW_INSERT) return BS_CHECK_STMT_REPLACE;
    uint32_t n = key ? key->ncols : rows->ncols;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t col = key ? key->cols[i] : i;
        if (col >= rows->ncols) continue;
        uint32_t lb = row->before.len[col], la = row->after.len[col];
        if (lb != la) return BS_CHECK_STMT_DELETE_REPLACE;
        if (lb == BS_IMAGE_NULL || row->before.off[col] == BS_IMAGE_ABSENT) continue;
        if (memcmp(rows->data.ptr + row->before.off[col], rows->data.ptr + row->after.off[col],
                   lb) != 0)
            return BS_CHECK_STMT_DELETE_REPLACE;
    }
    return BS_CHECK_STMT_REPLACE;
}

/* ---- what a migrated row's statement names ---- */

static void free_names(bs_check_slot *slot)
{
    for (uint32_t i = 0; i < slot->n_names; i++)
        free(slot->names[i]);
    free(slot->names);
    free(slot->key);
    slot->names = NULL;
    slot->key = NULL;
    slot->n_names = slot->nkey = 0;
    slot->name_list = NULL;
}

static int set_key(bs_check_slot *slot, const bs_schema_key *key)
{
    if (!key || !key->ncols) return 0;
    slot->key = malloc(key->ncols * sizeof *slot->key);
    if (!slot->key) return BS_ENOMEM;
    memcpy(slot->key, key->cols, key->ncols * sizeof *slot->key);
    slot->nkey = key->ncols;
    return 0;
}

/* Column names and key of the structure in use: the tracker's, else the
 * TABLE_MAP's metadata (names and primary key when the server logged them). */
static int prepare_names(bs_check_slot *slot, const bs_binlog_table *t, const bs_schema_table *st)
{
    uint64_t version = st ? st->version : 0;
    if (slot->names_ready && slot->names_version == version && (st || slot->n_names == t->ncols))
        return 0;
    free_names(slot);
    uint32_t n = st ? st->ncols : t->ncols;
    slot->names = calloc(n ? n : 1, sizeof *slot->names);
    if (!slot->names) return BS_ENOMEM;
    slot->n_names = n;
    int known = 1;
    for (uint32_t i = 0; i < n; i++) {
        slot->names[i] = st ? strdup(st->cols[i].name) : copy_bytes(t->cols[i].name);
        if (!slot->names[i]) return BS_ENOMEM;
        if (!*slot->names[i]) known = 0;
    }
    slot->name_list = known ? (const char *const *)slot->names : NULL;
    int rc = st ? set_key(slot, row_key(st))
                : set_key(slot, &(bs_schema_key){.primary = 1, .ncols = t->npk, .cols = t->pk});
    slot->names_ready = 1;
    slot->names_version = version;
    return rc;
}

/* ---- walking the rows ---- */

typedef struct row_walk {
    bs_check_src *s;
    bs_check_slot *slot;
    const bs_binlog_event *ev;
    const bs_schema_key *key;
    int kind;
    bs_check_verdict v;
    bs_check_row row;
    uint64_t seen[BS_VERDICT_COUNT]; /* rows of this event per verdict so far */
} row_walk;

static int row_verdict(row_walk *w, const bs_binlog_row *row, uint32_t index)
{
    bs_check_src *s = w->s;
    bs_check_verdict *v = &w->v;
    v->row_index = index;
    v->rows = 1;
    v->rule = NULL;
    v->rule_line = 0;
    v->verdict = BS_VERDICT_MIGRATED;
    v->dm_code = 0;
    v->detail = "";
    v->fix = NULL;
    long hit = w->slot->route_hit;
    if (w->slot->exprs) {
        bs_rules_expr_verdict ex;
        int rc = expr_skips(s, w->slot, &w->ev->u.rows, row, w->kind, w->ev->timestamp, &ex);
        if (rc) return rc;
        if (ex.skip) {
            v->verdict = BS_VERDICT_DROPPED;
            v->step = BS_STEP_EXPRESSION;
            v->rule = ex.rule->name;
            v->rule_line = ex.rule->line;
            v->statement = BS_CHECK_STMT_NONE;
            v->target_schema = v->target_table = NULL;
            v->row = NULL;
            hit = bs_check_tally_rule(s->tally, ex.rule);
        }
    }
    if (v->verdict == BS_VERDICT_MIGRATED) {
        v->step = 0;
        v->statement = statement_of(s, w->kind, &w->ev->u.rows, row, w->key, w->ev->timestamp);
        v->target_schema = w->slot->d->route.target_schema;
        v->target_table = w->slot->d->route.target_table;
        if (w->slot->d->route.matched && w->slot->d->route.rule) {
            v->rule = w->slot->d->route.rule->name;
            v->rule_line = w->slot->d->route.rule->line;
        }
        w->row.row = row;
        v->row = &w->row;
        int safe = in_safe_mode(s, w->ev->timestamp);
        int rc = bs_check_keys_row(s, w->slot, w->ev, row, w->kind, safe, v);
        if (rc < 0) return rc;
    }
    uint64_t first = w->seen[v->verdict]++ == 0;
    return bs_check_emit(s, v, w->slot->tally, hit, first);
}

static int walk_rows(bs_check_src *s, bs_binlog_reader *r, const bs_binlog_event *ev,
                     bs_check_slot *slot, int kind, const bs_schema_table *st)
{
    row_walk w = {.s = s, .slot = slot, .ev = ev, .kind = kind, .key = row_key(st)};
    verdict_for(s, ev, slot, kind, &w.v);
    w.row = (bs_check_row){.rows = &ev->u.rows,
                           .ncols = ev->u.rows.ncols,
                           .names = slot->name_list,
                           .key = slot->key,
                           .nkey = slot->nkey,
                           .extract_names = slot->extract_names,
                           .extract_values = slot->extract_values,
                           .nextract = slot->nextract};
    bs_binlog_row_iter it;
    int rc = bs_binlog_rows_begin(r, ev, &it, &s->err);
    bs_binlog_row row;
    uint32_t index = 0;
    while (!rc && (rc = bs_binlog_rows_next(&it, &row, &s->err)) == 1)
        rc = row_verdict(&w, &row, index++);
    s->out->rows_decoded += index;
    if (!rc) bs_check_pessimist_rows(s, slot->target, slot->tally, index);
    return rc;
}

static void note_assumed(bs_check_src *s, bs_check_slot *slot, const bs_binlog_table *t)
{
    if (slot->assumed_noted) return;
    slot->assumed_noted = 1;
    bs_check_note(s, BS_DIAG_INFO, "structure-assumed",
                  "`%s`.`%s`: no structure known (no CREATE TABLE in the replayed binlog, no "
                  "--schema, no --downstream-schema): assumed to match the binlog's %u columns, "
                  "as DM would find it downstream",
                  slot->schema, slot->table, (unsigned)t->ncols);
}

/* Everything after the table decision: structure, images, rows. */
static int structured_rows(bs_check_src *s, bs_binlog_reader *r, const bs_binlog_event *ev,
                           bs_check_slot *slot, int kind)
{
    const bs_binlog_rows *rows = &ev->u.rows;
    const bs_binlog_table *t = rows->table;
    bs_check_verdict v;
    verdict_for(s, ev, slot, kind, &v);
    int missing;
    const bs_schema_table *st = structure(s, slot, &missing);
    if (missing) return missing_downstream(s, r, ev, &v, slot);
    if (!st) note_assumed(s, slot, t);
    if (!images_complete(rows))
        return conflict(s, r, ev, &v, slot, 11126, "upstream didn't log enough columns in binlog",
                        "set binlog_row_image=FULL on the upstream server (DM needs every "
                        "column of every row)");
    uint32_t values = rows->ncols + slot->nextract;
    uint32_t columns = st ? st->ncols : values;
    if (columns != values) return count_mismatch(s, r, ev, &v, slot, kind, columns, values);
    if (bs_check_downstream_fit(s, slot, st, kind, &v))
        return conflict(s, r, ev, &v, slot, v.dm_code, v.detail, v.fix);
    int rc = prepare_exprs(s, slot, t, st);
    if (!rc) rc = prepare_names(slot, t, st);
    return rc ? rc : walk_rows(s, r, ev, slot, kind, st);
}

int bs_check_rows_event(bs_check_src *s, bs_binlog_reader *r, const bs_binlog_event *ev,
                        int before_start)
{
    const bs_binlog_rows *rows = &ev->u.rows;
    if (BS_UNLIKELY(!rows->table))
        return bs_error_set(&s->err, BS_ECORRUPT, ev->file, ev->offset,
                            "rows event for table id %llu without a TABLE_MAP before it (a start "
                            "position inside a transaction?)",
                            (unsigned long long)rows->table_id);
    bs_check_slot *slot = slot_of(s, rows->table);
    if (BS_UNLIKELY(!slot))
        return bs_error_set(&s->err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    int kind = rows->kind - 1;
    int rc = decided_by_table(s, ev, slot, kind, before_start);
    return rc <= 0 ? rc : structured_rows(s, r, ev, slot, kind);
}

void bs_check_slots_free(bs_check_src *s)
{
    while (s->slots) {
        bs_check_slot *slot = s->slots;
        s->slots = slot->next;
        free(slot->schema);
        free(slot->table);
        bs_rules_expr_filters_free(slot->exprs);
        free_names(slot);
        free(slot);
    }
}
