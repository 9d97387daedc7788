/*
 * ddl_recognize.c - the statements a QUERY event can hold that are not
 * parsed in full, and the names of every statement kind.
 *
 * Recognition reads only the leading words (a statement-format INSERT of
 * 100 MB costs a few tokens): transaction control, statement-format DML,
 * SET, account management, FLUSH, table maintenance, LOCK/UNLOCK, USE, plugin
 * installation. CREATE/ALTER/DROP of routines, triggers, events, users and
 * the like are recognized by the CREATE/ALTER/DROP dispatch in ddl_parse.c.
 */
#include <string.h>

#include "schema/ddl_internal.h"

typedef struct lead_word {
    const char *w1, *w2;
    uint16_t kind;
} lead_word;

/* First matching entry wins: two-word forms before their one-word prefix. */
static const lead_word leads[] = {
    {"BEGIN", NULL, BS_STMT_BEGIN},
    {"START", "TRANSACTION", BS_STMT_BEGIN},
    {"COMMIT", NULL, BS_STMT_COMMIT},
    {"SAVEPOINT", NULL, BS_STMT_SAVEPOINT},
    {"RELEASE", "SAVEPOINT", BS_STMT_RELEASE_SAVEPOINT},
    {"XA", NULL, BS_STMT_XA},
    {"INSERT", NULL, BS_STMT_INSERT},
    {"REPLACE", NULL, BS_STMT_REPLACE},
    {"UPDATE", NULL, BS_STMT_UPDATE},
    {"DELETE", NULL, BS_STMT_DELETE},
    {"LOAD", "DATA", BS_STMT_LOAD_DATA},
    {"LOAD", "XML", BS_STMT_LOAD_DATA},
    {"SELECT", NULL, BS_STMT_SELECT},
    {"WITH", NULL, BS_STMT_SELECT},
    {"VALUES", NULL, BS_STMT_SELECT},
    {"CALL", NULL, BS_STMT_CALL},
    {"DO", NULL, BS_STMT_DO},
    {"SET", "PASSWORD", BS_STMT_SET_PASSWORD},
    {"SET", NULL, BS_STMT_SET},
    {"GRANT", NULL, BS_STMT_GRANT},
    {"REVOKE", NULL, BS_STMT_REVOKE},
    {"RENAME", "USER", BS_STMT_RENAME_USER},
    {"FLUSH", NULL, BS_STMT_FLUSH},
    {"LOCK", "TABLES", BS_STMT_LOCK_TABLES},
    {"LOCK", "TABLE", BS_STMT_LOCK_TABLES},
    {"UNLOCK", "TABLES", BS_STMT_UNLOCK_TABLES},
    {"UNLOCK", "TABLE", BS_STMT_UNLOCK_TABLES},
    {"USE", NULL, BS_STMT_USE},
    {"INSTALL", NULL, BS_STMT_PLUGIN},
    {"UNINSTALL", NULL, BS_STMT_PLUGIN},
};

/* ANALYZE/OPTIMIZE/REPAIR/CHECK [NO_WRITE_TO_BINLOG|LOCAL] TABLE */
static int maintenance(ddl_parser *p)
{
    static const struct {
        const char *verb;
        uint16_t kind;
    } verbs[] = {{"ANALYZE", BS_STMT_ANALYZE_TABLE},
                 {"OPTIMIZE", BS_STMT_OPTIMIZE_TABLE},
                 {"REPAIR", BS_STMT_REPAIR_TABLE},
                 {"CHECK", BS_STMT_CHECK_TABLE}};
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
        if (!ddl_is(p, 0, verbs[i].verb)) continue;
        uint32_t k = 1;
        if (ddl_is(p, k, "NO_WRITE_TO_BINLOG") || ddl_is(p, k, "LOCAL")) k++;
        if (!ddl_is(p, k, "TABLE") && !ddl_is(p, k, "TABLES")) return 0;
        p->stmt.kind = verbs[i].kind;
        p->pos += k + 1;
        return 1;
    }
    return 0;
}

/* ROLLBACK [WORK] [TO [SAVEPOINT] x] */
static int rollback(ddl_parser *p)
{
    if (!ddl_accept(p, "ROLLBACK")) return 0;
    ddl_accept(p, "WORK");
    p->stmt.kind = ddl_is(p, 0, "TO") ? BS_STMT_ROLLBACK_TO_SAVEPOINT : BS_STMT_ROLLBACK;
    return 1;
}

int ddl_recognize(ddl_parser *p)
{
    /* a parenthesized query: ( SELECT ... */
    uint32_t k = 0;
    while (ddl_is_op(p, k, "("))
        k++;
    if (k && ddl_is(p, k, "SELECT")) {
        p->stmt.kind = BS_STMT_SELECT;
        return 0;
    }
    if (rollback(p) || maintenance(p)) return 0;
    for (size_t i = 0; i < sizeof leads / sizeof leads[0]; i++) {
        const lead_word *l = &leads[i];
        if (!ddl_is(p, 0, l->w1) || (l->w2 && !ddl_is(p, 1, l->w2))) continue;
        p->stmt.kind = l->kind;
        p->pos += l->w2 ? 2 : 1;
        return 0;
    }
    return ddl_lex_error(p);
}

static const char *const kind_names[BS_STMT__COUNT] = {
    [BS_STMT_UNKNOWN] = "UNKNOWN",
    [BS_STMT_CREATE_DATABASE] = "CREATE DATABASE",
    [BS_STMT_ALTER_DATABASE] = "ALTER DATABASE",
    [BS_STMT_DROP_DATABASE] = "DROP DATABASE",
    [BS_STMT_CREATE_TABLE] = "CREATE TABLE",
    [BS_STMT_DROP_TABLE] = "DROP TABLE",
    [BS_STMT_RENAME_TABLE] = "RENAME TABLE",
    [BS_STMT_TRUNCATE_TABLE] = "TRUNCATE TABLE",
    [BS_STMT_ALTER_TABLE] = "ALTER TABLE",
    [BS_STMT_CREATE_INDEX] = "CREATE INDEX",
    [BS_STMT_DROP_INDEX] = "DROP INDEX",
    [BS_STMT_CREATE_VIEW] = "CREATE VIEW",
    [BS_STMT_ALTER_VIEW] = "ALTER VIEW",
    [BS_STMT_DROP_VIEW] = "DROP VIEW",
    [BS_STMT_CREATE_SEQUENCE] = "CREATE SEQUENCE",
    [BS_STMT_ALTER_SEQUENCE] = "ALTER SEQUENCE",
    [BS_STMT_DROP_SEQUENCE] = "DROP SEQUENCE",
    [BS_STMT_BEGIN] = "BEGIN",
    [BS_STMT_COMMIT] = "COMMIT",
    [BS_STMT_ROLLBACK] = "ROLLBACK",
    [BS_STMT_SAVEPOINT] = "SAVEPOINT",
    [BS_STMT_RELEASE_SAVEPOINT] = "RELEASE SAVEPOINT",
    [BS_STMT_ROLLBACK_TO_SAVEPOINT] = "ROLLBACK TO SAVEPOINT",
    [BS_STMT_XA] = "XA",
    [BS_STMT_INSERT] = "INSERT",
    [BS_STMT_REPLACE] = "REPLACE",
    [BS_STMT_UPDATE] = "UPDATE",
    [BS_STMT_DELETE] = "DELETE",
    [BS_STMT_LOAD_DATA] = "LOAD DATA",
    [BS_STMT_SELECT] = "SELECT",
    [BS_STMT_CALL] = "CALL",
    [BS_STMT_DO] = "DO",
    [BS_STMT_SET] = "SET",
    [BS_STMT_SET_PASSWORD] = "SET PASSWORD",
    [BS_STMT_GRANT] = "GRANT",
    [BS_STMT_REVOKE] = "REVOKE",
    [BS_STMT_CREATE_USER] = "CREATE USER",
    [BS_STMT_ALTER_USER] = "ALTER USER",
    [BS_STMT_DROP_USER] = "DROP USER",
    [BS_STMT_RENAME_USER] = "RENAME USER",
    [BS_STMT_CREATE_ROLE] = "CREATE ROLE",
    [BS_STMT_DROP_ROLE] = "DROP ROLE",
    [BS_STMT_FLUSH] = "FLUSH",
    [BS_STMT_ANALYZE_TABLE] = "ANALYZE TABLE",
    [BS_STMT_OPTIMIZE_TABLE] = "OPTIMIZE TABLE",
    [BS_STMT_REPAIR_TABLE] = "REPAIR TABLE",
    [BS_STMT_CHECK_TABLE] = "CHECK TABLE",
    [BS_STMT_CREATE_TRIGGER] = "CREATE TRIGGER",
    [BS_STMT_DROP_TRIGGER] = "DROP TRIGGER",
    [BS_STMT_CREATE_PROCEDURE] = "CREATE PROCEDURE",
    [BS_STMT_ALTER_PROCEDURE] = "ALTER PROCEDURE",
    [BS_STMT_DROP_PROCEDURE] = "DROP PROCEDURE",
    [BS_STMT_CREATE_FUNCTION] = "CREATE FUNCTION",
    [BS_STMT_ALTER_FUNCTION] = "ALTER FUNCTION",
    [BS_STMT_DROP_FUNCTION] = "DROP FUNCTION",
    [BS_STMT_CREATE_EVENT] = "CREATE EVENT",
    [BS_STMT_ALTER_EVENT] = "ALTER EVENT",
    [BS_STMT_DROP_EVENT] = "DROP EVENT",
    [BS_STMT_CREATE_TABLESPACE] = "CREATE TABLESPACE",
    [BS_STMT_ALTER_TABLESPACE] = "ALTER TABLESPACE",
    [BS_STMT_DROP_TABLESPACE] = "DROP TABLESPACE",
    [BS_STMT_CREATE_SERVER] = "CREATE SERVER",
    [BS_STMT_ALTER_SERVER] = "ALTER SERVER",
    [BS_STMT_DROP_SERVER] = "DROP SERVER",
    [BS_STMT_LOGFILE_GROUP] = "LOGFILE GROUP",
    [BS_STMT_PACKAGE] = "PACKAGE",
    [BS_STMT_RESOURCE_GROUP] = "RESOURCE GROUP",
    [BS_STMT_SPATIAL_REFERENCE_SYSTEM] = "SPATIAL REFERENCE SYSTEM",
    [BS_STMT_PLUGIN] = "PLUGIN",
    [BS_STMT_LOCK_TABLES] = "LOCK TABLES",
    [BS_STMT_UNLOCK_TABLES] = "UNLOCK TABLES",
    [BS_STMT_USE] = "USE",
};

const char *bs_ddl_kind_name(unsigned kind)
{
    return kind < BS_STMT__COUNT && kind_names[kind] ? kind_names[kind] : "UNKNOWN";
}

int bs_ddl_kind_is_parsed(unsigned kind)
{
    return kind >= BS_STMT_CREATE_DATABASE && kind <= BS_STMT_DROP_SEQUENCE;
}
