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
# Then, in the same run: build binsift Release in build-bench (or use
# $BINSIFT), warm the page cache, count events and rows with binsift's
# summary, and time every case --runs times (round-robin, so a load spike from
# elsewhere spreads over all cases), each under /usr/bin/time -v for the peak
# RSS. bench/report.py prints the medians as one table. Nothing is asserted:
# this reports, it does not pass or fail.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
size_mb=1024
runs=3
regenerate=0
tables=8
threads=4

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
}

die() { echo "bench/decode.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
    --size) [ $# -ge 2 ] || die "--size needs a value"; size_mb=$2; shift 2 ;;
    --quick) size_mb=100; shift ;;
    --runs) [ $# -ge 2 ] || die "--runs needs a value"; runs=$2; shift 2 ;;
    --regenerate) regenerate=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
    esac
done
[[ "$size_mb" =~ ^[1-9][0-9]*$ ]] || die "--size must be a positive number of MiB"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive number"

bench_dir=${BINSIFT_BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/binsift-bench}
data_dir=$bench_dir/binlog-${size_mb}M

# Debian packages the benchmark needs beyond tools/install-deps.sh.
ensure_packages() {
    local missing=() p sudo=""
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing ${missing[*]}"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

binlog_files() { find "$1" -maxdepth 1 -name 'mysql-bin.[0-9]*' | sort; }

binlog_bytes() {
    find "$1" -maxdepth 1 -name 'mysql-bin.[0-9]*' -printf '%s\n' | awk '{ t += $1 } END { print t + 0 }'
}

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
        "$root/tools/mariadb-sandbox.sh" stop "$gen_dir" || true
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
    "$root/tools/mariadb-sandbox.sh" start "$gen_dir" --max-binlog-size=1073741824 \
        --sync-binlog=0 --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
        --innodb-buffer-pool-size=512M --innodb-log-file-size=512M >/dev/null
    "$root/tools/mariadb-sandbox.sh" sql "$gen_dir" -e 'CREATE DATABASE sbtest'
    echo "  sysbench prepare: $tables tables x $table_size rows"
    # shellcheck disable=SC2046
    sysbench $(sysbench_args) prepare >"$gen_dir/sysbench-prepare.log" 2>&1 ||
        { cat "$gen_dir/sysbench-prepare.log" >&2; die "sysbench prepare failed"; }
    echo "  sysbench run (oltp_write_only, $threads threads) until $size_mb MiB"
    run_workload_until "$target"
    local server_version
    server_version=$("$root/tools/mariadb-sandbox.sh" sql "$gen_dir" -N -e 'SELECT VERSION()')
    # Stopping the server closes the last binlog with a STOP event.
    "$root/tools/mariadb-sandbox.sh" stop "$gen_dir"
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
echo "binlog cache: $data_dir"
sed 's/^/  /' "$data_dir/STAMP"
mapfile -t files < <(binlog_files "$data_dir")
[ ${#files[@]} -gt 0 ] || die "no binlog files in $data_dir (remove STAMP to regenerate)"

# --- tools ------------------------------------------------------------------

ensure_packages time
if [ -z "${BINSIFT:-}" ]; then
    cmake -S "$root" -B "$root/build-bench" -DCMAKE_BUILD_TYPE=Release -DBS_TESTS=OFF >/dev/null
    cmake --build "$root/build-bench" -j2 --target binsift >/dev/null
    BINSIFT=$root/build-bench/binsift
fi
[ -x "$BINSIFT" ] || die "$BINSIFT is not an executable"
mariadb_binlog=$(command -v mariadb-binlog || command -v mysqlbinlog) ||
    die "mariadb-binlog not found (install mariadb-client)"

# --- measurement ------------------------------------------------------------

out=$(mktemp -d "${TMPDIR:-/tmp}/binsift-bench-run.XXXXXX")
trap 'cleanup_generation; rm -rf "$out"' EXIT

load_before=$(uptime)
cat "${files[@]}" >/dev/null # warm the page cache
echo "counting events and rows with binsift's summary"
events=$("$BINSIFT" decode "${files[@]}" | awk '/^# summary:/ { print $3 }')
rows=$("$BINSIFT" decode -v "${files[@]}" | awk '/^#   rows:/ { print $3 }')
if [ -z "$events" ] || [ -z "$rows" ]; then die "binsift printed no summary"; fi

# name | comparison case (for the mariadb-binlog ratio) | rows printed? | command
cases=(
    "cat||0|cat"
    "binsift decode|mariadb-binlog|0|$BINSIFT decode"
    "binsift decode --no-verify-checksum|mariadb-binlog|0|$BINSIFT decode --no-verify-checksum"
    "binsift decode -v|mariadb-binlog -v|1|$BINSIFT decode -v"
    "mariadb-binlog||0|$mariadb_binlog --no-defaults"
    "mariadb-binlog -v||1|$mariadb_binlog --no-defaults -v --base64-output=decode-rows"
)

# One timed run: wall seconds (bash clock), then peak RSS in KiB.
time_case() {
    local cmd=$1 t0 t1 rss
    t0=$EPOCHREALTIME
    # shellcheck disable=SC2086 # cmd is a word list built above
    if ! /usr/bin/time -v -o "$out/time.txt" $cmd "${files[@]}" >/dev/null 2>"$out/stderr.txt"; then
        echo "  failed: $cmd" >&2
        cat "$out/stderr.txt" >&2
        return 1
    fi
    t1=$EPOCHREALTIME
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$out/time.txt")
    echo "$t0 $t1 $rss" | awk '{ printf "%.6f\t%s\n", $2 - $1, $3 }'
}

echo "timing ${#cases[@]} cases x $runs runs on ${#files[@]} file(s)"
printf 'case\tcompare\trows\tseconds\trss_kib\n' >"$out/results.tsv"
for run in $(seq 1 "$runs"); do
    for c in "${cases[@]}"; do
        IFS='|' read -r name compare has_rows cmd <<<"$c"
        if m=$(time_case "$cmd"); then
            printf '%s\t%s\t%s\t%s\n' "$name" "$compare" "$has_rows" "$m" >>"$out/results.tsv"
        fi
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
python3 "$root/bench/report.py" --bytes "$(binlog_bytes "$data_dir")" --files "${#files[@]}" \
    --events "$events" --rows "$rows" "$out/results.tsv"
