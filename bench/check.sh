#!/usr/bin/env bash
# check.sh - throughput of `binsift check` (the dry run of a DM task) on the
# sysbench binlog of bench/decode.sh, against reading the file (`cat`),
# `binsift decode` and `mariadb-binlog`, all in the same run.
#
#   bench/check.sh [--size MIB] [--quick] [--runs N] [--regenerate]
#
#   --size MIB     which cached binlog to use (default 1024: the ~1 GiB one)
#   --quick        --size 100
#   --runs N       timed runs per case, the median is reported (default 3)
#   --regenerate   have bench/decode.sh generate the binlog again first
#
# The binlog is bench/decode.sh's cache ($BINSIFT_BENCH_DIR/binlog-<size>M,
# default ${XDG_CACHE_HOME:-~/.cache}/binsift-bench): when it is missing (or
# with --regenerate), decode.sh is asked to generate it (a MariaDB and
# sysbench run, then its own timing), never otherwise. Cases:
#   check: drop most    a task whose block-allow list allows one table of the
#                       eight (sbtest.sbtest1): the other tables' rows are
#                       dropped on the fast path, never decoded
#   check: migrate all  a task routing every sbtest table (a table route,
#                       names kept) to schema bench: every row is decoded
#                       and its key tracked in its own target
#   check: merge all    the eight tables merged into one target table: every
#                       row's key tracked in one table, sysbench's ids of
#                       different tables collide (key collision conflicts)
#   binsift decode      the decoder alone, for reference
#   mariadb-binlog      plain, and -v (rows decoded to pseudo-SQL)
# Before timing, each task is checked once and its verdicts printed. The
# timing is bench/lib.sh's, shared with decode.sh: round-robin runs, each
# under /usr/bin/time (peak RSS). bench/report.py prints one table: per case
# the median time of its runs and their spread, MiB/s, events/s, rows/s (rows
# of the whole file, for every case but cat, so the columns compare), the
# largest peak RSS, and time ratios to cat and to plain mariadb-binlog.
# Nothing is asserted: it reports, it does not pass or fail.
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
bench_parse_options "$@"
if [ "$regenerate" -eq 1 ] || [ ! -f "$data_dir/STAMP" ]; then
    echo "generating the ${size_mb} MiB binlog with bench/decode.sh"
    "$bench_root/bench/decode.sh" --size "$size_mb" --runs 1 --regenerate >/dev/null
fi
bench_load_cache
bench_tools
bench_make_out
trap 'rm -rf "$out"' EXIT

# The two tasks. The binlog is sysbench's: schema sbtest, tables sbtest1..8,
# written from the first event on (meta at position 4).
first=$(basename "${files[0]}")
task_head() {
    cat <<EOF
name: $1
task-mode: incremental
target-database: {host: 127.0.0.1, port: 4000, user: root, password: ""}
mysql-instances:
  - source-id: sb
    meta: {binlog-name: $first, binlog-pos: 4}
EOF
}
{
    task_head bench-drop-most
    cat <<EOF
    block-allow-list: one-table
block-allow-list:
  one-table:
    do-dbs: [sbtest]
    do-tables: [{db-name: sbtest, tbl-name: sbtest1}]
EOF
} >"$out/drop-most.yaml"
{
    task_head bench-migrate-all
    cat <<EOF
    route-rules: [all-tables]
routes:
  all-tables:
    schema-pattern: sbtest
    table-pattern: "sbtest*"
    target-schema: bench
EOF
} >"$out/migrate-all.yaml"
sed -e 's/bench-migrate-all/bench-merge-all/' -e '$a\    target-table: merged' \
    "$out/migrate-all.yaml" >"$out/merge-all.yaml"

binlog_args=()
for f in "${files[@]}"; do binlog_args+=(--binlog "sb=$f"); done

bench_count
for t in drop-most migrate-all merge-all; do
    echo "check with $t.yaml:"
    rc=0
    "$BINSIFT" check -c "$out/$t.yaml" "${binlog_args[@]}" --report "$out/$t.json" \
        >"$out/$t.txt" 2>"$out/$t.err" || rc=$?
    [ "$rc" -le 1 ] || { cat "$out/$t.err" >&2; die "binsift check exits $rc"; }
    python3 - "$out/$t.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
for s in r["sources"]:
    v = s["verdicts"]
    print("  %s: %d events read, %d rows decoded; migrated %d events / %d rows, dropped %d "
          "events, conflicts %d" % (s["source_id"], s["events"], s["rows_decoded"],
                                    v["migrated"]["events"], v["migrated"]["rows"],
                                    v["dropped"]["events"], v["conflict"]["events"]))
    if s["keys_live"]:
        print("  keys: %d live at the end, key table %.1f MiB (%.1f bytes per live key)" % (
            s["keys_live"], s["key_memory"] / 1048576, s["key_memory"] / s["keys_live"]))
EOF
done

# name | comparison case (for the mariadb-binlog ratio) | rows/s? | inputs | command
cases=(
    "cat|mariadb-binlog|0|files|cat"
    "binsift decode|mariadb-binlog|1|files|$BINSIFT decode"
    "binsift check: drop most|mariadb-binlog|1|binlog_args|$BINSIFT check -c $out/drop-most.yaml"
    "binsift check: migrate all|mariadb-binlog|1|binlog_args|$BINSIFT check -c $out/migrate-all.yaml"
    "binsift check: merge all|mariadb-binlog|1|binlog_args|$BINSIFT check -c $out/merge-all.yaml"
    "mariadb-binlog|mariadb-binlog|1|files|$mariadb_binlog --no-defaults"
    "mariadb-binlog -v|mariadb-binlog|1|files|$mariadb_binlog --no-defaults -v --base64-output=decode-rows"
)
bench_run
bench_report
echo "events/s and rows/s: all events and rows of the input over the case's time (the drop-most"
echo "task decodes only the rows of the table it keeps)."
