/*
 * fuzz_patterns.c - libFuzzer target: DM name patterns from hostile configs.
 *
 * The input is split at the first NUL bytes into a pattern, a table pattern
 * and a name; the pattern is compiled as a Go/RE2 regex (translation to
 * PCRE2 included), as a wildcard, and inserted with the table pattern into
 * a trie, and all of them are matched against the name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules_internal.h"

static int count(void *rule, void *ctx)
{
    (void)rule;
    ++*(int *)ctx;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 3);
    if (!buf) return 0;
    memcpy(buf, data, size);
    buf[size] = buf[size + 1] = buf[size + 2] = 0;
    const char *pattern = buf;
    const char *table = pattern + strlen(pattern) + 1;
    if (table > buf + size) table = buf + size + 1;
    const char *name = table + strlen(table) + 1;
    if (name > buf + size) name = buf + size + 2;
    size_t nlen = strlen(name);
    bs_error err;

    bs_regex *re;
    if (bs_regex_compile(pattern, size & 1, &re, &err) == 0) {
        char caps[260];
        bs_regex_search(re, name, nlen);
        bs_regex_captures(re, name, nlen, caps, sizeof caps);
        bs_regex_free(re);
    }
    bs_wildcard w;
    if (bs_wc_compile(pattern, &w, &err) == 0) {
        bs_wc_match(&w, name, nlen);
        bs_wc_free(&w);
    }
    bs_trie *t;
    if (bs_trie_new(&t) == 0) {
        int n = 0;
        bs_trie_insert(t, pattern, table, (void *)"r", &err);
        bs_trie_insert(t, pattern, "", (void *)"s", &err);
        bs_trie_match(t, name, nlen, name, nlen, count, &n);
        bs_trie_free(t);
    }
    free(buf);
    return 0;
}
