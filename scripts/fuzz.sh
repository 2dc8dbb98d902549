#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for SECONDS (default 60) from its committed
# seed corpus (tests/fuzz/corpus/<target>/): no crash, no leak, no broken invariant.
#
#   bash scripts/fuzz.sh [SECONDS] [CORPUS_DIR]
#
# Without CORPUS_DIR what a run finds goes to a temporary directory and is thrown away; the
# committed corpus is only read. With CORPUS_DIR, each target keeps what it grows in
# CORPUS_DIR/<target>/ (created if needed, read again by the next run): that is how a long run
# goes on where the last one stopped. tests/fuzz/README.md says how to fold it into the commit.
#
# Targets run side by side, as many at once as there are CPUs (each is single-threaded). One
# JSON line per target on stdout: target, seconds, execs, execs_per_sec (libFuzzer's, wall
# clock), cpu_seconds and execs_per_cpu_second (the rate on a busy machine), new_units and
# corpus_units/corpus_bytes (libFuzzer's corpus at the end). A crash leaves its input in
# build-fuzz/fuzz-artifacts/ and makes the script exit 1 after every target has run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
corpus_root=${2:-}
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS] [CORPUS_DIR]" >&2; exit 2; }

bash scripts/install-deps.sh >&2
. scripts/compiler-cache.sh
cmake --preset fuzz >/dev/null
# Only the fuzzers: the rest of the tree is not meant to link with the fuzzing sanitizers.
targets=$(ninja -C build-fuzz -t targets all | sed -n 's/^\(fuzz_[a-z0-9_]*\): phony$/\1/p' | sort -u)
[ -n "$targets" ] || { echo "no fuzz targets found" >&2; exit 1; }
cmake --build --preset fuzz --target $targets >&2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
artifacts=build-fuzz/fuzz-artifacts
mkdir -p "$artifacts"

run_target() {
  local name=$1 out seeds=tests/fuzz/corpus/$1 options=()
  if [ -n "$corpus_root" ]; then out=$corpus_root/$name; else out=$work/corpus-$name; fi
  mkdir -p "$out"
  [ -f "tests/fuzz/${name#fuzz_}.dict" ] && options+=(-dict="tests/fuzz/${name#fuzz_}.dict")
  # The login route refuses bodies over 10,000 bytes: let inputs reach past that.
  [ "$name" = fuzz_login_request ] && options+=(-max_len=12000)
  local inputs=("$out")
  [ -d "$seeds" ] && inputs+=("$seeds")  # read, never written: new units go to the first dir
  local TIMEFORMAT='%U %S'
  { time "build-fuzz/tests/fuzz/$name" "${options[@]}" -max_total_time="$seconds" -timeout=20 \
      -print_final_stats=1 -artifact_prefix="$artifacts/$name-" "${inputs[@]}" \
      >"$work/$name.log" 2>&1; } 2>"$work/$name.time" || echo $? >"$work/$name.failed"
}

# Up to one target per CPU at a time.
jobs=$(nproc)
running=0
for name in $targets; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  run_target "$name" &
  running=$((running + 1))
done
wait

failed=0
for name in $targets; do
  log=$work/$name.log
  if [ -f "$work/$name.failed" ]; then
    failed=1
    echo "== $name FAILED (exit $(cat "$work/$name.failed")); its log ends:" >&2
    tail -n 40 "$log" >&2
  fi
  final_stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -n 1; }
  execs=$(final_stat number_of_executed_units)
  rate=$(final_stat average_exec_per_sec)
  new_units=$(final_stat new_units_added)
  # The last status line: "#N  DONE  cov: .. ft: .. corp: UNITS/SIZE{b,Kb,Mb} ..."
  corp=$(grep -o 'corp: [0-9]*/[0-9]*[KM]*b' "$log" | tail -n 1 | sed 's/corp: //')
  units=${corp%%/*}
  size=${corp#*/}
  case "$size" in
    *Mb) bytes=$((${size%Mb} * 1048576)) ;;
    *Kb) bytes=$((${size%Kb} * 1024)) ;;
    *b) bytes=${size%b} ;;
    *) bytes=0 ;;
  esac
  read -r user sys <"$work/$name.time" || { user=0; sys=0; }
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  per_cpu=$(awk -v e="${execs:-0}" -v c="$cpu" 'BEGIN { printf "%.0f", (c > 0) ? e / c : 0 }')
  printf '{"target":"%s","seconds":%s,"execs":%s,"execs_per_sec":%s,"cpu_seconds":%s,' \
    "$name" "$seconds" "${execs:-0}" "${rate:-0}" "$cpu"
  printf '"execs_per_cpu_second":%s,"new_units":%s,"corpus_units":%s,"corpus_bytes":%s}\n' \
    "$per_cpu" "${new_units:-0}" "${units:-0}" "$bytes"
done
exit "$failed"
