#!/usr/bin/env python3
"""test_decode_mariadb.py - `binsift decode` against real MariaDB servers.

For each server configuration of a small matrix (checksums, row metadata,
row image, binlog compression) a throwaway MariaDB is started with
tools/mariadb-sandbox.sh, a workload covering every MariaDB column type is
run, and the binlog it wrote is decoded by binsift and checked three ways:

(a) values: the workload runs in one client session that, after every
    statement, selects the touched table rendered the way binsift renders
    values (HEX for bytes, CAST(f AS DOUBLE) for FLOAT, `col+0` for YEAR/BIT,
    temporals with time_zone '+00:00', ...). The binlog's rows events are cut
    into statements at STMT_END_F and paired with the workload's DML in
    order. Every before image must match the table before the statement,
    every after image the table after it, and applying the images to the
    "before" table must give exactly the "after" table - so every image
    value is compared to the database and no changed row can be missing.
    What the binlog cannot carry is re-derived from the schema, as a
    consumer that knows it would: the sign of unsigned integers without
    SIGNEDNESS metadata, the 0x00 padding of BINARY(n) without charsets.
    FLOAT/DOUBLE compare bit-exactly as float32/float64.
(b) event counts: binsift's per-type summary equals the count of event
    headers mariadb-binlog prints for the same files.
(c) inputs: decoding the directory, the file list, a directory of gzip
    copies, and each file (plain and gzipped) from stdin gives the same
    JSONL, file names aside.

MariaDB COMPRESSED columns go last, into a binlog file of their own: when
binsift decodes that file its values are checked like any other, otherwise
what binsift says is reported (it did not decode them when this was written).

Discrepancies are collected, not fatal: a configuration is checked to the
end and every discrepancy is counted (those of one table column are shown a
few at a time). Two configurations run at a time. Exit 0 when there are
none, 1 otherwise, 77 (skipped) without a MariaDB server. Needs BINSIFT (the
binary); optional arguments name the configurations to run (default: all).
"""
import concurrent.futures
import gzip
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SANDBOX = os.path.join(REPO, "tools", "mariadb-sandbox.sh")
MAX_PACKET = "64M"
SHOWN_PER_GROUP = 3  # value discrepancies printed per table column
START_LOCK = threading.Lock()

# ---------------------------------------------------------------------------
# Schema model: what the test knows about each column.


class Col:
    """One column: its DDL, how the DB renders it for comparison (kind), and
    what the TABLE_MAP should say about it (btype, meta)."""

    def __init__(self, name, ddl, kind, btype, **kw):
        self.name = name
        self.ddl = ddl
        self.kind = kind  # int float double decimal year temporal string enum set bit geometry
        self.btype = btype  # binsift's name of the binlog column type
        self.bits = kw.get("bits", 0)  # integer width
        self.unsigned = kw.get("unsigned", False)
        self.cs = kw.get("cs")  # strings: utf8mb4, latin1, binary
        self.pad = kw.get("pad", 0)  # fixed-length binary: the declared length
        self.digest = kw.get("digest", False)  # compare (length, sha256), not bytes
        self.members = kw.get("members")  # ENUM/SET member names
        self.meta = kw.get("meta")  # expected TABLE_MAP metadata, when checked
        self.render = kw.get("render")  # SQL rendering, {c} = the column

    def select_expr(self):
        c = "`%s`" % self.name
        if self.render:
            return self.render.format(c=c)
        if self.kind == "string":
            if self.digest:
                return "CONCAT(LENGTH(%s), ':', SHA2(%s, 256))" % (c, c)
            return "HEX(%s)" % c
        if self.kind == "geometry":
            return "HEX(%s)" % c
        if self.kind == "float":
            return "CAST(%s AS DOUBLE)" % c
        if self.kind in ("year", "bit"):
            return "%s+0" % c
        if self.kind in ("enum", "set"):
            return "CONCAT(CAST(%s+0 AS UNSIGNED), ':', HEX(%s))" % (c, c)  # +0 is signed
        return c


INT_TYPES = {"TINYINT": (8, "TINY"), "SMALLINT": (16, "SHORT"), "MEDIUMINT": (24, "INT24"),
             "INT": (32, "LONG"), "BIGINT": (64, "LONGLONG")}


def c_int(name, sqltype, unsigned=False):
    bits, btype = INT_TYPES[sqltype]
    ddl = sqltype + (" UNSIGNED" if unsigned else "")
    return Col(name, ddl, "int", btype, bits=bits, unsigned=unsigned)


def c_dec(name, p, s, unsigned=False):
    ddl = "DECIMAL(%d,%d)%s" % (p, s, " UNSIGNED" if unsigned else "")
    return Col(name, ddl, "decimal", "NEWDECIMAL", unsigned=unsigned, meta=p << 8 | s)


def c_str(name, ddl, btype, cs, **kw):
    return Col(name, ddl, "string", btype, cs=cs, **kw)


def c_members(name, kind, members):
    ddl = "%s(%s) CHARACTER SET utf8mb4" % (kind.upper(), ",".join("'%s'" % m for m in members))
    meta = (1 if len(members) < 256 else 2) if kind == "enum" else (len(members) + 7) // 8
    return Col(name, ddl, kind, kind.upper(), members=members, meta=meta)


def temporal_cols(prefix, sqltype, btype):
    return [Col("%s%d" % (prefix, n), "%s(%d)%s" % (sqltype, n, " NULL DEFAULT NULL"
                                                     if sqltype == "TIMESTAMP" else ""),
                "temporal", btype, meta=n) for n in range(7)]


def sql_u8(s):
    """A utf8mb4 string literal immune to client-side escaping rules."""
    return "_utf8mb4 X'%s'" % s.encode("utf-8").hex() if s else "''"


def sql_l1(b):
    return "_latin1 X'%s'" % b.hex() if b else "''"


def sql_bin(b):
    return "X'%s'" % b.hex()


# ---------------------------------------------------------------------------
# The workload: steps run in order in one session; each DML step must change
# at least one row (checked with ROW_COUNT()), so that it is one statement of
# rows events in the binlog.


class Step:
    def __init__(self, sql, key=None, rows=False, fresh=False, pre=(), post=(),
                 partial_in_minimal=False):
        self.sql = sql
        self.key = key  # table identity (survives RENAME); None: no table
        self.rows = rows  # expected to write a statement of rows events
        self.fresh = fresh  # the table did not exist before this step
        self.pre, self.post = list(pre), list(post)
        # binlog_row_image=MINIMAL does not log every column this changes
        self.partial_in_minimal = partial_in_minimal
        self.tname = None  # the table's name after the step (None: dropped)
        self.cols = None  # its columns after the step
        self.has_pk = False


class Workload:
    """Builds the step list while tracking each table's schema."""

    def __init__(self):
        self.steps = []
        self.tables = {}  # key -> [name, cols, has_pk]

    def _add(self, step):
        t = self.tables.get(step.key)
        if t:
            step.tname, step.cols, step.has_pk = t[0], list(t[1]), t[2]
        self.steps.append(step)

    def create(self, key, cols, pk=True):
        body = ", ".join("`%s` %s" % (c.name, c.ddl) for c in cols)
        if pk:
            body += ", PRIMARY KEY (`%s`)" % cols[0].name
        self.tables[key] = [key, list(cols), pk]
        self._add(Step("CREATE TABLE `%s` (%s) ENGINE=InnoDB" % (key, body), key, fresh=True))

    def dml(self, key, sql, pre=(), post=(), partial_in_minimal=False):
        self._add(Step(sql, key, rows=True, pre=pre, post=post,
                       partial_in_minimal=partial_in_minimal))

    def ctas(self, key, src, sql):
        self.tables[key] = [key, list(self.tables[src][1]), False]
        self._add(Step(sql, key, rows=True, fresh=True))

    def ddl(self, key, sql, add=(), drop=(), modify=()):
        """A statement that changes the table but writes no rows events."""
        cols = [c for c in self.tables[key][1] if c.name not in drop]
        for new in modify:
            cols = [new if c.name == new.name else c for c in cols]
        self.tables[key][1] = cols + list(add)
        self._add(Step(sql, key))

    def rename(self, key, name):
        old = self.tables[key][0]
        self.tables[key][0] = name
        self._add(Step("RENAME TABLE `%s` TO `%s`" % (old, name), key))

    def drop(self, key):
        name = self.tables.pop(key)[0]
        self._add(Step("DROP TABLE `%s`" % name, None))

    def plain(self, sql):
        self._add(Step(sql))


def int_workload(w):
    cols = [c_int("id", "INT")]  # then tis tiu sms smu mes meu ins inu bis biu
    for t in ("TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT"):
        cols += [c_int(t.lower()[:2] + "s", t), c_int(t.lower()[:2] + "u", t, unsigned=True)]
    w.create("ints", cols)
    mins, maxs, minus1, signbit, mid = [], [], [], [], []
    for t in ("TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT"):
        b = INT_TYPES[t][0]
        mins += [-(1 << (b - 1)), 0]
        maxs += [(1 << (b - 1)) - 1, (1 << b) - 1]
        minus1 += [-1, 1 << (b - 1)]
        signbit += [1, (1 << b) - 2]
        mid += [(1 << (b - 2)) + 3, (1 << (b - 1)) + 5]
    rows = [[1] + mins, [2] + maxs, [3] + [0] * 10, [4] + minus1, [5] + ["NULL"] * 10,
            [6] + signbit, [8] + mid]
    w.dml("ints", "INSERT INTO ints VALUES " +
          ", ".join("(%s)" % ", ".join(map(str, r)) for r in rows))

    def sets(vals):
        return ", ".join("%s = %s" % (c.name, v) for c, v in zip(cols[1:], vals))

    w.dml("ints", "UPDATE ints SET %s WHERE id = 1" % sets(maxs))
    w.dml("ints", "UPDATE ints SET %s WHERE id = 2" % sets(mins))
    w.dml("ints", "UPDATE ints SET ins = ins + 1, biu = NULL WHERE id IN (3, 4, 5)")
    w.dml("ints", "UPDATE ints SET id = 106 WHERE id = 6")
    w.dml("ints", "UPDATE ints SET tiu = 255 WHERE id IN (1, 2)")  # row 1 already has 255
    w.dml("ints", "DELETE FROM ints WHERE id IN (3, 5)")
    w.ddl("ints", "ALTER TABLE ints ADD COLUMN extra INT UNSIGNED NULL, "
          "ADD COLUMN e2 MEDIUMINT UNSIGNED NOT NULL DEFAULT 8388608",
          add=[c_int("extra", "INT", True), c_int("e2", "MEDIUMINT", True)])
    w.dml("ints", "UPDATE ints SET extra = 4294967295 WHERE id = 1")
    # A partial column list: with binlog_row_image=MINIMAL the image has gaps.
    w.dml("ints", "INSERT INTO ints (id, extra, e2) VALUES (7, 2147483648, 16777215)")
    w.ctas("ints_copy", "ints", "CREATE TABLE ints_copy ENGINE=InnoDB AS SELECT * FROM ints")
    w.dml("ints_copy", "UPDATE ints_copy SET tiu = 7, bis = -2 WHERE id = 2")
    w.dml("ints_copy", "DELETE FROM ints_copy WHERE id = 4")
    w.rename("ints_copy", "ints_copy2")
    w.dml("ints_copy", "UPDATE ints_copy2 SET biu = 18446744073709551614 WHERE id = 1")
    w.drop("ints_copy")


def num_workload(w):
    cols = [c_int("id", "INT"), Col("f", "FLOAT", "float", "FLOAT", meta=4),
            Col("d", "DOUBLE", "double", "DOUBLE", meta=8), c_dec("d1", 10, 0),
            c_dec("d2", 10, 4), c_dec("d3", 65, 30), c_dec("d4", 38, 38), c_dec("d5", 65, 0),
            c_dec("d6", 65, 38), c_dec("d7", 4, 2, unsigned=True), c_dec("d8", 1, 0)]
    w.create("nums", cols)
    n35_30 = "9" * 35 + "." + "9" * 30
    n27_38 = "9" * 27 + "." + "9" * 38
    rows = [
        [1, "0.1", "0.1", "9999999999", "999999.9999", n35_30, "0." + "9" * 38, "9" * 65, n27_38,
         "99.99", "9"],
        [2, "-3.4028234e38", "-1.7976931348623157e308", "-9999999999", "-999999.9999",
         "-" + n35_30, "-0." + "9" * 38, "-" + "9" * 65, "-" + n27_38, "0", "-9"],
        [3] + ["0"] * 10,
        [4, "1.4e-45", "4.9e-324", "1", "0.0001", "0." + "0" * 29 + "1", "0." + "0" * 37 + "1",
         "1", "0." + "0" * 37 + "1", "0.01", "1"],
        [5] + ["NULL"] * 10,
        [6, "1.17549435e-38", "2.2250738585072014e-308", "-1234567890", "-0.5",
         "-12345.678901234567890123456789012345678901", "-0.5", "1" + "0" * 64,
         "-0." + "0" * 37 + "1", "12.5", "-1"],
        [7, "16777217", "-4.9e-324", "42", "3.1416", "3.141592653589793238462643383279",
         "0.25", "-1", "3.14159265358979323846264338327950288419", "1.5", "0"],
        [8, "3.4028234e38", "1.7976931348623157e308", "-1", "-0.0001", "-0.5", "0.00001",
         "123456789012345678901234567890123456789012345678901234567890", "-1", "0.5", "5"],
    ]
    w.dml("nums", "INSERT INTO nums VALUES " +
          ", ".join("(%s)" % ", ".join(map(str, r)) for r in rows))
    w.dml("nums", "UPDATE nums SET f = f / 3, d = d / 3 WHERE id IN (1, 4, 6, 7)")
    w.dml("nums", "UPDATE nums SET d3 = -d3, d4 = -d4, d6 = NULL WHERE id = 1")
    # MariaDB logs this in-place REPLACE as an update of the named columns
    # only, although it resets the others: with binlog_row_image=MINIMAL the
    # binlog does not say that d2..d8 became NULL.
    w.dml("nums", "REPLACE INTO nums (id, f, d, d1) VALUES (8, -0.0001, 1e-300, 7)",
          partial_in_minimal=True)
    w.dml("nums", "DELETE FROM nums WHERE id = 3")
    w.ddl("nums", "ALTER TABLE nums MODIFY d2 DECIMAL(20,6), ADD COLUMN fu FLOAT UNSIGNED",
          add=[Col("fu", "FLOAT UNSIGNED", "float", "FLOAT", unsigned=True)],
          modify=[c_dec("d2", 20, 6)])
    w.dml("nums", "UPDATE nums SET d2 = 12345678901234.123456, fu = 1.5e30 WHERE id = 2")


def temporal_workload(w):
    cols = ([c_int("id", "INT"), Col("y", "YEAR", "year", "YEAR"),
             Col("dt", "DATE", "temporal", "DATE")] + temporal_cols("t", "TIME", "TIME2") +
            temporal_cols("dtm", "DATETIME", "DATETIME2") +
            temporal_cols("ts", "TIMESTAMP", "TIMESTAMP2"))
    w.create("temporal", cols)

    def row(i, y, d, t, dtm, ts):
        vals = [str(i), y, d] + [t] * 7 + [dtm] * 7 + [ts] * 7
        return "(%s)" % ", ".join(v if v in ("NULL", "0") or v.isdigit() else "'%s'" % v
                                  for v in vals)

    rows = [
        row(1, "0", "0000-00-00", "-838:59:59.999999", "0000-00-00 00:00:00",
            "0000-00-00 00:00:00"),
        row(2, "2155", "9999-12-31", "838:59:59.999999", "9999-12-31 23:59:59.999999",
            "2038-01-19 03:14:07.999999"),
        row(3, "1901", "1000-01-01", "-00:00:00.000001", "1000-01-01 00:00:00.000001",
            "1970-01-01 00:00:01"),
        row(4, "2024", "2024-02-29", "-01:02:03.456789", "2024-02-29 12:34:56.654321",
            "2024-02-29 12:34:56.654321"),
        row(5, "NULL", "NULL", "NULL", "NULL", "NULL"),
        row(6, "1999", "2024-00-00", "12:00:00.5", "2024-00-00 00:00:00",
            "2000-01-01 00:00:00.5"),
        row(7, "2000", "2024-02-00", "-00:00:00.5", "2001-02-03 04:05:06.000009",
            "2001-02-03 04:05:06.000009"),
        row(8, "1970", "1970-01-01", "-12:34:56.100001", "1970-01-01 00:00:00.999999",
            "1999-12-31 23:59:59.999999"),
    ]
    w.dml("temporal", "INSERT INTO temporal VALUES " + ", ".join(rows))
    # TIMESTAMP is stored in UTC: written from another session time zone.
    w.dml("temporal", "UPDATE temporal SET ts0 = '2001-02-03 04:05:06', ts3 = '2001-02-03 "
          "04:05:06.789', ts6 = '2001-02-03 04:05:06.789012' WHERE id IN (4, 5)",
          pre=["SET time_zone = '+05:30'"], post=["SET time_zone = '+00:00'"])
    w.dml("temporal", "UPDATE temporal SET t1 = '-00:00:00.1', t6 = '-838:59:59', "
          "dtm6 = '2020-01-01 00:00:00.000001', y = 2155 WHERE id = 3")
    w.dml("temporal", "DELETE FROM temporal WHERE id IN (1, 5)")


def string_workload(w):
    cols = [c_int("id", "INT"),
            c_str("cu", "CHAR(10) CHARACTER SET utf8mb4", "STRING", "utf8mb4", meta=40),
            c_str("vu", "VARCHAR(50) CHARACTER SET utf8mb4", "VARCHAR", "utf8mb4", meta=200),
            c_str("vl", "VARCHAR(300) CHARACTER SET utf8mb4", "VARCHAR", "utf8mb4", meta=1200),
            c_str("c255", "CHAR(255) CHARACTER SET utf8mb4", "STRING", "utf8mb4", meta=1020),
            c_str("cl", "CHAR(10) CHARACTER SET latin1", "STRING", "latin1", meta=10),
            c_str("vl1", "VARCHAR(300) CHARACTER SET latin1", "VARCHAR", "latin1", meta=300),
            c_str("tl", "TEXT CHARACTER SET latin1", "BLOB", "latin1", meta=2),
            c_str("v3", "VARCHAR(20) CHARACTER SET utf8mb3", "VARCHAR", "utf8mb3", meta=60),
            c_str("tt", "TINYTEXT CHARACTER SET utf8mb4", "BLOB", "utf8mb4", meta=1),
            c_str("tx", "TEXT CHARACTER SET utf8mb4", "BLOB", "utf8mb4", meta=2),
            c_str("mt", "MEDIUMTEXT CHARACTER SET utf8mb4", "BLOB", "utf8mb4", meta=3),
            c_str("lt", "LONGTEXT CHARACTER SET utf8mb4", "BLOB", "utf8mb4", meta=4),
            c_str("vb", "VARBINARY(300)", "VARCHAR", "binary", meta=300),
            c_str("bn", "BINARY(8)", "STRING", "binary", pad=8, meta=8),
            c_str("js", "JSON", "BLOB", "utf8mb4", meta=4)]
    w.create("strings", cols)
    multi = "héllo wörld ✓ 😀 日本語"
    ctl = "tab\there nl\nx cr\r quote' dq\" bs\\ nul\x00 bell\x07 del\x7f"
    r1 = ["1", "''", "''", "''", "''", "''", "''", "''", "''", "''", "''", "''", "''",
          "X''", "X''", "'{}'"]
    r2 = ["2", sql_u8("ab"), sql_u8(multi), sql_u8(multi * 3), sql_u8(multi),
          sql_l1("café €".encode("cp1252")), sql_l1(bytes(range(0x20, 0x100))),
          sql_l1(bytes(range(256))), sql_u8("ünïcödé ✓"), sql_u8(multi), sql_u8(multi),
          sql_u8(multi), sql_u8(multi), sql_bin(bytes(range(256))),
          sql_bin(b"\xff\x00\xff\x00\xff\x00\xff\x00"),
          sql_u8('{"k": [1, 2.5, "é", null, true], "n": {"x": "😀"}}')]
    r3 = ["3", sql_u8("😀" * 10), sql_u8("ß" * 50), sql_u8("€" * 300), sql_u8("😀" * 255),
          sql_l1(b"\xe9" * 10), sql_l1(b"\xff" * 300), "REPEAT(_latin1 X'e9', 65535)",
          sql_u8("日" * 20), "REPEAT('x', 255)", "REPEAT(_utf8mb4 X'c3a9', 32767)",
          "REPEAT(_utf8mb4 X'e697a5', 100000)", "REPEAT(_utf8mb4 X'f09f9880', 80000)",
          sql_bin(b"\x00" * 300), sql_bin(b"\x01\x02\x03\x04\x05\x06\x07\x08"),
          "'[1, 2, 3]'"]
    r4 = ["4", sql_u8("ab   "), sql_u8(ctl), sql_u8("ab   "), sql_u8("x  "),
          sql_l1(b"a\x00b\x81\x8d"), sql_l1(b"\x80\x9f trailing  "), sql_l1(b"\t\n"),
          sql_u8("a\x00b"), sql_u8(ctl), sql_u8(ctl), sql_u8(""), sql_u8(ctl),
          sql_bin(b"\x00ab\x00"), sql_bin(b"ab"), "'\"str\"'"]
    r5 = ["5"] + ["NULL"] * 15
    w.dml("strings", "INSERT INTO strings VALUES " +
          ", ".join("(%s)" % ", ".join(r) for r in (r1, r2, r3, r4, r5)))
    w.dml("strings", "UPDATE strings SET vu = CONCAT(vu, '!'), bn = X'01', cl = NULL "
          "WHERE id IN (2, 4)")
    w.dml("strings", "UPDATE strings SET c255 = REPEAT(_utf8mb4 X'c3a9', 255), "
          "vb = X'00', js = '{\"a\": 1}' WHERE id = 1")
    w.ddl("strings", "ALTER TABLE strings DROP COLUMN tt", drop=["tt"])
    w.dml("strings", "UPDATE strings SET vl1 = %s, bn = X'0000000000000001' WHERE id = 2"
          % sql_l1(bytes(range(0xa0, 0x100))))
    w.dml("strings", "DELETE FROM strings WHERE id = 3")


def enum_workload(w):
    m300 = ["m%d" % i for i in range(300)]
    s64 = ["s%d" % i for i in range(64)]
    cols = [c_int("id", "INT"), c_members("e", "enum", ["a", "b", "ü"]),
            c_members("e300", "enum", m300), c_members("s", "set", ["x", "y", "ž"]),
            c_members("s64", "set", s64), Col("b1", "BIT(1)", "bit", "BIT", meta=1),
            Col("b17", "BIT(17)", "bit", "BIT", meta=2 << 8 | 1),
            Col("b64", "BIT(64)", "bit", "BIT", meta=8 << 8)]
    w.create("enums", cols)
    rows = [
        "(1, 'a', 'm0', '', '', b'0', 0, 0)",
        "(2, %s, 'm299', %s, '%s', b'1', b'11111111111111111', 18446744073709551615)"
        % (sql_u8("ü"), sql_u8("x,y,ž"), ",".join(s64)),
        "(3, 'zzz', 'm255', %s, 's63', b'1', b'10000000000000000', 9223372036854775808)"
        % sql_u8("ž"),
        "(4, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
        "(5, 'b', 'm254', 'y', 's0,s31,s32', 0, 65537, 1)",
    ]
    w.dml("enums", "INSERT INTO enums VALUES " + ", ".join(rows))
    w.dml("enums", "UPDATE enums SET e = 'b', s = '' WHERE id = 2")
    w.dml("enums", "UPDATE enums SET s64 = 's1,s62', b64 = 9223372036854775807 "
          "WHERE id IN (1, 3)")
    w.dml("enums", "INSERT INTO enums (id, e300) VALUES (5, 'm1') "
          "ON DUPLICATE KEY UPDATE e300 = 'm298'")
    w.dml("enums", "DELETE FROM enums WHERE id = 4")


def geo_workload(w):
    cols = [c_int("id", "INT"), Col("p", "POINT", "geometry", "GEOMETRY"),
            Col("ls", "LINESTRING", "geometry", "GEOMETRY"),
            Col("pg", "POLYGON", "geometry", "GEOMETRY"),
            Col("g", "GEOMETRY", "geometry", "GEOMETRY")]
    w.create("geo", cols)
    line = "LINESTRING(%s)" % ", ".join("%d %d" % (i, i * i) for i in range(500))
    rows = [
        "(1, ST_GeomFromText('POINT(1 2)'), ST_GeomFromText('LINESTRING(0 0, 1 1, 2 1e10)'), "
        "ST_GeomFromText('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 3 2, 3 3, 2 3, 2 2))'), "
        "ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1), LINESTRING(0 0, 1 1))'))",
        "(2, ST_GeomFromText('POINT(-1.5 1e-300)', 4326), ST_GeomFromText('%s'), "
        "ST_GeomFromText('POLYGON((0 0, 1 0, 0 1, 0 0))'), "
        "ST_GeomFromText('MULTIPOLYGON(((0 0, 1 0, 0 1, 0 0)), ((5 5, 6 5, 5 6, 5 5)))'))"
        % line,
        "(3, NULL, NULL, NULL, NULL)",
    ]
    w.dml("geo", "INSERT INTO geo VALUES " + ", ".join(rows))
    w.dml("geo", "UPDATE geo SET p = POINT(3, 4), g = ST_GeomFromText('POINT(0 0)') "
          "WHERE id IN (1, 3)")
    w.dml("geo", "DELETE FROM geo WHERE id = 2")


def blob_workload(w):
    cols = [c_int("id", "INT"), c_str("tb", "TINYBLOB", "BLOB", "binary", meta=1),
            c_str("bl", "BLOB", "BLOB", "binary", meta=2),
            c_str("mb", "MEDIUMBLOB", "BLOB", "binary", meta=3),
            c_str("lb", "LONGBLOB", "BLOB", "binary", digest=True, meta=4),
            c_int("n", "INT")]
    w.create("blobs", cols)
    rows = [
        "(1, X'', X'', X'', X'', 1)",
        # ~3.2 MB: one rows event larger than binsift's 1 MiB read buffer.
        "(2, %s, REPEAT('z', 65535), REPEAT(X'abcd00', 30000), REPEAT(X'00ff8041', 800000), 2)"
        % sql_bin(bytes(range(255))),
        "(3, REPEAT(X'fe', 255), NULL, NULL, X'00', 3)",
        "(4, NULL, NULL, NULL, NULL, NULL)",
    ]
    w.dml("blobs", "INSERT INTO blobs VALUES " + ", ".join(rows))
    w.dml("blobs", "UPDATE blobs SET n = 20 WHERE id = 2")
    w.dml("blobs", "UPDATE blobs SET lb = REPEAT(X'55', 1100000), bl = X'00' WHERE id = 3")
    w.dml("blobs", "DELETE FROM blobs WHERE id = 2")


def special_workload(w):
    cols = [c_int("id", "INT"),
            c_str("i6", "INET6", "STRING", "binary", pad=16, meta=16,
                  render="HEX(CAST({c} AS BINARY(16)))"),
            c_str("u", "UUID", "STRING", "binary", pad=16, meta=16,
                  render="HEX(CAST({c} AS BINARY(16)))"),
            c_str("i4", "INET4", "STRING", "binary", pad=4, meta=4,
                  render="HEX(CAST({c} AS BINARY(4)))")]
    w.create("special", cols)
    rows = [
        "(1, '::', '00000000-0000-0000-0000-000000000000', '0.0.0.0')",
        "(2, 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffffffff-ffff-ffff-ffff-ffffffffffff', "
        "'255.255.255.255')",
        "(3, '2001:db8::', '123e4567-e89b-12d3-a456-426655440000', '10.0.0.0')",
        "(4, '::ffff:1.2.3.4', '6ba7b810-9dad-11d1-80b4-00c04fd430c8', '1.2.3.4')",
        "(5, NULL, NULL, NULL)",
    ]
    w.dml("special", "INSERT INTO special VALUES " + ", ".join(rows))
    w.dml("special", "UPDATE special SET i6 = '::1', u = '00000000-0000-0000-0000-000000000001'"
          " WHERE id = 1")
    w.dml("special", "DELETE FROM special WHERE id = 5")


def bulk_workload(w):
    cols = [c_int("id", "INT"),
            c_str("v", "VARCHAR(100) CHARACTER SET latin1", "VARCHAR", "latin1", meta=100),
            c_int("n", "BIGINT", unsigned=True)]
    w.create("bulk", cols)
    # Thousands of rows: statements spanning many rows events.
    w.dml("bulk", "INSERT INTO bulk SELECT seq, CONCAT('row-', seq, '-', REPEAT('x', seq % 50)),"
          " seq * 1000003 FROM seq_1_to_3000")
    w.dml("bulk", "UPDATE bulk SET n = 18446744073709551615 - n WHERE id % 7 = 0")
    w.dml("bulk", "DELETE FROM bulk WHERE id % 3 = 0")
    w.ddl("bulk", "TRUNCATE TABLE bulk")


def transaction_workload(w):
    """Several statements in one transaction, one of them on a row the same
    transaction inserted."""
    w.plain("BEGIN")
    w.dml("special", "INSERT INTO special (id, i6, u, i4) VALUES (6, '::2', "
          "'a0000000-0000-0000-0000-000000000000', '0.0.0.1')")
    w.dml("ints", "UPDATE ints SET tis = 99, inu = 2147483649 WHERE id = 2")
    w.dml("special", "DELETE FROM special WHERE id = 6")
    w.plain("COMMIT")


def build_workload():
    w = Workload()
    for part in (int_workload, num_workload, temporal_workload, string_workload,
                 enum_workload, geo_workload, blob_workload, special_workload, bulk_workload,
                 transaction_workload):
        part(w)
    return w.steps


# MariaDB COMPRESSED columns (binlog types 140/141): written after the main
# checks, into their own binlog file, so that a binsift that cannot decode
# them still gets the rest checked.
COMPRESSED_COLS = [c_int("id", "INT"),
                   c_str("vc", "VARCHAR(100) CHARACTER SET latin1 COMPRESSED",
                         "VARCHAR_COMPRESSED", "latin1"),
                   c_str("bc", "BLOB COMPRESSED", "BLOB_COMPRESSED", "binary"),
                   c_str("tc", "TEXT CHARACTER SET utf8mb4 COMPRESSED", "BLOB_COMPRESSED",
                         "utf8mb4")]
COMPRESSED_SQL = ("INSERT INTO compressed VALUES (1, 'abc', X'00', %s), "
                  "(2, REPEAT('abc', 30), REPEAT(X'00ff', 200), REPEAT(%s, 100)), "
                  "(3, NULL, NULL, NULL)" % (sql_u8("é"), sql_u8("日本")))

# ---------------------------------------------------------------------------
# Server configurations.


class Config:
    def __init__(self, name, checksum, metadata, image, compress=False):
        self.name, self.checksum, self.metadata, self.image = name, checksum, metadata, image
        self.compress = compress
        self.signedness = self.charsets = metadata != "NO_LOG"
        self.names = metadata == "FULL"  # names, ENUM/SET members, primary key

    def options(self):
        opts = ["--binlog-checksum=" + self.checksum, "--binlog-row-metadata=" + self.metadata,
                "--binlog-row-image=" + self.image, "--max-allowed-packet=" + MAX_PACKET]
        if self.compress:
            opts += ["--log-bin-compress=ON", "--log-bin-compress-min-len=10"]
        return opts

    def describe(self):
        return "checksum %s, metadata %s, image %s%s" % (
            self.checksum, self.metadata, self.image,
            ", compressed events" if self.compress else "")


CONFIGS = [
    Config("crc32-full", "CRC32", "FULL", "FULL"),
    Config("none-minimal", "NONE", "MINIMAL", "FULL"),
    Config("crc32-nolog", "CRC32", "NO_LOG", "FULL"),
    Config("crc32-full-minimage", "CRC32", "FULL", "MINIMAL"),
    Config("none-nolog-minimage", "NONE", "NO_LOG", "MINIMAL"),
    Config("compressed", "CRC32", "MINIMAL", "FULL", compress=True),
]


class Findings:
    """Discrepancies of one configuration, collected rather than fatal.
    Those of one group (a table column's values) are shown a few at a time."""

    def __init__(self):
        self.items = []  # (group or None, message)

    def add(self, msg, group=None):
        self.items.append((group, msg))

    def report(self):
        shown, lines = {}, []
        for group, msg in self.items:
            shown[group] = shown.get(group, 0) + 1
            if group is None or shown[group] <= SHOWN_PER_GROUP:
                lines.append("    " + msg)
        for group, n in shown.items():
            if group is not None and n > SHOWN_PER_GROUP:
                lines.append("    ... %d more for %s" % (n - SHOWN_PER_GROUP, group))
        return lines

    def equal(self, what, got, want, group=None):
        if got == want:
            return True
        if isinstance(got, list) and isinstance(want, list) and len(got) == len(want):
            i = next(i for i, (g, w) in enumerate(zip(got, want)) if g != w)
            what, got, want = "%s, item %d" % (what, i + 1), got[i], want[i]
        self.add("%s: binsift %s, expected %s" % (what, short(got), short(want)), group)
        return False


def short(v, limit=160):
    text = v if isinstance(v, str) else repr(v)
    return text if len(text) <= limit else text[:limit] + "...(%d chars)" % len(text)


# ---------------------------------------------------------------------------
# Running things.


def run(cmd, stdin=None, data=None):
    p = subprocess.run(cmd, stdin=stdin, input=data, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace").strip()


def sandbox(cmd, d, *args, data=None):
    rc, out, err = run([SANDBOX, cmd, d] + list(args), data=data)
    if rc != 0:
        raise RuntimeError("mariadb-sandbox.sh %s failed (%d): %s" % (cmd, rc, err))
    return out


def sql(d, script):
    """Run a script in one client session; rows come back tab-separated."""
    return sandbox("sql", d, "--batch", "--raw", "--skip-column-names",
                   "--default-character-set=utf8mb4", "--max-allowed-packet=" + MAX_PACKET,
                   data=script.encode("utf-8")).decode("utf-8")


def decode(binsift, inputs, stdin_path=None):
    args = [binsift, "decode", "-v", "--format", "jsonl"] + inputs
    if stdin_path is None:
        return run(args)
    with open(stdin_path, "rb") as f:
        return run(args, stdin=f)


def binlog_files(d):
    bdir = os.path.join(d, "binlog")
    with open(os.path.join(bdir, "mysql-bin.index")) as f:
        return [os.path.join(bdir, os.path.basename(line.strip())) for line in f if line.strip()]


def settle_binlog(d):
    """After FLUSH BINARY LOGS the server appends a BINLOG_CHECKPOINT naming
    the new file once the old file's transactions are durable. Wait for it,
    so that every decode of the active file reads the same bytes."""
    last = os.path.basename(binlog_files(d)[-1])
    for _ in range(100):
        for line in sql(d, "SHOW BINLOG EVENTS IN '%s'" % last).split("\n"):
            f = line.split("\t")
            if len(f) == 6 and f[2] == "Binlog_checkpoint" and f[5] == last:
                return
        time.sleep(0.1)
    raise RuntimeError("no BINLOG_CHECKPOINT in %s after 10s" % last)


# ---------------------------------------------------------------------------
# The workload session: statements, ROW_COUNT() checks and snapshots.

LATIN1_PROBE = "SELECT '#latin1', HEX(CONVERT(_latin1 X'%s' USING utf8mb4))" % bytes(
    range(256)).hex()


def snapshot_sql(step):
    exprs = ", ".join(c.select_expr() for c in step.cols)
    return "SELECT %s FROM `%s` ORDER BY `id`" % (exprs, step.tname)


SESSION_SETUP = ["SET SESSION sql_mode = ''", "SET time_zone = '+00:00'", LATIN1_PROBE,
                 "CREATE DATABASE bs", "USE bs"]


def session_script(steps, setup=SESSION_SETUP):
    lines = list(setup)
    for i, st in enumerate(steps):
        lines += st.pre + [st.sql]
        if st.rows and not st.fresh:
            lines.append("SELECT '#rc', %d, ROW_COUNT()" % i)
        lines += st.post
        if st.tname:
            lines += ["SELECT '#snap', %d" % i, snapshot_sql(st)]
    lines.append("FLUSH BINARY LOGS")
    return "".join(line + ";\n" for line in lines)


def parse_session(out):
    """Returns (row counts by step, snapshots by step, latin1 byte -> char
    when the session ran the latin1 probe)."""
    rcs, snaps, latin1, cur = {}, {}, None, None
    for line in out.split("\n"):
        if not line:
            continue
        f = line.split("\t")
        if f[0] == "#rc":
            rcs[int(f[1])] = int(f[2])
        elif f[0] == "#snap":
            cur = snaps.setdefault(int(f[1]), {})
        elif f[0] == "#latin1":
            latin1 = bytes.fromhex(f[1]).decode("utf-8")
        else:
            cur[int(f[0])] = f
    return rcs, snaps, latin1


# ---------------------------------------------------------------------------
# binsift's JSONL.


class Decoded:
    """Parsed `binsift decode --format jsonl` output."""

    def __init__(self, raw):
        self.events, self.summary, self.duplicate_keys = [], None, {}
        for line in raw.decode("utf-8").split("\n"):
            if not line:
                continue
            obj = json.loads(line, object_pairs_hook=self._pairs)
            if "summary" in obj:
                self.summary = obj["summary"]
            else:
                self.events.append(obj)

    def _pairs(self, pairs):
        keys = [k for k, _ in pairs]
        dups = sorted({k for k in keys if keys.count(k) > 1})
        if dups:
            where = (dict(pairs).get("type"), tuple(dups))
            self.duplicate_keys[where] = self.duplicate_keys.get(where, 0) + 1
        return dict(pairs)


def row_kind(type_name):
    for kind in ("WRITE", "UPDATE", "DELETE"):
        if type_name.startswith(kind) or type_name.startswith("MARIA_" + kind):
            return kind
    return None


class Segment:
    """The rows events of one statement (up to STMT_END_F)."""

    def __init__(self, annotate):
        self.annotate = annotate
        self.events = []  # (rows event, its TABLE_MAP event)


def segments(events):
    segs, cur, tmaps, annotate = [], None, {}, None
    for ev in events:
        t = ev["type"]
        if t == "TABLE_MAP":
            tmaps[ev["table_id"]] = ev
        elif t == "MARIA_ANNOTATE_ROWS":
            annotate = ev["query"]
        elif row_kind(t):
            if cur is None:
                cur, annotate = Segment(annotate), None
            cur.events.append((ev, tmaps.get(ev["table_id"])))
            if ev["flags"] & 1:  # STMT_END_F
                segs.append(cur)
                cur = None
    if cur is not None:
        segs.append(cur)
    return segs


# ---------------------------------------------------------------------------
# Comparing one binsift value with the database's rendering of it.

LATIN1_IDS = {5, 8, 15, 31, 47, 48, 49, 94, 1032, 1071}


def string_pair(col, cdef, v, db_text, latin1):
    """(got, want) for a string column. With the charset in the TABLE_MAP it
    decides the form (text, or {"hex"} for binary); without it the bytes are
    compared, BINARY(n) re-padded with the 0x00s the binlog drops."""
    if isinstance(v, dict) and list(v) == ["hex"]:
        raw = bytes.fromhex(v["hex"])
    elif isinstance(v, str):
        raw = None
    else:
        return v, "a string"
    known = "charset" in cdef
    if known and (raw is not None) != (col.cs == "binary"):
        return v, "{hex}" if col.cs == "binary" else "text"
    if known and col.cs != "binary":
        db = bytes.fromhex(db_text)
        return v, "".join(latin1[b] for b in db) if col.cs == "latin1" else db.decode("utf-8")
    if raw is None:
        raw = v.encode("utf-8")
    if not known and col.pad:
        raw = raw.ljust(col.pad, b"\0")
    if col.digest:
        return "%d:%s" % (len(raw), hashlib.sha256(raw).hexdigest()), db_text
    return raw, bytes.fromhex(db_text)


def float_bits(v, fmt):
    try:
        return struct.pack(fmt, float(v))
    except (OverflowError, TypeError, ValueError):
        return None


def expected_pair(col, cdef, cfg, v, db_text, latin1):
    """(got, want) for one value; equal when binsift is right."""
    if db_text == "NULL" or v is None:
        return v, (None if db_text == "NULL" else db_text)
    k = col.kind
    if k == "int":
        if not isinstance(v, int):
            return v, db_text
        if col.unsigned and not cfg.signedness:  # binsift printed it as signed
            half = 1 << (col.bits - 1)
            if not -half <= v < half:
                return "%d (out of the signed %d-bit range)" % (v, col.bits), db_text
            v %= 1 << col.bits
        return v, int(db_text)
    if k in ("float", "double"):
        if not isinstance(v, (int, float)):
            return v, db_text
        fmt = "<f" if k == "float" else "<d"
        want = float_bits(db_text, fmt)
        if struct.unpack(fmt, want)[0] != float(db_text):
            raise RuntimeError("DB rendering of %s is not exact: %s" % (col.name, db_text))
        return float_bits(v, fmt), want
    if k in ("year", "bit"):
        return v, int(db_text)
    if k in ("decimal", "temporal"):
        return v, db_text
    if k in ("enum", "set"):
        index, name = db_text.split(":", 1)
        return v, (bytes.fromhex(name).decode("utf-8") if cfg.names else int(index))
    if k == "geometry":
        got = bytes.fromhex(v["hex"]) if isinstance(v, dict) and "hex" in v else v
        return got, bytes.fromhex(db_text)
    return string_pair(col, cdef, v, db_text, latin1)


# ---------------------------------------------------------------------------
# (a) values: each statement's row images against the table before and after.


class Stats:
    def __init__(self):
        self.statements = self.rows_events = self.rows = self.values = self.table_maps = 0


def charset_class(cs):
    if cs is None:
        return None
    return "binary" if cs == 63 else "latin1" if cs in LATIN1_IDS else "utf8"


def check_table_map(fd, ctx, tm, st, cfg):
    defs = tm.get("column_defs") or []
    if not fd.equal(ctx + ": TABLE_MAP column count", len(defs), len(st.cols)):
        return False
    for i, (d, c) in enumerate(zip(defs, st.cols)):
        w = "%s: TABLE_MAP column %d (%s)" % (ctx, i + 1, c.name)
        g = "the TABLE_MAPs of %s.%s" % (st.tname, c.name)
        fd.equal(w + " type", d.get("type"), c.btype, g)
        if c.meta is not None:
            fd.equal(w + " meta", d.get("meta"), c.meta, g)
        fd.equal(w + " unsigned", d.get("unsigned", False), c.unsigned and cfg.signedness, g)
        fd.equal(w + " name", d.get("name"), c.name if cfg.names else None, g)
        if c.kind in ("enum", "set"):
            fd.equal(w + " members", d.get("values"), c.members if cfg.names else None, g)
        if c.kind == "string":
            want = (c.cs if c.cs in ("binary", "latin1") else "utf8") if cfg.charsets else None
            fd.equal(w + " charset", charset_class(d.get("charset")), want, g)
    pk = [1] if cfg.names and st.has_pk else None
    fd.equal(ctx + ": TABLE_MAP primary key", tm.get("primary_key"), pk)
    return True


def image_columns(fd, ctx, cfg, st, kind, which, image):
    """Column numbers (1-based) of an image, checked against the row image
    mode; None when the image is unusable."""
    n = len(st.cols)
    nums = []
    for k in image:
        if not re.fullmatch(r"@[1-9][0-9]*", k) or int(k[1:]) > n:
            fd.add("%s: %s image has key %r (table has %d columns)" % (ctx, which, k, n))
            return None
        nums.append(int(k[1:]))
    nums.sort()
    if cfg.image == "FULL" and nums != list(range(1, n + 1)):
        fd.add("%s: %s image has columns %s, a FULL row image has all %d"
               % (ctx, which, nums, n))
    if cfg.image == "MINIMAL" and which == "before" and st.has_pk and nums != [1]:
        fd.add("%s: MINIMAL before image has columns %s, expected the primary key [1]"
               % (ctx, nums))
    if 1 not in nums and not (which == "after" and kind == "UPDATE"):
        fd.add("%s: %s image without the id column" % (ctx, which))
        return None
    return nums


def compare_image(fd, ctx, cfg, st, defs, which, image, db_row, latin1, stats):
    for k, v in image.items():
        i = int(k[1:]) - 1
        got, want = expected_pair(st.cols[i], defs[i], cfg, v, db_row[i], latin1)
        stats.values += 1
        if got != want:
            col = st.cols[i]
            fd.add("%s: %s image of id %s, column %d (%s %s): binsift %s, DB %s" % (
                ctx, which, db_row[0], i + 1, col.name, short(col.ddl, 30), short(v),
                short(db_row[i])), group="%s.%s %s" % (st.tname, col.name, short(col.ddl, 30)))


def check_row(fd, ctx, cfg, st, defs, kind, row, model, cur, latin1, stats):
    """Check one row's images and apply them to model (id -> DB row)."""
    before, after = row.get("before"), row.get("after")
    if (before is not None) != (kind != "WRITE") or (after is not None) != (kind != "DELETE"):
        fd.add("%s: a %s row with images %s" % (ctx, kind, sorted(row)))
        return
    pk, values = None, None
    if before is not None:
        if image_columns(fd, ctx, cfg, st, kind, "before", before) is None:
            return
        pk = before["@1"]
        if not isinstance(pk, int) or pk not in model:
            fd.add("%s: before image of id %r, which the table did not have" % (ctx, pk))
            return
        compare_image(fd, ctx, cfg, st, defs, "before", before, model[pk], latin1, stats)
        values = model.pop(pk)
    if after is None:
        return
    cols = image_columns(fd, ctx, cfg, st, kind, "after", after)
    if cols is None:
        return
    new = after.get("@1", pk)
    target = cur.get(new) if isinstance(new, int) else None
    if target is None:
        fd.add("%s: after image of id %r, which the table does not have afterwards" % (ctx, new))
        return
    if kind == "WRITE":
        if new in model:
            fd.add("%s: insert of id %r, which the table already had" % (ctx, new))
        values = list(target)  # columns absent from a MINIMAL image: defaults
    compare_image(fd, ctx, cfg, st, defs, "after", after, target, latin1, stats)
    values = list(values)
    for c in cols:
        values[c - 1] = target[c - 1]
    model[new] = values


def check_statement(fd, cfg, st, seg, prev, cur, latin1, stats):
    ctx = "statement %s" % short(st.sql, 60)
    stats.statements += 1
    if seg.annotate is not None and seg.annotate != st.sql:
        fd.add("%s: preceded by ANNOTATE_ROWS %s" % (ctx, short(seg.annotate)))
    model = {pk: list(r) for pk, r in prev.items()}
    checked = set()
    for ev, tm in seg.events:
        stats.rows_events += 1
        fd.equal(ctx + ": rows event table", "%s.%s" % (ev.get("schema"), ev.get("table")),
                 "bs." + st.tname)
        if tm is None or ev.get("rows") is None:
            fd.add("%s: rows not decoded (%s)" % (ctx, ev.get("note")))
            continue
        if id(tm) not in checked:
            checked.add(id(tm))
            stats.table_maps += 1
            if not check_table_map(fd, ctx, tm, st, cfg):
                continue
        kind = row_kind(ev["type"])
        for row in ev["rows"]:
            stats.rows += 1
            check_row(fd, ctx, cfg, st, tm["column_defs"], kind, row, model, cur, latin1, stats)
    if model != cur and not (cfg.image == "MINIMAL" and st.partial_in_minimal):
        ids = sorted(set(model) ^ set(cur) | {k for k in set(model) & set(cur)
                                              if model[k] != cur[k]})
        fd.add("%s: the row images applied to the table before it do not give the table after "
               "it (ids %s)" % (ctx, ids[:10]))


def check_values(fd, cfg, steps, dec, rcs, snaps, latin1, stats):
    for i, st in enumerate(steps):
        if st.rows and not st.fresh and rcs.get(i, 0) < 1:
            raise RuntimeError("workload step changed no row: %s" % st.sql)
    segs = segments(dec.events)
    want = [st for st in steps if st.rows]
    fd.equal("statements of rows events", len(segs), len(want))
    segs = iter(segs)
    last = {}  # table key -> its latest snapshot
    for i, st in enumerate(steps):
        if st.rows:
            seg = next(segs, None)
            if seg is not None:
                prev = {} if st.fresh else last[st.key]
                check_statement(fd, cfg, st, seg, prev, snaps.get(i, {}), latin1, stats)
        if st.tname:
            last[st.key] = snaps.get(i, {})


def check_output_shape(fd, cfg, dec):
    if not dec.events or dec.events[0].get("type") != "FORMAT_DESCRIPTION":
        fd.add("the output does not start with a FORMAT_DESCRIPTION")
    else:
        fd.equal("FORMAT_DESCRIPTION checksum", dec.events[0].get("checksum"), cfg.checksum)
    for (type_name, keys), n in sorted(dec.duplicate_keys.items()):
        fd.add("%d %s line(s) have duplicate JSON keys %s (JSON readers keep only the last)"
               % (n, type_name, list(keys)))
    s = dec.summary
    if s is None:
        fd.add("no summary line")
        return
    fd.equal("summary events", s.get("events"), len(dec.events))
    tally = {}
    for e in dec.events:
        tally[e["type"]] = tally.get(e["type"], 0) + 1
    fd.equal("summary counts (vs the event lines)", sorted(s.get("counts", {}).items()),
             sorted(tally.items()))
    fd.equal("summary unknown_events", s.get("unknown_events"), 0)
    fd.equal("summary rows", s.get("rows"), sum(e.get("nrows", 0) for e in dec.events))
    for code, name in COMPRESSED_EVENTS.items():
        names = sorted({e["type"] for e in dec.events if e["type_code"] == code} - {name})
        if names:
            fd.add("event type %d is %s, binsift calls it %s" % (code, name, names))


# ---------------------------------------------------------------------------
# (b) per-type event counts against mariadb-binlog.

# First word of mariadb-binlog 10.11's event header description -> binsift's
# name. MariaDB writes v1 rows events (types 23-25, compressed 166-168).
MARIADB_BINLOG_NAMES = {
    "Start": "FORMAT_DESCRIPTION", "Gtid": "MARIA_GTID_LIST",
    "Binlog": "MARIA_BINLOG_CHECKPOINT", "GTID": "MARIA_GTID", "Query": "QUERY",
    "Query_compressed": "MARIA_QUERY_COMPRESSED", "Annotate_rows": "MARIA_ANNOTATE_ROWS",
    "Table_map": "TABLE_MAP", "Write_rows": "WRITE_ROWS_V1", "Update_rows": "UPDATE_ROWS_V1",
    "Delete_rows": "DELETE_ROWS_V1", "Write_compressed_rows": "MARIA_WRITE_ROWS_COMPRESSED_V1",
    "Update_compressed_rows": "MARIA_UPDATE_ROWS_COMPRESSED_V1",
    "Delete_compressed_rows": "MARIA_DELETE_ROWS_COMPRESSED_V1", "Xid": "XID",
    "Rotate": "ROTATE", "Stop": "STOP",
}
EVENT_HEADER = re.compile(rb"^#\d{6} +\d+:\d\d:\d\d server id \d+ +end_log_pos \d+"
                          rb"(?: CRC32 0x[0-9a-f]+)? *\t(\S+)", re.M)


COMPRESSED_EVENTS = {165: "MARIA_QUERY_COMPRESSED", 166: "MARIA_WRITE_ROWS_COMPRESSED_V1",
                     167: "MARIA_UPDATE_ROWS_COMPRESSED_V1",
                     168: "MARIA_DELETE_ROWS_COMPRESSED_V1"}


def check_counts(fd, cfg, d, files, dec):
    out = sandbox("binlog", d, "--base64-output=decode-rows", *files)
    words = EVENT_HEADER.findall(out)
    fd.equal("mariadb-binlog: event headers vs '# at' lines", len(words),
             len(re.findall(rb"^# at \d+$", out, re.M)))
    want = {}
    for w in words:
        name = MARIADB_BINLOG_NAMES.get(w.decode().rstrip(":"))
        if name is None:
            fd.add("mariadb-binlog prints an event %r this test cannot map" % w)
        want[name] = want.get(name, 0) + 1
    if cfg.compress and not all(want.get(n) for n in COMPRESSED_EVENTS.values()):
        raise RuntimeError("the server wrote no compressed events of some type: %s" % want)
    got = (dec.summary or {}).get("counts", {})
    fd.equal("per-type event counts", dict(sorted(got.items())), dict(sorted(want.items())))
    return len(want)


# ---------------------------------------------------------------------------
# (c) the same binlog through every kind of input.

FILE_FIELD = re.compile(r'^\{"file":"(?:[^"\\]|\\.)*",')
ERROR_FILE = re.compile(r'"error":"[^"]*?: offset')


def without_file(raw):
    """Output lines without the input's name (first key, and in errors)."""
    return [ERROR_FILE.sub('"error":"FILE: offset', FILE_FIELD.sub("{", line))
            for line in raw.decode("utf-8").split("\n") if line]


def same_lines(fd, what, got, want):
    if got == want:
        return
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            fd.add("%s: line %d differs: %s vs %s" % (what, i + 1, short(g), short(w)))
            return
    fd.add("%s: %d lines, the directory decode has %d" % (what, len(got), len(want)))


def check_inputs(fd, binsift, files, dir_rc, dir_raw, tmp):
    want = without_file(dir_raw)
    rc, out, err = decode(binsift, files)
    fd.equal("exit status of the file-list decode", rc, dir_rc)
    if out != dir_raw:
        same_lines(fd, "file-list decode", out.decode().split("\n"), dir_raw.decode().split("\n"))
    gzdir = os.path.join(tmp, "gz")
    os.makedirs(gzdir)
    for f in files:
        with open(f, "rb") as src, gzip.open(os.path.join(gzdir, os.path.basename(f) + ".gz"),
                                             "wb", compresslevel=1) as dst:
            shutil.copyfileobj(src, dst)
    rc, out, err = decode(binsift, [gzdir])
    fd.equal("exit status of the gzip-copies decode", rc, dir_rc)
    same_lines(fd, "gzip-copies decode", without_file(out), want)
    for kind, paths in (("stdin", files),
                        ("gzip on stdin", [os.path.join(gzdir, os.path.basename(f) + ".gz")
                                           for f in files])):
        lines = []
        for f in paths:
            rc, out, err = decode(binsift, ["-"], stdin_path=f)
            if dir_rc == 0 and (rc != 0 or err):
                fd.add("%s decode of %s exits %d: %s" % (kind, os.path.basename(f), rc, err))
            lines += [line for line in without_file(out) if not line.startswith('{"summary"')]
        if dir_rc != 0:  # it stopped at an error; file by file goes on past it
            lines = lines[:len(want) - 1]
        same_lines(fd, kind + " decode, file by file", lines, want[:-1])
    return len(want)


# ---------------------------------------------------------------------------
# COMPRESSED columns: checked if binsift decodes them, else reported.


def compressed_probe(fd, cfg, binsift, d, files, latin1):
    w = Workload()
    w.create("compressed", COMPRESSED_COLS)
    w.dml("compressed", COMPRESSED_SQL)
    rcs, snaps, _ = parse_session(sql(d, session_script(w.steps, setup=["USE bs"])))
    rc, raw, err = decode(binsift, [files[-1]])  # the file that was active until now
    if rc != 0:
        return "not decoded, binsift exits %d: %s" % (rc, err.replace(files[-1], "FILE"))
    n = len(fd.items)
    check_values(fd, cfg, w.steps, Decoded(raw), rcs, snaps, latin1, Stats())
    return "decoded, " + ("values match" if len(fd.items) == n else "see the discrepancies")


# ---------------------------------------------------------------------------


def check_config(fd, stats, cfg, binsift, steps, d):
    """Run the workload on a fresh server and check its binlog; returns what
    was checked, and what binsift did with COMPRESSED columns."""
    with START_LOCK:  # concurrent mariadb-install-db runs can collide in /tmp
        sandbox("start", d, *cfg.options())
    rcs, snaps, latin1 = parse_session(sql(d, session_script(steps)))
    if latin1 is None or len(latin1) != 256:
        raise RuntimeError("the latin1 probe did not return 256 characters")
    settle_binlog(d)
    files = binlog_files(d)
    dir_rc, raw, err = decode(binsift, [os.path.join(d, "binlog")])
    if dir_rc != 0 or err:
        fd.add("binsift decode of the binlog directory exits %d: %s" % (dir_rc, err))
    dec = Decoded(raw)
    check_output_shape(fd, cfg, dec)
    check_values(fd, cfg, steps, dec, rcs, snaps, latin1, stats)
    ntypes = check_counts(fd, cfg, d, files, dec)
    nlines = check_inputs(fd, binsift, files, dir_rc, raw, d)
    note = compressed_probe(fd, cfg, binsift, d, files, latin1)
    facts = ("%d events in %d files (counts of %d types vs mariadb-binlog), %d statements, "
             "%d rows events, %d rows, %d table maps, %d values vs the DB, %d lines x 5 kinds "
             "of input" % (len(dec.events), len(files), ntypes, stats.statements,
                           stats.rows_events, stats.rows, stats.table_maps, stats.values, nlines))
    return facts, note


def run_config(cfg, binsift, steps, tmproot):
    """One configuration on its own server, always stopped; returns (report
    lines, number of discrepancies)."""
    fd, stats = Findings(), Stats()
    d = os.path.join(tmproot, cfg.name)
    start = time.monotonic()
    facts, note = "aborted", "not tried"
    try:
        facts, note = check_config(fd, stats, cfg, binsift, steps, d)
    except Exception as e:  # reported with the configuration, others still run
        fd.add("test aborted: %s: %s" % (type(e).__name__, e))
    finally:
        run([SANDBOX, "stop", d])
    verdict = "%d discrepancies" % len(fd.items) if fd.items else "ok"
    lines = ["[%s] %s: %s; %.1fs: %s" % (cfg.name, cfg.describe(), facts,
                                          time.monotonic() - start, verdict),
             "    COMPRESSED columns: " + note]
    return lines + fd.report(), len(fd.items)


def have_mariadb():
    return all(shutil.which(b) or os.path.exists("/usr/sbin/" + b)
               for b in ("mariadbd", "mariadb-install-db", "mariadb", "mariadb-binlog"))


def main(argv):
    binsift = os.environ.get("BINSIFT")
    if not binsift or not os.access(binsift, os.X_OK):
        print("error: set BINSIFT to the binsift binary")
        return 2
    if not have_mariadb():
        print("skipped: MariaDB server/client tools are not installed")
        return 77
    configs = [c for c in CONFIGS if not argv or c.name in argv]
    if len(configs) != len(argv or CONFIGS):
        print("error: configurations are %s" % ", ".join(c.name for c in CONFIGS))
        return 2
    steps = build_workload()
    tmproot = tempfile.mkdtemp(prefix="binsift-integ-", dir="/tmp")
    start, failed = time.monotonic(), 0
    try:
        # Two at a time: one server starts while the other one's binlog is checked.
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            for lines, n in pool.map(lambda c: run_config(c, binsift, steps, tmproot), configs):
                print("\n".join(lines), flush=True)
                failed += n
    finally:
        shutil.rmtree(tmproot, ignore_errors=True)
    print("%d configurations, %.1fs: %s" % (len(configs), time.monotonic() - start,
                                            "%d discrepancies" % failed if failed else "ok"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
