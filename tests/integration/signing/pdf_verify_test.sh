# PDF verification (`mynatool pdf verify`, pki/pdfverify) end to end: a private pcscd holding a
# card mynaca issued (`mynasim run`), mynaca's OCSP responder (and CRLs) and TSA on free ports;
# PDFs signed with the card by `mynatool pdf sign` in every profile, co-signed, verified valid with
# the time of signing and the revocation source; `openssl cms -verify` over a B-LT PDF's ByteRange;
# and negative vectors written as files (vector-*), each refused with its exact code and exit 1:
# bytes appended, a ByteRange with a gap, changed content, an update that changes a page, the
# user-authentication key as signer (its CMS made by OpenSSL's pkcs11 engine through OpenSC), a
# timestamp from another authority's TSA, revoked before (and after) the timestamped time of
# signing, not a PDF, encrypted, damaged.
# Usage: bash pdf_verify_test.sh MYNACA MYNASIM MYNATOOL MAKE_TEST_PDF
source "$(dirname "$0")/lib.sh"
MYNASIM=${2:?usage: $0 MYNACA MYNASIM MYNATOOL MAKE_TEST_PDF}
MYNATOOL=${3:?usage: $0 MYNACA MYNASIM MYNATOOL MAKE_TEST_PDF}
MAKE_TEST_PDF=${4:?usage: $0 MYNACA MYNASIM MYNATOOL MAKE_TEST_PDF}
HERE=$(dirname "$0")
need qpdf qpdf
need_opensc_pkcs11

start_signing_world

tool() { "$MYNATOOL" "$@"; }
sign() {  # IN OUT PROFILE [options]
  tool --json pdf sign --in "$1" --out "$2" --profile "$3" "${@:4}" --pin-env SIGN_PASSWORD > /dev/null ||
    fail "pdf sign $3 failed"
}
verify_json() {  # FILE -> mynatool pdf verify's JSON; the exit status must match "valid"
  local out rc=0
  out=$(tool --json pdf verify "$1" --ca "$CA" 2> "$WORK/verify.err") || rc=$?
  local valid
  valid=$(json_field "$out" 'd["valid"]')
  if [ "$valid" == True ]; then [ "$rc" == 0 ] || fail "$1: valid but exit $rc"; else [ "$rc" == 1 ] || fail "$1: invalid but exit $rc"; fi
  echo "$out"
}
codes_of() { json_field "$(verify_json "$1")" '",".join(d["codes"])'; }
vector() { $PYTHON "$HERE/pdf_vectors.py" "$@"; }

"$MAKE_TEST_PDF" --out "$WORK/in.pdf" --pages 2

# 1. Every profile with the card, then a second signature over the B-T file: all valid.
sign "$WORK/in.pdf" "$WORK/registry.pdf" registry
sign "$WORK/in.pdf" "$WORK/bb.pdf" pades-b-b
sign "$WORK/in.pdf" "$WORK/bt.pdf" pades-b-t --tsa "$TSA"
sign "$WORK/in.pdf" "$WORK/blt.pdf" pades-b-lt --tsa "$TSA"
sign "$WORK/bt.pdf" "$WORK/cosigned.pdf" pades-b-t --tsa "$TSA"
out=$(verify_json "$WORK/registry.pdf")
expect_eq "$(json_field "$out" 'd["valid"], d["codes"], len(d["signatures"]), d["signatures"][0]["sub_filter"], d["signatures"][0]["revocation"], "timestamp_time" in d["signatures"][0]')" \
  "True [] 1 adbe.pkcs7.detached ocsp False" "registry"
out=$(verify_json "$WORK/bb.pdf")
expect_eq "$(json_field "$out" 'd["valid"], d["signatures"][0]["sub_filter"]')" "True ETSI.CAdES.detached" "pades-b-b"
out=$(verify_json "$WORK/bt.pdf")
expect_eq "$(json_field "$out" 'd["valid"], d["signatures"][0]["validated_at"] == d["signatures"][0]["timestamp_time"]')" \
  "True True" "pades-b-t: checked at its timestamp"
out=$(verify_json "$WORK/blt.pdf")
expect_eq "$(json_field "$out" 'd["valid"], d["revisions"], "dss" in d, d["signatures"][0]["revision"]')" \
  "True 3 True 2" "pades-b-lt: the DSS in a revision after the signature"
echo "B-LT revocation source: $(json_field "$out" 'd["signatures"][0]["revocation"]')"
out=$(verify_json "$WORK/cosigned.pdf")
expect_eq "$(json_field "$out" 'd["valid"], [s["revision"] for s in d["signatures"]], [s["valid"] for s in d["signatures"]]')" \
  "True [2, 3] [True, True]" "co-signed: both signatures"
tool pdf verify "$WORK/bt.pdf" --ca "$CA" | grep -q "^signature Signature1 (revision 2, ETSI.CAdES.detached): valid, .*(timestamped, revocation: ocsp)$" ||
  fail "pdf verify: the text: $(tool pdf verify "$WORK/bt.pdf" --ca "$CA")"
# OpenSSL accepts the CMS inside the B-LT PDF over its ByteRange's bytes.
mkdir -p "$WORK/parts"
$PYTHON "$HERE/pdf_parts.py" "$WORK/blt.pdf" 1 "$WORK/parts" > /dev/null
openssl cms -verify -inform DER -in "$WORK/parts/cms.der" -content "$WORK/parts/signed.bin" -binary \
  -CAfile "$CA/ca/sign.pem" -purpose any -out /dev/null 2> "$WORK/openssl.err" ||
  fail "openssl cms -verify of the B-LT CMS: $(cat "$WORK/openssl.err")"

# 2. The file's bytes: appended after the signature, a ByteRange with a gap, changed content, an
# update that replaces page 1's content.
cp "$WORK/bt.pdf" "$WORK/vector-appended.pdf"
printf '%% appended after the signature\n' >> "$WORK/vector-appended.pdf"
expect_eq "$(codes_of "$WORK/vector-appended.pdf")" "appended-bytes" "bytes appended"
vector byte-range "$WORK/bt.pdf" "$WORK/vector-gap.pdf" 1 0 -5 0 0
expect_eq "$(codes_of "$WORK/vector-gap.pdf")" "byte-range-gap" "a ByteRange with a gap"
vector byte-range "$WORK/bt.pdf" "$WORK/vector-past-eof.pdf" 1 0 0 0 10
expect_eq "$(codes_of "$WORK/vector-past-eof.pdf")" "byte-range-past-eof" "a ByteRange past the end"
$PYTHON -c 'import sys; d = bytearray(open(sys.argv[1], "rb").read()); d[11] ^= 1; open(sys.argv[2], "wb").write(d)' \
  "$WORK/bt.pdf" "$WORK/vector-changed-content.pdf"
expect_eq "$(codes_of "$WORK/vector-changed-content.pdf")" "digest-mismatch" "changed content"
content=$(qpdf --show-pages "$WORK/bt.pdf" | awk '/content:/ {getline; print $1; exit}')
[ -n "$content" ] || fail "no content object for page 1"
printf '<< /Length 35 >>\nstream\nBT /F1 24 Tf 50 700 Td (PAID) Tj ET\nendstream' > "$WORK/page.body"
vector update "$WORK/bt.pdf" "$WORK/vector-page-changed.pdf" "$content" "$WORK/page.body"
out=$(verify_json "$WORK/vector-page-changed.pdf")
expect_eq "$(json_field "$out" '",".join(d["codes"])')" "modified-after-signing" "an update changing a page"
expect_eq "$(json_field "$out" 'd["signatures"][0]["findings"][0]["detail"]')" \
  "page 1's content (object $content 0) changed after the signature" "what changed"

# 3. The signer and the timestamp: the user-authentication key's CMS (OpenSSL's pkcs11 engine
# through OpenSC; that key needs no terminal) in place of the card's; another authority's TSA.
export PKCS11_MODULE_PATH=$OPENSC_PKCS11
umask 077
printf 1234 > "$WORK/auth.pin"
auth_uri="pkcs11:token=JPKI%20%28User%20Authentication%20PIN%29;id=%01;type=private;pin-source=file:$WORK/auth.pin"
openssl cms -sign -engine pkcs11 -keyform engine -inkey "$auth_uri" -signer "$WORK/auth.pem" \
  -md sha256 -cades -binary -outform DER -in "$WORK/parts/signed.bin" -out "$WORK/auth.p7s" \
  > "$WORK/auth.out" 2>&1 || fail "openssl cms -sign with the authentication key: $(cat "$WORK/auth.out")"
vector contents "$WORK/blt.pdf" "$WORK/vector-auth-signer.pdf" 1 "$WORK/auth.p7s"
expect_eq "$(codes_of "$WORK/vector-auth-signer.pdf")" "signer-untrusted,signer-wrong-purpose" \
  "the user-authentication certificate as signer"
"$MYNACA" --dir "$WORK/other" init > /dev/null
start_tsa "$WORK/other" other-tsa
sign "$WORK/in.pdf" "$WORK/vector-untrusted-tsa.pdf" pades-b-t --tsa "$TSA_URL"
expect_eq "$(codes_of "$WORK/vector-untrusted-tsa.pdf")" "timestamp-untrusted" "an untrusted TSA"

# 4. Revocation at the time of signing: revoked a second after bt.pdf's timestamp.
sleep 1.1
"$MYNACA" --dir "$CA" revoke --serial "$sign_serial" --reason key-compromise > /dev/null
sleep 1.1
sign "$WORK/in.pdf" "$WORK/vector-stamped-after-revocation.pdf" pades-b-t --tsa "$TSA"
expect_eq "$(codes_of "$WORK/bt.pdf")" "" "revoked after the timestamped time of signing"
expect_eq "$(codes_of "$WORK/bb.pdf")" "signer-revoked" "revoked, no timestamp (checked now)"
expect_eq "$(codes_of "$WORK/vector-stamped-after-revocation.pdf")" "signer-revoked" \
  "timestamped after the revocation"

# 5. Files that are no signed PDF: a clear code, exit 1.
printf 'not a pdf' > "$WORK/vector-not-pdf.pdf"
expect_eq "$(codes_of "$WORK/vector-not-pdf.pdf")" "not-pdf" "not a PDF"
qpdf --encrypt user owner 256 -- "$WORK/in.pdf" "$WORK/vector-encrypted.pdf"
expect_eq "$(codes_of "$WORK/vector-encrypted.pdf")" "encrypted" "encrypted"
head -c 2000 "$WORK/bt.pdf" > "$WORK/vector-damaged.pdf"
expect_eq "$(codes_of "$WORK/vector-damaged.pdf")" "damaged" "damaged (truncated)"
expect_eq "$(codes_of "$WORK/in.pdf")" "no-signatures" "unsigned"
rc=0
tool pdf verify "$WORK/missing.pdf" --ca "$CA" > /dev/null 2> "$WORK/missing.err" || rc=$?
expect_eq "$rc" 1 "a missing file"
grep -q "missing.pdf" "$WORK/missing.err" || fail "the message names the file: $(cat "$WORK/missing.err")"
rc=0
tool pdf verify > /dev/null 2>&1 || rc=$?
expect_eq "$rc" 2 "usage"
echo PASS
