#!/usr/bin/env python3
"""report.py - the table of bench/decode.sh and bench/check.sh: medians of their runs.

Input is the TSV bench/lib.sh writes (case, compare, rows, seconds, rss_kib;
one line per run). Both scripts report the median, not the best run: with a
few runs on a shared machine it is the typical time, and the spread column
(max - min, as a percentage of the median) says how noisy the machine was.
Each case gets its median wall time, the spread, the largest peak RSS of its
runs, throughput in MiB/s and events/s (the whole input over the case's
time, so the column compares across cases), rows/s for the cases marked
rows=1 (each script says which), and two time ratios: to `cat` (the I/O
floor) and to the case named in compare, a mariadb-binlog case (below 1
means binsift is faster; "-" when compare is empty).
"""
import argparse
import csv
import statistics
import sys


def load(path):
    """Runs grouped by case, in first-seen order."""
    cases = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            case = cases.setdefault(
                row["case"],
                {"compare": row["compare"], "rows": row["rows"] == "1", "secs": [], "rss": []},
            )
            case["secs"].append(float(row["seconds"]))
            case["rss"].append(int(row["rss_kib"]))
    return cases


def ratio(secs, base):
    return f"{secs / base:.2f}" if base else "-"


def table(cases, total_bytes, events, rows):
    medians = {name: statistics.median(c["secs"]) for name, c in cases.items()}
    head = ["case", "runs", "s (median)", "spread", "MiB/s", "events/s", "rows/s", "peak RSS MiB",
            "x cat", "x mariadb-binlog"]
    lines = []
    for name, c in cases.items():
        secs = medians[name]
        is_cat = name == "cat"
        lines.append([
            name,
            str(len(c["secs"])),
            f"{secs:.3f}",
            f"{(max(c['secs']) - min(c['secs'])) / secs:.0%}",
            f"{total_bytes / 1048576 / secs:.0f}",
            "-" if is_cat else f"{events / secs:,.0f}",
            f"{rows / secs:,.0f}" if c["rows"] else "-",
            f"{max(c['rss']) / 1024:.1f}",
            "-" if is_cat else ratio(secs, medians.get("cat")),
            ratio(secs, medians.get(c["compare"])) if c["compare"] else "-",
        ])
    widths = [max(len(r[i]) for r in [head] + lines) for i in range(len(head))]

    def fmt(r):
        return "  ".join(v.ljust(w) if i == 0 else v.rjust(w)
                         for i, (v, w) in enumerate(zip(r, widths)))

    out = [fmt(head), fmt(["-" * w for w in widths])] + [fmt(r) for r in lines]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bytes", type=int, required=True, help="total size of the binlog files")
    ap.add_argument("--files", type=int, required=True, help="number of binlog files")
    ap.add_argument("--events", type=int, required=True, help="events (binsift summary)")
    ap.add_argument("--rows", type=int, required=True, help="rows (binsift -v summary)")
    ap.add_argument("results", help="TSV of timed runs")
    args = ap.parse_args()
    cases = load(args.results)
    if not cases:
        sys.exit("report.py: no successful runs to report")
    print(f"input: {args.bytes / 1048576:.1f} MiB in {args.files} file(s), "
          f"{args.events:,} events, {args.rows:,} rows")
    print(table(cases, args.bytes, args.events, args.rows))
    print("x cat / x mariadb-binlog: median time divided by the median time of cat / of the "
          "compared mariadb-binlog case\n(mariadb-binlog does not verify CRC32 by default).")


if __name__ == "__main__":
    main()
