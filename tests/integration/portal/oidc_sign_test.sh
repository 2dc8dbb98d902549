# Scope sign of mynaportal's OpenID Connect provider (docs/oidc.md), end to end with curl,
# mynatool, a simulated card in a private pcscd and openssl: a client gets a client_credentials
# token (scope sign), registers the SHA-256 digest of a file, sends the holder to /oidc/auth with
# scope "openid sign" and the sign_transaction_id; mynatool says what it signs and for whom and
# signs it with the signature key at the login; the consent screen names the client, the text
# and the digest; allowed, the client exchanges the code and fetches the signature and the
# certificate, which openssl verifies (PKCS#1 v1.5 over the DigestInfo, the chain to J-LIS's
# signature CA) and which is the card's own signature certificate (mynatool cert). Each refusal
# is asserted exactly: bad registrations, another client's / unknown / used transaction, a fetch
# without or with the wrong token, a declined consent, a wrong signature password, the 101st
# open registration of a client (429), and a registration again once one has expired. In chromium
# (tests/browser/sign_page_test.mjs): the login page's notice of what the card will sign, exactly,
# and markup in the text shown as text; one transaction signed from the browser (consent's Allow
# clicked, the code taken at the redirect URI) and its signature verified as the first's.
# With a fifth argument `postgresql`: the same against two instances behind one private
# PostgreSQL cluster (two_instances.sh), the login and consent through instance A, the
# registrations and the fetch through instance B.
# Usage: bash oidc_sign_test.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL [postgresql]
. "$(dirname "$0")/lib.sh"
require_chromium
BACKEND=${5:-sqlite}
if [ "$BACKEND" = postgresql ]; then
  . "$(dirname "$0")/two_instances.sh"
  start_two_instances
  via "$PORT_A"
  STORE=(--db "$DB_URL")
  through_b() { via "$PORT_B"; "$@"; via "$PORT_A"; }
else
  start_world
  STORE=(--data "$WORK/portal")
  through_b() { "$@"; }
fi
JAR=$WORK/jar
expect_eq() { [ "$1" = "$2" ] || fail "$3: got [$1], want [$2]"; }
export RP_SECRET=rp-secret-0123456789abcdefghijklmnopqrstu RP2_SECRET=rp2-secret-0123456789abcdefghijklmnopqrs WRONG_PASSWORD=WRONGPASS9
for rp in rp1 rp2; do
  secret=RP_SECRET; [ $rp = rp2 ] && secret=RP2_SECRET
  "$MYNAPORTAL" client add "${STORE[@]}" --id $rp --redirect-uri https://rp.example/cb --secret-env $secret > /dev/null
done

disc=$(https "$ORIGIN/.well-known/openid-configuration")
expect_eq "$(field "$disc" scopes_supported)" '["openid", "name", "address", "birthdate", "gender", "sign"]' "scopes_supported"
expect_eq "$(field "$disc" sign_transactions_endpoint)" "$ORIGIN/oidc/sign-transactions" "discovery's sign endpoint"
expect_eq "$(field "$disc" grant_types_supported)" '["authorization_code", "client_credentials"]' "grant types"

# The client's part: a client_credentials token of scope sign (another scope refused).
cc_token() {  # CLIENT SECRET
  field "$(https -u "$1:$2" -d grant_type=client_credentials -d scope=sign "$ORIGIN/oidc/token")" access_token
}
expect_eq "$(https -u "rp1:$RP_SECRET" -d grant_type=client_credentials -d scope=openid "$ORIGIN/oidc/token")" \
  '{"error":"invalid_scope","error_description":"client_credentials grants scope sign only"}' "client_credentials for openid"
expect_eq "$(https -u "rp1:wrong-secret" -d grant_type=client_credentials -d scope=sign -w ' %{http_code}' "$ORIGIN/oidc/token")" \
  '{"error":"invalid_client","error_description":"unknown client or wrong secret"} 401' "client_credentials with a wrong secret"
CC1=$(cc_token rp1 "$RP_SECRET"); CC2=$(cc_token rp2 "$RP2_SECRET")
[ ${#CC1} = 43 ] && [ ${#CC2} = 43 ] || fail "client_credentials tokens: [$CC1] [$CC2]"
expect_eq "$(https -H "Authorization: Bearer $CC1" -w ' %{http_code}' "$ORIGIN/oidc/userinfo")" \
  '{"error":"invalid_token","error_description":"a client_credentials token has no userinfo"} 401' "userinfo with a client_credentials token"

printf 'Contract no. 42: the holder agrees to the terms.\n' > "$WORK/doc.txt"
DIGEST_B64=$(openssl dgst -sha256 -binary "$WORK/doc.txt" | base64)
DIGEST_HEX=$(openssl dgst -sha256 -binary "$WORK/doc.txt" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
register() {  # TOKEN BODY: prints the answer, then the status
  https -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -d "$2" -w '\n%{http_code}' "$ORIGIN/oidc/sign-transactions"
}
new_transaction() {  # TOKEN [TEXT]: prints the id
  local answer
  answer=$(through_b register "$1" "{\"digest\":\"$DIGEST_B64\",\"display_text\":\"${2-Contract no. 42}\"}")
  [ "$(tail -n1 <<< "$answer")" = 201 ] || fail "registration: $answer"
  expect_eq "$(field "$(head -n1 <<< "$answer")" expires_in)" 600 "a transaction's lifetime"
  field "$(head -n1 <<< "$answer")" sign_transaction_id
}
# Registrations refused, each exactly.
expect_eq "$(register "" '{}')" $'{"error":"invalid_token","error_description":"an access token (Authorization: Bearer, client_credentials with scope sign) is required"}\n401' "registration without a token"
expect_eq "$(register "not-a-token" '{}')" $'{"error":"invalid_token","error_description":"the access token is unknown, expired or revoked"}\n401' "registration with an unknown token"
expect_eq "$(register "$CC1" '{"digest":')" $'{"error":"invalid_request","error_description":"the body is not a JSON object"}\n400' "malformed registration"
expect_eq "$(register "$CC1" "{\"digest\":\"$(head -c 31 /dev/zero | base64)\"}")" $'{"error":"invalid_request","error_description":"digest is 31 bytes: a SHA-256 digest is 32 bytes"}\n400' "a 31-byte digest"
expect_eq "$(register "$CC1" "{\"digest\":\"$(head -c 48 /dev/zero | base64)\"}")" $'{"error":"invalid_request","error_description":"digest is 48 bytes: a SHA-256 digest is 32 bytes"}\n400' "a 48-byte digest"
expect_eq "$(register "$CC1" "{\"digest\":\"$DIGEST_B64\",\"hash\":\"x\"}")" $'{"error":"invalid_request","error_description":"unknown field hash (digest or digest_info, and display_text)"}\n400' "an unknown field"
big=$(python3 -c 'print("{\"digest\":\"'"$DIGEST_B64"'\",\"display_text\":\"" + "a"*5000 + "\"}")')
status=$(https -H "Authorization: Bearer $CC1" -H 'Content-Type: application/json' -d "$big" -o /dev/null -w '%{http_code}' "$ORIGIN/oidc/sign-transactions")
expect_eq "$status" 413 "a 5 KB registration"
# The DigestInfo variant names the same digest.
digest_info=$( (printf '\x30\x31\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01\x05\x00\x04\x20'; openssl dgst -sha256 -binary "$WORK/doc.txt") | base64 -w0)
answer=$(register "$CC1" "{\"digest_info\":\"$digest_info\"}")
expect_eq "$(tail -n1 <<< "$answer")" 201 "a DigestInfo registration"

VERIFIER=$(openssl rand -hex 40)
CHALLENGE=$(printf %s "$VERIFIER" | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '=\n')
query() {  # CLIENT SCOPE [TX]
  printf 'response_type=code&client_id=%s&redirect_uri=https%%3A%%2F%%2Frp.example%%2Fcb&scope=%s&state=st-s&nonce=n-s&code_challenge=%s&code_challenge_method=S256%s' \
    "$1" "$2" "$CHALLENGE" "${3:+&sign_transaction_id=$3}"
}
authorize() {  # QUERY: prints "status location"
  https -b "$JAR" -c "$JAR" -o /dev/null -w '%{http_code} %{redirect_url}' "$ORIGIN/oidc/auth?$1"
}
refused() {  # QUERY DESCRIPTION
  local status location
  read -r status location <<< "$(authorize "$1")"
  [ "$status" = 303 ] && [ "${location%%\?*}" = https://rp.example/cb ] &&
    [ "$(param "$location" error)" = invalid_request ] && [ "$(param "$location" state)" = st-s ] &&
    [ "$(param "$location" error_description)" = "$2" ] || fail "refused [$2]: $status $location"
}
TX=$(new_transaction "$CC1")
TX_RP2=$(new_transaction "$CC2")
refused "$(query rp1 openid%20sign)" "scope sign and sign_transaction_id go together"
refused "$(query rp1 openid "$TX")" "scope sign and sign_transaction_id go together"
refused "$(query rp1 openid%20sign 00000000-0000-4000-8000-000000000000)" "sign_transaction_id 00000000-0000-4000-8000-000000000000 is unknown or expired"
refused "$(query rp1 openid%20sign "$TX_RP2")" "sign_transaction_id $TX_RP2 was registered by another client"

# The login page in chromium (tests/browser/sign_page_test.mjs), started now so that the browser
# comes up while the steps below run; step 4 completes its login. Two transactions: one whose text
# holds markup (the page must show it as text), one the browser signs through to the redirect URI.
TEXT_BROWSER="Contract no. 45"
TEXT_INJECTED='Contract no. 46 <img src=x onerror=document.body.dataset.injected=1>'
TX_BROWSER=$(new_transaction "$CC1" "$TEXT_BROWSER")
TX_INJECTED=$(new_transaction "$CC1" "$TEXT_INJECTED")
node "$BROWSER_DIR/sign_page_test.mjs" "$ORIGIN" "$(query rp1 openid%20sign "$TX_INJECTED")" \
  "$(query rp1 openid%20sign "$TX_BROWSER")" > "$WORK/browser.log" 2>&1 &
BROWSER_PID=$!
BACKGROUND+=("$BROWSER_PID")

# authorize -> the login page -> its code (the page's script posts `next`); START: its answer.
open_login_page() {  # TX
  local status location
  read -r status location <<< "$(authorize "$(query rp1 openid%20sign "$1")")"
  [ "$status" = 303 ] || fail "authorize: HTTP $status $location"
  expect_contains "$location" "$ORIGIN/login?next=" "to the login page"
  NEXT=$(param "$location" next)
  START=$(https -b "$JAR" -c "$JAR" -X POST -H "Origin: $ORIGIN" -H 'Content-Type: application/json' \
    -d "$(python3 -c 'import json,sys; print(json.dumps({"next": sys.argv[1]}))' "$NEXT")" "$ORIGIN/login/start")
  expect_eq "$(field "$START" sign)" "{\"digest\": \"$DIGEST_B64\", \"display_text\": \"$TEXT\", \"sign_transaction_id\": \"$1\"}" "the login page's sign request"
}
card_login() {  # LOGIN-CODE TX: mynatool completes the login, signing for TX
  local out
  out=$(tool login "$ORIGIN" --cacert "$TLS_CA" --code "$1" --pin-env TEST_PIN --sign-password-env TEST_PASSWORD 2>&1) ||
    fail "mynatool login: $out"
  expect_contains "$out" "rp1 asks the holder to sign, with the signature key:
  text: $TEXT
  SHA-256: $DIGEST_HEX
  sign transaction: $2" "mynatool says what it signs and for whom"
}
consent_page() {  # LOGIN-CODE TX
  card_login "$1" "$2"
  expect_contains "$(https -b "$JAR" -c "$JAR" "$ORIGIN/login/status")" '"state":"done"' "login done"
  https -b "$JAR" -c "$JAR" -o "$WORK/consent.html" -w '%{http_code}' "$ORIGIN$NEXT" > "$WORK/consent.status"
  expect_eq "$(cat "$WORK/consent.status")" 200 "consent page"
  CONSENT=$(sed -n 's/.*data-consent="\([^"]*\)".*/\1/p' "$WORK/consent.html")
  [ ${#CONSENT} = 43 ] || fail "no consent id in $(cat "$WORK/consent.html")"
}
answer_consent() {  # DECISION: prints the redirect
  field "$(https -b "$JAR" -X POST -H "Origin: $ORIGIN" -H 'Content-Type: application/json' \
    -d "{\"consent\":\"$CONSENT\",\"decision\":\"$1\"}" "$ORIGIN/oidc/consent")" redirect
}
sign_tries() { field "$(tool pin status --json)" sign tries_left; }
result_of() {  # ID [TOKEN]: prints the answer, then the status
  https ${2:+-H "Authorization: Bearer $2"} -w '\n%{http_code}' "$ORIGIN/oidc/sign-transactions/$1/result"
}
# The client's part after an allowed consent: the code at the redirect URI exchanged (ACCESS), then
# TX's result fetched (RESULT), its signature in sig.bin and its certificate in signer.der. (One
# python3 per answer: it is what most of this costs on a busy machine.)
fetch_signed() {  # REDIRECT TX
  local code token scope answer shown
  code=$(param "$1" code)
  [ -n "$code" ] && [ "$(param "$1" state)" = st-s ] || fail "consent: $1"
  token=$(https -u "rp1:$RP_SECRET" --data-urlencode grant_type=authorization_code --data-urlencode "code=$code" \
    --data-urlencode redirect_uri=https://rp.example/cb --data-urlencode "code_verifier=$VERIFIER" "$ORIGIN/oidc/token")
  read -r ACCESS scope <<< "$(python3 -c 'import json,sys; t=json.loads(sys.argv[1]); print(t.get("access_token"), t.get("scope"))' "$token")"
  expect_eq "$scope" "openid sign" "the token's scope"
  answer=$(through_b result_of "$2" "$ACCESS")
  expect_eq "$(tail -n1 <<< "$answer")" 200 "the result"
  RESULT=$(head -n1 <<< "$answer")
  shown=$(python3 -c 'import base64,json,sys
r=json.loads(sys.argv[1])
for name, path in (("signature", sys.argv[2]), ("certificate", sys.argv[3])):
    open(path, "wb").write(base64.b64decode(r.get(name, "")))
print(r.get("sign_transaction_id"), r.get("digest"), r.get("signature_algorithm"), sep="|")' \
    "$RESULT" "$WORK/sig.bin" "$WORK/signer.der") || fail "the result: $RESULT"
  expect_eq "$shown" "$2|$DIGEST_B64|RSASSA-PKCS1-v1_5 SHA-256" "the result's id, digest and algorithm"
}
# PKCS#1 v1.5 over DigestInfo(SHA-256, the file's digest), by openssl with signer.pem's key.
expect_signature_verifies() {
  local out
  out=$(openssl pkeyutl -verify -certin -inkey "$WORK/signer.pem" -pkeyopt digest:sha256 -in "$WORK/doc.sha256" -sigfile "$WORK/sig.bin" 2>&1) ||
    fail "openssl pkeyutl -verify: $out"
  expect_eq "$out" "Signature Verified Successfully" "openssl's verdict"
}

# 1. Signed and allowed.
TEXT="Contract no. 42"
open_login_page "$TX"
consent_page "$(field "$START" code)" "$TX"
page=$(cat "$WORK/consent.html")
expect_contains "$page" '<strong id="sign-client">rp1</strong>' "consent names the client"
expect_contains "$page" '<td id="sign-text">Contract no. 42</td>' "consent shows the text"
expect_contains "$page" "<td id=\"sign-digest\">$DIGEST_HEX</td>" "consent shows the digest"
fetch_signed "$(answer_consent allow)" "$TX"
# The signer is the card's signature certificate, chained to J-LIS's signature CA.
tool cert --type sign --format der --out "$WORK/card-sign.der" --pin-env TEST_PASSWORD > /dev/null
cmp -s "$WORK/signer.der" "$WORK/card-sign.der" || fail "the certificate is not the card's signature certificate"
openssl x509 -inform DER -in "$WORK/signer.der" -out "$WORK/signer.pem"
openssl verify -CAfile "$CA/ca/sign.pem" "$WORK/signer.pem" > /dev/null || fail "the certificate does not chain to the signature CA"
openssl dgst -sha256 -binary "$WORK/doc.txt" > "$WORK/doc.sha256"
expect_signature_verifies
openssl dgst -sha256 -verify <(openssl x509 -in "$WORK/signer.pem" -pubkey -noout) -signature "$WORK/sig.bin" "$WORK/doc.txt" > /dev/null ||
  fail "openssl dgst -verify over the file"
printf 'Contract no. 43' > "$WORK/other.txt"
# The same signature as a detached CMS SignedData, for openssl cms over the file.
field "$RESULT" cms | base64 -d > "$WORK/sig.p7s"
out=$(openssl cms -verify -binary -inform DER -in "$WORK/sig.p7s" -content "$WORK/doc.txt" \
  -CAfile "$CA/ca/sign.pem" -purpose any -out /dev/null 2>&1) || fail "openssl cms -verify: $out"
expect_eq "$out" "CMS Verification successful" "openssl cms's verdict"
openssl cms -cmsout -print -inform DER -in "$WORK/sig.p7s" > "$WORK/sig.txt"
expect_contains "$(cat "$WORK/sig.txt")" "signedAttrs:
        <ABSENT>" "a CMS without signed attributes"
! openssl cms -verify -binary -inform DER -in "$WORK/sig.p7s" -content "$WORK/other.txt" \
  -CAfile "$CA/ca/sign.pem" -purpose any -out /dev/null > /dev/null 2>&1 || fail "the CMS verifies over another file"
# ... and a flipped file is not signed.
! openssl dgst -sha256 -verify <(openssl x509 -in "$WORK/signer.pem" -pubkey -noout) -signature "$WORK/sig.bin" "$WORK/other.txt" > /dev/null 2>&1 ||
  fail "the signature verifies over another file"

# Fetches refused: no token, rp1's client_credentials token, another transaction's id with this
# token, and rp2's token (a plain openid grant: single sign-on gives it a code at once).
expect_eq "$(result_of "$TX")" $'{"error":"invalid_token","error_description":"an access token (Authorization: Bearer) of the grant that signed is required"}\n401' "fetch without a token"
expect_contains "$(https -D - -o /dev/null "$ORIGIN/oidc/sign-transactions/$TX/result")" 'WWW-Authenticate: Bearer realm="mynaportal"'$'\r' "no error named without a token"
expect_contains "$(https -D - -o /dev/null -H 'Authorization: Bearer x' "$ORIGIN/oidc/sign-transactions/$TX/result")" 'WWW-Authenticate: Bearer realm="mynaportal", error="invalid_token"' "an unknown token named"
expect_eq "$(result_of "$TX" "$CC1")" $'{"error":"insufficient_scope","error_description":"this access token was not granted for this sign transaction"}\n403' "fetch with the client_credentials token"
expect_eq "$(result_of "$TX_RP2" "$ACCESS")" $'{"error":"insufficient_scope","error_description":"this access token was not granted for this sign transaction"}\n403' "fetch of another transaction"
read -r status location <<< "$(authorize "$(query rp2 openid)")"
code2=$(param "$location" code)
[ -n "$code2" ] || fail "rp2's SSO code: $status $location"
access2=$(field "$(https -u "rp2:$RP2_SECRET" --data-urlencode grant_type=authorization_code --data-urlencode "code=$code2" \
  --data-urlencode redirect_uri=https://rp.example/cb --data-urlencode "code_verifier=$VERIFIER" "$ORIGIN/oidc/token")" access_token)
expect_eq "$(result_of "$TX" "$access2")" $'{"error":"insufficient_scope","error_description":"this access token was not granted for this sign transaction"}\n403' "fetch by another client"
# A browser logged in already still signs at a card login: no code from single sign-on, and
# prompt=none is login_required.
TX_SSO=$(new_transaction "$CC1")
read -r status location <<< "$(authorize "$(query rp1 openid%20sign "$TX_SSO")")"
[ "$status" = 303 ] && [[ "$location" == "$ORIGIN/login?next="* ]] || fail "sign with a session: $status $location"
read -r status location <<< "$(authorize "$(query rp1 openid%20sign "$TX_SSO")&prompt=none")"
expect_eq "$(param "$location" error)" login_required "sign with prompt=none"
# A used transaction cannot be signed again.
refused "$(query rp1 openid%20sign "$TX")" "sign_transaction_id $TX was already used"
records=$(https -b "$JAR" "$ORIGIN/api/mypage")
expect_contains "$records" "\"detail\":\"the holder consented to sign SHA-256 $DIGEST_HEX (Contract no. 42)\",\"purpose\":\"consent\",\"service\":\"rp1\"" "consent record"
expect_contains "$records" "\"detail\":\"the client fetched the holder's signature over SHA-256 $DIGEST_HEX (Contract no. 42)\",\"purpose\":\"signature\",\"service\":\"rp1\"" "signature record"
expect_contains "$records" '"detail":"the client received an ID token (scope openid sign; acr aal3)","purpose":"token","service":"rp1"' "token record"

# 2. Declined: access_denied, recorded, and the transaction is used.
TEXT="Contract no. 44"
TX_DENY=$(new_transaction "$CC1" "$TEXT")
open_login_page "$TX_DENY"
consent_page "$(field "$START" code)" "$TX_DENY"
location=$(answer_consent deny)
expect_eq "$(param "$location" error)" access_denied "declined"
expect_eq "$(param "$location" error_description)" "the holder declined to sign SHA-256 $DIGEST_HEX ($TEXT)" "declined description"
[ -z "$(param "$location" code)" ] || fail "a code for a declined signature: $location"
expect_contains "$(https -b "$JAR" "$ORIGIN/api/mypage")" "\"detail\":\"the holder declined to sign SHA-256 $DIGEST_HEX ($TEXT)\",\"purpose\":\"consent declined\"" "decline record"
refused "$(query rp1 openid%20sign "$TX_DENY")" "sign_transaction_id $TX_DENY was already used"

# 3. A wrong signature password: the tries left, exactly one spent; the right one then signs.
TEXT=""
TX_PW=$(new_transaction "$CC1" "")
open_login_page "$TX_PW"
[ "$(sign_tries)" = 5 ] || fail "signature password tries before: $(sign_tries)"
set +e
out=$(tool login "$ORIGIN" --cacert "$TLS_CA" --code "$(field "$START" code)" --pin-env TEST_PIN --sign-password-env WRONG_PASSWORD 2>&1); rc=$?
set -e
expect_eq "$rc" 1 "exit status with a wrong signature password"
expect_contains "$out" "wrong signature password (6-16 characters, A-Z 0-9): 4 tries left" "wrong password message"
expect_eq "$(sign_tries)" 4 "tries after one wrong password"
expect_eq "$(field "$(https -b "$JAR" -c "$JAR" "$ORIGIN/login/status")" error)" SIGN_PASSWORD_WRONG "the page after a wrong password"
consent_page "$(field "$START" code)" "$TX_PW"
expect_eq "$(sign_tries)" 5 "tries after the right password"
[ -n "$(param "$(answer_consent allow)" code)" ] || fail "no code after the right password"

# 4. In chromium: the login page's notice names the client, the text and the registered digest,
# and shows markup in the text as text (static/login.js sets textContent); the browser's login
# code, completed by mynatool, leads to the consent screen; Allow sends the browser to the
# redirect URI with a code that gets a signature openssl verifies, by the card's certificate.
wait_for_line "$WORK/browser.log" '^CODE ' 60  # chromium starts slowly on a busy machine
browser_line() { sed -n "s/^$1 //p" "$WORK/browser.log"; }
notice() {  # TEXT: the login page's notice for rp1's transaction of TEXT over doc.txt
  printf '%s' "rp1 asks for your signature with the signature key over \"$1\" (SHA-256 $DIGEST_HEX): mynatool will ask for the signature password. You will be asked to consent before the signature is sent."
}
expect_eq "$(browser_line INJECTED-ASKED)" "$(notice "$TEXT_INJECTED")" "the notice with markup in the text"
expect_eq "$(browser_line INJECTED-MARKUP)" "elements=0 images=0 requests=0 onerror-ran=false" "no element made from the text"
expect_eq "$(browser_line SIGN-ASKED)" "$(notice "$TEXT_BROWSER")" "the login page's notice"
TEXT=$TEXT_BROWSER
card_login "$(browser_line CODE)" "$TX_BROWSER"
wait "$BROWSER_PID" || fail "the browser's side: $(cat "$WORK/browser.log")"
expect_eq "$(browser_line CONSENT-URL)" "the authorization request" "the browser's consent screen"
expect_eq "$(browser_line CONSENT-CLIENT)|$(browser_line CONSENT-TEXT)|$(browser_line CONSENT-DIGEST)" \
  "rp1|$TEXT_BROWSER|$DIGEST_HEX" "the browser's consent screen names the client, the text and the digest"
expect_eq "$(browser_line CONSOLE-ERRORS)" 0 "nothing refused under the CSP, no script error"
signer=$(base64 -w0 < "$WORK/signer.der")  # step 1's, the card's own (cmp with mynatool cert)
fetch_signed "$(browser_line REDIRECT)" "$TX_BROWSER"
expect_eq "$(base64 -w0 < "$WORK/signer.der")" "$signer" "the browser's signer is the card's signature certificate"
expect_signature_verifies

# 5. The per-client bound through HTTP: 100 unexpired transactions, then 429. rp1 has seven (the
# DigestInfo one, TX_SSO and TX_INJECTED; TX, TX_DENY, TX_PW and TX_BROWSER used: a used one keeps
# its result for the fetch until it expires, and counts until then). One curl, one connection,
# for the 93 registrations.
registrations=()
for _ in $(seq 93); do registrations+=(-o /dev/null "$ORIGIN/oidc/sign-transactions"); done
statuses=$(https -H "Authorization: Bearer $CC1" -H 'Content-Type: application/json' \
  -d "{\"digest\":\"$DIGEST_B64\"}" -w '%{http_code}\n' "${registrations[@]}" | sort | uniq -c | tr -s ' ')
expect_eq "$statuses" " 93 201" "rp1's registrations up to the bound"
expect_eq "$(register "$CC1" "{\"digest\":\"$DIGEST_B64\"}")" $'{"error":"too_many_sign_transactions","error_description":"this client has 100 open sign transactions: wait for some to expire"}\n429' "the 101st registration"
expect_eq "$(field "$(head -n1 <<< "$(register "$CC2" "{\"digest\":\"$DIGEST_B64\"}")")" expires_in)" 600 "rp2 beside rp1 at its bound"
# One of rp1's expires (its expiry moved into the past in the store: the server's clock cannot be
# moved, and ten minutes is too long to wait): rp1 registers one more, then is at the bound again.
if [ "$BACKEND" = postgresql ]; then
  expired=$(sql "UPDATE oidc_sign_transactions SET expires_at = created_at WHERE id = '$TX_SSO'")
else
  expired=$(python3 -c 'import sqlite3,sys
db=sqlite3.connect(sys.argv[1], timeout=10)
with db: print("UPDATE", db.execute("UPDATE sign_transactions SET expires_at = created_at WHERE id = ?", (sys.argv[2],)).rowcount)' \
    "$WORK/portal/oidc.db" "$TX_SSO")
fi
expect_eq "$expired" "UPDATE 1" "TX_SSO expired"
expect_eq "$(tail -n1 <<< "$(register "$CC1" "{\"digest\":\"$DIGEST_B64\"}")")" 201 "a registration after one expired"
expect_eq "$(tail -n1 <<< "$(register "$CC1" "{\"digest\":\"$DIGEST_B64\"}")")" 429 "at the bound again"
echo "portal oidc sign ($BACKEND): ok"
