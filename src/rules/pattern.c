/*
 * pattern.c - a name pattern: a DM wildcard, or a '~' regular expression
 * where DM allows one (block-allow lists and routes, §2.2).
 *
 * Case folding follows DM's ToLower quirk: in case-insensitive mode the
 * pattern text is lower-cased before anything else, regex text included
 * (so \D silently becomes \d), and regexes match caselessly; names are
 * lower-cased by the caller before matching.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/rules_internal.h"

char *bs_rules_lower(char *dst, size_t cap, const char *src, size_t n)
{
    if (n >= cap) n = cap - 1;
    for (size_t i = 0; i < n; i++) {
        char c = src[i];
        dst[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    dst[n] = 0;
    return dst;
}

int bs_pattern_compile(const char *text, bool allow_regex, bool fold, bs_name_pattern *out,
                       bs_error *err)
{
    memset(out, 0, sizeof *out);
    size_t n = strlen(text);
    char *t = malloc(n + 1);
    if (!t) return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    if (fold)
        bs_rules_lower(t, n + 1, text, n);
    else
        memcpy(t, text, n + 1);
    out->text = t;
    int rc = allow_regex && t[0] == '~' ? bs_regex_compile(t + 1, fold, &out->re, err)
                                        : bs_wc_compile(t, &out->wc, err);
    if (rc) {
        free(t);
        out->text = NULL;
    }
    return rc;
}

bool bs_pattern_match(const bs_name_pattern *p, const char *s, size_t n)
{
    return p->re ? bs_regex_search(p->re, s, n) : bs_wc_match(&p->wc, s, n);
}

bool bs_pattern_is_regex(const bs_name_pattern *p)
{
    return p->re != NULL;
}

void bs_pattern_free(bs_name_pattern *p)
{
    bs_regex_free(p->re);
    bs_wc_free(&p->wc);
    free((char *)p->text);
    memset(p, 0, sizeof *p);
}
