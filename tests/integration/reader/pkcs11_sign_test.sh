# pkcs11-tool with OpenSC's PKCS#11 module signs with each key after its PIN, and openssl
# verifies each signature with the card's certificate. The PINs go through the environment
# (pkcs11-tool's --pin env:NAME), so they never show on a command line. A wrong PIN costs a try
# that the next run still sees: the card's state lives in its image.
. "$(dirname "$0")/lib.sh"
need pkcs11-tool opensc
need openssl openssl
[ -n "$OPENSC_PKCS11" ] || fail "opensc-pkcs11.so not found: install the Debian package opensc-pkcs11"

printf 'mynasim: log me in' > "$WORK/data"
export AUTH_PIN=1234 SIGN_PASSWORD=DEMOPASS1 WRONG_PIN=9999
p11() { pkcs11-tool --module "$OPENSC_PKCS11" "$@"; }
export -f p11
export OPENSC_PKCS11 WORK

"$MYNASIM" exec --card "$CARD" -- bash -c '
  p11 --slot-index 0 --login --pin env:AUTH_PIN --sign -m SHA256-RSA-PKCS --id 01 \
      -i "$WORK/data" -o "$WORK/auth.sig" &&
  p11 --slot-index 1 --login --pin env:SIGN_PASSWORD --sign -m SHA256-RSA-PKCS --id 02 \
      -i "$WORK/data" -o "$WORK/sign.sig"' > /dev/null 2>&1 || fail "pkcs11-tool could not sign"
for key in auth sign; do
  openssl x509 -inform der -in "$CERTS/$key.der" -pubkey -noout > "$WORK/$key.pub"
  openssl dgst -sha256 -verify "$WORK/$key.pub" -signature "$WORK/$key.sig" "$WORK/data" \
    > /dev/null || fail "the $key signature does not verify with the card's $key certificate"
  expect_eq "$(stat -c %s "$WORK/$key.sig")" 256 "$key signature size"
done

# A wrong PIN: refused, and the next run (a new pcscd, the card reloaded) sees 2 tries left.
if "$MYNASIM" exec --card "$CARD" -- bash -c 'p11 --slot-index 0 --login --pin env:WRONG_PIN --list-objects' > /dev/null 2>&1; then
  fail "a wrong PIN was accepted"
fi
tries=$("$MYNASIM" exec --card "$CARD" -- pkcs15-tool -D 2> /dev/null | grep 'Tries left' | head -n 1 | tr -s ' \t' ' ')
expect_eq "$tries" " Tries left : 2" "tries left after a wrong PIN, in the next run"
echo PASS
