# The faults the link acts on (docs/faults.md; reader/PROTOCOL.md, "Faults: what the host
# sees"), from a faults file to what pyscard's SCard* calls return through a real pcscd: remove
# before / during / after (and the card back after reinsert_ms), mute, reset, power_loss during
# a wrong VERIFY, field_loss on a contactless reader. Each run's fault log names what fired.
. "$(dirname "$0")/lib.sh"
"$PYTHON" -c 'import smartcard' 2> /dev/null || fail "pyscard not importable by $PYTHON: install the Debian package python3-pyscard"

STEPS="$(dirname "$(readlink -f "$0")")/pcsc_steps.py"
SELECT_JPKI="00A4040C0AD392F000260100000001"
SELECT_PIN="00A4020C020018"
VERIFY_STATUS="00200080"
WRONG_PIN="002000800430303030"  # a wrong PIN: the card counts it down (3 tries)

# Runs the steps on a fresh copy of the card with FAULTS (JSON text) and extra mynasim options;
# sets OUT (the steps' lines) and LOG (the fault log, times replaced by T).
run() {  # FAULTS [OPTION...] -- STEP...
  local faults=$1
  shift
  local options=()
  while [ "$1" != "--" ]; do options+=("$1"); shift; done
  shift
  cp "$FIXTURE/card.img" "$WORK/run.img"
  printf '%s' "$faults" > "$WORK/run.json"
  OUT=$("$MYNASIM" exec --card "$WORK/run.img" "${options[@]}" --faults "$WORK/run.json" \
    --fault-log "$WORK/run.log" -- "$PYTHON" "$STEPS" "$@" 2> "$WORK/run.err") ||
    fail "exec failed: $(cat "$WORK/run.err")"
  LOG=$(sed -E 's/"time":"[0-9T:.-]+Z"/"time":"T"/' "$WORK/run.log")
}

# remove before: the card never sees the wrong PIN (3 tries left after it comes back).
run '{"faults": [{"match": {"ins": "20", "data": "30"}, "action": "remove", "when": "before", "reinsert_ms": 300}]}' -- \
  "$SELECT_JPKI" "$SELECT_PIN" "$WRONG_PIN" "$VERIFY_STATUS" reconnect "$SELECT_JPKI" "$SELECT_PIN" "$VERIFY_STATUS"
expect_eq "$OUT" "90 00
90 00
SCARD_E_NOT_TRANSACTED
SCARD_W_REMOVED_CARD
reconnected 3B E0 00 FF 81 31 FE 45 14
90 00
90 00
63 C3" "remove before"
expect_eq "$LOG" '{"time":"T","reader":0,"rule":0,"action":"remove","when":"before","reinsert_ms":300,"command":{"cla":"00","ins":"20","p1":"00","p2":"80","lc":4},"match":1}' "remove before: log"

# remove during: the card counted the wrong PIN, the host got no answer.
run '{"faults": [{"match": {"ins": "20", "data": "30"}, "action": "remove", "reinsert_ms": 300}]}' -- \
  "$SELECT_JPKI" "$SELECT_PIN" "$WRONG_PIN" reconnect "$SELECT_JPKI" "$SELECT_PIN" "$VERIFY_STATUS"
expect_eq "$OUT" "90 00
90 00
SCARD_E_NOT_TRANSACTED
reconnected 3B E0 00 FF 81 31 FE 45 14
90 00
90 00
63 C2" "remove during"

# remove after: the answer arrives, a later call finds the card gone; it never comes back.
# (A call sent at once, before pcscd has seen the removal, gets SCARD_E_NOT_TRANSACTED.)
run '{"faults": [{"match": {"ins": "20"}, "nth": 1, "action": "remove", "when": "after"}]}' -- \
  "$SELECT_JPKI" "$SELECT_PIN" "$VERIFY_STATUS" sleep "$VERIFY_STATUS"
expect_eq "$OUT" "90 00
90 00
63 C3
SCARD_W_REMOVED_CARD" "remove after"

# mute: the reader's timeout, then (T=1) nothing until a reset.
run '{"faults": [{"match": {"ins": "A4"}, "nth": 2, "action": "mute"}]}' -- \
  "$SELECT_JPKI" "$SELECT_PIN"
expect_eq "$OUT" "90 00
SCARD_E_NOT_TRANSACTED" "mute"
expect_eq "$LOG" '{"time":"T","reader":0,"rule":0,"action":"mute","command":{"cla":"00","ins":"A4","p1":"02","p2":"0C","lc":2},"match":2}' "mute: log"

# reset after the 2nd command: its answer, then SCARD_W_RESET_CARD; the JPKI AP is deselected.
# (pcscd marks the handles, then resets the card: a command sent within that moment still finds
# the old state, with a real reader too, so the client waits 0.3 s before looking.)
run '{"faults": [{"after_commands": 1, "action": "reset"}]}' -- \
  "$SELECT_JPKI" "$SELECT_PIN" "$SELECT_PIN" sleep reconnect "$SELECT_PIN"
expect_eq "$OUT" "90 00
90 00
SCARD_W_RESET_CARD
reconnected 3B E0 00 FF 81 31 FE 45 14
6A 82" "reset"

# power_loss during a wrong VERIFY, cut at the write's first system call: no answer, the card
# leaves and comes back as its image holds it (the try not counted: nothing was written).
run '{"faults": [{"match": {"ins": "20", "data": "30"}, "action": "power_loss", "step": 1, "reinsert_ms": 200}]}' -- \
  "$SELECT_JPKI" "$SELECT_PIN" "$WRONG_PIN" "$VERIFY_STATUS" reconnect "$SELECT_JPKI" "$SELECT_PIN" "$VERIFY_STATUS"
expect_eq "$OUT" "90 00
90 00
SCARD_E_NOT_TRANSACTED
SCARD_W_REMOVED_CARD
reconnected 3B E0 00 FF 81 31 FE 45 14
90 00
90 00
63 C3" "power_loss"
expect_eq "$LOG" '{"time":"T","reader":0,"rule":0,"action":"power_loss","step":1,"reinsert_ms":200,"command":{"cla":"00","ins":"20","p1":"00","p2":"80","lc":4},"match":1}' "power_loss: log"

# field_loss (contactless): the answer lost, the card back (100 ms) with its contactless ATR.
run '{"faults": [{"match": {"ins": "A4"}, "nth": 2, "action": "field_loss"}]}' --atr contactless -- \
  "$SELECT_JPKI" "$SELECT_PIN" reconnect "$SELECT_JPKI"
expect_eq "$OUT" "90 00
SCARD_E_NOT_TRANSACTED
reconnected 3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F
90 00" "field_loss"
expect_eq "$LOG" '{"time":"T","reader":0,"rule":0,"action":"field_loss","reinsert_ms":100,"command":{"cla":"00","ins":"A4","p1":"02","p2":"0C","lc":2},"match":2}' "field_loss: log"
echo PASS
