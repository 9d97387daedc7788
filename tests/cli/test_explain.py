#!/usr/bin/env python3
"""`binsift explain` as a user drives it, on the worked decisions of
dm-rules.md §13 (task A: shard tables routed into one target, a delete
filter, a BA list) and §5.4/§6 examples, in text and JSON.

Tasks are written into a temporary directory; each case is a function
named case_* (see harness.py).
"""
import json
import os
import sys

from harness import binsift, expect, run_cases

HEAD = """\
task-mode: incremental
target-database:
  host: 127.0.0.1
  port: 4000
mysql-instances:
  - source-id: s1
    block-allow-list: ba
"""

TASK_A = "name: task-a\n" + HEAD + """\
    route-rules: [orders, shop, pin]
    filter-rules: [no-delete, stop-truncate, err-upd]
    expression-filters: [even]
block-allow-list:
  ba:
    do-dbs: ["shop_*", "expr"]
routes:
  orders:
    schema-pattern: "shop_*"
    table-pattern: "order_*"
    target-schema: shop
    target-table: orders
    extract-table:
      table-regexp: "order_(.*)"
      target-column: c_table
  shop:
    schema-pattern: "shop_*"
    target-schema: shop
  pin:
    schema-pattern: "shop_1"
    table-pattern: "order_3"
    target-schema: x
    target-table: y
filters:
  no-delete:
    schema-pattern: "shop_*"
    table-pattern: "order_*"
    events: ["delete", "truncate table"]
    action: Ignore
  stop-truncate:
    schema-pattern: "shop_*"
    table-pattern: "audit"
    events: ["update"]
    action: Error
  err-upd:
    schema-pattern: "shop_9"
    events: ["all dml"]
    action: ignore
expression-filter:
  even:
    schema: expr
    table: t
    insert-value-expr: "c % 2 = 0"
"""

# Task A of §13 for DDL: a filter that also lists `modify column`.
TASK_DDL = "name: task-ddl\n" + HEAD + """\
    route-rules: [orders, shop]
    filter-rules: [no-delete]
block-allow-list:
  ba:
    do-dbs: ["shop_*"]
routes:
  orders:
    schema-pattern: "shop_*"
    table-pattern: "order_*"
    target-schema: shop
    target-table: orders
  shop:
    schema-pattern: "shop_*"
    target-schema: shop
filters:
  no-delete:
    schema-pattern: "shop_*"
    table-pattern: "order_*"
    events: ["delete", "truncate table", "modify column"]
    action: Ignore
"""

SCHEMA_SQL = """\
-- MariaDB dump 10.19
/*!40101 SET @saved_cs_client = @@character_set_client */;
CREATE TABLE `order_3` (
  `id` int NOT NULL,
  `a` int DEFAULT NULL,
  `note` varchar(20) DEFAULT ';',
  PRIMARY KEY (`id`)
);
CREATE TABLE `other` (`a` bigint);
"""

TASK = ""
DDL = ""
SCHEMA = ""


def setup(tmp):
    global TASK, DDL, SCHEMA
    TASK, DDL, SCHEMA = (os.path.join(tmp, n) for n in ("task-a.yaml", "task-ddl.yaml", "s.sql"))
    for path, text in ((TASK, TASK_A), (DDL, TASK_DDL), (SCHEMA, SCHEMA_SQL)):
        with open(path, "w") as f:
            f.write(text)


def explain_sql(sql, *args):
    """Explain a QUERY text against TASK_DDL in JSON."""
    rc, out, err = binsift("explain", "-c", DDL, "--format", "json", "--sql", sql, *args)
    expect(rc == 0, "explain --sql %r: exit %d: %s" % (sql, rc, err))
    return json.loads(out)


def explain(*args):
    """Run explain in JSON; returns (verdicts by event, the whole object)."""
    rc, out, err = binsift("explain", "-c", TASK, "--format", "json", *args)
    expect(rc == 0, "explain %s: exit %d: %s" % (" ".join(args), rc, err))
    doc = json.loads(out)
    return {v["event"]: v for v in doc["verdicts"]}, doc


def case_migrated_through_the_table_route():
    v, doc = explain("shop_2.order_3", "--event", "insert")
    expect(v["insert"]["verdict"] == "migrated", v)
    expect("`shop`.`orders` as INSERT" in v["insert"]["detail"], v)
    route = doc["route"]
    expect(route["rule"] == "orders" and route["extract_table"] == "3", route)
    expect(route["target_table"] == "orders" and not route["ambiguous"], route)


def case_delete_dropped_by_filter():
    v, _ = explain("shop_2.order_3", "--event", "delete")
    expect(v["delete"]["verdict"] == "dropped", v)
    expect(v["delete"]["step"] == "binlog-filter" and v["delete"]["rule"] == "no-delete", v)
    expect(v["delete"]["line"] == 33, v)


def case_schema_route_keeps_table_name():
    v, doc = explain("shop_1.customer")
    expect(all(v[k]["verdict"] == "migrated" for k in ("insert", "update", "delete")), v)
    expect(doc["route"]["rule"] == "shop", doc["route"])
    expect("`shop`.`customer`" in v["insert"]["detail"], v)


def case_ba_list_and_system_schema():
    v, doc = explain("crm.x", "--event", "insert")
    expect(v["insert"]["verdict"] == "dropped" and v["insert"]["step"] == "block-allow-list", v)
    expect(not any(s["step"] == "route" for s in doc["steps"]), "no route after a BA drop")
    v, _ = explain("mysql.user", "--event", "insert")
    expect(v["insert"]["step"] == "system-schema", v)


def case_ambiguous_route_keeps_upstream_name():
    v, doc = explain("shop_1.order_3", "--event", "insert")
    expect(doc["route"]["ambiguous"], doc["route"])
    expect("`shop_1`.`order_3`" in v["insert"]["detail"], v)
    rc, out, _ = binsift("explain", "-c", TASK, "shop_1.order_3")
    expect(rc == 0 and "route is ambiguous" in out, out)


def case_error_action_stops_the_task():
    v, _ = explain("shop_2.audit", "--event", "update")
    expect(v["update"]["verdict"] == "error" and v["update"]["dm_code"] == 36015, v)
    expect("event update on `shop_2`.`audit`" in v["update"]["detail"], v)


def case_discarded_rule_does_nothing():
    """err-upd's action `ignore` is not exactly Ignore: DM drops the rule at
    load and says nothing; explain warns and the rows are migrated."""
    rc, out, err = binsift("explain", "-c", TASK, "shop_9.t", "--event", "insert")
    expect(rc == 0 and "migrated" in out, out)
    expect("err-upd" in err and "dropped by DM at load" in err, err)
    expect(err.count("err-upd") == 1, "warned once: " + err)


def case_expression_filter_on_rows():
    """§13: c % 2 = 0 on c = 1, 2, NULL -> migrated, dropped, migrated."""
    outcomes = []
    for row in ("c=1", "c=2", "c=NULL"):
        v, _ = explain("expr.t", "--event", "insert", "--row", row)
        outcomes.append(v["insert"]["verdict"])
    expect(outcomes == ["migrated", "dropped", "migrated"], outcomes)
    v, doc = explain("expr.t", "--event", "insert", "--row", "c=2")
    expect(v["insert"]["rule"] == "even" and v["insert"]["step"] == "expression-filter", v)
    exprs = [s["detail"] for s in doc["steps"] if s["step"] == "expression-filter"]
    expect(exprs == ['rule even: insert-value-expr "c % 2 = 0" = 1 -> skip'], exprs)


def case_row_typed_by_schema(tmp):
    """--schema gives --row its table's columns: names must be columns,
    missing ones are NULL, values take the columns' types."""
    schema = os.path.join(tmp, "expr.sql")
    open(schema, "w").write("CREATE TABLE expr.t (id INT PRIMARY KEY, c VARCHAR(10));\n")
    v, _ = explain("expr.t", "--event", "insert", "--row", "c=2", "--schema", schema)
    expect(v["insert"]["verdict"] == "dropped", "c=2 typed as VARCHAR: %s" % v["insert"])
    v, _ = explain("expr.t", "--event", "insert", "--row", "id=1", "--schema", schema)
    expect(v["insert"]["verdict"] == "migrated", "c NULL: NULL %% 2 = 0 is NULL: %s" % v["insert"])
    rc, out, err = binsift("explain", "-c", TASK, "expr.t", "--row", "x=1", "--schema", schema)
    expect(rc == 2 and "x" in err, "a name the table lacks: %d %s" % (rc, err))
    rc, out, err = binsift("explain", "-c", TASK, "expr.u", "--row", "c=1", "--schema", schema)
    expect(rc == 2 and "`expr`.`u`" in err, "a table the file lacks: %d %s" % (rc, err))


def case_expression_filter_without_row():
    v, _ = explain("expr.t", "--event", "insert")
    expect(v["insert"]["verdict"] == "depends-on-row", v)
    v, _ = explain("expr.t", "--event", "delete")
    expect(v["delete"]["verdict"] == "migrated", "the rule names inserts only: %s" % v)


def case_names_are_not_folded_for_expressions():
    v, _ = explain("Expr.T", "--event", "insert", "--row", "c=2")
    expect(v["insert"]["verdict"] == "migrated", v)


def case_text_output():
    rc, out, _ = binsift("explain", "-c", TASK, "shop_2.order_3")
    expect(rc == 0, out)
    for text in ("1. system schema", "2. block-allow list", "4. route", "5. binlog filter",
                 "rule no-delete (Ignore): event type matches -> Ignore",
                 "extract-table: column `c_table` = '3'"):
        expect(text in out, "missing %r in:\n%s" % (text, out))
    verdict = out[out.index("verdict"):]
    expect("delete  dropped" in verdict and "insert  migrated" in verdict, verdict)
    expect("\033[" not in out, "no colour when stdout is not a terminal")


def case_quoted_names():
    v, doc = explain("`shop_1`.`order.x`", "--event", "insert")
    expect(doc["table"] == "order.x" and doc["schema"] == "shop_1", doc)


def case_sql_drop_table_of_a_shard():
    """§13 A6: the merged table is dropped (shard-mode "" does not protect it)."""
    doc = explain_sql("DROP TABLE shop_2.order_1")
    st = doc["statements"]
    expect(doc["kind"] == "ddl" and len(st) == 1 and st[0]["fate"] == "migrated", doc)
    expect(st[0]["sql"] == "DROP TABLE IF EXISTS `shop`.`orders`", st)
    expect(st[0]["event"] == "drop table", st)


def case_sql_create_database_routed():
    """§13 A7."""
    st = explain_sql("CREATE DATABASE shop_9")["statements"]
    expect(st[0]["sql"] == "CREATE DATABASE IF NOT EXISTS `shop`", st)


def case_sql_split_alter_and_event_types():
    """§13 A8 and §5.3: ADD INDEX is `modify constraint`; specs are split."""
    st = explain_sql("ALTER TABLE shop_1.order_3 ADD INDEX i(a), DROP COLUMN b")["statements"]
    expect([s["event"] for s in st] == ["modify constraint", "drop column"], st)
    expect(st[0]["sql"] == "ALTER TABLE `shop`.`orders` ADD INDEX `i`(`a`)", st)
    expect(all(s["fate"] == "migrated" for s in st), st)
    expect(st[0]["tables"][0]["route"] == "orders", st[0]["tables"])


def case_sql_modify_needs_the_old_column():
    """Without the tracked table DM types MODIFY `alter table` (the filter
    listing `modify column` misses it); with the schema file, INT ->
    VARCHAR is `modify column`, which the filter drops, yet the tracker
    still applies it."""
    sql = "ALTER TABLE order_3 MODIFY a VARCHAR(10)"
    st = explain_sql(sql, "--db", "shop_1")["statements"]
    expect(st[0]["event"] == "alter table" and st[0]["fate"] == "migrated", st)
    doc = explain_sql(sql, "--db", "shop_1", "--schema", SCHEMA)
    st = doc["statements"]
    expect(st[0]["event"] == "modify column" and st[0]["fate"] == "dropped", st)
    expect(st[0]["rule"] == "no-delete" and st[0]["line"] == 24 and st[0]["tracked"], st)
    expect(doc["kind"] == "skipped", doc)


def case_sql_statement_dml_and_errors():
    doc = explain_sql("INSERT INTO shop_1.t VALUES (1)")
    expect(doc["kind"] == "skipped" and "rows are lost" in doc["skip"], doc)
    doc = explain_sql("ALTER TABLE shop_1.t ADD COLUMN")
    expect(doc["kind"] == "error" and doc["dm_code"] == 36067, doc)
    doc = explain_sql("SAVEPOINT x")
    expect(doc["kind"] == "skipped" and "built-in" in doc["skip"], doc)


def case_sql_text_output():
    rc, out, _ = binsift("explain", "-c", DDL, "--sql", "TRUNCATE TABLE shop_1.order_3")
    expect(rc == 0, out)
    for text in ("parse", "event type \"truncate table\"", "rule no-delete (Ignore)",
                 "dropped", "by binlog filter rule no-delete (line 24)"):
        expect(text in out, "missing %r in:\n%s" % (text, out))


def case_usage_errors(tmp):
    for args, text in ((["shop_1.t"], "-c TASK.yaml is required"),
                       (["-c", TASK], "exactly one SCHEMA.TABLE"),
                       (["-c", TASK, "noschema"], "expected SCHEMA.TABLE"),
                       (["-c", TASK, "--event", "upsert", "a.b"], "--event must be"),
                       (["-c", TASK, "--source", "s9", "a.b"], "no such mysql-instance"),
                       (["-c", TASK, "--row", "c", "expr.t"], "expected name=value"),
                       (["-c", TASK, "--sql", "DROP TABLE a.b", "a.b"], "--sql takes no"),
                       (["-c", TASK, "--db", "a", "a.b"], "--db goes with --sql"),
                       (["-c", TASK, "--sql", "DROP TABLE t", "--schema",
                         os.path.join(tmp, "none.sql")], "none.sql"),
                       (["-c", os.path.join(tmp, "missing.yaml"), "a.b"], "missing.yaml")):
        rc, _, err = binsift("explain", *args)
        expect(rc == 2 and text in err, "%s: exit %d, %r" % (args, rc, err))


def case_invalid_task_names_the_line(tmp):
    bad = os.path.join(tmp, "bad.yaml")
    with open(bad, "w") as f:
        f.write(TASK_A.replace("    do-dbs:", "    do-dbz:"))
    rc, _, err = binsift("explain", "-c", bad, "shop_1.t")
    expect(rc == 2 and "bad.yaml:14: field do-dbz not found" in err, "exit %d: %r" % (rc, err))


if __name__ == "__main__":
    sys.exit(run_cases(globals(), "binsift-explain-", setup))
