# shellcheck shell=bash
# lib.sh - what bench/decode.sh and bench/check.sh share; sourced, not run.
#
# Both scripts time commands over the cached sysbench binlog and report one
# table, so the steps are the same and live here once, in the order a script
# calls them:
#   bench_parse_options "$@"  --size/--quick/--runs/--regenerate/--help into
#                             size_mb, runs, regenerate; sets bench_dir and
#                             data_dir (the cache folder of that size)
#   bench_load_cache          prints the cache's STAMP, fills files[] and bytes
#   bench_tools               builds binsift (or takes $BINSIFT), finds
#                             mariadb-binlog and /usr/bin/time
#   bench_count               warms the page cache, counts events and rows
#                             with binsift's decode summary
#   bench_run                 times every entry of cases[] --runs times into
#                             $out/results.tsv
#   bench_report              the environment header, then bench/report.py's
#                             table (medians; see there)
# A case is "name|compare|rows|inputs|command": compare names the case whose
# time gives the "x mariadb-binlog" ratio (empty: none), rows is 1 to show
# rows/s, inputs names the array appended to the command (files, or e.g.
# check.sh's --binlog arguments), command is a word list (split on spaces).
# Runs are round-robin (every case once, then again) so a load spike from
# elsewhere spreads over all cases instead of hitting one.

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
size_mb=1024
runs=3
# shellcheck disable=SC2034 # read by the scripts that source this file
regenerate=0
out=""

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
}

die() { echo "bench/$(basename "$0"): $*" >&2; exit 1; }

# shellcheck disable=SC2034 # regenerate is read by the calling script
bench_parse_options() {
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
}

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

bench_load_cache() {
    echo "binlog cache: $data_dir"
    sed 's/^/  /' "$data_dir/STAMP"
    mapfile -t files < <(binlog_files "$data_dir")
    [ ${#files[@]} -gt 0 ] || die "no binlog files in $data_dir (remove STAMP to regenerate)"
    bytes=$(binlog_bytes "$data_dir")
}

bench_tools() {
    ensure_packages time
    if [ -z "${BINSIFT:-}" ]; then
        cmake -S "$bench_root" -B "$bench_root/build-bench" -DCMAKE_BUILD_TYPE=Release \
            -DBS_TESTS=OFF >/dev/null
        cmake --build "$bench_root/build-bench" -j2 --target binsift >/dev/null
        BINSIFT=$bench_root/build-bench/binsift
    fi
    [ -x "$BINSIFT" ] || die "$BINSIFT is not an executable"
    mariadb_binlog=$(command -v mariadb-binlog || command -v mysqlbinlog) ||
        die "mariadb-binlog not found (install mariadb-client)"
}

# The folder for this run's scratch files; the caller's EXIT trap removes it.
bench_make_out() {
    out=$(mktemp -d "${TMPDIR:-/tmp}/binsift-bench-run.XXXXXX")
}

bench_count() {
    cat "${files[@]}" >/dev/null # warm the page cache
    echo "counting events and rows with binsift's summary"
    events=$("$BINSIFT" decode "${files[@]}" | awk '/^# summary:/ { print $3 }')
    rows=$("$BINSIFT" decode -v "${files[@]}" | awk '/^#   rows:/ { print $3 }')
    if [ -z "$events" ] || [ -z "$rows" ]; then die "binsift printed no summary"; fi
}

# One timed run of command + the inputs array: wall seconds (the shell's
# clock), a tab, the peak RSS in KiB (/usr/bin/time). `binsift check` exits 1
# when it finds conflicts: a result, not a failure.
time_case() {
    local cmd=$1 rc=0 t0 t1
    local -n inputs=$2
    t0=$EPOCHREALTIME
    # shellcheck disable=SC2086 # cmd is a word list
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

# shellcheck disable=SC2154 # cases is the calling script's
bench_run() {
    local run c name compare has_rows inputs cmd m
    echo "timing ${#cases[@]} cases x $runs runs on ${#files[@]} file(s)"
    load_before=$(uptime)
    printf 'case\tcompare\trows\tseconds\trss_kib\n' >"$out/results.tsv"
    for run in $(seq 1 "$runs"); do
        for c in "${cases[@]}"; do
            IFS='|' read -r name compare has_rows inputs cmd <<<"$c"
            if m=$(time_case "$cmd" "$inputs"); then
                printf '%s\t%s\t%s\t%s\n' "$name" "$compare" "$has_rows" "$m" >>"$out/results.tsv"
            fi
        done
        echo "  run $run done"
    done
    load_after=$(uptime)
}

bench_report() {
    echo
    echo "binsift:   $BINSIFT ($(git -C "$bench_root" describe --always --dirty 2>/dev/null || echo '?'))"
    echo "reference: $("$mariadb_binlog" --version)"
    echo "cpu:       $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(nproc) cores"
    echo "load:      before:${load_before##*load average:}  after:${load_after##*load average:}"
    echo
    python3 "$bench_root/bench/report.py" --bytes "$bytes" --files "${#files[@]}" \
        --events "$events" --rows "$rows" "$out/results.tsv"
}
