#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for SECONDS (default 60): no crash, no leak.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
bash scripts/install-deps.sh
cmake --preset fuzz >/dev/null
# Only the fuzzers: the rest of the tree is not meant to link with the fuzzing sanitizers.
targets=$(ninja -C build-fuzz -t targets all | sed -n 's/^\(fuzz_[a-z0-9_]*\): phony$/\1/p' | sort -u)
[ -n "$targets" ] || { echo "no fuzz targets found"; exit 1; }
cmake --build --preset fuzz --target $targets
for target in build-fuzz/tests/fuzz/fuzz_*; do
  [ -x "$target" ] || continue
  name=$(basename "$target")
  corpus=$(mktemp -d)
  dict=()
  [ -f "tests/fuzz/${name#fuzz_}.dict" ] && dict=(-dict="tests/fuzz/${name#fuzz_}.dict")
  echo "== $name for ${seconds}s"
  "$target" "${dict[@]}" -max_total_time="$seconds" -print_final_stats=1 "$corpus" 2>&1 | tail -n 12
  rm -rf "$corpus"
done
