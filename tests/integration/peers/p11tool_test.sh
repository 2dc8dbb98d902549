# GnuTLS's p11tool through OpenSC's PKCS#11 module: --list-all-certs on each token (without a PIN
# the three public certificates, with the signature password the signature certificate), each
# exported certificate equal to the issued one, and --test-sign with each key (GnuTLS signs, then
# verifies against the private key's parameters and against the token's public key). PINs come
# from GNUTLS_PIN (the environment, as p11tool's manual says), never argv. A wrong PIN fails.
. "$(dirname "$0")/../reader/lib.sh"
need p11tool gnutls-bin
need openssl openssl
[ -n "$OPENSC_PKCS11" ] || fail "opensc-pkcs11.so not found: install the Debian package opensc-pkcs11"

start_stack --card "$CARD"
export PCSCLITE_CSOCK_NAME
auth_token='pkcs11:token=JPKI%20%28User%20Authentication%20PIN%29'
sign_token='pkcs11:token=JPKI%20%28Digital%20Signature%20PIN%29'
p11() { p11tool --provider "$OPENSC_PKCS11" "$@" < /dev/null; }
# The objects' labels, IDs and flags, one line each, from p11tool's listing.
summary() { awk -F': ' '/^\tLabel:/ { l = $2 } /^\tFlags:/ { f = $2 } /^\tID:/ { print $2, l, f; f = "" }'; }

p11 --list-all-certs "$auth_token" > "$WORK/auth_certs.txt" 2>&1 || fail "p11tool --list-all-certs: $(cat "$WORK/auth_certs.txt")"
expect_eq "$(summary < "$WORK/auth_certs.txt")" "01 User Authentication Certificate 
03 User Authentication Certificate CA CKA_TRUSTED; 
04 Digital Signature Certificate CA CKA_TRUSTED; " "certificates on the authentication token, without a PIN"
set +e
p11 --list-all-certs "$sign_token" > "$WORK/sign_certs.txt" 2>&1
set -e
expect_eq "$(cat "$WORK/sign_certs.txt")" "No matching objects found" "certificates on the signature token, without a PIN"
GNUTLS_PIN=DEMOPASS1 p11 --login --list-all-certs "$sign_token" > "$WORK/sign_certs.txt" 2>&1 ||
  fail "p11tool --login --list-all-certs: $(cat "$WORK/sign_certs.txt")"
expect_eq "$(summary < "$WORK/sign_certs.txt")" "02 Digital Signature Certificate CKA_PRIVATE; " \
  "certificates on the signature token, after the signature password"

# Every certificate as p11tool exports it equals the issued one.
export_cert() {  # TOKEN-URL ID NAME [p11tool options]
  local url="$1;id=%$2;type=cert" name=$3
  shift 3
  p11 "$@" --export "$url" > "$WORK/$name.pem" 2> "$WORK/export.err" || fail "p11tool --export $url: $(cat "$WORK/export.err")"
  openssl x509 -in "$WORK/$name.pem" -outform der | cmp -s - "$CERTS/$name.der" ||
    fail "the $name certificate p11tool exports differs from the issued one"
}
export_cert "$auth_token" 01 auth
export_cert "$auth_token" 03 auth-ca
export_cert "$auth_token" 04 sign-ca
GNUTLS_PIN=DEMOPASS1 export_cert "$sign_token" 02 sign --login

# --test-sign with each key after its PIN.
test_sign() {  # PIN TOKEN-URL ID
  GNUTLS_PIN=$1 p11 --login --test-sign "$2;id=%$3;type=private" 2>&1
}
expected='Signing using RSA-SHA256... ok
Verifying against private key parameters... ok
Verifying against public key in the token... ok'
expect_eq "$(test_sign 1234 "$auth_token" 01)" "$expected" "p11tool --test-sign with the authentication key"
expect_eq "$(test_sign DEMOPASS1 "$sign_token" 02)" "$expected" "p11tool --test-sign with the signature key"

# A wrong PIN: no signature, and p11tool says why.
set +e
out=$(test_sign 9999 "$auth_token" 01)
status=$?
set -e
[ "$status" -ne 0 ] || fail "p11tool --test-sign succeeded with a wrong PIN: $out"
echo "$out" | grep -q 'Wrong PIN has been provided' || fail "p11tool with a wrong PIN: $out"
echo "$out" | grep -q 'Signing' && fail "p11tool signed after a wrong PIN: $out"
echo PASS
