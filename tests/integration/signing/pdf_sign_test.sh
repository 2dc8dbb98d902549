# PDF signatures with the simulated card's signature key, end to end against peers: a private
# pcscd holding a card mynaca issued (`mynasim run`), mynaca's OCSP responder (and CRLs) and TSA on
# free ports; `mynatool pdf sign` in every profile, each checked by poppler's pdfsig against an NSS
# database trusting mynaca's signature CA (signature valid, certificate trusted, OCSP asked of our
# responder), by OpenSSL (`openssl cms -verify` over the ByteRange's bytes) and by pdf_parts.py
# (ByteRange, /Contents padded with zeros only); a co-signed file (both signatures valid, the
# first file a byte-for-byte prefix); and the refusals: /Contents too small, not a PDF, encrypted,
# damaged (exact messages, exit 1, no output, input untouched).
# Usage: bash pdf_sign_test.sh MYNACA MYNASIM MYNATOOL MAKE_TEST_PDF
source "$(dirname "$0")/../pki/lib.sh"
MYNASIM=${2:?usage: $0 MYNACA MYNASIM MYNATOOL MAKE_TEST_PDF}
MYNATOOL=${3:?usage: $0 MYNACA MYNASIM MYNATOOL MAKE_TEST_PDF}
MAKE_TEST_PDF=${4:?usage: $0 MYNACA MYNASIM MYNATOOL MAKE_TEST_PDF}
HERE=$(dirname "$0")
PYTHON=/usr/bin/python3  # Debian's (python3 may be a pyenv shim)
need pdfsig poppler-utils
need certutil libnss3-tools
need qpdf qpdf
free_port() {
  $PYTHON -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_for_line() {  # FILE REGEX
  for _ in $(seq 1 400); do
    grep -Eq -- "$2" "$1" 2> /dev/null && return 0
    sleep 0.05
  done
  fail "no line matching '$2' in $1: $(cat "$1" 2> /dev/null)"
}

SIGN_PASSWORD=$TEST_PASSWORD
export SIGN_PASSWORD
ocsp_port=$(free_port)
"$MYNACA" --dir "$CA" init --base-url "http://127.0.0.1:$ocsp_port" > /dev/null
"$MYNACA" --dir "$CA" --json issue --name "個人番号　花子" \
  --address "東京都千代田区霞が関２丁目１番２号" --birth 1980-02-17 --sex 2 --out "$WORK/card.img" \
  --pin-env TEST_PIN --sign-password-env SIGN_PASSWORD > /dev/null
"$MYNACA" --dir "$CA" crl > /dev/null
"$MYNACA" --dir "$CA" ocsp serve --port "$ocsp_port" > "$WORK/ocsp.out" 2>&1 &
BACKGROUND+=($!)
wait_for_line "$WORK/ocsp.out" listening
"$MYNACA" --dir "$CA" --json tsa serve --port 0 > "$WORK/tsa.out" 2> "$WORK/tsa.err" &
BACKGROUND+=($!)
wait_for_line "$WORK/tsa.out" listening
TSA=$(json_field "$(cat "$WORK/tsa.out")" 'd["listening"]')
"$MYNASIM" run --card "$WORK/card.img" > "$WORK/run.env" 2> "$WORK/run.err" &
BACKGROUND+=($!)
wait_for_line "$WORK/run.env" '^MYNASIM_STACK='
. "$WORK/run.env"
export PCSCLITE_CSOCK_NAME

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
grep -q "object: id-smime-aa-signingCertificateV2" "$WORK/parts/cms.txt" || fail "registry: no signingCertificateV2"
grep -aq "/SubFilter/adbe.pkcs7.detached" "$WORK/registry.pdf" || fail "registry: SubFilter"
grep -aq "/Type/Sig" "$WORK/registry.pdf" || fail "registry: /Type /Sig"
grep -aq "/Filter/Adobe.PPKLite" "$WORK/registry.pdf" || fail "registry: /Filter"
grep -aEq "/M\(D:[0-9]{14}\+00'00'\)" "$WORK/registry.pdf" || fail "registry: /M"
pdfsig_of "$WORK/registry.pdf" > "$WORK/pdfsig.txt" || fail "pdfsig registry: $(cat "$WORK/pdfsig.txt")"
cat "$WORK/pdfsig.txt"
