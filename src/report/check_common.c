/*
 * check_common.c - the pieces the check summary's renderers share (see
 * check_internal.h): a writer with a sticky error and per-format escaping,
 * the words for steps and events, and the table order people read.
 *
 * Nothing here reads a clock or depends on addresses beyond ties between
 * equal entries of one array (broken by their index), so every rendering of
 * a summary is the same.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "binsift/report.h"
#include "report/check_internal.h"
#include "util/error_internal.h"

/* ---- the writer ---- */

void bs_cr_fail(bs_cr_out *o, int rc)
{
    if (rc && !o->rc) o->rc = rc < 0 ? rc : BS_ENOMEM;
}

static void put(bs_cr_out *o, const char *s, size_t n)
{
    if (!o->rc) bs_cr_fail(o, bs_buf_append(o->buf, s, n));
}

int bs_cr_finish(const bs_cr_out *o, const char *what, bs_error *err)
{
    if (!o->rc) return 0;
    return bs_error_set(err, o->rc, NULL, BS_NO_OFFSET, "%s: %s", what, bs_error_code_name(o->rc));
}

void bs_cr_puts(bs_cr_out *o, const char *s)
{
    put(o, s, strlen(s));
}

void bs_cr_printf(bs_cr_out *o, const char *fmt, ...)
{
    if (o->rc) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || bs_buf_reserve(o->buf, (size_t)n)) {
        bs_cr_fail(o, n < 0 ? BS_EINVAL : BS_ENOMEM);
        return;
    }
    va_start(ap, fmt);
    vsnprintf(o->buf->data + o->buf->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    o->buf->len += (size_t)n;
}

void bs_cr_u64(bs_cr_out *o, uint64_t v)
{
    if (!o->rc) bs_cr_fail(o, bs_buf_put_u64(o->buf, v));
}

static void text_escaped(bs_cr_out *o, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    for (const char *run = s;; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != 0x7f) continue;
        put(o, run, (size_t)(s - run));
        if (!c) return;
        char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
        put(o, e, 4);
        run = s + 1;
    }
}

static const char *html_entity(unsigned char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    case '\t':
    case '\n': return NULL;
    default: return c < 0x20 || c == 0x7f ? "\xef\xbf\xbd" : NULL; /* U+FFFD */
    }
}

static void html_escaped(bs_cr_out *o, const char *s)
{
    for (const char *run = s;; s++) {
        const char *entity = html_entity((unsigned char)*s);
        if (!entity && *s) continue;
        put(o, run, (size_t)(s - run));
        if (!*s) return;
        bs_cr_puts(o, entity);
        run = s + 1;
    }
}

void bs_cr_str(bs_cr_out *o, const char *s)
{
    if (o->mode == BS_CR_JSON) {
        if (!o->rc) bs_cr_fail(o, bs_report_json_cstr(o->buf, s));
    } else if (s) {
        (o->mode == BS_CR_HTML ? html_escaped : text_escaped)(o, s);
    }
}

void bs_cr_pad(bs_cr_out *o, size_t written, size_t width)
{
    static const char spaces[] = "                                ";
    while (written < width) {
        size_t n = width - written < sizeof spaces - 1 ? width - written : sizeof spaces - 1;
        put(o, spaces, n);
        written += n;
    }
}

void bs_cr_table_name(bs_cr_out *o, const char *schema, const char *table)
{
    bs_cr_puts(o, "`");
    bs_cr_str(o, schema ? schema : "");
    bs_cr_puts(o, "`");
    if (!table || !*table) return;
    bs_cr_puts(o, ".`");
    bs_cr_str(o, table);
    bs_cr_puts(o, "`");
}

/* Characters a name takes in text mode: UTF-8 continuation bytes take no
 * column, an escaped control byte takes four. */
size_t bs_cr_text_width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            w += 4;
        else if ((*p & 0xc0) != 0x80)
            w++;
    }
    return w;
}

size_t bs_cr_table_name_width(const char *schema, const char *table)
{
    return 2 + bs_cr_text_width(schema) + (table && *table ? 3 + bs_cr_text_width(table) : 0);
}

/* ---- words ---- */

const char *bs_cr_event_name(int dm_event)
{
    const char *name = bs_rules_event_name(dm_event);
    return name && *name ? name : "other";
}

const char *bs_cr_drop_step_name(int drop_step)
{
    switch (drop_step) {
    case BS_DROP_SYSTEM_SCHEMA: return "system schema";
    case BS_DROP_BA_LIST: return "block-allow list";
    case BS_DROP_ONLINE_DDL: return "online DDL";
    case BS_DROP_FILTER: return "binlog filter";
    default: return NULL;
    }
}

const char *bs_cr_step_label(int step, char tmp[24])
{
    const char *name = bs_check_step_name(step);
    if (name && *name) return name;
    snprintf(tmp, 24, "step %d", step);
    return tmp;
}

const char *bs_cr_headline(const bs_check_summary *s, char tmp[64])
{
    if (!s->conflicts) return "OK: no conflicts";
    snprintf(tmp, 64, "%llu conflict%s: DM would stop", (unsigned long long)s->conflicts,
             s->conflicts == 1 ? "" : "s");
    return tmp;
}

const char *bs_cr_utc(int64_t seconds, char tmp[32])
{
    time_t t = (time_t)seconds;
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(tmp, 32, "%Y-%m-%d %H:%M:%S", &tm))
        snprintf(tmp, 32, "@%lld", (long long)seconds);
    return tmp;
}

/* ---- counts ---- */

uint64_t bs_cr_total_events(const bs_check_count count[BS_VERDICT_COUNT])
{
    return count[BS_VERDICT_MIGRATED].events + count[BS_VERDICT_DROPPED].events +
           count[BS_VERDICT_CONFLICT].events;
}

int bs_cr_rows_unknown(int verdict, const bs_check_count *c)
{
    return verdict == BS_VERDICT_DROPPED && c->events && !c->rows;
}

const char *bs_cr_rows_text(int verdict, const bs_check_count *c, char tmp[24])
{
    if (bs_cr_rows_unknown(verdict, c)) return "-";
    snprintf(tmp, 24, "%llu", (unsigned long long)c->rows);
    return tmp;
}

/* ---- derived lists ---- */

static int name_cmp(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int table_order(const void *pa, const void *pb)
{
    const bs_check_table_summary *a = *(const bs_check_table_summary *const *)pa;
    const bs_check_table_summary *b = *(const bs_check_table_summary *const *)pb;
    int ca = a->total[BS_VERDICT_CONFLICT].events != 0;
    int cb = b->total[BS_VERDICT_CONFLICT].events != 0;
    if (ca != cb) return cb - ca;
    uint64_t ea = bs_cr_total_events(a->total), eb = bs_cr_total_events(b->total);
    if (ea != eb) return ea < eb ? 1 : -1;
    int c = name_cmp(a->schema, b->schema);
    if (!c) c = name_cmp(a->table, b->table);
    if (!c) c = (a > b) - (a < b); /* same array: its index order */
    return c;
}

int bs_cr_sorted_tables(const bs_check_source_summary *s, const bs_check_table_summary ***out)
{
    *out = NULL;
    if (!s->n_tables) return 0;
    const bs_check_table_summary **v = malloc(s->n_tables * sizeof *v);
    if (!v) return BS_ENOMEM;
    for (size_t i = 0; i < s->n_tables; i++)
        v[i] = &s->tables[i];
    qsort(v, s->n_tables, sizeof *v, table_order);
    *out = v;
    return 0;
}

int bs_cr_has_routes(const bs_check_source_summary *s)
{
    for (size_t i = 0; i < s->n_rules; i++)
        if (s->rules[i].kind && !strcmp(s->rules[i].kind, "route")) return 1;
    return 0;
}

int bs_cr_unrouted(const bs_check_table_summary *t)
{
    return *t->table && !t->route_matched && !t->dropped_step; /* "": database statements */
}
