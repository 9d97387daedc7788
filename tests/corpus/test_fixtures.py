#!/usr/bin/env python3
"""Fixture conformance: binsift decodes every real binlog in the shared corpus.

For each of the binlogs in $BINSIFT_SHARED/fixtures/manifest.json this runs
`binsift decode --format jsonl` (and again with -v, and for hand-edited files
with --no-verify-checksum) and checks the outcome against an expectation
derived from the manifest:

* clean files: exit 0, nothing on stderr, per-type event counts equal the
  manifest's `counts` (events inside TRANSACTION_PAYLOAD are "payload:TYPE"
  there and carry "payload_index" in binsift's JSONL), the summary line agrees,
  and only events of types binsift does not know are marked "undecoded";
* deliberately broken files: exit 2, an error naming the file and the byte
  offset where decoding stopped, and the events printed and counted before the
  error equal the manifest's counts minus the events at or after that offset.

The offset is derived independently of binsift: from the manifest's analyzer
fields, or by re-framing the file here (event sizes, CRC32 via zlib). Where
neither says enough, EXPLICIT below gives the expectation with its reason.

Finally binsift's event positions and QUERY texts are compared with the
reference decodes by mariadb-binlog 10.11 in _decoded-mariadb-binlog-10.11/.

Every check that fails is printed as "FAIL <file>: ..."; exit 1 if any did,
77 (skipped) when the shared corpus is absent.
"""
import codecs
import collections
import concurrent.futures
import gzip
import json
import os
import re
import struct
import subprocess
import sys
import time
import zlib

SHARED = os.environ.get("BINSIFT_SHARED", "")
FIXTURES = os.path.join(SHARED, "fixtures")
REFERENCE = os.path.join(FIXTURES, "_decoded-mariadb-binlog-10.11")
BINSIFT = os.environ.get("BINSIFT", "")
# A hang detector, not a benchmark: the slowest file takes well under a
# second even under AddressSanitizer.
RUN_TIMEOUT = 60

# Event type names, as the manifest and binsift spell them.
EVENT_NAMES = {
    1: "START_V3", 2: "QUERY", 3: "STOP", 4: "ROTATE", 5: "INTVAR", 6: "LOAD",
    7: "SLAVE", 8: "CREATE_FILE", 9: "APPEND_BLOCK", 10: "EXEC_LOAD",
    11: "DELETE_FILE", 12: "NEW_LOAD", 13: "RAND", 14: "USER_VAR",
    15: "FORMAT_DESCRIPTION", 16: "XID", 17: "BEGIN_LOAD_QUERY",
    18: "EXECUTE_LOAD_QUERY", 19: "TABLE_MAP", 20: "PRE_GA_WRITE_ROWS",
    21: "PRE_GA_UPDATE_ROWS", 22: "PRE_GA_DELETE_ROWS", 23: "WRITE_ROWS_V1",
    24: "UPDATE_ROWS_V1", 25: "DELETE_ROWS_V1", 26: "INCIDENT", 27: "HEARTBEAT",
    28: "IGNORABLE", 29: "ROWS_QUERY", 30: "WRITE_ROWS_V2", 31: "UPDATE_ROWS_V2",
    32: "DELETE_ROWS_V2", 33: "GTID", 34: "ANONYMOUS_GTID", 35: "PREVIOUS_GTIDS",
    36: "TRANSACTION_CONTEXT", 37: "VIEW_CHANGE", 38: "XA_PREPARE",
    39: "PARTIAL_UPDATE_ROWS", 40: "TRANSACTION_PAYLOAD", 41: "HEARTBEAT_V2",
    42: "GTID_TAGGED", 160: "MARIA_ANNOTATE_ROWS", 161: "MARIA_BINLOG_CHECKPOINT",
    162: "MARIA_GTID", 163: "MARIA_GTID_LIST", 164: "MARIA_START_ENCRYPTION",
    165: "MARIA_QUERY_COMPRESSED", 166: "MARIA_WRITE_ROWS_COMPRESSED",
    167: "MARIA_UPDATE_ROWS_COMPRESSED", 168: "MARIA_DELETE_ROWS_COMPRESSED",
    169: "MARIA_WRITE_ROWS_COMPRESSED_V1", 170: "MARIA_UPDATE_ROWS_COMPRESSED_V1",
    171: "MARIA_DELETE_ROWS_COMPRESSED_V1",
}
FORMAT_DESCRIPTION, START_ENCRYPTION, TRANSACTION_PAYLOAD = 15, 164, 40

# Expectations the manifest cannot express, each with its reason.
EXPLICIT = {
    "blackbeam__rust_mysql_common/test-data__binlogs__corrupt-relay-bin.000624": {
        "reason": "upstream's negative test: the QUERY event at 91204 has a corrupt "
                  "status-variables length that runs past the event",
        "error": (91204, "QUERY event: status variables block runs past the end of the event"),
    },
    "blackbeam__rust_mysql_common/test-data__binlogs__ver_5_1-wl2325_r.001": {
        "reason": "MySQL 5.2 development tree: its FDE gives XID a 13-byte post-header, so "
                  "type codes from 16 on mean other events; they are framed, not decoded",
        "undecoded": {"XID", "BEGIN_LOAD_QUERY", "EXECUTE_LOAD_QUERY", "TABLE_MAP"},
    },
    "blackbeam__rust_mysql_common/test-data__binlogs__ver_5_1-wl2325_s.001": {
        "reason": "MySQL 5.2 development tree: the same FDE; the pre-GA rows events it "
                  "wrote use a layout no released server used",
        "undecoded": {"PRE_GA_WRITE_ROWS", "PRE_GA_UPDATE_ROWS", "PRE_GA_DELETE_ROWS"},
    },
    "pingcap__tiflow/mysql-bin.000001": {
        "reason": "MariaDB 10.0 wrote a TIMESTAMP(N) in its pre-10.1 hires format without "
                  "recording the width, so the row at 1819 cannot be walked with -v",
        "verbose_error": (1819, "width the binlog does not record"),
    },
}

SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer",
                   "runtime error:")


def latin1_fallback(exc):
    """Decode a byte that is not UTF-8 as its Latin-1 character, as binsift's
    JSON output does, so reference bytes and binsift strings compare."""
    bad = exc.object[exc.start:exc.end]
    return "".join(chr(b) for b in bad), exc.end


codecs.register_error("binsift-latin1", latin1_fallback)


# ---- framing the file independently of binsift ----

def frame(data):
    """Top-level events as (pos, type name, size): walk the event_size fields
    (offset 9 in every header version) until the data ends or a size does not
    fit. After MariaDB's START_ENCRYPTION the type byte is encrypted; those
    events are ENCRYPTED_EVENT, as the manifest counts them."""
    events = []
    if data[:4] != b"\xfebin":
        return events
    pos, encrypted = 4, False
    while pos + 13 <= len(data):
        code = data[pos + 4]
        size = struct.unpack_from("<I", data, pos + 9)[0]
        if size < 13 or pos + size > len(data):
            break
        name = "ENCRYPTED_EVENT" if encrypted else EVENT_NAMES.get(code, "TYPE_%d" % code)
        events.append((pos, name, size))
        encrypted = encrypted or code == START_ENCRYPTION
        pos += size
    return events


def first_crc_mismatch(data, events):
    """Offset of the first event whose CRC32 trailer is wrong (the FDE's CRC is
    computed with its in-use flag cleared, as the server does), else None."""
    for pos, name, size in events:
        covered = bytearray(data[pos:pos + size - 4])
        if name == "FORMAT_DESCRIPTION":
            covered[17] &= 0xFE
        if zlib.crc32(covered) != struct.unpack_from("<I", data, pos + size - 4)[0]:
            return pos
    return None


def end_of_start_encryption(events):
    for pos, name, size in events:
        if name == "MARIA_START_ENCRYPTION":
            return pos + size
    return None


# ---- expectations ----

def expectation(entry, data, events):
    """What decoding this file must produce: {"error": (offset, text) or None,
    "verbose_error", "no_verify_clean", "undecoded", "why"}. Raises ValueError
    for a manifest entry no rule covers, so a new odd fixture needs a decision."""
    name = entry["file"]
    exp = {"error": None, "no_verify_clean": False, "why": []}
    analyzer_error = entry.get("analyzer_error")
    if analyzer_error == "no binlog magic":
        exp["error"] = (0, "not a binlog")
    elif analyzer_error == "too short":
        exp["error"] = (4, "too few for an event header")
    elif analyzer_error:
        raise ValueError("no rule for analyzer_error %r" % analyzer_error)
    for note in entry.get("analyzer_notes", []):
        truncated = re.match(r"truncated.* at (\d+)", note)
        if truncated:
            exp["error"] = (int(truncated.group(1)), "truncated binlog")
        elif note.startswith("first event is not FDE"):
            exp["error"] = (4, "not a FORMAT_DESCRIPTION")
        elif not re.match(r"extra FDE at \d+$|parse error type \d+ at \d+", note):
            raise ValueError("no rule for analyzer note %r" % note)
    if entry.get("crc_bad"):
        bad = first_crc_mismatch(data, events)
        if bad is None:
            raise ValueError("crc_bad=1 but every CRC32 here verifies")
        exp["error"] = (bad, "CRC32 checksum mismatch")
        exp["no_verify_clean"] = True
        exp["why"].append("crc_bad: hand-edited test file, first bad CRC32 at %d" % bad)
    if "mariadb_encrypted_binlog" in entry.get("features", []):
        exp["error"] = (end_of_start_encryption(events), "encrypted")
    explicit = EXPLICIT.get(name, {})
    if "error" in explicit:
        exp["error"] = explicit["error"]
    if "reason" in explicit:
        exp["why"].append(explicit["reason"])
    exp["verbose_error"] = explicit.get("verbose_error", exp["error"])
    exp["undecoded"] = explicit.get(
        "undecoded", {t for t in entry["counts"] if t.split(":")[-1].startswith("TYPE_")})
    return exp


def counts_before(entry, events, offset):
    """The manifest's counts minus the top-level events at or after offset."""
    counts = collections.Counter(entry["counts"])
    for pos, name, _ in events:
        if pos >= offset:
            if name == "TRANSACTION_PAYLOAD":
                raise ValueError("cannot derive counts: payload event after offset %d" % offset)
            counts[name] -= 1
    return +counts


def folded(counts):
    """Counts as binsift's summary keeps them: payload events under their type."""
    out = collections.Counter()
    for name, n in counts.items():
        out[name.split(":")[-1]] += n
    return +out


# ---- running binsift ----

def run(path, *args):
    """Run binsift decode --format jsonl; the result holds the exit status,
    stderr, and the parsed event lines and summary (or why they did not parse)."""
    cmd = [BINSIFT, "decode", "--format", "jsonl", *args, path]
    res = {"cmd": " ".join(cmd[2:-1]), "timeout": False, "lines": [], "summary": None,
           "bad_output": None}
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        res["timeout"] = True
        return res
    res["rc"], res["stderr"] = proc.returncode, proc.stderr.decode("utf-8", "replace")
    try:
        lines = [json.loads(l) for l in proc.stdout.splitlines()]
    except ValueError as e:
        res["bad_output"] = "stdout is not JSON lines: %s" % e
        return res
    if not lines or "summary" not in lines[-1]:
        res["bad_output"] = "no summary line"
        return res
    res["summary"], res["lines"] = lines[-1]["summary"], lines[:-1]
    return res


def event_key(line):
    return ("payload:" if "payload_index" in line else "") + line["type"]


def check_run(res, path, entry, events, error, undecoded):
    """Problems with one run, as a list of strings (empty = as expected)."""
    cmd = res["cmd"]
    if res["timeout"]:
        return ["%s: no exit within %d s" % (cmd, RUN_TIMEOUT)]
    problems = []
    if any(mark in res["stderr"] for mark in SANITIZER_MARKS):
        problems.append("%s: sanitizer report: %s" % (cmd, res["stderr"][:2000]))
    if res["bad_output"]:
        return problems + ["%s: %s (exit %d, stderr %r)"
                           % (cmd, res["bad_output"], res["rc"], res["stderr"])]
    summary, lines = res["summary"], res["lines"]
    got = collections.Counter(event_key(l) for l in lines)
    if error is None:
        want = collections.Counter(entry["counts"])
        if res["rc"] != 0 or res["stderr"]:
            problems.append("%s: expected success, got exit %d: %s"
                            % (cmd, res["rc"], res["stderr"].strip()))
        elif summary.get("bytes") != entry["size"] - 4:
            problems.append("%s: summary bytes %s, the file has %d after the magic"
                            % (cmd, summary.get("bytes"), entry["size"] - 4))
        marked = {event_key(l) for l in lines if l.get("undecoded")}
        if marked != undecoded:
            problems.append("%s: undecoded event types %s, expected %s"
                            % (cmd, sorted(marked), sorted(undecoded)))
    else:
        offset, text = error
        want = counts_before(entry, events, offset)
        where = "%s: offset %d:" % (path, offset)
        if res["rc"] != 2:
            problems.append("%s: expected exit 2, got %d" % (cmd, res["rc"]))
        if where not in res["stderr"] or text not in res["stderr"]:
            problems.append("%s: expected an error with %r and %r, got %r"
                            % (cmd, where, text, res["stderr"].strip()))
        if "offset %d:" % offset not in summary.get("error", ""):
            problems.append("%s: summary error %r lacks offset %d"
                            % (cmd, summary.get("error"), offset))
        late = [l["pos"] for l in lines if l["pos"] >= offset and "payload_index" not in l]
        if late:
            problems.append("%s: events printed at or after the error offset: %s"
                            % (cmd, late[:5]))
    if got != want:
        problems.append("%s: event counts differ from the manifest's: missing %s, extra %s"
                        % (cmd, dict(want - got), dict(got - want)))
    # The summary must count exactly the events printed, whatever happened.
    if (collections.Counter(summary.get("counts", {})) != folded(got)
            or summary.get("events") != len(lines)):
        problems.append("%s: summary counts %s events %s, but the printed lines are %s events %d"
                        % (cmd, summary.get("counts"), summary.get("events"),
                           dict(folded(got)), len(lines)))
    return problems


# ---- reference decodes ----

def reference_text(name):
    base = os.path.join(REFERENCE, name + ".txt")
    if os.path.exists(base):
        with open(base, "rb") as f:
            return f.read()
    if os.path.exists(base + ".gz"):
        with gzip.open(base + ".gz", "rb") as f:
            return f.read()
    return None


def compare_reference(entry, res, counters):
    """Positions: mariadb-binlog's "# at N" list equals binsift's top-level
    positions where mariadb-binlog succeeded, and is a prefix of them where it
    stopped early. QUERY texts: each reference Query block ends with binsift's
    query text."""
    ref = reference_text(entry["file"])
    if ref is None:
        return ["no reference decode in %s" % REFERENCE]
    if res["timeout"] or res["bad_output"]:
        return []  # reported by check_run
    ref = ref.split(b"\nDELIMITER ;\n# End of log file")[0]
    parts = re.split(rb"^# at (\d+)\n", ref, flags=re.M)
    blocks = {int(parts[i]): parts[i + 1] for i in range(1, len(parts), 2)}
    ref_pos = [int(parts[i]) for i in range(1, len(parts), 2)]
    top = [l for l in res["lines"] if "payload_index" not in l]
    pos = [l["pos"] for l in top]
    problems = []
    counters["position files"] += 1
    if entry["mariadb_binlog_status"].startswith("OK"):
        if pos != ref_pos:
            first = next(i for i, (a, b) in enumerate(zip(ref_pos + [None], pos + [None]))
                         if a != b)
            problems.append("positions differ from mariadb-binlog's from event %d on: "
                            "mariadb-binlog %s, binsift %s"
                            % (first, ref_pos[first:first + 3], pos[first:first + 3]))
    elif pos[:len(ref_pos)] != ref_pos:
        problems.append("mariadb-binlog's positions %s are not a prefix of binsift's %s"
                        % (ref_pos[:8], pos[:8]))
    for l in top:
        block = blocks.get(l["pos"])
        if l["type"] != "QUERY" or block is None or b"\tQuery\t" not in block.split(b"\n", 1)[0]:
            continue
        counters["queries"] += 1
        text = block.rstrip(b"\n").decode("utf-8", "binsift-latin1")
        if not text.endswith("\n" + l["query"] + "\n/*!*/;"):
            problems.append("QUERY at %d: binsift %r, mariadb-binlog's block ends %r"
                            % (l["pos"], l["query"][-120:], text[-160:]))
    return problems


# ---- driver ----

def check_file(entry):
    name = entry["file"]
    path = os.path.join(FIXTURES, name)
    with open(path, "rb") as f:
        data = f.read()
    events = frame(data)
    try:
        exp = expectation(entry, data, events)
    except ValueError as e:
        return name, None, ["expectation: %s" % e], collections.Counter()
    problems, counters = [], collections.Counter()
    plain = run(path)
    problems += check_run(plain, path, entry, events, exp["error"], exp["undecoded"])
    problems += check_run(run(path, "-v"), path, entry, events, exp["verbose_error"],
                          exp["undecoded"])
    clean = plain
    if exp["no_verify_clean"]:
        clean = run(path, "--no-verify-checksum")
        problems += check_run(clean, path, entry, events, None, exp["undecoded"])
        problems += check_run(run(path, "--no-verify-checksum", "-v"), path, entry, events, None,
                              exp["undecoded"])
    if (entry["mariadb_binlog_status"].startswith(("FAIL", "PARTIAL")) and exp["error"] is None
            and (plain["timeout"] or plain["rc"] != 0)):
        problems.append("mariadb-binlog fails on this file (%s...) and so does binsift, "
                        "but the file is not a broken one" % entry["mariadb_binlog_status"][:40])
    problems += compare_reference(entry, clean, counters)
    return name, exp, problems, counters


def main():
    if not os.path.isfile(os.path.join(FIXTURES, "manifest.json")):
        print("skipped: fixture corpus %s not found (set BINSIFT_SHARED)" % FIXTURES)
        return 77
    if not os.access(BINSIFT, os.X_OK):
        print("BINSIFT=%r is not an executable" % BINSIFT)
        return 1
    with open(os.path.join(FIXTURES, "manifest.json")) as f:
        entries = json.load(f)["files"]
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(check_file, entries))
    failures, totals = 0, collections.Counter()
    broken, rescued = [], []
    for (name, exp, problems, counters), entry in zip(results, entries):
        totals.update(counters)
        if exp and exp["error"] is not None:
            broken.append(name)
        elif entry["mariadb_binlog_status"].startswith(("FAIL", "PARTIAL")):
            rescued.append(name)
        for p in problems:
            print("FAIL %s: %s" % (name, p))
            for why in (exp or {}).get("why", []):
                print("     (expectation: %s)" % why)
        failures += bool(problems)
    print("%d files: %d as expected, %d failing; %d deliberately broken, %d that mariadb-binlog "
          "cannot decode must succeed; reference positions compared for %d files, %d QUERY texts; "
          "%.1f s" % (len(entries), len(entries) - failures, failures, len(broken), len(rescued),
                      totals["position files"], totals["queries"], time.monotonic() - started))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
