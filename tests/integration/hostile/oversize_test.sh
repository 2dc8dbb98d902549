# Oversized requests on every route of the portal and of the OCSP responder: a body of 200 MB
# declared in Content-Length and one chunked without end -> 413 and closed; 65 header fields or
# 17 KiB of header -> 431. Then 8 clients at once each try to send 200 MB: all 413, and the
# server's peak RSS (VmHWM) grows by less than 20 MB.
# Usage: bash oversize_test.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL
. "$(dirname "$0")/lib.sh"
start_hostile_world
routes() { for r in "$@"; do printf -- '--route\n%s\n' "$r"; done; }
mapfile -t portal < <(routes "${PORTAL_ROUTES[@]}")
mapfile -t ocsp < <(routes "${OCSP_ROUTES[@]}")
hostile oversize --url "$ORIGIN" --pid "$PORTAL_PID" "${portal[@]}" --rss-bound-mb 20
hostile oversize --url "$OCSP_URL" --pid "$OCSP_PID" "${ocsp[@]}" --rss-bound-mb 20
echo "hostile oversize: ok"
