/* value_json.c - placeholder until the JSON binary decoder lands. */
#include "util/error_internal.h"
#include "binsift/value.h"

int bs_value_json_text(const uint8_t *p, size_t n, bs_buf *out, bs_error *err)
{
    (void)p, (void)n, (void)out;
    return bs_error_set(err, BS_EUNSUPPORTED, NULL, BS_NO_OFFSET, "JSON not decoded yet");
}

int bs_value_json_diff_text(const uint8_t *p, size_t n, bs_buf *out, bs_error *err)
{
    (void)p, (void)n, (void)out;
    return bs_error_set(err, BS_EUNSUPPORTED, NULL, BS_NO_OFFSET, "JSON not decoded yet");
}
