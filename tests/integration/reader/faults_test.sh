# Faults as data (docs/faults.md) through a real pcscd, seen from pyscard: a status word given
# on the 2nd VERIFY, a corrupted READ BINARY, a delayed command answered correctly, the fault
# log's lines, bad faults files refused (exit 2, one message), and `mynasim fault add|list|clear`
# changing what the next command gets on a running stack (exec's own control socket), kept
# across a card change.
. "$(dirname "$0")/lib.sh"
"$PYTHON" -c 'import smartcard' 2> /dev/null || fail "pyscard not importable by $PYTHON: install the Debian package python3-pyscard"

# apdu.py APDU...: one connection, each response as hex on a line of its own. With SLOW_MS=N,
# each line ends in "slow" (the exchange took N ms or more) or "fast": a lower bound only, which
# a loaded machine cannot break.
cat > "$WORK/apdu.py" << 'PY'
import os, sys, time
from smartcard.System import readers
from smartcard.util import toHexString
connection = readers()[0].createConnection()
connection.connect()
slow_ms = float(os.environ.get("SLOW_MS", "0"))
for apdu in sys.argv[1:]:
    start = time.monotonic()
    data, sw1, sw2 = connection.transmit(list(bytes.fromhex(apdu)))
    took = (time.monotonic() - start) * 1000
    line = toHexString(data + [sw1, sw2])
    if slow_ms:
        line += " slow" if took >= slow_ms else " fast"
    print(line)
PY
SELECT_JPKI="00A4040C0AD392F000260100000001"
SELECT_PIN="00A4020C020018"
VERIFY_STATUS="00200080"
SELECT_AUTH_CERT="00A4020C02000A"
READ_16="00B0000010"

# 1. The 2nd VERIFY gets 6581; the 1st READ BINARY has 5 bits flipped (the 2nd, unfaulted, is the
#    reference); GET CHALLENGE is held back 200 ms and answered.
cat > "$WORK/faults.json" << 'JSON'
{"seed": 7, "faults": [
  {"match": {"ins": "20", "p2": "80"}, "nth": 2, "action": "sw", "sw": "6581", "name": "2nd verify"},
  {"match": {"ins": "B0"}, "nth": 1, "action": "corrupt", "bits": 5},
  {"match": {"ins": "84"}, "action": "delay", "ms": 200}
]}
JSON
out=$(SLOW_MS=200 "$MYNASIM" exec --card "$CARD" --faults "$WORK/faults.json" --fault-log "$WORK/faults.log" -- \
  "$PYTHON" "$WORK/apdu.py" "$SELECT_JPKI" "$SELECT_PIN" "$VERIFY_STATUS" "$VERIFY_STATUS" \
  "$VERIFY_STATUS" "$SELECT_AUTH_CERT" "$READ_16" "$READ_16" 0084000008 2> "$WORK/exec.err")
mapfile -t lines <<< "$out"
expect_eq "${lines[2]}" "63 C3 fast" "1st VERIFY: the card's own answer"
expect_eq "${lines[3]}" "65 81 fast" "2nd VERIFY: the fault's status word"
expect_eq "${lines[4]}" "63 C3 fast" "3rd VERIFY: the card's own answer again"
corrupted=${lines[6]% fast}
clean=${lines[7]% fast}
[[ $clean == "30 82 "*" 90 00" ]] || fail "the second READ BINARY is not the certificate's first bytes: $clean"
flipped=$("$PYTHON" -c 'import sys
a = bytes.fromhex(sys.argv[1]); b = bytes.fromhex(sys.argv[2])
print(len(a) == len(b) and a[-2:] == b[-2:], sum(bin(x ^ y).count("1") for x, y in zip(a, b)))' "$corrupted" "$clean")
expect_eq "$flipped" "True 5" "corrupted READ BINARY: same length and status word, 5 bits flipped"
[[ ${lines[8]} =~ ^([0-9A-F]{2} ){8}90\ 00\ slow$ ]] || fail "delayed GET CHALLENGE: expected 8 bytes + 90 00 after 200 ms or more, got ${lines[8]}"
expect_eq "$(stat -c %a "$WORK/faults.log")" 600 "fault log mode"
expect_eq "$(sed -E 's/"time":"[0-9T:.-]+Z"/"time":"T"/' "$WORK/faults.log")" \
'{"time":"T","reader":0,"rule":0,"name":"2nd verify","action":"sw","sw":"6581","command":{"cla":"00","ins":"20","p1":"00","p2":"80","lc":0},"match":2}
{"time":"T","reader":0,"rule":1,"action":"corrupt","bits":5,"command":{"cla":"00","ins":"B0","p1":"00","p2":"00","lc":0},"match":1}
{"time":"T","reader":0,"rule":2,"action":"delay","ms":200.0,"command":{"cla":"00","ins":"84","p1":"00","p2":"00","lc":0},"match":1}' "fault log"
expect_eq "$(cat "$WORK/exec.err")" "" "stderr with --fault-log"

# 2. The log goes to stderr without --fault-log, and holds a VERIFY's length, never its PIN.
cat > "$WORK/pin.json" << 'JSON'
{"faults": [{"match": {"ins": "20"}, "action": "sw", "sw": "6983"}]}
JSON
out=$("$MYNASIM" exec --card "$CARD" --faults "$WORK/pin.json" -- \
  "$PYTHON" "$WORK/apdu.py" "$SELECT_JPKI" "$SELECT_PIN" 002000800431323334 2> "$WORK/exec.err")
expect_eq "$out" $'90 00\n90 00\n69 83' "VERIFY with a PIN answered by the fault"
expect_eq "$(sed -E 's/"time":"[0-9T:.-]+Z"/"time":"T"/' "$WORK/exec.err")" \
  '{"time":"T","reader":0,"rule":0,"action":"sw","sw":"6983","command":{"cla":"00","ins":"20","p1":"00","p2":"80","lc":4},"match":1}' \
  "fault log on stderr"

# 3. Bad files: exit 2, one message naming the file, the entry and the field; nothing runs.
bad() {  # JSON MESSAGE
  printf '%s' "$1" > "$WORK/bad.json"
  set +e
  "$MYNASIM" exec --card "$CARD" --faults "$WORK/bad.json" -- touch "$WORK/ran" 2> "$WORK/bad.err"
  local status=$?
  set -e
  expect_eq "$status" 2 "exit status for $1"
  expect_eq "$(cat "$WORK/bad.err")" "mynasim exec: $WORK/bad.json: $2" "message for $1"
  [ ! -e "$WORK/ran" ] || fail "the command ran with a bad faults file: $1"
}
bad '{"faults": [' 'not JSON: parse error at line 1, column 13: syntax error while parsing value - unexpected end of input; expected '"'"'['"'"', '"'"'{'"'"', or a literal'
bad '{"faults": [{"action": "explode"}]}' 'faults[0].action: unknown action "explode" (one of remove, mute, delay, sw, corrupt, reset, power_loss, field_loss)'
bad '{"faults": [{"action": "mute", "colour": 1}]}' 'faults[0]: unknown field "colour"'
bad '{"faults": [{"action": "mute"}, {"action": "delay", "ms": -5}]}' 'faults[1].ms: must be a number of milliseconds from 0 to 59999 (the reader gives up after 60 s; use "mute" for a card that never answers), not -5'
bad '{"faults": [{"action": "delay", "ms": 61000}]}' 'faults[0].ms: must be a number of milliseconds from 0 to 59999 (the reader gives up after 60 s; use "mute" for a card that never answers), not 61000'
bad '{"faults": [{"action": "mute", "probability": 2}]}' 'faults[0].probability: must be a number from 0 to 1, not 2'
bad '{"faults": [{"action": "sw", "sw": "90"}]}' 'faults[0].sw: must be 4 hex digits (a status word such as "6581"), not "90"'
bad '{"faults": [{"action": "corrupt", "bits": 0}]}' 'faults[0].bits: must be a whole number from 1 to 65536, not 0'
bad '{"faults": [{"action": "power_loss", "step": 0}]}' 'faults[0].step: must be a whole number from 1 (the write'"'"'s first system call) to 1000000, not 0'
bad '{"faults": [{"action": "mute", "match": {"ins": 32}}]}' 'faults[0].match.ins: must be 2 hex digits, not 32'
bad '{"faults": [{"action": "field_loss"}]}' 'faults[0].action: field_loss needs a reader that presents the contactless ATR (--atr contactless); reader 0 presents 3B E0 00 FF 81 31 FE 45 14'
set +e
"$MYNASIM" exec --card "$CARD" --faults "$WORK/none.json" -- true 2> "$WORK/bad.err"
expect_eq "$?" 2 "exit status, missing faults file"
set -e
expect_eq "$(cat "$WORK/bad.err")" "mynasim exec: $WORK/none.json: cannot read: No such file or directory" "missing faults file"

# A fault that can never fire is a warning; the run goes on. field_loss is fine when contactless.
cat > "$WORK/never.json" << 'JSON'
{"faults": [{"match": {"ins": "6C"}, "action": "mute"}, {"match": {"ins": "B0", "data": "00"}, "action": "mute"},
            {"match": {"ins": "2A"}, "action": "field_loss"}]}
JSON
out=$("$MYNASIM" exec --card "$CARD" --atr contactless --faults "$WORK/never.json" -- "$PYTHON" "$WORK/apdu.py" "$SELECT_JPKI" 2> "$WORK/never.err")
expect_eq "$out" "90 00" "the run goes on after warnings"
expect_eq "$(cat "$WORK/never.err")" "mynasim exec: warning: $WORK/never.json: faults[0].match.ins: 6C is no command's INS (ISO 7816-3 forbids 6X and 9X): this fault can never fire
mynasim exec: warning: $WORK/never.json: faults[1].match.data: B0 (READ BINARY) carries no command data: this fault can never fire" "warnings"

# 4. mynasim fault add|list|clear on a running stack (exec's MYNASIM_STACK) change what the next
#    command gets.
cat > "$WORK/session.sh" << 'SH'
set -e
apdu() { "$PYTHON" "$WORK/apdu.py" "$@"; }
apdu "$SELECT_JPKI"
"$MYNASIM" fault add '{"match": {"ins": "A4"}, "nth": 2, "action": "sw", "sw": "6A82"}'
"$MYNASIM" fault add --file "$WORK/pin.json"
apdu "$SELECT_JPKI" "$SELECT_JPKI" "$SELECT_JPKI" "$SELECT_PIN" "$VERIFY_STATUS"
"$MYNASIM" fault list
"$MYNASIM" fault clear
"$MYNASIM" fault list
apdu "$SELECT_JPKI" "$SELECT_PIN" "$VERIFY_STATUS"
set +e
"$MYNASIM" fault add '{"action": "delay", "ms": -1}'
echo "status $?"
"$MYNASIM" fault add '{"action": "field_loss"}'
echo "status $?"
SH
out=$(PYTHON=$PYTHON WORK=$WORK MYNASIM=$MYNASIM SELECT_JPKI=$SELECT_JPKI SELECT_PIN=$SELECT_PIN \
  VERIFY_STATUS=$VERIFY_STATUS "$MYNASIM" exec --card "$CARD" --fault-log "$WORK/session.log" -- \
  bash "$WORK/session.sh" 2> "$WORK/session.err")
expect_eq "$out" '90 00
fault 0 added to reader 0
fault 1 added to reader 0
90 00
6A 82
90 00
90 00
69 83
{"reader":0,"index":0,"matched":4,"fired":1,"fault":{"action":"sw","match":{"ins":"A4"},"nth":2,"sw":"6A82"}}
{"reader":0,"index":1,"matched":1,"fired":1,"fault":{"action":"sw","match":{"ins":"20"},"sw":"6983"}}
2 fault(s) cleared
90 00
90 00
63 C3
status 2
status 1' "fault add, list, clear"
expect_eq "$(cat "$WORK/session.err")" 'mynasim fault add: the fault given: ms: must be a number of milliseconds from 0 to 59999 (the reader gives up after 60 s; use "mute" for a card that never answers), not -1
mynasim fault add: field_loss needs a reader that presents the contactless ATR (--atr contactless); reader 0 presents 3B E0 00 FF 81 31 FE 45 14' "fault add's refusals"
expect_eq "$(grep -c '"action":"sw"' "$WORK/session.log")" 2 "two firings logged"

# 5. A reader keeps its faults, and their counts, when another card is inserted into it.
cp "$CARD" "$WORK/other.img"
cat > "$WORK/swap.sh" << 'SH'
set -e
"$MYNASIM" fault add '{"match": {"ins": "A4"}, "every": 2, "action": "sw", "sw": "6A82"}' > /dev/null
"$PYTHON" "$WORK/apdu.py" "$SELECT_JPKI"
"$MYNASIM" remove > /dev/null
"$MYNASIM" insert --card "$WORK/other.img" > /dev/null
"$PYTHON" "$WORK/apdu.py" "$SELECT_JPKI" "$SELECT_JPKI"
"$MYNASIM" fault list
SH
out=$(PYTHON=$PYTHON WORK=$WORK MYNASIM=$MYNASIM SELECT_JPKI=$SELECT_JPKI "$MYNASIM" exec --card "$CARD" \
  --fault-log "$WORK/swap.log" -- bash "$WORK/swap.sh")
expect_eq "$out" '90 00
6A 82
90 00
{"reader":0,"index":0,"matched":3,"fired":1,"fault":{"action":"sw","every":2,"match":{"ins":"A4"},"sw":"6A82"}}' "faults kept across a card change"
echo PASS
