# The attribute scopes of mynaportal's OpenID Connect provider (docs/oidc.md), end to end with
# curl, mynatool and a simulated card in a private pcscd: a client asks for `name address
# birthdate gender`; the login page says so; mynatool verifies the signature password, sends the
# signature certificate and the signature key's signature with the login; the portal shows a
# consent screen naming the client and each attribute; allowed, the ID token and userinfo carry
# the four attributes exactly as the card's signature certificate has them (read separately with
# mynatool cert and openssl); declined, the client gets access_denied. A wrong signature password
# fails the login with its own error and spends exactly one try. The access records name the
# attributes the client got.
# Usage: bash oidc_attributes_test.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL
. "$(dirname "$0")/lib.sh"
start_world
JAR=$WORK/jar
https() { curl -sS --cacert "$TLS_CA" "$@"; }
field() {  # JSON PATH...: the value at PATH (a string as is, anything else as JSON)
  python3 -c 'import json,sys
v=json.loads(sys.argv[1])
for k in sys.argv[2:]: v=v.get(k) if isinstance(v,dict) else None
print(v if isinstance(v,str) else json.dumps(v,ensure_ascii=False))' "$@"
}
param() {  # URL NAME: a query parameter, decoded
  python3 -c 'import sys,urllib.parse as u; print(u.parse_qs(u.urlsplit(sys.argv[1]).query).get(sys.argv[2],[""])[0])' "$1" "$2"
}
export RP_SECRET=rp-secret-0123456789abcdefghijklmnopqrstu WRONG_PASSWORD=WRONGPASS9
"$MYNAPORTAL" client add --data "$WORK/portal" --id rp1 --redirect-uri https://rp.example/cb --secret-env RP_SECRET > /dev/null

disc=$(https "$ORIGIN/.well-known/openid-configuration")
[ "$(field "$disc" scopes_supported)" = '["openid", "name", "address", "birthdate", "gender"]' ] ||
  fail "scopes_supported: $disc"
expect_contains "$disc" '"name","address","birthdate","gender"]' "claims_supported"

VERIFIER=$(openssl rand -hex 40)
CHALLENGE=$(printf %s "$VERIFIER" | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '=\n')
SCOPE='openid%20name%20address%20birthdate%20gender'
QUERY="response_type=code&client_id=rp1&redirect_uri=https%3A%2F%2Frp.example%2Fcb&scope=$SCOPE&state=st-a&nonce=n-a&code_challenge=$CHALLENGE&code_challenge_method=S256"

# The attributes as the card's signature certificate has them (lib.sh, with openssl).
card_attributes
sign_tries() { field "$(tool pin status --json)" sign tries_left; }
[ "$(sign_tries)" = 5 ] || fail "signature password tries before: $(sign_tries)"

# authorize -> the login page -> its code, as the page's script asks for it (with `next`).
# Prints the code; START holds the page's answer.
open_login_page() {
  local status location next
  read -r status location <<< "$(https -b "$JAR" -c "$JAR" -o /dev/null -w '%{http_code} %{redirect_url}' "$ORIGIN/oidc/auth?$QUERY")"
  [ "$status" = 303 ] || fail "authorize: HTTP $status"
  expect_contains "$location" "$ORIGIN/login?next=" "to the login page"
  NEXT=$(param "$location" next)
  START=$(https -b "$JAR" -c "$JAR" -X POST -H "Origin: $ORIGIN" -H 'Content-Type: application/json' \
    -d "$(python3 -c 'import json,sys; print(json.dumps({"next": sys.argv[1]}))' "$NEXT")" "$ORIGIN/login/start")
}
# The login completed with the card, the browser's poll, back to the request: the consent page.
consent_page() {  # CODE
  local out
  out=$(tool login "$ORIGIN" --cacert "$TLS_CA" --code "$1" --pin-env TEST_PIN --sign-password-env TEST_PASSWORD 2>&1) ||
    fail "mynatool login: $out"
  expect_contains "$out" "rp1 asks for the holder's name, address, birthdate, gender: reading the signature certificate" "mynatool says why"
  expect_contains "$(https -b "$JAR" -c "$JAR" "$ORIGIN/login/status")" '"state":"done"' "login done"
  https -b "$JAR" -c "$JAR" -o "$WORK/consent.html" -w '%{http_code}' "$ORIGIN$NEXT" > "$WORK/consent.status"
  [ "$(cat "$WORK/consent.status")" = 200 ] || fail "consent page: HTTP $(cat "$WORK/consent.status")"
  CONSENT=$(sed -n 's/.*data-consent="\([^"]*\)".*/\1/p' "$WORK/consent.html")
  [ ${#CONSENT} = 43 ] || fail "no consent id in $(cat "$WORK/consent.html")"
}
answer_consent() {  # DECISION [JAR] [ORIGIN HEADER]: prints the body, then the status
  https -b "${2:-$JAR}" -X POST -H "Origin: ${3:-$ORIGIN}" -H 'Content-Type: application/json' \
    -d "{\"consent\":\"$CONSENT\",\"decision\":\"$1\"}" -w '\n%{http_code}' "$ORIGIN/oidc/consent"
}

# 1. Allowed.
open_login_page
[ "$(field "$START" attributes)" = '["name", "address", "birthdate", "gender"]' ] && [ "$(field "$START" client)" = rp1 ] ||
  fail "the login page is not told: $START"
consent_page "$(field "$START" code)"
page=$(cat "$WORK/consent.html")
expect_contains "$page" '<strong id="client">rp1</strong>' "consent names the client"
for row in "name (氏名)</td><td>$CARD_NAME" "address (住所)</td><td>$CARD_ADDRESS" \
  "birth date (生年月日)</td><td>$CARD_BIRTHDATE" "gender (性別)</td><td>$CARD_GENDER"; do
  expect_contains "$page" "$row" "consent shows $row"
done
expect_contains "$(curl -sS --cacert "$TLS_CA" -o /dev/null -D - "$ORIGIN/static/consent.js")" "text/javascript" "consent.js served"
# Not from the portal's page, or not the browser it was shown to: refused, nothing spent.
answer=$(answer_consent allow "$JAR" https://evil.example)
expect_contains "$answer" '"error":"ORIGIN_REFUSED"' "consent from another origin"
answer=$(answer_consent allow /dev/null)
expect_contains "$answer" '"error":"CONSENT_UNKNOWN"' "consent without the session"
# ... which burnt nothing: the id was never found for a session-less request.
answer=$(answer_consent allow)
[ "$(tail -n1 <<< "$answer")" = 200 ] || fail "consent: $answer"
location=$(field "$(head -n -1 <<< "$answer")" redirect)
[ "$(param "$location" state)" = st-a ] && [ "$(param "$location" iss)" = "$ORIGIN" ] || fail "consent redirect: $location"
code=$(param "$location" code)
[ -n "$code" ] && [ "${location%%\?*}" = https://rp.example/cb ] || fail "no code: $location"
answer=$(answer_consent allow)
expect_contains "$answer" '"error":"CONSENT_UNKNOWN"' "a consent answers once"

token=$(https -u "rp1:$RP_SECRET" --data-urlencode grant_type=authorization_code --data-urlencode "code=$code" \
  --data-urlencode redirect_uri=https://rp.example/cb --data-urlencode "code_verifier=$VERIFIER" "$ORIGIN/oidc/token")
id_token=$(field "$token" id_token)
[ "$id_token" != null ] || fail "token: $token"
payload=$(python3 -c 'import base64,sys; p=sys.argv[1].split(".")[1]; print(base64.urlsafe_b64decode(p+"="*(-len(p)%4)).decode())' "$id_token")
check_claims() {  # JSON WHAT
  [ "$(field "$1" name)" = "$CARD_NAME" ] || fail "$2 name: $1"
  [ "$(field "$1" address formatted)" = "$CARD_ADDRESS" ] || fail "$2 address: $1"
  [ "$(field "$1" birthdate)" = "$CARD_BIRTHDATE" ] || fail "$2 birthdate: $1"
  [ "$(field "$1" gender)" = "$CARD_GENDER" ] || fail "$2 gender: $1"
  [ "$(field "$1" address)" = "{\"formatted\": \"$CARD_ADDRESS\"}" ] || fail "$2 address shape: $1"
}
check_claims "$payload" "ID token"
[ "$(field "$payload" nonce)" = n-a ] && [ "$(field "$payload" aud)" = rp1 ] || fail "ID token: $payload"
access=$(field "$token" access_token)
info=$(https -H "Authorization: Bearer $access" "$ORIGIN/oidc/userinfo")
check_claims "$info" userinfo
[ "$(field "$info" sub)" = "$(field "$payload" sub)" ] || fail "userinfo sub: $info"
records=$(https -b "$JAR" "$ORIGIN/api/mypage")
expect_contains "$records" '"detail":"the holder consented to give name, address, birthdate, gender","purpose":"consent","service":"rp1"' "consent record"
expect_contains "$records" "with the holder's name, address, birthdate, gender\",\"purpose\":\"token\",\"service\":\"rp1\"" "token record"
expect_contains "$records" '"detail":"the client read the holder'"'"'s identifier (sub) and name, address, birthdate, gender","purpose":"userinfo"' "userinfo record"

# 2. Logged in already, the same request again: the attributes are read at a login for it, so
# the browser goes to the login page rather than get a code (no consent screen without the card).
read -r status location <<< "$(https -b "$JAR" -c "$JAR" -o /dev/null -w '%{http_code} %{redirect_url}' "$ORIGIN/oidc/auth?$QUERY")"
[ "$status" = 303 ] && [[ "$location" == "$ORIGIN/login?next="* ]] || fail "a session without attributes: $status $location"
read -r status location <<< "$(https -b "$JAR" -c "$JAR" -o /dev/null -w '%{http_code} %{redirect_url}' "$ORIGIN/oidc/auth?$QUERY&prompt=none")"
[ "$(param "$location" error)" = login_required ] || fail "prompt=none with attributes: $location"

# 3. Declined: access_denied to the client, with its state, and recorded.
open_login_page
consent_page "$(field "$START" code)"
answer=$(answer_consent deny)
location=$(field "$(head -n -1 <<< "$answer")" redirect)
[ "$(param "$location" error)" = access_denied ] && [ "$(param "$location" state)" = st-a ] &&
  [ "$(param "$location" error_description)" = "the holder declined to give name, address, birthdate, gender" ] &&
  [ -z "$(param "$location" code)" ] || fail "declined: $location"
expect_contains "$(https -b "$JAR" "$ORIGIN/api/mypage")" '"detail":"the holder declined to give name, address, birthdate, gender","purpose":"consent declined","service":"rp1"' "decline record"

# 4. A wrong signature password: mynatool says so with the tries left, the page shows why, and
# exactly one try is spent (the right password then restores the counter).
open_login_page
set +e
out=$(tool login "$ORIGIN" --cacert "$TLS_CA" --code "$(field "$START" code)" --pin-env TEST_PIN --sign-password-env WRONG_PASSWORD 2>&1); rc=$?
set -e
[ $rc = 1 ] || fail "wrong signature password: exit $rc: $out"
expect_contains "$out" "wrong signature password (6-16 characters, A-Z 0-9): 4 tries left" "wrong password message"
[ "$(sign_tries)" = 4 ] || fail "tries after one wrong password: $(sign_tries)"
status_body=$(https -b "$JAR" -c "$JAR" "$ORIGIN/login/status")
[ "$(field "$status_body" error)" = SIGN_PASSWORD_WRONG ] && [ "$(field "$status_body" message)" = "A wrong signature password was entered." ] ||
  fail "the page after a wrong password: $status_body"
consent_page "$(field "$START" code)"
[ "$(sign_tries)" = 5 ] || fail "tries after the right password: $(sign_tries)"

# 5. Without the attribute scopes nothing changes: no attributes asked, no signature password.
open_plain() {
  https -b "$JAR" -c "$JAR" -X POST -H "Origin: $ORIGIN" -H 'Content-Type: application/json' -d '{"next":"/oidc/auth?client_id=rp1"}' "$ORIGIN/login/start"
}
start=$(open_plain)
[ "$(field "$start" attributes)" = null ] || fail "a next without attribute scopes: $start"
echo "portal oidc attributes: ok"
