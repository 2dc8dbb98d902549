#!/usr/bin/env bash
# The main job: build, then issue a simulated card and use it (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default
exec ./build/tools/mynasim/mynasim demo "$@"
