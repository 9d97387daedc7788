/*
 * rules_internal.h - the matchers behind binsift/rules.h.
 *
 * A name pattern is either a DM wildcard (§2.1: '*' last only, '?' one byte,
 * '[...]' byte classes) or, where DM allows it, a '~' Go/RE2 regular
 * expression compiled with PCRE2. The trie keeps several wildcard rules and
 * returns the matching ones in exactly the order TiDB's trie selector does,
 * which decides which binlog filter rule wins.
 */
#ifndef BS_RULES_INTERNAL_H
#define BS_RULES_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "binsift/rules.h"
#include "util/error_internal.h"

/* ---- wildcards (wildcard.c) ---- */

typedef struct bs_wc_range {
    uint8_t lo, hi;
} bs_wc_range;

typedef struct bs_wc_class { /* a '[...]' item: ranges as written (TiDB compares
                                 classes by range coverage, not as byte sets) */
    bool negate;
    uint16_t n;
    bs_wc_range *r; /* owned */
} bs_wc_class;

enum bs_wc_kind { BS_WC_BYTE, BS_WC_ANY_ONE, BS_WC_CLASS, BS_WC_STAR };

typedef struct bs_wc_item {
    uint8_t kind; /* bs_wc_kind */
    uint8_t byte;
    bs_wc_class cls;
} bs_wc_item;

typedef struct bs_wildcard {
    bs_wc_item *items;
    size_t n;
} bs_wildcard;

/* Compile a DM wildcard. BS_EINVAL (with err) when '*' is not last. */
int bs_wc_compile(const char *pattern, bs_wildcard *out, bs_error *err);
bool bs_wc_match(const bs_wildcard *w, const char *s, size_t n);
void bs_wc_free(bs_wildcard *w);
/* Parse a '[...]' at p (p[0] == '['): returns the length consumed, 0 when
 * there is no closing ']' (then '[' is a literal byte), SIZE_MAX when out of
 * memory. The caller owns cls->r (bs_wc_class_free). */
size_t bs_wc_parse_class(const char *p, size_t n, bs_wc_class *cls);
void bs_wc_class_free(bs_wc_class *cls);
bool bs_wc_class_has(const bs_wc_class *c, uint8_t b);
bool bs_wc_class_equal(const bs_wc_class *a, const bs_wc_class *b);

/* ---- regular expressions (regex.c) ---- */

typedef struct bs_regex bs_regex;

/* Compile a Go/RE2 regular expression with PCRE2 (JIT when available).
 * Constructs RE2 rejects (backreferences, lookaround, possessive/atomic
 * groups, recursion, ...) are refused with a message naming them. */
int bs_regex_compile(const char *pattern, bool caseless, bs_regex **out, bs_error *err);
/* Unanchored search, like Go's MatchString. */
bool bs_regex_search(const bs_regex *re, const char *s, size_t n);
/* Search and concatenate every capture group of the first match into buf
 * (DM's extract-* semantics); "" when there is no match or no group. */
void bs_regex_captures(const bs_regex *re, const char *s, size_t n, char *buf, size_t cap);
/* Number of capture groups. */
unsigned bs_regex_groups(const bs_regex *re);
void bs_regex_free(bs_regex *re);

/* ---- a name pattern: wildcard or ~regex (pattern.c) ---- */

typedef struct bs_name_pattern {
    const char *text; /* as configured (after case folding) */
    bs_regex *re;     /* set for '~' patterns */
    bs_wildcard wc;   /* otherwise */
} bs_name_pattern;

/* allow_regex: a leading '~' means a regex (BA lists, routes); otherwise it
 * is a literal byte (binlog filters). fold: lower-case the text first (the
 * case-insensitive quirk lowers regex text too) and match caselessly. */
int bs_pattern_compile(const char *text, bool allow_regex, bool fold, bs_name_pattern *out,
                       bs_error *err);
bool bs_pattern_match(const bs_name_pattern *p, const char *s, size_t n);
bool bs_pattern_is_regex(const bs_name_pattern *p);
void bs_pattern_free(bs_name_pattern *p);

/* ---- the ordered trie (trie.c) ---- */

typedef struct bs_trie bs_trie;

int bs_trie_new(bs_trie **out);
/* Insert a rule under (schema, table); table "" is a schema-level rule.
 * BS_EINVAL with err when a pattern is invalid, BS_EEXIST when the pair
 * already holds a rule (DM's "already exists"). */
int bs_trie_insert(bs_trie *t, const char *schema, const char *table, void *rule, bs_error *err);
/* Rules matching (schema, table) in TiDB's order; table "" for schema-only
 * lookups. Calls visit for each; visit returns nonzero to stop. */
void bs_trie_match(const bs_trie *t, const char *schema, size_t slen, const char *table,
                   size_t tlen, int (*visit)(void *rule, void *ctx), void *ctx);
void bs_trie_free(bs_trie *t);

#define BS_EEXIST (-100) /* internal: duplicate trie entry */

/* Width of the rune starting at s, as Go's utf8.DecodeRuneInString counts it
 * (an invalid byte is a 1-byte rune). DM's trie walks names with Go's
 * `for i := range s`, which visits rune starts, not every byte. */
size_t bs_go_rune_width(const uint8_t *s, size_t n);

/* Lower-case ASCII into dst (cap bytes incl. NUL); returns dst. */
char *bs_rules_lower(char *dst, size_t cap, const char *src, size_t n);

#endif
