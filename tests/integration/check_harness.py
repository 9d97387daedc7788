"""check_harness.py - what the `binsift check` integration tests share.

A scenario runs annotated SQL traffic (tests/integration/check/*.sql) on
throwaway MariaDB servers (tools/mariadb-sandbox.sh), runs `binsift check`
on the binlogs they wrote, and compares binsift's --report JSON and --events
JSONL with what the annotations say DM would do.

Annotated traffic: every statement that writes a data event (a rows event,
or a QUERY event other than BEGIN/COMMIT) is preceded by one line per event

    -- @ SCHEMA[.TABLE] EVENT VERDICT [rows=N] [step=S] [rule=R] [target=S[.T]] [code=C]

(shlex syntax; code 0 - a conflict with no DM error code - is written
without code=). rows is the number of rows in the event (counted only when
binsift decodes them: migrated and conflict rows; rows DM drops before
decoding, or never receives, count 0); target defaults to the upstream name
for migrated events; TABLE "?" leaves open which table the report files the
event under. "-- @source ID" limits the next statement to one source;
"-- @mark NAME" records SHOW MASTER STATUS and @@gtid_binlog_pos there, and a
run that starts at a mark turns every earlier event into "before start".
{S} in the text is replaced by the source's number.

What is compared, per run (discrepancies are collected, not fatal):
- the data events mariadb-binlog shows in the binlog, one per annotation (a
  mismatch is a bug of the test, raised at once);
- --events: the verdicts of each data event, in binlog order, at its file and
  position with its GTID: schema, table, DM event, verdict, step, rule,
  target, code, rows;
- --report: per source the event count, verdict totals, dropped-by-step
  totals, rows decoded, per table and DM event the events and rows of each
  verdict (with target, route and drop step), rule hit counts and YAML lines,
  conflicts; the top-level conflict count; and the exit status.
"""
import contextlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SANDBOX = os.path.join(REPO, "tools", "mariadb-sandbox.sh")
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check")
START_LOCK = threading.Lock()  # concurrent mariadb-install-db runs collide in /tmp

VERDICTS = ("migrated", "dropped", "conflict")
# Rows of events dropped at these steps are never decoded (DM's fast path, or
# DM never receives them): their rows count 0.
UNDECODED_STEPS = {"system schema", "block-allow list", "binlog filter", "online DDL",
                   "before start"}


def data_path(name):
    return os.path.join(DATA, name)


def read_data(name):
    with open(data_path(name), encoding="utf-8") as f:
        return f.read()


def have_mariadb():
    return all(shutil.which(b) or os.path.exists("/usr/sbin/" + b)
               for b in ("mariadbd", "mariadb-install-db", "mariadb", "mariadb-binlog"))


def run(cmd, stdin=None, check=True):
    p = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if check and p.returncode != 0:
        raise RuntimeError("%s exits %d: %s" % (" ".join(cmd), p.returncode,
                                                p.stderr.decode(errors="replace")))
    return p


# ---------------------------------------------------------------------------
# Servers


class Server:
    """A throwaway MariaDB with its own server id and GTID domain id."""

    def __init__(self, root, name, number):
        self.dir = os.path.join(root, name)
        self.name = name
        self.number = number

    def start(self):
        with START_LOCK:
            run([SANDBOX, "start", self.dir, "--server-id=%d" % self.number,
                 "--gtid-domain-id=%d" % self.number])

    def stop(self):
        run([SANDBOX, "stop", self.dir], check=False)

    def sql(self, script):
        p = run([SANDBOX, "sql", self.dir, "-N", "-B"], stdin=script.encode())
        return p.stdout.decode()

    def binlog_dir(self):
        return os.path.join(self.dir, "binlog")

    def binlog_files(self):
        d = self.binlog_dir()
        return sorted(os.path.join(d, f) for f in os.listdir(d)
                      if re.match(r"mysql-bin\.\d+$", f))


# ---------------------------------------------------------------------------
# Annotated traffic


class Expect:
    """What DM does with one data event."""

    def __init__(self, words, where):
        self.where = where
        if len(words) < 3:
            raise ValueError("%s: an expectation needs SCHEMA[.TABLE] EVENT VERDICT" % where)
        name, self.event, self.verdict = words[:3]
        if self.verdict not in VERDICTS:
            raise ValueError("%s: unknown verdict %r" % (where, self.verdict))
        self.schema, _, table = name.partition(".")
        self.table = table or None
        opts = {}
        for w in words[3:]:
            k, eq, v = w.partition("=")
            if not eq or k not in ("rows", "step", "rule", "target", "code"):
                raise ValueError("%s: bad option %r" % (where, w))
            opts[k] = v
        self.rows = int(opts.get("rows", 0))
        self.step = opts.get("step")
        self.rule = opts.get("rule")
        self.code = int(opts["code"]) if "code" in opts else None
        if "target" in opts:
            ts, _, tt = opts["target"].partition(".")
            self.target = (ts, tt or None)
        elif self.verdict != "dropped":
            self.target = (self.schema, self.table)
        else:
            self.target = None
        # Where the report files the event: "" exactly; "table" the schema
        # only (TABLE "?"); "all" neither (see before_start).
        self.loose = "table" if self.table == "?" else ""

    def loose_table(self):
        return self.loose != ""

    def before_start(self):
        """The same event when the replay starts after it. DM never sees a
        QUERY event before its start, so which table (if any) the report files
        one under is left open: the statement need not be parsed."""
        e = Expect([self.schema + ("." + self.table if self.table else ""), self.event,
                    "dropped", "rows=%d" % self.rows, "step=before start"], self.where)
        if self.event not in ("insert", "update", "delete"):
            e.loose = "all"
        return e

    def decoded_rows(self):
        return 0 if self.verdict == "dropped" and self.step in UNDECODED_STEPS else self.rows


class Traffic:
    """Annotated SQL for one source: the script to run and, in binlog order,
    the expectations and marks."""

    def __init__(self, name, source_id, number):
        self.name = name
        self.source_id = source_id
        self.script = []
        self.items = []  # Expect, or ("mark", NAME)
        text = read_data(name).replace("{S}", str(number))
        pending, only = [], None
        stmt = []
        for n, line in enumerate(text.split("\n"), 1):
            where = "%s:%d" % (name, n)
            s = line.strip()
            if s.startswith("-- @source "):
                only = s.split()[2]
            elif s.startswith("-- @mark "):
                mark = s.split()[2]
                self.items.append(("mark", mark))
                self.script.append("SELECT 'mark', '%s', @@gtid_binlog_pos;\nSHOW MASTER STATUS;"
                                   % mark)
            elif s.startswith("-- @ "):
                pending.append(Expect(shlex.split(s[5:]), where))
            elif s.startswith("--") or not s:
                continue
            else:
                stmt.append(line)
                if s.endswith(";"):
                    if only is None or only == source_id:
                        self.script.append("\n".join(stmt))
                        self.items.extend(pending)
                    pending, only, stmt = [], None, []
        if pending or stmt:
            raise ValueError("%s: expectations or text after the last statement" % name)
        self.marks = {}  # name -> (file, pos, gtid)

    def run_on(self, server):
        out = server.sql("\n".join(self.script) + "\n")
        lines = [ln.split("\t") for ln in out.split("\n") if ln]
        for i, f in enumerate(lines):
            if f[0] == "mark":
                status = lines[i + 1]
                self.marks[f[1]] = (status[0], int(status[1]), f[2])
        missing = [m for k, m in self.items_marks() if m not in self.marks]
        if missing:
            raise RuntimeError("marks %s not recorded: %r" % (missing, out))

    def items_marks(self):
        return [it for it in self.items if isinstance(it, tuple)]

    def expected(self, start_mark=None, change=None):
        """The expectations in binlog order for a replay starting at
        start_mark (None: the first event); change(e) may rewrite each."""
        out, before = [], start_mark is not None
        for it in self.items:
            if isinstance(it, tuple):
                if it[1] == start_mark:
                    before = False
                continue
            e = it.before_start() if before else it
            out.append(change(e) if change else e)
        return out


# ---------------------------------------------------------------------------
# The binlog as mariadb-binlog shows it

AT = re.compile(r"^# at (\d+)$")
HEADER = re.compile(r"^#\d{6} +\d+:\d\d:\d\d server id \d+ +end_log_pos \d+"
                    r"(?: CRC32 0x[0-9a-f]+)? *\t(\S+)(.*)$")
ROWS_WORDS = {"Write_rows:": "insert", "Update_rows:": "update", "Delete_rows:": "delete"}


@contextlib.contextmanager
def server_with(tmp, name, server_id, traffic_file):
    """A started throwaway server (name, server_id) with traffic_file written
    to it; yields (server, traffic) and stops the server on the way out."""
    server = Server(tmp, name, server_id)
    try:
        server.start()
        traffic = Traffic(traffic_file, name, server_id)
        traffic.run_on(server)
        yield server, traffic
    finally:
        server.stop()


class BinlogEvent:
    def __init__(self, file, pos, kind, gtid):
        self.file, self.pos, self.kind, self.gtid = file, pos, kind, gtid

    def __repr__(self):
        return "%s:%d %s" % (os.path.basename(self.file), self.pos, self.kind)


def binlog_events(files):
    """(every event header count, data events in order) of the files."""
    total, data = 0, []
    gtid = ""
    for f in files:
        out = run(["mariadb-binlog", "--no-defaults", "--base64-output=decode-rows", f])
        lines = out.stdout.decode(errors="replace").split("\n")
        # "# at N" lines come before their headers, in order (two in a row
        # before ANNOTATE_ROWS + TABLE_MAP).
        at = []
        for i, line in enumerate(lines):
            m = AT.match(line)
            if m:
                at.append(int(m.group(1)))
                continue
            m = HEADER.match(line)
            if not m:
                continue
            total += 1
            pos = at.pop(0)
            word, rest = m.group(1), m.group(2)
            if word == "GTID":
                gtid = rest.split()[0]
            elif word in ROWS_WORDS:
                data.append(BinlogEvent(f, pos, ROWS_WORDS[word], gtid))
            elif word == "Query" and query_text(lines, i + 1).upper() not in ("BEGIN", "COMMIT"):
                data.append(BinlogEvent(f, pos, "query", gtid))
        if at:
            raise RuntimeError("%s: mariadb-binlog shows %d positions without an event"
                               % (f, len(at)))
    return total, data


def query_text(lines, i):
    """The statement of the QUERY event whose text starts at lines[i]
    (after mariadb-binlog's SET/use lines), without its /*!*/; ending."""
    while i < len(lines) and lines[i].startswith(("SET ", "use ", "/*!")):
        i += 1
    return lines[i].replace("/*!*/;", "").strip() if i < len(lines) else ""


# ---------------------------------------------------------------------------
# Running binsift check


class CheckRun:
    def __init__(self, rc, stdout, stderr, report, events, problems):
        self.rc, self.stdout, self.stderr = rc, stdout, stderr
        self.report, self.events = report, events
        self.problems = problems  # output that is not valid JSON


def load_json(text, what, problems):
    """Parse binsift's JSON; when it is invalid, say so (a discrepancy) and
    try once more with `}{` read as `},{` (a missing comma between array
    items), so that the rest can still be compared."""
    try:
        return json.loads(text)
    except ValueError as e:
        problems.append("%s is not valid JSON (%s): %s" % (what, e, short(
            text[max(0, e.pos - 80):e.pos + 80] if hasattr(e, "pos") else text)))
    try:
        return json.loads(re.sub(r"\}\{", "},{", text))
    except ValueError:
        return None


def binsift_check(binsift, tmp, args, label):
    """Run `binsift check ARGS --report --events`; parse what it wrote."""
    report_path = os.path.join(tmp, label + ".report.json")
    events_path = os.path.join(tmp, label + ".events.jsonl")
    for p in (report_path, events_path):
        if os.path.exists(p):
            os.remove(p)
    cmd = [binsift, "check"] + args + ["--report", report_path, "--events", events_path,
                                       "--color", "never"]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    report, events, problems = None, None, []
    if os.path.exists(report_path):
        with open(report_path, encoding="utf-8") as f:
            report = load_json(f.read(), "--report", problems)
    if os.path.exists(events_path):
        with open(events_path, encoding="utf-8") as f:
            events = [load_json(ln, "--events line %d" % n, problems)
                      for n, ln in enumerate(f, 1) if ln.strip()]
    return CheckRun(p.returncode, p.stdout.decode(errors="replace"),
                    p.stderr.decode(errors="replace"), report, events, problems)


def has_check_command(binsift):
    p = subprocess.run([binsift, "check", "--help"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    return p.returncode == 0


def task_from_template(tmp, name, values):
    """A copy of task template name with @KEY@ placeholders filled in (same
    lines, so YAML line numbers stay those of the template)."""
    text = read_data(name)
    for k, v in values.items():
        text = text.replace("@%s@" % k, str(v))
    if "@" in re.sub(r"#.*", "", text):
        raise ValueError("unfilled placeholder in %s" % name)
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def rule_lines(task_text):
    """{rule name: YAML line} for the entries of the task's rule maps."""
    lines, section = {}, None
    for n, line in enumerate(task_text.split("\n"), 1):
        m = re.match(r"^([a-z-]+):\s*$", line)
        if m:
            section = m.group(1)
            continue
        m = re.match(r"^  ([A-Za-z0-9_.-]+):\s*$", line)
        if m and section in ("routes", "filters", "block-allow-list", "expression-filter"):
            lines[m.group(1)] = n
        elif line and not line.startswith((" ", "#")):
            section = None
    return lines


# ---------------------------------------------------------------------------
# Comparison


class Findings:
    def __init__(self):
        self.items = []

    def add(self, msg):
        self.items.append(msg)

    def equal(self, what, got, want):
        if got != want:
            self.add("%s: binsift %s, expected %s" % (what, short(got), short(want)))
            return False
        return True


def short(v, n=300):
    s = json.dumps(v, sort_keys=True) if not isinstance(v, str) else v
    return s if len(s) <= n else s[:n] + "..."


def count():
    return {"events": 0, "rows": 0}


def none_if_empty(v):
    return v if v not in ("", None) else None


def event_name(name):
    """DM event name as the reports print it: statements DM does not
    classify are "other"."""
    return name if name not in ("", None) else "other"


class SourceExpect:
    """The per-source totals the expectations add up to."""

    def __init__(self, source_id, expects, rules, rule_line):
        self.source_id = source_id
        self.expects = expects
        self.verdicts = {v: count() for v in VERDICTS}
        self.by_step = {}
        self.tables = {}  # (schema, table) -> {"target", "route", "lines": {event: {verdict: c}}}
        self.loose = []  # expectations whose table is left open
        self.rules = {name: count() for name in rules}
        self.rule_kind = rules
        self.rule_line = rule_line
        self.rows_decoded = 0
        self.conflicts = {}  # (code, schema, table) -> events
        for e in expects:
            self._add(e)

    def _add(self, e):
        rows = e.decoded_rows()
        self.rows_decoded += rows
        c = self.verdicts[e.verdict]
        c["events"] += 1
        c["rows"] += rows
        if e.verdict == "dropped":
            s = self.by_step.setdefault(e.step, count())
            s["events"] += 1
            s["rows"] += rows
        if e.rule:
            r = self.rules[e.rule]
            r["events"] += 1
            r["rows"] += rows
        if e.verdict == "conflict":
            k = (e.code, e.schema, e.table)
            self.conflicts[k] = self.conflicts.get(k, 0) + 1
        if e.loose_table():
            self.loose.append(e)
            return
        t = self.tables.setdefault((e.schema, e.table),
                                   {"target": None, "route": None, "lines": {}, "rows_events": 0})
        if e.verdict != "dropped":
            t["target"] = e.target
            if e.rule and self.rule_kind.get(e.rule) == "route":
                t["route"] = e.rule
        if e.event in ("insert", "update", "delete"):
            t["rows_events"] += 1
        line = t["lines"].setdefault(e.event, {v: count() for v in VERDICTS})
        line[e.verdict]["events"] += 1
        line[e.verdict]["rows"] += rows

    def table_drop_step(self, key):
        """The drop step of a table whose rows events were all dropped at one
        fast-path step (block-allow list, ...), else None."""
        steps = {e.step for e in self.expects if (e.schema, e.table) == key
                 and e.event in ("insert", "update", "delete")}
        verdicts = {e.verdict for e in self.expects if (e.schema, e.table) == key}
        if verdicts == {"dropped"} and len(steps) == 1 and steps <= {"block-allow list",
                                                                       "system schema"}:
            return steps.pop()
        return None


def report_count(obj, verdict):
    c = (obj.get("verdicts") or obj).get(verdict) if isinstance(obj, dict) else None
    if not isinstance(c, dict):
        return None
    return {"events": c.get("events"), "rows": c.get("rows")}


def table_key(t):
    return (t.get("schema"), none_if_empty(t.get("table")))


def compare_tables(fd, sx, src):
    got = {}
    for t in src.get("tables") or []:
        k = table_key(t)
        if k in got:
            fd.add("%s: table %s listed twice" % (sx.source_id, k))
        got[k] = t
    # Expectations whose table is open: take them off whichever table of
    # their schema shows them (as event "other" or their event), if any.
    for e in sx.loose:
        for k, t in sorted(got.items(), key=lambda kv: str(kv[0])):
            if e.loose == "table" and k[0] != e.schema:
                continue
            for ln in t.get("events") or []:
                if event_name(ln.get("event")) in ("other", e.event) and \
                        (ln.get(e.verdict) or {}).get("events", 0) >= 1:
                    ln[e.verdict]["events"] -= 1
                    ln[e.verdict]["rows"] -= e.decoded_rows()
                    tv = t.get("verdicts", {}).get(e.verdict)
                    if tv:
                        tv["events"] -= 1
                        tv["rows"] -= e.decoded_rows()
                    break
            else:
                continue
            break
    for k, t in got.items():
        lines = [ln for ln in t.get("events") or []
                 if any((ln.get(v) or {}).get("events") for v in VERDICTS)]
        if not lines and k not in sx.tables:
            continue  # emptied by a loose expectation
        if k not in sx.tables:
            fd.add("%s: unexpected table %s in the report: %s" % (sx.source_id, k, short(t)))
    for k, want in sorted(sx.tables.items(), key=lambda kv: str(kv[0])):
        what = "%s: table %s" % (sx.source_id, ".".join(x for x in k if x))
        t = got.get(k)
        if t is None:
            fd.add("%s: missing from the report (tables: %s)" % (what, sorted(map(str, got))))
            continue
        target = want["target"]
        fd.equal(what + " target", (none_if_empty(t.get("target_schema")),
                                    none_if_empty(t.get("target_table"))),
                 tuple(target) if target else (None, None))
        fd.equal(what + " route", t.get("route"), want["route"])
        if want["rows_events"]:
            fd.equal(what + " dropped_step", t.get("dropped_step"), sx.table_drop_step(k))
        got_lines = {}
        for ln in t.get("events") or []:
            got_lines[event_name(ln.get("event"))] = {v: report_count(ln, v) or count()
                                                      for v in VERDICTS}
        got_lines = {ev: c for ev, c in got_lines.items()
                     if any(x["events"] or x["rows"] for x in c.values())}
        fd.equal(what + " per-event counts", got_lines, want["lines"])
        total = {v: count() for v in VERDICTS}
        for c in want["lines"].values():
            for v in VERDICTS:
                total[v]["events"] += c[v]["events"]
                total[v]["rows"] += c[v]["rows"]
        fd.equal(what + " verdict totals", {v: report_count(t, v) for v in VERDICTS}, total)


def compare_source(fd, sx, src, event_total):
    sid = sx.source_id
    fd.equal(sid + ": source_id", src.get("source_id"), sid)
    fd.equal(sid + ": events read", src.get("events"), event_total)
    fd.equal(sid + ": rows_decoded", src.get("rows_decoded"), sx.rows_decoded)
    fd.equal(sid + ": verdict totals", {v: report_count(src, v) for v in VERDICTS},
             sx.verdicts)
    by_step = {k: {"events": v.get("events"), "rows": v.get("rows")}
               for k, v in (src.get("dropped_by_step") or {}).items()
               if v.get("events") or v.get("rows")}
    fd.equal(sid + ": dropped_by_step", by_step, sx.by_step)
    fd.equal(sid + ": error", src.get("error"), None)
    compare_tables(fd, sx, src)
    rules = {}
    for r in src.get("rules") or []:
        rules[r.get("name")] = r
    fd.equal(sid + ": rules listed", sorted(rules), sorted(sx.rules))
    for name, want in sorted(sx.rules.items()):
        r = rules.get(name)
        if r is None:
            continue
        fd.equal("%s: rule %s kind" % (sid, name), r.get("kind"), sx.rule_kind[name])
        fd.equal("%s: rule %s hits" % (sid, name),
                 {"events": r.get("events"), "rows": r.get("rows")}, want)
        fd.equal("%s: rule %s line" % (sid, name), r.get("line"), sx.rule_line.get(name))
    got_conf = {}
    for c in src.get("conflicts") or []:
        k = (c.get("code") or None, c.get("schema"), none_if_empty(c.get("table")))
        got_conf[k] = got_conf.get(k, 0) + (c.get("count") or 0)
    fd.equal(sid + ": conflicts (code, schema, table) -> count",
             sorted(got_conf.items(), key=str), sorted(sx.conflicts.items(), key=str))


def compare_events(fd, sid, expects, data, verdicts):
    """--events lines of one source against the expectations, event by event."""
    groups = []  # [(file, position), [lines]]
    for v in verdicts:
        key = (os.path.basename(str(v.get("file"))), v.get("position"))
        if groups and groups[-1][0] == key:
            groups[-1][1].append(v)
        else:
            groups.append((key, [v]))
    if not fd.equal(sid + ": data events with verdicts in --events (file, position)",
                    [g[0] for g in groups],
                    [(os.path.basename(d.file), d.pos) for d in data]):
        return
    shown = 0
    for (key, lines), e, d in zip(groups, expects, data):
        where = "%s: %s:%d (%s)" % (sid, key[0], key[1], e.where)
        problems = []

        def chk(what, got, want):
            if got != want:
                problems.append("%s %s (expected %s)" % (what, short(got, 80), short(want, 80)))

        for v in lines:
            chk("source", v.get("source"), sid)
            chk("gtid", v.get("gtid"), d.gtid)
            if e.loose != "all":
                chk("schema", v.get("schema"), e.schema)
            if not e.loose_table():
                chk("table", none_if_empty(v.get("table")), e.table)
            if e.loose_table():
                if event_name(v.get("event")) not in ("other", e.event):
                    chk("event", v.get("event"), "other")
            else:
                chk("event", event_name(v.get("event")), e.event)
            chk("verdict", v.get("verdict"), e.verdict)
            chk("step", none_if_empty(v.get("step")), e.step)
            chk("rule", none_if_empty(v.get("rule")), e.rule)
            chk("code", v.get("code") or None, e.code)
            if e.verdict == "migrated":
                chk("target", (v.get("target_schema"), none_if_empty(v.get("target_table"))),
                    e.target)
        rows = sum(v.get("rows") for v in lines if isinstance(v.get("rows"), int))
        chk("rows", rows, e.decoded_rows())
        if problems:
            shown += 1
            if shown <= 12:
                fd.add("%s: %s" % (where, "; ".join(sorted(set(problems)))))
    if shown > 12:
        fd.add("%s: ... %d more events differ" % (sid, shown - 12))


def check_run(fd, run_, label, sources, want_rc):
    """sources: [(SourceExpect, binlog files)], in --binlog order."""
    fd.equal(label + ": exit status", run_.rc, want_rc)
    for p in run_.problems:
        fd.add("%s: %s" % (label, p))
    if run_.report is None:
        fd.add("%s: no --report written (stderr: %s)" % (label, short(run_.stderr)))
        return
    rep = run_.report
    srcs = rep.get("sources") or []
    fd.equal(label + ": sources", [s.get("source_id") for s in srcs],
             [sx.source_id for sx, _ in sources])
    conflicts = 0
    for (sx, files), src in zip(sources, srcs):
        total, data = binlog_events(files)
        if len(data) != len(sx.expects):
            raise RuntimeError("%s: the binlog has %d data events, the traffic annotates %d: %s"
                               % (sx.source_id, len(data), len(sx.expects), data))
        for e, d in zip(sx.expects, data):
            rows_event = e.event in ("insert", "update", "delete")
            if rows_event != (d.kind != "query") or (rows_event and d.kind != e.event):
                raise RuntimeError("%s: %s is annotated %s but the binlog has %s there"
                                   % (sx.source_id, e.where, e.event, d))
        compare_source(fd, sx, src, total)
        conflicts += sx.verdicts["conflict"]["events"]
        if run_.events is None:
            fd.add("%s: no --events written" % label)
        else:
            compare_events(fd, sx.source_id, sx.expects, data,
                           [v for v in run_.events if v.get("source") == sx.source_id])
    fd.equal(label + ": conflicts", rep.get("conflicts"), conflicts)


def main_wrapper(scenarios, argv):
    """Run the named scenarios (default: all); each is f(binsift, tmp, fd)."""
    binsift = os.environ.get("BINSIFT")
    if not binsift or not os.access(binsift, os.X_OK):
        print("error: set BINSIFT to the binsift binary")
        return 2
    names = argv or list(scenarios)
    unknown = [n for n in names if n not in scenarios]
    if unknown:
        print("error: unknown scenario(s) %s; scenarios are %s" % (unknown, ", ".join(scenarios)))
        return 2
    if not have_mariadb():
        print("skipped: MariaDB server/client tools are not installed")
        return 77
    if not has_check_command(binsift):
        print("FAIL: `%s check --help` fails: binsift has no check command" % binsift)
        return 1
    failed = 0
    for name in names:
        fd = Findings()
        tmp = tempfile.mkdtemp(prefix="binsift-check-%s-" % name, dir="/tmp")
        t0 = time.monotonic()
        try:
            facts = scenarios[name](binsift, tmp, fd)
        except Exception as e:  # a broken scenario is reported like a discrepancy
            facts = "aborted"
            fd.add("scenario aborted: %s: %s" % (type(e).__name__, e))
        finally:
            if os.environ.get("BINSIFT_CHECK_KEEP"):
                print("[%s] kept %s" % (name, tmp))
            else:
                shutil.rmtree(tmp, ignore_errors=True)
        print("[%s] %s; %.1fs: %s" % (name, facts, time.monotonic() - t0,
                                      "%d discrepancies" % len(fd.items) if fd.items else "ok"))
        for item in fd.items:
            print("    " + item)
        sys.stdout.flush()
        failed += len(fd.items)
    return 1 if failed else 0
