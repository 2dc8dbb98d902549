# Shared by the hostile-client scripts (README.md here). Usage: bash SCRIPT MYNACA MYNASIM
# MYNATOOL MYNAPORTAL. The portal's world (tests/integration/portal/lib.sh: an authority, a card,
# the OCSP responder, the portal, each in a fresh directory on free loopback ports), and:
#   hostile ARGS...   tests/integration/hostile/hostile.py against it (exits 1 on a mismatch)
#   OCSP_URL          the responder's base (http://127.0.0.1:PORT), after start_world
#   PORTAL_PID        the portal's process, after start_world (its RSS is read from /proc)
. "$(dirname "${BASH_SOURCE[0]}")/../portal/lib.sh"
HOSTILE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

hostile() {
  python3 -B "$HOSTILE_DIR/hostile.py" --cafile "$TLS_CA" "$@" || fail "hostile.py $1"
}

start_hostile_world() {
  start_world
  PORTAL_PID=${BACKGROUND[-1]}
  OCSP_URL=$(grep -o 'http://[0-9.:]*' "$WORK/ocsp.log" | head -n 1)
  [ -n "$OCSP_URL" ] || fail "no URL in $WORK/ocsp.log"
}

# Every route of each server (tools/mynaportal/portal_routes.cpp, tools/mynaca/ocsp_commands.cpp).
PORTAL_ROUTES=(GET:/ GET:/favicon.ico GET:/login POST:/login/start GET:/login/qr.svg GET:/login/status
               GET:/static/login.js GET:/static/mypage.js GET:/static/portal.css
               GET:/api/challenge POST:/api/login POST:/api/login/abort GET:/mypage GET:/api/mypage
               POST:/logout)
PORTAL_POSTS=(POST:/login/start POST:/api/login POST:/api/login/abort POST:/logout)
# A GET /ocsp/ request is any base64 (the answer to a malformed one is an OCSP error, still 200).
OCSP_ROUTES=(POST:/ocsp GET:/ocsp/MAA= GET:/crl/auth-g01.crl)
