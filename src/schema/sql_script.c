/*
 * sql_script.c - cutting a SQL script (a `mysqldump --no-data` file, a
 * hand-written schema file) into statements.
 *
 * The DDL parser reads one statement; a script needs its boundaries first.
 * A statement ends at a ';' outside quotes ('...', "...", `...`, with
 * backslash and doubled-quote escapes) and outside comments (-- , #, and
 * /\* ... *\/ including MySQL's executable /\*!...*\/ comments, whose
 * content is one statement in a dump and never spans a ';' of the script).
 * DELIMITER lines of the mysql client are not interpreted: schema files
 * with stored programs are not what this reads.
 */
#include "binsift/schema.h"

/* Skip a quoted string starting at sql[i] (the quote); returns the index
 * after it, or len when it is not closed. */
static size_t skip_quoted(const char *sql, size_t len, size_t i)
{
    char q = sql[i++];
    while (i < len) {
        if (sql[i] == '\\' && q != '`' && i + 1 < len) {
            i += 2;
        } else if (sql[i] == q) {
            if (i + 1 < len && sql[i + 1] == q)
                i += 2; /* a doubled quote */
            else
                return i + 1;
        } else {
            i++;
        }
    }
    return len;
}

/* Skip a comment starting at sql[i] when there is one; returns i otherwise. */
static size_t skip_comment(const char *sql, size_t len, size_t i)
{
    int dash = sql[i] == '-' && i + 2 < len && sql[i + 1] == '-' &&
               (sql[i + 2] == ' ' || sql[i + 2] == '\t' || sql[i + 2] == '\n');
    if (sql[i] == '#' || dash) {
        while (i < len && sql[i] != '\n')
            i++;
        return i;
    }
    if (sql[i] == '/' && i + 1 < len && sql[i + 1] == '*') {
        for (i += 2; i + 1 < len; i++)
            if (sql[i] == '*' && sql[i + 1] == '/') return i + 2;
        return len;
    }
    return i;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int bs_sql_next_statement(const char *sql, size_t len, size_t *pos, size_t *start, size_t *end)
{
    size_t i = *pos;
    while (i < len && (is_space(sql[i]) || sql[i] == ';'))
        i++;
    if (i >= len) return *pos = len, 0;
    *start = i;
    while (i < len && sql[i] != ';') {
        size_t next = skip_comment(sql, len, i);
        if (next != i)
            i = next;
        else if (sql[i] == '\'' || sql[i] == '"' || sql[i] == '`')
            i = skip_quoted(sql, len, i);
        else
            i++;
    }
    *end = i;
    *pos = i < len ? i + 1 : len;
    return 1;
}
