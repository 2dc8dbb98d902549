# OpenSC's own PKCS#11 self-test, `pkcs11-tool --test --login`, on both tokens: the
# user-authentication token with its PIN, the signature token with the signature password. It
# logs in, digests, signs with the token's key under every mechanism it knows and verifies the
# signatures. Its whole report is compared (OpenSC 0.23, Debian 12). PINs through --pin env:NAME.
# After C_Login, OpenSC asks the card with an empty VERIFY whether the PIN still holds; a real card
# answers 63Cx, and anything else makes OpenSC close every session (CKR_SESSION_HANDLE_INVALID).
. "$(dirname "$0")/../reader/lib.sh"
need pkcs11-tool opensc
[ -n "$OPENSC_PKCS11" ] || fail "opensc-pkcs11.so not found: install the Debian package opensc-pkcs11"

start_stack --card "$CARD"
export PCSCLITE_CSOCK_NAME AUTH_PIN=1234 SIGN_PASSWORD=DEMOPASS1
self_test() {  # SLOT-INDEX PIN-VARIABLE KEY-LABEL
  local out=$WORK/test-$1.txt
  pkcs11-tool --module "$OPENSC_PKCS11" --slot-index "$1" --test --login --pin "env:$2" \
    < /dev/null > "$out" 2>&1 || fail "pkcs11-tool --test --login on slot $1: $(cat "$out")"
  expect_eq "$(sed -E 's/ +$//' "$out")" "Using slot with index $1 (0x$1)
C_SeedRandom() and C_GenerateRandom():
  seeding (C_SeedRandom) not supported
  seems to be OK
Digests:
  all 4 digest functions seem to work
  MD5: OK
  RIPEMD160: OK
  SHA-1: OK
  SHA256: OK
Signatures (currently only for RSA)
  testing key 0 ($3)
  all 4 signature functions seem to work
  testing signature mechanisms:
    RSA-PKCS: OK
    SHA1-RSA-PKCS: OK
    MD5-RSA-PKCS: OK
    RIPEMD160-RSA-PKCS: OK
    SHA256-RSA-PKCS: OK
Verify (currently only for RSA)
  testing key 0 ($3)
    RSA-PKCS: OK
    SHA1-RSA-PKCS: OK
    MD5-RSA-PKCS: OK
    RIPEMD160-RSA-PKCS: OK
Decryption (currently only for RSA)
  testing key 0 ($3) -- can't be used to decrypt, skipping
No errors" "pkcs11-tool --test --login on slot $1"
}
self_test 0 AUTH_PIN "User Authentication Key"
self_test 1 SIGN_PASSWORD "Digital Signature Key"
echo PASS
