# PDF signatures with the simulated card's signature key, end to end against peers: a private
# pcscd holding a card mynaca issued (`mynasim run`), mynaca's OCSP responder (and CRLs) and TSA on
# free ports; `mynatool pdf sign` in every profile, each checked by poppler's pdfsig against an NSS
# database trusting mynaca's signature CA (signature valid, certificate trusted, OCSP asked of our
# responder), by OpenSSL (`openssl cms -verify` over the ByteRange's bytes) and by pdf_parts.py
# (ByteRange, /Contents padded with zeros only); a co-signed file (both signatures valid, the
# first file a byte-for-byte prefix); and the refusals: /Contents too small, not a PDF, encrypted,
# damaged (exact messages, exit 1, no output, input untouched).
# Usage: bash pdf_sign_test.sh MYNACA MYNASIM MYNATOOL MAKE_TEST_PDF
source "$(dirname "$0")/lib.sh"
MYNASIM=${2:?usage: $0 MYNACA MYNASIM MYNATOOL MAKE_TEST_PDF}
MYNATOOL=${3:?usage: $0 MYNACA MYNASIM MYNATOOL MAKE_TEST_PDF}
MAKE_TEST_PDF=${4:?usage: $0 MYNACA MYNASIM MYNATOOL MAKE_TEST_PDF}
HERE=$(dirname "$0")
need pdfsig poppler-utils
need certutil libnss3-tools
need qpdf qpdf

start_signing_world

# pdfsig's trust: an NSS database holding mynaca's signature CA, trusted for signing documents.
mkdir "$WORK/nss"
certutil -N -d "sql:$WORK/nss" --empty-password
certutil -A -d "sql:$WORK/nss" -n "mynasim signature CA" -t "CT,C,C" -a -i "$CA/ca/sign.pem"
pdfsig_of() { pdfsig -nssdir "sql:$WORK/nss" "$@" 2>&1; }

"$MAKE_TEST_PDF" --out "$WORK/in.pdf" --pages 2
in_sha=$(sha256sum < "$WORK/in.pdf")
tool() { "$MYNATOOL" "$@"; }
sign() {  # IN OUT PROFILE [options] -> mynatool's JSON
  tool --json pdf sign --in "$1" --out "$2" --profile "$3" "${@:4}" --pin-env SIGN_PASSWORD
}
parts() {  # FILE N -> pdf_parts.py's JSON; signed.bin and cms.der in $WORK/parts
  mkdir -p "$WORK/parts"
  $PYTHON "$HERE/pdf_parts.py" "$1" "$2" "$WORK/parts"
}
# The checks every signature passes: ByteRange = the whole file but /Contents, zeros as padding,
# and the DER SignedData valid over the ByteRange's bytes for OpenSSL with mynaca's signature CA.
check_signature() {  # FILE N SIZE-SIGNED WHAT
  local p
  p=$(parts "$1" "$2")
  expect_eq "$(json_field "$p" 'd["gap_is_contents"] and d["padding_zeros"]')" True "$4: /Contents is <DER + zeros>"
  expect_eq "$(json_field "$p" 'd["byte_range"][0] == 0 and d["byte_range"][2] + d["byte_range"][3]')" "$3" "$4: ByteRange ends at the signed size"
  openssl cms -verify -inform DER -in "$WORK/parts/cms.der" -content "$WORK/parts/signed.bin" \
    -binary -CAfile "$CA/ca/sign.pem" -purpose any -out /dev/null 2> "$WORK/openssl.err" ||
    fail "$4: openssl cms -verify: $(cat "$WORK/openssl.err")"
  openssl cms -cmsout -print -inform DER -in "$WORK/parts/cms.der" > "$WORK/parts/cms.txt"
}

# 1. registry: adbe.pkcs7.detached, /Name the holder's, signingTime kept.
out=$(sign "$WORK/in.pdf" "$WORK/registry.pdf" registry --reason "登記申請")
size=$(stat -c %s "$WORK/registry.pdf")
expect_eq "$(json_field "$out" 'd["name"]')" "個人番号　花子" "registry: /Name defaults to the holder"
expect_eq "$(json_field "$out" 'd["field"]')" "Signature1" "registry: field name"
expect_eq "$(json_field "$out" 'd["bytes"]')" "$size" "registry: size reported"
cmp -n "$(stat -c %s "$WORK/in.pdf")" "$WORK/in.pdf" "$WORK/registry.pdf" || fail "registry: the input is not a prefix"
expect_eq "$(sha256sum < "$WORK/in.pdf")" "$in_sha" "registry: input untouched"
check_signature "$WORK/registry.pdf" 1 "$size" registry
expect_eq "$(json_field "$out" 'str(d["byte_range"])')" "$(json_field "$(parts "$WORK/registry.pdf" 1)" 'str(d["byte_range"])')" "registry: ByteRange reported"
grep -q "object: signingTime" "$WORK/parts/cms.txt" || fail "registry: no signingTime"
grep -A1 "signatureAlgorithm:" "$WORK/parts/cms.txt" | grep -q "algorithm: sha256WithRSAEncryption" ||
  fail "registry: signatureAlgorithm is not sha256WithRSAEncryption: $(grep -A1 signatureAlgorithm: "$WORK/parts/cms.txt")"
grep -q "object: id-smime-aa-signingCertificateV2" "$WORK/parts/cms.txt" || fail "registry: no signingCertificateV2"
grep -aq "/SubFilter/adbe.pkcs7.detached" "$WORK/registry.pdf" || fail "registry: SubFilter"
grep -aq "/Type/Sig" "$WORK/registry.pdf" || fail "registry: /Type /Sig"
grep -aq "/Filter/Adobe.PPKLite" "$WORK/registry.pdf" || fail "registry: /Filter"
grep -aEq "/M\(D:[0-9]{14}\+00'00'\)" "$WORK/registry.pdf" || fail "registry: /M"
# pdfsig's verdict on signature N: its lines, from "Signature Type" on (the times and serials
# above it vary from run to run).
pdfsig_lines() {  # FILE N
  pdfsig_of "$1" | awk -v n="$2" '/^Signature #/ {s = ($2 == "#" n ":")} s && /Signature Type/ {p = 1} s && p'
}
expect_pdfsig() {  # FILE N TYPE RANGE-LINE TOTAL-LINE WHAT
  local expected
  expected=$(printf '  - Signature Type: %s\n  - Signed Ranges: %s\n  - %s\n  - Signature Validation: Signature is Valid.\n  - Certificate Validation: Certificate is Trusted.' "$3" "$4" "$5")
  expect_eq "$(pdfsig_lines "$1" "$2")" "$expected" "$6: pdfsig"
}
ranges_line() {  # FILE N -> "[0 - a], [b - c]" as pdfsig prints a ByteRange
  json_field "$(parts "$1" "$2")" '"[%d - %d], [%d - %d]" % (0, d["byte_range"][1], d["byte_range"][2], d["byte_range"][2] + d["byte_range"][3])'
}
expect_pdfsig "$WORK/registry.pdf" 1 adbe.pkcs7.detached "$(ranges_line "$WORK/registry.pdf" 1)" \
  "Total document signed" registry
expect_contains "$(pdfsig_of "$WORK/registry.pdf")" "  - Signature Field Name: Signature1" "registry: pdfsig field"
pdfsig -nssdir "sql:$WORK/nss" "$WORK/registry.pdf" > /dev/null 2>&1 || fail "registry: pdfsig exit status $?"

# 2. pades-b-b: ETSI.CAdES.detached, signingCertificateV2, no signingTime (/M has the time).
out=$(sign "$WORK/in.pdf" "$WORK/bb.pdf" pades-b-b --name "Hanako Kojin")
size=$(stat -c %s "$WORK/bb.pdf")
expect_eq "$(json_field "$out" 'd["name"]')" "Hanako Kojin" "pades-b-b: --name"
grep -aq "/Name(Hanako Kojin)" "$WORK/bb.pdf" || fail "pades-b-b: /Name"
check_signature "$WORK/bb.pdf" 1 "$size" pades-b-b
grep -q "object: signingTime" "$WORK/parts/cms.txt" && fail "pades-b-b: a signingTime attribute"
grep -q "object: id-smime-aa-signingCertificateV2" "$WORK/parts/cms.txt" || fail "pades-b-b: no signingCertificateV2"
expect_pdfsig "$WORK/bb.pdf" 1 ETSI.CAdES.detached "$(ranges_line "$WORK/bb.pdf" 1)" \
  "Total document signed" pades-b-b

# 3. pades-b-t: + the TSA's token over the signature value.
sign "$WORK/in.pdf" "$WORK/bt.pdf" pades-b-t --tsa "$TSA" > /dev/null
size=$(stat -c %s "$WORK/bt.pdf")
check_signature "$WORK/bt.pdf" 1 "$size" pades-b-t
grep -q "object: id-smime-aa-timeStampToken" "$WORK/parts/cms.txt" || fail "pades-b-t: no timestamp"
expect_pdfsig "$WORK/bt.pdf" 1 ETSI.CAdES.detached "$(ranges_line "$WORK/bt.pdf" 1)" \
  "Total document signed" pades-b-t

# 4. pades-b-lt: + a DSS in a further update; the signature covers the file up to the DSS.
out=$(sign "$WORK/in.pdf" "$WORK/blt.pdf" pades-b-lt --tsa "$TSA")
signed=$(json_field "$out" 'd["signed_bytes"]')
check_signature "$WORK/blt.pdf" 1 "$signed" pades-b-lt
[ "$signed" -lt "$(stat -c %s "$WORK/blt.pdf")" ] || fail "pades-b-lt: no update after the signature"
qpdf --qdf --object-streams=disable "$WORK/blt.pdf" "$WORK/blt.qdf"
dss=$($PYTHON - "$WORK/blt.qdf" << 'PY'
import re, sys
d = open(sys.argv[1], "rb").read()
m = re.search(rb"/DSS (\d+) 0 R", d)
obj = re.search(rb"\n%d 0 obj\n(.*?)\nendobj" % int(m.group(1)), d, re.S).group(1)
count = lambda key: len(re.findall(rb"\d+ 0 R", re.search(rb"/" + key + rb" \[(.*?)\]", obj, re.S).group(1)))
print(count(b"Certs"), count(b"OCSPs"), count(b"CRLs"))
PY
)
expect_eq "$dss" "2 1 1" "pades-b-lt: DSS /Certs /OCSPs /CRLs"
expect_pdfsig "$WORK/blt.pdf" 1 ETSI.CAdES.detached "$(ranges_line "$WORK/blt.pdf" 1)" \
  "Not total document signed" pades-b-lt

# 5. Co-signing: a pades-b-t signature over the registry-signed file. The first file is a prefix,
# both signatures are valid, the first now covers part of the file only.
out=$(sign "$WORK/registry.pdf" "$WORK/co.pdf" pades-b-t --tsa "$TSA")
expect_eq "$(json_field "$out" 'd["field"]')" "Signature2" "co-sign: a second field"
cmp -n "$(stat -c %s "$WORK/registry.pdf")" "$WORK/registry.pdf" "$WORK/co.pdf" ||
  fail "co-sign: the signed file is not a prefix"
check_signature "$WORK/co.pdf" 2 "$(stat -c %s "$WORK/co.pdf")" co-sign
expect_pdfsig "$WORK/co.pdf" 1 adbe.pkcs7.detached "$(ranges_line "$WORK/registry.pdf" 1)" \
  "Not total document signed" "co-sign, first"
expect_pdfsig "$WORK/co.pdf" 2 ETSI.CAdES.detached "$(ranges_line "$WORK/co.pdf" 2)" \
  "Total document signed" "co-sign, second"

# 6. Refusals: exact message, exit 1, no output file, the input untouched.
refuse() {  # IN EXPECTED-MESSAGE WHAT [options]
  local before rc=0 err
  before=$(sha256sum < "$1")
  rm -f "$WORK/refused.pdf"
  err=$(tool pdf sign --in "$1" --out "$WORK/refused.pdf" --pin-env SIGN_PASSWORD "${@:4}" 2>&1 > /dev/null) || rc=$?
  expect_eq "$rc" 1 "$3: exit status"
  # The SignedData's size varies with the certificates' serial numbers: N stands for it.
  expect_eq "$(sed -E 's/signature \(([0-9]{4}) bytes\)/signature (N bytes)/' <<< "$err")" "$2" "$3: message"
  [ ! -e "$WORK/refused.pdf" ] || fail "$3: an output was written"
  expect_eq "$(sha256sum < "$1")" "$before" "$3: input untouched"
  ls "$WORK" | grep -q "refused.pdf.tmp" && fail "$3: a temporary file was left" || true
}
refuse "$WORK/in.pdf" "mynatool: the signature (N bytes) does not fit /Contents (1000 bytes reserved); nothing was written" \
  "contents too small" --contents-size 1000
printf 'hello, not a PDF\n' > "$WORK/text.pdf"
refuse "$WORK/text.pdf" "mynatool: $WORK/text.pdf: not a PDF (no %PDF- header in its first 1024 bytes)" "not a PDF"
qpdf --encrypt user owner 256 -- "$WORK/in.pdf" "$WORK/encrypted.pdf"
refuse "$WORK/encrypted.pdf" "mynatool: $WORK/encrypted.pdf: encrypted PDF (it needs a password); decrypt it before signing" "encrypted"
qpdf --encrypt "" owner 256 -- "$WORK/in.pdf" "$WORK/encrypted-open.pdf"
refuse "$WORK/encrypted-open.pdf" "mynatool: $WORK/encrypted-open.pdf: encrypted PDF (/Encrypt in its trailer): an update would have to be encrypted too; decrypt it before signing" "encrypted, empty user password"
head -c 4000 "$WORK/in.pdf" > "$WORK/truncated.pdf"
refuse "$WORK/truncated.pdf" "mynatool: $WORK/truncated.pdf: damaged PDF (no %%EOF in its last 1024 bytes: truncated?)" "truncated"
$PYTHON -c 'import sys; d=open(sys.argv[1],"rb").read(); i=d.rindex(b"startxref"); open(sys.argv[2],"wb").write(d[:i] + b"startxref\n99999999\n%%EOF\n")' "$WORK/in.pdf" "$WORK/bad-xref.pdf"
refuse "$WORK/bad-xref.pdf" "mynatool: $WORK/bad-xref.pdf: damaged PDF (the parser ran past the end of the file: a wrong startxref or cross-reference offset?)" "startxref past the end"

# 7. pdfsig asks our OCSP responder: once the certificate is revoked, it says so.
"$MYNACA" --dir "$CA" revoke --serial "$sign_serial" --reason key-compromise > /dev/null
expect_contains "$(pdfsig_of "$WORK/bt.pdf")" "  - Certificate Validation: Certificate has been Revoked." "pdfsig after revocation"
echo "pdf_sign_test: all passed"
