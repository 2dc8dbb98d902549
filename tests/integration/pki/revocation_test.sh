# Revocation seen by peers: `openssl crl -text` on mynaca's DER CRLs, `openssl verify
# -crl_check` with them, and `openssl ocsp` against `mynaca ocsp serve`, for every reason, for
# certificateHold and its release, for a CRL past its nextUpdate and a tampered CRL.
source "$(dirname "$0")/lib.sh"
init_authority

declare -A SERIAL
reasons=(unspecified lost ca-compromise address-changed renewed deceased privilege-withdrawn aa-compromise)
for reason in "${reasons[@]}" hold released good; do
  out=$(issue_card "$reason.img")
  SERIAL[$reason]=$(json_field "$out" 'd["sign_serial"]')
  cert_pem "${SERIAL[$reason]}" "$WORK/$reason.pem"
done
for reason in "${reasons[@]}"; do
  mynaca revoke --serial "${SERIAL[$reason]}" --reason "$reason" > /dev/null
done
mynaca revoke --serial "${SERIAL[hold]}" --hold > /dev/null
mynaca revoke --serial "${SERIAL[released]}" --hold > /dev/null
AT=2026-04-01T06:00:00Z mynaca revoke --serial "${SERIAL[released]}" --release > /dev/null
AT=2026-04-01T12:00:00Z mynaca crl --hierarchy sign --next-update 24 > /dev/null

crl_der=$CA/crl/sign-g01.crl
text=$(openssl crl -inform DER -in "$crl_der" -noout -text)
expect_contains "$text" "Last Update: Apr  1 12:00:00 2026 GMT" "thisUpdate"
expect_contains "$text" "Next Update: Apr  2 12:00:00 2026 GMT" "nextUpdate"
expect_contains "$text" "X509v3 CRL Number: 
                1" "CRL number"
expect_contains "$text" "Issuer: C = JP, O = JPKI, OU = JPKI for digital signature" "CRL issuer"
declare -A NAME=([lost]="Key Compromise" [ca-compromise]="CA Compromise"
  [address-changed]="Affiliation Changed" [renewed]="Superseded"
  [deceased]="Cessation Of Operation" [privilege-withdrawn]="Privilege Withdrawn"
  [aa-compromise]="AA Compromise" [hold]="Certificate Hold")
entries=$(python3 - "$text" <<'PY'
import re, sys
text = sys.argv[1]
for block in re.split(r"\n    Serial Number: ", text)[1:]:
    serial = int(block.split("\n")[0], 16)
    m = re.search(r"X509v3 CRL Reason Code: \n\s+(.+)", block)
    print(f"{serial}={m.group(1).strip() if m else '-'}")
PY
)
expected=""
for reason in unspecified "${reasons[@]:1}" hold; do
  expected+="${SERIAL[$reason]}=${NAME[$reason]:--}"$'\n'
done
expect_eq "$entries" "$(sort -t= -n <<< "${expected%$'\n'}")" "CRL entries and their reasons (released and good absent)"
expect_contains "$(openssl crl -inform DER -in "$crl_der" -CAfile "$CA/ca/sign.pem" -noout 2>&1)" "verify OK" "CRL signature"

# openssl verify with the CRL.
openssl crl -inform DER -in "$crl_der" -out "$WORK/crl.pem"
at=$(date -u -d 2026-04-01T13:00:00Z +%s)
check() {  # NAME AT -> openssl's verdict
  openssl verify -attime "$2" -crl_check -CRLfile "$WORK/crl.pem" -CAfile "$CA/ca/sign.pem" "$WORK/$1.pem" 2>&1 || true
}
for reason in "${reasons[@]}" hold; do
  expect_contains "$(check "$reason" "$at")" "error 23 at 0 depth lookup: certificate revoked" "verify -crl_check: $reason"
done
expect_eq "$(check released "$at")" "$WORK/released.pem: OK" "verify -crl_check: released"
expect_eq "$(check good "$at")" "$WORK/good.pem: OK" "verify -crl_check: good"
after=$(date -u -d 2026-04-02T12:00:01Z +%s)
expect_contains "$(check good "$after")" "error 12 at 0 depth lookup: CRL has expired" "CRL past nextUpdate"
python3 - "$crl_der" "$WORK/bad.crl" <<'PY'
import sys
der = bytearray(open(sys.argv[1], "rb").read()); der[-1] ^= 1; open(sys.argv[2], "wb").write(der)
PY
openssl crl -inform DER -in "$WORK/bad.crl" -out "$WORK/crl.pem"
expect_contains "$(check good "$at")" "CRL signature failure" "tampered CRL"

# OCSP for the same certificates.
# The binary itself in the background (not the mynaca function's subshell), so that the
# cleanup's kill reaches it.
"$MYNACA" --dir "$CA" --now 2026-04-01T13:00:00Z ocsp serve --port 0 > "$WORK/serve.out" &
BACKGROUND+=($!)
for _ in $(seq 1 200); do grep -q listening "$WORK/serve.out" 2>/dev/null && break; sleep 0.05; done
url=$(grep -o 'http://[^ ]*' "$WORK/serve.out") || fail "the responder did not start: $(cat "$WORK/serve.out")"
# The responder answers at the pinned time; the client checks the chain at that time and
# accepts its thisUpdate/nextUpdate whatever this machine's clock says (freshness has its own
# test, ocsp_test.sh).
ocsp() {  # NAME -> openssl ocsp's report
  openssl ocsp -issuer "$CA/ca/sign-g01.pem" -cert "$WORK/$1.pem" -url "$url" \
    -CAfile "$CA/ca/sign.pem" -attime "$at" -validity_period 315360000 \
    -status_age 315360000 -resp_text 2>&1 || true
}
# The reason code as `openssl ocsp -resp_text` prints it ("Revocation Reason: <name> (0x<n>)";
# OpenSSL 3.0 has no names for 9 and 10).
declare -A OCSP_REASON=([lost]="keyCompromise (0x1)" [ca-compromise]="cACompromise (0x2)"
  [address-changed]="affiliationChanged (0x3)" [renewed]="superseded (0x4)"
  [deceased]="cessationOfOperation (0x5)" [privilege-withdrawn]="(UNKNOWN) (0x9)"
  [aa-compromise]="(UNKNOWN) (0xa)" [hold]="certificateHold (0x6)")
for reason in "${reasons[@]}" hold; do
  report=$(ocsp "$reason")
  expect_contains "$report" "Response verify OK" "ocsp $reason: signature"
  expect_contains "$report" "$WORK/$reason.pem: revoked" "ocsp $reason: status"
  if [ -n "${OCSP_REASON[$reason]:-}" ]; then
    expect_contains "$report" "Revocation Reason: ${OCSP_REASON[$reason]}" "ocsp $reason: reason"
  else
    expect_not_contains "$report" "Revocation Reason:" "ocsp unspecified: no reason"
  fi
done
expect_contains "$(ocsp released)" "$WORK/released.pem: good" "ocsp released"
expect_contains "$(ocsp good)" "$WORK/good.pem: good" "ocsp good"
echo "PASS"
