# docs/testing-with-faults.md's recipes, as the page gives them: each JSON block marked
# `<!-- recipe: NAME -->` is taken from the page, run with `mynasim exec --faults` against a
# pyscard client (pcsc_steps.py), and what the client sees must be what the page says. The T=0
# and --atr recipes run their command lines the same way. Usage: SCRIPT MYNASIM FIXTURE_DIR
. "$(dirname "$0")/lib.sh"
"$PYTHON" -c 'import smartcard' 2> /dev/null || fail "pyscard not importable by $PYTHON: install the Debian package python3-pyscard"
HERE=$(dirname "$(readlink -f "$0")")
STEPS=$HERE/pcsc_steps.py
PAGE=$HERE/../../../docs/testing-with-faults.md

# The JSON block that follows `<!-- recipe: NAME -->` on the page.
recipe() {  # NAME
  "$PYTHON" - "$PAGE" "$1" << 'PY'
import json, re, sys
text = open(sys.argv[1]).read()
found = re.search(r"<!-- recipe: %s -->\n```json\n(.*?)```" % re.escape(sys.argv[2]), text, re.S)
if not found:
    sys.exit("docs/testing-with-faults.md has no recipe %s" % sys.argv[2])
print(json.dumps(json.loads(found.group(1))))
PY
}
# Runs STEPS on a fresh copy of the card with the recipe NAME ("-" for none) and mynasim OPTIONS;
# sets OUT to what the client printed.
run() {  # NAME [OPTION...] -- STEP...
  local name=$1 options=()
  shift
  while [ "$1" != "--" ]; do options+=("$1"); shift; done
  shift
  cp "$FIXTURE/card.img" "$WORK/run.img"
  if [ "$name" != - ]; then
    recipe "$name" > "$WORK/recipe.json" || fail "recipe $name"
    options+=(--faults "$WORK/recipe.json" --fault-log "$WORK/faults.jsonl")
  fi
  OUT=$("$MYNASIM" exec --card "$WORK/run.img" "${options[@]}" -- "$PYTHON" "$STEPS" "$@" \
    2> "$WORK/run.err") || fail "$name: mynasim exec failed: $(cat "$WORK/run.err")"
}
SELECT_JPKI="00A4040C0AD392F000260100000001"
SELECT_PIN="00A4020C020018"
SELECT_AUTH_CERT="00A4020C02000A"
SELECT_AUTH_KEY="00A4020C020017"
VERIFY_STATUS="00200080"
WRONG_PIN="002000800430303030"
RIGHT_PIN="002000800431323334"
ATR="3B E0 00 FF 81 31 FE 45 14"
cert_head=$(head -c 16 "$CERTS/auth.der" | od -An -v -tx1 | tr 'a-f' 'A-F' | xargs)


# 1. Pulled during READ BINARY: the read fails, the handle reports the removal even once the card
# is back, and SCardReconnect finds the card again in its power-on state.
run pulled-during-read -- "$SELECT_JPKI" "$SELECT_AUTH_CERT" 00B0000010 00B0000010 00B0000010 \
  sleep:1.0 00B0000010 reconnect-only "$SELECT_AUTH_CERT" "$SELECT_JPKI"
expect_eq "$OUT" "90 00
90 00
$cert_head 90 00
SCARD_E_NOT_TRANSACTED
SCARD_W_REMOVED_CARD
SCARD_W_REMOVED_CARD
reconnected $ATR
6A 82
90 00" "pulled-during-read"

# 2. Reset by another program after the 3rd command: its answer, then SCARD_W_RESET_CARD; after
# reconnecting nothing is selected (looked at 0.3 s later: pcscd marks the handles before it
# resets the card).
run reset-by-another-program -- "$SELECT_JPKI" "$SELECT_PIN" "$VERIFY_STATUS" "$SELECT_PIN" \
  sleep reconnect-only "$SELECT_PIN"
expect_eq "$OUT" "90 00
90 00
63 C3
SCARD_W_RESET_CARD
reconnected $ATR
6A 82" "reset-by-another-program"

# 3. The power dropped after the 4th command: answered, then the removal; back 50 ms later.
run power-dropped -- "$SELECT_JPKI" "$SELECT_PIN" "$VERIFY_STATUS" "$VERIFY_STATUS" sleep \
  "$VERIFY_STATUS" new-handle "$SELECT_JPKI"
expect_eq "$OUT" "90 00
90 00
63 C3
63 C3
SCARD_W_REMOVED_CARD
connected $ATR
90 00" "power-dropped"

# 4. Mute: the reader's timeout, then (T=1) nothing until a reset.
run mute-card -- "$SELECT_JPKI" "$SELECT_PIN" "$VERIFY_STATUS" reset "$SELECT_JPKI"
expect_eq "$OUT" "90 00
SCARD_E_NOT_TRANSACTED
SCARD_E_NOT_TRANSACTED
reset $ATR
90 00" "mute-card"

# 5. Power cut at the first system call of the wrong VERIFY's write: no try is lost.
run power-cut-during-verify -- "$SELECT_JPKI" "$SELECT_PIN" "$WRONG_PIN" "$VERIFY_STATUS" \
  reconnect "$SELECT_JPKI" "$SELECT_PIN" "$VERIFY_STATUS"
expect_eq "$OUT" "90 00
90 00
SCARD_E_NOT_TRANSACTED
SCARD_W_REMOVED_CARD
reconnected $ATR
90 00
90 00
63 C3" "power-cut-during-verify"

# 6. 6581 on the 2nd VERIFY, which never reaches the card: still 3 tries.
run memory-failure-on-verify -- "$SELECT_JPKI" "$SELECT_PIN" "$VERIFY_STATUS" "$WRONG_PIN" \
  "$VERIFY_STATUS"
expect_eq "$OUT" "90 00
90 00
63 C3
65 81
63 C3" "memory-failure-on-verify"

# 7. T=0: the ATR; the 61xx/6Cxx answers are t0_test.sh's.
run - --protocol t0 -- atr "$SELECT_JPKI"
expect_eq "$OUT" "3B 60 00 FF
90 00" "--protocol t0"

# 8. A 5 s signature: the signature arrives, and while the card is still signing another program
# lists the readers and reads their state (its line comes first). (Its SCardConnect to this reader
# would wait for the signature: pcscd serves one card call per reader at a time.)
digest_info="3031300d0609608648016503040201050004200000000000000000000000000000000000000000000000000000000000000000"
recipe slow-signature > "$WORK/slow.json"
cat > "$WORK/probe.py" << 'PY'
from smartcard import scard
rv, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
rv, readers = scard.SCardListReaders(context, [])
rv, states = scard.SCardGetStatusChange(context, 0, [(readers[0], scard.SCARD_STATE_UNAWARE)])
state = states[0][1]
print("probe", rv, "present" if state & scard.SCARD_STATE_PRESENT else "absent",
      "in use" if state & scard.SCARD_STATE_INUSE else "idle")
PY
cp "$FIXTURE/card.img" "$WORK/run.img"
"$MYNASIM" exec --card "$WORK/run.img" --faults "$WORK/slow.json" -- bash -c '
  { "$0" "$1" "$2" "$3" "$4" "$5" "$6" | tail -n 1 | sed "s/.* \(90 00\)$/signed \1/"; } >> "$7" &
  sleep 1
  "$0" "$8" >> "$7"
  wait' "$PYTHON" "$STEPS" "$SELECT_JPKI" "$SELECT_PIN" "$RIGHT_PIN" \
  "$SELECT_AUTH_KEY" "802A008033${digest_info}00" "$WORK/order" "$WORK/probe.py" 2> "$WORK/run.err" ||
  fail "slow-signature: mynasim exec failed: $(cat "$WORK/run.err")"
expect_eq "$(cat "$WORK/order")" "probe 0 present in use
signed 90 00" "slow-signature"

# 9. An ATR never seen: reported as given, the card behind it is the same.
run - --atr "3B 88 80 01 4A 50 4B 49 32 30 32 36 17" -- atr "$SELECT_JPKI"
expect_eq "$OUT" "3B 88 80 01 4A 50 4B 49 32 30 32 36 17
90 00" "--atr"
echo PASS
