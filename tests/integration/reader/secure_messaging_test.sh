# Secure messaging on the text application end to end through a private pcscd (myna-card
# src/sm.rs): `mynatool text my-number --secure` reads the same My Number as the plain read, and
# its trace shows the PIN in the clear, SET SESSION KEY, then SELECT / READ BINARY / VERIFY of
# 照合番号A as CLA 08 with encrypted data objects, and never the number: not read, not presented,
# not selected in the clear. The attributes read the same way. --secure with --pin-a/--pin-b is
# a usage error.
# Usage: bash secure_messaging_test.sh MYNASIM FIXTURE_DIR MYNATOOL
. "$(dirname "$0")/lib.sh"
MYNATOOL=${3:?usage: $0 MYNASIM FIXTURE_DIR MYNATOOL}

start_stack --card "$CARD"
export PCSCLITE_CSOCK_NAME
tool() { "$MYNATOOL" "$@"; }
json_get() {  # PYTHON-EXPRESSION over the JSON document `d` on stdin
  "$PYTHON" -c "import json, sys; d = json.load(sys.stdin); print($1)"
}

# The holder of `mynasim issue-test-card` (tools/mynasim/test_card.cpp): text PIN 1234.
export TEXT_PIN=1234 MY_NUMBER=621498320257
NUMBER_HEX="36 32 31 34 39 38 33 32 30 32 35 37"  # the 12 digits as they would travel

plain=$(tool text my-number --pin-env TEXT_PIN | head -n 1)
expect_eq "$plain" "$MY_NUMBER" "plain read"

out=$(tool --trace text my-number --secure --pin-env TEXT_PIN --ca-cv "$FIXTURE/certs/cv-root.cvc" 2> "$WORK/trace.txt")
expect_eq "$(echo "$out" | head -n 1)" "$plain" "the My Number read under secure messaging"
expect_eq "$(echo "$out" | grep '^check collation-a:')" \
  "check collation-a:        ok (the card took the number read as 照合番号A (VERIFY under secure messaging))" \
  "照合番号A presented under secure messaging"
expect_eq "$(echo "$out" | grep -c ': *ok ')" 5 "every check ok (collation-a and the four issuer checks against the root)"

trace=$WORK/trace.txt
has() {  # EXTENDED-REGEX WHAT
  grep -Eq -- "$1" "$trace" || fail "$2: no line matching [$1] in the trace: $(cat "$trace")"
}
# The PIN in the clear (masked by the trace), as the card requires; then the key delivery: 256
# bytes of RSA-OAEP, extended Lc.
has '^> VERIFY 00 20 00 80 04 \*\* \*\* \*\* \*\*$' "the PIN in the clear"
has '^> SET SESSION KEY 80 AE 00 00 00 01 00( [0-9A-F]{2}){256}$' "SET SESSION KEY"
# CLA 08: SELECT with the FID encrypted (86 11 01 + one block), READ BINARY with 96 03 00 0000,
# answered by one 86 object (86 21 01 + two blocks: the 17-byte file and its padding).
has '^> SELECT 08 A4 02 0C 13 86 11 01( [0-9A-F]{2}){16}$' "SM SELECT"
has '^> READ BINARY 08 B0 00 00 00 00 05 96 03 00 00 00 00 00$' "SM READ BINARY"
has '^< 35 bytes, 90 00 \(SUCCESS\)$' "the encrypted 86 object"
has '^> VERIFY 08 20 00 94 13( \*\*){19}$' "照合番号A under SM"
# Nothing of the number in the clear: no plain SELECT of EF 0001, no plain VERIFY with a value on
# 0014, not the digits anywhere.
grep -q '^> SELECT 00 A4 02 0C 02 00 01$' "$trace" && fail "EF 0001 selected in the clear"
grep -Eq '^> VERIFY 00 20 00 (80|94) 0C' "$trace" && fail "a 12-digit value presented in the clear"
grep -q -- "$MY_NUMBER\|$NUMBER_HEX" "$trace" && fail "the My Number appears in the trace"
expect_eq "$(grep -c '^> [A-Z ]* 08 ' "$trace")" 3 "three SM commands (SELECT, READ BINARY, VERIFY)"

expect_eq "$(tool --json text my-number --secure --pin-env TEXT_PIN | json_get 'd["my_number"], d["secure_messaging"]["commands"], d["checks"]["collation-a"]["status"]')" \
  "$MY_NUMBER 3 ok" "text my-number --secure --json"

# The attributes: the same four lines as the plain read.
expect_eq "$(tool text attributes --secure --pin-env TEXT_PIN | head -n 4)" \
  "$(tool text attributes --pin-env TEXT_PIN | head -n 4)" "attributes under secure messaging"

# 照合番号A was right every time: still 10 tries.
expect_eq "$(tool --json pin status | json_get 'd["text"]["keys"]["collation-a"]["tries_left"]')" \
  "10" "照合番号A untouched"

# The session needs the PIN: --secure with 照合番号A or B is a usage error.
set +e
out=$(tool text my-number --secure --pin-a --pin-env MY_NUMBER 2>&1); rc=$?
set -e
expect_eq "$rc" 2 "--secure --pin-a exit status"
echo "$out" | grep -q -- "--secure excludes --pin-a\|--pin-a excludes --secure" || fail "--secure --pin-a: $out"
echo "secure messaging: ok"
