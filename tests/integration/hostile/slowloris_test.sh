# Slowloris: 48 TLS clients trickle into the portal (a ClientHello, header lines, a login body,
# one byte or line a second) and 32 plain ones into the OCSP responder (header lines, an OCSP
# body), from 127.0.0.2-5; while all are open a fresh page load answers within 5 s and a real
# card login (mynatool in a private pcscd) succeeds with its status checked by OCSP, not from a
# cache (the responder served the portal); then each trickle ends at the 10 s deadline: 408 and
# closed (a trickled handshake: closed).
# Usage: bash slowloris_test.sh MYNACA MYNASIM MYNATOOL MYNAPORTAL
. "$(dirname "$0")/lib.sh"
start_hostile_world
hostile slowloris --sources 127.0.0.2-127.0.0.5 \
  --attack "$ORIGIN" handshake / 16 --attack "$ORIGIN" headers /login 16 \
  --attack "$ORIGIN" body /api/login 16 \
  --attack "$OCSP_URL" headers /ocsp/MAA= 16 --attack "$OCSP_URL" body /ocsp 16 \
  --page "$ORIGIN/login" --page-seconds 5 --expect-output "good (checked by ocsp at " \
  -- "$MYNASIM" exec --card "$WORK/card.img" -- "$MYNATOOL" login "$ORIGIN" --cacert "$TLS_CA" \
  --pin-env TEST_PIN
echo "hostile slowloris: ok"
