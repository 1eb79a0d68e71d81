#!/usr/bin/env bash
# The whole test suite, as CI runs it on a clean checkout:
#  1. g++ Release build, every ctest test;
#  2. clang++ build with -fsanitize=address,undefined, every ctest test again;
#  3. each libFuzzer target for a bounded smoke time (FUZZ_SECONDS, default 20).
set -euo pipefail
cd "$(dirname "$0")/.."
# chromium renders the HTML table in a test; clang's runtime carries libFuzzer and the sanitizers;
# python3-jsonschema validates the data and the CLI's JSON against their schemas;
# prometheus brings promtool, which lints doctor --format prometheus.
scripts/deps.sh clang libclang-rt-14-dev chromium python3-jsonschema prometheus
jobs=$(nproc)

echo "== g++: build and test"
# The unit and static tests are built a second time as C++23 here (one suite, two standards).
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DGPUCOMPAT_TEST_CXX23=ON
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== clang++ with AddressSanitizer and UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
  -DGPUCOMPAT_SANITIZE=address,undefined -DGPUCOMPAT_BUILD_BENCHMARKS=OFF -DGPUCOMPAT_BUILD_FUZZERS=ON
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs" -E '^consumer_'

echo "== fuzz smoke"
for f in build-asan/fuzz/fuzz_*; do
  [ -x "$f" ] || continue
  name=$(basename "$f")
  mkdir -p "build-asan/fuzz/work-$name"
  log="build-asan/fuzz/$name.log"
  status=0
  "$f" -max_total_time="${FUZZ_SECONDS:-20}" -max_len=4096 -print_final_stats=1 -artifact_prefix="build-asan/fuzz/" \
    "build-asan/fuzz/work-$name" fuzz/corpus/"${name#fuzz_}" >"$log" 2>&1 || status=$?
  echo "$name: $(grep -E '^stat::number_of_executed_units' "$log")"
  if [ "$status" -ne 0 ]; then
    grep -A30 -E "ERROR|deadly" "$log" | head -60
    echo "$name failed (exit $status)"
    exit 1
  fi
done
echo "all test stages passed"
