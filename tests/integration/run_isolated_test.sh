#!/usr/bin/env bash
# run_isolated.py against small tests that leak and that do not: a leaked `sleep` fails the test
# and is gone afterwards (also when it escaped into its own session), a test that cleans up passes,
# a test's own status is passed on. Then every integration test CTest knows must run under it.
# Usage: run_isolated_test.sh RUN_ISOLATED_PY BUILD_DIR
set -euo pipefail
WRAPPER=${1:?usage: $0 RUN_ISOLATED_PY BUILD_DIR}
BUILD=${2:?}
WORK=$(mktemp -d /tmp/run-isolated-test.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# Runs SCRIPT (bash -c) under the wrapper; sets STATUS and ERR (its stderr).
isolated() {
  STATUS=0
  python3 "$WRAPPER" bash -c "$1" > "$WORK/out" 2> "$WORK/err" || STATUS=$?
  ERR=$(cat "$WORK/err")
}
# The pid a fixture wrote to $WORK/pid must be gone.
expect_pid_gone() {
  local pid
  pid=$(cat "$WORK/pid")
  if kill -0 "$pid" 2> /dev/null; then
    kill -9 "$pid"
    fail "$1: pid $pid still runs after the wrapper ended"
  fi
}

isolated 'sleep 0.2 & wait'
[ "$STATUS" -eq 0 ] || fail "a test that waits for its child: status $STATUS, stderr: $ERR"
[ -z "$ERR" ] || fail "a clean test printed: $ERR"

isolated "sleep 0.3 & echo \$! > $WORK/pid; kill \$!"
[ "$STATUS" -eq 0 ] || fail "a child killed but not waited for is not a leak: status $STATUS: $ERR"

isolated "sleep 4242 & echo \$! > $WORK/pid; exit 0"
[ "$STATUS" -eq 1 ] || fail "a leaked sleep: status $STATUS, expected 1"
grep -q "1 process(es) outlived the test (exit status 0)" <<< "$ERR" || fail "no leak message: $ERR"
grep -q "pid $(cat "$WORK/pid"): sleep 4242" <<< "$ERR" || fail "the leak is not named: $ERR"
expect_pid_gone "a leaked sleep"

# Forked twice into a session of its own, as a daemon does: still ours.
isolated "setsid bash -c 'sleep 4243 & echo \$! > $WORK/pid' < /dev/null; sleep 0.1"
[ "$STATUS" -eq 1 ] || fail "a sleep that left the session: status $STATUS, expected 1"
grep -q "sleep 4243" <<< "$ERR" || fail "the escaped sleep is not named: $ERR"
expect_pid_gone "a sleep that left the session"

# The shape of the portal's old bug: a function put in the background, its subshell killed.
isolated "serve() { sleep 4244; }; serve & echo \$! > $WORK/subshell; sleep 0.1
          pgrep -P \$(cat $WORK/subshell) sleep > $WORK/pid; kill \$(cat $WORK/subshell)"
[ "$STATUS" -eq 1 ] || fail "a backgrounded function's child: status $STATUS, expected 1"
grep -q "sleep 4244" <<< "$ERR" || fail "the function's sleep is not named: $ERR"
expect_pid_gone "a backgrounded function's child"

isolated 'exit 3'
[ "$STATUS" -eq 3 ] || fail "a failing test's status is passed on: got $STATUS, expected 3"
isolated 'exit 77'
[ "$STATUS" -eq 77 ] || fail "a skipped test's status is passed on: got $STATUS, expected 77"

# Every integration test registered with CTest runs under the wrapper.
ctest --test-dir "$BUILD" -L integration --show-only=json-v1 > "$WORK/tests.json"
python3 - "$WORK/tests.json" << 'PY'
import json, sys
tests = json.load(open(sys.argv[1]))["tests"]
bare = [t["name"] for t in tests if not any("run_isolated.py" in a for a in t.get("command", []))]
if not tests:
    sys.exit("FAIL: ctest lists no integration test")
for name in bare:
    print(f"FAIL: integration test not run under run_isolated.py: {name}", file=sys.stderr)
sys.exit(1 if bare else 0)
PY
echo "run_isolated: leaks fail and are killed; clean tests pass; all integration tests wrapped"
