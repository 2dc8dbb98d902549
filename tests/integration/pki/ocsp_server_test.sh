# `mynaca ocsp serve` as an HTTP server (tools/common/http, docs/http-server.md), with curl as the
# client: its routes (POST /ocsp, GET /ocsp/<base64>, GET /crl/<name>.crl and nothing else of
# the directory), its body limit (16 KiB, 413 before the body is read) and its connection limit
# per client address (32, --max-per-address).
source "$(dirname "$0")/lib.sh"
need curl curl
"$MYNACA" --dir "$CA" init > /dev/null
"$MYNACA" --dir "$CA" crl > /dev/null

start_responder() {  # NAME [serve options] -> sets BASE (http://127.0.0.1:PORT)
  local name=$1
  shift
  "$MYNACA" --dir "$CA" ocsp serve --port 0 "$@" > "$WORK/$name.out" &
  BACKGROUND+=($!)
  for _ in $(seq 1 200); do grep -q listening "$WORK/$name.out" 2>/dev/null && break; sleep 0.05; done
  BASE=$(grep -o 'http://[^ ]*' "$WORK/$name.out" | sed 's|/ocsp$||') || fail "responder $name did not start"
}
start_responder default
status() {  # curl's status code for the given arguments
  curl -s -o /dev/null -w '%{http_code}' "$@"
}

# The request for the auth CA's serial 5, as DER; then POST and GET forms of it.
openssl ocsp -issuer "$CA/ca/auth-g01.pem" -serial 5 -no_nonce -reqout "$WORK/req.der" > /dev/null 2>&1
curl -s --data-binary @"$WORK/req.der" -H 'Content-Type: application/ocsp-request' \
  -D "$WORK/post.head" -o "$WORK/post.der" "$BASE/ocsp"
expect_contains "$(cat "$WORK/post.head")" "HTTP/1.1 200 OK" "POST /ocsp"
expect_contains "$(cat "$WORK/post.head")" "Content-Type: application/ocsp-response" "POST /ocsp: type"
expect_contains "$(openssl ocsp -respin "$WORK/post.der" -resp_text -noverify 2>&1)" \
  "Cert Status: unknown" "POST /ocsp: an answer about serial 5"
get_path=$(base64 -w0 < "$WORK/req.der" | sed 's|+|%2B|g; s|/|%2F|g; s|=|%3D|g')
curl -s -o "$WORK/get.der" "$BASE/ocsp/$get_path"
expect_contains "$(openssl ocsp -respin "$WORK/get.der" -resp_text -noverify 2>&1)" \
  "Cert Status: unknown" "GET /ocsp/<base64>"
expect_contains "$(curl -s "$BASE/ocsp/@@@" | openssl ocsp -respin /dev/stdin -resp_text 2>&1)" \
  "malformedrequest" "GET /ocsp/ with no base64"

# CRLs by their published names only.
curl -s -o "$WORK/auth.crl" "$BASE/crl/auth-g01.crl"
expect_contains "$(openssl crl -inform DER -in "$WORK/auth.crl" -noout -issuer)" "Japan Agency for Local Authority Information Systems" "GET /crl/auth-g01.crl"
expect_eq "$(status "$BASE/crl/mynaca.db")" "404" "GET /crl/ of a file that is no CRL"
expect_eq "$(status --path-as-is "$BASE/crl/../mynaca.db")" "404" "GET /crl/../"
expect_eq "$(status "$BASE/crl/..%2Fmynaca.db")" "404" "GET /crl/..%2F"
expect_eq "$(status "$BASE/crl/auth-g09.crl")" "404" "GET /crl/ of a generation that does not exist"
expect_eq "$(status "$BASE/")" "404" "GET /"
expect_eq "$(status -X PUT --data-binary @"$WORK/req.der" "$BASE/ocsp")" "405" "PUT /ocsp"

# Bodies: 16 KiB is the limit; over it the answer comes before the body is read.
head -c 16384 /dev/zero > "$WORK/16k"
head -c 16385 /dev/zero > "$WORK/16k1"
expect_eq "$(status --data-binary @"$WORK/16k" "$BASE/ocsp")" "200" "POST /ocsp of 16 KiB (an OCSP error answer)"
expect_eq "$(status --data-binary @"$WORK/16k1" "$BASE/ocsp")" "413" "POST /ocsp of 16 KiB + 1"
head -c 200000000 /dev/zero > "$WORK/big"
expect_eq "$(status -H 'Expect:' --data-binary @"$WORK/big" "$BASE/ocsp")" "413" "POST /ocsp of 200 MB"
rm "$WORK/big"

# Connections per client address: 32 held, the 33rd is answered 503 + Retry-After: 1; another
# address is still served.
hold() {  # N PORT: opens N idle connections on fds, kept by this shell
  for _ in $(seq 1 "$1"); do exec {fd}<> "/dev/tcp/127.0.0.1/$2"; HELD+=("$fd"); done
}
release() {
  for fd in "${HELD[@]}"; do exec {fd}>&-; done
  HELD=()
}
HELD=()
port=${BASE##*:}
hold 32 "$port"
curl -s -D "$WORK/503.head" -o /dev/null "$BASE/crl/auth-g01.crl" || true
expect_contains "$(cat "$WORK/503.head")" "HTTP/1.1 503 Service Unavailable" "33rd connection of one address"
expect_contains "$(cat "$WORK/503.head")" "Retry-After: 1" "33rd connection: Retry-After"
expect_eq "$(status --interface 127.0.0.2 "$BASE/crl/auth-g01.crl")" "200" "another address meanwhile"
release

start_responder raised --max-per-address 40
port=${BASE##*:}
hold 32 "$port"
expect_eq "$(status "$BASE/crl/auth-g01.crl")" "200" "--max-per-address 40: the 33rd is served"
release
echo "ok: ocsp_server"
