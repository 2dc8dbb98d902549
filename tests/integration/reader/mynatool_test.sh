# mynatool end to end through a private pcscd: read the certificates, check the PIN status,
# verify the PIN, sign with each key, verify the signatures (mynatool and openssl), and the bad
# cases a holder meets: a wrong PIN, the last try, an unknown reader, a card pulled mid-command.
# Usage: bash mynatool_test.sh MYNASIM FIXTURE_DIR MYNATOOL
. "$(dirname "$0")/lib.sh"
MYNATOOL=${3:?usage: $0 MYNASIM FIXTURE_DIR MYNATOOL}
need openssl openssl

start_stack --card "$CARD"
export PCSCLITE_CSOCK_NAME
tool() { "$MYNATOOL" "$@"; }

# readers: the simulated reader with the contact ATR.
readers=$(tool readers)
expect_eq "$readers" "Mynasim Virtual Reader 00 00  [card 3B:E0:00:FF:81:31:FE:45:14]" "readers"

# info: every application probed, JPKI's token label and certificate presence.
info=$(tool --json info)
echo "$info" | grep -q '"token_label": "JPKIAPICCTOKEN2"' || fail "info: token label: $info"
echo "$info" | grep -q '"jpki": true' || fail "info: JPKI application: $info"

# cert: the certificates read over PC/SC equal the issued ones.
for type in auth auth-ca sign-ca; do
  tool cert --type "$type" --format der --out "$WORK/$type.der" > /dev/null
  cmp -s "$WORK/$type.der" "$CERTS/$type.der" || fail "cert --type $type differs from the issued one"
done
export SIGN_PASSWORD=DEMOPASS1 AUTH_PIN=1234 WRONG_PIN=0000
tool cert --type sign --format der --out "$WORK/sign.der" --pin-env SIGN_PASSWORD > /dev/null
cmp -s "$WORK/sign.der" "$CERTS/sign.der" || fail "cert --type sign differs from the issued one"
tool cert --type auth --format text > "$WORK/auth.txt"
grep -q "Subject: C=JP, CN=" "$WORK/auth.txt" || fail "cert --format text: $(cat "$WORK/auth.txt")"

# pin status: nothing spent.
# (The card-info applications' rows are checked in card_info_test.sh.)
expect_eq "$(tool pin status | awk '$1 == "jpki" { $1 = ""; print substr($0, 2) }')" \
  "auth 0018 3 tries left user-authentication PIN (4 digits)
sign 001B 5 tries left signature password (6-16 A-Z 0-9)" "pin status"

# sign with each key; mynatool verify and openssl agree.
printf 'mynasim: log me in' > "$WORK/data"
tool sign --type auth --in "$WORK/data" --out "$WORK/auth.sig" --pin-env AUTH_PIN > /dev/null
tool sign --type sign --in "$WORK/data" --out "$WORK/sign.sig" --pin-env SIGN_PASSWORD --hash sha512 > /dev/null
expect_eq "$(tool verify --type auth --in "$WORK/data" --sig "$WORK/auth.sig")" "signature valid" "verify auth"
expect_eq "$(tool verify --type sign --in "$WORK/data" --sig "$WORK/sign.sig" --hash sha512 --pin-env SIGN_PASSWORD)" \
  "signature valid" "verify sign"
openssl x509 -inform der -in "$CERTS/auth.der" -pubkey -noout > "$WORK/auth.pub"
openssl dgst -sha256 -verify "$WORK/auth.pub" -signature "$WORK/auth.sig" "$WORK/data" > /dev/null ||
  fail "openssl does not verify mynatool's auth signature"
printf 'something else' > "$WORK/other"
if tool verify --type auth --in "$WORK/other" --sig "$WORK/auth.sig" > /dev/null 2>&1; then
  fail "a signature over other data verified"
fi

# --trace: every APDU by name, the PIN masked.
tool --trace pin verify --type auth --pin-env AUTH_PIN > /dev/null 2> "$WORK/trace"
grep -q '^> VERIFY 00 20 00 80 04 \*\* \*\* \*\* \*\*$' "$WORK/trace" || fail "trace: $(cat "$WORK/trace")"
grep -q '31 32 33 34' "$WORK/trace" && fail "the PIN shows in the trace"

# A wrong PIN says how many tries are left; with one left, mynatool refuses to send a PIN.
set +e
out=$(tool pin verify --type auth --pin-env WRONG_PIN 2>&1); rc=$?
set -e
expect_eq "$rc" 1 "exit status after a wrong PIN"
expect_eq "$out" "mynatool: wrong user-authentication PIN (4 digits): 2 tries left" "wrong PIN message"
tool pin verify --type auth --pin-env WRONG_PIN > /dev/null 2>&1 && fail "second wrong PIN accepted"
set +e
out=$(tool pin verify --type auth --pin-env AUTH_PIN 2>&1); rc=$?
set -e
expect_eq "$rc" 1 "exit status with one try left"
expect_eq "$out" "mynatool: the user-authentication PIN (4 digits) has 1 try left: a wrong value would block it. Not sending it; pass --allow-last-try to risk it" "last-try refusal"
tool pin verify --type auth --pin-env AUTH_PIN --allow-last-try > /dev/null
expect_eq "$(tool --json pin status | "$PYTHON" -c 'import json, sys; d = json.load(sys.stdin); print(json.dumps({k: d[k] for k in ("auth", "sign")}, separators=(",", ":")))')" \
  '{"auth":{"state":"tries_left","tries_left":3},"sign":{"state":"tries_left","tries_left":5}}' \
  "counter restored by the right PIN"

# An unknown reader: the message lists the readers there are.
set +e
out=$(tool --reader "No Such Reader" pin status 2>&1); rc=$?
set -e
expect_eq "$rc" 1 "exit status for an unknown reader"
expect_eq "$out" "mynatool: no reader named 'No Such Reader'; the readers are: 'Mynasim Virtual Reader 00 00'" "unknown reader"

# Usage errors exit 2.
set +e
tool sign --type nosuch --in x --out y > /dev/null 2>&1; rc=$?
set -e
expect_eq "$rc" 2 "exit status for a usage error"

# A card removed in the middle: mynatool waits for the PIN on a pipe, the card goes, then the PIN
# comes; the tool says the card was removed and exits 1.
mkfifo "$WORK/pin"
tool pin verify --type auth --pin-fd 3 3< "$WORK/pin" > "$WORK/removed.out" 2>&1 &
tool_pid=$!
exec 4> "$WORK/pin"
sleep 0.3
"$MYNASIM" remove --dir "$MYNASIM_STACK" > /dev/null
sleep 0.2
echo 1234 >&4
exec 4>&-
set +e
wait "$tool_pid"; rc=$?
set -e
expect_eq "$rc" 1 "exit status when the card is removed"
grep -q "the card was removed" "$WORK/removed.out" || fail "removal message: $(cat "$WORK/removed.out")"
echo PASS
