#!/usr/bin/env bash
# rules.sh - decisions per second of the rule matcher (bench/rules_bench.c),
# for a cached table and for first-seen tables, with 1,000 rules by default.
#   bench/rules.sh [RULES] [FIRST_SEEN_TABLES] [CACHED_LOOKUPS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cmake -S "$root" -B "$root/build-bench" -DCMAKE_BUILD_TYPE=Release -DBS_TESTS=OFF >/dev/null
cmake --build "$root/build-bench" -j2 --target bench_rules >/dev/null
"$root/build-bench/bench_rules" "$@" 2>/dev/null
