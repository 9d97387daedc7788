#!/usr/bin/env python3
"""Broken inputs: binsift fails cleanly, or succeeds, on every damaged binlog.

tests/data/broken/ holds damaged and hostile inputs made by
tools/make-broken-inputs.py; EXPECTED.tsv says, per file and mode (plain
`binsift decode`, `-v`, or "both"), the exit status, a phrase the error must
contain and the byte offset it must name. Each run here must:

* exit with exactly the expected status (a signal, a crash or a sanitizer
  report is a failure even when the status happens to match);
* on failure, print "<path>: offset <N>:" and the phrase on stderr, and end
  stdout with a JSON summary carrying the same error;
* on success, print nothing on stderr and valid JSON lines on stdout;
* finish within RUN_TIMEOUT (a hang detector, not a benchmark) and within a
  512 MiB address-space limit (not under AddressSanitizer, whose shadow
  memory needs terabytes of address space).

Exit 1 if any check failed.
"""
import concurrent.futures
import json
import os
import resource
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BROKEN = os.path.join(ROOT, "tests", "data", "broken")
BINSIFT = os.environ.get("BINSIFT", "")
RUN_TIMEOUT = 20
MEMORY_LIMIT = 512 << 20
SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer",
                   "runtime error:")


def built_with_asan():
    if "asan" in os.environ.get("BINSIFT_BUILD", "").lower():
        return True
    with open(BINSIFT, "rb") as f:
        return b"__asan_init" in f.read()


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def read_expected():
    """[(file, mode, exit, error, offset)] with mode "plain" or "verbose"."""
    rows = []
    with open(os.path.join(BROKEN, "EXPECTED.tsv")) as f:
        lines = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    assert lines[0].split("\t") == ["file", "mode", "exit", "error", "offset"], lines[0]
    for line in lines[1:]:
        name, mode, status, error, offset = line.split("\t")
        modes = ("plain", "verbose") if mode == "both" else (mode,)
        for m in modes:
            rows.append((name, m, int(status), None if error == "-" else error,
                         None if offset == "-" else int(offset)))
    return rows


def check_coverage(rows):
    """Every file in the directory has exactly one plain and one verbose row."""
    problems = []
    files = set(os.listdir(BROKEN)) - {"EXPECTED.tsv"}
    seen = {}
    for name, mode, *_ in rows:
        seen.setdefault(name, []).append(mode)
    for name in sorted(files - set(seen)):
        problems.append("%s: not listed in EXPECTED.tsv" % name)
    for name, modes in sorted(seen.items()):
        if name not in files:
            problems.append("%s: listed in EXPECTED.tsv but missing" % name)
        if sorted(modes) != ["plain", "verbose"]:
            problems.append("%s: expected one plain and one verbose row, got %s" % (name, modes))
    return problems


def check(row, memory_limited):
    name, mode, status, error, offset = row
    path = os.path.join(BROKEN, name)
    cmd = [BINSIFT, "decode", "--format", "jsonl"] + (["-v"] if mode == "verbose" else []) + [path]
    label = "%s (%s)" % (name, mode)
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=RUN_TIMEOUT,
                              preexec_fn=limit_memory if memory_limited else None)
    except subprocess.TimeoutExpired:
        return ["%s: no exit within %d s (hang?)" % (label, RUN_TIMEOUT)]
    stderr = proc.stderr.decode("utf-8", "replace")
    problems = []
    if proc.returncode < 0:
        problems.append("%s: killed by signal %d: %s" % (label, -proc.returncode, stderr[:2000]))
    if any(mark in stderr for mark in SANITIZER_MARKS):
        problems.append("%s: sanitizer report: %s" % (label, stderr[:3000]))
    if proc.returncode != status:
        problems.append("%s: exit %d, expected %d; stderr: %s"
                        % (label, proc.returncode, status, stderr.strip()[:600]))
    try:
        lines = [json.loads(l) for l in proc.stdout.splitlines()]
        summary = lines[-1]["summary"]
    except (ValueError, IndexError, KeyError, TypeError):
        return problems + ["%s: stdout is not JSON lines ending in a summary: %r"
                           % (label, proc.stdout[-300:])]
    if status == 0:
        if proc.returncode == 0 and stderr:
            problems.append("%s: stderr not empty on success: %s" % (label, stderr.strip()[:600]))
        if proc.returncode == 0 and "error" in summary:
            problems.append("%s: summary reports an error: %s" % (label, summary["error"]))
        return problems
    where = "%s: offset %d:" % (path, offset)
    if where not in stderr or error not in stderr:
        problems.append("%s: expected an error with %r and %r, got %r"
                        % (label, where, error, stderr.strip()[:600]))
    if "offset %d:" % offset not in summary.get("error", "") or error not in summary.get("error", ""):
        problems.append("%s: summary error %r lacks offset %d or %r"
                        % (label, summary.get("error"), offset, error))
    return problems


def main():
    if not os.access(BINSIFT, os.X_OK):
        print("BINSIFT=%r is not an executable" % BINSIFT)
        return 1
    rows = read_expected()
    problems = check_coverage(rows)
    memory_limited = not built_with_asan()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for result in pool.map(lambda row: check(row, memory_limited), rows):
            problems += result
    for p in problems:
        print("FAIL " + p)
    print("%d runs over %d files, %d problems%s"
          % (len(rows), len({r[0] for r in rows}), len(problems),
             "" if memory_limited else " (ASan build: no address-space limit)"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
