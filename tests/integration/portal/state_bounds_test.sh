# What unauthenticated clients leave in the portal (docs/jpki-login.md §4), with the bounds set
# low (--max-anonymous-sessions 300 --max-challenges 300): 2,000 login pages and 2,000 direct
# challenges leave no session row at all; 2,000 login codes asked by the page's script leave
# exactly 300 rows, the newest (the oldest evicted); 2,000 challenges evict an older one (its
# login then fails NONCE_UNKNOWN) while a fresh one is still taken (the login goes on to step 4);
# and a card login, direct or by code, still works. The portal's RSS before and after is printed.
# Usage: bash state_bounds_test.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL
. "$(dirname "$0")/lib.sh"
PORTAL_ARGS=(--max-anonymous-sessions 300 --max-challenges 300)
start_world
PORTAL_PID=${BACKGROUND[-1]}

# N requests over one keep-alive TLS connection (python's http.client, which keeps no cookie: each
# request is a new client's): METHOD PATH N. Prints the last answer's body.
flood() {
  python3 - "$ORIGIN" "$TLS_CA" "$@" << 'PY'
import http.client, ssl, sys, urllib.parse
origin, ca, method, path, n = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
url = urllib.parse.urlsplit(origin)
conn = http.client.HTTPSConnection(url.hostname, url.port, context=ssl.create_default_context(cafile=ca))
headers = {"Origin": origin, "Content-Type": "application/json"} if method == "POST" else {}
body = "{}" if method == "POST" else None
for i in range(n):
    conn.request(method, path, body=body, headers=headers)
    r = conn.getresponse()
    text = r.read().decode()
    if r.status != 200:
        sys.exit(f"{method} {path} #{i}: HTTP {r.status}: {text}")
print(text)
PY
}
rows() {  # [WHERE]
  python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM sessions " + sys.argv[2]).fetchone()[0])' \
    "$WORK/portal/portal.db" "${1:-}"
}
rss_kb() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$PORTAL_PID/status"; }
curl_portal() { curl -sS --cacert "$TLS_CA" "$@"; }
post_json() {  # PATH BODY [curl args]: status and body on one line
  local path=$1 data=$2; shift 2
  curl_portal -X POST -H "Origin: $ORIGIN" -H 'Content-Type: application/json' --data-raw "$data" \
    -w ' %{http_code}' "$@" "$ORIGIN$path"
}
login_body() {  # NONCE: a well-formed request with a token that is not a certificate
  echo "{\"token\":{\"format\":\"jpki-login:1.0\",\"certificate\":\"AAAA\",\"algorithm\":\"RS256\",\"signature\":\"AAAA\"},\"nonce\":\"$1\",\"origin\":\"$ORIGIN\"}"
}

# Warm up (TLS, SQLite, allocator), then what bare GETs leave: nothing in portal.db.
flood GET /login 50 > /dev/null
rss_before=$(rss_kb)
flood GET /login 2000 > /dev/null
flood GET /api/challenge 2000 > /dev/null
[ "$(rows)" = 0 ] || fail "2,000 GET /login + 2,000 GET /api/challenge left $(rows) session rows"

# An older challenge, then 2,000 more: it is evicted; a fresh one is still live.
old=$(curl_portal -c "$WORK/old" "$ORIGIN/api/challenge")
old_nonce=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["nonce"])' <<< "$old")
flood GET /api/challenge 2000 > /dev/null
out=$(post_json /api/login "$(login_body "$old_nonce")" -b "$WORK/old")
expect_contains "$out" '"error":"NONCE_UNKNOWN"' "an evicted challenge"
expect_contains "$out" ' 401' "an evicted challenge's status"
new=$(curl_portal -c "$WORK/new" "$ORIGIN/api/challenge")
new_nonce=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["nonce"])' <<< "$new")
out=$(post_json /api/login "$(login_body "$new_nonce")" -b "$WORK/new")
expect_contains "$out" '"error":"CERT_MALFORMED"' "a live challenge passes step 2"

# Login codes from the page's script: at most 300 rows, the newest kept.
first=$(post_json /login/start '{}')
first_code=$(sed -n 's/.*"code":"\([0-9A-Z-]*\)".*/\1/p' <<< "$first")
[ -n "$first_code" ] || fail "POST /login/start: $first"
flood POST /login/start 2000 > "$WORK/last-start"
last_code=$(sed -n 's/.*"code":"\([0-9A-Z-]*\)".*/\1/p' "$WORK/last-start")
[ "$(rows)" = 300 ] || fail "2,001 login codes left $(rows) session rows, the bound is 300"
[ "$(rows "WHERE account_id IS NULL")" = 300 ] || fail "anonymous rows: $(rows "WHERE account_id IS NULL")"
[ "$(rows "WHERE login_code = '$first_code'")" = 0 ] || fail "the oldest code was not evicted"
[ "$(rows "WHERE login_code = '$last_code'")" = 1 ] || fail "the newest code is gone"
out=$(curl_portal "$ORIGIN/api/challenge?code=$first_code")
expect_contains "$out" '"error":"LOGIN_CODE_UNKNOWN"' "an evicted login code"
rss_after=$(rss_kb)
growth=$((rss_after - rss_before))
echo "portal RSS: ${rss_before} kB before 8,000 anonymous requests, ${rss_after} kB after (+${growth} kB)"

# A holder still logs in, by code too (a page's session among the 300).
out=$(tool login "$ORIGIN" --code "$last_code" --cacert "$TLS_CA" --pin-env TEST_PIN) ||
  fail "login by code after the floods: $out"
expect_contains "$out" "login $last_code completed" "login by code"
out=$(tool login "$ORIGIN" --cacert "$TLS_CA" --pin-env TEST_PIN) || fail "login after the floods: $out"
expect_contains "$out" "logged in to $ORIGIN" "direct login"
echo "portal state bounds: ok"
