# The steps of a login for the attribute scopes (docs/oidc.md), driven as a browser and a relying
# party would with curl, and as the holder with mynatool and the simulated card. Sourced by
# oidc_attributes_test.sh and oidc_attributes_postgres_test.sh once the portal is up (ORIGIN,
# TLS_CA); the browser's cookies are in JAR, the client is rp1 (RP_SECRET, redirect URI
# https://rp.example/cb) asking for all four attributes.
#   open_login_page           authorize -> the login page -> POST /login/start: NEXT, START
#   login_with_card CODE      mynatool login --code with the PIN and the signature password
#   fetch_consent_page        the browser's poll, then back to NEXT: the page's CONSENT id
#   check_consent_page WHAT   the page names rp1 and shows the card's four attributes
#   answer_consent DECISION [JAR] [ORIGIN HEADER]   the page's POST: the body, then the status
#   exchange_code CODE        the client's POST /oidc/token: its JSON
#   check_claims JSON WHAT    the four attributes in JSON exactly as the card has them
# (CARD_* from lib.sh's card_attributes, which the caller runs first.)
JAR=$WORK/jar
export RP_SECRET=rp-secret-0123456789abcdefghijklmnopqrstu
# https, field and param: lib.sh's.
VERIFIER=$(openssl rand -hex 40)
CHALLENGE=$(printf %s "$VERIFIER" | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '=\n')
SCOPE='openid%20name%20address%20birthdate%20gender'
QUERY="response_type=code&client_id=rp1&redirect_uri=https%3A%2F%2Frp.example%2Fcb&scope=$SCOPE&state=st-a&nonce=n-a&code_challenge=$CHALLENGE&code_challenge_method=S256"

# authorize -> the login page -> its code, as the page's script asks for it (with `next`).
open_login_page() {
  local status location
  read -r status location <<< "$(https -b "$JAR" -c "$JAR" -o /dev/null -w '%{http_code} %{redirect_url}' "$ORIGIN/oidc/auth?$QUERY")"
  [ "$status" = 303 ] || fail "authorize: HTTP $status"
  expect_contains "$location" "$ORIGIN/login?next=" "to the login page"
  NEXT=$(param "$location" next)
  START=$(https -b "$JAR" -c "$JAR" -X POST -H "Origin: $ORIGIN" -H 'Content-Type: application/json' \
    -d "$(python3 -c 'import json,sys; print(json.dumps({"next": sys.argv[1]}))' "$NEXT")" "$ORIGIN/login/start")
}
login_with_card() {  # CODE
  local out
  out=$(tool login "$ORIGIN" --cacert "$TLS_CA" --code "$1" --pin-env TEST_PIN --sign-password-env TEST_PASSWORD 2>&1) ||
    fail "mynatool login: $out"
  expect_contains "$out" "rp1 asks for the holder's name, address, birthdate, gender: reading the signature certificate" "mynatool says why"
}
# The browser's poll, back to the request: the consent page.
fetch_consent_page() {
  expect_contains "$(https -b "$JAR" -c "$JAR" "$ORIGIN/login/status")" '"state":"done"' "login done"
  https -b "$JAR" -c "$JAR" -o "$WORK/consent.html" -w '%{http_code}' "$ORIGIN$NEXT" > "$WORK/consent.status"
  [ "$(cat "$WORK/consent.status")" = 200 ] || fail "consent page: HTTP $(cat "$WORK/consent.status")"
  CONSENT=$(sed -n 's/.*data-consent="\([^"]*\)".*/\1/p' "$WORK/consent.html")
  [ ${#CONSENT} = 43 ] || fail "no consent id in $(cat "$WORK/consent.html")"
}
check_consent_page() {  # WHAT
  local page row
  page=$(cat "$WORK/consent.html")
  expect_contains "$page" '<strong id="client">rp1</strong>' "$1 names the client"
  for row in "name (氏名)</td><td>$CARD_NAME" "address (住所)</td><td>$CARD_ADDRESS" \
    "birth date (生年月日)</td><td>$CARD_BIRTHDATE" "gender (性別)</td><td>$CARD_GENDER"; do
    expect_contains "$page" "$row" "$1 shows $row"
  done
}
answer_consent() {  # DECISION [JAR] [ORIGIN HEADER]: prints the body, then the status
  https -b "${2:-$JAR}" -X POST -H "Origin: ${3:-$ORIGIN}" -H 'Content-Type: application/json' \
    -d "{\"consent\":\"$CONSENT\",\"decision\":\"$1\"}" -w '\n%{http_code}' "$ORIGIN/oidc/consent"
}
exchange_code() {  # CODE
  https -u "rp1:$RP_SECRET" --data-urlencode grant_type=authorization_code --data-urlencode "code=$1" \
    --data-urlencode redirect_uri=https://rp.example/cb --data-urlencode "code_verifier=$VERIFIER" "$ORIGIN/oidc/token"
}
jwt_payload() {  # JWT
  python3 -c 'import base64,sys; p=sys.argv[1].split(".")[1]; print(base64.urlsafe_b64decode(p+"="*(-len(p)%4)).decode())' "$1"
}
check_claims() {  # JSON WHAT
  [ "$(field "$1" name)" = "$CARD_NAME" ] || fail "$2 name: $1"
  [ "$(field "$1" address formatted)" = "$CARD_ADDRESS" ] || fail "$2 address: $1"
  [ "$(field "$1" birthdate)" = "$CARD_BIRTHDATE" ] || fail "$2 birthdate: $1"
  [ "$(field "$1" gender)" = "$CARD_GENDER" ] || fail "$2 gender: $1"
  [ "$(field "$1" address)" = "{\"formatted\": \"$CARD_ADDRESS\"}" ] || fail "$2 address shape: $1"
}
