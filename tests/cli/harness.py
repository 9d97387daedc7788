"""Shared harness of the CLI suites: run binsift, check, report cases.

A suite is a module with functions named case_*; each takes no argument or
a temporary directory, and raises Failed (through expect) when a check
fails. run_cases() runs them all in name order, prints "FAIL <case>: ..."
for each failure and returns the exit status for the suite. binsift() runs
the binary named by $BINSIFT and fails a case on a crash or a sanitizer
report, whatever the case itself checks.
"""
import os
import shutil
import subprocess
import tempfile

BINSIFT = os.environ.get("BINSIFT", "")
RUN_TIMEOUT = 30
SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer",
                   "runtime error:")


# The start of a minimal DM task file: name, mode and target database.
TASK_HEAD = """\
name: t
task-mode: incremental
target-database:
  host: 127.0.0.1
  port: 4000
"""


class Failed(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise Failed(what)


def binsift(*args, stdin=None):
    """Run binsift; returns (exit status, stdout text, stderr text)."""
    proc = subprocess.run([BINSIFT, *args], input=stdin, capture_output=True,
                          timeout=RUN_TIMEOUT)
    err = proc.stderr.decode("utf-8", "replace")
    expect(proc.returncode >= 0, "binsift %s: killed by signal %d" % (" ".join(args), -proc.returncode))
    expect(not any(mark in err for mark in SANITIZER_MARKS),
           "binsift %s: sanitizer report: %s" % (" ".join(args), err[:2000]))
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), err


def run_cases(namespace, prefix, setup=None):
    """Run every case_* function of namespace (a module's globals()); setup,
    when given, runs first with the temporary directory."""
    if not os.access(BINSIFT, os.X_OK):
        print("BINSIFT=%r is not an executable" % BINSIFT)
        return 1
    tmp = tempfile.mkdtemp(prefix=prefix)
    failures = 0
    try:
        if setup:
            setup(tmp)
        cases = [(n, f) for n, f in sorted(namespace.items()) if n.startswith("case_")]
        for name, fn in cases:
            try:
                fn(tmp) if fn.__code__.co_argcount else fn()
            except Failed as e:
                failures += 1
                print("FAIL %s: %s" % (name[5:], e))
            except subprocess.TimeoutExpired as e:
                failures += 1
                print("FAIL %s: no exit within %d s: %s" % (name[5:], RUN_TIMEOUT, e.cmd))
        print("%d cases, %d failed" % (len(cases), failures))
    finally:
        shutil.rmtree(tmp)
    return 1 if failures else 0
