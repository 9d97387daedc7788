/*
 * tracker_script.c - loading a SQL schema script into the tracker
 * (`mariadb-dump --no-data` / `mysqldump --no-data` output, `--schema
 * FILE.sql`, a hand-written list of CREATE TABLE statements).
 *
 * The script is cut into statements (bs_sql_next_statement), each parsed
 * with every version comment read except MariaDB's sandbox marker
 * (/\*M!999999\- ... *\/, which no server runs), then split as DM would
 * with the current database (USE, else default_db) and applied. A dump's
 * other statements - SET, LOCK/UNLOCK TABLES, INSERT, views - change no
 * table structure and are passed over; the stored programs and triggers a
 * dump writes between `DELIMITER ;;` and `DELIMITER ;` lines are skipped
 * whole, since the client's DELIMITER command is not SQL. A CREATE TABLE of
 * a table already tracked replaces it: the file is the authority on the
 * tables it defines (DM's `binlog-schema update`).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "schema/tracker_internal.h"
#include "util/error_internal.h"

/* Version the executable comments are read as: all of them but 999999. */
#define SCRIPT_SERVER_VERSION 999998

typedef struct script {
    bs_schema_tracker *t;
    const char *name, *sql;
    size_t len;
    int origin;
    char db[TR_NAME_MAX + 1];
    size_t db_len;
    size_t line_pos; /* lines counted up to here */
    int line;
} script;

/* 1-based line of byte `at` (at only moves forward). */
static int line_at(script *sc, size_t at)
{
    for (; sc->line_pos < at && sc->line_pos < sc->len; sc->line_pos++)
        sc->line += sc->sql[sc->line_pos] == '\n';
    return sc->line;
}

static int located(script *sc, bs_error *err, size_t at)
{
    int line = line_at(sc, at);
    snprintf(err->file, sizeof err->file, "%s", sc->name ? sc->name : "");
    err->line = line;
    err->offset = at;
    return err->code;
}

/* ---- DELIMITER blocks ---- */

/* Start of the next line at or after pos that is a DELIMITER command, or
 * limit. */
static size_t next_delimiter(const char *sql, size_t len, size_t pos)
{
    for (size_t i = pos; i < len;) {
        size_t j = i;
        while (j < len && (sql[j] == ' ' || sql[j] == '\t'))
            j++;
        if (len - j > 10 && strncasecmp(sql + j, "DELIMITER", 9) == 0 &&
            (sql[j + 9] == ' ' || sql[j + 9] == '\t'))
            return i;
        const char *nl = memchr(sql + i, '\n', len - i);
        i = nl ? (size_t)(nl - sql) + 1 : len;
    }
    return len;
}

/* Does the DELIMITER line at pos set ';'? */
static int sets_semicolon(const char *sql, size_t len, size_t pos)
{
    size_t j = pos;
    while (sql[j] == ' ' || sql[j] == '\t')
        j++;
    for (j += 9; j < len && (sql[j] == ' ' || sql[j] == '\t');)
        j++;
    return j < len && sql[j] == ';' && (j + 1 == len || isspace((unsigned char)sql[j + 1]));
}

static size_t next_line(const char *sql, size_t len, size_t pos)
{
    const char *nl = memchr(sql + pos, '\n', len - pos);
    return nl ? (size_t)(nl - sql) + 1 : len;
}

/* Past the DELIMITER line at pos and, when it sets another delimiter, past
 * the block up to and including the line that sets ';' back. */
static size_t skip_delimiter_block(const char *sql, size_t len, size_t pos)
{
    while (!sets_semicolon(sql, len, pos)) {
        pos = next_delimiter(sql, len, next_line(sql, len, pos));
        if (pos >= len) return len;
    }
    return next_line(sql, len, pos);
}

/* ---- statements ---- */

/* USE db: the name after USE, unquoted. */
static int use_database(script *sc, const bs_ddl_stmt *st, bs_error *err)
{
    const char *p = st->sql + st->off + 3, *end = st->sql + st->sql_len;
    while (p < end && isspace((unsigned char)*p))
        p++;
    size_t n = 0;
    if (p < end && *p == '`') {
        for (p++; p < end && n < TR_NAME_MAX; p++) {
            if (*p == '`' && !(p + 1 < end && p[1] == '`')) break;
            if (*p == '`') p++;
            sc->db[n++] = *p;
        }
    } else {
        while (p + n < end && n < TR_NAME_MAX && !isspace((unsigned char)p[n]) && p[n] != ';')
            sc->db[n] = p[n], n++;
    }
    if (n == 0 || n >= TR_NAME_MAX)
        return bs_error_set(err, BS_ESYNTAX, NULL, BS_NO_OFFSET, "USE without a database name");
    sc->db[n] = 0;
    sc->db_len = n;
    return 0;
}

static int tracked_kind(unsigned kind)
{
    switch (kind) {
    case BS_STMT_CREATE_DATABASE:
    case BS_STMT_ALTER_DATABASE:
    case BS_STMT_DROP_DATABASE:
    case BS_STMT_CREATE_TABLE:
    case BS_STMT_DROP_TABLE:
    case BS_STMT_RENAME_TABLE:
    case BS_STMT_ALTER_TABLE:
    case BS_STMT_CREATE_INDEX:
    case BS_STMT_DROP_INDEX: return 1;
    default: return 0;
    }
}

static int apply_ddl(script *sc, const bs_ddl_stmt *st, bs_error *err)
{
    bs_schema_tracker *t = sc->t;
    const bs_ddl_split_stmt *splits;
    uint32_t n;
    int rc = bs_ddl_split(t->parser, st, sc->db, sc->db_len,
                          t->lower ? BS_SPLIT_LOWER_CASE_NAMES : 0, &splits, &n, err);
    for (uint32_t i = 0; !rc && i < n; i++) {
        const bs_ddl_split_stmt *s = &splits[i];
        if (st->kind == BS_STMT_CREATE_TABLE) {
            if (!s->tables[0].schema.len)
                return bs_error_set(err, BS_EINVAL, NULL, BS_NO_OFFSET,
                                    "CREATE TABLE %.*s without a database (no USE before it)",
                                    (int)s->tables[0].name.len, s->tables[0].name.ptr);
            tr_table *old = tr_find(t, s->tables[0].schema.ptr, s->tables[0].schema.len,
                                    s->tables[0].name.ptr, s->tables[0].name.len);
            if (old && !(st->flags & BS_STMTF_TEMPORARY)) tr_remove(t, old);
        }
        rc = bs_schema_tracker_apply(t, s, sc->origin, err);
    }
    return rc;
}

/* Nothing but white space and plain comments (a dump's trailing "-- Dump
 * completed" line is a statement of its own). Executable comments count as
 * content. */
static int only_comments(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (isspace((unsigned char)s[i])) {
            i++;
        } else if (s[i] == '#' || (s[i] == '-' && i + 2 < n && s[i + 1] == '-' &&
                                   isspace((unsigned char)s[i + 2]))) {
            const char *nl = memchr(s + i, '\n', n - i);
            i = nl ? (size_t)(nl - s) + 1 : n;
        } else if (s[i] == '/' && i + 2 < n && s[i + 1] == '*' && s[i + 2] != '!' &&
                   s[i + 2] != 'M') {
            const char *close = NULL;
            for (size_t j = i + 2; j + 1 < n && !close; j++)
                if (s[j] == '*' && s[j + 1] == '/') close = s + j;
            i = close ? (size_t)(close - s) + 2 : n;
        } else {
            return 0;
        }
    }
    return 1;
}

static int statement(script *sc, size_t start, size_t end, bs_error *err)
{
    if (only_comments(sc->sql + start, end - start)) return 0;
    static const bs_ddl_options opts = {.server_version = SCRIPT_SERVER_VERSION, .mariadb = 1};
    const bs_ddl_stmt *st;
    int rc = bs_ddl_parse(sc->t->parser, sc->sql + start, end - start, &opts, &st, err);
    if (rc) {
        size_t at =
            start +
            (err->offset != BS_NO_OFFSET && err->offset < end - start ? (size_t)err->offset : 0);
        return located(sc, err, at);
    }
    if (st->kind == BS_STMT_USE)
        rc = use_database(sc, st, err);
    else if (tracked_kind(st->kind))
        rc = apply_ddl(sc, st, err);
    return rc ? located(sc, err, start + st->off) : 0;
}

int bs_schema_tracker_load_sql(bs_schema_tracker *t, const char *name, const char *sql, size_t len,
                               const char *default_db, int origin, bs_error *err)
{
    bs_error local;
    if (!err) err = &local;
    bs_error_clear(err);
    script sc = {.t = t, .name = name, .sql = sql, .len = len, .origin = origin, .line = 1};
    if (default_db) {
        sc.db_len = strlen(default_db);
        if (sc.db_len >= sizeof sc.db)
            return bs_error_set(err, BS_EINVAL, name, BS_NO_OFFSET, "database name too long");
        memcpy(sc.db, default_db, sc.db_len + 1);
    }
    size_t pos = 0;
    while (pos < len) {
        size_t stop = next_delimiter(sql, len, pos), start, end;
        while (bs_sql_next_statement(sql, stop, &pos, &start, &end)) {
            int rc = statement(&sc, start, end, err);
            if (rc) return rc;
        }
        pos = stop < len ? skip_delimiter_block(sql, len, stop) : len;
    }
    return 0;
}
