# A login for the attribute scopes on two mynaportal instances behind one PostgreSQL serving one
# public origin (two_instances.sh), each step through the other instance than the one before:
# the login page and its code shown by A; `mynatool login --code ... --sign-password-env`
# completed through B (which reads A's wish and keeps what the card proved); the consent screen
# shown by A (taking B's capture); answered at B; the code exchanged at A: the ID token and
# userinfo carry the four attributes exactly as the card has them, and the database keeps none
# of them afterwards. A consent id is single use across both, also when both are answered at
# the same moment (one redirect, one CONSENT_UNKNOWN).
# Usage: bash oidc_attributes_postgres_test.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/two_instances.sh"
start_two_instances --verbose
. "$(dirname "$0")/oidc_attribute_steps.sh"
"$MYNAPORTAL" client add --db "$DB_URL" --id rp1 --redirect-uri https://rp.example/cb --secret-env RP_SECRET > /dev/null
card_attributes
served() {  # LOG REQUEST: how many times that instance answered it ("METHOD PATH -> STATUS")
  grep -c -- "$2" "$1" || true
}
rows() {  # the attribute logins and consent screens in the database
  sql 'SELECT (SELECT count(*) FROM oidc_attribute_logins) + (SELECT count(*) FROM oidc_consents)'
}
LOG_A=$WORK/portal-err.log LOG_B=$WORK/portal-b-err.log

# 1. The login page at A, its code completed through B.
via "$PORT_A"
open_login_page
[ "$(field "$START" attributes)" = '["name", "address", "birthdate", "gender"]' ] && [ "$(field "$START" client)" = rp1 ] ||
  fail "A's login page is not told: $START"
[ "$(sql 'SELECT count(*) FROM oidc_attribute_logins WHERE wish IS NOT NULL')" = 1 ] || fail "the wish is not in the database"
via "$PORT_B"
login_with_card "$(field "$START" code)"
[ "$(served "$LOG_B" 'POST /api/login -> 200')" = 1 ] && [ "$(served "$LOG_A" 'POST /api/login ')" = 0 ] ||
  fail "the card's login was not B's"
[ "$(sql 'SELECT count(*) FROM oidc_attribute_logins WHERE captured IS NOT NULL AND wish IS NULL')" = 1 ] ||
  fail "B's capture is not in the database"

# 2. The consent screen shown by A, answered at B; the same id again at both: refused.
via "$PORT_A"
fetch_consent_page
check_consent_page "A's consent"
[ "$(sql 'SELECT count(*) FROM oidc_attribute_logins')" = 0 ] && [ "$(sql 'SELECT count(*) FROM oidc_consents')" = 1 ] ||
  fail "the capture was not taken into a consent screen: $(rows) rows"
via "$PORT_B"
answer=$(answer_consent allow)
[ "$(tail -n1 <<< "$answer")" = 200 ] || fail "A's consent answered at B: $answer"
[ "$(served "$LOG_B" 'POST /oidc/consent -> 200')" = 1 ] && [ "$(served "$LOG_A" 'POST /oidc/consent ')" = 0 ] ||
  fail "the consent was not answered by B"
location=$(field "$(head -n -1 <<< "$answer")" redirect)
[ "${location%%\?*}" = https://rp.example/cb ] && [ "$(param "$location" state)" = st-a ] &&
  [ "$(param "$location" iss)" = "$PUBLIC" ] || fail "consent redirect: $location"
code=$(param "$location" code)
[ "$(rows)" = 0 ] || fail "the holder's attributes are still in the attribute tables: $(rows) rows"
for port in "$PORT_A" "$PORT_B"; do
  via "$port"
  answer=$(answer_consent allow)
  [ "$answer" = '{"error":"CONSENT_UNKNOWN","message":"This consent screen expired or was answered already: go back to the service and start again."}'$'\n400' ] ||
    fail "the consent again at $port: $answer"
done

# 3. B's code exchanged at A; userinfo at B: the card's attributes, exactly.
via "$PORT_A"
token=$(exchange_code "$code")
id_token=$(field "$token" id_token)
[ "$id_token" != null ] || fail "B's code at A: $token"
[ "$(served "$LOG_A" 'POST /oidc/token -> 200')" = 1 ] || fail "the exchange was not A's"
payload=$(jwt_payload "$id_token")
check_claims "$payload" "ID token"
[ "$(field "$payload" nonce)" = n-a ] && [ "$(field "$payload" aud)" = rp1 ] && [ "$(field "$payload" iss)" = "$PUBLIC" ] ||
  fail "ID token: $payload"
via "$PORT_B"
info=$(https -H "Authorization: Bearer $(field "$token" access_token)" "$ORIGIN/oidc/userinfo")
check_claims "$info" "userinfo at B"
[ "$(field "$info" sub)" = "$(field "$payload" sub)" ] || fail "userinfo sub: $info"

# 4. The login page at B, completed through A, the consent screen shown by B, then answered at A
# and at B at the same moment: one of them gets the code.
via "$PORT_B"
open_login_page
via "$PORT_A"
login_with_card "$(field "$START" code)"
via "$PORT_B"
fetch_consent_page
# Both answers at once, each straight to its instance (curl --connect-to, the URL and the
# Origin still the public origin's), not through the switch, which routes one connection at a time.
answer_at() {  # PORT: the body, then the status
  https --connect-to "::127.0.0.1:$1" -b "$JAR" -X POST -H "Origin: $ORIGIN" -H 'Content-Type: application/json' \
    -d "{\"consent\":\"$CONSENT\",\"decision\":\"allow\"}" -w '\n%{http_code}' "$ORIGIN/oidc/consent"
}
answer_at "$PORT_A" > "$WORK/race-a" &
racer_a=$!
answer_at "$PORT_B" > "$WORK/race-b" &
racer_b=$!
wait "$racer_a" "$racer_b"
statuses=$(for f in "$WORK/race-a" "$WORK/race-b"; do tail -n1 "$f"; echo; done | sort | tr '\n' ' ')
[ "$statuses" = "200 400 " ] || fail "racing answers: A: $(cat "$WORK/race-a"); B: $(cat "$WORK/race-b")"
winner=$(grep -l '"redirect"' "$WORK/race-a" "$WORK/race-b")
loser=$(grep -L '"redirect"' "$WORK/race-a" "$WORK/race-b")
expect_contains "$(cat "$loser")" '"error":"CONSENT_UNKNOWN"' "the racing answer that lost"
code=$(param "$(field "$(head -n 1 "$winner")" redirect)" code)
token=$(exchange_code "$code")
check_claims "$(jwt_payload "$(field "$token" id_token)")" "the racing winner's ID token"
[ "$(rows)" = 0 ] || fail "attribute rows left: $(rows)"
echo "portal oidc_attributes_postgres: ok"
