#!/usr/bin/env bash
# Every benchmark of bench/ with --quick: a smoke run, so that none can break silently (CI runs
# it). Each prints one JSON object; they are kept in build/bench-quick/ and checked to parse. The
# numbers of a quick run on a shared machine are not measurements: run a bench without --quick
# for those (bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset default > /dev/null
benches=(bench_card bench_reader bench_pki bench_portal bench_hostile bench_conformance bench_relay)
cmake --build --preset default --target "${benches[@]}"
out=build/bench-quick
mkdir -p "$out"
failed=()
for bench in "${benches[@]}"; do
  start=$(date +%s)
  if "build/bench/$bench" --quick > "$out/$bench.json" 2> "$out/$bench.err" &&
    python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$out/$bench.json"; then
    echo "ok      $bench ($(( $(date +%s) - start )) s)"
  else
    echo "FAILED  $bench ($(( $(date +%s) - start )) s):" >&2
    tail -n 20 "$out/$bench.err" >&2
    failed+=("$bench")
  fi
done
[ ${#failed[@]} -eq 0 ] || { echo "benchmarks that failed: ${failed[*]}" >&2; exit 1; }
