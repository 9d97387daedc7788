#!/usr/bin/env python3
"""`binsift check` as a user drives it, on examples/mariadb-bin.000001.

That binlog (tools/make-example.sh) holds, in order: CREATE DATABASE shop;
CREATE TABLE shop.customers and shop.orders (offsets 499, 836); one INSERT
of 3 customers; INSERT of 3 orders (one of them amount -5.00); UPDATE of one
customer; DELETE of the refund order; ALTER TABLE orders ADD COLUMN status;
INSERT of one order. Every case asserts exact counts from the --report
JSON, the --events lines or the --sql text, and the exit status (0 clean,
1 conflicts, 2 unusable input).
"""
import json
import os
import shutil
import sys

from harness import TASK_HEAD, binsift, expect, run_cases

EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "mariadb-bin.000001")

HEAD = TASK_HEAD + "  user: root\n  password: \"\"\n"

ROUTED = HEAD + """\
mysql-instances:
  - source-id: s1
    block-allow-list: shop
    route-rules: [orders]
    filter-rules: [no-delete]
%(extra_instance)s
block-allow-list:
  shop:
    do-dbs: ["shop"]
routes:
  orders:
    schema-pattern: "shop"
    table-pattern: "orders"
    target-schema: dw
    target-table: all_orders
filters:
  no-delete:
    schema-pattern: "shop"
    table-pattern: "orders"
    events: ["delete"]
    action: Ignore
%(extra)s
"""


def task(tmp, name, extra_instance="", extra=""):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(ROUTED % {"extra_instance": extra_instance, "extra": extra})
    return path


def check(tmp, task_path, *args):
    report = os.path.join(tmp, "report.json")
    if os.path.exists(report):
        os.unlink(report)
    rc, out, err = binsift("check", "-c", task_path, "--binlog", "s1=" + EXAMPLE,
                           "--report", report, *args)
    data = json.load(open(report)) if os.path.exists(report) else None
    return rc, out, err, data


def counts(c):
    return (c["events"], c["rows"])


def table(src, schema, name):
    for t in src["tables"]:
        if t["schema"] == schema and t["table"] == name:
            return t
    raise AssertionError("no table %s.%s in %s" % (schema, name, [
        (t["schema"], t["table"]) for t in src["tables"]]))


def line(t, event):
    for e in t["events"]:
        if e["event"] == event:
            return e
    return None


def case_routed_filtered(tmp):
    rc, out, err, r = check(tmp, task(tmp, "t.yaml"), "--sql", os.path.join(tmp, "out.sql"),
                            "--events", os.path.join(tmp, "ev.jsonl"))
    expect(rc == 0, "exit %d: %s" % (rc, err))
    src = r["sources"][0]
    v = src["verdicts"]
    # 4 DDL statements + 4 rows events (3+3+1+1 rows... the delete is dropped)
    expect(counts(v["migrated"]) == (8, 8), "migrated %s" % v["migrated"])
    expect(counts(v["dropped"]) == (1, 0), "dropped %s" % v["dropped"])
    expect(counts(v["conflict"]) == (0, 0), "conflict %s" % v["conflict"])
    orders = table(src, "shop", "orders")
    expect(orders["target_schema"] == "dw" and orders["target_table"] == "all_orders",
           "orders target %s" % orders)
    expect(counts(line(orders, "insert")["migrated"]) == (2, 4), "orders inserts")
    expect(counts(line(orders, "delete")["dropped"]) == (1, 0), "orders delete dropped")
    cust = table(src, "shop", "customers")
    expect(cust["route"] is None and cust["target_table"] == "customers", "customers %s" % cust)
    expect(counts(line(cust, "update")["migrated"]) == (1, 1), "customers update")
    hits = {(x["kind"], x["name"]): (x["events"], x["rows"]) for x in src["rules"]}
    expect(hits[("filter", "no-delete")] == (1, 0), "filter hits %s" % hits)
    expect(hits[("route", "orders")] == (4, 4), "route hits %s" % hits)
    sql = open(os.path.join(tmp, "out.sql")).read()
    expect(sql.count("INSERT INTO `dw`.`all_orders`") == 4, "orders inserts in sql:\n" + sql)
    expect("ALTER TABLE `dw`.`all_orders` ADD COLUMN `status`" in sql, "routed ALTER:\n" + sql)
    expect("CREATE TABLE IF NOT EXISTS `dw`.`all_orders`" in sql, "CREATE IF NOT EXISTS")
    expect("DELETE" not in sql, "a dropped DELETE reached the SQL")
    expect("UPDATE `shop`.`customers` SET" in sql and "WHERE `id` = 2 LIMIT 1" in sql,
           "UPDATE by primary key:\n" + sql)
    lines = [json.loads(x) for x in open(os.path.join(tmp, "ev.jsonl"))]
    expect(len(lines) == 13, "%d verdict lines" % len(lines))  # 8 rows + 4 DDL + 1 dropped
    dropped = [x for x in lines if x["verdict"] == "dropped"]
    expect(len(dropped) == 1 and dropped[0]["rule"] == "no-delete" and
           dropped[0]["step"] == "binlog filter" and dropped[0]["rows"] is None,
           "dropped line %s" % dropped)
    expect("OK: no conflicts" in out, "summary headline:\n" + out)


def case_safe_mode_replace(tmp):
    t = task(tmp, "safe.yaml", extra_instance="    syncer:\n      safe-mode: true")
    rc, out, err, r = check(tmp, t, "--sql", os.path.join(tmp, "safe.sql"))
    expect(rc == 0, "exit %d: %s" % (rc, err))
    sql = open(os.path.join(tmp, "safe.sql")).read()
    expect(sql.count("REPLACE INTO") == 8, "REPLACE per insert row and per update:\n" + sql)
    expect("INSERT INTO" not in sql and "UPDATE " not in sql, "no INSERT/UPDATE in safe mode")


def case_start_position(tmp):
    rc, out, err, r = check(tmp, task(tmp, "t.yaml"), "--start-position", "1100")
    expect(rc == 0, "exit %d: %s" % (rc, err))
    src = r["sources"][0]
    expect(counts(src["dropped_by_step"]["before start"]) == (3, 0), "before start %s" %
           src["dropped_by_step"])
    expect(counts(src["verdicts"]["migrated"]) == (5, 8), "migrated %s" % src["verdicts"])


def case_meta_position(tmp):
    t = task(tmp, "meta.yaml", extra_instance="    meta:\n      binlog-name: mariadb-bin.000001\n"
             "      binlog-pos: 1100")
    rc, out, err, r = check(tmp, t)
    expect(rc == 0, "exit %d: %s" % (rc, err))
    src = r["sources"][0]
    expect(src["start"].startswith("mariadb-bin.000001:1100"), "start %r" % src["start"])
    expect(counts(src["dropped_by_step"]["before start"]) == (3, 0), "before start")


def case_meta_file_missing(tmp):
    t = task(tmp, "meta2.yaml", extra_instance="    meta:\n      binlog-name: mariadb-bin.000007\n"
             "      binlog-pos: 4")
    rc, out, err, r = check(tmp, t)
    expect(rc == 2, "exit %d" % rc)
    expect("mariadb-bin.000007" in err and "meta2.yaml" in err and "line " in err,
           "error names the file and line: " + err)


def case_gtid_start(tmp):
    t = task(tmp, "gtid.yaml", extra_instance="    meta:\n      binlog-name: mariadb-bin.000001\n"
             "      binlog-pos: 4\n      binlog-gtid: \"0-1-4\"")
    source = os.path.join(tmp, "source.yaml")
    with open(source, "w") as f:
        f.write("source-id: s1\nenable-gtid: true\nflavor: mariadb\nfrom:\n  host: 127.0.0.1\n"
                "  port: 3306\n  user: root\n  password: \"\"\n")
    rc, out, err, r = check(tmp, t, "-s", source)
    expect(rc == 0, "exit %d: %s" % (rc, err))
    src = r["sources"][0]
    # transactions 0-1-1 .. 0-1-4: three DDL and the customers insert
    expect(counts(src["dropped_by_step"]["before start"]) == (4, 0), "before start %s" %
           src["dropped_by_step"])
    expect("0-1-4" in src["start"], "start %r" % src["start"])
    # without the source file (enable-gtid false) the GTID is ignored: file/pos 4
    rc, out, err, r = check(tmp, t)
    expect("before start" not in r["sources"][0]["dropped_by_step"], "no GTID start without "
           "enable-gtid")


DOWNSTREAM = """\
CREATE TABLE shop.customers (id INT UNSIGNED PRIMARY KEY, name VARCHAR(64) NOT NULL,
  email VARCHAR(128), tier ENUM('basic','gold') NOT NULL, created_at DATETIME(3) NOT NULL,
  loyalty INT DEFAULT 0);
CREATE TABLE dw.all_orders (id BIGINT PRIMARY KEY, customer_id INT UNSIGNED NOT NULL,
  amount DECIMAL(10,2) NOT NULL, note TEXT, placed_at TIMESTAMP(6) NOT NULL);
"""

UPSTREAM = """\
USE shop;
CREATE TABLE customers (id INT UNSIGNED PRIMARY KEY, name VARCHAR(64) NOT NULL,
  email VARCHAR(128), tier ENUM('basic','gold') NOT NULL, created_at DATETIME(3) NOT NULL);
"""


def case_downstream_more_columns(tmp):
    down = os.path.join(tmp, "down.sql")
    up = os.path.join(tmp, "up.sql")
    open(down, "w").write(DOWNSTREAM)
    open(up, "w").write(UPSTREAM)
    t = task(tmp, "t.yaml")
    rc, out, err, r = check(tmp, t, "--start-position", "1100", "--downstream-schema", down)
    expect(rc == 1, "exit %d: %s" % (rc, err))
    src = r["sources"][0]
    c = [x for x in src["conflicts"] if x["code"] == 36027]
    expect(len(c) == 1 and c[0]["table"] == "customers" and c[0]["count"] == 2,
           "one folded 36027 on customers (insert and update): %s" % src["conflicts"])
    expect("6 (columns) vs 5 (values)" in c[0]["message"], c[0]["message"])
    expect("binlog-schema update" in c[0]["fix"], c[0]["fix"])
    expect("DM-36027" in out or "36027" in out, "summary shows the code:\n" + out)
    cust = table(src, "shop", "customers")
    expect(counts(cust["verdicts"]["migrated"]) == (0, 0), "no customers row migrated")
    # orders starts from the downstream structure (5 columns, as upstream), which
    # the ALTER then extends: both inserts fit
    orders = table(src, "shop", "orders")
    expect(counts(line(orders, "insert")["migrated"]) == (2, 4), "orders inserts %s" % orders)
    # with the upstream structure given, customers migrate
    rc, out, err, r = check(tmp, t, "--start-position", "1100", "--downstream-schema", down,
                            "--schema", up)
    expect(rc == 0, "exit %d with --schema: %s\n%s" % (rc, err, out))
    cust = table(r["sources"][0], "shop", "customers")
    expect(counts(cust["verdicts"]["migrated"]) == (2, 4), "customers migrated %s" % cust)


def case_expression_filter(tmp):
    t = task(tmp, "expr.yaml", extra_instance="    expression-filters: [refunds]",
             extra="expression-filter:\n  refunds:\n    schema: shop\n    table: orders\n"
                   "    insert-value-expr: \"amount < 0\"\n")
    rc, out, err, r = check(tmp, t)
    expect(rc == 0, "exit %d: %s" % (rc, err))
    orders = table(r["sources"][0], "shop", "orders")
    ins = line(orders, "insert")
    expect(counts(ins["migrated"]) == (2, 3) and counts(ins["dropped"]) == (1, 1),
           "one refund row dropped: %s" % ins)
    hits = {x["name"]: (x["events"], x["rows"]) for x in r["sources"][0]["rules"]}
    expect(hits["refunds"] == (1, 1), "expression filter hits %s" % hits)


def case_ddl_recompiles_expression(tmp):
    """A DDL changes what a table's cached work depends on: the expression
    `status = 'paid'` names a column only the ALTER adds. Before it the
    column does not resolve (DM: constant FALSE, nothing skipped); after it
    the expression is compiled again and skips the paid order."""
    t = task(tmp, "paid.yaml", extra_instance="    expression-filters: [unpaid-only]",
             extra="expression-filter:\n  unpaid-only:\n    schema: shop\n    table: orders\n"
                   "    insert-value-expr: \"status = 'paid'\"\n")
    rc, out, err, r = check(tmp, t, "--events", os.path.join(tmp, "paid.jsonl"))
    expect(rc == 0, "exit %d: %s" % (rc, err))
    ins = line(table(r["sources"][0], "shop", "orders"), "insert")
    expect(counts(ins["migrated"]) == (1, 3) and counts(ins["dropped"]) == (1, 1),
           "before the ALTER all 3 rows pass, after it the paid one is dropped: %s" % ins)
    dropped = [json.loads(x) for x in open(os.path.join(tmp, "paid.jsonl"))
               if '"expression filter"' in x]
    expect(len(dropped) == 1 and dropped[0]["position"] > 2925, "dropped after the ALTER")


MERGE = HEAD + """\
mysql-instances:
  - source-id: s1
    route-rules: [all]
routes:
  all:
    schema-pattern: "shop"
    table-pattern: "*"
    target-schema: shop
    target-table: merged
%s"""

EXTRACT = """\
    extract-table:
      table-regexp: "(.*)"
      target-column: c_table
"""


def case_key_collisions(tmp):
    """customers and orders (ids 1-3 each) merged into one table: the orders
    INSERT hits customers' keys (1062 in normal mode), the customers UPDATE
    of id 2 and the orders DELETE of id 2 change the other table's row."""
    t = os.path.join(tmp, "merge.yaml")
    open(t, "w").write(MERGE % "")
    rc, out, err, r = check(tmp, t, "--events", os.path.join(tmp, "keys.jsonl"))
    expect(rc == 1, "exit %d: %s" % (rc, err))
    src = r["sources"][0]
    c = src["conflicts"]
    expect([(x["code"], x["table"], x["count"]) for x in c] ==
           [(1062, "orders", 1), (0, "customers", 1), (0, "orders", 1)], "conflicts %s" % c)
    expect("duplicate key (`id`=1)" in c[0]["message"] and "`shop`.`customers`" in c[0]["message"]
           and "1062" in c[0]["message"], c[0]["message"])
    expect("this UPDATE changes that row" in c[1]["message"], c[1]["message"])
    expect("this DELETE changes that row" in c[2]["message"], c[2]["message"])
    ins = line(table(src, "shop", "orders"), "insert")
    expect(counts(ins["conflict"]) == (1, 3) and counts(ins["migrated"]) == (1, 1),
           "3 colliding rows, the 4th order is new: %s" % ins)
    expect(src["keys_live"] == 3, "live keys: ids 1, 3, 4 (2 deleted) %s" % src["keys_live"])
    lines = [json.loads(x) for x in open(os.path.join(tmp, "keys.jsonl"))]
    steps = {x["step"] for x in lines if x["verdict"] == "conflict"}
    expect(steps == {"key collision"}, "conflict steps %s" % steps)
    # safe mode: the INSERTs become silent overwrites (no DM error code)
    safe = os.path.join(tmp, "merge-safe.yaml")
    open(safe, "w").write((MERGE % "").replace("    route-rules: [all]\n",
                          "    route-rules: [all]\n    syncer:\n      safe-mode: true\n"))
    rc, out, err, r = check(tmp, safe)
    c = r["sources"][0]["conflicts"]
    expect(rc == 1 and c[0]["code"] == 0 and "silently overwrites" in c[0]["message"],
           "safe mode: %s" % c)
    # key checking off
    rc, out, err, r = check(tmp, t, "--max-keys", "0")
    expect(rc == 0 and r["sources"][0]["keys_live"] == 0, "--max-keys 0: %d" % rc)


def case_key_cap(tmp):
    t = os.path.join(tmp, "merge.yaml")
    open(t, "w").write(MERGE % "")
    rc, out, err, r = check(tmp, t, "--max-keys", "2")
    src = r["sources"][0]
    expect(src["keys_capped"] and src["keys_live"] == 2, "capped at 2: %s" % src["keys_live"])
    expect(any(n["kind"] == "keys-capped" for n in r["notes"]), "a note says so: %s" % r["notes"])
    expect("stopped at --max-keys" in out, "the summary says so:\n" + out)


def case_extract_column_in_key_no_collision(tmp):
    """The same merge with extract-table into a downstream key (id, c_table):
    shards' keys differ, as in DM; with PRIMARY KEY (id) alone they collide."""
    t = os.path.join(tmp, "merge-x.yaml")
    open(t, "w").write(MERGE % EXTRACT)
    down = os.path.join(tmp, "merged.sql")
    table_sql = ("CREATE TABLE shop.merged (id BIGINT NOT NULL, a VARCHAR(64), b VARCHAR(128), "
                 "c VARCHAR(20), d DATETIME(6), c_table VARCHAR(64) NOT NULL, PRIMARY KEY (%s));\n")
    open(down, "w").write(table_sql % "id, c_table")
    rc, out, err, r = check(tmp, t, "--start-position", "1100", "--downstream-schema", down)
    expect(rc == 0 and not r["sources"][0]["conflicts"], "no collision: %d %s" % (rc, out))
    expect(r["sources"][0]["keys_live"] == 6, "keys %d" % r["sources"][0]["keys_live"])
    open(down, "w").write(table_sql % "id")
    rc, out, err, r = check(tmp, t, "--start-position", "1100", "--downstream-schema", down)
    expect(rc == 1 and r["sources"][0]["conflicts"][0]["code"] == 1062, "collision: %s" % out)


def case_downstream_rejects_statements(tmp):
    """The target cannot take what DM writes: a filtered ADD COLUMN leaves it
    without `status` (1054 on the next insert); a downstream NOT NULL column
    without default that DM never sends fails every insert (1364)."""
    # (a pattern of its own: DM discards a rule repeating another's patterns)
    t = task(tmp, "noalter.yaml",
             extra="  no-alter:\n    schema-pattern: \"shop\"\n    table-pattern: \"order*\"\n"
                   "    events: [\"alter table\", \"add column\"]\n    action: Ignore\n")
    text = open(t).read().replace("filter-rules: [no-delete]", "filter-rules: [no-delete, no-alter]")
    open(t, "w").write(text)
    rc, out, err, r = check(tmp, t)
    c = r["sources"][0]["conflicts"]
    expect(rc == 1 and [(x["code"], x["table"], x["count"]) for x in c] == [(1054, "orders", 1)],
           "1054 after the filtered ADD COLUMN: %s" % c)
    expect("no column `status`" in c[0]["message"], c[0]["message"])
    down = os.path.join(tmp, "down1364.sql")
    open(down, "w").write("CREATE TABLE shop.customers (id INT UNSIGNED PRIMARY KEY, name "
                          "VARCHAR(64) NOT NULL, email VARCHAR(128), tier ENUM('basic','gold') "
                          "NOT NULL, created_at DATETIME(3) NOT NULL, region CHAR(2) NOT NULL);\n")
    rc, out, err, r = check(tmp, task(tmp, "t.yaml"), "--downstream-schema", down)
    c = r["sources"][0]["conflicts"]
    expect(rc == 1 and [(x["code"], x["table"]) for x in c] == [(1364, "customers")],
           "1364 for the customers insert only (not the update): %s" % c)
    cust = table(r["sources"][0], "shop", "customers")
    expect(counts(line(cust, "insert")["conflict"]) == (1, 3) and
           counts(line(cust, "update")["migrated"]) == (1, 1), "customers %s" % cust)


def case_filter_error_conflict(tmp):
    t = task(tmp, "err.yaml",
             extra="  stop-updates:\n    schema-pattern: \"shop\"\n    table-pattern: \"customers\"\n"
                   "    events: [\"update\"]\n    action: Error\n")
    with open(t) as f:
        text = f.read().replace("filter-rules: [no-delete]", "filter-rules: [no-delete, stop-updates]")
    open(t, "w").write(text)
    rc, out, err, r = check(tmp, t)
    expect(rc == 1, "exit %d: %s" % (rc, err))
    c = r["sources"][0]["conflicts"]
    expect(len(c) == 1 and c[0]["code"] == 36015 and c[0]["rule"] == "stop-updates", "%s" % c)


def case_two_sources_deterministic(tmp):
    text = open(task(tmp, "two.yaml")).read().replace(
        "mysql-instances:\n", "mysql-instances:\n  - source-id: s2\n    block-allow-list: shop\n")
    t = os.path.join(tmp, "two.yaml")
    open(t, "w").write(text)
    outs = []
    for i in range(2):
        ev = os.path.join(tmp, "two%d.jsonl" % i)
        rc, out, err = binsift("check", "-c", t, "--binlog", "s2=" + EXAMPLE, "--binlog",
                               "s1=" + EXAMPLE, "--events", ev, "--color", "never")
        expect(rc == 0, "exit %d: %s" % (rc, err))
        outs.append((out, open(ev).read()))
    expect(outs[0] == outs[1], "two runs differ")
    sources = [json.loads(x)["source"] for x in outs[0][1].splitlines()]
    first_s1 = sources.index("s1")
    expect(all(s == "s2" for s in sources[:first_s1]) and
           all(s == "s1" for s in sources[first_s1:]), "verdicts in --binlog order")


def case_unusable_inputs(tmp):
    t = task(tmp, "t.yaml")
    broken = os.path.join(tmp, "broken.000001")
    data = open(EXAMPLE, "rb").read()
    open(broken, "wb").write(data[:2000])
    rc, out, err = binsift("check", "-c", t, "--binlog", "s1=" + broken)
    expect(rc == 2 and "broken.000001" in err and "offset" in err, "truncated: %d %s" % (rc, err))
    rc, out, err = binsift("check", "-c", t, "--binlog", "s1=" + os.path.join(tmp, "nope"))
    expect(rc == 2 and "nope" in err, "missing file: %d %s" % (rc, err))
    rc, out, err = binsift("check", "-c", t, "--binlog", "s9=" + EXAMPLE)
    expect(rc == 2 and "s9" in err, "unknown source: %d %s" % (rc, err))
    bad = os.path.join(tmp, "bad.yaml")
    open(bad, "w").write(HEAD + "mysql-instances:\n  - source-id: s1\n    route-rules: [nope]\n")
    rc, out, err = binsift("check", "-c", bad, "--binlog", "s1=" + EXAMPLE)
    expect(rc == 2 and "bad.yaml:" in err and "nope" in err,
           "bad task: %d %s" % (rc, err))
    rc, out, err = binsift("check", "-c", t)
    expect(rc == 2 and "--binlog" in err, "no --binlog: %d %s" % (rc, err))
    rc, out, err = binsift("check", "--help")
    expect(rc == 0 and "--downstream-schema" in out, "help")


def case_stop_position(tmp):
    rc, out, err, r = check(tmp, task(tmp, "t.yaml"), "--stop-position", "1100")
    expect(rc == 0, "exit %d: %s" % (rc, err))
    src = r["sources"][0]
    expect(counts(src["verdicts"]["migrated"]) == (3, 0), "only the three DDL: %s" %
           src["verdicts"])


def case_html(tmp):
    page = os.path.join(tmp, "r.html")
    rc, out, err, r = check(tmp, task(tmp, "t.yaml"), "--html", page)
    expect(rc == 0, "exit %d: %s" % (rc, err))
    html = open(page).read()
    expect(html.startswith("<!DOCTYPE html>") and "<svg" in html and "all_orders" in html,
           "self-contained page with charts")
    expect("<script src" not in html and "http://" not in html.replace(
        "http://www.w3.org/2000/svg", ""), "no external resources")


def case_initial_safe_mode(tmp):
    """--initial-safe-mode: DM's automatic safe mode after a start, in binlog time."""
    sql = os.path.join(tmp, "window.sql")
    rc, out, err, r = check(tmp, task(tmp, "t.yaml"), "--initial-safe-mode", "60", "--sql", sql)
    expect(rc == 0, "exit %d: %s" % (rc, err))
    text = open(sql).read()
    # every event of the example is in its first minute: 7 inserted rows and
    # the update (its key unchanged) become REPLACE
    expect(text.count("REPLACE INTO") == 8 and "INSERT INTO" not in text, text)
    rc, out, err = binsift("check", "-c", task(tmp, "t.yaml"), "--binlog", "s1=" + EXAMPLE,
                           "--initial-safe-mode", "-1")
    expect(rc == 2 and "--initial-safe-mode" in err, "bad value: %d %s" % (rc, err))


def case_datetimes(tmp):
    """Every event of the example is at 2026-01-01 00:00:00 UTC."""
    os.environ["TZ"] = "UTC"
    rc, out, err, r = check(tmp, task(tmp, "t.yaml"), "--start-datetime", "2026-01-01 00:00:01")
    expect(rc == 0, "exit %d: %s" % (rc, err))
    src = r["sources"][0]
    expect(counts(src["dropped_by_step"]["before start"]) == (9, 0) and
           counts(src["verdicts"]["migrated"]) == (0, 0), "all before the start: %s" % src)
    rc, out, err, r = check(tmp, task(tmp, "t.yaml"), "--start-datetime", "2026-01-01 00:00:00")
    expect(counts(r["sources"][0]["verdicts"]["migrated"]) == (8, 8), "none before the start")
    rc, out, err, r = check(tmp, task(tmp, "t.yaml"), "--stop-datetime", "2026-01-01 00:00:00")
    src = r["sources"][0]
    expect(rc == 0 and src["events"] == 0 and "--stop-datetime" in src["stop"],
           "stopped at the first event: %s" % src)
    rc, out, err = binsift("check", "-c", task(tmp, "t.yaml"), "--binlog", "s1=" + EXAMPLE,
                           "--start-datetime", "yesterday")
    expect(rc == 2 and "YYYY-MM-DD" in err, "bad datetime: %d %s" % (rc, err))


def case_broken_inputs(tmp):
    """Every deliberately broken binlog of tests/data/broken, with a task that
    migrates (so decodes) everything: check exits 2 (naming the file) exactly
    when decode -v cannot read it, else 0 or 1; never a crash or a sanitizer
    report. One difference is DM's: a rows event without its TABLE_MAP, which
    decode skips, is where DM's binlog reader fails, so check cannot go on."""
    broken = os.path.join(os.path.dirname(__file__), "..", "data", "broken")
    t = os.path.join(tmp, "all.yaml")
    open(t, "w").write(HEAD + "mysql-instances:\n  - source-id: s1\n")
    problems = []
    for name in sorted(os.listdir(broken)):
        if not name.endswith(".bin"):
            continue
        path = os.path.join(broken, name)
        rc, out, err = binsift("check", "-c", t, "--binlog", "s1=" + path)
        drc, _, _ = binsift("decode", "-v", path)
        if "without-table-map" in name:
            drc = 2 if "without a TABLE_MAP" in err else drc
        if (rc == 2) != (drc != 0) or rc not in (0, 1, 2) or (rc == 2 and name not in err):
            problems.append("%s: check %d, decode -v %d: %s" % (name, rc, drc, err[:200]))
    expect(not problems, "\n".join(problems))


def case_fast_path_never_decodes(tmp):
    """Rows of tables the BA list drops are counted per event, never decoded."""
    text = open(task(tmp, "t.yaml")).read().replace('do-dbs: ["shop"]', 'do-dbs: ["crm"]')
    t = os.path.join(tmp, "drop.yaml")
    open(t, "w").write(text)
    rc, out, err, r = check(tmp, t)
    expect(rc == 0, "exit %d: %s" % (rc, err))
    src = r["sources"][0]
    expect(src["rows_decoded"] == 0, "rows decoded: %d" % src["rows_decoded"])
    # 5 rows events and 4 DDL statements, all dropped by the BA list
    expect(counts(src["dropped_by_step"]["block-allow list"]) == (9, 0),
           "BA drops %s" % src["dropped_by_step"])
    expect(counts(src["verdicts"]["migrated"]) == (0, 0), "nothing migrated")


def case_readme_example(tmp):
    """The README's first command runs check on the bundled example."""
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    rc, out, err = binsift("check", "-c", os.path.join(root, "examples", "check-task.yaml"),
                           "--binlog", "mysql-01=" + EXAMPLE)
    expect(rc == 0 and "OK: no conflicts" in out, "exit %d: %s%s" % (rc, out, err))
    expect("expression-filter no-refunds" in out, "rule hits listed:\n" + out)


if __name__ == "__main__":
    sys.exit(run_cases(globals(), "binsift-check-"))
