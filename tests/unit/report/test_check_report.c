/*
 * test_check_report.c - the three renderings of a check summary (text for a
 * person, JSON for tools, a self-contained HTML page).
 *
 * Summaries are built by hand, the shape the replay fills: one source with a
 * routed table, a conflicting table, a table dropped whole and an unrouted
 * one; two sources with conflicts in each; an empty check; names that need
 * escaping; long timelines and many tables. The JSON is compared as exact
 * text for a small summary; the text report's headline, ordering and
 * columns are asserted line by line. JSON and HTML are also handed to
 * python3 (standard library) to prove they parse: json.load, the inline
 * SVG through an XML parser, and the HTML's element nesting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "binsift/report.h"

/* ---- building summaries ---- */

#define S(x) ((char *)(x)) /* the summary owns char *; the tests never free them */

static bs_check_count cnt(uint64_t events, uint64_t rows)
{
    return (bs_check_count){events, rows};
}

static void counts(bs_check_count c[BS_VERDICT_COUNT], bs_check_count migrated,
                   bs_check_count dropped, bs_check_count conflict)
{
    c[BS_VERDICT_MIGRATED] = migrated;
    c[BS_VERDICT_DROPPED] = dropped;
    c[BS_VERDICT_CONFLICT] = conflict;
}

/* One source (mysql-01) of task shop-task: see the JSON in test_json_exact
 * for every value. */
typedef struct shop {
    bs_check_summary sum;
    bs_check_source_summary src;
    bs_check_table_summary tables[4];
    bs_check_table_line lines[6];
    bs_check_rule_hits rules[4];
    bs_check_conflict conflict;
    bs_check_minute minute;
    bs_diag note;
} shop;

static void shop_tables(shop *f)
{
    bs_check_table_summary *t = f->tables;
    bs_check_table_line *l = f->lines;
    t[0] = (bs_check_table_summary){.schema = S("mysql"),
                                    .table = S("user"),
                                    .dropped_step = BS_DROP_SYSTEM_SCHEMA,
                                    .lines = &l[0],
                                    .n_lines = 1};
    counts(t[0].total, cnt(0, 0), cnt(4, 0), cnt(0, 0));
    l[0].dm_event = BS_DMEV_INSERT;
    counts(l[0].verdict, cnt(0, 0), cnt(4, 0), cnt(0, 0));

    t[1] = (bs_check_table_summary){.schema = S("shop"),
                                    .table = S("items"),
                                    .target_schema = S("all"),
                                    .target_table = S("items"),
                                    .route_matched = 1,
                                    .route = S("r-items"),
                                    .lines = &l[1],
                                    .n_lines = 3};
    counts(t[1].total, cnt(20, 25), cnt(0, 0), cnt(0, 0));
    l[1].dm_event = BS_DMEV_INSERT;
    counts(l[1].verdict, cnt(15, 20), cnt(0, 0), cnt(0, 0));
    l[2].dm_event = BS_DMEV_UPDATE;
    counts(l[2].verdict, cnt(4, 5), cnt(0, 0), cnt(0, 0));
    l[3].dm_event = BS_DMEV_CREATE_TABLE;
    counts(l[3].verdict, cnt(1, 0), cnt(0, 0), cnt(0, 0));

    t[2] = (bs_check_table_summary){.schema = S("shop"),
                                    .table = S("orders"),
                                    .target_schema = S("all"),
                                    .target_table = S("orders"),
                                    .route_matched = 1,
                                    .route = S("r-orders"),
                                    .lines = &l[4],
                                    .n_lines = 2};
    counts(t[2].total, cnt(0, 0), cnt(6, 0), cnt(3, 3));
    l[4].dm_event = BS_DMEV_INSERT;
    counts(l[4].verdict, cnt(0, 0), cnt(0, 0), cnt(3, 3));
    l[5].dm_event = BS_DMEV_DELETE;
    counts(l[5].verdict, cnt(0, 0), cnt(6, 0), cnt(0, 0));

    t[3] = (bs_check_table_summary){.schema = S("shop"),
                                    .table = S("tmp"),
                                    .target_schema = S("shop"),
                                    .target_table = S("tmp")};
    counts(t[3].total, cnt(1, 0), cnt(0, 0), cnt(0, 0));
    /* tables come sorted by name: mysql.user, shop.items, shop.orders, shop.tmp */
}

static void shop_init(shop *f)
{
    memset(f, 0, sizeof *f);
    shop_tables(f);
    f->rules[0] = (bs_check_rule_hits){"route", S("r-items"), 10, {20, 25}};
    f->rules[1] = (bs_check_rule_hits){"route", S("r-orders"), 14, {9, 3}};
    f->rules[2] = (bs_check_rule_hits){"filter", S("f-del"), 20, {6, 0}};
    f->rules[3] = (bs_check_rule_hits){"filter", S("f-never"), 30, {0, 0}};
    f->conflict = (bs_check_conflict){
        .dm_code = 36027,
        .schema = S("shop"),
        .table = S("orders"),
        .target_schema = S("all"),
        .target_table = S("orders"),
        .file = S("mysql-bin.000002"),
        .position = 1234,
        .gtid = S("0-1-17"),
        .timestamp = 1700000000,
        .step = BS_STEP_TRACKER,
        .message = S("column count mismatch: 5 columns downstream, 4 in the row"),
        .fix = S("binlog-schema update the table's structure"),
        .count = 3};
    f->minute.minute = 1700000000 / 60;
    f->minute.events[BS_VERDICT_MIGRATED] = 21;
    f->minute.events[BS_VERDICT_DROPPED] = 10;
    f->minute.events[BS_VERDICT_CONFLICT] = 3;

    bs_check_source_summary *s = &f->src;
    s->source_id = S("mysql-01");
    s->start = S("the task's meta: mysql-bin.000001:4");
    s->stop = S("the end of mysql-bin.000002");
    s->bytes = 5000, s->files = 2, s->events = 40, s->rows_decoded = 25;
    s->keys_live = 12, s->key_memory = 32768;
    counts(s->verdict, cnt(21, 25), cnt(10, 0), cnt(3, 3));
    s->dropped_by_step[BS_STEP_SYSTEM_SCHEMA] = cnt(4, 0);
    s->dropped_by_step[BS_STEP_FILTER] = cnt(6, 0);
    s->tables = f->tables, s->n_tables = 4;
    s->rules = f->rules, s->n_rules = 4;
    s->conflicts = &f->conflict, s->n_conflicts = 1;
    s->timeline = &f->minute, s->n_timeline = 1;

    f->note = (bs_diag){.severity = BS_DIAG_WARNING,
                        .kind = "no-structure",
                        .message = S("no CREATE TABLE for `shop`.`orders` in the replayed range")};
    f->sum = (bs_check_summary){.task_name = S("shop-task"),
                                .task_file = S("task.yaml"),
                                .sources = &f->src,
                                .n_sources = 1,
                                .conflicts = 3,
                                .notes = {.items = &f->note, .n = 1, .cap = 1}};
}

/* ---- rendering and checking ---- */

typedef int (*render_fn)(const bs_check_summary *, bs_buf *, bs_error *);

static int render_text_plain(const bs_check_summary *s, bs_buf *out, bs_error *err)
{
    return bs_report_check_text(s, 0, out, err);
}

/* Render, and check that a second rendering is the same (no clock, no
 * addresses). The caller frees the buffer. */
static bs_buf render(render_fn fn, const bs_check_summary *s)
{
    bs_buf a = {0}, b = {0};
    bs_error err;
    assert_int_equal(fn(s, &a, &err), 0);
    assert_int_equal(fn(s, &b, &err), 0);
    assert_non_null(a.data);
    assert_string_equal(a.data, b.data);
    bs_buf_free(&b);
    return a;
}

/* Run a python3 script (standard library) on a document; its exit status. */
static int python_check(const char *script, const bs_buf *doc)
{
    char dir[] = "/tmp/binsift-report-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char script_path[64], doc_path[64], cmd[200];
    snprintf(script_path, sizeof script_path, "%s/check.py", dir);
    snprintf(doc_path, sizeof doc_path, "%s/doc", dir);
    FILE *f = fopen(script_path, "w");
    assert_non_null(f);
    fputs(script, f);
    fclose(f);
    f = fopen(doc_path, "wb");
    assert_non_null(f);
    fwrite(doc->data, 1, doc->len, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "python3 %s %s", script_path, doc_path);
    int status = system(cmd);
    unlink(script_path);
    unlink(doc_path);
    rmdir(dir);
    return status;
}

static const char json_script[] = "import json, sys\n"
                                  "json.load(open(sys.argv[1], encoding='utf-8'))\n";

/* The inline SVG must be XML (browsers are lenient, image tools are not);
 * the page's elements must nest. */
static const char html_script[] =
    "import re, sys, xml.etree.ElementTree as ET\n"
    "from html.parser import HTMLParser\n"
    "doc = open(sys.argv[1], encoding='utf-8').read()\n"
    "svgs = re.findall(r'<svg.*?</svg>', doc, re.S)\n"
    "assert len(svgs) == 2, len(svgs)\n"
    "for s in svgs: ET.fromstring(s)\n"
    "VOID = {'meta', 'br'}\n"
    "class Nesting(HTMLParser):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.stack = []\n"
    "    def handle_starttag(self, tag, attrs):\n"
    "        if tag not in VOID: self.stack.append(tag)\n"
    "    def handle_endtag(self, tag):\n"
    "        assert self.stack and self.stack[-1] == tag, (tag, self.stack)\n"
    "        self.stack.pop()\n"
    "p = Nesting()\n"
    "p.feed(doc)\n"
    "p.close()\n"
    "assert not p.stack, p.stack\n";

static size_t occurrences(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Text between the n-th (0-based) "<svg" and its "</svg>". */
static char *svg_part(const char *html, int n)
{
    const char *p = strstr(html, "<svg");
    for (int i = 0; i < n && p; i++)
        p = strstr(p + 1, "<svg");
    assert_non_null(p);
    const char *end = strstr(p, "</svg>");
    assert_non_null(end);
    char *part = strndup(p, (size_t)(end - p));
    assert_non_null(part);
    return part;
}

/* ---- JSON ---- */

static void test_json_exact(void **state)
{
    (void)state;
    shop f;
    shop_init(&f);
    bs_buf out = render(bs_report_check_json, &f.sum);
    const char *expected =
        "{\"task\":\"shop-task\",\"task_file\":\"task.yaml\",\"conflicts\":3,"
        "\"notes\":[{\"severity\":\"warning\",\"kind\":\"no-structure\",\"code\":0,"
        "\"message\":\"no CREATE TABLE for `shop`.`orders` in the replayed range\"}],"
        "\"sources\":[{\"source_id\":\"mysql-01\","
        "\"start\":\"the task's meta: mysql-bin.000001:4\","
        "\"stop\":\"the end of mysql-bin.000002\","
        "\"bytes\":5000,\"files\":2,\"events\":40,\"rows_decoded\":25,"
        "\"keys_live\":12,\"key_memory\":32768,\"keys_capped\":false,"
        "\"verdicts\":{\"migrated\":{\"events\":21,\"rows\":25},"
        "\"dropped\":{\"events\":10,\"rows\":0},\"conflict\":{\"events\":3,\"rows\":3}},"
        "\"dropped_by_step\":{\"system schema\":{\"events\":4,\"rows\":0},"
        "\"binlog filter\":{\"events\":6,\"rows\":0}},"
        "\"tables\":["
        "{\"schema\":\"mysql\",\"table\":\"user\",\"target_schema\":null,\"target_table\":null,"
        "\"route\":null,\"dropped_step\":\"system schema\","
        "\"verdicts\":{\"migrated\":{\"events\":0,\"rows\":0},"
        "\"dropped\":{\"events\":4,\"rows\":0},\"conflict\":{\"events\":0,\"rows\":0}},"
        "\"events\":[{\"event\":\"insert\",\"migrated\":{\"events\":0,\"rows\":0},"
        "\"dropped\":{\"events\":4,\"rows\":0},\"conflict\":{\"events\":0,\"rows\":0}}]},"
        "{\"schema\":\"shop\",\"table\":\"items\",\"target_schema\":\"all\","
        "\"target_table\":\"items\",\"route\":\"r-items\",\"dropped_step\":null,"
        "\"verdicts\":{\"migrated\":{\"events\":20,\"rows\":25},"
        "\"dropped\":{\"events\":0,\"rows\":0},\"conflict\":{\"events\":0,\"rows\":0}},"
        "\"events\":[{\"event\":\"insert\",\"migrated\":{\"events\":15,\"rows\":20},"
        "\"dropped\":{\"events\":0,\"rows\":0},\"conflict\":{\"events\":0,\"rows\":0}},"
        "{\"event\":\"update\",\"migrated\":{\"events\":4,\"rows\":5},"
        "\"dropped\":{\"events\":0,\"rows\":0},\"conflict\":{\"events\":0,\"rows\":0}},"
        "{\"event\":\"create table\",\"migrated\":{\"events\":1,\"rows\":0},"
        "\"dropped\":{\"events\":0,\"rows\":0},\"conflict\":{\"events\":0,\"rows\":0}}]},"
        "{\"schema\":\"shop\",\"table\":\"orders\",\"target_schema\":\"all\","
        "\"target_table\":\"orders\",\"route\":\"r-orders\",\"dropped_step\":null,"
        "\"verdicts\":{\"migrated\":{\"events\":0,\"rows\":0},"
        "\"dropped\":{\"events\":6,\"rows\":0},\"conflict\":{\"events\":3,\"rows\":3}},"
        "\"events\":[{\"event\":\"insert\",\"migrated\":{\"events\":0,\"rows\":0},"
        "\"dropped\":{\"events\":0,\"rows\":0},\"conflict\":{\"events\":3,\"rows\":3}},"
        "{\"event\":\"delete\",\"migrated\":{\"events\":0,\"rows\":0},"
        "\"dropped\":{\"events\":6,\"rows\":0},\"conflict\":{\"events\":0,\"rows\":0}}]},"
        "{\"schema\":\"shop\",\"table\":\"tmp\",\"target_schema\":\"shop\","
        "\"target_table\":\"tmp\",\"route\":null,\"dropped_step\":null,"
        "\"verdicts\":{\"migrated\":{\"events\":1,\"rows\":0},"
        "\"dropped\":{\"events\":0,\"rows\":0},\"conflict\":{\"events\":0,\"rows\":0}},"
        "\"events\":[]}],"
        "\"rules\":[{\"kind\":\"route\",\"name\":\"r-items\",\"line\":10,\"events\":20,\"rows\":25}"
        ","
        "{\"kind\":\"route\",\"name\":\"r-orders\",\"line\":14,\"events\":9,\"rows\":3},"
        "{\"kind\":\"filter\",\"name\":\"f-del\",\"line\":20,\"events\":6,\"rows\":0},"
        "{\"kind\":\"filter\",\"name\":\"f-never\",\"line\":30,\"events\":0,\"rows\":0}],"
        "\"conflicts\":[{\"code\":36027,\"schema\":\"shop\",\"table\":\"orders\","
        "\"target_schema\":\"all\",\"target_table\":\"orders\",\"file\":\"mysql-bin.000002\","
        "\"position\":1234,\"gtid\":\"0-1-17\",\"timestamp\":1700000000,"
        "\"step\":\"schema tracker\",\"rule\":null,"
        "\"message\":\"column count mismatch: 5 columns downstream, 4 in the row\","
        "\"fix\":\"binlog-schema update the table's structure\",\"count\":3}],"
        "\"timeline\":[{\"minute\":28333333,\"migrated\":21,\"dropped\":10,\"conflict\":3}],"
        "\"error\":null}]}\n";
    assert_string_equal(out.data, expected);
    assert_int_equal(python_check(json_script, &out), 0);
    bs_buf_free(&out);
}

static void test_json_empty(void **state)
{
    (void)state;
    bs_check_summary sum = {.task_name = S("t")};
    bs_buf out = render(bs_report_check_json, &sum);
    assert_string_equal(out.data, "{\"task\":\"t\",\"task_file\":null,\"conflicts\":0,"
                                  "\"notes\":[],\"sources\":[]}\n");
    bs_buf_free(&out);
}

/* An input error, odd names and an unnamed step stay valid JSON. */
static void test_json_escaping_and_errors(void **state)
{
    (void)state;
    shop f;
    shop_init(&f);
    f.tables[1].schema = S("we\"ird\\\n\x01");
    f.conflict.step = 0;
    f.src.dropped_by_step[63] = cnt(1, 0);
    f.src.error_code = BS_ECHECKSUM;
    f.src.error = S("mysql-bin.000002: offset 99: CRC32 mismatch");
    bs_diag notes[2] = {f.note,
                        {.severity = BS_DIAG_INFO,
                         .kind = "start",
                         .dm_code = 26005,
                         .message = S("started at the meta position")}};
    f.sum.notes.items = notes, f.sum.notes.n = 2;
    bs_buf out = render(bs_report_check_json, &f.sum);
    assert_non_null(strstr(out.data, "range\"},{\"severity\":\"info\",\"kind\":\"start\","
                                     "\"code\":26005,\"message\":\"started at the meta "
                                     "position\"}],"));
    assert_non_null(strstr(out.data, "\"rows\":0}},{\"event\":\"update\""));
    assert_non_null(strstr(out.data, "\"schema\":\"we\\\"ird\\\\\\n\\u0001\""));
    assert_non_null(strstr(out.data, "\"step\":null,"));
    assert_non_null(strstr(out.data, ",\"step 63\":{\"events\":1,\"rows\":0}}"));
    assert_non_null(strstr(out.data, "\"error\":{\"code\":\"checksum mismatch\","
                                     "\"message\":\"mysql-bin.000002: offset 99: CRC32 "
                                     "mismatch\"}}]}\n"));
    assert_int_equal(python_check(json_script, &out), 0);
    bs_buf_free(&out);
}

/* ---- text ---- */

static const char *after(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    assert_non_null(p);
    return p;
}

static void test_text_headline_and_sections(void **state)
{
    (void)state;
    shop f;
    shop_init(&f);
    bs_buf out = render(render_text_plain, &f.sum);
    const char *t = out.data;
    assert_memory_equal(t,
                        "binsift check: task shop-task (task.yaml)\nsource: mysql-01\n"
                        "3 conflicts: DM would stop\n\nConflicts\n",
                        strlen("binsift check: task shop-task (task.yaml)\nsource: mysql-01\n"
                               "3 conflicts: DM would stop\n\nConflicts\n"));
    assert_non_null(strstr(t, "\nConflicts\n  DM-36027  mysql-01  mysql-bin.000002:1234  "
                              "GTID 0-1-17  `shop`.`orders` -> `all`.`orders`  x3\n"
                              "      column count mismatch: 5 columns downstream, 4 in the row\n"
                              "      fix: binlog-schema update the table's structure\n"));
    assert_non_null(strstr(t, "\nSource mysql-01\n"
                              "  start:    the task's meta: mysql-bin.000001:4\n"
                              "  stop:     the end of mysql-bin.000002\n"
                              "  read:     5000 bytes in 2 files, 40 events, 25 rows decoded\n"
                              "  keys:     12 live target keys tracked (0.0 MiB)\n"
                              "  migrated: 21 events, 25 rows\n"
                              "  dropped:  10 events, - rows\n"
                              "  conflict: 3 events, 3 rows\n"
                              "  dropped by step:\n"
                              "    system schema           4 events, - rows\n"
                              "    binlog filter           6 events, - rows\n"));
    /* conflicts before the sources, notes last */
    assert_true(after(t, "\nConflicts\n") < after(t, "\nSource mysql-01\n"));
    assert_non_null(strstr(t, "\nNotes\n  warning: no CREATE TABLE for `shop`.`orders` in the "
                              "replayed range\n"));
    assert_null(strchr(t, '\033'));
    bs_buf_free(&out);
}

/* One line of the tables table, the way the report lays it out: the name
 * column as wide as the widest name, then events and rows per verdict. */
static void table_line(char *out, size_t cap, int width, const char *name, const char *const c[6])
{
    snprintf(out, cap, "\n  %-*s  %8s %8s  %8s %8s  %8s %8s\n", width, name, c[0], c[1], c[2], c[3],
             c[4], c[5]);
}

static void test_text_tables(void **state)
{
    (void)state;
    shop f;
    shop_init(&f);
    bs_buf out = render(render_text_plain, &f.sum);
    const char *t = after(out.data, "  Tables (upstream -> target)");
    /* the widest name, "`mysql`.`user` (dropped whole: system schema)", sets the
     * width of the name column: 45 characters */
    char line[256];
    snprintf(line, sizeof line, "  %-45s%19s%19s%19s\n  %45s", "Tables (upstream -> target)",
             "migrated", "dropped", "conflict", "");
    assert_memory_equal(t, line, strlen(line));
    const char *orders[6] = {"0", "0", "6", "-", "3", "3"};
    table_line(line, sizeof line, 45, "`shop`.`orders` -> `all`.`orders`", orders);
    const char *p_orders = after(t, line);
    const char *insert[6] = {"0", "0", "0", "0", "3", "3"};
    table_line(line, sizeof line, 45, "    insert", insert);
    assert_true(after(p_orders, line) > p_orders);
    const char *items[6] = {"20", "25", "0", "0", "0", "0"};
    table_line(line, sizeof line, 45, "`shop`.`items` -> `all`.`items`", items);
    const char *p_items = after(t, line);
    const char *create[6] = {"1", "0", "0", "0", "0", "0"};
    table_line(line, sizeof line, 45, "    create table", create);
    assert_non_null(strstr(p_items, line));
    const char *user[6] = {"0", "0", "4", "-", "0", "0"};
    table_line(line, sizeof line, 45, "`mysql`.`user` (dropped whole: system schema)", user);
    const char *p_user = after(t, line);
    /* a table dropped whole has no event lines */
    assert_memory_equal(p_user + strlen(line), "  `shop`.`tmp`", strlen("  `shop`.`tmp`"));
    /* the same names upstream and downstream: no arrow */
    const char *tmp[6] = {"1", "0", "0", "0", "0", "0"};
    table_line(line, sizeof line, 45, "`shop`.`tmp`", tmp);
    const char *p_tmp = after(t, line);
    /* conflicts first, then by events: orders (conflicts), items 20, user 4, tmp 1 */
    assert_true(p_orders < p_items && p_items < p_user && p_user < p_tmp);
    bs_buf_free(&out);
}

static void test_text_rules(void **state)
{
    (void)state;
    shop f;
    shop_init(&f);
    bs_buf out = render(render_text_plain, &f.sum);
    const char *t = out.data;
    char expected[1024];
    snprintf(expected, sizeof expected,
             "\n%-40s  %8s %8s\n%-40s  %8s %8s\n%-40s  %8s %8s\n%-40s  %8s %8s\n"
             "\n  Rules that never fired\n"
             "    filter f-never (line 30)\n"
             "\n  Tables no route matched\n"
             "    `shop`.`tmp`\n",
             "  Rule hits", "events", "rows", "    route r-items (line 10)", "20", "25",
             "    route r-orders (line 14)", "9", "3", "    filter f-del (line 20)", "6", "-");
    assert_non_null(strstr(t, expected));
    bs_buf_free(&out);

    /* a database's own statements (table "") are not a table a route could
     * match: not listed (here the only unrouted entry, so no section) */
    f.tables[3].table = S("");
    out = render(render_text_plain, &f.sum);
    assert_null(strstr(out.data, "Tables no route matched"));
    bs_buf_free(&out);

    /* without route rules, "no route matched" says nothing: not printed */
    f.rules[0].kind = f.rules[1].kind = "expression-filter";
    out = render(render_text_plain, &f.sum);
    assert_null(strstr(out.data, "no route matched"));
    bs_buf_free(&out);
}

static void test_text_colour(void **state)
{
    (void)state;
    shop f;
    shop_init(&f);
    bs_buf out = {0};
    bs_error err;
    assert_int_equal(bs_report_check_text(&f.sum, 1, &out, &err), 0);
    assert_non_null(strstr(out.data, "\033[1m\033[31m3 conflicts: DM would stop\033[0m\n"));
    assert_non_null(strstr(out.data, "\n  \033[31mDM-36027\033[0m  mysql-01"));
    assert_non_null(strstr(out.data, "\033[32m21 events, 25 rows\033[0m"));
    assert_non_null(strstr(out.data, "\033[33m10 events, - rows\033[0m"));
    bs_buf_free(&out);
}

/* Two sources: conflicts by source, then in each source's binlog order;
 * an OK headline when there are none. */
static void test_text_two_sources(void **state)
{
    (void)state;
    shop a, b;
    shop_init(&a);
    shop_init(&b);
    bs_check_conflict first[2] = {a.conflict, a.conflict};
    first[1].position = 900; /* later in the binlog order the summary has */
    first[1].count = 1;
    first[1].dm_code = 36015;
    first[1].fix = NULL;
    first[1].rule = S("f-error");
    a.src.conflicts = first, a.src.n_conflicts = 2;
    b.src.source_id = S("mysql-02");
    b.conflict.position = 4;
    bs_check_source_summary sources[2] = {a.src, b.src};
    a.sum.sources = sources, a.sum.n_sources = 2, a.sum.conflicts = 7;
    bs_buf out = render(render_text_plain, &a.sum);
    const char *t = out.data;
    assert_non_null(strstr(t, "\nsources: mysql-01, mysql-02\n7 conflicts: DM would stop\n"));
    const char *c1 = after(t, "DM-36027  mysql-01  mysql-bin.000002:1234");
    const char *c2 = after(t, "DM-36015  mysql-01  mysql-bin.000002:900  GTID 0-1-17  "
                              "`shop`.`orders` -> `all`.`orders`\n      column count mismatch: "
                              "5 columns downstream, 4 in the row (rule f-error)\n  DM-");
    const char *c3 = after(t, "DM-36027  mysql-02  mysql-bin.000002:4");
    assert_true(c1 < c2 && c2 < c3 && c3 < after(t, "\nSource mysql-01\n"));
    assert_true(after(t, "\nSource mysql-01\n") < after(t, "\nSource mysql-02\n"));
    bs_buf_free(&out);

    sources[0].n_conflicts = sources[1].n_conflicts = 0;
    a.sum.conflicts = 0;
    out = render(render_text_plain, &a.sum);
    assert_non_null(strstr(out.data, "\nOK: no conflicts\n\nSource mysql-01\n"));
    assert_null(strstr(out.data, "Conflicts"));
    bs_buf_free(&out);
}

static void test_text_empty_and_error(void **state)
{
    (void)state;
    bs_check_source_summary src = {.source_id = S("s1"),
                                   .error_code = BS_ETRUNCATED,
                                   .error = S("bin.000001: offset 120: the file ends "
                                              "inside an event")};
    bs_check_summary sum = {.task_name = S("t"), .sources = &src, .n_sources = 1};
    bs_buf out = render(render_text_plain, &sum);
    assert_string_equal(out.data, "binsift check: task t\nsource: s1\nOK: no conflicts\n"
                                  "input error: s1 was not read to its end (see below)\n"
                                  "\nSource s1\n"
                                  "  start:    ?\n"
                                  "  stop:     ?\n"
                                  "  read:     0 bytes in 0 files, 0 events, 0 rows decoded\n"
                                  "  migrated: 0 events, 0 rows\n"
                                  "  dropped:  0 events, 0 rows\n"
                                  "  conflict: 0 events, 0 rows\n"
                                  "  input error: truncated: bin.000001: offset 120: the file "
                                  "ends inside an event\n");
    bs_buf_free(&out);
}

/* A person gets the first 50 tables; control bytes never reach the terminal. */
static void test_text_cap_and_control_bytes(void **state)
{
    (void)state;
    enum { N = 60 };
    static bs_check_table_summary tables[N];
    static char names[N][16];
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "t%02d", i);
        tables[i] = (bs_check_table_summary){.schema = S("db"), .table = names[i]};
        counts(tables[i].total, cnt((uint64_t)i + 1, 1), cnt(0, 0), cnt(0, 0));
    }
    tables[0].schema = S("db\033[2J");
    bs_check_source_summary src = {.source_id = S("s1"), .tables = tables, .n_tables = N};
    bs_check_summary sum = {.task_name = S("t"), .sources = &src, .n_sources = 1};
    bs_buf out = render(render_text_plain, &sum);
    assert_non_null(strstr(out.data, "\n  `db`.`t59`")); /* most events first */
    assert_non_null(strstr(out.data, "\n  `db`.`t10`")); /* the 50th */
    assert_null(strstr(out.data, "`db`.`t09`"));         /* the 51st */
    assert_null(strstr(out.data, "\\x1b[2J"));           /* t00 is not listed... */
    assert_non_null(strstr(out.data, "\n  ... and 10 more tables (see --report)\n"));
    tables[0].total[BS_VERDICT_CONFLICT] = cnt(1, 1); /* ...until it has a conflict */
    bs_buf_free(&out);
    out = render(render_text_plain, &sum);
    assert_non_null(strstr(out.data, "\n  `db\\x1b[2J`.`t00`"));
    assert_null(strchr(out.data, '\033'));
    bs_buf_free(&out);
}

/* ---- HTML ---- */

static void test_html_page(void **state)
{
    (void)state;
    shop f;
    shop_init(&f);
    bs_buf out = render(bs_report_check_html, &f.sum);
    const char *h = out.data;
    assert_memory_equal(h, "<!DOCTYPE html>\n", 16);
    assert_non_null(strstr(h, "<title>binsift check: shop-task</title>"));
    assert_non_null(strstr(h, "<p class=\"headline conflict\">3 conflicts: DM would stop</p>"));
    assert_non_null(strstr(h, "<td class=\"conflict\">DM-36027</td><td>mysql-01</td>"
                              "<td><code>mysql-bin.000002:1234</code></td>"
                              "<td><code>0-1-17</code></td><td>2023-11-14 22:13:20</td>"));
    assert_non_null(strstr(h, "<br><b>Fix:</b> binlog-schema update the table&#39;s structure"));
    /* one minute: one bar, with its time and counts */
    char *timeline = svg_part(h, 0);
    assert_int_equal(occurrences(timeline, "<g><title>"), 1);
    assert_non_null(strstr(timeline, "<title>2023-11-14 22:13 UTC: 21 migrated, 10 dropped, 3 "
                                     "conflict</title>"));
    free(timeline);
    char *top = svg_part(h, 1);
    assert_int_equal(occurrences(top, "<g><title>"), 4);
    /* the busiest table first */
    assert_true(after(top, "`shop`.`items`") < after(top, "`shop`.`orders`"));
    free(top);
    /* rows never decoded: "-" */
    assert_non_null(strstr(h, "<td class=\"n dropped\">6</td><td class=\"n dropped\">-</td>"));
    assert_non_null(strstr(h, "<span class=\"dropped\">dropped whole: system schema</span>"));
    assert_non_null(strstr(h, "<h3>Rules that never fired</h3>\n<ul>\n<li>filter "
                              "<code>f-never</code> (line 30)</li>\n</ul>\n"));
    assert_non_null(strstr(h, "<h3>Tables no route matched</h3>\n<ul>\n<li><code>`shop`.`tmp`"
                              "</code></li>\n</ul>\n"));
    assert_non_null(strstr(h, "\n</body>\n</html>\n"));
    assert_int_equal(python_check(html_script, &out), 0);
    bs_buf_free(&out);
}

static void test_html_escaping(void **state)
{
    (void)state;
    shop f;
    shop_init(&f);
    f.sum.task_name = S("<script>alert(1)</script>");
    f.tables[1].schema = S("a<b>&\"'");
    f.tables[1].table = S("x\x01y");
    f.conflict.message = S("</td><img src=x>");
    f.note.message = S("R&D");
    bs_buf out = render(bs_report_check_html, &f.sum);
    const char *h = out.data;
    assert_null(strstr(h, "<script>"));
    assert_null(strstr(h, "<img"));
    assert_null(strstr(h, "a<b>"));
    assert_non_null(strstr(h, "<title>binsift check: &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(h, "`a&lt;b&gt;&amp;&quot;&#39;`.`x\xef\xbf\xbdy`"));
    assert_non_null(strstr(h, "&lt;/td&gt;&lt;img src=x&gt;"));
    assert_non_null(strstr(h, "R&amp;D"));
    assert_int_equal(python_check(html_script, &out), 0);
    bs_buf_free(&out);
}

static void test_html_empty(void **state)
{
    (void)state;
    bs_check_summary sum = {.task_name = S("t")};
    bs_buf out = render(bs_report_check_html, &sum);
    assert_non_null(strstr(out.data, "<p class=\"headline migrated\">OK: no conflicts</p>"));
    assert_non_null(strstr(out.data, ">no events in the replayed range</text>"));
    assert_non_null(strstr(out.data, ">no table had events</text>"));
    assert_int_equal(python_check(html_script, &out), 0);
    bs_buf_free(&out);
}

/* A long range is re-bucketed to at most 120 bars; the top chart keeps 10
 * tables; two sources' minutes add up; events without a timestamp are not
 * drawn at 1970. */
static void test_html_long_range(void **state)
{
    (void)state;
    enum { MINUTES = 1000, TABLES = 12 };
    static bs_check_minute minutes[MINUTES];
    static bs_check_table_summary tables[TABLES];
    static char names[TABLES][8];
    for (int i = 0; i < MINUTES; i++) {
        minutes[i] = (bs_check_minute){.minute = 28000000 + i};
        minutes[i].events[BS_VERDICT_MIGRATED] = 2;
        minutes[i].events[BS_VERDICT_DROPPED] = 1;
    }
    for (int i = 0; i < TABLES; i++) {
        snprintf(names[i], sizeof names[i], "t%02d", i);
        tables[i] = (bs_check_table_summary){.schema = S("db"), .table = names[i]};
        counts(tables[i].total, cnt(100 + (uint64_t)i, 0), cnt((uint64_t)i, 0), cnt(0, 0));
    }
    /* source b: an event without a timestamp (minute 0) and the first minute */
    bs_check_minute b_minutes[2] = {{.minute = 0}, minutes[0]};
    b_minutes[0].events[BS_VERDICT_DROPPED] = 5;
    bs_check_source_summary src[2] = {
        {.source_id = S("a"),
         .timeline = minutes,
         .n_timeline = MINUTES,
         .tables = tables,
         .n_tables = TABLES},
        {.source_id = S("b"), .timeline = b_minutes, .n_timeline = 2}};
    bs_check_summary sum = {.task_name = S("t"), .sources = src, .n_sources = 2};
    bs_buf out = render(bs_report_check_html, &sum);
    char *timeline = svg_part(out.data, 0);
    /* 1000 minutes, 9 per bar: 112 bars */
    assert_int_equal(occurrences(timeline, "<g><title>"), 112);
    assert_non_null(strstr(timeline, "one bar = 9 minutes; events per bar (5 events without a "
                                     "timestamp not shown)</text>"));
    /* the first bar has source b's minute too: 9 + 1 minutes of 2 migrated, 1 dropped */
    assert_non_null(strstr(timeline, "<title>2023-03-28 10:40 to 2023-03-28 10:48 UTC: 20 "
                                     "migrated, 10 dropped, 0 conflict</title>"));
    free(timeline);
    char *top = svg_part(out.data, 1);
    assert_int_equal(occurrences(top, "<g><title>"), 10);
    assert_true(after(top, ">a: db.t11<") < after(top, ">a: db.t02<"));
    assert_null(strstr(top, "db.t01"));
    free(top);
    assert_int_equal(python_check(html_script, &out), 0);
    bs_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_exact),
        cmocka_unit_test(test_json_empty),
        cmocka_unit_test(test_json_escaping_and_errors),
        cmocka_unit_test(test_text_headline_and_sections),
        cmocka_unit_test(test_text_tables),
        cmocka_unit_test(test_text_rules),
        cmocka_unit_test(test_text_colour),
        cmocka_unit_test(test_text_two_sources),
        cmocka_unit_test(test_text_empty_and_error),
        cmocka_unit_test(test_text_cap_and_control_bytes),
        cmocka_unit_test(test_html_page),
        cmocka_unit_test(test_html_escaping),
        cmocka_unit_test(test_html_empty),
        cmocka_unit_test(test_html_long_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
