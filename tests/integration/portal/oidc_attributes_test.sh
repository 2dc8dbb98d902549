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
. "$(dirname "$0")/oidc_attribute_steps.sh"
export WRONG_PASSWORD=WRONGPASS9
"$MYNAPORTAL" client add --data "$WORK/portal" --id rp1 --redirect-uri https://rp.example/cb --secret-env RP_SECRET > /dev/null

disc=$(https "$ORIGIN/.well-known/openid-configuration")
[ "$(field "$disc" scopes_supported)" = '["openid", "name", "address", "birthdate", "gender", "sign"]' ] ||
  fail "scopes_supported: $disc"
expect_contains "$disc" '"name","address","birthdate","gender"]' "claims_supported"

# The attributes as the card's signature certificate has them (lib.sh, with openssl).
card_attributes
sign_tries() { field "$(tool pin status --json)" sign tries_left; }
[ "$(sign_tries)" = 5 ] || fail "signature password tries before: $(sign_tries)"

consent_page() {  # CODE: the login completed with the card, then the consent page
  login_with_card "$1"
  fetch_consent_page
}

# 1. Allowed.
open_login_page
[ "$(field "$START" attributes)" = '["name", "address", "birthdate", "gender"]' ] && [ "$(field "$START" client)" = rp1 ] ||
  fail "the login page is not told: $START"
consent_page "$(field "$START" code)"
check_consent_page consent
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

token=$(exchange_code "$code")
id_token=$(field "$token" id_token)
[ "$id_token" != null ] || fail "token: $token"
payload=$(jwt_payload "$id_token")
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
