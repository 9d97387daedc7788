/*
 * ddl_parse_expr.c - expressions inside DDL, kept as token runs.
 *
 * DDL embeds expressions in a few places: DEFAULT and ON UPDATE values,
 * generated columns, CHECK constraints, functional key parts, partition
 * bounds. None of them changes a table's shape, so the parser does not build
 * expression trees: a parenthesized expression is skipped by counting
 * parentheses, and an unparenthesized DEFAULT value (MySQL allows a literal,
 * NULL or CURRENT_TIMESTAMP; MariaDB any simple expression) is read as
 * operands joined by binary operators, each operand a literal, a name, a
 * function call or a parenthesized group. The result is classified so that
 * the common values (literals, NULL, CURRENT_TIMESTAMP[(n)]) are directly
 * usable.
 */
#include <string.h>

#include "schema/ddl_internal.h"

static int tok_op(const bs_ddl_token *t, const char *op)
{
    return t->kind == BS_TOK_OP && t->vlen == strlen(op) && memcmp(t->val, op, t->vlen) == 0;
}

static int tok_word(const bs_ddl_token *t, const char *w)
{
    return t->kind == BS_TOK_WORD && ddl_ieq(t->val, t->vlen, w);
}

static int is_now_word(const bs_ddl_token *t)
{
    return tok_word(t, "CURRENT_TIMESTAMP") || tok_word(t, "LOCALTIME") ||
           tok_word(t, "LOCALTIMESTAMP") || tok_word(t, "NOW");
}

static void set_text(bs_ddl_str *s, const bs_ddl_token *t)
{
    s->ptr = t->val;
    s->len = t->vlen;
    s->off = t->off;
}

static uint8_t number_kind(const bs_ddl_token *t)
{
    uint8_t kind = BS_LIT_INT;
    for (uint32_t i = 0; i < t->vlen; i++) {
        if (t->val[i] == 'e' || t->val[i] == 'E') return BS_LIT_FLOAT;
        if (t->val[i] == '.') kind = BS_LIT_DECIMAL;
    }
    return kind;
}

/* A single literal token. */
static int classify_literal(bs_ddl_expr *e, const bs_ddl_token *t)
{
    switch (t->kind) {
    case BS_TOK_STRING:
        e->lit_kind = BS_LIT_STRING;
        if (t->flags & BS_TOKF_INTRODUCER) {
            e->charset.ptr = t->charset;
            e->charset.len = t->charset_len;
            e->charset.off = t->off;
        }
        break;
    case BS_TOK_NUMBER: e->lit_kind = number_kind(t); break;
    case BS_TOK_HEX: e->lit_kind = BS_LIT_HEX; break;
    case BS_TOK_BIT: e->lit_kind = BS_LIT_BIT; break;
    case BS_TOK_WORD:
        if (!tok_word(t, "TRUE") && !tok_word(t, "FALSE")) return 0;
        e->lit_kind = BS_LIT_BOOL;
        e->bool_value = tok_word(t, "TRUE");
        break;
    default: return 0;
    }
    e->kind = BS_EXPR_LITERAL;
    set_text(&e->text, t);
    return 1;
}

void ddl_expr_classify(ddl_parser *p, bs_ddl_expr *e)
{
    uint32_t n = e->span.ntok;
    e->kind = BS_EXPR_OTHER;
    e->fsp = -1;
    if (n == 0) return;
    const bs_ddl_token *t0 = ddl_tok(p, e->span.tok);
    if (n == 1) {
        if (tok_word(t0, "NULL"))
            e->kind = BS_EXPR_NULL;
        else if (is_now_word(t0) && !tok_word(t0, "NOW"))
            e->kind = BS_EXPR_CURRENT_TIMESTAMP;
        else if (!classify_literal(e, t0))
            e->kind = BS_EXPR_OTHER;
        return;
    }
    const bs_ddl_token *t1 = ddl_tok(p, e->span.tok + 1);
    if (n == 2 && (tok_op(t0, "-") || tok_op(t0, "+")) && t1->kind == BS_TOK_NUMBER) {
        classify_literal(e, t1);
        e->negative = tok_op(t0, "-");
        return;
    }
    if (is_now_word(t0) && tok_op(t1, "(")) {
        const bs_ddl_token *t2 = ddl_tok(p, e->span.tok + 2);
        if (n == 3 && tok_op(t2, ")")) {
            e->kind = BS_EXPR_CURRENT_TIMESTAMP;
        } else if (n == 4 && t2->kind == BS_TOK_NUMBER && t2->vlen == 1 && t2->val[0] >= '0' &&
                   t2->val[0] <= '9' && tok_op(ddl_tok(p, e->span.tok + 3), ")")) {
            e->kind = BS_EXPR_CURRENT_TIMESTAMP;
            e->fsp = (int8_t)(t2->val[0] - '0');
        }
    }
}

int ddl_paren_expr(ddl_parser *p, bs_ddl_expr *out)
{
    memset(out, 0, sizeof *out);
    TRY(ddl_balanced(p, &out->span));
    out->parenthesized = 1;
    ddl_expr_classify(p, out);
    return 0;
}

static const char *const binary_ops[] = {"+", "-",  "*",  "/",   "%",  "||", "&&", "|",
                                         "&", "^",  "<<", ">>",  "=",  "<>", "!=", "<",
                                         ">", "<=", ">=", "<=>", "->", "->>"};
static const char *const binary_words[] = {"DIV", "MOD", "AND", "OR", "XOR"};

static int at_binary_op(ddl_parser *p)
{
    const bs_ddl_token *t = ddl_peek(p, 0);
    if (t->kind == BS_TOK_OP) {
        for (size_t i = 0; i < sizeof binary_ops / sizeof binary_ops[0]; i++)
            if (tok_op(t, binary_ops[i])) return 1;
        return 0;
    }
    for (size_t i = 0; i < sizeof binary_words / sizeof binary_words[0]; i++)
        if (tok_word(t, binary_words[i])) return 1;
    return 0;
}

/* One operand of a simple expression. */
static int operand(ddl_parser *p)
{
    while (ddl_is_op(p, 0, "-") || ddl_is_op(p, 0, "+") || ddl_is_op(p, 0, "~") ||
           ddl_is_op(p, 0, "!"))
        p->pos++;
    const bs_ddl_token *t = ddl_peek(p, 0);
    switch (t->kind) {
    case BS_TOK_STRING:
    case BS_TOK_NUMBER:
    case BS_TOK_HEX:
    case BS_TOK_BIT:
    case BS_TOK_VARIABLE: p->pos++; return 0;
    case BS_TOK_OP:
        if (tok_op(t, "(")) return ddl_balanced(p, NULL);
        return ddl_fail(p, "a value");
    case BS_TOK_WORD:
    case BS_TOK_QIDENT:
        if (ddl_is(p, 0, "NEXT") && ddl_is(p, 1, "VALUE") && ddl_is(p, 2, "FOR")) {
            bs_ddl_table seq;
            p->pos += 3;
            return ddl_table_name(p, &seq);
        }
        p->pos++;
        while (ddl_is_op(p, 0, ".") &&
               (ddl_peek(p, 1)->kind == BS_TOK_WORD || ddl_peek(p, 1)->kind == BS_TOK_QIDENT))
            p->pos += 2;
        if (ddl_is_op(p, 0, "(")) return ddl_balanced(p, NULL);
        return 0;
    default: return ddl_fail(p, "a value");
    }
}

int ddl_default_expr(ddl_parser *p, bs_ddl_expr *out)
{
    memset(out, 0, sizeof *out);
    if (ddl_is_op(p, 0, "(")) {
        /* (expr) alone; (expr) + 1 is a MariaDB expression */
        uint32_t save = p->pos;
        TRY(ddl_paren_expr(p, out));
        if (!at_binary_op(p)) return 0;
        p->pos = save;
        memset(out, 0, sizeof *out);
    }
    uint32_t first = p->pos;
    TRY(operand(p));
    while (at_binary_op(p)) {
        p->pos++;
        TRY(operand(p));
    }
    ddl_span_from(p, first, &out->span);
    ddl_expr_classify(p, out);
    return 0;
}
