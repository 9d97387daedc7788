#!/usr/bin/env python3
"""`binsift lint` as a user drives it: exit statuses 0/1/2, the text form
(file:line: severity: message [kind, DM code], grouped by file, sorted by
line), the JSON object's shape, usage errors, and every file of
$BINSIFT_SHARED/dm-configs (valid configs exit 0 or 1 with no error, the
invalid ones exit 1 with the DM code and line their placeholders imply).

The corpus part needs ../shared: without it the other cases still run, and
the suite reports "skipped" (exit 77) when they pass.
"""
import json
import os
import re
import sys

from harness import TASK_HEAD as HEAD, binsift, expect, run_cases

CLEAN = HEAD + """\
mysql-instances:
  - source-id: s1
    block-allow-list: ba
    route-rules: [tables, schemas]
block-allow-list:
  ba:
    do-dbs: ["shop_*"]
routes:
  tables:
    schema-pattern: "shop_*"
    table-pattern: "order_*"
    target-schema: shop
    target-table: orders
  schemas:
    schema-pattern: "shop_*"
    target-schema: shop
"""

# Two ambiguous routes (line 15), a deprecated key (line 6), and a source
# file that sets case-sensitive while the task does not.
FINDINGS = HEAD + """\
is-sharding: true
mysql-instances:
  - source-id: s1
    route-rules: [r1, r2]
routes:
  r1:
    schema-pattern: "shop_*"
    target-schema: shop
  r2:
    schema-pattern: "shop_1"
    target-schema: other
"""

SOURCE = """\
source-id: s1
case-sensitive: true
from:
  host: 127.0.0.1
  port: 3306
"""

# Only an info finding (a redundant do-dbs entry): exit 0.
INFO_ONLY = HEAD + """\
mysql-instances:
  - source-id: s1
    block-allow-list: ba
block-allow-list:
  ba:
    do-dbs: ["a*", "ab"]
"""

DM_ERRORS = HEAD + """\
mysql-instances:
  - source-id: s1
    route-rules: [nope]
    filter-rules: [nada]
"""

FILES = {}
LINE_RE = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+): (?P<sev>error|warning|info): "
                     r"(?P<msg>.*) \[(?P<kind>[a-z0-9-]+)(?:, DM (?P<code>\d+))?\]$")
FINDING_KEYS = {"file", "line", "severity", "kind", "dm_code", "message"}
TOP_KEYS = {"task", "sources", "usable", "error", "summary", "findings"}


def setup(tmp):
    for name, text in (("clean.yaml", CLEAN), ("findings.yaml", FINDINGS),
                       ("source.yaml", SOURCE), ("info.yaml", INFO_ONLY),
                       ("errors.yaml", DM_ERRORS), ("broken.yaml", "name: [unclosed\n")):
        FILES[name] = os.path.join(tmp, name)
        with open(FILES[name], "w") as f:
            f.write(text)


def lint(*args):
    return binsift("lint", *args)


def parse_text(out):
    """The finding lines of text output, as dicts; checks the summary line."""
    lines = [l for l in out.splitlines() if l]
    expect(lines and re.match(r"^(no findings|\d+ errors?, \d+ warnings?, \d+ info|lint stopped)",
                              lines[-1]), "summary line: %r" % out)
    found = []
    for l in lines[:-1]:
        m = LINE_RE.match(l)
        expect(m, "not a finding line: %r" % l)
        found.append(m.groupdict())
    return found


def lint_json(*args):
    rc, out, err = lint("--format", "json", *args)
    doc = json.loads(out)
    expect(set(doc) == TOP_KEYS, "top-level keys: %s" % sorted(doc))
    s = doc["summary"]
    expect(set(s) == {"errors", "warnings", "infos"}, s)
    for f in doc["findings"]:
        expect(set(f) == FINDING_KEYS, "finding keys: %s" % sorted(f))
        expect(f["severity"] in ("error", "warning", "info"), f)
        expect(isinstance(f["line"], int) and isinstance(f["message"], str), f)
        expect(f["dm_code"] is None or isinstance(f["dm_code"], int), f)
    for sev, key in (("error", "errors"), ("warning", "warnings"), ("info", "infos")):
        expect(s[key] == sum(f["severity"] == sev for f in doc["findings"]), (sev, s))
    return rc, doc, err


def case_clean_task_exits_0():
    rc, out, err = lint("-c", FILES["clean.yaml"])
    expect(rc == 0 and out.strip() == "no findings", "exit %d: %r %r" % (rc, out, err))
    rc, doc, _ = lint_json("-c", FILES["clean.yaml"])
    expect(rc == 0 and doc["findings"] == [] and doc["usable"] and doc["error"] is None, doc)


def case_info_only_exits_0():
    rc, out, _ = lint("-c", FILES["info.yaml"])
    found = parse_text(out)
    expect(rc == 0 and [f["kind"] for f in found] == ["ba-redundant"], "exit %d: %s" % (rc, out))
    expect(found[0]["sev"] == "info" and found[0]["line"] == "11", found)


def case_findings_text_grouped_and_sorted():
    rc, out, _ = lint("-c", FILES["findings.yaml"], "-s", FILES["source.yaml"])
    expect(rc == 1, "exit %d: %s" % (rc, out))
    found = parse_text(out)
    files = [f["file"] for f in found]
    expect(files == sorted(files, key=lambda p: p != FILES["findings.yaml"]),
           "task findings come first: %s" % files)
    task_lines = [int(f["line"]) for f in found if f["file"] == FILES["findings.yaml"]]
    expect(task_lines == sorted(task_lines), "sorted by line: %s" % task_lines)
    by_kind = {f["kind"]: f for f in found}
    amb = by_kind.get("route-ambiguous")
    expect(amb and amb["line"] == "14" and amb["code"] == "11043", by_kind)
    expect("e.g. schema `shop_1`" in amb["msg"] and "r1 (line 11)" in amb["msg"], amb)
    dep = by_kind.get("deprecated-key")
    expect(dep and dep["line"] == "6" and "shard-mode: pessimistic" in dep["msg"], dep)
    cs = by_kind.get("case-sensitive-mismatch")
    expect(cs and cs["file"] == FILES["source.yaml"] and cs["line"] == "2", cs)
    expect("\n\n" in out, "a blank line between files")


def case_findings_json():
    rc, doc, _ = lint_json("-c", FILES["findings.yaml"], "-s", FILES["source.yaml"])
    expect(rc == 1 and doc["usable"] and doc["sources"] == [FILES["source.yaml"]], doc)
    amb = [f for f in doc["findings"] if f["kind"] == "route-ambiguous"]
    expect(len(amb) == 1 and amb[0]["dm_code"] == 11043 and amb[0]["line"] == 14, amb)
    expect(amb[0]["file"] == FILES["findings.yaml"] and amb[0]["severity"] == "warning", amb)
    dep = [f for f in doc["findings"] if f["kind"] == "deprecated-key"]
    expect(dep and dep[0]["dm_code"] is None, dep)


def case_every_dm_error_is_listed():
    rc, out, _ = lint("-c", FILES["errors.yaml"])
    found = parse_text(out)
    expect(rc == 1, out)
    codes = [(f["line"], f["code"]) for f in found if f["sev"] == "error"]
    expect(("8", "20023") in codes and ("9", "20024") in codes, codes)
    expect(out.rstrip().endswith("2 errors, 0 warnings, 0 info"), out)


def case_unusable_input_exits_2(tmp):
    rc, out, err = lint("-c", FILES["broken.yaml"])
    expect(rc == 2 and "lint stopped" in out, "exit %d: %r" % (rc, out))
    found = parse_text(out)
    expect(found and found[0]["kind"] == "yaml-syntax" and found[0]["line"] == "2", found)
    rc, doc, _ = lint_json("-c", FILES["broken.yaml"])
    expect(rc == 2 and doc["usable"] is False and doc["error"], doc)
    missing = os.path.join(tmp, "missing.yaml")
    rc, _, err = lint("-c", missing)
    expect(rc == 2 and "missing.yaml" in err, "exit %d: %r" % (rc, err))
    rc, _, err = lint("-c", FILES["clean.yaml"], "-s", missing)
    expect(rc == 2 and "missing.yaml" in err, "exit %d: %r" % (rc, err))
    rc, _, err = lint("-c", FILES["clean.yaml"], "-s", FILES["broken.yaml"])
    expect(rc == 2, "a source that is not YAML: exit %d" % rc)


def case_usage():
    for args, text in (([], "-c TASK.yaml is required"),
                       (["-c", FILES["clean.yaml"], "--format", "xml"], "--format must be"),
                       (["--bogus"], "usage: binsift lint")):
        rc, _, err = lint(*args)
        expect(rc == 2 and text in err, "%s: exit %d, %r" % (args, rc, err))
    rc, out, _ = lint("--help")
    expect(rc == 0 and out.startswith("usage: binsift lint"), out)


def case_several_sources_after_one_s():
    rc, out, _ = lint("-c", FILES["clean.yaml"], "-s", FILES["source.yaml"], FILES["source.yaml"])
    found = parse_text(out)
    expect(rc == 1 and any(f["kind"] == "source-duplicate" for f in found), out)


# ---- the shared corpus of real DM configs ----

# Files DM rejects as they are (harness placeholders, see MANIFEST.md): the
# DM code and line of the problem DM meets first. Code None: DM's error has
# no code (a GTID parse error).
INVALID = {
    "adjust_gtid__dm-task.yaml": (20003, 25),       # binlog-pos-placeholder-1 into uint32
    "extend_column__dm-task.yaml": (20053, 65),     # import-mode-placeholder
    "incremental_mode__dm-task.yaml": (20003, 30),  # binlog-pos-placeholder-2
    "incremental_mode__source1.yaml": (None, 5),    # relay-binlog-gtid placeholder
    "incremental_mode__source2.yaml": (40007, 4),   # relay-binlog-name placeholder
}


def is_source(name):
    return re.search(r"__(source|mysql-replica)", name) is not None


def corpus_runs(d):
    """(task, [sources]) per task file: the sources of the same test dir."""
    names = sorted(n for n in os.listdir(d) if n.endswith(".yaml"))
    runs = []
    for t in (n for n in names if not is_source(n)):
        prefix = t.split("__")[0] + "__"
        runs.append((t, [n for n in names if n.startswith(prefix) and is_source(n)]))
    return names, runs


def check_corpus_run(d, task, sources, seen):
    args = ["-c", os.path.join(d, task)]
    for s in sources:
        args += ["-s", os.path.join(d, s)]
    rc, doc, err = lint_json(*args)
    expect(rc in (0, 1) and doc["usable"], "%s: exit %d %s" % (task, rc, err[:300]))
    rc_text, out, _ = lint(*args)
    expect(rc_text == rc, "%s: text exit %d, json exit %d" % (task, rc_text, rc))
    parse_text(out)
    for name in [task] + sources:
        seen.add(name)
        errors = [f for f in doc["findings"] if f["severity"] == "error"
                  and os.path.basename(f["file"]) == name]
        if name in INVALID:
            code, line = INVALID[name]
            expect(rc == 1 and any(f["dm_code"] == code and f["line"] == line for f in errors),
                   "%s: want DM %s at line %d, got %s" % (name, code, line,
                                                          [(f["dm_code"], f["line"]) for f in errors]))
        else:
            expect(not errors, "%s: DM accepts it, lint says %s" % (name, errors[:3]))


def case_shared_dm_configs():
    d = os.path.join(os.environ.get("BINSIFT_SHARED", ""), "dm-configs")
    if not os.path.isdir(d):
        print("skipped: %s not found (set BINSIFT_SHARED)" % d)
        CORPUS["skipped"] = True
        return
    names, runs = corpus_runs(d)
    seen = set()
    for task, sources in runs:
        check_corpus_run(d, task, sources, seen)
    expect(seen == set(names), "files no run covered: %s" % sorted(set(names) - seen))
    with open(os.path.join(d, "MANIFEST.md")) as f:
        listed = set(re.findall(r"^\| `([^`]+\.yaml)`", f.read(), re.M))
    expect(listed == set(names), "MANIFEST.md and the directory differ: %s" % (listed ^ set(names)))


CORPUS = {"skipped": False}

if __name__ == "__main__":
    status = run_cases(globals(), "binsift-lint-", setup)
    sys.exit(77 if status == 0 and CORPUS["skipped"] else status)
