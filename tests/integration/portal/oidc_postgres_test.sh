# The OpenID Connect provider on two mynaportal instances behind one PostgreSQL serving one
# public origin (two_instances.sh): clients registered once with `client add --db`; a login
# completed through B; an authorization code issued by A is exchanged at B; replayed at A after
# that, it is invalid_grant and the access token B gave stops working at both; userinfo with a
# token from A works at B; a private_key_jwt assertion used at A is refused at B (its jti); both
# serve the same JWKS, before and after `key rotate --db`, and sign with the new key at once.
# Usage: bash oidc_postgres_test.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/two_instances.sh"
start_two_instances --verbose
curl_portal() { curl -sS --cacert "$TLS_CA" "$@"; }
field() {  # JSON KEY: a top-level value (strings raw, the rest as JSON)
  python3 -c 'import json,sys; v=json.loads(sys.argv[1])[sys.argv[2]]; print(v if isinstance(v,str) else json.dumps(v,separators=(",",":")))' "$1" "$2"
}
param_of() {  # URL NAME: a query parameter, decoded
  python3 -c 'import sys,urllib.parse as u; print(u.parse_qs(u.urlsplit(sys.argv[1]).query)[sys.argv[2]][0])' "$1" "$2"
}
kid_of() {  # JWT: its header's kid
  python3 -c 'import base64,json,sys; h=sys.argv[1].split(".")[0]; print(json.loads(base64.urlsafe_b64decode(h+"="*(-len(h)%4)))["kid"])' "$1"
}

export RP1_SECRET=rp1-secret-0123456789abcdefghijklmnop
RP=https://rp.example/callback
out=$("$MYNAPORTAL" client add --db "$DB_URL" --id rp1 --redirect-uri "$RP" --secret-env RP1_SECRET)
[ "$out" = "client rp1 added (client_secret_basic)" ] || fail "client add --db: $out"
set +e
out=$("$MYNAPORTAL" client add --db "$DB_URL" --id rp1 --redirect-uri "$RP" --secret-env RP1_SECRET 2>&1); rc=$?
set -e
[ $rc -eq 1 ] && [ "$out" = "mynaportal: a client rp1 is already registered" ] || fail "rp1 twice: exit $rc: $out"
set +e
out=$("$MYNAPORTAL" client list --db mysql://x 2>&1); rc=$?
set -e
[ $rc -eq 2 ] || fail "client list --db mysql://x: exit $rc: $out"
expect_contains "$out" 'mynaportal: --db: "mysql://x" is not a postgresql:// URL' "bad --db"
[ "$(sql "SELECT id || ' ' || redirect_uris FROM oidc_clients")" = "rp1 [\"$RP\"]" ] ||
  fail "oidc_clients: $(sql 'SELECT * FROM oidc_clients')"
for dir in portal portal-b; do
  [ ! -e "$WORK/$dir/oidc.db" ] || fail "$dir made an oidc.db beside PostgreSQL"
done

# A login page on A, completed through B; the browser's session is good at both.
JAR=$WORK/jar
via "$PORT_A"
start=$(curl_portal -b "$JAR" -c "$JAR" -X POST -H "Origin: $PUBLIC" -H 'Content-Type: application/json' -d '{}' "$PUBLIC/login/start")
via "$PORT_B"
out=$(tool login "$PUBLIC" --cacert "$TLS_CA" --code "$(field "$start" code)" --pin-env TEST_PIN 2>&1) ||
  fail "login by code through B: $out"
via "$PORT_A"
[ "$(curl_portal -b "$JAR" -c "$JAR" "$PUBLIC/login/status")" = '{"state":"done"}' ] || fail "login status on A"

VERIFIER=$(openssl rand -base64 48 | tr '+/' '-_' | tr -d '=\n')
CHALLENGE=$(printf %s "$VERIFIER" | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '=\n')
code_from() {  # PORT CLIENT: an authorization code issued by that instance to CLIENT
  via "$1"
  local location
  location=$(curl_portal -b "$JAR" -c "$JAR" -o /dev/null -w '%{redirect_url}' \
    "$PUBLIC/oidc/auth?response_type=code&client_id=$2&redirect_uri=https%3A%2F%2Frp.example%2Fcallback&scope=openid&state=s1&nonce=n1&code_challenge=$CHALLENGE&code_challenge_method=S256")
  [ "$(param_of "$location" iss)" = "$PUBLIC" ] || fail "no code from $1: [$location]"
  param_of "$location" code
}
token_at() {  # PORT CODE [curl args for the client's authentication]: body, then the status
  via "$1"
  local code=$2
  shift 2
  [ $# -gt 0 ] || set -- -u "rp1:$RP1_SECRET"
  curl_portal "$@" --data-urlencode grant_type=authorization_code \
    --data-urlencode "code=$code" --data-urlencode "redirect_uri=$RP" \
    --data-urlencode "code_verifier=$VERIFIER" -w '\n%{http_code}' "$PUBLIC/oidc/token"
}
userinfo_at() {  # PORT TOKEN: body, then the status
  via "$1"
  curl_portal -H "Authorization: Bearer $2" -w '\n%{http_code}' "$PUBLIC/oidc/userinfo"
}
exchanges() { grep -c -- "POST /oidc/token -> $2" "$1" || true; }

# A code from A, exchanged at B (and only B served it).
CODE=$(code_from "$PORT_A" rp1)
answer=$(token_at "$PORT_B" "$CODE")
[ "$(tail -n1 <<< "$answer")" = 200 ] || fail "A's code at B: $answer"
[ "$(exchanges "$WORK/portal-b-err.log" 200)" = 1 ] && [ "$(exchanges "$WORK/portal-err.log" '')" = 0 ] ||
  fail "the exchange was not B's"
ACCESS_B=$(field "$(head -n -1 <<< "$answer")" access_token)
ID_TOKEN=$(field "$(head -n -1 <<< "$answer")" id_token)
# userinfo with B's token at A, then with a token from A at B: one holder, one sub.
info=$(userinfo_at "$PORT_A" "$ACCESS_B")
[ "$(tail -n1 <<< "$info")" = 200 ] || fail "B's token at A: $info"
SUB=$(field "$(head -n -1 <<< "$info")" sub)
[ ${#SUB} -eq 32 ] || fail "sub: $info"
answer=$(token_at "$PORT_A" "$(code_from "$PORT_B" rp1)")
[ "$(tail -n1 <<< "$answer")" = 200 ] || fail "B's code at A: $answer"
ACCESS_A=$(field "$(head -n -1 <<< "$answer")" access_token)
info=$(userinfo_at "$PORT_B" "$ACCESS_A")
[ "$info" = "{\"sub\":\"$SUB\"}"$'\n200' ] || fail "A's token at B: $info"

# The code exchanged at B, replayed at A: invalid_grant, and B's token is dead at both.
answer=$(token_at "$PORT_A" "$CODE")
[ "$answer" = '{"error":"invalid_grant","error_description":"the code was already used; the tokens it gave are revoked"}'$'\n400' ] ||
  fail "replay at A: $answer"
for port in "$PORT_A" "$PORT_B"; do
  info=$(userinfo_at "$port" "$ACCESS_B")
  [ "$info" = '{"error":"invalid_token","error_description":"the access token is unknown, expired or revoked"}'$'\n401' ] ||
    fail "revoked token at $port: $info"
done
[ "$(userinfo_at "$PORT_A" "$ACCESS_A" | tail -n1)" = 200 ] || fail "the other code's token was revoked"
via "$PORT_B"
page=$(curl_portal -b "$JAR" "$PUBLIC/api/mypage")
expect_contains "$page" "an authorization code was presented again: the 1 access token(s) it had given were revoked" "replay recorded"

# private_key_jwt: an RS256 assertion (openssl) used at A; the same assertion at B: its jti.
rsa_client_keys "$WORK/rp3.key" "$WORK/rp3.jwks"
"$MYNAPORTAL" client add --db "$DB_URL" --id rp3 --redirect-uri "$RP" --jwks "$WORK/rp3.jwks" > /dev/null
ASSERTION=$(rs256_assertion "$WORK/rp3.key" rp3 "$PUBLIC/oidc/token")
with_assertion=(--data-urlencode "client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
  --data-urlencode "client_assertion=$ASSERTION")
answer=$(token_at "$PORT_A" "$(code_from "$PORT_A" rp3)" "${with_assertion[@]}")
[ "$(tail -n1 <<< "$answer")" = 200 ] || fail "private_key_jwt at A: $answer"
answer=$(token_at "$PORT_B" "$(code_from "$PORT_B" rp3)" "${with_assertion[@]}")
[ "$answer" = '{"error":"invalid_client","error_description":"client_assertion: the assertion was already used (jti)"}'$'\n401' ] ||
  fail "the assertion again at B: $answer"

# One JWKS at both; `key rotate --db` once: both publish the new key first and the old one
# after it, and sign with the new one at once.
jwks_at() { via "$1"; curl_portal "$PUBLIC/oidc/certs"; }
kids() { python3 -c 'import json,sys; print(" ".join(k["kid"] for k in json.loads(sys.argv[1])["keys"]))' "$1"; }
OLD_KID=$(kid_of "$ID_TOKEN")
[ "$(kids "$(jwks_at "$PORT_A")")" = "$OLD_KID" ] || fail "JWKS at A: $(jwks_at "$PORT_A")"
[ "$(jwks_at "$PORT_B")" = "$(jwks_at "$PORT_A")" ] || fail "the JWKS differ before rotation"
out=$("$MYNAPORTAL" key rotate --db "$DB_URL")
NEW_KID=$(sed -n 's/^new signing key \([^;]*\);.*/\1/p' <<< "$out")
[ -n "$NEW_KID" ] && [ "$NEW_KID" != "$OLD_KID" ] || fail "key rotate --db: $out"
jwks_a=$(jwks_at "$PORT_A")
[ "$(kids "$jwks_a")" = "$NEW_KID $OLD_KID" ] || fail "JWKS at A after rotation: $jwks_a"
[ "$(jwks_at "$PORT_B")" = "$jwks_a" ] || fail "the JWKS differ after rotation"
[ "$(sql 'SELECT count(*) FROM oidc_signing_keys WHERE retired_at IS NULL')" = 1 ] || fail "current keys"
for port in "$PORT_A" "$PORT_B"; do
  answer=$(token_at "$port" "$(code_from "$port" rp1)")
  [ "$(kid_of "$(field "$(head -n -1 <<< "$answer")" id_token)")" = "$NEW_KID" ] ||
    fail "$port signs with another key: $answer"
done
echo "portal oidc_postgres: ok"
