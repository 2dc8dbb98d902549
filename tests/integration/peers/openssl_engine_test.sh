# OpenSSL's pkcs11 engine (libp11) signs with both of the card's keys through OpenSC's PKCS#11
# module: `openssl dgst -sign` with the authentication key, `openssl pkeyutl -sign` over a SHA-512
# digest with the signature key; `openssl dgst -verify` checks each against the card's certificate.
# The PINs reach the engine through files (the URI's pin-source=file:), never argv. A wrong PIN
# gives no signature.
. "$(dirname "$0")/../reader/lib.sh"
need openssl openssl
need script bsdutils
[ -n "$OPENSC_PKCS11" ] || fail "opensc-pkcs11.so not found: install the Debian package opensc-pkcs11"
engine=$(openssl version -e | sed -n 's/^ENGINESDIR: "\(.*\)"$/\1/p')/pkcs11.so
[ -f "$engine" ] || fail "$engine not found: install the Debian package libengine-pkcs11-openssl"

start_stack --card "$CARD"
export PCSCLITE_CSOCK_NAME PKCS11_MODULE_PATH=$OPENSC_PKCS11
umask 077
printf 1234 > "$WORK/auth.pin"
printf DEMOPASS1 > "$WORK/sign.pin"
printf 9999 > "$WORK/wrong.pin"
printf 'mynasim: sign me with an engine' > "$WORK/data"
# The tokens as OpenSC names them (one per PIN); keys by CKA_ID: 01 authentication, 02 signature.
auth_uri() { echo "pkcs11:token=JPKI%20%28User%20Authentication%20PIN%29;id=%01;type=private;pin-source=file:$1"; }
sign_uri() { echo "pkcs11:token=JPKI%20%28Digital%20Signature%20PIN%29;id=%02;type=private;pin-source=file:$1"; }
for key in auth sign; do
  openssl x509 -inform der -in "$CERTS/$key.der" -pubkey -noout > "$WORK/$key.pub"
done

# The authentication key, through `openssl dgst` (SHA-256).
openssl dgst -sha256 -engine pkcs11 -keyform engine -sign "$(auth_uri "$WORK/auth.pin")" \
  -out "$WORK/auth.sig" "$WORK/data" > "$WORK/auth.out" 2>&1 ||
  fail "openssl dgst -engine pkcs11 could not sign: $(cat "$WORK/auth.out")"
expect_eq "$(stat -c %s "$WORK/auth.sig")" 256 "authentication signature size"
expect_eq "$(openssl dgst -sha256 -verify "$WORK/auth.pub" -signature "$WORK/auth.sig" "$WORK/data")" \
  "Verified OK" "the authentication signature against the card's certificate"

# The signature key, through `openssl pkeyutl` over a SHA-512 digest. OpenSC marks it
# CKA_ALWAYS_AUTHENTICATE (JPKI's signature key wants its password for each use), and libp11 0.4.12
# asks for that context-specific login on the terminal only (neither pin-source, the engine's PIN
# setting nor -passin reach it). So openssl runs on a pseudo-terminal (util-linux `script`) and
# the password is typed once the prompt shows, as a holder would (echo is off by then).
openssl dgst -sha512 -binary -out "$WORK/data.sha512" "$WORK/data"
mkfifo "$WORK/tty.in"
script -q -e -c "openssl pkeyutl -engine pkcs11 -keyform engine -inkey '$(sign_uri "$WORK/sign.pin")' \
  -sign -pkeyopt digest:sha512 -in '$WORK/data.sha512' -out '$WORK/sign.sig'" /dev/null \
  < "$WORK/tty.in" > "$WORK/sign.out" 2>&1 &
script_pid=$!
BACKGROUND+=("$script_pid")
exec 8> "$WORK/tty.in"
wait_for_count "$WORK/sign.out" 'Enter PKCS#11 key PIN for Digital Signature Key' 1
printf '%s\n' "$(cat "$WORK/sign.pin")" >&8
exec 8>&-
wait "$script_pid" || fail "openssl pkeyutl -engine pkcs11 could not sign: $(cat "$WORK/sign.out")"
grep -q DEMOPASS1 "$WORK/sign.out" && fail "the signature password shows on the terminal"
expect_eq "$(openssl dgst -sha512 -verify "$WORK/sign.pub" -signature "$WORK/sign.sig" "$WORK/data")" \
  "Verified OK" "the signature key's signature against the card's certificate"
if openssl dgst -sha512 -verify "$WORK/auth.pub" -signature "$WORK/sign.sig" "$WORK/data" > /dev/null 2>&1; then
  fail "the signature key's signature verifies with the authentication certificate"
fi

# A wrong PIN: openssl fails and writes no signature.
if openssl dgst -sha256 -engine pkcs11 -keyform engine -sign "$(auth_uri "$WORK/wrong.pin")" \
  -out "$WORK/wrong.sig" "$WORK/data" > "$WORK/wrong.out" 2>&1; then
  fail "openssl signed after a wrong PIN"
fi
[ ! -s "$WORK/wrong.sig" ] || fail "a signature was written after a wrong PIN"
grep -q -i 'PIN incorrect' "$WORK/wrong.out" || fail "openssl with a wrong PIN: $(cat "$WORK/wrong.out")"
echo PASS
