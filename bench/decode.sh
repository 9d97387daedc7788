#!/usr/bin/env bash
# decode.sh - decode throughput of `binsift decode` against `cat` (the floor)
# and `mariadb-binlog`, on a large binlog written by a real MariaDB server.
#
#   bench/decode.sh [--size MIB] [--quick] [--runs N] [--regenerate]
#
#   --size MIB     binlog size to generate and measure (default 1024)
#   --quick        --size 100, to try the script out in a minute
#   --runs N       timed runs per case, the median is reported (default 3)
#   --regenerate   generate the binlog again even if it is cached
#
# The binlog is generated once and cached: a throwaway MariaDB
# (tools/mariadb-sandbox.sh, ROW format, max_binlog_size 1 GiB so the data
# lands in as few files as possible) runs sysbench's oltp_write_only workload
# on 8 tables (prepare = bulk inserts, then updates by index and non-index
# column, deletes and inserts) until the binlog reaches --size MiB. The files
# and a STAMP describing them go to $BINSIFT_BENCH_DIR/binlog-<size>M
# (default ${XDG_CACHE_HOME:-~/.cache}/binsift-bench); STAMP is written last,
# so an interrupted generation is redone by the next run.
#
# Then, in the same run (the steps bench/lib.sh shares with bench/check.sh):
# build binsift Release in build-bench (or use $BINSIFT), warm the page
# cache, count events and rows with binsift's summary, and time every case
# --runs times (round-robin, so a load spike from elsewhere spreads over all
# cases), each under /usr/bin/time for the peak RSS. bench/report.py prints
# one table: per case the median time of its runs and their spread, MiB/s,
# events/s, rows/s (for the -v cases, which print row values), the largest
# peak RSS, and time ratios to cat and to the matching mariadb-binlog case.
# Nothing is asserted: this reports, it does not pass or fail.
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
tables=8
threads=4
bench_parse_options "$@"

# --- generation -----------------------------------------------------------

gen_dir=""
sysbench_pid=""
cleanup_generation() {
    if [ -n "$sysbench_pid" ] && kill -0 "$sysbench_pid" 2>/dev/null; then
        kill "$sysbench_pid" 2>/dev/null || true
        wait "$sysbench_pid" 2>/dev/null || true
    fi
    sysbench_pid=""
    if [ -n "$gen_dir" ]; then
        "$bench_root/tools/mariadb-sandbox.sh" stop "$gen_dir" || true
        rm -rf "$gen_dir"
    fi
    gen_dir=""
}
trap cleanup_generation EXIT

sysbench_args() {
    echo oltp_write_only --db-driver=mysql --mysql-socket="$gen_dir/sock" --mysql-user=root \
        --mysql-db=sbtest --tables="$tables" --table-size="$table_size" --threads="$threads"
}

# Run sysbench until the binlog holds target bytes, then stop it. Stops with
# an error if the binlog stops growing (a broken server or sysbench).
run_workload_until() {
    local target=$1 bytes last=0 still=0
    # shellcheck disable=SC2046 # word splitting of the argument list is meant
    sysbench $(sysbench_args) --time=0 --events=0 --report-interval=0 run \
        >"$gen_dir/sysbench-run.log" 2>&1 &
    sysbench_pid=$!
    while :; do
        sleep 1
        bytes=$(binlog_bytes "$gen_dir/binlog")
        [ "$bytes" -ge "$target" ] && break
        kill -0 "$sysbench_pid" 2>/dev/null ||
            { cat "$gen_dir/sysbench-run.log" >&2; die "sysbench stopped early"; }
        if [ "$bytes" -eq "$last" ]; then
            still=$((still + 1))
            [ "$still" -lt 120 ] || die "binlog stuck at $bytes bytes for 2 minutes"
        else
            still=0
        fi
        last=$bytes
        if [ $((SECONDS % 30)) -eq 0 ]; then
            echo "  $((bytes >> 20)) / $((target >> 20)) MiB after ${SECONDS}s"
        fi
    done
    kill "$sysbench_pid"
    wait "$sysbench_pid" 2>/dev/null || true
    sysbench_pid=""
}

generate() {
    ensure_packages sysbench
    local started=$SECONDS target=$((size_mb * 1048576))
    # Prepare's bulk inserts take ~380 binlog bytes a row (row image plus the
    # ANNOTATE_ROWS query text): about 8% of the binlog, the rest is oltp
    # transactions.
    table_size=$((size_mb * 25 > 1000 ? size_mb * 25 : 1000))
    gen_dir=$(mktemp -d "${TMPDIR:-/tmp}/binsift-bench-gen.XXXXXX")
    echo "generating a ${size_mb} MiB binlog in $data_dir (server in $gen_dir)"
    # Durability off: the server is thrown away, and it makes sysbench
    # several times faster. 1 GiB is the largest max_binlog_size.
    "$bench_root/tools/mariadb-sandbox.sh" start "$gen_dir" --max-binlog-size=1073741824 \
        --sync-binlog=0 --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
        --innodb-buffer-pool-size=512M --innodb-log-file-size=512M >/dev/null
    "$bench_root/tools/mariadb-sandbox.sh" sql "$gen_dir" -e 'CREATE DATABASE sbtest'
    echo "  sysbench prepare: $tables tables x $table_size rows"
    # shellcheck disable=SC2046
    sysbench $(sysbench_args) prepare >"$gen_dir/sysbench-prepare.log" 2>&1 ||
        { cat "$gen_dir/sysbench-prepare.log" >&2; die "sysbench prepare failed"; }
    echo "  sysbench run (oltp_write_only, $threads threads) until $size_mb MiB"
    run_workload_until "$target"
    local server_version
    server_version=$("$bench_root/tools/mariadb-sandbox.sh" sql "$gen_dir" -N -e 'SELECT VERSION()')
    # Stopping the server closes the last binlog with a STOP event.
    "$bench_root/tools/mariadb-sandbox.sh" stop "$gen_dir"
    rm -rf "$data_dir"
    mkdir -p "$data_dir"
    local made
    mapfile -t made < <(binlog_files "$gen_dir/binlog")
    mv "${made[@]}" "$data_dir/"
    cleanup_generation
    cat >"$data_dir/STAMP" <<EOF
size_mib=$size_mb
bytes=$(binlog_bytes "$data_dir")
files=$(binlog_files "$data_dir" | wc -l)
server=$server_version
workload=sysbench oltp_write_only, $tables tables x $table_size rows, $threads threads, binlog_format=ROW
generated=$(date -u +%Y-%m-%dT%H:%M:%SZ)
generation_seconds=$((SECONDS - started))
EOF
    echo "  generated in $((SECONDS - started)) s"
}

mkdir -p "$bench_dir"
if [ "$regenerate" -eq 1 ] || [ ! -f "$data_dir/STAMP" ]; then
    generate
fi
bench_load_cache

# --- measurement ------------------------------------------------------------

bench_tools
bench_make_out
trap 'cleanup_generation; rm -rf "$out"' EXIT
bench_count

# name | comparison case (for the mariadb-binlog ratio) | rows printed? | inputs | command
cases=(
    "cat||0|files|cat"
    "binsift decode|mariadb-binlog|0|files|$BINSIFT decode"
    "binsift decode --no-verify-checksum|mariadb-binlog|0|files|$BINSIFT decode --no-verify-checksum"
    "binsift decode -v|mariadb-binlog -v|1|files|$BINSIFT decode -v"
    "mariadb-binlog||0|files|$mariadb_binlog --no-defaults"
    "mariadb-binlog -v||1|files|$mariadb_binlog --no-defaults -v --base64-output=decode-rows"
)
bench_run
bench_report
