#!/usr/bin/env bash
# test.sh - install dependencies, build, and run the whole test suite, twice:
# a Release build, then an AddressSanitizer + UndefinedBehaviorSanitizer build.
#
# Tests that need ../shared (the fixture corpus and DM configs next to this
# checkout) skip with a message when it is absent. Set BINSIFT_SHARED to point
# elsewhere. Pass extra ctest arguments after the script name (e.g. -L unit).
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh

jobs=$(nproc 2>/dev/null || echo 2)
run() {
    local dir=$1; shift
    cmake -S . -B "$dir" "$@" >/dev/null
    cmake --build "$dir" -j"$jobs"
    ctest --test-dir "$dir" --output-on-failure -j"$jobs" "${ctest_args[@]}"
}

ctest_args=("$@")
echo "== Release build"
run build -DCMAKE_BUILD_TYPE=Release
echo "== ASan + UBSan build"
run build-asan -DCMAKE_BUILD_TYPE=Debug -DBS_SANITIZE=ON
