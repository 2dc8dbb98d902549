# mynatool login against mynaportal through a private pcscd: a direct login prints my page; the
# session is rotated and the cookies are Secure/HttpOnly/SameSite; a renewed certificate keeps the
# holder's pseudonym; the portal's refusals reach
# the holder with their code (certificate revoked, on hold); and the PIN discipline: a wrong PIN
# stops the client with the tries left, one try left stops it before sending, a blocked PIN sends
# the holder (and the waiting browser) to the municipal office.
# Usage: bash login_test.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL
. "$(dirname "$0")/lib.sh"
start_world
login() { tool login "$ORIGIN" --cacert "$TLS_CA" "$@"; }
curl_portal() { curl -sS --cacert "$TLS_CA" "$@"; }

# A direct login: my page printed, with the login and the page view in the access records.
out=$(login --pin-env TEST_PIN) || fail "login: $out"
expect_contains "$out" "logged in to $ORIGIN" "login"
expect_contains "$out" "good (checked by ocsp" "certificate status"
expect_contains "$out" "mynaportal  login  logged in with the card; revocation checked by ocsp" "access record"
holder=$(sed -n 's/^holder: //p' <<< "$out")
[ ${#holder} -eq 32 ] || fail "no holder in: $out"
first_serial=$(sed -n 's/^certificate: serial \([0-9]*\),.*/\1/p' <<< "$out")
# The same card again: the same pseudonym, now with the answer from the OCSP cache.
out=$(tool --json login "$ORIGIN" --cacert "$TLS_CA" --pin-env TEST_PIN) || fail "second login: $out"
expect_contains "$out" "\"holder\": \"$holder\"" "same holder"
expect_contains "$out" "\"checked_by\": \"ocsp-cache\"" "OCSP cache"

# Cookies: a login page's session (from its script's POST), its attributes; a request without
# one is not logged in.
headers=$(curl_portal -D - -o /dev/null -X POST -H "Origin: $ORIGIN" \
  -H 'Content-Type: application/json' -d '{}' "$ORIGIN/login/start")
expect_contains "$headers" "Secure; HttpOnly; SameSite=Strict" "cookie attributes"
status=$(curl_portal -o /dev/null -w '%{http_code}' "$ORIGIN/api/mypage")
[ "$status" = 401 ] || fail "my page without a session: HTTP $status"

# Renewal: new certificates for the card's keys (the old ones superseded); mynaca's old->new
# linkage keeps the holder's pseudonym.
mynaca renew --card 1 > /dev/null
out=$(login --pin-env TEST_PIN) || fail "login after renewal: $out"
expect_contains "$out" "holder: $holder" "same holder after renewal"
renewed_serial=$(sed -n 's/^certificate: serial \([0-9]*\),.*/\1/p' <<< "$out")
[ -n "$renewed_serial" ] && [ "$renewed_serial" != "$first_serial" ] ||
  fail "renewal: serial $first_serial before, [$renewed_serial] after"

# A wrong login code.
set +e
out=$(login --code ZZZZ-ZZZZ --pin-env TEST_PIN 2>&1); rc=$?
set -e
[ $rc -eq 1 ] || fail "unknown code: exit $rc"
expect_contains "$out" "(LOGIN_CODE_UNKNOWN)" "unknown code"

# Revoked and on hold, through the live OCSP responder (the portal's cache is per certificate,
# and this certificate's answer is cached: a new portal asks afresh).
serial=$(mynaca --json show --card 1 | python3 -c \
  'import json,sys; print([c["serial"] for c in json.load(sys.stdin)["certificates"] if c["kind"] == "auth" and c["status"] == "good"][-1])')
mynaca revoke --serial "$serial" --hold > /dev/null
kill "${BACKGROUND[-1]}"; wait "${BACKGROUND[-1]}" 2>/dev/null || true
"$MYNAPORTAL" serve --ca "$CA" --data "$WORK/portal" --listen 127.0.0.1:0 --json \
  > "$WORK/portal.log" 2> "$WORK/portal-err.log" &
BACKGROUND+=($!)
wait_for_line "$WORK/portal.log" '"listening"' 30
ORIGIN=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["listening"])' < "$WORK/portal.log")
set +e
out=$(login --pin-env TEST_PIN 2>&1); rc=$?
set -e
[ $rc -eq 1 ] || fail "held certificate: exit $rc: $out"
expect_contains "$out" "(CERT_ON_HOLD, reason certificateHold)" "on hold"

# The PIN discipline (the refusals above spent no try: each login verified the right PIN).
set +e
out=$(login --pin-env WRONG_PIN 2>&1); rc=$?
set -e
[ $rc -eq 1 ] || fail "wrong PIN: exit $rc"
expect_contains "$out" "2 tries left" "wrong PIN"
tool pin verify --pin-env WRONG_PIN > /dev/null 2>&1 || true  # one try left now
start=$(curl_portal -c "$WORK/jar" -X POST -H "Origin: $ORIGIN" \
  -H 'Content-Type: application/json' -d '{}' "$ORIGIN/login/start")
code=$(sed -n 's/.*"code":"\([0-9A-Z-]*\)".*/\1/p' <<< "$start")
[ -n "$code" ] || fail "no login code from /login/start: $start"
set +e
out=$(login --code "$code" --pin-env TEST_PIN 2>&1); rc=$?
set -e
[ $rc -eq 1 ] || fail "last try: exit $rc"
expect_contains "$out" "1 try left: a wrong PIN would block the card, so mynatool stops here" "last try"
status=$(curl_portal -b "$WORK/jar" "$ORIGIN/login/status")
expect_contains "$status" '"error":"PIN_LAST_TRY"' "the browser hears of the last try"
set +e
out=$(login --code "$code" --pin-env WRONG_PIN --allow-last-try 2>&1); rc=$?
set -e
[ $rc -eq 1 ] || fail "blocking try: exit $rc"
expect_contains "$out" "blocked: take the card to your municipal office" "blocked"
status=$(curl_portal -b "$WORK/jar" "$ORIGIN/login/status")
expect_contains "$status" '"error":"PIN_BLOCKED"' "the browser hears of the block"
expect_contains "$status" "take the card to your municipal office" "the browser says where to go"
set +e
out=$(login --pin-env TEST_PIN 2>&1); rc=$?
set -e
[ $rc -eq 1 ] || fail "blocked card: exit $rc"
expect_contains "$out" "blocked: take the card to your municipal office" "blocked card"
echo "portal login: ok"
