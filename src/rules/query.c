/*
 * query.c - DM's decision for one QUERY event (dm-rules.md §7.2, with §5.3,
 * §5.5, §7.3, §7.4; tiflow dm/syncer/syncer.go, ddl.go HandleQueryEvent,
 * processOneDDL, skipQueryEvent, the Pessimist/Optimist preFilter and
 * handleDDL, dm/syncer/filter.go, online-ddl-tools Apply).
 *
 * DM's order, which this file follows step by step:
 *   1. the text with Go's TrimSpace: exactly "COMMIT" ends the transaction,
 *      exactly "BEGIN" does nothing; then control characters are trimmed;
 *   2. the built-in skipped statements (checked by DM per split statement and
 *      again after any error: whatever path a matching text takes, DM skips
 *      it, so it is checked once, first);
 *   3. parsing with the event's sql_mode: failure is 36067; a statement that
 *      is not a DDL is skipped (statement-format DML included: its rows are
 *      lost); statements TiDB's parser has no grammar for are 36067 too, DDL
 *      node types DM's SplitDDL does not take are 11007;
 *   4. SplitDDL, then per split statement (processOneDDL): foreign-key DDL
 *      when the downstream checks foreign keys (36068), its tables and their
 *      routes and the routed text (genDDLInfo), the event type
 *      (AstToDDLEvent), then per table, with online-DDL real names: system
 *      schema and BA list (a drop skips the statement, untracked), binlog
 *      filter with the whole text (Ignore skips it but it is tracked; Error
 *      is 36015 and stops everything); then the online-DDL plugin, which runs
 *      on filtered statements too (a filtered DDL on a real table counts as
 *      an "online DDL change" of that table: two such tables in one event are
 *      36041, DM's own quirk);
 *   5. shard modes: pessimistic mode does not run DROP DATABASE / DROP TABLE /
 *      TRUNCATE and fails with 36022 when the rest touch two source tables;
 *      optimistic mode does not run TRUNCATE, fails RENAME TABLE with 36068,
 *      then 36022 the same way;
 *   6. any error from 3 on goes through the global filter (Filter("", "",
 *      null, text)): only `*` rules can match, and an Ignore turns the error
 *      into a skip.
 *
 * Memory: the context owns the DDL parser (warm after the first events), an
 * arena for the result's strings (reset per call) and the statement/table
 * arrays (grown, never shrunk), so a warmed-up context does not allocate.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binsift/buf.h"
#include "rules/query_internal.h"
#include "rules/rules_compiled.h"
#include "util/arena.h"

#define DM_PARSE_DDL          36067
#define DM_UNKNOWN_TYPE_DDL   11007
#define DM_FILTER_ERROR       36015
#define DM_MULTIPLE_TABLE     36022
#define DM_ONLINE_MULTIPLE    36041
#define DM_RENAME_TO_GHOST    36044
#define DM_RENAME_GHOST_OTHER 36045
#define DM_UNSUPPORTED_STMT   36068

struct bs_rules_query {
    bs_rules *r;
    bs_ddl_parser *parser;
    bs_arena arena; /* the result's strings, reset per call */
    bs_buf scratch; /* restored statements */
    bs_rules_query_stmt *stmts;
    uint32_t cap_stmts;
    bs_rules_query_table *tables;
    uint32_t cap_tables;
    bs_rules_query_result res;
};

/* One call. */
typedef struct run {
    bs_rules_query *q;
    const bs_rules_query_input *in;
    bs_rules_query_result *res;
    bs_rules_trace *trace;
    bs_error *err;
    const char *sql; /* trimmed as DM trims it */
    size_t len;
    const bs_rules_query_table *online_table; /* DM's qec.onlineDDLTable */
} run;

int bs_rules_query_new(bs_rules *r, bs_rules_query **out, bs_error *err)
{
    bs_rules_query *q = calloc(1, sizeof *q);
    if (!q) return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    int rc = bs_ddl_parser_new(&q->parser, err);
    if (rc) {
        free(q);
        return rc;
    }
    q->r = r;
    *out = q;
    return 0;
}

void bs_rules_query_free(bs_rules_query *q)
{
    if (!q) return;
    bs_ddl_parser_free(q->parser);
    bs_arena_free(&q->arena);
    bs_buf_free(&q->scratch);
    free(q->stmts);
    free(q->tables);
    free(q);
}

/* ---- small helpers ---- */

static const char *arena_str(run *x, const char *s, size_t n)
{
    char *p = bs_arena_alloc(&x->q->arena, n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n); /* an absent name is (NULL, 0) */
    p[n] = 0;
    return p;
}

static const char *arena_printf(run *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *arena_printf(run *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = n >= 0 ? bs_arena_alloc(&x->q->arena, (size_t)n + 1) : NULL;
    if (!p) return "";
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

#define note(x, step, rule, ...)                                                                   \
    ((x)->trace ? bs_rules_trace_add((x)->trace, (step), (rule), __VA_ARGS__) : (void)0)

/* Width of the Unicode white space Go's TrimSpace removes at s, or 0:
 * ASCII \t..\r and space, U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028,
 * U+2029, U+202F, U+205F, U+3000 (unicode.IsSpace). */
static size_t space_at(const unsigned char *s, size_t n)
{
    static const unsigned char wide[][3] = {{0xE1, 0x9A, 0x80}, {0xE2, 0x80, 0xA8},
                                            {0xE2, 0x80, 0xA9}, {0xE2, 0x80, 0xAF},
                                            {0xE2, 0x81, 0x9F}, {0xE3, 0x80, 0x80}};
    if (n && (*s == ' ' || (*s >= '\t' && *s <= '\r'))) return 1;
    if (n >= 2 && s[0] == 0xC2 && (s[1] == 0x85 || s[1] == 0xA0)) return 2;
    if (n < 3) return 0;
    if (s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x80 && s[2] <= 0x8A) return 3;
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (memcmp(s, wide[i], 3) == 0) return 3;
    return 0;
}

/* The same at the end of s[0..n). */
static size_t space_before(const unsigned char *s, size_t n)
{
    for (size_t w = 1; w <= 3 && w <= n; w++)
        if (space_at(s + n - w, w) == w) return w;
    return 0;
}

static bool is_ctrl(unsigned char c)
{
    return c < 32 || c == 127;
}

/* Go's strings.TrimSpace. */
static void trim_space(const char **s, size_t *n)
{
    size_t w;
    while ((w = space_at((const unsigned char *)*s, *n)))
        *s += w, *n -= w;
    while ((w = space_before((const unsigned char *)*s, *n)))
        *n -= w;
}

/* Nothing but white space, plain comments and semicolons (TiDB parses no
 * statement out of it). */
static bool blank(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == ';') {
            i++;
        } else if (s[i] == '#' || (i + 2 < n && s[i] == '-' && s[i + 1] == '-' &&
                                   (s[i + 2] == ' ' || s[i + 2] == '\t'))) {
            while (i < n && s[i] != '\n')
                i++;
        } else if (i + 2 < n && s[i] == '/' && s[i + 1] == '*' && s[i + 2] != '!' &&
                   s[i + 2] != 'M') {
            const char *end = NULL;
            for (size_t k = i + 2; k + 1 < n && !end; k++)
                if (s[k] == '*' && s[k + 1] == '/') end = s + k;
            if (!end) return false;
            i = (size_t)(end - s) + 2;
        } else {
            return false;
        }
    }
    return true;
}

static bool same_table(const bs_rules_query_table *a, const bs_rules_query_table *b)
{
    return strcmp(a->schema, b->schema) == 0 && strcmp(a->table, b->table) == 0;
}

/* `db`.`tbl`, or `db` for a database: filter.Table's String(). */
static const char *table_str(run *x, const char *schema, const char *table)
{
    return table[0] ? arena_printf(x, "`%s`.`%s`", schema, table) : arena_printf(x, "`%s`", schema);
}

/* ---- how DM sees a statement kind ---- */

enum dm_view {
    DMV_SPLIT,       /* a DDL SplitDDL handles (or rejects with 11007 itself) */
    DMV_UNKNOWN_DDL, /* a TiDB DDL node SplitDDL does not take: 11007 */
    DMV_DML,         /* statement-format DML: skipped, the rows are lost */
    DMV_NOT_DDL,     /* any other statement TiDB parses: skipped */
    DMV_UNPARSABLE   /* TiDB's grammar has no such statement: 36067 */
};

static int dm_view(const bs_ddl_stmt *st)
{
    switch (st->kind) {
    case BS_STMT_ALTER_TABLE: /* TiDB parses ALTER TABLE t ANALYZE PARTITION as ANALYZE */
        return st->u.alter.nspecs == 1 && st->u.alter.specs[0].kind == BS_ALTER_ANALYZE_PARTITION
                   ? DMV_NOT_DDL
                   : DMV_SPLIT;
    case BS_STMT_ALTER_VIEW: return DMV_UNPARSABLE;
    case BS_STMT_LOCK_TABLES:
    case BS_STMT_UNLOCK_TABLES: return DMV_UNKNOWN_DDL;
    case BS_STMT_INSERT:
    case BS_STMT_REPLACE:
    case BS_STMT_UPDATE:
    case BS_STMT_DELETE:
    case BS_STMT_LOAD_DATA: return DMV_DML;
    case BS_STMT_XA:
    case BS_STMT_CREATE_TRIGGER:
    case BS_STMT_DROP_TRIGGER:
    case BS_STMT_ALTER_PROCEDURE:
    case BS_STMT_CREATE_FUNCTION:
    case BS_STMT_ALTER_FUNCTION:
    case BS_STMT_DROP_FUNCTION:
    case BS_STMT_CREATE_EVENT:
    case BS_STMT_ALTER_EVENT:
    case BS_STMT_DROP_EVENT:
    case BS_STMT_CREATE_TABLESPACE:
    case BS_STMT_ALTER_TABLESPACE:
    case BS_STMT_DROP_TABLESPACE:
    case BS_STMT_CREATE_SERVER:
    case BS_STMT_ALTER_SERVER:
    case BS_STMT_DROP_SERVER:
    case BS_STMT_LOGFILE_GROUP:
    case BS_STMT_PACKAGE:
    case BS_STMT_RESOURCE_GROUP:
    case BS_STMT_SPATIAL_REFERENCE_SYSTEM:
    case BS_STMT_PLUGIN:
    case BS_STMT_REPAIR_TABLE:
    case BS_STMT_CHECK_TABLE: return DMV_UNPARSABLE;
    default: return bs_ddl_kind_is_parsed(st->kind) ? DMV_SPLIT : DMV_NOT_DDL;
    }
}

/* ---- outcomes ---- */

static int skip_query(run *x, int reason, int step, const char *message)
{
    x->res->kind = BS_QUERY_SKIPPED;
    x->res->skip = reason;
    x->res->step = step;
    x->res->message = message;
    note(x, step, NULL, "%s", message);
    return 0;
}

/* An error DM raises while handling the event; stmt may be NULL. */
static void fail_query(run *x, int step, int dm_code, const char *message,
                       bs_rules_query_stmt *stmt)
{
    x->res->kind = BS_QUERY_ERROR;
    x->res->step = step;
    x->res->dm_code = dm_code;
    x->res->message = message;
    if (stmt) {
        stmt->fate = BS_QFATE_ERROR;
        stmt->step = step;
        stmt->dm_code = dm_code;
        stmt->message = message;
    }
    note(x, step, stmt && stmt->filter ? stmt->filter->name : NULL, "error %d: %s", dm_code,
         message);
}

/* skipSQLByPattern after an error: a `*` rule that ignores the text turns the
 * error into a skip. */
static void global_filter(run *x)
{
    bs_filter_result fr;
    note(x, BS_STEP_GLOBAL_FILTER, NULL, "DM re-checks the whole text with Filter(\"\", \"\")");
    bs_rules_filter(x->q->r, "", "", BS_DMEV_NULL, x->sql, x->len, &fr, x->trace);
    if (fr.action != BS_FILTER_IGNORE) {
        note(x, BS_STEP_GLOBAL_FILTER, NULL, "no `*` rule ignores it: the error stands");
        return;
    }
    x->res->kind = BS_QUERY_SKIPPED;
    x->res->skip = BS_QSKIP_GLOBAL_FILTER;
    x->res->step = BS_STEP_GLOBAL_FILTER;
    x->res->filter = fr.rule;
    note(x, BS_STEP_GLOBAL_FILTER, fr.rule ? fr.rule->name : NULL,
         "filter rule %s ignores the text: error %d becomes a silent skip",
         fr.rule ? fr.rule->name : "?", x->res->dm_code);
}

/* ---- a split statement's tables, routes and text (genDDLInfo) ---- */

typedef struct rename_ctx {
    const bs_rules_query_stmt *st;
    uint32_t next;
} rename_ctx;

/* RenameDDLTable: the k-th name written is the k-th fetched table. */
static int route_name(void *ctx, const bs_ddl_table *source, bs_ddl_table *target)
{
    rename_ctx *c = ctx;
    (void)source;
    if (c->next >= c->st->ntables) return BS_EINVAL;
    const bs_rules_query_table *t = &c->st->tables[c->next++];
    target->schema =
        (bs_ddl_str){t->target_schema, (uint32_t)strlen(t->target_schema), BS_DDL_NO_OFFSET};
    target->name =
        (bs_ddl_str){t->target_table, (uint32_t)strlen(t->target_table), BS_DDL_NO_OFFSET};
    return 0;
}

static int route_table(run *x, bs_rules_query_table *t, bool traced)
{
    t->target_schema = t->schema;
    t->target_table = t->table;
    if (!t->schema[0]) return 0; /* DM's route() leaves a table without schema alone */
    bs_route_result rr;
    int rc = bs_rules_route(x->q->r, t->schema, t->table, &rr, traced ? x->trace : NULL, x->err);
    if (rc) return rc;
    t->route = rr.rule;
    t->route_ambiguous = rr.ambiguous;
    if (!rr.matched) return 0;
    t->target_schema = rr.target_schema; /* the rule's strings, or ours */
    t->target_table = rr.target_table;
    return 0;
}

static int fill_table(run *x, const bs_ddl_table *src, bs_rules_query_table *t, bool traced)
{
    memset(t, 0, sizeof *t);
    t->schema = arena_str(x, src->schema.ptr, src->schema.len);
    t->table = arena_str(x, src->name.ptr, src->name.len);
    char *real = bs_arena_alloc(&x->q->arena, (size_t)src->name.len + 1);
    if (!t->schema || !t->table || !real) return BS_ENOMEM;
    t->online_type = bs_rules_online_ddl_table(x->q->r, t->table, real, (size_t)src->name.len + 1);
    t->real_table = t->online_type ? real : t->table;
    if (t->online_type && traced)
        note(x, BS_STEP_ONLINE_DDL, NULL, "%s is a %s table of %s", t->table,
             t->online_type == 1 ? "gh-ost/pt ghost" : "gh-ost/pt trash", t->real_table);
    return route_table(x, t, traced);
}

static int prepare_stmt(run *x, const bs_ddl_split_stmt *s, bs_rules_query_stmt *st,
                        bs_rules_query_table *tables, bool traced)
{
    memset(st, 0, sizeof *st);
    st->split = s;
    st->ntables = s->ntables;
    st->tables = tables;
    st->fate = BS_QFATE_NOT_REACHED;
    st->table = UINT32_MAX;
    for (uint32_t j = 0; j < s->ntables; j++) {
        int rc = fill_table(x, &s->tables[j], &tables[j], traced);
        if (rc)
            return rc == BS_ENOMEM ? bs_error_set(x->err, rc, NULL, BS_NO_OFFSET, "out of memory")
                                   : rc;
    }
    rename_ctx rc_ctx = {st, 0};
    bs_buf_clear(&x->q->scratch);
    int rc = bs_ddl_restore(s, route_name, &rc_ctx, &x->q->scratch, x->err);
    if (rc && !x->err->code)
        bs_error_set(x->err, rc, NULL, BS_NO_OFFSET, "cannot render the routed statement");
    if (rc) return rc;
    if (!(st->sql = arena_str(x, x->q->scratch.data ? x->q->scratch.data : "", x->q->scratch.len)))
        return bs_error_set(x->err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    st->sql_len = x->q->scratch.len;
    if (traced) note(x, BS_STEP_ROUTE, NULL, "routed: %s", st->sql);
    return 0;
}

/* ---- system schema, BA list, binlog filter (skipQueryEvent) ---- */

static void drop_stmt(bs_rules_query_stmt *st, int step, uint32_t table)
{
    st->fate = BS_QFATE_DROPPED;
    st->step = step;
    st->table = table;
}

/* 0 when the statement goes on to the online-DDL plugin (passed or filtered),
 * 1 when dropped by the system schema / BA list, -1 on a filter Error. */
static int check_tables(run *x, bs_rules_query_stmt *st)
{
    bs_rules *r = x->q->r;
    for (uint32_t j = 0; j < st->ntables; j++) {
        const bs_rules_query_table *t = &st->tables[j];
        if (bs_rules_is_system_schema(t->schema, strlen(t->schema))) {
            note(x, BS_STEP_SYSTEM_SCHEMA, NULL, "`%s` is a system schema: statement skipped",
                 t->schema);
            return drop_stmt(st, BS_STEP_SYSTEM_SCHEMA, j), 1;
        }
        if (!bs_rules_ba_pass(r, t->schema, t->real_table, x->trace)) {
            st->ba_list = r->inst->ba_list;
            note(x, BS_STEP_BA_LIST, r->inst->ba_list_name,
                 "the block-allow list drops %s: statement skipped, not tracked",
                 table_str(x, t->schema, t->real_table));
            return drop_stmt(st, BS_STEP_BA_LIST, j), 1;
        }
        bs_filter_result fr;
        bs_rules_filter(r, t->schema, t->real_table, st->event, x->sql, x->len, &fr, x->trace);
        if (fr.action == BS_FILTER_DO) continue;
        st->filter = fr.rule;
        st->table = j;
        if (fr.action == BS_FILTER_ERROR) {
            fail_query(x, BS_STEP_FILTER, DM_FILTER_ERROR,
                       arena_printf(x, "event %s on %s", bs_rules_event_name(st->event),
                                    table_str(x, t->schema, t->real_table)),
                       st);
            x->res->filter = fr.rule;
            return -1;
        }
        drop_stmt(st, BS_STEP_FILTER, j);
        st->tracked = 1; /* DM tracks what its filter skips */
        note(x, BS_STEP_FILTER, fr.rule ? fr.rule->name : NULL,
             "filter rule %s ignores it: not run, but applied to the schema tracker",
             fr.rule ? fr.rule->name : "?");
        return 0;
    }
    st->fate = BS_QFATE_EXECUTED;
    return 0;
}

/* ---- online DDL (online-ddl-tools RealOnlinePlugin.Apply) ---- */

/* The split statement as DM's Apply sees it: "" once the filter skipped it. */
static const char *origin_ddl(run *x, const bs_rules_query_stmt *st)
{
    if (st->fate == BS_QFATE_DROPPED) return "";
    bs_buf_clear(&x->q->scratch);
    if (bs_ddl_restore(st->split, NULL, NULL, &x->q->scratch, NULL)) return "";
    return arena_str(x, x->q->scratch.data ? x->q->scratch.data : "", x->q->scratch.len);
}

/* processOneDDL: a result that is not the statement itself marks this
 * event's online-DDL table; a second, different one is 36041. */
static int mark_online_table(run *x, bs_rules_query_stmt *st)
{
    const bs_rules_query_table *t = &st->tables[0];
    if (!x->online_table) {
        x->online_table = t;
        return 0;
    }
    if (same_table(x->online_table, t)) return 0;
    fail_query(x, BS_STEP_ONLINE_DDL, DM_ONLINE_MULTIPLE,
               arena_printf(x, "online ddl changes on multiple table: %s not supported", x->sql),
               st);
    return -1;
}

static void online_action(run *x, bs_rules_query_stmt *st, int action, const char *what)
{
    st->online = action;
    note(x, BS_STEP_ONLINE_DDL, NULL, "%s", what);
    if (st->fate == BS_QFATE_EXECUTED) drop_stmt(st, BS_STEP_ONLINE_DDL, 0);
}

static int online_error(run *x, bs_rules_query_stmt *st, int code, const char *fmt)
{
    fail_query(x, BS_STEP_ONLINE_DDL, code, arena_printf(x, fmt, origin_ddl(x, st)), st);
    return -1;
}

static int online_real(run *x, bs_rules_query_stmt *st, bool rename)
{
    if (rename && st->tables[1].online_type == 2)
        return online_action(x, st, BS_QONLINE_RENAME_TO_TRASH,
                             "real table renamed to a trash table: not run"),
               0;
    if (rename && st->tables[1].online_type == 1)
        return online_error(x, st, DM_RENAME_TO_GHOST,
                            "rename table to gh-ost temporary table %s not supported");
    /* Apply returns the statement, "" when filtered: then it is not the
     * statement and marks the event's online table */
    return st->fate == BS_QFATE_DROPPED ? mark_online_table(x, st) : 0;
}

static int online_ghost(run *x, bs_rules_query_stmt *st, bool rename)
{
    unsigned kind = st->split->stmt->kind;
    if (kind == BS_STMT_CREATE_TABLE || kind == BS_STMT_DROP_TABLE)
        return online_action(x, st, BS_QONLINE_RESET,
                             "ghost table created or dropped: its record is cleared, not run"),
               0;
    if (!rename)
        return online_action(x, st, BS_QONLINE_RECORD,
                             "DDL on a ghost table: recorded for the cut-over, not run"),
               0;
    int to = st->tables[1].online_type;
    if (to == 1)
        return online_error(x, st, DM_RENAME_GHOST_OTHER,
                            "rename gh-ost temporary table to other temporary table %s not "
                            "supported");
    if (to == 2)
        return online_action(x, st, BS_QONLINE_RESET,
                             "ghost table renamed to a trash table: its record is cleared"),
               0;
    st->online = BS_QONLINE_SWAP;
    st->fate = BS_QFATE_ONLINE_SWAP;
    note(x, BS_STEP_ONLINE_DDL, NULL,
         "cut-over: DM runs the DDLs recorded for %s against %s instead (36046 if none)",
         st->tables[0].table, table_str(x, st->tables[1].schema, st->tables[1].table));
    return mark_online_table(x, st);
}

static int online_apply(run *x, bs_rules_query_stmt *st)
{
    if (!x->q->r->online_ddl || st->ntables == 0) return 0;
    bool rename = st->split->stmt->kind == BS_STMT_RENAME_TABLE && st->ntables == 2;
    switch (st->tables[0].online_type) {
    case 1: return online_ghost(x, st, rename);
    case 2:
        if (rename && st->tables[1].online_type == 1)
            return online_error(x, st, DM_RENAME_GHOST_OTHER,
                                "rename gh-ost temporary table to other temporary table %s "
                                "not supported");
        return online_action(x, st, BS_QONLINE_TRASH, "DDL on a trash table: ignored"), 0;
    default: return online_real(x, st, rename);
    }
}

/* genDDLInfo's rejectForeignKeyDDL: with the downstream's foreign_key_checks
 * on, a CREATE TABLE with a FOREIGN KEY constraint or an ADD FOREIGN KEY. */
static int reject_foreign_key(run *x, bs_rules_query_stmt *st)
{
    const bs_ddl_stmt *s = st->split->stmt;
    const char *what = NULL;
    if (!x->in->foreign_key_checks) return 0;
    if (s->kind == BS_STMT_CREATE_TABLE) {
        for (uint32_t i = 0; i < s->u.create_table.nconstraints; i++)
            if (s->u.create_table.constraints[i].kind == BS_CONS_FOREIGN)
                what = "CREATE TABLE with FOREIGN KEY";
    } else if (s->kind == BS_STMT_ALTER_TABLE && st->split->index < s->u.alter.nspecs) {
        const bs_ddl_alter_spec *spec = &s->u.alter.specs[st->split->index];
        if (spec->kind == BS_ALTER_ADD_CONSTRAINT && spec->nconstraints &&
            spec->constraints[0].kind == BS_CONS_FOREIGN)
            what = "ALTER TABLE ADD FOREIGN KEY";
    }
    if (!what) return 0;
    fail_query(x, BS_STEP_SPLIT, DM_UNSUPPORTED_STMT,
               arena_printf(x, "`%s` statement not supported in foreign_key_checks=1 mode", what),
               st);
    return -1;
}

/* processOneDDL for split statement i: -1 when it stopped the event. */
static int process_stmt(run *x, bs_rules_query_stmt *st)
{
    if (reject_foreign_key(x, st)) return -1;
    st->event = bs_rules_ddl_event(st->split, x->in->lookup, x->in->lookup_ctx, &st->event_why);
    note(x, BS_STEP_DDL_EVENT, NULL, "event type \"%s\" (%s)", bs_rules_event_name(st->event),
         st->event_why);
    int rc = check_tables(x, st);
    if (rc) return rc < 0 ? -1 : 0;
    return online_apply(x, st);
}

/* ---- shard modes (Pessimist/Optimist preFilter and handleDDL) ---- */

/* The source table a statement that runs stands for: a cut-over stands for
 * the recorded DDLs on the real table. */
static const bs_rules_query_table *source_of(const bs_rules_query_stmt *st)
{
    return st->fate == BS_QFATE_ONLINE_SWAP ? &st->tables[1] : &st->tables[0];
}

static bool runs(const bs_rules_query_stmt *st)
{
    return (st->fate == BS_QFATE_EXECUTED || st->fate == BS_QFATE_ONLINE_SWAP) && st->ntables;
}

static void shard_skip(run *x, bs_rules_query_stmt *st, const char *why)
{
    drop_stmt(st, BS_STEP_SHARD, 0);
    st->message = why;
    note(x, BS_STEP_SHARD, NULL, "%s", why);
}

/* Every statement that runs must be about one source table. */
static int one_table(run *x)
{
    const bs_rules_query_table *first = NULL;
    for (uint32_t i = 0; i < x->res->nstmts; i++) {
        bs_rules_query_stmt *st = &x->q->stmts[i];
        if (!runs(st)) continue;
        if (!first) first = source_of(st);
        if (same_table(first, source_of(st))) continue;
        fail_query(x, BS_STEP_SHARD, DM_MULTIPLE_TABLE,
                   arena_printf(x, "ddl on multiple table: %s not supported", x->sql), st);
        return -1;
    }
    return 0;
}

static int pessimistic(run *x)
{
    for (uint32_t i = 0; i < x->res->nstmts; i++) {
        bs_rules_query_stmt *st = &x->q->stmts[i];
        if (!runs(st) || st->fate == BS_QFATE_ONLINE_SWAP) continue;
        unsigned k = st->split->stmt->kind;
        if (k == BS_STMT_DROP_DATABASE)
            shard_skip(x, st,
                       "pessimistic mode: DROP DATABASE is not run (its tables leave "
                       "their shard groups)");
        else if (k == BS_STMT_DROP_TABLE || k == BS_STMT_DROP_VIEW)
            shard_skip(x, st,
                       "pessimistic mode: DROP TABLE is not run (the table leaves its "
                       "shard group)");
        else if (k == BS_STMT_TRUNCATE_TABLE)
            shard_skip(x, st, "pessimistic mode: TRUNCATE is not run");
    }
    return one_table(x);
}

static int optimistic(run *x)
{
    for (uint32_t i = 0; i < x->res->nstmts; i++) {
        bs_rules_query_stmt *st = &x->q->stmts[i];
        if (!runs(st) || st->fate == BS_QFATE_ONLINE_SWAP) continue;
        unsigned k = st->split->stmt->kind;
        if (k == BS_STMT_TRUNCATE_TABLE) {
            shard_skip(x, st, "optimistic mode: TRUNCATE is not run");
        } else if (k == BS_STMT_RENAME_TABLE) {
            fail_query(x, BS_STEP_SHARD, DM_UNSUPPORTED_STMT,
                       "`RENAME TABLE` statement not supported in optimistic mode", st);
            return -1;
        }
    }
    return one_table(x);
}

static int shard_rules(run *x)
{
    const char *mode = x->q->r->task->shard_mode;
    if (mode && strcmp(mode, "pessimistic") == 0) return pessimistic(x);
    if (mode && strcmp(mode, "optimistic") == 0) return optimistic(x);
    return 0;
}

/* ---- the statements ---- */

static int reserve(run *x, const bs_ddl_split_stmt *sp, uint32_t n)
{
    bs_rules_query *q = x->q;
    uint64_t ntables = 0;
    for (uint32_t i = 0; i < n; i++)
        ntables += sp[i].ntables;
    if (n > q->cap_stmts) {
        void *p = realloc(q->stmts, (size_t)n * sizeof *q->stmts);
        if (!p) return BS_ENOMEM;
        q->stmts = p, q->cap_stmts = n;
    }
    if (ntables > q->cap_tables) {
        if (ntables > UINT32_MAX) return BS_ENOMEM;
        void *p = realloc(q->tables, (size_t)ntables * sizeof *q->tables);
        if (!p) return BS_ENOMEM;
        q->tables = p, q->cap_tables = (uint32_t)ntables;
    }
    return 0;
}

/* Counts, tracker flags and the outcome once DM is through with the event:
 * statements run (and are tracked) only when nothing stopped it. */
static void finish(run *x)
{
    bs_rules_query_result *res = x->res;
    if (res->kind) return;
    for (uint32_t i = 0; i < res->nstmts; i++) {
        bs_rules_query_stmt *st = &x->q->stmts[i];
        if (runs(st)) res->executed++;
        if (st->fate == BS_QFATE_EXECUTED) st->tracked = 1;
    }
    if (res->executed)
        res->kind = BS_QUERY_DDL;
    else
        skip_query(x, BS_QSKIP_NO_STATEMENT, 0, "no statement of the event runs downstream");
}

static int split_and_decide(run *x, const bs_ddl_stmt *stmt)
{
    const bs_ddl_split_stmt *sp;
    uint32_t n;
    bs_error serr;
    unsigned flags = x->in->lower_case_table_names ? BS_SPLIT_LOWER_CASE_NAMES : 0;
    int rc = bs_ddl_split(x->q->parser, stmt, x->in->db, x->in->db ? x->in->db_len : 0, flags, &sp,
                          &n, &serr);
    if (rc == BS_EUNSUPPORTED) {
        fail_query(x, BS_STEP_SPLIT, serr.dm_code ? serr.dm_code : DM_UNKNOWN_TYPE_DDL,
                   arena_printf(x, "%s", serr.message), NULL);
        return 0;
    }
    if (rc) return *x->err = serr, rc;
    if ((rc = reserve(x, sp, n)))
        return bs_error_set(x->err, rc, NULL, BS_NO_OFFSET, "out of memory");
    note(x, BS_STEP_SPLIT, NULL, "DM splits it into %u statement%s", n, n == 1 ? "" : "s");
    x->res->nstmts = n;
    x->res->stmts = x->q->stmts;
    bs_rules_query_table *tables = x->q->tables;
    bool stopped = false;
    for (uint32_t i = 0; i < n; i++) {
        bs_rules_query_stmt *st = &x->q->stmts[i];
        if (!stopped) note(x, BS_STEP_SPLIT, NULL, "statement %u of %u", i + 1, n);
        if ((rc = prepare_stmt(x, &sp[i], st, tables, !stopped))) return rc;
        tables += sp[i].ntables;
        if (!stopped) stopped = process_stmt(x, st) < 0;
    }
    if (!stopped) shard_rules(x);
    return 0;
}

static int parse_and_decide(run *x)
{
    const bs_ddl_stmt *stmt;
    bs_error perr;
    int rc = bs_ddl_parse(x->q->parser, x->sql, x->len, x->in->parse, &stmt, &perr);
    if (rc == BS_ESYNTAX) {
        if (blank(x->sql, x->len))
            return skip_query(x, BS_QSKIP_EMPTY, BS_STEP_PARSE, "no statement in the text");
        fail_query(x, BS_STEP_PARSE, DM_PARSE_DDL,
                   arena_printf(x, "parse DDL: %.*s: %s", (int)(x->len > 300 ? 300 : x->len),
                                x->sql, perr.message),
                   NULL);
        return 0;
    }
    if (rc) return *x->err = perr, rc;
    x->res->stmt_kind = stmt->kind;
    const char *kind = bs_ddl_kind_name(stmt->kind);
    switch (dm_view(stmt)) {
    case DMV_DML:
        return skip_query(x, BS_QSKIP_DML, BS_STEP_PARSE,
                          arena_printf(x,
                                       "statement-format %s: DM skips it silently, its rows "
                                       "are not migrated",
                                       kind));
    case DMV_NOT_DDL:
        return skip_query(x, BS_QSKIP_NOT_DDL, BS_STEP_PARSE,
                          arena_printf(x, "%s is not a DDL: DM skips it", kind));
    case DMV_UNPARSABLE:
        fail_query(x, BS_STEP_PARSE, DM_PARSE_DDL,
                   arena_printf(x, "parse DDL: %.*s: TiDB's parser has no %s statement",
                                (int)(x->len > 300 ? 300 : x->len), x->sql, kind),
                   NULL);
        return 0;
    case DMV_UNKNOWN_DDL:
        fail_query(x, BS_STEP_SPLIT, DM_UNKNOWN_TYPE_DDL,
                   arena_printf(x, "unknown type ddl: %s", kind), NULL);
        return 0;
    default: note(x, BS_STEP_PARSE, NULL, "%s: a DDL", kind); return split_and_decide(x, stmt);
    }
}

int bs_rules_query_decide(bs_rules_query *q, const bs_rules_query_input *in,
                          const bs_rules_query_result **out, bs_rules_trace *trace, bs_error *err)
{
    bs_error local;
    run x = {q, in, &q->res, trace, err ? err : &local, NULL, 0, NULL};
    bs_error_clear(x.err);
    bs_arena_reset(&q->arena);
    memset(&q->res, 0, sizeof q->res);
    *out = &q->res;
    const char *s = in->sql ? in->sql : "";
    size_t n = in->sql ? in->sql_len : 0;
    trim_space(&s, &n);
    if (n == 6 && memcmp(s, "COMMIT", 6) == 0) {
        q->res.kind = BS_QUERY_COMMIT;
        note(&x, BS_STEP_TRANSACTION, NULL, "COMMIT: the transaction ends (like XID)");
        return 0;
    }
    if (n == 5 && memcmp(s, "BEGIN", 5) == 0) {
        q->res.kind = BS_QUERY_BEGIN;
        note(&x, BS_STEP_TRANSACTION, NULL, "BEGIN: nothing to do");
        return 0;
    }
    while (n && is_ctrl((unsigned char)*s))
        s++, n--;
    while (n && is_ctrl((unsigned char)s[n - 1]))
        n--;
    x.sql = q->res.sql = s;
    x.len = q->res.sql_len = n;
    if (bs_rules_builtin_skip(q->r, s, n))
        return skip_query(&x, BS_QSKIP_BUILTIN, BS_STEP_BUILTIN_SKIP,
                          "one of DM's built-in skipped statements");
    int rc = parse_and_decide(&x);
    if (rc) return rc;
    if (q->res.kind == BS_QUERY_ERROR) global_filter(&x);
    finish(&x);
    return 0;
}
