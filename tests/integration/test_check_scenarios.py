#!/usr/bin/env python3
"""test_check_scenarios.py - the seed scenarios of `binsift check` (issue 4)
on real MariaDB servers.

Each scenario starts throwaway servers (tools/mariadb-sandbox.sh; distinct
server ids and GTID domain ids), runs the annotated traffic of
tests/integration/check/<scenario>.sql, runs `binsift check` with a DM task
from the same folder, and compares the --report JSON and the --events JSONL
with the exact counts the annotations give (check_harness.py says how):

  multi_source  two sources into one TiDB: app.users renamed per source by
                instance routes, deletes on app.orders and every DDL on
                app.logs filtered, app.audit and schema `other` kept out by
                the block-allow list, one statement-format INSERT (dropped:
                "statement-format DML"); exit 0.
  shard_merge   shard_*.t_* merged into merged.t (pessimistic), counts per
                upstream table; exit 0.
  incremental   the task's meta in the middle of the binlog (second file),
                once by file/position (earlier files are not read), once by
                GTID set (source file with enable-gtid; every file is read):
                earlier events are "before start"; exit 0.
  downstream    log.messages has one column more downstream and no CREATE
                TABLE in the replayed range: every row is DM error 36027 with
                the `binlog-schema update` fix, exit 1; with --schema giving
                the upstream structure the rows migrate, exit 0; with neither
                file binsift assumes the structure fits (a note), exit 0.
  bad_input     a task DM rejects (exit 2, the YAML line on stderr) and a
                truncated binlog (exit 2, file and offset on stderr).

Arguments name the scenarios to run (default: all). Exit 0 when binsift
agrees with every expectation, 1 otherwise (each discrepancy is printed), 77
(skipped) without a MariaDB server. Needs BINSIFT; BINSIFT_CHECK_KEEP=1 keeps
the servers' files and binsift's outputs (their folder is printed).
"""
import os
import re
import shutil
import struct
import sys

from check_harness import (SourceExpect, Expect, Server, Traffic, binlog_events, binsift_check,
                           server_with,
                           check_run, data_path, main_wrapper, read_data, rule_lines, short,
                           task_from_template)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def started(servers):
    for s in servers:
        s.start()


def stopped(servers):
    for s in servers:
        s.stop()


def multi_source(binsift, tmp, fd):
    servers = [Server(tmp, "s1", 1), Server(tmp, "s2", 2)]
    try:
        started(servers)
        traffic = [Traffic("multi-source.sql", s.name, s.number) for s in servers]
        for t, s in zip(traffic, servers):
            t.run_on(s)
        task = data_path("multi-source-task.yaml")
        lines = rule_lines(read_data("multi-source-task.yaml"))
        args = ["-c", task]
        for s in servers:
            args += ["--binlog", "%s=%s" % (s.name, s.binlog_dir())]
        run = binsift_check(binsift, tmp, args, "multi-source")
        sources = []
        for t, s in zip(traffic, servers):
            rules = {"app-only": "block-allow-list", "users-" + s.name: "route",
                     "keep-orders": "filter", "no-logs-ddl": "filter"}
            sources.append((SourceExpect(s.name, t.expected(), rules, lines), s.binlog_files()))
        check_run(fd, run, "multi-source", sources, 0)
        return "2 sources, %d data events" % sum(len(sx.expects) for sx, _ in sources)
    finally:
        stopped(servers)


def shard_merge(binsift, tmp, fd):
    with server_with(tmp, "shards", 3, "shard-merge.sql") as (server, traffic):
        run = binsift_check(binsift, tmp, ["-c", data_path("shard-merge-task.yaml"),
                                           "--binlog", "shards=" + server.binlog_dir()],
                            "shard-merge")
        rules = {"shard-tables": "route", "shard-schemas": "route"}
        sx = SourceExpect("shards", traffic.expected(), rules,
                          rule_lines(read_data("shard-merge-task.yaml")))
        check_run(fd, run, "shard-merge", [(sx, server.binlog_files())], 0)
        # The point of the scenario, said once more: every row of t_* lands in merged.t.
        want = sum(e.rows for e in sx.expects if e.target == ("merged", "t"))
        got = 0
        for src in (run.report or {}).get("sources") or []:
            for t in src.get("tables") or []:
                if (t.get("target_schema"), t.get("target_table")) == ("merged", "t"):
                    got += ((t.get("verdicts") or {}).get("migrated") or {}).get("rows", 0)
        fd.equal("shard-merge: rows migrated to merged.t", got, want)
        return "%d data events, %d rows into merged.t" % (len(sx.expects), want)


def incremental(binsift, tmp, fd):
    with server_with(tmp, "inc", 4, "incremental.sql") as (server, traffic):
        files = server.binlog_files()
        if len(files) < 2:
            raise RuntimeError("FLUSH BINARY LOGS made no second file: %s" % files)
        # (a) by file and position: the task's meta, no source file (enable-gtid off).
        # DM asks the server for the binlog from that file on: earlier files
        # are not read at all (not even as "before start").
        pos_file, pos, _ = traffic.marks["pos"]
        task = task_from_template(tmp, "incremental-task.yaml", {
            "BINLOG_NAME": pos_file, "BINLOG_POS": pos, "BINLOG_GTID": ""})
        run = binsift_check(binsift, tmp, ["-c", task, "--binlog", "inc=" + server.binlog_dir()],
                            "incremental-pos")
        skipped = [f for f in files if os.path.basename(f) < pos_file]
        unread = len(binlog_events(skipped)[1])
        sx = SourceExpect("inc", traffic.expected("pos")[unread:], {}, {})
        check_run(fd, run, "by position", [(sx, files[len(skipped):])], 0)
        start_mentions(fd, "by position", run, [pos_file, str(pos)])
        # (b) by GTID set: binlog-name/pos say the first event, binlog-gtid
        # (which wins with enable-gtid) the mark.
        gtid = traffic.marks["gtid"][2]
        task = task_from_template(tmp, "incremental-task.yaml", {
            "BINLOG_NAME": os.path.basename(files[0]), "BINLOG_POS": 4, "BINLOG_GTID": gtid})
        run = binsift_check(binsift, tmp, ["-c", task, "--binlog", "inc=" + server.binlog_dir(),
                                           "-s", data_path("incremental-source.yaml")],
                            "incremental-gtid")
        sx_gtid = SourceExpect("inc", traffic.expected("gtid"), {}, {})
        check_run(fd, run, "by GTID", [(sx_gtid, files)], 0)
        start_mentions(fd, "by GTID", run, [gtid])
        return "%d files; start %s:%d: %d events before start; start %s: %d before start" % (
            len(files), pos_file, pos, sx.by_step.get("before start", {}).get("events", 0), gtid,
            sx_gtid.by_step.get("before start", {}).get("events", 0))


def start_mentions(fd, label, run, words):
    for src in (run.report or {}).get("sources") or []:
        start = src.get("start") or ""
        missing = [w for w in words if w not in start]
        if missing:
            fd.add("%s: the report's start (%r) does not mention %s" % (label, start, missing))


def as_migrated(e):
    name = e.schema + ("." + e.table if e.table else "")
    return Expect([name, e.event, "migrated", "rows=%d" % e.rows], e.where)


def downstream(binsift, tmp, fd):
    with server_with(tmp, "logsrc", 5, "downstream.sql") as (server, traffic):
        files = server.binlog_files()
        task = task_from_template(tmp, "downstream-task.yaml",
                                  {"BINLOG_POS": traffic.marks["start"][1]})
        base = ["-c", task, "--binlog", "logsrc=" + server.binlog_dir()]
        down = ["--downstream-schema", data_path("downstream-schema.sql")]
        up = ["--schema", "logsrc=" + data_path("upstream-schema.sql")]

        # (a) the tracker has the downstream's two columns: 36027 on every row.
        run = binsift_check(binsift, tmp, base + down, "downstream")
        sx = SourceExpect("logsrc", traffic.expected("start"), {}, {})
        check_run(fd, run, "downstream schema only", [(sx, files)], 1)
        conflict_details(fd, run, sx, files)

        # (b) with the upstream structure (what `binlog-schema update` sets): migrated.
        migrated = traffic.expected("start", lambda e: as_migrated(e)
                                    if e.verdict == "conflict" else e)
        run = binsift_check(binsift, tmp, base + down + up, "upstream")
        check_run(fd, run, "with --schema", [(SourceExpect("logsrc", migrated, {}, {}), files)],
                  0)

        # (c) neither: binsift cannot know the downstream table, assumes it
        # fits the binlog, and says so in a note.
        run = binsift_check(binsift, tmp, base, "neither")
        check_run(fd, run, "no schema files", [(SourceExpect("logsrc", migrated, {}, {}), files)],
                  0)
        notes = (run.report or {}).get("notes") or []
        if not any("messages" in str(n) for n in notes):
            fd.add("no schema files: no note says the structure of log.messages was assumed "
                   "(notes: %s)" % short(notes))
        return "%d conflicts expected, then migrated" % sx.verdicts["conflict"]["events"]


def conflict_details(fd, run, sx, files):
    """The one folded 36027 conflict: where it first happened, the message,
    the fix."""
    _, data = binlog_events(files)
    first = next(d for e, d in zip(sx.expects, data) if e.verdict == "conflict")
    srcs = (run.report or {}).get("sources") or [{}]
    confs = srcs[0].get("conflicts") or []
    if len(confs) != 1:
        fd.add("downstream: %d conflict entries, expected 1 (36027 on log.messages, folded)"
               % len(confs))
        if not confs:
            return
    c = confs[0]
    fd.equal("downstream: conflict file", os.path.basename(str(c.get("file"))),
             os.path.basename(first.file))
    fd.equal("downstream: conflict position (first rows event after the start)",
             c.get("position"), first.pos)
    fd.equal("downstream: conflict target", (c.get("target_schema"), c.get("target_table")),
             ("log", "messages"))
    msg = str(c.get("message"))
    if "2 (columns) vs 1 (values)" not in msg:
        fd.add("downstream: the conflict message does not say \"2 (columns) vs 1 (values)\": %r"
               % msg)
    if "binlog-schema update" not in str(c.get("fix")):
        fd.add("downstream: the fix does not mention `binlog-schema update`: %r" % c.get("fix"))
    if "36027" not in run.stdout:
        fd.add("downstream: the text summary on stdout does not show 36027")


def event_starts(path):
    """Offsets of the events of a binlog file (v4 headers), and its end."""
    with open(path, "rb") as f:
        data = f.read()
    pos, starts = 4, []
    while pos + 19 <= len(data):
        size = struct.unpack_from("<I", data, pos + 9)[0]
        if size < 19:
            raise RuntimeError("%s: bad event size at %d" % (path, pos))
        starts.append(pos)
        pos += size
    return starts + [pos]


def bad_input(binsift, tmp, fd):
    sample = os.path.join(REPO, "examples", "mariadb-bin.000001")
    task = os.path.join(REPO, "examples", "task.yaml")

    # A task DM rejects: exit 2, the file and line of the unknown key on stderr.
    run = binsift_check(binsift, tmp, ["-c", data_path("bad-task.yaml"),
                                       "--binlog", "s1=" + sample], "bad-task")
    fd.equal("bad task: exit status", run.rc, 2)
    line = next(n for n, ln in enumerate(read_data("bad-task.yaml").split("\n"), 1)
                if "route-rulez" in ln)
    if not re.search(r"bad-task\.yaml:%d\b|line %d\b" % (line, line), run.stderr):
        fd.add("bad task: stderr does not give bad-task.yaml line %d: %r" % (line, run.stderr))

    # A binlog cut inside an event: exit 2, naming the file and the event's offset.
    starts = event_starts(sample)
    i = (len(starts) - 1) * 2 // 3
    cut_event = starts[i]
    cut_at = (cut_event + starts[i + 1]) // 2  # inside the event
    d = os.path.join(tmp, "truncated")
    os.makedirs(d)
    truncated = os.path.join(d, os.path.basename(sample))
    shutil.copyfile(sample, truncated)
    with open(truncated, "r+b") as f:
        f.truncate(cut_at)
    run = binsift_check(binsift, tmp, ["-c", task, "--binlog", "mysql-01=" + truncated],
                        "truncated")
    fd.equal("truncated binlog: exit status", run.rc, 2)
    if truncated not in run.stderr and os.path.basename(truncated) not in run.stderr:
        fd.add("truncated binlog: stderr does not name the file: %r" % run.stderr)
    if not re.search(r"\b%d\b" % cut_event, run.stderr):
        fd.add("truncated binlog: stderr does not give the offset %d of the cut event: %r"
               % (cut_event, run.stderr))
    return "bad task line %d; binlog cut at %d (event at %d)" % (line, cut_at, cut_event)


SCENARIOS = {"multi_source": multi_source, "shard_merge": shard_merge,
             "incremental": incremental, "downstream": downstream, "bad_input": bad_input}

if __name__ == "__main__":
    sys.exit(main_wrapper(SCENARIOS, sys.argv[1:]))
