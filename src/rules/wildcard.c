/*
 * wildcard.c - DM's wildcard patterns (TiDB table-rule-selector, §2.1).
 *
 * Byte-wise: '*' matches any rest of the name including nothing and may only
 * end a pattern; '?' matches exactly one byte; '[...]' is a byte class with
 * a-z ranges and a leading '!' for negation ("[!]" is a literal '!'); a '['
 * without a later ']' is a literal '['; everything else is literal, with no
 * escaping. The class parser follows TiDB's getRangeItem byte for byte, so
 * edge cases ("[]", "[a-]", "[!]") mean what they mean in DM.
 *
 * One quirk of DM's implementation is reproduced on purpose: the trie walks a
 * name with Go's `for i := range s`, which steps over rune starts, so after a
 * literal byte of a multi-byte character the continuation bytes are skipped
 * rather than matched. A literal pattern "é" therefore never matches the name
 * "é" in DM, while "\xc3" does. bs_wc_match follows the same walk as the
 * trie (trie.c), so single patterns and the trie always agree.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/rules_internal.h"

size_t bs_wc_parse_class(const char *p, size_t n, bs_wc_class *cls)
{
    const char *close = memchr(p, ']', n);
    if (!close) return 0;
    size_t end = (size_t)(close - p), i = 1;
    memset(cls, 0, sizeof *cls);
    if (!(cls->r = malloc((end + 1) * sizeof *cls->r))) return SIZE_MAX;
    if (i < end && p[i] == '!') cls->negate = true, i++;
    for (; i < end; i++) {
        bs_wc_range r = {(uint8_t)p[i], (uint8_t)p[i]};
        if (p[i + 1] == '-' && i + 2 < end) r.hi = (uint8_t)p[i + 2], i += 2;
        cls->r[cls->n++] = r;
    }
    if (cls->n == 0 && cls->negate) { /* "[!]" is the literal '!' */
        cls->negate = false;
        cls->r[cls->n++] = (bs_wc_range){'!', '!'};
    }
    return end + 1;
}

void bs_wc_class_free(bs_wc_class *cls)
{
    free(cls->r);
    cls->r = NULL;
    cls->n = 0;
}

bool bs_wc_class_has(const bs_wc_class *c, uint8_t b)
{
    for (unsigned i = 0; i < c->n; i++)
        if (c->r[i].lo <= b && b <= c->r[i].hi) return !c->negate;
    return c->negate;
}

/* TiDB's rangeItem.equal: same negation and each covers the other's ranges. */
static bool covers(const bs_wc_class *a, const bs_wc_class *b)
{
    for (unsigned i = 0; i < a->n; i++) {
        bool found = false;
        for (unsigned j = 0; j < b->n && !found; j++)
            found = b->r[j].lo <= a->r[i].lo && a->r[i].hi <= b->r[j].hi;
        if (!found) return false;
    }
    return true;
}

bool bs_wc_class_equal(const bs_wc_class *a, const bs_wc_class *b)
{
    return a->negate == b->negate && covers(a, b) && covers(b, a);
}

int bs_wc_compile(const char *pattern, bs_wildcard *out, bs_error *err)
{
    size_t n = strlen(pattern);
    out->items = calloc(n ? n : 1, sizeof *out->items);
    out->n = 0;
    if (!out->items) return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    for (size_t i = 0; i < n; i++) {
        bs_wc_item *it = &out->items[out->n++];
        if (out->n > 1 && it[-1].kind == BS_WC_STAR) goto invalid;
        switch (pattern[i]) {
        case '*': it->kind = BS_WC_STAR; break;
        case '?': it->kind = BS_WC_ANY_ONE; break;
        case '[': {
            size_t used = bs_wc_parse_class(pattern + i, n - i, &it->cls);
            if (used == SIZE_MAX) {
                bs_wc_free(out);
                return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
            }
            if (used) {
                it->kind = BS_WC_CLASS;
                i += used - 1;
                break;
            }
        }
            /* fall through */
        default: it->kind = BS_WC_BYTE, it->byte = (uint8_t)pattern[i]; break;
        }
    }
    return 0;
invalid:
    bs_wc_free(out);
    return bs_error_set(err, BS_EINVAL, NULL, BS_NO_OFFSET,
                        "pattern %s not valid ('*' must be its last character)", pattern);
}

size_t bs_go_rune_width(const uint8_t *s, size_t n)
{
    uint8_t c = s[0];
    size_t w = c < 0x80                 ? 1
               : c >= 0xc2 && c <= 0xdf ? 2
               : c >= 0xe0 && c <= 0xef ? 3
               : c >= 0xf0 && c <= 0xf4 ? 4
                                        : 1;
    if (w == 1 || n < w) return 1;
    /* second byte ranges exclude overlongs, surrogates and > U+10FFFF */
    uint8_t lo = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
    uint8_t hi = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
    if (s[1] < lo || s[1] > hi) return 1;
    for (size_t i = 2; i < w; i++)
        if ((s[i] & 0xc0) != 0x80) return 1;
    return w;
}

/* The trie's walk (trie.c match_node) for one pattern: items[k..] against s. */
static bool match_from(const bs_wc_item *it, size_t k, size_t nk, const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i += bs_go_rune_width(s + i, n - i)) {
        if (k == nk) return false;
        const bs_wc_item *x = &it[k];
        if (x->kind == BS_WC_STAR) return true;
        if (x->kind == BS_WC_ANY_ONE || (x->kind == BS_WC_CLASS && bs_wc_class_has(&x->cls, s[i])))
            return (i + 1 == n && k + 1 == nk) || match_from(it, k + 1, nk, s + i + 1, n - i - 1);
        if (x->kind == BS_WC_CLASS || x->byte != s[i]) return false;
        k++; /* a literal byte: follow it, continue at the next rune start */
        if (k == nk && i + bs_go_rune_width(s + i, n - i) >= n) return true;
    }
    return k < nk && it[k].kind == BS_WC_STAR;
}

bool bs_wc_match(const bs_wildcard *w, const char *s, size_t n)
{
    return match_from(w->items, 0, w->n, (const uint8_t *)s, n);
}

void bs_wc_free(bs_wildcard *w)
{
    for (size_t k = 0; k < w->n; k++)
        if (w->items[k].kind == BS_WC_CLASS) bs_wc_class_free(&w->items[k].cls);
    free(w->items);
    w->items = NULL;
    w->n = 0;
}
