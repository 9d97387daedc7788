/*
 * ddl_internal.h - what the DDL lexer, parser, splitter and restorer share.
 *
 * The parser pulls tokens from the lexer on demand into a token array that
 * belongs to the bs_ddl_parser and is reused from parse to parse; decoded
 * strings and every syntax-tree node live in the parser's arena, reset at the
 * start of each parse. Tokens are addressed by index (the array may move as
 * it grows), so nodes store token indexes, never token pointers, until the
 * parse is complete.
 *
 * Parsing functions return 0 or a negative BS_E* code; the first failure
 * fills the parser's bs_error and everything unwinds with that code.
 */
#ifndef BS_SCHEMA_DDL_INTERNAL_H
#define BS_SCHEMA_DDL_INTERNAL_H

#include <stdint.h>
#include <string.h>

#include "binsift/schema.h"
#include "util/arena.h"

#define TRY(expr)                                                                                  \
    do {                                                                                           \
        int try_rc_ = (expr);                                                                      \
        if (try_rc_) return try_rc_;                                                               \
    } while (0)

/* ---- lexer (ddl_lex.c) ---- */
typedef struct ddl_lexer {
    const char *s;
    size_t len;
    size_t pos;
    uint64_t sql_mode;
    uint32_t server_version;
    uint8_t mariadb;
    uint8_t in_exec;   /* inside an executable comment being read */
    size_t exec_start; /* where that comment opened */
    bs_arena *arena;
} ddl_lexer;

void ddl_lex_init(ddl_lexer *lx, const char *s, size_t len, const bs_ddl_options *opt,
                  bs_arena *arena);
/* Next token (BS_TOK_EOF at the end). */
int ddl_lex_next(ddl_lexer *lx, bs_ddl_token *t, bs_error *err);
/* 1 when name (no leading '_') is a character set an introducer may name. */
int ddl_is_charset_name(const char *s, size_t n);

/* ---- parser state (ddl_parse*.c) ---- */
struct bs_ddl_parser {
    bs_arena arena;
    bs_ddl_token *toks; /* malloc'd, reused across parses */
    uint32_t ntoks, cap;
    uint32_t pos; /* index of the current token */
    int lex_done; /* EOF token stored */
    int lex_rc;   /* the lexer's error, once it failed */
    ddl_lexer lx;
    bs_error *err;
    bs_ddl_options opt;
    bs_ddl_stmt stmt;
    /* split results (ddl_split.c) */
    bs_ddl_split_stmt *splits;
    uint32_t nsplits;
};

typedef struct bs_ddl_parser ddl_parser;

/* Token i (lexing up to it); the EOF token when past the end. When lexing
 * fails, a stand-in EOF token ends the input and p->lex_rc keeps the error:
 * ddl_fail returns it, and bs_ddl_parse fails with it even when the
 * statement looked complete. */
const bs_ddl_token *ddl_tok(ddl_parser *p, uint32_t i);
/* Current token + k. */
const bs_ddl_token *ddl_peek(ddl_parser *p, uint32_t k);
/* 1 when token i is the bare word kw (case-insensitive). */
int ddl_tok_is(ddl_parser *p, uint32_t i, const char *kw);
/* 1 when the current token + k is the bare word kw. */
int ddl_is(ddl_parser *p, uint32_t k, const char *kw);
/* 1 when the current token + k is the operator op. */
int ddl_is_op(ddl_parser *p, uint32_t k, const char *op);
/* Consume the word/operator when present; return 1 if consumed. */
int ddl_accept(ddl_parser *p, const char *kw);
int ddl_accept_op(ddl_parser *p, const char *op);
/* Consume a sequence of words when all present ("IF", "EXISTS", NULL). */
int ddl_accept_seq(ddl_parser *p, const char *const *kws);
/* Require the word/operator. */
int ddl_expect(ddl_parser *p, const char *kw);
int ddl_expect_op(ddl_parser *p, const char *op);
/* Record a syntax error at the current token. */
int ddl_fail(ddl_parser *p, const char *expected);
/* Lexing error already recorded: its code. */
int ddl_lex_error(ddl_parser *p);

/* Zeroed arena memory; NULL (error recorded) when out of memory. */
void *ddl_alloc(ddl_parser *p, size_t n);

/* A growable array in the arena. Growing copies into a chunk twice the size;
 * the abandoned chunks go with the arena at the next parse. */
typedef struct ddl_vec {
    void *items;
    uint32_t n, cap;
} ddl_vec;
/* A new zeroed slot at the end, or NULL (error recorded). */
void *ddl_vec_push(ddl_parser *p, ddl_vec *v, size_t size);

/* A name: quoted identifier, or bare word that is not a reserved word. */
int ddl_ident(ddl_parser *p, bs_ddl_str *out);
/* 1 when the current token can start a name. */
int ddl_at_ident(ddl_parser *p);
/* Identifier or string (ENGINE = 'InnoDB', CHARSET 'utf8'). */
int ddl_ident_or_string(ddl_parser *p, bs_ddl_str *out, uint8_t *was_string);
/* [schema.]name */
int ddl_table_name(ddl_parser *p, bs_ddl_table *out);
/* 'string' (adjacent strings already joined by the lexer). */
int ddl_string(ddl_parser *p, bs_ddl_str *out);
/* Unsigned integer literal. */
int ddl_uint(ddl_parser *p, uint64_t *out, bs_ddl_str *text);
/* Skip tokens up to and including the ')' matching the '(' at the current
 * token; *inner receives the span inside the parentheses. */
int ddl_balanced(ddl_parser *p, bs_ddl_span *inner);
/* Span covering tokens [first, p->pos). */
void ddl_span_from(ddl_parser *p, uint32_t first, bs_ddl_span *out);
/* 1 at the end of the statement (EOF or ';'). */
int ddl_at_end(ddl_parser *p);
/* [=] */
void ddl_opt_eq(ddl_parser *p);
/* IF NOT EXISTS / IF EXISTS, returning 1 when present. */
int ddl_if_not_exists(ddl_parser *p);
int ddl_if_exists(ddl_parser *p);

/* Expressions kept as token runs (ddl_parse_expr.c). */
/* ( expr ): parenthesized expression. */
int ddl_paren_expr(ddl_parser *p, bs_ddl_expr *out);
/* DEFAULT / ON UPDATE value: literal, NULL, CURRENT_TIMESTAMP[(n)], (expr),
 * or (MariaDB) an unparenthesized simple expression. */
int ddl_default_expr(ddl_parser *p, bs_ddl_expr *out);
/* Classify an expression span (literal, NULL, CURRENT_TIMESTAMP). */
void ddl_expr_classify(ddl_parser *p, bs_ddl_expr *e);

/* Column definitions, types, constraints, options (ddl_parse_table.c). */
int ddl_column_def(ddl_parser *p, bs_ddl_column *out);
int ddl_column_type(ddl_parser *p, bs_ddl_coltype *out);
/* A table constraint/index definition starts here. */
int ddl_at_constraint(ddl_parser *p);
int ddl_element_list(ddl_parser *p, int allow_period, ddl_vec *cols, ddl_vec *cons);
int ddl_constraint(ddl_parser *p, bs_ddl_constraint *out);
int ddl_key_parts(ddl_parser *p, const bs_ddl_keypart **parts, uint32_t *n);
int ddl_index_options(ddl_parser *p, bs_ddl_index_opts *o);
void ddl_index_opts_init(bs_ddl_index_opts *o);
int ddl_reference(ddl_parser *p, const bs_ddl_reference **out);
/* One table option when one starts here (*got = 1). */
int ddl_table_option(ddl_parser *p, bs_ddl_table_option *out, int *got);
/* Table options separated by optional commas; stop at anything else. */
int ddl_table_options(ddl_parser *p, const bs_ddl_table_option **out, uint32_t *n);
int ddl_partitioning(ddl_parser *p, const bs_ddl_partitioning **out);
int ddl_part_defs(ddl_parser *p, const bs_ddl_part_def **defs, uint32_t *n);
/* PARTITION name ... (sub: SUBPARTITION name ...) */
int ddl_part_def(ddl_parser *p, bs_ddl_part_def *d, int sub);
int ddl_create_table(ddl_parser *p);

/* ALTER TABLE (ddl_parse_alter.c). */
int ddl_alter_table(ddl_parser *p);

/* Everything else (ddl_parse.c, ddl_recognize.c). */
/* Recognize the kind of a statement that is not parsed in full; sets
 * p->stmt.kind, or leaves it BS_STMT_UNKNOWN. */
int ddl_recognize(ddl_parser *p);

/* ASCII case-insensitive equality of a counted string and a C string. */
int ddl_ieq(const char *s, size_t n, const char *kw);

#endif
