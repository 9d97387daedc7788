#!/usr/bin/env python3
"""Pessimistic shard DDL on a real MariaDB (dm-rules.md §9.2): two shards
s1.t and s2.t merged into m.t with shard-mode pessimistic.

Traffic, in three binlog files:
  1. both tables created and written; s1.t ADD COLUMN c, then two rows
     into s1.t (held: s1.t passed the DDL) and one into s2.t (flows);
  2. s2.t ADD COLUMN c (the lock completes, DM runs the DDL once), a row;
  3. s1.t ADD COLUMN d, then s2.t ADD COLUMN e: 36008.
Replaying file 1 alone ends with the lock open: a stall naming s2.t, with
the held rows counted. All three files: the c lock completes, the d lock
meets s2.t's different DDL (36008) and is still open at the end (a stall,
nothing held after it). Skipped (77) without MariaDB or the binary.
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from check_harness import Server, have_mariadb  # noqa: E402

TASK = """\
name: pess
task-mode: incremental
shard-mode: pessimistic
target-database: {host: 127.0.0.1, port: 4000, user: root, password: ""}
mysql-instances:
  - source-id: s1
    route-rules: [t, s]
routes:
  t: {schema-pattern: "s*", table-pattern: "t", target-schema: m, target-table: t}
  s: {schema-pattern: "s*", target-schema: m}
"""

TRAFFIC = """\
CREATE DATABASE s1; CREATE DATABASE s2;
CREATE TABLE s1.t (id INT PRIMARY KEY, a INT); CREATE TABLE s2.t (id INT PRIMARY KEY, a INT);
INSERT INTO s1.t VALUES (1,1); INSERT INTO s2.t VALUES (11,1);
ALTER TABLE s1.t ADD COLUMN c INT;
INSERT INTO s1.t VALUES (2,2,2),(3,3,3); INSERT INTO s2.t VALUES (12,2);
FLUSH BINARY LOGS;
ALTER TABLE s2.t ADD COLUMN c INT; INSERT INTO s2.t VALUES (13,3,3);
FLUSH BINARY LOGS;
ALTER TABLE s1.t ADD COLUMN d INT; ALTER TABLE s2.t ADD COLUMN e INT;
"""


def check(binsift, tmp, task, paths):
    report = os.path.join(tmp, "report.json")
    args = [binsift, "check", "-c", task, "--report", report]
    for p in paths:
        args += ["--binlog", "s1=" + p]
    p = subprocess.run(args, capture_output=True, timeout=60)
    return p.returncode, json.load(open(report))["sources"][0]["conflicts"], p.stderr.decode()


def main():
    binsift = os.environ.get("BINSIFT", "")
    if not have_mariadb() or not os.access(binsift, os.X_OK):
        print("skipped: needs MariaDB (tools/install-deps.sh) and $BINSIFT")
        return 77
    problems = []
    with tempfile.TemporaryDirectory(prefix="binsift-pess-") as tmp:
        server = Server(tmp, "pess", 21)
        try:
            server.start()
            server.sql(TRAFFIC)
            files = server.binlog_files()
            task = os.path.join(tmp, "task.yaml")
            open(task, "w").write(TASK)
            rc, c, err = check(binsift, tmp, task, files[:1])
            got = [(x["code"], x["table"], x["step"]) for x in c]
            if rc != 1 or got != [(0, "t", "shard mode")]:
                problems.append("file 1: exit %d, conflicts %s %s" % (rc, got, err))
            elif not ("`s2`.`t` never ran [ALTER TABLE `m`.`t` ADD COLUMN `c` INT]" in c[0]["message"]
                      and "holds 1 rows events (2 rows)" in c[0]["message"]):
                problems.append("file 1: stall message %r" % c[0]["message"])
            rc, c, err = check(binsift, tmp, task, files)
            got = [(x["code"], x["schema"]) for x in c]
            if rc != 1 or got != [(36008, "s2"), (0, "s1")]:
                problems.append("all files: exit %d, conflicts %s %s" % (rc, got, err))
            else:
                if "right DDL sequence should be [ALTER TABLE `m`.`t` ADD COLUMN `d` INT]" not in c[0]["message"]:
                    problems.append("36008 message %r" % c[0]["message"])
                if "holds 0 rows events" not in c[1]["message"] or "ADD COLUMN `d`" not in c[1]["message"]:
                    problems.append("final stall message %r" % c[1]["message"])
        finally:
            server.stop()
    for p in problems:
        print("FAIL " + p)
    print("pessimistic: %d problems" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
