#!/usr/bin/env bash
# Every test: build with warnings as errors and run CTest (unit, firmware, integration).
#   scripts/test.sh              the default build (build/)
#   scripts/test.sh --sanitize   the same tests under AddressSanitizer + UBSan (build-sanitize/)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=default
[ "${1:-}" = "--sanitize" ] && preset=sanitize
bash scripts/install-deps.sh
. scripts/compiler-cache.sh
cmake --preset "$preset" >/dev/null
if [ "$preset" = sanitize ]; then
  # Only the unit-test programs run under the sanitizers (the integration tests load our driver
  # into an uninstrumented pcscd).
  cmake --build --preset sanitize --target unit_tests
else
  cmake --build --preset "$preset"
fi
ctest --preset "$preset"
