# mynaportal as an OpenID Connect provider (docs/oidc.md), end to end with curl and openssl: a
# client registered by the operator; authorize -> the login page's code completed by mynatool
# with the card in a private pcscd -> the code -> the token endpoint (client_secret_basic, PKCE
# S256) -> the ID token's ES256 signature checked by openssl against the JWKS -> userinfo. Then
# each refusal with its exact OAuth error: a wrong redirect URI (a page, no redirect), missing
# state, nonce or PKCE, a missing or wrong verifier, a reused code (which revokes its tokens), a
# wrong client secret, an expired code; prompt=none; the per-client pseudonym (stable across
# renewal, different per client); acr_values; key rotation; private_key_jwt (RS256 by openssl).
# Usage: bash oidc_test.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL
. "$(dirname "$0")/lib.sh"
# Long enough for a loaded CI machine between the redirect and the exchange (curl and sed only).
CODE_LIFETIME=20
PORTAL_ARGS=(--oidc-code-lifetime "$CODE_LIFETIME")
start_world
JAR=$WORK/jar
curl_portal() { curl -sS --cacert "$TLS_CA" "$@"; }
json_field() {  # JSON FIELD
  python3 -c 'import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print(v if isinstance(v,str) else json.dumps(v))' "$1" "$2"
}
query_field() {  # URL FIELD: the raw value (what this test asks for has no %-escapes but iss)
  sed -n "s/.*[?&]$2=\([^&]*\).*/\1/p" <<< "$1" | sed 's/%3A/:/g; s/%2F/\//g; s/%20/ /g; s/%28/(/g; s/%29/)/g'
}
b64url_decode() { python3 -c 'import base64,sys; s=sys.argv[1]; sys.stdout.buffer.write(base64.urlsafe_b64decode(s+"="*(-len(s)%4)))' "$1"; }

export RP1_SECRET=rp1-secret-0123456789abcdefghijklmnop RP2_SECRET=rp2-secret-0123456789abcdefghijklmnop
export SHORT_SECRET=short
RP=https://rp.example/callback
"$MYNAPORTAL" client add --data "$WORK/portal" --id rp1 --redirect-uri "$RP" --secret-env RP1_SECRET > /dev/null
"$MYNAPORTAL" client add --data "$WORK/portal" --id rp2 --redirect-uri "$RP" --secret-env RP2_SECRET > /dev/null
set +e
out=$("$MYNAPORTAL" client add --data "$WORK/portal" --id rp3 --redirect-uri "$RP" --secret-env SHORT_SECRET 2>&1); rc=$?
set -e
[ $rc -eq 1 ] || fail "a short secret: exit $rc"
expect_contains "$out" "at least 32 are needed" "short secret"
out=$("$MYNAPORTAL" client list --data "$WORK/portal")
expect_contains "$out" "rp1  client_secret_basic  $RP" "client list"
[ -z "$(find "$WORK/portal/oidc.db" -perm /077)" ] || fail "oidc.db is not 0600"

# Discovery and the JWKS.
disc=$(curl_portal "$ORIGIN/.well-known/openid-configuration")
[ "$(json_field "$disc" issuer)" = "$ORIGIN" ] || fail "issuer: $disc"
expect_contains "$disc" '"code_challenge_methods_supported":["S256"]' "PKCE advertised"
expect_contains "$disc" '"id_token_signing_alg_values_supported":["ES256"]' "alg advertised"
AUTHZ=$(json_field "$disc" authorization_endpoint)
TOKEN=$(json_field "$disc" token_endpoint)
USERINFO=$(json_field "$disc" userinfo_endpoint)
JWKS_URI=$(json_field "$disc" jwks_uri)

VERIFIER=$(openssl rand -base64 48 | tr '+/' '-_' | tr -d '=\n')
CHALLENGE=$(printf %s "$VERIFIER" | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '=\n')
auth_query() {  # [CLIENT] [EXTRA...]: the authorization request's query
  local client=${1:-rp1}; shift || true
  printf 'response_type=code&client_id=%s&redirect_uri=%s&scope=openid&state=st-1&nonce=n-1&code_challenge=%s&code_challenge_method=S256' \
    "$client" "https%3A%2F%2Frp.example%2Fcallback" "$CHALLENGE"
  for extra in "$@"; do printf '&%s' "$extra"; done
}
authorize() {  # QUERY: prints "STATUS LOCATION"
  curl_portal -b "$JAR" -c "$JAR" -o "$WORK/authz.body" -w '%{http_code} %{redirect_url}' "$AUTHZ?$1"
}
exchange() {  # CODE [VERIFIER] [SECRET] [CLIENT]: prints the body, then the status on the last line
  local args=(-u "${4:-rp1}:${3:-$RP1_SECRET}" --data-urlencode grant_type=authorization_code
    --data-urlencode "code=$1" --data-urlencode "redirect_uri=$RP")
  [ -z "${2-x}" ] || args+=(--data-urlencode "code_verifier=${2-$VERIFIER}")
  curl_portal "${args[@]}" -w '\n%{http_code}' "$TOKEN"
}

# prompt=none with no session: login_required, back to the client.
read -r status location <<< "$(authorize "$(auth_query rp1 prompt=none)")"
[ "$status" = 303 ] || fail "prompt=none: HTTP $status"
[ "$(query_field "$location" error)" = login_required ] || fail "prompt=none: $location"
[ "$(query_field "$location" state)" = st-1 ] || fail "prompt=none state: $location"

# Not logged in: to the login page, which comes back to the request.
read -r status location <<< "$(authorize "$(auth_query rp1 acr_values=aal3%20crl)")"
[ "$status" = 303 ] || fail "authorize before login: HTTP $status"
expect_contains "$location" "$ORIGIN/login?next=%2Foidc%2Fauth%3F" "to the login page"
next=$(python3 -c 'import sys,urllib.parse as u; print(u.parse_qs(u.urlsplit(sys.argv[1]).query)["next"][0])' "$location")
start=$(curl_portal -b "$JAR" -c "$JAR" -X POST -H "Origin: $ORIGIN" -H 'Content-Type: application/json' -d '{}' "$ORIGIN/login/start")
code=$(json_field "$start" code)
out=$(tool login "$ORIGIN" --cacert "$TLS_CA" --code "$code" --pin-env TEST_PIN) || fail "mynatool login: $out"
status_body=$(curl_portal -b "$JAR" -c "$JAR" "$ORIGIN/login/status")
expect_contains "$status_body" '"state":"done"' "login done"
read -r status location <<< "$(curl_portal -b "$JAR" -c "$JAR" -o /dev/null -w '%{http_code} %{redirect_url}' "$ORIGIN$next")"
[ "$status" = 303 ] || fail "authorize after login: HTTP $status"
expect_contains "$location" "$RP?code=" "code to the redirect URI"
[ "$(query_field "$location" state)" = st-1 ] || fail "state: $location"
[ "$(query_field "$location" iss)" = "$ORIGIN" ] || fail "iss: $location"
CODE=$(query_field "$location" code)

# The exchange; the ID token checked with openssl against the JWKS.
answer=$(exchange "$CODE")
[ "$(tail -n1 <<< "$answer")" = 200 ] || fail "token: $answer"
body=$(head -n -1 <<< "$answer")
ID_TOKEN=$(json_field "$body" id_token)
ACCESS=$(json_field "$body" access_token)
[ "$(json_field "$body" token_type)" = Bearer ] || fail "token_type: $body"
verify_id_token() {  # TOKEN: verifies with the JWKS (openssl), prints the payload
  local token=$1 header kid jwks jwk
  IFS=. read -r h p s <<< "$token"
  header=$(b64url_decode "$h")
  [ "$(json_field "$header" alg)" = ES256 ] || fail "alg: $header"
  kid=$(json_field "$header" kid)
  jwks=$(curl_portal "$JWKS_URI")
  jwk=$(python3 -c 'import json,sys; print(json.dumps([k for k in json.loads(sys.argv[1])["keys"] if k["kid"]==sys.argv[2]][0]))' "$jwks" "$kid") ||
    fail "kid $kid not in the JWKS: $jwks"
  # SubjectPublicKeyInfo of a P-256 point: the fixed DER prefix, then 04 || x || y.
  { printf '\x30\x59\x30\x13\x06\x07\x2a\x86\x48\xce\x3d\x02\x01\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x07\x03\x42\x00\x04'
    b64url_decode "$(json_field "$jwk" x)"; b64url_decode "$(json_field "$jwk" y)"; } > "$WORK/key.der"
  openssl pkey -pubin -inform DER -in "$WORK/key.der" -out "$WORK/key.pem" 2> /dev/null || fail "JWK is not a P-256 key"
  # r || s -> DER SEQUENCE { INTEGER r, INTEGER s } (openssl asn1parse -genconf builds it).
  b64url_decode "$s" > "$WORK/sig.raw"
  printf 'asn1=SEQUENCE:sig\n[sig]\nr=INTEGER:0x%s\ns=INTEGER:0x%s\n' \
    "$(head -c 32 "$WORK/sig.raw" | od -An -v -tx1 | tr -d ' \n')" \
    "$(tail -c 32 "$WORK/sig.raw" | od -An -v -tx1 | tr -d ' \n')" > "$WORK/sig.cnf"
  openssl asn1parse -genconf "$WORK/sig.cnf" -out "$WORK/sig.der" > /dev/null
  printf %s "$h.$p" > "$WORK/signed.txt"
  openssl dgst -sha256 -verify "$WORK/key.pem" -signature "$WORK/sig.der" "$WORK/signed.txt" > /dev/null ||
    return 1
  b64url_decode "$p"
}
claims=$(verify_id_token "$ID_TOKEN") || fail "the ID token's signature does not verify"
[ "$(json_field "$claims" iss)" = "$ORIGIN" ] || fail "iss: $claims"
[ "$(json_field "$claims" aud)" = rp1 ] || fail "aud: $claims"
[ "$(json_field "$claims" nonce)" = n-1 ] || fail "nonce: $claims"
[ "$(json_field "$claims" acr)" = "aal3 crl" ] || fail "acr: $claims"
expect_contains "$claims" '"amr":["sc","pin","hwk"]' "amr"
now=$(date +%s)
exp=$(json_field "$claims" exp); iat=$(json_field "$claims" iat); auth_time=$(json_field "$claims" auth_time)
[ $((exp - iat)) -eq 300 ] && [ $((now - iat)) -le 120 ] && [ "$auth_time" -le "$iat" ] ||
  fail "times: $claims (now $now)"
SUB=$(json_field "$claims" sub)
[ ${#SUB} -eq 32 ] || fail "sub: $claims"
# A tampered payload fails the same check.
tampered_payload=$(printf %s "$claims" | sed 's/"aud":"rp1"/"aud":"rp2"/' | base64 -w0 | tr '+/' '-_' | tr -d '=')
IFS=. read -r h p s <<< "$ID_TOKEN"
if verify_id_token "$h.$tampered_payload.$s" > /dev/null; then fail "a tampered ID token verified"; fi

info=$(curl_portal -H "Authorization: Bearer $ACCESS" "$USERINFO")
[ "$(json_field "$info" sub)" = "$SUB" ] || fail "userinfo: $info"
status=$(curl_portal -o /dev/null -w '%{http_code}' "$USERINFO")
[ "$status" = 401 ] || fail "userinfo without a token: HTTP $status"

# The access records on the holder's my page: which client, what.
page=$(curl_portal -b "$JAR" "$ORIGIN/api/mypage")
expect_contains "$page" '"purpose":"token","service":"rp1"' "token access record"
expect_contains "$page" '"detail":"the client read the holder'"'"'s identifier (sub)","purpose":"userinfo","service":"rp1"' "userinfo access record"

# Reused code: invalid_grant, and the access token it gave stops working.
answer=$(exchange "$CODE")
expect_contains "$answer" '"error":"invalid_grant"' "reused code"
[ "$(tail -n1 <<< "$answer")" = 400 ] || fail "reused code: $answer"
info=$(curl_portal -D "$WORK/h" -H "Authorization: Bearer $ACCESS" "$USERINFO")
expect_contains "$(cat "$WORK/h")" 'WWW-Authenticate: Bearer realm="mynaportal", error="invalid_token"' "revoked token"
page=$(curl_portal -b "$JAR" "$ORIGIN/api/mypage")
expect_contains "$page" "an authorization code was presented again: the 1 access token(s) it had given were revoked" "replay recorded"

# A browser's navigation from another site (Sec-Fetch-Site: cross-site) carries no SameSite=Strict
# cookie: a page that makes the same request again from this origin (static/continue.js); with
# the cookie the same navigation gets its code at once.
cross_site=(-H 'Sec-Fetch-Site: cross-site' -H 'Sec-Fetch-Mode: navigate')
status=$(curl_portal "${cross_site[@]}" -o "$WORK/continue.html" -w '%{http_code}' "$AUTHZ?$(auth_query rp1 prompt=none)")
[ "$status" = 200 ] || fail "cross-site without a cookie: HTTP $status"
expect_contains "$(cat "$WORK/continue.html")" '<script src="/static/continue.js" defer></script>' "continue page's script"
expect_contains "$(cat "$WORK/continue.html")" "<a id=\"continue\" href=\"/oidc/auth?$(auth_query rp1 prompt=none | sed 's/&/\&amp;/g')\">" "continue page's link"
read -r status location <<< "$(curl_portal -b "$JAR" "${cross_site[@]}" -o /dev/null -w '%{http_code} %{redirect_url}' "$AUTHZ?$(auth_query rp1 prompt=none)")"
[ "$status" = 303 ] && [ -n "$(query_field "$location" code)" ] || fail "cross-site with the cookie: HTTP $status to $location"

# Already logged in: a code at once. Then the token endpoint's refusals.
new_code() {  # [CLIENT] [EXTRA...]
  read -r status location <<< "$(authorize "$(auth_query "$@")")"
  [ "$status" = 303 ] || fail "authorize: HTTP $status $location"
  query_field "$location" code
}
CODE=$(new_code)
[ -n "$CODE" ] || fail "no code for a logged-in browser"
answer=$(exchange "$CODE" "$VERIFIER" wrong-secret-0123456789abcdefghijklmnop)
expect_contains "$answer" '"error":"invalid_client"' "wrong secret"
[ "$(tail -n1 <<< "$answer")" = 401 ] || fail "wrong secret: $answer"
# Another first character (a random verifier starts with x one time in 64).
answer=$(exchange "$CODE" "$([ "${VERIFIER:0:1}" = x ] && echo y || echo x)${VERIFIER:1}")
expect_contains "$answer" '"error":"invalid_grant","error_description":"code_verifier does not match the code_challenge (PKCE S256)"' "wrong verifier"
answer=$(exchange "$CODE")
expect_contains "$answer" '"error":"invalid_grant","error_description":"the code was already used' "a code is burnt by a wrong verifier"
CODE=$(new_code)
answer=$(exchange "$CODE" "")
expect_contains "$answer" '"error":"invalid_grant","error_description":"code_verifier is missing (PKCE is required)"' "missing verifier"
answer=$(exchange "$CODE")
expect_contains "$answer" '"error":"invalid_grant","error_description":"the code was already used' "a code is burnt by a missing verifier"
CODE=$(new_code)
sleep $((CODE_LIFETIME + 1))
answer=$(exchange "$CODE")
expect_contains "$answer" '"error":"invalid_grant","error_description":"the code has expired"' "expired code"
answer=$(exchange "NOT-A-CODE")
expect_contains "$answer" '"error":"invalid_grant","error_description":"unknown code"' "unknown code"
answer=$(curl_portal -u "rp1:$RP1_SECRET" -d grant_type=password -w '\n%{http_code}' "$TOKEN")
expect_contains "$answer" '"error":"unsupported_grant_type"' "grant type"

# The authorization endpoint's refusals: a page for the client and its redirect URI, the rest
# back to the client with error=...
read -r status location <<< "$(authorize "$(auth_query | sed 's/rp.example/evil.example/')")"
[ "$status" = 400 ] && [ -z "$location" ] || fail "wrong redirect URI: HTTP $status to [$location]"
expect_contains "$(cat "$WORK/authz.body")" "invalid_request: redirect_uri is not one registered for rp1 (exact match)" "wrong redirect URI page"
read -r status location <<< "$(authorize "$(auth_query | sed 's/client_id=rp1/client_id=nobody/')")"
[ "$status" = 400 ] && [ -z "$location" ] || fail "unknown client: HTTP $status to [$location]"
refused() {  # QUERY ERROR DESCRIPTION
  read -r status location <<< "$(authorize "$1")"
  [ "$status" = 303 ] || fail "$3: HTTP $status"
  [ "$(query_field "$location" error)" = "$2" ] && [ "$(query_field "$location" error_description)" = "$3" ] ||
    fail "$3: $location"
}
refused "$(auth_query | sed 's/&state=st-1//')" invalid_request "state is required"
refused "$(auth_query | sed 's/&nonce=n-1//')" invalid_request "nonce is required"
refused "$(auth_query | sed 's/&code_challenge=[^&]*//')" invalid_request "code_challenge is required (PKCE)"
refused "$(auth_query | sed 's/S256/plain/')" invalid_request "code_challenge_method must be S256"
refused "$(auth_query | sed 's/scope=openid/scope=profile/')" invalid_scope "scope must contain openid"
refused "$(auth_query | sed 's/response_type=code/response_type=token/')" unsupported_response_type "only the authorization code flow (code)"

# Per client: another sub; after a renewal of the card, the same subs.
CODE=$(new_code rp2)
answer=$(exchange "$CODE" "$VERIFIER" "$RP2_SECRET" rp2)
claims=$(verify_id_token "$(json_field "$(head -n -1 <<< "$answer")" id_token)") || fail "rp2's ID token"
SUB2=$(json_field "$claims" sub)
[ ${#SUB2} -eq 32 ] && [ "$SUB2" != "$SUB" ] || fail "rp2's sub [$SUB2] against rp1's [$SUB]"
mynaca renew --card 1 > /dev/null
read -r status location <<< "$(authorize "$(auth_query rp1 prompt=login)")"
expect_contains "$location" "$ORIGIN/login?next=" "prompt=login asks for a login"
start=$(curl_portal -b "$JAR" -c "$JAR" -X POST -H "Origin: $ORIGIN" -H 'Content-Type: application/json' -d '{}' "$ORIGIN/login/start")
out=$(tool login "$ORIGIN" --cacert "$TLS_CA" --code "$(json_field "$start" code)" --pin-env TEST_PIN) || fail "login after renewal: $out"
curl_portal -b "$JAR" -c "$JAR" "$ORIGIN/login/status" > /dev/null

# Key rotation: a new kid signs; the old key stays in the JWKS, so the old token still verifies.
"$MYNAPORTAL" key rotate --data "$WORK/portal" > /dev/null
CODE=$(new_code)
answer=$(exchange "$CODE")
NEW_ID_TOKEN=$(json_field "$(head -n -1 <<< "$answer")" id_token)
claims=$(verify_id_token "$NEW_ID_TOKEN") || fail "the ID token after rotation"
[ "$(json_field "$claims" sub)" = "$SUB" ] || fail "sub after renewal: $claims, was $SUB"
[ "$(json_field "$claims" acr)" = aal3 ] || fail "acr without acr_values: $claims"
old_kid=$(json_field "$(b64url_decode "${ID_TOKEN%%.*}")" kid)
new_kid=$(json_field "$(b64url_decode "${NEW_ID_TOKEN%%.*}")" kid)
[ "$old_kid" != "$new_kid" ] || fail "rotation kept the kid $old_kid"
verify_id_token "$ID_TOKEN" > /dev/null || fail "the old ID token no longer verifies after rotation"

# private_key_jwt: a client registered with its RSA public key (JWKS) signs an RS256 assertion
# with openssl; the same assertion again (its jti) is refused, so is a secret for that client.
rsa_client_keys "$WORK/rp3.key" "$WORK/rp3.jwks"
"$MYNAPORTAL" client add --data "$WORK/portal" --id rp3 --redirect-uri "$RP" --jwks "$WORK/rp3.jwks" > /dev/null
ASSERTION=$(rs256_assertion "$WORK/rp3.key" rp3 "$TOKEN")
with_assertion() {  # CODE
  curl_portal --data-urlencode grant_type=authorization_code --data-urlencode "code=$1" \
    --data-urlencode "redirect_uri=$RP" --data-urlencode "code_verifier=$VERIFIER" \
    --data-urlencode "client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer" \
    --data-urlencode "client_assertion=$ASSERTION" -w '\n%{http_code}' "$TOKEN"
}
answer=$(with_assertion "$(new_code rp3)")
[ "$(tail -n1 <<< "$answer")" = 200 ] || fail "private_key_jwt: $answer"
claims=$(verify_id_token "$(json_field "$(head -n -1 <<< "$answer")" id_token)") || fail "rp3's ID token"
[ "$(json_field "$claims" aud)" = rp3 ] || fail "rp3's aud: $claims"
answer=$(with_assertion "$(new_code rp3)")
expect_contains "$answer" '"error":"invalid_client","error_description":"client_assertion: the assertion was already used (jti)"' "assertion replay"
answer=$(exchange "$(new_code rp3)" "$VERIFIER" "$RP1_SECRET" rp3)
expect_contains "$answer" '"error":"invalid_client"' "a secret for a keys client"

"$MYNAPORTAL" client remove --data "$WORK/portal" --id rp3 > /dev/null
"$MYNAPORTAL" client remove --data "$WORK/portal" --id rp2 > /dev/null
[ "$("$MYNAPORTAL" client list --data "$WORK/portal" | wc -l)" = 1 ] || fail "client remove"
echo "portal oidc: ok"
