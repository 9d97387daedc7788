#!/usr/bin/env python3
"""`binsift decode` as a user drives it: inputs, positions, formats, usage.

Every case works on examples/mariadb-bin.000001 (a real MariaDB binlog) or
copies of it in a temporary directory, and compares binsift's JSONL output
with the plain decode of that one file: several files in one command,
directories with and without an index file, gzip files and standard input
must all yield the same events, in the order the user asked for. Each case
is a function named case_*; a failed check prints "FAIL <case>: ..." and the
script exits 1.
"""
import gzip
import json
import os
import shutil
import sys

from harness import Failed, binsift, expect, run_cases

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "examples", "mariadb-bin.000001")

DUPLICATE_KEYS = set()  # (event type, key) pairs seen twice in one JSON object


def first_wins(pairs):
    """A JSON object keeping the first of repeated keys (and noting them):
    the event's "file" must stay the input file whatever the event holds."""
    obj = {}
    for key, value in pairs:
        if key in obj:
            DUPLICATE_KEYS.add((obj.get("type"), key))
        else:
            obj[key] = value
    return obj


def decode(*args, stdin=None):
    """binsift decode --format jsonl ARGS: (status, events, summary, stderr).
    Every stdout line must be a JSON object and the last one the summary."""
    rc, out, err = binsift("decode", "--format", "jsonl", *args, stdin=stdin)
    lines = []
    for n, line in enumerate(out.splitlines(), 1):
        try:
            lines.append(json.loads(line, object_pairs_hook=first_wins))
        except ValueError as e:
            raise Failed("stdout line %d is not JSON (%s): %r" % (n, e, line[:200]))
        expect(isinstance(lines[-1], dict), "stdout line %d is not a JSON object" % n)
    expect(lines and "summary" in lines[-1], "no summary line at the end of stdout: %r" % out[-300:])
    return rc, lines[:-1], lines[-1]["summary"], err


def ok(*args, stdin=None):
    rc, events, summary, err = decode(*args, stdin=stdin)
    expect(rc == 0 and not err, "binsift decode %s: exit %d, stderr %r" % (" ".join(args), rc, err))
    return events, summary


def positions(events):
    return [(e["pos"], e["type"]) for e in events]


def failure(args, text, stdin=None):
    """binsift decode ARGS must exit 2 with text on stderr; returns the events
    printed before the error."""
    rc, events, summary, err = decode(*args, stdin=stdin)
    expect(rc == 2, "binsift decode %s: exit %d, expected 2 (stderr %r)" % (" ".join(args), rc, err))
    expect(text in err, "binsift decode %s: stderr %r lacks %r" % (" ".join(args), err, text))
    expect(text in summary.get("error", ""), "summary error %r lacks %r" % (summary.get("error"), text))
    return events


REFERENCE = None  # [(pos, type)] of the plain decode of EXAMPLE


def case_jsonl_keys_unique():
    DUPLICATE_KEYS.clear()
    ok("-v", EXAMPLE)
    expect(not DUPLICATE_KEYS, "JSON objects repeat keys (event type, key): %s"
           % sorted(DUPLICATE_KEYS))


# ---- usage ----

def case_help():
    for args in (["--help"], ["decode", "--help"], ["decode", "-h"]):
        rc, out, err = binsift(*args)
        expect(rc == 0, "binsift %s: exit %d" % (" ".join(args), rc))
        expect(out.startswith("usage: binsift"), "binsift %s: no usage on stdout" % " ".join(args))


def case_usage_errors():
    cases = [
        ([], "usage: binsift"),
        (["no-such-command"], "unknown command"),
        (["decode"], "no input files"),
        (["decode", "--no-such-option", EXAMPLE], "unrecognized option"),
        (["decode", "--format", "xml", EXAMPLE], "--format must be text or jsonl"),
        (["decode", "--format"], "requires an argument"),
        (["decode", "--start-position", "abc", EXAMPLE], "--start-position expects"),
        (["decode", "--start-position", "-5", EXAMPLE], "--start-position expects"),
        (["decode", "--stop-position", "12x", EXAMPLE], "--stop-position expects"),
    ]
    for args, text in cases:
        rc, out, err = binsift(*args)
        expect(rc == 2, "binsift %s: exit %d, expected 2" % (" ".join(args), rc))
        expect(text in err, "binsift %s: stderr %r lacks %r" % (" ".join(args), err, text))


def input_error(args, *texts):
    """An input that cannot be resolved: exit 2, each text on stderr."""
    rc, out, err = binsift("decode", "--format", "jsonl", *args)
    expect(rc == 2 and all(t in err for t in texts),
           "binsift decode %s: exit %d, stderr %r, expected %r" % (" ".join(args), rc, err, texts))


def case_missing_file(tmp):
    path = os.path.join(tmp, "nope.000001")
    input_error([path], path, "cannot open")


# ---- output ----

def case_jsonl_every_line(tmp):
    events, summary = ok("-v", EXAMPLE)
    expect(positions(events) == REFERENCE, "-v changes the events")
    for e in events:
        expect({"file", "pos", "type", "type_code", "size"} <= set(e), "event lacks fields: %r" % e)
        expect(e["file"] == EXAMPLE, "file %r, expected %r" % (e["file"], EXAMPLE))
    rows = [e for e in events if e["type"].endswith("_ROWS_V1")]
    expect(rows and all(isinstance(e.get("rows"), list) and e["rows"] for e in rows),
           "-v --format jsonl rows events lack their rows")
    expect(summary["events"] == len(events) and summary["files"] == 1, "summary %r" % summary)
    expect(summary["bytes"] == os.path.getsize(EXAMPLE) - 4, "summary bytes %r" % summary["bytes"])


def case_text_format():
    rc, out, err = binsift("decode", EXAMPLE)
    lines = out.splitlines()
    expect(rc == 0 and not err, "text decode: exit %d, %r" % (rc, err))
    event_lines = [l for l in lines if not l.startswith("#")]
    expect(len(event_lines) == len(REFERENCE), "text: %d event lines, expected %d"
           % (len(event_lines), len(REFERENCE)))
    for line, (pos, type_name) in zip(event_lines, REFERENCE):
        expect(line.startswith("%s %d %s " % (EXAMPLE, pos, type_name)), "text line %r" % line)
    expect(any(l.startswith("# summary: %d events" % len(REFERENCE)) for l in lines),
           "text output lacks its summary")


# ---- several inputs ----

def copy(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    shutil.copyfile(src, dst)
    return dst


def case_several_files(tmp):
    a = copy(EXAMPLE, os.path.join(tmp, "several", "a-bin.000002"))
    b = copy(EXAMPLE, os.path.join(tmp, "several", "b-bin.000001"))
    events, summary = ok(a, b)  # command-line order, not name order
    files = [e["file"] for e in events]
    n = len(REFERENCE)
    expect(files == [a] * n + [b] * n, "several files: order %r" % sorted(set(files), key=files.index))
    expect(positions(events) == REFERENCE * 2, "several files: events differ from one file's")
    expect(summary["files"] == 2 and summary["events"] == 2 * n, "summary %r" % summary)


def numbered_dir(tmp, name, extra=()):
    d = os.path.join(tmp, name)
    for n in ("mysql-bin.1000000", "mysql-bin.999999") + tuple(extra):
        copy(EXAMPLE, os.path.join(d, n))
    return d


def file_order(events):
    order = []
    for e in events:
        name = os.path.basename(e["file"])
        if not order or order[-1] != name:
            order.append(name)
    return order


def case_directory_numeric_order(tmp):
    d = numbered_dir(tmp, "dir-no-index", ("mysql-bin.2",))
    with open(os.path.join(d, "README.txt"), "w") as f:
        f.write("not a binlog: skipped when listing the directory\n")
    copy(EXAMPLE, os.path.join(d, ".hidden-bin.000001"))
    events, summary = ok(d)
    expect(file_order(events) == ["mysql-bin.2", "mysql-bin.999999", "mysql-bin.1000000"],
           "directory order %r" % file_order(events))
    expect(summary["files"] == 3, "summary %r" % summary)


def case_directory_with_index(tmp):
    d = numbered_dir(tmp, "dir-index")
    # The index, not the names, decides: the server's order is authoritative.
    with open(os.path.join(d, "mysql-bin.index"), "w") as f:
        f.write("./mysql-bin.1000000\n./mysql-bin.999999\n")
    events, _ = ok(d)
    expect(file_order(events) == ["mysql-bin.1000000", "mysql-bin.999999"],
           "index order %r" % file_order(events))


def case_index_from_another_machine(tmp):
    d = numbered_dir(tmp, "dir-foreign-index")
    with open(os.path.join(d, "mysql-bin.index"), "w") as f:
        f.write("/var/lib/mysql-on-another-host/mysql-bin.999999\r\n"
                "/var/lib/mysql-on-another-host/mysql-bin.1000000\r\n")
    events, _ = ok(d)
    expect(file_order(events) == ["mysql-bin.999999", "mysql-bin.1000000"],
           "foreign index order %r" % file_order(events))
    expect(all(os.path.dirname(e["file"]) == d for e in events), "files resolved outside %s" % d)


def case_index_lists_missing_file(tmp):
    d = numbered_dir(tmp, "dir-index-missing")
    index = os.path.join(d, "mysql-bin.index")
    with open(index, "w") as f:
        f.write("./mysql-bin.999999\n./mysql-bin.1000001\n")
    input_error([d], index, "mysql-bin.1000001")


def case_two_index_files(tmp):
    d = numbered_dir(tmp, "dir-two-indexes")
    for name in ("mysql-bin.index", "relay-bin.index"):
        with open(os.path.join(d, name), "w") as f:
            f.write("./mysql-bin.999999\n")
    input_error([d], d, "several index files")


def case_empty_directory(tmp):
    d = os.path.join(tmp, "empty-dir")
    os.makedirs(d)
    input_error([d], d, "no binlog files")


def case_error_in_second_file(tmp):
    d = os.path.join(tmp, "second-broken")
    a = copy(EXAMPLE, os.path.join(d, "mysql-bin.000001"))
    b = os.path.join(d, "mysql-bin.000002")
    with open(EXAMPLE, "rb") as f:
        data = f.read()
    with open(b, "wb") as f:
        f.write(data[:1000])  # inside the QUERY at 836
    events = failure([a, b], "%s: offset 836:" % b)
    expect(positions(events) == REFERENCE + [p for p in REFERENCE if p[0] < 836],
           "the events before the error are not all printed")


# ---- gzip and stdin ----

def case_gzip_file(tmp):
    gz = os.path.join(tmp, "mysql-bin.000001.gz")
    with open(EXAMPLE, "rb") as f, gzip.open(gz, "wb") as g:
        g.write(f.read())
    events, summary = ok(gz)
    expect(positions(events) == REFERENCE and all(e["file"] == gz for e in events),
           "a .gz file decodes differently from the plain file")
    events, _ = ok("-v", gz)
    expect(positions(events) == REFERENCE, "-v on a .gz file decodes differently")


def case_truncated_gzip_keeps_events_before_the_cut(tmp):
    with open(EXAMPLE, "rb") as f:
        packed = gzip.compress(f.read(), mtime=0)
    gz = os.path.join(tmp, "truncated.gz")
    with open(gz, "wb") as f:
        f.write(packed[:len(packed) * 2 // 3])
    events = failure([gz], gz + ": offset")
    # Whatever was decoded before an error is printed (README): the first
    # two thirds of the compressed stream hold well over one event.
    expect(len(events) > 1 and positions(events) == REFERENCE[:len(events)],
           "a truncated .gz printed %d events before its error, expected the events "
           "inflated before the cut" % len(events))


def case_stdin(tmp):
    with open(EXAMPLE, "rb") as f:
        data = f.read()
    events, _ = ok("-", stdin=data)
    expect(positions(events) == REFERENCE and all(e["file"] == "-" for e in events),
           "stdin decodes differently from the file")
    events, _ = ok("-", stdin=gzip.compress(data))
    expect(positions(events) == REFERENCE, "gzipped stdin decodes differently from the file")
    events = failure(["-"], "-: offset 836:", stdin=data[:1000])
    expect(positions(events) == [p for p in REFERENCE if p[0] < 836],
           "truncated stdin: events before the cut missing")


# ---- positions ----

def case_start_position():
    start = REFERENCE[9][0]  # a MARIA_GTID that opens a transaction
    events, _ = ok("--start-position", str(start), EXAMPLE)
    expected = [REFERENCE[0]] + [p for p in REFERENCE if p[0] >= start]
    expect(positions(events) == expected,
           "--start-position %d: got %r..., expected the FDE then events from %d"
           % (start, positions(events)[:3], start))
    for at in (0, 4):  # at or before the first event: everything
        events, _ = ok("--start-position", str(at), EXAMPLE)
        expect(positions(events) == REFERENCE, "--start-position %d skips events" % at)


def case_start_position_mid_event():
    mid = REFERENCE[9][0] + 1
    failure(["--start-position", str(mid), EXAMPLE], "offset %d:" % mid)
    failure(["--start-position", str(mid), EXAMPLE], "is the start position %d an event boundary?" % mid)
    failure(["--start-position", "10", EXAMPLE], "inside the format description event")


def case_start_position_past_end():
    size = os.path.getsize(EXAMPLE)
    failure(["--start-position", str(size + 100), EXAMPLE], "past the end of the file")
    events, _ = ok("--start-position", str(size), EXAMPLE)  # the very end: nothing after the FDE
    expect(positions(events) == [REFERENCE[0]], "--start-position at EOF: %r" % positions(events))


def case_stop_position():
    stop = REFERENCE[9][0]
    events, _ = ok("--stop-position", str(stop), EXAMPLE)
    expect(positions(events) == [p for p in REFERENCE if p[0] < stop],
           "--stop-position %d: %r" % (stop, positions(events)[-2:]))
    # Mid-event: like mysqlbinlog, stop at the first event starting at or after it.
    events, _ = ok("--stop-position", str(stop + 1), EXAMPLE)
    expect(positions(events) == [p for p in REFERENCE if p[0] <= stop],
           "--stop-position %d: %r" % (stop + 1, positions(events)[-2:]))
    events, _ = ok("--stop-position", str(os.path.getsize(EXAMPLE) + 100), EXAMPLE)
    expect(positions(events) == REFERENCE, "--stop-position past the end drops events")
    events, _ = ok("--start-position", str(stop), "--stop-position", str(REFERENCE[13][0]), EXAMPLE)
    expect(positions(events) == [REFERENCE[0]] + REFERENCE[9:13],
           "--start/--stop range: %r" % positions(events))


def case_positions_with_several_files(tmp):
    a = copy(EXAMPLE, os.path.join(tmp, "range", "mysql-bin.000001"))
    b = copy(EXAMPLE, os.path.join(tmp, "range", "mysql-bin.000002"))
    start, stop = REFERENCE[9][0], REFERENCE[5][0]
    # The start applies to the first file, the stop to the last.
    events, _ = ok("--start-position", str(start), "--stop-position", str(stop), a, b)
    want = [REFERENCE[0]] + [p for p in REFERENCE if p[0] >= start] + \
        [p for p in REFERENCE if p[0] < stop]
    expect(positions(events) == want, "start/stop over two files: %r" % positions(events))


def setup(tmp):
    global REFERENCE
    events, _ = ok(EXAMPLE)
    REFERENCE = positions(events)
    assert len(REFERENCE) > 20 and REFERENCE[9][1] == "MARIA_GTID", REFERENCE


if __name__ == "__main__":
    sys.exit(run_cases(globals(), "binsift-cli-", setup))
