/*
 * test_value_ints.c - column values read back through the whole decoder.
 *
 * Integer, float, YEAR, BIT, ENUM/SET and string values can only be decoded
 * with their table's description, so each test builds a tiny binlog
 * (binlog_builder.h): a FORMAT_DESCRIPTION, a TABLE_MAP with the columns
 * under test and a rows event whose images the test writes byte by byte,
 * then reads it back with the public reader, row iterator and
 * bs_binlog_image_value(). Covered: every integer width at its signed and
 * unsigned extremes (signedness from the TABLE_MAP's SIGNEDNESS metadata,
 * and signed without it), FLOAT/DOUBLE, YEAR, BIT(1..64), ENUM/SET hidden in
 * the STRING type with every pack length, CHAR longer than 255 bytes (length
 * bits folded into the type byte), VARCHAR with 1- and 2-byte lengths, NULL
 * bitmaps across byte boundaries, and MINIMAL images with absent columns.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <float.h>
#include <math.h>

#include "binlog_builder.h"

#define TABLE_ID   4242
#define MAX_COLS   64
#define SIGNEDNESS 1 /* optional metadata field type */

typedef struct fixture {
    bb_session s;
    bs_binlog_event ev;
    bs_binlog_row_iter it;
    bs_binlog_row row;
} fixture;

/* Build FDE + TABLE_MAP + one rows event and position f on its rows. */
static void load(fixture *f, const bb_col *cols, uint32_t n, const bb *opt, unsigned rows_type,
                 const uint8_t *before, const uint8_t *after, const bb *images)
{
    bb b = {0};
    bb_begin(&b);
    bb_table_map(&b, TABLE_ID, "db", "t", cols, n, opt ? opt->data : NULL, opt ? opt->len : 0);
    bb_rows(&b, rows_type, TABLE_ID, n, before, after, images);
    bb_open(&f->s, &b);
    bb_free(&b);
    bb_next(&f->s, &f->ev, BS_EV_FORMAT_DESCRIPTION);
    bb_next(&f->s, &f->ev, BS_EV_TABLE_MAP);
    bb_next(&f->s, &f->ev, rows_type);
    assert_int_equal(bs_binlog_rows_begin(f->s.reader, &f->ev, &f->it, &f->s.err), 0);
}

/* WRITE_ROWS_V2 with every column present. */
static void load_write(fixture *f, const bb_col *cols, uint32_t n, const bb *opt, const bb *images)
{
    uint8_t all[MAX_COLS / 8] = {0};
    for (uint32_t i = 0; i < n; i++)
        bb_bit(all, i);
    load(f, cols, n, opt, BS_EV_WRITE_ROWS_V2, all, all, images);
}

static void next_row(fixture *f)
{
    int rc = bs_binlog_rows_next(&f->it, &f->row, &f->s.err);
    if (rc != 1)
        fail_msg("row %llu: rc %d: %s", (unsigned long long)f->it.index, rc, f->s.err.message);
}

static void no_more_rows(fixture *f)
{
    assert_int_equal(bs_binlog_rows_next(&f->it, &f->row, &f->s.err), 0);
}

static bs_value value_of(fixture *f, const bs_binlog_image *img, uint32_t col)
{
    bs_value v;
    int rc = bs_binlog_image_value(&f->ev.u.rows, img, col, &v, &f->s.err);
    if (rc) fail_msg("column %u: rc %d: %s", col + 1, rc, f->s.err.message);
    return v;
}

static const bs_binlog_column *column(fixture *f, uint32_t col)
{
    return &f->ev.u.rows.table->cols[col];
}

static void finish(fixture *f)
{
    no_more_rows(f);
    assert_int_equal(bb_next_rc(&f->s, &f->ev), 0);
    bb_close(&f->s);
}

static void expect_int(fixture *f, uint32_t col, int64_t want)
{
    bs_value v = value_of(f, &f->row.after, col);
    assert_int_equal(v.kind, BS_VALUE_INT);
    if (v.v.i != want)
        fail_msg("column %u: %lld, want %lld", col + 1, (long long)v.v.i, (long long)want);
}

static void expect_uint(fixture *f, uint32_t col, uint64_t want)
{
    bs_value v = value_of(f, &f->row.after, col);
    assert_int_equal(v.kind, BS_VALUE_UINT);
    if (v.v.u != want)
        fail_msg("column %u: %llu, want %llu", col + 1, (unsigned long long)v.v.u,
                 (unsigned long long)want);
}

/* ---- integers ---- */

/* TINY, SHORT, INT24, LONG, LONGLONG: signed then unsigned, of each width. */
static const bb_col int_cols[10] = {
    {BS_TYPE_TINY, {0}, 0},     {BS_TYPE_TINY, {0}, 0},  {BS_TYPE_SHORT, {0}, 0},
    {BS_TYPE_SHORT, {0}, 0},    {BS_TYPE_INT24, {0}, 0}, {BS_TYPE_INT24, {0}, 0},
    {BS_TYPE_LONG, {0}, 0},     {BS_TYPE_LONG, {0}, 0},  {BS_TYPE_LONGLONG, {0}, 0},
    {BS_TYPE_LONGLONG, {0}, 0},
};
static const unsigned int_width[5] = {1, 2, 3, 4, 8};

/* One row of the ten integer columns from raw (two's complement) values. */
static void int_row(bb *img, const uint64_t raw[10])
{
    bb_le(img, 0, 2); /* null bitmap: 10 columns, none NULL */
    for (unsigned i = 0; i < 10; i++)
        bb_le(img, raw[i], int_width[i / 2]);
}

static void test_integers_with_signedness(void **state)
{
    (void)state;
    /* SIGNEDNESS: one bit per numeric column, most significant bit first,
     * set for UNSIGNED: columns 2, 4, 6, 8, 10 -> 0101 0101 01. */
    bb opt = {0};
    bb_opt_field(&opt, SIGNEDNESS, (const uint8_t[]){0x55, 0x40}, 2);
    bb img = {0};
    int_row(&img, (const uint64_t[10]){0x80, 0, 0x8000, 0, 0x800000, 0, 0x80000000u, 0,
                                       0x8000000000000000ull, 0});
    int_row(&img, (const uint64_t[10]){0x7f, 0xff, 0x7fff, 0xffff, 0x7fffff, 0xffffff, 0x7fffffff,
                                       0xffffffffu, 0x7fffffffffffffffull, UINT64_MAX});
    int_row(&img,
            (const uint64_t[10]){0xff, 1, 0xffff, 1, 0xffffff, 1, 0xffffffffu, 1, UINT64_MAX, 1});
    fixture f;
    load_write(&f, int_cols, 10, &opt, &img);
    for (uint32_t c = 0; c < 10; c++)
        assert_int_equal(column(&f, c)->is_unsigned, c % 2);
    next_row(&f); /* minimums */
    expect_int(&f, 0, INT8_MIN);
    expect_uint(&f, 1, 0);
    expect_int(&f, 2, INT16_MIN);
    expect_uint(&f, 3, 0);
    expect_int(&f, 4, -8388608);
    expect_uint(&f, 5, 0);
    expect_int(&f, 6, INT32_MIN);
    expect_uint(&f, 7, 0);
    expect_int(&f, 8, INT64_MIN);
    expect_uint(&f, 9, 0);
    next_row(&f); /* maximums */
    expect_int(&f, 0, INT8_MAX);
    expect_uint(&f, 1, UINT8_MAX);
    expect_int(&f, 2, INT16_MAX);
    expect_uint(&f, 3, UINT16_MAX);
    expect_int(&f, 4, 8388607);
    expect_uint(&f, 5, 16777215);
    expect_int(&f, 6, INT32_MAX);
    expect_uint(&f, 7, UINT32_MAX);
    expect_int(&f, 8, INT64_MAX);
    expect_uint(&f, 9, UINT64_MAX);
    next_row(&f); /* -1 and 1 */
    for (uint32_t c = 0; c < 10; c += 2) {
        expect_int(&f, c, -1);
        expect_uint(&f, c + 1, 1);
    }
    finish(&f);
    bb_free(&opt);
    bb_free(&img);
}

/* Without SIGNEDNESS metadata integers decode as signed, like mysqlbinlog. */
static void test_integers_without_signedness(void **state)
{
    (void)state;
    bb img = {0};
    int_row(&img, (const uint64_t[10]){0xff, 0x80, 0xffff, 0x8000, 0xffffff, 0x800000, 0xffffffffu,
                                       0x80000000u, UINT64_MAX, 0x8000000000000000ull});
    fixture f;
    load_write(&f, int_cols, 10, NULL, &img);
    next_row(&f);
    for (uint32_t c = 0; c < 10; c += 2) {
        assert_int_equal(column(&f, c)->is_unsigned, 0);
        expect_int(&f, c, -1);
    }
    expect_int(&f, 1, INT8_MIN);
    expect_int(&f, 3, INT16_MIN);
    expect_int(&f, 5, -8388608);
    expect_int(&f, 7, INT32_MIN);
    expect_int(&f, 9, INT64_MIN);
    finish(&f);
    bb_free(&img);
}

/* SIGNEDNESS bits count only numeric columns (DECIMAL, FLOAT and DOUBLE
 * included, YEAR and strings not). */
static void test_signedness_skips_non_numeric(void **state)
{
    (void)state;
    static const bb_col cols[7] = {
        {BS_TYPE_VARCHAR, {10, 0}, 2}, {BS_TYPE_TINY, {0}, 0},          {BS_TYPE_YEAR, {0}, 0},
        {BS_TYPE_LONG, {0}, 0},        {BS_TYPE_NEWDECIMAL, {5, 2}, 2}, {BS_TYPE_DOUBLE, {8}, 1},
        {BS_TYPE_LONGLONG, {0}, 0},
    };
    /* numeric columns: TINY u, LONG s, DECIMAL u, DOUBLE s, LONGLONG u -> 10101 */
    bb opt = {0};
    bb_opt_field(&opt, SIGNEDNESS, (const uint8_t[]){0xa8}, 1);
    bb img = {0};
    bb_u8(&img, 0); /* null bitmap */
    bb_u8(&img, 2); /* VARCHAR "ab" */
    bb_put(&img, "ab", 2);
    bb_u8(&img, 0xfe);          /* TINY UNSIGNED 254 */
    bb_u8(&img, 124);           /* YEAR 2024 */
    bb_le(&img, 0xfffffffe, 4); /* LONG -2 */
    bb_be(&img, 0x800c22, 3);   /* DECIMAL(5,2) 12.34: 2 + 1 bytes */
    double d = -2.5;
    bb_put(&img, &d, 8);
    bb_le(&img, UINT64_MAX - 1, 8); /* LONGLONG UNSIGNED */
    fixture f;
    load_write(&f, cols, 7, &opt, &img);
    static const uint8_t unsig[7] = {0, 1, 0, 0, 1, 0, 1};
    for (uint32_t c = 0; c < 7; c++)
        assert_int_equal(column(&f, c)->is_unsigned, unsig[c]);
    next_row(&f);
    expect_uint(&f, 1, 254);
    bs_value v = value_of(&f, &f.row.after, 2);
    assert_int_equal(v.kind, BS_VALUE_YEAR);
    assert_int_equal(v.v.u, 2024);
    expect_int(&f, 3, -2);
    v = value_of(&f, &f.row.after, 4);
    assert_int_equal(v.kind, BS_VALUE_DECIMAL);
    assert_int_equal(v.precision, 5);
    assert_int_equal(v.fsp, 2);
    bs_buf text = {0};
    assert_int_equal(bs_value_decimal_text(v.v.bytes.ptr, v.v.bytes.len, 5, 2, &text), 0);
    assert_string_equal(text.data, "12.34");
    bs_buf_free(&text);
    v = value_of(&f, &f.row.after, 5);
    assert_int_equal(v.kind, BS_VALUE_DOUBLE);
    assert_true(v.v.d == -2.5);
    expect_uint(&f, 6, UINT64_MAX - 1);
    finish(&f);
    bb_free(&opt);
    bb_free(&img);
}

/* ---- FLOAT, DOUBLE, YEAR ---- */

static void test_float_double_year(void **state)
{
    (void)state;
    static const bb_col cols[3] = {
        {BS_TYPE_FLOAT, {4}, 1}, {BS_TYPE_DOUBLE, {8}, 1}, {BS_TYPE_YEAR, {0}, 0}};
    static const float fl[] = {1.5f, -0.0f, FLT_MAX, -FLT_MIN, 1e-45f};
    static const double db[] = {3.141592653589793, -DBL_MAX, DBL_MIN, -0.0, 4.9e-324};
    static const uint8_t year[] = {0, 1, 155, 255, 70};
    static const uint64_t year_want[] = {0, 1901, 2055, 2155, 1970};
    bb img = {0};
    for (unsigned r = 0; r < 5; r++) {
        bb_u8(&img, 0);
        bb_put(&img, &fl[r], 4); /* IEEE 754, little-endian like the binlog */
        bb_put(&img, &db[r], 8);
        bb_u8(&img, year[r]);
    }
    fixture f;
    load_write(&f, cols, 3, NULL, &img);
    for (unsigned r = 0; r < 5; r++) {
        next_row(&f);
        bs_value v = value_of(&f, &f.row.after, 0);
        assert_int_equal(v.kind, BS_VALUE_FLOAT);
        assert_true(v.v.d == (double)fl[r] && !!signbit(v.v.d) == !!signbit(fl[r]));
        v = value_of(&f, &f.row.after, 1);
        assert_int_equal(v.kind, BS_VALUE_DOUBLE);
        assert_true(v.v.d == db[r] && !!signbit(v.v.d) == !!signbit(db[r]));
        v = value_of(&f, &f.row.after, 2);
        assert_int_equal(v.kind, BS_VALUE_YEAR);
        assert_int_equal(v.v.u, year_want[r]);
    }
    finish(&f);
    bb_free(&img);
}

/* ---- BIT(1..64) ---- */

static uint64_t low_bits(uint64_t v, unsigned n)
{
    return n == 64 ? v : v & ((1ull << n) - 1);
}

static void test_bit_every_width(void **state)
{
    (void)state;
    bb_col cols[64];
    for (unsigned i = 0; i < 64; i++) { /* BIT(i + 1): metadata bits % 8, bytes */
        unsigned n = i + 1;
        cols[i] = (bb_col){BS_TYPE_BIT, {(uint8_t)(n % 8), (uint8_t)(n / 8)}, 2};
    }
    static const uint64_t patterns[3] = {UINT64_MAX, 0xaaaaaaaaaaaaaaaaull, 0};
    bb img = {0};
    for (unsigned r = 0; r < 4; r++) {
        bb_le(&img, 0, 8); /* null bitmap */
        for (unsigned n = 1; n <= 64; n++) {
            uint64_t v = r < 3 ? low_bits(patterns[r], n) : 1ull << (n - 1);
            bb_be(&img, v, (n + 7) / 8);
        }
    }
    fixture f;
    load_write(&f, cols, 64, NULL, &img);
    for (unsigned r = 0; r < 4; r++) {
        next_row(&f);
        for (unsigned n = 1; n <= 64; n++) {
            bs_value v = value_of(&f, &f.row.after, n - 1);
            uint64_t want = r < 3 ? low_bits(patterns[r], n) : 1ull << (n - 1);
            assert_int_equal(v.kind, BS_VALUE_BIT);
            assert_int_equal(v.nbits, n);
            if (v.v.u != want)
                fail_msg("BIT(%u) row %u: %llx, want %llx", n, r, (unsigned long long)v.v.u,
                         (unsigned long long)want);
        }
    }
    finish(&f);
    bb_free(&img);
}

/* ---- ENUM and SET (logged as STRING with the real type in the metadata) ---- */

static void test_enum_set_pack_lengths(void **state)
{
    (void)state;
    static const bb_col cols[7] = {
        {BS_TYPE_STRING, {BS_TYPE_ENUM, 1}, 2}, {BS_TYPE_STRING, {BS_TYPE_ENUM, 2}, 2},
        {BS_TYPE_STRING, {BS_TYPE_SET, 1}, 2},  {BS_TYPE_STRING, {BS_TYPE_SET, 2}, 2},
        {BS_TYPE_STRING, {BS_TYPE_SET, 3}, 2},  {BS_TYPE_STRING, {BS_TYPE_SET, 4}, 2},
        {BS_TYPE_STRING, {BS_TYPE_SET, 8}, 2},
    };
    static const unsigned width[7] = {1, 2, 1, 2, 3, 4, 8};
    static const uint64_t rows[2][7] = {
        {3, 0x1234, 0x81, 0x8001, 0x800001, 0x80000001, 0x8000000000000001ull},
        {0, 0xffff, 0xff, 0xffff, 0xffffff, 0xffffffff, UINT64_MAX},
    };
    bb img = {0};
    for (unsigned r = 0; r < 2; r++) {
        bb_u8(&img, 0);
        for (unsigned c = 0; c < 7; c++)
            bb_le(&img, rows[r][c], width[c]);
    }
    fixture f;
    load_write(&f, cols, 7, NULL, &img);
    for (unsigned c = 0; c < 7; c++) {
        assert_int_equal(column(&f, c)->binlog_type, BS_TYPE_STRING);
        assert_int_equal(column(&f, c)->type, c < 2 ? BS_TYPE_ENUM : BS_TYPE_SET);
        assert_int_equal(column(&f, c)->meta, width[c]);
    }
    for (unsigned r = 0; r < 2; r++) {
        next_row(&f);
        for (unsigned c = 0; c < 7; c++) {
            bs_value v = value_of(&f, &f.row.after, c);
            assert_int_equal(v.kind, c < 2 ? BS_VALUE_ENUM : BS_VALUE_SET);
            assert_int_equal(v.v.u, rows[r][c]);
        }
    }
    finish(&f);
    bb_free(&img);
}

/* ---- CHAR and VARCHAR lengths ---- */

/* CHAR(n bytes) metadata: the type byte with bits 8-9 of n folded in
 * (XOR-ed into bits 4-5), then the low byte of n. */
static bb_col char_col(unsigned n)
{
    return (bb_col){
        BS_TYPE_STRING, {(uint8_t)(BS_TYPE_STRING ^ ((n & 0x300) >> 4)), (uint8_t)n}, 2};
}

static bb_col varchar_col(unsigned n)
{
    return (bb_col){BS_TYPE_VARCHAR, {(uint8_t)n, (uint8_t)(n >> 8)}, 2};
}

static void put_string(bb *img, unsigned prefix, const uint8_t *s, size_t n)
{
    bb_le(img, n, prefix);
    bb_put(img, s, n);
}

static void test_char_varchar_lengths(void **state)
{
    (void)state;
    const bb_col cols[7] = {char_col(10),     char_col(255),    char_col(765),     char_col(1020),
                            varchar_col(255), varchar_col(256), varchar_col(65535)};
    static const unsigned meta[7] = {10, 255, 765, 1020, 255, 256, 65535};
    static const unsigned prefix[7] = {1, 1, 2, 2, 1, 2, 2};
    static const size_t len[2][7] = {{10, 255, 300, 1020, 255, 256, 700}, {0, 1, 0, 1, 0, 1, 0}};
    uint8_t text[1024];
    for (unsigned i = 0; i < sizeof text; i++)
        text[i] = (uint8_t)('a' + i % 26);
    bb img = {0};
    for (unsigned r = 0; r < 2; r++) {
        bb_u8(&img, 0);
        for (unsigned c = 0; c < 7; c++)
            put_string(&img, prefix[c], text + c, len[r][c]);
    }
    fixture f;
    load_write(&f, cols, 7, NULL, &img);
    for (unsigned c = 0; c < 7; c++) {
        assert_int_equal(column(&f, c)->type, c < 4 ? BS_TYPE_STRING : BS_TYPE_VARCHAR);
        assert_int_equal(column(&f, c)->meta, meta[c]);
    }
    for (unsigned r = 0; r < 2; r++) {
        next_row(&f);
        for (unsigned c = 0; c < 7; c++) {
            bs_value v = value_of(&f, &f.row.after, c);
            assert_int_equal(v.kind, BS_VALUE_STRING);
            assert_int_equal(v.v.bytes.len, len[r][c]);
            assert_memory_equal(v.v.bytes.ptr, text + c, len[r][c]);
        }
    }
    finish(&f);
    bb_free(&img);
}

/* ---- NULL bitmaps and MINIMAL images ---- */

static bb_col long_cols[9];

static void init_long_cols(void)
{
    for (unsigned i = 0; i < 9; i++)
        long_cols[i] = (bb_col){BS_TYPE_LONG, {0}, 0};
}

static void test_null_bitmap(void **state)
{
    (void)state;
    init_long_cols();
    /* 9 columns: NULL at 0, 7 and 8 (the second bitmap byte); then all NULL;
     * then none. Present values are the column number times 11. */
    static const uint16_t nulls[3] = {0x181, 0x1ff, 0};
    bb img = {0};
    for (unsigned r = 0; r < 3; r++) {
        bb_le(&img, nulls[r], 2);
        for (unsigned c = 0; c < 9; c++)
            if (!(nulls[r] >> c & 1)) bb_le(&img, c * 11, 4);
    }
    fixture f;
    load_write(&f, long_cols, 9, NULL, &img);
    for (unsigned r = 0; r < 3; r++) {
        next_row(&f);
        for (unsigned c = 0; c < 9; c++) {
            int is_null = nulls[r] >> c & 1;
            assert_true(bs_binlog_image_has(&f.row.after, c));
            assert_int_equal(bs_binlog_image_is_null(&f.row.after, c), is_null);
            if (is_null)
                assert_int_equal(value_of(&f, &f.row.after, c).kind, BS_VALUE_NULL);
            else
                expect_int(&f, c, c * 11);
        }
    }
    finish(&f);
    bb_free(&img);
}

/* A MINIMAL-image write: columns 0, 2, 4 present, the null bitmap has one
 * bit per present column (so bit 1 is column 2). */
static void test_minimal_write_image(void **state)
{
    (void)state;
    init_long_cols();
    uint8_t present[1] = {0};
    bb_bit(present, 0);
    bb_bit(present, 2);
    bb_bit(present, 4);
    bb img = {0};
    bb_u8(&img, 0x02); /* present column #2 (column 2) NULL */
    bb_le(&img, 10, 4);
    bb_le(&img, 40, 4);
    bb_u8(&img, 0x04); /* present column #3 (column 4) NULL */
    bb_le(&img, 11, 4);
    bb_le(&img, 21, 4);
    fixture f;
    load(&f, long_cols, 5, NULL, BS_EV_WRITE_ROWS_V2, present, present, &img);
    next_row(&f);
    assert_false(f.row.has_before);
    expect_int(&f, 0, 10);
    assert_int_equal(value_of(&f, &f.row.after, 1).kind, BS_VALUE_ABSENT);
    assert_false(bs_binlog_image_has(&f.row.after, 1));
    assert_false(bs_binlog_image_is_null(&f.row.after, 1));
    assert_int_equal(value_of(&f, &f.row.after, 2).kind, BS_VALUE_NULL);
    assert_true(bs_binlog_image_is_null(&f.row.after, 2));
    assert_int_equal(value_of(&f, &f.row.after, 3).kind, BS_VALUE_ABSENT);
    expect_int(&f, 4, 40);
    next_row(&f);
    expect_int(&f, 0, 11);
    expect_int(&f, 2, 21);
    assert_int_equal(value_of(&f, &f.row.after, 4).kind, BS_VALUE_NULL);
    finish(&f);
    bb_free(&img);
}

/* A MINIMAL-image update: the before image holds the key (column 0), the
 * after image the changed columns 1 and 3. */
static void test_minimal_update_images(void **state)
{
    (void)state;
    init_long_cols();
    uint8_t before[1] = {0}, after[1] = {0};
    bb_bit(before, 0);
    bb_bit(after, 1);
    bb_bit(after, 3);
    bb img = {0};
    for (unsigned r = 0; r < 2; r++) {
        bb_u8(&img, 0); /* before: key */
        bb_le(&img, 100 + r, 4);
        bb_u8(&img, r ? 0x01 : 0); /* after: column 1 NULL in the second row */
        if (!r) bb_le(&img, 7, 4);
        bb_le(&img, 0xffffffff, 4);
    }
    fixture f;
    load(&f, long_cols, 5, NULL, BS_EV_UPDATE_ROWS_V2, before, after, &img);
    for (unsigned r = 0; r < 2; r++) {
        next_row(&f);
        assert_true(f.row.has_before && f.row.has_after);
        bs_value v = value_of(&f, &f.row.before, 0);
        assert_int_equal(v.kind, BS_VALUE_INT);
        assert_int_equal(v.v.i, 100 + r);
        for (uint32_t c = 1; c < 5; c++)
            assert_int_equal(value_of(&f, &f.row.before, c).kind, BS_VALUE_ABSENT);
        assert_int_equal(value_of(&f, &f.row.after, 0).kind, BS_VALUE_ABSENT);
        if (r)
            assert_int_equal(value_of(&f, &f.row.after, 1).kind, BS_VALUE_NULL);
        else
            expect_int(&f, 1, 7);
        assert_int_equal(value_of(&f, &f.row.after, 2).kind, BS_VALUE_ABSENT);
        expect_int(&f, 3, -1);
        assert_int_equal(value_of(&f, &f.row.after, 4).kind, BS_VALUE_ABSENT);
    }
    finish(&f);
    bb_free(&img);
}

/* A column past the rows event's width is refused, not read. */
static void test_column_out_of_range(void **state)
{
    (void)state;
    init_long_cols();
    bb img = {0};
    bb_u8(&img, 0);
    bb_le(&img, 1, 4);
    bb_le(&img, 2, 4);
    fixture f;
    load_write(&f, long_cols, 2, NULL, &img);
    next_row(&f);
    bs_value v;
    assert_int_equal(bs_binlog_image_value(&f.ev.u.rows, &f.row.after, 2, &v, &f.s.err), BS_EINVAL);
    finish(&f);
    bb_free(&img);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers_with_signedness),
        cmocka_unit_test(test_integers_without_signedness),
        cmocka_unit_test(test_signedness_skips_non_numeric),
        cmocka_unit_test(test_float_double_year),
        cmocka_unit_test(test_bit_every_width),
        cmocka_unit_test(test_enum_set_pack_lengths),
        cmocka_unit_test(test_char_varchar_lengths),
        cmocka_unit_test(test_null_bitmap),
        cmocka_unit_test(test_minimal_write_image),
        cmocka_unit_test(test_minimal_update_images),
        cmocka_unit_test(test_column_out_of_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
