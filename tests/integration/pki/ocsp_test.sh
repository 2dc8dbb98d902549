# `openssl ocsp` against `mynaca ocsp serve` on the machine's real clock: nonce, responder
# certificate, thisUpdate/nextUpdate and freshness, unknown and unauthorized requests.
source "$(dirname "$0")/lib.sh"
live() {
  "$MYNACA" --dir "$CA" "$@"
}
live init > /dev/null
out=$(live --json issue --name "個人番号　太郎" --address "大阪府大阪市北区中之島１丁目" \
  --birth 1990-04-01 --sex 1 --out "$WORK/card.img" --pin-env TEST_PIN \
  --sign-password-env TEST_PASSWORD)
sign=$(json_field "$out" 'd["sign_serial"]')
auth=$(json_field "$out" 'd["auth_serial"]')
live show --serial "$sign" --pem > "$WORK/sign.pem"
live show --serial "$auth" --pem > "$WORK/auth.pem"

start_responder() {  # NAME [options] -> sets URL
  local name=$1
  shift
  "$MYNACA" --dir "$CA" "$@" ocsp serve --port 0 --validity 30 > "$WORK/$name.out" &
  BACKGROUND+=($!)
  for _ in $(seq 1 200); do grep -q listening "$WORK/$name.out" 2>/dev/null && break; sleep 0.05; done
  URL=$(grep -o 'http://[^ ]*' "$WORK/$name.out") || fail "responder $name did not start"
}
start_responder live
ocsp() {  # openssl ocsp's report for the given options
  openssl ocsp -url "$URL" -resp_text "$@" 2>&1 || true
}
SIGN=(-issuer "$CA/ca/sign-g01.pem" -CAfile "$CA/ca/sign.pem")

report=$(ocsp "${SIGN[@]}" -cert "$WORK/sign.pem")
expect_contains "$report" "Response verify OK" "good: signature and responder"
expect_contains "$report" "$WORK/sign.pem: good" "good: status"
expect_contains "$report" "OCSP Nonce:" "nonce echoed"
expect_not_contains "$report" "WARNING" "no warning (nonce matches, times valid)"
expect_contains "$report" "Responder Id: C = JP, O = JPKI, OU = JPKI for digital signature, OU = Japan Agency for Local Authority Information Systems, CN = OCSP Responder G01" "delegated responder"
expect_contains "$report" "OCSP Signing" "responder certificate carried, id-kp-OCSPSigning"
this=$(grep -m1 "This Update:" <<< "$report" | sed 's/.*This Update: //')
next=$(grep -m1 "Next Update:" <<< "$report" | sed 's/.*Next Update: //')
expect_eq "$(( $(date -u -d "$next" +%s) - $(date -u -d "$this" +%s) ))" "1800" "nextUpdate = thisUpdate + 30 min"
now=$(date -u +%s)
delta=$(( now - $(date -u -d "$this" +%s) ))
[ "$delta" -ge -5 ] && [ "$delta" -le 60 ] || fail "thisUpdate is not now: $this"

expect_not_contains "$(ocsp "${SIGN[@]}" -cert "$WORK/sign.pem" -no_nonce)" "OCSP Nonce:" "no nonce asked, none sent"
expect_contains "$(ocsp "${SIGN[@]}" -sha256 -cert "$WORK/sign.pem")" "$WORK/sign.pem: good" "SHA-256 CertID"
expect_contains "$(ocsp -issuer "$CA/ca/auth-g01.pem" -CAfile "$CA/ca/auth.pem" -cert "$WORK/auth.pem")" "$WORK/auth.pem: good" "auth hierarchy"
expect_contains "$(ocsp "${SIGN[@]}" -serial 99999)" "99999: unknown" "a serial never issued"
expect_contains "$(ocsp "${SIGN[@]}" -serial "$auth")" "$auth: unknown" "another CA's serial"
# Trusting the other hierarchy only, the responder is not authorised.
expect_contains "$(ocsp -issuer "$CA/ca/sign-g01.pem" -CAfile "$CA/ca/auth.pem" -cert "$WORK/sign.pem")" "Response Verify Failure" "responder of an untrusted CA"

# A CA this authority does not run.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/other.key" -out "$WORK/other.pem" \
  -subj "/CN=Other CA" -days 30 2> /dev/null
expect_contains "$(ocsp -issuer "$WORK/other.pem" -CAfile "$WORK/other.pem" -serial 5)" "Responder Error: unauthorized (6)" "foreign issuer"

# Revocation reaches the running responder (same database).
live revoke --serial "$sign" --reason lost > /dev/null
report=$(ocsp "${SIGN[@]}" -cert "$WORK/sign.pem")
expect_contains "$report" "$WORK/sign.pem: revoked" "revoked while serving"
expect_contains "$report" "Reason: keyCompromise" "revoked while serving: reason"

# Stale: a responder whose clock is two hours behind signs responses whose nextUpdate has passed.
start_responder stale --now "@$((now - 7200))"
report=$(ocsp -issuer "$CA/ca/auth-g01.pem" -CAfile "$CA/ca/auth.pem" -cert "$WORK/auth.pem")
expect_contains "$report" "WARNING: Status times invalid." "stale response"
expect_contains "$report" "status expired" "stale response: nextUpdate passed"

# mynaca verify (pki/verify) over HTTP against the same responders.
rp() {  # exit status and findings of `mynaca verify`
  local rc=0 out
  out=$(live --json verify "$@" 2>/dev/null) || rc=$?
  echo "$rc $(json_field "$out" '",".join(f["status"] + ("" if f["fatal"] else "(warn)") for f in d["findings"])')"
}
expect_eq "$(rp --cert "$WORK/auth.pem" --purpose login --ocsp --ocsp-url "$URL")" "1 ocsp-stale" "verify: stale responder, hard-fail"
expect_eq "$(rp --cert "$WORK/auth.pem" --purpose login --ocsp --ocsp-url "$URL" --soft-fail)" "0 ocsp-stale(warn)" "verify: stale responder, soft-fail"
live_url=$(grep -o 'http://[^ ]*' "$WORK/live.out")
expect_eq "$(rp --cert "$WORK/auth.pem" --purpose login --ocsp --ocsp-url "$live_url")" "0 " "verify: login with the auth certificate"
expect_eq "$(rp --cert "$WORK/sign.pem" --purpose sign --ocsp --ocsp-url "$live_url")" "1 revoked" "verify: revoked signature certificate"
expect_eq "$(rp --cert "$WORK/sign.pem" --purpose login)" "1 wrong-purpose" "verify: signature certificate for login"
expect_eq "$(rp --cert "$WORK/auth.pem" --purpose login --ocsp --ocsp-url http://127.0.0.1:9/ocsp)" "1 ocsp-unavailable" "verify: no responder, hard-fail"
expect_eq "$(rp --cert "$WORK/auth.pem" --purpose login --ocsp --ocsp-url http://127.0.0.1:9/ocsp --soft-fail)" "0 ocsp-unavailable(warn)" "verify: no responder, soft-fail"
echo "PASS"
