# CMS signatures with the simulated card's signature key, end to end against peers: a private
# pcscd holding a card mynaca issued (`mynasim run`), mynaca's OCSP responder and TSA on free
# ports; `mynatool cms sign` (CAdES-BES, detached, CAdES-T through the TSA) checked by
# `openssl cms -verify` and `openssl ts -verify` and by `mynatool cms verify`; a CMS made by
# OpenSSL's pkcs11 engine through OpenSC with the card's signature key (its password typed at a
# pseudo-terminal) accepted by `mynatool cms verify`; and negative vectors written as files, each
# refused with its code: changed content, the user-authentication key as signer, revoked before
# the time of signing (no timestamp, and a timestamp after the revocation) against revoked after a
# timestamped time of signing, a timestamp from an untrusted TSA, a timestamp over another
# signature.
# Usage: bash cms_test.sh MYNACA MYNASIM MYNATOOL
# The pki scripts' helpers: WORK, CA, BACKGROUND and its cleanup, fail, expect_eq, need, json_field,
# TEST_PIN and TEST_PASSWORD (the card's PIN and signature password).
source "$(dirname "$0")/lib.sh"
MYNASIM=${2:?usage: $0 MYNACA MYNASIM MYNATOOL}
MYNATOOL=${3:?usage: $0 MYNACA MYNASIM MYNATOOL}
HERE=$(dirname "$0")
need script bsdutils
need_opensc_pkcs11
engine=$(openssl version -e | sed -n 's/^ENGINESDIR: "\(.*\)"$/\1/p')/pkcs11.so
[ -f "$engine" ] || fail "$engine not found: install the Debian package libengine-pkcs11-openssl"

start_signing_world
printf 'e-filing: 登記申請書 %s\n' "$(date -u +%FT%TZ)" > "$WORK/data"

tool() { "$MYNATOOL" "$@"; }
verify_codes() {  # FILE [options]: the codes mynatool cms verify prints (JSON), comma-separated
  local out rc=0
  out=$(tool --json cms verify "$@" --ca "$CA" 2> "$WORK/verify.err") || rc=$?
  local valid codes
  valid=$(json_field "$out" 'd["valid"]')
  codes=$(json_field "$out" '",".join(d["codes"])')
  if [ "$valid" == True ]; then [ "$rc" == 0 ] || fail "valid but exit $rc"; else [ "$rc" == 1 ] || fail "invalid but exit $rc"; fi
  echo "$codes"
}

# 1. CAdES-T with the card, through the TSA.
out=$(tool --json cms sign --in "$WORK/data" --out "$WORK/t.p7s" --tsa "$TSA" --pin-env SIGN_PASSWORD)
expect_eq "$(json_field "$out" 'd["timestamp"]')" True "cms sign --tsa"
openssl cms -verify -inform DER -in "$WORK/t.p7s" -CAfile "$CA/ca/sign.pem" -binary \
  -out "$WORK/t.content" 2> "$WORK/openssl.err" || fail "openssl cms -verify: $(cat "$WORK/openssl.err")"
cmp "$WORK/t.content" "$WORK/data" || fail "openssl cms -verify: other content"
grep -q "Verification successful" "$WORK/openssl.err" || fail "openssl cms -verify: $(cat "$WORK/openssl.err")"
openssl cms -cmsout -print -inform DER -in "$WORK/t.p7s" > "$WORK/t.txt"
for attribute in contentType signingTime messageDigest id-smime-aa-signingCertificateV2 \
  id-smime-aa-timeStampToken; do
  grep -q "object: $attribute" "$WORK/t.txt" || fail "the CMS lacks $attribute"
done
$PYTHON "$HERE/cms_parts.py" signature "$WORK/t.p7s" "$WORK/t.sig"
$PYTHON "$HERE/cms_parts.py" token "$WORK/t.p7s" "$WORK/t.token"
expect_eq "$(openssl ts -verify -token_in -in "$WORK/t.token" \
  -digest "$(openssl dgst -sha256 -r "$WORK/t.sig" | cut -d' ' -f1)" \
  -CAfile "$CA/tsa/ca.pem" 2> /dev/null)" "Verification: OK" "openssl ts -verify over the signature value"
out=$(tool --json cms verify "$WORK/t.p7s" --ca "$CA")
expect_eq "$(json_field "$out" 'd["valid"], d["codes"], d["revocation"], "timestamp_time" in d')" \
  "True [] ocsp True" "mynatool cms verify (CAdES-T)"
expect_eq "$(json_field "$out" 'd["validated_at"] == d["timestamp_time"]')" True "checked at the timestamp"
tool cms verify "$WORK/t.p7s" --ca "$CA" | grep -q '^signature valid: .*(timestamped)$' ||
  fail "mynatool cms verify: the text"

# 2. Detached, no timestamp: needs its content, and the content unchanged.
tool cms sign --in "$WORK/data" --out "$WORK/d.p7s" --detached --pin-env SIGN_PASSWORD > /dev/null
openssl cms -verify -inform DER -in "$WORK/d.p7s" -content "$WORK/data" -CAfile "$CA/ca/sign.pem" \
  -binary -out /dev/null 2> /dev/null || fail "openssl cms -verify (detached)"
expect_eq "$(verify_codes "$WORK/d.p7s" --content "$WORK/data")" "" "detached with its content"
expect_eq "$(verify_codes "$WORK/d.p7s")" "content-missing" "detached without content"
sed 's/登記/供託/' "$WORK/data" > "$WORK/vector-changed-content"
expect_eq "$(verify_codes "$WORK/d.p7s" --content "$WORK/vector-changed-content")" \
  "digest-mismatch" "changed content"

# 3. The other way: OpenSSL's pkcs11 engine signs through OpenSC with the card's signature key;
# its context-specific login asks at the terminal, so openssl runs on a pseudo-terminal.
export PKCS11_MODULE_PATH=$OPENSC_PKCS11
umask 077
printf 1234 > "$WORK/auth.pin"
printf '%s' "$SIGN_PASSWORD" > "$WORK/sign.pin"
sign_uri="pkcs11:token=JPKI%20%28Digital%20Signature%20PIN%29;id=%02;type=private;pin-source=file:$WORK/sign.pin"
auth_uri="pkcs11:token=JPKI%20%28User%20Authentication%20PIN%29;id=%01;type=private;pin-source=file:$WORK/auth.pin"
mkfifo "$WORK/tty.in"
script -q -e -c "openssl cms -sign -engine pkcs11 -keyform engine -inkey '$sign_uri' \
  -signer '$WORK/sign.pem' -certfile '$CA/ca/sign-g01.pem' -md sha256 -cades -binary -nodetach \
  -outform DER -in '$WORK/data' -out '$WORK/engine.p7s'" /dev/null \
  < "$WORK/tty.in" > "$WORK/engine.out" 2>&1 &
script_pid=$!
BACKGROUND+=("$script_pid")
exec 8> "$WORK/tty.in"
wait_for_line "$WORK/engine.out" 'Enter PKCS#11 key PIN for Digital Signature Key'
printf '%s\n' "$SIGN_PASSWORD" >&8
exec 8>&-
wait "$script_pid" || fail "openssl cms -sign -engine pkcs11: $(cat "$WORK/engine.out")"
grep -q "$SIGN_PASSWORD" "$WORK/engine.out" && fail "the signature password shows on the terminal"
expect_eq "$(verify_codes "$WORK/engine.p7s")" "" "mynatool cms verify of the engine's CMS"

# 4. The user-authentication key as signer (the engine again; that key needs no terminal).
openssl cms -sign -engine pkcs11 -keyform engine -inkey "$auth_uri" -signer "$WORK/auth.pem" \
  -md sha256 -cades -binary -nodetach -outform DER -in "$WORK/data" \
  -out "$WORK/vector-auth-signer.p7s" > "$WORK/auth.out" 2>&1 ||
  fail "openssl cms -sign with the authentication key: $(cat "$WORK/auth.out")"
expect_eq "$(verify_codes "$WORK/vector-auth-signer.p7s")" "signer-untrusted,signer-wrong-purpose" \
  "the user-authentication certificate as signer"

# 5. Timestamps: from another authority's TSA, and one over another signature value.
"$MYNACA" --dir "$WORK/other" init > /dev/null
start_tsa "$WORK/other" other-tsa
OTHER_TSA=$TSA_URL
tool cms sign --in "$WORK/data" --out "$WORK/vector-untrusted-tsa.p7s" --tsa "$OTHER_TSA" \
  --pin-env SIGN_PASSWORD > /dev/null
expect_eq "$(verify_codes "$WORK/vector-untrusted-tsa.p7s")" "timestamp-untrusted" "an untrusted TSA"
tool cms sign --in "$WORK/data" --out "$WORK/plain.p7s" --pin-env SIGN_PASSWORD > /dev/null
$PYTHON "$HERE/cms_parts.py" graft-token "$WORK/t.p7s" "$WORK/plain.p7s" "$WORK/vector-other-imprint.p7s"
expect_eq "$(verify_codes "$WORK/vector-other-imprint.p7s")" "timestamp-imprint-mismatch" \
  "a timestamp over another signature"

# 6. Revocation at the time of signing: revoked a second after t.p7s's timestamp.
sleep 1.1
"$MYNACA" --dir "$CA" revoke --serial "$sign_serial" --reason key-compromise > /dev/null
sleep 1.1
tool cms sign --in "$WORK/data" --out "$WORK/vector-stamped-after-revocation.p7s" --tsa "$TSA" \
  --pin-env SIGN_PASSWORD > /dev/null
expect_eq "$(verify_codes "$WORK/t.p7s")" "" "revoked after the timestamped time of signing"
expect_eq "$(verify_codes "$WORK/plain.p7s")" "signer-revoked" "revoked, no timestamp (checked now)"
expect_eq "$(verify_codes "$WORK/vector-stamped-after-revocation.p7s")" "signer-revoked" \
  "timestamped after the revocation"
# With the responder gone, the CRL mynaca wrote at the revocation decides.
kill "${BACKGROUND[0]}"
out=$(tool --json cms verify "$WORK/t.p7s" --ca "$CA" || true)
expect_eq "$(json_field "$out" 'd["valid"], d["revocation"]')" "True crl" "OCSP down: the CRL"
expect_eq "$(verify_codes "$WORK/plain.p7s")" "signer-revoked" "OCSP down: revoked by the CRL"

# Bad input: a file that is no CMS, a missing file.
printf 'not a signature' > "$WORK/garbage.p7s"
expect_eq "$(verify_codes "$WORK/garbage.p7s")" "malformed" "garbage"
rc=0
tool cms verify "$WORK/missing.p7s" --ca "$CA" > /dev/null 2> "$WORK/missing.err" || rc=$?
expect_eq "$rc" 1 "a missing file"
grep -q "missing.p7s" "$WORK/missing.err" || fail "the message names the file: $(cat "$WORK/missing.err")"
rc=0
tool cms verify > /dev/null 2>&1 || rc=$?
expect_eq "$rc" 2 "usage"
echo PASS
