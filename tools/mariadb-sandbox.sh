#!/usr/bin/env bash
# mariadb-sandbox.sh - a throwaway MariaDB server for tests and benchmarks.
#
#   tools/mariadb-sandbox.sh start DIR [mariadbd options...]
#       Create DIR/data, start mariadbd on 127.0.0.1 (a free port, written to
#       DIR/port) with binary logging to DIR/binlog/mysql-bin (ROW format,
#       server-id 1) plus the given options, and wait until it answers.
#   tools/mariadb-sandbox.sh stop DIR      stop it (by the pid in DIR/pid)
#   tools/mariadb-sandbox.sh sql DIR ...   run the mariadb client against it
#   tools/mariadb-sandbox.sh binlog DIR ... run mariadb-binlog (no defaults)
#
# Nothing outside DIR is touched: --no-defaults everywhere, own socket, own
# pid file. A server left running by a crashed test is stopped by the next
# `start` on the same DIR.
set -euo pipefail

die() { echo "mariadb-sandbox: $*" >&2; exit 1; }

find_bin() {
    for b in "$@"; do
        command -v "$b" >/dev/null 2>&1 && { command -v "$b"; return; }
        [ -x "/usr/sbin/$b" ] && { echo "/usr/sbin/$b"; return; }
    done
    die "none of $* found (install mariadb-server and mariadb-client)"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

stop() {
    local dir=$1
    [ -f "$dir/pid" ] || return 0
    local pid
    pid=$(cat "$dir/pid")
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$dir/pid"
}

start() {
    local dir=$1; shift
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    stop "$dir"
    rm -rf "$dir/data" "$dir/binlog" "$dir/tmp"
    mkdir -p "$dir/data" "$dir/binlog" "$dir/tmp"
    local mysqld install user port
    mysqld=$(find_bin mariadbd mysqld)
    install=$(find_bin mariadb-install-db mysql_install_db)
    user=$(id -un)
    # The bootstrap server's temporary tables go to its own tmpdir: in the
    # shared /tmp, two installs running at once clash on their names.
    "$install" --no-defaults --user="$user" --datadir="$dir/data" --skip-test-db \
        --auth-root-authentication-method=normal --tmpdir="$dir/tmp" \
        >"$dir/install.log" 2>&1 ||
        { cat "$dir/install.log" >&2; die "mariadb-install-db failed"; }
    port=$(free_port)
    echo "$port" >"$dir/port"
    "$mysqld" --no-defaults --user="$user" --datadir="$dir/data" --tmpdir="$dir/tmp" \
        --socket="$dir/sock" --pid-file="$dir/pid" --port="$port" --bind-address=127.0.0.1 \
        --log-error="$dir/error.log" --log-bin="$dir/binlog/mysql-bin" --server-id=1 \
        --binlog-format=ROW --innodb-buffer-pool-size=256M --skip-name-resolve "$@" \
        >/dev/null 2>&1 &
    local admin
    admin=$(find_bin mariadb-admin mysqladmin)
    for _ in $(seq 1 600); do
        if "$admin" --no-defaults --socket="$dir/sock" -uroot ping >/dev/null 2>&1; then
            [ -f "$dir/pid" ] && { echo "$port"; return 0; }
        fi
        sleep 0.1
    done
    cat "$dir/error.log" >&2 || true
    die "mariadbd did not start (see $dir/error.log)"
}

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || die "usage: $0 start|stop|sql|binlog DIR [args...]"
shift 2
case "$cmd" in
start) start "$dir" "$@" ;;
stop) stop "$dir" ;;
sql) exec "$(find_bin mariadb mysql)" --no-defaults --socket="$dir/sock" -uroot "$@" ;;
binlog) exec "$(find_bin mariadb-binlog mysqlbinlog)" --no-defaults "$@" ;;
*) die "unknown command $cmd" ;;
esac
