# A card pulled out, or mute, during the signature (80 2A), from a faults file (docs/faults.md),
# as OpenSC's pkcs11-tool and mynatool see it through a real pcscd (reader/PROTOCOL.md, Faults):
# the signature fails, nothing is written, each program says why, and the fault log names the
# fault that fired. Usage: bash fault_sign_test.sh MYNASIM FIXTURE_DIR MYNATOOL
. "$(dirname "$0")/lib.sh"
MYNATOOL=${3:?usage: $0 MYNASIM FIXTURE_DIR MYNATOOL}
need pkcs11-tool opensc
[ -n "$OPENSC_PKCS11" ] || fail "opensc-pkcs11.so not found: install the Debian package opensc-pkcs11"

printf 'mynasim: sign me' > "$WORK/data"
export SIGN_PASSWORD=DEMOPASS1  # the test card's signature password
printf '{"faults": [{"match": {"ins": "2A"}, "nth": 1, "action": "remove", "when": "during"}]}' \
  > "$WORK/remove.json"
printf '{"faults": [{"match": {"ins": "2A"}, "nth": 1, "action": "mute"}]}' > "$WORK/mute.json"

# run NAME FAULTS CMD...: CMD under mynasim exec on a fresh copy of the card; sets STATUS, ERR
# (CMD's stderr) and LOG (the fault log).
run() {
  local name=$1 faults=$2
  shift 2
  cp "$FIXTURE/card.img" "$WORK/$name.img"
  STATUS=0
  "$MYNASIM" exec --card "$WORK/$name.img" --faults "$faults" --fault-log "$WORK/$name.log" \
    -- bash -c '"$@" 2> "$0"' "$WORK/$name.err" "$@" > /dev/null 2> "$WORK/$name.exec.err" ||
    STATUS=$?
  ERR=$(cat "$WORK/$name.err")
  LOG=$(cat "$WORK/$name.log")
}
p11_sign() {
  pkcs11-tool --module "$OPENSC_PKCS11" --slot-index 1 --login --pin env:SIGN_PASSWORD --sign \
    -m SHA256-RSA-PKCS --id 02 -i "$WORK/data" -o "$WORK/$1.sig"
}
export -f p11_sign
export OPENSC_PKCS11 WORK
fired() {  # LOG ACTION: exactly one fault fired, on 80 2A, with ACTION
  expect_eq "$(printf '%s\n' "$1" | grep -c .)" 1 "faults fired"
  case "$1" in
    *'"action":"'"$2"'"'*'"cla":"80","ins":"2A"'*) ;;
    *) fail "the fault log does not show $2 on 80 2A: $1" ;;
  esac
}

# pkcs11-tool: C_Sign gets SCARD_E_NOT_TRANSACTED with the reader empty, which OpenSC reports as
# the card removed; pkcs11-tool's retry of the login then fails the same way.
run p11_remove "$WORK/remove.json" p11_sign p11_remove
[ "$STATUS" -ne 0 ] || fail "pkcs11-tool signed although the card was removed during 80 2A"
case "$ERR" in
  *"rv = CKR_DEVICE_REMOVED"*) ;;
  *) fail "pkcs11-tool, removal during 80 2A: expected CKR_DEVICE_REMOVED, got: $ERR" ;;
esac
[ ! -e "$WORK/p11_remove.sig" ] || fail "pkcs11-tool wrote a signature file"
fired "$LOG" remove

# pkcs11-tool, mute: the reader's timeout, then SCARD_E_NOT_TRANSACTED with the card present
# (OpenSC: a transmit failure) and libccid's dead T=1 for the retry.
run p11_mute "$WORK/mute.json" p11_sign p11_mute
[ "$STATUS" -ne 0 ] || fail "pkcs11-tool signed although the card was mute"
case "$ERR" in
  *"rv = CKR_GENERAL_ERROR"*) ;;
  *) fail "pkcs11-tool, mute 80 2A: expected CKR_GENERAL_ERROR, got: $ERR" ;;
esac
[ ! -e "$WORK/p11_mute.sig" ] || fail "pkcs11-tool wrote a signature file"
fired "$LOG" mute

# mynatool says what happened and what did not, with exit status 1.
mynatool_sign() {
  "$MYNATOOL" sign --type sign --in "$WORK/data" --out "$WORK/$1.sig" --pin-env SIGN_PASSWORD
}
export -f mynatool_sign
export MYNATOOL
run tool_remove "$WORK/remove.json" mynatool_sign tool_remove
expect_eq "$STATUS" 1 "mynatool's exit status, removal during 80 2A"
expect_eq "$ERR" "mynatool: the card was removed during the signature; nothing was signed" \
  "mynatool's message, removal during 80 2A"
[ ! -e "$WORK/tool_remove.sig" ] || fail "mynatool wrote a signature file"
fired "$LOG" remove

run tool_mute "$WORK/mute.json" mynatool_sign tool_mute
expect_eq "$STATUS" 1 "mynatool's exit status, mute 80 2A"
expect_eq "$ERR" \
  "mynatool: the card did not answer within the reader's timeout during the signature; nothing was signed" \
  "mynatool's message, mute 80 2A"
fired "$LOG" mute
echo PASS
