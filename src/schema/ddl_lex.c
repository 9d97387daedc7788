/*
 * ddl_lex.c - MySQL/MariaDB tokens, one at a time.
 *
 * What the server's lexer does, as far as statement structure depends on it:
 *   - words ([A-Za-z0-9_$] and bytes >= 0x80; a word of digits only is a
 *     number, 1e5 is a float, 2fa_codes is a word), `quoted` identifiers with
 *     `` escapes, "quoted" identifiers under ANSI_QUOTES;
 *   - strings in '..' (and ".." without ANSI_QUOTES) with backslash escapes
 *     unless NO_BACKSLASH_ESCAPES, doubled quotes, adjacent strings joined,
 *     N'..', _charset'..' introducers, X'..'/0x.. hex and B'..'/0b.. bits;
 *   - comments: #, "-- " and the C style; executable comments /\*! ... *\/ and
 *     /\*!NNNNN ... *\/ are read as code when the version allows (the
 *     server's behaviour), MariaDB's /\*M! ... *\/ only for MariaDB;
 *   - control characters count as white space (DM trims them too).
 * Decoded values that differ from the source text (escapes, concatenation)
 * are copied into the arena; everything else points into the source.
 */
#include <ctype.h>
#include <string.h>

#include "schema/ddl_internal.h"
#include "util/error_internal.h"

int ddl_ieq(const char *s, size_t n, const char *kw)
{
    size_t i = 0;
    for (; i < n && kw[i]; i++)
        if (toupper((unsigned char)s[i]) != toupper((unsigned char)kw[i])) return 0;
    return i == n && kw[i] == 0;
}

void ddl_lex_init(ddl_lexer *lx, const char *s, size_t len, const bs_ddl_options *opt,
                  bs_arena *arena)
{
    memset(lx, 0, sizeof *lx);
    lx->s = s;
    lx->len = len;
    lx->arena = arena;
    if (opt) {
        lx->sql_mode = opt->sql_mode;
        lx->server_version = opt->server_version;
        lx->mariadb = opt->mariadb;
    }
}

/* Character sets MySQL and MariaDB know, for _charset introducers. */
static const char *const charsets[] = {
    "armscii8", "ascii",   "big5",    "binary",  "cp1250", "cp1251",  "cp1256",  "cp1257",
    "cp850",    "cp852",   "cp866",   "cp932",   "dec8",   "eucjpms", "euckr",   "filename",
    "gb18030",  "gb2312",  "gbk",     "geostd8", "greek",  "hebrew",  "hp8",     "keybcs2",
    "koi8r",    "koi8u",   "latin1",  "latin2",  "latin5", "latin7",  "macce",   "macroman",
    "sjis",     "swe7",    "tis620",  "ucs2",    "ujis",   "utf16",   "utf16le", "utf32",
    "utf8",     "utf8mb3", "utf8mb4",
};

int ddl_is_charset_name(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof charsets / sizeof charsets[0]; i++)
        if (ddl_ieq(s, n, charsets[i])) return 1;
    return 0;
}

static int is_word_char(unsigned char c)
{
    return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c < 0x20 || c == 0x7f;
}

static int lex_fail(size_t off, bs_error *err, const char *what)
{
    return bs_error_set(err, BS_ESYNTAX, NULL, off, "%s", what);
}

/* The closing "*\/" of a comment starting at lx->pos (after its opener);
 * returns the offset after it. */
static int skip_to_comment_end(ddl_lexer *lx, size_t start, bs_error *err)
{
    for (size_t i = lx->pos; i + 1 < lx->len; i++) {
        if (lx->s[i] == '*' && lx->s[i + 1] == '/') {
            lx->pos = i + 2;
            return 0;
        }
    }
    return lex_fail(start, err, "unterminated comment");
}

/* Count the digits at lx->pos (at most max). */
static size_t digits_at(const ddl_lexer *lx, size_t at, size_t max)
{
    size_t n = 0;
    while (n < max && at + n < lx->len && isdigit((unsigned char)lx->s[at + n]))
        n++;
    return n;
}

static uint32_t parse_version(const char *s, size_t n)
{
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (uint32_t)(s[i] - '0');
    return v;
}

/* After "/\*!" or "/\*M!": read the optional version and either enter the
 * comment (its content is code) or skip it. */
static int exec_comment(ddl_lexer *lx, size_t start, int maria, bs_error *err)
{
    if (lx->in_exec) return lex_fail(start, err, "nested executable comment");
    size_t nd = digits_at(lx, lx->pos, 6);
    size_t vlen = 0;
    if (nd == 6 && (maria || lx->mariadb))
        vlen = 6;
    else if (nd >= 5)
        vlen = 5;
    uint32_t version = vlen ? parse_version(lx->s + lx->pos, vlen) : 0;
    int read = maria ? lx->mariadb : 1;
    if (read && vlen && lx->server_version && version > lx->server_version) read = 0;
    lx->pos += vlen;
    if (!read) return skip_to_comment_end(lx, start, err);
    lx->in_exec = 1;
    lx->exec_start = start;
    return 0;
}

/* Skip white space and comments; stop at the next token. */
static int skip_space(ddl_lexer *lx, bs_error *err)
{
    while (lx->pos < lx->len) {
        unsigned char c = (unsigned char)lx->s[lx->pos];
        size_t rest = lx->len - lx->pos;
        if (is_space(c)) {
            lx->pos++;
        } else if (c == '#' || (c == '-' && rest >= 2 && lx->s[lx->pos + 1] == '-' &&
                                (rest == 2 || is_space((unsigned char)lx->s[lx->pos + 2])))) {
            while (lx->pos < lx->len && lx->s[lx->pos] != '\n')
                lx->pos++;
        } else if (c == '/' && rest >= 2 && lx->s[lx->pos + 1] == '*') {
            size_t start = lx->pos;
            if (rest >= 3 && lx->s[lx->pos + 2] == '!') {
                lx->pos += 3;
                TRY(exec_comment(lx, start, 0, err));
            } else if (rest >= 4 && lx->s[lx->pos + 2] == 'M' && lx->s[lx->pos + 3] == '!') {
                lx->pos += 4;
                TRY(exec_comment(lx, start, 1, err));
            } else {
                lx->pos += 2;
                TRY(skip_to_comment_end(lx, start, err));
            }
        } else if (c == '*' && lx->in_exec && rest >= 2 && lx->s[lx->pos + 1] == '/') {
            lx->in_exec = 0;
            lx->pos += 2;
        } else {
            break;
        }
    }
    return 0;
}

/* Scan the quoted text opened by s[start] (quote q): *end after the closing
 * quote, *declen the decoded length, *plain when decoding changes nothing.
 * Backslash escapes apply when esc. */
static int scan_quoted(const ddl_lexer *lx, size_t start, char q, int esc, size_t *end,
                       size_t *declen, int *plain, bs_error *err)
{
    size_t n = 0;
    *plain = 1;
    for (size_t i = start + 1;; i++) {
        if (i >= lx->len)
            return lex_fail(start, err,
                            q == '`' ? "unterminated quoted identifier" : "unterminated string");
        char c = lx->s[i];
        if (esc && c == '\\') {
            *plain = 0;
            if (++i >= lx->len) return lex_fail(start, err, "unterminated string");
            n += lx->s[i] == '%' || lx->s[i] == '_' ? 2 : 1;
        } else if (c == q && i + 1 < lx->len && lx->s[i + 1] == q) {
            *plain = 0;
            i++;
            n++;
        } else if (c == q) {
            *end = i + 1;
            *declen = n;
            return 0;
        } else {
            n++;
        }
    }
}

/* Decode the quoted text s[start..end) (as scanned) into out; returns the
 * decoded length. */
static size_t decode_quoted(const ddl_lexer *lx, size_t start, size_t end, char q, int esc,
                            char *out)
{
    size_t n = 0;
    for (size_t j = start + 1; j + 1 < end; j++) {
        char c = lx->s[j];
        if (esc && c == '\\') {
            char e = lx->s[++j];
            switch (e) {
            case '0': out[n++] = 0; break;
            case 'b': out[n++] = '\b'; break;
            case 'n': out[n++] = '\n'; break;
            case 'r': out[n++] = '\r'; break;
            case 't': out[n++] = '\t'; break;
            case 'Z': out[n++] = 0x1a; break;
            case '%':
            case '_': /* kept with their backslash, as the server does */
                out[n++] = '\\';
                out[n++] = e;
                break;
            default: out[n++] = e; break;
            }
        } else if (c == q) {
            out[n++] = q; /* doubled quote */
            j++;
        } else {
            out[n++] = c;
        }
    }
    return n;
}

/* Decoded quoted text at s[start]: pointing into the source when nothing
 * needs decoding, else copied into the arena. */
static int lex_quoted(ddl_lexer *lx, size_t start, char q, int esc, const char **val,
                      uint32_t *vlen, size_t *end, bs_error *err)
{
    size_t declen;
    int plain;
    TRY(scan_quoted(lx, start, q, esc, end, &declen, &plain, err));
    if (declen > UINT32_MAX) return bs_error_set(err, BS_ELIMIT, NULL, start, "literal too long");
    if (plain) {
        *val = lx->s + start + 1;
        *vlen = (uint32_t)declen;
        return 0;
    }
    char *out = bs_arena_alloc(lx->arena, declen + 1);
    if (!out) return bs_error_set(err, BS_ENOMEM, NULL, start, "out of memory");
    *vlen = (uint32_t)decode_quoted(lx, start, *end, q, esc, out);
    *val = out;
    return 0;
}

static int string_quote(const ddl_lexer *lx, char c)
{
    return c == '\'' || (c == '"' && !(lx->sql_mode & BS_SQL_MODE_ANSI_QUOTES));
}

/* Skip space and comments; if a plain string follows, leave lx at it and
 * return 1, else restore lx and return 0. */
static int next_is_string(ddl_lexer *lx, bs_error *err, int *rc)
{
    size_t save = lx->pos;
    uint8_t save_exec = lx->in_exec;
    *rc = skip_space(lx, err);
    if (!*rc && lx->pos < lx->len && string_quote(lx, lx->s[lx->pos])) return 1;
    lx->pos = save;
    lx->in_exec = save_exec;
    return 0;
}

/* A string literal at lx->pos, joined with the plain strings that follow.
 * Two passes, so that a run of n strings is decoded once, not n times. */
static int lex_string(ddl_lexer *lx, bs_ddl_token *t, bs_error *err)
{
    int esc = !(lx->sql_mode & BS_SQL_MODE_NO_BACKSLASH_ESCAPES);
    size_t first = lx->pos, end, declen, total = 0, pieces = 0;
    uint8_t first_exec = lx->in_exec;
    int plain, all_plain = 1, rc = 0;
    if (lx->s[first] == '"') t->flags |= BS_TOKF_DOUBLE_QUOTE;
    do {
        TRY(scan_quoted(lx, lx->pos, lx->s[lx->pos], esc, &end, &declen, &plain, err));
        total += declen;
        all_plain &= plain;
        pieces++;
        lx->pos = end;
    } while (next_is_string(lx, err, &rc));
    TRY(rc);
    size_t stop = lx->pos;
    uint8_t stop_exec = lx->in_exec;
    t->kind = BS_TOK_STRING;
    if (total > UINT32_MAX) return bs_error_set(err, BS_ELIMIT, NULL, first, "string too long");
    if (pieces == 1 && all_plain) {
        t->val = lx->s + first + 1;
        t->vlen = (uint32_t)total;
        return 0;
    }
    char *out = bs_arena_alloc(lx->arena, total + 1);
    if (!out) return bs_error_set(err, BS_ENOMEM, NULL, first, "out of memory");
    /* second pass over the same pieces */
    size_t n = 0;
    lx->pos = first;
    lx->in_exec = first_exec;
    for (size_t k = 0; k < pieces; k++) {
        if (k) next_is_string(lx, err, &rc);
        TRY(scan_quoted(lx, lx->pos, lx->s[lx->pos], esc, &end, &declen, &plain, err));
        n += decode_quoted(lx, lx->pos, end, lx->s[lx->pos], esc, out + n);
        lx->pos = end;
    }
    lx->pos = stop;
    lx->in_exec = stop_exec;
    t->val = out;
    t->vlen = (uint32_t)n;
    return 0;
}

/* X'..' / B'..' after the letter. */
static int lex_prefixed_literal(ddl_lexer *lx, bs_ddl_token *t, int hex, bs_error *err)
{
    size_t start = lx->pos;
    size_t end;
    TRY(lex_quoted(lx, start + 1, '\'', 0, &t->val, &t->vlen, &end, err));
    for (uint32_t i = 0; i < t->vlen; i++) {
        char c = t->val[i];
        if (hex ? !isxdigit((unsigned char)c) : (c != '0' && c != '1'))
            return lex_fail(start, err, hex ? "bad hex literal" : "bad bit literal");
    }
    t->kind = hex ? BS_TOK_HEX : BS_TOK_BIT;
    lx->pos = end;
    return 0;
}

/* A token starting with a digit or ".digit": number, 0x/0b literal, or a word
 * that starts with digits. */
static void lex_number_or_word(ddl_lexer *lx, bs_ddl_token *t)
{
    const char *s = lx->s;
    size_t i = lx->pos, n = lx->len;
    size_t w = i;
    while (w < n && is_word_char((unsigned char)s[w]))
        w++;
    if (w - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'b')) {
        int hex = s[i + 1] == 'x';
        size_t j = i + 2;
        while (j < w && (hex ? isxdigit((unsigned char)s[j]) : (s[j] == '0' || s[j] == '1')))
            j++;
        if (j == w) {
            t->kind = hex ? BS_TOK_HEX : BS_TOK_BIT;
            t->val = s + i + 2;
            t->vlen = (uint32_t)(w - i - 2);
            lx->pos = w;
            return;
        }
    }
    size_t j = i;
    while (j < n && isdigit((unsigned char)s[j]))
        j++;
    int is_num = 1;
    if (j < w) {
        /* letters follow the digits: only an exponent keeps it a number */
        is_num = 0;
        if ((s[j] == 'e' || s[j] == 'E')) {
            size_t k = j + 1;
            if (k < n && (s[k] == '+' || s[k] == '-')) k++;
            size_t d = k;
            while (d < n && isdigit((unsigned char)s[d]))
                d++;
            if (d > k && (d >= n || !is_word_char((unsigned char)s[d]))) {
                is_num = 1;
                j = d;
            }
        }
        if (!is_num) {
            t->kind = BS_TOK_WORD;
            t->val = s + i;
            t->vlen = (uint32_t)(w - i);
            lx->pos = w;
            return;
        }
    } else {
        if (j < n && s[j] == '.') {
            j++;
            while (j < n && isdigit((unsigned char)s[j]))
                j++;
        }
        if (j < n && (s[j] == 'e' || s[j] == 'E')) {
            size_t k = j + 1;
            if (k < n && (s[k] == '+' || s[k] == '-')) k++;
            size_t d = k;
            while (d < n && isdigit((unsigned char)s[d]))
                d++;
            if (d > k) j = d;
        }
    }
    t->kind = BS_TOK_NUMBER;
    t->val = s + i;
    t->vlen = (uint32_t)(j - i);
    lx->pos = j;
}

static const char *const multi_ops[] = {
    "<=>", "->>", "<=", ">=", "<>", "!=", "<<", ">>", "||", "&&", ":=", "->"};

static void lex_operator(ddl_lexer *lx, bs_ddl_token *t)
{
    size_t rest = lx->len - lx->pos;
    size_t n = 1;
    for (size_t k = 0; k < sizeof multi_ops / sizeof multi_ops[0]; k++) {
        size_t l = strlen(multi_ops[k]);
        if (l <= rest && memcmp(lx->s + lx->pos, multi_ops[k], l) == 0) {
            n = l;
            break;
        }
    }
    t->kind = BS_TOK_OP;
    t->val = lx->s + lx->pos;
    t->vlen = (uint32_t)n;
    lx->pos += n;
}

/* @var, @@var, @`var`, @'var', ?: one token. */
static int lex_variable(ddl_lexer *lx, bs_ddl_token *t, bs_error *err)
{
    size_t i = lx->pos + 1;
    if (lx->s[lx->pos] == '@') {
        if (i < lx->len && lx->s[i] == '@') i++;
        if (i < lx->len && (lx->s[i] == '`' || lx->s[i] == '\'' || lx->s[i] == '"')) {
            const char *v;
            uint32_t vl;
            size_t end;
            TRY(lex_quoted(lx, i, lx->s[i], lx->s[i] != '`', &v, &vl, &end, err));
            i = end;
        } else {
            while (i < lx->len && (is_word_char((unsigned char)lx->s[i]) || lx->s[i] == '.'))
                i++;
        }
    }
    t->kind = BS_TOK_VARIABLE;
    t->val = lx->s + lx->pos;
    t->vlen = (uint32_t)(i - lx->pos);
    lx->pos = i;
    return 0;
}

/* _charset followed by a string: an introducer. */
static int introducer_follows(ddl_lexer *lx, const char *w, size_t wl)
{
    if (wl < 2 || w[0] != '_' || !ddl_is_charset_name(w + 1, wl - 1)) return 0;
    size_t i = lx->pos;
    while (i < lx->len && is_space((unsigned char)lx->s[i]))
        i++;
    return i < lx->len && string_quote(lx, lx->s[i]);
}

static int lex_word(ddl_lexer *lx, bs_ddl_token *t, bs_error *err)
{
    const char *s = lx->s;
    size_t i = lx->pos;
    char c = s[i];
    size_t rest = lx->len - i;
    if ((c == 'x' || c == 'X') && rest >= 2 && s[i + 1] == '\'')
        return lex_prefixed_literal(lx, t, 1, err);
    if ((c == 'b' || c == 'B') && rest >= 2 && s[i + 1] == '\'')
        return lex_prefixed_literal(lx, t, 0, err);
    if ((c == 'n' || c == 'N') && rest >= 2 && s[i + 1] == '\'') {
        lx->pos++;
        TRY(lex_string(lx, t, err));
        t->flags |= BS_TOKF_NATIONAL;
        return 0;
    }
    size_t w = i;
    while (w < lx->len && is_word_char((unsigned char)s[w]))
        w++;
    lx->pos = w;
    if (introducer_follows(lx, s + i, w - i)) {
        t->charset = s + i + 1;
        t->charset_len = (uint32_t)(w - i - 1);
        TRY(skip_space(lx, err));
        TRY(lex_string(lx, t, err));
        t->flags |= BS_TOKF_INTRODUCER;
        return 0;
    }
    t->kind = BS_TOK_WORD;
    t->val = s + i;
    t->vlen = (uint32_t)(w - i);
    return 0;
}

int ddl_lex_next(ddl_lexer *lx, bs_ddl_token *t, bs_error *err)
{
    memset(t, 0, sizeof *t);
    TRY(skip_space(lx, err));
    if (lx->len > UINT32_MAX - 1)
        return bs_error_set(err, BS_ELIMIT, NULL, 0, "statement longer than 4 GiB");
    t->off = (uint32_t)lx->pos;
    if (lx->pos >= lx->len && lx->in_exec)
        return lex_fail(lx->exec_start, err, "unterminated comment");
    if (lx->pos >= lx->len) {
        t->kind = BS_TOK_EOF;
        t->val = lx->s + lx->len;
        return 0;
    }
    unsigned char c = (unsigned char)lx->s[lx->pos];
    size_t rest = lx->len - lx->pos;
    if (c == '`' || (c == '"' && (lx->sql_mode & BS_SQL_MODE_ANSI_QUOTES))) {
        size_t end;
        TRY(lex_quoted(lx, lx->pos, (char)c, 0, &t->val, &t->vlen, &end, err));
        t->kind = BS_TOK_QIDENT;
        lx->pos = end;
    } else if (string_quote(lx, (char)c)) {
        TRY(lex_string(lx, t, err));
    } else if (isdigit(c) ||
               (c == '.' && rest >= 2 && isdigit((unsigned char)lx->s[lx->pos + 1]))) {
        lex_number_or_word(lx, t);
    } else if (is_word_char(c)) {
        TRY(lex_word(lx, t, err));
    } else if (c == '@' || c == '?') {
        TRY(lex_variable(lx, t, err));
    } else {
        lex_operator(lx, t);
    }
    t->len = (uint32_t)(lx->pos - t->off);
    return 0;
}
