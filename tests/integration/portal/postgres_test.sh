# Two mynaportal instances behind one PostgreSQL (a private cluster, pg_cluster.sh) serving one
# public origin (tcp_switch.py, a load balancer whose next connection goes to the instance the
# test names): a login code shown by instance A is completed by `mynatool login` through B (a
# simulated card in a private pcscd) and the browser session on A sees the login; the code is
# single-use across both; a nonce issued by A and used through B is refused at A and at B with
# NONCE_REUSED; the bounds on challenges and anonymous sessions hold across both instances.
# Usage: bash postgres_test.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/two_instances.sh"
CAPACITY=6
start_two_instances --max-challenges "$CAPACITY" --max-anonymous-sessions "$CAPACITY" --verbose
[ "$(sql 'SELECT version FROM mynaportal_schema')" = 4 ] || fail "schema version"

curl_portal() { curl -sS --cacert "$TLS_CA" "$@"; }
post() {  # JAR PATH BODY [curl args...]
  local jar=$1 path=$2 body=$3
  shift 3
  curl_portal -b "$jar" -c "$jar" -X POST -H "Origin: $PUBLIC" -H 'Content-Type: application/json' \
    -d "$body" "$@" "$PUBLIC$path"
}
count() { grep -c -- "$2" "$1" || true; }

# A login page on A; its code completed through B; the page's session on A sees the login.
via "$PORT_A"
start=$(post "$WORK/browser" /login/start '{}')
code=$(sed -n 's/.*"code":"\([0-9A-Z-]*\)".*/\1/p' <<< "$start")
[ -n "$code" ] || fail "no login code from A: $start"
via "$PORT_B"
logins_at_a=$(count "$WORK/portal-err.log" 'POST /api/login ')
out=$(tool login "$PUBLIC" --cacert "$TLS_CA" --code "$code" --pin-env TEST_PIN 2>&1) ||
  fail "login by code through B: $out"
expect_contains "$out" "login $code completed" "completed through B"
[ "$(count "$WORK/portal-b-err.log" 'POST /api/login -> 200')" = 1 ] || fail "B did not log in"
[ "$(count "$WORK/portal-err.log" 'POST /api/login ')" = "$logins_at_a" ] || fail "A served it"
# The code is used: neither instance takes it again, before or after the browser rotates.
for port in "$PORT_A" "$PORT_B"; do
  via "$port"
  set +e
  out=$(tool login "$PUBLIC" --cacert "$TLS_CA" --code "$code" --pin-env TEST_PIN 2>&1); rc=$?
  set -e
  [ $rc -eq 1 ] || fail "code reused through $port: exit $rc: $out"
  expect_contains "$out" "(LOGIN_CODE_UNKNOWN)" "code reused through $port"
done
via "$PORT_A"
status=$(curl_portal -b "$WORK/browser" -c "$WORK/browser" "$PUBLIC/login/status")
[ "$status" = '{"state":"done"}' ] || fail "the browser on A: $status"
page=$(curl_portal -b "$WORK/browser" "$PUBLIC/api/mypage")
expect_contains "$page" "logged in with the card (login code shown in a browser)" "my page on A"
holder=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["holder"])' <<< "$page")
[ ${#holder} -eq 32 ] || fail "no holder on A: $page"
# The same session through B: one store, one login.
via "$PORT_B"
page_b=$(curl_portal -b "$WORK/browser" "$PUBLIC/api/mypage")
expect_contains "$page_b" "\"holder\":\"$holder\"" "my page through B"

# A nonce from A, signed by the card as mynatool would, used through B, replayed at both.
via "$PORT_A"
challenge=$(curl_portal -c "$WORK/direct" "$PUBLIC/api/challenge")
nonce=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["nonce"])' <<< "$challenge")
python3 - "$PUBLIC" "$nonce" "$WORK/signed" <<'PY'
import hashlib, sys
origin, nonce, out = sys.argv[1:]
open(out, "wb").write(hashlib.sha256(origin.encode()).digest() +
                      hashlib.sha256(nonce.encode()).digest())
PY
tool sign --type auth --in "$WORK/signed" --out "$WORK/signature" --pin-env TEST_PIN > /dev/null
tool cert --type auth --format der --out "$WORK/auth.der" > /dev/null
python3 - "$PUBLIC" "$nonce" "$WORK/auth.der" "$WORK/signature" > "$WORK/login.json" <<'PY'
import base64, json, sys
origin, nonce, cert, signature = sys.argv[1:]
b64 = lambda path: base64.b64encode(open(path, "rb").read()).decode()
print(json.dumps({"token": {"format": "jpki-login:1.0", "certificate": b64(cert),
                            "algorithm": "RS256", "signature": b64(signature)},
                  "nonce": nonce, "origin": origin}))
PY
cp "$WORK/direct" "$WORK/direct-replay"  # the cookie the challenge was bound to, kept
via "$PORT_B"
out=$(post "$WORK/direct" /api/login "$(cat "$WORK/login.json")")
expect_contains "$out" "\"holder\":\"$holder\"" "A's nonce used through B"
for port in "$PORT_A" "$PORT_B"; do
  via "$port"
  out=$(post "$WORK/direct-replay" /api/login "$(cat "$WORK/login.json")" -w ' HTTP %{http_code}')
  expect_contains "$out" '"error":"NONCE_REUSED"' "replay through $port"
  expect_contains "$out" "HTTP 401" "replay's status through $port"
done

# Bounds across both instances: challenges and anonymous sessions past the capacity, the oldest
# evicted, whichever instance made them.
via "$PORT_A"
first=$(curl_portal "$PUBLIC/api/challenge" | python3 -c 'import json,sys; print(json.load(sys.stdin)["nonce"])')
for i in $(seq 1 10); do
  via "$([ $((i % 2)) -eq 0 ] && echo "$PORT_A" || echo "$PORT_B")"
  curl_portal -o /dev/null "$PUBLIC/api/challenge"
  post "$WORK/flood-$i" /login/start '{}' -o /dev/null
done
[ "$(sql 'SELECT count(*) FROM challenges')" = "$CAPACITY" ] ||
  fail "challenges past the bound: $(sql 'SELECT count(*) FROM challenges')"
[ "$(sql "SELECT count(*) FROM challenges WHERE nonce = '$first'")" = 0 ] ||
  fail "the oldest challenge was kept"
[ "$(sql 'SELECT count(*) FROM sessions WHERE account_id IS NULL')" = "$CAPACITY" ] ||
  fail "anonymous sessions past the bound: $(sql 'SELECT count(*) FROM sessions WHERE account_id IS NULL')"
# Every challenge row expires one lifetime after it was issued (the sweep's index).
[ "$(sql "SELECT count(*) FROM challenges WHERE expires_at > extract(epoch FROM now()) + 300")" = 0 ] ||
  fail "a challenge outlives its five minutes"

# An instance with another pseudonym secret would give every holder a second account: refused.
set +e
out=$("$MYNAPORTAL" serve --ca "$CA" --data "$WORK/portal-c" --listen 127.0.0.1:0 "${SHARED[@]}" 2>&1)
rc=$?
set -e
[ $rc -eq 1 ] || fail "another secret: exit $rc: $out"
expect_contains "$out" "mynaportal: the PostgreSQL database belongs to instances with another pseudonym secret: copy their DATA/secret.bin here" "another secret"

# Bad --db values: not a PostgreSQL URL (usage, 2); a server that is not there (1, saying so).
set +e
out=$("$MYNAPORTAL" serve --ca "$CA" --data "$WORK/portal-c" --db mysql://x 2>&1); rc=$?
set -e
[ $rc -eq 2 ] || fail "--db mysql://x: exit $rc: $out"
expect_contains "$out" 'mynaportal: --db: "mysql://x" is not a postgresql:// URL' "bad --db"
dead_port=$(free_port)
set +e
out=$("$MYNAPORTAL" serve --ca "$CA" --data "$WORK/portal-c" \
  --db "postgresql://mynaportal@127.0.0.1:$dead_port/mynaportal" 2>&1); rc=$?
set -e
[ $rc -eq 1 ] || fail "unreachable --db: exit $rc: $out"
expect_contains "$out" "mynaportal: PostgreSQL: cannot connect: connection to server at \"127.0.0.1\", port $dead_port failed" "unreachable --db"
echo "portal postgres: ok"
