/*
 * ddl_parse.c - the parser's entry point, its token helpers, and the
 * statements with a simple shape: databases, DROP/RENAME/TRUNCATE TABLE,
 * CREATE/DROP INDEX, views and sequences.
 *
 * Recursive descent over tokens pulled lazily from the lexer. The grammar
 * never recurses on input nesting (parenthesized parts are scanned by depth
 * counting), so the call depth is fixed by the grammar, not the text. CREATE
 * TABLE lives in ddl_parse_table.c, ALTER TABLE in ddl_parse_alter.c, and
 * the statements only recognized in ddl_recognize.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema/ddl_internal.h"
#include "util/error_internal.h"

/* ---- tokens ---- */

static int lex_more(ddl_parser *p)
{
    if (p->ntoks == p->cap) {
        uint32_t cap = p->cap ? p->cap * 2 : 256;
        bs_ddl_token *t = realloc(p->toks, (size_t)cap * sizeof *t);
        if (!t) return bs_error_set(p->err, BS_ENOMEM, NULL, p->lx.pos, "out of memory");
        p->toks = t;
        p->cap = cap;
    }
    bs_ddl_token *t = &p->toks[p->ntoks];
    if (p->ntoks + 1 >= BS_DDL_MAX_TOKENS) {
        memset(t, 0, sizeof *t);
        t->off = (uint32_t)p->lx.pos;
        p->ntoks++;
        p->lex_done = 1;
        return bs_error_set(p->err, BS_ELIMIT, NULL, p->lx.pos, "statement has more than %u tokens",
                            BS_DDL_MAX_TOKENS);
    }
    int rc = ddl_lex_next(&p->lx, t, p->err);
    if (rc) {
        /* stand-in EOF so that callers see the end; the error stays recorded */
        memset(t, 0, sizeof *t);
        t->off = p->err->offset < p->lx.len ? (uint32_t)p->err->offset : (uint32_t)p->lx.len;
    }
    p->ntoks++;
    if (t->kind == BS_TOK_EOF) p->lex_done = 1;
    return rc;
}

const bs_ddl_token *ddl_tok(ddl_parser *p, uint32_t i)
{
    while (i >= p->ntoks && !p->lex_done)
        if (lex_more(p)) p->lex_rc = p->err->code;
    return &p->toks[i < p->ntoks ? i : p->ntoks - 1];
}

const bs_ddl_token *ddl_peek(ddl_parser *p, uint32_t k)
{
    return ddl_tok(p, p->pos + k);
}

int ddl_tok_is(ddl_parser *p, uint32_t i, const char *kw)
{
    const bs_ddl_token *t = ddl_tok(p, i);
    return t->kind == BS_TOK_WORD && ddl_ieq(t->val, t->vlen, kw);
}

int ddl_is(ddl_parser *p, uint32_t k, const char *kw)
{
    return ddl_tok_is(p, p->pos + k, kw);
}

int ddl_is_op(ddl_parser *p, uint32_t k, const char *op)
{
    const bs_ddl_token *t = ddl_peek(p, k);
    return t->kind == BS_TOK_OP && t->vlen == strlen(op) && memcmp(t->val, op, t->vlen) == 0;
}

int ddl_accept(ddl_parser *p, const char *kw)
{
    if (!ddl_is(p, 0, kw)) return 0;
    p->pos++;
    return 1;
}

int ddl_accept_op(ddl_parser *p, const char *op)
{
    if (!ddl_is_op(p, 0, op)) return 0;
    p->pos++;
    return 1;
}

int ddl_accept_seq(ddl_parser *p, const char *const *kws)
{
    uint32_t n = 0;
    for (; kws[n]; n++)
        if (!ddl_is(p, n, kws[n])) return 0;
    p->pos += n;
    return 1;
}

int ddl_lex_error(ddl_parser *p)
{
    return p->lex_rc;
}

int ddl_fail(ddl_parser *p, const char *expected)
{
    if (p->lex_rc) return p->lex_rc;
    const bs_ddl_token *t = ddl_peek(p, 0);
    if (p->lex_rc) return p->lex_rc;
    if (t->kind == BS_TOK_EOF)
        return bs_error_set(p->err, BS_ESYNTAX, NULL, t->off,
                            "unexpected end of statement: expected %s", expected);
    int n = t->len > 40 ? 40 : (int)t->len;
    return bs_error_set(p->err, BS_ESYNTAX, NULL, t->off, "near '%.*s': expected %s", n,
                        p->lx.s + t->off, expected);
}

int ddl_expect(ddl_parser *p, const char *kw)
{
    return ddl_accept(p, kw) ? 0 : ddl_fail(p, kw);
}

int ddl_expect_op(ddl_parser *p, const char *op)
{
    return ddl_accept_op(p, op) ? 0 : ddl_fail(p, op);
}

void *ddl_alloc(ddl_parser *p, size_t n)
{
    void *m = bs_arena_alloc(&p->arena, n ? n : 1);
    if (!m)
        bs_error_set(p->err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    else
        memset(m, 0, n ? n : 1);
    return m;
}

/* ---- names and literals ---- */

/* Words that cannot be a bare name where an optional name may stand. */
static const char *const reserved[] = {
    "ADD",      "ALL",     "ALTER",     "AND",     "AS",         "ASC",    "BETWEEN",    "BY",
    "CASCADE",  "CHANGE",  "CHARACTER", "CHECK",   "COLLATE",    "COLUMN", "CONSTRAINT", "CONVERT",
    "CREATE",   "DEFAULT", "DELETE",    "DESC",    "DROP",       "ELSE",   "FOREIGN",    "FROM",
    "FULLTEXT", "IF",      "IGNORE",    "IN",      "INDEX",      "INSERT", "INTO",       "IS",
    "KEY",      "LIKE",    "LIMIT",     "LOCK",    "MODIFY",     "NOT",    "NULL",       "ON",
    "OR",       "ORDER",   "PARTITION", "PRIMARY", "REFERENCES", "RENAME", "RESTRICT",   "SELECT",
    "SET",      "SPATIAL", "TABLE",     "THEN",    "TO",         "UNIQUE", "UPDATE",     "USING",
    "VALUES",   "WHERE",   "WITH",
};

static int is_reserved(const bs_ddl_token *t)
{
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (ddl_ieq(t->val, t->vlen, reserved[i])) return 1;
    return 0;
}

int ddl_at_ident(ddl_parser *p)
{
    const bs_ddl_token *t = ddl_peek(p, 0);
    return t->kind == BS_TOK_QIDENT || (t->kind == BS_TOK_WORD && !is_reserved(t));
}

static void str_of(const bs_ddl_token *t, bs_ddl_str *out)
{
    out->ptr = t->val;
    out->len = t->vlen;
    out->off = t->off;
}

int ddl_ident(ddl_parser *p, bs_ddl_str *out)
{
    if (!ddl_at_ident(p)) return ddl_fail(p, "a name");
    str_of(ddl_peek(p, 0), out);
    p->pos++;
    return 0;
}

int ddl_ident_or_string(ddl_parser *p, bs_ddl_str *out, uint8_t *was_string)
{
    const bs_ddl_token *t = ddl_peek(p, 0);
    if (was_string) *was_string = t->kind == BS_TOK_STRING;
    if (t->kind == BS_TOK_STRING || t->kind == BS_TOK_QIDENT || t->kind == BS_TOK_WORD) {
        str_of(t, out);
        p->pos++;
        return 0;
    }
    return ddl_fail(p, "a name or string");
}

int ddl_table_name(ddl_parser *p, bs_ddl_table *out)
{
    memset(out, 0, sizeof *out);
    out->schema.off = BS_DDL_NO_OFFSET;
    TRY(ddl_ident(p, &out->name));
    if (ddl_is_op(p, 0, ".")) {
        /* db.tbl: the part after the dot may be any word, reserved or not */
        const bs_ddl_token *t = ddl_peek(p, 1);
        if (t->kind != BS_TOK_WORD && t->kind != BS_TOK_QIDENT) {
            p->pos++;
            return ddl_fail(p, "a table name");
        }
        out->schema = out->name;
        str_of(t, &out->name);
        p->pos += 2;
    }
    return 0;
}

int ddl_string(ddl_parser *p, bs_ddl_str *out)
{
    const bs_ddl_token *t = ddl_peek(p, 0);
    if (t->kind != BS_TOK_STRING) return ddl_fail(p, "a string");
    str_of(t, out);
    p->pos++;
    return 0;
}

int ddl_uint(ddl_parser *p, uint64_t *out, bs_ddl_str *text)
{
    const bs_ddl_token *t = ddl_peek(p, 0);
    if (t->kind != BS_TOK_NUMBER) return ddl_fail(p, "a number");
    uint64_t v = 0;
    for (uint32_t i = 0; i < t->vlen; i++) {
        char c = t->val[i];
        if (c < '0' || c > '9') return ddl_fail(p, "an integer");
        if (v > (UINT64_MAX - (uint64_t)(c - '0')) / 10) return ddl_fail(p, "a smaller integer");
        v = v * 10 + (uint64_t)(c - '0');
    }
    if (out) *out = v;
    if (text) str_of(t, text);
    p->pos++;
    return 0;
}

int ddl_at_end(ddl_parser *p)
{
    return ddl_peek(p, 0)->kind == BS_TOK_EOF || ddl_is_op(p, 0, ";");
}

int ddl_balanced(ddl_parser *p, bs_ddl_span *inner)
{
    TRY(ddl_expect_op(p, "("));
    uint32_t first = p->pos;
    size_t depth = 1;
    for (;;) {
        const bs_ddl_token *t = ddl_peek(p, 0);
        if (t->kind == BS_TOK_EOF) return ddl_fail(p, "')'");
        if (t->kind == BS_TOK_OP && t->vlen == 1) {
            if (t->val[0] == '(') depth++;
            if (t->val[0] == ')' && --depth == 0) break;
        }
        p->pos++;
    }
    if (inner) ddl_span_from(p, first, inner);
    p->pos++; /* ')' */
    return 0;
}

void ddl_span_from(ddl_parser *p, uint32_t first, bs_ddl_span *out)
{
    out->tok = first;
    out->ntok = p->pos > first ? p->pos - first : 0;
    const bs_ddl_token *a = ddl_tok(p, first);
    out->off = a->off;
    if (out->ntok == 0) {
        out->len = 0;
        return;
    }
    const bs_ddl_token *b = ddl_tok(p, p->pos - 1);
    out->len = b->off + b->len - a->off;
}

void ddl_opt_eq(ddl_parser *p)
{
    ddl_accept_op(p, "=");
}

int ddl_if_not_exists(ddl_parser *p)
{
    static const char *const seq[] = {"IF", "NOT", "EXISTS", NULL};
    return ddl_accept_seq(p, seq);
}

int ddl_if_exists(ddl_parser *p)
{
    static const char *const seq[] = {"IF", "EXISTS", NULL};
    return ddl_accept_seq(p, seq);
}

void *ddl_vec_push(ddl_parser *p, ddl_vec *v, size_t size)
{
    if (v->n == v->cap) {
        if (v->cap >= BS_DDL_MAX_TOKENS) {
            bs_error_set(p->err, BS_ELIMIT, NULL, BS_NO_OFFSET, "too many list items");
            return NULL;
        }
        uint32_t cap = v->cap ? v->cap * 2 : 4;
        void *m = ddl_alloc(p, (size_t)cap * size);
        if (!m) return NULL;
        if (v->n) memcpy(m, v->items, (size_t)v->n * size);
        v->items = m;
        v->cap = cap;
    }
    void *slot = (char *)v->items + (size_t)v->n * size;
    v->n++;
    return slot;
}

/* Table names separated by commas. */
static int table_list(ddl_parser *p, const bs_ddl_table **out, uint32_t *n)
{
    ddl_vec v = {0};
    do {
        bs_ddl_table *t = ddl_vec_push(p, &v, sizeof *t);
        if (!t) return BS_ENOMEM;
        TRY(ddl_table_name(p, t));
    } while (ddl_accept_op(p, ","));
    *out = v.items;
    *n = v.n;
    return 0;
}

/* MariaDB lock wait: WAIT n | NOWAIT. */
static int wait_nowait(ddl_parser *p)
{
    if (ddl_accept(p, "NOWAIT")) return 0;
    if (ddl_accept(p, "WAIT")) return ddl_uint(p, NULL, NULL);
    return 0;
}

static uint8_t drop_behavior(ddl_parser *p)
{
    if (ddl_accept(p, "RESTRICT")) return 1;
    if (ddl_accept(p, "CASCADE")) return 2;
    return 0;
}

/* ---- databases ---- */

static int db_option(ddl_parser *p, bs_ddl_db_option *o, int *got)
{
    uint32_t first = p->pos;
    memset(o, 0, sizeof *o);
    *got = 0;
    o->default_kw = (uint8_t)ddl_accept(p, "DEFAULT");
    if (ddl_accept(p, "CHARSET") ||
        ddl_accept_seq(p, (const char *const[]){"CHARACTER", "SET", NULL})) {
        o->kind = BS_DBOPT_CHARSET;
    } else if (ddl_accept(p, "COLLATE")) {
        o->kind = BS_DBOPT_COLLATE;
    } else if (ddl_accept(p, "ENCRYPTION")) {
        o->kind = BS_DBOPT_ENCRYPTION;
    } else if (!o->default_kw && ddl_accept_seq(p, (const char *const[]){"READ", "ONLY", NULL})) {
        o->kind = BS_DBOPT_READ_ONLY;
    } else if (!o->default_kw && ddl_accept(p, "COMMENT")) {
        o->kind = BS_DBOPT_COMMENT;
    } else if (!o->default_kw &&
               ddl_accept_seq(
                   p, (const char *const[]){"UPGRADE", "DATA", "DIRECTORY", "NAME", NULL})) {
        o->kind = BS_DBOPT_UPGRADE_DATA_DIRECTORY_NAME;
        *got = 1;
        ddl_span_from(p, first, &o->span);
        return 0;
    } else {
        if (o->default_kw) return ddl_fail(p, "CHARACTER SET, COLLATE or ENCRYPTION");
        return 0;
    }
    ddl_opt_eq(p);
    if (ddl_is(p, 0, "DEFAULT")) {
        o->value_default = 1;
        p->pos++;
    } else if (ddl_peek(p, 0)->kind == BS_TOK_NUMBER) {
        TRY(ddl_uint(p, NULL, &o->value)); /* READ ONLY = 1 */
    } else {
        TRY(ddl_ident_or_string(p, &o->value, NULL));
    }
    *got = 1;
    ddl_span_from(p, first, &o->span);
    return 0;
}

static int db_options(ddl_parser *p, bs_ddl_database *d)
{
    ddl_vec v = {0};
    for (;;) {
        bs_ddl_db_option o;
        int got;
        TRY(db_option(p, &o, &got));
        if (!got) break;
        bs_ddl_db_option *slot = ddl_vec_push(p, &v, sizeof o);
        if (!slot) return BS_ENOMEM;
        *slot = o;
    }
    d->options = v.items;
    d->noptions = v.n;
    return 0;
}

/* CREATE/ALTER/DROP DATABASE|SCHEMA, after the verb. */
static int database_stmt(ddl_parser *p, unsigned kind)
{
    bs_ddl_stmt *s = &p->stmt;
    if (ddl_accept(p, "SCHEMA"))
        s->flags |= BS_STMTF_SCHEMA_KW;
    else
        TRY(ddl_expect(p, "DATABASE"));
    s->kind = (uint16_t)kind;
    bs_ddl_database *d = &s->u.database;
    d->name.off = BS_DDL_NO_OFFSET;
    if (kind == BS_STMT_CREATE_DATABASE && ddl_if_not_exists(p)) s->flags |= BS_STMTF_IF_NOT_EXISTS;
    if (kind == BS_STMT_DROP_DATABASE && ddl_if_exists(p)) s->flags |= BS_STMTF_IF_EXISTS;
    if (kind == BS_STMT_ALTER_DATABASE) {
        /* the name is optional: ALTER DATABASE CHARACTER SET ... */
        const bs_ddl_token *t = ddl_peek(p, 0);
        int option_word =
            t->kind == BS_TOK_WORD &&
            (ddl_is(p, 0, "DEFAULT") || ddl_is(p, 0, "CHARSET") || ddl_is(p, 0, "CHARACTER") ||
             ddl_is(p, 0, "COLLATE") || ddl_is(p, 0, "ENCRYPTION") || ddl_is(p, 0, "READ") ||
             ddl_is(p, 0, "COMMENT"));
        if (!option_word) TRY(ddl_ident(p, &d->name));
    } else {
        TRY(ddl_ident(p, &d->name));
    }
    if (kind != BS_STMT_DROP_DATABASE) TRY(db_options(p, d));
    if (kind == BS_STMT_ALTER_DATABASE && d->noptions == 0) return ddl_fail(p, "a database option");
    return 0;
}

/* ---- tables ---- */

/* DROP [TEMPORARY] TABLE|TABLES / VIEW / SEQUENCE list, after the object word. */
static int drop_tables(ddl_parser *p, unsigned kind)
{
    bs_ddl_stmt *s = &p->stmt;
    s->kind = (uint16_t)kind;
    if (ddl_if_exists(p)) s->flags |= BS_STMTF_IF_EXISTS;
    TRY(table_list(p, &s->u.drop.tables, &s->u.drop.ntables));
    TRY(wait_nowait(p));
    s->u.drop.drop_behavior = drop_behavior(p);
    return 0;
}

static int rename_table(ddl_parser *p)
{
    bs_ddl_stmt *s = &p->stmt;
    s->kind = BS_STMT_RENAME_TABLE;
    if (ddl_if_exists(p)) s->flags |= BS_STMTF_IF_EXISTS;
    ddl_vec v = {0};
    do {
        bs_ddl_rename_pair *pair = ddl_vec_push(p, &v, sizeof *pair);
        if (!pair) return BS_ENOMEM;
        TRY(ddl_table_name(p, &pair->from));
        TRY(wait_nowait(p));
        TRY(ddl_expect(p, "TO"));
        TRY(ddl_table_name(p, &pair->to));
    } while (ddl_accept_op(p, ","));
    s->u.rename.pairs = v.items;
    s->u.rename.npairs = v.n;
    return 0;
}

static int truncate_table(ddl_parser *p)
{
    bs_ddl_stmt *s = &p->stmt;
    s->kind = BS_STMT_TRUNCATE_TABLE;
    ddl_accept(p, "TABLE");
    bs_ddl_table *t = ddl_alloc(p, sizeof *t);
    if (!t) return BS_ENOMEM;
    TRY(ddl_table_name(p, t));
    s->u.drop.tables = t;
    s->u.drop.ntables = 1;
    return wait_nowait(p);
}

/* ---- indexes ---- */

/* ALGORITHM [=] x | LOCK [=] x, any order, any number. */
static int algorithm_lock(ddl_parser *p, bs_ddl_str *algorithm, bs_ddl_str *lock)
{
    for (;;) {
        bs_ddl_str *dst = NULL;
        if (ddl_accept(p, "ALGORITHM"))
            dst = algorithm;
        else if (ddl_accept(p, "LOCK"))
            dst = lock;
        else if (ddl_accept(p, "NOWAIT"))
            continue;
        else if (ddl_is(p, 0, "WAIT"))
            TRY(wait_nowait(p));
        else
            return 0;
        if (!dst) continue;
        ddl_opt_eq(p);
        const bs_ddl_token *t = ddl_peek(p, 0);
        if (t->kind != BS_TOK_WORD) return ddl_fail(p, "an algorithm or lock type");
        dst->ptr = t->val;
        dst->len = t->vlen;
        dst->off = t->off;
        p->pos++;
    }
}

/* CREATE [UNIQUE|FULLTEXT|SPATIAL|VECTOR] INDEX, after INDEX. */
static int create_index(ddl_parser *p, uint8_t kind)
{
    bs_ddl_stmt *s = &p->stmt;
    bs_ddl_create_index *ci = &s->u.create_index;
    s->kind = BS_STMT_CREATE_INDEX;
    ci->kind = kind;
    ddl_index_opts_init(&ci->opts);
    if (ddl_if_not_exists(p)) s->flags |= BS_STMTF_IF_NOT_EXISTS;
    TRY(ddl_ident(p, &ci->name));
    TRY(ddl_index_options(p, &ci->opts)); /* USING/TYPE before ON */
    TRY(ddl_expect(p, "ON"));
    TRY(ddl_table_name(p, &ci->table));
    TRY(wait_nowait(p));
    TRY(ddl_key_parts(p, &ci->parts, &ci->nparts));
    TRY(ddl_index_options(p, &ci->opts));
    return algorithm_lock(p, &ci->algorithm, &ci->lock);
}

static int drop_index(ddl_parser *p)
{
    bs_ddl_stmt *s = &p->stmt;
    bs_ddl_drop_index *di = &s->u.drop_index;
    s->kind = BS_STMT_DROP_INDEX;
    if (ddl_if_exists(p)) s->flags |= BS_STMTF_IF_EXISTS;
    TRY(ddl_ident_or_string(p, &di->name, NULL)); /* `PRIMARY` is a word here */
    TRY(ddl_expect(p, "ON"));
    TRY(ddl_table_name(p, &di->table));
    TRY(wait_nowait(p));
    return algorithm_lock(p, &di->algorithm, &di->lock);
}

/* ---- views ---- */

/* DEFINER = user | CURRENT_USER[()] */
static int definer(ddl_parser *p, bs_ddl_span *out)
{
    ddl_opt_eq(p);
    uint32_t first = p->pos;
    if (ddl_accept(p, "CURRENT_USER")) {
        if (ddl_is_op(p, 0, "(") && ddl_is_op(p, 1, ")")) p->pos += 2;
    } else {
        const bs_ddl_token *t = ddl_peek(p, 0);
        if (t->kind != BS_TOK_WORD && t->kind != BS_TOK_QIDENT && t->kind != BS_TOK_STRING)
            return ddl_fail(p, "a user name");
        p->pos++;
        t = ddl_peek(p, 0);
        if (t->kind == BS_TOK_VARIABLE && t->vlen > 0 && t->val[0] == '@') p->pos++;
    }
    if (out) ddl_span_from(p, first, out);
    return 0;
}

/* [ALGORITHM = x] [DEFINER = u] [SQL SECURITY x], in any order. */
static int view_prefix(ddl_parser *p, bs_ddl_view *v)
{
    for (;;) {
        if (ddl_accept(p, "ALGORITHM")) {
            ddl_opt_eq(p);
            TRY(ddl_ident(p, &v->algorithm));
        } else if (ddl_accept(p, "DEFINER")) {
            TRY(definer(p, &v->definer));
        } else if (ddl_accept_seq(p, (const char *const[]){"SQL", "SECURITY", NULL})) {
            TRY(ddl_ident(p, &v->security));
        } else {
            return 0;
        }
    }
}

/* Tokens up to the end of the statement at parenthesis depth 0. */
static void skip_to_end(ddl_parser *p)
{
    size_t depth = 0;
    for (;;) {
        const bs_ddl_token *t = ddl_peek(p, 0);
        if (t->kind == BS_TOK_EOF) return;
        if (t->kind == BS_TOK_OP && t->vlen == 1) {
            if (t->val[0] == '(')
                depth++;
            else if (t->val[0] == ')' && depth)
                depth--;
            else if (t->val[0] == ';' && depth == 0)
                return;
        }
        p->pos++;
    }
}

/* After VIEW: [IF NOT EXISTS] name [(cols)] AS select [WITH ... CHECK OPTION]. */
static int view_body(ddl_parser *p)
{
    bs_ddl_stmt *s = &p->stmt;
    bs_ddl_view *v = &s->u.view;
    if (ddl_if_not_exists(p)) s->flags |= BS_STMTF_IF_NOT_EXISTS;
    TRY(ddl_table_name(p, &v->name));
    if (ddl_accept_op(p, "(")) {
        ddl_vec cols = {0};
        do {
            bs_ddl_str *c = ddl_vec_push(p, &cols, sizeof *c);
            if (!c) return BS_ENOMEM;
            TRY(ddl_ident(p, c));
        } while (ddl_accept_op(p, ","));
        TRY(ddl_expect_op(p, ")"));
        v->cols = cols.items;
        v->ncols = cols.n;
    }
    TRY(ddl_expect(p, "AS"));
    uint32_t first = p->pos;
    skip_to_end(p);
    uint32_t end = p->pos;
    /* trailing WITH [CASCADED|LOCAL] CHECK OPTION */
    if (end >= first + 3 && ddl_tok_is(p, end - 1, "OPTION") && ddl_tok_is(p, end - 2, "CHECK")) {
        uint32_t w = end - 3;
        v->check_option = 1;
        if (ddl_tok_is(p, w, "LOCAL") || ddl_tok_is(p, w, "CASCADED")) {
            if (ddl_tok_is(p, w, "LOCAL")) v->check_option = 2;
            w--;
        }
        if (w >= first && ddl_tok_is(p, w, "WITH"))
            end = w;
        else
            v->check_option = 0;
    }
    uint32_t save = p->pos;
    p->pos = end;
    ddl_span_from(p, first, &v->select);
    p->pos = save;
    if (v->select.ntok == 0) return ddl_fail(p, "a query");
    return 0;
}

/* ---- sequences ---- */

static int seq_number(ddl_parser *p, bs_ddl_seq_option *o)
{
    ddl_opt_eq(p);
    if (ddl_accept_op(p, "-"))
        o->negative = 1;
    else
        ddl_accept_op(p, "+");
    return ddl_uint(p, NULL, &o->value);
}

static int seq_option(ddl_parser *p, bs_ddl_seq_option *o, int *got)
{
    static const struct {
        const char *w1, *w2;
        uint8_t kind;
        uint8_t has_value;
    } words[] = {
        {"INCREMENT", NULL, BS_SEQ_INCREMENT, 1},
        {"START", NULL, BS_SEQ_START, 1},
        {"MINVALUE", NULL, BS_SEQ_MINVALUE, 1},
        {"NOMINVALUE", NULL, BS_SEQ_NO_MINVALUE, 0},
        {"NO", "MINVALUE", BS_SEQ_NO_MINVALUE, 0},
        {"MAXVALUE", NULL, BS_SEQ_MAXVALUE, 1},
        {"NOMAXVALUE", NULL, BS_SEQ_NO_MAXVALUE, 0},
        {"NO", "MAXVALUE", BS_SEQ_NO_MAXVALUE, 0},
        {"CACHE", NULL, BS_SEQ_CACHE, 1},
        {"NOCACHE", NULL, BS_SEQ_NOCACHE, 0},
        {"NO", "CACHE", BS_SEQ_NOCACHE, 0},
        {"CYCLE", NULL, BS_SEQ_CYCLE, 0},
        {"NOCYCLE", NULL, BS_SEQ_NOCYCLE, 0},
        {"NO", "CYCLE", BS_SEQ_NOCYCLE, 0},
    };
    uint32_t first = p->pos;
    memset(o, 0, sizeof *o);
    *got = 0;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (!ddl_is(p, 0, words[i].w1) || (words[i].w2 && !ddl_is(p, 1, words[i].w2))) continue;
        p->pos += words[i].w2 ? 2 : 1;
        o->kind = words[i].kind;
        if (o->kind == BS_SEQ_INCREMENT) ddl_accept(p, "BY");
        if (o->kind == BS_SEQ_START) ddl_accept(p, "WITH");
        if (words[i].has_value) TRY(seq_number(p, o));
        *got = 1;
        break;
    }
    if (!*got && ddl_accept(p, "RESTART")) {
        o->kind = BS_SEQ_RESTART;
        if (ddl_accept(p, "WITH") || ddl_is_op(p, 0, "=") ||
            ddl_peek(p, 0)->kind == BS_TOK_NUMBER || ddl_is_op(p, 0, "-"))
            TRY(seq_number(p, o));
        *got = 1;
    } else if (!*got && ddl_accept(p, "AS")) {
        bs_ddl_coltype t;
        o->kind = BS_SEQ_AS;
        TRY(ddl_column_type(p, &t));
        o->value.ptr = p->lx.s + t.span.off;
        o->value.len = t.span.len;
        o->value.off = t.span.off;
        *got = 1;
    }
    if (*got) ddl_span_from(p, first, &o->span);
    return 0;
}

/* Sequence options and (MariaDB) table options, in any order. */
static int sequence_options(ddl_parser *p, bs_ddl_sequence *seq)
{
    ddl_vec opts = {0}, topts = {0};
    for (;;) {
        bs_ddl_seq_option o;
        int got;
        ddl_accept_op(p, ",");
        TRY(seq_option(p, &o, &got));
        if (got) {
            bs_ddl_seq_option *slot = ddl_vec_push(p, &opts, sizeof o);
            if (!slot) return BS_ENOMEM;
            *slot = o;
            continue;
        }
        bs_ddl_table_option to;
        TRY(ddl_table_option(p, &to, &got));
        if (!got) break;
        bs_ddl_table_option *slot = ddl_vec_push(p, &topts, sizeof to);
        if (!slot) return BS_ENOMEM;
        *slot = to;
    }
    seq->options = opts.items;
    seq->noptions = opts.n;
    seq->table_options = topts.items;
    seq->ntable_options = topts.n;
    return 0;
}

static int create_sequence(ddl_parser *p)
{
    bs_ddl_stmt *s = &p->stmt;
    s->kind = BS_STMT_CREATE_SEQUENCE;
    if (ddl_if_not_exists(p)) s->flags |= BS_STMTF_IF_NOT_EXISTS;
    TRY(ddl_table_name(p, &s->u.sequence.name));
    return sequence_options(p, &s->u.sequence);
}

static int alter_sequence(ddl_parser *p)
{
    bs_ddl_stmt *s = &p->stmt;
    s->kind = BS_STMT_ALTER_SEQUENCE;
    if (ddl_if_exists(p)) s->flags |= BS_STMTF_IF_EXISTS;
    TRY(ddl_table_name(p, &s->u.sequence.name));
    TRY(sequence_options(p, &s->u.sequence));
    if (s->u.sequence.noptions + s->u.sequence.ntable_options == 0)
        return ddl_fail(p, "a sequence option");
    return 0;
}

/* ---- dispatch ---- */

/* The object words of CREATE/ALTER/DROP that are only recognized. */
typedef struct object_kind {
    const char *w1, *w2, *w3;
    uint16_t create, alter, drop;
} object_kind;

static const object_kind objects[] = {
    {"TRIGGER", NULL, NULL, BS_STMT_CREATE_TRIGGER, 0, BS_STMT_DROP_TRIGGER},
    {"PROCEDURE", NULL, NULL, BS_STMT_CREATE_PROCEDURE, BS_STMT_ALTER_PROCEDURE,
     BS_STMT_DROP_PROCEDURE},
    {"FUNCTION", NULL, NULL, BS_STMT_CREATE_FUNCTION, BS_STMT_ALTER_FUNCTION,
     BS_STMT_DROP_FUNCTION},
    {"AGGREGATE", "FUNCTION", NULL, BS_STMT_CREATE_FUNCTION, 0, 0},
    {"EVENT", NULL, NULL, BS_STMT_CREATE_EVENT, BS_STMT_ALTER_EVENT, BS_STMT_DROP_EVENT},
    {"TABLESPACE", NULL, NULL, BS_STMT_CREATE_TABLESPACE, BS_STMT_ALTER_TABLESPACE,
     BS_STMT_DROP_TABLESPACE},
    {"UNDO", "TABLESPACE", NULL, BS_STMT_CREATE_TABLESPACE, BS_STMT_ALTER_TABLESPACE,
     BS_STMT_DROP_TABLESPACE},
    {"SERVER", NULL, NULL, BS_STMT_CREATE_SERVER, BS_STMT_ALTER_SERVER, BS_STMT_DROP_SERVER},
    {"USER", NULL, NULL, BS_STMT_CREATE_USER, BS_STMT_ALTER_USER, BS_STMT_DROP_USER},
    {"ROLE", NULL, NULL, BS_STMT_CREATE_ROLE, 0, BS_STMT_DROP_ROLE},
    {"LOGFILE", "GROUP", NULL, BS_STMT_LOGFILE_GROUP, BS_STMT_LOGFILE_GROUP, BS_STMT_LOGFILE_GROUP},
    {"PACKAGE", NULL, NULL, BS_STMT_PACKAGE, 0, BS_STMT_PACKAGE},
    {"RESOURCE", "GROUP", NULL, BS_STMT_RESOURCE_GROUP, BS_STMT_RESOURCE_GROUP,
     BS_STMT_RESOURCE_GROUP},
    {"SPATIAL", "REFERENCE", "SYSTEM", BS_STMT_SPATIAL_REFERENCE_SYSTEM, 0,
     BS_STMT_SPATIAL_REFERENCE_SYSTEM},
};

/* verb: 0 create, 1 alter, 2 drop. Sets the kind when an only-recognized
 * object word is at the current token. */
static int recognized_object(ddl_parser *p, int verb)
{
    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++) {
        const object_kind *o = &objects[i];
        if (!ddl_is(p, 0, o->w1) || (o->w2 && !ddl_is(p, 1, o->w2)) ||
            (o->w3 && !ddl_is(p, 2, o->w3)))
            continue;
        uint16_t k = verb == 0 ? o->create : verb == 1 ? o->alter : o->drop;
        if (!k) continue;
        p->stmt.kind = k;
        return 1;
    }
    return 0;
}

static int parse_create(ddl_parser *p)
{
    bs_ddl_stmt *s = &p->stmt;
    if (ddl_accept_seq(p, (const char *const[]){"OR", "REPLACE", NULL}))
        s->flags |= BS_STMTF_OR_REPLACE;
    if (ddl_is(p, 0, "DATABASE") || ddl_is(p, 0, "SCHEMA"))
        return database_stmt(p, BS_STMT_CREATE_DATABASE);
    if (ddl_accept(p, "TEMPORARY")) s->flags |= BS_STMTF_TEMPORARY;
    if (ddl_accept(p, "TABLE")) return ddl_create_table(p);
    if (ddl_accept(p, "SEQUENCE")) return create_sequence(p);
    if (s->flags & BS_STMTF_TEMPORARY) return ddl_fail(p, "TABLE or SEQUENCE");
    if (!ddl_accept(p, "ONLINE")) ddl_accept(p, "OFFLINE");
    uint8_t ikind = BS_CONS_INDEX;
    if (ddl_is(p, 1, "INDEX") || ddl_is(p, 1, "KEY")) {
        if (ddl_accept(p, "UNIQUE"))
            ikind = BS_CONS_UNIQUE;
        else if (ddl_accept(p, "FULLTEXT"))
            ikind = BS_CONS_FULLTEXT;
        else if (ddl_accept(p, "SPATIAL"))
            ikind = BS_CONS_SPATIAL;
        else if (ddl_accept(p, "VECTOR"))
            ikind = BS_CONS_VECTOR;
    }
    if (ddl_accept(p, "INDEX")) return create_index(p, ikind);
    TRY(view_prefix(p, &s->u.view));
    if (ddl_accept(p, "VIEW")) {
        s->kind = BS_STMT_CREATE_VIEW;
        return view_body(p);
    }
    if (recognized_object(p, 0)) return 0;
    return ddl_fail(p, "an object to create (TABLE, DATABASE, INDEX, VIEW, ...)");
}

static int parse_alter(ddl_parser *p)
{
    bs_ddl_stmt *s = &p->stmt;
    if (ddl_is(p, 0, "DATABASE") || ddl_is(p, 0, "SCHEMA"))
        return database_stmt(p, BS_STMT_ALTER_DATABASE);
    uint32_t save = p->pos;
    uint8_t online = (uint8_t)(ddl_accept(p, "ONLINE") || ddl_accept(p, "OFFLINE"));
    uint8_t ignore = (uint8_t)ddl_accept(p, "IGNORE");
    if (ddl_accept(p, "TABLE")) {
        s->u.alter.online = online;
        s->u.alter.ignore = ignore;
        return ddl_alter_table(p);
    }
    p->pos = save;
    if (ddl_accept(p, "SEQUENCE")) return alter_sequence(p);
    TRY(view_prefix(p, &s->u.view));
    if (ddl_accept(p, "VIEW")) {
        s->kind = BS_STMT_ALTER_VIEW;
        return view_body(p);
    }
    if (recognized_object(p, 1)) return 0;
    return ddl_fail(p, "an object to alter (TABLE, DATABASE, VIEW, ...)");
}

static int parse_drop(ddl_parser *p)
{
    bs_ddl_stmt *s = &p->stmt;
    if (ddl_is(p, 0, "DATABASE") || ddl_is(p, 0, "SCHEMA"))
        return database_stmt(p, BS_STMT_DROP_DATABASE);
    if (ddl_accept(p, "TEMPORARY")) s->flags |= BS_STMTF_TEMPORARY;
    if (ddl_accept(p, "TABLE") || ddl_accept(p, "TABLES"))
        return drop_tables(p, BS_STMT_DROP_TABLE);
    if (ddl_accept(p, "SEQUENCE")) return drop_tables(p, BS_STMT_DROP_SEQUENCE);
    if (s->flags & BS_STMTF_TEMPORARY) return ddl_fail(p, "TABLE or SEQUENCE");
    if (ddl_accept(p, "VIEW")) return drop_tables(p, BS_STMT_DROP_VIEW);
    if (!ddl_accept(p, "ONLINE")) ddl_accept(p, "OFFLINE");
    if (ddl_accept(p, "INDEX")) return drop_index(p);
    if (recognized_object(p, 2)) return 0;
    return ddl_fail(p, "an object to drop (TABLE, DATABASE, INDEX, VIEW, ...)");
}

static int parse_statement(ddl_parser *p)
{
    if (ddl_accept(p, "CREATE")) return parse_create(p);
    if (ddl_accept(p, "ALTER")) return parse_alter(p);
    if (ddl_accept(p, "DROP")) return parse_drop(p);
    if (ddl_is(p, 0, "RENAME") && (ddl_is(p, 1, "TABLE") || ddl_is(p, 1, "TABLES"))) {
        p->pos += 2;
        return rename_table(p);
    }
    if (ddl_accept(p, "TRUNCATE")) return truncate_table(p);
    TRY(ddl_recognize(p));
    if (p->stmt.kind == BS_STMT_UNKNOWN) return ddl_fail(p, "a statement");
    return 0;
}

/* After the statement: ';' and white space, or the end. */
static int statement_end(ddl_parser *p)
{
    bs_ddl_stmt *s = &p->stmt;
    s->off = ddl_tok(p, 0)->off;
    if (p->pos > 0) {
        const bs_ddl_token *last = ddl_tok(p, p->pos - 1);
        s->len = last->off + last->len - s->off;
    }
    if (!bs_ddl_kind_is_parsed(s->kind)) {
        s->rest_off = (uint32_t)p->lx.len;
        return 0;
    }
    if (!ddl_at_end(p)) return ddl_fail(p, "the end of the statement");
    const bs_ddl_token *t = ddl_peek(p, 0);
    size_t rest = t->off + t->len;
    while (rest < p->lx.len && (unsigned char)p->lx.s[rest] <= ' ')
        rest++;
    s->rest_off = (uint32_t)rest;
    return p->lex_rc;
}

int bs_ddl_parser_new(bs_ddl_parser **out, bs_error *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out) return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    return 0;
}

void bs_ddl_parser_free(bs_ddl_parser *p)
{
    if (!p) return;
    bs_arena_free(&p->arena);
    free(p->toks);
    free(p);
}

int bs_ddl_parse(bs_ddl_parser *p, const char *sql, size_t len, const bs_ddl_options *opt,
                 const bs_ddl_stmt **out, bs_error *err)
{
    bs_error local;
    if (!err) err = &local;
    bs_error_clear(err);
    *out = NULL;
    if (len > UINT32_MAX - 1)
        return bs_error_set(err, BS_ELIMIT, NULL, 0, "statement longer than 4 GiB");
    bs_arena_reset(&p->arena);
    p->ntoks = 0;
    p->pos = 0;
    p->lex_done = 0;
    p->lex_rc = 0;
    p->err = err;
    p->splits = NULL;
    p->nsplits = 0;
    memset(&p->stmt, 0, sizeof p->stmt);
    if (opt)
        p->opt = *opt;
    else
        memset(&p->opt, 0, sizeof p->opt);
    ddl_lex_init(&p->lx, sql ? sql : "", sql ? len : 0, &p->opt, &p->arena);
    bs_ddl_stmt *s = &p->stmt;
    s->sql = p->lx.s;
    s->sql_len = p->lx.len;
    int rc;
    if (ddl_peek(p, 0)->kind == BS_TOK_EOF)
        rc = p->lex_rc ? p->lex_rc : ddl_fail(p, "a statement");
    else
        rc = parse_statement(p);
    if (!rc) rc = statement_end(p);
    s->tokens = p->toks;
    s->ntokens = p->ntoks;
    if (rc) return rc;
    /* a recognized statement may have peeked at a token that does not lex:
     * what follows its leading words is not read, so that is no error */
    bs_error_clear(err);
    *out = s;
    return 0;
}

void bs_ddl_options_for_server(const char *server_version, int mariadb, uint64_t sql_mode,
                               bs_ddl_options *out)
{
    unsigned major = 0, minor = 0, patch = 0;
    int n = server_version ? sscanf(server_version, "%u.%u.%u", &major, &minor, &patch) : 0;
    *out = (bs_ddl_options){.sql_mode = sql_mode,
                            .server_version = n >= 2 ? major * 10000 + minor * 100 + patch : 0,
                            .mariadb = (uint8_t)(mariadb != 0)};
}
