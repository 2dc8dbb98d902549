# The portal's browser rules through HTTP (docs/jpki-login.md §4): a state-changing POST needs the
# portal's exact Origin and a JSON body, else 403 ORIGIN_REFUSED / 415 CONTENT_TYPE_UNSUPPORTED,
# and it changes nothing (a waiting login is not marked failed, a session not ended, no session
# made); every answer carries the security headers, once each; the login page has no inline
# script or style and its script and style sheet come with their content types.
# Usage: bash browser_rules_test.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL
. "$(dirname "$0")/lib.sh"
start_world
JAR=$WORK/jar
DB=$WORK/portal/portal.db

# curl with the portal's CA and the cookie jar; prints the status; headers in $WORK/h, body in
# $WORK/b.
req() {
  curl -sS --cacert "$TLS_CA" -b "$JAR" -c "$JAR" -D "$WORK/h" -o "$WORK/b" -w '%{http_code}' "$@"
}
body() { cat "$WORK/b"; }
header() {  # NAME: its value in the last answer
  tr -d '\r' < "$WORK/h" | sed -n "s/^$1: //Ip" | head -n 1
}
rows() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM sessions").fetchone()[0])' "$DB"; }
# Every expected header exactly once, with exactly this value (in bash alone: this runs after
# every request, and a fork costs more than a request on a busy machine).
EXPECTED_HEADERS=(
  "Content-Security-Policy: default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
  "X-Frame-Options: DENY"
  "Strict-Transport-Security: max-age=31536000"
  "X-Content-Type-Options: nosniff"
  "Referrer-Policy: no-referrer"
  "Cross-Origin-Opener-Policy: same-origin"
  "Cross-Origin-Resource-Policy: same-origin"
)
check_headers() {  # WHAT
  local -A seen=()
  local line name pair
  while IFS= read -r line; do
    line=${line%$'\r'}
    [ -n "$line" ] || break
    name=${line%%:*}
    seen[${name,,}]+="${line#*: }"$'\n'
  done < "$WORK/h"
  for pair in "${EXPECTED_HEADERS[@]}"; do
    name=${pair%%: *}
    [ "${seen[${name,,}]:-}" = "${pair#*: }"$'\n' ] ||
      fail "$1: header $name: [${seen[${name,,}]:-}], expected once: [${pair#*: }]"
  done
}
expect() {  # WHAT STATUS [CONTENT-TYPE]   after a req
  [ "$status" = "$2" ] || fail "$1: HTTP $status, expected $2: $(body)"
  [ -z "${3:-}" ] || [ "$(header Content-Type)" = "$3" ] ||
    fail "$1: Content-Type [$(header Content-Type)], expected [$3]"
  check_headers "$1"
}
JSON=(-H 'Content-Type: application/json')
GOOD=(-H "Origin: $ORIGIN")

# The login page: no state, no inline script or style, its files with their types.
status=$(req "$ORIGIN/login"); expect "GET /login" 200 "text/html; charset=utf-8"
page=$(body)
[ -z "$(header Set-Cookie)" ] || fail "GET /login set a cookie: $(header Set-Cookie)"
[ "$(rows)" = 0 ] || fail "GET /login left $(rows) session rows"
grep -q '<script src="/static/login.js" defer></script>' <<< "$page" || fail "no login.js: $page"
grep -q '<link rel="stylesheet" href="/static/portal.css">' <<< "$page" || fail "no portal.css: $page"
! grep -Eiq '<script(>| [^>]*>[^<])|<style|[[:space:]]style=|[[:space:]]on[a-z]+=|javascript:' \
  <<< "$page" || fail "inline script or style on the login page: $page"
grep -q '<script src="/static/mynasim-login.js" defer></script>' <<< "$page" ||
  fail "no mynasim-login.js (the extension's page API): $page"
[ "$(grep -o '<script' <<< "$page" | wc -l)" = 2 ] || fail "a script besides login.js and mynasim-login.js: $page"
status=$(req "$ORIGIN/static/login.js"); expect "login.js" 200 "text/javascript; charset=utf-8"
expect_contains "$(body)" "fetch('/login/start'" "login.js's body"
status=$(req "$ORIGIN/static/mypage.js"); expect "mypage.js" 200 "text/javascript; charset=utf-8"
status=$(req "$ORIGIN/static/mynasim-login.js"); expect "mynasim-login.js" 200 "text/javascript; charset=utf-8"
expect_contains "$(body)" "window.mynasimLogin = Object.freeze(" "mynasim-login.js's body"
status=$(req "$ORIGIN/static/portal.css"); expect "portal.css" 200 "text/css; charset=utf-8"
status=$(req "$ORIGIN/static/continue.js"); expect "continue.js" 200 "text/javascript; charset=utf-8"
expect_contains "$(body)" "location.replace(document.getElementById('continue').href)" "continue.js's body"

# Every other route, its answer's headers (errors included).
status=$(req "$ORIGIN/favicon.ico"); expect "GET /favicon.ico" 204
status=$(req "$ORIGIN/"); expect "GET /" 303
status=$(req "$ORIGIN/mypage"); expect "GET /mypage, not logged in" 303
status=$(req "$ORIGIN/api/mypage"); expect "GET /api/mypage, not logged in" 401 application/json
status=$(req "$ORIGIN/login/status"); expect "GET /login/status, no session" 200 application/json
status=$(req "$ORIGIN/login/qr.svg"); expect "GET /login/qr.svg, no session" 404 application/json
status=$(req "$ORIGIN/api/challenge?code=ZZZZ-ZZZZ"); expect "challenge, unknown code" 404
rm -f "$JAR"

# A login page's code, from its script's POST: the one session row.
status=$(req -X POST "${GOOD[@]}" "${JSON[@]}" -d '{}' "$ORIGIN/login/start")
expect "POST /login/start" 200 application/json
code=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])' < "$WORK/b")
expect_contains "$(header Set-Cookie)" "Secure; HttpOnly; SameSite=Strict" "page session cookie"
[ "$(rows)" = 1 ] || fail "POST /login/start: $(rows) session rows, expected 1"
status=$(req "$ORIGIN/login/qr.svg"); expect "GET /login/qr.svg" 200 image/svg+xml
grep -q '^<svg xmlns="http://www.w3.org/2000/svg"' "$WORK/b" || fail "qr.svg: $(body)"
status=$(req "$ORIGIN/login/status"); expect "waiting" 200
[ "$(body)" = '{"state":"waiting"}' ] || fail "a fresh page's status: $(body)"

# Cross-site and malformed POSTs to every state-changing route: refused before anything happens,
# the OpenID Connect provider's consent answer as the portal's own routes (one sender of refusals).
NONCE=$(printf 'A%.0s' $(seq 43))
TOKEN='{"format":"jpki-login:1.0","certificate":"AAAA","algorithm":"RS256","signature":"AAAA"}'
LOGIN="{\"token\":$TOKEN,\"nonce\":\"$NONCE\",\"origin\":\"$ORIGIN\",\"code\":\"$code\"}"
ABORT="{\"code\":\"$code\",\"error\":\"PIN_BLOCKED\"}"
for route in /api/login/abort /api/login /logout /login/start /oidc/consent; do
  case $route in
    /api/login/abort) data=$ABORT ;;
    /api/login) data=$LOGIN ;;
    *) data='{}' ;;
  esac
  # A page of another site: the simple types it may send without a preflight, and JSON.
  for type in text/plain application/x-www-form-urlencoded multipart/form-data application/json; do
    if [ "$type" = multipart/form-data ]; then
      form=(-F "data=$data")
    else
      form=(-H "Content-Type: $type" --data-raw "$data")
    fi
    status=$(req -X POST -H 'Origin: https://evil.example' "${form[@]}" "$ORIGIN$route")
    expect "POST $route from https://evil.example ($type)" 403 application/json
    expect_contains "$(body)" '"error":"ORIGIN_REFUSED"' "POST $route from https://evil.example"
    expect_contains "$(body)" '"message":"The request does not come from the portal' "message"
  done
  status=$(req -X POST -H 'Origin: null' "${JSON[@]}" --data-raw "$data" "$ORIGIN$route")
  expect "POST $route, Origin null" 403
  status=$(req -X POST "${JSON[@]}" --data-raw "$data" "$ORIGIN$route")
  expect "POST $route without Origin" 403
  expect_contains "$(body)" '"detail":"the request has no Origin header"' "no Origin"
  # The portal's origin, but not JSON.
  for type in text/plain application/x-www-form-urlencoded; do
    status=$(req -X POST "${GOOD[@]}" -H "Content-Type: $type" --data-raw "$data" "$ORIGIN$route")
    expect "POST $route ($type)" 415 application/json
    expect_contains "$(body)" '"error":"CONTENT_TYPE_UNSUPPORTED"' "POST $route ($type)"
  done
  status=$(req -X POST "${GOOD[@]}" -H 'Content-Type:' --data-raw "$data" "$ORIGIN$route")
  expect "POST $route without Content-Type" 415
done
# Nothing changed: the login still waits, its session is the one row, its code the same.
status=$(req "$ORIGIN/login/status")
[ "$(body)" = '{"state":"waiting"}' ] || fail "after the cross-site POSTs the login is: $(body)"
[ "$(rows)" = 1 ] || fail "after the cross-site POSTs: $(rows) session rows"
status=$(req "$ORIGIN/login/qr.svg"); expect "qr.svg after the cross-site POSTs" 200

# The same requests from the portal's own page do act (so the refusals above are the rules'):
status=$(req -X POST "${GOOD[@]}" "${JSON[@]}" --data-raw "$ABORT" "$ORIGIN/api/login/abort")
expect "abort from the page" 200
status=$(req "$ORIGIN/login/status")
expect_contains "$(body)" '"error":"PIN_BLOCKED"' "abort from the page"
expect_contains "$(body)" '"state":"failed"' "abort from the page"
status=$(req -X POST "${GOOD[@]}" "${JSON[@]}" --data-raw "$LOGIN" "$ORIGIN/api/login")
expect "login from the page, unknown nonce" 401
expect_contains "$(body)" '"error":"NONCE_UNKNOWN"' "login from the page"
status=$(req -X POST "${GOOD[@]}" -H 'Content-Type: application/json; charset=utf-8' -d '{}' \
  "$ORIGIN/logout")
expect "logout from the page" 200 application/json
[ "$(body)" = '{"result":"logged out"}' ] || fail "logout: $(body)"
[ "$(rows)" = 0 ] || fail "after logout: $(rows) session rows"
status=$(req "$ORIGIN/login/qr.svg"); expect "qr.svg after logout" 404

# mynatool sends the portal's Origin and JSON: a direct login still works.
out=$(tool login "$ORIGIN" --cacert "$TLS_CA" --pin-env TEST_PIN) || fail "mynatool login: $out"
expect_contains "$out" "logged in to $ORIGIN" "mynatool login"
echo "portal browser rules: ok"
