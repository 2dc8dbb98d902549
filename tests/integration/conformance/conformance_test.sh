#!/bin/bash
# `mynatool conformance` against the simulator through a real pcscd, with the harness that
# restarts and kills mynasim (sim_control.sh): every scenario of every PIN the card has must pass,
# the reports must be well-formed, and the card must be usable afterwards. Then the same card as
# if it were a real one (no office key): read-only; and with --destructive: no counter below 2.
# Usage: conformance_test.sh MYNASIM FIXTURE MYNATOOL
. "$(dirname "$0")/../reader/lib.sh"
. "$(dirname "$0")/sim_lib.sh"
MYNATOOL=${3:?mynatool}
HARNESS=$(dirname "$(readlink -f "$0")")/sim_control.sh
trap 'stop_simulator; cleanup' EXIT
# The test card's values (mynasim issue-test-card): the card-info ones are used once the card has
# those applications; until then their scenarios are skipped.
VALUES=$(printf '%s\n' auth=1234 sign=DEMOPASS1 text=1234 common=1234 juki=1234 \
  text-a=621498320257 surface-a=621498320257 text-b=02040120352285 surface-b=02040120352285 \
  surface-birth=020401)

start_simulator
set +e
"$MYNATOOL" conformance --office-key "$CERTS/office-key.pem" --simulator-control "$HARNESS" \
  --pins-fd 3 --report "$WORK/report.xml" --report "$WORK/report.json" 3<<< "$VALUES" \
  > "$WORK/table.txt" 2> "$WORK/stderr.txt"
status=$?
set -e
cat "$WORK/table.txt"
[ "$status" -eq 0 ] || fail "conformance exited $status: $(cat "$WORK/stderr.txt")"
grep -q "^mode:   simulator" "$WORK/table.txt" || fail "not run as the simulator"
python3 - "$WORK/report.json" "$WORK/report.xml" << 'PY'
import json, sys, xml.etree.ElementTree as ET
report = json.load(open(sys.argv[1]))
assert report["failed"] == 0, report
ran = {(s["pin"], s["scenario"]) for s in report["scenarios"] if s["outcome"] == "passed"}
for pin in ("auth", "sign"):
    for name in ("wrong values count down, the last blocks (63C0), then 6984",
                 "counter survives kill -9 of mynasim", "counter survives restart of mynasim",
                 "verified state cleared by reset and by SELECT", "badly formed values",
                 "CHANGE needs VERIFY; the old value fails after a change"):
        assert (pin, name) in ran, (pin, name)
auth_block = next(s for s in report["scenarios"] if s["pin"] == "auth" and s["scenario"].startswith("wrong values"))
assert [c["seen"] for c in auth_block["checks"] if c["step"].startswith("VERIFY wrong")][:3] == ["63C2", "63C1", "63C0"], auth_block
suite = ET.parse(sys.argv[2]).getroot().find("testsuite")
assert int(suite.get("tests")) == len(report["scenarios"]) and suite.get("failures") == "0"
PY
# The card is usable afterwards: the original values, full counters.
P=1234 "$MYNATOOL" pin verify --pin-env P > /dev/null
"$MYNATOOL" --json pin status | python3 -c '
import json, sys; s = json.load(sys.stdin)
assert s["auth"]["tries_left"] == 3 and s["sign"]["tries_left"] == 5, s'

# Without the office key the card counts as real: read-only; nothing is spent.
"$MYNATOOL" conformance --pins-fd 3 --report "$WORK/ro.json" 3<<< "$VALUES" > /dev/null
python3 - "$WORK/ro.json" << 'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["mode"] == "read-only" and r["failed"] == 0, r
for s in r["scenarios"]:
    assert s["outcome"] == "skipped" or s["scenario"].startswith("retry query"), s
    for c in s["checks"]:
        assert not c["step"].startswith("VERIFY"), c  # no value was ever sent
PY
# --destructive needs the reader's name typed back.
"$MYNATOOL" conformance --destructive --confirm-reader "another reader" 3<<< "$VALUES" --pins-fd 3 \
  > /dev/null 2> "$WORK/refused.txt" && fail "destructive run without the right confirmation"
grep -q "not confirmed" "$WORK/refused.txt" || fail "$(cat "$WORK/refused.txt")"
READER=$("$MYNATOOL" --json readers | python3 -c 'import json,sys; print(json.load(sys.stdin)["readers"][0]["name"])')
"$MYNATOOL" conformance --destructive --confirm-reader "$READER" --pins-fd 3 \
  --report "$WORK/bounded.json" 3<<< "$VALUES" > /dev/null
python3 - "$WORK/bounded.json" << 'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["mode"].startswith("destructive") and r["failed"] == 0, r
for s in r["scenarios"]:
    for c in s["checks"]:
        if c["seen"].startswith("63C"):
            assert int(c["seen"][3], 16) >= 2, (s["scenario"], c)
        assert c["seen"] != "6984", c
PY
# Usage errors exit 2 and name the problem.
set +e
"$MYNATOOL" conformance --report "$WORK/report.txt" 2> "$WORK/usage.txt"
expect_eq "$?" 2 "exit status for a report that is neither .xml nor .json"
grep -q "must end in .xml" "$WORK/usage.txt" || fail "$(cat "$WORK/usage.txt")"
"$MYNATOOL" conformance --simulator-control "$HARNESS" 2> "$WORK/usage.txt"
expect_eq "$?" 2 "exit status for the harness without the office key"
"$MYNATOOL" conformance --pins-fd 3 3<<< "nosuchpin=1" 2> "$WORK/usage.txt"
expect_eq "$?" 2 "exit status for an unknown PIN name"
grep -q 'unknown PIN "nosuchpin"' "$WORK/usage.txt" || fail "$(cat "$WORK/usage.txt")"
set -e
echo "conformance: OK"
