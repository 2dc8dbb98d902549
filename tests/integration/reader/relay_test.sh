# mynasim relay in front of a simulated card: stack A (`mynasim run`) holds the card, the relay
# (upstream = A through PCSCLITE_CSOCK_NAME) presents it in its own stack. A mynatool session
# through the relay answers byte for byte as directly against A, the trace is valid per
# docs/trace-format.md with the PIN masked (in clear with --record-secrets), a removal in A
# reaches the relay's clients and the trace, and bad --reader / --trace are refused.
# Usage: bash relay_test.sh MYNASIM FIXTURE_DIR MYNATOOL
. "$(dirname "$0")/lib.sh"
MYNATOOL=${3:?usage: $0 MYNASIM FIXTURE_DIR MYNATOOL}

start_stack --card "$CARD"
A_SOCK=$PCSCLITE_CSOCK_NAME
A_STACK=$MYNASIM_STACK
A_READER="Mynasim Virtual Reader 00 00"
unset PCSCLITE_CSOCK_NAME MYNASIM_STACK
export AUTH_PIN=1234
printf 'mynasim: relay me' > "$WORK/data"

# Bad input: a reader that is not there (the message lists those that are), a trace in a
# directory that does not exist. Exit 1, nothing left running.
set +e
out=$(PCSCLITE_CSOCK_NAME=$A_SOCK "$MYNASIM" relay --reader "No Such Reader" 2>&1 < /dev/null); rc=$?
set -e
expect_eq "$rc" 1 "exit status for an unknown reader"
expect_eq "$out" "mynasim relay: no reader named 'No Such Reader'; the readers are: '$A_READER'" "unknown reader"
set +e
out=$(PCSCLITE_CSOCK_NAME=$A_SOCK "$MYNASIM" relay --reader "$A_READER" --trace "$WORK/no/such/dir/t.jsonl" 2>&1 < /dev/null); rc=$?
set -e
expect_eq "$rc" 1 "exit status for a trace in a missing directory"
expect_eq "$out" "mynasim relay: cannot write the trace $WORK/no/such/dir/t.jsonl: No such file or directory" "missing trace directory"
set +e
"$MYNASIM" relay --trace "$WORK/t.jsonl" > /dev/null 2>&1 < /dev/null; rc=$?
set -e
expect_eq "$rc" 2 "exit status without --reader"

# Starts a relay in front of A with the given arguments; R_SOCK is its stack's socket.
start_relay() {
  PCSCLITE_CSOCK_NAME=$A_SOCK "$MYNASIM" relay --reader "$A_READER" "$@" > "$WORK/relay.env" 2> "$WORK/relay.err" &
  RELAY_PID=$!
  BACKGROUND+=("$RELAY_PID")
  wait_for_count "$WORK/relay.env" 'MYNASIM_STACK' 1
}
stop_relay() {
  kill -TERM "$RELAY_PID"
  set +e
  wait "$RELAY_PID"; rc=$?
  set -e
  expect_eq "$rc" 0 "relay's exit status after SIGTERM"
}
direct() { PCSCLITE_CSOCK_NAME=$A_SOCK "$MYNATOOL" "$@"; }
relayed() { PCSCLITE_CSOCK_NAME=$R_SOCK "$MYNATOOL" "$@"; }

# The session: everything mynatool prints, the certificate, the signature (PKCS#1 v1.5 is
# deterministic, so both runs sign the same bytes) and the APDU trace on stderr.
session() {  # RUNNER DIR (relative names: mynatool prints them)
  mkdir -p "$2"
  (
    cd "$2"
    "$1" --json info > info
    "$1" cert --type auth --format der --out auth.der > cert
    "$1" pin status > status
    "$1" --trace pin verify --type auth --pin-env AUTH_PIN > verify 2> verify.apdus
    "$1" --trace sign --type auth --in "$WORK/data" --out auth.sig --pin-env AUTH_PIN > sign 2> sign.apdus
  )
}

session direct "$WORK/direct"
TRACE=$WORK/session.jsonl
start_relay --trace "$TRACE"
R_SOCK=$(. "$WORK/relay.env"; echo "$PCSCLITE_CSOCK_NAME")
[[ $R_SOCK != "$A_SOCK" ]] || fail "the relay printed stack A's socket"
session relayed "$WORK/relayed"
diff -r "$WORK/direct" "$WORK/relayed" > "$WORK/diff" || fail "mynatool through the relay differs from direct: $(cat "$WORK/diff")"
grep -q '^> VERIFY 00 20 00 80 04 \*\* \*\* \*\* \*\*$' "$WORK/relayed/verify.apdus" || fail "no VERIFY in mynatool's trace"
grep -q "card in '$A_READER' (ATR 3B E0 00 FF 81 31 FE 45 14)" "$WORK/relay.err" || fail "relay's banner: $(cat "$WORK/relay.err")"

# The trace, per docs/trace-format.md: the header, then exchanges (and events) in order.
check_trace() {  # FILE SECRETS
  "$PYTHON" - "$1" "$A_READER" "$2" << 'EOF'
import json, re, sys
path, reader, secrets = sys.argv[1:]
text = open(path, encoding="utf-8").read()
assert text.endswith("\n") and "\n\n" not in text, "not JSON Lines"
lines = [json.loads(line) for line in text[:-1].split("\n")]
header = lines[0]
assert list(header) == ["format", "version", "reader", "atr", "recorded", "secrets", "source"], header
assert header["format"] == "mynasim-trace" and header["version"] == 1, header
assert header["reader"] == reader and header["atr"] == "3BE000FF8131FE4514", header
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", header["recorded"]), header
assert header["secrets"] == secrets and header["source"].startswith("mynasim relay "), header
hexes = re.compile(r"(?:[0-9A-F]{2})*")
last = 0.0
for n, line in enumerate(lines[1:], start=2):
    assert isinstance(line["t"], float) and line["t"] >= 0, (n, line)
    if "event" in line:
        assert set(line) <= {"t", "event", "atr"}, (n, line)
        assert line["event"] in ("reset", "power_off", "removed", "inserted"), (n, line)
        assert hexes.fullmatch(line.get("atr", "")), (n, line)
        continue
    assert re.fullmatch(r"(?:[0-9A-F]{2}|XX)+", line["command"]), (n, line)
    assert line["t"] >= last, (n, "t goes back", line)
    last = line["t"]
    assert isinstance(line["ms"], float) and line["ms"] >= 0, (n, line)
    if "error" in line:
        assert set(line) == {"t", "command", "error", "ms"} and line["error"].startswith("SCARD_"), (n, line)
    else:
        assert list(line) == ["t", "command", "response", "sw", "ms"], (n, line)
        assert hexes.fullmatch(line["response"]) and re.fullmatch(r"[0-9A-F]{4}", line["sw"]), (n, line)
print(len(lines) - 1)
EOF
}
count=$(check_trace "$TRACE" masked) || fail "trace $TRACE is not valid: $(cat "$TRACE")"
[ "$count" -ge 10 ] || fail "only $count lines in the trace"
grep -q '"command":"00A4040C0AD392F000260100000001","response":"","sw":"9000"' "$TRACE" ||
  fail "no SELECT of the JPKI AP answered 9000 in the trace"
# The sign session: a VERIFY whose PIN is XX, answered 9000, then the signature (256 bytes).
grep -q '"command":"0020008004XXXXXXXX","response":"","sw":"9000"' "$TRACE" || fail "no masked VERIFY in the trace"
grep -Eq '"command":"802A0080[0-9A-F]+","response":"[0-9A-F]{512}","sw":"9000"' "$TRACE" ||
  fail "no signature in the trace"
# The PIN travels only in commands: look there (a certificate's CN is a timestamp, which holds
# the bytes "1234" when the card was issued at 12:34).
! grep -o '"command":"[0-9A-FX]*"' "$TRACE" | grep -q 31323334 ||
  fail "the PIN (31323334) is in a command of the masked trace"
# The trace's exchanges are mynatool's: as many as its own trace of the sign command shows.
expect_eq "$(grep -c '"command":"0020008004XXXXXXXX"' "$TRACE")" 2 "VERIFYs with data in the trace"

# The recorded session replays clean against the card it was recorded from (a copy of A's image:
# replay works on its own copy): every answer the same, the signature verified with the card's
# certificate, the masked PIN supplied as a NAME=VALUE line through the environment.
cp "$TRACE" "$WORK/session-only.jsonl"
export REPLAY_PINS="auth=1234"
"$MYNASIM" replay "$WORK/session-only.jsonl" --card "$CARD" --pins-env REPLAY_PINS > "$WORK/replay.out" 2>&1 ||
  fail "the relay's trace does not replay clean: $(cat "$WORK/replay.out")"

# A PC/SC error upstream: another program resets A's card while a client of the relay holds its
# connection. The relay's next exchange fails with SCARD_W_RESET_CARD: recorded as such, answered
# as a mute card (6F00); the one after goes through again.
mkfifo "$WORK/go"
PCSCLITE_CSOCK_NAME=$R_SOCK "$PYTHON" - "$WORK/go" > "$WORK/mute.out" 2>&1 << 'EOF' &
import sys
from smartcard.scard import *
context = SCardEstablishContext(SCARD_SCOPE_USER)[1]
reader = SCardListReaders(context, [])[1][0]
rv, card, protocol = SCardConnect(context, reader, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1)
pci = SCARD_PCI_T1 if protocol == SCARD_PROTOCOL_T1 else SCARD_PCI_T0
select = [0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01]
def exchange():
    rv, response = SCardTransmit(card, pci, select)
    return "%08X %s" % (rv & 0xFFFFFFFF, bytes(response).hex().upper())
print(exchange(), flush=True)
open(sys.argv[1]).read()  # until A's card has been reset
print(exchange())
print(exchange())
EOF
client_pid=$!
wait_for_count "$WORK/mute.out" '^00000000 9000$' 1
PCSCLITE_CSOCK_NAME=$A_SOCK "$PYTHON" - << 'EOF'
from smartcard.scard import *
context = SCardEstablishContext(SCARD_SCOPE_USER)[1]
reader = SCardListReaders(context, [])[1][0]
rv, card, protocol = SCardConnect(context, reader, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1)
assert SCardReconnect(card, SCARD_SHARE_SHARED, protocol, SCARD_RESET_CARD)[0] == 0
SCardDisconnect(card, SCARD_LEAVE_CARD)
EOF
echo go > "$WORK/go"
wait "$client_pid"
expect_eq "$(cat "$WORK/mute.out")" $'00000000 9000\n00000000 6F00\n00000000 9000' "exchanges around a reset upstream"
grep -q '"command":"00A4040C0AD392F000260100000001","error":"SCARD_W_RESET_CARD","ms":' "$TRACE" ||
  fail "no SCARD_W_RESET_CARD in the trace: $(tail -n 3 "$TRACE")"

# A removal in A: the relay's reader empties, mynatool there says there is no card, and the
# trace says "removed"; putting the card back brings it back.
"$MYNASIM" remove --dir "$A_STACK" > /dev/null
wait_for_count "$TRACE" '"event":"removed"' 1
for _ in $(seq 1 200); do relayed readers | grep -q '\[empty\]' && break; sleep 0.05; done
expect_eq "$(relayed readers)" "$A_READER  [empty]" "relay's reader after the removal"
set +e
out=$(relayed pin status 2>&1); rc=$?
set -e
expect_eq "$rc" 1 "mynatool's exit status with the card removed"
expect_eq "$out" "mynatool: connect to the card in '$A_READER': no card in the reader" "no card through the relay"
"$MYNASIM" insert --dir "$A_STACK" > /dev/null
wait_for_count "$TRACE" '"event":"inserted","atr":"3BE000FF8131FE4514"' 1
for _ in $(seq 1 200); do relayed readers | grep -q '\[card' && break; sleep 0.05; done
relayed pin status > "$WORK/status-again"
cmp -s "$WORK/status-again" "$WORK/direct/status" || fail "pin status after reinsertion: $(cat "$WORK/status-again")"
stop_relay
check_trace "$TRACE" masked > /dev/null || fail "trace not valid after the events: $(cat "$TRACE")"
[ -z "$(ls -d "$(dirname "$R_SOCK")" 2> /dev/null)" ] || fail "the relay left its stack $(dirname "$R_SOCK")"

# --record-secrets (and --json): the PIN in clear, the header says so. Killed with SIGKILL, the
# relay leaves a trace that is valid up to its last line.
SECRET_TRACE=$WORK/secrets.jsonl
start_relay --trace "$SECRET_TRACE" --record-secrets --json
R_SOCK=$("$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["PCSCLITE_CSOCK_NAME"])' < "$WORK/relay.env")
expect_eq "$("$PYTHON" -c 'import json, sys; d = json.load(sys.stdin); print(d["upstream_reader"], d["atr"], d["secrets"], d["trace"])' < "$WORK/relay.env")" \
  "$A_READER 3BE000FF8131FE4514 recorded $SECRET_TRACE" "relay --json"
relayed pin verify --type auth --pin-env AUTH_PIN > /dev/null
grep -q '"command":"002000800431323334","response":"","sw":"9000"' "$SECRET_TRACE" ||
  fail "--record-secrets: no VERIFY with the PIN in the trace: $(cat "$SECRET_TRACE")"
kill -KILL "$RELAY_PID"
wait "$RELAY_PID" 2> /dev/null || true
check_trace "$SECRET_TRACE" recorded > /dev/null || fail "trace of a killed relay not valid: $(cat "$SECRET_TRACE")"
echo PASS
