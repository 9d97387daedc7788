/*
 * expr_lex.c - MySQL/TiDB tokens for expression filters.
 *
 * The lexer follows TiDB's scanner under its default sql_mode (DM parses
 * filters with a default parser): "..." is a string, not an identifier
 * (no ANSI_QUOTES); backslash escapes are on; adjacent string literals are
 * separate tokens (the parser joins them). Comments (#, "-- ", slash-star)
 * are skipped; an executable comment's content is lexed as if the markers
 * were not there, as the server does. Strings, quoted identifiers and hex/bit
 * literals are decoded into arena memory, so the parser sees their bytes.
 */
#include <string.h>

#include "rules/expr_internal.h"

static int lex_fail(xlexer *lx, uint32_t off, const char *what)
{
    return bs_error_set(lx->err, BS_EINVAL, "", off, "syntax error at offset %u: %s", off, what);
}

static bool ident_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || c >= 0x80;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool xtok_is(const xtok *t, const char *kw)
{
    if (t->kind != XT_IDENT) return false;
    size_t n = strlen(kw);
    if (t->n != n) return false;
    for (size_t i = 0; i < n; i++) {
        char c = t->p[i];
        if (c >= 'a' && c <= 'z') c = (char)(c - 32);
        if (c != kw[i]) return false;
    }
    return true;
}

/* Skip spaces and comments. A non-zero return is an error. */
static int skip_blank(xlexer *lx)
{
    const char *s = lx->s;
    for (;;) {
        size_t i = lx->pos;
        if (i >= lx->n) return 0;
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            lx->pos++;
        } else if (c == '#') {
            while (lx->pos < lx->n && s[lx->pos] != '\n')
                lx->pos++;
        } else if (c == '-' && i + 1 < lx->n && s[i + 1] == '-' &&
                   (i + 2 == lx->n || s[i + 2] == ' ' || s[i + 2] == '\t' || s[i + 2] == '\n' ||
                    s[i + 2] == '\r')) {
            while (lx->pos < lx->n && s[lx->pos] != '\n')
                lx->pos++;
        } else if (c == '/' && i + 1 < lx->n && s[i + 1] == '*') {
            if (i + 2 < lx->n && s[i + 2] == '!') {
                /* executable comment: skip the marker and an optional version */
                lx->pos = i + 3;
                while (lx->pos < lx->n && is_digit(s[lx->pos]))
                    lx->pos++;
                lx->exec_comment++;
                continue;
            }
            size_t j = i + 2;
            while (j + 1 < lx->n && !(s[j] == '*' && s[j + 1] == '/'))
                j++;
            if (j + 1 >= lx->n) return lex_fail(lx, (uint32_t)i, "unterminated comment");
            lx->pos = j + 2;
        } else if (c == '*' && lx->exec_comment && i + 1 < lx->n && s[i + 1] == '/') {
            lx->exec_comment--;
            lx->pos += 2;
        } else {
            return 0;
        }
    }
}

/* Decode a quoted string or identifier starting at the quote. */
static int lex_quoted(xlexer *lx, xtok *t, char q)
{
    const char *s = lx->s;
    size_t start = lx->pos, i = start + 1;
    char *buf = bs_arena_alloc(lx->arena, lx->n - start + 1);
    if (!buf) return bs_error_set(lx->err, BS_ENOMEM, "", BS_NO_OFFSET, "out of memory");
    size_t o = 0;
    for (;;) {
        if (i >= lx->n) {
            return lex_fail(lx, (uint32_t)start,
                            q == '`' ? "unterminated quoted identifier" : "unterminated string");
        }
        char c = s[i];
        if (c == q) {
            if (i + 1 < lx->n && s[i + 1] == q) {
                buf[o++] = q;
                i += 2;
                continue;
            }
            i++;
            break;
        }
        if (c == '\\' && q != '`' && i + 1 < lx->n) {
            char e = s[i + 1];
            switch (e) {
            case '0': buf[o++] = 0; break;
            case 'b': buf[o++] = 8; break;
            case 'n': buf[o++] = '\n'; break;
            case 'r': buf[o++] = '\r'; break;
            case 't': buf[o++] = '\t'; break;
            case 'Z': buf[o++] = 26; break;
            case '%':
            case '_':
                /* kept with the backslash, for LIKE */
                buf[o++] = '\\';
                buf[o++] = e;
                break;
            default: buf[o++] = e; break;
            }
            i += 2;
            continue;
        }
        buf[o++] = c;
        i++;
    }
    t->kind = q == '`' ? XT_QIDENT : XT_STRING;
    t->p = buf;
    t->n = o;
    lx->pos = i;
    return 0;
}

/* X'...' / B'...' with the quote at lx->pos; kind XT_HEX or XT_BIT. */
static int lex_binary_quoted(xlexer *lx, xtok *t, bool hex, uint32_t off)
{
    size_t i = lx->pos + 1, start = i;
    while (i < lx->n && lx->s[i] != '\'')
        i++;
    if (i >= lx->n) return lex_fail(lx, off, "unterminated literal");
    size_t nd = i - start;
    const char *d = lx->s + start;
    for (size_t k = 0; k < nd; k++) {
        if (hex ? hexval(d[k]) < 0 : (d[k] != '0' && d[k] != '1'))
            return lex_fail(lx, off, hex ? "bad hexadecimal literal" : "bad bit literal");
    }
    if (hex && nd % 2) return lex_fail(lx, off, "hexadecimal literal with an odd digit count");
    lx->pos = i + 1;
    t->kind = hex ? XT_HEX : XT_BIT;
    t->p = d;
    t->n = nd;
    return 0;
}

/* Turn XT_HEX/XT_BIT digit text into bytes. */
static int decode_binary(xlexer *lx, xtok *t)
{
    const char *d = t->p;
    size_t nd = t->n;
    bool hex = t->kind == XT_HEX;
    size_t nbytes = hex ? (nd + 1) / 2 : (nd + 7) / 8;
    uint8_t *buf = bs_arena_alloc(lx->arena, nbytes + 1);
    if (!buf) return bs_error_set(lx->err, BS_ENOMEM, "", BS_NO_OFFSET, "out of memory");
    memset(buf, 0, nbytes + 1);
    if (hex) {
        /* odd length (0x abc): a leading zero nibble */
        size_t k = 0, b = 0;
        if (nd % 2) buf[b++] = (uint8_t)hexval(d[k++]);
        for (; k < nd; k += 2)
            buf[b++] = (uint8_t)(hexval(d[k]) << 4 | hexval(d[k + 1]));
    } else {
        /* bits right-aligned in whole bytes */
        size_t total = nbytes * 8, pad = total - nd;
        for (size_t k = 0; k < nd; k++)
            if (d[k] == '1') buf[(pad + k) / 8] |= (uint8_t)(0x80 >> ((pad + k) % 8));
    }
    t->p = (const char *)buf;
    t->n = nbytes;
    return 0;
}

static int lex_number(xlexer *lx, xtok *t)
{
    const char *s = lx->s;
    size_t i = lx->pos, start = i;
    /* 0x.. and 0b.. */
    if (s[i] == '0' && i + 1 < lx->n && (s[i + 1] == 'x' || s[i + 1] == 'b')) {
        bool hex = s[i + 1] == 'x';
        size_t j = i + 2;
        while (j < lx->n && (hex ? hexval(s[j]) >= 0 : (s[j] == '0' || s[j] == '1')))
            j++;
        if (j > i + 2 && (j >= lx->n || !ident_char((unsigned char)s[j]))) {
            t->kind = hex ? XT_HEX : XT_BIT;
            t->p = s + i + 2;
            t->n = j - i - 2;
            lx->pos = j;
            return decode_binary(lx, t);
        }
        /* otherwise an identifier such as 0xyz */
    }
    while (i < lx->n && is_digit(s[i]))
        i++;
    bool has_point = false, has_exp = false;
    if (i < lx->n && s[i] == '.') {
        has_point = true;
        i++;
        while (i < lx->n && is_digit(s[i]))
            i++;
    }
    if (i < lx->n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        if (j < lx->n && (s[j] == '+' || s[j] == '-')) j++;
        if (j < lx->n && is_digit(s[j])) {
            while (j < lx->n && is_digit(s[j]))
                j++;
            i = j;
            has_exp = true;
        }
    }
    if (!has_point && !has_exp && i < lx->n && ident_char((unsigned char)s[i])) {
        /* 123abc is an identifier */
        while (i < lx->n && ident_char((unsigned char)s[i]))
            i++;
        t->kind = XT_IDENT;
        t->p = s + start;
        t->n = i - start;
        lx->pos = i;
        return 0;
    }
    t->kind = has_exp ? XT_FLOAT : has_point ? XT_DEC : XT_INT;
    t->p = s + start;
    t->n = i - start;
    lx->pos = i;
    return 0;
}

static int lex_op(xlexer *lx, xtok *t)
{
    const char *s = lx->s;
    size_t i = lx->pos;
    char c = s[i], d = i + 1 < lx->n ? s[i + 1] : 0, e = i + 2 < lx->n ? s[i + 2] : 0;
    int op = (unsigned char)c, len = 1;
    if (c == '<' && d == '=' && e == '>')
        op = XTO_NULLEQ, len = 3;
    else if (c == '-' && d == '>' && e == '>')
        op = XTO_ARROW2, len = 3;
    else if (c == '<' && d == '=')
        op = XTO_LE, len = 2;
    else if (c == '>' && d == '=')
        op = XTO_GE, len = 2;
    else if (c == '<' && d == '>')
        op = XTO_NE, len = 2;
    else if (c == '!' && d == '=')
        op = XTO_NE, len = 2;
    else if (c == '<' && d == '<')
        op = XTO_SHL, len = 2;
    else if (c == '>' && d == '>')
        op = XTO_SHR, len = 2;
    else if (c == '&' && d == '&')
        op = XTO_ANDAND, len = 2;
    else if (c == '|' && d == '|')
        op = XTO_OROR, len = 2;
    else if (c == '-' && d == '>')
        op = XTO_ARROW, len = 2;
    else if (c == ':' && d == '=')
        op = XTO_ASSIGN, len = 2;
    else if (!strchr("()+-*/%^&|~!=<>,.;?@{}", c) || c == 0)
        return lex_fail(lx, (uint32_t)i, "unexpected character");
    t->kind = XT_OP;
    t->op = op;
    lx->pos = i + (size_t)len;
    return 0;
}

int xlex_next(xlexer *lx, xtok *t)
{
    memset(t, 0, sizeof *t);
    int rc = skip_blank(lx);
    if (rc) return rc;
    t->off = (uint32_t)lx->pos;
    if (lx->pos >= lx->n) {
        if (lx->exec_comment) return lex_fail(lx, t->off, "unterminated comment");
        t->kind = XT_EOF;
        t->end = t->off;
        return 0;
    }
    const char *s = lx->s;
    char c = s[lx->pos], d = lx->pos + 1 < lx->n ? s[lx->pos + 1] : 0;
    if ((c == 'x' || c == 'X') && d == '\'') {
        lx->pos++;
        rc = lex_binary_quoted(lx, t, true, t->off);
        if (!rc) rc = decode_binary(lx, t);
    } else if ((c == 'b' || c == 'B') && d == '\'') {
        lx->pos++;
        rc = lex_binary_quoted(lx, t, false, t->off);
        if (!rc) rc = decode_binary(lx, t);
    } else if ((c == 'n' || c == 'N') && d == '\'') {
        lx->pos++;
        rc = lex_quoted(lx, t, '\'');
        t->kind = XT_NSTRING;
    } else if (c == '\'' || c == '"' || c == '`') {
        rc = lex_quoted(lx, t, c);
    } else if (is_digit(c) || (c == '.' && is_digit(d) && lx->prev_kind != XT_IDENT &&
                               lx->prev_kind != XT_QIDENT)) {
        rc = lex_number(lx, t);
    } else if (ident_char((unsigned char)c)) {
        size_t i = lx->pos;
        while (i < lx->n && ident_char((unsigned char)s[i]))
            i++;
        t->kind = XT_IDENT;
        t->p = s + lx->pos;
        t->n = i - lx->pos;
        lx->pos = i;
    } else {
        rc = lex_op(lx, t);
    }
    if (rc) return rc;
    t->end = (uint32_t)lx->pos;
    lx->prev_kind = t->kind;
    return 0;
}
