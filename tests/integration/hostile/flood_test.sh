# A challenge flood: 12,000 unauthenticated requests by 4 keep-alive TLS clients at once, GET
# /api/challenge, GET /login and POST /login/start (the one that makes a login code and its
# session) in turn, against a portal whose bounds are set to 2,000 anonymous sessions and 2,000
# live challenges (oldest evicted): every answer is 200 (or 503 with Retry-After), portal.db
# keeps at most 2,000 session rows, the portal's peak RSS grows by less than 20 MB, and a card
# login afterwards still succeeds. (tests/integration/portal/state_bounds_test.sh checks which
# request leaves what, one client at a time; this one is the flood.)
# Usage: bash flood_test.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL
. "$(dirname "$0")/lib.sh"
PORTAL_ARGS=(--max-anonymous-sessions 2000 --max-challenges 2000)
start_hostile_world
hostile flood --url "$ORIGIN" --pid "$PORTAL_PID" --db "$WORK/portal/portal.db" \
  --requests GET:/api/challenge,GET:/login,POST:/login/start --count 12000 --threads 4 \
  --max-rows 2000 --rss-bound-mb 20
out=$(tool login "$ORIGIN" --cacert "$TLS_CA" --pin-env TEST_PIN) || fail "login after the flood: $out"
expect_contains "$out" "logged in to $ORIGIN" "login after the flood"
echo "hostile flood: ok"
