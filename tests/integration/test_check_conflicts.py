#!/usr/bin/env python3
"""test_check_conflicts.py - `binsift check` conflicts of issue 5 on real
MariaDB servers, with exact expected findings, and the same traffic without
the conflict reporting none.

Each scenario starts a throwaway server (tools/mariadb-sandbox.sh), runs the
annotated traffic of tests/integration/check/conflicts-*.sql, runs `binsift
check` with a DM task from the same folder, and compares the --report JSON
and the --events JSONL with what the annotations say (check_harness.py says
how). Where DM's behaviour comes from: dm-rules.md §4 (extract columns), §8
(schema tracker, 36027), §9.1 (shard-mode ""), §10 (key conflicts).

  keys             shop_1.orders and shop_2.orders (AUTO_INCREMENT ids from 1
                   in both) merged into shop.orders (conflicts-keys.sql):
                   INSERTs of the other shard's ids are Error 1062, an UPDATE
                   moving a row onto the other shard's key too, an UPDATE or
                   DELETE of a key the other shard's row holds is silent
                   corruption (no code); each conflict row names the key, the
                   table that wrote it and where. Under `safe-mode: true`
                   every one of them is a silent overwrite (no code).
  keys_extract     the same traffic with extract-table (c_table) and
                   extract-schema (c_schema) appended as the last columns of
                   the downstream table, the replay starting after the CREATE
                   TABLEs so that the tracker takes the downstream structure
                   (DM skips no column then: 3 + 2 values into 5 columns).
                   PRIMARY KEY (id, c_schema): no collision. PRIMARY KEY (id,
                   c_table): both tables are named orders, so exactly the
                   collisions of `keys`, with c_table's value in the key. And
                   from the start of the binlog: the tracker holds the
                   upstream CREATE TABLE (3 columns) while DM sends 5 values:
                   every rows event is 36027.
  keys_offsets     the same shards with auto_increment_increment 2 and offsets
                   1 / 2: no collision, exit 0.
  filtered_delete  app.sessions with its DELETEs filtered: re-inserting a
                   deleted key is Error 1062 (the row is still downstream);
                   none under safe mode (the REPLACE restores the upstream
                   row) nor when the filter never fires.
  merged_ddl       shard-mode "" with shop_1.orders and shop_2.orders merged
                   (and shop_*.orders_log): DROP TABLE / TRUNCATE TABLE / DROP
                   DATABASE of one shard are run on the merged table (everyone's
                   rows go), an ALTER ... DROP COLUMN of one shard breaks the
                   other shard's rows; a TRUNCATE of a table nobody else writes
                   into is fine. When a binlog filter drops those DDLs they are
                   no conflict - but then the TRUNCATE leaves the rows
                   downstream and re-inserting their keys is Error 1062.

Arguments name the scenarios to run (default: all). Exit 0 when binsift
agrees with every expectation, 1 otherwise (each discrepancy is printed), 77
(skipped) without a MariaDB server. Needs BINSIFT; BINSIFT_CHECK_KEEP=1 keeps
the servers' files and binsift's outputs (their folder is printed).
"""
import os
import sys

from check_harness import (Expect, Server, SourceExpect, Traffic, binlog_events, binsift_check,
                           server_with,
                           check_run, data_path, main_wrapper, read_data, rule_lines,
                           task_from_template)

SHOP_RULES = {"orders": "route", "shop-schemas": "route"}


def expect_as(e, verdict, *opts):
    """e with another verdict (same event, table and rows), keeping its route
    rule and target when the event still reaches DM's row handling."""
    name = e.schema + ("." + e.table if e.table else "")
    words = [name, e.event, verdict, "rows=%d" % e.rows] + list(opts)
    if verdict != "dropped":
        if e.rule and e.step != "binlog filter":
            words.append("rule=" + e.rule)
        if e.target:
            words.append("target=" + ".".join(x for x in e.target if x))
    return Expect(words, e.where)


def conflicts_migrate(e):
    return expect_as(e, "migrated") if e.verdict == "conflict" else e


def safe_mode(e):
    """Under safe mode every key collision is a silent overwrite: no code."""
    if e.verdict == "conflict" and e.step == "key collision":
        return expect_as(e, "conflict", "step=key collision")
    return e


def shop_run(fd, binsift, tmp, server, traffic, label, task, extra, start_mark, change, rc,
             rules=SHOP_RULES, task_template="conflicts-keys-task.yaml"):
    files = server.binlog_files()
    run = binsift_check(binsift, tmp, ["-c", task, "--binlog", "shop=" + server.binlog_dir()] +
                        extra, label)
    sx = SourceExpect("shop", traffic.expected(start_mark, change), rules,
                      rule_lines(read_data(task_template)))
    check_run(fd, run, label, [(sx, files)], rc)
    return run, sx


# The conflict rows of conflicts-keys.sql in binlog order: (data event
# index, key, the upstream table whose row holds the key, the data event that
# wrote it, what DM does in normal mode, under safe mode). Data events 0-3
# are the CREATE statements.
INSERT_1062 = ("Error 1062", "silently overwrites")
CHANGES = ("changes that row instead", "changes that row instead")
KEY_ROWS = [
    (5, "`id`=1", "shop_1", 4, INSERT_1062),
    (5, "`id`=2", "shop_1", 4, INSERT_1062),
    (6, "`id`=3", "shop_1", 4, INSERT_1062),
    (8, "`id`=4", "shop_2", 7, INSERT_1062),
    (10, "`id`=3", "shop_2", 6, CHANGES),     # the UPDATE of shop_1's row 3
    (11, "`id`=1", "shop_2", 5, CHANGES),     # the DELETE of shop_1's row 1
    (13, "`id`=50", "shop_1", 9, INSERT_1062),  # shop_2's UPDATE onto key 50
]


def key_details(fd, label, run, files, key_suffix="", safe=False):
    """Every conflict row of --events names its key, the table that holds it
    and the event that wrote it, and says what DM does."""
    _, data = binlog_events(files)
    got = [v for v in run.events or [] if v.get("verdict") == "conflict"]
    if not fd.equal(label + ": conflict rows in --events", len(got), len(KEY_ROWS)):
        return
    for v, (i, key, origin, by, says) in zip(got, KEY_ROWS):
        d, w = data[i], data[by]
        where = "%s: conflict row at %s:%d" % (label, os.path.basename(d.file), d.pos)
        fd.equal(where + " position", v.get("position"), d.pos)
        detail = str(v.get("detail"))
        for word in ("(%s%s)" % (key, key_suffix), "`%s`.`orders`" % origin,
                     "%s:%d" % (os.path.basename(w.file), w.pos), says[1 if safe else 0]):
            if word not in detail:
                fd.add("%s: the detail does not say %r: %r" % (where, word, detail))


def keys(binsift, tmp, fd):
    with server_with(tmp, "shop", 11, "conflicts-keys.sql") as (server, traffic):
        files = server.binlog_files()
        # (a) normal mode: 1062 where an INSERT or UPDATE writes a held key.
        task = task_from_template(tmp, "conflicts-keys-task.yaml",
                                  {"BINLOG_POS": 4, "SAFE_MODE": "false"})
        run, sx = shop_run(fd, binsift, tmp, server, traffic, "normal mode", task, [], None,
                           None, 1)
        key_details(fd, "normal mode", run, files)
        if "1062" not in run.stdout:
            fd.add("normal mode: the text summary on stdout does not show 1062")
        # (b) safe mode: the same collisions, all silent overwrites.
        task = task_from_template(tmp, "conflicts-keys-task.yaml",
                                  {"BINLOG_POS": 4, "SAFE_MODE": "true"})
        run, _ = shop_run(fd, binsift, tmp, server, traffic, "safe mode", task, [], None,
                          safe_mode, 1)
        key_details(fd, "safe mode", run, files, safe=True)
        return "%d conflict events (%d rows)" % (sx.verdicts["conflict"]["events"],
                                                 sx.verdicts["conflict"]["rows"])


def tracker_mismatch(e):
    """DM's tracker holds the upstream CREATE TABLE (3 columns) while the
    rows carry 3 values + 2 extract values: 36027 on every rows event."""
    if e.event in ("insert", "update", "delete") and e.verdict != "dropped":
        return expect_as(e, "conflict", "step=schema tracker", "code=36027")
    return e


def keys_extract(binsift, tmp, fd):
    with server_with(tmp, "shop", 12, "conflicts-keys.sql") as (server, traffic):
        files = server.binlog_files()
        tpl = "conflicts-keys-extract-task.yaml"
        down_schema = ["--downstream-schema", data_path("conflicts-keys-downstream-schema.sql")]
        down_table = ["--downstream-schema", data_path("conflicts-keys-downstream-table.sql")]
        task = task_from_template(tmp, tpl, {"BINLOG_POS": traffic.marks["start"][1]})
        # (a) c_schema in the key: shop_1's (1, '1') is not shop_2's (1, '2').
        shop_run(fd, binsift, tmp, server, traffic, "key (id, c_schema)", task, down_schema,
                 "start", conflicts_migrate, 0, task_template=tpl)
        # (b) c_table in the key: 'orders' for both shards, the same collisions.
        run, _ = shop_run(fd, binsift, tmp, server, traffic, "key (id, c_table)", task,
                          down_table, "start", None, 1, task_template=tpl)
        key_details(fd, "key (id, c_table)", run, files, key_suffix=", `c_table`='orders'")
        # (c) from the first event: DM's tracker gets the upstream CREATE
        # TABLEs, which lack the extract columns (dm/syncer/dml.go checks the
        # values, extract values included, against the tracked columns).
        task = task_from_template(tmp, tpl, {"BINLOG_POS": 4})
        run, sx = shop_run(fd, binsift, tmp, server, traffic, "CREATE TABLEs replayed", task,
                           down_schema, None, tracker_mismatch, 1, task_template=tpl)
        for c in ((run.report or {}).get("sources") or [{}])[0].get("conflicts") or []:
            if c.get("code") == 36027 and "3 (columns) vs 5 (values)" not in str(c.get("message")):
                fd.add("CREATE TABLEs replayed: the 36027 message does not say \"3 (columns) vs "
                       "5 (values)\": %r" % c.get("message"))
        return "no conflict with c_schema in the key; %d 36027 with the CREATE TABLEs" % (
            sx.verdicts["conflict"]["events"])


def keys_offsets(binsift, tmp, fd):
    with server_with(tmp, "shop", 13, "conflicts-keys-offsets.sql") as (server, traffic):
        task = task_from_template(tmp, "conflicts-keys-task.yaml",
                                  {"BINLOG_POS": 4, "SAFE_MODE": "false"})
        _, sx = shop_run(fd, binsift, tmp, server, traffic, "offsets", task, [], None, None, 0)
        return "%d rows migrated, no collision" % sx.verdicts["migrated"]["rows"]


def filter_never_fires(e):
    if e.verdict == "dropped" and e.step == "binlog filter":
        return expect_as(e, "migrated")
    return conflicts_migrate(e)


def filtered_delete(binsift, tmp, fd):
    with server_with(tmp, "app", 14, "conflicts-filtered-delete.sql") as (server, traffic):
        files = server.binlog_files()
        tpl = "conflicts-filtered-delete-task.yaml"
        lines = rule_lines(read_data(tpl))
        rules = {"keep-sessions": "filter"}
        runs = [("deletes filtered", "delete", "false", None, 1),
                ("safe mode", "delete", "true", conflicts_migrate, 0),
                ("filter never fires", "truncate table", "false", filter_never_fires, 0)]
        conflicts = 0
        for label, events, safe, change, rc in runs:
            task = task_from_template(tmp, tpl, {"EVENTS": events, "SAFE_MODE": safe})
            run = binsift_check(binsift, tmp, ["-c", task, "--binlog", "app=" +
                                               server.binlog_dir()], label.replace(" ", "-"))
            sx = SourceExpect("app", traffic.expected(None, change), rules, lines)
            check_run(fd, run, label, [(sx, files)], rc)
            conflicts = conflicts or sx.verdicts["conflict"]["rows"]
            if rc:
                for v in run.events or []:
                    if v.get("verdict") == "conflict" and \
                            "its DELETE or TRUNCATE was not migrated" not in str(v.get("detail")):
                        fd.add("%s: the detail of %s:%s does not say the DELETE was not "
                               "migrated: %r" % (label, v.get("file"), v.get("position"),
                                                 v.get("detail")))
        return "%d conflict rows with the filter, none without" % conflicts


MERGED_FILTERS = {"orders-ddl": "filter", "shop-drops": "filter"}


def merged_ddl_filtered(e):
    """The task whose filters drop the DDLs: they are not run downstream, so
    the TRUNCATE no longer empties shop.orders and the INSERT after it writes
    keys still there (shop_2's own 101, shop_1's 1): Error 1062."""
    if e.verdict == "conflict":
        rule = "shop-drops" if e.event == "drop database" else "orders-ddl"
        return expect_as(e, "dropped", "step=binlog filter", "rule=" + rule)
    if e.event == "insert" and e.where.endswith(":%d" % MERGED_REINSERT_LINE):
        return expect_as(e, "conflict", "step=key collision", "code=1062")
    return e


def merged_reinsert_line():
    """The line of the annotation of the INSERT after the TRUNCATE."""
    lines = read_data("conflicts-merged-ddl.sql").split("\n")
    at = next(n for n, ln in enumerate(lines, 1) if ln.startswith("TRUNCATE TABLE shop_2"))
    return next(n for n, ln in enumerate(lines[at:], at + 1) if ln.startswith("-- @ "))


MERGED_REINSERT_LINE = merged_reinsert_line()

# The conflicts of conflicts-merged-ddl.sql: (event, words of the message).
MERGED_MESSAGES = {
    "truncate table": ["`shop`.`orders`", "`shop_1`.`orders`"],
    "drop column": ["`shop`.`orders`", "`shop_2`.`orders`"],
    "drop table": ["`shop`.`orders_log`", "`shop_2`.`orders_log`"],
    # DROP DATABASE shop runs downstream: shop.orders and shop.notes hold
    # shop_1's rows (shop.orders_log is gone already).
    "drop database": ["`shop_1`.`orders`", "`shop_1`.`notes`"],
}


def merged_ddl(binsift, tmp, fd):
    with server_with(tmp, "shop", 15, "conflicts-merged-ddl.sql") as (server, traffic):
        files = server.binlog_files()
        tpl = "conflicts-merged-ddl-task.yaml"
        rules = dict(SHOP_RULES, **MERGED_FILTERS)
        rules["orders-log"] = "route"
        # (a) the filters never fire: four DDLs hit other shards' rows.
        task = task_from_template(tmp, tpl, {"TABLE_EVENTS": '"rename table"',
                                             "SCHEMA_EVENTS": '"alter database"'})
        run, sx = shop_run(fd, binsift, tmp, server, traffic, "DDL run downstream", task, [],
                           None, None, 1, rules, tpl)
        for v in run.events or []:
            words = MERGED_MESSAGES.get(v.get("event")) if v.get("verdict") == "conflict" else []
            for w in words or []:
                if w not in str(v.get("detail")):
                    fd.add("DDL run downstream: the %s conflict does not name %s: %r"
                           % (v.get("event"), w, v.get("detail")))
        # (b) the filters drop them: none of them is a conflict.
        task = task_from_template(tmp, tpl, {
            "TABLE_EVENTS": '"truncate table", "drop table", "drop column"',
            "SCHEMA_EVENTS": '"drop database"'})
        shop_run(fd, binsift, tmp, server, traffic, "DDL filtered", task, [], None,
                 merged_ddl_filtered, 1, rules, tpl)
        return "%d DDL conflicts; none when filtered" % sx.verdicts["conflict"]["events"]


SCENARIOS = {"keys": keys, "keys_extract": keys_extract, "keys_offsets": keys_offsets,
             "filtered_delete": filtered_delete, "merged_ddl": merged_ddl}

if __name__ == "__main__":
    sys.exit(main_wrapper(SCENARIOS, sys.argv[1:]))
