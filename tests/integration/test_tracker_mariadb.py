#!/usr/bin/env python3
"""test_tracker_mariadb.py - the schema tracker against a real MariaDB.

A series of DDL statements (every kind the tracker models: CREATE/ALTER
with FIRST/AFTER, CHANGE of a primary key column, DROP COLUMN shrinking
keys, index additions/renames/drops, CREATE TABLE LIKE, RENAME across
databases, DROP TABLE/DATABASE, implicit index names) runs on a throwaway
server (tools/mariadb-sandbox.sh). Each table's structure is then taken
three ways and must be identical - column names in order, nullability, and
every key with its kind, name and columns:
  (1) the tracker fed the DDL series itself (as a script, which goes through
      DM's split and the tracker's apply, statement by statement);
  (2) the tracker loading `mariadb-dump --no-data` of the server;
  (3) the server's information_schema.
(1) and (2) come from the unit test program in its --structure mode.
One ALTER never both drops and adds unnamed indexes: the server drops first,
while DM runs the split specifications in order, so an implicit name can
differ (ADD INDEX (b), DROP INDEX b_3 gives b_4 in DM's tracker, b_3 on the
server); the tracker follows DM. Exit 0
when all agree, 1 otherwise, 77 (skipped) without MariaDB or the build.
"""
import os
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SANDBOX = os.path.join(REPO, "tools", "mariadb-sandbox.sh")

DDL = """
CREATE DATABASE tk;
USE tk;
CREATE TABLE t1 (id INT PRIMARY KEY, a INT, b VARCHAR(10) NOT NULL, c TEXT);
ALTER TABLE t1 ADD COLUMN d INT FIRST, ADD COLUMN e INT NOT NULL AFTER a;
ALTER TABLE t1 ADD INDEX (a), ADD INDEX (a, b), ADD UNIQUE KEY ub (b), ADD INDEX (a, e);
ALTER TABLE t1 CHANGE id uid BIGINT, MODIFY a BIGINT NOT NULL AFTER c;
ALTER TABLE t1 DROP COLUMN e;
ALTER TABLE t1 RENAME COLUMN c TO cc, ALTER COLUMN b SET DEFAULT 'x';
CREATE TABLE t2 (x INT, y INT, z INT, w INT, UNIQUE (x, y), KEY (z), KEY kw (w, y));
ALTER TABLE t2 ADD PRIMARY KEY (x, z);
ALTER TABLE t2 DROP COLUMN w;
CREATE TABLE t3 LIKE t1;
RENAME TABLE t3 TO t4;
CREATE INDEX i4 ON t4 (cc(10), uid);
DROP INDEX ub ON t4;
ALTER TABLE t4 RENAME INDEX i4 TO i5;
ALTER TABLE t4 DROP PRIMARY KEY;
CREATE TABLE t5 (id INT NOT NULL, s CHAR(3) UNIQUE);
CREATE DATABASE tk2;
RENAME TABLE t5 TO tk2.t5;
ALTER TABLE tk2.t5 ADD PRIMARY KEY (id), ADD COLUMN n INT NULL FIRST, ADD COLUMN m INT AFTER n;
CREATE TABLE t6 (a INT);
DROP TABLE t6;
CREATE TABLE t7 (a SERIAL, b INT, c INT, UNIQUE KEY (b), KEY (b, c), KEY b_3 (c));
ALTER TABLE t7 DROP INDEX b_3;
ALTER TABLE t7 ADD INDEX (b), ADD INDEX (c);
ALTER TABLE t7 RENAME TO tk2.t8;
CREATE DATABASE gone;
CREATE TABLE gone.g (a INT);
DROP DATABASE gone;
CREATE TABLE t9 (a INT, b INT, c INT);
ALTER TABLE t9 ADD COLUMN (d INT, e INT), MODIFY b INT NOT NULL FIRST;
ALTER TABLE t9 ADD COLUMN f INT PRIMARY KEY AFTER a;
TRUNCATE TABLE t9;
"""


def run(cmd, data=None):
    p = subprocess.run(cmd, input=data, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def sql(d, query):
    rc, out, err = run([SANDBOX, "sql", d, "-N", "-B", "-e", query])
    if rc:
        raise RuntimeError("%s: %s" % (query[:60], err))
    return out


def server_structure(d, tables):
    """information_schema's view, in the driver's line format."""
    lines = {}
    for qualified in tables:
        db, name = qualified.split(".")
        cols = sql(d, "SELECT column_name, is_nullable FROM information_schema.columns WHERE "
                   "table_schema='%s' AND table_name='%s' ORDER BY ordinal_position" % (db, name))
        if not cols.strip():
            lines[qualified] = "%s|missing" % qualified
            continue
        col_part = ",".join("%s %s" % (c, "NULL" if n == "YES" else "NOT NULL")
                            for c, n in (l.split("\t") for l in cols.splitlines()))
        keys = {}
        idx = sql(d, "SELECT index_name, non_unique, column_name FROM information_schema.statistics "
                  "WHERE table_schema='%s' AND table_name='%s' ORDER BY index_name, seq_in_index"
                  % (db, name))
        for line in idx.splitlines():
            kname, non_unique, col = line.split("\t")
            prefix = "UNIQUE " if non_unique == "0" and kname != "PRIMARY" else ""
            keys.setdefault(prefix + kname, []).append(col)
        key_part = ";".join("%s(%s)" % (k, ",".join(v)) for k, v in keys.items())
        lines[qualified] = "%s|%s|%s" % (qualified, col_part, key_part)
    return lines


def canonical(line):
    """Keys are compared as a set: the order of non-primary keys is the
    server's business."""
    parts = line.split("|")
    if len(parts) == 3:
        parts[2] = ";".join(sorted(k for k in parts[2].split(";") if k))
    return "|".join(parts)


def tracked(driver, path, tables):
    rc, out, err = run([driver, "--structure", path] + tables)
    if rc:
        raise RuntimeError("tracker could not load %s: %s" % (path, err.strip()))
    return {l.split("|")[0]: l for l in out.splitlines()}


def main():
    build = os.environ.get("BINSIFT_BUILD", "")
    driver = os.path.join(build, "tests", "schema_test_tracker_script")
    if not (shutil.which("mariadbd") or os.path.exists("/usr/sbin/mariadbd")) or \
            not shutil.which("mariadb-dump"):
        print("skipped: MariaDB server/client tools are not installed")
        return 77
    if not os.access(driver, os.X_OK):
        print("skipped: %s not built (BINSIFT_BUILD)" % driver)
        return 77
    tmp = tempfile.mkdtemp(prefix="binsift-tracker-")
    d = os.path.join(tmp, "srv")
    try:
        rc, _, err = run([SANDBOX, "start", d])
        if rc:
            print(err)
            return 1
        rc, _, err = run([SANDBOX, "sql", d], data=DDL)
        if rc:
            print("the DDL series failed on the server: " + err)
            return 1
        ddl_path = os.path.join(tmp, "ddl.sql")
        with open(ddl_path, "w") as f:
            f.write(DDL)
        dump_path = os.path.join(tmp, "dump.sql")
        with open(dump_path, "w") as f:
            rc = subprocess.run(["mariadb-dump", "--no-defaults", "--socket=" + os.path.join(d, "sock"),
                                 "-uroot", "--no-data", "--databases", "tk", "tk2"], stdout=f).returncode
        if rc:
            print("mariadb-dump failed")
            return 1
        tables = sorted(
            "%s.%s" % tuple(l.split("\t")) for l in sql(
                d, "SELECT table_schema, table_name FROM information_schema.tables "
                "WHERE table_schema IN ('tk', 'tk2', 'gone')").splitlines())
        tables += ["tk.t3", "tk.t6", "tk.t7", "gone.g"]  # gone: must be missing everywhere
        server = server_structure(d, tables)
        from_ddl = tracked(driver, ddl_path, tables)
        from_dump = tracked(driver, dump_path, tables)
        failures = 0
        for t in tables:
            want = canonical(server[t])
            for what, got in (("DDL series", from_ddl.get(t, "")), ("dump", from_dump.get(t, ""))):
                if canonical(got) != want:
                    failures += 1
                    print("%s from the %s:\n  tracker: %s\n  server:  %s" % (t, what, got, server[t]))
        print("%d tables, %d discrepancies" % (len(tables), failures))
        return 1 if failures else 0
    finally:
        run([SANDBOX, "stop", d])
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
