# Chunk framing that never ends, on every route that takes a body and a bodiless one, of the
# portal and of the OCSP responder: a chunk extension of 200 MB ("1;xxxx...", no CRLF) -> 413
# (it is part of the body) and closed; trailer fields without the blank line -> 431 (they are
# header fields) and closed. Then 8 clients at once: peak RSS (VmHWM) +20 MB at most. The
# body limit counts only chunk data and the header limit only the header block, so a server
# that bounds neither buffers all of it (README.md here).
# Usage: bash chunk_framing_test.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL
. "$(dirname "$0")/lib.sh"
start_hostile_world
hostile oversize --url "$ORIGIN" --pid "$PORTAL_PID" --modes extension,trailers \
  --no-header-checks --route POST:/api/login --route POST:/logout --route GET:/login \
  --rss-bound-mb 20
hostile oversize --url "$OCSP_URL" --pid "$OCSP_PID" --modes extension,trailers \
  --no-header-checks --route POST:/ocsp --route GET:/crl/auth-g01.crl --rss-bound-mb 20
echo "hostile chunk framing: ok"
