# Cross-site POSTs on every state-changing route of the portal (POST /login/start, /api/login,
# /api/login/abort, /logout): Origin https://evil.example or
# none -> 403; the right Origin with text/plain or a form's type -> 415. And the issue's attack:
# a cross-site text/plain POST /api/login/abort naming a login page's code does not mark that
# login failed ("PIN blocked") for the waiting browser.
# Usage: bash cross_site_test.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL
. "$(dirname "$0")/lib.sh"
start_hostile_world
routes=()
for r in "${PORTAL_POSTS[@]}"; do routes+=(--route "$r"); done
hostile cross-site --url "$ORIGIN" "${routes[@]}"
echo "hostile cross-site: ok"
