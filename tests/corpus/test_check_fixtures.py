#!/usr/bin/env python3
"""`binsift check` over every real binlog of $BINSIFT_SHARED/fixtures with a
task that migrates everything.

The replay must never be the part that fails: each fixture exits 0 (no
conflict) or 1 (conflicts, every one with a DM code and a message), and
exits 2 exactly when `binsift decode -v` cannot read the file either (the
corrupt, truncated and encrypted fixtures), naming the same file. No run may
crash or trip a sanitizer, and - each table being its own target, nothing
filtered - no key collision may be reported (the servers accepted every row:
DROP/TRUNCATE/DROP DATABASE must clear keys, deletes and updates move them).
Skipped (77) without ../shared.
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "cli"))
from harness import binsift, expect, run_cases  # noqa: E402

SHARED = os.environ.get("BINSIFT_SHARED", "")
FIXTURES = os.path.join(SHARED, "fixtures")

TASK = """\
name: everything
task-mode: incremental
target-database:
  host: 127.0.0.1
  port: 4000
  user: root
  password: ""
mysql-instances:
  - source-id: s1
"""


def case_every_fixture(tmp):
    task = os.path.join(tmp, "task.yaml")
    open(task, "w").write(TASK)
    report = os.path.join(tmp, "report.json")
    files = json.load(open(os.path.join(FIXTURES, "manifest.json")))["files"]
    problems = []
    for item in files:
        path = os.path.join(FIXTURES, item["file"])
        if os.path.exists(report):
            os.unlink(report)
        rc, out, err = binsift("check", "-c", task, "--binlog", "s1=" + path, "--report", report)
        drc, _, _ = binsift("decode", "-v", path)
        if (rc == 2) != (drc != 0):
            problems.append("%s: check exit %d, decode exit %d: %s" % (item["file"], rc, drc,
                                                                        err[:200]))
            continue
        if rc == 2:
            if path not in err:
                problems.append("%s: error does not name the file: %s" % (item["file"], err))
            continue
        r = json.load(open(report))
        conflicts = [c for s in r["sources"] for c in s["conflicts"]]
        # every table is its own target and nothing is filtered: the servers
        # accepted every row, so a key collision can only be binsift's error
        collisions = [c for c in conflicts if c["step"] == "key collision"]
        if collisions:
            problems.append("%s: false key collisions %s" % (item["file"], collisions[:2]))
        if (rc == 1) != bool(conflicts) or any(not c["code"] or not c["message"]
                                              for c in conflicts):
            problems.append("%s: exit %d with conflicts %s" % (item["file"], rc, conflicts[:3]))
        events = r["sources"][0]["events"]
        if events != sum(item["counts"].values()):
            problems.append("%s: %d events read, manifest has %d" % (
                item["file"], events, sum(item["counts"].values())))
    expect(not problems, "\n".join(problems))


if __name__ == "__main__":
    if not os.path.isdir(FIXTURES):
        print("skipped: no fixture corpus at %r (set BINSIFT_SHARED)" % FIXTURES)
        sys.exit(77)
    sys.exit(run_cases(globals(), "binsift-check-corpus-"))
