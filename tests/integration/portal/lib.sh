# Shared by the portal's integration scripts. Usage: bash SCRIPT MYNACA MYNASIM MYNATOOL MYNAPORTAL
# Each script makes its own authority, card, OCSP responder and portal on free loopback ports in
# a fresh directory, so scripts may run in parallel.
set -euo pipefail

MYNACA=${1:?usage: $0 MYNACA MYNASIM MYNATOOL MYNAPORTAL}
MYNASIM=${2:?}
MYNATOOL=${3:?}
MYNAPORTAL=${4:?}
WORK=$(mktemp -d /tmp/mynaportal-test.XXXXXX)
BACKGROUND=()
cleanup() {
  for pid in "${BACKGROUND[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${BACKGROUND[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
CA=$WORK/ca
export TEST_PIN=1234 TEST_PASSWORD=SIGNPASS1 WRONG_PIN=0000

fail() {
  echo "FAIL: $*" >&2
  for log in "$WORK"/*.log; do [ -f "$log" ] && { echo "--- $log" >&2; tail -n 20 "$log" >&2; }; done
  exit 1
}
expect_contains() {  # TEXT NEEDLE WHAT
  grep -qF -- "$2" <<< "$1" || fail "$3: [$2] not found in: $1"
}
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# Waits (up to SECONDS, default 10) until FILE has a line matching the extended regex.
wait_for_line() {  # FILE REGEX [SECONDS]
  for _ in $(seq 1 $((${3:-10} * 20))); do
    grep -Eq -- "$2" "$1" 2> /dev/null && return 0
    sleep 0.05
  done
  fail "no line matching '$2' in $1"
}

mynaca() { "$MYNACA" --dir "$CA" "$@"; }

# What tests/browser/chromium.mjs (the one launcher of chromium) needs: Debian's chromium and
# tests/browser's playwright-core.
BROWSER_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../browser" && pwd)
require_chromium() {
  [ -x /usr/bin/chromium ] || fail "/usr/bin/chromium missing: bash scripts/install-deps.sh (Debian package chromium)"
  [ -d "$BROWSER_DIR/node_modules/playwright-core" ] ||
    fail "playwright-core missing: bash scripts/install-deps.sh (runs npm ci in tests/browser)"
}

# The holder start_world's card is issued to (card_attributes checks the card against it).
ISSUED_NAME="個人番号　花子" ISSUED_ADDRESS="東京都千代田区霞が関２丁目１番２号"
ISSUED_BIRTH=1980-02-17 ISSUED_SEX=2

# An authority whose OCSP responder listens on a free port, one card (card.img, PIN 1234), the
# responder running, CRLs published, and the portal up (with PORTAL_ARGS, an array, if set): sets
# ORIGIN, TLS_CA, OCSP_PID.
PORTAL_ARGS=()
start_world() {
  local ocsp_port
  ocsp_port=$(free_port)
  mynaca init --base-url "http://127.0.0.1:$ocsp_port" > /dev/null
  mynaca issue --name "$ISSUED_NAME" --address "$ISSUED_ADDRESS" \
    --birth "$ISSUED_BIRTH" --sex "$ISSUED_SEX" --out "$WORK/card.img" --pin-env TEST_PIN \
    --sign-password-env TEST_PASSWORD > "$WORK/issue.log"
  mynaca crl > /dev/null
  # The program itself in the background, not the mynaca function: $! must be the responder's pid,
  # or cleanup kills a subshell and leaves the responder running.
  "$MYNACA" --dir "$CA" ocsp serve --port "$ocsp_port" > "$WORK/ocsp.log" 2>&1 &
  OCSP_PID=$!
  BACKGROUND+=("$OCSP_PID")
  wait_for_line "$WORK/ocsp.log" 'listening'
  "$MYNAPORTAL" serve --ca "$CA" --data "$WORK/portal" --listen 127.0.0.1:0 --json \
    ${PORTAL_ARGS[@]+"${PORTAL_ARGS[@]}"} > "$WORK/portal.log" 2> "$WORK/portal-err.log" &
  BACKGROUND+=($!)
  wait_for_line "$WORK/portal.log" '"listening"' 30
  ORIGIN=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["listening"])' < "$WORK/portal.log")
  TLS_CA=$CA/tls/ca.pem
}

# The OpenID Connect tests' views: curl trusting the portal's TLS CA, a JSON value, a query
# parameter of a URL.
https() { curl -sS --cacert "$TLS_CA" "$@"; }
field() {  # JSON PATH...: the value at PATH (a string as is, anything else as JSON)
  python3 -c 'import json,sys
v=json.loads(sys.argv[1])
for k in sys.argv[2:]: v=v.get(k) if isinstance(v,dict) else None
print(v if isinstance(v,str) else json.dumps(v,ensure_ascii=False))' "$@"
}
param() {  # URL NAME: a query parameter, decoded
  python3 -c 'import sys,urllib.parse as u; print(u.parse_qs(u.urlsplit(sys.argv[1]).query).get(sys.argv[2],[""])[0])' "$1" "$2"
}

# mynatool inside a private pcscd holding the card.
tool() {
  "$MYNASIM" exec --card "$WORK/card.img" -- "$MYNATOOL" "$@"
}

# The attributes as the card's signature certificate has them, read with mynatool cert (the
# signature password from TEST_PASSWORD) and parsed by openssl, not by the portal: its
# subjectAltName's otherNames (1.2.392.200149.8.5.5.1 name, .3 sex, .4 birth EYYYYMMDD,
# .5 address). Sets CARD_NAME, CARD_SEX, CARD_BIRTH, CARD_ADDRESS, each checked against what
# start_world had mynaca issue, and the OpenID Connect claims they give (docs/oidc.md):
# CARD_BIRTHDATE (YYYY-MM-DD) and CARD_GENDER (sex code 1 male, 2 female, 3 not applicable).
card_attributes() {
  local san_at
  tool cert --type sign --format der --out "$WORK/sign.der" --pin-env TEST_PASSWORD > /dev/null
  # The extension's value is an OCTET STRING holding the GeneralNames: parsed at its offset.
  san_at=$(openssl asn1parse -inform DER -in "$WORK/sign.der" |
    awk '/Subject Alternative Name/ {f=1; next} f && /OCTET STRING/ {split($1, a, ":"); print a[1]; exit}')
  openssl asn1parse -inform DER -in "$WORK/sign.der" -strparse "$san_at" > "$WORK/sign.asn1"
  san() {  # N: the UTF8String after OID 1.2.392.200149.8.5.5.N
    awk -v oid="1.2.392.200149.8.5.5.$1" '$0 ~ ":"oid"$" {found=1; next} found && /UTF8STRING/ {sub(/.*UTF8STRING *:/, ""); print; exit}' "$WORK/sign.asn1"
  }
  CARD_NAME=$(san 1) CARD_SEX=$(san 3) CARD_BIRTH=$(san 4) CARD_ADDRESS=$(san 5)
  # The era digit, then the Gregorian date: 3, Showa, the era of ISSUED_BIRTH.
  [ "$CARD_NAME" = "$ISSUED_NAME" ] && [ "$CARD_SEX" = "$ISSUED_SEX" ] &&
    [ "$CARD_BIRTH" = "3${ISSUED_BIRTH//-/}" ] && [ "$CARD_ADDRESS" = "$ISSUED_ADDRESS" ] ||
    fail "the card's certificate: [$CARD_NAME] [$CARD_SEX] [$CARD_BIRTH] [$CARD_ADDRESS]"
  CARD_BIRTHDATE=${CARD_BIRTH:1:4}-${CARD_BIRTH:5:2}-${CARD_BIRTH:7:2}
  case $CARD_SEX in
    1) CARD_GENDER=male ;;
    2) CARD_GENDER=female ;;
    3) CARD_GENDER="not applicable" ;;
    *) fail "the card's sex code: $CARD_SEX" ;;
  esac
}

# private_key_jwt as a relying party does it, with openssl: an RSA-2048 key (PEM) in KEY and its
# public half as a JWKS (kid k1) in JWKS; an RS256 assertion by that key for CLIENT to AUDIENCE
# (the token endpoint), expiring in 4 minutes, with a random jti.
rsa_client_keys() {  # KEY JWKS
  local modulus
  openssl genrsa -out "$1" 2048 2> /dev/null
  modulus=$(openssl rsa -in "$1" -noout -modulus | sed 's/^Modulus=//')
  python3 -c 'import base64,json,sys; n=base64.urlsafe_b64encode(bytes.fromhex(sys.argv[1])).rstrip(b"=").decode(); print(json.dumps({"keys":[{"kty":"RSA","kid":"k1","n":n,"e":"AQAB"}]}))' \
    "$modulus" > "$2"
}
b64url_encode() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
rs256_assertion() {  # KEY CLIENT AUDIENCE
  local signed
  signed="$(printf '{"alg":"RS256","kid":"k1"}' | b64url_encode).$(printf '{"iss":"%s","sub":"%s","aud":"%s","exp":%d,"jti":"%s"}' "$2" "$2" "$3" $(($(date +%s) + 240)) "$(openssl rand -hex 16)" | b64url_encode)"
  printf '%s.%s' "$signed" "$(printf %s "$signed" | openssl dgst -sha256 -sign "$1" | b64url_encode)"
}
