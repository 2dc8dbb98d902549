# Issue 15 point 5, the other way for PDFs: poppler's `pdfsig -add-signature` (a signer nobody here
# wrote) signs through an NSS database holding OpenSC's opensc-pkcs11.so, with the simulated card's
# signature key in a private pcscd (`mynasim run`), and `mynatool pdf verify` accepts the PDF.
# What this pins (docs/signing.md, "pdfsig as the signer"):
#   1. OpenSC's default slots: one token per PIN. Without a login NSS lists no signature
#      certificate (it is a private object behind the signature password: OpenSC#3169's
#      observation); logged in to that token alone it does.
#   2. pdfsig answers only NSS's first password request (-nss-pwd); with two PIN-protected tokens
#      it refuses: "Password is needed" without -nss-pwd, "Password was not accepted" with it.
#   3. With OpenSC configured to make a slot for the signature PIN only
#      (create_slots_for_pins = "sign"), pdfsig signs (adbe.pkcs7.detached) and mynatool accepts.
# pdfsig takes the passwords in its argv (-nss-pwd, -kpw): it has no other way; it is a
# short-lived process, and the password here is the test card's.
# Usage: bash pdfsig_signer_test.sh MYNACA MYNASIM MYNATOOL MAKE_TEST_PDF
source "$(dirname "$0")/lib.sh"
MYNASIM=${2:?usage: $0 MYNACA MYNASIM MYNATOOL MAKE_TEST_PDF}
MYNATOOL=${3:?usage: $0 MYNACA MYNASIM MYNATOOL MAKE_TEST_PDF}
MAKE_TEST_PDF=${4:?usage: $0 MYNACA MYNASIM MYNATOOL MAKE_TEST_PDF}
need pdfsig poppler-utils
need certutil libnss3-tools
need modutil libnss3-tools
need_opensc_pkcs11

start_signing_world
"$MAKE_TEST_PDF" --out "$WORK/in.pdf" --pages 1

# An NSS database with OpenSC's PKCS#11 module, as a user adds a card reader to NSS.
mkdir "$WORK/nss"
certutil -N -d "sql:$WORK/nss" --empty-password
modutil -dbdir "sql:$WORK/nss" -add opensc -libfile "$OPENSC_PKCS11" -force > /dev/null ||
  fail "modutil -add opensc"
NSS="sql:$WORK/nss"
SIGN_TOKEN="JPKI (Digital Signature PIN)"
NICK="$SIGN_TOKEN:Digital Signature Certificate"
umask 077
printf '%s\n' "$SIGN_PASSWORD" > "$WORK/sign.pw"

# 1. Default slots: the signature certificate is a private object, listed only once logged in.
listed=$(certutil -L -h all -d "$NSS" < /dev/null 2> "$WORK/certutil.err")
expect_contains "$listed" "JPKI (User Authentication PIN):User Authentication Certificate" \
  "certutil -L -h all: the authentication certificate"
expect_not_contains "$listed" "$NICK" "certutil -L -h all without a login: no signature certificate"
listed=$(certutil -L -h "$SIGN_TOKEN" -d "$NSS" -f "$WORK/sign.pw")
expect_contains "$listed" "$NICK" "certutil -L logged in to the signature token"

# 2. pdfsig with the default slots: one password for two PIN-protected tokens.
out=$(pdfsig -nssdir "$NSS" -add-signature -nick "$NICK" -kpw "$SIGN_PASSWORD" \
  "$WORK/in.pdf" "$WORK/default.pdf" 2>&1) && fail "pdfsig signed without -nss-pwd: $out"
expect_eq "$out" "Password is needed to access the NSS database.
	Please provide one with -nss-pwd." "pdfsig without -nss-pwd"
out=$(pdfsig -nssdir "$NSS" -nss-pwd "$SIGN_PASSWORD" -add-signature -nick "$NICK" \
  -kpw "$SIGN_PASSWORD" "$WORK/in.pdf" "$WORK/default.pdf" 2>&1) &&
  fail "pdfsig signed with the default slots: $out"
expect_eq "$out" "Password was not accepted to open the NSS database.
	Please provide the correct one with -nss-pwd." "pdfsig with -nss-pwd and two PIN tokens"
[ -e "$WORK/default.pdf" ] && fail "pdfsig wrote a file although it refused"

# 3. OpenSC with a slot for the signature PIN only: pdfsig signs, mynatool accepts.
cat > "$WORK/opensc.conf" << 'CONF'
app default {
}
app opensc-pkcs11 {
  pkcs11 {
    create_slots_for_pins = "sign";
  }
}
CONF
export OPENSC_CONF=$WORK/opensc.conf
out=$(pdfsig -nssdir "$NSS" -nss-pwd "$SIGN_PASSWORD" -list-nicks 2>&1) || fail "pdfsig -list-nicks: $out"
expect_eq "$out" "Certificate nicknames available:
$NICK" "pdfsig -list-nicks with the signature slot alone"
pdfsig -nssdir "$NSS" -nss-pwd "$SIGN_PASSWORD" -add-signature -nick "$NICK" -kpw "$SIGN_PASSWORD" \
  -reason "pdfsig through OpenSC" "$WORK/in.pdf" "$WORK/pdfsig.pdf" > "$WORK/pdfsig.out" 2>&1 ||
  fail "pdfsig -add-signature: $(cat "$WORK/pdfsig.out")"
unset OPENSC_CONF
out=$("$MYNATOOL" --json pdf verify "$WORK/pdfsig.pdf" --ca "$CA") ||
  fail "mynatool pdf verify of pdfsig's PDF: $out"
expect_eq "$(json_field "$out" 'd["valid"], d["codes"], len(d["signatures"]), d["signatures"][0]["sub_filter"], d["signatures"][0]["revocation"]')" \
  "True [] 1 adbe.pkcs7.detached ocsp" "mynatool pdf verify of pdfsig's signature"
# The content changed after pdfsig signed: refused, so the acceptance above was not blind.
$PYTHON -c 'import sys; d = bytearray(open(sys.argv[1], "rb").read()); d[11] ^= 1; open(sys.argv[2], "wb").write(d)' \
  "$WORK/pdfsig.pdf" "$WORK/changed.pdf"
out=$("$MYNATOOL" --json pdf verify "$WORK/changed.pdf" --ca "$CA") && fail "changed content accepted"
expect_eq "$(json_field "$out" 'd["codes"]')" "['digest-mismatch']" "pdfsig's PDF with a changed byte"
echo "pdfsig -add-signature through OpenSC: accepted by mynatool pdf verify"
