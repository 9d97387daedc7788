/*
 * fuzz_gtid_set.c - libFuzzer target: task meta `binlog-gtid` sets.
 *
 * The first byte picks the flavor (its value mod 3: guess, MySQL, MariaDB),
 * the rest is the text, parsed from an exact-size copy. A set that parses
 * must print a canonical text that parses back to the same text (but for
 * DM's "d-s-0", see dm_zero_form); membership
 * is probed around every GNO and sequence number the text mentions, and a
 * GTID just added must then be contained. A broken invariant traps.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "binsift/gtid.h"

static void check(int ok)
{
    if (!ok) __builtin_trap();
}

/* The decimal numbers in the text, as probes (a few per input). */
static size_t numbers(const uint8_t *p, size_t n, uint64_t *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < cap;) {
        if (p[i] < '0' || p[i] > '9') {
            i++;
            continue;
        }
        uint64_t v = 0;
        for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
            v = v * 10 + (uint64_t)(p[i] - '0');
        out[k++] = v;
    }
    return k;
}

static void probe(bs_gtid_set *s, const uint8_t *text, size_t n)
{
    uint64_t nums[16];
    size_t k = numbers(text, n, nums, 16);
    uint8_t sid[16] = {0};
    memcpy(sid, text, n < 16 ? n : 16);
    for (size_t i = 0; i < k; i++) {
        int64_t g = (int64_t)(nums[i] % INT64_MAX); /* g + 1 cannot overflow */
        if (bs_check_gtid_set_flavor(s) == BS_GTID_MYSQL) {
            for (int64_t d = -1; d <= 1; d++)
                (void)bs_check_gtid_set_contains_mysql(s, sid, "t", 1, g + d);
            if (bs_check_gtid_set_add_mysql(s, sid, NULL, 0, g) == 0)
                check(bs_check_gtid_set_contains_mysql(s, sid, NULL, 0, g));
        } else {
            uint32_t dom = (uint32_t)nums[0];
            (void)bs_check_gtid_set_contains_maria(s, dom, 1, nums[i]);
            if (bs_check_gtid_set_add_maria(s, dom, 1, nums[i]) == 0)
                check(bs_check_gtid_set_contains_maria(s, dom, 2, nums[i]));
        }
    }
}

/* The one text that does not round-trip: a MariaDB set of a single GTID
 * with sequence number 0 prints as "d-s-0", which DM reads as the empty set. */
static int dm_zero_form(const bs_gtid_set *s, const bs_buf *a, const bs_buf *b)
{
    return bs_check_gtid_set_flavor(s) == BS_GTID_MARIADB && b->len == 0 && a->len >= 2 &&
           !memchr(a->data, ',', a->len) && memcmp(a->data + a->len - 2, "-0", 2) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    int flavor = data[0] % 3;
    size_t n = size - 1;
    char *text = malloc(n ? n : 1);
    if (!text) return 0;
    memcpy(text, data + 1, n);
    bs_error err;
    bs_gtid_set *s = NULL;
    if (bs_check_gtid_set_parse(text, n, flavor, &s, &err) == 0) {
        bs_buf a = {0}, b = {0};
        bs_gtid_set *again = NULL;
        if (bs_check_gtid_set_text(s, &a) == 0 &&
            bs_check_gtid_set_parse(a.data, a.len, bs_check_gtid_set_flavor(s), &again, &err) ==
                0) {
            check(bs_check_gtid_set_text(again, &b) == 0);
            check((b.len == a.len && memcmp(a.data, b.data, a.len) == 0) ||
                  dm_zero_form(s, &a, &b));
            bs_check_gtid_set_free(again);
        } else {
            check(0); /* a canonical text must parse */
        }
        probe(s, data + 1, n);
        bs_buf_free(&a);
        bs_buf_free(&b);
        bs_check_gtid_set_free(s);
    }
    free(text);
    return 0;
}
