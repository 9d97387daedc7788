#!/usr/bin/env bash
# check.sh - throughput of `binsift check` (the dry run of a DM task) on the
# sysbench binlog of bench/decode.sh, against reading the file (`cat`),
# `binsift decode` and `mariadb-binlog`, all in the same run.
#
#   bench/check.sh [--size MIB] [--quick] [--runs N]
#
#   --size MIB   which cached binlog to use (default 1024: the ~1 GiB one)
#   --quick      --size 100
#   --runs N     timed runs per case; the best (fastest) is reported (default 3)
#
# The binlog is bench/decode.sh's cache ($BINSIFT_BENCH_DIR/binlog-<size>M,
# default ${XDG_CACHE_HOME:-~/.cache}/binsift-bench): when it is missing,
# decode.sh is asked to generate it (a MariaDB and sysbench run), never
# otherwise. Cases:
#   check: drop most    a task whose block-allow list allows one table of the
#                       eight (sbtest.sbtest1): the other tables' rows are
#                       dropped on the fast path, never decoded
#   check: migrate all  a task routing every sbtest table (a table route,
#                       names kept) to schema bench: every row is decoded
#   binsift decode      the decoder alone, for reference
#   mariadb-binlog      plain, and -v (rows decoded to pseudo-SQL)
# Each run is timed with the shell's clock under /usr/bin/time (peak RSS).
# The table gives the best run's seconds, MiB/s, events/s, rows/s (rows of
# the whole file, for every case, so the columns compare) and the largest
# peak RSS. Nothing is asserted: it reports, it does not pass or fail.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
size_mb=1024
runs=3

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
}

die() { echo "bench/check.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
    --size) [ $# -ge 2 ] || die "--size needs a value"; size_mb=$2; shift 2 ;;
    --quick) size_mb=100; shift ;;
    --runs) [ $# -ge 2 ] || die "--runs needs a value"; runs=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
    esac
done
[[ "$size_mb" =~ ^[1-9][0-9]*$ ]] || die "--size must be a positive number of MiB"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive number"

bench_dir=${BINSIFT_BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/binsift-bench}
data_dir=$bench_dir/binlog-${size_mb}M
if [ ! -f "$data_dir/STAMP" ]; then
    echo "no cached ${size_mb} MiB binlog: generating it with bench/decode.sh"
    "$root/bench/decode.sh" --size "$size_mb" --runs 1 >/dev/null
fi
echo "binlog cache: $data_dir"
sed 's/^/  /' "$data_dir/STAMP"
mapfile -t files < <(find "$data_dir" -maxdepth 1 -name 'mysql-bin.[0-9]*' | sort)
[ ${#files[@]} -gt 0 ] || die "no binlog files in $data_dir"
bytes=$(cat "${files[@]}" | wc -c)

command -v /usr/bin/time >/dev/null || die "/usr/bin/time not found (apt-get install time)"
if [ -z "${BINSIFT:-}" ]; then
    cmake -S "$root" -B "$root/build-bench" -DCMAKE_BUILD_TYPE=Release -DBS_TESTS=OFF >/dev/null
    cmake --build "$root/build-bench" -j2 --target binsift >/dev/null
    BINSIFT=$root/build-bench/binsift
fi
[ -x "$BINSIFT" ] || die "$BINSIFT is not an executable"
mariadb_binlog=$(command -v mariadb-binlog || command -v mysqlbinlog) ||
    die "mariadb-binlog not found (install mariadb-client)"

out=$(mktemp -d "${TMPDIR:-/tmp}/binsift-bench-check.XXXXXX")
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

binlog_args=()
for f in "${files[@]}"; do binlog_args+=(--binlog "sb=$f"); done

cat "${files[@]}" >/dev/null # warm the page cache
echo "counting events and rows with binsift decode"
events=$("$BINSIFT" decode "${files[@]}" | awk '/^# summary:/ { print $3 }')
rows=$("$BINSIFT" decode -v "${files[@]}" | awk '/^#   rows:/ { print $3 }')
[ -n "$events" ] && [ -n "$rows" ] || die "binsift printed no summary"
for t in drop-most migrate-all; do
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
EOF
done

# name | command (the files are appended, or --binlog arguments for check)
cases=(
    "cat|cat"
    "binsift decode|$BINSIFT decode"
    "binsift check: drop most|$BINSIFT check -c $out/drop-most.yaml"
    "binsift check: migrate all|$BINSIFT check -c $out/migrate-all.yaml"
    "mariadb-binlog|$mariadb_binlog --no-defaults"
    "mariadb-binlog -v|$mariadb_binlog --no-defaults -v --base64-output=decode-rows"
)

# One timed run: wall seconds (bash clock), then peak RSS in KiB. binsift
# check exits 1 when it finds conflicts: a result, not a failure.
time_case() {
    local cmd=$1 t0 t1 rc=0
    local -a inputs=("${files[@]}")
    [[ "$cmd" == *" check "* ]] && inputs=("${binlog_args[@]}")
    t0=$EPOCHREALTIME
    # shellcheck disable=SC2086 # cmd is a word list built above
    /usr/bin/time -f '%M' -o "$out/time.txt" $cmd "${inputs[@]}" >/dev/null 2>"$out/stderr.txt" ||
        rc=$?
    t1=$EPOCHREALTIME
    if [ "$rc" -gt 1 ] || { [ "$rc" -eq 1 ] && [[ "$cmd" != *" check "* ]]; }; then
        echo "  failed ($rc): $cmd" >&2
        cat "$out/stderr.txt" >&2
        return 1
    fi
    echo "$t0 $t1 $(tail -1 "$out/time.txt")" | awk '{ printf "%.6f\t%s\n", $2 - $1, $3 }'
}

echo "timing ${#cases[@]} cases x $runs runs on ${#files[@]} file(s)"
load_before=$(uptime)
: >"$out/results.tsv"
for run in $(seq 1 "$runs"); do
    for c in "${cases[@]}"; do
        IFS='|' read -r name cmd <<<"$c"
        if m=$(time_case "$cmd"); then printf '%s\t%s\n' "$name" "$m" >>"$out/results.tsv"; fi
    done
    echo "  run $run done"
done
load_after=$(uptime)

echo
echo "binsift:   $BINSIFT ($(git -C "$root" describe --always --dirty 2>/dev/null || echo '?'))"
echo "reference: $("$mariadb_binlog" --version)"
echo "cpu:       $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(nproc) cores"
echo "load:      before:${load_before##*load average:}  after:${load_after##*load average:}"
echo
python3 - "$out/results.tsv" "$bytes" "${#files[@]}" "$events" "$rows" <<'EOF'
import sys
path, nbytes, nfiles, events, rows = sys.argv[1], *map(int, sys.argv[2:])
cases = {}
for line in open(path):
    name, secs, rss = line.rstrip("\n").split("\t")
    c = cases.setdefault(name, {"secs": [], "rss": []})
    c["secs"].append(float(secs))
    c["rss"].append(int(rss))
print(f"input: {nbytes / 1048576:.1f} MiB in {nfiles} file(s), {events:,} events, {rows:,} rows")
head = ["case", "runs", "s (best)", "MiB/s", "events/s", "rows/s", "peak RSS MiB", "x cat",
        "x mariadb-binlog"]
base = {n: min(c["secs"]) for n, c in cases.items()}
table = []
for name, c in cases.items():
    s = base[name]
    table.append([name, str(len(c["secs"])), f"{s:.3f}", f"{nbytes / 1048576 / s:.0f}",
                  "-" if name == "cat" else f"{events / s:,.0f}",
                  "-" if name == "cat" else f"{rows / s:,.0f}",
                  f"{max(c['rss']) / 1024:.1f}",
                  "-" if name == "cat" or "cat" not in base else f"{s / base['cat']:.2f}",
                  f"{s / base['mariadb-binlog']:.2f}" if "mariadb-binlog" in base else "-"])
w = [max(len(r[i]) for r in [head] + table) for i in range(len(head))]
fmt = lambda r: "  ".join(v.ljust(w[i]) if i == 0 else v.rjust(w[i]) for i, v in enumerate(r))
print(fmt(head))
print(fmt(["-" * x for x in w]))
for r in table:
    print(fmt(r))
print("events/s and rows/s: all events and rows of the input over the case's time (the drop-most")
print("task decodes only the rows of the table it keeps).")
EOF
