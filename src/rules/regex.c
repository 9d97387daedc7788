/*
 * regex.c - Go/RE2 regular expressions, run by PCRE2.
 *
 * DM compiles `~` patterns, sql-patterns and extract regexes with Go's
 * regexp package (RE2 syntax, leftmost-first submatches, unanchored
 * MatchString). PCRE2 is a superset with the same leftmost-first semantics,
 * so a pattern is first checked and translated: everything RE2 rejects is
 * rejected here too with the construct named (backreferences, lookaround,
 * atomic groups, possessive quantifiers, recursion, conditionals, callouts,
 * verbs, \C \G \K \R \X \Z \h \e \c..., the x flag, repeat counts over
 * 1000), and the escapes whose meaning differs are rewritten: Go's \v is the
 * vertical-tab character (PCRE: a class), Go's \s is [\t\n\f\r ] (PCRE adds
 * VT), and Go reads \1-\7 followed by an octal digit as an octal escape.
 * Compiled with UTF, invalid-UTF subjects allowed, `$` only at the very end
 * (Go without (?m)), and JIT when the platform has it.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binsift/buf.h"
#include "rules/rules_internal.h"

struct bs_regex {
    pcre2_code *code;
    pcre2_match_data *md; /* one per regex: a bs_rules is used by one thread */
    bool jit;
};

static int reject(bs_error *err, const char *pattern, size_t at, const char *what)
{
    return bs_error_set(err, BS_EINVAL, NULL, BS_NO_OFFSET,
                        "regex %s: %s at offset %zu is not RE2 syntax (DM uses Go's regexp)",
                        pattern, what, at);
}

/* Translate one escape at p[i] == '\\'; returns bytes consumed or 0 on error. */
static size_t escape(const char *p, size_t i, size_t n, bool in_class, bs_buf *out,
                     const char *pattern, bs_error *err)
{
    if (i + 1 >= n) return reject(err, pattern, i, "a trailing backslash"), 0;
    char c = p[i + 1];
    switch (c) {
    case 'v': return bs_buf_puts(out, "\\x0B") ? 0 : 2;
    case 's': return bs_buf_puts(out, in_class ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]") ? 0 : 2;
    case 'S': /* Go: anything but [\t\n\f\r ]; as ranges inside a class */
        return bs_buf_puts(out, in_class ? "\\x00-\\x08\\x0b\\x0e-\\x1f\\x21-\\x{10ffff}"
                                         : "[^\\t\\n\\f\\r ]")
                   ? 0
                   : 2;
    case 'C':
    case 'G':
    case 'K':
    case 'R':
    case 'X':
    case 'Z':
    case 'h':
    case 'H':
    case 'V':
    case 'N':
    case 'e':
    case 'c':
    case 'g':
    case 'k':
    case 'o':
    case 'E': return reject(err, pattern, i, "this escape"), 0;
    default: break;
    }
    if (c >= '1' && c <= '9') {
        /* Go: \1-\7 then an octal digit is octal (up to 3 digits); else error */
        if (c > '7' || i + 2 >= n || p[i + 2] < '0' || p[i + 2] > '7')
            return reject(err, pattern, i, "a backreference"), 0;
        size_t len = 2 + (i + 3 < n && p[i + 3] >= '0' && p[i + 3] <= '7');
        unsigned v = 0;
        for (size_t k = 1; k <= len; k++)
            v = v * 8 + (unsigned)(p[i + k] - '0');
        return bs_buf_printf(out, "\\x{%x}", v) ? 0 : len + 1;
    }
    return bs_buf_append(out, p + i, 2) ? 0 : 2;
}

/* "(?" constructs: Go accepts (?:...), (?flags), (?flags:...), (?P<n>...)
 * and (?<n>...); flags are i m s U. */
static size_t group_open(const char *p, size_t i, size_t n, bs_buf *out, const char *pattern,
                         bs_error *err)
{
    if (i + 2 >= n || p[i + 1] != '?') return bs_buf_putc(out, '(') ? 0 : 1;
    char c = p[i + 2];
    if (c == ':') return bs_buf_append(out, p + i, 3) ? 0 : 3;
    if ((c == 'P' && i + 3 < n && p[i + 3] == '<') ||
        (c == '<' && i + 3 < n && p[i + 3] != '=' && p[i + 3] != '!'))
        return bs_buf_append(out, p + i, 2) ? 0 : 2; /* named group: name follows */
    size_t k = i + 2;
    while (k < n && strchr("imsU-", p[k]))
        k++;
    if (k > i + 2 && k < n && (p[k] == ')' || p[k] == ':'))
        return bs_buf_append(out, p + i, k - i) ? 0 : k - i;
    if (c == 'x' || (k < n && p[k] == 'x')) return reject(err, pattern, i, "the x flag"), 0;
    return reject(err, pattern, i,
                  c == '=' || c == '!' ? "a lookahead"
                  : c == '<'           ? "a lookbehind"
                  : c == '>'           ? "an atomic group"
                  : c == '('           ? "a conditional"
                  : c == '#'           ? "a comment group"
                                       : "this group construct"),
           0;
}

/* A {n,m} repeat: Go caps counts at 1000. Returns bytes consumed (copied),
 * 0 when it is not a repeat (then '{' is literal), SIZE_MAX on error. */
static size_t repeat(const char *p, size_t i, size_t n, bs_buf *out, const char *pattern,
                     bs_error *err)
{
    size_t k = i + 1;
    unsigned long v = 0;
    bool digits = false, too_big = false;
    if (k >= n || p[k] < '0' || p[k] > '9') return 0; /* "{,5}", "{x}": literal in Go */
    for (; k < n && (p[k] == ',' || (p[k] >= '0' && p[k] <= '9')); k++) {
        if (p[k] == ',') {
            v = 0;
            continue;
        }
        digits = true;
        v = v * 10 + (unsigned long)(p[k] - '0');
        too_big |= v > 1000;
    }
    if (!digits || k >= n || p[k] != '}') return 0;
    if (too_big) return reject(err, pattern, i, "a repeat count over 1000"), SIZE_MAX;
    return bs_buf_append(out, p + i, k + 1 - i) ? SIZE_MAX : k + 1 - i;
}

static int translate(const char *p, bs_buf *out, bs_error *err)
{
    size_t n = strlen(p), i = 0;
    bool in_class = false, quoted = false;
    enum { NONE, QUANTIFIED, LAZY } state = NONE; /* what the previous token was */
    while (i < n) {
        size_t used = 0;
        char c = p[i];
        int next = NONE;
        if (quoted) { /* \Q...\E: literal */
            if (c == '\\' && i + 1 < n && p[i + 1] == 'E') quoted = false;
            used = bs_buf_putc(out, c) ? 0 : 1;
        } else if (c == '\\' && i + 1 < n && p[i + 1] == 'Q') {
            quoted = true;
            used = bs_buf_append(out, p + i, 2) ? 0 : 2;
        } else if (c == '\\') {
            used = escape(p, i, n, in_class, out, p, err);
        } else if (in_class) {
            if (c == ']') in_class = false;
            used = bs_buf_putc(out, c) ? 0 : 1;
        } else if (c == '[') {
            in_class = true;
            size_t k = i + 1 + (i + 1 < n && p[i + 1] == '^');
            if (k < n && p[k] == ']') k++; /* a leading ']' is literal */
            used = bs_buf_append(out, p + i, k - i) ? 0 : k - i;
        } else if (c == '(') {
            if (i + 1 < n && p[i + 1] == '*') return reject(err, p, i, "a (*VERB)");
            used = group_open(p, i, n, out, p, err);
        } else if (c == '*' || c == '+' || c == '?' || c == '{') {
            bool lazy = c == '?' && state == QUANTIFIED;
            used = c == '{' ? repeat(p, i, n, out, p, err) : 0;
            if (used == SIZE_MAX) return BS_EINVAL;
            if (c == '{' && used == 0) { /* a literal '{' */
                used = bs_buf_putc(out, c) ? 0 : 1;
            } else {
                if (state != NONE && !lazy)
                    return reject(err, p, i, "a nested repetition or possessive quantifier");
                if (c != '{') used = bs_buf_putc(out, c) ? 0 : 1;
                next = lazy ? LAZY : QUANTIFIED;
            }
        } else {
            used = bs_buf_putc(out, c) ? 0 : 1;
        }
        if (!used) return err && err->code ? err->code : BS_ENOMEM;
        state = next;
        i += used;
    }
    return 0;
}

int bs_regex_compile(const char *pattern, bool caseless, bs_regex **out, bs_error *err)
{
    bs_buf pcre = {0};
    bs_error_clear(err);
    int rc = translate(pattern, &pcre, err);
    if (rc) {
        bs_buf_free(&pcre);
        return rc == BS_ENOMEM ? bs_error_set(err, rc, NULL, BS_NO_OFFSET, "out of memory") : rc;
    }
    int ecode;
    PCRE2_SIZE eoff;
    uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DOLLAR_ENDONLY |
                    (caseless ? PCRE2_CASELESS : 0);
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pcre.data, pcre.len, opts, &ecode, &eoff, NULL);
    bs_buf_free(&pcre);
    if (!code) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(ecode, msg, sizeof msg);
        return bs_error_set(err, BS_EINVAL, NULL, BS_NO_OFFSET, "regex %s: %s", pattern,
                            (const char *)msg);
    }
    bs_regex *re = calloc(1, sizeof *re);
    if (!re || !(re->md = pcre2_match_data_create_from_pattern(code, NULL))) {
        free(re);
        pcre2_code_free(code);
        return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    }
    re->code = code;
    re->jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
    *out = re;
    return 0;
}

static int search(const bs_regex *re, const char *s, size_t n)
{
    PCRE2_SPTR subject = (PCRE2_SPTR)(s ? s : "");
    if (re->jit) return pcre2_jit_match(re->code, subject, n, 0, 0, re->md, NULL);
    return pcre2_match(re->code, subject, n, 0, 0, re->md, NULL);
}

bool bs_regex_search(const bs_regex *re, const char *s, size_t n)
{
    return search(re, s, n) >= 0;
}

void bs_regex_captures(const bs_regex *re, const char *s, size_t n, char *buf, size_t cap)
{
    size_t len = 0;
    int rc = search(re, s, n);
    if (rc > 1) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
        for (int g = 1; g < rc; g++) {
            if (ov[2 * g] == PCRE2_UNSET) continue; /* Go: "" for an unset group */
            size_t glen = ov[2 * g + 1] - ov[2 * g];
            if (glen > cap - 1 - len) glen = cap - 1 - len;
            memcpy(buf + len, s + ov[2 * g], glen);
            len += glen;
        }
    }
    buf[len] = 0;
}

unsigned bs_regex_groups(const bs_regex *re)
{
    uint32_t n = 0;
    pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &n);
    return n;
}

void bs_regex_free(bs_regex *re)
{
    if (!re) return;
    pcre2_match_data_free(re->md);
    pcre2_code_free(re->code);
    free(re);
}
