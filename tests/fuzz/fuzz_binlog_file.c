/*
 * fuzz_binlog_file.c - libFuzzer target: a whole binlog file image.
 *
 * The input is decoded as one in-memory member, with every row walked and
 * every value rendered as text and JSON, so the framer, the event decoders,
 * the row walk and the value renderers all see hostile bytes. Checksums are
 * not verified (they would stop nearly every mutation at the first event);
 * inputs starting with byte 'C' after the magic are run with verification on
 * instead, to keep that path covered.
 */
#include <stdint.h>
#include <string.h>

#include "binsift/binlog.h"
#include "binsift/io.h"
#include "binsift/report.h"

static void render_rows(bs_binlog_reader *r, const bs_binlog_event *ev, bs_buf *out)
{
    bs_binlog_row_iter it;
    bs_binlog_row row;
    bs_error err;
    if (bs_binlog_rows_begin(r, ev, &it, &err)) return;
    while (bs_binlog_rows_next(&it, &row, &err) == 1) {
        const bs_binlog_image *imgs[2] = {row.has_before ? &row.before : NULL,
                                          row.has_after ? &row.after : NULL};
        for (int k = 0; k < 2; k++) {
            if (!imgs[k]) continue;
            for (uint32_t c = 0; c < ev->u.rows.ncols; c++) {
                bs_value v;
                if (bs_binlog_image_value(&ev->u.rows, imgs[k], c, &v, &err)) continue;
                bs_buf_clear(out);
                bs_report_value_text(out, &v, &ev->u.rows.table->cols[c], &err);
                bs_report_value_json(out, &v, &ev->u.rows.table->cols[c], &err);
            }
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bs_error err;
    bs_io_list *list;
    bs_binlog_reader *r;
    bs_binlog_options opt;
    bs_binlog_options_init(&opt);
    opt.verify_checksums = size > 4 && data[4] == 'C';
    opt.buffer_size = 64 * 1024;
    if (bs_io_list_new(&list, &err)) return 0;
    if (bs_io_list_add_memory(list, "fuzz", data, size, &err) ||
        bs_binlog_reader_open(list, &opt, &r, &err)) {
        bs_io_list_free(list);
        return 0;
    }
    bs_buf out = {0};
    bs_binlog_event ev;
    while (bs_binlog_next(r, &ev, &err) == 1)
        if (bs_binlog_is_rows(&ev)) render_rows(r, &ev, &out);
    bs_binlog_reader_free(r);
    bs_io_list_free(list);
    bs_buf_free(&out);
    return 0;
}
