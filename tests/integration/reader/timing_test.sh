# `mynasim exec --timing`: the shipped profiles and a profile file of one's own put the card behind
# TimedCard (reader/emulator/timed_card.hpp) and clients work as before (how long they wait is
# measured in bench/, bench_delay, never here); every kind of bad profile exits 2 with a message
# naming the file, the entry and the field.
# Usage: bash timing_test.sh MYNASIM FIXTURE_DIR MYNATOOL
. "$(dirname "$0")/lib.sh"
MYNATOOL=${3:?usage: $0 MYNASIM FIXTURE_DIR MYNATOOL}
need openssl openssl
export AUTH_PIN=1234
printf 'mynasim: slow like a real card' > "$WORK/data"
openssl x509 -inform der -in "$CERTS/auth.der" -pubkey -noout > "$WORK/auth.pub"

sign_with() {  # ARGS for mynasim exec...
  rm -f "$WORK/auth.sig"
  "$MYNASIM" exec --card "$CARD" "$@" -- \
    "$MYNATOOL" sign --type auth --in "$WORK/data" --out "$WORK/auth.sig" --pin-env AUTH_PIN \
    > /dev/null || fail "mynatool sign with $*"
  openssl dgst -sha256 -verify "$WORK/auth.pub" -signature "$WORK/auth.sig" "$WORK/data" \
    > /dev/null || fail "the signature made with $* does not verify"
}
cat > "$WORK/mine.json" << 'JSON'
{"profile": "mine", "seed": 3, "jitter": {"percent": 20, "source": "a test"},
 "commands": {"sign": {"ms": 50, "source": "a test"}, "default": {"ms": 1, "source": "a test"}}}
JSON
sign_with --timing contact
sign_with --timing contactless
sign_with --timing "$WORK/mine.json" --protocol t0

bad() {  # FILE-CONTENT EXPECTED-MESSAGE-AFTER-THE-FILE-NAME
  printf '%s' "$1" > "$WORK/bad.json"
  local status=0
  "$MYNASIM" exec --card "$CARD" --timing "$WORK/bad.json" -- true 2> "$WORK/err" || status=$?
  expect_eq "$status" 2 "exit status for a profile $1"
  expect_eq "$(cat "$WORK/err")" "mynasim exec: $WORK/bad.json$2" "message for a profile $1"
}
bad '{"commands": {"sign": {"ms": 5, "source": "x"},}}' \
  ":1:48: not JSON: syntax error while parsing object key - unexpected '}'; expected string literal"
bad '{"commands": {"signing": {"ms": 5, "source": "x"}}}' \
  ": commands.signing: unknown command class (known: select, read_binary, verify, sign, get_challenge, default)"
bad '{"commands": {"verify": {"ms": -1, "source": "x"}}}' ": commands.verify: ms: -1 is negative"
bad '{"commands": {"sign": {"ms": 90000, "source": "x"}}}' \
  ": commands.sign: ms: 90000 ms is above 60000 ms, the reader's limit (it would take a card this slow for a mute one)"
bad '{"commands": {"sign": {"ms": 5}}}' \
  ": commands.sign: source: missing: say where the numbers come from (or UNCONFIRMED and why)"

status=0
"$MYNASIM" exec --card "$CARD" --timing "$WORK/none.json" -- true 2> "$WORK/err" || status=$?
expect_eq "$status" 2 "exit status for a missing profile"
expect_eq "$(cat "$WORK/err")" \
  "mynasim exec: --timing $WORK/none.json: not none, contact, contactless or a readable file (cannot open $WORK/none.json)" \
  "message for a missing profile"
echo PASS
