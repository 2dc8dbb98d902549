#!/usr/bin/env bash
# Every benchmark of bench/ with --quick: a smoke run, so that none can break silently (CI runs
# it). Each prints one JSON object; they are kept in build/bench-quick/ and checked against the
# report's schema (bench/check_report.py). The numbers of a quick run on a shared machine are not
# measurements: run a bench without --quick for those (bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
. scripts/compiler-cache.sh
cmake --preset default > /dev/null
# Every bench bench/CMakeLists.txt defines, so that a new one cannot be left out.
mapfile -t benches < <(sed -n 's/^add_executable(\(bench_[a-z_]*\).*/\1/p' bench/CMakeLists.txt)
[ ${#benches[@]} -gt 0 ] || { echo "no add_executable(bench_...) in bench/CMakeLists.txt" >&2; exit 1; }
cmake --build --preset default --target "${benches[@]}"
out=build/bench-quick
mkdir -p "$out"
failed=()
for bench in "${benches[@]}"; do
  start=$(date +%s)
  # Under run_isolated.py, as the integration tests: a bench that leaves a process behind fails.
  if python3 tests/integration/run_isolated.py "build/bench/$bench" --quick > "$out/$bench.json" \
    2> "$out/$bench.err" &&
    python3 bench/check_report.py "$out/$bench.json" "$bench" 2>> "$out/$bench.err"; then
    echo "ok      $bench ($(( $(date +%s) - start )) s)"
  else
    echo "FAILED  $bench ($(( $(date +%s) - start )) s):" >&2
    tail -n 20 "$out/$bench.err" >&2
    failed+=("$bench")
  fi
done
[ ${#failed[@]} -eq 0 ] || { echo "benchmarks that failed: ${failed[*]}" >&2; exit 1; }
