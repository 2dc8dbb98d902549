# A challenge flood: 12,000 unauthenticated GET /api/challenge and GET /login (4 keep-alive TLS
# clients) against a portal whose anonymous sessions are capped at 10,000 (h-portal's default,
# oldest evicted): every answer is 200 (or 503 with Retry-After), portal.db keeps at most
# 10,000 session rows, the portal's peak RSS grows by less than 20 MB, and a card login
# afterwards still succeeds.
# Usage: bash flood_test.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL
. "$(dirname "$0")/lib.sh"
start_hostile_world
hostile flood --url "$ORIGIN" --pid "$PORTAL_PID" --db "$WORK/portal/portal.db" \
  --paths /api/challenge,/login --count 12000 --threads 4 --max-rows 10000 --rss-bound-mb 20
out=$(tool login "$ORIGIN" --cacert "$TLS_CA" --pin-env TEST_PIN) || fail "login after the flood: $out"
expect_contains "$out" "logged in to $ORIGIN" "login after the flood"
echo "hostile flood: ok"
