# The per-address connection limit (32): with 32 connections from 127.0.0.1 held open, the 33rd
# gets 503 with Retry-After: 1 and is closed, while 127.0.0.2 is served; once they close,
# 127.0.0.1 is served again. On the portal (TLS) and on the OCSP responder.
# Usage: bash address_limit_test.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL
. "$(dirname "$0")/lib.sh"
start_hostile_world
hostile address-limit --url "$ORIGIN" --limit 32 --source 127.0.0.1 --other 127.0.0.2 --path /login
hostile address-limit --url "$OCSP_URL" --limit 32 --source 127.0.0.1 --other 127.0.0.2 \
  --path /crl/auth-g01.crl
echo "hostile address limit: ok"
