/*
 * test_keyset.c - the live-key table: new, live (collision), removal by
 * backward shift inside clusters, growth, the cap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "check/check_internal.h"

static bs_keyset_entry entry(uint64_t h0, uint64_t h1, uint32_t origin)
{
    return (bs_keyset_entry){.hash = {h0, h1}, .origin = origin, .member = 1, .position = h1};
}

static void new_then_live(void **state)
{
    (void)state;
    bs_keyset *k;
    assert_int_equal(bs_keyset_new(100, &k), 0);
    bs_keyset_entry e = entry(7, 8, 1), prev;
    assert_int_equal(bs_keyset_insert(k, &e, &prev), BS_KEYSET_NEW);
    e.origin = 2;
    assert_int_equal(bs_keyset_insert(k, &e, &prev), BS_KEYSET_LIVE);
    assert_int_equal(prev.origin, 1);
    /* the second writer now owns the row */
    assert_int_equal(bs_keyset_insert(k, &e, &prev), BS_KEYSET_LIVE);
    assert_int_equal(prev.origin, 2);
    assert_int_equal(bs_keyset_count(k), 1);
    bs_keyset_free(k);
}

/* Keys sharing a home slot form a cluster; removing from its middle must
 * keep the later ones reachable. */
static void remove_inside_cluster(void **state)
{
    (void)state;
    bs_keyset *k;
    assert_int_equal(bs_keyset_new(100, &k), 0);
    bs_keyset_entry prev;
    for (uint64_t i = 1; i <= 6; i++) {
        bs_keyset_entry e = entry(5, i, (uint32_t)i); /* same home slot */
        assert_int_equal(bs_keyset_insert(k, &e, &prev), BS_KEYSET_NEW);
    }
    bs_keyset_entry e = entry(6, 1, 9); /* home right after: inside the cluster's run */
    assert_int_equal(bs_keyset_insert(k, &e, &prev), BS_KEYSET_NEW);
    bs_keyset_entry gone;
    assert_int_equal(bs_keyset_remove(k, (uint64_t[2]){5, 2}, &gone), 1);
    assert_int_equal(gone.origin, 2);
    assert_int_equal(bs_keyset_remove(k, (uint64_t[2]){5, 2}, NULL), 0);
    for (uint64_t i = 1; i <= 6; i++) {
        bs_keyset_entry again = entry(5, i, 50);
        assert_int_equal(bs_keyset_insert(k, &again, &prev),
                         i == 2 ? BS_KEYSET_NEW : BS_KEYSET_LIVE);
        if (i != 2) assert_int_equal(prev.origin, (uint32_t)i);
    }
    bs_keyset_entry six = entry(6, 1, 51);
    assert_int_equal(bs_keyset_insert(k, &six, &prev), BS_KEYSET_LIVE);
    assert_int_equal(prev.origin, 9);
    assert_int_equal(bs_keyset_count(k), 7);
    bs_keyset_free(k);
}

/* Growth keeps every key; removing all leaves nothing; memory is 32 bytes
 * per slot at load <= 50%. */
static void grow_and_drain(void **state)
{
    (void)state;
    bs_keyset *k;
    enum { N = 100000 };
    assert_int_equal(bs_keyset_new(N, &k), 0);
    bs_keyset_entry prev;
    for (uint64_t i = 1; i <= N; i++) {
        bs_keyset_entry e = entry(i * 0x9E3779B97F4A7C15ull, i, 1);
        assert_int_equal(bs_keyset_insert(k, &e, &prev), BS_KEYSET_NEW);
    }
    assert_int_equal(bs_keyset_count(k), N);
    assert_true(bs_keyset_memory(k) <= 4 * 32 * (size_t)N);
    for (uint64_t i = 1; i <= N; i += 2)
        assert_int_equal(bs_keyset_remove(k, (uint64_t[2]){i * 0x9E3779B97F4A7C15ull, i}, NULL), 1);
    for (uint64_t i = 2; i <= N; i += 2) {
        bs_keyset_entry e = entry(i * 0x9E3779B97F4A7C15ull, i, 2);
        assert_int_equal(bs_keyset_insert(k, &e, &prev), BS_KEYSET_LIVE);
    }
    for (uint64_t i = 2; i <= N; i += 2)
        assert_int_equal(bs_keyset_remove(k, (uint64_t[2]){i * 0x9E3779B97F4A7C15ull, i}, NULL), 1);
    assert_int_equal(bs_keyset_count(k), 0);
    bs_keyset_free(k);
}

static void cap(void **state)
{
    (void)state;
    bs_keyset *k;
    assert_int_equal(bs_keyset_new(3, &k), 0);
    bs_keyset_entry prev;
    for (uint64_t i = 1; i <= 3; i++) {
        bs_keyset_entry e = entry(i, i, 1);
        assert_int_equal(bs_keyset_insert(k, &e, &prev), BS_KEYSET_NEW);
    }
    bs_keyset_entry e = entry(4, 4, 1);
    assert_int_equal(bs_keyset_insert(k, &e, &prev), BS_KEYSET_FULL);
    e = entry(2, 2, 3); /* a live key is still found at the cap */
    assert_int_equal(bs_keyset_insert(k, &e, &prev), BS_KEYSET_LIVE);
    assert_int_equal(bs_keyset_remove(k, (uint64_t[2]){1, 1}, NULL), 1);
    e = entry(4, 4, 1);
    assert_int_equal(bs_keyset_insert(k, &e, &prev), BS_KEYSET_NEW);
    bs_keyset_free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_then_live),
        cmocka_unit_test(remove_inside_cluster),
        cmocka_unit_test(grow_and_drain),
        cmocka_unit_test(cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
